r"""reportmine: typed, analysable metric records from Chinese report text.

>>> import reportmine
>>> [m.text for m in reportmine.extract("全年立项13项，安排科技经费626.12万元。")]
['13项', '626.12万元']
>>> report = reportmine.parse("区科技局2009年工作总结\n一、2009年完成的主要工作\n全年立项13项。")
>>> report.documents[0].title, report.metrics[0].section
('区科技局2009年工作总结', '一、2009年完成的主要工作')

``extract`` and ``parse`` load with the package; the batch (``extract_files``,
``read_document``), the notebook views (``show``, ``to_displacy``) and
``to_frame`` load pandas, readers and a worker pool, so they are imported on
first use (``import reportmine`` stays fast for a script that only extracts).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from reportmine.explain import explain
from reportmine.extraction import extract, parse
from reportmine.model import Metric
from reportmine.structure import Document, Report, Section

if TYPE_CHECKING:
    from reportmine.batch import extract_files
    from reportmine.display import show, to_displacy
    from reportmine.frame import to_frame
    from reportmine.io import read_document

#: Names loaded on first use, and the module each comes from.
_LAZY: dict[str, str] = {
    "extract_files": "reportmine.batch",
    "show": "reportmine.display",
    "to_displacy": "reportmine.display",
    "to_frame": "reportmine.frame",
    "read_document": "reportmine.io",
}

__all__ = [
    "Document",
    "Metric",
    "Report",
    "Section",
    "explain",
    "extract",
    "extract_files",
    "parse",
    "read_document",
    "show",
    "to_displacy",
    "to_frame",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    """``reportmine.to_frame`` and the other heavy names, imported when first asked for."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'reportmine' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
