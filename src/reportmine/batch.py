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
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportmine.extraction import parse
from reportmine.io import ReadError, guess_title, read_document
from reportmine.io import format_of as format_of_path
from reportmine.io.base import DocumentInfo
from reportmine.overtime import Overtime, read_in_pieces, time_limit
from reportmine.sources import PathLike, Source, expand
from reportmine.structure import Report
from reportmine.tables import (
    DOC_FIELDS,
    TableWriter,
    cut_to_last_line,
    documents_frame,
    documents_path,
    exists,
    format_of,
    iter_rows,
    metrics_frame,
    require_format,
)

if TYPE_CHECKING:
    import pandas as pd

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
    """What a worker gets: the source, where to save its text (or None), its time limit."""

    source: Source
    texts: str | None = None
    timeout: float | None = None


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
    timeout: float | None = None,
) -> Result:
    """Read one document and extract its metrics; never raises for a bad document.

    ``reader`` defaults to :func:`reportmine.read_document` on the path (the
    Dask path passes one that fetches through fsspec). With ``texts`` the
    extracted text is saved as ``texts/<doc_id>.txt`` (UTF-8) so offsets can
    be checked against it. A document still parsing after ``timeout`` seconds
    is read again in pieces with as much time again (:mod:`reportmine.overtime`);
    the records of the pieces that finish are kept and the note (or, when some
    piece did not finish, the error) says so.
    """
    if source.error is not None:  # found unreadable while listing (a folder we may not open)
        return Result(error_row(source, source.error), [])
    try:
        with time_limit(timeout):
            text, info = reader(source) if reader else read_document(source.path)
    except ReadError as err:
        return Result(error_row(source, str(err)), [])
    except Overtime:
        why = f"reading it took longer than the time limit of {timeout:g} s; raise --timeout"
        return Result(error_row(source, why), [])
    except Exception as err:  # a reader bug must cost one row, not the batch
        return Result(error_row(source, f"reader failed ({type(err).__name__}: {err})"), [])
    overtime: str | None = None
    partial = False
    report: Report | None
    try:
        try:
            with time_limit(timeout):
                report = parse(text, doc_id=source.doc_id)
                metrics = [m.to_dict() for m in report.metrics]
        except Overtime:
            assert timeout is not None
            piecewise = read_in_pieces(text, source.doc_id, timeout)
            metrics, overtime, partial = (
                piecewise.metrics,
                piecewise.note(timeout),
                bool(piecewise.skipped),
            )
            report = _structure_only(text, source.doc_id)
    except Exception as err:
        why = f"extraction failed ({type(err).__name__}: {err}); please report this file"
        return Result(error_row(source, why, info), [])
    if texts is not None:
        target = Path(texts, *[p for p in Path(source.doc_id).parts if p not in ("..", "/")])
        target = target.with_name(target.name + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")
    title, year, issuer = _headline(report) if report is not None else (None, None, None)
    notes = "; ".join(n for n in (info.note, None if partial else overtime) if n)
    row: Row = dict.fromkeys(DOC_FIELDS)
    row.update((k, v) for k, v in info.to_dict().items() if k in row)
    row.update(
        doc_id=source.doc_id,
        path=source.path,
        title=_one_line(title) if title else None,
        issuer=_one_line(issuer) if issuer else None,
        year=year,
        n_documents=len(report.documents) if report is not None else None,
        n_metrics=len(metrics),
        status="error" if partial else "ok",
        error=_one_line(overtime) if partial and overtime else None,
        note=_one_line(notes) if notes else None,
    )
    return Result(row, metrics)


def _structure_only(text: str, doc_id: str) -> Report | None:
    """The structure (for the title) of a text whose figures took too long; None if it fails."""
    from reportmine.structure import parse_structure

    try:
        with time_limit(5.0):
            return parse_structure(text, doc_id)
    except Exception:  # Overtime included: the row then has no title, nothing else is lost
        return None


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
    return process(task.source, task.texts, timeout=task.timeout)


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

    ``jobs`` 1 (or 0) works in this process: no worker to start, the soft time
    limit only (see :func:`process`), and a crash of a parser would be the
    caller's. More jobs run in worker processes that the pool kills at twice the
    limit plus a grace (the soft limit, then the pieces). ``None`` picks
    :func:`default_jobs` for these sources.
    """
    n = default_jobs(sources) if jobs is None else jobs
    tasks = [Task(s, texts, timeout) for s in sources]
    if n <= 1:
        yield from map(_work, tasks)
        return
    from reportmine.pool import OrderedPool

    hard = None if timeout is None else 2 * timeout + HARD_GRACE
    yield from OrderedPool(_work, _lost, n, hard, _warm).run(tasks)


#: Seconds past both soft limits before the pool kills a worker.
HARD_GRACE = 10.0

#: Bytes of input one worker process must have to be worth starting: a worker's start
#: (interpreter, imports, lexicons) costs about what a megabyte of reports does.
BYTES_PER_WORKER = 4_000_000


def default_jobs(sources: Sequence[Source]) -> int:
    """Workers for ``jobs=None``: one per ``BYTES_PER_WORKER`` of input, at most the idle cores.

    Measured on the 45 shared real reports (2.7 MB) on two cores shared with
    other work: ``-j 2`` took 4.8-14.4 s where ``-j 1`` took 4.5-10.5 s, and on
    four copies of them (11 MB) 12.1-13.7 s against 11.0-14.2 s; starting
    workers only pays on large batches and on cores nobody else is using, so
    cores busy by the one-minute load average are not counted.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    if hasattr(os, "getloadavg"):
        cores = max(1, cores - int(os.getloadavg()[0]))
    size = 0
    for source in sources:
        if "://" not in source.path:
            try:
                size += os.path.getsize(source.path)
            except OSError:
                continue
    return max(1, min(cores, size // BYTES_PER_WORKER))


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
        raise ValueError(
            f"cannot tell the format from {out.name!r}: use .parquet, .csv, .jsonl or .xlsx"
        )
    require_format(fmt)  # before any work: a missing pyarrow/openpyxl is one line, not a row each
    docs_out = documents_path(out)
    sources, problems = expand(paths, include, exclude)
    summary = Summary(out, docs_out, problems=tuple(problems))
    done: set[str] | None = None
    if resume and exists(docs_out):
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
    metrics = TableWriter(out, fmt, "metrics", keep=done)
    documents = TableWriter(docs_out, fmt, "documents", keep=done)
    try:
        with (
            _terminated_as_interrupt(),
            _bar(len(sources) + summary.resumed, progress, summary.resumed) as bar,
        ):
            for result in results(sources, jobs, timeout, texts):
                for row in result.metrics:
                    metrics.write(row)
                documents.write(result.document)
                if metrics.due() or documents.due():
                    metrics.commit()  # metrics first: a committed document row means complete
                    documents.commit()
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


class Terminated(KeyboardInterrupt):
    """SIGTERM (``timeout``, docker stop, Slurm) during :func:`write_files`, after closing files."""


@contextmanager
def _terminated_as_interrupt() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` so the tables are closed as on Ctrl-C."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: Any) -> None:
        raise Terminated("terminated by SIGTERM")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
