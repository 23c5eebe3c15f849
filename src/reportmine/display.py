"""See what reportmine found: the report text with every metric highlighted.

The first thing a researcher does with an extractor is check it against the
text, so :func:`show` renders the text itself, not a table: every figure is a
``<mark>`` coloured by category (a legend says which colour is what), targets
have a dashed box and actuals a solid underline, and hovering a figure shows
its record. The view must work wherever a notebook is read (JupyterLab, VS
Code, an exported HTML file), so it is self-contained: styles are inline,
nothing is fetched, and every piece of report text goes through
:func:`html.escape` so a report containing ``<script>`` shows it as text.

Long reports stay usable by folding: a text longer than :data:`FOLD_AFTER`
characters is cut into blocks at its headings (``一、…``, title lines), each
block a ``<details>`` whose ``<summary>`` is the heading line itself, so the
collapsed view reads as the report's outline. Blocks are open until
:data:`FOLD_AFTER` characters have been shown and closed after that; a click
opens one. The summary holds the heading's own text, not a label, so the
rendered text is still exactly the source text (no character is added or
lost), which is what the tests check.

:func:`to_displacy` gives the same spans in displaCy's manual format for
people who already use spaCy's viewer.
"""

from __future__ import annotations

import bisect
import html
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pandas as pd

from reportmine.extraction import extract
from reportmine.lexicon import read_table
from reportmine.model import CATEGORIES, FIELDS, Metric

__all__ = [
    "CATEGORY_COLOURS",
    "CJK_FONT_STACK",
    "NEUTRAL_COLOUR",
    "MetricView",
    "ReportLike",
    "displacy_options",
    "report_html",
    "show",
    "to_displacy",
]

#: Records as a list of :class:`Metric` or as rows of a ``to_frame`` / batch table.
Records = Sequence[Metric] | pd.DataFrame

#: Fonts that cover Chinese on Linux, macOS and Windows, best first.
CJK_FONT_STACK = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif'
)

#: (background, line) colour of each category, from the registry (lexicons/categories.tsv):
#: a light tint to read text on and a saturated shade for underlines, borders and plots.
CATEGORY_COLOURS: dict[str, tuple[str, str]] = {
    row["category"]: (row["tint"], row["shade"]) for row in read_table("categories.tsv")
}
#: Colour of a figure whose category is not known (yet).
NEUTRAL_COLOUR: tuple[str, str] = ("#e4e4e4", "#6f6f6f")

#: Texts longer than this are folded into blocks; also how much stays open.
FOLD_AFTER = 3000
#: A block without a heading is cut at a line break after about this many characters.
MAX_BLOCK = 2500

_HEADING = re.compile(
    r"[ \t\u3000]*(?:[一二三四五六七八九十百]+[、．.]|第[一二三四五六七八九十百]+[章部分节篇])"
)
_TITLE_WORDS = re.compile(r"报告|总结|计划|公报|思路|打算|要点")
_SENTENCE_MARKS = re.compile(r"[。，,；;：:！？]")


@runtime_checkable
class ReportLike(Protocol):
    """What :func:`show` needs from a report object: its text.

    Used when present (duck typing, nothing to inherit): ``.metrics`` (the
    report's records; extracted from ``.text`` otherwise), ``.title`` or
    ``.doc_id`` (the heading of the view), and ``.documents`` whose items
    have ``.start`` and ``.sections`` with ``.start`` (where the folded
    blocks begin, instead of guessing headings from the text).
    """

    @property
    def text(self) -> str: ...


@dataclass(frozen=True)
class MetricView:
    """A rendered report: displays itself in notebooks, saves as a standalone page."""

    fragment: str
    title: str | None = None

    def _repr_html_(self) -> str:
        """What Jupyter and VS Code display: the fragment, which carries its own styles."""
        return self.fragment

    def to_html(self) -> str:
        """A complete HTML page (UTF-8, no external resources) around the fragment."""
        title = html.escape(self.title or "reportmine")
        return (
            '<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n</head>\n"
            f'<body style="margin:1.5em;background:#fff;">\n{self.fragment}\n</body>\n</html>\n'
        )

    def save(self, path: str | Path) -> Path:
        """Write :meth:`to_html` to ``path`` and return it, to share a view as one file."""
        target = Path(path)
        target.write_text(self.to_html(), encoding="utf-8")
        return target

    def __repr__(self) -> str:
        return f"MetricView(title={self.title!r}, {len(self.fragment)} characters of HTML)"


