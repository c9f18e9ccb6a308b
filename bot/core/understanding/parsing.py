"""Free text to typed slots: quantities, money, periods, countries, stages and extras.

It reports what it found and what stayed ambiguous; it never asks (the dialog decides what to ask).
The numbers are read by their role in `numbers`; the product words in `product`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from enum import StrEnum

from rapidfuzz.distance import OSA

from bot.core.types import Period, Stage
from bot.core.understanding import lazy_re as re
from bot.core.understanding.country_names import FOREIGN_COUNTRY_NAMES
from bot.core.understanding.currency_countries import CURRENCY_COUNTRIES
from bot.core.understanding.geography import (
    CODE_ALIASES,
    COUNTRY_NAMES,
    DEMONYMS,
    PLACE_NAMES,
    REGION_NAMES,
    SHARED_PLACES,
    US_STATE_CODES,
    VANITY_TLDS,
    city_countries,
    currency_of,
    is_country_code,
    region_of,
)
from bot.core.understanding.geography import region_of as country_region
from bot.core.understanding.normalise import MONTHS as _MONTHS
from bot.core.understanding.normalise import clean_text, fold_accents, spell_out_codes
from bot.core.understanding.numbers import (
    DURATION_UNITS,
    MONEY_MARK_RE,
    PERIOD_PATTERNS,
    Figure,
    QuotedTier,
    Reading,
    Role,
    language_of,
    read_figures,
    spell_currency_marks,
    words_to_digits,
)
from bot.core.understanding.product import own_words, product_spans, strip_product
from bot.core.understanding.quotes import QuoteReading, QuoteTier, read_quote
from bot.core.understanding.stage import STAGE_PATTERNS, stage_of

# Longer messages are refused before parsing: a chat answer is a sentence or two.
MAX_TEXT_CHARS = 2000
# Above this a quantity is a typo or a joke; the dialog says so instead of computing with it.
MAX_QUANTITY = 10_000_000
MAX_MONEY = Decimal("100000000")
MAX_DAYS = 3650
MAX_SHELF_LIFE_MONTHS = 600


class ProblemKind(StrEnum):
    """Why a number could not be used."""

    NEGATIVE = "negative"
    ZERO = "zero"
    TOO_LARGE = "too_large"
    NOT_WHOLE = "not_whole"
    BAD_RANGE = "bad_range"


@dataclass(frozen=True, slots=True)
class Problem:
    """A value the founder gave that cannot be used, with the text it came from."""

    slot: str  # "quantity" or "budget" or "target_unit_price"
    kind: ProblemKind
    text: str


@dataclass(frozen=True, slots=True)
class Quantity:
    """Units wanted; `maximum` is the upper end of a range; `period` when the text said one."""

    value: int
    maximum: int | None = None
    period: Period | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Money:
    """An amount with its currency (None when the text gave none) and period (budget per ...)."""

    amount: Decimal
    currency: str | None = None
    period: Period | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Parsed:
    """What one message said; fields stay None when the message did not say them."""

    quantity: Quantity | None = None
    budget: Money | None = None
    target_unit_price: Money | None = None
    bare_number: Decimal | None = None  # a number with no role (the dialog uses the asked slot)
    period: Period | None = None  # a period with no number ("monthly")
    country: str | None = None
    region: str | None = None
    stage: Stage | None = None
    shelf_life_months: int | None = None
    deadline_days: int | None = None
    certifications: tuple[str, ...] = ()
    product: str | None = None  # what is left once the recognised parts are removed
    correction: bool = False  # "actually", "make it", "change to"
    negation: bool = False  # "no", "none", "nothing" as the whole answer
    problems: tuple[Problem, ...] = ()
    ambiguous: tuple[str, ...] = ()  # readings the dialog should mention ("a few hundred" = 300)
    # What else the numbers said (never the need or the budget): a supplier's terms, history,
    # sizes and variants, and when the product changes.
    supplier_moq: int | None = None
    tiers: tuple[QuotedTier, ...] = ()
    setup_fee: Money | None = None
    tooling_fee: Money | None = None
    shipping_fee: Money | None = None
    horizon_days: int | None = None  # "we rebrand in 3 months": a product-change horizon
    lead_time_days: int | None = None
    sizes: tuple[str, ...] = ()  # "30ml", "3x3in", "250 g"
    variants: tuple[str, ...] = ()  # "3 colours", "50 per design"
    history: tuple[str, ...] = ()  # "sold 80", "4 shops", "3 years"
    product_candidates: tuple[str, ...] = ()  # spans for a caller's matcher to choose from
    product_text: str = ""  # the leftover text those spans came from (product.phrases reads it)
    need_phrase: str | None = None  # the words right after the need ("300 [kraft mailers]")
    figures: tuple[Figure, ...] = ()  # every number with its role
    quote: QuoteReading | None = None  # a supplier's quote pasted in the message (read_quote)
    language: str = "en"  # "de", "fr" or "es" when the message reads as one of them


# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Returns the space-separated words of a vocabulary string."""
    return tuple(text.split())


# Codes that read as codes only when written in capitals (lower case they are words: "in", "it").
# Countries with a region, except PE (polyethylene), PK and BD; and not the alias EL
# ("EL wire" is electroluminescent wire, not Greek).
_COUNTRY_CODES: Mapping[str, str] = {
    **{
        code: code
        for code in _words(
            "GB US DE FR ES IT NL BE AT CH PL CZ DK SE NO FI IE PT GR HU RO BG HR SI SK EE LV LT "
            "LU CA MX BR AR CL CO AU NZ JP CN IN KR TW SG HK VN TH ID MY PH TR IL AE SA ZA NG KE "
            "EG MA UA RS IS"
        )
    },
    **{alias: code for alias, code in CODE_ALIASES.items() if alias != "EL"},
}
# Lower-case codes that are not English words, accepted in any case.
_SAFE_LOWER_CODES = frozenset({"uk", "usa", "nz", "gb"})

_REGION_RE = re.compile(
    r"\b(?:" + "|".join(re.escape(n) for n in sorted(REGION_NAMES, key=len, reverse=True)) + r")\b"
)

_CERTIFICATIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("FSC", re.compile(r"\bfsc\b")),
    ("organic", re.compile(r"\b(?:organic|bio)\b")),
    ("GOTS", re.compile(r"\bgots\b")),
    ("OEKO-TEX", re.compile(r"\boeko[- ]?tex\b")),
    ("vegan", re.compile(r"\bvegan\b")),
    ("cruelty-free", re.compile(r"\bcruelty[- ]free\b")),
    ("recycled", re.compile(r"\brecycled\b")),
    ("compostable", re.compile(r"\bcompostable\b")),
    ("biodegradable", re.compile(r"\bbiodegradable\b")),
    ("plastic-free", re.compile(r"\bplastic[- ]free\b")),
    ("eco-friendly", re.compile(r"\b(?:eco[- ]?friendly|sustainable|eco)\b")),
    ("GMP", re.compile(r"\bc?gmp\b")),
    ("ISO 9001", re.compile(r"\biso ?9001\b")),
    ("ISO 13485", re.compile(r"\biso ?13485\b")),
    ("BPA-free", re.compile(r"\bbpa[- ]free\b")),
    ("food-safe", re.compile(r"\bfood[- ](?:safe|grade)\b")),
    ("halal", re.compile(r"\bhalal\b")),
    ("kosher", re.compile(r"\bkosher\b")),
)


_CORRECTION = re.compile(
    r"^\s*(?:no[,!.]?\s+|nope[,!.]?\s+|sorry[,!.]?\s+|oops[,!.]?\s+)?"
    r"(?:actually|make it|make that|change (?:it )?to|rather|i meant|i mean|correction|"
    r"wait|instead)\b"
)
# "No idea", "not sure": the founder cannot answer the question. Never a stage ("no idea" is not
# the idea stage); declines the optional question asked, like "no".
_UNSURE = re.compile(
    r"\b(?:no idea|not sure|no clue|don'?t know|do not know|dunno|unsure|haven'?t decided)\b"
)
_NEGATION = re.compile(
    r"^\s*(?:no|none|nothing|nope|nah|no thanks|nothing else|that'?s all|skip|n/?a|-)\s*[.!]?\s*$"
)

_DATE_RE = re.compile(
    r"(?<![\d.,/])\b\d{1,4}([./-])\d{1,2}\1\d{2,4}\b(?![.,/]\d)|"
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th|\.)?\s+(?:of\s+|de\s+)?(?:{_MONTHS})\b\.?(?:,?\s+(?:19|20)\d\d)?|"
    rf"\b(?:{_MONTHS})\.?\s+(?:19|20)\d\d\b|"
    r"\b(?:seit|depuis|desde|im jahr|en el ano|annee|jahr|ano)\s+(?:19|20)\d\d\b|"
    r"\b(?:founded|est\.?|estd\.?|established|gegrundet|fonde\w*|fundad[ao]s?|opened|started|"
    r"launched|creee?s?|cree|creada|creado|gestartet)\s+(?:in\s+|en\s+|im\s+)?(?:19|20)\d\d\b|"
    r"\b(?:in|since|by|from|until|till|before|after|of|year|early|late|mid|end of|spring|"
    r"summer|autumn|fall|winter|for)\s+(?:19|20)\d\d\b|"
    r"\b(?:our|this|next|last|fy|season)\s+(?:19|20)\d\d\b|"
    r"\b(?:19|20)\d\d\s+(?:launch|season|collection|edition|release|campaign|christmas|"
    r"holidays?|event|fair|show|plan|catalogue|catalog|drop)\b|"
    r"\b(?:19|20)\d\d\s*(?:-|–|/)\s*(?:19|20)?\d\d\b(?!\s*(?:units|pcs|pieces|boxes))",
    re.IGNORECASE,
)


