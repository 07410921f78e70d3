"""Toponym resolution: a place name as written, plus context, to one ``Placement``.

In: a name ("al-Hol", "Deir al-Zour", "Anbar province", "Paris"), optional ISO3 country hints (the
countries a text is about) and optional points already placed in the same text.
Out: the best-ranked gazetteer entry as a ``Placement`` with a 0-1 score, or None when no entry has
that name. A name that cannot be resolved never raises.

Ranking, in log-odds-like points: a country in the hints (strongest); a curated overlay entry; an
exact match (up to case, accents and punctuation) and a match through a main name rather than an
alternative one; the kind of entry (a country or admin-1 name wins for a bare name like "Anbar" or
"Iraq", but a sizeable town of the same country and name wins over an area: "Kirkuk", "Aleppo");
log population; closeness to the ``near`` points. "X province"/"X governorate" asks for the area, "X city"
for the town. The score is the winner's share of the softmax over all candidates, discounted when the
match was not exact or ignored the hints.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter
from collections.abc import Sequence

from dyadwatch.places.gazetteer import ARTICLES, Gazetteer, default_gazetteer, light_key
from dyadwatch.places.records import PRECISION_OF_KIND, Candidate, Placement, haversine_km

W_EXACT = 2.0  # written as the gazetteer writes it: "Marradi" is not Niger's Maradi
W_PRIMARY = 0.5
W_OVERLAY = 2.5  # an entry of the curated overlay (theatre sites have no population to rank them by)
W_LINKED = 1.0  # a GeoNames entry the overlay names
LINKED_MIN_POPULATION = 10_000  # ranked as if it had at least this many people
W_HINT = 4.0
DWARF_RATIO = 100  # a town this many times smaller than its namesake elsewhere ...
DWARFED_HINT_SHARE = 0.25  # ... takes this share of the country hint
W_KIND = {"country": 2.5, "admin1": 1.0, "region": 1.0, "site": 0.5, "town": 0.0}
# share of the kind bonus kept for a match through an alternative name, and for an inexact match
# ("Salvador" is an alternative name of El Salvador; "Salvador" ~ "El Salvador" only after folding)
KIND_BY_ALIAS, KIND_INEXACT = 0.5, 0.0
W_SEAT = 0.5  # a town beats a same-named area of its country ("Kirkuk", "Aleppo", "Moscow")
SEAT_MIN_POPULATION = 10_000  # ... if it is a town of some size, not a hamlet sharing the name,
SEAT_SHARE = 0.1  # ... and holds this share of the area's population ("California", Maryland, does not)
W_POP = 0.5  # per power of ten of a town's population
W_POP_AREA = 0.25  # per power of ten of an area's or country's population
W_NEAR = 2.5  # at distance 0, decaying with NEAR_KM
NEAR_KM = 150.0
W_ASKED = 3.0  # "X province" asks for an area, "X city" for a town
TEMPERATURE = 0.5
_AREAS = ("admin1", "region")

_AREA_WORDS = frozenset({"province", "governorate", "muhafazah", "muhafazat", "wilayah", "wilayat",
                         "countryside", "rural", "department", "departamento", "state", "region", "oblast"})
_TOWN_WORDS = frozenset({"city", "town"})
_LINKS = frozenset({"of"})
_DIRECTIONS = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                         "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
                         "northwestern", "southeastern", "southwestern", "upper", "lower"})  # "north-east": 2 words


def _strip(words: list[str], vocabulary: frozenset[str]) -> list[str]:
    """Drop ``vocabulary`` words (and a dangling "of") at either end: "city of Raqqa", "Anbar province"."""
    while words and (words[0] in vocabulary or words[0] in _LINKS):
        words = words[1:]
    while words and (words[-1] in vocabulary or words[-1] in _LINKS):
        words = words[:-1]
    return words


def _is_acronym(text: str) -> bool:
    letters = text.replace(".", "").strip()
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


def _gather(gaz: Gazetteer, text: str) -> tuple[list[Candidate], str | None]:
    """Candidates for the name and what kind of place its own words ask for."""
    words = light_key(text).split()
    asked: str | None = None
    if len(words) == 1 and words[0] in ARTICLES:
        return [], None  # "Al" cut from "Al Haymah" is an article, not Norway's Ål
    found = {c.id: c for c in gaz.candidates(text)}
    if len(text.strip()) <= 4 and not text.strip().isupper():
        # "Car" in "Car Bomb Blast" is no CAR: a country's short alias counts only in capitals
        found = {i: c for i, c in found.items() if not (c.kind == "country" and c.by_alias)}
    if _is_acronym(text):
        # "UP" (Uttar Pradesh) is no alternate name of Opp, Alabama, nor "SEMPO" of Sempol: an
        # acronym names an area or country, a place of our own overlay ("AANES"), or a place
        # whose own name it is
        found = {i: c for i, c in found.items()
                 if c.kind in ("admin1", "region", "country") or c.curated or (c.exact and not c.by_alias)}
    for vocabulary, kind in ((_AREA_WORDS, "area"), (_TOWN_WORDS, "town")):
        core = _strip(words, vocabulary)
        if core and core != words:
            asked = kind
            for c in gaz.candidates(" ".join(core)):  # not an exact match of what was written
                found.setdefault(c.id, dataclasses.replace(c, exact=False))
            break
    if len(words) > 1 and words[0] in _DIRECTIONS and all(c.kind in ("town", "site") for c in found.values()):
        # "South Lebanon" is a part of Lebanon before it is a village in Ohio: the country a
        # compass word qualifies is a name of the same rank as the towns that bear the words
        # (not where an area has the name: "Northern Ireland", "West Virginia")
        for c in gaz.candidates(" ".join(words[1:])):
            if c.kind == "country":
                found.setdefault(c.id, dataclasses.replace(c, exact=True, by_alias=True))
    if not found and " - " in text:  # "Seoul City - Yongsan", "Lahore - Sabzazar": the city
        return _gather(gaz, text.split(" - ")[0])
    if not found:  # "northern Iraq", "eastern Deir ez-Zor countryside"
        core = _strip(words, _DIRECTIONS)
        if core and core != words:
            return _gather(gaz, " ".join(core))
    if not found and len(words) == 1 and words[0][:1] in ("k", "q") and len(words[0]) > 4:
        # "Kulsary" / "Qulsary", "Qandahar" / "Kandahar": one sound, two transliterations, tried
        # only when the name as written finds nothing
        other = ("q" if words[0][0] == "k" else "k") + words[0][1:]
        found = {c.id: dataclasses.replace(c, exact=False) for c in gaz.candidates(other)
                 if c.kind != "country"}
    return list(found.values()), asked


def _has_seat(area: Candidate, candidates: Sequence[Candidate]) -> bool:
    """Whether a town of the area's country with the same name outweighs it ("Kirkuk", "Moscow")."""
    floor = max(SEAT_MIN_POPULATION, SEAT_SHARE * area.population)
    return any(t.kind == "town" and t.country == area.country and (t.curated or t.population >= floor)
               for t in candidates)


