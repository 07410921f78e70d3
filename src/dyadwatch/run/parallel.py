"""Ingest on several processes, on one machine or on a Dask cluster, with one writer.

Why: parsing and coding (spaCy plus the coder) is CPU-bound and costs a few tenths of a second
per news article, while writing a coded document to DuckDB costs milliseconds. Coding therefore spreads
over processes; writing does not need to, and DuckDB allows only one writing process per file.

How:

* The driver (the process that holds the DuckDB file) reads the records, skips the documents
  already stored or already seen in this run exactly as :func:`dyadwatch.run.ingest.ingest_records`
  does, and cuts the rest into batches of ``batch_size`` documents.
* Each batch is one task. ``workers=N`` runs them on a pool of N processes on this machine
  (``concurrent.futures``); ``scheduler="tcp://host:8786"`` on a Dask cluster started with Dask's
  own commands (``dask scheduler``, ``dask worker``); ``scheduler="local"`` on a Dask
  ``LocalCluster`` of N single-threaded processes started for the run.
* A worker builds the coding pipeline once per process (the model loads at the start of the run,
  or with the first batch on a worker that joins later) and keeps it for every later batch. It
  sends back only the events and the per-document errors; the documents stay on the driver.
* The driver keeps about two batches per worker thread on the cluster and at most four per
  thread not yet written, so memory stays bounded however long the input is. Results that arrive
  out of order wait in that window; the driver writes each batch with ``Store.write_documents``
  (one transaction per batch) in the input order, so the store ends up as a single-process run
  leaves it, down to the order of ``ingested_at``. Event ids hash the document and the trigger
  span, so the same coder yields the same ids wherever it runs.
* A batch whose task fails (an exception, or a worker that died) is submitted again, up to
  ``retries`` more times; after that its documents are recorded as the run's errors, never dropped.
* Every batch result says which registry, lexicon, model and dyadwatch version coded it. A worker
  that differs from the driver (a machine with another release installed) cannot write different
  events into the store: its batches are reported as failed with the reason, and a later run picks
  those documents up again.
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadwatch.records import Document, EventMention, ReadError
from dyadwatch.run.ingest import ProgressHook, RunReport, new_documents

if TYPE_CHECKING:
    from dyadwatch.ingest.readers import ReadOptions
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.store.database import Store

Aliases = tuple[tuple[str, str], ...]


# ---- the worker side ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CoderIdentity:
    """What determines the coding, so that the driver can refuse events coded by something else."""

    dyadwatch: str
    registry: str
    lexicon: str
    model: str | None  # version of the installed spaCy model package (None: not installed here)


@dataclass
class BatchResult:
    """A worker's answer for one batch: per document, in the batch's order, its events or error."""

    identity: CoderIdentity
    coded: list[tuple[list[EventMention], str | None]]


# One pipeline per worker process, for the aliases of the current run (a long-lived cluster that
# serves runs with other aliases builds a new one and drops the old, to hold one model in memory).
_PIPELINES: dict[Aliases, Pipeline] = {}
_PIPELINE_LOCK = threading.Lock()


def worker_pipeline(aliases: Aliases = ()) -> Pipeline:
    """This process's pipeline for ``aliases``, built on first use and then reused."""
    with _PIPELINE_LOCK:
        pipeline = _PIPELINES.get(aliases)
        if pipeline is None:
            from dyadwatch.pipeline import Pipeline

            if aliases:
                from dyadwatch.actors.registry import default_registry

                pipeline = Pipeline(registry=default_registry().with_aliases(aliases))
            else:
                pipeline = Pipeline()
            pipeline.nlp  # noqa: B018 - load the model now, under the lock, once
            _PIPELINES.clear()
            _PIPELINES[aliases] = pipeline
        return pipeline


def coder_identity(pipeline: Pipeline) -> CoderIdentity:
    import dyadwatch

    assert pipeline.registry is not None and pipeline.lexicon is not None
    return CoderIdentity(dyadwatch.__version__, pipeline.registry.fingerprint, pipeline.lexicon.version,
                         _model_version())


def _model_version() -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    from dyadwatch.nlp.pipeline import MODEL_PACKAGE

    try:
        return version(MODEL_PACKAGE)
    except PackageNotFoundError:
        return None


