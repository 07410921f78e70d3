#!/usr/bin/env python3
"""Build ``src/dyadwatch/actors/data/phoenix_actors.tsv`` from the Phoenix actor dictionaries.

Inputs (PETRARCH-2 / Phoenix dictionaries, MIT licence, Open Event Data Alliance and Parus
Analytics; read from the shared reference folder, never copied into the repository):

* ``Phoenix.Countries.actors.txt``     -- countries, their institutions and office holders
* ``Phoenix.International.actors.txt`` -- IGOs, NGOs, multinational corporations
* ``Phoenix.MilNonState.actors.txt``   -- militant non-state groups

Usage::

    python tools/build_phoenix_actors.py [--source-dir DIR] [--out PATH]

``--source-dir`` defaults to ``../shared/data/reference/petrarch2_dictionaries`` relative to the
repository root; ``--out`` defaults to ``src/dyadwatch/actors/data/phoenix_actors.tsv``. The
output is deterministic (rows sorted by id, no timestamps). Standard library only.

How the dictionary files are read
---------------------------------
* ``#`` starts a comment anywhere on a line. A line holding only a comment is ignored (it does
  not end an entry: ``#+ALIAS`` and ``#[CODE]`` lines sit inside entries), except the name-less
  root ``  # CountryInfo.txt`` (one leader whose name is missing), whose code lines are dropped.
  Empty lines are "blank".
* A line starting at column 0 (not ``+``) is a *root phrase*: words joined by ``_`` (stray
  spaces are read as ``_`` too), optionally followed on the same line by ``[CODE ...]`` blocks.
  Anything after the last ``]`` (the MNC section lists industry and revenue there) is ignored.
* ``+PHRASE`` lines are synonyms of the current entry. A ``+`` inside a synonym glues two
  synonyms together in a few places and is split.
* Indented lines carry ``[CODE]`` / ``[CODE DATES]`` blocks for the current entry.
* Root phrases that follow a root (or its synonyms) that has not received a code yet, with no
  blank line in between, are further synonyms of that entry: this is how the files list name
  variants of one leader (``LEONID_BREZHNEV_`` / ``LEONID_ILYICH_BREZHNEV`` / ... then codes).
* A blank line closes such a code-less block; an entry that never gets a code is dropped and
  counted. ``+`` lines after a blank line with no open entry start a new entry (the first
  synonym becomes the name); code lines with no open entry are dropped and counted.
* Phrases containing characters that cannot be part of a name (``: [ ] ; |`` ...), with no
  letter at all (``313_``), or with the encoding-damage characters U+001A / U+FFFD are dropped
  (two damaged leader names are repaired by hand in ``REPAIRS``). A nickname in double quotes
  (``RICHARD_"DICKIE"_BRADLEY_``) is removed, a backtick (ayn) becomes an apostrophe, an
  unclosed parenthesised note (``STANKO_TODOROV (ACTING_``) is cut off and a stray ``)`` removed.
* ``[---]`` (TABARI's "do not code") is dropped; an entry whose only code it is goes too.
* The files contain no ``<...>``/``{...}`` compound-actor blocks, ``~`` / ``=`` / ``%`` lines;
  should any appear, the line is counted as unparseable and skipped.

Dates
-----
``[CODE >D]`` = from D, ``[CODE <D]`` = until D, ``[CODE D1-D2]`` = from D1 to D2. Each date is
``YYMMDD`` (years 00-30 -> 20xx, else 19xx) or ``YYYYMMDD``. Any other shape (7, 9 or 10 digits,
a bare date without ``<``/``>``, an impossible calendar date, a range whose end precedes its
start) is a malformed restriction: the role is kept *undated* and the restriction counted. START
and END are written as ISO dates; END is the last date Phoenix gives (``<D`` -> END = D), not an
exclusive bound.

Codes -> country and sector
---------------------------
A Phoenix/CAMEO code is read as 3-letter blocks (``IRQMILSPY`` = IRQ MIL SPY).

* country: the first block if it is an ISO3 code in ``countries.tsv`` (CAMEO's ``KSV`` and
  ``TMP`` are read as ``XKX`` and ``TLS``, as in ``build_countries.py``), else empty (IGO, NGO,
  IMG, MNC, regions such as WEU/SAS, former states such as SUN/YUG/DDR).
* sector: the first block after the country block (or from the first block when there is no
  country) that maps into our sector set; blocks that do not map (MOD, RAD, religion and
  organisation sub-codes such as MUS, UNO, HCR, ...) are skipped and the search continues::

      GOV ELI -> GOV      MIL -> MIL       REB INS UAF IMG -> REB    PTY -> PTY
      SPY -> SPY          COP -> COP       LEG -> LEG                JUD -> JUD
      IGO -> IGO          NGO NGM ENV HRI -> NGO                     OPP -> OPP
      CVL REF AGR LAB CRM SET -> CVL       BUS MNC -> BUS            MED JRN -> MED
      EDU -> EDU          REL -> REL       HLH -> HLH

  (In CAMEO ``MED`` is *media*, so it stays MED; ``ELI`` -- elites, i.e. former or prospective
  office holders -- is folded into GOV as requested.) If nothing maps, the sector is empty.

Which entries are kept
----------------------
Entries none of whose codes yields a sector are dropped when they are geography: plain
countries with their cities and provinces (``AFGHANISTAN_ [AFG]``; ``countries.tsv`` already
covers them), and, in the Countries file or when every code is a bare 3-letter code, former
states, territories and regions (``[SUN]``, ``[USRARM <900823]``, ``[GBRVGB]``, ``[WEU]``).
Other sector-less entries are kept with an empty sector (``VISHWA_HINDU_PARISHAD_ [HINRAD]``).
Entries with a sector are kept even when they name a place (``WHITE_HOUSE [USAGOV]``).
Identical duplicate entries (same name, same roles) are merged.

People or organisations (``kind``)
----------------------------------
The files do not mark people explicitly; the heuristic is, in order:

1. the root line is tagged ``# CountryInfo.txt`` or ``# IGOrulers.txt`` (these blocks were
   generated from lists of heads of state, ministers and IGO heads; ~18,000 of the ~18,400
   people) -> person;
2. the entry is in the multinational corporations section of the International file, or its
   primary phrase contains a word such as PARTY, MINISTRY, FRONT, BANK, COUNCIL (``ORG_WORDS``)
   -> organisation (this keeps dated bodies such as the SPLM, the Volkskammer or the Syrian
   National Council out of the people);
3. any role uses the ``ELI`` (elite) block -> person (CAMEO gives ELI to individuals);
4. any role carries a valid date restriction -> person (dated roles are office tenures);
5. the primary phrase starts with a personal title (PRESIDENT_, SHEIKH_, COMMANDER_ ...) and
   has no ``_OF_`` (``PRESIDENT_OF_THE_UNITED_STATES_`` is an office) -> person;
6. the root line's comment describes a person (``# senior leader``, ``# member jma``) -> person;
7. otherwise organisation.

Undated individuals that Phoenix codes to an organisation (``LOUISE_ARBOUR_ [IGOUNOHRIHCH]``,
many militants in the MilNonState file) therefore come out as organisations; names of people
listed only as synonyms of a group's entry (the Free Syrian Army entry lists commanders) stay
aliases of that group. Entries with the same name but different roles are kept apart
(``PHX_XI_JINPING`` and ``PHX_XI_JINPING_2``): the same name may be two people.

Output
------
Tab separated, UTF-8, ``#`` header, then ``id kind name aliases roles``:

* id: ``PHX_`` + the primary phrase in upper case with every run of other characters than
  A-Z0-9 replaced by ``_`` (accents folded to ASCII); ``_2``, ``_3`` ... on clashes.
* name: the primary phrase in title case (``of``, ``the``, ``and``, ``al`` ... lower case inside
  a name, ``Lashkar-e-Taiba``, ``Abu Bakr al-Baghdadi``, ``O'Neil``, ``McCain``). The source is
  all upper case, so acronyms are guessed: dotted forms (U.N.), words without vowels (BBC),
  parenthesised words of at most 5 letters, single-word organisation names of at most 5 letters
  and the words in ``ACRONYMS`` stay upper case. A trailing parenthesised abbreviation whose
  letters are initials of the phrase (``..._ARMY_(AAIA)_``) is removed from the name and added
  as an alias on its own; other parentheses (``DIRECT_ACTION_(GREECE)_``) stay.
* aliases: the primary phrase and all synonyms in the same readable form, joined by ``" | "``,
  deduplicated case-insensitively; aliases shorter than 3 characters and single common English
  words (``STOPLIST``) are dropped.
* roles: ``;``-separated ``COUNTRY/SECTOR/START/END/CODE``; dated roles first, ordered by start
  date, then undated roles in dictionary order (so a consumer that takes the first matching role
  prefers a specific tenure over an undated fallback such as ``[RUSELI]``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "data" / "reference" / "petrarch2_dictionaries"
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "actors" / "data" / "phoenix_actors.tsv"
COUNTRIES_TSV = REPO_ROOT / "src" / "dyadwatch" / "actors" / "data" / "countries.tsv"

SOURCE_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)

# --- code tables ----------------------------------------------------------------------------

SECTOR_MAP = {
    "GOV": "GOV", "ELI": "GOV",
    "MIL": "MIL",
    "REB": "REB", "INS": "REB", "UAF": "REB", "IMG": "REB",
    "PTY": "PTY", "SPY": "SPY", "COP": "COP", "LEG": "LEG", "JUD": "JUD",
    "IGO": "IGO",
    "NGO": "NGO", "NGM": "NGO", "ENV": "NGO", "HRI": "NGO",
    "OPP": "OPP",
    "CVL": "CVL", "REF": "CVL", "AGR": "CVL", "LAB": "CVL", "CRM": "CVL", "SET": "CVL",
    "BUS": "BUS", "MNC": "BUS",
    "MED": "MED", "JRN": "MED",
    "EDU": "EDU", "REL": "REL", "HLH": "HLH",
}
# CAMEO country codes that differ from the ISO codes used in countries.tsv.
COUNTRY_FIX = {"KSV": "XKX", "TMP": "TLS"}

# --- text tables ----------------------------------------------------------------------------

def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Two leader names whose accented letter was destroyed (U+001A) in the source file.
REPAIRS = {
    "LIAMINE_Z\x1aROUAL_": "LIAMINE_ZEROUAL_",
    "JAN_STRASK\x1aY": "JAN_STRASKY",
}
# Single words that are too common to be an alias on their own.
STOPLIST = _words("""
    the and for all one new old its has was are not but you our out who why how any can may
    now see two way war day man men top law aid arms army navy air force forces police party
    state states government ministry minister president king queen prince chief leader leaders
    council congress senate house court union front group movement office agency bank company
    people national federal central united republic assembly parliament cabinet committee
    commission administration department regime opposition rebels rebel military security
    secretary general premier official officials spokesman embassy mission service services
    north south east west northern southern eastern western international world global
    foundation institute association center centre network alliance league society church
    organization organisation
    capital city times post news daily today mail star sun mirror guardian express herald
    journal tribune observer independent nation globe standard bulletin let car dawn zero youth
    paradise falcon tigers emetic boogeymen
