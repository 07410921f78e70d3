"""Resolve one temporal expression against an anchor (publication) date.

Our own layer handles the forms news uses most and that dateparser alone gets wrong or cannot
express as a span (mid-March, last January, this May, the 2000s, between 2005 and 2011, last
week); everything else goes to dateparser, always with ``languages=["en"]`` (much faster).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from dateutil.easter import easter

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                "eight": 8, "nine": 9, "ten": 10, "a": 1, "an": 1, "several": 3, "few": 3}
SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}

_MONTH_RE = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_MOD_RE = r"(?:(?P<mod>mid|early|late|the\s+end\s+of|end\s+of|the\s+beginning\s+of|beginning\s+of|the\s+start\s+of|start\s+of|the\s+middle\s+of|middle\s+of)[\s-]+)?"
_REL_RE = r"(?:(?P<rel>last|this|next|past|previous|coming|earlier\s+this|later\s+this)\s+)?"


@dataclass(frozen=True)
class Resolved:
    value: str
    granularity: str  # day | week | month | quarter | year | range | ref
    start: dt.date
    end: dt.date
    modifier: str | None = None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _month_span(year: int, month: int, mod: str | None) -> Resolved:
    last = calendar.monthrange(year, month)[1]
    value = f"{year:04d}-{month:02d}"
    if not mod:
        return Resolved(value, "month", dt.date(year, month, 1), dt.date(year, month, last))
    key = mod.replace("the ", "").strip()
    if key in ("early", "beginning of", "start of"):
        lo, hi, tag = 1, 10, "early"
    elif key in ("mid", "middle of"):
        lo, hi, tag = 11, 20, "mid"
    else:
        lo, hi, tag = 21, last, "late"
    return Resolved(value, "range", dt.date(year, month, lo), dt.date(year, month, hi), tag)


def _year_span(year: int, mod: str | None = None) -> Resolved:
    if not mod:
        return Resolved(f"{year:04d}", "year", dt.date(year, 1, 1), dt.date(year, 12, 31))
    key = mod.replace("the ", "").strip()
    if key in ("early", "beginning of", "start of"):
        return Resolved(f"{year:04d}", "range", dt.date(year, 1, 1), dt.date(year, 4, 30), "early")
    if key in ("mid", "middle of"):
        return Resolved(f"{year:04d}", "range", dt.date(year, 5, 1), dt.date(year, 8, 31), "mid")
    return Resolved(f"{year:04d}", "range", dt.date(year, 9, 1), dt.date(year, 12, 31), "late")


def _month_year_for(month: int, rel: str | None, anchor: dt.date, past: bool = False) -> int:
    """The year a month name without a year refers to: the nearest such month, news style, with
    a month ahead counting double (news mostly reports what happened, yet "in November" written
    in late October is the coming one); a clause in the past tense only looks back."""
    rel = (rel or "").replace("earlier ", "").replace("later ", "")
    if rel == "this":
        return anchor.year
    if rel in ("next", "coming"):
        return anchor.year if month > anchor.month else anchor.year + 1
    if rel in ("last", "past", "previous"):
        return anchor.year if month < anchor.month else anchor.year - 1
    behind = (anchor.month - month) % 12
    ahead = 12 - behind
    if behind == 0 or past or behind <= 2 * ahead:
        return anchor.year if month <= anchor.month else anchor.year - 1
    return anchor.year if month > anchor.month else anchor.year + 1


def _day_date(year: int | None, month: int, day: int, anchor: dt.date, future: bool = False,
              past: bool = False) -> dt.date | None:
    """The date of 'day month'; without a year, the nearest such day to the anchor, with the
    past preferred (news mostly reports what happened; a day ahead counts double) unless the
    clause speaks of the future (then a day behind counts double)."""
    if year is not None:
        try:
            return dt.date(year, month, day)
        except ValueError:
            return None
    best: tuple[int, dt.date] | None = None
    for candidate_year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = dt.date(candidate_year, month, day)
        except ValueError:
            continue
        delta = (candidate - anchor).days
        if past and delta > 0:
            continue  # "the fiscal year ended Jan. 31": a clause in the past tense looks back
        if future:
            cost = delta if delta >= 0 else -2 * delta
        else:
            cost = 2 * delta if delta > 0 else -delta
        if best is None or cost < best[0]:
            best = (cost, candidate)
    return best[1] if best else None


def _holiday_date(name: str, year: int) -> dt.date:
    name = " ".join(name.split())
    if name.startswith("christmas"):
        return dt.date(year, 12, 24 if name.endswith("eve") else 25)
    if name.startswith("new year"):
        return dt.date(year, 12, 31) if name.endswith("eve") else dt.date(year, 1, 1)
    if name.startswith("thanksgiving"):  # the fourth Thursday of November (United States)
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    sunday = easter(year)  # Western Easter, as the English-language press means it
    return sunday - dt.timedelta(days=2) if name.startswith("good") else sunday


def _holiday(name: str, rel: str | None, year: int | None, anchor: dt.date, future: bool) -> Resolved | None:
    """"Thanksgiving Day", "last Christmas", "Easter 2024": the feast's day in the year given,
    else the nearest one (past first, unless the clause or "next" looks ahead)."""
    if year is not None:
        return _day(_holiday_date(name, year))
    days = [_holiday_date(name, y) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if rel in ("next", "coming") or (future and rel is None):
        ahead = [d for d in days if d >= anchor]
        return _day(ahead[0]) if ahead else None
    if rel in ("last", "past"):
        behind = [d for d in days if d < anchor]
        return _day(behind[-1]) if behind else None
    if rel == "this":
        return _day(days[1])
    return _day(min(days, key=lambda d: 2 * (d - anchor).days if d > anchor else (anchor - d).days))


def _day(d: dt.date) -> Resolved:
    return Resolved(d.isoformat(), "day", d, d)


def _week(monday: dt.date) -> Resolved:
    iso = monday.isocalendar()
    return Resolved(f"{iso[0]:04d}-W{iso[1]:02d}", "week", monday, monday + dt.timedelta(days=6))


def _year(text: str) -> int | None:
    year = int(text)
    return year if 1800 <= year <= 2100 else None


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:on\s+)?(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r",?(?:\s+(?P<year>\d{4}))?$"), "dmy"),
    (re.compile(r"^(?:on\s+)?(?:(?P<rel>last|next|this|coming)\s+)?" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?$"), "mdy"),
    # "the week of March 6": the week that holds the day
    (re.compile(r"^(?:in\s+|during\s+)?(?:the\s+)?week\s+of\s+(?:the\s+)?(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH_RE + r"|"
                + _MONTH_RE.replace("(?P<month>", "(?P<month2>") + r"\s+(?P<day2>\d{1,2})(?:st|nd|rd|th)?)(?:,?\s+(?P<year>\d{4}))?$"), "week_of"),
    (re.compile(r"^(?P<year>\d{4})-(?P<mnum>\d{2})-(?P<day>\d{2})$"), "iso"),
    (re.compile(r"^(?:on\s+)?(?:the\s+)?may\s+day(?:\s+(?P<year>\d{4}))?$"), "may_day"),  # 1 May
    (re.compile(r"^(?:on\s+|at\s+|over\s+|by\s+)?(?:(?P<rel>last|this|next|past|coming)\s+)?(?P<holiday>christmas(?:\s+day|\s+eve)?|"
                r"new\s+year'?s?(?:\s+day|\s+eve)|thanksgiving(?:\s+day)?|easter(?:\s+sunday|\s+day)?|good\s+friday)"
                r"(?:\s+(?P<year>\d{4}))?$"), "holiday"),
    (re.compile(r"^(?:in\s+|during\s+|by\s+)?(?:the\s+)?" + _MOD_RE + _REL_RE + _MONTH_RE + r",?(?:\s+(?:of\s+)?(?P<year>\d{4}))?$"), "month"),
    # "January this year", "June last year"
    (re.compile(r"^(?:in\s+|during\s+|by\s+)?" + _MOD_RE + _MONTH_RE + r"\s+(?:of\s+)?(?P<yrel>this|last|next)\s+year$"), "month_of_year"),
    (re.compile(r"^(?:in\s+|during\s+|by\s+)?" + _MOD_RE + r"(?:the\s+year\s+)?(?P<year>\d{4})$"), "year"),
    (re.compile(r"^(?:in\s+|during\s+|by\s+)?(?:the\s+)?" + _MOD_RE + r"(?P<decade>\d{3})0'?s$"), "decade"),
    (re.compile(r"^(?:in\s+|during\s+|by\s+)?(?:the\s+)?(?P<century>\d{1,2})(?:st|nd|rd|th)[\s-]+century$"), "century"),
    (re.compile(r"^(?:in\s+|during\s+|over\s+)?(?:the\s+)?(?P<rel>last|previous|this|next|coming)\s+decade$"), "reldecade"),
    (re.compile(r"^(?:between\s+|from\s+)?(?P<y1>\d{4})\s*(?:and|to|-|–|until)\s*(?P<y2>\d{4})$"), "years"),
    # "the year", "the fiscal year", "earlier in the year", "the end of the year": the current one
    (re.compile(r"^(?:for\s+|in\s+|during\s+|(?:earlier|later)\s+in\s+)?" + _MOD_RE + r"the\s+(?:full\s+|fiscal\s+|current\s+|calendar\s+|whole\s+|entire\s+)?year$"), "the_year"),
    (re.compile(r"^(?:around\s+|by\s+|at\s+)?(?:the\s+)?year(?:'s)?[\s-]end$"), "year_end"),
    (re.compile(r"^(?:on\s+)?(?:(?P<rel>last|this|next|past|previous|coming)\s+)?(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)$"), "weekday"),
    (re.compile(r"^(?:(?P<rel>earlier|later)\s+)?(?P<which>today|tonight|yesterday|tomorrow|last\s+night|this\s+morning|this\s+afternoon|this\s+evening)$"), "deictic"),
    (re.compile(r"^" + _MOD_RE + r"(?:(?P<rel>last|this|next|past|previous|coming|earlier\s+this|later\s+this)\s+)(?P<unit>week|month|year)$"), "relunit"),
    (re.compile(r"^(?P<num>\d+|one|two|three|four|five|six|seven|eight|nine|ten|a|an|several|few)\s+(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)$"), "ago"),
    (re.compile(r"^(?:in\s+|during\s+)?(?:the\s+)?(?:(?P<rel>last|this|next|past)\s+)?(?P<season>spring|summer|autumn|fall|winter)(?:\s+(?:of\s+)?(?P<year>\d{4}))?$"), "season"),
    # quarters: "the third quarter", "third-quarter", "the 1988 second quarter", "Q3 2024",
    # "this year's first quarter", "the latest quarter"
    (re.compile(r"^(?:in\s+|during\s+|for\s+)?(?:the\s+)?(?:(?P<yrel>this|last|next)\s+year'?s?\s+)?(?:(?P<year0>\d{4})\s+)?(?:(?P<rel>last|this|next|past|previous|latest|current|coming|recent|most\s+recent|just-ended|just\s+ended)\s+)?(?:fiscal[\s-]+)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[\s-]+)?(?:fiscal[\s-]+|calendar[\s-]+)?quarter(?:\s+of\s+(?:fiscal\s+)?(?P<year>\d{4}))?$"), "quarter"),
    (re.compile(r"^q(?P<qn>[1-4])(?:\s+(?P<year>\d{4}))?$"), "quarter"),
]
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}

# "Saturday, April 25": the weekday only repeats what the date says
_WEEKDAY_BEFORE_DATE = re.compile(r"^(?:on\s+)?(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+(?=\S*\d|" + _MONTH_RE.replace("(?P<month>", "(?:") + r")")
_LEAD = re.compile(r"^(?:since|back\s+in|as\s+early\s+as|as\s+of|until|till|before|after|around|about|by|from|in|on|at|during|of)\s+", re.I)


_ANAPHORIC = re.compile(r"^(?:on\s+|in\s+|during\s+)?(?:(?:earlier|later)\s+)?(?:(?P<same>that|the\s+same)|(?P<step>the\s+following|the\s+next|"
                        r"the\s+previous|the\s+preceding))\s+(?P<unit>day|week|month|year)$")


def resolve_relative(expression: str, reference: Resolved) -> Resolved | None:
    """Expressions that point at a date the text gave before ("that year", "the same day", "the
    following month"), resolved against that ``reference`` rather than the publication date."""
    text = " ".join(expression.lower().split()).strip(" ,.;:")
    m = _ANAPHORIC.match(text)
    if not m:
        return None
    unit = m.group("unit")
    finest = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}
    if finest.get(reference.granularity, 5) > finest[unit]:
        return None  # "that day" after "in 1987" points at no day
    step = 0
    if m.group("step"):
        step = -1 if any(w in m.group("step") for w in ("previous", "preceding")) else 1
    if unit == "day":
        return _day(reference.start + dt.timedelta(days=step))
    return _relative_unit(unit, {-1: "previous", 0: "this", 1: "next"}[step], None, reference.start)


