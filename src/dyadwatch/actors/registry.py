"""The actor registry: countries, generic agents, organisations and people with dated roles.

All facts live in data files under ``actors/data/``; this module only loads and looks them up.
A phrase such as "Iraqi intelligence chief", "Damascus" or "al-Sharaa" resolves to an ``Actor``
as of a date.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from dyadwatch.records import Actor

SECTOR_LABELS = {
    "GOV": "government", "MIL": "military", "SPY": "intelligence", "COP": "police",
    "LEG": "legislature", "JUD": "judiciary", "PTY": "political party", "REB": "rebels",
    "OPP": "opposition", "CVL": "civilians", "MED": "media", "BUS": "business",
    "EDU": "education", "REL": "religious", "HLH": "health", "IGO": "international organisation",
    "NGO": "non-governmental organisation",
}
# Arabic article forms that transliterations add or drop ("al-Sharaa" / "Sharaa", "ad-Dawla").
_ARTICLES = {"al", "el", "ad", "ar", "as", "az", "ash", "an", "at", "ul"}
# Words that mean "the person at the head of" an organisation or country.
HEAD_WORDS = {"head", "chief", "leader", "director", "commander", "spokesman", "spokeswoman",
              "spokesperson", "member", "members", "official", "officials", "envoy", "representative",
              "chairman", "chair", "president", "minister", "secretary", "general", "deputy", "emir",
              "senior", "top", "fighters", "fighter", "forces", "delegation", "chairperson", "elements"}


# what a capital's name before it makes the state's occasion ("the Beijing Olympics", "the Baghdad summit")
_HOSTED_EVENTS = {"olympics", "games", "summit", "conference", "talks", "meeting", "meetings", "forum", "process",
                  "declaration", "agreement", "accord", "expo", "visit"}
# titles that say which office a named person holds in the text, and its sector
_OFFICE_WORDS = {"president": "GOV", "minister": "GOV", "premier": "GOV", "chancellor": "GOV", "king": "GOV",
                 "emir": "GOV", "sultan": "GOV", "governor": "GOV", "ambassador": "GOV", "mayor": "GOV",
                 "speaker": "LEG", "senator": "LEG", "general": "MIL", "commander": "MIL"}


def _office_sector(text: str) -> str | None:
    """The sector of the office a phrase gives a person ("President Elias Hrawi": GOV), unless it
    says the office is past ("former", "late", "ex-")."""
    words = norm(text).split()
    if any(w in ("former", "ex", "late", "then") for w in words):
        return None
    return next((_OFFICE_WORDS[w] for w in words if w in _OFFICE_WORDS), None)
# words for a country's people abroad, with its adjective ("Sudanese nationals")
_ABROAD_WORDS = {"national", "expatriate", "expat", "diaspora", "emigre", "émigré"}


# Last words that make a name an organisation of its own, whatever a known name inside it says.
_ORGANISATION_HEADS = {"party", "union", "front", "movement", "alliance", "association", "league",
                       "federation", "congress", "committee", "council", "coalition", "organisation",
                       "organization", "society", "foundation"}
_ENVOY_WORDS = {"ambassador", "envoy", "representative", "delegate", "delegation", "mission", "emissary",
                "consul", "attache", "negotiator"}
_DETERMINERS = {"a", "an", "the", "some", "several", "many", "two", "three", "unidentified", "unknown"}

# Ids of entries imported from the Phoenix dictionaries (data/phoenix_actors.tsv).
IMPORTED_PREFIX = "PHX_"
# the entity ruler marks the names it tags from the registry with this id (``Span.ent_id_``)
RULER_ID = "registry"

# Acronyms that are also everyday words ("IS", "US"): matched only with their capitals.
_COMMON_WORDS = {"is", "us", "it", "an", "as", "at", "in", "on", "or", "no", "so", "am", "be", "do",
                 "go", "he", "me", "my", "of", "to", "up", "we", "hi", "id", "if", "all", "one"}


# transliteration pairs that spell one sound two ways in romanised names
_LOOSE_SOUNDS = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("ph", "f"), ("ou", "u"), ("y", "i"), ("w", "v"))
# sectors of state office: a surname alone is looked up only among the holders of such offices
_OFFICE_SECTORS = frozenset({"GOV", "MIL", "LEG", "JUD", "COP", "SPY"})


def loose_name(text: str) -> str:
    """A person's name with its transliteration variants folded and its word breaks dropped:
    "Kassym-Jomart Tokayev" and "Kasymzhomart Tokayev", "Rajapaksa" and "Rajapakse" agree."""
    folded = []
    for word in norm(text).split():
        word = re.sub(r"[^a-z]", "", unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode())
        for written, sound in _LOOSE_SOUNDS:
            word = word.replace(written, sound)
        word = re.sub(r"(.)\1+", r"\1", word)
        if len(word) > 3 and word.endswith("e"):
            word = word[:-1] + "a"
        folded.append(word)
    return "".join(folded)


def norm(text: str, keep_case: bool = False) -> str:
    """Normalise a name for lookup: case, apostrophes, hyphens, possessives, leading 'the'."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    if "'" in text:
        text = re.sub(r"'s\b|s'(?=\s|$)", "", text, flags=re.I)
    if not keep_case:
        text = text.lower()
    text = re.sub(r"[\u2010-\u2015\-_/]", " ", text)
    text = re.sub(r"[^\w\s&.]", " ", text)
    text = text.replace(".", "")
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def strip_articles(key: str) -> str:
    words = key.split()
    kept = [w for w in words if w not in _ARTICLES]
    return " ".join(kept) if kept else key


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    aliases: tuple[str, ...]
    adjectives: tuple[str, ...]
    capitals: tuple[str, ...]


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    country: str | None
    sector: str | None
    aliases: tuple[str, ...]
    descriptors: tuple[str, ...] = ()
    # (from, sector): what the organisation became on a date ("the Taliban": REB, GOV from 15
    # August 2021), in date order; ``sector`` holds until the first change
    sector_changes: tuple[tuple[dt.date, str], ...] = ()

    def sector_on(self, date: dt.date | None) -> str | None:
        sector = self.sector
        for since, changed in self.sector_changes:
            if date is not None and date >= since:
                sector = changed
        return sector


