"""Dyad relations over time: a per-period conflict–cooperation index and its phases.

The index
---------
Events are first selected: by default only ``mode == "actual"`` and not ``historical``, with a date;
then only those between the two sides (either direction, see :func:`directions`). Each merged event
counts once (the ``merged_id`` column when the merge stage has filled it, else the ``event_id``),
represented by its highest-confidence mention. For each counted event ``e``::

    w_e = confidence_e × d_e          d_e = 1, or FALLBACK_WEIGHT (0.5) when date_fallback is set
    c_e = intensity_e × w_e           intensity: PLOVER score, −10 (conflict) … +10 (cooperation)
    I(p) = Σ_{e dated in period p} c_e

An event whose date fell back to the publication date keeps that date (so it lands in the period
the report appeared in) but counts half, because the real date may lie before it. ``I`` is given
for both directions together (each event once) and for each direction: ``a→b`` sums the events whose
source is ``a`` and target is ``b``, ``b→a`` the reverse; a reciprocal event ("Iraq and Syria
agreed…") counts in both. A side matches an actor when the actor id equals it or, for an ISO3 code,
when the actor's country equals it (a state stands for all its sectors, as in the store).

Phases
------
Change points on ``I`` with ``ruptures``' PELT and the ``l2`` cost (a change in the mean level).
``l2`` rather than ``rbf``: the index is one number per period whose *level* is what moves when
relations change; ``l2``'s cost is the residual sum of squares, so its penalty has the usual BIC
scale (σ² per parameter) and one stated rule can serve every dyad, while ``rbf`` needs a kernel
bandwidth and its cost is bounded by the segment length, which gives no natural penalty scale and
little power on the 6–40 points a dyad series has.

Penalty (one rule for all dyads, :class:`PenaltyRule`)::

    pen = 2 · ln(n) · σ̂²
    σ̂² = max( (1.4826 · MAD(Δy) / √2)² ,  0.25 · var(y) ,  1e-9 )

``2 ln n`` is BIC's cost of one change point (a location and a new mean). σ̂ is the noise scale: the
MAD of first differences (the usual robust estimate, insensitive to the level shifts being looked
for, unlike ``var(y)``, which a single large shift inflates) with a floor of half the series' standard
deviation, because news-based series are sparse: where most periods are empty ``MAD(Δy)`` is 0 and
every burst would otherwise open a phase. The rule is scale-free (multiplying the index multiplies
``pen`` and the costs alike). Minimum phase length: 2 periods.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

FALLBACK_WEIGHT = 0.5  # weight of an event dated by the publication-date fallback
DEFAULT_CONFIDENCE = 0.5  # the EventMention default, for rows without a confidence
# what dyad_series and actor_network read of an event: Store.events_frame(columns=...) asks for these only
ANALYSIS_COLUMNS: tuple[str, ...] = (
    "event_id", "doc_id", "date", "date_end", "date_granularity", "date_fallback", "type", "mode", "quad",
    "intensity", "confidence", "historical", "reciprocal", "source_id", "source_name", "source_country",
    "source_sector", "target_id", "target_name", "target_country", "target_sector", "record", "merged_id",
    "sentence", "corrected")
# what event_actors() and directions() read of a row
ACTOR_COLUMNS: tuple[str, ...] = (
    "record", "corrected", "reciprocal", "source_id", "source_name", "source_country", "source_sector",
    "target_id", "target_name", "target_country", "target_sector")
QUADS: tuple[str, ...] = ("verbal_coop", "material_coop", "verbal_conflict", "material_conflict")
QUAD_LABELS = {"verbal_coop": "verbal cooperation", "material_coop": "material cooperation",
               "verbal_conflict": "verbal conflict", "material_conflict": "material conflict"}
MIN_PHASE = 2  # periods
MIN_TREND = 3  # periods a phase needs before its slope is called rising or falling
MARKER_PERIODS = 2  # a phase's markers come from its first two periods that have events
MAX_MARKERS = 3
# Tone of a phase from its mean index per period (upper bounds, inclusive for the negative bands).
TONE_BANDS: tuple[tuple[float, str], ...] = ((-5.0, "hostile"), (-1.0, "tense"), (1.0, "guarded"),
                                             (5.0, "cordial"), (math.inf, "cooperative"))
Direction = Literal["both", "a_to_b", "b_to_a"]

_FREQS = {"month": "M", "m": "M", "monthly": "M", "week": "W-SUN", "w": "W-SUN", "weekly": "W-SUN"}
_VERBS = {
    "AGREE": "agrees with", "CONSULT": "consults", "SUPPORT": "supports", "CONCEDE": "concedes to",
    "COOPERATE": "cooperates with", "AID": "aids", "RETREAT": "retreats before", "REQUEST": "makes demands of",
    "ACCUSE": "accuses", "REJECT": "rejects", "THREATEN": "threatens", "PROTEST": "protests against",
    "MOBILIZE": "mobilizes against", "SANCTION": "sanctions", "COERCE": "coerces", "ASSAULT": "attacks",
}


# ---- small helpers --------------------------------------------------------------------------------

def _clean(value: Any) -> Any:
    """None for every flavour of missing (None, NaN, NaT, pd.NA)."""
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # lists, dicts
        return value
    return value


def _text(value: Any) -> str | None:
    value = _clean(value)
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: Any) -> bool:
    value = _clean(value)
    return bool(value) if value is not None else False


def _float(value: Any, default: float) -> float:
    value = _clean(value)
    try:
        return float(value) if value is not None else default
    except (TypeError, ValueError):
        return default


def _date(value: Any) -> dt.date | None:
    value = _clean(value)
    if value is None:
        return None
    try:
        return pd.Timestamp(value).date()
    except (TypeError, ValueError):
        return None


def _day(value: dt.date) -> str:
    return f"{value.day} {value:%b %Y}"


def _signed(value: float, digits: int = 1) -> str:
    """+1.5 / −0.4 / 0.0 with a real minus sign."""
    text = f"{value:+.{digits}f}"
    if float(text) == 0:
        return f"{0:.{digits}f}"
    return text.replace("-", "−")


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def normalise_quad(value: Any) -> str | None:
    """'verbal_coop', 'verbal cooperation', 'Verbal-Cooperation' … → 'verbal_coop'."""
    text = _text(value)
    if text is None:
        return None
    words = text.lower().replace("_", " ").replace("-", " ").split()
    if len(words) != 2 or words[0] not in ("verbal", "material"):
        return None
    if words[1].startswith("coop"):
        return f"{words[0]}_coop"
    if words[1].startswith("conf"):
        return f"{words[0]}_conflict"
    return None


def is_state_code(code: str) -> bool:
    """An ISO3 code (stands for the state and all its sectors), as the store reads it."""
    return len(code) == 3 and code.isalpha() and code.isupper()


def event_weight(confidence: Any, date_fallback: Any) -> float:
    """w = confidence × (FALLBACK_WEIGHT if the date is the publication-date fallback else 1)."""
    weight = _float(confidence, DEFAULT_CONFIDENCE)
    return weight * (FALLBACK_WEIGHT if _flag(date_fallback) else 1.0)


# ---- actors and directions ------------------------------------------------------------------------

@dataclass(frozen=True)
class ActorRef:
    id: str
    name: str | None = None
    country: str | None = None
    sector: str | None = None

    def matches(self, side: str) -> bool:
        return self.id == side or (is_state_code(side) and self.country == side)

    @property
    def label(self) -> str:
        return self.name or self.id


def _unique(actors: list[ActorRef]) -> list[ActorRef]:
    seen: set[str] = set()
    out = []
    for actor in actors:
        if actor.id not in seen:
            seen.add(actor.id)
            out.append(actor)
    return out


def _actor_from_dict(data: Mapping[str, Any]) -> ActorRef | None:
    ident = _text(data.get("id"))
    if ident is None:
        return None
    return ActorRef(ident, _text(data.get("name")), _text(data.get("country")), _text(data.get("sector")))


def event_actors(row: Mapping[str, Any]) -> tuple[list[ActorRef], list[ActorRef]]:
    """All sources and targets of one event row: from the ``record`` JSON when present (the flat
    columns hold only the first of each), else (or once an analyst corrected the event) from the
    ``source_*`` / ``target_*`` columns."""
    # an analyst's correction rewrites the flat columns; the record keeps the coder's own actors
    record = None if _flag(row.get("corrected")) else _clean(row.get("record"))
    if isinstance(record, str):
        try:
            record = json.loads(record)
        except ValueError:
            record = None
    if isinstance(record, Mapping):
        lists = []
        for role in ("sources", "targets"):
            items = record.get(role) or []
            actors = [_actor_from_dict(d) for d in items if isinstance(d, Mapping)]
            lists.append(_unique([a for a in actors if a is not None]))
        if lists[0] or lists[1]:
            return lists[0], lists[1]
    out: list[list[ActorRef]] = []
    for role in ("source", "target"):
        ident = _text(row.get(f"{role}_id"))
        out.append([ActorRef(ident, _text(row.get(f"{role}_name")), _text(row.get(f"{role}_country")),
                             _text(row.get(f"{role}_sector")))] if ident else [])
    return out[0], out[1]


def _pair_among(actors: Sequence[ActorRef], a: str, b: str) -> bool:
    return any(x.matches(a) and y.matches(b) for i, x in enumerate(actors) for j, y in enumerate(actors) if i != j)


def directions(row: Mapping[str, Any], a: str, b: str) -> tuple[bool, bool]:
    """(a→b, b→a) for one event row. A reciprocal event between the two counts in both directions."""
    sources, targets = event_actors(row)
    ab = any(s.matches(a) for s in sources) and any(t.matches(b) for t in targets)
    ba = any(s.matches(b) for s in sources) and any(t.matches(a) for t in targets)
    if _flag(row.get("reciprocal")):
        mutual = ab or ba or _pair_among(sources + targets, a, b)
        return mutual, mutual
    return ab, ba


# ---- selection and merged events ------------------------------------------------------------------

def select_events(events: pd.DataFrame, actual_only: bool = True, include_historical: bool = False,
                  dropped: dict[str, int] | None = None) -> pd.DataFrame:
    """Rows with a date, of actual mode (unless ``actual_only`` is False) and not historical (unless
    ``include_historical``); adds ``_date`` (Timestamp). Counts what it drops into ``dropped``."""
    dropped = dropped if dropped is not None else {}
    frame = events.copy()
    frame["_date"] = pd.to_datetime(frame["date"], errors="coerce") if "date" in frame else pd.NaT
    mask = frame["_date"].notna()
    dropped["no_date"] = int((~mask).sum())
    if actual_only and "mode" in frame:
        actual = frame["mode"].astype(object).map(lambda m: _text(m) == "actual").astype(bool)
        dropped["not_actual"] = int((mask & ~actual).sum())
        mask &= actual
    if not include_historical and "historical" in frame:
        historical = frame["historical"].astype(object).map(_flag).astype(bool)
        dropped["historical"] = int((mask & historical).sum())
        mask &= ~historical
    return frame[mask]


def collapse_merged(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per event: the ``merged_id`` where the merge stage set one, else the ``event_id``.
    Keeps the mention with the highest confidence (ties: an exact date over a fallback one, then the
    earliest date, then the smallest event id); adds ``event_key`` and ``n_mentions``."""
    frame = frame.copy()
    event_ids = [str(e) for e in frame["event_id"].tolist()]
    if "merged_id" in frame.columns:
        keys = [_text(m) or e for m, e in zip(frame["merged_id"].tolist(), event_ids, strict=True)]
    else:
        keys = event_ids
    frame["event_key"] = keys
    frame["_event_id"] = event_ids
    conf = frame["confidence"] if "confidence" in frame else pd.Series(DEFAULT_CONFIDENCE, index=frame.index)
    frame["_conf"] = [_float(c, DEFAULT_CONFIDENCE) for c in conf.tolist()]
    fallback = frame["date_fallback"] if "date_fallback" in frame else pd.Series(False, index=frame.index)
    frame["_fallback"] = [_flag(f) for f in fallback.tolist()]
    if frame.empty:
        frame["n_mentions"] = pd.Series(dtype="int64")
        return frame
    sort_date = frame["_date"] if "_date" in frame else pd.to_datetime(frame["date"], errors="coerce")
    frame["_sort_date"] = sort_date
    frame = frame.sort_values(["event_key", "_conf", "_fallback", "_sort_date", "_event_id"],
                              ascending=[True, False, True, True, True], na_position="last")
    mentions = frame.groupby("event_key", sort=False).size()
    frame = frame.drop_duplicates("event_key", keep="first").copy()
    frame["n_mentions"] = frame["event_key"].map(mentions).astype("int64")
    return frame.drop(columns=["_sort_date"])


