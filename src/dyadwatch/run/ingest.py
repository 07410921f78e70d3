"""Run an ingest: read documents, skip the ones already stored, code the rest, store each one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.ingest.readers import ReadOptions, iter_paths, read_file
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Document, EventMention, ReadError
from dyadwatch.store.database import Store


@dataclass
class RunReport:
    run_id: str = ""
    read: int = 0
    new: int = 0
    duplicate: int = 0
    failed: int = 0
    events: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)

    def stats(self) -> dict[str, int]:
        return {"read": self.read, "new": self.new, "duplicate": self.duplicate,
                "failed": self.failed, "events": self.events}

    def to_dict(self) -> dict[str, object]:
        return {"run_id": self.run_id, **self.stats(),
                "errors": [{"origin": o, "reason": r} for o, r in self.errors]}


ProgressHook = Callable[[str, int], None]  # (what happened, how many files are done)


def ingest_paths(paths: list[Path], store: Store, options: ReadOptions | None = None,
                 pipeline: Pipeline | None = None, progress: ProgressHook | None = None,
                 command: str = "ingest") -> RunReport:
    """Ingest files and folders into ``store``; bad documents are reported, never fatal."""
    return ingest_records(read_records(paths, options, progress), store, pipeline, command)


def read_records(paths: list[Path], options: ReadOptions | None = None,
                 progress: ProgressHook | None = None) -> Iterator[Document | ReadError]:
    """Every record of the files and folders, calling ``progress`` after each file."""
    options = options or ReadOptions()
    for number, path in enumerate(iter_paths(paths), start=1):
        yield from read_file(path, options)
        if progress:
            progress(str(path), number)


def new_documents(records: Iterable[Document | ReadError], store: Store, report: RunReport) -> Iterator[Document]:
    """The documents of ``records`` that are neither stored already nor repeated in this run; read
    errors and skipped duplicates are counted (and errors recorded) in ``report`` on the way."""
    seen: set[str] = set()
    for record in records:
        if isinstance(record, ReadError):
            report.failed += 1
            report.errors.append((record.origin, record.reason))
            store.add_error(report.run_id, record.origin, record.reason)
            continue
        report.read += 1
        if record.content_hash in seen or store.has_document(record.content_hash):
            report.duplicate += 1
            continue
        seen.add(record.content_hash)
        yield record


def ingest_records(records: Iterable[Document | ReadError], store: Store, pipeline: Pipeline | None = None,
                   command: str = "api") -> RunReport:
    """Ingest documents already read (from files, or posted to the API): skip the ones stored
    before, code the rest, store each in its own transaction; bad records are reported."""
    pipeline = pipeline or Pipeline()
    assert pipeline.registry is not None and pipeline.lexicon is not None
    registry_version = pipeline.registry.fingerprint
    report = RunReport()
    report.run_id = store.start_run(command, registry_version, pipeline.lexicon.version)
    _code_and_store(new_documents(records, store, report), pipeline, store, report, registry_version)
    store.finish_run(report.run_id, report.stats())
    return report


def _code_and_store(documents: Iterable[Document], pipeline: Pipeline, store: Store,
                    report: RunReport, registry_version: str) -> None:
    """Code, and write each batch of coded documents in one transaction: a crash loses at most
    the batch being written, which the next run codes again."""
    ready: list[tuple[Document, list[EventMention]]] = []

    def flush() -> None:
        for written, (_, events) in zip(store.write_documents(ready, report.run_id, registry_version), ready,
                                        strict=True):
            if written:
                report.new += 1
                report.events += len(events)
            else:
                report.duplicate += 1
        ready.clear()

    for coded in pipeline.code(documents):
        if coded.error:
            report.failed += 1
            origin = coded.document.origin or coded.document.doc_id
            report.errors.append((origin, coded.error))
            store.add_error(report.run_id, origin, coded.error)
            continue
        ready.append((coded.document, coded.events))
        if len(ready) >= pipeline.batch_size:
            flush()
    flush()


def pipeline_for(store: Store) -> Pipeline:
    """The pipeline for a run on ``store``: the packaged registry plus the aliases its analysts
    added (a correction of kind ``alias`` is used from the next run on)."""
    from dyadwatch.actors.registry import default_registry
    from dyadwatch.corrections import aliases

    added = aliases(store)
    return Pipeline(registry=default_registry().with_aliases(added)) if added else Pipeline()


@dataclass
class RecodeReport:
    run_id: str = ""
    documents: int = 0
    failed: int = 0
    events_before: int = 0
    events_after: int = 0
    corrections_applied: int = 0
    corrections_orphaned: int = 0
    errors: list[tuple[str, str]] = field(default_factory=list)


def recode_store(store: Store, pipeline: Pipeline | None = None,
                 progress: ProgressHook | None = None) -> RecodeReport:
    """Code every stored document again with the current registry, lexicon and aliases, replace
    each document's events in its own transaction, then apply the analysts' corrections again and
    rebuild the merged events. A document that fails to code keeps its old events."""
    from dyadwatch.corrections import apply_corrections, corrections_frame
    from dyadwatch.merge.store import merge_store, reset_merges

    pipeline = pipeline or pipeline_for(store)
    assert pipeline.registry is not None and pipeline.lexicon is not None
    registry_version = pipeline.registry.fingerprint
    report = RecodeReport()
    report.events_before = int(store.con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
    report.run_id = store.start_run("recode", registry_version, pipeline.lexicon.version)
    for coded in pipeline.code(store.stored_documents()):
        report.documents += 1
        if coded.error:
            origin = coded.document.origin or coded.document.doc_id
            report.failed += 1
            report.errors.append((origin, coded.error))
            store.add_error(report.run_id, origin, coded.error)
        else:
            store.replace_events(coded.document.doc_id, coded.events, report.run_id, registry_version)
        if progress:
            progress(coded.document.doc_id, report.documents)
    report.events_after = int(store.con.execute("SELECT count(*) FROM events").fetchone()[0])  # type: ignore[index]
    report.corrections_applied = apply_corrections(store)
    status = corrections_frame(store)
    report.corrections_orphaned = int((status["status"] == "orphaned").sum()) if not status.empty else 0
    reset_merges(store)
    merge_store(store)
    store.finish_run(report.run_id, {"read": report.documents, "new": 0, "duplicate": 0,
                                     "failed": report.failed, "events": report.events_after})
    return report
