"""The shape of a report: page furniture, documents, headings, sections, sentences, clauses.

Everything here is expressed as offsets into the text exactly as given (``\\r\\n``
stays two characters); nothing is normalized or copied out of place, so a span
found here can be laid over any other span the library computes.

The module scans with regular expressions only (no word segmentation), so that
structure costs a small fraction of the extraction budget. All word lists and
patterns are data in ``lexicons/`` (``furniture.tsv``, ``headings.tsv``,
``section_roles.tsv``, ``document_cues.tsv``); the rules that combine them are
here and documented where they are applied.

Entry point: :func:`parse_structure`, which returns a :class:`Report` with
lookup helpers (:meth:`Report.locate` and friends) for the context layer.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Literal

import regex

from reportmine import years
from reportmine.lexicon import LexiconError, read_table

if TYPE_CHECKING:  # the records are filled in by extraction; the structure never builds one
    import pandas as pd

    from reportmine.model import Metric

Role = Literal["review", "plan"]
Span = tuple[int, int]

#: Characters that never carry content at the edge of a line or span.
BLANKS = " \t\u3000\xa0\r\n\ufeff\u200b\x0b\x0c"
#: Marks that end a sentence.
TERMINALS = frozenset("。！？!?；;…")
#: Marks that separate clauses inside a sentence (besides the terminals).
CLAUSE_MARKS = frozenset("，,、：:；;")
#: Closing quotes and brackets that stay with the sentence they follow.
CLOSERS = frozenset("”’」』）)】〕》\"'")
#: Opening quote -> closing quote; a sentence does not end inside a quotation.
QUOTES = {"“": "”", "「": "」", "『": "』", "（": "）", "(": ")"}
#: Furniture kinds that end a page, so that a title after them may start a new document.
CLOSING_FURNITURE = frozenset(
    {"pagination", "copyright", "icp", "breadcrumb", "navigation", "button", "metadata", "editor"}
)
#: Punctuation that means a line continues on the next one.
CONTINUES_AFTER = frozenset("，,、（(“《【-—")
CONTINUES_BEFORE = frozenset("，,、。．；;：:）)”》%％")

# Heading shape limits (see :func:`_heading_end`): a heading is a short line with no
# sentence-final punctuation, or a short first sentence run into its paragraph.
#: A heading line ending in one of these is unfinished and may continue on the next line.
BROKEN_AFTER = frozenset("、，,的和与及暨")
_STUB_FORBIDDEN = regex.compile(r"[\d#%％。！？!?；;，,]")

MAX_HEADING = 60
MAX_HEADING_SENTENCE = 40
MAX_PLAIN_HEADING = 30
MAX_CONTINUATION = 12
MAX_TITLE = 60
MIN_BODY_BEFORE_NEXT_DOCUMENT = 200
HEAD_LINES = 8
TAIL_LINES = 4
LOOKAHEAD_FOR_CLOSER = 80
#: How far into a document its title or salutation shows it was delivered to a congress.
DELIVERED_REACH = 2000

_SIGN_OFF = regex.compile(
    r"^(?P<org>[^。！？；，,\d]{0,30}?)[\s　]*(?:"
    r"\d{4}\s*年(?:\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?)?"
    r"|[〇零○Ｏ一二三四五六七八九]{4}年(?:[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?)?"
    r")$"
)
_SENTENCE_PUNCT = regex.compile(r"[。！？!?；;，,]")
_INNER_TERMINAL = regex.compile(r"[。！？!?；;]")
_MARKDOWN = regex.compile(r"(#{1,6})[ \t]+")
_SPACES = regex.compile(r"[ \t\u3000\xa0]+")


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class Furniture:
    """A stretch of page chrome (navigation, metadata, page markers…), not report text."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the text it governs, up to the next heading of the same or a higher level.

    ``role`` is inherited: a subsection of a plan is a plan even when its own
    heading says nothing. ``year`` is the year the heading itself names
    (``二、2007年工作思路`` → 2007, ``一、过去一年工作回顾`` → document year − 1), or the
    year of the top-level part it continues (``科技工作目标任务`` after ``2007年工作思路``),
    or None; :meth:`Report.locate` gives the nearest enclosing one.
    """

    heading: str
    marker: str
    level: int
    start: int
    heading_end: int
    end: int
    path: str
    role: Role | None
    year: int | None
    children: tuple[Section, ...] = ()

    def walk(self) -> Iterator[Section]:
        """This section and all below it, in text order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, slots=True)
class Document:
    """One report inside a page; a page that holds several keeps one ``doc_id``.

    ``issuer`` is the issuing body where the text states it (a title prefix such
    as ``区科技局``, a byline under the title, or a sign-off line). ``year`` is the
    document's own year: the first year in its title that is not a horizon
    (``二〇三五年远景目标``), else, for a report not delivered to a congress, the year
    its opening line is about (``2023年，全州…``), else the first date near its top
    (a work report's delivery date), else its sign-off date, else the years its
    parts name (a plan part its own year, a review part the year before) or,
    for an undated work report, a year after the year its review cites most;
    every other layer takes the document's year from here. ``delivered``
    marks a report delivered to a congress (政府工作报告): its review is of the
    year before its own.
    """

    title: str | None
    issuer: str | None
    year: int | None
    start: int
    end: int
    title_end: int
    role: Role | None
    sections: tuple[Section, ...] = ()
    delivered: bool = False

    def walk(self) -> Iterator[Section]:
        """All sections in text order."""
        for section in self.sections:
            yield from section.walk()


