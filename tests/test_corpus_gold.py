"""The authored corpus under corpus/: gold is valid and in sync with its sources."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


def _load(name: str) -> ModuleType:
    path = CORPUS / "tools" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"corpus_tools_{name}", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


build_gold = _load("build_gold")
check_gold = _load("check_gold")


@pytest.fixture(scope="module")
def gold() -> list[dict[str, object]]:
    return check_gold.load_jsonl(CORPUS / "gold.jsonl")


def test_gold_passes_checker(gold: list[dict[str, object]]) -> None:
    assert check_gold.check(gold, CORPUS) == []


def test_gold_is_built_from_annotation_sources() -> None:
    built = build_gold.dumps(build_gold.build_all(CORPUS))
    assert built == (CORPUS / "gold.jsonl").read_text(encoding="utf-8")


def test_documents_and_reports_match(gold: list[dict[str, object]]) -> None:
    docs = check_gold.load_jsonl(CORPUS / "documents.jsonl")
    doc_ids = [d["doc_id"] for d in docs]
    assert len(doc_ids) == len(set(doc_ids))
    reports = {p.name for p in (CORPUS / "reports").glob("*.txt")}
    assert set(doc_ids) == reports
    annotations = {p.stem + ".txt" for p in (CORPUS / "annotations").glob("*.tsv")}
    assert annotations == reports
    assert {r["doc_id"] for r in gold} == reports
    for d in docs:
        assert set(d) == {"doc_id", "title", "genre", "year", "level", "unit"}
        assert isinstance(d["year"], int)


def test_report_lengths_and_encoding() -> None:
    crlf = 0
    for path in (CORPUS / "reports").glob("*.txt"):
        raw = path.read_bytes()
        text = raw.decode("utf-8")
        assert 600 <= len(text) <= 5000, path.name
        if b"\r\n" in raw:
            crlf += 1
            assert b"\n" not in raw.replace(b"\r\n", b""), f"{path.name}: mixed line endings"
    assert crlf >= 1


def test_checker_catches_bad_records(gold: list[dict[str, object]]) -> None:
    rec = dict(gold[0])
    rec["start"] = int(rec["start"]) + 1  # type: ignore[call-overload]
    assert check_gold.check([rec], CORPUS)
    rec = dict(gold[0])
    rec["value"] = None
    assert check_gold.check([rec], CORPUS)
    rec = dict(gold[0])
    rec["category"] = "weather"
    assert check_gold.check([rec], CORPUS)
    assert check_gold.check([gold[1], gold[0]], CORPUS)


def test_titles_are_in_reports() -> None:
    for line in (CORPUS / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = build_gold.read_source(CORPUS / "reports" / doc["doc_id"])
        assert doc["title"] in text
