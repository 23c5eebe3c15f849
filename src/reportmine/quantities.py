"""Finds the figures in a text and fills their number fields (METRICS.md §1, §2, §5).

One pass of a compiled pattern over the normalized text proposes candidates
(numeral, multiplier, unit, range, qualifiers); each candidate is then
checked against the rules that tell a figure from a year, a date, an
ordinal, a name or a heading number. Every word list the rules use comes
from ``lexicons/``; the code only knows the shapes.
"""

from __future__ import annotations

import bisect
import math
from decimal import Decimal
from functools import cache
from typing import NamedTuple

import regex as re

from reportmine import numerals
from reportmine.lexicon import read_column, read_table
from reportmine.text import NormalizedText, normalize
from reportmine.units import Unit, lookup, units

_CN_DIGITS = "".join(numerals.DIGITS)
_CN_ALL = _CN_DIGITS + "".join(numerals.MULTIPLIERS)
_ARABIC_MULT = "十百千万亿"
_MASK = r"[Xx×*＊]{2,}(?:\.[Xx×*＊]+)?"
# Clause boundaries in the normalized text (full-width punctuation is folded).
_CLAUSE_END = set(',;:!?。；，、\n\r()"“”')
_SENTENCE_END = set("。;!?\n\r")
_MIXED_BREAK = re.compile(r"[十百千万亿](?=[0-9])")
#: What joins bare numbers listed before a figure (the end of _Grammar.listed).
_LIST_JOINS = ("、", "和", "及", "与")


class Figure(NamedTuple):
    """The number fields of one figure, with offsets into the original text.

    A named tuple (immutable, read by attribute) rather than a frozen dataclass, whose
    __init__ cost more than any one rule of the number layer on text dense with figures.
    """

    start: int
    end: int
    text: str
    value: Decimal | None
    value_high: Decimal | None
    unit: str
    kind: str
    qualifier: str
    redacted: bool


class _Number(NamedTuple):
    """One numeral as matched: its value, the multiplier it carried, cues inside it.

    A named tuple rather than a frozen dataclass: one or two are built for every
    candidate, and a frozen dataclass's __init__ cost more than reading the numeral.
    """

    low: Decimal | None
    high: Decimal | None
    multiplier: Decimal | None  # the 万/亿… written after an Arabic or masked numeral
    bare: bool  # only magnitude characters (万, 千万): a figure only with a cue
    inner: str  # 余 多 几 来 written inside
    chinese: bool
    lone_one: bool  # the indefinite 一
    lone_zero: bool = False  # 零部件, 零事故: no figure
    magnitude: Decimal = Decimal(1)  # the 万/亿 written at the end of a Chinese numeral


class _Grammar:
    """The compiled patterns and word lists, built once from the lexicons."""

    def __init__(self) -> None:
        qualifiers = read_table("qualifiers.tsv")
        cues = {
            position: {r["cue"]: r["qualifier"] for r in qualifiers if r["position"] == position}
            for position in ("prefix", "suffix", "inner")
        }
        self.suffix_cues = cues["suffix"]
        self.inner_cues = cues["inner"]
        self.inner_chars = "".join(self.inner_cues)
        after_unit = {r["cue"] for r in qualifiers if r["only"] == "unit"}
        self.trailing_chars = "".join(
            c for c in self.suffix_cues if len(c) == 1 and c not in after_unit
        )
        self.links = read_column("qualifier_links.tsv", "word")
        currencies = read_table("currency_prefixes.tsv")
        self.currencies = sorted(
            ((r["word"], r["unit"]) for r in currencies),
            key=lambda entry: len(entry[0]),
            reverse=True,
        )
        self.currency_symbols = tuple(
            (word, unit) for word, unit in self.currencies if _is_symbol(word, currencies)
        )
        self.name_suffixes = read_column("name_suffixes.tsv", "suffix")
        self.organisation_classifiers = frozenset(
            read_column("organisation_classifiers.tsv", "classifier")
        )
        self.tenths_false_friends = read_column("tenths_false_friends.tsv", "word")
        self.lone_one_false_friends = read_column("lone_one_false_friends.tsv", "word")
        self.prefix_cues = sorted(cues["prefix"].items(), key=lambda cue: len(cue[0]), reverse=True)
        self.glued = "".join(
            r["cue"] for r in qualifiers if r["position"] == "prefix" and r["in_span"] == "yes"
        )
        self.magnitude_only = {r["cue"] for r in qualifiers if r["only"] == "magnitude"}
        suffix_false_friends = read_column("suffix_false_friends.tsv", "word")
        self.figure, self.fraction, self.tenths = _figure_patterns(
            self.glued, cues, after_unit, suffix_false_friends
        )
        part = r"\d+(?:\.\d+)?"
        self.shares = re.compile(rf"(?<![\d.:]){part}(?::{part}){{2,}}(?![\d.:])")
        item = rf"{part}[万亿]?"
        joint = "|".join(_LIST_JOINS)
        self.listed = re.compile(rf"(?<![\d.])(?:{item}(?:{joint}))+$")
        self.list_item = re.compile(rf"({item})(?:{joint})")
        self.ratio_to_one = re.compile(rf"(?<![\d.:])(?P<x>{part}):1(?![\d.:])")
        self.false_friends = read_column("qualifier_false_friends.tsv", "word")
        self.unit_false_friends = read_column("unit_false_friends.tsv", "word")
        self.programme_nouns = read_column("programme_nouns.tsv", "noun")
        self.number_prefixes = sorted(
            ((r["prefix"], r["meaning"]) for r in read_table("number_prefixes.tsv")),
            key=lambda entry: len(entry[0]),
            reverse=True,
        )
        self.number_prefix_words = tuple(p for p, _ in self.number_prefixes)
        self.prefix_cue_words = tuple(cue for cue, _ in self.prefix_cues)
        self.unit_cues: dict[str, tuple[str, ...]] = {}
        for row in read_table("unit_cues.tsv"):
            self.unit_cues[row["unit"]] = (*self.unit_cues.get(row["unit"], ()), row["cue"])
        self.duration_cues = read_column("duration_cues.tsv", "cue")
        self.per_capita_cues = read_column("per_capita_cues.tsv", "cue")
        implicit = read_table("implicit_units.tsv")
        self.implied_after = [(r["cue"], r["unit"]) for r in implicit if r["where"] == "after"]
        self.implied_before = [(r["cue"], r["unit"]) for r in implicit if r["where"] == "before"]
        names = sorted(read_column("nonmetric_names.tsv", "name"), key=len, reverse=True)
        patterns = [
            row["pattern"].replace("[CN]", f"[{_CN_ALL}]")
            for row in read_table("nonmetric_patterns.tsv")
        ]
        self.nonmetric = re.compile("|".join([*(re.escape(n) for n in names), *patterns]))
        # The same alternatives in the same order, each compiled alone (the names as one):
        # see _nonmetric_spans.
        literal = ["|".join(re.escape(n) for n in names)] if names else []
        self.nonmetric_parts = tuple(re.compile(part) for part in [*literal, *patterns])
        self.glue_chars = frozenset(
            {s[0] for s in units()}
            | set(_ARABIC_MULT)
            | {cue[0] for cue in [*self.suffix_cues, *self.inner_cues]}
            | set("%‰")
        )

    def glue(self, ch: str) -> bool:
        return ch in self.glue_chars


