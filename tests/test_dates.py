import datetime as dt

import pytest

from dyadwatch.dates.resolve import resolve

ANCHOR = dt.date(2025, 6, 1)


@pytest.mark.parametrize(
    ("text", "value", "granularity", "start", "end"),
    [
        ("26 December 2024", "2024-12-26", "day", "2024-12-26", "2024-12-26"),
        ("last January", "2025-01", "month", "2025-01-01", "2025-01-31"),
        ("mid-March", "2025-03", "range", "2025-03-11", "2025-03-20"),
        ("On 1 April", "2025-04-01", "day", "2025-04-01", "2025-04-01"),
        ("this May", "2025-05", "month", "2025-05-01", "2025-05-31"),
        ("In February", "2025-02", "month", "2025-02-01", "2025-02-28"),
        ("in April", "2025-04", "month", "2025-04-01", "2025-04-30"),
        ("the 2000s", "200", "range", "2000-01-01", "2009-12-31"),
        ("between 2005 and 2011", "2005/2011", "range", "2005-01-01", "2011-12-31"),
        ("late 2024", "2024", "range", "2024-09-01", "2024-12-31"),
        ("last week", "2025-W21", "week", "2025-05-19", "2025-05-25"),
        ("December 25, 2024", "2024-12-25", "day", "2024-12-25", "2024-12-25"),
        ("yesterday", "2025-05-31", "day", "2025-05-31", "2025-05-31"),
        ("three days ago", "2025-05-29", "day", "2025-05-29", "2025-05-29"),
    ],
)
def test_resolves_news_expressions(text, value, granularity, start, end):
    got = resolve(text, ANCHOR)
    assert got is not None
    assert (got.value, got.granularity, got.start.isoformat(), got.end.isoformat()) == (value, granularity, start, end)


def test_month_without_year_is_the_most_recent_one():
    # In a June article "December" is last December, not the coming one.
    assert resolve("December", ANCHOR).value == "2024-12"
    assert resolve("next December", ANCHOR).value == "2025-12"


def test_month_a_little_ahead_is_the_coming_one_unless_the_clause_looks_back():
    # In a late-October article "early November" is days away, not a year and a half back;
    # "in January" is three months ahead against nine behind. Six ahead against six behind
    # stays in the past, as does any month in a clause told in the past tense.
    october = dt.date(1989, 10, 30)
    assert resolve("early November", october).value == "1989-11"
    assert resolve("in January", october).value == "1990-01"
    assert resolve("in April", october).value == "1989-04"
    assert resolve("in January", october, past=True).value == "1989-01"


def test_weekday_is_the_most_recent_one():
    # 2025-06-01 is a Sunday; "Thursday" is 29 May.
    assert resolve("on Thursday", ANCHOR).value == "2025-05-29"


def test_since_is_kept_as_modifier():
    got = resolve("since 2019", ANCHOR)
    assert got.value == "2019" and got.modifier == "since"


@pytest.mark.parametrize("text", ["", "the day", "several hours", "42"])
def test_unresolvable_gives_none(text):
    assert resolve(text, ANCHOR) is None


def test_find_dates_public_api():
    import dyadwatch

    found = dyadwatch.find_dates("The minister visited Baghdad in mid-March and returned on 1 April.",
                                 published="2025-06-01")
    values = [f["value"] for f in found]
    assert "2025-03" in values and "2025-04-01" in values
    for f in found:
        assert {"text", "start", "end", "value"} <= set(f)


def test_weekday_before_a_date_is_ignored():
    assert resolve("Saturday, April 25", dt.date(1998, 4, 27)).value == "1998-04-25"


@pytest.fixture
def find():
    import dyadwatch

    return lambda text, published: dyadwatch.find_dates(text, published=published)


def test_future_clause_reads_bare_weekday_forward(find):
    values = [t["value"] for t in find("They will meet separately Monday with the envoy.", "2000-01-07")]
    assert values == ["2000-01-10"]
    values = [t["value"] for t in find("He met the envoy on Monday.", "2000-01-07")]
    assert values == ["2000-01-03"]


def test_quarters_and_trimmed_spans(find):
    assert [t["value"] for t in find("Profit rose in the third quarter.", "1989-10-25")] == ["1989-Q3"]
    assert [t["value"] for t in find("And just last month, a bomb exploded.", "1998-02-10")] == ["1998-01"]


