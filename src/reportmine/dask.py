"""The batch on a Dask cluster: ``reportmine.dask.extract(paths) -> (metrics, documents)``.

Both tables are lazy Dask DataFrames built from the same partitions of
documents, so ``dask.compute(metrics, documents)`` reads every file once.
Rows equal those of :func:`reportmine.extract_files` on the same paths, in
the same order. Paths may be local (expanded here exactly as the local batch
does) or fsspec URLs (``s3://bucket/reports/``, ``hdfs://...``), read on the
workers. The per-document time limit of the local batch applies too: Dask
runs tasks in threads, which cannot be stopped, so with a ``timeout`` each
task reads its documents and hands the text to one worker process of its own
(:class:`reportmine.pool.OrderedPool`), which is stopped softly at the limit
(the document is then read in pieces) and killed at twice the limit.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

import dask.dataframe as dd
import pandas as pd
from dask.delayed import delayed

from reportmine.batch import DEFAULT_TIMEOUT, HARD_GRACE, Result, error_row, process
from reportmine.io import DocumentInfo, ReadError, read_bytes
from reportmine.sources import PathLike, Source, _matches, expand
from reportmine.tables import documents_frame, metrics_frame

__all__ = ["expand_remote", "extract"]

#: Documents a task reads: enough to amortise scheduling, few enough to spread.
PARTITION = 16


def extract(
    paths: PathLike | Iterable[PathLike],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
    partition_size: int = PARTITION,
    storage_options: dict[str, Any] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
) -> tuple[dd.DataFrame, dd.DataFrame]:
    """``(metrics, documents)`` as Dask DataFrames on whatever client is current.

    Start a ``distributed.Client`` first to run on a cluster; without one
    Dask's local scheduler is used. A PATH that yields no file raises
    ``FileNotFoundError``, as in :func:`reportmine.extract_files`.
    ``timeout``: seconds one document may take, as ``--timeout`` (None: no
    limit, and no worker process per task).
    """
    listed = [paths] if isinstance(paths, str | os.PathLike) else list(paths)
    given = [str(p).removeprefix("file://") for p in listed]
    remote = [p for p in given if "://" in p]
    local = [p for p in given if "://" not in p]
    sources, problems = expand(local, include, exclude) if local else ([], [])
    for url in remote:
        found = [
            s
            for s in expand_remote(url, storage_options or {})
            if (include is None or _matches(s.doc_id, include)) and not _matches(s.doc_id, exclude)
        ]
        if not found:
            problems.append(f"{url}: no file found")
        sources += found
    if problems:
        raise FileNotFoundError("; ".join(problems))
    size = max(1, partition_size)
    chunks = [sources[i : i + size] for i in range(0, len(sources), size)] or [[]]
    parts = [delayed(_partition)(chunk, storage_options or {}, timeout) for chunk in chunks]
    metrics = dd.from_delayed(
        [part[0] for part in parts], meta=metrics_frame([]), verify_meta=False
    )
    documents = dd.from_delayed(
        [part[1] for part in parts], meta=documents_frame([]), verify_meta=False
    )
    return metrics, documents


def _partition(
    sources: list[Source], storage_options: dict[str, Any], timeout: float | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    if timeout is None:
        results = [process(s, reader=_reader(storage_options)) for s in sources]
    else:
        results = _limited(sources, storage_options, timeout)
    metrics = metrics_frame(row for r in results for row in r.metrics)
    documents = documents_frame(r.document for r in results)
    return metrics, documents


def _limited(
    sources: list[Source], storage_options: dict[str, Any], timeout: float
) -> list[Result]:
    """Read here (fsspec may need this thread's credentials), extract in a worker process."""
    from reportmine.pool import OrderedPool

    read = _reader(storage_options)
    tasks: list[Text] = []
    for source in sources:
        try:
            text, info = read(source)
        except ReadError as err:
            tasks.append(Text(source, None, None, timeout, str(err)))
        except Exception as err:  # a reader bug must cost one row, not the partition
            why = f"reader failed ({type(err).__name__}: {err})"
            tasks.append(Text(source, None, None, timeout, why))
        else:
            tasks.append(Text(source, text, info, timeout))
    pool = OrderedPool(_extract_text, _lost, 1, 2 * timeout + HARD_GRACE, _warm)
    return list(pool.run(tasks))


@dataclass(frozen=True)
class Text:
    """A document already read, sent to the worker process (or the error reading it)."""

    source: Source
    text: str | None
    info: DocumentInfo | None
    timeout: float
    error: str | None = None


def _extract_text(task: Text) -> Result:
    if task.text is None or task.info is None:
        return Result(error_row(task.source, task.error or "not read"), [])
    text, info = task.text, task.info
    return process(task.source, reader=lambda _: (text, info), timeout=task.timeout)


def _lost(task: Text, why: str) -> Result:
    return Result(error_row(task.source, why, task.info), [])


def _warm() -> None:
    from reportmine.batch import _warm as warm

    warm()


def _reader(storage_options: dict[str, Any]) -> Any:
    def read(source: Source) -> tuple[str, DocumentInfo]:
        if "://" not in source.path:
            from reportmine.io import read_document

            return read_document(source.path)
        import fsspec

        with fsspec.open(source.path, "rb", **storage_options) as handle:
            data = handle.read()
        return read_bytes(PurePosixPath(source.path).name, data, source.path)

    return read


def expand_remote(url: str, storage_options: dict[str, Any]) -> list[Source]:
    """Files under an fsspec URL (a file, a folder recursively, or a glob), sorted."""
    from fsspec.core import url_to_fs

    fs, root = url_to_fs(url, **storage_options)
    protocol = url.split("://", 1)[0]
    if any(ch in root for ch in "*?["):
        found = sorted(fs.glob(root))
        base = root.split("*", 1)[0].rsplit("/", 1)[0]
    elif fs.isdir(root):
        found = sorted(fs.find(root))
        base = root
    else:
        found, base = [root], root.rsplit("/", 1)[0]
    sources = []
    for path in found:
        rel = path[len(base) :].lstrip("/") if path.startswith(base) else path
        if any(part.startswith(".") for part in rel.split("/")):
            continue
        sources.append(Source(rel or path.rsplit("/", 1)[-1], f"{protocol}://{path}"))
    return sources
