"""Every lexicon file parses, has the columns its readers use, and no duplicate keys.

A duplicate key in a word list is a silent bug (the later line wins or both
are tried); a missing column breaks a reader at import time on someone
else's machine. The key is the first column unless a file is listed below.
"""

from __future__ import annotations

import pytest
import regex

from reportmine.lexicon import lexicon_dir, read_table
from reportmine.model import KINDS, QUALIFIERS
from reportmine.units import units

# Files whose entries are keyed by more than the first column.
COMPOSITE_KEYS: dict[str, tuple[str, ...]] = {
    "qualifiers.tsv": ("cue", "position"),
    "implicit_units.tsv": ("cue", "where"),
    "unit_cues.tsv": ("unit", "cue"),
    "document_cues.tsv": ("cue", "kind"),  # 政府工作报告 is a genre and says it was delivered
    "indicators.tsv": ("id", "name"),  # id "-" marks several blocking phrases
    "year_cues.tsv": ("cue", "kind"),  # 为: a multiple's base (为1982年的3.4倍), a rate's level
    "subject_phrase.tsv": ("word", "role"),  # 安排: marks an agent (中央财政安排…) and allocates
}

TABLES = sorted(p.name for p in lexicon_dir().glob("*.tsv"))


def test_there_are_lexicons() -> None:
    assert {"units.tsv", "qualifiers.tsv", "nonmetric_names.tsv"} <= set(TABLES)


@pytest.mark.parametrize("name", TABLES)
def test_table_parses_without_duplicate_keys(name: str) -> None:
    rows = read_table(name)
    assert rows, f"{name} has no entries"
    key_columns = COMPOSITE_KEYS.get(name) or (next(iter(rows[0])),)
    keys = [tuple(row[c] for c in key_columns) for row in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    assert not duplicates, f"{name}: duplicate keys {duplicates}"
    assert all(all(row[c] for c in key_columns) for row in rows), f"{name}: empty key"


def test_units_have_valid_kinds_and_flags() -> None:
    for surface, unit in units().items():
        assert unit.kind in KINDS, surface
        assert not (unit.time and unit.discrete), surface


@pytest.mark.parametrize(
    ("name", "column", "allowed"),
    [
        ("qualifiers.tsv", "qualifier", set(QUALIFIERS)),
        ("qualifiers.tsv", "position", {"prefix", "suffix", "inner"}),
        ("qualifiers.tsv", "in_span", {"yes", "no"}),
        ("implicit_units.tsv", "where", {"before", "after"}),
        ("number_prefixes.tsv", "meaning", {"ordinal", "rank", "vague", "minus", "none"}),
    ],
)
def test_enumerated_columns(name: str, column: str, allowed: set[str]) -> None:
    values = {row[column] for row in read_table(name)}
    assert values <= allowed, f"{name}:{column} has {values - allowed}"


def test_nonmetric_patterns_compile() -> None:
    for row in read_table("nonmetric_patterns.tsv"):
        regex.compile(row["pattern"].replace("[CN]", "[一二三]"))
