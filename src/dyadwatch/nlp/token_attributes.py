"""Part of speech, morphology and lemma from the tagger's tags, remembered instead of re-derived.

spaCy's small English pipeline turns each fine-grained tag into a part of speech and morphology
with its attribute ruler (a Matcher over about 180 token patterns), then lemmatizes each token by
rule. Both run per token in Python; on the Guardian articles they cost more than the parser. Yet
the outcome depends only on the token's text, tag and dependency label (and only the 17 labels
the rules name matter), except where a rule reads two tokens at once.

So this component asks the two real spaCy components once per unseen (text, tag, label), all the
batch's unseen words side by side in one ``Doc``, remembers their answer, and writes the answers
for a sentence in one array operation. A sentence where a two-token rule may match ("there is",
"gon na", "let 's") goes through the real components whole. The result is theirs token for token
(``tests/test_token_attributes.py`` checks it on the demo corpus and on sentences with those rules).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.pipeline import AttributeRuler
    from spacy.tokens import Doc

COMPONENT = "dyadwatch_token_attributes"


class TokenAttributes:
    """Replaces ``attribute_ruler`` + ``lemmatizer`` in a pipeline (which keeps them, disabled)."""

    def __init__(self, nlp: Language, ruler_name: str = "attribute_ruler", lemmatizer_name: str = "lemmatizer"):
        from spacy.matcher import Matcher

        self.ruler: AttributeRuler = nlp.get_pipe(ruler_name)  # type: ignore[assignment]
        self.lemmatizer = nlp.get_pipe(lemmatizer_name)
        self.multi_token = Matcher(nlp.vocab)
        firsts: list[dict[str, object]] = []
        for number, patterns in enumerate(_multi_token_patterns(self.ruler)):
            self.multi_token.add(str(number), patterns)
            firsts.extend(pattern[0] for pattern in patterns)
        self._opening = _Openings(nlp.vocab, firsts)
        # The rules name 17 dependency labels; every other label passes or fails each rule
        # alike, so a word's outcome is remembered once for all of them.
        self.named_labels = {nlp.vocab.strings.add(label) for label in _labels_named(self.ruler)}
        # (ORTH, TAG, label or OTHER) -> (POS, MORPH, LEMMA); None: the real components change
        # the word's tag or label, so they must run
        self.known: dict[tuple[int, int, int], tuple[int, int, int] | None] = {}

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Learns the unseen words of a whole batch at once: one call of the real components per
        batch costs far less than one per sentence."""
        from spacy.util import minibatch

        for batch in minibatch(docs, batch_size):
            yield from self._batch(list(batch))

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG

        named, known = self.named_labels, self.known
        unseen: dict[tuple[int, int, int], int] = {}
        plans: list[list[tuple[int, int, int]] | None] = []
        for doc in docs:
            rows = doc.to_array([ORTH, TAG, DEP, LOWER]).tolist()
            if self._opening.anywhere(rows) and self.multi_token(doc, allow_missing=True):
                plans.append(None)
                continue
            keys = [(orth, tag, dep if dep in named else _OTHER) for orth, tag, dep, _ in rows]
            for key, row in zip(keys, rows, strict=True):
                if key not in known:
                    unseen.setdefault(key, row[2])
            plans.append(keys)
        if unseen:
            self._learn(docs[0].vocab, unseen)
        for doc, plan in zip(docs, plans, strict=True):
            outcome = None if plan is None else [known[key] for key in plan]
            if outcome is None or None in outcome:
                self.lemmatizer(self.ruler(doc))
            elif outcome:
                doc.from_array([POS, MORPH, LEMMA], _as_array(outcome))  # type: ignore[arg-type]
        return docs

    def _learn(self, vocab, unseen: dict[tuple[int, int, int], int]) -> None:  # type: ignore[no-untyped-def]
        """Run the real components on the unseen words (each with a label it was seen with), side
        by side in one ``Doc`` and each its own root, so that only the one-token rules apply;
        remember what they give each."""
        from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
        from spacy.tokens import Doc

        strings = vocab.strings
        keys = list(unseen)
        labels = [unseen[key] for key in keys]
        words = [strings[orth] for orth, _, _ in keys]
        plain = [i for i, word in enumerate(words) if word.strip() and word == word.strip()]
        for i in set(range(len(keys))) - set(plain):
            self.known[keys[i]] = None  # whitespace: the ruler rewrites its tag and label
        if not plain:
            return
        doc = Doc(vocab, words=[words[i] for i in plain], tags=[strings[keys[i][1]] for i in plain],
                  deps=[strings[labels[i]] for i in plain], heads=list(range(len(plain))))
        matches = [match for match in self.ruler.match(doc) if match[3] - match[2] == 1]
        self.ruler.set_annotations(doc, matches)
        self.lemmatizer(doc)
        after = doc.to_array([TAG, DEP, POS, MORPH, LEMMA]).tolist()
        for i, (tag, dep, pos, morph, lemma) in zip(plain, after, strict=True):
            key = keys[i]
            self.known[key] = (pos, morph, lemma) if (tag, dep) == (key[1], labels[i]) else None