# Nouns of a founder's own business (a city or nationality before one is the founder's place).
_OWN_BUSINESS_WORDS = (
    r"brand|label|start-?up|company|business|shop|store|boutique|studio|team|founders?|"
    r"bakery|brewery|roastery|roaster|distillery|winery|exporter|maker|designer|artist|"
    r"collective|co-?op|family|nonprofit|charity|agency|firm|marque|entreprise|societe|"
    r"atelier|maison|marca|empresa|tienda|emprendimiento|negocio|taller|firma|marke|"
    r"unternehmen|manufaktur|laden|brauerei|rosterei|familienbetrieb"
)
# One alternation per table, longest names first ("new york" before "york").
_PLACE_PATTERNS: tuple[tuple[Mapping[str, str], re.Pattern[str]], ...] = tuple(
    (
        table,
        re.compile(
            r"\b(?:"
            + "|".join(re.escape(n) for n in sorted(table, key=len, reverse=True))
            + r")\b"
        ),
    )
    for table in (COUNTRY_NAMES, PLACE_NAMES, FOREIGN_COUNTRY_NAMES)
)


@dataclass(frozen=True, slots=True)
class _Place:
    """A country named in the text: where, which, and whether it is a supplier's place."""

    start: int
    end: int
    code: str
    folded: bool  # the span is in the folded text (names, cities), else in the raw text (codes)
    suppliers: bool = False
    sought: bool = False  # a supplier's place the founder is looking for ("a co-packer in NSW")
    local: bool = False  # a city or a state, not a whole country


# "our factory in Portugal", "a sourcing agent in China", "the Shenzhen factory": places of
# suppliers, not of the founder. ("She makes candles in Leeds" is the founder's own making.)
_SUPPLIER_PLACE_BEFORE = re.compile(
    r"\b(?:factory|factories|supplier|suppliers|agent|workshop|manufacturer|manufacturers|"
    r"co-?packer|mill|printer|vendor|maker|makers|made|produced|fabricants?|fournisseurs?|"
    r"usine|hersteller|lieferant\w*|fabrica|fabricantes?|proveedor\w*|taller|sourcing|"
    r"agente?s?)\b[^.,;!?]{0,30}?"
    r"\b(?:in|from|en|aus|de)\s+(?:the\s+)?$|"
    # "Supplier (Ningbo) offered", but "our cider mill (Hamilton NZ)" is the founder's own
    r"(?<!our )(?<!my )\b(?:supplier|suppliers|factory|manufacturer|vendor|printer|"
    r"co-?packer|fournisseur|fabricant|proveedor|fabricante|lieferant|hersteller)\s*\(\s*$|"
    # where the goods come from: "origin Côte d'Ivoire or Ghana", "origine Italie", "Herkunft:"
    r"\b(?:origin|origins|origine|origen|herkunft|provenance|procedencia)\s*:?\s*"
    r"(?:(?:in|from|de|aus|du|d')\s*)?(?:the\s+)?$"
)
# "we're a guitar pedal maker", "as a small manufacturer": the founder, not a supplier.
_SELF_DESCRIBED = re.compile(r"\b(?:we'?re|we are|i'?m|i am|as)\s+(?:an?\s+)?(?:[\w-]+\s+){0,3}$")
_SUPPLIER_PLACE_AFTER = re.compile(
    r"^\s*(?:factory|factories|supplier|suppliers|manufacturers?|co-?packers?|workshops?|mill|"
    r"printers?|makers?)"
)
# Words of looking for a supplier, in the clause before it: a founder who asks for a maker in a
# city or state ("a co-packer in NSW", "Aussie manufacturers") is looking for a local one.
_SEEKING = re.compile(
    r"\b(?:need|needs|looking for|look for|find|search\w*|any|anyone|know|recommend\w*|"
    r"suggest\w*|want|wanted|suche\w*|gibt es|cherche\w*|trouver|busco|buscamos|buscando|"
    r"necesito|necesitamos)\b[^.!?]{0,60}$"
)
# Countries where large-series factories cluster: a founder who looks for a supplier there is
# sourcing abroad, so the supplier's country says nothing of the founder's.
_OFFSHORE = frozenset({"CN", "HK", "TW", "VN", "IN", "BD", "PK", "KH", "ID", "TH", "MY", "TR"})
# "Denver, CO", "Melbourne, FL": a two-letter US state after a city.
_STATE_AFTER_CITY = re.compile(r"\b([A-Z][a-z]+(?:\s[A-Z][a-z]+)?),?\s([A-Z]{2})\b")

# A city from the gazetteer is read only where the text says it is a place: after a word of
# place ("in Cork", "based out of Leeds", "à Nice", "aus Graz"), or as a sentence of its own
# ("One-off. Cork. €900"), and written with a capital, so that "nice", "bath" and "reading"
# stay words. Weak cues ("in", "en", "de") need a larger city than strong ones ("based in").
_CITY_NAME = (
    r"(?P<name>(?:Ste?\.\s?)?[A-ZÀ-Þ][\w'’-]+"  # "St. Gallen", "Ste. Foy"
    r"(?:\s(?:[A-ZÀ-Þ][\w'’-]+|de|del|la|le|am|upon|sur)){0,3})"
)
# The cue in any case ("Desde Cusco.", "From Hobart:"), the city capitalised; "Saskatoon-based".
_STRONG_CITY_CUE = re.compile(
    r"(?i:\bbased (?:in|out of)|\bout of|\bfrom|\blocated in|\bhere in|\blive in|\blives in|"
    r"\baus|\bdesde|\bdepuis|\bsomos de|\bsoy de|\bwohnhaft in|\bsitz in|\bnous sommes à|"
    r"\bje suis à|\bjsuis à|\bà)\s+" + _CITY_NAME
)
# "a Saskatoon-based startup": a larger city than after a strong cue ("Plant-based" is no Plant
# City).
_BASED_CITY = re.compile(r"\b(?P<based>[A-ZÀ-Þ][\w'’]+(?:\s[A-ZÀ-Þ][\w'’]+)?)[- ]based\b")
_WEAK_CITY_CUE = re.compile(r"(?:\bin|\ben|\bnear|\bbei|\bde)\s+(?:the\s+)?" + _CITY_NAME)
# A city set apart in brackets or between commas: "(Klaipėda)", "DTC skincare, Kuala Lumpur,
# 2.5 yrs", "Snowboard brand, Sapporo, 2 seasons"; a larger city than after a strong cue.
_CITY_SET_APART = re.compile(
    r"(?:\(|(?:^|[,;:]|\s[—–-])\s+)"
    r"(?P<name>[A-ZÀ-Þ][a-zß-ÿ'’-][\w'’-]*(?:\s(?:[A-ZÀ-Þ][a-zß-ÿ][\w'’-]*|de|del|la|le|am)){0,3})"
    r"(?=\s*[,;:)]|\s[—–-]\s|\s*$|\.(?:\s|$))"  # "(Hamilton NZ)": the code decides
)
# A US state's code set apart: "10k bottles per quarter, FL.", "(TX)".
_STATE_SET_APART = re.compile(r"(?:\(|(?:^|[,;:])\s+)(?P<name>[A-Z]{2})(?=\s*[,;:).]|\s*$)")
# A city before the founder's own business: "a Hyderabad startup", "our Leeds bakery".
_CITY_BUSINESS = re.compile(
    r"\b(?:an?|our|my)\s+(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s[A-ZÀ-Þ][\w'’-]+)?)(?:-based)?\s+"
    r"(?=(?i:(?:[\w-]+\s+)?(?:" + _OWN_BUSINESS_WORDS + r"))\b)"
)
# The message opening with the founder's city and business, after a greeting or none: "Muraho!
# Kigali specialty tea brand", "Hi, Abu Dhabi family business", "Hallo, Dornbirn hier".
_OPENING = r"(?:^|[.!?]\s+|^(?:[^\s,!.]+\s){0,2}[^\s,!.]{1,12}[,!]\s+)"
_CITY_OPENING = re.compile(
    _OPENING + r"(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s[A-ZÀ-Þ][\w'’-]+)?)\s+"
    r"(?=(?i:(?:[\w&-]+\s+){0,3}?(?:" + _OWN_BUSINESS_WORDS + r"|here|hier|ici|aqui|aca)\b))"
)
OPENING_MIN_THOUSANDS = 20
_CITY_SENTENCE = re.compile(
    r"(?:^|[.!?;]\s+|\s[—–-]\s)" + _CITY_NAME + r"(?:,?\s(?P<state>[A-Z]{2}))?(?=\s*(?:\.|$))"
)
# "Hamburger Hot-Sauce-Startup", "Wiener Seifenmanufaktur": a German city's adjective before a
# noun (German text only: in English a hamburger is food).
_GERMAN_CITY_ADJECTIVE = re.compile(r"\b(?P<name>[A-ZÄÖÜ][a-zäöüß]+)er\s+[A-ZÄÖÜ]")
WEAK_CUE_MIN_THOUSANDS = 50
# Places written in capitals after a word of place ("based in NJ", "LA."), besides US states.
_ABBREVIATIONS: Mapping[str, str] = {
    "LA": "US", "NYC": "US", "SF": "US", "DC": "US", "NSW": "AU", "QLD": "AU", "ACT": "AU",
    "BC": "CA", "KL": "MY", "HCMC": "VN", "CDMX": "MX", "JHB": "ZA",
}  # fmt: skip
# Capitalised words that follow "in" and are no place, even where a town bears the name.
_NOT_CITIES = frozenset(
    {
        "january", "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
        "friday", "saturday", "sunday", "spring", "summer", "autumn", "winter", "christmas",
        "easter", "english", "german", "french", "spanish", "italian", "amazon", "etsy",
        "shopify", "instagram", "europa", "asia", "africa", "america", "the", "our", "stock",
        "bulk", "total", "time", "orange", "black", "white", "gold", "silver", "green",
        "hola", "hello", "hallo", "bonjour", "salut", "moin", "servus", "ciao", "thanks",
    }
)  # fmt: skip


