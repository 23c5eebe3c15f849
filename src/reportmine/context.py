"""Subject, category, status and year of each figure (METRICS.md §2, §3, §5).

The number layer says *how much*; this layer says *of what*, *achieved or
promised*, and *for which year*. It reads only the sentence around a figure
and the place the structure layer gives it (heading path, section role,
heading and document years), so its cost grows with the number of figures,
not with the length of the text: jieba segments only the short stretch of a
clause between a figure and what governs it.

Every word list comes from ``lexicons/``; the code knows only the shapes of
Chinese report prose (head-final noun phrases, ``A、B分别增长x、y``,
``比2006年…``, ``由X增加到Y``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import regex as re

from reportmine.lexicon import lexicon_dir, read_table
from reportmine.quantities import Figure
from reportmine.structure import Document, Report

# jieba tags that can be part of a noun phrase (nouns, nominal verbs, names,
# distinguishing words such as 国家级, abbreviations, idioms, foreign words).
_NOMINAL_TAGS = ("n", "vn", "an", "b", "j", "nz", "nr", "ns", "nt", "eng", "l", "g", "q", "a", "zg")
# Tags skipped at the right end of the text before a figure (numbers, times,
# prepositions, particles, adverbs, conjunctions, pronouns, punctuation).
_SKIP_TAGS = ("m", "t", "p", "u", "d", "c", "r", "x", "y", "w", "f")
# No line breaks: a sentence from the structure layer holds one only where a
# PDF layer wrapped a line mid-sentence (第一产业增\n加值), and reads across it.
_CLAUSE_STOPS = ',，;；。:：!！?？、()（）“”"《》【】[]—'
_LIST_STOPS = _CLAUSE_STOPS.replace("、", "")
_SENTENCE_STOPS = "。;；!！?？\n"  # only where the structure has no sentence (furniture)
# Read past when segmenting: a PDF layer's line breaks and the spaces it puts inside
# words (生产总 值), which would otherwise cut a subject in two.
_LINE_BREAKS = "\r\n \u3000"
_PART_ENDS = "；;，,"  # a sentence cut at one of these is part of a longer one
_LEAD_PARTS = 8
_REACH = 400  # characters each side of a figure that context reads in an overlong sentence
_STEP = _REACH // 4  # the figures within one step of an overlong sentence share a window
_LIST_BREAK = re.compile(r"[，,；;。]")  # a 分别 list ends at the first clause mark
_MAX_SUBJECT_TOKENS = 6
# A note mark or a short aside between a subject and its figure: 生产总值[2]1329亿元,
# 博物馆（含民办）160个.
_FOOTNOTE = re.compile(r"(?:[\[［〔]\d{1,2}[\]］〕]|[(（][^()（）]{1,12}[)）])\s*$")
_MAX_LABEL = 12  # characters of a 钢： / 粮食： label that names the figures after it
_LEFT_WINDOW = 40
_RIGHT_WINDOW = 16  # characters after a classifier where its noun may stand

# A year as reports write it: 2007, full-width ２００７, spaced by a PDF layer
# (1 9 9 7), or in Chinese digits (一九九七, 二〇〇七).
_ANY_YEAR = (
    r"[1１][ \u3000]?[9９](?:[ \u3000]?\d){2}|[2２][ \u3000]?[0０](?:[ \u3000]?\d){2}"
    r"|[一二][〇零○Ｏ九][〇零○Ｏ一二三四五六七八九]{2}"
)
_IMMEDIATE_YEAR = re.compile(rf"({_ANY_YEAR})\s*年(?:度|末|底|年末)?\s*的?\s*$")
_EXPLICIT_YEAR = re.compile(
    rf"(?<!(?:{_ANY_YEAR})\s*年?\s*[-—–－~～至到]\s*)({_ANY_YEAR})\s*年"
    rf"(?!\s*[-—–－~～至到]\s*(?:{_ANY_YEAR})|以来)"
)
# A year that opens a sentence as its topic (2007年，…；…；…。) governs every clause of it.
_TOPIC_YEAR = re.compile(rf"[\s—\-]*({_ANY_YEAR})\s*年(?:度|末|底)?\s*[，,]")
_CITED_YEAR = re.compile(rf"({_ANY_YEAR})\s*年(?!\s*[-—–－~～至到])")
_START_VALUE = re.compile(rf"(?:由|从)\s*(?:(?:{_ANY_YEAR})\s*年\s*的?)?\s*(?:人均)?\s*$")
_LISTED = re.compile(r"(?:\d[\d.．]*\s*[^\d、，,；;。\s]{0,4}、\s*)+$")  # 771家、
_START_YEAR = re.compile(rf"(?:由|从)\s*({_ANY_YEAR})\s*年")
_AWARDED = re.compile(r"[^，,；;。]{0,12}获[^，,；;。]{0,6}奖")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a figure stands, as the structure layer sees it.

    ``role`` is ``review`` (a report of what was done), ``plan`` (targets for
    a coming period) or None; ``period`` is True when the headings or the
    document's title name a span of several years (过去五年, “十三五”时期,
    第十四个五年规划) and no heading names one year. ``frame`` is that title
    and heading path, where such a span is named. ``lead_start`` is where the
    sentence before begins (in the same section), whose indicator a breakdown
    continues (``居民消费价格持平。其中，城市下降0.1%``).
    """

    sentence_start: int
    sentence_end: int
    section: str | None
    role: str | None
    heading_year: int | None
    doc_year: int | None
    period: bool = False
    period_end: int | None = None
    work_report: bool = False
    frame: str = ""
    lead_start: int = 0


