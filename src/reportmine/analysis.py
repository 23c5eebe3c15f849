"""The first questions researchers ask of a table of figures, one call each.

Every helper takes the tidy DataFrame of :func:`reportmine.to_frame` (or the
batch tables, which have the same columns) and returns a new tidy
DataFrame. They rely on its dtypes as they are (nullable numbers, string
columns, categoricals with every level declared) and never cast, so the
results keep ``<NA>`` for what is unknown instead of inventing zeros or
turning years into floats.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pandas as pd

__all__ = [
    "APPROX_TOLERANCE",
    "PLAUSIBLE_RATIO",
    "by_category_year",
    "largest",
    "match_targets",
    "normalize_subject",
    "regions",
    "targets_vs_actuals",
]

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


# -- targets matched to results across documents ------------------------------------------

#: Relative tolerance of a ``左右`` target: 5%左右 is met by 4.5–5.5.
APPROX_TOLERANCE = 0.1

_MATCH_KEYS = ["region", "indicator_key", "measure_key", "year", "base_unit"]
#: Prefix of the key of a record the lexicon names no indicator for: its normalized subject.
_BY_SUBJECT = "subject:"
#: Shorter subjects (企业, 项目, 率, 建成) name no one thing: not paired by subject.
_MIN_SUBJECT_KEY = 4
_MATCH_SIDE = {
    "value": "",
    "value_high": "_high",
    "qualifier": "_qualifier",
    "change": "_change",
    "unit": "_unit",
    "doc_id": "_doc",
    "start": "_start",
    "text": "_text",
    "subject": "_subject",
    "issuer": "_issuer",
}


def regions(df: pd.DataFrame) -> pd.Series:
    """The region key of each row: from ``issuer``, else from ``title`` (上海市人民政府 → 上海市).

    See :func:`reportmine.indicators.region_key`; ``<NA>`` where neither names a place.
    """
    from reportmine.indicators import region_key

    def key(issuer: object, title: object) -> str | None:
        for name in (issuer, title):
            if isinstance(name, str) and (found := region_key(name)):
                return found
        return None

    pairs = df[["issuer", "title"]].astype("object").where(df[["issuer", "title"]].notna(), None)
    cache: dict[tuple[object, object], str | None] = {}
    values = [cache.setdefault((i, t), key(i, t)) for i, t in pairs.itertuples(index=False)]
    return pd.Series(values, index=df.index, dtype="string")


def match_targets(df: pd.DataFrame, tolerance: float = APPROX_TOLERANCE) -> pd.DataFrame:
    """Each target beside the result of the same indicator reported anywhere in ``df``.

    A target (``status == "target"`` with a ``year``) is matched with an
    actual of the same indicator, measure, year and region (:func:`regions`;
    add a ``region`` column to override it), in a comparable unit (吨 and 斤;
    ``lexicons/comparable_units.tsv``). A record the indicator lexicon names
    nothing for falls back to the rule of :func:`targets_vs_actuals`: the
    same subject after :func:`normalize_subject` (``matched_by`` says which
    rule a row used; a lexicon indicator never matches a bare subject;
    subjects under four characters, such as 企业 or 率, are too vague to pair). Of
    several actuals the one in another document comes first (the next year's
    report, a communiqué), then the earliest in its document (the headline
    figure, not a breakdown). Targets without a result are kept with
    ``matched`` False and ``<NA>`` on the actual side; ``candidates`` counts
    the actuals that qualified.

    ``met`` is read from the target's qualifier, on values oriented by the
    target's direction (``下降3%`` is met by a fall of 3 or more). A figure
    its sentence gives as a start value (``从26.7%提高到…``) is no result, nor
    is a level more than :data:`PLAUSIBLE_RATIO` (5) times its target or under
    a fifth of it (``城镇新增就业261.6万人`` over five years against a target of
    50万人): ``at_least``
    and ``exact`` must be reached; ``at_most`` (``5.5%以内``) must not be
    exceeded; ``approx`` (``5%左右``) must lie within ``tolerance`` (relative,
    0.1 by default: 4.5–5.5); a range (``6%－6.5%``) must be reached, or held
    within for ``approx``/``at_most``. ``attainment`` is the oriented actual
    over the target's low end. Both records keep their ``doc_id`` and
    ``start`` so either can be looked up.
    """
    keyed = df.assign(region=df["region"] if "region" in df.columns else regions(df))
    keyed = _with_base_units(keyed)
    subjects = normalize_subject(keyed["subject"])
    long_enough = subjects.str.len() >= _MIN_SUBJECT_KEY
    by_subject = (_BY_SUBJECT + subjects).where(long_enough.fillna(False))
    known = keyed["indicator"].notna()
    keyed = keyed.assign(
        indicator_key=keyed["indicator"].astype("string").where(known, by_subject),
        measure_key=keyed["measure"].astype("string").where(known, "-"),
    )
    usable = (
        keyed["indicator_key"].notna()
        & keyed["measure_key"].notna()
        & keyed["year"].notna()
        & keyed["region"].notna()
        & keyed["base_value"].notna()
    )
    # every target is kept (one without a key, year or region is simply unmatched);
    # actuals need every key
    targets = keyed[(keyed["status"] == "target") & keyed["base_value"].notna()]
    actuals = keyed[usable & (keyed["status"] == "actual") & ~_start_values(keyed)]
    left = _match_side(targets, "target").reset_index(drop=True)
    left["indicator"] = targets["indicator"].to_numpy()
    left["measure"] = targets["measure"].to_numpy()
    left["target_id"] = range(len(left))
    right = _match_side(actuals, "actual")
    pairs = left.merge(right, on=_MATCH_KEYS, how="left", sort=False)
    pairs = _drop_implausible(pairs, [c for c in right.columns if c not in _MATCH_KEYS])
    pairs["same_doc"] = pairs["actual_doc"] == pairs["target_doc"]
    pairs = pairs.sort_values(
        ["target_id", "same_doc", "actual_doc", "actual_start"], na_position="last", kind="stable"
    )
    counts = pairs.groupby("target_id")["actual_doc"].count()
    best = pairs.drop_duplicates("target_id", keep="first").set_index("target_id")
    best["candidates"] = counts.astype("Int64")
    best["matched"] = best["actual_doc"].notna().astype("boolean")
    out = best.reset_index(drop=True)
    out["matched_by"] = (
        out["indicator"].notna().map({True: "indicator", False: "subject"}).astype("string")
    )
    out = _by_contained_subject(out, right)
    oriented, attainment, met = _attainment(out, tolerance)
    out["actual_oriented"] = oriented
    out["attainment"] = attainment
    out["met"] = met
    return out[_MATCH_COLUMNS].reset_index(drop=True)


_MATCH_COLUMNS = [
    "region",
    "indicator",
    "measure",
    "year",
    "matched_by",
    "target",
    "target_high",
    "target_qualifier",
    "target_change",
    "target_unit",
    "actual",
    "actual_qualifier",
    "actual_change",
    "actual_unit",
    "matched",
    "attainment",
    "met",
    "candidates",
    "target_doc",
    "target_start",
    "actual_doc",
    "actual_start",
    "target_text",
    "actual_text",
    "target_subject",
    "actual_subject",
    "target_issuer",
    "actual_issuer",
    "target_base",
    "actual_base",
]


#: A level result more than this many times its target (or under its inverse) is taken for
#: another figure of the same name: a five-year total, a sub-group, a different scope.
PLAUSIBLE_RATIO = 5.0
_LEVEL_MEASURES = ("level", "increment", "-")


def _drop_implausible(pairs: pd.DataFrame, actual_columns: list[str]) -> pd.DataFrame:
    """Blank the actual side of candidates whose level is implausibly far from the target's.

    Growth rates, shares and points are left alone: a CPI target of 2% met by
    0.1% is a real (missed) result. The target row stays, so a target whose
    only candidates are implausible is unmatched.
    """
    ratio = pairs["actual_base"] / pairs["target_base"]
    level = pairs["measure_key"].isin(_LEVEL_MEASURES)
    far = (ratio > PLAUSIBLE_RATIO) | (ratio < 1 / PLAUSIBLE_RATIO)
    implausible = (level & far).fillna(False).astype(bool)
    if implausible.any():
        pairs = pairs.copy()
        pairs.loc[implausible, actual_columns] = pd.NA  # sorts last; counted as no candidate
    return pairs


_START = re.compile(r"(?:从|由)\s*(?:\d{4}\s*年(?:底|末)?的?)?\s*$")


def _start_values(df: pd.DataFrame) -> pd.Series:
    """Figures a sentence gives as the start of a change (``从26.7%提高到52.1%``): no results.

    Read from ``sentence`` and ``text`` (the first occurrence of the figure in
    its sentence), so a frame without sentences loses nothing.
    """
    if "sentence" not in df.columns:
        return pd.Series(False, index=df.index)

    def start(sentence: object, text: object) -> bool:
        if not isinstance(sentence, str) or not isinstance(text, str):
            return False
        at = sentence.find(text)
        return at > 0 and _START.search(sentence[:at]) is not None

    pairs = zip(df["sentence"].astype("object"), df["text"].astype("object"), strict=True)
    return pd.Series([start(s, t) for s, t in pairs], index=df.index, dtype=bool)


def _by_contained_subject(out: pd.DataFrame, actuals: pd.DataFrame) -> pd.DataFrame:
    """Unmatched targets without an indicator, paired by a subject that contains the other's.

    ``建设粮食绿色高产示范片`` (plan) and ``粮食绿色高产示范片`` (review) name one
    thing; as in the scorer's subject rule, the shorter must be at least half
    the longer, and region, year and unit must agree. Rows so paired have
    ``matched_by`` ``subject_contained``.
    """
    open_rows = out.index[
        (~out["matched"].fillna(False)) & out["indicator"].isna() & out["indicator_key"].notna()
    ]
    pool = actuals[actuals["indicator_key"].str.startswith(_BY_SUBJECT).fillna(False)]
    for i in open_rows:
        target = out.loc[i]
        key = str(target["indicator_key"])[len(_BY_SUBJECT) :]
        same = pool[
            (pool["region"] == target["region"])
            & (pool["year"] == target["year"])
            & (pool["base_unit"] == target["base_unit"])
        ]
        keys = same["indicator_key"].str.slice(len(_BY_SUBJECT))
        fits = pd.Series([_contains(key, str(k)) for k in keys], index=same.index, dtype=bool)
        found = same[fits & (same["actual_doc"] != target["target_doc"])]
        if found.empty:
            continue
        first = found.sort_values(["actual_doc", "actual_start"], kind="stable").iloc[0]
        for column in found.columns:
            if column == "actual" or column.startswith("actual_"):
                out.loc[i, column] = first[column]
        out.loc[i, "matched"] = True
        out.loc[i, "candidates"] = len(found)
        out.loc[i, "matched_by"] = "subject_contained"
    return out


def _contains(a: str, b: str) -> bool:
    short, long = sorted((a, b), key=len)
    return bool(short) and short in long and 2 * len(short) >= len(long)


def _with_base_units(df: pd.DataFrame) -> pd.DataFrame:
    """``base_unit``/``base_value`` (and ``base_high``): values in one unit of each quantity."""
    from reportmine.lexicon import read_table

    table = {
        row["unit"]: (row["base"], float(row["factor"]))
        for row in read_table("comparable_units.tsv")
    }
    base = df["unit"].map(lambda u: table.get(u, (u, 1.0))[0] if isinstance(u, str) else None)
    factor = df["unit"].map(lambda u: table.get(u, (u, 1.0))[1] if isinstance(u, str) else 1.0)
    factor = factor.astype("Float64")
    return df.assign(
        base_unit=base.astype("string"),
        base_value=df["value"] * factor,
        base_high=df["value_high"] * factor,
    )


def _match_side(records: pd.DataFrame, side: str) -> pd.DataFrame:
    renamed = {field: side + suffix for field, suffix in _MATCH_SIDE.items()}
    renamed["base_value"] = f"{side}_base"
    if side == "target":
        renamed["base_high"] = "target_base_high"
    return records[[*_MATCH_KEYS, *renamed]].rename(columns=renamed)


def _attainment(pairs: pd.DataFrame, tolerance: float) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Oriented actual, attainment and met (see :func:`match_targets`); ``<NA>`` when unmatched."""
    down = pairs["target_change"] == "decrease"
    actual_down = pairs["actual_change"] == "decrease"
    # the actual's signed value, then turned so that "more" is the target's direction
    signed = pairs["actual_base"].where(~actual_down.fillna(False), -pairs["actual_base"])
    oriented = signed.where(~down.fillna(False), -signed)
    low = pairs["target_base"]
    high = pairs["target_base_high"].fillna(low)
    ranged = pairs["target_base_high"].notna()
    qualifier = pairs["target_qualifier"].astype("string")
    reached = oriented >= low
    within_ceiling = oriented <= high
    near = (oriented >= low * (1 - tolerance)) & (oriented <= high * (1 + tolerance))
    met = reached.copy()
    met = met.where(~(qualifier == "at_most").fillna(False), within_ceiling)
    met = met.where(~(qualifier == "approx").fillna(False), near)
    in_range = reached & within_ceiling
    met = met.where(~(ranged & (qualifier == "exact")).fillna(False), in_range)
    met = met.astype("boolean").where(pairs["actual_base"].notna())
    attainment = (oriented / low).astype("Float64")
    return oriented.astype("Float64"), attainment, met