# ---- results --------------------------------------------------------------------------------------

@dataclass
class EventRef:
    """One counted event, as evidence behind a period or a phase."""

    event_id: str
    date: dt.date | None
    type: str | None
    mode: str | None
    quad: str | None
    source_id: str | None
    source_name: str | None
    target_id: str | None
    target_name: str | None
    direction: Direction
    reciprocal: bool
    intensity: float
    confidence: float
    weight: float
    contribution: float
    date_fallback: bool = False
    merged_id: str | None = None
    n_mentions: int = 1
    doc_id: str | None = None
    sentence: str | None = None
    url: str | None = None
    title: str | None = None
    outlet: str | None = None

    def describe(self) -> str:
        """'Government of Syria consults Government of Iraq (14 Mar 2025)'."""
        kind = (self.type or "?").upper()
        src = self.source_name or self.source_id or "?"
        if self.reciprocal and not (self.target_name or self.target_id):
            text = f"{src}: mutual {kind.lower()}"
        else:
            tgt = self.target_name or self.target_id or "?"
            text = f"{src} {_VERBS.get(kind, kind.lower())} {tgt}"
        if self.mode and self.mode != "actual":
            text += f" [{self.mode}]"
        return f"{text} ({_day(self.date)})" if self.date else text

    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(v) for k, v in self.__dict__.items()}