@dataclass(frozen=True, slots=True)
class Location:
    """Where an offset stands: the one answer the context layer asks of the structure.

    ``sections`` is the chain of sections holding it, outermost first;
    ``role`` the outermost section's that has one (roles are inherited
    downwards, so a review's subsections review), else the document's;
    ``heading_year`` the nearest enclosing heading's year; ``year`` that, else
    the document's.
    """

    offset: int
    document: Document | None
    sections: tuple[Section, ...]
    role: Role | None
    heading_year: int | None
    year: int | None
    sentence: Span | None
    furniture: bool
    report: Report = field(repr=False, compare=False)

    @property
    def section(self) -> Section | None:
        """The innermost section holding the offset."""
        return self.sections[-1] if self.sections else None

    @property
    def path(self) -> str:
        """The heading path, outermost first, joined by `` > ``."""
        return self.sections[-1].path if self.sections else ""

    @property
    def clause(self) -> Span | None:
        """The clause (inside its sentence) holding the offset."""
        return self.report.clause_at(self.offset)


@dataclass(frozen=True)
class Report:
    """A text with its structure; every span is an offset pair into ``text``.

    ``metrics`` holds the text's records when the report comes from
    :func:`reportmine.parse` (empty from :func:`parse_structure` alone).
    """

    text: str
    doc_id: str | None
    documents: tuple[Document, ...]
    furniture: tuple[Furniture, ...]
    sentences: tuple[Span, ...]
    metrics: tuple[Metric, ...] = ()
    _doc_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _sentence_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    _furniture_starts: tuple[int, ...] = field(default=(), repr=False, compare=False)
    # Each tuple of sibling sections with their starts, by the tuple's id, filled on first
    # lookup (the tuple is kept and checked, so a reused id can never give stale starts).
    _section_starts: dict[int, tuple[tuple[Section, ...], list[int]]] = field(
        default_factory=dict, repr=False, compare=False
    )

    def __repr__(self) -> str:
        """One line for a terminal: the whole text would be hundreds of thousands of characters."""
        titles = [d.title for d in self.documents if d.title][:3]
        return (
            f"<Report doc_id={self.doc_id!r}: {len(self.text)} characters, "
            f"{len(self.documents)} documents {titles}, {len(self.sentences)} sentences, "
            f"{len(self.metrics)} metrics>"
        )

    def _repr_html_(self) -> str:
        """The report with every figure highlighted, for Jupyter (see reportmine.display)."""
        from reportmine.display import report_html  # display imports this module

        return report_html(self)

    def to_frame(self) -> pd.DataFrame:
        """The report's records as a DataFrame (see :func:`reportmine.to_frame`)."""
        from reportmine.frame import to_frame  # pandas only when a frame is asked for

        return to_frame(self.metrics)

    @property
    def furniture_spans(self) -> list[Span]:
        """The furniture as plain ``(start, end)`` pairs."""
        return [(f.start, f.end) for f in self.furniture]

    def is_furniture(self, offset: int) -> bool:
        """Whether ``offset`` falls inside page furniture."""
        i = bisect.bisect_right(self._furniture_starts, offset) - 1
        return i >= 0 and offset < self.furniture[i].end

    def document_at(self, offset: int) -> Document | None:
        """The document whose span holds ``offset``."""
        i = bisect.bisect_right(self._doc_starts, offset) - 1
        if i >= 0 and offset < self.documents[i].end:
            return self.documents[i]
        return None

    def sections_at(self, offset: int) -> list[Section]:
        """The chain of sections holding ``offset``, outermost first."""
        return self._sections_in(self.document_at(offset), offset)

    def _sections_in(self, document: Document | None, offset: int) -> list[Section]:
        """:meth:`sections_at` in a document already found (locate needs both)."""
        chain: list[Section] = []
        children = document.sections if document else ()
        while children:
            known = self._section_starts.get(id(children))
            if known is None or known[0] is not children:
                known = self._section_starts[id(children)] = (children, [s.start for s in children])
            i = bisect.bisect_right(known[1], offset) - 1
            if i < 0 or offset >= children[i].end:
                break
            chain.append(children[i])
            children = children[i].children
        return chain

    def section_at(self, offset: int) -> Section | None:
        """The innermost section holding ``offset``."""
        chain = self.sections_at(offset)
        return chain[-1] if chain else None

    def sentence_at(self, offset: int) -> Span | None:
        """The sentence span holding ``offset``."""
        i = bisect.bisect_right(self._sentence_starts, offset) - 1
        if i >= 0 and offset < self.sentences[i][1]:
            return self.sentences[i]
        return None

    def clause_at(self, offset: int) -> Span | None:
        """The clause span (inside its sentence) holding ``offset``."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return None
        for start, end in split_clauses(self.text, *sentence):
            if start <= offset < end:
                return (start, end)
        return sentence

    def locate(self, offset: int) -> Location:
        """Document, sections, role, years, sentence and furniture at ``offset`` (see Location)."""
        document = self.document_at(offset)
        chain = tuple(self._sections_in(document, offset))
        role = document.role if document else None
        heading_year = None
        if chain:  # else the document decides: no generator for an empty chain
            role = next((s.role for s in chain if s.role), role)
            heading_year = next((s.year for s in reversed(chain) if s.year is not None), None)
        year = heading_year if heading_year is not None else (document.year if document else None)
        return Location(
            offset=offset,
            document=document,
            sections=chain,
            role=role,
            heading_year=heading_year,
            year=year,
            sentence=self.sentence_at(offset),
            furniture=self.is_furniture(offset),
            report=self,
        )

    def span_text(self, span: Span) -> str:
        """The text of a span."""
        return self.text[span[0] : span[1]]


# --------------------------------------------------------------------------- lexicons


@dataclass(frozen=True, slots=True)
class _Furniture:
    line: regex.Pattern[str]
    line_kinds: tuple[str, ...]
    text: tuple[regex.Pattern[str], ...]
    text_kinds: tuple[str, ...]


@cache
def _furniture_patterns() -> _Furniture:
    """furniture.tsv compiled into one line pattern and one pattern per running-text row.

    The running-text rows are kept apart: joined into one alternation they lose the
    literal each needs (页, @, 字…) and the scan turns quadratic on a run of digits or
    spaces; see :func:`_text_furniture` for how they are scanned as that alternation was.
    """
    rows = read_table("furniture.tsv")
    line = [r for r in rows if r["scope"] == "line"]
    text = [r for r in rows if r["scope"] == "text"]
    blank = r"[ \t\u3000\xa0\r\ufeff]*"
    line_alt = "|".join(f"(?P<f{i}>{r['pattern']})" for i, r in enumerate(line))
    return _Furniture(
        line=regex.compile(f"{blank}(?:{line_alt}){blank}"),
        line_kinds=tuple(r["kind"] for r in line),
        text=tuple(regex.compile(r["pattern"], regex.MULTILINE) for r in text),
        text_kinds=tuple(r["kind"] for r in text),
    )


@cache
def _marker_pattern() -> tuple[regex.Pattern[str], tuple[str, ...]]:
    """headings.tsv as one pattern anchored at a line start; group ``m<i>`` is marker i."""
    rows = read_table("headings.tsv")
    alt = "|".join(f"(?P<m{i}>{r['pattern']})" for i, r in enumerate(rows))
    return regex.compile(f"(?:{alt})"), tuple(r["marker"] for r in rows)


#: section_roles.tsv's roles; ``none`` marks a part that neither reviews nor plans (名词解释).
_ROLES: dict[str, Role | None] = {"review": "review", "plan": "plan", "none": None}


@cache
def _role_cues() -> tuple[regex.Pattern[str], dict[str, tuple[Role | None, int | None]]]:
    """section_roles.tsv as an alternation (longest first) and its cue table."""
    table: dict[str, tuple[Role | None, int | None]] = {}
    for row in read_table("section_roles.tsv"):
        if row["role"] not in _ROLES:
            raise LexiconError(f"section_roles.tsv: {row['cue']}: unknown role {row['role']!r}")
        offset = int(row["year_offset"]) if row["year_offset"] else None
        table[row["cue"]] = (_ROLES[row["role"]], offset)
    alt = "|".join(regex.escape(c) for c in sorted(table, key=len, reverse=True))
    return regex.compile(alt), table


@cache
def _document_cues() -> tuple[regex.Pattern[str], regex.Pattern[str], regex.Pattern[str]]:
    """document_cues.tsv as a title pattern (ends with a genre), an issuer pattern, and an
    issuer pattern that names a place (``上海市政府``), for titles that run the two together."""
    rows = read_table("document_cues.tsv")
    genres = sorted((r["cue"] for r in rows if r["kind"] == "genre"), key=len, reverse=True)
    orgs = sorted((r["cue"] for r in rows if r["kind"] == "org_suffix"), key=len, reverse=True)
    genre_alt = "|".join(regex.escape(g) for g in genres)
    org_alt = "|".join(regex.escape(o) for o in orgs)
    title = regex.compile(
        rf"(?:#{{1,6}})?(?P<t>[^。！？；;!?，,]{{2,{MAX_TITLE}}}?(?:{genre_alt}))"
        rf"(?:[（(][^（()）]{{0,24}}[)）])?[①-⑳*]?"
    )
    issuer = regex.compile(rf"[^\s，,。；：:（）()“”\d]{{1,30}}?(?:{org_alt})")
    placed = regex.compile(
        rf"[^\s，,。；：:（）()“”\d]{{0,12}}?[省市县区州旗盟乡镇]"
        rf"[^\s，,。（）\d]{{0,8}}?(?:{org_alt})"
    )
    return title, issuer, placed


@cache
def _delivered_cue() -> regex.Pattern[str]:
    """document_cues.tsv's ``delivered`` cues (政府工作报告, 各位代表) as one pattern."""
    cues = [r["cue"] for r in read_table("document_cues.tsv") if r["kind"] == "delivered"]
    return regex.compile("|".join(regex.escape(c) for c in sorted(cues, key=len, reverse=True)))


