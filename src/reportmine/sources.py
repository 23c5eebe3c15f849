"""Which files a batch reads, and the ``doc_id`` each one's records carry.

A PATH is a file (named by its file name), a folder (read recursively, each
file named by its path relative to the folder) or a glob (named relative to
the glob's fixed leading folders). Order is the order of the PATHs, and
sorted within a folder or glob, so that output never depends on the file
system's listing order.

Folders are walked, never globbed by the standard library: ``glob`` follows
symbolic links to folders without noticing loops (``x -> .`` makes
``d/**/*.txt`` run for ever), and ``os.walk`` skips folders it may not open
without a word. Here each real folder is entered once, each file listed once
(by its real path), and a folder that cannot be listed becomes a source with
an error, so it gets a row in the documents table and counts in the exit
status.
"""

from __future__ import annotations

import glob
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath

from reportmine.io import READABLE_SUFFIXES

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class Source:
    """One input: its ``doc_id`` and the path (or fsspec URL) to read it from.

    ``error`` is set for an input already known to be unreadable (a folder the
    scan could not list): the batch gives it an error row without reading.
    """

    doc_id: str
    path: str
    error: str | None = None


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
        found: list[Found]
        if glob.has_magic(given):
            found = _globbed(given, include)
            what = "no file matches it"
        elif os.path.isdir(given):
            found = _scanned(given, include)
            what = "no .txt or .md files (nor other report files) found under it"
        else:
            found = [(Path(given).name, given, None)]
            what = ""
        found = [f for f in found if f[2] is not None or not _matches(f[0], exclude)]
        if not found:
            problems.append(f"{given}: {what or 'excluded by --exclude'}")
        for doc_id, path, error in found:
            key = os.path.realpath(path) if os.path.exists(path) else path
            if key in seen:
                continue  # the same file reached twice (a file and its folder): read once
            seen.add(key)
            sources.append(Source(_unique(doc_id, path, taken), path, error))
    return sources, problems


#: ``(doc_id, path, error)`` of one thing a scan found; error is set for an unlistable folder.
Found = tuple[str, str, str | None]


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


def _walk(top: str, depth: int | None = None) -> Iterator[tuple[str, list[str], str | None, int]]:
    """``(folder, file names, error, level)`` under ``top``, following links, each folder once.

    Hidden folders are not entered, nor folders more than ``depth`` levels
    down. A folder that cannot be listed is yielded with its error and no files.
    """
    seen: set[tuple[int, int]] = set()
    stack = [(top, 0)]
    while stack:
        folder, level = stack.pop()
        try:
            info = os.stat(folder)
        except OSError as err:
            yield folder, [], f"cannot look at the folder: {err.strerror or err}", level
            continue
        if (info.st_dev, info.st_ino) in seen:
            continue  # a link back to a folder already read (a loop, or two links to one)
        seen.add((info.st_dev, info.st_ino))
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as err:
            why = err.strerror or str(err)
            yield (
                folder,
                [],
                (
                    f"a folder that cannot be listed ({why}): its files were not read; "
                    "make it readable (chmod +rx) or exclude it"
                ),
                level,
            )
            continue
        files, folders = [], []
        for entry in listed:
            try:
                is_dir = entry.is_dir()  # follows links
            except OSError:
                is_dir = False
            if is_dir:
                if not entry.name.startswith("."):
                    folders.append(entry.path)
            else:
                files.append(entry.name)
        yield folder, files, None, level
        if depth is None or level < depth:
            stack += [(f, level + 1) for f in sorted(folders, reverse=True)]


def _scanned(folder: str, include: Sequence[str] | None) -> list[Found]:
    found: list[Found] = []
    for root, files, error, _ in _walk(folder):
        if error is not None:
            rel = Path(os.path.relpath(root, folder)).as_posix()
            found.append((rel.rstrip("/") + "/", root, error))
            continue
        for name in files:
            path = os.path.join(root, name)
            rel = Path(os.path.relpath(path, folder)).as_posix()
            if not _hidden(rel) and _included(rel, include):
                found.append((rel, path, None))
    return sorted(found)


def _globbed(pattern: str, include: Sequence[str] | None) -> list[Found]:
    """Files (and files in folders) matching ``pattern``; ``**`` is any depth, loops once."""
    base = _fixed_prefix(pattern)
    rest = Path(pattern).parts[len(Path(base).parts) if base != "." else 0 :]
    if base == "." and pattern.startswith("./"):
        rest = rest[1:] if rest and rest[0] == "." else rest
    matcher = _glob_regex(rest)
    found: list[Found] = []
    matched_dirs: list[str] = []
    # Without **, no deeper than the pattern's folders and the folders it may match.
    depth = None if "**" in rest else len(rest)
    for root, files, error, level in _walk(base, depth):
        rel_root = "" if root == base else Path(os.path.relpath(root, base)).as_posix()
        if error is not None:
            if depth is None or level < depth or matcher.fullmatch(rel_root):
                found.append((rel_root + "/" if rel_root else root, root, error))
            continue
        if rel_root and matcher.fullmatch(rel_root):
            matched_dirs.append(root)
        for name in files:
            rel = f"{rel_root}/{name}" if rel_root else name
            if matcher.fullmatch(rel) and (include is None or _included(rel, include)):
                found.append((rel, os.path.join(root, name), None))
    for folder in matched_dirs:
        found += [
            (Path(os.path.relpath(p, base)).as_posix(), p, e)
            for _, p, e in _scanned(folder, include)
        ]
    return sorted(found)


def _glob_regex(parts: Sequence[str]) -> re.Pattern[str]:
    """A glob's parts below its fixed folder as a regex over ``/``-joined relative paths.

    As :func:`glob.glob` with ``recursive=True``: ``**`` alone as a part is zero
    or more folders, ``*`` and ``?`` stay within a part, and neither matches a
    leading ``.`` (hidden names), nor does ``**``.
    """
    out = ""
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if part == "**":
            out += r"(?:[^/.][^/]*(?:/|\Z))*" if last else r"(?:[^/.][^/]*/)*"
            continue
        out += _part_regex(part) + ("" if last else "/")
    return re.compile(out)


def _part_regex(part: str) -> str:
    """One path part's wildcards as a regex; a leading wildcard does not match a dot."""
    out = "" if part.startswith(".") else r"(?!\.)"
    i = 0
    while i < len(part):
        ch = part[i]
        if ch == "*":
            out += "[^/]*"
        elif ch == "?":
            out += "[^/]"
        elif ch == "[" and (end := part.find("]", i + 2)) != -1:
            body = part[i + 1 : end]
            negate = body.startswith("!")
            body = body[1:] if negate else body
            out += "[" + ("^" if negate else "") + body.replace("\\", "\\\\") + "]"
            i = end
        else:
            out += re.escape(ch)
        i += 1
    return out


def _fixed_prefix(pattern: str) -> str:
    """``reports/2023/**/*.txt`` -> ``reports/2023``: the folders before the first wildcard."""
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if glob.has_magic(part):
            break
        fixed.append(part)
    return str(Path(*fixed)) if fixed else "."
