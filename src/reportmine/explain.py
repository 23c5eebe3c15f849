"""Why a record's subject, category, status and year are what they are.

The context layer decides each of those fields by named rules tried in a
fixed order (``reportmine.context``); the first rule that applies decides.
A user who disagrees with a record asks ``reportmine.explain(text, record)``
and sees which rule decided each field, in words, so a wrong record can be
traced to a rule (or a lexicon row) rather than guessed at.

:data:`RULES` lists every rule, per field in the order they are tried; the
project's record contract (``docs/records.md``) describes the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from reportmine.model import Metric

if TYPE_CHECKING:
    from reportmine.context import Rules

#: Every rule of the context layer, by field in the order tried, with what it says.
RULES: dict[str, str] = {
    # subject
    "subject.respectively": "a list before 分别 (A、B分别增长x、y): the item in the figure's "
    "position, or the whole phrase when the items are modifiers of a shared head",
    "subject.back_to_back": "written right after another figure (40套80张): the same subject",
    "subject.after_classifier": "a count or measure: the noun phrase right after its classifier "
    "(三十场|科普讲座)",
    "subject.object_after_figure": "a sum after a verb or a threshold (安排|1000亿元|专项资金, "
    "10亿元以上|项目): the noun after it",
    "subject.before_figure": "the noun phrase before the figure, read leftwards over modifiers, "
    "coordination and 的 to the scope, time or modal word that opens the clause",
    "subject.said_of": "nothing before it: the noun the figure is said of (23万平方米的|建材城)",
    "subject.action_of_people": "a count of people with nothing else named: the verb after it "
    "(8587人|参加)",
    "subject.inherited": "no phrase of its own: the subject of the figure before it in the "
    "sentence (增长8.8%)",
    "subject.label": "a short label before a colon heads the clause (钢：…)",
    "subject.topic": "a noun phrase that is the sentence's whole first clause, the topic of the "
    "figures after it (农民人均纯收入，1982年为270元…)",
    "subject.none": "no subject found",
    # category
    "category.class_of_total": "a class in a breakdown (其中农业类30项): the total's category",
    "category.share_of": "a share (X占Y比重): the category of X",
    "category.subject_term": "the rightmost term of the subject in category_terms.tsv (its head)",
    "category.clause_term": "a subject with no term: the rightmost term in the rest of the clause",
    "category.rate_of_previous": "a rate of nothing of its own, or of its owner (集体企业下降"
    "25.5%): the category of the figure before it",
    "category.rate_of_lead": "such a rate first in its sentence: the indicator of the sentence "
    "it breaks down",
    "category.unit": "nothing in the words: the unit's default (category_units.tsv)",
    "category.awarded": "what won an award is counted as an award (4项成果获金奖)",
    "category.none": "nothing decides: other",
    # year
    "year.span_in_clause": "a span of years in the clause (五年累计, 年均): no single year",
    "year.immediate": "a year written right before the figure (2006年100亿)",
    "year.start_value": "the value a change starts from (由X…, 从X…): that year, the first "
    "year of a span the sentence writes out, or the year before the span or the document",
    "year.relative": "a relative year in the clause (今年, 去年, 明年) from the document's year",
    "year.explicit": "a year named earlier in the sentence, not a comparison base",
    "year.baseline": "a baseline (原…, 现有…): the document's year",
    "year.sentence_topic": "a year that opens the sentence (2007年，…)",
    "year.span_reached": "a level reached at the end of a span (五年来…达到): its last year",
    "year.span_flow": "a flow or total over a span of years: no single year",
    "year.running_total": "a running total in a work report (累计创建15个): counted from a start "
    "before the year, no single year; a level it reaches (累计达到1100座) keeps the year",
    "year.paragraph_topic": "a year that opens the figure's paragraph (2023年全市…。…)",
    "year.heading": "the year of the nearest heading that names one",
    "year.work_report_review": "a result in a work report's review: the year before the report",
    "year.document": "the document's own year",
    # status
    "status.actual_cue": "an achievement or baseline cue of its own (已, 实际, 原, 现有)",
    "status.comparison_base": "the base of a comparison (同比2006年118项)",
    "status.start_value": "the value a change starts from (由X…)",
    "status.earlier_year": "a year before the one its section or document plans",
    "status.later_year": "a year after the ones the document reviews (明年, 2024年力争…)",
    "status.review_section": "in a section that reviews what was done",
    "status.span_behind": "in a plan, a sentence naming a span of years already over (过去五年, "
    "两年来): what was done",
    "status.plan_section": "in a section of plans or targets",
    "status.span_ahead": "in a span of years that ends after the document (今后五年)",
    "status.target_cue": "a target cue of its own (力争, 计划, 确保, 预计…)",
    "status.default": "nothing says otherwise: a reported result",
}

_FIELDS = ("subject", "category", "status", "year")


@dataclass(frozen=True)
class Explanation:
    """The record and, for each context field, the rule that decided it."""

    metric: Metric
    subject: str
    category: str
    status: str
    year: str

    def rule(self, field: str) -> str:
        """The name of the rule that decided ``field`` (subject, category, status or year)."""
        if field not in _FIELDS:
            raise ValueError(f"no rule decides {field!r}; fields: {', '.join(_FIELDS)}")
        name: str = getattr(self, field)
        return name

    def __str__(self) -> str:
        lines = [f"{self.metric.text!r} at {self.metric.start}–{self.metric.end}"]
        for field in _FIELDS:
            name = self.rule(field)
            value = getattr(self.metric, field)
            lines.append(f"  {field} = {value!r}: {name} ({RULES.get(name, '?')})")
        return "\n".join(lines)


def explain(text: str, record: Metric | int, doc_id: str | None = None) -> Explanation:
    """Which rule decided the subject, category, status and year of a record of ``text``.

    ``record`` is a record that ``reportmine.extract(text)`` returned, or an
    offset inside one. The text is read as ``extract`` reads it (once for the last
    few texts asked about), so the explanation is of the same record.

    Raises ``ValueError`` when no record of ``text`` holds the offset.

    >>> import reportmine
    >>> text = "二、2010年工作思路\\n力争新增企业5家。"
    >>> print(reportmine.explain(text, text.index("5")).rule("status"))
    status.plan_section
    """
    at = record.start if isinstance(record, Metric) else record
    metrics, rules = _read(text, doc_id)
    for metric, decided in zip(metrics, rules, strict=True):
        if metric.start <= at < metric.end:
            return Explanation(
                metric, decided.subject, decided.category, decided.status, decided.year
            )
    raise ValueError(f"no record of the text holds offset {at}")


@lru_cache(maxsize=4)
def _read(text: str, doc_id: str | None) -> tuple[tuple[Metric, ...], tuple[Rules, ...]]:
    """The records of ``text`` and their rules, read once for all the records one asks about."""
    from reportmine.extraction import parse_with_rules

    report, rules = parse_with_rules(text, doc_id)
    return report.metrics, tuple(rules)