@dataclass(frozen=True)
class Role:
    title: str
    start: dt.date | None
    end: dt.date | None
    actor: str | None = None
    country: str | None = None
    sector: str | None = None

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...] = ()
    country: str | None = None
    sector: str | None = None


@dataclass
class Entry:
    kind: str  # country | capital | adjective | organisation | person
    key: str  # iso3, organisation id or person id


@dataclass
class Registry:
    countries: dict[str, Country] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    agents: dict[str, str] = field(default_factory=dict)  # normalised phrase -> sector
    version: str = ""
    index: dict[str, list[Entry]] = field(default_factory=dict)
    exact: dict[str, list[Entry]] = field(default_factory=dict)  # case-sensitive short acronyms
    descriptor_index: dict[str, list[str]] = field(default_factory=dict)
    # people by their names spelled loosely (see loose_name), and by their surnames alone
    loose_people: dict[str, set[str]] = field(default_factory=dict)
    surnames: dict[str, set[str]] = field(default_factory=dict)
    max_alias_words: int = 1
    max_agent_words: int = 1
    # look capitalised names in a generic phrase up on the gazetteer ("Shanghai police" -> CHN)
    locate_places: bool = True

    # ---- building -------------------------------------------------------------------------
    def add_alias(self, alias: str, entry: Entry) -> None:
        key = norm(alias)
        if not key:
            return
        if key in _COMMON_WORDS:
            bucket = self.exact.setdefault(norm(alias, keep_case=True), [])
            bucket.append(entry)
            return
        imported = entry.key.startswith(IMPORTED_PREFIX)
        for variant in {key, strip_articles(key)}:
            if imported and any(not e.key.startswith(IMPORTED_PREFIX) for e in self.index.get(variant, ())):
                continue  # a name the curated data already gives someone keeps that meaning
            bucket = self.index.setdefault(variant, [])
            if all(e.kind != entry.kind or e.key != entry.key for e in bucket):
                bucket.append(entry)
            self.max_alias_words = max(self.max_alias_words, len(variant.split()))

    def build_index(self) -> None:
        self.index.clear()
        self.exact.clear()
        for c in self.countries.values():
            for alias in (c.name, *c.aliases):
                self.add_alias(alias, Entry("country", c.iso3))
            for cap in c.capitals:
                self.add_alias(cap, Entry("capital", c.iso3))
            for adj in c.adjectives:
                self.add_alias(adj, Entry("adjective", c.iso3))
        for o in self.organisations.values():
            for alias in (o.name, *o.aliases):
                self.add_alias(alias, Entry("organisation", o.id))
            for d in o.descriptors:
                self.descriptor_index.setdefault(norm(d), []).append(o.id)
        self.loose_people.clear()
        self.surnames.clear()
        for p in self.people.values():
            for alias in (p.name, *p.aliases):
                self.add_alias(alias, Entry("person", p.id))
                words = norm(alias).split()
                if len(words) > 1:
                    self.loose_people.setdefault(loose_name(" ".join(words)), set()).add(p.id)
                    self.surnames.setdefault(loose_name(words[-1]), set()).add(p.id)
        self.max_agent_words = max((len(k.split()) for k in self.agents), default=1)

    def with_aliases(self, aliases: Iterable[tuple[str, str]]) -> Registry:
        """A copy of this registry in which each (actor id, alias) pair is one more name of that
        actor: how an analyst's "add alias" correction reaches the next run. The copy shares the
        unchanged entries; unknown ids raise KeyError."""
        pairs = [(actor_id, alias.strip()) for actor_id, alias in aliases if alias.strip()]
        if not pairs:
            return self
        copy = dataclasses.replace(self, countries=dict(self.countries), organisations=dict(self.organisations),
                                   people=dict(self.people), index={}, exact={}, descriptor_index={},
                                   loose_people={}, surnames={})
        for actor_id, alias in pairs:
            if actor_id in copy.countries:
                country = copy.countries[actor_id]
                copy.countries[actor_id] = dataclasses.replace(country, aliases=(*country.aliases, alias))
            elif actor_id in copy.organisations:
                org = copy.organisations[actor_id]
                copy.organisations[actor_id] = dataclasses.replace(org, aliases=(*org.aliases, alias))
            elif actor_id in copy.people:
                person = copy.people[actor_id]
                copy.people[actor_id] = dataclasses.replace(person, aliases=(*person.aliases, alias))
            else:
                raise KeyError(f"no actor {actor_id!r} in the registry")
        digest = hashlib.sha256(repr(sorted(pairs)).encode()).hexdigest()[:8]
        copy.version = f"{self.version}+aliases.{digest}"
        copy.build_index()
        return copy

    def actor_by_id(self, actor_id: str, date: dt.date | None = None) -> Actor | None:
        """The actor a registry id stands for (a state, ``IRQGOV``-style state sector, organisation
        or person as of ``date``), or None when the registry has no such id."""
        if actor_id in self.countries:
            return self.country_actor(actor_id, actor_id)
        if actor_id in self.organisations:
            return self.organisation_actor(actor_id, actor_id)
        if actor_id in self.people:
            return self.person_actor(actor_id, actor_id, date)
        if len(actor_id) == 6 and actor_id[:3] in self.countries and actor_id[3:] in SECTOR_LABELS:
            return self.country_actor(actor_id[:3], actor_id, actor_id[3:])
        return None

    # ---- actors from entries -----------------------------------------------------------------
    def country_actor(self, iso3: str, text: str, sector: str | None = None) -> Actor:
        country = self.countries[iso3]
        if sector:
            code = f"{iso3}{sector}"
            known = self.organisations.get(code)
            name = known.name if known else f"{country.name} {SECTOR_LABELS.get(sector, sector)}"
            return Actor(text=text, id=code, name=name, country=iso3, sector=sector)
        return Actor(text=text, id=iso3, name=country.name, country=iso3, sector=None)

    def organisation_actor(self, org_id: str, text: str, date: dt.date | None = None) -> Actor:
        org = self.organisations[org_id]
        return Actor(text=text, id=org.id, name=org.name, country=org.country, sector=org.sector_on(date))

    def person_actor(self, person_id: str, text: str, date: dt.date | None) -> Actor:
        person = self.people[person_id]
        role = self.role_of(person, date)
        titled_sector = _office_sector(text) if role is None else None
        if titled_sector is not None:
            titled = [r for r in person.roles if r.sector == titled_sector or (
                r.actor in self.organisations and self.organisations[r.actor].sector == titled_sector)]
            role = max(titled, key=lambda r: r.start or dt.date.min) if titled else None
        if role is None:
            former = self.former_role(person, date)
            if former is not None and titled_sector is not None:
                # "Lebanon's new President Elias Hrawi" in a text from before our records: the
                # title the text gives him says what he is in it
                owner = self.organisations.get(former.actor) if former.actor else None
                country = owner.country if owner else former.country
                if country in self.countries:
                    base = self.country_actor(country, text, titled_sector)
                    base.person, base.role = person.name, former.title
                    return base
            if former is not None:
                # a former office-holder still belongs to the state (or body) they served, but
                # no longer speaks for its government
                owner = self.organisations.get(former.actor) if former.actor else None
                country = owner.country if owner else former.country
                if country in self.countries:
                    return Actor(text=text, id=country, name=self.countries[country].name, country=country,
                                 sector=None, person=person.name, role=f"former {former.title}")
            return Actor(text=text, id=person.id, name=person.name, country=person.country,
                         sector=person.sector, person=person.name)
        if role.actor and role.actor in self.organisations:
            base = self.organisation_actor(role.actor, text, date)
        elif role.country and role.country in self.countries:
            base = self.country_actor(role.country, text, role.sector)
        else:
            base = Actor(text=text, id=person.id, name=person.name, country=role.country, sector=role.sector)
        base.person, base.role = person.name, role.title
        return base

    @staticmethod
    def role_of(person: Person, date: dt.date | None) -> Role | None:
        if not person.roles:
            return None
        if date is not None:
            for role in person.roles:
                if role.covers(date):
                    return role
            return None
        # No date: the role that is current (open-ended), else the latest one.
        open_roles = [r for r in person.roles if r.end is None]
        if open_roles:
            return open_roles[-1]
        return max(person.roles, key=lambda r: r.end or dt.date.max)

    @staticmethod
    def former_role(person: Person, date: dt.date | None) -> Role | None:
        """The last role a person held before ``date``."""
        if date is None:
            return None
        ended = [r for r in person.roles if r.end is not None and r.end <= date]
        return max(ended, key=lambda r: r.end or dt.date.min) if ended else None

    def entry_actor(self, entry: Entry, text: str, date: dt.date | None) -> Actor:
        if entry.kind == "organisation":
            return self.organisation_actor(entry.key, text, date)
        if entry.kind == "person":
            return self.person_actor(entry.key, text, date)
        if entry.kind == "capital":
            return self.country_actor(entry.key, text, "GOV")
        return self.country_actor(entry.key, text)

    # ---- lookup -------------------------------------------------------------------------------
    def lookup(self, text: str) -> list[Entry]:
        key = norm(text)
        return self.index.get(key) or self.index.get(strip_articles(key)) or []

    def resolve(self, text: str, date: dt.date | None = None) -> Actor | None:
        """Resolve a free phrase ("Syrian Foreign Minister Asaad al-Sheibani") to an actor."""
        cased = norm(text, keep_case=True).split()
        if not cased:
            return None
        lowered = [w.lower() for w in cased]
        if "pro" in lowered[:-2]:
            # "the pro-Iranian Hizbollah group" is Hizbollah, whoever it leans to; a group named
            # only by its leaning ("pro-Iranian militias") keeps that reading below
            at = lowered.index("pro")
            named = self.resolve(" ".join(cased[:at] + cased[at + 2:]), date)
            if named is not None and (named.id in self.organisations or named.person):
                return named
        if " ".join(lowered) in self.index or (self._longest_named(lowered) is not None and len(cased) > 1):
            found = self.resolve_words(lowered, text, date)
            if found is not None:
                return found
        for word in cased:
            if word in self.exact:
                entry = _best_entry(self.exact[word])
                if len(cased) == 1 or entry.kind != "country":
                    return self.entry_actor(entry, text, date)
                rest = [w.lower() for w in cased if w != word]
                return self.country_actor(entry.key, text, self._agent_sector(rest))
        return self.resolve_words(lowered, text, date) or self._loosely_named(cased, text, date)

    def _loosely_named(self, cased: list[str], text: str, date: dt.date | None) -> Actor | None:
        """A person's name spelled another way ("Mahinda Rajapaksa" for Rajapakse, "Kassym-Jomart"
        for Kasymzhomart), after any title, or an office-holder's surname alone ("Museveni") --
        when every person it may be is, on that date, the same actor (Yoweri and Janet Museveni
        both speak for Uganda's government)."""
        if not cased[-1][:1].isupper():
            return None
        for i in range(len(cased)):
            name = cased[i:]
            if not name[0][:1].isupper():
                continue
            if len(name) > 1:
                ids = self.loose_people.get(loose_name(" ".join(name)), set())
                office_only = False
            else:
                ids = self.surnames.get(loose_name(name[0]), set())
                office_only = True
            if not ids:
                continue
            actors = [self.person_actor(pid, text, date) for pid in sorted(ids)]
            if office_only:
                if date is None:
                    return None
                actors = [a for a, pid in zip(actors, sorted(ids), strict=True)
                          if a.sector in _OFFICE_SECTORS and self.role_of(self.people[pid], date) is not None]
                if len(actors) != len(ids):
                    return None  # a surname some holder of no office also bears says too little
            if len({a.id for a in actors}) != 1:
                return None
            found = actors[0]
            if len(ids) > 1:
                found.person = None  # which of them, the text does not say
            return found
        return None

    def resolve_words(self, words: list[str], text: str, date: dt.date | None) -> Actor | None:
        entries = self.index.get(" ".join(words)) or self.index.get(strip_articles(" ".join(words)))
        if entries:
            best = _best_entry(entries)
            actor = self.entry_actor(best, text, date)
            if best.kind == "adjective":
                if len(words) > 1:
                    return actor
                # "Ukrainians" are the people; "the British said" is their government speaking
                sector = "CVL" if self._people_of(words[0], best.key) else "GOV"
                return self.country_actor(best.key, text, sector)
            return actor
        # "Canadian ambassador to the United Nations": the envoy is Canada's, not the UN's
        if "to" in words:
            cut = words.index("to")
            if cut and set(words[:cut]) & _ENVOY_WORDS:
                found = self.resolve_words(words[:cut], text, date)
                if found is not None:
                    return found
        # "head of the Iraqi Intelligence Service", "foreign minister of Syria"
        if "of" in words:
            cut = words.index("of")
            left, right = words[:cut], words[cut + 1:]
            if right and left and (set(left) & HEAD_WORDS or self._agent_sector(left)):
                inner = self.resolve_words(right, text, date)
                if inner is not None:
                    if inner.sector is None and inner.country:
                        sector = self._agent_sector(left) or "GOV"
                        return self.country_actor(inner.country, text, sector)
                    body = self._agent_sector(left)
                    if (body and inner.country and not set(left) & HEAD_WORDS and inner.person is None
                            and inner.id == f"{inner.country}{inner.sector}"):
                        # "the legislative body of the Islamic Republic of Iran": a body of the
                        # state, not whatever sector a word of the state's name suggests
                        return self.country_actor(inner.country, text, body)
                    if body and inner.person is not None and inner.country and not set(left) & HEAD_WORDS:
                        # "supporters of Mikheil Saakashvili" are not the man, nor his office
                        return self.country_actor(inner.country, text, body)
                    return inner
            elif left:
                # "the threat of ISIS" is a threat, not ISIS: only the head part can name an actor
                return self.resolve_words(left, text, date)
        # Longest named actor inside the phrase wins: people and organisations first.
        named = self._longest_named(words)
        if named is not None and named[0].kind == "person" and named[1][1] - named[1][0] == 1:
            rest = words[:named[1][0]] + words[named[1][1]:]
            if any(w not in HEAD_WORDS and w not in _DETERMINERS and not self._agent_sector([w])
                   and not self.index.get(w) for w in rest):
                # "Mohammed Hussein Roble" is not King Hussein: one shared word of a longer name
                named = None
        if named is not None and named[0].kind == "organisation" and named[1][1] < len(words) \
                and words[-1] in _ORGANISATION_HEADS and named[1][1] - named[1][0] == 1 \
                and (words[named[1][0]] in _ORGANISATION_HEADS or self._agent_sector([words[named[1][0]]])):
            # "Nationalist Congress Party" is a party of its own, not the US Congress: a known
            # name that is only an institution's word, inside the name of another organisation
            named = None
        if named is not None:
            entry, span = named
            if entry.kind in ("person", "organisation"):
                actor = self.entry_actor(entry, text, date)
                rest = words[:span[0]] + words[span[1]:]
                other = next((e.key for w in rest for e in self.index.get(w, ())
                              if e.kind in ("country", "adjective", "capital")), None)
                if entry.kind == "organisation" and other and actor.country and other != actor.country:
                    # "Chile's Defense Department": a generic office name of one state's body,
                    # owned here by another state
                    return self.country_actor(other, text, actor.sector or "GOV")
                if entry.kind == "organisation" and actor.country and actor.sector == "GOV" \
                        and self.organisations[entry.key].sector_changes:
                    # "Taliban forces" in 2022: a movement that became the government commands
                    # that state's forces
                    branch = self._agent_sector(rest)
                    if branch in ("MIL", "COP", "SPY"):
                        return self.country_actor(actor.country, text, branch)
                return actor
            rest = words[:span[0]] + words[span[1]:]
            found_sector = self._agent_sector(rest)
            if found_sector is None and rest and all(_singular(w) in _ABROAD_WORDS for w in rest):
                found_sector = "CVL"  # "Sudanese nationals living in Korea": a country's people
            after = [w for w in words[span[1]:] if w not in _DETERMINERS and w not in HEAD_WORDS]
            if entry.kind == "capital" and found_sector is None and after:
                if set(after) & _HOSTED_EVENTS:
                    return self.country_actor(entry.key, text)  # "the Beijing Olympics": the host state
                return None  # "Seoul Watch", "Tehran Times": a name that starts with a capital
            if found_sector is None and entry.kind == "adjective" and span[1] == len(words) \
                    and self._people_of(words[span[0]], entry.key):
                found_sector = "CVL"  # "prominent Cypriots"
            if entry.kind == "capital":
                return self.country_actor(entry.key, text, found_sector or "GOV")
            if found_sector:
                return self.country_actor(entry.key, text, found_sector)
            return self.country_actor(entry.key, text)
        return None

    def _longest_named(self, words: list[str]) -> tuple[Entry, tuple[int, int]] | None:
        best: tuple[int, int, Entry] | None = None
        n = len(words)
        for size in range(min(self.max_alias_words, n), 0, -1):
            for i in range(0, n - size + 1):
                key = " ".join(words[i:i + size])
                if key in _ARTICLES:
                    continue
                entries = self.index.get(key)
                if entries:
                    entry = _best_entry(entries)
                    rank = _KIND_RANK[entry.kind]
                    if best is None or (size, rank) > (best[1] - best[0], _KIND_RANK[best[2].kind]):
                        best = (i, i + size, entry)
            if best is not None:
                break
        if best is None:
            return None
        return best[2], (best[0], best[1])

    def _people_of(self, word: str, iso3: str) -> bool:
        """Whether ``word`` is the plural demonym of the country ("iraqis", "cypriots")."""
        country = self.countries.get(iso3)
        if country is None or not word.endswith("s"):
            return False
        singular = word[:-1]
        return any(a.lower() == singular for a in country.adjectives)

    def _agent_sector(self, words: list[str]) -> str | None:
        """Sector of the longest generic agent phrase in ``words`` ("intelligence chief" -> SPY)."""
        lemmas = [_singular(w) for w in words]
        for size in range(min(self.max_agent_words, len(lemmas)), 0, -1):
            for i in range(0, len(lemmas) - size + 1):
                sector = self.agents.get(" ".join(lemmas[i:i + size]))
                if sector:
                    return sector
        return None

    def generic_actor(self, text: str) -> Actor | None:
        """A group the registry has no entry for, known by its kind alone: "authorities",
        "an opposition lawmaker", "Minister Juan Carlos Jobet" (a title before an unknown name).
        Its country is given when the phrase names one ("Chilean medics"); the id is ``---`` plus
        the sector when it does not."""
        words = [w for w in norm(text).split() if w not in _DETERMINERS]
        if not words:
            return None
        sector = self.head_agent_sector(" ".join(words))
        titled = sector is None  # "Minister Juan Carlos Jobet": the words after a title are a name
        if sector is None:
            for size in range(min(self.max_agent_words, len(words) - 1), 0, -1):
                title = self.agents.get(" ".join(_singular(w) for w in words[:size]))
                if title:
                    sector = title
                    break
        if sector is None:
            return None
        country = next((e.key for w in words for e in self.index.get(w, ())
                        if e.kind in ("adjective", "country")), None)
        if country is None and self.locate_places and not titled:
            country = _country_of_named_place(text, self.agents)
        if country is not None:
            return self.country_actor(country, text, sector)
        return Actor(text=text, id=f"---{sector}", name=f"{SECTOR_LABELS.get(sector, sector)} (country unknown)",
                     country=None, sector=sector)

    def head_agent_sector(self, text: str) -> str | None:
        """Sector of the longest agent phrase that ends with the last word of ``text``
        ("opposition group" -> OPP, "government office" -> None: an office is not an agent)."""
        lemmas = [_singular(w) for w in norm(text).split()]
        for i in range(max(0, len(lemmas) - self.max_agent_words), len(lemmas)):
            sector = self.agents.get(" ".join(lemmas[i:]))
            if sector:
                return sector
        return None

    def agent_sector(self, text: str) -> str | None:
        return self._agent_sector(norm(text).split())

    def descriptor_candidates(self, text: str) -> list[str]:
        return self.descriptor_index.get(norm(text), [])

    def ruler_patterns(self, case_sensitive: bool = False) -> list[dict[str, object]]:
        """Entity-ruler patterns so the NER tags registry names with the right label: the names
        matched in any case, or (``case_sensitive``) the acronyms that are also words (IS, US),
        which match only as written so that "is" stays a verb."""
        patterns: list[dict[str, object]] = []

        def add(label: str, alias: str) -> None:
            alias = alias.strip()
            if len(alias) >= 2 and (norm(alias) in _COMMON_WORDS) == case_sensitive:
                patterns.append({"label": label, "pattern": alias, "id": RULER_ID})

        # Only the curated entries: the imported tens of thousands would slow the parser, and
        # the statistical NER already tags most of their names.
        for o in self.organisations.values():
            if not o.id.startswith(IMPORTED_PREFIX):
                for alias in (o.name, *o.aliases):
                    add("ORG", alias)
        for p in self.people.values():
            if not p.id.startswith(IMPORTED_PREFIX):
                for alias in (p.name, *p.aliases):
                    add("PERSON", alias)
        return patterns

    @property
    def fingerprint(self) -> str:
        h = hashlib.sha256(self.version.encode())
        for key in sorted(self.index):
            h.update(key.encode())
        return f"{self.version}+{h.hexdigest()[:10]}"