@dataclass
class PeriodStats:
    period: str  # '2025-03' (month) or '2025-W14' (ISO week, Monday–Sunday)
    start: dt.date
    end: dt.date
    display: str  # 'Mar 2025' / 'week of 31 Mar 2025'
    counts: dict[str, int]  # by quad class, all four keys present
    n_events: int  # counted events (each merged event once); may exceed sum(counts) if a quad is missing
    index: float  # both directions, each event once
    index_ab: float
    index_ba: float
    n_ab: int
    n_ba: int
    events: list[EventRef] = field(default_factory=list)

    def to_dict(self, with_events: bool = True) -> dict[str, Any]:
        out = {k: _jsonable(v) for k, v in self.__dict__.items() if k != "events"}
        if with_events:
            out["events"] = [e.to_dict() for e in self.events]
        return out


@dataclass
class DyadSeries:
    a: str
    b: str
    freq: str  # 'month' or 'week'
    periods: list[PeriodStats]
    actual_only: bool = True
    include_historical: bool = False
    fallback_weight: float = FALLBACK_WEIGHT
    dropped: dict[str, int] = field(default_factory=dict)  # rows left out, by reason

    def __len__(self) -> int:
        return len(self.periods)

    @property
    def labels(self) -> list[str]:
        return [p.period for p in self.periods]

    def signal(self, on: Direction = "both") -> np.ndarray:
        attr = {"both": "index", "a_to_b": "index_ab", "b_to_a": "index_ba"}[on]
        return np.array([getattr(p, attr) for p in self.periods], dtype=float)

    def frame(self) -> pd.DataFrame:
        """One row per period: counts by quad, index (both, a→b, b→a)."""
        rows = []
        for p in self.periods:
            row: dict[str, Any] = {"period": p.period, "start": p.start, "end": p.end, "n_events": p.n_events}
            row.update({q: p.counts.get(q, 0) for q in QUADS})
            row.update({"index": p.index, "index_ab": p.index_ab, "index_ba": p.index_ba,
                        "n_ab": p.n_ab, "n_ba": p.n_ba})
            rows.append(row)
        columns = ["period", "start", "end", "n_events", *QUADS, "index", "index_ab", "index_ba", "n_ab", "n_ba"]
        return pd.DataFrame(rows, columns=columns)

    def events(self) -> list[EventRef]:
        return [e for p in self.periods for e in p.events]

    def to_dict(self, with_events: bool = True) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "freq": self.freq, "actual_only": self.actual_only,
                "include_historical": self.include_historical, "fallback_weight": self.fallback_weight,
                "index_formula": "I(p) = Σ intensity × confidence × (fallback_weight if date_fallback else 1)",
                "dropped": dict(self.dropped),
                "periods": [p.to_dict(with_events) for p in self.periods]}


