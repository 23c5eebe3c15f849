"""The notebooks in notebooks/ run from a clean checkout, and are stored without outputs.

Each is executed with nbclient in a ``python3`` kernel (ipykernel from this
venv, so it imports this checkout's reportmine) with ``notebooks/`` as its
working directory, as a researcher opening it in Jupyter would have.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # each notebook runs in a kernel

nbformat = pytest.importorskip("nbformat", reason="pip install -e '.[dev]' (notebook extra)")
nbclient = pytest.importorskip("nbclient", reason="pip install -e '.[dev]' (notebook extra)")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


@pytest.fixture(scope="module")
def this_python_kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A ``python3`` kernelspec for this interpreter, found before any user-wide one."""
    spec = tmp_path_factory.mktemp("jupyter") / "kernels" / "python3"
    spec.mkdir(parents=True)
    argv = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"]
    kernel = {"argv": argv, "display_name": "Python 3", "language": "python"}
    (spec / "kernel.json").write_text(json.dumps(kernel), encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("JUPYTER_PATH", str(spec.parents[1]))
        yield


def test_the_three_notebooks_exist() -> None:
    assert [p.name for p in PATHS] == [
        "01_quickstart.ipynb",
        "02_archive.ipynb",
        "03_targets.ipynb",
    ]


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_is_stored_without_outputs(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs_without_error(path: Path, this_python_kernel: None) -> None:
    notebook = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on an error
    outputs = [o for cell in notebook.cells for o in cell.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    kinds = {kind for o in outputs for kind in o.get("data", {})}
    assert "image/png" in kinds, "every notebook draws at least one plot"
    assert "text/html" in kinds, "every notebook shows a table or a highlighted report"
