"""Find temporal expressions in a parsed text: spaCy DATE spans, widened by our modifier layer."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from dyadwatch.dates.resolve import Resolved, quarter, resolve, resolve_relative
from dyadwatch.records import TimeExpression

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Words spaCy sometimes leaves outside a DATE span that change its meaning.
_LEFT_MODIFIERS = {"mid", "early", "late", "last", "this", "next", "since", "between", "earlier",
                   "later", "the", "-", "in", "on", "back"}
_BARE_NUMBER = re.compile(r"^\d{1,3}$")
# DATE spans that are durations or ages, not points in time.
_DURATION = re.compile(r"\b(?:years?|months?|weeks?|days?|decades?)\b(?!\s+(?:ago|earlier|before))", re.I)
_MAY_DAY = re.compile(r"\bmay\s+day\b", re.I)  # a day, not a duration
_POINT_WORDS = re.compile(r"\b(?:last|this|next|past|previous|coming|ago|earlier|later)\b", re.I)
# "the year", "the fiscal year", "year-end": this year, not a span of one
_THE_YEAR = re.compile(r"^the\s+(?:(?:full|fiscal|current|calendar)\s+)?year$|"
                       r"^(?:by\s+|around\s+)?(?:the\s+)?year(?:'s)?[\s-]end$", re.I)

# feasts, days by name and "Aug. 7" inside entities the tagger gave other labels than DATE
_HOLIDAY = re.compile(r"\b(?:christmas|thanksgiving|easter|new\s+year'?s?\s+(?:day|eve)|good\s+friday)\b", re.I)
_HOLIDAY_WORDS = {"christmas", "thanksgiving", "easter"}
_DEICTIC_WORDS = {"today", "yesterday", "tomorrow", "tonight"}
_NAMED_DAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)day\b", re.I)
_MONTH_DAY = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}\b", re.I)


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
    while start < span.end - 1 and doc[start].lower_ in ("in", "on", "the", "-") and not (
            doc[start].lower_ == "the" and _THE_YEAR.match(doc[start:span.end].text)):  # "the year" is this year
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
    period: Resolved | None = None  # the last period named (quarter, month, year...), for "a year ago"
    for piece, offset, parsed, entities in pieces:
        doc = piece.doc
        for ent in entities:
            dated_event = ent.label_ == "EVENT" and (_HOLIDAY.search(ent.text) or _MONTH_DAY.search(ent.text))
            if ent.label_ != "DATE" and not dated_event and not (ent.label_ == "TIME" and _NAMED_DAY.search(ent.text)):
                continue  # "Wednesday night" is that day; "the Aug. 7 embassy bombings" names its date
            start, end = _widen(ent)
            span = doc[start:end]
            if _titled_march(ent):
                continue
            relative = None
            if reference is not None:  # "the following day": the tagger's own span keeps its "the"
                relative = resolve_relative(ent.text, reference) or resolve_relative(span.text, reference)
                if relative is not None:
                    span = ent
            compared = _period_compared(ent.text, period, anchor) if relative is None else None
            if compared is not None:
                resolved, span = compared, ent
            elif relative is not None:
                resolved = relative
            else:
                future = parsed and _speaks_of_future(ent)
                past = parsed and not future and _speaks_of_past(ent)
                found_span = _resolvable(span, anchor, future, past)
                if found_span is None:
                    continue
                # "the third quarter ended Sept. 30", "26 December and 2 January": the tagger's
                # one span can hold more than one date; read on after the first, and look before it
                parts = [found_span]
                if found_span[0].start > span.start and (
                        earlier := _resolvable(doc[span.start:found_span[0].start], anchor, future, past)):
                    parts.insert(0, earlier)
                while len(parts) < 3 and (more := _resolvable(doc[parts[-1][0].end:end], anchor, future, past)):
                    parts.append(more)
                if (also := _second_day(doc, parts[-1], end)) is not None:
                    parts.append(also)  # "on April 24 and 25"
                for _, part in parts:
                    if part.granularity in ("day", "week", "month", "year"):
                        reference = part  # what "that year", "the following day" will point back to
                    if part.granularity in ("week", "month", "year") or (
                            part.granularity == "quarter" and part.end <= anchor):
                        period = part  # a quarter reported on, not one forecast ("into the fourth quarter")
                for part_span, part in parts[:-1]:
                    found.append(_expression(part_span, part, offset))
                span, resolved = parts[-1]
            found.append(_expression(span, resolved, offset))
        found.extend(_untagged_deictics(piece, anchor, found, offset))
        references.extend(reference_expressions(piece, anchor, found, offset))
    found.extend(references)
    found.sort(key=lambda t: t.start)
    return found


def _second_day(doc: Doc, last: tuple[Span, Resolved], end: int) -> tuple[Span, Resolved] | None:
    """"April 24 and 25": the bare number after a day, joined by "and", is another day of that month."""
    span, resolved = last
    rest = doc[span.end:end]  # within the tagger's span: "3 March and 12 people" is no date
    if resolved.granularity != "day" or len(rest) < 2 or rest[0].lower_ not in ("and", "&") \
            or not rest[1].text.isdigit():
        return None
    try:
        day = resolved.start.replace(day=int(rest[1].text))
    except ValueError:
        return None
    return rest[1:2], Resolved(day.isoformat(), "day", day, day)


def _untagged_deictics(piece: Span, anchor: dt.date, taken: list[TimeExpression], offset: int,
                       ) -> list[TimeExpression]:
    """"Today", "yesterday" and "tomorrow" name a day even where the tagger saw no date; so do
    the feasts ("last Thanksgiving", "on Christmas Day")."""
    found = []
    for token in piece:
        holiday = token.lower_ in _HOLIDAY_WORDS
        if token.lower_ not in _DEICTIC_WORDS and not holiday:
            continue
        start = token.idx + offset
        if any(t.start <= start < t.end for t in taken):
            continue
        doc, first, last = token.doc, token.i, token.i + 1
        if holiday:
            if first > piece.start and doc[first - 1].lower_ in ("last", "next", "this", "coming"):
                first -= 1
            if last < piece.end and doc[last].lower_ in ("day", "eve", "sunday"):
                last += 1
        resolved = resolve(doc[first:last].text, anchor)
        if resolved is not None:
            found.append(_expression(doc[first:last], resolved, offset))
    return found


def _expression(span: Span, resolved: Resolved, offset: int) -> TimeExpression:
    return TimeExpression(text=span.text, start=span.start_char + offset, end=span.end_char + offset,
                          value=resolved.value, granularity=resolved.granularity,
                          date_start=resolved.start, date_end=resolved.end, modifier=resolved.modifier)


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
    ("the", "near", "term"): "FUTURE_REF", ("the", "short", "term"): "FUTURE_REF",
    ("a", "later", "date"): "FUTURE_REF", ("as", "soon", "as", "possible"): "FUTURE_REF",
}
for _unit in ("days", "weeks", "months", "quarters", "years"):
    _REFERENCE_WORDS[("recent", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("the", "last", "few", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("the", "past", "few", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("the", "past", "several", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("past", _unit)] = "PAST_REF"
    _REFERENCE_WORDS[("coming", _unit)] = "FUTURE_REF"
    _REFERENCE_WORDS[("the", "coming", _unit)] = "FUTURE_REF"
# adjectives that place the noun they modify in time: "the current talks", "future losses"
_REFERENCE_ADJECTIVES = {"current": "PRESENT_REF", "future": "FUTURE_REF", "recent": "PAST_REF"}
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
            modifier = False
            if value is None and size == 1 and words[0] in _REFERENCE_ADJECTIVES and _modifies_next(tokens, i):
                value, modifier = _REFERENCE_ADJECTIVES[words[0]], True  # "future losses"
            if value is None:
                continue
            following = tokens[i + size] if i + size < len(tokens) else None
            names_other = following is not None and following.pos_ in ("NOUN", "NUM", "ADJ")
            if (not modifier and words[-1] in ("past", "future") and names_other) or (
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


def _modifies_next(tokens: list[Token], i: int) -> bool:
    """Whether the word modifies a noun after it ("future losses", "the current talks"). A
    sentence the first pass did not parse has no arcs: there, a lower-case word must follow."""
    token = tokens[i]
    if token.dep_:
        return token.dep_ in ("amod", "compound") and token.pos_ in ("ADJ", "NOUN") and token.head.i > token.i
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return following is not None and following.text.isalpha() and following.text.islower()


_FUTURE_AUX = {"will", "shall", "'ll", "wo"}
_MODAL_AUX = {"may", "might", "should", "would"}  # not "could": often a past ability
_FUTURE_LEADS = ("as soon as", "as early as", "no later than", "by")
_SCHEDULING_VERBS = {"expect", "schedule", "plan", "set", "due", "slate"}
_FUTURE_GOVERNORS = {"schedule", "plan", "expect", "due", "set", "go", "intend", "prepare", "aim"}


_YEAR_BACK = re.compile(r"\byear[-\s](?:ago|earlier|before)\b|\blast\s+year'?s?\s+(?:period|quarter)\b|"
                        r"\b(?:period|quarter)\s+(?:a\s+year\s+(?:ago|earlier)|(?:of\s+)?last\s+year)\b")
_SAME_PERIOD = re.compile(r"^(?:in\s+|for\s+|during\s+)?(?:the\s+)?(?:(?P<latest>latest|most\s+recent)\s+period|"
                          r"(?P<year>\d{4})\s+(?:period|quarter))$")
_ORDINAL_QUARTER = re.compile(r"\b(first|second|third|fourth)[\s-]+quarter\b")


def _period_compared(text: str, period: Resolved | None, anchor: dt.date) -> Resolved | None:
    """Company and economic reports compare a quarter with the same quarter a year before: after
    "third-quarter profit fell", "a year ago", "the year-earlier period" and "last year's
    quarter" are the third quarter of last year, and "the latest period" is the quarter itself.
    Without a quarter in view these are left to the ordinary reading (a year ago is last year)."""
    words = " ".join(text.lower().replace("\u2019", "'").split())
    named = _ORDINAL_QUARTER.search(words)
    if _YEAR_BACK.search(words):
        if named:
            base = resolve(named.group(0), anchor)
        elif period is not None and period.granularity == "quarter":
            base = period
        elif "quarter" in words:
            base = resolve("the latest quarter", anchor)
        else:
            return None
        return quarter(base.start.year - 1, (base.start.month + 2) // 3) if base is not None else None
    same = _SAME_PERIOD.match(words)
    if same and period is not None and period.granularity == "quarter":
        if same.group("latest"):
            return period
        return quarter(int(same.group("year")), (period.start.month + 2) // 3)
    return None


def _titled_march(ent: Span) -> bool:
    """Whether a month's name opens a title rather than naming a date: "the 'March for Our
    Lives' rally", "the May of Tomorrow movement"."""
    words = [t for t in ent if not t.is_punct]
    if len(words) != 1 or words[0].lower_ not in ("march", "may"):
        return False
    doc = ent.doc
    after = doc[words[0].i + 1:words[0].i + 3]
    return len(after) == 2 and after[0].lower_ in ("for", "of") and after[1].text[:1].isupper()