def code_batch(documents: list[Document], aliases: Aliases = ()) -> BatchResult:
    """The task each worker runs: code ``documents`` with this process's pipeline."""
    pipeline = worker_pipeline(aliases)
    coded = [(c.events, c.error) for c in pipeline.code(documents)]
    if len(coded) != len(documents):  # the pipeline yields one result per document, in order
        raise RuntimeError(f"the pipeline returned {len(coded)} results for {len(documents)} documents")
    return BatchResult(coder_identity(pipeline), coded)


def warm_up(aliases: Aliases = ()) -> CoderIdentity:
    """Load the pipeline on a worker ahead of the first batch (run on every worker at the start)."""
    return coder_identity(worker_pipeline(aliases))


BatchTask = Callable[[list[Document], Aliases], BatchResult]


# ---- the driver side ------------------------------------------------------------------------------

@dataclass
class _Batch:
    index: int
    documents: list[Document]
    attempts: int = 0
    # set once the batch is over: a BatchResult, or the reason all its documents failed
    result: BatchResult | None = None
    failure: str | None = None


LOCAL_DASK = "local"  # scheduler="local": a Dask LocalCluster started for the run


def ingest_records_parallel(records: Iterable[Document | ReadError], store: Store, *,
                            workers: int | None = None, scheduler: str | None = None, batch_size: int = 16,
                            aliases: Iterable[tuple[str, str]] | None = None, retries: int = 2,
                            progress: ProgressHook | None = None, command: str = "ingest",
                            task: BatchTask = code_batch, warm: bool = True,
                            pool: ProcessPool | None = None) -> RunReport:
    """Ingest ``records`` into ``store`` with the coding spread over worker processes.

    Where the workers are:

    * ``scheduler=None``: a pool of ``workers`` processes on this machine (default: one per CPU),
      started for this run. The fastest on one machine: each codes in its main thread.
    * ``scheduler="tcp://host:8786"``: a running Dask cluster.
    * ``scheduler="local"``: a Dask LocalCluster of ``workers`` processes started for this run.

    ``aliases`` are the (actor id, alias) pairs to add to the registry; ``None`` reads them from
    the store's analyst corrections, as ``pipeline_for`` does for a single-process run.
    ``progress`` is called with the document's origin and the number of documents done.
    ``task`` is the function the workers run on each batch (:func:`code_batch`); another one can
    wrap it, as the tests do to make batches fail (on a process pool it must be importable by
    name). ``warm`` loads the model on every worker before the run starts, so that a worker
    without the model stops the run before anything is written. ``pool``: a ``ProcessPool``
    already started (and warmed), which the caller closes. The result and the store are those
    of ``ingest_records`` on the same records.
    """
    if workers is not None and scheduler is not None and scheduler != LOCAL_DASK:
        raise ValueError("give either workers (on this machine) or scheduler (a running cluster), not both")
    if batch_size < 1 or retries < 0 or (workers is not None and workers < 1):
        raise ValueError("workers and batch_size must be at least 1, retries at least 0")
    if aliases is None:
        from dyadwatch.corrections import aliases as stored_aliases

        aliases = stored_aliases(store)
    alias_key: Aliases = tuple((str(a), str(v)) for a, v in aliases)
    expected = _driver_identity(alias_key)
    count = workers or os.cpu_count() or 1

    if scheduler is None:
        own = pool is None
        pool = pool or ProcessPool(count, alias_key)
        try:
            if warm and own:
                reason = _mismatch(pool.warm(), expected)
                if reason:
                    raise RuntimeError(f"a worker process cannot code for this store: {reason}")
            return _drive(records, store, pool, pool.completed(), expected, alias_key, batch_size, retries,
                          progress, command, task)
        finally:
            if own:
                pool.close()

    try:
        from distributed import Client, as_completed
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError("a Dask scheduler needs Dask: pip install 'dyadwatch[dask]'") from exc
    cluster = local_cluster(count) if scheduler == LOCAL_DASK else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        if warm:
            warm_workers(client, alias_key, expected)
        return _drive(records, store, client, as_completed(), expected, alias_key, batch_size, retries, progress,
                      command, task)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


