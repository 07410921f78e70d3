"""Geocode a coded document's events: place names in, coordinates, admin-1 and country out.

The coder says which words name an event's place; this stage says where that is. A name is
resolved with the document as context: the countries of the event's actors and of the places the
document names, and the points of those places (so "Paris" in a Texas story is Paris, Texas).
An event whose sentence names no place takes the document's dominant place, marked as such and
never more precise than a town. A name the gazetteer does not know stays as written, unresolved;
nothing else in the document is affected.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dyadwatch.places.mention import names_a_patron
from dyadwatch.places.resolve import resolve_chain, resolve_toponym
from dyadwatch.records import Actor, EventMention, Place

if TYPE_CHECKING:
    from dyadwatch.places.gazetteer import Gazetteer
    from dyadwatch.places.records import Placement

PLACE_LABELS = ("GPE", "LOC", "FAC")
# A placement this unsure is worse than none: most of these are words that are not places at all.
MIN_SCORE = 0.2
# an event's town abroad, in no country the document otherwise names, is believed from this size
STRAY_MAX_POPULATION = 100_000
# What may stand between a name and the larger places written after it: "Kolman (Tera,
# Tillaberi)", "Avdiivka, Donetsk", "Ukareba village (Djugu, Ituri)", "Bra Square in Verona".
_CONTAINER_GAP = re.compile(r"(?:\s+(?:village|town|city|district|township|municipality|area|camp|"
                            r"neighbou?rhood|locality|community|sub-county|county|square|street|road))?"
                            r"\s*(?:,|\(|\s-\s|\s+(?:located\s+)?in\s+(?:the\s+)?|\s+of\s+|\s+near\s+)\s*", re.I)
# "touring Washington, Paris and London" is a list of peers, not a place inside the next one
_LIST_GOES_ON = re.compile(r"\s*,?\s*(?:and|or)\s", re.I)
_POSSESSIVES = {"its", "their", "his", "her", "our", "my", "your"}
_RANK = {"site": 3, "town": 2, "admin1": 1, "country": 0}


@dataclass
class PlaceMention:
    """A place name in the document, as the parser tagged it."""

    text: str
    start: int
    end: int


@dataclass
class DocumentPlaces:
    """What the geocoder knows of one document's geography."""

    placements: list[Placement] = field(default_factory=list)
    countries: Counter[str] = field(default_factory=Counter)

    @property
    def points(self) -> list[tuple[float, float]]:
        return [(p.lat, p.lon) for p in self.placements]

    def dominant(self) -> Placement | None:
        """The document's main place. When most of the places it names below country level lie in
        one admin-1 area (an article about Aleppo names the city, the province and its towns more
        often than Syria), the most named of them, no more precise than that area if it names
        several; otherwise the most named place, often the country."""
        if not self.placements:
            return None
        counts = Counter(p.gazetteer_id for p in self.placements)

        def rank(p: Placement) -> tuple[int, bool, float]:
            return counts[p.gazetteer_id], _RANK[p.precision] > 0, p.score

        def area_of(local: list[Placement]) -> Placement | None:
            areas = Counter((p.country, p.admin1) for p in local)
            if not areas:
                return None
            (country, admin1), n = areas.most_common(1)[0]
            if 2 * n <= len(local):
                return None
            inside = [p for p in local if (p.country, p.admin1) == (country, admin1)]
            best = max(inside, key=rank)
            if len({p.gazetteer_id for p in inside}) > 1 and _RANK[best.precision] > _RANK["admin1"]:
                best = dataclasses.replace(best, precision="admin1")
            return best

        local = [p for p in self.placements if _RANK[p.precision] > 0 and p.admin1]
        found = area_of(local)
        if found is not None:
            return found
        # no one area: the country the document names most (its towns and provinces counting
        # with it: an article on a ceasefire names "US" often and Aleppo, Idlib and Syria more),
        # and in it the area most of its local places lie in, or that country
        ranked = Counter(p.country for p in self.placements if p.country).most_common(2)
        if ranked and (len(ranked) == 1 or ranked[0][1] > ranked[1][1]):  # no tie to break blindly
            top = ranked[0][0]
            inside = [p for p in local if p.country == top]
            found = area_of(inside)
            if found is not None:
                return found
            if inside:
                # areas level with one another: the one named first, where news leads, and no
                # more precisely than its area
                first = inside[0]
                return dataclasses.replace(first, precision="admin1") if _RANK[first.precision] > _RANK["admin1"] \
                    else first
            return max((p for p in self.placements if p.country == top), key=rank)
        return max(self.placements, key=rank)


