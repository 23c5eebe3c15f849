"""Which known indicator a figure measures, how (level, growth, share…), and which way it moved.

Reports name one indicator many ways (``地区生产总值`` / ``全市生产总值`` / ``GDP``;
``城镇新增就业`` / ``新增城镇就业``), so targets of one year's report find the
results of the next only through a canonical id. The ids, names and aliases are
data (``lexicons/indicators.tsv``); this module only decides how a record's
subject meets them:

- **Containment, longest match first.** A name or alias found inside the
  subject names the indicator; of several, the longest wins (``人均地区生产总值``
  over ``地区生产总值``), then the one nearest the figure. Region and scope
  prefixes (``全省``, ``本市``) therefore need no alias. Names of one or two
  characters (``进口``, ``人口``) match only a whole subject (after those
  prefixes), because inside longer phrases they mean something else.
- **The clause as fallback.** When the subject names no indicator and is
  short (a fragment such as ``比例``, ``增加值``) or null, the clause before the figure
  is searched the same way, so matching improves as subjects improve but does
  not wait for them.
- **Never guess.** No match leaves ``indicator`` null. Entries with id ``-``
  (``城乡居民人均可支配收入`` is two indicators) block shorter names inside them.

The direction of change comes from ``lexicons/change_cues.tsv``: the cue word
nearest before the figure in its clause (``增长``, ``下降``; ``提高到`` and
``达到`` are levels). The measure then follows from the unit and that cue
(``增长5%`` of a level indicator is ``growth``; ``5.5%`` of a rate is its
``level``; ``提高0.5个百分点`` is ``points``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

import regex

from reportmine.lexicon import LexiconError, read_table
from reportmine.model import MEASURES

__all__ = [
    "MEASURES",
    "Indicator",
    "change_of",
    "clause_before",
    "find_indicator",
    "indicators",
    "measure_of",
    "opening_issuer",
    "region_key",
]

# MEASURES (model.Measure): level, the amount or rate itself; growth, a rate of change in %
# (or 倍); share, a part of a whole in %; points, a change of a rate in 百分点; increment, an
# absolute change in the indicator's unit (增加5万人).

#: Lexicon measures whose bare % figure is the indicator's level.
_RATE_LIKE = frozenset({"rate", "share", "intensity", "ratio", "index"})
_PERCENT_UNITS = frozenset({"%", "‰"})
#: Where a clause ends, for the text that governs a figure (not 、: lists share a verb).
_CLAUSE_STOPS = ',，;；。:：!！?？()（）“”"《》【】[]\n'
_LAST_CLAUSE_STOP = regex.compile(f"[{regex.escape(_CLAUSE_STOPS)}]", flags=regex.REVERSE)
#: A gap inside an alias (``研发经费…生产总值的比例``): no digits, no clause marks.
_GAP = r"[^\d,，;；。:：!！?？()（）\n]{0,12}?"
#: Scope words that open a subject without changing what is measured.
_SCOPE = regex.compile(
    r"^(?:全(?:省|市|区|县|州|盟|旗|镇|乡|国|年|社会)|本(?:省|市|区|县|年)|我(?:省|市|区|县)|今年|当年|年末|年底|其中)+"
)
_SPACE = regex.compile(r"\s+")
#: Figures listed after one verb (``分别增长9.7%、15.3%``): skipped when measuring the gap.
_LISTED = regex.compile(r"[\d.．]+\s*(?:个百分点|[^\d、和及，,；;。\s]{0,3})?\s*[、和及]\s*")
#: How far a cue may stand from its figure (增长了近 → 2; 降低企业成本 → 4).
_MAX_GAP = 6
#: After figures listed behind the verb, only a qualifier may stand before the next one (约, 近).
_MAX_LISTED_GAP = 2
_LISTED_RUN = regex.compile(f"(?:{_LISTED.pattern})+")
#: A subject this short (比例, 浓度, 增加值) is a fragment: the clause says what it is of.
_SHORT_SUBJECT = 3
_DIGIT = regex.compile(r"\d")
_SHARE_CUE = regex.compile(r"占|比重|比例|份额")


@dataclass(frozen=True, slots=True)
class Indicator:
    """One row of ``lexicons/indicators.tsv``."""

    id: str
    name: str
    category: str
    measure: str


@dataclass(frozen=True, slots=True)
class _Lexicon:
    by_name: dict[str, Indicator | None]  # literal names; None for a blocking ``-`` entry
    # names with a gap (研发…强度): the pattern, its indicator, and its first part, which a
    # text must contain for the pattern to match (a cheap test before the regex)
    gapped: tuple[tuple[regex.Pattern[str], Indicator | None, str], ...]
    lengths: dict[str, tuple[int, ...]]  # by first character: the lengths names have, longest first
    openings: frozenset[str]  # the first two characters of every name (the name itself if one)
    longest: int  # the length of the longest name
    # the characters the gapped names' first parts start with; None if one is empty
    gapped_starts: str | None


def _normalize(text: str) -> str:
    """NFKC (full-width Latin and digits as ASCII), no spaces: how subjects and names compare."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