# Years a resolved expression may fall in (the span's end may run into the next year: winter).
MIN_YEAR, MAX_YEAR = 1800, 2100


def resolve(expression: str, anchor: dt.date, future: bool = False, past: bool = False) -> Resolved | None:
    """Resolve ``expression`` (e.g. "mid-March", "26 December 2024") against ``anchor``. With
    ``future`` (the clause speaks of what will happen) a bare weekday, month or day-and-month is
    the next one rather than the last; with ``past`` (a clause in the past tense) a day and month
    is never after the anchor. Never raises: an expression that lands outside
    ``MIN_YEAR``..``MAX_YEAR`` ("5000 years ago", "the 0000s", "next year" from a 9999 anchor) is
    not resolved."""
    try:
        result = _resolve(expression, anchor, future, past)
    except (ValueError, OverflowError):  # a date datetime cannot hold
        return None
    if result is None or result.start > result.end or not (
            MIN_YEAR <= result.start.year <= MAX_YEAR and result.end.year <= MAX_YEAR + 1):
        return None
    return result


_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
         "ninety": 90}
_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
          "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19}
_SPOKEN_YEAR = re.compile(r"\b(?P<century>eighteen|nineteen|twenty)[\s-]+(?:(?P<teen>" + "|".join(_TEENS) + r")|(?P<tens>"
                          + "|".join(_TENS) + r")(?:[\s-]+(?P<unit>" + "|".join(_UNITS) + r"))?|(?:oh[\s-]+)(?P<oh>"
                          + "|".join(_UNITS) + r"))\b")
