"""Code the seed article (../shared/data/articles/uneasy_alliance.txt) and print its timeline."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "articles" / "uneasy_alliance.txt"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--article", type=Path, default=DEFAULT)
    parser.add_argument("--published", default="2025-06-01")
    args = parser.parse_args()
    if not args.article.exists():
        print(f"article not found: {args.article} (the shared reference data sits beside the project)")
        return 2
    import dyadwatch

    text = args.article.read_text(encoding="utf-8")
    dyadwatch.code_text("warm up", published=args.published)
    start = time.perf_counter()
    events = dyadwatch.code_text(text, published=args.published)
    elapsed = time.perf_counter() - start
    print(f"{args.article.name}: {len(text.split())} words, {len(events)} events, {elapsed:.2f} s\n")
    print(f"{'date':23} {'source':14} {'type':9} {'cameo':5} {'mode':12} {'target':10} {'claimant':10} evidence")
    for e in sorted(events, key=lambda e: (e["date"], e["trigger"]["start"])):
        date = e["date"] if e["date"] == e["date_end"] else f"{e['date']}..{e['date_end']}"
        date += "*" if e["date_fallback"] else ""
        src = ",".join(a["id"] for a in e["sources"])
        tgt = ",".join(a["id"] for a in e["targets"]) or "-"
        claim = e["claimant"]["id"] if e["claimant"] else "-"
        sentence = " ".join(e["sentence"].split())
        print(f"{date:23} {src:14} {e['type']:9} {e['cameo']:5} {e['mode']:12} {tgt:10} {claim:10} "
              f"[{e['trigger']['text']}] {sentence[:110]}")
    print("\n* no date in the text: publication date used")
    return 0


if __name__ == "__main__":
    sys.exit(main())
