"""Geocoding: event places on ACLED notes, event-location choice, and toponym resolution on LGL.

Three measurements, each through the product's public API on the text alone:

* ACLED (``gold/acled/acled_global_dev.csv``, the same sample as the ``acled`` suite): each note is
  coded with ``dyadwatch.code_text``; the place of the first placed actual event (else of any
  event) is compared with ACLED's coordinates (``within_25km``, ``within_100km``), admin-1 name
  (``admin1_acc``: equal after ``normalise_toponym``) and country (``country_acc``). Notes where
  no event has a place count as misses; ``placed_share`` says how many had one. ACLED locates
  most events at the named town or a nearby point (geo_precision 1-2); ``within_25km_precise``
  keeps rows with geo_precision 1.
* event_location (``gold/event_location/event_location_dev.jsonl``): a sentence, its event verb and
  the name(s) of where that event happened (none in about 43% of records).
  ``dyadwatch.locate_event`` answers for the verb; right when it returns one of the gold names
  (or nothing when the gold has none). ``located_acc`` is the same over records that have a gold
  place, ``unlocated_acc`` over those that do not.
* LGL (``gold/lgl/``, local US news with toponyms resolved to GeoNames): each gold toponym is
  resolved by ``dyadwatch.places.resolve_toponym`` with the article's context as the product
  builds it (countries and points of the other places ``dyadwatch.geocode_text`` finds in the
  article); ``lgl_within_161km`` is the share within 161 km (100 miles, the field's usual
  threshold), ``lgl_resolved`` the share with any answer.
"""

from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import SuiteResult, accuracy
from dyadwatch.evaluate.suites.acled import GOLD as ACLED_GOLD
from dyadwatch.evaluate.suites.acled import _published, _sample, clean_note
from dyadwatch.places import normalise_toponym, resolve_toponym
from dyadwatch.places.records import haversine_km

NAME = "geo"
EVENT_LOCATION = "gold/event_location/event_location_dev.jsonl"
LGL_TEXT = "gold/lgl/lgl.xml"
LGL_GOLD = "gold/lgl/lgl_gold.txt"
DEFAULT_LOCATION_SAMPLE = 2000
DEFAULT_LGL_ARTICLES = 150


