"""The HTML view of the seed page in a real browser (headless Chromium).

Chromium comes from Debian's ``chromium`` package, which ``.ci/run``
installs; on a machine without it these tests are skipped, saying so.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import reportmine
from reportmine.display import show
from reportmine.io import read_document

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_0f14a433065eeb7a.txt"
CHROMIUM = next(
    (p for p in (shutil.which("chromium"), "/usr/bin/chromium") if p and Path(p).is_file()), None
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        CHROMIUM is None, reason="chromium not installed (apt-get install chromium; .ci/run does)"
    ),
]


def chromium(page: Path, tmp: Path, *action: str) -> str:
    """Run headless Chromium on a local file, offline, with a throwaway profile."""
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp / 'profile'}",
        "--window-size=1000,1400",
        *action,
        page.as_uri(),
    ]
    done = subprocess.run(
        command, capture_output=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=60
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture(scope="module")
def seed_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    if not SEED.is_file():
        pytest.skip(f"shared seed page not found at {SEED}")
    text = read_document(SEED)[0]
    metrics = reportmine.extract(text, doc_id=SEED.name)
    page = show(text, metrics).save(tmp_path_factory.mktemp("seed") / "seed.html")
    return page, len(metrics)


def test_seed_page_shows_every_highlight(seed_page: tuple[Path, int], tmp_path: Path) -> None:
    page, n_metrics = seed_page
    dom = chromium(page, tmp_path, "--dump-dom")
    assert n_metrics > 100
    assert len(re.findall(r'<mark class="rm-m"', dom)) == n_metrics
    assert "区科技局2009年工作总结" in dom
    assert "<details" in dom  # the long page is folded into sections


def test_seed_page_screenshot_is_drawn(seed_page: tuple[Path, int], tmp_path: Path) -> None:
    page, _ = seed_page
    shot = tmp_path / "seed.png"
    chromium(page, tmp_path, f"--screenshot={shot}")
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG") and len(data) > 20_000  # text drawn, not a blank page


def test_hostile_report_runs_no_script(tmp_path: Path) -> None:
    text = (
        "<script>document.body.setAttribute('data-pwned','1')</script>"
        "<img src=x onerror=\"document.body.setAttribute('data-pwned','2')\">"
        "安排经费100万元。"
    )
    page = show(text).save(tmp_path / "hostile.html")
    dom = chromium(page, tmp_path, "--dump-dom")
    assert "data-pwned" not in dom.split("<div", 1)[0]  # the body was never touched
    assert "&lt;script&gt;" in dom
    assert len(re.findall(r'<mark class="rm-m"', dom)) == 1