_SPOKEN_MILLENNIUM = re.compile(r"(?:^|\byear\s+|\bin\s+|\bby\s+)two\s+thousand(?:\s+(?:and\s+)?(?P<unit>" + "|".join(_UNITS) + r"))?(?=\s*$|\s*[,;])")
_SPOKEN_DECADE = re.compile(r"\bthe\s+(?P<tens>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")


def _digits_for_spoken_years(text: str) -> str:
    """Broadcast transcripts spell years out: "nineteen ninety-six", "the year two thousand",
    "the nineties"; read them as the digits the patterns know."""
    if not any(w in text for w in ("een", "thousand", "ties")):
        return text

    def year(m: re.Match[str]) -> str:
        century = {"eighteen": 1800, "nineteen": 1900, "twenty": 2000}[m["century"]]
        if m["teen"]:
            return str(century + _TEENS[m["teen"]])
        if m["oh"]:
            return str(century + _UNITS.index(m["oh"]) + 1)
        return str(century + _TENS[m["tens"]] + (_UNITS.index(m["unit"]) + 1 if m["unit"] else 0))

    text = _SPOKEN_YEAR.sub(year, text)
    text = _SPOKEN_MILLENNIUM.sub(lambda m: m.group(0)[:m.group(0).find("two")]
                                  + str(2000 + (_UNITS.index(m["unit"]) + 1 if m["unit"] else 0)), text)
    return _SPOKEN_DECADE.sub(lambda m: f"the 19{_TENS[m['tens'][:-3] + 'y']}s", text)


