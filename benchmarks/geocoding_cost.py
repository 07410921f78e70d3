"""What geocoding costs inside coding: the place-name finder (a spaCy component after the NER)
and the geocoder (gazetteer lookups for every place name), as shares of the time to code a corpus.

Issue 4 allows geocoding at most 10% of the pipeline's time. Each stage is timed where it runs,
by wrapping its entry point for the length of this script; the pipeline is otherwise the product's.

    .venv/bin/python benchmarks/geocoding_cost.py [--corpus guardian fakes] [--limit N]

Needs ``../shared/data`` (the corpora of ``throughput.py``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import dyadwatch

dyadwatch.prefer_one_blas_thread()

from throughput import CORPORA, read_documents  # noqa: E402


def _timed(owner: type, name: str, spent: dict[str, float], key: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[key] += time.perf_counter() - start

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", nargs="+", choices=sorted(CORPORA), default=["guardian", "fakes"])
    parser.add_argument("--limit", type=int, default=None, help="documents per corpus")
    args = parser.parse_args()

    from dyadwatch.pipeline import Pipeline
    from dyadwatch.places.geocode import Geocoder
    from dyadwatch.places.names import PlaceNames

    spent = {"finder": 0.0, "geocoder": 0.0}
    _timed(PlaceNames, "__call__", spent, "finder")
    _timed(Geocoder, "geocode", spent, "geocoder")
    pipeline = Pipeline()
    print(f"{'corpus':<20} {'docs':>5} {'coding s':>9} {'finder s':>9} {'geocoder s':>11} {'share':>7}")
    for key in args.corpus:
        documents = read_documents(CORPORA[key], args.limit)
        list(pipeline.code(documents[:3]))  # model, registry and gazetteer loaded before timing
        spent.update(finder=0.0, geocoder=0.0)
        start = time.perf_counter()
        for _ in pipeline.code(documents):
            pass
        total = time.perf_counter() - start
        share = (spent["finder"] + spent["geocoder"]) / total
        print(f"{CORPORA[key].name:<20} {len(documents):>5} {total:>9.1f} {spent['finder']:>9.2f} "
              f"{spent['geocoder']:>11.2f} {share:>7.1%}")


if __name__ == "__main__":
    main()