def _attached_to_verb(span: Span, verb: Token) -> bool:
    """Whether the date modifies the verb itself ("meet on Monday"), not a noun ("Monday's ruling")."""
    head = span.root.head
    return head.i == verb.i or (head.dep_ == "prep" and head.head.i == verb.i)


def _speaks_of_future(span: Span) -> bool:
    """Whether the clause the date belongs to is about the future ("will meet on Monday", "is
    scheduled to visit in April", "next week's talks")."""
    doc = span.doc
    before = " ".join(t.lower_ for t in doc[max(span.sent.start, span.start - 3):span.start])
    lead = next((lead for lead in _FUTURE_LEADS if f" {before}".endswith(f" {lead}")), None)
    if lead and not (lead == "by" and _NAMED_DAY.search(span.text)):
        return True  # "as soon as Tuesday", "by February": a time still ahead ("by Monday, they had...")
    verb = span.root
    for _ in range(6):
        if verb.pos_ in ("VERB", "AUX") or verb.head == verb:
            break
        verb = verb.head
    lemma = verb.lemma_.lower()
    # "expected in December", "scheduled a news conference Thursday", "a summit set for April"
    # (not "a record set on Aug. 6")
    if lemma in _SCHEDULING_VERBS and (verb.tag_ in ("VBN", "JJ") or lemma in ("schedule", "slate", "plan")) and (
            lemma != "set" or any(c.lower_ == "for" for c in verb.children)):
        return True
    if any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children) and verb.head.lemma_.lower() == "be":
        return True  # "is to resume trading Tuesday"
    attached = _attached_to_verb(span, verb)
    for _ in range(3):
        auxiliaries = [c for c in verb.children if c.dep_ == "aux"]
        if any(c.lower_ in _FUTURE_AUX for c in auxiliaries):
            return True
        if attached and any(c.lower_ in _MODAL_AUX for c in auxiliaries) and not any(
                c.lemma_ == "have" for c in auxiliaries):
            return True  # "would visit in March", not "could have happened on Tuesday"
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in _FUTURE_GOVERNORS:
            return True
        if verb.dep_ not in ("xcomp", "conj") or verb.head == verb:
            break
        verb = verb.head
    return False


