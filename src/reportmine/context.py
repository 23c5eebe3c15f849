"""Subject, category, status and year of each figure (docs/records.md).

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

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import NamedTuple, TypeVar

import regex as re

from reportmine import years
from reportmine.lexicon import lexicon_dir, read_table
from reportmine.quantities import Figure
from reportmine.structure import Report

# jieba tags that can be part of a noun phrase (nouns, nominal verbs, names,
# distinguishing words such as 国家级, abbreviations, idioms, foreign words).
_NOMINAL_TAGS = ("n", "vn", "an", "b", "j", "nz", "nr", "ns", "nt", "eng", "l", "g", "q", "a", "zg")
# Tags skipped at the right end of the text before a figure (numbers, times,
# prepositions, particles, adverbs, conjunctions, pronouns, punctuation).
_SKIP_TAGS = ("m", "t", "p", "u", "d", "c", "r", "x", "y", "w", "f")
# No line breaks: a sentence from the structure layer holds one only where a
# PDF layer wrapped a line mid-sentence (第一产业增\n加值), and reads across it.
_CLAUSE_STOPS = ',，;；。:：!！?？、()（）“”"《》【】[]—'
_LIST_STOPS = _CLAUSE_STOPS.replace("、", "").replace("“", "").replace("”", "")  # “A”、“B”分别
# Where the stretch a subject is read from ends: quotes and brackets stand inside names
# (“川行天下”精品活动, 县（市、区）, 居民消费价格（CPI）), so they do not end it.
_PHRASE_STOPS = "".join(c for c in _CLAUSE_STOPS if c not in '()（）“”"《》【】[]')
_SUBJECT_STOPS = _PHRASE_STOPS.replace("、", "")  # coordination (A、B) is read across
_BRACKET_PAIRS = {")": "(", "）": "（", "]": "[", "】": "【", "》": "《"}
_SENTENCE_STOPS = "。;；!！?？\n"  # only where the structure has no sentence (furniture)
# Read past when segmenting: a PDF layer's line breaks and the spaces it puts inside
# words (生产总 值), which would otherwise cut a subject in two.
_LINE_BREAKS = "\r\n \u3000"
_PART_ENDS = "；;，,"  # a sentence cut at one of these is part of a longer one
_LEAD_PARTS = 8
_REACH = 400  # characters each side of a figure that context reads in an overlong sentence
_STEP = _REACH // 4  # the figures within one step of an overlong sentence share a window
_LIST_BREAK = re.compile(r"[，,；;。]")  # a 分别 list ends at the first clause mark
_MAX_SUBJECT_TOKENS = 6  # words of a noun phrase read after a classifier (三十场|科普讲座)
# Characters of a noun phrase read leftwards from a figure: the longest a reader would name as
# what one figure measures (全社会研发经费投入强度, 交通运输、仓储和邮政业增加值).
_MAX_SUBJECT_CHARS = 16
_MAX_LIST_CHARS = 40  # the same for the list before 分别 (蔬菜及食用菌、中草药材、水果、茶叶产量)
_COORDINATORS = frozenset("、和及与或")
# A Latin name with digits that jieba cuts apart (PM2.5, CO2, SUV): one word, a noun.
_LATIN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\.(?:[0-9]+)?)?")
# A numeral with one of these grades a noun (三类水质, 二级医院): it counts nothing.
_GRADES = ("类", "级", "星")
_QUOTES = frozenset("“”\"‘’'「」")
_MAX_QUOTED_WORDS = 8  # words a quoted name may hold
# A note mark or a short aside between a subject and its figure: 生产总值[2]1329亿元,
# 博物馆（含民办）160个.
_FOOTNOTE = re.compile(r"(?:[\[［〔]\d{1,2}[\]］〕]|[(（][^()（）]{1,12}[)）])\s*$")
_MAX_LABEL = 12  # characters of a 钢： / 粮食： label that names the figures after it
_LEFT_WINDOW = 40
_RIGHT_WINDOW = 16  # characters after a classifier where its noun may stand

# 771家、, 9.2∶, 214对和
_LISTED = re.compile(r"(?:\d[\d.．]*\s*[^\d、，,；;。\s∶:]{0,4}(?:[、∶:]|和|及|与)\s*)+$")
_LIST_ENDS = "、∶:和及与"  # _LISTED's last joints: a text that ends otherwise is not searched
# Words that name a rate of change: a figure of one is a flow, never a level reached.
_RATE_OF_CHANGE = re.compile(r"增速|增幅|增长率|涨幅|降幅")
_AWARDED = re.compile(r"[^，,；;。]{0,12}获[^，,；;。]{0,6}奖")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a figure stands, as the structure layer sees it.

    ``role`` is ``review`` (a report of what was done), ``plan`` (targets for
    a coming period) or None; ``period`` is True when the headings or the
    document's title name a span of several years (过去五年, “十三五”时期,
    第十四个五年规划) and no heading names one year, or when the paragraphs it
    stands in are opened by one (五年来，…; 这是经济实力持续提升的五年。): ``frame``
    is that title and heading path, and that opening, where such a span is
    named. ``lead_start`` is where the
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


T = TypeVar("T")
#: A field's value and the name of the rule that decided it (see ``reportmine.explain``).
Decided = tuple[T, str]


@dataclass(frozen=True, slots=True)
class Rules:
    """Which rule decided each context field of a figure (names in ``reportmine.explain.RULES``)."""

    subject: str
    category: str
    status: str
    year: str


@dataclass(frozen=True, slots=True)
class Context:
    """The context fields of one figure, and the rules that decided them."""

    subject: str | None
    category: str
    status: str
    year: int | None
    rules: Rules


@dataclass(frozen=True, slots=True)
class _Token:
    word: str
    tag: str
    start: int  # offsets in the source text; a word read across a line break
    end: int  # spans it, so end - start may exceed len(word)


# ---------------------------------------------------------------- lexicons


@cache
def _stopwords() -> frozenset[str]:
    """subject_stopwords.tsv and the words of change_cues.tsv that say a figure moved or was
    reached (降, 缩小, 达): jieba splits 降至 into 降|至, and a cue is never what is measured."""
    moved = {r["cue"] for r in read_table("change_cues.tsv") if r["effect"] != "none"}
    return frozenset(row["word"] for row in read_table("subject_stopwords.tsv")) | moved


@cache
def _phrase_words(role: str) -> frozenset[str]:
    """The words of subject_phrase.tsv with ``role`` (bound, inner, action, comparison, light,
    allocation)."""
    return frozenset(r["word"] for r in read_table("subject_phrase.tsv") if r["role"] == role)


@cache
def _category_terms() -> dict[str, str]:
    return {row["term"]: row["category"] for row in read_table("category_terms.tsv")}


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
    return _cue_pattern(status).search(_without_false_friends(stretch)) is not None


@lru_cache(maxsize=1024)
def _without_false_friends(stretch: str) -> str:
    """``stretch`` with its false friends blanked; memoized, as one figure's scope is asked
    for several kinds of cue in turn (actual, baseline, target)."""
    return _false_friend_pattern().sub(lambda m: " " * len(m.group()), stretch)


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
        for word in self._cut("".join(text[i] for i in kept)):
            start, end = offset + kept[k], offset + kept[k + len(word) - 1] + 1
            k += len(word)
            if out and _LATIN_NAME.fullmatch(out[-1].word + word) and out[-1].end == start:
                out[-1] = _Token(out[-1].word + word, "eng", out[-1].start, end)  # PM2|.|5
                continue
            out.append(_Token(word, self._tag(word), start, end))
        return out

    @lru_cache(maxsize=4096)  # noqa: B019 (one segmenter lives as long as the process)
    def _cut(self, text: str) -> tuple[str, ...]:
        """jieba's words of ``text``, memoized: the stretch before a figure recurs (比上年增长)."""
        return tuple(self.tokenizer.cut(text, HMM=False))

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
    floor = max(lower, at - _LEFT_WINDOW)
    mark = _last_stop(stops).search(text, floor, at)
    return mark.end() if mark else floor


