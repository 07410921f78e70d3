"""The HTTP API through the real app (FastAPI TestClient), on the demo database."""

import datetime as dt
import json

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, ingest_demo):
    return ingest_demo(tmp_path_factory.mktemp("api") / "demo.duckdb", watch=True)


@pytest.fixture(scope="module")
def client(demo_db):
    from dyadwatch.api import create_app

    with TestClient(create_app(demo_db, write_token="s3cret")) as test_client:
        yield test_client


def test_events_filters_pages_and_formats(client):
    page = client.get("/api/events", params={"dyad": "IRQ:SYR", "mode": "actual", "limit": 3}).json()
    assert page["total"] >= 5 and len(page["events"]) == 3
    assert all(e["mode"] == "actual" for e in page["events"])
    merged = client.get("/api/events", params={"dyad": "IRQ:SYR", "level": "merged", "limit": 1000}).json()
    mentions = client.get("/api/events", params={"dyad": "IRQ:SYR", "limit": 1000}).json()
    assert merged["total"] < mentions["total"]  # the Syrian foreign minister's visit is reported four times
    found = client.get("/api/events", params={"q": "al-Hol", "mode": "planned"}).json()
    assert found["total"] >= 1 and "al-Hol" in found["events"][0]["sentence"]
    near = client.get("/api/events", params={"near": "al-Hol", "radius_km": 60, "mode": "planned"}).json()
    assert near["total"] >= 1
    csv = client.get("/api/events", params={"dyad": "IRQ:SYR", "format": "csv"})
    assert csv.status_code == 200 and csv.text.startswith("event_id,")
    geo = client.get("/api/events", params={"format": "geojson"}).json()
    assert geo["type"] == "FeatureCollection" and geo["features"]


def test_bad_parameters_are_clear_4xx_never_500(client):
    for params in ({"type": "BOMB"}, {"mode": "maybe"}, {"dyad": "IRQ"}, {"since": "2025-13-01"},
                   {"since": "2025-06-01", "until": "2025-01-01"}, {"limit": 0}, {"near": "Qxzvlarno"},
                   {"level": "everything"}, {"format": "xml"}):
        response = client.get("/api/events", params=params)
        assert 400 <= response.status_code < 500, (params, response.status_code)
    assert client.get("/api/documents/nope").status_code == 404


def test_series_phases_network_alerts_actors(client):
    series = client.get("/api/dyads/IRQ/SYR/series", params={"freq": "week"}).json()
    assert series["periods"] and "index" in series["periods"][0]
    phases = client.get("/api/dyads/IRQ/SYR/phases", params={"freq": "week"}).json()["phases"]
    assert len(phases) >= 2 and phases[0]["summary"]
    net = client.get("/api/network").json()
    assert net["nodes"] and net["links"]
    alerts = client.get("/api/alerts").json()
    assert any(a["rule_id"] == "detention-sites-threat" for a in alerts["alerts"])
    actor = client.get("/api/actors", params={"q": "Hamid al-Shatri", "date": "2024-12-26"}).json()
    assert actor["actor"]["id"] == "IRQSPY"


def test_document_comes_with_the_spans_of_its_events(client):
    event = client.get("/api/events", params={"q": "congratulate", "mode": "negated"}).json()["events"][0]
    doc = client.get(f"/api/documents/{event['doc_id']}").json()
    kinds = {s["kind"] for s in doc["spans"]}
    assert "event" in kinds and "actor" in kinds
    trigger = next(s for s in doc["spans"] if s["event_id"] == event["event_id"] and s["kind"] == "event")
    assert doc["text"][trigger["start"]:trigger["end"]] == event["trigger_text"]


