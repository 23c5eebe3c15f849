"""Bytes of a plain-text report to ``str``, whatever encoding the archive used.

Chinese archives mix UTF-8 (with and without BOM), UTF-16 from Windows tools,
GB2312/GBK/GB18030 from older systems and Big5 from Taiwan and Hong Kong.
Telling GBK from Big5 from a misread Latin code page needs statistics over the
decoded text, which charset-normalizer keeps up to date; the rules here only
settle the cases that need no guessing (BOMs, text that is valid UTF-8) and
reject what is not text at all.
"""

from __future__ import annotations

import codecs

import charset_normalizer

from reportmine.io.base import ReadError

#: BOMs, longest first (UTF-32-LE's BOM starts with UTF-16-LE's).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

#: Detections decoded with a superset instead: GB18030 contains GBK and GB2312,
#: and documents labelled GB2312 routinely use GBK characters (e.g. 镕, 珺).
_SUPERSETS: dict[str, str] = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
}

_CHINESE = ["gb18030", "big5", "big5hkscs"]
#: Above this share of mess (percent) a Chinese decoding is not trusted over the open contest.
_CHINESE_MESS = 20.0

#: Control characters allowed in text; more than a few others means binary data.
_TEXT_CONTROLS = frozenset("\t\n\r\f\v\x1a")
_MAX_CONTROL_SHARE = 0.01


def decode(data: bytes) -> tuple[str, str, float, str | None]:
    """``(text, encoding, confidence, note)`` of a plain-text file's bytes.

    Line endings are kept as stored so that offsets point into the file as
    it is. Raises :class:`ReadError` for bytes that are not text.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding)), encoding, 1.0, None
            except UnicodeDecodeError as err:
                raise ReadError(
                    f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                    f"(bad bytes at offset {err.start}); re-save it as UTF-8"
                ) from err
    try:
        return _checked(data.decode("utf-8")), "utf-8", 1.0, None
    except UnicodeDecodeError as err:
        if err.reason == "unexpected end of data" and err.end == len(data):
            # A UTF-8 file cut mid-character (an interrupted download or copy):
            # everything before the cut is sound, so keep it and say so.
            try:
                text = data[: err.start].decode("utf-8")
            except UnicodeDecodeError:
                pass  # more is broken than the cut: see the repair below
            else:
                cut = len(data) - err.start
                note = f"truncated: the last {cut} byte(s) are half a UTF-8 character"
                return _checked(text), "utf-8", 1.0, note
    repaired = _mostly_utf8(data)
    if repaired is not None:
        return repaired
    return _detect(data)


#: UTF-8 with a few broken bytes is repaired when at least this many characters
#: decoded from multi-byte sequences stand for each broken sequence. Text in
#: another encoding (GBK, Big5) fails on nearly every Chinese character, and
#: binary data on most bytes, so neither comes close.
_GOOD_PER_BAD = 50


def _mostly_utf8(data: bytes) -> tuple[str, str, float, str | None] | None:
    """UTF-8 with a few invalid bytes (one ``\\xff``, an encoded lone surrogate, a bad cut).

    One bad byte must not lose a report: the broken sequences become U+FFFD
    (one each, so offsets stay those of the decoded text) and the note says
    how many and where the first is. None when the bytes are not UTF-8.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())  # U+FFFD stored as such is fine
    multibyte = sum(1 for ch in text if ch > "\x7f" and ch != "\ufffd")
    if bad <= 0 or multibyte < _GOOD_PER_BAD * bad:
        return None
    note = (
        f"{bad} invalid UTF-8 byte(s) replaced by U+FFFD (the first at character "
        f"{text.index(chr(0xFFFD))}); the rest decoded as UTF-8"
    )
    return _checked(text), "utf-8", round(1.0 - bad / max(multibyte, 1), 3), note


def _detect(data: bytes) -> tuple[str, str, float, str | None]:
    if b"\x00" in data[:4096]:
        return _utf16_without_bom(data)
    # Chinese encodings first: on short texts the open contest can prefer a Korean or
    # Japanese code page that also decodes GBK bytes (GB2312 read as CP949).
    match = charset_normalizer.from_bytes(data, cp_isolation=_CHINESE).best()
    if match is None or match.percent_chaos > _CHINESE_MESS:
        match = charset_normalizer.from_bytes(data).best()
    if match is None:
        raise ReadError(_NOT_TEXT)
    detected = match.encoding.lower()
    encoding = _SUPERSETS.get(detected, detected)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = str(match)
        encoding = detected
    confidence = round(max(0.0, 1.0 - match.percent_chaos / 100.0), 3)
    return _checked(text), encoding, confidence, None


def _utf16_without_bom(data: bytes) -> tuple[str, str, float, str | None]:
    """UTF-16 without BOM shows NULs on one side of each pair (digits, ASCII, newlines).

    charset-normalizer does not try it without a BOM; NULs anywhere else mean binary.
    """
    head = data[:4096]
    odd, even = head[1::2].count(0), head[0::2].count(0)
    if len(data) % 2 == 0 and (odd or even) and not (odd and even):
        encoding = "utf-16-le" if odd else "utf-16-be"
        try:
            return _checked(data.decode(encoding)), encoding, 0.9, None
        except UnicodeDecodeError:
            pass
    raise ReadError(_NOT_TEXT)


_NOT_TEXT = (
    "not text: no encoding decodes it (binary data?); if it is a document in another "
    "format, give it that format's suffix (.docx, .pdf, .html)"
)


def _checked(text: str) -> str:
    sample = text[:100_000]
    controls = sum(1 for ch in sample if ch < " " and ch not in _TEXT_CONTROLS)
    if controls > _MAX_CONTROL_SHARE * max(len(sample), 1) + 2:
        raise ReadError(_NOT_TEXT)
    return text
