"""ACLED: code each event's ``notes`` text and compare type, first actor and date with the gold row.

Gold: ``gold/acled/acled_global_dev.csv`` (8,472 events of 2022, Iraq and Syria removed). Only the
``notes`` text reaches the coder (its trailing ``[size=...]`` tag and leading category label such
as ``Looting:`` removed), with ``published`` =
the row's ``timestamp``: ACLED's upload time, 3 to 200 days after the event (median about 7), so
relative dates ("yesterday") are resolved against a date later than the event, as for a report.

- Predicted event: the note's lead event, the first actual-mode event in the text (none: everything
  wrong); ``type_acc_top_confidence`` scores the highest-confidence actual event instead.
- ``type_acc``: the predicted PLOVER type is one of those ``data/acled_map.tsv`` allows for the gold
  event type (sub-event rows override); ``type_acc_strict`` uses the event-type rows only.
- actor1: the gold ``actor1`` name is mapped to a country and sector by ``data/acled_actors.tsv``
  (built by the rules in :func:`map_actor_by_rules`; names not in the table go through the same
  rules at run time) and compared with the predicted event's first source: ``actor1_country_acc``
  over rows whose actor1 has a country, ``actor1_sector_acc`` over rows whose sector is derivable,
  ``actor1_acc`` both (sector only where derivable).
- ``date_exact`` / ``date_pm1``: the predicted event has day granularity and its date equals
  ``event_date`` (within one day).
- ``coded_share``: rows with at least one actual-mode event.

``limit=None`` runs a deterministic sample of :data:`DEFAULT_SAMPLE` rows (every k-th row),
``limit=0`` all rows, ``limit=N`` the first N rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import SuiteResult, accuracy

GOLD = Path("gold") / "acled" / "acled_global_dev.csv"
DATA = Path(__file__).resolve().parents[1] / "data"
MAP_FILE = DATA / "acled_map.tsv"
ACTOR_FILE = DATA / "acled_actors.tsv"
DEFAULT_SAMPLE = 600
EVENT_COUNTRY = "@event"  # table value: the actor's country is the country the row's event is in

_SIZE_TAG = re.compile(r"\s*\[size=[^\]]*\]\s*$")
# ACLED's sub-category label in front of strategic-development notes ("Property destruction: On ...")
_LABEL = re.compile(r"^[A-Z][A-Za-z/ -]{2,40}:\s+(?=(?:On|Around|Between|During|Since|As of|In|From|Overnight)\b)")
_DATES = re.compile(r"^\d{4}-(?:\d{4})?$")
_FORCES = re.compile(r"^(?:Mutiny of )?(Military|Police) Forces of ([^()]+?)\s*(?:\((\d{4}-(?:\d{4})?)\)\s*(.*))?$")
_GOVERNMENT = re.compile(r"^Government of ([^()]+?)\s*(?:\((\d{4}-(?:\d{4})?)\)\s*(.*))?$")
_PAREN = re.compile(r"\(([^()]*)\)")
# Names no rule can place, set by hand: name -> (country, sectors, reason).
MANUAL: dict[str, tuple[str | None, tuple[str, ...], str]] = {
    "Operation Restoring Hope": ("SAU", ("MIL",), "Saudi-led coalition air operation in Yemen"),
    "Wagner Group": ("RUS", ("MIL",), "Russian private military company"),
    "MNJTF: Multinational Joint Task Force": (None, ("MIL", "IGO"), "Lake Chad multinational force"),
    "ATMIS: African Union Transition Mission in Somalia (2022-) (Burundi)": (
        "BDI", ("MIL", "IGO"), "AU mission, Burundian contingent"),
    "Military and Security Authority of Al Mahrah": ("YEM", ("MIL",), "Yemeni governorate security forces"),
}
# ACLED's "Protesters (X)" and "Rioters (X)" are whoever demonstrates that is neither state nor armed
# group; who they are (teachers, a party, a union) goes to its associated actor. So any non-state,
# unarmed sector of X is that actor1: the opposition, parties and civil society.
_PUBLIC = ("OPP", "PTY", "CVL", "MED", "BUS", "EDU", "REL", "HLH", "NGO")
# generic ACLED actor heads with the country in parentheses -> sectors (empty: not derivable)
_GENERIC: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = [
    ("protesters", re.compile(r"^Protesters\b"), _PUBLIC),
    ("rioters", re.compile(r"^Rioters\b"), _PUBLIC),
    ("civilians", re.compile(r"^Civilians\b"), ("CVL",)),
    ("armed_group", re.compile(r"^(?:Unidentified )?(?:[\w-]+ )?Armed Group\b"), ("REB",)),
    ("militia", re.compile(r"\bMilitia\b|\bRebels\b|\bSeparatists\b|\bInsurgents\b"), ("REB",)),
    ("unidentified_military", re.compile(r"^Unidentified Military Forces\b"), ("MIL",)),
    ("gang_or_other", re.compile(r"^(?:Unidentified Gang|Sole Perpetrator|Private Security Forces|Settlers"
                                 r"|Labou?r Group)\b"), ()),
]
# words after "Military/Police Forces of X (dates)" that name a police-like branch
_POLICE_BRANCH = re.compile(r"Police|Gendarmerie|Prison|Border|Guard", re.I)
_REBEL_WORDS = re.compile(r"Army|Front|Movement|Force|Liberation|Revolution|Resistance|Brigade|Rebels|Militia|"
                          r"Jihad|Islam|Qaeda|State|Shabaab|Taliban|Separatist|Defen[cs]e|Guerrilla", re.I)


@lru_cache(maxsize=4096)
def country_code(name: str) -> str | None:
    """ISO3 of a country name via the product's registry (only when the phrase is a country)."""
    actor = dyadwatch.resolve_actor(name.strip())
    if actor and actor.get("country") and actor.get("sector") is None and actor.get("id") == actor.get("country"):
        return str(actor["country"])
    return None


