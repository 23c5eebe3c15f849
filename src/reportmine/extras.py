"""Optional dependencies: one line that names the extra to install, never a traceback.

The core install reads text files in any Chinese encoding and writes csv and
jsonl; html, docx and pdf readers, parquet and Excel output need libraries a
text-only user should not have to install (lxml, pyarrow, openpyxl).
"""

from __future__ import annotations

import importlib
from types import ModuleType

#: What each optional module is installed by.
EXTRA_OF: dict[str, str] = {
    "trafilatura": "batch",
    "lxml_html_clean": "batch",
    "docx": "batch",
    "pypdf": "batch",
    "pyarrow": "batch",
    "openpyxl": "excel",
    "dask": "dask",
    "distributed": "dask",
    "fsspec": "dask",
    "matplotlib": "notebook",
}


class MissingExtra(ImportError):
    """An optional library is not installed; ``str(err)`` says which extra brings it."""


def message(purpose: str, module: str) -> str:
    """``reading .html files needs trafilatura: pip install 'reportmine[batch]'``."""
    top = module.split(".")[0]
    extra = EXTRA_OF.get(top, "batch")
    return f"{purpose} needs {top}, which is not installed: pip install 'reportmine[{extra}]'"


def need(module: str, purpose: str) -> ModuleType:
    """``module`` imported, or :class:`MissingExtra` naming the extra that installs it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        raise MissingExtra(message(purpose, err.name or module)) from None


def missing_from(err: ModuleNotFoundError, purpose: str) -> MissingExtra | None:
    """The :class:`MissingExtra` for an import that failed inside our own module, if optional."""
    name = (err.name or "").split(".")[0]
    if not name or name == "reportmine":
        return None
    return MissingExtra(message(purpose, name))
