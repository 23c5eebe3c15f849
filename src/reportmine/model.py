"""The typed records reportmine emits (the contract is docs/records.md).

Records are frozen so that a list of them can be shared between threads,
cached, and hashed without anyone wondering who changed a field.
"""

from __future__ import annotations

from typing import Annotated, Literal, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, model_validator

from reportmine.lexicon import read_table

Kind = Literal["money", "count", "percent", "measure", "ratio"]
Qualifier = Literal["exact", "approx", "at_least", "at_most"]
#: The categories, in registry order: ``lexicons/categories.tsv`` is the one list, so a new
#: category is one row there (with its gloss and colours) and nothing else changes.
CATEGORIES: tuple[str, ...] = tuple(row["category"] for row in read_table("categories.tsv"))


def _known_category(value: str) -> str:
    if value not in CATEGORIES:
        raise ValueError(f"unknown category {value!r}; lexicons/categories.tsv has {CATEGORIES}")
    return value


#: A category name from the registry.
Category = Annotated[str, AfterValidator(_known_category)]
Status = Literal["actual", "target"]

KINDS: tuple[str, ...] = get_args(Kind)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
STATUSES: tuple[str, ...] = get_args(Status)

#: Field order of a record, as written to JSONL/CSV and as DataFrame columns.
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
    "sentence",
    "section",
)


class Metric(BaseModel):
    """One figure stated in a report.

    ``start``/``end`` are half-open offsets into the text exactly as given to
    the library, so ``source[start:end] == text`` holds whatever
    normalization happened internally.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc_id: str | None = None
    start: int
    end: int
    text: str
    value: float | None
    value_high: float | None = None
    unit: str
    kind: Kind
    qualifier: Qualifier = "exact"
    redacted: bool = False
    subject: str | None = None
    category: Category | None = None
    status: Status | None = None
    year: int | None = None
    sentence: str | None = None
    section: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Metric:
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")
        if self.end - self.start != len(self.text):
            raise ValueError("span length differs from text length")
        if self.redacted != (self.value is None):
            raise ValueError("value is null exactly when the figure is redacted")
        if self.value_high is not None and self.value is not None and self.value_high < self.value:
            raise ValueError("value_high below value")
        return self

    def to_dict(self) -> dict[str, object]:
        """The record as a plain dict in the field order of docs/records.md."""
        data = self.model_dump()
        return {name: data[name] for name in FIELDS}
