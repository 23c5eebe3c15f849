"""One-line charts from the tidy table, each returning a matplotlib ``Figure``.

Figures are built with :class:`matplotlib.figure.Figure`, not pyplot, so they
do not touch pyplot's global state or pop up windows; a notebook displays a
returned figure, ``fig.savefig(...)`` writes it.

Chinese labels need a font that has the glyphs, or matplotlib draws boxes.
:func:`cjk_font` finds one installed (Noto Sans CJK, Source Han Sans,
WenQuanYi, Droid Sans Fallback, and the macOS/Windows system fonts) and every
text of a figure is set in it; when none is installed it warns once, naming
the package to install (``fonts-noto-cjk`` on Debian and Ubuntu).
"""

from __future__ import annotations

import functools
import io
import re
import sys
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib as mpl
import pandas as pd
from matplotlib import font_manager
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from reportmine import analysis
from reportmine.display import CATEGORY_COLOURS, NEUTRAL_COLOUR
from reportmine.lexicon import read_table
from reportmine.model import CATEGORIES

__all__ = [
    "category_counts",
    "cjk_font",
    "subject_over_years",
    "targets_by_issuer",
    "targets_vs_actuals",
]

#: Families that cover simplified Chinese, best first.
CJK_FAMILIES: tuple[str, ...] = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Noto Sans CJK JP",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
    "PingFang SC",
    "Heiti SC",
    "Microsoft YaHei",
    "SimHei",
    "Noto Serif CJK SC",
    "AR PL UMing CN",
)
_CJK_FILE = re.compile(r"cjk|wqy|wenquanyi|droidsansfallback|sourcehan|pingfang|msyh|simhei", re.I)

#: Chinese glosses shown beside the category names, from the registry (categories.tsv).
CATEGORY_GLOSS: dict[str, str] = {
    row["category"]: row["gloss"] for row in read_table("categories.tsv")
}
_UNKNOWN = "unknown"
_MET_COLOURS = {True: "#2e8b57", False: "#d0384f", None: "#9e9e9e"}


@functools.cache
def cjk_font() -> str | None:
    """The family name of an installed CJK font, or None (after one warning).

    matplotlib caches its font list; a font installed after the cache was
    built is found by scanning the system font folders once and adding it.
    """
    found = _known_cjk_family()
    if found is None:
        for path in font_manager.findSystemFonts():
            if _CJK_FILE.search(Path(path).name):
                font_manager.fontManager.addfont(path)
        found = _known_cjk_family()
    if found is None:
        warnings.warn(
            "reportmine.plot: no CJK font found, Chinese labels will show as boxes; "
            "install one (Debian/Ubuntu: apt-get install fonts-noto-cjk)",
            stacklevel=3,
        )
    return found


def _known_cjk_family() -> str | None:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in names), None)


@contextmanager
def _cjk_text() -> Iterator[str | None]:
    """Texts created inside use the CJK font first (falling back per glyph)."""
    family = cjk_font()
    families = [family, "DejaVu Sans"] if family else list(mpl.rcParams["font.family"])
    with mpl.rc_context({"font.family": families, "axes.unicode_minus": False}):
        yield family


def _finish(fig: Figure, family: str | None) -> Figure:
    """Tick labels are made at draw time, after the rc context: give them the font too."""
    if family:
        for ax in fig.axes:
            ax.tick_params(labelfontfamily=family)
    fig.set_layout_engine("constrained")
    _show_figures_in_notebooks()
    return fig


def _show_figures_in_notebooks() -> None:
    """Make IPython display a returned ``Figure`` as a PNG, not as its text repr.

    IPython only learns to draw figures when pyplot's inline backend starts;
    these figures do not use pyplot, so the PNG formatter is registered here
    (once, and never over one the user or the inline backend set up).
    """
    shell = _ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["image/png"]
    try:
        formatter.lookup_by_type(Figure)
    except KeyError:
        formatter.for_type(Figure, _png)


def _ipython() -> Any:
    module = sys.modules.get("IPython")
    return None if module is None else module.get_ipython()


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    return buffer.getvalue()


# -- category counts ---------------------------------------------------------


