"""PETRARCH-2 gold sets: the "GSR" validation records (real news) and the unit-test records (fictional actors).

Both suites give the coder nothing but the sentence text and the record's date (``published``); the gold
codings are read only for scoring. The GSR predictions are what the product reports as having
happened: actual events, and the statements that planned, threatened, refused or demanded acts are
under the CAMEO/PLOVER convention the product emits as ``plover_event`` (an announced cooperative
act is an AGREE, CAMEO 03; a threat 13; a refusal 12; a demand 10). ``root_f1_actual_only`` leaves
those statements out. The unit suite counts actual events only.

Conventions
-----------
* CAMEO root: the first two digits of a code ("0841" -> "08", "190" -> "19").
* Actor keys for the GSR triples compare at the country level:
  - a Phoenix code that starts with a country (``IRQGOV``, ``USAMIL``, ``PSEGZA``) -> its first three letters;
  - a code for an international or non-state body (prefix IGO, NGO, IMG, MNC, NGM) -> its first six characters
    (``IGOUNOMIL`` -> ``IGOUNO``, ``IMGMUSISI`` -> ``IMGMUS``), i.e. the organisation without its sub-agent;
  - ``---XXX`` (a sector with no known country, e.g. ``---LEG``) -> ``---``; a bare ``---`` or an empty code means
    "no actor" -> ``""``.
  A predicted actor becomes: the Phoenix prefix of our registry id for the handful of international bodies in
  ``PHOENIX_PREFIX`` (UN family -> IGOUNO, ...), else its ISO3 ``country``, else ``---`` (a sector with no
  country, matching gold ``---XXX``). The predicted triple is (first source, first target or "", root), as a
  PETRARCH record would give for the event's first dyad. Because PETRARCH writes one record per dyad of a
  compound actor and we write one event with lists of actors, ``*_expanded`` figures also score every
  (source, target) pair of each predicted event (deduplicated) against the gold codings.
* PLOVER: the gold CAMEO code goes through the product's own CAMEO->PLOVER table
  (``default_lexicon().plover_of``). CAMEO 01x (public statements) has no PLOVER category; those gold codings
  are left out of the PLOVER score (``plover_gold_unmapped``).
* Unit tests: the unit-test verb dictionary is partly WEIS/test-specific (codes 212, 223, 345, 1717, 9xx ...), and
  even its valid-looking codes follow that test dictionary rather than CAMEO's meaning ("restore diplomatic ties"
  is 064, which CAMEO calls "share intelligence"): read the unit figures as agreement with PETRARCH's test
  dictionary, not as CAMEO accuracy. Records whose gold has any code missing from the CAMEO table, and records
  that test PETRARCH's error handling (``error=`` codings: bad parse trees, datelines, discards), are not scored;
  the counts are in the figures. Most actors are Middle-earth codes (``FICTIONAL``) that no real registry knows;
  ``*_real_actors`` figures keep the records whose gold actors are all real.
"""

from __future__ import annotations

import datetime as dt
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

import dyadwatch
from dyadwatch.evaluate.base import PRF, SuiteResult, accuracy
from dyadwatch.events.lexicon import default_lexicon

GSR_FILE = Path("gold") / "petrarch2_gsr" / "PETR2_GSR_validation.xml"
UNIT_FILE = Path("gold") / "petrarch2_unit" / "PETR.UnitTest.records.xml"
FALLBACK_DATE = dt.date(2015, 6, 1)
NONSTATE_PREFIXES = ("IGO", "NGO", "IMG", "MNC", "NGM")
# our registry ids for international bodies -> the six-character Phoenix prefix PETRARCH gives them
PHOENIX_PREFIX = {
    "UN": "IGOUNO", "UNSC": "IGOUNO", "UNHCR": "IGOUNO", "UNICEF": "IGOUNO", "WFP": "IGOUNO",
    "OCHA": "IGOUNO", "WHO": "IGOUNO", "UNAMI": "IGOUNO", "EU": "IGOEUR", "ARL": "IGOMEA",
    "ISIS": "IMGMUS", "AQ": "IMGMUS", "ICRC": "NGOHLH", "AMNESTY": "NGOHRI", "HRW": "NGOHRI",
}
# the Middle-earth actor codes of PETRARCH's unit-test dictionary (ERI is Eriador, FRO Frodo, not Eritrea/Faroes)
FICTIONAL = frozenset({
    "ARN", "GON", "MOR", "ERI", "OSG", "BRE", "HOB", "CAL", "ITH", "FOR", "DOL", "DAG", "SHR", "ROH", "FRO",
    "BIL", "SAM", "ORC", "MRG", "ELF", "ELR", "GAL", "HGW", "GMW", "RHO", "ZBW", "NZE", "KUW", "XYZ",
})
NEGATION = re.compile(r"\b(?:not|never)\b|n't\b", re.IGNORECASE)


