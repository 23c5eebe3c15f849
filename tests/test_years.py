"""The year grammar (reportmine.years): one phrase a row, and what the pattern reads in it."""

from __future__ import annotations

import pytest

from reportmine import years

# (text before a figure, the relative year word that dates it, or None when it is a base)
RELATIVE = [
    ("去年全省经济增长", "去年"),
    ("今年城镇新增就业", "今年"),
    ("比上年增长", None),
    ("较上年末增加", None),
    ("比\n上年增长", None),  # a PDF line ends between 比 and 上年
    ("较 \n上年末增长", None),
    ("上年结转", None),  # budget items: balances carried over
    ("结转下年", None),
]


@pytest.mark.parametrize(("text", "word"), RELATIVE)
def test_relative_year_is_not_a_comparison_base(text: str, word: str | None) -> None:
    found = years.relative_pattern().search(text)
    assert (found.group(1) if found else None) == word


# (a span of years written in a sentence, its first and last year in a document of 2008
# reviewing 2003-2007, and whether its first year is written out)
SPANS = [
    ("二〇〇一年到二〇〇七年，", (2001, 2007)),
    ("过去五年，", (2003, 2007)),
    ("五年来，", (2003, 2007)),
    ("一年多来，", (2006, 2007)),
    ("一年来，", None),  # the year reviewed, not a span
    ("一九八五年要降到", None),  # 五年 inside a year written in Chinese digits
]


@pytest.mark.parametrize(("text", "span"), SPANS)
def test_span_of_years(text: str, span: tuple[int, int] | None) -> None:
    found = years.SPAN.search(text)
    assert (years.span_years(found, 2007, 2008) if found else None) == span
