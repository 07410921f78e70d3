"""Property-based tests (hypothesis): the readers, the date resolver and the actor lookup take any
input without raising, and an ingest of arbitrary JSON Lines loses no record.

Every test is bounded (``max_examples``) so that the file runs in well under 30 s on the 2-core
CI machine; hypothesis keeps the failing examples it finds in its database, and the
``@example`` decorators pin the ones that found real bugs.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import json
import os
import re
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dyadwatch.actors.registry import default_registry
from dyadwatch.dates.resolve import Resolved, resolve
from dyadwatch.ingest.dateline import find_dateline, parse_date
from dyadwatch.ingest.readers import BadInput, ReadOptions, decode, read_file, read_posted
from dyadwatch.records import Actor, Document, ReadError

# The years any resolved date may fall in (a span may end in the year after: winter 2100).
FIRST_YEAR, LAST_YEAR = 1800, 2101

# Characters that have broken text pipelines before: NUL and other C0 controls, line and paragraph
# separators that str.splitlines() honours, direction overrides, zero-width marks, a BOM, unpaired
# UTF-16 surrogates (JSON can carry them as escapes), Arabic letters and an Arabic comma.
SPECIALS = ["\x00", "\x01", "\x07", "\x0b", "\x0c", "\x1c", "\x1e", "\x1f", "\x7f", "\x85", "\r", "\n", "\t",
            "\u2028", "\u2029", "\u202e", "\u2066", "\u200b", "\u200d", "\u2060", "\ufeff", "\ufffd",
            "\ud800", "\udfff", "\u0628", "\u063a", "\u062f", "\u060c", "\U0001f600", " ", "<", "&", '"', "\\"]
CHARS = st.one_of(st.characters(), st.sampled_from(SPECIALS))
TEXT = st.text(CHARS, max_size=120)
# the same without unpaired surrogates: for the functions that take text a caller already holds
# as valid Unicode (the readers repair surrogates before anything reaches spaCy)
VALID_TEXT = st.text(st.one_of(st.characters(codec="utf-8"),
                               st.sampled_from([c for c in SPECIALS if not "\ud800" <= c <= "\udfff"])), max_size=120)

NEWS = [
    "Iraqi Prime Minister Mohammed Shia al-Sudani met Syrian President Ahmed al-Sharaa in Baghdad on 2 June 2025.",
    "Jordan condemned the Israeli airstrike on Damascus last week.",
    "Kuwait sent aid to Lebanon in mid-March.",
    "Iranian forces shelled Kurdish positions in northern Iraq 5000 years ago.",
    "Turkey threatened to sanction Iraq next year, officials said on Monday.",
]
SENTENCE = st.one_of(st.sampled_from(NEWS), st.tuples(st.sampled_from(NEWS), TEXT).map(" ".join))

DATE_WORDS = ["on", "in", "the", "of", "last", "this", "next", "past", "early", "mid", "late", "mid-", "end",
              "since", "until", "between", "and", "ago", "earlier", "later", "day", "days", "week", "weeks",
              "month", "months", "year", "years", "quarter", "Q3", "first", "fourth", "spring", "winter",
              "fall", "March", "Dec.", "sept", "May", "Monday", "Sunday", "yesterday", "tomorrow", "tonight",
              "the same", "the following", "that", "0000s", "1990s", "2000s", "0010s", "2024", "1799", "2101",
              "9999", "0000", "26", "31", "29", "2024-02-30", "2024-12-26", ",", "'s", "-"]
DATE_PHRASE = st.lists(st.one_of(st.sampled_from(DATE_WORDS), st.integers(0, 10**12).map(str)),
                       min_size=1, max_size=6).map(" ".join)

ANY_DATE = st.dates()  # year 1 to 9999: what a broken metadata field can give
NEWS_DATE = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))

# DYADWATCH_FUZZ_SCALE=10 multiplies every bound, for a longer hunt than CI affords
SCALE = max(1, int(os.environ.get("DYADWATCH_FUZZ_SCALE", "1")))
QUICK = settings(max_examples=60 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# ---- the readers ---------------------------------------------------------------------------------
def _encoded(text: str) -> st.SearchStrategy[bytes]:
    return st.sampled_from([
        text.encode("utf-8", "surrogatepass"),
        codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass"),
        codecs.BOM_UTF16_LE + text.encode("utf-16-le", "surrogatepass"),
        codecs.BOM_UTF16_BE + text.encode("utf-16-be", "surrogatepass"),
        codecs.BOM_UTF32_LE + text.encode("utf-32-le", "surrogatepass"),
        text.encode("cp1256", "replace"),
    ])


ANY_BYTES = st.one_of(st.binary(max_size=600), TEXT.flatmap(_encoded))


@QUICK
@given(ANY_BYTES)
@example(b"\xff\xfe\x00")  # a UTF-16 BOM and half a code unit
@example(b"\x00\x00\xfe\xff\x00")
def test_decode_returns_text_or_refuses_with_a_reason(data: bytes) -> None:
    # decode's contract: text, or BadInput with a reason (read_file turns it into a ReadError);
    # it raises nothing else.
    try:
        text = decode(data)
    except BadInput as exc:
        assert str(exc).strip()
    else:
        assert isinstance(text, str)


@QUICK
@given(st.text(st.characters(codec="utf-8", exclude_characters="\x00\ufeff"), min_size=1, max_size=300))
def test_decode_reads_utf8_and_utf16_back(text: str) -> None:
    if not text.encode("utf-8").strip():
        return
    assert decode(text.encode("utf-8")) == text
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text


def _check_records(records: list[object], origin: str) -> None:
    for record in records:
        assert isinstance(record, Document | ReadError), type(record)
        if isinstance(record, ReadError):
            assert isinstance(record.reason, str) and record.reason.strip()
            assert record.origin == origin or record.origin.startswith((origin + ":", origin + "#"))
            continue
        assert record.origin is not None
        assert record.origin == origin or record.origin.startswith((origin + ":", origin + "#"))
        assert record.text.strip() and re.search(r"[^\W\d_]", record.text)
        assert not re.search(r"[\x00-\x08\x0b-\x1f\ud800-\udfff]", record.text)
        for value in (record.text, record.title, record.url, record.source):
            if value is not None:
                value.encode("utf-8")  # storable: no unpaired surrogate left
        assert record.content_hash  # hashing needs the text encodable


def _line_records(records: list[object], origin: str, data: bytes) -> None:
    """JSON Lines: one record per non-blank line, under that line's number; one error for the
    whole file only when the file is not text at all or holds no line."""
    try:
        lines = decode(data).split("\n")
    except BadInput:
        lines = []
    expected = [f"{origin}:{n}" for n, line in enumerate(lines, start=1) if line.removesuffix("\r").strip()]
    if not expected:
        assert [(type(r), r.origin) for r in records] == [(ReadError, origin)]  # type: ignore[attr-defined]
    else:
        assert [r.origin for r in records] == expected  # type: ignore[attr-defined]


JSON_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8)
RECORD = st.fixed_dictionaries(
    {"text": st.one_of(SENTENCE, TEXT, JSON_VALUE)},
    optional={"title": st.one_of(TEXT, JSON_VALUE), "url": TEXT, "source": st.one_of(TEXT, st.integers()),
              "published": st.one_of(NEWS_DATE.map(dt.date.isoformat), ANY_DATE.map(dt.date.isoformat),
                                     DATE_PHRASE, TEXT, JSON_VALUE)})
JSON_LINE = st.one_of(
    st.tuples(RECORD, st.booleans()).map(lambda r: json.dumps(r[0], ensure_ascii=r[1])),
    JSON_VALUE.map(json.dumps),
    st.tuples(RECORD.map(json.dumps), st.integers(1, 40)).map(lambda r: r[0][:-r[1]]),  # cut short
    TEXT.map(lambda t: t.replace("\n", " ")),
)
JSONL_BYTES = st.lists(st.one_of(JSON_LINE.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=20)),
                       max_size=6).map(b"\n".join)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


CSV_BYTES = st.builds(_csv, st.lists(st.sampled_from(["text", "title", "date", "published", "url", "x"]),
                                     min_size=1, max_size=4, unique=True),
                      st.lists(st.lists(st.one_of(SENTENCE, TEXT, DATE_PHRASE), min_size=1, max_size=5), max_size=4))


def _feed(title: str, body: str, date: str, raw: bool) -> bytes:
    esc = (lambda s: s) if raw else escape
    return ('<?xml version="1.0"?><rss version="2.0"><channel><title>' + esc(title) + "</title><item><title>"
            + esc(title) + "</title><pubDate>" + esc(date) + "</pubDate><description>" + esc(body)
            + "</description></item></channel></rss>").encode("utf-8", "surrogatepass")


FEED_BYTES = st.builds(_feed, TEXT, st.one_of(SENTENCE, TEXT), st.one_of(DATE_PHRASE, TEXT,
                       st.just("Mon, 01 Jan 0000 00:00:00 GMT"), st.just("1 Jan 99999999999999999999 00:00 GMT")),
                       st.booleans())
HTML_BYTES = st.builds(lambda t, b: f"<html><head><title>{t}</title></head><body><article><p>{b}</p><p>{b}</p>"
                       f"</article></body></html>".encode("utf-8", "surrogatepass"), TEXT, st.one_of(SENTENCE, TEXT))

BY_SUFFIX = {".txt": st.one_of(ANY_BYTES, SENTENCE.flatmap(_encoded)), ".jsonl": st.one_of(JSONL_BYTES, ANY_BYTES),
             ".csv": st.one_of(CSV_BYTES, ANY_BYTES), ".html": st.one_of(HTML_BYTES, ANY_BYTES),
             ".rss": st.one_of(FEED_BYTES, ANY_BYTES)}


@settings(max_examples=150 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(sorted(BY_SUFFIX)).flatmap(lambda s: st.tuples(st.just(s), BY_SUFFIX[s])))
@example((".jsonl", b'{"text": "Iraq \\ud800 said."}\n' + b"[" * 20_000))
@example((".jsonl", '{"text": "Qatar\u2028condemned Israel."}'.encode()))
@example((".rss", _feed("t", "Iraq said.", "1 Jan 99999999999999999999 00:00 GMT", False)))
@example((".jsonl", "\u3000\n\x85\n".encode()))  # blank only to str.strip(): used to give no record at all
@example((".csv", b"text\r\n"))  # a header and no rows: likewise
@pytest.mark.filterwarnings("ignore::DeprecationWarning")  # feedparser's notice about updated_parsed
def test_read_file_yields_only_documents_and_errors(case: tuple[str, bytes]) -> None:
    suffix, data = case
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"doc{suffix}"
        path.write_bytes(data)
        records = list(read_file(path, ReadOptions()))
    assert records, "a file produced no record at all"
    _check_records(records, str(path))
    if suffix == ".jsonl":
        _line_records(records, str(path), data)


@QUICK
@given(st.one_of(st.none(), TEXT, SENTENCE), st.one_of(st.none(), TEXT), st.one_of(st.none(), DATE_PHRASE, TEXT))
@example("Iraq \ud800 said.", "\udfff", None)
def test_read_posted_text(text: str | None, title: str | None, published: str | None) -> None:
    records = list(read_posted(text, None, ReadOptions(), title=title, published=published))
    assert len(records) == 1
    _check_records(records, "api")


@QUICK
@given(st.lists(JSON_LINE, max_size=5).map("\n".join))
@example("   ")
@example("")
@example('{"text": "Iraq said."}\n\ud800')
def test_read_posted_jsonl(jsonl: str) -> None:
    records = list(read_posted(None, jsonl, ReadOptions()))
    _check_records(records, "api")
    # the lines as read_posted sees them: unpaired surrogates replaced, then UTF-8
    _line_records(records, "api", re.sub("[\ud800-\udfff]", "\ufffd", jsonl).encode("utf-8"))


# ---- the date resolver ---------------------------------------------------------------------------
def _sane(resolved: Resolved | None) -> None:
    if resolved is None:
        return
    assert resolved.start <= resolved.end, resolved
    assert resolved.start.year >= FIRST_YEAR and resolved.end.year <= LAST_YEAR, resolved


@settings(max_examples=300 * SCALE, deadline=None)
@given(st.one_of(DATE_PHRASE, TEXT), ANY_DATE, st.booleans())
@example("the 0000s", dt.date(2025, 6, 1), False)
@example("5000 years ago", dt.date(2025, 6, 1), False)
@example("99999999999 days ago", dt.date(2025, 6, 1), False)
@example("next year", dt.date(9999, 12, 31), True)
@example("last year", dt.date(1, 1, 1), False)
def test_resolve_never_raises_and_stays_in_range(text: str, anchor: dt.date, future: bool) -> None:
    first = resolve(text, anchor, future)
    _sane(first)
    assert resolve(text, anchor, future) == first  # deterministic


@QUICK
@given(NEWS_DATE)
def test_known_phrases_resolve_the_same_way_every_time(anchor: dt.date) -> None:
    day = resolve("on 26 December 2024", anchor)
    assert day == Resolved("2024-12-26", "day", dt.date(2024, 12, 26), dt.date(2024, 12, 26))

    last_month = resolve("last month", anchor)
    previous = anchor.replace(day=1) - dt.timedelta(days=1)
    assert last_month is not None and last_month.granularity == "month"
    assert (last_month.start, last_month.end) == (previous.replace(day=1), previous)

    mid_march = resolve("in mid-March", anchor)
    # the nearest March, one ahead counting double: in December to February the coming one
    year = anchor.year + (anchor.month == 12)
    assert mid_march is not None and mid_march.modifier == "mid"
    assert (mid_march.start, mid_march.end) == (dt.date(year, 3, 11), dt.date(year, 3, 20))
    for phrase in ("on 26 December 2024", "last month", "in mid-March"):
        assert resolve(phrase, anchor) == resolve(phrase, anchor)


@QUICK
@given(st.one_of(DATE_PHRASE, TEXT, st.just("1 Jan 99999999999999999999 00:00 GMT")))
@example("1 Jan 99999999999999999999 00:00 GMT")
def test_publication_dates_from_metadata_never_raise(value: str) -> None:
    found = parse_date(value)
    assert found is None or isinstance(found, dt.date)
    headed = find_dateline(f"BAGHDAD, {value} — Iraq said.")
    assert headed is None or isinstance(headed, dt.date)


@settings(max_examples=25 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.tuples(st.sampled_from(NEWS), VALID_TEXT).map(" ".join),
                 st.tuples(DATE_PHRASE, st.sampled_from(NEWS)).map(" ".join), VALID_TEXT), ANY_DATE)
@example("The city was founded 5000 years ago and rebuilt in the 0000s.", dt.date(2025, 6, 1))
def test_find_dates_never_raises(text: str, anchor: dt.date) -> None:
    import dyadwatch

    found = dyadwatch.find_dates(text, published=anchor)
    for item in found:
        start, end = dt.date.fromisoformat(item["date_start"]), dt.date.fromisoformat(item["date_end"])
        assert start <= end
        if item["granularity"] != "ref":  # "now", "recently" carry the anchor itself
            assert start.year >= FIRST_YEAR and end.year <= LAST_YEAR, item
    assert dyadwatch.find_dates(text, published=anchor) == found


# ---- the actor registry --------------------------------------------------------------------------
_REGISTRY = default_registry()
_ALIASES = sorted(_REGISTRY.index)[::40]  # a spread of the registry's names, ~800 of them
ACTOR_WORDS = st.sampled_from([*_ALIASES, "minister", "foreign", "of", "the", "to", "ambassador", "former",
                               "President", "Iraqi", "chief", "intelligence", "'s", "-", "."])
ACTOR_PHRASE = st.lists(st.one_of(ACTOR_WORDS, ACTOR_WORDS.map(str.title), TEXT), min_size=1, max_size=5).map(" ".join)


@settings(max_examples=200 * SCALE, deadline=None)
@given(st.one_of(TEXT, ACTOR_PHRASE), st.one_of(st.none(), ANY_DATE))
@example("Syrian Foreign Minister Asaad al-Sheibani", dt.date(1, 1, 1))
@example("\u0130\u0130 of the of", None)
def test_actor_lookup_never_raises_and_is_deterministic(text: str, date: dt.date | None) -> None:
    first = _REGISTRY.resolve(text, date)
    assert first is None or (isinstance(first, Actor) and first.id)
    assert _REGISTRY.resolve(text, date) == first


@settings(max_examples=60 * SCALE, deadline=None)
@given(st.one_of(TEXT, ACTOR_PHRASE))
def test_generic_actor_never_raises_and_is_deterministic(text: str) -> None:
    first = _REGISTRY.generic_actor(text)
    assert first is None or (isinstance(first, Actor) and first.id)
    assert _REGISTRY.generic_actor(text) == first


# ---- a bounded fuzz run of the whole ingest ------------------------------------------------------
@settings(max_examples=50 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(JSONL_BYTES)
@example(b'{"text": "Iraq \\ud800 condemned Turkey."}\n{"text": "Kuwait sent aid."}')
@example(b'{"text": "Iraq condemned Turkey.", "published": "the 0000s"}\n{"text": "Kuwait sent aid."}')
@example(b'{"text": "Oman\xe2\x80\xa8welcomed the talks."}\n' + b"[" * 40_000 + b'\n{"text": "Iraq said."}')
@example(json.dumps({"text": "Iraq and Syria agreed to cooperate last year.", "published": "0001-01-01"}).encode())
def test_ingest_of_arbitrary_json_lines_loses_no_record(pipeline, data: bytes) -> None:
    from dyadwatch.run.ingest import ingest_paths
    from dyadwatch.store.database import Store

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.jsonl"
        path.write_bytes(data)
        records = list(read_file(path, ReadOptions()))  # what the reader makes of the file
        _line_records(records, str(path), data)
        with Store(":memory:") as store:  # a fresh in-memory database per example
            report = ingest_paths([path], store, ReadOptions(), pipeline)
            errors = set(store.errors_frame(report.run_id)[["origin", "reason"]].itertuples(index=False, name=None))
            run = store.runs_frame().iloc[-1]
            for record in records:
                if isinstance(record, ReadError):
                    assert (record.origin, record.reason) in errors
                else:
                    stored = store.has_document(record.content_hash)
                    reported = any(origin == record.origin for origin, _ in errors)
                    assert stored or reported, f"record lost: {record.origin}"
    assert not pd_isna(run["finished"])
    assert report.read + sum(isinstance(r, ReadError) for r in records) == len(records)
    assert report.new + report.duplicate + (report.failed - sum(isinstance(r, ReadError) for r in records)) \
        == report.read


def pd_isna(value: object) -> bool:
    import pandas as pd

    return bool(pd.isna(value))
