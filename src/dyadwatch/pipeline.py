"""Compose the stages for a batch of documents: parse, then code each document."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property

from dyadwatch.actors.registry import Registry, default_registry
from dyadwatch.events.coder import Coder
from dyadwatch.events.lexicon import Lexicon, default_lexicon
from dyadwatch.nlp.first_pass import TriggerFilter
from dyadwatch.nlp.pipeline import Block, parse_texts, shared_model
from dyadwatch.places.geocode import Geocoder, place_mentions
from dyadwatch.records import CodedDocument, Document, EventMention


@dataclass
class Pipeline:
    """The coding pipeline with its resources; build once per process and reuse."""

    registry: Registry | None = None
    lexicon: Lexicon | None = None
    batch_size: int = 32
    geocode: bool = True  # resolve event places on the gazetteer (off: names only)
    # tag and parse only the sentences with a possible trigger word (off: parse every sentence)
    first_pass: bool = True

    def __post_init__(self) -> None:
        self.registry = self.registry or default_registry()
        self.lexicon = self.lexicon or default_lexicon()

    @cached_property
    def nlp(self):  # type: ignore[no-untyped-def]
        if self.registry is default_registry():
            return shared_model()
        from dyadwatch.nlp.pipeline import load_model

        return load_model(self.registry)

    @cached_property
    def sentence_filter(self) -> TriggerFilter | None:
        if not self.first_pass:
            return None
        assert self.lexicon is not None
        return TriggerFilter(self.nlp, self.lexicon.triggers(), self.lexicon.lemma_fixes)

    def parse(self, texts: list[str]) -> Iterator[list[Block]]:
        return parse_texts(self.nlp, texts, self.batch_size, keep=self.sentence_filter)

    @cached_property
    def geocoder(self) -> Geocoder:
        return Geocoder()

    def _events(self, blocks: list[Block], document: Document) -> list[EventMention]:
        events = self.coder.code_blocks(blocks, document.doc_id, document.published)
        if self.geocode:
            self.geocoder.geocode(events, place_mentions([(b.doc, b.offset) for b in blocks]), document.text)
        return events

    @cached_property
    def coder(self) -> Coder:
        assert self.registry is not None and self.lexicon is not None
        return Coder(self.registry, self.lexicon)

    def code(self, documents: Iterable[Document]) -> Iterator[CodedDocument]:
        """Code documents in batches; a document that fails is returned with its error."""
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= self.batch_size:
                yield from self._code_batch(batch)
                batch = []
        if batch:
            yield from self._code_batch(batch)

    def _code_batch(self, batch: list[Document]) -> Iterator[CodedDocument]:
        try:
            parsed = list(self.parse([d.text for d in batch]))
        except Exception:  # a batch-level failure: one by one, to isolate (and report) the bad document
            for document in batch:
                yield from self._code_one(document)
            return
        for document, blocks in zip(batch, parsed, strict=True):
            try:
                events = self._events(blocks, document)
            except Exception as exc:  # one bad document must not end the run
                yield CodedDocument(document, [], error=f"coding failed: {type(exc).__name__}: {exc}")
                continue
            yield CodedDocument(document, events)

    def _code_one(self, document: Document) -> Iterator[CodedDocument]:
        try:
            blocks = next(self.parse([document.text]))
            events = self._events(blocks, document)
        except Exception as exc:
            yield CodedDocument(document, [], error=f"parsing failed: {type(exc).__name__}: {exc}")
            return
        yield CodedDocument(document, events)
