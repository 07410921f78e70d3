"""The learned PLOVER type classifier on the plover_gsr gold, alone and beside the rules.

Gold is read exactly as the ``plover_gsr`` suite reads it (same file, same record filter, same type
mapping DEMAND->REQUEST etc., same date fallback), and scored the same way: one predicted type per
sentence, macro-F1 over the gold types present (``dyadwatch.evaluate.base.macro_f1``), accuracy =
correct / records. The classifier was trained on silver data only
(``tools/train_type_classifier.py``); nothing here feeds back into it -- the blend weights are the
a-priori ones and the one stored in the model file (chosen on silver).

Variants:

* (a)  classifier alone: argmax over the sentence (always answers, even where there is no event).
* (b)  rules alone: the highest-confidence event's ``plover_event`` (the suite's figure).
* (c1) the classifier beside the rules, choosing only among the events the rules coded:
  ``argmax``: the event whose ``plover_event`` the classifier gives the highest probability;
  ``blend w``: rule confidence + w * P(plover_event), for a tie-break-only w, w = 1 fixed a
  priori, and the silver-chosen w from the model file.
* (c2) information only: sentences where the rules coded nothing (no fallback -- we never invent
  events): how many the classifier would have labelled right.

Also prints how many records each c1 variant fixes and breaks relative to (b), the blend's sensitivity to w
(information only: w is never chosen here), and the speed of the classifier (sentences/s) beside the rules'
coding speed on the same sentences.

Usage: ``python benchmarks/type_classifier.py [--data-dir ../shared/data] [--model JSON] [--json OUT]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import PRF, default_data_dir, macro_f1
from dyadwatch.evaluate.suites.plover_gsr import DEFAULT_DATE, GOLD_FILE, GOLD_TYPE
from dyadwatch.events.classifier import TypeClassifier, default_classifier, default_model_path

Event = dict[str, Any]
SENSITIVITY = (0.25, 0.5, 1.0, 2.0, 4.0)
Chooser = Callable[[list[Event], dict[str, float]], str | None]


def load_gold(data_dir: Path) -> list[dict[str, Any]]:
    """The suite's records: same file and filter (``plover_gsr.run``)."""
    path = Path(data_dir) / GOLD_FILE
    if not path.exists():
        raise FileNotFoundError(path)
    return [r for r in json.loads(path.read_text(encoding="utf-8"))
            if r.get("text") and r.get("event") and r.get("event") != "DOCUMENT"]


def rules_top(events: list[Event], probs: dict[str, float]) -> str | None:
    return max(events, key=lambda e: e["confidence"])["plover_event"] if events else None


def blend(w: float) -> Chooser:
    def choose(events: list[Event], probs: dict[str, float]) -> str | None:
        if not events:
            return None
        return max(events, key=lambda e: e["confidence"] + w * probs.get(e["plover_event"], 0.0))["plover_event"]
    return choose


def classifier_among_rules(events: list[Event], probs: dict[str, float]) -> str | None:
    if not events:
        return None
    return max(events, key=lambda e: (probs.get(e["plover_event"], 0.0), e["confidence"]))["plover_event"]


def classifier_alone(events: list[Event], probs: dict[str, float]) -> str | None:
    return max(probs, key=lambda k: probs[k])


def score(golds: list[str], preds: list[str | None]) -> dict[str, Any]:
    """The suite's scoring: per-type PRF, macro-F1 over gold types present, accuracy over all records."""
    per_type: dict[str, PRF] = {}
    correct = predicted = 0
    for gold, got in zip(golds, preds, strict=True):
        per_type.setdefault(gold, PRF())
        if got is not None:
            predicted += 1
            per_type.setdefault(got, PRF())
        if got == gold:
            correct += 1
            per_type[gold].tp += 1
        else:
            per_type[gold].fn += 1
            if got is not None:
                per_type[got].fp += 1
    n = len(golds)
    return {"macro_f1": macro_f1(per_type), "accuracy": correct / n if n else 0.0,
            "precision": correct / predicted if predicted else 0.0, "predicted": predicted, "correct": correct,
            "per_type_f1": {t: prf.f1 for t, prf in sorted(per_type.items()) if prf.tp + prf.fn > 0}}


