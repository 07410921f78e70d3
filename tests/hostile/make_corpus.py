"""Write a corpus of hostile documents (plus a few good ones) into a folder, at test time.

Nothing here is committed as data: every file is generated, so the repository holds no large or
binary blobs. Run it by hand to get a corpus to poke at::

    python tests/hostile/make_corpus.py /tmp/hostile          # quick corpus (~12 MB on disk)
    python tests/hostile/make_corpus.py /tmp/hostile --big    # with the 50 MB text

``make_corpus`` returns file name -> what the file is. ``EXPECT`` says what ingest must do with
each file (see its comment); the tests in ``tests/test_hostile_input.py`` hold ingest to it.
"""

from __future__ import annotations

import argparse
import codecs
import gzip
import json
import random
from pathlib import Path

# Good documents: each must be stored and must yield at least one coded event.
GOOD_TEXT = ("Iraqi Prime Minister Mohammed Shia al-Sudani met Syrian President Ahmed al-Sharaa in Baghdad "
             "on 2 June 2025.")
GOOD_HTML_TEXT = ("Turkish Foreign Minister Hakan Fidan visited Baghdad on 3 June 2025 and met Iraqi Foreign "
                  "Minister Fuad Hussein.")
GOOD_JSONL_TEXTS = ("Iranian forces shelled Kurdish positions in northern Iraq on 4 June 2025.",
                    "Jordan condemned the Israeli airstrike on Damascus on 5 June 2025.",
                    "Kuwait sent aid to Lebanon on 10 June 2025.")
# written raw (ensure_ascii=False): U+2028 is legal inside a JSON string, and must not end the line
GOOD_LS_TEXT = "Qatar condemned the Israeli airstrike\u2028on Gaza on 12 June 2025."
GOOD_FEED_TEXT = "Syria accused Israel of striking Damascus on 6 June 2025."
GOOD_UTF16_TEXT = "Saudi Arabia and Iraq signed an energy agreement in Riyadh on 7 June 2025."
GOOD_RTL_TEXT = ("\u0631\u0626\u064a\u0633 \u0627\u0644\u0648\u0632\u0631\u0627\u0621 Iraqi Prime Minister "
                 "Mohammed Shia al-Sudani received Iranian Foreign Minister Abbas Araghchi in Baghdad on "
                 "8 June 2025 (\u0628\u063a\u062f\u0627\u062f).")

ARABIC_TEXT = ("\u0627\u0644\u062a\u0642\u0649 \u0631\u0626\u064a\u0633 \u0627\u0644\u0648\u0632\u0631\u0627\u0621 "
               "\u0627\u0644\u0639\u0631\u0627\u0642\u064a \u0645\u062d\u0645\u062f \u0634\u064a\u0627\u0639 "
               "\u0627\u0644\u0633\u0648\u062f\u0627\u0646\u064a \u0628\u0627\u0644\u0631\u0626\u064a\u0633 "
               "\u0627\u0644\u0633\u0648\u0631\u064a \u0623\u062d\u0645\u062f \u0627\u0644\u0634\u0631\u0639 "
               "\u0641\u064a \u0628\u063a\u062f\u0627\u062f.")

# What ingest must make of each file:
#   good      stored, and coded with at least one event
#   document  legitimately read as a document and stored (events optional)
#   error     refused: reported in the run's errors with a reason, nothing stored
#   either    reported with a reason or stored; both are acceptable (e.g. 5,000 nested divs)
#   records   a file of several records (JSON Lines, feed): every line/entry is accounted for
#             one by one, as a stored document or as an error of its own
EXPECT: dict[str, str] = {}

# broken_lines.jsonl, line by line (1-based): what each line must become
JSONL_LINES: list[tuple[str, str]] = []


def _jsonl_lines() -> list[tuple[str, str]]:
    """(line, expectation) for the mixed JSON Lines file; expectation as in EXPECT."""
    good = [json.dumps({"text": t, "published": "2025-06-15", "source": "Wire"}) for t in GOOD_JSONL_TEXTS]
    return [
        (good[0], "good"),
        ('{"text": "cut off in the midd', "error"),  # truncated line
        ("not json at all", "error"),
        ("[1, 2, 3]", "error"),  # valid JSON, not an object
        ('{"title": "no body"}', "error"),
        ('{"text": 42}', "error"),
        ('{"text": ["a", "list"]}', "error"),
        (json.dumps({"text": "Iraq and Syria agreed to talk.", "published": {"nested": True}}), "error"),
        ("[" * 50_000 + "]" * 50_000, "error"),  # nesting deeper than the JSON decoder recurses
        ('{"text": "Iraq protested.", "n": ' + "9" * 5_000 + "}", "error"),  # int over Python's 4,300 digits
        (good[1], "good"),
        (json.dumps({"text": "Tehran\u0000 warned\u202e Riyadh\u200b on\u0007 Monday.", "published": "2025-06-15"}),
         "document"),  # JSON-escaped control characters: cleaned, then stored
        (json.dumps({"text": "Iraq and Syria agreed to cooperate on border security last year.",
                     "published": "0001-01-01"}), "either"),  # absurd publication dates
        (json.dumps({"text": "Iraq and Syria agreed to cooperate on border security next year.",
                     "published": "9999-12-31"}), "either"),
        (json.dumps({"text": "Iraq and Syria agreed to cooperate on border security.", "published": "the 0000s"}),
         "either"),
        (json.dumps({"text": "\u202e\u200b\u200c\u200d"}), "error"),  # only invisible characters
        # unpaired UTF-16 surrogates written as JSON escapes: Python decodes them to lone surrogates
        (json.dumps({"text": "Iraq \ud800 condemned Turkey on 2 June 2025.", "title": "Lone \udfff"}), "document"),
        (json.dumps({"text": GOOD_LS_TEXT, "published": "2025-06-15"}, ensure_ascii=False), "good"),
        (json.dumps({"text": "Oman\x85welcomed the talks.\u2029", "published": "2025-06-15"}, ensure_ascii=False),
         "document"),
        ("\ufeff{}", "error"),
        (good[2], "good"),
    ]