def show(text_or_report: str | ReportLike, metrics: Records | None = None) -> MetricView:
    """The text with every metric highlighted; extracts the metrics when none are given.

    Accepts a string (with ``metrics`` or without) or any report object with
    ``.text`` (the ``Report`` of :mod:`reportmine.structure`, see
    :class:`ReportLike`). ``metrics`` may be the rows of a table for this
    text, e.g. ``show(text, df[df["doc_id"] == name])``.
    Raises ``ValueError`` when a record's offsets do not point at its text,
    which means the records belong to another text.
    """
    given = _resolve(text_or_report, metrics)
    return MetricView(_render(given), given.title)


def report_html(report: ReportLike) -> str:
    """HTML for ``Report._repr_html_``: the highlighted view of the report's own records."""
    return show(report).fragment


def to_displacy(text_or_report: str | ReportLike, metrics: Records | None = None) -> dict[str, Any]:
    """The metrics in displaCy's manual format: ``{"text", "ents", "title"}``.

    Use as ``displacy.render(reportmine.to_displacy(text), style="ent",
    manual=True, options=reportmine.display.displacy_options())``. The label is
    the category, or the kind while the category is unknown.
    """
    given = _resolve(text_or_report, metrics)
    ents = [
        {"start": m.start, "end": m.end, "label": m.category or m.kind}
        for m in sorted(given.records, key=lambda m: (m.start, m.end))
    ]
    return {"text": given.text, "ents": ents, "title": given.title}


def displacy_options() -> dict[str, Any]:
    """displaCy ``options`` that colour each label as :func:`show` does."""
    colours = {name: background for name, (background, _) in CATEGORY_COLOURS.items()}
    return {"colors": colours}


# -- input -------------------------------------------------------------------


@dataclass(frozen=True)
class _Input:
    text: str
    records: list[Metric]
    title: str | None
    #: Block starts given by the report's structure; None to find headings in the text.
    starts: list[int] | None


def _resolve(text_or_report: str | ReportLike, metrics: Records | None) -> _Input:
    """Text, checked records, a title and block starts, whatever the caller passed."""
    if isinstance(text_or_report, str):
        text, title, starts = text_or_report, None, None
    elif isinstance(text_or_report, ReportLike) and isinstance(text_or_report.text, str):
        text, title = text_or_report.text, _title_of(text_or_report)
        starts = _structure_starts(text_or_report)
        if metrics is None and getattr(text_or_report, "metrics", None) is not None:
            metrics = list(text_or_report.metrics)  # type: ignore[attr-defined]
    else:
        raise TypeError(f"expected text or a report with .text: {text_or_report!r}")
    if metrics is None:
        records = extract(text, doc_id=_doc_id(text_or_report))
    elif isinstance(metrics, pd.DataFrame):
        records = _from_rows(metrics)
    else:
        records = list(metrics)
    for m in records:
        if text[m.start : m.end] != m.text:
            raise ValueError(f"record {m.text!r} at [{m.start}, {m.end}) is not in this text")
    if title is None and records:
        title = records[0].doc_id
    return _Input(text, records, title, starts)


def _from_rows(rows: pd.DataFrame) -> list[Metric]:
    """Table rows back to records (``<NA>`` to None); columns beyond the record are ignored."""
    plain = rows[list(FIELDS)].astype(object)
    plain = plain.where(plain.notna(), None)
    return [Metric(**row) for row in plain.to_dict(orient="records")]  # type: ignore[arg-type]


def _doc_id(source: object) -> str | None:
    value = getattr(source, "doc_id", None)
    return value if isinstance(value, str) else None


def _structure_starts(report: object) -> list[int] | None:
    """Where each document and each top-level section begins, if the report knows."""
    documents = getattr(report, "documents", None)
    if not documents:
        return None
    starts = {0}
    for document in documents:
        starts.add(int(document.start))
        starts.update(int(section.start) for section in getattr(document, "sections", ()))
    return sorted(starts)


def _title_of(report: object) -> str | None:
    for name in ("title", "doc_id"):
        value = getattr(report, name, None)
        if isinstance(value, str) and value:
            return value
    return None


# -- rendering ---------------------------------------------------------------