_NAME_RUN = re.compile(r"\b[A-Z][\w'\-]+(?:\s+[A-Z][\w'\-]+)*")


def _country_of_named_place(text: str, agents: dict[str, str]) -> str | None:
    """The country of a place named in a phrase ("Kano State government", "Madras High Court",
    "police in Shanghai"), when the gazetteer is sure of it. A capitalised kind word is no place
    name ("Police forces" are not of Police, Poland)."""
    from dyadwatch.places import resolve_toponym

    for run in _NAME_RUN.findall(text):
        words = run.split()
        for size in range(len(words), 0, -1):  # the longest name first: "Kano State", then "Kano"
            for start in range(0, len(words) - size + 1):
                name = " ".join(words[start:start + size])
                if len(name) < 4 or all(_singular(w.lower()) in agents for w in words[start:start + size]):
                    continue
                placement = resolve_toponym(name)
                if placement is not None and placement.score >= 0.6 and placement.precision != "site":
                    return placement.country
    return None


_KIND_RANK = {"person": 5, "organisation": 4, "country": 3, "capital": 2, "adjective": 1}


def _best_entry(entries: list[Entry]) -> Entry:
    return max(entries, key=lambda e: _KIND_RANK[e.kind])


def _singular(word: str) -> str:
    if len(word) > 3 and word.endswith("ies"):
        return word[:-3] + "y"
    # "-is" plurals too ("jihadis"); the singulars that end so ("crisis") are cut the same way
    # on both sides of the lookup, so they still match themselves
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