def _resolve(expression: str, anchor: dt.date, future: bool, past: bool = False) -> Resolved | None:
    text = " ".join(expression.replace("\u2019", "'").split()).strip(" ,.;:").lower()
    text = _digits_for_spoken_years(text)
    if not text:
        return None
    text = _WEEKDAY_BEFORE_DATE.sub("", text)
    modifier = None
    lead = _LEAD.match(text)
    if lead and lead.group(0).strip().split()[0] in ("since", "back", "until", "till", "before", "after"):
        modifier = lead.group(0).strip()
    result = _resolve_core(text, anchor, future, past)
    if result is None and lead:
        result = _resolve_core(text[lead.end():], anchor, future, past)
    if result is None:
        result = _range(text, anchor, future)
    if result is None and _YEAR_THEN_COUNT.fullmatch(text):
        return None  # "9 Aug 2016 5 people were killed": a count after the year, not May 2016
    if result is None:
        result = _numeric(text, anchor)
    if result is None:
        result = _with_dateparser(text, anchor)
    if result is not None and modifier and not result.modifier:
        result = Resolved(result.value, result.granularity, result.start, result.end, modifier)
    return result


def _resolve_core(text: str, anchor: dt.date, future: bool = False, past: bool = False) -> Resolved | None:
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if not m:
            continue
        g = m.groupdict()
        if kind in ("dmy", "mdy", "iso"):
            month = int(g["mnum"]) if kind == "iso" else MONTHS[g["month"].rstrip(".")]
            year = _year(g["year"]) if g.get("year") else None
            rel = g.get("rel")
            d = _day_date(year, month, int(g["day"]), anchor, future or rel in ("next", "coming"),
                          past and not future and rel is None)
            if d and year is None and rel == "last" and d >= anchor:  # "last Oct. 23": the one gone by
                d = _day_date(anchor.year - 1, month, int(g["day"]), anchor)
            return _day(d) if d else None
        if kind == "week_of":
            month = MONTHS[(g["month"] or g["month2"]).rstrip(".")]
            year = _year(g["year"]) if g.get("year") else None
            d = _day_date(year, month, int(g["day"] or g["day2"]), anchor, future)
            return _week(d - dt.timedelta(days=d.weekday())) if d else None
        if kind == "may_day":
            year = _year(g["year"]) if g.get("year") else None
            d = _day_date(year, 5, 1, anchor, future)
            return _day(d) if d else None
        if kind == "holiday":
            return _holiday(g["holiday"], g.get("rel"), _year(g["year"]) if g.get("year") else None, anchor, future)
        if kind == "month":
            month = MONTHS[g["month"].rstrip(".")]
            rel = g.get("rel") or ("coming" if future and month != anchor.month else None)
            year = _year(g["year"]) if g.get("year") else _month_year_for(month, rel, anchor, past and not future)
            return _month_span(year, month, g.get("mod")) if year else None
        if kind == "month_of_year":
            month = MONTHS[g["month"].rstrip(".")]
            year = anchor.year + {"this": 0, "last": -1, "next": 1}[g["yrel"]]
            return _month_span(year, month, g.get("mod"))
        if kind == "year":
            year = _year(g["year"])
            return _year_span(year, g.get("mod")) if year else None
        if kind == "decade":
            first = int(g["decade"]) * 10
            lo, hi = {"early": (0, 3), "mid": (3, 6), "middle of": (3, 6), "late": (7, 9)}.get(
                (g.get("mod") or "").replace("the ", ""), (0, 9))
            return Resolved(g["decade"], "range", dt.date(first + lo, 1, 1), dt.date(first + hi, 12, 31))
        if kind == "century":
            number = int(g["century"])
            first = (number - 1) * 100
            if not 1 <= number <= 21:
                return None
            return Resolved(f"{number - 1:02d}", "range", dt.date(max(first, 1), 1, 1), dt.date(first + 99, 12, 31))
        if kind == "reldecade":
            decade = anchor.year // 10 + {"this": 0, "next": 1, "coming": 1}.get(g["rel"], -1)
            return Resolved(f"{decade:03d}", "range", dt.date(decade * 10, 1, 1), dt.date(decade * 10 + 9, 12, 31))
        if kind == "years":
            y1, y2 = _year(g["y1"]), _year(g["y2"])
            if y1 and y2 and y1 <= y2:
                return Resolved(f"{y1}/{y2}", "range", dt.date(y1, 1, 1), dt.date(y2, 12, 31))
            return None
        if kind == "the_year":
            return _year_span(anchor.year, g.get("mod"))
        if kind == "year_end":
            return _year_span(anchor.year, "late")
        if kind == "weekday":
            target = WEEKDAYS[g["wd"]]
            delta = (anchor.weekday() - target) % 7
            if g.get("rel") in ("next", "coming") or (future and not g.get("rel")):
                return _day(anchor + dt.timedelta(days=(target - anchor.weekday()) % 7 or 7))
            if g.get("rel") in ("last", "past", "previous") and delta == 0:
                delta = 7
            return _day(anchor - dt.timedelta(days=delta))
        if kind == "deictic":
            which = g["which"]
            shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(which, 0)
            return _day(anchor + dt.timedelta(days=shift))
        if kind == "relunit":
            return _relative_unit(g["unit"], (g.get("rel") or "this").split()[-1], g.get("mod"), anchor)
        if kind == "ago":
            n = int(g["num"]) if g["num"].isdigit() else NUMBER_WORDS[g["num"]]
            unit = g["unit"]
            if unit == "day":
                return _day(anchor - dt.timedelta(days=n))
            if unit == "week":
                d = anchor - dt.timedelta(weeks=n)
                return _week(d - dt.timedelta(days=d.weekday()))
            if unit == "month":
                y, mth = divmod(anchor.year * 12 + anchor.month - 1 - n, 12)
                return _month_span(y, mth + 1, None)
            return _year_span(anchor.year - n)
        if kind == "season":
            return _season(g["season"], g.get("rel"), g.get("year"), anchor)
        if kind == "quarter":
            return _quarter(g, anchor)
    return None


