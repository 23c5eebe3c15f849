"""The ``reportmine`` command, run in-process through ``main(argv)`` and once as installed."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import reportmine
from reportmine.cli import main
from reportmine.model import FIELDS

pytestmark = pytest.mark.slow  # worker processes and subprocesses: minutes

TEXT_A = "全年立项13项，安排科技经费626.12万元。\r\n培训1.1万人次。"
TEXT_B = "获得资金支持170余万元。"


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(text)
    return path


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "reports"
    write(root / "b.txt", TEXT_B)
    write(root / "sub" / "a.md", TEXT_A)
    write(root / "notes.tsv", TEXT_A)  # not a report suffix
    write(root / ".hidden" / "c.txt", TEXT_A)  # hidden folders are skipped
    return root


def test_jsonl_to_stdout_has_every_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "a.txt", TEXT_A)
    assert main(["extract", str(path)]) == 0
    out, err = capsys.readouterr()
    records = jsonl(out)
    assert records, "no records"
    assert all(list(r) == list(FIELDS) for r in records)
    assert {r["doc_id"] for r in records} == {"a.txt"}
    assert "万元" in out  # ensure_ascii=False: Chinese stays readable
    assert "\\u" not in out
    assert err == ""


def test_offsets_point_into_the_file_with_crlf_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "a.txt", TEXT_A)
    main(["extract", str(path)])
    for r in jsonl(capsys.readouterr().out):
        assert TEXT_A[r["start"] : r["end"]] == r["text"]


def test_folder_doc_ids_are_relative_posix_paths_in_sorted_order(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(folder)]) == 0
    doc_ids = [r["doc_id"] for r in jsonl(capsys.readouterr().out)]
    assert list(dict.fromkeys(doc_ids)) == ["b.txt", "sub/a.md"]


def test_file_and_folder_together(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    single = write(tmp_path / "elsewhere" / "single.txt", TEXT_B)
    assert main(["extract", str(single), str(folder)]) == 0
    doc_ids = [r["doc_id"] for r in jsonl(capsys.readouterr().out)]
    assert list(dict.fromkeys(doc_ids)) == ["single.txt", "b.txt", "sub/a.md"]


def test_output_file_format_from_suffix_and_summary(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out" / "metrics.csv"  # parent folder does not exist yet
    assert main(["extract", str(folder), "-o", str(out)]) == 0
    stdout, stderr = capsys.readouterr()
    assert stdout == ""
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and list(rows[0]) == list(FIELDS)
    assert {row["doc_id"] for row in rows} == {"b.txt", "sub/a.md"}
    assert f"2 documents, {len(rows)} records" in stderr
    assert "by kind:" in stderr and "by qualifier:" in stderr
    assert "sub/a.md" in stderr


@pytest.mark.parametrize(
    ("name", "flags", "fmt"),
    [
        ("m.jsonl", [], "jsonl"),
        ("m.csv", [], "csv"),
        ("m.out", ["--format", "csv"], "csv"),
        ("m.csv", ["--format", "jsonl"], "jsonl"),
    ],
)
def test_format_flag_wins_over_suffix(
    tmp_path: Path, name: str, flags: list[str], fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path / "a.txt", TEXT_A)
    out = tmp_path / name
    assert main(["extract", str(path), "-o", str(out), *flags]) == 0
    first = out.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("{") if fmt == "jsonl" else first == ",".join(FIELDS)


def test_csv_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path / "a.txt", TEXT_A)
    assert main(["extract", str(path), "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(row["doc_id"] == "a.txt" for row in rows)
    assert err == ""  # no summary without -o


def test_unreadable_files_are_reported_and_the_rest_processed(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "garbage.txt").write_bytes(bytes(range(32)) * 8)  # GBK is read since issue 4
    missing = tmp_path / "missing.txt"
    assert main(["extract", str(missing), str(folder)]) == 1
    out, err = capsys.readouterr()
    doc_ids = {r["doc_id"] for r in jsonl(out)}
    assert doc_ids == {"b.txt", "sub/a.md"}
    assert "missing.txt" in err and "No such file" in err
    assert "garbage.txt" in err and "not text" in err


def test_empty_folder_is_a_failure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["extract", str(tmp_path / "empty")]) == 1
    assert "no .txt or .md files" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["extract"],
        ["extract", "a.txt", "--format", "xml"],
        ["extract", "a.txt", "-o", "out.numbers"],
        ["frobnicate"],
        ["evaluate", "gold.jsonl"],
        ["evaluate", "gold.jsonl", "no-such-folder"],
    ],
)
def test_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage:" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", "--help"]) == 0
    assert "--format" in capsys.readouterr().out


def gold_for(path: Path, doc_id: str) -> list[dict[str, Any]]:
    """The library's own output as gold: the CLI path, not the scorer, is under test here."""
    return [m.to_dict() for m in reportmine.extract(reportmine.read_document(path)[0], doc_id)]


def test_evaluate_prints_scores(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs = tmp_path / "docs"
    gold = gold_for(write(docs / "a.txt", TEXT_A), "a.txt")
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    assert main(["evaluate", str(gold_path), str(docs), "--show", "3"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"gold {len(gold)}  predicted {len(gold)}")
    assert lines[-1] == "full-record F1: 1.000"

    assert main(["evaluate", str(gold_path), str(docs), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["detection"]["f1"] == 1.0


def test_evaluate_reads_reports_in_any_chinese_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "gbk.txt").write_bytes(TEXT_A.encode("gb18030"))
    gold = gold_for(docs / "gbk.txt", "gbk.txt")
    assert gold, "the sample text must hold figures"
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text("".join(json.dumps(r) + "\n" for r in gold), encoding="utf-8")
    assert main(["evaluate", str(gold_path), str(docs), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["detection"]["f1"] == 1.0


def test_evaluate_missing_text_scores_as_missed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    gold_path = tmp_path / "gold.jsonl"
    gold_path.write_text(
        json.dumps({"doc_id": "gone.txt", "start": 0, "end": 3}) + "\n", encoding="utf-8"
    )
    assert main(["evaluate", str(gold_path), str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert "gone.txt" in err
    assert out.splitlines()[-1] == "full-record F1: 0.000"


def test_installed_console_script(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "reportmine"
    assert script.is_file(), f"console script not installed at {script}: pip install -e '.[dev]'"
    path = write(tmp_path / "a.txt", TEXT_A)
    done = subprocess.run(
        [str(script), "extract", str(path)],
        capture_output=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert {r["doc_id"] for r in jsonl(done.stdout)} == {"a.txt"}
    usage = subprocess.run(
        [str(script), "extract"], capture_output=True, stdin=subprocess.DEVNULL, check=False
    )
    assert usage.returncode == 2
