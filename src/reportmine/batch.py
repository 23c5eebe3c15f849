"""Archives of report files to two tables: metrics, and one row per input file.

``extract_files`` returns both as DataFrames; ``write_files`` streams them to
parquet, csv or jsonl files a document at a time so that memory is bounded by
the largest document, not the archive, and so that an interrupted run leaves
complete files that ``resume=True`` continues. Whatever goes wrong with a
file becomes that file's error row; the batch itself only fails on bad
arguments.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from reportmine.extraction import parse
from reportmine.io import ReadError, guess_title, read_document
from reportmine.io import format_of as format_of_path
from reportmine.io.base import DocumentInfo
from reportmine.model import FIELDS
from reportmine.sources import PathLike, Source, expand
from reportmine.structure import Report
from reportmine.tables import (
    DOC_DTYPES,
    DOC_FIELDS,
    TableWriter,
    cut_to_last_line,
    documents_frame,
    documents_path,
    format_of,
    iter_rows,
    metric_dtypes,
    metrics_frame,
)

__all__ = ["DEFAULT_TIMEOUT", "Result", "Summary", "extract_files", "process", "write_files"]

#: Seconds one document may take. Real reports take well under a second; this
#: catches pathological input (megabytes without a line break, parser loops).
DEFAULT_TIMEOUT = 120.0


Row = dict[str, Any]


@dataclass(frozen=True)
class Result:
    """What one document gave: its documents-table row and its metric rows."""

    document: Row
    metrics: list[Row]


@dataclass(frozen=True)
class Task:
    """What a worker gets: the source and where to save its text (or None)."""

    source: Source
    texts: str | None = None


def _one_line(message: str) -> str:
    """Rows of the csv/jsonl documents table never span lines (resume relies on it)."""
    return " ".join(message.split())


def error_row(source: Source, message: str, info: DocumentInfo | None = None) -> Row:
    row: Row = dict.fromkeys(DOC_FIELDS)
    row.update(doc_id=source.doc_id, path=source.path, n_metrics=0, status="error")
    row["format"] = format_of_path(source.path)
    if "://" not in source.path and os.path.isfile(source.path):
        row["bytes"] = os.path.getsize(source.path)
    if info is not None:
        row.update((k, v) for k, v in info.to_dict().items() if k in row and k != "path")
    row["error"] = _one_line(message)
    return row


def process(
    source: Source,
    texts: str | None = None,
    reader: Callable[[Source], tuple[str, DocumentInfo]] | None = None,
) -> Result:
    """Read one document and extract its metrics; never raises for a bad document.

    ``reader`` defaults to :func:`reportmine.read_document` on the path (the
    Dask path passes one that fetches through fsspec). With ``texts`` the
    extracted text is saved as ``texts/<doc_id>.txt`` (UTF-8) so offsets can
    be checked against it.
    """
    try:
        text, info = reader(source) if reader else read_document(source.path)
    except ReadError as err:
        return Result(error_row(source, str(err)), [])
    except Exception as err:  # a reader bug must cost one row, not the batch
        return Result(error_row(source, f"reader failed ({type(err).__name__}: {err})"), [])
    try:
        report = parse(text, doc_id=source.doc_id)
        metrics = [m.to_dict() for m in report.metrics]
    except Exception as err:
        why = f"extraction failed ({type(err).__name__}: {err}); please report this file"
        return Result(error_row(source, why, info), [])
    if texts is not None:
        target = Path(texts, *[p for p in Path(source.doc_id).parts if p not in ("..", "/")])
        target = target.with_name(target.name + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    title, year, issuer = _headline(report)
    row: Row = dict.fromkeys(DOC_FIELDS)
    row.update((k, v) for k, v in info.to_dict().items() if k in row)
    row.update(
        doc_id=source.doc_id,
        path=source.path,
        title=_one_line(title) if title else None,
        issuer=_one_line(issuer) if issuer else None,
        year=year,
        n_documents=len(report.documents),
        n_metrics=len(metrics),
        status="ok",
        note=_one_line(info.note) if info.note else None,
    )
    return Result(row, metrics)


def _headline(report: Report) -> tuple[str | None, int | None, str | None]:
    """Title, year and issuer of a file: its first report's, as the structure reads them.

    A page of several reports is described by the first; its other reports
    still give their records (and their own years) in the metrics table. With
    no title-shaped line, the first short line stands in (a scraped headline).
    """
    first = report.documents[0] if report.documents else None
    if first is not None and first.title:
        return first.title, first.year, first.issuer
    title, year = guess_title(report.text)
    if first is not None:
        return title, first.year or year, first.issuer
    return title, year, None


def _work(task: Task) -> Result:
    return process(task.source, task.texts)


def _warm() -> None:
    parse("全年立项13项，安排经费626.12万元。")


def _lost(task: Task, why: str) -> Result:
    return Result(error_row(task.source, why), [])


def results(
    sources: Sequence[Source],
    jobs: int | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    texts: str | None = None,
) -> Iterator[Result]:
    """Each source's result in the order given, from ``jobs`` worker processes.

    ``jobs=0`` works in this process: no isolation and no time limit, for
    debugging and for callers that are workers already (Dask).
    """
    tasks = [Task(s, texts) for s in sources]
    if jobs == 0:
        yield from map(_work, tasks)
        return
    from reportmine.pool import OrderedPool

    n = jobs if jobs is not None else (os.cpu_count() or 1)
    yield from OrderedPool(_work, _lost, n, timeout, _warm).run(tasks)


def _bar(total: int, progress: bool | None, initial: int = 0) -> Any:
    from tqdm import tqdm

    show = sys.stderr.isatty() if progress is None else progress
    return tqdm(total=total, initial=initial, unit="file", disable=not show, smoothing=0.1)


def extract_files(
    paths: PathLike | Iterable[PathLike],
    jobs: int | None = None,
    progress: bool | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(metrics, documents)`` of every file under ``paths`` as DataFrames.

    ``paths``: files, folders (recursive) or globs; ``jobs``: worker
    processes (default: the cores; the tables are the same for any number);
    ``progress``: a progress bar on stderr (default: when it is a terminal).
    A PATH that yields no file raises ``FileNotFoundError``; every file found
    has exactly one documents row. Holds everything in memory; for archives
    larger than memory use :func:`write_files`.
    """
    sources, problems = expand(paths, include, exclude)
    if problems:
        raise FileNotFoundError("; ".join(problems))
    metrics: list[Row] = []
    documents: list[Row] = []
    with _bar(len(sources), progress) as bar:
        for result in results(sources, jobs, timeout):
            metrics += result.metrics
            documents.append(result.document)
            bar.update()
    return metrics_frame(metrics), documents_frame(documents)