@cache
def indicators() -> dict[str, Indicator]:
    """The indicators of the lexicon by id (blocking ``-`` rows left out)."""
    return {i.id: i for i in _rows() if i.id != "-"}


def _rows() -> tuple[Indicator, ...]:
    return tuple(
        Indicator(row["id"], row["name"], row["category"], row["measure"])
        for row in read_table("indicators.tsv")
    )


@cache
def _lexicon() -> _Lexicon:
    by_name: dict[str, Indicator | None] = {}
    gapped: list[tuple[regex.Pattern[str], Indicator | None, str]] = []
    for row, indicator in zip(read_table("indicators.tsv"), _rows(), strict=True):
        target = None if indicator.id == "-" else indicator
        for raw in [row["name"], *row["aliases"].split("|")]:
            if not raw.strip():
                continue
            parts = [_normalize(part) for part in raw.split("…")]  # before NFKC turns … into ...
            if len(parts) > 1:
                body = _GAP.join(regex.escape(part) for part in parts)
                gapped.append((regex.compile(body), target, parts[0]))
                continue
            name = parts[0]
            if name in by_name and by_name[name] != target:
                raise LexiconError(f"indicators.tsv: {name!r} names two indicators")
            by_name[name] = target
    by_first: dict[str, set[int]] = {}
    for name in by_name:
        if name:
            by_first.setdefault(name[0], set()).add(len(name))
    lengths = {first: tuple(sorted(sizes, reverse=True)) for first, sizes in by_first.items()}
    openings = frozenset(name[:2] for name in by_name if name)
    longest = max((len(name) for name in by_name), default=1)
    firsts = [first for _, _, first in gapped]
    gapped_starts = "".join(sorted({f[0] for f in firsts})) if all(firsts) else None
    return _Lexicon(by_name, tuple(gapped), lengths, openings, longest, gapped_starts)


#: A candidate match: (length, end, indicator or None for a blocking entry, surface).
_Match = tuple[int, int, Indicator | None, str]


def _literal_matches(text: str, whole: str) -> tuple[_Match, ...]:
    """The longest literal name starting at each offset of ``text``.

    A name of one or two characters counts only when it is ``whole`` (the
    subject itself): inside longer phrases such names mean something else.
    """
    return tuple(m for m in _names_in(text) if m[0] > 2 or m[3] == whole)


@lru_cache(maxsize=1024)
def _names_in(text: str) -> tuple[_Match, ...]:
    """The longest literal name starting at each offset of ``text``, short ones included.

    Kept apart from the ``whole`` of :func:`_literal_matches` so that one scan of a
    clause serves every caller, whatever subject each asks about. Where ``text``
    starts inside the text scanned last (the clauses of neighbouring figures in
    text with no clause marks overlap by all but a few characters), the names of
    the overlap are read off that scan and only the rest is scanned.
    """
    last, known = _last_scan[0]
    found = _shared_start(last, text)
    if found is None:
        names = _scan(text, 0, len(text))
    else:
        shift, exact = found
        kept = tuple((n, end - shift, i, s) for n, end, i, s in known if shift <= end - n < exact)
        names = kept + _scan(text, exact - shift, len(text))
    _last_scan[0] = (text, names)
    return names