def category_counts(df: pd.DataFrame) -> Figure:
    """Horizontal bars: figures per category, split into actual / target / unknown status.

    Categories with no figure are left out; figures whose category is
    unknown get their own bar so that the total is the whole table.
    """
    table = _category_status_table(df)
    with _cjk_text() as family:
        fig = Figure(figsize=(7, 0.45 * len(table) + 1.6))
        ax = fig.add_subplot()
        _stacked_bars(ax, table)
        ax.set_xlabel("figures")
        ax.set_title(f"Figures by category ({len(df)} figures)")
        ax.invert_yaxis()
    return _finish(fig, family)


def _category_status_table(df: pd.DataFrame) -> pd.DataFrame:
    """Counts with category rows (in contract order) and status columns, zero rows dropped."""
    category = df["category"].cat.add_categories([_UNKNOWN]).fillna(_UNKNOWN)
    status = df["status"].cat.add_categories([_UNKNOWN]).fillna(_UNKNOWN)
    table = pd.crosstab(category, status, dropna=False)
    order = [c for c in (*CATEGORIES, _UNKNOWN) if c in table.index]
    columns = [s for s in ("actual", "target", _UNKNOWN) if s in table.columns]
    table = table.loc[order, columns]
    kept: pd.DataFrame = table[table.sum(axis=1) > 0]
    return kept


_STATUS_STYLES: dict[str, dict[str, float | str]] = {
    "actual": {"alpha": 1.0},
    "target": {"hatch": "///", "alpha": 0.55},
    _UNKNOWN: {"alpha": 0.3},
}


def _stacked_bars(ax: Axes, table: pd.DataFrame) -> None:
    """One bar per category in its colour; actual solid, target hatched, unknown pale."""
    labels = [f"{name} {CATEGORY_GLOSS.get(name, '')}".strip() for name in table.index]
    colours = [CATEGORY_COLOURS.get(name, NEUTRAL_COLOUR)[1] for name in table.index]
    left = [0] * len(table)
    for status in table.columns:
        counts = [int(n) for n in table[status]]
        style = _STATUS_STYLES[status]
        ax.barh(
            labels,
            counts,
            left=left,
            color=colours,
            edgecolor="white",
            label=status,
            hatch=style.get("hatch"),
            alpha=float(style["alpha"]),
        )
        left = [a + b for a, b in zip(left, counts, strict=True)]
    for y, total in enumerate(left):
        ax.annotate(str(total), (total, y), xytext=(3, 0), textcoords="offset points", va="center")
    ax.legend(title="status", loc="lower right", frameon=False)
    ax.margins(x=0.12)


# -- one subject over the years ----------------------------------------------


def subject_over_years(df: pd.DataFrame, subject: str, by: str | None = None) -> Figure:
    """Every figure of ``subject`` by year, one panel per unit; targets hollow, actuals filled.

    ``subject`` matches after :func:`reportmine.analysis.normalize_subject`
    (``全区地区生产总值`` is ``地区生产总值``). A line joins the yearly mean of
    the actuals of each group of ``by`` (say ``"doc_id"`` or an issuer
    column), so that two counties are not averaged into one line. Raises
    ``ValueError`` naming similar subjects when nothing matches.
    """
    rows = _subject_rows(df, subject)
    units = list(dict.fromkeys(rows["unit"].dropna()))
    with _cjk_text() as family:
        fig = Figure(figsize=(7.5, 2.6 * len(units) + 0.8))
        axes = fig.subplots(len(units), 1, sharex=True, squeeze=False)[:, 0]
        for ax, unit in zip(axes, units, strict=True):
            _year_panel(ax, rows[rows["unit"] == unit], unit, by)
        axes[-1].set_xlabel("year")
        fig.suptitle(f"{subject}: figures by year")
    return _finish(fig, family)


