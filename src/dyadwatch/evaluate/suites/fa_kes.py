"""FA-KES: Syrian-war articles with crowd-labelled event date and governorate (labels are noisy).

Gold: ``gold/fa_kes/fakes_dev.csv`` (420 articles): ``date`` (M/D/YY, the labelled event date),
``location`` (governorate, lower case), plus actor and cause of death (not scored here). The file
has no publication-date column; most articles open with a dateline ("Fri 07 Apr 2017 at 0914 ...",
"Posted on July 12 2016 by ...", "26-01-2016 ...", "26.12.2014 ...", "Last updated at Jan 202015"). The suite reads that
leading dateline itself (:func:`leading_dateline`, a pattern over the first 120 characters) and
passes it as ``published``; when there is none, ``published`` is left out and the coder falls back
to its own dateline detection. Title and body are coded together (title first).

- Predicted event: the article's lead event -- the first actual-mode ASSAULT/COERCE event in the
  text that the coder did not flag ``historical`` (background such as "since 2011"), else the first
  such event, else the first event of any kind; news reports lead with the event the article is
  about. ``date_pm1_top_confidence`` scores the highest-confidence violent event instead.
- ``date_exact`` / ``date_pm1``: the predicted event's date (day granularity) equals the gold date
  (within one day; the labels are noisy). ``baseline_anchor_pm1`` scores the dateline alone as the
  prediction, for comparison: it is what a coder that ignores the text would get.
- ``governorate_acc``: the predicted event's place (name, or admin1 when given) normalises to the
  gold governorate (:func:`governorate_key`: spelling variants only, no geocoding: a town or
  district name does not match its governorate); ``governorate_any_acc`` accepts any event's place;
  ``place_share``: articles with at least one event that has a place.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import SuiteResult, accuracy

GOLD = Path("gold") / "fa_kes" / "fakes_dev.csv"
VIOLENT = {"ASSAULT", "COERCE"}

_MONTH_NAMES = {m.lower(): i for i, m in enumerate(
    ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
     "November", "December"], start=1)}
_MONTH = r"(Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?" \
         r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DMY = re.compile(r"\b(\d{1,2})\s+" + _MONTH + r",?\s+(\d{4})\b", re.I)
_MDY = re.compile(r"\b" + _MONTH + r"\s+(\d{1,2}),?\s+(\d{4})\b", re.I)
# numeric day-month-year: "26-01-2016" (Al-Manar), "26.12.2014" (Sputnik); glued "Jan 202015" (Jordan Times)
_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})[-.](\d{1,2})[-.](\d{4})(?!\d)")
_GLUED = re.compile(r"\b" + _MONTH + r"\s+(\d{2})(\d{4})\b", re.I)
_DATELINE_WINDOW = 120

# governorate -> spelling variants (lower case, after accent folding); Rif Dimashq counts as Damascus
GOVERNORATES: dict[str, tuple[str, ...]] = {
    "aleppo": ("aleppo", "halab", "alep"),
    "damascus": ("damascus", "dimashq", "damas", "rif dimashq", "rif dimashq", "reef damascus",
                 "damascus countryside", "rural damascus"),
    "idlib": ("idlib", "idleb", "edlib"),
    "homs": ("homs", "hims", "hums"),
    "deir ezzor": ("deir ezzor", "deir ez zor", "deir ez zour", "deir al zor", "deir al zour", "deir el zor",
                   "deir ezzour", "dayr az zawr", "deir azzor", "deir zor", "deirezzor"),
    "hasakeh": ("hasakeh", "hasakah", "hassakeh", "hasaka", "hassaka", "al hasakah", "hasake", "hassakah"),
    "raqqa": ("raqqa", "raqqah", "rakka", "ar raqqah", "al raqqa", "raqa"),
    "hama": ("hama", "hamah", "hamaa"),
    "daraa": ("daraa", "deraa", "dara a", "dar a", "deraa", "daraa", "darra"),
    "lattakia": ("lattakia", "latakia", "latakiya", "al ladhiqiyah", "ladhiqiyah", "lattaquie"),
    "quneitra": ("quneitra", "qunaitra", "al qunaytirah", "kuneitra", "qunaytirah"),
    "tartus": ("tartus", "tartous", "tartousse"),
    "sweida": ("sweida", "suwayda", "as suwayda", "sweida", "swaida", "suweida"),
}


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"['\u2019\u2018`ʿʾ]", "", text)
    text = re.sub(r"[^a-z]+", " ", text)
    return " ".join(text.split())


def governorate_key(name: str | None) -> str | None:
    """The gold governorate a place name spells (``"Deir ez-Zor"`` -> ``"deir ezzor"``), else None."""
    if not name:
        return None
    folded = _fold(name)
    squashed = folded.replace(" ", "")
    for key, variants in GOVERNORATES.items():
        for variant in variants:
            if re.search(rf"\b{re.escape(variant)}\b", folded) or variant.replace(" ", "") == squashed:
                return key
    return None


def leading_dateline(text: str) -> dt.date | None:
    """A day-month-year or month-day-year date near the start of the article (its dateline)."""
    head = text[:_DATELINE_WINDOW]
    found: list[tuple[int, dt.date]] = []
    for m in _DMY.finditer(head):
        found.append((m.start(), _date(m.group(3), m.group(2), m.group(1))))
    for m in _MDY.finditer(head):
        found.append((m.start(), _date(m.group(3), m.group(1), m.group(2))))
    for m in _GLUED.finditer(head):
        found.append((m.start(), _date(m.group(3), m.group(1), m.group(2))))
    for m in _NUMERIC.finditer(head):
        found.append((m.start(), _date(m.group(3), m.group(2), m.group(1))))
    dates = [(pos, d) for pos, d in found if d is not None]
    return min(dates)[1] if dates else None


def _date(year: str, month: str, day: str) -> Any:
    key = month.lower().rstrip(".")
    if key.isdigit():
        number: int | None = int(key)
    else:
        number = next((n for name, n in _MONTH_NAMES.items() if name.startswith(key[:3])), None)
    try:
        return dt.date(int(year), number, int(day)) if number else None
    except ValueError:
        return None


def _gold_date(value: str) -> dt.date | None:
    m = re.match(r"^\s*(\d{1,2})/(\d{1,2})/(\d{2,4})\s*$", value)
    if not m:
        return None
    year = int(m.group(3))
    year = year + 2000 if year < 100 else year
    try:
        return dt.date(year, int(m.group(1)), int(m.group(2)))
    except ValueError:
        return None


def _event_date(event: dict[str, Any] | None) -> dt.date | None:
    if not event or event.get("date_granularity") != "day" or not event.get("date"):
        return None
    return dt.date.fromisoformat(str(event["date"])[:10])


def _place_key(event: dict[str, Any]) -> str | None:
    place = event.get("place") or {}
    return governorate_key(place.get("admin1")) or governorate_key(place.get("name"))


def read_rows(data_dir: Path, limit: int | None = None) -> list[dict[str, str]]:
    """The FA-KES articles (first ``limit`` of them)."""
    path = Path(data_dir) / GOLD
    if not path.exists():
        raise FileNotFoundError(path)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows[:limit] if limit else rows


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    rows = read_rows(data_dir, limit)
    n = dated_gold = exact = near = anchored = base_near = base_exact = near_current = 0
    gov_ok = gov_any_ok = with_place = with_event = violent = 0
    misses: list[dict[str, Any]] = []
    place_names: Counter[str] = Counter()
    for row in rows:
        n += 1
        title, body = row["article_title"].strip(), row["article_content"].strip()
        text = body if not title or body.startswith(title) else f"{title}.\n\n{body}"
        anchor = leading_dateline(body)
        anchored += anchor is not None
        events = dyadwatch.code_text(text, published=anchor.isoformat() if anchor else None)
        with_event += bool(events)
        pool = [e for e in events if e["mode"] == "actual" and e["type"] in VIOLENT]
        violent += bool(pool)
        top = max(pool or events, key=lambda e: e["confidence"]) if events else None
        current = [e for e in events if not e.get("historical")]
        current_pool = [e for e in pool if not e.get("historical")]
        # the article's event: the first current violent event the text reports (news leads with it)
        lead = min(current_pool or pool or current or events, key=lambda e: e["trigger"]["start"]) if events else None
        best = lead
        best_current = top
        places = [e for e in events if e.get("place")]
        with_place += bool(places)
        for e in places:
            place_names[e["place"]["name"]] += 1
        gold_date = _gold_date(row["date"])
        got_date = _event_date(best)
        kinds: list[str] = []
        if gold_date is not None:
            dated_gold += 1
            ok_exact = got_date == gold_date
            ok_near = got_date is not None and abs((got_date - gold_date).days) <= 1
            exact += ok_exact
            near += ok_near
            current_date = _event_date(best_current)
            near_current += current_date is not None and abs((current_date - gold_date).days) <= 1
            base_exact += anchor == gold_date
            base_near += anchor is not None and abs((anchor - gold_date).days) <= 1
            if not ok_near:
                if best is None:
                    kinds.append("date:no_event")
                elif got_date is None:
                    kinds.append(f"date:granularity_{best.get('date_granularity')}")
                elif best.get("date_fallback"):
                    kinds.append("date:fallback_to_published" + ("" if anchor else "(no dateline)"))
                else:
                    kinds.append("date:wrong_day")
        gold_gov = governorate_key(row["location"]) or row["location"].strip().lower()
        got_gov = _place_key(best) if best else None
        gov_ok += got_gov == gold_gov
        any_ok = any(_place_key(e) == gold_gov for e in places)
        gov_any_ok += any_ok
        if got_gov != gold_gov:
            if best is None:
                kinds.append("place:no_event")
            elif not best.get("place"):
                kinds.append("place:none_on_event" + ("(another event has it)" if any_ok else ""))
            elif got_gov is None:
                kinds.append("place:not_a_governorate_name")
            else:
                kinds.append("place:other_governorate")
        if kinds:
            misses.append({
                "id": row["unit_id"], "text": text[:300], "kind": kinds,
                "gold": {"date": gold_date.isoformat() if gold_date else row["date"], "location": row["location"],
                         "actor": row["actor"], "cause_of_death": row["cause_of_death"]},
                "got": None if best is None else {
                    "type": best["type"], "mode": best["mode"], "date": best.get("date"),
                    "granularity": best.get("date_granularity"), "date_text": best.get("date_text"),
                    "date_fallback": best.get("date_fallback"), "place": (best.get("place") or {}).get("name"),
                    "sentence": (best.get("sentence") or "")[:200], "n_events": len(events)},
                "anchor": anchor.isoformat() if anchor else None,
            })
    result = SuiteResult(name="fa_kes", items=n, misses=misses)
    result.figures.update({
        "date_pm1": accuracy(near, dated_gold),
        "date_exact": accuracy(exact, dated_gold),
        "date_pm1_top_confidence": accuracy(near_current, dated_gold),
        "baseline_anchor_pm1": accuracy(base_near, dated_gold),
        "baseline_anchor_exact": accuracy(base_exact, dated_gold),
        "governorate_acc": accuracy(gov_ok, n),
        "governorate_any_acc": accuracy(gov_any_ok, n),
        "place_share": accuracy(with_place, n),
        "event_share": accuracy(with_event, n),
        "violent_event_share": accuracy(violent, n),
        "anchor_share": accuracy(anchored, n),
    })
    result.notes.append("published = the article's leading dateline, read by the suite from the first "
                        f"{_DATELINE_WINDOW} characters ({anchored} of {n}); otherwise left to the coder's own "
                        "dateline detection. The gold date column is the labelled event date, never the anchor.")
    result.notes.append("predicted = the lead event: the first current actual ASSAULT/COERCE event in the text, "
                        "else the first event (date_pm1_top_confidence: the highest-confidence one); "
                        "governorate matched by spelling variants only (no geocoding of towns to governorates)")
    if place_names:
        result.notes.append("most frequent event places: "
                            + ", ".join(f"{k} ({v})" for k, v in place_names.most_common(12)))
    return result