#: The text :func:`_names_in` scanned last and its names (one slot, replaced whole).
_last_scan: list[tuple[str, tuple[_Match, ...]]] = [("", ())]
#: Characters ``text`` must share with the last text before its names are read off it.
_PROBE = 8


def _shared_start(last: str, text: str) -> tuple[int, int] | None:
    """``(shift, exact)`` when ``text`` starts with ``last[shift:]``, else None.

    A name found in ``last`` at an offset before ``exact`` fit inside ``last``
    whatever its length, so it is the name ``text`` has at that offset less
    ``shift``; offsets from there on are scanned again (a longer name may run past
    the end of ``last``).
    """
    exact = len(last) - _lexicon().longest + 1
    probe = text[:_PROBE]
    if len(probe) < _PROBE:
        return None
    shift = last.find(probe, 0, max(exact, 0) + _PROBE - 1)
    while 0 <= shift < exact:
        if text.startswith(last[shift:]):
            return shift, exact
        shift = last.find(probe, shift + 1, exact + _PROBE - 1)
    return None


def _names_ending_in(text: str, tail: str) -> tuple[_Match, ...]:
    """``_names_in(text)`` for a text that ends with ``tail``, whose names are already known.

    A name at an offset of the tail ends where it would in ``tail`` alone, so only
    the offsets before it are scanned: the sentence before a figure ends with the
    figure's clause, and scanning both in full read the clause twice.
    """
    if not tail or not text.endswith(tail):
        return _names_in(text)
    offset = len(text) - len(tail)
    shifted = tuple((n, end + offset, i, s) for n, end, i, s in _names_in(tail))
    return _scan(text, 0, offset) + shifted


def _scan(text: str, low: int, high: int) -> tuple[_Match, ...]:
    """The longest literal name starting at each offset in ``[low, high)`` of ``text``.

    Looked up by length in the name table rather than with one alternation of
    every name: a several-hundred-name alternation scanned at every offset cost
    more than the rest of a record's context on text dense with figures. The
    characters are walked in Python, not found with a pattern of first
    characters: a match object per candidate cost three times as much.
    """
    lex = _lexicon()
    lengths, openings, by_name = lex.lengths, lex.openings, lex.by_name
    found: list[_Match] = []
    size = len(text)
    for start in range(low, high):
        first = text[start]
        if first not in lengths:
            continue
        if text[start : start + 2] not in openings and first not in openings:
            continue  # no name starts with these two characters (项1, 个2)
        for length in lengths[first]:
            surface = text[start : start + length]
            if start + length <= size and surface in by_name:
                found.append((length, start + length, by_name[surface], surface))
                break
    return tuple(found)


@lru_cache(maxsize=4096)
def _gapped_matches(text: str) -> tuple[_Match, ...]:
    lex = _lexicon()
    if lex.gapped_starts is not None and not any(ch in text for ch in lex.gapped_starts):
        return ()  # no first part can stand in it (most clauses): one test per character
    found: list[_Match] = []
    for pattern, target, first in lex.gapped:
        if first not in text:
            continue
        for match in pattern.finditer(text, overlapped=True):
            found.append((match.end() - match.start(), match.end(), target, match.group()))
    return tuple(found)


def _best(found: Sequence[_Match]) -> _Match | None:
    """The match ending nearest the figure, the longest of those.

    Chinese noun phrases end in their head, so of 全社会研发投入 and
    研发投入强度 in 全社会研发投入强度 the later one names the indicator; of
    地区生产总值 and 人均地区生产总值 (same end) the longer one does.
    """
    return max(found, key=lambda m: (m[1], m[0])) if found else None


