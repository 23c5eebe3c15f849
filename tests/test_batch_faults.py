"""Faults an archive throws at the batch: loops, unlistable folders, bad bytes, documents over time.

Fast: ``jobs=1`` runs in this process, so each fault is provoked directly
(a patched ``os.scandir``, a patched ``parse``) instead of by timing.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reportmine
from reportmine.batch import process
from reportmine.cli import main
from reportmine.io import ReadError, read_bytes
from reportmine.overtime import PIECE, Overtime, pieces, read_in_pieces
from reportmine.sources import Source, _glob_regex, expand

REPORT = "全年立项13项，安排科技经费626.12万元，培训1.1万人次。\n"


def _tree(root: Path) -> Path:
    """``d/a.txt``, ``d/sub/b.txt``, and two loops: ``d/x -> .`` and ``d/sub/up -> ..``."""
    (root / "d" / "sub").mkdir(parents=True)
    (root / "d" / "a.txt").write_text(REPORT, encoding="utf-8")
    (root / "d" / "sub" / "b.txt").write_text(REPORT, encoding="utf-8")
    os.symlink(".", root / "d" / "x")
    os.symlink("..", root / "d" / "sub" / "up")
    return root / "d"


@pytest.mark.parametrize(
    ("pattern", "doc_ids"),
    [
        ("**/*.txt", ["a.txt", "sub/b.txt"]),
        ("*", ["a.txt", "sub/b.txt"]),
        ("*/*.txt", ["sub/b.txt"]),
        ("**", ["a.txt", "sub/b.txt"]),
        ("s?b/*", ["sub/b.txt"]),
        ("[ab].txt", ["a.txt"]),
        ("[!a].txt", []),
    ],
)
def test_globs_over_symlink_loops_list_each_file_once(
    tmp_path: Path, pattern: str, doc_ids: list[str]
) -> None:
    folder = _tree(tmp_path)
    started = time.monotonic()
    found, problems = expand(f"{folder}/{pattern}")
    assert time.monotonic() - started < 10  # the standard glob recursed for minutes here
    assert [s.doc_id for s in found] == doc_ids
    assert bool(problems) == (not doc_ids)


def test_folder_scan_over_loops_lists_each_file_once(tmp_path: Path) -> None:
    found, problems = expand(_tree(tmp_path))
    assert [s.doc_id for s in found] == ["a.txt", "sub/b.txt"] and problems == []


@pytest.mark.parametrize(
    ("parts", "path", "matches"),
    [
        (("**", "*.txt"), "a.txt", True),
        (("**", "*.txt"), "x/y/a.txt", True),
        (("**", "*.txt"), ".git/a.txt", False),
        (("*.txt",), ".a.txt", False),
        (("*",), "a/b", False),
        (("20[01]?", "*.txt"), "2009/a.txt", True),
        (("a+b(1).txt",), "a+b(1).txt", True),
    ],
)
def test_glob_regex_follows_glob_rules(parts: tuple[str, ...], path: str, matches: bool) -> None:
    assert bool(_glob_regex(parts).fullmatch(path)) is matches


def _unlistable(folder: Path) -> Callable[[Any], Any]:
    """``os.scandir`` that fails on ``folder`` as it does for a folder without read permission."""
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    return scandir


@pytest.mark.parametrize("pattern", ["", "/**/*.txt"])
def test_an_unlistable_folder_gets_a_row_and_fails_the_run(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    pattern: str,
) -> None:
    folder = _tree(tmp_path)
    monkeypatch.setattr("reportmine.sources.os.scandir", _unlistable(folder / "sub"))
    _metrics, documents = reportmine.extract_files(f"{folder}{pattern}", jobs=1, progress=False)
    rows = documents.set_index("doc_id")
    assert list(rows.index) == ["a.txt", "sub/"]
    assert rows.loc["sub/", "status"] == "error"
    assert "Permission denied" in rows.loc["sub/", "error"]
    assert "chmod" in rows.loc["sub/", "error"]
    out = tmp_path / "m.jsonl"
    assert main(["extract", f"{folder}{pattern}", "-o", str(out), "-q", "-j", "1"]) == 1
    assert "1 failed" in capsys.readouterr().err


# --------------------------------------------------------------------------- bad bytes

CLEAN = ("区科技局2009年工作总结\n" + REPORT * 80).encode("utf-8")


@pytest.mark.parametrize(
    ("case", "data", "note"),
    [
        ("one \\xff byte", CLEAN[:300] + b"\xff" + CLEAN[300:], "1 invalid UTF-8 byte(s)"),
        (
            "a lone surrogate",
            CLEAN[:300] + "\ud800".encode("utf-8", "surrogatepass") + CLEAN[300:],
            "3 invalid UTF-8 byte(s)",
        ),
        ("cut mid-character", CLEAN + "万".encode()[:2], "truncated: the last 2 byte(s)"),
        (
            "cut and a bad byte",
            CLEAN[:300] + b"\xfe" + CLEAN + "万".encode()[:1],
            "2 invalid UTF-8 byte(s)",
        ),
    ],
)
def test_a_few_bad_bytes_lose_no_report(case: str, data: bytes, note: str) -> None:
    text, info = read_bytes("r.txt", data)
    assert info.note is not None and note in info.note, case
    assert info.encoding == "utf-8"
    whole = reportmine.extract(CLEAN.decode("utf-8"))
    assert len(reportmine.extract(text)) >= len(whole) - 1  # at most the figure hit is lost


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 40,
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20,
        random.Random(0).randbytes(5000),
        CLEAN[:200] + random.Random(1).randbytes(2000),  # UTF-8 at the start, then garbage
    ],
)
def test_binary_data_is_still_refused(data: bytes) -> None:
    with pytest.raises(ReadError, match="not text"):
        read_bytes("r.txt", data)


# --------------------------------------------------------------------------- over time


@pytest.mark.parametrize(
    ("text", "size", "spans"),
    [
        ("", 10, []),
        ("abc", 10, [(0, 3)]),
        ("aaaa\nbbbb\ncccc\n", 10, [(0, 10), (10, 15)]),
        ("a" * 25, 10, [(0, 10), (10, 20), (20, 25)]),
    ],
)
def test_pieces_cover_the_text_and_end_at_line_breaks(
    text: str, size: int, spans: list[tuple[int, int]]
) -> None:
    assert pieces(text, size) == spans


def _slow_when_long(monkeypatch: pytest.MonkeyPatch, target: str, longer_than: int) -> None:
    """``parse`` that hangs on texts longer than ``longer_than`` (stands in for a slow shape)."""
    real = reportmine.parse

    def parse(text: str, doc_id: str | None = None) -> reportmine.Report:
        if len(text) > longer_than:
            time.sleep(30)
        return real(text, doc_id)

    monkeypatch.setattr(target, parse)


def _over_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole document's ``parse`` as if its limit had passed (no need to wait for it)."""

    def parse(text: str, doc_id: str | None = None) -> reportmine.Report:
        raise Overtime

    monkeypatch.setattr("reportmine.batch.parse", parse)


