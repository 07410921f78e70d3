"""Dyad series, phases and the actor network (dyadwatch.analysis)."""

from __future__ import annotations

import datetime as dt
import itertools
import json

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from rich.console import Console

from dyadwatch.analysis.network import actor_network, export_network, load_network, network_summary
from dyadwatch.analysis.render import network_table, phases_text, series_table
from dyadwatch.analysis.series import (
    DEFAULT_PENALTY,
    QUADS,
    DyadSeries,
    PenaltyRule,
    PeriodStats,
    change_points,
    detect_phases,
    dyad_series,
)

# ---- helpers --------------------------------------------------------------------------------------

def _series_from(values: list[float], start: str = "2025-01") -> DyadSeries:
    """A monthly DyadSeries with the given index values and no events behind them."""
    periods = []
    for period, value in zip(pd.period_range(start, periods=len(values), freq="M"), values, strict=True):
        periods.append(PeriodStats(
            period=period.strftime("%Y-%m"), start=period.start_time.date(), end=period.end_time.date(),
            display=period.strftime("%b %Y"), counts=dict.fromkeys(QUADS, 0), n_events=0,
            index=float(value), index_ab=float(value), index_ba=0.0, n_ab=0, n_ba=0))
    return DyadSeries(a="AAA", b="BBB", freq="month", periods=periods)


def _event(event_id: str, date: str | None, source: str | None, target: str | None, intensity: float,
           confidence: float = 1.0, **extra: object) -> dict[str, object]:
    def country(actor: str | None) -> str | None:
        return actor[:3] if actor and actor[:3].isalpha() and actor[:3].isupper() else None

    row: dict[str, object] = {
        "event_id": event_id, "doc_id": "d-" + event_id, "type": "CONSULT" if intensity >= 0 else "ACCUSE",
        "cameo": "040", "mode": "actual", "historical": False, "reciprocal": False,
        "source_id": source, "source_name": source, "source_country": country(source),
        "target_id": target, "target_name": target, "target_country": country(target),
        "date": pd.Timestamp(date) if date else pd.NaT, "date_end": pd.NaT, "date_granularity": "day",
        "date_fallback": False, "intensity": intensity,
        "quad": "verbal_coop" if intensity >= 0 else "verbal_conflict", "confidence": confidence,
        "sentence": f"sentence {event_id}", "title": "t", "url": f"https://example.invalid/{event_id}",
        "outlet": "Wire", "published": pd.Timestamp(date) if date else pd.NaT, "record": None,
    }
    row.update(extra)
    return row


def _reciprocal_record(*actors: tuple[str, str]) -> str:
    return json.dumps({"sources": [{"id": i, "name": i, "country": c, "sector": "GOV"} for i, c in actors],
                       "targets": []})


@pytest.fixture
def dyad_frame() -> pd.DataFrame:
    rows = [
        # January: IRQ government consults Syria's (a→b, +2.5 × 1.0), labelled with the spelled-out quad
        _event("e1", "2025-01-05", "IRQGOV", "SYRGOV", 2.5, 1.0, quad="verbal cooperation"),
        # January: Syria (state) accuses Iraq, dated by the publication fallback: −3 × 0.5 × 0.5
        _event("e2", "2025-01-20", "SYR", "IRQ", -3.0, 0.5, date_fallback=True),
        # March: a reciprocal agreement, both in the sources, no target: +2.5 × 0.8 in both directions
        _event("e3", "2025-03-02", "IRQGOV", None, 2.5, 0.8, type="AGREE", reciprocal=True,
               record=_reciprocal_record(("IRQGOV", "IRQ"), ("SYRGOV", "SYR"))),
        _event("e4", "2025-03-10", "IRQGOV", "SYRGOV", 4.0, 0.9, mode="planned"),  # not actual
        _event("e5", "2025-03-11", "IRQGOV", "SYRGOV", -6.0, 0.9, historical=True),  # historical
        _event("e6", "2025-03-12", "TURGOV", "SYRGOV", -5.0, 0.9),  # another dyad
        _event("e7", None, "IRQGOV", "SYRGOV", 2.5, 0.9),  # no date
    ]
    return pd.DataFrame(rows)


# ---- (a) change points ----------------------------------------------------------------------------

def test_change_point_found_at_the_known_break():
    rng = np.random.default_rng(42)
    values = np.r_[np.full(6, -1.0), np.full(6, 2.0)] + rng.normal(0.0, 0.2, 12)
    assert change_points(values) == [6, 12]
    phases = detect_phases(_series_from(list(values)))
    assert [(p.start, p.end) for p in phases] == [("2025-01", "2025-06"), ("2025-07", "2025-12")]
    assert phases[0].mean_index == pytest.approx(-1.0, abs=0.2)
    assert phases[1].mean_index == pytest.approx(2.0, abs=0.2)
    assert phases[0].tone == "quiet" and phases[0].trend == "flat"  # no events behind the synthetic values
    assert phases[0].summary.startswith("Jan 2025 – Jun 2025: quiet (mean index −1.")


