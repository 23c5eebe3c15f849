"""Table-driven tests of the context layer (METRICS.md §2, §3, §5): one sentence a row.

Each row puts a sentence under a heading of a small document and marks the
figure under test with brackets; the row gives the subject (right when one
string contains the other, as the scorer rules), category, status and year.
"""

from __future__ import annotations

import pytest

from reportmine.extraction import extract
from reportmine.lexicon import lexicon_dir, read_table

REVIEW = "区科技局2009年工作总结\n\n一、2009年完成的主要工作\n\n"
PLAN = "区科技局2009年工作总结\n\n二、2010年工作思路\n\n"
REPORT = "政府工作报告\n\n各位代表：\n\n一、2015年工作回顾\n\n"
REPORT_PLAN = "政府工作报告\n\n各位代表：\n\n一、2015年工作回顾\n\n二、2016年重点工作\n\n"
FIVE_YEARS = "政府工作报告\n\n各位代表：\n\n一、过去五年工作回顾\n\n"
DATED_FIVE_YEARS = "政府工作报告\n\n——2008年3月5日\n\n各位代表：\n\n一、过去五年工作回顾\n\n"
FIRST_PLAN = "政府工作报告\n\n各位代表：\n\n二、第一个五年计划的主要任务\n\n"
FIFTEENTH = "某省国民经济和社会发展第十五个五年规划纲要\n\n第三章 主要目标\n\n"
OPEN = "区科技局2009年工作总结\n\n"
FIVE_2008 = "国务院2008年政府工作报告\n\n各位代表：\n\n一、过去五年工作回顾\n\n"
PLAN_13 = "国务院2016年政府工作报告\n\n各位代表：\n\n二、“十三五”时期主要目标任务\n\n"
REPORT_2016 = "国务院2016年政府工作报告\n\n各位代表：\n\n"
MIXED = "省人民政府2026年政府工作报告\n\n各位代表：\n\n一、2025年工作回顾和“十四五”发展主要成绩\n\n"
PROGRESS = "区农业农村局2024年工作总结\n\n二、重点工作推进情况\n\n"

