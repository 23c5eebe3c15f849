"""The one-call pipeline: raw text in, ordered metric records out."""

from __future__ import annotations

from reportmine.model import Metric
from reportmine.quantities import find_figures


def extract(text: str, doc_id: str | None = None) -> list[Metric]:
    """Every figure in ``text`` as a record, in text order.

    Offsets point into ``text`` exactly as given (``text[m.start:m.end] == m.text``).
    """
    return [
        Metric(
            doc_id=doc_id,
            start=f.start,
            end=f.end,
            text=f.text,
            value=None if f.value is None else float(f.value),
            value_high=None if f.value_high is None else float(f.value_high),
            unit=f.unit,
            kind=f.kind,  # type: ignore[arg-type]
            qualifier=f.qualifier,  # type: ignore[arg-type]
            redacted=f.redacted,
        )
        for f in find_figures(text)
    ]
