"""The actor network: who acts on whom, how cooperatively, and who sits in the middle.

Edges run source → target, one per actor pair of each counted event (every source × every target in
the event's record; a reciprocal event links its parties both ways). Events are selected as for the
dyad series (actual mode, not historical, by default) and each merged event counts once. For an event
with weight ``w = confidence × (0.5 if date_fallback else 1)``:

* ``coop``     += w   when intensity > 0 (the sign decides the side, the weight how sure we are)
* ``conflict`` += w   when intensity < 0 (stored as a positive number)
* ``coop_intensity`` / ``conflict_intensity`` += |intensity| × w, for those who want the PLOVER scale
* ``weight`` = coop + conflict, ``net`` = coop − conflict; ``n_events``, ``n_coop``, ``n_conflict``.

Actors whose id starts with ``---`` (a sector with no known country: "rebels (country unknown)") are
left out by default: they pool unrelated actors into one node and would fake hubs.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd

from dyadwatch.analysis.series import (
    ACTOR_COLUMNS,
    ActorRef,
    _date,
    _flag,
    _float,
    _jsonable,
    collapse_merged,
    event_actors,
    event_weight,
    select_events,
)

GENERIC_PREFIX = "---"
_EDGE_FLOATS = ("coop", "conflict", "coop_intensity", "conflict_intensity", "weight", "net")
_EDGE_INTS = ("n_events", "n_coop", "n_conflict")


def _as_date(value: dt.date | str | None) -> pd.Timestamp | None:
    return pd.Timestamp(value) if value is not None else None


def _pairs(sources: list[ActorRef], targets: list[ActorRef], reciprocal: bool) -> set[tuple[ActorRef, ActorRef]]:
    pairs = {(s, t) for s in sources for t in targets if s.id != t.id}
    if reciprocal:
        parties = sources + targets
        pairs |= {(x, y) for x in parties for y in parties if x.id != y.id}
    return pairs


def actor_network(events: pd.DataFrame, since: dt.date | str | None = None, until: dt.date | str | None = None,
                  *, actual_only: bool = True, include_historical: bool = False,
                  include_generic: bool = False) -> nx.DiGraph:
    """A directed actor graph from an events frame; ``since``/``until`` as in the store (an event
    counts from its end date, until its start date)."""
    dropped: dict[str, int] = {}
    frame = select_events(events, actual_only, include_historical, dropped)
    if since is not None:
        ends = pd.to_datetime(frame["date_end"], errors="coerce") if "date_end" in frame else frame["_date"]
        frame = frame[ends.fillna(frame["_date"]) >= _as_date(since)]
    if until is not None:
        frame = frame[frame["_date"] <= _as_date(until)]
    frame = collapse_merged(frame)
    graph = nx.DiGraph(since=str(since) if since is not None else None,
                       until=str(until) if until is not None else None,
                       actual_only=actual_only, include_historical=include_historical)
    counted = 0
    wanted = (*ACTOR_COLUMNS, "intensity", "confidence", "date_fallback", "_date", "event_key")
    for row in frame[[c for c in wanted if c in frame.columns]].to_dict("records"):
        sources, targets = event_actors(row)
        if not include_generic:
            sources = [a for a in sources if not a.id.startswith(GENERIC_PREFIX)]
            targets = [a for a in targets if not a.id.startswith(GENERIC_PREFIX)]
        pairs = _pairs(sources, targets, _flag(row.get("reciprocal")))
        if not pairs:
            continue
        counted += 1
        intensity = _float(row.get("intensity"), 0.0)
        weight = event_weight(row.get("confidence"), row.get("date_fallback"))
        day = _date(row.get("_date"))
        for src, tgt in pairs:
            for actor in (src, tgt):
                if actor.id not in graph:
                    graph.add_node(actor.id, name=actor.name or actor.id, country=actor.country,
                                   sector=actor.sector)
            if not graph.has_edge(src.id, tgt.id):
                graph.add_edge(src.id, tgt.id, **dict.fromkeys(_EDGE_FLOATS, 0.0), **dict.fromkeys(_EDGE_INTS, 0),
                               first=None, last=None, events=[])
            data = graph.edges[src.id, tgt.id]
            data["n_events"] += 1
            if intensity > 0:
                data["coop"] += weight
                data["coop_intensity"] += intensity * weight
                data["n_coop"] += 1
            elif intensity < 0:
                data["conflict"] += weight
                data["conflict_intensity"] += -intensity * weight
                data["n_conflict"] += 1
            data["weight"] = data["coop"] + data["conflict"]
            data["net"] = data["coop"] - data["conflict"]
            if day is not None:
                data["first"] = min(data["first"] or day, day)
                data["last"] = max(data["last"] or day, day)
            data["events"].append(str(row["event_key"]))
    graph.graph["n_events"] = counted
    return graph


def network_from_edges(edges: pd.DataFrame, names: dict[str, tuple[str | None, str | None, str | None]],
                       n_events: int, since: dt.date | str | None = None,
                       until: dt.date | str | None = None) -> nx.DiGraph:
    """The graph :func:`actor_network` builds, from edges already aggregated (``Store.network_edges``:
    one row per source → target with the same attributes, its event keys cut to the first 20), the
    actors' names, and the number of events behind the graph."""
    graph = nx.DiGraph(since=str(since) if since is not None else None,
                       until=str(until) if until is not None else None, actual_only=True, include_historical=False)
    for row in edges.to_dict("records"):
        for actor in (row["source"], row["target"]):
            if actor not in graph:
                name, country, sector = names.get(actor, (None, None, None))
                graph.add_node(actor, name=name or actor, country=country, sector=sector)
        data: dict[str, Any] = {k: float(row[k]) for k in _EDGE_FLOATS if k in row}
        data.update({k: int(row[k]) for k in _EDGE_INTS})
        data["weight"], data["net"] = data["coop"] + data["conflict"], data["coop"] - data["conflict"]
        data["first"], data["last"] = _date(row["first"]), _date(row["last"])
        data["events"] = [str(k) for k in row["events"]]
        graph.add_edge(row["source"], row["target"], **data)
    graph.graph["n_events"] = n_events
    return graph


