"""Merged events in the DuckDB store, beside the mentions they merge.

Two tables, created on first use:

- ``merged_events``: one row per merged event (its summary, see
  :class:`dyadwatch.merge.cluster.MergedEvent`; ``record`` holds the whole summary as JSON);
- ``merge_members``: which merged event each mention (``events.event_id``) belongs to, in the order
  the mentions were added (``seq``), with the score that put it there and the member it matched.

:func:`merge_store` merges the mentions that are not in ``merge_members`` yet, in the order of their
documents' ingest time, then event id (document id between the two, so that documents ingested in
the same instant still come one after the other). It first restores every existing merged event with its
members, so new documents join existing events, existing assignments never change, and a re-run
on an unchanged store writes nothing. Everything it writes is written in one transaction.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from collections import defaultdict
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from dyadwatch.merge.cluster import DEFAULT_THRESHOLD, MergedEvent, Merger
from dyadwatch.store.database import Store

MERGE_SCHEMA = """
CREATE TABLE IF NOT EXISTS merged_events (
    merged_id VARCHAR PRIMARY KEY, first_event_id VARCHAR, n_mentions INTEGER, n_documents INTEGER,
    n_sources INTEGER, type VARCHAR, plover_event VARCHAR, cameo VARCHAR, mode VARCHAR, confidence DOUBLE,
    date DATE, date_end DATE, date_granularity VARCHAR, date_fallback BOOLEAN,
    place_name VARCHAR, lat DOUBLE, lon DOUBLE, admin1 VARCHAR, place_country VARCHAR, place_precision VARCHAR,
    source_ids VARCHAR[], target_ids VARCHAR[], outlets VARCHAR[], first_seen DATE, last_seen DATE,
    sentence VARCHAR, record JSON, threshold DOUBLE, updated_at TIMESTAMP
);
CREATE TABLE IF NOT EXISTS merge_members (
    event_id VARCHAR PRIMARY KEY, merged_id VARCHAR, seq BIGINT, score DOUBLE, matched_event_id VARCHAR,
    merged_at TIMESTAMP
);
CREATE INDEX IF NOT EXISTS merge_members_merged ON merge_members (merged_id);
"""

MERGED_COLUMNS = [
    "merged_id", "first_event_id", "n_mentions", "n_documents", "n_sources", "type", "plover_event", "cameo",
    "mode", "confidence", "date", "date_end", "date_granularity", "date_fallback", "place_name", "lat", "lon",
    "admin1", "place_country", "place_precision", "source_ids", "target_ids", "outlets", "first_seen",
    "last_seen", "sentence", "record", "threshold", "updated_at",
]


@dataclass
class MergeReport:
    """What one :func:`merge_store` run did."""

    mentions: int = 0  # mentions that were not merged before this run
    new_events: int = 0  # merged events this run started
    joined_existing: int = 0  # mentions that joined a merged event from an earlier run
    joined_new: int = 0  # mentions that joined a merged event started in this run
    duplicates: int = 0  # mentions whose event id had already been seen in this run
    merged_events: int = 0  # merged events in the store afterwards
    members: int = 0  # mentions in the store with a merged event afterwards
    seconds: float = 0.0
    threshold: float = DEFAULT_THRESHOLD

    def stats(self) -> dict[str, Any]:
        return dict(self.__dict__)


def ensure_schema(store: Store) -> None:
    store.con.execute(MERGE_SCHEMA)


def reset_merges(store: Store) -> None:
    """Forget every merge (after a re-coding, whose mentions may differ), in one transaction."""
    ensure_schema(store)
    with store.transaction() as con:
        con.execute("DELETE FROM merge_members")
        con.execute("DELETE FROM merged_events")
        con.execute("UPDATE events SET merged_id = NULL, lead = true")


def _has_table(store: Store, name: str) -> bool:
    row = store.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(row and row[0])


def _record(value: Any) -> dict[str, Any]:
    return json.loads(value) if isinstance(value, str) else dict(value)


def _outlet(source: str | None, url: str | None) -> str | None:
    """The outlet a document came from: its ``source``, else its URL's host."""
    if source:
        return source
    if url:
        host = urlparse(url).netloc.lower()
        return host[4:] if host.startswith("www.") else host or None
    return None


def _document_maps(store: Store) -> tuple[dict[str, str | None], dict[str, dt.date]]:
    source_of: dict[str, str | None] = {}
    published_of: dict[str, dt.date] = {}
    for doc_id, source, url, published, ingested in store.con.execute(
            "SELECT doc_id, source, url, published, ingested_at FROM documents").fetchall():
        source_of[doc_id] = _outlet(source, url)
        seen = published or (ingested.date() if isinstance(ingested, dt.datetime) else ingested)
        if seen is not None:
            published_of[doc_id] = seen
    return source_of, published_of


