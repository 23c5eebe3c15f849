"""The text layer of a PDF report.

pypdf: pure Python (installs anywhere pip does), BSD-licensed, actively
maintained, and it decodes the CJK encodings Chinese PDFs use (UniGB-UCS2-H,
ToUnicode maps). On a generated GB1 PDF pdfminer.six returned ``(cid:N)``
codes where pypdf returned the text, at half the time; PyMuPDF is faster but
AGPL, which an MIT library cannot ask its users to accept.
"""

from __future__ import annotations

import logging
from io import BytesIO

import pypdf
from pypdf.errors import PdfReadError

from reportmine.io.base import ReadError

_OCR = "run OCR first (e.g. `ocrmypdf -l chi_sim in.pdf out.pdf`) and process the result"


def pdf_text(data: bytes) -> str:
    """Pages' text separated by form feeds; an error when no page has a text layer."""
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # warnings go to the error row
    try:
        reader = pypdf.PdfReader(BytesIO(data))
        if reader.is_encrypted and reader.decrypt("") == 0:
            raise ReadError("encrypted PDF: remove the password (e.g. `qpdf --decrypt`) first")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError) as err:
        raise ReadError(f"damaged PDF, cannot be parsed ({err}); re-export or repair it") from err
    text = "\f".join(page.rstrip("\n") for page in pages)
    if not text.strip():
        raise ReadError(f"PDF without a text layer ({len(pages)} page(s), scanned?): {_OCR}")
    return text
