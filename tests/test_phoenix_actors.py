"""The generated Phoenix actor table is well formed and matches its source dictionaries."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dyadwatch" / "actors" / "data"
TABLE = DATA / "phoenix_actors.tsv"
SCRIPT = ROOT / "tools" / "build_phoenix_actors.py"
SECTORS = {"GOV", "MIL", "REB", "PTY", "SPY", "COP", "LEG", "JUD", "IGO", "NGO", "CVL", "OPP", "BUS",
           "MED", "EDU", "REL", "HLH"}
COLUMNS = ["id", "kind", "name", "aliases", "roles"]


def _countries() -> set[str]:
    lines = [line for line in DATA.joinpath("countries.tsv").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0].split("\t")[0] == "iso3"
    return {line.split("\t")[0] for line in lines[1:]}


def _rows() -> tuple[list[str], list[list[str]]]:
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    return lines[0].split("\t"), [line.split("\t") for line in lines[1:]]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def test_table_is_well_formed():
    header, rows = _rows()
    assert header == COLUMNS
    assert len(rows) > 20000
    countries = _countries()
    ids = set()
    for row in rows:
        assert len(row) == 5, row[:1]
        ident, kind, name, aliases, roles = row
        assert ident.startswith("PHX_") and ident.replace("_", "").isalnum() and ident.isupper(), ident
        assert ident not in ids, ident
        ids.add(ident)
        assert kind in {"person", "organisation"}, ident
        assert name.strip() == name and name, ident
        for alias in filter(None, aliases.split(" | ")):
            assert len(alias) >= 3 and alias == alias.strip(), (ident, alias)
        assert roles, ident
        for role in roles.split(";"):
            country, sector, start, end, code = role.split("/")
            assert country == "" or country in countries, (ident, role)
            assert sector == "" or sector in SECTORS, (ident, role)
            first, last = _date(start), _date(end)
            assert first is None or last is None or first <= last, (ident, role)
            assert code and code.isalnum() and code.isupper(), (ident, role)
    kinds = [row[1] for row in rows]
    assert kinds.count("person") > 10000 and kinds.count("organisation") > 5000


def test_table_matches_its_sources(shared_data, tmp_path, monkeypatch):
    source = shared_data / "reference" / "petrarch2_dictionaries"
    if not source.exists():
        pytest.skip(f"Phoenix dictionaries not found at {source}")
    spec = importlib.util.spec_from_file_location("build_phoenix_actors", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    out = tmp_path / "phoenix_actors.tsv"
    assert module.main(["--source-dir", str(source), "--out", str(out), "--quiet"]) == 0
    assert out.read_bytes() == TABLE.read_bytes(), (
        "phoenix_actors.tsv is out of date: run python tools/build_phoenix_actors.py")
