"""The generated agent-word table is well formed, matches its sources and sits beneath agents.tsv."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from dyadwatch.actors.registry import default_registry

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "dyadwatch" / "actors" / "data"
TABLE = DATA / "imported_agents.tsv"
SCRIPT = ROOT / "tools" / "build_agents.py"
SECTORS = {"GOV", "MIL", "REB", "PTY", "SPY", "COP", "LEG", "JUD", "IGO", "NGO", "CVL", "OPP", "BUS",
           "MED", "EDU", "REL", "HLH"}


def _load_script():
    spec = importlib.util.spec_from_file_location("build_agents", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_table_is_well_formed():
    lines = [line for line in TABLE.read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    assert lines[0].split("\t") == ["phrase", "sector", "code", "source"]
    phrases = set()
    for line in lines[1:]:
        phrase, sector, _code, source = line.split("\t")
        assert phrase == phrase.strip().lower() and "_" not in phrase, phrase
        assert phrase not in phrases, phrase
        phrases.add(phrase)
        assert sector in SECTORS, line
        assert source in {"PLOVER", "CAMEO"}, line
    assert len(phrases) > 3000


def test_codes_fold_by_vocabulary():
    build = _load_script()
    # the two dictionaries spell media and medicine differently
    assert build.fold("MED", "CAMEO") == "MED" and build.fold("MED", "PLOVER") == "HLH"
    assert build.fold("JRN", "PLOVER") == "MED"
    # a specific block wins, as a defence minister is military in dyadwatch
    assert build.fold("GOVMIL", "CAMEO") == "MIL" and build.fold("MILGOV", "PLOVER") == "MIL"
    assert build.fold("CRM", "PLOVER") == "CVL" and build.fold("REBREL", "PLOVER") == "REB"
    assert build.fold("UNK", "PLOVER") is None and build.fold("CVLJNK", "PLOVER") is None


def test_imported_words_resolve_beneath_the_curated_ones():
    registry = default_registry()
    assert registry.generic_actor("motorcycle thieves").sector == "CVL"
    assert registry.generic_actor("a group of tourists").sector == "CVL"
    assert registry.generic_actor("the vandals").sector == "CVL"
    # "prisoner" is CRM in PLOVER; the curated table's civilian reading is the one used
    assert registry.head_agent_sector("prisoners") == "CVL"
    # PLOVER files "men" as no actor, so CAMEO's "people" code for it is left out
    phrases = {line.split("\t")[0] for line in TABLE.read_text(encoding="utf-8").splitlines()}
    assert "men" not in phrases and "people" in phrases


def test_table_matches_its_sources(shared_data, tmp_path):
    source = shared_data / "reference"
    if not (source / "ngec" / "PLOVER_agents.txt").exists():
        pytest.skip(f"agent dictionaries not found under {source}")
    out = tmp_path / "imported_agents.tsv"
    assert _load_script().main(["--source-dir", str(source), "--out", str(out), "--quiet"]) == 0
    assert out.read_bytes() == TABLE.read_bytes(), (
        "imported_agents.tsv is out of date: run python tools/build_agents.py")
