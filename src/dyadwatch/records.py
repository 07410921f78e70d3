"""The records that flow between pipeline stages.

Every stage takes records defined here and returns records defined here; no stage reaches into
another's internals. Character offsets always refer to ``Document.text``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Mode = Literal["actual", "negated", "planned", "threatened", "hypothetical"]
MODES: tuple[str, ...] = ("actual", "negated", "planned", "threatened", "hypothetical")
Granularity = Literal["day", "week", "month", "year", "range"]
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT",
)


def content_hash(text: str) -> str:
    """Hash of the text with whitespace normalised, so re-encoded copies collide."""
    normalised = " ".join(text.split())
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


@dataclass
class Document:
    """One text to code, with where it came from."""

    text: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published: dt.date | None = None
    # how the publication date was found: metadata | dateline | mtime | given | None
    published_from: str | None = None
    origin: str | None = None  # file path (and line) the document was read from
    fmt: str | None = None

    @property
    def content_hash(self) -> str:
        return content_hash(self.text)

    @property
    def doc_id(self) -> str:
        return self.content_hash[:16]


@dataclass
class ReadError:
    """A document (or a file) that could not be read, and why."""

    origin: str
    reason: str


@dataclass
class Span:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass
class Actor:
    """An actor mention resolved against the registry."""

    text: str
    id: str
    name: str
    country: str | None
    sector: str | None
    person: str | None = None  # canonical name when the mention is a named individual
    role: str | None = None  # the role that person held on the event date
    start: int | None = None
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TimeExpression:
    """A temporal expression found in text and resolved against an anchor date."""

    text: str
    start: int
    end: int
    value: str  # ISO value: 2024-12-26, 2025-03, 2025-W11, 2025, or a range "a/b"
    granularity: str
    date_start: dt.date
    date_end: dt.date
    modifier: str | None = None  # mid, early, late, since, ...

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "value": self.value,
                "granularity": self.granularity, "date_start": self.date_start.isoformat(),
                "date_end": self.date_end.isoformat()}


@dataclass
class Place:
    name: str
    lat: float | None = None
    lon: float | None = None
    admin1: str | None = None
    country: str | None = None
    precision: str | None = None  # site | town | admin1 | country
    start: int | None = None
    end: int | None = None
    # where the name was found: the event's own clause ("clause"), elsewhere in its sentence
    # ("sentence"), inside the event's phrase when the clause gave only a country ("phrase"), or
    # the document's place when the sentence names none ("document"); a clause's name the
    # gazetteer lacks, placed where the document is, ends in "located by the document"
    # (or, when the event is told again just after with a place, that telling's source followed
    # by ", of the same event told again")
    source: str | None = None
    resolved_name: str | None = None  # the gazetteer's name
    score: float | None = None
    gazetteer_id: str | None = None

    @staticmethod
    def lent(source: str | None) -> bool:
        """Whether a place of this source was lent to the event (by the document, or by another
        telling of it) rather than said in the event's own sentence."""
        return str(source or "").endswith(("document", "told again"))

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "lat": self.lat, "lon": self.lon, "admin1": self.admin1,
                "country": self.country, "precision": self.precision, "start": self.start, "end": self.end,
                "source": self.source, "resolved_name": self.resolved_name, "score": self.score,
                "gazetteer_id": self.gazetteer_id}


@dataclass
class EventMention:
    """One coded event as one sentence reports it."""

    doc_id: str
    type: str
    cameo: str
    mode: str
    trigger: Span
    sentence: str
    sentence_start: int
    sources: list[Actor] = field(default_factory=list)
    targets: list[Actor] = field(default_factory=list)
    claimant: Actor | None = None
    reciprocal: bool = False
    historical: bool = False
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_granularity: str | None = None
    date_fallback: bool = True
    date_text: str | None = None
    place: Place | None = None
    intensity: float = 0.0
    quad: str | None = None
    confidence: float = 0.5
    mode_cue: str | None = None  # the word that set the mode: "refused", "not", "will", "if"
    plover_event: str | None = None  # PLOVER's category under its own convention (see events.plover)
    plover_mode: str | None = None
    # character spans of the place names inside the event's own phrase ("with barrel bombs in
    # Aleppo"), nearest first: the geocoder takes one when the event's place is only a country or
    # the document's. Working data of the pipeline, not stored.
    phrase_places: list[tuple[int, int]] = field(default_factory=list, repr=False)

    @property
    def event_id(self) -> str:
        """Stable id: the document hash and the evidence span, nothing that re-coding changes."""
        key = f"{self.doc_id}:{self.trigger.start}:{self.trigger.end}"
        return hashlib.sha256(key.encode()).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "event_id": self.event_id,
            "doc_id": self.doc_id,
            "type": self.type,
            "cameo": self.cameo,
            "mode": self.mode,
            "mode_cue": self.mode_cue,
            "plover_event": self.plover_event,
            "plover_mode": self.plover_mode,
            "historical": self.historical,
            "sources": [a.to_dict() for a in self.sources],
            "targets": [a.to_dict() for a in self.targets],
            "claimant": self.claimant.to_dict() if self.claimant else None,
            "reciprocal": self.reciprocal,
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_granularity": self.date_granularity,
            "date_fallback": self.date_fallback,
            "date_text": self.date_text,
            "place": self.place.to_dict() if self.place else None,
            "intensity": self.intensity,
            "quad": self.quad,
            "confidence": round(self.confidence, 3),
            "sentence": self.sentence,
            "trigger": self.trigger.to_dict(),
        }


@dataclass
class CodedDocument:
    """What the pipeline returns for one document."""

    document: Document
    events: list[EventMention]
    error: str | None = None
