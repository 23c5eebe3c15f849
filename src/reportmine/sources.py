"""Which files a batch reads, and the ``doc_id`` each one's records carry.

A PATH is a file (named by its file name), a folder (read recursively, each
file named by its path relative to the folder) or a glob (named relative to
the glob's fixed leading folders). Order is the order of the PATHs, and
sorted within a folder or glob, so that output never depends on the file
system's listing order.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from reportmine.io import READABLE_SUFFIXES

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Source:
    """One input: its ``doc_id`` and the path (or fsspec URL) to read it from."""

    doc_id: str
    path: str


def expand(
    paths: PathLike | Iterable[PathLike],
    include: Sequence[str] | None = None,
    exclude: Sequence[str] = (),
) -> tuple[list[Source], list[str]]:
    """``(sources, problems)``: every input once; problems are PATHs that gave no file.

    ``include``/``exclude`` are glob patterns matched against a file's name
    and against its ``doc_id``; include applies to files found in folders and
    globs (default: report suffixes and suffix-less files), exclude to all.
    Hidden files and folders (``.git``, checkpoints) are skipped in scans.
    """
    if isinstance(paths, str | os.PathLike):
        paths = [paths]
    sources: list[Source] = []
    problems: list[str] = []
    seen: set[str] = set()
    taken: set[str] = set()
    for given in map(str, paths):
        found: list[tuple[str, str]]
        if glob.has_magic(given):
            found = _globbed(given, include)
            what = "no file matches it"
        elif os.path.isdir(given):
            found = _scanned(given, include)
            what = "no .txt or .md files (nor other report files) found under it"
        else:
            found = [(Path(given).name, given)]
            what = ""
        found = [(d, p) for d, p in found if not _matches(d, exclude)]
        if not found:
            problems.append(f"{given}: {what or 'excluded by --exclude'}")
        for doc_id, path in found:
            key = os.path.realpath(path) if os.path.exists(path) else path
            if key in seen:
                continue  # the same file reached twice (a file and its folder): read once
            seen.add(key)
            sources.append(Source(_unique(doc_id, path, taken), path))
    return sources, problems


def _unique(doc_id: str, path: str, taken: set[str]) -> str:
    """Two files with one name (``a/report.txt`` and ``b/report.txt`` given directly)."""
    candidate = doc_id
    if candidate in taken:
        candidate = PurePosixPath(Path(path).as_posix()).as_posix()
    n = 2
    while candidate in taken:
        candidate, n = f"{doc_id}#{n}", n + 1
    taken.add(candidate)
    return candidate


def _matches(doc_id: str, patterns: Sequence[str]) -> bool:
    name = PurePosixPath(doc_id).name
    return any(
        fnmatchcase(name.lower(), p.lower()) or fnmatchcase(doc_id.lower(), p.lower())
        for p in patterns
    )


def _included(doc_id: str, include: Sequence[str] | None) -> bool:
    if include is not None:
        return _matches(doc_id, include)
    suffix = PurePosixPath(doc_id).suffix.lower()
    return suffix in READABLE_SUFFIXES or suffix == ""


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(rel).parts)


def _scanned(folder: str, include: Sequence[str] | None) -> list[tuple[str, str]]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            path = os.path.join(root, name)
            rel = Path(os.path.relpath(path, folder)).as_posix()
            if not _hidden(rel) and _included(rel, include):
                found.append((rel, path))
    return sorted(found)


def _globbed(pattern: str, include: Sequence[str] | None) -> list[tuple[str, str]]:
    base = _fixed_prefix(pattern)
    found: list[tuple[str, str]] = []
    for path in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(path):
            found += [
                (Path(os.path.relpath(p, base)).as_posix(), p) for _, p in _scanned(path, include)
            ]
        else:
            rel = Path(os.path.relpath(path, base)).as_posix()
            if include is None or _included(rel, include):
                found.append((rel, path))
    return found


def _fixed_prefix(pattern: str) -> str:
    """``reports/2023/**/*.txt`` -> ``reports/2023``: the folders before the first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."