_RANGE = re.compile(r"^(?:between\s+(?P<a1>\S.*?)\s+and\s+(?P<b1>\S.*)|(?:from\s+)?(?P<a>\S.*?)\s*"
                    r"(?:\s(?:to|until|till|through|thru)\s|[-\u2013])\s*(?P<b>\S.*))$")
_YEARLESS_MONTH = re.compile(r"^(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?)?" + _MONTH_RE.replace("(?P<month>", "(?:")
                             + r"(?:\s+\d{1,2}(?:st|nd|rd|th)?)?$")


def _range(text: str, anchor: dt.date, future: bool) -> Resolved | None:
    """"from Aug. 26 to Oct. 20", "3-5 March 2024", "between 3 March and 5 April 2024", "from
    today through Nov. 17": both ends resolve, and an end without a year takes it from the other
    end ("3 March" in "from 3 March to 5 April 2024" is March 2024, whatever the anchor)."""
    m = _RANGE.match(text)
    if not m:
        return None
    first, last = (m.group("a1") or m.group("a")).strip(), (m.group("b1") or m.group("b")).strip()
    if last.isdigit() and not first.isdigit():  # "May 5-7": the last day of the same month
        opening = _resolve_core(first, anchor, future)
        if opening is None or opening.granularity != "day":
            return None
        try:
            closing = _day(opening.start.replace(day=int(last)))
        except ValueError:
            return None
        if opening.start >= closing.start:
            return None
        return Resolved(f"{opening.value}/{closing.value}", "range", opening.start, closing.end)
    end = _resolve_core(last, anchor, future)
    if end is None or end.granularity not in ("day", "month", "year"):
        return None
    start: Resolved | None
    if first.isdigit() and end.granularity == "day":  # "3-5 March": the day of the same month
        try:
            start = _day(end.start.replace(day=int(first)))
        except ValueError:
            return None
    elif _YEARLESS_MONTH.match(first):  # the nearest such day or month before the end
        start = _resolve_core(first, end.start, False)
    else:
        start = _resolve_core(first, anchor, future)
    if start is None or start.granularity not in ("day", "month", "year") or start.start > end.end:
        return None
    return Resolved(f"{start.value}/{end.value}", "range", start.start, end.end)


