"""Actor resolution beyond the registry's own names: kinds, places, envoys, former office-holders."""

import dyadwatch


def _key(text, date=None):
    actor = dyadwatch.resolve_actor(text, date)
    return actor and (actor["id"], actor["country"], actor["sector"])


def test_generic_groups_keep_their_kind():
    assert _key("authorities") == ("---GOV", None, "GOV")
    assert _key("an opposition lawmaker") == ("---LEG", None, "LEG")


def test_a_place_named_in_a_generic_phrase_gives_its_country():
    assert _key("Shanghai police") == ("CHNCOP", "CHN", "COP")
    assert _key("Kano State government") == ("NGAGOV", "NGA", "GOV")


def test_a_title_before_an_unknown_name_gives_no_place():
    assert _key("Minister Juan Carlos Jobet") == ("---GOV", None, "GOV")


def test_an_envoy_belongs_to_the_state_that_sends_them():
    assert _key("Canadian Ambassador to the United Nations") == ("CANGOV", "CAN", "GOV")


def test_one_shared_word_does_not_make_a_longer_name_someone_else():
    assert _key("Mohammed Hussein Roble", "2022-03-01") is None


def test_phoenix_people_have_dated_roles_and_former_office_holders_keep_their_state():
    assert _key("Haidar al-Abadi", "2015-01-01") == ("IRQGOV", "IRQ", "GOV")
    former = dyadwatch.resolve_actor("Warren Christopher", "2010-01-01")
    assert former["country"] == "USA" and former["sector"] is None


def test_plural_demonyms_are_the_people_and_the_adjective_alone_the_state():
    assert _key("Ukrainians") == ("UKRCVL", "UKR", "CVL")
    assert _key("prominent Cypriots") == ("CYPCVL", "CYP", "CVL")
    assert _key("Iraqi") == ("IRQGOV", "IRQ", "GOV")
    assert _key("Swiss") == ("CHEGOV", "CHE", "GOV")  # no plural form: the state


def test_a_body_named_with_the_states_long_name_is_that_states_body():
    assert _key("Legislative body of the Islamic Republic of Iran") == ("IRNLEG", "IRN", "LEG")
    assert _key("president of the Iraqi parliament") == ("IRQLEG", "IRQ", "LEG")


def test_a_capitalised_kind_word_is_no_place_and_a_led_coalition_is_military():
    assert _key("Police forces") == ("---COP", None, "COP")  # not of Police, Poland
    assert _key("the Saudi-led coalition") == ("SAUMIL", "SAU", "MIL")


def test_an_institutions_word_inside_another_organisations_name_is_not_that_institution():
    assert _key("Nationalist Congress Party") == ("---PTY", None, "PTY")  # not the US Congress
    assert _key("the Hamas movement")[0] == "HAMAS"  # a known group's own name stays that group


def test_capitals_inside_names_supporters_and_nationals():
    import datetime as dt

    from dyadwatch.actors.registry import default_registry

    reg = default_registry()
    day = dt.date(2022, 4, 16)
    assert reg.resolve("Seoul Watch", day) is None  # a civic group's name, not Korea's government
    assert reg.resolve("Tehran Times", day) is None
    assert reg.resolve("the Beijing Olympics", day).id == "CHN"  # the host state
    assert reg.resolve("Baghdad officials", day).id == "IRQGOV"
    supporters = reg.resolve("supporters of Mikheil Saakashvili", day)
    assert (supporters.country, supporters.sector) == ("GEO", "CVL")
    nationals = reg.resolve("Sudanese nationals", day)
    assert (nationals.country, nationals.sector) == ("SDN", "CVL")


def test_an_organisation_whose_standing_changed_resolves_by_date():
    import datetime as dt

    from dyadwatch.actors.registry import default_registry

    reg = default_registry()
    before, after = reg.resolve("the Taliban", dt.date(2020, 1, 1)), reg.resolve("the Taliban", dt.date(2022, 5, 1))
    assert (before.id, before.sector) == ("TALIBAN", "REB") and (after.id, after.sector) == ("TALIBAN", "GOV")
    assert reg.resolve("Pakistani Taliban", dt.date(2022, 5, 1)).id == "TTP"
    # once it governs, its forces are the state's
    assert reg.resolve("Taliban forces", dt.date(2022, 5, 1)).id == "AFGMIL"
    assert reg.resolve("Taliban forces", dt.date(2019, 5, 1)).id == "TALIBAN"


def test_the_title_a_text_gives_a_person_outside_our_dated_records_says_their_office():
    import datetime as dt

    from dyadwatch.actors.registry import default_registry

    reg = default_registry()
    late = dt.date(2026, 1, 1)  # long after Elias Hrawi's presidency (1989-1998)
    titled = reg.resolve("Lebanon's new President Elias Hrawi", late)
    assert (titled.country, titled.sector) == ("LBN", "GOV")
    assert reg.resolve("former President Elias Hrawi", late).sector is None
    assert reg.resolve("Elias Hrawi", late).sector is None


def test_a_name_spelled_another_way_is_still_that_person():
    from dyadwatch.actors.registry import loose_name

    assert loose_name("Kassym-Jomart Tokayev") == loose_name("Kasymzhomart Tokayev")
    assert loose_name("Mahinda Rajapaksa") == loose_name("Mahinda Rajapakse")
    assert loose_name("Mahinda Rajapaksa") != loose_name("Basil Rajapaksa")
    found = dyadwatch.resolve_actor("Mahinda Rajapaksa", "2010-05-01")
    assert (found["id"], found["person"]) == ("LKAGOV", "Mahinda Rajapakse")


def test_a_surname_alone_is_an_office_holder_only_when_every_bearer_is_the_same_actor():
    # Yoweri and Janet Museveni both hold office in Uganda's government: the surname says that
    # much, not which of them
    found = dyadwatch.resolve_actor("Museveni", "2022-05-01")
    assert (found["id"], found["person"]) == ("UGAGOV", None)
    # without a date no office can be checked; a common surname is no one in particular
    assert dyadwatch.resolve_actor("Museveni") is None
    assert dyadwatch.resolve_actor("Johnson", "2020-01-01") is None


def test_a_named_group_is_itself_whoever_it_leans_to():
    assert _key("the pro-Iranian Hizbollah group") == ("HEZBOLLAH", "LBN", "REB")
    # a group known only by its leaning keeps that reading
    assert _key("pro-Turkish rebels") == ("TURREB", "TUR", "REB")
