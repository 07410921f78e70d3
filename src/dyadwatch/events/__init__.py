"""Events: predicates, roles, modality and attribution from the parse, coded to PLOVER/CAMEO."""

from dyadwatch.events.coder import Coder
from dyadwatch.events.lexicon import Lexicon, default_lexicon, load_lexicon

__all__ = ["Coder", "Lexicon", "default_lexicon", "load_lexicon"]
