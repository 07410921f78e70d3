#!/usr/bin/env python3
"""Train dyadwatch's learned PLOVER type classifier (src/dyadwatch/events/data/type_classifier.json).

Training data: the *silver* synthetic stories (``corpora/plover_synthetic_stories.csv`` in the shared
reference data: machine-written news stories, each labelled with the PLOVER event its prompt asked
for). Nothing else is read for training or model selection -- no gold set (plover_gsr, petrarch2,
...) is touched here; gold is for the final measurement only (``benchmarks/type_classifier.py``).
No story text is written anywhere; the model file holds the vocabulary (n-grams) and weights only.

Model: TF-IDF over word unigrams and bigrams (scikit-learn's default token pattern, lower case,
sublinear tf, l2 norm, vocabulary capped), multinomial logistic regression with balanced class
weights. The classifier is used on single sentences, so the stories are cut into their lead
(first sentence, first two sentences) as well as used whole; which text to train on and the
regularisation strength are picked by stratified 5-fold cross-validation on the silver data,
scored on the held-out stories' *first sentence* (the per-sentence use). Same-representation CV
figures are printed too.

Blend weight: with out-of-fold classifier probabilities on each silver story's first sentence and
the rules' events on the same sentence (``dyadwatch.code_text``), the weight ``w`` in
``rule confidence + w * P(plover_event)`` that best picks the silver label is stored as
``blend_weight`` (``--no-blend`` skips this step, which runs the rules over 4,500 sentences).

Usage (from the repository root; needs scikit-learn, which the runtime does not)::

    python tools/train_type_classifier.py [--data CSV] [--out JSON]

Deterministic: fixed seeds, lbfgs, sorted JSON.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = REPO_ROOT.parent / "shared" / "data" / "corpora" / "plover_synthetic_stories.csv"
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "events" / "data" / "type_classifier.json"
SEED = 13
TOKEN_PATTERN = r"(?u)\b\w\w+\b"  # scikit-learn's default, reproduced by dyadwatch.events.classifier
NGRAM_RANGE = (1, 2)
REPRESENTATIONS = ("lead1", "lead2", "lead2sep", "full")
C_GRID = (1.0, 3.0, 10.0, 30.0)
BLEND_GRID = (0.0, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 1000.0)
MAX_BYTES = 6_000_000

# --- sentences -----------------------------------------------------------------------------------

_BOUNDARY = re.compile(r"[.!?][\"\u201d\u2019')]*\s+(?=[\"\u201c\u2018(]?[A-Z0-9])")
_ABBREV = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|Gen|Lt|Col|Capt|Sgt|Maj|Sen|Rep|Gov|Prof|St|Jr|Sr|No|Jan|Feb|Aug|"
                     r"Sept|Sep|Oct|Nov|Dec|Inc|Corp|Co|Ltd|vs)|\b[A-Z]|\b(?:[A-Za-z]\.)+[A-Za-z])$")


def sentences(text: str) -> list[str]:
    """A light regex sentence splitter (paragraphs, then . ! ? before a capital), enough for leads."""
    out: list[str] = []
    for para in re.split(r"\n+", text):
        para = para.strip()
        start = 0
        for m in _BOUNDARY.finditer(para):
            if _ABBREV.search(para[start:m.start()]):
                continue
            out.append(para[start:m.start() + 1].strip())
            start = m.end()
        if para[start:].strip():
            out.append(para[start:].strip())
    return out or [text.strip()]


def load(path: Path) -> tuple[list[list[str]], list[str], list[str]]:
    """(sentences of each story, whole texts, labels)."""
    csv.field_size_limit(50_000_000)
    sents: list[list[str]] = []
    texts: list[str] = []
    labels: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            text, label = (row.get("text") or "").strip(), (row.get("label") or "").strip().upper()
            if not text or not label:
                continue
            sents.append(sentences(text))
            texts.append(text)
            labels.append(label)
    return sents, texts, labels


def samples(rep: str, idx: Sequence[int], sents: list[list[str]], texts: list[str],
            labels: list[str]) -> tuple[list[str], list[str]]:
    """Training texts and labels of the stories ``idx`` under representation ``rep``."""
    xs: list[str] = []
    ys: list[str] = []
    for i in idx:
        if rep == "lead1":
            xs.append(sents[i][0])
        elif rep == "lead2":
            xs.append(" ".join(sents[i][:2]))
        elif rep == "lead2sep":  # first and second sentence as two examples
            xs.extend(sents[i][:2])
            ys.extend([labels[i]] * (len(sents[i][:2]) - 1))
        elif rep == "full":
            xs.append(texts[i])
        else:
            raise ValueError(rep)
        ys.append(labels[i])
    return xs, ys


# --- model ---------------------------------------------------------------------------------------

def make_model(c: float, max_features: int, min_df: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    vec = TfidfVectorizer(lowercase=True, token_pattern=TOKEN_PATTERN, ngram_range=NGRAM_RANGE,
                          sublinear_tf=True, max_features=max_features, min_df=min_df, norm="l2",
                          smooth_idf=True, dtype=np.float64)
    clf = LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=5000, random_state=SEED)
    return make_pipeline(vec, clf)


def cross_validate(sents: list[list[str]], texts: list[str], labels: list[str], folds: int,
                   max_features: int, min_df: int) -> list[dict[str, Any]]:
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    splits = list(skf.split(np.zeros(len(labels)), labels))
    rows = []
    for rep in REPRESENTATIONS:
        for c in C_GRID:
            t0 = time.perf_counter()
            lead_f1, same_f1, lead_acc = [], [], []
            for train, test in splits:
                model = make_model(c, max_features, min_df).fit(*samples(rep, train, sents, texts, labels))
                x1, y1 = samples("lead1", test, sents, texts, labels)
                pred = model.predict(x1)
                lead_f1.append(f1_score(y1, pred, average="macro"))
                lead_acc.append(float(np.mean(np.asarray(pred) == np.asarray(y1))))
                if rep in ("lead2", "full"):
                    xs, ys = samples(rep, test, sents, texts, labels)
                    same_f1.append(f1_score(ys, model.predict(xs), average="macro"))
            row = {"train_on": rep, "C": c, "cv_macro_f1_first_sentence": float(np.mean(lead_f1)),
                   "cv_macro_f1_first_sentence_sd": float(np.std(lead_f1)),
                   "cv_accuracy_first_sentence": float(np.mean(lead_acc)),
                   "cv_macro_f1_same_text": float(np.mean(same_f1)) if same_f1 else None}
            rows.append(row)
            same = f"{row['cv_macro_f1_same_text']:.3f}" if same_f1 else "  -  "
            print(f"  {rep:9s} C={c:<5g} macro-F1 first sentence {row['cv_macro_f1_first_sentence']:.3f} "
                  f"(sd {row['cv_macro_f1_first_sentence_sd']:.3f}), acc {row['cv_accuracy_first_sentence']:.3f}; "
                  f"same text {same}  [{time.perf_counter() - t0:.0f}s]", flush=True)
    return rows


def out_of_fold_proba(rep: str, c: float, sents: list[list[str]], texts: list[str], labels: list[str],
                      folds: int, max_features: int, min_df: int) -> tuple[np.ndarray, list[str]]:
    """Out-of-fold class probabilities on each story's first sentence (for choosing the blend weight)."""
    from sklearn.model_selection import StratifiedKFold

    classes = sorted(set(labels))
    proba = np.zeros((len(labels), len(classes)))
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train, test in skf.split(np.zeros(len(labels)), labels):
        model = make_model(c, max_features, min_df).fit(*samples(rep, train, sents, texts, labels))
        assert list(model.classes_) == classes
        proba[test] = model.predict_proba(samples("lead1", test, sents, texts, labels)[0])
    return proba, classes