def test_flat_series_is_one_phase():
    assert len(detect_phases(_series_from([0.0] * 10))) == 1
    assert len(detect_phases(_series_from([1.5] * 10))) == 1
    rng = np.random.default_rng(7)
    noisy = list(1.0 + rng.normal(0.0, 0.3, 24))
    phases = detect_phases(_series_from(noisy))
    assert len(phases) == 1
    assert phases[0].trend == "flat"


def test_penalty_rule_is_scale_free_and_short_series_are_one_phase():
    rng = np.random.default_rng(3)
    values = np.r_[np.zeros(5), np.full(5, 3.0)] + rng.normal(0.0, 0.3, 10)
    assert change_points(values) == change_points(values * 100.0) == [5, 10]
    assert DEFAULT_PENALTY.penalty(values * 10) == pytest.approx(100 * DEFAULT_PENALTY.penalty(values))
    assert change_points([5.0, -5.0, 5.0]) == [3]  # shorter than two minimum phases
    assert change_points([]) == []
    assert detect_phases(_series_from([])) == []


def test_trend_labels():
    phases = detect_phases(_series_from([0.0, 1.0, 2.0, 3.0, 4.0, 5.0]), PenaltyRule(factor=1e6))
    assert len(phases) == 1 and phases[0].trend == "rising" and phases[0].slope == pytest.approx(1.0)
    phases = detect_phases(_series_from([5.0, 4.0, 3.0, 2.0, 1.0, 0.0]), PenaltyRule(factor=1e6))
    assert phases[0].trend == "falling"


# ---- (b) the series -------------------------------------------------------------------------------

def test_dyad_series_directions_reciprocal_and_filled_months(dyad_frame):
    series = dyad_series(dyad_frame, "IRQ", "SYR")
    assert series.labels == ["2025-01", "2025-02", "2025-03"]
    jan, feb, mar = series.periods
    assert jan.n_events == 2
    assert jan.counts == {"verbal_coop": 1, "material_coop": 0, "verbal_conflict": 1, "material_conflict": 0}
    assert jan.index_ab == pytest.approx(2.5)
    assert jan.index_ba == pytest.approx(-0.75)  # −3 × confidence 0.5 × fallback 0.5
    assert jan.index == pytest.approx(1.75)
    assert (feb.n_events, feb.index, feb.index_ab, feb.index_ba) == (0, 0.0, 0.0, 0.0)
    assert feb.counts == dict.fromkeys(QUADS, 0)
    # the reciprocal agreement counts in both directions, and once in the total
    assert (mar.n_events, mar.n_ab, mar.n_ba) == (1, 1, 1)
    assert mar.index == mar.index_ab == mar.index_ba == pytest.approx(2.0)
    assert mar.events[0].direction == "both"
    assert series.dropped == {"no_date": 1, "not_actual": 1, "historical": 1, "outside_dyad": 1,
                              "merged_duplicates": 0}
    evidence = jan.events[0]
    assert (evidence.event_id, evidence.url, evidence.sentence) == ("e1", "https://example.invalid/e1", "sentence e1")
    json.dumps(series.to_dict())
    assert list(series.frame()["index"]) == pytest.approx([1.75, 0.0, 2.0])


def test_dyad_series_sides_swap_and_options(dyad_frame):
    forward = dyad_series(dyad_frame, "IRQ", "SYR")
    backward = dyad_series(dyad_frame, "SYR", "IRQ")
    assert [p.index_ab for p in forward.periods] == [p.index_ba for p in backward.periods]
    # actor ids work as sides too; the state code IRQ matches no SYR→IRQ event when the side is IRQGOV
    by_id = dyad_series(dyad_frame, "IRQGOV", "SYR")
    assert by_id.periods[0].n_ba == 0 and by_id.periods[0].n_ab == 1
    everything = dyad_series(dyad_frame, "IRQ", "SYR", actual_only=False, include_historical=True)
    assert everything.periods[-1].n_events == 3
    weekly = dyad_series(dyad_frame, "IRQ", "SYR", freq="week")
    assert weekly.labels[0] == "2025-W01" and weekly.labels[-1] == "2025-W09"  # Sun 2 March closes W09
    assert len(weekly) == 9 and sum(p.n_events for p in weekly.periods) == 3
    with pytest.raises(ValueError):
        dyad_series(dyad_frame, "IRQ", "SYR", freq="day")
    assert len(dyad_series(dyad_frame, "IRN", "SYR")) == 0


# ---- (c) merged events ----------------------------------------------------------------------------

