"""The DuckDB store: the only module that talks SQL.

Each document is written with its events in one transaction; a document whose content hash is
already stored is skipped, so re-running the same input changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from dyadwatch.records import Actor, Document, EventMention

SCHEMA_VERSION = 3
MAX_TOP_N = 5000  # events_page picks pages up to this deep in one pass (see there)
PAIRS_RULE = "2"  # the version of rebuild_event_pairs' rule; a store built by another is rebuilt on open
DEFAULT_DB = "dyadwatch.duckdb"

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR);
CREATE TABLE IF NOT EXISTS runs (
    run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, command VARCHAR,
    registry_version VARCHAR, lexicon_version VARCHAR, docs_read INTEGER, docs_new INTEGER,
    docs_duplicate INTEGER, docs_failed INTEGER, events INTEGER
);
CREATE TABLE IF NOT EXISTS run_errors (run_id VARCHAR, origin VARCHAR, reason VARCHAR);
CREATE TABLE IF NOT EXISTS documents (
    doc_id VARCHAR PRIMARY KEY, content_hash VARCHAR UNIQUE, title VARCHAR, url VARCHAR,
    source VARCHAR, published DATE, published_from VARCHAR, origin VARCHAR, fmt VARCHAR,
    text VARCHAR, n_chars INTEGER, ingested_at TIMESTAMP, run_id VARCHAR, registry_version VARCHAR
);
CREATE TABLE IF NOT EXISTS events (
    event_id VARCHAR PRIMARY KEY, doc_id VARCHAR, type VARCHAR, cameo VARCHAR, mode VARCHAR,
    historical BOOLEAN, reciprocal BOOLEAN,
    source_id VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR,
    target_id VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR,
    claimant_id VARCHAR, claimant_name VARCHAR,
    date DATE, date_end DATE, date_granularity VARCHAR, date_fallback BOOLEAN, date_text VARCHAR,
    place_name VARCHAR, lat DOUBLE, lon DOUBLE, admin1 VARCHAR, place_country VARCHAR,
    place_precision VARCHAR,
    intensity DOUBLE, quad VARCHAR, confidence DOUBLE,
    sentence VARCHAR, sentence_start INTEGER, trigger_start INTEGER, trigger_end INTEGER,
    trigger_text VARCHAR, record JSON, registry_version VARCHAR, run_id VARCHAR,
    plover_event VARCHAR, mode_cue VARCHAR, place_source VARCHAR
);
CREATE TABLE IF NOT EXISTS event_actors (
    event_id VARCHAR, role VARCHAR, position INTEGER, actor_id VARCHAR, name VARCHAR,
    country VARCHAR, sector VARCHAR, person VARCHAR, text VARCHAR, span_start INTEGER,
    span_end INTEGER
);
-- one row per (source, target) pair of each event: the dyad filter reads this narrow table
-- instead of joining event_actors with itself (schema 3)
CREATE TABLE IF NOT EXISTS event_pairs (
    event_id VARCHAR, source_id VARCHAR, source_country VARCHAR, target_id VARCHAR, target_country VARCHAR
);
CREATE INDEX IF NOT EXISTS events_doc ON events (doc_id);
CREATE INDEX IF NOT EXISTS event_actors_event ON event_actors (event_id);
CREATE INDEX IF NOT EXISTS event_actors_actor ON event_actors (actor_id);
"""

EVENT_COLUMNS = [
    "event_id", "doc_id", "type", "cameo", "mode", "historical", "reciprocal",
    "source_id", "source_name", "source_country", "source_sector",
    "target_id", "target_name", "target_country", "target_sector", "claimant_id", "claimant_name",
    "date", "date_end", "date_granularity", "date_fallback", "date_text",
    "place_name", "lat", "lon", "admin1", "place_country", "place_precision",
    "intensity", "quad", "confidence", "sentence", "sentence_start", "trigger_start",
    "trigger_end", "trigger_text", "record", "registry_version", "run_id",
    "plover_event", "mode_cue", "place_source", "search_text",
]
# Columns added after schema 1: a database made by an earlier version gains them on open.
MIGRATIONS = [
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS plover_event VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS mode_cue VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS place_source VARCHAR",
    # schema 3: analyst corrections (dyadwatch.corrections) mark the rows they changed
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS corrected BOOLEAN DEFAULT false",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS rejected BOOLEAN DEFAULT false",
    # schema 3: the merged event each mention belongs to, and whether it is the one that stands for
    # it (see Store.refresh_merged), kept on the row so that queries at the merged level need no join
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS merged_id VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS lead BOOLEAN DEFAULT true",
    # schema 3: the evidence sentence in lower case, which the text search scans (a plain LIKE on
    # it is several times faster than ILIKE on the sentence)
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS search_text VARCHAR",
]


def default_db_path() -> Path:
    return Path(os.environ.get("DYADWATCH_DB") or DEFAULT_DB)


@dataclass
class EventFilter:
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    type: str | None = None
    mode: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    include_historical: bool = True
    near: tuple[float, float] | None = None  # (lat, lon)
    radius_km: float = 50.0
    admin1: str | None = None  # admin-1 name as the gazetteer writes it
    include_rejected: bool = False  # events an analyst marked wrong
    event_ids: tuple[str, ...] | None = None  # only these events
    directed: bool = False  # dyad: only events from its first actor to its second
    sectors: tuple[str, ...] = ()  # a source or target of one of these sectors (MIL, REB, GOV, ...)
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat
    limit: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _actor_match(alias: str, code: str, params: list[Any]) -> str:
    """SQL for 'this event_actors row is ``code``': a registry id, or an ISO3 code standing for
    the state and all its sectors."""
    if len(code) == 3 and code.isalpha() and code.isupper():
        params.extend([code, code])
        return f"({alias}.actor_id = ? OR {alias}.country = ?)"
    params.append(code)
    return f"{alias}.actor_id = ?"


INDEX_LOOKUP_MAX = 200  # id lists up to this long are looked up through the primary-key index