def _quarter(g: dict[str, str | None], anchor: dt.date) -> Resolved | None:
    """A calendar quarter. An ordinal without a year is the latest such quarter that has begun
    (company reports look back); "the quarter" and "the latest quarter" are the last one ended."""
    current = (anchor.month - 1) // 3 + 1
    qn = g.get("qn")
    number = int(qn) if qn else _ORDINALS.get(g.get("ord") or "")
    year_text = g.get("year") or g.get("year0")
    year = _year(year_text) if year_text else None
    if year_text and year is None:
        return None
    rel = (g.get("rel") or "").replace("most ", "")
    yrel = g.get("yrel")
    if year is None and yrel:
        year = anchor.year + {"this": 0, "last": -1, "next": 1}[yrel]
    if number is None:
        if rel in ("this", "current"):
            year, number = anchor.year, current
        elif rel in ("next", "coming"):
            year, number = (anchor.year, current + 1) if current < 4 else (anchor.year + 1, 1)
        else:  # the quarter, the latest / last / past / previous quarter: the last one ended
            year, number = (anchor.year, current - 1) if current > 1 else (anchor.year - 1, 4)
        if yrel:  # "last year's quarter": the one just ended, a year earlier
            year += {"this": 0, "last": -1, "next": 1}[yrel]
    elif year is None:
        year = anchor.year if number <= current else anchor.year - 1
        if rel in ("next", "coming"):
            year = anchor.year if number > current else anchor.year + 1
    return quarter(year, number)


