"""The ``reportmine`` command: ``extract`` files to JSONL/CSV, ``evaluate`` against gold.

Exit status: 0 when everything went through, 1 when some input could not be
read (the rest is still processed, so one bad file in a thousand costs one
file, not the run), 2 for usage errors.

``extract`` reads files, folders and globs of any format :mod:`reportmine.io`
knows, in ``--jobs`` worker processes (:mod:`reportmine.batch`). With ``-o`` it
writes the metrics table and the documents table beside it and can
``--resume``; without, it streams records to stdout.

Input and output are kept apart so that new sources only touch
:func:`find_sources` and :mod:`reportmine.io`, and new output formats only
add an entry to :data:`SINKS`.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol, TextIO

from reportmine import __version__
from reportmine.batch import DEFAULT_TIMEOUT
from reportmine.extras import MissingExtra
from reportmine.io import ReadError, read_document
from reportmine.model import FIELDS, Metric

OK, FAILED, USAGE = 0, 1, 2
#: Exit status after Ctrl-C and SIGTERM, as a shell reports a process killed by them.
INTERRUPTED, TERMINATED = 130, 143

#: Output formats by ``-o`` suffix or ``--format``.
OUTPUT_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "xlsx", "dta")

#: File name endings read when a folder is given.
SUFFIXES: tuple[str, ...] = (".txt", ".md")

#: How many documents the summary still lists one by one.
_SUMMARY_DOC_LINES = 20

OnError = Callable[[str], None]


@dataclass(frozen=True)
class Source:
    """A file to read and the ``doc_id`` its records will carry."""

    doc_id: str
    path: Path


def find_sources(paths: Iterable[Path], on_error: OnError) -> Iterator[Source]:
    """The files to process: a file as given, a folder's files recursively in sorted order.

    A file given directly is named by its file name (what gold files use); a
    file found in a folder by its path relative to that folder, so that equal
    names in different subfolders stay apart.
    """
    for path in paths:
        if path.is_dir():
            found = list(_sources_under(path))
            if not found:
                on_error(f"{path}: no {' or '.join(SUFFIXES)} files found under it")
            yield from found
        else:
            yield Source(path.name, path)


def _sources_under(folder: Path) -> Iterator[Source]:
    """Hidden folders (``.git``, ``.venv``, checkpoints) hold no reports, only noise."""
    relative = (
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.suffix.lower() in SUFFIXES and path.is_file()
    )
    for rel in sorted(r for r in relative if not any(p.startswith(".") for p in r.parts)):
        yield Source(rel.as_posix(), folder / rel)


def read_or_report(path: Path, on_error: OnError) -> str | None:
    """The file's text, or None after telling ``on_error`` by name why it could not be read.

    Read as a batch reads it (any Chinese encoding, html, docx, pdf), so the
    offsets of gold made on a batch's saved text point into the same string.
    """
    try:
        return read_document(path)[0]
    except ReadError as err:
        on_error(f"cannot read {path}: {err}")
        return None


def iter_documents(paths: Iterable[Path], on_error: OnError) -> Iterator[tuple[str, str]]:
    """``(doc_id, text)`` of every readable input; the unreadable ones go to ``on_error``."""
    for source in find_sources(paths, on_error):
        text = read_or_report(source.path, on_error)
        if text is not None:
            yield source.doc_id, text


class Sink(Protocol):
    """Where records go, one at a time, so a large batch never sits in memory."""

    def write(self, record: Mapping[str, object]) -> None: ...


class JsonlSink:
    """One JSON object a line, Chinese kept readable rather than ``\\u`` escaped."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, record: Mapping[str, object]) -> None:
        self._stream.write(json.dumps(record, ensure_ascii=False) + "\n")


class CsvSink:
    """A header of every field, then one row a record; null fields are empty cells."""

    def __init__(self, stream: TextIO) -> None:
        self._writer = csv.DictWriter(stream, fieldnames=FIELDS, lineterminator="\n")
        self._writer.writeheader()

    def write(self, record: Mapping[str, object]) -> None:
        self._writer.writerow(record)