def _id_in(column: str, ids: list[str], params: list[Any]) -> str:
    """SQL for "``column`` is one of ``ids``". A short list goes in as placeholders, which DuckDB
    answers from the primary-key index (a few ms for scattered rows of a large table); a long one
    as a list to probe, which beats the index past a few hundred ids."""
    if not ids:
        return "false"
    if len(ids) <= INDEX_LOOKUP_MAX:
        params.extend(ids)
        return f"{column} IN ({', '.join('?' for _ in ids)})"
    params.append(list(ids))
    return f"{column} IN (SELECT unnest(?))"


def _pair_match(role: str, code: str, params: list[Any]) -> str:
    """SQL for 'the pair's ``role`` is ``code``' on event_pairs (ISO3: the state and its sectors)."""
    if len(code) == 3 and code.isalpha() and code.isupper():
        params.extend([code, code])
        return f"(p.{role}_id = ? OR p.{role}_country = ?)"
    params.append(code)
    return f"p.{role}_id = ?"


# only the documents the events in ``e`` come from, and only the columns a listing shows: joining
# the whole documents table (with its texts) costs far more than the events themselves
_DOCUMENTS_OF_E = ("(SELECT doc_id, title, url, source, published FROM documents "
                   "WHERE doc_id IN (SELECT doc_id FROM e))")


