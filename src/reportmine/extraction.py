"""The one-call pipeline: raw text in, ordered metric records out.

structure (documents, sections, sentences) → figures (number layer) → places →
context → Metric, in one direction; ``extract`` is ``parse`` without the structure.
"""

from __future__ import annotations

from dataclasses import replace

from reportmine.context import contexts, places
from reportmine.model import Metric
from reportmine.quantities import find_figures
from reportmine.structure import Report, parse_structure


def parse(text: str, doc_id: str | None = None) -> Report:
    """The report's structure (documents, sections, sentences) with every figure as a record.

    ``Report.metrics`` are in text order; offsets point into ``text`` exactly as
    given (``text[m.start:m.end] == m.text``).
    """
    report = parse_structure(text, doc_id)
    return replace(report, metrics=tuple(_records(report, doc_id)))


def extract(text: str, doc_id: str | None = None) -> list[Metric]:
    """Every figure in ``text`` as a record, in text order: ``parse(text).metrics`` as a list."""
    return list(parse(text, doc_id).metrics)


def _records(report: Report, doc_id: str | None) -> list[Metric]:
    text = report.text
    figures = find_figures(text)
    where = places(report, figures)
    # One str per sentence, shared by the records in it: a sentence of many figures
    # would otherwise be copied once per figure (1项2项… held hundreds of copies).
    sentences: dict[tuple[int, int], str] = {}
    for p in where:
        span = (p.sentence_start, p.sentence_end)
        if span not in sentences:
            sentences[span] = text[span[0] : span[1]]
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
            sentence=sentences[p.sentence_start, p.sentence_end],
            section=p.section,
        )
        for f, p, c in zip(figures, where, contexts(text, figures, where), strict=True)
    ]
