"""A learned choice of where an event happened among the place names of its sentence.

In: the trigger token of an event on a spaCy parse. Out: the span of the place name where the
event happened, or None.

The rules of ``mention.place_of`` read the locative phrases of the event's clause; they are
precise but leave many events unplaced whose place the sentence gives less directly, and cannot
weigh one cue against another. This ranker scores every place name of the sentence (and the
rules' own answer, as one more cue) with a logistic model over the dependency path between the
name and the trigger, the preposition that governs the name, the distance and order of the two,
and the kind of name; the best-scored name is the event's place if its probability clears the
model's threshold, else the event has no place in its sentence.

The weights live in ``places/data/location_ranker.json``, trained by
``tools/train_location_ranker.py`` on the event-location gold records that the evaluation does
not score (scikit-learn at training time only; applying the model needs nothing but this module).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyadwatch.actors.registry import default_registry
from dyadwatch.places.mention import LARGE_UNITS, LOCATIVE_PREPS, PLACE_LABELS, SMALL_UNITS, TERRITORY_VERBS, place_of

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

MODEL_FILE = "location_ranker.json"
UNIT_WORDS = SMALL_UNITS | LARGE_UNITS | {"camp", "prison", "base", "airport", "border", "crossing"}
_MAX_STEPS = 4
# what the small tagger calls a village or a street it does not know
_MISTAKEN_LABELS = {"ORG", "PERSON", "NORP", "LANGUAGE", "WORK_OF_ART", "PRODUCT", "EVENT"}


_ASK_THE_RULES: Any = object()


def candidates(trigger: Token, rule: Span | None = _ASK_THE_RULES) -> tuple[list[Span], Span | None]:
    """The place names of the trigger's sentence, with the rules' answer among them (given by a
    caller that already has it)."""
    sent = trigger.sent
    found = [e for e in trigger.doc.ents if e.start >= sent.start and e.end <= sent.end
             and (e.label_ in PLACE_LABELS or _placed_like_a_place(e))]
    if rule is _ASK_THE_RULES:
        rule = place_of(trigger)
    if rule is not None and not any((e.start, e.end) == (rule.start, rule.end) for e in found):
        found.append(rule)
    return found, rule


def _placed_like_a_place(name: Span) -> bool:
    """A name the tagger took for something else that the sentence uses as a place: after a
    locative preposition ("in Al-Bayaa", "near Harbinefseh"), before a unit word ("the Kokrajhar
    district"), after "the village of", or taken or entered ("captured Kasumbalesa"); never an
    actor the registry knows ("fighting in the Islamic State" is no place)."""
    if name.label_ not in _MISTAKEN_LABELS:
        return False
    root, doc = name.root, name.doc
    unit_after = name.end < len(doc) and doc[name.end].lower_ in UNIT_WORDS
    governor = root.head
    located = root.dep_ == "pobj" and (
        governor.lower_ in LOCATIVE_PREPS | {"towards", "toward"}
        or (governor.lower_ == "of" and governor.head.lemma_.lower() in UNIT_WORDS))
    taken = root.dep_ == "dobj" and governor.lemma_.lower() in TERRITORY_VERBS
    if not (unit_after or located or taken):
        return False
    return not any(e.kind in ("organisation", "person", "adjective") for e in default_registry().lookup(name.text))


def _bucket(value: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if value <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def _path(a: Token, b: Token) -> tuple[list[str], list[str]]:
    """Dependency labels from ``a`` up to the lowest common ancestor, and from there down to ``b``."""
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    seen = {t.i for t in up_b}
    lca = next((t for t in up_a if t.i in seen), None)
    if lca is None:
        return ["?"], ["?"]
    first = [t.dep_ for t in up_a[:[t.i for t in up_a].index(lca.i)]]
    second = [t.dep_ for t in up_b[:[t.i for t in up_b].index(lca.i)]]
    return first[:_MAX_STEPS], second[:_MAX_STEPS]


def features(trigger: Token, candidate: Span, rule: Span | None, n_candidates: int) -> list[str]:
    """The cues that bear on whether ``candidate`` is where the event of ``trigger`` happened."""
    root = candidate.root
    up, down = _path(root, trigger)
    prep = root.head.lower_ if root.dep_ == "pobj" else "-"
    path = "/".join(up) + "^" + "/".join(down)
    distance = abs(root.i - trigger.i)
    is_rule = rule is not None and (rule.start, rule.end) == (candidate.start, candidate.end)
    overlaps_rule = rule is not None and not is_rule and rule.start < candidate.end and candidate.start < rule.end
    found = [
        "bias",
        f"label={candidate.label_}",
        f"dep={root.dep_}",
        f"head_dep={root.head.dep_}",
        f"prep={prep}",
        f"path={path}",
        f"up={'/'.join(up)}",
        f"down={'/'.join(down)}",
        f"steps={len(up)}+{len(down)}",
        f"prep|down={prep}|{'/'.join(down)}",
        f"dist={_bucket(distance, (2, 5, 10, 20))}",
        "before" if root.i < trigger.i else "after",
        f"places={_bucket(n_candidates, (1, 2, 3))}",
        f"trigger_pos={trigger.pos_}",
        f"trigger_dep={trigger.dep_}",
        f"trigger_dep|prep={trigger.dep_}|{prep}",
        "rule" if is_rule else ("rule_overlap" if overlaps_rule else ("rule_none" if rule is None else "rule_other")),
    ]
    lemma = trigger.lemma_.lower()
    found += [f"lemma={lemma}", f"lemma|prep={lemma}|{prep}", f"lemma|down={lemma}|{'/'.join(down)}"]
    if root.dep_ == "pobj" and root.head.head.pos_ in ("NOUN", "PROPN"):
        found.append(f"of_noun={root.head.head.lemma_.lower()}|{prep}")
    between = candidate.doc[min(root.i, trigger.i) + 1:max(root.i, trigger.i)]
    verbs = sum(t.pos_ == "VERB" for t in between)
    found.append(f"verbs_between={_bucket(verbs, (0, 1, 2))}")
    if any(t.dep_ in ("relcl", "acl", "advcl", "ccomp") for t in [*root.ancestors][:len(up)]):
        found.append("in_other_clause")
    kinds = {e.kind for e in default_registry().lookup(candidate.text)}
    if kinds & {"country", "capital"}:
        found += ["names_a_country", f"names_a_country|prep={prep}"]
    if candidate.end < len(candidate.doc) and candidate.doc[candidate.end].lower_ in UNIT_WORDS:
        found.append(f"unit_after={candidate.doc[candidate.end].lower_}")
    if candidate.start == candidate.sent.start:
        found.append("opens_sentence")
    if any(c.dep_ == "case" for c in root.children) or root.dep_ == "poss":
        found.append("possessive")
    if root.dep_ in ("compound", "amod", "nmod"):
        found.append(f"modifier|{root.head.pos_}")
    if candidate.end < len(candidate.doc) and candidate.doc[candidate.end].text in (",", "("):
        found.append("followed_by_comma")
    return found


class LocationRanker:
    def __init__(self, weights: dict[str, float], threshold: float) -> None:
        self.weights = weights
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path | None = None) -> LocationRanker:
        if path is None:
            path = Path(str(resources.files("dyadwatch.places") / "data" / MODEL_FILE))
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(data["weights"], data["threshold"])

    def probability(self, cues: list[str]) -> float:
        z = sum(self.weights.get(c, 0.0) for c in cues)
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def choose(self, trigger: Token, rule: Span | None = _ASK_THE_RULES) -> Span | None:
        """The place name where the event of ``trigger`` happened, or None."""
        found, rule = candidates(trigger, rule)
        if not found:
            return None
        scored = [(self.probability(features(trigger, c, rule, len(found))), c) for c in found]
        best_p, best = max(scored, key=lambda pc: (pc[0], -pc[1].start))
        return trimmed(best) if best_p >= self.threshold else None


def trimmed(span: Span) -> Span:
    """The name without a leading article or a trailing possessive ("the West Bank", "Sri Lanka's")."""
    while len(span) > 1 and span[0].lower_ in ("the", "a", "an"):
        span = span[1:]
    if len(span) > 1 and span[-1].tag_ == "POS":
        span = span[:-1]
    return span


# the generic words around a name that say what kind of area it is or which part of it
_KIND_AFTER = frozenset({"city", "province", "district", "town", "village", "governorate", "region", "state",
                         "county", "municipality"})
_PART_BEFORE = frozenset({"north", "south", "east", "west", "northern", "southern", "eastern", "western",
                          "central", "northeast", "northwest", "southeast", "southwest", "northeastern",
                          "northwestern", "southeastern", "southwestern", "upper", "lower"})


def toponym(span: Span) -> Span:
    """The name proper inside a place phrase: without a lower-case kind word after it ("Babel
    province", "Gaza city") or a lower-case compass word before it ("southeast Nigeria")."""
    span = trimmed(span)
    if len(span) > 1 and span[-1].is_lower and span[-1].lower_ in _KIND_AFTER:
        span = span[:-1]
    if len(span) > 1 and span[0].is_lower and span[0].lower_ in _PART_BEFORE:
        span = span[1:]
    return span


@lru_cache(maxsize=1)
def default_ranker() -> LocationRanker:
    """The packaged model."""
    return LocationRanker.load()


def event_place(trigger: Token, rule: Span | None = _ASK_THE_RULES) -> Span | None:
    """Where the event of ``trigger`` happened, as its sentence says: the ranker's choice.
    ``rule``: what ``mention.place_of`` said, when the caller has asked it already."""
    return default_ranker().choose(trigger, rule)
