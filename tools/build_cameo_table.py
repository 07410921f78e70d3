#!/usr/bin/env python3
"""Build dyadwatch's CAMEO code table (src/dyadwatch/events/data/cameo.tsv).

Inputs (read-only reference data, never copied into the repository):

* ``<reference>/cameo/CAMEO_codefile.txt`` -- CAMEO code labels (``LABEL: 042= ...``
  lines; the two-digit roots appear only as ``//04= CONSULT`` comment lines).
* ``<reference>/plover/CAMEO2PLOVER-2021.txt`` -- the official CAMEO -> PLOVER
  conversion table (``042: CONSULT, visit, <context> # <label>``).
* ``<reference>/ngec/PLOVER_structured_codebook_updated.csv`` -- optional; only used
  to warn about (type, mode) pairs that the PLOVER codebook does not define.

Output: one row per CAMEO code (2, 3 and 4 digit) with columns
``code  label  plover  plover_mode``, preceded by ``#`` comment lines that say where
the facts come from and how gaps were filled.

Usage::

    python tools/build_cameo_table.py [REFERENCE_DIR] [--out PATH]

REFERENCE_DIR defaults to ``../shared/data/reference`` (relative to the current
directory, i.e. run it from the repository root).  Standard library only.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "events" / "data" / "cameo.tsv"

# Spelling slips in the CAMEO code file's labels, corrected in our table.
LABEL_FIXES = {
    "Apolgize": "Apologize",
    "adminstrative": "administrative",
    "Ostruct": "Obstruct",
    "commment": "comment",
}

# Mode values in the conversion table that are not PLOVER modes of the row's type.
# code -> (value in the table, value we write, reason)
MODE_FIXES = {
    "085": ("ease", "", "the table itself notes that 'ease' is no longer a mode"),
    "175": ("pro_autocracy", "", "a context value sits in the mode column"),
    "1321": ("political", "rights", "THREATEN has no 'political' mode; the codebook's "
             "'rights' mode is 'threaten to restrict civil rights such as speech'"),
    "1712": ("seize", "destroy", "ASSAULT has no 'seize' mode; the codebook's ASSAULT "
             "'destroy' mode is 'destroy property'"),
}

# Modes the codebook CSV lacks but the PLOVER manual's score table lists.
EXTRA_MODES = {("COERCE", "martial-law")}

ROOT_RE = re.compile(r"^//\s*(\d{2})\s*[:=]\s*(.+?)\s*$")
LABEL_RE = re.compile(r"^LABEL(i|I)?:\s*([0-9A-Za-z]+)\s*=\s*(.*?)\s*$")
PLOVER_RE = re.compile(r"^(\d{2,4})\s*:\s*(.*?)\s*$")


def _fix_label(text: str) -> str:
    for wrong, right in LABEL_FIXES.items():
        text = text.replace(wrong, right)
    return text


def read_codefile(path: Path) -> dict[str, str]:
    """Return {code: label}.  Plain LABEL lines win over LABELi (ICEWS variants);
    among lines of the same kind the last one wins (later lines correct earlier ones).
    Variant codes that are not all digits (``0811i``, ``13y``) are ignored."""
    plain: dict[str, str] = {}
    variant: dict[str, str] = {}
    roots: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        m = ROOT_RE.match(line)
        if m:
            roots[m.group(1)] = m.group(2).strip().capitalize()
            continue
        m = LABEL_RE.match(line)
        if not m:
            continue
        is_variant, code, label = m.group(1), m.group(2), m.group(3)
        if not code.isdigit():
            continue
        (variant if is_variant else plain)[code] = label
    labels = dict(roots)
    for code, label in variant.items():
        labels.setdefault(code, label)
    labels.update(plain)
    return {code: _fix_label(label) for code, label in labels.items()}


def read_plover_table(path: Path):
    """Return (entries, headers).

    entries: {code: (type, mode)} for 3- and 4-digit codes (first entry wins if a
    code is listed twice); headers: {root: [type, ...]} from the two-digit lines."""
    entries: dict[str, tuple[str, str]] = {}
    headers: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("~"):
            continue
        m = PLOVER_RE.match(line)
        if not m:
            continue
        code, rest = m.group(1), m.group(2)
        body = rest.split("#", 1)[0]
        fields = [f.strip() for f in body.split(",")]
        ptype = fields[0].upper()
        if len(code) == 2:
            headers.setdefault(code, []).append(ptype)
            continue
        mode = fields[1].lower() if len(fields) > 1 else ""
        if code in entries:
            continue
        entries[code] = (ptype, mode)
    return entries, headers


def read_codebook_modes(path: Path) -> set[tuple[str, str]] | None:
    if not path.exists():
        return None
    pairs = set()
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            pairs.add((row["event"].strip().upper(), (row.get("mode") or "").strip().lower()))
    return pairs | EXTRA_MODES


def build(reference: Path):
    labels = read_codefile(reference / "cameo" / "CAMEO_codefile.txt")
    entries, headers = read_plover_table(reference / "plover" / "CAMEO2PLOVER-2021.txt")
    codebook = read_codebook_modes(reference / "ngec" / "PLOVER_structured_codebook_updated.csv")

    notes: list[str] = []
    for code, (old, new, _why) in MODE_FIXES.items():
        if code in entries and entries[code][1] == old:
            entries[code] = (entries[code][0], new)

    codes = sorted(set(labels) | set(entries))
    rows = []
    how = {"table": 0, "root": 0, "appeal": 0, "parent": 0, "none": 0}
    for code in codes:
        label = labels.get(code, "")
        ptype, mode = "", ""
        if code in entries:
            ptype, mode = entries[code]
            how["table"] += 1
        elif code.startswith("01"):
            how["none"] += 1          # statements: PLOVER drops root 01
        elif code.startswith("02"):
            # PLOVER drops CAMEO 02 (APPEAL); dyadwatch files appeals under REQUEST,
            # using the parallel DEMAND code (02x -> 10x has the same sub-structure).
            twin = "10" + code[2:] if len(code) > 2 else "100"
            ptype, mode = entries.get(twin, ("REQUEST", ""))
            how["appeal"] += 1
        elif len(code) == 2:
            # root: the type of its NN0 entry; else the table's header if unambiguous
            if code + "0" in entries:
                ptype, mode = entries[code + "0"]
            elif len(set(headers.get(code, []))) == 1:
                ptype = headers[code][0]
            how["root"] += 1
        else:
            parent = code[:-1]
            while parent and parent not in entries:
                parent = parent[:-1]
            if parent in entries:
                ptype, mode = entries[parent]
            elif code[:2] + "0" in entries:
                ptype, mode = entries[code[:2] + "0"]
            how["parent"] += 1
            notes.append(f"{code} <- {parent or code[:2] + '0'}")
        if codebook is not None and ptype and mode and (ptype, mode) not in codebook:
            print(f"warning: {code}: mode {mode!r} is not a codebook mode of {ptype}",
                  file=sys.stderr)
        rows.append((code, label, ptype, mode))
    missing_labels = [c for c in codes if not labels.get(c)]
    return rows, how, notes, missing_labels


HEADER = """\
# dyadwatch CAMEO code table: every CAMEO code with its label and its PLOVER event type
# and mode.  Generated by tools/build_cameo_table.py -- edit the script, not this file.
# Sources (public reference data, MIT / CC BY-SA 4.0):
#   labels: CAMEO code file (CAMEO_codefile.txt, CAMEO 0.7b5 with ICEWS 2014 variants);
#           plain LABEL lines win over LABELi variants; spelling slips corrected.
#           Two-digit root labels come from the file's section comments.
#   plover, plover_mode: official CAMEO->PLOVER conversion table (CAMEO2PLOVER-2021.txt,
#           PLOVER manual draft 0.8, Sept 2021): the type and the mode column.
#           The table's context column is not carried over.
# How gaps were filled (codes the conversion table has no row for):
#   - root 01 and 01x (public statements): plover left empty -- PLOVER drops them and
#     dyadwatch does not code them.
#   - root 02 and 02x (appeals): PLOVER drops CAMEO 02; dyadwatch files appeals under
#     REQUEST, copying type and mode from the parallel DEMAND code (02x -> 10x, e.g.
#     0253 -> 1053 REQUEST/yield, 026 -> 106 REQUEST/meet).
#   - other two-digit roots: the type and mode of the root's NN0 row (08 -> 080 CONCEDE,
#     though 084-087 are RETREAT; 18, 19, 20 -> ASSAULT; 19's 191 and 192 are COERCE).
#   - any other code without a row inherits from its nearest parent code that has one
#     ({parent_notes}).
# Corrections to the conversion table's mode column (not PLOVER modes of the type):
{mode_notes}
# Note: the conversion table files 163 (embargo, sanctions) under COERCE and 1712
# (destroy property) under ASSAULT; both kept as the table has them.
"""


def write(rows, notes, out: Path) -> None:
    mode_notes = "\n".join(
        f"#   {code}: {old!r} -> {new!r} ({why})" for code, (old, new, why) in MODE_FIXES.items()
    )
    header = HEADER.format(
        parent_notes=", ".join(notes) if notes else "none",
        mode_notes=mode_notes,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(header)
        fh.write("code\tlabel\tplover\tplover_mode\n")
        for row in rows:
            fh.write("\t".join(row) + "\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("reference", nargs="?", default="../shared/data/reference",
                    help="reference data folder (default: ../shared/data/reference)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help=f"output TSV (default: {DEFAULT_OUT})")
    args = ap.parse_args(argv)
    reference = Path(args.reference)
    if not (reference / "cameo" / "CAMEO_codefile.txt").exists():
        print(f"error: no cameo/CAMEO_codefile.txt under {reference}", file=sys.stderr)
        return 2
    rows, how, notes, missing = build(reference)
    write(rows, notes, Path(args.out))
    print(f"wrote {len(rows)} codes to {args.out}: "
          + ", ".join(f"{k}={v}" for k, v in how.items()))
    if missing:
        print(f"warning: codes without a label: {', '.join(missing)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
