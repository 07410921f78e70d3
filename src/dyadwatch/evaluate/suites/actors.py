"""Actor resolution cases from the NGEC/POLECAT coder's tests (ngec_actors/, MIT).

``actor_tests_dev.jsonl``: a short text (+ a date) -> ISO3 country and sector code. Each text goes
to ``dyadwatch.resolve_actor(text, date=...)``; country and sector are compared with the test's
expectation. ``coactor_tests.jsonl``: compound actors ("Russians and Belorussians") that the
coder should split; scored separately through ``dyadwatch.code_text`` (below).

How the NGEC tests are read (stated so the figures can be interpreted):

* Methods ``agent_to_code``, ``search_nat`` and ``short_text_to_agent`` give a country (``country``
  or ``cc``) and/or a sector (``code_1``, optional second code ``code_2``). A key that is absent is
  not scored; an empty value means "none": no country (a generic agent) or no sector (a state as
  a whole), which dyadwatch expresses as None. ``country`` "IGO" means an international
  organisation: right when dyadwatch gives no country or an IGO/NGO sector; its sector, when the
  test gives none, is expected to be IGO or NGO. ``country NotEq`` X: right when dyadwatch's
  country is not X. A sector is right when it equals the mapped ``code_1`` or ``code_2``
  (dyadwatch holds one sector: "Defense Minister" GOV+MIL accepts either).
* NGEC sector codes mapped onto dyadwatch's (``NGEC_SECTOR``): MED (medical) -> HLH, JRN
  (journalists) -> MED, REF/LAB/AGR/CRM -> CVL (dyadwatch folds refugees, labour, farmers and
  criminals into civilians), PRM (paramilitary) -> MIL or REB (dyadwatch files state-aligned
  paramilitaries under MIL, armed groups under REB), UNK -> no sector. ELI (former officials and
  elites), PRE (partially recognised state) and ``????`` have no dyadwatch equivalent and are
  not scored.
* Dates: the third argument or ``query_date``; "today" or empty -> no date. A second argument is
  the country context NGEC passes with the phrase (e.g. "German" for "Defense Minister"); it is
  put in front of the text ("German Defense Minister"), since ``resolve_actor`` takes text only.
  One test swaps its fields (country "LEG", code_1 "COL"); it is read the right way round.
* Tests expecting no result (``result Is`` None, or an empty expectation) are scored apart as
  ``none_acc``: right when ``resolve_actor`` returns None. ``query_wiki`` tests (text -> Wikipedia
  title) have no country or sector; ``wiki_name_acc`` reports, as a rough guide, whether
  dyadwatch's actor ``person`` or ``name`` equals the title (case and accents ignored).

Figures: ``country_acc``, ``sector_acc``, ``country_sector_acc`` (tests scoring both),
``resolved_share`` (tests with a country or sector expectation that got any actor), ``none_acc``,
``wiki_name_acc``, ``coactor_acc``. precision/recall/f1 are None: this is a lookup accuracy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime
from pathlib import Path
from typing import Any

import dyadwatch
from dyadwatch.evaluate.base import SuiteResult, accuracy

NAME = "actors"
GOLD_DIR = Path("gold") / "ngec_actors"
TESTS_FILE = GOLD_DIR / "actor_tests_dev.jsonl"
COACTOR_FILE = GOLD_DIR / "coactor_tests.jsonl"
COACTOR_PUBLISHED = "2021-10-01"

# NGEC sector code -> the dyadwatch sectors accepted for it; None = not scored.
NGEC_SECTOR: dict[str, set[str | None] | None] = {
    "MED": {"HLH"},
    "JRN": {"MED"},
    "REF": {"CVL"},
    "LAB": {"CVL"},
    "AGR": {"CVL"},
    "CRM": {"CVL"},
    "PRM": {"MIL", "REB"},
    "UNK": {None},
    "": {None},
    "ELI": None,
    "PRE": None,
    "????": None,
}
SECTORS = {"GOV", "MIL", "REB", "PTY", "SPY", "COP", "LEG", "JUD", "IGO", "NGO", "CVL", "OPP", "BUS", "MED",
           "EDU", "REL", "HLH"}
INTERNATIONAL = "IGO"


def _date(value: Any) -> str | None:
    """ISO date from the test's date argument; 'today' and '' give None."""
    if not value or not isinstance(value, str) or value.strip().lower() == "today":
        return None
    text = value.strip()
    for fmt in ("%Y-%m-%d", "%B %d, %Y", "%d %B %Y", "%d %b %Y"):
        try:
            return datetime.strptime(text.title() if "%B" in fmt or "%b" in fmt else text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def _sector_set(code: str) -> set[str | None] | None:
    if code in NGEC_SECTOR:
        return NGEC_SECTOR[code]
    return {code} if code in SECTORS else None


def _expectation(test: dict[str, Any]) -> dict[str, Any]:
    """Normalise one NGEC test to {text, date, country?, country_not?, sectors?, none?}."""
    args = list(test.get("args") or [])
    kwargs = test.get("kwargs") or {}
    expect = dict(test.get("expect") or {})
    text = args[0] if args else ""
    context = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
    if context.strip():
        text = context.strip() + " " + re.sub(r"^(the|The)\s+", "", text)
    date = _date(kwargs.get("query_date")) or _date(args[2] if len(args) > 2 else None)
    out: dict[str, Any] = {"text": text, "date": date}
    if "result Is" in expect or (not expect and test.get("method") == "agent_to_code"):
        out["none"] = True
        return out
    if "cc" in expect:
        expect["country"] = expect.pop("cc")
    country, code_1 = expect.get("country"), expect.get("code_1")
    if isinstance(country, str) and country in SECTORS and isinstance(code_1, str) and re.fullmatch(r"[A-Z]{3}",
                                                                                                    code_1):
        if code_1 not in SECTORS:  # fields swapped in the test
            expect["country"], expect["code_1"] = code_1, country
    if "country" in expect:
        out["country"] = expect["country"]
    if "country NotEq" in expect:
        out["country_not"] = expect["country NotEq"]
    if "code_1" in expect:
        accepted = _sector_set(expect["code_1"])
        if accepted is not None and expect.get("code_2"):
            extra = _sector_set(expect["code_2"])
            if extra:
                accepted = accepted | extra
        if accepted is not None:
            out["sectors"] = accepted
    elif out.get("country") == INTERNATIONAL:
        out["sectors"] = {"IGO", "NGO"}
    return out


def _country_ok(exp: dict[str, Any], got: dict[str, Any] | None) -> bool | None:
    g_country = got.get("country") if got else None
    g_sector = got.get("sector") if got else None
    if "country_not" in exp:
        return g_country != exp["country_not"]
    if "country" not in exp:
        return None
    want = exp["country"]
    if want == INTERNATIONAL:
        return got is not None and (g_country is None or g_sector in ("IGO", "NGO"))
    if want == "":
        return g_country is None
    return g_country == want


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold().strip()


def _run_coactors(path: Path, result: SuiteResult, limit: int | None) -> tuple[int, int]:
    tests = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit is not None:
        tests = tests[:limit]
    n = ok = 0
    for test in tests:
        expected = test.get("expected_co_actors")
        phrase = test.get("actor_phrase")
        if not expected or not phrase:
            continue
        n += 1
        events = dyadwatch.code_text(test["text"], published=COACTOR_PUBLISHED)
        best: list[dict[str, Any]] = []
        for e in events:
            for group in (e.get("sources") or [], e.get("targets") or []):
                texts = [_fold(a.get("text") or "") for a in group]
                if any(t and (t in _fold(phrase) or _fold(phrase) in t) for t in texts) and len(group) > len(best):
                    best = group
        got_texts = [a.get("text") or "" for a in best]
        remaining = list(got_texts)
        matched = 0
        for exp in expected:
            for cand in remaining:
                if _fold(cand) and (_fold(cand) in _fold(exp) or _fold(exp) in _fold(cand)):
                    remaining.remove(cand)
                    matched += 1
                    break
        good = matched == len(expected) and len(got_texts) == len(expected)
        ok += good
        if not good:
            kind = "coactor: phrase not found in any coded event" if not best else "coactor: wrong split"
            result.misses.append({"id": test.get("test"), "text": test["text"], "gold": expected, "got": got_texts,
                                  "kind": kind, "phrase": phrase})
    return n, ok


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    path = Path(data_dir) / TESTS_FILE
    if not path.exists():
        raise FileNotFoundError(path)
    tests = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit is not None:
        tests = tests[:limit]
    result = SuiteResult(name=NAME, items=len(tests))
    c_n = c_ok = s_n = s_ok = b_n = b_ok = scored = resolved = none_n = none_ok = wiki_n = wiki_ok = 0
    for test in tests:
        test_id = test.get("test")
        if test.get("method") == "query_wiki":
            title = (test.get("expect") or {}).get("title")
            got = dyadwatch.resolve_actor(test["args"][0])
            wiki_n += 1
            names = [got.get("person"), got.get("name")] if got else []
            good = any(_fold(n) == _fold(title or "") for n in names if n)
            wiki_ok += good
            if not good:
                result.misses.append({"id": test_id, "text": test["args"][0], "gold": title,
                                      "got": (got.get("person") or got.get("name")) if got else None,
                                      "kind": "wiki title"})
            continue
        exp = _expectation(test)
        got = dyadwatch.resolve_actor(exp["text"], date=exp["date"])
        got_view = {"id": got.get("id"), "country": got.get("country"), "sector": got.get("sector")} if got else None
        if exp.get("none"):
            none_n += 1
            none_ok += got is None
            if got is not None:
                result.misses.append({"id": test_id, "text": exp["text"], "gold": None, "got": got_view,
                                      "kind": "resolved, expected nothing"})
            continue
        c = _country_ok(exp, got)
        s = (got.get("sector") if got else None) in exp["sectors"] if "sectors" in exp else None
        if c is None and s is None:
            continue
        scored += 1
        resolved += got is not None
        if c is not None:
            c_n += 1
            c_ok += c
        if s is not None:
            s_n += 1
            s_ok += s
        if c is not None and s is not None:
            b_n += 1
            b_ok += c and s
        if c is False or s is False:
            wrong = [w for w, bad in (("country", c is False), ("sector", s is False)) if bad]
            kind = "unresolved" if got is None else "wrong " + "+".join(wrong)
            gold = {k: (sorted(x or "-" for x in v) if isinstance(v, set) else v)
                    for k, v in exp.items() if k in ("country", "country_not", "sectors")}
            result.misses.append({"id": test_id, "text": exp["text"], "date": exp["date"], "gold": gold,
                                  "got": got_view, "kind": kind})

    figs = result.figures
    figs["country_acc"] = accuracy(c_ok, c_n)
    figs["sector_acc"] = accuracy(s_ok, s_n)
    figs["country_sector_acc"] = accuracy(b_ok, b_n)
    figs["resolved_share"] = accuracy(resolved, scored)
    figs["scored_items"] = scored
    figs["none_items"] = none_n
    figs["none_acc"] = accuracy(none_ok, none_n)
    figs["wiki_items"] = wiki_n
    figs["wiki_name_acc"] = accuracy(wiki_ok, wiki_n)
    co_path = Path(data_dir) / COACTOR_FILE
    if co_path.exists():
        co_n, co_ok = _run_coactors(co_path, result, limit)
        figs["coactor_items"] = co_n
        figs["coactor_acc"] = accuracy(co_ok, co_n)
    else:
        result.notes.append(f"coactor tests skipped: {co_path} not found")
    result.notes.append("NGEC sectors mapped MED->HLH, JRN->MED, REF/LAB/AGR/CRM->CVL, PRM->MIL|REB, UNK->none; "
                        "ELI, PRE, ???? not scored")
    return result