# ---- the series -----------------------------------------------------------------------------------

def _period_freq(freq: str) -> tuple[str, str]:
    key = freq.strip().lower()
    if key not in _FREQS:
        raise ValueError(f"freq must be 'month' or 'week', not {freq!r}")
    pandas_freq = _FREQS[key]
    return pandas_freq, ("month" if pandas_freq == "M" else "week")


def _period_label(period: pd.Period, kind: str) -> tuple[str, str]:
    start = period.start_time.date()
    if kind == "month":
        return f"{start:%Y-%m}", f"{start:%b %Y}"
    return f"{start:%G-W%V}", f"week of {_day(start)}"


def _event_ref(row: Mapping[str, Any], direction: Direction) -> EventRef:
    sources, targets = event_actors(row)
    intensity = _float(row.get("intensity"), 0.0)
    confidence = _float(row.get("confidence"), DEFAULT_CONFIDENCE)
    weight = event_weight(confidence, row.get("date_fallback"))
    return EventRef(
        event_id=str(row.get("event_id")),
        date=_date(row.get("_date", row.get("date"))),
        type=_text(row.get("type")),
        mode=_text(row.get("mode")),
        quad=normalise_quad(row.get("quad")),
        source_id=" & ".join(a.id for a in sources) or None,
        source_name=" & ".join(a.label for a in sources) or None,
        target_id=" & ".join(a.id for a in targets) or None,
        target_name=" & ".join(a.label for a in targets) or None,
        direction=direction,
        reciprocal=_flag(row.get("reciprocal")),
        intensity=intensity,
        confidence=confidence,
        weight=weight,
        contribution=intensity * weight,
        date_fallback=_flag(row.get("date_fallback")),
        merged_id=_text(row.get("merged_id")),
        n_mentions=int(_float(row.get("n_mentions"), 1)),
        doc_id=_text(row.get("doc_id")),
        sentence=_text(row.get("sentence")),
        url=_text(row.get("url")),
        title=_text(row.get("title")),
        outlet=_text(row.get("outlet")),
    )


