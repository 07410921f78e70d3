"""The PETRARCH-2 suites run end to end on a few records and return well-formed results (no accuracy bar yet)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyadwatch.evaluate import run_suite
from dyadwatch.evaluate.suites.petrarch2 import (
    gold_actor_key,
    predicted_actor_key,
    run_petrarch2_gsr,
    run_petrarch2_unit,
)


def _check_common(result, name: str) -> None:
    assert result.name == name
    assert result.items > 0
    for value in (result.precision, result.recall, result.f1):
        assert value is not None and 0.0 <= value <= 1.0
    for miss in result.misses:
        assert {"id", "text", "gold", "got", "missed", "spurious"} <= miss.keys()


def test_gsr_structure(shared_data: Path) -> None:
    result = run_petrarch2_gsr(shared_data, limit=15)
    _check_common(result, "petrarch2_gsr")
    assert result.items == 15
    for key in ("root_f1", "triple_p", "triple_r", "triple_f1", "plover_p", "plover_r", "plover_f1",
                "conf_top_p", "conf_bottom_p"):
        assert key in result.figures
        assert 0.0 <= float(result.figures[key]) <= 1.0


def test_unit_structure(shared_data: Path) -> None:
    result = run_petrarch2_unit(shared_data, limit=15)
    _check_common(result, "petrarch2_unit")
    for key in ("accuracy", "root_f1", "coded_share", "noevents_correct", "acc_negation", "acc_passive",
                "acc_compound"):
        assert key in result.figures
        assert 0.0 <= float(result.figures[key]) <= 1.0


def test_registered_in_harness(shared_data: Path) -> None:
    assert run_suite("petrarch2_gsr", shared_data, limit=2).items == 2
    assert run_suite("petrarch2_unit", shared_data, limit=3).name == "petrarch2_unit"


def test_missing_data_raises(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        run_petrarch2_gsr(tmp_path)
    with pytest.raises(FileNotFoundError):
        run_petrarch2_unit(tmp_path)


def test_actor_keys() -> None:
    assert gold_actor_key("IRQGOV") == "IRQ"
    assert gold_actor_key("IGOUNOMIL") == "IGOUNO"
    assert gold_actor_key("---LEG") == "---"
    assert gold_actor_key("---") == ""
    assert predicted_actor_key({"id": "UN", "country": None}) == "IGOUNO"
    assert predicted_actor_key({"id": "IRQGOV", "country": "IRQ"}) == "IRQ"
    assert predicted_actor_key(None) == ""
