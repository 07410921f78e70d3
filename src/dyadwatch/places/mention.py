"""Which words of a sentence name the place where an event happened.

In: the trigger token of an event on a spaCy parse. Out: the span of the place name, or None.
The place of an event is the named ground a verb of taking or entering acts on ("captured
Ramadi in western Anbar" is Ramadi), a locative phrase of the event itself ("killed in Donetsk"),
of its object ("hit a trolleybus in Donetsk", "killed dozens of people in Hasakah"), of the other
side ("clashed with forces in Qamishli"), of the verb it hangs from ("shot and killed in a camp"),
or a locative that opens the sentence ("In the West Bank city of Nablus, ..."). Within that
phrase the most specific name wins: "the south Baghdad neighbourhood of Al-Bayaa" is Al-Bayaa.
A place that is only mentioned (an actor's home, a dateline, "undermining the war in Syria")
is not the event's place.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

LOCATIVE_PREPS = {"in", "at", "near", "inside", "outside", "around", "across", "throughout", "over", "into",
                  "along", "within", "during", "through", "down"}
# "the city of Nablus" names the city after "of"; "the Vedeno region of Chechnya" names the
# region before it and "of" gives the larger unit
SMALL_UNITS = {"city", "town", "village", "neighbourhood", "neighborhood", "district", "suburb", "quarter", "area",
               "camp", "locality", "localities", "municipality", "township", "settlement", "hamlet", "cities", "towns",
               "villages", "resort", "resorts", "island", "outpost", "port"}
LARGE_UNITS = {"region", "province", "governorate", "countryside", "state", "county", "outskirts", "part",
               "territory", "desert"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
# a named organisation that is also a site ("the al-Hol camp", "Ghwayran prison")
SITE_WORDS = {"camp", "prison", "jail", "base", "airport", "airbase", "crossing", "checkpoint", "hospital"}
# the verb a clause's event hangs from shares its place: "was shot and killed in a camp"
_SHARING_DEPS = {"conj", "xcomp", "advcl"}
# a share of a place is in that place: "captured more than half of Zaire"
PART_WORDS = {"half", "percent", "per", "most", "rest", "much", "third", "quarter", "portion", "bulk", "swath",
              "swathes", "stretch", "parts", "areas", "section", "sections", "streets", "street", "outskirt"}
# verbs whose object is ground: what is entered, taken or patrolled is where the event is
TERRITORY_VERBS = {"enter", "storm", "capture", "seize", "take", "retake", "recapture", "patrol", "besiege",
                   "liberate", "overrun", "evacuate", "occupy", "invade", "surround", "encircle", "raid", "reach",
                   "control", "shell", "bomb", "annex", "cross"}


def place_of(tok: Token) -> Span | None:
    """The name of the place where the event whose trigger is ``tok`` happened, if the sentence
    says so."""
    # a place that is itself what the event acts on: "attack al-Hol camp in northeastern Syria",
    # "the cities of X and Y were targeted" -- the place acted on, not its surroundings
    for child in tok.children:
        if child.dep_ in ("dobj", "nsubjpass") and child.lemma_.lower() in SMALL_UNITS | {"prison", "crossing"}:
            own = _own_name(child, named_unit=True)
            if own is not None:
                return _trimmed(own)
    territory = tok.lemma_.lower() in TERRITORY_VERBS
    if territory:
        # "failed to capture Qabasin and Bzaah in eastern al-Bab": the named ground taken, not
        # the wider area around it
        for child in tok.children:
            if child.dep_ not in ("dobj", "nsubjpass"):
                continue
            if child.ent_type_ in PLACE_LABELS:
                found = _own_name(child)
                if found is not None:
                    return _trimmed(found)
            elif child.dep_ == "dobj" and child.pos_ == "PROPN" and child.text[:1].isupper() \
                    and child.ent_type_ not in ("PERSON", "NORP", "DATE", "TIME"):
                # "entered Dahiyat al-Assad": a name that is taken or entered is ground, whatever
                # the tagger took it for (but "captured Saddam Hussein" is a person, and so is
                # most often the subject of "was captured")
                return _trimmed(_entity(child) or child.doc[_name_start(child):child.i + 1])
    for prep in _locatives(tok):
        found = _named_place(prep)
        if found is not None:
            return _trimmed(found)
    for child in tok.children:
        if child.dep_ not in ("dobj", "nsubjpass"):
            continue
        lemma = child.lemma_.lower()
        if child.ent_type_ in PLACE_LABELS or lemma in SMALL_UNITS | LARGE_UNITS | PART_WORDS \
                or (territory and lemma in SITE_WORDS):
            found = _most_specific(child)
            if found is not None:
                return _trimmed(found)
        elif child.pos_ == "PROPN" and child.ent_type_ not in ("ORG", "NORP") and _followed_by_place(child):
            # "shelled Avdiivka, Donetsk": a name written with its region is a place
            return child.doc[_name_start(child):child.i + 1]
    if territory and tok.dep_ == "relcl":
        # "al-Rai, a border town they have entered": the ground is the noun the clause describes
        head = tok.head
        if head.dep_ == "appos" and head.head.ent_type_ in PLACE_LABELS:
            found = _own_name(head.head)
            if found is not None:
                return _trimmed(found)
        if head.ent_type_ in PLACE_LABELS or head.lemma_.lower() in SMALL_UNITS | LARGE_UNITS:
            found = _most_specific(head)
            if found is not None:
                return _trimmed(found)
    # "detonated grenades to kill three children and injured nine others in Russia": a verb
    # coordinated with or subordinate to the event's, when nothing nearer says where
    for child in tok.children:
        # not a purpose ("gathered ... to demand ... in Uvalde"): an infinitive is not where it happened
        if child.dep_ in ("conj", "advcl") and child.pos_ == "VERB" and child.tag_ != "VB":
            # "shot and killed by police in Vienna": the coordinated verb's own phrases, and where
            # its agent acted
            preps = _preps(child)
            for agent in (c for c in child.children if c.dep_ == "agent"):
                for pobj in (c for c in agent.children if c.dep_ == "pobj"):
                    preps.extend(_preps(pobj))
            for prep in preps:
                found = _named_place(prep)
                if found is not None:
                    return _trimmed(found)
    return None


def _followed_by_place(tok: Token) -> bool:
    doc = tok.doc
    after = doc[tok.i + 1:tok.i + 3]
    return len(after) == 2 and after[0].text in (",", "(") and after[1].ent_type_ in PLACE_LABELS


def _trimmed(span: Span) -> Span:
    while len(span) > 1 and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    return span


def _locatives(tok: Token) -> list[Token]:
    """Locative prepositions in the order they bear on the event."""
    order = _clause_locatives(tok)
    for child in tok.children:
        # "the blast in Lucciana destroyed ...", "protesters in Basra burned ...": where the
        # actor or the act is, when the clause says nothing more; "captured by U.S. forces in
        # Afghanistan": where the agent acted
        if child.dep_ == "nsubj":
            order.extend(_preps(child))
        elif child.dep_ == "agent":
            for pobj in (c for c in child.children if c.dep_ == "pobj"):
                order.extend(_preps(pobj))
    current = tok
    for _ in range(3):
        # "shot down a helicopter in central Iraq, killing 15 soldiers": the clause it hangs from
        if current.dep_ not in _SHARING_DEPS or current.head == current:
            break
        current = current.head
        order.extend(_clause_locatives(current))
    root = tok.sent.root
    subject_start = min((c.i for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), default=root.i)
    order.extend(p for p in _preps(root) if p.i < subject_start)  # "In Nablus, a man was shot"
    seen: set[int] = set()
    return [p for p in order if not (p.i in seen or seen.add(p.i))]  # type: ignore[func-returns-value]


def _clause_locatives(verb: Token) -> list[Token]:
    """The locative prepositions of a verb, of its objects and of the other side it acts with."""
    order = _preps(verb)
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr"):
            order.extend(_preps(child))
            # "shot dead a policeman and a boy in the town of Tulkarm": the last of the objects
            # carries the phrase for all of them
            for other in child.conjuncts:
                order.extend(_preps(other))
            # "killed dozens of people in Hasakah": the phrase hangs from the counted noun
            for of in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in of.children if c.dep_ == "pobj"):
                    order.extend(_preps(pobj))
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ not in LOCATIVE_PREPS):
        # "clashed with international forces in the town of Mitrovica": where the other side was
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            order.extend(_preps(pobj))
    return order


def _preps(tok: Token) -> list[Token]:
    return [c for c in tok.children if c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS]


def _named_place(prep: Token) -> Span | None:
    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
        if pobj.ent_type_ in ("DATE", "TIME"):
            continue
        found = _most_specific(pobj, locative=True)
        if found is not None:
            return found
    return None


def _most_specific(phrase_head: Token, named_unit: bool = False, locative: bool = False) -> Span | None:
    """The most specific place name under a prepositional object: the name after "of" first
    ("the city of Nablus"), then a name in the phrase itself ("eastern Palmyra countryside")."""
    head_lemma = phrase_head.lemma_.lower()
    if head_lemma not in LARGE_UNITS:
        for prep in (c for c in phrase_head.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                # "the neighbourhood of Al-Bayaa": after a place word, a name is a place's
                inner = _most_specific(pobj, named_unit or head_lemma in SMALL_UNITS)
                if inner is not None:
                    return inner
    own = _own_name(phrase_head, named_unit, locative)
    if own is not None:
        return own
    # "a busy area in western Baghdad", "of Idlib city", "air raids over Palmyra countryside"
    nested = (c for c in phrase_head.children if c.dep_ == "prep" and (c.lower_ in LOCATIVE_PREPS or c.lower_ == "of"))
    for prep in nested:
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            inner = _most_specific(pobj)
            if inner is not None:
                return inner
    return None


def _own_name(phrase_head: Token, named_unit: bool = False, locative: bool = False) -> Span | None:
    """A place name in the phrase itself: the head and its modifiers first, then an apposition
    ("Umerkot city (Umerkot, Sindh)" is Umerkot, not the province in brackets)."""
    # "Umerkot city": before a place word, a name is that place's, whatever the tagger thought
    unit = named_unit or phrase_head.lemma_.lower() in SMALL_UNITS | LARGE_UNITS
    if unit:
        not_places: tuple[str, ...] = ("DATE", "TIME")
    elif locative:  # "in Venadillo": after "in", a name the tagger took for a person is a place
        not_places = ("ORG", "NORP", "DATE", "TIME")
    else:
        not_places = ("PERSON", "ORG", "NORP", "DATE", "TIME")
    for words in (_own_words(phrase_head, ("compound", "amod", "nmod", "poss", "nummod")),
                  _own_words(phrase_head, ("appos",))):
        if unit:
            # the whole name before the place word, even where the tagger saw only part of it
            # ("Dera Ismail Khan city", not "Dera")
            if phrase_head.pos_ == "PROPN" and phrase_head.ent_type_ not in not_places and phrase_head in words:
                return _place_entity(phrase_head) or phrase_head.doc[_name_start(phrase_head):phrase_head.i + 1]
            named = [t for t in words if t.pos_ == "PROPN" and t.dep_ == "compound" and t.ent_type_ not in not_places]
            if named:
                return _place_entity(named[-1]) or named[0].doc[_name_start(named[-1]):named[-1].i + 1]
        for tok in words:
            ent = _entity(tok)
            if ent is not None and (ent.label_ in PLACE_LABELS or
                                    (ent.label_ == "ORG" and phrase_head.lemma_.lower() in SITE_WORDS)):
                return ent
        for tok in words:
            # a name the tagger did not label ("her Reshimbagh residence", small villages)
            if tok.pos_ == "PROPN" and tok.dep_ in ("compound", "ROOT", "pobj", "dobj", "nsubjpass", "appos") \
                    and tok.ent_type_ not in not_places:
                return tok.doc[_name_start(tok):tok.i + 1]
    return None


def _own_words(head: Token, deps: tuple[str, ...]) -> list[Token]:
    """The head (for the first group) and its modifiers of the given kinds, with their words."""
    words = [head] if "appos" not in deps else []
    for child in head.children:
        if child.dep_ in deps:
            words.extend(child.subtree)
    return sorted(words, key=lambda t: t.i)


def _name_start(tok: Token) -> int:
    """Where a multi-word name ending at ``tok`` begins ("Deir ez-Zor", "Al-Bayaa")."""
    doc, start = tok.doc, tok.i
    while start > 0:
        before = doc[start - 1]
        if before.pos_ == "PROPN" and before.dep_ in ("compound", "flat"):
            start -= 1
        elif before.text == "-" and start > 1 and doc[start - 2].pos_ == "PROPN":
            start -= 2
        else:
            break
    return start


def _place_entity(tok: Token) -> Span | None:
    """The place entity a token is part of ("Markaz-e-Behsud", whole, before "district")."""
    ent = _entity(tok) if tok.ent_type_ in PLACE_LABELS else None
    return ent if ent is not None and ent.label_ in PLACE_LABELS else None


def _entity(tok: Token) -> Span | None:
    if not tok.ent_type_:
        return None
    for ent in tok.sent.ents:
        if ent.start <= tok.i < ent.end:
            return ent
    return None


# "UK-based", "US-led", "Iran-backed": the place is the home or the patron of whoever the
# compound describes, not where anything happened
_PATRON_PARTICIPLES = frozenset({"based", "headquartered", "led", "backed", "funded", "sponsored", "supported",
                                 "owned", "run", "born", "made", "brokered", "allied", "aligned", "trained"})
# a place inside "(banned in Russia)": a remark on a group's legal standing somewhere
_STANDING_VERBS = frozenset({"ban", "outlaw", "prohibit", "proscribe", "designate", "list"})


def names_a_patron(span: Span) -> bool:
    """"the UK-based Syrian Observatory", "US-led air strikes", "a group banned in Russia": the
    place says where someone is based, who leads or backs them, or where they are outlawed --
    not where anything happened."""
    doc = span.doc
    after = doc[span.end:span.end + 2]
    if len(after) == 2 and after[0].text == "-" and after[1].lower_ in _PATRON_PARTICIPLES:
        return True
    root = span.root
    if root.dep_ == "pobj" and root.head.head.tag_ == "VBN" and root.head.head.lemma_.lower() in _STANDING_VERBS:
        return True
    return root.dep_ == "pobj" and _in_remark_on_a_group(span)


def _in_remark_on_a_group(span: Span) -> bool:
    """"al-Nusra Front (Qaeda branch in the Levant)": a place in brackets that describe the group
    named before them."""
    doc = span.doc
    for i in range(span.start - 1, max(span.sent.start, span.start - 12) - 1, -1):
        if doc[i].text == ")":
            return False
        if doc[i].text == "(":
            return i > 0 and doc[i - 1].ent_type_ in ("ORG", "NORP", "PERSON")
    return False
