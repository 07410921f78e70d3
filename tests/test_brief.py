"""Dyad briefs: built from the demo corpus, written as HTML, Markdown and PDF."""

from __future__ import annotations

import base64
import datetime as dt
import html
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dyadwatch.cli.app import app

ROOT = Path(__file__).resolve().parents[1]
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("brief") / "demo.duckdb"
    result = CliRunner().invoke(app, ["ingest", str(ROOT / "examples" / "demo_corpus.jsonl"), "--db", str(db),
                                      "--watch"])
    assert result.exit_code == 0, result.output
    return db


@pytest.fixture(scope="module")
def brief(demo_db):
    from dyadwatch.brief import build_brief
    from dyadwatch.store.database import Store

    with Store(demo_db, read_only=True) as store:
        return build_brief(store, "IRQ", "SYR")


@pytest.fixture(scope="module")
def written(brief, tmp_path_factory) -> dict[str, list[Path]]:
    from dyadwatch.brief import write_brief

    out = tmp_path_factory.mktemp("brief_out")
    return {suffix: write_brief(brief, out / f"brief.{suffix}") for suffix in ("html", "md", "pdf")}


def test_the_brief_comes_from_the_store(brief, demo_db):
    from dyadwatch.store.database import EventFilter, Store

    with Store(demo_db, read_only=True) as store:
        frame = store.events_frame(EventFilter(dyad=("IRQ", "SYR")))
    assert brief.name_a == "Iraq" and brief.name_b == "Syria"
    assert brief.provenance.n_mentions == len(frame)
    assert brief.provenance.n_documents == frame["doc_id"].nunique()
    assert {name for name, _ in brief.provenance.outlets} == set(frame["outlet"])
    assert brief.period_start == min(d.date() for d in frame["date"])
    assert brief.phases and all(p.summary for p in brief.phases)
    ids = set(frame["event_id"])
    assert len(brief.key_events) >= 5
    assert all(e.event_id in ids and e.mode == "actual" and e.sentence for e in brief.key_events)
    dates = [e.date for e in brief.key_events]
    assert dates == sorted(dates)
    assert all(p.event_id in ids for p in brief.map_points)


def test_html_is_self_contained_with_chart_phases_events_and_alerts(brief, written):
    (path,) = written["html"]
    text = path.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    images = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', text)
    assert len(images) == 2  # the chart and the map
    chart = base64.b64decode(images[0])
    assert chart.startswith(PNG_MAGIC) and len(chart) > 20_000
    assert not re.search(r'<(link|script)\b|src="http', text)  # nothing loaded from outside
    for phase in brief.phases:
        assert html.escape(phase.summary) in text
    assert len(brief.key_events) >= 5
    for event in brief.key_events:
        assert html.escape(event.sentence) in text
        assert f'href="{html.escape(event.url)}"' in text
    day = dt.date(2024, 12, 22)
    assert brief.period_start <= day <= brief.period_end
    assert any(a.rule_title.startswith("Threat to ISIS detention sites") for a in brief.alerts)
    assert "Threat to ISIS detention sites" in text
    assert "Iraq–Syria crossings" in text  # an alert raised by one of the dyad's own events


def test_markdown_links_its_png_files(brief, written):
    report, chart, map_png = written["md"]
    text = report.read_text(encoding="utf-8")
    assert chart.name in text and map_png.name in text
    for png in (chart, map_png):
        assert png.parent == report.parent
        assert png.read_bytes().startswith(PNG_MAGIC) and png.stat().st_size > 20_000
    assert sum(1 for line in text.splitlines() if line.startswith("| ") and "demo.dyadwatch.invalid" in line) \
        == len(brief.key_events)
    assert "Threat to ISIS detention sites" in text


def test_pdf_is_a_real_pdf(written):
    (path,) = written["pdf"]
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 30_000
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 2


def test_text_from_the_data_is_escaped(brief):
    from dataclasses import replace

    from dyadwatch.brief.report import render_html

    event = replace(brief.key_events[0], sentence="<script>alert(1)</script> & more", url="javascript:alert(1)",
                    title='"><b>x</b>')
    text = render_html(replace(brief, key_events=[event, *brief.key_events[1:]]))
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in text
    assert 'href="javascript:' not in text
    assert "<b>x</b>" not in text


def test_a_dyad_without_events_still_makes_a_brief(demo_db, tmp_path):
    from dyadwatch.brief import build_brief, write_brief
    from dyadwatch.store.database import Store

    with Store(demo_db, read_only=True) as store:
        empty = build_brief(store, "USA", "CHN")
    assert empty.provenance.n_mentions == 0 and not empty.key_events and not empty.phases
    assert not empty.alerts  # no period, so no critical alert "in the period"
    assert empty.map_png is None
    for suffix in ("html", "md", "pdf"):
        assert write_brief(empty, tmp_path / f"empty.{suffix}")[0].stat().st_size > 0
    with pytest.raises(ValueError, match=r"\.html, \.md or \.pdf"):
        write_brief(empty, tmp_path / "empty.docx")


def test_the_period_filters_events_and_alerts(demo_db):
    from dyadwatch.brief import build_brief
    from dyadwatch.store.database import Store

    with Store(demo_db, read_only=True) as store:
        march = build_brief(store, "IRQ", "SYR", since="2025-03-01", until="2025-03-31")
    assert march.period_start == dt.date(2025, 3, 1) and march.period_end == dt.date(2025, 3, 31)
    assert march.key_events and all(e.date and e.date.month == 3 for e in march.key_events)
    assert not any(a.rule_title.startswith("Threat to ISIS") for a in march.alerts)  # 22 Dec is outside
