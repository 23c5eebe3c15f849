"""Every year a report states, read in one place.

Years come in many shapes: 2007年, full-width ２００７, spaced by a PDF layer
(1 9 9 7), Chinese digits (二〇〇七), relative to the document (今年, 去年,
明年), spans (2016—2020年, 过去五年, 五年来, 今后五年, 2020年以来) and five-year
plans (“十三五”时期, 第一个五年计划). The structure layer uses these to date
documents and headings, the context layer to date each figure; both read
them from here, so a new way of writing a year is one change.
"""

from __future__ import annotations

from functools import cache

import regex as re

from reportmine.lexicon import read_table

# A year as reports write it: 2007, full-width ２００７, spaced by a PDF layer
# (1 9 9 7), or in Chinese digits (一九九七, 二〇〇七).
ANY_YEAR = (
    r"[1１][ \u3000]?[9９](?:[ \u3000]?\d){2}|[2２][ \u3000]?[0０](?:[ \u3000]?\d){2}"
    r"|[一二][〇零○Ｏ九][〇零○Ｏ一二三四五六七八九]{2}"
)
IMMEDIATE_YEAR = re.compile(rf"({ANY_YEAR})\s*年(?:度|末|底|年末)?\s*的?\s*$")
EXPLICIT_YEAR = re.compile(
    rf"(?<!(?:{ANY_YEAR})\s*年?\s*[-—–－~～至到]\s*)({ANY_YEAR})\s*年"
    rf"(?!\s*[-—–－~～至到]\s*(?:{ANY_YEAR})|以来)"
)
# A year that opens a sentence as its topic (2007年，…；…；…。) governs every clause of it.
TOPIC_YEAR = re.compile(rf"[\s—\-]*(?:在?刚刚过去的|在)?({ANY_YEAR})\s*年(?:度|末|底)?\s*[，,]")
CITED_YEAR = re.compile(rf"({ANY_YEAR})\s*年(?!\s*[-—–－~～至到])")
# Searched backwards (REVERSE): a match can only end at the end of the text, where a
# backward search starts (forward, it scanned the whole sentence before each figure:
# 1.5 us on 500 characters, 0.4 backwards). Only whether it matches is ever asked.
START_VALUE = re.compile(
    rf"(?:由|从)\s*(?:(?:{ANY_YEAR})\s*年\s*的?)?\s*(?:人均|平均|年人均|每人每[年月]|每[年月])?\s*$",
    flags=re.REVERSE,
)
START_YEAR = re.compile(rf"(?:由|从)\s*({ANY_YEAR})\s*年")


@cache
def relative_years() -> dict[str, int]:
    return {row["word"]: int(row["offset"]) for row in read_table("relative_years.tsv")}


@cache
def relative_pattern() -> re.Pattern[str]:
    words = sorted(relative_years(), key=len, reverse=True)
    # 比上年, also broken by a line break (比\n上年: a PDF line ends between them); 上年结转 and
    # 结转下年 name budget items (balances carried over), not years
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![比较]\s*)(?<!结转)({alternation})(?!结转)")


@cache
def topic_relative() -> re.Pattern[str]:
    """A relative year that opens a sentence as its topic (去年经济增长8.8%，…)."""
    words = sorted(relative_years(), key=len, reverse=True)
    # 上年末, 去年同期 are comparison bases, not the topic
    return re.compile(r"[\s—\-]*(" + "|".join(re.escape(w) for w in words) + ")(?!末|底|同期|同月)")


@cache
def year_cue(kind: str, before_end: bool = False) -> re.Pattern[str]:
    """year_cues.tsv's cues of one kind, longest first; ``before_end`` anchors them at the end,
    where a verb's 了 may follow (都达到了85%).

    average adds a streak (连续6年), a shape rather than a word, and passes over the
    names of indicators that only contain its cue (年均浓度: kind ``not_average``).
    """
    cues = sorted(
        (r["cue"] for r in read_table("year_cues.tsv") if r["kind"] == kind), key=len, reverse=True
    )
    alternation = "|".join(re.escape(c) for c in cues)
    if kind == "average":
        alternation += r"|连续[\d一二两三四五六七八九十]+年"
        names = [r["cue"] for r in read_table("year_cues.tsv") if r["kind"] == "not_average"]
        if names:
            alternation = f"(?!{'|'.join(re.escape(n) for n in names)})(?:{alternation})"
    return re.compile(f"(?:{alternation})了?\\s*$" if before_end else alternation)