def _subject_rows(df: pd.DataFrame, subject: str) -> pd.DataFrame:
    wanted = analysis.normalize_subject(pd.Series([subject], dtype="string")).iloc[0]
    keys = analysis.normalize_subject(df["subject"])
    rows: pd.DataFrame = df[
        (keys == wanted).fillna(False) & df["year"].notna() & df["value"].notna()
    ]
    if rows.empty:
        similar = df.loc[df["subject"].str.contains(subject, regex=False).fillna(False), "subject"]
        hint = ", ".join(similar.drop_duplicates().head(8)) or "none"
        raise ValueError(f"no figure with a year for subject {subject!r}; similar: {hint}")
    return rows


def _year_panel(ax: Axes, rows: pd.DataFrame, unit: str, by: str | None) -> None:
    factor, label = _scale(rows["value"], unit)
    groups = [(None, rows)] if by is None else list(rows.groupby(by, sort=True, observed=True))
    palette = mpl.colormaps["tab10"]
    for number, (name, group) in enumerate(groups):
        colour = _colour_of(group) if by is None else mpl.colors.to_hex(palette(number % 10))
        suffix = "" if name is None else f" · {name!s}"
        _series(ax, group, factor, colour, suffix)
    ax.set_ylabel(label)
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    ax.legend(frameon=False, fontsize="small")
    ax.grid(axis="y", alpha=0.3)


def _series(ax: Axes, rows: pd.DataFrame, factor: float, colour: str, suffix: str) -> None:
    """One group: a line through the yearly mean of its actuals, and every figure as a point."""
    actual = rows[rows["status"] == "actual"]
    target = rows[rows["status"] == "target"]
    other = rows[rows["status"].isna()]
    if not actual.empty:
        means = actual.groupby("year")["value"].mean()
        ax.plot([int(y) for y in means.index], [float(v) / factor for v in means], color=colour)
    _points(ax, actual, factor, "o", colour, "actual" + suffix, hollow=False)
    _points(ax, target, factor, "^", colour, "target" + suffix, hollow=True)
    _points(ax, other, factor, "s", colour, "status unknown" + suffix, hollow=False)


def _colour_of(rows: pd.DataFrame) -> str:
    """The line colour of the rows' most frequent category (neutral when unknown)."""
    known = rows["category"].dropna()
    name = str(known.mode().iloc[0]) if len(known) else ""
    return CATEGORY_COLOURS.get(name, NEUTRAL_COLOUR)[1]


def _points(
    ax: Axes, rows: pd.DataFrame, factor: float, marker: str, colour: str, label: str, hollow: bool
) -> None:
    if rows.empty:
        return
    xs = [int(y) for y in rows["year"]]
    ys = [float(v) / factor for v in rows["value"]]
    face = "none" if hollow else colour
    ax.scatter(
        xs, ys, s=40, marker=marker, edgecolors=colour, facecolors=face, zorder=3, label=label
    )


def _scale(values: pd.Series, unit: str) -> tuple[float, str]:
    """Axis factor and label with 亿/万 multipliers, as the reports write big figures."""
    if unit in {"%", "‰", "百分点", "倍"}:
        return 1.0, unit
    top = float(values.abs().max())
    if top >= 1e8:
        return 1e8, f"亿{unit}"
    if top >= 1e4:
        return 1e4, f"万{unit}"
    return 1.0, unit


# -- targets against actuals -------------------------------------------------


def targets_vs_actuals(df_or_table: pd.DataFrame, within: str | Sequence[str] = ()) -> Figure:
    """Attainment (actual as % of target) of every target that has a reported result.

    Takes the tidy table (matched with
    :func:`reportmine.analysis.targets_vs_actuals`, ``within`` passed on) or
    a table that function returned. Bars are green when the target was met
    (by the rule of its qualifier), red when not; the line is 100 %; each bar
    is labelled ``actual / target unit``.
    """
    table = df_or_table
    if "attainment" not in table.columns:
        table = analysis.targets_vs_actuals(table, within=within)
    rows = table[table["attainment"].notna()].sort_values("attainment", kind="stable")
    with _cjk_text() as family:
        fig = Figure(figsize=(8, 0.32 * max(len(rows), 3) + 1.4))
        ax = fig.add_subplot()
        if rows.empty:
            ax.text(
                0.5, 0.5, "no target has a matching result", ha="center", transform=ax.transAxes
            )
            ax.set_axis_off()
        else:
            _attainment_bars(ax, rows)
        ax.set_title(f"Targets against results ({len(rows)} of {len(table)} targets matched)")
    return _finish(fig, family)