# --------------------------------------------------------------------------- furniture


def find_furniture(text: str) -> list[Furniture]:
    """Page furniture of ``text`` as sorted, non-overlapping spans (never changes the text).

    Line patterns must cover a whole line, so a report sentence that merely
    mentions a website or a date is never taken; running-text patterns (URLs,
    ``共2页,当前第1页``, image links, font-size button rows) are taken wherever
    they occur.
    """
    return _find_furniture(text, _lines(text))


def _find_furniture(text: str, lines: Sequence[_Line]) -> list[Furniture]:
    patterns = _furniture_patterns()
    found: list[Furniture] = []
    for line in lines:
        if line.start == line.end or line.end - line.start > 200:
            continue
        m = patterns.line.fullmatch(text, line.start, line.end)
        if m is not None and m.lastgroup is not None:
            found.append(Furniture(line.start, line.end, patterns.line_kinds[int(m.lastgroup[1:])]))
    for kind, m in _text_furniture(text, patterns):
        start, end = _trim(text, m.start(), m.end())
        if start < end:
            found.append(Furniture(start, end, kind))
    return _merge(found)


def _text_furniture(text: str, patterns: _Furniture) -> Iterator[tuple[str, regex.Match[str]]]:
    """The matches an alternation of the running-text patterns would give, left to right.

    Each pattern keeps its next match at or after the scan position (searched again only
    once a match taken passes its start); the leftmost one is taken, the earlier row on a
    tie, as an alternation does. Each pattern scans the text about once: linear time.
    """
    pending: list[regex.Match[str] | None] = [p.search(text) for p in patterns.text]
    pos = 0
    while True:
        for i, m in enumerate(pending):
            if m is not None and m.start() < pos:
                pending[i] = m = patterns.text[i].search(text, pos)
        live = [(m.start(), i) for i, m in enumerate(pending) if m is not None]
        if not live:
            return
        _, i = min(live)
        m = pending[i]
        assert m is not None
        yield patterns.text_kinds[i], m
        pos = m.end() if m.end() > m.start() else m.end() + 1