_NUMERAL_YEARS = r"[二三四五六七八九十两几]|\d{1,2}"
_PLAN = r"十[一二三四五六七八九]?五|[一二三四六七八九]五"
# The long name of a five-year plan: 第一个五年计划 (1953-57), 第十五个五年规划.
_NTH_PLAN = r"第(?P<nth>[一二三四五六七八九十]{1,3})个五年(?:计划|规划)"
# A span of several years named in a sentence (docs/records.md): a range of years, a five-year
# plan's period (“十三五”时期, “八五”期间), the years under review (过去五年, 五年来) or ahead
# (今后五年), or a year and what followed it (2020年以来).
_SPAN_SOURCE = (
    rf"(?P<a>{ANY_YEAR})\s*年?\s*(?:[-—–－~～至到]|年到)\s*(?P<b>{ANY_YEAR})"
    rf"|[“\"‘]?(?P<plan>{_PLAN})[”\"’]?(?:规划|计划)?(?:期间|时期|以来)"
    rf"|(?:过去|近|这)(?P<back>{_NUMERAL_YEARS})年(?!前|后|内|之内)|(?P<since_n>{_NUMERAL_YEARS}|一(?=年多))年多?来"
    rf"|(?:今后|未来|此后)(?P<ahead>{_NUMERAL_YEARS})年"
    rf"|(?P<since>{ANY_YEAR})\s*年以来"
    r"|(?<![〇一二三四五六七八九零○Ｏ十第\d])五年(?!规划|计划|行动|前|后)"  # not 一九八五年
)
SPAN = re.compile(_SPAN_SOURCE)
# A heading may name the plan alone (二、“十三五”规划主要目标): enough to date its levels.
HEADING_SPAN = re.compile(rf"{_SPAN_SOURCE}|[“\"‘](?P<named>{_PLAN})[”\"’]|{_NTH_PLAN}")
# Within one clause: an average or a streak over several years (年均增长, 连续6年).
# A running total (累计) covers the span around it, or the year when none is named (全年累计).
RUNNING_TOTAL = re.compile(r"(?<!全年|今年|本年|当年)累计")
BRACKETED = re.compile(r"[（(][^（()）]*[)）]")
_CHINESE_DIGITS = {c: str(i) for i, c in enumerate("〇一二三四五六七八九")} | {
    "零": "0",
    "○": "0",
    "Ｏ": "0",
    "O": "0",
}
# The first two plans ran 1953-57 and 1958-62; from the third (1966-70) one every five years.
_PLAN_STARTS = {1: 1953, 2: 1958}
_SMALL_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十", start=0)} | {"两": 2}


def year_value(written: str) -> int:
    """A year written in Arabic (any width, spaced) or Chinese digits (一九九四 → 1994)."""
    return int("".join(_CHINESE_DIGITS.get(c, c) for c in written if not c.isspace()))


def count_of_years(written: str) -> int | None:
    """A small count of years (五, 十, 10); None when vague (几)."""
    if written.isdigit():
        return int(written)
    return _SMALL_NUMERALS.get(written)


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


def span_years(
    m: re.Match[str], review_end: int | None, doc_year: int | None
) -> tuple[int | None, int | None]:
    """First and last year of a span named by ``m`` (either may be unknown).

    ``review_end`` is the last year the document looks back on, ``doc_year`` its own year:
    spans such as 过去五年 and 今后五年 are counted from them.
    """
    if m.group("a"):
        return year_value(m.group("a")), year_value(m.group("b"))
    named = {k: m.group(k) for k in ("plan", "named", "nth") if k in m.re.groupindex}
    number = _plan_number(named.get("plan") or named.get("named"), named.get("nth"))
    if number is not None:
        first = _PLAN_STARTS.get(number, 1966 + 5 * (number - 3))
        return first, review_end if m.group().endswith("以来") else first + 4
    if m.group("since"):
        return year_value(m.group("since")), review_end
    for name, ahead in (("back", False), ("since_n", False), ("ahead", True)):
        if m.group(name):
            n = count_of_years(m.group(name))
            if n is not None and m.group().endswith("多来"):
                n += 1  # 一年多来: into the year before the one reviewed
            if ahead:
                start = doc_year
                return start, None if start is None or n is None else start + n - 1
            end = review_end
            return None if end is None or n is None else end - n + 1, end
    end = review_end  # 五年 alone: the five years under review
    return None if end is None else end - 4, end


YEAR = re.compile(
    r"(?<![\d.])(\d(?:[ \u3000]?\d){3})\s*年度?|([〇零○Ｏ一二三四五六七八九]{4})年度?"
)  # 2007年, ２００７年, 1 9 9 8 年 (a PDF layer's spacing), 二〇〇七年
YEAR_RANGE = re.compile(r"\d{4}\s*年?\s*[-—–~～至到]\s*\d{4}")
DATE = re.compile(
    r"(?<!\d)(\d{4})\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    r"|([〇零○Ｏ一二三四五六七八九]{4})年[一二三四五六七八九十]{1,3}月(?:[一二三四五六七八九十]{1,3}日)?"
    r"|(?<!\d)(\d{4})[-/.]\d{1,2}[-/.]\d{1,2}"
)
# A line that opens with the year it is about: 2023年，全州上下… (not a date: 2024年5月7日).
OPENING_YEAR = re.compile(
    r"^[ \t\u3000]*(?:(\d{4})|([〇零○Ｏ一二三四五六七八九]{4}))\s*年(?:度)?\s*[，,]",
    re.MULTILINE,
)
_HORIZON_AFTER = re.compile(r"\s*(?:远景|愿景|远期)")
_HORIZON_BEFORE = re.compile(r"(?:到|至|面向)\s*$")


def plausible_year(arabic: str | None, chinese: str | None = None) -> int | None:
    """A four-digit year written in Arabic or Chinese digits (二〇二六), if in 1900-2100."""
    written = arabic or chinese
    if not written:
        return None
    value = year_value(written)
    return value if 1900 <= value <= 2100 else None


def first_year(text: str) -> int | None:
    """The first year named in ``text`` (``2009年``, ``二〇二六年``), or None."""
    m = YEAR.search(text)
    return plausible_year(m.group(1), m.group(2)) if m else None


def date_year(text: str) -> int | None:
    """The year of the first full date (year and month at least) in ``text``."""
    m = DATE.search(text)
    if m is None:
        return None
    return plausible_year(m.group(1) or m.group(3), m.group(2))


def title_year(title: str, last: bool = False) -> int | None:
    """The first year a title names that is not a horizon (``二〇三五年远景目标``, ``到2030年``);
    with ``last``, the last one (关于2023年预算执行情况和2024年预算草案的报告: 2024)."""
    found = [
        m
        for m in YEAR.finditer(title)
        if not _HORIZON_AFTER.match(title, m.end())
        and not _HORIZON_BEFORE.search(title, 0, m.start())
    ]
    if not found:
        return None
    m = found[-1] if last else found[0]
    return plausible_year(m.group(1), m.group(2))