def choose_blend_weight(sents: list[list[str]], labels: list[str], proba: np.ndarray,
                        classes: list[str]) -> tuple[float, list[dict[str, Any]]]:
    """The w in ``confidence + w * P(plover_event)`` that best picks the silver label among the rules'
    events on each story's first sentence (macro-F1 over silver labels; no event counts as a miss)."""
    from sklearn.metrics import f1_score

    import dyadwatch

    t0 = time.perf_counter()
    coded = [dyadwatch.code_text(s[0], published="2020-01-01") for s in sents]
    print(f"  rules run on {len(coded)} first sentences in {time.perf_counter() - t0:.0f}s; "
          f"{sum(bool(e) for e in coded)} coded")
    col = {c: i for i, c in enumerate(classes)}
    rows = []
    for w in BLEND_GRID:
        pred = []
        for events, p in zip(coded, proba, strict=True):
            if not events:
                pred.append("NONE")
                continue
            top = max(events, key=lambda e, p=p: e["confidence"] + w * (p[col[e["plover_event"]]]
                                                                          if e["plover_event"] in col else 0.0))
            pred.append(top["plover_event"])
        f1 = f1_score(labels, pred, labels=classes, average="macro", zero_division=0)
        acc = float(np.mean(np.asarray(pred) == np.asarray(labels)))
        rows.append({"w": w, "silver_macro_f1": float(f1), "silver_accuracy": acc})
        print(f"  w={w:<7g} silver macro-F1 {f1:.4f}  accuracy {acc:.4f}")
    best = max(rows, key=lambda r: (round(r["silver_macro_f1"], 4), -r["w"]))  # ties -> the smaller w
    return float(best["w"]), rows


# --- export --------------------------------------------------------------------------------------

def export(model: Any, decimals: int, min_abs: float) -> dict[str, Any]:
    vec, clf = model.steps[0][1], model.steps[1][1]
    vocab = sorted(vec.vocabulary_, key=vec.vocabulary_.get)
    coef = np.round(clf.coef_, decimals)
    coef[np.abs(coef) < min_abs] = 0.0
    return {
        "format": "dyadwatch.type_classifier/1",
        "classes": [str(c) for c in clf.classes_],
        "features": {"analyzer": "word", "lowercase": True, "token_pattern": TOKEN_PATTERN,
                     "ngram_range": list(NGRAM_RANGE), "sublinear_tf": True, "use_idf": True,
                     "smooth_idf": True, "norm": "l2"},
        "vocabulary": vocab,
        "idf": [round(float(v), 6) for v in vec.idf_],
        "coef": [[float(v) if v else 0 for v in row] for row in coef],
        "intercept": [round(float(v), 6) for v in clf.intercept_],
    }


