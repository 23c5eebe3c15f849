"""Characters per second of ``reportmine.parse`` end to end, and of each layer, on one core.

The benchmark text is the one ``bench_numbers.py`` builds (the shared real
reports repeated to 1,000,000 characters). Two ways of feeding it:

- report by report, as a batch run does (the realistic case);
- ``one text``: the whole megabyte as one string (structure over one huge
  page, the worst case for its document and heading scans);
- a line of 200k characters packed with figures and no sentence mark (a table
  flattened by a reader): context reads a window around each figure, so this
  stays linear (it took 30 s for 24k characters before the window).

For scale the run also times jieba on the same text: plain ``lcut`` and
``posseg`` (the issue's reference points, ~300k and ~73k chars/s). The
context layer segments only the clause stretch that a subject needs, so
``parse`` should beat whole-text segmentation; the target is ≥ 300k chars/s.

    .venv/bin/python benchmarks/bench_parse.py [--size N] [--repeat R] [--no-jieba]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sized

from bench_numbers import SHARED, best_time, build_text


def _documents(size: int) -> list[str]:
    """The shared reports, one string each, repeated until they hold ``size`` characters."""
    paths = sorted((SHARED / "corpus-real" / "docs").glob("*.txt"))
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in paths]
    out: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            out.append(text)
            total += len(text)
            if total >= size:
                break
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="characters of text")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-jieba", action="store_true", help="skip the jieba reference rows")
    args = parser.parse_args()

    import reportmine
    from reportmine.context import _segmenter
    from reportmine.quantities import find_figures
    from reportmine.structure import parse_structure

    reportmine.parse("区科技局2009年工作总结\n预热：立项13项。")  # lexicons, jieba dictionary
    documents = _documents(args.size)
    text = build_text(args.size)
    chars = sum(len(t) for t in documents)
    # a table dump flattened into one line: every figure in one endless "sentence"
    dense = "".join(f"{i % 97}个单位" for i in range(40_000))[:200_000]

    def each(step: Callable[[str], Sized]) -> Callable[[], int]:
        return lambda: sum(len(step(doc)) for doc in documents)

    rows: list[tuple[str, int, float, object]] = []
    for name, run in [
        ("structure (parse_structure): sentences", each(lambda d: parse_structure(d).sentences)),
        ("number layer (find_figures): figures", each(find_figures)),
        ("parse end to end: records", each(lambda d: reportmine.parse(d).metrics)),
        ("parse end to end, one text: records", lambda: len(reportmine.parse(text).metrics)),
        (
            "parse, 200k chars with no sentence mark: records",
            lambda: len(reportmine.parse(dense).metrics),
        ),
    ]:
        seconds, found = best_time(run, args.repeat)
        size = len(text) if "one text" in name else len(dense) if "no sentence" in name else chars
        rows.append((name, size, seconds, found))

    if not args.no_jieba:
        import jieba
        import jieba.posseg

        tokenizer = _segmenter().tokenizer
        seconds, words = best_time(lambda: len(tokenizer.lcut(text)), 1)
        rows.append(("jieba lcut, whole text (reference): words", len(text), seconds, words))
        jieba.setLogLevel(60)
        sample = text[:200_000]
        seconds, tagged = best_time(lambda: len(jieba.posseg.lcut(sample)), 1)
        rows.append(("jieba posseg, first 200k (reference): words", len(sample), seconds, tagged))

    print(f"text: {chars:,} characters in {len(documents)} documents, from {SHARED}")
    print(f"{'run: what is counted':<48} {'chars/s':>12} {'count':>9}")
    for name, size, secs, found in rows:
        count = f"{found:,}" if isinstance(found, int) else ""
        print(f"{name:<48} {size / secs:>12,.0f} {count:>9}")


if __name__ == "__main__":
    main()