def _event_place(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    actual = [e for e in events if e["mode"] == "actual"]
    for group in (actual, events):
        placed = [e for e in group if e.get("place") and e["place"].get("lat") is not None]
        if placed:  # the note's lead event, as in the acled suite
            return min(placed, key=lambda e: e["trigger"]["start"])["place"]
    return None


def _acled(data_dir: Path, limit: int | None, result: SuiteResult) -> dict[str, float]:
    path = data_dir / ACLED_GOLD
    if not path.exists():
        raise FileNotFoundError(path)
    with path.open(encoding="utf-8", newline="") as f:
        rows, _how = _sample(list(csv.DictReader(f)), limit)
    country_names = {c.name.lower(): c.iso3 for c in _countries()}
    n = placed = near25 = near100 = admin_ok = country_ok = precise_n = precise25 = 0
    for row in rows:
        n += 1
        published, _ = _published(row)
        place = _event_place(dyadwatch.code_text(clean_note(row["notes"]), published=published))
        gold = (float(row["latitude"]), float(row["longitude"]))
        precise = row.get("geo_precision") == "1"
        gold_iso = country_names.get(row["country"].lower())
        precise_n += precise
        if place is None:
            result.misses.append({"id": row["event_id_cnty"], "text": row["notes"][:300], "kind": "geo:no_place",
                                  "gold": {"location": row["location"], "admin1": row["admin1"]}, "got": None})
            continue
        placed += 1
        km = haversine_km(gold, (place["lat"], place["lon"]))
        near25 += km <= 25
        near100 += km <= 100
        precise25 += precise and km <= 25
        admin1 = place.get("admin1")
        admin_ok += isinstance(admin1, str) and same_admin1(row["admin1"], admin1, gold_iso)
        country_ok += gold_iso is not None and place.get("country") == gold_iso
        if km > 25:
            result.misses.append({"id": row["event_id_cnty"], "text": row["notes"][:300],
                                  "kind": "geo:far" if km > 100 else "geo:25-100km",
                                  "gold": {"location": row["location"], "admin1": row["admin1"], "km": round(km)},
                                  "got": {k: place.get(k) for k in ("name", "resolved_name", "admin1", "country",
                                                                    "precision", "source")}})
    return {"acled_items": n, "placed_share": accuracy(placed, n), "within_25km": accuracy(near25, n),
            "within_100km": accuracy(near100, n), "admin1_acc": accuracy(admin_ok, n),
            "country_acc": accuracy(country_ok, n), "within_25km_precise": accuracy(precise25, precise_n)}


# Words that say what kind of area a name is, in the languages admin-1 names come in
_DESIGNATORS = {"oblast", "oblast'", "province", "provincia", "governorate", "region", "lan", "apskritis", "city",
                "special", "raya", "dc", "d c", "comunidad", "de", "distrito", "capital", "state", "estado", "county",
                "gewest", "teukbyeolsi", "muhafazat", "department", "departamento", "prefecture", "territory",
                "federal", "autonomous", "bangsamoro", "in", "of", "the"}


def _core(name: str) -> str:
    words = [w for w in normalise_toponym(name).replace(",", " ").split() if w not in _DESIGNATORS]
    return " ".join(words)


def same_admin1(gold: str, got: str, country: str | None) -> bool:
    """ACLED and the gazetteer name admin-1 areas differently ("Donetsk" / "Donetska oblast",
    "Vlaanderen" / "Vlaams Gewest"): equal names, equal cores once the kind-of-area words are
    dropped (or one a prefix of the other), or the gold name resolving to our area."""
    a, b = _core(gold), _core(got)
    if a and b and (a == b or a.startswith(b) or b.startswith(a)):
        return True
    placement = resolve_toponym(gold, country_hints=[country] if country else ())
    return bool(placement and placement.admin1 and _core(placement.admin1) == b
                and (country is None or placement.country == country))


def _countries() -> list[Any]:
    from dyadwatch.actors.registry import default_registry

    reg = default_registry()
    countries = list(reg.countries.values())
    for c in list(countries):  # ACLED writes some names its own way
        for alias in c.aliases:
            countries.append(type(c)(c.iso3, alias, (), (), ()))
    return countries


def _event_location(data_dir: Path, limit: int | None, result: SuiteResult) -> dict[str, float]:
    path = data_dir / EVENT_LOCATION
    if not path.exists():
        raise FileNotFoundError(path)
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = records[:limit or DEFAULT_LOCATION_SAMPLE]
    n = ok = with_gold = with_gold_ok = without_ok = 0
    for rec in records:
        verbs = [s for s in rec["spans"] if s["label"] == "VERB"]
        if not verbs:
            continue
        gold = {s["text"] for s in rec["spans"] if s["label"] == "LOCATION"}
        found = dyadwatch.locate_event(rec["text"], verbs[0]["start"], verbs[0]["end"])
        got = found["text"] if found else None
        right = (got is None and not gold) or (got is not None and got in gold)
        n += 1
        ok += right
        if gold:
            with_gold += 1
            with_gold_ok += right
        else:
            without_ok += right
        if not right:
            result.misses.append({"id": str(rec.get("_id")), "text": rec["text"][:300], "kind": "location:choice",
                                  "gold": sorted(gold), "got": got, "verb": verbs[0]["text"]})
    return {"location_items": n, "location_acc": accuracy(ok, n), "located_acc": accuracy(with_gold_ok, with_gold),
            "unlocated_acc": accuracy(without_ok, n - with_gold)}


def _lgl(data_dir: Path, limit: int | None, result: SuiteResult) -> dict[str, float]:
    text_path, gold_path = data_dir / LGL_TEXT, data_dir / LGL_GOLD
    if not (text_path.exists() and gold_path.exists()):
        raise FileNotFoundError(gold_path)
    articles = [a.findtext("text") or "" for a in ET.parse(text_path).getroot().iter("article")]
    gold_lines = gold_path.read_text(encoding="utf-8").splitlines()
    n = resolved = near = 0
    for text, line in list(zip(articles, gold_lines, strict=False))[:limit or DEFAULT_LGL_ARTICLES]:
        context = dyadwatch.geocode_text(text)
        hints = [p["country"] for p in context if p.get("country")]
        hints = sorted(dict.fromkeys(hints), key=hints.count, reverse=True)[:3]  # ties: first named first
        points = [(p["lat"], p["lon"]) for p in context if p.get("lat") is not None]
        for item in filter(None, line.split("||")):
            fields = item.split(",,")
            if len(fields) < 6:
                continue
            name, lat, lon = fields[1], float(fields[2]), float(fields[3])
            n += 1
            placement = resolve_toponym(name, country_hints=hints, near=points)
            if placement is None:
                continue
            resolved += 1
            km = haversine_km((lat, lon), (placement.lat, placement.lon))
            near += km <= 161
            if km > 161:
                result.misses.append({"id": name, "text": text[:200], "kind": "lgl:far",
                                      "gold": [lat, lon], "got": [placement.name, placement.country, round(km)]})
    return {"lgl_toponyms": n, "lgl_resolved": accuracy(resolved, n), "lgl_within_161km": accuracy(near, n)}


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    result = SuiteResult(name=NAME, items=0)
    figures: dict[str, float] = {}
    figures.update(_acled(Path(data_dir), limit, result))
    figures.update(_event_location(Path(data_dir), limit, result))
    figures.update(_lgl(Path(data_dir), limit, result))
    result.items = int(figures["acled_items"] + figures["location_items"] + figures["lgl_toponyms"])
    result.figures.update({k: round(v, 4) if isinstance(v, float) else v for k, v in figures.items()})
    result.notes.append("ACLED: place of the top event vs ACLED coordinates; event_location: place chosen for "
                        "the gold verb; LGL: gold toponyms resolved with the article as context")
    return result