def _figure_patterns(
    glued: str,
    cues: dict[str, dict[str, str]],
    after_unit: set[str],
    suffix_false_friends: tuple[str, ...],
) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The candidate pattern: [glued cue] numeral [unit] [range join numeral [unit]] [suffix].

    Single-character suffixes (余, 多) are read by the numeral pattern itself, since they
    can stand before the multiplier (170余万元) as well as after it (12万余元); those read
    only after a unit (内) close the pattern, unless they start a word (内容).
    An Arabic numeral may carry several magnitudes (3万4000, 5万4千6百, 1亿3千多万).
    """
    table = units()
    surfaces = sorted(table, key=len, reverse=True)
    denominators = sorted((s for s, u in table.items() if u.denominator), key=len, reverse=True)
    unit_alt = "|".join(re.escape(s) for s in surfaces)
    den_alt = "|".join(re.escape(s) for s in denominators)
    # 0.6人/百亿元: a denominator may carry its own magnitude.
    unit = rf"(?:(?:{unit_alt})(?:(?:/|每)[{_ARABIC_MULT}]*(?:{den_alt}))?)"
    # A magnitude character that begins a unit (千瓦, 百分点) belongs to the unit.
    heads = "|".join(re.escape(s) for s in surfaces if s[0] in _CN_ALL)
    mult = rf"(?:(?!{heads})[{_ARABIC_MULT}])"
    cn = rf"(?:(?!{heads})[{_CN_ALL}])"
    inner = re.escape("".join(cues["inner"]))
    trailing = re.escape("".join(c for c in cues["suffix"] if len(c) == 1 and c not in after_unit))
    # 3万4000, 1万零500, 1亿3千多万: Arabic groups before several magnitudes.
    groups = rf"\d+(?:\.\d+)?(?:{mult}{{1,3}}零?\d+){{0,6}}"
    arabic = rf"(?:{groups}|{_MASK})(?:{mult}*[{inner}])?{mult}*[{trailing}]?"
    chinese = rf"{cn}+(?:点[{_CN_DIGITS}]+{mult}*)?[{inner}]?{mult}*[{trailing}]?"
    number = rf"(?:{arabic}|{chinese})"
    suffix = "|".join(
        re.escape(c) for c in sorted(cues["suffix"], key=len, reverse=True) if len(c) > 1
    )
    not_a_word = "|".join(re.escape(w[1:]) for w in suffix_false_friends)
    unit_suffix = "|".join(rf"{re.escape(c)}(?!{not_a_word})" for c in sorted(after_unit))
    suffix = "|".join(filter(None, (suffix, unit_suffix)))
    glue = f"[{re.escape(glued)}]"
    # 2-3家, 2——3万, 20 - 100个, 1万元--5万元, 1万(含)-5万元
    join = r"[ \t]?(?:[-~]{1,2}|至|到)[ \t]?"
    figure = re.compile(
        rf"(?P<pre>{glue})?(?P<n1>{number})(?P<u1>{unit})?"
        rf"(?:(?:\((?:含|不含)\))?(?P<join>{join})(?P<pre2>{glue})?(?P<n2>{number})(?P<u2>{unit})?)?"
        rf"(?P<alt>\((?:{unit_alt})\))?"
        rf"(?:\((?:含|不含)\)(?={suffix}))?(?P<post>{suffix})?"
    )
    numerator = rf"(?:负|-)?(?:[{_CN_ALL}]+(?:点[{_CN_DIGITS}]+)?|\d+(?:\.\d+)?)"
    fraction = re.compile(
        rf"(?P<den>[{_CN_ALL}]+|\d+)分之(?P<num>{numerator})"
        rf"(?:(?:[-~]{{1,2}}|至|到)(?:(?P=den)分之)?(?P<num2>{numerator})(?!年))?"
        rf"(?P<post>{suffix})?"
    )
    # 九成以上, 两成, 五六成: tenths are percentages (METRICS.md §5).
    tenths = re.compile(
        rf"(?<![{_CN_ALL}\d.])(?P<n>[一二两三四五六七八九]{{1,2}}|[1-9])成"
        rf"(?P<post>{suffix}|[{trailing}])?"
    )
    return figure, fraction, tenths


def _is_symbol(word: str, rows: tuple[dict[str, str], ...]) -> bool:
    return any(r["word"] == word and r["symbol"] == "yes" for r in rows)


@cache
def grammar() -> _Grammar:
    """The grammar, compiled on first use (loading lexicons is not free)."""
    return _Grammar()


def find_figures(source: str) -> list[Figure]:
    """Every figure in ``source``, in text order, with offsets into ``source``."""
    g = grammar()
    norm = normalize(source, g.glue)
    # Names, dates, document numbers and the like, where no figure may stand.
    blocked = _Taken(_nonmetric_spans(g, norm.text))
    found: list[tuple[int, int, Figure]] = []
    found += _fractions(g, norm, blocked)
    found += _shares(g, norm, blocked)
    found += _tenths(g, norm, blocked, _Taken([(s, e) for s, e, _ in found]))
    taken = _Taken([(s, e) for s, e, _ in found])
    text = norm.text
    pos = 0
    while True:
        match = g.figure.search(text, pos)
        if match is None:
            break
        pos = match.end()
        if match.group("join") and _is_change_not_range(text, match):
            pos = match.start("join")  # 从8500到3万元: the second figure is read on its own
        if taken.overlaps(match.start(), match.end()):
            continue
        figure = _read(g, norm, blocked, match)
        if figure is not None:
            found.append(figure)
            found += _listed_before(g, norm, blocked, figure, taken)
        else:
            # 3万40000元 is no one numeral: read on from the digits after the first magnitude.
            glued = _MIXED_BREAK.search(text, match.start("n1"), match.end("n1"))
            if glued is not None:
                pos = glued.end()
    found.sort(key=lambda item: item[0])
    return [figure for _, _, figure in found]


def _nonmetric_spans(g: _Grammar, text: str) -> list[tuple[int, int]]:
    """The spans of ``g.nonmetric.finditer(text)``, found one alternative at a time.

    The one alternation of every name and pattern is tried alternative by
    alternative at each offset it cannot rule out, ~1 us a character on text
    dense with digits; each alternative alone runs its own fast scan. Merged
    as the alternation reads the text: from where the last match ended, the
    leftmost match, and of those starting at one offset the first alternative's
    (an alternative's matches at every offset come from an overlapped scan).
    An empty match, which the alternation steps over its own way, sends the text
    to the alternation itself.
    """
    scans = [part.finditer(text, overlapped=True) for part in g.nonmetric_parts]
    heads = [next(scan, None) for scan in scans]
    spans: list[tuple[int, int]] = []
    pos = 0
    while True:
        best: re.Match[str] | None = None
        for i, scan in enumerate(scans):
            head = heads[i]
            while head is not None and head.start() < pos:
                head = next(scan, None)
            heads[i] = head
            if head is not None and (best is None or head.start() < best.start()):
                best = head
        if best is None:
            return spans
        if best.end() == best.start():
            return [(m.start(), m.end()) for m in g.nonmetric.finditer(text)]
        spans.append((best.start(), best.end()))
        pos = best.end()


class _Taken:
    """Sorted spans with a running maximum of their ends, for overlap queries in log time."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans.sort()
        self._starts = [s for s, _ in spans]
        self._reach: list[int] = []
        for _, e in spans:
            self._reach.append(max(e, self._reach[-1]) if self._reach else e)

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end)
        return i > 0 and self._reach[i - 1] > start