def _merge(spans: list[Furniture]) -> list[Furniture]:
    """Sorted spans with overlaps joined (the first span's kind is kept)."""
    spans.sort(key=lambda f: (f.start, -f.end))
    merged: list[Furniture] = []
    for f in spans:
        if merged and f.start < merged[-1].end:
            last = merged[-1]
            if f.end > last.end:
                merged[-1] = Furniture(last.start, f.end, last.kind)
            continue
        merged.append(f)
    return merged


def _trim(text: str, start: int, end: int) -> Span:
    """``[start, end)`` without blank characters at either edge."""
    while start < end and text[start] in BLANKS:
        start += 1
    while end > start and text[end - 1] in BLANKS:
        end -= 1
    return start, end


# --------------------------------------------------------------------------- lines


@dataclass(slots=True)
class _Line:
    """One line: content bounds (blanks trimmed) and the offset where the next line starts."""

    start: int
    end: int
    next: int
    furniture: bool = False
    heading: bool = False
    title: bool = False
    repeat: bool = False
    closing: bool = False


def _lines(text: str) -> list[_Line]:
    """The lines of ``text`` with content bounds; ``\\r\\n`` and other breaks count as one break."""
    lines: list[_Line] = []
    pos = 0
    for piece in text.splitlines(keepends=True):
        stripped = piece.lstrip(BLANKS)
        start = pos + len(piece) - len(stripped)
        end = start + len(stripped.rstrip(BLANKS))
        pos += len(piece)
        lines.append(_Line(start, end, pos))
    return lines


def _mark_furniture(text: str, lines: Sequence[_Line], furniture: Sequence[Furniture]) -> None:
    """Flag each line whose whole content is covered by furniture (blanks between spans allowed)."""
    i = 0
    for line in lines:
        if line.start == line.end:
            continue
        while i < len(furniture) and furniture[i].end <= line.start:
            i += 1
        pos, j = line.start, i
        while j < len(furniture) and furniture[j].start <= pos:
            pos = max(pos, furniture[j].end)
            while pos < line.end and text[pos] in BLANKS:
                pos += 1
            j += 1
        line.furniture = pos >= line.end
        line.closing = line.furniture and furniture[i].kind in CLOSING_FURNITURE


def _compact(text: str, line: _Line) -> str:
    """A line's content without inner spaces (``政 府 工 作 报 告`` → ``政府工作报告``)."""
    return _SPACES.sub("", text[line.start : line.end])


# --------------------------------------------------------------------------- years


def heading_year(heading: str, document_year: int | None) -> int | None:
    """The single year a heading names, explicit or relative to the document's; None for ranges."""
    if years.YEAR_RANGE.search(heading):
        return None
    explicit = years.first_year(heading)
    if explicit is not None:
        return explicit
    cue = role_of(heading)
    if cue is not None and cue[1] is not None and document_year is not None:
        return document_year + cue[1]
    return None


def role_of(heading: str) -> tuple[Role | None, int | None] | None:
    """The role (and relative year offset) of the leftmost cue in ``heading``; a role of
    None (名词解释) ends the role of the part before it rather than inheriting it."""
    pattern, table = _role_cues()
    m = pattern.search(heading)
    return table[m.group()] if m else None


# --------------------------------------------------------------------------- documents


@dataclass(slots=True)
class _DocDraft:
    title: str | None
    title_key: str | None
    start: int
    title_end: int
    first_line: int
    body_chars: int = 0
    last_content: int = -1
    end: int = 0
    lines: list[int] = field(default_factory=list)


def _title_of(text: str, line: _Line) -> str | None:
    """The title a line states, if shaped like one: short, unpunctuated, ending in a genre."""
    if line.end - line.start > MAX_TITLE + 20 or line.furniture:
        return None
    compact = _compact(text, line)
    if compact.startswith(("—", "-")) or _marker_at(compact, 0) is not None:
        return None
    title_pattern, _, _ = _document_cues()
    if title_pattern.fullmatch(compact) is None:
        return None
    shown = text[line.start : line.end].lstrip("#").strip(BLANKS).rstrip("①*")
    return compact.lstrip("#").rstrip("①*") if len(shown) >= 1.5 * len(compact) else shown


def _is_sign_off(text: str, line: _Line) -> bool:
    """A closing line: an issuer and/or a date and nothing else (``奉贤区科委、科协2006年10月``)."""
    return line.end - line.start <= 40 and _SIGN_OFF.match(_compact(text, line)) is not None


def _split_documents(text: str, lines: Sequence[_Line]) -> list[_DocDraft]:
    """Documents by title lines.

    The first document starts at the first line that is not furniture; it is
    titled by the first title-shaped line among its first few lines. A later
    title-shaped line starts a new document only when (a) the current one
    already has a body, (b) it does not repeat a title seen before (a running
    page header), and (c) something closes the text before it: furniture, a
    sign-off line (issuer and date), or two blank lines. Inside one report,
    a line like ``2007年工作思路`` follows a paragraph and so stays a heading.
    Furniture closes a page only when it is page-level chrome (pagination,
    copyright, navigation…), not a watermark URL or a PDF page number.
    """
    docs: list[_DocDraft] = []
    seen_titles: set[str] = set()
    prev_closing = True
    for index, line in enumerate(lines):
        if line.start == line.end:
            continue
        if line.furniture:
            prev_closing = prev_closing or line.closing
            continue
        title = _title_of(text, line)
        key = _SPACES.sub("", title) if title else None
        current = docs[-1] if docs else None
        if current is None:
            docs.append(_DocDraft(title, key, line.start, line.end, index))
            if key is not None:
                line.title = True
                seen_titles.add(key)
            else:
                docs[-1].title_end = line.start
                docs[-1].lines.append(index)
                docs[-1].body_chars += line.end - line.start
        elif key is not None and key in seen_titles:
            line.title = line.repeat = True  # a repeated title: page header or echo
        elif (
            key is not None and current.body_chars >= MIN_BODY_BEFORE_NEXT_DOCUMENT and prev_closing
        ):
            line.title = True
            seen_titles.add(key)
            docs.append(_DocDraft(title, key, line.start, line.end, index))
        else:
            if current.title is None and key is not None and _only_chrome(text, lines, current):
                current.title, current.title_key, current.title_end = title, key, line.end
                current.start, current.lines, current.body_chars = line.start, [], 0
                line.title = True
                seen_titles.add(key)
            else:
                current.body_chars += line.end - line.start
                current.lines.append(index)
        docs[-1].last_content = line.end
        prev_closing = _is_sign_off(text, line)
    for doc in docs:
        doc.end = max(doc.last_content, doc.title_end)
    return docs


