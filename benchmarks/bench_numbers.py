"""Characters per second of the number layer, side by side with a peer, on one text.

The text is 1 MB (1,000,000 characters) built by repeating the shared real
reports (``../shared/corpus-real/docs`` and ``../shared/seeds``). The peer is
jionlp's money extractor, which finds one kind of figure (money) where
reportmine finds every kind; install it only for this benchmark::

    .venv/bin/pip install -r benchmarks/requirements.txt
    .venv/bin/python benchmarks/bench_numbers.py

Each timing is the best of ``--repeat`` runs on one core (one process, no
threads). Without jionlp the peer's line says so and the rest still runs.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def build_text(size: int) -> str:
    """The shared reports, concatenated and repeated to ``size`` characters."""
    paths = sorted((SHARED / "corpus-real" / "docs").glob("*.txt"))
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no shared reports under {SHARED}: the benchmark needs them")
    text = "\n".join(p.read_text(encoding="utf-8") for p in paths)
    return (text * (size // len(text) + 1))[:size]


def best_time(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    text = build_text(args.size)

    import reportmine
    from reportmine.quantities import find_figures

    find_figures("预热：立项13项。")  # load lexicons and compile patterns outside the timing
    rows: list[tuple[str, float, int]] = []
    seconds, figures = best_time(lambda: find_figures(text), args.repeat)
    assert isinstance(figures, list)
    rows.append(("reportmine number layer (find_figures), every kind", seconds, len(figures)))
    seconds, records = best_time(lambda: reportmine.extract(text), args.repeat)
    assert isinstance(records, list)
    money = sum(1 for r in records if r.kind == "money")
    rows.append(("reportmine.extract (records), every kind", seconds, len(records)))
    try:
        import jionlp  # type: ignore[import-not-found]
    except ImportError:
        jionlp = None
    if jionlp is not None:
        jionlp.ner.extract_money("预热：安排资金100万元。")
        seconds, found = best_time(lambda: jionlp.ner.extract_money(text), args.repeat)
        assert isinstance(found, list)
        rows.append(("jionlp.ner.extract_money, money only", seconds, len(found)))

    print(f"text: {len(text):,} characters from {SHARED}")
    print(f"{'extractor':<55} {'chars/s':>12} {'found':>8}")
    for name, secs, count in rows:
        print(f"{name:<55} {len(text) / secs:>12,.0f} {count:>8,}")
    print(f"(reportmine money records: {money:,})")
    if jionlp is None:
        print("jionlp is not installed: pip install -r benchmarks/requirements.txt")
    else:
        ratio = rows[0][1] and rows[2][1] / rows[0][1]
        print(f"number layer / jionlp speed ratio: {ratio:.2f}")


if __name__ == "__main__":
    main()
