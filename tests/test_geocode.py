"""Event places: which words name the place, and where that is on the gazetteer."""

import pytest

import dyadwatch


def _place(text, published="2025-06-01"):
    events = dyadwatch.code_text(text, published=published)
    assert events, text
    return max(events, key=lambda e: e["confidence"])["place"]


def test_event_in_a_theatre_town_gets_coordinates_and_governorate():
    place = _place("ISIS fighters attacked a checkpoint in Hasakah on Monday.")
    assert place["country"] == "SYR" and place["admin1"] == "Hasakah" and place["source"] == "clause"
    assert abs(place["lat"] - 36.5) < 0.3 and abs(place["lon"] - 40.75) < 0.3


def test_the_most_specific_name_of_a_locative_wins():
    text = "In the south Baghdad neighbourhood of Al-Bayaa, a roadside bomb killed one civilian."
    start = text.index("killed")
    assert dyadwatch.locate_event(text, start, start + len("killed"))["text"] == "Al-Bayaa"


def test_a_place_merely_mentioned_is_not_the_event_place():
    text = "Rebel factions are attacking each other, undermining the effort to topple the government in Syria."
    start = text.index("attacking")
    assert dyadwatch.locate_event(text, start, start + len("attacking")) is None


def test_containers_written_after_a_name_decide_its_country():
    place = _place("On 25 June 2022, protesters gathered in Beaumont (Texas) to demonstrate.", "2022-06-30")
    assert place["country"] == "USA" and place["admin1"] == "Texas"


def test_local_group_takes_the_country_of_the_event_place():
    events = dyadwatch.code_text("On 24 February 2022, people demonstrated in Saalfeld against the war.",
                                 published="2022-03-01")
    (event,) = events
    assert event["place"]["country"] == "DEU"
    assert event["sources"][0]["id"] == "DEUCVL" and event["sources"][0]["country"] == "DEU"


def test_an_unknown_name_stays_as_written_and_nothing_else_breaks():
    events = dyadwatch.code_text("Protesters gathered in Qxzvlarno on Sunday. Police arrested them in Baghdad.",
                                 published="2025-06-01")
    places = {e["place"]["name"]: e["place"] for e in events if e["place"]}
    unknown = places["Qxzvlarno"]
    # the name stays unresolved; the event is located, less precisely, where the document is
    assert unknown["resolved_name"] is None and unknown["gazetteer_id"] is None
    assert unknown["source"].endswith("located by the document") and unknown["country"] == "IRQ"
    assert places["Baghdad"]["country"] == "IRQ" and places["Baghdad"]["resolved_name"] == "Baghdad"


@pytest.mark.parametrize(("text", "verb", "place"), [
    # a share of a place is in it
    ("The militia captured more than half of Anbar within a month.", "captured", "Anbar"),
    # where the agent of a passive acted
    ("Two smugglers were captured by Iraqi forces in Mosul on Sunday.", "captured", "Mosul"),
    # a coordinated verb's place, when the event's own clause names none
    ("Gunmen opened fire on a bus and wounded six passengers in Kirkuk.", "opened", "Kirkuk"),
    # ... and where that coordinated verb's agent acted
    ("Meyer was shot and killed by police in Vienna in 1999.", "shot", "Vienna"),
    # the last of coordinated objects carries the phrase for all of them
    ("Soldiers shot dead a policeman and a boy in the West Bank town of Tulkarm.", "shot", "Tulkarm"),
    # the phrase hangs from the counted noun, or from the other side of the event
    ("Landmines have killed dozens of people in Hasakah this year.", "killed", "Hasakah"),
    ("Kurdish fighters clashed with government forces in the town of Qamishli on Sunday.", "clashed", "Qamishli"),
    ("Protesters marched down the main street of Basra on Friday.", "marched", "Basra"),
    # the ground taken is the place, not the wider area around it ...
    ("Iraqi forces captured Ramadi in western Anbar.", "captured", "Ramadi"),
    ("Rebels entered Kafr Nabl on Tuesday.", "entered", "Kafr Nabl"),  # tagged an organisation
    # the clause a participle hangs from, with its object's and the other side's phrases
    ("Insurgents shot down a helicopter in central Iraq on Sunday, killing 15 soldiers.", "killing", "Iraq"),
    ("A bomber blew himself up on a bus in Jerusalem, killing 11 people and wounding 24 others.", "wounding",
     "Jerusalem"),
    # ... also when a clause describes it
    ("Iraqi forces entered Ramadi, a city that the militants had seized in May.", "seized", "Ramadi"),
])
def test_where_the_event_is_when_its_own_words_do_not_say(text, verb, place):
    start = text.index(verb)
    assert dyadwatch.locate_event(text, start, start + len(verb))["text"] == place