# ---- loading ------------------------------------------------------------------------------------
def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(x.strip() for x in (cell or "").split("|") if x.strip())


def _date(value: object) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _tsv_rows(path: Path) -> Iterable[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)


def load_registry(data_dir: Path | None = None, extra_files: Iterable[Path] = ()) -> Registry:
    """Load the registry from ``data_dir`` (the packaged data by default) plus extra YAML files."""
    base = data_dir or Path(str(resources.files("dyadwatch.actors") / "data"))
    reg = Registry()
    for row in _tsv_rows(base / "countries.tsv"):
        iso3 = row["iso3"].strip()
        reg.countries[iso3] = Country(iso3, row["name"].strip(), _split(row.get("aliases")),
                                      _split(row.get("adjectives")), _split(row.get("capitals")))
    # The curated words first, so that they win over the imported CAMEO/PLOVER agent words.
    for table in ("agents.tsv", "imported_agents.tsv"):
        if not (base / table).exists():
            continue
        for row in _tsv_rows(base / table):
            phrase = " ".join(_singular(w) for w in norm(row["phrase"]).split())
            if phrase and row["sector"].strip():
                reg.agents.setdefault(phrase, row["sector"].strip())
    # leaders.yaml and armed_groups.yaml first: actors.yaml (the theatre's own curation) and then the user's files
    # replace any entry of the same id
    for path in [base / "leaders.yaml", base / "armed_groups.yaml", base / "actors.yaml", *extra_files]:
        _load_yaml(reg, path)
    phoenix = base / "phoenix_actors.tsv"
    if phoenix.exists():
        _load_phoenix(reg, phoenix)
    reg.build_index()
    return reg