def _seed(store: Store, merger: Merger) -> int:
    """Restore the stored merged events into ``merger``; returns the highest ``seq`` stored."""
    rows = store.con.execute(
        "SELECT m.merged_id, m.seq, e.record FROM merge_members m JOIN events e USING (event_id) "
        "ORDER BY m.seq, m.event_id").fetchall()
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)  # insertion order = order of first member
    for merged, _seq, record in rows:
        groups[merged].append(_record(record))
    for merged, records in groups.items():
        merger.seed(merged, records)
    row = store.con.execute("SELECT max(seq) FROM merge_members").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _row(event: MergedEvent, threshold: float, now: dt.datetime) -> list[Any]:
    place = event.place or {}
    return [
        event.merged_id, event.first_event_id, event.n_mentions, event.n_documents, event.n_sources,
        event.type, event.plover_event, event.cameo, event.mode, event.confidence,
        event.date, event.date_end, event.date_granularity, event.date_fallback,
        place.get("name"), place.get("lat"), place.get("lon"), place.get("admin1"), place.get("country"),
        place.get("precision"),
        [a["id"] for a in event.sources], [a["id"] for a in event.targets], event.outlets,
        event.first_seen, event.last_seen, event.sentence,
        json.dumps(event.to_dict(), ensure_ascii=False), threshold, now,
    ]


_MEMBER_COLUMNS = ["event_id", "merged_id", "seq", "score", "matched_event_id", "merged_at"]
_CASTS = {"date": "DATE", "date_end": "DATE", "first_seen": "DATE", "last_seen": "DATE", "source_ids": "VARCHAR[]",
          "target_ids": "VARCHAR[]", "outlets": "VARCHAR[]", "record": "JSON", "updated_at": "TIMESTAMP",
          "n_mentions": "INTEGER", "n_documents": "INTEGER", "n_sources": "INTEGER", "lat": "DOUBLE",
          "lon": "DOUBLE", "confidence": "DOUBLE", "date_fallback": "BOOLEAN"}


def _write(store: Store, members: list[list[Any]], summaries: list[list[Any]]) -> None:
    """New members and the (re)written summaries of the events they touched, in one transaction
    (bulk inserts from data frames: row-by-row ``executemany`` is slow in DuckDB)."""
    member_frame = pd.DataFrame(members, columns=_MEMBER_COLUMNS)
    merged = pd.DataFrame(summaries, columns=MERGED_COLUMNS)
    select = ", ".join(f"CAST({c} AS {_CASTS[c]})" if c in _CASTS else c for c in MERGED_COLUMNS)
    with store.transaction() as con:
        con.register("_merge_members_new", member_frame)
        con.register("_merged_events_new", merged)
        try:
            con.execute(f"INSERT INTO merge_members ({', '.join(_MEMBER_COLUMNS)}) "
                        f"SELECT {', '.join(_MEMBER_COLUMNS)} FROM _merge_members_new")
            con.execute(f"INSERT OR REPLACE INTO merged_events ({', '.join(MERGED_COLUMNS)}) "
                        f"SELECT {select} FROM _merged_events_new")
            store.refresh_merged(con, sorted(set(member_frame["merged_id"])))
        finally:
            con.unregister("_merge_members_new")
            con.unregister("_merged_events_new")


def merge_store(store: Store, threshold: float = DEFAULT_THRESHOLD) -> MergeReport:
    """Merge the store's not-yet-merged mentions into new or existing merged events (idempotent)."""
    started = time.perf_counter()
    ensure_schema(store)
    source_of, published_of = _document_maps(store)
    merger = Merger(threshold=threshold, source_of=source_of, published_of=published_of)
    before = {m for (m,) in store.con.execute("SELECT DISTINCT merged_id FROM merge_members").fetchall()}
    last_seq = _seed(store, merger)
    records = [_record(r) for (r,) in store.con.execute(
        "SELECT e.record FROM events e JOIN documents d USING (doc_id) "
        "WHERE NOT EXISTS (SELECT 1 FROM merge_members m WHERE m.event_id = e.event_id) "
        "ORDER BY d.ingested_at, e.doc_id, e.event_id").fetchall()]
    decisions = merger.add(records)
    report = MergeReport(mentions=len(records), threshold=threshold)
    members: list[list[Any]] = []
    touched: set[str] = set()
    now = dt.datetime.now()
    for decision in decisions:
        if decision.duplicate:
            report.duplicates += 1
            continue
        touched.add(decision.merged_id)
        if decision.created:
            report.new_events += 1
        elif decision.merged_id in before:
            report.joined_existing += 1
        else:
            report.joined_new += 1
        last_seq += 1
        members.append([decision.event_id, decision.merged_id, last_seq, decision.score,
                        decision.matched_event_id, now])
    if members:
        summaries = [_row(event, threshold, now) for event in merger.merged_events(touched)]
        _write(store, members, summaries)
    counts = store.con.execute("SELECT (SELECT count(*) FROM merged_events), "
                               "(SELECT count(*) FROM merge_members)").fetchone()
    report.merged_events, report.members = (int(counts[0]), int(counts[1])) if counts else (0, 0)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def merged_frame(store: Store) -> pd.DataFrame:
    """The merged events as a DataFrame (empty, with the columns, before the first merge)."""
    if not _has_table(store, "merged_events"):
        return pd.DataFrame(columns=MERGED_COLUMNS)
    return store.con.execute("SELECT * FROM merged_events ORDER BY date, merged_id").df()


def members_frame(store: Store) -> pd.DataFrame:
    """Each merged mention with its merged event, in the order the mentions were added."""
    if not _has_table(store, "merge_members"):
        return pd.DataFrame(columns=["event_id", "merged_id", "seq", "score", "matched_event_id", "merged_at"])
    return store.con.execute("SELECT * FROM merge_members ORDER BY seq").df()
