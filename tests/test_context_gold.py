"""Context fields on the shared gold, scored the way reviewers score them (docs/records.md).

``pytest -s tests/test_context_gold.py`` prints the numbers (seed page whole,
dev documents inside their regions; the dev set is the 1,130 records of
dev1-dev10). A subject counts only when the shorter string is at least half
the longer (docs/records.md). Measured at the last raise of the floors, after
subjects became whole noun phrases and context rules got names:

- dev:  subject 0.909, category 0.934, status 0.994, year 0.980, full-record F1 0.840
- seed: subject 0.925, category 0.970, status 1.000, year 1.000, full-record F1 0.905

The floors are those values rounded down by about 0.01, so a rule that makes
any field clearly worse fails here. They are floors against regressions on
texts the rules were written against, not a claim about unseen reports.
"""

from __future__ import annotations

import pytest

from reportmine.evaluate import Scores, read_jsonl, score
from test_gold import DEV_DOCS, GOLD, SEED_TEXT, dev_gold, predict

FLOORS: dict[str, dict[str, float]] = {
    "dev": {"subject": 0.896, "category": 0.923, "status": 0.985, "year": 0.97, "full": 0.825},
    "seed": {"subject": 0.915, "category": 0.96, "status": 0.99, "year": 0.99, "full": 0.895},
}

pytestmark = pytest.mark.skipif(not GOLD.is_dir(), reason=f"shared gold not found at {GOLD}")


@pytest.fixture(scope="module")
def context_scores() -> dict[str, Scores]:
    """Both gold sets scored once: the seed page whole, the dev documents in their regions."""
    regions = read_jsonl(GOLD / "dev.regions.jsonl")
    doc_ids = sorted({str(r["doc_id"]) for r in regions})
    scores = {
        "seed": score(read_jsonl(GOLD / "seed.jsonl"), predict([SEED_TEXT])),
        "dev": score(dev_gold(), predict([DEV_DOCS / d for d in doc_ids]), regions),
    }
    for name, s in scores.items():
        print(f"\n== {name} ==\n{s.report()}")
    return scores


def _measured(scores: Scores, name: str) -> float:
    return scores.full_record.f1 if name == "full" else scores.field_accuracy[name]


@pytest.mark.parametrize("name", ["subject", "category", "status", "year", "full"])
@pytest.mark.parametrize("corpus", ["seed", "dev"])
def test_context_at_least_floor(corpus: str, name: str, context_scores: dict[str, Scores]) -> None:
    value = _measured(context_scores[corpus], name)
    assert value >= FLOORS[corpus][name], f"{corpus} {name} {value:.3f} < {FLOORS[corpus][name]}"