# Phoenix codes name a state's office by blocks ("MWIGOVMIL": Malawi, government, military = the
# defence minister); dyadwatch files defence ministers under MIL, so the specific block wins.
_SPECIFIC_SECTORS = ("MIL", "SPY", "COP", "LEG", "JUD")


# Phoenix codes of international bodies that the curated registry holds under its own ids, so
# that "Secretary-General Kofi Annan" is the UN and not a free-floating IGO.
_PHOENIX_BODIES = {"IGOUNO": "UN", "IGOEUREEC": "EU", "IGOWSTNAT": "NATO", "IGOUNODEVWBK": "WORLD_BANK",
                   "IGOUNOHLHWHO": "WHO", "IGOUNOKID": "UNICEF", "IGOUNOREF": "UNHCR", "IGOUNODEVIMF": "IMF",
                   "IGOMEAGCC": "GCC", "IGOMOS": "OIC", "IGOMOSOIC": "OIC"}


def _phoenix_role(cell: str) -> Role | None:
    parts = cell.split("/")
    if len(parts) != 5:
        return None
    country, sector, start, end, code = parts
    blocks = [code[i:i + 3] for i in range(3, len(code), 3)]
    if "ELI" in blocks[:1] or code.endswith("ELI"):
        sector = ""  # Phoenix "elite": a former office-holder or notable, not the state's voice
    elif sector == "GOV":
        sector = next((b for b in blocks if b in _SPECIFIC_SECTORS), sector)
    last = _date(end) if end else None
    return Role(title=code, start=_date(start) if start else None,
                end=last + dt.timedelta(days=1) if last else None,  # Phoenix gives the last day
                actor=_PHOENIX_BODIES.get(code), country=country or None, sector=sector or None)