def dyad_series(events: pd.DataFrame, a: str, b: str, freq: str = "month", actual_only: bool = True,
                include_historical: bool = False) -> DyadSeries:
    """The relation between ``a`` and ``b`` per week or month (see the module docstring for the
    formula). Periods between the first and the last event with no event are filled with zeros."""
    pandas_freq, kind = _period_freq(freq)
    dropped: dict[str, int] = {}
    frame = select_events(events, actual_only, include_historical, dropped)
    # only what directions() reads: converting every column row by row is the slow part
    records = frame[[c for c in ACTOR_COLUMNS if c in frame.columns]].to_dict("records")
    flags = [directions(r, a, b) for r in records]
    inside = [ab or ba for ab, ba in flags]
    dropped["outside_dyad"] = len(inside) - sum(inside)
    frame = frame.assign(_ab=[f[0] for f in flags], _ba=[f[1] for f in flags])
    frame = frame[pd.Series(inside, index=frame.index, dtype=bool)]  # a plain empty list would pick columns
    before = len(frame)
    frame = collapse_merged(frame)
    dropped["merged_duplicates"] = before - len(frame)
    series = DyadSeries(a=a, b=b, freq=kind, periods=[], actual_only=actual_only,
                        include_historical=include_historical, dropped=dropped)
    if frame.empty:
        return series
    frame = frame.assign(_period=frame["_date"].dt.to_period(pandas_freq))
    frame = frame.sort_values(["_date", "_event_id"])
    by_period: dict[pd.Period, list[EventRef]] = {}
    for row in frame.to_dict("records"):
        direction: Direction = "both" if row["_ab"] and row["_ba"] else ("a_to_b" if row["_ab"] else "b_to_a")
        by_period.setdefault(row["_period"], []).append(_event_ref(row, direction))
    for period in pd.period_range(frame["_period"].min(), frame["_period"].max(), freq=pandas_freq):
        refs = by_period.get(period, [])
        counts = dict.fromkeys(QUADS, 0)
        for ref in refs:
            if ref.quad in counts:
                counts[ref.quad] += 1
        ab = [r for r in refs if r.direction in ("both", "a_to_b")]
        ba = [r for r in refs if r.direction in ("both", "b_to_a")]
        label, display = _period_label(period, kind)
        series.periods.append(PeriodStats(
            period=label, start=period.start_time.date(), end=period.end_time.date(), display=display,
            counts=counts, n_events=len(refs),
            index=float(sum(r.contribution for r in refs)),
            index_ab=float(sum(r.contribution for r in ab)),
            index_ba=float(sum(r.contribution for r in ba)),
            n_ab=len(ab), n_ba=len(ba), events=refs))
    return series


