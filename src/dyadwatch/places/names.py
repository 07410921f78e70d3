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
dates, numbers, nationalities and place entities are left as they are. Before that it cuts back
an entity the NER ran across a bracket ("Bankass (Bankass, Mopti" tagged as one organisation),
a locative ("the City Hall in Ciampino") or a spaced dash, so the names after the cut are read on
their own; and it keeps a street's name ("Savanna road") from passing for a town.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from dyadwatch.actors.registry import RULER_ID

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span, Token

    from dyadwatch.places.gazetteer import Gazetteer
    from dyadwatch.places.records import Candidate

COMPONENT = "dyadwatch_place_names"
# not "to" and "from": "a letter to Sharaa", where a person's name may also be a village's
LOCATIVE_WORDS = frozenset({"in", "near", "at", "outside", "around", "inside", "across", "toward", "towards",
                            "into", "nearby"})
_PLACE_PREPOSITIONS = LOCATIVE_WORDS | {"on", "of", "to", "from", "over", "in", "upon"}
# the endings of peoples' and nationalities' names ("Syrians", "Kurdish", "Iraqi", "Lebanese")
_DEMONYM = re.compile(r"(?:ans?|ians?|ese|ish|is?|ic|ean|eans|ers?|ites?|ots?|zes?)$", re.I)
# what may follow a name in a chain of places ("Klynove, Donetsk." but not "Damascus, Sharaa said")
_CHAIN_END = frozenset({",", ")", "]", ".", ";", ":", "-", "--", "\u2013", "\u2014"})
# a name written before one of these is the name of a place of that kind
UNIT_WORDS = frozenset({"village", "villages", "town", "township", "city", "district", "sub-county", "subcounty",
                        "county", "rayon", "raion", "region", "province", "governorate", "municipality", "commune",
                        "neighbourhood", "neighborhood", "locality", "department", "prefecture", "camp",
                        "suburb", "hamlet", "settlement", "oblast", "woreda", "kebele", "tehsil", "barangay"})
# a city this big is known by its name alone
MAJOR_POPULATION = 100_000
# compass words that may open a place's name as written ("west Aleppo", "northern Idlib")
DIRECTION_WORDS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                             "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
                             "southeastern", "southwestern", "central", "rural", "greater"})
# sites a known place name may stand before ("Aleppo airport", "Idlib MSF hospital")
SITE_NOUNS = frozenset({"hospital", "airport", "prison", "jail", "school", "university", "market", "mosque",
                        "church", "stadium", "dam", "refinery", "station", "port", "base", "airbase"})
# what a big city's name before one of these (or before a word and one of these) is the place of:
# "Aleppo bomb blast kills six", "Mosul offensive" -- headline style, often left untagged
EVENT_NOUNS = frozenset({"attack", "attacks", "blast", "blasts", "bombing", "bombings", "explosion", "strike",
                         "strikes", "airstrike", "airstrikes", "raid", "raids", "offensive", "siege", "battle",
                         "clashes", "fighting", "shelling", "protest", "protests", "massacre", "ceasefire",
                         "truce", "evacuation", "assault"})
# a name written before one of these is a street's or a square's, inside some town
STREET_WORDS = frozenset({"road", "street", "avenue", "boulevard", "lane", "square", "roundabout"})
# lower-case words inside a place name: "Deir ez-Zor", "Ciudad de Mexico", "Ras al-Ayn"
NAME_PARTICLES = frozenset({"de", "del", "da", "do", "dos", "das", "la", "le", "les", "el", "al", "ez", "az", "ad",
                            "ar", "as", "ash", "an", "bin", "ibn", "bani", "um", "umm", "di", "du", "des", "sur",
                            "van", "von", "y", "e"})
