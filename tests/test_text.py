"""Normalization keeps a way back to the original: one case a row.

Each row is the raw text, what the normalized copy must read, and a span of
the normalized copy with the original text it must map back to.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportmine.quantities import grammar
from reportmine.text import normalize

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
]


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
