"""The server refuses what it should: oversized bodies, other sites' pages, injected SQL; and it
sends its security headers."""

import shutil
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

INJECTIONS = ["' OR '1'='1", "x'; DROP TABLE events; --", '" OR 1=1 --', "IRQ') UNION SELECT * FROM documents --",
              "%' AND 1=0 UNION SELECT 1 --", "\\'; SELECT pg_sleep(1); --", "IRQ:SYR' --", "\x00", "é' OR ''='",
              "1;DELETE FROM corrections", "*", "%", "_"]


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, ingest_demo):
    return ingest_demo(tmp_path_factory.mktemp("security") / "demo.duckdb")


@pytest.fixture(scope="module")
def client(demo_db):
    from dyadwatch.api import create_app

    with TestClient(create_app(demo_db, write_token="s3cret", max_body=64 * 1024)) as test_client:
        yield test_client


def _counts(client) -> tuple[int, int]:
    events = client.get("/api/events", params={"limit": 1, "include_rejected": True}).json()["total"]
    corrections = len(client.get("/api/corrections").json()["corrections"])
    return events, corrections


def test_injection_strings_in_every_filter_are_data_not_sql(client):
    before = _counts(client)
    for text in INJECTIONS:
        for name in ("actor", "dyad", "type", "mode", "near", "admin1", "q", "since", "sort", "level", "format"):
            value = f"IRQ:{text}" if name == "dyad" else text
            response = client.get("/api/events", params={name: value})
            assert response.status_code < 500, (name, text, response.status_code)
            if response.status_code == 200 and name in ("actor", "dyad", "admin1"):
                assert response.json()["total"] == 0, (name, text)
        quoted = quote(text, safe="")
        for path in (f"/api/documents/{quoted}", f"/api/events/{quoted}", f"/api/dyads/{quoted}/SYR/series",
                     f"/api/dyads/IRQ/{quoted}/phases", f"/api/actors?q={quoted}"):
            assert client.get(path).status_code < 500, (path, text)
        assert client.get("/api/overview", params={"since": text}).status_code == 422
        auth = {"Authorization": "Bearer s3cret"}
        body = {"kind": "mode", "event_id": text, "value": "planned", "author": text, "reason": text}
        assert client.post("/api/corrections", json=body, headers=auth).status_code == 404
        alias = {"kind": "alias", "actor_id": text, "value": text, "author": "ana"}
        assert client.post("/api/corrections", json=alias, headers=auth).status_code == 422
    assert _counts(client) == before


def test_words_in_the_evidence_match_literally(client):
    # LIKE's wildcards in the query are letters to find, not patterns
    assert client.get("/api/events", params={"q": "%"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "_"}).json()["total"] == 0
    assert client.get("/api/events", params={"q": "al-Hol"}).json()["total"] >= 1


def test_oversized_bodies_are_refused_declared_or_chunked(client):
    big = {"text": "x" * (100 * 1024)}
    auth = {"Authorization": "Bearer s3cret"}
    assert client.post("/api/ingest", json=big, headers=auth).status_code == 413

    def chunks():
        for _ in range(100):
            yield b"x" * 1024

    refused = client.post("/api/ingest", content=chunks(), headers={**auth, "content-type": "application/json"})
    assert refused.status_code == 413
    assert client.post("/api/ingest", content=b"{}", headers={**auth, "content-length": "abc",
                                                              "content-type": "application/json"}).status_code in (400,
                                                                                                                 413)


def test_security_headers_and_no_cors(client):
    for path in ("/", "/api/alerts", "/docs", "/static/app.js"):
        response = client.get(path, headers={"Origin": "https://evil.example"})
        assert response.status_code == 200, path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
        assert "access-control-allow-origin" not in response.headers
    preflight = client.options("/api/corrections", headers={"Origin": "https://evil.example",
                                                            "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers
    docs = client.get("/docs").text
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in docs and "cdn" not in docs.lower()


def test_the_server_binds_to_loopback_by_default():
    import inspect

    from dyadwatch.cli.app import serve

    assert inspect.signature(serve).parameters["host"].default == "127.0.0.1"


def test_reads_can_be_gated(demo_db, tmp_path):
    from dyadwatch.api import create_app

    copy = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, copy)
    with TestClient(create_app(copy, read_token="r")) as gated:
        for path in ("/api/events", "/api/overview", "/api/network", "/api/corrections", "/api/places/marked"):
            assert gated.get(path).status_code == 401, path
            assert gated.get(path, headers={"Authorization": "Bearer r"}).status_code == 200, path
        assert gated.get("/").status_code == 200  # the page itself holds no data
