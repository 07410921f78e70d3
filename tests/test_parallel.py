"""Parallel ingest (dyadwatch.run.parallel) on a real Dask LocalCluster of two worker processes:
the store it writes equals the single-process run's, and a batch that keeps failing ends up in
the run's errors while the rest is stored."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("distributed", reason="parallel ingest needs Dask: pip install 'dask[distributed]'")

from distributed import LocalCluster

from dyadwatch.ingest.readers import read_paths
from dyadwatch.records import Document
from dyadwatch.run.ingest import ingest_records, pipeline_for
from dyadwatch.run.parallel import BatchResult, CoderIdentity, code_batch, ingest_records_parallel
from dyadwatch.store.database import Store


@pytest.fixture(scope="module")
def scheduler():
    """Two single-threaded worker processes, shared by the tests below (each loads the model once)."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        yield cluster.scheduler_address


@pytest.fixture(scope="module")
def single(tmp_path_factory, demo_corpus):
    """The demo corpus ingested in this process, the reference the parallel runs must match."""
    path = tmp_path_factory.mktemp("single") / "single.duckdb"
    with Store(path) as store:
        report = ingest_records(read_paths([demo_corpus]), store, pipeline_for(store), command="ingest")
    assert report.new == 40 and not report.errors
    return path


def _tables(path: Path, doc_ids: set[str] | None = None) -> dict[str, list[tuple]]:
    """The stored rows that do not depend on the run (its id and clock), for ``doc_ids`` or all."""
    with Store(path, read_only=True) as store:
        con = store.con
        doc_ids_list = sorted(doc_ids) if doc_ids is not None else [
            r[0] for r in con.execute("SELECT doc_id FROM documents").fetchall()]
        scope = "(SELECT unnest(?))"
        events = f"SELECT event_id FROM events WHERE doc_id IN {scope}"
        return {
            "documents": con.execute("SELECT * EXCLUDE (ingested_at, run_id) FROM documents "
                                     f"WHERE doc_id IN {scope} ORDER BY doc_id", [doc_ids_list]).fetchall(),
            "ingest order": con.execute(f"SELECT doc_id FROM documents WHERE doc_id IN {scope} "
                                        "ORDER BY ingested_at, rowid", [doc_ids_list]).fetchall(),
            "events": con.execute(f"SELECT * EXCLUDE (run_id) FROM events WHERE doc_id IN {scope} "
                                  "ORDER BY event_id", [doc_ids_list]).fetchall(),
            "event_actors": con.execute(f"SELECT * FROM event_actors WHERE event_id IN ({events}) "
                                        "ORDER BY event_id, role, position", [doc_ids_list]).fetchall(),
            "event_pairs": con.execute(f"SELECT * FROM event_pairs WHERE event_id IN ({events}) "
                                       "ORDER BY ALL", [doc_ids_list]).fetchall(),
        }


def test_parallel_run_equals_single_process(tmp_path, scheduler, single, demo_corpus):
    path = tmp_path / "parallel.duckdb"
    done: list[int] = []
    with Store(path) as store:
        report = ingest_records_parallel(read_paths([demo_corpus]), store, scheduler=scheduler, batch_size=3,
                                         progress=lambda origin, n: done.append(n))
        run = store.con.execute("SELECT docs_read, docs_new, docs_duplicate, docs_failed, events, finished "
                                "FROM runs WHERE run_id = ?", [report.run_id]).fetchone()
    assert (report.read, report.new, report.failed, report.errors) == (40, 40, 0, [])
    assert done == list(range(1, 41))
    assert run is not None and run[:5] == (40, 40, 0, 0, report.events) and run[5] is not None

    expected, got = _tables(single), _tables(path)
    assert [r[0] for r in got["events"]] == [r[0] for r in expected["events"]]  # the same event ids
    # the brief's minimum, spelled out, then every stored column
    key = "event_id, type, mode, date, source_id, target_id"
    with Store(single, read_only=True) as a, Store(path, read_only=True) as b:
        sql = f"SELECT {key} FROM events ORDER BY event_id"
        assert a.con.execute(sql).fetchall() == b.con.execute(sql).fetchall()
    for table in expected:
        assert got[table] == expected[table], table

    # a second run over the same input finds everything stored and codes nothing
    with Store(path) as store:
        again = ingest_records_parallel(read_paths([demo_corpus]), store, scheduler=scheduler, batch_size=3)
    assert (again.read, again.new, again.duplicate, again.events) == (40, 0, 40, 0)