# an Arabic article written before a name ("al-Hassakeh", "ad Dali", "el-Arish")
_ARTICLE_PREFIX = re.compile(r"^(?:al|el|ad|ar|as|ash|az|an|at|ath|adh|ez|es|ed|et)[-\s](?=[A-Z])", re.I)
# labels the small model gives place names by mistake ("Beoga district" as a product)
RELABEL = frozenset({"ORG", "PERSON", "PRODUCT", "WORK_OF_ART"})
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
        if not _capitalised(doc[i]) or (_opens_sentence(doc, i) and doc[i].is_stop and i + 1 < n
                                        and _capitalised(doc[i + 1])):
            i += 1  # a sentence's "In" or "The" is not part of the name after it ("An Nahud" is one name)
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


def _opens_sentence(doc: Doc, i: int) -> bool:
    return i == 0 or doc[i - 1].text in (".", "!", "?", ":", ";", '"', "\u201c", "\n") or doc[i].is_sent_start is True


class PlaceNames:
    """The spaCy component; ``known(name)`` says whether the gazetteer has an entry so named,
    ``known_area(name)`` whether it has a province or country so named."""

    def __init__(self, known: Callable[[str], bool] | None = None,
                 known_area: Callable[[str], bool] | None = None,
                 known_city: Callable[[str], bool] | None = None) -> None:
        self._known = known
        self._known_area = known_area
        self._known_city = known_city
        self._gazetteer: Gazetteer | None = None

    def _candidates(self, name: str) -> list[Candidate]:
        if self._gazetteer is None:  # opened once, on the first name asked about
            from dyadwatch.places.gazetteer import default_gazetteer

            self._gazetteer = default_gazetteer()
        return self._gazetteer.candidates(name)

    def known(self, name: str) -> bool:
        if self._known is not None:
            return self._known(name)
        if any(c.exact for c in self._candidates(name)):
            return True
        # "al-Hassakeh" is written as the gazetteer writes "Hassakeh", with the article before it
        article = _ARTICLE_PREFIX.match(name)
        return article is not None and any(c.exact for c in self._candidates(name[article.end():]))

    def _lost_possessive(self, word: str) -> bool:
        """"Syrias", "Iraqs": a country's name with an "s" and no apostrophe (scraped text often
        drops them), which no gazetteer holds as written."""
        if len(word) < 5 or not word.endswith("s") or word.endswith("ss") or self.known(word):
            return False
        return any(c.exact and c.kind == "country" for c in self._candidates(word[:-1])) \
            if self._known_area is None else self._known_area(word[:-1])

    def known_area(self, name: str) -> bool:
        if self._known_area is not None:
            return self._known_area(name)
        return any(c.exact and c.kind in ("admin1", "country") for c in self._candidates(name))

    def known_city(self, name: str) -> bool:
        """Whether the name is, as written, a big city's (100,000 people or more) or an area's."""
        if self._known_city is not None:
            return self._known_city(name)
        return any(c.exact and not c.by_alias and (c.kind in ("admin1", "country") or c.population >= MAJOR_POPULATION)
                   for c in self._candidates(name))

    def _split_at_area(self, doc: Doc) -> None:
        """"fired artillery at Novovorontsovka, Kherson", tagged as one organisation: a name and,
        after a comma, the province it lies in are two names, the second a place."""
        entities: list[Span] = []
        split = False
        for ent in doc.ents:
            comma = next((t.i for t in ent[1:-1] if t.text == ","), None)
            if comma is not None and ent.ent_id_ != RULER_ID and ent.label_ in RELABEL | {"FAC"} \
                    and self.known_area(doc[comma + 1:ent.end].text):
                entities.append(_span(doc, ent.start, comma, ent.label_))
                entities.append(_span(doc, comma + 1, ent.end, "GPE"))
                split = True
            else:
                entities.append(ent)
        if split:
            doc.ents = entities

    def _heads_a_chain(self, doc: Doc, end: int, run_after: dict[int, int]) -> bool:
        """Whether the name ending at ``end`` is followed by the province it lies in: "shelled
        Bila Hora, Luhansk.", "targeted Al Atfayn (Kitaf wa Al Boqee, Sadah)". A village the
        gazetteer lacks, or the NER took for a person, is then a place."""
        if end >= len(doc) or doc[end].text not in (",", "("):
            return False
        if doc[end].text == ",":
            after = run_after.get(end + 1)
            return after is not None and (after >= len(doc) or doc[after].text in _CHAIN_END) \
                and self.known_area(doc[end + 1:after].text)
        close = next((t.i for t in doc[end:end + 12] if t.text == ")"), None)
        if close is None:
            return False
        last = max((s for s in run_after if end < s < close and run_after[s] == close), default=None)
        return last is not None and self.known_area(doc[last:close].text)

    def __call__(self, doc: Doc) -> Doc:
        _cut_overrun_entities(doc)
        self._split_at_area(doc)
        _join_street_names(doc)
        entity_at: dict[int, Span] = {}
        for ent in doc.ents:
            for i in range(ent.start, ent.end):
                entity_at[i] = ent
        changed: dict[tuple[int, int], str] = {}
        heads: list[tuple[int, int]] = []  # unknown names after a locative, with a bracket after them
        place_end = {_unit_after(doc, ent.end) for ent in doc.ents if ent.label_ in PLACE_LABELS}
        runs = _name_runs(doc)
        run_after = dict(runs)
        for start, end in runs:
            if end - start >= 2 and self._lost_possessive(doc[start].text):
                # "in Syrias Aleppo (Monitor)": a country's possessive that lost its apostrophe,
                # then the longest known place after it
                # (a scraped text may lower-case the name's last word too: "Syrias Deir ezzor")
                longest = end + sum(1 for _ in _lower_words_after(doc, end))
                last = next((e for e in range(longest, start + 1, -1) if self.known(doc[start + 1:e].text)), None)
                if last is not None:
                    changed[(start + 1, last)] = "GPE"
                    place_end.add(_unit_after(doc, last))
                    continue
            if self._split_place(doc, start, end, entity_at) and self._is_place(doc, start, end, place_end, ""):
                # "Santa Cruz do Capibaribe" tagged as a place and a person: one place
                changed[(start, end)] = "GPE"
                place_end.add(_unit_after(doc, end))
                continue
            entity = entity_at.get(start)
            if entity is not None and entity.label_ == "NORP" and (entity.start, entity.end) == (start, end) \
                    and start > 0 and doc[start - 1].lower_ in _PLACE_PREPOSITIONS \
                    and not _DEMONYM.search(entity.text) and self.known(entity.text):
                # "air raids on Aleppo", "a district of Aleppo" with Aleppo tagged as a nationality:
                # after a preposition, spelled as a place and not as a people, it is the place
                # (the first pass runs before any parse: words, not arcs)
                changed[(start, end)] = "GPE"
                place_end.add(_unit_after(doc, end))
                continue
            compass = entity is not None and entity.start < start and entity.end == end \
                and all(t.lower_ in DIRECTION_WORDS for t in doc[entity.start:start])
            if entity is not None and compass and entity.label_ in RELABEL | {"NORP"} \
                    and entity.ent_id_ != RULER_ID and self.known(doc[start:end].text):
                # "in west Aleppo" tagged as a nationality: a part of a known place is a place
                changed[(entity.start, end)] = "GPE"
                place_end.add(_unit_after(doc, end))
                continue
            if entity is None and end < len(doc) and doc[end].lower_ in SITE_NOUNS and self.known(doc[start:end].text):
                # "Aleppo airport", "the Mosul dam": a known place naming a site is where it is
                changed[(start, end)] = "GPE"
                continue
            if entity is None and end - start >= 2 and doc[start].lower_ in DIRECTION_WORDS \
                    and self.known_city(doc[start + 1:end].text):
                # "Rocket Attack on Western Aleppo": a big city's part, headline-cased
                changed[(start + 1, end)] = "GPE"
                continue
            if entity is None and _names_an_event_after(doc, end) and self.known_city(doc[start:end].text):
                # "Aleppo bomb blast kills six": a big city's name before the event is where it was
                changed[(start, end)] = "GPE"
                continue
            if entity is not None:
                if entity.ent_id_ == RULER_ID or not (entity.label_ in RELABEL or (
                        entity.label_ == "NORP" and start > 0 and (doc[start - 1].text in ("(", ",")
                                                                    or doc[start - 1].lower_ in LOCATIVE_WORDS))):
                    continue  # not a name, already a place, or a registry actor; "(Mansa district, Punjab)"
                start, end = entity.start, entity.end  # the entity's own extent, or nothing
            elif any(i in entity_at for i in range(start, end)):
                free = next(i for i in range(start, end) if i in entity_at)
                if end < len(doc) and doc[end].lower_ in SITE_NOUNS:
                    # "Idlib MSF hospital": the free name before the organisation's, if it is a place
                    if free > start and self.known(doc[start:free].text):
                        changed[(start, free)] = "GPE"
                elif free > start and _attacked_or_located(doc, start) and self.known_city(doc[start:free].text):
                    # "strike on Aleppo AFP Tuesday": a big city's name run into a news agency's
                    changed[(start, free)] = "GPE"
                continue  # part of the run is already some entity: leave it be
            verdict = self._is_place(doc, start, end, place_end, entity.label_ if entity is not None else "")
            if not verdict and entity is not None and entity.label_ == "ORG" and self.known_city(doc[start:end].text):
                # "Russian jets struck Odesa" with Odesa tagged as an organisation: a big city's
                # name, letter for letter, is the city (a club or a council says more than that)
                verdict = True
            if not verdict and self._heads_a_chain(doc, end, run_after):
                verdict = True
            if verdict:
                changed[(start, end)] = "GPE"
            if verdict is not False:
                # a chain goes on through a name the gazetteer lacks: "(eThekwini, KwaZulu-Natal)"
                place_end.add(_unit_after(doc, end))
            if verdict is None and end < len(doc) and doc[end].text == "(":
                heads.append((start, end))
        for start, end in heads:
            # "in Maligawatte (Maligawatte, Western)": a village the gazetteer lacks is a place
            # when the bracket after it names the areas it lies in
            close = next((t.i for t in doc[end:] if t.text == ")"), len(doc))
            if any(s > end and e <= close for s, e in changed) \
                    or any(end < ent.start < close and ent.label_ in PLACE_LABELS for ent in doc.ents):
                changed[(start, end)] = "GPE"
        if not changed:
            return doc
        kept = [ent for ent in doc.ents if not any(ent.start < e and s < ent.end for s, e in changed)]
        added = [_span(doc, s, e, label) for (s, e), label in changed.items()]
        doc.ents = sorted(kept + added, key=lambda span: span.start)
        return doc

    def _split_place(self, doc: Doc, start: int, end: int, entity_at: dict[int, Span]) -> bool:
        """Whether a name run that the NER cut into pieces (or tagged only in part) is, whole, a
        gazetteer name; registry actors and dates are never merged."""
        pieces = {(entity_at[i].start, entity_at[i].end): entity_at[i] for i in range(start, end) if i in entity_at}
        if not pieces or (start, end) in pieces:
            return False
        if any(e.start < start or e.end > end or e.ent_id_ == RULER_ID
               or e.label_ not in RELABEL | PLACE_LABELS | {"NORP"} for e in pieces.values()):
            return False
        return self.known(doc[start:end].text)

    def _is_place(self, doc: Doc, start: int, end: int, place_end: set[int], label: str) -> bool | None:
        """True for a place; None for a name in a chain of places that the gazetteer lacks."""
        text = doc[start:end].text
        before = doc[start - 1] if start > 0 else None
        following = doc[end].text if end < len(doc) else "."
        in_chain = before is not None and before.text in (",", "(", "[") and start - 1 in place_end
        if _word_after(doc, end) in UNIT_WORDS and doc[start].lower_ != "the":
            # "the Hakim camp" is a faction: a person's name before a place word must be a place's
            # too, unless it stands in a chain of places ("(Prakasam district, Andhra Pradesh)")
            return label != "PERSON" or in_chain or self.known(text)
        if before is None:
            return False
        locative = _attacked_or_located(doc, start) or (
            before.lower_ == "of" and start > 1 and doc[start - 2].lower_ in UNIT_WORDS)
        if before.lower_ in DIRECTION_WORDS and self.known_city(text):
            return True  # "the government-held western Aleppo"
        container = in_chain and following in _CHAIN_END
        if not (locative or container):
            return False
        if end - start == 1 and doc[start].is_stop:
            return False
        if self.known(text):
            return True
        return None if container or following == "(" else False