# --------------------------------------------------------------------------- shared helpers


@dataclass
class Record:
    id: str
    text: str
    date: dt.date
    category: str
    codings: list[dict[str, str]]  # eventcode/sourcecode/targetcode of each gold coding
    noevents: bool = False
    error: str | None = None
    comments: list[str] = field(default_factory=list)


def _date(value: str | None) -> dt.date:
    digits = re.sub(r"\D", "", value or "")
    if len(digits) == 8:
        try:
            return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
        except ValueError:
            pass
    return FALLBACK_DATE


def _clean(text: str) -> str:
    return " ".join(text.split())


def root(code: str | None) -> str:
    return (code or "").strip()[:2]


def gold_actor_key(code: str | None) -> str:
    code = (code or "").strip().upper()
    if not code or code.strip("-") == "":
        return ""
    if code.startswith("---"):
        return "---"
    if code.startswith(NONSTATE_PREFIXES):
        return code[:6]
    return code[:3]


def predicted_actor_key(actor: dict[str, Any] | None) -> str:
    if not actor:
        return ""
    alias = PHOENIX_PREFIX.get(str(actor.get("id") or ""))
    if alias:
        return alias
    return str(actor.get("country") or "---")


def _actual(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e.get("mode") == "actual"]


# The CAMEO root of a statement of intent, threat, refusal or demand: what CAMEO (like PLOVER)
# codes when an actor announces, threatens, refuses or demands an act rather than doing it.
STATEMENT_ROOTS = {"AGREE": "030", "THREATEN": "130", "REJECT": "120", "REQUEST": "100"}


