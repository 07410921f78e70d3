"""PLOVER gold-standard records (PLOVER_GSR_dev.json): event type, source/target actors and mode.

Each gold record is one sentence from the CAMEO manual hand-coded to PLOVER 0.5 (Open Event Data
Alliance, CC BY-SA 4.0). The sentence alone goes to ``dyadwatch.code_text``; the prediction for the
record is the highest-confidence event coded from it (any mode), or nothing.

Scoring choices (stated here so that the figures can be read):

* Gold types are translated to the PLOVER types dyadwatch codes (``GOLD_TYPE``): DEMAND->REQUEST,
  DISAPPROVE->ACCUSE, FIGHT->ASSAULT, and INVESTIGATE->ACCUSE (the manual allows ACCUSE or
  CONSULT; the current PLOVER codebook files investigations under ACCUSE "investigate", so we
  pick ACCUSE). The one DOCUMENT record is not an event and is left out.
* Type: macro-F1 over the gold types present (the suite's ``f1``), per-type F1 as ``f1_<TYPE>``,
  micro precision (correct / records with a prediction) and recall (correct / records).
  A sentence that carries two gold events (it happens a few times) can only match one of them
  through the top event; ``any_event_type_acc`` shows whether the gold type is among *any* of the
  events coded from the sentence.
* PLOVER 0.5 files an announced intention under AGREE, a threat under THREATEN and a refusal under
  REJECT, while dyadwatch's own ``type`` is the action itself with a modality ("will visit" =
  CONSULT planned, "threatened to ban" = COERCE threatened). The product also emits each event's
  category under PLOVER's convention (``plover_event``, from ``dyadwatch.events.plover``; it is
  what PLOVER-shaped exports carry), and that is what is scored against PLOVER gold here.
  ``type_acc_raw`` scores dyadwatch's own ``type`` instead, for comparison.
* ``f1_with_classifier``: macro-F1 when the learned sentence classifier (``events.classifier``,
  trained on silver synthetic stories only) arbitrates between the events the rules coded for the
  sentence (rule confidence + 1.0 x classifier probability); it never adds events. It is reported,
  not the default: the gain is small (see ``benchmarks/type_classifier.py``).
* Actors: the gold ``code`` is an ISO3 country code, or a transnational code (IGO, NGO, IMG =
  international militarised group), with two legacy codes fixed (JAP->JPN, ITL->ITA). The gold
  ``sector`` is split into its first three letters (the primary role: GOV, REB, CVL, ...) and an
  ignored remainder (ethnic/religious refinements: ``CVLalb``, ``REBkur``, ``GOVMOS``); the
  primary role is mapped onto dyadwatch's sector codes with ``GOLD_SECTOR`` (below). No sector
  means the state as a whole, which dyadwatch codes as sector None. ``***`` (coder left it
  unknown), ELI (elites, no dyadwatch equivalent) and UAF (unidentified armed forces) are not
  scored for sector. Transnational gold actors are right on country when dyadwatch gives no
  country or an IGO/NGO sector, and right on sector when dyadwatch's sector is the family one
  (IGO/NGO for IGO and NGO -- the gold files Amnesty and the Red Cross under IGO -- REB for IMG)
  or the mapped gold sector. The *first* predicted source (target) of the top event is compared
  with every gold source (target): compound gold actors list their members in no set order.
  Records without a gold source (target) are not counted; a record with no predicted actor
  counts as wrong. ``*_coded`` figures count only records where dyadwatch produced that actor.
* Mode: the gold ``mode`` field is PLOVER 0.5's event *sub-mode* (visit, phone, arrest,
  heavy-weapons, ...), not modality; no gold sub-mode maps onto dyadwatch's modality
  (actual/negated/planned/threatened/hypothetical), so none is translated. The GSR codes only
  events that took place -- promises are AGREE, threats THREATEN, refusals REJECT -- so on
  records whose type matched, the expected modality is ``actual``: ``mode_acc`` is the share of
  type-matched records whose top event is actual. ``submode_acc`` compares the gold sub-mode with
  the PLOVER mode the public CAMEO->PLOVER table (reference/plover/CAMEO2PLOVER-2021.txt, when
  present) gives for dyadwatch's CAMEO code, on type-matched records whose gold sub-mode is one
  that table uses for that type (PLOVER 0.5 and 2021 sub-modes only partly coincide).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import PRF, SuiteResult, accuracy, macro_f1
from dyadwatch.events.classifier import RERANK_WEIGHT, default_classifier

NAME = "plover_gsr"
GOLD_FILE = Path("gold") / "plover_gsr" / "PLOVER_GSR_dev.json"
CAMEO2PLOVER = Path("reference") / "plover" / "CAMEO2PLOVER-2021.txt"
DEFAULT_DATE = "2000-01-01"

# PLOVER 0.5 type names in the gold -> the PLOVER types dyadwatch codes.
GOLD_TYPE = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "FIGHT": "ASSAULT", "INVESTIGATE": "ACCUSE"}

# Diagnostic only: the PLOVER 0.5 type an intention, threat or refusal is filed under.

# Legacy / non-ISO3 country codes in the gold -> ISO 3166-1 alpha-3.
GOLD_COUNTRY = {"JAP": "JPN", "ITL": "ITA"}

# Transnational gold codes: accepted dyadwatch sectors when the gold gives none of its own.
TRANSNATIONAL = {"IGO": {"IGO", "NGO"}, "NGO": {"NGO", "IGO"}, "IMG": {"REB"}}

# Gold primary sector (first three letters) -> dyadwatch sector; None = not scored.
# Codes not listed are the same in both schemes (GOV MIL REB PTY SPY COP LEG JUD CVL OPP BUS EDU).
GOLD_SECTOR: dict[str, str | None] = {
    "MED": "HLH",   # PLOVER/CAMEO MED = medical; dyadwatch HLH (dyadwatch MED = media)
    "JRN": "MED",   # journalists -> dyadwatch MED (media)
    "REF": "CVL",   # refugees: dyadwatch folds REF into civilians
    "LAB": "CVL",   # labour: folded into civilians
    "AGR": "CVL",   # agriculture: folded into civilians
    "CIV": "CVL",   # a typo for CVL in one record
    "MOS": "REL",   # religious group used as the primary role (Moslem fundamentalists)
    "CHR": "REL",
    "SOC": "NGO",   # social / civil-society organisation (a municipal association)
    "ELI": None,    # elites: no dyadwatch equivalent
    "UAF": None,    # unidentified armed forces
    "***": None,    # coder left it unknown
}


def _gold_actors(value: Any) -> list[dict[str, Any]]:
    """The gold actor list; '', 'diplomatic', None and [] all mean no actor."""
    if not isinstance(value, list):
        return []
    return [a for a in value if isinstance(a, dict) and a.get("code")]


def _norm_gold_actor(actor: dict[str, Any]) -> tuple[str, str | None, set[str | None] | None]:
    """(code, ISO3 country or None, accepted dyadwatch sectors or None when unscored)."""
    code = GOLD_COUNTRY.get(actor["code"], actor["code"])
    raw = actor.get("sector")
    country = None if code in TRANSNATIONAL else code
    if raw is None or raw == "":
        sectors: set[str | None] | None = set(TRANSNATIONAL[code]) if code in TRANSNATIONAL else {None}
        return code, country, sectors
    primary = raw[:3].upper() if raw != "***" else "***"
    mapped = GOLD_SECTOR.get(primary, primary)
    if mapped is None:
        return code, country, None
    sectors = {mapped}
    if code in TRANSNATIONAL:
        sectors |= TRANSNATIONAL[code]
    return code, country, sectors


def _country_ok(code: str, country: str | None, got: dict[str, Any]) -> bool:
    if code in TRANSNATIONAL:
        return got.get("country") is None or got.get("sector") in ("IGO", "NGO")
    return got.get("country") == country


def _score_actor(golds: list[dict[str, Any]], got: dict[str, Any] | None) -> tuple[bool, bool | None, bool | None]:
    """(country right, sector right or None if unscored, both right or None) vs any gold member."""
    if got is None:
        scored = any(_norm_gold_actor(g)[2] is not None for g in golds)
        return False, (False if scored else None), (False if scored else None)
    c_ok = s_ok_any = both_any = False
    s_scored = False
    for g in golds:
        code, country, sectors = _norm_gold_actor(g)
        c = _country_ok(code, country, got)
        c_ok = c_ok or c
        if sectors is not None:
            s_scored = True
            s = got.get("sector") in sectors
            s_ok_any = s_ok_any or s
            both_any = both_any or (c and s)
    if not s_scored:
        return c_ok, None, None
    return c_ok, s_ok_any, both_any


def _load_cameo2plover(path: Path) -> dict[str, tuple[str, str]]:
    """CAMEO code -> (PLOVER type, PLOVER mode) from the public 2021 conversion table."""
    table: dict[str, tuple[str, str]] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        m = re.match(r"^(\d{2,4}):\s*(.*)$", line)
        if not m:
            continue
        parts = [p.strip() for p in m.group(2).split(",")]
        if parts and parts[0]:
            table[m.group(1)] = (parts[0].upper(), parts[1].lower() if len(parts) > 1 else "")
    return table


def _fmt_actor(a: dict[str, Any] | None) -> str | None:
    if a is None:
        return None
    return f"{a.get('id')}({a.get('country')}/{a.get('sector')})"


def _fmt_gold(golds: list[dict[str, Any]]) -> str:
    return "+".join(f"{g.get('actorText')}({g.get('code')}/{g.get('sector')})" for g in golds)


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    path = Path(data_dir) / GOLD_FILE
    if not path.exists():
        raise FileNotFoundError(path)
    records = [r for r in json.loads(path.read_text(encoding="utf-8"))
               if r.get("text") and r.get("event") and r.get("event") != "DOCUMENT"]
    if limit is not None:
        records = records[:limit]
    cameo2plover = _load_cameo2plover(Path(data_dir) / CAMEO2PLOVER)
    submodes_by_type: dict[str, set[str]] = {}
    for ptype, pmode in cameo2plover.values():
        if pmode:
            submodes_by_type.setdefault(ptype, set()).add(pmode)

    result = SuiteResult(name=NAME, items=len(records))
    per_type: dict[str, PRF] = {}
    rerank_per_type: dict[str, PRF] = {}  # the learned classifier arbitrating between the rules' events
    classifier = default_classifier()
    correct = predicted = any_match = raw_ok = 0
    mode_n = mode_ok = sub_n = sub_ok = 0
    modes_on_match: Counter[str] = Counter()
    # actor tallies: role -> [n, country_ok, sector_n, sector_ok, both_n, both_ok, coded_n, coded_both_ok]
    tallies = {role: [0] * 8 for role in ("src", "tgt")}

    for rec in records:
        gold_type = GOLD_TYPE.get(rec["event"], rec["event"])
        events = dyadwatch.code_text(rec["text"], published=rec.get("date") or DEFAULT_DATE)
        top = max(events, key=lambda e: e["confidence"]) if events else None
        if events:
            proba = classifier.predict_proba(rec["text"])
            reranked = max(events, key=lambda e: e["confidence"] + RERANK_WEIGHT * proba.get(e["plover_event"], 0.0))
            rerank_per_type.setdefault(gold_type, PRF())
            rerank_per_type.setdefault(reranked["plover_event"], PRF())
            if reranked["plover_event"] == gold_type:
                rerank_per_type[gold_type].tp += 1
            else:
                rerank_per_type[reranked["plover_event"]].fp += 1
                rerank_per_type[gold_type].fn += 1
        else:
            rerank_per_type.setdefault(gold_type, PRF()).fn += 1
        got_type = top["plover_event"] if top else None
        per_type.setdefault(gold_type, PRF())
        if got_type is not None:
            predicted += 1
            per_type.setdefault(got_type, PRF())
        if got_type == gold_type:
            correct += 1
            per_type[gold_type].tp += 1
        else:
            per_type[gold_type].fn += 1
            if got_type is not None:
                per_type[got_type].fp += 1
            kind = "no event coded" if top is None else f"{rec['event']}->{got_type}"
            result.misses.append({"id": rec["id"], "text": rec["text"], "gold": gold_type, "got": got_type,
                                  "kind": f"type: {kind}",
                                  "trigger": top["trigger"]["text"] if top else None,
                                  "cameo": top["cameo"] if top else None,
                                  "all_events": [f"{e['type']}/{e['cameo']}/{e['mode']}" for e in events]})
        if any(e["plover_event"] == gold_type for e in events):
            any_match += 1
        if top is not None and top["type"] == gold_type:
            raw_ok += 1

        # modality and sub-mode, on type-matched records
        if top is not None and got_type == gold_type:
            mode_n += 1
            modes_on_match[top["mode"]] += 1
            if top["mode"] == "actual" or top["plover_event"] != top["type"]:
                # an announced intention or a threat is PLOVER's AGREE / THREATEN itself
                mode_ok += 1
            else:
                result.misses.append({"id": rec["id"], "text": rec["text"], "gold": "actual", "got": top["mode"],
                                      "kind": f"mode: {gold_type} coded {top['mode']}",
                                      "trigger": top["trigger"]["text"]})
            gold_sub = (rec.get("mode") or "").strip().lower()
            if gold_sub and gold_sub in submodes_by_type.get(gold_type, set()):
                sub_n += 1
                got_sub = cameo2plover.get(top["cameo"], ("", ""))[1]
                if got_sub == gold_sub:
                    sub_ok += 1
                else:
                    result.misses.append({"id": rec["id"], "text": rec["text"], "gold": gold_sub,
                                          "got": f"{got_sub or '-'} (cameo {top['cameo']})",
                                          "kind": f"submode: {gold_type} {gold_sub}"})

        # actors
        for role, gold_key, got_key in (("src", "source", "sources"), ("tgt", "target", "targets")):
            golds = _gold_actors(rec.get(gold_key))
            if not golds:
                continue
            got = top[got_key][0] if top and top[got_key] else None
            c_ok, s_ok, both = _score_actor(golds, got)
            t = tallies[role]
            t[0] += 1
            t[1] += c_ok
            if s_ok is not None:
                t[2] += 1
                t[3] += s_ok
                t[4] += 1
                t[5] += bool(both)
                if got is not None:
                    t[6] += 1
                    t[7] += bool(both)
            if not c_ok or s_ok is False:
                if got is None:
                    kind = "no event" if top is None else f"no {gold_key}"
                elif not c_ok:
                    kind = "country"
                else:
                    kind = "sector"
                result.misses.append({"id": rec["id"], "text": rec["text"], "gold": _fmt_gold(golds),
                                      "got": _fmt_actor(got), "kind": f"{gold_key}: {kind}",
                                      "got_text": got.get("text") if got else None})

    n = len(records)
    micro_p = correct / predicted if predicted else 0.0
    micro_r = correct / n if n else 0.0
    result.precision = micro_p
    result.recall = micro_r
    result.f1 = macro_f1(per_type)
    result.figures["f1_with_classifier"] = round(macro_f1(rerank_per_type), 4)
    figs = result.figures
    figs["type_acc"] = accuracy(correct, n)
    figs["micro_f1"] = 2 * micro_p * micro_r / (micro_p + micro_r) if micro_p + micro_r else 0.0
    figs["coded_share"] = accuracy(predicted, n)
    figs["any_event_type_acc"] = accuracy(any_match, n)
    figs["type_acc_raw"] = accuracy(raw_ok, n)
    for label in sorted(per_type):
        if per_type[label].tp + per_type[label].fn > 0:
            figs[f"f1_{label}"] = per_type[label].f1
    for role, t in tallies.items():
        figs[f"{role}_items"] = t[0]
        figs[f"{role}_country_acc"] = accuracy(t[1], t[0])
        figs[f"{role}_sector_acc"] = accuracy(t[3], t[2])
        figs[f"{role}_country_sector_acc"] = accuracy(t[5], t[4])
        figs[f"{role}_country_sector_acc_coded"] = accuracy(t[7], t[6])
    figs["mode_items"] = mode_n
    figs["mode_acc"] = accuracy(mode_ok, mode_n)
    figs["submode_items"] = sub_n
    figs["submode_acc"] = accuracy(sub_ok, sub_n)
    result.notes.append("gold types mapped DEMAND->REQUEST, DISAPPROVE->ACCUSE, FIGHT->ASSAULT, "
                        "INVESTIGATE->ACCUSE; prediction = highest-confidence event (any mode)")
    result.notes.append("mode_acc: expected modality 'actual' on type-matched records (gold mode is a "
                        "PLOVER sub-mode, not modality); modes seen there: "
                        + ", ".join(f"{k}={v}" for k, v in sorted(modes_on_match.items())))
    if not cameo2plover:
        result.notes.append(f"submode_acc not computed: {CAMEO2PLOVER} not found")
    return result
