"""Watch rules: what an analyst wants to be told about, read from a YAML file.

Two kinds of rule:

* ``match`` -- any single event that fits: its actors (registry ids, ISO3 codes standing for a
  state and all its sectors, or wildcards such as ``*REB`` for any rebel group or ``SYR*`` for any
  Syrian actor), its PLOVER types, its modes (``planned`` and ``threatened`` count: a plan to attack a
  camp is exactly what a watch is for), a place within a radius of a named site or keywords in the
  evidence sentence (when a rule has both, either is enough: a site can be named in a sentence
  without the event being placed there), a minimum confidence.
* ``surge`` -- ACLED early-warning style: the count of matching events in the latest period
  against the mean of the N periods before it, per actor, dyad or admin-1 area; it fires when the
  count is at least ``min_count`` and at least ``factor`` times that mean.

Every field is optional; an empty rule matches everything, so give at least one condition.
"""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from dyadwatch.records import MODES, PLOVER_TYPES


class RuleError(ValueError):
    """A watch file that cannot be used, with the reason."""


@dataclass(frozen=True)
class Near:
    place: str
    radius_km: float = 25.0


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    kind: str = "match"  # match | surge
    sources: tuple[str, ...] = ()  # actor patterns for the source side (any listed matches)
    targets: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()  # either side
    types: tuple[str, ...] = ()
    modes: tuple[str, ...] = ("actual",)
    near: tuple[Near, ...] = ()  # any of these sites
    admin1: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()  # in the evidence sentence, case-insensitive; any of them
    min_confidence: float = 0.0
    include_historical: bool = False
    # surge rules
    group_by: str = "admin1"  # admin1 | source | dyad
    period: str = "month"  # week | month
    baseline_periods: int = 3
    factor: float = 2.0
    min_count: int = 3
    severity: str = "warning"  # info | warning | critical

    def actor_fits(self, sources: list[dict[str, Any]], targets: list[dict[str, Any]]) -> bool:
        if self.sources and not any(_fits(a, self.sources) for a in sources):
            return False
        if self.targets and not any(_fits(a, self.targets) for a in targets):
            return False
        return not self.actors or any(_fits(a, self.actors) for a in [*sources, *targets])


def _fits(actor: dict[str, Any], patterns: tuple[str, ...]) -> bool:
    ident = str(actor.get("id") or "")
    country = str(actor.get("country") or "")
    for pattern in patterns:
        if "*" in pattern or "?" in pattern:
            if fnmatch.fnmatchcase(ident, pattern):
                return True
        elif ident == pattern or (len(pattern) == 3 and pattern.isupper() and country == pattern):
            return True
    return False


def _tuple(value: Any, name: str, rule_id: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise RuleError(f"rule {rule_id}: {name} must be a string or a list of strings")
    return tuple(value)


def parse_rule(raw: dict[str, Any]) -> Rule:
    if not isinstance(raw, dict) or not raw.get("id"):
        raise RuleError(f"every rule needs an id: {raw!r}")
    rid = str(raw["id"])
    known = set(Rule.__dataclass_fields__)
    unknown = set(raw) - known
    if unknown:
        raise RuleError(f"rule {rid}: unknown field(s) {', '.join(sorted(unknown))}")
    types = tuple(t.upper() for t in _tuple(raw.get("types"), "types", rid))
    bad = [t for t in types if t not in PLOVER_TYPES]
    if bad:
        raise RuleError(f"rule {rid}: unknown PLOVER type(s) {', '.join(bad)}")
    modes = _tuple(raw.get("modes"), "modes", rid) or ("actual",)
    bad = [m for m in modes if m not in MODES]
    if bad:
        raise RuleError(f"rule {rid}: unknown mode(s) {', '.join(bad)}")
    near_raw = raw.get("near") or []
    if isinstance(near_raw, dict):
        near_raw = [near_raw]
    near = tuple(Near(str(n["place"]), float(n.get("radius_km", 25))) for n in near_raw)
    kind = str(raw.get("kind", "match"))
    if kind not in ("match", "surge"):
        raise RuleError(f"rule {rid}: kind must be match or surge")
    group_by = str(raw.get("group_by", "admin1"))
    if group_by not in ("admin1", "source", "dyad"):
        raise RuleError(f"rule {rid}: group_by must be admin1, source or dyad")
    period = str(raw.get("period", "month"))
    if period not in ("week", "month"):
        raise RuleError(f"rule {rid}: period must be week or month")
    return Rule(
        id=rid, title=str(raw.get("title") or rid), kind=kind,
        sources=_tuple(raw.get("sources"), "sources", rid), targets=_tuple(raw.get("targets"), "targets", rid),
        actors=_tuple(raw.get("actors"), "actors", rid), types=types, modes=modes, near=near,
        admin1=_tuple(raw.get("admin1"), "admin1", rid), keywords=_tuple(raw.get("keywords"), "keywords", rid),
        min_confidence=float(raw.get("min_confidence", 0.0)),
        include_historical=bool(raw.get("include_historical", False)), group_by=group_by, period=period,
        baseline_periods=int(raw.get("baseline_periods", 3)), factor=float(raw.get("factor", 2.0)),
        min_count=int(raw.get("min_count", 3)), severity=str(raw.get("severity", "warning")),
    )


@dataclass
class WatchFile:
    path: Path
    rules: list[Rule] = field(default_factory=list)


def default_watch_path() -> Path:
    return Path(str(resources.files("dyadwatch.watch") / "data" / "default_watch.yaml"))


def load_rules(path: Path | None = None) -> WatchFile:
    """Rules from ``path`` (the packaged watch file for the Iraq–Syria theatre by default)."""
    path = Path(path) if path else default_watch_path()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"cannot read watch file {path}: {exc}") from exc
    raw_rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(raw_rules, list):
        raise RuleError(f"{path}: expected a top-level 'rules:' list")
    rules = [parse_rule(r) for r in raw_rules]
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise RuleError(f"{path}: rule ids must be unique")
    return WatchFile(path, rules)
