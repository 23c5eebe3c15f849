"""Scoring predicted records against gold ones, by the rules of docs/records.md.

The numbers must match the reference scorer reviewers run, so every rule here
(pairing order, tolerances, what counts as a right subject) follows it exactly;
``tests/test_evaluate.py`` runs both on the same files to keep it that way.
Scoring is a pure function of plain dicts so that gold files, CLI output and
records built in a notebook can all be scored without going through files.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportmine.model import FIELDS

Record = Mapping[str, Any]
Pair = tuple[Record, Record]
#: What pairing one document gives: pairs, missed gold, spurious predictions.
Pairing = tuple[list[Pair], list[Record], list[Record]]

#: The fields compared over each gold/predicted pair, in report order.
#: Every record field from ``value`` through ``year`` (docs/records.md).
SCORED_FIELDS: tuple[str, ...] = FIELDS[FIELDS.index("value") : FIELDS.index("year") + 1]

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class PRF:
    """Precision, recall and F1; all 0.0 where a denominator is empty."""

    precision: float
    recall: float
    f1: float

    @classmethod
    def from_counts(cls, hits: int, n_pred: int, n_gold: int) -> PRF:
        """Zero instead of a division error, so an empty side scores 0, not NaN."""
        precision = hits / n_pred if n_pred else 0.0
        recall = hits / n_gold if n_gold else 0.0
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)

    def to_dict(self) -> dict[str, float]:
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1}


@dataclass(frozen=True)
class Scores:
    """Everything one scoring run measures, plus the errors behind the numbers.

    ``field_accuracy`` is over the pairs (every field 0.0 when nothing paired);
    ``target_status`` treats ``status == "target"`` as a class over the pairs,
    because targets are the minority researchers most want; ``full_record``
    counts a pair only when every field of :data:`SCORED_FIELDS` is right.
    """

    gold: int
    pred: int
    paired: int
    detection: PRF
    field_accuracy: dict[str, float]
    target_status: PRF
    full_record: PRF
    missed: list[Record] = field(default_factory=list, repr=False, compare=False)
    spurious: list[Record] = field(default_factory=list, repr=False, compare=False)
    wrong: dict[str, list[Pair]] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The numbers only, keyed like the reference scorer's ``--json`` output."""
        return {
            "gold": self.gold,
            "pred": self.pred,
            "paired": self.paired,
            "detection": self.detection.to_dict(),
            "field_accuracy": dict(self.field_accuracy),
            "target_status": self.target_status.to_dict(),
            "full_record": self.full_record.to_dict(),
        }

    def report(self, show: int = 0) -> str:
        """The human-readable report; its last line is ``full-record F1: X`` for scripts."""
        fields = "  ".join(f"{k} {self.field_accuracy[k]:.3f}" for k in SCORED_FIELDS)
        loose = self.field_accuracy.get("subject_contains", 0.0)
        lines = [
            f"gold {self.gold}  predicted {self.pred}  paired {self.paired}",
            f"detection: {_prf_line(self.detection)}",
            f"field accuracy over pairs: {fields}  (subject by containment only {loose:.3f})",
            f"status=target over pairs: {_prf_line(self.target_status)}",
        ]
        if show > 0:
            lines += self._errors(show)
        lines.append(f"full-record F1: {self.full_record.f1:.3f}")
        return "\n".join(lines)

    def _errors(self, show: int) -> list[str]:
        lines = ["", f"missed (first {show}):"]
        lines += [f"  {_brief(g)}" for g in self.missed[:show]]
        lines.append(f"spurious (first {show}):")
        lines += [f"  {_brief(p)}" for p in self.spurious[:show]]
        for name in SCORED_FIELDS:
            pairs = self.wrong.get(name, [])
            if pairs:
                lines.append(f"wrong {name} (first {show}):")
                lines += [
                    f"  {_brief(g)}: gold {g.get(name)!r} predicted {p.get(name)!r}"
                    for g, p in pairs[:show]
                ]
        return lines


def _prf_line(prf: PRF) -> str:
    return f"P {prf.precision:.3f}  R {prf.recall:.3f}  F1 {prf.f1:.3f}"


def _brief(record: Record) -> str:
    return f"{record.get('doc_id')}@{record.get('start')} {record.get('text')!r}"


def read_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """One dict a non-blank line; a bad line raises ``ValueError`` naming file and line."""
    records: list[dict[str, Any]] = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ValueError(f"{path}:{number}: not JSON: {err}") from err
    return records


def same_number(gold: object, pred: object) -> bool:
    """Equal within a relative (and absolute) 1e-9: floats from different arithmetic differ."""
    if gold is None or pred is None:
        return gold is None and pred is None
    try:
        a, b = float(gold), float(pred)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return math.isclose(a, b, rel_tol=_TOLERANCE, abs_tol=_TOLERANCE)


def same_subject(gold: object, pred: object) -> bool:
    """Right when one contains the other and the shorter is at least half the longer.

    The phrase's exact edge is a judgement call, so containment is enough; a
    fragment is not (``率`` for ``残疾儿童少年入学率``, ``城乡`` for
    ``城乡居民人均可支配收入``): nobody can group figures by it.
    """
    if not contains_subject(gold, pred):
        return False
    if not gold:
        return True
    g, p = str(gold).strip(), str(pred).strip()
    return 2 * min(len(g), len(p)) >= max(len(g), len(p))