def series_from_periods(periods: pd.DataFrame, a: str, b: str, freq: str = "month", actual_only: bool = True,
                        include_historical: bool = False) -> DyadSeries:
    """A :class:`DyadSeries` from per-period totals computed elsewhere (``Store.dyad_periods``: one
    row per period with events, columns start, n_events, index, index_ab, index_ba, n_ab, n_ba and
    one per quad). The periods carry no events; empty periods in between are filled with zeros."""
    pandas_freq, kind = _period_freq(freq)
    series = DyadSeries(a=a, b=b, freq=kind, periods=[], actual_only=actual_only,
                        include_historical=include_historical)
    if periods.empty:
        return series
    rows = {pd.Timestamp(r["start"]).to_period(pandas_freq): r for r in periods.to_dict("records")}
    for period in pd.period_range(min(rows), max(rows), freq=pandas_freq):
        row = rows.get(period, {})
        label, display = _period_label(period, kind)
        series.periods.append(PeriodStats(
            period=label, start=period.start_time.date(), end=period.end_time.date(), display=display,
            counts={q: int(row.get(q, 0)) for q in QUADS}, n_events=int(row.get("n_events", 0)),
            index=float(row.get("index", 0.0)), index_ab=float(row.get("index_ab", 0.0)),
            index_ba=float(row.get("index_ba", 0.0)), n_ab=int(row.get("n_ab", 0)), n_ba=int(row.get("n_ba", 0))))
    return series


def period_events(frame: pd.DataFrame, freq: str = "month") -> dict[str, list[EventRef]]:
    """The events of ``frame`` as dyad_series lists them in its periods, by period label: for rows
    already chosen one per event (as ``Store.dyad_selection`` marks them), each with its
    ``direction`` ("a_to_b", "b_to_a" or "both") and ``n_mentions``."""
    pandas_freq, kind = _period_freq(freq)
    out: dict[str, list[EventRef]] = {}
    rows = frame.assign(_date=pd.to_datetime(frame["date"])).sort_values(["_date", "event_id"])
    for row in rows.to_dict("records"):
        label, _ = _period_label(pd.Timestamp(row["_date"]).to_period(pandas_freq), kind)
        out.setdefault(label, []).append(_event_ref(row, row["direction"]))
    return out