def _reported(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """What the product reports as having happened: actual events, plus the statements that
    non-actual events are under the CAMEO/PLOVER convention (``plover_event``): "will attack" is a
    threat made (13), "would not provide support" a refusal (12), "wants X to" a demand (10)."""
    found = []
    for event in events:
        if event.get("mode") == "actual":
            found.append(event)
        elif event.get("plover_event") in STATEMENT_ROOTS and event.get("plover_event") != event.get("type"):
            found.append({**event, "cameo": STATEMENT_ROOTS[event["plover_event"]], "type": event["plover_event"]})
    return found


def _brief(event: dict[str, Any]) -> dict[str, Any]:
    return {"type": event.get("type"), "cameo": event.get("cameo"), "mode": event.get("mode"),
            "confidence": event.get("confidence"),
            "sources": [a.get("id") for a in event.get("sources") or []],
            "targets": [a.get("id") for a in event.get("targets") or []],
            "trigger": (event.get("trigger") or {}).get("text")}


def _code(record: Record, actor_files: tuple[Path, ...] = ()) -> list[dict[str, Any]]:
    return dyadwatch.code_text(record.text, published=record.date, actor_files=actor_files)


VALIDATION_ACTORS = Path("reference") / "petrarch2_dictionaries" / "PETR.Validate.actors.txt"


def validation_actor_file(data_dir: Path, out_dir: Path) -> Path | None:
    """PETRARCH's own validation actor dictionary (Arnor, Gondor, Bilbo ... and some real names),
    written as a dyadwatch actor file, so that the unit records test event coding rather than
    whether our registry knows Middle-earth. Codes become ids; a code that starts with an ISO3
    country of ours keeps that country. Returns None when the dictionary is absent."""
    source = Path(data_dir) / VALIDATION_ACTORS
    if not source.exists():
        return None
    from dyadwatch.actors.registry import default_registry

    countries = default_registry().countries
    text = re.sub(r"<!--.*?-->", "", source.read_text(encoding="utf-8", errors="replace"), flags=re.S)
    entries: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        codes = re.findall(r"\[([^\]]*)\]", line)
        name = re.sub(r"\[[^\]]*\]", "", line).strip()
        if raw[:1] in (" ", "\t") and not name:
            if current is not None and codes and not current.get("code"):
                current["code"] = codes[0].split()[0]
            continue
        if name.startswith("+"):
            if current is not None:
                current["aliases"].append(name[1:].replace("_", " ").strip())
            continue
        current = {"name": name.replace("_", " ").strip(), "aliases": [], "code": codes[0].split()[0] if codes else ""}
        entries.append(current)
    organisations = []
    for i, entry in enumerate(entries):
        code = re.sub(r"[^A-Z0-9]", "", entry["code"].upper())
        if not code or not entry["name"]:
            continue
        country = code[:3] if code[:3] in countries else None
        organisations.append({"id": f"PETRVAL_{i}_{code}", "name": entry["name"].title(), "country": country,
                              "sector": None, "aliases": [entry["name"], *entry["aliases"]]})
    out = Path(out_dir) / "petrarch_validation_actors.yaml"
    out.write_text(yaml.safe_dump({"version": "petrarch-validation", "organisations": organisations},
                                  allow_unicode=True), encoding="utf-8")
    return out


def _triple(event: dict[str, Any]) -> tuple[str, str, str]:
    sources, targets = event.get("sources") or [], event.get("targets") or []
    return (predicted_actor_key(sources[0] if sources else None),
            predicted_actor_key(targets[0] if targets else None), root(event.get("cameo")))


def _expanded(event: dict[str, Any]) -> list[tuple[str, str, str]]:
    """One (source, target, root) per dyad of the event, as PETRARCH writes compound actors."""
    sources: list[dict[str, Any] | None] = list(event.get("sources") or []) or [None]
    targets: list[dict[str, Any] | None] = list(event.get("targets") or []) or [None]
    code = root(event.get("cameo"))
    seen: dict[tuple[str, str, str], None] = {}
    for s in sources:
        for t in targets:
            if s and t and s.get("id") == t.get("id"):
                continue  # an actor is not its own partner
            seen.setdefault((predicted_actor_key(s), predicted_actor_key(t), code))
    return list(seen) or [_triple(event)]


# --------------------------------------------------------------------------- GSR validation records


_ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def _attrs(tag: str) -> dict[str, str]:
    return dict(_ATTR.findall(tag))


def _conllu_text(parse: str) -> str:
    out: list[str] = []
    for line in parse.splitlines():
        cols = line.split("\t")
        if len(cols) >= 10 and cols[0].isdigit():
            out.append(cols[1] + ("" if "SpaceAfter=No" in cols[9] else " "))
    return "".join(out).strip()


def read_gsr(path: Path) -> list[Record]:
    raw = path.read_text(encoding="utf-8")
    records: list[Record] = []
    for chunk in raw.split("<Sentence ")[1:]:
        head = chunk.split(">", 1)[0]
        attrs = _attrs(head)
        body = chunk[len(head) + 1:]
        comments = [_clean(c) for c in re.findall(r"<!--(.*?)-->", body, re.S)]
        body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
        text_match = re.search(r"<Text>(.*?)</Text>", body, re.S)
        if not text_match:
            continue
        codings: list[dict[str, str]] = []
        noevents = False
        for tag in re.findall(r"<EventCoding\b([^>]*)>", body[:text_match.start()]):
            a = _attrs(tag)
            if a.get("noevents", "").lower() == "true":
                noevents = True
            elif a.get("eventcode"):
                codings.append({"eventcode": a["eventcode"], "sourcecode": a.get("sourcecode", ""),
                                "targetcode": a.get("targetcode", "")})
        text = _clean(text_match.group(1))
        if not text:  # one record has an empty <Text>: rebuild the sentence from its CoNLL-U tokens
            parse = re.search(r"<Parse>(.*?)</Parse>", body, re.S)
            text = _conllu_text(parse.group(1)) if parse else ""
        records.append(Record(id=attrs.get("id", f"gsr-{len(records)}"), text=text,
                              date=_date(attrs.get("date")), category=attrs.get("category", ""),
                              codings=codings, noevents=noevents and not codings, comments=comments))
    return records


def run_petrarch2_gsr(data_dir: Path, limit: int | None = None) -> SuiteResult:
    path = Path(data_dir) / GSR_FILE
    if not path.exists():
        raise FileNotFoundError(path)
    records = read_gsr(path)
    if limit is not None:
        records = records[:limit]
    lexicon = default_lexicon()

    def plover(code: str) -> str:
        entry = lexicon.plover_of(code)
        return entry.plover if entry else ""

    roots, triples, plovers = PRF(), PRF(), PRF()
    roots_x, triples_x = PRF(), PRF()
    roots_unnegated, triples_unnegated = PRF(), PRF()  # PETRARCH's own reading: any mode but negated
    roots_actual = PRF()  # actual-mode events only, statements left out
    scored_events: list[tuple[float, bool]] = []  # (confidence, root matched) per predicted actual event
    plover_unmapped = noevents_total = noevents_clean = 0
    predicted_nonactual: Counter[str] = Counter()
    result = SuiteResult(name="petrarch2_gsr", items=len(records))

    for rec in records:
        events = _code(rec)
        actual = _reported(events)
        predicted_nonactual.update(e.get("mode", "?") for e in events if e.get("mode") != "actual")
        gold_roots = [root(c["eventcode"]) for c in rec.codings]
        roots_actual.add(gold_roots, (root(e.get("cameo")) for e in _actual(events)))
        gold_triples = [(gold_actor_key(c["sourcecode"]), gold_actor_key(c["targetcode"]), root(c["eventcode"]))
                        for c in rec.codings]
        gold_plover = []
        for c in rec.codings:
            p = plover(c["eventcode"])
            if p:
                gold_plover.append(p)
            else:
                plover_unmapped += 1

        missed, spurious = roots.add(gold_roots, (root(e.get("cameo")) for e in actual))
        t_missed, t_spurious = triples.add(gold_triples, (_triple(e) for e in actual))
        p_missed, p_spurious = plovers.add(gold_plover, (e.get("type") for e in actual if e.get("type")))
        roots_x.add(gold_roots, (t[2] for e in actual for t in _expanded(e)))
        triples_x.add(gold_triples, (t for e in actual for t in _expanded(e)))
        unnegated = [e for e in events if e.get("mode") != "negated"]
        roots_unnegated.add(gold_roots, (root(e.get("cameo")) for e in unnegated))
        triples_unnegated.add(gold_triples, (_triple(e) for e in unnegated))

        # which predicted events were right at root level: the most confident ones get the matches
        available = Counter(gold_roots)
        for e in sorted(actual, key=lambda e: -float(e.get("confidence") or 0.0)):
            r = root(e.get("cameo"))
            hit = available[r] > 0
            if hit:
                available[r] -= 1
            scored_events.append((float(e.get("confidence") or 0.0), hit))

        if not rec.codings:
            noevents_total += 1
            noevents_clean += not actual
        if missed or spurious or t_missed or t_spurious or p_missed or p_spurious:
            kinds = []
            if not actual:
                kinds.append("no_actual_event" if not events else "only_nonactual_events")
            elif missed and spurious:
                kinds.append("wrong_root")
            elif missed:
                kinds.append("missed_root")
            elif spurious:
                kinds.append("spurious_root")
            if not (missed or spurious) and (t_missed or t_spurious):
                kinds.append("wrong_actors")
            if not (missed or spurious) and (p_missed or p_spurious):
                kinds.append("wrong_plover")
            result.misses.append({
                "id": rec.id, "category": rec.category, "text": rec.text, "kind": ",".join(kinds),
                "gold": ["noevents"] if not rec.codings else rec.codings,
                "got": [_brief(e) for e in events],
                "missed": missed, "spurious": spurious,
                "triple_missed": [list(t) for t in t_missed], "triple_spurious": [list(t) for t in t_spurious],
                "plover_missed": p_missed, "plover_spurious": p_spurious,
            })

    result.precision, result.recall, result.f1 = roots.precision, roots.recall, roots.f1
    ranked = sorted(scored_events, key=lambda x: -x[0])  # stable: ties keep coding order
    half = (len(ranked) + 1) // 2
    top, bottom = ranked[:half], ranked[half:]
    result.figures.update({
        "root_p": round(roots.precision, 4), "root_r": round(roots.recall, 4), "root_f1": round(roots.f1, 4),
        "root_tp": roots.tp, "root_fp": roots.fp, "root_fn": roots.fn,
        "triple_p": round(triples.precision, 4), "triple_r": round(triples.recall, 4),
        "triple_f1": round(triples.f1, 4),
        "plover_p": round(plovers.precision, 4), "plover_r": round(plovers.recall, 4),
        "plover_f1": round(plovers.f1, 4), "plover_gold_unmapped": plover_unmapped,
        "root_f1_actual_only": round(roots_actual.f1, 4),
        "root_f1_unnegated": round(roots_unnegated.f1, 4), "triple_f1_unnegated": round(triples_unnegated.f1, 4),
        "root_f1_expanded": round(roots_x.f1, 4), "triple_p_expanded": round(triples_x.precision, 4),
        "triple_r_expanded": round(triples_x.recall, 4), "triple_f1_expanded": round(triples_x.f1, 4),
        "conf_top_p": round(accuracy(sum(h for _, h in top), len(top)), 4),
        "conf_bottom_p": round(accuracy(sum(h for _, h in bottom), len(bottom)), 4),
        "conf_top_n": len(top), "conf_bottom_n": len(bottom),
        "conf_split": round(top[-1][0], 3) if top else 0.0,
        "gold_codings": sum(len(r.codings) for r in records),
        "predicted_actual": len(scored_events),
        "noevents_sentences": noevents_total, "noevents_correct": round(accuracy(noevents_clean, noevents_total), 4),
        "sentences_with_misses": len(result.misses),
    })
    result.figures.update({f"predicted_mode_{m}": n for m, n in sorted(predicted_nonactual.items())})
    result.notes.append("root P/R/F1 over actual events and statements (CAMEO/PLOVER convention); actors compare "
                        "at country level (see module doc)")
    result.notes.append("*_unnegated: PETRARCH's reading, which codes planned and conditional events too")
    return result


# --------------------------------------------------------------------------- unit-test records


def read_unit(path: Path) -> list[Record]:
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))
    root_el = ET.parse(path, parser=parser).getroot()
    records: list[Record] = []
    for s in root_el.iter("Sentence"):
        codings: list[dict[str, str]] = []
        noevents, error = False, None
        for e in s.findall("EventCoding"):
            if e.get("error"):
                error = e.get("error")
            elif (e.get("noevents") or "").strip().lower() == "true":
                noevents = True
            elif e.get("eventcode"):
                codings.append({"eventcode": e.get("eventcode", ""), "sourcecode": e.get("sourcecode", ""),
                                "targetcode": e.get("targetcode", "")})
        comments = [_clean(c.text or "") for c in s if c.tag is ET.Comment]  # type: ignore[comparison-overlap]
        records.append(Record(id=s.get("id", f"unit-{len(records)}"), text=_clean(s.findtext("Text") or ""),
                              date=_date(s.get("date")), category=(s.get("category") or "").strip(),
                              codings=codings, noevents=noevents and not codings, error=error, comments=comments))
    return records