def _city_code(name: str, currencies: frozenset[str], min_thousands: int) -> str | None:
    """Returns the country of the gazetteer city of that name, or None: among namesakes the
    one whose currency the message uses ("Santa Fe" with dollars), else the most populous."""
    if name.isupper():
        return _ABBREVIATIONS.get(name) or (
            "US" if name in US_STATE_CODES and name not in _COUNTRY_CODES else None
        )
    if fold_accents(name) in _NOT_CITIES:
        return None
    # "Cebu", "Quezon", "Ho Chi Minh": GeoNames files them as "Cebu City" and so on
    named = city_countries(name) or city_countries(f"{name} city")
    found = [(cc, pop) for cc, pop in named if pop >= min_thousands]
    if not found:
        # a smaller town in the country whose money the message uses ("apicultores en Teruel,
        # 0,06 €"): the money agrees with the place, where a weak cue alone would not do
        local = [cc for cc, _pop in named if _pays_in(cc, currencies)]
        return local[0] if local else None
    for cc, _pop in found:
        if _pays_in(cc, currencies):
            return cc
    return found[0][0]


def _city_match(
    text: str, match: re.Match[str], currencies: frozenset[str], min_thousands: int
) -> _Place | None:
    """Returns the place of the longest known city at the start of a matched name, or None."""
    group = "based" if "based" in match.groupdict() else "name"
    words = match.group(group).split()
    for size in range(len(words), 0, -1):
        name = " ".join(words[:size]).rstrip("'’-")
        code = _city_code(name, currencies, min_thousands)
        if code is not None:
            start = match.start(group)
            return _Place(start, start + len(name), code, False, local=True)
    return None


_CURRENCY_SEEN = re.compile(
    r"\b(?:USD|EUR|GBP|CAD|AUD|NZD|CHF|SEK|NOK|DKK|PLN|JPY|INR|MXN|ARS|COP|CLP|UYU|BRL)\b|"
    r"[$€£]|\b(?i:pesos?)\b"
)
# "pesos" alone: the money of any of these (the place says which)
_PESOS = frozenset({"MXN", "ARS", "COP", "CLP", "UYU", "DOP", "PHP"})
_MARK_CURRENCY: Mapping[str, str] = {"$": "USD", "€": "EUR", "£": "GBP"}


def _currencies_seen(text: str) -> frozenset[str]:
    """Returns the currencies the text writes by code, sign or peso ("$" read as USD)."""
    seen: set[str] = set()
    for mark in _CURRENCY_SEEN.findall(text):
        seen |= _PESOS if mark.lower().startswith("peso") else {_MARK_CURRENCY.get(mark, mark)}
    return frozenset(seen)


def _shared_code(name: str, currencies: frozenset[str]) -> str | None:
    """Returns the country of a place name two countries share, by the money the message
    uses, else the first listed; None for a name of one country."""
    countries = SHARED_PLACES.get(name)
    if countries is None:
        return None
    return next((cc for cc in countries if _pays_in(cc, currencies)), countries[0])


def _pays_in(country: str, currencies: frozenset[str]) -> bool:
    """Returns whether one of the currencies is the country's own (euros in Spain, pesos in
    Argentina)."""
    return currency_of(country) in currencies or any(
        CURRENCY_COUNTRIES.get(code) == country for code in currencies
    )


def _city_places(text: str, language: str) -> list[_Place]:
    """Returns the gazetteer cities the text names where it says they are places."""
    currencies = _currencies_seen(text)
    places: list[_Place] = []
    for pattern, least in (
        (_STRONG_CITY_CUE, 1),
        (_CITY_SENTENCE, 1),
        (_WEAK_CITY_CUE, WEAK_CUE_MIN_THOUSANDS),
        (_CITY_SET_APART, WEAK_CUE_MIN_THOUSANDS),
        (_BASED_CITY, WEAK_CUE_MIN_THOUSANDS),
        (_STATE_SET_APART, 1),
        (_CITY_BUSINESS, WEAK_CUE_MIN_THOUSANDS),
        (_CITY_OPENING, OPENING_MIN_THOUSANDS),
    ):
        for match in pattern.finditer(text):
            place = _city_match(text, match, currencies, least)
            if place is not None and not _overlaps(place, places):
                places.append(place)
    if language == "de":
        for match in _GERMAN_CITY_ADJECTIVE.finditer(text):
            code = _city_code(match.group("name"), currencies, WEAK_CUE_MIN_THOUSANDS)
            if code in ("DE", "AT", "CH"):
                end = match.end("name") + len("er")
                places.append(_Place(match.start(), end, code, False, local=True))
    return places


# A flag emoji is two regional indicator letters: the country's ISO code ("🇷🇼" = RW).
_FLAG = re.compile("[\U0001f1e6-\U0001f1ff]{2}")
_REGIONAL_A = 0x1F1E6


def _flag_places(text: str) -> list[_Place]:
    """Returns the countries of the flag emojis in the text ("Greetings from Kigali 🇷🇼")."""
    places = []
    for match in _FLAG.finditer(text):
        code = "".join(chr(ord(ch) - _REGIONAL_A + ord("A")) for ch in match.group(0))
        if is_country_code(code):
            places.append(_Place(match.start(), match.end(), code, False, local=True))
    return places


# Who the founder's business is by nationality: "a Norwegian start-up", "we're a small Kenyan tea
# exporter", "une marque française", "una empresa chilena", "ein österreichisches Label". The
# adjective alone ("Italian leather", "German machines") is an origin, never the founder's place.
_OWN_BUSINESS = _OWN_BUSINESS_WORDS
_DEMONYM = "|".join(re.escape(name) for name in sorted(DEMONYMS, key=len, reverse=True))
_DEMONYM_BEFORE = re.compile(
    r"\b(?:(?:we're|we are|were|i'm|im|i am|as|wir sind|ich bin)\s+(?:a|an|ein|eine)|our|my|"
    r"unser|unsere)\s+"
    r"(?:(?:small|tiny|little|young|new|indie|independent|family[- ]run|kleine[sn]?|junge[sn]?)"
    rf"\s+)*(?P<name>{_DEMONYM})\s+(?:[\w'-]+\s+){{0,2}}?(?:{_OWN_BUSINESS})\b"
)
# "Hej! Swedish outdoor brand", "Norwegian here.": the nationality opening the message.
_DEMONYM_OPENING = re.compile(
    _OPENING + rf"(?P<name>{_DEMONYM})\s+(?:(?:[\w'-]+\s+){{0,2}}?"
    rf"(?:{_OWN_BUSINESS})|here|hier|ici|aqui)\b"
)
_DEMONYM_AFTER = re.compile(
    rf"\b(?:{_OWN_BUSINESS})\s+(?:(?:de|d'|del)\s*[\w'-]+\s+)?(?P<name>{_DEMONYM})\b"
)


# "I'm a Kiwi making hot sauce", "we're Aussies", "je suis française": the founder's own
# nationality, said of themselves and not of a thing ("I'm an Italian leather importer" is an
# origin, read by _DEMONYM_BEFORE only before a word of their business). The weakest sign of all:
# where they are may be elsewhere ("I'm a Kiwi living in London"), so any other place wins.
_DEMONYM_SELF = re.compile(
    r"\b(?:we'?re|we are|i'?m|i am|je suis|nous sommes|soy|somos)\s+(?:an?\s+|une?\s+)?"
    rf"(?:proud\s+)?(?P<name>{_DEMONYM})s?"
    r"(?=\s*(?:[,.!?;:)]|$)|\s+(?:and|but|so|who|here|living|based|making|working|looking|"
    r"trying|selling|running|with|et|y|qui|que|aqui)\b)"
)


def _self_demonym_places(folded: str) -> list[_Place]:
    """Returns the countries of the nationality founders give themselves ("I'm a Kiwi")."""
    return [
        _Place(m.start("name"), m.end("name"), DEMONYMS[m.group("name")], True)
        for m in _DEMONYM_SELF.finditer(folded)
    ]


def _demonym_places(folded: str) -> list[_Place]:
    """Returns the countries of the nationality the founder gives their business."""
    places = []
    for pattern in (_DEMONYM_BEFORE, _DEMONYM_AFTER, _DEMONYM_OPENING):
        for match in pattern.finditer(folded):
            code = DEMONYMS[match.group("name")]
            places.append(_Place(match.start("name"), match.end("name"), code, True))
    return places


# A shop's own address: "moonlitthreads.co.uk", "papierwerk.nl", "www.kaffee-bar.de".
_DOMAIN = re.compile(
    r"(?<![\w@.-])(?:www\.)?[a-z0-9][a-z0-9-]{1,62}(?:\.(?:co|com|org|net))?"
    r"\.(?P<tld>[a-z]{2})(?![\w'@-]|\.[a-z])"
)


