"""Records become a DataFrame whose dtypes analysis can use without casting."""

from __future__ import annotations

import pandas as pd

import reportmine
from reportmine.model import FIELDS

TEXT = "全年立项13项，安排科技经费626.12万元，培训1.1万人次，发放宣传单XX多份，增长6%－6.5%。"


def test_columns_and_dtypes() -> None:
    frame = reportmine.to_frame(reportmine.extract(TEXT, doc_id="a.txt"))
    assert list(frame.columns) == list(FIELDS)
    assert len(frame) == 5
    assert str(frame["value"].dtype) == "Float64"
    assert str(frame["start"].dtype) == "Int64"
    assert str(frame["year"].dtype) == "Int64"
    assert str(frame["redacted"].dtype) == "boolean"
    assert isinstance(frame["kind"].dtype, pd.CategoricalDtype)
    assert set(frame["kind"].cat.categories) == {"money", "count", "percent", "measure", "ratio"}
    assert frame["value"].isna().sum() == 1  # the redacted figure
    assert frame.groupby("kind", observed=False).size()["count"] == 3


def test_empty_input_gives_typed_empty_frame() -> None:
    frame = reportmine.to_frame([])
    assert frame.empty
    assert list(frame.columns) == list(FIELDS)
    assert str(frame["value"].dtype) == "Float64"
