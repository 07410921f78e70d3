"""A dyad brief: the relation between two actors over a period, as a report an analyst can send on.

``build_brief`` reads everything from the store -- the dyad's event mentions (each merged event once
when the merge stage has run), the relation index per period and its phases (``dyadwatch.analysis``),
the stored alerts (``dyadwatch.watch``) -- and returns a :class:`Brief`. ``write_brief`` renders it as
a self-contained HTML file, as Markdown with the two figures as PNG files beside it, or as a PDF,
chosen by the suffix of the path. The figures (the relation chart and the event map) are drawn with
matplotlib's Agg renderer, offline: the map is a plain longitude/latitude frame with no tiles and no
country outlines, since no boundary data ships with the project.

What is shown
-------------
* key events: actual, non-historical events of the dyad (those the index counts), each merged event
  once: every phase's marker events, then the events with the largest |intensity × confidence|, at
  most ``max_events`` in all, in date order; a second event coded from an evidence sentence already
  shown is left out (it says the same thing);
* alerts: every stored alert one of whose events is a mention of the dyad (in the period), and every
  critical alert whose dates overlap the period; an alert with a closed status (if the alerts table
  has a ``status`` column) is left out;
* map: the dyad's events in the period that have coordinates, any mode but historical, each merged
  event once; filled markers for actual events, hollow ones for negated / planned / threatened /
  hypothetical, squares for events placed only at a country's centroid.
"""

from __future__ import annotations

import base64
import datetime as dt
import html
import io
import json
import math
import re
import urllib.parse
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import numpy as np
import pandas as pd

from dyadwatch.analysis.series import (
    DEFAULT_PENALTY,
    DyadSeries,
    EventRef,
    Phase,
    _date,
    _day,
    _flag,
    _float,
    _period_freq,
    _signed,
    _text,
    collapse_merged,
    detect_phases,
    dyad_series,
    normalise_quad,
    select_events,
)
from dyadwatch.store.database import EventFilter, Store

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.backends.backend_pdf import PdfPages
    from matplotlib.figure import Figure

MAX_EVENTS = 15
MAX_MAP_LABELS = 8
CLOSED_STATUSES = frozenset({"closed", "resolved", "dismissed", "acknowledged", "done"})
SEVERITY_ORDER = {"critical": 0, "warning": 1, "info": 2}
INDEX_FORMULA = "I(p) = Σ intensity × confidence (× 0.5 when the date is the publication-date fallback)"

# colours: cooperation / conflict / neither, the two directions, the phase bands
COOP = "#2e7d32"
CONFLICT = "#c62828"
NEUTRAL = "#757575"
AB_COLOUR = "#1f4e79"
BA_COLOUR = "#d98200"
BANDS = ("#e8eef6", "#f7f1e3")
TONE_COLOURS = {"hostile": "#8e0000", "tense": "#c62828", "guarded": "#9a6b00", "quiet": "#616161",
                "cordial": "#2e7d32", "cooperative": "#1b5e20"}


# ---- what the brief shows -------------------------------------------------------------------------

@dataclass
class Provenance:
    """Where the brief's numbers come from."""

    database: str
    n_mentions: int  # event mentions of the dyad in the period (every mode)
    n_events: int  # distinct events among them (merged events once)
    n_counted: int  # events the index counts (actual, not historical, dated)
    n_documents: int  # documents those mentions were coded from
    outlets: list[tuple[str, int]]  # outlet, documents
    published_first: dt.date | None
    published_last: dt.date | None
    modes: dict[str, int]  # distinct events by mode
    merged: bool  # whether merge_members was joined
    store_documents: int
    store_mentions: int
    registry_versions: list[str]
    last_ingest: dt.datetime | None
    dropped: dict[str, int] = field(default_factory=dict)  # rows the index left out, by reason

    def line(self) -> str:
        """One sentence: counts of events and documents, the outlets, the store."""
        if self.n_mentions == 0:
            return "No event mention of the dyad in the period."
        outlets = ", ".join(f"{name} ({count})" for name, count in self.outlets) or "no outlet named"
        noun = "outlet" if len(self.outlets) == 1 else "outlets"
        published = ""
        if self.published_first and self.published_last:
            published = (f", published {_day(self.published_first)}" if self.published_first == self.published_last
                         else f", published {_day(self.published_first)} – {_day(self.published_last)}")
        merged = "merged events once" if self.merged else "no merge run: each mention is its own event"
        return (f"{self.n_mentions} event {'mention' if self.n_mentions == 1 else 'mentions'} of the dyad "
                f"({self.n_events} distinct {'event' if self.n_events == 1 else 'events'}, {merged}; "
                f"{self.n_counted} actual {'event' if self.n_counted == 1 else 'events'} counted in the index) "
                f"coded from {self.n_documents} {'document' if self.n_documents == 1 else 'documents'} by "
                f"{len(self.outlets)} {noun}: {outlets}{published}.")

    def store_line(self) -> str:
        versions = ", ".join(self.registry_versions) or "unknown"
        ingest = f"; last ingest {self.last_ingest:%Y-%m-%d %H:%M}" if self.last_ingest else ""
        return (f"Store {self.database}: {self.store_documents} documents, {self.store_mentions} event mentions; "
                f"actor registry {versions}{ingest}.")


@dataclass
class KeyEvent:
    """One event of the key-events table, with its evidence."""

    event_id: str
    date: dt.date | None
    date_end: dt.date | None
    date_granularity: str | None
    date_fallback: bool
    type: str | None
    mode: str | None
    quad: str | None
    source: str
    target: str
    place: str | None
    intensity: float
    confidence: float
    sentence: str | None
    title: str | None
    outlet: str | None
    url: str | None
    published: dt.date | None
    why: str  # "marks phase 1" / "among the strongest"
    n_mentions: int = 1

    @property
    def weight(self) -> float:
        return self.intensity * self.confidence

    @property
    def when(self) -> str:
        return _when(self.date, self.date_end, self.date_granularity, self.date_fallback)


@dataclass
class BriefAlert:
    rule_title: str
    severity: str
    kind: str
    summary: str
    first_date: dt.date | None
    last_date: dt.date | None
    event_ids: list[str]
    why: str  # "concerns IRQ–SYR events" / "critical, in the period"

    @property
    def when(self) -> str:
        if self.first_date is None:
            return "undated"
        if self.last_date is None or self.last_date == self.first_date:
            return _day(self.first_date)
        return f"{_day(self.first_date)} – {_day(self.last_date)}"


@dataclass
class MapPoint:
    event_id: str
    date: dt.date | None
    lat: float
    lon: float
    place: str
    precision: str | None
    country: str | None
    type: str | None
    mode: str | None
    tone: str  # conflict / cooperation / neutral