def test_a_coordinated_place_does_not_override_the_events_own():
    text = "Troops patrolled parts of Raqqa and kept a heavy force around the governor's office in Hasakah."
    start = text.index("patrolled")
    assert dyadwatch.locate_event(text, start, start + len("patrolled"))["text"] == "Raqqa"


def test_a_local_group_placed_by_the_document_takes_its_main_country():
    # the protest's own phrase names no place; the document's places are in Burkina Faso, bar a
    # "pro-Russia" that only describes the demonstration
    events = dyadwatch.code_text(
        "On 21 June 2022, a number of people staged a pro-Russia demonstration organized by a coalition "
        "of civil society organizations in the city of Bobo-Dioulasso (Bobo-Dioulasso, Houet).",
        published="2022-06-25")
    protest = next(e for e in events if e["type"] == "PROTEST")
    assert protest["place"]["country"] == "BFA" and protest["sources"][0]["id"] == "BFACVL"


def test_an_acronym_is_not_a_loose_alias_of_a_town():
    from dyadwatch.places.resolve import resolve_toponym

    up = resolve_toponym("UP")  # Uttar Pradesh in ACLED's notes; an alternate name of Opp, Alabama
    assert up is None or up.country == "IND"
    assert resolve_toponym("AANES").country == "SYR"  # our overlay's acronyms stay


def test_a_place_located_in_another_is_read_inside_it():
    place = _place("On 27 January 2022, about 20 workers protested in Gaviao located in Vila Nova de Famalicao, "
                   "demanding better working conditions.", "2022-02-01")
    assert place["country"] == "PRT"


def test_an_unknown_organisation_is_taken_to_be_local():
    events = dyadwatch.code_text("On 10 June 2022, members of the All Revenue Sindh Employees Association held a "
                                 "protest demonstration in Ghotki city (Ghotki, Sindh) against inflation.",
                                 published="2022-06-14")
    protest = next(e for e in events if e["type"] == "PROTEST")
    (source,) = protest["sources"]
    assert source["id"].startswith("UNK_") and source["country"] == "PAK"
    assert "from the event's place" in source["name"]


def test_an_unidentified_perpetrator_is_taken_to_be_local_and_stays_unidentified():
    events = dyadwatch.code_text("On 5 April 2022, in Leon de los Aldama, Guanajuato, a man was shot and killed.",
                                 published="2022-04-10")
    attack = next(e for e in events if e["type"] == "ASSAULT")
    (source,) = attack["sources"]
    # an unidentified armed force (PLOVER UAF, folded into REB), still with no id of its own
    assert source["id"] == "---" and source["country"] == "MEX" and source["sector"] == "REB"
    # shelling is an army's weapon: its unnamed author keeps no sector ("by shelling" names no one)
    (shelled,) = dyadwatch.code_text("On 5 April 2022, in Donetsk, two civilians were killed by shelling.",
                                     published="2022-04-10")
    assert [(s["id"], s["sector"]) for s in shelled["sources"]] == [("---", None)]


def test_a_documents_names_agree_on_the_country_they_could_all_be_in():
    found = {p["text"]: p for p in dyadwatch.geocode_text(
        "A man from Athens was arrested in Charleston on Friday, Georgia police said. "
        "He was taken to Savannah.")}
    assert found["Georgia"]["country"] == "USA"  # the state, not the Caucasus republic
    assert found["Athens"]["country"] == "USA"


def test_the_documents_place_is_the_area_most_of_its_places_are_in():
    from dyadwatch.places.geocode import DocumentPlaces
    from dyadwatch.places.records import Placement

    def placed(name, admin1, precision, gid):
        return Placement(name, name, 36.0, 37.0, "SYR", admin1, precision, 0.9, gid)

    syria = Placement("Syria", "Syria", 35.0, 38.0, "SYR", None, "country", 0.99, "country:SY")
    aleppo = placed("Aleppo", "Aleppo", "town", "g:1")
    azaz = placed("Azaz", "Aleppo", "town", "g:2")
    # Syria is named most, but the places below it are all in Aleppo province: the province, at
    # its most named town's point, no more precise than the province
    found = DocumentPlaces(placements=[syria, syria, syria, aleppo, aleppo, azaz]).dominant()
    assert found.name == "Aleppo" and found.precision == "admin1"
    idlib, homs = placed("Idlib", "Idlib", "town", "g:3"), placed("Homs", "Homs", "town", "g:4")
    # a country named most often as a topic ("US") loses to the country the places are in, and
    # in it to the province most of them lie in
    us = Placement("US", "United States", 39.0, -98.0, "USA", None, "country", 0.99, "country:US")
    assert DocumentPlaces(placements=[us, us, us, us, syria, aleppo, azaz, idlib]).dominant().name == "Aleppo"
    # provinces level with one another: the one named first, where the news leads, as an area
    found = DocumentPlaces(placements=[syria, syria, homs, idlib, syria]).dominant()
    assert (found.name, found.precision) == ("Homs", "admin1")


