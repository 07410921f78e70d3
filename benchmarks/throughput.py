"""Throughput: how fast dyadwatch codes, beside the bare spaCy pipeline, and how it scales out.

Two tables per corpus (the Guardian ISIS/SDF articles and the FA-KES articles, read from the shared
reference data beside the project, never copied into the repository):

1. Coding, in this process, on the same texts in the same run: the bare spaCy small pipeline as
   shipped (every component), also on two processes (spaCy's ``n_process=2``, the figure to set
   beside ``--workers 2`` below), dyadwatch with the first pass (only the sentences that may hold an
   event are tagged and parsed; the default) and dyadwatch parsing every sentence. docs/s, words/s
   and each one's speed relative to bare spaCy.
2. Ingest end to end (read, skip, code, write to DuckDB): one process, then ``--workers 1`` and
   ``--workers 2`` (a pool of worker processes) and a Dask LocalCluster of 2 workers
   (``dyadwatch.run.parallel``). Each configuration runs in a fresh Python process, so that the
   peak RSS printed is its own: the driver's, and the largest worker's seen. The events each run
   stores are compared with the single-process run's.

Words are whitespace-separated tokens of the text. Nothing here asserts a time.

    .venv/bin/python benchmarks/throughput.py [--corpus guardian fakes] [--limit N] [--workers 1 2]
                                              [--dask-workers 2] [--skip-coding | --skip-ingest]
"""

from __future__ import annotations

from dyadwatch import prefer_one_blas_thread

prefer_one_blas_thread()  # as the dyadwatch command does, before anything loads numpy

import argparse  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


@dataclass(frozen=True)
class Corpus:
    name: str
    path: Path
    text_column: str
    date_column: str


CORPORA = {
    "guardian": Corpus("Guardian ISIS/SDF", DATA / "corpora" / "guardian_isis_sdf.csv", "text", "date"),
    "fakes": Corpus("FA-KES", DATA / "gold" / "fa_kes" / "fakes_dev.csv", "article_content", "date"),
}


def read_documents(corpus: Corpus, limit: int | None) -> list:  # type: ignore[type-arg]
    """The corpus's documents, with the publication date where it reads as one (FA-KES writes
    "4/7/17", which ``dyadwatch ingest`` refuses as ambiguous; the date does not change the work)."""
    import csv

    from dyadwatch.ingest.dateline import parse_date
    from dyadwatch.records import Document

    csv.field_size_limit(50_000_000)
    documents = []
    with corpus.path.open(encoding="utf-8", errors="replace", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=2):
            text = (row.get(corpus.text_column) or "").strip()
            if text:
                published = parse_date(row.get(corpus.date_column) or "")
                documents.append(Document(text=text, published=published, origin=f"{corpus.path.name}:{number}"))
    return documents[:limit] if limit else documents


def words_of(documents: list) -> int:  # type: ignore[type-arg]
    return sum(len(d.text.split()) for d in documents)


def _peak_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec, so a child
    would report its parent's peak; ``VmHWM`` belongs to the process's own memory."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---- table 1: coding in this process ---------------------------------------------------------------
def coding_table(corpus: Corpus, limit: int | None) -> None:
    import spacy

    from dyadwatch.nlp.pipeline import MODEL_PACKAGE
    from dyadwatch.pipeline import Pipeline

    documents = read_documents(corpus, limit)
    texts = [d.text for d in documents]
    words = words_of(documents)
    print(f"\n{corpus.name}: {len(documents)} documents, {words} words ({corpus.path.name})")

    timings: list[tuple[str, float, int | None]] = []
    bare = spacy.load(MODEL_PACKAGE)
    list(bare.pipe(texts[:2]))
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    timings.append(("bare spaCy, full small pipeline", time.perf_counter() - start, None))
    # the same pipeline on two processes, for the end-to-end --workers 2 figure of table 2
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=16, n_process=2):
        pass
    timings.append(("bare spaCy, 2 processes", time.perf_counter() - start, None))
    del bare

    for label, first_pass in (("dyadwatch, first pass (default)", True), ("dyadwatch, every sentence parsed", False)):
        pipeline = Pipeline(first_pass=first_pass)
        list(pipeline.code(documents[:2]))
        start = time.perf_counter()
        events = sum(len(coded.events) for coded in pipeline.code(documents))
        timings.append((label, time.perf_counter() - start, events))

    bare_seconds = timings[0][1]
    print(f"{'coding, one process':34} {'seconds':>8} {'docs/s':>8} {'words/s':>8} {'x bare':>7} {'events':>7}")
    for label, seconds, events in timings:
        print(f"{label:34} {seconds:8.1f} {len(texts) / seconds:8.2f} {words / seconds:8.0f} "
              f"{bare_seconds / seconds:7.2f} {'' if events is None else events:>7}")
    print(f"peak RSS of this process so far: {_peak_mb():.0f} MB")


# ---- table 2: ingest end to end, one configuration per process --------------------------------------
def _digest(db: Path) -> tuple[int, str]:
    """How many events the store holds and a hash of what was coded for each."""
    from dyadwatch.store.database import Store

    with Store(db, read_only=True) as store:
        rows = store.con.execute("SELECT * EXCLUDE (run_id) FROM events ORDER BY event_id").fetchall()
    return len(rows), hashlib.sha256(repr(rows).encode()).hexdigest()[:12]


def _worker_peak_mb() -> float:
    return _peak_mb()


