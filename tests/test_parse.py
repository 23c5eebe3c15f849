"""``reportmine.parse``: one model of the report, with its records placed in it."""

from __future__ import annotations

import doctest

import pytest

import reportmine
from reportmine import parse

WRAPPED = "全市上下坚持以习近平新时代中国特色社会主义思想为指导，深入"

# (text, figure, expected (section, subject, status, year) of that figure's record)
PLACED = [
    (
        "区科技局2009年工作总结\n一、2009年完成的主要工作\n全年立项13项。\n"
        "二、2010年工作思路\n力争立项20项。\n",
        "20项",
        ("二、2010年工作思路", "立项", "target", 2010),
    ),
    (
        "区科委2006年工作总结2007年思路\n2006年科委科协简要总结\n"
        "一、组织实施科技项目\n全年申请专利640件。\n\n2007年工作思路\n\n科技工作目标任务\n"
        "一、加强宣传\n专利申请量不少于700件。\n",
        "700件",
        ("科技工作目标任务 > 一、加强宣传", "专利申请量", "target", 2007),
    ),
    (
        "政府工作报告\n各位代表：\n一、2023年工作回顾\n全市生产总值增长5.2%。\n"
        "二、2024年工作安排\n全市生产总值增长5%左右。\n",
        "5.2%",
        ("一、2023年工作回顾", "全市生产总值", "actual", 2023),
    ),
    (
        (WRAPPED + "\n") * 12 + WRAPPED[:-7] + "全年第一产业增\n加值增长2.0%。\n",
        "2.0%",
        (None, "第一产业增\n加值", "actual", None),  # a contiguous source string (§2)
    ),
]


UNDATED = (
    "各位代表：\n\n现在，我受国务院的委托，向大会报告政府工作。\n\n一、伟大的历史性转变\n\n"
    "一九七八年工业总产值比一九七七年增长百分之十三点五。一九七八年粮食总产量达到三亿零四百七十五万吨。"
    "钢产量增加到三千一百七十八万吨。\n\n二、打好第一个战役\n\n今年计划钢产量达到三千二百万吨。\n"
)
PLACED += [
    # an undated report to a congress: a year after the year its text cites most
    (UNDATED, "三千一百七十八万吨", ("一、伟大的历史性转变", "钢产量", "actual", 1978)),
    (UNDATED, "三千二百万吨", ("二、打好第一个战役", "钢产量", "target", 1979)),
]


@pytest.mark.parametrize(("text", "figure", "expected"), PLACED)
def test_record_is_placed_in_the_report(
    text: str, figure: str, expected: tuple[str | None, str, str, int | None]
) -> None:
    report = parse(text)
    (record,) = [m for m in report.metrics if m.text == figure]
    assert (record.section, record.subject, record.status, record.year) == expected
    assert record.sentence is not None and record.sentence in text


def test_parse_and_extract_give_the_same_records() -> None:
    text = PLACED[0][0]
    report = parse(text, doc_id="a.txt")
    assert list(report.metrics) == reportmine.extract(text, doc_id="a.txt")
    assert [d.title for d in report.documents] == ["区科技局2009年工作总结"]
    assert [s.heading for s in report.documents[0].sections] == [
        "一、2009年完成的主要工作",
        "二、2010年工作思路",
    ]
    frame = report.to_frame()
    assert list(frame["text"]) == ["13项", "20项"]
    assert list(frame["section"]) == ["一、2009年完成的主要工作", "二、2010年工作思路"]
    assert frame["doc_id"].eq("a.txt").all()


def test_records_of_a_multi_report_page_take_their_own_document_year() -> None:
    paragraph = "全年完成各类项目197项，比上年增长10%，安排科技经费192万元。" * 8
    text = (
        f"甲局2006年工作总结\n{paragraph}\n甲局2006年12月\n\n"
        f"乙局2009年工作总结\n{paragraph}\n乙局2009年12月\n"
    )
    report = parse(text)
    assert [d.year for d in report.documents] == [2006, 2009]
    years = {m.year for m in report.metrics if m.text == "197项"}
    assert years == {2006, 2009}


def test_package_docstring_examples_run() -> None:
    assert doctest.testmod(reportmine).failed == 0


def test_an_endless_sentence_is_read_in_a_window_around_each_figure() -> None:
    """A table flattened into one line has no sentence marks; context reads near the figure."""
    text = "".join(f"{i % 97}个单位" for i in range(300))
    report = parse(text)
    assert len(report.metrics) == 300
    for record in report.metrics:
        assert record.sentence is not None and record.text in record.sentence
        assert len(record.sentence) <= 2 * 400 + len(record.text)
