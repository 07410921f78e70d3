"""The seed article: prints (returns) the coded timeline; there is no gold file to score."""

from __future__ import annotations

from pathlib import Path

import dyadwatch
from dyadwatch.evaluate.base import SuiteResult

PUBLISHED = "2025-06-01"


def run(data_dir: Path, limit: int | None = None) -> SuiteResult:
    path = data_dir / "articles" / "uneasy_alliance.txt"
    if not path.exists():
        raise FileNotFoundError(path)
    events = dyadwatch.code_text(path.read_text(encoding="utf-8"), published=PUBLISHED)
    result = SuiteResult(name="seed", items=len(events))
    modes: dict[str, int] = {}
    for e in sorted(events, key=lambda e: e["date"]):
        modes[e["mode"]] = modes.get(e["mode"], 0) + 1
        src = ",".join(a["id"] for a in e["sources"])
        tgt = ",".join(a["id"] for a in e["targets"]) or "-"
        date = e["date"] + ("*" if e["date_fallback"] else "")
        result.notes.append(f"{date:12} {src:12} {e['type']:9} {e['mode']:12} {tgt:8} {e['sentence'][:70]}")
    result.figures.update({f"mode_{k}": v for k, v in sorted(modes.items())})
    result.figures["dated_from_text"] = sum(not e["date_fallback"] for e in events)
    return result
