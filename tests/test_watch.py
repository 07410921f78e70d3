"""Watch rules and alerts."""

import json

import pytest

from dyadwatch.watch import RuleError, Watch, WatchFile, load_rules
from dyadwatch.watch.rules import parse_rule


def _event(event_id, date, type_="ASSAULT", mode="actual", source="ISIS", place=None, sentence="x"):
    return {"event_id": event_id, "date": date, "type": type_, "plover_event": type_, "mode": mode,
            "confidence": 0.8, "historical": False, "sentence": sentence,
            "sources": [{"id": source, "name": source, "country": None}], "targets": [], "place": place}


def test_bad_rules_are_refused_with_a_reason():
    with pytest.raises(RuleError, match="unknown PLOVER type"):
        parse_rule({"id": "x", "types": ["BOMB"]})
    with pytest.raises(RuleError, match="unknown field"):
        parse_rule({"id": "x", "actor": ["ISIS"]})
    with pytest.raises(RuleError, match="id"):
        parse_rule({"types": ["ASSAULT"]})


def test_the_packaged_watch_file_loads():
    watch = load_rules()
    assert {"detention-sites-threat", "isis-attack-surge"} <= {r.id for r in watch.rules}


def test_match_rule_takes_plans_near_a_site_and_wildcards():
    rule = parse_rule({"id": "camp", "actors": ["*REB", "ISIS"], "types": ["ASSAULT"],
                       "modes": ["actual", "planned"], "near": [{"place": "al-Hol camp", "radius_km": 20}]})
    watch = Watch(WatchFile(path=None, rules=[rule]))  # type: ignore[arg-type]
    near = {"lat": 36.39, "lon": 41.15, "admin1": "Hasakah", "country": "SYR", "name": "al-Hol"}
    far = {"lat": 33.3, "lon": 44.4, "admin1": "Baghdad", "country": "IRQ", "name": "Baghdad"}
    assert watch.fits(rule, _event("a", "2025-01-01", mode="planned", place=near))
    assert watch.fits(rule, _event("b", "2025-01-01", source="SYRREB", place=near))
    assert not watch.fits(rule, _event("c", "2025-01-01", place=far))
    assert not watch.fits(rule, _event("d", "2025-01-01", mode="negated", place=near))
    assert not watch.fits(rule, _event("e", "2025-01-01", source="IRQMIL", place=near))


def test_surge_fires_on_the_period_that_doubles_its_baseline():
    rule = parse_rule({"id": "surge", "kind": "surge", "sources": ["ISIS"], "types": ["ASSAULT"],
                       "group_by": "admin1", "baseline_periods": 3, "factor": 2.0, "min_count": 3})
    place = {"admin1": "Deir ez-Zor", "country": "SYR", "lat": 35.3, "lon": 40.1}
    events = [_event(f"m{m}-{i}", f"2025-0{m}-1{i}", place=place) for m in (1, 2, 3) for i in range(1)]
    events += [_event(f"apr-{i}", f"2025-04-1{i}", place=place) for i in range(4)]
    alerts = Watch(WatchFile(path=None, rules=[rule])).evaluate(events)  # type: ignore[arg-type]
    assert [a.period for a in alerts] == ["2025-04"]
    assert len(alerts[0].event_ids) == 4 and alerts[0].group_key.startswith("Deir ez-Zor")


def test_demo_corpus_raises_the_al_hol_alert_once(tmp_path):
    from typer.testing import CliRunner

    from dyadwatch.cli.app import app
    from dyadwatch.store.database import Store
    from dyadwatch.watch import alerts_frame

    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", "examples/demo_corpus.jsonl", "--db", str(db), "--watch"])
    assert first.exit_code == 0, first.output
    again = runner.invoke(app, ["alerts", "--db", str(db)])
    assert again.exit_code == 0 and "0 new" in again.output
    store = Store(db, read_only=True)
    frame = alerts_frame(store)
    store.close()
    camp = frame[frame["rule_id"] == "detention-sites-threat"]
    assert len(camp) >= 1 and "al-Hol" in " ".join(camp["summary"])
    assert all(json.loads(ids) for ids in frame["event_ids"])