@dataclass(frozen=True, slots=True)
class Context:
    """The context fields of one figure."""

    subject: str | None
    category: str
    status: str
    year: int | None


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    tag: str
    start: int  # offsets in the source text; a word read across a line break
    end: int  # spans it, so end - start may exceed len(word)


# ---------------------------------------------------------------- lexicons


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(row["word"] for row in read_table("subject_stopwords.tsv"))


@cache
def _category_terms() -> dict[str, str]:
    return {row["term"]: row["category"] for row in read_table("categories.tsv")}


@cache
def _category_pattern() -> re.Pattern[str]:
    terms = sorted(_category_terms(), key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms))


@cache
def _unit_categories() -> dict[str, str]:
    return {row["unit"]: row["category"] for row in read_table("category_units.tsv")}


@cache
def _unit_overrides() -> dict[str, frozenset[str]]:
    """Units that decide over a subject of the listed categories (人 at an event: people)."""
    return {
        row["unit"]: frozenset(row["overrides"].split())
        for row in read_table("category_units.tsv")
        if row["overrides"]
    }


@cache
def _status_cues() -> dict[str, str]:
    return {row["cue"]: row["status"] for row in read_table("status_cues.tsv")}


@cache
def _cue_pattern(status: str) -> re.Pattern[str]:
    cues = sorted((c for c, s in _status_cues().items() if s == status), key=len, reverse=True)
    return re.compile("|".join(re.escape(c) for c in cues))


@cache
def _false_friend_pattern() -> re.Pattern[str]:
    words = sorted((row["word"] for row in read_table("status_false_friends.tsv")), key=len)
    return re.compile("|".join(re.escape(w) for w in reversed(words)))


def _has_cue(status: str, stretch: str) -> bool:
    """Whether ``stretch`` holds a cue of ``status``, words that only contain one (原煤) aside."""
    blanked = _false_friend_pattern().sub(lambda m: " " * len(m.group()), stretch)
    return _cue_pattern(status).search(blanked) is not None


@cache
def _relative_years() -> dict[str, int]:
    return {row["word"]: int(row["offset"]) for row in read_table("relative_years.tsv")}


@cache
def _relative_pattern() -> re.Pattern[str]:
    words = sorted(_relative_years(), key=len, reverse=True)
    return re.compile(r"(?<![比较])(" + "|".join(re.escape(w) for w in words) + ")")


@cache
def _year_cue(kind: str, before_end: bool = False) -> re.Pattern[str]:
    """year_cues.tsv's cues of one kind, longest first; ``before_end`` anchors them at the end.

    average adds a streak (连续6年), a shape rather than a word.
    """
    cues = sorted(
        (r["cue"] for r in read_table("year_cues.tsv") if r["kind"] == kind), key=len, reverse=True
    )
    alternation = "|".join(re.escape(c) for c in cues)
    if kind == "average":
        alternation += r"|连续[\d一二两三四五六七八九十]+年"
    return re.compile(f"(?:{alternation})\\s*$" if before_end else alternation)


class _Segmenter:
    """jieba with the domain dictionary, plus a word → tag table, built once.

    A private ``jieba.Tokenizer`` keeps the user dictionary out of the global
    one other code may use; tags are looked up in jieba's own dictionary
    instead of running ``posseg`` (its HMM is four times slower than ``cut``
    and the subject rules need tags only of known words).
    """

    def __init__(self) -> None:
        import jieba

        jieba.setLogLevel(60)
        self.tokenizer = jieba.Tokenizer()
        self.tags: dict[str, str] = {}
        with jieba.get_dict_file() as handle:
            for raw in handle:
                parts = raw.decode("utf-8").split()
                if len(parts) == 3:
                    self.tags[parts[0]] = parts[2]
        user = lexicon_dir() / "jieba_user_dict.txt"
        for line in user.read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) == 3 and not line.startswith("#"):
                self.tokenizer.add_word(parts[0], int(parts[1]), parts[2])
                self.tags[parts[0]] = parts[2]

    def tokens(self, text: str, offset: int) -> list[_Token]:
        """The words of ``text`` with their tags and source offsets, read across line breaks
        and the spaces a PDF layer leaves inside words."""
        kept = [i for i, ch in enumerate(text) if ch not in _LINE_BREAKS]
        out: list[_Token] = []
        k = 0
        for word in self.tokenizer.cut("".join(text[i] for i in kept), HMM=False):
            start, end = offset + kept[k], offset + kept[k + len(word) - 1] + 1
            out.append(_Token(word, self._tag(word), start, end))
            k += len(word)
        return out

    def _tag(self, word: str) -> str:
        tag = self.tags.get(word)
        if tag is not None:
            return tag
        if any(ch.isdigit() for ch in word):
            return "m"
        if not any(ch.isalpha() for ch in word):
            return "x"  # spaces, punctuation, a decimal point cut off its digits
        return "n" if len(word) > 1 else "g"