# ---- summary --------------------------------------------------------------------------------------

@dataclass
class NodeStats:
    id: str
    name: str
    country: str | None
    sector: str | None
    weighted_degree: float  # Σ coop + conflict weight over in- and out-edges
    coop_degree: float
    conflict_degree: float
    out_weight: float
    in_weight: float
    betweenness: float  # normalised; paths run over distance = 1 / (coop + conflict weight)
    community: int  # index into NetworkSummary.communities


@dataclass
class NetworkSummary:
    n_nodes: int
    n_edges: int
    nodes: list[NodeStats]  # by weighted degree, highest first
    communities: list[list[str]]  # greedy modularity on the undirected cooperation graph, largest first
    modularity: float | None
    notes: dict[str, str] = field(default_factory=dict)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame([n.__dict__ for n in self.nodes])

    def to_dict(self) -> dict[str, Any]:
        return {"n_nodes": self.n_nodes, "n_edges": self.n_edges,
                "nodes": [_jsonable(n.__dict__) for n in self.nodes],
                "communities": self.communities, "modularity": self.modularity, "notes": dict(self.notes)}


def cooperation_graph(graph: nx.DiGraph) -> nx.Graph:
    """Undirected graph of all nodes, an edge where either direction has coop weight, weighted by the sum."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        coop = float(data.get("coop", 0.0))
        if coop <= 0 or u == v:
            continue
        if undirected.has_edge(u, v):
            undirected.edges[u, v]["weight"] += coop
        else:
            undirected.add_edge(u, v, weight=coop)
    return undirected


def network_summary(graph: nx.DiGraph) -> NetworkSummary:
    coop_graph = cooperation_graph(graph)
    if coop_graph.number_of_edges():
        found = nx.community.greedy_modularity_communities(coop_graph, weight="weight")
        communities = [sorted(c) for c in found]
        modularity: float | None = float(nx.community.modularity(coop_graph, found, weight="weight"))
    else:
        communities = [[n] for n in graph.nodes]
        modularity = None
    communities.sort(key=lambda c: (-len(c), c))
    member = {node: i for i, group in enumerate(communities) for node in group}

    distances = nx.DiGraph()
    distances.add_nodes_from(graph.nodes)
    for u, v, data in graph.edges(data=True):
        total = float(data.get("weight", 0.0))
        if total > 0:
            distances.add_edge(u, v, distance=1.0 / total)
    betweenness = nx.betweenness_centrality(distances, weight="distance", normalized=True) if len(graph) else {}

    nodes = []
    for node, attrs in graph.nodes(data=True):
        out_w = sum(float(d.get("weight", 0.0)) for _, _, d in graph.out_edges(node, data=True))
        in_w = sum(float(d.get("weight", 0.0)) for _, _, d in graph.in_edges(node, data=True))
        edges = [*graph.out_edges(node, data=True), *graph.in_edges(node, data=True)]
        nodes.append(NodeStats(
            id=str(node), name=str(attrs.get("name") or node), country=attrs.get("country"),
            sector=attrs.get("sector"), weighted_degree=out_w + in_w,
            coop_degree=sum(float(d.get("coop", 0.0)) for _, _, d in edges),
            conflict_degree=sum(float(d.get("conflict", 0.0)) for _, _, d in edges),
            out_weight=out_w, in_weight=in_w, betweenness=float(betweenness.get(node, 0.0)),
            community=member.get(node, -1)))
    nodes.sort(key=lambda n: (-n.weighted_degree, n.id))
    notes = {"weights": "coop/conflict = Σ confidence × date weight over events with intensity >0 / <0",
             "betweenness": "normalised, shortest paths over distance = 1/(coop + conflict)",
             "communities": "greedy modularity, undirected cooperation graph weighted by coop"}
    return NetworkSummary(n_nodes=graph.number_of_nodes(), n_edges=graph.number_of_edges(), nodes=nodes,
                          communities=communities, modularity=modularity, notes=notes)


# ---- export ---------------------------------------------------------------------------------------

def _flat(value: Any) -> Any:
    """A value GraphML/GEXF can hold (str, int, float, bool), or None to leave the attribute out."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | set):
        return " ".join(str(v) for v in value)
    if isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _flat_copy(graph: nx.DiGraph) -> nx.DiGraph:
    flat = nx.DiGraph()
    flat.graph.update({k: _flat(v) for k, v in graph.graph.items() if _flat(v) is not None})
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, **{k: _flat(v) for k, v in attrs.items() if _flat(v) is not None})
    for u, v, attrs in graph.edges(data=True):
        flat.add_edge(u, v, **{k: _flat(x) for k, x in attrs.items() if _flat(x) is not None})
    return flat