def _domain_places(text: str) -> list[_Place]:
    """Returns the countries of the web addresses in the text, by country-code domain."""
    places = []
    for match in _DOMAIN.finditer(text):
        tld = match.group("tld")
        code = "GB" if tld == "uk" else tld.upper()
        if tld not in VANITY_TLDS and is_country_code(code):
            places.append(_Place(match.start("tld"), match.end("tld"), code, False, local=True))
    return places


def _overlaps(place: _Place, others: list[_Place]) -> bool:
    return any(place.start < o.end and o.start < place.end for o in others)


def _named_places(text: str, folded: str, *, lenient: bool) -> list[_Place]:
    """Returns the countries the text names by name, city, state or code, in text order."""
    places: list[_Place] = []
    taken: list[tuple[int, int]] = []
    currencies = _currencies_seen(text)
    for table, pattern in _PLACE_PATTERNS:
        local = table is PLACE_NAMES
        for match in pattern.finditer(folded):
            if all(match.end() <= a or match.start() >= b for a, b in taken):
                taken.append(match.span())
                code = _shared_code(match.group(0), currencies) or table[match.group(0)]
                places.append(_Place(match.start(), match.end(), code, True, local=local))
    for match in _STATE_AFTER_CITY.finditer(text):
        state = match.group(2)
        city = PLACE_NAMES.get(fold_accents(match.group(1)))
        # "Melbourne, FL" is in Florida; "Berlin, DE" is Berlin in Germany, not Delaware; "Perth
        # WA" is in Western Australia: no Perth of the US
        american = city is None or any(cc == "US" for cc, _ in city_countries(match.group(1)))
        if state in US_STATE_CODES and city != state and american:
            places = [p for p in places if not (p.folded and p.start == match.start(1))]
            # the city and its state: no namesake elsewhere takes the city ("Salem MA")
            places.append(_Place(match.start(1), match.end(2), "US", False, local=True))
    places += [p for p in _city_places(text, language_of(text)) if not _overlaps(p, places)]
    places += _flag_places(text)
    places += [p for p in _demonym_places(folded) if not _overlaps(p, places)]
    # Codes after names: "Germany" wins over a "US" elsewhere unless the name is a supplier's.
    places += [p for p in _coded_business_places(text) if not _overlaps(p, places)]
    named = _in_their_countries(sorted(places, key=lambda p: p.start), text)
    named += [p for p in _coded_places(text, lenient=lenient) if not _overlaps(p, named)]
    # a web address and a nationality said of oneself are the weakest signs: only where the
    # message names no place at all
    return named or _domain_places(text) or _self_demonym_places(folded)


_PLACE_THEN_WIDER = re.compile(r"\s*[,(]\s*")


def _in_their_countries(places: list[_Place], text: str) -> list[_Place]:
    """Returns the places without a city named right before the wider place it is in:
    "Córdoba, Argentina", "San José, Costa Rica", "Perth (Scotland)", "London, Ontario" (the
    wider place says which namesake)."""
    kept = []
    for number, place in enumerate(places):
        after = places[number + 1] if number + 1 < len(places) else None
        wider = (
            after is not None
            and place.local
            and after.code != place.code
            and _PLACE_THEN_WIDER.fullmatch(text[place.end : after.start]) is not None
        )
        if not wider:
            kept.append(place)
    return kept


# A country's code before the founder's business: "SG kombucha startup", "a UK candle brand",
# "our NZ label"; capitals only, and not the codes that are everyday acronyms ("an IT company",
# "a PR agency", "our HR team").
_CODE_BUSINESS = re.compile(
    r"(?:\b(?:an?|our|my)\s+|" + _OPENING + r")(?P<code>[A-Z]{2,3})(?:-based)?\s+"
    r"(?=(?i:(?:[\w&-]+\s+){0,2}?(?:" + _OWN_BUSINESS_WORDS + r"))\b)"
)
_ACRONYM_CODES = frozenset({"IT", "PR", "HR", "ID", "IN", "IS", "CO", "AI", "MA", "PE"})
_ACRONYM_AFTER = re.compile(
    r"[\s-]*(?:[\w-]+\s+)?(?i:compan(?:y|ies)|agenc(?:y|ies)|team|department|dept|services?|"
    r"support|consult\w*|firm|managers?|sector|industry|staff|people|person|solutions?|"
    r"campaigns?|specialists?|experts?|professionals?)\b"
)


def _coded_business_places(text: str) -> list[_Place]:
    """Returns the countries whose codes qualify the founder's own business ("SG startup")."""
    places = []
    for match in _CODE_BUSINESS.finditer(text):
        code = _COUNTRY_CODES.get(match.group("code"))
        if code is not None and match.group("code") not in _ACRONYM_CODES:
            places.append(_Place(match.start("code"), match.end("code"), code, False))
    return places


def _coded_places(text: str, *, lenient: bool) -> list[_Place]:
    """Returns the countries the text names by ISO code ("UK", "DE"; lower case when lenient)."""
    if not lenient and text.upper() == text and len(text.split()) > 3:
        return []  # shouting ("IT IS URGENT"): capitals are not country codes here
    places: list[_Place] = []
    for token_match in re.finditer(r"(?<![\w.])[A-Za-z](?:\.?[A-Za-z]){1,2}\.?(?![\w])", text):
        token = token_match.group(0)
        found = _COUNTRY_CODES.get(token) or _COUNTRY_CODES.get(token.upper().rstrip("."))
        if found is None:
            continue
        upper_ok = token == token.upper()
        if token in _ACRONYM_CODES and _ACRONYM_AFTER.match(text[token_match.end() :]):
            continue  # "an IT company", "our PR agency": the acronym, not the country
        if upper_ok or lenient or token.lower().replace(".", "") in _SAFE_LOWER_CODES:
            places.append(_Place(token_match.start(), token_match.end(), found, False))
    return places


def _mark_suppliers(places: list[_Place], text: str, folded: str) -> list[_Place]:
    """Returns the places with those of suppliers marked ("a factory in Portugal"), and of
    those the ones the founder is looking for ("any maker in Portland?")."""
    marked: list[_Place] = []
    for place in places:
        source = folded if place.folded else fold_accents(text)
        before, after = source[max(0, place.start - 45) : place.start], source[place.end :]
        ahead = _SUPPLIER_PLACE_BEFORE.search(before)
        if ahead is not None and _SELF_DESCRIBED.search(before[: ahead.start()]):
            ahead = None  # "we're a guitar pedal maker in Kentucky": the founder's own place
        supplier = ahead or _SUPPLIER_PLACE_AFTER.match(after)
        sought = False
        if supplier is not None:
            clause = source[max(0, place.start - 120) : place.start]
            if ahead is not None:  # the clause ends where the supplier's noun starts
                clause = clause[: len(clause) - len(before) + ahead.start()]
            sought = _SEEKING.search(clause) is not None
        if supplier is None and marked and _listed_after(marked[-1], place, text):
            marked.append(replace(place, suppliers=marked[-1].suppliers, sought=marked[-1].sought))
            continue  # "origin Côte d'Ivoire or Guinea-Bissau": the list shares its cue
        marked.append(replace(place, suppliers=supplier is not None, sought=sought))
    return marked


_LIST_JOIN = re.compile(r"\s*(?:,|/|&|or|and|oder|und|ou|et|o|y)\s*(?:the\s+)?")


def _listed_after(first: _Place, second: _Place, text: str) -> bool:
    """Returns whether a supplier's country is followed by another in a list ("in Portugal or
    Spain"): both are the suppliers'."""
    if not first.suppliers or first.folded != second.folded or first.end > second.start:
        return False
    between = (fold_accents(text) if first.folded else text)[first.end : second.start]
    return _LIST_JOIN.fullmatch(between) is not None


def _listed_countries(first: _Place, second: _Place, text: str) -> bool:
    """Returns whether two different countries are named as a list ("France and Spain")."""
    if first.local or second.local or first.code == second.code or first.folded != second.folded:
        return False
    between = (fold_accents(text) if first.folded else text)[first.end : second.start]
    return (
        re.fullmatch(r"\s*(?:,|and|und|et|y|or|oder|ou|o|&|/)\s*(?:the\s+)?", between) is not None
    )


# Words of the founder saying where they are, right before the place: "we're in Dublin", "I'm
# in Boulder CO", "Based in Munich", "wir sitzen in Graz", "je suis à Lyon", "estamos en Quito";
# and a place corrected in passing ("in Innsbruck, eigentlich in Garmisch"). Such a place wins
# over places named earlier for markets, suppliers or preferences.
_SELF_PLACED = re.compile(
    r"(?:\b(?:we'?re|we are|i'?m|i am|wir sind|ich bin|wir sitzen|ich sitze|sitzen|je suis|"
    r"nous sommes|on est|estoy|estamos|somos|soy)(?:\s+(?:based|located|now|currently))?|"
    r"\bbased|\blocated|\bheadquartered|\bwohnhaft|\bansassig|\bbasad[ao]s?|\bubicad[ao]s?|"
    r"\binstalle(?:e|s|es)?|\bactually|\beigentlich|\ben fait|\ben realidad|\bi mean)\s+"
    r"(?:in|out of|from|a|en|de|aus|im|bei|near)\s+(?:the\s+|der\s+|dem\s+|le\s+|la\s+)?$"
)


