"""Properties of the number layer on digits of every script, mixed magnitudes and signs.

``extract`` must not raise on any text (issue 13): a digit of another script
(Arabic-Indic, Devanagari, mathematical bold…) is read as the digit it is, and
a numeral that is no well-formed number (``1万1万``, a 400-digit string) gives
no record rather than an exception or an infinite value. Where the figure is
known, its value is checked exactly: several magnitudes in one numeral
(``3万4000``, ``5万4千6百``, ``1亿3千多万``) and a written minus (``-``, ``负``).
"""

from __future__ import annotations

import math
import sys
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportmine
from reportmine.model import Metric
from test_properties import assert_consistent

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Every decimal digit Unicode knows (category Nd), ASCII included.
ND_DIGITS = [chr(c) for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) == "Nd"]

digits = st.sampled_from(ND_DIGITS)
pieces = st.one_of(
    digits,
    st.sampled_from(
        [
            *"万亿千百十拾零一二两三负-—~、.%成",
            "分之",
            "百分之",
            "(含)",
            "元",
            "万元",
            "亿元",
            "人",
            "个",
            "多",
            "余",
            "以上",
            "或以上",
            "内",
            "到",
            "从",
            "减负",
            "港币",
            "\r",
            "\u0301",
            "9" * 400,
            "0." + "0" * 400 + "1",
        ]
    ),
)
soup = st.lists(pieces, max_size=30).map("".join)


def only_record(text: str) -> Metric:
    records = reportmine.extract(text)
    assert_consistent(text, records)
    assert len(records) == 1, [(r.text, r.value) for r in records]
    return records[0]


@SETTINGS
@given(soup)
def test_digits_magnitudes_and_signs_never_raise(text: str) -> None:
    assert_consistent(text, reportmine.extract(text))


@SETTINGS
@given(digits, st.sampled_from(["分别增长{}、5%。", "增长{}%", "{}万元", "共{}{}项"]))
def test_any_script_digit_in_a_frame(digit: str, frame: str) -> None:
    text = frame.format(digit, digit)
    assert_consistent(text, reportmine.extract(text))


@SETTINGS
@given(digits)
def test_a_digit_of_any_script_is_its_value(digit: str) -> None:
    record = only_record(f"同比增长{digit}%。")
    assert record.value == unicodedata.decimal(digit)
    assert (record.text, record.unit) == (f"{digit}%", "%")


@SETTINGS
@given(
    st.integers(min_value=1, max_value=9999),
    st.integers(min_value=1, max_value=9),
    st.integers(min_value=1, max_value=9),
)
def test_arabic_groups_before_each_magnitude(wan: int, qian: int, bai: int) -> None:
    record = only_record(f"全年投入{wan}万{qian}千{bai}百元。")
    assert record.value == wan * 10**4 + qian * 1000 + bai * 100
    assert (record.unit, record.qualifier) == ("元", "exact")


@SETTINGS
@given(st.integers(min_value=1, max_value=9999), st.integers(min_value=10, max_value=9999))
def test_arabic_rest_after_wan(wan: int, rest: int) -> None:
    record = only_record(f"奖励{wan}万{rest}元。")
    assert record.value == wan * 10**4 + rest


@SETTINGS
@given(st.integers(min_value=1, max_value=99), st.integers(min_value=1, max_value=9))
def test_at_least_cue_before_the_last_magnitude(yi: int, qian: int) -> None:
    record = only_record(f"总投资{yi}亿{qian}千多万元。")
    assert record.value == yi * 10**8 + qian * 10**7
    assert record.qualifier == "at_least"


@SETTINGS
@given(
    st.decimals(min_value=1, max_value=999, places=1),
    st.sampled_from(["-", "负", "−", "－"]),
)
def test_a_written_minus_is_negative(number: object, sign: str) -> None:
    record = only_record(f"价格指数为{sign}{number}%。")
    assert record.value is not None and math.isclose(record.value, -float(str(number)))


@SETTINGS
@given(st.integers(min_value=1, max_value=9999))
def test_jianfu_is_no_minus(number: int) -> None:
    record = only_record(f"为企业减负{number}亿元。")
    assert record.value == number * 10**8


def test_out_of_range_numbers_give_no_record() -> None:
    """A 400-digit number or 0.000…1 is no float: no record, never inf or a silent 0.0."""
    for text in (
        f"共{'9' * 400}元。",
        f"共{'0.' + '0' * 400 + '1'}元。",
        f"共1{'万' * 200}元。",
        f"城乡居民收入比{'9' * 400}:1。",
    ):
        assert reportmine.extract(text) == [], text
