"""Normalization keeps a way back to the original: one case a row.

Each row is the raw text, what the normalized copy must read, and a span of
the normalized copy with the original text it must map back to.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportmine.quantities import grammar
from reportmine.text import line_breaks, normalize, to_simplified

CASES = [
    # raw, normalized, (normalized span), original text of that span
    ("立项１２项", "立项12项", (2, 5), "１２项"),
    ("增长８．５％", "增长8.5%", (2, 6), "８．５％"),
    ("800—1000万", "800~1000万", (0, 9), "800—1000万"),
    ("6%－6.5%", "6%-6.5%", (0, 7), "6%－6.5%"),
    ("5～10家", "5~10家", (0, 5), "5～10家"),
    ("共有1,234人", "共有1234人", (2, 7), "1,234人"),
    ("共有1，234人", "共有1234人", (2, 7), "1，234人"),
    ("1 9 9 3 年", "1993年", (0, 5), "1 9 9 3 年"),
    ("立项12 项", "立项12项", (2, 5), "12 项"),
    ("转移473.94\n万人", "转移473.94万人", (2, 10), "473.94\n万人"),
    ("转移473.94\r\n万人", "转移473.94万人", (2, 10), "473.94\r\n万人"),
    ("\\(8.6\\%\\)", "\\(8.6%\\)", (2, 6), "8.6\\%"),
    ("３\u3000０００人", "3 000人", (0, 6), "３\u3000０００人"),
    # issue 13: digits of any script, a combining mark in a number, a lone CR
    ("增长٣%", "增长3%", (2, 4), "٣%"),
    ("增长३.५%", "增长3.5%", (2, 6), "३.५%"),
    ("增长\U0001d7d1%", "增长3%", (2, 4), "\U0001d7d1%"),
    ("626\u0301.12万元", "626.12万元", (0, 8), "626\u0301.12万元"),
    ("转移473.94\r万人", "转移473.94万人", (2, 10), "473.94\r万人"),
    ("其中9.4\r十种", "其中9.4\r十种", (2, 5), "9.4"),
    ("其中9.4\n十种", "其中9.4\n十种", (2, 5), "9.4"),
]

SIMPLIFIED = [
    # Traditional, Simplified: one character for one
    ("本年度立項13項，經費626.12萬元，增長三成", "本年度立项13项，经费626.12万元，增长三成"),
    ("億元個人", "亿元个人"),
    ("已是简体的文字不变", "已是简体的文字不变"),
    ("乾隆於是", "乾隆於是"),  # characters that are also Simplified are kept
]


@pytest.mark.parametrize(("traditional", "simplified"), SIMPLIFIED, ids=[c[0] for c in SIMPLIFIED])
def test_to_simplified(traditional: str, simplified: str) -> None:
    converted = to_simplified(traditional)
    assert converted == simplified
    assert len(converted) == len(traditional)


@given(st.text(max_size=200))
def test_to_simplified_keeps_the_length(text: str) -> None:
    assert len(to_simplified(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "breaks"), [("a\nb", 1), ("a\r\nb", 1), ("a\rb", 1), ("\r\r\n\n", 3), ("ab", 0)]
)
def test_line_breaks(text: str, breaks: int) -> None:
    assert line_breaks(text) == breaks


@pytest.mark.parametrize(
    ("raw", "normalized", "span", "original"), CASES, ids=[c[0] for c in CASES]
)
def test_normalize(raw: str, normalized: str, span: tuple[int, int], original: str) -> None:
    norm = normalize(raw, grammar().glue)
    assert norm.text == normalized
    start, end = norm.span(*span)
    assert raw[start:end] == original


def test_table_cell_alone_on_its_line_is_not_joined() -> None:
    """A number alone on its line is a flattened table cell; the next line is not its unit."""
    norm = normalize("合计\n1234\n人口增长", grammar().glue)
    assert "1234\n人" in norm.text


@given(st.text(alphabet=st.sampled_from(list("12３．.,，%％ \n万项人—－-~至XX"))))
def test_offsets_always_map_back(raw: str) -> None:
    norm = normalize(raw, grammar().glue)
    assert len(norm.origin) == len(norm.text) + 1
    assert list(norm.origin) == sorted(set(norm.origin))
    for i in range(len(norm.text)):
        start, end = norm.span(i, i + 1)
        assert 0 <= start < end <= len(raw)
