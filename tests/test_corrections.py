"""Analyst corrections: stored with who/when/why, applied to queries, kept through re-coding,
exported; aliases reach the next run."""

import json

import pytest
from typer.testing import CliRunner

from dyadwatch.cli.app import app
from dyadwatch.corrections import Correction, CorrectionError, UnknownEvent, add_correction, corrections_frame
from dyadwatch.store.database import EventFilter, Store

# an invented name, which no dictionary knows
NEW_NAME_TEXT = ("Fighters of the Khabur Guardians clashed with Islamic State militants near al-Hol on 3 March 2025, "
                 "local officials said.")


@pytest.fixture()
def demo_db(tmp_path, ingest_demo):
    return ingest_demo(tmp_path / "demo.duckdb")


def _irq_syr_event(store: Store) -> dict:
    frame = store.events_frame(EventFilter(dyad=("IRQ", "SYR"), mode="actual"))
    return frame.iloc[0].to_dict()


def test_a_correction_changes_every_later_query_and_survives_recoding(demo_db):
    with Store(demo_db) as store:
        event = _irq_syr_event(store)
        event_id, old_type = event["event_id"], event["type"]
        new_type = "AID" if old_type != "AID" else "SUPPORT"
        row = add_correction(store, Correction(kind="type", author="ana", reason="it was aid", event_id=event_id,
                                               value=new_type))
        assert row["previous"] == old_type and row["author"] == "ana" and row["created_at"]
        add_correction(store, Correction(kind="date", author="ana", event_id=event_id, value="2024-12-20"))
        add_correction(store, Correction(kind="source", author="ana", event_id=event_id, value="IRQMIL"))
        fixed = store.events_frame(EventFilter(actor="IRQMIL", type=new_type))
        assert event_id in set(fixed["event_id"])
        row = fixed.set_index("event_id").loc[event_id]
        assert str(row["date"])[:10] == "2024-12-20" and row["corrected"] and row["source_name"] == "Iraqi Armed Forces"

    result = CliRunner().invoke(app, ["recode", "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    assert "0 orphaned" in result.output
    with Store(demo_db) as store:
        row = store.events_frame(EventFilter(actor="IRQMIL")).set_index("event_id").loc[event_id]
        assert row["type"] == new_type and str(row["date"])[:10] == "2024-12-20"
        # the coder's own output is still there, beside the correction
        assert json.loads(row["record"])["type"] == old_type
        assert list(corrections_frame(store)["status"]) == ["applied"] * 3


def test_a_rejected_event_leaves_queries_until_restored(demo_db):
    with Store(demo_db) as store:
        event_id = _irq_syr_event(store)["event_id"]
        before = len(store.events_frame(EventFilter(dyad=("IRQ", "SYR"))))
        add_correction(store, Correction(kind="reject", author="ana", reason="not an event", event_id=event_id))
        assert len(store.events_frame(EventFilter(dyad=("IRQ", "SYR")))) == before - 1
        assert len(store.events_frame(EventFilter(dyad=("IRQ", "SYR"), include_rejected=True))) == before
        add_correction(store, Correction(kind="restore", author="ana", event_id=event_id))
        assert len(store.events_frame(EventFilter(dyad=("IRQ", "SYR")))) == before


def test_bad_corrections_are_refused_with_a_reason(demo_db):
    with Store(demo_db) as store:
        event_id = _irq_syr_event(store)["event_id"]
        with pytest.raises(UnknownEvent):
            add_correction(store, Correction(kind="mode", author="ana", event_id="nope", value="planned"))
        for kind, value in (("mode", "maybe"), ("type", "HUG"), ("date", "26/12/2024"), ("target", "NOBODY")):
            with pytest.raises(CorrectionError):
                add_correction(store, Correction(kind=kind, author="ana", event_id=event_id, value=value))
        with pytest.raises(CorrectionError, match="author"):
            add_correction(store, Correction(kind="reject", author=" ", event_id=event_id))
        with pytest.raises(CorrectionError):
            add_correction(store, Correction(kind="alias", author="ana", actor_id="NOBODY", value="x"))
        assert corrections_frame(store).empty


def test_an_alias_is_used_by_the_next_run(tmp_path):
    db = tmp_path / "alias.duckdb"
    doc = tmp_path / "qasad.txt"
    doc.write_text(NEW_NAME_TEXT, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(doc), "--db", str(db)]).exit_code == 0
    with Store(db) as store:
        # unknown fighters, taken to be of the country where they fought (al-Hol, Syria)
        assert set(store.events_frame()["source_id"]) == {"SYRREB"}
    result = runner.invoke(app, ["alias", "SDF", "Khabur Guardians", "--by", "ana", "--why", "a local name",
                                 "--db", str(db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["recode", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        coded = store.events_frame()
        assert "SDF" in set(coded["source_id"]), coded[["source_id", "type", "sentence"]]
    exported = runner.invoke(app, ["corrections", "--format", "csv", "--db", str(db)])
    assert "SDF,alias,Khabur Guardians" in exported.output.replace('"', "")


def test_cli_correct_and_export(demo_db):
    with Store(demo_db, read_only=True) as store:
        event_id = _irq_syr_event(store)["event_id"]
    runner = CliRunner()
    result = runner.invoke(app, ["correct", event_id, "--by", "ana", "--why", "a plan", "--mode", "planned",
                                 "--db", str(demo_db)])
    assert result.exit_code == 0, result.output
    result = runner.invoke(app, ["correct", event_id, "--by", "ana", "--db", str(demo_db)])
    assert result.exit_code == 2
    result = runner.invoke(app, ["corrections", "--format", "json", "--db", str(demo_db)])
    rows = json.loads(result.output)
    assert rows[0]["kind"] == "mode" and rows[0]["value"] == "planned" and rows[0]["reason"] == "a plan"
    with Store(demo_db, read_only=True) as store:
        assert store.events_frame(EventFilter(mode="planned"))["event_id"].eq(event_id).any()


def test_an_older_database_gains_the_correction_columns(tmp_path):
    db = tmp_path / "old.duckdb"
    with Store(db) as store:
        store.con.execute("DROP INDEX events_doc")  # DuckDB alters no table that has an index
        store.con.execute("ALTER TABLE events DROP COLUMN rejected")
        store.con.execute("ALTER TABLE events DROP COLUMN corrected")
        store.con.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    with Store(db, read_only=True) as store:  # a reader of the old file still works
        assert store.events_frame().empty
    with Store(db) as store:
        assert {"rejected", "corrected"} <= store.event_columns
        assert store.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "3"



def test_json_export_gives_the_corrected_record(demo_db):
    with Store(demo_db) as store:
        event_id = _irq_syr_event(store)["event_id"]
        add_correction(store, Correction(kind="mode", author="ana", event_id=event_id, value="planned"))
        add_correction(store, Correction(kind="target", author="ana", event_id=event_id, value="SDF"))
    result = CliRunner().invoke(app, ["events", "--format", "json", "--db", str(demo_db)])
    exported = {e["event_id"]: e for e in json.loads(result.output)}[event_id]
    assert exported["mode"] == "planned" and exported["corrected"] is True
    assert [t["id"] for t in exported["targets"]] == ["SDF"]
    words = CliRunner().invoke(app, ["events", "--format", "csv", "--db", str(demo_db)]).output
    assert "search_text" not in words.splitlines()[0]