def test_merged_events_count_once_with_their_best_mention():
    rows = [
        _event("m-a", "2025-02-03", "IRQGOV", "SYRGOV", 2.5, 0.6, merged_id="visit"),
        _event("m-b", "2025-02-04", "IRQGOV", "SYRGOV", 4.0, 0.9, merged_id="visit"),
        _event("m-c", "2025-02-04", "IRQGOV", "SYRGOV", 1.5, 0.7, merged_id="visit"),
        _event("solo", "2025-02-10", "SYRGOV", "IRQGOV", 2.5, 0.8, merged_id=None),
    ]
    frame = pd.DataFrame(rows)
    series = dyad_series(frame, "IRQ", "SYR")
    (feb,) = series.periods
    assert feb.n_events == 2
    assert feb.index_ab == pytest.approx(4.0 * 0.9)
    assert feb.index == pytest.approx(4.0 * 0.9 + 2.5 * 0.8)
    best = next(e for e in feb.events if e.merged_id == "visit")
    assert (best.event_id, best.n_mentions) == ("m-b", 3)
    assert series.dropped["merged_duplicates"] == 2
    # without the column every mention counts
    unmerged = dyad_series(frame.drop(columns=["merged_id"]), "IRQ", "SYR")
    assert unmerged.periods[0].n_events == 4
    # and the network counts the merged event once too
    graph = actor_network(frame)
    assert graph.edges["IRQGOV", "SYRGOV"]["n_events"] == 1
    assert graph.edges["IRQGOV", "SYRGOV"]["coop"] == pytest.approx(0.9)


# ---- (d) the network ------------------------------------------------------------------------------

@pytest.fixture
def network_frame() -> pd.DataFrame:
    rows = [
        _event("n1", "2025-01-05", "IRQGOV", "SYRGOV", 2.5, 0.9),
        _event("n2", "2025-01-09", "IRQGOV", "SYRGOV", -3.0, 0.5),
        _event("n3", "2025-01-12", "IRQGOV", "SYRGOV", 4.0, 0.8, date_fallback=True),
        _event("n4", "2025-02-01", "SYRGOV", "SDF", 5.0, 0.7),
        _event("n5", "2025-02-02", "TURMIL", "SDF", -9.0, 0.9),
        _event("n6", "2025-02-03", "IRQGOV", None, 2.5, 1.0, reciprocal=True,
               record=_reciprocal_record(("IRQGOV", "IRQ"), ("JORGOV", "JOR"))),
        _event("n7", "2025-02-04", "---REB", "SYRGOV", -9.0, 0.9),  # generic actor: left out
        _event("n8", "2025-06-01", "IRQGOV", "SYRGOV", 2.5, 0.9, mode="negated"),  # not actual
    ]
    return pd.DataFrame(rows)


def test_network_weights(network_frame):
    graph = actor_network(network_frame)
    assert set(graph.nodes) == {"IRQGOV", "SYRGOV", "SDF", "TURMIL", "JORGOV"}
    edge = graph.edges["IRQGOV", "SYRGOV"]
    assert edge["coop"] == pytest.approx(0.9 + 0.8 * 0.5)  # confidence × date weight
    assert edge["conflict"] == pytest.approx(0.5)
    assert edge["coop_intensity"] == pytest.approx(2.5 * 0.9 + 4.0 * 0.4)
    assert edge["conflict_intensity"] == pytest.approx(1.5)
    assert (edge["n_events"], edge["n_coop"], edge["n_conflict"]) == (3, 2, 1)
    assert edge["net"] == pytest.approx(edge["coop"] - edge["conflict"])
    assert (edge["first"], edge["last"]) == (dt.date(2025, 1, 5), dt.date(2025, 1, 12))
    assert graph.has_edge("IRQGOV", "JORGOV") and graph.has_edge("JORGOV", "IRQGOV")  # reciprocal
    assert graph.nodes["SYRGOV"] == {"name": "SYRGOV", "country": "SYR", "sector": None}
    assert "---REB" in actor_network(network_frame, include_generic=True)
    window = actor_network(network_frame, since="2025-02-01", until="2025-02-28")
    assert not window.has_edge("IRQGOV", "SYRGOV") and window.has_edge("SYRGOV", "SDF")

    summary = network_summary(graph)
    ranks = {n.id: n for n in summary.nodes}
    assert summary.nodes[0].id in ("IRQGOV", "SYRGOV")
    assert ranks["SYRGOV"].betweenness > 0  # IRQGOV → SYRGOV → SDF runs through it
    assert ranks["TURMIL"].coop_degree == 0 and ranks["TURMIL"].conflict_degree == pytest.approx(0.9)
    groups = [set(c) for c in summary.communities]
    assert {"TURMIL"} in groups  # no cooperative tie: a community of its own
    assert set().union(*groups) == set(graph.nodes)
    assert ranks["IRQGOV"].community == ranks["JORGOV"].community
    json.dumps(summary.to_dict())


