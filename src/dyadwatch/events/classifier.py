"""A learned PLOVER event-type classifier over one sentence, to work beside the rule-based coder.

The model is a linear one -- TF-IDF over word unigrams and bigrams, multinomial logistic
regression -- trained by ``tools/train_type_classifier.py`` on *silver* data only (machine-written
synthetic news stories whose prompt asked for a given PLOVER event). It ships as plain JSON
(``data/type_classifier.json``): vocabulary, idf weights, coefficients, intercepts and classes.
This module reproduces scikit-learn's ``TfidfVectorizer`` (default token pattern, lower case,
sublinear tf, l2 norm) and ``LogisticRegression.predict_proba`` with numpy alone, so scikit-learn
is needed to train the model but never at run time.

The classifier names a PLOVER category (PLOVER's own convention: an announced cooperative intention
is AGREE, a threat THREATEN, a refusal REJECT) for a sentence; it does not find actors, triggers or
modality, and it always answers, event or not. It is meant to arbitrate between the events the
rules found in a sentence, not to invent events of its own.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

FORMAT = "dyadwatch.type_classifier/1"
# Weight of the classifier's probability when it arbitrates between the rules' events of one
# sentence (score = rule confidence + RERANK_WEIGHT * probability). Fixed a priori at 1, not tuned:
# the weight the training tool picks on silver data (stored as ``blend_weight``) lets the
# classifier decide alone, which is worse on gold (benchmarks/type_classifier.py).
RERANK_WEIGHT = 1.0


def default_model_path() -> Path:
    return Path(str(resources.files("dyadwatch.events") / "data" / "type_classifier.json"))


class TypeClassifier:
    """PLOVER type probabilities for a sentence, from a model saved by the training tool."""

    def __init__(self, model: dict[str, Any]) -> None:
        if model.get("format") != FORMAT:
            raise ValueError(f"not a {FORMAT} model (format={model.get('format')!r})")
        feats = model["features"]
        if feats.get("analyzer", "word") != "word":
            raise ValueError("only word n-gram features are supported")
        self.classes: list[str] = list(model["classes"])
        self.lowercase: bool = bool(feats.get("lowercase", True))
        self.token_re = re.compile(feats.get("token_pattern", r"(?u)\b\w\w+\b"))
        lo, hi = feats.get("ngram_range", [1, 1])
        self.ngram_range: tuple[int, int] = (int(lo), int(hi))
        self.sublinear_tf: bool = bool(feats.get("sublinear_tf", False))
        self.norm: str | None = feats.get("norm", "l2")
        self.vocabulary: dict[str, int] = {term: i for i, term in enumerate(model["vocabulary"])}
        n_features = len(self.vocabulary)
        self.idf = np.asarray(model["idf"], dtype=np.float64) if feats.get("use_idf", True) else np.ones(n_features)
        self.weights = self._read_coef(model["coef"], n_features)  # (n_features, n_classes)
        self.intercept = np.asarray(model["intercept"], dtype=np.float64)
        if self.idf.shape != (n_features,) or self.intercept.shape != (len(self.classes),):
            raise ValueError("model arrays do not match the vocabulary and classes")
        self.blend_weight: float | None = model.get("blend_weight")
        self.meta: dict[str, Any] = dict(model.get("training", {}))

    def _read_coef(self, coef: Any, n_features: int) -> np.ndarray:
        """Dense ``[[per feature] per class]`` or sparse ``{"indices": [[...]], "values": [[...]]}``."""
        weights = np.zeros((n_features, len(self.classes)), dtype=np.float64)
        if isinstance(coef, dict):
            for k, (idx, vals) in enumerate(zip(coef["indices"], coef["values"], strict=True)):
                weights[np.asarray(idx, dtype=np.int64), k] = np.asarray(vals, dtype=np.float64)
        else:
            dense = np.asarray(coef, dtype=np.float64)
            if dense.shape != (len(self.classes), n_features):
                raise ValueError("coefficient matrix does not match the vocabulary and classes")
            weights[:] = dense.T
        return weights

    @classmethod
    def load(cls, path: str | Path) -> TypeClassifier:
        return cls(json.loads(Path(path).read_text(encoding="utf-8")))

    # -- features, as sklearn's TfidfVectorizer computes them --------------------------------------

    def analyze(self, text: str) -> list[str]:
        """The word n-grams of ``text`` (sklearn's ``build_analyzer()`` for these settings)."""
        if self.lowercase:
            text = text.lower()
        tokens = self.token_re.findall(text)
        lo, hi = self.ngram_range
        grams: list[str] = list(tokens) if lo == 1 else []
        for n in range(max(lo, 2), min(hi, len(tokens)) + 1):
            grams.extend(" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1))
        return grams

    def features(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(feature indices, tf-idf values) of ``text``, l2-normalised."""
        counts = Counter(self.vocabulary[g] for g in self.analyze(text) if g in self.vocabulary)
        if not counts:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float64)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        if self.sublinear_tf:
            tf = np.log(tf) + 1.0
        vals = tf * self.idf[idx]
        if self.norm == "l2":
            vals = vals / math.sqrt(float(vals @ vals))
        elif self.norm == "l1":
            vals = vals / float(np.abs(vals).sum())
        return idx, vals

    # -- prediction --------------------------------------------------------------------------------

    def scores(self, text: str) -> np.ndarray:
        """Class probabilities of ``text`` in the order of ``self.classes``."""
        idx, vals = self.features(text)
        logits = self.intercept + vals @ self.weights[idx]
        logits = logits - logits.max()
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(), dtype=np.float64)

    def predict_proba(self, sentence: str) -> dict[str, float]:
        """PLOVER type -> probability for ``sentence`` (sums to 1)."""
        return {c: float(p) for c, p in zip(self.classes, self.scores(sentence), strict=True)}

    def predict(self, sentence: str) -> tuple[str, float]:
        """The most probable PLOVER type for ``sentence`` and its probability."""
        probs = self.scores(sentence)
        best = int(np.argmax(probs))
        return self.classes[best], float(probs[best])


@lru_cache(maxsize=1)
def default_classifier() -> TypeClassifier:
    """The packaged model, loaded once on first use."""
    return TypeClassifier.load(default_model_path())
