"""The category registry (lexicons/categories.tsv) is the one list every part reads."""

from __future__ import annotations

import re

import pydantic
import pytest

from reportmine.display import CATEGORY_COLOURS
from reportmine.lexicon import read_table
from reportmine.model import CATEGORIES, Metric
from reportmine.plot import CATEGORY_GLOSS

REGISTRY = read_table("categories.tsv")
HEX = re.compile(r"#[0-9a-f]{6}")


@pytest.mark.parametrize("row", REGISTRY, ids=lambda row: row["category"])
def test_registry_row_is_complete(row: dict[str, str]) -> None:
    assert re.fullmatch(r"[a-z_]+", row["category"])
    assert row["gloss"] and row["meaning"]
    assert HEX.fullmatch(row["tint"]) and HEX.fullmatch(row["shade"])


def test_every_part_takes_the_registry() -> None:
    names = [row["category"] for row in REGISTRY]
    assert list(CATEGORIES) == names
    assert list(CATEGORY_COLOURS) == names
    assert list(CATEGORY_GLOSS) == names
    assert "other" in names  # what the context layer falls back to


def test_terms_and_units_name_registered_categories() -> None:
    for table in ("category_terms.tsv", "category_units.tsv"):
        used = {row["category"] for row in read_table(table)} - {"light"}
        assert used <= set(CATEGORIES), (table, used - set(CATEGORIES))


def test_a_record_with_an_unregistered_category_is_refused() -> None:
    fields = {"start": 0, "end": 3, "text": "13项", "value": 13.0, "unit": "项", "kind": "count"}
    Metric(**fields, category="projects")  # type: ignore[arg-type]
    with pytest.raises(pydantic.ValidationError, match="unknown category"):
        Metric(**fields, category="weather")  # type: ignore[arg-type]
