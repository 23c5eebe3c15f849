"""Property tests of ``reportmine.extract``: invariants that hold on any text.

Whatever the input (random Unicode, or report-like soup of numerals, units,
qualifiers, dashes, full-width digits, spaces, line breaks and ``XX`` masks),
``extract`` must not raise, and every record it returns must be internally
consistent (METRICS.md §2): the span points into the text, records are in
text order and do not overlap, ``value`` is null exactly when redacted,
``value_high`` is null or not below ``value``, and the kind agrees with the
unit. A second group checks plain figures in a fixed frame, whose record is
known exactly.
"""

from __future__ import annotations

import math
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportmine
from reportmine.model import KINDS, QUALIFIERS, Metric

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

PERCENT_UNITS = frozenset({"%", "‰", "百分点"})
MONEY_UNITS = frozenset({"元", "美元", "欧元", "港元", "日元", "英镑", "新台币"})

CHINESE_NUMERALS = [*"〇零一二两三四五六七八九十百千万亿", "十七八", "两三", "一两", "万亿"]
ARABIC = ["0", "1", "2", "3", "12", "626.12", "1.1", "100", "2009", "3541.07", "123,244.2"]
FULL_WIDTH = ["１２３", "８．５", "２０００", "３．１４", "１", "０"]
UNITS = [
    "万元",
    "亿元",
    "元",
    "美元",
    "项",
    "人次",
    "人",
    "个",
    "家",
    "%",
    "％",
    "‰",
    "个百分点",
    "倍",
    "吨",
    "平方米",
    "万千瓦",
    "元/人",
    "天",
    "年",
    "岁",
    "分之",
    "百分之",
]
QUALIFIERS_TEXT = [
    "余",
    "多",
    "近",
    "约",
    "左右",
    "以上",
    "以下",
    "以内",
    "上下",
    "超过",
    "不足",
    "逾",
]
DASHES = [*"—–－-~～", "至", "到", "、", "∶", ":"]
NOISE = [
    " ",
    "\u3000",
    "\n",
    "\r\n",
    "XX",
    "××",
    "年",
    "月",
    "第",
    "、",
    "，",
    "。",
    "（",
    "）",
    "(",
    ")",
    "增长",
    "达到",
    "完成",
    "投资",
    "其中",
    "共",
    "页",
    "号",
    "·",
    "〔",
    "〕",
    "PM2.5",
    "5G",
    "http://a.cn/1",
]

tokens = st.sampled_from(
    CHINESE_NUMERALS + ARABIC + FULL_WIDTH + UNITS + QUALIFIERS_TEXT + DASHES + NOISE
)
report_like = st.lists(tokens, max_size=40).map("".join)
any_text = st.one_of(
    st.text(max_size=200), report_like, st.lists(report_like, max_size=4).map("\n".join)
)


def assert_consistent(text: str, records: list[Metric]) -> None:
    previous_end = -1
    previous_start = -1
    for record in records:
        assert isinstance(record, Metric)
        assert 0 <= record.start < record.end <= len(text), record
        assert text[record.start : record.end] == record.text, record
        assert record.start >= previous_start, "records not sorted by start"
        assert record.start >= previous_end, "records overlap"
        previous_start, previous_end = record.start, record.end
        assert record.kind in KINDS
        assert record.qualifier in QUALIFIERS
        assert (record.value is None) == record.redacted, record
        if record.value is not None:
            assert math.isfinite(record.value), record
        if record.value_high is not None:
            assert record.value is not None, record
            assert math.isfinite(record.value_high), record
            assert record.value_high >= record.value, record
        assert record.unit, record
        assert (record.unit in PERCENT_UNITS) == (record.kind == "percent"), record
        assert (record.unit == "倍") == (record.kind == "ratio"), record
        is_money = record.unit.split("/", 1)[0] in MONEY_UNITS
        assert is_money == (record.kind == "money"), record


@SETTINGS
@given(any_text)
def test_extract_never_raises_and_records_are_consistent(text: str) -> None:
    records = reportmine.extract(text)
    assert isinstance(records, list)
    assert_consistent(text, records)