@cache
def _segmenter() -> _Segmenter:
    return _Segmenter()


# ---------------------------------------------------------------- subject


def _clause_start(text: str, lower: int, at: int, stops: str = _CLAUSE_STOPS) -> int:
    """Start of the clause that ends at ``at``, not before ``lower``."""
    for i in range(at - 1, max(lower, at - _LEFT_WINDOW) - 1, -1):
        if text[i] in stops:
            return i + 1
    return max(lower, at - _LEFT_WINDOW)


def _is_nominal(token: _Token) -> bool:
    return token.tag.startswith(_NOMINAL_TAGS) and token.word not in _stopwords()


def _skippable(token: _Token) -> bool:
    return (
        token.word in _stopwords()
        or token.tag.startswith(_SKIP_TAGS)
        or token.word.isspace()
        or bool(re.fullmatch(rf"{_ANY_YEAR}|年度?|末|底", token.word))
    )


def _governs_verb(tokens: list[_Token], i: int) -> bool:
    """A target cue before the verb of a figure (总产值|计划|增长): a modal, not a noun.

    Directly before the figure the same word is a noun (完成市科技计划|3项).
    """
    return (
        i + 1 < len(tokens)
        and tokens[i + 1].tag.startswith("v")
        and _status_cues().get(tokens[i].word) == "target"
    )


def _left_subject(text: str, tokens: list[_Token]) -> str | None:
    """The head noun phrase ending just before a figure: cue words skipped from the right.

    The first kept word may be a verb (立项, 培训, 登记: a nominalised action
    is a subject); further left only nominal words join, so the phrase stops
    at the verb that governs it (安排|科技经费).
    """
    i = len(tokens) - 1
    while i >= 0 and (_skippable(tokens[i]) or _governs_verb(tokens, i)):
        i -= 1
    if i < 0:
        return None
    end = tokens[i].end
    first = last = i
    i -= 1
    while i >= 0 and first - i < _MAX_SUBJECT_TOKENS and _is_nominal(tokens[i]):
        first = i
        i -= 1
    while first < last and _status_cues().get(tokens[first].word) == "target":
        first += 1  # 计划|钢产量: the plan is the status, not part of what is measured
    return text[tokens[first].start : end]


def _right_subject(text: str, tokens: list[_Token]) -> str | None:
    """The noun phrase right after a classifier (三十场|科普讲座, 12家|单位).

    A modifier ending in 的 is passed over to the head it modifies
    (十余场|各具特色的|科普活动), unless the classifier's own noun comes first
    (5.3公里|道路|的建设任务).
    """
    modified = next((k for k, t in enumerate(tokens[:_MAX_SUBJECT_TOKENS]) if t.word == "的"), 0)
    if (
        modified > 0
        and modified + 1 < len(tokens)
        and _is_nominal(tokens[modified + 1])
        and not tokens[0].tag.startswith("n")
        and not any(t.tag.startswith("m") for t in tokens[:modified])
    ):
        tokens = tokens[modified + 1 :]  # 各具特色的|科普活动; not 5.3公里道路的|建设任务
    if not tokens:
        return None
    first = tokens[0]
    verb_led = (
        first.tag == "v" and len(first.word) == 2 and len(tokens) > 1 and _is_nominal(tokens[1])
    )
    lead_ok = not first.tag.startswith(("q", "m", "a")) or (
        first.tag.startswith("a") and len(tokens) > 1 and _is_nominal(tokens[1])
    )
    if not verb_led and (not _is_nominal(first) or not lead_ok):
        return None
    last = 0
    while last + 1 < min(len(tokens), _MAX_SUBJECT_TOKENS) and _is_nominal(tokens[last + 1]):
        last += 1
    return text[tokens[0].start : tokens[last].end]


def _right_action(text: str, tokens: list[_Token]) -> str | None:
    """A verb that ends the clause after a count of people, where nothing else names it
    (8587人|参加, 1200人次|受益): what they did is what was counted."""
    if not tokens or not tokens[0].tag.startswith("v") or tokens[0].word in _stopwords():
        return None
    last = 0
    while last + 1 < min(len(tokens), 3) and tokens[last + 1].tag.startswith(("v", "n")):
        last += 1
    if last + 1 < len(tokens):
        return None  # the clause goes on: the verb governs something else
    return text[tokens[0].start : tokens[last].end]


def _clause_end(text: str, at: int, upper: int) -> int:
    for i in range(at, min(upper, at + _RIGHT_WINDOW)):
        if text[i] in _CLAUSE_STOPS:
            return i
    return min(upper, at + _RIGHT_WINDOW)


