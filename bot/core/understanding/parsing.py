"""Free text to typed slots: quantities, money, periods, countries, stages and extras.

It reports what it found and what stayed ambiguous; it never asks (the dialog decides what to ask).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from bot.core.types import Period, Stage
from bot.core.understanding.geography import CODE_ALIASES, COUNTRY_NAMES, currency_of, region_of
from bot.core.understanding.geography import region_of as country_region
from bot.core.understanding.money import CURRENCY_SYMBOLS
from bot.core.understanding.normalise import fold_accents

# Longer messages are refused before parsing: a chat answer is a sentence or two.
MAX_TEXT_CHARS = 2000
# Above this a quantity is a typo or a joke; the dialog says so instead of computing with it.
MAX_QUANTITY = 10_000_000
MAX_MONEY = Decimal("100000000")


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


# --------------------------------------------------------------------------------------------
# Vocabularies
# --------------------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    """Returns the space-separated words of a vocabulary string."""
    return tuple(text.split())


_CURRENCY_SYMBOLS: Mapping[str, str] = {symbol: code for code, symbol in CURRENCY_SYMBOLS.items()}
_CURRENCY_WORDS: Mapping[str, str] = {
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "bucks": "USD",
    "us$": "USD",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "chf": "CHF",
    "sek": "SEK",
    "nok": "NOK",
    "dkk": "DKK",
    "pln": "PLN",
    "zl": "PLN",
    "zloty": "PLN",
    "czk": "CZK",
    "huf": "HUF",
    "cad": "CAD",
    "c$": "CAD",
    "aud": "AUD",
    "a$": "AUD",
    "nzd": "NZD",
    "jpy": "JPY",
    "yen": "JPY",
    "cny": "CNY",
    "rmb": "CNY",
    "yuan": "CNY",
    "inr": "INR",
    "rupees": "INR",
}

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

_REGION_NAMES: Mapping[str, str] = {
    "europe": "Europe",
    "the eu": "Europe",
    "eu": "Europe",
    "european union": "Europe",
    "north america": "North America",
    "latin america": "Latin America",
    "south america": "Latin America",
    "asia": "Asia",
    "oceania": "Oceania",
    "africa": "Africa",
    "middle east": "Middle East",
}
_STAGE_PATTERNS: tuple[tuple[Stage, re.Pattern[str]], ...] = (
    (
        Stage.IDEA,
        re.compile(
            r"\b(?:just an idea|an idea|idea stage|idea|concept|prototype|prototyping|launching|"
            r"about to launch|pre[- ]?revenue|"
            r"pre[- ]?launch|not launched|haven'?t launched|not selling yet|not yet selling|"
            r"before launch|mvp)\b"
        ),
    ),
    (
        Stage.LAUNCH,
        re.compile(
            r"\b(?:first sales|first customers|just launched|launched|"
            r"already sell(?:ing)?|we sell|started selling|early sales|selling a bit)\b"
        ),
    ),
    (
        Stage.GROWTH,
        re.compile(r"\b(?:growing|growth|selling well|repeat customers|ramping up)\b"),
    ),
    (
        Stage.SCALE,
        re.compile(r"\b(?:scaling|scale|scaled|established|mature|well established)\b"),
    ),
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

_NUMBER_WORDS: Mapping[str, int] = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "dozen": 12,
}
_SCALE_WORDS: Mapping[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague amounts: read as the middle of what people usually mean, and said back as an assumption.
_VAGUE: Mapping[str, int] = {"a few": 3, "a couple": 2, "a couple of": 2, "several": 5, "a": 1}

_PERIOD_PATTERNS: tuple[tuple[Period, re.Pattern[str]], ...] = (
    (
        Period.ONCE,
        re.compile(
            r"(?:\bone[- ]?off\b|\bone[- ]?time\b|\bsingle (?:batch|run|order)\b|"
            r"\bjust once\b|\bonce\b|\bone batch\b|\bone run\b|\bin total\b|\btotal\b)"
        ),
    ),
    (
        Period.WEEK,
        re.compile(
            r"(?:(?:\bper|\ba|\ban|\beach|\bevery|/|\bpro|\bin der)\s*(?:week|wk|woche)\b|"
            r"\bweekly\b|\bwöchentlich\b|\bpar semaine\b|/w\b)"
        ),
    ),
    (
        Period.MONTH,
        re.compile(
            r"(?:(?:\bper|\ba|\ban|\beach|\bevery|/|\bpro|\bim)\s*(?:month|mo|mth|mon|monat)\b|"
            r"\bmonthly\b|\bmonatlich\b|\bpar mois\b|\bal mes\b|\bpm\b|/m\b)"
        ),
    ),
    (
        Period.YEAR,
        re.compile(
            r"(?:(?:\bper|\ba|\ban|\beach|\bevery|/|\bpro|\bim)\s*(?:year|yr|annum|jahr)\b|"
            r"\byearly\b|\bannually\b|\bannual\b|\bjährlich\b|\bpar an\b|\bpa\b|/y\b)"
        ),
    ),
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

# Units that make a number a size, weight, share or count of something else, not the order.
_SIZE_UNITS = (
    r"ml|l|cl|dl|ltr|litres?|liters?|g|gr|grams?|kg|mg|oz|lbs?|cm|mm|m|km|in|inch(?:es)?|"
    r"ft|feet|foot|mic|micron|microns?|gsm|pt|mil|%|percent|x|colou?rs?|sides?|layers?|pages?|"
    r"ply|w|v|mah|mp|px|dpi|pcs? per|per (?:box|carton|pack|case)|skus?|designs?|"
    r"variants?|flavou?rs?|scents?|sizes?|versions?|people|employees|customers|followers|"
    r"stores?|shops?|items? per|st|nd|rd|th"
)
_DURATION_UNITS: Mapping[str, int] = {
    "day": 1,
    "days": 1,
    "d": 1,
    "week": 7,
    "weeks": 7,
    "wk": 7,
    "wks": 7,
    "month": 30,
    "months": 30,
    "mo": 30,
    "mos": 30,
    "mths": 30,
    "year": 365,
    "years": 365,
    "yr": 365,
    "yrs": 365,
}
_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|q[1-4]"
)

_CURRENCY_WORD_RE = "|".join(
    re.escape(word) for word in sorted(_CURRENCY_WORDS, key=len, reverse=True)
)
_SYMBOL_RE = "[" + "".join(re.escape(s) for s in _CURRENCY_SYMBOLS) + "]"

# A number: grouped thousands (1,500 / 1.500 / 1 500 / 1'500), or plain digits with an optional
# decimal part; the multiplier (k, thousand, m) and currency may come before or after.
_NUM = r"\d{1,3}(?:(?:,|\.|'| |\u00a0|\u202f)\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+"
_MULT = r"k|thousand|grand|m|mio|million|mn"
_AMOUNT_RE = re.compile(
    rf"(?P<pre>(?:{_SYMBOL_RE}|\b(?:{_CURRENCY_WORD_RE})\b)\s?)?"
    rf"(?P<sign>(?<![\w.,])[-−](?=\d))?"
    rf"(?<![^\W\d_])(?P<num>{_NUM})"  # not glued to a letter: A5, X200, mp3
    rf"(?:\s?(?P<mult>(?:{_MULT}))\b)?"
    rf"(?:\s?(?P<post>{_SYMBOL_RE}|(?:{_CURRENCY_WORD_RE})\b))?",
    re.IGNORECASE,
)
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|to|bis|à|a|or|/)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s*$")
_DATE_RE = re.compile(
    r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b|"
    rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?:19|20)\d\d)?\b|"
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b\.?(?:,?\s+(?:19|20)\d\d)?|"
    rf"\b(?:{_MONTHS})\.?\s+(?:19|20)\d\d\b|"
    r"\b(?:in|since|by|from|until|till|before|after|of|year|early|late|mid|end of|spring|"
    r"summer|autumn|fall|winter|for)\s+(?:19|20)\d\d\b|"
    r"\b(?:our|this|next|last|fy|season)\s+(?:19|20)\d\d\b|"
    r"\b(?:19|20)\d\d\s+(?:launch|season|collection|edition|release|campaign|christmas|"
    r"holidays?|event|fair|show|plan|catalogue|catalog|drop)\b|"
    r"\b(?:19|20)\d\d\s*(?:-|–|/)\s*(?:19|20)?\d\d\b(?!\s*(?:units|pcs|pieces|boxes))",
    re.IGNORECASE,
)
_BUDGET_CUE = re.compile(
    r"(?:budget|spend|afford|invest|cash|up to|max(?:imum)?|total of|have|got|bis zu|"
    r"budget of|budget is|budget:|for about)\W*(?:is|of|about|around|roughly|approx\.?)?\W*$"
)
_UNIT_PRICE_CUE_BEFORE = re.compile(
    r"(?:unit price|per unit|price per|target(?: price)?|at|each at|for|cost|costs|pay)\W*"
    r"(?:of|about|around|under|below|max|maximum|is)?\W*$"
)
_UNIT_PRICE_CUE_AFTER = re.compile(
    r"^\s*(?:per unit|per piece|per pc|/\s?unit|/\s?pc|/\s?piece|/\s?pcs|each|apiece|a piece|"
    r"a unit|per item|/\s?item|the piece|per box|a box|per bottle|a bottle|per label)\b"
)


def clean_text(text: str) -> str:
    """Returns the text NFKC-normalised, control characters as spaces, whitespace collapsed."""
    normalised = unicodedata.normalize("NFKC", text)
    out = []
    for ch in normalised:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            out.append(" ")
        else:
            out.append(ch)
    return " ".join("".join(out).split())


# --------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------


def _number_value(raw: str) -> Decimal | None:
    """Returns the value of one digit string with thousands/decimal separators resolved."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub(r"(?<=\d)[ '](?=\d{3}\b)", "", text)
    has_comma, has_dot = "," in text, "." in text
    if has_comma and has_dot:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        text = text.replace(thousands_sep, "").replace(decimal_sep, ".")
    elif has_comma or has_dot:
        sep = "," if has_comma else "."
        parts = text.split(sep)
        if len(parts) > 2 or (
            len(parts) == 2 and len(parts[1]) == 3 and parts[0] not in ("", "0")
        ):
            text = text.replace(sep, "")  # 1,500 / 1.500 / 1.500.000: thousands
        else:
            text = text.replace(sep, ".")  # 1,5 / 2.5 / 0,75: a decimal
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


_MULTIPLIERS: Mapping[str, int] = {
    "k": 1000,
    "thousand": 1000,
    "grand": 1000,
    "m": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "mn": 1_000_000,
}


def _words_to_digits(text: str) -> tuple[str, list[str]]:
    """Returns text with number words as digits ("two hundred" -> "200") and the vague readings."""
    notes: list[str] = []
    word_re = "|".join(sorted([*_NUMBER_WORDS, *_SCALE_WORDS], key=len, reverse=True))
    vague_re = "|".join(re.escape(v) for v in sorted(_VAGUE, key=len, reverse=True))
    pattern = re.compile(
        rf"\b(?P<vague>(?:{vague_re})\s+)?(?P<words>(?:(?:{word_re})(?:[\s-]+(?:and\s+)?|\b))+)",
        re.IGNORECASE,
    )

    def convert(match: re.Match[str]) -> str:
        words = re.findall(rf"{word_re}", match.group("words").lower())
        if not words or (
            words[0] == "one" and re.match(r"\s*[- ]?(?:off|time)\b", text[match.end() :].lower())
        ):
            return match.group(0)
        total, current = 0, 0
        for word in words:
            if word in _NUMBER_WORDS:
                current += _NUMBER_WORDS[word]
            elif word == "hundred":
                current = max(current, 1) * 100
            else:
                total += max(current, 1) * _SCALE_WORDS[word]
                current = 0
        value = total + current
        vague = match.group("vague")
        if vague:
            factor = _VAGUE[vague.strip().lower()]
            if words[0] in _SCALE_WORDS:
                value = factor * value
                if factor != 1:
                    notes.append(f"'{match.group(0).strip()}' as {value:,}")
            else:
                return match.group(0)
        if words[0] in _SCALE_WORDS and not vague:
            return match.group(0)  # "hundreds of boxes" / "thousand" alone: leave as words
        trailing = " " if match.group(0).endswith((" ", "-")) else ""
        return f"{value}{trailing}"

    return pattern.sub(convert, text), notes


@dataclass(slots=True)
class _Amount:
    """A number found in the text, with what surrounds it."""

    start: int
    end: int
    value: Decimal
    negative: bool
    currency: str | None
    has_mult: bool
    text: str
    maximum: Decimal | None = None
    used: bool = False


def _amounts(text: str) -> list[_Amount]:
    """Returns every number in the (lower-cased) text with its currency and multiplier."""
    found: list[_Amount] = []
    for match in _AMOUNT_RE.finditer(text):
        value = _number_value(match.group("num"))
        if (
            value is None
            or re.match(r"e[-+]?\d", text[match.end() : match.end() + 3])
            or re.search(r"\de[-+]?$", text[max(0, match.start() - 3) : match.start()])
        ):
            continue  # 1e400: scientific notation is not how founders count
        mult = (match.group("mult") or "").lower()
        if mult:
            # "m" after a number is metres unless money is involved; decided below.
            value *= _MULTIPLIERS[mult]
        currency = None
        for part in (match.group("pre"), match.group("post")):
            if part:
                token = part.strip().lower()
                currency = _CURRENCY_SYMBOLS.get(token) or _CURRENCY_WORDS.get(token)
        if mult == "m" and currency is None:
            continue  # "5 m" of ribbon: a length
        found.append(
            _Amount(
                start=match.start(),
                end=match.end(),
                value=value,
                negative=bool(match.group("sign")),
                currency=currency,
                has_mult=bool(mult),
                text=match.group(0).strip(),
            )
        )
    return _join_ranges(text, found)


def _join_ranges(text: str, amounts: list[_Amount]) -> list[_Amount]:
    """Returns the amounts with "300-500", "300 to 500", "between 1k and 2k" merged into ranges."""
    out: list[_Amount] = []
    index = 0
    while index < len(amounts):
        current = amounts[index]
        if index + 1 < len(amounts):
            following = amounts[index + 1]
            gap = text[current.end : following.start]
            between = _BETWEEN.search(text[: current.start]) and re.fullmatch(r"\s*and\s*", gap)
            dash_range = following.negative and gap.strip() == "" and not current.negative
            if _RANGE_SEP.match(gap) or between or dash_range:
                low, high = current.value, following.value
                if following.has_mult and not current.has_mult and low < 1000:
                    low *= high / max(Decimal(1), _strip_mult(following))
                current.maximum = high
                current.value = low
                current.end = following.end
                current.currency = current.currency or following.currency
                current.text = text[current.start : following.end].strip()
                index += 1
        out.append(current)
        index += 1
    return out


def _strip_mult(amount: _Amount) -> Decimal:
    """Returns the amount's value before its multiplier ("2k" -> 2)."""
    match = re.search(_NUM, amount.text)
    value = _number_value(match.group(0)) if match else None
    return value if value else Decimal(1)


def _period_after(text: str, start: int, stop: int) -> tuple[Period | None, int, int]:
    """Returns the period phrase found in text[start:stop] and its span."""
    window = text[start:stop]
    best: tuple[Period | None, int, int] = (None, 0, 0)
    for period, pattern in _PERIOD_PATTERNS:
        match = pattern.search(window)
        if match and (best[0] is None or match.start() < best[1] - start):
            best = (period, start + match.start(), start + match.end())
    return best


# --------------------------------------------------------------------------------------------
# The parse
# --------------------------------------------------------------------------------------------

_FILLER_WORDS = _words(
    "hi hello hey hallo please pls thanks thank you about around roughly approx approximately "
    "circa ca some maybe probably i we we're were i'm im i'd we'd we've need needs want wants "
    "looking for to order buy get make made produce source sourcing find of a an the and or "
    "with our my us me it them is are be would like can could do does budget spend shipping "
    "ship ships shipped deliver delivery delivered send sent based located in at on by per "
    "each every month months week weeks year years monthly weekly yearly annually batch run "
    "units unit pcs pc pieces piece items item quantity qty stage already sell selling "
    "currently just also so that this these those than then there ok okay yes yeah no not sure "
    "idk total only up max min minimum moq have has got will shall should must any anything "
    "else from into onto new start startup actually instead rather change mean meant "
    "correction wait currency cost costs price prices target shelf life deadline within days "
    "day lead time next first sales launch launched growing scaling idea at least most give "
    "take let's lets go again here what which how much many between pay bitte danke now "
    "too well another more other different some extra additional "
    # German, French, Spanish, Dutch glue words founders write around the product
    "wir ich brauchen brauche benötigen suchen für fur unsere unser mit und pro etwa stück stk "
    "versand nach liefern lieferung nous je besoin avons cherche pour par des une un envoi "
    "livraison vers necesitamos buscamos para por unos unas envío envio hacia wij zoeken "
    "nodig voor naar per stuks"
)
_FILLER = re.compile(  # a hyphenated word ("stand-up", "t-shirt") is one word, never filler
    r"(?<![\w'-])(?:"
    + "|".join(re.escape(w) for w in sorted(set(_FILLER_WORDS), key=len, reverse=True))
    + r")(?![\w'-])"
)


def _bare_words(text: str) -> str:
    """Returns the text lower-cased with symbols (but in-word - ' + &) turned into spaces."""
    words = re.sub(r"[^\w\s'&+-]", " ", text).lower()
    words = re.sub(r"(?<!\w)[-'+&]+|[-'+&]+(?!\w)", " ", words)
    return " ".join(words.split())


def own_words(text: str, product: str) -> str:
    """Returns the founder's own spelling of a product when the message said nothing else.

    The cleaned product is right for matching, but a founder who typed "<b>Boxes</b> & Co" wants
    to see exactly that back (escaped), not "b boxes b co".
    """
    own = clean_text(text)[:200]
    return own if own and _bare_words(own) == product else product


# Product words with "up" in them; "up" alone is filler ("up to €500"), so join them first.
_UP_COMPOUNDS = re.compile(r"\b(stand|pop|make|zip|roll|pull)\s+up\b")


def _strip_product(text: str) -> str | None:
    """Returns the product words left after removing recognised parts and filler words."""
    words = re.sub(r"[^\w\s'&+-]", " ", text)
    words = _UP_COMPOUNDS.sub(r"\1-up", words.lower())
    words = _FILLER.sub(" ", words)
    words = re.sub(r"(?<!\w)[-'+&]+|[-'+&]+(?!\w)", " ", words)
    cleaned = " ".join(words.split())
    if len(re.sub(r"[\W\d_]", "", cleaned)) < 2:
        return None
    return cleaned[:200]


def parse_country(text: str, *, lenient: bool = False) -> tuple[str | None, str | None, str]:
    """Returns (country, region, text without the place) found in the text.

    `lenient` accepts lower-case codes ("de", "us") when the question was where it ships.
    """
    folded = fold_accents(text)
    for name in sorted(COUNTRY_NAMES, key=len, reverse=True):
        match = re.search(rf"\b{re.escape(name)}\b", folded)
        if match:
            code = COUNTRY_NAMES[name]
            rest = folded[: match.start()] + " " + folded[match.end() :]
            return code, region_of(code), rest
    for token_match in re.finditer(r"(?<![\w.])[A-Za-z](?:\.?[A-Za-z]){1,2}\.?(?![\w])", text):
        token = token_match.group(0)
        found = _COUNTRY_CODES.get(token) or _COUNTRY_CODES.get(token.upper().rstrip("."))
        if found is None:
            continue
        upper_ok = token == token.upper()
        if not (upper_ok or lenient or token.lower().replace(".", "") in _SAFE_LOWER_CODES):
            continue
        if not lenient and text.upper() == text and len(text.split()) > 3:
            continue  # shouting ("IT IS URGENT"): capitals are not country codes here
        rest = fold_accents(text[: token_match.start()] + " " + text[token_match.end() :])
        return found, region_of(found), rest
    for name in sorted(_REGION_NAMES, key=len, reverse=True):
        match = re.search(rf"\b{re.escape(name)}\b", folded)
        if match:
            rest = folded[: match.start()] + " " + folded[match.end() :]
            return None, _REGION_NAMES[name], rest
    return None, None, folded


def parse(text: str, *, lenient_country: bool = False) -> Parsed:
    """Returns what one founder message says: quantity, money, period, place, stage and extras."""
    raw = clean_text(text)[:MAX_TEXT_CHARS]
    correction = bool(_CORRECTION.search(fold_accents(raw)))
    negation = bool(_NEGATION.match(fold_accents(raw)))
    unsure = bool(_UNSURE.search(fold_accents(raw)))
    country, region, rest = parse_country(raw, lenient=lenient_country)
    work = _UNSURE.sub(" ", rest)  # folded, lower-case, place removed
    work = _DATE_RE.sub(" ", work)
    work, notes = _words_to_digits(work)
    ambiguous = list(notes)

    stage = None
    for candidate, pattern in _STAGE_PATTERNS:
        match = pattern.search(work)
        if match:
            stage = candidate
            work = work[: match.start()] + " " + work[match.end() :]
            break
    certifications = []
    for name, pattern in _CERTIFICATIONS:
        if pattern.search(work):
            certifications.append(name)

    # "-€500": move the sign after the symbol so the amount reads as negative.
    work = re.sub(r"(?<![\w.,])[-−]\s?([€$£])(?=\d)", r"\1-", work)
    amounts = _amounts(work)
    problems: list[Problem] = []
    quantity: Quantity | None = None
    budget: Money | None = None
    unit_price: Money | None = None
    bare: Decimal | None = None
    shelf_life: int | None = None
    deadline: int | None = None
    consumed: list[tuple[int, int]] = []

    for number, amount in enumerate(amounts):
        following_start = amounts[number + 1].start if number + 1 < len(amounts) else len(work)
        after = work[amount.end : following_start]
        before = work[max(0, amount.start - 40) : amount.start]
        duration = re.match(r"\s*(?:-\s*)?([a-z]+)\b", after)
        unit_word = duration.group(1) if duration else ""
        if amount.currency is None and re.match(rf"\s*(?:{_SIZE_UNITS})(?![a-z])", after):
            continue  # 30ml, 10x15 cm, 80 gsm, 3 colours: part of the product
        if amount.currency is None and unit_word in _DURATION_UNITS and not amount.has_mult:
            days = int(amount.value * _DURATION_UNITS[unit_word])
            tail_end = amount.end + (duration.end() if duration else 0)
            near = work[max(0, amount.start - 25) : min(len(work), tail_end + 25)]
            deadline_cue = re.search(
                r"\b(?:within|in|by|deadline|need(?:ed)? (?:it|them)|before|max)\W*$", before
            )
            if deadline_cue or ("deadline" in near and "shelf" not in near):
                deadline = days if days > 0 else None
            elif (
                any(cue in near for cue in ("shelf", "expir", "keeps", "best before"))
                and shelf_life is None
                and days > 0
            ):
                shelf_life = max(1, round(days / 30))
            consumed.append((amount.start, tail_end))
            continue
        if amount.currency is None and re.match(r"\s*(?:st|nd|rd|th|am|pm|h|hrs?|min)\b", after):
            continue
        money_cue = amount.currency is not None or bool(_BUDGET_CUE.search(before))
        is_unit_price = money_cue and (
            bool(_UNIT_PRICE_CUE_AFTER.match(after))
            or (
                amount.currency is not None
                and bool(_UNIT_PRICE_CUE_BEFORE.search(before))
                and not _BUDGET_CUE.search(before)
            )
        )
        if (
            not money_cue
            and _UNIT_PRICE_CUE_AFTER.match(after)
            and amount.value < 1000
            and (amount.value != amount.value.to_integral_value() or "price" in before)
        ):
            is_unit_price, money_cue = True, True
        period, p_start, p_end = _period_after(
            work, amount.end, min(following_start, amount.end + 30)
        )
        if (
            period is not None
            and re.search(r"[,;]|\band\b", work[amount.end : p_start])
            and (period is not Period.ONCE)
        ):
            period = None  # "300 boxes, shipping ..., a month later": too far to belong
        if period is not None:
            consumed.append((p_start, p_end))
        if amount.negative:
            problems.append(
                Problem("budget" if money_cue else "quantity", ProblemKind.NEGATIVE, amount.text)
            )
            consumed.append((amount.start, amount.end))
            continue
        if money_cue:
            if amount.value > MAX_MONEY:
                problems.append(Problem("budget", ProblemKind.TOO_LARGE, amount.text))
            elif amount.value <= 0:
                problems.append(Problem("budget", ProblemKind.ZERO, amount.text))
            elif is_unit_price and unit_price is None:
                unit_price = Money(amount.value, amount.currency, None, amount.text)
            elif budget is None:
                value = amount.value
                if amount.maximum is not None:
                    ambiguous.append(f"budget '{amount.text}' as {value:,}")
                budget = Money(value, amount.currency, period, amount.text)
            consumed.append((amount.start, amount.end))
            continue
        if quantity is not None:
            if bare is None:
                bare = amount.value
            continue
        if amount.value > MAX_QUANTITY or (amount.maximum or 0) > MAX_QUANTITY:
            problems.append(Problem("quantity", ProblemKind.TOO_LARGE, amount.text))
        elif amount.value == 0:
            problems.append(Problem("quantity", ProblemKind.ZERO, amount.text))
        elif amount.value != amount.value.to_integral_value() or (
            amount.maximum is not None and amount.maximum != amount.maximum.to_integral_value()
        ):
            if period is None and amount.maximum is None and not re.match(r"\s*[a-z]", after):
                bare = amount.value  # "1.5" alone: maybe money; the dialog decides
                continue
            problems.append(Problem("quantity", ProblemKind.NOT_WHOLE, amount.text))
        elif amount.maximum is not None and amount.maximum < amount.value:
            problems.append(Problem("quantity", ProblemKind.BAD_RANGE, amount.text))
        else:
            low = int(amount.value)
            high = int(amount.maximum) if amount.maximum is not None else None
            if high == low:
                high = None
            quantity = Quantity(low, high, period, amount.text)
        consumed.append((amount.start, amount.end))

    product_text = work
    for start, end in sorted(consumed, reverse=True):
        product_text = product_text[:start] + " " + product_text[end:]
    standalone_period = None
    if quantity is None or quantity.period is None:
        for period, pattern in _PERIOD_PATTERNS:
            if pattern.search(product_text):
                standalone_period = period
                break
        if quantity is not None and standalone_period is not None:
            quantity = Quantity(quantity.value, quantity.maximum, standalone_period, quantity.text)
            standalone_period = None

    if shelf_life is None:
        match = re.search(r"shelf[- ]?life\D{0,20}?(\d+)\s*(day|week|month|year)", work)
        if match:
            shelf_life = max(1, round(int(match.group(1)) * _DURATION_UNITS[match.group(2)] / 30))

    for _, pattern in _PERIOD_PATTERNS:
        product_text = pattern.sub(" ", product_text)
    for pattern in (_CORRECTION,):
        product_text = pattern.sub(" ", product_text)
    product_text = re.sub(rf"(?:{_SYMBOL_RE}|\b(?:{_CURRENCY_WORD_RE})\b)", " ", product_text)
    product_text = re.sub(
        r"\b(?:shelf[- ]?life|certified|certification|certificate)\b", " ", product_text
    )
    for _, pattern in _CERTIFICATIONS:
        product_text = pattern.sub(" ", product_text)
    product = _strip_product(product_text)
    if product is not None and negation:
        product = None

    return Parsed(
        quantity=quantity,
        budget=budget,
        target_unit_price=unit_price,
        bare_number=bare,
        period=standalone_period,
        country=country,
        region=region,
        stage=stage,
        shelf_life_months=shelf_life if shelf_life and shelf_life <= 600 else None,
        deadline_days=deadline if deadline and deadline <= 3650 else None,
        certifications=tuple(certifications),
        product=product,
        correction=correction,
        negation=negation or unsure,
        problems=tuple(problems),
        ambiguous=tuple(ambiguous),
    )


def parse_stage(text: str) -> Stage | None:
    """Returns the stage a short answer names ("first sales" -> launch), or None."""
    folded = fold_accents(clean_text(text))
    if _UNSURE.search(folded):
        return None
    for value in Stage:
        if folded.strip() == value.value:
            return value
    for stage, pattern in _STAGE_PATTERNS:
        if pattern.search(folded):
            return stage
    return None


def parse_period(text: str) -> Period | None:
    """Returns the period a short answer names ("monthly", "one-off"), or None."""
    folded = fold_accents(clean_text(text))
    bare = folded.strip(" .!")
    aliases = {
        "month": Period.MONTH,
        "week": Period.WEEK,
        "year": Period.YEAR,
        "once": Period.ONCE,
    }
    if bare in aliases:
        return aliases[bare]
    for period, pattern in _PERIOD_PATTERNS:
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
    "parse",
    "parse_country",
    "parse_period",
    "parse_stage",
]
