"""Cross-document event merging: the rules on hand-made mentions, the store round trip, the gold suite."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from dyadwatch.merge.cluster import Merger, compare_records, merged_id
from dyadwatch.merge.store import members_frame, merge_store, merged_frame
from dyadwatch.records import Actor, Document, EventMention, Place, Span
from dyadwatch.store.database import Store

SYRMIL = {"id": "SYRMIL", "name": "Syrian Arab Army", "country": "SYR", "sector": "MIL"}
SYRGOV = {"id": "SYRGOV", "name": "Government of Syria", "country": "SYR", "sector": "GOV"}
SYRCVL = {"id": "SYRCVL", "name": "Syria civilians", "country": "SYR", "sector": "CVL"}
ISIS = {"id": "ISIS", "name": "Islamic State", "country": None, "sector": "REB"}
SDF = {"id": "SDF", "name": "Syrian Democratic Forces", "country": "SYR", "sector": "REB"}
CIVILIANS = {"id": "---CVL", "name": "civilians (country unknown)", "country": None, "sector": "CVL"}
SARAQIB = {"name": "Saraqib", "lat": 35.864, "lon": 36.806, "admin1": "Idlib", "country": "SYR",
           "precision": "town", "source": "clause", "score": 0.9}
ARIHA = {"name": "Ariha", "lat": 35.813, "lon": 36.610, "admin1": "Idlib", "country": "SYR",
         "precision": "town", "source": "sentence", "score": 0.8}  # ~19 km from Saraqib
DEIR_EZZOR = {"name": "Deir ez-Zor", "lat": 35.336, "lon": 40.141, "admin1": "Deir ez-Zor", "country": "SYR",
              "precision": "town", "source": "clause", "score": 0.9}  # ~300 km from Saraqib


def mention(event_id: str, doc_id: str, sentence: str, *, date: str = "2025-03-10", date_end: str | None = None,
            granularity: str = "day", fallback: bool = False, sources: list[dict[str, Any]] | None = None,
            targets: list[dict[str, Any]] | None = None, type: str = "ASSAULT", mode: str = "actual",
            place: dict[str, Any] | None = None, confidence: float = 0.7, cameo: str = "190") -> dict[str, Any]:
    return {
        "event_id": event_id, "doc_id": doc_id, "type": type, "plover_event": type, "cameo": cameo, "mode": mode,
        "quad": "material_conflict", "historical": False, "reciprocal": False,
        "sources": [SYRMIL] if sources is None else sources, "targets": [SYRCVL] if targets is None else targets,
        "date": date, "date_end": date_end or date, "date_granularity": granularity, "date_fallback": fallback,
        "place": place, "confidence": confidence, "sentence": sentence,
        "trigger": {"start": 0, "end": 6, "text": "struck"},
    }


REPORT_A = mention("a1", "docA",
                   "Syrian army artillery shelled the market in Saraqib on Monday, killing 12 civilians.",
                   place=SARAQIB)
REPORT_B = mention("b1", "docB",  # another outlet, the next day, other words
                   "Government shelling killed at least 12 civilians at a Saraqib market, activists said.",
                   date="2025-03-11", place=SARAQIB)


def test_two_reports_of_one_attack_merge():
    merger = Merger()
    first, second = merger.add([REPORT_A, REPORT_B])
    assert first.created and not second.created
    assert second.merged_id == first.merged_id == merged_id("a1")
    assert second.matched_event_id == "a1" and second.score is not None and second.score >= merger.threshold
    (event,) = merger.merged_events()
    assert event.n_mentions == 2 and event.n_documents == 2
    assert event.event_ids == ["a1", "b1"]


def test_planned_and_actual_attack_do_not_merge():
    planned = mention("p1", "docP", "The Syrian army plans to shell the market in Saraqib, killing civilians.",
                      mode="planned", place=SARAQIB)
    merger = Merger()
    decisions = merger.add([REPORT_A, planned])
    assert all(d.created for d in decisions)
    assert compare_records(REPORT_A, planned).blocked_by == "mode"


def test_negated_and_actual_do_not_merge():
    negated = dict(REPORT_B, event_id="n1", mode="negated")
    assert compare_records(REPORT_A, negated).blocked_by == "mode"


def test_different_dyads_do_not_merge():
    other = mention("c1", "docC", "Islamic State militants shelled the market in Saraqib, killing 12 civilians.",
                    sources=[ISIS], place=SARAQIB)
    reversed_sides = mention("c2", "docD", "The Syrian Democratic Forces attacked Syrian army positions in Saraqib.",
                             sources=[SDF], targets=[SYRMIL], place=SARAQIB)
    merger = Merger()
    decisions = merger.add([REPORT_A, other, reversed_sides])
    assert all(d.created for d in decisions)
    assert compare_records(REPORT_A, other).blocked_by == "dyad"


def test_generic_actor_matches_named_actor_weakly():
    generic = mention("g1", "docG", "Troops shelled the market in Saraqib on Monday, killing 12 civilians.",
                      sources=[{"id": "---MIL", "name": "military", "country": None, "sector": "MIL"}],
                      targets=[CIVILIANS], place=SARAQIB)
    pair = compare_records(REPORT_A, generic)
    named = compare_records(REPORT_A, REPORT_B)
    assert pair.score is not None and named.score is not None
    assert pair.components["dyad"] < named.components["dyad"]


def test_far_apart_places_and_dates_block():
    far = dict(REPORT_B, event_id="f1", place=DEIR_EZZOR)
    assert compare_records(REPORT_A, far).blocked_by == "place"
    nearby = dict(REPORT_B, event_id="f2", place=ARIHA)
    assert compare_records(REPORT_A, nearby).score is not None
    later = dict(REPORT_B, event_id="f3", date="2025-03-13", date_end="2025-03-13")
    assert compare_records(REPORT_A, later).blocked_by == "date"


def test_fallback_date_looks_back_from_publication():
    # no date in the text: the coder used the publication date; the act happened then or a little before
    published_later = mention("l1", "docL", "Syrian army shelling of a Saraqib market killed 12 civilians.",
                              date="2025-03-12", fallback=True, place=SARAQIB)
    assert compare_records(REPORT_A, published_later).score is not None
    published_before = dict(published_later, event_id="l2", date="2025-03-06", date_end="2025-03-06")
    assert compare_records(REPORT_A, published_before).blocked_by == "date"


def test_same_document_mentions_of_one_act_merge():
    headline = mention("h1", "docA", "Army shelling kills 12 in Saraqib market.", place=SARAQIB)
    detail = mention("h2", "docA", "The shells hit the crowded vegetable market at noon, medics said.",
                     targets=[], place=None)
    decisions = Merger().add([headline, detail])
    assert decisions[1].merged_id == decisions[0].merged_id


def test_later_mention_joins_and_merged_id_is_stable():
    merger = Merger()
    first = merger.add([REPORT_A, REPORT_B])
    original = first[0].merged_id
    third = mention("c3", "docE", "Twelve civilians died when Syrian army artillery hit the Saraqib market.",
                    date="2025-03-10", place=SARAQIB)
    (decision,) = merger.add([third])
    assert decision.merged_id == original and not decision.created
    assert merger.merged_id_of("a1") == merger.merged_id_of("b1") == original
    (event,) = merger.merged_events()
    assert event.n_documents == 3 and event.first_event_id == "a1"
    # adding the same mention again changes nothing
    (again,) = merger.add([third])
    assert again.duplicate and again.merged_id == original
    assert merger.merged_events()[0].n_mentions == 3


def test_reciprocal_dyads_match_either_way_round():
    clash = dict(mention("r1", "docR", "The SDF and Islamic State clashed near Deir ez-Zor on Monday.",
                         sources=[SDF, ISIS], targets=[], place=DEIR_EZZOR), reciprocal=True)
    attack = mention("r2", "docS", "Islamic State fighters attacked SDF positions near Deir ez-Zor.",
                     sources=[ISIS], targets=[SDF], place=DEIR_EZZOR)
    assert compare_records(clash, attack).score is not None
    one_way = mention("r3", "docT", "The SDF attacked Islamic State positions near Deir ez-Zor.",
                      sources=[SDF], targets=[ISIS], place=DEIR_EZZOR)
    assert compare_records(attack, one_way).blocked_by == "dyad"  # not reciprocal: who struck whom matters


def test_incremental_runs_equal_one_batch():
    batch = [REPORT_A, REPORT_B,
             mention("x1", "docX", "Islamic State attacked Deir ez-Zor.", sources=[ISIS], place=DEIR_EZZOR),
             mention("x2", "docY", "IS fighters stormed a checkpoint in Deir ez-Zor on Monday.", sources=[ISIS],
                     place=DEIR_EZZOR),
             mention("x3", "docZ", "Army shells hit Saraqib market.", place=SARAQIB, date="2025-03-11")]
    at_once = {d.event_id: d.merged_id for d in Merger().add(batch)}
    first = Merger()
    early = first.add(batch[:2])
    restored = Merger()  # what merge_store does on its next run: restore the events, then add
    for merged in dict.fromkeys(d.merged_id for d in early):
        restored.seed(merged, first.members(merged))
    later = restored.add(batch[2:])
    assert {d.event_id: d.merged_id for d in early + later} == at_once


def test_merging_is_deterministic():
    inputs = [REPORT_A, REPORT_B, mention("x1", "docX", "Islamic State attacked Deir ez-Zor.", sources=[ISIS],
                                          place=DEIR_EZZOR)]
    runs = [[(d.event_id, d.merged_id, d.score) for d in Merger().add(inputs)] for _ in range(2)]
    assert runs[0] == runs[1]


def test_summary_keeps_the_best_date_place_and_type():
    vague = mention("v1", "docV", "Syrian army shelling killed 12 civilians in Saraqib this week.",
                    date="2025-03-10", date_end="2025-03-16", granularity="week",
                    place={"name": "Idlib", "lat": 35.8, "lon": 36.6, "admin1": "Idlib", "country": "SYR",
                           "precision": "admin1", "source": "sentence", "score": 0.99}, confidence=0.5)
    exact = dict(REPORT_A, confidence=0.9)
    merger = Merger(source_of={"docV": "Outlet One", "docA": "Outlet Two"},
                    published_of={"docV": dt.date(2025, 3, 11), "docA": dt.date(2025, 3, 10)})
    decisions = merger.add([vague, exact])
    assert decisions[1].merged_id == decisions[0].merged_id
    (event,) = merger.merged_events()
    assert (event.date, event.date_end, event.date_granularity) == ("2025-03-10", "2025-03-10", "day")
    assert event.place is not None and event.place["name"] == "Saraqib"
    assert event.cameo == "190" and event.confidence == 0.9
    assert event.n_sources == 2 and event.outlets == ["Outlet One", "Outlet Two"]
    assert (event.first_seen, event.last_seen) == ("2025-03-10", "2025-03-11")
    assert [a["id"] for a in event.sources] == ["SYRMIL"]


# ---- the store ----------------------------------------------------------------------------------


def _document(text: str, source: str, published: dt.date, date: dt.date, sources: list[Actor],
              place: Place | None = None, trigger: str = "shelled") -> tuple[Document, list[EventMention]]:
    document = Document(text=text, source=source, published=published, published_from="given")
    start = text.index(trigger)
    event = EventMention(
        doc_id=document.doc_id, type="ASSAULT", cameo="195", mode="actual",
        trigger=Span(start, start + len(trigger), trigger), sentence=text, sentence_start=0,
        sources=sources, targets=[Actor(text="civilians", id="SYRCVL", name="Syria civilians", country="SYR",
                                        sector="CVL")],
        date=date, date_end=date, date_granularity="day", date_fallback=False, date_text="Monday",
        place=place or Place(name="Saraqib", lat=35.864, lon=36.806, admin1="Idlib", country="SYR",
                             precision="town", source="clause", score=0.9),
        quad="material_conflict", confidence=0.8, plover_event="ASSAULT")
    return document, [event]


ARMY = [Actor(text="Syrian army", id="SYRMIL", name="Syrian Arab Army", country="SYR", sector="MIL")]
IS_FIGHTERS = [Actor(text="Islamic State fighters", id="ISIS", name="Islamic State", country=None, sector="REB")]
DEIR_EZZOR_PLACE = Place(name="Deir ez-Zor", lat=35.336, lon=40.141, admin1="Deir ez-Zor", country="SYR",
                         precision="town", source="clause", score=0.9)


def test_merge_store_is_idempotent_and_incremental(tmp_path: Path):
    store = Store(tmp_path / "x.duckdb")
    try:
        for text, source, day, actors, place in [
            ("The Syrian army shelled a market in Saraqib on Monday, killing 12 civilians.", "Wire One", 10, ARMY,
             None),
            ("Syrian army artillery shelled the Saraqib market, killing at least 12 civilians.", "Wire Two", 11, ARMY,
             None),
            ("Islamic State fighters shelled a checkpoint in Deir ez-Zor.", "Wire One", 10, IS_FIGHTERS,
             DEIR_EZZOR_PLACE),
        ]:
            document, events = _document(text, source, dt.date(2025, 3, day), dt.date(2025, 3, 10), actors, place)
            assert store.write_document(document, events, run_id="test", registry_version="test")
        first = merge_store(store)
        assert first.mentions == 3 and first.members == 3
        assert first.merged_events == 2 and first.new_events == 2 and first.joined_new == 1
        before = merged_frame(store)
        members_before = members_frame(store)
        assert sorted(before["n_documents"].tolist()) == [1, 2]
        pair = before[before["n_documents"] == 2].iloc[0]
        assert sorted(pair["outlets"]) == ["Wire One", "Wire Two"]

        again = merge_store(store)
        assert again.mentions == 0 and again.merged_events == 2 and again.members == 3
        pd.testing.assert_frame_equal(before, merged_frame(store))
        pd.testing.assert_frame_equal(members_before, members_frame(store))

        # a new document about the same attack joins the existing merged event; no id changes
        document, events = _document("Twelve civilians were killed when the Syrian army shelled Saraqib.",
                                     "Wire Three", dt.date(2025, 3, 11), dt.date(2025, 3, 10), ARMY)
        store.write_document(document, events, run_id="test", registry_version="test")
        third = merge_store(store)
        assert third.mentions == 1 and third.joined_existing == 1 and third.new_events == 0
        after = merged_frame(store)
        assert set(after["merged_id"]) == set(before["merged_id"])
        grown = after[after["merged_id"] == pair["merged_id"]].iloc[0]
        assert grown["n_documents"] == 3 and grown["n_sources"] == 3
        members_after = members_frame(store)
        kept = members_after.merge(members_before, on="event_id", suffixes=("", "_before"))
        assert (kept["merged_id"] == kept["merged_id_before"]).all()
    finally:
        store.close()


def test_merged_frame_before_any_merge(tmp_path: Path):
    store = Store(tmp_path / "empty.duckdb")
    try:
        assert merged_frame(store).empty
    finally:
        store.close()


# ---- the gold suite -----------------------------------------------------------------------------


@pytest.mark.shared
def test_merge_suite_runs_on_a_sample(shared_data: Path):
    from dyadwatch.evaluate.suites import merge as merge_suite

    result = merge_suite.run(shared_data, limit=30)
    assert result.name == "merge" and result.items == 30
    assert result.f1 is not None and 0.0 <= result.f1 <= 1.0
    figures = result.figures
    for key in ("pair_precision", "pair_recall", "pair_f1", "b3_precision", "b3_recall", "b3_f1",
                "gold_clusters", "predicted_clusters", "no_event"):
        assert key in figures
    assert 0 < int(figures["gold_clusters"]) <= 30 and 0 < int(figures["predicted_clusters"]) <= 30
    assert int(figures["merged_events"]) <= int(figures["mentions"])
    for miss in result.misses:
        assert {"id", "gold", "predicted_size"} <= set(miss)


def test_a_countrys_civilians_are_a_kind_of_group_not_one_party():
    from dyadwatch.merge.cluster import _actor, actor_match

    civilians, government = _actor(SYRCVL), _actor(SYRGOV)
    assert actor_match(government, _actor(SYRGOV)) == 1.0  # one state organ
    assert 0 < actor_match(civilians, _actor(SYRCVL)) < 1.0  # Syrian civilians, maybe others
    assert actor_match(civilians, _actor(CIVILIANS)) > 0  # and country-unknown civilians may be them