def _overrun_end(ent: Span) -> int | None:
    """Where an entity the NER ran too far should end, or None when it is whole. A bracket that
    the entity does not close ends it ("Bankass (Bankass, Mopti"); so does a locative word
    before a name inside an organisation ("the City Hall in Ciampino"): both are two names."""
    depth, opened, listed = 0, None, False
    for tok in ent:
        if tok.text in ("(", "["):
            depth += 1
            opened = tok.i if opened is None else opened
        elif tok.text in (")", "]"):
            if depth == 0:
                return tok.i
            depth -= 1
        elif tok.text == "," and depth:
            listed = True
    if opened is not None and (depth or listed):
        # "Maligawatte (Maligawatte, Western)" is a place and its areas; "Fine Arts (AFA)" is whole
        return opened
    if ent.label_ in ("ORG", "FAC"):
        for tok in ent[1:-1]:
            if tok.lower_ in ("in", "near") and _capitalised(tok.doc[tok.i + 1]):
                return tok.i
            if tok.text in ("-", "\u2013", "\u2014", "|") and tok.whitespace_ and tok.doc[tok.i - 1].whitespace_ \
                    and ent.start > 0 and tok.doc[ent.start - 1].lower_ in LOCATIVE_WORDS:
                # a headline's "in Aleppo - Daily Sabah": the place, then the paper (but "the
                # People's Defense Force - Katha" is one name)
                return tok.i
    return None