def _respectively(
    text: str,
    sent_start: int,
    fig: Figure,
    figures: Sequence[Figure],
    earlier: Sequence[str | None],
) -> str | None:
    """``A、B、C分别增长x、y、z``: the item of the list before 分别 in the figure's position.

    When 分别 opens its clause (``收入12.5亿元，税收9.8亿元，分别增长8.8%和10.8%``)
    the list is the figures before it: each rate takes the subject of the
    figure it pairs with, ``earlier`` being the subjects of the sentence's
    figures so far.
    """
    before = text[sent_start : fig.start]
    k = before.rfind("分别")
    if k < 0:
        return None
    at = sent_start + k
    if _LIST_BREAK.search(text, at, fig.start):
        return None
    position = sum(1 for f in figures if at < f.start < fig.start)
    head_start = _clause_start(text, sent_start, at, _LIST_STOPS)
    head = re.sub(r"(?:比上年|同比|较上年|比去年|均|都)+$", "", text[head_start:at])
    if not head.strip():
        listed = [f for f in figures if f.start > at and not _LIST_BREAK.search(text, at, f.start)]
        paired = [s for f, s in zip(figures, earlier, strict=False) if f.start < at]
        if len(listed) <= len(paired):
            return paired[len(paired) - len(listed) + position]
    if not head.strip() and head_start - 1 > sent_start:
        head = text[_clause_start(text, sent_start, head_start - 1, _LIST_STOPS) : head_start - 1]
    items = [p for p in re.split(r"、|和|及|与", head) if p.strip()]
    if not items:
        return None
    last = position >= len(items) - 1
    item = items[min(position, len(items) - 1)]
    tokens = _segmenter().tokens(item, 0)
    if last:
        cut = next(
            (k for k, t in enumerate(tokens) if k and t.tag.startswith(("d", "v", "t", "p"))),
            len(tokens),
        )
        tokens = tokens[:cut]
    return _left_subject(item, tokens) or item.strip() or None


def _subjects(text: str, place: Place, figures: Sequence[Figure]) -> list[str | None]:
    """Subjects of the figures of one sentence, in order; a figure with none inherits."""
    seg = _segmenter()
    out: list[str | None] = []
    lower = place.sentence_start
    previous: str | None = None
    for fig in figures:
        subject = _respectively(text, place.sentence_start, fig, figures, out)
        if subject is None and fig.kind not in ("percent", "ratio"):
            end = _clause_end(text, fig.end, place.sentence_end)
            subject = _right_subject(text, seg.tokens(text[fig.end : end], fig.end))
        if subject is None:
            footnote = _FOOTNOTE.search(text, lower, fig.start)
            at = footnote.start() if footnote else fig.start
            start = _clause_start(text, lower, at)
            subject = _left_subject(text, seg.tokens(text[start:at], start))
        if subject is None and _unit_categories().get(fig.unit) == "people":
            end = _clause_end(text, fig.end, place.sentence_end)
            subject = _right_action(text, seg.tokens(text[fig.end : end], fig.end))
        if subject is None:
            subject = previous or _label(text, place.sentence_start, fig.start)
        out.append(subject)
        previous = subject
        lower = fig.end
    return out


def _label(text: str, sent_start: int, at: int) -> str | None:
    """A short label before a colon that heads the figure's clause (钢：从135万吨增加到412万吨)."""
    colon = max(text.rfind("：", sent_start, at), text.rfind(":", sent_start, at))
    if colon < 0 or _LIST_BREAK.search(text, colon, at):
        return None
    start = _clause_start(text, sent_start, colon)
    if not 0 < colon - start <= _MAX_LABEL:
        return None
    return _left_subject(text, _segmenter().tokens(text[start:colon], start))


# ---------------------------------------------------------------- category


def _word_starts(words: str) -> frozenset[int]:
    """Offsets in ``words`` where a one-character word starts."""
    return frozenset(t.start for t in _segmenter().tokens(words, 0) if len(t.word) == 1)


def _term_category(words: str | None, skip: frozenset[str] = frozenset()) -> str | None:
    """The category of the rightmost term in ``words`` (the longer one on a tie).

    Terms of a category in ``skip`` are passed over, and so are one-character
    terms before the end that jieba reads as part of a longer word. Spaces and
    line breaks a PDF layer left inside a word (生产总 值) are read past.
    """
    if not words:
        return None
    words = "".join(words.split())
    # Read from the right end leftwards, the longest term at each offset (what an
    # alternation of the terms, longest first, finds there), and stop once no term
    # starting further left can end as far right: the cost is that of the end of
    # ``words``, not of its length (a lead may be hundreds of characters).
    terms = _category_terms()
    lengths = _term_lengths()
    firsts = _term_firsts()
    starts: frozenset[int] | None = None  # jieba's one-character words, segmented if asked
    best: tuple[int, int, str] | None = None
    for at in range(len(words) - 1, -1, -1):
        if best is not None and at + lengths[0] < best[0]:
            break
        if words[at] not in firsts:
            continue
        term = next((words[at : at + n] for n in lengths if words[at : at + n] in terms), None)
        if term is None or terms[term] in skip:
            continue
        end = at + len(term)
        if len(term) == 1 and end < len(words):
            starts = _word_starts(words) if starts is None else starts
            if at not in starts:
                continue  # 市, 县, 村 at the end or as words: not inside 市民公园, 农村厕所
        if best is None or (end, len(term)) > best[:2]:
            best = (end, len(term), term)
    return None if best is None else terms[best[2]]


