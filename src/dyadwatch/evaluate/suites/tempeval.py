"""TempEval-3 (TimeBank + AQUAINT): date expressions found and resolved by ``dyadwatch.find_dates``.

Gold: ``gold/tempeval3/timex3_flat_dev.tsv`` lists every TIMEX3 of the dev documents (document,
creation time, tid, text, type, value) but no offsets; the TimeML files beside it
(``TBAQ-cleaned/{TimeBank,AQUAINT}/<doc>``) hold the full document text, so each document's
``<TEXT>`` is rebuilt without its tags and every gold expression gets its character span.
``find_dates`` runs on that whole text with the document creation time as ``published``.

Scoring:

- extent: predicted expressions are matched one-to-one to gold expressions by character overlap
  (largest overlap first). A prediction on a gold DATE is a true positive; a prediction on a gold
  TIME/DURATION/SET expression is neither right nor wrong (``find_dates`` only claims dates); a
  prediction on no gold expression is a false positive; an unmatched gold DATE a false negative.
- value: exact ISO value match over all gold DATE expressions (``value_acc``, a gold expression not
  found counts as wrong) and over the found ones (``value_acc_found``). Gold values written in
  conventions ``find_dates`` never produces (``PRESENT_REF``/``PAST_REF``/``FUTURE_REF``, quarters
  ``1998-Q1``, halves ``H1``, weekends ``-WE``, times of day ``T...``, underspecified ``XX``,
  durations ``P..``) still count as misses but are also counted apart (``gold_nonstandard`` and
  ``nonstd_<kind>``), and ``value_acc_standard`` scores only the gold values it could produce.
  One-digit gold weeks (``2000-W7``) are padded to ISO (``2000-W07``) before comparing.
  A range ("from Aug. 26 to Oct. 20", value "start/end") is split at its joining word into its two
  ends, since TimeML tags each end apart.
  ``value_acc_lenient`` also accepts a predicted interval equal to the gold one (a quarter as
  three months) and a day matching a gold time of that day.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import html
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import PRF, SuiteResult, accuracy

GOLD = Path("gold") / "tempeval3" / "timex3_flat_dev.tsv"
TML = Path("gold") / "tempeval3" / "TBAQ-cleaned"

_TAG = re.compile(r"<(/?)([A-Za-z0-9_]+)([^>]*)>")
_TID = re.compile(r'\btid="([^"]+)"')
_STANDARD = re.compile(r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|\d{4}-W\d{2}|\d{2,3}|\d{4}-(?:SP|SU|FA|WI)|\d{4}/\d{4})$")


def normalise_gold_value(value: str) -> str:
    """TimeBank writes some weeks with one digit ("2000-W7"); ISO (and find_dates) pads them."""
    return re.sub(r"-W(\d)(?=$|-)", r"-W0\1", value.strip())


def nonstandard_kind(value: str) -> str | None:
    """Why a gold value is in a convention ``find_dates`` does not produce (None when it could)."""
    if _STANDARD.match(value):
        return None
    if value.endswith("_REF"):
        return "ref"
    if value.startswith("P"):
        return "duration"
    if "X" in value:
        return "underspecified"
    if re.search(r"-Q\d$", value):
        return "quarter"
    if re.search(r"-H\d$", value):
        return "half"
    if value.endswith("-WE"):
        return "weekend"
    if "T" in value:
        return "time_of_day"
    return "other"


def gold_interval(value: str) -> tuple[dt.date, dt.date] | None:
    """The days a gold value covers, for the lenient comparison (None when not a plain interval)."""
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$", value)
    try:
        if m:
            day = dt.date(int(m[1]), int(m[2]), int(m[3]))
            return day, day
        m = re.match(r"^(\d{4})-Q([1-4])$", value)
        if m:
            year, q = int(m[1]), int(m[2])
            last = 3 * q
            return dt.date(year, last - 2, 1), dt.date(year, last, calendar.monthrange(year, last)[1])
        m = re.match(r"^(\d{4})-H([12])$", value)
        if m:
            year, h = int(m[1]), int(m[2])
            return (dt.date(year, 1, 1), dt.date(year, 6, 30)) if h == 1 else (dt.date(year, 7, 1),
                                                                               dt.date(year, 12, 31))
        m = re.match(r"^(\d{4})-(\d{2})$", value)
        if m:
            year, month = int(m[1]), int(m[2])
            return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
        m = re.match(r"^(\d{4})$", value)
        if m:
            return dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31)
    except ValueError:
        return None
    return None


def read_tml(path: Path) -> tuple[str, dict[str, tuple[int, int]]]:
    """The text inside ``<TEXT>`` without tags, and each TIMEX3 tid's (start, end) in it."""
    raw = path.read_text(encoding="utf-8")
    lo, hi = raw.find("<TEXT>"), raw.find("</TEXT>")
    if lo < 0 or hi < 0:
        return "", {}
    body = raw[lo + len("<TEXT>"):hi]
    parts: list[str] = []
    length = 0
    spans: dict[str, tuple[int, int]] = {}
    open_tid: str | None = None
    open_start = 0
    pos = 0
    for m in _TAG.finditer(body):
        chunk = html.unescape(body[pos:m.start()])
        parts.append(chunk)
        length += len(chunk)
        pos = m.end()
        closing, name = m.group(1) == "/", m.group(2)
        if name != "TIMEX3":
            continue
        if not closing:
            tid = _TID.search(m.group(3))
            open_tid, open_start = (tid.group(1) if tid else None), length
        elif open_tid is not None:
            spans[open_tid] = (open_start, length)
            open_tid = None
    chunk = html.unescape(body[pos:])
    parts.append(chunk)
    return "".join(parts), spans


