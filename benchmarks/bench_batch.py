"""Files per second, MB per second and peak memory of the batch: --jobs 1, --jobs 2, Dask.

Builds an archive of ``--files`` (default 2,000) report files in a temporary
folder from the shared real reports (``../shared/corpus-real/docs`` and
``../shared/seeds``), in the mix an archive has: UTF-8, GBK, Big5 (when the
text has Big5 forms), UTF-16, UTF-8 with BOM, gov-style html, docx and pdf.
Nothing is written into the checkout. Each configuration runs in a fresh
process (workers start cold, as for a user); memory is the peak resident set
of that process and all its descendants, sampled every 0.1 s::

    .venv/bin/python benchmarks/bench_batch.py            # 2,000 files
    .venv/bin/python benchmarks/bench_batch.py --files 200

Needs the batch and dask extras (``pip install -e '.[dev]'``).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT / "tests"))

PAGE = (
    '<html><head><meta charset="{charset}"><title>{title}_人民政府门户网站</title></head><body>'
    '<div class="nav"><a href="/">首页</a> | <a href="/zwgk">政务公开</a></div>'
    '<div class="crumb">当前位置：首页 &gt; 政务公开</div><div class="article"><h1>{title}</h1>'
    "{body}</div><div class='footer'>网站标识码：1234000001 京ICP备12345678号</div></body></html>"
)


def texts() -> list[tuple[str, str]]:
    paths = sorted((SHARED / "corpus-real" / "docs").glob("*.txt"))
    paths += sorted((SHARED / "seeds").glob("*.txt"))
    if not paths:
        raise SystemExit(f"no shared reports under {SHARED}: the benchmark needs them")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in paths]


def build(folder: Path, n: int) -> int:
    """``n`` files cycling through the reports and the formats; returns total bytes."""
    import docx

    from messy_archive import make_pdf

    sources = texts()
    kinds = ["utf8"] * 8 + ["gbk"] * 3 + ["big5", "utf16", "bom", "html", "html", "docx", "pdf"]
    for i in range(n):
        name, text = sources[i % len(sources)]
        kind = kinds[i % len(kinds)]
        stem = folder / f"{i // 100:02d}" / f"{i:05d}_{name}"
        stem.parent.mkdir(parents=True, exist_ok=True)
        if kind == "big5":
            try:
                stem.with_suffix(".txt").write_bytes(text.encode("big5"))
                continue
            except UnicodeEncodeError:
                kind = "gbk"
        if kind in ("utf8", "gbk", "utf16", "bom"):
            enc = {"utf8": "utf-8", "gbk": "gb18030", "utf16": "utf-16", "bom": "utf-8-sig"}[kind]
            suffix = ".md" if kind == "bom" else ".txt"
            stem.with_suffix(suffix).write_bytes(text.encode(enc))
        elif kind == "html":
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            body = "".join(f"<p>{line}</p>" for line in lines[1:])
            page = PAGE.format(charset="gb2312", title=lines[0][:40], body=body)
            stem.with_suffix(".html").write_bytes(page.encode("gb18030", errors="replace"))
        elif kind == "docx":
            document = docx.Document()
            for line in text.splitlines():
                if line.strip():
                    document.add_paragraph(line.strip())
            document.save(str(stem.with_suffix(".docx")))
        else:
            lines = [line.strip() for line in text.splitlines() if line.strip()][:40]
            stem.with_suffix(".pdf").write_bytes(make_pdf(lines))
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


LOCAL = """
import sys, reportmine.batch as b
s = b.write_files(sys.argv[1], sys.argv[2], jobs=int(sys.argv[3]), progress=False)
print(s.ok, s.failed, s.metrics)
"""

DASK = """
import sys, dask, distributed, reportmine.dask
if __name__ == "__main__":
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, distributed.Client(cluster):
        m, d = dask.compute(*reportmine.dask.extract(sys.argv[1]))
    print(int((d["status"] == "ok").sum()), int((d["status"] != "ok").sum()), len(m))
"""


def measure(argv: list[str]) -> tuple[float, float, str]:
    """(seconds, peak MB of the process tree, stdout) of one configuration."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.PIPE, text=True)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        root = psutil.Process(process.pid)
        while not done.is_set():
            try:
                tree = [root, *root.children(recursive=True)]
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = process.communicate()
    seconds = time.perf_counter() - start
    done.set()
    sampler.join()
    if process.returncode:
        raise SystemExit(f"{argv} failed with status {process.returncode}")
    return seconds, peak / 2**20, out.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--json", action="store_true", help="print the rows as JSON too")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="reportmine-bench-") as tmp:
        archive = Path(tmp) / "archive"
        started = time.perf_counter()
        total = build(archive, args.files)
        print(
            f"archive: {args.files} files, {total / 1e6:.1f} MB, "
            f"built in {time.perf_counter() - started:.0f} s"
        )
        configs = {
            "--jobs 1": [sys.executable, "-c", LOCAL, str(archive), f"{tmp}/j1.parquet", "1"],
            "--jobs 2": [sys.executable, "-c", LOCAL, str(archive), f"{tmp}/j2.parquet", "2"],
            "dask LocalCluster(2)": [sys.executable, "-c", DASK, str(archive)],
        }
        rows = []
        for name, argv in configs.items():
            seconds, peak, out = measure(argv)
            rows.append(
                {
                    "config": name,
                    "seconds": round(seconds, 1),
                    "files_per_s": round(args.files / seconds, 1),
                    "mb_per_s": round(total / 1e6 / seconds, 2),
                    "peak_mb": round(peak),
                    "ok_failed_metrics": out,
                }
            )
    print(f"{'config':<22} {'s':>7} {'files/s':>8} {'MB/s':>6} {'peak MB':>8}  ok failed metrics")
    for r in rows:
        print(
            f"{r['config']:<22} {r['seconds']:>7} {r['files_per_s']:>8} {r['mb_per_s']:>6} "
            f"{r['peak_mb']:>8}  {r['ok_failed_metrics']}"
        )
    print(f"--jobs 2 / --jobs 1: {rows[0]['seconds'] / rows[1]['seconds']:.2f}x")
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