@SETTINGS
@given(report_like, st.text(alphabet="abcdef0123456789._-", min_size=1, max_size=12))
def test_doc_id_is_passed_through(text: str, doc_id: str) -> None:
    records = reportmine.extract(text, doc_id=doc_id)
    assert_consistent(text, records)
    assert all(record.doc_id == doc_id for record in records)


@SETTINGS
@given(report_like)
def test_extract_is_deterministic(text: str) -> None:
    assert reportmine.extract(text) == reportmine.extract(text)


# --------------------------------------------------------------------------- known figures

FRAMES = [("全年完成", "。"), ("其中", "，"), ("", ""), ("经统计，共", "。\n")]


def only_record(text: str) -> Metric:
    records = reportmine.extract(text)
    assert_consistent(text, records)
    assert len(records) == 1, [r.text for r in records]
    return records[0]


@SETTINGS
@given(
    st.integers(min_value=1, max_value=10**9),
    st.sampled_from(["项", "家", "人次", "篇"]),
    st.sampled_from(FRAMES),
)
def test_arabic_count(n: int, unit: str, frame: tuple[str, str]) -> None:
    before, after = frame
    text = f"{before}{n}{unit}{after}"
    record = only_record(text)
    assert record.text == f"{n}{unit}"
    assert record.start == len(before)
    assert record.value == n
    assert (record.unit, record.kind, record.qualifier) == (unit, "count", "exact")
    assert record.value_high is None and not record.redacted


@SETTINGS
@given(
    st.decimals(min_value=Decimal("0.01"), max_value=99999, places=2),
    st.sampled_from([("万元", 10**4), ("亿元", 10**8), ("元", 1), ("万亿元", 10**12)]),
    st.sampled_from(FRAMES),
)
def test_money_with_multiplier(
    number: Decimal, unit: tuple[str, int], frame: tuple[str, str]
) -> None:
    word, factor = unit
    before, after = frame
    text = f"{before}投入资金{number}{word}{after}"
    record = only_record(text)
    assert record.text == f"{number}{word}"
    assert record.unit == "元" and record.kind == "money"
    assert math.isclose(record.value or 0.0, float(number * factor), rel_tol=1e-9)


@SETTINGS
@given(
    st.decimals(min_value=Decimal("0.1"), max_value=999, places=1), st.sampled_from(["余", "多"])
)
def test_at_least_suffix(number: Decimal, cue: str) -> None:
    record = only_record(f"服务群众{number}万{cue}人次。")
    assert record.text == f"{number}万{cue}人次"
    assert record.qualifier == "at_least"
    assert record.unit == "人次"
    assert math.isclose(record.value or 0.0, float(number * 10000), rel_tol=1e-9)


@SETTINGS
@given(st.decimals(min_value=Decimal("0.1"), max_value=99, places=1))
def test_percent(number: Decimal) -> None:
    record = only_record(f"同比增长{number}%。")
    assert record.text == f"{number}%"
    assert (record.unit, record.kind) == ("%", "percent")
    assert math.isclose(record.value or 0.0, float(number), rel_tol=1e-9)


@SETTINGS
@given(st.integers(min_value=1990, max_value=2030), st.integers(min_value=1, max_value=12))
def test_dates_are_not_figures(year: int, month: int) -> None:
    text = f"{year}年{month}月"
    assert reportmine.extract(text) == []


# --------------------------------------------------------------------------- parse

headings = st.sampled_from(
    [
        "一、2023年工作回顾",
        "二、2024年工作安排",
        "（一）主要目标",
        "1.重点项目",
        "政府工作报告",
        "各位代表：",
    ]
)
report_text = st.lists(st.one_of(report_like, headings), max_size=8).map("\n".join)


@SETTINGS
@given(report_text)
def test_parse_places_every_record_in_its_sentence_and_section(text: str) -> None:
    report = reportmine.parse(text)
    assert_consistent(text, list(report.metrics))
    paths = {s.path for d in report.documents for s in d.walk()}
    for record in report.metrics:
        assert record.sentence is not None and record.sentence in text, record
        assert record.text.splitlines()[0] in record.sentence, record  # a wrap may end it
        assert record.section is None or record.section in paths, record
        assert record.year is None or 1900 <= record.year <= 2100, record
    assert list(report.metrics) == reportmine.extract(text)