# The founder's business said, then its place: "we're a lipstick startup from Lyon", "nous
# sommes une petite marque de Nantes", "somos una marca de ropa de Quito", "wir sind ein
# kleines Label aus Graz".
_BUSINESS_PLACED = re.compile(
    r"\b(?:we'?re|we are|i'?m|i am|wir sind|ich bin|je suis|nous sommes|on est|somos|soy)\s+"
    r"(?:an?|une?|una?|ein\w*)\s+(?:[\w'-]+\s+){0,4}?(?:" + _OWN_BUSINESS_WORDS + r")\s+"
    r"(?:(?:de|d'|del)\s*[\w'-]+\s+)?(?:based\s+)?(?:in|out of|from|en|de|aus|in|a)\s+"
    r"(?:the\s+)?$"
)


def _self_placed(place: _Place, folded: str) -> bool:
    """Returns whether the founder says right before the place that they are there."""
    before = folded[max(0, place.start - 40) : place.start]
    if _SELF_PLACED.search(before) is not None:
        return True
    return _BUSINESS_PLACED.search(folded[max(0, place.start - 90) : place.start]) is not None


def _founders_place(places: list[_Place], text: str) -> _Place | None:
    """Returns the place that says where the founder is: the one they say they are in, else
    their own first; else a supplier's they are looking for near them (a city or state, or a
    country no sourcing hub)."""
    own = [p for p in places if not p.suppliers]
    folded = fold_accents(text)  # once, not per place
    placed = [p for p in own if _self_placed(p, folded)]
    if placed:
        return placed[-1]  # "in Innsbruck, eigentlich in Garmisch": the last word on it
    if len(own) > 1 and _listed_countries(own[0], own[1], text):
        return None  # "shipping to the Netherlands and Germany": no one country
    if own:
        return own[0]
    for place in places:
        if place.sought and (place.local or place.code not in _OFFSHORE):
            return place
    return None


def _without_places(text: str, folded: str, places: list[_Place]) -> str:
    """Returns the folded text with every named place blanked."""
    rest = folded
    for place in sorted(places, key=lambda p: p.start, reverse=True):
        if place.folded:
            rest = rest[: place.start] + " " + rest[place.end :]
    coded = [p for p in places if not p.folded]
    if coded:
        raw = text
        for place in sorted(coded, key=lambda p: p.start, reverse=True):
            raw = raw[: place.start] + " " + raw[place.end :]
        rest_raw = fold_accents(raw)
        if not any(p.folded for p in places):
            return rest_raw
    return rest


def _named_region(folded: str) -> tuple[str | None, str]:
    """Returns the region the text names ("in the EU", "aus Europa") and the text without it."""
    match = _REGION_RE.search(folded)
    if match is None:
        return None, folded
    return REGION_NAMES[match.group(0)], folded[: match.start()] + " " + folded[match.end() :]


def parse_country(text: str, *, lenient: bool = False) -> tuple[str | None, str | None, str]:
    """Returns (country, region, text without the place) found in the text.

    The founder's place wins over a supplier's ("our factory in Portugal, we're in Paris");
    `lenient` accepts lower-case codes ("de", "us") when the question was where it ships. The
    region is the one the text names, else the country's.
    """
    folded = fold_accents(text)
    places = _mark_suppliers(_named_places(text, folded, lenient=lenient), text, folded)
    if places:
        rest = _without_places(text, folded, places)
        named, rest = _named_region(rest)
        founders = _founders_place(places, text)
        if founders is not None:
            return founders.code, named or region_of(founders.code), rest
        return None, named, rest
    named, rest = _named_region(folded)
    return None, named, rest


def named_region(text: str) -> str | None:
    """Returns the region a text names in words ("in Europe", "EU-weit"), or None."""
    return _named_region(fold_accents(text))[0]


# --------------------------------------------------------------------------------------------
# The parse, in steps
# --------------------------------------------------------------------------------------------

# "By next month", "nächste Woche": a deadline without a number.
_RELATIVE_DEADLINE = re.compile(
    r"\b(?:by|before|until|till|for|bis|avant|para|antes de|launch\w* |need (?:it|them) |"
    r"ready |open\w* )\s*(?:(?:a|an|the|our|my)\s+[^\W\d_]{3,20}\s+)?(?:the\s+)?"
    r"(?:next|nachste\w*|prochaine?|proxim[oa])\s+"
    r"(?P<unit>week|month|woche|monat|semaine|mois|semana|mes)\b"
)
# "el mes que viene", "le mois prochain", "dentro de un mes", "d'ici un mois", "de aquí a un
# mes", "in a month": no digit to read.
_IN_A_PERIOD = re.compile(
    r"\b(?:el|la) (?P<unit>mes|semana) que viene\b|\b(?:le|la) (?P<unit2>mois|semaine) "
    r"prochaine?\b|\b(?:dentro de|en|dans|in|within|innerhalb|binnen|d'ici|d ici|de aqui a|"
    r"de aca a) (?:un|una|une|a|one|1|einem|"
    r"einer) (?P<unit3>mes|semana|mois|semaine|month|week|monat|woche|fortnight|quinzaine|"
    r"quincena)\b"
)
MAX_DEADLINE_DAYS = 730  # beyond two years a "deadline" is a horizon or a figure of speech
_RELATIVE_DAYS: Mapping[str, int] = {
    "week": 7, "woche": 7, "semaine": 7, "semana": 7, "month": 30, "monat": 30, "mois": 30,
    "mes": 30, "fortnight": 14, "quinzaine": 14, "quincena": 14,
}  # fmt: skip
# A shop or brand name ("we run Lumen Candle Co", "at Bean & Leaf Tea Co."): its words are the
# founder's business, not the product, so they never take part in the match.
_BUSINESS_NAME = re.compile(
    r"\b(?:[A-Z][\w'&-]*\s+){0,3}(?:[A-Z][\w'&-]*)\s+(?:Co|Co\.|Company|Ltd|Ltd\.|GmbH|UG|LLC|"
    r"Inc|Inc\.|AG|SARL|SAS|SL|S\.L\.|Studio|Studios|Collective|Goods|Supply|Labs?)(?![\w])|"
    r"\b(?P<lead>we run|i run|our shop|my shop|our brand|my brand|called|named|brand is|shop is) "
    r"(?:[A-Z][\w'&-]*\s?){1,4}"
)
# Where the words after the need stop naming the product.
_NEED_PHRASE_END = re.compile(
    r"[,.;:!?()]|\s(?:for|with|by|in|to|from|per|a|an|each|every|at|and|but|which|that|"
    r"so|because|within|before|until|on|under|over|of our|of my|für|fur|pour|para|mit|avec|"
    r"con|pro|par|por|im|al|au|a la|je|ab|en|dans|de nuestra|de nos|made|printed by|"
    r"x|now|then|per|this|next|last|once|one|twice|w/|"
    # how often, how soon and what is done to it: never the product's words ("cajas cada 2
    # meses", "Flaschen alle 2 Wochen", "tins packed", "cases eventually", "collars as")
    r"cada|alle|tous|toutes|chaque|jede[nrs]?|as|eventually|packed|filled|printed|delivered|"
    r"shipped|monthly|weekly|yearly|mensuales|mensuels|monatlich)\s"
)
# "400 bottles of beard oil": the unit before "of" is how it comes, the words after what it is.
_CONTAINER_OF = re.compile(
    r"^(?:bottles?|jars?|bags?|boxes|box|cans?|pairs?|units?|pieces?|pcs|sets?|rolls?|packs?|"
    r"tins?|tubes?|pouches|sachets?|cartons?|sheets?|copies|kits?|lots?|batch(?:es)?|"
    r"flacons?|pots?|botellas?|cajas?|bolsas?|beutel|dosen|flaschen|glaser)\s+(?:of|de|d')\s+"
)
_SHELF_LIFE_RE = re.compile(r"shelf[- ]?life\D{0,20}?(\d+)\s*(day|week|month|year)")
_NOT_PRODUCT_WORDS = re.compile(
    r"\b(?:shelf[- ]?life|certified|certification|certificate|sold|so far|quoted?|setup|"
    r"set-up|tooling|fee|fees)\b"
)


def _prepare(rest: str) -> str:
    """Returns the work text: no unsure phrases, no dates."""
    work = _UNSURE.sub(" ", rest)  # folded, lower-case, place removed
    return _DATE_RE.sub(" ", work)


def _quantity(figure: Figure | None, work: str) -> tuple[Quantity | None, Problem | None, bool]:
    """Returns the need as a Quantity, or the problem with it; True when it is a bare decimal."""
    if figure is None:
        return None, None, False
    value, maximum = figure.value, figure.maximum
    kind: ProblemKind | None = None
    if figure.negative:
        kind = ProblemKind.NEGATIVE
    elif value > MAX_QUANTITY or (maximum or 0) > MAX_QUANTITY:
        kind = ProblemKind.TOO_LARGE
    elif value == 0:
        kind = ProblemKind.ZERO
    elif value != value.to_integral_value() or (
        maximum is not None and maximum != maximum.to_integral_value()
    ):
        after = work[figure.end : figure.end + 3]
        if figure.period is None and maximum is None and not re.match(r"\s*[a-z]", after):
            return None, None, True  # "1.5" alone: maybe money; the dialog decides
        kind = ProblemKind.NOT_WHOLE
    elif maximum is not None and maximum < value:
        kind = ProblemKind.BAD_RANGE
    if kind is not None:
        return None, Problem("quantity", kind, figure.text), False
    high = int(maximum) if maximum is not None and maximum != value else None
    return Quantity(int(value), high, figure.period, figure.text), None, False


