"""The learned PLOVER type classifier's runtime (numpy only) and its equivalence with scikit-learn."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from dyadwatch.events.classifier import TypeClassifier, default_classifier, default_model_path

PLOVER_TYPES = {"ACCUSE", "AGREE", "AID", "ASSAULT", "COERCE", "CONCEDE", "CONSULT", "COOPERATE", "MOBILIZE",
                "PROTEST", "REJECT", "REQUEST", "RETREAT", "SANCTION", "SUPPORT", "THREATEN"}

VIOLENT = "Militants opened fire on a crowded market, killing twelve civilians and wounding dozens."
MEETING = "The foreign ministers of France and Germany met in Paris on Tuesday to discuss the crisis."
SENTENCES = [
    VIOLENT,
    MEETING,
    "Thousands of protesters marched through the capital demanding the president's resignation.",
    "The government threatened to impose sanctions unless the rebels withdrew from the border town.",
    "",
    "... !!! 42",
    "Ünïcode TEST: l'État, naïve café_bar in the 2020s; U.S.-led talks -- x y z Z's",
    "ALL CAPS HEADLINE: PM Rejects Calls To Resign\nsecond line\ttabbed",
]


@pytest.fixture(scope="module")
def clf() -> TypeClassifier:
    return default_classifier()


def _rank(probs: dict[str, float], label: str) -> int:
    return sorted(probs, key=lambda k: -probs[k]).index(label)


def test_packaged_model_loads(clf):
    assert default_model_path().exists()
    assert default_classifier() is clf  # cached
    assert set(clf.classes) == PLOVER_TYPES
    assert len(clf.vocabulary) > 1000
    assert clf.weights.shape == (len(clf.vocabulary), len(clf.classes))
    assert clf.meta.get("sklearn_version") and clf.meta.get("trained")
    assert "silver" in clf.meta.get("provenance", "")


@pytest.mark.parametrize("sentence", SENTENCES)
def test_probabilities_sum_to_one(clf, sentence):
    probs = clf.predict_proba(sentence)
    assert set(probs) == PLOVER_TYPES
    assert all(0.0 <= p <= 1.0 for p in probs.values())
    assert math.isclose(sum(probs.values()), 1.0, abs_tol=1e-9)


def test_violence_ranks_assault_high(clf):
    probs = clf.predict_proba(VIOLENT)
    assert _rank(probs, "ASSAULT") == 0
    assert clf.predict(VIOLENT)[0] == "ASSAULT"


def test_diplomatic_meeting_ranks_consult_high(clf):
    assert _rank(clf.predict_proba(MEETING), "CONSULT") <= 1


def test_analyzer_is_sklearn_default_tokens():
    clf = TypeClassifier({"format": "dyadwatch.type_classifier/1", "classes": ["A", "B"],
                          "features": {"ngram_range": [1, 2], "lowercase": True},
                          "vocabulary": ["a"], "idf": [1.0], "coef": [[1.0], [0.0]], "intercept": [0.0, 0.0]})
    # one-letter tokens dropped, punctuation splits, underscores and digits kept, lower case
    assert clf.analyze("A U.S.-led x_y 2020s Talks") == ["led", "x_y", "2020s", "talks", "led x_y", "x_y 2020s",
                                                         "2020s talks"]


def test_bad_model_is_refused():
    with pytest.raises(ValueError):
        TypeClassifier({"format": "something else"})


def test_runtime_equals_sklearn():
    pytest.importorskip("sklearn")
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    model = json.loads(default_model_path().read_text(encoding="utf-8"))
    feats = model["features"]
    vec = TfidfVectorizer(vocabulary={t: i for i, t in enumerate(model["vocabulary"])},
                          lowercase=feats["lowercase"], token_pattern=feats["token_pattern"],
                          ngram_range=tuple(feats["ngram_range"]), sublinear_tf=feats["sublinear_tf"],
                          use_idf=feats["use_idf"], smooth_idf=feats["smooth_idf"], norm=feats["norm"])
    vec.idf_ = np.asarray(model["idf"], dtype=np.float64)
    lr = LogisticRegression()
    lr.classes_ = np.asarray(model["classes"])
    lr.coef_ = np.asarray(model["coef"], dtype=np.float64)
    lr.intercept_ = np.asarray(model["intercept"], dtype=np.float64)

    clf = TypeClassifier(model)
    analyzer = vec.build_analyzer()
    for sentence in SENTENCES:
        assert clf.analyze(sentence) == analyzer(sentence)
    expected = lr.predict_proba(vec.transform(SENTENCES))
    got = np.vstack([clf.scores(s) for s in SENTENCES])
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