@pytest.mark.parametrize("suffix", [".graphml", ".gexf", ".json"])
def test_network_export_round_trip(network_frame, tmp_path, suffix):
    graph = actor_network(network_frame)
    path = export_network(graph, tmp_path / f"net{suffix}")
    back = load_network(path)
    assert isinstance(back, nx.DiGraph)
    assert set(back.nodes) == set(graph.nodes)
    assert set(back.edges) == set(graph.edges)
    for u, v, data in graph.edges(data=True):
        assert float(back.edges[u, v]["coop"]) == pytest.approx(data["coop"])
        assert float(back.edges[u, v]["conflict"]) == pytest.approx(data["conflict"])
        assert int(back.edges[u, v]["n_events"]) == data["n_events"]
    assert back.nodes["SYRGOV"]["country"] == "SYR"
    assert back.edges["IRQGOV", "SYRGOV"]["first"] == "2025-01-05"


def test_network_export_rejects_unknown_suffix(network_frame, tmp_path):
    with pytest.raises(ValueError):
        export_network(actor_network(network_frame), tmp_path / "net.csv")


def test_render(dyad_frame, network_frame):
    series = dyad_series(dyad_frame, "IRQ", "SYR")
    phases = detect_phases(series)
    console = Console(record=True, width=160)
    console.print(series_table(series))
    console.print(phases_text(phases))
    console.print(network_table(network_summary(actor_network(network_frame))))
    out = console.export_text()
    assert "IRQ→SYR" in out and "SYR→IRQ" in out and "2025-02" in out
    assert phases[0].summary.split(":")[0] in out


# ---- (e) end to end on the demo corpus ------------------------------------------------------------

@pytest.fixture(scope="module")
def demo_events(tmp_path_factory, demo_corpus, pipeline):
    from dyadwatch.run.ingest import ingest_paths
    from dyadwatch.store.database import EventFilter, Store

    db = tmp_path_factory.mktemp("analysis") / "demo.duckdb"
    with Store(db) as store:
        report = ingest_paths([demo_corpus], store, pipeline=pipeline)
        assert report.new == 40
        return store.events_frame(EventFilter(dyad=("IRQ", "SYR"))), store.events_frame()


def test_demo_irq_syr_phase_change_between_feb_and_apr_2025(demo_events):
    # six months of dispatches: weekly periods (what `dyadwatch dyad` picks for a span this short)
    dyad, _ = demo_events
    series = dyad_series(dyad, "IRQ", "SYR", freq="week")
    assert series.periods[0].start <= dt.date(2024, 12, 31)
    phases = detect_phases(series)
    assert len(phases) >= 2, [p.summary for p in phases]
    # a phase starts between late February and April 2025 and is more cooperative than the one before
    turns = [(before, after) for before, after in itertools.pairwise(phases)
             if dt.date(2025, 2, 20) <= after.start_date <= dt.date(2025, 4, 30)]
    assert turns, [p.summary for p in phases]
    before, after = turns[0]
    assert before.start_date <= dt.date(2025, 1, 31)
    assert after.mean_index > before.mean_index
    # the events that mark the turn are cited: the Syrian foreign minister's visit to Baghdad
    assert any(m.date and dt.date(2025, 3, 1) <= m.date <= dt.date(2025, 4, 30) for m in after.markers)
    assert after.mean_index > 0
    json.dumps([p.to_dict() for p in phases])


def test_demo_network(demo_events):
    _, everything = demo_events
    summary = network_summary(actor_network(everything))
    top = [n.id for n in summary.nodes[:3]]
    assert "SYRGOV" in top
    community = {n.id: n.community for n in summary.nodes}
    assert community["IRQGOV"] == community["SYRGOV"]


def test_change_points_equal_ruptures_own_l2_cost():
    """Our running-sum l2 cost finds exactly the change points ruptures' CostL2 finds."""
    import numpy as np
    import ruptures as rpt

    from dyadwatch.analysis.series import DEFAULT_PENALTY, change_points

    rng = np.random.default_rng(20261127)
    checked = 0
    for _ in range(200):
        pieces = [rng.normal(rng.normal(0, 3), rng.uniform(0.1, 2), rng.integers(2, 20)) for _ in range(4)]
        y = np.concatenate(pieces)[:rng.integers(4, 80)]
        if np.allclose(y, y[0]):
            continue
        own = rpt.Pelt(model="l2", min_size=2, jump=1).fit(y.reshape(-1, 1)).predict(pen=DEFAULT_PENALTY.penalty(y))
        assert change_points(y) == [int(e) for e in own]
        checked += 1
    assert checked > 150
