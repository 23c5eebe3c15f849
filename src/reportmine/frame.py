"""Records as a pandas DataFrame with dtypes that analysis can use directly."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from reportmine.indicators import indicators
from reportmine.model import (
    CATEGORIES,
    CHANGES,
    FIELDS,
    KINDS,
    MEASURES,
    QUALIFIERS,
    STATUSES,
    Metric,
)

_DTYPES: dict[str, object] = {
    "doc_id": "string",
    "start": "Int64",
    "end": "Int64",
    "text": "string",
    "value": "Float64",
    "value_high": "Float64",
    "unit": "string",
    "kind": pd.CategoricalDtype(list(KINDS)),
    "qualifier": pd.CategoricalDtype(list(QUALIFIERS)),
    "redacted": "boolean",
    "subject": "string",
    "category": pd.CategoricalDtype(list(CATEGORIES)),
    "status": pd.CategoricalDtype(list(STATUSES)),
    "year": "Int64",
    "sentence": "string",
    "section": "string",
    "indicator": None,  # the lexicon's ids, filled in by _dtypes()
    "measure": pd.CategoricalDtype(list(MEASURES)),
    "change": pd.CategoricalDtype(list(CHANGES)),
    "issuer": "string",
    "title": "string",
}


def _dtypes() -> dict[str, object]:
    """The column dtypes; ``indicator`` is a categorical of every id in the lexicon."""
    return {**_DTYPES, "indicator": pd.CategoricalDtype(sorted(indicators()))}


def to_frame(metrics: Iterable[Metric]) -> pd.DataFrame:
    """One row a record, columns in the order of docs/records.md.

    Nullable dtypes keep missing values missing (a null ``year`` stays <NA>
    instead of turning the column into floats), and enums are categoricals
    with every level declared, so counts show zeros for absent kinds.
    """
    rows = [m.to_dict() for m in metrics]
    frame = pd.DataFrame(rows, columns=list(FIELDS))
    return frame.astype(_dtypes())  # type: ignore[arg-type]