@cache
def _term_firsts() -> frozenset[str]:
    """The characters a category term starts with."""
    return frozenset(t[0] for t in _category_terms() if t)


@cache
def _term_lengths() -> tuple[int, ...]:
    """The lengths of the category terms, longest first."""
    return tuple(sorted({len(t) for t in _category_terms()}, reverse=True))


# Who a figure belongs to is not what it measures (METRICS.md §3): in a rate, a
# measure or a sum of money, a subject headed by an organization (集体企业下降25.5%,
# 外商投资企业增长3.0%, 其中，城市下降0.1%) names whose figure it is; in a sum of
# money a subject headed by a project, a group of people or an event names what
# the money went to (10亿元以上重大产业项目, 困难群众109万元; a 补助标准 is money, not
# an ip standard), and in a measure a
# project names what was built (示范项目96.7公里).
_OWNERS: dict[str, frozenset[str]] = {
    "count": frozenset(),
    "money": frozenset({"organizations", "projects", "people", "events", "ip"}),
    "measure": frozenset({"organizations", "projects"}),
}
_OWNERS_OF_RATES = frozenset({"organizations"})
_RATES = ("percent", "ratio")


def category(
    subject: str | None,
    unit: str,
    clause: str = "",
    previous: str | None = None,
    kind: str = "count",
    lead: str = "",
) -> str:
    """The category of a figure (METRICS.md §3): its subject's head term, else its unit's default.

    A class in a breakdown (``其中：农业类30项``) is a part of the total before
    it and takes its category. A subject headed by the figure's owner rather
    than what it measures (see ``_OWNERS``) decides nothing: a rate then takes
    the category of the figure before it in the sentence (``国有企业增加值增长
    2.3%；集体企业下降25.5%``) or of the indicator in ``lead``, the sentences it
    breaks down (``居民消费价格持平。其中，城市下降0.1%``). A share (``研发经费
    支出…占国内生产总值比重1.07%``) is a rate of what stands before 占. A subject with no
    term looks at the rest of its clause; the unit decides last, and decides
    first where it counts people at an event or in an organization
    (``培训班14000多人``: see ``category_units.tsv``).
    """
    if subject and subject.rstrip().endswith("类"):
        if previous is not None:
            return previous
        return _unit_categories().get(unit) or _term_category(subject) or "other"
    owners = _OWNERS.get(kind, _OWNERS_OF_RATES)
    if kind in _RATES and "占" in clause:  # X占Y的比重: a share is a rate of X, not of Y
        share_of = _term_category(lead[: lead.rfind("占")], owners)
        if share_of is not None:
            return share_of
    own = _term_category(subject)
    if own is not None and kind in _RATES and own in owners:
        return previous or _term_category(lead, owners) or "other"
    found = own if own is not None and own not in owners else _term_category(clause, owners)
    if found is not None and found not in _unit_overrides().get(unit, ()):
        return found
    if found is None and kind in _RATES:  # 增长8%, with nothing of its own to say what grew
        return previous or _term_category(lead, owners) or "other"
    return _unit_categories().get(unit) or "other"


# ---------------------------------------------------------------- year


_NUMERAL_YEARS = r"[二三四五六七八九十两几]|\d{1,2}"
_PLAN = r"十[一二三四五六七八九]?五|[一二三四六七八九]五"
# The long name of a five-year plan: 第一个五年计划 (1953-57), 第十五个五年规划.
_NTH_PLAN = r"第(?P<nth>[一二三四五六七八九十]{1,3})个五年(?:计划|规划)"
# A span of several years named in a sentence (METRICS.md §5): a range of years, a five-year
# plan's period (“十三五”时期, “八五”期间), the years under review (过去五年, 五年来) or ahead
# (今后五年), or a year and what followed it (2020年以来).
_SPAN_SOURCE = (
    rf"(?P<a>{_ANY_YEAR})\s*年?\s*(?:[-—–－~～至到]|年到)\s*(?P<b>{_ANY_YEAR})"
    rf"|[“\"‘]?(?P<plan>{_PLAN})[”\"’]?(?:规划|计划)?(?:期间|时期|以来)"
    rf"|(?:过去|近|这)(?P<back>{_NUMERAL_YEARS})年(?!前|后|内|之内)|(?P<since_n>{_NUMERAL_YEARS})年来"
    rf"|(?:今后|未来|此后)(?P<ahead>{_NUMERAL_YEARS})年"
    rf"|(?P<since>{_ANY_YEAR})\s*年以来"
    r"|五年(?!规划|计划|行动)"
)
_SPAN = re.compile(_SPAN_SOURCE)
# Every alternative of _SPAN holds one of these (年, the 五 of a plan, a range's dash or 至):
# a sentence without any is not searched (the search costs ~1 us a character).
_SPAN_CUE = re.compile(r"[年五\-—–－~～至到]")
# A heading may name the plan alone (二、“十三五”规划主要目标): enough to date its levels.
_HEADING_SPAN = re.compile(rf"{_SPAN_SOURCE}|[“\"‘](?P<named>{_PLAN})[”\"’]|{_NTH_PLAN}")
# Within one clause: an average or a streak over several years (年均增长, 连续6年).
# A running total (累计) covers the span around it, or the year when none is named (全年累计).
_RUNNING_TOTAL = re.compile(r"(?<!全年|今年|本年|当年)累计")
_BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
}
# The first two plans ran 1953-57 and 1958-62; from the third (1966-70) one every five years.
_PLAN_STARTS = {1: 1953, 2: 1958}
_SMALL_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)} | {"两": 2}