# ---- phases ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class PenaltyRule:
    """pen = factor · ln(n) · σ̂², σ̂² = max((1.4826·MAD(Δy)/√2)², floor_share · var(y), min_var)."""

    factor: float = 2.0
    floor_share: float = 0.25
    min_var: float = 1e-9

    def sigma2(self, signal: Sequence[float] | np.ndarray) -> float:
        y = np.asarray(signal, dtype=float)
        if len(y) < 2:
            return self.min_var
        diffs = np.diff(y)
        mad = 1.4826 * float(np.median(np.abs(diffs - np.median(diffs))))
        robust = (mad / math.sqrt(2.0)) ** 2
        return max(robust, self.floor_share * float(np.var(y)), self.min_var)

    def penalty(self, signal: Sequence[float] | np.ndarray) -> float:
        n = len(signal)
        return self.factor * math.log(max(n, 2)) * self.sigma2(signal)

    def describe(self) -> str:
        return (f"PELT, l2 cost, min phase {MIN_PHASE} periods; pen = {self.factor:g}·ln(n)·σ̂², "
                f"σ̂² = max((1.4826·MAD(Δy)/√2)², {self.floor_share:g}·var(y))")


DEFAULT_PENALTY = PenaltyRule()


def change_points(signal: Sequence[float] | np.ndarray, penalty_rule: PenaltyRule = DEFAULT_PENALTY,
                  min_size: int = MIN_PHASE) -> list[int]:
    """Segment ends (exclusive indices, the last one ``n``) found by PELT with the l2 cost."""
    import ruptures as rpt

    y = np.asarray(signal, dtype=float)
    n = len(y)
    if n == 0:
        return []
    if n < 2 * min_size or np.allclose(y, y[0]):
        return [n]
    algo = rpt.Pelt(custom_cost=_summed_l2(), min_size=min_size, jump=1).fit(y.reshape(-1, 1))
    return [int(end) for end in algo.predict(pen=penalty_rule.penalty(y))]


def _summed_l2() -> Any:
    """ruptures' l2 cost (a segment's residual sum of squares around its mean) from running sums:
    constant time per segment, where ruptures' own computes a variance over the segment. The class
    is made on first use so that ruptures is imported only when phases are wanted."""
    from ruptures.base import BaseCost

    class SummedL2(BaseCost):  # type: ignore[misc]
        model = "l2_summed"
        min_size = 1

        def fit(self, signal: np.ndarray) -> SummedL2:
            self.signal = np.asarray(signal, dtype=float).reshape(len(signal), -1)
            zero = np.zeros((1, self.signal.shape[1]))
            self.sums = np.vstack([zero, np.cumsum(self.signal, axis=0)])
            self.squares = np.vstack([zero, np.cumsum(self.signal ** 2, axis=0)])
            return self

        def error(self, start: int, end: int) -> float:
            total = self.sums[end] - self.sums[start]
            return float(np.sum(self.squares[end] - self.squares[start] - total * total / (end - start)))

    return SummedL2()


@dataclass
class Phase:
    start: str  # first period label
    end: str  # last period label
    start_date: dt.date
    end_date: dt.date
    n_periods: int
    mean_index: float  # mean of the per-period index over the phase
    slope: float  # least-squares slope of the index, per period
    trend: str  # rising / falling / flat
    tone: str  # hostile / tense / guarded / cordial / cooperative / quiet
    counts: dict[str, int]
    n_events: int
    markers: list[EventRef]
    summary: str

    def to_dict(self) -> dict[str, Any]:
        out = {k: _jsonable(v) for k, v in self.__dict__.items() if k != "markers"}
        out["markers"] = [m.to_dict() for m in self.markers]
        return out


