"""The two output tables as files: written a document at a time, read back, repaired for resume.

Rows of one document are written together and flushed before the next
document starts, metrics first and the document's row last; a document row
in the file is therefore the mark that the document is complete, which is
what ``--resume`` relies on. Parquet cannot be appended to, so a parquet
table is written once per run and closed (footer included) on interruption.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pyarrow is imported where parquet is used: it is an optional extra
    import pyarrow as pa

import pandas as pd

from reportmine.frame import to_frame
from reportmine.model import FIELDS

#: Columns of the documents table, one row per input file.
DOC_FIELDS: tuple[str, ...] = (
    "doc_id",
    "path",
    "format",
    "encoding",
    "confidence",
    "bytes",
    "n_chars",
    "title",
    "issuer",
    "year",
    "n_documents",
    "n_metrics",
    "status",
    "error",
    "note",
)

DOC_DTYPES: dict[str, str] = {
    "doc_id": "string",
    "path": "string",
    "format": "string",
    "encoding": "string",
    "confidence": "Float64",
    "bytes": "Int64",
    "n_chars": "Int64",
    "title": "string",
    "issuer": "string",
    "year": "Int64",
    "n_documents": "Int64",
    "n_metrics": "Int64",
    "status": "string",
    "error": "string",
    "note": "string",
}

FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl")

Row = Mapping[str, Any]


def metric_dtypes() -> dict[str, Any]:
    """The metrics table's dtypes, taken from :func:`reportmine.to_frame` so both stay one."""
    return {str(name): dtype for name, dtype in to_frame([]).dtypes.items()}


def metrics_frame(rows: Iterable[Row]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(FIELDS)).astype(metric_dtypes())


def documents_frame(rows: Iterable[Row]) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=list(DOC_FIELDS)).astype(DOC_DTYPES)


def _arrow_type(dtype: Any) -> pa.DataType:
    import pyarrow as pa

    name = str(dtype)
    if name == "Int64":
        return pa.int64()
    if name == "Float64":
        return pa.float64()
    if name == "boolean":
        return pa.bool_()
    return pa.string()  # strings and categoricals


def schema(fields: Sequence[str], dtypes: Mapping[str, Any]) -> pa.Schema:
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(dtypes[name])) for name in fields])


def documents_path(out: Path) -> Path:
    """``reports.parquet`` -> ``reports.documents.parquet``."""
    return out.with_name(f"{out.stem}.documents{out.suffix}")


def format_of(out: Path) -> str | None:
    suffix = out.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


class TableWriter:
    """Rows to one file; :meth:`flush` after each document, :meth:`close` writes what is left.

    Writes into ``path`` directly for csv/jsonl (appending on resume) and into
    a temporary name for parquet, renamed over ``path`` on close.
    """

    #: Parquet rows kept before a row group is written; bounded memory, deterministic groups.
    ROW_GROUP = 20_000

    def __init__(
        self,
        path: Path,
        fmt: str,
        fields: Sequence[str],
        dtypes: Mapping[str, Any],
        keep: set[str] | None = None,
    ) -> None:
        """``keep``: resume, keeping the rows already in ``path`` of these doc_ids."""
        self.path, self.fmt, self.fields = path, fmt, tuple(fields)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._stream: IO[str] | None = None
        self._parquet: Any = None  # a pyarrow.parquet.ParquetWriter
        self._buffer: list[Row] = []
        if fmt == "parquet":
            import pyarrow as pa
            import pyarrow.compute as pc
            import pyarrow.parquet as pq

            self._schema = schema(fields, dtypes)
            self._tmp = path.with_name(path.name + ".partial")
            self._parquet = pq.ParquetWriter(self._tmp, self._schema)
            if keep is not None and path.exists():
                wanted = pa.array(sorted(keep), pa.string())
                for batch in pq.ParquetFile(path).iter_batches():
                    mask = pc.is_in(batch.column("doc_id"), value_set=wanted)
                    self._parquet.write_batch(batch.filter(mask))
            return
        if keep is not None:
            keep_only(path, keep)
        exists = keep is not None and path.exists() and path.stat().st_size > 0
        mode = "a" if keep is not None else "w"
        self._stream = open(path, mode, encoding="utf-8", newline="")  # noqa: SIM115
        self._csv = csv.DictWriter(self._stream, fieldnames=self.fields, lineterminator="\n")
        if fmt == "csv" and not exists:
            self._csv.writeheader()

    def write(self, row: Row) -> None:
        if self.fmt == "jsonl":
            assert self._stream is not None
            self._stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            self._csv.writerow(row)
        else:
            self._buffer.append(row)

    def flush(self) -> None:
        if self._stream is not None:
            self._stream.flush()
        elif len(self._buffer) >= self.ROW_GROUP:
            self._write_group()

    def _write_group(self) -> None:
        import pyarrow as pa

        assert self._parquet is not None
        columns = {name: [row[name] for row in self._buffer] for name in self.fields}
        self._parquet.write_table(pa.table(columns, schema=self._schema))
        self._buffer.clear()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self._parquet is not None:
            if self._buffer:
                self._write_group()
            self._parquet.close()
            self._parquet = None
            os.replace(self._tmp, self.path)