def _billion_laughs() -> str:
    entities = ['<!ENTITY lol "lol">']
    entities += [f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss [\n' + "\n".join(entities) + "\n]>\n"
            '<rss version="2.0"><channel><title>Laughs</title>'
            "<item><title>lol</title><description>Iraq said &lol9;</description></item></channel></rss>\n")


def _quadratic_blowup() -> str:
    blob = "A" * 100_000
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "' + blob + '">]>\n'
            '<rss version="2.0"><channel><title>Blowup</title><item><title>x</title><description>'
            + "&a;" * 10_000 + "</description></item></channel></rss>\n")


def _xxe_rss() -> str:
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            '<rss version="2.0"><channel><title>Wire</title><item><title>Leak</title>'
            "<description>Iraq said: &xxe;</description></item></channel></rss>\n")


def _xxe_atom() -> str:
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<!DOCTYPE feed [<!ENTITY % remote SYSTEM "file:///etc/passwd"> '
            '<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><id>urn:x</id>'
            "<entry><title>Leak</title><id>urn:x:1</id><updated>2025-06-02T00:00:00Z</updated>"
            "<content>Syria said: &xxe;</content></entry></feed>\n")


def _external_dtd_rss() -> str:
    # no entity declared inside, but the DOCTYPE points at a local file as its external subset
    return ('<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "file:///etc/passwd">\n'
            '<rss version="2.0"><channel><title>Wire</title><item><title>Dtd</title>'
            "<description>Egypt warned Ethiopia over the dam on 11 June 2025.</description></item>"
            "</channel></rss>\n")


def _xxe_html() -> str:
    return ('<!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<html><body><article><p>'
            "Lebanon said: &xxe;</p></article></body></html>\n")


def _good_feed() -> str:
    return ('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Levant Wire</title>'
            "<item><title>Accusation</title><link>https://wire.invalid/1</link>"
            "<pubDate>Fri, 06 Jun 2025 10:00:00 GMT</pubDate>"
            f"<description>&lt;p&gt;{GOOD_FEED_TEXT}&lt;/p&gt;</description></item>"
            "<item><title>Empty</title><description></description></item>"
            "<item><title>Bad date</title><pubDate>Mon, 01 Jan 0000 00:00:00 GMT</pubDate>"
            "<description>Qatar mediated between Hamas and Israel.</description></item>"
            "</channel></rss>\n")


def _good_html() -> str:
    paragraph = f"<p>{GOOD_HTML_TEXT} The two ministers discussed water, trade and border security.</p>"
    return ('<!DOCTYPE html><html><head><title>Fidan in Baghdad</title>'
            '<meta name="date" content="2025-06-03"></head><body><nav>Home | World</nav>'
            f"<article><h1>Fidan in Baghdad</h1>{paragraph * 3}</article></body></html>\n")


