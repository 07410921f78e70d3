"""The records of the places stage: a gazetteer ``Candidate`` and a resolved ``Placement``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

# What a gazetteer entry is. "region" is an area that is not one admin-1 unit (the Kurdistan Region,
# North and East Syria); "site" is a point such as a camp, a prison or a border crossing.
Kind = Literal["site", "town", "admin1", "region", "country"]
# How precisely a placement locates an event; a region is reported as "admin1".
Precision = Literal["site", "town", "admin1", "country"]

PRECISION_OF_KIND: dict[str, Precision] = {
    "site": "site", "town": "town", "admin1": "admin1", "region": "admin1", "country": "country",
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry that a name may refer to, with how the name matched it."""

    id: str  # "geonames:99072", "overlay:al-hol-camp", "admin1:US.TX"
    name: str  # display name
    lat: float
    lon: float
    country: str | None  # ISO 3166-1 alpha-3
    admin1_code: str | None  # GeoNames admin-1 code, "IQ.15"
    admin1_name: str | None
    kind: Kind
    feature: str | None  # the overlay's finer kind (camp, prison, crossing, ...), else None
    population: int
    curated: bool  # comes from, or was named by, the curated overlay
    by_alias: bool  # matched only through an alternative name
    exact: bool  # the query equals one of the entry's names up to case, accents and punctuation


@dataclass(frozen=True, slots=True)
class Placement:
    """A toponym as written, resolved to a point."""

    text: str  # the name as written
    name: str  # the gazetteer's name for the place
    lat: float
    lon: float
    country: str | None  # ISO3
    admin1: str | None  # admin-1 name (governorate, province, state); None for countries and regions
    precision: Precision
    score: float  # 0-1: how sure the resolver is, from the match and the competition
    gazetteer_id: str


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in km between two (lat, lon) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