def classifier_speed(clf: TypeClassifier, texts: list[str], min_seconds: float = 2.0) -> float:
    clf.predict_proba(texts[0])
    done, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds:
        for t in texts:
            clf.predict_proba(t)
        done += len(texts)
    return done / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=None, help="shared reference data (default: as the suites)")
    parser.add_argument("--model", type=Path, default=None, help="model JSON (default: the packaged one)")
    parser.add_argument("--json", type=Path, default=None, help="also write the figures to this file")
    args = parser.parse_args()
    data_dir = args.data_dir or default_data_dir()
    try:
        records = load_gold(data_dir)
    except FileNotFoundError as exc:
        print(f"gold not found: {exc}")
        return 2

    t0 = time.perf_counter()
    clf = TypeClassifier.load(args.model) if args.model else default_classifier()
    load_s = time.perf_counter() - t0
    model_path = args.model or default_model_path()
    silver_w = clf.blend_weight

    golds = [GOLD_TYPE.get(r["event"], r["event"]) for r in records]
    texts = [r["text"] for r in records]
    dyadwatch.code_text(texts[0], published=DEFAULT_DATE)  # warm the parser before timing the rules
    t0 = time.perf_counter()
    coded = [dyadwatch.code_text(r["text"], published=r.get("date") or DEFAULT_DATE) for r in records]
    rules_s = time.perf_counter() - t0
    probs = [clf.predict_proba(t) for t in texts]

    # (name, short column label, chooser)
    variants: list[tuple[str, str, Chooser]] = [
        ("(a) classifier alone", "(a)", classifier_alone),
        ("(b) rules alone", "(b)", rules_top),
        ("(c1) rules' events, classifier argmax", "(c1) argmax", classifier_among_rules),
        ("(c1) blend w=0.01 (tie-break only)", "(c1) w=0.01", blend(0.01)),
        ("(c1) blend w=1 (a priori)", "(c1) w=1", blend(1.0)),
    ]
    if silver_w is not None:
        variants.append((f"(c1) blend w={silver_w:g} (silver-chosen)", f"(c1) w={silver_w:g}", blend(float(silver_w))))

    results: dict[str, dict[str, Any]] = {}
    preds_by: dict[str, list[str | None]] = {}
    short = {name: label for name, label, _ in variants}
    for name, _, choose in variants:
        preds = [choose(ev, p) for ev, p in zip(coded, probs, strict=True)]
        preds_by[name] = preds
        results[name] = score(golds, preds)
    base = preds_by["(b) rules alone"]
    for name in results:
        fixed = sum(1 for g, b, p in zip(golds, base, preds_by[name], strict=True) if b != g and p == g)
        broken = sum(1 for g, b, p in zip(golds, base, preds_by[name], strict=True) if b == g and p != g)
        results[name]["vs_rules"] = {"fixed": fixed, "broken": broken}

    n = len(records)
    any_ok = sum(1 for g, ev in zip(golds, coded, strict=True) if any(e["plover_event"] == g for e in ev))
    multi = sum(1 for ev in coded if len({e["plover_event"] for e in ev}) > 1)
    uncoded = [i for i, ev in enumerate(coded) if not ev]
    uncoded_ok = sum(1 for i in uncoded if classifier_alone([], probs[i]) == golds[i])

    print(f"plover_gsr: {n} sentences; model {model_path} ({Path(model_path).stat().st_size / 1e6:.2f} MB, "
          f"{len(clf.vocabulary)} features, trained {clf.meta.get('trained')} on {clf.meta.get('train_on')}, "
          f"sklearn {clf.meta.get('sklearn_version')})")
    print(f"rules coded an event in {n - len(uncoded)} sentences; {multi} have events of more than one PLOVER type "
          f"(the only ones c1 can change); oracle over the rules' events (any event right): {any_ok / n:.3f}")
    print()
    header = (f"{'variant':44} {'macro-F1':>8} {'accuracy':>8} {'precision':>9} {'answered':>8} {'fixed':>5} "
              f"{'broken':>6}")
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(f"{name:44} {r['macro_f1']:8.3f} {r['accuracy']:8.3f} {r['precision']:9.3f} {r['predicted']:8d} "
              f"{r['vs_rules']['fixed']:5d} {r['vs_rules']['broken']:6d}")
    print("(fixed / broken: records the variant gets right / wrong where rules alone got them wrong / right)")
    print()
    types = sorted({t for r in results.values() for t in r["per_type_f1"]})
    gold_n = {t: golds.count(t) for t in types}
    print("per-type F1  " + f"{'n':>4} " + " ".join(f"{short[k]:>14}" for k in results))
    for t in types:
        print(f"{t:12} {gold_n[t]:4d} " + " ".join(f"{results[k]['per_type_f1'].get(t, 0.0):14.3f}" for k in results))
    print()
    print("sensitivity of the blend to w (information only -- not used to choose w, which is fixed a priori or "
          "chosen on silver):")
    sensitivity: dict[str, dict[str, float]] = {}
    for w in SENSITIVITY:
        r = score(golds, [blend(w)(ev, p) for ev, p in zip(coded, probs, strict=True)])
        print(f"  w={w:<6g} macro-F1 {r['macro_f1']:.3f}  accuracy {r['accuracy']:.3f}")
        sensitivity[f"w={w:g}"] = {"macro_f1": r["macro_f1"], "accuracy": r["accuracy"]}
    print()
    print(f"(c2) sentences with no rule event: {len(uncoded)}; the classifier's argmax is the gold type in "
          f"{uncoded_ok} of them (information only: no fallback, the coder never invents events)")
    speed = classifier_speed(clf, texts)
    print(f"speed: classifier {speed:,.0f} sentences/s (one thread, predict_proba per sentence; model load "
          f"{load_s:.2f} s); rules {n / rules_s:,.0f} sentences/s (dyadwatch.code_text, parse included)")

    if args.json:
        out = {"items": n, "model": str(model_path), "results": results, "sensitivity": sensitivity,
               "oracle_any_event": any_ok / n,
               "multi_type_sentences": multi, "uncoded": len(uncoded), "uncoded_classifier_correct": uncoded_ok,
               "classifier_sentences_per_s": speed, "rules_sentences_per_s": n / rules_s}
        args.json.write_text(json.dumps(out, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
