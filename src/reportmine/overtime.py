"""A document over its time limit: stop it softly, then read it again in pieces.

A hard limit (the pool killing the worker) loses every record of the
document. The soft limit here interrupts :func:`reportmine.parse` from a
``SIGALRM`` handler instead, so the worker lives and can read the text again
in pieces of a few thousand lines each, with the time that is left; records
of the pieces that finish are kept with their offsets in the whole text.
``regex`` checks for signals during long matches, so a runaway pattern is
interrupted too. The alarm works only in a process's main thread on POSIX;
elsewhere (a Dask thread, Windows) there is no soft limit and the hard one
applies.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportmine.extraction import parse

#: Characters a piece holds at most; pieces end at a line break when there is one.
PIECE = 20_000
#: Seconds a piece may take at least, however many pieces share the budget.
MIN_SHARE = 0.2


class Overtime(Exception):
    """Raised inside the work when its soft time limit passes."""


def can_interrupt() -> bool:
    """Whether :func:`time_limit` can stop work in this thread."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`Overtime` in the body after ``seconds``; no limit where that cannot be."""
    if not seconds or seconds <= 0 or not can_interrupt():
        yield
        return

    def expired(signum: int, frame: Any) -> None:
        raise Overtime

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def pieces(text: str, size: int = PIECE) -> list[tuple[int, int]]:
    """``(start, end)`` spans covering ``text``, each at most ``size``, cut after a line break."""
    spans = []
    start = 0
    while start < len(text):
        end = min(len(text), start + size)
        if end < len(text):
            cut = text.rfind("\n", start, end)
            end = cut + 1 if cut > start else end
        spans.append((start, end))
        start = end
    return spans


@dataclass
class Piecewise:
    """What reading in pieces gave: records with whole-text offsets, and what was skipped."""

    metrics: list[dict[str, object]] = field(default_factory=list)
    n_pieces: int = 0
    skipped: list[tuple[int, int]] = field(default_factory=list)

    def note(self, limit: float) -> str:
        head = (
            f"took over the time limit of {limit:g} s as a whole, so it was read in "
            f"{self.n_pieces} pieces of at most {PIECE} characters (cut at line breaks)"
        )
        if not self.skipped:
            return head + "; every piece finished"
        where = ", ".join(f"{a}-{b}" for a, b in self.skipped[:5])
        more = f" and {len(self.skipped) - 5} more" if len(self.skipped) > 5 else ""
        return (
            f"{head}; {len(self.skipped)} piece(s) also ran out of time and have no records "
            f"(characters {where}{more}); raise --timeout to read them"
        )


def read_in_pieces(text: str, doc_id: str | None, budget: float) -> Piecewise:
    """Each piece parsed with its share of ``budget`` seconds; late pieces are skipped.

    A piece gets an equal share (at least ``MIN_SHARE``), so one slow piece
    costs its share and not the time of the pieces after it.
    """
    spans = pieces(text)
    result = Piecewise(n_pieces=len(spans))
    share = max(budget / max(len(spans), 1), MIN_SHARE)
    ends = time.monotonic() + budget
    for start, end in spans:
        left = ends - time.monotonic()
        if left <= 0:
            result.skipped.append((start, end))
            continue
        try:
            with time_limit(min(share, left)):
                found = [m.to_dict() for m in parse(text[start:end], doc_id).metrics]
        except Overtime:
            result.skipped.append((start, end))
            continue
        for row in found:
            row["start"] = int(row["start"]) + start  # type: ignore[call-overload]
            row["end"] = int(row["end"]) + start  # type: ignore[call-overload]
        result.metrics += found
    return result
