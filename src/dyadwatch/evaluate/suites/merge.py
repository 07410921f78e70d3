"""Cross-document merging on FA-KES: do articles about the same event land in the same merged event?

Gold: ``gold/fa_kes/fakes_dev.csv`` (420 articles, read as the ``fa_kes`` suite reads them: title and
body coded together, the leading dateline passed as ``published``). Gold clustering rule: two
articles report the same event when they share the labelled event ``date``, governorate
(``location``, normalised by :func:`~dyadwatch.evaluate.suites.fa_kes.governorate_key`), perpetrator
class (``actor``) and ``cause_of_death``. Most gold clusters are single articles (the set was not
built for event co-reference), so an all-singletons prediction already scores a high B-cubed; the
pairwise figures, over the few same-event article pairs, are the sharper test, and
``b3_f1_singletons`` gives the baseline. The labels are crowd-made and noisy.

Prediction: every article is coded with ``dyadwatch.code_text`` (text only; the labels never reach
the coder), one :class:`~dyadwatch.merge.cluster.Merger` merges all mentions of all articles in file
order (``source_of`` = the article's outlet), and two articles are in the same predicted cluster
when their lead events fall in the same merged event. The lead event is the first (by trigger
position) actual-mode ASSAULT/COERCE mention not flagged ``historical``, else the first mention. An
article with no event is a predicted singleton (``no_event`` counts them).

Figures: pairwise precision/recall/F1 over article pairs, B-cubed precision/recall/F1 (the headline
``f1`` is B-cubed F1), gold and predicted cluster counts, and the merge's own reduction (mentions,
merged events). Misses list each article whose predicted cluster differs from its gold cluster.
Rows are keyed by their position in the file: a few ``unit_id`` values repeat, some of them with
the same text and different labels; ``pair_*_distinct_text`` leave out the pairs of identical texts.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Hashable, Mapping
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import PRF, SuiteResult
from dyadwatch.evaluate.suites.fa_kes import VIOLENT, _gold_date, governorate_key, leading_dateline, read_rows
from dyadwatch.merge.cluster import DEFAULT_THRESHOLD, Merger
from dyadwatch.records import content_hash


def gold_key(row: Mapping[str, str]) -> tuple[str, ...]:
    """The gold cluster of an article: (event date, governorate, perpetrator class, cause of death)."""
    date = _gold_date(row["date"])
    location = row["location"].strip().lower()
    return (date.isoformat() if date else row["date"].strip(), governorate_key(location) or location,
            row["actor"].strip().lower(), row["cause_of_death"].strip().lower())


def lead_event(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The article's event: first current actual violent mention by trigger position, else the first."""
    if not events:
        return None
    pool = [e for e in events if e["mode"] == "actual" and e["type"] in VIOLENT and not e.get("historical")]
    return min(pool or events, key=lambda e: e["trigger"]["start"])


def _clusters(labels: Mapping[int, Hashable]) -> dict[Hashable, set[int]]:
    groups: dict[Hashable, set[int]] = defaultdict(set)
    for item, label in labels.items():
        groups[label].add(item)
    return groups


def pairwise(gold: Mapping[int, Hashable], predicted: Mapping[int, Hashable],
             exclude: set[tuple[int, int]] | None = None) -> PRF:
    """Precision/recall over unordered item pairs ``(a, b)``, ``a < b``, put in one cluster
    (pairs in ``exclude`` left out)."""
    def pairs(labels: Mapping[int, Hashable]) -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for members in _clusters(labels).values():
            ordered = sorted(members)
            out.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
        return out

    g, p = pairs(gold), pairs(predicted)
    if exclude:
        g, p = g - exclude, p - exclude
    return PRF(tp=len(g & p), fp=len(p - g), fn=len(g - p))


