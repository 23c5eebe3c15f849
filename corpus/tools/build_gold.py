"""Build ``corpus/gold.jsonl`` from the hand-written annotation sources.

Each report ``corpus/reports/<name>.txt`` has an annotation source
``corpus/annotations/<name>.tsv``. Offsets are never written by hand: this
script finds every annotated span in the report text and fails loudly when a
span is missing, ambiguous, or cuts a number in two.

Annotation format (UTF-8, tab-separated, ``#`` starts a comment line)::

    @status actual            # default status for the rows that follow
    @year 2023                # default year ("null" allowed)
    text  locator  value  value_high  unit  kind  qualifier  subject  category  [status  [year]]

- ``text``: the exact surface span. ``\\n`` and ``\\r`` escapes stand for line
  breaks (a figure broken by a line break).
- ``locator``: empty when ``text`` occurs exactly once in the report;
  otherwise a context string. ``left{}right`` means the report must contain
  ``left + text + right`` exactly once; a string without ``{}`` is a left
  context (``left{}``). ``#N`` picks the N-th occurrence (1-based) and is
  meant only for verbatim repeats.
- ``value``: a decimal number, optionally followed by one multiplier
  (``百`` ``千`` ``万`` ``亿`` ``万亿``), computed with ``Decimal``
  (``626.12万`` -> 6261200.0); ``null`` marks a redacted figure (the digits are
  masked in the source), which sets ``redacted`` to true.
  ``a/b`` is a fraction (``约三分之一`` -> ``100/3``).
- ``value_high``: same syntax, empty for no range.
- ``kind``: empty means the kind follows from the unit (see ``KIND_BY_UNIT``).
- ``qualifier``: empty means ``exact``.
- ``subject``: a string that must occur in the report within
  ``SUBJECT_WINDOW`` characters of the span; ``-`` for null.
- ``status`` / ``year``: empty means the current ``@status`` / ``@year``.

Usage: ``python corpus/tools/build_gold.py [--check]``. With ``--check`` it
writes nothing and exits 1 if ``gold.jsonl`` differs from what it would write.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent
REPORTS = CORPUS / "reports"
ANNOTATIONS = CORPUS / "annotations"
GOLD = CORPUS / "gold.jsonl"

FIELDS: tuple[str, ...] = (
    "doc_id",
    "start",
    "end",
    "text",
    "value",
    "value_high",
    "unit",
    "kind",
    "qualifier",
    "redacted",
    "subject",
    "category",
    "status",
    "year",
)

MULTIPLIERS: dict[str, Decimal] = {
    "万亿": Decimal("1000000000000"),
    "亿": Decimal("100000000"),
    "万": Decimal("10000"),
    "千": Decimal("1000"),
    "百": Decimal("100"),
}

MEASURE_UNITS = frozenset(
    {
        "吨", "亩", "公顷", "平方米", "平方公里", "公里", "米", "千瓦", "千瓦时",
        "立方米", "吨标准煤", "微克/立方米", "毫克/升", "蒸吨", "千克", "公斤",
    }
)
KIND_BY_UNIT: dict[str, str] = {
    "元": "money",
    "美元": "money",
    "元/人": "money",
    "%": "percent",
    "‰": "percent",
    "百分点": "percent",
    "倍": "ratio",
}

DIGITS = set("0123456789０１２３４５６７８９.．")
CN_DIGITS = set("零〇一二两三四五六七八九十百千万亿点")
SUBJECT_WINDOW = 160


class AnnotationError(Exception):
    """An annotation row that cannot be turned into a record."""


@dataclass(frozen=True)
class Row:
    source: str
    line: int
    cols: list[str]


def unescape(field: str) -> str:
    return field.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")


def parse_value(field: str, where: str) -> float | None:
    """``626.12万`` -> 6261200.0; empty -> None."""
    field = field.strip()
    if not field:
        return None
    mult = Decimal(1)
    for suffix, factor in MULTIPLIERS.items():
        if field.endswith(suffix):
            field = field[: -len(suffix)]
            mult = factor
            break
    try:
        if "/" in field:  # a fraction, for X分之Y: "100/3"
            num, den = field.split("/", 1)
            number = Decimal(num) / Decimal(den)
        else:
            number = Decimal(field)
    except Exception as exc:  # decimal.InvalidOperation
        raise AnnotationError(f"{where}: bad value {field!r}") from exc
    return float(number * mult)


def find_all(haystack: str, needle: str) -> list[int]:
    hits: list[int] = []
    i = haystack.find(needle)
    while i != -1:
        hits.append(i)
        i = haystack.find(needle, i + 1)
    return hits


def locate(source: str, text: str, locator: str, where: str) -> int:
    """Return the start offset of ``text`` in ``source``; fail on ambiguity."""
    if locator.startswith("#") and locator[1:].isdigit():
        hits = find_all(source, text)
        n = int(locator[1:])
        if not 1 <= n <= len(hits):
            raise AnnotationError(f"{where}: {text!r} has {len(hits)} occurrences, not {n}")
        return hits[n - 1]
    if not locator:
        left, right = "", ""
    elif "{}" in locator:
        left, right = locator.split("{}", 1)
    else:
        left, right = locator, ""
    hits = find_all(source, left + text + right)
    if not hits:
        raise AnnotationError(f"{where}: {left + text + right!r} not found")
    if len(hits) > 1:
        raise AnnotationError(
            f"{where}: {left + text + right!r} occurs {len(hits)} times; add context"
        )
    return hits[0] + len(left)


def check_edges(source: str, start: int, end: int, where: str) -> None:
    """A span must not start or end inside a run of digits."""
    if start > 0 and source[start - 1] in DIGITS and source[start] in DIGITS:
        raise AnnotationError(f"{where}: span starts inside a number")
    if end < len(source) and source[end] in DIGITS and source[end - 1] in DIGITS:
        raise AnnotationError(f"{where}: span ends inside a number")
    if end < len(source) and source[end] in CN_DIGITS and source[end - 1] in CN_DIGITS:
        raise AnnotationError(f"{where}: span ends inside a Chinese numeral")


def derive_kind(unit: str) -> str:
    if unit in KIND_BY_UNIT:
        return KIND_BY_UNIT[unit]
    if unit in MEASURE_UNITS:
        return "measure"
    return "count"


def parse_year(field: str, where: str) -> int | None:
    if field == "null":
        return None
    if not field.isdigit():
        raise AnnotationError(f"{where}: bad year {field!r}")
    return int(field)


def build_doc(doc_id: str, source: str, tsv: Path) -> list[dict[str, Any]]:
    status = "actual"
    year: int | None = None
    records: list[dict[str, Any]] = []
    problems: list[str] = []
    for lineno, raw in enumerate(tsv.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{tsv.name}:{lineno}"
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw.startswith("@"):
            key, _, val = raw[1:].partition(" ")
            val = val.split("#", 1)[0].strip()
            if key == "status":
                status = val
            elif key == "year":
                year = parse_year(val, where)
            else:
                raise AnnotationError(f"{where}: unknown directive {key!r}")
            continue
        try:
            records.append(build_row(source, doc_id, raw, where, status, year))
        except AnnotationError as exc:
            problems.append(str(exc))
    if problems:
        raise AnnotationError("\n".join(problems))
    records.sort(key=lambda r: (r["start"], r["end"]))
    return records


def build_row(
    source: str, doc_id: str, raw: str, where: str, status: str, year: int | None
) -> dict[str, Any]:
    """One annotation row -> one gold record."""
    cols = raw.split("\t")
    if not 9 <= len(cols) <= 11:
        raise AnnotationError(f"{where}: expected 9-11 columns, got {len(cols)}")
    cols += [""] * (11 - len(cols))
    text = unescape(cols[0])
    start = locate(source, text, unescape(cols[1]), where)
    end = start + len(text)
    check_edges(source, start, end, where)
    redacted = cols[2].strip() == "null"
    value = None if redacted else parse_value(cols[2], where)
    if value is None and not redacted:
        raise AnnotationError(f"{where}: value missing")
    unit = cols[4].strip()
    subject: str | None = unescape(cols[7].strip())
    if subject == "-":
        subject = None
    if subject is not None:
        lo = max(0, start - SUBJECT_WINDOW)
        hi = min(len(source), end + SUBJECT_WINDOW)
        if subject not in source[lo:hi]:
            raise AnnotationError(f"{where}: subject {subject!r} not near the span")
    return {
            "doc_id": doc_id,
            "start": start,
            "end": end,
            "text": text,
            "value": value,
            "value_high": parse_value(cols[3], where),
            "unit": unit,
            "kind": cols[5].strip() or derive_kind(unit),
            "qualifier": cols[6].strip() or "exact",
            "redacted": redacted,
            "subject": subject,
            "category": cols[8].strip(),
            "status": cols[9].strip() or status,
            "year": parse_year(cols[10].strip(), where) if cols[10].strip() else year,
        }


def read_source(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def build_all(corpus: Path = CORPUS) -> list[dict[str, Any]]:
    reports = corpus / "reports"
    annotations = corpus / "annotations"
    out: list[dict[str, Any]] = []
    for tsv in sorted(annotations.glob("*.tsv")):
        report = reports / (tsv.stem + ".txt")
        if not report.exists():
            raise AnnotationError(f"{tsv.name}: no report {report.name}")
        out.extend(build_doc(report.name, read_source(report), tsv))
    return out


def dumps(records: list[dict[str, Any]]) -> str:
    lines = [
        json.dumps({k: r[k] for k in FIELDS}, ensure_ascii=False) for r in records
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    try:
        records = build_all()
    except AnnotationError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    text = dumps(records)
    if "--check" in argv:
        current = GOLD.read_text(encoding="utf-8") if GOLD.exists() else ""
        if current != text:
            print("gold.jsonl is out of date; run build_gold.py", file=sys.stderr)
            return 1
        print(f"gold.jsonl up to date ({len(records)} records)")
        return 0
    GOLD.write_text(text, encoding="utf-8")
    print(f"wrote {len(records)} records to {GOLD}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
