"""Guards for the speed fixes that keep hostile input linear (issues 12 and 13).

Each fix reads less (a window, a cache, a scan per pattern) than the code it
replaced; these tests check that it finds the same thing where the old way
was affordable. Speed itself is measured in ``benchmarks/bench_shapes.py``,
never asserted here.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.lexicon import read_table
from reportmine.structure import _furniture_patterns, _text_furniture

SHARED = Path(__file__).resolve().parents[2] / "shared"
REAL = sorted((SHARED / "corpus-real" / "docs").glob("*.txt"))

# Pieces that running-text furniture patterns match, and text around them.
FURNITURE_PIECES = [
    "共3页,当前第1页",
    "共 12 页，当前第 2 页3",
    "见http://www.gov.cn/a?b=1。",
    "www.example.com",
    "联系 abc.d@mail.gov.cn 或",
    "【字号：大 中 小】",
    "\n字体：默认\n",
    "![图](img/1.png)",
    "[链接](https://x.cn/a)",
    '<img src="a.png">',
    "\n来源：\n市科技局\n",
    "全年立项13项，经费626.12万元。",
    "页",
    "@",
    "12345",
    "  ",
    "\n",
]


def _combined(text: str) -> list[tuple[str, int, int]]:
    """The running-text furniture as one alternation finds it (the scan the fix replaced)."""
    rows = [r for r in read_table("furniture.tsv") if r["scope"] == "text"]
    alternation = "|".join(f"(?P<f{i}>{r['pattern']})" for i, r in enumerate(rows))
    pattern = regex.compile(alternation, regex.MULTILINE)
    return [
        (rows[int(m.lastgroup[1:])]["kind"], m.start(), m.end())
        for m in pattern.finditer(text)
        if m.lastgroup is not None
    ]


def _separate(text: str) -> list[tuple[str, int, int]]:
    return [(kind, m.start(), m.end()) for kind, m in _text_furniture(text, _furniture_patterns())]


@pytest.mark.parametrize("text", FURNITURE_PIECES)
def test_text_furniture_piece_as_one_alternation(text: str) -> None:
    assert _separate(text) == _combined(text)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FURNITURE_PIECES), max_size=12).map("".join))
def test_text_furniture_as_one_alternation(text: str) -> None:
    assert _separate(text) == _combined(text)


@pytest.mark.skipif(not REAL, reason="needs ../shared/corpus-real/docs")
@pytest.mark.parametrize("path", REAL[:12], ids=lambda p: p.name)
def test_text_furniture_of_real_reports_as_one_alternation(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert _separate(text) == _combined(text)


def _term_category_by_alternation(words: str, skip: frozenset[str] = frozenset()) -> str | None:
    """_term_category as it read every term of ``words`` left to right (the scan replaced)."""
    from reportmine.context import _category_terms, _word_starts

    words = "".join(words.split())
    terms = _category_terms()
    pattern = regex.compile("|".join(regex.escape(t) for t in sorted(terms, key=len, reverse=True)))
    best: tuple[int, int, str] | None = None
    for m in pattern.finditer(words, overlapped=True):
        if terms[m.group()] in skip:
            continue
        if len(m.group()) == 1 and m.end() < len(words) and m.start() not in _word_starts(words):
            continue
        key = (m.end(), len(m.group()), m.group())
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None:
        return None
    if terms[best[2]] == "light":  # a light head takes the category of the term before it
        return _term_category_by_alternation(words[: best[0] - len(best[2])], skip)
    return terms[best[2]]


LEADS = [
    "居民消费价格持平。其中，城市",
    "全市共有市民公园12个，农村厕所",
    "市县增长5%，市县",
    "研发经费支出占国内生产总值比重",
    "科技经费 安排 626.12万元，生产总 值",
    "2009年完成的主要工作：立项",
    "",
    "，。",
]


@pytest.mark.parametrize("words", LEADS)
@pytest.mark.parametrize("skip", [frozenset(), frozenset({"organizations", "projects"})])
def test_term_category_reads_as_the_left_to_right_scan(words: str, skip: frozenset[str]) -> None:
    from reportmine.context import _term_category

    assert _term_category(words, skip) == _term_category_by_alternation(words, skip)


@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.sampled_from([*LEADS, "项目", "企业", "人才", "市", "县", "村", " "]), max_size=9)
)
def test_term_category_of_joined_leads(pieces: list[str]) -> None:
    from reportmine.context import _term_category

    words = "".join(pieces)
    for skip in (frozenset(), frozenset({"organizations"})):
        assert _term_category(words, skip) == _term_category_by_alternation(words, skip)


@pytest.mark.parametrize(
    "text",
    [
        "全年立项13项，安排科技经费626.12万元，培训农民1200人次。",
        "".join(f"{n}项" for n in range(1, 400)),  # one sentence cut into windows
    ],
)
def test_records_of_one_sentence_share_one_string(text: str) -> None:
    import reportmine

    records = reportmine.parse(text).metrics
    by_text: dict[str | None, set[int]] = {}
    for m in records:
        assert m.sentence is not None
        by_text.setdefault(m.sentence, set()).add(id(m.sentence))
    assert records and all(len(ids) == 1 for ids in by_text.values())


def test_figures_of_an_endless_sentence_share_a_window_per_step() -> None:
    import reportmine
    from reportmine.context import _REACH, _STEP

    text = "".join(f"{n}项" for n in range(1, 2000))  # no sentence mark: read in windows
    records = reportmine.parse(text).metrics
    windows = {id(m.sentence) for m in records}
    assert len(records) > 1000
    assert len(windows) <= 2 * (len(text) // _STEP + 1)  # one a step, one across its end
    for m in records:
        assert m.sentence is not None and m.text in m.sentence
        assert len(m.sentence) <= 2 * _REACH + len(m.text)


# Digits, years, the words of spans of years, and the cue characters themselves.
SPAN_ALPHABET = (
    "0123456789１９２０〇一二三五六八十九" + "年来以过去近这今后未来此期间时规划“”-—~至到 项个人"
)


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=SPAN_ALPHABET, max_size=30))
def test_a_span_of_years_holds_one_of_its_cue_characters(text: str) -> None:
    from reportmine.context import _may_name_span
    from reportmine.years import SPAN as _SPAN

    if not _may_name_span(text):
        assert _SPAN.search(text) is None


def _opening_by_steps(text: str, at: int) -> int:
    """_topic_year's walk back to a sentence opening, one character a step (the loop replaced)."""
    from reportmine.context import _opens_sentence

    start = at
    while start > 0 and at - start < 400 and not _opens_sentence(text, start):
        start -= 1
    return start


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="。！？；：，\n\r 2007年去经济增长5%", max_size=60), st.data())
def test_sentence_opening_as_the_walk_back(text: str, data: st.DataObject) -> None:
    from reportmine.context import _sentence_opening

    at = data.draw(st.integers(0, len(text)))
    assert _sentence_opening(text, at, max(0, at - 400)) == _opening_by_steps(text, at)


def test_sentence_opening_stops_400_back() -> None:
    from reportmine.context import _sentence_opening

    text = "。" + "项" * 1000
    assert _sentence_opening(text, 900, 500) == _opening_by_steps(text, 900) == 500


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789.．家个、∶:，。 \n\u3000分别从增加到", max_size=40))
def test_list_head_as_the_plain_search(before: str) -> None:
    from reportmine.context import _LISTED, _list_head

    m = _LISTED.search(before)
    assert _list_head(before) == (before[: m.start()] if m else before)
