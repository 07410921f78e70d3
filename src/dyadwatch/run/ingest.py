"""Run an ingest: read documents, skip the ones already stored, code the rest, store each one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from dyadwatch.ingest.readers import ReadOptions, iter_paths, read_file
from dyadwatch.pipeline import Pipeline
from dyadwatch.records import Document, ReadError
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
    options = options or ReadOptions()
    files = list(iter_paths(paths))

    def records() -> Iterator[Document | ReadError]:
        for number, path in enumerate(files, start=1):
            yield from read_file(path, options)
            if progress:
                progress(str(path), number)

    return ingest_records(records(), store, pipeline, command)


def ingest_records(records: Iterable[Document | ReadError], store: Store, pipeline: Pipeline | None = None,
                   command: str = "api") -> RunReport:
    """Ingest documents already read (from files, or posted to the API): skip the ones stored
    before, code the rest, store each in its own transaction; bad records are reported."""
    pipeline = pipeline or Pipeline()
    assert pipeline.registry is not None and pipeline.lexicon is not None
    registry_version = pipeline.registry.fingerprint
    report = RunReport()
    report.run_id = store.start_run(command, registry_version, pipeline.lexicon.version)
    seen: set[str] = set()

    def documents() -> Iterator[Document]:
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

    _code_and_store(documents(), pipeline, store, report, registry_version)
    store.finish_run(report.run_id, report.stats())
    return report


def _code_and_store(documents: Iterable[Document], pipeline: Pipeline, store: Store,
                    report: RunReport, registry_version: str) -> None:
    for coded in pipeline.code(documents):
        if coded.error:
            report.failed += 1
            origin = coded.document.origin or coded.document.doc_id
            report.errors.append((origin, coded.error))
            store.add_error(report.run_id, origin, coded.error)
            continue
        if store.write_document(coded.document, coded.events, report.run_id, registry_version):
            report.new += 1
            report.events += len(coded.events)
        else:
            report.duplicate += 1
