"""Analyst corrections: stored with who, when and why, and applied over the coder's output.

In: a correction (an event marked wrong or restored, its type, mode, source, target or date
changed, or an alias added to an actor). Out: a row in ``corrections`` and the corrected
``events``/``event_actors`` rows.

The coder's own output is never lost: each event keeps it in ``events.record``, and each
correction keeps the value it replaced. Corrections are applied to the stored rows (so every query,
export and analysis sees them at no cost), and :func:`apply_corrections` runs again after each
re-coding, which rewrites the rows from the coder. Event ids hang on the document and the trigger
span, so a correction finds its event again after re-coding; one whose event is gone is reported
as orphaned and kept. Aliases are not applied here: the next run's registry takes them
(:func:`aliases`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd

from dyadwatch.actors.registry import Registry, default_registry
from dyadwatch.events.lexicon import default_lexicon
from dyadwatch.records import MODES, PLOVER_TYPES
from dyadwatch.store.database import Store

KINDS: tuple[str, ...] = ("reject", "restore", "type", "mode", "source", "target", "date", "alias")
MAX_TEXT = 2000

SCHEMA = """
CREATE TABLE IF NOT EXISTS corrections (
    correction_id VARCHAR PRIMARY KEY, seq BIGINT, event_id VARCHAR, actor_id VARCHAR, kind VARCHAR,
    value VARCHAR, previous VARCHAR, detail JSON, author VARCHAR, reason VARCHAR, created_at TIMESTAMP,
    doc_id VARCHAR, trigger_text VARCHAR
);
"""
COLUMNS = ["correction_id", "seq", "event_id", "actor_id", "kind", "value", "previous", "detail", "author",
           "reason", "created_at", "doc_id", "trigger_text"]


class CorrectionError(ValueError):
    """A correction that cannot be made; the message says why."""


class UnknownEvent(CorrectionError):
    pass


@dataclass
class Correction:
    kind: str
    author: str
    reason: str = ""
    event_id: str | None = None
    value: str | None = None
    actor_id: str | None = None  # alias only: the actor that gains the name

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def ensure_schema(store: Store) -> None:
    store.con.execute(SCHEMA)


def _text(value: str | None, name: str, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise CorrectionError(f"{name} is required")
    if len(value) > MAX_TEXT:
        raise CorrectionError(f"{name} is longer than {MAX_TEXT} characters")
    return value


def _event_row(store: Store, event_id: str) -> dict[str, Any]:
    cur = store.con.execute("SELECT event_id, doc_id, type, mode, date, source_id, target_id, trigger_text "
                            "FROM events WHERE event_id = ?", [event_id])
    row = cur.fetchone()
    if row is None:
        raise UnknownEvent(f"no event {event_id}")
    return dict(zip([d[0] for d in cur.description], row, strict=True))


def _validated(correction: Correction, event: dict[str, Any] | None,
               registry: Registry) -> tuple[str | None, str | None, dict[str, Any]]:
    """(value to store, value it replaces, detail needed to apply it), or CorrectionError."""
    kind, value = correction.kind, (correction.value or "").strip()
    if kind in ("reject", "restore"):
        return None, None, {}
    assert event is not None
    if kind == "type":
        if value.upper() not in PLOVER_TYPES:
            raise CorrectionError(f"type must be one of {', '.join(PLOVER_TYPES)}")
        value = value.upper()
        lexicon = default_lexicon()
        cameo = min(((len(code), code) for code, entry in lexicon.cameo.items() if entry.plover == value),
                    default=(0, None))[1]
        return value, event["type"], {"cameo": cameo, "quad": lexicon.quads.get(value),
                                      "intensity": lexicon.intensity(value, "")}
    if kind == "mode":
        if value.lower() not in MODES:
            raise CorrectionError(f"mode must be one of {', '.join(MODES)}")
        return value.lower(), event["mode"], {}
    if kind in ("source", "target"):
        actor = registry.actor_by_id(value, event["date"])
        if actor is None:
            raise CorrectionError(f"no actor {value!r} in the registry (give a registry id such as IRQGOV, or ISO3)")
        return value, event[f"{kind}_id"], {"id": actor.id, "name": actor.name, "country": actor.country,
                                            "sector": actor.sector}
    if kind == "date":
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            raise CorrectionError("date must be YYYY-MM-DD") from None
        previous = event["date"].isoformat() if event["date"] else None
        return day.isoformat(), previous, {}
    raise CorrectionError(f"kind must be one of {', '.join(KINDS)}")


def add_correction(store: Store, correction: Correction, registry: Registry | None = None) -> dict[str, Any]:
    """Validate, store and apply one correction; returns the stored row. Raises CorrectionError
    (UnknownEvent when the event is not in the store)."""
    registry = registry or default_registry()
    ensure_schema(store)
    if correction.kind not in KINDS:
        raise CorrectionError(f"kind must be one of {', '.join(KINDS)}")
    author = _text(correction.author, "author")
    reason = _text(correction.reason, "reason", required=False)
    event: dict[str, Any] | None = None
    detail: dict[str, Any] = {}
    actor_id: str | None
    value: str | None
    previous: str | None
    if correction.kind == "alias":
        actor_id = _text(correction.actor_id, "actor_id")
        value = _text(correction.value, "alias")
        if registry.actor_by_id(actor_id) is None:
            raise CorrectionError(f"no actor {actor_id!r} in the registry")
        previous = None
    else:
        event = _event_row(store, _text(correction.event_id, "event_id"))
        actor_id = None
        value, previous, detail = _validated(correction, event, registry)
    now = dt.datetime.now()
    seq = int(store.con.execute("SELECT coalesce(max(seq), 0) + 1 FROM corrections").fetchone()[0])  # type: ignore[index]
    key = f"{seq}:{correction.kind}:{correction.event_id}:{actor_id}:{value}:{now.isoformat()}"
    row = {"correction_id": hashlib.sha256(key.encode()).hexdigest()[:16], "seq": seq,
           "event_id": event["event_id"] if event else None, "actor_id": actor_id, "kind": correction.kind,
           "value": value, "previous": previous, "detail": json.dumps(detail) if detail else None,
           "author": author, "reason": reason, "created_at": now,
           "doc_id": event["doc_id"] if event else None, "trigger_text": event["trigger_text"] if event else None}
    with store.transaction() as con:
        con.execute(f"INSERT INTO corrections ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})",
                    [row[c] for c in COLUMNS])
    if event is not None:
        apply_corrections(store, [event["event_id"]])
    return row


def as_corrected(record: dict[str, Any], row: Mapping[str, Any]) -> dict[str, Any]:
    """An event's record (the coder's output) with the analyst's corrections of its stored row
    written over it, for exports that give whole records; unchanged when nothing was corrected."""
    if not row.get("corrected"):
        return record
    out = dict(record, corrected=True, rejected=bool(row.get("rejected")))
    for key in ("type", "cameo", "mode", "quad", "intensity", "date_granularity", "date_fallback"):
        if key in row:
            out[key] = row[key]
    for key in ("date", "date_end"):
        value: Any = row.get(key)
        out[key] = value.isoformat()[:10] if isinstance(value, dt.date) else value
    for role, many in (("source", "sources"), ("target", "targets")):
        first = (record.get(many) or [{}])[0]
        if row.get(f"{role}_id") and row.get(f"{role}_id") != first.get("id"):
            out[many] = [{"id": row[f"{role}_id"], "name": row.get(f"{role}_name"),
                          "country": row.get(f"{role}_country"), "sector": row.get(f"{role}_sector")}]
    return out


def corrections_frame(store: Store, event_id: str | None = None) -> pd.DataFrame:
    """All corrections in the order they were made, with ``status``: applied, orphaned (the event
    is gone after re-coding) or alias."""
    if not store.has_table("corrections"):
        return pd.DataFrame(columns=[*COLUMNS, "status"])
    sql = ("SELECT c.*, CASE WHEN c.kind = 'alias' THEN 'alias' WHEN e.event_id IS NULL THEN 'orphaned' "
           "ELSE 'applied' END AS status FROM corrections c LEFT JOIN events e USING (event_id)")
    params: list[Any] = []
    if event_id:
        sql += " WHERE c.event_id = ?"
        params.append(event_id)
    return store.con.execute(sql + " ORDER BY c.seq", params).df()


def aliases(store: Store) -> list[tuple[str, str]]:
    """The (actor id, alias) pairs analysts added, oldest first."""
    if not store.has_table("corrections"):
        return []
    rows = store.con.execute("SELECT actor_id, value FROM corrections WHERE kind = 'alias' ORDER BY seq").fetchall()
    return [(str(a), str(v)) for a, v in rows]


def apply_corrections(store: Store, event_ids: list[str] | None = None) -> int:
    """Write the corrections over the stored events (all, or ``event_ids``), later corrections of
    a field winning; returns how many events were changed. Idempotent."""
    ensure_schema(store)
    sql = "SELECT event_id, kind, value, detail FROM corrections WHERE kind <> 'alias'"
    params: list[Any] = []
    if event_ids is not None:
        if not event_ids:
            return 0
        sql += f" AND event_id IN ({', '.join('?' for _ in event_ids)})"
        params.extend(event_ids)
    by_event: dict[str, dict[str, tuple[str | None, dict[str, Any]]]] = defaultdict(dict)
    for event_id, kind, value, detail in store.con.execute(sql + " ORDER BY seq", params).fetchall():
        field = "rejected" if kind in ("reject", "restore") else kind
        by_event[event_id][field] = (kind if field == "rejected" else value, json.loads(detail) if detail else {})
    changed = 0
    with store.transaction() as con:
        for event_id, fields in by_event.items():
            if con.execute("SELECT 1 FROM events WHERE event_id = ?", [event_id]).fetchone() is None:
                continue  # orphaned by re-coding: kept, reported by corrections_frame
            sets: list[str] = ["corrected = true"]
            values: list[Any] = []
            for field, (value, detail) in fields.items():
                if field == "rejected":
                    sets.append("rejected = ?")
                    values.append(value == "reject")
                elif field == "type":
                    sets.extend(["type = ?", "cameo = ?", "quad = ?", "intensity = ?"])
                    values.extend([value, detail.get("cameo"), detail.get("quad"), detail.get("intensity")])
                elif field == "mode":
                    sets.append("mode = ?")
                    values.append(value)
                elif field == "date":
                    sets.extend(["date = ?", "date_end = ?", "date_granularity = 'day'", "date_fallback = false"])
                    values.extend([value, value])
                elif field in ("source", "target"):
                    sets.extend([f"{field}_id = ?", f"{field}_name = ?", f"{field}_country = ?", f"{field}_sector = ?"])
                    values.extend([detail["id"], detail["name"], detail["country"], detail["sector"]])
                    # the dyad filters read event_actors: the corrected actor replaces the coded ones
                    con.execute("DELETE FROM event_actors WHERE event_id = ? AND role = ?", [event_id, field])
                    con.execute("INSERT INTO event_actors VALUES (?, ?, 0, ?, ?, ?, ?, NULL, NULL, NULL, NULL)",
                                [event_id, field, detail["id"], detail["name"], detail["country"], detail["sector"]])
            con.execute(f"UPDATE events SET {', '.join(sets)} WHERE event_id = ?", [*values, event_id])
            if "source" in fields or "target" in fields:
                store.rebuild_event_pairs(con, [event_id])
            changed += 1
        # a rejected mention no longer stands for its merged event; another one may
        groups = [g for (g,) in con.execute(
            "SELECT DISTINCT merged_id FROM events WHERE merged_id IS NOT NULL AND event_id IN (SELECT unnest(?))",
            [list(by_event)]).fetchall()]
        store.refresh_merged(con, groups)
    return changed
