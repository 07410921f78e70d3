"""dyadwatch: coded political events from news, with the evidence behind each one.

The public API for notebooks and tools:

- ``open(db_path)``: a store whose methods return events and documents as pandas frames;
- ``code_text(text, published=...)``: the coded events of one text, without a database;
- ``resolve_actor(text, date=None)``: the registry actor a phrase names on a date;
- ``find_dates(text, published=...)``: temporal expressions resolved against a date.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

__version__ = "0.1.0"
__all__ = [
    "Database",
    "code_text",
    "find_dates",
    "geocode_text",
    "locate_event",
    "open",
    "prefer_one_blas_thread",
    "resolve_actor",
    "use_first_pass",
]


def prefer_one_blas_thread() -> None:
    """Ask OpenBLAS (and OpenMP, MKL) for one thread, unless the user chose otherwise; it takes
    effect in a process that loads numpy after this call, and in the processes it starts.

    The small spaCy model multiplies small matrices, and with OpenBLAS's thread pool started,
    coding the Guardian corpus cost about 14% more CPU time here (three runs each way); limiting
    the threads afterwards through threadpoolctl did not recover it. Parallel work is one process
    per core (``--workers``); Dask's nanny gives its workers the same setting."""
    import os

    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


class Database:
    """A dyadwatch store opened for reading from a notebook."""

    def __init__(self, path: str | Path | None = None):
        from dyadwatch.store.database import Store

        self._store = Store(path, read_only=True)

    def events(self, actor: str | None = None, dyad: str | tuple[str, str] | None = None,
               type: str | None = None, mode: str | None = None,
               since: str | dt.date | None = None, until: str | dt.date | None = None) -> Any:
        """Coded events as a pandas DataFrame, filtered like ``dyadwatch events``."""
        from dyadwatch.store.database import EventFilter

        pair = tuple(dyad.split(":", 1)) if isinstance(dyad, str) else dyad
        return self._store.events_frame(EventFilter(actor=actor, dyad=pair, type=type, mode=mode,  # type: ignore[arg-type]
                                                    since=_as_date(since), until=_as_date(until)))

    def documents(self) -> Any:
        return self._store.documents_frame()

    def runs(self) -> Any:
        return self._store.runs_frame()

    def errors(self) -> Any:
        return self._store.errors_frame()

    def close(self) -> None:
        self._store.close()


def open(db_path: str | Path | None = None) -> Database:
    """Open a dyadwatch database (default: ``$DYADWATCH_DB`` or ``dyadwatch.duckdb``)."""
    return Database(db_path)


def code_text(text: str, published: str | dt.date | None = None, title: str | None = None,
              source: str | None = None, actor_files: tuple[str | Path, ...] = ()) -> list[dict[str, Any]]:
    """Code one text; returns the event records as plain dicts (see the README for fields).
    ``actor_files``: extra actor dictionaries (YAML in the registry's schema) for this call, e.g.
    a region's or a project's own actors; the packaged registry stays underneath."""
    from dyadwatch.ingest.dateline import find_dateline
    from dyadwatch.ingest.readers import repair_surrogates
    from dyadwatch.records import Document

    text = repair_surrogates(text)  # a lone UTF-16 surrogate cannot go through spaCy or a hash
    pub = _as_date(published)
    origin = "given" if pub else None
    if pub is None:
        pub = find_dateline(text)
        origin = "dateline" if pub else None
    document = Document(text=text, title=title, source=source, published=pub, published_from=origin)
    pipeline = _pipeline_with(tuple(str(f) for f in actor_files)) if actor_files else _pipeline()
    coded = next(pipeline.code([document]))
    if coded.error:
        raise RuntimeError(coded.error)
    return [event.to_dict() for event in coded.events]


