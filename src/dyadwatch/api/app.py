"""The HTTP API: the same database as the CLI, as JSON (OpenAPI documented at /docs).

In: a DuckDB file made by ``dyadwatch ingest``. Out: a FastAPI app. Reads are open unless the
operator sets ``read_token``; writes (``POST /api/ingest``, ``POST /api/corrections``) always
need ``write_token`` and are refused when none is set. ``dyadwatch serve`` binds to 127.0.0.1
unless told otherwise. The app keeps one connection to the database for its life, and serves the
dashboard (``dyadwatch/web/static``) at ``/``.
"""

from __future__ import annotations

import datetime as dt
import gc
import hmac
import io
import json
import threading
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from dyadwatch.analysis.series import ANALYSIS_COLUMNS
from dyadwatch.records import MODES, PLOVER_TYPES
from dyadwatch.store.database import EventFilter, Store

MAX_PAGE = 1000
MAX_BODY = 20 * 1024 * 1024  # the largest request body accepted (an ingest of JSON Lines), in bytes
# sent with every response: no sniffing, no framing by other sites, no referrer to other sites;
# the dashboard's page also sets its own Content-Security-Policy
SECURITY_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"x-frame-options", b"DENY"),
                    (b"referrer-policy", b"same-origin"),
                    (b"content-security-policy", b"default-src 'self'; script-src 'self'; style-src 'self'; "
                     b"img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
                     b"frame-ancestors 'none'")]
_PUBLIC_COLUMNS = ["event_id", "doc_id", "date", "date_end", "date_granularity", "date_fallback", "type", "cameo",
                   "mode", "plover_event", "historical", "reciprocal", "source_id", "source_name", "source_country",
                   "source_sector", "target_id", "target_name", "target_country", "target_sector", "claimant_id",
                   "claimant_name", "place_name", "lat", "lon", "admin1", "place_country", "place_precision",
                   "intensity", "quad", "confidence", "sentence", "trigger_start", "trigger_end", "trigger_text",
                   "sentence_start", "title", "url", "outlet", "published", "merged_id", "n_mentions", "corrected",
                   "rejected"]
STATIC = Path(__file__).resolve().parents[1] / "web" / "static"
_CORRECTION_COLUMNS = ["correction_id", "event_id", "actor_id", "kind", "value", "previous", "author", "reason",
                       "created_at", "status"]


class IngestRequest(BaseModel):
    """Documents to code and store: one text, or JSON Lines (one document per line)."""

    text: str | None = Field(None, description="A document's text.")
    jsonl: str | None = Field(None, description="JSON Lines: text plus optional title, url, source, published.")
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None


class CorrectionRequest(BaseModel):
    """An analyst's correction of one event, or a new alias of an actor."""

    kind: Literal["reject", "restore", "type", "mode", "source", "target", "date", "alias"]
    author: str = Field(..., min_length=1, max_length=200, description="Who makes the correction.")
    reason: str = Field("", max_length=2000, description="Why.")
    event_id: str | None = Field(None, max_length=64, description="The event corrected (all kinds but alias).")
    value: str | None = Field(None, max_length=200, description="New type, mode, actor id, date or alias.")
    actor_id: str | None = Field(None, max_length=64, description="alias: the actor that gains the name.")


class _Guard:
    """ASGI middleware: refuse bodies over ``max_body`` bytes with 413 (whether or not the client
    declares a length, so a chunked upload cannot get around it) and add the security headers."""

    def __init__(self, app: Any, max_body: int = MAX_BODY):
        self.app, self.max_body = app, max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await self._refuse(send)
            return
        seen = 0
        started = refused = False

        async def counted() -> Any:
            # past the limit: answer 413 now and tell the app the client has gone (an exception
            # here would reach the app's body parser, which turns it into a 400)
            nonlocal seen, started, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_body:
                    refused = True
                    if not started:
                        started = True
                        await self._refuse(send)
                    return {"type": "http.disconnect"}
            return message

        async def with_headers(message: dict[str, Any]) -> None:
            nonlocal started
            if refused:
                return  # the 413 has been sent; whatever the app answers goes nowhere
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, counted, with_headers)

    async def _refuse(self, send: Any) -> None:
        body = json.dumps({"detail": f"request body over the {self.max_body // (1024 * 1024)} MB limit"}).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": body})