class _Candidate(NamedTuple):
    """A match read into numbers and a unit, before the rules decide whether it is a figure
    (a named tuple for the reason :class:`_Number` is one)."""

    match: re.Match[str]
    n1: _Number
    n2: _Number | None
    unit: Unit
    surface: str  # the unit as written; empty when implied by the clause (130亿 → 元)
    core_start: int  # the first numeral, after any glued 近/约
    number_end: int
    unit_end: int
    symbol: int = 0  # the length of a currency sign before the number (¥1,000)

    @property
    def start(self) -> int:
        return self.match.start()

    @property
    def chinese(self) -> bool:
        return self.n1.chinese or (self.n2 is not None and self.n2.chinese)


def _read(
    g: _Grammar, norm: NormalizedText, blocked: _Taken, match: re.Match[str]
) -> tuple[int, int, Figure] | None:
    """The figure a candidate match stands for, or None when it is not one."""
    text = norm.text
    trimmed = _trim(g, text, match)
    borrow = match.group("u2") if trimmed is not None and trimmed.end() < match.end() else None
    candidate = _candidate(g, text, trimmed, borrow) if trimmed is not None else None
    if candidate is None or _is_not_a_figure(g, text, candidate):
        return None
    n1, n2, match = candidate.n1, candidate.n2, candidate.match
    start, end = match.start(), match.end()
    low, high = _range(n1, n2)
    enumerated = _enumerated_low(text, match) if n2 is None and n1.high is None else None
    if enumerated is not None:
        # 五、六倍 / 二、三百亿度: two neighbouring digits listed make a range.
        low, high = enumerated, low
        start -= 2
    masked = (n1.low is None and not n1.bare) or (n2 is not None and n2.low is None)
    if masked:
        low = high = None  # XX多份, XX—20万元: one masked end hides the figure
    elif low is None:
        return None  # an inverted range (10-2)
    cues = _qualifier_cues(g, text, match, n1, n2)
    if _is_bare_magnitude(text, candidate, start, cues) or _is_heading_number(
        g, text, candidate, low
    ):
        return None
    if blocked.overlaps(candidate.core_start, candidate.unit_end):
        return None
    if not _representable(low) or not _representable(high):
        return None  # a 400-digit string or 0.000…1 is no figure a float can carry
    start -= candidate.symbol  # ¥1,000: the sign belongs to the span
    if low is not None and (_minus_before(text, start) or _minus_word(g, text, start)):
        start -= 1
        low, high = (-high, -low) if high is not None else (-low, None)
    o_start, o_end = norm.span(start, end)
    figure = Figure(
        start=o_start,
        end=o_end,
        text=norm.original[o_start:o_end],
        value=low,
        value_high=high,
        unit=_currency_before(g, text, candidate.core_start, candidate.unit.unit),
        kind=candidate.unit.kind,
        qualifier=_combine(cues),
        redacted=low is None,
    )
    return start, end, figure


