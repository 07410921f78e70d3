"""What every evaluation suite returns, and the scoring helpers they share.

A suite reads one gold set from the shared reference data, runs the product's own public API
(``dyadwatch.code_text``, ``resolve_actor``, ``find_dates``) on the text only, and scores the
output against the gold labels. Gold labels never reach the coder.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def default_data_dir() -> Path:
    """``$DYADWATCH_SHARED`` or ``../shared/data`` beside the project (or the current folder)."""
    env = os.environ.get("DYADWATCH_SHARED")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in [Path.cwd(), *here.parents]:
        candidate = parent.parent / "shared" / "data"
        if candidate.exists():
            return candidate
    return Path.cwd().parent / "shared" / "data"


@dataclass
class SuiteResult:
    name: str
    items: int
    precision: float | None = None
    recall: float | None = None
    f1: float | None = None
    # measure-specific figures, e.g. {"root_f1": 0.81, "triple_f1": 0.70, "coverage": 0.64}
    figures: dict[str, float | int | str] = field(default_factory=dict)
    # every miss, for inspection: {"id":..., "text":..., "gold":..., "got":..., "kind":...}
    misses: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "items": self.items, "precision": self.precision, "recall": self.recall,
                "f1": self.f1, "figures": self.figures, "notes": self.notes, "misses": self.misses}


@dataclass
class PRF:
    """Counts of true positives, false positives and false negatives, and their P/R/F1."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Iterable[Any], predicted: Iterable[Any]) -> tuple[list[Any], list[Any]]:
        """Add a multiset comparison; returns (missed gold items, spurious predicted items)."""
        g, p = Counter(gold), Counter(predicted)
        common = g & p
        self.tp += sum(common.values())
        missed = list((g - common).elements())
        spurious = list((p - common).elements())
        self.fn += len(missed)
        self.fp += len(spurious)
        return missed, spurious

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def macro_f1(per_label: dict[str, PRF]) -> float:
    scores = [prf.f1 for prf in per_label.values() if prf.tp + prf.fn > 0]
    return sum(scores) / len(scores) if scores else 0.0


def accuracy(correct: int, total: int) -> float:
    return correct / total if total else 0.0
