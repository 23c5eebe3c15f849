"""The indicator, measure and direction of a figure, and the region key of an issuer.

One case a row: the phrase as a report writes it and what the record must say.
The last tests read the shared dev gold and real reports and skip without them.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

import reportmine
from reportmine.indicators import (
    change_of,
    find_indicator,
    indicators,
    measure_of,
    opening_issuer,
    region_key,
)
from reportmine.lexicon import read_table
from reportmine.model import MEASURES

SHARED = Path(__file__).resolve().parents[2] / "shared"
DOCS = SHARED / "corpus-real" / "docs"
DATA = Path(__file__).resolve().parent / "data"


def table(name: str) -> list[dict[str, str]]:
    lines = [line for line in (DATA / name).read_text(encoding="utf-8").splitlines()]
    rows = [line for line in lines if line and not line.startswith("#")]
    return list(csv.DictReader(rows, delimiter="\t"))


# text, the figure (a substring of text), indicator, measure, change
RECORDS = [
    ("全市生产总值增长5%左右", "5%左右", "gdp", "growth", "increase"),
    ("地区生产总值达到5.67万亿元", "5.67万亿元", "gdp", "level", None),
    ("人均地区生产总值94622元", "94622元", "gdp_per_capita", "level", None),
    ("地方一般公共预算收入增长2%", "2%", "general_budget_revenue", "growth", "increase"),
    ("城镇调查失业率5.5%左右", "5.5%左右", "urban_surveyed_unemployment_rate", "level", None),
    ("城镇新增就业110万人以上", "110万人以上", "urban_new_jobs", "level", None),
    ("新增城镇就业1.2万人", "1.2万人", "urban_new_jobs", "level", None),
    ("居民消费价格上涨0.1%", "0.1%", "cpi", "growth", "increase"),
    ("居民消费价格涨幅2%左右", "2%左右", "cpi", "growth", None),
    ("单位地区生产总值能耗下降3.2%", "3.2%", "energy_intensity", "growth", "decrease"),
    ("森林覆盖率提高到65.2%", "65.2%", "forest_coverage", "level", None),
    ("空气质量优良天数比率提高0.8个百分点", "0.8个百分点", "good_air_days_ratio", "points",
     "increase"),
    ("全社会研发经费支出相当于全市生产总值的比例达到4.5%左右", "4.5%左右", "r_and_d_intensity",
     "level", None),
    ("规模以上工业企业达7.6万家、增加值增长3%", "3%", "industrial_value_added_above_scale",
     "growth", "increase"),
    ("工业战略性新兴产业总产值增长6.5%、占规模以上工业总产值比重提高到45%", "45%",
     "strategic_emerging_industries_value_added", "share", None),
    ("城乡居民人均可支配收入分别增长4.4%、5.6%", "4.4%", "urban_disposable_income_per_capita",
     "growth", "increase"),
    ("城乡居民人均可支配收入分别增长4.4%、5.6%", "5.6%", "rural_disposable_income_per_capita",
     "growth", "increase"),
    ("城乡居民人均可支配收入均增长7%左右", "7%左右", None, None, "increase"),  # which one?
    ("第一、第三产业增加值分别增长3.1%、5.1%", "5.1%", "tertiary_industry_value_added", "growth",
     "increase"),
    ("生产安全事故起数、死亡人数分别下降15%、14.5%", "14.5%", "production_safety_deaths",
     "growth", "decrease"),
    ("农村居民人均可支配收入1.26万元", "1.26万元", "rural_disposable_income_per_capita", "level",
     None),
    ("粮食产量达到732.5亿斤", "732.5亿斤", "grain_output", "level", None),
    ("安排科技经费626.12万元", "626.12万元", "science_funding", "level", None),
    ("培训1.1万人次", "1.1万人次", "trainings", "level", None),
    ("举办科普讲座30场", "30场", "outreach_events", "level", None),
    ("生产安全事故起数下降15%", "15%", "production_safety_accidents", "growth", "decrease"),
    ("全社会研发投入强度达到1.8%", "1.8%", "r_and_d_intensity", "level", None),
    ("全社会研发投入强度为1.72%，比上年提高0.08个百分点", "0.08个百分点", "r_and_d_intensity",
     "points", "increase"),  # the short subject 强度 is the clause before's
    ("税收收入136.35亿元，增长12.3%，占一般公共预算收入比重达73.6%", "73.6%", "tax_revenue",
     "share", None),  # 占 opens the clause: the share is of what the sentence named before
    ("新（改）建农村卫生厕所3.2万户", "3.2万户", None, None, None),  # a count is no rate
    ("第二产业投资下降22.6%", "22.6%", "secondary_industry_investment", "growth", "decrease"),
    ("软件和信息技术服务业增加值212.2亿元，增长12.0%", "12.0%",
     "software_it_services_value_added", "growth", "increase"),
    ("比上年减少120吨", "120吨", None, None, "decrease"),
    ("绿化覆盖面89.4%", "89.4%", None, None, None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "figure", "indicator", "measure", "change"), RECORDS)
def test_record_fields(
    text: str, figure: str, indicator: str | None, measure: str | None, change: str | None
) -> None:
    (record,) = [m for m in reportmine.extract(text) if m.text == figure]
    assert (record.indicator, record.measure, record.change) == (indicator, measure, change)
    expected = None if record.value is None else record.value * (-1 if change == "decrease" else 1)
    assert record.signed_value == expected


# subject, clause before the figure, indicator
SUBJECTS = [
    ("GDP", "", "gdp"),
    ("经济总量", "", "gdp"),
    ("全省生产总值", "", "gdp"),
    ("人均GDP", "", "gdp_per_capita"),
    ("ＧＤＰ", "", "gdp"),  # full-width
    ("比例", "研发经费投入强度", "r_and_d_intensity"),  # short subject: the clause decides
    ("浓度", "细颗粒物（PM2.5）年均", "pm25"),
    ("上海机场航空旅客", "上海机场航空货邮吞吐量", None),  # a long subject is not overruled
    ("出口企业", "", None),  # two-character names match only a whole subject
    ("出口", "", "exports"),
    ("全年进口", "", "imports"),
    ("脱贫县农村居民人均可支配收入", "", "poverty_area_rural_income"),
    ("城乡居民人均可支配收入", "", None),  # two indicators: blocked, not guessed
    ("城镇居民人均可支配收入", "", "urban_disposable_income_per_capita"),
    (None, "", None),
]


@pytest.mark.parametrize(("subject", "clause", "expected"), SUBJECTS)
def test_find_indicator(subject: str | None, clause: str, expected: str | None) -> None:
    found = find_indicator(subject, clause)
    assert (found.id if found else None) == expected


CHANGES = [
    ("增长", "increase"),
    ("比上年增长", "increase"),
    ("同比下降", "decrease"),
    ("分别增长9.7%、", "increase"),
    ("增长了", "increase"),
    ("压缩", "decrease"),
    ("回落", "decrease"),
    ("提高到", None),
    ("降至", None),
    ("达到", None),
    ("增长5.4%，好于预期，总量达到", None),
    ("增加值", None),  # a noun, not a verb
    ("从", None),
    ("增速为", None),  # a rate noun: the figure is the rate itself
    ("下降较多的企业共有", None),  # too far from its figure
    ("", None),
]


@pytest.mark.parametrize(("before", "expected"), CHANGES)
def test_change_of(before: str, expected: str | None) -> None:
    assert change_of(before) == expected


REGIONS = [
    ("上海市人民政府", "上海市"),
    ("上海市政府", "上海市"),
    ("2025年上海市政府工作报告", "上海市"),
    ("2025年新疆政府工作报告", "新疆维吾尔自治区"),
    ("宁夏回族自治区政府", "宁夏回族自治区"),
    ("成都市统计局 国家统计局成都调查队", "成都市"),
    ("青溪区人民政府办公室", "青溪区"),
    ("青溪区科学技术局", "青溪区"),
    ("上海市浦东新区人民政府", "上海市浦东新区"),
    ("政府工作报告", None),
    ("区科技局", None),
    (None, None),
]


@pytest.mark.parametrize(("name", "expected"), REGIONS)
def test_region_key(name: str | None, expected: str | None) -> None:
    assert region_key(name) == expected


@pytest.mark.parametrize(
    ("opening", "expected"),
    [("——2026年1月28日在云南省第十四届人民代表大会第四次会议上", "云南省人民政府"),
     ("——2026年1月26日在广东省第十四届\n人民代表大会第五次会议上", "广东省人民政府"),
     ("各位代表：现在，我代表省人民政府", None)],
)  # fmt: skip
def test_opening_issuer(opening: str, expected: str | None) -> None:
    assert opening_issuer(opening) == expected


def test_lexicon_is_a_few_hundred_well_formed_indicators() -> None:
    rows = read_table("indicators.tsv")
    assert len(indicators()) >= 300
    categories = set(reportmine.model.CATEGORIES)
    kinds = {"level", "per_capita", "rate", "share", "growth", "intensity", "index", "ratio"}
    for row in rows:
        assert row["category"] in categories, row
        assert row["measure"] in kinds, row
        assert row["id"] == "-" or row["id"].isidentifier(), row
    assert set(MEASURES) == {"level", "growth", "share", "points", "increment"}


def test_measure_needs_an_indicator() -> None:
    assert measure_of(None, "%", "increase", "") is None


def test_issuer_and_title_on_every_record() -> None:
    text = "青溪区科学技术局2023年工作总结\n全年立项13项，安排科技经费626.12万元。\n"
    records = reportmine.extract(text)
    assert {(m.issuer, m.title) for m in records} == {
        ("青溪区科学技术局", "青溪区科学技术局2023年工作总结")
    }


needs_shared = pytest.mark.skipif(not DOCS.is_dir(), reason="needs ../shared (the real reports)")


@needs_shared
def test_change_on_dev_gold_growth_and_decline_figures() -> None:
    """Our judgement of 80 growth/decline figures of the shared dev gold (tests/data)."""
    rows = table("dev_change.tsv")
    by_doc: dict[str, dict[int, str | None]] = {}
    for doc in {r["doc_id"] for r in rows}:
        text = (DOCS / doc).read_text(encoding="utf-8")
        by_doc[doc] = {m.start: m.change for m in reportmine.extract(text, doc_id=doc)}
    wrong = []
    for row in rows:
        expected = None if row["change"] == "-" else row["change"]
        got = by_doc[row["doc_id"]].get(int(row["start"]), "missing")
        if got != expected:
            wrong.append((row["doc_id"], row["start"], expected, got))
    print(f"change right on {len(rows) - len(wrong)} of {len(rows)}")
    assert len(wrong) <= len(rows) * 0.05, wrong
