"""Table-driven tests of the numbers layer of ``reportmine.extract``.

The cases live in two TSV files under ``tests/cases/`` (UTF-8, tab-separated,
no quoting; a cell writes a line break as the two characters ``\\n`` and a
carriage return as ``\\r``):

``figures.tsv``
    One expected record a row. A phrase with several figures has one row per
    figure, in text order, and lists *every* figure of the phrase: a record
    that matches no row is an error. The expected span of a row is the first
    occurrence of ``text`` in ``phrase`` after the span of the phrase's
    previous row, so a figure written twice (``获一等奖2项、二等奖2项``) is two
    rows. ``value``/``value_high`` are decimal strings (empty = null),
    compared within a relative 1e-9 (METRICS.md §6); ``redacted`` is
    ``true``/``false``.

``not_figures.tsv``
    Must-not-match rows: no record may overlap any occurrence of
    ``forbidden`` in ``phrase``. Other figures in the phrase are allowed.

Only the numbers layer is checked here (span, value, unit, kind, qualifier,
redaction); subject, category, status and year are tested elsewhere.
"""

from __future__ import annotations

import csv
import functools
import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pytest

import reportmine
from reportmine.model import KINDS, QUALIFIERS, Metric

CASES = Path(__file__).parent / "cases"
FIGURES_TSV = CASES / "figures.tsv"
NOT_FIGURES_TSV = CASES / "not_figures.tsv"

FIGURE_COLUMNS = (
    "phrase",
    "text",
    "value",
    "value_high",
    "unit",
    "kind",
    "qualifier",
    "redacted",
    "note",
)
NOT_FIGURE_COLUMNS = ("phrase", "forbidden", "note")

PERCENT_UNITS = frozenset({"%", "‰", "百分点"})
RATIO_UNITS = frozenset({"倍"})
MONEY_UNITS = frozenset({"元", "美元", "欧元", "港元", "日元", "英镑", "新台币"})

MIN_FIGURE_ROWS = 140
MIN_NOT_FIGURE_ROWS = 60
MIN_ROWS_TOTAL = 200
REL_TOL = 1e-9
DIGITS = "0123456789０１２３４５６７８９"


def unescape(cell: str) -> str:
    """Decode the two escapes the tables use: ``\\n`` and ``\\r``."""
    return cell.replace("\\r", "\r").replace("\\n", "\n")


