"""The highlighted view: every figure marked once, the text intact, nothing executable."""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import reportmine
from reportmine import Metric
from reportmine.display import FOLD_AFTER, report_html, show, to_displacy

PARAGRAPH = (
    "一、2023年工作回顾\n全年立项13项，安排科技经费626.12万元，培训1.1万人次。\n"
    "二、2024年工作计划\n力争新增企业1-2家，发放宣传单XX多份。\n"
)
HOSTILE = (
    '<script>alert(1)</script> & "双引号" \'单引号\' <img src=x onerror="alert(2)">'
    "\n安排经费100万元&amp;<b>培训</b>50人次。\r\n"
)
MARK = re.compile(r'<mark class="rm-m" data-i="(\d+)"[^>]*>(.*?)</mark>', re.S)


def visible_text(fragment: str) -> str:
    """What a reader sees of the report: the text container with tags stripped, unescaped."""
    body = fragment[fragment.index('<div class="rm-text"') :]
    return html.unescape(re.sub(r"<[^>]+>", "", body))


def long_report() -> str:
    """Over FOLD_AFTER characters, with headings, a CRLF line and a figure across a line break."""
    sections = []
    for number, heading in enumerate(["一、项目工作", "二、人才工作", "三、科普工作"], 1):
        lines = [f"全年第{number}部分立项{i + 10}项，安排经费{i + 1}.5万元。" for i in range(90)]
        sections.append(heading + "\r\n" + "\n".join(lines))
    return "区科技局2009年工作总结\n\n" + "\n\n".join(sections) + "\n合计培训473.94\n万人次。"


@dataclass
class FakeReport:
    """What the structure engineer's Report offers: text, records, a title."""

    text: str
    metrics: list[Metric] = field(default_factory=list)
    title: str = "测试报告"


@pytest.mark.parametrize(
    "text", [PARAGRAPH, HOSTILE, long_report()], ids=["short", "hostile", "long"]
)
def test_every_metric_is_highlighted_once_and_text_is_unchanged(text: str) -> None:
    metrics = reportmine.extract(text)
    assert metrics, "the sample must hold figures"
    fragment = show(text, metrics)._repr_html_()
    marks = MARK.findall(fragment)
    assert sorted(int(i) for i, _ in marks) == list(range(len(metrics)))
    for index, inner in marks:
        assert html.unescape(inner) == metrics[int(index)].text
    assert visible_text(fragment) == text


def test_long_reports_fold_into_sections_headed_by_their_own_lines() -> None:
    text = long_report()
    assert len(text) > FOLD_AFTER
    fragment = show(text)._repr_html_()
    summaries = re.findall(r"<summary[^>]*>(.*?)</summary>", fragment, re.S)
    headings = [html.unescape(re.sub(r"<[^>]+>", "", s)) for s in summaries]
    assert headings[:4] == [
        "区科技局2009年工作总结",
        "一、项目工作",
        "二、人才工作",
        "三、科普工作",
    ]
    assert "<details" in fragment and '<details class="rm-block" data' in fragment  # some closed
    assert "473.94\n万人次" in [html.unescape(inner) for _, inner in MARK.findall(fragment)]


def test_hostile_text_is_escaped() -> None:
    fragment = show(HOSTILE).to_html()
    assert "<script" not in fragment and "<img" not in fragment and "<b>" not in fragment
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in fragment
    assert "&amp;amp;" in fragment  # a literal "&amp;" in the report stays literal
    assert "&quot;双引号&quot;" in fragment


def test_hostile_record_fields_are_escaped_in_tooltips() -> None:
    text = "经费100万元"
    (m,) = reportmine.extract(text)
    bad = m.model_copy(update={"subject": '"><script>alert(3)</script>'})
    fragment = show(text, [bad])._repr_html_()
    assert "<script" not in fragment
    (title,) = re.findall(r'title="([^"]*)"', fragment.split("<mark", 1)[1])[:1]
    assert "subject: &quot;&gt;&lt;script&gt;" in title


def test_tooltip_carries_the_record_and_status_styles_differ() -> None:
    text = "安排科技经费626.12万元，力争新增企业1-2家。"
    actual, target = reportmine.extract(text)
    actual = actual.model_copy(
        update={"subject": "科技经费", "category": "funding", "status": "actual", "year": 2023}
    )
    target = target.model_copy(update={"category": "organizations", "status": "target"})
    fragment = show(text, [actual, target])._repr_html_()
    first, second = MARK.finditer(fragment)
    assert "value: 6,261,200 元" in first.group(0) and "subject: 科技经费" in first.group(0)
    assert "year: 2023" in first.group(0) and "qualifier: exact" in first.group(0)
    assert "value: 1 – 2 家" in second.group(0)
    assert "solid" in first.group(0) and "dashed" in second.group(0)
    assert "funding 1" in fragment and "organizations 1" in fragment  # the legend


def test_page_is_self_contained_and_saves(tmp_path: Path) -> None:
    view = show(PARAGRAPH)
    page = view.to_html()
    assert page.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in page
    for external in ("src=", "href=", "@import", "url(", "<link", "<script"):
        assert external not in page
    assert "Noto Sans CJK SC" in page and "white-space:pre-wrap" in page
    saved = view.save(tmp_path / "view.html")
    assert saved.read_text(encoding="utf-8") == page


def test_report_objects_are_accepted_by_duck_typing() -> None:
    report = FakeReport(PARAGRAPH, reportmine.extract(PARAGRAPH))
    fragment = report_html(report)
    assert "<strong>测试报告</strong>" in fragment
    assert MARK.findall(fragment) == MARK.findall(show(PARAGRAPH)._repr_html_())
    assert visible_text(fragment) == PARAGRAPH
    assert to_displacy(report)["title"] == "测试报告"


def test_table_rows_are_accepted_as_records() -> None:
    metrics = reportmine.extract(PARAGRAPH, doc_id="demo.txt")
    frame = reportmine.to_frame(metrics).assign(issuer="青溪区")
    assert show(PARAGRAPH, frame).fragment == show(PARAGRAPH, metrics).fragment


def test_records_of_another_text_are_refused() -> None:
    metrics = reportmine.extract(PARAGRAPH)
    with pytest.raises(ValueError, match="not in this text"):
        show("另一段文字" + PARAGRAPH, metrics)
    with pytest.raises(TypeError):
        show(42)  # type: ignore[arg-type]


def test_displacy_format_is_well_formed() -> None:
    metrics = reportmine.extract(PARAGRAPH, doc_id="demo.txt")
    data = to_displacy(PARAGRAPH, metrics)
    assert set(data) == {"text", "ents", "title"}
    assert data["text"] == PARAGRAPH and data["title"] == "demo.txt"
    ents = data["ents"]
    assert [set(e) for e in ents] == [{"start", "end", "label"}] * len(metrics)
    assert [(e["start"], e["end"]) for e in ents] == sorted((m.start, m.end) for m in metrics)
    for e, m in zip(ents, metrics, strict=True):
        assert PARAGRAPH[e["start"] : e["end"]] == m.text
        assert e["label"] == (m.category or m.kind)
    assert all(a["end"] <= b["start"] for a, b in itertools.pairwise(ents))


def test_structure_report_renders_itself_in_jupyter() -> None:
    """``Report._repr_html_`` is the notebook hook: the view of a parsed report."""
    from reportmine.structure import parse_structure

    text = "一、工作回顾\n全年立项13项，安排科技经费626.12万元。"
    html = parse_structure(text, "r.txt")._repr_html_()
    assert "626.12万元" in html and "13项" in html