# (document head, sentence with [figure], subject, category, status, year)
ROWS: list[tuple[str, str, str, str, str, int | None]] = [
    # subject: before the figure, cue words skipped
    (REVIEW, "共立项[13项]。", "立项", "projects", "actual", 2009),
    (REVIEW, "安排科技经费[192万元]。", "科技经费", "funding", "actual", 2009),
    (REVIEW, "至9月底，专利申请量[640件]。", "专利申请量", "ip", "actual", 2009),
    (REVIEW, "受教育人数达[三千六百余人]。", "受教育人数", "people", "actual", 2009),
    (REVIEW, "发放宣传单[XX多份]。", "宣传单", "materials", "actual", 2009),
    (REVIEW, "举办各类实用技术培训[1.1万人次]。", "培训", "people", "actual", 2009),
    # subject: after the classifier
    (REVIEW, "组织专家开展了[三十场]科普讲座。", "科普讲座", "events", "actual", 2009),
    (REVIEW, "我区共有[12家]单位的项目被纳入。", "单位", "organizations", "actual", 2009),
    (REVIEW, "开展了[十余场]各具特色的科普活动。", "科普活动", "events", "actual", 2009),
    (REVIEW, "完成沿河[5.3公里]道路的建设任务。", "道路", "infrastructure", "actual", 2009),
    (REVIEW, "在科技创新大赛中，共有[8587人]参加。", "参加", "people", "actual", 2009),
    (REVIEW, "市级项目20项，其它[30项]。", "其它", "projects", "actual", 2009),
    (REVIEW, "有[4项]新技术成果及产品获金奖。", "新技术成果", "awards", "actual", 2009),
    # subject: list items, 其中, 分别
    (PLAN, "其中农业类[30项]，医疗等其它行业15项。", "农业类", "projects", "target", 2010),
    (REVIEW, "刑事、治安案件分别下降6.6%、[3.6%]。", "治安案件", "other", "actual", 2009),
    (
        REVIEW,
        "化学需氧量、二氧化硫排放总量分别下降[3.14%]和4.66%。",
        "化学需氧量",
        "environment",
        "actual",
        2009,
    ),
    (
        REVIEW,
        "一般公共预算收入12.5亿元，税收收入9.8亿元，分别增长8.8%和[10.8%]。",
        "税收收入",
        "economy",
        "actual",
        2009,
    ),
    (REVIEW, "财政收入9.8亿元，分别增长[8.8%]和10.8%。", "财政收入", "economy", "actual", 2009),
    (PLAN, "力争立项[20项]。", "立项", "projects", "target", 2010),
    (PLAN, "工农业总产值计划增长[7%]。", "工农业总产值", "economy", "target", 2010),
    # year: what governs a list of figures governs each item
    (
        DATED_FIVE_YEARS,
        "地区总部、研发中心分别从771家、[481家]增加到1076家、636家。",
        "研发中心",
        "organizations",
        "actual",
        2002,
    ),
    (
        DATED_FIVE_YEARS,
        "地区总部、研发中心分别从771家、481家增加到1076家、[636家]。",
        "研发中心",
        "organizations",
        "actual",
        2007,
    ),
    # year: full-width and PDF-spaced years, averages over a span, a ratio's base year
    (REVIEW, "1 9 9 7 年粮食产量达到[4 9 2 5 亿公斤]。", "粮食产量", "economy", "actual", 1997),
    # PDF layers: a space inside a word, a footnote mark before the figure
    (REVIEW, "外商 投资企业[297户]。", "外商 投资企业", "organizations", "actual", 2009),
    (REVIEW, "全年全州生产总 值［2］[1329.65亿元]。", "生产总 值", "economy", "actual", 2009),
    (REVIEW, "国民收入１９８７年达到[９１５３亿元]。", "国民收入", "economy", "actual", 1987),
    (
        REVIEW,
        "国民收入达到９１５３亿元，平均每年增长[１０．７％]。",
        "国民收入",
        "economy",
        "actual",
        None,
    ),
    (REVIEW, "全年旅游创汇18.4亿美元，为2002年的[2.2倍]。", "旅游创汇", "economy", "actual", 2009),
    # a plan named in full: 第一个五年计划 ran 1953-1957, levels reached date to its end
    (
        FIRST_PLAN,
        "粮食：从三千二百七十八亿斤增加到[三千八百五十六亿斤]。",
        "粮食",
        "economy",
        "target",
        1957,
    ),
    (FIFTEENTH, "研发经费投入强度达到[3.2%]。", "研发经费投入强度", "funding", "target", 2030),
    (REVIEW, "完成市科技计划[3项]。", "市科技计划", "projects", "actual", 2009),
    # subject inherited by a rate with no noun of its own
    (
        REVIEW,
        "高新技术产业产值达130亿元，增长[30%]。",
        "高新技术产业产值",
        "economy",
        "actual",
        2009,
    ),
    # category: the head term decides, then the unit
    (REVIEW, "办理专利申请专项资助[22项]。", "专利申请专项资助", "funding", "actual", 2009),
    (REVIEW, "完成技术合同认定登记[26项]。", "技术合同认定登记", "ip", "actual", 2009),
    (REVIEW, "新增城镇就业[5100万人]。", "就业", "people", "actual", 2009),
    (REVIEW, "粮食种植面积[744.8万亩]。", "种植面积", "economy", "actual", 2009),
    (REVIEW, "展出展板[30块]。", "展板", "materials", "actual", 2009),
    # status: plan section, cue words, baselines inside plans
    (PLAN, "申报国家级各类科技项目不少于[20项]。", "科技项目", "projects", "target", 2010),
    (PLAN, "争取上海市名牌产品1—2个（原我区有市名牌[19个]）。", "市名牌", "ip", "actual", 2009),
    (
        PLAN,
        "对老城区现有的[450万平方米]棚户区进行调查。",
        "棚户区",
        "infrastructure",
        "actual",
        2009,
    ),
    (PLAN, "产值达130亿元，比2009年[100亿元]增长30%。", "产值", "economy", "actual", 2009),
    (
        PLAN,
        "高新技术产业产值占工业总产值由2008年[13%]增长至15%。",
        "工业总产值",
        "economy",
        "actual",
        2008,
    ),
    (REVIEW, "2009年目标培训[2000人次]以上。", "培训", "people", "actual", 2009),
    (PLAN, "申报科技项目130项，同比2009年[118项]递增10%。", "科技项目", "projects", "actual", 2009),
    (PLAN, "申报科技项目130项，同比2009年118项递增[10%]。", "递增", "projects", "target", 2010),
    (PLAN, "原煤产量达到[1250万吨]。", "原煤产量", "economy", "target", 2010),
    (OPEN, "将近[3000人]参加培训。", "培训", "people", "actual", 2009),
    (PROGRESS, "新开工项目[34个]，续建项目56个。", "新开工项目", "projects", "actual", 2024),
    # year: work reports, relative years, multi-year spans
    (REPORT, "全年新增就业[5700人]。", "新增就业", "people", "actual", 2015),
    (REPORT_PLAN, "今年拟安排财政赤字[2.18万亿元]。", "财政赤字", "funding", "target", 2016),
    (REPORT_PLAN, "财政赤字比去年增加[5600亿元]。", "财政赤字", "funding", "target", 2016),
    (REPORT, "国内生产总值增长6.9%，年均增长[7.8%]。", "国内生产总值", "economy", "actual", None),
    (FIVE_YEARS, "五年累计新增城镇就业[6600万人]。", "就业", "people", "actual", None),
    (REPORT, "2014年粮食产量达到[60710万吨]。", "粮食产量", "economy", "actual", 2014),
    (
        REPORT,
        "城镇居民人均可支配收入由2010年7703元增加到2014年[13786元]。",
        "人均可支配收入",
        "economy",
        "actual",
        2014,
    ),
    # year: spans of several years (METRICS.md §5): a level reached takes the last year,
    # a start value the year before, a flow or total none
    (FIVE_2008, "外汇储备超过[1.52万亿美元]。", "外汇储备", "economy", "actual", 2007),
    (FIVE_2008, "远程教育已覆盖[36万所]农村中小学。", "中小学", "organizations", "actual", 2007),
    (FIVE_2008, "五年中央财政用于科技的投入达到[3406亿元]。", "投入", "funding", "actual", None),
    (FIVE_2008, "农民人均纯收入由[2476元]增加到4140元。", "人均纯收入", "economy", "actual", 2002),
    (PLAN_13, "森林覆盖率达到[23.04%]。", "森林覆盖率", "environment", "target", 2020),
    (PLAN_13, "平均受教育年限从[10.23年]提高到10.8年。", "受教育年限", "people", "actual", 2015),
    (PLAN_13, "平均受教育年限从10.23年提高到[10.8年]。", "受教育年限", "people", "target", 2020),
    (
        REPORT_2016,
        "今后五年，森林覆盖率达到[23.04%]。",
        "森林覆盖率",
        "environment",
        "target",
        2020,
    ),
    (REPORT_2016, "今后五年，能耗下降[15%]。", "能耗", "environment", "target", None),
    (REVIEW, "2006年以来累计新增就业[5100人]。", "新增就业", "people", "actual", None),
    (MIXED, "累计识别监测对象[20.9万户]。", "监测对象", "people", "actual", None),
    # year: a running total inside one year, a year opening the sentence, Chinese digits
    (REVIEW, "全年累计发放资助资金[3260万元]。", "资助资金", "funding", "actual", 2009),
    (MIXED, "强化[39个]欠发达县域帮扶。", "欠发达县域", "organizations", "actual", 2025),
    (
        FIVE_2008,
        "2007年，财政收入达到5.13万亿元；税收增长[1.71倍]。",
        "税收",
        "economy",
        "actual",
        2007,
    ),
    (
        OPEN,
        "一九九四年，全市国内生产总值达到[一百二十六亿元]。",
        "国内生产总值",
        "economy",
        "actual",
        1994,
    ),
    # year: spans that name something rather than date the figure
    (
        REVIEW,
        "按照三年（2015-2017年）行动要求，淘汰燃煤锅炉[12台]。",
        "燃煤锅炉",
        "environment",
        "actual",
        2009,
    ),
    (REVIEW, "学前三年毛入园率达到[92.6%]。", "毛入园率", "people", "actual", 2009),
    # category: an owner in the subject decides nothing (METRICS.md §3)
    (
        REVIEW,
        "国有企业增加值增长2.3%；集体企业下降[25.5%]。",
        "集体企业",
        "economy",
        "actual",
        2009,
    ),
    (REVIEW, "居民消费价格上涨0.2%。其中，城市下降[0.1%]。", "城市", "economy", "actual", 2009),
    (
        REVIEW,
        "农村卫生厕所普及率达到[84.6%]。",
        "农村卫生厕所普及率",
        "infrastructure",
        "actual",
        2009,
    ),
    (REVIEW, "新开工10亿元以上重大产业项目[47个]。", "重大产业项目", "projects", "actual", 2009),
    (REVIEW, "新开工[10亿元以上]重大产业项目47个。", "重大产业项目", "funding", "actual", 2009),
    (
        REVIEW,
        "为困难群众发放救助资金，惠及困难群众[109万元]。",
        "困难群众",
        "funding",
        "actual",
        2009,
    ),
    # category: a share is a rate of what stands before 占
    (
        REVIEW,
        "研发经费支出1288亿元，占国内生产总值比重[1.07%]。",
        "国内生产总值比重",
        "funding",
        "actual",
        2009,
    ),
    # category: the classifier decides where it says what was counted
    (REVIEW, "举办各类培训班，培训[14000多人]。", "培训", "people", "actual", 2009),
    (REVIEW, "组织学术交流活动[1260多人]参加。", "学术交流活动", "people", "actual", 2009),
    (
        REVIEW,
        "扶持10家销售额800万元左右的企业，其中区级学会完成[7项]。",
        "区级学会",
        "projects",
        "actual",
        2009,
    ),
    (REVIEW, "检查企业[4380家次]。", "检查企业", "events", "actual", 2009),
    (PLAN, "完成东升路[两处]市民公园建设。", "市民公园", "infrastructure", "target", 2010),
    (REVIEW, "年末共有博物馆（含民办）[160个]。", "博物馆", "organizations", "actual", 2009),
    (REVIEW, "改造城市危旧房[3.1万套]。", "城市危旧房", "infrastructure", "actual", 2009),
    (REVIEW, "专利申请专项资助[22项]。", "专利申请专项资助", "funding", "actual", 2009),
    (PLAN, "人均财政补助标准再提高[30元]。", "人均财政补助标准", "funding", "target", 2010),
    (REVIEW, "建成首批示范项目[96.7公里]。", "示范项目", "infrastructure", "actual", 2009),
    (REVIEW, "全年生产钢[412万吨]。", "钢", "economy", "actual", 2009),
    (
        REVIEW,
        "全市居民消费价格总水平比上年上涨[2.1%]。",
        "居民消费价格总水平",
        "economy",
        "actual",
        2009,
    ),
    (REVIEW, "全年粮食总产量30万吨。比上年增长[1.2%]。", "", "economy", "actual", 2009),
]


