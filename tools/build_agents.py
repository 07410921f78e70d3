#!/usr/bin/env python3
"""Build ``src/dyadwatch/actors/data/imported_agents.tsv`` from the two public agent dictionaries.

Inputs (MIT licensed, read from the reference folder, never copied into the repo):

* ``petrarch2_dictionaries/Phoenix.agents.txt`` -- the PETRARCH-2 (CAMEO) agent dictionary.
* ``ngec/PLOVER_agents.txt``                     -- the NGEC/POLECAT (PLOVER) agent dictionary.

Both list generic words for kinds of actor ("CATTLE_THIEF {CATTLE_THIEVES} [~CRM]"): a phrase
with ``_`` between words, irregular plurals in braces, and a code of one or more three-letter
blocks. ``!PERSON!``-style names stand for the substitution sets declared at the top of each
file. The two files share most rows but not their vocabularies: in CAMEO ``MED`` is the media and
``HLH`` health; in PLOVER ``MED`` is medical and ``JRN`` the press.

Each code is folded into dyadwatch's sector set (``FOLD`` below); a code with a specific block
(intelligence, police, judiciary, legislature, military, in that order) takes that block, the
way dyadwatch files a defence minister under MIL; otherwise the first block that folds decides. Codes that name
no actor (PLOVER's junk, unknown and "not an actor" rows, unrecognised states) are dropped.
PLOVER rows come first and the CAMEO rows fill in what PLOVER lacks. The curated ``agents.tsv``
is loaded above this table and wins on any shared phrase.

Output columns: ``phrase  sector  code  source``, phrases lowercase with spaces, one row per
phrase (plurals included as their own rows).

Usage: python tools/build_agents.py [--source-dir REFERENCE_DIR] [--out PATH] [--quiet]
Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "data" / "reference"
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "actors" / "data" / "imported_agents.tsv"

SOURCES = (("PLOVER", Path("ngec") / "PLOVER_agents.txt"),
           ("CAMEO", Path("petrarch2_dictionaries") / "Phoenix.agents.txt"))

# Blocks that fold the same way in both vocabularies.
COMMON = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP", "BUS": "BUS", "CVL": "CVL",
    "JUD": "JUD", "COP": "COP", "LEG": "LEG", "EDU": "EDU", "SPY": "SPY", "PTY": "PTY",
    "NGO": "NGO", "IGO": "IGO",
    # criminals, farmers, workers, refugees, elites, "the people": civilians in dyadwatch's set
    "CRM": "CVL", "AGR": "CVL", "LAB": "CVL", "REF": "CVL", "ELI": "CVL", "PPL": "CVL",
    # unidentified or transnational armed groups and radicals are non-state armed actors
    "UAF": "REB", "IMG": "REB", "RAD": "REB",
    # state-aligned paramilitaries sit with the military, as in agents.tsv
    "PRM": "MIL",
    # religions and their branches
    "REL": "REL", "MUS": "REL", "CHR": "REL", "JEW": "REL", "HIN": "REL", "BUD": "REL",
    "CTH": "REL", "PRO": "REL", "ORT": "REL", "SHI": "REL", "SUN": "REL", "JAN": "REL",
    "SIK": "REL", "ATH": "REL", "ALE": "REL", "DRZ": "REL", "MOS": "REL",
    # human-rights, environmental and civil-society groups
    "HRI": "NGO", "ENV": "NGO", "SOC": "NGO",
    # development bodies are state bodies when they stand alone ("development agency")
    "DEV": "GOV",
}
FOLD = {
    "CAMEO": {**COMMON, "MED": "MED", "HLH": "HLH"},
    "PLOVER": {**COMMON, "MED": "HLH", "JRN": "MED"},
}
# Codes that mark a row as no actor at all.
DROP = {"JNK", "NON", "UNK", "PRE"}
# Most specific first: military intelligence is intelligence, military police are police.
SPECIFIC = ("SPY", "COP", "JUD", "LEG", "MIL")

SUBSTITUTION = re.compile(r"^(![A-Z]+!)\s*=\s*(.+)$")
ROW = re.compile(r"^(?P<phrase>[^\[{]+?)\s*(?:\{(?P<plurals>[^}]*)\})?\s*\[(?P<code>[^\]]*)\]")


def fold(code: str, vocabulary: str) -> str | None:
    """dyadwatch sector for a CAMEO/PLOVER agent code, or None when it names no actor."""
    blocks = [code[i:i + 3] for i in range(0, len(code), 3)]
    if not blocks or any(b in DROP for b in blocks) or any(len(b) != 3 for b in blocks):
        return None
    table = FOLD[vocabulary]
    folded = [table[b] for b in blocks if b in table]
    for sector in SPECIFIC:
        if sector in folded:
            return sector
    return folded[0] if folded else None


def phrase_text(raw: str) -> str | None:
    text = raw.replace("_", " ").strip().lower()
    text = re.sub(r"\s+", " ", text)
    if not text or "!" in text or not re.search(r"[a-z]", text):
        return None
    if not all(re.fullmatch(r"[a-z0-9'&.,\-]+", w) for w in text.split()):
        return None  # mis-encoded rows ("pãšblicas") are not worth a guess
    return text.strip(" ,")


def parse(path: Path, vocabulary: str) -> list[tuple[str, str | None, str]]:
    """(phrase, sector, code) rows of one dictionary file, substitutions expanded; the sector is
    None for a row the dictionary marks as no actor."""
    sets: dict[str, list[str]] = {}
    rows: list[tuple[str, str | None, str]] = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = line.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        sub = SUBSTITUTION.match(line.strip())
        if sub:
            sets[sub.group(1)] = [w.strip() for w in sub.group(2).split(",") if w.strip()]
            continue
        found = ROW.match(line.strip())
        if not found:
            continue
        code = found.group("code").strip().lstrip("~").rstrip("~")
        sector = fold(code, vocabulary)
        variants = [found.group("phrase")]
        variants += [p for p in (found.group("plurals") or "").split(",") if p.strip()]
        for variant in variants:
            for expanded in _expand(variant.strip(), sets):
                text = phrase_text(expanded)
                if text:
                    rows.append((text, sector, code))
    return rows


def _expand(phrase: str, sets: dict[str, list[str]]) -> list[str]:
    for name, words in sets.items():
        if name in phrase:
            return [x for w in words for x in _expand(phrase.replace(name, w, 1), sets)]
    return [phrase]


def build(reference: Path) -> list[tuple[str, str, str, str]]:
    table: dict[str, tuple[str, str | None, str, str]] = {}
    for source, relative in SOURCES:
        for phrase, sector, code in parse(reference / relative, source):
            # a phrase PLOVER files as no actor ("men", "group") stays out even where CAMEO codes it
            table.setdefault(phrase, (phrase, sector, code, source))
    return [(p, s, c, src) for p, s, c, src in (table[k] for k in sorted(table)) if s is not None]


HEADER = """# dyadwatch imported agent words -> sector codes. GENERATED by tools/build_agents.py: do not edit.
# Sources: NGEC PLOVER_agents.txt and PETRARCH-2 Phoenix.agents.txt (Open Event Data Alliance /
# NGEC, MIT licence). Codes are folded into dyadwatch's sector set as that script explains; the
# curated agents.tsv is loaded above this table and wins on any shared phrase.
phrase\tsector\tcode\tsource
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_REFERENCE)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    rows = build(args.source_dir)
    body = "".join("\t".join(row) + "\n" for row in rows)
    args.out.write_text(HEADER + body, encoding="utf-8")
    if not args.quiet:
        print(f"{len(rows)} agent phrases written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
