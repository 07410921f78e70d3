"""Find temporal expressions in a parsed text: spaCy DATE spans, widened by our modifier layer."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from dyadwatch.dates.resolve import resolve
from dyadwatch.records import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Words spaCy sometimes leaves outside a DATE span that change its meaning.
_LEFT_MODIFIERS = {"mid", "early", "late", "last", "this", "next", "since", "between", "earlier",
                   "later", "the", "-", "in", "on", "back"}
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
# DATE spans that are durations or ages, not points in time.
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days?|decades?)\b(?!\s+(?:ago|earlier|before))", re.I)
_POINT_WORDS = re.compile(r"\b(?:last|this|next|past|previous|coming|ago|earlier|later)\b", re.I)


def _widen(span: Span) -> tuple[int, int]:
    """Token range of the span plus modifiers on its left that spaCy did not include."""
    doc = span.doc
    start = span.start
    while start > 0 and doc[start - 1].lower_ in _LEFT_MODIFIERS and start > span.sent.start:
        start -= 1
    # never start on a bare preposition or article: they carry no meaning on their own
    while start < span.end - 1 and doc[start].lower_ in ("in", "on", "the", "-"):
        start += 1
    return start, span.end


def expressions_in(doc: Doc, anchor: dt.date, offset: int = 0) -> list[TimeExpression]:
    """All resolvable DATE expressions of a spaCy ``Doc``; offsets shifted by ``offset``."""
    found: list[TimeExpression] = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        start, end = _widen(ent)
        span = doc[start:end]
        text = span.text
        if _BARE_NUMBER.match(text) or (_DURATION.search(text) and not _POINT_WORDS.search(text)):
            continue
        resolved = resolve(text, anchor)
        if resolved is None:
            continue
        found.append(TimeExpression(
            text=text, start=span.start_char + offset, end=span.end_char + offset,
            value=resolved.value, granularity=resolved.granularity,
            date_start=resolved.start, date_end=resolved.end, modifier=resolved.modifier,
        ))
    return found
