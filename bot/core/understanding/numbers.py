"""Every number in a founder's message, read by its role: need, budget, MOQ, quote, fee, size, ...

A number becomes the founder's need or budget only when nothing around it gives it another role:
"they want min 2000" is a supplier's MOQ, "1000 @ $0.80" a quoted tier, "tooling is $6k" a fee,
"we've sold 80" history, "3x3in" a size, "every 2 months" part of a rate, "we rebrand in 3
months" a product-change horizon. The input is the lower-cased, accent-folded work text of
`parsing.parse` (places and dates already removed); every figure keeps its span in that text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum
from itertools import pairwise
from math import prod

from text_to_num import alpha2digit  # type: ignore[import-untyped]

from bot.core.types import PERIODS_PER_YEAR, Period
from bot.core.understanding import lazy_re as re
from bot.core.understanding import role_model
from bot.core.understanding.money import CURRENCY_SYMBOLS


def _split(text: str) -> tuple[str, ...]:
    """Returns the space-separated words of a vocabulary string."""
    return tuple(text.split())


class Role(StrEnum):
    """What a number in a message stands for."""

    NEED = "need"  # units the founder wants (per period, or one batch)
    BUDGET = "budget"  # money the founder can spend
    UNIT_PRICE = "unit_price"  # the founder's target price per unit
    MOQ = "moq"  # a supplier's minimum order
    SUPPLIER_PRICE = "supplier_price"  # a unit price a supplier gave ("we pay $0.31 now")
    TIER_QTY = "tier_qty"  # quantity of a quoted price break
    TIER_PRICE = "tier_price"  # unit price of a quoted price break
    SETUP_FEE = "setup_fee"  # per-order set-up, plates, screens
    TOOLING_FEE = "tooling_fee"  # one-off mould, tooling, dies
    SHIPPING_FEE = "shipping_fee"
    HISTORY = "history"  # sold so far, stores, followers, years in business, revenue
    SIZE = "size"  # ml, g, cm, in, 3x3, gsm, %
    VARIANT = "variant"  # 3 colours, 2 sizes, 50 per design
    DEADLINE = "deadline"  # needed within N days
    HORIZON = "horizon"  # the product changes in N days ("we rebrand in 3 months")
    SHELF_LIFE = "shelf_life"
    LEAD_TIME = "lead_time"  # a supplier's production time
    REFERENCE = "reference"  # quote #4521, order no. 12, a time of day
    OTHER = "other"  # a number with no role worth reading (a second plain number)


@dataclass(frozen=True, slots=True)
class Figure:
    """One number of the message with its role, span in the work text, currency and period."""

    role: Role
    value: Decimal
    start: int
    end: int
    text: str
    maximum: Decimal | None = None  # upper end of a range
    currency: str | None = None  # ISO 4217
    period: Period | None = None  # need or budget per period (already a rate in Period)
    days: int | None = None  # durations: deadline, horizon, shelf life, lead time
    negative: bool = False


@dataclass(frozen=True, slots=True)
class QuotedTier:
    """One price break as the message quotes it."""

    min_qty: int
    unit_price: Decimal
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Reading:
    """The figures of a message in text order, the quoted tiers and the spans they used."""

    figures: tuple[Figure, ...] = ()
    tiers: tuple[QuotedTier, ...] = ()
    consumed: tuple[tuple[int, int], ...] = ()  # spans that are no product words
    need: Figure | None = None  # the founder's need among the NEED figures, variants multiplied

    def first(self, role: Role) -> Figure | None:
        """Returns the first figure with that role, or None."""
        return next((f for f in self.figures if f.role is role), None)

    def all(self, role: Role) -> tuple[Figure, ...]:
        """Returns every figure with that role, in text order."""
        return tuple(f for f in self.figures if f.role is role)


# --------------------------------------------------------------------------------------------
# Currencies
# --------------------------------------------------------------------------------------------

# The ISO 4217 codes of the currencies countries pay in (CLDR territory currencies, via Babel
# 2.19, on 2026-01-01: tests/core/understanding/test_currency_codes.py checks them).
ISO_CURRENCIES: frozenset[str] = frozenset(
    _split(
        "AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BWP BYN "
        "BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP "
        "GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS "
        "KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR "
        "MWK MXN MYR MZN NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF "
        "SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY TTD TWD "
        "TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW"
    )
)
# Codes that are also English words or names in capitals ("ALL 500 BOXES", "AMD chips").
_WORD_CODES = frozenset(_split("ALL AMD CUP MOP SOS TOP"))
CURRENCY_BY_SYMBOL: Mapping[str, str] = {
    **{symbol: code for code, symbol in CURRENCY_SYMBOLS.items()},
    "₩": "KRW",
    "₺": "TRY",
    "₪": "ILS",
    "₱": "PHP",
    "₦": "NGN",
    "₵": "GHS",
    "₡": "CRC",
    "฿": "THB",
    "৳": "BDT",
    "₫": "VND",
    "₴": "UAH",
    "₸": "KZT",
}
CURRENCY_WORDS: Mapping[str, str] = {
    **{
        code.lower(): code
        for code in _split(
            "EUR USD GBP CHF SEK NOK DKK PLN CZK HUF CAD AUD NZD JPY CNY INR MXN BRL SGD HKD "
            "ZAR KRW BGN ISK AED CLP ARS XOF SAR "
            # more ISO codes founders write (those that are English words stay capitals-only)
            "TWD MYR THB ZMW UGX RWF TND XAF VND EGP DOP IDR PKR BDT LKR NPR KZT UAH TZS ETB "
            "QAR KWD OMR BHD JOD RSD GTQ UYU KES NGN GHS NAD"
        )
    },
    # every other ISO 4217 code, read only in capitals next to an amount ("JMD 150")
    **{f"{code.lower()}.code": code for code in ISO_CURRENCIES},
    "ron.code": "RON",
    "ils.code": "ILS",
    "mad.code": "MAD",
    "bob.code": "BOB",
    "php.code": "PHP",
    "ntd": "TWD",
    "ringgit": "MYR",
    "myr.code": "MYR",
    "baht": "THB",
    "kwacha": "ZMW",
    "frw": "RWF",
    "dinars": "TND",
    "dinar": "TND",
    "rupiah": "IDR",
    "taka": "BDT",
    "hryvnia": "UAH",
    "lei": "RON",
    "lira": "TRY",
    "liras": "TRY",
    "tl.code": "TRY",
    "shekels": "ILS",
    "shillings": "KES",
    "birr": "ETB",
    "quetzales": "GTQ",
    "bolivianos": "BOB",
    "forint": "HUF",
    "forints": "HUF",
    "dong": "VND",
    "euro": "EUR",
    "euros": "EUR",
    "eur.": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "dolares": "USD",
    "dólares": "USD",
    "bucks": "USD",
    "us$": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "franken": "CHF",
    # the Swiss write "Fr. 2000" or "SFr."; "fr" without the dot stays a word ("fr fr")
    "fr.": "CHF",
    "sfr": "CHF",
    "sfr.": "CHF",
    "francs suisses": "CHF",
    "franc suisse": "CHF",
    "francos suizos": "CHF",
    "zl": "PLN",
    "zł": "PLN",
    "zloty": "PLN",
    "zlotys": "PLN",
    "kr": "SEK",
    "kronor": "SEK",
    "kroner": "NOK",
    "c$": "CAD",
    "a$": "AUD",
    "yen": "JPY",
    "rmb": "CNY",
    "yuan": "CNY",
    "rupees": "INR",
    "rupee": "INR",
    "naira": "NGN",
    "cedis": "GHS",
    "try.code": "TRY",
    "pen.code": "PEN",
    "cop.code": "COP",
    "krw": "KRW",
    "won": "KRW",
    "soles": "PEN",
    "rand": "ZAR",
    "fcfa": "XOF",
    "francs cfa": "XOF",
    "franc cfa": "XOF",
    "cfa": "XOF",
    "dirhams": "AED",
    "dirham": "AED",
    "dh": "AED",
    "dhs": "AED",
    "canadian dollars": "CAD",
    "dollars canadiens": "CAD",
    "dolares canadienses": "CAD",
    "australian dollars": "AUD",
    "aussie dollars": "AUD",
    "dollars australiens": "AUD",
    # more of the currencies founders write in words or codes
    "ksh": "KES",
    "kes": "KES",
    "ngn": "NGN",
    "ghs": "GHS",
    "crc": "CRC",
    "idr": "IDR",
    "rs": "INR",
    "rs.": "INR",
    "pesos": "MXN",
    "peso": "MXN",
    "guaranies": "PYG",
    "pyg": "PYG",
}
# Dollar signs with a country in front ("NZ$800"): read before the country parser sees "NZ".
_DOLLAR_PREFIXES: Mapping[str, str] = {
    "nz": "NZD",
    "au": "AUD",
    "aud": "AUD",
    "a": "AUD",
    "c": "CAD",
    "ca": "CAD",
    "can": "CAD",
    "us": "USD",
    "usd": "USD",
    "hk": "HKD",
    "s": "SGD",
    "sg": "SGD",
    "r": "BRL",
    "mx": "MXN",
    "cad": "CAD",
    "nzd": "NZD",
    "nt": "TWD",
    "ntd": "TWD",
    "rd": "DOP",
    "tt": "TTD",
    "j": "JMD",
    "n": "NAD",
}
# Two-letter prefixes in any case ("nz$", "Au$"); one-letter ones only as capitals glued to the
# sign ("A$", "C$"), so the article in "a $5,000 fee" stays an article.
_DOLLAR_PREFIX_RE = re.compile(
    r"(?<![\w$])(?:(?i:(nz|au|aud|ca|can|us|usd|hk|sg|mx|nt|ntd|rd|tt))\s?\$|([ACSRJN])\$)|"
    r"\$\s?(CA|CAD|AU|AUD|NZ|NZD)\b"
)
# Codes that are English words in lower case ("try", "pen", "cop"): currencies only in capitals.
_CAPITAL_CODES: Mapping[str, str] = {
    "TRY": "try.code", "PEN": "pen.code", "COP": "cop.code", "MAD": "mad.code",
    "BOB": "bob.code", "PHP": "php.code", "TL": "tl.code", "RM": "myr.code",
    "RON": "ron.code", "ILS": "ils.code",
}  # fmt: skip
# "RM 9.80", "RM900": ringgit only right before an amount ("rm" is also a room).
# The word boundary is not asked after "RM": "RM4,000" has the amount glued to the code.
_CAPITAL_CODE_RE = re.compile(r"\b(?:(TRY|PEN|COP|MAD|BOB|PHP|RON|ILS|TL)\b|(RM)(?=\s?\d))")
_RAND_RE = re.compile(
    r"(?<![\w$])R\s?(?=\d{1,3}(?:[ ,.]\d{3})+\b|\d{3,}\b|"
    r"\d+(?:[.,]\d+)?\s*(?:per|each|a\s|an\s|/|k\b|max\b|tops\b|or less\b))"  # "R12 per bottle"
)


# "12 cents a bag", "9c/cup", "20p each": a price in cents or pence, a hundredth of the unit.
_PER_UNIT_AFTER = r"(?=\s*(?:a\s|an\s|per\b|each\b|/|apiece\b|ideally\b|max\b|tops\b|[?.,;]|$))"
_CENTS_RE = re.compile(
    r"(?<![\w.,$€£])(\d{1,2}(?:[.,]\d)?)\s?(?:cents?\b|¢|c\b)" + _PER_UNIT_AFTER
)
_PENCE_RE = re.compile(r"(?<![\w.,$€£])(\d{1,2}(?:\.\d)?)p\b" + _PER_UNIT_AFTER)


def _hundredths(code: str) -> Callable[[re.Match[str]], str]:
    """Returns a replacement that writes a price in cents or pence as the unit: "USD 0.12"."""

    def spell(match: re.Match[str]) -> str:
        value = Decimal(match.group(1).replace(",", ".")) / 100
        return f"{code} {value.normalize():f}"

    return spell


# Dollars of other countries, as codes: one named in the message is what its bare "$" means.
_OTHER_DOLLAR = re.compile(r"\b(AUD|CAD|NZD|SGD|HKD|TWD)\b")
_BARE_DOLLAR = re.compile(r"(?<![\w$])\$(?=\s?\d)")
_US_DOLLAR = re.compile(r"\bUSD\b|\bUS\s?\$|\bus dollars?\b", re.IGNORECASE)


def _named_dollar(text: str) -> str:
    """Returns the text with a bare "$" written as the one other dollar the message names:
    "spend is about $3,000 a fortnight AUD" is Australian money. With US dollars named too, two
    other dollars, or a dollar sign with its country ("target A$1.50" beside a factory's
    "$1.35/pc"), a bare "$" is another dollar than the named one and stays as it is."""
    named = set(_OTHER_DOLLAR.findall(text))
    if len(named) != 1 or _US_DOLLAR.search(text) or _DOLLAR_PREFIX_RE.search(text):
        return text
    return _BARE_DOLLAR.sub(f" {named.pop()} ", text)


def spell_currency_marks(text: str) -> str:
    """Returns text with "NZ$", "A$", "500 $ CA", "R60,000", "TRY" written as currency codes,
    so "NZ" is never a country and "try" never a currency; cents and pence as the unit."""

    def dollar(match: re.Match[str]) -> str:
        prefix = (match.group(1) or match.group(2) or match.group(3)).lower()
        code = _DOLLAR_PREFIXES.get(prefix, _DOLLAR_PREFIXES.get(prefix[:2], "USD"))
        # a code read in lower case only as its ".code" form ("N$" is NAD, "nad" no word)
        word = code if code.lower() in CURRENCY_WORDS else f"{code.lower()}.code"
        spaced = match.start() == 0 or not match.string[match.start() - 1].isspace()
        return f" {word} " if spaced else f"{word} "  # "6 N$ pro Stück": one space kept

    text = _named_dollar(text)
    text = _DOLLAR_PREFIX_RE.sub(dollar, text)
    text = _CENTS_RE.sub(_hundredths("USD"), text)
    text = _PENCE_RE.sub(_hundredths("GBP"), text)
    text = _CAPITAL_CODE_RE.sub(lambda m: f" {_CAPITAL_CODES[m.group(1) or m.group(2)]} ", text)
    text = _ANY_CODE_RE.sub(_code_word, text)
    text = _QUETZAL_RE.sub(" GTQ ", text)
    text = _BOB_RE.sub(r"\1 KES", text)
    text = _CODE_BEFORE_LABEL.sub(_code_to_amount, text)
    return _RAND_RE.sub(" ZAR ", text)


# "200k bob", "5,000 bob": Kenyan slang for shillings, only right after an amount.
_BOB_RE = re.compile(r"(\d[km]?)\s?bob\b", re.IGNORECASE)
# "NZD budget about 4500", "EUR target 1.20": a code before the label of its amount.
_CODE_BEFORE_LABEL = re.compile(
    r"\b([A-Z]{3})\s+(budget|target|max(?:imum)?)\b"
    r"(\s*(?:of|is|about|around|approx\.?|roughly|~|:)?\s*)(?=\d)"
)


def _code_to_amount(match: re.Match[str]) -> str:
    """Returns "budget about NZD " for "NZD budget about ": the code moved to its amount."""
    code, label, gap = match.groups()
    if code.lower() not in CURRENCY_WORDS:
        return match.group(0)
    return f"{label}{gap}{code} "


# "a Q4,50 c/u": quetzales glued to a price with cents, never a quarter ("Q3 2025", "in Q4").
_QUETZAL_RE = re.compile(r"(?<![\w$])Q(?=\d{1,4}[.,]\d{2}(?!\d)|\d{1,3}[.,]\d{3}(?![\d.,]))")


# A capitalised ISO code right before or after an amount ("JMD 150", "45 000 UZS"), "Rp 90.000"
# (rupiah), "S/ 2.50" (sol).
_ANY_CODE_RE = re.compile(
    r"(?<![\w$])(?:(?P<before>[A-Z]{3})(?=\s?\d)|(?P<rp>Rp)\.?(?=\s?\d)|(?P<sol>S/)(?=\s?\d))|"
    r"(?<=\d)(?P<after>\s?[A-Z]{3})\b"
)


def _code_word(match: re.Match[str]) -> str:
    """Returns the currency word of a code, "Rp" or "S/" next to an amount, else the text."""
    if match.group("rp") or match.group("sol"):
        return " idr " if match.group("rp") else " pen.code "
    code = (match.group("before") or match.group("after")).strip()
    if code not in ISO_CURRENCIES or code in _WORD_CODES or code.lower() in CURRENCY_WORDS:
        return match.group(0)
    return f" {code.lower()}.code "


_CURRENCY_WORD_RE = "|".join(
    re.escape(word) for word in sorted(CURRENCY_WORDS, key=len, reverse=True)
)
_SYMBOL_RE = "[" + "".join(re.escape(s) for s in CURRENCY_BY_SYMBOL) + "]"
MONEY_MARK_RE = rf"(?:{_SYMBOL_RE}|\b(?:{_CURRENCY_WORD_RE})(?![\w$]))"

# --------------------------------------------------------------------------------------------
# Number words (English by hand, German, French and Spanish through text2num)
# --------------------------------------------------------------------------------------------

_NUMBER_WORDS: Mapping[str, int] = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "dozen": 12,
}  # fmt: skip
_SCALE_WORDS: Mapping[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Vague amounts: read as the middle of what people usually mean, and said back as an assumption.
_VAGUE: Mapping[str, int] = {"a few": 3, "a couple": 2, "a couple of": 2, "several": 5, "a": 1}
_WORD_RE = "|".join(sorted([*_NUMBER_WORDS, *_SCALE_WORDS], key=len, reverse=True))
_VAGUE_RE = "|".join(re.escape(v) for v in sorted(_VAGUE, key=len, reverse=True))
_NUMBER_WORDS_RE = re.compile(
    rf"\b(?P<vague>(?:{_VAGUE_RE})\s+)?(?P<words>(?:(?:{_WORD_RE})(?:[\s-]+(?:and\s+)?|\b))+)",
    re.IGNORECASE,
)

# Words that mark a message as German, French or Spanish (for text2num's language argument).
_LANGUAGE_WORDS: Mapping[str, frozenset[str]] = {
    "de": frozenset(
        _split(
            "wir ich brauchen brauche suchen suche für fur und mit pro im stück stk etwa "
            "ungefähr ungefahr monat jahr woche unsere unser eine einen ist sind haben noch "
            "keine schon bereits verkaufen bis zu"
        )
    ),
    "fr": frozenset(
        _split(
            "nous je besoin avons cherche cherchons pour par des une un le la les mois an "
            "année annee semaine environ pièces pieces notre nos avec et est sommes vend "
            "vendons déjà deja de du"
        )
    ),
    "es": frozenset(
        _split(
            "necesitamos necesito buscamos busco para por unos unas mes año ano semana "
            "alrededor piezas unidades nuestra nuestro con y somos vendemos ya el los las al"
        )
    ),
}


def language_of(text: str) -> str:
    """Returns "de", "fr" or "es" when the message reads as that language, else "en"."""
    tokens = re.findall(r"[^\W\d_]+", text.lower())
    counts = {lang: sum(t in words for t in tokens) for lang, words in _LANGUAGE_WORDS.items()}
    english = sum(t in {"the", "we", "i", "need", "and", "for", "of", "a", "per"} for t in tokens)
    lang, best = max(counts.items(), key=lambda item: item[1])
    return lang if best >= 1 and best > english else "en"


# "one-off", "one run", "one order": "one" says once, not a count of 1.
_ONE_AS_WORD = re.compile(
    r"\s*[- ]?(?:off|time|run|order|batch|piece|shot|go|trial|prototype|test|single)\b"
)


# "need a new one", "our current one maxes out": "one" as a pronoun, no count.
_ONE_AS_PRONOUN = re.compile(
    r"\b(?:a new|new|current|old|another|the right|a good|a cheaper|a local|a bigger|a smaller|"
    r"this|that|which|the same|a similar|the other|in year|year)\s*$"  # "in year one": a year
)


def _english_words_to_digits(text: str, notes: list[str]) -> str:
    """Returns text with English number words as digits ("two hundred" -> "200")."""

    def convert(match: re.Match[str]) -> str:
        words = re.findall(rf"{_WORD_RE}", match.group("words").lower())
        if not words or (
            words == ["one"]
            and (
                _ONE_AS_WORD.match(text[match.end() - 1 :].lower())
                or _ONE_AS_PRONOUN.search(text[: match.start()].lower())
            )
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
            if words[0] not in _SCALE_WORDS:
                return match.group(0)
            value = factor * value
            if factor != 1:
                notes.append(f"'{match.group(0).strip()}' as {value:,}")
        elif words[0] in _SCALE_WORDS:
            return match.group(0)  # "hundreds of boxes" / "thousand" alone: leave as words
        trailing = " " if match.group(0).endswith((" ", "-")) else ""
        return f"{value}{trailing}"

    return _NUMBER_WORDS_RE.sub(convert, text)


# "Hunderte", "des centaines", "cientos": an amount nobody can compute with; left as words.
_VAGUE_PLURALS = re.compile(r"\b(?:hunderte|tausende|centaines|milliers|cientos|miles)\b")


# "5 mil", "400 mille", "2 millones", "3 Tausend": digits times a scale word. alpha2digit leaves
# them as "5 1000" (which reads as 5,100 and a stray 0) and reads "unas" before them as 1.
_DIGIT_SCALE = re.compile(
    r"(?<![\w.,])(?P<num>\d+(?:[.,]\d+)?)\s*(?P<scale>mil|mille|tausend|millones|millon|"
    r"millón|millions?|millionen|mio)(?![^\W\d_])\.?",
    re.IGNORECASE,
)
_SCALES: Mapping[str, int] = {"mil": 1000, "mille": 1000, "tausend": 1000}


def _digit_scales(text: str) -> str:
    """Returns text with "5 mil" as 5000 and "2 millones" as 2000000 (not English: there "4
    mil" is a film's thickness)."""

    def convert(match: re.Match[str]) -> str:
        value = number_value(match.group("num"))
        if value is None:
            return match.group(0)
        scaled = value * _SCALES.get(match.group("scale").lower(), 1_000_000)
        return str(scaled.to_integral_value() if scaled == scaled.to_integral_value() else scaled)

    return _DIGIT_SCALE.sub(convert, text)


def words_to_digits(text: str) -> tuple[str, list[str]]:
    """Returns text with number words as digits and the vague readings to say back.

    English goes through a small converter that knows "a few hundred"; German, French and
    Spanish through text2num's `alpha2digit` (a maintained parser for those languages).
    """
    notes: list[str] = []
    lang = language_of(text)
    if lang != "en":
        text = _digit_scales(text)
    if lang != "en" and not _VAGUE_PLURALS.search(text):
        text = alpha2digit(text, lang)
    return _english_words_to_digits(text, notes), notes


# --------------------------------------------------------------------------------------------
# Scanning numbers
# --------------------------------------------------------------------------------------------

# A number: grouped thousands (1,500 / 1.500 / 1 500 / 1'500), or plain digits with an optional
# decimal part; the multiplier (k, thousand, m) and currency may come before or after.
NUMBER_RE = r"\d{1,3}(?:(?:,|\.|'| |\u00a0|\u202f)\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?|[.,]\d+"
# lakh and crore: the Indian hundred thousand and ten million ("3 lakh rupees")
_MULT = r"k|thousand|grand|m|mio|million|mn|tsd|lakhs?|lacs?|crores?|jt|juta"
_AMOUNT_RE = re.compile(
    rf"(?P<pre>{MONEY_MARK_RE}\s{{0,2}})?"
    rf"(?P<sign>(?<![\w.,])[-−](?=\d))?"
    # not glued to a letter, nor the tail of a number glued to one: A5, X200, mp3, EN71
    rf"(?<![^\W\d_])(?<![^\W\d_]\d)(?<![^\W\d_]\d\d)(?P<num>{NUMBER_RE})"
    rf"(?:\s?(?P<mult>(?:{_MULT}))\b)?"
    rf"(?:\s{{0,2}}(?:(?:de|d')\s?)?(?P<post>{_SYMBOL_RE}|(?:{_CURRENCY_WORD_RE})(?![\w$])))?",
    re.IGNORECASE,
)
_MULTIPLIERS: Mapping[str, int] = {
    "k": 1000,
    "thousand": 1000,
    "grand": 1000,
    "tsd": 1000,
    "m": 1_000_000,
    "mio": 1_000_000,
    "million": 1_000_000,
    "mn": 1_000_000,
    **dict.fromkeys(("jt", "juta"), 1_000_000),  # Indonesian: "45 jt rupiah"
    **dict.fromkeys(("lakh", "lakhs", "lac", "lacs"), 100_000),
    **dict.fromkeys(("crore", "crores"), 10_000_000),
}
_GROWTH_FROM = re.compile(
    r"\b(?:scal\w*|grow\w*|ramp\w*|going|escaland\w*|crec\w*|pasamos|passons|passer|"
    r"wachsen|steigen|skalier\w*|raised|increased|erhoht|erhöht|augmente\w*|subio|subió|"
    r"went up)\b[^.;!?\d]{0,30}\b(?:from|de|von|des)\s*$"
)
_RANGE_SEP = re.compile(r"^\s*(?:-|–|—|to|bis|à|a|or|/|~)\s*$", re.IGNORECASE)
_BETWEEN = re.compile(r"\b(?:between|zwischen|entre)\s*$")


def number_value(raw: str) -> Decimal | None:
    """Returns the value of one digit string with EN/DE/FR thousands and decimal marks resolved."""
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


@dataclass(slots=True)
class Amount:
    """A number found in the text, with its currency and multiplier (before roles are read)."""

    start: int
    end: int
    value: Decimal
    negative: bool
    currency: str | None
    has_mult: bool
    text: str
    maximum: Decimal | None = None


def _currency_of(part: str | None) -> str | None:
    """Returns the ISO code of a symbol or currency word, or None."""
    if not part:
        return None
    token = part.strip().lower()
    return CURRENCY_BY_SYMBOL.get(token) or CURRENCY_WORDS.get(token)


_THREE_D = re.compile(r"[23]-?d\b", re.IGNORECASE)


def _amount(text: str, match: re.Match[str]) -> Amount | None:
    """Returns the amount one regex match stands for, or None when it is no amount."""
    value = number_value(match.group("num"))
    if (
        value is None
        or re.match(r"e[-+]?\d", text[match.end() : match.end() + 3])
        or re.search(r"\de[-+]?$", text[max(0, match.start() - 3) : match.start()])
    ):
        return None  # 1e400: scientific notation is not how founders count
    if _THREE_D.match(text, match.start()):
        return None  # "3D printing", "2D design": a way of making, not a count
    mult = (match.group("mult") or "").lower()
    if mult:
        value *= _MULTIPLIERS[mult]
    currency = _currency_of(match.group("post")) or _currency_of(match.group("pre"))
    if mult == "m" and currency is None:
        return None  # "5 m" of ribbon: a length
    return Amount(
        start=match.start(),
        end=match.end(),
        value=value,
        negative=bool(match.group("sign")),
        currency=currency,
        has_mult=bool(mult),
        text=match.group(0).strip(),
    )


def scan_amounts(text: str) -> list[Amount]:
    """Returns every number in the (lower-cased) text with its currency, ranges joined."""
    found = [a for m in _AMOUNT_RE.finditer(text) if (a := _amount(text, m)) is not None]
    return _join_ranges(text, found)


def _join_ranges(text: str, amounts: list[Amount]) -> list[Amount]:
    """Returns the amounts with "300-500", "300 to 500", "between 1k and 2k" merged into ranges."""
    out: list[Amount] = []
    index = 0
    while index < len(amounts):
        current = amounts[index]
        if index + 1 < len(amounts):
            following = amounts[index + 1]
            gap = text[current.end : following.start]
            between = _BETWEEN.search(text[: current.start]) and re.fullmatch(
                r"\s*(?:and|und|et|y)\s*", gap
            )
            dash_range = following.negative and gap.strip() == "" and not current.negative
            if _GROWTH_FROM.search(text[max(0, current.start - 60) : current.start]) and (
                re.fullmatch(r"\s*(?:to|a|auf|à|bis)\s*", gap)
            ):
                out.append(following)  # "scaling from 2k to 8k a month": the need is 8k
                index += 2
                continue
            if _RANGE_SEP.match(gap) or between or dash_range:
                _merge(text, current, following)
                index += 1
        out.append(current)
        index += 1
    return out


def _merge(text: str, low: Amount, high: Amount) -> None:
    """Makes `low` the range from it to `high` ("1-2k": the k applies to both ends)."""
    low_value = low.value
    if high.has_mult and not low.has_mult and low_value < 1000:
        match = re.search(NUMBER_RE, high.text)
        bare = number_value(match.group(0)) if match else None
        low_value *= high.value / max(Decimal(1), bare or Decimal(1))
    low.maximum = high.value
    low.value = low_value
    low.end = high.end
    low.currency = low.currency or high.currency
    low.text = text[low.start : high.end].strip()


# --------------------------------------------------------------------------------------------
# Periods and rates
# --------------------------------------------------------------------------------------------

# "within a month", "in a week", "under a year": how soon, a deadline, never "a month" as a rate
_NOT_WITHIN = r"(?<!\bwithin )(?<!\bin )(?<!\binside )(?<!\bunder )(?<!less than )"
_ARTICLE = rf"{_NOT_WITHIN}\ba|{_NOT_WITHIN}\ban"
PERIOD_PATTERNS: tuple[tuple[Period, re.Pattern[str]], ...] = (
    (
        Period.ONCE,
        re.compile(
            r"(?:\bone[- ]?off\b|\bone[- ]?time\b|\bsingle (?:batch|run|order)\b|"
            r"\bjust once\b|\bonce\b(?!\s+(?:a|per|every)\s)|\bone batch\b|\bone run\b|"
            # "budget total 1 800 €", "total budget": the money's whole, not a one-off order
            r"\bin total\b|(?<!budget )(?<!presupuesto )\btotal\b(?!\s+(?:budget|spend|cost))|"
            r"\b(?:one|1|single) (?:order|piece|(?:print |production )?run|"
            r"batch|trial run|"
            r"prototype run|test run|shot|go)\b|\btrial run\b|\btest (?:batch|run)\b|"
            r"\bpilot (?:batch|run)\b|\bwedding\b|\bevent\b|\bfestival\b|\btrade (?:show|fair)\b|"
            r"\bcorporate gifts?\b|\bgiveaway\b|\bclient demo\b|\bdemo\b|\btour\b|"
            r"\b1 (?:sola )?vez\b|\b1 (?:seule )?fois\b|\bune seule fois\b|\b1 mal\b|"
            r"\beinmalig\w*|\bune (?:seule )?fois\b|\bunique\b|\buna (?:sola )?vez\b|"
            r"\bpedido unico\b|\bone[- ]shot\b|\bsingle\b|\bponctuel\w*|\bpuntual\b|"
            r"\buna sola tanda\b|\bsolo esta vez\b|\bsolo una vez\b|\bnur einmal\b|"
            r"\bjust this once\b|\bcette fois seulement\b|"
            r"\bevenement\b|\bevento\b|\bboda\b|\bhochzeit\b|\bmariage\b|\btournament\b|"
            r"\btorneo\b|\bturnier\b|\bsalon\b|\bmesse\b|\bferia\b|\bunica\b|"
            # a contest the order is for: "pour un concours", "para un concurso", "for a contest"
            r"\b(?:pour|for|para|fur|zum|zu) (?:un|une|a|an|el|la|le|our|notre|nuestro|"
            r"den|einen) (?:\w+ ){0,2}(?:concours|concurso|contest|competition|wettbewerb)\b|"
            r"\bune seule commande\b|\bun seul lot\b|\bfor q[1-4]\b|\bholiday set\b|"
            # one occasion: a market stall, an exhibition, a gig, a hen party
            r"\b(?:our|my|a) (?:market )?stall\b|\bexhibition\b|\bgig\b|\bdespedida\b|"
            r"\bune seule production\b|\bone (?:print )?run\b|\bsola compra\b|"
            r"\bun(?:a|e)? seul(?:e)? (?:production|commande|compra)\b|"
            # an occasion the order is for: an opening, a conference, a fair, an anniversary
            r"\b(?:conference|convention|expo|summit|retreat|gala|ceremony|anniversary|reunion|"
            r"graduation|grand opening|launch party|inauguration|konferenz|ausstellung|eroffnung|"
            r"jubilaum|firmenfeier|weihnachtsmarkt|ouverture|exposition|anniversaire|seminaire|"
            r"inauguracion|apertura|conferencia|congreso|aniversario|exposicion)\b|"
            r"\b(?:zine|book|craft|art|christmas|food|wine|county|street) (?:fest|fair)\b|"
            r"\b(?:the|a|our|this) (?:\w+ )?fair\b(?! (?:price|deal|amount|share|trade|bit|"
            r"question|point|enough))|"
            # a wedding said with its verb: "we're getting married", "me caso", "wir heiraten"
            r"\b(?:getting married|we marry|heiraten|on se marie|nous nous marions|me caso|"
            r"nos casamos)\b|\bunico\b)"
        ),
    ),
    (
        Period.WEEK,
        re.compile(
            rf"(?:(?:\bper|{_ARTICLE}|\beach|\bevery|/|\bpro|\bin der|\bje|\bjede|\bchaque|"
            r"\bcada)\s*(?:week|wk|woche|semaine|semana)\b|"
            r"\bweekly\b|\bwochentlich\b|\bwöchentlich\b|\bpar semaine\b|\bpor semana\b|"
            r"\ba la semana\b|\bsemanal\w*|\bhebdo\w*|(?<![^\W\d_])/w\b(?!/))"
        ),
    ),
    (
        Period.MONTH,
        re.compile(
            rf"(?:(?:\bper|{_ARTICLE}|\beach|\bevery|/|\bpro|\bim|\bje|\bjeden|\bchaque)\s*"
            r"(?:month|mo|mth|mon|monat|mois)\b|\bp/m\b|\bpcm\b|"
            r"\bmonthly\b|\bmonatlich\b|\bpar mois\b|\bpor mes\b|\bal mes\b|\bcada mes\b|"
            r"\bmensual\w*|\bmensuel\w*|\bpm\b|(?<![^\W\d_])/m\b(?!/))"
        ),
    ),
    (
        Period.YEAR,
        re.compile(
            rf"(?:(?:\bper|{_ARTICLE}|\beach|\bevery|/|\bpro|\bim|\bje)\s*"
            r"(?:year|yr|annum|jahr)\b|"
            r"\byearly\b|\bannually\b|\bannual\b|\bjahrlich\b|\bjährlich\b|\bpar an\b|"
            r"\bpar annee\b|\bpor ano\b|\bal ano\b|\bpor año\b|\bal año\b|\banual\w*|\bpa\b|/y\b|"
            # "300 in year one", "10.000 im ersten Jahr", "la première année", "el primer año"
            r"\bin (?:the )?first year\b|\bin year (?:one|1)\b|\bfor the year\b|"
            r"\bim ersten jahr\b|\b(?:la |en )?premiere annee\b|\b(?:el |en el )?primer ano\b)"
        ),
    ),
)

_PERIOD_WORDS: Mapping[str, Period] = {
    "week": Period.WEEK,
    "weeks": Period.WEEK,
    "wochen": Period.WEEK,
    "semaines": Period.WEEK,
    "semanas": Period.WEEK,
    "month": Period.MONTH,
    "months": Period.MONTH,
    "monate": Period.MONTH,
    "monaten": Period.MONTH,
    "mois": Period.MONTH,
    "meses": Period.MONTH,
    "year": Period.YEAR,
    "years": Period.YEAR,
    "jahre": Period.YEAR,
    "ans": Period.YEAR,
    "anos": Period.YEAR,
    "años": Period.YEAR,
}
_PERIOD_WORD_RE = "|".join(sorted(_PERIOD_WORDS, key=len, reverse=True))
# "every 2 months", "alle 2 Monate", "tous les 2 mois", "cada 2 meses"; "every other week".
_EVERY_N = re.compile(
    rf"\b(?:every|alle|tous les|toutes les|cada|once every)\s+"
    rf"(?P<n>\d{{1,2}}|other|second|two|zwei|deux|dos|three|drei|trois|tres|six|sechs)\s+"
    rf"(?P<unit>{_PERIOD_WORD_RE})\b|"
    r"\b(?P<fortnight>fortnightly|bi-?weekly|every fortnight|(?<!within )(?<!in )a fortnight|"
    r"per fortnight)\b|"
    r"\b(?P<bimonth>bi-?monthly|aux deux mois|tous les deux mois|cada dos meses)\b|"
    r"\b(?P<halfyear>(?:pro|im|per|a|every|par|por|cada|each)\s+(?:halbjahr|half[- ]year|"
    r"semestre)|half[- ]yearly|halbjahrlich|semestriel\w*|semestral\w*)\b"
)
# "every month and a half", "cada mes y medio", "alle anderthalb Monate", "tous les mois et
# demi": a six-week rate (the contract has no month and a half)
_EVERY_SIX_WEEKS = re.compile(
    r"\b(?:every|alle|tous les|toutes les|cada|once every)\s+(?:(?:month|mes|mois)\s+"
    r"(?:and a half|y medio|et demi)|(?:1[.,]5|1 (?:and )?a half|one and a half|anderthalb|"
    r"eineinhalb|un mois et demi)\s+(?:months?|monate?n?|mois|meses))\b"
)
_SMALL_WORDS = {"two": 2, "zwei": 2, "deux": 2, "dos": 2, "three": 3, "drei": 3, "trois": 3,
                "tres": 3, "four": 4, "vier": 4, "quatre": 4, "cuatro": 4, "six": 6, "sechs": 6,
                "other": 2, "second": 2}  # fmt: skip
_QUARTER = re.compile(
    r"(?:\b(?:a|per|each|every|one|im|pro|par|por|al|cada|jedes|jeden|chaque)\s+|/\s*)"
    r"(?:quarter|quartal|trimestre)\b|"
    r"\bquarterly\b|\bvierteljahrlich\b|\btrimestral\w*|\btrimestriel\w*"
)
_TWICE = re.compile(
    r"\b(?P<n>once|twice|two times|2 times|2x|three times|3 times|3x|4 times|4x|four times|"
    r"einmal|zweimal|2 ?mal|dreimal|3 ?mal|une fois|deux fois|2 fois|trois fois|3 fois|una vez|"
    r"dos veces|2 veces|tres veces|3 veces)\s*(?:a|per|each|every|im|pro|par|por|al|/)\s*"
    r"(?P<unit>year|yr|month|week|jahr|monat|woche|an|annee|mois|semaine|ano|año|mes|semana)\b"
)
_TIMES = {"once": 1, "twice": 2, "two times": 2, "2 times": 2, "2x": 2, "three times": 3,
          "3 times": 3, "3x": 3, "einmal": 1, "zweimal": 2, "2mal": 2, "2 mal": 2, "dreimal": 3,
          "3mal": 3, "3 mal": 3, "une fois": 1, "deux fois": 2, "2 fois": 2, "trois fois": 3,
          "3 fois": 3, "una vez": 1, "dos veces": 2, "2 veces": 2, "tres veces": 3,
          "3 veces": 3}  # fmt: skip
_TIMES_UNIT: Mapping[str, Period] = {
    "yr": Period.YEAR, "jahr": Period.YEAR, "an": Period.YEAR, "annee": Period.YEAR,
    "ano": Period.YEAR, "año": Period.YEAR, "monat": Period.MONTH, "mois": Period.MONTH,
    "mes": Period.MONTH, "woche": Period.WEEK, "semaine": Period.WEEK, "semana": Period.WEEK,
}  # fmt: skip
# "1,200 per season, 2 seasons a year", "800/season, 2 seasons": a season's need times the
# seasons is a yearly one.
_SEASONS = re.compile(
    r"(?:\bper|\ba|/|\bpar|\bpor|\bpro|\beach|\bevery|\bcada|\bchaque|\bje)\s*"
    r"(?:season|saison|temporada)\b[^.;!?\d]{0,30}?\b(?P<n>\d|two|deux|dos|zwei|three|trois|"
    r"tres|drei)\s+(?:seasons|saisons|temporadas|saisonen)\b(?:\s*(?:a|per|/|par|por|al|pro|"
    r"im)\s*(?:year|yr|an|annee|ano|año|jahr)\b)?"
)


# "3,000 per batch, 4 batches a year", "150 per collection, 2 collections a year", "500 pro
# Kollektion, zwei Kollektionen im Jahr": one occasion's need times the occasions in a year (the
# year must be said: "2 batches" alone says how often nothing).
_OCCASION_WORDS = (
    r"batch(?:es)?|collections?|drops?|runs?|orders?|shipments?|editions?|kollektion(?:en)?|"
    r"charge[ns]?|lieferung(?:en)?|lots?|commandes?|colecci(?:o|ó)n(?:es)?|lotes?|tandas?|"
    r"pedidos?|envios?|envíos?"
)
_OCCASIONS = re.compile(
    r"(?:\bper|\ba|/|\bpar|\bpor|\bpro|\beach|\bevery|\bcada|\bchaque|\bje)\s*"
    rf"(?:{_OCCASION_WORDS})\b[^.;!?\d]{{0,30}}?\b(?P<n>\d{{1,2}}|two|deux|dos|zwei|three|trois|"
    rf"tres|drei|four|quatre|cuatro|vier|six|sechs)\s+(?:{_OCCASION_WORDS})\b\s*"
    r"(?:a|per|/|par|por|al|pro|im|each|every|chaque|cada)\s*"
    r"(?:year|yr|an|annee|année|ano|año|jahr)\b"
)


# "every 10 days", "alle 14 Tage", "tous les 15 jours", "cada 15 días", "quincenales", "daily",
# "pro Tag", "par jour", "al día": the contract has no day, so a weekly rate (15 days is a
# fortnight, 30 a month).
_EVERY_N_DAYS = re.compile(
    r"\b(?:every|alle|tous les|toutes les|cada|once every)\s+(?P<n>\d{1,2})\s+"
    r"(?:days|tage|tagen|jours|dias|días)\b"
)
# "dans une quinzaine", "d'ici une quinzaine": in about two weeks, a deadline
_FORTNIGHTLY = re.compile(
    r"\bquincenal\w*|(?<!dans )(?<!d'ici )(?<!sous )\bune quinzaine\b|\bpar quinzaine\b"
)
_DAILY = re.compile(
    r"\b(?:daily|a day|per day|each day|every day|taglich|täglich|pro tag|am tag|jeden tag|"
    r"par jour|chaque jour|quotidien\w*|al dia|al día|por dia|por día|cada dia|cada día|"
    r"diari[oa]s?)\b|/\s?day\b"
)


def _day_rates(text: str) -> list[_Rate]:
    """Returns the rates the text gives in days ("every 10 days", "quincenales", "daily")."""
    rates = [
        _day_rate(m.start(), m.end(), int(m.group("n")))
        for m in _EVERY_N_DAYS.finditer(text)
        if int(m.group("n")) >= 1
    ]
    rates += [_Rate(m.start(), m.end(), Period.WEEK, 2) for m in _FORTNIGHTLY.finditer(text)]
    return rates + [_day_rate(m.start(), m.end(), 1) for m in _DAILY.finditer(text)]


def _day_rate(start: int, end: int, days: int) -> _Rate:
    """Returns the rate of units every `days` days, in the contract's periods."""
    if days in (14, 15):
        return _Rate(start, end, Period.WEEK, 2)
    if days in (30, 31):
        return _Rate(start, end, Period.MONTH)
    return _Rate(start, end, Period.WEEK, days, 7)


@dataclass(frozen=True, slots=True)
class _Rate:
    """A rate phrase: units per `period`, divided by `divisor` or multiplied by `multiplier`."""

    start: int
    end: int
    period: Period
    divisor: int = 1
    multiplier: int = 1


def _rate_phrases(text: str) -> list[_Rate]:
    """Returns the "every 2 months", "a quarter", "twice a year" phrases of the text."""
    rates: list[_Rate] = []
    for match in _EVERY_N.finditer(text):
        if match.group("fortnight") or match.group("bimonth"):
            period = Period.WEEK if match.group("fortnight") else Period.MONTH
            rates.append(_Rate(match.start(), match.end(), period, 2))
            continue
        if match.group("halfyear"):
            rates.append(_Rate(match.start(), match.end(), Period.MONTH, 6))
            continue
        n_text = match.group("n")
        n = _SMALL_WORDS.get(n_text) or int(n_text)
        if n < 1:
            continue
        rates.append(_Rate(match.start(), match.end(), _PERIOD_WORDS[match.group("unit")], n))
    for match in _QUARTER.finditer(text):
        rates.append(_Rate(match.start(), match.end(), Period.MONTH, 3))
    rates += [_Rate(m.start(), m.end(), Period.WEEK, 6) for m in _EVERY_SIX_WEEKS.finditer(text)]
    for match in _TWICE.finditer(text):
        times = _TIMES.get(match.group("n"), 4)
        unit = match.group("unit")
        period = _TIMES_UNIT.get(unit) or Period(unit)
        rates.append(_Rate(match.start(), match.end(), period, 1, times))
    rates += _day_rates(text)
    for match in (*_SEASONS.finditer(text), *_OCCASIONS.finditer(text)):
        seasons = _SMALL_WORDS.get(match.group("n")) or int(match.group("n"))
        rates.append(_Rate(match.start(), match.end(), Period.YEAR, 1, seasons))
    return rates


def as_rate(value: Decimal, rate: _Rate) -> tuple[Decimal, Period]:
    """Returns a quantity per `rate` as whole units per one of the contract's periods.

    "1,000 every 2 months" = 500 a month; "1,000 every 6 months" = 2,000 a year (kept whole);
    "500 twice a year" = 1,000 a year.
    """
    per = value * rate.multiplier / rate.divisor
    if per == per.to_integral_value() or rate.period is Period.YEAR or rate.divisor < 6:
        # "1,000 a quarter" is 333 a month: rounded in the finer period, never off by more
        # than one unit of it (4,000 a year would be 4 units off the 3,996 of 333 a month).
        return per.quantize(Decimal(1), ROUND_HALF_UP), rate.period
    yearly = value * rate.multiplier * PERIODS_PER_YEAR[rate.period] / rate.divisor
    if yearly == yearly.to_integral_value():
        return yearly, Period.YEAR
    return per.quantize(Decimal(1), ROUND_HALF_UP), rate.period


def _blank(text: str, start: int, end: int) -> str:
    """Returns text with [start, end) replaced by spaces (offsets stay valid)."""
    return text[:start] + " " * (end - start) + text[end:]


# --------------------------------------------------------------------------------------------
# Quoted tiers ("1000 @ 0.80", "1k pcs $0.80", "500/1000/5000 at 1.20/0.90/0.60")
# --------------------------------------------------------------------------------------------

# Whole numbers only: "4521" is never read as "452" and "1".
_WHOLE = rf"(?<![\d.,])(?:{NUMBER_RE})(?![\d]|[.,]\d)"
_QTY = rf"{_WHOLE}(?:\s?k\b)?"  # the space only with its k: "1 /1 /1" never backtracks
_PRICE = (
    rf"(?:{MONEY_MARK_RE}\s?)?{_WHOLE}(?!\s?k\b)(?:\s?(?:{MONEY_MARK_RE}))?"  # "for 5k": a qty
)
_UNITS = (
    r"(?:\s*(?:pcs?|pieces?|units?|stk|stuck|stück|pz|uds|unidades|pieces|ea|ex|expl|exemplaires|"
    r"exemplare|exemplares)\.?)?"
)
_EACH = (
    r"(?:\s*(?:each|/\s?(?:pc|pcs|piece|unit|u|ea|stk|stuck|ud|uds)\.?|per (?:unit|piece|pc)|"
    # "$95/panel", "0,72 € pièce": a price per one of the thing, whatever it is called
    r"/\s?(?!(?:month|mo|week|wk|year|yr|order|run|batch|m2|m|kg|g|l|ml)\b)[^\W\d_]{2,15}\b|"
    r"piece|pieza|unidad|stuck|stück|stk|"
    r"apiece|ea|/ea|la piece|la pieza|das stuck|l'unite|la unidad|l'[^\W\d_]{2,12}|"
    r"the piece|per (?!month|week|year|order|run|batch)[^\W\d_][\w-]{1,15}"
    r"(?: [^\W\d_][\w-]{1,15})?))?"
)
_SLASH_TIERS = re.compile(
    rf"(?P<qs>{_QTY}(?:\s*/\s*{_QTY})+){_UNITS}\s*(?:@|at|for|->|=|:)\s*"
    rf"(?P<ps>{_PRICE}(?:\s*/\s*{_PRICE})+){_EACH}"
)
# "1000 @ 0.80", "1000 pcs at $0.80", "1k pcs $0.80", "500: €1.20", "5000 units - 0.45 each"
_PAIR_AT = re.compile(
    rf"(?P<q>{_QTY})(?:{_UNITS}|(?:\s+(?!(?:min|minimum|moq)\b)[^\W\d_]{{3,15}}){{1,3}}"
    # "1.000 bolsas a 0,45 USD", "1.000 bolsas a Q4,50": Spanish "a" before a price with its money
    # (with cents when the money comes first: "3,000 with a $5,000 fee" is an article)
    rf"(?=\s*(?:@|at|à)\s|:\s|\s*a\s+(?:(?:{MONEY_MARK_RE})\s?\d{{1,4}}[.,]\d{{1,2}}(?!\d)|"
    rf"\d[\d.,]*\s?(?:{MONEY_MARK_RE}))))"
    rf"\s*(?:@|at|à|a|for|->|=|:|-|–)?\s*(?P<p>{_PRICE}){_EACH}"
)
# "$0.80 at 1000", "0.45 each for 5000 pcs"
_PAIR_PRICE_FIRST = re.compile(
    rf"(?P<p>{_PRICE}){_EACH}\s*(?:@|at|for|from|over|above|on|ab|des|dès|desde|"
    rf"a partir de|à partir de)\s*(?P<q>{_QTY})"
    r"(?!\s?(?:x|×|in\b|inch|cm|mm|\"))"  # "$0.05 for 2x2in labels": a size, not a tier
    rf"{_UNITS}"
)
_QUOTE_CUE = re.compile(
    r"\b(?:quot\w*|offer\w*|pricing|price ?list|price breaks?|prices?|tiers?|they charge|"
    r"charges?|angebot\w*|preis\w*|staffel\w*|devis|tarif\w*|prix|cotizaci\w*|presupuesto|"
    r"precios?|estimate|tooling|set-?up|mou?lds?|moq|minimum|says|wants|we pay|paying|"
    r"take)\b|@"
)


def _decimal(text: str) -> Decimal | None:
    """Returns the value of a quantity or price token ("1k", "$0.80", "0,45 €")."""
    match = re.search(NUMBER_RE, text)
    if match is None:
        return None
    value = number_value(match.group(0))
    if value is not None and re.search(r"\d\s?k\b", text):
        value *= 1000
    return value


def _price_currency(text: str) -> str | None:
    """Returns the currency of a price token, or None."""
    match = re.search(MONEY_MARK_RE, text)
    return _currency_of(match.group(0)) if match else None


def _plausible_tier(qty: Decimal | None, price: Decimal | None, priced: bool) -> bool:
    """Says whether a (quantity, price) pair reads as a price break, not two other numbers."""
    if qty is None or price is None or qty != qty.to_integral_value() or qty < 1 or price <= 0:
        return False
    # A unit price is small next to its quantity; a bare "300 - 500" is a range, not a tier.
    return price < qty and (priced or price != price.to_integral_value() or price < 10)


@dataclass(frozen=True, slots=True)
class _TierSpan:
    start: int
    end: int
    tiers: tuple[QuotedTier, ...]


def _slash_tiers(text: str) -> list[_TierSpan]:
    """Returns the "500/1000/5000 at 1.20/0.90/0.60" lists of the text."""
    spans: list[_TierSpan] = []
    for match in _SLASH_TIERS.finditer(text):
        qs = [_decimal(q) for q in match.group("qs").split("/")]
        ps = [_decimal(p) for p in match.group("ps").split("/")]
        currency = _price_currency(match.group("ps"))
        if len(qs) != len(ps):
            continue
        pairs = list(zip(qs, ps, strict=True))
        if all(_plausible_tier(q, p, True) for q, p in pairs):
            tiers = tuple(
                QuotedTier(int(q), p, currency)
                for q, p in pairs
                if q is not None and p is not None
            )
            spans.append(_TierSpan(match.start(), match.end(), tiers))
    return spans


def _pair_tiers(text: str, quote_context: bool) -> list[_TierSpan]:
    """Returns the single "1000 @ 0.80" price breaks of the text."""
    spans: list[_TierSpan] = []
    for pattern in (_PAIR_AT, _PAIR_PRICE_FIRST):
        position = 0
        while (match := pattern.search(text, position)) is not None:
            tier = _pair_tier(match, quote_context)
            if tier is None:
                position = match.start() + 1  # "quote #4521: 2000 pcs at $0.45": look again
                continue
            spans.append(_TierSpan(match.start(), match.end(), (tier,)))
            position = match.end()
    if not quote_context and len(spans) < 2:
        # Outside a quote a lone pair is a tier when it says so: "@", or a price "from N"
        # ("0,80 € la pièce dès 1 000", "0,40 €/Stk ab 2.000").
        return [s for s in spans if _TIER_MARK.search(text[s.start : s.end])]
    return spans


# A priced pair linked by "at", "@" or "à", or a price per one ("/panel"): a unit price, however
# high beside its quantity.
_PER_UNIT_LINK = re.compile(r"@|\s(?:at|à|a)\s|/\s?[^\W\d_]|\beach\b|\bper\b")
_TIER_MARK = re.compile(r"@|\b(?:ab|des|dès|desde|a partir de|à partir de)\b|\d\s?\+")


def _pair_tier(match: re.Match[str], quote_context: bool) -> QuotedTier | None:
    """Returns the price break one pair match stands for, or None when it is no price break."""
    priced = bool(re.search(MONEY_MARK_RE, match.group("p")))
    if not ("@" in match.group(0) or priced or quote_context):
        return None
    qty, price = _decimal(match.group("q")), _decimal(match.group("p"))
    per_unit = priced and bool(_PER_UNIT_LINK.search(match.group(0)))
    if qty is None or price is None:
        return None
    # a unit price may then be above its quantity: only the quantity must be a whole count
    plausible = _plausible_tier(qty, price, priced) or (
        per_unit and _plausible_tier(qty, Decimal(1), priced=True)
    )
    if not plausible:
        return None
    return QuotedTier(int(qty), price, _price_currency(match.group("p")))


def _quoted_tiers(text: str) -> list[_TierSpan]:
    """Returns the price breaks of the text, slash lists first, without overlaps."""
    quote_context = bool(_QUOTE_CUE.search(text))
    chosen: list[_TierSpan] = []
    for span in [*_slash_tiers(text), *_pair_tiers(text, quote_context)]:
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


# --------------------------------------------------------------------------------------------
# Context cues
# --------------------------------------------------------------------------------------------

_VARIANT_WORDS = (
    r"colou?rs?|farben?|couleurs?|colores?|sizes?|grossen|größen|tailles?|tallas?|designs?|"
    r"motifs?|artworks?|variants?|varieties|flavou?rs?|scents?|styles?|skus?|versions?|"
    r"grosse|shapes?|formen|formes|formas|modelle|models?|prints?|patterns?|shades?|sorten?|diseños|disenos|modelos?|motiv\w*|modeles?|"
    r"parfums|saveurs|sabores|aromas|geschmacksrichtungen|duftrichtungen|"
    r"blends|mezclas|mischungen|melanges|recipes|recettes|recetas|rezepte|rezepturen"
)
_HISTORY_WORDS = (
    r"person|persons|founders?|co-?founders?|quotes?|offers?|angebote|devis|suppliers?|"
    r"restaurants?|restaurantes|bares|hotels?|salons?|gyms?|(?:wholesale )?accounts|"
    r"factories|printers|options|stations?|gas stations|regions?|countries|cities|"
    r"backers|preorders?|pre-orders?|waitlist|events|markets? a year|fairs|"
    r"stores?|shops?|stockists?|retailers?|boutiques?|markets?|locations?|cafes?|followers?|"
    r"supermarkets?|supermarches|supermercados|supermarkte|pharmacies|delis|depanneurs|"
    r"subscribers?|customers?|clients?|members?|reviews?|employees?|people|staff|sales|"
    r"seguidores|abonnenten|fans|orders so far|"
    r"laden|geschafte|geschäfte|kunden|magasins?|boutiques|clientes?|tiendas?|abonnes|"
    r"revenues?|umsatz|ventas|ventes|"
    # an audience: "~9k readers", "4k athletes in our app", "12k Leser", "3 000 lecteurs"
    r"readers|listeners|viewers|(?:app |active )?users|athletes|patients|visitors|downloads|"
    r"leser\w*|nutzer\w*|zuschauer|horer\w*|lecteurs|lectrices|utilisateurs|auditeurs|"
    r"lectores|usuarios|oyentes"
)
# "units per month", "pcs per order": a rate or an order's size, not a pack's ("24 pcs per box")
_TIME_OR_ORDER = (
    r"day|week|wk|month|mo|year|yr|annum|quarter|season|order|run|batch|drop|collection|"
    r"launch|event|shipment|delivery"
)
_SIZE_UNITS = re.compile(
    r"\s*-?(?:ml|l|cl|dl|ltr|litres?|liters?|g|gr|grams?|gramm|kg|mg|oz|lbs?|cm|mm|m|km|"
    r"in(?!\s+(?:the first|year|total|stock|each|both)\b)|"  # "800 in year one": no inches
    r"inch(?:es)?|\"|''|ft|feet|foot|mic|micron|microns?|gsm|g/m2|pt|mil|%|percent|prozent|"
    r"x(?=\s?\d)|×|ply|layers?|lagen|w|v|mah|mp|px|dpi|mm|st|nd|rd|th|am|pm|h|hrs?|"
    r"min|uhr|pp|pgs|pages?|"
    rf"seiten|paginas|(?:pcs?|pieces|units) per(?!\s(?:{_TIME_OR_ORDER}))|"
    r"per (?:box|carton|pack|case|pallet)|"
    r"(?:pcs?|pieces|units)? ?(?:in|to) ?an? (?:box|carton|pack|case))(?![^\W\d_])"
)
_BULK_NEED = re.compile(
    r"\s*(?:kg|kilos?|tonnes?|tons?|litres?|liters?|l|lbs?|m|metres?|meters?|yards?)\b"
    r"(?:\s+(?:of\s+)?[^\W\d_]+){0,4}?\s*(?:a|per|/|each|every|im|pro|par|por|al)\s*"
    r"(?:week|month|year|wk|mo|yr|monat|jahr|mois|an|mes|ano)\b|"
    r"\s*(?:kg|kilos?|tonnes?|litres?|liters?|metres?|meters?|yards?)\s+(?:minimum|min|moq)\b"
)
_BULK_UNIT = re.compile(r"\s*(?:kg|kilos?|tonnes?|tons?|litres?|liters?|l|lbs?|metres?|meters?)\b")
_COMPOUND_AFTER = re.compile(r"-(?!ish\b|off\b|time\b)[^\W\d_]{2,}")
_ALLOY_BEFORE = re.compile(r"\b(?:argent|silver|sterling|plata|silber|gold|oro)\s*$")
_LOAD_AFTER = re.compile(r"\s*(?:pallets?|containers?|truckloads?|cartons? of|boxes of)\b")
_AFTER_X = re.compile(r"(?:\d\s?(?:x|×)\s?|\d\s?(?:cm|mm|in)\s?(?:x|×)\s?)$")
_VARIANT_AFTER = re.compile(
    rf"\s*(?:different |verschiedene |differentes |diferentes )?(?:{_VARIANT_WORDS})\b"
)
_PER_VARIANT_AFTER = re.compile(
    rf"\s*(?:pcs?|pieces|units|ea|pairs?|paar|paires|stuck|stk\.?|pares|piezas|pieces)?\s*"
    rf"(?:(?:per|each|of each|for each|a|pro|par|por|je|de cada)\s+|/\s?)(?:{_VARIANT_WORDS})\b"
    r"(?!\s*:)"  # "qty: 5k / colours: 4": a label, not "per colour"
)
_HISTORY_AFTER = re.compile(
    rf"\s*(?:\w+\s)?(?:{_HISTORY_WORDS})\b|"
    r"\s*(?:\w+\s)?(?:sold|so far|verkauft|vendus?|vendidos?)\b"
)
_PAST_SALES_BEFORE = re.compile(
    r"\b(?:sold|have sold|'ve sold|we sold|shipped|produced|moved|gained|reached|hit|verkauft|"
    r"vendu|vendido|sales of|raised|made)[^\w.;!?]+(?:\w+[^\w.;!?]+)?$"
)
_MOQ_BEFORE = re.compile(
    r"(?:\bm\.?o\.?q\.?s?|\bminimum(?: order)?(?: quantity| run| qty)?s?|\bmin\.?(?: order)?|"
    r"\bminimums?|\bmindest\w*|\bquantite minimum\w*|\bminimum de commande|\bpedido minimo|"
    r"\bcantidad minima|\bminimo|\bstarting at|\bstarts at|\bstart at|\bfrom|\bab)"
    r"\W*(?:is|of|are|was|at|de|von|ist|es|des|be|would be|will be|like|around|about|~|"
    r"approx\.?|only|just|then|to|usually|often|typically|normally|oft|meist)*\W*$"
)
_SUPPLIER_ASKS = re.compile(
    r"\b(?:they|supplier|suppliers|factory|factories|vendor|vendors|manufacturer|"
    r"manufacturers|printer|printers|mill|mills|lab|labs|workshop|company|companies|he|she|"
    r"everyone|most|all of them|lieferant\w*|hersteller|fournisseur\w*|fabricant\w*|"
    r"proveedor\w*|fabrica|usine|druckerei|imprimeur|imprenta|it|who|which|that)\b"
    r"[^.;!?]{0,30}?\b(?:want|wants|wanted|require|requires|required|ask|asks|asked|asking|"
    r"demand|demands|insist|insists|only do|only does|only take|only takes|do min|does min|"
    r"start at|starts at|quote min|quoted min|won'?t go below|won'?t do less than|"
    r"verlang\w*|wollen|will|exige\w*|veulent|veut|demande\w*|piden|pide|quieren|quiere)\b"
    r"[^.;!?]{0,12}$"
)
# A verb only a supplier uses of a quantity: whoever the subject ("die Strickerei verlangt 500").
_SUPPLIER_DEMANDS = re.compile(
    r"\b(?:verlangt|verlangen|fordert|exige|exigent|demande|demandent|insists? on|pide|"
    r"piden|exigen)\b[^.;!?]{0,12}$"
)
_MOQ_OF_THING = re.compile(
    r"\b(?:moq|minimum order|min\.? order|mindestmenge|mindestbestellmenge|pedido minimo|minimo|"
    r"mindestabnahme)\b"
    r"(?:[^.;!?\d]{0,40}(?:\b(?:is|are|=|of|at|ist|est|es|liegt|liegen)\b|:)"
    r"(?:\s+(?:oft|meist|usually|often|typically|like|bei|around|about|only|just|~))*\W*|"
    r"[^.;!?\d]{0,30}\b(?:from|von|de)\s[\d.,k ]+\s(?:to|auf|a|à)\s*)$"  # raised from X to
)
# "a 150 pcs per design minimum": the minimum named after its variant
_MINIMUM_LATER = re.compile(rf"{_PER_VARIANT_AFTER.pattern}\s+(?:moq|minimum|min)\b")
_MINIMUM_AFTER = re.compile(
    r"\s*(?:pcs?\.?|pieces|units|stk\.?)?\s*(?:min|minimum|moq)\b(?!\s*\d)"
)
_MOQ_AFTER = re.compile(
    r"\s*(?:pcs?\.?|pieces|units|stk\.?|[^\W\d_]{3,15}(?=\s+(?:moq|minimum|min\b)))?\s*"
    r"(?:moq|minimum|min\b|mindest\w*|as (?:a |the )?min)"
)
_REFERENCE_BEFORE = re.compile(
    r"(?:#|\bno\.|\bnr\.?|\bnumber|\bref\.?|\breference|\binvoice|\bpo|\bsku|\bart\.?|"
    r"\bmodel|\bversion|\bv|\bgen|\bsize|\bgrade|\bclass|\bpage|\boption|\brev|\bunit|"
    r"\bsuite|\bstreet|\bstrasse|\bplz|\bzip|\broom|\btable|\bstep|\bphase|\blevel|\btop|"
    r"\bchapter|\bno|\bitem|\baisle|\bbooth|\bstand|\bhall|\bgate|\biso|\bdin|\bastm|\bansi|"
    r"\bnorm|\bnorme|\bstandard|\bip|\bul|\bcfr)\s*#?\s*$"
)


def _list_mark(ctx: _Context) -> bool:
    """Says whether a count numbers a list ("1) bottles 2) sticks"): ")" after it, no "(" open."""
    return bool(_LIST_AFTER.match(ctx.after)) and ctx.before.rfind("(") <= ctx.before.rfind(")")


_LIST_AFTER = re.compile(r"\)\s")
# Where the founder already sells: the count after it is of outlets, not of units.
_OUTLETS_BEFORE = re.compile(
    r"\b(?:sell|sells|selling|sold|stocked|listed|available|present|represented|export\w*|"
    r"vend\w*|verkauf\w*|vertreten|erhaltlich|distribu\w*)\b[^.;!?\d]{0,25}?\b(?:in|into|to|at|"
    r"across|through|via|dans|chez|aux|en|a|bei|an|über|uber)\s+(?:about|around|over|~|unos|"
    r"unas|environ|etwa|ca\.?|plus de|mas de|more than|rund|uber)?\s*$"
)
_AGE_BEFORE = re.compile(
    r"\b(?:i'?m|i am|aged?|age of|je suis age\w*)\s*$|"
    # "on est 3 à Québec", "wir sind zu zweit", "somos 4": the team, not the order
    r"\b(?:we'?re|we are|on est|nous sommes|wir sind(?: zu)?|somos|eramos)\s*$"
)
_NOT_BEFORE = re.compile(
    r"\b(?:instead of|rather than|not|vs\.?|versus|than|statt|au lieu de|en lugar de|"
    r"en vez de|nicht)\W*$"
)
_SPEND_WORDS = (
    r"budget|spend|afford|invest|cash|total of|budget of|budget is|budget:|for about|"
    r"presupuesto|gastar|depenser|dépenser|ausgeben"
)
_CEILING_WORDS = r"up to|max(?:imum)?|bis zu|jusqu'a|hasta|no more than"
_BUDGET_WORDS = rf"{_SPEND_WORDS}|{_CEILING_WORDS}"
_BUDGET_TAIL = (
    r"\W*(?:total|overall|global|is|of|about|around|roughly|approx\.?|de|von|ist|es|max)?\W*"
    # "Budget liegt bei ca. 2.000", "budget d'environ 800", "presupuesto de unos 900"
    r"(?:(?:liegt bei|lage bei|bei|ca\.|circa|etwa|environ|d'environ|unos|unas|alrededor de|"
    r"like|maybe)\W*){0,2}$"
)
# With a currency, having money is a budget: "I have $900", "Tengo 1.800 dólares", "j'ai 500 €".
_BUDGET_CUE = re.compile(
    rf"(?:{_BUDGET_WORDS}|have|got|tengo|tenemos|j'ai|nous avons|on a|ich habe|wir haben)"
    rf"{_BUDGET_TAIL}"
)
# Without a currency "have"/"got" count things: "looking to have 100 covers made".
_BARE_BUDGET_CUE = re.compile(rf"(?:{_BUDGET_WORDS}){_BUDGET_TAIL}")
# and a ceiling counts them too: "maybe up to 400", "bis zu 400 Stück", "hasta 400"
_BARE_SPEND_CUE = re.compile(rf"(?:{_SPEND_WORDS})\W*(?:(?:{_CEILING_WORDS})\b)?{_BUDGET_TAIL}")
# "I have 2k to spend", "a 5k budget", "j'ai 1500 à dépenser", "800 para gastar": money said
# before the word that makes it the founder's to spend, with or without its currency
_BUDGET_AFTER = re.compile(
    r"^\s*(?:(?:total|overall|marketing|launch)\s+)?"
    # "€2 budget per mug" is a price, "€300 budget a month" a budget
    r"(?:budget\b(?!-|\s+(?:per|each|a|pro|par|por|je)\s+(?!month|week|year|order|run))|"
    r"to spend\b|to invest\b|"
    r"to play with\b|(?:a|à) (?:depenser|investir)\b|para (?:gastar|invertir)\b|"
    r"zum (?:ausgeben|investieren)\b|zu (?:investieren|verbrauchen)\b)"
)
# "maximal 1.500 € ausgeben, 300 Tassen", "$2k spend, 150 shirts": the verb after money is its
_SPEND_VERB_AFTER = re.compile(r"^\s*(?:spend|ausgeben|investieren|depenser|gastar|invertir)\b")
_AFTER_A_NUMBER = re.compile(r"\d\s?(?:[^\W\d_]{1,5}|[^\w\s]{1,3})?\s*$")  # "2k", "1.500 €"
_UNIT_PRICE_BEFORE = re.compile(
    r"(?:unit price|per unit|price per|target(?: price)?|at|each at|cost|costs|pay|"
    r"stuckpreis|zielpreis|prix unitaire|prix cible|precio unitario|precio objetivo|max|"
    r"\beach [^\W\d_]{2,15})\W*(?:of|about|around|under|below|max|"
    r"maximum|is)?\W*$"
)
_UNIT_PRICE_AFTER = re.compile(
    # "R25 max per tin": the ceiling said between the price and its unit
    r"^\s*(?:(?:max|maximum|tops|or less|or under)\s+)?(?:per unit|per piece|per pc|/\s?unit|"
    r"/\s?pc|/\s?piece|/\s?pcs|/\s?ea|each|apiece|"
    r"a piece|a unit|per item|/\s?item|the piece|per box|a box|per bottle|a bottle|per label|"
    r"per jar|a jar|per bag|a bag|per candle|per shirt|a shirt|per tee|pro stuck|pro stück|"
    r"das stuck|l'unite|la piece|par piece|par unite|por unidad|la unidad|cada una?|/u)\b|"
    r"^\s*(?:(?:max|maximum|tops)\s+)?(?:(?:per|a|an|pro|par|por|the|je|la|le|el)\s|/\s?)"
    r"(?!(?:month|week|year|order|batch|run|"
    r"quarter|quartal|trimestre|season|saison|temporada|mois|monat|mes|jahr|an|ano|semaine|"
    r"woche|semana|auftrag|commande|pedido|"
    r"bestellung|total|budget|mo|yr|wk|day|drop|collection|shipment|delivery|go|time|"
    # "3.000 € pro Abfüllung", "par tirage", "por lote", "per production run": once per order
    r"abfullung|abfuellung|charge|lauf|durchlauf|auflage|tirage|lot|fournee|lote|tanda|tirada|"
    r"produccion|production|print|"
    r"fortnight|months|weeks|years|days|quinzaine|quincena|"
    # "budget R25k / we pack 2 tons": a slash between clauses, not "per"
    r"we|our|my|us|you|they|it|this|that|must|need|and|plus|wir|ich|nous|on|nosotros|yo)\b)"
    r"[^\W\d_]{2,}\b"
)
_TARGET_CUE = re.compile(
    r"\b(?:target|max|maximum|tops|at most|under|below|or less|hochstens|höchstens|zielpreis|"
    r"objetivo|cible|maxi|ideally|max\.|no more than|budget per|afford|can pay|want to pay|"
    r"aim|aiming|goal|zielpreis|prix cible|precio objetivo|i'?d pay|we'?d pay|would pay|"
    # "NZ$0.55 per bottle would be great", "1 € pièce serait top", "2 € wäre super"
    r"would be (?:great|ideal|nice|perfect|amazing)|wouldn'?t hurt|wa?re (?:super|gut|ideal|"
    r"toll|perfekt)|serait (?:bien|top|parfait|ideal)|seria (?:ideal|genial|perfecto)|"
    r"estaria bien)\b"
)
_SUPPLIERS = (
    r"suppliers?|factory|factories|manufacturers?|co-?manufacturers?|co-?packers?|printers?|"
    r"workshops?|mills?|makers?|oem|odm|vendors?|lieferant\w*|hersteller\w*|handler|händler|"
    r"anbieter\w*|druckerei|werkstatt|fournisseur\w*|fabricant\w*|imprimeur\w*|atelier|"
    r"embouteilleur\w*|proveedor\w*|fabricante\w*|taller|imprenta|maquila\w*|last supplier|"
    r"current(?:ly)?|actuel\w*|aktuell\w*|ahora|site that does|they do|pide|piden|demande\w*|"
    r"verlangt|charges?|asks?|quote[sd]?|devis|angebot\w*|cotizaci\w*"
)
_SUPPLIER_PRICE_CUE = re.compile(
    r"\b(?:3d|printing costs|costs? me|keep buying|buying|impresion|impression|druck|"
    r"zahlen\w*|aktuell\w*|cobra\w*|pagamos|payons|actuel\w*|drops? from|"
    r"quot\w*|we pay|paying|pay now|currently|right now|now at|charges?|charging|offer\w*|"
    r"says|fair|price is|prices? (?:is|are)|is it|devis|angebot\w*|cotiz\w*|wants|printed at|"
    r"\d ?d printed|costs? us|propose|propone|bietet|"
    # whoever gives the price: a supplier's price is no target and no budget
    rf"{_SUPPLIERS})\b"
)
_FEE_KINDS: tuple[tuple[Role, str], ...] = (
    (
        Role.TOOLING_FEE,
        # a die, not German "die": "für die erste Auflage" is no tooling fee
        r"tooling|tool|tools|mou?ld|moulds|molds|dies|cutting dies?|"
        r"die(?= cut| cost| fee| charge| is| was| will| would|\s*[=:,.;)]|\s*$)|"
        r"cylinders?|cylindres?|"
        r"cilindros?|zylinder\w*|werkzeug\w*|spritzgussform|gussform|troquel\w*|"
        r"outil(?:s|lage)?(?: de decoupe)?|programmation|digiti[sz]\w*|ponchado|"
        r"form(?:kosten)?|moule|outillage|molde|utillaje|matrice|matriz|matrices",
    ),
    (
        Role.SETUP_FEE,
        r"set[- ]?up|plates?|printing plates?|cliches?|screens?|artwork|prepress|origination|"
        r"einrichtung\w*|rüstkosten|rustkosten|klischee\w*|frais de mise en route|calage|"
        r"mise en place|frais de mise|frais de calage|"
        r"puesta en marcha|clich\w*|clis[eé]s?|planchas?|placas? de impresi[oó]n|"
        r"grabado de placas?|"
        r"fotopol[ií]meros?|impianto|avviamento",
    ),
    (
        Role.SHIPPING_FEE,
        r"shipping|freight|delivery|postage|courier|versand\w*|fracht|livraison|port|envio|"
        r"envío|transporte|flete",
    ),
)
_FEE_WORDS = r"fees?|costs?|charges?|gebuhr\w*|kosten|frais|coste|costo|cargo"


# "Cliché Q1.200 una sola vez", "plates €90 one-off": a set-up paid once is tooling.
_ONE_OFF_AFTER = re.compile(
    r"^\W{0,3}(?:one[- ]off|one[- ]time|once|only once|einmalig\w*|une seule fois|"
    r"une fois|una (?:sola )?vez|pago unico|pago único|una tantum)\b"
)


def _fee_role(before: str, after: str, *, money: bool) -> Role | None:
    """Returns the fee a money figure is ("tooling is $6k", "$150 setup"), or None."""
    role = _fee_kind(before, after, money=money)
    if role is Role.SETUP_FEE and money and _ONE_OFF_AFTER.match(after):
        return Role.TOOLING_FEE
    return role


def _fee_kind(before: str, after: str, *, money: bool) -> Role | None:
    """Returns the fee the words next to a figure name, or None."""
    for role, words in _FEE_KINDS:
        before_re = (
            rf"\b(?:{words})\b(?:\s(?:{_FEE_WORDS}))?\W*(?:is|are|of|was|will be|would be|"
            r"comes to|about|around|approx\.?|~|extra|:|=|\+|ist|est|es|de|von|one[- ]off|"
            r"once|quoted|quoted at|priced at|costs?|at|will cost|would cost|"
            # "ein Werkzeug würde 7.800€ kosten", "le moule coûterait", "el molde costaría"
            r"w[uü]rde|wird|kostet|betr[aä]gt|co[uû]te\w*|serait|sera|costar\w*|cuesta|"
            r"ser[ií]a|\s)*\W*$"
        )
        after_re = (
            rf"^\s{{0,2}}(?:for |in |of |one[- ]off |once |extra |as |de |d'|du |des |fur |"
            rf"für |pour |para |por )?(?:the |a |la |le |los |las |les |die |der |den )?"
            rf"(?:{words})\b"
        )
        tight = rf"\b(?:{words})\b(?:\s(?:{_FEE_WORDS}))?\s*(?:is|are|of|was|:|=|ist|est)?\s*$"
        if money and (re.search(before_re, before) or re.match(after_re, after)):
            return role
        if not money and re.search(tight, before):
            return role  # a bare number after "versand, " is no shipping fee
    return None


# --------------------------------------------------------------------------------------------
# Durations
# --------------------------------------------------------------------------------------------

DURATION_UNITS: Mapping[str, int] = {
    "day": 1, "days": 1, "d": 1, "tage": 1, "tagen": 1, "jours": 1, "jour": 1, "dias": 1,
    "días": 1, "week": 7, "weeks": 7, "wk": 7, "wks": 7, "woche": 7, "wochen": 7,
    "semaine": 7, "semaines": 7, "semana": 7, "semanas": 7, "month": 30, "months": 30,
    "mo": 30, "mos": 30, "mths": 30, "monat": 30, "monate": 30, "monaten": 30, "mois": 30,
    "mes": 30, "meses": 30, "year": 365, "years": 365, "yr": 365, "yrs": 365, "jahr": 365,
    "jahre": 365, "jahren": 365, "an": 365, "ans": 365, "ano": 365, "anos": 365, "año": 365,
    "años": 365,
}  # fmt: skip
_DEADLINE_BEFORE = re.compile(
    r"\b(?:within|in|by|deadline|need(?:ed)? (?:it|them|this)|before|max|ready in|delivered in|"
    r"next|in the next|innerhalb|binnen|in|dans|sous|d'ici|en|dentro de|antes de|avant|"
    r"rush|urgent|urgente|dringend|asap)"  # "rush, 3 weeks?", "dringend, 10 Tage"
    r"\W*(?:the next|about|around|approx\.?|~|\w+ )?\W*$"
)
_HORIZON_CUE = re.compile(
    r"\b(?:rebrand\w*|re-brand\w*|redesign\w*|change\w*|switch\w*|new (?:design|version|look|"
    r"logo|formula|packaging|branding)|update\w*|discontinu\w*|phase out|relaunch\w*|"
    r"pivot\w*|might change|will change|umstell\w*|rebranding|nouveau design|cambi\w*|"
    r"rediseñ\w*|redisen\w*|changer|neues design|ändern|andern)\b"
)
_SHELF_CUE = re.compile(
    r"shelf|expir|keeps? for|keep for|lasts?|best before|best[- ]by|haltbar|mhd|peremption|"
    r"caducidad|conservation|durabilidad|dlc|vida util|duree de vie|haltbarkeit|"
    # "DLUO 24 mois", "DDM 18 mois", "vida de anaquel de 12 meses", "consumo preferente"
    r"dluo|ddm|vida de anaquel|consumo preferente"
)
# "3 months of stock": how long an order lasts, not how long the product keeps
_COVERAGE_AFTER = re.compile(r"\W*(?:of|in|on)\s+(?:stock|inventory|hand|supply)\b")
_LEAD_CUE = re.compile(r"lead[- ]?time|production time|turnaround|lieferzeit|delai|plazo|takes")
_IN_DAYS_BEFORE = re.compile(
    r"\b(?:in|within|innerhalb|binnen|dans|en|dentro de)\s+(?:the next\s+|about\s+|~\s*)?$"
)
_HISTORY_DURATION = re.compile(
    r"\b(?:for|since|been|seit|depuis|desde|hace|ago|in business|running|old|existing|open|"
    r"trading|selling|exporting|operating)\b"
)
# "about 2 yrs ago", "2 years in,", "sold 140 ... in 2 months", "we go through all of that in 2
# months": time already past, or a rate of use, never a delivery deadline.
_PAST_AFTER = re.compile(
    r"\W*(?:ago|old|in business|of (?:selling|business)|now|already|so far)\b|"
    r"\s*in\s*(?:[,.;)!]|$)"
)
_PAST_BEFORE = re.compile(
    r"\b(?:sold|verkauft|vendu\w*|vendid\w*|vendimos|go through|goes through|went through|"
    r"use up|run out)\b[^.;!?]{0,40}$"
)
# "lead time under 4 weeks", "Délai : dans 2 mois", "Plazo: dentro de 4 semanas": the founder's
# limit on the time to delivery; "lead time is 4 weeks" stays the supplier's.
_LIMIT_LEAD = re.compile(
    r"(?:lead[- ]?time|lieferzeit|production time|turnaround)\W*(?:under|within|below|less than|"
    r"max\.?|maximum|at most|innerhalb|of max)\W*$|"
    r"\b(?:delai|plazo|frist)\W*(?:de livraison|de entrega)?\W*(?:dans|dentro de|d'ici|en|max\.?|"
    r"maximum|sous|de)?\W*$"
)


# "they keep 18 months", "keeps up to 12 months": what keeps is the product; "we keep 3 months
# of stock" is stock, not shelf life.
_KEEPS_BEFORE = re.compile(
    # "dura 12 meses", "se conserve 2 ans", "hält sich 9 Monate": the verb right before
    r"\b(?:keeps?|dura|duran|se conserve|se conservent|halt sich|halten sich)\s+"
    r"(?:for\s+|up to\s+|about\s+|around\s+|hasta\s+|jusqu'a\s+|bis zu\s+|~\s*)?$"
)
_STOCK_AFTER = re.compile(r"\W*(?:of|in|on)\s+(?:stock|inventory|hand|supply)\b|\W*of\b")


def _is_shelf_life(before: str, after_unit: str, close: str) -> bool:
    """Tells whether the duration is how long the product keeps."""
    if _KEEPS_BEFORE.search(before) and not _STOCK_AFTER.match(after_unit):
        return True
    return bool(_SHELF_CUE.search(close)) and not _COVERAGE_AFTER.match(after_unit)


def _duration_role(before: str, after_unit: str) -> Role:
    """Returns the role of "N days/weeks/months/years" from the words next to it."""
    close = before[-25:] + " | " + after_unit[:25]
    if _is_shelf_life(before, after_unit, close):
        return Role.SHELF_LIFE
    if re.match(r"\W*(?:max|maximum|at most|at the latest|spatestens|au plus tard)\b", after_unit):
        return Role.DEADLINE  # "Délai : 6 semaines max": the founder's limit
    if _LIMIT_LEAD.search(before[-40:]):
        return Role.DEADLINE
    if _PAST_AFTER.match(after_unit) or _PAST_BEFORE.search(before[-60:]):
        return Role.HISTORY
    if _LEAD_CUE.search(close):
        return Role.LEAD_TIME
    if _HORIZON_CUE.search(before[-30:] + " | " + after_unit[:30]):
        return Role.HORIZON
    if _IN_DAYS_BEFORE.search(before):
        return Role.DEADLINE  # "for a trade fair in 8 weeks": the "for" is the event's
    if _HISTORY_DURATION.search(before[-20:]) or re.match(
        r"\W*(?:ago|old|in business|of (?:selling|business)|now|already|so far)\b", after_unit
    ):
        return Role.HISTORY
    if _DEADLINE_BEFORE.search(before) or "deadline" in close:
        return Role.DEADLINE
    return Role.OTHER


# --------------------------------------------------------------------------------------------
# Roles
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    """The words around one amount."""

    before: str  # since the previous number (at most 40 characters)
    wide: str  # the 60 characters before, whatever is in them
    after: str  # up to the next number
    clause: str  # the sentence part the number is in


def _context(text: str, amounts: Sequence[Amount], index: int) -> _Context:
    """Returns the words around amounts[index]."""
    amount = amounts[index]
    previous_end = amounts[index - 1].end if index else 0
    following = amounts[index + 1].start if index + 1 < len(amounts) else len(text)
    start = max(previous_end, amount.start - 40)
    clause_start = max(text.rfind(ch, 0, amount.start) for ch in ".;!?\n")
    ends = [p for ch in ".;!?\n" if (p := text.find(ch, amount.end)) != -1]
    return _Context(
        before=text[start : amount.start],
        wide=text[max(0, amount.start - 60) : amount.start],
        after=text[amount.end : following],
        clause=text[clause_start + 1 : min(ends, default=len(text))],
    )


# "colours: 4", "Größen: 3": a count of variants under its label (plural: "print: 3,000" is none)
_VARIANT_LABEL = re.compile(
    r"\b(?:colou?rs|farben|couleurs|colores|sizes|grossen|tailles|tallas|designs|variants|"
    r"flavou?rs|scents|styles|skus|versions|models|modelle|sorten)\s*:\s*$"
)
_PACK_BEFORE = re.compile(
    r"\b(?:sets?|packs?|boxes|box|cans|cases|bundles|boites?|cajas?|schachteln?|packungen?)\s+"
    r"(?:of|de|mit|con|a)\s*$"  # "Schachteln à 20 Beutel": "à" folded
)
_PACK_AFTER = re.compile(
    r"(?:er)?\s*(?:compartments?|cavities|slots|fächer|facher|compartiments?|einsatz|"
    r"compartimentos?|divisions?)\b"
)
_COUNT_TIMES_MEASURE = re.compile(
    r"\s?[x×]\s?\d+(?:[.,]\d+)?\s?(?:g|gr|kg|ml|cl|l|oz|lbs?)\b(?!\s?[x×])"
)


_CONTAINERS = (
    r"decks?|box|boxes|jars?|bottles?|packs?|bags?|sets?|kits?|cases?|cartons?|tins?|tubes?|"
    r"pouch(?:es)?|packets?|sachets?|cans?|crates?|trays?|sleeves?|dosen?|glas|glaser|"
    r"flaschen?|schachteln?|packungen?|boites?|pots?|paquets?|coffrets?|bouteilles?|flacons?|"
    r"etuis?|cajas?|frascos?|bolsas?|paquetes?|botellas?|latas?|estuches?"
)
# "54 cards a deck", "60 caps/jar", "25 Beutel pro Schachtel": what one container holds
_PER_CONTAINER_AFTER = re.compile(
    r"\s*[^\W\d_]{2,15}(?:\s+(?:a|an|per|each|in a|in each|pro|par|por|je|la|le|el)\s+|\s*/\s?)"
    rf"(?:{_CONTAINERS})\b"
)
# "wine boxes for 6 bottles", "tubes en verre pour 2 gousses": a container's few places
_FOR_PLACES_BEFORE = re.compile(
    r"(?:\b(?:box|boxes|cases?|crates?|trays?|holders?|racks?|caisses?|boites?|coffrets?|etuis?|"
    r"tubes?|cajas?|estuches?)|kisten?|schachteln?|boxen|kartons?)\b"  # "Holzkisten": compounds
    r"(?:\s+[^\W\d_]+){0,5}?\s+"
    r"(?:for|pour|para|fur)\s+$"
)
# "1000 piece jigsaws", "Holzpuzzles (500 Teile", "puzzle de 1000 pièces": a puzzle's pieces
_PUZZLE_PIECES = re.compile(r"\s*-?(?:piece|pc|teile?|teiliges?)\s+(?:jigsaw|puzzle)s?\b")
_PUZZLE_BEFORE = re.compile(r"puzzles?\W{0,3}(?:of|de|mit|con|a)?\s*$")
_PIECES_AFTER = re.compile(r"\s*(?:pieces?|teilen?|piezas)\b")


def _capacity(amount: Amount, ctx: _Context) -> bool:
    """Says whether a count is what one unit holds, not how many units: "54 cards a deck",
    "boxes for 6 bottles", "a 1000 piece jigsaw"."""
    if _PER_CONTAINER_AFTER.match(ctx.after) or _PUZZLE_PIECES.match(ctx.after):
        return True
    if _PUZZLE_BEFORE.search(ctx.before) and _PIECES_AFTER.match(ctx.after):
        return True
    return amount.value <= 48 and bool(_FOR_PLACES_BEFORE.search(ctx.before))


def _variant_or_pack(amount: Amount, ctx: _Context) -> Role | None:
    """Returns VARIANT for a count of variants, SIZE for what one unit holds ("boîtes de 16
    pralines", "12 compartments", "54 cards a deck"), else None."""
    if (
        _PER_VARIANT_AFTER.match(ctx.after)
        or _VARIANT_AFTER.match(ctx.after)
        or _VARIANT_LABEL.search(ctx.before)
    ):
        return Role.VARIANT
    if _PACK_BEFORE.search(ctx.before) or _PACK_AFTER.match(ctx.after) or _capacity(amount, ctx):
        return Role.SIZE
    return None


def _minimum_by_its_words(amount: Amount, ctx: _Context) -> bool:
    """Says whether a count with a unit word after it is still the supplier's minimum: "MOQ is
    1,000 per colour", "a 150 pcs per design minimum", "wants 5 000 min." (no minutes)."""
    if _PER_VARIANT_AFTER.match(ctx.after):
        return _is_moq(ctx) or bool(_MINIMUM_LATER.match(ctx.after))
    return amount.value >= 100 and bool(_MINIMUM_AFTER.match(ctx.after))


def _unit_role(amount: Amount, ctx: _Context) -> Role | None:
    """Returns SIZE, VARIANT or HISTORY when a unit or count word follows a plain number."""
    if amount.currency is not None:
        return None
    if _minimum_by_its_words(amount, ctx):
        return Role.MOQ
    variant_or_pack = _variant_or_pack(amount, ctx)
    if variant_or_pack is not None:
        return variant_or_pack
    # "3,000 x 500g bags": so many packs of that weight, a count
    if _AFTER_X.search(ctx.wide) or (
        _SIZE_UNITS.match(ctx.after) and not _COUNT_TIMES_MEASURE.match(ctx.after)
    ):
        bulk = _BULK_NEED.match(ctx.after) or (_BULK_UNIT.match(ctx.after) and _is_moq(ctx))
        if bulk and not _AFTER_X.search(ctx.wide):
            return None  # "40 kg a month", "MOQ 500 kg": a bulk quantity, read as a count
        return Role.SIZE
    if _ALLOY_BEFORE.search(ctx.before):
        return Role.SIZE  # "argent 925", "sterling 925": a fineness, not a count
    if _LOAD_AFTER.match(ctx.after):
        return Role.SIZE  # "2 pallets of displays": how it ships, not how many
    if _COMPOUND_AFTER.match(ctx.after):
        return Role.SIZE  # "a 3-store chain", "3-person team", "2-person tents": a spec
    if _HISTORY_AFTER.match(ctx.after):
        return Role.HISTORY
    return None


_REVENUE_BEFORE = re.compile(
    r"\b(?:revenue|turnover|umsatz|sales|chiffre d'affaires|ventas|facturacion)[^\w.;!?]*"
    r"(?:of|were|was|is|are|:|last year|this year|von|de)?[^\w.;!?]*"
    r"(?:about|around|~|roughly)?[^\w.;!?]*$"
)


# "€35 max FOB", "A$12/pair landed", "C$1.20 target": a price per unit on its trade terms
_TERMS_AFTER = re.compile(
    r"^\W{0,3}(?:(?:max|maximum|tops|or less)\s+)?(?:fob|exw|cif|ddp|fca|landed|ex works|"
    r"target|ziel|zielpreis|cible|objetivo|objectif)\b"
)
# "Preis pro Jacke sollte unter 95 €", "le prix par pot autour de 1 €", "price per mug under $4"
_PRICE_PER_BEFORE = re.compile(
    r"\b(?:price|preis|prix|precio|cost|kosten)\s+(?:per|pro|par|por|a|an|je)\s+[^\W\d_]+"
    r"(?:\s+[^\W\d_]+){0,4}[^\w.;!?]*$"
)


def _unit_target(amount: Amount, ctx: _Context) -> bool:
    """Says whether money is the founder's price per unit by its terms or its label."""
    if amount.currency is None:
        return False
    return bool(_TERMS_AFTER.match(ctx.after) or _PRICE_PER_BEFORE.search(ctx.before))


# A fee of no kind the quote reads (samples, testing, development, programming) or money paid
# once: never the founder's budget.
_OTHER_FEE_BEFORE = re.compile(
    r"(?:\b(?:fees?|charges?|frais|coste|costo|cargo|samples?|muster|echantillons?|muestras?|"
    r"testing|tests?|development|entwicklung\w*|developpement|desarrollo|programme|program)|"
    r"kosten|gebuhr\w*)\b[^.,;!?\d]{0,25}$"  # "… kosten, dann 1,20 €": the earlier figure's
)
_OTHER_FEE_AFTER = re.compile(r"^\s*(?:de |d'|in |of )?(?:frais|fees?|charges?|\w*kosten|gebuhr)")
_ONCE_FOR_WHAT = re.compile(
    r"^\W{0,3}(?:one[- ]off|one[- ]time|once|einmalig\w*|une (?:seule )?fois|una (?:sola )?vez)"
    r"\W*(?:order|run|batch|job|project|purchase|commande|bestellung|auftrag|pedido|tanda)\b"
)


def _other_fee(ctx: _Context) -> bool:
    """Says whether money is a fee or a one-off payment, not what the founder can spend."""
    if _OTHER_FEE_BEFORE.search(ctx.before) or _OTHER_FEE_AFTER.match(ctx.after):
        return True
    return bool(_ONE_OFF_AFTER.match(ctx.after)) and not _ONCE_FOR_WHAT.match(ctx.after)


def _money_role(amount: Amount, ctx: _Context) -> Role | None:
    """Returns the role of an amount that is money, or None when it is not money."""
    if _BUDGET_AFTER.match(ctx.after):
        return Role.BUDGET
    if _unit_target(amount, ctx):
        return _unit_price_role(ctx)
    fee = _fee_role(ctx.before, ctx.after, money=amount.currency is not None)
    cue = _BUDGET_CUE if amount.currency is not None else _BARE_SPEND_CUE
    budget_cue = bool(cue.search(ctx.before))  # money before budget words returned above
    said_after = _BUDGET_AFTER.match(ctx.before) or _SPEND_VERB_AFTER.match(ctx.before)
    if said_after and _AFTER_A_NUMBER.search(ctx.wide[: len(ctx.wide) - len(ctx.before)]):
        budget_cue = False  # "2k budget, 150 shirts": the word is the earlier number's
    if amount.currency is None and fee is None and not budget_cue:
        unit_cue = _UNIT_PRICE_AFTER.match(ctx.after) or "price" in ctx.before
        if unit_cue and amount.value < 1000 and amount.value != amount.value.to_integral_value():
            return Role.UNIT_PRICE
        return None
    if fee is not None:
        return fee
    if not budget_cue and _other_fee(ctx):
        return Role.OTHER  # "sample fee was $150", "2 500 $ de frais de formulation"
    if _PAST_SALES_BEFORE.search(ctx.before) or _REVENUE_BEFORE.search(ctx.before):
        return Role.HISTORY
    if _whole_ceiling(amount, ctx):
        return Role.BUDGET  # "One-time. max €600", "Max. 250 €": what the order may cost
    return _price_or_budget(amount, ctx, budget_cue=budget_cue)


def _price_or_budget(amount: Amount, ctx: _Context, *, budget_cue: bool) -> Role:
    """Returns the role of money that is no fee and no history: a unit price, a supplier's
    price or the founder's budget."""
    if _UNIT_PRICE_AFTER.match(ctx.after) or (
        amount.currency is not None
        and _UNIT_PRICE_BEFORE.search(ctx.before)
        and not re.search(r"budget|spend|afford|invest|up to|total", ctx.before)
        # "max 300 bucks a month" is a budget ("Zielpreis 0,40 € pro Monat 300 Dosen" no)
        and not (_rate_follows(ctx.after) and amount.value >= 20)
    ):
        return _unit_price_role(ctx)
    small = amount.value < 20 or amount.value != amount.value.to_integral_value()
    if small and _UNDER_BEFORE.search(ctx.before) and "budget" not in ctx.before:
        return Role.UNIT_PRICE  # "want under $0.65", "Ziel 0,30 €"
    if not budget_cue and _SUPPLIER_BEFORE.search(ctx.wide):
        return Role.SUPPLIER_PRICE  # "Printer A: 5k flyers £120", "a site that does 100 for $189"
    if not budget_cue and _cents(amount):
        return Role.SUPPLIER_PRICE  # "Is $0.14 decent?", "Pagamos 0,38 € ahora": a price
    return Role.BUDGET


def _cents(amount: Amount) -> bool:
    """Says whether money has cents and is small: a price per unit, never a whole budget."""
    return amount.value < WHOLE_BUDGET_FROM and amount.value != amount.value.to_integral_value()


# "max €600", "Max. 250 €", "höchstens 400 €": with no unit after it, a whole sum's ceiling
_CEILING_BEFORE = re.compile(
    r"\b(?:max(?:imum)?|hochstens|at most|no more than|maximal|au maximum|como maximo)\W*$"
)


def _whole_ceiling(amount: Amount, ctx: _Context) -> bool:
    """Says whether money after a bare ceiling word is the order's budget, not a unit price."""
    return (
        amount.currency is not None
        and amount.value >= WHOLE_BUDGET_FROM
        and bool(_CEILING_BEFORE.search(ctx.before))
        and not _UNIT_PRICE_AFTER.match(ctx.after)
    )


def _rate_follows(after: str) -> bool:
    """Says whether a recurring period comes right after an amount ("300 bucks a month")."""
    period, start, _ = _period_after(after, 0, min(len(after), 20))
    return period not in (None, Period.ONCE) and not after[:start].strip()


_SUPPLIER_BEFORE = re.compile(rf"\b(?:{_SUPPLIERS})\b[^.;!?]*$")
_UNDER_BEFORE = re.compile(
    r"\b(?:under|below|ziel|objectif|objetivo|bajar a|max|maximum|at most|stay under)\W*$"
)


def _unit_price_role(ctx: _Context) -> Role:
    """Returns UNIT_PRICE for the founder's target, SUPPLIER_PRICE for a price they were given."""
    own = re.split(r"[,;!?]|\.\s", ctx.after, maxsplit=1)[0]  # not the next clause's "want under"
    near = ctx.wide[-30:] + " | " + own[:25]
    if _TARGET_CUE.search(near) or _BARE_BUDGET_CUE.search(ctx.before):  # "Budget 5 € pro Mütze"
        return Role.UNIT_PRICE
    return Role.SUPPLIER_PRICE if _SUPPLIER_PRICE_CUE.search(ctx.clause) else Role.UNIT_PRICE


_FROM_BEFORE = re.compile(r"\b(?:from|von|de|des)\W*$")
_TO_NEXT = re.compile(r"^\s*(?:[^\W\d_]+\s+){0,2}(?:to|bis|auf|a|jusqu'a|hasta)\s*$")


def _is_moq(ctx: _Context) -> bool:
    """Says whether the words around a count make it a supplier's minimum."""
    if _FROM_BEFORE.search(ctx.before) and _TO_NEXT.match(ctx.after):
        return False  # "from 20k to 60k bottles", "from 2 tonnes to 10 tonnes": a growth
    if _MOQ_BEFORE.search(ctx.before) or _MOQ_AFTER.match(ctx.after):
        return True
    if _MOQ_OF_THING.search(ctx.wide):
        return True
    asks = _SUPPLIER_ASKS.search(ctx.before) or _SUPPLIER_DEMANDS.search(ctx.before)
    return bool(asks) and not re.search(
        r"\b(?:i|we|ich|wir|je|nous|yo)\b[^.;!?]{0,15}$", ctx.before
    )


def _count_role(amount: Amount, ctx: _Context) -> Role:
    """Returns the role of a plain count: MOQ, history, reference or the founder's need."""
    if _REFERENCE_BEFORE.search(ctx.before) or _list_mark(ctx):
        return Role.REFERENCE
    if _OUTLETS_BEFORE.search(ctx.before) or _AGE_BEFORE.search(ctx.before):
        return Role.HISTORY  # "we sell in 40 pharmacies", "ya vendemos a 8 viveros", "I'm 19"
    if _is_moq(ctx):
        return Role.MOQ
    if _PAST_SALES_BEFORE.search(ctx.before):
        return Role.HISTORY
    if _NOT_BEFORE.search(ctx.before):
        return Role.OTHER
    return Role.NEED


def _role(amount: Amount, ctx: _Context) -> Role:
    """Returns the role of one amount from the words around it."""
    unit = _unit_role(amount, ctx)
    if unit is not None:
        return unit
    money = _money_role(amount, ctx)
    if money is not None:
        return money
    return _count_role(amount, ctx)


_DURATION_AFTER = re.compile(r"\s*\+?\s*(?:-\s*)?([^\W\d_]+)\b")  # "keeps 2+ years"


def _duration(text: str, amount: Amount, ctx: _Context) -> Figure | None:
    """Returns the figure of "N days/weeks/months/years", or None when no duration follows."""
    match = _DURATION_AFTER.match(ctx.after)
    unit = match.group(1) if match else ""
    if amount.currency is not None or amount.has_mult or unit not in DURATION_UNITS or not match:
        return None
    days = int(amount.value * DURATION_UNITS[unit])
    tail = amount.end + match.end()
    role = _duration_role(ctx.wide, ctx.after[match.end() :])
    return Figure(role, amount.value, amount.start, tail, text[amount.start : tail], days=days)


def _period_after(text: str, start: int, stop: int) -> tuple[Period | None, int, int]:
    """Returns the period phrase found in text[start:stop] and its span."""
    while 0 < stop < len(text) and text[stop].isalnum() and text[stop - 1].isalnum():
        stop += 1  # never cut a word: "pa|ra" is no "pa" (per annum)
    window = text[start:stop]
    best: tuple[Period | None, int, int] = (None, 0, 0)
    for period, pattern in PERIOD_PATTERNS:
        match = pattern.search(window)
        if match and (best[0] is None or start + match.start() < best[1]):
            best = (period, start + match.start(), start + match.end())
    return best


WHOLE_BUDGET_FROM = Decimal(100)


def _at_rate(figure: Figure, rate: _Rate) -> Figure:
    """Returns the figure as a rate per one of the contract's periods."""
    if figure.role is Role.BUDGET:
        per = figure.value * rate.multiplier / rate.divisor
        # "8 000 zł a quarter" is 2,667 a month: whole units, as a quarter's need is rounded;
        # a small budget keeps its cents
        step = Decimal(1) if per >= WHOLE_BUDGET_FROM else Decimal("0.01")
        per = per if per == per.to_integral_value() else per.quantize(step, ROUND_HALF_UP)
        return replace(figure, value=per, maximum=None, period=rate.period)
    value, period = as_rate(figure.value, rate)
    maximum = None
    if figure.maximum is not None:
        maximum, _ = as_rate(figure.maximum, rate)
    return replace(figure, value=value, maximum=maximum, period=period)


def _with_period(
    text: str, figure: Figure, stop: int, rates: Sequence[_Rate]
) -> tuple[Figure, tuple[int, int] | None]:
    """Returns the figure with the period that follows it ("300 a month", "1,000 every 2
    months" = 500 a month) and the span of that period phrase."""
    window_end = min(stop, figure.end + 30)
    for rate in rates:
        gap = text[figure.end : rate.start]
        if figure.end <= rate.start < window_end and not re.search(r"[,;]|\band\b", gap):
            return _at_rate(figure, rate), (rate.start, rate.end)
    period, p_start, p_end = _period_after(text, figure.end, window_end)
    if period is None or (period is Period.ONCE and _fee_kind("", text[p_end:], money=True)):
        return figure, None  # "2,500 copies, one-time die fee": the fee is paid once
    if period is not Period.ONCE and re.search(r"[,;]|\band\b", text[figure.end : p_start]):
        return figure, None  # "300 boxes, shipping ..., a month later": too far to belong
    return replace(figure, period=period), (p_start, p_end)


def _figure(amount: Amount, role: Role) -> Figure:
    """Returns the figure of an amount with its role."""
    return Figure(
        role,
        amount.value,
        amount.start,
        amount.end,
        amount.text,
        maximum=amount.maximum,
        currency=amount.currency,
        negative=amount.negative,
    )


_MODEL_ROLES: Mapping[str, Role] = {
    "need": Role.NEED,
    "budget": Role.BUDGET,
    "unit_price": Role.UNIT_PRICE,
    "moq": Role.MOQ,
    "setup_fee": Role.SETUP_FEE,
    "tooling_fee": Role.TOOLING_FEE,
}


def number_context(
    amounts: Sequence[Amount], index: int, ctx: _Context, rule: Role
) -> role_model.NumberContext:
    """Returns what the role classifier sees of amounts[index]."""
    amount = amounts[index]
    return role_model.NumberContext(
        before=ctx.before,
        after=ctx.after[:40],
        clause=ctx.clause,
        value=float(amount.value),
        has_currency=amount.currency is not None,
        has_multiplier=amount.has_mult,
        index=index,
        count=len(amounts),
        rule_role=rule.value,
    )


def _decided_role(amounts: Sequence[Amount], index: int, ctx: _Context) -> Role:
    """Returns the role of amounts[index]: the rules', or the classifier's when it reads."""
    rule = _role(amounts[index], ctx)
    reader = role_model.reader()
    if reader is role_model.Reader.RULES:
        return rule
    name, probability = role_model.predict(number_context(amounts, index, ctx, rule), reader)
    if reader is role_model.Reader.RULES_AND_MODEL and probability < role_model.CONFIDENT:
        return rule  # the rules stand unless the classifier is sure
    if name in _MODEL_ROLES:
        return _MODEL_ROLES[name]
    return Role.OTHER if rule in _MODEL_ROLES.values() else rule


@dataclass(frozen=True, slots=True)
class _Numbers:
    """The work text with its quoted tiers blanked, its rate phrases and its amounts."""

    work: str
    tier_spans: list[_TierSpan]
    rates: list[_Rate]
    amounts: list[Amount]


def _numbers(text: str) -> _Numbers:
    tier_spans = _quoted_tiers(text)
    work = text
    for span in tier_spans:
        work = _blank(work, span.start, span.end)
    return _Numbers(work, tier_spans, _rate_phrases(work), scan_amounts(work))


def role_examples(text: str) -> list[tuple[Figure, role_model.NumberContext]]:
    """Returns, for every number the classifier would judge, the rules' figure (with its rate)
    and the classifier's view of it (benchmarks/train_roles.py labels them from annotations)."""
    numbers = _numbers(text)
    work, amounts = numbers.work, numbers.amounts
    out: list[tuple[Figure, role_model.NumberContext]] = []
    for index, amount in enumerate(amounts):
        if any(r.start <= amount.start < r.end for r in numbers.rates):
            continue
        ctx = _context(work, amounts, index)
        if _duration(work, amount, ctx) is not None:
            continue
        figure = _figure(amount, _role(amount, ctx))
        stop = amounts[index + 1].start if index + 1 < len(amounts) else len(work)
        with_rate, _ = _with_period(work, replace(figure, role=Role.NEED), stop, numbers.rates)
        out.append(
            (
                replace(with_rate, role=figure.role),
                number_context(amounts, index, ctx, figure.role),
            )
        )
    return out


# "plates $240 (one time)", "€1,500 one-off for the mould", "frais de gravure (une fois)": the
# fee is paid once, which says nothing of how often the founder orders.
_ONCE_AFTER_FEE = re.compile(
    r"^[^\d.,;!?]{0,40}?(?:\(\s*|\b)(?:one[- ]?off|one[- ]?time|once|einmalig\w*|"
    r"une (?:seule )?fois|una (?:sola )?vez|(?:unica|única) vez|unico|único)\b"
)
_FEES = (Role.SETUP_FEE, Role.TOOLING_FEE, Role.SHIPPING_FEE)


def _fee_once(work: str, figure: Figure) -> list[tuple[int, int]]:
    """Returns the span of a one-off word that belongs to a fee figure, if one follows it."""
    money_fee = figure.role is Role.OTHER and figure.currency is not None  # "sample $60 once"
    if figure.role not in _FEES and not money_fee:
        return []
    match = _ONCE_AFTER_FEE.match(work[figure.end :])  # "^" holds at a slice's start only
    return [(figure.end, figure.end + match.end())] if match else []


def read_figures(text: str) -> Reading:
    """Returns every number of the work text with its role, the quoted tiers, and used spans."""
    numbers = _numbers(text)
    work, tier_spans, rates, amounts = (
        numbers.work,
        numbers.tier_spans,
        numbers.rates,
        numbers.amounts,
    )
    consumed = [part for s in tier_spans for part in _without_nouns(text, s.start, s.end)]
    figures: list[Figure] = []
    for index, amount in enumerate(amounts):
        if any(r.start <= amount.start < r.end for r in rates):
            continue  # the "2" of "every 2 months" belongs to the rate
        ctx = _context(work, amounts, index)
        figure = _duration(work, amount, ctx) or _figure(
            amount, _decided_role(amounts, index, ctx)
        )
        if figure.role in (Role.NEED, Role.BUDGET):
            stop = amounts[index + 1].start if index + 1 < len(amounts) else len(work)
            figure, period_span = _with_period(work, figure, stop, rates)
            if period_span is not None:
                consumed.append(period_span)
        if (
            figure.role not in (Role.SIZE, Role.VARIANT, Role.OTHER)
            or _COMPOUND_AFTER.match(work[figure.end :])
            or _PACK_BEFORE.search(work[max(0, figure.start - 20) : figure.start])
        ):
            consumed.append((figure.start, figure.end))  # "3-piece ball": the ball is left
        consumed.extend(_fee_once(work, figure))
        figures.append(figure)
    figures = _with_range_tops(work, figures)
    if not tier_spans:
        figures, tier_spans = _price_at_minimum(work, figures)
    figures.extend(_tier_figures(tier_spans))
    figures.extend(_minimum_of_tiers(work, figures, tier_spans))
    tier_spans = _with_stated_currency(work, tier_spans, figures)
    figures = _below_quoted(work, figures)
    tiers = tuple(t for span in tier_spans for t in span.tiers)
    figures.sort(key=lambda f: f.start)
    need = _main_need(work, figures, rates, consumed)
    return Reading(tuple(_same_unit_minimum(work, figures, need)), tiers, tuple(consumed), need)


# "250 pcs, maybe up to 400", "250 Mützen, vielleicht bis zu 400", "200, or even 300",
# "peut-être jusqu'à 400", "quizás hasta 400": the upper end of the founder's range
_RANGE_TOP_GAP = re.compile(
    r"^[^\d.;!?$€£]{0,30}?(?:\b(?:maybe|perhaps|possibly|potentially|vielleicht|eventuell|"
    r"evtl\.?|peut-etre|quizas|quiza|tal vez|capaz)\s+)?\b(?:up to|bis zu|jusqu'a|hasta|"
    r"or even|oder sogar|voire|o incluso)\s+$"
)
_SPEND_IN_GAP = re.compile(rf"\b(?:{_SPEND_WORDS})")
# "maybe up to 400.", "bis zu 400, wenn der Preis passt": the top ends its clause or sets a
# condition ("25 now, up to 500 later" is a later order)
_TOP_ENDS = re.compile(
    r"^\s*(?:pcs?|pieces|units|stuck|stk|pairs|paar|pieces|piezas|unidades)?\.?\s*"
    r"(?:[,;!?)]|\.(?!\d)|$|\b(?:if|wenn|falls|si|depending|je nach|selon|segun)\b)"
)


def _is_range_top(work: str, low: Figure, high: Figure) -> bool:
    """Says whether a count said after the need with "maybe up to" is the need's upper end."""
    gap = work[low.end : high.start]
    return (
        low.role is Role.NEED
        and high.role is Role.NEED
        and low.maximum is None
        and None is low.currency is high.currency
        and high.period is None
        and _decimal(low.text) == low.value  # no rate has divided it
        and high.value > low.value
        and bool(_RANGE_TOP_GAP.match(gap))
        and not _SPEND_IN_GAP.search(gap)
        and bool(_TOP_ENDS.match(work[high.end : high.end + 40]))
    )


def _with_range_tops(work: str, figures: list[Figure]) -> list[Figure]:
    """Returns the figures with a need's upper end said apart merged into it."""
    out: list[Figure] = []
    for figure in figures:
        if out and _is_range_top(work, out[-1], figure):
            out[-1] = replace(out[-1], maximum=figure.value)
            continue
        out.append(figure)
    return out


def _same_unit_minimum(work: str, figures: list[Figure], need: Figure | None) -> list[Figure]:
    """Returns the figures with a minimum by weight or volume set aside when the need counts
    units ("2k tubs a week ... MOQ 10,000 lbs per run"): the two do not compare."""
    if need is None or _BULK_UNIT.match(work[need.end :]):
        return figures
    return [
        replace(f, role=Role.OTHER)
        if f.role is Role.MOQ and f.text.strip() and _BULK_UNIT.match(work[f.end :])
        else f
        for f in figures
    ]


# --------------------------------------------------------------------------------------------
# The founder's need among several counts
# --------------------------------------------------------------------------------------------

_NEED_CUE = re.compile(
    r"\b(?:need|needs|needed|want|wants|looking for|order|ordering|buy|use|using|go through|"
    r"sell|selling|ship|shipping|expect|expecting|require|print|produce|make|making|do|get|"
    r"brauchen|brauche|benotigen|bedarf|verbrauchen|besoin|faut|utilise|utilisons|vendons|"
    r"necesitamos|necesito|uso|usamos|vendemos|queremos|quiero|hacer)\b[^.;!?\d]{0,30}$"
)
# "500 pcs, sorry 800", "je 20 Stück, äh nein, je 25", "oh wait, the boss said 400": the later
# number replaces the earlier one.
_CORRECTION_CUE = re.compile(
    r"\b(?:i mean|i meant|sorry|actually|make that|correction|ah nein|nein|ich meine|pardon|"
    r"non pardon|je veux dire|perdon|mejor dicho|quiero decir)\W*(?:(?:je|each|plutot)\W+)?$|"
    r"\b(?:oh |no |nah )?wait\b[^.;!?\d]{0,30}$|"
    r"\b(?:attends|attendez|warte|wartet|espera|esperen|esperad)\b[^.;!?\d]{0,30}$"
)
_TOTAL_CUE = re.compile(
    r"(?:=|→|->|=>|\btotal(?: of)?|\bin total|\binsgesamt|\bau total|\bsoit|\bmakes|"
    r"\bso that'?s)\s*$|"
    # "400 for winter and 400 for spring, so 800 a year", "..., donc 1 200 par an": the sum
    r",\s*(?:so|donc|o sea|es decir|d\.\s?h\.)\s*(?:about |around |ca\.? |environ |unos |etwa )?$"
)
_EACH_AFTER = re.compile(
    rf"^\s*(?:[^\W\d_]+\s){{0,2}}?(?:each|of each|apiece|per (?:{_VARIANT_WORDS})|"
    rf"/\s?(?:{_VARIANT_WORDS})(?!\s*:)|de chaque|von jedem|jeweils|de cada un[oa]|chacun\w*|"
    rf"(?:pro|par|por|je|de cada) (?:{_VARIANT_WORDS}))\b"
)


# Wishes said politely or in the conditional ("j'aimerais", "wir bräuchten", "nos gustaría"):
# words of wanting too (the work text is folded: no accents).
_WISH_WORDS = (
    r"would like|we'?d like|i'?d like|we would need|we'?d need|i'?d need|"
    r"mochten|mochte|brauchten|benotigen wurden|hatten gern|"
    r"voudrais|voudrait|voudrions|voudraient|aimerais|aimerait|aimerions|souhaite|souhaitons|"
    r"quisiera|quisieramos|gustaria|necesitaria|necesitariamos|queria|queriamos"
)


# Words of wanting beat words of doing: "we make 200 soaps a week and need 800 wrappers a month".
_WANT_CUE = re.compile(
    r"\b(?:need|needs|needed|want|wants|looking for|buy|require|brauchen|"
    r"brauche|benotigen|bedarf|besoin|faut|necesitamos|necesito|queremos|quiero|"
    rf"{_WISH_WORDS})\b"
    r"[^.;!?\d]{0,60}$|"
    r"\b(?:qty|quantity|menge|stuckzahl|quantite|cantidad)\s*:\s*(?:about|around|ca\.?|~)?\s*$"
)


# "Pro Sorte etwa 400 Stück": how many of each, said before the number.
_EACH_BEFORE = re.compile(
    rf"\b(?:per|pro|par|por|je|each|for each|de cada)\s+(?:{_VARIANT_WORDS})\W*"
    r"(?:about|around|etwa|ca\.?|environ|unos|unas|~)?\W*$|"
    r"\bje\s*$|"  # "3 Farben × 4 Größen, je 25": German "je" before a count is "each"
    rf"\d\s+(?:{_VARIANT_WORDS})\s+(?:a|à|x|×)\s*$"  # "3 Modelle à 100 Stück", "3 Sorten x 1.000"
)


# "we sell ~3k a quarter", "je vends ... (environ 300 bougies par mois)": what the founder sells
# now, in the same sentence and with no word of wanting after it.
_SALES_BEFORE = re.compile(
    r"\b(?:sell|sells|selling|sold|vend|vends|vendons|vendo|vende|vendemos|verkaufen|verkaufe|"
    r"verkauft|move|moving)\b(?P<gap>(?:[^.;!?]|\b(?:ca|env|approx|aprox|rd)\.){0,60})$"
)  # "env. 80", "ca. 250": an abbreviation's dot ends no sentence
# "should I take 1,000", "no way we can do 3k": the founder weighing the supplier's number.
_CHOICE_BEFORE = re.compile(
    r"\b(?:take|do|go with|go for|choose|pick|commit to|nehmen|prendre|tomar)\s*(?:the\s*)?$|"
    r"(?:@|\bat|\bab|\bdes|\bdesde|\ba partir de|\bfrom)\s*$"  # "$0.60 a piece at 5000+": a break
)


def _sales_rate(work: str, figure: Figure) -> bool:
    """Says whether a count is the founder's present sales, not what they want made."""
    match = _SALES_BEFORE.search(work[max(0, figure.start - 80) : figure.start])
    return match is not None and not _WANT_CUE.search(match.group("gap"))


# "~250 orders/mo", "80 Bestellungen im Monat": the shop's orders, a rate of sales
_ORDERS_AFTER = re.compile(
    r"\s*(?:[^\W\d_]+\s)?(?:orders?|bestellungen|commandes|pedidos)\s?(?:/|a|an|per|each|every|"
    r"pro|im|je|par|por|al|a la)?\s?(?:day|daily|week|weekly|wk|month|monthly|mo|year|yr|tag|"
    r"woche|monat|jahr|jour|semaine|mois|an|annee|dia|semana|mes|ano)\b"
)


def _orders_rate(work: str, figure: Figure) -> bool:
    """Says whether a count is the shop's orders per period ("we get ~20 orders a week")."""
    return _ORDERS_AFTER.match(work, figure.end) is not None


def _stated_need(work: str, figure: Figure) -> bool:
    """Says whether a count is said as a need of the founder's: with a rate or a word of wanting
    ("about 40 rolls a month", "need 500 boxes"), not a number weighed ("1000 or 5000?")."""
    return figure.period is not None or bool(
        _WANT_CUE.search(work[max(0, figure.start - 70) : figure.start])
    )


def _own_order(work: str, figure: Figure, sales: Figure, figures: Sequence[Figure]) -> bool:
    """Says whether a count is an order of the founder's own that outweighs their sales rate:
    at least as many as the sales figure (any need said as one beats a number of orders), and
    no restatement of the supplier's minimum."""
    minimums = {f.value for f in figures if f.role is Role.MOQ}
    variants = [f.value for f in figures if f.role is Role.VARIANT]
    minimums |= {m * v for m in minimums for v in variants}
    each = bool(
        _EACH_AFTER.match(work[figure.end :])
        or _EACH_BEFORE.search(work[max(0, figure.start - 30) : figure.start])
    )
    value = figure.value * prod(variants) if each else figure.value  # "30 designs, 50 each"
    return (
        (
            (_sales_rate(work, sales) and value >= sales.value)
            or (_orders_rate(work, sales) and _stated_need(work, figure))
        )
        and not _orders_rate(work, figure)
        and figure.value not in minimums
        and not _sales_rate(work, figure)
        and not _CHOICE_BEFORE.search(work[max(0, figure.start - 20) : figure.start])
        and not work[figure.end : figure.end + 2].strip().startswith("+")
    )


def _sales_yield(work: str, needs: Sequence[Figure], figures: Sequence[Figure]) -> set[int]:
    """Returns the starts of the sales rates that yield to an order the founder states."""
    return {
        sales.start
        for sales in needs
        if (_sales_rate(work, sales) or _orders_rate(work, sales))
        and any(_own_order(work, f, sales, figures) for f in needs if f is not sales)
    }


def _need_score(work: str, figure: Figure) -> int:
    """Returns how surely a NEED figure is the founder's own need (a total wins outright)."""
    before = work[max(0, figure.start - 40) : figure.start]
    wide = work[max(0, figure.start - 70) : figure.start]
    score = 4 if _WANT_CUE.search(wide) else 2 if _NEED_CUE.search(before) else 0
    score += 1 if figure.period is not None else 0
    score += 6 if _CORRECTION_CUE.search(before) else 0  # beats what it corrects, with its rate
    return score + (8 if _TOTAL_CUE.search(before) else 0)


# "Pilot: 2,000 pads. After the pilot we'd need 10k a month", "500 cartes, puis si ça marche
# 2000 par trimestre", "250 boards, then ~1000/month if pilot works": a later need that hangs on
# the first one working out; the first order is the need.
_IF_IT_WORKS = (
    r"if (?:it|that|this|the pilot|pilot|the test|all) (?:works|goes well|sells|is a success)|"
    r"si (?:ca|cela|esto|todo) (?:marche|fonctionne|funciona|va bien|sale bien)|"
    r"si (?:funciona|va bien|sale bien)|"
    r"wenn (?:es|das|alles) (?:gut )?(?:lauft|klappt|funktioniert)|falls es (?:lauft|klappt)"
)
_LATER_IF_BEFORE = re.compile(
    r"\b(?:after (?:the )?(?:pilot|test|trial)|nach dem (?:pilot|test)\w*|"
    r"apres (?:le |la )?(?:pilote|test|phase pilote)|despues del? (?:piloto|prueba)|"
    rf"{_IF_IT_WORKS})\b[^.;!?\d]{{0,40}}$"
)
_LATER_IF_AFTER = re.compile(rf"^[^.;!?\d]{{0,25}}\b(?:{_IF_IT_WORKS})\b")


def _conditional_later(work: str, needs: Sequence[Figure]) -> set[int]:
    """Returns the starts of the needs said as a later step that depends on an earlier one."""
    return {
        f.start
        for f in needs
        if any(g.start < f.start for g in needs)
        and (
            _LATER_IF_BEFORE.search(work[max(0, f.start - 70) : f.start])
            or _LATER_IF_AFTER.match(work[f.end :])
        )
    }


# "2 tees x 4 sizes, 30 of each size", "3 Shirts × 2 Farben, je 50": the products counted
# before the variants they come in are designs too, when a count of each follows.
_TIMES_VARIANTS_AFTER = re.compile(
    rf"\s*[^\W\d_]{{2,15}}\s*(?:x|×|in|en|a|à|mit|con|with)\s*\d+\s*"
    rf"(?:different |verschiedenen? |differentes |diferentes )?(?:{_VARIANT_WORDS})\b"
)


def _designs_as_variants(
    work: str, figures: Sequence[Figure], needs: list[Figure], each_variants: Sequence[Figure]
) -> tuple[Sequence[Figure], list[Figure]]:
    """Returns the figures and needs with "2 tees x 4 sizes" read as two designs when a count
    of each follows ("30 of each size", "50 each")."""
    eaches = [*each_variants] + [
        f
        for f in needs
        if _EACH_AFTER.match(work[f.end :])
        or _EACH_BEFORE.search(work[max(0, f.start - 30) : f.start])
    ]
    designs = [
        f
        for f in needs
        if _TIMES_VARIANTS_AFTER.match(work, f.end) and any(e.start > f.end for e in eaches)
    ]
    if not designs:
        return figures, needs
    read = [replace(f, role=Role.VARIANT) if f in designs else f for f in figures]
    return read, [f for f in needs if f not in designs]


def _main_need(
    work: str, figures: Sequence[Figure], rates: Sequence[_Rate], consumed: list[tuple[int, int]]
) -> Figure | None:
    """Returns the founder's need: the best-cued count, times its variants, as a rate."""
    needs = [f for f in figures if f.role is Role.NEED]
    each_variants = [
        f for f in figures if f.role is Role.VARIANT and _PER_VARIANT_AFTER.match(work[f.end :])
    ]
    if not needs and not each_variants:
        return None
    figures, needs = _designs_as_variants(work, figures, needs, each_variants)
    yielding = _sales_yield(work, needs, figures) | _conditional_later(work, needs)
    best = (
        max(needs, key=lambda f: (_need_score(work, f) - 6 * (f.start in yielding), -f.start))
        if needs
        else None
    )
    if best is not None and best.period is None and _CORRECTION_CUE.search(work[: best.start]):
        earlier = [f for f in needs if f.start < best.start and f.period is not None]
        if earlier:
            best = _corrected(best, earlier[-1])
    each = (
        best
        if best is not None
        and (
            _EACH_AFTER.match(work[best.end :])
            or _EACH_BEFORE.search(work[max(0, best.start - 30) : best.start])
            or _EACH_GETS_BEFORE.search(work[max(0, best.start - 30) : best.start])
        )
        else None
    )
    if each is None and best is None:
        each = each_variants[0]
    if each is not None:
        best = _times_variants(work, each, figures, each_variants)
        best = _times_people(work, best, figures) if best is each else best
    if best is not None and best.period is None:
        best = _far_rate(work, best, rates, consumed)
    once = [
        f
        for f in figures
        if f.period is Period.ONCE
        and (
            f.role is Role.NEED or (f.role is Role.BUDGET and _ONE_OFF_AFTER.match(work[f.end :]))
        )
    ]
    if best is not None and best.period is None and once:
        # "Budget 5.000 €, einmalige Bestellung": the one-off budget is the order's
        # "50 brackets, 6061, anodised. One-time.": a one-off said after a spec is the order's
        best = replace(best, period=Period.ONCE)
    return _with_parts(work, best) if best is not None else None


# "100 pcs black, 50 pcs cream", "200 units in navy + 100 units in sand": one need split by
# colour or finish, each part with the same unit word; the parts add up.
_PART_UNIT = r"(?:pcs?|pieces|units|stk|stuck|unidades|piezas|pieces|pz)"
_PART_HEAD = re.compile(rf"\s*(?P<unit>{_PART_UNIT})\.?\s+(?:in\s+|en\s+)?[^\W\d_]{{3,12}}\b")
_PART_NEXT = re.compile(
    r"\s*(?:,|\+|&|and|und|et|y)\s*(?P<n>\d{1,3}(?:,\d{3})+|\d{1,6})\s*(?P<unit>"
    + _PART_UNIT
    + r")\.?\s+(?:in\s+|en\s+)?[^\W\d_]{3,12}\b(?!\s*\d)"
)


def _with_parts(work: str, best: Figure) -> Figure:
    """Returns the need with the parts said after it added ("100 pcs black, 50 pcs cream")."""
    head = _PART_HEAD.match(work, best.end)
    if head is None or best.maximum is not None:
        return best
    total, position = best.value, head.end()
    while (part := _PART_NEXT.match(work, position)) and part.group("unit") == head.group("unit"):
        total += Decimal(part.group("n").replace(",", ""))
        position = part.end()
    return best if total == best.value else replace(best, value=total)


def _corrected(figure: Figure, corrected: Figure) -> Figure:
    """Returns the correction with the rate of the figure it corrects: "200 a month... I mean
    210" is 210 a month, "200 per quarter... I mean 210" 70 a month (840 a year)."""
    said = _decimal(corrected.text)
    if not said:
        return replace(figure, period=corrected.period)
    value = (figure.value * corrected.value / said).quantize(Decimal(1), ROUND_HALF_UP)
    return replace(figure, value=value, maximum=None, period=corrected.period)


def _times_variants(
    work: str, each: Figure, figures: Sequence[Figure], each_variants: Sequence[Figure]
) -> Figure | None:
    """Returns "50 per design" times the variant counts ("3 colours x 2 sizes") as the need."""
    counts = [f.value for f in figures if f.role is Role.VARIANT and f not in each_variants]
    listed = _listed_variants(work, figures) if not counts else 0
    if listed:
        counts.append(Decimal(listed))
    if not counts:
        return each if each.role is Role.NEED else None
    total = each.value
    for count in counts:
        total *= count
    return replace(each, role=Role.NEED, value=total, maximum=None)


_SIZE_LETTER = r"(?:x{0,3}s|m|x{0,3}l|[2-5]xl)"
# "tallas S M L XL", "sizes S/M/L": sizes named, not counted (three at least: "S" or "M" alone
# is a word or a unit)
_SIZE_LETTERS = re.compile(
    rf"(?<![\w-])({_SIZE_LETTER}(?:(?:\s*[,/]\s*|\s+(?:and\s+|y\s+|und\s+|et\s+)?)"
    rf"{_SIZE_LETTER}){{2,}})(?![\w-])"
)
_SIZE_LIST_JOIN = re.compile(r"^\s*(?:[a-z]{1,4}\.?)?\s*(?:&|\+|,|/|and|und|et|y)\s*$")


def _listed_variants(work: str, figures: Sequence[Figure]) -> int:
    """Returns how many sizes the message lists without counting them: "S M L XL" (4), "100g &
    250g" (2); 0 when it lists none."""
    letters = _SIZE_LETTERS.search(work)
    if letters is not None:
        return len(re.findall(_SIZE_LETTER + r"(?![\w])", letters.group(1)))
    sizes = [f for f in figures if f.role is Role.SIZE]
    best = 1
    run = 1
    for left, right in pairwise(sizes):
        joined = _SIZE_LIST_JOIN.match(work[left.end : right.start]) is not None
        run = run + 1 if joined else 1
        best = max(best, run)
    return best if best > 1 else 0


# "180 members, want 2 pairs each", "210 subscribers. Each gets 2 pairs": so many people, each
# one's share.
_PEOPLE_AFTER = re.compile(
    r"\s*(?:[^\W\d_]+\s)?(?:members?|subscribers?|customers?|guests?|employees?|staff|people|"
    r"ppl|players?|athletes?|students?|kids|children|runners?|attendees?|participants?|riders?|"
    r"volunteers?|mitglieder\w*|gaste|mitarbeiter\w*|spieler\w*|membres|abonnes|adherents|"
    r"invites|joueurs|salaries|miembros|socios|invitados|empleados|alumnos|suscriptores|"
    r"jugadores)\b"
)
_EACH_GETS_BEFORE = re.compile(
    r"\beach (?:one |member |subscriber |person |guest |box )?(?:gets|receives|needs|wants|"
    r"will get|would get|takes)\s*$"
)
_ONE_EACH_AFTER = re.compile(
    r"^\s*(?:[^\W\d_]+\s){0,2}?(?:each|apiece|per (?:person|member|head|guest|kid|player)|"
    r"a head|par personne|chacun\w*|cada uno|por persona|pro (?:person|kopf)|je person)\b"
)


def _times_people(work: str, each: Figure | None, figures: Sequence[Figure]) -> Figure | None:
    """Returns one person's share times the people counted before it, when there are any."""
    if each is None or each.role is not Role.NEED:
        return each
    before = work[max(0, each.start - 30) : each.start]
    if not (_ONE_EACH_AFTER.match(work[each.end :]) or _EACH_GETS_BEFORE.search(before)):
        return each
    people = [
        f
        for f in figures
        if f.role is Role.HISTORY and f.end <= each.start and _PEOPLE_AFTER.match(work[f.end :])
    ]
    if not people:
        return each
    return replace(each, value=each.value * people[-1].value, maximum=None)


def _far_rate(
    work: str, need: Figure, rates: Sequence[_Rate], consumed: list[tuple[int, int]]
) -> Figure:
    """Returns the need with a rate phrase said later in the message ("..., every 2 months")."""
    free = [r for r in rates if not any(a <= r.start < b for a, b in consumed)]
    for rate in free:
        if rate.start >= need.end:
            consumed.append((rate.start, rate.end))
            return _at_rate(need, rate)
    for rate in reversed(free):
        # "Every 6 weeks we go through ~240 jars", "jedes Quartal ca. 750": said before it.
        gap = re.sub(r"\b(?:ca|approx|env|aprox)\.", " ", work[rate.end : need.start])
        if rate.end <= need.start and len(gap) <= 40 and not re.search(r"[.;!?]", gap):
            consumed.append((rate.start, rate.end))
            return _at_rate(need, rate)
    return need


# "10,000 minimum at €0.22", "£0.38 at 2,500 MOQ": a supplier's price at its minimum.
_AT_GAP = re.compile(r"^[^\d;!?]{0,25}?(?:\bat|@|\bà|\ba|\bzu|\bpor|\bfor)\s*$")
_STATED_CURRENCY = re.compile(
    r"(?:\(|\bin\s|\ball\s)\s*(eur|usd|gbp|chf|cad|aud|nzd|sek|nok|dkk|pln|jpy|cny)\b\)?"
)


# "quoted A$38/copy ... would love under A$30", "cobra 38.000 por unidad, queremos bajar a
# 30.000", "charges ₹62 per tube, want to get under ₹50": the founder's target below a price
_BELOW_BEFORE = re.compile(
    r"\b(?:under|below|less than|at most|beat|unter|sous|moins de|en dessous de|menos de|"
    r"por debajo de|bajar(?:lo)? a|llegar a|runter auf|down to|descendre a)\W*"
    r"(?:about|around|~|ca\.?|environ|unos)?\W*$"
)
_PRICES = (Role.SUPPLIER_PRICE, Role.TIER_PRICE, Role.UNIT_PRICE)


def _below_quoted(work: str, figures: list[Figure]) -> list[Figure]:
    """Returns the figures with an amount said below an earlier unit price, near it, read as
    the founder's target price (not a budget, a count or the supplier's)."""
    out = []
    for figure in figures:
        price = next(
            (
                p
                for p in figures
                if p.role in _PRICES
                and p.end <= figure.start
                and (figure.currency is None or p.currency in (None, figure.currency))
                and p.value * Decimal("0.3") <= figure.value < p.value
            ),
            None,
        )
        said_below = _BELOW_BEFORE.search(work[max(0, figure.start - 30) : figure.start])
        money = figure.currency is not None or (price is not None and price.currency is not None)
        if (
            price is not None
            and said_below
            and money
            and figure.period is None
            and figure.role in (Role.BUDGET, Role.SUPPLIER_PRICE, Role.NEED)
        ):
            figure = replace(
                figure, role=Role.UNIT_PRICE, currency=figure.currency or price.currency
            )
        out.append(figure)
    return out


def _price_at_minimum(work: str, figures: list[Figure]) -> tuple[list[Figure], list[_TierSpan]]:
    """Returns the figures with a supplier's price at its MOQ read as one quoted tier."""
    moq = next((f for f in figures if f.role is Role.MOQ), None)
    if moq is None or moq.value != moq.value.to_integral_value():
        return figures, []
    for price in figures:
        if price.role not in (Role.UNIT_PRICE, Role.SUPPLIER_PRICE, Role.BUDGET):
            continue
        if not _prices_the_minimum(work, moq, price) or not 0 < price.value < moq.value:
            continue
        tier = QuotedTier(int(moq.value), price.value, price.currency)
        start, end = min(moq.start, price.start), max(moq.end, price.end)
        rest = [f for f in figures if f is not price]
        return rest, [_TierSpan(start, end, (tier,))]
    return figures, []


def _prices_the_minimum(work: str, moq: Figure, price: Figure) -> bool:
    """Says whether a price figure is the supplier's price at the minimum next to it."""
    if price.start >= moq.end:
        gap = work[moq.end : price.start]
        near = work[max(0, price.start - 30) : price.end + 25]
        if _TARGET_CUE.search(work[price.end : price.end + 40].split(".")[0]) or (
            _BARE_BUDGET_CUE.search(work[max(0, price.start - 15) : price.start])
        ):
            return False  # "NZ$0.55 per bottle would be great", "ok jusqu'à 1,50 €": a wish
        if _AT_GAP.match(gap):
            return True
        return (
            price.role is not Role.BUDGET
            and len(gap) <= 40
            and "?" not in gap
            and not _TARGET_CUE.search(near)
        )
    return price.role is not Role.BUDGET and bool(_AT_GAP.match(work[price.end : moq.start]))


def _minimum_of_tiers(
    work: str, figures: Sequence[Figure], spans: Sequence[_TierSpan]
) -> list[Figure]:
    """Returns the MOQ a quoted tier states ("£0.38 at 2,500 MOQ", "MOQ is 10,000 at €0.22")."""
    if not spans or any(f.role is Role.MOQ for f in figures):
        return []
    first = spans[0]
    before = work[max(0, first.start - 60) : first.start]
    stated = (
        _MOQ_AFTER.match(work[first.end :])
        or _MOQ_BEFORE.search(before[-40:])
        or _MOQ_OF_THING.search(before)
    )
    if not stated:
        return []
    qty = min(t.min_qty for t in first.tiers)
    return [Figure(Role.MOQ, Decimal(qty), first.start, first.end, work[first.start : first.end])]


_FEE_ROLES = frozenset({Role.SETUP_FEE, Role.TOOLING_FEE, Role.SHIPPING_FEE})


def _with_stated_currency(
    work: str, spans: Sequence[_TierSpan], figures: Sequence[Figure]
) -> list[_TierSpan]:
    """Returns the tiers with the currency said apart when no tier has one: "… or 1,000 at
    0.78 (USD)", or the currency of the same quote's fee ("tooling is $4,500, then 0.60")."""
    if not spans or any(t.currency for s in spans for t in s.tiers):
        return list(spans)
    match = _STATED_CURRENCY.search(work)
    fee = next((f.currency for f in figures if f.role in _FEE_ROLES and f.currency), None)
    code = match.group(1).upper() if match else fee
    if code is None:
        return list(spans)
    return [
        _TierSpan(s.start, s.end, tuple(replace(t, currency=code) for t in s.tiers)) for s in spans
    ]


_TIER_WORDS = frozenset(
    _split(
        "pcs pieces piece units unit each per apiece stk stuck stück unidades piezas for at from "
        "over above and the"
    )
)


def _without_nouns(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Returns the parts of a tier's span that are not the product's words: in "5,000
    mailers at 0.41" the word "mailers" stays for the product."""
    parts: list[tuple[int, int]] = []
    position = start
    for word in re.finditer(r"[^\W\d_]{3,}", text[start:end]):
        if word.group(0) in _TIER_WORDS or word.group(0) in CURRENCY_WORDS:
            continue
        parts.append((position, start + word.start()))
        position = start + word.end()
    parts.append((position, end))
    return [(a, b) for a, b in parts if b > a]


def _tier_figures(spans: Sequence[_TierSpan]) -> list[Figure]:
    """Returns TIER_QTY and TIER_PRICE figures for the quoted tiers (spans are the whole list)."""
    out: list[Figure] = []
    for span in spans:
        for tier in span.tiers:
            text = f"{tier.min_qty} @ {tier.unit_price}"
            out.append(Figure(Role.TIER_QTY, Decimal(tier.min_qty), span.start, span.end, text))
            out.append(
                Figure(
                    Role.TIER_PRICE,
                    tier.unit_price,
                    span.start,
                    span.end,
                    text,
                    currency=tier.currency,
                )
            )
    return out


__all__ = [
    "CURRENCY_BY_SYMBOL",
    "CURRENCY_WORDS",
    "DURATION_UNITS",
    "MONEY_MARK_RE",
    "NUMBER_RE",
    "PERIOD_PATTERNS",
    "Amount",
    "Figure",
    "QuotedTier",
    "Reading",
    "Role",
    "language_of",
    "number_value",
    "read_figures",
    "scan_amounts",
    "spell_currency_marks",
    "words_to_digits",
]
