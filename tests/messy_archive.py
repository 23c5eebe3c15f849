# ruff: noqa: E501  (the gov page fixture keeps its lines as a site would serve them)
"""A messy report archive built in a temporary folder, and what reading each file should give.

Shared by test_io, test_batch and test_dask. Also holds module-level worker
functions for the pool tests (spawned workers import them by name).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

import docx

FIGURES = "全年立项13项，安排科技经费626.12万元，增长30%。"
SIMPLIFIED = (
    f"某市科学技术局2023年工作总结\n{FIGURES}\r\n培训科技人员1.1万人次，新认定高新技术企业56家。\n"
)
TRADITIONAL = "某市科學技術局2022年工作總結\n全年立項13項，安排科技經費626.12萬元，增長30%。\n培訓1.1萬人次。\n"

GOV_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县2021年政府工作报告_某县人民政府门户网站</title>
<script>var _hmt = _hmt || []; function share(){ return 2024; }</script>
<style>.nav{color:red}</style></head>
<body>
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/bsfw">办事服务</a> | 无障碍浏览</div>
<div class="nav"><ul><li><a href="/">网站首页</a></li><li><a href="/a">机构概况</a></li>
<li><a href="/b">政策文件</a></li><li><a href="/d">统计数据</a></li></ul></div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 政府工作报告</div>
<div class="article">
<h1>某县2021年政府工作报告</h1>
<div class="info">发布时间：2021-03-01 09:00 来源：县政府办 浏览次数：4321 【打印】【关闭】</div>
<div class="content">
<p>过去一年，全县上下团结奋斗，经济社会发展取得新成绩。</p>
<p>全年立项13项，安排科技经费626.12万元，增长30%。地区生产总值达到152.3亿元，增长6.5%。</p>
<table><tr><td>指标</td><td>2020年</td></tr><tr><td>城镇新增就业（人）</td><td>3200</td></tr></table>
<p>新的一年，力争一般公共预算收入增长8%以上，新增城镇就业3000人。</p>
</div></div>
<div class="related"><h3>相关链接</h3><ul><li><a href="/x">某县2020年政府工作报告</a></li></ul></div>
<div class="footer"><p>主办单位：某县人民政府办公室</p>
<p>网站标识码：5101230001 蜀ICP备05012345号 川公网安备 51012302000123号</p>
<p>联系电话：028-87654321</p></div>
</body></html>
"""

DOCX_TEXT = (
    "某区2023年科技工作总结\n"
    "一、主要指标\n"
    "项目\t数量\t金额\n"
    "科技计划项目\t13项\t626.12万元\n"
    "人才引进\t56人\t120万元\n"
    f"二、工作成效\n{FIGURES}"
)

PDF_LINES = ["某市科技局2023年工作总结", FIGURES]


def make_pdf(lines: list[str] | None) -> bytes:
    """A one-page PDF: ``lines`` in STSong-Light (UniGB-UCS2-H, with a ToUnicode map),
    or with None a page that only draws a rectangle (no text layer, like a scan)."""
    if lines is not None:
        ops = ["BT", "/F1 14 Tf", "16 TL", "50 780 Td"]
        ops += ["<" + line.encode("utf-16-be").hex().upper() + "> Tj T*" for line in lines]
        content = "\n".join([*ops, "ET"]).encode("ascii")
    else:
        content = b"0.5 g 100 100 200 200 re f"
    codes = sorted({ord(c) for line in lines or [] for c in line})
    pairs = "\n".join(f"<{c:04X}> <{c:04X}>" for c in codes)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
        f"{len(codes)} beginbfchar\n{pairs}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    ).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> "
        b"/FontDescriptor 8 0 R /DW 1000 >>",
        b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"\nendstream",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_docx(path: Path) -> None:
    document = docx.Document()
    document.add_heading("某区2023年科技工作总结", level=1)
    document.add_paragraph("一、主要指标")
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(
        [
            ("项目", "数量", "金额"),
            ("科技计划项目", "13项", "626.12万元"),
            ("人才引进", "56人", "120万元"),
        ]
    ):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("二、工作成效")
    document.add_paragraph(FIGURES)
    document.save(str(path))


