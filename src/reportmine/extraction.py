"""The one-call pipeline: raw text in, ordered metric records out.

figures (number layer) → places (structure) → context → Metric, in one direction.
"""

from __future__ import annotations

from reportmine.context import contexts, places
from reportmine.model import Metric
from reportmine.quantities import find_figures


def extract(text: str, doc_id: str | None = None) -> list[Metric]:
    """Every figure in ``text`` as a record, in text order.

    Offsets point into ``text`` exactly as given (``text[m.start:m.end] == m.text``).
    """
    figures = find_figures(text)
    where = places(text, figures)
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
            subject=c.subject,
            category=c.category,  # type: ignore[arg-type]
            status=c.status,  # type: ignore[arg-type]
            year=c.year,
            sentence=text[p.sentence_start : p.sentence_end],
            section=p.section,
        )
        for f, p, c in zip(figures, where, contexts(text, figures, where), strict=True)
    ]