SINKS: dict[str, Callable[[TextIO], Sink]] = {"jsonl": JsonlSink, "csv": CsvSink}


@contextmanager
def _opened(out: Path | None) -> Iterator[TextIO]:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", encoding="utf-8", newline="") as handle:
        yield handle


@dataclass
class Tally:
    """What a run produced, for the summary a user sees after writing to a file."""

    records_by_doc: dict[str, int] = field(default_factory=dict)
    kinds: Counter[str] = field(default_factory=Counter)
    qualifiers: Counter[str] = field(default_factory=Counter)
    failures: int = 0

    def add(self, doc_id: str, metrics: Sequence[Metric]) -> None:
        self.records_by_doc[doc_id] = len(metrics)
        self.kinds.update(m.kind for m in metrics)
        self.qualifiers.update(m.qualifier for m in metrics)

    def summary(self, out: Path) -> str:
        records = sum(self.records_by_doc.values())
        lines = [f"{len(self.records_by_doc)} documents, {records} records written to {out}"]
        lines.append(f"  by kind: {_counts(self.kinds)}")
        lines.append(f"  by qualifier: {_counts(self.qualifiers)}")
        if len(self.records_by_doc) <= _SUMMARY_DOC_LINES:
            width = max(map(len, self.records_by_doc), default=0)
            lines += [f"  {d:<{width}}  {n}" for d, n in self.records_by_doc.items()]
        return "\n".join(lines)


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{key} {n}" for key, n in counter.most_common()) or "none"


def _format_of(args: argparse.Namespace, parser: argparse.ArgumentParser) -> str:
    if args.format:
        return str(args.format)
    if args.output is None:
        return "jsonl"
    suffix: str = args.output.suffix.lower().lstrip(".")
    if suffix not in OUTPUT_FORMATS:
        parser.error(
            f"cannot tell the format from {args.output.name!r}: "
            f"use .{', .'.join(OUTPUT_FORMATS)} or pass --format"
        )
    return suffix


def _stderr(message: str) -> None:
    print(f"reportmine: {message}", file=sys.stderr)


def run_extract(args: argparse.Namespace, fmt: str) -> int:
    """Extract every input into one output; the summary goes to stderr only with ``-o``."""
    from reportmine.batch import Result, results, write_files
    from reportmine.sources import expand

    include = args.include or None
    if args.output is not None:
        from reportmine.tables import require_format

        require_format(fmt)
        tally = Tally()

        def count(result: Result) -> None:
            doc_id = str(result.document["doc_id"])
            tally.records_by_doc[doc_id] = len(result.metrics)
            tally.kinds.update(str(m["kind"]) for m in result.metrics)
            tally.qualifiers.update(str(m["qualifier"]) for m in result.metrics)

        done = write_files(
            args.paths,
            args.output,
            jobs=args.jobs,
            progress=False if args.quiet else None,
            include=include,
            exclude=args.exclude,
            timeout=args.timeout or None,
            resume=args.resume,
            save_text=args.save_text,
            fmt=fmt,
            on_document=count,
        )
        tally.failures = done.failed + len(done.problems)
        print(tally.summary(args.output), file=sys.stderr)
        print("\n".join(done.lines()), file=sys.stderr)
        return FAILED if tally.failures else OK

    sources, problems = expand(args.paths, include, args.exclude)
    for problem in problems:
        _stderr(problem)
    failures = len(problems)
    with _opened(None) as stream:
        sink = SINKS[fmt](stream)
        for result in results(sources, args.jobs, args.timeout or None):
            if result.document["status"] != "ok":
                failures += 1
                _stderr(f"cannot read {result.document['path']}: {result.document['error']}")
            for row in result.metrics:
                sink.write(row)
    return FAILED if failures else OK