""")
# Arabic articles written lower case inside a name when hyphenated ("Abu Bakr al-Baghdadi").
ARTICLES = frozenset({"al", "el", "ad", "ar", "as", "an", "ash", "at", "az", "ul"})
# Joining words that stay lower case after a hyphen ("Lashkar-e-Taiba", "Hizb-ul-Mujahideen").
HYPHEN_LINKS = ARTICLES | {"e", "i", "o", "wa", "wal", "fi", "bin", "ibn", "de", "la", "le"}
# Lower-case connecting words inside a title-cased name.
MINOR_WORDS = _words("""
    of the and for in on at to by with from a an or de del della di da das do dos du des la le
    les los el van von der den y e et und al bin ibn bint fi wa wal
""")
# Short words that are acronyms even inside longer names.
ACRONYMS = _words("""
    UN US USA UK EU AU NATO OPEC ASEAN OSCE OAS OAU OIC IMF WTO WHO ICC ICJ IAEA UNICEF UNHCR
    UNDP UNESCO UNRWA ECOWAS SADC IGAD IRA PLO PKK ETA FARC ELN ANC CIA FBI NSA KGB FSB MI5 MI6
    BBC CNN ABC CBS NBC AFP AP NGO TV II III IV HIV AIDS
""")
NOT_ACRONYMS = frozenset({"MR", "MRS", "MS", "DR", "ST", "JR", "SR", "MT", "LTD", "MGMT"})
# Words that mark an organisation rather than a person.
ORG_WORDS = _words("""
    PARTY PARTIES MINISTRY MINISTRIES MINISTER'S DEPARTMENT OFFICE AGENCY BUREAU COUNCIL
    COMMITTEE COMMISSION COMMAND ARMY ARMIES FORCE FORCES BRIGADE BRIGADES BATTALION BATTALIONS
    FRONT MOVEMENT ORGANIZATION ORGANISATION UNION LEAGUE ALLIANCE COALITION ASSEMBLY PARLIAMENT
    CONGRESS SENATE COURT TRIBUNAL GOVERNMENT ADMINISTRATION CABINET REGIME POLICE GUARD GUARDS
    BANK BANKS CORPORATION CORP COMPANY INC LTD GROUP FUND FOUNDATION INSTITUTE UNIVERSITY
    ASSOCIATION SOCIETY NETWORK SERVICE SERVICES AUTHORITY BOARD SECRETARIAT MISSION EMBASSY
    CHURCH MILITIA MILITIAS REBELS INSURGENTS FEDERATION CONFEDERATION REPUBLIC KINGDOM STATE
    TIMES NEWS NEWSPAPER RADIO TELEVISION AIRLINES AIRWAYS OPERATIONS PROGRAMME PROGRAM CENTER
    CENTRE PRESIDENCY JUNTA DIRECTORATE INTELLIGENCE OBSERVATORY SOVIET VOLKSKAMMER JAISH JAYSH
    RIGHTS INTERNET FACTION TANK LABORATORIES INDUSTRIES HOLDINGS RESOURCES PARISHAD
