"""The one-call pipeline: raw text in, ordered metric records out.

structure (documents, sections, sentences) → figures (number layer) → places →
context → Metric, in one direction; ``extract`` is ``parse`` without the structure.
"""

from __future__ import annotations

from dataclasses import replace

from reportmine.context import Rules, contexts, places
from reportmine.model import Metric
from reportmine.quantities import find_figures
from reportmine.structure import Report, parse_structure


def parse(text: str, doc_id: str | None = None) -> Report:
    """The report's structure (documents, sections, sentences) with every figure as a record.

    ``Report.metrics`` are in text order; offsets point into ``text`` exactly as
    given (``text[m.start:m.end] == m.text``).
    """
    return parse_with_rules(text, doc_id)[0]


def parse_with_rules(text: str, doc_id: str | None = None) -> tuple[Report, list[Rules]]:
    """:func:`parse`, and for each record the rules that decided its context fields."""
    report = parse_structure(text, doc_id)
    metrics, rules = _records(report, doc_id)
    return replace(report, metrics=tuple(metrics)), rules


def extract(text: str, doc_id: str | None = None) -> list[Metric]:
    """Every figure in ``text`` as a record, in text order: ``parse(text).metrics`` as a list.

    Arguments:
        text: the report's text, exactly as it should be indexed (line endings
            included); read a file with :func:`reportmine.read_document` to
            decode any Chinese encoding, html, docx or pdf the way a batch does.
        doc_id: copied into every record's ``doc_id`` (a file name, a key).

    Returns a list of :class:`reportmine.Metric`, frozen records whose fields
    are ``doc_id``, ``start``/``end`` (half-open offsets into ``text``, so
    ``text[m.start:m.end] == m.text``), ``text``, ``value`` (base units, the
    low end of a range, None when masked), ``value_high``, ``unit``, ``kind``
    (money, count, percent, measure, ratio), ``qualifier`` (exact, approx,
    at_least, at_most), ``redacted``, ``subject``, ``category``, ``status``
    (actual, target), ``year``, ``sentence`` and ``section``;
    ``reportmine.model.FIELDS`` lists them in table order, and the README's
    "The record" section says what each holds.

    Errors: none for any string; text with no figures gives ``[]``. Passing
    something other than ``str`` (bytes, a path) is a ``TypeError`` of the
    caller's making: decode first.

    Example::

        >>> import reportmine
        >>> [(m.text, m.value, m.unit, m.kind) for m in reportmine.extract("安排经费626.12万元。")]
        [('626.12万元', 6261200.0, '元', 'money')]

    For the report's documents, sections and sentences use :func:`parse`; for
    files, folders and archives :func:`reportmine.extract_files`; for a table,
    :func:`reportmine.to_frame`.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the text as str, not {type(text).__name__}: decode it")
    return list(parse(text, doc_id).metrics)


def _records(report: Report, doc_id: str | None) -> tuple[list[Metric], list[Rules]]:
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
    found = contexts(text, figures, where)
    metrics = [
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
            category=c.category,
            status=c.status,  # type: ignore[arg-type]
            year=c.year,
            sentence=sentences[p.sentence_start, p.sentence_end],
            section=p.section,
        )
        for f, p, c in zip(figures, where, found, strict=True)
    ]
    return metrics, [c.rules for c in found]
