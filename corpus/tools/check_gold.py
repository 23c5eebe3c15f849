"""Check ``corpus/gold.jsonl`` against the reports and METRICS.md §2.

Checks every record: exactly the 14 gold fields, ``text == source[start:end]``,
valid enums, ``value`` null iff ``redacted``, ``value_high >= value``, spans
sorted and non-overlapping within a document, the subject a substring of the
report, and, for spans whose number is written in Arabic digits, the value
recomputed from the span (number x 万/亿 multiplier, with ``Decimal``).

Usage::

    python corpus/tools/check_gold.py             # check, exit 1 on errors
    python corpus/tools/check_gold.py --uncovered # also list numerals outside gold spans
"""

from __future__ import annotations

import json
import re
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).resolve().parent.parent

FIELDS: tuple[str, ...] = (
    "doc_id", "start", "end", "text", "value", "value_high", "unit", "kind",
    "qualifier", "redacted", "subject", "category", "status", "year",
)
KINDS = frozenset({"money", "count", "percent", "measure", "ratio"})
QUALIFIERS = frozenset({"exact", "approx", "at_least", "at_most"})
CATEGORIES = frozenset(
    {
        "funding", "economy", "projects", "organizations", "people", "events",
        "materials", "ip", "awards", "infrastructure", "environment", "other",
    }
)
STATUSES = frozenset({"actual", "target"})
UNIT_KIND = {"元": "money", "美元": "money", "%": "percent", "‰": "percent",
             "百分点": "percent", "倍": "ratio"}

FULLWIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
# A leading Arabic number, an optional multiplier; 千 only when it is not 千瓦/千克/千米.
ARABIC = re.compile(
    r"^[近约]?(-?[0-9０-９]+(?:[.．][0-9０-９]+)?)\s*(万亿|亿|万|千(?![瓦克米])|百)?"
)
MULT = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "万": Decimal(10) ** 4,
        "千": Decimal(1000), "百": Decimal(100), None: Decimal(1)}
RANGE_DASHES = frozenset("-—－~～至到")
NUMERAL = re.compile(
    r"[0-9０-９]+(?:[.．][0-9０-９]+)?|[零〇一二两三四五六七八九十百千万亿]+|[Xx×]{2,}"
)


def read_source(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:
        return fh.read()


def load_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def expected_value(text: str) -> float | None:
    """Value of a span that starts with Arabic digits, else None (not checked)."""
    flat = text.replace("\n", "").replace("\r", "")
    m = ARABIC.match(flat)
    if not m:
        return None
    if m.group(2) is None and flat[m.end() : m.end() + 1] in RANGE_DASHES:
        return None  # "800—1000万元": the low end shares the high end's multiplier
    number = Decimal(m.group(1).translate(FULLWIDTH))
    return float(number * MULT[m.group(2)])


def check_record(r: dict[str, Any], source: str | None) -> list[str]:
    errs: list[str] = []
    if tuple(r) != FIELDS:
        errs.append(f"fields {list(r)} != {list(FIELDS)}")
        return errs
    if source is None:
        return [f"no report for doc_id {r['doc_id']!r}"]
    start, end = r["start"], r["end"]
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(source)):
        return [f"bad offsets {start}..{end}"]
    if source[start:end] != r["text"]:
        errs.append(f"text {r['text']!r} != source {source[start:end]!r}")
    if r["kind"] not in KINDS:
        errs.append(f"kind {r['kind']!r}")
    if r["qualifier"] not in QUALIFIERS:
        errs.append(f"qualifier {r['qualifier']!r}")
    if r["category"] not in CATEGORIES:
        errs.append(f"category {r['category']!r}")
    if r["status"] not in STATUSES:
        errs.append(f"status {r['status']!r}")
    if not isinstance(r["redacted"], bool):
        errs.append("redacted is not a bool")
    if (r["value"] is None) != bool(r["redacted"]):
        errs.append("value must be null iff redacted")
    high = r["value_high"]
    if high is not None and (r["value"] is None or high < r["value"]):
        errs.append("value_high < value")
    if not isinstance(r["unit"], str) or not r["unit"]:
        errs.append("empty unit")
    elif r["unit"] in UNIT_KIND and UNIT_KIND[r["unit"]] != r["kind"]:
        errs.append(f"unit {r['unit']} with kind {r['kind']}")
    if r["year"] is not None and not (isinstance(r["year"], int) and 1949 <= r["year"] <= 2100):
        errs.append(f"year {r['year']!r}")
    if r["subject"] is not None and r["subject"] not in source:
        errs.append(f"subject {r['subject']!r} not in the report")
    if r["value"] is not None and not r["redacted"]:
        exp = expected_value(r["text"])
        if exp is not None and abs(exp - r["value"]) > 1e-9 * max(1.0, abs(exp)):
            errs.append(f"value {r['value']} but the span reads {exp}")
    return errs


def check(records: list[dict[str, Any]], corpus: Path = CORPUS) -> list[str]:
    """Return a list of error messages (empty when the gold is valid)."""
    errors: list[str] = []
    sources: dict[str, str] = {}
    for path in sorted((corpus / "reports").glob("*.txt")):
        sources[path.name] = read_source(path)
    prev: dict[str, Any] | None = None
    for i, r in enumerate(records, 1):
        src = sources.get(r.get("doc_id", ""))
        errors += [f"record {i} ({r.get('doc_id')}:{r.get('start')}): {e}"
                   for e in check_record(r, src)]
        if prev is not None and prev.get("doc_id") == r.get("doc_id"):
            if (r["start"], r["end"]) <= (prev["start"], prev["end"]):
                errors.append(f"record {i}: not sorted by start")
            elif r["start"] < prev["end"]:
                errors.append(f"record {i}: overlaps the previous span")
        elif prev is not None and str(r.get("doc_id")) < str(prev.get("doc_id")):
            errors.append(f"record {i}: documents not sorted by doc_id")
        prev = r
    return errors


def uncovered(records: list[dict[str, Any]], corpus: Path = CORPUS) -> list[str]:
    """Numerals in the reports that no gold span covers (for manual review)."""
    out: list[str] = []
    by_doc: dict[str, list[tuple[int, int]]] = {}
    for r in records:
        by_doc.setdefault(r["doc_id"], []).append((r["start"], r["end"]))
    for path in sorted((corpus / "reports").glob("*.txt")):
        src = read_source(path)
        spans = by_doc.get(path.name, [])
        for m in NUMERAL.finditer(src):
            if any(s <= m.start() < e for s, e in spans):
                continue
            ctx = src[max(0, m.start() - 8): m.end() + 8].replace("\r", "").replace("\n", "⏎")
            out.append(f"{path.name}\t{m.start()}\t{m.group()}\t{ctx}")
    return out


def main(argv: list[str]) -> int:
    records = load_jsonl(CORPUS / "gold.jsonl")
    errors = check(records)
    for e in errors:
        print(e)
    if "--uncovered" in argv:
        for line in uncovered(records):
            print(line)
    print(f"{len(records)} records checked, {len(errors)} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
