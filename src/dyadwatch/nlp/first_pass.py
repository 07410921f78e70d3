"""The cheap first pass: which sentences can hold an event at all.

An event needs a trigger, a verb or noun of the event lexicon. Before tagging, a word's lemma is
not known, so the filter works with the lemmas a word *may* have: the word itself, the forms
spaCy's own English lemmatizer tables give it (irregular forms and suffix rules, for verbs, nouns
and adjectives alike) and the lexicon's own lemma fixes. That set holds whatever lemma the tagger
and lemmatizer would assign. Words inside a DATE or TIME entity never count, as the coder skips
them too ("March" the month).

Some lexicon verbs code nothing on their own: "take" is an event only with "control" or "over",
"hold" only with "talks" or "a meeting". Such a verb keeps its sentence only when one of the
words that complete it (an object, particle or preposition of its entry) may also be there.

A sentence the filter drops could not have produced an event, so the filter costs no recall by
construction; what it may change is the parse of the sentences kept, which are parsed one by
one instead of in their paragraph (see ``benchmarks/throughput.py`` and the evaluation harness's
``--full-parse`` for the measured difference).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

_NOT_TRIGGERS = ("DATE", "TIME")
_POS = ("verb", "noun", "adj")


class TriggerFilter:
    """Keeps a sentence when some word in it may be a form of a trigger lemma (and, for a verb
    that needs one, some other word may complete it)."""

    def __init__(self, nlp: Language, triggers: Mapping[str, frozenset[str] | None],
                 lemma_fixes: Mapping[str, str] | None = None):
        """``triggers``: each trigger lemma, with the words that complete it for a verb that
        codes nothing alone (``None``: the lemma is an event on its own)."""
        tables = nlp.get_pipe("lemmatizer").lookups  # type: ignore[attr-defined]
        self._exceptions = tables.get_table("lemma_exc")
        self._rules = tables.get_table("lemma_rules")
        self.triggers = dict(triggers)
        self._fixes = dict(lemma_fixes or {})
        self._lemmas: dict[str, frozenset[str]] = {}  # surface form (lower case) -> possible lemmas

    def possible_lemmas(self, form: str) -> frozenset[str]:
        known = self._lemmas.get(form)
        if known is None:
            lemmas = {form}
            for pos in _POS:
                lemmas.update(self._exceptions.get(pos, {}).get(form, ()))
                for old, new in self._rules.get(pos, ()):
                    if form.endswith(old):
                        lemmas.add(form[:len(form) - len(old)] + new)
            if form in self._fixes:  # "shelled" -> "shell"
                lemmas.add(self._fixes[form])
            known = self._lemmas[form] = frozenset(lemmas)
        return known

    def __call__(self, sentence: Span) -> bool:
        lemmas: set[str] = set()
        for token in sentence:
            if token.ent_type_ not in _NOT_TRIGGERS:
                lemmas.update(self.possible_lemmas(token.lower_))
        for lemma in lemmas:
            if lemma in self.triggers:
                completions = self.triggers[lemma]
                if completions is None or not completions.isdisjoint(lemmas):
                    return True
        return False
