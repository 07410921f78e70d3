#!/usr/bin/env python3
"""Train the event-location ranker (``src/dyadwatch/places/data/location_ranker.json``).

Data: ``gold/event_location/event_location_dev.jsonl`` from the shared data folder (sentences, one
event verb each, and the place names where that event happened; MIT licence). The evaluation
scores the first 2,000 records (``DEFAULT_LOCATION_SAMPLE`` of the geo suite); this script trains
on the others only, so the evaluation stays a held-out measurement.

Each record is parsed with dyadwatch's own pipeline; every place name of the verb's sentence (and
the answer of the rules in ``dyadwatch.places.mention``) is one candidate, described by
``dyadwatch.places.ranker.features`` and labelled by whether it is, letter for letter, one of the
gold names. A logistic regression (scikit-learn, lbfgs, no intercept: the "bias" cue carries it)
scores candidates; the regularisation strength and the probability a best candidate must reach
are chosen by five-fold cross-validation on the training records, by the share of records whose
answer (a name, or none) is right.

Usage (from the repository root; needs scikit-learn, which the runtime does not)::

    python tools/train_location_ranker.py [--data JSONL] [--out JSON]

Deterministic: fixed folds, lbfgs, sorted JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "gold" / "event_location" / "event_location_dev.jsonl"
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "places" / "data" / "location_ranker.json"
EVALUATED = 2000  # the records the geo suite scores: never trained on
FOLDS = 5
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(0.05 * i, 2) for i in range(2, 19))


def _records(path: Path) -> list[dict[str, Any]]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines[EVALUATED:] if line.strip()]


def _groups(records: list[dict[str, Any]]) -> list[tuple[list[list[str]], list[int]]]:
    """Per record: the candidates' cues and labels (an empty list when the sentence names none)."""
    from dyadwatch import _pipeline
    from dyadwatch.places.ranker import candidates, features, trimmed

    nlp = _pipeline().nlp
    groups = []
    docs = nlp.pipe([r["text"] for r in records], batch_size=64)
    for rec, doc in zip(records, docs, strict=True):
        verbs = [s for s in rec["spans"] if s["label"] == "VERB"]
        gold = {s["text"] for s in rec["spans"] if s["label"] == "LOCATION"}
        span = doc.char_span(verbs[0]["start"], verbs[0]["end"], alignment_mode="expand") if verbs else None
        if span is None:
            continue
        trigger = span.root
        found, rule = candidates(trigger)
        cues = [features(trigger, c, rule, len(found)) for c in found]
        labels = [int(trimmed(c).text in gold) for c in found]
        groups.append((cues, labels, bool(gold)))
    return groups




def _accuracy(groups: list[Any], probabilities: list[list[float]], threshold: float) -> float:
    right = 0
    for (_cues, labels, located), probs in zip(groups, probabilities, strict=True):
        if not probs or max(probs) < threshold:
            right += not located
        else:
            right += labels[int(np.argmax(probs))] == 1
    return right / len(groups)


def _fit(groups: list[Any], c_value: float) -> tuple[Any, Any]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    rows = [{cue: 1.0 for cue in cues} for g in groups for cues in g[0]]
    labels = [label for g in groups for label in g[1]]
    vectorizer = DictVectorizer(sort=True)
    x = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=c_value, fit_intercept=False, max_iter=2000, solver="lbfgs")
    model.fit(x, labels)
    return vectorizer, model


def _predict(vectorizer: Any, model: Any, groups: list[Any]) -> list[list[float]]:
    out = []
    for cues_list, _labels, _located in groups:
        if not cues_list:
            out.append([])
            continue
        x = vectorizer.transform([{cue: 1.0 for cue in cues} for cues in cues_list])
        out.append(list(model.predict_proba(x)[:, 1]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    groups = _groups(_records(args.data))
    print(f"{len(groups)} training records, {sum(len(g[1]) for g in groups)} candidates", file=sys.stderr)
    folds = [groups[i::FOLDS] for i in range(FOLDS)]
    best = (-1.0, 0.0, 0.0)
    for c_value in C_GRID:
        held: list[Any] = []
        probs: list[list[float]] = []
        for k in range(FOLDS):
            train = [g for j, fold in enumerate(folds) if j != k for g in fold]
            vectorizer, model = _fit(train, c_value)
            held.extend(folds[k])
            probs.extend(_predict(vectorizer, model, folds[k]))
        for threshold in THRESHOLDS:
            acc = _accuracy(held, probs, threshold)
            if acc > best[0]:
                best = (acc, c_value, threshold)
        print(f"C={c_value}: best cross-validated accuracy so far {best[0]:.4f} "
              f"(C={best[1]}, threshold={best[2]})", file=sys.stderr)
    accuracy, c_value, threshold = best
    vectorizer, model = _fit(groups, c_value)
    names = vectorizer.get_feature_names_out()
    weights = {name: round(float(w), 4) for name, w in zip(names, model.coef_[0], strict=True) if abs(w) >= 1e-4}
    payload = {"about": "event-location ranker; trained by tools/train_location_ranker.py on the "
                        f"event_location records after the first {EVALUATED}",
               "training_records": len(groups), "cross_validated_accuracy": round(accuracy, 4),
               "C": c_value, "threshold": threshold, "weights": dict(sorted(weights.items()))}
    args.out.write_text(json.dumps(payload, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    print(f"wrote {args.out}: {len(weights)} weights, C={c_value}, threshold={threshold}, "
          f"cross-validated accuracy {accuracy:.4f}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