def tone(mean_index: float, n_events: int) -> str:
    if n_events == 0:
        return "quiet"
    for bound, label in TONE_BANDS:
        if (mean_index <= bound) if bound < 0 else (mean_index < bound):
            return label
    return TONE_BANDS[-1][1]


def _trend(values: np.ndarray, sigma: float) -> tuple[float, str]:
    """Least-squares slope; rising/falling when the fitted line moves by more than σ̂ over the phase
    and the phase has at least 3 periods (a line through two points is just their difference)."""
    if len(values) < 2:
        return 0.0, "flat"
    slope = float(np.polyfit(np.arange(len(values), dtype=float), values, 1)[0])
    if len(values) < MIN_TREND:
        return slope, "flat"
    change = slope * (len(values) - 1)
    if change > sigma:
        return slope, "rising"
    if change < -sigma:
        return slope, "falling"
    return slope, "flat"


def _markers(periods: Sequence[PeriodStats], on: Direction) -> list[EventRef]:
    """The events with the largest |intensity × weight| in the phase's first periods that have events."""
    pool: list[EventRef] = []
    used = 0
    for period in periods:
        refs = [e for e in period.events if on == "both" or e.direction in ("both", on)]
        if refs:
            pool.extend(refs)
            used += 1
            if used == MARKER_PERIODS:
                break
    pool.sort(key=lambda e: (-abs(e.contribution), e.date or dt.date.max, e.event_id))
    chosen: list[EventRef] = []
    sentences: set[str] = set()
    for ref in pool:
        if ref.sentence and ref.sentence in sentences:
            continue  # two events coded from one sentence say the same thing
        chosen.append(ref)
        if ref.sentence:
            sentences.add(ref.sentence)
        if len(chosen) == MAX_MARKERS:
            break
    return chosen


def _phase(series: DyadSeries, values: np.ndarray, start: int, end: int, sigma: float, on: Direction) -> Phase:
    periods = series.periods[start:end]
    chunk = values[start:end]
    mean = float(chunk.mean())
    slope, trend = _trend(chunk, sigma)
    counts = dict.fromkeys(QUADS, 0)
    for p in periods:
        for quad, count in p.counts.items():
            counts[quad] = counts.get(quad, 0) + count
    n_events = sum(p.n_events for p in periods)
    markers = _markers(periods, on)
    label = tone(mean, n_events)
    first, last = periods[0], periods[-1]
    if series.freq == "week":
        span = f"{_day(first.start)} – {_day(last.end)}"
    else:
        span = first.display if first is last else f"{first.display} – {last.display}"
    noun = "event" if n_events == 1 else "events"
    text = f"{span}: {label} (mean index {_signed(mean)}, {trend}; {n_events} {noun})"
    text += ("; marked by " + "; ".join(m.describe() for m in markers) + ".") if markers else "."
    return Phase(start=first.period, end=last.period, start_date=first.start, end_date=last.end,
                 n_periods=len(periods), mean_index=mean, slope=slope, trend=trend, tone=label,
                 counts=counts, n_events=n_events, markers=markers, summary=text)


def detect_phases(series: DyadSeries, penalty_rule: PenaltyRule = DEFAULT_PENALTY, min_size: int = MIN_PHASE,
                  on: Direction = "both", ends: Sequence[int] | None = None) -> list[Phase]:
    """Split the series into phases at the change points of its index (``on``: both directions,
    or one); see the module docstring for the model and the penalty. ``ends``: the change points
    when already found (:func:`change_points` on ``series.signal(on)``)."""
    values = series.signal(on)
    if len(values) == 0:
        return []
    sigma = math.sqrt(penalty_rule.sigma2(values))
    phases = []
    start = 0
    for end in ends if ends is not None else change_points(values, penalty_rule, min_size):
        phases.append(_phase(series, values, start, end, sigma, on))
        start = end
    return phases