def _trim(g: _Grammar, text: str, match: re.Match[str]) -> re.Match[str] | None:
    """Re-reads a match whose range join or glued prefix turned out to be no such thing."""
    if match.group("join") and _is_change_not_range(text, match):
        return g.figure.match(text, match.start(), match.start("join"))  # 从5%到8%
    if match.group("pre") and (
        _false_friend(g, text, match.start("pre") + 1) or _ends_longer_cue(g, text, match)
    ):
        return g.figure.match(text, match.start("n1"), match.end())  # 签约3543亿元, 大约300人
    return match


def _candidate(
    g: _Grammar, text: str, match: re.Match[str], borrow: str | None = None
) -> _Candidate | None:
    """The candidate of a match; ``borrow`` is the unit of the figure a change goes to
    (从8500到3万元: 8500 is 元 too).

    The unit is settled before the numerals are read: a bare number is a figure only
    after a currency sign or with a unit its clause implies, and most are neither
    (一是, 统一), so reading their numerals first was wasted.
    """
    surface = match.group("u2") or match.group("u1") or ""
    number_end = match.end("n2") if match.group("n2") else match.end("n1")
    start = match.start("n1")
    symbol = 0
    if surface:
        unit = lookup(surface)
        unit_end = match.end("u2") if match.group("u2") else match.end("u1")
    else:
        sign = None if match.group("pre") else _currency_symbol(g, text, start)
        if sign is not None:
            unit, unit_end, symbol = lookup(sign[1]), number_end, len(sign[0])
        else:
            implied = _implied_unit(g, text, start, number_end)
            if implied is None and borrow:
                implied = lookup(borrow)
            if implied is None:
                return None
            unit, unit_end = implied, number_end
    n1 = _number(g, match.group("n1"))
    n2 = _number(g, match.group("n2")) if match.group("n2") else None
    if n1 is None or (match.group("n2") and n2 is None):
        return None
    return _Candidate(match, n1, n2, unit, surface, start, number_end, unit_end, symbol)


def _currency_symbol(g: _Grammar, text: str, start: int) -> tuple[str, str] | None:
    """¥1,000 / US$500: the sign right before the number and the currency it names."""
    before = text[max(0, start - 3) : start]
    return next(((w, u) for w, u in g.currency_symbols if before.endswith(w)), None)


def _is_not_a_figure(g: _Grammar, text: str, c: _Candidate) -> bool:
    """The rules of METRICS.md §1 that need no value: ordinals, durations, names, labels."""
    unit, start, unit_end = c.unit, c.start, c.unit_end
    return (
        _is_ordinal_or_vague(g, text, start, c.n1.chinese)
        or _touches_latin(text, c.core_start, c.number_end, unit_end)
        or (unit.arabic_only and c.chinese)
        # 二级航道, 百亿级: a grade, not a count of levels (县乡两级)
        or (
            unit.unit in g.unit_cues
            and not any(cue in text[max(0, start - 6) : start] for cue in g.unit_cues[unit.unit])
        )
        or (unit.time and not _has_cue(text, start, g.duration_cues))
        or c.n1.lone_zero
        or (c.n2 is not None and c.n2.lone_zero)
        or (c.n1.lone_one and c.n2 is None and _is_article(g, text, c))
        # 十件民生实事, 0.1微克攻坚行动: a programme's name
        or ((c.chinese or unit.kind == "measure") and text.startswith(g.programme_nouns, unit_end))
        # 百万亩造林绿化工程: a bare magnitude that opens a programme's name
        or (c.n1.bare and _names_programme(g, text, unit_end))
        # 三棵树公司: a company's name
        or (c.chinese and c.surface and _starts_name(g, text, c.surface, unit_end))
        # 李四人民币: the 人 starts the word 人民
        or bool(c.surface and text.startswith(g.unit_false_friends, unit_end - len(c.surface)))
        # 万吨级泊位: a grade label
        or (unit_end < len(text) and text[unit_end] == "级" and unit.unit != "级")
        # a quoted slogan or label: “科普进十”, “两个率先”, “15条”政策
        or _in_short_quote(text, c.core_start, unit_end)
    )


def _is_article(g: _Grammar, text: str, c: _Candidate) -> bool:
    """一场讲座: a lone 一 is the indefinite article; 一美元, 一千克, 近一吨 are figures.

    Before a one-character measure (一度出现, 一亩半, 建一亩成一亩) 一 is a figure only
    with a qualifier cue (近一吨, 一千瓦以上).
    """
    if text.startswith(g.lone_one_false_friends, c.core_start):
        return True  # 一元复始
    if c.unit.kind == "money":
        return False
    if c.unit.kind != "measure":
        return c.unit.kind not in ("percent", "ratio")
    if len(c.surface) > 1:
        return False
    match = c.match
    cued = match.group("pre") or match.group("post") or _prefix_cue(g, text, c.start, False)
    return not cued


def _names_programme(g: _Grammar, text: str, at: int, reach: int = 8) -> bool:
    """Whether the words right after ``at`` (up to ``reach`` Han characters) name a programme."""
    end = at
    while end < len(text) and end - at < reach and _is_han(text[end]):
        end += 1
    words = text[at:end]
    return any(noun in words for noun in g.programme_nouns)