@dataclass
class Brief:
    """Everything the report shows; every number and event comes from the store."""

    a: str
    b: str
    name_a: str
    name_b: str
    title: str
    freq: str
    since: dt.date | None  # as asked
    until: dt.date | None
    period_start: dt.date | None  # as covered: the request, else the dyad's first / last event date
    period_end: dt.date | None
    generated: dt.datetime  # UTC
    provenance: Provenance
    series: DyadSeries
    phases: list[Phase]
    key_events: list[KeyEvent]
    alerts: list[BriefAlert]
    map_points: list[MapPoint]
    n_unplaced: int  # events (as on the map) without coordinates
    max_events: int = MAX_EVENTS  # the cap on key events

    @property
    def dyad(self) -> str:
        return f"{self.name_a} ({self.a}) – {self.name_b} ({self.b})"

    @property
    def period(self) -> str:
        if self.period_start is None and self.period_end is None:
            return "no events"
        start = _day(self.period_start) if self.period_start else "the beginning"
        end = _day(self.period_end) if self.period_end else "now"
        return f"{start} – {end}"

    @property
    def generated_text(self) -> str:
        return f"{self.generated:%Y-%m-%d %H:%M} UTC"

    @cached_property
    def chart_png(self) -> bytes:
        return figure_png(chart_figure(self))

    @cached_property
    def map_png(self) -> bytes | None:
        return figure_png(map_figure(self)) if self.map_points else None

    def notes(self) -> list[str]:
        """The method, in a few sentences."""
        dropped = self.provenance.dropped
        left_out = ", ".join(f"{count} {reason.replace('_', ' ')}" for reason, count in dropped.items() if count)
        return [
            f"Index per {self.freq}: {INDEX_FORMULA}; intensity is the PLOVER score from −10 (conflict) to +10 "
            f"(cooperation); only actual, non-historical events count, each merged event once. "
            f"{self.a} → {self.b} sums the events with {self.a} as source and {self.b} as target, and the reverse; "
            "a reciprocal event counts in both." + (f" Left out of the index: {left_out}." if left_out else ""),
            f"Phases: change points of the index, {DEFAULT_PENALTY.describe()}; tone from the phase's mean index.",
            f"Key events: each phase's marker events, then the actual events with the largest "
            f"|intensity × confidence|, at most {self.max_events}; an event from an evidence sentence already shown "
            "is left out.",
            "Alerts: stored alerts one of whose events is an event of the dyad, and critical alerts dated in the "
            "period.",
            "Map: events with coordinates, any mode except historical; no basemap or boundaries are drawn "
            "(longitude/latitude frame only); squares mark events placed only at a country's centroid.",
        ]


# ---- building it ----------------------------------------------------------------------------------

def build_brief(store: Store, a: str, b: str, since: dt.date | str | None = None, until: dt.date | str | None = None,
                freq: str = "month", max_events: int = MAX_EVENTS) -> Brief:
    """Read the dyad ``a``–``b`` (registry ids or ISO3 codes) from ``store`` and assemble the brief."""
    since_d, until_d = _as_date(since, "since"), _as_date(until, "until")
    if since_d and until_d and since_d > until_d:
        raise ValueError(f"since ({since_d}) is after until ({until_d})")
    frame, merges = _dyad_frame(store, a, b, since_d, until_d)
    series = _series(frame, a, b, freq)
    phases = detect_phases(series)
    name_a, name_b = actor_name(a), actor_name(b)
    period_start, period_end = _covered(frame, since_d, until_d)
    placed = _map_frame(frame)
    points = _map_points(placed)
    return Brief(
        a=a, b=b, name_a=name_a, name_b=name_b, title=f"{name_a}–{name_b} relations", freq=series.freq,
        since=since_d, until=until_d, period_start=period_start, period_end=period_end,
        generated=dt.datetime.now(dt.UTC).replace(microsecond=0),
        provenance=_provenance(store, frame, series, merges is not None),
        series=series, phases=phases,
        key_events=_key_events(series, phases, frame, max_events),
        alerts=_alerts(store, a, b, frame, merges, period_start, period_end),
        map_points=points, n_unplaced=len(placed) - len(points), max_events=max_events)


def _series(frame: pd.DataFrame, a: str, b: str, freq: str) -> DyadSeries:
    """``dyad_series``, or an empty series when no row can count (``dyad_series`` needs at least one)."""
    dropped: dict[str, int] = {}
    if select_events(frame, dropped=dropped).empty:
        _, kind = _period_freq(freq)
        return DyadSeries(a=a, b=b, freq=kind, periods=[], dropped=dropped)
    return dyad_series(frame, a, b, freq=freq)


def actor_name(code: str) -> str:
    """The registry's name for an ISO3 code, organisation or person id; the code itself otherwise."""
    from dyadwatch.actors.registry import default_registry

    reg = default_registry()
    for table in (reg.countries, reg.organisations, reg.people):
        entry = table.get(code)
        if entry is not None:
            return str(entry.name)
    return code


def _as_date(value: dt.date | str | None, name: str) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from exc


def _dyad_frame(store: Store, a: str, b: str, since: dt.date | None,
                until: dt.date | None) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """The dyad's mentions with ``merged_id`` joined when the merge stage has run, and the merge table."""
    frame = store.events_frame(EventFilter(dyad=(a, b), since=since, until=until))
    try:
        merges = store.con.execute("SELECT event_id, merged_id FROM merge_members").df()
    except duckdb.Error:  # no merge run yet: every mention is its own event
        return frame, None
    return frame, merges  # the frame has merged_id already


def _covered(frame: pd.DataFrame, since: dt.date | None,
             until: dt.date | None) -> tuple[dt.date | None, dt.date | None]:
    """The period as asked, else from the dyad's first to its last event date (the start of a month- or
    week-long date, not its end, which may lie after anything reported)."""
    days = [d for d in (_date(v) for v in frame["date"].tolist()) if d] if not frame.empty else []
    return since or (min(days) if days else None), until or (max(days) if days else None)


def _provenance(store: Store, frame: pd.DataFrame, series: DyadSeries, merged: bool) -> Provenance:
    keys = _event_keys(frame)
    distinct = frame.assign(_key=keys).drop_duplicates("_key") if not frame.empty else frame
    modes = Counter(_text(m) or "unknown" for m in distinct["mode"].tolist()) if not frame.empty else Counter()
    outlets: list[tuple[str, int]] = []
    published: list[dt.date] = []
    if not frame.empty:
        docs = frame.drop_duplicates("doc_id")
        counts = Counter(_text(o) or "unnamed outlet" for o in docs["outlet"].tolist())
        outlets = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        published = [d for d in (_date(v) for v in docs["published"].tolist()) if d]
    versions = sorted({v for v in (_text(x) for x in frame["registry_version"].tolist()) if v}) \
        if "registry_version" in frame else []
    store_docs = store.con.execute("SELECT count(*) FROM documents").fetchone()
    store_events = store.con.execute("SELECT count(*) FROM events").fetchone()
    last = store.con.execute("SELECT max(finished) FROM runs").fetchone()
    last_ingest = last[0] if last and isinstance(last[0], dt.datetime) else None
    return Provenance(
        database=str(store.path), n_mentions=len(frame), n_events=len(set(keys)), n_counted=len(series.events()),
        n_documents=int(frame["doc_id"].nunique()) if not frame.empty else 0, outlets=outlets,
        published_first=min(published) if published else None, published_last=max(published) if published else None,
        modes=dict(sorted(modes.items(), key=lambda item: -item[1])), merged=merged,
        store_documents=int(store_docs[0]) if store_docs else 0,
        store_mentions=int(store_events[0]) if store_events else 0,
        registry_versions=versions, last_ingest=last_ingest, dropped=dict(series.dropped))


def _event_keys(frame: pd.DataFrame) -> list[str]:
    ids = [str(e) for e in frame["event_id"].tolist()]
    if "merged_id" not in frame.columns:
        return ids
    return [_text(m) or e for m, e in zip(frame["merged_id"].tolist(), ids, strict=True)]