def _cut_overrun_entities(doc: Doc) -> None:
    entities: list[Span] = []
    cut = False
    for ent in doc.ents:
        if ent.ent_id_ != RULER_ID and ent.label_ in RELABEL | {"NORP", "FAC", "EVENT"}:
            end = _overrun_end(ent)
            while end is not None:  # "the City Hall in Ciampino (Roma": cut twice
                cut = True
                if end == ent.start:
                    break
                ent = _span(doc, ent.start, end, ent.label_)
                end = _overrun_end(ent)
            if end is not None:
                continue
        entities.append(ent)
    if cut:
        doc.ents = entities


def _join_street_names(doc: Doc) -> None:
    """"along Savanna road": the name is a street's, not the town Savanna; the street is kept as
    a facility, which the gazetteer will not mistake for a town."""
    entities = list(doc.ents)
    joined = False
    for k, ent in enumerate(entities):
        free_after = k + 1 == len(entities) or entities[k + 1].start > ent.end
        if ent.end < len(doc) and doc[ent.end].lower_ in STREET_WORDS and ent.ent_id_ != RULER_ID \
                and ent.label_ in RELABEL | PLACE_LABELS and free_after:
            entities[k] = _span(doc, ent.start, ent.end + 1, "FAC")
            joined = True
    if joined:
        doc.ents = entities


def _lower_words_after(doc: Doc, end: int) -> Iterator[Token]:
    """Up to two lower-case words right after a name, stopping at anything else."""
    for tok in doc[end:end + 2]:
        if not (tok.is_alpha and tok.is_lower) or tok.is_stop:
            return
        yield tok


def _attacked_or_located(doc: Doc, start: int) -> bool:
    """Whether a locative word ("in", "near") or an attack's "on" ("strike on", "raids on")
    stands right before the name."""
    if start == 0:
        return False
    before = doc[start - 1].lower_
    return before in LOCATIVE_WORDS or (before == "on" and start > 1 and doc[start - 2].lower_ in EVENT_NOUNS)


def _names_an_event_after(doc: Doc, end: int) -> bool:
    """Whether an event noun follows, directly or after one lower-case word ("bomb blast")."""
    after = list(doc[end:end + 2])
    if after and after[0].lower_ in EVENT_NOUNS:
        return True
    return len(after) == 2 and after[0].is_lower and after[0].is_alpha and after[1].lower_ in EVENT_NOUNS


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