def test_failing_batches_are_retried_then_reported(tmp_path, scheduler, single, demo_corpus):
    documents = [r for r in read_paths([demo_corpus]) if isinstance(r, Document)]
    batch_size = 4
    broken = documents[5].doc_id  # its batch (documents 4-7) fails on every attempt
    flaky = documents[9].doc_id  # its batch (8-11) fails on the first attempt only
    alien = documents[13].doc_id  # its batch (12-15) comes back coded by "another release"
    attempts = tmp_path / "attempts"
    attempts.mkdir()

    # Defined inside the test, so Dask ships it to the workers by value; it runs there and keeps
    # count of its attempts in files.
    def task(batch: list[Document], aliases) -> BatchResult:
        ids = {d.doc_id for d in batch}
        for name in (broken, flaky):
            if name in ids:
                log = attempts / name
                count = int(log.read_text()) + 1 if log.exists() else 1
                log.write_text(str(count))
                if name == broken or count == 1:
                    raise RuntimeError(f"injected failure, attempt {count}")
        result = code_batch(batch, aliases)
        if alien in ids:
            identity = result.identity
            result.identity = CoderIdentity(identity.dyadwatch, "other-registry", identity.lexicon, identity.model)
        return result

    path = tmp_path / "parallel.duckdb"
    with Store(path) as store:
        report = ingest_records_parallel(read_paths([demo_corpus]), store, scheduler=scheduler,
                                         batch_size=batch_size, retries=2, task=task)
        stored_errors = store.con.execute("SELECT origin, reason FROM run_errors WHERE run_id = ?",
                                          [report.run_id]).fetchall()

    assert (attempts / broken).read_text() == "3"  # the first attempt and two retries
    assert (attempts / flaky).read_text() == "2"
    failed = {d.origin for d in documents[4:8] + documents[12:16]}
    assert report.failed == 8 and report.new == 32
    assert {origin for origin, _ in report.errors} == failed
    assert sorted(stored_errors) == sorted(report.errors)
    reasons = dict(report.errors)
    assert all("3 attempts" in reasons[d.origin] and "injected failure" in reasons[d.origin]
               for d in documents[4:8])
    assert all("other-registry" in reasons[d.origin] for d in documents[12:16])

    # everything else is stored, as the single-process run stored it
    kept = {d.doc_id for i, d in enumerate(documents) if not (4 <= i < 8 or 12 <= i < 16)}
    assert _tables(path) == _tables(single, kept)


def test_the_workers_use_the_aliases_analysts_added(tmp_path, scheduler, demo_corpus):
    from dyadwatch.corrections import Correction, add_correction

    text = ("Fighters of the Khabur Guardians clashed with Islamic State militants near al-Hol on 3 March 2025, "
            "local officials said.")
    records = [Document(text=text, origin="khabur.txt"),
               *[r for r in read_paths([demo_corpus]) if isinstance(r, Document)][:6]]
    paths = {}
    for name in ("single", "parallel"):
        paths[name] = tmp_path / f"{name}.duckdb"
        with Store(paths[name]) as store:
            add_correction(store, Correction(kind="alias", author="ana", actor_id="SDF", value="Khabur Guardians"))
            if name == "single":
                report = ingest_records(records, store, pipeline_for(store), command="ingest")
            else:  # aliases=None: the driver reads them from the store and ships them to the workers
                report = ingest_records_parallel(records, store, scheduler=scheduler, batch_size=2)
            assert (report.new, report.errors) == (7, [])
    with Store(paths["parallel"], read_only=True) as store:
        sources = {r[0] for r in store.con.execute("SELECT source_id FROM events").fetchall()}
    assert "SDF" in sources
    assert _tables(paths["parallel"]) == _tables(paths["single"])


def test_scheduler_local_starts_and_stops_a_local_cluster(tmp_path, single, demo_corpus):
    records = [r for r in read_paths([demo_corpus]) if isinstance(r, Document)][:4]
    with Store(tmp_path / "local.duckdb") as store:
        report = ingest_records_parallel(records, store, workers=1, scheduler="local", batch_size=2)
    assert (report.new, report.errors) == (4, [])
    assert _tables(tmp_path / "local.duckdb") == _tables(single, {d.doc_id for d in records})
    with Store(tmp_path / "x.duckdb") as store, pytest.raises(ValueError, match="not both"):
        ingest_records_parallel(records, store, workers=1, scheduler="tcp://127.0.0.1:1")


def test_a_process_pool_stores_what_one_process_stores(tmp_path, single, demo_corpus):
    """``workers=N`` without a scheduler: N processes of this machine, each coding in its main thread."""
    path = tmp_path / "pool.duckdb"
    done: list[int] = []
    with Store(path) as store:
        report = ingest_records_parallel(read_paths([demo_corpus]), store, workers=2, batch_size=3,
                                         progress=lambda origin, n: done.append(n))
    assert (report.read, report.new, report.failed, report.errors) == (40, 40, 0, [])
    assert done == list(range(1, 41))
    assert _tables(path) == _tables(single)


def test_a_process_pool_retries_a_batch_whose_worker_died(tmp_path, single, demo_corpus, monkeypatch):
    """A worker process killed in the middle of a batch breaks the pool: the pool starts again, the
    batches it held are coded again, and the store is complete."""
    documents = [r for r in read_paths([demo_corpus]) if isinstance(r, Document)][:8]
    marker = tmp_path / "killed-once"
    monkeypatch.setenv("DYADWATCH_TEST_KILL_MARKER", str(marker))  # the spawned workers inherit it
    path = tmp_path / "pool.duckdb"
    with Store(path) as store:
        report = ingest_records_parallel(documents, store, workers=2, batch_size=2, task=_dies_once)
    assert marker.exists()
    assert (report.new, report.failed, report.errors) == (8, 0, [])
    assert _tables(path) == _tables(single, {d.doc_id for d in documents})


def _dies_once(batch: list[Document], aliases) -> BatchResult:
    """The first batch to run kills its own process (as the kernel's OOM killer would)."""
    import os
    import signal

    marker = Path(os.environ["DYADWATCH_TEST_KILL_MARKER"])
    if not marker.exists():
        marker.write_text("killed")
        os.kill(os.getpid(), signal.SIGKILL)
    return code_batch(batch, aliases)
