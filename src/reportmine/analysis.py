"""The first questions researchers ask of a table of figures, one call each.

Every helper takes the tidy DataFrame of :func:`reportmine.to_frame` (or the
batch tables, which have the same columns) and returns a new tidy
DataFrame. They rely on its dtypes as they are (nullable numbers, string
columns, categoricals with every level declared) and never cast, so the
results keep ``<NA>`` for what is unknown instead of inventing zeros or
turning years into floats.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["by_category_year", "largest", "normalize_subject", "targets_vs_actuals"]

#: Scope words that open a subject without changing what is measured
#: (``全区地区生产总值`` is the district's GDP whether or not it says 全区).
_SCOPE_PREFIX = r"^(?:全(?:区|县|市|省|州|镇|乡|国|年)|今年|本年|当年)+"
#: Spacing and quoting that vary between documents of the same author.
_NOISE = r"[\s\"'“”‘’《》「」〈〉()（）]"


def by_category_year(df: pd.DataFrame) -> pd.DataFrame:
    """Figures counted and summed by category, year and unit, one row a group.

    Sums are taken within one unit because adding 元 to 人 means nothing;
    add ``figures`` over units for a count by category and year alone. Rows
    with an unknown category or year are kept as their own ``<NA>`` group
    so that nothing silently drops out of the totals; a group whose figures
    are all redacted has ``total`` ``<NA>``, not 0. Pivot for a wide view:
    ``by_category_year(df).pivot_table(index="category", columns="year",
    values="figures", aggfunc="sum", observed=True)``.
    """
    keys = ["category", "year", "unit"]
    values = df.groupby(keys, observed=True, dropna=False, sort=True)["value"]
    out = pd.DataFrame({"figures": values.size(), "total": values.sum(min_count=1)})
    return out.reset_index().astype({"figures": "Int64"})


def largest(df: pd.DataFrame, n: int = 10, by: str = "kind") -> pd.DataFrame:
    """The ``n`` largest figures of each group of ``by``, largest first within a group.

    Redacted figures (no value) are left out. Rows keep their index from
    ``df`` so that a result can be looked up in the full table. Grouping by
    ``"unit"`` rather than ``"kind"`` keeps 吨 apart from 亩.
    """
    valued = df[df["value"].notna()]
    ranked = valued.sort_values("value", ascending=False, kind="stable")
    top = ranked.groupby(by, observed=True, sort=False).head(n)
    return top.sort_values([by, "value"], ascending=[True, False], kind="stable")


def normalize_subject(subjects: pd.Series) -> pd.Series:
    """Subjects reduced to what identifies the indicator, for matching across documents.

    NFKC (full-width letters and digits as ASCII), lower case, no spaces,
    quotes or brackets, and no leading scope word (``全区``, ``全年``…).
    Nothing else is dropped: ``高新技术企业`` and ``高新技术企业总数`` stay
    different indicators.
    """
    text = subjects.astype("string").str.normalize("NFKC").str.lower()
    text = text.str.replace(_NOISE, "", regex=True)
    return text.str.replace(_SCOPE_PREFIX, "", regex=True)


def targets_vs_actuals(df: pd.DataFrame, within: str | Sequence[str] = ()) -> pd.DataFrame:
    """Each target next to the result reported for it: one row a (target, actual) pair.

    Matching rule: a record with ``status == "target"`` and one with
    ``status == "actual"`` match when their subjects are equal after
    :func:`normalize_subject`, their units are equal, their years are equal,
    and so are the columns named in ``within``. Records without a subject,
    unit or year cannot match.

    A record does not say who reported it, and two counties both report
    ``地区生产总值``: when ``df`` mixes reporting bodies, add a column that
    names the body (from your document list) and pass it as ``within``, e.g.
    ``targets_vs_actuals(df.assign(issuer=...), within="issuer")``; without
    it, a county's target is matched with every result of that indicator. A target
    with no matching actual is kept with ``<NA>`` on the actual side (the
    result was not reported, or was worded differently); a target matched by
    several actuals gives a row for each.

    ``attainment`` is actual / target (the low end of a target range);
    ``met`` reads the target's qualifier: for ``at_most`` (``控制在5.5%以内``)
    the actual must not exceed the target, for every other qualifier it
    must reach it. Whether a smaller number is better is not known from the
    record, so ``met`` is about the figure, not about the policy.
    """
    extra = [within] if isinstance(within, str) else list(within)
    keys = ["key", "unit", "year", *extra]
    keyed = df[df["subject"].notna() & df["unit"].notna() & df["year"].notna()]
    keyed = keyed.assign(key=normalize_subject(keyed["subject"]))
    targets = _side(keyed[keyed["status"] == "target"], "target", keys)
    actuals = _side(keyed[keyed["status"] == "actual"], "actual", keys)
    pairs = targets.merge(actuals, on=keys, how="left", sort=False)
    pairs = pairs.rename(columns={"target_subject": "subject"}).drop(columns="key")
    pairs["attainment"] = pairs["actual"] / pairs["target"]
    pairs["met"] = _met(pairs)
    return pairs[[*_PAIR_COLUMNS[:3], *extra, *_PAIR_COLUMNS[3:]]].reset_index(drop=True)


_SIDE_FIELDS = {
    "value": "",
    "value_high": "_high",
    "qualifier": "_qualifier",
    "subject": "_subject",
    "doc_id": "_doc",
    "text": "_text",
}
_PAIR_COLUMNS = [
    "subject",
    "unit",
    "year",
    "target",
    "target_high",
    "target_qualifier",
    "actual",
    "actual_qualifier",
    "attainment",
    "met",
    "target_doc",
    "actual_doc",
    "target_text",
    "actual_text",
    "actual_subject",
]


def _side(records: pd.DataFrame, side: str, keys: list[str]) -> pd.DataFrame:
    """The join keys plus the fields of one side, renamed ``target``, ``target_high``…"""
    renamed = {field: side + suffix for field, suffix in _SIDE_FIELDS.items()}
    return records[[*keys, *renamed]].rename(columns=renamed)


def _met(pairs: pd.DataFrame) -> pd.Series:
    """Reached (or, for ``at_most`` targets, not exceeded); ``<NA>`` without an actual."""
    ceiling = pairs["target_high"].fillna(pairs["target"])
    reached = pairs["actual"] >= pairs["target"]
    within = pairs["actual"] <= ceiling
    at_most = pairs["target_qualifier"] == "at_most"
    return reached.where(~at_most, within)
