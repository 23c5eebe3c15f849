"""The pipeline reads a same-length copy: Traditional as Simplified, a lone CR as LF.

A report in Traditional characters gives the records of its Simplified form
(issue 10 #15); a file with CR-only line endings gives the records of its LF
form (issue 13).

The pipeline reads a same-length Simplified copy, so every number field, the
category, status and year must agree with the Simplified text's records, while
``text``, ``subject`` and ``sentence`` are the strings of the text as written.
A Big5 file is read through ``read_document`` like any other.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import reportmine
from reportmine.model import Metric

PAIRS = [
    (
        "本年度立項13項，經費626.12萬元，增長三成。",
        "本年度立项13项，经费626.12万元，增长三成。",
    ),
    (
        "香港特別行政區2023年施政報告\n一、主要工作\n全年培訓人員2.3萬人次，發放資料三千六百份，"
        "總投資1億3千多萬元。",
        "香港特别行政区2023年施政报告\n一、主要工作\n全年培训人员2.3万人次，发放资料三千六百份，"
        "总投资1亿3千多万元。",
    ),
]

SAME = ("start", "end", "value", "value_high", "unit", "kind", "qualifier", "category", "status")


def as_written(record: Metric, source: str) -> bool:
    return source[record.start : record.end] == record.text


@pytest.mark.parametrize(("traditional", "simplified"), PAIRS, ids=[p[0][:12] for p in PAIRS])
def test_traditional_gives_the_simplified_records(traditional: str, simplified: str) -> None:
    got = reportmine.extract(traditional)
    want = reportmine.extract(simplified)
    assert want, "the Simplified form has figures"
    assert [[getattr(r, f) for f in SAME] for r in got] == [
        [getattr(r, f) for f in SAME] for r in want
    ]
    assert [r.year for r in got] == [r.year for r in want]
    for record, twin in zip(got, want, strict=True):
        assert as_written(record, traditional)
        assert record.sentence is not None and record.sentence in traditional
        if twin.subject is None:
            assert record.subject is None
        else:
            assert record.subject is not None and record.subject in traditional
            assert len(record.subject) == len(twin.subject)


def test_report_text_is_the_text_as_written() -> None:
    traditional = PAIRS[0][0]
    assert reportmine.parse(traditional).text == traditional


def test_big5_file(tmp_path: Path) -> None:
    traditional = PAIRS[1][0]
    path = tmp_path / "report.txt"
    path.write_bytes(traditional.encode("big5"))
    text, _ = reportmine.read_document(path)
    assert text == traditional
    records = reportmine.extract(text)
    assert [r.text for r in records] == ["2.3萬人次", "三千六百份", "1億3千多萬元"]
    assert [r.value for r in records] == [23000, 3600, 130000000]


def test_cr_only_line_endings_read_as_lf() -> None:
    lf = "区科技局2009年工作总结\n一、2009年完成的主要工作\n全年立项13项，其中9.4\n十种产品。\n"
    cr = lf.replace("\n", "\r")
    got, want = reportmine.extract(cr), reportmine.extract(lf)
    assert want
    fields = ("start", "end", "value", "unit", "kind", "qualifier", "year", "status", "section")
    assert [[getattr(r, f) for f in fields] for r in got] == [
        [getattr(r, f) for f in fields] for r in want
    ]
    assert all(as_written(r, cr) and r.sentence and r.sentence in cr for r in got)
