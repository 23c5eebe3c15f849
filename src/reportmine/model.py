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
Measure = Literal["level", "growth", "share", "points", "increment"]
Change = Literal["increase", "decrease"]

KINDS: tuple[str, ...] = get_args(Kind)
QUALIFIERS: tuple[str, ...] = get_args(Qualifier)
STATUSES: tuple[str, ...] = get_args(Status)
MEASURES: tuple[str, ...] = get_args(Measure)
CHANGES: tuple[str, ...] = get_args(Change)

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
    "indicator",
    "measure",
    "change",
    "issuer",
    "title",
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
    #: The canonical id of the indicator measured (``lexicons/indicators.tsv``), null when unknown.
    indicator: str | None = None
    #: What the figure is of that indicator: its level, a growth rate, a share, a change in points.
    measure: Measure | None = None
    #: The direction the governing verb states (增长 → increase, 下降 → decrease); null for a level.
    change: Change | None = None
    #: The issuing body and title of the document that states the figure.
    issuer: str | None = None
    title: str | None = None

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

    @property
    def signed_value(self) -> float | None:
        """The value with the direction applied: ``下降0.2%`` is -0.2; a level keeps its value.

        ``value`` stays as written (METRICS.md §5); this is the number to
        compare or add changes with.
        """
        if self.value is None:
            return None
        return -self.value if self.change == "decrease" else self.value

    def to_dict(self) -> dict[str, object]:
        """The record as a plain dict in the field order of docs/records.md."""
        data = self.model_dump()
        return {name: data[name] for name in FIELDS}