def test_writes_need_the_operator_token(client, demo_db):
    body = {"text": "Iraqi Prime Minister Mohammed Shia al-Sudani met Syrian President Ahmed al-Sharaa in "
                    "Baghdad on Monday.", "published": "2025-07-01", "source": "API test"}
    assert client.post("/api/ingest", json=body).status_code == 401
    assert client.post("/api/ingest", json=body, headers={"Authorization": "Bearer wrong"}).status_code == 401
    done = client.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"})
    assert done.status_code == 200, done.text
    assert done.json()["new"] == 1 and done.json()["events"] >= 1
    again = client.post("/api/ingest", json=body, headers={"Authorization": "Bearer s3cret"}).json()
    assert again["duplicate"] == 1 and again["new"] == 0
    lines = "\n".join([json.dumps({"text": "Turkish drones struck SDF positions near Kobani on Tuesday.",
                                   "published": "2025-07-02"}), "not json"])
    mixed = client.post("/api/ingest", json={"jsonl": lines}, headers={"Authorization": "Bearer s3cret"}).json()
    assert mixed["new"] == 1 and mixed["failed"] == 1 and "invalid JSON" in mixed["errors"][0]["reason"]


def test_without_a_write_token_writes_are_off_and_a_read_token_gates_reads(demo_db, tmp_path):
    import shutil

    from dyadwatch.api import create_app

    # the module's app holds the database open for writing: these apps read a copy
    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, copy)
    with TestClient(create_app(copy)) as open_reads:
        assert open_reads.post("/api/ingest", json={"text": "x"}).status_code == 403
        assert open_reads.get("/api/alerts").status_code == 200
    with TestClient(create_app(copy, read_token="r")) as gated:
        assert gated.get("/api/alerts").status_code == 401
        assert gated.get("/api/alerts", headers={"Authorization": "Bearer r"}).status_code == 200


def test_overview_config_marked_places_and_the_dashboard_page(client):
    assert client.get("/api/config").json() == {"writes_enabled": True, "read_token_required": False, "version": "0.1"}
    overview = client.get("/api/overview").json()
    totals = overview["totals"]
    assert totals["documents"] >= 40 and totals["mentions"] >= totals["events"] > 0
    assert overview["series"] and set(overview["series"][0]) >= {"period", "verbal_coop", "material_conflict"}
    assert any({d["a"], d["b"]} == {"IRQGOV", "SYRGOV"} for d in overview["top_dyads"])
    assert overview["top_actors"][0]["events"] >= overview["top_actors"][-1]["events"]
    assert client.get("/api/overview", params={"since": "2026-01-01", "until": "2025-01-01"}).status_code == 422
    places = client.get("/api/places/marked").json()["places"]
    assert {"camp", "crossing"} <= {p["kind"] for p in places}
    assert any(p["name"] == "al-Hol camp" for p in places)
    page = client.get("/")
    assert page.status_code == 200 and "<script" in page.text and "Content-Security-Policy" in page.text
    assert client.get("/static/basemap/countries.geojson").json()["type"] == "FeatureCollection"
    net = client.get("/api/network").json()
    assert all(-1.01 <= n["x"] <= 1.01 and n["n_events"] >= 1 for n in net["nodes"])


def test_an_event_comes_with_its_evidence_and_document_with_dates(client):
    merged = client.get("/api/events", params={"dyad": "IRQ:SYR", "level": "merged", "limit": 1000}).json()
    repeated = max(merged["events"], key=lambda e: e["n_mentions"])
    assert repeated["n_mentions"] >= 2
    found = client.get(f"/api/events/{repeated['event_id']}").json()
    assert found["event"]["event_id"] == repeated["event_id"]
    assert len(found["evidence"]) == repeated["n_mentions"] and found["evidence"][0]["event_id"] == repeated["event_id"]
    assert all(e["sentence"] and e["outlet"] for e in found["evidence"])
    assert client.get("/api/events/nope").status_code == 404
    doc = client.get(f"/api/documents/{repeated['doc_id']}").json()
    assert doc["events"] and any(s["kind"] == "date" for s in doc["spans"])