def _digit_string(numeral: str) -> bool:
    """一九五七: Chinese digits written one by one, as years are."""
    body = numeral.lstrip("负-")
    return len(body) > 1 and all(ch in numerals.DIGITS for ch in body)


def _is_bare_magnitude(text: str, c: _Candidate, start: int, cues: set[str]) -> bool:
    """万元GDP能耗, 千家万户: a magnitude word states no figure unless a cue says so.

    Only a physical unit used inside a phrase (万亩现代农业示范园区) states one;
    a table header (万吨) and a rate's base (每百斤大豆) do not.
    """
    if not c.n1.bare or c.n2 is not None or (cues - {"exact"}) or c.match.group("pre"):
        return False
    return (
        c.unit.kind != "measure"
        or not _inside_prose(text, start, c.unit_end)
        or text[start - 1] == "每"
    )


def _is_heading_number(g: _Grammar, text: str, c: _Candidate, low: Decimal | None) -> bool:
    """2.3本项目: a decimal before a classifier of whole items is a heading number.

    An average or rate (每千人口床位6.5张) is the exception.
    """
    return (
        c.unit.discrete
        and low is not None
        and low != low.to_integral_value()
        and c.n1.multiplier is None
        and not _has_cue(text, c.start, g.per_capita_cues)
    )


def _listed_before(
    g: _Grammar,
    norm: NormalizedText,
    blocked: _Taken,
    figure: tuple[int, int, Figure],
    taken: _Taken,
) -> list[tuple[int, int, Figure]]:
    """分别提高20.9、36.2、54个百分点: bare numbers listed before a figure share its unit."""
    start, _, last = figure
    if last.value_high is not None or last.redacted:
        return []
    if norm.text[max(0, start - 2) : start].rstrip("\n")[-1:] not in _LIST_JOINS:
        return []  # g.listed ends in a joint right before the figure: most figures have none
    window_start = max(0, start - 80)
    match = g.listed.search(norm.text, window_start, start)
    if match is None:
        return []
    found = []
    for item in g.list_item.finditer(match.group()):
        s, e = match.start() + item.start(1), match.start() + item.end(1)
        if blocked.overlaps(s, e) or taken.overlaps(s, e) or _touches_latin(norm.text, s, e, e):
            return []
        try:
            value = numerals.to_decimal(item.group(1))
        except ValueError:
            return []
        if not _representable(value):
            return []
        found.append(_plain(norm, s, e, value, last.unit, last.kind))
    return found


def _number(g: _Grammar, numeral: str) -> _Number | None:
    """Reads one matched numeral with its inner cues and multiplier."""
    body = numeral
    inner = ""
    multiplier: Decimal | None = None
    # Trailing 余/多 after the multiplier (12万余元), then the multiplier, then inner cues.
    while body and body[-1] in g.trailing_chars:
        inner += body[-1]
        body = body[:-1]
    if body and (body[0].isdigit() or body[0] in "Xx×*＊"):
        # 170余万 / 1亿3千多万: the inner cue is read and the numeral read without it.
        cue = next((i for i, ch in enumerate(body) if ch in g.inner_chars), -1)
        if cue >= 0:
            inner += body[cue]
            body = body[:cue] + body[cue + 1 :]
        digits = body.rstrip(_ARABIC_MULT)
        try:
            if len(digits) < len(body):
                multiplier = numerals.multiplier(body[len(digits) :])
            if body[:1].isdigit():
                value = numerals.to_decimal(body)
                return _Number(value, None, multiplier, False, inner, False, False)
        except ValueError:
            return None
        return _Number(None, None, multiplier, False, inner, False, False)  # masked digits
    return _chinese_number(g, body, inner)


def _chinese_number(g: _Grammar, body: str, inner: str) -> _Number | None:
    # 十几 / 二十多万: a cue inside a Chinese numeral splits it into number and magnitude.
    for i, ch in enumerate(body):
        if ch in g.inner_chars:
            head, tail = body[:i], body[i + 1 :]
            if not head or any(c not in numerals.MULTIPLIERS for c in tail):
                return None
            try:
                value = numerals.to_decimal(head + tail)  # 一亿三千多万 = 一亿三千万, at least
            except ValueError:
                return None
            return _Number(value, None, None, False, inner + ch, True, False, False, _big(tail))
    magnitude = _big(body)
    bare = all(ch in numerals.MULTIPLIERS for ch in body) and body[:1] not in ("十", "拾")
    try:
        if bare:
            if any(ch in numerals.SMALL_UNITS for ch in body[1:]) and body[0] in numerals.BIG_UNITS:
                return None
            return _Number(numerals.multiplier(body), None, None, True, inner, True, False)
        approx = _approximate(body)
        if approx is not None:
            low, high = approx
            return _Number(low, high, None, False, inner, True, False, False, magnitude)
        value = numerals.to_decimal(body)
    except ValueError:
        return None
    lone_one = body in ("一", "壹")
    return _Number(value, None, None, False, inner, True, lone_one, value == 0, magnitude)


def _big(numeral: str) -> Decimal:
    """The 万/亿 a Chinese numeral ends with (一百五十万 → 1e4), 1 where there is none."""
    tail = len(numeral)
    while tail and numeral[tail - 1] in numerals.BIG_UNITS:
        tail -= 1
    if tail == 0 or tail == len(numeral):
        return Decimal(1)
    return numerals.multiplier(numeral[tail:])


