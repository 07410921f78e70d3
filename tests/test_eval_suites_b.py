"""Structure of the plover_gsr, case2021 and actors evaluation suites (scores are not asserted)."""

from __future__ import annotations

import pytest

from dyadwatch.evaluate import run_suite
from dyadwatch.evaluate.suites.case2021 import load_map

MODES = {"actual", "negated", "planned", "threatened", "hypothetical", "*"}
SECTORS = {"GOV", "MIL", "REB", "PTY", "SPY", "COP", "LEG", "JUD", "IGO", "NGO", "CVL", "OPP", "BUS", "MED", "EDU",
           "REL", "HLH", "-"}

EXPECTED = {
    "plover_gsr": ["type_acc", "micro_f1", "coded_share", "any_event_type_acc", "src_country_acc", "src_sector_acc",
                   "src_country_sector_acc", "tgt_country_acc", "tgt_sector_acc", "tgt_country_sector_acc",
                   "mode_acc"],
    "case2021": ["accuracy", "coverage", "covered_acc", "labelled_share", "coded_share"],
    "actors": ["country_acc", "sector_acc", "country_sector_acc", "resolved_share", "none_acc", "wiki_name_acc",
               "coactor_acc"],
}


def _is_count(key: str) -> bool:
    return key == "items" or key.endswith("_items")


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_suite_structure(shared_data, name):
    result = run_suite(name, shared_data, limit=20)
    assert result.name == name
    assert 0 < result.items <= 20
    for key in EXPECTED[name]:
        assert key in result.figures, f"{name}: figure {key} missing"
    for key, value in result.figures.items():
        if _is_count(key):
            assert isinstance(value, int) and value >= 0
        elif isinstance(value, float | int):
            assert 0.0 <= value <= 1.0, f"{name}: {key}={value} outside [0, 1]"
    for score in (result.precision, result.recall, result.f1):
        assert score is None or 0.0 <= score <= 1.0
    for miss in result.misses:
        assert {"id", "text", "gold", "got", "kind"} <= set(miss)


@pytest.mark.shared
def test_plover_gsr_per_type_figures(shared_data):
    result = run_suite("plover_gsr", shared_data, limit=20)
    assert any(key.startswith("f1_") for key in result.figures)
    assert result.f1 is not None


@pytest.mark.shared
def test_actors_reports_no_prf(shared_data):
    result = run_suite("actors", shared_data, limit=20)
    assert result.precision is None and result.recall is None and result.f1 is None


def test_suites_raise_when_data_missing(tmp_path):
    for name in EXPECTED:
        with pytest.raises(FileNotFoundError):
            run_suite(name, tmp_path, limit=1)


def test_case2021_map_is_well_formed():
    from dyadwatch.records import PLOVER_TYPES

    rows = load_map()
    assert rows
    for row in rows:
        assert row.plover_type in PLOVER_TYPES, row
        assert row.cameo_prefix == "" or row.cameo_prefix.isdigit(), row
        assert row.mode in MODES, row
        assert row.subtype and row.subtype.upper() == row.subtype, row
        assert row.source_sectors <= SECTORS and row.target_sectors <= SECTORS, row
