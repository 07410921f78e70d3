"""Throughput of ingest end to end (read, skip, parse, code, write to DuckDB): one process against a
Dask LocalCluster of 1 and of 2 worker processes (dyadwatch.run.parallel), on the same corpus.

Each configuration runs in a fresh Python process of its own, so that the peak RSS printed is the
driver's alone (in the single-process run the driver also holds the model; with Dask the workers
hold it). "start" is the time to load the model (single process) or to start the cluster and load
the model on every worker; "ingest" is the run itself; "total" is both. The events each run stores
are compared with the single-process run's. Reads the Guardian corpus from the shared reference
data beside the project (never copied into the repository).

    .venv/bin/python benchmarks/throughput_parallel.py [--limit N] [--workers 1 2] [--batch-size 16]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "corpora" / "guardian_isis_sdf.csv"


def _records(corpus: Path, limit: int | None) -> list:  # type: ignore[type-arg]
    from dyadwatch.ingest.readers import ReadOptions, read_paths

    # the CSV's columns: "" (row number), date, text, source
    records = list(read_paths([corpus], ReadOptions(text_column="text", date_column="date")))
    return records[:limit] if limit else records


def _digest(db: Path) -> tuple[int, str]:
    """How many events the store holds and a hash of what was coded for each."""
    from dyadwatch.store.database import Store

    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:12]


def run_one(config: str, corpus: Path, limit: int | None, batch_size: int, db: Path) -> dict[str, object]:
    """One configuration, in this process: "single", or the number of workers."""
    from dyadwatch.records import Document
    from dyadwatch.store.database import Store

    records = _records(corpus, limit)
    documents = [r for r in records if isinstance(r, Document)]
    words = sum(len(d.text.split()) for d in documents)
    start = time.perf_counter()
    with Store(db) as store:
        if config == "single":
            from dyadwatch.run.ingest import ingest_records, pipeline_for

            pipeline = pipeline_for(store)
            pipeline.nlp  # noqa: B018 - load the model, timed as start-up
            ready, cpu = time.perf_counter(), time.process_time()
            report = ingest_records(records, store, pipeline, command="ingest")
        else:
            from distributed import Client, LocalCluster

            from dyadwatch.run.parallel import ingest_records_parallel, warm_workers

            with LocalCluster(n_workers=int(config), threads_per_worker=1, processes=True,
                              dashboard_address=":0") as cluster:
                with Client(cluster) as client:
                    warm_workers(client)
                ready, cpu = time.perf_counter(), time.process_time()
                report = ingest_records_parallel(records, store, scheduler=cluster.scheduler_address,
                                                 batch_size=batch_size, warm=False)
        end, cpu = time.perf_counter(), time.process_time() - cpu
    events, digest = _digest(db)
    return {"config": config, "documents": len(documents), "words": words, "new": report.new,
            "failed": report.failed, "start": ready - start, "ingest": end - ready, "total": end - start, "cpu": cpu,
            "events": events, "digest": digest, "load": os.getloadavg()[0],
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="LocalCluster sizes to time")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one configuration, print JSON
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}")
        return 2
    if args.one:
        print(json.dumps(run_one(args.one, args.corpus, args.limit, args.batch_size, args.db)))
        return 0

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for config in ["single", *map(str, args.workers)]:
            command = [sys.executable, __file__, "--corpus", str(args.corpus), "--batch-size", str(args.batch_size),
                       "--one", config, "--db", str(Path(tmp) / f"{config}.duckdb")]
            if args.limit:
                command += ["--limit", str(args.limit)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stdout, done.stderr, sep="\n")
                return 1
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))

    first = results[0]
    print(f"corpus: {args.corpus.name}, {first['documents']} documents, {first['words']} words; "
          f"batch size {args.batch_size}")
    print(f"{'configuration':24} {'start s':>8} {'ingest s':>9} {'total s':>8} {'docs/s':>7} {'words/s':>8} "
          f"{'events':>7} {'same':>5} {'driver MB':>10} {'driver cpu s':>13} {'load':>5}")
    rate: dict[str, float] = {}
    for r in results:
        name = "single process" if r["config"] == "single" else f"LocalCluster {r['config']} worker(s)"
        rate[r["config"]] = r["words"] / r["ingest"]
        same = "yes" if r["digest"] == first["digest"] and r["failed"] == 0 else "NO"
        print(f"{name:24} {r['start']:8.1f} {r['ingest']:9.1f} {r['total']:8.1f} "
              f"{r['documents'] / r['ingest']:7.2f} {rate[r['config']]:8.0f} {r['events']:7d} {same:>5} "
              f"{r['peak_mb']:10.0f} {r['cpu']:13.1f} {r['load']:5.1f}")
    print("docs/s, words/s: the ingest itself (start-up excluded); same: the stored events equal the single-process "
          "run's;\ndriver cpu s: the driver's CPU time during the ingest; load: 1-minute load average at the end "
          f"({os.cpu_count()} CPUs; other processes count too)")
    if "1" in rate and "2" in rate:
        print(f"speedup 2 workers / 1 worker: {rate['2'] / rate['1']:.2f}x; "
              f"2 workers / single process: {rate['2'] / rate['single']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
