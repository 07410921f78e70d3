"""API latency on a large synthetic database: p50 and p95 per query, through the real app.

The load set is generated in DuckDB itself, so a million events take seconds to make. How:
* actors: every state of the registry (with and without a sector) and the curated groups; each
  event draws a source and a target with a skew (a few dyads carry most events, as in news:
  the index of the actor is floor(n · u³) for u uniform), so popular dyads have tens of thousands
  of events and rare ones a handful;
* types, modes and quad classes follow the mix the coder produced on the Guardian corpus (about
  half ASSAULT/CONSULT, 85% actual); dates uniform over five years; confidence uniform 0.3–0.95;
* places: 40% have none, the rest scatter around forty towns of the theatre and beyond;
* sentences: a few dozen templates with the actor and place names filled in, so text search
  has something to find; one document per ten events.
Queries run through ``fastapi.testclient.TestClient`` (no network), each 30 times after a warm-up.

    python benchmarks/api_latency.py --events 1000000
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from dyadwatch.actors.registry import default_registry
from dyadwatch.store.database import Store

TYPES = [("ASSAULT", "material conflict", -7.0, 0.26), ("CONSULT", "verbal cooperation", 2.5, 0.24),
         ("COERCE", "material conflict", -5.0, 0.10), ("ACCUSE", "verbal conflict", -3.0, 0.08),
         ("SUPPORT", "verbal cooperation", 4.0, 0.07), ("AGREE", "verbal cooperation", 3.0, 0.06),
         ("MOBILIZE", "material conflict", -4.0, 0.05), ("REQUEST", "verbal cooperation", 1.0, 0.05),
         ("AID", "material cooperation", 6.0, 0.04), ("PROTEST", "verbal conflict", -2.0, 0.03),
         ("THREATEN", "verbal conflict", -4.5, 0.02)]
PLACES = [("Baghdad", 33.34, 44.40, "Baghdad", "IRQ"), ("Mosul", 36.34, 43.13, "Nineveh", "IRQ"),
          ("Damascus", 33.51, 36.29, "Damascus", "SYR"), ("Aleppo", 36.20, 37.16, "Aleppo", "SYR"),
          ("Hasakah", 36.50, 40.75, "Hasakah", "SYR"), ("al-Hol", 36.38, 41.15, "Hasakah", "SYR"),
          ("Deir ez-Zor", 35.34, 40.14, "Deir ez-Zor", "SYR"), ("Raqqa", 35.95, 39.01, "Raqqa", "SYR"),
          ("Erbil", 36.19, 44.01, "Erbil", "IRQ"), ("Kirkuk", 35.47, 44.39, "Kirkuk", "IRQ"),
          ("Ramadi", 33.42, 43.30, "Anbar", "IRQ"), ("al-Qaim", 34.39, 40.99, "Anbar", "IRQ"),
          ("Tehran", 35.69, 51.39, "Tehran", "IRN"), ("Ankara", 39.93, 32.86, "Ankara", "TUR"),
          ("Beirut", 33.89, 35.50, "Beirut", "LBN"), ("Amman", 31.95, 35.93, "Amman", "JOR"),
          ("Riyadh", 24.71, 46.68, "Riyadh", "SAU"), ("Doha", 25.29, 51.53, "Doha", "QAT"),
          ("Kabul", 34.53, 69.17, "Kabul", "AFG"), ("Kyiv", 50.45, 30.52, "Kyiv", "UKR")]
TEMPLATES = ["{s} forces attacked positions held by {t} near {p}.",
             "{s} officials met their {t} counterparts in {p}.",
             "{s} accused {t} of planning attacks around {p}.", "{s} sent aid convoys to {p} for {t}.",
             "A delegation from {s} held talks with {t} in {p} on security along the border.",
             "{s} arrested suspected members of {t} in {p}.", "Protesters in {p} denounced {t}.",
             "{s} threatened {t} with strikes if attacks near {p} continued."]


def build(db_path: Path, n_events: int) -> None:
    reg = default_registry()
    actors = [(c, c, reg.countries[c].name) for c in sorted(reg.countries)]
    actors += [(f"{c}{s}", c, f"{reg.countries[c].name} {s}") for c in ("IRQ", "SYR", "IRN", "TUR", "USA", "RUS")
               for s in ("GOV", "MIL", "SPY", "COP", "REB")]
    actors += [(o.id, o.country or "", o.name) for o in reg.organisations.values() if not o.id.startswith("PHX_")]
    Store(db_path).close()  # the schema
    con = duckdb.connect(str(db_path))
    con.execute("CREATE TEMP TABLE actors (i INTEGER, id VARCHAR, country VARCHAR, name VARCHAR)")
    con.executemany("INSERT INTO actors VALUES (?, ?, ?, ?)", [(i, *a) for i, a in enumerate(actors)])
    con.execute("CREATE TEMP TABLE types (i INTEGER, type VARCHAR, quad VARCHAR, intensity DOUBLE, "
                "lo DOUBLE, hi DOUBLE)")
    edge = 0.0
    for i, (type_, quad, intensity, share) in enumerate(TYPES):
        con.execute("INSERT INTO types VALUES (?, ?, ?, ?, ?, ?)", [i, type_, quad, intensity, edge, edge + share])
        edge += share
    con.execute("UPDATE types SET hi = 1.0001 WHERE i = ?", [len(TYPES) - 1])
    con.execute("CREATE TEMP TABLE places (i INTEGER, name VARCHAR, lat DOUBLE, lon DOUBLE, admin1 VARCHAR, "
                "country VARCHAR)")
    con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?)", [(i, *p) for i, p in enumerate(PLACES)])
    con.execute("CREATE TEMP TABLE templates (i INTEGER, t VARCHAR)")
    con.executemany("INSERT INTO templates VALUES (?, ?)", list(enumerate(TEMPLATES)))
    n_actors, n_places, n_docs = len(actors), len(PLACES), max(1, n_events // 10)
    con.execute("SELECT setseed(0.42)")
    con.execute(f"""
        INSERT INTO documents (doc_id, content_hash, title, url, source, published, published_from, origin, fmt,
                               text, n_chars, ingested_at, run_id, registry_version)
        SELECT printf('doc%08d', r), printf('h%08d', r), 'Synthetic dispatch ' || r,
               'https://load.dyadwatch.invalid/' || r, 'Load Wire', DATE '2020-01-01' + CAST(r % 1826 AS INTEGER),
               'metadata', 'synthetic', 'jsonl', 'synthetic', 9, now(), 'load', 'load'
        FROM range({n_docs}) t(r)""")
    con.execute(f"""
        CREATE TEMP TABLE draws AS
        SELECT r, CAST(floor({n_actors} * pow(random(), 3)) AS INTEGER) AS s,
               CAST(floor({n_actors} * pow(random(), 3)) AS INTEGER) AS t, random() AS ty, random() AS mo,
               CAST(floor({n_places} * random()) AS INTEGER) AS p, random() AS has_place,
               CAST(floor(8 * random()) AS INTEGER) AS tpl, 0.3 + 0.65 * random() AS conf,
               CAST(floor(1826 * random()) AS INTEGER) AS day
        FROM range({n_events}) t(r)""")
    con.execute("""
        INSERT INTO events (event_id, doc_id, type, cameo, mode, historical, reciprocal, source_id, source_name,
            source_country, source_sector, target_id, target_name, target_country, target_sector, date, date_end,
            date_granularity, date_fallback, place_name, lat, lon, admin1, place_country, place_precision,
            intensity, quad, confidence, sentence, sentence_start, trigger_start, trigger_end, trigger_text,
            record, registry_version, run_id, plover_event, mode_cue, place_source)
        SELECT printf('ev%010d', d.r), printf('doc%08d', d.r // 10), ty.type, '000',
               CASE WHEN d.mo < 0.85 THEN 'actual' WHEN d.mo < 0.92 THEN 'planned' WHEN d.mo < 0.97 THEN 'negated'
                    ELSE 'threatened' END,
               false, false, sa.id, sa.name, nullif(sa.country, ''), NULL, ta.id, ta.name, nullif(ta.country, ''),
               NULL, DATE '2020-01-01' + d.day, DATE '2020-01-01' + d.day, 'day', false,
               CASE WHEN d.has_place > 0.4 THEN pl.name END,
               CASE WHEN d.has_place > 0.4 THEN pl.lat + (random() - 0.5) * 0.4 END,
               CASE WHEN d.has_place > 0.4 THEN pl.lon + (random() - 0.5) * 0.4 END,
               CASE WHEN d.has_place > 0.4 THEN pl.admin1 END, CASE WHEN d.has_place > 0.4 THEN pl.country END,
               CASE WHEN d.has_place > 0.4 THEN 'town' END, ty.intensity, ty.quad, d.conf,
               replace(replace(replace(tp.t, '{s}', sa.name), '{t}', ta.name), '{p}', pl.name), 0, 0, 6, 'struck',
               '{}', 'load', 'load', ty.type, NULL, CASE WHEN d.has_place > 0.4 THEN 'clause' END
        FROM draws d JOIN actors sa ON sa.i = d.s JOIN actors ta ON ta.i = d.t
        JOIN types ty ON d.ty >= ty.lo AND d.ty < ty.hi JOIN places pl ON pl.i = d.p
        JOIN templates tp ON tp.i = d.tpl""")
    con.execute("""
        INSERT INTO event_actors SELECT event_id, 'source', 0, source_id, source_name, source_country, NULL, NULL,
            source_name, NULL, NULL FROM events WHERE run_id = 'load'""")
    con.execute("""
        INSERT INTO event_actors SELECT event_id, 'target', 0, target_id, target_name, target_country, NULL, NULL,
            target_name, NULL, NULL FROM events WHERE run_id = 'load'""")
    con.execute("""
        INSERT INTO event_pairs SELECT event_id, source_id, source_country, target_id, target_country
        FROM events WHERE run_id = 'load'""")
    con.execute("CHECKPOINT")
    con.close()
    Store(db_path).close()  # fills what the store derives on open (the lower-case search text)


QUERIES = [
    ("events, first page", "/api/events?limit=50"),
    ("events, dyad IRQ:SYR", "/api/events?dyad=IRQ:SYR&limit=50"),
    ("events, actor ISIS, actual", "/api/events?actor=ISIS&mode=actual&limit=50"),
    ("events, type + dates", "/api/events?type=ASSAULT&since=2023-01-01&until=2023-03-31&limit=50"),
    ("events, near al-Hol 30 km", "/api/events?near=36.38,41.15&radius_km=30&limit=50"),
    ("events, admin1 Hasakah", "/api/events?admin1=Hasakah&limit=50"),
    ("events, text search", "/api/events?q=delegation%20border&limit=50"),
    ("events, sort by confidence", "/api/events?sort=-confidence&limit=50&offset=500"),
    ("events, merged level", "/api/events?level=merged&limit=50"),
    ("event with its evidence", "/api/events/ev0000123456"),
    ("dyad series IRQ–SYR by month", "/api/dyads/IRQ/SYR/series?freq=month"),
    ("dyad phases IRQ–SYR by month", "/api/dyads/IRQ/SYR/phases?freq=month"),
    ("network, one month", "/api/network?since=2023-03-01&until=2023-03-31"),
    ("overview (dashboard)", "/api/overview"),
    ("alerts", "/api/alerts"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--db", type=Path, help="reuse or keep the synthetic database here")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from dyadwatch.api import create_app

    workdir = tempfile.TemporaryDirectory(prefix="dyadwatch-api-")
    db = args.db or Path(workdir.name) / "load.duckdb"
    if not db.exists():
        started = time.perf_counter()
        build(db, args.events)
        print(f"built {args.events:,} synthetic events in {time.perf_counter() - started:.1f} s ({db})")
    client = TestClient(create_app(db))
    print(f"{'query':<32} {'p50 ms':>8} {'p95 ms':>8} {'rows':>8}")
    for label, url in QUERIES:
        client.get(url)  # warm-up
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
        body = response.json()
        listed = next((body[k] for k in ("periods", "alerts", "links", "series", "evidence") if k in body), [])
        rows = body.get("total", len(listed))
        times.sort()
        p95 = times[min(len(times) - 1, round(0.95 * len(times)) - 1)]
        print(f"{label:<32} {statistics.median(times):8.1f} {p95:8.1f} {rows:>8}")


if __name__ == "__main__":
    main()