def _render(given: _Input) -> str:
    """Legend first, then the text container, which must stay the last child (tests rely on it)."""
    marks, dropped = _non_overlapping(given.records)
    body = _render_blocks(given.text, marks, given.starts)
    style = (
        f"font-family:{html.escape(CJK_FONT_STACK)};font-size:15px;line-height:1.9;"
        "color:#222;max-width:60em;"
    )
    return (
        f'<div class="rm-view" style="{style}">'
        f"{_legend(given.records, given.title, dropped)}"
        f'<div class="rm-text" style="white-space:pre-wrap;word-break:break-word;">{body}</div>'
        "</div>"
    )


def _non_overlapping(records: list[Metric]) -> tuple[list[tuple[int, Metric]], int]:
    """Records in text order with their index; a record overlapping an earlier one is dropped.

    The extractor never emits overlaps; hand-made lists (gold, edits) might,
    and nested ``<mark>`` elements would break the one-highlight-per-figure
    reading, so overlaps are counted in the legend instead.
    """
    kept: list[tuple[int, Metric]] = []
    dropped = 0
    for index, m in sorted(enumerate(records), key=lambda p: (p[1].start, p[1].end)):
        if kept and m.start < kept[-1][1].end:
            dropped += 1
            continue
        kept.append((index, m))
    return kept, dropped


def _render_blocks(text: str, marks: list[tuple[int, Metric]], structure: list[int] | None) -> str:
    if len(text) <= FOLD_AFTER:
        return _render_span(text, 0, len(text), marks)
    parts: list[str] = []
    shown = 0
    mark_starts = [m.start for _, m in marks]  # marks are in text order: bisect, not rescan
    for start, head_end, end in _blocks(text, marks, structure):
        open_attr = " open" if shown < FOLD_AFTER else ""
        shown += end - start
        lo, hi = bisect.bisect_left(mark_starts, start), bisect.bisect_left(mark_starts, end)
        inside = marks[lo:hi]
        count = len(inside)
        summary = _render_span(text, start, head_end, inside)
        rest = _render_span(text, head_end, end, inside)
        parts.append(
            f'<details class="rm-block"{open_attr} data-figures="{count}">'
            f'<summary style="cursor:pointer;font-weight:600;" '
            f'title="{count} figures in this block">{summary}</summary>{rest}</details>'
        )
    return "".join(parts)


def _blocks(
    text: str, marks: list[tuple[int, Metric]], structure: list[int] | None
) -> list[tuple[int, int, int]]:
    """(start, end of heading line, end) of each block; together they cover ``text`` exactly.

    Blocks start where the report's structure says, else at heading-like lines.
    """
    inside = _inside_a_mark(marks)
    if structure is None:
        structure = [pos for pos, line in _lines(text) if _is_heading(line)]
    starts = [0, *(p for p in structure if 0 < p < len(text) and not inside(p))]
    starts = sorted(set(starts))
    starts = _split_long(text, starts, inside)
    ends = [*starts[1:], len(text)]
    return [(s, _heading_end(text, s, e, inside), e) for s, e in zip(starts, ends, strict=True)]


