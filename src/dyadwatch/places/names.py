"""Place names the statistical NER missed or mislabelled, found by where they stand and checked
against the gazetteer.

The small English model tags "Durban" in "in Durban (eThekwini, KwaZulu-Natal)" as an
organisation and leaves "Neustrelitz" or "Velyka Dymerka, Kyiv" untagged; the coder and the
geocoder then see no place at all. This spaCy component runs right after the NER, on every
sentence (it needs no parse), and marks as ``GPE`` a capitalised name that

* follows a locative word ("in", "near", "outside", "the village of") and is a gazetteer name, or
* is written before a place word ("Ukareba village", "Taze township"), known or not, or
* is written after a place in a comma or bracket chain ("Kolman (Tera, Tillaberi)",
  "Klynove, Donetsk") and is a gazetteer name.

It only fills gaps and relabels organisation or person entities that are exactly such a name;
dates, numbers, nationalities and place entities are left as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from dyadwatch.actors.registry import RULER_ID

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

COMPONENT = "dyadwatch_place_names"
# not "to" and "from": "a letter to Sharaa", where a person's name may also be a village's
LOCATIVE_WORDS = frozenset({"in", "near", "at", "outside", "around", "inside", "across", "toward", "towards",
                            "into", "nearby"})
# what may follow a name in a chain of places ("Klynove, Donetsk." but not "Damascus, Sharaa said")
_CHAIN_END = frozenset({",", ")", "]", ".", ";", ":", "-", "--", "\u2013", "\u2014"})
# a name written before one of these is the name of a place of that kind
UNIT_WORDS = frozenset({"village", "villages", "town", "township", "city", "district", "sub-county", "subcounty",
                        "county", "rayon", "raion", "region", "province", "governorate", "municipality", "commune",
                        "neighbourhood", "neighborhood", "locality", "department", "prefecture", "camp",
                        "suburb", "hamlet", "settlement", "oblast", "woreda", "kebele", "tehsil", "barangay"})
# lower-case words inside a place name: "Deir ez-Zor", "Ciudad de Mexico", "Ras al-Ayn"
NAME_PARTICLES = frozenset({"de", "del", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "ez", "az", "ad",
                            "ar", "as", "ash", "an", "bin", "ibn", "bani", "um", "umm", "di", "du", "des", "sur",
                            "van", "von", "y", "e"})
RELABEL = frozenset({"ORG", "PERSON"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


def _capitalised(tok: Token) -> bool:
    text = tok.text  # "eThekwini" counts: a capital after a lower-case prefix
    return (text[:1].isupper() or any(ch.isupper() for ch in text[1:])) and any(ch.isalpha() for ch in text) \
        and not tok.like_num


def _name_runs(doc: Doc) -> list[tuple[int, int]]:
    """Token ranges of capitalised names, with particles and tight hyphens inside them."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(doc)
    while i < n:
        if not _capitalised(doc[i]):
            i += 1
            continue
        end = i + 1
        while end < n:
            if _capitalised(doc[end]):
                end += 1
                continue
            # particles and tight hyphens count only when a capitalised word follows them
            j = end
            while j < n and j - end < 3 and (doc[j].lower_ in NAME_PARTICLES
                                             or (doc[j].text == "-" and not doc[j - 1].whitespace_)):
                j += 1
            if j == end or j >= n or not _capitalised(doc[j]):
                break
            end = j + 1
        runs.append((i, end))
        i = end
    return runs


class PlaceNames:
    """The spaCy component; ``known(name)`` says whether the gazetteer has an entry so named."""

    def __init__(self, known: Callable[[str], bool] | None = None) -> None:
        self._known = known

    def known(self, name: str) -> bool:
        if self._known is None:
            from dyadwatch.places.gazetteer import default_gazetteer

            gazetteer = default_gazetteer()
            self._known = lambda text: any(c.exact for c in gazetteer.candidates(text))
        return self._known(name)

    def __call__(self, doc: Doc) -> Doc:
        entity_at: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                entity_at[i] = ent
        changed: dict[tuple[int, int], str] = {}
        place_end = {_unit_after(doc, ent.end) for ent in doc.ents if ent.label_ in PLACE_LABELS}
        for start, end in _name_runs(doc):
            entity = entity_at.get(start)
            if entity is not None:
                if entity.ent_id_ == RULER_ID or not (entity.label_ in RELABEL or (
                        entity.label_ == "NORP" and start > 0 and doc[start - 1].text in ("(", ","))):
                    continue  # not a name, already a place, or a registry actor; "(Mansa district, Punjab)"
                start, end = entity.start, entity.end  # the entity's own extent, or nothing
            elif any(i in entity_at for i in range(start, end)):
                continue  # part of the run is already some entity: leave it be
            verdict = self._is_place(doc, start, end, place_end, entity.label_ if entity is not None else "")
            if verdict:
                changed[(start, end)] = "GPE"
            if verdict is not False:
                # a chain goes on through a name the gazetteer lacks: "(eThekwini, KwaZulu-Natal)"
                place_end.add(_unit_after(doc, end))
        if not changed:
            return doc
        kept = [ent for ent in doc.ents if (ent.start, ent.end) not in changed]
        added = [_span(doc, s, e, label) for (s, e), label in changed.items()]
        doc.ents = sorted(kept + added, key=lambda span: span.start)
        return doc

    def _is_place(self, doc: Doc, start: int, end: int, place_end: set[int], label: str) -> bool | None:
        """True for a place; None for a name in a chain of places that the gazetteer lacks."""
        text = doc[start:end].text
        if _word_after(doc, end) in UNIT_WORDS and doc[start].lower_ != "the":
            # "the Hakim camp" is a faction: a person's name before a place word must be a place's too
            return label != "PERSON" or self.known(text)
        before = doc[start - 1] if start > 0 else None
        if before is None:
            return False
        locative = before.lower_ in LOCATIVE_WORDS or (
            before.lower_ == "of" and start > 1 and doc[start - 2].lower_ in UNIT_WORDS)
        following = doc[end].text if end < len(doc) else "."
        container = before.text in (",", "(", "[") and start - 1 in place_end and following in _CHAIN_END
        if not (locative or container):
            return False
        if end - start == 1 and doc[start].is_stop:
            return False
        if self.known(text):
            return True
        return None if container else False


def _word_after(doc: Doc, i: int) -> str:
    """The word at ``i``, with a tight hyphen compound joined ("sub-county")."""
    if i >= len(doc):
        return ""
    if i + 2 < len(doc) and doc[i + 1].text == "-" and not doc[i].whitespace_ and not doc[i + 1].whitespace_:
        return f"{doc[i].lower_}-{doc[i + 2].lower_}"
    return doc[i].lower_


def _unit_after(doc: Doc, i: int) -> int:
    """Where a place word written at ``i`` ends (``i`` itself if there is none)."""
    word = _word_after(doc, i)
    if word in UNIT_WORDS:
        return i + (3 if "-" in word else 1)
    return i


def _span(doc: Doc, start: int, end: int, label: str) -> Span:
    from spacy.tokens import Span

    return Span(doc, start, end, label=label)


def register() -> None:
    """Make the component known to spaCy (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory(COMPONENT):
        Language.factory(COMPONENT, func=_make)


def _make(nlp: Language, name: str) -> PlaceNames:
    return PlaceNames()
