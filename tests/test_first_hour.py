"""What a new user meets first: the core install, the import, help, repr, missing extras.

Fast: everything runs in this process or one short interpreter; the slow
end-to-end checks (a script with ``extract_files``, an install without extras)
are in ``test_scripts.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import requires
from pathlib import Path

import pytest

import reportmine
from reportmine.batch import default_jobs
from reportmine.cli import main
from reportmine.io import ReadError, read_bytes
from reportmine.sources import Source


def test_core_dependencies_read_text_and_show_progress() -> None:
    core = [r.split(";")[0] for r in requires("reportmine") or [] if "extra ==" not in r]
    names = {r.split(">")[0].split("=")[0].strip().lower() for r in core}
    assert {"charset-normalizer", "tqdm"} <= names
    assert not names & {"pyarrow", "trafilatura", "openpyxl", "pypdf", "python-docx"}


def test_import_loads_neither_pandas_nor_the_batch_nor_display() -> None:
    probe = (
        "import json, sys, reportmine\n"
        "before = [m for m in ('pandas', 'reportmine.batch', 'reportmine.display') "
        "if m in sys.modules]\n"
        "reportmine.to_frame\n"
        "print(json.dumps([before, 'pandas' in sys.modules, 'extract_files' in dir(reportmine)]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, encoding="utf-8", check=True
    )
    assert json.loads(done.stdout) == [[], True, True]


def test_lazy_names_resolve_and_unknown_ones_raise() -> None:
    from reportmine.batch import extract_files
    from reportmine.display import show

    assert reportmine.extract_files is extract_files and reportmine.show is show
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        reportmine.nope  # noqa: B018


def test_help_of_extract_documents_arguments_record_errors_and_an_example() -> None:
    import doctest

    doc = reportmine.extract.__doc__ or ""
    for part in ("Arguments:", "doc_id:", "Returns", "qualifier", "Errors:", "Example::"):
        assert part in doc, part
    finder = doctest.DocTestFinder()
    (test,) = finder.find(reportmine.extract, "extract", globs={})
    assert test.examples and doctest.DocTestRunner().run(test).failed == 0
    with pytest.raises(TypeError, match="decode"):
        reportmine.extract(b"\xe5\x85\xa8")  # type: ignore[arg-type]


def test_report_repr_is_one_short_line() -> None:
    text = "区科技局2009年工作总结\n" + "全年立项13项，安排科技经费626.12万元。\n" * 2000
    shown = repr(reportmine.parse(text, doc_id="big.txt"))
    assert len(shown) < 300 and "\n" not in shown
    assert "big.txt" in shown and f"{len(text)} characters" in shown and "4000 metrics" in shown


@pytest.mark.parametrize(
    ("name", "hidden", "reader"),
    [
        ("page.html", "trafilatura", "reportmine.io.html"),
        ("report.docx", "docx", "reportmine.io.word"),
        ("report.pdf", "pypdf", "reportmine.io.pdf"),
    ],
)
def test_a_missing_reader_library_is_one_line_naming_the_extra(
    monkeypatch: pytest.MonkeyPatch, name: str, hidden: str, reader: str
) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)  # what an install without the extra has
    monkeypatch.delitem(sys.modules, reader, raising=False)
    with pytest.raises(ReadError) as caught:
        read_bytes(name, b"<html><body>x</body></html>")
    message = str(caught.value)
    assert "\n" not in message
    assert hidden in message and "pip install 'reportmine[batch]'" in message


@pytest.mark.parametrize(
    ("out", "hidden", "extra"),
    [("m.parquet", "pyarrow.parquet", "batch"), ("m.xlsx", "openpyxl", "excel")],
)
def test_a_missing_writer_library_stops_before_any_work(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    out: str,
    hidden: str,
    extra: str,
) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)
    (tmp_path / "a.txt").write_text("全年立项13项。", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / out), "-q"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and f"pip install 'reportmine[{extra}]'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # nothing written


def test_default_workers_never_start_processes_for_a_small_batch(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    files = []
    for n in range(4):
        path = tmp_path / f"{n}.txt"
        path.write_bytes(b"x" * 1000)
        files.append(Source(path.name, str(path)))
    assert default_jobs(files) == 1
    monkeypatch.setattr("reportmine.batch.BYTES_PER_WORKER", 1000)
    monkeypatch.setattr("reportmine.batch.os.sched_getaffinity", lambda _: {0, 1}, raising=False)
    monkeypatch.setattr("reportmine.batch.os.getloadavg", lambda: (0.2, 0.0, 0.0))
    assert default_jobs(files) == 2  # at most the cores
    monkeypatch.setattr("reportmine.batch.os.getloadavg", lambda: (1.5, 0.0, 0.0))
    assert default_jobs(files) == 1  # a core busy with other work is not counted
    assert default_jobs([Source("gone.txt", str(tmp_path / "gone.txt"))]) == 1


def test_jobs_1_runs_in_the_calling_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("全年立项13项。", encoding="utf-8")
    seen: list[str] = []
    real = reportmine.parse

    def spy(text: str, doc_id: str | None = None) -> reportmine.Report:
        seen.append(str(doc_id))  # a worker process would not see this patch
        return real(text, doc_id)

    monkeypatch.setattr("reportmine.batch.parse", spy)
    metrics, documents = reportmine.extract_files(tmp_path, jobs=1, progress=False)
    assert seen == ["a.txt"] and list(metrics["text"]) == ["13项"]
    assert list(documents["status"]) == ["ok"]


def test_summary_with_an_output_file_points_to_the_rows_not_above(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("全年立项13项。", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "out" / "m.csv"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "reported above" not in err
    assert "1 files ok, 1 failed" in err and "status=error in" in err


NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebooks_need_only_the_core_and_the_notebook_extra(notebook: Path) -> None:
    import ast

    from reportmine.extras import EXTRA_OF

    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    tree = ast.parse("\n".join(line for line in code.splitlines() if not line.startswith("%")))
    modules = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    modules |= {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    extras = {EXTRA_OF[m.split(".")[0]] for m in modules if m.split(".")[0] in EXTRA_OF}
    assert extras <= {"notebook"}, (notebook.name, modules)
    assert "reportmine.dask" not in modules and "reportmine.io" not in modules