def dump(model_json: dict[str, Any]) -> str:
    return json.dumps(model_json, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--max-features", type=int, default=30000)
    parser.add_argument("--min-df", type=int, default=2)
    parser.add_argument("--decimals", type=int, default=4)
    parser.add_argument("--no-blend", action="store_true", help="skip choosing the blend weight (no rules run)")
    parser.add_argument("--date", default=None, help="training date to record (default: today)")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"training data not found: {args.data}", file=sys.stderr)
        return 2
    import sklearn
    from sklearn.metrics import f1_score

    sents, texts, labels = load(args.data)
    print(f"silver stories: {len(labels)} ({len(set(labels))} PLOVER types) from {args.data.name}")
    print(f"{args.folds}-fold stratified CV (seed {SEED}), vocabulary <= {args.max_features}, min_df {args.min_df}; "
          "scored on held-out stories' first sentence:")
    cv = cross_validate(sents, texts, labels, args.folds, args.max_features, args.min_df)
    best = max(cv, key=lambda r: (round(r["cv_macro_f1_first_sentence"], 4), -r["C"]))
    rep, c = best["train_on"], best["C"]
    print(f"chosen: train on {rep}, C={c:g} (CV macro-F1 on first sentence {best['cv_macro_f1_first_sentence']:.3f})")

    model = make_model(c, args.max_features, args.min_df).fit(*samples(rep, range(len(labels)), sents, texts,
                                                                           labels))
    model_json = export(model, args.decimals, min_abs=0.0)
    min_abs = 0.0
    while len(dump(model_json).encode("utf-8")) > MAX_BYTES:  # drop the smallest weights until it fits
        min_abs = min_abs * 2 if min_abs else 10.0 ** -args.decimals * 5
        model_json = export(model, args.decimals, min_abs)

    # the exported (rounded) model, run by the numpy runtime, against the full-precision sklearn model
    sys.path.insert(0, str(REPO_ROOT / "src"))
    from dyadwatch.events.classifier import TypeClassifier

    runtime = TypeClassifier(model_json)
    leads = [s[0] for s in sents]
    ref = model.predict_proba(leads)
    got = np.vstack([runtime.scores(x) for x in leads])
    max_diff = float(np.abs(ref - got).max())
    agree = float(np.mean(ref.argmax(1) == got.argmax(1)))
    train_f1 = float(f1_score(labels, [runtime.classes[i] for i in got.argmax(1)], average="macro"))
    print(f"runtime vs sklearn on {len(leads)} first sentences: max |dP| {max_diff:.2e}, argmax agreement {agree:.4f}")

    blend_weight, blend_rows = None, None
    if not args.no_blend:
        print("blend weight (out-of-fold probabilities, rules on the first sentence):")
        proba, classes = out_of_fold_proba(rep, c, sents, texts, labels, args.folds, args.max_features, args.min_df)
        blend_weight, blend_rows = choose_blend_weight(sents, labels, proba, classes)
        print(f"chosen blend weight w={blend_weight:g}")

    counts = {lab: labels.count(lab) for lab in sorted(set(labels))}
    model_json["blend_weight"] = blend_weight
    model_json["training"] = {
        "data": f"corpora/{args.data.name} (shared reference data, not in the repository)",
        "provenance": ("silver labels: machine-written synthetic news stories, each labelled with the PLOVER event "
                       "its generating prompt asked for (stories by Andy Halterman, made to train a document-level "
                       "political event classifier). No gold set was used for training or model selection."),
        "stories": len(labels), "label_counts": counts,
        "sentence_split": "regex (tools/train_type_classifier.py:sentences)",
        "train_on": rep, "C": c, "class_weight": "balanced", "solver": "lbfgs", "seed": SEED,
        "max_features": args.max_features, "min_df": args.min_df, "n_features": len(model_json["vocabulary"]),
        "coef_decimals": args.decimals, "coef_dropped_below": min_abs,
        "selection": "stratified CV on silver, macro-F1 on held-out stories' first sentence",
        "cv_folds": args.folds, "cv": cv,
        "cv_macro_f1_first_sentence": best["cv_macro_f1_first_sentence"],
        "train_macro_f1_first_sentence": train_f1,
        "runtime_vs_sklearn_max_abs_diff": max_diff,
        "blend": ("w in rule confidence + w * P(plover_event), chosen on silver (out-of-fold probabilities, rules "
                  "on each story's first sentence)") if blend_rows else None,
        "blend_grid": blend_rows,
        "sklearn_version": sklearn.__version__, "numpy_version": np.__version__,
        "trained": args.date or dt.date.today().isoformat(),
        "tool": "tools/train_type_classifier.py",
    }
    text = dump(model_json)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode('utf-8')) / 1e6:.2f} MB, {len(model_json['vocabulary'])} features, "
          f"weights below {min_abs:g} dropped)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