class ProcessPool:
    """Worker processes on this machine, behind the few calls ``_drive`` makes of a Dask client.

    A process pool rather than a LocalCluster for one machine: a Dask worker runs its tasks in a
    thread, and spaCy's parser and NER ran about 20% slower outside the main thread here
    (measured; the reason is in their compiled code). Each process loads the pipeline once when
    it starts, with one BLAS thread. If a process dies, the pool is started again and the batches
    it held are retried like any failed batch."""

    def __init__(self, workers: int, aliases: Aliases = ()):
        self.workers = workers
        self.aliases = aliases
        from dyadwatch import prefer_one_blas_thread

        prefer_one_blas_thread()  # a spawned worker inherits this process's environment
        self._pool = self._start()

    def _start(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # spawned, not forked: this process holds a DuckDB connection and threads
        return ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=warm_up, initargs=(self.aliases,))

    def submit(self, fn: Callable[..., Any], *args: Any, **_dask_options: Any) -> Any:
        from concurrent.futures.process import BrokenProcessPool

        try:
            return self._pool.submit(fn, *args)
        except BrokenProcessPool:  # a worker died (killed, out of memory): start again
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = self._start()
            return self._pool.submit(fn, *args)

    def warm(self) -> CoderIdentity:
        """Start every process and wait until each has loaded its pipeline; returns their coder."""
        seen: dict[int, CoderIdentity] = {}
        for _ in range(20 * self.workers):  # processes start on demand: ask until all have answered
            futures = [self.submit(_process_ready, self.aliases) for _ in range(self.workers)]
            seen.update(future.result() for future in futures)
            if len(seen) >= self.workers:
                break
        return next(iter(seen.values()))

    def nthreads(self) -> dict[str, int]:
        return {f"process-{i}": 1 for i in range(self.workers)}

    @staticmethod
    def completed() -> _Completed:
        return _Completed()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def _process_ready(aliases: Aliases) -> tuple[int, CoderIdentity]:
    """Run in a pool process: its id and coder, after a pause that lets the others pick up work."""
    import time

    identity = warm_up(aliases)
    time.sleep(0.2)
    return os.getpid(), identity


class _Completed:
    """Futures as they finish, more added while iterating (Dask's ``as_completed`` for
    ``concurrent.futures``)."""

    def __init__(self) -> None:
        self._pending: set[Any] = set()

    def add(self, future: Any) -> None:
        self._pending.add(future)

    def __iter__(self) -> Iterator[Any]:
        from concurrent.futures import FIRST_COMPLETED, wait

        while self._pending:
            done, _ = wait(self._pending, return_when=FIRST_COMPLETED)
            for future in done:
                self._pending.discard(future)
                yield future


# Dask's nanny starts workers with MALLOC_TRIM_THRESHOLD_=65536, so that freed memory goes back
# to the system at once. spaCy allocates and frees small blocks all the time, and with that
# setting a worker coded 10% slower than the same code in a plain process (measured on the
# Guardian corpus); unset here, glibc's own adaptive threshold applies.
WORKER_ENVIRONMENT = {"distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None}


def local_cluster(workers: int) -> Any:
    """A Dask LocalCluster of ``workers`` single-threaded processes set up for coding."""
    import dask
    from distributed import LocalCluster

    with dask.config.set(WORKER_ENVIRONMENT):
        return LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                            dashboard_address=":0")  # a free port: no clash


def ingest_paths_parallel(paths: list[Path], store: Store, options: ReadOptions | None = None, *,
                          progress: ProgressHook | None = None, **kwargs: Any) -> RunReport:
    """:func:`ingest_records_parallel` on files and folders; ``progress`` is called per file read,
    as :func:`dyadwatch.run.ingest.ingest_paths` does (the other keywords are passed on)."""
    from dyadwatch.run.ingest import read_records

    return ingest_records_parallel(read_records(paths, options, progress), store, **kwargs)


def warm_workers(client: Any, aliases: Aliases = (), expected: CoderIdentity | None = None) -> None:
    """Load the pipeline on every worker of ``client`` now (in a task, so that the worker's event
    loop stays free); raises if a worker cannot load it or would code differently from this process."""
    expected = expected or _driver_identity(aliases)
    futures = {address: client.submit(warm_up, aliases, workers=[address], allow_other_workers=False,
                                      pure=False, key=f"dyadwatch-warm-up-{uuid.uuid4().hex[:12]}")
               for address in client.nthreads()}
    for address, future in futures.items():
        reason = _mismatch(future.result(), expected)
        if reason:
            raise RuntimeError(f"worker {address} cannot code for this store: {reason}")