def _year_value(written: str) -> int:
    """A year written in Arabic (any width, spaced) or Chinese digits (一九九四 → 1994)."""
    return int("".join(_CHINESE_DIGITS.get(c, c) for c in written if not c.isspace()))


def _count(written: str) -> int | None:
    """A small count of years (五, 十, 10); None when vague (几)."""
    if written.isdigit():
        return int(written)
    return _SMALL_NUMERALS.get(written)


def _review_end(place: Place) -> int | None:
    """The last year a review looks back on: a work report's is the year before it is delivered."""
    if place.doc_year is None:
        return None
    return place.doc_year - 1 if place.work_report else place.doc_year


def _plan_number(short: str | None, nth: str | None) -> int | None:
    """Which five-year plan a name means: 八五 → 8, 十三五 → 13, 十五 → 10, 第十五个 → 15."""
    if nth:
        tens, _, units = nth.rpartition("十")
        if "十" not in nth:
            return _SMALL_NUMERALS.get(nth)
        return _SMALL_NUMERALS.get(tens, 1) * 10 + _SMALL_NUMERALS.get(units, 0)
    if not short:
        return None
    if len(short) == 2:
        return 10 if short[0] == "十" else _SMALL_NUMERALS[short[0]]
    return 10 + _SMALL_NUMERALS[short[1]]


def _span_years(m: re.Match[str], place: Place) -> tuple[int | None, int | None]:
    """First and last year of a span named by ``m`` (either may be unknown)."""
    if m.group("a"):
        return _year_value(m.group("a")), _year_value(m.group("b"))
    named = {k: m.group(k) for k in ("plan", "named", "nth") if k in m.re.groupindex}
    number = _plan_number(named.get("plan") or named.get("named"), named.get("nth"))
    if number is not None:
        first = _PLAN_STARTS.get(number, 1966 + 5 * (number - 3))
        return first, _review_end(place) if m.group().endswith("以来") else first + 4
    if m.group("since"):
        return _year_value(m.group("since")), _review_end(place)
    for name, ahead in (("back", False), ("since_n", False), ("ahead", True)):
        if m.group(name):
            n = _count(m.group(name))
            if ahead:
                start = place.doc_year
                return start, None if start is None or n is None else start + n - 1
            end = _review_end(place)
            return None if end is None or n is None else end - n + 1, end
    end = _review_end(place)  # 五年 alone: the five years under review
    return None if end is None else end - 4, end


def _span(before: str, place: Place) -> tuple[int | None, int | None] | None:
    """The span of several years the figure's sentence or headings put it in, if any.

    A span in brackets (三年（2015-2017年）行动) names something, it does not date the figure.
    """
    found = list(_SPAN.finditer(_BRACKETED.sub(" ", before))) if _SPAN_CUE.search(before) else []
    if found:
        return _span_years(found[-1], place)
    if place.period:
        named = list(_HEADING_SPAN.finditer(place.frame))
        first, last = _span_years(named[-1], place) if named else (None, None)
        return first, place.period_end if place.period_end is not None else last
    return None


def _topic_year(text: str, place: Place) -> int | None:
    """The year that opens the sentence (up to 。) the figure's clause belongs to."""
    lowest = max(0, place.sentence_start - 400)
    stop = max(text.rfind(mark, lowest, place.sentence_start) for mark in "。!！?？\n")
    start = stop + 1 if stop >= 0 else lowest
    m = _TOPIC_YEAR.match(text, start, min(len(text), start + 40))
    return _year_value(m.group(1)) if m else None


def _own_year(
    before: str, clause: str, place: Place, span: tuple[int | None, int | None] | None
) -> tuple[bool, int | None]:
    """An explicit or relative year governing the figure: (found, year)."""
    m = _IMMEDIATE_YEAR.search(before)
    if m and not _year_cue("ratio_base", True).search(before, 0, m.start()):
        return True, _year_value(m.group(1))
    if _START_VALUE.search(before):
        start = list(_START_YEAR.finditer(before))
        if start:
            return True, _year_value(start[-1].group(1))
        if span is not None and span[0] is not None:
            return True, span[0] - 1  # 从人均8.7万元提高到…: the level before the span
        if place.work_report and place.doc_year is not None:
            return True, place.doc_year - 1
    rel = [m for m in _relative_pattern().finditer(clause)]
    if rel and place.doc_year is not None:
        return True, place.doc_year + _relative_years()[rel[-1].group(1)]
    years = [
        m
        for m in _EXPLICIT_YEAR.finditer(before)
        if not _year_cue("base", True).search(before, 0, m.start())
        and not _year_cue("ratio_base", True).search(before, 0, m.start())
    ]
    if years:
        return True, _year_value(years[-1].group(1))
    return False, None