def locate_event(text: str, trigger_start: int, trigger_end: int) -> dict[str, Any] | None:
    """Where the event whose trigger word spans ``text[trigger_start:trigger_end]`` happened, as
    the sentence says it: the place name's text and offsets (the name proper: "Babel" of "Babel
    province", "Nigeria" of "southeast Nigeria"), or None (the event's own clause names no place).
    Works for any verb, coded or not."""
    from dyadwatch.nlp.pipeline import parse_texts
    from dyadwatch.places.ranker import event_place, toponym

    for block in next(parse_texts(_pipeline().nlp, [text])):
        span = block.doc.char_span(trigger_start - block.offset, trigger_end - block.offset,
                                   alignment_mode="expand")
        if span is None:
            continue
        found = event_place(span.root)
        if found is None:
            return None
        found = toponym(found)
        return {"text": found.text, "start": found.start_char + block.offset, "end": found.end_char + block.offset}
    return None


def geocode_text(text: str) -> list[dict[str, Any]]:
    """Every place name the parser finds in ``text``, resolved on the gazetteer with the rest of
    the text as context (countries and points of the other places)."""
    from dyadwatch.nlp.pipeline import parse_texts
    from dyadwatch.places.geocode import place_mentions

    blocks = next(parse_texts(_pipeline().nlp, [text]))
    mentions = place_mentions([(b.doc, b.offset) for b in blocks])
    geocoder = _pipeline().geocoder
    context = geocoder.geocode([], mentions, text)
    by_text = {p.text: p for p in context.placements}
    found = []
    for mention in mentions:
        placement = by_text.get(mention.text)
        found.append({"text": mention.text, "start": mention.start, "end": mention.end,
                      **({"name": placement.name, "lat": placement.lat, "lon": placement.lon,
                          "country": placement.country, "admin1": placement.admin1,
                          "precision": placement.precision, "score": placement.score} if placement else {})})
    return found


def resolve_actor(text: str, date: str | dt.date | None = None) -> dict[str, Any] | None:
    """The actor a name or description stands for on ``date`` ("Iraqi intelligence chief")."""
    from dyadwatch.actors.registry import default_registry

    registry = default_registry()
    actor = registry.resolve(text, _as_date(date)) or registry.generic_actor(text)
    if actor is None:
        return None
    record = actor.to_dict()
    record.pop("start", None)
    record.pop("end", None)
    return record


def find_dates(text: str, published: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Temporal expressions in ``text`` with ISO values resolved against ``published``."""
    from dyadwatch.dates.find import expressions_in_pieces
    from dyadwatch.ingest.readers import repair_surrogates
    from dyadwatch.nlp.pipeline import parse_texts

    anchor = _as_date(published) or dt.date.today()
    blocks = next(parse_texts(_pipeline().nlp, [repair_surrogates(text)]))
    # one pass over all the paragraphs: "the following day" and "a year earlier" read on from the
    # dates of the paragraphs before
    pieces = [(block.doc[:], block.offset, True, block.doc.ents) for block in blocks]
    return [t.to_dict() for t in expressions_in_pieces(pieces, anchor)]


_PIPELINE: Any = None
_FIRST_PASS = True


def use_first_pass(enabled: bool) -> None:
    """Whether the functions of this module parse only the sentences that may hold an event (the
    default, as ingest does) or every sentence; the evaluation's ``--full-parse`` compares both."""
    global _PIPELINE, _FIRST_PASS
    _FIRST_PASS = enabled
    _PIPELINE = None
    _pipeline_with.cache_clear()


@functools.lru_cache(maxsize=4)
def _pipeline_with(actor_files: tuple[str, ...]) -> Any:
    from dyadwatch.actors.registry import load_registry
    from dyadwatch.pipeline import Pipeline

    return Pipeline(registry=load_registry(extra_files=[Path(f) for f in actor_files]), first_pass=_FIRST_PASS)


def _pipeline() -> Any:
    global _PIPELINE
    if _PIPELINE is None:
        from dyadwatch.pipeline import Pipeline

        _PIPELINE = Pipeline(first_pass=_FIRST_PASS)
    return _PIPELINE