def _only_chrome(text: str, lines: Sequence[_Line], draft: _DocDraft) -> bool:
    """Whether a document so far holds only a few short unpunctuated lines (menu leftovers).

    A title found after such lines still starts the document; what came before
    it (``云南要闻``, a news headline) is left outside every document.
    """
    total = 0
    for index in draft.lines:
        line = lines[index]
        total += line.end - line.start
        if line.end - line.start > 20 or _SENTENCE_PUNCT.search(text, line.start, line.end):
            return False
    return total <= 100 and len(draft.lines) <= 6


def _document_year(
    title: str | None, head: str, tail: str, metadata: str, delivered: bool
) -> int | None:
    """Title year (not a horizon); else, for a report not delivered to a congress, the year
    its opening sentence is about (``2023年，全州…`` under a 2024 publication date); else
    the first date near the top (delivery date), the sign-off date, or a year in the
    metadata header a scraper put before the document (``标题：…2003年…``).

    A delivered report's year is the year it is delivered (docs/records.md), whatever
    year its opening reviews.
    """
    opening = None if delivered else years.OPENING_YEAR.search(head)
    for candidate in (
        years.title_year(title or "", last=delivered),  # the plan's year, when it names two
        years.plausible_year(opening.group(1), opening.group(2)) if opening else None,
        years.date_year(head),
        years.date_year(tail),
        years.first_year(metadata),
        years.date_year(metadata),
    ):
        if candidate is not None:
            return candidate
    return None


def _issuer(text: str, draft: _DocDraft, lines: Sequence[_Line]) -> str | None:
    """The issuing body where stated: title prefix, byline under the title, or sign-off line."""
    _, issuer, placed = _document_cues()
    if draft.title:
        m = years.YEAR.search(draft.title)
        prefix = draft.title[: m.start()] if m else ""
        if prefix and issuer.fullmatch(prefix):
            return prefix
    body_lines = [lines[i] for i in draft.lines]
    candidates = body_lines[:2] + body_lines[-TAIL_LINES:][::-1]
    for line in candidates:
        compact = _compact(text, line)
        m = _SIGN_OFF.match(compact)
        name = (m.group("org") if m else compact).rstrip("　 ")
        if name and len(name) <= 30 and issuer.fullmatch(name):
            return text[line.start : line.end] if m is None else name
    if draft.title:
        core = years.YEAR.sub("", draft.title)
        m2 = placed.match(core)
        if m2 and m2.end() < len(core):
            return m2.group()
    return None


# --------------------------------------------------------------------------- headings


def _marker_at(text: str, pos: int, end: int | None = None) -> tuple[str, int] | None:
    """The heading marker type at ``pos`` and where the heading text after it starts."""
    pattern, names = _marker_pattern()
    m = pattern.match(text, pos, end if end is not None else len(text))
    if m is None or m.lastgroup is None:
        return None
    return names[int(m.lastgroup[1:])], m.end()


def _heading_end(text: str, start: int, end: int) -> int | None:
    """Where a marked heading ends, or None when the line is a list item paragraph.

    The rule: with no sentence-final mark inside it (one at the very end is
    allowed), a line is a heading when its text is at most 60 characters (40
    when it ends in a full stop, since a one-sentence list item ending in 。
    is the usual false friend); with a full stop inside, the first sentence is
    a run-in heading when it is at most 40 characters. Longer first sentences
    are list items of a paragraph (``1、为充分发挥科技项目的引领作用,…``).
    """
    m = _INNER_TERMINAL.search(text, start, end)
    if m is None:
        return end if end - start <= MAX_HEADING else None
    stop = m.start()
    rest = start
    after = stop + 1
    while after < end and text[after] in CLOSERS:
        after += 1
    if after >= end:
        return end if stop - rest <= MAX_HEADING_SENTENCE else None
    return stop if stop - start <= MAX_HEADING_SENTENCE else None


@dataclass(slots=True)
class _Heading:
    marker: str
    start: int
    heading_end: int
    text: str
    line_index: int


def _find_headings(
    text: str, lines: Sequence[_Line], draft: _DocDraft, wrap: int | None
) -> list[_Heading]:
    """Marked headings, markdown headings and unmarked role headings of one document."""
    found: list[_Heading] = []
    indices = draft.lines
    skip: set[int] = set()
    for k, index in enumerate(indices):
        if index in skip:
            continue
        line = lines[index]
        follows = k + 1 < len(indices) and indices[k + 1] == index + 1
        adjacent = lines[index + 1] if follows else None
        heading = _heading_on(text, line, index, wrap)
        if heading is None:
            continue
        if adjacent is not None and heading.heading_end == line.end:
            joined = _joined(text, heading, adjacent)
            if joined is not None:
                heading = joined
                skip.add(indices[k + 1])
                lines[indices[k + 1]].heading = True
        line.heading = True
        found.append(heading)
    return found


