"""CASE 2021 task 2: fine-grained event classification of short news snippets (ACLED-style types).

Each snippet goes alone to ``dyadwatch.code_text``; the highest-confidence event coded from it is
translated to a CASE label through our mapping table ``evaluate/data/case2021_map.tsv`` (PLOVER
type + CAMEO prefix + modality, optionally the first source/target sector; see the file's header).
No event, or an event the table does not map, gives no label.

Figures: ``accuracy`` over all snippets; ``coverage`` = share of snippets whose gold label the
table can produce at all; ``covered_acc`` = accuracy on those snippets; ``labelled_share`` =
share of snippets that got a label; ``acc_<LABEL>`` for the most frequent gold labels. The
suite's precision is correct / labelled snippets, recall is correct / covered snippets, and f1
their harmonic mean. The snippets carry no date: they are coded as published on 2020-01-01.
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import SuiteResult, accuracy

NAME = "case2021"
GOLD_DIR = Path("gold") / "case2021_task2"
GOLD_FILE = GOLD_DIR / "case2021_task2_dev.tsv"
NOTE_FILE = GOLD_DIR / "event_types_note.txt"
MAP_FILE = Path(__file__).resolve().parents[1] / "data" / "case2021_map.tsv"
PUBLISHED = "2020-01-01"
TOP_LABELS = 15


@dataclass(frozen=True)
class MapRow:
    plover_type: str
    cameo_prefix: str
    mode: str
    subtype: str
    source_sectors: frozenset[str]
    target_sectors: frozenset[str]
    order: int

    def matches(self, event: dict[str, Any]) -> bool:
        if event["type"] != self.plover_type or not str(event.get("cameo") or "").startswith(self.cameo_prefix):
            return False
        if self.mode != "*" and event["mode"] != self.mode:
            return False
        return (_sector_ok(self.source_sectors, event.get("sources") or [])
                and _sector_ok(self.target_sectors, event.get("targets") or []))

    @property
    def rank(self) -> tuple[int, int, int]:
        return (len(self.cameo_prefix), bool(self.source_sectors) + bool(self.target_sectors), -self.order)


def _sector_ok(wanted: frozenset[str], actors: list[dict[str, Any]]) -> bool:
    if not wanted:
        return True
    if not actors:
        return False
    sector = actors[0].get("sector") or "-"
    return sector in wanted


def load_map(path: Path = MAP_FILE) -> list[MapRow]:
    rows: list[MapRow] = []
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if not header_seen:
            header_seen = True
            if cells[0] == "plover_type":
                continue
        cells += [""] * (6 - len(cells))
        ptype, prefix, mode, subtype, src, tgt = (c.strip() for c in cells[:6])
        rows.append(MapRow(ptype.upper(), prefix, mode or "*", subtype,
                           frozenset(s for s in src.split(",") if s), frozenset(s for s in tgt.split(",") if s),
                           len(rows)))
    return rows


def map_event(event: dict[str, Any] | None, rows: list[MapRow]) -> str | None:
    if event is None:
        return None
    candidates = [r for r in rows if r.matches(event)]
    return max(candidates, key=lambda r: r.rank).subtype if candidates else None


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    path = Path(data_dir) / GOLD_FILE
    if not path.exists():
        raise FileNotFoundError(path)
    if not (Path(data_dir) / NOTE_FILE).exists():
        raise FileNotFoundError(Path(data_dir) / NOTE_FILE)
    with path.open(encoding="utf-8", newline="") as fh:
        items = [r for r in csv.DictReader(fh, delimiter="\t") if r.get("EventSnippet")]
    if limit is not None:
        items = items[:limit]
    rows = load_map()
    producible = {r.subtype for r in rows}

    result = SuiteResult(name=NAME, items=len(items))
    correct = covered = covered_ok = labelled = coded = 0
    per_label_n: Counter[str] = Counter()
    per_label_ok: Counter[str] = Counter()
    for item in items:
        gold = item["SubType"].strip()
        events = dyadwatch.code_text(item["EventSnippet"], published=PUBLISHED)
        top = max(events, key=lambda e: e["confidence"]) if events else None
        got = map_event(top, rows)
        per_label_n[gold] += 1
        coded += top is not None
        labelled += got is not None
        is_covered = gold in producible
        covered += is_covered
        if got == gold:
            correct += 1
            covered_ok += is_covered
            per_label_ok[gold] += 1
            continue
        if top is None:
            kind = "no event coded"
        elif got is None:
            kind = f"event not mapped ({top['type']}/{top['cameo']}/{top['mode']})"
        else:
            kind = f"{gold}->{got}"
        if not is_covered:
            kind = "uncovered label: " + kind
        result.misses.append({"id": item.get("id"), "text": item["EventSnippet"], "gold": gold, "got": got,
                              "kind": kind,
                              "event": (f"{top['type']}/{top['cameo']}/{top['mode']} '{top['trigger']['text']}'"
                                        if top else None),
                              "all_events": [f"{e['type']}/{e['cameo']}/{e['mode']}" for e in events]})

    n = len(items)
    precision = correct / labelled if labelled else 0.0
    recall = covered_ok / covered if covered else 0.0
    result.precision = precision
    result.recall = recall
    result.f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    figs = result.figures
    figs["accuracy"] = accuracy(correct, n)
    figs["coverage"] = accuracy(covered, n)
    figs["covered_acc"] = accuracy(covered_ok, covered)
    figs["labelled_share"] = accuracy(labelled, n)
    figs["coded_share"] = accuracy(coded, n)
    for label, count in per_label_n.most_common(TOP_LABELS):
        figs[f"acc_{label}"] = accuracy(per_label_ok[label], count)
    uncovered = sorted(set(per_label_n) - producible)
    result.notes.append(f"mapping {MAP_FILE.name}: {len(rows)} rows, {len(producible)} labels; "
                        f"gold labels it cannot produce: {', '.join(uncovered) or 'none'}")
    return result