def test_reference_words_are_kept_but_not_dates(find):
    found = find("Troops are now part of the force, as soon as Tuesday.", "1990-08-15")
    # "as soon as Tuesday" is ahead
    assert [(t["text"], t["value"]) for t in found] == [("now", "PRESENT_REF"), ("Tuesday", "1990-08-21")]


def test_expressions_that_point_back_resolve_against_the_date_before(find):
    found = find("In March 1996 the company was sold. That year, profits fell. The following month, it "
                 "closed a plant. On 12 June 1997 he resigned; the next day he left.", "1998-02-01")
    assert [(t["text"], t["value"]) for t in found] == [
        ("March 1996", "1996-03"), ("That year", "1996"), ("The following month", "1996-04"),
        ("12 June 1997", "1997-06-12"), ("the next day", "1997-06-13")]


def test_numeric_dates_take_the_order_nearer_the_document():
    # "01-02-2015" in an article of 1 February 2015 is the first of February, not 2 January
    assert resolve("01-02-2015", dt.date(2015, 2, 1)).start == dt.date(2015, 2, 1)
    assert resolve("03-07-2015", dt.date(2015, 7, 4)).start == dt.date(2015, 7, 3)
    # a part over 12 decides the order whatever the document's date
    assert resolve("12/25/2015", dt.date(2016, 1, 1)).start == dt.date(2015, 12, 25)
    assert resolve("18-07-2016", dt.date(2016, 1, 1)).start == dt.date(2016, 7, 18)
    # "9 Aug 2016 5 people were killed": a count after a year is no month
    assert resolve("2016 5", dt.date(2016, 8, 9)) is None


def test_may_day_is_a_day_and_a_march_that_opens_a_title_is_no_date():
    import dyadwatch

    found = {t["text"]: t["value"] for t in dyadwatch.find_dates(
        "On 1 May 2022, thousands staged a May Day protest. Others joined a 'March for Our Lives' rally. "
        "Talks were held in March for the second time.", "2022-06-15")}
    assert found.get("May Day") == "2022-05-01"
    assert found.get("March") == "2022-03"  # the talks' March, not the rally's title
    assert sum(1 for text in found if "March" in text) == 1


@pytest.mark.parametrize(
    ("text", "anchor", "value"),
    [
        ("from Aug. 26 to Oct. 20", dt.date(1989, 10, 30), "1989-08-26/1989-10-20"),
        ("from 3 to 5 March 2024", dt.date(2025, 6, 1), "2024-03-03/2024-03-05"),
        ("between 3 March and 5 April 2024", dt.date(2025, 6, 1), "2024-03-03/2024-04-05"),
        ("May 5-7", dt.date(2025, 6, 1), "2025-05-05/2025-05-07"),
        ("nineteen ninety-six", dt.date(1998, 2, 27), "1996"),
        ("January nineteen ninety-seven", dt.date(1998, 2, 27), "1997-01"),
        ("the year two thousand", dt.date(1998, 2, 27), "2000"),
        ("the nineties", dt.date(1998, 2, 27), "199"),
        ("the 20th century", dt.date(1998, 2, 27), "19"),
        ("the mid-1990s", dt.date(1998, 2, 27), "199"),
        ("the fiscal year", dt.date(1989, 11, 2), "1989"),
        ("the end of the year", dt.date(1989, 11, 2), "1989"),
        ("this summer", dt.date(1998, 3, 22), "1998-SU"),
        ("last year's quarter", dt.date(1989, 11, 1), "1988-Q3"),
        ("Thanksgiving Day", dt.date(2000, 1, 7), "1999-11-25"),
        ("Easter 2024", dt.date(2025, 6, 1), "2024-03-31"),
        ("last Oct. 23", dt.date(1999, 4, 19), "1998-10-23"),
        ("the January 1998", dt.date(1999, 5, 6), "1998-01"),
        ("the week of March 6", dt.date(2000, 2, 24), "2000-W10"),
        ("by year-end", dt.date(1989, 10, 30), "1989"),
    ],
)
def test_ranges_spoken_years_holidays_and_this_year(text, anchor, value):
    assert resolve(text, anchor).value == value


def test_a_list_of_two_days_is_not_a_range(find):
    found = find("The envoy visited on 26 December and 2 January.", "2025-01-10")
    assert [t["value"] for t in found] == ["2024-12-26", "2025-01-02"]
    assert resolve("two thousand years", dt.date(1998, 2, 27)) is None  # a count, not the year 2000