def _gold_doc_ids(gold: Iterable[Mapping[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(record["doc_id"]) for record in gold))


def run_evaluate(args: argparse.Namespace) -> int:
    """Extract the gold's documents from TEXT_DIR and score; unreadable ones score as missed."""
    from reportmine.evaluate import read_jsonl, score
    from reportmine.extraction import extract

    try:
        gold = read_jsonl(args.gold)
        regions = read_jsonl(args.regions) if args.regions else None
    except (OSError, ValueError) as err:
        _stderr(f"cannot read gold or regions: {err}")
        return USAGE
    failures: list[str] = []

    def on_error(message: str) -> None:
        failures.append(message)
        _stderr(message)

    pred: list[dict[str, object]] = []
    for doc_id in _gold_doc_ids(gold):
        text = read_or_report(args.text_dir / doc_id, on_error)
        if text is not None:
            pred += [m.to_dict() for m in extract(text, doc_id=doc_id)]
    scores = score(gold, pred, regions)
    if args.json:
        print(json.dumps(scores.to_dict(), ensure_ascii=False))
    else:
        print(scores.report(args.show))
    return FAILED if failures else OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="reportmine", description="Typed metric records from Chinese report text."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ext = commands.add_parser("extract", help="write the records of files or folders")
    ext.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="files, folders (recursive) or globs"
    )
    ext.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="OUT",
        help="metrics table (.parquet, .csv, .jsonl, .xlsx, .dta; default: JSONL on stdout); "
        "the documents table goes to OUT's stem + .documents + suffix",
    )
    ext.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        help="output format (default: from OUT's suffix, or jsonl)",
    )
    ext.add_argument(
        "--include",
        action="append",
        default=[],
        metavar="GLOB",
        help="read only matching files found in folders (repeatable; default: report formats)",
    )
    ext.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="GLOB",
        help="skip matching files (name or path below the folder; repeatable)",
    )
    ext.add_argument(
        "-j",
        "--jobs",
        type=_count,
        default=None,
        metavar="N",
        help="worker processes (default: one per 4 MB of input, at most the cores; "
        "1: in this process); output is the same for any N",
    )
    ext.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds one document may take (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    ext.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    ext.add_argument(
        "--resume",
        action="store_true",
        help="continue an interrupted run into the same OUT, skipping finished documents",
    )
    ext.add_argument(
        "--save-text",
        action="store_true",
        help="write each document's extracted text to OUT's stem + .texts/, where offsets point",
    )

    ev = commands.add_parser("evaluate", help="score extraction against gold records")
    ev.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    ev.add_argument(
        "text_dir", type=Path, metavar="TEXT_DIR", help="folder of the gold's documents"
    )
    ev.add_argument("--regions", type=Path, metavar="R.jsonl", help="annotated regions only")
    ev.add_argument("--json", action="store_true", help="print one JSON object")
    ev.add_argument("--show", type=int, default=0, metavar="N", help="list N errors of each sort")
    return parser


def _count(value: str) -> int:
    n = int(value)
    if n < 0:
        raise argparse.ArgumentTypeError("must be 0 (in this process) or more")
    return n


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
        if args.command == "extract":
            fmt = _format_of(args, parser)
            if args.output is None and (fmt not in SINKS or args.resume or args.save_text):
                parser.error(f"{fmt}, --resume and --save-text need an output file: -o OUT")
            return run_extract(args, fmt)
        if not args.text_dir.is_dir():
            parser.error(f"TEXT_DIR {args.text_dir} is not a folder")
        return run_evaluate(args)
    except SystemExit as stop:  # argparse's way of reporting usage errors and --help
        return stop.code if isinstance(stop.code, int) else USAGE
    except MissingExtra as err:  # before any work: one line that names the extra
        _stderr(str(err))
        return USAGE
    except KeyboardInterrupt as stop:  # Ctrl-C, or SIGTERM during a run to a file
        from reportmine.batch import Terminated

        what = "terminated" if isinstance(stop, Terminated) else "interrupted"
        _stderr(f"{what}; the files written so far are complete: --resume continues the run")
        return TERMINATED if isinstance(stop, Terminated) else INTERRUPTED
    except BrokenPipeError:  # output piped into `head`: the reader has all it wants
        # Point stdout at devnull so the flush at exit does not raise a second time.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return OK


if __name__ == "__main__":
    sys.exit(main())