def _marked(head: str, sentence: str) -> tuple[str, int]:
    before, rest = sentence.split("[", 1)
    figure, after = rest.split("]", 1)
    text = head + before + figure + after
    return text, len(head) + len(before)


@pytest.mark.parametrize(("head", "sentence", "subject", "category", "status", "year"), ROWS)
def test_context_row(
    head: str, sentence: str, subject: str, category: str, status: str, year: int | None
) -> None:
    text, at = _marked(head, sentence)
    metric = next(m for m in extract(text) if m.start <= at < m.end)
    got = metric.subject or ""
    assert subject in got or (got and got in subject), f"subject {got!r}, want {subject!r}"
    assert (metric.category, metric.status, metric.year) == (category, status, year)
    assert metric.sentence and metric.text in metric.sentence


def test_section_is_the_heading_path() -> None:
    text = REVIEW + "（一）科技项目\n\n立项科技项目10项。"
    (metric,) = extract(text)
    assert metric.section == "一、2009年完成的主要工作 > （一）科技项目"


def _allowed() -> dict[str, tuple[str, set[str] | None]]:
    from reportmine.model import CATEGORIES, STATUSES

    return {
        "categories.tsv": ("category", {*CATEGORIES, "light"}),
        "category_units.tsv": ("category", set(CATEGORIES)),
        "status_cues.tsv": ("status", {*STATUSES, "baseline", "comparison"}),
        "relative_years.tsv": ("offset", None),  # any integer
        "year_cues.tsv": ("kind", {"reached", "average", "base", "ratio_base", "change"}),
    }


@pytest.mark.parametrize("name", sorted(_allowed()))
def test_context_lexicon_values(name: str) -> None:
    column, allowed = _allowed()[name]
    for row in read_table(name):
        if allowed is None:
            int(row[column])
        else:
            assert row[column] in allowed, row


def test_jieba_user_dict_parses_without_duplicates() -> None:
    lines = [
        line.split()
        for line in (lexicon_dir() / "jieba_user_dict.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert all(len(parts) == 3 and parts[1].isdigit() for parts in lines)
    words = [parts[0] for parts in lines]
    assert len(words) == len(set(words))