@dataclass
class Summary:
    """What a :func:`write_files` run did, for the closing lines of the command."""

    out: Path
    documents_out: Path
    ok: int = 0
    failed: int = 0
    metrics: int = 0
    resumed: int = 0
    seconds: float = 0.0
    problems: tuple[str, ...] = ()

    def lines(self) -> list[str]:
        lines = [
            f"{self.ok} files ok, {self.failed} failed, {self.metrics} metrics "
            f"in {self.seconds:.1f} s → {self.out}"
        ]
        if self.resumed:
            lines.append(f"  {self.resumed} files were done by the run this one resumed")
        if self.failed:
            lines.append(
                f"  the failed files and why: rows with status=error in {self.documents_out}"
            )
        lines += [f"  {p}" for p in self.problems]
        return lines


def write_files(
    paths: PathLike | Iterable[PathLike],
    out: PathLike,
    *,
    jobs: int | None = None,
    progress: bool | None = None,
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    timeout: float | None = DEFAULT_TIMEOUT,
    resume: bool = False,
    save_text: bool = False,
    fmt: str | None = None,
    on_document: Callable[[Result], None] | None = None,
) -> Summary:
    """Stream the metrics table to ``out`` and the documents table beside it.

    ``out``'s suffix (or ``fmt``) picks parquet, csv or jsonl; the documents
    table goes to ``<stem>.documents<suffix>``, the texts with ``save_text``
    to the folder ``<stem>.texts``. With ``resume`` the documents already in
    the documents table are skipped and the rest appended, so the files end
    as one uninterrupted run would have left them. ``on_document`` sees each
    document's result after it is written. Problems with the PATHs themselves (a
    glob matching nothing) are in the summary, not rows.
    """
    started = time.perf_counter()
    out = Path(out)
    fmt = fmt or format_of(out)
    if fmt is None:
        raise ValueError(f"cannot tell the format from {out.name!r}: use .parquet, .csv or .jsonl")
    docs_out = documents_path(out)
    sources, problems = expand(paths, include, exclude)
    summary = Summary(out, docs_out, problems=tuple(problems))
    done: set[str] | None = None
    if resume and docs_out.exists():
        cut_to_last_line(docs_out)
        done = set()
        for row in iter_rows(docs_out):
            done.add(str(row["doc_id"]))
            summary.resumed += 1
            summary.ok += row["status"] == "ok"
            summary.failed += row["status"] != "ok"
            summary.metrics += int(row["n_metrics"] or 0)
        sources = [s for s in sources if s.doc_id not in done]
    texts = str(out.with_name(out.stem + ".texts")) if save_text else None
    metrics = TableWriter(out, fmt, FIELDS, metric_dtypes(), keep=done)
    documents = TableWriter(docs_out, fmt, DOC_FIELDS, DOC_DTYPES, keep=done)
    try:
        with _bar(len(sources) + summary.resumed, progress, summary.resumed) as bar:
            for result in results(sources, jobs, timeout, texts):
                for row in result.metrics:
                    metrics.write(row)
                metrics.flush()
                documents.write(result.document)
                documents.flush()
                ok = result.document["status"] == "ok"
                summary.ok += ok
                summary.failed += not ok
                summary.metrics += len(result.metrics)
                bar.update()
                if on_document is not None:
                    on_document(result)
    finally:
        metrics.close()
        documents.close()
        summary.seconds = time.perf_counter() - started
    return summary