@dataclass
class Archive:
    root: Path
    #: doc_id -> exact text reading should give (good files whose text we know).
    texts: dict[str, str] = field(default_factory=dict)
    #: doc_id -> encoding the reader should report.
    encodings: dict[str, str] = field(default_factory=dict)
    #: doc_ids that should read (status ok), including those whose text is not known exactly.
    ok: set[str] = field(default_factory=set)
    #: doc_id -> words the error message must contain.
    errors: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def doc_ids(self) -> set[str]:
        return self.ok | set(self.errors)


def build(root: Path, big: bool = False) -> Archive:
    """The archive of the batch issue; ``big`` adds the 20 MB one-line file."""
    archive = Archive(root)

    def put(doc_id: str, data: bytes, text: str | None = None, enc: str | None = None) -> None:
        path = root / doc_id
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        if text is not None:
            archive.texts[doc_id] = text
            archive.ok.add(doc_id)
        if enc is not None:
            archive.encodings[doc_id] = enc

    rare = SIMPLIFIED + "王䶮（U+4DAE）同志作报告。\n"  # 䶮 needs GB18030's four-byte form
    put("gbk/report.txt", SIMPLIFIED.encode("gbk"), SIMPLIFIED, "gb18030")
    put("gbk/rare.txt", rare.encode("gb18030"), rare, "gb18030")
    put("big5.txt", TRADITIONAL.encode("big5"), TRADITIONAL, "big5hkscs")
    put("utf16.txt", SIMPLIFIED.encode("utf-16"), SIMPLIFIED, "utf-16")
    put("bom.md", SIMPLIFIED.encode("utf-8-sig"), SIMPLIFIED, "utf-8-sig")
    put("no_suffix", SIMPLIFIED.encode("utf-8"), SIMPLIFIED, "utf-8")
    put("truncated.txt", SIMPLIFIED.encode() + "科".encode()[:2], SIMPLIFIED, "utf-8")
    put("web/page.html", GOV_PAGE.encode("gb18030"), enc="gb18030")
    archive.ok.add("web/page.html")
    make_docx(root / "word.docx")
    archive.texts["word.docx"] = DOCX_TEXT
    archive.ok.add("word.docx")
    put("text.pdf", make_pdf(PDF_LINES), "\n".join(PDF_LINES))
    if big:
        filler = "各项工作取得明显成效，"
        line = filler * (20_000_000 // len(filler.encode())) + FIGURES
        put("big.txt", line.encode("utf-8"), line, "utf-8")

    def bad(doc_id: str, data: bytes, *words: str) -> None:
        put(doc_id, data)
        archive.errors[doc_id] = words

    bad("scan.pdf", make_pdf(None), "text layer", "OCR")
    bad("empty.txt", b"", "empty")
    bad("garbage", os.urandom(4096) + bytes(range(32)) * 8, "not text")
    bad("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, ".docx")
    bad("photo.png", b"\x89PNG\r\n\x1a\n" + os.urandom(64), "OCR")
    bad("fake.docx", b"this is no zip", "docx")
    # Tests run as root, for whom chmod 000 changes nothing: a link to nowhere cannot be read.
    (root / "unreadable.txt").symlink_to(root / "gone" / "missing.txt")
    archive.errors["unreadable.txt"] = ("broken symbolic link",)
    (root / ".hidden").mkdir()
    (root / ".hidden" / "skip.txt").write_text("不是报告", encoding="utf-8")
    (root / "notes.tsv").write_text("a\tb\n", encoding="utf-8")  # not a report suffix
    return archive


# --- worker functions for the pool tests (imported by spawned workers) ---


def pool_work(task: str) -> str:
    if task == "die":
        os._exit(3)
    if task == "hang":
        time.sleep(60)
    return task.upper()


def pool_lost(task: str, why: str) -> str:
    return f"lost {task}: {why}"


def pool_warm() -> None:
    pass
