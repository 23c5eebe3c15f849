"""The unit lexicon as typed data: what closes a figure, and what kind of figure it makes."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from reportmine.lexicon import read_table

#: Magnitude characters that may stand before a denominator (人/百亿元, 件/万人).
MAGNITUDES = "十百千万亿"


@dataclass(frozen=True, slots=True)
class Unit:
    """One surface form of a unit (``个百分点``) and what it stands for (``百分点``)."""

    surface: str
    unit: str
    kind: str
    discrete: bool  # whole items: a bare decimal before it is a heading number, not a count
    time: bool  # a duration unless a cue makes it an indicator's value
    denominator: bool  # may follow '/' or 每 in a compound unit (元/人)
    arabic_only: bool = False  # read only after Arabic digits (十分 is an adverb)


@cache
def units() -> dict[str, Unit]:
    """Every unit surface form, keyed by the surface."""
    table: dict[str, Unit] = {}
    for row in read_table("units.tsv"):
        flags = set(filter(None, (flag.strip() for flag in row["flags"].split(","))))
        table[row["surface"]] = Unit(
            surface=row["surface"],
            unit=row["unit"],
            kind=row["kind"],
            discrete="discrete" in flags,
            time="time" in flags,
            denominator="denominator" in flags,
            arabic_only="arabic" in flags,
        )
    return table


def lookup(surface: str) -> Unit:
    """The unit a matched surface stands for; compound ``A/B`` and ``A每B`` are built here."""
    table = units()
    if surface in table:
        return table[surface]
    for sep in ("/", "每"):
        head, found, tail = surface.partition(sep)
        # 人/百亿元: the denominator keeps the magnitude written before it.
        per = tail if tail in table else tail.lstrip(MAGNITUDES)
        if found and head in table and per in table:
            base = table[head]
            magnitude = tail[: len(tail) - len(per)]
            unit = f"{base.unit}/{magnitude}{table[per].unit}"
            return Unit(surface, unit, base.kind, False, False, False)
    raise KeyError(surface)