def _list_head(before: str) -> str:
    """The text before a list of figures, for a figure inside it: what governs the list
    governs each item (分别从771家、[481家]增加到1076家、[636家])."""
    m = _LISTED.search(before)
    return before[: m.start()] if m else before


def year_of(text: str, place: Place, fig: Figure) -> int | None:
    """The calendar year a figure refers to (METRICS.md §2, §5).

    A figure in a span of several years (过去五年, “十三五”时期) has none, unless it is a
    level reached at the end (达到, 突破: the span's last year) or the value it started from
    (由X…: the year before the span).
    """
    before = _list_head(text[place.sentence_start : fig.start])
    clause = text[_clause_start(text, place.sentence_start, fig.start) : fig.start]
    immediate = _IMMEDIATE_YEAR.search(before)
    averaged = _year_cue("average").search(clause)
    if not immediate and (_SPAN.search(_BRACKETED.sub(" ", clause)) or averaged):
        return None
    span = _span(before, place)
    found, year = _own_year(before, clause, place, span)
    if found:
        return year
    if _has_cue("baseline", _scope(text, place, fig.start)):
        return place.doc_year  # 原…, 现有…: the state when the document was written
    topic = _topic_year(text, place)
    if topic is not None:
        return topic
    if span is not None:
        reached = _year_cue("reached", True).search(before)
        if span[1] is not None and reached and not _RUNNING_TOTAL.search(clause):
            return span[1]
        return None
    if _RUNNING_TOTAL.search(clause) and _HEADING_SPAN.search(place.frame):
        return None  # 累计… under a heading that names a span (“十四五”发展主要成绩)
    if place.heading_year is not None:
        return place.heading_year
    if place.doc_year is not None and place.work_report:
        if place.role == "review":
            return place.doc_year - 1
        if place.role is None and not _has_cue("target", _scope(text, place, fig.start)):
            return place.doc_year - 1  # a result told to a congress, in a part of no known role
    return place.doc_year


# ---------------------------------------------------------------- status


def _scope(text: str, place: Place, at: int) -> str:
    """The stretch whose cues bind a figure: its clause, or its bracket if it is in one."""
    before = text[place.sentence_start : at]
    opened = max(before.rfind("("), before.rfind("（"))
    closed = max(before.rfind(")"), before.rfind("）"))
    if opened > closed:
        return before[opened + 1 :]
    return text[_clause_start(text, place.sentence_start, at) : at]


def status_of(text: str, place: Place, fig: Figure, year: int | None) -> str:
    """``actual`` or ``target``: the figure's own cues first, then its section's role."""
    scope = _scope(text, place, fig.start)
    before = _list_head(text[place.sentence_start : fig.start])
    if _has_cue("actual", scope) or _has_cue("baseline", scope):
        return "actual"
    compared = list(_cue_pattern("comparison").finditer(scope))
    if compared and not _year_cue("change").search(scope, compared[-1].end()):
        return "actual"  # 同比2006年118项: the base of a comparison
    if _START_VALUE.search(before):
        return "actual"
    plan_year = place.heading_year or place.doc_year
    if year is not None and plan_year is not None and year < plan_year:
        return "actual"
    if place.role == "review":
        return "actual"
    if place.role == "plan":
        return "target"
    if year is not None and place.doc_year is not None and year > place.doc_year:
        return "target"
    if _ahead(_span(before, place), place):
        return "target"  # 今后五年，…: a span that starts with the document and ends after it
    return "target" if _has_cue("target", scope) else "actual"


def _ahead(span: tuple[int | None, int | None] | None, place: Place) -> bool:
    """Whether a span of years lies ahead of the document (今后五年, “十三五”时期 in 2016)."""
    end = _review_end(place)
    if span is None or span[0] is None or span[1] is None or end is None:
        return False
    return place.doc_year is not None and span[0] >= place.doc_year and span[1] > end


# ---------------------------------------------------------------- all fields


def contexts(text: str, figures: Sequence[Figure], places: Sequence[Place]) -> list[Context]:
    """The context of each figure; ``places[i]`` is where ``figures[i]`` stands.

    Figures are handled a sentence at a time so a figure with no subject of
    its own (``比2002年增长65.5%``) can take the one before it.
    """
    out: list[Context] = []
    i = 0
    while i < len(figures):
        j = i
        while j < len(figures) and places[j].sentence_start == places[i].sentence_start:
            j += 1
        group = figures[i:j]
        previous: str | None = None
        for fig, place, subject in zip(
            group, places[i:j], _subjects(text, places[i], group), strict=True
        ):
            year = year_of(text, place, fig)
            clause = text[_clause_start(text, place.sentence_start, fig.start) : fig.start]
            lead = text[place.lead_start : fig.start]
            previous = category(subject, fig.unit, clause, previous, fig.kind, lead)
            if previous != "people" and _AWARDED.match(text, fig.end, place.sentence_end):
                previous = "awards"  # 4项新技术成果获金奖: what won is counted as an award
            out.append(
                Context(
                    subject=subject,
                    category=previous,
                    status=status_of(text, place, fig, year),
                    year=year,
                )
            )
        i = j
    return out