def _heading_on(text: str, line: _Line, index: int, wrap: int | None) -> _Heading | None:
    """The heading a line opens with, if any."""
    pos = line.start
    markdown = _MARKDOWN.match(text, pos, line.end)
    md_marker = None
    if markdown is not None:
        md_marker = f"md{len(markdown.group(1))}"
        pos = markdown.end()
    marker = _marker_at(text, pos, line.end)
    if marker is None:
        if md_marker is not None and line.end - pos <= MAX_HEADING + 20:
            return _Heading(md_marker, line.start, line.end, text[pos : line.end], index)
        return _plain_heading(text, line, index)
    name, body = marker
    if body >= line.end:
        return None if md_marker is None else _Heading(name, line.start, line.end, "", index)
    end = _heading_end(text, body, line.end)
    if end is None:
        return None
    full_width = wrap is not None and line.end - line.start >= wrap - 3
    if end == line.end and full_width and text[line.end - 1] not in TERMINALS:
        return None  # a wrapped paragraph line of a PDF, not a heading
    return _Heading(name, line.start, end, _heading_text(text, pos, end), index)


def _plain_heading(text: str, line: _Line, index: int) -> _Heading | None:
    """An unmarked heading: a short unpunctuated line ending in a role cue (``2007年工作思路``)."""
    compact = _compact(text, line).rstrip("：:")
    if not 2 <= len(compact) <= MAX_PLAIN_HEADING or _SENTENCE_PUNCT.search(compact):
        return None
    if compact.startswith(("—", "-")):
        return None
    pattern, _ = _role_cues()
    if not any(m.end() == len(compact) for m in pattern.finditer(compact, overlapped=True)):
        return None
    return _Heading("plain", line.start, line.end, _heading_text(text, line.start, line.end), index)


def _joined(text: str, heading: _Heading, nxt: _Line) -> _Heading | None:
    """A heading broken over two lines (``一、综`` / ``合``), joined when the second line is a stub.

    The second line must be short, free of digits and punctuation, and the
    first must look unfinished: it ends in a joining mark (、 的 和…) or one of
    the two parts is a few characters at most (a justified PDF heading).
    """
    stub = _compact(text, nxt).rstrip("。：:")
    if not stub or len(stub) > MAX_CONTINUATION or nxt.furniture or heading.marker == "plain":
        return None
    if _STUB_FORBIDDEN.search(stub) or _marker_at(stub, 0) is not None:
        return None
    last = text[heading.heading_end - 1]
    if last in TERMINALS or last in "：:":
        return None
    body = len(heading.text) - len(_marker_prefix(heading.text))
    if not (last in BROKEN_AFTER or body <= 4 or len(stub) <= 2):
        return None
    combined = heading.text + stub
    if len(combined) > MAX_HEADING_SENTENCE + 10:
        return None
    return _Heading(heading.marker, heading.start, nxt.end, combined, heading.line_index)


def _marker_prefix(heading: str) -> str:
    """The marker at the start of a heading's text (empty when unmarked)."""
    marker = _marker_at(heading, 0)
    return heading[: marker[1]] if marker else ""


def _heading_text(text: str, start: int, end: int) -> str:
    """A heading as shown in a path: inner spaces kept, trailing stops and colons dropped."""
    return text[start:end].strip(BLANKS).rstrip("。：:；;").replace("\r", "").replace("\n", "")


def _levels(headings: Sequence[_Heading]) -> list[int]:
    """The level of each heading: marker types ranked by first appearance in the document.

    An unmarked role heading (``2007年工作思路``) is a part divider: level 0 when
    the document opens with one, or when no heading of the top numbered type
    follows it (``2007年整体工作思路`` closing a summary). Amid numbered parts
    (``主要目标`` inside ``二、…``) it is a leaf label below the current heading, unless it
    heads notes (名词解释), a part of their own whatever follows.
    """
    opens_plain = bool(headings) and headings[0].marker == "plain"
    order = ["plain"] if opens_plain else []
    for h in headings:
        if h.marker not in order and h.marker != "plain":
            order.append(h.marker)
    rank = {name: i for i, name in enumerate(order)}
    top = order[0] if order else None
    # the last heading of the top type, found once (not looked for after each plain heading)
    last_top = max((i for i, h in enumerate(headings) if h.marker == top), default=-1)
    levels: list[int] = []
    for i, h in enumerate(headings):
        if h.marker != "plain" or opens_plain:
            levels.append(rank[h.marker])
        elif last_top > i and not _is_notes(h):
            levels.append(len(order))
        else:
            levels.append(0)
    return levels


@dataclass(slots=True)
class _Node:
    heading: _Heading
    level: int
    end: int
    path: str
    role: Role | None
    year: int | None
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> Section:
        return Section(
            heading=self.heading.text,
            marker=self.heading.marker,
            level=self.level,
            start=self.heading.start,
            heading_end=self.heading.heading_end,
            end=self.end,
            path=self.path,
            role=self.role,
            year=self.year,
            children=tuple(c.freeze() for c in self.children),
        )


def _section_tree(
    headings: Sequence[_Heading], doc_end: int, doc_year: int | None
) -> tuple[Section, ...]:
    """Sections nested by level; roles inherited downward and, once a plan begins, forward.

    Reports move from review to plan and not back, so a top-level section
    with no cue of its own after a plan section (``四、加强政府自身建设``) is a plan.
    A top-level section that names no year and continues the role of the one
    before it continues its year too.
    """
    levels = _levels(headings)
    roots: list[_Node] = []
    stack: list[_Node] = []
    last: _Node | None = None  # the last top-level section that is a part of the report, not notes
    for h, level in zip(headings, levels, strict=True):
        while stack and stack[-1].level >= level:
            stack.pop().end = h.start
        parent = stack[-1] if stack else None
        cue = role_of(h.text)
        if cue is not None:
            role: Role | None = cue[0]
        elif parent is not None:
            role = parent.role
        else:
            role = "plan" if last is not None and last.role == "plan" else None
        path = f"{parent.path} > {h.text}" if parent else h.text
        year = heading_year(h.text, doc_year)
        if year is None and parent is None and last is not None and role and last.role == role:
            year = last.year  # 2007年工作思路 / 科技工作目标任务: one plan in two parts
        node = _Node(h, level, doc_end, path, role, year)
        (parent.children if parent else roots).append(node)
        stack.append(node)
        if parent is None and not (cue is not None and cue[0] is None):  # not notes
            last = node
    return tuple(n.freeze() for n in roots)