class Geocoder:
    def __init__(self, gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer
        self._populations: dict[str, int] = {}  # gazetteer id -> population

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gazetteer is None:
            from dyadwatch.places.gazetteer import default_gazetteer

            self._gazetteer = default_gazetteer()
        return self._gazetteer

    def resolve(self, name: str, hints: list[str], near: list[tuple[float, float]]) -> Placement | None:
        placement = resolve_toponym(name, country_hints=hints, near=near, gazetteer=self.gazetteer)
        if placement is None or placement.score < MIN_SCORE:
            return None
        return placement

    def geocode(self, events: list[EventMention], mentions: list[PlaceMention],
                text: str | None = None) -> DocumentPlaces:
        """Fill in each event's place; returns the document's places for callers that want them.
        ``text`` (the document) lets the geocoder read what joins a name to the places after it."""
        actor_countries = Counter(a.country for e in events for a in _actors(e) if a.country)
        # First pass, each name alone: the document's countries are those its names agree on,
        # states and provinces counting double (they are rarely ambiguous: "Louisiana").
        first = self._resolve_all(mentions, text, [], [])
        votes: Counter[str] = Counter()
        for placement in first:
            if placement is not None and placement.country:
                votes[placement.country] += 2 if placement.precision in ("admin1", "country") else 1
        votes.update({c: 2 * n for c, n in actor_countries.items()})
        # ... and each name votes too for every country it could be in: an article that names
        # Athens, Georgia and Charleston is American, though each alone is not
        # (a namesake a hundred times smaller than the name's main place does not vote: Paris,
        # Texas does not make "Washington, Paris and London" an American list)
        for name in dict.fromkeys(m.text for m in mentions):  # in order: ties of the vote stay put
            candidates = self.gazetteer.candidates(name)
            floor = 0.1 * max((c.population for c in candidates), default=0)
            votes.update({c.country for c in candidates
                          if c.country and (c.population >= floor or c.kind in ("admin1", "country"))})
        ranked = votes.most_common(3)
        # the runner-up is a document country too unless the leader clearly outvotes it; three
        # countries level ("Washington, Paris and London") make no document country at all
        document_countries = [c for i, (c, n) in enumerate(ranked[:2]) if i == 0 or 3 * n >= 2 * ranked[0][1]]
        if len(ranked) == 3 and ranked[2][1] == ranked[0][1]:
            document_countries = []
        anchors = [(p.lat, p.lon) for p in first if p is not None and p.country in document_countries
                   and p.precision in ("admin1", "town")]
        # Second pass, each name in the document's context.
        placed_at: dict[int, tuple[PlaceMention, Placement]] = {}
        for mention, placement in zip(mentions, self._resolve_all(mentions, text, document_countries, anchors),
                                      strict=True):
            if placement is not None:
                placed_at[mention.start] = (mention, placement)
        known = list(actor_countries)
        placed_at = {start: (mention, placement) for start, (mention, placement) in placed_at.items()
                     if not self._strays(placement, mention.text, start, known, placed_at)}
        context = DocumentPlaces()
        for _, placement in placed_at.values():
            context.placements.append(placement)
            if placement.country:
                context.countries[placement.country] += 1
        # the document's main place is where things happen, not who acts: "Russia" and
        # "Damascus" as parties to a deal are actors, whatever the tagger calls them
        acting = [(a.start, a.end) for e in events for a in _actors(e) if a.start is not None and a.end is not None]
        setting = DocumentPlaces([p for at, (_, p) in placed_at.items() if not any(a <= at < b for a, b in acting)])
        dominant = (setting if setting.placements else context).dominant()
        ranked = context.countries.most_common(1)
        main_country = ranked[0][0] if ranked and 2 * ranked[0][1] > context.countries.total() else None
        for event in events:
            place = event.place
            if place is not None:
                own = [a.country for a in _actors(event) if a.country]
                hints = list(dict.fromkeys(own + [c for c, _ in context.countries.most_common(3)]))
                placement = self._resolve_within(place, mentions, hints, context.points, text)
                if placement is not None and self._strays(placement, place.name, place.start, own, placed_at):
                    placement = None  # "protested at City Hall" in Lerdo, Durango: not Germany's
                if placement is not None:
                    _fill(place, placement)
                elif dominant is not None:
                    # a village the gazetteer does not know: keep its name, and place the event
                    # where the document is, no more precisely than the document's place
                    _fill(place, dominant)
                    place.resolved_name = place.gazetteer_id = None  # the name itself stays unresolved
                    place.source = f"{place.source}, located by the document"
                    if place.precision == "site":
                        place.precision = "town"
            elif dominant is not None:
                event.place = Place(name=dominant.text, source="document")
                _fill(event.place, dominant)
                if event.place.precision == "site":
                    event.place.precision = "town"
            _take_phrase_place(event, placed_at)
            place = event.place
            if place is not None and place.precision == "country" and dominant is not None \
                    and dominant.country == place.country and _RANK[dominant.precision] > 0:
                # "US jets killed 15 civilians in Syria" in an article about Aleppo: the country is
                # right, and the document says where in it
                _fill(place, dominant)
                place.resolved_name = place.gazetteer_id = None
                place.precision = "admin1"
                place.source = f"{place.source}, narrowed by the document"
        _place_from_restatements(events)
        for event in events:
            _place_generic_actors(event, main_country)
        return context


    def _strays(self, placement: Placement, name: str, start: int | None, own: list[str],
                placed_at: dict[int, tuple[PlaceMention, Placement]]) -> bool:
        """Whether a place (an event's, or one the document names) is a small town or site in a
        country that nothing else in the document is in, while the document's other places make
        a clear case for another country: a common noun ("City Hall", "canton") or a namesake
        that the gazetteer happens to hold abroad. A city of some size abroad, or a place of our
        own overlay, is taken as written; so are two small towns on either side of a border."""
        if _RANK[placement.precision] < _RANK["town"] or (placement.gazetteer_id or "").startswith("overlay:"):
            return False
        others = [p for at, (_, p) in placed_at.items() if at != start and p.country]
        if placement.country in own or any(p.country == placement.country for p in others):
            return False
        support: Counter[str] = Counter()
        for other in others:
            # a province or a city counts twice; a country not at all, as texts name countries as
            # topics ("demonstrated in Saalfeld against the war in Ukraine")
            if other.precision == "country":
                continue
            major = other.precision == "admin1" or self._population(other) >= STRAY_MAX_POPULATION
            support[other.country] += 2 if major else 1  # type: ignore[index]
        if not support or support.most_common(1)[0][1] < 2:
            return False
        if not any(ch.isupper() for ch in name):
            return True  # "canton", a common noun, is not Canton (Guangzhou)
        return self._population(placement) < STRAY_MAX_POPULATION

    def _population(self, placement: Placement) -> int:
        key = placement.gazetteer_id or ""
        if key not in self._populations:  # a long article asks about the same places again and again
            self._populations[key] = max((c.population for c in self.gazetteer.candidates(placement.text)
                                          if c.id == placement.gazetteer_id), default=0)
        return self._populations[key]

    def _resolve_all(self, mentions: list[PlaceMention], text: str | None, hints: list[str],
                     near: list[tuple[float, float]]) -> list[Placement | None]:
        """Each mention's placement, names written as a chain ("Hays (Hays, Al Hudaydah)") read
        together."""
        found: list[Placement | None] = []
        for chain in _chains(mentions, text):
            joint = None
            if len(chain) > 1:
                joint = resolve_chain([m.text for m in chain], country_hints=hints, near=near,
                                      gazetteer=self.gazetteer)
            if joint is None:
                found.extend(self.resolve(m.text, hints, near) for m in chain)
            else:
                found.extend(p if p is not None and p.score >= MIN_SCORE else None for p in joint)
        return found

    def _resolve_within(self, place: Place, mentions: list[PlaceMention], hints: list[str],
                        near: list[tuple[float, float]], text: str | None = None) -> Placement | None:
        """Resolve a place name inside the places written right after it ("Kolman (Tera,
        Tillaberi)", "Avdiivka, Donetsk region"): the containers decide the country and the
        neighbourhood, and stand in, less precisely, for a name the gazetteer does not know."""
        containers: list[PlaceMention] = []
        end = place.end
        if end is not None:
            for mention in sorted(mentions, key=lambda m: m.start):
                if mention.start < end:
                    continue
                gap = text[end:mention.start] if text is not None else " " * (mention.start - end)
                if not _CONTAINER_GAP.fullmatch(gap):
                    break
                containers.append(mention)
                end = mention.end
            if containers and text is not None and _LIST_GOES_ON.match(text, end):
                containers = []  # "touring Washington, Paris and London": peers, not containers
        if containers:
            chain = resolve_chain([place.name, *(m.text for m in containers)], country_hints=hints, near=near,
                                  gazetteer=self.gazetteer)
            if chain is not None:
                placed = [p for p in chain if p is not None and p.score >= MIN_SCORE]
                if chain[0] is not None and chain[0] in placed:
                    return chain[0]
                return placed[0] if placed else None
        resolved: list[Placement] = []
        for mention in reversed(containers):  # the largest unit (written last) first
            inner_hints = [p.country for p in resolved if p.country] + hints
            found = self.resolve(mention.text, inner_hints, [(p.lat, p.lon) for p in resolved] + near)
            if found is not None:
                resolved.append(found)
        if not resolved:
            return self.resolve(place.name, hints, near)
        outer_countries = [p.country for p in resolved if p.country]
        placement = self.resolve(place.name, outer_countries + hints, [(p.lat, p.lon) for p in resolved] + near)
        if placement is not None and (not outer_countries or placement.country in outer_countries):
            return placement
        return resolved[-1]  # the smallest container the gazetteer knows


def _chains(mentions: list[PlaceMention], text: str | None) -> list[list[PlaceMention]]:
    """Mentions in document order, grouped where one is written right after another with only
    a container gap between them ("Kolman (Tera, Tillaberi)")."""
    chains: list[list[PlaceMention]] = []
    for mention in mentions:
        if chains and text is not None and mention.start >= chains[-1][-1].end \
                and _CONTAINER_GAP.fullmatch(text[chains[-1][-1].end:mention.start]):
            chains[-1].append(mention)
        else:
            chains.append([mention])
    if text is None:
        return chains
    split: list[list[PlaceMention]] = []
    for chain in chains:
        if len(chain) > 1 and _LIST_GOES_ON.match(text, chain[-1].end):
            split.extend([m] for m in chain)  # a list of peers: each name on its own
        else:
            split.append(chain)
    return split


def _actors(event: EventMention) -> list[Actor]:
    return [*event.sources, *event.targets]


def _fill(place: Place, placement: Placement) -> None:
    place.lat, place.lon = placement.lat, placement.lon
    place.country, place.admin1 = placement.country, placement.admin1
    place.precision, place.score = placement.precision, placement.score
    place.resolved_name, place.gazetteer_id = placement.name, placement.gazetteer_id


def _take_phrase_place(event: EventMention, placed_at: dict[int, tuple[PlaceMention, Placement]]) -> None:
    """An event placed only in a country, or only where the document is, takes a town or
    province named inside its own phrase ("Syria air strikes kill 20 with barrel bombs in Aleppo")."""
    place = event.place
    vague = place is None or place.precision == "country" or (place.source or "").endswith("document")
    if not vague:
        return
    # the document's town is not traded for the province of the event's phrase
    floor = 1 if place is None or place.precision == "country" else _RANK.get(place.precision or "", 0)
    for start, _end in event.phrase_places:
        mention, placement = placed_at.get(start, (None, None))
        if mention is None or placement is None or _RANK.get(placement.precision or "", 0) < floor:
            continue
        if place is not None and not Place.lent(place.source) and place.country not in (None, placement.country):
            continue  # a place of another country than the one the clause names
        event.place = Place(name=mention.text, start=mention.start, end=mention.end, source="phrase")
        _fill(event.place, placement)
        return


# how many of the next sentences that report events may restate an event ("Syria violence kills
# 12" as a headline, "12 fighters were killed in clashes in Hasaka" as the lead after it)
RESTATEMENT_WINDOW = 2


def _vague(place: Place | None) -> bool:
    """A place that says no more than the country, or that was lent to the event."""
    return place is None or place.lat is None or place.precision == "country" or Place.lent(place.source)


def _place_from_restatements(events: list[EventMention]) -> None:
    """An event placed only in a country, or by the document, takes the place of the same event
    told again just after it -- the same type and mode, on a date that does not disagree, in that
    country -- when the retelling says where ("Syria violence kills 12" over "... were killed in
    clashes in the Syrian city of Hasaka"). The name keeps its offsets in the retelling."""
    starts = sorted({e.sentence_start for e in events})
    for event in events:
        if not _vague(event.place):
            continue
        later = [s for s in starts if s > event.sentence_start][:RESTATEMENT_WINDOW]
        country = event.place.country if event.place is not None else None
        for other in sorted((e for e in events if e.sentence_start in later), key=lambda e: e.trigger.start):
            place = other.place
            if other.type != event.type or other.mode != event.mode or _vague(place) or place is None:
                continue
            if country not in (None, place.country):
                continue
            if not (event.date_fallback or other.date_fallback or event.date == other.date):
                continue
            event.place = dataclasses.replace(place, source=f"{place.source}, of the same event told again")
            break


def _place_generic_actors(event: EventMention, main_country: str | None) -> None:
    """Unnamed local groups ("protesters", "gunmen") and organisations the registry does not know,
    with no country of their own, are taken to be of the country where the event happened; the
    id of a generic group says so (``DEUOPP``, not a registry id).
    A place taken from the document counts only in the country most of the document's places are in."""
    place = event.place
    if place is None or place.country is None or (
            (place.source or "").endswith("document") and place.country != main_country):
        return
    for actor in _actors(event):
        if actor.text.split()[:1] and actor.text.split()[0].lower() in _POSSESSIVES:
            continue  # "their fighters" belong to whoever "their" is, not to the place
        if actor.country is None and actor.id == "---":
            # the unidentified perpetrator of a shooting in Mexico is taken to be local; its id
            # stays "---": a country's id alone would name the state, and "MEXREB" would claim to
            # know which side acted where the text says nobody knows
            actor.country = place.country
            actor.name = f"{actor.name} ({place.country}, from the event's place)"
        elif actor.country is None and actor.id.startswith("---") and actor.sector:
            actor.country = place.country
            actor.id = f"{place.country}{actor.sector}"
            actor.name = f"{actor.name.split(' (')[0]} ({place.country}, from the event's place)"
        elif actor.country is None and actor.id.startswith("UNK_"):
            # an organisation the registry does not know ("the All Revenue Sindh Employees
            # Association") acting where it is named is taken to be local; its id stays unknown
            actor.country = place.country
            actor.name = f"{actor.name} ({place.country}, from the event's place)"


def place_mentions(docs_with_offsets: list[tuple[object, int]]) -> list[PlaceMention]:
    """Place names the parser tagged in a document's blocks (spaCy docs with their offsets)."""
    found: list[PlaceMention] = []
    for doc, offset in docs_with_offsets:
        for ent in doc.ents:  # type: ignore[attr-defined]
            # "US-led", "UK-based": a patron's or a home's name is no place of the story
            if ent.label_ in PLACE_LABELS and not names_a_patron(ent):
                found.append(PlaceMention(ent.text, ent.start_char + offset, ent.end_char + offset))
    return found
