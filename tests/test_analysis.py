"""The analysis helpers on a small hand-built table with the dtypes of ``to_frame``."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from reportmine import Metric, to_frame
from reportmine.analysis import by_category_year, largest, normalize_subject, targets_vs_actuals

# doc, text, value, unit, kind, qualifier, subject, category, status, year
ROWS: list[tuple[Any, ...]] = [
    (
        "plan.txt",
        "6%左右",
        6.0,
        "%",
        "percent",
        "approx",
        "地区生产总值",
        "economy",
        "target",
        2024,
    ),
    (
        "plan.txt",
        "650亿元",
        6.5e10,
        "元",
        "money",
        "exact",
        "地区生产总值",
        "economy",
        "target",
        2024,
    ),
    ("plan.txt", "5.5%以内", 5.5, "%", "percent", "at_most", "失业率", "people", "target", 2024),
    ("plan.txt", "40家", 40.0, "家", "count", "exact", "工业企业", "organizations", "target", 2024),
    ("plan.txt", "8000人次", 8000.0, "人次", "count", "exact", "培训", "people", "target", 2024),
    (
        "plan.txt",
        "612.3亿元",
        6.123e10,
        "元",
        "money",
        "exact",
        "地区生产总值",
        "economy",
        "actual",
        2023,
    ),
    (
        "review.txt",
        "5.8%",
        5.8,
        "%",
        "percent",
        "exact",
        "全区 地区生产总值",
        "economy",
        "actual",
        2024,
    ),
    (
        "review.txt",
        "647.8亿元",
        6.478e10,
        "元",
        "money",
        "exact",
        "地区生产总值",
        "economy",
        "actual",
        2024,
    ),
    ("review.txt", "5.2%", 5.2, "%", "percent", "exact", "失业率", "people", "actual", 2024),
    (
        "review.txt",
        "43家",
        43.0,
        "家",
        "count",
        "exact",
        "工业企业",
        "organizations",
        "actual",
        2024,
    ),
    ("review.txt", "9200人", 9200.0, "人", "count", "exact", "培训", "people", "actual", 2024),
    ("review.txt", "XX份", None, "份", "count", "exact", "宣传单", "materials", "actual", 2024),
    ("other.txt", "3项", 3.0, "项", "count", "exact", None, None, None, None),
    ("other.txt", "7.1%", 7.1, "%", "percent", "exact", "地区生产总值", "economy", "actual", 2024),
]


def metric(row: tuple[Any, ...]) -> Metric:
    doc, text, value, unit, kind, qualifier, subject, category, status, year = row
    return Metric(
        doc_id=doc, start=0, end=len(text), text=text, value=value, unit=unit, kind=kind,
        qualifier=qualifier, redacted=value is None, subject=subject, category=category,
        status=status, year=year,
    )  # fmt: skip


@pytest.fixture
def df() -> pd.DataFrame:
    frame = to_frame(metric(r) for r in ROWS)
    issuer = {"plan.txt": "青溪区", "review.txt": "青溪区", "other.txt": "云岭县"}
    return frame.assign(issuer=frame["doc_id"].map(issuer).astype("string"))


@pytest.mark.parametrize(
    ("subject", "unit", "actual", "met", "attainment"),
    [
        ("地区生产总值", "%", 5.8, False, 5.8 / 6),  # scope word and space normalized away
        ("地区生产总值", "元", 6.478e10, False, 6.478e10 / 6.5e10),  # the 2023 actual is no match
        ("失业率", "%", 5.2, True, 5.2 / 5.5),  # at_most: below the ceiling is met
        ("工业企业", "家", 43.0, True, 43 / 40),
        ("培训", "人次", None, None, None),  # reported in another unit: no match
    ],
)
def test_targets_vs_actuals(
    df: pd.DataFrame, subject: str, unit: str, actual: Any, met: Any, attainment: Any
) -> None:
    table = targets_vs_actuals(df, within="issuer")
    (row,) = table[(table["subject"] == subject) & (table["unit"] == unit)].itertuples()
    assert (pd.isna(row.actual) and actual is None) or row.actual == pytest.approx(actual)
    assert (pd.isna(row.met) and met is None) or row.met == met
    assert (pd.isna(row.attainment) and attainment is None) or row.attainment == pytest.approx(
        attainment
    )
    assert row.year == 2024 and row.target_doc == "plan.txt"


def test_targets_vs_actuals_without_within_crosses_issuers(df: pd.DataFrame) -> None:
    table = targets_vs_actuals(df)
    gdp = table[(table["subject"] == "地区生产总值") & (table["unit"] == "%")]
    assert sorted(gdp["actual"]) == [5.8, 7.1]  # one row a pair
    assert len(targets_vs_actuals(df, within="issuer")) == 5  # one row a target


def test_targets_vs_actuals_dtypes(df: pd.DataFrame) -> None:
    table = targets_vs_actuals(df, within="issuer")
    assert str(table["year"].dtype) == "Int64"
    assert str(table["met"].dtype) == "boolean"
    assert str(table["target"].dtype) == "Float64"
    assert isinstance(table["target_qualifier"].dtype, pd.CategoricalDtype)
    assert list(table.columns[:4]) == ["subject", "unit", "year", "issuer"]


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [("全区地区生产总值", "地区生产总值"), ("“PM2.5”浓度", "pm2.5浓度"), ("全年 全县培训", "培训"),
     ("高新技术企业总数", "高新技术企业总数"), ("ＧＤＰ", "gdp")],
)  # fmt: skip
def test_normalize_subject(raw: str, normalized: str) -> None:
    assert normalize_subject(pd.Series([raw], dtype="string")).iloc[0] == normalized


def test_by_category_year(df: pd.DataFrame) -> None:
    table = by_category_year(df)
    assert str(table["figures"].dtype) == "Int64" and str(table["year"].dtype) == "Int64"
    economy = table[(table["category"] == "economy") & (table["unit"] == "元")]
    assert dict(zip(economy["year"], economy["figures"], strict=True)) == {2023: 1, 2024: 2}
    assert float(economy.loc[economy["year"] == 2024, "total"].iloc[0]) == pytest.approx(1.2978e11)
    unknown = table[table["category"].isna()]
    assert len(unknown) == 1 and pd.isna(unknown["year"].iloc[0])  # kept, not dropped
    assert int(table["figures"].sum()) == len(df)
    masked = table[table["category"] == "materials"]
    assert int(masked["figures"].iloc[0]) == 1 and pd.isna(masked["total"].iloc[0])


@pytest.mark.parametrize(
    ("n", "by", "expected"),
    [
        (1, "kind", {"money": [6.5e10], "count": [9200.0], "percent": [7.1]}),
        (2, "kind", {"money": [6.5e10, 6.478e10], "count": [9200.0, 8000.0],
                     "percent": [7.1, 6.0]}),
        (1, "unit", {"%": [7.1], "元": [6.5e10], "家": [43.0], "人次": [8000.0], "人": [9200.0],
                     "项": [3.0]}),
    ],
)  # fmt: skip
def test_largest(df: pd.DataFrame, n: int, by: str, expected: dict[str, list[float]]) -> None:
    top = largest(df, n=n, by=by)
    got = {str(k): list(g["value"]) for k, g in top.groupby(by, observed=True)}
    assert got == expected
    assert top["value"].notna().all()
    assert df.loc[top.index, "value"].equals(top["value"])  # index points back into df