def _speaks_of_past(span: Span) -> bool:
    """Whether the date modifies a verb in the simple past ("the year ended Jan. 31", "it was
    signed on 3 March"): such a clause reports what is over."""
    verb = span.root.head
    if verb.pos_ not in ("VERB", "AUX"):
        verb = verb.head
    if verb.pos_ not in ("VERB", "AUX") or not _attached_to_verb(span, verb):
        return False
    if span.root.head.lower_ in ("to", "until", "till", "through", "by"):
        return False  # "extended to Nov. 16": a time the clause reaches towards
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in verb.children)


def _resolvable(span: Span, anchor: dt.date, future: bool = False, past: bool = False,
                ) -> tuple[Span, Resolved] | None:
    """The span, or failing that its longest part, that resolves to a date: spaCy's DATE spans
    carry words around the expression ("just last month", "its fourth quarter ended June 30")."""
    n = len(span)
    for size in range(n, 0, -1):
        for i in range(0, n - size + 1):
            part = span[i:i + size]
            text = part.text
            if _BARE_NUMBER.match(text) or (_DURATION.search(text) and not _POINT_WORDS.search(text)
                                            and not _MAY_DAY.search(text) and not _THE_YEAR.match(text)):
                continue
            if part[0].is_punct or part[-1].is_punct:
                continue
            resolved = resolve(text, anchor, future, past)
            if resolved is not None:
                return part, resolved
        if n - size >= 4:  # long spans are rarely dates after four words are dropped
            break
    return None