def quarter(year: int, number: int) -> Resolved:
    """Calendar quarter ``number`` (1-4) of ``year``."""
    first_month = 3 * (number - 1) + 1
    return Resolved(f"{year:04d}-Q{number}", "quarter", dt.date(year, first_month, 1),
                    _month_end(year, first_month + 2))


def _relative_unit(unit: str, rel: str, mod: str | None, anchor: dt.date) -> Resolved:
    step = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        monday = anchor - dt.timedelta(days=anchor.weekday()) + dt.timedelta(weeks=step)
        return _week(monday)
    if unit == "month":
        y, m = divmod(anchor.year * 12 + anchor.month - 1 + step, 12)
        return _month_span(y, m + 1, mod)
    return _year_span(anchor.year + step, mod)


def _season(season: str, rel: str | None, year_text: str | None, anchor: dt.date) -> Resolved | None:
    if season == "winter":
        year = _year(year_text) if year_text else anchor.year - (1 if anchor.month < 12 and rel == "last" else 0)
        if not year:
            return None
        return Resolved(f"{year}-WI", "range", dt.date(year, 12, 1), dt.date(year + 1, 2, 28))
    lo, hi = SEASONS[season]
    if year_text:
        year = _year(year_text)
    elif rel == "this":
        year = anchor.year
    elif rel == "next":
        year = anchor.year if anchor.month < lo else anchor.year + 1
    else:  # the latest one begun; "last summer" is never the one under way
        year = anchor.year if anchor.month >= lo and rel != "last" else anchor.year - 1
    if not year:
        return None
    code = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA"}[season]
    return Resolved(f"{year}-{code}", "range", dt.date(year, lo, 1), _month_end(year, hi))


_DATEPARSER_SETTINGS = {"PREFER_DATES_FROM": "past", "RETURN_AS_TIMEZONE_AWARE": False,
                        "REQUIRE_PARTS": ["year"], "PREFER_DAY_OF_MONTH": "first"}
# dateparser reads almost anything as a date ("42" becomes 2042): only ask it about text that
# names a month or carries a four-digit year or a numeric d/m/y.
_PLAUSIBLE = re.compile(r"\b(?:\d{4}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\b")


_NUMERIC_DATE = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})")
_YEAR_THEN_COUNT = re.compile(r"(?:1[89]|20)\d\d \d{1,3}")


def _numeric(text: str, anchor: dt.date) -> Resolved | None:
    """"01-02-2015": day and month in either order. A part over 12 decides; otherwise the
    reading nearer the document's date wins, since both orders are common in the press and an
    article reports what happened around when it was written."""
    m = _NUMERIC_DATE.fullmatch(text)
    if not m:
        return None
    first, second, year = (int(g) for g in m.groups())
    readings = []
    for day, month in ((first, second), (second, first)):
        try:
            readings.append(dt.date(year, month, day))
        except ValueError:
            continue
    if not readings:
        return None
    return _day(min(readings, key=lambda d: abs((d - anchor).days)))


def _with_dateparser(text: str, anchor: dt.date) -> Resolved | None:
    if not _PLAUSIBLE.search(text) or len(text) > 40:
        return None
    import dateparser  # imported lazily: it costs ~0.5 s at start-up

    settings = dict(_DATEPARSER_SETTINGS)
    settings["RELATIVE_BASE"] = dt.datetime.combine(anchor, dt.time())
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    except Exception:  # dateparser raises a zoo of errors on odd input; an unresolved date is fine
        return None
    if parsed is None or not 1800 <= parsed.year <= 2100:
        return None
    if not re.search(r"\d{4}", text) and abs(parsed.year - anchor.year) > 1:
        return None  # "April 24 and 25" is not 1925: without a written year, stay near the anchor
    return _day(parsed.date())