def _key_events(series: DyadSeries, phases: Sequence[Phase], frame: pd.DataFrame,
                max_events: int) -> list[KeyEvent]:
    rows = {str(r["event_id"]): r for r in frame.to_dict("records")} if not frame.empty else {}
    chosen: list[tuple[EventRef, str]] = []
    ids: set[str] = set()
    sentences: set[str] = set()

    def take(ref: EventRef, why: str) -> None:
        if len(chosen) >= max_events or ref.event_id in ids or (ref.sentence and ref.sentence in sentences):
            return
        chosen.append((ref, why))
        ids.add(ref.event_id)
        if ref.sentence:
            sentences.add(ref.sentence)

    for number, phase in enumerate(phases, start=1):
        for marker in phase.markers:
            take(marker, f"marks phase {number}")
    strongest = sorted(series.events(), key=lambda e: (-abs(e.intensity * e.confidence), e.date or dt.date.max,
                                                      e.event_id))
    for ref in strongest:
        take(ref, "among the strongest")
    out = [_key_event(ref, why, rows.get(ref.event_id, {})) for ref, why in chosen]
    out.sort(key=lambda e: (e.date or dt.date.max, e.event_id))
    return out


def _key_event(ref: EventRef, why: str, row: dict[str, Any]) -> KeyEvent:
    return KeyEvent(
        event_id=ref.event_id, date=ref.date, date_end=_date(row.get("date_end")),
        date_granularity=_text(row.get("date_granularity")), date_fallback=ref.date_fallback,
        type=ref.type, mode=ref.mode, quad=ref.quad,
        source=ref.source_name or ref.source_id or "?", target=ref.target_name or ref.target_id or "—",
        place=_place_label(row), intensity=ref.intensity, confidence=ref.confidence, sentence=ref.sentence,
        title=ref.title, outlet=ref.outlet, url=ref.url, published=_date(row.get("published")), why=why,
        n_mentions=ref.n_mentions)


def _place_label(row: dict[str, Any]) -> str | None:
    name = _text(row.get("place_name"))
    if name is None:
        return None
    extra = [x for x in (_text(row.get("admin1")), _text(row.get("place_country"))) if x and x != name]
    return f"{name} ({', '.join(extra)})" if extra else name


def _alerts(store: Store, a: str, b: str, frame: pd.DataFrame, merges: pd.DataFrame | None,
            start: dt.date | None, end: dt.date | None) -> list[BriefAlert]:
    from dyadwatch.watch.engine import alerts_frame

    alerts = alerts_frame(store)
    if alerts.empty:
        return []
    related = {str(e) for e in frame["event_id"].tolist()}
    if merges is not None and not frame.empty and "merged_id" in frame:
        merged_ids = {m for m in (_text(x) for x in frame["merged_id"].tolist()) if m}
        related |= {str(e) for e, m in zip(merges["event_id"].tolist(), merges["merged_id"].tolist(), strict=True)
                    if _text(m) in merged_ids}
    out = []
    for row in alerts.to_dict("records"):
        status = _text(row.get("status"))
        if status and status.lower() in CLOSED_STATUSES:
            continue
        event_ids = _id_list(row.get("event_ids"))
        severity = _text(row.get("severity")) or "info"
        first, last = _date(row.get("first_date")), _date(row.get("last_date"))
        if related & set(event_ids):
            why = f"concerns {a}–{b} events"
        elif severity == "critical" and (start or end) and _overlaps(first, last or first, start, end):
            why = "critical, in the period"
        else:
            continue
        out.append(BriefAlert(rule_title=_text(row.get("rule_title")) or _text(row.get("rule_id")) or "alert",
                              severity=severity, kind=_text(row.get("kind")) or "match",
                              summary=_text(row.get("summary")) or "", first_date=first, last_date=last,
                              event_ids=event_ids, why=why))
    out.sort(key=lambda x: (SEVERITY_ORDER.get(x.severity, 9), -(x.last_date or dt.date.min).toordinal(),
                            x.rule_title))
    return out


def _id_list(value: Any) -> list[str]:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    if isinstance(value, list | tuple | np.ndarray):
        return [str(v) for v in value]
    return []


def _overlaps(first: dt.date | None, last: dt.date | None, start: dt.date | None, end: dt.date | None) -> bool:
    if first is None or last is None:
        return False
    return (start is None or last >= start) and (end is None or first <= end)


def _map_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The dyad's events in the period as the map counts them: not historical, each merged event once."""
    if frame.empty:
        return frame
    kept = frame[[not _flag(h) for h in frame["historical"].tolist()]] if "historical" in frame else frame
    return collapse_merged(kept) if not kept.empty else kept


def _map_points(frame: pd.DataFrame) -> list[MapPoint]:
    points = []
    for row in frame.to_dict("records") if not frame.empty else []:
        lat, lon = _float(row.get("lat"), math.nan), _float(row.get("lon"), math.nan)
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        points.append(MapPoint(
            event_id=str(row["event_id"]), date=_date(row.get("date")), lat=lat, lon=lon,
            place=_text(row.get("place_name")) or f"{lat:.2f}, {lon:.2f}", precision=_text(row.get("place_precision")),
            country=_text(row.get("place_country")), type=_text(row.get("type")), mode=_text(row.get("mode")),
            tone=_tone_class(row.get("quad"), _float(row.get("intensity"), 0.0))))
    return points


def _tone_class(quad: Any, intensity: float) -> str:
    name = normalise_quad(quad)
    if name:
        return "cooperation" if name.endswith("coop") else "conflict"
    return "cooperation" if intensity > 0 else "conflict" if intensity < 0 else "neutral"


# ---- text helpers ---------------------------------------------------------------------------------

def _when(date: dt.date | None, end: dt.date | None, granularity: str | None, fallback: bool) -> str:
    if date is None:
        return "undated"
    if granularity == "month":
        text = f"{date:%b %Y}"
    elif granularity == "year":
        text = f"{date:%Y}"
    elif granularity == "week":
        text = f"week of {_day(date)}"
    elif end and end != date:
        text = f"{_day(date)} – {_day(end)}"
    else:
        text = _day(date)
    return text + (" (publication date)" if fallback else "")


def _mode_text(mode: str | None) -> str:
    return mode or "unknown mode"


def _safe_url(url: str | None) -> str | None:
    """The URL if it is an http(s) link, else None (never a javascript: or data: link from the data)."""
    if not url:
        return None
    scheme = urllib.parse.urlsplit(url.strip()).scheme.lower()
    return url.strip() if scheme in ("http", "https") else None


def _source_text(title: str | None, outlet: str | None, published: dt.date | None) -> str:
    parts = [p for p in (title, outlet, _day(published) if published else None) if p]
    return " — ".join(parts) or "no source recorded"


# ---- figures --------------------------------------------------------------------------------------

def _new_figure(width: float, height: float, layout: Literal["constrained"] | None = "constrained") -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout=layout)
    FigureCanvasAgg(fig)  # the Agg renderer: no display, no pyplot state
    return fig


def figure_png(fig: Figure, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, facecolor="white")
    return buffer.getvalue()


def chart_figure(brief: Brief) -> Figure:
    fig = _new_figure(9.0, 4.6 if brief.series.periods else 1.6)
    draw_chart(fig.add_subplot(), brief)
    return fig