def unit_tags(rec: Record) -> set[str]:
    """The categories a record is scored under: its own category plus negation/passive/compound/noevents."""
    note = " ".join(rec.comments).lower()
    tags = {rec.category.lower().rstrip("x")} if rec.category else set()
    if NEGATION.search(rec.text) or "negat" in note:
        tags.add("negation")
    if rec.id.upper().startswith(("PASSIVE", "PASV")) or "passive" in note:
        tags.add("passive")
    if rec.category.upper().startswith("COMPOUND") or rec.id.upper().startswith("COMPOUND"):
        tags.add("compound")
    if rec.noevents:
        tags.add("noevents")
    codes = [c[k].strip() for c in rec.codings for k in ("sourcecode", "targetcode")]
    if rec.codings and not any(code[:3] in FICTIONAL or code.startswith('"') for code in codes):
        tags.add("real_actors")
    return tags


def run_petrarch2_unit(data_dir: Path, limit: int | None = None) -> SuiteResult:
    path = Path(data_dir) / UNIT_FILE
    if not path.exists():
        raise FileNotFoundError(path)
    records = read_unit(path)
    if limit is not None:
        records = records[:limit]
    workdir = tempfile.TemporaryDirectory(prefix="dyadwatch-petrval-")
    validation = validation_actor_file(Path(data_dir), Path(workdir.name))
    actor_files = (validation,) if validation is not None else ()
    cameo_codes = set(default_lexicon().cameo)
    result = SuiteResult(name="petrarch2_unit", items=0)
    skipped: Counter[str] = Counter()
    roots = PRF()
    correct = set_correct = coded = coded_actual = real_coded = 0
    by_tag: dict[str, list[int]] = {}  # tag -> [correct, total]
    noevents_total = noevents_clean = 0
    negated_9xx = negated_9xx_clean = 0

    for rec in records:
        gold_roots = [root(c["eventcode"]) for c in rec.codings]
        if rec.error:
            skipped["error_records"] += 1
            continue
        if not rec.codings and not rec.noevents:
            skipped["no_gold"] += 1
            continue
        if any(c["eventcode"] not in cameo_codes for c in rec.codings):
            skipped["noncameo_gold"] += 1
            # PETRARCH's negation tests code "will not clash" with test codes 904-908: a non-event for PLOVER
            if NEGATION.search(rec.text) and any(c["eventcode"][:2] == "90" for c in rec.codings):
                negated_9xx += 1
                negated_9xx_clean += not _actual(_code(rec, actor_files))
            continue

        events = _code(rec, actor_files)
        actual = _actual(events)
        pred_roots = [root(e.get("cameo")) for e in actual]
        missed, spurious = roots.add(gold_roots, pred_roots)
        ok = not missed and not spurious
        result.items += 1
        correct += ok
        set_correct += set(gold_roots) == set(pred_roots)
        coded += bool(events)
        coded_actual += bool(actual)
        if rec.noevents:
            noevents_total += 1
            noevents_clean += not actual
        tags = unit_tags(rec)
        real_coded += "real_actors" in tags and bool(actual)
        for tag in tags:
            tally = by_tag.setdefault(tag, [0, 0])
            tally[0] += ok
            tally[1] += 1
        if not ok:
            if not events:
                kind = "no_event"
            elif not actual:
                kind = "only_nonactual"
            elif not gold_roots:
                kind = "spurious_on_noevents"
            elif missed and spurious:
                kind = "wrong_root"
            else:
                kind = "missed_root" if missed else "spurious_root"
            result.misses.append({
                "id": rec.id, "category": rec.category, "tags": sorted(tags), "text": rec.text,
                "kind": kind, "gold": ["noevents"] if rec.noevents else rec.codings,
                "got": [_brief(e) for e in events], "missed": missed, "spurious": spurious,
            })

    result.precision, result.recall, result.f1 = roots.precision, roots.recall, roots.f1
    result.figures.update({
        "accuracy": round(accuracy(correct, result.items), 4),
        "accuracy_rootset": round(accuracy(set_correct, result.items), 4),
        "root_p": round(roots.precision, 4), "root_r": round(roots.recall, 4), "root_f1": round(roots.f1, 4),
        "root_tp": roots.tp, "root_fp": roots.fp, "root_fn": roots.fn,
        "coded_share": round(accuracy(coded, result.items), 4),
        "coded_actual_share": round(accuracy(coded_actual, result.items), 4),
        "noevents_n": noevents_total, "noevents_correct": round(accuracy(noevents_clean, noevents_total), 4),
        "coded_actual_share_real_actors": round(accuracy(real_coded, by_tag.get("real_actors", [0, 0])[1]), 4),
        "records_read": len(records),
        "skipped_noncameo_gold": skipped["noncameo_gold"], "skipped_error_records": skipped["error_records"],
        "skipped_no_gold": skipped["no_gold"],
        "negated_9xx_n": negated_9xx,
        "negated_9xx_no_actual": round(accuracy(negated_9xx_clean, negated_9xx), 4),
    })
    for tag in ("negation", "passive", "compound"):
        by_tag.setdefault(tag, [0, 0])
    for tag, (ok_n, total) in sorted(by_tag.items()):
        if tag == "noevents":
            continue
        result.figures[f"acc_{tag}"] = round(accuracy(ok_n, total), 4)
        result.figures[f"n_{tag}"] = total
    result.notes.append("actors from PETRARCH's validation dictionary (Arnor, Gondor...) are added for this suite "
                        "through code_text(actor_files=...)" if actor_files else
                        "PETR.Validate.actors.txt not found: fictional actors stay unknown and those sentences uncoded")
    result.notes.append("records with WEIS/test-only gold codes (not in the CAMEO table) and error-handling records "
                        "are skipped; see skipped_* figures")
    result.notes.append("gold codes follow PETRARCH's test verb dictionary, not CAMEO semantics (064 = restore ties)")
    return result
