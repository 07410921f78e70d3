"""The event coder: parsed blocks in, ``EventMention`` records out.

For each sentence it finds event predicates (verbs and nouns of the lexicon), reads their
arguments from the dependency parse, resolves them to registry actors as of the event's own date,
and decides the mode (actual, negated, planned, threatened, hypothetical) and the claimant from
the clauses that govern the predicate.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import TYPE_CHECKING

from dyadwatch.actors.registry import HEAD_WORDS, Registry, norm
from dyadwatch.dates.find import expressions_in, expressions_in_pieces
from dyadwatch.events.lexicon import CameoCode, Lexicon
from dyadwatch.events.plover import plover_coding
from dyadwatch.places.mention import names_a_patron, place_of
from dyadwatch.places.ranker import event_place
from dyadwatch.records import Actor, EventMention, Place, Span, TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

    from dyadwatch.nlp.pipeline import Block

SUBJECT_DEPS = {"nsubj", "csubj"}
PASSIVE_SUBJECT_DEPS = {"nsubjpass", "csubjpass"}
# a date the parser took for a subject ("Around 26 May 2022, a man was killed") is never an actor
TIME_ENTS = {"DATE", "TIME"}
# nouns that, in "at the request of X", attribute the clause's event to X rather than report one
# initials of things, not of groups: "an IED killed three soldiers" names no actor
THING_ACRONYMS = {"IED", "IEDS", "VBIED", "SVBIED", "RPG", "RPGS", "UAV", "UAVS", "ATGM", "MANPADS", "TV", "GMT",
                  "UTC", "AM", "PM", "COVID", "HIV", "AIDS", "DNA", "ID", "USD", "EUR", "KM", "MM", "GPS", "SMS"}
# singular nouns for many people
COLLECTIVE_NOUNS = {"group", "crowd", "staff", "community", "mob", "family", "public", "population", "youth"}
# what kills when the text names no one who used it: "a bomb blast killed six", "shelling wounded two"
WEAPON_NOUNS = {"blast", "explosion", "bomb", "bombing", "device", "explosive", "ied", "mine", "landmine", "shell",
                "shelling", "mortar", "rocket", "missile", "strike", "airstrike", "raid", "airraid", "fire", "gunfire",
                "attack", "bombardment", "barrage", "grenade", "shrapnel", "crossfire", "ambush", "clash", "fighting",
                "violence", "detonation", "projectile", "munition"}
# Nouns for people that name no kind of actor: as the subject of violence they are its
# unidentified perpetrators ("an unidentified group threw a grenade", "two men shot a trader").
PERPETRATOR_NOUNS = frozenset({"group", "individual", "man", "woman", "person", "people", "someone",
                               "somebody", "unknown", "youth", "boy", "stranger", "suspect", "perpetrator"})
# Blocking by people outside the state is a protest (CAMEO 144), by a state coercion (191).
OBSTRUCTION_VERBS = frozenset({"block", "obstruct", "barricade", "blockade", "close", "shut"})
NONSTATE_SECTORS = frozenset({"CVL", "OPP", "EDU", "REL", "BUS", "MED", "HLH", "NGO", "PTY"})
# what monitors do with an explosion they cannot attribute
OBSERVATION_VERBS = {"observe", "record", "hear", "register", "document", "detect"}
# prepositions that open a sentence with where it happened: "In Mosul, ...", "Near Raqqa, ..."
OPENING_LOCATIVES = {"in", "near", "at", "outside", "around"}
# sectors of people who strike by stopping work
CIVIL_SECTORS = {"CVL", "EDU", "HLH", "BUS", "OPP", "MED", "JUD", "LAB", "REL"}
# verbs that only say an event happened: its parties are the event noun's
OCCURRENCE_VERBS = {"break", "erupt", "occur", "happen", "flare", "ensue", "rage", "continue", "resume", "take"}
ATTRIBUTIVE_NOUNS = {"request", "invitation", "behest", "urging", "initiative", "suggestion", "instigation", "call"}
NP_DEPS = {"compound", "amod", "nmod", "poss", "case", "det", "flat", "nummod", "punct", "prep", "pobj"}
ACTOR_ENTS = {"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"}
PLACE_ENTS = {"GPE", "LOC", "FAC"}
OBJECT_PARTNER_PREPS = {"with", "against", "on", "to", "for", "toward", "towards", "between"}
TARGET_PREPS = ("with", "against", "on", "to", "at", "toward", "towards", "for", "from", "into", "over")
RELATIVE_PRONOUNS = {"who", "which", "that", "whom"}
PERSON_PRONOUNS = {"he", "she", "him", "her"}
GROUP_PRONOUNS = {"they", "them"}  # "it" names a thing far more often than an actor
# ... except as the subject of what a speaker said ("Switzerland said it had expelled")
SPEAKER_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | {"it", "we", "its", "their", "his", "our"}
# A gerund under these prepositions shares the governing verb's subject ("by sending", "after
# meeting"); under others ("attributed the shift to Baghdad easing") it does not.
SHARED_SUBJECT_PREPS = {"by", "after", "before", "while", "without", "through", "upon", "on", "in", "since"}
FUTURE_AUX = {"will", "shall", "'ll", "wo"}
CONDITIONAL_MARKS = {"if", "unless", "whether"}
ATTEMPT_VERBS = {"attempt", "try", "seek"}
# Reporting verbs that introduce forecasts rather than facts: with a modal below them, skip.
FORECAST_VERBS = {"warn", "fear", "predict", "expect", "worry", "caution", "believe", "think", "estimate"}
# An analyst's reading of events ("attributed the shift to Baghdad easing its reservations") is
# opinion, not a report of an event: nothing under these verbs is coded.
OPINION_VERBS = {"attribute", "ascribe", "credit", "argue", "think", "consider", "view", "speculate"}
# What someone asks, urges or wants another to do has not happened: it is coded hypothetical.
REQUEST_VERBS = {"ask", "urge", "want", "demand", "request", "press", "push", "encourage", "call", "appeal",
                 "invite", "order", "instruct", "pressure", "beg", "implore", "exhort"}
OBJECT_CONTROL_VERBS = REQUEST_VERBS | {"tell", "allow", "force", "persuade", "permit", "enable", "help",
                                        "convince", "compel", "authorize", "authorise"}
SYMMETRIC_TYPES = {"CONSULT", "AGREE", "COOPERATE", "ASSAULT", "SUPPORT"}
HISTORICAL_DAYS = 365
# Adjectives that put an event noun in the future or in doubt
PROSPECTIVE_WORDS = {"planned": "planned", "proposed": "planned", "upcoming": "planned", "forthcoming": "planned",
                     "scheduled": "planned", "expected": "planned", "future": "planned", "prospective": "planned",
                     "intended": "planned", "possible": "hypothetical", "potential": "hypothetical",
                     "likely": "hypothetical", "hypothetical": "hypothetical", "would-be": "hypothetical",
                     "rumoured": "hypothetical", "rumored": "hypothetical", "alleged": "hypothetical",
                     "threatened": "threatened"}
# Verbs whose subject is the one who does what their object noun names ("made a visit", "held
# talks", "launched an attack", "took part in the talks"); a noun under any other verb ("fled the
# fighting", "condemned the attack") is someone else's act.
SUPPORT_VERBS = {"make", "hold", "have", "pay", "conduct", "carry", "launch", "stage", "mount", "wage", "begin",
                 "start", "continue", "resume", "undertake", "perform", "deliver", "give", "issue", "lead",
                 "organise", "organize", "host", "attend", "join", "sign", "reach", "strike", "conclude", "open",
                 "escalate", "intensify", "step", "be", "take", "offer", "extend", "send", "provide", "announce",
                 "declare", "order", "approve", "complete", "finish", "end", "renew", "insist", "press", "pursue",
                 "repeat", "reiterate", "voice", "express", "lodge", "file", "impose", "enforce", "tighten"}
# events said or done to an addressee, who is never where they happen
ADDRESSED_TYPES = frozenset({"ACCUSE", "REQUEST", "REJECT", "THREATEN", "SUPPORT", "AGREE", "SANCTION", "CONCEDE"})
# the support verbs that carry out what their object names, whatever was said of it before
PERFORMING_VERBS = frozenset({"make", "hold", "conduct", "carry", "launch", "stage", "mount", "wage", "begin",
                              "start", "resume", "undertake", "perform", "complete", "finish", "pay"})
# what forces exercise in; two states' forces doing so together cooperate militarily (CAMEO 062)
EXERCISE_NOUNS = frozenset({"exercise", "drill", "manoeuvre", "maneuver", "game", "wargame"})
# "staged a series of protests": the event is what the series is of
SERIES_NOUNS = frozenset({"series", "wave", "spate", "string", "round", "number", "set", "day", "week"})
# "hundreds of protesters", "a group of parents": the actor is the noun after "of"
QUANTITY_NOUNS = {"hundred", "thousand", "dozen", "score", "million", "ten", "number", "handful", "couple",
                  "group", "band", "crowd", "some", "many", "several", "all", "most", "few", "lot", "batch",
                  "life"}  # "claimed the lives of 18 civilians"


@dataclass
class Mention:
    actor: Actor
    position: int


@dataclass
class DocumentContext:
    """What the coder remembers across sentences of one document (for coreference)."""

    mentions: list[Mention] = field(default_factory=list)
    scene_time: TimeExpression | None = None  # the date that opened a sentence of this paragraph

    def remember(self, actor: Actor, position: int) -> None:
        self.mentions.append(Mention(actor, position))

    def last_person(self, before: int) -> Actor | None:
        for m in reversed(self.mentions):
            if m.position < before and m.actor.person:
                return m.actor
        return None

    def last_group(self, before: int) -> Actor | None:
        for m in reversed(self.mentions):
            if m.position < before and not m.actor.person:
                return m.actor
        return None

    def last_of(self, ids: list[str], before: int) -> Actor | None:
        for m in reversed(self.mentions):
            if m.position < before and m.actor.id in ids:
                return m.actor
        return None

    def last_with_role(self, word: str, country: str | None, before: int) -> Actor | None:
        for m in reversed(self.mentions):
            if m.position >= before or not m.actor.role:
                continue
            if word in m.actor.role.lower() and (country is None or m.actor.country == country):
                return m.actor
        return None


@dataclass
class Predicate:
    token: Token
    cameo: str
    nominal: bool
    consumed: set[int] = field(default_factory=set)  # tokens used to pick the code (objects)


class Coder:
    def __init__(self, registry: Registry, lexicon: Lexicon):
        self.registry = registry
        self.lexicon = lexicon

    # ---- entry point --------------------------------------------------------------------------
    def code_blocks(self, blocks: list[Block], doc_id: str, published: dt.date | None) -> list[EventMention]:
        # an undated document is read as of the latest full date it writes ("Wed 19 Apr 2017"),
        # not as of today; its events stay flagged as dated without a publication date
        today = dt.date.today()
        as_of_today = None if published is not None else [_times_in(block, today) for block in blocks]
        anchor = published or _latest_written_date(as_of_today or []) or today
        context = DocumentContext()
        events: list[EventMention] = []
        for i, block in enumerate(blocks):
            times = as_of_today[i] if as_of_today is not None and anchor == today else _times_in(block, anchor)
            context.scene_time = None  # a paragraph sets its own scene
            for sentence in block.sentences:
                events.extend(self._code_sentence(sentence.span, sentence.offset, doc_id, anchor,
                                                  published is None, times, context, sentence.parsed,
                                                  sentence.ents))
        return events

    @staticmethod
    def _fronted_time(sent: SpacySpan, offset: int, sent_times: list[TimeExpression]) -> TimeExpression | None:
        """A date that opens the sentence ("On 14 June 2022, ...", "In February, ...") sets the
        scene for the sentences after it in the same paragraph."""
        opening = sent.start_char + offset
        limit = sent[min(3, len(sent) - 1)].idx + offset
        for time in sent_times:
            if opening <= time.start <= limit and time.granularity in ("day", "week", "month"):
                return time
        return None

    # ---- one sentence ---------------------------------------------------------------------------
    def _code_sentence(self, sent: SpacySpan, offset: int, doc_id: str, anchor: dt.date,
                       no_anchor: bool, times: list[TimeExpression],
                       context: DocumentContext, parsed: bool,
                       entities: tuple[SpacySpan, ...]) -> list[EventMention]:
        """The sentence's events; a sentence the first pass set aside (``parsed`` false) holds
        none, but its entities and a date that opens it still inform the sentences after it."""
        sent_start = sent.start_char + offset
        sent_end = sent.end_char + offset
        sent_times = [t for t in times if sent_start <= t.start < sent_end]
        scene_time = context.scene_time
        context.scene_time = self._fronted_time(sent, offset, sent_times) or scene_time
        self._remember_entities(entities, offset, anchor, context)
        if not parsed:
            return []
        predicates = self._find_predicates(sent)
        consumed = set().union(*(p.consumed for p in predicates)) if predicates else set()
        verb_heads = {p.token.i for p in predicates if not p.nominal}
        events: list[EventMention] = []
        codes = {p.token.i: self.lexicon.plover_of(p.cameo) for p in predicates}
        coded: set[int] = set()
        for pred in predicates:
            if pred.nominal and (pred.token.i in consumed or _governing_verb(pred.token) in verb_heads):
                # "attended the summit", "held talks": the verb already carries this event
                continue
            tok = pred.token
            if tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.head.i in coded:
                mine, main = codes[tok.i], codes[tok.head.i]
                if mine is not None and main is not None and mine.plover == main.plover:
                    # "bombarded the city, killing eight": the participle tells the outcome of
                    # the same event
                    continue
            event = self._code_predicate(pred, sent, offset, doc_id, anchor, no_anchor, sent_times, context,
                                         scene_time)
            if event is not None:
                events.append(event)
                coded.add(tok.i)
        return events

    def _remember_entities(self, entities: Iterable[SpacySpan], offset: int, anchor: dt.date,
                           context: DocumentContext) -> None:
        for ent in entities:
            if ent.label_ in ("PERSON", "ORG", "NORP", "GPE"):
                actor = self.registry.resolve(ent.text, anchor)
                if actor is not None:
                    context.remember(actor, ent.start_char + offset)

    # ---- predicates -----------------------------------------------------------------------------
    def _find_predicates(self, sent: SpacySpan) -> list[Predicate]:
        found: list[Predicate] = []
        for tok in sent:
            if tok.ent_type_ in ("DATE", "TIME"):  # "March" the month is not a march
                continue
            if tok.dep_ == "amod":  # "destroyed houses", "the killed soldiers": a state, not an act
                pred = None
            elif tok.pos_ in ("VERB", "AUX") or (tok.tag_.startswith("VB") and tok.pos_ != "PROPN"):
                pred = self._verb_predicate(tok)
            elif tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in ACTOR_ENTS:
                pred = self._noun_predicate(tok)
            else:
                pred = None
            if pred is not None:
                found.append(pred)
        return found

    def lemma(self, tok: Token) -> str:
        lower = tok.lower_
        return self.lexicon.lemma_fixes.get(lower) or tok.lemma_.lower()

    def _verb_predicate(self, tok: Token) -> Predicate | None:
        entry = self.lexicon.verbs.get(self.lemma(tok))
        if entry is None:
            return None
        consumed: set[int] = set()
        code = entry.cameo
        # A phrasal verb's particle has its own entry ("call off", "give up"); the small model
        # sometimes attaches the particle as advmod ("stepped down") or as a preposition it
        # still tags as a particle ("sealed off the house": prep, RP).
        for child in tok.children:
            if (child.dep_ in ("prt", "advmod") or child.tag_ == "RP") and child.lower_ in entry.particles:
                particle = entry.particles[child.lower_]
                consumed.add(child.i)
                code = particle.cameo
                if not particle.bare:
                    entry = particle
                break
        chosen = False
        for child in tok.children:
            if child.dep_ in ("dobj", "attr", "oprd", "nsubjpass"):
                if (child.tag_ in ("NNS", "NNPS") and child.lemma_.lower() in self.lexicon.asset_nouns
                        and (code or "")[:2] in ("18", "19", "20")):
                    # "attacked Islamic State positions" is an attack on the group's positions, not
                    # on its position (stance): a violent verb keeps its code for plural assets
                    continue
                # "staged a series of protests": the object is what the series is of
                counted = _quantified(child, SERIES_NOUNS)
                for obj in dict.fromkeys((child, counted)):
                    for key in _object_keys(obj):
                        if key in entry.objects:
                            code, chosen = entry.objects[key], True
                            consumed.add(obj.i)
                            break
                    if chosen:
                        break
            if chosen:
                break
        if not chosen and entry.prep_objects:
            for child in tok.children:
                table = entry.prep_objects.get(child.lower_) if child.dep_ == "prep" else None
                for pobj in (g for g in child.children if g.dep_ == "pobj") if table else ():
                    for key in _object_keys(pobj):
                        if key in table:  # type: ignore[operator]
                            code, chosen = table[key], True  # type: ignore[index]
                            consumed.add(pobj.i)
                            break
        if not chosen and entry.purposes:
            for child in tok.children:
                # "gathered in Brescia to call for peace": the purpose of the gathering
                if child.dep_ in ("xcomp", "advcl") and child.tag_ == "VB" and self.lemma(child) in entry.purposes \
                        and any(g.dep_ == "aux" and g.lower_ == "to" for g in child.children):
                    code, chosen = entry.purposes[self.lemma(child)], True
                    break
        if not chosen and entry.subject_sectors:
            subj, _ = self._subject(tok)
            sector = self.registry.agent_sector(_quantified(subj).lemma_) if subj is not None else None
            if sector in entry.subject_sectors:
                code, chosen = entry.subject_sectors[sector], True  # type: ignore[index]
        if not chosen:
            for child in tok.children:
                if child.dep_ in ("prep", "agent") and child.lower_ in entry.preps:
                    # "called al-Sharaa on 1 April" is a phone call, not a call on someone
                    if any(g.ent_type_ in ("DATE", "TIME") for g in child.children):
                        continue
                    code = entry.preps[child.lower_]
                    break
        if code is None:
            return None
        return Predicate(tok, code, nominal=False, consumed=consumed)

    def _noun_predicate(self, tok: Token) -> Predicate | None:
        if tok.lemma_.lower() in self.lexicon.descriptive_nouns or tok.lower_ in self.lexicon.descriptive_nouns:
            return None
        if tok.ent_type_ in ("DATE", "TIME"):
            return None  # "on 10 March 2022": a month, not a march
        if tok.head.dep_ == "prep" and tok.head.lower_ in ("at", "upon", "on", "following", "after") \
                and tok.dep_ == "pobj" and tok.lemma_.lower() in ATTRIBUTIVE_NOUNS \
                and any(c.dep_ == "prep" and c.lower_ in ("of", "by") for c in tok.children):
            # "arranged at the request of the prime minister", "upon the invitation of Qatar",
            # "gathered at the call of the CGT": says who asked for the event in the clause, it is
            # not a request of its own
            return None
        for key in _object_keys(tok):
            entry = self.lexicon.nouns.get(key)
            if entry is None:
                continue
            code = entry.cameo
            for child in tok.children:
                if child.dep_ == "prep" and child.lower_ in entry.preps:
                    code = entry.preps[child.lower_]
                    break
            return Predicate(tok, code, nominal=True) if code else None
        return None

    # ---- one predicate --------------------------------------------------------------------------
    def _code_predicate(self, pred: Predicate, sent: SpacySpan, offset: int, doc_id: str,
                        anchor: dt.date, no_anchor: bool, sent_times: list[TimeExpression],
                        context: DocumentContext, scene_time: TimeExpression | None = None) -> EventMention | None:
        tok = pred.token
        # A verb that only governs another event ("planned to attack", "declined to attend") is
        # modality for that event, not an event of its own.
        if not pred.nominal and self._governs_event(tok):
            return None
        if not pred.nominal and self.lemma(tok) in self.lexicon.commitment_verbs and \
                any(c.dep_ == "xcomp" and self._is_event_word(c) for c in tok.children):
            pred.cameo = "030"  # "agreed to lift", "offered to hand over": a statement of intent
        mode, forecast, mode_cue = self._mode(tok, pred.nominal)
        if forecast:
            return None
        time = self._event_time(tok, sent, offset, sent_times) or scene_time
        if time is not None:
            date, date_end, granularity, fallback = time.date_start, time.date_end, time.granularity, False
        else:
            date, date_end, granularity, fallback = anchor, anchor, "day", True
        as_of = date_end
        position = tok.idx + offset
        if pred.nominal or (tok.tag_ == "VBG" and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in OCCURRENCE_VERBS):
            # a gerund subject is an event named as a noun: "fighting broke out between X and Y"
            sources, targets, reciprocal = self._nominal_roles(tok, as_of, offset, context)
        else:
            sources, targets, reciprocal = self._verb_roles(tok, pred, as_of, offset, context)
        if not sources and not pred.nominal and targets and self._unknown_perpetrator(tok, pred):
            # "a man was shot and killed": the violence happened, by someone the text does not name
            sources = [_unidentified_perpetrator(self._means_code(tok) or pred.cameo)]
        if not sources and pred.nominal and self._observed_violence(tok, pred):
            # "the OSCE SMM observed 4 explosions near Vasylivka": it happened, by someone unnamed
            sources = [_unidentified_perpetrator(pred.cameo)]
        if not sources and not pred.nominal:
            sources = self._crowd(tok, pred, offset)
        if not sources:
            return None
        if not targets and not pred.nominal and self.lemma(tok) in self.lexicon.commitment_verbs:
            # "agreed to lift the sanctions on Iran": the agreement concerns Iran
            for clause in (c for c in tok.children if c.dep_ == "xcomp"):
                inner = self._verb_predicate(clause)
                if inner is not None:
                    targets = self._verb_roles(clause, inner, as_of, offset, context)[1]
                    break
        sources = _distinct(sources)
        if self._labour_strike(tok, pred, sources):
            pred.cameo = "143"
        if pred.cameo in ("170", "191") and self.lemma(tok) in OBSTRUCTION_VERBS \
                and all(a.sector in NONSTATE_SECTORS for a in sources):
            pred.cameo = "144"  # residents or strikers who block a road protest; an army blockades
        source_ids = {a.id for a in sources}
        if pred.cameo == "150" and len({a.country or a.id for a in sources}) > 1 \
                and any(tok.doc[i].lemma_.lower() in EXERCISE_NOUNS for i in pred.consumed):
            pred.cameo = "062"  # "French and Egyptian warships launched war games": exercising together
        targets = _distinct([t for t in targets if t.id not in source_ids])
        if pred.cameo == "062" and self.lemma(tok) == "train" and not pred.nominal \
                and not any(t.country and t.country not in {a.country for a in sources} for t in targets):
            # "North Korea has trained 500 hackers": building up one's own force, not helping another's
            pred.cameo = "154"
        sources = [_sector_by_deed(a, pred.cameo) for a in sources]
        if pred.cameo.startswith("19"):
            targets = [_sector_by_deed(a, pred.cameo) for a in targets]
        claimant = self._claimant(tok, sent, as_of, offset, context)
        if claimant is not None and mode == "actual" and self._claim_denied(tok):
            mode, mode_cue = "negated", "denied"
        plover = self.lexicon.plover_of(pred.cameo)
        if plover is None:
            return None
        if not targets and len(sources) > 1 and plover.plover in SYMMETRIC_TYPES:
            reciprocal = True
        historical = bool(time and (time.modifier in ("since", "back in") or
                                    (anchor - time.date_end).days > HISTORICAL_DAYS))
        for actor in (*sources, *targets):
            context.remember(actor, position)
        event = EventMention(
            doc_id=doc_id, type=plover.plover, cameo=pred.cameo, mode=mode,
            trigger=Span(position, position + len(tok.text), tok.text),
            sentence=sent.text.strip(), sentence_start=sent.start_char + offset,
            sources=sources, targets=targets, claimant=claimant, reciprocal=reciprocal,
            historical=historical, date=date, date_end=date_end, date_granularity=granularity,
            date_fallback=fallback or no_anchor, date_text=time.text if time else None,
            intensity=self.lexicon.intensity(plover.plover, plover.plover_mode),
            quad=self.lexicon.quads.get(plover.plover),
        )
        event.mode_cue = mode_cue
        event.plover_event, event.plover_mode = plover_coding(event.type, mode, mode_cue)
        if event.plover_mode is None:
            event.plover_mode = plover.plover_mode or None
        event.place = self._place(tok, offset, [*sources, *targets], verbal=plover.plover in ADDRESSED_TYPES)
        event.phrase_places = _phrase_places(tok, offset, event.place)
        event.confidence = self._confidence(event, pred)
        return event

    def _labour_strike(self, tok: Token, pred: Predicate, sources: list[Actor]) -> bool:
        """"Teachers carried out a 48-hour strike", "workers gathered to strike": a strike by
        civilians is a work stoppage, not an air strike; the lexicon cannot tell the two apart
        without knowing who strikes."""
        if not sources or any(a.sector not in CIVIL_SECTORS for a in sources):
            return False
        if not (pred.cameo or "").startswith(("18", "19", "20")):
            return False  # "called off a four-day strike" concedes; only a violent reading is wrong
        if self.lemma(tok) == "strike":
            return True
        return any(tok.doc[i].lemma_.lower() == "strike" for i in pred.consumed)

    def _crowd(self, tok: Token, pred: Predicate, offset: int) -> list[Actor]:
        """People the registry has no word for who demonstrate ("army aspirants staged
        protests", "app drivers carried out a motorcade") are civilians: whoever takes to the
        street without a uniform or a party named is, for coding, the civil population."""
        plover = self.lexicon.plover_of(pred.cameo)
        if plover is None or plover.plover != "PROTEST":
            return []
        subj, passive = self._subject(tok)
        if subj is None or passive:
            return []
        subj = _quantified(subj)  # "tens of hundreds of army aspirants"
        plural = subj.tag_ == "NNS" or subj.lemma_.lower() in COLLECTIVE_NOUNS  # "a group", "the staff"
        people = subj.tag_ == "NNPS" and subj.ent_type_ == "NORP"  # "hundreds of Papuans"
        if not people and (subj.pos_ != "NOUN" or not plural or subj.ent_type_):
            return []
        phrase = _phrase(subj)
        return [_located(Actor(text=phrase.text, id="---CVL", name="civilians (country unknown)", country=None,
                               sector="CVL"), phrase, offset)]

    def _unknown_perpetrator(self, tok: Token, pred: Predicate) -> bool:
        """An agentless passive of violence, or violence whose subject is the weapon or the act
        itself ("a bomb blast killed six people"): the act is reported even though its author is
        not."""
        plover = self.lexicon.plover_of(pred.cameo)
        if plover is None or plover.plover != "ASSAULT":
            return False
        if any(c.dep_ == "nsubj" and c.lemma_.lower() in WEAPON_NOUNS for c in tok.children):
            return True
        if tok.dep_ == "acl" and tok.tag_ == "VBN":  # "ten soldiers killed in Ukraine"
            return not any(c.dep_ == "agent" and self._agent_names_someone(c) for c in tok.children)
        current = tok
        for _ in range(3):  # "was shot, and killed": the conjoined verb shares the passive
            if any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in current.children):
                return not any(c.dep_ == "agent" and self._agent_names_someone(c) for c in current.children)
            if current.dep_ != "conj" or current.head == current:
                break
            current = current.head
        return False

    def _agent_names_someone(self, agent: Token) -> bool:
        """Whether "by ..." names who acted, not how: "killed by shelling", "by a roadside
        bomb" and "by gunfire" leave the author unnamed."""
        for word in (c for c in agent.children if c.dep_ in ("pobj", "pcomp")):
            lemma = word.lemma_.lower()
            if lemma in WEAPON_NOUNS or word.tag_ == "VBG" or (
                    word.pos_ == "NOUN" and self._noun_predicate(word) is not None):
                return False
        return True

    def _means_code(self, tok: Token) -> str | None:
        """The code of the act a killing was done by ("killed in an air strike", "by shelling",
        "a mortar attack killed"), which tells what kind of force the unnamed author was."""
        for child in tok.children:
            words = [child] if child.dep_ == "nsubj" else [
                c for c in child.children if c.dep_ in ("pobj", "pcomp")] if child.dep_ in ("prep", "agent") else []
            for word in words:
                if word.lower_ == "shelling" or word.lemma_.lower() == "shell":
                    return "194"
                found = self._noun_predicate(word) if word.pos_ == "NOUN" else None
                if found is not None:
                    return found.cameo
        return None

    def _observed_violence(self, tok: Token, pred: Predicate) -> bool:
        """A violent event noun that is what monitors saw or heard ("observed a total of 4
        explosions", "recorded shelling")."""
        plover = self.lexicon.plover_of(pred.cameo)
        if plover is None or plover.plover != "ASSAULT":
            return False
        head = tok
        while head.dep_ in ("pobj", "prep") and head.head != head:  # "a total of 4 explosions"
            head = head.head
        return head.dep_ == "dobj" and head.head.lemma_.lower() in OBSERVATION_VERBS

    def _governs_event(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        modal = (self.lexicon.negating_verbs | self.lexicon.planning_verbs | self.lexicon.threat_verbs
                 | ATTEMPT_VERBS)
        if lemma not in modal:
            return False
        return any(child.dep_ in ("xcomp", "ccomp") and self._is_event_word(child) for child in tok.children)

    def _is_event_word(self, tok: Token) -> bool:
        if self.lemma(tok) in self.lexicon.verbs:
            return self._verb_predicate(tok) is not None
        return any(self._is_event_word(c) for c in tok.children if c.dep_ in ("xcomp", "conj"))

    # ---- modality ---------------------------------------------------------------------------------
    def _mode(self, tok: Token, nominal: bool) -> tuple[str, bool, str | None]:
        """The event's mode, whether it sits in a forecast that should not be coded at all, and
        the word that set the mode ("refused", "not", "will", "threatened", "if")."""
        lex = self.lexicon
        mode = "actual"
        cue: str | None = None
        modal_seen = False
        current = tok
        if nominal:
            # a noun's modality is its governing verb's ("declined the invitation": the noun is
            # the object of a rejection, which is coded as the verb's own event)
            head = tok.head
            if tok.dep_ in ("dobj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and head != tok:
                # only a noun the verb acts on shares its modality ("did not accept the
                # invitation"); "before the summit, it is not known" says nothing of the summit
                current = head
                if head.lemma_.lower() in lex.planning_verbs:
                    mode, cue = "planned", head.lemma_.lower()
                elif head.lemma_.lower() in lex.threat_verbs:
                    mode, cue = "threatened", head.lemma_.lower()
            for child in tok.children:
                if child.dep_ == "det" and child.lower_ == "no":
                    return "negated", False, "no"
                # "a possible visit", "the planned talks", "an upcoming summit": not (yet) held --
                # unless a verb carries it out ("mounted its long-threatened invasion": the verb's
                # own modality says whether it happened)
                if child.dep_ in ("amod", "compound") and child.lower_ in PROSPECTIVE_WORDS \
                        and not (current != tok and current.lemma_.lower() in PERFORMING_VERBS):
                    return PROSPECTIVE_WORDS[child.lower_], False, child.lower_
            if current == tok:
                return mode, False, cue
        depth = 0
        while depth < 8:
            depth += 1
            for child in current.children:
                if child.dep_ == "neg" or (child.dep_ == "advmod" and child.lower_ in lex.negation):
                    return "negated", False, child.lower_
                if child.dep_ == "aux":
                    word = child.lower_
                    if word in FUTURE_AUX and mode == "actual":
                        mode, cue = "planned", word
                    elif word in lex.hypothetical_markers:
                        modal_seen = True
                        mode, cue = "hypothetical", word
            mark = next((c for c in current.children if c.dep_ == "mark" and c.lower_ in CONDITIONAL_MARKS), None)
            if mark is not None:
                # "if Baghdad asks", "whether he will travel": the clause is open, whatever the
                # verbs above it say
                return "hypothetical", False, mark.lower_
            head = current.head
            if head == current:
                break
            lemma = head.lemma_.lower()
            if lemma in OPINION_VERBS:
                return mode, True, lemma
            if current.dep_ in ("xcomp", "ccomp", "acl", "advcl", "conj", "pcomp", "prep", "pobj", "relcl"):
                if current.dep_ == "ccomp" and lemma in REQUEST_VERBS and mode == "actual":
                    # "demanded that Mugabe abandon the policy": asked for, not done
                    mode, cue = "hypothetical", lemma
                if current.dep_ == "xcomp" or (current.dep_ in ("acl", "pcomp") and head.pos_ == "NOUN"):
                    if lemma in lex.negating_verbs:
                        return "negated", False, lemma
                    if lemma in lex.threat_verbs:
                        if mode in ("actual", "planned"):
                            mode, cue = "threatened", lemma
                    elif (lemma in lex.planning_verbs or lemma in lex.commitment_verbs
                          or lemma in lex.readiness_words or lemma in ("plan", "intention", "bid", "plot")):
                        if mode == "actual":
                            mode, cue = "planned", lemma
                    elif lemma in ("threat",):
                        mode, cue = "threatened", lemma
                    elif lemma in REQUEST_VERBS:
                        if mode == "actual":
                            mode, cue = "hypothetical", lemma
                if current.dep_ == "ccomp" and lemma in lex.reporting_verbs:
                    if lemma in FORECAST_VERBS and modal_seen:
                        return mode, True, lemma
                    break  # the reporting verb's own modality is the claimant's, not the event's
                if current.dep_ == "ccomp" and lemma in FORECAST_VERBS and modal_seen:
                    return mode, True, lemma
                current = head
                continue
            break
        return mode, False, cue

    def _claim_denied(self, tok: Token) -> bool:
        head = tok
        for _ in range(6):
            if head.dep_ == "ccomp":
                return head.head.lemma_.lower() in ("deny", "refute", "dismiss")
            if head.head == head:
                break
            head = head.head
        return False

    # ---- roles ------------------------------------------------------------------------------------
    def _subject(self, tok: Token) -> tuple[Token | None, bool]:
        """The token that acts, and whether the clause is passive with that token as patient."""
        current = tok
        for _ in range(6):
            subj = next((c for c in current.children if c.dep_ in SUBJECT_DEPS and c.ent_type_ not in TIME_ENTS), None)
            if subj is not None and _headline_passive(current):
                subj = None  # "Syrian airbase struck by US missiles": the subject is struck
            if subj is not None:
                if subj.lower_ in RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    return current.head, False
                return subj, False
            agent = next((c for c in current.children if c.dep_ == "agent"), None)
            if agent is not None:
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return pobj, False
            counted = next((p for p in current.children if p.dep_ == "prep" and p.lower_ == "between"
                            and p.i < current.i and _counted_pobj(p) is not None), None)
            if counted is not None:
                # "between 300 and 1,000 people demonstrated": the parser reads a crowd's size as
                # a prepositional phrase and leaves the verb without a subject
                return _counted_pobj(counted), False
            if any(c.dep_ in PASSIVE_SUBJECT_DEPS and c.ent_type_ not in TIME_ENTS for c in current.children):
                # "two men were shot and killed by three armed men": coordinated passives share
                # the agent the parser hung on the last of them
                for verb in (c for c in current.children if c.dep_ == "conj" and c.pos_ == "VERB"):
                    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
                    pobj = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent else None
                    if pobj is not None:
                        return pobj, False
                return None, True
            if current.dep_ == "relcl" or (current.dep_ == "acl" and current.tag_ == "VBG"):
                return current.head, False
            if self._head_acts(current):
                return _phrase_top(current.head), False
            if current.dep_ == "xcomp" and current.head.lemma_.lower() in OBJECT_CONTROL_VERBS:
                # "asked Obama to help": the one asked is the one who would act
                obj = next((c for c in current.head.children if c.dep_ in ("dobj", "dative")), None)
                if obj is not None:
                    return obj, False
            if current.dep_ in ("xcomp", "conj", "advcl", "ccomp", "acomp") and current.head != current:
                current = current.head
                continue
            if current.dep_ == "pcomp" and current.head.lower_ in SHARED_SUBJECT_PREPS:
                current = current.head.head
                continue
            if current.dep_ == "ROOT":
                fronted = _after_opening_date(current)
                if fronted is not None:
                    return fronted, False
            break
        return None, False

    def _head_acts(self, tok: Token) -> bool:
        """Whether a verb the parser hung from a noun as a modifier has that noun for subject:
        "About 500 students protested in Durban" parsed as students (who were) protested. A
        protest verb takes no object to be passive of, and a past tense with an object of its
        own is active; "ten soldiers killed in Ukraine" stays the soldiers as victims."""
        if tok.dep_ != "acl" or tok.tag_ not in ("VBD", "VBN"):
            return False
        if tok.tag_ == "VBD" and any(c.dep_ == "dobj" for c in tok.children):
            return True
        if tok.head.dep_ == "ROOT" and tok.head.pos_ in ("NOUN", "PROPN") and any(
                c.dep_ == "dobj" or c.tag_ == "RP" for c in tok.children):
            # "military forces sealed off the house" read as a noun phrase with no verb: a
            # participle with an object or a particle of its own is the sentence's verb
            return True
        entry = self.lexicon.verbs.get(self.lemma(tok))
        return entry is not None and (entry.cameo or "").startswith("14")

    def _verb_roles(self, tok: Token, pred: Predicate, as_of: dt.date, offset: int,
                    context: DocumentContext) -> tuple[list[Actor], list[Actor], bool]:
        entry = self.lexicon.verbs.get(self.lemma(tok))
        subj, _passive = self._subject(tok)
        sources: list[Actor] = []
        targets: list[Actor] = []
        if subj is not None:
            sources = self._actors_of(subj, as_of, offset, context, possessive_fallback=True)
            if not sources and subj.pos_ == "NOUN" and subj.lemma_.lower() in PERPETRATOR_NOUNS \
                    and entry is not None and (entry.cameo or "")[:2] in ("18", "19", "20"):
                phrase = _phrase(subj)
                sources = [_located(Actor(text=phrase.text, id="---", name="unidentified perpetrator",
                                          country=None, sector=None), phrase, offset)]
        elif _passive:
            # "were killed in Israeli tank shelling", "killed in an air strike by government
            # forces": the one who acted is named on the event noun
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ in ("in", "by", "during")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    if self._noun_predicate(pobj) is not None:
                        sources = self._nominal_roles(pobj, as_of, offset, context)[0]
                if sources:
                    break
        patient = next((c for c in tok.children if (c.dep_ in PASSIVE_SUBJECT_DEPS or (
            c.dep_ in SUBJECT_DEPS and _headline_passive(tok))) and c.ent_type_ not in TIME_ENTS), None)
        if patient is not None:
            targets.extend(self._actors_of(patient, as_of, offset, context))
        elif tok.dep_ == "acl" and tok.tag_ == "VBN" and not self._head_acts(tok):
            # "Iraqi forces, backed by the coalition": the noun modified is the patient
            targets.extend(self._actors_of(tok.head, as_of, offset, context))
        preferred = entry.target_preps if entry else ()
        preps = [c for c in tok.children if c.dep_ == "prep"]
        for child in tok.children:
            if child.dep_ not in ("dobj", "dative", "iobj"):
                continue
            # an object that picked the code can still be the target ("expelled two diplomats")
            named = self._actors_of(child, as_of, offset, context)
            targets.extend(named)
            if child.dep_ == "dobj" and (child.i in pred.consumed or not named):
                # light verb: "held talks with X", "carried out a raid on X"; an object that is
                # no actor passes its partner on: "ratified an agreement with the EU"
                preps.extend(c for c in child.children if c.dep_ == "prep" and c.lower_ in OBJECT_PARTNER_PREPS)
        if not targets and tok.lemma_.lower() in REQUEST_VERBS:
            # "demanded that Mugabe abandon the policy": the one asked is the clause's subject
            for clause in (c for c in tok.children if c.dep_ == "ccomp"):
                subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
                if subject is not None:
                    targets.extend(self._actors_of(subject, as_of, offset, context))
        if all(_unregistered(t) for t in targets):
            # "sent a delegation to Syria": a generic object is what is sent, the named
            # prepositional object is whom it concerns
            found: list[Actor] = []
            order = list(preferred) + [p for p in TARGET_PREPS if p not in preferred]
            for word in order:
                for prep in preps:
                    if prep.lower_ != word:
                        continue
                    for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                        found.extend(self._actors_of(pobj, as_of, offset, context))
                if found:
                    break
            if found and (not targets or not all(_unregistered(t) for t in found)):
                targets = found
        return sources, targets, False

    def _nominal_roles(self, tok: Token, as_of: dt.date, offset: int,
                       context: DocumentContext) -> tuple[list[Actor], list[Actor], bool]:
        sources: list[Actor] = []
        targets: list[Actor] = []
        reciprocal = False
        entry = next((self.lexicon.nouns[k] for k in _object_keys(tok) if k in self.lexicon.nouns), None)
        # "the bombardment of civilian centres", "the siege of Aleppo": of marks who suffers it
        violent = entry is not None and entry.cameo is not None and \
            (self.lexicon.plover_of(entry.cameo) or CameoCode("", "", "", "")).plover in ("ASSAULT", "COERCE")
        patient_of = entry is not None and ("of" in entry.target_preps or violent)
        for child in tok.children:
            named_modifier = child.dep_ in ("amod", "compound") and child.ent_type_ in ("NORP", "GPE", "ORG")
            # "a Saudi-led coalition air raid", "a police raid": an agent noun before the event
            agent_modifier = child.dep_ == "compound" and child.pos_ == "NOUN" \
                and self.registry.head_agent_sector(_phrase(child).text) is not None
            if child.dep_ == "poss" or named_modifier or agent_modifier:
                sources.extend(self._actors_of(child, as_of, offset, context, expand=False))
        for prep in (c for c in tok.children if c.dep_ == "prep"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                word = prep.lower_
                if word == "between" or word == "among":
                    parties = self._actors_of(pobj, as_of, offset, context)
                    if len(parties) > 1 or (parties and _plural(pobj)):
                        sources, reciprocal = parties, True
                elif word == "of" and patient_of:
                    targets.extend(self._actors_of(pobj, as_of, offset, context))
                elif word in ("by", "of", "from") and not sources:
                    sources.extend(self._actors_of(pobj, as_of, offset, context))
                elif word in ("to", "on", "against", "with", "for", "at"):
                    targets.extend(self._actors_of(pobj, as_of, offset, context))
        if not sources and tok.dep_ == "nsubj" and tok.head.lemma_.lower() in OCCURRENCE_VERBS:
            # "a clash broke out between the army and the rebels": the parties hang on the verb
            for prep in (c for c in tok.head.children if c.dep_ == "prep" and c.lower_ in ("between", "among")):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    parties = self._actors_of(pobj, as_of, offset, context)
                    if len(parties) > 1 or (parties and _plural(pobj)):
                        sources, reciprocal = parties, True
        if not sources:
            # "emphasised in a phone call", "made a visit": the governing verb's subject acts
            head = tok.head
            while head.dep_ in ("prep", "pobj") and head.head != head:
                head = head.head
            # "said in a phone call", "agreed during talks": the speaker took part; "amid the
            # bombardment", "despite the attack": circumstances, someone else's act
            within = tok.dep_ == "pobj" and tok.head.lower_ in ("in", "during", "through", "via", "at", "for")
            carries = within or self.lemma(head) in SUPPORT_VERBS or head.lemma_.lower() in SUPPORT_VERBS
            if head.pos_ in ("VERB", "AUX") and tok.dep_ in ("dobj", "pobj", "attr") and head != tok and carries:
                # ... but only a verb that carries the event: refugees who "flee the fighting"
                # are not fighting
                subj, passive = self._subject(head)
                if subj is not None and not passive:
                    sources = self._actors_of(subj, as_of, offset, context, possessive_fallback=True)
                if not targets:
                    for obj in (c for c in head.children if c.dep_ == "dobj" and c != tok):
                        targets.extend(self._actors_of(obj, as_of, offset, context))
        return sources, targets, reciprocal

    def _claimant(self, tok: Token, sent: SpacySpan, as_of: dt.date, offset: int,
                  context: DocumentContext) -> Actor | None:
        lex = self.lexicon
        current = tok
        for _ in range(8):
            head = current.head
            if head == current:
                break
            if current.dep_ == "ccomp" and head.lemma_.lower() in lex.reporting_verbs:
                subj, _ = self._subject(head)
                if subj is not None:
                    found = self._actors_of(subj, as_of, offset, context, possessive_fallback=True)
                    if found:
                        return found[0]
                break
            current = head
        for word in sent:
            if word.lower_ == "according":
                for to in (c for c in word.children if c.lower_ == "to"):
                    for pobj in (c for c in to.children if c.dep_ == "pobj"):
                        found = self._actors_of(pobj, as_of, offset, context)
                        if found:
                            return found[0]
        return None

    # ---- actor phrases ------------------------------------------------------------------------------
    def _actors_of(self, tok: Token, as_of: dt.date, offset: int, context: DocumentContext,
                   possessive_fallback: bool = False, expand: bool = True) -> list[Actor]:
        """The actor(s) a noun phrase headed by ``tok`` names, with its conjuncts."""
        actors: list[Actor] = []
        first = self._actor_of(tok, as_of, offset, context, possessive_fallback)
        if first is not None:
            actors.append(first)
        if expand:
            listed = list(tok.conjuncts)
            for appos in (c for c in tok.children if c.dep_ == "appos"):
                # "The US, Russia, and Switzerland met": the parser reads the list as an apposition
                if any(c.dep_ == "cc" for c in appos.children) and appos.ent_type_ in ACTOR_ENTS:
                    listed.extend([appos, *appos.conjuncts])
            for conj in listed:
                if conj.i > tok.i:
                    other = self._actor_of(conj, as_of, offset, context, possessive_fallback)
                    if other is not None and all(other.id != a.id for a in actors):
                        actors.append(other)
            inside = [o for o in self._coordinated_inside(tok, as_of, offset, actors)
                      if all(o.id != a.id for a in actors)]
            if inside:
                # the head names only what follows the "and": its actor's words start there
                joint = next(t for t in tok.doc[tok.left_edge.i:tok.i]
                             if t.dep_ == "cc" and t.lower_ in ("and", "&"))
                cut = joint.idx + offset
                for actor in actors:
                    if actor.start is not None and actor.end is not None and actor.start < cut < actor.end:
                        _located(actor, tok.doc[joint.i + 1:tok.right_edge.i + 1], offset)
                actors = sorted([*actors, *inside], key=lambda a: a.start if a.start is not None else 0)
            for other in self._coordinated_nationalities(tok, offset):
                if all(other.id != a.id for a in actors):
                    actors.append(other)
        return actors

    def _coordinated_nationalities(self, tok: Token, offset: int) -> list[Actor]:
        """"the Russian and Ukrainian forces": one noun, an actor for each nationality."""
        found: list[Actor] = []
        for amod in (c for c in tok.children if c.dep_ == "amod" and c.ent_type_ == "NORP"):
            for adjective in amod.conjuncts:
                if adjective.ent_type_ != "NORP":
                    continue
                other = self.registry.generic_actor(f"{adjective.text} {tok.text}")
                if other is not None and other.country:
                    found.append(_located(other, tok.doc[adjective.i:tok.i + 1], offset))
        return found

    def _coordinated_inside(self, tok: Token, as_of: dt.date, offset: int, head_actors: list[Actor],
                            ) -> list[Actor]:
        """Named actors joined by "and" that the parser folded into one phrase ("President
        al-Sharaa and SDF commander Mazloum Abdi" parsed as a single noun phrase; "the People's
        Defense Force and Myanmar military troops" read as troops of the Force and Myanmar). A
        name before the "and" is an actor of its own even when the registry does not know it; a
        country after it that only says whose the head's troops are is not."""
        left = tok.left_edge.i
        joint = next((t.i for t in tok.doc[left:tok.i] if t.dep_ == "cc" and t.lower_ in ("and", "&")), None)
        if joint is None:
            return []
        head_countries = {a.country for a in head_actors if a.country}
        found = []
        for ent in tok.doc.ents:
            if not (left <= ent.start and ent.end <= tok.i + 1 and ent.label_ in ("PERSON", "ORG", "GPE")):
                continue
            actor = self.registry.resolve(ent.text, as_of)
            if actor is None and ent.end <= joint and ent.label_ in ("PERSON", "ORG") and len(ent.text) > 2:
                actor = self._named_unknown(ent)
            if actor is None or (ent.start > joint and ent.label_ == "GPE" and actor.country in head_countries):
                continue
            found.append(_located(actor, ent, offset))
        return found

    def _actor_of(self, tok: Token, as_of: dt.date, offset: int, context: DocumentContext,
                  possessive_fallback: bool) -> Actor | None:
        tok = _quantified(tok)
        reg = self.registry
        position = tok.idx + offset
        lower = tok.lower_
        if tok.pos_ == "PRON":
            speaker = self._reporting_speaker(tok)
            if speaker is not None and lower in SPEAKER_PRONOUNS:
                # "Switzerland said it had expelled ...": the pronoun is the one speaking
                found = self._actor_of(speaker, as_of, offset, context, possessive_fallback)
                return _copy(found, tok, offset)
            if lower in PERSON_PRONOUNS:
                return _copy(context.last_person(position), tok, offset)
            if lower in GROUP_PRONOUNS:
                return _copy(context.last_group(position), tok, offset)
            return None
        # a named entity covering the head word
        if tok.ent_type_ in ACTOR_ENTS:
            ent = _entity_of(tok)
            if ent is not None:
                actor = reg.resolve(ent.text, as_of)
                if actor is not None:
                    if actor.sector is None and actor.country and not actor.person:
                        # "Syrian Foreign Minister X" where X is unknown still says SYR + GOV
                        phrase = _phrase(tok)
                        richer = reg.resolve(phrase.text, as_of)
                        if richer is not None and richer.sector:
                            actor = richer
                    return _located(actor, ent, offset)
        # an apposition naming the person ("the head of the service, Abdul Karim Abdul Fadhil")
        for child in tok.children:
            if child.dep_ == "appos" and child.ent_type_ == "PERSON":
                ent = _entity_of(child)
                if ent is not None:
                    actor = reg.resolve(ent.text, as_of)
                    if actor is not None and (actor.person or actor.sector):
                        return _located(actor, ent, offset)
        phrase = _phrase(tok)
        actor = reg.resolve(phrase.text, as_of)
        if actor is not None:
            return _located(actor, phrase, offset)
        bracketed = _phrase_around_brackets(tok, phrase)
        if bracketed is not None:
            # "the pro-Iranian Hizbollah (Party of God) group": the words around the aside
            outer, around = bracketed
            actor = reg.resolve(around, as_of)
            if actor is not None:
                return _located(actor, outer, offset)
        # "the group", "the Kurdish-led forces": a short description of an earlier actor
        desc_ids = reg.descriptor_candidates(phrase.text)
        if desc_ids:
            earlier = context.last_of(desc_ids, position)
            if earlier is not None:
                return _copy(earlier, tok, offset)
        words = norm(phrase.text).split()
        if words and phrase[0].lower_ == "the" and len(words) <= 2 and words[-1] in HEAD_WORDS:
            earlier = context.last_with_role(words[-1], None, position)
            if earlier is not None:
                return _copy(earlier, tok, offset)
        if possessive_fallback and reg.agent_sector(tok.lemma_) is None:
            for child in tok.children:
                if child.dep_ == "poss":
                    return self._actor_of(child, as_of, offset, context, False)
        owner = self._asset_owner(tok, as_of, offset, context)
        if owner is not None:
            return owner
        return self._unregistered_actor(tok, phrase, offset, context, as_of)

    def _asset_owner(self, tok: Token, as_of: dt.date, offset: int, context: DocumentContext) -> Actor | None:
        """The actor whose positions, bases or convoy the noun names ("Islamic State positions",
        "the group's bases", "hideouts of the militants"): an act on them is an act on it."""
        if tok.lemma_.lower() not in self.lexicon.asset_nouns:
            return None
        for child in tok.children:
            if child.i < tok.i and child.dep_ in ("compound", "poss", "amod", "nmod"):
                found = self._actor_of(child, as_of, offset, context, False)
                if found is not None:
                    return found
            if child.dep_ == "prep" and child.lower_ in ("of", "belonging"):
                for pobj in child.subtree:
                    if pobj.dep_ == "pobj" and pobj.head.i in (child.i, *(c.i for c in child.children)):
                        found = self._actor_of(pobj, as_of, offset, context, False)
                        if found is not None:
                            return found
        return None

    def _named_unknown(self, ent: SpacySpan) -> Actor:
        """A person or organisation the tagger named and the registry does not know: ``UNK_``
        and the name, an organisation with the sector its kind word gives ("... Association")."""
        key = "_".join(norm(ent.text).split()).upper()
        return Actor(text=ent.text, id=f"UNK_{key}"[:60], name=ent.text, country=None,
                     sector=self.registry.agent_sector(ent.text) if ent.label_ == "ORG" else None,
                     person=ent.text if ent.label_ == "PERSON" else None)

    def _unregistered_actor(self, tok: Token, phrase: SpacySpan, offset: int,
                            context: DocumentContext | None = None, as_of: dt.date | None = None) -> Actor | None:
        """An actor the registry does not know but the text plainly names: a generic group
        ("protesters", "unidentified gunmen") or a named organisation or person. Such actors keep
        their sector but no country, and an ``UNK_`` id derived from the name, so that analysts
        see the event and the exact words instead of losing both."""
        reg = self.registry
        head_words = [t.lemma_.lower() for t in phrase
                      if t.i == tok.i or (t.i < tok.i and t.dep_ in ("compound", "amod"))]
        # an organisation's own name ("the All Revenue Sindh Employees Association") is kept as a
        # name, not folded into the kind its last word says
        named = tok.ent_type_ == "ORG" and any(t.pos_ == "PROPN" for t in phrase)
        if tok.lower_ in HEAD_WORDS:
            # "TPLF forces", "KESK members": the organisation named before them, not the kind
            # of word that follows it
            for child in (c for c in tok.children if c.dep_ == "compound" and _acronym(c)):
                return _acronym_actor(child, offset)
        generic = reg.generic_actor(" ".join(head_words)) if tok.pos_ in ("NOUN", "PROPN") and not named else None
        if generic is not None and reg.head_agent_sector(" ".join(head_words)) is not None:
            if generic.country is None and generic.sector:
                # "2,400 refugees from Ukraine", "fighters from Chechnya": where they come from
                origin = next((e.key for p in tok.children if p.dep_ == "prep" and p.lower_ == "from"
                               for o in p.children if o.dep_ == "pobj"
                               for e in reg.lookup(_phrase(o).text) if e.kind in ("country", "adjective")), None)
                if origin is not None:
                    generic = reg.country_actor(origin, phrase.text, generic.sector)
            owner = next((c for c in tok.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
            if owner is not None and context is not None and as_of is not None and generic.sector:
                # "its forces", "their fighters": the forces of whoever "its" stands for
                whose = self._actor_of(owner, as_of, offset, context, False)
                if whose is not None and whose.country and whose.country in reg.countries:
                    generic = reg.country_actor(whose.country, phrase.text, generic.sector)
                elif whose is not None:
                    return _located(whose, phrase, offset)
            return _located(generic, phrase, offset)
        if tok.lower_ in HEAD_WORDS:
            # "members of the Voice of Baloch Missing Persons": the group they belong to
            for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    return self._unregistered_actor(pobj, _phrase(pobj), offset)
            # "Bar Association members": the organisation the tagger named before them
            for child in tok.children:
                ent = _entity_of(child) if child.dep_ == "compound" and child.ent_type_ == "ORG" else None
                if ent is not None and len(ent.text) > 1:
                    key = "_".join(norm(ent.text).split()).upper()
                    return _located(Actor(text=ent.text, id=f"UNK_{key}"[:60], name=ent.text, country=None,
                                          sector=None), ent, offset)
        ent = _entity_of(tok) if tok.ent_type_ in ("ORG", "PERSON") else None
        if ent is not None and len(ent.text) > 2:
            return _located(self._named_unknown(ent), ent, offset)
        if _acronym(tok):
            # "RCSS clashed with SSPP": initials the tagger left bare are an organisation's
            return _acronym_actor(tok, offset)
        return None

    def _reporting_speaker(self, pronoun: Token) -> Token | None:
        """The subject of the reporting verb whose clause has ``pronoun`` as its subject."""
        if pronoun.dep_ == "poss" and pronoun.head.dep_ in ("nsubj", "nsubjpass"):
            clause = pronoun.head.head  # "CENTCOM said its forces struck": its = CENTCOM's
        elif pronoun.dep_ in ("nsubj", "nsubjpass"):
            clause = pronoun.head
        else:
            return None
        if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in self.lexicon.reporting_verbs:
            return None
        speaker = next((c for c in clause.head.children if c.dep_ == "nsubj"), None)
        if speaker is None or speaker.pos_ == "PRON":
            return None
        return speaker

    # ---- time, place, confidence ----------------------------------------------------------------------
    def _event_time(self, tok: Token, sent: SpacySpan, offset: int,
                    sent_times: list[TimeExpression]) -> TimeExpression | None:
        if not sent_times:
            return None
        doc = sent.doc
        governors = {tok.i}
        current = tok
        for _ in range(6):  # the predicate and the verbs it hangs from ("was planning to attack")
            if current.dep_ in ("xcomp", "pcomp", "prep", "pobj", "dobj") and current.head != current:
                current = current.head
                governors.add(current.i)
            else:
                break
        best: tuple[int, TimeExpression] | None = None
        # a date that opens the sentence ("On 24 June 2022, in Tangara (Rio Grande do Norte), ...")
        # is the sentence's, wherever the parser hung it
        opening = sent[min(3, len(sent) - 1)].idx + offset
        elaborations = _elaborations(sent_times, doc.text, offset)
        for time in sent_times:
            if time.granularity == "ref":  # "now", "recently": no date to give the event
                continue
            if time.start in elaborations:
                continue
            span = doc.char_span(time.start - offset, time.end - offset, alignment_mode="expand")
            if span is None:
                continue
            clause_verb = _clause_verb(span.root)
            same_clause = clause_verb is not None and clause_verb.i in governors
            fronted = time.start <= opening
            if not same_clause and not fronted and clause_verb is not None and clause_verb is not sent.root \
                    and clause_verb not in tok.ancestors \
                    and not (clause_verb.dep_ in ("acl", "relcl") and tok.is_ancestor(clause_verb)):
                # "opposed his presence, citing his fighting in the 2000s": that date belongs to
                # another clause's event; "attended the summit held this May" describes this one
                continue
            rank = 0 if same_clause else 1
            owner = _noun_described(span.root)
            if owner is not None and owner.i not in governors and not fronted:
                rank = 2  # "supporters of a candidate in the 9 May elections": the elections' date
            distance = abs(span.root.i - tok.i)
            key = rank * 1000 + distance
            if best is None or key < best[0]:
                best = (key, time)
        return best[1] if best else None

    def _place(self, tok: Token, offset: int, actors: list[Actor], verbal: bool = False) -> Place | None:
        """Where the event happened: a locative of the event's own clause, else a place named
        elsewhere in the sentence that is not one of its actors (marked as such). ``verbal``: an
        event said to someone, whose addressee is never its place ("accused the United States";
        but "attacked Kirkuk" and "visited Baghdad" happened there)."""
        taken = [(a.start, a.end) for a in actors if a.start is not None and a.end is not None]
        span = place_of(tok)
        source = "clause"
        if span is not None and names_a_patron(span):
            span = None
        if span is not None and verbal and any(a <= span.start_char + offset < b for a, b in taken):
            span = None
        if span is None:
            chosen = event_place(tok, rule=None)  # the rules found nothing: no need to ask again
            if chosen is not None and not any(a <= chosen.start_char + offset < b for a, b in taken) \
                    and not names_a_patron(chosen):  # type: ignore[operator]
                span, source = chosen, "sentence"
        if span is None:
            return None
        if span.label_ == "ORG" and self.registry.lookup(span.text):
            return None  # an organisation the registry knows is an actor, not a site
        return Place(name=span.text, start=span.start_char + offset, end=span.end_char + offset, source=source)

    @staticmethod
    def _confidence(event: EventMention, pred: Predicate) -> float:
        score = 0.45
        if event.sources and event.sources[0].start is not None:
            score += 0.15
        if event.targets:
            score += 0.15
        if not pred.nominal:
            score += 0.1
        if not event.date_fallback:
            score += 0.1
        if event.claimant is not None:
            score -= 0.1
        # The main clause states the event; participial and purpose clauses ("..., demanding X",
        # "gathered to call for Y") describe its content or aim.
        tok = pred.token
        if tok.dep_ == "ROOT" or (tok.dep_ == "conj" and tok.head.dep_ == "ROOT"):
            score += 0.05
        elif tok.dep_ in ("advcl", "acl", "xcomp") and tok.tag_ in ("VBG", "VB"):
            score -= 0.05
        return max(0.05, min(0.99, score))


def _times_in(block: Block, anchor: dt.date) -> list[TimeExpression]:
    if block.fully_parsed:
        return expressions_in(block.doc, anchor, offset=block.offset)
    return expressions_in_pieces([(s.span, s.offset, s.parsed, s.ents) for s in block.sentences], anchor)


_WRITTEN_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _latest_written_date(times_by_block: list[list[TimeExpression]]) -> dt.date | None:
    """The latest day the text writes out in full, year and all, up to today (``times_by_block``:
    the text's expressions resolved as of today; a written-out day does not depend on that)."""
    today = dt.date.today()
    days = [t.date_end for times in times_by_block for t in times
            if t.granularity == "day" and _WRITTEN_YEAR.search(t.text) and t.date_end <= today]
    return max(days, default=None)


def _headline_passive(verb: Token) -> bool:
    """"Syrian airbase struck by US missiles": a headline drops the "was" of a passive, and the
    parser reads a participle with a subject and an agent."""
    return verb.tag_ == "VBN" and any(c.dep_ == "agent" for c in verb.children) \
        and any(c.dep_ in SUBJECT_DEPS for c in verb.children) \
        and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)


def _acronym(tok: Token) -> bool:
    """Initials standing for a name ("RCSS", "FACA"), not a place, a date or a weapon."""
    text = tok.text
    return tok.pos_ == "PROPN" and 2 <= len(text) <= 8 and text.isalpha() and text.isupper() \
        and tok.ent_type_ in ("", "ORG") and text not in THING_ACRONYMS


def _acronym_actor(tok: Token, offset: int) -> Actor:
    span = tok.doc[tok.i:tok.i + 1]
    return _located(Actor(text=tok.text, id=f"UNK_{tok.text}", name=tok.text, country=None, sector=None), span, offset)


def _after_opening_date(verb: Token) -> Token | None:
    """"On 26 January 2022, sex workers ... gathered", "On 27 June 2022, in El Maiten (Chubut),
    teachers ... protested": the parser read the subject as a second object of the opening date's
    or place's preposition. The noun that heads the words between the opening's last comma and
    the verb is the subject."""
    sent, doc = verb.sent, verb.doc
    date = next((e for e in sent.ents if e.label_ == "DATE" and e.start - sent.start <= 2), None)
    if date is not None and date.end < verb.i:
        start = date.end + 1 if doc[date.end].text == "," else date.end
    elif doc[sent.start].lower_ in OPENING_LOCATIVES:
        start = sent.start
    else:
        return None
    if doc[start].lower_ in OPENING_LOCATIVES:
        # ", in El Maiten (Chubut), teachers": past the place, to its closing comma
        depth, closing = 0, None
        for tok in doc[start:verb.i]:
            depth += tok.text == "("
            depth -= tok.text == ")"
            if tok.text == "," and depth <= 0:
                closing = tok.i
                break
        if closing is None:
            return None
        start = closing + 1
        while True:  # ", in Oaxaca de Juarez, Oaxaca, individuals": the containers written after it
            comma = next((t.i for t in doc[start:verb.i] if t.text == ","), None)
            if comma is None or comma == start or not all(
                    t.pos_ == "PROPN" or t.is_punct for t in doc[start:comma]):
                break
            start = comma + 1
    for tok in doc[start:verb.i]:
        if tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in TIME_ENTS and tok.ent_type_ != "CARDINAL" \
                and not start <= tok.head.i < verb.i and tok.head.i < start:
            return tok
    return None


def _plural(tok: Token) -> bool:
    """"Clashes between villagers from two villages": one plural party, fighting among itself
    (or the parser lost the other party inside its modifiers)."""
    return tok.tag_ in ("NNS", "NNPS")


_ELABORATION_GAP = re.compile(r"\s*[(\[]\s*(?:between|from|on|i\.e\.,?)?\s*(?:\d{1,2}\s*[-\u2013]\s*)?", re.I)


def _elaborations(times: list[TimeExpression], text: str, offset: int) -> set[int]:
    """Starts of the dates written in brackets right after a full date, which they qualify:
    "Around 19 January 2022 (between 17 - 22 January)" happened around the 19th (but "on Tuesday
    (3 March)" is dated by the brackets)."""
    found: set[int] = set()
    ordered = sorted(times, key=lambda t: t.start)
    for before, after in pairwise(ordered):
        full = before.granularity == "day" and any(ch.isdigit() for ch in before.text)
        gap = text[before.end - offset:after.start - offset]
        if full and _ELABORATION_GAP.fullmatch(gap):
            found.add(after.start)
    return found


def _counted_pobj(prep: Token) -> Token | None:
    """The noun of "between 300 and 1,000 people": a plural counted by the numbers before it."""
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is not None and pobj.tag_ == "CD":
        # "between 5,500 and 6,000 people" parsed as the first number with the noun conjoined
        pobj = next((c for c in pobj.children if c.dep_ == "conj" and c.tag_ in ("NNS", "NNPS")), None)
    if pobj is None or pobj.tag_ not in ("NNS", "NNPS") or not any(c.dep_ == "nummod" for c in pobj.children):
        return None
    return pobj


def _phrase_places(tok: Token, offset: int, place: Place | None) -> list[tuple[int, int]]:
    """Place names inside the event's phrase, nearest to the trigger first; not those of its
    subject ("fighters from Kobani were killed in Syria" does not happen in Kobani)."""
    skip = {d.i for child in tok.children if child.dep_ in ("nsubj", "nsubjpass", "agent") for d in child.subtree}
    found: list[tuple[int, int, int]] = []
    for ent in tok.sent.ents:
        if ent.label_ not in PLACE_ENTS or ent.root.i in skip or not any(a.i == tok.i for a in ent.root.ancestors):
            continue
        start, end = ent.start_char + offset, ent.end_char + offset
        if place is not None and place.start == start:
            continue
        found.append((abs(ent.root.i - tok.i), start, end))
    return [(start, end) for _, start, end in sorted(found)]


def _governing_verb(tok: Token) -> int | None:
    head = tok.head
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX"):
            return int(head.i)
        if head.head == head:
            break
        head = head.head
    return None


def _object_keys(tok: Token) -> list[str]:
    """Lookup keys for a noun: with its compound modifier ("phone call"), then alone."""
    lemma = tok.lemma_.lower()
    compound = " ".join(c.lemma_.lower() for c in tok.lefts if c.dep_ in ("compound", "amod"))
    keys = []
    if compound:
        last = compound.split()[-1]
        keys.extend([f"{compound} {lemma}", f"{last} {lemma}", f"{last} {tok.lower_}"])
    keys.extend([lemma, tok.lower_])
    return keys


def _entity_of(tok: Token) -> SpacySpan | None:
    """The entity the token belongs to (read from the IOB tags: ``doc.ents`` builds every span)."""
    if tok.ent_iob_ not in ("B", "I"):
        return None
    from spacy.tokens import Span as EntitySpan  # spaCy is loaded by now; the module imports without it

    doc = tok.doc
    start, end = tok.i, tok.i + 1
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return EntitySpan(doc, start, end, label=tok.ent_type)


def _phrase(tok: Token) -> SpacySpan:
    """The noun phrase of ``tok`` without clauses, appositions or conjuncts."""
    keep = {tok.i}
    stack = [tok]
    while stack:
        current = stack.pop()
        for child in current.children:
            if child.dep_ in NP_DEPS and child.i not in keep:
                if child.dep_ == "prep" and child.lower_ != "of":
                    continue
                if child.dep_ == "punct" and child.text not in ("-", "'s", "'"):
                    continue
                keep.add(child.i)
                stack.append(child)
    lo, hi = min(keep), max(keep)
    # never let a phrase run across a comma (appositions and lists)
    for i in range(tok.i - 1, lo - 1, -1):
        if tok.doc[i].text in (",", ";", "(", ")"):
            lo = i + 1
            break
    for i in range(tok.i + 1, hi + 1):
        if tok.doc[i].text in (",", ";", "(", ")"):
            hi = i - 1
            break
    return tok.doc[lo:hi + 1]


def _phrase_around_brackets(tok: Token, phrase: SpacySpan) -> tuple[SpacySpan, str] | None:
    """When a bracketed aside cut the noun phrase of ``tok`` short on the left ("Hizbollah (Party
    of God) group"), the whole phrase and its words without the aside; else None."""
    doc = tok.doc
    close = phrase.start - 1
    if close < 1 or doc[close].text != ")":
        return None
    opening = next((i for i in range(close - 1, max(-1, close - 10), -1) if doc[i].text == "("), None)
    if opening is None or opening == 0:
        return None
    before = doc[tok.left_edge.i:opening]
    if not len(before) or before[-1].text in (",", ";"):
        return None
    return doc[before.start:phrase.end], " ".join([before.text, phrase.text])


def _clause_verb(tok: Token) -> Token | None:
    current = tok
    for _ in range(10):
        if current.pos_ in ("VERB", "AUX") and current != tok:
            # "On 24 March, IS Sahel militants ambushed": the parser may hang the date on a word
            # it took for an auxiliary ("IS"); the clause is its verb's
            return current.head if current.dep_ in ("aux", "auxpass") else current
        if current.head == current:
            return current if current.pos_ in ("VERB", "AUX") else None
        current = current.head
    return None


def _distinct(actors: list[Actor]) -> list[Actor]:
    """Each actor once, first mention kept ("met al-Sharaa ... the Syrian president")."""
    seen: set[str] = set()
    return [a for a in actors if not (a.id in seen or seen.add(a.id))]  # type: ignore[func-returns-value]


def _quantified(tok: Token, also: frozenset[str] = frozenset()) -> Token:
    """The counted noun of a quantity phrase ("hundreds of protesters" -> protesters); ``also``:
    more nouns that count what follows them ("a series of protests")."""
    if tok.lemma_.lower() in QUANTITY_NOUNS or tok.lemma_.lower() in also or tok.pos_ == "NUM":
        for prep in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                return pobj
    return tok


def _noun_described(root: Token) -> Token | None:
    """The noun a date modifies ("the 9 May elections", "elections on 9 May"), if it modifies one."""
    head = root.head
    if root.dep_ in ("compound", "nmod", "amod", "nummod", "poss", "npadvmod") and head.pos_ in ("NOUN", "PROPN"):
        return head
    if root.dep_ == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("NOUN", "PROPN"):
        return head.head
    return None


def _phrase_top(tok: Token) -> Token:
    """The noun a chain of prepositional phrases hangs from, when that noun heads a sentence
    the parser found no verb for: in "families of the victims of the train attack protested"
    read as a noun phrase, the verb hangs from "attack" but the families protested."""
    top = tok
    while top.dep_ == "pobj" and top.head.dep_ == "prep" and top.head.head.pos_ in ("NOUN", "PROPN"):
        top = top.head.head
    return top if top != tok and top.dep_ == "ROOT" else tok


def _unidentified_perpetrator(cameo: str) -> Actor:
    """Whoever shot, bombed or killed without being named is an unidentified armed force
    (CAMEO/PLOVER UAF, which the registry folds into REB, as it does "gunmen"); shelling and air
    strikes take an army's weapons, so their unnamed author keeps no sector."""
    if cameo.startswith(("194", "195")):
        return Actor(text="", id="---", name="unidentified perpetrator", country=None, sector=None)
    return Actor(text="", id="---", name="unidentified armed group", country=None, sector="REB")


def _sector_by_deed(actor: Actor, cameo: str) -> Actor:
    """An organisation the registry does not know, named by the text ("the NRF", "KESK"), and
    with no kind word in its name, takes the sector its deed shows: a group that attacks or
    fights is an armed non-state group, one that demonstrates is part of civil society. State
    bodies are named so ("police", "army", "ministry") and keep the sector their name gives."""
    if not actor.id.startswith("UNK_") or actor.sector is not None or actor.person is not None:
        return actor
    if cameo[:2] in ("18", "19", "20"):
        return replace(actor, sector="REB")
    if cameo[:2] == "14":
        return replace(actor, sector="CVL")
    return actor


def _unregistered(actor: Actor) -> bool:
    """A generic group or a name the registry does not know (see ``_unregistered_actor``)."""
    return actor.id.startswith(("---", "UNK_"))


def _located(actor: Actor, span: SpacySpan, offset: int) -> Actor:
    actor.text = span.text
    actor.start = span.start_char + offset
    actor.end = span.end_char + offset
    return actor


def _copy(actor: Actor | None, tok: Token, offset: int) -> Actor | None:
    if actor is None:
        return None
    return Actor(text=tok.text, id=actor.id, name=actor.name, country=actor.country,
                 sector=actor.sector, person=actor.person, role=actor.role,
                 start=tok.idx + offset, end=tok.idx + offset + len(tok.text))
