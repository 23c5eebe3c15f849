"""Reading report files of every kind an archive holds: ``reportmine.read_document``."""

from __future__ import annotations

from pathlib import Path

import pytest

import reportmine
from messy_archive import DOCX_TEXT, SIMPLIFIED, Archive, build
from reportmine.io import ReadError, guess_title, read_bytes


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return build(tmp_path_factory.mktemp("archive"))


def test_known_texts_read_exactly_with_their_encoding(archive: Archive) -> None:
    for doc_id, expected in archive.texts.items():
        text, info = reportmine.read_document(archive.root / doc_id)
        assert text == expected, doc_id
        assert info.n_chars == len(text)
        assert info.bytes == (archive.root / doc_id).stat().st_size
        assert info.path == str(archive.root / doc_id)
        if doc_id in archive.encodings:
            assert info.encoding == archive.encodings[doc_id], doc_id
            assert info.confidence is not None and 0 < info.confidence <= 1


def test_truncated_utf8_keeps_the_text_and_says_so(archive: Archive) -> None:
    _, info = reportmine.read_document(archive.root / "truncated.txt")
    assert info.note is not None and "truncated" in info.note


def test_html_keeps_the_article_and_drops_the_site(archive: Archive) -> None:
    text, info = reportmine.read_document(archive.root / "web/page.html")
    assert (info.format, info.encoding) == ("html", "gb18030")
    assert text.startswith("某县2021年政府工作报告")
    for kept in ("626.12万元", "152.3亿元", "3200", "新增城镇就业3000人"):
        assert kept in text
    for furniture in (
        "当前位置",
        "ICP",
        "028-87654321",
        "浏览次数",
        "相关链接",
        "share",
        "网站首页",
    ):
        assert furniture not in text


def test_docx_paragraphs_and_table_in_reading_order(archive: Archive) -> None:
    text, info = reportmine.read_document(archive.root / "word.docx")
    assert text == DOCX_TEXT
    assert info.format == "docx" and info.encoding is None


def test_errors_say_what_to_do(archive: Archive) -> None:
    for doc_id, words in archive.errors.items():
        with pytest.raises(ReadError) as caught:
            reportmine.read_document(archive.root / doc_id)
        for word in words:
            assert word in str(caught.value), (doc_id, str(caught.value))


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("a.txt", b"\x00\x01\x02\x03" * 100, "not text"),
        ("a.xlsx", b"PK", "csv"),
        ("a.pdf", b"%PDF-1.4 broken", "damaged PDF"),
        ("a.html", b"<html><body><script>x()</script></body></html>", "without text"),
        ("a.txt", b"   \n\n", "no text"),
    ],
)
def test_more_unreadable_bytes(name: str, data: bytes, words: str) -> None:
    with pytest.raises(ReadError, match=words):
        read_bytes(name, data)


def test_folder_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "x.txt").mkdir()
    with pytest.raises(ReadError, match="folder"):
        reportmine.read_document(tmp_path / "x.txt")
    with pytest.raises(ReadError, match="No such file"):
        reportmine.read_document(tmp_path / "nope.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32", "gb2312", "big5"])
def test_other_encodings(encoding: str) -> None:
    text = "全年立項13項，增長30%。\n" if encoding == "big5" else "全年立项13项，增长30%。\n"
    assert read_bytes("a.txt", text.encode(encoding))[0] == text


def test_plain_utf8_is_preferred_without_guessing() -> None:
    text, info = read_bytes("a", SIMPLIFIED.encode("utf-8"))
    assert (text, info.encoding, info.confidence, info.format) == (SIMPLIFIED, "utf-8", 1.0, "text")


@pytest.mark.parametrize(
    ("text", "title", "year"),
    [
        (SIMPLIFIED, "某市科学技术局2023年工作总结", 2023),
        (
            "首页 > 政务公开\n发布时间：2021-03-01\n\n  关于二〇一九年预算执行情况的报告\n正文。",
            "关于二〇一九年预算执行情况的报告",
            2019,
        ),
        ("# 某县政府工作报告\n", "某县政府工作报告", None),
        ("全年立项13项，安排科技经费626.12万元，增长30%。", None, None),
        ("", None, None),
    ],
)
def test_guess_title(text: str, title: str | None, year: int | None) -> None:
    assert guess_title(text) == (title, year)
