"""The HTTP API through the real app (FastAPI TestClient), on the demo database."""

import json

import pytest
from fastapi.testclient import TestClient


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from typer.testing import CliRunner

    from dyadwatch.cli.app import app

    db = tmp_path_factory.mktemp("api") / "demo.duckdb"
    result = CliRunner().invoke(app, ["ingest", "examples/demo_corpus.jsonl", "--db", str(db), "--watch"])
    assert result.exit_code == 0, result.output
    return db


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