def contains_subject(gold: object, pred: object) -> bool:
    """The looser rule of earlier versions (one contains the other), reported alongside."""
    if not gold or not pred:
        return not gold and not pred
    g, p = str(gold).strip(), str(pred).strip()
    return g in p or p in g


def field_right(name: str, gold: Record, pred: Record) -> bool:
    """Whether ``pred`` has field ``name`` right by the rule for that field."""
    g, p = gold.get(name), pred.get(name)
    if name in ("value", "value_high"):
        return same_number(g, p)
    if name == "subject":
        return same_subject(g, p)
    if name == "redacted":
        return bool(g) == bool(p)
    return bool(g == p)


def pair(gold: Sequence[Record], pred: Sequence[Record]) -> Pairing:
    """Pair the records of one document.

    Greedy one-to-one over overlapping spans, largest overlap first; ties go
    to the earlier gold record, then the earlier prediction, so the result
    does not depend on anything but input order.
    """
    candidates = sorted(
        (-overlap, i, j)
        for i, g in enumerate(gold)
        for j, p in enumerate(pred)
        if (overlap := _overlap(g, p)) > 0
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    pairs: list[Pair] = []
    for _, i, j in candidates:
        if i not in used_gold and j not in used_pred:
            used_gold.add(i)
            used_pred.add(j)
            pairs.append((gold[i], pred[j]))
    missed = [g for i, g in enumerate(gold) if i not in used_gold]
    spurious = [p for j, p in enumerate(pred) if j not in used_pred]
    return pairs, missed, spurious


def _overlap(a: Record, b: Record) -> int:
    return int(min(a["end"], b["end"]) - max(a["start"], b["start"]))


def _by_doc(records: Iterable[Record]) -> dict[Any, list[Record]]:
    grouped: dict[Any, list[Record]] = defaultdict(list)
    for record in records:
        grouped[record.get("doc_id")].append(record)
    return grouped


def _within(records: list[Record], spans: Sequence[tuple[int, int]]) -> list[Record]:
    return [r for r in records if any(s <= r["start"] and r["end"] <= e for s, e in spans)]


def _spans_by_doc(regions: Iterable[Record]) -> dict[Any, list[tuple[int, int]]]:
    spans: dict[Any, list[tuple[int, int]]] = defaultdict(list)
    for region in regions:
        spans[region["doc_id"]].append((region["start"], region["end"]))
    return spans


def score(
    gold: Sequence[Record],
    pred: Sequence[Record],
    regions: Iterable[Record] | None = None,
) -> Scores:
    """Score ``pred`` against ``gold``: dicts with ``doc_id``, ``start``, ``end`` and the fields.

    Only documents that have gold are scored: predictions for other documents
    are ignored, so one extraction run can be scored against several partial
    gold files. ``regions`` (dicts with ``doc_id``, ``start``, ``end``) says
    which parts of a document were annotated; records of either side that lie
    wholly inside no region of their document are left out before pairing.
    """
    gold_docs = _by_doc(gold)
    pred_all = _by_doc(pred)
    pred_docs = {doc: pred_all.get(doc, []) for doc in gold_docs}
    if regions is not None:
        spans = _spans_by_doc(regions)
        gold_docs = {doc: _within(recs, spans[doc]) for doc, recs in gold_docs.items()}
        pred_docs = {doc: _within(recs, spans[doc]) for doc, recs in pred_docs.items()}
    pairs: list[Pair] = []
    missed: list[Record] = []
    spurious: list[Record] = []
    for doc, doc_gold in gold_docs.items():
        doc_pairs, doc_missed, doc_spurious = pair(doc_gold, pred_docs[doc])
        pairs += doc_pairs
        missed += doc_missed
        spurious += doc_spurious
    n_gold = sum(map(len, gold_docs.values()))
    n_pred = sum(map(len, pred_docs.values()))
    return _summarize(pairs, missed, spurious, n_gold, n_pred)


def _summarize(
    pairs: list[Pair], missed: list[Record], spurious: list[Record], n_gold: int, n_pred: int
) -> Scores:
    wrong: dict[str, list[Pair]] = {name: [] for name in SCORED_FIELDS}
    fully_right = 0
    for g, p in pairs:
        errors = [name for name in SCORED_FIELDS if not field_right(name, g, p)]
        for name in errors:
            wrong[name].append((g, p))
        fully_right += not errors
    n_pairs = len(pairs)
    accuracy = {
        name: (n_pairs - len(wrong[name])) / n_pairs if n_pairs else 0.0 for name in SCORED_FIELDS
    }
    # the looser subject rule of earlier versions, reported beside the one that counts
    loose = sum(contains_subject(g.get("subject"), p.get("subject")) for g, p in pairs)
    accuracy["subject_contains"] = loose / n_pairs if n_pairs else 0.0
    return Scores(
        gold=n_gold,
        pred=n_pred,
        paired=n_pairs,
        detection=PRF.from_counts(n_pairs, n_pred, n_gold),
        field_accuracy=accuracy,
        target_status=_target_status(pairs),
        full_record=PRF.from_counts(fully_right, n_pred, n_gold),
        missed=missed,
        spurious=spurious,
        wrong={name: found for name, found in wrong.items() if found},
    )


def _target_status(pairs: list[Pair]) -> PRF:
    gold_target = [g.get("status") == "target" for g, _ in pairs]
    pred_target = [p.get("status") == "target" for _, p in pairs]
    both = sum(g and p for g, p in zip(gold_target, pred_target, strict=True))
    return PRF.from_counts(both, sum(pred_target), sum(gold_target))
