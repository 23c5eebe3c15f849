"""Normalization with an offset map.

Patterns run on a normalized copy of the text, in which full-width forms are
folded, every dash and tilde is one of two characters, and the noise inside
numbers (spaces, thousands separators, line breaks before a unit) is gone.
Records must still point into the text as given, so the copy keeps, for each
of its characters, the offset of the character it came from.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

import regex

from reportmine.lexicon import read_table

# Hyphen-like characters that can be a minus sign or join a range (6%－6.5%, 1-2家).
_HYPHENS = "-－−‐‑﹣"
# Dashes and tildes that only join ranges (800—1000万, 5~10家); never a minus sign.
_RANGE_DASHES = "—–―‒〜～~﹏"


def _fold_table() -> dict[int, str]:
    table: dict[int, str] = {code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}
    # A digit of any script (٣, ३, 𝟑) is read as the ASCII digit it stands for.
    table.update({code: str(unicodedata.decimal(chr(code))) for code in _decimal_digit_codes()})
    table.update({ord(c): "-" for c in _HYPHENS})
    table.update({ord(c): "~" for c in _RANGE_DASHES})
    table.update(
        {
            0x3000: " ",  # ideographic space
            0x00A0: " ",
            0x2009: " ",
            0x202F: " ",
            0x2236: ":",  # ratio colon ∶
            0xFE6A: "%",  # small percent sign
            0x2030: "‰",
            0x00B7: "·",
        }
    )
    return table


def _decimal_digit_codes() -> list[int]:
    """Every code point of Unicode category Nd but the ASCII digits."""
    return [
        code for code in range(0x80, sys.maxunicode + 1) if unicodedata.category(chr(code)) == "Nd"
    ]


_FOLD = _fold_table()

# Single digits spaced out by a typesetter: "1 9 9 3 年", "7 0 ．8 岁".
_SPACED_DIGITS = re.compile(r"(?<![\d.])\d(?:[ \t]+\d|[ \t]*\.[ \t]*\d)+(?![\d.])")
# Thousands separators: "1,234,567" or "1，234" (the full-width comma is already folded to ",").
_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}(?:,\d{3})+(?![\d])(?!,\d)")
# LaTeX debris from OCR: "\(8.6\%\)" keeps "8.6%".
_LATEX_PERCENT = re.compile(r"\\(?=%)")
# A combining mark on a digit or point ("626\u0301.12") is noise inside the number.
_MARK_IN_NUMBER = regex.compile(r"(?<=[0-9.])\p{M}+")


@dataclass(frozen=True, slots=True)
class NormalizedText:
    """A normalized copy of ``original`` and, per character, where it came from.

    ``origin[i]`` is the offset in ``original`` of normalized character ``i``;
    ``origin[len(text)]`` is ``len(original)``, so half-open spans map cleanly.
    """

    original: str
    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of the normalized span ``[start, end)``."""
        if end <= start:
            point = self.origin[start]
            return point, point
        return self.origin[start], self.origin[end - 1] + 1


def normalize(text: str, glue: Callable[[str], bool] | None = None) -> NormalizedText:
    """Fold ``text`` for pattern matching and keep the way back to it.

    ``glue(ch)`` tells whether a character can continue a figure (a unit,
    multiplier or percent sign): white space between a digit and such a
    character is dropped, so ``12 项`` and ``473.94\\n万人`` read as one
    figure. A line break is dropped only when the number does not stand
    alone on its line, because table cells flattened one per line are not
    figures of the prose.
    """
    folded = text.translate(_FOLD)
    drop: set[int] = set()
    for match in _SPACED_DIGITS.finditer(folded):
        drop.update(i for i in range(match.start(), match.end()) if folded[i] in " \t")
    for match in _THOUSANDS.finditer(folded):
        drop.update(i for i in range(match.start(), match.end()) if folded[i] == ",")
    drop.update(match.start() for match in _LATEX_PERCENT.finditer(folded))
    for mark in _MARK_IN_NUMBER.finditer(folded):
        drop.update(range(mark.start(), mark.end()))
    if glue is not None:
        _drop_gaps_before_units(folded, drop, glue)
    if not drop:
        return NormalizedText(text, folded, range(len(text) + 1))
    pieces: list[str] = []
    origin: list[int] = []
    kept_from = 0
    for i in sorted(drop):
        pieces.append(folded[kept_from:i])
        origin.extend(range(kept_from, i))
        kept_from = i + 1
    pieces.append(folded[kept_from:])
    origin.extend(range(kept_from, len(text) + 1))
    return NormalizedText(text, "".join(pieces), origin)


_GAP = re.compile(r"(?<=[\d.%万亿])[ \t\r\n]+(?=\S)")


def _drop_gaps_before_units(folded: str, drop: set[int], glue: Callable[[str], bool]) -> None:
    for match in _GAP.finditer(folded):
        end = match.end()
        if not glue(folded[end]):
            continue
        gap = match.group()
        breaks = line_breaks(gap)
        if breaks and (_number_starts_line(folded, match.start()) or folded[end] in "十百千"):
            continue  # a table cell, or 9.4⏎十种: a new line's numeral starts a new figure
        if breaks > 1:
            continue  # a blank line ends a paragraph
        drop.update(range(match.start(), end))


def line_breaks(text: str) -> int:
    """How many line breaks ``text`` holds: CRLF, a lone CR (old Mac files) and LF are one each."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _number_starts_line(folded: str, number_end: int) -> bool:
    """Whether the number ending at ``number_end`` is all its line holds (a table cell)."""
    i = number_end
    while i > 0 and (folded[i - 1].isdigit() or folded[i - 1] in ".%-万亿"):
        i -= 1
    while i > 0 and folded[i - 1] in " \t":
        i -= 1
    return i > 0 and folded[i - 1] in "\r\n"


@cache
def _traditional_table() -> dict[int, str]:
    return {
        ord(row["traditional"]): row["simplified"]
        for row in read_table("traditional_chars.tsv")
        if len(row["traditional"]) == 1 and len(row["simplified"]) == 1
    }


def to_simplified(text: str) -> str:
    """``text`` with Traditional characters as Simplified (萬 → 万, 項 → 项, 經費 → 经费).

    One character for one (OpenCC's character table, lexicons/traditional_chars.tsv),
    so the result has the length of ``text`` and every offset into it is an offset
    into ``text``. Characters that are also Simplified (乾, 於) are kept.
    """
    converted = text.translate(_traditional_table())
    return text if converted == text else converted


_LONE_CR = re.compile(r"\r(?!\n)")


def reading_copy(text: str) -> str:
    """The copy of ``text`` the pipeline reads: Simplified characters, every line break a LF.

    A lone CR (old Mac files) becomes LF, so lines, headings and years are found as in
    LF or CRLF text (CRLF stays: its CR is blank space before the LF). Like
    :func:`to_simplified` it maps one character to one, so offsets stay exact.
    """
    copy = to_simplified(text)
    if "\r" in copy:
        copy = _LONE_CR.sub("\n", copy)
    return text if copy == text else copy