def bcubed(gold: Mapping[int, Hashable], predicted: Mapping[int, Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (Bagga & Baldwin 1998), averaged over items."""
    if not gold:
        return 0.0, 0.0, 0.0
    gold_of, pred_of = _clusters(gold), _clusters(predicted)
    precision = recall = 0.0
    for item in gold:
        g, p = gold_of[gold[item]], pred_of[predicted[item]]
        common = len(g & p)
        precision += common / len(p)
        recall += common / len(g)
    precision, recall = precision / len(gold), recall / len(gold)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run(data_dir: Path, limit: int | None = None, threshold: float = DEFAULT_THRESHOLD) -> SuiteResult:
    rows = read_rows(data_dir, limit)
    started = time.perf_counter()
    coded: list[list[dict[str, Any]]] = []
    text_of: list[str] = []
    source_of: dict[str, str | None] = {}
    for row in rows:
        title, body = row["article_title"].strip(), row["article_content"].strip()
        text = body if not title or body.startswith(title) else f"{title}.\n\n{body}"
        anchor = leading_dateline(body)
        events = dyadwatch.code_text(text, published=anchor.isoformat() if anchor else None)
        coded.append(events)
        text_of.append(content_hash(text))
        for event in events:
            source_of.setdefault(event["doc_id"], row.get("source") or None)
    coding_seconds = time.perf_counter() - started

    merge_started = time.perf_counter()
    merger = Merger(threshold=threshold, source_of=source_of)
    mentions = [event for events in coded for event in events]
    merger.add(mentions)
    merge_seconds = time.perf_counter() - merge_started

    keys = {i: gold_key(row) for i, row in enumerate(rows)}
    gold: dict[int, Hashable] = dict(keys)
    predicted: dict[int, Hashable] = {}
    no_event = 0
    for i, events in enumerate(coded):
        lead = lead_event(events)
        merged = merger.merged_id_of(lead["event_id"]) if lead else None
        if merged is None:
            no_event += 1
        predicted[i] = merged if merged is not None else ("article", i)
    pairs = pairwise(gold, predicted)
    # the same text twice (some rows repeat, a few with different labels): no coder can tell them apart
    same_text = {(a, b) for a in range(len(rows)) for b in range(a + 1, len(rows)) if text_of[a] == text_of[b]}
    distinct = pairwise(gold, predicted, exclude=same_text)
    same_text_split = sum(gold[a] != gold[b] for a, b in same_text)
    b3_p, b3_r, b3_f1 = bcubed(gold, predicted)
    _, base_r, base_f1 = bcubed(gold, {i: i for i in gold})

    gold_of, pred_of = _clusters(gold), _clusters(predicted)
    misses: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        g, p = gold_of[gold[i]], pred_of[predicted[i]]
        if g == p:
            continue
        lead = lead_event(coded[i])
        misses.append({
            "id": row["unit_id"], "row": i, "gold": "|".join(keys[i]), "gold_size": len(g),
            "predicted_size": len(p), "kind": "split" if not p >= g else "over_merged",
            "got": None if lead is None else {"type": lead["type"], "date": lead.get("date"),
                                               "place": (lead.get("place") or {}).get("name"),
                                               "sources": [a["id"] for a in lead.get("sources") or []],
                                               "sentence": (lead.get("sentence") or "")[:200]},
            "missed_rows": sorted(g - p), "wrong_rows": sorted(p - g),
        })

    result = SuiteResult(name="merge", items=len(rows), precision=b3_p, recall=b3_r, f1=b3_f1, misses=misses)
    result.figures.update({
        "pair_precision": pairs.precision, "pair_recall": pairs.recall, "pair_f1": pairs.f1,
        "gold_pairs": pairs.tp + pairs.fn, "predicted_pairs": pairs.tp + pairs.fp,
        "pair_precision_distinct_text": distinct.precision, "pair_recall_distinct_text": distinct.recall,
        "pair_f1_distinct_text": distinct.f1, "identical_text_pairs": len(same_text),
        "identical_text_pairs_gold_split": same_text_split,
        "b3_precision": b3_p, "b3_recall": b3_r, "b3_f1": b3_f1,
        "b3_f1_singletons": base_f1, "b3_recall_singletons": base_r,
        "gold_clusters": len(gold_of), "predicted_clusters": len(pred_of), "no_event": no_event,
        "mentions": len({m["event_id"] for m in mentions}), "merged_events": len(merger),
        "threshold": threshold, "coding_seconds": round(coding_seconds, 2), "merge_seconds": round(merge_seconds, 3),
    })
    result.notes.append("gold cluster = same labelled date, governorate, perpetrator class and cause of death; "
                        "predicted = the articles' lead events share a merged event (all mentions of all "
                        "articles merged together, in file order)")
    result.notes.append(f"headline f1 = B-cubed F1; all-singletons baseline B-cubed F1 = {base_f1:.3f}")
    result.notes.append(f"{len(same_text)} article pairs have identical text (repeated rows); the gold splits "
                        f"{same_text_split} of them, which no text-only merger can follow: the *_distinct_text "
                        "pairwise figures leave these pairs out")
    return result