def _is_notes(heading: _Heading) -> bool:
    """A heading of notes (名词解释, 注释): a part of its own, outside review and plan."""
    cue = role_of(heading.text)
    return cue is not None and cue[0] is None


# --------------------------------------------------------------------------- sentences


def _wrap_width(text: str, lines: Sequence[_Line]) -> int | None:
    """The line width of hard-wrapped text (PDF layers), or None for one paragraph per line.

    Text counts as hard-wrapped when most lines of some length end without
    sentence punctuation; the width is then the median length of such lines.
    Lines that end a sentence are then no longer than that width (a wrapped
    paragraph's last line is short); where they are much longer, the open
    lines are headings between one-line paragraphs, not wrapped text.
    """
    open_lengths: list[int] = []
    closed_lengths: list[int] = []
    for line in lines:
        length = line.end - line.start
        if length < 8 or line.furniture:
            continue
        if text[line.end - 1] in TERMINALS:
            closed_lengths.append(length)
        else:
            open_lengths.append(length)
    total = len(open_lengths) + len(closed_lengths)
    if total < 10 or len(open_lengths) < 0.4 * total:
        return None
    median = _median(open_lengths)
    if closed_lengths and _median(closed_lengths) > 1.2 * median:
        return None
    return median if median <= 80 else None