def test_a_year_ago_in_a_quarterly_report_is_the_same_quarter_last_year(find):
    found = find("Third-quarter profit fell to $5 million from $6 million a year ago. In the year-ago "
                 "quarter, sales rose. He visited Paris last year.", "1989-10-30")
    assert [(t["text"], t["value"]) for t in found] == [
        ("Third-quarter", "1989-Q3"), ("a year ago", "1988-Q3"), ("the year-ago quarter", "1988-Q3"),
        ("last year", "1988")]
    assert [t["value"] for t in find("He visited Baghdad a year ago.", "1989-10-30")] == ["1988"]


def test_scheduling_words_and_untagged_days(find):
    assert [t["value"] for t in find("The closing is expected in December.", "1989-11-02")] == ["1989-12"]
    assert [t["value"] for t in find("He is to resume trading in Paris Tuesday.", "1989-10-27")] == ["1989-10-31"]
    assert [t["value"] for t in find("The talks ended in December.", "1989-11-02")] == ["1988-12"]
    assert [t["value"] for t in find("Unions planned to apply for visas today at the mission.", "2000-04-03")] \
        == ["2000-04-03"]
    values = [t["value"] for t in find("He lashed out at his relatives Sunday night.", "2000-04-17")]
    assert values == ["2000-04-16"]
    assert [t["value"] for t in find("The third quarter ended Sept. 30 was weak.", "1989-11-02")] \
        == ["1989-Q3", "1989-09-30"]


def test_context_carries_across_paragraphs_but_that_day_needs_a_day(find):
    found = find("Third-quarter profit fell.\n\nA year earlier it rose.\n\nIn 1987 prices fell; trades made "
                 "that day lost money.", "1989-10-30")
    assert [(t["text"], t["value"]) for t in found] == [
        ("Third-quarter", "1989-Q3"), ("A year earlier", "1988-Q3"), ("1987", "1987")]


def test_deadlines_look_ahead_and_time_words_without_a_date(find):
    assert [t["value"] for t in find("It must repay the loan by February.", "1989-10-30")] == ["1990-02"]
    assert [t["value"] for t in find("But by Monday, officials had hardened their stance.", "2000-04-05")] \
        == ["2000-04-03"]
    found = find("Costs rose on recent declines and will fall in the near term.", "1989-10-30")
    assert [(t["text"], t["value"]) for t in found] == [("recent", "PAST_REF"), ("the near term", "FUTURE_REF")]


def test_the_tense_of_the_clause_picks_the_year_of_a_day(find):
    assert [t["value"] for t in find("In the fiscal year ended Jan. 31, sales rose.", "1989-10-31")] == ["1989-01-31"]
    assert [t["value"] for t in find("The deal was signed on 3 March.", "2025-01-10")] == ["2024-03-03"]
    assert [t["value"] for t in find("The talks will open on 3 March.", "2025-01-10")] == ["2025-03-03"]
    # a deadline the clause reaches towards is not over
    assert [t["value"] for t in find("The offer was extended to Nov. 16.", "1989-10-30")] == ["1989-11-16"]
    # a modal on the verb the date modifies looks ahead; a date on a noun does not follow it
    assert [t["value"] for t in find("He said he would visit Baghdad on Monday.", "2000-01-07")] == ["2000-01-10"]
    assert [t["value"] for t in find("They would appeal Wednesday's ruling.", "2000-01-07")] == ["2000-01-05"]


def test_feasts_the_tagger_missed_and_a_second_day_of_the_month(find):
    assert [t["value"] for t in find("He was found at sea last Thanksgiving after a wreck.", "2000-02-10")] \
        == ["1999-11-25"]
    assert [t["value"] for t in find("The summit will be held on April 24 and 25.", "1999-02-10")] \
        == ["1999-04-24", "1999-04-25"]
    assert [t["value"] for t in find("Talks were held on 3 March and 12 people died.", "2025-04-01")] == ["2025-03-03"]


def test_future_before_a_noun_looks_ahead_without_a_date(find):
    found = find("The charge will cut future losses at the unit.", "1989-10-30")
    assert [(t["text"], t["value"]) for t in found] == [("future", "FUTURE_REF")]
    assert find("Oil futures fell.", "1989-10-30") == []
