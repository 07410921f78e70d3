"""The store's own guarantees: ingest order does not matter, event pairs follow one rule, the
place filter is right at the edges."""

import pytest
from typer.testing import CliRunner

from dyadwatch.cli.app import app
from dyadwatch.store.database import EventFilter, Store


@pytest.fixture()
def demo_db(tmp_path, ingest_demo):
    return ingest_demo(tmp_path / "demo.duckdb")


def test_ingest_order_does_not_change_the_events(tmp_path, demo_corpus):
    """The same documents in another order, or ingested twice, give the same events with the same
    ids (an event's id hangs on its document and span, not on when it was read)."""
    lines = demo_corpus.read_text(encoding="utf-8").splitlines()
    forward, backward = tmp_path / "forward.jsonl", tmp_path / "backward.jsonl"
    forward.write_text("\n".join(lines) + "\n", encoding="utf-8")
    backward.write_text("\n".join(reversed(lines)) + "\n", encoding="utf-8")
    runner = CliRunner()
    tables = []
    for name, source in (("a", forward), ("b", backward)):
        db = tmp_path / f"{name}.duckdb"
        for _ in range(2):  # the second ingest adds nothing
            assert runner.invoke(app, ["ingest", str(source), "--db", str(db)]).exit_code == 0
        with Store(db, read_only=True) as store:
            tables.append(store.con.execute(
                "SELECT event_id, doc_id, type, mode, date, source_id, target_id, place_name, confidence "
                "FROM events ORDER BY event_id").fetchall())
            assert store.con.execute("SELECT count(*) FROM documents").fetchone()[0] == len(lines)
    assert tables[0] == tables[1] and len(tables[0]) > 50


def test_pairs_written_with_an_event_follow_the_stores_own_rule(demo_db):
    with Store(demo_db) as store:
        written = sorted(store.con.execute("SELECT * FROM event_pairs").fetchall(), key=repr)
        with store.transaction() as con:
            con.execute("DELETE FROM event_pairs")
            store.rebuild_event_pairs(con)
        rebuilt = sorted(store.con.execute("SELECT * FROM event_pairs").fetchall(), key=repr)
        reciprocal = store.con.execute("SELECT count(*) FROM events WHERE reciprocal").fetchone()[0]
    assert written == rebuilt and len(written) > 50 and reciprocal > 0


def test_near_finds_points_across_the_date_line_and_not_outside_the_radius(tmp_path):
    with Store(tmp_path / "near.duckdb") as store:
        store.con.execute("INSERT INTO documents (doc_id, content_hash, text) VALUES ('d', 'h', 't')")
        points = {"east": (0.0, 179.9), "west": (0.0, -179.9), "far": (0.0, 178.0), "pole": (89.9, 10.0)}
        for name, (lat, lon) in points.items():
            store.con.execute("INSERT INTO events (event_id, doc_id, lat, lon, date) VALUES (?, 'd', ?, ?, "
                              "DATE '2025-01-01')", [name, lat, lon])
        found = set(store.events_frame(EventFilter(near=(0.0, 180.0), radius_km=50))["event_id"])
        assert found == {"east", "west"}
        assert set(store.events_frame(EventFilter(near=(89.95, -170.0), radius_km=30))["event_id"]) == {"pole"}


@pytest.mark.parametrize("order", ["date", "confidence"])
@pytest.mark.parametrize("descending", [False, True])
def test_a_page_is_the_same_slice_of_the_sorted_events_however_deep(demo_db, order, descending, monkeypatch):
    import dyadwatch.store.database as database

    with Store(demo_db) as store:
        store.con.execute("UPDATE events SET date = NULL, confidence = NULL WHERE event_id IN "
                          "(SELECT event_id FROM events ORDER BY event_id LIMIT 5)")  # NULLs sort last
        direction = "DESC" if descending else "ASC"
        everything = [r[0] for r in store.con.execute(
            f"SELECT event_id FROM events WHERE NOT rejected ORDER BY {order} {direction} NULLS LAST, event_id"
        ).fetchall()]
        for offset, limit in ((0, 10), (7, 5), (40, 100)):
            pages = []
            for top_n in (5000, 1):  # one pass, and count-then-sort for deep pages
                monkeypatch.setattr(database, "MAX_TOP_N", top_n)
                total, page = store.events_page(EventFilter(), order=order, descending=descending, limit=limit,
                                                offset=offset)
                assert total == len(everything)
                pages.append(list(page["event_id"]))
            assert pages[0] == pages[1] == everything[offset:offset + limit], (offset, limit)