def _big_text(size: int) -> bytes:
    paragraph = ("BAGHDAD officials said that talks with Syrian envoys about border security and water "
                 "sharing would go on through the summer, and that no date had yet been set.\n\n")
    unit = paragraph.encode("utf-8")
    return unit * (size // len(unit) + 1)


def make_corpus(folder: Path, big: bool = False) -> dict[str, str]:
    """Write the hostile corpus into ``folder``; returns file name -> what the file is."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(20250602)  # the same bytes on every run
    made: dict[str, str] = {}

    def put(name: str, data: bytes | str, what: str, expect: str) -> None:
        (folder / name).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        made[name] = what
        EXPECT[name] = expect

    jsonl_good = "\n".join(json.dumps({"text": t}) for t in GOOD_JSONL_TEXTS * 40).encode("utf-8")
    truncated_gz = gzip.compress(jsonl_good, mtime=0)
    truncated_gz = truncated_gz[: len(truncated_gz) // 2]

    # --- empty and near-empty
    put("empty.txt", b"", "empty file", "error")
    put("whitespace.txt", " \n\t\r\n   \n\u3000\n", "whitespace only (incl. an ideographic space)", "error")
    put("bom_only.txt", codecs.BOM_UTF8, "a UTF-8 byte-order mark and nothing else", "error")
    put("digits_only.txt", "2025 06 02 -- 17:45 / 3.14159\n", "digits and punctuation, not a letter", "error")
    # --- binary and broken encodings
    junk = bytearray(rng.randbytes(64 * 1024))
    junk[10:20] = b"\x00" * 10
    put("binary_junk.txt", bytes(junk), "64 KB of random bytes with NULs, named .txt", "error")
    put("truncated_gzip.txt", truncated_gz, "first half of a gzip stream, named .txt", "error")
    put("truncated_gzip.jsonl", truncated_gz, "first half of a gzip stream, named .jsonl", "error")
    put("invalid_utf8.txt", b"Iraq said on Monday \xc3\x28 that talks \xa0\xa1 with Syria would resume.\n",
        "English text with invalid UTF-8 sequences", "error")
    put("cp1256_arabic.txt", ARABIC_TEXT.encode("cp1256"), "Arabic text in the legacy cp1256 code page", "error")
    put("utf16_bom.txt", codecs.BOM_UTF16_LE + GOOD_UTF16_TEXT.encode("utf-16-le"),
        "UTF-16 (little-endian) with a byte-order mark", "good")
    put("utf16_odd_length.txt", codecs.BOM_UTF16_LE + "Iraq".encode("utf-16-le") + b"\x41",
        "UTF-16 with a BOM and a dangling odd byte", "error")
    put("nul_in_text.txt", "Iraq\x00 condemned the attack on 9 June 2025.\n", "a text with a NUL byte in it",
        "error")
    # --- size
    size = 50 * 1024 * 1024 if big else 3 * 1024 * 1024
    put("big_text.txt", _big_text(size), f"a {size // (1024 * 1024)} MB plain text, over the size limit "
        "the test sets (50 MB against the 10 MB default; 3 MB against --max-mb 2)", "error")
    line = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(1000)).encode("ascii")
    put("single_line_5mb.txt", (line * 5 * 1024 + b"\n")[: 5 * 1024 * 1024],
        "a single 5 MB line without spaces", "either")
    words = ["Iraq", "a" * 100_000, "condemned", "ب" * 100_000, "the", "x" * 100_000 + ".", "Syria",
             "z" * 100_000 + "\u200b" * 10]
    put("long_tokens.txt", " ".join(words) + "\n", "100,000-character words around a sentence", "document")
    # --- markup
    put("nested_divs.html", "<html><body>" + "<div>" * 5000 + "Iraq warned Turkey on 2 June 2025."
        + "</div>" * 5000 + "</body></html>\n", "5,000 nested <div> elements", "either")
    put("script_style_only.html", "<html><head><style>body{color:red}</style><script>var iraq = 'Syria met';"
        "</script></head><body><script>document.write('Iraq said')</script><style>p{}</style></body></html>\n",
        "HTML with only <script> and <style>", "error")
    put("xxe.html", _xxe_html(), "HTML declaring an external entity on /etc/passwd", "either")
    put("good_visit.html", _good_html(), "a good HTML article", "good")
    # --- feeds
    put("billion_laughs.rss", _billion_laughs(), "RSS with a billion-laughs entity expansion", "error")
    put("quadratic_blowup.xml", _quadratic_blowup(), "RSS with one 100 KB entity used 10,000 times", "error")
    put("xxe.rss", _xxe_rss(), "RSS with an external entity on file:///etc/passwd", "error")
    put("xxe.atom", _xxe_atom(), "Atom with external general and parameter entities on /etc/passwd", "error")
    put("external_dtd.rss", _external_dtd_rss(), "RSS whose DOCTYPE names /etc/passwd as external subset",
        "records")
    put("good_feed.rss", _good_feed(), "RSS: one good entry, one empty, one with a year-0 date", "records")
    # --- records files
    JSONL_LINES[:] = _jsonl_lines()
    put("broken_lines.jsonl", "\n".join(line for line, _ in JSONL_LINES) + "\n",
        "JSON Lines: good lines mixed with broken ones", "records")
    put("no_text_column.csv", "title,body,date\nOne,Iraq met Syria.,2025-06-02\n", "CSV without a 'text' column",
        "error")
    # --- scripts, direction marks and control characters
    put("arabic_script.txt", ARABIC_TEXT + "\n", "Arabic-script text in UTF-8", "document")
    put("mixed_rtl.txt", GOOD_RTL_TEXT + "\n", "English with Arabic (right-to-left) words mixed in", "good")
    controls = "".join(chr(c) for c in range(1, 32) if chr(c) not in "\n\r\t")
    put("control_chars.txt", f"Egypt{controls} condemned\u202e the\u200b Turkish\u200d\u2060 airstrike\ufeff "
        "on 9 June 2025.\u2066\u2069\n", "C0 controls, RLO, zero-width characters inside a sentence", "document")
    put("good_sudani.txt", GOOD_TEXT + "\n", "a good plain-text report", "good")
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--big", action="store_true", help="write the 50 MB text instead of the 3 MB one")
    args = parser.parse_args()
    for name, what in make_corpus(args.folder, big=args.big).items():
        print(f"{EXPECT[name]:<9} {name:<24} {what}")


if __name__ == "__main__":
    main()
