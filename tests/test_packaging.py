"""The built wheel works on its own: installed outside the checkout, it finds its lexicons.

An editable install reads ``lexicons/`` from the checkout, so only a real
wheel shows whether the data files were packaged.
"""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # builds a wheel and a venv

ROOT = Path(__file__).resolve().parents[1]

PROBE = """
import json, reportmine
from reportmine.lexicon import lexicon_dir, read_table
print(json.dumps({
    "module": reportmine.__file__,
    "lexicons": str(lexicon_dir()),
    "units": len(read_table("units.tsv")),
    "texts": [m.text for m in reportmine.extract("安排科技经费192万元。")],
}))
"""


def run(args: list[str], cwd: Path) -> str:
    done = subprocess.run(
        args, cwd=cwd, capture_output=True, encoding="utf-8", stdin=subprocess.DEVNULL, check=False
    )
    assert done.returncode == 0, f"{args} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def make_venv(where: Path) -> Path:
    """A venv that sees this interpreter's installed dependencies but not the checkout.

    A ``.pth`` line adds the test venv's site-packages after the new one's;
    ``.pth`` files inside it (the editable install's path to ``src``) are not
    processed that way, so ``reportmine`` can only come from the wheel.
    """
    venv.create(where, with_pip=False)
    python = where / "bin" / "python"
    site = run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], where
    )
    Path(site.strip(), "outer-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return python


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("packaging")
    wheels = tmp / "wheels"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "wheel", "--no-deps", "-q", "-w", str(wheels), str(ROOT)], tmp)
    (wheel,) = wheels.glob("reportmine-*.whl")
    python = make_venv(tmp / "venv")
    run([*pip, "--python", str(python), "install", "--no-deps", "-q", str(wheel)], tmp)
    return python


def test_wheel_installs_with_its_lexicons(installed: Path, tmp_path: Path) -> None:
    probe = json.loads(run([str(installed), "-c", PROBE], cwd=tmp_path))
    package = Path(probe["module"]).parent
    assert package.is_relative_to(installed.parent.parent), probe["module"]
    assert not package.is_relative_to(ROOT)
    assert Path(probe["lexicons"]) == package / "lexicons"
    assert probe["units"] > 0
    assert probe["texts"] == ["192万元"]


def test_wheel_installs_the_console_script(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("安排科技经费192万元。", encoding="utf-8")
    out = run([str(installed.parent / "reportmine"), "extract", "a.txt"], cwd=tmp_path)
    assert '"doc_id": "a.txt"' in out