def _points(c: Candidate, hints: set[str], near: Sequence[tuple[float, float]], asked: str | None,
            seated: bool, dwarfed: bool = False) -> float:
    pts = W_EXACT * c.exact + W_PRIMARY * (not c.by_alias)
    if c.country in hints:
        pts += W_HINT * (DWARFED_HINT_SHARE if dwarfed else 1.0)
    if seated and asked != "area":
        pts -= W_SEAT  # "Kirkuk", "Aleppo": the town, not the governorate named after it
    else:
        if c.curated:
            pts += W_OVERLAY if c.id.startswith("overlay:") else W_LINKED
        pts += W_KIND[c.kind] * ((KIND_BY_ALIAS if c.by_alias else 1.0) if c.exact else KIND_INEXACT)
    if asked == "area":
        pts += W_ASKED if c.kind in _AREAS else 0.0
    elif asked == "town":
        pts += W_ASKED if c.kind == "town" else 0.0
    if c.kind in ("town", "site"):
        # GeoNames has no population for some theatre towns the overlay names (Ras al-Ayn, Tal Afar)
        linked = c.curated and not c.id.startswith("overlay:")
        population = max(c.population, LINKED_MIN_POPULATION) if linked else c.population
        pts += W_POP * math.log10(max(population, 0) + 1)
    else:
        pts += W_POP_AREA * math.log10(max(c.population, 0) + 1)
    if near:
        d = min(haversine_km((c.lat, c.lon), p) for p in near)
        pts += W_NEAR * math.exp(-d / NEAR_KM)
    return pts


def rank(candidates: Sequence[Candidate], *, country_hints: Sequence[str] = (),
         near: Sequence[tuple[float, float]] = (), asked: str | None = None) -> list[tuple[float, Candidate]]:
    """Candidates with their points, best first."""
    hints = {h.upper() for h in country_hints}
    # a country called by its own name is in any text's context -- "Russia" in an American story
    # is not Russia, Ohio -- unless a province of a hinted country bears the name ("Georgia")
    provinces = any(c.kind in ("admin1", "region") and c.exact and c.country in hints for c in candidates)
    named = set() if provinces else {c.country for c in candidates
                                     if c.kind == "country" and c.exact and not c.by_alias and c.country}
    # a town a hundred times smaller than a namesake elsewhere ("London", Ohio; a town of unknown
    # size is not judged) needs more than
    # the text's country to win: a neighbour in the text (``near``) or its own country's name
    biggest = max((c.population for c in candidates if c.exact and c.kind == "town"), default=0)
    scored = [(_points(c, hints | named if c.kind == "country" else hints, near, asked,
                       c.kind in _AREAS and _has_seat(c, candidates),
                       dwarfed=c.kind == "town" and 0 < DWARF_RATIO * c.population < biggest), c)
              for c in candidates]
    scored.sort(key=lambda pc: (-pc[0], pc[1].id))
    return scored


