"""The library as a user's own script runs it: no ``__main__`` guard, stdin, no extras, signals.

Each test starts interpreters, so all are ``slow``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from reportmine.tables import documents_path, parts_dir, read_table

pytestmark = pytest.mark.slow

REPORT = "全年立项13项，安排科技经费626.12万元，培训1.1万人次。\n"

SCRIPT = """
import json, reportmine
metrics, documents = reportmine.extract_files({folder!r}, jobs={jobs}, progress=False)
print(json.dumps([len(metrics), sorted(documents["status"])]))
"""


def run(args: list[str], cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, input=stdin, capture_output=True, encoding="utf-8", timeout=300, check=False
    )


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    root.mkdir()
    for n in range(3):
        (root / f"{n}.txt").write_text(REPORT * (n + 1), encoding="utf-8")
    return root


@pytest.mark.parametrize(("jobs", "how"), [(1, "file"), (2, "file"), (2, "stdin")])
def test_extract_files_at_module_level_of_a_plain_script(
    folder: Path, tmp_path: Path, jobs: int, how: str
) -> None:
    code = SCRIPT.format(folder=str(folder), jobs=jobs)
    if how == "file":
        (tmp_path / "script.py").write_text(code, encoding="utf-8")
        done = run([sys.executable, "script.py"], tmp_path)
    else:
        done = run([sys.executable, "-"], tmp_path, stdin=code)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == [3 * 6, ["ok", "ok", "ok"]]


#: Makes the optional libraries unimportable, as on ``pip install reportmine`` without extras.
NO_EXTRAS = """
import sys
class Missing:
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {"trafilatura", "docx", "pypdf", "pyarrow", "openpyxl", "dask"}:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, Missing())
from reportmine.cli import main
sys.exit(main(sys.argv[1:]))
"""


TRADITIONAL = "全年完成產值152億元，比上年增長30%，新增企業12家。\n"


@pytest.mark.parametrize(
    ("encoding", "text", "figures"),
    [
        ("utf-8", REPORT, ["13项", "626.12万元", "1.1万人次"]),
        ("gbk", REPORT, ["13项", "626.12万元", "1.1万人次"]),
        ("gb18030", REPORT, ["13项", "626.12万元", "1.1万人次"]),
        ("utf-16", REPORT, ["13项", "626.12万元", "1.1万人次"]),
        ("big5", TRADITIONAL, ["152億元", "30%", "12家"]),  # Traditional is read as Simplified
    ],
)
def test_text_to_csv_needs_no_extra(
    tmp_path: Path, encoding: str, text: str, figures: list[str]
) -> None:
    (tmp_path / "a.txt").write_bytes(text.encode(encoding))
    driver = tmp_path / "no_extras.py"
    driver.write_text(NO_EXTRAS, encoding="utf-8")
    done = run([sys.executable, str(driver), "extract", "a.txt", "-o", "out.csv"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert list(pd.read_csv(tmp_path / "out.csv")["text"]) == figures
    html = tmp_path / "p.html"
    html.write_text("<html><body><p>全年立项13项。</p></body></html>", encoding="utf-8")
    done = run([sys.executable, str(driver), "extract", "p.html", "-o", "p.csv"], tmp_path)
    assert done.returncode == 1
    assert "pip install 'reportmine[batch]'" in (tmp_path / "p.documents.csv").read_text("utf-8")


#: The command with every document slowed down, so that a signal lands mid-run.
SLOW_RUN = """
import sys, time
import reportmine.batch, reportmine.tables
reportmine.tables.TableWriter.COMMIT_SECONDS = 0.0  # commit a part after every document
real = reportmine.batch.parse
def parse(text, doc_id=None):
    time.sleep(0.3)
    return real(text, doc_id)
reportmine.batch.parse = parse
from reportmine.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.fixture()
def archive(tmp_path: Path) -> Path:
    root = tmp_path / "many"
    root.mkdir()
    for n in range(30):
        (root / f"{n:02d}.txt").write_text(f"第{n}篇。\n" + REPORT * (n % 4 + 1), "utf-8")
    return root


def _started(out: Path, committed: int, proc: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        parts = parts_dir(documents_path(out))
        if parts.is_dir() and len(list(parts.glob("*.parquet"))) >= committed:
            return
        time.sleep(0.05)
    raise AssertionError(f"the run did not commit {committed} parts: {proc.poll()}")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_parquet_after_a_signal_is_readable_and_resume_completes_it(
    archive: Path, tmp_path: Path, sig: signal.Signals
) -> None:
    whole = tmp_path / "whole" / "m.parquet"
    done = run(
        [
            sys.executable,
            "-m",
            "reportmine.cli",
            "extract",
            str(archive),
            "-o",
            str(whole),
            "-q",
            "-j",
            "1",
        ],
        tmp_path,
    )
    assert done.returncode == 0, done.stderr
    (tmp_path / "slow.py").write_text(SLOW_RUN, encoding="utf-8")
    out = tmp_path / "part" / "m.parquet"
    argv = [sys.executable, "slow.py", "extract", str(archive), "-o", str(out), "-q", "-j", "1"]
    proc = subprocess.Popen(argv, cwd=tmp_path, stderr=subprocess.PIPE, encoding="utf-8")
    _started(out, 5, proc)
    os.kill(proc.pid, sig)
    _, err = proc.communicate(timeout=120)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143 and "--resume continues" in err
        assert out.exists() and not parts_dir(out).exists()  # closed as on Ctrl-C
        first = read_table(documents_path(out), "documents")
    else:
        assert proc.returncode == -signal.SIGKILL and not out.exists()
        first = pd.read_parquet(parts_dir(documents_path(out)))  # the committed parts read as is
        pd.read_parquet(parts_dir(out))
    assert 5 <= len(first) < 30
    done = run([*argv[:1], "-m", "reportmine.cli", *argv[2:], "--resume"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert f"{len(first)} files were done by the run this one resumed" in done.stderr
    for table in (out, documents_path(out)):
        got, want = pd.read_parquet(table), pd.read_parquet(whole.parent / table.name)
        pd.testing.assert_frame_equal(got, want)
    assert not parts_dir(out).exists()