def run_one(config: str, corpus: Corpus, limit: int | None, batch_size: int, db: Path) -> dict[str, object]:
    """One configuration, in this process: "single", "pool:N" (``--workers N``) or "dask:N" (a Dask
    LocalCluster of N workers)."""
    from dyadwatch.store.database import Store

    documents = read_documents(corpus, limit)
    start = time.perf_counter()
    worker_mb = 0.0
    with Store(db) as store:
        if config == "single":
            from dyadwatch.run.ingest import ingest_records, pipeline_for

            pipeline = pipeline_for(store)
            pipeline.nlp  # noqa: B018 - load the model, timed as start-up
            ready, cpu = time.perf_counter(), time.process_time()
            report = ingest_records(documents, store, pipeline, command="ingest")
        elif config.startswith("pool:"):
            from dyadwatch.run.parallel import ProcessPool, ingest_records_parallel

            pool = ProcessPool(int(config.split(":")[1]))
            try:
                pool.warm()
                ready, cpu = time.perf_counter(), time.process_time()
                report = ingest_records_parallel(documents, store, batch_size=batch_size, pool=pool)
                worker_mb = max(pool.submit(_worker_peak_mb).result() for _ in range(pool.workers))
            finally:
                pool.close()
        else:
            from distributed import Client

            from dyadwatch.run.parallel import ingest_records_parallel, local_cluster, warm_workers

            with local_cluster(int(config.split(":")[1])) as cluster, Client(cluster) as client:
                warm_workers(client)
                ready, cpu = time.perf_counter(), time.process_time()
                report = ingest_records_parallel(documents, store, scheduler=cluster.scheduler_address,
                                                 batch_size=batch_size, warm=False)
                worker_mb = max(client.run(_worker_peak_mb).values())
        end, cpu = time.perf_counter(), time.process_time() - cpu
    events, digest = _digest(db)
    return {"config": config, "documents": len(documents), "words": words_of(documents), "failed": report.failed,
            "start": ready - start, "ingest": end - ready, "cpu": cpu, "events": events, "digest": digest,
            "driver_mb": _peak_mb(), "worker_mb": worker_mb}


def ingest_table(key: str, limit: int | None, workers: list[int], dask_workers: list[int], batch_size: int) -> bool:
    results = []
    configs = ["single", *(f"pool:{n}" for n in workers), *(f"dask:{n}" for n in dask_workers)]
    with tempfile.TemporaryDirectory() as tmp:
        for config in configs:
            command = [sys.executable, __file__, "--one", config, "--corpus", key, "--batch-size", str(batch_size),
                       "--db", str(Path(tmp) / f"{config.replace(':', '-')}.duckdb")]
            if limit:
                command += ["--limit", str(limit)]
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                print(done.stdout, done.stderr, sep="\n")
                return False
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    first = results[0]
    print(f"{'ingest end to end':26} {'start s':>8} {'ingest s':>9} {'docs/s':>7} {'words/s':>8} {'events':>7} "
          f"{'same':>5} {'driver MB':>10} {'worker MB':>10} {'driver cpu s':>13}")
    rate: dict[str, float] = {}
    for r in results:
        kind, _, count = r["config"].partition(":")
        name = {"single": "one process", "pool": f"--workers {count}", "dask": f"Dask LocalCluster, {count}"}[kind]
        rate[r["config"]] = r["documents"] / r["ingest"]
        same = "yes" if r["digest"] == first["digest"] and r["failed"] == 0 else "NO"
        worker = f"{r['worker_mb']:10.0f}" if r["worker_mb"] else f"{'-':>10}"
        print(f"{name:26} {r['start']:8.1f} {r['ingest']:9.1f} {rate[r['config']]:7.2f} "
              f"{r['words'] / r['ingest']:8.0f} {r['events']:7d} {same:>5} {r['driver_mb']:10.0f} {worker} "
              f"{r['cpu']:13.1f}")
    if "pool:1" in rate and "pool:2" in rate:
        print(f"--workers 2 / --workers 1: {rate['pool:2'] / rate['pool:1']:.2f}x; --workers 2 / one process: "
              f"{rate['pool:2'] / rate['single']:.2f}x")
    print("--workers N: a pool of N processes (dyadwatch ingest --workers N); Dask LocalCluster, N: "
          "--workers N --scheduler local.\nstart: loading the model, or starting the workers and loading the model "
          "on each; docs/s and words/s leave it out; ingest includes writing to DuckDB.\n"
          "same: the stored events equal the one-process run's. RSS: peak "
          f"resident memory of the driver and of the largest worker ({os.cpu_count()} CPUs here).")
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", choices=list(CORPORA), default=list(CORPORA))
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents of each corpus")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="process pool sizes to time")
    parser.add_argument("--dask-workers", type=int, nargs="*", default=[2], help="Dask LocalCluster sizes to time")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per Dask task")
    parser.add_argument("--skip-ingest", action="store_true", help="the coding table only")
    parser.add_argument("--skip-coding", action="store_true", help="the ingest table only")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: run one configuration, print JSON
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, CORPORA[args.corpus[0]], args.limit, args.batch_size, args.db)))
        return 0
    missing = [CORPORA[k].path for k in args.corpus if not CORPORA[k].path.exists()]
    if missing:
        print(f"corpus not found: {', '.join(map(str, missing))} (the shared reference data sits beside the project)")
        return 2
    for key in args.corpus:
        if not args.skip_coding:
            coding_table(CORPORA[key], args.limit)
        else:
            print(f"\n{CORPORA[key].name} ({CORPORA[key].path.name})")
        if not args.skip_ingest and not ingest_table(key, args.limit, args.workers, args.dask_workers, args.batch_size):
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