def _load_phoenix(reg: Registry, path: Path) -> None:
    """The imported Phoenix dictionaries: broad coverage beneath the hand-curated entries, which
    win on any id or alias they share (``Registry.build_index`` skips the clashing alias)."""
    curated_keys = {norm(a) for o in reg.organisations.values() for a in (o.name, *o.aliases)}
    curated_keys |= {norm(a) for p in reg.people.values() for a in (p.name, *p.aliases)}
    for row in _tsv_rows(path):
        aliases = tuple(a for a in _split(row["aliases"]) if norm(a) not in curated_keys)
        if not aliases:
            continue
        roles = tuple(r for r in (_phoenix_role(c) for c in row["roles"].split(";") if c) if r is not None)
        if row["kind"] == "person":
            reg.people[row["id"]] = Person(id=row["id"], name=row["name"], aliases=aliases, roles=roles)
            continue
        # an organisation has one country and sector: its current (open-ended or latest) role
        role = Registry.role_of(Person(row["id"], row["name"], (), roles), None) if roles else None
        reg.organisations[row["id"]] = Organisation(
            id=row["id"], name=row["name"], country=role.country if role else None,
            sector=role.sector if role else None, aliases=aliases)


def _load_yaml(reg: Registry, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    reg.version = reg.version or str(data.get("version", ""))
    for item in data.get("organisations") or []:
        changes = tuple(sorted((dt.date.fromisoformat(str(c["from"])), str(c["sector"]))
                               for c in item.get("sector_changes") or ()))
        org = Organisation(id=item["id"], name=item["name"], country=item.get("country"),
                           sector=item.get("sector"), aliases=tuple(item.get("aliases") or ()),
                           descriptors=tuple(item.get("descriptors") or ()), sector_changes=changes)
        reg.organisations[org.id] = org
    for item in data.get("people") or []:
        roles = tuple(
            Role(title=r.get("title", ""), start=_date(r.get("start")), end=_date(r.get("end")),
                 actor=r.get("actor"), country=r.get("country"), sector=r.get("sector"))
            for r in item.get("roles") or ())
        reg.people[item["id"]] = Person(id=item["id"], name=item["name"],
                                        aliases=tuple(item.get("aliases") or ()), roles=roles,
                                        country=item.get("country"), sector=item.get("sector"))


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """The packaged registry, loaded once per process."""
    return load_registry()
