"""Kill -9 during an ingest, then run it again: nothing partial, nothing twice, and the final
tables equal those of a run that was never interrupted.

The corpus is the first articles of the Guardian ISIS/SDF corpus in ../shared (real, long news
texts); each run is a real `dyadwatch ingest` subprocess killed with SIGKILL at random moments.
"""

from __future__ import annotations

import csv
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ARTICLES = 36
KILLS = 3
# columns that differ between runs by design: when a row was written and by which run
VOLATILE = {"ingested_at", "run_id", "merged_at", "updated_at", "created", "origin"}


@pytest.fixture(scope="module")
def corpus(shared_data, tmp_path_factory) -> Path:
    source = shared_data / "corpora" / "guardian_isis_sdf.csv"
    if not source.exists():
        pytest.skip(f"{source} not found")
    target = tmp_path_factory.mktemp("crash") / "guardian_subset.csv"
    with source.open(encoding="utf-8", newline="") as fh, target.open("w", encoding="utf-8", newline="") as out:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(out, fieldnames=reader.fieldnames or [])
        writer.writeheader()
        for number, row in enumerate(reader):
            if number >= ARTICLES:
                break
            writer.writerow(row)
    return target


def _command(corpus: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "dyadwatch", "ingest", str(corpus), "--db", str(db), "--date-column", "date",
            "--source", "The Guardian", "--batch-size", "4"]


def _tables(db: Path) -> dict[str, list[tuple]]:
    from dyadwatch.store.database import Store

    out = {}
    with Store(db, read_only=True) as store:
        for table in ("documents", "events", "event_actors", "event_pairs", "merged_events", "merge_members"):
            columns = [row[0] for row in store.con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
                [table]).fetchall() if row[0] not in VOLATILE]
            # the merged event's JSON summary names when it was made; compare everything else
            columns = [c for c in columns if not (table == "merged_events" and c == "record")]
            rows = store.con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
            out[table] = sorted(rows, key=repr)
    return out


def _documents(db: Path) -> int:
    from dyadwatch.store.database import Store

    if not db.exists():
        return 0
    with Store(db, read_only=True) as store:
        return int(store.con.execute("SELECT count(*) FROM documents").fetchone()[0])


def test_kill_9_mid_ingest_then_rerun_gives_the_uninterrupted_tables(corpus, tmp_path):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    clean_db = tmp_path / "clean.duckdb"
    started = time.monotonic()
    done = subprocess.run(_command(corpus, clean_db), capture_output=True, text=True, env=env, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    full_run = time.monotonic() - started
    expected = _tables(clean_db)
    assert len(expected["documents"]) == ARTICLES and expected["events"]

    crashed_db = tmp_path / "crashed.duckdb"
    chooser = random.Random(20261127)
    kills = []
    for _ in range(KILLS):
        # somewhere between the model being loaded and the run's end
        delay = chooser.uniform(0.3, 1.0) * full_run
        process = subprocess.Popen(_command(corpus, crashed_db), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, env=env)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait(timeout=60)
        kills.append((round(delay, 1), process.returncode, _documents(crashed_db)))
    assert any(code == -signal.SIGKILL for _, code, _ in kills), f"no run was killed: {kills}"
    # at least one kill must have landed mid-corpus, with some documents stored and some not
    assert any(0 < stored < ARTICLES for _, code, stored in kills if code == -signal.SIGKILL), kills
    finished = subprocess.run(_command(corpus, crashed_db), capture_output=True, text=True, env=env, timeout=600)
    assert finished.returncode == 0, finished.stderr[-2000:]
    print(f"kills (seconds after start, exit code, documents stored): {kills}; uninterrupted run {full_run:.1f} s")
    got = _tables(crashed_db)
    for table, rows in expected.items():
        assert len(got[table]) == len(rows), (table, len(got[table]), len(rows), kills)
        assert got[table] == rows, (table, kills)
