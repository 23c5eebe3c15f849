"""Report files of any kind an archive holds to text: ``read_document(path) -> (text, info)``.

The reader is chosen by the file's suffix; formats that hold no text layer we
can read get a :class:`ReadError` naming the conversion that would make them
readable. Record offsets from a document refer to the text returned here.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from reportmine.extras import missing_from
from reportmine.io.base import DocumentInfo, ReadError
from reportmine.io.title import guess_title

__all__ = [
    "FORMATS",
    "READABLE_SUFFIXES",
    "DocumentInfo",
    "ReadError",
    "format_of",
    "guess_title",
    "read_bytes",
    "read_document",
]

#: Suffix to format. Anything not listed is tried as plain text.
FORMATS: dict[str, str] = {
    ".txt": "text",
    ".md": "text",
    ".text": "text",
    "": "text",
    ".html": "html",
    ".htm": "html",
    ".shtml": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

_SHEET = "spreadsheet, not a report: export the sheet as .csv and read it with pandas"
_UNSUPPORTED: dict[str, str] = {
    ".doc": "old Word 97-2003 .doc: convert it to .docx or .pdf "
    "(e.g. `libreoffice --headless --convert-to docx FILE`)",
    ".wps": "WPS document: save it as .docx or .pdf from WPS Office",
    ".rtf": "RTF: convert it to .docx (e.g. `libreoffice --headless --convert-to docx FILE`)",
    ".odt": "OpenDocument text: convert it to .docx (e.g. `libreoffice --convert-to docx FILE`)",
    ".xls": _SHEET,
    ".xlsx": _SHEET,
    ".et": _SHEET,
    ".ppt": "presentation: export it as .pdf",
    ".pptx": "presentation: export it as .pdf",
    ".ofd": "OFD (China's fixed-layout format): export it as .pdf with an OFD reader",
    ".caj": "CAJ (CNKI): export it as .pdf with CAJViewer",
    ".zip": "archive: unpack it and pass the folder",
    ".rar": "archive: unpack it and pass the folder",
    ".7z": "archive: unpack it and pass the folder",
    ".gz": "compressed file: unpack it and pass the result",
    ".tar": "archive: unpack it and pass the folder",
}
_IMAGE = "image: no text layer; run OCR (e.g. `tesseract FILE out -l chi_sim`) and pass the text"
for _suffix in (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".webp", ".heic"):
    _UNSUPPORTED[_suffix] = _IMAGE

#: What a folder scan picks up by default: every format read or explained here.
READABLE_SUFFIXES: tuple[str, ...] = tuple(s for s in (*FORMATS, *_UNSUPPORTED) if s)


def format_of(path: str | os.PathLike[str]) -> str:
    """The reader's name for a path: text, html, docx, pdf, or the suffix of an unreadable kind."""
    suffix = Path(path).suffix.lower()
    return FORMATS.get(suffix, suffix.lstrip(".") if suffix in _UNSUPPORTED else "text")


def read_document(path: str | os.PathLike[str]) -> tuple[str, DocumentInfo]:
    """The text of a report file and what was learned reading it.

    Raises :class:`ReadError` (whose message says what to do) for anything
    that cannot be read: missing or special files, unsupported formats,
    binary data, PDFs without a text layer.
    """
    path = Path(path)
    return read_bytes(path.name, _load(path), str(path))


def read_bytes(name: str, data: bytes, path: str | None = None) -> tuple[str, DocumentInfo]:
    """:func:`read_document` on bytes already fetched (fsspec); ``name`` gives the suffix."""
    suffix = Path(name).suffix.lower()
    if suffix in _UNSUPPORTED:
        raise ReadError(_UNSUPPORTED[suffix])
    fmt = format_of(name)
    if not data:
        raise ReadError("empty file (0 bytes): nothing to read")
    encoding: str | None = None
    confidence: float | None = None
    note: str | None = None
    try:
        if fmt == "text":
            text, encoding, confidence, note = _plain(data)
        elif fmt == "html":
            text, encoding, confidence, note = _html(data)
        else:
            text = _READERS[fmt](data)
    except ModuleNotFoundError as err:
        missing = missing_from(err, f"reading {fmt} files")
        if missing is None:
            raise
        raise ReadError(str(missing)) from None
    if not text.strip():
        raise ReadError(f"no text in this {fmt} file (only blanks)")
    info = DocumentInfo(
        path=path if path is not None else name,
        format=fmt,
        encoding=encoding,
        confidence=confidence,
        bytes=len(data),
        n_chars=len(text),
        note=note,
    )
    return text, info


def _load(path: Path) -> bytes:
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as err:
        if path.is_symlink():
            raise ReadError(
                f"broken symbolic link to {os.readlink(path)}: fix or remove it"
            ) from err
        raise ReadError("No such file (check the path)") from err
    except OSError as err:
        raise ReadError(f"cannot look at it: {err.strerror}") from err
    if stat.S_ISDIR(mode):
        raise ReadError("a folder, not a file: pass it as a folder to read the files in it")
    if not stat.S_ISREG(mode):
        raise ReadError("not a regular file (a device, pipe or socket): copy the data to a file")
    try:
        return path.read_bytes()
    except PermissionError as err:
        raise ReadError(
            "permission denied: make it readable (chmod +r) or run as its owner"
        ) from err
    except OSError as err:
        raise ReadError(f"cannot read it: {err.strerror or err}") from err


def _plain(data: bytes) -> tuple[str, str, float, str | None]:
    from reportmine.io.plain import decode

    return decode(data)


def _html(data: bytes) -> tuple[str, str, float, str | None]:
    from reportmine.io.html import decode_html, html_text

    page, encoding, confidence, note = decode_html(data)
    text, html_note = html_text(page)
    return text, encoding, confidence, html_note or note


def _docx(data: bytes) -> str:
    from reportmine.io.word import docx_text

    return docx_text(data)


def _pdf(data: bytes) -> str:
    from reportmine.io.pdf import pdf_text

    return pdf_text(data)


#: Lazy imports: a plain-text batch should not pay for loading lxml and pypdf.
_READERS: dict[str, Callable[[bytes], str]] = {"docx": _docx, "pdf": _pdf}