def _money(figure: Figure | None, slot: str) -> tuple[Money | None, Problem | None]:
    """Returns a money figure as Money, or the problem with it."""
    if figure is None:
        return None, None
    if figure.negative:
        return None, Problem(slot, ProblemKind.NEGATIVE, figure.text)
    if figure.value > MAX_MONEY:
        return None, Problem(slot, ProblemKind.TOO_LARGE, figure.text)
    if figure.value <= 0:
        return None, Problem(slot, ProblemKind.ZERO, figure.text)
    return Money(figure.value, figure.currency, figure.period, figure.text), None


def _days(reading: Reading, role: Role) -> int | None:
    """Returns the days of the first duration with that role, when positive and plausible."""
    figure = reading.first(role)
    if figure is None or not figure.days or not 0 < figure.days <= MAX_DAYS:
        return None
    return figure.days


def _shelf_life_months(reading: Reading, work: str) -> int | None:
    """Returns the shelf life in months ("6 months shelf life", "shelf life of 90 days")."""
    days = _days(reading, Role.SHELF_LIFE)
    if days is None:
        match = _SHELF_LIFE_RE.search(work)
        if match is None:
            return None
        days = int(match.group(1)) * DURATION_UNITS[match.group(2)]
    # "4 años" is 48 months, not 1,460 days / 30
    months = days // 365 * 12 if days % 365 == 0 else max(1, round(days / 30))
    return months if months <= MAX_SHELF_LIFE_MONTHS else None


def _deadline_days(reading: Reading, work: str) -> int | None:
    """Returns the days until the founder needs the goods, with or without a number."""
    # "wedding in 4 months, need them within 6 weeks": the goods must come by the earliest
    said = [f.days for f in reading.all(Role.DEADLINE) if f.days and 0 < f.days <= MAX_DAYS]
    days = min(said) if said else None
    if days is not None and days > MAX_DEADLINE_DAYS:
        return None  # "we won't need that many in 5 years": no delivery date
    if days is None:
        match = _RELATIVE_DEADLINE.search(work)
        days = _RELATIVE_DAYS[match.group("unit")] if match else None
    if days is None and (match := _IN_A_PERIOD.search(work)):
        unit = match.group("unit") or match.group("unit2") or match.group("unit3")
        days = _RELATIVE_DAYS[unit]
    return days


_GLUED_TAIL = re.compile(r"[^\s,;!?()]*(?:\s?(?:x|×)\s?[\d.]+[^\s,;!?()]*)?")
_WORD_TAIL = re.compile(r"(?:\s+(?:per|each|of each|for each|pro|par|por|je)\b)?(?:\s+[^\W\d_]+)?")


def _with_unit(work: str, figure: Figure) -> str:
    """Returns a size or variant with its unit: glued ("3x3in", "250g") or the word after it
    ("30 ml", "3 colours"); a unit already glued takes no word ("3x3in die cut" is 3x3in)."""
    glued = _GLUED_TAIL.match(work, figure.end)
    end = glued.end() if glued else figure.end
    text = figure.text + work[figure.end : end]
    if not text[-1:].isalpha():
        word = _WORD_TAIL.match(work, end)
        text += word.group(0) if word else ""
    return text.strip()


def _bare_number(reading: Reading, need: Figure | None, bare_decimal: bool) -> Decimal | None:
    """Returns a number with no role the dialog may read as the answer to its question."""
    if bare_decimal and need is not None:
        return need.value
    later = [f for f in reading.all(Role.NEED) if need is None or f.start != need.start]
    return later[0].value if later else None


def _need_phrase(work: str, need: Figure | None) -> str | None:
    """Returns the product words right after the need ("300 kraft mailers for our shop")."""
    if need is None:
        return None
    tail = work[need.end : need.end + 80] + " "
    tail = re.sub(
        r"^(?:\s*(?:x\s|pcs?\b|pieces\b|units\b|stk\b|stuck\b|stück\b|of\b|de\b|d'|"
        r"custom\b|unidades\b|pièces\b|paires\b))+",
        " ",
        tail,
    )
    stop = _NEED_PHRASE_END.search(tail)
    phrase = strip_product(tail[: stop.start()] if stop else tail)
    if phrase is None or len(phrase.split()) > 6:
        return None
    return _CONTAINER_OF.sub("", phrase) or phrase


def _product_text(work: str, consumed: tuple[tuple[int, int], ...]) -> str:
    """Returns the work text without the spans the numbers and periods used."""
    text = work
    for start, end in sorted(consumed, reverse=True):
        text = text[:start] + " " + text[end:]
    return text


def _standalone_period(text: str) -> Period | None:
    """Returns a period named without a number ("monthly", "one-off"), or None."""
    for period, pattern in PERIOD_PATTERNS:
        if pattern.search(text):
            return period
    return None


# The piece a price is per ("then €1.20 per part", "1,20 € pro Teil") is a unit, no product.
_PER_PIECE_WORDS = re.compile(
    r"\b(?:per|pro|par|por|je)\s+(?:parts?|teile?|stuck|stück|pieces?|pièces?|piezas?|"
    r"unidad(?:es)?|units?|items?)\b"
)


def _product_words(text: str) -> str:
    """Returns the leftover text without periods, corrections, money marks and extras."""
    for _, pattern in PERIOD_PATTERNS:
        text = pattern.sub(" ", text)
    text = _CORRECTION.sub(" ", text)
    text = re.sub(MONEY_MARK_RE, " ", text)
    text = _NOT_PRODUCT_WORDS.sub(" ", text)
    text = _PER_PIECE_WORDS.sub(" ", text)
    for _, pattern in STAGE_PATTERNS:
        text = pattern.sub(" ", text)
    for name, pattern in _CERTIFICATIONS:
        if name not in _KIND_CLAIMS:
            text = pattern.sub(" ", text)
    return text


# Claims that also say what kind of product it is ("compostable cups", "recycled mailers"):
# kept among the product's words, still read as certifications.
_KIND_CLAIMS = frozenset({"compostable", "biodegradable", "recycled"})


@dataclass(frozen=True, slots=True)
class _Slots:
    """The founder's numbers from a reading, with their problems."""

    quantity: Quantity | None
    budget: Money | None
    unit_price: Money | None
    bare: Decimal | None
    problems: tuple[Problem, ...]


def _slots(reading: Reading, work: str) -> _Slots:
    """Returns the need, budget and target price of a reading, and what was wrong with them."""
    need = reading.need
    quantity, quantity_problem, bare_decimal = _quantity(need, work)
    budget, budget_problem = _money(_budget_said_per(reading.first(Role.BUDGET), work), "budget")
    unit_price, price_problem = _money(reading.first(Role.UNIT_PRICE), "budget")
    problems = tuple(p for p in (quantity_problem, budget_problem, price_problem) if p)
    bare = _bare_number(reading, need, bare_decimal)
    return _Slots(quantity, budget, unit_price, bare, problems)


# "Monthly budget: $800", "Annual packaging budget: $24k", "Budget mensuel : 800 €",
# "Jahresbudget 5.000 €", "presupuesto anual de 3.000 €": the period named with the budget word
# right before the amount.
# "budget per month: 600 €", "Budget pro Monat: 500 €", "presupuesto al mes: 300 €" too.
_PER = r"(?:per|a|each|pro|im|par|al|por|a la)"
_PERIODIC = {
    "month": rf"monthly|mensuel\w*|mensual\w*|monats|{_PER} (?:month|monat|mois|mes)",
    "year": rf"annual|yearly|annuel\w*|anual\w*|jahres|{_PER} (?:year|jahr|an|ano)|per annum",
    "week": rf"weekly|hebdomadaire|semanal\w*|wochen|{_PER} (?:week|woche|semaine|semana)",
}
_BUDGET_PER = re.compile(
    "|".join(
        rf"\b(?P<{period}>(?:{words})\s+(?:[^\W\d_]+\s+)?(?:budget|presupuesto)|"
        rf"(?:budget|presupuesto)\s+(?:{words})|(?:{words})budget)"
        for period, words in _PERIODIC.items()
    )
    + r"\W{0,6}(?:de\s|of\s|von\s|:|is\s|ist\s|est\s|es\s)?\W{0,4}$"
)


def _budget_said_per(figure: Figure | None, work: str) -> Figure | None:
    """Returns the budget with the period said right before it, when it has none of its own."""
    if figure is None or figure.period is not None:
        return figure
    before = work[max(0, figure.start - 45) : figure.start]
    match = _BUDGET_PER.search(re.sub(r"[$€£]|\b[a-z]{3}\s*$", " ", before).rstrip() + " ")
    if match is None:
        return figure
    named = next(name for name, value in match.groupdict().items() if value)
    return replace(figure, period=Period(named))


def _fee(reading: Reading, role: Role) -> Money | None:
    """Returns the first fee with that role as Money."""
    return _money(reading.first(role), "fee")[0]


