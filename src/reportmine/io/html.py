"""A web page to the report it carries, without the site around it.

Government pages wrap a report in navigation bars, breadcrumbs, share
buttons, related links and footers full of numbers (ICP licences, phone
numbers, visit counters) that would become false metrics. Telling the article
from the furniture is trafilatura's whole job: on pages written like county
and ministry sites it returned exactly the article, tables included, in about
6 ms a page, while lexbor (selectolax) and lxml with tag stripping, though a
hundred times faster, kept the menus, breadcrumbs and footer numbers.
"""

from __future__ import annotations

import re

import trafilatura

from reportmine.io.base import ReadError
from reportmine.io.plain import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "big5": "big5hkscs"}


def decode_html(data: bytes) -> tuple[str, str, float, str | None]:
    """The page's declared charset when it decodes the bytes cleanly, else detection.

    Pages declare ``gb2312`` while serving GBK characters, and some declare
    UTF-8 wrongly after a CMS migration, so a declaration is trusted only
    when the bytes agree with it.
    """
    found = _META_CHARSET.search(data[:4096])
    if found:
        declared = found.group(1).decode("ascii").lower()
        encoding = _SUPERSETS.get(declared, declared)
        try:
            return data.decode(encoding), encoding, 1.0, None
        except (UnicodeDecodeError, LookupError):
            pass
    return decode(data)


def html_text(page: str) -> tuple[str, str | None]:
    """``(text, note)``: the headline and main text, tables as ``| cell | cell |`` rows.

    The headline is trafilatura's title (usually the ``<h1>``), put first
    because it names the report and its year. A page with no recognisable
    article falls back to all of its text, with a note saying so.
    """
    doc = trafilatura.bare_extraction(
        page, include_tables=True, include_comments=False, with_metadata=True
    )
    body = str(getattr(doc, "text", None) or "")
    if body.strip():
        title = str(getattr(doc, "title", None) or "").strip()
        if title and not body.startswith(title):
            body = f"{title}\n\n{body}"
        return body, None
    whole = trafilatura.html2txt(page) or ""
    if not whole.strip():
        raise ReadError("html page without text (a frame, a redirect or a script-built page?)")
    return whole, "no article found on the page: its whole text was used"