def map_actor_by_rules(name: str, inter: str = "") -> tuple[str | None, tuple[str, ...], str]:
    """(country ISO3 or ``@event`` or None, allowed sectors, rule) for an ACLED actor name.

    ``inter`` is ACLED's actor-type code (1 state forces, 2 rebels, 3 political militia, 4 identity
    militia, 5 rioters, 6 protesters, 7 civilians, 8 external/other); it only decides the sector of
    named non-state groups the registry does not know.
    """
    name = " ".join(name.split())
    if name in MANUAL:
        manual_country, manual_sectors, reason = MANUAL[name]
        return manual_country, manual_sectors, f"manual: {reason}"
    m = _FORCES.match(name)
    if m:
        kind, country, branch = m.group(1), country_code(m.group(2)), m.group(4) or ""
        if kind == "Police":
            return country, ("COP",), "police_forces"
        if "Supreme Political Council" in branch:  # Houthi-run forces of Yemen
            return country, ("MIL", "REB"), "military_forces_houthi"
        if _POLICE_BRANCH.search(branch):
            return country, ("MIL", "COP"), "military_forces_police_branch"
        return country, ("MIL",), "military_forces"
    m = _GOVERNMENT.match(name)
    if m:
        return country_code(m.group(1)), ("GOV",), "government"
    parens = [p for p in _PAREN.findall(name) if not _DATES.match(p)]
    paren_country = next((c for c in (country_code(p) for p in parens) if c), None)
    for label, pattern, sectors in _GENERIC:
        if pattern.search(name):
            if paren_country is None and sectors == ("REB",):
                return EVENT_COUNTRY, sectors, label + "_event_country"
            return paren_country, sectors, label
    # a named group: the registry first (full name, long name after the acronym, the acronym)
    bare = _PAREN.sub("", name).strip()
    candidates = [bare]
    if ":" in bare:
        acronym, long_name = (s.strip() for s in bare.split(":", 1))
        candidates += [long_name, acronym]
    for candidate in candidates:
        actor = dyadwatch.resolve_actor(candidate)
        if not actor or actor.get("id") == f"{actor.get('country') or ''}{actor.get('sector') or ''}":
            continue  # unknown, or only a country (+ generic agent) named inside the group's name
        sector = actor.get("sector")
        country = paren_country or actor.get("country")
        return country, ((str(sector),) if sector else ()), f"registry:{actor['id']}"
    sectors = ()
    if inter == "2" or (inter in ("3", "4") and _REBEL_WORDS.search(name)):
        sectors = ("REB",)
    if paren_country:
        return paren_country, sectors, "named_group_paren_country"
    if inter in ("2", "3", "4"):
        return EVENT_COUNTRY, sectors, "named_group_event_country"
    return None, sectors, "unmapped"


def load_type_map(path: Path = MAP_FILE) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        out[row["acled_event_type"]] = tuple(t for t in row["plover_types"].split("|") if t)
    return out


