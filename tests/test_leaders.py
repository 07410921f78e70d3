"""The curated leaders file: its people resolve to the office they held on the query date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from dyadwatch.actors.registry import default_registry

DATA = Path(__file__).resolve().parents[1] / "src" / "dyadwatch" / "actors" / "data"


def _ids(name: str) -> list[str]:
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    return [p["id"] for p in data.get("people") or []] + [o["id"] for o in data.get("organisations") or []]


def test_leaders_and_theatre_files_do_not_share_ids():
    leaders, theatre = _ids("leaders.yaml"), _ids("actors.yaml")
    assert len(leaders) == len(set(leaders)) and len(leaders) > 100
    assert not set(leaders) & set(theatre)


@pytest.mark.parametrize("text, day, country, sector", [
    ("Emmanuel Macron", "2022-03-01", "FRA", "GOV"),
    ("Olaf Scholz", "2019-06-01", "DEU", "GOV"),       # finance minister then, chancellor later
    ("Sergei Shoigu", "2020-01-01", "RUS", "MIL"),     # defence minister
    ("Sergei Shoigu", "2025-01-01", "RUS", "GOV"),     # security council secretary
    ("Vladimir Putin", "1999-01-01", "RUS", "SPY"),    # director of the FSB
    ("Mark Rutte", "2020-01-01", "NLD", "GOV"),
    ("President Zelenskyy", "2023-01-01", "UKR", "GOV"),
])
def test_leader_has_the_office_of_the_day(text, day, country, sector):
    actor = default_registry().resolve(text, dt.date.fromisoformat(day))
    assert actor is not None and (actor.country, actor.sector) == (country, sector)


def test_leader_of_an_international_body_is_that_body():
    actor = default_registry().resolve("Mark Rutte", dt.date(2025, 3, 1))
    assert actor is not None and actor.id == "NATO"


def test_armed_groups_file_has_its_own_ids_and_resolves_acronyms():
    groups, others = _ids("armed_groups.yaml"), _ids("leaders.yaml") + _ids("actors.yaml")
    assert len(groups) == len(set(groups)) and not set(groups) & set(others)
    reg = default_registry()
    day = dt.date(2022, 3, 1)
    for text, country, sector in [("ENDF", "ETH", "MIL"), ("the Wagner Group", "RUS", "MIL"),
                                  ("KNDF", "MMR", "REB"), ("FARDC", "COD", "MIL"), ("JNIM", None, "REB"),
                                  ("Imbonerakure", "BDI", "REB")]:
        actor = reg.resolve(text, day)
        assert actor is not None and (actor.country, actor.sector) == (country, sector), text
    assert reg.resolve("SNA", day).country == "SYR"  # the theatre's Syrian National Army keeps its acronym