def _extras(reading: Reading, work: str) -> dict[str, object]:
    """Returns the Parsed fields that the numbers give besides the need and the budget."""
    moq = reading.first(Role.MOQ)
    return {
        "supplier_moq": int(moq.value)
        if moq is not None and moq.value == moq.value.to_integral_value() and moq.value > 0
        else None,
        "tiers": reading.tiers,
        "setup_fee": _fee(reading, Role.SETUP_FEE),
        "tooling_fee": _fee(reading, Role.TOOLING_FEE),
        "shipping_fee": _fee(reading, Role.SHIPPING_FEE),
        "horizon_days": _days(reading, Role.HORIZON),
        "lead_time_days": _days(reading, Role.LEAD_TIME),
        "sizes": tuple(_with_unit(work, f) for f in reading.all(Role.SIZE)),
        "variants": tuple(_with_unit(work, f) for f in reading.all(Role.VARIANT)),
        "history": tuple(f.text for f in reading.all(Role.HISTORY)),
        "figures": reading.figures,
    }


# Words that say a message carries a supplier's prices; only then is it read as a quote.
# Read on the folded text (no accents): the supplier who sent it, how it was sent, a tier's
# "from N" ("ab 1.000", "à partir de 500", "desde 1000") and a price per piece ("/Stk.").
_QUOTE_WORDS = re.compile(
    r"\b(?:quot\w*|offer\w*|pricing|price\w*|tiers?|charges?|printer says|factory says|"
    r"wants|asks|asking|asked|said|per 1000|per thousand|"
    r"supplier says|angebot\w*|preis\w*|devis|propose|tarif\w*|cotiz\w*|presupuesto de|"
    r"precios?|which tier|which one|lequel|cual|welche\w*|"
    r"verlangt|demande|pide|piden|m'a (?:fait|repondu|envoye)|"
    r"pasting|pasted|got this|pro tausend|le mille|el millar)\b|@|"
    r"\b(?:ab|a partir de|des|desde)\s+\d|\b\d[\d.,]*\s?(?:k|pcs?|"
    r"pieces|units|stück|stk)?\s(?:for|at|à|a|zu)\s[$€£]|"
    r"\d\s?(?:€|\$|£|eur|usd|chf|gbp)\s?(?:/|pro |je |par |por |per )\s?(?:stk|stuck|piece|pc|"
    r"unit|u\b|pieza|unidad|st\b)"
)


def _pasted_quote(text: str) -> tuple[QuoteReading | None, str]:
    """Returns the quote a message pastes (read by quotes.read_quote) and the text without it.

    Only a message with a word of quoting and a price break is read as a quote; its numbers
    are blanked (same length) so that none of them becomes the need or the budget.
    """
    if not _QUOTE_WORDS.search(fold_accents(text)):
        return None, text
    quote = read_quote(text)
    if quote is None or not quote.tiers or not all(_plausible(t) for t in quote.tiers):
        return None, text
    quote = _plate_as_setup(text, quote)
    blanked = text
    for start, end in _blanked_spans(text, quote):  # numbers and money marks only: words stay
        part = _QUOTE_FIGURE.sub(lambda m: " " * len(m.group(0)), blanked[start:end])
        blanked = blanked[:start] + part + blanked[end:]
        # "mould $1,900 (one time)": paid once, which is no period of the need
        once = _ONCE_AFTER_PART.match(blanked, end)
        if once is not None:
            blanked = blanked[:end] + " " * (once.end() - end) + blanked[once.end() :]
    return quote, blanked


# A printing plate or cliché ("$150 plate charge", "35 € de frais de cliché"): the message
# contract's set-up unless its sentence says it is paid once (the quote reader's tooling).
_PLATE_FEE = re.compile(
    r"\b(?:plates?|clich[eé]s?|klischee\w*|druckplatt\w*|placas?)\b", re.IGNORECASE
)
_PAID_ONCE = re.compile(
    r"\b(?:one[- ]?off|one[- ]?time|once|einmalig\w*|une (?:seule )?fois|una (?:sola )?vez|"
    r"[uú]nic[oa]|first order only|up[- ]?front)\b",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"(?:[^.;!?\n]|(?<=\d)\.(?=\d))+")


def _plate_as_setup(text: str, quote: QuoteReading) -> QuoteReading:
    """Returns the quote with a plate fee not said to be one-off as its set-up fee."""
    tooling = quote.tooling_fee
    if tooling is None or quote.setup_fee is not None:
        return quote
    if not _PLATE_FEE.search(tooling.span.words):
        return quote
    for sentence in _SENTENCE.finditer(text):
        inside = sentence.start() <= tooling.span.start < sentence.end()
        if inside and _PAID_ONCE.search(sentence.group(0)):
            return quote
    return replace(quote, setup_fee=tooling, tooling_fee=None)


# The founder's own time words before a duration the quote reader took for a lead time: a
# rate ("alle 6 Wochen", "every 6 weeks"), or a deadline ("needs to be here in 5 weeks",
# "livraison avant 5 semaines", "antes de 3 semanas").
_FOUNDER_TIME_BEFORE = re.compile(
    r"\b(?:every|alle|cada|tous les|toutes les)\s*$|"
    r"\b(?:before|avant|antes de|vor|spatestens)\s*$|"
    r"\b(?:need|needs|needed|brauche\w*|benotig\w*|faut|besoin|necesit\w*|ocupamos)\b"
    r"[^.;!?\d]{0,30}$"
)


def _blanked_spans(text: str, quote: QuoteReading) -> list[tuple[int, int]]:
    """Returns the quote's spans to blank: all but a lead time said in the founder's own time
    words, which the number reader reads as the rate or the deadline it is."""
    lead = quote.lead_time_days
    if lead is None:
        return list(quote.spans)
    digit = re.search(r"\d", text[lead.span.start : lead.span.end])
    number = lead.span.start + (digit.start() if digit else 0)
    before = fold_accents(text[max(0, number - 40) : number]).lower()
    if not _FOUNDER_TIME_BEFORE.search(before):
        return list(quote.spans)
    return [span for span in quote.spans if span != (lead.span.start, lead.span.end)]


_ONCE_AFTER_PART = re.compile(
    r"(?:\s+(?:du|de la|des|de|del|of the|of|for the)\s+[^\W\d_]{2,20})?"  # "gravure du logo"
    r"\s*\(?\s*(?:one[- ]?off|one[- ]?time|einmalig\w*|une (?:seule )?fois|una (?:sola )?vez|"
    r"unico|único)\b\s*\)?",
    re.IGNORECASE,
)


_QUOTE_FIGURE = re.compile(
    # "US$3.20": the letters go with the mark, or "US" is left to read as a country
    r"\d(?:[\d.,' ]*\d)?\s?(?:k\b)?|\b(?:US|AU|A|CA|C|NZ|HK|S)\$|[€$£¥₹@+]|"
    r"\b(?:EUR|USD|GBP|CHF|CAD|AUD|NZD|SEK|NOK|DKK|PLN|"
    r"eur|usd|gbp|chf|cad|aud|nzd|sek|nok|dkk|pln|each|per|pcs|at|for|min|moq|minimum)\b|"
    # "testing $2,500 one-off": the fee's once is no period of the need either
    r"\b(?:one[- ]?off|one[- ]?time|einmalig\w*)\b"
)


def _plausible(tier: QuoteTier) -> bool:
    """Says whether a quoted tier reads as one: a unit price below its quantity and not in the
    thousands ("quote #4521: 2000 pcs" is a reference and a quantity, not a price break), or
    a price its own money mark says is one ("2.900 CLP por vela a partir de 1.000")."""
    price = tier.unit_price
    if _MONEY_MARK.search(tier.span.words):
        return True
    return price < tier.min_qty and not (price == price.to_integral_value() and price >= 1000)


_MONEY_MARK = re.compile(r"[$€£¥₹₩₱₦]|\b[A-Z]{3}\b|\bR\$|\bkr\b|\bFr\.|zł|Kč")


def _quote_fields(quote: QuoteReading | None, reading: Reading) -> dict[str, object]:
    """Returns the Parsed fields a pasted quote fills (the reader's own where it has none)."""
    if quote is None:
        return {}
    currency = quote.currency
    fields: dict[str, object] = {
        "quote": quote,
        "tiers": tuple(
            QuotedTier(t.min_qty, t.unit_price, t.currency or currency) for t in quote.tiers
        ),
    }
    for name, read in (
        ("setup_fee", quote.setup_fee),
        ("tooling_fee", quote.tooling_fee),
        ("shipping_fee", quote.shipping_per_order),
    ):
        if read is not None:
            fields[name] = Money(read.value, currency, None, read.span.words)
    if quote.moq is not None and reading.first(Role.MOQ) is None:
        fields["supplier_moq"] = quote.moq.value
    return fields


# A clause part: "one-off order of 300 mugs, setup $60" holds the order's one-off and a fee
# apart, "Formkosten 60 € einmalig" the fee's own one-off.
_CLAUSE = re.compile(r"[^.,;:!?()\n]+")
# The nouns of a one-off charge ("Formkosten", "one-time tooling", "frais de cliché"); words
# that also name products ("plates", "dies", "stamps") only with the word of a charge.
_FEE_NOUN = re.compile(
    r"\b(?:tooling|tool(?:ing)? cost|moulds?|molds?|moules?|moldes?|werkzeug\w*|klischee\w*|"
    r"cliches?|set[- ]?up|outillage|herramental|troquel|stencils?|digiti[sz]ing|nre|stempel\w*|"
    r"(?:box|cutting|embossing|foil|custom|one[- ]time|one[- ]off) dies?|matriz|matrices|"
    r"(?:plate|die|screen|programme|program|development|sample) (?:fee|charge|cost)s?|"
    r"frais|fees?|charges?|gastos|\w*kosten|gebuhr\w*)\b"
)