def _lines(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.splitlines(keepends=True):
        out.append((pos, line))
        pos += len(line)
    return out


def _is_heading(line: str) -> bool:
    """A numbered top-level heading, or a short title-like line (a new document in a page)."""
    stripped = line.strip()
    if not stripped or len(stripped) > 60:
        return False
    if _HEADING.match(line):
        return True
    return (
        len(stripped) <= 40
        and bool(_TITLE_WORDS.search(stripped))
        and not (_SENTENCE_MARKS.search(stripped))
    )


def _split_long(text: str, starts: list[int], inside: Callable[[int], bool]) -> list[int]:
    """Add cuts at line starts so that no block runs far beyond :data:`MAX_BLOCK`."""
    line_starts = [pos for pos, _ in _lines(text) if pos and not inside(pos)]
    out: list[int] = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        out.append(start)
        last = start
        first = bisect.bisect_right(line_starts, start)  # the block's lines only, in order
        for pos in line_starts[first : bisect.bisect_left(line_starts, end)]:
            if pos - last >= MAX_BLOCK and end - pos >= MAX_BLOCK // 4:
                out.append(pos)
                last = pos
    return out


def _heading_end(text: str, start: int, end: int, inside: Callable[[int], bool]) -> int:
    """End of the block's first non-blank line (before its line break), never inside a mark."""
    pos = start
    while pos < end and text[pos] in "\r\n":
        pos += 1
    while pos < end and (text[pos] not in "\r\n" or inside(pos)):
        pos += 1
    return pos


def _inside_a_mark(marks: list[tuple[int, Metric]]) -> Callable[[int], bool]:
    """Predicate: does a cut at ``pos`` fall strictly inside a highlighted figure?"""
    covered = {pos for _, m in marks for pos in range(m.start + 1, m.end)}
    return covered.__contains__


def _render_span(text: str, start: int, end: int, marks: list[tuple[int, Metric]]) -> str:
    """Escaped ``text[start:end]`` with the marks that lie wholly inside it."""
    parts: list[str] = []
    pos = start
    for index, m in marks:
        if m.start < start or m.end > end:
            continue
        parts.append(html.escape(text[pos : m.start]))
        parts.append(_mark(index, m))
        pos = m.end
    parts.append(html.escape(text[pos:end]))
    return "".join(parts)


def _mark(index: int, m: Metric) -> str:
    background, line = CATEGORY_COLOURS.get(m.category or "", NEUTRAL_COLOUR)
    if m.status == "target":
        frame = f"border:1.5px dashed {line};"
    elif m.status == "actual":
        frame = f"border-bottom:2px solid {line};"
    else:
        frame = f"border-bottom:1px dotted {line};"
    style = f"background:{background};color:inherit;{frame}border-radius:2px;padding:0 1px;"
    attrs = (
        f'class="rm-m" data-i="{index}" data-kind="{m.kind}" '
        f'data-category="{m.category or ""}" data-status="{m.status or ""}"'
    )
    return (
        f'<mark {attrs} style="{style}" title="{html.escape(_tooltip(m))}">'
        f"{html.escape(m.text)}</mark>"
    )


def _tooltip(m: Metric) -> str:
    """The record in a few lines for the ``title`` attribute (plain text, escaped by the caller)."""
    if m.value is None:
        value = "masked in the source"
    elif m.value_high is not None:
        value = f"{_number(m.value)} – {_number(m.value_high)} {m.unit}"
    else:
        value = f"{_number(m.value)} {m.unit}"
    return "\n".join(
        [
            m.text,
            f"value: {value}",
            f"kind: {m.kind} · qualifier: {m.qualifier}",
            f"subject: {_or_dash(m.subject)}",
            f"category: {_or_dash(m.category)} · status: {_or_dash(m.status)}"
            f" · year: {_or_dash(m.year)}",
        ]
    )


def _number(value: float) -> str:
    return f"{value:,.12g}"


def _or_dash(value: object) -> str:
    return "—" if value is None else str(value)


def _legend(records: list[Metric], title: str | None, dropped: int) -> str:
    """Colour key of the categories present, the status line styles, and counts."""
    counts: Counter[str | None] = Counter(m.category for m in records)
    chips = [
        _chip(CATEGORY_COLOURS[name], f"{name} {counts[name]}")
        for name in CATEGORIES
        if counts[name]
    ]
    if counts[None]:
        chips.append(_chip(NEUTRAL_COLOUR, f"category unknown {counts[None]}"))
    line = NEUTRAL_COLOUR[1]
    styles = (
        f'<span style="border-bottom:2px solid {line};padding:0 2px;">actual</span> '
        f'<span style="border:1.5px dashed {line};padding:0 2px;">target</span> '
        f'<span style="border-bottom:1px dotted {line};padding:0 2px;">status unknown</span>'
    )
    heading = f"<strong>{html.escape(title)}</strong> · " if title else ""
    note = f" · {dropped} overlapping records not shown" if dropped else ""
    return (
        '<div class="rm-legend" style="font-size:13px;line-height:2.1;margin-bottom:0.6em;'
        'padding-bottom:0.4em;border-bottom:1px solid #ddd;">'
        f"{heading}{len(records)} figures{note} · hover a figure for its record<br>"
        f"{' '.join(chips)}<br>{styles}</div>"
    )


def _chip(colours: tuple[str, str], label: str) -> str:
    background, line = colours
    return (
        f'<span style="background:{background};border-bottom:2px solid {line};'
        f'padding:1px 5px;border-radius:2px;white-space:nowrap;">{html.escape(label)}</span>'
    )