def test_corrections_through_the_api(client):
    auth = {"Authorization": "Bearer s3cret"}
    event = client.get("/api/events", params={"dyad": "IRQ:SYR", "mode": "actual"}).json()["events"][0]
    body = {"kind": "mode", "event_id": event["event_id"], "value": "planned", "author": "ana", "reason": "a plan"}
    assert client.post("/api/corrections", json=body).status_code == 401
    assert client.post("/api/corrections", json=body, headers={"Authorization": "Bearer no"}).status_code == 401
    for bad, status in (({**body, "value": "maybe"}, 422), ({**body, "event_id": "nope"}, 404),
                        ({**body, "kind": "delete"}, 422), ({**body, "author": ""}, 422),
                        ({"kind": "alias", "actor_id": "NOBODY", "value": "x", "author": "ana"}, 422)):
        assert client.post("/api/corrections", json=bad, headers=auth).status_code == status, bad
    done = client.post("/api/corrections", json=body, headers=auth)
    assert done.status_code == 200, done.text
    assert done.json()["event"]["mode"] == "planned" and done.json()["event"]["corrected"]
    assert done.json()["correction"]["previous"] == "actual"
    planned = client.get("/api/events", params={"dyad": "IRQ:SYR", "mode": "planned", "limit": 1000}).json()
    assert event["event_id"] in {e["event_id"] for e in planned["events"]}
    history = client.get(f"/api/events/{event['event_id']}").json()["corrections"]
    assert history[-1]["author"] == "ana" and history[-1]["reason"] == "a plan"
    exported = client.get("/api/corrections", params={"format": "csv"})
    assert exported.status_code == 200 and event["event_id"] in exported.text
    alias = client.post("/api/corrections", json={"kind": "alias", "actor_id": "SDF", "value": "Khabur Guardians",
                                                  "author": "ana"}, headers=auth)
    assert alias.status_code == 200 and alias.json()["correction"]["status"] == "alias"


@pytest.mark.parametrize("a,b", [("IRQ", "SYR"), ("IRQGOV", "SYRGOV"), ("ISIS", "SDF"), ("SYR", "IRQ")])
@pytest.mark.parametrize("freq", ["week", "month"])
def test_series_in_sql_equals_the_analysis_module(client, demo_db, a, b, freq):
    """The API computes a dyad's index in the database; it must agree with dyad_series exactly."""
    from dyadwatch.analysis import detect_phases, dyad_series
    from dyadwatch.analysis.series import ANALYSIS_COLUMNS
    from dyadwatch.store.database import EventFilter, Store

    fast = client.get(f"/api/dyads/{a}/{b}/series", params={"freq": freq}).json()
    slow = client.get(f"/api/dyads/{a}/{b}/series", params={"freq": freq, "events": True}).json()
    assert [p["period"] for p in fast["periods"]] == [p["period"] for p in slow["periods"]]
    for quick, full in zip(fast["periods"], slow["periods"], strict=True):
        assert "events" not in quick and len(full["events"]) == full["n_events"]
        for key in ("n_events", "counts", "n_ab", "n_ba"):
            assert quick[key] == full[key], (quick["period"], key)
        for key in ("index", "index_ab", "index_ba"):
            assert quick[key] == pytest.approx(full[key], abs=1e-9), (quick["period"], key)
    with Store(demo_db) as store:  # the app holds the file open for writing: same configuration
        frame = store.events_frame(EventFilter(dyad=(a, b)), ANALYSIS_COLUMNS)
    expected = [p.to_dict() for p in detect_phases(dyad_series(frame, a, b, freq=freq))]
    got = client.get(f"/api/dyads/{a}/{b}/phases", params={"freq": freq}).json()["phases"]
    assert json.loads(json.dumps(got)) == json.loads(json.dumps(expected, default=str))


