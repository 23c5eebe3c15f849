"""Table-driven tests of ``reportmine.numerals.to_decimal``.

``to_decimal`` parses exactly one numeral: Arabic (``626.12``), Chinese in
the full grammar (``一百零五``, ``十万零一千``, ``五十四万亿``), a string of
Chinese digits as written for years (``二〇二六`` = 2026), or mixed
(``1.1万``, ``3.2万亿``, ``2千``). It returns an exact ``Decimal`` and raises
``ValueError`` on anything that is not one numeral. Qualifiers (余, 多),
units and ``百分之`` belong to the extraction layer, not to the numeral.

The module is imported inside the tests so that, while it does not exist,
each test fails on its own instead of the whole file failing to collect.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st


def to_decimal(numeral: str) -> Decimal:
    from reportmine.numerals import to_decimal as parse

    return parse(numeral)


VALID: list[tuple[str, str]] = [
    # Arabic
    ("0", "0"),
    ("13", "13"),
    ("626.12", "626.12"),
    ("0.57", "0.57"),
    ("14600", "14600"),
    ("10012", "10012"),
    # Chinese, small
    ("〇", "0"),
    ("零", "0"),
    ("一", "1"),
    ("两", "2"),
    ("十", "10"),
    ("十五", "15"),
    ("二十", "20"),
    ("三十", "30"),
    ("一百", "100"),
    ("一百零五", "105"),
    ("一百一十", "110"),
    ("一千零一", "1001"),
    ("一千零七十", "1070"),
    ("三千六百", "3600"),
    ("两千", "2000"),
    ("二千", "2000"),
    # Chinese, with 万 and 亿
    ("一万", "10000"),
    ("两万", "20000"),
    ("一万零一十二", "10012"),
    ("三万五千", "35000"),
    ("十万零一千", "101000"),
    ("十一万", "110000"),
    ("二十万零三百", "200300"),
    ("六十五万", "650000"),
    ("一千二百万", "12000000"),
    ("七千万", "70000000"),
    ("两亿", "200000000"),
    ("四亿五千万", "450000000"),
    ("三千七百亿", "370000000000"),
    ("一万亿", "1000000000000"),
    ("五十四万亿", "54000000000000"),
    # Chinese decimals
    ("十二点五", "12.5"),
    ("三点一四", "3.14"),
    ("零点五", "0.5"),
    # Chinese digit strings (years as written)
    ("二〇二六", "2026"),
    ("一九九八", "1998"),
    ("一〇五", "105"),
    # mixed
    ("1.1万", "11000"),
    ("16.4亿", "1640000000"),
    ("3.2万亿", "3200000000000"),
    ("626.12万", "6261200"),
    ("2千", "2000"),
    ("64.8万", "648000"),
    ("1200万", "12000000"),
    ("0.5亿", "50000000"),
    ("24.66万亿", "24660000000000"),
    # several magnitudes, Arabic digits for the Chinese ones (issue 10)
    ("3万4000", "34000"),
    ("1万600", "10600"),
    ("5万4千6百", "54600"),
    ("1万2千", "12000"),
    ("2万5千", "25000"),
    ("1亿3千万", "130000000"),
    ("3万亿", "3000000000000"),
    ("1万2", "12000"),
    ("三万4千", "34000"),
    # 零 before 十 inside a numeral
    ("一千零十", "1010"),
    ("一万零十二", "10012"),
    ("拾万", "100000"),
    ("壹佰贰拾", "120"),
]

INVALID: list[str] = [
    "",
    " ",
    "abc",
    "万万",
    "十十",
    "百分之十",
    "百分之十二点五",
    "1.2.3",
    "12 34",
    "12项",
    "三个",
    "第一",
    "1.1万元",
    "3万40000",
    "万万万",
    "3万4万",
    "1" + "万" * 200,
]


@pytest.mark.parametrize(("numeral", "expected"), VALID, ids=[v for v, _ in VALID])
def test_to_decimal(numeral: str, expected: str) -> None:
    got = to_decimal(numeral)
    assert isinstance(got, Decimal), f"{numeral!r} gave a {type(got).__name__}, not a Decimal"
    assert got == Decimal(expected), f"{numeral!r}: got {got}, expected {expected}"


@pytest.mark.parametrize("numeral", INVALID, ids=[repr(v) for v in INVALID])
def test_to_decimal_rejects(numeral: str) -> None:
    with pytest.raises(ValueError):
        to_decimal(numeral)


def test_to_decimal_is_exact_for_multipliers() -> None:
    """No binary floating point on the way: 16.4亿 is exactly 1640000000 (cn2an#55)."""
    assert to_decimal("16.4亿") == Decimal("1640000000")
    assert to_decimal("1.1万") == Decimal("11000")
    assert to_decimal("0.07万") == Decimal("700")
    assert to_decimal("3541.07万") == Decimal("35410700")


# --------------------------------------------------------------------------- properties

DIGITS = "零一二三四五六七八九"


def _under_10k(group: int, leading: bool) -> str:
    """Chinese for 1 <= group <= 9999 (``leading``: the first group, where 一十 → 十)."""
    out = ""
    zero = False
    for place, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = group // place % 10
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += "零"
            zero = False
        out += DIGITS[digit] + unit
    if leading and out.startswith("一十"):
        out = out[1:]
    return out


def chinese(n: int) -> str:
    """The standard Chinese reading of 0 <= n < 10**12 (十万零一千, 一万零一十二)."""
    if n == 0:
        return "零"
    groups = [(n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    out = ""
    previous = None
    for group, name in zip(groups, ("亿", "万", ""), strict=True):
        if group == 0:
            if out:
                previous = 0
            continue
        if previous is not None and (previous % 10 == 0 or group < 1000):
            out += "零"
        out += _under_10k(group, leading=not out) + name
        previous = group
    return out


@pytest.mark.parametrize(
    ("n", "text"),
    [
        (10, "十"),
        (15, "十五"),
        (105, "一百零五"),
        (3600, "三千六百"),
        (10012, "一万零一十二"),
        (101000, "十万零一千"),
        (200300, "二十万零三百"),
        (450000000, "四亿五千万"),
        (100000001, "一亿零一"),
        (10001000, "一千万零一千"),
    ],
)
def test_helper_reads_like_a_report(n: int, text: str) -> None:
    """The property below relies on this helper; check it against known readings."""
    assert chinese(n) == text


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_round_trip(n: int) -> None:
    assert to_decimal(chinese(n)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_round_trip(n: int) -> None:
    assert to_decimal(str(n)) == n


@settings(max_examples=200, deadline=None)
@given(
    st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False),
    st.sampled_from([("万", 10**4), ("亿", 10**8), ("万亿", 10**12), ("千", 10**3)]),
)
def test_mixed_round_trip(number: Decimal, multiplier: tuple[str, int]) -> None:
    word, factor = multiplier
    assert to_decimal(f"{number}{word}") == number * factor