@lru_cache(maxsize=4096)
def _search(text: str) -> _Match | None:
    """The name ``text`` holds nearest its end (memoized: subjects such as 项 recur)."""
    return _best(_matches(_normalize(text)))


@lru_cache(maxsize=1024)
def _matches(text: str) -> tuple[_Match, ...]:
    """Every name in a normalized ``text``, literal (a short one only as the whole text
    after its scope words) and gapped: what :func:`_search` and :func:`_free` choose from."""
    return _literal_matches(text, _SCOPE.sub("", text)) + _gapped_matches(text)


def _free(clause: str) -> _Match | None:
    """The clause's name with no figure after it: a name a figure follows is that figure's
    (收入增长2.3%、支出…). Asked only when the subject leaves the indicator open."""
    if not clause:
        return None
    return _best([m for m in _matches(clause) if not _DIGIT.search(clause, m[1])])


@lru_cache(maxsize=8192)
def find_indicator(subject: str | None, before: str = "", sentence: str = "") -> Indicator | None:
    """The indicator ``subject`` names, else the one the clause ``before`` the figure names.

    ``before`` is the figure's clause up to the figure (see :func:`clause_before`);
    ``sentence`` the sentence up to the figure, where a short subject left
    unresolved by its clause is looked for (``研发投入强度为1.72%，比上年提高
    0.08个百分点``: the 强度 of the clause before).
    A share (``…占规模以上工业总产值比重45%``) is of what stands before ``占``,
    not of the whole it is a part of, unless a share name of the lexicon
    (``研发经费支出占…比重``) spans the clause.
    """
    clause = _normalize(before)
    normalized = _normalize(subject) if subject else ""
    listed = _listed(clause, normalized)
    if listed is not None:
        return listed[1]
    share = clause.rfind("占")
    if share == 0 and sentence:
        # 占 opens the clause: the part is what the sentence named before (税收收入…，占…比重)
        earlier = _normalize(sentence[: max(len(sentence) - len(before), 0)])
        found = _search(earlier) if earlier else None
        return found[2] if found else None
    if share > 0:
        spanning = _best(_gapped_matches(clause))
        found = spanning or _search(clause[:share])
        return found[2] if found else None
    in_clause = _search(clause) if clause else None
    if subject:
        found = _search(subject)
        if found is not None:
            # the clause may hold a longer name around the subject's (规模以上|工业增加值)
            longer = in_clause is not None and found[3] in in_clause[3] and in_clause[0] > found[0]
            return in_clause[2] if longer and in_clause else found[2]
        short = _SCOPE.sub("", normalized)
        if in_clause is not None and short and short in in_clause[3]:
            return in_clause[2]  # the clause's name wraps the subject (新增|城镇就业)
        if len(short) > _SHORT_SUBJECT:
            return None
        composed = _composed(clause, short)
        if composed is not None:
            return composed
        free = _free(clause)
        if free is None and short and sentence:
            earlier = _normalize(sentence)
            named = [m for m in _names_ending_in(earlier, clause) if m[0] > 2 and short in m[3]]
            found = _best(named + [m for m in _gapped_matches(earlier) if short in m[3]])
            if found is not None:
                return found[2]
        return free[2] if free else None
    free = _free(clause)
    return free[2] if free else None


@cache
def _lists() -> tuple[tuple[str, tuple[Indicator, ...]], ...]:
    """indicator_lists.tsv: (phrase, parts), longest phrase first."""
    known = indicators()
    out: list[tuple[str, tuple[Indicator, ...]]] = []
    for row in read_table("indicator_lists.tsv"):
        ids = row["parts"].split("|")
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise LexiconError(f"indicator_lists.tsv: {row['phrase']}: unknown ids {unknown}")
        out.append((_normalize(row["phrase"]), tuple(known[i] for i in ids)))
    return tuple(sorted(out, key=lambda p: len(p[0]), reverse=True))


