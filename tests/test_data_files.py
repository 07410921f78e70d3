"""The data files the coder relies on are consistent with each other."""

from dyadwatch.actors.registry import SECTOR_LABELS, default_registry
from dyadwatch.events.lexicon import default_lexicon
from dyadwatch.records import PLOVER_TYPES


def _codes(entry):
    yield entry.cameo
    yield from entry.objects.values()
    yield from entry.preps.values()
    for table in entry.prep_objects.values():
        yield from table.values()
    for sub in entry.particles.values():
        yield from _codes(sub)


def test_every_lexicon_code_maps_to_plover():
    lex = default_lexicon()
    covered = set()
    for word, entry in list(lex.verbs.items()) + list(lex.nouns.items()):
        for code in _codes(entry):
            if code is None:
                continue
            assert code in lex.cameo, f"{word}: CAMEO {code} not in cameo.tsv"
            plover = lex.plover_of(code)
            assert plover is not None, f"{word}: CAMEO {code} has no PLOVER type"
            covered.add(plover.plover)
    assert covered == set(PLOVER_TYPES)


def test_every_plover_type_has_a_score_and_quad():
    lex = default_lexicon()
    for t in PLOVER_TYPES:
        assert (t, "") in lex.scores and t in lex.quads
    assert lex.intensity("ASSAULT", "") < 0 < lex.intensity("CONSULT", "visit")


def test_registry_is_consistent():
    reg = default_registry()
    assert len(reg.countries) > 190
    for org in reg.organisations.values():
        assert org.sector is None or org.sector in SECTOR_LABELS, org.id
        assert org.country is None or org.country in reg.countries, org.id
    for person in reg.people.values():
        for role in person.roles:
            assert role.actor is None or role.actor in reg.organisations, (person.id, role.actor)
            assert role.country is None or role.country in reg.countries, (person.id, role.country)
            assert role.start is None or role.end is None or role.start < role.end, person.id