class Store:
    def __init__(self, path: str | Path | None = None, read_only: bool = False):
        self.path = Path(path) if path else default_db_path()
        if read_only and not self.path.exists():
            raise FileNotFoundError(f"no database at {self.path}; run `dyadwatch ingest` first")
        self.con = duckdb.connect(str(self.path), read_only=read_only)
        if not read_only:
            self.con.execute(SCHEMA)
            for statement in MIGRATIONS:
                self.con.execute(statement)
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
            self._backfill()
        # a read-only handle on an older database lacks the newer columns; queries ask first
        self.event_columns = {row[0] for row in self.con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'events'").fetchall()}
        self.has_pairs = self.has_table("event_pairs")

    def _backfill(self) -> None:
        """Fill what a migration added to an older database: its event pairs and merge columns."""
        built = self.con.execute("SELECT value FROM meta WHERE key = 'event_pairs_built'").fetchone()
        if not built or built[0] != PAIRS_RULE:
            with self.transaction() as con:
                con.execute("DELETE FROM event_pairs")
                self.rebuild_event_pairs(con)
                con.execute("INSERT OR REPLACE INTO meta VALUES ('event_pairs_built', ?)", [PAIRS_RULE])
        if self.con.execute("SELECT 1 FROM events WHERE search_text IS NULL AND sentence IS NOT NULL LIMIT 1"
                            ).fetchone():
            with self.transaction() as con:
                con.execute("UPDATE events SET search_text = lower(sentence) "
                            "WHERE search_text IS NULL AND sentence IS NOT NULL")
        if self.has_table("merge_members") and self.con.execute(
                "SELECT 1 FROM merge_members m JOIN events e USING (event_id) WHERE e.merged_id IS NULL LIMIT 1"
        ).fetchone():
            with self.transaction() as con:
                self.refresh_merged(con)

    def rebuild_event_pairs(self, con: duckdb.DuckDBPyConnection, event_ids: list[str] | None = None) -> None:
        """Write the (source, target) pairs of ``event_ids`` (or of all events) from event_actors:
        every source with every target, and for a reciprocal event every party with every other,
        both ways (as dyad_series and actor_network read a reciprocal event)."""
        scope, params = "", []
        if event_ids is not None:
            if not event_ids:
                return
            con.execute("DELETE FROM event_pairs WHERE event_id IN (SELECT unnest(?))", [list(event_ids)])
            scope, params = " AND s.event_id IN (SELECT unnest(?))", [list(event_ids)]
        con.execute(
            "INSERT INTO event_pairs SELECT DISTINCT s.event_id, s.actor_id, s.country, t.actor_id, t.country "
            "FROM event_actors s JOIN event_actors t ON t.event_id = s.event_id "
            "JOIN events r ON r.event_id = s.event_id "
            "WHERE s.role IN ('source', 'target') AND t.role IN ('source', 'target') "
            "AND ((s.role = 'source' AND t.role = 'target') "
            f"OR (r.reciprocal AND NOT (s.role = t.role AND s.position = t.position))){scope}", params)

    def refresh_merged(self, con: duckdb.DuckDBPyConnection, merged_ids: list[str] | None = None) -> None:
        """Copy each mention's merged event onto its row and mark the mention that leads it (the
        most confident one an analyst has not rejected); for ``merged_ids``, or all. Runs inside
        the caller's transaction."""
        if not self.has_table("merge_members"):
            return
        scope, params = "", []
        if merged_ids is not None:
            if not merged_ids:
                return
            scope = " AND m.merged_id IN (SELECT unnest(?))"
            params = [list(merged_ids)]
        con.execute("UPDATE events SET merged_id = m.merged_id FROM merge_members m "
                    f"WHERE events.event_id = m.event_id{scope}", params)
        con.execute("UPDATE events SET lead = ranked.rn = 1 AND NOT ranked.rejected FROM ("
                    "SELECT e.event_id, coalesce(e.rejected, false) AS rejected, row_number() OVER ("
                    "PARTITION BY e.merged_id ORDER BY coalesce(e.rejected, false), e.confidence DESC, e.event_id"
                    ") AS rn "
                    f"FROM events e JOIN merge_members m USING (event_id) WHERE true{scope}) ranked "
                    "WHERE events.event_id = ranked.event_id", params)

    def has_table(self, name: str) -> bool:
        return bool(self.con.execute("SELECT 1 FROM information_schema.tables WHERE table_name = ?",
                                     [name]).fetchone())

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # ---- runs ----------------------------------------------------------------------------------
    def start_run(self, command: str, registry_version: str, lexicon_version: str) -> str:
        run_id = uuid.uuid4().hex[:12]
        self.con.execute("INSERT INTO runs (run_id, started, command, registry_version, lexicon_version) "
                         "VALUES (?, ?, ?, ?, ?)",
                         [run_id, dt.datetime.now(), command, registry_version, lexicon_version])
        return run_id

    def finish_run(self, run_id: str, stats: dict[str, int]) -> None:
        self.con.execute("UPDATE runs SET finished = ?, docs_read = ?, docs_new = ?, docs_duplicate = ?, "
                         "docs_failed = ?, events = ? WHERE run_id = ?",
                         [dt.datetime.now(), stats.get("read", 0), stats.get("new", 0),
                          stats.get("duplicate", 0), stats.get("failed", 0), stats.get("events", 0), run_id])

    def add_error(self, run_id: str, origin: str, reason: str) -> None:
        self.con.execute("INSERT INTO run_errors VALUES (?, ?, ?)", [run_id, origin, reason])

    # ---- documents -----------------------------------------------------------------------------
    def has_document(self, content_hash: str) -> bool:
        row = self.con.execute("SELECT 1 FROM documents WHERE content_hash = ?", [content_hash]).fetchone()
        return row is not None

    def write_document(self, document: Document, events: list[EventMention], run_id: str,
                       registry_version: str) -> bool:
        """Write a document and its events atomically; False if it was already stored."""
        return self.write_documents([(document, events)], run_id, registry_version)[0]

    def write_documents(self, coded: Sequence[tuple[Document, list[EventMention]]], run_id: str,
                        registry_version: str) -> list[bool]:
        """Write documents and their events in one transaction (a batch costs about what one
        document does); for each, False if it was already stored or came earlier in ``coded``."""
        if not coded:
            return []
        with self.transaction() as con:
            hashes = [document.content_hash for document, _ in coded]
            stored = {h for (h,) in con.execute("SELECT content_hash FROM documents WHERE list_contains(?, "
                                                "content_hash)", [hashes]).fetchall()}
            written: list[bool] = []
            documents: list[list[Any]] = []
            events: list[EventMention] = []
            now = dt.datetime.now()
            for document, its_events in coded:
                if document.content_hash in stored:
                    written.append(False)
                    continue
                stored.add(document.content_hash)
                written.append(True)
                documents.append([document.doc_id, document.content_hash, document.title, document.url,
                                  document.source, document.published, document.published_from, document.origin,
                                  document.fmt, document.text, len(document.text), now, run_id, registry_version])
                events.extend(its_events)
            _insert_many(con, "INSERT INTO documents", documents)
            self._insert_events(con, events, run_id, registry_version)
        return written

    def stored_documents(self) -> Iterator[Document]:
        """Every stored document, as it was read, in ingest order (for re-coding)."""
        cur = self.con.execute("SELECT text, title, url, source, published, published_from, origin, fmt "
                               "FROM documents ORDER BY ingested_at, doc_id")
        while rows := cur.fetchmany(256):
            for text, title, url, source, published, published_from, origin, fmt in rows:
                yield Document(text=text, title=title, url=url, source=source, published=published,
                               published_from=published_from, origin=origin, fmt=fmt)

    def replace_events(self, doc_id: str, events: list[EventMention], run_id: str, registry_version: str) -> None:
        """Put a re-coding's events in place of a document's old ones, atomically."""
        with self.transaction() as con:
            for table in ("event_actors", "event_pairs"):
                con.execute(f"DELETE FROM {table} WHERE event_id IN (SELECT event_id FROM events WHERE doc_id = ?)",
                            [doc_id])
            con.execute("DELETE FROM events WHERE doc_id = ?", [doc_id])
            self._insert_events(con, events, run_id, registry_version)
            con.execute("UPDATE documents SET registry_version = ? WHERE doc_id = ?", [registry_version, doc_id])

    def _insert_events(self, con: duckdb.DuckDBPyConnection, events: list[EventMention], run_id: str,
                       registry_version: str) -> None:
        """Each table's new rows in one INSERT (see ``_insert_many``)."""
        event_rows, actor_rows, pair_rows = [], [], []
        for event in events:
            event_rows.append(_event_row(event, run_id, registry_version))
            actor_rows.extend(_actor_rows(event))
            pair_rows.extend(_pair_rows(event))
        _insert_many(con, f"INSERT OR IGNORE INTO events ({', '.join(EVENT_COLUMNS)})", event_rows)
        _insert_many(con, "INSERT INTO event_actors", actor_rows)
        _insert_many(con, "INSERT INTO event_pairs", pair_rows)

    # ---- queries ---------------------------------------------------------------------------------
    def _where(self, flt: EventFilter, known: list[list[str]] | None = None) -> tuple[str, list[Any]]:
        """The filter as SQL on ``events e``. The actor, dyad and sector tests first collect their
        events' ids from the narrow actor tables and pass them as a list (DuckDB probes a list far
        faster than it semi-joins a subquery); with ``known``, those id lists go there instead,
        for the caller to look up (see _scoped)."""
        where: list[str] = ["1=1"]
        params: list[Any] = []

        def ids_are(ids: list[str]) -> str:
            if known is not None:
                known.append(ids)
                return "true"
            return _id_in("e.event_id", ids, params)

        if flt.actor:
            sub: list[Any] = []
            match = _actor_match("a", flt.actor, sub)
            where.append(ids_are(self._ids("SELECT DISTINCT a.event_id FROM event_actors a "
                                           f"WHERE a.role IN ('source', 'target') AND {match}", sub)))
        if flt.dyad and self.has_pairs:
            first, second = flt.dyad
            pair, sub = [], []
            for x, y in ((first, second),) if flt.directed else ((first, second), (second, first)):
                pair.append(f"({_pair_match('source', x, sub)} AND {_pair_match('target', y, sub)})")
            where.append(ids_are(self._ids(
                "SELECT DISTINCT p.event_id FROM event_pairs p WHERE " + " OR ".join(pair), sub)))
        elif flt.dyad:  # a read-only handle on a database older than event_pairs
            first, second = flt.dyad
            pair = []
            for x, y in ((first, second), (second, first)):
                sub_params: list[Any] = []
                src = _actor_match("s", x, sub_params)
                tgt = _actor_match("t", y, sub_params)
                pair.append(
                    "SELECT s.event_id FROM event_actors s JOIN event_actors t ON t.event_id = s.event_id "
                    "JOIN events r ON r.event_id = s.event_id WHERE s.role = 'source' AND "
                    "(t.role = 'target' OR (r.reciprocal AND t.role = 'source' AND t.position <> s.position)) "
                    f"AND {src} AND {tgt}")
                params.extend(sub_params)
            where.append("e.event_id IN (" + " UNION ".join(pair) + ")")
        if flt.type:
            where.append("e.type = ?")
            params.append(flt.type.upper())
        if flt.mode:
            where.append("e.mode = ?")
            params.append(flt.mode.lower())
        if flt.since:
            where.append("coalesce(e.date_end, e.date) >= ?")
            params.append(flt.since)
        if flt.until:
            where.append("e.date <= ?")
            params.append(flt.until)
        if flt.event_ids is not None:
            where.append(ids_are(list(flt.event_ids)))
        if not flt.include_rejected and "rejected" in self.event_columns:
            where.append("NOT coalesce(e.rejected, false)")
        if not flt.include_historical:
            where.append("NOT e.historical")
        if flt.near is not None:
            # a box around the point first (cheap comparisons rule out most rows), then the
            # great-circle distance (haversine) in km; the box is wide enough at any latitude
            lat, lon = flt.near
            dlat = flt.radius_km / 111.0
            dlon = 360.0 if abs(lat) > 89 else min(360.0, flt.radius_km / (111.0 * math.cos(math.radians(lat))))
            where.append("e.lat BETWEEN ? AND ?")
            params.extend([lat - dlat, lat + dlat])
            if dlon < 180:
                where.append("(e.lon BETWEEN ? AND ? OR e.lon BETWEEN ? AND ? OR e.lon BETWEEN ? AND ?)")
                params.extend([lon - dlon, lon + dlon, lon - dlon - 360, lon + dlon - 360,
                               lon - dlon + 360, lon + dlon + 360])
            where.append("e.lat IS NOT NULL AND 2 * 6371.0 * asin(least(1.0, sqrt("
                         "pow(sin(radians(e.lat - ?) / 2), 2) + cos(radians(?)) * cos(radians(e.lat)) * "
                         "pow(sin(radians(e.lon - ?) / 2), 2)))) <= ?")
            params.extend([flt.near[0], flt.near[0], flt.near[1], flt.radius_km])
        if flt.admin1:
            where.append("lower(e.admin1) = lower(?)")
            params.append(flt.admin1)
        if flt.sectors:
            where.append(ids_are(self._ids(
                "SELECT DISTINCT a.event_id FROM event_actors a WHERE a.role IN ('source', 'target') "
                "AND a.sector IN (SELECT unnest(?))", [[x.upper() for x in flt.sectors]])))
        if flt.bbox is not None:
            min_lon, min_lat, max_lon, max_lat = flt.bbox
            where.append("e.lat BETWEEN ? AND ? AND e.lon BETWEEN ? AND ?")
            params.extend([min_lat, max_lat, min_lon, max_lon])
        return " AND ".join(where), params

    def _scoped(self, flt: EventFilter) -> tuple[list[str], str, str, list[Any]]:
        """(CTEs, source, where, params) for a query over the events ``flt`` selects. When the
        filter names few enough events (an actor's, a dyad's, listed ids), they are fetched first
        through the primary-key index into a materialized CTE: DuckDB uses the index only for a
        lookup on its own, and a scattered lookup without it reads every row group."""
        known: list[list[str]] = []
        where, params = self._where(flt, known)
        if not known:
            return [], "events e", where, params
        ids = set(known[0]).intersection(*known[1:])
        ordered = sorted(ids)
        if len(ordered) > INDEX_LOOKUP_MAX:
            return [], "events e", f"{where} AND e.event_id IN (SELECT unnest(?))", [*params, ordered]
        first: list[Any] = []
        cte = f"scoped AS MATERIALIZED (SELECT * FROM events WHERE {_id_in('event_id', ordered, first)})"
        return [cte], "scoped e", where, [*first, *params]

    def _ids(self, sql: str, params: list[Any]) -> list[str]:
        return [row[0] for row in self.con.execute(sql, params).fetchall()]

    def events_frame(self, flt: EventFilter | None = None, columns: tuple[str, ...] = ()) -> pd.DataFrame:
        """The events that pass ``flt`` with their documents' title, url, outlet and date; all
        event columns, or ``columns`` (a narrow frame is much faster to read from a big store)."""
        flt = flt or EventFilter()
        if columns:
            columns = tuple(dict.fromkeys((*columns, "event_id", "doc_id", "date", "trigger_start")))
            if "merged_id" not in self.event_columns:
                columns = tuple(c for c in columns if c != "merged_id")
        ctes, source, where, params = self._scoped(flt)
        # merged_id: on the row since schema 3; from merge_members on an older read-only file
        if "merged_id" in self.event_columns:
            merged, join = "", ""
        elif self.has_table("merge_members"):
            merged, join = ", m.merged_id", " LEFT JOIN merge_members m USING (event_id)"
        else:
            merged, join = ", NULL AS merged_id", ""
        select = f"SELECT {', '.join('e.' + c for c in columns)}" if columns else "SELECT e.*"
        sql = (f"WITH {''.join(c + ', ' for c in ctes)}e AS ({select} FROM {source} WHERE {where}) "
               f"SELECT e.*{merged}, d.title, d.url, d.source AS outlet, d.published FROM e "
               f"JOIN {_DOCUMENTS_OF_E} d USING (doc_id){join} ORDER BY e.date, d.published, e.doc_id, e.trigger_start")
        if flt.limit:
            sql += f" LIMIT {int(flt.limit)}"
        return self.con.execute(sql, params).df()

    def events_page(self, flt: EventFilter, min_confidence: float = 0.0, words: tuple[str, ...] = (),
                    merged: bool = False, order: str = "date", descending: bool = False, limit: int = 100,
                    offset: int = 0) -> tuple[int, pd.DataFrame]:
        """One page of events and the number of all that match, computed in the database (the
        API's query: filters, words in the evidence, one row per merged event, sort, paging).

        Two steps: the filters, count and sort run on the events table alone and pick the page's
        ids; only those rows are then joined to their documents and merges (joining first made
        DuckDB carry every matching row's wide columns through the sort)."""
        ctes, source, where, params = self._scoped(flt)
        with_ctes = f"WITH {', '.join(ctes)} " if ctes else ""
        if min_confidence:
            where += " AND e.confidence >= ?"
            params.append(min_confidence)
        for word in words:
            # the word's own % and _ are letters to find, not LIKE patterns
            if "search_text" in self.event_columns:
                where += " AND e.search_text LIKE ? ESCAPE '\\'"
            else:  # a read-only handle on an older file
                where += " AND e.sentence ILIKE ? ESCAPE '\\'"
            escaped = word.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        lead_column = "lead" in self.event_columns and "merged_id" in self.event_columns
        if merged and lead_column:
            where += " AND e.lead"
        elif merged:  # a read-only handle on an older database: pick the leads here
            has_merges = self.has_table("merge_members")
            key = "coalesce(m.merged_id, e.event_id)" if has_merges else "e.event_id"
            join = "LEFT JOIN merge_members m USING (event_id)" if has_merges else ""
            where = (f"e.event_id IN (SELECT event_id FROM (SELECT e.event_id FROM {source} {join} WHERE {where} "
                     f"QUALIFY row_number() OVER (PARTITION BY {key} ORDER BY e.confidence DESC, e.event_id) = 1))")
        column = {"date": "date", "confidence": "confidence"}[order]
        direction = "DESC" if descending else "ASC"
        sort = f"{column} {direction} NULLS LAST, event_id"
        wanted = int(offset) + int(limit)
        if wanted <= MAX_TOP_N:
            # the count and the page's ids in one pass: min_by keeps the first ``wanted`` rows by
            # a key that orders as the ORDER BY below would (NULLs last, then the event id)
            value = {"date": "date_diff('day', DATE '1970-01-01', e.date)", "confidence": "e.confidence"}[order]
            key = f"struct_pack(v := coalesce({'-' if descending else ''}{value}, 1e300), i := e.event_id)"
            row = self.con.execute(f"{with_ctes}SELECT count(*), min_by(e.event_id, {key}, {wanted}) FROM {source} "
                                   f"WHERE {where}", params).fetchone()
            total, ids = (int(row[0]), list(row[1] or [])[int(offset):]) if row else (0, [])
        else:  # a deep page: count, then sort and skip
            total = int(self.con.execute(f"{with_ctes}SELECT count(*) FROM {source} WHERE {where}",
                                         params).fetchone()[0])  # type: ignore[index]
            ids = [r[0] for r in self.con.execute(
                f"{with_ctes}SELECT e.event_id FROM {source} WHERE {where} ORDER BY e.{sort} LIMIT {int(limit)} "
                f"OFFSET {int(offset)}", params).fetchall()]
        has_merges = self.has_table("merge_members")
        join = "LEFT JOIN merge_members m USING (event_id) LEFT JOIN merged_events g ON g.merged_id = m.merged_id" \
            if has_merges else ""
        extra = "m.merged_id AS merged_id, coalesce(g.n_mentions, 1) AS n_mentions" if has_merges else \
            "NULL AS merged_id, 1 AS n_mentions"
        columns = "e.* EXCLUDE (merged_id)" if "merged_id" in self.event_columns else "e.*"
        picked: list[Any] = []
        page = self.con.execute(
            f"WITH e AS (SELECT * FROM events WHERE {_id_in('event_id', ids, picked)}) "
            f"SELECT {columns}, d.title, d.url, d.source AS outlet, d.published, {extra} FROM e "
            f"JOIN {_DOCUMENTS_OF_E} d USING (doc_id) {join} ORDER BY e.{sort}", picked).df()
        return total, page

    def _dyad_events_sql(self, a: str, b: str, since: dt.date | None, until: dt.date | None,
                         actual_only: bool, include_historical: bool) -> tuple[str, list[Any]]:
        """SQL (a WITH clause) for the events dyad_series counts: ``sel``, the dyad's mentions that
        pass the filters, with their merged event ``k``, directions (``ab``, ``ba``), quad class and
        contribution ``c``; ``ev``, each merged event once by its most confident mention."""
        sub: list[Any] = []
        ab = f"({_pair_match('source', a, sub)} AND {_pair_match('target', b, sub)})"
        ba = f"({_pair_match('source', b, sub)} AND {_pair_match('target', a, sub)})"
        sides = self.con.execute(f"SELECT p.event_id, bool_or({ab}), bool_or({ba}) FROM event_pairs p "
                                 f"WHERE {ab} OR {ba} GROUP BY 1", sub + sub).fetchall()
        flt = EventFilter(since=since, until=until, mode="actual" if actual_only else None,
                          include_historical=include_historical)
        where, params = self._where(flt)
        quad = "lower(replace(replace(e.quad, '_', ' '), '-', ' '))"
        sql = ("WITH d AS (SELECT unnest(?) AS event_id, unnest(?) AS ab, unnest(?) AS ba), "
               "sel AS (SELECT e.event_id, coalesce(e.merged_id, e.event_id) AS k, e.date, e.date_fallback, "
               "e.confidence, d.ab, d.ba, "
               f"CASE WHEN {quad} LIKE 'verbal coop%' THEN 'verbal_coop' WHEN {quad} LIKE 'material coop%' "
               f"THEN 'material_coop' WHEN {quad} LIKE 'verbal confl%' THEN 'verbal_conflict' "
               f"WHEN {quad} LIKE 'material confl%' THEN 'material_conflict' END AS quad, "
               "coalesce(e.intensity, 0) * coalesce(e.confidence, 0.5) "
               "* CASE WHEN e.date_fallback THEN 0.5 ELSE 1 END AS c "
               "FROM events e JOIN d USING (event_id) "
               f"WHERE e.date IS NOT NULL AND {where}), "
               "ev AS (SELECT * FROM sel QUALIFY row_number() OVER (PARTITION BY k ORDER BY "
               "coalesce(confidence, 0.5) DESC, coalesce(date_fallback, false), date, event_id) = 1) ")
        return sql, [[r[0] for r in sides], [r[1] for r in sides], [r[2] for r in sides], *params]

    def supports_dyad_sql(self) -> bool:
        """Whether dyad_periods can run here (not on an older read-only file)."""
        return self.has_pairs and {"lead", "merged_id"} <= self.event_columns

    def dyad_selection(self, a: str, b: str, since: dt.date | None = None, until: dt.date | None = None,
                       actual_only: bool = True, include_historical: bool = False) -> pd.DataFrame:
        """The mentions dyad_series would read for the dyad, one row each, narrow (event_id, merged
        key ``k``, date, ``ab``, ``ba``, quad class, contribution ``c``), with ``lead`` marking the
        one that stands for its merged event (see supports_dyad_sql)."""
        ctes, params = self._dyad_events_sql(a, b, since, until, actual_only, include_historical)
        return self.con.execute(
            ctes + "SELECT sel.event_id, sel.k, sel.date, sel.ab, sel.ba, sel.quad, sel.c, "
            "sel.event_id IN (SELECT event_id FROM ev) AS lead FROM sel", params).df()

    def dyad_periods(self, a: str, b: str, freq: str = "month", since: dt.date | None = None,
                     until: dt.date | None = None, actual_only: bool = True, include_historical: bool = False,
                     selection: pd.DataFrame | None = None) -> pd.DataFrame:
        """The dyad's relation index per period: the same selection and formula as
        :func:`dyadwatch.analysis.dyad_series`, one row per period that has events, without the
        events themselves; from ``selection`` (dyad_selection) when given."""
        if selection is None:
            selection = self.dyad_selection(a, b, since, until, actual_only, include_historical)
        leads = selection[selection["lead"]]
        columns = ["start", "n_events", "index", "index_ab", "index_ba", "n_ab", "n_ba", "verbal_coop",
                   "material_coop", "verbal_conflict", "material_conflict"]
        if leads.empty:
            return pd.DataFrame(columns=columns)
        weekly = freq.strip().lower() in ("week", "w", "weekly")
        days = pd.to_datetime(leads["date"])
        if weekly:  # weeks run Monday to Sunday, as dyad_series' periods do
            start = days - pd.to_timedelta(days.dt.day_of_week, unit="D")
        else:
            start = days.dt.to_period("M").dt.start_time
        ab, ba, c = leads["ab"].astype(bool), leads["ba"].astype(bool), leads["c"].astype(float)
        frame = pd.DataFrame({"start": start.dt.normalize(), "n_events": 1, "index": c, "index_ab": c.where(ab, 0.0),
                              "index_ba": c.where(ba, 0.0), "n_ab": ab.astype(int), "n_ba": ba.astype(int),
                              **{q: (leads["quad"] == q).astype(int) for q in columns[7:]}})
        return frame.groupby("start", as_index=False).sum()[columns]

    def dyad_leads_in(self, selection: pd.DataFrame, windows: list[tuple[dt.date, dt.date]],
                      columns: tuple[str, ...] = ()) -> pd.DataFrame:
        """The events dyad_series counts in the given date windows (periods), one row each (the
        mention that stands for it) with its ``direction`` and ``n_mentions``: what a phase's
        markers are chosen from, without reading the whole dyad."""
        if not windows or selection.empty:
            return self.events_frame(EventFilter(event_ids=()), columns).assign(direction=None, n_mentions=0)
        days = pd.to_datetime(selection["date"])
        inside = pd.Series(False, index=selection.index)
        for first, last in windows:
            inside |= (days >= pd.Timestamp(first)) & (days <= pd.Timestamp(last))
        leads = selection[selection["lead"].astype(bool) & inside]
        mentions = selection.groupby("k").size()
        ab, ba = leads["ab"].astype(bool), leads["ba"].astype(bool)
        extra = pd.DataFrame({"event_id": leads["event_id"].astype(str),
                              "direction": ["both" if x and y else "a_to_b" if x else "b_to_a" for x, y in zip(ab, ba,
                                                                                                    strict=True)],
                              "n_mentions": [int(mentions[k]) for k in leads["k"]]})
        frame = self.events_frame(EventFilter(event_ids=tuple(extra["event_id"])), columns)
        return frame.merge(extra, on="event_id", how="inner")

    def network_edges(self, since: dt.date | None = None, until: dt.date | None = None,
                      include_generic: bool = False) -> tuple[pd.DataFrame, int]:
        """The actor network's edges computed in the database, as :func:`actor_network` builds them
        (actual, not historical, dated events; each merged event once, by its most confident
        mention; every pair of the event once): one row per (source, target) with its weights,
        counts, first and last date and up to 20 event keys; and the number of events on the graph."""
        flt = EventFilter(since=since, until=until, mode="actual", include_historical=False)
        where, params = self._where(flt)
        generic = "" if include_generic else \
            "AND NOT starts_with(p.source_id, '---') AND NOT starts_with(p.target_id, '---')"
        ctes = (
            "WITH ev AS (SELECT e.event_id, coalesce(e.merged_id, e.event_id) AS k, e.date, "
            "coalesce(e.intensity, 0) AS intensity, "
            "coalesce(e.confidence, 0.5) * CASE WHEN e.date_fallback THEN 0.5 ELSE 1 END AS w "
            f"FROM events e WHERE e.date IS NOT NULL AND {where} QUALIFY row_number() OVER ("
            "PARTITION BY coalesce(e.merged_id, e.event_id) ORDER BY coalesce(e.confidence, 0.5) DESC, "
            "coalesce(e.date_fallback, false), e.date, e.event_id) = 1), "
            "pairs AS MATERIALIZED (SELECT DISTINCT ev.k, ev.date, ev.intensity, ev.w, p.source_id, p.target_id "
            "FROM event_pairs p JOIN ev USING (event_id) "
            f"WHERE p.source_id IS NOT NULL AND p.target_id IS NOT NULL AND p.source_id <> p.target_id {generic}) ")
        edges = self.con.execute(
            ctes + "SELECT source_id AS source, target_id AS target, count(*) AS n_events, "
            "coalesce(sum(w) FILTER (WHERE intensity > 0), 0) AS coop, "
            "coalesce(sum(w) FILTER (WHERE intensity < 0), 0) AS conflict, "
            "coalesce(sum(intensity * w) FILTER (WHERE intensity > 0), 0) AS coop_intensity, "
            "coalesce(sum(-intensity * w) FILTER (WHERE intensity < 0), 0) AS conflict_intensity, "
            "count(*) FILTER (WHERE intensity > 0) AS n_coop, count(*) FILTER (WHERE intensity < 0) AS n_conflict, "
            "min(date) AS first, max(date) AS last, list(k ORDER BY date, k)[1:20] AS events, "
            "(SELECT count(DISTINCT k) FROM pairs) AS counted "
            "FROM pairs GROUP BY 1, 2 ORDER BY 1, 2", params).df()
        counted = int(edges["counted"].iloc[0]) if len(edges) else 0
        return edges.drop(columns=["counted"]), counted

    def actor_names(self, ids: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
        """Name, country and sector of each actor id, as the events name them."""
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT actor_id, any_value(name), any_value(country), any_value(sector) FROM event_actors "
            "WHERE actor_id IN (SELECT unnest(?)) GROUP BY 1", [ids]).fetchall()
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def event_with_evidence(self, event_id: str) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        """The event (one row) and the evidence for it: every mention merged with it, each with
        its sentence and document, itself first."""
        has_merges = self.has_table("merge_members")
        merged = "(SELECT merged_id FROM merge_members WHERE event_id = e.event_id)" if has_merges else "NULL"
        row = self.con.execute(f"SELECT e.*, d.title, d.url, d.source AS outlet, d.published, {merged} AS merged_id "
                               "FROM events e JOIN documents d USING (doc_id) WHERE e.event_id = ?", [event_id]).df()
        if row.empty:
            return None
        members = "SELECT ?"
        params: list[Any] = [event_id]
        if has_merges and row["merged_id"].notna().iloc[0]:
            members = "SELECT event_id FROM merge_members WHERE merged_id = ?"
            params = [row["merged_id"].iloc[0]]
        evidence = self.con.execute(
            "SELECT e.event_id, e.doc_id, e.sentence, e.sentence_start, e.trigger_start, e.trigger_end, "
            "e.trigger_text, e.type, e.mode, e.date, d.title, d.url, d.source AS outlet, d.published "
            f"FROM events e JOIN documents d USING (doc_id) WHERE e.event_id IN ({members}) "
            "ORDER BY e.event_id <> ?, d.published, e.doc_id", [*params, event_id]).df()
        row["n_mentions"] = len(evidence)
        return row, evidence

    def overview(self, since: dt.date | None = None, until: dt.date | None = None, freq: str = "month",
                 top: int = 10) -> dict[str, Any]:
        """What the dashboard's first page shows: totals, actual events per period by quad class,
        the busiest dyads and actors (named ones: not the ``---GOV`` kind of unknown country).
        Counts are of events (merged), not of mentions."""
        where, params = self._where(EventFilter(since=since, until=until))
        if "lead" in self.event_columns:  # one row leads each merged event: count those
            mentions_base = base = f"FROM events e WHERE {where}"
            base += " AND e.lead"
            key, n = "e.event_id", "count(*)"
        else:
            has_merges = self.has_table("merge_members")
            key = "coalesce(m.merged_id, e.event_id)" if has_merges else "e.event_id"
            join = "LEFT JOIN merge_members m USING (event_id)" if has_merges else ""
            mentions_base = base = f"FROM events e {join} WHERE {where}"
            n = f"count(DISTINCT {key})"
        mentions = self.con.execute(f"SELECT count(*) {mentions_base}", params).fetchone()[0]  # type: ignore[index]
        events = self.con.execute(f"SELECT {n} {base}", params).fetchone()[0]  # type: ignore[index]
        documents = (self.con.execute(f"SELECT count(DISTINCT e.doc_id) {mentions_base}", params) if since or until
                     else self.con.execute("SELECT count(*) FROM documents")).fetchone()[0]  # type: ignore[index]
        alerts = (self.con.execute("SELECT count(*) FROM alerts").fetchone()[0]  # type: ignore[index]
                  if self.has_table("alerts") else 0)
        unit = "week" if freq == "week" else "month"
        series = self.con.execute(
            f"SELECT date_trunc('{unit}', e.date) AS start, e.quad, {n} AS n {base} "
            "AND e.mode = 'actual' AND e.date IS NOT NULL AND e.quad IS NOT NULL GROUP BY ALL ORDER BY start",
            params).fetchall()
        periods: dict[dt.date, dict[str, Any]] = {}
        for start, quad, count in series:
            day = start.date() if isinstance(start, dt.datetime) else start
            label = day.strftime("%Y-%m") if unit == "month" else f"{day.isocalendar()[0]}-W{day.isocalendar()[1]:02d}"
            entry = periods.setdefault(day, {"period": label, "start": day.isoformat(), "verbal_coop": 0,
                                             "material_coop": 0, "verbal_conflict": 0, "material_conflict": 0})
            entry[quad] = int(count)
        # group by ids first (thousands of groups), name the few that make the top afterwards
        named = "AND NOT starts_with({0}, '---')"
        pairs = self.con.execute(
            "SELECT least(s, t) AS a, greatest(s, t) AS b, CAST(sum(n) AS BIGINT) AS events FROM ("
            f"SELECT e.source_id AS s, e.target_id AS t, {n} AS n {base} AND e.source_id <> e.target_id "
            f"{named.format('e.source_id')} {named.format('e.target_id')} GROUP BY 1, 2) "
            "GROUP BY 1, 2 ORDER BY events DESC, a, b LIMIT ?", [*params, top]).df()
        actors = self.con.execute(
            "SELECT id, CAST(sum(n) AS BIGINT) AS events FROM ("
            f"SELECT e.source_id AS id, {n} AS n {base} GROUP BY 1 UNION ALL "
            f"SELECT e.target_id, {n} {base} AND e.target_id IS DISTINCT FROM e.source_id GROUP BY 1) "
            f"WHERE id IS NOT NULL {named.format('id')} GROUP BY id ORDER BY events DESC, id LIMIT ?",
            [*params, *params, top]).df()
        wanted = sorted({*pairs["a"], *pairs["b"], *actors["id"]})
        names = dict(self.con.execute(
            "SELECT id, any_value(name) FROM (SELECT source_id AS id, source_name AS name FROM events "
            "WHERE source_id IN (SELECT unnest(?)) UNION ALL SELECT target_id, target_name FROM events "
            "WHERE target_id IN (SELECT unnest(?))) GROUP BY id", [wanted, wanted]).fetchall()) if wanted else {}
        pairs["a_name"] = [names.get(x) for x in pairs["a"]]
        pairs["b_name"] = [names.get(x) for x in pairs["b"]]
        actors.insert(1, "name", [names.get(x) for x in actors["id"]])
        latest: list[dict[str, Any]] = []
        if self.has_table("alerts"):
            frame = self.con.execute("SELECT * FROM alerts ORDER BY last_date DESC, created DESC LIMIT 10").df()
            latest = json.loads(frame.to_json(orient="records", date_format="iso"))
            for alert in latest:
                alert["event_ids"] = json.loads(alert["event_ids"]) if isinstance(alert.get("event_ids"), str) else []
        return {"totals": {"documents": int(documents), "mentions": int(mentions), "events": int(events),
                           "alerts": int(alerts)},
                "freq": unit, "series": [periods[k] for k in sorted(periods)],
                "top_dyads": json.loads(pairs.to_json(orient="records")),
                "top_actors": json.loads(actors.to_json(orient="records")), "alerts": latest}

    def documents_frame(self) -> pd.DataFrame:
        return self.con.execute(
            "SELECT doc_id, content_hash, title, url, source, published, published_from, origin, fmt, "
            "n_chars, ingested_at, run_id FROM documents ORDER BY published, doc_id").df()

    def document(self, doc_id: str) -> dict[str, Any] | None:
        cur = self.con.execute("SELECT * FROM documents WHERE doc_id = ?", [doc_id])
        row = cur.fetchone()
        if row is None:
            return None
        return dict(zip([d[0] for d in cur.description], row, strict=True))

    def runs_frame(self) -> pd.DataFrame:
        return self.con.execute("SELECT * FROM runs ORDER BY started").df()

    def errors_frame(self, run_id: str | None = None) -> pd.DataFrame:
        if run_id:
            return self.con.execute("SELECT * FROM run_errors WHERE run_id = ?", [run_id]).df()
        return self.con.execute("SELECT * FROM run_errors").df()

    def table(self, name: str) -> pd.DataFrame:
        if name not in ("documents", "events", "event_actors", "event_pairs", "runs", "run_errors", "meta"):
            raise ValueError(f"unknown table {name!r}")
        return self.con.execute(f"SELECT * FROM {name}").df()


def _first(actors: list[Actor]) -> Actor | None:
    return actors[0] if actors else None


def _event_row(event: EventMention, run_id: str, registry_version: str) -> list[Any]:
    src, tgt, cl = _first(event.sources), _first(event.targets), event.claimant
    place = event.place
    return [
        event.event_id, event.doc_id, event.type, event.cameo, event.mode, event.historical,
        event.reciprocal,
        src.id if src else None, src.name if src else None, src.country if src else None,
        src.sector if src else None,
        tgt.id if tgt else None, tgt.name if tgt else None, tgt.country if tgt else None,
        tgt.sector if tgt else None,
        cl.id if cl else None, cl.name if cl else None,
        event.date, event.date_end, event.date_granularity, event.date_fallback, event.date_text,
        place.name if place else None, place.lat if place else None, place.lon if place else None,
        place.admin1 if place else None, place.country if place else None,
        place.precision if place else None,
        event.intensity, event.quad, event.confidence, event.sentence, event.sentence_start,
        event.trigger.start, event.trigger.end, event.trigger.text,
        json.dumps(event.to_dict(), ensure_ascii=False), registry_version, run_id,
        event.plover_event, event.mode_cue, place.source if place else None, event.sentence.lower(),
    ]


def _insert_many(con: duckdb.DuckDBPyConnection, head: str, rows: list[list[Any]]) -> None:
    """Insert ``rows`` (positional, in the order of ``head``'s columns) as one Arrow table: many
    times faster than a VALUES list with a parameter per cell, which made writing an article cost
    more than coding it. A column Arrow cannot type (mixed Python types) falls back to VALUES."""
    if not rows:
        return
    import pyarrow as pa

    try:
        table = pa.table({f"c{i}": pa.array(list(column)) for i, column in enumerate(zip(*rows, strict=True))})
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        _insert_values(con, head, rows)
        return
    con.register("dyadwatch_new_rows", table)
    try:
        con.execute(f"{head} SELECT * FROM dyadwatch_new_rows")
    finally:
        con.unregister("dyadwatch_new_rows")


def _insert_values(con: duckdb.DuckDBPyConnection, head: str, rows: list[list[Any]], chunk: int = 500) -> None:
    for start in range(0, len(rows), chunk):
        part = rows[start:start + chunk]
        one = "(" + ", ".join("?" for _ in part[0]) + ")"
        con.execute(f"{head} VALUES {', '.join(one for _ in part)}", [v for row in part for v in row])


def _pair_rows(event: EventMention) -> list[list[Any]]:
    """The event's rows of event_pairs, by the rule of Store.rebuild_event_pairs (kept in step by
    a test): every source with every target; for a reciprocal event every party with every other."""
    parties = [("source", i, a) for i, a in enumerate(event.sources)] + \
        [("target", i, a) for i, a in enumerate(event.targets)]
    seen: dict[tuple[Any, ...], None] = {}
    for role_s, pos_s, s in parties:
        for role_t, pos_t, t in parties:
            if (role_s, role_t) == ("source", "target") or (
                    event.reciprocal and (role_s, pos_s) != (role_t, pos_t)):
                seen.setdefault((event.event_id, s.id, s.country, t.id, t.country), None)
    return [list(key) for key in seen]


def _actor_rows(event: EventMention) -> list[list[Any]]:
    rows = []
    for role, actors in (("source", event.sources), ("target", event.targets),
                         ("claimant", [event.claimant] if event.claimant else [])):
        for position, a in enumerate(actors):
            rows.append([event.event_id, role, position, a.id, a.name, a.country, a.sector, a.person,
                         a.text, a.start, a.end])
    return rows
