"""Throughput: dyadwatch end to end (parse + code) beside the bare spaCy pipeline, same texts, same run.

Prints docs/s and words/s for both and their ratio. Reads the Guardian corpus from the shared
reference data beside the project (never copied into the repository).
"""

from __future__ import annotations

import argparse
import csv
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "corpora" / "guardian_isis_sdf.csv"


def load_texts(path: Path, limit: int | None) -> list[str]:
    csv.field_size_limit(50_000_000)
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        column = next((c for c in ("text", "body", "content", "article") if c in (reader.fieldnames or [])), None)
        if column is None:
            raise SystemExit(f"no text column in {path} (columns: {reader.fieldnames})")
        texts = [row[column] for row in reader if (row.get(column) or "").strip()]
    return texts[:limit] if limit else texts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}")
        return 2
    import spacy

    from dyadwatch.nlp.pipeline import MODEL_PACKAGE
    from dyadwatch.pipeline import Pipeline
    from dyadwatch.records import Document

    texts = load_texts(args.corpus, args.limit)
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {args.corpus.name}, {len(texts)} documents, {words} words")

    bare = spacy.load(MODEL_PACKAGE)
    list(bare.pipe(texts[:2]))
    start = time.perf_counter()
    for _ in bare.pipe(texts, batch_size=32):
        pass
    bare_s = time.perf_counter() - start

    pipeline = Pipeline()
    list(pipeline.code([Document(text=t) for t in texts[:2]]))
    start = time.perf_counter()
    events = 0
    for coded in pipeline.code(Document(text=t) for t in texts):
        events += len(coded.events)
    ours_s = time.perf_counter() - start

    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{'pipeline':34} {'seconds':>8} {'docs/s':>8} {'words/s':>9}")
    for name, seconds in (("bare spaCy, full small pipeline", bare_s), ("dyadwatch end to end", ours_s)):
        print(f"{name:34} {seconds:8.1f} {len(texts) / seconds:8.2f} {words / seconds:9.0f}")
    print(f"ratio dyadwatch / bare spaCy speed: {bare_s / ours_s:.2f}; events coded: {events}; "
          f"peak RSS {peak_mb:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