def test_a_document_over_its_limit_is_read_in_pieces_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = "区科技局2009年工作总结\n" + REPORT * (3 * PIECE // (2 * len(REPORT)))
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    _over_time(monkeypatch)
    started = time.monotonic()
    result = process(Source("long.txt", str(path)), timeout=60.0)
    assert time.monotonic() - started < 20
    row = result.document
    assert row["status"] == "ok" and "read in 2 pieces" in row["note"], row
    whole = [(m.start, m.end, m.text) for m in reportmine.extract(text)]
    assert [(m["start"], m["end"], m["text"]) for m in result.metrics] == whole
    assert row["n_metrics"] == len(whole) and row["title"] == "区科技局2009年工作总结"


def test_pieces_that_run_out_of_time_are_named_and_the_rest_kept(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = ("a" * 50 + "\n") * (PIECE // 51) + REPORT * 10  # piece 1: no figures, piece 2: 30
    _slow_when_long(monkeypatch, "reportmine.overtime.parse", PIECE - 100)
    got = read_in_pieces(text, "t", budget=1.0)
    assert got.n_pieces == 2 and len(got.skipped) == 1 and got.skipped[0][0] == 0
    assert len(got.metrics) == 30
    assert "1 piece(s) also ran out of time" in got.note(1.0) and "raise --timeout" in got.note(1.0)


def test_an_unfinished_piece_makes_the_row_an_error_that_keeps_its_records(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    text = ("a" * 50 + "\n") * (PIECE // 51) + REPORT * 10
    path = tmp_path / "slow.txt"
    path.write_text(text, encoding="utf-8")
    _over_time(monkeypatch)
    _slow_when_long(monkeypatch, "reportmine.overtime.parse", PIECE - 100)
    result = process(Source("slow.txt", str(path)), timeout=1.0)
    row = result.document
    assert row["status"] == "error" and "time limit of 1 s" in row["error"], row
    assert row["n_metrics"] == len(result.metrics) == 30