def _attainment_bars(ax: Axes, rows: pd.DataFrame) -> None:
    percent = [100 * float(a) for a in rows["attainment"]]
    right = min(max(max(percent) * 1.08, 110.0), 220.0)
    shown = [min(p, right) for p in percent]
    met = [None if pd.isna(m) else bool(m) for m in rows["met"]]
    labels = [f"{s}（{u}，{y}）" for s, u, y in _columns(rows)]
    ax.barh(labels, shown, color=[_MET_COLOURS[m] for m in met], alpha=0.8)
    ax.axvline(100, color="#333", linewidth=1)
    for y, (p, actual, target, unit) in enumerate(
        zip(percent, rows["actual"], rows["target"], rows["unit"], strict=True)
    ):
        note = f"{_short(actual)} / {_short(target)} {unit}" + ("  ›" if p > right else "")
        ax.annotate(
            note,
            (min(p, right), y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize="small",
        )
    ax.set_xlim(0, right * 1.35)
    ax.set_xlabel("actual as % of target")


def _columns(rows: pd.DataFrame) -> zip[tuple[object, object, object]]:
    return zip(rows["subject"], rows["unit"], rows["year"], strict=True)


def _short(value: object) -> str:
    """A figure as the reports write it: 647.8亿, 1.26万, 5.8."""
    number = float(value)  # type: ignore[arg-type]
    for factor, suffix in ((1e8, "亿"), (1e4, "万")):
        if abs(number) >= factor:
            return f"{number / factor:.4g}{suffix}"
    return f"{number:.4g}"


# -- targets matched across documents, one figure per issuer ---------------------------------


def targets_by_issuer(df_or_table: pd.DataFrame) -> dict[str, Figure]:
    """One attainment chart per region: every target of that issuer, met or not, or unmatched.

    Takes the tidy table (matched with :func:`reportmine.analysis.match_targets`)
    or a table that function returned. Bars are labelled by indicator (or
    subject) and measure; a target with no result gets an empty row marked
    ``no result`` so that what was not reported stays visible.
    """
    table = df_or_table
    if "matched_by" not in table.columns:
        table = analysis.match_targets(table)
    figures: dict[str, Figure] = {}
    for region, rows in table.groupby("region", sort=True, observed=True):
        figures[str(region)] = _issuer_figure(str(region), rows)
    return figures


def _issuer_figure(region: str, rows: pd.DataFrame) -> Figure:
    labels = [
        f"{name if isinstance(name, str) else subject}·"
        f"{measure if isinstance(measure, str) else '-'}"
        f"（{year}）"
        for name, subject, measure, year in zip(
            rows["indicator"], rows["target_subject"], rows["measure"], rows["year"], strict=True
        )
    ]
    matched = rows["matched"].fillna(False).astype(bool).tolist()
    percent = [
        100 * float(a) if m else 0.0 for a, m in zip(rows["attainment"], matched, strict=True)
    ]
    met = [None if pd.isna(x) else bool(x) for x in rows["met"]]
    with _cjk_text() as family:
        fig = Figure(figsize=(8, 0.32 * max(len(rows), 3) + 1.4))
        ax = fig.add_subplot()
        right = min(max(max(percent, default=0.0) * 1.08, 110.0), 220.0)
        ax.barh(labels, [min(p, right) for p in percent], color=[_MET_COLOURS[m] for m in met])
        ax.axvline(100, color="#333", linewidth=1)
        for y, (p, m, text_t, text_a) in enumerate(
            zip(percent, matched, rows["target_text"], rows["actual_text"], strict=True)
        ):
            note = f"{text_a} / {text_t}" if m else f"no result (target {text_t})"
            ax.annotate(note, (min(p, right), y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize="small")  # fmt: skip
        ax.set_xlim(0, right * 1.45)
        ax.set_xlabel("actual as % of target")
        ax.invert_yaxis()
        ax.set_title(f"{region}: {sum(matched)} of {len(rows)} targets have a result")
    return _finish(fig, family)
