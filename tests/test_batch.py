"""Archives through ``extract_files``/``write_files``: nothing lost, any --jobs, resume."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import reportmine
from messy_archive import Archive, build, pool_lost, pool_warm, pool_work
from reportmine.batch import Result, write_files
from reportmine.cli import main
from reportmine.pool import OrderedPool
from reportmine.sources import expand
from reportmine.tables import documents_path, read_table

pytestmark = pytest.mark.slow  # worker processes and subprocesses: minutes


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return build(tmp_path_factory.mktemp("archive"))


def expected_metrics(archive: Archive, doc_id: str) -> list[dict[str, Any]]:
    text = archive.texts.get(doc_id)
    if text is None:
        text = reportmine.read_document(archive.root / doc_id)[0]
    return [m.to_dict() for m in reportmine.extract(text, doc_id=doc_id)]


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [
        {k: (None if v is pd.NA or v != v else v) for k, v in row.items()}
        for row in frame.astype(object).to_dict("records")
    ]


def test_messy_archive_with_a_20_mb_line_nothing_lost(tmp_path: Path) -> None:
    archive = build(tmp_path / "archive", big=True)
    metrics, documents = reportmine.extract_files(archive.root, jobs=2, progress=False)
    assert sorted(documents["doc_id"]) == sorted(archive.doc_ids)  # each input exactly once
    by_id = documents.set_index("doc_id")
    for doc_id in archive.ok:
        assert by_id.loc[doc_id, "status"] == "ok", (doc_id, by_id.loc[doc_id, "error"])
        got = records(metrics[metrics["doc_id"] == doc_id])
        assert got == expected_metrics(archive, doc_id), doc_id
        assert by_id.loc[doc_id, "n_metrics"] == len(got)
    for doc_id, words in archive.errors.items():
        assert by_id.loc[doc_id, "status"] == "error"
        assert all(word in by_id.loc[doc_id, "error"] for word in words), doc_id
    assert set(metrics["doc_id"]) <= archive.ok
    assert by_id.loc["big.txt", "bytes"] > 20_000_000
    assert by_id.loc["web/page.html", "title"] == "某县2021年政府工作报告"
    assert by_id.loc["web/page.html", "year"] == 2021
    assert by_id.loc["gbk/report.txt", "encoding"] == "gb18030"
    assert "truncated" in by_id.loc["truncated.txt", "note"]
    assert list(metrics.columns) == list(reportmine.model.FIELDS)
    assert metrics.dtypes.equals(reportmine.to_frame([]).dtypes)


@pytest.mark.parametrize("suffix", [".parquet", ".csv"])
def test_jobs_1_and_2_write_identical_files(archive: Archive, tmp_path: Path, suffix: str) -> None:
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"jobs{jobs}" / f"metrics{suffix}"
        summary = write_files(archive.root, out, jobs=jobs, progress=False)
        assert summary.ok == len(archive.ok) and summary.failed == len(archive.errors)
        outs.append(out)
    for a, b in [(outs[0], outs[1]), (documents_path(outs[0]), documents_path(outs[1]))]:
        assert a.read_bytes() == b.read_bytes(), a.name
    documents = read_table(documents_path(outs[0]), "documents")
    assert sorted(documents["doc_id"]) == sorted(archive.doc_ids)


def tables(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return read_table(out), read_table(documents_path(out), "documents")


@pytest.mark.parametrize("suffix", [".parquet", ".jsonl"])
def test_resume_after_interruption_equals_one_run(
    archive: Archive, tmp_path: Path, suffix: str
) -> None:
    whole = tmp_path / "whole" / f"m{suffix}"
    write_files(archive.root, whole, jobs=1, progress=False)

    seen: list[str] = []

    def interrupt(result: Result) -> None:
        seen.append(result.document["doc_id"])
        if len(seen) == 5:
            raise KeyboardInterrupt

    part = tmp_path / "part" / f"m{suffix}"
    with pytest.raises(KeyboardInterrupt):
        write_files(archive.root, part, jobs=2, progress=False, on_document=interrupt)
    metrics, documents = tables(part)  # complete and readable as left
    assert list(documents["doc_id"]) == seen
    assert set(metrics["doc_id"]) <= set(seen)

    summary = write_files(archive.root, part, jobs=2, progress=False, resume=True)
    assert summary.resumed == 5
    for got, want in zip(tables(part), tables(whole), strict=True):
        pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_resume_repairs_a_run_killed_mid_write(
    archive: Archive, tmp_path: Path, suffix: str
) -> None:
    whole = tmp_path / "whole" / f"m{suffix}"
    write_files(archive.root, whole, jobs=1, progress=False)
    part = tmp_path / "part" / f"m{suffix}"
    part.parent.mkdir()
    docs = documents_path(whole).read_text(encoding="utf-8").splitlines(keepends=True)
    head = 1 if suffix == ".csv" else 0
    documents_path(part).write_text("".join(docs[: head + 4]) + docs[head + 4][:9], "utf-8")
    part.write_bytes(whole.read_bytes()[: len(whole.read_bytes()) * 2 // 3])  # half a row too
    write_files(archive.root, part, jobs=1, progress=False, resume=True)
    for got, want in zip(tables(part), tables(whole), strict=True):
        pd.testing.assert_frame_equal(got, want)


def test_save_text_writes_what_offsets_point_into(archive: Archive, tmp_path: Path) -> None:
    out = tmp_path / "m.jsonl"
    write_files(archive.root, out, jobs=1, progress=False, save_text=True)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows
    for row in rows:
        path = tmp_path / "m.texts" / f"{row['doc_id']}.txt"
        with open(path, encoding="utf-8", newline="") as handle:
            text = handle.read()
        assert text[row["start"] : row["end"]] == row["text"]


def test_paths_globs_include_exclude(archive: Archive) -> None:
    root = archive.root
    found, problems = expand([root / "big5.txt", f"{root}/gbk/*.txt", root / "web"])
    assert [s.doc_id for s in found] == ["big5.txt", "rare.txt", "report.txt", "page.html"]
    assert problems == []
    found, _ = expand(root, include=["*.txt"], exclude=["gbk/*", "empty*"])
    assert {s.doc_id for s in found} == {"big5.txt", "utf16.txt", "truncated.txt", "unreadable.txt"}
    found, problems = expand([f"{root}/*.nothing", root / "missing.txt"])
    assert [s.doc_id for s in found] == ["missing.txt"]  # a named file gets a row, even missing
    assert problems and "no file matches" in problems[0]
    found, _ = expand([root / "big5.txt", root])  # the same file twice is read once
    assert [s.doc_id for s in found].count("big5.txt") == 1


def test_a_dying_or_hanging_worker_costs_only_its_task() -> None:
    pool = OrderedPool(pool_work, pool_lost, jobs=2, timeout=2.0, warm=pool_warm)
    out = list(pool.run(["a", "die", "b", "hang", "c", "d"]))
    assert out[0::2] == ["A", "B", "C"] and out[5] == "D"
    assert out[1].startswith("lost die: the worker process reading it died (exit status 3)")
    assert out[3].startswith("lost hang: took longer than the time limit of 2 s")


def test_command_archive_to_parquet_exit_1_and_summary(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.parquet"
    assert main(["extract", str(archive.root), "-o", str(out), "-j", "2", "-q"]) == 1
    err = capsys.readouterr().err
    assert f"{len(archive.ok)} files ok, {len(archive.errors)} failed" in err
    assert "status=error in" in err and "m.documents.parquet" in err
    metrics, documents = tables(out)
    assert sorted(documents["doc_id"]) == sorted(archive.doc_ids)
    assert len(metrics) == documents["n_metrics"].sum()


def test_command_glob_include_exclude_resume_save_text(
    archive: Archive, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.csv"
    argv = ["extract", f"{archive.root}/*", "--include", "*.txt", "--exclude", "empty.txt"]
    argv += ["--exclude", "unreadable.txt", "-o", str(out), "-q", "--save-text", "-j", "1"]
    assert main(argv) == 0
    first = tables(out)
    assert set(first[1]["doc_id"]) == {"big5.txt", "utf16.txt", "truncated.txt"} | {
        "gbk/rare.txt",
        "gbk/report.txt",
    }
    assert (tmp_path / "m.texts" / "gbk" / "rare.txt.txt").is_file()
    capsys.readouterr()
    assert main([*argv, "--resume"]) == 0
    assert "5 files were done by the run this one resumed" in capsys.readouterr().err
    for got, want in zip(tables(out), first, strict=True):
        pd.testing.assert_frame_equal(got, want)


@pytest.mark.parametrize(
    "argv",
    [
        ["extract", "a.txt", "--resume"],
        ["extract", "a.txt", "--format", "parquet"],
        ["extract", "a.txt", "--jobs", "-1"],
        ["extract", "a.txt", "-o", "m.xls"],
        ["extract", "a.txt", "--format", "xlsx"],
    ],
)
def test_command_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2


def test_documents_table_describes_each_file_by_its_structure(tmp_path: Path) -> None:
    paragraph = "全年完成各类项目197项，比上年增长10%，安排科技经费192万元。" * 8
    (tmp_path / "page.txt").write_text(
        f"首页 | 政务公开 | 工作总结\n区科技局2009年工作总结\n{paragraph}\n区科技局 2009年12月\n\n"
        f"区科委2006年工作总结\n{paragraph}\n",
        encoding="utf-8",
    )
    (tmp_path / "memo.txt").write_text(f"关于近期工作的说明\n{paragraph}\n", encoding="utf-8")
    _, documents = reportmine.extract_files(tmp_path, jobs=1, progress=False)
    rows = {r["doc_id"]: r for r in records(documents)}
    page, memo = rows["page.txt"], rows["memo.txt"]
    assert (page["title"], page["issuer"], page["year"]) == (
        "区科技局2009年工作总结",
        "区科技局",
        2009,
    )
    assert page["n_documents"] == 2
    assert (memo["title"], memo["n_documents"]) == ("关于近期工作的说明", 1)


def test_xlsx_holds_the_rows_of_the_csv_and_text_stays_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    root = tmp_path / "in"
    root.mkdir()
    (root / "=1+1.txt").write_text("全年立项13项，安排科技经费626.12万元。\n", encoding="utf-8")
    (root / "b.txt").write_text("区科技局2009年工作总结\n培训1.1万人次\x0b，增长30%。\n", "utf-8")
    for suffix in ("csv", "xlsx"):
        assert main(["extract", str(root), "-o", str(tmp_path / f"m.{suffix}"), "-q"]) == 0
    for name in ("m", "m.documents"):
        excel = pd.read_excel(tmp_path / f"{name}.xlsx")
        text = pd.read_csv(tmp_path / f"{name}.csv")
        assert list(excel.columns) == list(text.columns)
        excel = excel.replace("\ufffd", "\x0b", regex=True)  # Excel cannot hold \x0b
        pd.testing.assert_frame_equal(excel, text, check_dtype=False)
    sheet = load_workbook(tmp_path / "m.xlsx").worksheets[0]
    assert sheet["A2"].value == "=1+1.txt" and sheet["A2"].data_type == "s"  # not a formula
    assert not (tmp_path / "m.xlsx.rows.jsonl").exists()
    assert read_table(tmp_path / "m.xlsx").dtypes.equals(reportmine.to_frame([]).dtypes)


def test_xlsx_resume_appends_to_a_finished_table(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text("全年立项13项。\n", encoding="utf-8")
    out = tmp_path / "m.xlsx"
    assert main(["extract", str(root), "-o", str(out), "-q"]) == 0
    (root / "b.txt").write_text("增长30%。\n", encoding="utf-8")
    assert main(["extract", str(root), "-o", str(out), "-q", "--resume"]) == 0
    assert list(pd.read_excel(out)["text"]) == ["13项", "30%"]
    assert list(pd.read_excel(documents_path(out))["doc_id"]) == ["a.txt", "b.txt"]


def test_parquet_from_the_command_reads_back_with_the_frame_dtypes(
    archive: Archive, tmp_path: Path
) -> None:
    out = tmp_path / "m.parquet"
    main(["extract", str(archive.root), "-o", str(out), "-q", "-j", "1"])
    metrics = pd.read_parquet(out)
    assert metrics.dtypes.equals(reportmine.to_frame([]).dtypes)
    assert list(metrics["kind"].cat.categories) == list(reportmine.model.KINDS)
    documents = pd.read_parquet(documents_path(out))
    assert str(documents["year"].dtype) == "Int64" and str(documents["bytes"].dtype) == "Int64"
    assert not (tmp_path / "m.parquet.parts").exists()


def test_dta_opens_in_stata_readers_with_the_rows_of_the_csv(tmp_path: Path) -> None:
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(
        "区科技局2009年工作总结\n全年立项13项，力争新增企业1-2家。\n", "utf-8"
    )
    (root / "b.txt").write_text("增长30%。\n", encoding="utf-8")
    for suffix in ("csv", "dta"):
        assert main(["extract", str(root), "-o", str(tmp_path / f"m.{suffix}"), "-q"]) == 0
    stata = pd.read_stata(tmp_path / "m.dta")
    text = pd.read_csv(tmp_path / "m.csv", keep_default_na=False)
    assert list(stata.columns) == [{"end": "_end"}.get(c, c) for c in text.columns]
    assert list(stata["text"]) == ["13项", "1-2家", "30%"]
    assert list(stata["kind"].astype(str)) == list(text["kind"])
    assert list(stata["subject"]) == list(text["subject"])  # missing text is "" in Stata
    assert list(stata["value_high"].isna()) == [True, False, True]
    (root / "c.txt").write_text("新增企业12家。\n", encoding="utf-8")
    assert main(["extract", str(root), "-o", str(tmp_path / "m.dta"), "-q", "--resume"]) == 0
    assert list(pd.read_stata(tmp_path / "m.dta")["text"]) == ["13项", "1-2家", "30%", "12家"]
