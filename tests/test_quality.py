"""Lint, format and type checks as tests, so ``pytest`` alone tells whether a change is done.

The tools are the ones installed beside this interpreter (``.[dev]``), with
their configuration from pyproject.toml; a failure shows their full output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent

CHECKS = {
    "ruff check": ["ruff", "check", "src", "tests"],
    "ruff format": ["ruff", "format", "--check", "src", "tests"],
    "mypy": ["mypy"],
}


@pytest.mark.parametrize("command", list(CHECKS.values()), ids=list(CHECKS))
def test_tool_passes(command: list[str]) -> None:
    tool = BIN / command[0]
    assert tool.is_file(), f"{tool} not installed: pip install -e '.[dev]'"
    done = subprocess.run(
        [str(tool), *command[1:]],
        cwd=ROOT,
        capture_output=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