def export_network(graph: nx.DiGraph, path: str | Path) -> Path:
    """Write ``graph`` as GraphML (.graphml), GEXF (.gexf) or node-link JSON (.json), by suffix.
    Dates become ISO strings, event id lists space-separated strings, missing attributes are left out."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".graphml", ".gexf", ".json"):
        raise ValueError(f"unknown network format {path.suffix!r}: use .graphml, .gexf or .json")
    path.parent.mkdir(parents=True, exist_ok=True)
    flat = _flat_copy(graph)
    if suffix == ".graphml":
        nx.write_graphml(flat, path)
    elif suffix == ".gexf":
        for node, attrs in flat.nodes(data=True):
            attrs.setdefault("label", attrs.get("name", node))
        nx.write_gexf(flat, path)
    else:
        data = nx.node_link_data(flat, edges="edges")
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


def load_network(path: str | Path) -> nx.DiGraph:
    """Read back what :func:`export_network` wrote."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".graphml":
        graph = nx.read_graphml(path)
    elif suffix == ".gexf":
        graph = nx.read_gexf(path)
    elif suffix == ".json":
        graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), directed=True, edges="edges")
    else:
        raise ValueError(f"unknown network format {path.suffix!r}: use .graphml, .gexf or .json")
    return nx.DiGraph(graph)
