"""Targets matched to results across documents (analysis.match_targets).

A hand-built table first (one row a target: what it must be paired with and
whether it was met), then our annotation of four real pairs of provincial
work reports (tests/data/shared_target_pairs.tsv), which skips without
../shared.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import reportmine
from reportmine import Metric, to_frame
from reportmine.analysis import match_targets, regions

DOCS = Path(__file__).resolve().parents[2] / "shared" / "corpus-real" / "docs"
DATA = Path(__file__).resolve().parent / "data"

PLAN, REVIEW, OTHER = "plan2024.txt", "review2025.txt", "county2025.txt"
# doc, start, text, value, value_high, unit, qualifier, status, year, indicator, measure, change
ROWS: list[tuple[Any, ...]] = [
    (PLAN, 10, "5%左右", 5.0, None, "%", "approx", "target", 2024, "gdp", "growth", "increase"),
    (PLAN, 20, "5.5%以内", 5.5, None, "%", "at_most", "target", 2024,
     "urban_surveyed_unemployment_rate", "level", None),
    (PLAN, 30, "3%", 3.0, None, "%", "exact", "target", 2024, "energy_intensity", "growth",
     "decrease"),
    (PLAN, 40, "725亿斤以上", 7.25e10, None, "斤", "at_least", "target", 2024, "grain_output",
     "level", None),
    (PLAN, 50, "6%－6.5%", 6.0, 6.5, "%", "exact", "target", 2024, "retail_sales", "growth",
     "increase"),
    (PLAN, 60, "1.2万人以上", 12000.0, None, "人", "at_least", "target", 2024, "urban_new_jobs",
     "level", None),
    (PLAN, 70, "2%", 2.0, None, "%", "exact", "target", 2024, "general_budget_revenue", "growth",
     "increase"),
    (PLAN, 80, "612亿元", 6.12e10, None, "元", "exact", "actual", 2023, "gdp", "level", None),
    (REVIEW, 10, "5.4%", 5.4, None, "%", "exact", "actual", 2024, "gdp", "growth", "increase"),
    (REVIEW, 20, "4.2%", 4.2, None, "%", "exact", "actual", 2024,
     "urban_surveyed_unemployment_rate", "level", None),
    (REVIEW, 30, "3.2%", 3.2, None, "%", "exact", "actual", 2024, "energy_intensity", "growth",
     "decrease"),
    (REVIEW, 40, "3660万吨", 3.66e7, None, "吨", "exact", "actual", 2024, "grain_output", "level",
     None),
    (REVIEW, 50, "6.8%", 6.8, None, "%", "exact", "actual", 2024, "retail_sales", "growth",
     "increase"),
    (REVIEW, 60, "0.5%", 0.5, None, "%", "exact", "actual", 2024, "general_budget_revenue",
     "growth", "decrease"),
    (REVIEW, 70, "9.9%", 9.9, None, "%", "exact", "actual", 2024, "gdp", "growth", "increase"),
    (REVIEW, 80, "261.6万人", 2.616e6, None, "人", "exact", "actual", 2024, "urban_new_jobs",
     "level", None),  # a five-year total misread as the year's: 218 times the target
    (OTHER, 10, "1.5万人", 15000.0, None, "人", "exact", "actual", 2024, "urban_new_jobs", "level",
     None),
]  # fmt: skip
ISSUERS = {PLAN: "青溪区人民政府", REVIEW: "青溪区政府办公室", OTHER: "云岭县人民政府"}


def metric(row: tuple[Any, ...]) -> Metric:
    doc, start, text, value, high, unit, qualifier, status, year, indicator, measure, change = row
    kind = "percent" if unit == "%" else "money" if unit == "元" else "count"
    return Metric(
        doc_id=doc, start=start, end=start + len(text), text=text, value=value, value_high=high,
        unit=unit, kind=kind, qualifier=qualifier, status=status, year=year, indicator=indicator,
        measure=measure, change=change, issuer=ISSUERS[doc], title=None,
    )  # fmt: skip


@pytest.fixture
def pairs() -> pd.DataFrame:
    return match_targets(to_frame(metric(r) for r in ROWS))


# indicator, actual start (None: unmatched), met, attainment
EXPECTED = [
    ("gdp", 10, True, 5.4 / 5),  # 左右: within 10% of 5; the later 9.9% is not the headline
    ("urban_surveyed_unemployment_rate", 20, True, 4.2 / 5.5),  # 以内: not above the ceiling
    ("energy_intensity", 30, True, 3.2 / 3),  # a fall of 3.2 reaches a fall of 3
    ("grain_output", 40, True, 3.66e7 / 3.625e7),  # 亿斤 against 万吨
    ("retail_sales", 50, False, 6.8 / 6),  # a range is held within
    ("urban_new_jobs", None, None, None),  # the county's is another region's; 261.6万 implausible
    ("general_budget_revenue", 60, False, -0.5 / 2),  # a fall does not reach a rise
]


@pytest.mark.parametrize(("indicator", "start", "met", "attainment"), EXPECTED)
def test_match_targets(
    pairs: pd.DataFrame, indicator: str, start: int | None, met: bool | None, attainment: Any
) -> None:
    (row,) = pairs[pairs["indicator"] == indicator].itertuples()
    assert row.target_doc == PLAN and row.region == "青溪区" and row.year == 2024
    if start is None:
        assert not row.matched and pd.isna(row.actual_doc) and pd.isna(row.met)
        return
    assert row.matched and row.actual_doc == REVIEW and row.actual_start == start
    assert bool(row.met) is met
    assert float(row.attainment) == pytest.approx(attainment)


def test_one_row_a_target_and_dtypes(pairs: pd.DataFrame) -> None:
    assert len(pairs) == sum(r[7] == "target" for r in ROWS)
    assert str(pairs["met"].dtype) == "boolean" and str(pairs["matched"].dtype) == "boolean"
    assert str(pairs["year"].dtype) == "Int64" and str(pairs["attainment"].dtype) == "Float64"
    assert int(pairs.loc[pairs["indicator"] == "gdp", "candidates"].iloc[0]) == 2


def test_region_column_overrides_issuer() -> None:
    frame = to_frame(metric(r) for r in ROWS)
    frame["region"] = "一处"  # everything one region: the county's jobs figure now matches
    table = match_targets(frame)
    jobs = table[table["indicator"] == "urban_new_jobs"].iloc[0]
    assert jobs["actual_doc"] == OTHER and bool(jobs["met"])


@pytest.mark.parametrize(
    ("plan_subject", "review_subject", "matched_by"),
    [("粮食绿色高产示范片", "粮食绿色高产示范片", "subject"),
     ("建设粮食绿色高产示范片", "粮食绿色高产示范片", "subject_contained"),
     ("示范片", "粮食绿色高产示范片", None)],  # the shorter is under half the longer
)  # fmt: skip
def test_without_an_indicator_the_subject_decides(
    plan_subject: str, review_subject: str, matched_by: str | None
) -> None:
    def record(doc: str, subject: str, status: str, value: float) -> Metric:
        return Metric(doc_id=doc, start=0, end=3, text="10个", value=value, unit="个",
                      kind="count", subject=subject, status=status, year=2024,
                      issuer="松禾县农业农村局")  # fmt: skip

    frame = to_frame([record(PLAN, plan_subject, "target", 10), record(REVIEW, review_subject,
                      "actual", 12)])  # fmt: skip
    (row,) = match_targets(frame).itertuples()
    assert bool(row.matched) is (matched_by is not None)
    if matched_by:
        assert row.matched_by == matched_by and row.actual == 12 and bool(row.met)


def test_regions_from_issuer_then_title() -> None:
    frame = pd.DataFrame(
        {"issuer": [None, "上海市政府", None], "title": ["2025年上海市政府工作报告", None, "报告"]}
    ).astype("string")
    assert list(regions(frame).fillna("-")) == ["上海市", "上海市", "-"]


def read_pairs() -> list[dict[str, str]]:
    lines = (DATA / "shared_target_pairs.tsv").read_text(encoding="utf-8").splitlines()
    return list(csv.DictReader([x for x in lines if x and not x.startswith("#")], delimiter="\t"))


@pytest.mark.skipif(not DOCS.is_dir(), reason="needs ../shared (the real reports)")
def test_shared_pairs_are_matched() -> None:
    """Headline targets of four 2025 reports against the results of their 2026 reports."""
    annotated = read_pairs()
    docs = sorted({r["target_doc"] for r in annotated} | {r["actual_doc"] for r in annotated})
    frame = pd.concat(
        [reportmine.parse((DOCS / d).read_text(encoding="utf-8"), doc_id=d).to_frame()
         for d in docs],
        ignore_index=True,
    )  # fmt: skip
    table = match_targets(frame)
    made = right = stated = found = 0
    for row in annotated:
        hit = table[(table["target_doc"] == row["target_doc"])
                    & (table["target_start"] == int(row["target_start"]))]  # fmt: skip
        paired = len(hit) == 1 and bool(hit["matched"].iloc[0])
        correct = paired and (hit["actual_doc"].iloc[0], int(hit["actual_start"].iloc[0])) == (
            row["actual_doc"],
            int(row["actual_start"] or -1),
        )
        stated += bool(row["actual_start"])
        found += correct
        made += paired
        right += correct
    print(f"paired {found} of {stated} stated results; {right} of {made} pairs made are right")
    assert made == 0 or right / made >= 0.9
    # measured 19 of 19 (19 of 19 pairs right) once 010's 2025 results were dated 2025 (a
    # paragraph naming one year ends the span under “十四五”时期和2025年工作回顾); 16 before
    assert found >= 18
