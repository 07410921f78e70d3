"""The first pass (dyadwatch.nlp.first_pass): only sentences that may hold an event are tagged and
parsed, and coding is the same as when every sentence is."""

from __future__ import annotations

import datetime as dt

import pytest

from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Document


@pytest.fixture(scope="module")
def full_parse() -> Pipeline:
    return Pipeline(first_pass=False)


def _parsed(pipeline: Pipeline, text: str) -> list[tuple[str, bool]]:
    blocks = next(pipeline.parse([text]))
    return [(s.span.text.strip(), s.parsed) for b in blocks for s in b.sentences]


def test_the_filter_keeps_sentences_with_a_possible_trigger(pipeline):
    keeps = pipeline.sentence_filter
    doc = pipeline.nlp.make_doc  # a bare Doc is enough: the filter reads words and entities only
    assert keeps(doc("Turkish jets shelled Kurdish positions overnight.")[:])
    assert keeps(doc("The two ministers held talks in Baghdad.")[:])  # "hold" completed by "talks"
    assert keeps(doc("Iraqi forces took control of the crossing.")[:])
    assert not keeps(doc("The weather in Hasakah was mild for the season.")[:])
    assert not keeps(doc("The minister held a baby.")[:])  # "hold" alone codes nothing
    assert not keeps(doc("He took a photograph of the river.")[:])


def test_verbs_that_code_nothing_alone_carry_their_completions(pipeline):
    triggers = pipeline.lexicon.triggers()
    assert triggers["kill"] is None and triggers["attack"] is None
    assert {"control", "over"} <= triggers["take"]
    assert "talks" in triggers["hold"] or "talk" in triggers["hold"]
    assert "talks" in triggers  # the head word of the event noun "peace talks"


def test_a_month_name_inside_a_date_is_not_a_trigger(pipeline):
    sentences = _parsed(pipeline, "In March 2025 the camp was quiet. Protesters will march on Friday.")
    assert sentences == [("In March 2025 the camp was quiet.", False), ("Protesters will march on Friday.", True)]


def test_the_possible_lemmas_hold_every_trigger_lemma_the_tagger_assigns(full_parse, pipeline, demo_corpus):
    """The filter's claim: whatever lemma the tagger and lemmatizer give a word, the word's
    possible lemmas include it, so no sentence with a trigger is dropped."""
    from dyadwatch.ingest.readers import ReadOptions, read_paths

    keeps = pipeline.sentence_filter
    triggers = set(pipeline.lexicon.triggers())
    coder = full_parse.coder
    checked = 0
    documents = [r for r in read_paths([demo_corpus], ReadOptions()) if isinstance(r, Document)]
    for blocks in full_parse.parse([d.text for d in documents]):
        for block in blocks:
            for token in block.doc:
                lemma = coder.lemma(token)
                if lemma in triggers and token.ent_type_ not in ("DATE", "TIME"):
                    checked += 1
                    assert lemma in keeps.possible_lemmas(token.lower_), (token.text, lemma)
    assert checked > 200


def test_coding_the_demo_corpus_is_the_same_with_and_without_the_first_pass(full_parse, pipeline, demo_corpus):
    from dyadwatch.ingest.readers import ReadOptions, read_paths

    documents = [r for r in read_paths([demo_corpus], ReadOptions()) if isinstance(r, Document)]
    fast = [e.to_dict() for coded in pipeline.code(documents) for e in coded.events]
    slow = [e.to_dict() for coded in full_parse.code(documents) for e in coded.events]
    assert len(fast) > 50
    assert fast == slow
    skipped = sum(not s.parsed for blocks in pipeline.parse([d.text for d in documents])
                  for b in blocks for s in b.sentences)
    assert skipped > 0  # the demo has sentences without a trigger, and they were not parsed


@pytest.mark.parametrize("first_pass", [True, False])
def test_unparsed_sentences_still_inform_the_next_ones(first_pass):
    pipeline = Pipeline(first_pass=first_pass)
    text = ("On 14 June 2022, the weather in the north was hot. Turkish jets bombed Kobani. "
            "Mohammed Shia al-Sudani is the prime minister of Iraq. He visited Damascus.")
    if first_pass:
        flags = [parsed for _, parsed in _parsed(pipeline, text)]
        assert flags == [False, True, False, True]
    coded = next(pipeline.code([Document(text=text, published=dt.date(2025, 6, 1))]))
    bombing, visit = coded.events
    assert bombing.date == dt.date(2022, 6, 14)  # the date that opened the unparsed sentence
    assert visit.sources[0].id.startswith("IRQ")  # "He" is the man the unparsed sentence named


def test_an_opening_quote_starts_its_sentence(pipeline):
    text = 'He left. “We could not go outside,” said Jumah. (The camp was full.) "It is hard," she said.'
    blocks = next(pipeline.parse([text]))
    assert [s.text for s in blocks[0].doc.sents] == [
        "He left.", "“We could not go outside,” said Jumah.", "(The camp was full.)", '"It is hard," she said.']


def test_a_contraction_keeps_its_norm_in_the_parsed_copy(pipeline):
    coded = next(pipeline.code([Document(text="The British government didn’t send troops to Syria.",
                                         published=dt.date(2025, 6, 1))]))
    assert [(e.type, e.mode) for e in coded.events] == [("MOBILIZE", "negated")]