def test_a_country_named_by_the_event_is_narrowed_to_the_documents_area():
    events = dyadwatch.code_text(
        "US jets killed at least 15 civilians in Syria on Monday. Residents of Manbij, east of Aleppo, "
        "and of the nearby town of al-Bab said the jets came at night.", published="2016-07-19")
    strike = next(e for e in events if e["trigger"]["text"] == "killed")
    place = strike["place"]
    assert place["country"] == "SYR" and place["admin1"] is not None and place["precision"] == "admin1"
    assert place["source"].endswith("narrowed by the document") and place["resolved_name"] is None


@pytest.mark.parametrize(("text", "country"), [
    # "City Hall" is a place name in Germany's GeoNames, and "canton" an old name of Guangzhou
    ("Residents of Lerdo, Durango, protested at City Hall on Monday.", "MEX"),
    ("On 9 January 2024, near San Antonio de Cortes, Cortes, police forces seized a drug laboratory in "
     "canton El Encanto.", "HND"),
    # a city abroad of some size is believed
    ("On 3 March 2024, in Mosul, Nineveh, officials said that Iraqi diplomats met French officials in Paris.",
     "FRA"),
])
def test_a_small_namesake_abroad_gives_way_to_the_documents_country(text, country):
    assert _place(text, "2024-03-10")["country"] == country


def test_a_country_named_as_a_topic_does_not_move_an_event_abroad():
    place = _place("On 24 February 2024, people demonstrated in Saalfeld against the war in Ukraine.", "2024-03-01")
    assert place["country"] == "DEU" and place["source"] == "clause"


def test_where_a_monitor_is_based_is_not_where_the_event_happened():
    text = ("At least 12 fighters were killed in clashes with Kurdish militants in the Syrian city of Hasaka "
            "early Friday the UK-based Syrian Observatory for Human Rights said.")
    (event,) = dyadwatch.code_text(text, published="2013-08-03")
    assert event["place"]["country"] == "SYR" and event["place"]["name"] == "Hasaka"


def test_a_headline_takes_the_place_of_the_lead_that_tells_it_again():
    text = ("Syria Kurdish Islamist violence kills 12 Al-Qaeda-linked fighters.\n\n"
            "At least 12 Islamist fighters were killed in clashes with Kurdish militants in the Syrian city of "
            "Hasaka early Friday, a monitor said. Talks between the parties later broke down in Turkey.")
    events = dyadwatch.code_text(text, published="2013-08-03")
    headline = next(e for e in events if e["trigger"]["text"] == "kills")
    place = headline["place"]
    assert place["name"] == "Hasaka" and place["country"] == "SYR"
    assert place["source"].endswith("of the same event told again")
    assert text[place["start"]:place["end"]] == "Hasaka"  # the evidence is where the lead says it


def test_a_country_that_acts_or_is_addressed_is_not_where_things_happen():
    # Russia is named three times, as a party; the one place things happen is Aleppo
    text = ("Russia accused the United States of breaking the truce on Monday. Russia warned Washington on "
            "Tuesday. Russia also criticised Turkey. Air strikes killed five civilians on Sunday, activists "
            "in Aleppo said.")
    events = dyadwatch.code_text(text, published="2016-09-12")
    accusation = next(e for e in events if e["trigger"]["text"] == "accused")
    assert accusation["place"]["country"] == "SYR" and accusation["place"]["source"] == "document"
    criticism = next(e for e in events if e["trigger"]["text"] == "criticised")
    assert criticism["place"]["name"] != "Turkey"


@pytest.mark.parametrize(("text", "name"), [
    # a patron's or a home's name, and a group's legal standing abroad, are not the event's place
    ("Seven militants were killed in US-led air strikes on Wednesday in the northwestern province of Idlib.",
     "Idlib"),
    ("Syrian government forces clashed with fighters of the Islamic State (banned in Russia) near Palmyra.",
     "Palmyra"),
    ("A woman was killed when al-Nusra Front (Qaeda branch in the Levant) terrorists fired two mortar shells "
     "on Homs.", "Homs"),
])
def test_a_patron_or_a_ban_abroad_is_not_the_place(text, name):
    assert _place(text, "2016-07-09")["name"] == name
