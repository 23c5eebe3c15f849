"""Extraction scored against the gold of the project's own corpus (``corpus/``).

The corpus reports were written for the notebooks (plan/review pairs, a
communiqué, a 1995 report in Chinese numerals), so their figures must be
found as well as the shared gold's: a regression here breaks what a
researcher sees first. ``pytest -s`` prints the full score report.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import reportmine
from reportmine.evaluate import Scores, read_jsonl, score
from reportmine.io import read_document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"

#: Minimum detection F1 and accuracy of the number fields (measured 0.999 detection).
THRESHOLD = 0.97
NUMBER_FIELDS = ("value", "value_high", "unit", "kind", "qualifier", "redacted")


@pytest.fixture(scope="module")
def scores() -> Scores:
    gold = read_jsonl(CORPUS / "gold.jsonl")
    pred = [
        m.to_dict()
        for path in sorted((CORPUS / "reports").glob("*.txt"))
        for m in reportmine.extract(read_document(path)[0], doc_id=path.name)
    ]
    result = score(gold, pred)
    print(result.report(show=3))
    print(json.dumps(result.field_accuracy, indent=1))
    return result


def test_every_corpus_report_has_gold(scores: Scores) -> None:
    assert scores.gold > 400


def test_detection(scores: Scores) -> None:
    assert scores.detection.f1 >= THRESHOLD, scores.report(show=10)


@pytest.mark.parametrize("name", NUMBER_FIELDS)
def test_number_fields(scores: Scores, name: str) -> None:
    assert scores.field_accuracy[name] >= THRESHOLD, scores.report(show=10)


#: The context fields on our own reports must clear the bar reviewers set for
#: reports nobody tuned on (measured on the 16 reports: subject 0.932 by the
#: half-length rule, category 0.957, status 0.992, year 0.995, full 0.887; the
#: corpus is no longer untouched by the context rules, so these floors are the
#: reviewers' bar, not the measurement).
CONTEXT_FLOORS = {"subject": 0.80, "category": 0.85, "status": 0.90, "year": 0.90}


@pytest.mark.parametrize("name", sorted(CONTEXT_FLOORS))
def test_context_fields(scores: Scores, name: str) -> None:
    assert scores.field_accuracy[name] >= CONTEXT_FLOORS[name], scores.report(show=10)


def test_full_records(scores: Scores) -> None:
    assert scores.full_record.f1 >= 0.70, scores.report(show=10)