def _approximate(body: str) -> tuple[Decimal, Decimal] | None:
    """两三 / 十七八 / 三四十 / 五六百万 / 四十五六万 / 七百三四十: two neighbouring digits.

    The numeral is read twice, once with each digit (四十五万 and 四十六万), so the
    digits take whatever place they stand in (LESSONS #5, #6).
    """
    digits = numerals.DIGITS
    i = next((k for k in range(len(body) - 1) if body[k] in digits and body[k + 1] in digits), -1)
    if i < 0:
        return None
    a, b = digits[body[i]], digits[body[i + 1]]
    head, tail = body[:i], body[i + 2 :]
    if b != a + 1 or a == 0 or (head and head[-1] not in numerals.MULTIPLIERS):
        return None
    if any(ch not in numerals.MULTIPLIERS for ch in tail):
        return None
    low = numerals.to_decimal(head + body[i] + tail)
    high = numerals.to_decimal(head + body[i + 1] + tail)
    return (low, high) if low < high else None


def _enumerated_low(text: str, match: re.Match[str]) -> Decimal | None:
    body = match.group("n1")
    start = match.start("n1")
    if match.group("pre") or start < 2 or text[start - 1] != "、":
        return None
    first, rest = body[0], body[1:]
    before = text[start - 2]
    if first not in numerals.DIGITS or before not in numerals.DIGITS:
        return None
    if any(ch not in numerals.MULTIPLIERS for ch in rest):
        return None
    if numerals.DIGITS[before] + 1 != numerals.DIGITS[first] or numerals.DIGITS[before] == 0:
        return None
    if start < 3 or text[start - 3] in _CN_ALL or not _is_han(text[start - 3]):
        return None  # 十一、二批 is no pair of digits; a line's 一、 is a list marker
    return numerals.DIGITS[before] * numerals.multiplier(rest)


def _range(n1: _Number, n2: _Number | None) -> tuple[Decimal | None, Decimal | None]:
    if n2 is None:
        return n1.low, n1.high
    low, high = n1.low, n2.high or n2.low
    if low is not None and high is not None and n1.multiplier is None and n2.multiplier:
        scaled = low * n2.multiplier
        if scaled <= high and not n1.chinese:
            low = scaled  # 800—1000万: the magnitude is written once, at the high end
    if n1.chinese and n2.chinese and low is not None and high is not None and low < high:
        # 两到三万, 一百二十到一百五十万: the Chinese low end takes the high end's magnitude.
        magnitude = Decimal(1)
        if n1.magnitude == 1 and not n1.bare:
            magnitude = n2.magnitude if n2.magnitude > 1 else _trailing_magnitude(high)
        if magnitude > 1 and low < magnitude and low * magnitude <= high:
            low *= magnitude
    if low is not None and high is not None and high < low:
        return None, None
    return low, high


def _trailing_magnitude(value: Decimal) -> Decimal:
    for power in (12, 8, 4, 3, 2):
        scale = Decimal(10) ** power
        if value % scale == 0 and value // scale < 10:
            return scale
    return Decimal(1)


def _qualifier_cues(
    g: _Grammar, text: str, match: re.Match[str], n1: _Number, n2: _Number | None
) -> set[str]:
    cues: set[str] = set()
    if match.group("pre"):
        cues.add(dict(g.prefix_cues)[match.group("pre")])
    else:
        found = _prefix_cue(g, text, match.start(), n1.bare)
        if found is not None:
            cues.add(found[1])
    for number in (n1, n2):
        if number is not None:
            for ch in number.inner:
                cues.add(g.inner_cues.get(ch, g.suffix_cues.get(ch, "exact")))
    post = match.group("post")
    if post:
        cues.add(g.suffix_cues[post])
    else:
        end = match.end()
        for cue in g.trailing_chars:
            if text.startswith(cue, end):
                cues.add(g.suffix_cues[cue])
    return cues


def _prefix_cue(g: _Grammar, text: str, start: int, bare: bool) -> tuple[str, str] | None:
    """The cue word right before a figure and its qualifier (不少于20项), if any.

    The longest cue decides; a false friend (签约) or 上 before a non-magnitude is no cue.
    """
    for end in (start, start - 1):
        if end < start and (end < 1 or text[end] not in g.links):
            break  # 至少有10个, 超过了百分之零点九: one linking word may stand between
        before = text[max(0, end - 4) : end]
        if not before.endswith(g.prefix_cue_words):
            continue
        for cue, qualifier in g.prefix_cues:
            if before.endswith(cue):
                if _false_friend(g, text, end) or (cue in g.magnitude_only and not bare):
                    return None
                return cue, qualifier
    return None


def _ends_longer_cue(g: _Grammar, text: str, match: re.Match[str]) -> bool:
    """大约300人: 约 closes the two-character cue 大约, which stays outside the span."""
    before = text[max(0, match.start("pre") - 3) : match.end("pre")]
    return any(len(cue) > 1 and before.endswith(cue) for cue, _ in g.prefix_cues)


def _false_friend(g: _Grammar, text: str, cue_end: int) -> bool:
    """签约3543亿元: the 约 closes a word, it is no cue."""
    return text[max(0, cue_end - 4) : cue_end].endswith(g.false_friends)


def _combine(cues: set[str]) -> str:
    cues = cues - {"exact"}
    if not cues:
        return "exact"
    if len(cues) == 1:
        return next(iter(cues))
    return "approx"  # 近30多篇: two cues that pull apart


def _implied_unit(g: _Grammar, text: str, number_start: int, number_end: int) -> Unit | None:
    """A bare 万/亿 figure takes 人 or 元 from its clause (METRICS.md §2, §5)."""
    head = text[number_start:number_end].rstrip(g.trailing_chars)
    if not head or head[-1] not in "万亿":
        return None
    after = _clause_after(text, number_end)
    for cue, unit in g.implied_after:
        if after.startswith(cue) or (cue in after[:12] and len(cue) > 1):
            return lookup(unit)
    # The clause first; then the sentence, where the subject may stand a clause earlier
    # (产值达130亿,比2006年100亿左右增长30%).
    for before in (_clause_before(text, number_start), _sentence_before(text, number_start)):
        for cue, unit in g.implied_before:
            if cue in before:
                return lookup(unit)
    return None