""")
# Personal titles that open a phrase naming one person.
PERSON_TITLES = ("PRESIDENT_", "PRIME_MINISTER_", "KING_", "QUEEN_", "PRINCE_", "PRINCESS_",
                 "SHEIKH_", "SHEIK_", "EMIR_", "SULTAN_", "GENERAL_", "GEN._", "COLONEL_",
                 "SECRETARY-GENERAL_", "SECRETARY_", "MINISTER_", "AYATOLLAH_", "POPE_", "SIR_",
                 "LORD_", "DR._", "MR._", "MRS._", "MS._", "SENATOR_", "CHANCELLOR_", "COMMANDER_")
PERSON_MARKERS = ("CountryInfo", "IGOrulers")
# A root-line comment that describes one person ("# senior leader", "# co-founder jma").
PERSON_COMMENT = re.compile(r"\b(?:leader|member|commander|founder|head of|bomb maker|spokesman|"
                            r"alias of|president of|minister)\b", re.I)

# A phrase may only contain letters (any script), digits and these punctuation marks.
PHRASE_OK = re.compile(r"^[\w\-.'&/(),!?*\u2019]+$")
CODE_BLOCK = re.compile(r"\[([^\[\]]*)\]")
CODE_OK = re.compile(r"^[A-Z0-9]{3,}$")
DATE_RESTRICTION = re.compile(r"^(?:>\s*(\d+)|<\s*(\d+)|(\d+)\s*-\s*(\d+))$")


@dataclass
class Entry:
    source: str
    line: int
    phrases: list[str]
    codes: list[tuple[str, str]] = field(default_factory=list)  # (code, restriction text)
    marker: str = ""  # trailing comment of the root line
    mnc: bool = False  # inside the multinational corporations section
    null_coded: bool = False  # had a [---] code


@dataclass
class Role:
    country: str
    sector: str
    start: dt.date | None
    end: dt.date | None
    code: str

    def render(self) -> str:
        start = self.start.isoformat() if self.start else ""
        end = self.end.isoformat() if self.end else ""
        return f"{self.country}/{self.sector}/{start}/{end}/{self.code}"


# --- reading --------------------------------------------------------------------------------

def load_countries(path: Path = COUNTRIES_TSV) -> set[str]:
    codes: set[str] = set()
    header_seen = False
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        first = line.split("\t", 1)[0].strip()
        if not header_seen:
            header_seen = True
            if first == "iso3":
                continue
        codes.add(first)
    return codes


def clean_phrase(raw: str, stats: Counter[str]) -> list[str]:
    """Return the usable phrases in a root or synonym text (normally one)."""
    text = raw.strip()
    if text in REPAIRS:
        stats["phrase repaired by hand"] += 1
        text = REPAIRS[text]
    if not text:
        return []
    if "\x1a" in text or "\ufffd" in text:
        stats["phrase dropped: damaged characters"] += 1
        return []
    if '"' in text:  # a nickname in quotes: RICHARD_"DICKIE"_BRADLEY_ -> RICHARD_BRADLEY_
        stats["quoted nickname removed from a phrase"] += 1
        text = re.sub(r'"[^"]*"', "_", text)
    text = re.sub(r"\s+", "_", text).replace("`", "'")
    if text.count("(") != text.count(")"):
        # "STANKO_TODOROV (ACTING_": an unclosed note is cut off; a stray ")" is removed
        stats["unbalanced parenthesis removed from a phrase"] += 1
        text = re.sub(r"\([^)]*$", "", text).replace(")", "_").replace("(", "_")
    parts = [p for p in text.split("+") if p.strip("_")]
    if len(parts) > 1:
        stats["synonym lines split at an inner '+'"] += 1
    out = []
    for part in parts:
        if not PHRASE_OK.match(part) or not re.search(r"[^\W\d_]", part):
            stats["phrase dropped: unexpected characters"] += 1
            continue
        out.append(part)
    return out


def read_codes(text: str, stats: Counter[str]) -> tuple[list[tuple[str, str]], bool]:
    """The ``(code, restriction)`` pairs in ``text`` and whether a ``[---]`` was among them."""
    codes = []
    null = False
    for block in CODE_BLOCK.findall(text):
        parts = block.split(None, 1)
        if not parts:
            stats["code dropped: empty brackets"] += 1
            continue
        code = parts[0]
        if code == "---":
            null = True
            continue
        if not CODE_OK.match(code):
            stats["code dropped: not a code"] += 1
            continue
        codes.append((code, parts[1].strip() if len(parts) > 1 else ""))
    return codes, null


def parse_file(path: Path, stats: Counter[str]) -> list[Entry]:
    entries: list[Entry] = []
    current: Entry | None = None
    open_block = False  # the current entry may still take more root phrases (no code yet, no blank)
    mnc = False

    def close() -> None:
        nonlocal current, open_block
        if current is not None and not current.codes:
            stats["entry dropped: only [---] (do not code)" if current.null_coded else "entry dropped: no code"] += 1
        elif current is not None:
            entries.append(current)
        current, open_block = None, False

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        body, hash_sign, comment = raw.partition("#")
        if raw.startswith("###") and "multinational corporations" in raw.lower():
            mnc = True
        if not body.strip() and hash_sign:
            # A comment line is invisible, except the name-less root "  # CountryInfo.txt" (a leader
            # whose name is missing): its code lines must not go to the entry above.
            if body and comment.strip().startswith(PERSON_MARKERS):
                stats["root line without a name (its codes are dropped)"] += 1
                close()
            continue
        if not body.strip():
            if current is not None and not (current.codes or current.null_coded):
                close()
            open_block = False
            continue
        if any(ch in body for ch in "<>{}~=%") and not re.search(r"\[[^\]]*[<>]", body):
            stats["line skipped: unsupported syntax"] += 1
            continue
        if body[0] in " \t":  # code line
            codes, null = read_codes(body, stats)
            if current is None:
                stats["code line skipped: no open entry"] += 1
                continue
            if not codes and not null:
                stats["indented line skipped: no [code]"] += 1
                continue
            current.codes.extend(codes)
            current.null_coded |= null
            open_block = False
            continue
        if body.startswith("+"):  # synonym
            phrases = clean_phrase(body[1:].split("[", 1)[0], stats)
            if "[" in body:
                stats["code on a synonym line ignored"] += 1
            if current is None:
                if phrases:
                    stats["entry started by a synonym line"] += 1
                    current = Entry(path.name, number, phrases, mnc=mnc)
                    open_block = True
                continue
            current.phrases.extend(phrases)
            continue
        # root phrase
        before, bracket, _ = body.partition("[")
        phrases = clean_phrase(before, stats)
        codes, null = read_codes(body, stats) if bracket else ([], False)
        if not phrases:
            stats["root line skipped: no usable phrase"] += 1
            close()
            continue
        if current is not None and open_block and not (current.codes or current.null_coded):
            stats["root phrase joined the code-less entry above"] += 1
            current.phrases.extend(phrases)
            current.codes.extend(codes)
            current.null_coded |= null
            open_block = not (codes or null)
            continue
        close()
        current = Entry(path.name, number, phrases, codes, marker=comment.strip(), mnc=mnc, null_coded=null)
        open_block = not (codes or null)
    close()
    return entries


# --- codes and dates ------------------------------------------------------------------------

def parse_date(text: str) -> dt.date | None:
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= 30 else 1900
    elif len(text) == 8:
        year = int(text[:4])
    else:
        return None
    try:
        return dt.date(year, int(text[-4:-2]), int(text[-2:]))
    except ValueError:
        return None


def parse_restriction(text: str, stats: Counter[str]) -> tuple[dt.date | None, dt.date | None]:
    if not text:
        return None, None
    m = DATE_RESTRICTION.match(text)
    if m:
        after, before, start, end = m.groups()
        if after is not None:
            d = parse_date(after)
            if d is not None:
                return d, None
        elif before is not None:
            d = parse_date(before)
            if d is not None:
                return None, d
        else:
            d1, d2 = parse_date(start), parse_date(end)
            if d1 is not None and d2 is not None and d1 <= d2:
                return d1, d2
    stats["malformed date restriction (role kept undated)"] += 1
    return None, None


def code_role(code: str, restriction: str, countries: set[str], stats: Counter[str]) -> Role:
    if len(code) % 3:
        stats["code length not a multiple of 3"] += 1
    blocks = [code[i:i + 3] for i in range(0, len(code), 3)]
    first = COUNTRY_FIX.get(blocks[0], blocks[0])
    country = first if first in countries else ""
    sector = ""
    for block in blocks[1:] if country else blocks:
        if block in SECTOR_MAP:
            sector = SECTOR_MAP[block]
            break
    start, end = parse_restriction(restriction, stats)
    return Role(country, sector, start, end, code)


# --- readable text --------------------------------------------------------------------------

def is_acronym(word: str, single_org_word: bool) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    if not letters or word != word.upper():
        return False
    if letters in NOT_ACRONYMS:
        return False
    if letters in ACRONYMS:
        return True
    if re.fullmatch(r"(?:[A-Z]\.){2,}[A-Z]?\.?", word):  # U.N. U.S.A.
        return True
    if word.startswith("(") and word.endswith(")") and len(letters) <= 5:  # (ETA), not (GREECE)
        return True
    if len(letters) >= 2 and not re.search(r"[AEIOUY0-9]", word):  # BBC, DC (not 20TH)
        return True
    return single_org_word and len(letters) <= 5


def cap_word(word: str, inner: bool = False) -> str:
    """``AL-QASSAM`` -> ``Al-Qassam`` (``al-Qassam`` when ``inner``), ``O'NEIL`` -> ``O'Neil``."""
    parts = re.split(r"([-/])", word.lower())
    out = []
    for i, part in enumerate(parts):
        if part and part not in "-/":
            if not ((inner and i == 0 and part in ARTICLES and len(parts) > 1)
                    or (i > 0 and parts[i - 1] == "-" and part in HYPHEN_LINKS and i < len(parts) - 1)):
                # upper-case the first letter, and a letter after a leading apostrophe or an
                # O'/D'/L' prefix ('ISA -> 'Isa, D'ESCOTO -> D'Escoto)
                part = re.sub(r"^([^\w]*)(\w)", lambda m: m.group(1) + m.group(2).upper(), part)
                part = re.sub(r"^([^\w]*\w?')(\w)", lambda m: m.group(1) + m.group(2).upper(), part)
                part = re.sub(r"^(Mc)([a-z])", lambda m: m.group(1) + m.group(2).upper(), part)
        out.append(part)
    return "".join(out)


def readable(phrase: str, organisation: bool = False) -> str:
    words = [w for w in phrase.split("_") if w]
    single = organisation and len(words) == 1
    out = []
    for i, word in enumerate(words):
        if is_acronym(word, single):
            out.append(word)
        elif i > 0 and word.lower() in MINOR_WORDS:
            out.append(word.lower())
        else:
            out.append(cap_word(word, inner=i > 0))
    return " ".join(out)


TRAILING_ABBREV = re.compile(r"^(.*?)_*\(([A-Z0-9./&-]{2,10})\)_*$")


def split_abbreviation(phrase: str) -> tuple[str, str | None]:
    """``ARMY_OF_GOD_(AOG)_`` -> (``ARMY_OF_GOD``, ``AOG``).

    Only a parenthesis whose letters are initials of the phrase, in order, is an abbreviation;
    ``DIRECT_ACTION_(GREECE)_`` keeps its parenthesis.
    """
    m = TRAILING_ABBREV.match(phrase)
    if not m or not m.group(1).strip("_"):
        return phrase, None
    initials = "".join(w[0] for w in re.split(r"[_\-/]+", m.group(1).upper()) if w)
    letters = re.sub(r"[^A-Z]", "", m.group(2))
    rest = iter(initials)
    if len(letters) >= 2 and all(ch in rest for ch in letters):
        return m.group(1), m.group(2)
    return phrase, None


def slug(phrase: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", phrase).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Z0-9]+", "_", ascii_text.upper()).strip("_")


def keep_alias(alias: str) -> bool:
    if len(alias) < 3:
        return False
    return not (" " not in alias and alias.lower() in STOPLIST)


# --- building -------------------------------------------------------------------------------

def classify(entry: Entry, roles: list[Role]) -> str:
    if any(marker in entry.marker for marker in PERSON_MARKERS):
        return "person"
    primary = entry.phrases[0].upper()
    if entry.mnc or set(re.split(r"[_\s]+", primary)) & ORG_WORDS:
        return "organisation"
    if any("ELI" in (r.code[i:i + 3] for i in range(0, len(r.code), 3)) for r in roles):
        return "person"
    if any(r.start or r.end for r in roles):
        return "person"
    if primary.startswith(PERSON_TITLES) and "_OF_" not in primary:
        return "person"
    if PERSON_COMMENT.search(entry.marker):
        return "person"
    return "organisation"


def sort_roles(roles: list[Role]) -> list[Role]:
    dated = [r for r in roles if r.start or r.end]
    undated = [r for r in roles if not (r.start or r.end)]
    dated.sort(key=lambda r: (r.start or dt.date.min, r.end or dt.date.max, r.code))
    seen: set[str] = set()
    out = []
    for role in dated + undated:
        key = role.render()
        if key not in seen:
            seen.add(key)
            out.append(role)
    return out


def build_rows(source_dir: Path, countries: set[str], stats: Counter[str]) -> list[list[str]]:
    entries: list[Entry] = []
    for name in SOURCE_FILES:
        file_entries = parse_file(source_dir / name, stats)
        stats[f"entries read: {name}"] = len(file_entries)
        entries.extend(file_entries)

    built: list[tuple[str, str, str, list[str], list[Role]]] = []  # slug, kind, name, aliases, roles
    merged: dict[tuple[str, str], int] = {}
    for entry in entries:
        roles = sort_roles([code_role(c, r, countries, stats) for c, r in entry.codes])
        if not any(r.sector for r in roles):
            if all(r.code in countries or COUNTRY_FIX.get(r.code) in countries for r in roles):
                stats["entry dropped: country name (bare ISO3 code)"] += 1
                continue
            if entry.source == SOURCE_FILES[0] or all(len(r.code) == 3 for r in roles):
                stats["entry dropped: territory, former state or region (no sector)"] += 1
                continue
            stats["entry kept without any sector"] += 1
        kind = classify(entry, roles)
        primary, abbrev = split_abbreviation(entry.phrases[0])
        name = readable(primary, organisation=kind == "organisation")
        aliases: list[str] = []
        for phrase in entry.phrases:
            base, short = split_abbreviation(phrase)
            aliases.append(readable(base, organisation=kind == "organisation"))
            if base != phrase:
                aliases.append(readable(phrase, organisation=kind == "organisation"))
            if short:
                aliases.append(short)
        if abbrev and abbrev not in aliases:
            aliases.append(abbrev)
        key = (slug(entry.phrases[0]), ";".join(r.render() for r in roles))
        if key in merged:
            stats["duplicate entry merged"] += 1
            built[merged[key]][3].extend(aliases)
            continue
        merged[key] = len(built)
        built.append((key[0], kind, name, [name, *aliases], roles))

    rows: list[list[str]] = []
    used: set[str] = set()
    for base_slug, kind, name, aliases, roles in built:
        ident = f"PHX_{base_slug}"
        n = 2
        while ident in used:
            ident = f"PHX_{base_slug}_{n}"
            n += 1
        if n > 2:
            stats["id clash resolved with a suffix"] += 1
        used.add(ident)
        kept: list[str] = []
        seen: set[str] = set()
        for alias in aliases:
            low = alias.lower()
            if low in seen:
                continue
            seen.add(low)
            if keep_alias(alias):
                kept.append(alias)
            else:
                stats["alias dropped: too short or a common word"] += 1
        rows.append([ident, kind, name, " | ".join(kept), ";".join(r.render() for r in roles)])
    rows.sort(key=lambda row: row[0])
    return rows


def render(rows: list[list[str]]) -> str:
    header = [
        "# dyadwatch actor table from the Phoenix (PETRARCH-2) actor dictionaries.",
        "# GENERATED FILE -- do not edit; edit tools/build_phoenix_actors.py and regenerate with:",
        "#   python tools/build_phoenix_actors.py",
        "#   (--source-dir ../shared/data/reference/petrarch2_dictionaries,",
        "#    --out src/dyadwatch/actors/data/phoenix_actors.tsv by default)",
        "# Sources: " + ", ".join(SOURCE_FILES) + " from the PETRARCH-2 dictionaries;",
        "#   MIT licence, Copyright (c) 2014 Open Event Data Alliance; dictionaries by the",
        "#   Computational Event Data System project / Parus Analytics (eventdata.parusanalytics.com).",
        "# Columns: id, kind (person|organisation), name, aliases (' | '), roles (';').",
        "# A role is COUNTRY/SECTOR/START/END/CODE: ISO3 or empty, our sector or empty, ISO dates or",
        "#   empty, the original Phoenix code. END is the last date Phoenix gives (not exclusive).",
        "#   Dated roles come first (by start date), then undated ones; see the script's docstring.",
        "id\tkind\tname\taliases\troles",
    ]
    for row in rows:
        for cell in row:
            if "\t" in cell or "\n" in cell:
                raise ValueError(f"cell contains a tab or newline: {cell!r}")
    return "\n".join(header + ["\t".join(row) for row in rows]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source-dir", type=Path, default=DEFAULT_SOURCE,
                        help="folder with the Phoenix *.actors.txt files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output TSV path")
    parser.add_argument("--quiet", action="store_true", help="do not print the counts")
    args = parser.parse_args(argv)

    missing = [name for name in SOURCE_FILES if not (args.source_dir / name).exists()]
    if missing:
        print(f"error: {', '.join(missing)} not found in {args.source_dir}", file=sys.stderr)
        return 2
    stats: Counter[str] = Counter()
    rows = build_rows(args.source_dir, load_countries(), stats)
    text = render(rows)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(text.encode("utf-8"))

    if not args.quiet:
        people = sum(1 for r in rows if r[1] == "person")
        n_roles = sum(len(r[4].split(";")) for r in rows if r[4])
        print(f"wrote {args.out}: {len(rows)} rows ({people} people, {len(rows) - people} organisations), "
              f"{n_roles} roles, {len(text.encode('utf-8'))} bytes")
        for key in sorted(stats):
            print(f"  {stats[key]:6d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
