"""Loads the data files in ``lexicons/`` once, lazily; nothing else knows file names.

Every file is a UTF-8 table: ``#`` starts a comment line (say where entries
come from there), the first other line is a tab-separated header, and each
further line is one entry. Keeping word lists here, not in code, makes a new
unit or cue word a one-line data change.

The files are found inside the installed package (``reportmine/lexicons``,
where the wheel puts them) or, in a source checkout, at the top-level
``lexicons/`` folder.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path


class LexiconError(ValueError):
    """A lexicon file is missing or malformed: a packaging or data bug, never the input's fault."""


@cache
def lexicon_dir() -> Path:
    """The folder that holds the lexicon files."""
    packaged = Path(str(resources.files("reportmine"))) / "lexicons"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / "lexicons"
    if checkout.is_dir():
        return checkout
    raise LexiconError(f"no lexicons folder at {packaged} or {checkout}")


@cache
def read_table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of ``lexicons/<name>`` as dicts keyed by the header's column names.

    Missing trailing cells read as empty strings, so optional columns can be
    left off a line.
    """
    path = lexicon_dir() / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        raise LexiconError(f"cannot read lexicon {path}: {err}") from err
    rows: list[dict[str, str]] = []
    header: list[str] | None = None
    for number, line in enumerate(lines, 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = [cell.strip() for cell in cells]
            continue
        if len(cells) > len(header):
            raise LexiconError(f"{path}:{number}: {len(cells)} cells, header has {len(header)}")
        cells += [""] * (len(header) - len(cells))
        rows.append(dict(zip(header, (cell.strip() for cell in cells), strict=True)))
    if header is None:
        raise LexiconError(f"{path}: no header line")
    return tuple(rows)


def read_column(name: str, column: str) -> tuple[str, ...]:
    """One column of a table, in file order (for plain word lists)."""
    return tuple(row[column] for row in read_table(name))
