"""Table-driven tests of the context layer (METRICS.md §2, §3, §5): one sentence a row.

The rows are in ``tests/cases/context.tsv`` (tab-separated, ``\\n`` for a line
break): each puts a sentence under one of the small document heads of
``context_heads.tsv`` and marks the figure under test with brackets; the row
gives the subject, category, status and year, and a note saying what it covers.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from reportmine.evaluate import same_subject
from reportmine.explain import RULES, explain
from reportmine.extraction import extract
from reportmine.lexicon import lexicon_dir, read_table
from reportmine.model import Metric

CASES = Path(__file__).parent / "cases"


def _unescape(cell: str) -> str:
    return cell.replace("\\n", "\n")


def _table(name: str) -> list[dict[str, str]]:
    with open(CASES / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


#: Small document heads a row's sentence is put under (a review, a plan, a work report…).
HEADS = {row["head"]: _unescape(row["text"]) for row in _table("context_heads.tsv")}
#: One sentence a row: the figure in [brackets], the subject (right as the scorer rules:
#: one contains the other and the shorter is at least half the longer), category, status, year.
ROWS = _table("context.tsv")


def _marked(head: str, sentence: str) -> tuple[str, int]:
    before, rest = sentence.split("[", 1)
    figure, after = rest.split("]", 1)
    text = head + before + figure + after
    return text, len(head) + len(before)


def _row_id(row: dict[str, str]) -> str:
    return f"{row['head']}:{row['sentence'][:24]}"


def _record(row: dict[str, str]) -> tuple[str, Metric]:
    text, at = _marked(HEADS[row["head"]], _unescape(row["sentence"]))
    return text, next(m for m in extract(text) if m.start <= at < m.end)


@pytest.mark.parametrize("row", ROWS, ids=_row_id)
def test_context_row(row: dict[str, str]) -> None:
    _, metric = _record(row)
    want, got = row["subject"], metric.subject or ""
    assert same_subject(want, got), f"subject {got!r}, want {want!r}"
    year = int(row["year"]) if row["year"] else None
    assert (metric.category, metric.status, metric.year) == (row["category"], row["status"], year)
    assert metric.sentence and metric.text in metric.sentence


def test_every_rule_is_exercised_by_the_table() -> None:
    """Each named rule decides some row, and each row's rules are documented ones."""
    used: set[str] = set()
    for row in ROWS:
        text, metric = _record(row)
        explanation = explain(text, metric)
        used |= {explanation.rule(f) for f in ("subject", "category", "status", "year")}
    assert used <= set(RULES), used - set(RULES)
    unexercised = set(RULES) - used - {"subject.none", "category.none"}
    assert not unexercised, f"rules no row of context.tsv exercises: {sorted(unexercised)}"


def test_explain_names_the_record_and_rejects_an_offset_outside_records() -> None:
    text = HEADS["PLAN"] + "力争新增企业5家。"
    explanation = explain(text, text.index("5"))
    assert explanation.metric.text == "5家"
    assert explanation.rule("status") in ("status.plan_section", "status.later_year")
    assert "企业" in str(explanation)
    with pytest.raises(ValueError, match="no record"):
        explain(text, 0)
    with pytest.raises(ValueError, match="no rule decides"):
        explanation.rule("value")


def test_section_is_the_heading_path() -> None:
    text = HEADS["REVIEW"] + "（一）科技项目\n\n立项科技项目10项。"
    (metric,) = extract(text)
    assert metric.section == "一、2009年完成的主要工作 > （一）科技项目"


def _allowed() -> dict[str, tuple[str, set[str] | None]]:
    from reportmine.model import CATEGORIES, STATUSES

    return {
        "category_terms.tsv": ("category", {*CATEGORIES, "light"}),
        "category_units.tsv": ("category", set(CATEGORIES)),
        "status_cues.tsv": ("status", {*STATUSES, "baseline", "comparison"}),
        "relative_years.tsv": ("offset", None),  # any integer
        "year_cues.tsv": (
            "kind",
            {
                "reached",
                "reached_rate",
                "reached_plan",
                "average",
                "not_average",
                "base",
                "ratio_base",
                "change",
            },
        ),
    }


@pytest.mark.parametrize("name", sorted(_allowed()))
def test_context_lexicon_values(name: str) -> None:
    column, allowed = _allowed()[name]
    for row in read_table(name):
        if allowed is None:
            int(row[column])
        else:
            assert row[column] in allowed, row


def test_jieba_user_dict_parses_without_duplicates() -> None:
    lines = [
        line.split()
        for line in (lexicon_dir() / "jieba_user_dict.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(len(parts) == 3 and parts[1].isdigit() for parts in lines)
    words = [parts[0] for parts in lines]
    assert len(words) == len(set(words))


def test_the_contract_page_describes_every_rule() -> None:
    page = (Path(__file__).parents[1] / "docs" / "records.md").read_text(encoding="utf-8")
    missing = [name for name in RULES if f"`{name}`" not in page]
    assert not missing, f"docs/records.md does not describe {missing}"