def read_table(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The header and the ``(line number, cells)`` rows of one TSV file."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE, strict=True)
        header = next(reader)
        rows = [(reader.line_num, row) for row in reader if row]
    return header, rows


def money_unit(unit: str) -> bool:
    """Whether ``unit`` is a currency, alone or as the numerator of a rate (``元/人``)."""
    return unit.split("/", 1)[0] in MONEY_UNITS


def expected_kind(unit: str) -> str | None:
    """The kind a unit forces, or None where the unit leaves it open (count/measure)."""
    if unit in PERCENT_UNITS:
        return "percent"
    if unit in RATIO_UNITS:
        return "ratio"
    if money_unit(unit):
        return "money"
    return None


def short(phrase: str, width: int = 40) -> str:
    """A one-line rendering of a phrase for a test id."""
    flat = phrase.replace("\r", "⏎").replace("\n", "⏎")
    return flat if len(flat) <= width else flat[: width - 1] + "…"


@dataclass(frozen=True)
class FigureCase:
    line: int
    phrase: str
    text: str
    start: int  # -1 when ``text`` is not found where expected (a table error)
    value: str
    value_high: str
    unit: str
    kind: str
    qualifier: str
    redacted: str
    note: str

    @property
    def end(self) -> int:
        return self.start + len(self.text)

    @property
    def id(self) -> str:
        return f"figures.tsv:{self.line} {short(self.phrase)} [{short(self.text, 20)}]"


@dataclass(frozen=True)
class NotFigureCase:
    line: int
    phrase: str
    forbidden: str
    note: str

    @property
    def spans(self) -> list[tuple[int, int]]:
        """Every occurrence of ``forbidden`` in ``phrase`` as a half-open span."""
        found = []
        at = self.phrase.find(self.forbidden)
        while at >= 0 and self.forbidden:
            found.append((at, at + len(self.forbidden)))
            at = self.phrase.find(self.forbidden, at + 1)
        return found

    @property
    def id(self) -> str:
        return f"not_figures.tsv:{self.line} {short(self.phrase)} [{short(self.forbidden, 20)}]"


def _cell(row: Sequence[str], index: int) -> str:
    return unescape(row[index]) if index < len(row) else ""


def load_figures() -> list[FigureCase]:
    _, rows = read_table(FIGURES_TSV)
    cursor: dict[str, int] = {}
    cases = []
    for line, row in rows:
        cells = [_cell(row, i) for i in range(len(FIGURE_COLUMNS))]
        phrase, text = cells[0], cells[1]
        start = phrase.find(text, cursor.get(phrase, 0)) if text else -1
        if start >= 0:
            cursor[phrase] = start + len(text)
        cases.append(FigureCase(line, phrase, text, start, *cells[2:]))
    return cases


def load_not_figures() -> list[NotFigureCase]:
    _, rows = read_table(NOT_FIGURES_TSV)
    return [
        NotFigureCase(line, *(_cell(row, i) for i in range(len(NOT_FIGURE_COLUMNS))))
        for line, row in rows
    ]


FIGURES = load_figures()
NOT_FIGURES = load_not_figures()
FIGURE_PHRASES = list(dict.fromkeys(case.phrase for case in FIGURES))
ALL_PHRASES = list(dict.fromkeys([*FIGURE_PHRASES, *(case.phrase for case in NOT_FIGURES)]))


@functools.cache
def records_of(phrase: str) -> tuple[Metric, ...]:
    return tuple(reportmine.extract(phrase))


def render(records: Sequence[Metric]) -> str:
    if not records:
        return "no records"
    return "; ".join(
        f"{r.text!r}@{r.start}-{r.end} value={r.value} high={r.value_high} unit={r.unit} "
        f"kind={r.kind} qualifier={r.qualifier} redacted={r.redacted}"
        for r in records
    )


def overlaps(record: Metric, start: int, end: int) -> bool:
    return record.start < end and start < record.end


def number_matches(actual: float | None, expected: str) -> bool:
    if expected == "":
        return actual is None
    if actual is None:
        return False
    return math.isclose(actual, float(Decimal(expected)), rel_tol=REL_TOL, abs_tol=0.0)


# --------------------------------------------------------------------------- figures


@pytest.mark.parametrize("case", FIGURES, ids=[case.id for case in FIGURES])
def test_figure(case: FigureCase) -> None:
    assert case.start >= 0, f"table error: {case.text!r} not found in {case.phrase!r}"
    records = records_of(case.phrase)
    paired = [r for r in records if overlaps(r, case.start, case.end)]
    assert len(paired) == 1, (
        f"expected exactly one record overlapping {case.text!r} at [{case.start}, {case.end}) "
        f"of {case.phrase!r} ({case.note}); got: {render(records)}"
    )
    record = paired[0]
    wrong: dict[str, tuple[object, object]] = {}
    if (record.start, record.end, record.text) != (case.start, case.end, case.text):
        wrong["span"] = ((record.start, record.end, record.text), (case.start, case.end, case.text))
    if not number_matches(record.value, case.value):
        wrong["value"] = (record.value, case.value or None)
    if not number_matches(record.value_high, case.value_high):
        wrong["value_high"] = (record.value_high, case.value_high or None)
    for field in ("unit", "kind", "qualifier"):
        if getattr(record, field) != getattr(case, field):
            wrong[field] = (getattr(record, field), getattr(case, field))
    if record.redacted != (case.redacted == "true"):
        wrong["redacted"] = (record.redacted, case.redacted == "true")
    assert not wrong, (
        f"{case.phrase!r} ({case.note}): field -> (got, expected): {wrong}; "
        f"all records: {render(records)}"
    )


@pytest.mark.parametrize("phrase", FIGURE_PHRASES, ids=[short(p) for p in FIGURE_PHRASES])
def test_no_record_beyond_the_table(phrase: str) -> None:
    """A phrase of figures.tsv lists all its figures: every record must match a row."""
    spans = [(c.start, c.end) for c in FIGURES if c.phrase == phrase and c.start >= 0]
    records = records_of(phrase)
    extra = [r for r in records if not any(overlaps(r, s, e) for s, e in spans)]
    assert not extra, f"records that match no row of {phrase!r}: {render(extra)}"


# --------------------------------------------------------------------------- not figures


@pytest.mark.parametrize("case", NOT_FIGURES, ids=[case.id for case in NOT_FIGURES])
def test_not_a_figure(case: NotFigureCase) -> None:
    assert case.spans, f"table error: {case.forbidden!r} not in {case.phrase!r}"
    records = records_of(case.phrase)
    hits = [r for r in records if any(overlaps(r, s, e) for s, e in case.spans)]
    assert not hits, (
        f"{case.forbidden!r} in {case.phrase!r} is not a metric ({case.note}); got: {render(hits)}"
    )


# --------------------------------------------------------------------------- every record


@pytest.mark.parametrize("phrase", ALL_PHRASES, ids=[short(p) for p in ALL_PHRASES])
def test_records_point_into_the_phrase(phrase: str) -> None:
    records = records_of(phrase)
    for record in records:
        assert 0 <= record.start < record.end <= len(phrase), render([record])
        assert phrase[record.start : record.end] == record.text, render([record])
    starts = [(r.start, r.end) for r in records]
    assert starts == sorted(starts), f"records out of text order: {render(records)}"
    for before, after in itertools.pairwise(records):
        assert before.end <= after.start, f"overlapping records: {render([before, after])}"


# --------------------------------------------------------------------------- the tables


def _table_problems_figures() -> list[str]:
    header, rows = read_table(FIGURES_TSV)
    problems = []
    if tuple(header) != FIGURE_COLUMNS:
        problems.append(f"figures.tsv header {header} != {list(FIGURE_COLUMNS)}")
    seen: Counter[tuple[str, ...]] = Counter(tuple(row) for _, row in rows)
    problems += [f"figures.tsv duplicate row {list(k)}" for k, n in seen.items() if n > 1]
    for line, row in rows:
        where = f"figures.tsv:{line}"
        if len(row) != len(FIGURE_COLUMNS):
            problems.append(f"{where}: {len(row)} columns, want {len(FIGURE_COLUMNS)}")
            continue
        if any(c != c.strip() for c in row):
            problems.append(f"{where}: a cell has surrounding whitespace")
    for case in FIGURES:
        where = f"figures.tsv:{case.line}"
        if case.start < 0:
            problems.append(f"{where}: text {case.text!r} not found (in order) in the phrase")
        else:
            before = case.phrase[case.start - 1 : case.start]
            after = case.phrase[case.end : case.end + 1]
            ends_in_digit = case.text[-1:] in DIGITS
            if (before and before in DIGITS + ".．") or (
                ends_in_digit and after and after in DIGITS + ".．"
            ):
                problems.append(f"{where}: span {case.text!r} cuts through a number")
        if case.kind not in KINDS:
            problems.append(f"{where}: kind {case.kind!r} not in {KINDS}")
        if case.qualifier not in QUALIFIERS:
            problems.append(f"{where}: qualifier {case.qualifier!r} not in {QUALIFIERS}")
        if case.redacted not in ("true", "false"):
            problems.append(f"{where}: redacted {case.redacted!r} is not true/false")
        if not case.unit:
            problems.append(f"{where}: empty unit")
        forced = expected_kind(case.unit)
        if forced is not None and case.kind != forced:
            problems.append(f"{where}: unit {case.unit!r} needs kind {forced}, not {case.kind}")
        if forced is None and case.kind in ("percent", "ratio", "money"):
            problems.append(f"{where}: kind {case.kind} with unit {case.unit!r}")
        if not case.note:
            problems.append(f"{where}: empty note (provenance)")
        values: list[Decimal] = []
        for name in ("value", "value_high"):
            cell = getattr(case, name)
            if cell == "":
                continue
            try:
                values.append(Decimal(cell))
            except InvalidOperation:
                problems.append(f"{where}: {name} {cell!r} is not a decimal")
        if (case.value == "") != (case.redacted == "true"):
            problems.append(f"{where}: value must be empty exactly when redacted")
        if case.value_high and case.value and len(values) == 2 and values[1] < values[0]:
            problems.append(f"{where}: value_high below value")
    return problems


def _table_problems_not_figures() -> list[str]:
    header, rows = read_table(NOT_FIGURES_TSV)
    problems = []
    if tuple(header) != NOT_FIGURE_COLUMNS:
        problems.append(f"not_figures.tsv header {header} != {list(NOT_FIGURE_COLUMNS)}")
    seen: Counter[tuple[str, ...]] = Counter(tuple(row[:2]) for _, row in rows)
    problems += [f"not_figures.tsv duplicate row {list(k)}" for k, n in seen.items() if n > 1]
    for line, row in rows:
        if len(row) != len(NOT_FIGURE_COLUMNS):
            problems.append(f"not_figures.tsv:{line}: {len(row)} columns")
    for case in NOT_FIGURES:
        where = f"not_figures.tsv:{case.line}"
        if not case.forbidden or not case.spans:
            problems.append(f"{where}: forbidden {case.forbidden!r} not in the phrase")
        if not case.note:
            problems.append(f"{where}: empty note (provenance)")
        for fig in FIGURES:
            if fig.phrase == case.phrase and fig.start >= 0:
                for s, e in case.spans:
                    if fig.start < e and s < fig.end:
                        problems.append(f"{where}: forbidden span overlaps expected {fig.text!r}")
    return problems


def test_figures_table_is_well_formed() -> None:
    problems = _table_problems_figures()
    assert not problems, "\n".join(problems)


def test_not_figures_table_is_well_formed() -> None:
    problems = _table_problems_not_figures()
    assert not problems, "\n".join(problems)


def test_tables_are_large_enough() -> None:
    assert len(FIGURES) >= MIN_FIGURE_ROWS
    assert len(NOT_FIGURES) >= MIN_NOT_FIGURE_ROWS
    assert len(FIGURES) + len(NOT_FIGURES) >= MIN_ROWS_TOTAL


def test_tables_cover_every_kind_and_qualifier() -> None:
    assert {c.kind for c in FIGURES} == set(KINDS)
    assert {c.qualifier for c in FIGURES} == set(QUALIFIERS)
    assert any(c.redacted == "true" for c in FIGURES)
    assert any(c.value_high for c in FIGURES)
