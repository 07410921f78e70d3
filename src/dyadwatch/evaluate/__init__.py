"""Evaluation harness: one suite per gold set in the shared reference data, a shared scorer.

Run ``python -m dyadwatch.evaluate [--suite NAME] [--json PATH]`` or ``dyadwatch evaluate``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

from dyadwatch.evaluate.base import SuiteResult, default_data_dir

# suite name -> module under dyadwatch.evaluate.suites exposing run(data_dir, limit) -> SuiteResult
SUITES: dict[str, str] = {
    "petrarch2_gsr": "petrarch2",
    "petrarch2_unit": "petrarch2",
    "plover_gsr": "plover_gsr",
    "case2021": "case2021",
    "acled": "acled",
    "actors": "actors",
    "tempeval": "tempeval",
    "fa_kes": "fa_kes",
    "seed": "seed",
    "geo": "geo",
    "merge": "merge",
}


def suite_runner(name: str) -> Callable[[Path, int | None], SuiteResult]:
    module = importlib.import_module(f"dyadwatch.evaluate.suites.{SUITES[name]}")
    runner: Callable[[Path, int | None], SuiteResult] = getattr(module, f"run_{name}", None) or module.run
    return runner


def run_suite(name: str, data_dir: Path | None = None, limit: int | None = None) -> SuiteResult:
    if name not in SUITES:
        raise KeyError(f"unknown suite {name!r}; choose from {', '.join(SUITES)}")
    return suite_runner(name)(data_dir or default_data_dir(), limit)


__all__ = ["SUITES", "SuiteResult", "default_data_dir", "run_suite"]