def _sentence_before(text: str, start: int, limit: int = 40) -> str:
    i = start
    while i > 0 and start - i < limit and text[i - 1] not in _SENTENCE_END:
        i -= 1
    return text[i:start]


def _clause_before(text: str, start: int, limit: int = 30) -> str:
    i = start
    while i > 0 and start - i < limit and text[i - 1] not in _CLAUSE_END:
        i -= 1
    return text[i:start]


def _clause_after(text: str, end: int, limit: int = 20) -> str:
    i = end
    while i < len(text) and i - end < limit and text[i] not in _CLAUSE_END:
        i += 1
    return text[end:i]


def _has_cue(text: str, start: int, cues: tuple[str, ...]) -> bool:
    before = _clause_before(text, start, limit=16)
    return any(cue in before for cue in cues)


def _is_ordinal_or_vague(g: _Grammar, text: str, start: int, chinese: bool) -> bool:
    """第一批 / 前10名 are ordinals and ranks; 数十家 states no figure (but 人数11713人 does)."""
    before = text[max(0, start - 6) : start]
    meaning = _prefix_meaning(g, before)
    if meaning in ("ordinal", "rank"):
        return True
    # 数十家 / 数百万: vague; 人数三千六百人: 数 ends a noun and the numeral is read
    if meaning == "vague" and chinese and (before[-1:] != "数" or text[start] in "十百千万亿"):
        return True
    # 第一、二批: an ordinal list carries 第 over.
    stripped = before.rstrip("、,和及")
    return stripped != before and stripped.rstrip(_CN_ALL + "0123456789").endswith("第")


def _inside_prose(text: str, start: int, end: int) -> bool:
    return start > 0 and end < len(text) and _is_han(text[start - 1]) and _is_han(text[end])


def _is_han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _touches_latin(text: str, start: int, number_end: int, unit_end: int) -> bool:
    """PM2.5, 5G, H7N9: digits glued to Latin letters are part of a code."""
    if start > 0 and text[start - 1].isascii() and text[start - 1].isalpha():
        return True
    return (
        unit_end == number_end
        and number_end < len(text)
        and text[number_end].isascii()
        and text[number_end].isalpha()
    )


def _in_short_quote(text: str, start: int, end: int, reach: int = 8) -> bool:
    left = text[max(0, start - reach) : start]
    right = text[end : end + reach]
    opened = max(left.rfind("“"), left.rfind('"'))
    if opened < 0 or any(c in left[opened + 1 :] for c in '”"'):
        return False
    return any(c in right for c in '”"')


def _is_change_not_range(text: str, match: re.Match[str]) -> bool:
    """从5%到8% is a change between two figures, not a range."""
    if match.group("join") not in ("到", "至"):
        return False
    before = text[max(0, match.start() - 4) : match.start()]
    return "从" in before or "由" in before


def _minus_before(text: str, start: int) -> bool:
    """A written minus: '-' right before the number, not after a digit or a unit."""
    if start == 0 or text[start - 1] != "-":
        return False
    if start < 2:
        return True
    prev = text[start - 2]
    return not ((prev.isascii() and prev.isalnum()) or prev in _CN_ALL or prev in "%‰-~")


def _shares(g: _Grammar, norm: NormalizedText, blocked: _Taken) -> list[tuple[int, int, Figure]]:
    """A∶B∶C shares are one % figure a part; X∶1 after 比 is a ratio (METRICS.md §5)."""
    text = norm.text
    found: list[tuple[int, int, Figure]] = []
    for match in g.shares.finditer(text):
        parts = match.group().split(":")
        values = [Decimal(p) for p in parts]
        if not Decimal(99) <= sum(values) <= Decimal(101):
            continue
        pos = match.start()
        for part, value in zip(parts, values, strict=True):
            found.append(_plain(norm, pos, pos + len(part), value, "%", "percent"))
            pos += len(part) + 1
    for match in g.ratio_to_one.finditer(text):
        if "比" not in _clause_before(text, match.start(), limit=12):
            continue
        ratio = Decimal(match.group("x"))
        if blocked.overlaps(match.start(), match.end()) or not _representable(ratio):
            continue
        found.append(_plain(norm, match.start(), match.end(), ratio, "倍", "ratio"))
    return found


def _fractions(g: _Grammar, norm: NormalizedText, blocked: _Taken) -> list[tuple[int, int, Figure]]:
    """百分之十二点五, 三分之一, 千分之三: 100·Y/X percent (METRICS.md §2)."""
    found: list[tuple[int, int, Figure]] = []
    text = norm.text
    pos = 0
    while (match := g.fraction.search(text, pos)) is not None:
        pos = match.end()
        end = match.end()
        high: Decimal | None
        try:
            den = _denominator(match.group("den"))
            approx = None if match.group("num2") else _approximate(match.group("num"))
            if approx is not None:  # 百分之七八十: 70–80 %
                num, high = approx[0], Decimal(100) * approx[1] / den
            else:
                num = _numerator(match.group("num"))
                high = None
            if match.group("num2") and not _digit_string(match.group("num2")):
                high = Decimal(100) * _numerator(match.group("num2")) / den
        except (ValueError, ZeroDivisionError, ArithmeticError):
            # 百分之七十百万: the numerator swallowed the next numeral; read it shorter.
            shorter = _shorter_fraction(g, text, match)
            if shorter is None:
                continue
            match, den, num, high = shorter
            end = match.end()
        if den == 0 or blocked.overlaps(match.start(), end):
            continue
        value = Decimal(100) * num / den  # 万分之三 = 0.03 %, 4分之3 = 75 %
        if match.group("num2") and (high is None or high < value):
            high = None  # 百分之三十九点七到一九五七年: no range
            end = match.end("num")
        if not _representable(value) or not _representable(high):
            continue
        post = match.group("post") if end == match.end() else None
        cues = {g.suffix_cues[post]} if post else set()
        start = match.start()
        prefix = _prefix_cue(g, text, start, bare=False)
        if prefix is not None:
            cues.add(prefix[1])
            if prefix[0] in g.glued and text.startswith(prefix[0], start - 1):
                start -= 1  # 约三分之一: the glued cue belongs to the span
        if _minus_before(text, start) or _minus_word(g, text, start):
            start -= 1  # -百分之1: a written minus
            value, high = (-high, -value) if high is not None else (-value, None)
        figure = _plain(norm, start, end, value, "%", "percent", _combine(cues), high)
        found.append(figure)
    return found