def map_figure(brief: Brief) -> Figure:
    fig = _new_figure(8.0, 6.2)
    draw_map(fig.add_subplot(), brief)
    return fig


def draw_chart(ax: Axes, brief: Brief) -> None:
    """The relation index per period: bars for both directions, a line for each direction, the phases
    as alternating bands labelled at the top, the zero line."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    series = brief.series
    periods = series.periods
    ax.set_title(f"{brief.name_a}–{brief.name_b}: relation index by {series.freq} (actual events)",
                 loc="left", fontsize=11)
    if not periods:
        ax.set_axis_off()
        where = f"in {brief.period}" if brief.period_start or brief.period_end else "in the store"
        ax.text(0.5, 0.5, f"No actual event between {brief.name_a} and {brief.name_b} {where}",
                ha="center", va="center", fontsize=10, color=NEUTRAL, transform=ax.transAxes)
        return
    n = len(periods)
    x = np.arange(n, dtype=float)
    both, ab, ba = series.signal("both"), series.signal("a_to_b"), series.signal("b_to_a")
    low = min(0.0, float(min(both.min(), ab.min(), ba.min())))
    high = max(0.0, float(max(both.max(), ab.max(), ba.max())))
    span = (high - low) or 1.0
    ax.set_ylim(low - 0.08 * span, high + 0.24 * span)
    ax.set_xlim(-0.6, n - 0.4)

    labels = [p.period for p in periods]
    root = ax.get_figure(root=True)
    fig_width = root.get_figwidth() if root is not None else 9.0
    inch_per_period = ax.get_position().width * fig_width / n
    for number, phase in enumerate(brief.phases, start=1):
        first, last = labels.index(phase.start), labels.index(phase.end)
        ax.axvspan(first - 0.5, last + 0.5, color=BANDS[(number - 1) % 2], zorder=0, lw=0)
        if first > 0:
            ax.axvline(first - 0.5, color="#9aa5b1", lw=0.8, ls=(0, (3, 3)), zorder=1)
        width = (last - first + 1) * inch_per_period
        text = f"Phase {number}: {phase.tone}" if width >= 1.25 else (f"{number}\n{phase.tone}" if width >= 0.6
                                                                     else str(number))
        ax.text((first + last) / 2, 0.975, text, transform=ax.get_xaxis_transform(), ha="center", va="top",
                fontsize=8.5, color=TONE_COLOURS.get(phase.tone, "#333333"), fontweight="bold", zorder=4,
                parse_math=False)

    colours = [COOP if v > 0 else CONFLICT if v < 0 else NEUTRAL for v in both]
    ax.bar(x, both, width=0.56, color=colours, alpha=0.8, zorder=2)
    ax.plot(x, ab, color=AB_COLOUR, marker="o", markersize=4, lw=1.6, zorder=3)
    ax.plot(x, ba, color=BA_COLOUR, marker="s", markersize=4, lw=1.6, ls="--", zorder=3)
    ax.axhline(0, color="#333333", lw=0.9, zorder=2)

    step = max(1, math.ceil(n / 12))
    ticks = list(range(0, n, step))
    ax.set_xticks([float(t) for t in ticks])
    if series.freq == "month":
        tick_labels = [f"{periods[t].start:%b}\n{periods[t].start:%Y}" for t in ticks]
    else:
        tick_labels = [f"{periods[t].start.day} {periods[t].start:%b}\n{periods[t].start:%Y}" for t in ticks]
    if step == 1:
        tick_labels = [f"{label}\n{periods[t].n_events} ev." for label, t in zip(tick_labels, ticks, strict=True)]
    ax.set_xticklabels(tick_labels, fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel("index  (Σ intensity × confidence)", fontsize=9)
    ax.grid(axis="y", alpha=0.3, zorder=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    handles = [Patch(color=COOP, alpha=0.8, label="both directions, net cooperative"),
               Patch(color=CONFLICT, alpha=0.8, label="both directions, net conflictual"),
               Line2D([], [], color=AB_COLOUR, marker="o", markersize=4, lw=1.6, label=f"{brief.a} → {brief.b}"),
               Line2D([], [], color=BA_COLOUR, marker="s", markersize=4, lw=1.6, ls="--",
                      label=f"{brief.b} → {brief.a}")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.2 if step == 1 else -0.14), ncol=4,
              fontsize=8, frameon=False, handlelength=1.8, columnspacing=1.2)


def draw_map(ax: Axes, brief: Brief) -> None:
    """The events with coordinates on a longitude/latitude frame, coloured by conflict or cooperation,
    sized by the number of events, the busiest places labelled."""
    from matplotlib.lines import Line2D
    from matplotlib.transforms import ScaledTranslation

    points = brief.map_points
    n_places = len({(p.place, p.lat, p.lon) for p in points})
    title = (f"Where: {len(points)} {'event' if len(points) == 1 else 'events'} at {n_places} "
             f"{'place' if n_places == 1 else 'places'}")
    if brief.n_unplaced:
        title += f" ({brief.n_unplaced} more without coordinates)"
    ax.set_title(title, loc="left", fontsize=11)
    if not points:
        ax.set_axis_off()
        ax.text(0.5, 0.5, "No event of this dyad has coordinates", ha="center", va="center", color=NEUTRAL,
                transform=ax.transAxes)
        return
    colours = {"cooperation": COOP, "conflict": CONFLICT, "neutral": NEUTRAL}
    groups: Counter[tuple[float, float, str, bool, bool]] = Counter()
    totals: Counter[tuple[str, float, float]] = Counter()
    country_level = {(p.place, p.lat, p.lon) for p in points if p.precision == "country"}
    for p in points:
        groups[(p.lat, p.lon, p.tone, p.mode == "actual", p.precision == "country")] += 1
        totals[(p.place, p.lat, p.lon)] += 1

    lats = [p.lat for p in points]
    lons = [p.lon for p in points]
    lat_span, lon_span = max(lats) - min(lats), max(lons) - min(lons)
    pad = max(1.0, 0.15 * max(lat_span, lon_span))
    mid_lat = (max(lats) + min(lats)) / 2
    half_lat = max(lat_span / 2 + pad, 2.5)
    half_lon = max(lon_span / 2 + pad, 2.5 / max(math.cos(math.radians(mid_lat)), 0.2))
    mid_lon = (max(lons) + min(lons)) / 2
    ax.set_xlim(mid_lon - half_lon, mid_lon + half_lon)
    ax.set_ylim(max(-90.0, mid_lat - half_lat), min(90.0, mid_lat + half_lat))
    ax.set_aspect(1 / max(math.cos(math.radians(mid_lat)), 0.2), adjustable="box")

    # several groups at one point (conflict and cooperation, actual or not): side by side, touching, so that
    # they read as one place; the shift is in points, not degrees, and does not grow with the map's extent
    figure = ax.get_figure(root=True)
    dpi_scale = figure.dpi_scale_trans if figure is not None else None
    at_point: dict[tuple[float, float], list[tuple[float, float, str, bool, bool]]] = {}
    for key in sorted(groups, key=lambda k: (k[2], not k[3], k[4])):
        at_point.setdefault((key[0], key[1]), []).append(key)
    half_widths: dict[tuple[float, float], float] = {}
    for (lat, lon), keys in at_point.items():
        sizes = [min(40.0 * groups[k], 700.0) for k in keys]
        diameters = [math.sqrt(size) + 1.5 for size in sizes]  # points, with the edge line
        total = sum(diameters) + 1.5 * (len(keys) - 1)
        half_widths[(lat, lon)] = total / 2
        left = -total / 2
        for key, size, diameter in zip(keys, sizes, diameters, strict=True):
            shift = left + diameter / 2
            left += diameter + 1.5
            transform = ax.transData
            if shift and dpi_scale is not None:
                transform = ax.transData + ScaledTranslation(shift / 72, 0, dpi_scale)
            _, _, tone, actual, country = key
            ax.scatter([lon], [lat], s=size, marker="s" if country else "o", transform=transform,
                       facecolors=colours[tone] if actual else "white", edgecolors=colours[tone],
                       linewidths=1.5, alpha=0.9, zorder=3)

    ax.grid(alpha=0.35, ls=":", zorder=0)
    ax.set_xlabel("longitude (°E)", fontsize=9)
    ax.set_ylabel("latitude (°N)", fontsize=9)
    ax.tick_params(labelsize=8)
    _label_places(ax, totals, half_widths, country_level)

    tones_present = {p.tone for p in points}
    handles = [Line2D([], [], ls="", marker="o", markersize=7, color=colours[t], label=t)
               for t in ("conflict", "cooperation", "neutral") if t in tones_present]
    if any(p.mode != "actual" for p in points):
        handles.append(Line2D([], [], ls="", marker="o", markersize=7, markerfacecolor="white",
                              markeredgecolor=NEUTRAL, markeredgewidth=1.5,
                              label="not actual (negated, planned, hypothetical…)"))
    if any(p.precision == "country" for p in points):
        handles.append(Line2D([], [], ls="", marker="s", markersize=7, color=NEUTRAL,
                              label="placed at a country's centroid"))
    handles.append(Line2D([], [], ls="", marker="o", markersize=4, color="#aaaaaa", label="marker area ∝ events"))
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=3, fontsize=8, frameon=False)


def _label_places(ax: Axes, totals: Counter[tuple[str, float, float]],
                  half_widths: dict[tuple[float, float], float], country_level: set[tuple[str, float, float]]) -> None:
    """Label the busiest places, right of their markers; a label that would overlap one already placed or
    cross the frame tries the left, above and below, and is dropped when all four fail."""
    figure = ax.get_figure(root=True)
    canvas = figure.canvas if figure is not None else None
    renderer = canvas.get_renderer() if canvas is not None and hasattr(canvas, "get_renderer") else None
    if renderer is not None and figure is not None:
        figure.draw_without_rendering()  # lay the figure out so that extents are final
    kept: list[Any] = []
    frame = ax.get_window_extent(renderer) if renderer is not None else None
    top = sorted(totals.items(), key=lambda item: (-item[1], item[0][0]))[:MAX_MAP_LABELS]
    for (place, lat, lon), count in top:
        text = f"{place}, country centroid ({count})" if (place, lat, lon) in country_level else f"{place} ({count})"
        half = half_widths.get((lat, lon), 6.0)
        offsets = ((half + 4, 0, "left", "center"), (-half - 4, 0, "right", "center"),
                   (0, half + 4, "center", "bottom"), (0, -half - 4, "center", "top"))
        for dx, dy, ha, va in offsets:
            label = ax.annotate(text, xy=(lon, lat), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                                fontsize=8.5, zorder=5, annotation_clip=True,
                                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none", "alpha": 0.75})
            label.set_parse_math(False)
            if renderer is None:
                break
            box = label.get_window_extent(renderer)
            inside = frame is None or (frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
                                       and box.y1 <= frame.y1)
            if inside and not any(box.overlaps(other) for other in kept):
                kept.append(box)
                break
            label.remove()


# ---- HTML -----------------------------------------------------------------------------------------

_CSS = """
:root { --ink: #1d2430; --muted: #5b6573; --rule: #d9dee5; --coop: #2e7d32; --conflict: #c62828; }
* { box-sizing: border-box; }
body { margin: 0; background: #f4f5f7; color: var(--ink);
       font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1040px; margin: 24px auto; background: #fff; padding: 32px 40px 40px;
       box-shadow: 0 1px 3px rgba(0,0,0,.08); }
header { border-bottom: 3px solid var(--ink); padding-bottom: 12px; margin-bottom: 8px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
h1 { font-size: 28px; margin: 4px 0 4px; }
h2 { font-size: 19px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--rule); }
.meta { margin: 0; color: var(--muted); font-size: 14px; }
.meta b { color: var(--ink); }
p { margin: 6px 0; }
.small, .note { font-size: 13px; color: var(--muted); }
figure { margin: 8px 0 12px; }
figure img { display: block; max-width: 100%; height: auto; margin: 0 auto; }
figcaption { font-size: 13px; color: var(--muted); margin-top: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 13.5px; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid var(--rule); }
th { background: #eef1f5; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.nowrap, span.nowrap { white-space: nowrap; }
table.events { table-layout: fixed; }
table.events td { overflow-wrap: anywhere; }
table.events td:first-child { overflow-wrap: normal; }
.pos { color: var(--coop); } .neg { color: var(--conflict); } .zero { color: var(--muted); }
tr.empty td { color: #9aa1ab; }
ol.phases li { margin-bottom: 8px; }
.tone { display: inline-block; padding: 0 7px; border-radius: 9px; font-size: 12px; font-weight: 600;
        color: #fff; margin-right: 6px; text-transform: uppercase; letter-spacing: .03em; }
.tone-hostile { background: #8e0000; } .tone-tense { background: #c62828; } .tone-guarded { background: #9a6b00; }
.tone-quiet { background: #757575; } .tone-cordial { background: #2e7d32; } .tone-cooperative { background: #1b5e20; }
.evidence { font-style: italic; }
.why { font-size: 12px; color: var(--muted); }
.src { font-size: 12.5px; word-break: break-word; }
.alert { border-left: 4px solid #9aa1ab; padding: 6px 12px; margin: 8px 0; background: #fafbfc; }
.alert.critical { border-color: #b71c1c; background: #fdf3f3; }
.alert.warning { border-color: #e08a00; background: #fff8ec; }
.alert h3 { font-size: 15px; margin: 0 0 2px; }
.sev { text-transform: uppercase; font-size: 11px; font-weight: 700; letter-spacing: .05em; margin-right: 6px; }
footer { margin-top: 28px; border-top: 1px solid var(--rule); padding-top: 8px; font-size: 12.5px;
         color: var(--muted); }
footer ul { padding-left: 18px; }
a { color: #1f4e79; }
@page { size: A4; margin: 14mm; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { box-shadow: none; margin: 0; padding: 0; max-width: none; }
  h2 { break-after: avoid; }
  tr, .alert, figure, ol.phases li, footer { break-inside: avoid; }
  table { font-size: 9pt; }
  th, td { padding: 4px 5px; }
  a { color: inherit; text-decoration: none; }
  td.src a::after { content: " " attr(href); font-size: 7.5pt; color: #5b6573; word-break: break-all; }
}
"""


def _h(value: Any) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _signed_class(value: float) -> str:
    return "pos" if value > 0 else "neg" if value < 0 else "zero"


def _b64(png: bytes) -> str:
    return base64.b64encode(png).decode("ascii")


def _html_link(text: str, url: str | None) -> str:
    safe = _safe_url(url)
    if safe is None:
        return _h(text) + (f" <span class='small'>({_h(url)})</span>" if url else "")
    return f'<a href="{_h(safe)}">{_h(text)}</a>'


def render_html(brief: Brief) -> str:
    b, prov = brief, brief.provenance
    out: list[str] = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_h(b.title)} — {_h(b.period)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>", "<main>",
        "<header>", '<p class="kicker">dyadwatch brief</p>', f"<h1>{_h(b.title)}</h1>",
        f'<p class="meta"><b>Dyad:</b> {_h(b.dyad)} &nbsp;·&nbsp; <b>Period:</b> {_h(b.period)} &nbsp;·&nbsp; '
        f"<b>Generated:</b> {_h(b.generated_text)}</p>", "</header>",
        '<section id="data">', "<h2>Data</h2>", f"<p>{_h(prov.line())}</p>",
        f'<p class="small">{_h(prov.store_line())}</p>', "</section>",
    ]
    # relation chart and per-period table
    out += ['<section id="relation">', "<h2>Relation over time</h2>", "<figure>",
            f'<img src="data:image/png;base64,{_b64(b.chart_png)}" alt="{_h(_chart_alt(b))}">',
            f"<figcaption>{_h(INDEX_FORMULA)}. Bars: both directions; lines: each direction. Shaded bands: "
            f"the phases below. “ev.” = events counted.</figcaption>", "</figure>"]
    if b.series.periods:
        out += ["<table>", "<thead><tr><th>Period</th><th class='num'>Events</th><th class='num'>Index</th>"
                f"<th class='num'>{_h(b.a)} → {_h(b.b)}</th><th class='num'>{_h(b.b)} → {_h(b.a)}</th></tr></thead>",
                "<tbody>"]
        for p in b.series.periods:
            cells = "".join(f"<td class='num {_signed_class(v)}'>{_h(_signed(v, 2))}</td>"
                            for v in (p.index, p.index_ab, p.index_ba))
            row_class = " class='empty'" if p.n_events == 0 else ""
            out.append(f"<tr{row_class}><td class='nowrap'>{_h(p.display)}</td><td class='num'>{p.n_events}</td>"
                       f"{cells}</tr>")
        out += ["</tbody>", "</table>"]
    out.append("</section>")
    # phases
    out += ['<section id="phases">', "<h2>Phases</h2>"]
    if b.phases:
        out.append('<ol class="phases">')
        for phase in b.phases:
            out.append(f'<li><span class="tone tone-{_h(phase.tone)}">{_h(phase.tone)}</span>{_h(phase.summary)}</li>')
        out.append("</ol>")
    else:
        out.append("<p>No actual event of the dyad in the period: no phases.</p>")
    out.append("</section>")
    # key events
    out += ['<section id="events">', f"<h2>Key events ({len(b.key_events)})</h2>"]
    if b.key_events:
        out += ['<table class="events">', '<colgroup><col style="width:12%"><col style="width:12%">'
                '<col style="width:15%"><col style="width:10%"><col style="width:34%"><col style="width:17%">'
                "</colgroup>", "<thead><tr><th>Date</th><th>Event</th><th>Source → target</th><th>Place</th>"
                "<th>Evidence</th><th>Source</th></tr></thead>", "<tbody>"]
        for e in b.key_events:
            weight = f"<span class='{_signed_class(e.weight)}'>{_h(_signed(e.weight))}</span>"
            outlet = " — ".join(x for x in (e.outlet, _day(e.published) if e.published else None) if x)
            mentions = f" · {e.n_mentions} mentions" if e.n_mentions > 1 else ""
            out.append(
                f"<tr><td>{_html_when(e)}</td>"
                f"<td><b>{_h(e.type or '?')}</b> <span class='small'>{_h(_mode_text(e.mode))}</span><br>"
                f"<span class='small'>weight {weight}{_h(mentions)}</span><br><span class='why'>{_h(e.why)}</span></td>"
                f"<td>{_h(e.source)} → {_h(e.target)}</td><td>{_h(e.place or '—')}</td>"
                f"<td class='evidence'>“{_h(e.sentence or '')}”</td>"
                f"<td class='src'>{_html_link(e.title or e.url or 'source', e.url)}"
                f"<br><span class='small'>{_h(outlet)}</span></td></tr>")
        out += ["</tbody>", "</table>",
                "<p class='note'>weight = intensity × confidence (−10 conflict … +10 cooperation).</p>"]
    else:
        out.append("<p>No actual event of the dyad in the period.</p>")
    out.append("</section>")
    # alerts
    out += ['<section id="alerts">', f"<h2>Open alerts ({len(b.alerts)})</h2>"]
    if b.alerts:
        for alert in b.alerts:
            out.append(f'<div class="alert {_h(alert.severity)}"><h3><span class="sev">{_h(alert.severity)}</span>'
                       f"{_h(alert.rule_title)}</h3><p class='small'>{_h(alert.when)} · {_h(alert.kind)} · "
                       f"{_h(alert.why)}</p><p>{_h(alert.summary)}</p></div>")
    else:
        out.append("<p>No stored alert concerns the dyad or the period.</p>")
    out.append("</section>")
    # map
    out += ['<section id="map">', "<h2>Where</h2>"]
    if b.map_png:
        out += ["<figure>", f'<img src="data:image/png;base64,{_b64(b.map_png)}" alt="{_h(_map_alt(b))}">',
                f"<figcaption>{_h(_map_caption(b))}</figcaption>", "</figure>"]
    else:
        out.append(f"<p>{_h(_map_caption(b))}</p>")
    out.append("</section>")
    out += ["<footer>", "<p><b>Method</b></p>", "<ul>", *(f"<li>{_h(note)}</li>" for note in b.notes()), "</ul>",
            f"<p>Generated by dyadwatch on {_h(b.generated_text)} from {_h(prov.database)}.</p>", "</footer>",
            "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


_DAY = re.compile(r"(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})")


def _html_when(event: KeyEvent) -> str:
    """The date unbroken, the publication-date caveat under it."""
    when = _DAY.sub(lambda m: "&nbsp;".join(m.groups()), _h(_when(event.date, event.date_end, event.date_granularity,
                                                                   False)))
    note = "<br><span class='why'>publication date</span>" if event.date_fallback else ""
    return when + note


def _chart_alt(brief: Brief) -> str:
    values = ", ".join(f"{p.display} {_signed(p.index)}" for p in brief.series.periods)
    return f"Relation index {brief.a}–{brief.b} by {brief.freq}: {values or 'no events'}"


def _map_alt(brief: Brief) -> str:
    return "Map of event locations: " + ", ".join(f"{name} ({count})" for name, count in _places(brief))


def _places(brief: Brief) -> list[tuple[str, int]]:
    counts = Counter(p.place for p in brief.map_points)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def _map_caption(brief: Brief) -> str:
    if not brief.map_points:
        return "No event of the dyad in the period has coordinates" + (
            f" ({brief.n_unplaced} without)." if brief.n_unplaced else ".")
    places = "; ".join(f"{name} {count}" for name, count in _places(brief))
    return (f"Events by place: {places}. Filled: actual; hollow: other modes. No basemap: longitude/latitude "
            "frame only." + (f" {brief.n_unplaced} events have no coordinates." if brief.n_unplaced else ""))


# ---- Markdown -------------------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")


def _md(value: Any) -> str:
    text = " ".join(("" if value is None else str(value)).split())
    return _MD_SPECIAL.sub(r"\\\1", text)


def _md_url(url: str) -> str:
    return url.replace(" ", "%20").replace("<", "%3C").replace(">", "%3E").replace("(", "%28").replace(")", "%29")


def _md_link(text: str, url: str | None) -> str:
    safe = _safe_url(url)
    return f"[{_md(text)}]({_md_url(safe)})" if safe else _md(text)


def render_markdown(brief: Brief, chart_name: str, map_name: str | None) -> str:
    b, prov = brief, brief.provenance
    out = [f"# {_md(b.title)}", "",
           f"**Dyad:** {_md(b.dyad)} · **Period:** {_md(b.period)} · **Generated:** {_md(b.generated_text)}", "",
           "## Data", "", _md(prov.line()), "", f"*{_md(prov.store_line())}*", "",
           "## Relation over time", "", f"![{_md(_chart_alt(b))}]({_md_url(chart_name)})", "",
           f"*{_md(INDEX_FORMULA)}. Bars: both directions; lines: each direction; shaded bands: the phases below.*",
           ""]
    if b.series.periods:
        out += [f"| Period | Events | Index | {_md(b.a)} → {_md(b.b)} | {_md(b.b)} → {_md(b.a)} |",
                "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {_md(p.display)} | {p.n_events} | {_signed(p.index, 2)} | {_signed(p.index_ab, 2)} | "
                f"{_signed(p.index_ba, 2)} |" for p in b.series.periods]
        out.append("")
    out += ["## Phases", ""]
    out += [f"{i}. {_md(phase.summary)}" for i, phase in enumerate(b.phases, start=1)] or \
        ["No actual event of the dyad in the period: no phases."]
    out += ["", f"## Key events ({len(b.key_events)})", ""]
    if b.key_events:
        out += ["| Date | Event | Source → target | Place | Evidence | Source |",
                "| --- | --- | --- | --- | --- | --- |"]
        for e in b.key_events:
            mentions = f", {e.n_mentions} mentions" if e.n_mentions > 1 else ""
            source = _md_link(e.title or e.url or "source", e.url)
            extra = " — ".join(x for x in (e.outlet, _day(e.published) if e.published else None) if x)
            out.append(f"| {_md(e.when)} | **{_md(e.type or '?')}** ({_md(_mode_text(e.mode))}, weight "
                       f"{_signed(e.weight)}{_md(mentions)}; {_md(e.why)}) | {_md(e.source)} → {_md(e.target)} | "
                       f"{_md(e.place or '—')} | “{_md(e.sentence or '')}” | {source}"
                       f"{' — ' + _md(extra) if extra else ''} |")
        out += ["", "*weight = intensity × confidence (−10 conflict … +10 cooperation).*"]
    else:
        out.append("No actual event of the dyad in the period.")
    out += ["", f"## Open alerts ({len(b.alerts)})", ""]
    out += [f"- **{_md(alert.severity.upper())}** {_md(alert.rule_title)} ({_md(alert.when)}; {_md(alert.why)}): "
            f"{_md(alert.summary)}" for alert in b.alerts] or ["No stored alert concerns the dyad or the period."]
    out += ["", "## Where", ""]
    if map_name:
        out += [f"![{_md(_map_alt(b))}]({_md_url(map_name)})", ""]
    out += [f"*{_md(_map_caption(b))}*", "", "## Method", ""]
    out += [f"- {_md(note)}" for note in b.notes()]
    out += ["", f"*Generated by dyadwatch on {_md(b.generated_text)} from {_md(prov.database)}.*", ""]
    return "\n".join(out)


# ---- PDF ------------------------------------------------------------------------------------------

class _PdfLayout:
    """Flowing text and figures on A4 pages with ``fig.text``; a page is written when the next is opened."""

    width, height, margin = 8.27, 11.69, 0.7  # inches

    def __init__(self, pdf: PdfPages, footer: str):
        from matplotlib.backends.backend_agg import RendererAgg

        self.pdf = pdf
        self.footer = footer
        self.fig: Figure | None = None
        self.y = 0.0  # inches from the top of the page
        self.page = 0
        self._measure = RendererAgg(10, 10, 72)  # 72 dpi: widths in points

    @property
    def text_width(self) -> float:
        return self.width - 2 * self.margin

    def new_page(self) -> Figure:
        self.close_page()
        fig = _new_figure(self.width, self.height, layout=None)
        self.page += 1
        fig.text(self.margin / self.width, 0.4 / self.height, f"{self.footer} · page {self.page}", fontsize=7.5,
                 color="#777777", parse_math=False)
        self.fig, self.y = fig, self.margin
        return fig

    def close_page(self) -> None:
        if self.fig is not None:
            self.pdf.savefig(self.fig)
            self.fig = None

    def remaining(self) -> float:
        """Inches left on the current page (none before the first)."""
        return 0.0 if self.fig is None else self.height - self.margin - 0.2 - self.y

    def room(self, height: float) -> Figure:
        """The current page if ``height`` inches still fit on it, else a new page."""
        if self.fig is None or self.y + height > self.height - self.margin - 0.2:
            return self.new_page()
        return self.fig

    def wrap(self, text: str, size: float, weight: str = "normal",
             style: Literal["normal", "italic", "oblique"] = "normal",
             family: str = "sans-serif", indent: float = 0.0) -> list[str]:
        from matplotlib.font_manager import FontProperties

        prop = FontProperties(family=family, size=size, weight=weight, style=style)
        limit = (self.text_width - indent) * 72

        def fits(candidate: str) -> bool:
            return float(self._measure.get_text_width_height_descent(candidate, prop, ismath=False)[0]) <= limit

        lines: list[str] = []
        for paragraph in text.split("\n"):
            line = ""
            for word in paragraph.split():
                candidate = f"{line} {word}" if line else word
                if fits(candidate):
                    line = candidate
                    continue
                if line:
                    lines.append(line)
                while not fits(word):  # a URL longer than the line: cut it
                    cut = len(word) - 1
                    while cut > 1 and not fits(word[:cut]):
                        cut -= 1
                    lines.append(word[:cut])
                    word = word[cut:]
                line = word
            lines.append(line)
        return lines

    def _lay(self, items: Iterable[tuple[str, dict[str, Any]]]) -> list[tuple[list[str], float, dict[str, Any]]]:
        laid = []
        for text, style in items:
            size = float(style.get("size", 9.5))
            if style.get("keep"):  # preformatted: one line as given (a monospace table row)
                lines = [text]
            else:
                lines = self.wrap(text, size, style.get("weight", "normal"), style.get("style", "normal"),
                                  style.get("family", "sans-serif"), float(style.get("indent", 0.0)))
            laid.append((lines, size, style))
        return laid

    def block_height(self, items: Iterable[tuple[str, dict[str, Any]]], gap: float = 0.06) -> float:
        """Inches that ``paragraphs(items)`` takes."""
        return sum(len(lines) * size * 1.35 / 72 for lines, size, _ in self._lay(items)) + gap

    def paragraphs(self, items: Iterable[tuple[str, dict[str, Any]]], keep_together: bool = False,
                   gap: float = 0.06) -> None:
        """Each item: text and style (size, weight, style, family, colour, indent, keep)."""
        laid = self._lay(items)
        if keep_together:
            self.room(sum(len(lines) * size * 1.35 / 72 for lines, size, _ in laid) + gap)
        for lines, size, style in laid:
            step = size * 1.35 / 72
            for line in lines:
                fig = self.room(step)
                fig.text((self.margin + float(style.get("indent", 0.0))) / self.width, 1 - self.y / self.height, line,
                         fontsize=size, va="top", ha="left", fontweight=style.get("weight", "normal"),
                         fontstyle=style.get("style", "normal"), family=style.get("family", "sans-serif"),
                         color=style.get("colour", "#1d2430"), parse_math=False)
                self.y += step
        self.y += gap

    def heading(self, text: str, keep_with: float = 0.6) -> None:
        """A heading, on a new page unless ``keep_with`` inches of what follows fit under it."""
        self.room(0.45 + keep_with)
        self.y += 0.12
        self.paragraphs([(text, {"size": 13, "weight": "bold"})], gap=0.08)

    def axes(self, height: float, below: float, left: float = 0.55) -> Axes:
        """Axes ``height`` inches tall at the cursor, with ``below`` inches kept free under them for tick
        labels and legend, ``left`` for the y axis."""
        fig = self.room(height + below + 0.35)
        self.y += 0.35  # the axes title
        bottom = self.height - self.y - height
        ax = fig.add_axes(((self.margin + left) / self.width, bottom / self.height,
                           (self.text_width - left) / self.width, height / self.height))
        self.y += height + below
        return ax


def render_pdf(brief: Brief, path: Path) -> None:
    from matplotlib.backends.backend_pdf import PdfPages

    b, prov = brief, brief.provenance
    body = {"size": 9.5}
    small = {"size": 8, "colour": "#5b6573"}
    with PdfPages(path, metadata={"Title": f"{b.title}, {b.period}", "Creator": "dyadwatch"}) as pdf:
        page = _PdfLayout(pdf, f"dyadwatch brief · {b.a}–{b.b} · {b.period}")
        page.paragraphs([("DYADWATCH BRIEF", {"size": 8, "colour": "#5b6573"}),
                         (b.title, {"size": 20, "weight": "bold"}),
                         (f"Dyad: {b.dyad}   ·   Period: {b.period}   ·   Generated: {b.generated_text}",
                          {"size": 9.5, "colour": "#5b6573"})], gap=0.12)
        page.heading("Data")
        page.paragraphs([(prov.line(), body), (prov.store_line(), small)])
        page.heading("Relation over time")
        draw_chart(page.axes(2.9, 0.95), b)
        page.paragraphs([(f"{INDEX_FORMULA}. Bars: both directions; lines: each direction; shaded bands: the "
                          "phases below. “ev.” = events counted.", small)])
        if b.series.periods:
            mono = {"size": 8, "family": "monospace", "keep": True}
            head = f"{'period':<16}{'events':>7}{'index':>10}{b.a + '→' + b.b:>14}{b.b + '→' + b.a:>14}"
            rows = [f"{p.display:<16}{p.n_events:>7}{_signed(p.index, 2):>10}{_signed(p.index_ab, 2):>14}"
                    f"{_signed(p.index_ba, 2):>14}" for p in b.series.periods]
            page.paragraphs([(head, {**mono, "weight": "bold"}), *((row, mono) for row in rows)], gap=0.1)
        page.heading("Phases")
        if b.phases:
            for i, phase in enumerate(b.phases, start=1):
                page.paragraphs([(f"{i}. {phase.summary}", body)], keep_together=True)
        else:
            page.paragraphs([("No actual event of the dyad in the period: no phases.", body)])
        blocks = [_pdf_event(e, small) for e in b.key_events] or \
            [[("No actual event of the dyad in the period.", body)]]
        page.heading(f"Key events ({len(b.key_events)})", keep_with=page.block_height(blocks[0], 0.1))
        for block in blocks:
            page.paragraphs(block, keep_together=True, gap=0.1)
        blocks = [_pdf_alert(alert, small) for alert in b.alerts] or \
            [[("No stored alert concerns the dyad or the period.", body)]]
        page.heading(f"Open alerts ({len(b.alerts)})", keep_with=page.block_height(blocks[0], 0.1))
        for block in blocks:
            page.paragraphs(block, keep_together=True, gap=0.1)
        # the map fills what is left of the page when that is enough, else it opens the next one
        map_below = 0.9
        left_over = page.remaining() - 0.5 - map_below - 0.35 - 0.35  # heading, legend, title, caption
        map_height = min(4.6, left_over) if left_over >= 3.2 else 4.6
        page.heading("Where", keep_with=map_height + map_below + 0.35 if b.map_points else 0.6)
        if b.map_points:
            draw_map(page.axes(map_height, map_below), b)
        page.paragraphs([(_map_caption(b), small)])
        page.heading("Method")
        page.paragraphs([(f"• {note}", {"size": 8.5}) for note in b.notes()])
        page.paragraphs([(f"Generated by dyadwatch on {b.generated_text} from {prov.database}.", small)])
        page.close_page()


def _pdf_event(e: KeyEvent, small: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    mentions = f", {e.n_mentions} mentions" if e.n_mentions > 1 else ""
    link = " — ".join(x for x in (_source_text(e.title, e.outlet, e.published), e.url) if x)
    return [(f"{e.when} — {e.type or '?'} ({_mode_text(e.mode)}, weight {_signed(e.weight)}{mentions}) — "
             f"{e.source} → {e.target}" + (f" — {e.place}" if e.place else ""), {"size": 9, "weight": "bold"}),
            (f"“{e.sentence or ''}”", {"size": 9, "style": "italic", "indent": 0.15}),
            (f"{link}   [{e.why}]", {**small, "indent": 0.15})]


def _pdf_alert(alert: BriefAlert, small: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    colour = {"critical": "#b71c1c", "warning": "#b36b00"}.get(alert.severity, "#5b6573")
    return [(f"{alert.severity.upper()} · {alert.rule_title}", {"size": 9.5, "weight": "bold", "colour": colour}),
            (f"{alert.when} · {alert.kind} · {alert.why}", small),
            (alert.summary, {"size": 9, "indent": 0.15})]


# ---- writing --------------------------------------------------------------------------------------

def write_brief(brief: Brief, path: str | Path) -> list[Path]:
    """Write the brief to ``path`` as HTML (.html/.htm), Markdown (.md, with ``<stem>_chart.png`` and
    ``<stem>_map.png`` beside it) or PDF (.pdf). Returns the files written, the report first."""
    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".html", ".htm", ".md", ".pdf"):
        raise ValueError(f"write the brief as .html, .md or .pdf, not {target.name!r}")
    target.parent.mkdir(parents=True, exist_ok=True)
    if suffix in (".html", ".htm"):
        target.write_text(render_html(brief), encoding="utf-8")
        return [target]
    if suffix == ".pdf":
        render_pdf(brief, target)
        return [target]
    chart = target.with_name(f"{target.stem}_chart.png")
    chart.write_bytes(brief.chart_png)
    written = [target, chart]
    map_png = brief.map_png
    map_path = None
    if map_png is not None:
        map_path = target.with_name(f"{target.stem}_map.png")
        map_path.write_bytes(map_png)
        written.append(map_path)
    target.write_text(render_markdown(brief, chart.name, map_path.name if map_path else None), encoding="utf-8")
    return written