@cache
def _list_starts() -> str | None:
    """The characters the phrases of indicator_lists.tsv start with (None if one is empty)."""
    phrases = [phrase for phrase, _ in _lists()]
    return "".join(sorted({p[0] for p in phrases})) if all(phrases) else None


def _listed(clause: str, subject: str) -> tuple[bool, Indicator | None] | None:
    """The part a figure is of a phrase naming several indicators (城乡…分别增长4.4%、5.6%).

    None when no such phrase governs the figure; (True, None) when one does
    but the figure cannot be told apart (no 分别, or more figures than parts).
    """
    starts = _list_starts()
    if starts is not None and not any(ch in clause or ch in subject for ch in starts):
        return None  # no phrase can stand in either (most clauses)
    for phrase, parts in _lists():
        at = clause.rfind(phrase)
        if at < 0 and phrase not in subject:
            continue
        after = clause[at + len(phrase) :] if at >= 0 else clause
        respectively = after.find("分别")
        if respectively < 0:
            return True, None
        index = len(_LISTED.findall(after[respectively:]))
        return True, parts[index] if index < len(parts) else None
    return None


def _composed(clause: str, short: str) -> Indicator | None:
    """A short subject completed by the entity the clause names before it.

    ``规模以上工业企业达7.6万家、增加值增长3%``: the 增加值 is the enterprises'
    (规模以上工业企业 + 增加值), so the name made of the two is looked up,
    and taken only when the match covers the subject.
    """
    for _, _, _, surface in sorted(_literal_matches(clause, ""), reverse=True):
        whole = surface + short
        found = _search(whole)
        if found is not None and found[1] == len(whole) and found[0] > len(short):
            return found[2]
    return None


#: Characters before a figure its clause is read for: an indicator's name stands near its figure,
#: and a text with no clause marks (a flattened table) must not be read back to its start.
_CLAUSE_REACH = 80


def clause_before(text: str, start: int, lower: int = 0) -> str:
    """The figure's clause up to the figure: back to the last clause mark, not before ``lower``."""
    floor = max(lower, start - _CLAUSE_REACH)
    mark = _LAST_CLAUSE_STOP.search(text, floor, start)  # found from the figure backwards
    return text[mark.end() if mark else floor : start]


@cache
def _cues() -> tuple[dict[str, str], regex.Pattern[str]]:
    effects = {row["cue"]: row["effect"] for row in read_table("change_cues.tsv")}
    allowed = {"increase", "decrease", "level", "none"}
    bad = sorted(c for c, e in effects.items() if e not in allowed)
    if bad:
        raise LexiconError(f"change_cues.tsv: unknown effect for {bad}")
    alternatives = sorted(effects, key=len, reverse=True)
    return effects, regex.compile("|".join(map(regex.escape, alternatives)))


def _cue_spans(before: str) -> list[tuple[int, int, str]]:
    """Cue words in ``before`` (start, end, effect); longest at each place, none-words blocking."""
    effects, pattern = _cues()
    spans: list[tuple[int, int, str]] = []
    covered = -1
    for match in pattern.finditer(before, overlapped=True):
        if match.start() < covered:
            continue  # inside a longer cue or a none-word already taken
        spans.append((match.start(), match.end(), effects[match.group()]))
        covered = match.end()
    return [s for s in spans if s[2] != "none"]


def change_of(before: str) -> str | None:
    """``increase`` / ``decrease`` from the cue that governs a figure, or None for a level.

    ``before`` is the figure's clause up to the figure. The nearest cue counts,
    if no more than a few characters (besides figures listed with ``、``) stand
    between it and the figure; a change verb followed by ``到``/``至`` states the
    level reached; a rate noun (``增速``, ``涨幅``) names a rate whose figure is
    its own value, not a change.
    """
    spans = _cue_spans(before)
    if not spans:
        return None
    _, end, effect = spans[-1]
    gap = before[end:]
    listed = _LISTED_RUN.match(gap)
    if listed:  # figures listed after the verb (分别增长9.7%、15.3%) share it
        gap = gap[listed.end() :]
        if len(gap) > _MAX_LISTED_GAP:
            return None  # a new noun after the list (增长2.3%、支出首次超过…)
    elif len(gap) > _MAX_GAP:
        return None
    if effect in ("increase", "decrease"):
        return None if before[end : end + 1] in ("到", "至") else effect
    return None