def read_table(path: Path, kind: str = "metrics") -> pd.DataFrame:
    """A table written by :class:`TableWriter` as a DataFrame with the library's dtypes."""
    fields, dtypes = (
        (FIELDS, metric_dtypes()) if kind == "metrics" else (DOC_FIELDS, dict(DOC_DTYPES))
    )
    rows = iter_rows(path)
    if format_of(path) == "csv":
        rows = (_typed(row, dtypes) for row in rows)
    return pd.DataFrame(list(rows), columns=list(fields)).astype(dtypes)


def _typed(row: dict[str, Any], dtypes: Mapping[str, Any]) -> dict[str, Any]:
    """CSV cells are strings; numbers and booleans back to what was written."""
    parse: dict[str, Callable[[str], object]] = {
        "Int64": int,
        "Float64": float,
        "boolean": lambda v: v == "True",
    }
    for name, value in row.items():
        convert = parse.get(str(dtypes.get(name)))
        if convert is not None and value is not None:
            row[name] = convert(value)
    return row


def iter_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Complete rows of a table; an incomplete last line (an interrupted write) is left out."""
    fmt = format_of(path)
    if fmt == "parquet":
        import pyarrow.parquet as pq

        for batch in pq.ParquetFile(path).iter_batches():
            yield from batch.to_pylist()
        return
    with open(path, encoding="utf-8", newline="") as handle:
        if fmt == "jsonl":
            for line in handle:
                if line.endswith("\n"):
                    with contextlib.suppress(ValueError):
                        yield json.loads(line)
            return
        reader = csv.DictReader(handle)
        fields = reader.fieldnames or []
        with contextlib.suppress(csv.Error):
            for raw in reader:
                if None in raw or any(value is None for value in raw.values()):
                    continue  # a row cut short
                yield {name: (raw[name] if raw[name] != "" else None) for name in fields}


def cut_to_last_line(path: Path) -> None:
    """Drop a csv/jsonl file's unfinished last line; its rows never span lines (see batch)."""
    if format_of(path) == "parquet" or not path.exists():
        return
    with open(path, "rb+") as handle:
        data = handle.read()
        handle.truncate(data.rfind(b"\n") + 1)


def keep_only(path: Path, doc_ids: set[str]) -> None:
    """Rewrite a csv/jsonl table with only the rows of ``doc_ids`` (the completed documents)."""
    fmt = format_of(path)
    if fmt == "parquet" or not path.exists():
        return
    tmp = path.with_name(path.name + ".partial")
    with (
        open(path, encoding="utf-8", newline="") as src,
        open(tmp, "w", encoding="utf-8", newline="") as dst,
    ):
        if fmt == "jsonl":
            for line in src:
                if not line.endswith("\n"):
                    break
                try:
                    doc_id = json.loads(line).get("doc_id")
                except ValueError:
                    continue
                if doc_id in doc_ids:
                    dst.write(line)
        else:
            reader = csv.reader(src)
            writer = csv.writer(dst, lineterminator="\n")
            header = next(reader, None)
            if header is None:
                return
            writer.writerow(header)
            at = header.index("doc_id")
            with contextlib.suppress(csv.Error):
                for raw in reader:
                    if len(raw) == len(header) and raw[at] in doc_ids:
                        writer.writerow(raw)
    os.replace(tmp, path)