@cache
def _last_stop(stops: str) -> re.Pattern[str]:
    """The last of ``stops`` before an offset, searched backwards in C (not a step per character:
    the clause of every figure is looked up several times)."""
    return re.compile(f"[{re.escape(stops)}]", flags=re.REVERSE)


def _is_nominal_tag(token: _Token) -> bool:
    return token.tag.startswith(_NOMINAL_TAGS)


def _is_nominal(token: _Token) -> bool:
    return token.tag.startswith(_NOMINAL_TAGS) and token.word not in _stopwords()


_TIME_WORD = re.compile(rf"{years.ANY_YEAR}|年度?|末|底")  # compiled once: asked of every word


def _skippable(token: _Token) -> bool:
    return (
        token.word in _stopwords()
        or token.word in _phrase_words("allocation")
        or token.tag.startswith(_SKIP_TAGS)
        or token.word.isspace()
        or bool(_TIME_WORD.fullmatch(token.word))
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


def _left_subject(text: str, tokens: list[_Token], limit: int = _MAX_SUBJECT_CHARS) -> str | None:
    """The noun phrase ending just before a figure: cue words skipped from the right.

    Chinese noun phrases are head-final and their modifiers may be nouns,
    verbs (预算|支出, 转移|就业), coordinated items (交通运输、仓储和邮政业) and
    的-phrases, so the phrase is read leftwards over all of those and ends
    only at a word that opens the clause instead: scope, time and modal words
    (subject_phrase.tsv), numerals, pronouns, prepositions, adverbs and
    punctuation. A verb at its left edge governs it (安排|科技经费, 建成|泊位)
    and is dropped; a verb alone is a nominalised action and stays (立项, 培训).
    """
    tokens = _without_asides(tokens)
    i = len(tokens) - 1
    while (
        i >= 0
        and (_skippable(tokens[i]) or _governs_verb(tokens, i) or _opens_split_cue(tokens, i))
        and not _closes_quote(tokens, i)
    ):
        i -= 1
    if i < 0:
        return None
    last = first = i
    while first > 0 and _joins(tokens, first - 1, last, limit):
        first -= 1
    if first > 0 and _joins(tokens, first - 1, last, limit * 2):
        first = _after_first_joint(tokens, first, last)  # cut by the length limit: at a joint
    first = _phrase_start(tokens, _past_agent(tokens, first, last), last)
    if any(t.word in _phrase_words("comparison") for t in tokens[max(0, first - 1) : first + 1]):
        return None  # 高于|全国|1.7个百分点: a comparison base; the figure before it decides
    return text[tokens[first].start : tokens[last].end]


def _opens_split_cue(tokens: list[_Token], i: int) -> bool:
    """Word ``i`` and the next make a cue word that jieba split (调整|为, 降|至, 可|达)."""
    return i + 1 < len(tokens) and tokens[i].word + tokens[i + 1].word in _stopwords()


def _without_asides(tokens: list[_Token]) -> list[_Token]:
    """The words with bracketed asides (（CPI）, (奉贤)) and unmatched brackets left out.

    A phrase read over them still spans them, since it is cut from the text by offsets.
    """
    out: list[_Token] = []
    opened: list[int] = []
    for token in tokens:
        if token.word in _BRACKET_PAIRS.values():
            opened.append(len(out))
        elif token.word in _BRACKET_PAIRS:
            if opened:
                del out[opened.pop() :]
        else:
            out.append(token)
    return out


def _past_agent(tokens: list[_Token], first: int, last: int) -> int:
    """Start after an agent and its action: 学会|收到|学术论文, 北京市|投入|帮扶资金.

    Who did something is not what was counted. Only the action verbs of
    subject_phrase.tsv after a place, organization or name mark an agent:
    other verbs inside a phrase modify its head (棚户区改造任务, 研发经费投入强度).
    """
    for k in range(last - 1, first, -1):
        light = k + 1 == last and tokens[last].word in _phrase_words("light")  # 河湖建成|率
        if tokens[k].word in _phrase_words("action") and _is_agent(tokens[k - 1]) and not light:
            return k + 1
    return first


def _is_agent(token: _Token) -> bool:
    """A place, an organization, a name or a group of people: who acts (北京市,
    区纪律监察学会, 中央财政, 主要领导)."""
    return token.tag.startswith(("ns", "nt", "nr")) or (
        _term_category(token.word) in ("organizations", "people")
    )


def _after_first_joint(tokens: list[_Token], first: int, last: int) -> int:
    """Where a phrase cut by the length limit may start: after its first 、/和/的, if any.

    A limit falls anywhere in a word list (…省级产业链和蔬菜、水果、茶叶); a joint does not.
    """
    for k in range(first, last):
        if tokens[k].word in _COORDINATORS or tokens[k].word == "的":
            return k + 1
    return first


_OPENING_QUOTES = frozenset("“‘「")
_CLOSING_QUOTES = frozenset("”’」")


def _closes_quote(tokens: list[_Token], i: int) -> bool:
    """A closing quote with its opening one a few words before: a quoted name ends here
    (“粤车南下”|累计832万辆次), whatever jieba tags the words inside it."""
    if tokens[i].word not in _CLOSING_QUOTES:
        return False
    floor = max(0, i - _MAX_QUOTED_WORDS)
    opening = next(
        (k for k in range(i - 1, floor - 1, -1) if tokens[k].word in _OPENING_QUOTES), -1
    )
    quoted = "".join(t.word for t in tokens[opening : i + 1])
    # a quoted plan names a period, not a thing (较“十三五”末的9323.1亿元)
    return opening >= 0 and not years.HEADING_SPAN.fullmatch(quoted)


def _inside_quote(tokens: list[_Token], k: int, last: int) -> bool:
    """Whether word ``k`` stands inside a quote that closes between it and ``last``."""
    depth = 0
    for token in tokens[k + 1 : last + 1]:
        if token.word in _CLOSING_QUOTES:
            depth += 1
        elif token.word in _OPENING_QUOTES:
            depth -= 1
    return depth > 0


def _joins(tokens: list[_Token], k: int, last: int, limit: int = _MAX_SUBJECT_CHARS) -> bool:
    """Whether word ``k`` belongs to the noun phrase that runs from ``k + 1`` to ``last``."""
    token = tokens[k]
    if tokens[last].end - token.start > limit or token.word in _phrase_words("bound"):
        return False
    if token.word in _QUOTES or _inside_quote(tokens, k, last):
        return True  # a quoted name is one word of the phrase: “一带一路”|国家
    if token.word in _COORDINATORS or token.word == "的":  # A、B和C…, X的Y: only between words
        return k > 0 and _modifies(tokens[k - 1])
    if token.tag.startswith("d") and k > 0:  # an adverb between modifiers: 超长期|特别|国债
        return _modifies(tokens[k - 1]) and _modifies(tokens[k + 1])
    return _modifies(token)


def _modifies(token: _Token) -> bool:
    """Nominal words and verbs can modify a head noun; scope and function words cannot.

    Cue words join inside a phrase (经济|增长|预期目标, 居民|人均|消费支出): only at its
    right end do they stand between the phrase and its figure.
    """
    if token.word in _phrase_words("bound"):
        return False
    if token.word in _QUOTES or (token.tag == "m" and token.word.endswith(_GRADES)):
        return True  # “三农”的支出; 三类水质, 二级医院
    # verbs, idioms and prefixes (非|食品烟酒价格) modify a head too
    modifier_tags = (*_NOMINAL_TAGS, "v", "i", "h")
    return token.word in _phrase_words("inner") or token.tag.startswith(modifier_tags)


def _phrase_start(tokens: list[_Token], first: int, last: int) -> int:
    """Drop what may not open a noun phrase: coordinators, 的, a closing quote, a governing verb.

    A quote closed in the phrase but opened before it (…网交易”规模) was cut by a bound
    or the length limit: the phrase starts after it.
    """
    depth = 0
    for k in range(first, last + 1):
        word = tokens[k].word
        if word in ("“", "‘", "「"):
            depth += 1
        elif word in ("”", "’", "」"):
            if depth == 0:
                first = k + 1
            depth = max(0, depth - 1)
    first = min(first, last)
    while first < last:
        token = tokens[first]
        dangling = token.word in _COORDINATORS or token.word in ("的", "”", "’", "」")
        rest = tokens[first + 1 : last + 1]
        light = len(rest) == 1 and rest[0].word in _phrase_words("light")  # 招生|规模: one phrase
        verb = token.tag == "v" or token.word in _phrase_words("action")
        governing = verb and any(map(_is_nominal, rest))
        governing &= not light
        # a verbal noun before a one-character noun is its verb (生产|钢), not a modifier
        # (经营|主体, 旅游|接待人数)
        governing |= token.tag == "vn" and len(rest) == 1 and len(rest[0].word) == 1
        cue = token.word in _stopwords() and not _is_nominal_tag(token)
        # a lone classifier or morpheme cut off its word (第一|批|牵头建设…)
        stray = len(token.word) == 1 and token.tag.startswith(("q", "m", "f", "g"))
        if not (dangling or governing or cue or stray):
            break
        first += 1
    return first


def _right_subject(text: str, tokens: list[_Token], after_de: bool = False) -> str | None:
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
    if tokens and tokens[0].word == "的":
        if not after_de:
            return None  # 20多万头的畜牧大市: the figure is said of the noun; tried last
        tokens = tokens[1:]  # 23万平方米|的|建材城
    if tokens and tokens[0].word in _QUOTES:
        quoted = _quoted(text, tokens)  # 318个|“两重”项目, 7个|“专项行动”
        if quoted is not None:
            return quoted
    if not tokens or tokens[0].word in _stopwords() or _opens_split_cue(tokens, 0):
        return None  # 44.2|调整为|9∶45∶46: a cue word, not a noun phrase, follows the figure
    first = tokens[0]
    verb_led = (
        first.tag == "v"
        and len(first.word) == 2
        and len(tokens) > 1
        and (_is_nominal(tokens[1]) or _verb_in_compound(tokens, 0))  # 下岗|退役|士兵
    )
    nominal_next = len(tokens) > 1 and _is_nominal(tokens[1])
    graded = first.tag == "m" and len(tokens) > 2 and tokens[1].word in _GRADES  # 万亿|级|产业
    # a time or place word or a grade modifies the noun after it (夜间|消费集聚区, 省外|劳动力,
    # 万亿|级|产业)
    if first.tag.startswith(("t", "s")) and nominal_next:
        lead = tokens[1]
    else:
        lead = tokens[2] if graded else first
    lead_ok = (
        graded
        or not first.tag.startswith(("q", "m", "a"))
        or (first.tag.startswith("a") and nominal_next)
    )
    if not verb_led and (not _is_nominal(lead) or not lead_ok):
        return None
    last = 0
    while last + 1 < len(tokens) and _continues_right(tokens, last + 1):
        last += 1
    while last > 0 and not _is_head(tokens[last]):
        last -= 1  # the phrase ends in its head noun, not in the verb after it (保鲜库|投入使用)
    return text[tokens[0].start : tokens[last].end]


def _continues_right(tokens: list[_Token], k: int) -> bool:
    """Whether word ``k`` goes on the noun phrase after a classifier (国家中医药|传承|创新|中心,
    国家|和|地区, 地级|以上|市), within the length a subject may have."""
    token = tokens[k]
    if token.end - tokens[0].start > _MAX_SUBJECT_CHARS or token.tag.startswith(("d", "ad")):
        return False
    if token.word in _phrase_words("bound") or token.word in _QUOTES:
        return False
    nominal_next = k + 1 < len(tokens) and _is_nominal(tokens[k + 1])
    if token.word in _COORDINATORS or token.word in ("以上", "以下"):
        return nominal_next
    if token.word in _stopwords():
        return False  # 9个贫困县|全部|摘帽: a cue word ends the phrase
    if token.tag.startswith("t"):  # a time word inside the phrase: 自治区级|现代|产业学院
        return nominal_next
    if token.tag == "v":  # a verb inside a compound (传承|创新|中心), not one that governs an
        return _verb_in_compound(tokens, k)  # object (中小学|参加|竞赛活动, 学校|举办|…)
    return _is_nominal(token)


def _verb_in_compound(tokens: list[_Token], k: int) -> bool:
    """A verb of two or more characters before the noun that ends the phrase (传承创新|中心),
    not a one-character verb or a light one before a verbal noun (获|金奖, 进行|调查)."""
    word = tokens[k].word
    if len(word) < 2 or word in _phrase_words("action") or word in _stopwords():
        return False
    nxt = k + 1
    while nxt < len(tokens) and tokens[nxt].tag == "v":
        nxt += 1
    if nxt >= len(tokens):
        return False
    head = tokens[nxt]
    ends = nxt + 1 >= len(tokens) or not _is_nominal(tokens[nxt + 1])
    place = head.tag.startswith("ns") or head.word.startswith("全")  # 面向|全区: a predicate
    return head.tag.startswith(("n", "j")) and not place and ends


def _is_head(token: _Token) -> bool:
    """A word a noun phrase can end in: a noun, not a verb or an adjective."""
    heads = ("n", "vn", "j", "eng", "b", "g", "l")
    return token.tag.startswith(heads) and token.word not in _stopwords()


def _quoted(text: str, tokens: list[_Token]) -> str | None:
    """A quoted name and the noun right after it, when the name is short (“两重”|项目)."""
    close = next((k for k, t in enumerate(tokens[1:], 1) if t.word in _QUOTES), None)
    if close is None or tokens[close].end - tokens[0].start > _MAX_SUBJECT_CHARS:
        return None
    last = close
    while last + 1 < len(tokens) and _is_head(tokens[last + 1]):
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


def _clause_end(text: str, at: int, upper: int, stops: str = _CLAUSE_STOPS) -> int:
    for i in range(at, min(upper, at + _RIGHT_WINDOW)):
        if text[i] in stops:
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
        head_start = _clause_start(text, sent_start, head_start - 1, _LIST_STOPS)
        at = head_start + len(text[head_start:at].rstrip("，,"))
    tokens = _segmenter().tokens(text[head_start:at], head_start)
    phrase = _left_subject(text, tokens, _MAX_LIST_CHARS)
    if phrase is None:
        return None
    mark = sent_start + k
    count = sum(
        1 for f in figures if f.start > mark and not _LIST_BREAK.search(text, mark, f.start)
    )
    return _list_item(phrase, position, count)


def _list_item(phrase: str, position: int, listed: int) -> str:
    """The item of ``A、B、C`` that the ``position``-th of ``listed`` figures after 分别 measures.

    Items that are bare modifiers of a head they share (刑事、治安案件; 金融业、软件和
    信息服务业增加值) are not what a reader names: each figure then measures the
    whole phrase. So does a list whose items do not match the figures one to one.
    """
    for joint in (r"、", r"、|和|及|与"):
        items = [p for p in re.split(joint, phrase) if p.strip()]
        if len(items) > 1 and listed % len(items) == 0:  # 分别从A、B增加到C、D: groups of items
            break
    else:
        return phrase
    if any(len(item.strip()) <= 2 or item.rstrip().endswith(("业", "类")) for item in items[:-1]):
        return phrase
    return items[position % len(items)].strip()


def _subjects(text: str, place: Place, figures: Sequence[Figure]) -> list[Decided[str | None]]:
    """Subjects of the figures of one sentence, in order, each with the rule that found it."""
    out: list[Decided[str | None]] = []
    lower = place.sentence_start
    carried: str | None = None  # what a figure with no phrase of its own measures
    for fig in figures:
        earlier = [subject for subject, _ in out]
        found = _subject_of(text, place, fig, figures, earlier, lower, carried)
        out.append(found)
        if not _RATIO_BASE.search(text, max(lower, fig.start - _MAX_SUBJECT_CHARS), fig.start):
            carried = found[0]
        lower = fig.end
    return out


# 为预算的101.2%, 为上年的1.5倍: the figure is of its base (METRICS.md: 完成年指标任务的128% ->
# 年指标任务), but the figures after it go on measuring what came before (…，增长5.3%).
_RATIO_BASE = re.compile(r"为[^，,；;。、为]{1,12}的\s*$")


def _subject_of(
    text: str,
    place: Place,
    fig: Figure,
    figures: Sequence[Figure],
    earlier: Sequence[str | None],
    lower: int,
    previous: str | None,
) -> Decided[str | None]:
    """The subject of one figure: the first rule, in this order, that finds one.

    Figures written back to back (张贴挂图40套80张, 贫困户301户611人) count one thing
    and share its subject. A sum of money or a rate names what it measures before
    it (投资1100万元|新建污水管线); a count or measure may name it after its
    classifier (三十场|科普讲座), which is tried first. A figure with none inherits.
    """
    listed = _respectively(text, place.sentence_start, fig, figures, earlier)
    if listed is not None:
        return listed, "subject.respectively"
    if previous is not None and not text[lower : fig.start].strip():
        return previous, "subject.back_to_back"
    left_first = fig.kind in ("money", "percent", "ratio")
    if not left_first and (found := _right_of(text, fig, place)) is not None:
        return found, "subject.after_classifier"
    footnote = _FOOTNOTE.search(text, lower, fig.start)
    at = footnote.start() if footnote else fig.start
    start = _stretch_start(text, lower, at, place.sentence_start)
    tokens = _segmenter().tokens(text[start:at], start)
    threshold = fig.text.endswith(("以上", "以下"))  # 10亿元以上|重大产业项目
    object_first = left_first and (threshold or _ends_in_verb(tokens))  # 安排|1000亿元|专项…
    if object_first and (found := _right_of(text, fig, place)) is not None:
        return found, "subject.object_after_figure"
    if (found := _left_subject(text, tokens)) is not None:
        if _names_a_place(found) and (
            topic := _topic(text, place.sentence_start, fig.start, figures)
        ):
            return topic, "subject.topic"  # …的人口自然增长率，四川省由千分之二十九…: 四川省's rate
        # 推进了|7公里|的县城东外环道路: what was done, not the verb
        if _is_lone_verb(found) and (said := _right_of(text, fig, place, after_de=True)):
            return said, "subject.said_of"
        return found, "subject.before_figure"
    if fig.kind == "money" and (found := _right_of(text, fig, place)) is not None:
        return found, "subject.object_after_figure"
    if (found := _right_of(text, fig, place, after_de=True)) is not None:
        return found, "subject.said_of"
    if _unit_categories().get(fig.unit) == "people":
        end = _clause_end(text, fig.end, place.sentence_end)
        found = _right_action(text, _segmenter().tokens(text[fig.end : end], fig.end))
        if found is not None:
            return found, "subject.action_of_people"
    if previous is not None:
        return previous, "subject.inherited"
    label = _label(text, place.sentence_start, fig.start)
    if label is not None:
        return label, "subject.label"
    topic = _topic(text, place.sentence_start, fig.start, figures)
    return topic, "subject.topic" if topic is not None else "subject.none"


def _stretch_start(text: str, lower: int, at: int, sentence_start: int) -> int:
    """Start of the stretch before a figure where its subject may stand.

    A coordination (交通运输、仓储和邮政业增加值) is read across 、, but not back to a
    figure of the same clause (粮食产量…1.4万亿斤新台阶、亩产提升10.1斤).
    """
    start = _clause_start(text, lower, at, _SUBJECT_STOPS)
    if lower > sentence_start and start == lower and "、" in text[start:at]:
        return _clause_start(text, lower, at, _PHRASE_STOPS)
    return start


def _ends_in_verb(tokens: list[_Token]) -> bool:
    """Whether a plain verb stands right before the figure, with cue words skipped."""
    allocation = _phrase_words("allocation")
    i = len(tokens) - 1
    while i >= 0 and _skippable(tokens[i]) and tokens[i].word not in allocation:
        i -= 1
    if i < 0:
        return False
    return tokens[i].word in allocation or (
        tokens[i].tag == "v" and tokens[i].word not in _stopwords()
    )


def _right_of(text: str, fig: Figure, place: Place, after_de: bool = False) -> str | None:
    end = _clause_end(text, fig.end, place.sentence_end, _PHRASE_STOPS)
    return _right_subject(text, _segmenter().tokens(text[fig.end : end], fig.end), after_de)


def _label(text: str, sent_start: int, at: int) -> str | None:
    """A short label before a colon that heads the figure's clause (钢：从135万吨增加到412万吨)."""
    colon = max(text.rfind("：", sent_start, at), text.rfind(":", sent_start, at))
    if colon < 0 or _LIST_BREAK.search(text, colon, at):
        return None
    start = _clause_start(text, sent_start, colon)
    if not 0 < colon - start <= _MAX_LABEL:
        return None
    return _left_subject(text, _segmenter().tokens(text[start:colon], start))


_FIRST_COMMA = re.compile(r"[，,]")
# What may stand before a topic in its clause: nothing, or the years it is of.
_TOPIC_DATE = re.compile(rf"(?:(?:{years.SPAN.pattern})年?|(?:{years.ANY_YEAR})\s*年)?的?")


def _is_lone_verb(phrase: str) -> bool:
    """A phrase that is one verb (推进, 建成): an action, named by its object when one follows."""
    tokens = _segmenter().tokens(phrase, 0)
    return len(tokens) == 1 and tokens[0].tag == "v"


def _names_a_place(phrase: str) -> bool:
    """A phrase made of place names only (四川省, 上海市): where, not what was measured."""
    return all(t.tag.startswith("ns") for t in _segmenter().tokens(phrase, 0))


def _topic(text: str, sent_start: int, at: int, figures: Sequence[Figure]) -> str | None:
    """A noun phrase that is its sentence's whole first clause: the topic of the figures
    after it (农民人均纯收入，1982年为270元，1987年提高到463元)."""
    found = _FIRST_COMMA.search(text, sent_start, at)
    comma = found.start() if found else -1
    first = text[sent_start:comma].strip() if found else ""
    if not 0 < len(first) <= 2 * _MAX_LABEL or any(sent_start <= f.start < comma for f in figures):
        return None
    phrase = _left_subject(text, _segmenter().tokens(text[sent_start:comma], sent_start))
    if phrase is None or not 2 <= len(phrase) <= _MAX_LABEL or not first.endswith(phrase):
        return None
    dated = _TOPIC_DATE.fullmatch(first[: len(first) - len(phrase)])  # 一九七一年到一九七八年的
    return phrase if dated else None


# ---------------------------------------------------------------- category


@lru_cache(maxsize=4096)
def _word_starts(words: str) -> frozenset[int]:
    """Offsets in ``words`` where a one-character word starts (the same subjects recur)."""
    return frozenset(t.start for t in _segmenter().tokens(words, 0) if len(t.word) == 1)


@lru_cache(maxsize=8192)
def _term_category(words: str | None, skip: frozenset[str] = frozenset()) -> str | None:
    """The category of the rightmost term in ``words`` (the longer one on a tie).

    Terms of a category in ``skip`` are passed over, and so are one-character
    terms before the end that jieba reads as part of a longer word. Spaces and
    line breaks a PDF layer left inside a word (生产总 值) are read past. A
    light head (任务, 规模, 比重: category_terms.tsv) says nothing of its own: the term
    before it decides (棚户区改造任务), else nothing does and the unit will.
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
    sizes_by_first = _term_sizes()
    openings = _term_openings()
    starts: frozenset[int] | None = None  # jieba's one-character words, segmented if asked
    best: tuple[int, int, str] | None = None
    for at in range(len(words) - 1, -1, -1):
        if best is not None and at + lengths[0] < best[0]:
            break
        sizes = sizes_by_first.get(words[at])
        if sizes is None or (words[at : at + 2] not in openings and words[at] not in terms):
            continue  # no term starts here (项4)
        term = next((words[at : at + n] for n in sizes if words[at : at + n] in terms), None)
        if term is None or terms[term] in skip:
            continue
        end = at + len(term)
        if len(term) == 1 and end < len(words):
            starts = _word_starts(words) if starts is None else starts
            if at not in starts:
                continue  # 市, 县, 村 at the end or as words: not inside 市民公园, 农村厕所
        if best is None or (end, len(term)) > best[:2]:
            best = (end, len(term), term)
    if best is None:
        return None
    found = terms[best[2]]
    if found == _LIGHT:
        return _term_category(words[: best[0] - len(best[2])], skip)
    return found


@cache
def _term_sizes() -> dict[str, tuple[int, ...]]:
    """By the character category terms start with: the lengths they have, longest first
    (only those are tried at an offset, not the lengths of every term)."""
    sizes: dict[str, set[int]] = {}
    for term in _category_terms():
        if term:
            sizes.setdefault(term[0], set()).add(len(term))
    return {first: tuple(sorted(found, reverse=True)) for first, found in sizes.items()}


@cache
def _term_openings() -> frozenset[str]:
    """The first two characters of every category term (a one-character term is its own)."""
    return frozenset(term[:2] for term in _category_terms() if term)


@cache
def _term_lengths() -> tuple[int, ...]:
    """The lengths of the category terms, longest first."""
    return tuple(sorted({len(t) for t in _category_terms()}, reverse=True))


_LIGHT = "light"


# Who a figure belongs to is not what it measures (docs/records.md): in a rate, a
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


def category_rule(
    subject: str | None,
    unit: str,
    clause: str = "",
    previous: str | None = None,
    kind: str = "count",
    lead: str = "",
) -> Decided[str]:
    """The category of a figure (docs/records.md): its subject's head term, else its unit's default.

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
            return previous, "category.class_of_total"
        found = _unit_categories().get(unit) or _term_category(subject)
        return (found, "category.unit") if found else ("other", "category.none")
    owners = _OWNERS.get(kind, _OWNERS_OF_RATES)
    if kind in _RATES and "占" in clause:  # X占Y的比重: a share is a rate of X, not of Y
        share_of = _term_category(lead[: lead.rfind("占")], owners)
        if share_of is not None:
            return share_of, "category.share_of"
    own = _term_category(subject)
    if own is not None and kind in _RATES and own in owners:
        return _rate_of(previous, lead, owners)
    if own is not None and own not in owners and own not in _unit_overrides().get(unit, ()):
        return own, "category.subject_term"
    found = None if own is not None and own not in owners else _term_category(clause, owners)
    if found is not None and found not in _unit_overrides().get(unit, ()):
        return found, "category.clause_term"
    if found is None and (own is None or own in owners) and kind in _RATES:
        return _rate_of(previous, lead, owners)  # 增长8%, with nothing of its own
    by_unit = _unit_categories().get(unit)
    return (by_unit, "category.unit") if by_unit else ("other", "category.none")


def _rate_of(previous: str | None, lead: str, owners: frozenset[str]) -> Decided[str]:
    """A rate with nothing of its own to say what grew: the figure before it, or the lead."""
    if previous is not None:
        return previous, "category.rate_of_previous"
    found = _term_category(lead, owners)
    return (found, "category.rate_of_lead") if found else ("other", "category.none")


# ---------------------------------------------------------------- year


def _review_end(place: Place) -> int | None:
    """The last year a review looks back on: a work report's is the year before it is delivered."""
    if place.doc_year is None:
        return None
    return place.doc_year - 1 if place.work_report else place.doc_year


# Every alternative of years.SPAN holds one of these (年, the 五 of a plan, a range's dash
# or 至): a sentence without any is not searched (the search costs ~1 us a character).
_SPAN_CUES = "年五-—–－~～至到"


def _may_name_span(text: str) -> bool:
    """Whether ``text`` holds one of ``_SPAN_CUES`` (a substring test per cue runs in C and
    beat a character-class search several times over on a long sentence)."""
    return any(cue in text for cue in _SPAN_CUES)


class _Span(NamedTuple):
    """A span of several years a figure stands in; either end may be unknown."""

    first: int | None
    last: int | None
    # written: the sentence writes its first year (一九七一年到一九七八年), not 五年来 or a plan;
    # from_heading: the headings name the span, not the figure's sentence;
    # back: the sentence counts it back from the review (过去五年, 两年来, 2020年以来)
    written: bool
    from_heading: bool
    back: bool = False


def _span(before: str, place: Place) -> _Span | None:
    """The span of several years the figure's sentence or headings put it in, if any.

    A span in brackets (三年（2015-2017年）行动) names something, it does not date the figure.
    """
    found = (
        list(years.SPAN.finditer(years.BRACKETED.sub(" ", before)))
        if _may_name_span(before)
        else []
    )
    # 五年 alone (五年累计3.5万人) means the five years the headings name, if they name some
    # a range written out (从一九五三年到一九六○年这八年) is the span, not the 这八年 after it
    found = [m for m in found if m.group("a")] or found
    if found and not (place.period and found[-1].group() == "五年"):
        m = found[-1]
        first, last = years.span_years(m, _review_end(place), place.doc_year)
        back = any(m.group(g) for g in ("back", "since_n", "since"))
        return _Span(first, last, m.group("a") is not None, False, back)
    if place.period:
        named = list(years.HEADING_SPAN.finditer(place.frame))
        first, last = (
            years.span_years(named[-1], _review_end(place), place.doc_year)
            if named
            else (None, None)
        )
        end = place.period_end if place.period_end is not None else last
        return _Span(first, end, False, True)
    return None


_SENTENCE_END = re.compile(r"[。！？!?]\s*")
_PARAGRAPH_REACH = 1500  # characters back to the start of a figure's paragraph, at most
_PARAGRAPH_YEAR = re.compile(
    rf"[ \t\u3000]*(?:在?刚刚过去的|在?过去的)?({years.ANY_YEAR})\s*年(?!以来|\s*[-—–－~～至到])"
)


def _paragraph_year(text: str, place: Place) -> tuple[int | None, bool]:
    """The year the figure's paragraph is about so far: the year that opens its last
    sentence to open with one (一九七八年工业总产值…。…钢产量增加到…; 2023年，…。
    2024年…的主要目标是：…；…), the topic of sentences that name none of their own;
    and whether that sentence opens the paragraph (刚刚过去的2025年，…)."""
    floor = max(0, place.sentence_start - _PARAGRAPH_REACH)
    start = place.sentence_start
    while start > floor and not (text[start - 1] == "\n" and _opens_sentence(text, start)):
        start = max(floor, text.rfind("\n", floor, start - 1) + 1)  # line by line, not by char
    if start == floor and start > 0 and text[start - 1] != "\n":
        return None, False
    # the last sentence of the paragraph so far that opens with a year: 2023年，…。2024年…：…；
    opens = [start] + [m.end() for m in _SENTENCE_END.finditer(text, start, place.sentence_start)]
    for at in reversed(opens):
        m = _PARAGRAPH_YEAR.match(text, at, min(len(text), at + 20))
        if m:
            return years.year_value(m.group(1)), at == start
    return None, False


def _opens_sentence(text: str, at: int) -> bool:
    """Whether a sentence starts at ``at``: after 。！？, or a line break that ends one
    (not one a PDF layer put inside a sentence: 比\n上年末增长7.3%)."""
    before = text[at - 1]
    if before in "。!！?？":
        return True
    return before == "\n" and (at < 2 or text[at - 2] in "。!！?？；;：:\n\r")


# Searched backwards: the last mark before an offset in one scan (seven rfinds cost ~5 us on the
# 400 characters read back).
_LAST_SENTENCE_MARK = re.compile(r"[。!！?？\n]", flags=re.REVERSE)


def _sentence_opening(text: str, at: int, lowest: int) -> int:
    """The last offset in ``(lowest, at]`` where a sentence opens (``_opens_sentence``),
    else ``lowest``: marks found by a backward search, not a Python step per character."""
    high = at
    while True:
        found = _LAST_SENTENCE_MARK.search(text, lowest, high)
        mark = found.start() if found else -1
        if mark < 0:
            return lowest
        if _opens_sentence(text, mark + 1):
            return mark + 1
        high = mark


def _topic_year(text: str, place: Place) -> int | None:
    """The year that opens the sentence (up to 。) the figure's clause belongs to: written
    (2007年，…) or relative to the document (去年经济增长…，…)."""
    start = _sentence_opening(text, place.sentence_start, max(0, place.sentence_start - 400))
    m = years.TOPIC_YEAR.match(text, start, min(len(text), start + 40))
    if m:
        return years.year_value(m.group(1))
    relative = years.topic_relative().match(text, start, min(len(text), start + 10))
    if relative and place.doc_year is not None:  # 去年经济增长8.8%，商品零售价格涨幅为0.8%
        return place.doc_year + years.relative_years()[relative.group(1)]
    return None


def _own_year(
    before: str, clause: str, place: Place, span: _Span | None
) -> tuple[bool, int | None, str]:
    """An explicit or relative year governing the figure: (found, year, rule)."""
    m = years.IMMEDIATE_YEAR.search(before)
    if m and not years.year_cue("ratio_base", True).search(before, 0, m.start()):
        return True, years.year_value(m.group(1)), "year.immediate"
    if years.START_VALUE.search(before):
        start = list(years.START_YEAR.finditer(before))
        if start:
            return True, years.year_value(start[-1].group(1)), "year.start_value"
        if span is not None and span.first is not None:
            # 一九七一年到一九七八年…由千分之二十九: the first year written; 五年来…从人均8.7万元:
            # the year before the span, whose first year is already one of change
            return True, span.first - (0 if span.written else 1), "year.start_value"
        end = _review_end(place)
        if end is not None:
            # a plan starts from the level now (the last year reviewed); a review of a year
            # from the level the year before it (由9.2∶46.6∶44.2调整为… in a review of 2018: 2017)
            reviewed = place.heading_year if place.heading_year is not None else end
            return True, end if place.role == "plan" else reviewed - 1, "year.start_value"
    rel = [m for m in years.relative_pattern().finditer(clause)]
    if rel and place.doc_year is not None:
        return True, place.doc_year + years.relative_years()[rel[-1].group(1)], "year.relative"
    named = [
        m
        for m in years.EXPLICIT_YEAR.finditer(before)
        if not years.year_cue("base", True).search(before, 0, m.start())
        and not years.year_cue("ratio_base", True).search(before, 0, m.start())
    ]
    if named:
        return True, years.year_value(named[-1].group(1)), "year.explicit"
    return False, None, ""


def _list_head(before: str) -> str:
    """The text before a list of figures, for a figure inside it: what governs the list
    governs each item (分别从771家、[481家]增加到1076家、[636家])."""
    if before.rstrip()[-1:] not in _LIST_ENDS or not before.strip():
        return before  # no list item ends here (the search costs ~1 us a character)
    m = _LISTED.search(before)
    return before[: m.start()] if m else before


def year_rule(text: str, place: Place, fig: Figure) -> Decided[int | None]:
    """The calendar year a figure refers to (docs/records.md), tried rule by rule.

    A figure in a span of several years (过去五年, “十三五”时期) has none, unless it is a
    level reached at the end (达到, 突破: the span's last year) or the value it started from
    (由X…: the year before the span).
    """
    before = _list_head(text[place.sentence_start : fig.start])
    head_end = place.sentence_start + len(before)  # the figure, or the list it is an item of
    clause = text[_clause_start(text, place.sentence_start, head_end) : head_end]
    immediate = years.IMMEDIATE_YEAR.search(before)
    averaged = years.year_cue("average").search(clause)
    reached = (
        years.year_cue("reached", True).search(before)
        or (fig.kind in _RATES and years.year_cue("reached_rate", True).search(before))
        or (place.role == "plan" and years.year_cue("reached_plan", True).search(before))
    )
    spans = _may_name_span(clause) and years.SPAN.search(years.BRACKETED.sub(" ", clause))
    if not immediate and (spans or averaged):
        return None, "year.span_in_clause"
    span = _span(before, place)
    found, year, rule = _own_year(before, clause, place, span)
    if found:
        return year, rule
    if _has_cue("baseline", _scope(text, place, fig.start)):
        return place.doc_year, "year.baseline"  # 原…, 现有…: when the document was written
    topic = _topic_year(text, place)
    if topic is not None:
        return topic, "year.sentence_topic"
    opening, opens_paragraph = _paragraph_year(text, place)
    # a paragraph that opens with one year (刚刚过去的2025年，…) dates its figures under a
    # heading that names several (“十四五”时期工作回顾); a span in the sentence still rules
    if span is not None and not (span.from_heading and opens_paragraph):
        rate = _RATE_OF_CHANGE.search(clause)  # 增速达到15.6%: a rate over the span, no level
        if (
            span.last is not None
            and reached
            and not rate
            and not years.RUNNING_TOTAL.search(clause)
        ):
            return span.last, "year.span_reached"
        return None, "year.span_flow"
    if opening is not None:
        return opening, "year.paragraph_topic"
    if years.RUNNING_TOTAL.search(clause) and years.HEADING_SPAN.search(place.frame):
        return None, "year.span_flow"  # 累计… under a heading naming a span (“十四五”主要成绩)
    if years.RUNNING_TOTAL.search(clause) and place.work_report and not reached:
        return None, "year.running_total"  # 累计创建15个: since a start before the year
    if place.heading_year is not None:
        return place.heading_year, "year.heading"
    if place.doc_year is not None and place.work_report and place.role == "review":
        return place.doc_year - 1, "year.work_report_review"
    return place.doc_year, "year.document"


# ---------------------------------------------------------------- status


def _scope(text: str, place: Place, at: int) -> str:
    """The stretch whose cues bind a figure: its clause, or its bracket if it is in one."""
    start = place.sentence_start  # searched in place: the sentence is not copied per figure
    opened = max(text.rfind("(", start, at), text.rfind("（", start, at))
    closed = max(text.rfind(")", start, at), text.rfind("）", start, at))
    if opened > closed:
        return text[opened + 1 : at]
    return text[_clause_start(text, start, at) : at]


def status_rule(
    text: str, place: Place, fig: Figure, year: int | None, dated: bool = True
) -> Decided[str]:
    """``actual`` or ``target``: the figure's own cues first, then its year, then its section.

    ``dated`` says the year was read for the figure, not taken from its document: only
    such a year can make it a target by lying after the years the document reviews.
    """
    scope = _scope(text, place, fig.start)
    before = _list_head(text[place.sentence_start : fig.start])
    if _has_cue("actual", scope) or _has_cue("baseline", scope):
        return "actual", "status.actual_cue"
    compared = list(_cue_pattern("comparison").finditer(scope))
    if compared and not years.year_cue("change").search(scope, compared[-1].end()):
        return "actual", "status.comparison_base"  # 同比2006年118项: the base of a comparison
    if years.START_VALUE.search(before):
        return "actual", "status.start_value"
    plan_year = place.heading_year or place.doc_year
    if year is not None and plan_year is not None and year < plan_year:
        return "actual", "status.earlier_year"
    end = _review_end(place)
    if dated and year is not None and end is not None and year > end:
        return "target", "status.later_year"  # 2024年力争…, 明年…: after the years reviewed
    if place.role == "review":
        return "actual", "status.review_section"
    span = _span(before, place)
    if place.role == "plan" and _behind(span, place):
        return "actual", "status.span_behind"  # 过去五年…, 两年来…: a plan citing what was done
    if place.role == "plan":
        return "target", "status.plan_section"
    if _ahead(span, place):
        return "target", "status.span_ahead"  # 今后五年，…: a span that ends after the document
    if _has_cue("target", scope):
        return "target", "status.target_cue"
    return "actual", "status.default"


def _behind(span: _Span | None, place: Place) -> bool:
    """Whether the figure's own sentence names a span of years already over (过去五年, 两年来)."""
    end = _review_end(place)
    if span is None or span.first is None or span.last is None or end is None:
        return False
    return (span.back or span.written) and span.last <= end and span.first < end


def _ahead(span: _Span | None, place: Place) -> bool:
    """Whether a span of years lies ahead of the document (今后五年, “十三五”时期 in 2016)."""
    end = _review_end(place)
    if span is None or span.first is None or span.last is None or end is None:
        return False
    return place.doc_year is not None and span.first >= place.doc_year and span.last > end


# ---------------------------------------------------------------- all fields


def contexts(text: str, figures: Sequence[Figure], places: Sequence[Place]) -> list[Context]:
    """The context of each figure; ``places[i]`` is where ``figures[i]`` stands.

    Figures are handled a sentence at a time so a figure with no subject of
    its own (``比2002年增长65.5%``) can take the one before it, and a rate the
    category of the figure before it.
    """
    out: list[Context] = []
    i = 0
    while i < len(figures):
        j = i
        while j < len(figures) and places[j].sentence_start == places[i].sentence_start:
            j += 1
        group = figures[i:j]
        previous: str | None = None
        for fig, place, (subject, subject_by) in zip(
            group, places[i:j], _subjects(text, places[i], group), strict=True
        ):
            year, year_by = year_rule(text, place, fig)
            clause = text[_clause_start(text, place.sentence_start, fig.start) : fig.start]
            lead = text[place.lead_start : fig.start]
            previous, category_by = category_rule(
                subject, fig.unit, clause, previous, fig.kind, lead
            )
            if previous != "people" and _AWARDED.match(text, fig.end, place.sentence_end):
                previous, category_by = "awards", "category.awarded"  # 4项新技术成果获金奖
            dated = year_by != "year.document"
            status, status_by = status_rule(text, place, fig, year, dated)
            rules = Rules(subject=subject_by, category=category_by, status=status_by, year=year_by)
            out.append(Context(subject, previous, status, year, rules))
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


# How a paragraph opens: with a span of several years (五年来，…; 这是…的五年。) or with
# one year (2025年是…; 今年以来; 过去一年). A paragraph that opens with neither continues
# the topic of the one before it in its section.
_OPENING = 60
_ONE_YEAR_OPENING = re.compile(
    rf"(?:{years.ANY_YEAR})\s*年(?!\s*[-—–－~～至到]|以来)|今年|去年|本年|过去一年|一年来|这一年"
)


class _Topics:
    """The span of years that opens each paragraph, or the one it continues, memoized by line."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.memo: dict[int, str | None] = {}
        self.openings: dict[int, str | None] = {}  # by line: the figures of a line ask alike

    def at(self, pos: int, floor: int, inherit: bool) -> str | None:
        """The span the paragraph at ``pos`` opens with, or (``inherit``) continues."""
        line = max(floor, self.text.rfind("\n", floor, pos) + 1)
        if not inherit:
            return self._opening(line) or None
        pending: list[int] = []
        topic: str | None = None
        while True:
            if line in self.memo:
                topic = self.memo[line]
                break
            pending.append(line)
            own = self._opening(line)
            if own is not None or line <= floor or len(pending) > 200:
                topic = own or None
                break
            line = max(floor, self.text.rfind("\n", floor, line - 1) + 1)
        for seen in pending:
            self.memo[seen] = topic
        return topic

    def _opening(self, line: int) -> str | None:
        """The span this line's first sentence names, "" when it names one year first
        (各位代表！刚刚过去的2025年，…), None when neither."""
        if line not in self.openings:
            self.openings[line] = self._read_opening(line)
        return self.openings[line]

    def _read_opening(self, line: int) -> str | None:
        head = self.text[line : line + _OPENING]
        head = years.BRACKETED.sub(" ", head[: head.find("。") + 1 or len(head)].split("\n", 1)[0])
        span = years.SPAN.search(head)
        one = _ONE_YEAR_OPENING.search(head)
        if one and (span is None or one.start() < span.start()):
            return ""
        return span.group() if span else None


@lru_cache(maxsize=1024)
def _frame_names_span(frame: str) -> bool:
    """Whether a title and heading path name a span of years (memoized: the figures of a
    section share one, and the pattern is long)."""
    return years.HEADING_SPAN.search(frame) is not None


def places(report: Report, figures: Sequence[Figure]) -> list[Place]:
    """Where each figure stands: its sentence, heading path, role and years.

    Everything about the report's structure comes from ``Report.locate``; this
    adds only what the context rules read around it (the lead sentence, the
    span of years a paragraph opens with).
    """
    out: list[Place] = []
    topics = _Topics(report.text)
    for fig in figures:
        where = report.locate(fig.start)
        document, chain, role = where.document, where.sections, where.role
        headings = [s.heading for s in chain]
        start, end = where.sentence or _sentence_bounds(report.text, fig.start)
        start, end = min(start, fig.start), max(end, fig.end)  # a figure read across a break
        if end - start > 2 * _REACH:  # a table dump or OCR debris with no sentence marks:
            start, end = _window(start, end, fig)  # read a window, so the cost stays linear
        floor = chain[-1].heading_end if chain else (document.start if document else 0)
        lead_start = _lead_start(report, start, floor)
        heading_year = where.heading_year
        doc_year = document.year if document else None
        frame = " > ".join(([document.title] if document and document.title else []) + headings)
        period = heading_year is None and _frame_names_span(frame)
        # a paragraph continues a span opened before it only under a heading that names one
        # (一、2025年和“十四五”时期工作回顾): elsewhere a span governs its own paragraph
        inherit = _frame_names_span(frame)
        opened = topics.at(start, floor, inherit) if role != "plan" else None
        if opened:  # 五年来，…: the paragraphs that follow look back on the span
            frame, period = f"{frame} > {opened}", True
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
