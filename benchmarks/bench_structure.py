"""Speed of reportmine.structure.parse_structure on the shared real corpus (one core).

Run: .venv/bin/python benchmarks/bench_structure.py [folder]
The target is well over 1M characters per second: structure must cost a
small fraction of the extraction budget.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from reportmine.structure import parse_structure

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "corpus-real" / "docs"


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    parse_structure(texts[0])  # load and compile the lexicons outside the timing
    chars = sum(len(t) for t in texts)
    best = float("inf")
    for _ in range(3):
        began = time.perf_counter()
        for text in texts:
            parse_structure(text)
        best = min(best, time.perf_counter() - began)
    print(f"structure: {chars} chars in {best:.3f} s = {chars / best / 1e6:.2f}M chars/s")


if __name__ == "__main__":
    main()