def _read_gold(data_dir: Path) -> dict[str, list[dict[str, str]]]:
    path = data_dir / GOLD
    if not path.exists():
        raise FileNotFoundError(path)
    docs: dict[str, list[dict[str, str]]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            docs[row["doc"]].append(row)
    return docs


def _tml_path(data_dir: Path, corpus: str, doc: str) -> Path:
    folder = "AQUAINT" if corpus.upper().startswith("AQUAINT") else "TimeBank"
    path = data_dir / TML / folder / doc
    if not path.exists():  # corpus column and folder may disagree: look in both
        for other in ("TimeBank", "AQUAINT"):
            if (data_dir / TML / other / doc).exists():
                return data_dir / TML / other / doc
    return path


def _match(gold: list[tuple[int, int]], predicted: list[tuple[int, int]]) -> dict[int, int]:
    """One-to-one overlap matching, largest overlap first: {gold index: predicted index}."""
    pairs = []
    for gi, (gs, ge) in enumerate(gold):
        for pi, (ps, pe) in enumerate(predicted):
            overlap = min(ge, pe) - max(gs, ps)
            if overlap > 0:
                pairs.append((overlap, gi, pi))
    pairs.sort(key=lambda p: (-p[0], p[1], p[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out: dict[int, int] = {}
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out[gi] = pi
    return out


_RANGE_JOIN = re.compile(r"\s+(?:and|to|until|till|through|thru)\s+|\s*[-\u2013]\s*")
_RANGE_LEAD = re.compile(r"^(?:between|from)\s+", re.I)


def split_ranges(predicted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """TimeML tags each end of "from Aug. 26 to Oct. 20" as its own TIMEX3; ``find_dates`` gives
    one range whose value is "start/end". Score each end against its own gold expression: the
    text is cut at the joining word, the value at the slash."""
    out: list[dict[str, Any]] = []
    for pred in predicted:
        value, text = str(pred.get("value") or ""), str(pred.get("text") or "")
        joins = list(_RANGE_JOIN.finditer(text))
        if pred.get("granularity") != "range" or value.count("/") != 1 or len(joins) != 1:
            out.append(pred)
            continue
        start = int(pred["start"])
        lead = _RANGE_LEAD.match(text)
        first_from = lead.end() if lead else 0
        first_value, last_value = value.split("/")
        join = joins[0]
        out.append({**pred, "text": text[first_from:join.start()], "start": start + first_from,
                    "end": start + join.start(), "value": first_value})
        out.append({**pred, "text": text[join.end():], "start": start + join.end(), "end": int(pred["end"]),
                    "value": last_value})
    return out


def _lenient(gold_value: str, pred: dict[str, Any]) -> bool:
    if pred["value"] == gold_value:
        return True
    interval = gold_interval(gold_value)
    if interval is None or not pred.get("date_start") or not pred.get("date_end"):
        return False
    return (str(pred["date_start"]), str(pred["date_end"])) == (interval[0].isoformat(), interval[1].isoformat())


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    docs = _read_gold(data_dir)
    names = list(docs)
    if limit:
        names = names[:limit]
    extent = PRF()
    n_gold = correct = found = correct_found = lenient = 0
    n_standard = correct_standard = 0
    unaligned = 0
    nonstd: Counter[str] = Counter()
    misses: list[dict[str, Any]] = []
    scored_docs = 0
    for name in names:
        rows = docs[name]
        path = _tml_path(data_dir, rows[0]["corpus"], name)
        if not path.exists():
            raise FileNotFoundError(path)
        text, spans = read_tml(path)
        gold_spans: list[tuple[int, int]] = []
        gold_rows: list[dict[str, str]] = []
        for row in rows:
            span = spans.get(row["tid"])
            if span is None:
                unaligned += 1
                continue
            gold_spans.append(span)
            gold_rows.append(row)
        scored_docs += 1
        predicted = split_ranges(dyadwatch.find_dates(text, published=rows[0]["dct"][:10]))  # DCT may carry a time
        pred_spans = [(int(p["start"]), int(p["end"])) for p in predicted]
        matched = _match(gold_spans, pred_spans)
        matched_preds = set(matched.values())
        for gi, row in enumerate(gold_rows):
            if row["type"] != "DATE":
                continue
            n_gold += 1
            gold_value = normalise_gold_value(row["value"])
            kind = nonstandard_kind(gold_value)
            if kind:
                nonstd[kind] += 1
            else:
                n_standard += 1
            pi = matched.get(gi)
            pred = predicted[pi] if pi is not None else None
            context = text[max(0, gold_spans[gi][0] - 60):gold_spans[gi][1] + 60].replace("\n", " ")
            if pred is None:
                extent.fn += 1
                misses.append({"id": f"{name}#{row['tid']}", "text": context, "gold": f"{row['text']} = {gold_value}",
                               "got": None, "kind": "not_found" + (f"/nonstandard:{kind}" if kind else ""),
                               "dct": row["dct"]})
                continue
            extent.tp += 1
            found += 1
            ok = pred["value"] == gold_value
            correct += ok
            correct_found += ok
            correct_standard += ok and not kind
            lenient += _lenient(gold_value, pred)
            if not ok:
                misses.append({"id": f"{name}#{row['tid']}", "text": context, "gold": f"{row['text']} = {gold_value}",
                               "got": f"{pred['text']} = {pred['value']}",
                               "kind": "value" + (f"/nonstandard:{kind}" if kind else ""), "dct": row["dct"]})
        for pi, pred in enumerate(predicted):
            if pi in matched_preds:
                gi = next(g for g, p in matched.items() if p == pi)
                if gold_rows[gi]["type"] != "DATE":
                    misses.append({"id": f"{name}#{gold_rows[gi]['tid']}", "text": pred["text"],
                                   "gold": f"{gold_rows[gi]['text']} = {gold_rows[gi]['value']} "
                                           f"({gold_rows[gi]['type']}, not scored)",
                                   "got": f"{pred['text']} = {pred['value']}", "kind": "non_date_gold",
                                   "dct": rows[0]["dct"]})
                continue
            extent.fp += 1
            s, e = pred_spans[pi]
            misses.append({"id": f"{name}@{s}", "text": text[max(0, s - 60):e + 60].replace("\n", " "),
                           "gold": None, "got": f"{pred['text']} = {pred['value']}", "kind": "spurious",
                           "dct": rows[0]["dct"]})
    result = SuiteResult(name="tempeval", items=n_gold, precision=extent.precision, recall=extent.recall,
                         f1=extent.f1, misses=misses)
    result.figures.update({
        "value_acc": accuracy(correct, n_gold),
        "value_acc_found": accuracy(correct_found, found),
        "value_acc_standard": accuracy(correct_standard, n_standard),
        "value_acc_lenient": accuracy(lenient, n_gold),
        "gold_dates": n_gold,
        "found": found,
        "spurious": extent.fp,
        "gold_nonstandard": sum(nonstd.values()),
        **{f"nonstd_{k}": v for k, v in sorted(nonstd.items())},
        "documents": scored_docs,
    })
    result.notes.append(f"{scored_docs} documents; find_dates run on each TimeML <TEXT> (tags stripped) with the "
                        "document creation time as published; gold spans taken from the TimeML files")
    result.notes.append("extent P/R/F1 over gold DATE expressions (overlap match); predictions on gold "
                        "TIME/DURATION/SET expressions are not counted either way")
    if unaligned:
        result.notes.append(f"{unaligned} gold rows had no TIMEX3 span in their TimeML file and were skipped")
    if nonstd:
        result.notes.append("gold values in conventions find_dates never writes (counted as misses): "
                            + ", ".join(f"{k}={v}" for k, v in nonstd.most_common()))
    return result
