#!/usr/bin/env python3
"""Build ``src/dyadwatch/actors/data/countries.tsv`` from two public country lists.

Inputs (both MIT licensed, read from the reference folder, never copied into the repo):

* ``cameo/countrynames.txt``  -- CAMEO country list: ``name<TAB>ISO3<TAB>COW``; several rows
  may share a code (spelling variants, former names).
* ``ngec/countries.csv``      -- NGEC/POLECAT list: ``CCA2,Name,CCA3,Nationality`` where
  ``Nationality`` is a comma list that mixes demonyms, alternative names and, for a few states,
  the names of their dependent territories.

The two are merged by ISO3 code, cleaned by the small rule tables below, and capital cities
(from general public knowledge, kept in ``CAPITALS`` in this file) are added. Output columns:
``iso3  name  aliases  adjectives  capitals`` -- lists joined with ``|``.

Usage: python tools/build_countries.py [REFERENCE_DIR] [--out PATH]
       (REFERENCE_DIR defaults to ../shared/data/reference, relative to the repository root)

Standard library only (Python 3.11).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_REFERENCE = REPO_ROOT.parent / "shared" / "data" / "reference"
DEFAULT_OUT = REPO_ROOT / "src" / "dyadwatch" / "actors" / "data" / "countries.tsv"

ISO3 = re.compile(r"^[A-Z]{3}$")

# --- code and row corrections -------------------------------------------------------------

# CAMEO codes that differ from the ISO 3166 / de-facto codes used elsewhere (NGEC gold uses XKX).
CODE_FIX = {"KSV": "XKX", "TMP": "TLS"}
# Codes that are not countries: CAMEO's "ANT" row is Antarctica (ANT was the ISO code of the
# Netherlands Antilles); NGEC's EUR / UNO are the EU and the UN (IGOs live in actors.yaml).
SKIP_CODES = {"ANT", "EUR", "UNO"}
# CAMEO rows that fold a territory or a former union into a state's code: not a name of that state.
SKIP_NAMES = {"Jersey", "Mayotte", "Saint Barthelemy", "Serbia and Montenegro",
              "Moldova, Republic of"}  # (the last is an inverted list form, not a running-text name)

# Canonical display names where neither list gives the common short form.
CANONICAL = {
    "MMR": "Myanmar",
    "HKG": "Hong Kong",
    "PSE": "Palestine",
    "VAT": "Vatican City",
    "COG": "Republic of the Congo",
    "COD": "Democratic Republic of the Congo",
    "TZA": "Tanzania",
    "RUS": "Russia",
    "BRN": "Brunei",
    "MDG": "Madagascar",
    "MAF": "Saint Martin",
    "CCK": "Cocos (Keeling) Islands",
    "COK": "Cook Islands",
    "CIV": "Côte d'Ivoire",
}

# NGEC appends the names of dependent territories after a state's own demonyms. Everything from
# the listed token onwards is dropped (the territories are not names of the state).
TERRITORY_CUT = {
    "AUS": "Christmas Island",
    "DNK": "Faroe Islands",
    "FIN": "Åland Islands",
    "FRA": "French Guiana",
    "MAR": "Western Sahara",
    "NLD": "Aruba",
    "NZL": "Niue",
    "NOR": "Bouvet Island",
    "GBR": "Anguilla",
    "USA": "American Samoa",
}

# NGEC nationality tokens that are names of the state rather than demonyms.
NAME_TOKENS = {
    "Islamic Republic of Afghanistan", "People's Republic of China", "Cabo Verde", "Cape Verde",
    "Republic of the Congo", "Congo-Brazzaville", "Cote d'Ivoire", "Ivory Coast", "Côte d'Ivoire",
    "Czech Republic", "DRC", "DR Congo", "Zaire", "Hong Kong", "Islamic Republic of Iran",
    "Lao People's Democratic Republic", "Macedonia", "FYROM", "Myanmar", "DPRK", "Palestine",
    "São Tomé and Príncipe", "Saudi Arabia", "Swaziland", "Syrian Arab Republic",
    "Republic of China", "United Republic of Tanzania", "East Timor", "England", "UK", "U.K.",
    "United Kingdom of Great Britain and Northern Ireland", "Britain", "Scotland", "Wales",
    "Great Britain", "US", "U.S.", "United States", "Vatican City",
}

# Tokens dropped everywhere: currencies, languages, nicknames, Spanish forms, and demonyms shared
# by two states (kept out rather than guessed).
DROP_TOKENS = {
    "Afghani",        # currency
    "English",        # mostly the language
    "Kiwi", "Kiwis",  # nickname / fruit
    "Dominicanos",
    "Congolese",      # both Congos
    "Nigeran", "Nigerans",  # misspelling; Nigerien added below
    "Kittian and Nevisian",  # split below
    "Maldivan", "Maldivans",  # misspellings; corrected below
}

# Curated additions (aliases = other names of the state; adjectives = demonyms and plurals).
EXTRA_ALIASES = {
    "USA": ["United States of America", "USA", "U.S.A.", "America"],
    "GBR": ["United Kingdom", "Northern Ireland"],
    "IRN": ["Persia"],
    "IRQ": ["Republic of Iraq"],
    "SYR": ["Syrian Arab Republic"],
    "TUR": ["Türkiye", "Turkiye", "Republic of Turkey", "Republic of Türkiye"],
    "RUS": ["Russian Federation"],
    "CHN": ["PRC", "mainland China"],
    "PRK": ["North Korea", "Democratic People's Republic of Korea"],
    "KOR": ["Republic of Korea", "ROK"],
    "SAU": ["KSA", "Kingdom of Saudi Arabia"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "EGY": ["Arab Republic of Egypt"],
    "JOR": ["Hashemite Kingdom of Jordan"],
    "LBN": ["Lebanese Republic"],
    "PSE": ["State of Palestine", "Palestinian Territories", "Occupied Palestinian Territories"],
    "ISR": ["State of Israel"],
    "DEU": ["Federal Republic of Germany"],
    "FRA": ["French Republic"],
    "NLD": ["Holland", "The Netherlands"],
    "CZE": ["Czechia"],
    "MKD": ["North Macedonia", "Republic of North Macedonia"],
    "SWZ": ["Eswatini"],
    "CPV": ["Cabo Verde"],
    "TLS": ["East Timor"],
    "COD": ["DRC", "DR Congo", "Congo-Kinshasa"],
    "MMR": ["Burma"],
    "CIV": ["Côte d'Ivoire", "Ivory Coast"],
    "VAT": ["Vatican", "Holy See"],
    "AFG": ["Islamic Emirate of Afghanistan"],
    "LBY": ["State of Libya"],
    "YEM": ["Republic of Yemen"],
    "SSD": ["Republic of South Sudan"],
    "SDN": ["Republic of the Sudan"],
    "BIH": ["Bosnia", "Bosnia-Herzegovina"],
    "XKX": ["Republic of Kosovo"],
    "TWN": ["Republic of China"],
    "LAO": ["Lao PDR"],
    "GMB": ["The Gambia"],
    "MAC": ["Macau"],
    "BHS": ["The Bahamas"],
}
EXTRA_ADJECTIVES = {
    "USA": ["American", "Americans"],
    "GBR": ["British", "Briton", "Britons", "Brits", "Scottish", "Welsh", "Northern Irish"],
    "IRN": ["Iranian", "Iranians"],
    "IRQ": ["Iraqi", "Iraqis"],
    "SYR": ["Syrian", "Syrians"],
    "TUR": ["Turkish", "Turk", "Turks"],
    "BLR": ["Belorussian", "Belorussians", "Byelorussian", "Byelorussians"],
    "NER": ["Nigerien", "Nigeriens"],
    "MDV": ["Maldivian", "Maldivians"],
    "PHL": ["Philippine"],
    "ESH": ["Sahrawi", "Sahrawis"],
    "SSD": ["South Sudanese"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan", "Kosovans"],
    "TLS": ["Timorese"],
    "KNA": ["Kittitian", "Kittitians", "Kittian", "Nevisian", "Nevisians"],
    "CPV": ["Cape Verdean", "Cape Verdeans"],
    "MAC": ["Macanese"],
    "BHS": ["Bahamians"],
    "KEN": ["Kenyans"],
    "TON": ["Tongans"],
    "SAU": ["Saudi", "Saudis"],
    "NZL": ["New Zealander", "New Zealanders"],
    "DNK": ["Danish", "Dane", "Danes"],
    "FIN": ["Finnish", "Finn", "Finns"],
    "CHN": ["Chinese"],
    "PSE": ["Palestinian", "Palestinians"],
    "AFG": ["Afghan", "Afghans"],
    "UZB": ["Uzbek", "Uzbeks"],
    "KGZ": ["Kyrgyzstani"],
    "TJK": ["Tajikistani"],
    "BIH": ["Bosnian", "Bosnians"],
    "CIV": ["Ivorian", "Ivorians"],
    "QAT": ["Qatari", "Qataris"],
    "LBN": ["Lebanese"],
    "JOR": ["Jordanian", "Jordanians"],
    "ISR": ["Israeli", "Israelis"],
    "EGY": ["Egyptian", "Egyptians"],
    "YEM": ["Yemeni", "Yemenis"],
    "OMN": ["Omani", "Omanis"],
    "KWT": ["Kuwaiti", "Kuwaitis"],
    "BHR": ["Bahraini", "Bahrainis"],
    "ARE": ["Emirati", "Emiratis"],
    "RUS": ["Russian", "Russians"],
    "UKR": ["Ukrainian", "Ukrainians"],
    "DEU": ["German", "Germans"],
    "FRA": ["French", "Frenchman", "Frenchmen"],
    "NLD": ["Dutch", "Dutchman", "Dutchmen"],
    "SWZ": ["Swazi", "Swazis"],
    "MMR": ["Burmese"],
    "PRK": ["North Korean", "North Koreans"],
    "KOR": ["South Korean", "South Koreans"],
    "ARG": ["Argentinian", "Argentinians"],
    "ECU": ["Ecuadorian", "Ecuadorians"],
    "BGD": ["Bangladeshi", "Bangladeshis"],
    "NPL": ["Nepali", "Nepalis"],
    "SDN": ["Sudanese"],
    "SOM": ["Somali", "Somalis"],
    "MAR": ["Moroccan", "Moroccans"],
    "DZA": ["Algerian", "Algerians"],
    "TUN": ["Tunisian", "Tunisians"],
    "LBY": ["Libyan", "Libyans"],
    "PAK": ["Pakistani", "Pakistanis"],
    "IND": ["Indian", "Indians"],
    "AZE": ["Azerbaijani", "Azerbaijanis", "Azeri", "Azeris"],
    "ARM": ["Armenian", "Armenians"],
    "GEO": ["Georgian", "Georgians"],
    "KAZ": ["Kazakhstani", "Kazakhstanis", "Kazakh", "Kazakhs"],
    "TKM": ["Turkmen", "Turkmens"],
    "CYP": ["Cypriot", "Cypriots"],
    "GRC": ["Greek", "Greeks"],
    "SRB": ["Serbian", "Serbians", "Serb", "Serbs"],
    "HRV": ["Croatian", "Croatians", "Croat", "Croats"],
}
# Adjectives that must never be country adjectives even if a source lists them.
NEVER_ADJECTIVES = {"Arab", "Arabs", "Arabian", "Kurd", "Kurds", "Kurdish", "Persian", "Korean",
                    "Koreans", "Kurdistani", "Islamic", "Muslim", "Shiite", "Sunni"}

# --- capitals (general public knowledge) ---------------------------------------------------
# Sovereign states plus Kosovo, Taiwan and Palestine. Variants / second seats after "|".
# Left out on purpose: Seychelles (Victoria) and other capitals that are common personal names.
# Notes: ISR lists Jerusalem (contested internationally); PSE lists Ramallah (administrative
# seat of the Palestinian Authority); BOL, ZAF, NLD, LKA, MYS, CIV, BEN, BDI list the seat of
# government as well as the constitutional capital; KAZ's capital was named Nur-Sultan 2019-2022.
CAPITALS = {
    "AFG": "Kabul", "ALB": "Tirana|Tirane", "DZA": "Algiers", "AND": "Andorra la Vella",
    "AGO": "Luanda", "ATG": "St. John's|Saint John's", "ARG": "Buenos Aires", "ARM": "Yerevan",
    "AUS": "Canberra", "AUT": "Vienna", "AZE": "Baku", "BHS": "Nassau", "BHR": "Manama",
    "BGD": "Dhaka|Dacca", "BRB": "Bridgetown", "BLR": "Minsk", "BEL": "Brussels",
    "BLZ": "Belmopan", "BEN": "Porto-Novo|Cotonou", "BTN": "Thimphu", "BOL": "Sucre|La Paz",
    "BIH": "Sarajevo", "BWA": "Gaborone", "BRA": "Brasília|Brasilia",
    "BRN": "Bandar Seri Begawan", "BGR": "Sofia", "BFA": "Ouagadougou", "BDI": "Gitega|Bujumbura",
    "CPV": "Praia", "KHM": "Phnom Penh", "CMR": "Yaoundé|Yaounde", "CAN": "Ottawa",
    "CAF": "Bangui", "TCD": "N'Djamena|Ndjamena", "CHL": "Santiago", "CHN": "Beijing|Peking",
    "COL": "Bogotá|Bogota", "COM": "Moroni", "COG": "Brazzaville", "COD": "Kinshasa",
    "CRI": "San José", "CIV": "Yamoussoukro|Abidjan", "HRV": "Zagreb", "CUB": "Havana",
    "CYP": "Nicosia", "CZE": "Prague", "DNK": "Copenhagen", "DJI": "Djibouti",
    "DMA": "Roseau", "DOM": "Santo Domingo", "ECU": "Quito", "EGY": "Cairo",
    "SLV": "San Salvador", "GNQ": "Malabo", "ERI": "Asmara", "EST": "Tallinn",
    "SWZ": "Mbabane|Lobamba", "ETH": "Addis Ababa", "FJI": "Suva", "FIN": "Helsinki",
    "FRA": "Paris", "GAB": "Libreville", "GMB": "Banjul", "GEO": "Tbilisi", "DEU": "Berlin",
    "GHA": "Accra", "GRC": "Athens", "GRD": "St. George's|Saint George's",
    "GTM": "Guatemala City", "GIN": "Conakry", "GNB": "Bissau", "GUY": "Georgetown",
    "HTI": "Port-au-Prince", "HND": "Tegucigalpa", "HUN": "Budapest",
    "ISL": "Reykjavik|Reykjavík", "IND": "New Delhi", "IDN": "Jakarta", "IRN": "Tehran|Teheran",
    "IRQ": "Baghdad", "IRL": "Dublin", "ISR": "Jerusalem", "ITA": "Rome", "JAM": "Kingston",
    "JPN": "Tokyo", "JOR": "Amman", "KAZ": "Astana|Nur-Sultan", "KEN": "Nairobi",
    "KIR": "Tarawa|South Tarawa", "PRK": "Pyongyang", "KOR": "Seoul",
    "XKX": "Pristina|Prishtina", "KWT": "Kuwait City", "KGZ": "Bishkek", "LAO": "Vientiane",
    "LVA": "Riga", "LBN": "Beirut", "LSO": "Maseru", "LBR": "Monrovia", "LBY": "Tripoli",
    "LIE": "Vaduz", "LTU": "Vilnius", "LUX": "Luxembourg", "MDG": "Antananarivo",
    "MWI": "Lilongwe", "MYS": "Kuala Lumpur|Putrajaya", "MDV": "Malé", "MLI": "Bamako",
    "MLT": "Valletta", "MHL": "Majuro", "MRT": "Nouakchott", "MUS": "Port Louis",
    "MEX": "Mexico City", "FSM": "Palikir", "MDA": "Chisinau|Chișinău|Kishinev",
    "MCO": "Monaco", "MNG": "Ulaanbaatar|Ulan Bator", "MNE": "Podgorica", "MAR": "Rabat",
    "MOZ": "Maputo", "MMR": "Naypyidaw|Nay Pyi Taw|Naypyitaw", "NAM": "Windhoek",
    "NRU": "Yaren", "NPL": "Kathmandu", "NLD": "Amsterdam|The Hague", "NZL": "Wellington",
    "NIC": "Managua", "NER": "Niamey", "NGA": "Abuja", "MKD": "Skopje", "NOR": "Oslo",
    "OMN": "Muscat", "PAK": "Islamabad", "PLW": "Ngerulmud", "PSE": "Ramallah",
    "PAN": "Panama City", "PNG": "Port Moresby", "PRY": "Asunción|Asuncion", "PER": "Lima",
    "PHL": "Manila", "POL": "Warsaw", "PRT": "Lisbon", "QAT": "Doha", "ROU": "Bucharest",
    "RUS": "Moscow", "RWA": "Kigali", "KNA": "Basseterre", "LCA": "Castries",
    "VCT": "Kingstown", "WSM": "Apia", "SMR": "San Marino", "STP": "São Tomé|Sao Tome",
    "SAU": "Riyadh", "SEN": "Dakar", "SRB": "Belgrade", "SLE": "Freetown",
    "SGP": "Singapore", "SVK": "Bratislava", "SVN": "Ljubljana", "SLB": "Honiara",
    "SOM": "Mogadishu", "ZAF": "Pretoria|Cape Town|Bloemfontein", "SSD": "Juba",
    "ESP": "Madrid", "LKA": "Sri Jayawardenepura Kotte|Colombo", "SDN": "Khartoum",
    "SUR": "Paramaribo", "SWE": "Stockholm", "CHE": "Bern|Berne", "SYR": "Damascus",
    "TWN": "Taipei", "TJK": "Dushanbe", "TZA": "Dodoma", "THA": "Bangkok", "TLS": "Dili",
    "TGO": "Lomé|Lome", "TON": "Nuku'alofa", "TTO": "Port of Spain", "TUN": "Tunis",
    "TUR": "Ankara", "TKM": "Ashgabat|Ashkhabad", "TUV": "Funafuti", "UGA": "Kampala",
    "UKR": "Kyiv|Kiev", "ARE": "Abu Dhabi", "GBR": "London",
    "USA": "Washington|Washington, D.C.|Washington DC", "URY": "Montevideo",
    "UZB": "Tashkent", "VUT": "Port Vila", "VAT": "Vatican City", "VEN": "Caracas",
    "VNM": "Hanoi", "YEM": "Sanaa|Sana'a", "ZMB": "Lusaka", "ZWE": "Harare",
}


def _clean(token: str) -> str:
    token = token.replace("\u2019", "'").strip()
    return re.sub(r"\s+", " ", token)


def _add(seq: list[str], item: str) -> None:
    if item and item.casefold() not in {s.casefold() for s in seq}:
        seq.append(item)


def read_cameo(path: Path) -> dict[str, list[str]]:
    names: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 2:
                continue
            name, code = _clean(parts[0]), parts[1].strip()
            code = CODE_FIX.get(code, code)
            if name.upper() == "NULL" or not ISO3.match(code) or code in SKIP_CODES:
                continue
            if name in SKIP_NAMES:
                continue
            _add(names.setdefault(code, []), name)
    return names


def read_ngec(path: Path) -> dict[str, tuple[str, list[str]]]:
    rows: dict[str, tuple[str, list[str]]] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            code = CODE_FIX.get(row["CCA3"].strip(), row["CCA3"].strip())
            if not ISO3.match(code) or code in SKIP_CODES:
                continue
            tokens = [_clean(t) for t in row["Nationality"].split(",")]
            tokens = [t for t in tokens if t]
            cut = TERRITORY_CUT.get(code)
            if cut and cut in tokens:
                tokens = tokens[: tokens.index(cut)]
            rows[code] = (_clean(row["Name"]), tokens)
    return rows


def build(reference: Path) -> list[tuple[str, str, list[str], list[str], list[str]]]:
    cameo = read_cameo(reference / "cameo" / "countrynames.txt")
    ngec = read_ngec(reference / "ngec" / "countries.csv")
    out = []
    for code in sorted(set(cameo) | set(ngec)):
        cam_names = cameo.get(code, [])
        ngec_name, tokens = ngec.get(code, (None, []))
        if ngec_name:
            ngec_name = re.sub(r"\s*\[.*?\]", "", ngec_name)  # "Myanmar [Burma]"
        name = CANONICAL.get(code) or ngec_name or cam_names[0]
        aliases: list[str] = []
        adjectives: list[str] = []
        for n in [*cam_names, *([ngec_name] if ngec_name else []), *EXTRA_ALIASES.get(code, [])]:
            _add(aliases, n)
        own_names = set(aliases) | {name}
        for tok in tokens:
            if tok in DROP_TOKENS:
                continue
            if tok in NAME_TOKENS or tok in own_names:
                _add(aliases, tok)
            else:
                _add(adjectives, tok)
        for adj in EXTRA_ADJECTIVES.get(code, []):
            _add(adjectives, adj)
        adjectives = [a for a in adjectives if a not in NEVER_ADJECTIVES and a not in aliases]
        aliases = [a for a in aliases if a != name]
        capitals = CAPITALS.get(code, "").split("|") if code in CAPITALS else []
        out.append((code, name, aliases, adjectives, capitals))
    missing = sorted(set(CAPITALS) - {row[0] for row in out})
    if missing:
        raise SystemExit(f"capitals given for codes with no country row: {missing}")
    return out


HEADER = """\
# dyadwatch country table: ISO3 code, display name, other names, nationality adjectives and
# demonyms, capital cities (used for metonymy such as "Baghdad said").
# Generated by tools/build_countries.py -- edit the script, not this file.
# Sources: CAMEO country list (cameo/countrynames.txt, Open Event Data Alliance, MIT licence);
#          NGEC/POLECAT countries.csv (nationality names, MIT licence);
#          capitals and curated aliases/adjectives: general public knowledge.
# Codes are ISO 3166-1 alpha-3 (XKX for Kosovo). Lists are separated by '|'.
# Ambiguous adjectives (e.g. Arab, Kurdish, Korean, Congolese) are deliberately absent.
"""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("reference", nargs="?", default=str(DEFAULT_REFERENCE),
                    help="reference data folder (default: ../shared/data/reference)")
    ap.add_argument("--out", default=str(DEFAULT_OUT), help="output TSV path")
    args = ap.parse_args(argv)
    reference = Path(args.reference)
    if not (reference / "cameo" / "countrynames.txt").is_file():
        print(f"reference folder not found or incomplete: {reference}", file=sys.stderr)
        return 2
    rows = build(reference)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="\n") as fh:
        fh.write(HEADER)
        fh.write("iso3\tname\taliases\tadjectives\tcapitals\n")
        for code, name, aliases, adjectives, capitals in rows:
            fields = [code, name, "|".join(aliases), "|".join(adjectives), "|".join(capitals)]
            assert all("\t" not in f and "\n" not in f for f in fields)
            fh.write("\t".join(fields) + "\n")
    print(f"wrote {len(rows)} countries to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
