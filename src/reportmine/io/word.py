"""A ``.docx`` report to text: paragraphs and tables in the order they appear.

python-docx gives the body's paragraphs and tables interleaved as in the
document (``iter_inner_content``); reading ``paragraphs`` and ``tables``
separately would move every table to the end and away from the text that
introduces it.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from reportmine.io.base import ReadError


def docx_text(data: bytes) -> str:
    """Paragraphs one a line; a table row one a line with its cells tab-separated.

    A merged cell is reported once per row, not once per grid column it spans.
    """
    try:
        document = docx.Document(BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as err:
        hint = (
            "it is an old Word .doc renamed: convert it to .docx"
            if data.startswith(b"\xd0\xcf\x11\xe0")
            else "is it damaged or another format renamed?"
        )
        raise ReadError(f"not a readable .docx ({type(err).__name__}); {hint}") from err
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_rows(block))
    return "\n".join(lines)


def _rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.replace("\n", " "))
        rows.append("\t".join(cells))
    return rows
