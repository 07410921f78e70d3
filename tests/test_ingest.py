import datetime as dt
import json
from pathlib import Path

import pytest

from dyadwatch.ingest import ReadOptions, find_dateline, read_paths
from dyadwatch.records import Document, ReadError


def _read(path: Path, **kw):
    return list(read_paths([path], ReadOptions(**kw)))


def test_text_file_with_dateline(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Title here\n\nBAGHDAD, 27 December 2024 — Iraq sent a delegation to Damascus.\n")
    (doc,) = _read(p)
    assert isinstance(doc, Document)
    assert doc.title == "Title here"
    assert doc.published == dt.date(2024, 12, 27) and doc.published_from == "dateline"


def test_text_without_date_falls_back_to_mtime(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text("Iraq sent a delegation to Damascus.")
    (doc,) = _read(p)
    assert doc.published_from == "mtime"


def test_jsonl_reads_fields_and_reports_broken_lines(tmp_path):
    p = tmp_path / "docs.jsonl"
    good = {"text": "Iraq and Syria agreed to cooperate.", "title": "T", "url": "https://x.invalid/1",
            "source": "Desk", "published": "2025-03-15"}
    p.write_text(json.dumps(good) + "\n{broken json\n" + json.dumps({"title": "no text"}) + "\n")
    records = _read(p)
    docs = [r for r in records if isinstance(r, Document)]
    errors = [r for r in records if isinstance(r, ReadError)]
    assert len(docs) == 1 and docs[0].source == "Desk" and docs[0].published == dt.date(2025, 3, 15)
    assert len(errors) == 2
    assert errors[0].origin.endswith(":2") and "invalid JSON" in errors[0].reason
    assert "text" in errors[1].reason


def test_csv_with_text_and_date_columns(tmp_path):
    p = tmp_path / "docs.csv"
    p.write_text("body,day,title\n\"ISIS attacked a checkpoint.\",2025-02-03,x\n")
    (doc,) = _read(p, text_column="body", date_column="day")
    assert doc.published == dt.date(2025, 2, 3) and doc.title == "x"


def test_csv_missing_text_column_is_reported(tmp_path):
    p = tmp_path / "docs.csv"
    p.write_text("a,b\n1,2\n")
    (err,) = _read(p)
    assert isinstance(err, ReadError) and "text column" in err.reason


def test_html_main_text_and_metadata(tmp_path):
    p = tmp_path / "a.html"
    body = " ".join(["Syrian Foreign Minister Asaad al-Shaibani visited Baghdad on Friday."] * 8)
    p.write_text(f"""<html><head><title>Visit</title><meta name="date" content="2025-03-14">
    <script>var x = 1;</script></head><body><nav>Home | About</nav>
    <article><h1>Visit</h1><p>{body}</p><p>{body}</p></article></body></html>""")
    (doc,) = _read(p)
    assert isinstance(doc, Document)
    assert "al-Shaibani" in doc.text and "var x" not in doc.text
    assert doc.published == dt.date(2025, 3, 14) and doc.published_from == "metadata"


def test_rss_feed_entries(tmp_path):
    p = tmp_path / "feed.rss"
    p.write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
    <item><title>One</title><link>https://x.invalid/1</link><pubDate>Tue, 01 Apr 2025 10:00:00 GMT</pubDate>
    <description>&lt;p&gt;Al-Sudani congratulated al-Sharaa.&lt;/p&gt;</description></item>
    <item><title>Two</title><description></description></item></channel></rss>""")
    records = _read(p)
    docs = [r for r in records if isinstance(r, Document)]
    assert len(docs) == 1 and docs[0].source == "Wire" and docs[0].published == dt.date(2025, 4, 1)
    assert docs[0].text == "Al-Sudani congratulated al-Sharaa."
    assert any(isinstance(r, ReadError) and "empty" in r.reason for r in records)


def test_feed_with_entity_expansion_is_refused(tmp_path):
    p = tmp_path / "bomb.xml"
    p.write_text('<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
                 "<rss><channel><item><description>&b;</description></item></channel></rss>")
    (err,) = _read(p)
    assert isinstance(err, ReadError) and "unsafe XML" in err.reason


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t \n", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin.txt", "Caf\u00e9 in Damascus".encode("latin-1"), "UTF-8"),
        ("nohtml.html", b"just words", "no markup"),
        ("broken.html", b"<html><body><div><p>", "no main text"),
        ("notes.docx", b"PK\x03\x04", "unsupported"),
    ],
)
def test_bad_files_are_reported_with_a_reason(tmp_path, name, content, reason):
    p = tmp_path / name
    p.write_bytes(content)
    (err,) = _read(p)
    assert isinstance(err, ReadError)
    assert reason in err.reason


def test_oversized_file_is_reported(tmp_path):
    p = tmp_path / "huge.txt"
    p.write_bytes(b"ISIS attacked a checkpoint. " * (20 * 1024 * 1024 // 28 + 1))
    (err,) = _read(p)
    assert isinstance(err, ReadError) and "limit" in err.reason


def test_utf16_with_bom_is_read(tmp_path):
    p = tmp_path / "u16.txt"
    p.write_bytes("Iraq sent a delegation to Damascus.".encode("utf-16"))
    (doc,) = _read(p)
    assert doc.text == "Iraq sent a delegation to Damascus."


def test_same_text_has_same_hash_whatever_the_whitespace():
    a = Document(text="Iraq  sent\n a delegation.")
    b = Document(text="Iraq sent a delegation.")
    assert a.content_hash == b.content_hash and a.doc_id == b.doc_id


def test_dateline_forms():
    assert find_dateline("DAMASCUS, March 10, 2025 (Wire) - Text") == dt.date(2025, 3, 10)
    assert find_dateline("Published 2025-05-17\nText") == dt.date(2025, 5, 17)
    assert find_dateline("No date in this first line\nor this one") is None


def test_folder_reads_supported_files_in_order(tmp_path):
    (tmp_path / "b.txt").write_text("Second text about Iraq.")
    (tmp_path / "a.txt").write_text("First text about Syria.")
    (tmp_path / "skip.bin").write_bytes(b"\x00\x01")
    docs = _read(tmp_path)
    assert [d.text for d in docs] == ["First text about Syria.", "Second text about Iraq."]
