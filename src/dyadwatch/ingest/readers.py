"""Readers: files and folders in, ``Document`` or ``ReadError`` records out.

A reader never raises on bad input: every file or line it cannot use becomes a ``ReadError``
with a reason a person can act on, and reading goes on with the next one.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from dyadwatch.ingest.dateline import find_dateline, parse_date
from dyadwatch.records import Document, ReadError

Record = Document | ReadError

TEXT_EXT = {".txt", ".text", ".md"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSONL_EXT = {".jsonl", ".ndjson"}
CSV_EXT = {".csv", ".tsv"}
FEED_EXT = {".rss", ".atom", ".xml", ".feed"}
SUPPORTED = TEXT_EXT | HTML_EXT | JSONL_EXT | CSV_EXT | FEED_EXT


@dataclass
class ReadOptions:
    source: str | None = None
    text_column: str = "text"
    date_column: str | None = None
    max_bytes: int = 10 * 1024 * 1024
    # Title-bearing columns/keys are picked up when present.


_LETTER = re.compile(r"[^\W\d_]")
_MB = 1024 * 1024  # the CLI's --max-mb counts in these


class BadInput(Exception):
    """Raised inside a reader for one unusable file or line; turned into a ReadError."""


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUPPORTED and not child.name.startswith("."):
                    yield child
        else:
            yield path


def read_paths(paths: list[Path], options: ReadOptions | None = None) -> Iterator[Record]:
    """Every document in ``paths`` (files or folders), in a stable order."""
    options = options or ReadOptions()
    for path in iter_paths(paths):
        yield from read_file(path, options)


def read_file(path: Path, options: ReadOptions) -> Iterator[Record]:
    origin = str(path)
    suffix = path.suffix.lower()
    reader = _READERS.get(suffix)
    if reader is None:
        yield ReadError(origin, f"unsupported file type '{suffix or path.name}'; use one of "
                                f"{', '.join(sorted(SUPPORTED))}")
        return
    try:
        size = path.stat().st_size
        if suffix not in JSONL_EXT | CSV_EXT and size > options.max_bytes:
            raise BadInput(f"file is {size / _MB:.1f} MB, over the {options.max_bytes / _MB:g} MB "
                           "limit for one document (raise it with --max-mb)")
        data = path.read_bytes()
    except OSError as exc:
        yield ReadError(origin, f"cannot read file: {exc.strerror or exc}")
        return
    except BadInput as exc:
        yield ReadError(origin, str(exc))
        return
    mtime = dt.datetime.fromtimestamp(os.path.getmtime(path), tz=dt.UTC).date()
    try:
        yield from reader(data, origin, mtime, options)
    except BadInput as exc:
        yield ReadError(origin, str(exc))
    except Exception as exc:  # a reader bug must not end the run; report it against the file
        yield ReadError(origin, f"could not read {suffix} file: {type(exc).__name__}: {exc}")


def decode(data: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM) or UTF-16/32 with a BOM; else a clear error."""
    if not data.strip():
        raise BadInput("empty document")
    for bom, codec in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"),
                       (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise BadInput(f"invalid {codec} text at byte {exc.start}") from None
    if b"\x00" in data[:8192]:
        raise BadInput("binary file (contains NUL bytes), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                       "re-encode the file as UTF-8") from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def repair_surrogates(value: str) -> str:
    """Unpaired UTF-16 surrogates (JSON can carry them as escapes, "\\ud800") to U+FFFD: a string
    holding one cannot be encoded, hashed or stored."""
    return _SURROGATE.sub("\ufffd", value)


def _clean(text: str) -> str:
    # Drop control characters other than newlines and tabs; they break tokenisation and display.
    text = repair_surrogates(text).replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or ch >= " " or ch == "\x0c").replace("\x0c", "\n")


def make_document(text: str, origin: str, mtime: dt.date | None, options: ReadOptions, *,
                  title: str | None = None, url: str | None = None, source: str | None = None,
                  published: object = None, fmt: str) -> Document:
    text = _clean(text).strip()
    if not text:
        raise BadInput("empty document (no text after extraction)")
    if not _LETTER.search(text):
        raise BadInput("no readable text (not a single letter)")
    pub_date, pub_from = None, None
    if published not in (None, ""):
        pub_date = parse_date(str(published))
        if pub_date is None:
            raise BadInput(f"unreadable publication date {str(published)[:40]!r}")
        pub_from = "metadata"
    if pub_date is None:
        pub_date = find_dateline(text)
        pub_from = "dateline" if pub_date else None
    if pub_date is None and mtime is not None:
        pub_date, pub_from = mtime, "mtime"
    title, url, source = (repair_surrogates(v) if isinstance(v, str) else v for v in (title, url, source))
    return Document(text=text, title=(title or None), url=(url or None),
                    source=source or options.source, published=pub_date, published_from=pub_from,
                    origin=origin, fmt=fmt)


def _read_text(data: bytes, origin: str, mtime: dt.date, options: ReadOptions) -> Iterator[Record]:
    text = decode(data)
    lines = text.strip().splitlines()
    title = None
    if len(lines) > 2 and 0 < len(lines[0].strip()) < 160 and not lines[1].strip():
        title = lines[0].strip()
    yield make_document(text, origin, mtime, options, title=title, fmt="txt")


def _read_html(data: bytes, origin: str, mtime: dt.date, options: ReadOptions) -> Iterator[Record]:
    import trafilatura  # lazily: heavy import, only HTML needs it

    html = decode(data)
    if "<" not in html:
        raise BadInput("not HTML: no markup found")
    extracted = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                            include_tables=False, favor_precision=True)
    if extracted is None:
        raise BadInput("no main text found in the HTML")
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    text = meta.get("text") or ""
    if not _LETTER.search(text):
        raise BadInput("no main text found in the HTML")
    yield make_document(text, origin, mtime, options, title=meta.get("title"), url=meta.get("url"),
                        source=meta.get("sitename"), published=meta.get("date"), fmt="html")


