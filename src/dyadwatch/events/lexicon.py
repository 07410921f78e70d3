"""The event lexicon and the code tables, loaded from ``events/data``."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml


@dataclass(frozen=True)
class CameoCode:
    code: str
    label: str
    plover: str
    plover_mode: str


@dataclass
class VerbEntry:
    """A verb (or event noun) and its refinements; a phrasal verb's particle has its own entry."""

    cameo: str | None
    particles: dict[str, VerbEntry] = field(default_factory=dict)
    preps: dict[str, str | None] = field(default_factory=dict)
    objects: dict[str, str | None] = field(default_factory=dict)
    prep_objects: dict[str, dict[str, str | None]] = field(default_factory=dict)
    target_preps: tuple[str, ...] = ()
    # The code when the subject is a generic group of this sector ("demonstrators gathered" is a
    # protest; "ministers gathered" is not an event at all).
    subject_sectors: dict[str, str | None] = field(default_factory=dict)
    # The code when the verb's purpose clause is one of these ("gathered to demand", "took to the
    # streets to call for"): a gathering for a demand is a demonstration.
    purposes: dict[str, str | None] = field(default_factory=dict)
    # A particle given as a bare code ("out: null") only refines the verb's default; a particle
    # given as a sub-entry replaces the verb's refinements entirely.
    bare: bool = False


@dataclass
class Lexicon:
    verbs: dict[str, VerbEntry]
    nouns: dict[str, VerbEntry]
    lemma_fixes: dict[str, str]
    cameo: dict[str, CameoCode]
    scores: dict[tuple[str, str], float]
    quads: dict[str, str]
    negation: frozenset[str]
    negating_verbs: frozenset[str]
    planning_verbs: frozenset[str]
    threat_verbs: frozenset[str]
    hypothetical_markers: frozenset[str]
    reporting_verbs: frozenset[str]
    descriptive_nouns: frozenset[str] = frozenset()
    commitment_verbs: frozenset[str] = frozenset()
    readiness_words: frozenset[str] = frozenset()
    asset_nouns: frozenset[str] = frozenset()
    version: str = ""

    def plover_of(self, code: str) -> CameoCode | None:
        while code:
            entry = self.cameo.get(code)
            if entry is not None and entry.plover:
                return entry
            code = code[:-1]
        return None

    def intensity(self, plover: str, mode: str) -> float:
        return self.scores.get((plover, mode), self.scores.get((plover, ""), 0.0))

    def triggers(self) -> dict[str, frozenset[str] | None]:
        """Every lemma that can head an event, for the first pass: the verbs, and the head (last)
        word of each event noun ("peace talks" is found on "talks"). A verb that codes nothing
        alone ("take", "hold") comes with the words that may complete it: the last words of its
        objects, its particles and its coding prepositions. ``None``: an event on its own."""
        found: dict[str, frozenset[str] | None] = {key.split()[-1]: None for key in self.nouns}
        for lemma, entry in self.verbs.items():
            if lemma in found:
                continue
            if entry.cameo is not None or entry.subject_sectors:
                found[lemma] = None  # a subject's sector cannot be read before the parse
                continue
            words = set(entry.particles) | {key.split()[-1] for key in entry.objects}
            words |= {key.split()[-1] for table in entry.prep_objects.values() for key in table}
            words |= {prep for prep, code in entry.preps.items() if code}
            words |= {verb for verb, code in entry.purposes.items() if code}
            found[lemma] = frozenset(words)
        return found


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip() and not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _code(value: object) -> str | None:
    return None if value is None else str(value)


def _verb_entry(raw: object) -> VerbEntry:
    if not isinstance(raw, dict):
        return VerbEntry(cameo=_code(raw), bare=True)
    return VerbEntry(
        cameo=_code(raw.get("cameo")),
        particles={str(k): _verb_entry(v) for k, v in (raw.get("particles") or {}).items()},
        preps={str(k): _code(v) for k, v in (raw.get("preps") or {}).items()},
        objects={str(k): _code(v) for k, v in (raw.get("objects") or {}).items()},
        prep_objects={str(p): {str(k): _code(v) for k, v in (objs or {}).items()}
                      for p, objs in (raw.get("prep_objects") or {}).items()},
        target_preps=tuple(str(p) for p in raw.get("target_preps") or ()),
        subject_sectors={str(k): _code(v) for k, v in (raw.get("subject_sectors") or {}).items()},
        purposes={str(k): _code(v) for k, v in (raw.get("purposes") or {}).items()},
    )


def load_lexicon(data_dir: Path | None = None) -> Lexicon:
    base = data_dir or Path(str(resources.files("dyadwatch.events") / "data"))
    cameo = {r["code"]: CameoCode(r["code"], r["label"], r.get("plover") or "", r.get("plover_mode") or "")
             for r in _rows(base / "cameo.tsv")}
    scores: dict[tuple[str, str], float] = {}
    quads: dict[str, str] = {}
    for r in _rows(base / "plover.tsv"):
        scores[(r["type"], (r.get("mode") or "").strip())] = float(r["score"])
        if r.get("quad"):
            quads.setdefault(r["type"], r["quad"])
    data = yaml.safe_load((base / "lexicon.yaml").read_text(encoding="utf-8"))
    modality = data.get("modality") or {}

    def words(key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in modality.get(key) or [])

    return Lexicon(
        verbs={str(k).lower(): _verb_entry(v) for k, v in (data.get("verbs") or {}).items()},
        nouns={str(k).lower(): _verb_entry(v) for k, v in (data.get("nouns") or {}).items()},
        lemma_fixes={str(k).lower(): str(v).lower() for k, v in (data.get("lemma_fixes") or {}).items()},
        cameo=cameo, scores=scores, quads=quads,
        negation=words("negation"), negating_verbs=words("negating_verbs"),
        planning_verbs=words("planning_verbs"), threat_verbs=words("threat_verbs"),
        hypothetical_markers=words("hypothetical_markers"),
        reporting_verbs=words("reporting_verbs"), descriptive_nouns=words("descriptive_nouns"),
        commitment_verbs=words("commitment_verbs"), readiness_words=words("readiness_words"),
        asset_nouns=words("asset_nouns"),
        version=str(data.get("version", "")),
    )


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    return load_lexicon()