def load_actor_table(path: Path = ACTOR_FILE) -> dict[str, tuple[str | None, tuple[str, ...], str]]:
    out: dict[str, tuple[str | None, tuple[str, ...], str]] = {}
    if not path.exists():
        return out
    with path.open(encoding="utf-8") as f:
        lines = [line for line in f if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        sectors = tuple(s for s in row["sectors"].split("|") if s)
        out[row["acled_actor"]] = (row["country"] or None, sectors, row["rule"])
    return out


def write_actor_table(data_dir: Path, path: Path = ACTOR_FILE) -> int:
    """(Re)build ``acled_actors.tsv`` from every actor1 name of the gold file (rules + :data:`MANUAL`)."""
    rows = _read_rows(data_dir)
    inter: dict[str, Counter[str]] = {}
    for row in rows:
        inter.setdefault(row["actor1"], Counter())[row["inter1"]] += 1
    lines = [
        "# ACLED actor1 names -> dyadwatch country (ISO3) and allowed sectors, for the \"acled\" suite.",
        "# Generated by write_actor_table() in evaluate/suites/acled.py from the rules of map_actor_by_rules()",
        "# (rule column; \"manual\" rows come from its MANUAL table). country \"@event\": the country the row's",
        "# event is in (domestic armed groups); empty country or sectors: not derivable, not scored.",
        "acled_actor\tcountry\tsectors\trule",
    ]
    for name in sorted(inter):
        country, sectors, rule = map_actor_by_rules(name, inter[name].most_common(1)[0][0])
        lines.append(f"{name}\t{country or ''}\t{'|'.join(sectors)}\t{rule}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(inter)


def clean_note(note: str) -> str:
    """The prose of an ACLED note: without the trailing ``[size=...]`` tag and a leading category label."""
    return _LABEL.sub("", _SIZE_TAG.sub("", note).strip())


def _read_rows(data_dir: Path) -> list[dict[str, str]]:
    path = data_dir / GOLD
    if not path.exists():
        raise FileNotFoundError(path)
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _published(row: dict[str, str]) -> tuple[str, bool]:
    """The anchor date: the upload timestamp when present, else the event date (True if from timestamp)."""
    stamp = row.get("timestamp", "").strip()
    if stamp.isdigit():
        return dt.datetime.fromtimestamp(int(stamp), dt.UTC).date().isoformat(), True
    return row["event_date"], False


def _sample(rows: list[dict[str, str]], limit: int | None) -> tuple[list[dict[str, str]], str]:
    if limit is None:
        step = max(1, len(rows) // DEFAULT_SAMPLE)
        return rows[::step][:DEFAULT_SAMPLE], f"default sample: every {step}th row, first {DEFAULT_SAMPLE}"
    if limit == 0:
        return rows, "all rows (limit=0)"
    return rows[:limit], f"first {limit} rows"


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    rows, how = _sample(_read_rows(data_dir), limit)
    type_map = load_type_map()
    table = load_actor_table()
    n = coded = any_event = type_ok = type_ok_strict = type_ok_top = 0
    country_n = country_ok = sector_n = sector_ok = actor_ok = 0
    date_exact = date_pm1 = precise_n = precise_pm1 = 0
    from_stamp = 0
    per_type: dict[str, list[int]] = {}
    misses: list[dict[str, Any]] = []
    for row in rows:
        n += 1
        text = clean_note(row["notes"])
        published, stamped = _published(row)
        from_stamp += stamped
        events = dyadwatch.code_text(text, published=published)
        any_event += bool(events)
        actual = [e for e in events if e["mode"] == "actual"]
        # the note's event: the first actual event it reports (ACLED notes lead with it)
        best = min(actual, key=lambda e: e["trigger"]["start"]) if actual else None
        top = max(actual, key=lambda e: e["confidence"]) if actual else None
        type_ok_top += top is not None and top["type"] in (
            type_map.get(f"{row['event_type']}::{row['sub_event_type']}") or type_map.get(row["event_type"], ()))
        coded += best is not None
        kinds: list[str] = []
        # type
        event_type = row["event_type"]
        allowed = type_map.get(f"{event_type}::{row['sub_event_type']}") or type_map.get(event_type, ())
        strict = type_map.get(event_type, ())
        got_type = best["type"] if best else None
        ok = got_type in allowed
        type_ok += ok
        type_ok_strict += got_type in strict
        stats = per_type.setdefault(event_type, [0, 0])
        stats[0] += 1
        stats[1] += ok
        if best is None:
            kinds.append("no_actual_event" if not events else "no_actual_event(only " +
                         ",".join(sorted({e["mode"] for e in events})) + ")")
        elif not ok:
            kinds.append(f"type:{event_type}->{got_type}")
        # actor1
        name = row["actor1"]
        gold_country, gold_sectors, rule = table.get(name) or map_actor_by_rules(name, row["inter1"])
        if gold_country == EVENT_COUNTRY:
            gold_country = country_code(row["country"])
        source = best["sources"][0] if best and best["sources"] else None
        got_country = source.get("country") if source else None
        got_sector = source.get("sector") if source else None
        c_ok = s_ok = True
        if gold_country:
            country_n += 1
            c_ok = got_country == gold_country
            country_ok += c_ok
        if gold_sectors:
            sector_n += 1
            s_ok = got_sector in gold_sectors
            sector_ok += s_ok
        a_ok = bool(gold_country or gold_sectors) and c_ok and s_ok and source is not None
        actor_ok += a_ok
        if best is not None and not a_ok:
            if source is None:
                kinds.append("actor:no_source")
            else:
                if not c_ok:
                    kinds.append("actor_country")
                if not s_ok:
                    kinds.append("actor_sector")
        # date
        gold_date = dt.date.fromisoformat(row["event_date"])
        got_date = None
        if best is not None and best.get("date_granularity") == "day" and best.get("date"):
            got_date = dt.date.fromisoformat(str(best["date"])[:10])
        exact = got_date == gold_date
        near = got_date is not None and abs((got_date - gold_date).days) <= 1
        date_exact += exact
        date_pm1 += near
        if row.get("time_precision") == "1":
            precise_n += 1
            precise_pm1 += near
        if best is not None and not exact:
            if best.get("date_fallback"):
                kinds.append("date:fallback_to_published")
            elif best.get("date_granularity") != "day":
                kinds.append(f"date:granularity_{best.get('date_granularity')}")
            else:
                kinds.append("date:wrong_day" + ("" if near else "(>1d)"))
        if kinds:
            misses.append({
                "id": row["event_id_cnty"], "text": text, "kind": kinds,
                "gold": {"event_type": event_type, "sub_event_type": row["sub_event_type"], "actor1": name,
                         "actor1_mapped": [gold_country, "|".join(gold_sectors), rule],
                         "event_date": row["event_date"], "published": published},
                "got": None if best is None else {
                    "type": got_type, "mode": best["mode"], "cameo": best.get("cameo"),
                    "source": source and [source.get("id"), source.get("text")],
                    "date": best.get("date"), "granularity": best.get("date_granularity"),
                    "date_text": best.get("date_text"), "trigger": (best.get("trigger") or {}).get("text"),
                    "n_events": len(events)},
            })
    result = SuiteResult(name="acled", items=n, misses=misses)
    result.figures.update({
        "type_acc": accuracy(type_ok, n),
        "type_acc_strict": accuracy(type_ok_strict, n),
        "type_acc_coded": accuracy(type_ok, coded),
        "type_acc_top_confidence": accuracy(type_ok_top, n),
        "actor1_country_acc": accuracy(country_ok, country_n),
        "actor1_sector_acc": accuracy(sector_ok, sector_n),
        "actor1_acc": accuracy(actor_ok, n),
        "date_exact": accuracy(date_exact, n),
        "date_pm1": accuracy(date_pm1, n),
        "date_pm1_precise": accuracy(precise_pm1, precise_n),
        "date_exact_coded": accuracy(date_exact, coded),
        "coded_share": accuracy(coded, n),
        "any_event_share": accuracy(any_event, n),
        "actor1_country_items": country_n,
        "actor1_sector_items": sector_n,
        **{f"type_acc[{k}]": accuracy(v[1], v[0]) for k, v in sorted(per_type.items())},
    })
    result.notes.append(f"{how} of {GOLD.name}")
    result.notes.append(f"published = the row's upload timestamp (UTC date) for {from_stamp} of {n} rows, else the "
                        "event date; the note text alone is coded, without its trailing [size=...] tag and its leading "
                        "category label (\"Property destruction: On ...\", which would leak the gold sub-event type)")
    result.notes.append("predicted = the first actual-mode event of the note; rows without one are wrong everywhere")
    result.notes.append("type sets from data/acled_map.tsv; actor1 mapping from data/acled_actors.tsv "
                        "(rules in map_actor_by_rules for names not listed)")
    result.notes.append("date_pm1_precise: ±1 day over rows with ACLED time_precision 1 (exact day known)")
    return result
