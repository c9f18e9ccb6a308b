"""Country facts in one place: ISO 3166 codes, the names people write, regions and currencies.

Import validation (knowledge) and free-text parsing (parsing) both read these tables, so a name
one of them accepts the other accepts too.
"""

from __future__ import annotations

from collections.abc import Mapping

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

# The region a supplier or founder is filed under, in the knowledge base's spelling.
COUNTRY_REGIONS: Mapping[str, str] = {
    **dict.fromkeys(
        _codes(
            "DE FR ES IT NL BE AT PL CZ DK SE FI IE PT GR HU RO BG HR SI SK EE LV LT LU "
            "CH NO IS UA RS"
        ),
        "Europe",
    ),
    "GB": "UK",
    **dict.fromkeys(("US", "CA"), "North America"),
    **dict.fromkeys(("MX", "BR", "AR", "CL", "CO", "PE", "SV", "HN", "GT"), "Latin America"),
    **dict.fromkeys(("AU", "NZ"), "Oceania"),
    **dict.fromkeys(
        (
            *("JP", "CN", "IN", "PK", "BD", "KR", "TW", "SG", "HK", "VN", "TH", "ID", "MY"),
            *("PH", "LK", "KH", "MM", "NP"),
        ),
        "Asia",
    ),
    **dict.fromkeys(("TR", "IL", "AE", "SA"), "Middle East"),
    **dict.fromkeys(("ZA", "NG", "KE", "EG", "MA", "TN", "ET"), "Africa"),
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
    "country_code",
    "currency_of",
    "is_country_code",
    "region_of",
]
