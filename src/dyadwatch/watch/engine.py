"""Evaluate watch rules over the stored events and keep the alerts they raise.

In: a ``Store`` and a ``WatchFile``. Out: the new ``Alert`` records, also written to the
``alerts`` table of the same database. An alert's id is a hash of the rule and of what triggered it
(the event for a match rule; the group and period for a surge), so running the watch again --
after every ingest, say -- never raises the same alert twice.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

import duckdb
import pandas as pd

from dyadwatch.places.records import haversine_km
from dyadwatch.store.database import EventFilter, Store
from dyadwatch.watch.rules import Rule, WatchFile

ALERTS_SCHEMA = """
CREATE TABLE IF NOT EXISTS alerts (
    alert_id VARCHAR PRIMARY KEY, rule_id VARCHAR, rule_title VARCHAR, severity VARCHAR, kind VARCHAR,
    created TIMESTAMP, period VARCHAR, group_key VARCHAR, summary VARCHAR, first_date DATE, last_date DATE,
    n_events INTEGER, event_ids JSON
);
"""


@dataclass
class Alert:
    alert_id: str
    rule_id: str
    rule_title: str
    severity: str
    kind: str
    summary: str
    period: str | None = None
    group_key: str | None = None
    first_date: dt.date | None = None
    last_date: dt.date | None = None
    event_ids: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        record = asdict(self)
        for key in ("first_date", "last_date"):
            record[key] = record[key].isoformat() if record[key] else None
        return record


def _alert_id(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


class Watch:
    def __init__(self, watch: WatchFile):
        self.watch = watch
        self._sites: dict[str, tuple[float, float] | None] = {}

    def site(self, name: str) -> tuple[float, float] | None:
        if name not in self._sites:
            from dyadwatch.places import resolve_toponym

            placement = resolve_toponym(name)
            self._sites[name] = (placement.lat, placement.lon) if placement else None
        return self._sites[name]

    def fits(self, rule: Rule, event: dict[str, Any]) -> bool:
        """Whether one event record meets every condition of ``rule`` (the surge test aside)."""
        if event.get("mode") not in rule.modes:
            return False
        if rule.types and event.get("type") not in rule.types and event.get("plover_event") not in rule.types:
            return False
        if event.get("historical") and not rule.include_historical:
            return False
        if float(event.get("confidence") or 0.0) < rule.min_confidence:
            return False
        if not rule.actor_fits(event.get("sources") or [], event.get("targets") or []):
            return False
        sentence = str(event.get("sentence") or "").lower()
        place = event.get("place") or {}
        if rule.near or rule.keywords:
            # either is enough: a site can be named in the sentence without the event being placed
            near_ok = bool(rule.near) and self._near(rule, place)
            said_ok = bool(rule.keywords) and any(k.lower() in sentence for k in rule.keywords)
            if not (near_ok or said_ok):
                return False
        if rule.admin1:
            area = str(place.get("admin1") or "").lower()
            if not any(a.lower() == area for a in rule.admin1):
                return False
        return True

    def _near(self, rule: Rule, place: dict[str, Any]) -> bool:
        if place.get("lat") is None or place.get("lon") is None:
            return False
        point = (float(place["lat"]), float(place["lon"]))
        for near in rule.near:
            site = self.site(near.place)
            if site is not None and haversine_km(site, point) <= near.radius_km:
                return True
        return False

    def evaluate(self, events: list[dict[str, Any]]) -> list[Alert]:
        alerts: list[Alert] = []
        for rule in self.watch.rules:
            matching = [e for e in events if self.fits(rule, e)]
            if rule.kind == "match":
                alerts.extend(self._match_alert(rule, e) for e in matching)
            else:
                alerts.extend(self._surges(rule, matching))
        return alerts

    @staticmethod
    def _match_alert(rule: Rule, event: dict[str, Any]) -> Alert:
        names = ", ".join(a.get("name") or a.get("id") or "?" for a in event.get("sources") or []) or "?"
        targets = ", ".join(a.get("name") or a.get("id") or "?" for a in event.get("targets") or [])
        place = (event.get("place") or {}).get("name")
        day = dt.date.fromisoformat(event["date"]) if event.get("date") else None
        summary = (f"{rule.title}: {event.get('type')} ({event.get('mode')}) by {names}"
                   + (f" against {targets}" if targets else "") + (f" at {place}" if place else "")
                   + (f" on {day.isoformat()}" if day else "") + f" — \u201c{str(event.get('sentence'))[:200]}\u201d")
        return Alert(alert_id=_alert_id(rule.id, str(event["event_id"])), rule_id=rule.id, rule_title=rule.title,
                     severity=rule.severity, kind="match", summary=summary, first_date=day, last_date=day,
                     event_ids=[str(event["event_id"])])

    @staticmethod
    def _surges(rule: Rule, events: list[dict[str, Any]]) -> list[Alert]:
        freq = "W" if rule.period == "week" else "M"
        grouped: dict[str, dict[pd.Period, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        for event in events:
            if not event.get("date"):
                continue
            key = _group_key(rule, event)
            if key:
                grouped[key][pd.Period(event["date"], freq=freq)].append(event)
        alerts = []
        for key, by_period in grouped.items():
            first, last = min(by_period), max(by_period)
            periods = pd.period_range(first, last, freq=freq)
            counts = [len(by_period.get(p, [])) for p in periods]
            for i, period in enumerate(periods):
                if i < rule.baseline_periods:
                    continue  # not enough history to call anything a surge
                before = counts[i - rule.baseline_periods:i]
                mean = sum(before) / len(before)
                count = counts[i]
                if count >= rule.min_count and count >= rule.factor * max(mean, 1e-9):
                    hits = by_period[period]
                    days = sorted(dt.date.fromisoformat(e["date"]) for e in hits)
                    summary = (f"{rule.title}: {count} events for {key} in {period} against a mean of "
                               f"{mean:.1f} over the previous {rule.baseline_periods} {rule.period}s")
                    alerts.append(Alert(alert_id=_alert_id(rule.id, key, str(period)), rule_id=rule.id,
                                        rule_title=rule.title, severity=rule.severity, kind="surge",
                                        summary=summary, period=str(period), group_key=key,
                                        first_date=days[0], last_date=days[-1],
                                        event_ids=sorted(str(e["event_id"]) for e in hits)))
        return alerts


def _group_key(rule: Rule, event: dict[str, Any]) -> str | None:
    if rule.group_by == "admin1":
        place = event.get("place") or {}
        area = place.get("admin1")
        return f"{area} ({place.get('country')})" if area else None
    sources = event.get("sources") or []
    if not sources:
        return None
    if rule.group_by == "source":
        return str(sources[0].get("id"))
    targets = event.get("targets") or []
    return f"{sources[0].get('id')}→{targets[0].get('id') if targets else '—'}"


def run_watch(store: Store, watch: WatchFile, since: dt.date | None = None) -> tuple[list[Alert], list[Alert]]:
    """Evaluate ``watch`` over the store's events (since ``since``); store the alerts not seen
    before. Returns (new alerts, all alerts raised this time)."""
    store.con.execute(ALERTS_SCHEMA)
    frame = store.events_frame(EventFilter(since=since))
    events = [json.loads(r) for r in frame["record"]] if not frame.empty else []
    raised = Watch(watch).evaluate(events)
    known = {row[0] for row in store.con.execute("SELECT alert_id FROM alerts").fetchall()}
    new = [a for a in raised if a.alert_id not in known]
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with store.transaction() as con:
        for alert in new:
            con.execute("INSERT INTO alerts VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [alert.alert_id, alert.rule_id, alert.rule_title, alert.severity, alert.kind, now,
                         alert.period, alert.group_key, alert.summary, alert.first_date, alert.last_date,
                         len(alert.event_ids), json.dumps(alert.event_ids)])
    return new, raised


def alerts_frame(store: Store) -> pd.DataFrame:
    """Stored alerts, newest first (an empty frame for a database that has none yet)."""
    try:
        return store.con.execute("SELECT * FROM alerts ORDER BY last_date DESC, created DESC").df()
    except duckdb.CatalogException:
        return pd.DataFrame(columns=["alert_id", "rule_id", "rule_title", "severity", "kind", "created", "period",
                                     "group_key", "summary", "first_date", "last_date", "n_events", "event_ids"])