def _driver_identity(aliases: Aliases) -> CoderIdentity:
    """The identity a worker must report, computed here without loading the model."""
    import dyadwatch
    from dyadwatch.actors.registry import default_registry
    from dyadwatch.events.lexicon import default_lexicon

    registry = default_registry().with_aliases(aliases) if aliases else default_registry()
    return CoderIdentity(dyadwatch.__version__, registry.fingerprint, default_lexicon().version, _model_version())


def _mismatch(worker: CoderIdentity, driver: CoderIdentity) -> str | None:
    """Why a worker's coding would differ from the driver's, or None."""
    differences = [f"{name} {getattr(worker, name)} (driver: {getattr(driver, name)})"
                   for name in ("dyadwatch", "registry", "lexicon", "model")
                   if getattr(worker, name) != getattr(driver, name)
                   and not (name == "model" and driver.model is None)]  # the driver need not hold the model
    return "; ".join(differences) or None


def _drive(records: Iterable[Document | ReadError], store: Store, client: Any, pending: Any,
           expected: CoderIdentity, aliases: Aliases, batch_size: int, retries: int, progress: ProgressHook | None,
           command: str, task: BatchTask) -> RunReport:
    """Hand out the batches to ``client`` (a Dask client or a ``ProcessPool``) and write the
    results in input order; ``pending`` yields the submitted futures as they finish."""
    report = RunReport()
    report.run_id = store.start_run(command, expected.registry, expected.lexicon)
    stream = new_documents(records, store, report)  # the same reading and skipping as ingest_records
    batches: dict[int, _Batch] = {}  # submitted and not yet written, by position in the input
    running: dict[Any, _Batch] = {}  # future -> its batch
    submitted = written = done = 0
    exhausted = False

    def submit(batch: _Batch) -> None:
        batch.attempts += 1
        key = f"dyadwatch-code-{report.run_id}-{batch.index}-{batch.attempts}-{uuid.uuid4().hex[:6]}"
        future = client.submit(task, batch.documents, aliases, key=key, pure=False)
        running[future] = batch
        pending.add(future)

    def top_up() -> None:
        nonlocal submitted, exhausted
        # About two batches per worker thread on the cluster (one running, one queued behind it),
        # and at most twice that waiting to be written, so that a slow batch at the head of the
        # order does not leave the other workers idle at once. Asked each time: workers can join
        # or leave a running cluster.
        slots = max(1, sum(client.nthreads().values()))
        while not exhausted and len(running) < 2 * slots and submitted - written < 4 * slots:
            chunk = list(islice(stream, batch_size))
            if not chunk:
                exhausted = True
                break
            batch = _Batch(submitted, chunk)
            batches[batch.index] = batch
            submitted += 1
            submit(batch)

    def write(batch: _Batch) -> None:
        nonlocal done
        if batch.result is None:
            outcomes: list[tuple[list[EventMention], str | None]] = [([], batch.failure)] * len(batch.documents)
        else:
            outcomes = batch.result.coded
        coded = [(document, events) for document, (events, error) in zip(batch.documents, outcomes, strict=True)
                 if not error]
        written = iter(store.write_documents(coded, report.run_id, expected.registry))  # one transaction
        for document, (events, error) in zip(batch.documents, outcomes, strict=True):
            origin = document.origin or document.doc_id
            if error:
                report.failed += 1
                report.errors.append((origin, error))
                store.add_error(report.run_id, origin, error)
            elif next(written):
                report.new += 1
                report.events += len(events)
            else:
                report.duplicate += 1
            done += 1
            if progress:
                progress(origin, done)

    top_up()
    for future in pending:
        batch = running.pop(future)
        try:
            result: BatchResult = future.result()
        except Exception as exc:  # the task raised, or its worker died (KilledWorker)
            if batch.attempts <= retries:
                submit(batch)
                continue
            batch.failure = (f"coding failed on the cluster ({batch.attempts} attempts, batch {batch.index} of "
                             f"{len(batch.documents)} documents): {type(exc).__name__}: {exc}")
        else:
            reason = _mismatch(result.identity, expected)
            if reason is not None:
                batch.failure = f"not stored: the worker codes differently from the driver: {reason}"
            elif len(result.coded) != len(batch.documents):
                batch.failure = (f"not stored: the worker returned {len(result.coded)} results for "
                                 f"{len(batch.documents)} documents")
            else:
                batch.result = result
        while written in batches and (batches[written].result is not None or batches[written].failure is not None):
            write(batches.pop(written))
            written += 1
        top_up()

    store.finish_run(report.run_id, report.stats())
    return report