def resolve_toponym(name: str, *, country_hints: Sequence[str] = (), near: Sequence[tuple[float, float]] = (),
                    gazetteer: Gazetteer | None = None) -> Placement | None:
    """The most likely place for ``name``, or None if no gazetteer entry has that name."""
    if not isinstance(name, str) or not name.strip():
        return None
    if isinstance(country_hints, str):  # "IRQ" rather than ("IRQ",)
        country_hints = (country_hints,)
    gaz = gazetteer or default_gazetteer()
    candidates, asked = _gather(gaz, name.strip())
    return _best(name, candidates, asked, country_hints, near)


def _best(name: str, candidates: Sequence[Candidate], asked: str | None, country_hints: Sequence[str],
          near: Sequence[tuple[float, float]]) -> Placement | None:
    if not candidates:
        return None
    ranked = rank(candidates, country_hints=country_hints, near=near, asked=asked)
    top_points, best = ranked[0]
    total = sum(math.exp((p - top_points) / TEMPERATURE) for p, _ in ranked)
    score = 1.0 / total
    if not (best.exact or best.curated):
        score *= 0.85
    if country_hints and best.country not in {h.upper() for h in country_hints}:
        score *= 0.8
    return Placement(
        text=name, name=best.name, lat=best.lat, lon=best.lon, country=best.country,
        admin1=best.admin1_name if best.kind != "country" else None,
        precision=PRECISION_OF_KIND[best.kind], score=round(score, 3), gazetteer_id=best.id,
    )


def resolve_chain(names: Sequence[str], *, country_hints: Sequence[str] = (),
                  near: Sequence[tuple[float, float]] = (),
                  gazetteer: Gazetteer | None = None) -> list[Placement | None] | None:
    """Resolve names written as a chain from the smallest place to the largest, each inside the
    next ("Koro, Mopti", "Minakulu (Oyam, Northern)"), as one reading: the country (and admin-1
    area) that most of the names share decides every name's entry. "Northern" alone could be in
    ten countries and "Oyam" in two, but only Uganda has both.

    Returns one placement (or None) per name, or None when no country is shared by more of the
    names than any other, so that the caller resolves them one by one."""
    if len(names) < 2:
        return None
    gaz = gazetteer or default_gazetteer()
    gathered = [_gather(gaz, name.strip()) if name.strip() else ([], None) for name in names]
    # a name inside another is no country, and a province only inside a country: "the Salah
    # al-Din district of Aleppo" is not Iraq's province
    for i, (candidates, asked) in enumerate(gathered[:-1]):
        outer = {c.country for later, _ in gathered[i + 1:] for c in later if c.kind == "country"}
        gathered[i] = ([c for c in candidates if c.kind not in ("country", "admin1", "region")
                        or (c.kind != "country" and c.country in outer)], asked)
    votes: Counter[str] = Counter()
    for candidates, _ in gathered:
        # a name votes once for each country it may be in, twice when it is, letter for letter,
        # the name of an area there ("Punjab", "Al Hudaydah"): areas are rarely ambiguous within
        # a country, but "Sadah" is only loosely Mayotte's "Sada"
        weights: dict[str, int] = {}
        for c in candidates:
            if c.country:
                named_area = c.kind in ("admin1", "country") and c.exact
                weights[c.country] = max(weights.get(c.country, 0), 2 if named_area else 1)
        votes.update(weights)
    ranked = votes.most_common(2)
    if not ranked or ranked[0][1] < 2:
        return None
    country = ranked[0][0]
    if len(ranked) == 2 and ranked[1][1] == ranked[0][1]:
        # a tie ("the Salah al-Din district of Aleppo": a province of Iraq, a city of Syria) is
        # broken by the text's countries, or not at all
        hinted = [c for c, n in votes.items() if n == ranked[0][1] and c in {h.upper() for h in country_hints}]
        if len(hinted) != 1:
            return None
        country = hinted[0]
    # the admin-1 area a container names frames the smaller names: "Venadillo (Norte de
    # Santander)" is not the Venadillo of Tolima
    framing = [light_key(c.admin1_name) for candidates, _ in reversed(gathered[1:]) for c in candidates
               if c.kind == "admin1" and c.country == country and c.admin1_name]
    area, strict = (framing[0], True) if framing else (None, False)
    if area is None:
        areas: Counter[str] = Counter()
        for candidates, _ in gathered:
            areas.update(list(dict.fromkeys(light_key(c.admin1_name) for c in candidates
                                            if c.country == country and c.admin1_name)))
        # the most shared area; ties by name, so that every run reads a chain the same way
        shared = sorted((a for a, n in areas.items() if n >= 2), key=lambda a: (-areas[a], a))
        area = shared[0] if shared else None
    hints = [country, *country_hints]
    placements: list[Placement | None] = []
    for name, (candidates, asked) in zip(names, gathered, strict=True):
        inside = [c for c in candidates if c.country == country]
        if area is not None and (strict or any(c.admin1_name and light_key(c.admin1_name) == area for c in inside)):
            inside = [c for c in inside if c.admin1_name and light_key(c.admin1_name) == area]
        placements.append(_best(name, inside, asked, hints, near))
    return placements
