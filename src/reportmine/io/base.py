"""What every reader returns and the one error they raise.

Readers raise :class:`ReadError` with a message meant for the person who owns
the archive ("convert it to .docx", "run OCR"), so the batch can put it in the
documents table as it is instead of a traceback nobody can act on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


class ReadError(Exception):
    """A file that cannot be turned into text; ``str(err)`` says what to do about it."""


@dataclass(frozen=True)
class DocumentInfo:
    """Facts about a read file, recorded beside its metrics in the documents table.

    ``encoding`` and ``confidence`` are set for formats that are decoded from
    bytes (plain text, html); ``note`` records a repair the reader made (a
    truncated last character dropped, a page whose main text could not be
    told from its furniture), so an ``ok`` document still shows what to check.
    """

    path: str
    format: str
    encoding: str | None
    confidence: float | None
    bytes: int
    n_chars: int
    note: str | None = None

    def to_dict(self) -> dict[str, object]:
        return asdict(self)
