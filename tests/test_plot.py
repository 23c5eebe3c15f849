"""Plots: each returns a Figure from one call, and Chinese labels draw as glyphs, not boxes."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator

import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from reportmine import plot, to_frame
from reportmine.analysis import targets_vs_actuals
from test_analysis import ROWS, metric


@pytest.fixture
def df() -> pd.DataFrame:
    frame = to_frame(metric(r) for r in ROWS)
    issuer = {"plan.txt": "青溪区", "review.txt": "青溪区", "other.txt": "云岭县"}
    return frame.assign(issuer=frame["doc_id"].map(issuer).astype("string"))


@pytest.fixture
def cjk() -> str:
    family = plot.cjk_font()
    if family is None:
        pytest.skip("no CJK font installed (apt-get install fonts-noto-cjk; .ci/run does)")
    return family


def draw(fig: Figure) -> list[str]:
    """Render with Agg; return the texts on the figure, failing on any missing glyph."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        FigureCanvasAgg(fig).draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing[:3]
    return [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_text")) if t.get_text()]  # type: ignore[attr-defined]


CASES: list[tuple[str, Callable[[pd.DataFrame], Figure], int, list[str]]] = [
    ("category_counts", plot.category_counts, 1, ["economy 经济", "people 人员", "unknown"]),
    ("subject_over_years", lambda d: plot.subject_over_years(d, "地区生产总值"), 2, ["亿元", "%"]),
    ("subject_by_issuer", lambda d: plot.subject_over_years(d, "地区生产总值", by="issuer"), 2,
     ["actual · 云岭县", "target · 青溪区"]),
    ("targets_vs_actuals", lambda d: plot.targets_vs_actuals(d, within="issuer"), 1,
     ["失业率（%，2024）", "43 / 40 家"]),
    ("targets_table", lambda d: plot.targets_vs_actuals(targets_vs_actuals(d, within="issuer")),
     1, ["工业企业（家，2024）", "Targets against results (4 of 5 targets matched)"]),
]  # fmt: skip


@pytest.mark.parametrize(("name", "make", "n_axes", "texts"), CASES, ids=[c[0] for c in CASES])
def test_plot_returns_a_figure_with_chinese_rendered(
    df: pd.DataFrame,
    cjk: str,
    name: str,
    make: Callable[[pd.DataFrame], Figure],
    n_axes: int,
    texts: list[str],
) -> None:
    fig = make(df)
    assert isinstance(fig, Figure)
    assert len(fig.axes) == n_axes
    shown = draw(fig)
    for text in texts:
        assert text in shown, (text, shown)
    for ax in fig.axes:
        for label in ax.get_yticklabels():
            assert label.get_fontfamily()[0] == cjk


def test_subject_not_found_names_similar_ones(df: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="similar: 地区生产总值"):
        plot.subject_over_years(df, "生产总值")


def test_targets_without_results_still_draw(df: pd.DataFrame) -> None:
    fig = plot.targets_vs_actuals(df[df["status"] == "target"])
    assert isinstance(fig, Figure)
    assert "no target has a matching result" in [t.get_text() for t in fig.axes[0].texts]


def test_figures_display_as_png_in_ipython() -> None:
    ipython = pytest.importorskip("IPython")
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        fig = plot.category_counts(to_frame(metric(r) for r in ROWS[:3]))
        data, _ = shell.display_formatter.format(fig)
        assert data["image/png"][:4] == b"\x89PNG"
    finally:
        InteractiveShell.clear_instance()
    assert ipython


@pytest.fixture
def no_fonts(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda *a, **k: [])
    plot.cjk_font.cache_clear()
    yield
    plot.cjk_font.cache_clear()


def test_missing_cjk_font_warns_once(no_fonts: None) -> None:
    with pytest.warns(UserWarning, match="fonts-noto-cjk"):
        assert plot.cjk_font() is None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert plot.cjk_font() is None


def test_targets_by_issuer_one_figure_per_region() -> None:
    from test_match_targets import ROWS as MATCH_ROWS
    from test_match_targets import metric as match_metric

    figures = plot.targets_by_issuer(to_frame(match_metric(r) for r in MATCH_ROWS))
    assert list(figures) == ["青溪区"]
    (ax,) = figures["青溪区"].axes
    assert ax.get_title() == "青溪区: 6 of 7 targets have a result"
    notes = [t.get_text() for t in ax.texts]
    assert len(notes) == 7 and sum(n.startswith("no result") for n in notes) == 1
