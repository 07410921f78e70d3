"""PLOVER's own convention for events that have not (yet) happened.

dyadwatch codes what an event *is* and, separately, its mode: "will visit" is CONSULT, planned;
"threatened to ban" is COERCE, threatened; "refused to attend" is CONSULT, negated. The PLOVER
codebook files such statements under the statement's own category instead: an announced
cooperative intention is AGREE, an announced hostile one is THREATEN, a refusal is REJECT, with
the underlying action kept as the PLOVER mode; what one actor says another must do is a
REQUEST. ``plover_coding`` gives that reading, so exports in PLOVER shape and comparisons with
PLOVER-coded data use PLOVER's convention while the event record keeps both.
"""

from __future__ import annotations

COOPERATIVE = frozenset({"CONSULT", "AID", "SUPPORT", "COOPERATE", "RETREAT", "CONCEDE", "AGREE"})
HOSTILE = frozenset({"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# the words by which an actor refuses, as against a plain "not"
REFUSING_CUES = frozenset({"refuse", "decline", "reject", "rebuff", "spurn"})
# modals and conditionals by which an actor states what it would do; a request verb ("urged X to
# withdraw") states what someone else wants, which is not the actor's intention
INTENT_CUES = frozenset({"will", "shall", "'ll", "wo", "would", "could", "may", "might", "if", "unless",
                         "plan", "intend", "prepare", "aim", "seek", "want", "expect", "schedule", "consider",
                         "hope", "agree", "offer", "promise", "pledge", "commit", "willing", "ready", "prepared",
                         "intention", "bid", "vow", "set", "due", "going"})
# "China must drop its barriers": what a speaker demands of the subject. (A request verb --
# "demanded that Mugabe abandon" -- is coded as a REQUEST event of its own already.)
DEMAND_CUES = frozenset({"must", "should", "ought"})


def plover_coding(event_type: str, mode: str, cue: str | None) -> tuple[str, str | None]:
    """The PLOVER event category for an event of ``event_type`` in ``mode`` (set by ``cue``),
    and the PLOVER mode (the underlying action, lower case) when the category changes."""
    if mode == "threatened":
        return "THREATEN", event_type.lower()
    if mode == "negated" and cue in REFUSING_CUES:
        return "REJECT", event_type.lower()
    if mode == "hypothetical" and cue in DEMAND_CUES:
        return "REQUEST", event_type.lower()
    if mode in ("planned", "hypothetical") and (cue is None or cue in INTENT_CUES):
        if event_type in COOPERATIVE:
            return "AGREE", event_type.lower()
        if event_type in HOSTILE:
            return "THREATEN", event_type.lower()
    return event_type, None