def measure_of(
    indicator: Indicator | None, unit: str, change: str | None, before: str
) -> str | None:
    """What the figure is of its indicator (one of :data:`MEASURES`), None without an indicator."""
    if indicator is None:
        return None
    if indicator.measure in ("rate", "share") and unit not in (*_PERCENT_UNITS, "百分点"):
        return None  # a count or amount is no rate (新建农村卫生厕所3.2万户)
    if unit == "百分点":
        return "points"
    if unit in _PERCENT_UNITS:
        if indicator.measure == "growth":
            return "growth"
        if indicator.measure in _RATE_LIKE:
            # a rate that moves by a percentage of itself (能耗下降3%) is a growth rate
            return "growth" if change and indicator.measure in ("intensity", "index") else "level"
        if change:
            return "growth"
        return "share" if _SHARE_CUE.search(before) else None
    if unit == "倍":
        return "growth" if change else "level"
    return "increment" if change else "level"


# ------------------------------------------------------------------ who reported it

_CONGRESS = regex.compile(
    r"在\s*([^\s，,。；;：:（）()“”\d]{2,20}?)\s*第[一二三四五六七八九十\d]+\s*届\s*人民代表大会"
)
_PLACE = regex.compile(
    r"[^\s，,。；;：:（）()“”\d年]{1,10}?(?:特别行政区|自治区|自治州|自治县|新区|地区|省|市|州|盟|县|区|旗)"
)
_ORGAN = regex.compile(r"人民政府|政府|人大|政协|委员会|办公室|统计局|调查队|局|委|厅|处|科协|协会")
_YEAR_PREFIX = regex.compile(r"^[\s\d〇零一二三四五六七八九十]*年(?:度)?")


def opening_issuer(opening: str) -> str | None:
    """The government that delivers a work report, from its opening (``在云南省第十四届人大``).

    A work report is delivered by the people's government of the place whose
    congress hears it, so ``在云南省第十四届人民代表大会第四次会议上`` gives
    ``云南省人民政府``: the fallback for reports whose title names no issuer.
    """
    match = _CONGRESS.search(opening)
    return f"{match.group(1)}人民政府" if match else None


@cache
def _provinces() -> tuple[tuple[str, str], ...]:
    """(surface, full name), longest surface first."""
    pairs = [(row["name"], row["name"]) for row in read_table("regions.tsv")]
    pairs += [(row["short"], row["name"]) for row in read_table("regions.tsv") if row["short"]]
    return tuple(sorted(pairs, key=lambda p: len(p[0]), reverse=True))


def region_key(name: str | None) -> str | None:
    """The place an issuer or title names, as one key: 上海市人民政府, 2025年上海市… → 上海市.

    A provincial-level name may be written short (``新疆``, ``上海``); below
    it, the key is the chain of place names as written (``上海市浦东新区``,
    ``青溪区``). Organ words (人民政府, 统计局…) end it. None when the
    text names no place (``政府工作报告``, ``区科技局``).
    """
    if not name:
        return None
    text = _YEAR_PREFIX.sub("", _normalize(name))
    key = ""
    for surface, full in _provinces():
        if text.startswith(surface):
            key, text = full, text[len(surface) :]
            suffix = full[len(surface) :]
            if suffix and text.startswith(suffix):
                text = text[len(suffix) :]
            break
    while True:
        organ = _ORGAN.match(text)
        if organ or not text:
            break
        place = _PLACE.match(text)
        if place is None or _ORGAN.search(place.group()):
            break
        key += place.group()
        text = text[place.end() :]
    return key or None
