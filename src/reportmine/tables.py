"""The two output tables as files: written a document at a time, read back, repaired for resume.

Rows of one document are written together and flushed before the next
document starts, metrics first and the document's row last; a document row
in the file is therefore the mark that the document is complete, which is
what ``--resume`` relies on.

Parquet cannot be appended to, so a parquet table is written as complete
part files in ``OUT.parts/`` (one per :meth:`TableWriter.commit`: every
``ROW_GROUP`` rows or ``COMMIT_SECONDS``), merged into ``OUT`` when the run
ends or is stopped (Ctrl-C, SIGTERM). After a SIGKILL the parts are readable
as they are (``pandas.read_parquet("OUT.parts")``) and ``--resume`` merges
them. Excel and Stata files cannot be appended to either: an ``.xlsx`` or
``.dta`` table is written as JSONL beside it (``OUT.rows.jsonl``) and
converted when the run ends.
"""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas and pyarrow load where they are used: csv/jsonl need neither
    import pandas as pd
    import pyarrow as pa

from reportmine.extras import need
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

FORMATS: tuple[str, ...] = ("parquet", "csv", "jsonl", "xlsx", "dta")

#: Formats written as a JSONL stage and converted on close.
STAGED: tuple[str, ...] = ("xlsx", "dta")

#: What each format needs beyond the core install, for a one-line error before any work.
_NEEDS: dict[str, tuple[str, str]] = {
    "parquet": ("pyarrow.parquet", "writing parquet"),
    "xlsx": ("openpyxl", "writing .xlsx"),
}

#: Rows an Excel sheet holds below its header.
EXCEL_ROWS = 1_048_575

Row = Mapping[str, Any]


def require_format(fmt: str) -> None:
    """Raise :class:`reportmine.extras.MissingExtra` if ``fmt`` needs a library not installed."""
    if fmt in _NEEDS:
        need(*_NEEDS[fmt])


def metric_dtypes() -> dict[str, Any]:
    """The metrics table's dtypes, taken from :func:`reportmine.to_frame` so both stay one."""
    from reportmine.frame import to_frame

    return {str(name): dtype for name, dtype in to_frame([]).dtypes.items()}


def fields_and_dtypes(kind: str) -> tuple[tuple[str, ...], dict[str, Any]]:
    """Columns and dtypes of the ``metrics`` or the ``documents`` table."""
    if kind == "metrics":
        return FIELDS, metric_dtypes()
    return DOC_FIELDS, dict(DOC_DTYPES)


def metrics_frame(rows: Iterable[Row]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(FIELDS)).astype(metric_dtypes())