def _denominator(den: str) -> Decimal:
    """百 / 万 / 三 / 4: a bare magnitude is its own value (万分之三)."""
    if all(ch in numerals.MULTIPLIERS for ch in den):
        return numerals.multiplier(den)
    return numerals.to_decimal(den)


def _numerator(num: str) -> Decimal:
    """三十 / 零点九 / 负三点八 (百分之负三点八 is negative)."""
    if num[:1] in ("负", "-"):
        return -numerals.to_decimal(num[1:])
    return numerals.to_decimal(num)


def _shorter_fraction(
    g: _Grammar, text: str, match: re.Match[str]
) -> tuple[re.Match[str], Decimal, Decimal, None] | None:
    """The fraction read with a shorter numerator (百分之七十 in 百分之七十百万), if one parses."""
    end = match.end("num") - 1
    while end > match.start("num"):
        shorter = g.fraction.match(text, match.start(), end)
        if (
            shorter is not None
            and not shorter.group("num2")
            and not shorter.group("post")
            and not _digit_string(shorter.group("num"))
        ):
            try:
                return shorter, _denominator(shorter.group("den")), _numerator(shorter["num"]), None
            except (ValueError, ArithmeticError):
                pass
        end -= 1
    return None


def _tenths(
    g: _Grammar, norm: NormalizedText, blocked: _Taken, taken: _Taken
) -> list[tuple[int, int, Figure]]:
    """九成以上 = 90 % at least, 两成 = 20 %, 五六成 = 50–60 % (METRICS.md §5)."""
    text = norm.text
    found: list[tuple[int, int, Figure]] = []
    for match in g.tenths.finditer(text):
        start, end = match.start(), match.end()
        cheng = match.end("n")
        if blocked.overlaps(start, end) or taken.overlaps(start, end):
            continue
        if _covered_by(text, cheng, g.tenths_false_friends):
            continue
        if _is_ordinal_or_vague(g, text, start, True):
            continue
        digits = match.group("n")
        try:
            if len(digits) == 2:
                approx = _approximate(digits)
                if approx is None:
                    continue
                low, high = approx
            else:
                low, high = numerals.to_decimal(digits), None
        except ValueError:
            continue
        post = match.group("post")
        cues = {g.suffix_cues[post]} if post else set()
        prefix = _prefix_cue(g, text, start, bare=False)
        if prefix is not None:
            cues.add(prefix[1])
            if prefix[0] in g.glued and text.startswith(prefix[0], start - 1):
                start -= 1  # 近九成
        value = low * 10
        high_value = None if high is None else high * 10
        found.append(_plain(norm, start, end, value, "%", "percent", _combine(cues), high_value))
    return found


def _covered_by(text: str, at: int, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` covers the character at ``at`` (成 of 成立, 一成不变)."""
    for word in words:
        for k, ch in enumerate(word):
            if ch == text[at] and text.startswith(word, at - k):
                return True
    return False


def _representable(value: Decimal | None) -> bool:
    """Whether a float carries the value: not beyond 1e308, not a non-zero that becomes 0.0."""
    if value is None:
        return True
    as_float = float(value)
    return math.isfinite(as_float) and (as_float != 0 or value == 0)


def _minus_word(g: _Grammar, text: str, start: int) -> bool:
    """负3.9%: 负 right before the number is a minus, unless it ends a word (减负, 胜负)."""
    if start == 0 or text[start - 1] != "负":
        return False
    return _prefix_meaning(g, text[max(0, start - 6) : start]) == "minus"


def _prefix_meaning(g: _Grammar, before: str) -> str:
    """What the longest number prefix that ``before`` ends with means (第: ordinal), or none."""
    if not before.endswith(g.number_prefix_words):
        return "none"
    return next((m for p, m in g.number_prefixes if before.endswith(p)), "none")


def _currency_before(g: _Grammar, text: str, start: int, unit: str) -> str:
    """港币两千九百六十元: a currency named right before a 元 figure is its unit."""
    if unit != "元":
        return unit
    before = text[max(0, start - 4) : start]
    return next((u for word, u in g.currencies if before.endswith(word)), unit)


def _starts_name(g: _Grammar, text: str, surface: str, unit_end: int) -> bool:
    """三棵树公司: numeral, classifier, a word of one or two characters and a name suffix.

    Companies are counted with 家/个 (三家公司, 两家子公司): those stay counts.
    """
    if surface in g.organisation_classifiers:
        return False
    for width in (1, 2):  # 三棵树公司, 三只松鼠股份
        word = text[unit_end : unit_end + width]
        if len(word) < width or not all(_is_han(ch) for ch in word):
            return False
        if text.startswith(g.name_suffixes, unit_end + width):
            return True
    return False


def _plain(
    norm: NormalizedText,
    start: int,
    end: int,
    value: Decimal,
    unit: str,
    kind: str,
    qualifier: str = "exact",
    high: Decimal | None = None,
) -> tuple[int, int, Figure]:
    o_start, o_end = norm.span(start, end)
    figure = Figure(
        o_start, o_end, norm.original[o_start:o_end], value, high, unit, kind, qualifier, False
    )
    return start, end, figure
