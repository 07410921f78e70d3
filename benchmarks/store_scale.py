"""The store at scale: p50/p95 of the typical queries on synthetic event tables of 1M and 10M events.

The tables are generated as in ``api_latency.py`` (skewed dyads, the coder's type and mode mix,
places around towns of the theatre, template sentences; see its docstring), straight into DuckDB.
The queries run on the store itself (``dyadwatch.store.Store``), without the HTTP layer, each
REPEAT times after one warm-up:

    python benchmarks/store_scale.py                       # 1M and 10M (10M: ~3.5 GB on disk)
    python benchmarks/store_scale.py --sizes 1000000 --keep /tmp/scale
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dyadwatch.store.database import EventFilter, Store

HERE = Path(__file__).resolve().parent


def _builder() -> Callable[[Path, int], None]:
    spec = importlib.util.spec_from_file_location("api_latency", HERE / "api_latency.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.build  # type: ignore[no-any-return]


QUERIES: list[tuple[str, Callable[[Store], Any]]] = [
    ("dyad series IRQ–SYR, by month", lambda s: s.dyad_periods("IRQ", "SYR", "month")),
    ("dyad events IRQ–SYR, first page", lambda s: s.events_page(EventFilter(dyad=("IRQ", "SYR")), limit=50)),
    ("filtered list: type + quarter", lambda s: s.events_page(
        EventFilter(type="ASSAULT", since=dt.date(2023, 1, 1), until=dt.date(2023, 3, 31)), limit=50)),
    ("filtered list: merged, by confidence", lambda s: s.events_page(
        EventFilter(mode="actual"), merged=True, order="confidence", descending=True, limit=50)),
    ("text search, two words", lambda s: s.events_page(EventFilter(), words=("delegation", "border"), limit=50)),
    ("network edges, one month", lambda s: s.network_edges(dt.date(2023, 3, 1), dt.date(2023, 3, 31))),
    ("overview (totals, quad series, tops)", lambda s: s.overview()),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000, 10_000_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="build (or reuse) the databases in this folder")
    args = parser.parse_args()

    build = _builder()
    workdir = tempfile.TemporaryDirectory(prefix="dyadwatch-scale-")
    folder = args.keep or Path(workdir.name)
    folder.mkdir(parents=True, exist_ok=True)
    results: dict[int, dict[str, tuple[float, float]]] = {}
    for size in args.sizes:
        db = folder / f"events_{size}.duckdb"
        if not db.exists():
            started = time.perf_counter()
            build(db, size)
            print(f"built {size:,} events in {time.perf_counter() - started:.0f} s: "
                  f"{db.stat().st_size / 1e9:.2f} GB")
        results[size] = {}
        with Store(db, read_only=True) as store:
            for label, query in QUERIES:
                query(store)
                times = []
                for _ in range(args.repeat):
                    began = time.perf_counter()
                    query(store)
                    times.append((time.perf_counter() - began) * 1000)
                times.sort()
                results[size][label] = (statistics.median(times),
                                        times[min(len(times) - 1, round(0.95 * len(times)) - 1)])
    header = "".join(f"{f'{size // 1_000_000}M p50':>10}{f'{size // 1_000_000}M p95':>10}" for size in args.sizes)
    print(f"{'query (ms)':<40}{header}")
    for label, _ in QUERIES:
        row = "".join(f"{results[size][label][0]:10.1f}{results[size][label][1]:10.1f}" for size in args.sizes)
        print(f"{label:<40}{row}")


if __name__ == "__main__":
    main()
