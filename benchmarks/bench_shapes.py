"""Time and memory of ``reportmine.parse`` on hostile shapes of text, at two sizes side by side.

Issues 12 (item 9) and 13 name shapes of input that once took time growing
faster than the text. A document must never cost more than linear time, so
each shape is timed at two sizes (100k and 200k characters by default) and
the table shows characters per second at each and the ratio of the two
times (CPU seconds of the parsing process, so that other work on a shared
machine does not show as a slow shape): linear time gives a ratio near 2.
The targets are >= 50k characters a second at the larger size and a ratio
of at most 2.2.

Each run happens in a child process (a fresh interpreter, lexicons and the
jieba dictionary loaded before the clock starts) with a time limit, so one
pathological shape cannot stall the table. ``--memory`` adds a column: the
peak of Python allocations (tracemalloc) while parsing, per MB of the input
as UTF-8, measured in a separate child since tracing slows the parse.

    .venv/bin/python benchmarks/bench_shapes.py                 # 100k and 200k, every shape
    .venv/bin/python benchmarks/bench_shapes.py --sizes 10000,20000 --shapes ones,items
    .venv/bin/python benchmarks/bench_shapes.py --memory        # peak MB per MB of input
    .venv/bin/python benchmarks/bench_shapes.py --shapes show --sizes 1000000,2000000

``show`` times ``reportmine.show(text).to_html()`` on concatenated reports
(its records computed before the clock; ``found`` is then the length of the
HTML); every other shape times ``parse`` (``found``: its records).
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"


def _reports() -> str:
    """The shared real reports, concatenated (empty when ../shared is not there)."""
    paths = sorted((SHARED / "corpus-real" / "docs").glob("*.txt"))
    return "\n".join(p.read_text(encoding="utf-8") for p in paths)


def _cycle(unit: str, size: int) -> str:
    return (unit * (size // max(1, len(unit)) + 1))[:size]


def _numbered(template: str, size: int) -> str:
    """``template`` with {n} counting up, joined until ``size`` characters."""
    parts: list[str] = []
    total = 0
    for n in itertools.count(1):
        part = template.format(n=n)
        parts.append(part)
        total += len(part)
        if total >= size:
            break
    return "".join(parts)[:size]


def _mixed(size: int) -> str:
    """Characters of many scripts and digit systems, with spaces and punctuation, seeded."""
    rng = random.Random(13)
    alphabet = (
        "中文报告科技经费项目增长万亿元个人"
        "abcdefxyzABC0123456789"
        "０１２３４５６７８９"
        "αβγδεжзийклмнאבגדابتث١٢٣٤٥६७८९"
        "가나다라あいうえおカキクケ"
        " ，、。%％.:：-—"
    )
    return "".join(rng.choice(alphabet) for _ in range(size))


def _latin(size: int) -> str:
    rng = random.Random(12)
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "elit"]
    words += ["sed", "do", "eiusmod", "12", "3.5", "USD", "km"]
    out: list[str] = []
    total = 0
    while total < size:
        word = rng.choice(words)
        out.append(word)
        total += len(word) + 1
    return " ".join(out)[:size]


def _no_marks(size: int) -> str:
    text = _reports().translate({ord(c): None for c in "。！？；"})
    return _cycle(text, size) if text else ""


def _concatenated(size: int) -> str:
    text = _reports()
    return _cycle(text + "\n", size) if text else ""


#: name -> (what it is, builder of a text of n characters)
SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "ones": ("1 × n", lambda n: "1" * n),
    "fullwidth": ("full-width digits × n", lambda n: _cycle("１２３４５６７８９０", n)),
    "spaces": ("spaces × n", lambda n: " " * n),
    "no_marks": ("real reports without 。！？；", _no_marks),
    "items": ("numbered one-line items N、立项13项。", lambda n: _numbered("{n}、立项13项。\n", n)),
    "wan": ("万 × n", lambda n: "万" * n),
    "mixed": ("mixed scripts", _mixed),
    "headings": ("lines like 工作思路", lambda n: _cycle("工作思路\n", n)),
    "plain_headings": (
        "一、… then lines like 第N部分工作思路",
        lambda n: ("一、总体情况\n" + _numbered("第{n}部分工作思路\n", n))[:n],
    ),
    "latin": ("Latin words", _latin),
    "xiang": ("1项2项3项…", lambda n: _numbered("{n}项", n)),
    "shixian": ("市县增长5%， repeated", lambda n: _cycle("市县增长5%，", n)),
    "reports": ("real reports concatenated", _concatenated),
    "show": ("show().to_html() on concatenated reports", _concatenated),
}
DEFAULT_SHAPES = [s for s in SHAPES if s != "show"]


def _child(shape: str, size: int, memory: bool) -> dict[str, float | int]:
    """One timed (or traced) run, in this process; the parent reads the JSON it prints."""
    import reportmine

    text = SHAPES[shape][1](size)
    if not text:
        raise SystemExit("this shape needs ../shared/corpus-real/docs")
    reportmine.parse("区科技局2009年工作总结\n一、工作回顾\n预热：立项13项，经费5万元。")
    if shape == "show":
        records = reportmine.extract(text)
        run: Callable[[], int] = lambda: len(reportmine.show(text, records).to_html())  # noqa: E731
    else:
        run = lambda: len(reportmine.parse(text).metrics)  # noqa: E731
    if memory:
        import tracemalloc

        tracemalloc.start()
        found = run()
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return {"peak": peak, "bytes": len(text.encode("utf-8")), "found": found}
    began = time.process_time()  # CPU time: the machine is shared, wall time is noisy
    found = run()
    return {"seconds": time.process_time() - began, "found": found, "chars": len(text)}


def _measure(shape: str, size: int, memory: bool, limit: float) -> dict[str, float | int] | None:
    """Run one measurement in a fresh interpreter; None when it fails or passes ``limit``."""
    command = [sys.executable, __file__, "--child", shape, str(size)]
    command += ["--memory"] if memory else []
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=limit, check=False)
    except subprocess.TimeoutExpired:
        return None
    if done.returncode != 0:
        print(f"  {shape} {size}: failed: {done.stderr.strip().splitlines()[-1:]}", file=sys.stderr)
        return None
    result: dict[str, float | int] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,200000", help="two sizes, comma-separated")
    parser.add_argument("--shapes", default=",".join(DEFAULT_SHAPES), help="comma-separated")
    parser.add_argument("--timeout", type=float, default=120, help="seconds allowed per run")
    parser.add_argument("--memory", action="store_true", help="add peak MB per MB of input")
    parser.add_argument("--child", nargs=2, metavar=("SHAPE", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.child[0], int(args.child[1]), args.memory)))
        return

    small, large = (int(s) for s in args.sizes.split(","))
    shapes = args.shapes.split(",")
    head = f"{'shape':<44} {'s@' + str(small):>9} {'s@' + str(large):>9} {'ratio':>6}"
    head += f" {'chars/s@' + str(small):>15} {'chars/s@' + str(large):>15} {'found':>8}"
    print(head + (f" {'peak MB/MB':>10}" if args.memory else ""))
    for shape in shapes:
        first = _measure(shape, small, False, args.timeout)
        runs = [first, _measure(shape, large, False, args.timeout) if first else None]
        cells: list[str] = []
        for run in runs:
            cells.append(f"{run['seconds']:.2f}" if run else f">{args.timeout:.0f}")
        ratio = f"{runs[1]['seconds'] / runs[0]['seconds']:.2f}" if runs[0] and runs[1] else "-"
        rates = [f"{r['chars'] / r['seconds']:,.0f}" if r else "-" for r in runs]
        found = str(runs[1]["found"]) if runs[1] else "-"
        line = f"{SHAPES[shape][0]:<44} {cells[0]:>9} {cells[1]:>9} {ratio:>6}"
        line += f" {rates[0]:>15} {rates[1]:>15} {found:>8}"
        if args.memory:
            traced = _measure(shape, large, True, args.timeout * 4) if runs[1] else None
            line += f" {traced['peak'] / traced['bytes']:>10.1f}" if traced else f" {'-':>10}"
        print(line, flush=True)


if __name__ == "__main__":
    main()