def _without_fee_clauses(text: str) -> str:
    """Returns the text without the clauses that name a fee: "Formkosten 60 € einmalig",
    "one-time tooling $3,200" say the fee is paid once, not that the order is a one-off."""
    return _CLAUSE.sub(lambda m: " " if _FEE_NOUN.search(m.group(0)) else m.group(0), text)


def _with_standalone_period(
    quantity: Quantity | None, leftover: str
) -> tuple[Quantity | None, Period | None]:
    """Returns the quantity with a period said apart from it ("300 boxes ... monthly"), or the
    period alone when there is no quantity to carry it."""
    if quantity is not None and quantity.period is not None:
        return quantity, None
    period = _standalone_period(_without_fee_clauses(leftover))
    if quantity is not None and period is not None:
        return Quantity(quantity.value, quantity.maximum, period, quantity.text), None
    return quantity, period


def _budget_notes(reading: Reading, slots: _Slots) -> tuple[str, ...]:
    """Returns the reading of a budget range to say back ("budget '1-2k' as 1,000")."""
    figure = reading.first(Role.BUDGET)
    if slots.budget is None or figure is None or figure.maximum is None:
        return ()
    return (f"budget '{figure.text}' as {slots.budget.amount:,}",)


@dataclass(frozen=True, slots=True)
class _Prepared:
    """A message made ready for the number reader: quote read, places and dates taken out."""

    raw: str
    folded: str
    quote: QuoteReading | None
    notes: list[str]
    country: str | None
    region: str | None
    rest: str  # lower-case, accents folded, place removed
    work: str  # and no unsure phrases, no dates: what read_figures reads


# Period adverbs founders mistype ("monthy", "mothly", "weekely", "anually"): one slip
# (a letter missing, extra, wrong or two swapped) from the word, same first letter, so
# "early" never becomes "yearly".
_PERIOD_ADVERBS = ("monthly", "weekly", "yearly", "annually", "quarterly", "fortnightly")
_ADVERB_LIKE = re.compile(r"\b[a-z]{5,12}\b", re.IGNORECASE)


def _mended_adverb(match: re.Match[str]) -> str:
    word = match.group(0)
    low = word.lower()
    for adverb in _PERIOD_ADVERBS:
        if low[0] == adverb[0] and OSA.distance(low, adverb, score_cutoff=1) <= 1:
            return adverb
    return word


def mend_period_typos(text: str) -> str:
    """Returns the text with a mistyped period adverb spelled right ("monthy" -> "monthly")."""
    return _ADVERB_LIKE.sub(_mended_adverb, text)


def _prepared(text: str, *, lenient_country: bool) -> _Prepared:
    """Returns the message with its pasted quote, place and dates taken out."""
    # "POD" in capitals is print on demand, before the case goes ("coffee pods" are not)
    raw = spell_out_codes(mend_period_typos(clean_text(text)[:MAX_TEXT_CHARS]))
    # Number words before accents are folded: text2num reads "fünfhundert", not "funfhundert".
    unnamed = _BUSINESS_NAME.sub(lambda m: f" {m.group('lead') or ''} ", raw)
    quote, unquoted = _pasted_quote(unnamed)
    digits, notes = words_to_digits(spell_currency_marks(unquoted))
    country, region, rest = parse_country(digits, lenient=lenient_country)
    # "-€500": move the sign after the symbol so the amount reads as negative.
    work = re.sub(r"(?<![\w.,])[-−]\s?([€$£])(?=\d)", r"\1-", _prepare(rest))
    return _Prepared(raw, fold_accents(raw), quote, notes, country, region, rest, work)


def work_text(text: str) -> str:
    """Returns the text the number reader reads for one message (the role model's trainer
    reads the same)."""
    return _prepared(text, lenient_country=False).work


def parse(text: str, *, lenient_country: bool = False) -> Parsed:
    """Returns what one founder message says: quantity, money, period, place, stage and extras."""
    ready = _prepared(text, lenient_country=lenient_country)
    raw, folded, quote, notes = ready.raw, ready.folded, ready.quote, ready.notes
    country, region, work = ready.country, ready.region, ready.work
    negation = bool(_NEGATION.match(folded)) or bool(_UNSURE.search(folded))
    stage = stage_of(_UNSURE.sub(" ", ready.rest))  # before dates go: "selling since 2021"
    if stage is None and quote is not None:
        # a pasted quote's numbers are blanked in the rest: "0 sales yet" read as a fee
        stage = stage_of(_UNSURE.sub(" ", folded))
    certifications = tuple(name for name, pattern in _CERTIFICATIONS if pattern.search(work))
    reading = read_figures(work)
    slots = _slots(reading, work)
    leftover = _product_text(work, reading.consumed)
    quantity, period = _with_standalone_period(slots.quantity, leftover)
    product_words = _product_words(leftover)
    product = None if negation and _NEGATION.match(folded) else strip_product(product_words)
    parsed = Parsed(
        quantity=quantity,
        budget=slots.budget,
        target_unit_price=slots.unit_price,
        bare_number=slots.bare,
        period=period,
        country=country,
        region=region,
        stage=stage,
        shelf_life_months=_shelf_life_months(reading, work),
        deadline_days=_deadline_days(reading, work),
        certifications=certifications,
        product=product,
        correction=bool(_CORRECTION.search(folded)),
        negation=negation,
        problems=slots.problems,
        ambiguous=(*notes, *_budget_notes(reading, slots)),
        product_candidates=product_spans(product_words),
        product_text=product_words,
        need_phrase=_need_phrase(work, reading.need),
        language=language_of(raw),
        **{**_extras(reading, work), **_quote_fields(quote, reading)},  # type: ignore[arg-type]
    )
    return _with_money_country(_without_tooled_target(parsed), raw)


# The founder's own money: what they can spend or pay, not a supplier's prices or fees.
_OWN_MONEY = frozenset({Role.BUDGET, Role.UNIT_PRICE, Role.SUPPLIER_PRICE})


def _names_a_place(raw: str) -> bool:
    """Returns whether the text says where the founder is with a name no table holds ("in
    Hebden Bridge", "shops in Penang", "in the Midlands")."""
    for pattern in (_STRONG_CITY_CUE, _WEAK_CITY_CUE, _BASED_CITY, _CITY_BUSINESS):
        for match in pattern.finditer(raw):
            name = match.group("based" if pattern is _BASED_CITY else "name")
            if fold_accents(name.split()[0]) not in _NOT_CITIES:
                return True
    return False


def _with_money_country(parsed: Parsed, raw: str) -> Parsed:
    """Returns the reading with the country the founder's own money says for a place the
    tables do not know: pounds, naira, rupees or NZ$ to spend are paid where they are the
    national currency ("the Christmas fair in Hebden Bridge, budget £900": a town too small
    for the gazetteer). Money alone, with no place named, says nothing (a Briton abroad pays in
    pounds too); nor does a quote's currency, which is the supplier's."""
    if parsed.country is not None or parsed.region is not None or not _names_a_place(raw):
        return parsed
    currencies = {f.currency for f in parsed.figures if f.currency and f.role in _OWN_MONEY}
    if len(currencies) != 1:
        return parsed  # no money of their own, or money of several countries: no one place
    code = CURRENCY_COUNTRIES.get(currencies.pop())
    if code is None:
        return parsed
    return replace(parsed, country=code, region=region_of(code))


def tooled_price(parsed: Parsed) -> Figure | None:
    """Returns the unit price a tool brings when the message quotes no price breaks: the first
    price after the tooling fee ("a mould would be €7,800 and then €1.20 a part"), the tooled
    quote's price and no target of the founder's; None when there is none."""
    if parsed.tiers or parsed.tooling_fee is None:
        return None
    tooling = next((f for f in parsed.figures if f.role is Role.TOOLING_FEE), None)
    if tooling is None:
        return None
    prices = (Role.UNIT_PRICE, Role.SUPPLIER_PRICE)
    return next((f for f in parsed.figures if f.start > tooling.start and f.role in prices), None)


def _without_tooled_target(parsed: Parsed) -> Parsed:
    """Returns the reading without a target price that is the tooled quote's price."""
    target, tooled = parsed.target_unit_price, tooled_price(parsed)
    if target is None or tooled is None or target.amount != tooled.value:
        return parsed
    return replace(parsed, target_unit_price=None)


def parse_stage(text: str) -> Stage | None:
    """Returns the stage a short answer names ("first sales" -> launch), or None."""
    folded = fold_accents(clean_text(text))
    if _UNSURE.search(folded):
        return None
    for value in Stage:
        if folded.strip() == value.value:
            return value
    for stage, pattern in STAGE_PATTERNS:
        if pattern.search(folded):
            return stage
    return None


def parse_period(text: str) -> Period | None:
    """Returns the period a short answer names ("monthly", "one-off"), or None."""
    folded = fold_accents(mend_period_typos(clean_text(text)))
    bare = folded.strip(" .!")
    aliases = {
        "month": Period.MONTH,
        "week": Period.WEEK,
        "year": Period.YEAR,
        "once": Period.ONCE,
    }
    if bare in aliases:
        return aliases[bare]
    for period, pattern in PERIOD_PATTERNS:
        if pattern.search(folded):
            return period
    return None


__all__ = [
    "MAX_QUANTITY",
    "MAX_TEXT_CHARS",
    "Money",
    "Parsed",
    "Problem",
    "ProblemKind",
    "Quantity",
    "clean_text",
    "country_region",
    "currency_of",
    "named_region",
    "own_words",
    "parse",
    "parse_country",
    "parse_period",
    "parse_stage",
]