def _read_jsonl(data: bytes, origin: str, mtime: dt.date, options: ReadOptions) -> Iterator[Record]:
    text = decode(data)
    # JSON Lines end a record at "\n" only: str.splitlines() would also cut at U+2028, U+0085 and
    # other characters a JSON string may hold raw, breaking a good record in two.
    lines = 0
    for number, line in enumerate(text.split("\n"), start=1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        lines += 1
        where = f"{origin}:{number}"
        try:
            if len(line.encode("utf-8")) > options.max_bytes:
                raise BadInput(f"line is over the {options.max_bytes / _MB:g} MB limit for one document")
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise BadInput(f"invalid JSON: {exc.msg} at column {exc.colno}") from None
            except RecursionError:
                raise BadInput("invalid JSON: nested too deeply to read") from None
            except ValueError as exc:  # valid syntax the decoder still refuses: an integer of 5,000 digits
                raise BadInput(f"invalid JSON: {str(exc)[:120]}") from None
            if not isinstance(item, dict):
                raise BadInput("a line must hold a JSON object")
            body = item.get("text") or item.get("body") or item.get("content")
            if not isinstance(body, str):
                raise BadInput("no 'text' field with a string")
            yield make_document(body, where, mtime, options, title=_str(item.get("title")),
                                url=_str(item.get("url")), source=_str(item.get("source")),
                                published=item.get("published") or item.get("date"), fmt="jsonl")
        except BadInput as exc:
            yield ReadError(where, str(exc))
        except Exception as exc:  # a failure on one line must not lose the lines after it
            yield _unexpected(where, exc)
    if not lines:
        raise BadInput("no JSON lines (only blank lines)")


def read_posted(text: str | None, jsonl: str | None, options: ReadOptions, origin: str = "api", *,
                title: str | None = None, url: str | None = None, published: object = None) -> Iterator[Record]:
    """Documents sent over the API: one text, or JSON Lines (as a .jsonl file would be read)."""
    today = dt.date.today()
    if jsonl is not None:
        try:
            yield from _read_jsonl(repair_surrogates(jsonl).encode("utf-8"), origin, today, options)
        except BadInput as exc:  # the body as a whole: empty, or not text
            yield ReadError(origin, str(exc))
        return
    try:
        if text is None or len(repair_surrogates(text).encode("utf-8")) > options.max_bytes:
            raise BadInput("no text, or over the size limit for one document")
        yield make_document(text, origin, None, options, title=title, url=url, published=published, fmt="api")
    except BadInput as exc:
        yield ReadError(origin, str(exc))


def _unexpected(where: str, exc: Exception) -> ReadError:
    """A record a reader failed on in a way it did not foresee, reported against that record."""
    return ReadError(where, f"could not read this record: {type(exc).__name__}: {str(exc)[:200]}")


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _read_csv(data: bytes, origin: str, mtime: dt.date, options: ReadOptions) -> Iterator[Record]:
    text = decode(data)
    csv.field_size_limit(options.max_bytes)
    delimiter = "\t" if origin.lower().endswith(".tsv") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = reader.fieldnames or []
    if options.text_column not in columns:
        raise BadInput(f"no text column {options.text_column!r} (columns: {', '.join(columns[:12])}); "
                       "choose one with --text-column")
    if options.date_column and options.date_column not in columns:
        raise BadInput(f"no date column {options.date_column!r}; choose one with --date-column")
    date_column = options.date_column or next(
        (c for c in ("published", "date", "pub_date", "publication_date") if c in columns), None)
    row_number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield ReadError(f"{origin}:{row_number + 1}", f"malformed CSV: {exc}")
            return
        row_number += 1
        where = f"{origin}:{row_number}"
        try:
            yield make_document(row.get(options.text_column) or "", where, mtime, options,
                                title=row.get("title"), url=row.get("url"),
                                source=row.get("source"),
                                published=row.get(date_column) if date_column else None, fmt="csv")
        except BadInput as exc:
            yield ReadError(where, str(exc))
        except Exception as exc:  # one bad row must not lose the rows after it
            yield _unexpected(where, exc)
    if row_number == 1:  # a header and nothing under it: say so rather than read nothing
        raise BadInput("no rows under the CSV header")


def _read_feed(data: bytes, origin: str, mtime: dt.date, options: ReadOptions) -> Iterator[Record]:
    import defusedxml.ElementTree as safe_xml
    import feedparser

    try:
        # defusedxml refuses entity expansion and external entities before feedparser sees the file.
        safe_xml.fromstring(data)
    except safe_xml.ParseError as exc:
        raise BadInput(f"malformed XML: {exc}") from None
    except Exception as exc:  # EntitiesForbidden, DTDForbidden, ExternalReferenceForbidden
        raise BadInput(f"unsafe XML refused ({type(exc).__name__})") from None
    feed = feedparser.parse(data)
    if not feed.entries:
        raise BadInput("no entries in the feed")
    channel = feed.feed.get("title")
    for index, entry in enumerate(feed.entries, start=1):
        where = f"{origin}#{index}"
        try:
            body = ""
            if entry.get("content"):
                body = "\n\n".join(c.get("value", "") for c in entry.content)
            body = body or entry.get("summary", "") or ""
            body = _strip_markup(body)
            published = None
            for key in ("published_parsed", "updated_parsed"):
                if entry.get(key):
                    try:
                        published = dt.date(*entry[key][:3]).isoformat()
                    except (TypeError, ValueError, OverflowError):
                        raise BadInput(f"unreadable publication date in <{key.split('_')[0]}>") from None
                    break
            yield make_document(body, where, None, options, title=entry.get("title"),
                                url=entry.get("link"), source=channel, published=published, fmt="feed")
        except BadInput as exc:
            yield ReadError(where, str(exc))
        except Exception as exc:  # one bad entry must not lose the entries after it
            yield _unexpected(where, exc)


def _strip_markup(fragment: str) -> str:
    if "<" not in fragment:
        return fragment
    import lxml.html

    try:
        return str(lxml.html.fromstring(fragment).text_content())
    except Exception:  # a fragment lxml cannot parse is kept as it is
        return fragment


_READERS: dict[str, Callable[[bytes, str, dt.date, ReadOptions], Iterator[Record]]] = {}
for _ext in TEXT_EXT:
    _READERS[_ext] = _read_text
for _ext in HTML_EXT:
    _READERS[_ext] = _read_html
for _ext in JSONL_EXT:
    _READERS[_ext] = _read_jsonl
for _ext in CSV_EXT:
    _READERS[_ext] = _read_csv
for _ext in FEED_EXT:
    _READERS[_ext] = _read_feed
