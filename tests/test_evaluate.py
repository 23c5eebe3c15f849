"""The scorer: pairing and field rules of METRICS.md §6, and agreement with the reference scorer."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reportmine.evaluate import PRF, SCORED_FIELDS, field_right, pair, read_jsonl, score

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
REFERENCE = SHARED / "tools" / "score.py"


def rec(start: int, end: int, doc: str = "a.txt", **fields: Any) -> dict[str, Any]:
    """A record whose every scored field is right unless overridden."""
    base: dict[str, Any] = {
        "doc_id": doc,
        "start": start,
        "end": end,
        "text": "x" * (end - start),
        "value": 10.0,
        "value_high": None,
        "unit": "项",
        "kind": "count",
        "qualifier": "exact",
        "redacted": False,
        "subject": "科技项目",
        "category": "projects",
        "status": "actual",
        "year": 2009,
    }
    return base | fields


def spans(pairs: list[tuple[Any, Any]]) -> list[tuple[int, int]]:
    return [(g["start"], p["start"]) for g, p in pairs]


# gold spans, predicted spans, expected (gold start, pred start) pairs
PAIRING_CASES = [
    pytest.param([(0, 3)], [(0, 3)], [(0, 0)], id="same span"),
    pytest.param([(0, 5)], [(3, 8)], [(0, 3)], id="partial overlap pairs"),
    pytest.param([(0, 3)], [(3, 6)], [], id="touching spans do not overlap"),
    pytest.param([(0, 10)], [(0, 2), (1, 8)], [(0, 1)], id="largest overlap wins"),
    pytest.param([(0, 4), (4, 8)], [(0, 8)], [(0, 0)], id="one-to-one: a pred pairs once"),
    pytest.param([(0, 8)], [(0, 4), (4, 8)], [(0, 0)], id="one-to-one: tie goes to earlier pred"),
    pytest.param(
        [(0, 6), (4, 10)], [(3, 10)], [(4, 3)], id="one-to-one: larger overlap beats earlier gold"
    ),
    pytest.param(
        [(0, 6), (5, 12)],
        [(4, 11), (0, 5)],
        [(5, 4), (0, 0)],
        id="greedy by overlap, leftovers re-pair",
    ),
]


@pytest.mark.parametrize(("gold", "pred", "expected"), PAIRING_CASES)
def test_pairing(
    gold: list[tuple[int, int]], pred: list[tuple[int, int]], expected: list[tuple[int, int]]
) -> None:
    pairs, missed, spurious = pair([rec(*g) for g in gold], [rec(*p) for p in pred])
    assert sorted(spans(pairs)) == sorted(expected)
    assert len(missed) == len(gold) - len(expected)
    assert len(spurious) == len(pred) - len(expected)


FIELD_CASES = [
    pytest.param("value", 6261200.0, 6261200.000000001, True, id="value within 1e-9"),
    pytest.param("value", 1e-12, 0.0, True, id="value absolute tolerance near 0"),
    pytest.param("value", 100.0, 100.001, False, id="value off by 1e-5"),
    pytest.param("value", None, None, True, id="both redacted"),
    pytest.param("value", None, 3.0, False, id="value where gold is redacted"),
    pytest.param("value_high", 2, 2.0, True, id="int and float compare equal"),
    pytest.param("value", "12", 12.0, True, id="numeric string read as a number"),
    pytest.param("value", "abc", 12.0, False, id="non-number is wrong"),
    pytest.param("subject", "科技经费", "安排科技经费", True, id="pred contains gold"),
    pytest.param("subject", "国家级科技项目", "科技项目", True, id="gold contains pred"),
    pytest.param("subject", "国家级各类科技项目", "科技项目", False, id="pred under half of gold"),
    pytest.param("subject", "残疾儿童少年入学率", "率", False, id="a fragment is wrong"),
    pytest.param("subject", "城乡居民人均可支配收入", "城乡", False, id="a modifier is wrong"),
    pytest.param("subject", "意向成交金额", "成交金额", True, id="two thirds is enough"),
    pytest.param("subject", "科技项目", "项目", True, id="exactly half is enough"),
    pytest.param("subject", " 科技经费 ", "科技经费", True, id="subject stripped"),
    pytest.param("subject", "经费", "项目", False, id="disjoint subjects"),
    pytest.param("subject", None, "", True, id="both empty"),
    pytest.param("subject", "经费", None, False, id="missing subject"),
    pytest.param("redacted", False, None, True, id="redacted compared as booleans"),
    pytest.param("unit", "元", "万元", False, id="unit exact"),
    pytest.param("year", 2009, 2009, True, id="year equal"),
    pytest.param("year", 2009, None, False, id="year missing"),
    pytest.param("status", "target", "actual", False, id="status exact"),
]


@pytest.mark.parametrize(("name", "gold", "pred", "right"), FIELD_CASES)
def test_field_rules(name: str, gold: object, pred: object, right: bool) -> None:
    assert field_right(name, {name: gold}, {name: pred}) is right


def test_perfect_prediction_scores_one() -> None:
    gold = [rec(0, 3), rec(5, 9, status="target")]
    scores = score(gold, [dict(g) for g in gold])
    assert scores.detection == PRF(1.0, 1.0, 1.0)
    assert scores.full_record == PRF(1.0, 1.0, 1.0)
    assert scores.target_status == PRF(1.0, 1.0, 1.0)
    assert set(scores.field_accuracy) == {*SCORED_FIELDS, "subject_contains"}
    assert all(v == 1.0 for v in scores.field_accuracy.values())


def test_counts_accuracy_and_full_record() -> None:
    gold = [rec(0, 3), rec(10, 14), rec(20, 24, status="target"), rec(30, 33)]
    pred = [
        rec(0, 3),
        rec(11, 14, value=11.0),  # paired, value wrong
        rec(20, 24, status="actual"),  # paired, target missed
        rec(40, 44),  # spurious
    ]
    scores = score(gold, pred)
    assert (scores.gold, scores.pred, scores.paired) == (4, 4, 3)
    assert scores.detection == PRF.from_counts(3, 4, 4)
    assert scores.field_accuracy["value"] == pytest.approx(2 / 3)
    assert scores.field_accuracy["status"] == pytest.approx(2 / 3)
    assert scores.field_accuracy["unit"] == 1.0
    assert scores.full_record == PRF.from_counts(1, 4, 4)
    assert scores.target_status == PRF(0.0, 0.0, 0.0)
    assert [r["start"] for r in scores.missed] == [30]
    assert [r["start"] for r in scores.spurious] == [40]
    assert set(scores.wrong) == {"value", "status"}


def test_pairs_only_within_a_document_and_only_gold_documents() -> None:
    gold = [rec(0, 3, doc="a.txt"), rec(0, 3, doc="b.txt")]
    pred = [rec(0, 3, doc="b.txt"), rec(0, 3, doc="c.txt")]
    scores = score(gold, pred)
    assert (scores.gold, scores.pred, scores.paired) == (2, 1, 1)  # c.txt has no gold
    assert [r["doc_id"] for r in scores.missed] == ["a.txt"]


def test_regions_leave_out_records_outside() -> None:
    regions = [{"doc_id": "a.txt", "start": 100, "end": 200}]
    gold = [rec(5, 8), rec(120, 124), rec(198, 203)]  # the last crosses the region's end
    pred = [rec(5, 8), rec(120, 124), rec(150, 153), rec(198, 203)]
    scores = score(gold, pred, regions)
    assert (scores.gold, scores.pred, scores.paired) == (1, 2, 1)
    no_regions = score(gold, pred)
    assert (no_regions.gold, no_regions.pred, no_regions.paired) == (3, 4, 3)


def test_regions_drop_documents_without_a_region() -> None:
    scores = score([rec(0, 3, doc="z.txt")], [rec(0, 3, doc="z.txt")], regions=[])
    assert (scores.gold, scores.pred, scores.paired) == (0, 0, 0)
    assert scores.detection == PRF(0.0, 0.0, 0.0)


def test_empty_inputs_score_zero_not_nan() -> None:
    scores = score([], [])
    assert scores.detection == PRF(0.0, 0.0, 0.0)
    assert all(v == 0.0 for v in scores.field_accuracy.values())


def test_report_ends_with_full_record_line_and_shows_errors() -> None:
    scores = score([rec(0, 3), rec(9, 12)], [rec(0, 3, unit="个")])
    text = scores.report(show=5)
    assert text.splitlines()[-1] == "full-record F1: 0.000"
    assert "missed (first 5):" in text
    assert "wrong unit (first 5):" in text
    assert "gold '项' predicted '个'" in text


def test_read_jsonl_names_the_bad_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"a": 1}\n\n{oops\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad\.jsonl:3"):
        read_jsonl(path)


# --- agreement with the reference scorer -----------------------------------------------------

GOLD_LINES = [
    rec(0, 3, doc="a.txt"),
    rec(10, 14, doc="a.txt", status="target"),
    rec(20, 24, doc="a.txt", subject="科技经费", value=1920000.0, unit="元", kind="money"),
    rec(30, 33, doc="a.txt", value=None, redacted=True),
    rec(40, 46, doc="a.txt", value=1.0, value_high=2.0, status="target"),
    rec(0, 5, doc="b.txt", year=None),
    rec(8, 12, doc="b.txt", qualifier="at_least"),
    rec(20, 24, doc="b.txt", subject="残疾儿童少年入学率"),
    rec(300, 305, doc="b.txt"),  # outside b's region
]
PRED_LINES = [
    rec(0, 3, doc="a.txt"),
    rec(11, 14, doc="a.txt", status="target", year=2010),
    rec(
        20, 24, doc="a.txt", subject="安排科技经费", value=1920000.0000001, unit="元", kind="money"
    ),
    rec(29, 33, doc="a.txt", value=None, redacted=True, qualifier="at_least"),
    rec(40, 46, doc="a.txt", value=1.0, value_high=3.0, status="actual"),
    rec(50, 53, doc="a.txt", status="target"),  # spurious
    rec(0, 2, doc="b.txt", year=None),
    rec(2, 5, doc="b.txt", year=None),  # the smaller overlap: spurious
    rec(9, 12, doc="b.txt", qualifier="exact", category="other"),
    rec(20, 24, doc="b.txt", subject="入学率"),  # contained, but a fragment
    rec(300, 305, doc="b.txt"),
    rec(0, 3, doc="c.txt"),  # no gold for c.txt
]
REGIONS = [
    {"doc_id": "a.txt", "start": 0, "end": 100},
    {"doc_id": "b.txt", "start": 0, "end": 200},
]


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8"
    )
    return path


def reference_scores(tmp_path: Path, *extra: str) -> dict[str, Any]:
    gold = write_jsonl(tmp_path / "gold.jsonl", GOLD_LINES)
    pred = write_jsonl(tmp_path / "pred.jsonl", PRED_LINES)
    args = [sys.executable, str(REFERENCE), str(gold), str(pred), "--json", *extra]
    done = subprocess.run(args, capture_output=True, text=True, encoding="utf-8", check=False)
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.mark.skipif(not REFERENCE.is_file(), reason=f"reference scorer not found at {REFERENCE}")
@pytest.mark.parametrize("with_regions", [False, True], ids=["all", "regions"])
def test_same_numbers_as_reference_scorer(tmp_path: Path, with_regions: bool) -> None:
    extra: list[str] = []
    regions = None
    if with_regions:
        write_jsonl(tmp_path / "regions.jsonl", REGIONS)
        extra = ["--regions", str(tmp_path / "regions.jsonl")]
        regions = REGIONS
    expected = reference_scores(tmp_path, *extra)
    ours = score(GOLD_LINES, PRED_LINES, regions).to_dict()
    assert ours.keys() == expected.keys()
    for key, value in expected.items():
        assert ours[key] == (pytest.approx(value) if isinstance(value, dict) else value), key