def documents_frame(rows: Iterable[Row]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(list(rows), columns=list(DOC_FIELDS)).astype(DOC_DTYPES)


def _frame(rows: Iterable[Row], fields: Sequence[str], dtypes: Mapping[str, Any]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame(list(rows), columns=list(fields))
    typed = {k: v for k, v in dtypes.items() if k in frame.columns}
    return frame.astype(typed)


def _arrow_type(dtype: Any) -> pa.DataType:
    import pyarrow as pa

    name = str(dtype)
    if name == "Int64":
        return pa.int64()
    if name == "Float64":
        return pa.float64()
    if name == "boolean":
        return pa.bool_()
    if name == "category":  # the indicator ids are a few hundred: int16 codes
        small = len(getattr(dtype, "categories", ())) <= 127
        return pa.dictionary(pa.int8() if small else pa.int16(), pa.string())
    return pa.string()  # strings, and any field a newer record has without a declared dtype


def schema(fields: Sequence[str], dtypes: Mapping[str, Any]) -> pa.Schema:
    """The arrow schema of a table, with pandas metadata so ``read_parquet`` restores dtypes."""
    import pyarrow as pa

    plain = pa.schema([(name, _arrow_type(dtypes.get(name, "string"))) for name in fields])
    empty = pa.Table.from_pandas(_frame([], fields, dtypes), schema=plain, preserve_index=False)
    return empty.schema


def documents_path(out: Path) -> Path:
    """``reports.parquet`` -> ``reports.documents.parquet``."""
    return out.with_name(f"{out.stem}.documents{out.suffix}")


def format_of(out: Path) -> str | None:
    suffix = out.suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else None


def exists(path: Path) -> bool:
    """Whether a table has rows to resume from: the file, its parquet parts or its xlsx stage."""
    return path.exists() or parts_dir(path).is_dir() or stage_path(path).exists()


def parts_dir(path: Path) -> Path:
    """Where a parquet table's committed parts wait to be merged into ``path``."""
    return path.with_name(path.name + ".parts")


def stage_path(path: Path) -> Path:
    """Where an ``.xlsx`` table's rows are written (as JSONL) until the run ends."""
    return path.with_name(path.name + ".rows.jsonl")


def _finish_merge(path: Path) -> None:
    """Complete a merge that a crash interrupted (see the order below).

    The order in :meth:`TableWriter._merge` is: write ``OUT.partial``, rename
    ``OUT.parts`` to ``OUT.parts.merged``, replace ``OUT``, remove the parts.
    Whatever step a crash stops, the rows are then in exactly one place.
    """
    merged = path.with_name(path.name + ".parts.merged")
    if not merged.is_dir():
        return
    tmp = path.with_name(path.name + ".partial")
    if tmp.exists():
        os.replace(tmp, path)
    shutil.rmtree(merged, ignore_errors=True)


def parquet_sources(path: Path) -> list[Path]:
    """The merged table (if any) and the committed parts not merged into it yet, in order."""
    _finish_merge(path)
    parts = parts_dir(path)
    found = sorted(parts.glob("*.parquet")) if parts.is_dir() else []
    return ([path] if path.exists() else []) + found


class TableWriter:
    """Rows to one file; :meth:`commit` after each document, :meth:`close` writes what is left.

    Writes into ``path`` directly for csv/jsonl (appending on resume), into
    committed parts for parquet and into a JSONL stage for xlsx, both turned
    into ``path`` on close.
    """

    #: Parquet rows kept before a part is written; bounded memory, deterministic groups.
    ROW_GROUP = 20_000
    #: Seconds after which buffered parquet rows are committed anyway (what a SIGKILL can cost).
    COMMIT_SECONDS = 30.0

    def __init__(
        self, path: Path, fmt: str, kind: str = "metrics", keep: set[str] | None = None
    ) -> None:
        """``keep``: resume, keeping the rows already in ``path`` of these doc_ids."""
        self.path, self.fmt, self.kind = path, fmt, kind
        self.fields, self.dtypes = fields_and_dtypes(kind)
        self.keep = keep
        path.parent.mkdir(parents=True, exist_ok=True)
        self._stream: IO[str] | None = None
        self._schema: pa.Schema | None = None
        self._buffer: list[Row] = []
        self._committed = time.monotonic()
        if fmt == "parquet":
            self._schema = schema(self.fields, self.dtypes)
            _finish_merge(path)
            parts = parts_dir(path)
            if keep is None:
                shutil.rmtree(parts, ignore_errors=True)
            self._old = parquet_sources(path) if keep is not None else []
            parts.mkdir(exist_ok=True)
            self._new: list[Path] = []
            self._next = 1 + max((int(p.stem) for p in parts.glob("*.parquet")), default=0)
            return
        target = path
        if fmt in STAGED:
            target = stage_path(path)
            if keep is not None and not target.exists() and path.exists():
                _unstage(path, target)
        if keep is not None:
            keep_only(target, keep)
        exists = keep is not None and target.exists() and target.stat().st_size > 0
        mode = "a" if keep is not None else "w"
        self._stream = open(target, mode, encoding="utf-8", newline="")  # noqa: SIM115
        self._csv = csv.DictWriter(self._stream, fieldnames=self.fields, lineterminator="\n")
        if fmt == "csv" and not exists:
            self._csv.writeheader()

    def write(self, row: Row) -> None:
        if self.fmt in ("jsonl", *STAGED):
            assert self._stream is not None
            self._stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif self.fmt == "csv":
            self._csv.writerow(row)
        else:
            self._buffer.append(row)

    def due(self) -> bool:
        """Whether buffered rows should be committed now (always, for streamed formats)."""
        if self._stream is not None:
            return True
        waited = time.monotonic() - self._committed
        return len(self._buffer) >= self.ROW_GROUP or waited >= self.COMMIT_SECONDS

    def commit(self) -> None:
        """Make every row written so far survive a SIGKILL."""
        self._committed = time.monotonic()
        if self._stream is not None:
            self._stream.flush()
        elif self._buffer:
            self._write_part()

    def flush(self) -> None:
        """Commit when due (the old name, kept for callers that flush per document)."""
        if self.due():
            self.commit()

    def _write_part(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        frame = _frame(self._buffer, self.fields, self.dtypes)
        table = pa.Table.from_pandas(frame, schema=self._schema, preserve_index=False)
        part = parts_dir(self.path) / f"{self._next:06d}.parquet"
        tmp = part.with_name(f".{part.stem}.tmp")  # hidden: readers of the folder skip it
        pq.write_table(table, tmp)
        os.replace(tmp, part)  # a part is there whole or not at all
        self._new.append(part)
        self._next += 1
        self._buffer.clear()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
            if self.fmt == "xlsx":
                _jsonl_to_xlsx(stage_path(self.path), self.path, self.fields, self.kind)
            elif self.fmt == "dta":
                _jsonl_to_dta(stage_path(self.path), self.path, self.fields, self.dtypes)
            if self.fmt in STAGED:
                stage_path(self.path).unlink()
        if self.fmt == "parquet" and self._schema is not None:
            if self._buffer:
                self._write_part()
            self._merge()
            self._schema = None

    def _merge(self) -> None:
        """Old rows of kept documents, then this run's parts, into ``path``; parts removed."""
        import pyarrow as pa
        import pyarrow.compute as pc
        import pyarrow.parquet as pq

        target = self._schema
        assert target is not None
        tmp = self.path.with_name(self.path.name + ".partial")
        with pq.ParquetWriter(tmp, target) as writer:
            wanted = pa.array(sorted(self.keep or ()), pa.string())
            pending: list[pa.Table] = []

            def add(table: pa.Table, last: bool = False) -> None:
                # Row groups of ROW_GROUP rows whenever the parts were committed: the file
                # is the same bytes for the same input, whatever the timing.
                pending.append(_conform(table, target))
                while pending and (last or sum(t.num_rows for t in pending) >= self.ROW_GROUP):
                    whole = pa.concat_tables(pending)
                    group, rest = whole.slice(0, self.ROW_GROUP), whole.slice(self.ROW_GROUP)
                    if group.num_rows:
                        writer.write_table(group)
                    pending[:] = [rest] if rest.num_rows else []

            for old in self._old:
                for batch in pq.ParquetFile(old).iter_batches():
                    kept = batch.filter(pc.is_in(batch.column("doc_id"), value_set=wanted))
                    add(pa.Table.from_batches([kept]))
            for part in self._new:
                add(pq.read_table(part))
            add(target.empty_table(), last=True)
        merged = self.path.with_name(self.path.name + ".parts.merged")
        os.replace(parts_dir(self.path), merged)  # from here on, OUT.partial is the table
        _finish_merge(self.path)


def _conform(table: pa.Table, target: pa.Schema) -> pa.Table:
    """A table read back from a part, cast to the writer's schema (dictionaries unified)."""
    return (
        table.select(list(target.names))
        .cast(target.remove_metadata())
        .replace_schema_metadata(target.metadata)
    )


def _cell_text(value: object) -> str | float | None:
    """What a cell can hold: control characters Excel refuses become U+FFFD."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def _jsonl_to_xlsx(stage: Path, path: Path, fields: Sequence[str], kind: str) -> None:
    """The staged rows as one sheet; text stays text (``=1+1`` is not made a formula)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(kind)
    sheet.append(list(fields))
    for n, row in enumerate(iter_rows(stage), 1):
        if n > EXCEL_ROWS:
            raise ValueError(
                f"more than {EXCEL_ROWS} rows, which is what an Excel sheet holds: "
                f"write .parquet or .csv instead (the rows are in {stage})"
            )
        cells = []
        for name in fields:
            cell = WriteOnlyCell(sheet, value=_cell_text(row.get(name)))
            if isinstance(row.get(name), str):
                cell.data_type = "s"
            cells.append(cell)
        sheet.append(cells)
    tmp = path.with_name(path.name + ".partial")
    book.save(tmp)
    os.replace(tmp, path)


#: Stata names for fields that are reserved words there.
_STATA_NAMES: dict[str, str] = {"end": "_end"}


def stata_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A table as ``DataFrame.to_stata(version=118)`` accepts it.

    Stata has no missing string (an empty one stands for it) and no nullable
    integer or boolean (missing numbers are ``.``), and ``end`` is reserved;
    categoricals become value labels.
    """
    import pandas as pd

    out = pd.DataFrame(index=frame.index)
    for name, column in frame.items():
        dtype = str(column.dtype)
        if dtype == "category":
            out[name] = column
        elif dtype in ("Int64", "Float64", "boolean"):
            out[name] = column.astype("Float64").astype("float64")
        else:
            out[name] = column.astype(object).where(column.notna(), "")
    return out.rename(columns=_STATA_NAMES)


def _jsonl_to_dta(
    stage: Path, path: Path, fields: Sequence[str], dtypes: Mapping[str, Any]
) -> None:
    """The staged rows as a Stata 14+ file (version 118: UTF-8 text, Chinese intact)."""
    frame = stata_frame(_frame(iter_rows(stage), fields, dtypes))
    tmp = path.with_name(path.name + ".partial")
    frame.to_stata(tmp, version=118, write_index=False)
    os.replace(tmp, path)


def _unstage(path: Path, stage: Path) -> None:
    """A finished ``.xlsx``/``.dta`` table back to its stage, so ``--resume`` can append to it."""
    if format_of(path) == "xlsx":
        _xlsx_to_jsonl(path, stage)
        return
    import pandas as pd

    names = {v: k for k, v in _STATA_NAMES.items()}
    frame = pd.read_stata(path, convert_categoricals=True).rename(columns=names)
    _, dtypes = fields_and_dtypes("metrics" if "start" in frame.columns else "documents")
    flags = {k for k, v in dtypes.items() if str(v) == "boolean"}
    with open(stage, "w", encoding="utf-8") as out:
        for row in frame.astype(object).to_dict("records"):
            clean = {k: (None if v == "" or v != v else v) for k, v in row.items()}
            clean.update((k, bool(clean[k])) for k in flags if clean.get(k) is not None)
            out.write(json.dumps(clean, ensure_ascii=False, default=str) + "\n")


def _xlsx_to_jsonl(path: Path, stage: Path) -> None:
    """A finished ``.xlsx`` table back to its stage, so ``--resume`` can append to it."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [str(h) for h in next(rows, ())]
    with open(stage, "w", encoding="utf-8") as out:
        for values in rows:
            out.write(json.dumps(dict(zip(header, values, strict=False)), ensure_ascii=False))
            out.write("\n")
    book.close()


def read_table(path: Path, kind: str = "metrics") -> pd.DataFrame:
    """A table written by :class:`TableWriter` as a DataFrame with the library's dtypes."""
    fields, dtypes = fields_and_dtypes(kind)
    rows = iter_rows(path)
    if format_of(path) == "csv":
        rows = (_typed(row, dtypes) for row in rows)
    return _frame(rows, fields, dtypes)


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

        for source in parquet_sources(path):
            for batch in pq.ParquetFile(source).iter_batches():
                yield from batch.to_pylist()
        return
    if fmt in STAGED:
        if not stage_path(path).exists():
            _unstage(path, stage_path(path))
        path, fmt = stage_path(path), "jsonl"
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
    if format_of(path) in STAGED:
        path = stage_path(path)
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
    # a kill mid-write can cut the last row inside a multibyte character: only that row,
    # which belongs to an unfinished document and is dropped, can hold the replacement mark
    with (
        open(path, encoding="utf-8", errors="replace", newline="") as src,
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
