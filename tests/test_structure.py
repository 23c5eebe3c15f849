"""Report structure: furniture, documents, headings, roles, years, sentences, clauses.

Table-driven: one row a case. The seed page's document spans are checked
against ``seed.docs.jsonl``; every real text of the shared corpus must parse
with spans in bounds and in order.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reportmine.structure import (
    Report,
    Section,
    find_furniture,
    parse_structure,
    split_clauses,
    split_sentences,
)

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seeds" / "000_0f14a433065eeb7a.txt"
SEED_DOCS = SHARED / "gold" / "seed.docs.jsonl"
REAL = sorted((SHARED / "corpus-real" / "docs").glob("*.txt"))
#: The shared folder beside the checkout; a user's clone has none, so these tests skip.
needs_seed = pytest.mark.skipif(
    not (SEED.is_file() and SEED_DOCS.is_file()), reason=f"shared seed page not found at {SEED}"
)

PARAGRAPH = "全年完成各类项目197项，比上年增长10%，安排科技经费192万元。"


def _read(path: Path) -> str:
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _sections(report: Report) -> list[Section]:
    return [s for d in report.documents for s in d.walk()]


# --------------------------------------------------------------------------- furniture

FURNITURE = [
    ("您现在的位置: 总结范文网 >> 工作总结 >> 正文", "breadcrumb"),
    ("首页 > 政务信息 > 宁夏要闻", "breadcrumb"),
    ("当前位置：", "breadcrumb"),
    ("【字号：大 中 小】", "font_size"),
    ("【字体：\n大\n中\n小\n】", "font_size"),
    ("共2页,当前第1页12", "pagination"),
    ("Copyright © 2012 总结范文网 All rights reserved. 网站地图", "copyright"),
    ("版权所有：河北省人民政府", "copyright"),
    ("冀ICP备06016263号-1", "icp"),
    ("冀公网安备 13010202002246号", "icp"),
    ("From:https://www.zongjiefanwen.com/Article/gzzj/5992.html", "url"),
    ("http://www.hebei.gov.cn/columns/index.html", "url"),
    ("（责任编辑：杨淼）", "editor"),
    ("责任编辑：", "editor"),
    ("来源：解放日报", "metadata"),
    ("来源:\n四川日报", "metadata"),
    ("发布时间：2024/1/23 19:45:59", "metadata"),
    ("浏览次数：1024", "metadata"),
    ("2026-02-03 09:02:33", "metadata"),
    ("[打印本页]", "button"),
    ("[关闭窗口]", "button"),
    ("分享到:", "button"),
    ("- 1 -", "page_marker"),
    ("— 12 —", "page_marker"),
    ("![](images_2021年成都统计公报/image_1.jpg)", "image"),
    ("Public domain", "copyright"),
    ("首页 | 政务公开 | 工作动态 | 通知公告 | 办事服务", "navigation"),
    ("网站首页｜机构概况｜政务公开", "navigation"),
]


@pytest.mark.parametrize(("line", "kind"), FURNITURE)
def test_furniture_line(line: str, kind: str) -> None:
    text = f"{PARAGRAPH}\n{line}\n{PARAGRAPH}\n"
    found = find_furniture(text)
    assert [f.kind for f in found] == [kind]
    start = len(PARAGRAPH) + 1
    assert (found[0].start, found[0].end) == (start, start + len(line))


NOT_FURNITURE = [
    "通过互联网(区内网、我局网站)、和纸制文件二种形式发布了项目指南。",
    "加强政府网站建设，全年网站访问量达到120万人次。",
    "来源于群众的意见建议全部办结。",
    "首页改版后，政务服务事项全部实现网上办理。",
    "共建共享，全年新增就业岗位2万个。",
    "版权保护工作扎实推进，查处侵权盗版案件12起。",
    "时间紧、任务重，全体干部加班加点完成了普查任务。",
    "一、2009年完成的主要工作",
    "2009年1月14日",
    "老字号企业发展到36家。",
]


@pytest.mark.parametrize("line", NOT_FURNITURE)
def test_not_furniture(line: str) -> None:
    assert find_furniture(f"{PARAGRAPH}\n{line}\n{PARAGRAPH}\n") == []


def test_inline_url_leaves_the_sentence() -> None:
    text = "进一步建立健全了长效机制。WWW.ZonGJiEFanWEn.Com\n"
    report = parse_structure(text)
    assert [report.span_text((f.start, f.end)) for f in report.furniture] == [
        "WWW.ZonGJiEFanWEn.Com"
    ]
    assert [report.span_text(s) for s in report.sentences] == ["进一步建立健全了长效机制。"]


def test_furniture_keeps_crlf_offsets() -> None:
    text = "来源：解放日报\r\n正文第一句。\r\n- 1 -\r\n正文第二句。\r\n"
    report = parse_structure(text)
    assert [report.span_text((f.start, f.end)) for f in report.furniture] == [
        "来源：解放日报",
        "- 1 -",
    ]
    assert [report.span_text(s) for s in report.sentences] == ["正文第一句。", "正文第二句。"]


# --------------------------------------------------------------------------- headings

HEADINGS = [
    # (text, expected [(heading, level)])
    (
        "一、总体情况\n（一）主动公开\n1、项目\n（1）立项\n①申报\n",
        [
            ("一、总体情况", 0),
            ("（一）主动公开", 1),
            ("1、项目", 2),
            ("（1）立项", 3),
            ("①申报", 4),
        ],
    ),
    (
        "(一)内强素质\n1.科技项目\n2．科普活动\n(二)外树形象\n",
        [
            ("(一)内强素质", 0),
            ("1.科技项目", 1),
            ("2．科普活动", 1),
            ("(二)外树形象", 0),
        ],
    ),
    (
        "第一章 总则\n第一节 目标\n一、发展目标\n第二章 任务\n",
        [
            ("第一章 总则", 0),
            ("第一节 目标", 1),
            ("一、发展目标", 2),
            ("第二章 任务", 0),
        ],
    ),
    (
        "## 一、综合\n## （一）地区生产总值\n## 二、农业\n",
        [
            ("一、综合", 0),
            ("（一）地区生产总值", 1),
            ("二、农业", 0),
        ],
    ),
    ("# 总则\n## 目标\n# 任务\n", [("总则", 0), ("目标", 1), ("任务", 0)]),
    ("一、综\n合\n全年全市生产总值增长5%。\n", [("一、综合", 0)]),
    (
        "（一）经济运行顶住压力、稳中有进。\n全年增长5%。\n",
        [("（一）经济运行顶住压力、稳中有进", 0)],
    ),
    (
        "（一）经济运行顶住压力、\n稳中有进\n全年增长5%。\n",
        [("（一）经济运行顶住压力、稳中有进", 0)],
    ),
    # a run-in heading: a short first sentence in front of its paragraph
    (
        "（一）经济增长进一步加快。2011年，地区生产总值完成198.5亿元。\n",
        [
            ("（一）经济增长进一步加快", 0),
        ],
    ),
    # list items that are paragraphs, not headings
    (
        "1、为充分发挥科技项目的引领作用,依照和参考市科学技术局科技项目指南,结合我区实际,"
        "编写了2009年度科技项目申报指南。\n",
        [],
    ),
    (
        "(4)2009年度第二批科学研究与技术开发计划项目已完成前期的审定、调研、论证工作,"
        "近期上报审定。\n",
        [],
    ),
    ("一是区科协组织区农林学会开展科普下乡服务活动。\n", []),
    ("2.5\n#粮食\n", []),
]


@pytest.mark.parametrize(("text", "expected"), HEADINGS)
def test_headings_and_levels(text: str, expected: list[tuple[str, int]]) -> None:
    report = parse_structure(text)
    assert [(s.heading, s.level) for s in _sections(report)] == expected


def test_heading_path_and_tree() -> None:
    text = (
        "一、工作回顾\n（一）科技\n1、项目\n立项10项。\n（二）科普\n二、工作思路\n全年计划20项。\n"
    )
    report = parse_structure(text)
    top = report.documents[0].sections
    assert [s.heading for s in top] == ["一、工作回顾", "二、工作思路"]
    assert [c.heading for c in top[0].children] == ["（一）科技", "（二）科普"]
    at = report.locate(text.index("立项"))
    assert at.path == "一、工作回顾 > （一）科技 > 1、项目"
    assert at.role == "review"
    assert report.locate(text.index("全年计划")).role == "plan"


# --------------------------------------------------------------------------- roles and years

ROLES = [
    ("一、2009年完成的主要工作", "review", 2009),
    ("一、过去五年工作回顾", "review", None),
    ("一、过去一年工作回顾", "review", 2011),
    ("二、2007年工作思路", "plan", 2007),
    ("二、2019年工作总体要求", "plan", 2019),
    ("三、2026年重点工作", "plan", 2026),
    ("二、“十五五”时期主要目标任务", "plan", None),
    ("（二）主要预期目标", "plan", None),
    ("二、明年工作安排", "plan", 2013),
    ("三、工作计划", "plan", None),
    ("一、国民经济持续快速健康发展", None, None),
    ("二、推进知识产权工作(2006年-2010年)", None, None),
    ("二、重点工作推进情况", "review", None),
    ("二、重点工作开展情况", "review", None),
    ("（三）主要任务完成情况", "review", None),
    ("一、2023年预算执行情况", "review", 2023),
    ("二、2024年预算草案", "plan", 2024),
    ("过去五年回顾和2002年工作情况", "review", 2002),
    ("二、关于1 9 9 8 年政府工作的建议", "plan", 1998),
    ("三、２０１３年工作安排", "plan", 2013),
    ("对今后五年和2003年政府工作的建议", "plan", 2003),
    ("2013年工作安排建议", "plan", 2013),
    ("名词解释", None, None),
    ("注释：", None, None),
]


@pytest.mark.parametrize(("heading", "role", "year"), ROLES)
def test_section_role_and_year(heading: str, role: str | None, year: int | None) -> None:
    text = f"2012年某区政府工作报告\n各位代表：\n{heading}\n{PARAGRAPH}\n"
    report = parse_structure(text)
    (section,) = _sections(report)
    assert (section.role, section.year) == (role, year)


def test_role_is_inherited_and_carried_into_later_parts() -> None:
    text = "一、2025年工作回顾\n（一）经济\n二、2026年重点工作\n（一）内需\n三、加强政府自身建设\n"
    sections = _sections(parse_structure(text))
    assert [(s.heading, s.role) for s in sections] == [
        ("一、2025年工作回顾", "review"),
        ("（一）经济", "review"),
        ("二、2026年重点工作", "plan"),
        ("（一）内需", "plan"),
        ("三、加强政府自身建设", "plan"),
    ]


def test_notes_after_a_plan_are_a_part_of_their_own() -> None:
    """A glossary that ends a report explains terms; it does not carry on the plan before it."""
    text = (
        "一、2025年工作回顾\n（一）经济\n二、2026年重点工作\n（一）内需\n全年增长5%。\n"
        "名词解释\n1.“两新”：大规模设备更新和消费品以旧换新。\n2.“两重”：国家重大战略。\n"
    )
    sections = _sections(parse_structure(text))
    assert [(s.heading, s.level, s.role) for s in sections][-3:] == [
        ("名词解释", 0, None),
        ("1.“两新”：大规模设备更新和消费品以旧换新", 2, None),
        ("2.“两重”：国家重大战略", 2, None),
    ]


def test_unmarked_role_headings() -> None:
    text = (
        "“十四五”时期工作回顾\n五年来成绩显著。\n2026年重点工作\n（一）放大促消费扩投资政策效应\n"
        "全年增长5%。\n"
    )
    sections = _sections(parse_structure(text))
    assert [(s.heading, s.level, s.role) for s in sections] == [
        ("“十四五”时期工作回顾", 0, "review"),
        ("2026年重点工作", 0, "plan"),
        ("（一）放大促消费扩投资政策效应", 1, "plan"),
    ]


YEARS = [
    ("区科技局2009年工作总结\n" + PARAGRAPH, 2009),
    ("政府工作报告\n——二〇二六年一月二十七日在省第十四届人民代表大会上\n" + PARAGRAPH, 2026),
    ("政府工作报告\n2019年1月14日在省人民代表大会上\n" + PARAGRAPH, 2019),
    ("2022 年成都市国民经济和社会发展统计公报\n成都市统计局\n2023 年3 月25 日\n" + PARAGRAPH, 2022),
    ("河北省政府工作报告（2019年1月14日）\n" + PARAGRAPH, 2019),
    ("科协工作总结\n" + PARAGRAPH + "\n奉贤区科委、科协2006年10月\n", 2006),
    ("标题：河北省2003年政府工作报告\n正文：\n政府工作报告\n" + PARAGRAPH, 2003),
    ("某市第十四个五年规划和二〇三五年远景目标纲要\n2021年2月1日\n" + PARAGRAPH, 2021),
    ("面向2030年的科技发展规划\n2016年5月\n" + PARAGRAPH, 2016),
    ("黔东南州统计局\n2024年5月7日\n2023年，全州经济稳中有进。\n" + PARAGRAPH, 2023),
    ("政府工作报告\n2024年1月20日\n各位代表：\n2023年，全市经济稳中有进。\n" + PARAGRAPH, 2024),
    ("关于2024年预算执行情况和2025年预算草案的报告\n各位代表：\n" + PARAGRAPH, 2025),
    ("关于2024年预算执行情况的报告\n各位代表：\n" + PARAGRAPH, 2024),
]


@pytest.mark.parametrize(("text", "year"), YEARS)
def test_document_year(text: str, year: int) -> None:
    (document,) = parse_structure(text).documents
    assert document.year == year


ISSUERS = [
    ("区科技局2009年工作总结\n" + PARAGRAPH, "区科技局"),
    ("2026年上海市政府工作报告\n" + PARAGRAPH, "上海市政府"),
    (
        "2023年统计公报\n成都市统计局 国家统计局成都调查队\n" + PARAGRAPH,
        "成都市统计局 国家统计局成都调查队",
    ),
    ("科协工作总结\n" + PARAGRAPH + "\n奉贤区科委、科协2006年10月\n", "奉贤区科委、科协"),
    ("政府工作报告\n各位代表：\n" + PARAGRAPH, None),
]


DELIVERED = [
    ("政府工作报告\n各位代表：\n" + PARAGRAPH, True),
    ("政 府 工 作 报 告\n" + PARAGRAPH, True),
    ("2024年上海市政府工作报告\n" + PARAGRAPH, True),
    ("区科技局2009年工作总结\n" + PARAGRAPH, False),
    ("2022年成都市国民经济和社会发展统计公报\n" + PARAGRAPH, False),
    ("关于2023年预算执行情况和2024年预算草案的报告\n各位代表：\n" + PARAGRAPH, True),
    ("关于2023年预算执行情况的报告\n各位代表：\n" + PARAGRAPH, False),
]


@pytest.mark.parametrize(("text", "delivered"), DELIVERED)
def test_delivered_to_a_congress(text: str, delivered: bool) -> None:
    (document,) = parse_structure(text).documents
    assert document.delivered is delivered


TITLES = [
    ("云岭县教育局2023年工作总结及2024年工作打算\n" + PARAGRAPH, None),
    (
        "首页 | 政务公开 | 工作动态 | 通知公告\n当前位置：首页 > 工作总结\n"
        "青溪区科学技术局2023年工作总结和2024年工作计划\n" + PARAGRAPH,
        None,
    ),
    ("某镇2019年工作设想\n" + PARAGRAPH, "plan"),
]


@pytest.mark.parametrize(("text", "role"), TITLES)
def test_title_after_menus(text: str, role: str | None) -> None:
    (document,) = parse_structure(text).documents
    assert document.title is not None and document.title in text
    assert text.index(document.title) == document.start
    assert document.role == role


@pytest.mark.parametrize(("text", "issuer"), ISSUERS)
def test_document_issuer(text: str, issuer: str | None) -> None:
    (document,) = parse_structure(text).documents
    assert document.issuer == issuer


# --------------------------------------------------------------------------- documents


@needs_seed
def test_seed_documents_match_gold() -> None:
    text = _read(SEED)
    gold = [json.loads(line) for line in SEED_DOCS.read_text(encoding="utf-8").splitlines()]
    documents = parse_structure(text, SEED.name).documents
    assert len(documents) == len(gold)
    for document, expected in zip(documents, gold, strict=True):
        assert abs(document.start - expected["start"]) <= 20
        assert abs(document.end - expected["end"]) <= 20
        assert document.year == expected["year"]
        assert document.title == expected["title"]


@needs_seed
def test_seed_sections_and_roles() -> None:
    text = _read(SEED)
    report = parse_structure(text)
    for needle, path, role, year in [
        (
            "立项科技项目10项",
            "一、2009年完成的主要工作 > (三)改善和加强科技项目的管理,积极完成和落实了"
            "科学研究与技术开发计划的编制和执行工作 > 2、认真做好科技计划的编制和执行等工作",
            "review",
            2009,
        ),
        ("专利申请量640件", "2006年科委科协简要总结 > 二、推进知识产权工作", "review", 2006),
        ("不少于20项", "科技工作目标任务", "plan", 2007),  # continues 2007年工作思路
        ("对上年度的对子", "2007年整体工作思路", "plan", 2007),
    ]:
        at = report.locate(text.index(needle))
        assert (at.path, at.role, at.year) == (path, role, year), needle


NOT_NEW_DOCUMENTS = [
    # a heading that looks like a title, inside one report
    "区科委2006年工作总结\n" + PARAGRAPH * 5 + "\n\n2007年工作思路\n\n" + PARAGRAPH,
    # a running page header repeating the title
    "2023年洛阳市统计公报\n" + PARAGRAPH * 5 + "\n- 2 -\n2023年洛阳市统计公报\n" + PARAGRAPH,
]


@pytest.mark.parametrize("text", NOT_NEW_DOCUMENTS)
def test_one_document(text: str) -> None:
    assert len(parse_structure(text).documents) == 1


def test_document_after_sign_off_and_pagination() -> None:
    text = (
        "甲局2006年工作总结\n"
        + PARAGRAPH * 8
        + "\n甲局2006年12月\n\n乙局2007年工作计划\n"
        + PARAGRAPH * 8
        + "\n共2页,当前第2页\n丙局2008年工作总结\n"
        + PARAGRAPH
    )
    documents = parse_structure(text).documents
    assert [(d.title, d.year) for d in documents] == [
        ("甲局2006年工作总结", 2006),
        ("乙局2007年工作计划", 2007),
        ("丙局2008年工作总结", 2008),
    ]
    assert documents[0].end == text.index("甲局2006年12月") + len("甲局2006年12月")


# --------------------------------------------------------------------------- sentences

SENTENCES = [
    ("立项13项。安排经费192万元！完成了吗？", ["立项13项。", "安排经费192万元！", "完成了吗？"]),
    ("任务一；任务二。", ["任务一；", "任务二。"]),
    (
        "他指出：“发展是第一要务。创新是第一动力。”全年增长5%。",
        [
            "他指出：“发展是第一要务。创新是第一动力。”全年增长5%。",
        ],
    ),
    ("提出“三个代表”。全年增长5%。", ["提出“三个代表”。", "全年增长5%。"]),
    ("第一段没有句号\n第二段。", ["第一段没有句号", "第二段。"]),
    ("正文第一句，\n接着写完。", ["正文第一句，\n接着写完。"]),
    ("正文第一句。\r\n\r\n正文第二句。", ["正文第一句。", "正文第二句。"]),
    ("表彰科技“五大奖“，总结工作。布置任务。", ["表彰科技“五大奖“，总结工作。", "布置任务。"]),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES)
def test_sentences(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_sentences(text)] == expected


def test_headings_between_one_line_paragraphs_are_not_wrapped_text() -> None:
    """Many short unpunctuated heading lines do not make a text look hard-wrapped."""
    paragraph = "全年完成投资12亿元，比上年增长8%，各项工作稳步推进，群众满意度持续提升。"
    parts = [f"（{n}）第{n}项工作\n\n{paragraph}\n\n" for n in "一二三四五六七"]
    text = "一、2022年工作完成情况\n\n" + "".join(parts) + "二、2023年工作计划\n\n" + paragraph
    headings = [s.heading for s in parse_structure(text).documents[0].walk()]
    assert headings[0] == "一、2022年工作完成情况"
    assert "二、2023年工作计划" in headings
    assert len(headings) == 9


def test_hard_wrapped_pdf_lines_join() -> None:
    line = "全市上下坚持以习近平新时代中国特色社会主义思想为指导，深入"
    last = "全市上下坚持以习近平新时代中国特色社会主义思想为指导，实现473.94\n万人。\n"
    text = (line + "\n") * 12 + last
    report = parse_structure(text)
    assert report.sentence_at(text.index("473.94")) == report.sentence_at(text.index("万人"))


CLAUSES = [
    (
        "全年立项13项，安排经费192万元、资助22项：其中农业类30项。",
        [
            "全年立项13项，",
            "安排经费192万元、",
            "资助22项：",
            "其中农业类30项。",
        ],
    ),
    (
        "围绕“实力xx区、魅力xx区”的目标，完成1,234项。",
        [
            "围绕“实力xx区、魅力xx区”的目标，",
            "完成1,234项。",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CLAUSES)
def test_clauses(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in split_clauses(text, 0, len(text))] == expected


def test_locate_gives_sentence_and_clause() -> None:
    text = "一、工作回顾\n全年立项13项，安排经费192万元。\n"
    report = parse_structure(text, doc_id="x")
    at = report.locate(text.index("192"))
    assert report.span_text(at.sentence or (0, 0)) == "全年立项13项，安排经费192万元。"
    assert report.span_text(at.clause or (0, 0)) == "安排经费192万元。"
    assert at.section is not None and at.section.heading == "一、工作回顾"
    assert not at.furniture


# --------------------------------------------------------------------------- robustness


@pytest.mark.parametrize(
    "path", [pytest.param(SEED, marks=needs_seed), *REAL], ids=lambda p: p.name
)
def test_real_text_spans_in_bounds_and_ordered(path: Path) -> None:
    text = _read(path)
    report = parse_structure(text, path.name)
    n = len(text)
    _ordered([(f.start, f.end) for f in report.furniture], n)
    _ordered(list(report.sentences), n)
    _ordered([(d.start, d.end) for d in report.documents], n)
    for document in report.documents:
        sections = list(document.walk())
        for s in sections:
            assert document.start <= s.start < s.heading_end <= n
            assert s.start <= s.end <= document.end
            for child in s.children:
                assert s.start <= child.start and child.end <= s.end
        assert [s.start for s in sections] == sorted(s.start for s in sections)
    for start, end in report.sentences[:: max(1, len(report.sentences) // 50)]:
        _ordered(split_clauses(text, start, end), n)


def _ordered(spans: list[tuple[int, int]], n: int) -> None:
    previous = 0
    for start, end in spans:
        assert previous <= start < end <= n
        previous = end


# --------------------------------------------------------------------------- one direction

PIPELINE = ["lexicon", "years", "structure", "quantities", "context", "indicators", "extraction"]


@pytest.mark.parametrize("module", PIPELINE)
def test_the_pipeline_imports_only_earlier_stages(module: str) -> None:
    """Each stage reads only the stages before it (and the record model, once records
    exist): the structure layer never imports context, the record model or display."""
    import ast
    import importlib.util

    spec = importlib.util.find_spec(f"reportmine.{module}")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    imported = set()
    for node in tree.body:  # module level; TYPE_CHECKING blocks are If nodes and skipped
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "reportmine":
                imported |= {alias.name for alias in node.names}
            elif node.module.startswith("reportmine."):
                imported.add(node.module.split(".")[1])
    allowed = set(PIPELINE[: PIPELINE.index(module)]) | {"text", "numerals", "units"}
    if module in ("context", "indicators", "extraction"):
        allowed |= {"model"}
    assert imported <= allowed, imported - allowed
