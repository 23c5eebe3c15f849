"""The one-call pipeline: raw text in, ordered metric records out.

structure (documents, sections, sentences) → figures (number layer) → places →
context → Metric, in one direction; ``extract`` is ``parse`` without the structure.
"""

from __future__ import annotations

from dataclasses import replace

from reportmine.context import Rules, contexts, places
from reportmine.indicators import (
    change_of,
    clause_before,
    find_indicator,
    measure_of,
    opening_issuer,
)
from reportmine.model import Metric
from reportmine.quantities import Figure, find_figures
from reportmine.structure import Document, Report, parse_structure
from reportmine.text import reading_copy

#: How much of the sentence before a figure is searched for the indicator of a short subject.
_SENTENCE_WINDOW = 120
#: How far into a document its opening is read for the congress that hears it (issuer fallback).
_OPENING = 400


def parse(text: str, doc_id: str | None = None) -> Report:
    """The report's structure (documents, sections, sentences) with every figure as a record.

    ``Report.metrics`` are in text order; offsets point into ``text`` exactly as
    given (``text[m.start:m.end] == m.text``).

    Traditional characters are read as Simplified and a lone CR as a line break:
    structure, figures and context see a copy of the same length (萬 → 万, 項 → 项,
    see :func:`reportmine.text.reading_copy`), and each record's
    ``text``, ``subject`` and ``sentence`` are then taken from ``text`` as written,
    by offset. ``Report.text`` is ``text``; headings and titles stay converted.
    """
    return parse_with_rules(text, doc_id)[0]


def parse_with_rules(text: str, doc_id: str | None = None) -> tuple[Report, list[Rules]]:
    """:func:`parse`, and for each record the rules that decided its context fields."""
    simple = reading_copy(text)
    report = parse_structure(simple, doc_id)
    metrics, rules = _records(report, doc_id, text)
    if simple is not text:
        metrics = [_as_written(m, text, simple) for m in metrics]
        report = replace(report, text=text)
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


def _records(report: Report, doc_id: str | None, source: str) -> tuple[list[Metric], list[Rules]]:
    """The records of a report; ``source`` is the text as written, for the sentences."""
    text = report.text
    figures = find_figures(text)
    where = places(report, figures)
    issuers: dict[int, tuple[str | None, str | None]] = {}
    records: list[Metric] = []
    # One str per sentence, shared by the records in it: a sentence of many figures
    # would otherwise be copied once per figure (1项2项… held hundreds of copies).
    sentences: dict[tuple[int, int], str] = {}
    found = contexts(text, figures, where)
    for f, p, c in zip(figures, where, found, strict=True):
        before = clause_before(text, f.start, p.sentence_start)
        change = change_of(before)
        sentence = text[max(p.sentence_start, f.start - _SENTENCE_WINDOW) : f.start]
        indicator = find_indicator(c.subject, before, sentence)
        measure = measure_of(indicator, f.unit, change, before)
        if measure is None:
            indicator = None  # a bare % of an amount: a rate the lexicon does not name
        issuer, title = _who(report, f, issuers)
        records.append(
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
                sentence=_shared(sentences, source, p.sentence_start, p.sentence_end),
                section=p.section,
                indicator=None if indicator is None else indicator.id,
                measure=measure,  # type: ignore[arg-type]
                change=change,  # type: ignore[arg-type]
                issuer=issuer,
                title=title,
            )
        )
    return records, [c.rules for c in found]


def _shared(sentences: dict[tuple[int, int], str], source: str, start: int, end: int) -> str:
    """``source[start:end]``, sliced once per span and the same str for every record of it."""
    sentence = sentences.get((start, end))
    if sentence is None:
        sentence = sentences[start, end] = source[start:end]
    return sentence


def _who(
    report: Report, figure: Figure, seen: dict[int, tuple[str | None, str | None]]
) -> tuple[str | None, str | None]:
    """The issuer and title of the figure's document (issuer from its opening when untitled)."""
    document: Document | None = report.document_at(figure.start)
    if document is None:
        return None, None
    if document.start not in seen:
        issuer = document.issuer
        if issuer is None and document.delivered:
            opening = report.text[document.start : document.start + _OPENING]
            issuer = opening_issuer(opening)
        seen[document.start] = (issuer, document.title)
    return seen[document.start]


def _as_written(metric: Metric, source: str, simple: str) -> Metric:
    """A record read from the converted text, with its strings taken from ``source``."""
    subject = metric.subject
    if subject:
        at = _nearest(simple, subject, metric.start)
        if at >= 0:
            subject = source[at : at + len(subject)]
    return metric.model_copy(update={"text": source[metric.start : metric.end], "subject": subject})


def _nearest(text: str, part: str, anchor: int, reach: int = 1000) -> int:
    """Where ``part`` stands in ``text`` closest to ``anchor`` (the subject near its figure)."""
    lo = max(0, anchor - reach - len(part))
    hi = min(len(text), anchor + reach + len(part))
    best = -1
    at = text.find(part, lo, hi)
    while at >= 0:
        if best < 0 or abs(at - anchor) < abs(best - anchor):
            best = at
        at = text.find(part, at + 1, hi)
    return best