@pytest.mark.parametrize("since,until", [(None, None), ("2025-01-01", "2025-04-30")])
def test_network_in_sql_equals_the_analysis_module(client, demo_db, since, until):
    from dyadwatch.analysis import actor_network
    from dyadwatch.analysis.network import network_from_edges
    from dyadwatch.analysis.series import ANALYSIS_COLUMNS
    from dyadwatch.store.database import EventFilter, Store

    with Store(demo_db) as store:
        day = {"since": since and dt.date.fromisoformat(since), "until": until and dt.date.fromisoformat(until)}
        expected = actor_network(store.events_frame(EventFilter(**day), ANALYSIS_COLUMNS))
        edges, n_events = store.network_edges(**day)
        got = network_from_edges(edges, store.actor_names(sorted({*edges["source"], *edges["target"]})), n_events)
    assert set(got.edges) == set(expected.edges) and got.graph["n_events"] == expected.graph["n_events"]
    for edge in expected.edges:
        want, have = expected.edges[edge], got.edges[edge]
        for key in ("n_events", "n_coop", "n_conflict", "first", "last"):
            assert have[key] == want[key], (edge, key)
        for key in ("coop", "conflict", "coop_intensity", "conflict_intensity", "weight", "net"):
            assert have[key] == pytest.approx(want[key], abs=1e-9), (edge, key)
        assert sorted(have["events"]) == sorted(want["events"])[:20] or len(want["events"]) > 20
    served = client.get("/api/network", params={k: v for k, v in (("since", since), ("until", until)) if v}).json()
    assert {(link["source"], link["target"]) for link in served["links"]} <= set(expected.edges)


def test_directed_dyads_sectors_and_boxes(client):
    both = client.get("/api/events", params={"dyad": "IRQ:SYR", "limit": 1000}).json()["events"]
    forward = client.get("/api/events", params={"dyad": "IRQ:SYR", "directed": True, "limit": 1000}).json()
    backward = client.get("/api/events", params={"dyad": "SYR:IRQ", "directed": True, "limit": 1000}).json()
    assert 0 < forward["total"] < len(both) and 0 < backward["total"] < len(both)
    assert all(e["source_country"] == "IRQ" or e["reciprocal"] for e in forward["events"])
    assert {e["event_id"] for e in forward["events"]} | {e["event_id"] for e in backward["events"]} == \
        {e["event_id"] for e in both}
    military = client.get("/api/events", params={"sector": "MIL,REB", "limit": 1000}).json()["events"]
    assert military
    # the flat columns hold an event's first source and target; a later party may be the one in the sector
    assert sum("MIL" in (e["source_sector"], e["target_sector"]) or "REB" in (e["source_sector"], e["target_sector"])
               for e in military) >= 0.8 * len(military)
    boxed = client.get("/api/events", params={"bbox": "40.0,35.5,42.5,37.5", "limit": 1000}).json()["events"]
    assert boxed and all(40.0 <= e["lon"] <= 42.5 and 35.5 <= e["lat"] <= 37.5 for e in boxed)
    for bad in ({"bbox": "1,2,3"}, {"bbox": "50,10,40,20"}, {"bbox": "a,b,c,d"}, {"sector": "MILITARY"}):
        assert client.get("/api/events", params=bad).status_code == 422, bad


def test_network_keeps_the_busiest_actors_and_strongest_links(client):
    full = client.get("/api/network", params={"links": 20000, "top": 2000}).json()
    few = client.get("/api/network", params={"links": 3, "top": 2000}).json()
    assert few["graph"]["n_links"] == len(full["links"]) > 3 and len(few["links"]) == 3
    strongest = sorted(full["links"], key=lambda link: (-link["weight"], link["source"], link["target"]))[:3]
    assert {(x["source"], x["target"]) for x in few["links"]} == {(x["source"], x["target"]) for x in strongest}
    top = client.get("/api/network", params={"top": 4}).json()
    busiest = sorted(full["nodes"], key=lambda node: (-node["n_events"], node["id"]))[:4]
    assert {n["id"] for n in top["nodes"]} == {n["id"] for n in busiest}
    assert all(link["source"] in {n["id"] for n in top["nodes"]} for link in top["links"])