# ---------------------------------------------------------------- places
#
# The one bridge from the report's structure (structure.py: documents,
# sections with inherited roles and years, sentences joined across hard line
# wraps) to the ``Place`` of each figure.


def _sentence_bounds(text: str, at: int, reach: int = _REACH) -> tuple[int, int]:
    """The sentence around ``at`` when the structure has none there (furniture, metadata).

    The cut at ``reach`` characters each side keeps a text with no sentence
    marks (a table dump, OCR debris) linear in its figures, not quadratic.
    """
    start = at
    while start > 0 and at - start < reach and text[start - 1] not in _SENTENCE_STOPS:
        start -= 1
    end = at
    while end < len(text) and end - at < reach and text[end] not in _SENTENCE_STOPS:
        end += 1
    return start, min(len(text), end + 1)


def _window(start: int, end: int, fig: Figure) -> tuple[int, int]:
    """The stretch of the overlong sentence ``[start, end)`` that context reads for ``fig``.

    Up to ``_REACH`` characters each side of the figure (at least ``_REACH - _STEP``),
    cut at multiples of ``_STEP``, so that the figures of one step share one window:
    they are read together as the figures of one sentence are, and their records hold
    one copy of it (a window of its own per figure held 800 characters per record).
    """
    low = (fig.start // _STEP) * _STEP - (_REACH - _STEP)
    high = -(-fig.end // _STEP) * _STEP + (_REACH - _STEP)
    return max(start, low), min(end, high)


def _document_year(text: str, document: Document) -> int | None:
    """The document's year; with no dated title or line, the years its part headings name.

    A delivered work report's plan part names its own year, its review part
    the year before; other reports are dated by the plan they end with, else
    by the year they review. A delivered report that names no year in any
    heading (national reports of the 1970s-90s open with 各位代表 and nothing
    else) is a year after the year its review cites most.
    """
    if document.year is not None:
        return document.year
    plan = [s.year for s in document.walk() if s.year is not None and s.role == "plan"]
    review = [s.year for s in document.walk() if s.year is not None and s.role == "review"]
    if plan:
        return plan[0]
    if review:
        return review[0] + 1 if document.delivered else review[0]
    if document.delivered:
        cited = _most_cited_year(text, document)
        return None if cited is None else cited + 1
    return None


def _most_cited_year(text: str, document: Document) -> int | None:
    """The year named most often in the document's review parts (or in all of it), if twice."""
    parts = [(s.start, s.end) for s in document.sections if s.role == "review"]
    counts: Counter[int] = Counter()
    for start, end in parts or [(document.start, document.end)]:
        counts.update(_year_value(m.group(1)) for m in _CITED_YEAR.finditer(text, start, end))
    if not counts:
        return None
    year, times = counts.most_common(1)[0]
    return year if times >= 2 else None


def _lead_start(report: Report, start: int, floor: int) -> int:
    """Start of the full sentence before the one at ``start`` (parts cut at ；count as one).

    At most ``_LEAD_PARTS`` parts back, so a list of hundreds of ；-items stays linear,
    and no sentence that starts more than ``_REACH`` characters before ``start``: in
    text with no sentence marks the sentence before a window is the endless one it was
    cut from, and reading it whole for every figure made the cost quadratic.
    """
    floor = max(floor, start - _REACH)
    lead = start
    for _ in range(_LEAD_PARTS):
        if lead <= floor:
            break
        before = report.sentence_at(lead - 1)
        if before is None or before[0] < floor:
            break
        lead = before[0]
        if report.text[before[0] : before[1]].rstrip()[-1:] not in _PART_ENDS:
            break
    return lead


def places(report: Report, figures: Sequence[Figure]) -> list[Place]:
    """Where each figure stands: its sentence, heading path, role and years."""
    out: list[Place] = []
    years = {id(d): _document_year(report.text, d) for d in report.documents}
    for fig in figures:
        document = report.document_at(fig.start)
        chain = report.sections_at(fig.start)
        headings = [s.heading for s in chain]
        start, end = report.sentence_at(fig.start) or _sentence_bounds(report.text, fig.start)
        if end - start > 2 * _REACH:  # a table dump or OCR debris with no sentence marks:
            start, end = _window(start, end, fig)  # read a window, so the cost stays linear
        floor = chain[-1].heading_end if chain else (document.start if document else 0)
        lead_start = _lead_start(report, start, floor)
        heading_year = next((s.year for s in reversed(chain) if s.year is not None), None)
        doc_year = years[id(document)] if document else None
        # roles are inherited downwards, so the outermost section with one decides
        role = next((s.role for s in chain if s.role), document.role if document else None)
        frame = " > ".join(([document.title] if document and document.title else []) + headings)
        period = heading_year is None and _HEADING_SPAN.search(frame) is not None
        out.append(
            Place(
                sentence_start=start,
                sentence_end=end,
                section=chain[-1].path if chain else None,
                frame=frame,
                lead_start=lead_start,
                role=role,
                heading_year=heading_year,
                doc_year=doc_year,
                period=period,
                period_end=doc_year - 1 if period and doc_year and role != "plan" else None,
                work_report=document is not None and document.delivered,
            )
        )
    return out
