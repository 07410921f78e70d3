"""Run suites, print one table, write every miss to JSON."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from dyadwatch.evaluate import SUITES, SuiteResult, default_data_dir, run_suite


def _fmt(value: object) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def results_table(results: list[SuiteResult]) -> Table:
    table = Table(title="dyadwatch evaluation", show_lines=True)
    for col in ("suite", "items", "P", "R", "F1", "figures"):
        table.add_column(col, justify="right" if col in ("items", "P", "R", "F1") else "left")
    for r in results:
        figures = ", ".join(f"{k}={_fmt(v)}" for k, v in r.figures.items())
        table.add_row(r.name, str(r.items), _fmt(r.precision), _fmt(r.recall), _fmt(r.f1), figures)
    return table


def evaluate(suites: list[str], data_dir: Path, limit: int | None, json_path: Path | None,
             console: Console) -> list[SuiteResult]:
    results = []
    for name in suites:
        start = time.perf_counter()
        try:
            result = run_suite(name, data_dir, limit)
        except FileNotFoundError as exc:
            result = SuiteResult(name=name, items=0, notes=[f"skipped: {exc}"])
        result.figures["seconds"] = round(time.perf_counter() - start, 1)
        results.append(result)
        console.print(f"[dim]{name}: {result.items} items in {result.figures['seconds']} s[/]")
        for note in result.notes:
            console.print(f"  [dim]{note}[/]")
    console.print(results_table(results))
    if json_path:
        json_path.write_text(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=1,
                                        default=str), encoding="utf-8")
        console.print(f"every miss written to {json_path}")
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dyadwatch.evaluate", description=__doc__)
    parser.add_argument("--suite", action="append", choices=list(SUITES),
                        help="suite to run (repeatable; default: all)")
    parser.add_argument("--json", type=Path, default=Path("evaluation_misses.json"),
                        help="where to write every miss (default: evaluation_misses.json)")
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default ../shared/data)")
    parser.add_argument("--limit", type=int, default=None, help="at most N items per suite (a quick check)")
    parser.add_argument("--full-parse", action="store_true",
                        help="tag and parse every sentence (default: only those the first pass keeps, as ingest does)")
    args = parser.parse_args(argv)
    if args.full_parse:
        import dyadwatch

        dyadwatch.use_first_pass(False)
    data_dir = args.data or default_data_dir()
    if not data_dir.exists():
        print(f"reference data not found at {data_dir}; set DYADWATCH_SHARED or pass --data")
        return 2
    evaluate(args.suite or list(SUITES), data_dir, args.limit, args.json, Console(width=160))
    return 0
