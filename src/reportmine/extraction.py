"""The one-call pipeline: raw text in, ordered metric records out."""

from __future__ import annotations

from reportmine.model import Metric


def extract(text: str, doc_id: str | None = None) -> list[Metric]:
    """Every figure in ``text`` as a record, in text order (placeholder until the core lands)."""
    return []