class _Openings:
    """A quick necessary condition for a two-token rule to match: some token passes the first
    token's LOWER or DEP test of one (running the Matcher on every sentence would cost more than
    everything else this component does)."""

    def __init__(self, vocab, firsts: list[dict[str, object]]):  # type: ignore[no-untyped-def]
        self.always = False
        self.lowers: set[int] = set()
        self.deps: set[int] = set()
        self.regexes: list[re.Pattern[str]] = []
        self._regex_hits: dict[int, bool] = {}
        self.strings = vocab.strings
        for first in firsts:
            tested = False
            for attr, into in (("LOWER", self.lowers), ("DEP", self.deps)):
                value = first.get(attr)
                if isinstance(value, str):
                    into.add(self.strings.add(value))
                elif isinstance(value, dict) and "IN" in value:
                    into.update(self.strings.add(v) for v in value["IN"])  # type: ignore[union-attr]
                elif attr == "LOWER" and isinstance(value, dict) and "REGEX" in value:
                    self.regexes.append(re.compile(str(value["REGEX"])))
                else:
                    continue
                tested = True
            self.always = self.always or not tested

    def anywhere(self, rows: list[list[int]]) -> bool:
        """``rows``: ORTH, TAG, DEP, LOWER of each token."""
        if self.always:
            return True
        for _, _, dep, lower in rows:
            if lower in self.lowers or dep in self.deps:
                return True
            if self.regexes and self._regex_hit(lower):
                return True
        return False

    def _regex_hit(self, lower: int) -> bool:
        hit = self._regex_hits.get(lower)
        if hit is None:
            text = self.strings[lower]
            hit = self._regex_hits[lower] = any(regex.search(text) for regex in self.regexes)
        return hit


_OTHER = -1


def _labels_named(ruler) -> set[str]:  # type: ignore[no-untyped-def]
    """Every dependency label a rule tests, whether as a value, in an IN or in a NOT_IN list."""
    labels: set[str] = set()
    for entry in ruler.patterns:
        for pattern in entry["patterns"]:
            for token in pattern:
                value = token.get("DEP")
                if isinstance(value, str):
                    labels.add(value)
                elif isinstance(value, dict):
                    for listed in value.values():
                        labels.update(listed if isinstance(listed, list) else [listed])
    return labels


def _multi_token_patterns(ruler) -> list[list[list[dict[str, object]]]]:  # type: ignore[no-untyped-def]
    return [[pattern for pattern in entry["patterns"] if len(pattern) > 1]
            for entry in ruler.patterns if any(len(pattern) > 1 for pattern in entry["patterns"])]


def _as_array(outcome):  # type: ignore[no-untyped-def]
    import numpy

    return numpy.array(outcome, dtype="uint64")


def register() -> None:
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT)(lambda nlp, name: TokenAttributes(nlp))
