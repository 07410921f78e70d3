"""The remembered part of speech, morphology and lemma (dyadwatch.nlp.token_attributes) equal what
spaCy's own attribute ruler and lemmatizer give, token for token, on words seen and unseen."""

from __future__ import annotations

import pytest

from dyadwatch.nlp.pipeline import MODEL_PACKAGE
from dyadwatch.nlp.token_attributes import TokenAttributes

# the rules that read two tokens, a whitespace token inside a sentence, and plain news prose
TRICKY = [
    "There is no doubt that they're gonna attack, and let's say y'all knew it.",
    "It ain't over: I gotta go, c'mon.  The convoy   was stopped near Mosul.",
    "Did they have talks? They did, and the talks had been held in Baghdad before.",
    "That is what those who left said; this one stayed.",
]


def _annotations(docs) -> list[list[tuple[str, str, str, str, str]]]:  # type: ignore[no-untyped-def]
    return [[(t.text, t.tag_, t.dep_, t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in docs]


@pytest.fixture(scope="module")
def texts(demo_corpus) -> list[str]:  # type: ignore[no-untyped-def]
    from dyadwatch.ingest.readers import ReadOptions, read_paths
    from dyadwatch.records import Document

    documents = [r for r in read_paths([demo_corpus], ReadOptions()) if isinstance(r, Document)]
    return TRICKY + [d.text for d in documents]


def test_the_same_annotations_as_spacys_own_components(pipeline, texts):
    import spacy

    reference = spacy.load(MODEL_PACKAGE, exclude=["ner", "senter"])  # as shipped: lemma index as lists
    expected = _annotations(reference.pipe(texts))

    nlp = pipeline.nlp
    remembered = TokenAttributes(nlp)  # a fresh one: every word unseen at first
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        first = list(remembered.pipe(nlp.pipe(texts), batch_size=4))
        again = list(remembered.pipe(nlp.pipe(texts), batch_size=4))  # now every word is known
    assert _annotations(first) == expected
    assert _annotations(again) == expected
    assert len(remembered.known) > 500


def test_a_sentence_with_a_two_token_rule_gets_it(pipeline):
    nlp = pipeline.nlp
    remembered = TokenAttributes(nlp)
    with nlp.select_pipes(enable=["tok2vec", "tagger", "parser"]):
        doc = next(remembered.pipe(nlp.pipe(["They are gonna leave."])))
    assert [t.lemma_ for t in doc][2:4] == ["go", "to"]  # "gon na": two tokens, one rule