def _clean(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, float) and pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.isoformat() if (value.hour or value.minute or value.second) else value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _records(frame: pd.DataFrame, columns: list[str]) -> list[dict[str, Any]]:
    keep = [c for c in columns if c in frame.columns]
    return [{k: _clean(v) for k, v in row.items()} for row in frame[keep].to_dict("records")]


def _pair(value: str, name: str) -> tuple[str, str]:
    if ":" not in value:
        raise HTTPException(422, f"{name} must look like A:B, e.g. IRQ:SYR")
    a, b = value.split(":", 1)
    if not a or not b:
        raise HTTPException(422, f"{name} must name two actors")
    return a, b


def _registry_names(ids: list[str]) -> dict[str, tuple[str | None, str | None, str | None]]:
    from dyadwatch.actors.registry import default_registry

    registry = default_registry()
    found: dict[str, tuple[str | None, str | None, str | None]] = {}
    for actor_id in ids:
        actor = registry.actor_by_id(actor_id)
        if actor is not None:
            found[actor_id] = (actor.name, actor.country, actor.sector)
    return found


def _bbox(value: str) -> tuple[float, float, float, float]:
    parts = value.split(",")
    try:
        box = tuple(float(p) for p in parts)
    except ValueError:
        box = ()
    if len(box) != 4 or not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
        raise HTTPException(422, "bbox must be min_lon,min_lat,max_lon,max_lat within the globe")
    return box[0], box[1], box[2], box[3]


_PIPELINES: dict[tuple[tuple[str, str], ...], Any] = {}


def _pipeline_for(store: Store) -> Any:
    """The shared pipeline, or one with the aliases analysts added (built once per alias set)."""
    from dyadwatch import _pipeline
    from dyadwatch.corrections import aliases
    from dyadwatch.run.ingest import pipeline_for

    added = tuple(aliases(store))
    if not added:
        return _pipeline()
    if added not in _PIPELINES:
        _PIPELINES.clear()
        _PIPELINES[added] = pipeline_for(store)
    return _PIPELINES[added]