def _median(values: list[int]) -> int:
    return sorted(values)[len(values) // 2]


def _continues(text: str, line: _Line, nxt: _Line, wrap: int | None) -> bool:
    """Whether the sentence at the end of ``line`` runs on into the next line."""
    last = text[line.end - 1]
    if last in TERMINALS or last in "：:":
        return False
    if last in CONTINUES_AFTER or text[nxt.start] in CONTINUES_BEFORE:
        return True
    return wrap is not None and line.end - line.start >= 0.7 * wrap


def _paragraphs(
    text: str, lines: Sequence[_Line], wrap: int | None, furniture: Sequence[Furniture]
) -> Iterator[Span]:
    """Runs of text sentences may not cross: paragraphs, headings, titles; cut at furniture."""
    ends = [f.end for f in furniture]  # once: a page of repeated lines has furniture per line
    start: int | None = None
    end = 0
    previous = -2
    for index, line in enumerate(lines):
        if line.start == line.end:
            continue
        if start is not None and not (
            previous == index - 1
            and not (line.furniture or line.heading or line.title)
            and not (lines[previous].heading or lines[previous].title)
            and _continues(text, lines[previous], line, wrap)
        ):
            yield from _cut(start, end, furniture, ends)
            start = None
        if line.furniture:
            continue
        if start is None:
            start = line.start
        end = line.end
        previous = index
    if start is not None:
        yield from _cut(start, end, furniture, ends)


def _cut(
    start: int, end: int, furniture: Sequence[Furniture], ends: Sequence[int]
) -> Iterator[Span]:
    """``[start, end)`` minus the furniture inside it; ``ends`` are the furniture's ends."""
    i = bisect.bisect_left(ends, start + 1)
    pos = start
    while i < len(furniture) and furniture[i].start < end:
        if furniture[i].start > pos:
            yield (pos, furniture[i].start)
        pos = max(pos, furniture[i].end)
        i += 1
    if pos < end:
        yield (pos, end)


def _split(text: str, start: int, end: int, marks: frozenset[str]) -> list[Span]:
    """Cut ``[start, end)`` after each mark in ``marks`` that is not inside a quotation.

    A mark inside “…” (or brackets) is skipped only when the closing mark
    follows within a short distance, so one stray quote cannot swallow a
    paragraph. Closing quotes right after a mark stay with its piece.
    """
    pieces: list[Span] = []
    piece_start = start
    closers: list[str] = []
    pos = start
    events = _event_pattern(marks)
    for m in events.finditer(text, start, end):
        ch = m.group()
        pos = m.start()
        if ch in QUOTES:
            closers.append(QUOTES[ch])
            continue
        if closers and ch == closers[-1]:
            closers.pop()
            continue
        if ch in CLOSERS:
            continue
        if closers:
            found = text.find(closers[-1], pos, min(end, pos + LOOKAHEAD_FOR_CLOSER))
            if found != -1:
                continue
            closers.clear()
        if ch in ",:" and _between_digits(text, pos, end):
            continue
        cut = pos + 1
        while cut < end and (text[cut] in marks or text[cut] in CLOSERS):
            cut += 1
        piece = _trim(text, piece_start, cut)
        if piece[0] < piece[1]:
            pieces.append(piece)
        piece_start = cut
    piece = _trim(text, piece_start, end)
    if piece[0] < piece[1]:
        pieces.append(piece)
    return pieces


@cache
def _event_pattern(marks: frozenset[str]) -> regex.Pattern[str]:
    chars = set(marks) | set(QUOTES) | set(QUOTES.values()) | CLOSERS
    return regex.compile("[" + "".join(regex.escape(c) for c in sorted(chars)) + "]")


def _between_digits(text: str, pos: int, end: int) -> bool:
    """An ASCII comma or colon inside a number or a time (``1,234``, ``09:45``)."""
    return pos > 0 and text[pos - 1].isdigit() and pos + 1 < end and text[pos + 1].isdigit()


def split_clauses(text: str, start: int, end: int) -> list[Span]:
    """Clause spans of the sentence ``[start, end)``: cut at ，、：； and the terminals."""
    return _split(text, start, end, TERMINALS | CLAUSE_MARKS)


def _sentences(
    text: str, lines: Sequence[_Line], wrap: int | None, furniture: Sequence[Furniture]
) -> list[Span]:
    spans: list[Span] = []
    for start, end in _paragraphs(text, lines, wrap, furniture):
        spans.extend(_split(text, start, end, TERMINALS))
    return spans


def split_sentences(text: str) -> list[Span]:
    """Sentence spans of ``text`` (furniture left out); see :func:`parse_structure`."""
    return list(parse_structure(text).sentences)


# --------------------------------------------------------------------------- entry point


def parse_structure(text: str, doc_id: str | None = None) -> Report:
    """The structure of ``text``: furniture, documents, section trees and sentences.

    Runs in one pass of line classification plus regular-expression scans;
    no segmentation, so it costs well under a second per million characters.
    """
    lines = _lines(text)
    furniture = _find_furniture(text, lines)
    _mark_furniture(text, lines, furniture)
    wrap = _wrap_width(text, lines)
    documents: list[Document] = []
    previous_end = 0
    for draft in _split_documents(text, lines):
        metadata = "\n".join(
            text[f.start : f.end]
            for f in furniture
            if f.kind == "metadata" and previous_end <= f.start < draft.start
        )
        documents.append(_document(text, lines, draft, wrap, metadata))
        previous_end = draft.end
    furniture = _merge(furniture + _running_headers(lines))
    sentences = _sentences(text, lines, wrap, furniture)
    return Report(
        text=text,
        doc_id=doc_id,
        documents=tuple(documents),
        furniture=tuple(furniture),
        sentences=tuple(sentences),
        _doc_starts=tuple(d.start for d in documents),
        _sentence_starts=tuple(s for s, _ in sentences),
        _furniture_starts=tuple(f.start for f in furniture),
    )


def _running_headers(lines: Sequence[_Line]) -> list[Furniture]:
    """Repeats of a title line after its first occurrence: page headers, kept out of sentences."""
    return [Furniture(ln.start, ln.end, "running_header") for ln in lines if ln.repeat]


def _document(
    text: str, lines: Sequence[_Line], draft: _DocDraft, wrap: int | None, metadata: str
) -> Document:
    body = [lines[i] for i in draft.lines]
    head_end = body[min(HEAD_LINES, len(body)) - 1].end if body else draft.title_end
    head = text[draft.start : head_end]
    tail_start = body[-min(TAIL_LINES, len(body))].start if body else draft.end
    tail = text[tail_start : draft.end]
    opening = (draft.title or "") + text[draft.start : draft.start + DELIVERED_REACH]
    delivered = _is_delivered(draft.title, opening)
    year = _document_year(draft.title, head, tail, metadata, delivered)
    headings = _find_headings(text, lines, draft, wrap)
    cue = title_role(draft.title)
    sections = _section_tree(headings, draft.end, year)
    if year is None:
        year = _year_from_parts(text, draft.start, draft.end, sections, delivered)
    return Document(
        title=draft.title,
        issuer=_issuer(text, draft, lines),
        year=year,
        start=draft.start,
        end=draft.end,
        title_end=draft.title_end,
        role=cue,
        sections=sections,
        delivered=delivered,
    )


def _year_from_parts(
    text: str, start: int, end: int, sections: Sequence[Section], delivered: bool
) -> int | None:
    """The year of a document with no dated title or line, from the years its parts name.

    A delivered work report's plan part names its own year, its review part
    the year before; other reports are dated by the plan they end with, else
    by the year they review. A delivered report that names no year in any
    heading (national reports of the 1970s-90s open with 各位代表 and nothing
    else) is a year after the year its review cites most.
    """
    parts = [part for section in sections for part in section.walk()]
    plan = [s.year for s in parts if s.year is not None and s.role == "plan"]
    review = [s.year for s in parts if s.year is not None and s.role == "review"]
    if plan:
        return plan[0]
    if review:
        return review[0] + 1 if delivered else review[0]
    if delivered:
        reviews = [(s.start, s.end) for s in sections if s.role == "review"]
        cited = _most_cited_year(text, reviews or [(start, end)])
        return None if cited is None else cited + 1
    return None


def _most_cited_year(text: str, parts: Sequence[Span]) -> int | None:
    """The year named most often in ``parts`` of ``text``, if twice."""
    counts: Counter[int] = Counter()
    for start, end in parts:
        cited = years.CITED_YEAR.finditer(text, start, end)
        counts.update(years.year_value(m.group(1)) for m in cited)
    if not counts:
        return None
    year, times = counts.most_common(1)[0]
    return year if times >= 2 else None


def _is_delivered(title: str | None, opening: str) -> bool:
    """A report delivered to a congress whose year is the year of delivery.

    A title that names only what it reviews (``关于2023年预算执行情况的报告``) is dated by
    that year and is left out; one that names a review and a plan
    (``关于2023年预算执行情况和2024年预算草案的报告``) is delivered in the plan's year,
    like a work report.
    """
    if _delivered_cue().search(_SPACES.sub("", opening)) is None:
        return False
    pattern, table = _role_cues()
    roles = {table[m.group()][0] for m in pattern.finditer(title or "")}
    return not ("review" in roles and "plan" not in roles)


def title_role(title: str | None) -> Role | None:
    """A document's role when its title names only one (``2024年工作要点`` → plan)."""
    if not title:
        return None
    pattern, table = _role_cues()
    roles = {table[m.group()][0] for m in pattern.finditer(title)}
    return roles.pop() if len(roles) == 1 else None
