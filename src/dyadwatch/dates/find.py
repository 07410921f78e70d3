"""Find temporal expressions in a parsed text: spaCy DATE spans, widened by our modifier layer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from dyadwatch.dates.resolve import Resolved, resolve, resolve_relative
from dyadwatch.records import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

# Words spaCy sometimes leaves outside a DATE span that change its meaning.
_LEFT_MODIFIERS = {"mid", "early", "late", "last", "this", "next", "since", "between", "earlier",
                   "later", "the", "-", "in", "on", "back"}
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
# DATE spans that are durations or ages, not points in time.
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days?|decades?)\b(?!\s+(?:ago|earlier|before))", re.I)
_MAY_DAY = re.compile(r"\bmay\s+day\b", re.I)  # a day, not a duration
_POINT_WORDS = re.compile(r"\b(?:last|this|next|past|previous|coming|ago|earlier|later)\b", re.I)


def _widen(span: Span) -> tuple[int, int]:
    """Token range of the span plus modifiers on its left that spaCy did not include."""
    doc = span.doc
    start = span.start
    while start > 0 and start > span.sent.start and (
            doc[start - 1].lower_ in _LEFT_MODIFIERS
            # "26 May 2022" where the tagger kept only "May 2022"
            or (doc[start - 1].text.isdigit() and int(doc[start - 1].text) <= 31 and start == span.start)):
        start -= 1
    # never start on a bare preposition or article: they carry no meaning on their own
    while start < span.end - 1 and doc[start].lower_ in ("in", "on", "the", "-"):
        start += 1
    return start, span.end


def expressions_in(doc: Doc, anchor: dt.date, offset: int = 0) -> list[TimeExpression]:
    """All resolvable DATE expressions of a spaCy ``Doc``; offsets shifted by ``offset``."""
    return expressions_in_pieces([(doc[:], offset, True, doc.ents)], anchor)


def expressions_in_pieces(pieces: Iterable[tuple[Span, int, bool, Sequence[Span]]], anchor: dt.date,
                          ) -> list[TimeExpression]:
    """The DATE expressions of a text given as consecutive pieces (sentences or whole blocks),
    each a span, the offset of its ``Doc`` in the text, whether it was parsed (an unparsed piece
    has no clause to tell a future date by) and its entities. "The following day" is resolved
    against the last full date before it, across pieces."""
    found: list[TimeExpression] = []
    references: list[TimeExpression] = []
    reference: Resolved | None = None
    for piece, offset, parsed, entities in pieces:
        doc = piece.doc
        for ent in entities:
            if ent.label_ != "DATE":
                continue
            start, end = _widen(ent)
            span = doc[start:end]
            if _titled_march(ent):
                continue
            relative = None
            if reference is not None:  # "the following day": the tagger's own span keeps its "the"
                relative = resolve_relative(ent.text, reference) or resolve_relative(span.text, reference)
                if relative is not None:
                    span = ent
            if relative is not None:
                resolved = relative
            else:
                found_span = _resolvable(span, anchor, parsed and _speaks_of_future(ent))
                if found_span is None:
                    continue
                span, resolved = found_span
                if resolved.granularity in ("day", "week", "month", "year"):
                    reference = resolved  # what "that year", "the following day" will point back to
            found.append(TimeExpression(
                text=span.text, start=span.start_char + offset, end=span.end_char + offset,
                value=resolved.value, granularity=resolved.granularity,
                date_start=resolved.start, date_end=resolved.end, modifier=resolved.modifier,
            ))
        references.extend(reference_expressions(piece, anchor, found, offset))
    found.extend(references)
    found.sort(key=lambda t: t.start)
    return found


# Words that place something relative to the time of writing without naming a date (TimeML's
# PRESENT_REF / PAST_REF / FUTURE_REF). They are kept as time expressions with granularity "ref"
# and never date an event by themselves.
_REFERENCE_WORDS = {
    ("now",): "PRESENT_REF", ("currently",): "PRESENT_REF", ("presently",): "PRESENT_REF",
    ("nowadays",): "PRESENT_REF", ("at", "present"): "PRESENT_REF", ("these", "days"): "PRESENT_REF",
    ("recently",): "PAST_REF", ("lately",): "PAST_REF", ("previously",): "PAST_REF", ("formerly",): "PAST_REF",
    ("the", "past"): "PAST_REF", ("in", "the", "past"): "PAST_REF",
    ("the", "future"): "FUTURE_REF", ("the", "near", "future"): "FUTURE_REF", ("soon",): "FUTURE_REF",
    ("at", "the", "time"): "PAST_REF",
}
for _unit in ("days", "weeks", "months", "years"):
    _REFERENCE_WORDS[("recent", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("the", "last", "few", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("the", "past", "few", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("coming", _unit)] = "FUTURE_REF"
    _REFERENCE_WORDS[("the", "coming", _unit)] = "FUTURE_REF"
# adjectives that place the noun they modify in time: "the current talks", "future losses"
_REFERENCE_ADJECTIVES = {"current": "PRESENT_REF", "future": "FUTURE_REF"}
_MAX_REFERENCE_WORDS = max(len(k) for k in _REFERENCE_WORDS)
_REFERENCE_FIRST_WORDS = {k[0] for k in _REFERENCE_WORDS} | set(_REFERENCE_ADJECTIVES)


def reference_expressions(doc: Doc | Span, anchor: dt.date, taken: list[TimeExpression], offset: int = 0,
                          ) -> list[TimeExpression]:
    """The "now" / "recently" / "in the future" expressions of ``doc`` (or of a span of one) outside
    the ``taken`` spans."""
    found: list[TimeExpression] = []
    covered = {(t.start, t.end) for t in taken}
    tokens = list(doc)
    # Token objects are costly to make: read the words once, and look at a token itself only
    # where a phrase may start.
    lowers = [t.lower_ for t in tokens]
    i = 0
    while i < len(tokens):
        if lowers[i] not in _REFERENCE_FIRST_WORDS:
            i += 1
            continue
        for size in range(_MAX_REFERENCE_WORDS, 0, -1):
            words = tuple(lowers[i:i + size])
            value = _REFERENCE_WORDS.get(words) if len(words) == size else None
            if value is None and size == 1 and tokens[i].pos_ == "ADJ" and tokens[i].dep_ == "amod":
                value = _REFERENCE_ADJECTIVES.get(words[0])
            if value is None:
                continue
            following = tokens[i + size] if i + size < len(tokens) else None
            names_other = following is not None and following.pos_ in ("NOUN", "NUM", "ADJ")
            if (words[-1] in ("past", "future") and names_other) or (
                    words == ("soon",) and i > 0 and lowers[i - 1] == "as"):
                break  # "the past century" is another expression; "as soon as" is a conjunction
            first = i + 1 if words[0] == "in" else i  # "in the past": the expression is "the past"
            span = tokens[first].doc[tokens[first].i:tokens[i + size - 1].i + 1]
            start, end = span.start_char + offset, span.end_char + offset
            if not any(a < end and start < b for a, b in covered):
                found.append(TimeExpression(text=span.text, start=start, end=end,
                                            value=value, granularity="ref", date_start=anchor, date_end=anchor))
            i += size - 1
            break
        i += 1
    return found


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_FUTURE_GOVERNORS = {"schedule", "plan", "expect", "due", "set", "go", "intend", "prepare", "aim"}


def _titled_march(ent: Span) -> bool:
    """Whether a month's name opens a title rather than naming a date: "the 'March for Our
    Lives' rally", "the May of Tomorrow movement"."""
    words = [t for t in ent if not t.is_punct]
    if len(words) != 1 or words[0].lower_ not in ("march", "may"):
        return False
    doc = ent.doc
    after = doc[words[0].i + 1:words[0].i + 3]
    return len(after) == 2 and after[0].lower_ in ("for", "of") and after[1].text[:1].isupper()


def _speaks_of_future(span: Span) -> bool:
    """Whether the clause the date belongs to is about the future ("will meet on Monday", "is
    scheduled to visit in April", "next week's talks")."""
    verb = span.root
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in verb.children):
            return True
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FUTURE_GOVERNORS:
            return True
        if verb.dep_ not in ("xcomp", "conj") or verb.head is verb:
            break
        verb = verb.head
    return False


def _resolvable(span: Span, anchor: dt.date, future: bool = False) -> tuple[Span, Resolved] | None:
    """The span, or failing that its longest part, that resolves to a date: spaCy's DATE spans
    carry words around the expression ("just last month", "its fourth quarter ended June 30")."""
    n = len(span)
    for size in range(n, 0, -1):
        for i in range(0, n - size + 1):
            part = span[i:i + size]
            text = part.text
            if _BARE_NUMBER.match(text) or (_DURATION.search(text) and not _POINT_WORDS.search(text)
                                            and not _MAY_DAY.search(text)):
                continue
            if part[0].is_punct or part[-1].is_punct:
                continue
            resolved = resolve(text, anchor, future)
            if resolved is not None:
                return part, resolved
        if n - size >= 4:  # long spans are rarely dates after four words are dropped
            break
    return None