def create_app(db_path: str | Path, read_token: str | None = None, write_token: str | None = None,
               max_body: int = MAX_BODY) -> FastAPI:
    """The app over ``db_path``. One DuckDB connection, used under a lock (DuckDB connections are
    not shared between threads; the queries are short)."""
    db = Path(db_path)
    if not db.exists():
        raise FileNotFoundError(f"no database at {db}; run `dyadwatch ingest` or `dyadwatch demo` first")
    lock = threading.Lock()
    opened: list[Store] = []
    # Load the actor registry now (the corrections and the network's names use it), then move
    # everything alive to the GC's permanent generation: otherwise every full collection walks
    # the registry's hundreds of thousands of objects, which showed as 150 ms stalls on requests.
    from dyadwatch.actors.registry import default_registry

    default_registry()
    gc.freeze()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        with lock:
            while opened:
                opened.pop().close()

    # /docs is served below from vendored Swagger UI files: FastAPI's own page loads them from a CDN
    app = FastAPI(title="dyadwatch", version="0.1", lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Coded events, dyad relations, networks and alerts from the dyadwatch database.")
    # No CORS middleware on purpose: browsers keep other sites' pages from reading these answers.
    app.add_middleware(_Guard, max_body=max_body)
    # One connection for the app's life (opening DuckDB costs tens of ms a request): read-only,
    # unless writes are enabled. While the server runs it holds the file, so new documents go
    # through POST /api/ingest rather than a second `dyadwatch ingest` process.
    @contextmanager
    def store(writing: bool = False) -> Iterator[Store]:
        if writing and write_token is None:
            raise HTTPException(403, "writes are disabled")
        with lock:
            if not opened:
                opened.append(Store(db, read_only=write_token is None))
            yield opened[0]

    def _check(token: str | None, expected: str | None) -> None:
        if expected is None:
            return
        if token is None or not hmac.compare_digest(token.removeprefix("Bearer "), expected):
            raise HTTPException(401, "a valid token is needed (Authorization: Bearer <token>)")

    def reader(authorization: Annotated[str | None, Header()] = None) -> None:
        _check(authorization, read_token)

    def writer(authorization: Annotated[str | None, Header()] = None) -> None:
        if write_token is None:
            raise HTTPException(403, "writes are disabled: the operator set no write token")
        _check(authorization, write_token)

    def _filter(actor: str | None, dyad: str | None, type_: str | None, mode: str | None, since: dt.date | None,
                until: dt.date | None, near: str | None, radius_km: float, admin1: str | None) -> EventFilter:
        if type_ and type_.upper() not in PLOVER_TYPES:
            raise HTTPException(422, f"type must be one of {', '.join(PLOVER_TYPES)}")
        if mode and mode not in MODES:
            raise HTTPException(422, f"mode must be one of {', '.join(MODES)}")
        if since and until and since > until:
            raise HTTPException(422, "since is after until")
        point = None
        if near:
            parts = near.split(",")
            try:
                point = (float(parts[0]), float(parts[1])) if len(parts) == 2 else None
            except ValueError:
                point = None
            if point is None:
                from dyadwatch.places import resolve_toponym

                placement = resolve_toponym(near)
                if placement is None:
                    raise HTTPException(422, f"no place called {near!r}; give lat,lon")
                point = (placement.lat, placement.lon)
        return EventFilter(actor=actor, dyad=_pair(dyad, "dyad") if dyad else None, type=type_, mode=mode,
                           since=since, until=until, near=point, radius_km=radius_km, admin1=admin1)

    @app.get("/api/events", dependencies=[Depends(reader)], summary="Coded events, filtered")
    def events(
        actor: str | None = Query(None, description="Registry id, or ISO3 for a state and all its sectors."),
        dyad: str | None = Query(None, description="A:B, either direction (IRQ:SYR)."),
        type: str | None = Query(None, description="PLOVER type."),
        mode: str | None = Query(None, description="actual, negated, planned, threatened or hypothetical."),
        since: dt.date | None = None,
        until: dt.date | None = None,
        near: str | None = Query(None, description='A place name ("al-Hol") or "lat,lon".'),
        radius_km: float = Query(50.0, gt=0, le=20000),
        admin1: str | None = None,
        min_confidence: float = Query(0.0, ge=0, le=1),
        q: str | None = Query(None, description="Words that must appear in the evidence sentence."),
        level: Literal["mention", "merged"] = Query("mention", description="One row per mention or per event."),
        sort: Literal["date", "-date", "confidence", "-confidence"] = "date",
        limit: int = Query(100, ge=1, le=MAX_PAGE),
        offset: int = Query(0, ge=0),
        format: Literal["json", "csv", "geojson", "parquet"] = "json",
        include_rejected: bool = Query(False, description="Also events an analyst marked wrong."),
        directed: bool = Query(False, description="dyad A:B only from A to B."),
        sector: str | None = Query(None, description="Source or target of these sectors, comma-separated "
                                                     "(MIL, REB, GOV, COP, ...)."),
        bbox: str | None = Query(None, description="min_lon,min_lat,max_lon,max_lat"),
    ) -> Response:
        flt = _filter(actor, dyad, type, mode, since, until, near, radius_km, admin1)
        flt.include_rejected, flt.directed = include_rejected, directed
        flt.sectors = tuple(x.strip().upper() for x in (sector or "").split(",") if x.strip())
        if any(not (x.isalpha() and len(x) == 3) for x in flt.sectors):
            raise HTTPException(422, "sector takes three-letter codes such as MIL, REB or GOV")
        flt.bbox = _bbox(bbox) if bbox else None
        with store() as handle:
            total, page = handle.events_page(flt, min_confidence=min_confidence, words=tuple((q or "").split()),
                                             merged=level == "merged", order=sort.lstrip("-"),
                                             descending=sort.startswith("-"), limit=limit, offset=offset)
        if format == "csv":
            return Response(page[[c for c in _PUBLIC_COLUMNS if c in page]].to_csv(index=False), media_type="text/csv")
        if format == "parquet":
            buffer = io.BytesIO()
            page[[c for c in _PUBLIC_COLUMNS if c in page]].to_parquet(buffer, index=False)
            return Response(buffer.getvalue(), media_type="application/vnd.apache.parquet")
        if format == "geojson":
            from dyadwatch.cli.app import geojson

            return JSONResponse(json.loads(json.dumps(geojson(page[[c for c in _PUBLIC_COLUMNS if c in page]]),
                                                      default=str)))
        return JSONResponse({"total": total, "offset": offset, "limit": limit,
                             "events": _records(page, _PUBLIC_COLUMNS)})

    def _series(handle: Store, a: str, b: str, freq: str, since: dt.date | None, until: dt.date | None,
                actual_only: bool = True, with_events: bool = False) -> Any:
        from dyadwatch.analysis import dyad_series
        from dyadwatch.analysis.series import series_from_periods

        if with_events or not handle.supports_dyad_sql():
            frame = handle.events_frame(EventFilter(dyad=(a, b), since=since, until=until), ANALYSIS_COLUMNS)
            return dyad_series(frame, a, b, freq=freq, actual_only=actual_only)
        periods = handle.dyad_periods(a, b, freq, since, until, actual_only=actual_only)
        return series_from_periods(periods, a, b, freq, actual_only=actual_only)

    @app.get("/api/dyads/{a}/{b}/series", dependencies=[Depends(reader)], summary="Relation index over time")
    def series(a: str, b: str, freq: Literal["week", "month"] = "month", since: dt.date | None = None,
               until: dt.date | None = None, all_modes: bool = False,
               events: bool = Query(False, description="Also list each period's events.")) -> dict[str, Any]:
        with store() as handle:
            found = _series(handle, a, b, freq, since, until, actual_only=not all_modes, with_events=events)
        result: dict[str, Any] = found.to_dict()
        if not events:
            for period in result["periods"]:
                period.pop("events", None)
        return result

    @app.get("/api/dyads/{a}/{b}/phases", dependencies=[Depends(reader)], summary="Phases of the relation")
    def phases(a: str, b: str, freq: Literal["week", "month"] = "month", since: dt.date | None = None,
               until: dt.date | None = None) -> dict[str, Any]:
        from dyadwatch.analysis import detect_phases, dyad_series
        from dyadwatch.analysis.series import MARKER_PERIODS, change_points, period_events, series_from_periods

        with store() as handle:
            if not handle.supports_dyad_sql():
                frame = handle.events_frame(EventFilter(dyad=(a, b), since=since, until=until), ANALYSIS_COLUMNS)
                first = detect_phases(dyad_series(frame, a, b, freq=freq))
                return {"a": a, "b": b, "freq": freq, "phases": [p.to_dict() for p in first]}
            selection = handle.dyad_selection(a, b, since, until)
            found = series_from_periods(handle.dyad_periods(a, b, freq, selection=selection), a, b, freq)
            # the change points depend on the totals alone; a phase's summary names the events of
            # its first periods, so read those periods' events only
            ends = change_points(found.signal("both")) if found.periods else []
            wanted = []
            for start, end in zip([0, *ends][:-1], ends, strict=True):
                wanted.extend([p for p in found.periods[start:end] if p.n_events][:MARKER_PERIODS])
            frame = handle.dyad_leads_in(selection, [(p.start, p.end) for p in wanted], ANALYSIS_COLUMNS)
        detail = period_events(frame, freq)
        for period in found.periods:
            period.events = detail.get(period.period, [])
        first = detect_phases(found, ends=ends)
        return {"a": a, "b": b, "freq": freq, "phases": [p.to_dict() for p in first]}

    @app.get("/api/network", dependencies=[Depends(reader)], summary="Actor network of a period")
    def network(since: dt.date | None = None, until: dt.date | None = None,
                top: int = Query(80, ge=2, le=2000, description="Keep the actors with the most events."),
                links: int = Query(300, ge=1, le=20000, description="Keep the strongest links among them."),
                events: bool = Query(False, description="List each link's events (their keys, up to 20).")
                ) -> Response:
        """Nodes (with a layout in [-1, 1]) and links of the ``top`` busiest actors, the ``links``
        strongest of theirs (by weight: more than a few hundred make an unreadable drawing), as
        networkx's node-link JSON; ``graph.n_links`` says how many there were."""
        import networkx as nx

        from dyadwatch.analysis import actor_network
        from dyadwatch.analysis.network import network_from_edges

        with store() as handle:
            if handle.supports_dyad_sql():
                edges, n_events = handle.network_edges(since, until)
                # the busiest actors first, then the graph of those only (names, nodes and edges
                # for a month of a large store are otherwise most of the time)
                busy = pd.concat([edges.groupby("source")["n_events"].sum(),
                                  edges.groupby("target")["n_events"].sum()]).groupby(level=0).sum()
                kept = sorted(busy.index, key=lambda node: (-int(busy[node]), node))[:top]
                edges = edges[edges["source"].isin(kept) & edges["target"].isin(kept)]
                n_links = len(edges)
                edges = edges.assign(_w=edges["coop"] + edges["conflict"]).sort_values(
                    ["_w", "source", "target"], ascending=[False, True, True]).head(links).drop(columns="_w")
                names = _registry_names(kept)  # the registry's names, else as the events give them
                names.update(handle.actor_names([node for node in kept if node not in names]))
                graph = network_from_edges(edges, names, n_events, since, until)
                for node in kept:  # a busy actor whose partners all fell outside the top
                    if node not in graph:
                        name, country, sector = names.get(node, (None, None, None))
                        graph.add_node(node, name=name or node, country=country, sector=sector)
                counts = {node: int(busy[node]) for node in kept}
                total = len(busy)
            else:
                graph = actor_network(handle.events_frame(EventFilter(since=since, until=until), ANALYSIS_COLUMNS))
                counts = {node: sum(d["n_events"] for *_, d in graph.in_edges(node, data=True))
                          + sum(d["n_events"] for *_, d in graph.out_edges(node, data=True)) for node in graph}
                total = len(counts)
                graph = graph.subgraph(sorted(counts, key=lambda node: (-counts[node], node))[:top]).copy()
                n_links = graph.number_of_edges()
                weakest = sorted(graph.edges(data="weight", default=0.0), key=lambda e: (-e[2], e[0], e[1]))[links:]
                graph.remove_edges_from((u, v) for u, v, _ in weakest)
        # a fixed seed: the same period draws the same picture; on a bare undirected copy
        # (to_undirected() would deep-copy every edge's attributes)
        skeleton = nx.Graph()
        skeleton.add_nodes_from(graph)
        for u, v, weight in graph.edges(data="weight", default=0.0):
            previous = skeleton.edges[u, v]["weight"] if skeleton.has_edge(u, v) else 0.0
            skeleton.add_edge(u, v, weight=previous + float(weight))
        layout = nx.spring_layout(skeleton, seed=7, weight="weight") if len(graph) else {}
        nodes = [{**attrs, "id": node, "x": round(float(layout[node][0]), 4), "y": round(float(layout[node][1]), 4),
                  "n_events": counts[node]} for node, attrs in graph.nodes(data=True)]
        link_rows = [{**({k: v for k, v in attrs.items() if k != "events"} if not events else attrs),
                      "source": u, "target": v} for u, v, attrs in graph.edges(data=True)]
        data = {"directed": True, "multigraph": False,
                "graph": {**graph.graph, "n_actors": total, "n_links": n_links},
                "nodes": nodes, "links": link_rows}
        return Response(json.dumps(data, default=str), media_type="application/json")

    @app.get("/api/alerts", dependencies=[Depends(reader)], summary="Stored alerts, newest first")
    def alerts(limit: int = Query(100, ge=1, le=MAX_PAGE)) -> dict[str, Any]:
        from dyadwatch.watch import alerts_frame

        with store() as handle:
            frame = alerts_frame(handle)
        rows = _records(frame.head(limit), list(frame.columns))
        for row in rows:
            row["event_ids"] = json.loads(row["event_ids"]) if isinstance(row.get("event_ids"), str) else []
        return {"total": len(frame), "alerts": rows}

    @app.get("/api/documents/{doc_id}", dependencies=[Depends(reader)], summary="A document with its spans")
    def document(doc_id: str) -> dict[str, Any]:
        with store() as handle:
            doc = handle.document(doc_id)
            if doc is None:
                raise HTTPException(404, f"no document {doc_id}")
            records = handle.con.execute("SELECT record FROM events WHERE doc_id = ? ORDER BY trigger_start",
                                         [doc_id]).fetchall()
            rows = handle.con.execute(
                "SELECT e.*, d.title, d.url, d.source AS outlet, d.published FROM events e JOIN documents d "
                "USING (doc_id) WHERE e.doc_id = ? ORDER BY e.trigger_start", [doc_id]).df()
        coded = {row["event_id"]: row for row in _records(rows, _PUBLIC_COLUMNS)}
        spans: list[dict[str, Any]] = []
        for (record,) in records:
            event = json.loads(record)
            current = coded.get(event["event_id"], {})
            trigger = event["trigger"]
            spans.append({"kind": "event", "start": trigger["start"], "end": trigger["end"],
                          "event_id": event["event_id"],
                          "label": f"{current.get('type', event['type'])} ({current.get('mode', event['mode'])})"})
            for role in ("sources", "targets", "claimant"):
                found = event.get(role) or []
                for actor in found if isinstance(found, list) else [found]:
                    if actor.get("start") is not None:
                        spans.append({"kind": "actor", "start": actor["start"], "end": actor["end"],
                                      "event_id": event["event_id"], "label": actor["id"]})
            place = event.get("place") or {}
            if place.get("start") is not None:
                spans.append({"kind": "place", "start": place["start"], "end": place["end"],
                              "event_id": event["event_id"], "label": place.get("resolved_name") or place["name"]})
            # the record keeps the date's words, not their offsets: find them in the event's sentence
            date_text, sentence = event.get("date_text"), event.get("sentence") or ""
            at = doc["text"].find(sentence) if date_text else -1
            inside = sentence.find(date_text) if date_text and at >= 0 else -1
            if inside >= 0:
                start = at + inside
                spans.append({"kind": "date", "start": start, "end": start + len(date_text),
                              "event_id": event["event_id"], "label": current.get("date") or event.get("date") or ""})
        meta = {k: _clean(v) for k, v in doc.items() if k not in ("text",)}
        return {"document": meta, "text": doc["text"], "spans": spans, "events": list(coded.values())}

    @app.get("/api/actors", dependencies=[Depends(reader)], summary="Registry lookup, as of a date")
    def actors(q: str = Query(..., min_length=1, max_length=200), date: dt.date | None = None) -> dict[str, Any]:
        import dyadwatch

        return {"query": q, "date": date.isoformat() if date else None, "actor": dyadwatch.resolve_actor(q, date)}

    @app.post("/api/ingest", dependencies=[Depends(writer)], summary="Code and store documents")
    def ingest(request: IngestRequest) -> dict[str, Any]:
        from dyadwatch.ingest.readers import ReadOptions, read_posted
        from dyadwatch.merge.store import merge_store
        from dyadwatch.run.ingest import ingest_records

        if bool(request.text) == bool(request.jsonl):
            raise HTTPException(422, "give either text or jsonl")
        records = read_posted(request.text, request.jsonl, ReadOptions(source=request.source),
                              title=request.title, url=request.url,
                              published=request.published.isoformat() if request.published else None)
        with store(writing=True) as handle:
            report = ingest_records(records, handle, pipeline=_pipeline_for(handle), command="api")
            merge_store(handle)
        return report.to_dict()

    @app.get("/api/config", dependencies=[Depends(reader)], summary="What this server allows")
    def config() -> dict[str, Any]:
        return {"writes_enabled": write_token is not None, "read_token_required": read_token is not None,
                "version": app.version}

    @app.get("/api/overview", dependencies=[Depends(reader)], summary="Totals, events by quad class, top dyads")
    def overview(since: dt.date | None = None, until: dt.date | None = None,
                 freq: Literal["week", "month"] = "month", top: int = Query(10, ge=1, le=100)) -> dict[str, Any]:
        if since and until and since > until:
            raise HTTPException(422, "since is after until")
        with store() as handle:
            return handle.overview(since, until, freq=freq, top=top)

    @app.get("/api/events/{event_id}", dependencies=[Depends(reader)], summary="One event with its evidence")
    def event(event_id: str) -> dict[str, Any]:
        from dyadwatch.corrections import corrections_frame

        with store() as handle:
            found = handle.event_with_evidence(event_id)
            if found is None:
                raise HTTPException(404, f"no event {event_id}")
            row, evidence = found
            history = corrections_frame(handle, event_id)
        return {"event": _records(row, _PUBLIC_COLUMNS)[0],
                "evidence": _records(evidence, ["event_id", "doc_id", "sentence", "sentence_start", "trigger_start",
                                                "trigger_end", "trigger_text", "title", "url", "outlet",
                                                "published", "type", "mode", "date"]),
                "corrections": _records(history, _CORRECTION_COLUMNS)}

    @app.post("/api/corrections", dependencies=[Depends(writer)], summary="Correct an event or add an alias")
    def correct(request: CorrectionRequest) -> dict[str, Any]:
        from dyadwatch.corrections import Correction, CorrectionError, UnknownEvent, add_correction

        with store(writing=True) as handle:
            try:
                row = add_correction(handle, Correction(**request.model_dump()))
            except UnknownEvent as exc:
                raise HTTPException(404, str(exc)) from None
            except CorrectionError as exc:
                raise HTTPException(422, str(exc)) from None
            changed = handle.event_with_evidence(row["event_id"]) if row["event_id"] else None
        row["status"] = "alias" if row["kind"] == "alias" else "applied"
        return {"correction": {k: _clean(row.get(k)) for k in _CORRECTION_COLUMNS},
                "event": _records(changed[0], _PUBLIC_COLUMNS)[0] if changed else None}

    @app.get("/api/corrections", dependencies=[Depends(reader)], summary="Every correction, oldest first")
    def corrections(format: Literal["json", "csv"] = "json") -> Response:
        from dyadwatch.corrections import corrections_frame

        with store() as handle:
            frame = corrections_frame(handle)
        if format == "csv":
            return Response(frame[_CORRECTION_COLUMNS].to_csv(index=False), media_type="text/csv")
        return JSONResponse({"corrections": _records(frame, _CORRECTION_COLUMNS)})

    @app.get("/api/places/marked", dependencies=[Depends(reader)], summary="Camps, prisons and crossings")
    def marked_places() -> dict[str, Any]:
        from dyadwatch.places.gazetteer import load_overlay

        kinds = ("camp", "prison", "crossing")
        return {"places": [{"id": e.id, "name": e.name, "kind": e.kind, "lat": e.lat, "lon": e.lon,
                            "country": e.country} for e in load_overlay() if e.kind in kinds]}

    if STATIC.is_dir():
        app.mount("/static", StaticFiles(directory=STATIC), name="static")

        @app.get("/", include_in_schema=False)
        def dashboard() -> FileResponse:
            return FileResponse(STATIC / "index.html")

        @app.get("/docs", include_in_schema=False)
        def api_docs() -> FileResponse:
            return FileResponse(STATIC / "docs.html")

    return app
