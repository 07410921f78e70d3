"""Structure checks for the tempeval, acled and fa_kes evaluation suites (need ../shared/data)."""

from __future__ import annotations

import pytest

from dyadwatch.evaluate import run_suite

pytestmark = pytest.mark.shared

RATES = {
    "tempeval": ["value_acc", "value_acc_found", "value_acc_standard", "value_acc_lenient"],
    "acled": ["type_acc", "type_acc_strict", "actor1_country_acc", "actor1_sector_acc", "actor1_acc",
              "date_exact", "date_pm1", "coded_share"],
    "fa_kes": ["date_pm1", "date_exact", "governorate_acc", "governorate_any_acc", "place_share",
               "baseline_anchor_pm1", "anchor_share"],
}
COUNTS = {"tempeval": ["gold_dates", "found", "gold_nonstandard"], "acled": [], "fa_kes": []}


@pytest.mark.parametrize("name", sorted(RATES))
def test_suite_structure(shared_data, name):
    result = run_suite(name, data_dir=shared_data, limit=10)
    assert result.name == name
    assert result.items > 0
    for key in RATES[name]:
        assert key in result.figures, key
        assert 0.0 <= float(result.figures[key]) <= 1.0, (key, result.figures[key])
    for key in COUNTS[name]:
        assert key in result.figures, key
        assert int(result.figures[key]) >= 0
    for value in (result.precision, result.recall, result.f1):
        assert value is None or 0.0 <= value <= 1.0
    for miss in result.misses:
        assert "kind" in miss and "id" in miss
    assert result.to_dict()["name"] == name


def test_acled_limit_is_first_rows(shared_data):
    result = run_suite("acled", data_dir=shared_data, limit=3)
    assert result.items == 3


def test_missing_data_raises(tmp_path):
    for name in RATES:
        with pytest.raises(FileNotFoundError):
            run_suite(name, data_dir=tmp_path, limit=1)


def test_scoring_helpers():
    import datetime as dt

    from dyadwatch.evaluate.suites.acled import clean_note, map_actor_by_rules
    from dyadwatch.evaluate.suites.fa_kes import governorate_key, leading_dateline
    from dyadwatch.evaluate.suites.tempeval import nonstandard_kind, normalise_gold_value, split_ranges

    assert governorate_key("Deir ez-Zor") == governorate_key("Dayr az Zawr") == "deir ezzor"
    assert governorate_key("Idleb") == "idlib" and governorate_key("Halab") == "aleppo"
    assert governorate_key("Khan Shaykhun") is None
    assert leading_dateline("Fri 07 Apr 2017 at 0914 Homs governor") == dt.date(2017, 4, 7)
    assert leading_dateline("26-01-2016 Bombs Kill 22") == dt.date(2016, 1, 26)
    assert normalise_gold_value("2000-W7") == "2000-W07"
    assert nonstandard_kind("PRESENT_REF") == "ref" and nonstandard_kind("1998-Q1") == "quarter"
    assert nonstandard_kind("1998-W02") is None
    ends = split_ranges([{"text": "from Aug. 26 to Oct. 20", "start": 10, "end": 33, "granularity": "range",
                          "value": "1989-08-26/1989-10-20"}])
    assert [(e["text"], e["start"], e["end"], e["value"]) for e in ends] == [
        ("Aug. 26", 15, 22, "1989-08-26"), ("Oct. 20", 26, 33, "1989-10-20")]
    assert clean_note("Looting: On 3 May 2022, x. [size=no report]") == "On 3 May 2022, x."
    assert map_actor_by_rules("Military Forces of Nigeria (2015-)")[:2] == ("NGA", ("MIL",))
    assert map_actor_by_rules("Police Forces of Mexico (2018-)")[:2] == ("MEX", ("COP",))
    country, sectors = map_actor_by_rules("Protesters (Bolivia)")[:2]
    assert country == "BOL" and {"OPP", "CVL", "EDU", "PTY"} <= set(sectors) and not {"GOV", "MIL"} & set(sectors)
