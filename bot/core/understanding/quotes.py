"""Reading a supplier's quote as founders receive it: one-line emails, pasted tables, price lists.

`read_quote(text)` finds the price tiers (quantity and unit price), the MOQ, the fees (set-up per
order, tooling once, shipping per order or per unit, a below-MOQ surcharge), lead time, validity,
payment terms, the currency and the supplier's name. Every figure keeps the span of the original
text it came from, so an answer can quote the supplier's own words and a message reader can tell
which numbers belong to a quote and not to the founder's need.

The reading is conservative: a figure is taken only where the text states it next to a word that
says what it is (a fee keyword, a quantity with its price); nothing is estimated. Fields work on
the original text with its offsets: a field that is read is blanked out (same length) so the next
pattern cannot read its numbers again. The order matters and is fixed: dates and terms first (their
numbers are not prices), then lead time, fees, price tiers, MOQ.

This module imports nothing from the need parser (parsing.py), which may call it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from difflib import SequenceMatcher
from itertools import pairwise
from typing import Any, Generic, TypeVar

from bot.core.types import InputError, PriceTier
from bot.core.understanding import lazy_re as re
from bot.core.understanding.geography import city_countries, country_code
from bot.core.understanding.money import CURRENCY_SYMBOLS
from bot.core.understanding.numbers import CURRENCY_BY_SYMBOL, words_to_digits

T = TypeVar("T")

# Longer texts are documents, read elsewhere first; a chat message quote fits well under this.
MAX_QUOTE_CHARS = 20_000
# How many (quantity, price) candidates one pattern may offer: a price list has dozens of rows;
# a pasted table of 20,000 characters of digits would offer ten thousand.
MAX_TIER_CANDIDATES = 600
MAX_QUANTITY = 10**9
MAX_PRICE = Decimal("1e9")


@dataclass(frozen=True, slots=True)
class Span:
    """Where a figure was read: offsets into the original text and the words themselves."""

    start: int
    end: int
    words: str


@dataclass(frozen=True, slots=True)
class Read(Generic[T]):
    """A figure read from a quote and the words it came from."""

    value: T
    span: Span


@dataclass(frozen=True, slots=True)
class QuoteTier:
    """From `min_qty` units on a unit costs `unit_price` (per piece; per-1,000 prices divided)."""

    min_qty: int
    unit_price: Decimal
    span: Span
    currency: str | None = None

    def price_tier(self) -> PriceTier:
        """Returns the tier as the economics takes it."""
        return PriceTier(self.min_qty, self.unit_price)


@dataclass(frozen=True, slots=True)
class QuoteReading:
    """What a quote states; None where it says nothing (never a guess)."""

    tiers: tuple[QuoteTier, ...] = ()
    supplier: Read[str] | None = None
    moq: Read[int] | None = None
    setup_fee: Read[Decimal] | None = None  # per order
    tooling_fee: Read[Decimal] | None = None  # once: moulds, dies, plates, digitizing
    shipping_per_order: Read[Decimal] | None = None
    shipping_per_unit: Read[Decimal] | None = None
    below_moq_fee: Read[Decimal] | None = None
    lead_time_days: Read[int] | None = None
    validity: Read[str] | None = None
    payment_terms: Read[str] | None = None
    currency: str | None = None  # ISO 4217; None when the quote states none
    currency_span: Span | None = None
    spans: tuple[tuple[int, int], ...] = ()  # every stretch of text the reading consumed
    notes: tuple[str, ...] = field(default=())  # e.g. "shipping not included"

    def price_tiers(self) -> tuple[PriceTier, ...]:
        """Returns the tiers as the economics takes them."""
        return tuple(t.price_tier() for t in self.tiers)

    def figures(self) -> Iterator[tuple[str, Read[object]]]:
        """Yields (field name, figure) for every single figure read, in reading order."""
        named: Sequence[tuple[str, Read[object] | None]] = (
            ("supplier", _erase(self.supplier)),
            ("moq", _erase(self.moq)),
            ("setup_fee", _erase(self.setup_fee)),
            ("tooling_fee", _erase(self.tooling_fee)),
            ("shipping_per_order", _erase(self.shipping_per_order)),
            ("shipping_per_unit", _erase(self.shipping_per_unit)),
            ("below_moq_fee", _erase(self.below_moq_fee)),
            ("lead_time_days", _erase(self.lead_time_days)),
            ("validity", _erase(self.validity)),
            ("payment_terms", _erase(self.payment_terms)),
        )
        for name, figure in named:
            if figure is not None:
                yield name, figure


def _erase(figure: Read[T] | None) -> Read[object] | None:
    """Returns the figure typed as Read[object] (Read is immutable, so this is safe)."""
    return figure  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_SYMBOL_CODES: Mapping[str, str] = {
    **{symbol: code for code, symbol in CURRENCY_SYMBOLS.items()},
    "US$": "USD",
    "C$": "CAD",
    "CA$": "CAD",
    "A$": "AUD",
    "AU$": "AUD",
    "NZ$": "NZD",
    "HK$": "HKD",
    "S$": "SGD",
    # Québec writes the code's country after the sign: "0,85 $ CA", "95 $CA"
    "$ CA": "CAD",
    "$CA": "CAD",
    "$ US": "USD",
    "$US": "USD",
    "R$": "BRL",
    "元": "CNY",
    "kr": "SEK",
    "zł": "PLN",
    "Kč": "CZK",
    "Fr.": "CHF",
    "Rs.": "INR",
    "Rs": "INR",
    # Local currencies founders quote in, by their own symbols (codes from the message reader's
    # table; ₵ ₡ ฿ ৳ ₸ are not read in quotes yet: adding them changed readings, unchecked)
    **{symbol: CURRENCY_BY_SYMBOL[symbol] for symbol in "₦₱₩₺₫₴₪"},
    "KSh": "KES",
}
_CODES = [
    "EUR",
    "USD",
    "GBP",
    "CHF",
    "SEK",
    "NOK",
    "DKK",
    "PLN",
    "CZK",
    "HUF",
    "RON",
    "BGN",
    "CAD",
    "AUD",
    "NZD",
    "JPY",
    "CNY",
    "RMB",
    "HKD",
    "SGD",
    "INR",
    "KRW",
    "TWD",
    "THB",
    "MXN",
    "BRL",
    "ZAR",
    "TRY",
    "ILS",
    "ISK",
    "IDR",
    "MYR",
    "PHP",
    "VND",
    "AED",
    # Read, though the ECB publishes no euro rate for them: a comparison then says so.
    *("ARS", "CLP", "COP", "PEN", "EGP", "NGN", "KES", "PKR", "BDT", "LKR", "UAH", "RSD"),
    *("SAR", "QAR", "KWD", "MAD", "TND", "RUB"),
]
_WORDS: Mapping[str, str] = {
    **{code.lower(): code for code in ("EUR", "USD", "GBP", "CHF", "CAD", "AUD", "SEK", "NOK")},
    **{code.lower(): code for code in ("DKK", "PLN", "CZK", "CNY", "JPY", "HKD", "INR", "NZD")},
    "euro": "EUR",
    "euros": "EUR",
    "dollar": "USD",
    "dollars": "USD",
    "usd$": "USD",
    "pound": "GBP",
    "pounds": "GBP",
    "sterling": "GBP",
    "yuan": "CNY",
    "rmb": "CNY",
    "francs": "CHF",
    "zloty": "PLN",
    "rupees": "INR",
    "naira": "NGN",
    "rand": "ZAR",
    "shillings": "KES",
    "pesos": "MXN",
    # slang founders type for the money of the country: "95 bucks", "300 quid"
    "bucks": "USD",
    "quid": "GBP",
}
_CODE_ALIASES: Mapping[str, str] = {"RMB": "CNY"}

# A symbol made of letters ("kr", "US$") must stand apart: "kraft" holds no krona.
_SYMBOL_ALT = "|".join(
    (r"\b" if s[0].isalpha() else "") + re.escape(s) + (r"\b" if s[-1].isalnum() else "")
    for s in sorted(_SYMBOL_CODES, key=len, reverse=True)
)
_WORD_ALT = "|".join(sorted(_WORDS, key=len, reverse=True))
_CODE_ALT = "|".join(_CODES)
# Codes count in capitals only ("we try" is no Turkish lira); common ones are words too.
# A code glued to its digits counts in any case ("0.68usd", "80USD").
# "N" is the naira's symbol where "₦" is not on the keyboard: only glued to a sum in thousands
# ("N90k", "N150,000"), never "N95" (a mask).
_NAIRA_N = r"(?-i:\bN(?=\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?k\b))"
_CUR = (
    rf"(?:{_SYMBOL_ALT}|{_NAIRA_N}|(?-i:\b(?:{_CODE_ALT})\b)|\b(?:{_WORD_ALT})\b|"
    rf"(?<=\d)(?:{_WORD_ALT}|(?i:{_CODE_ALT}))\b)"
)
# A number: grouped thousands (1,000 / 1.000 / 1 000 / 1'000) or digits with a decimal part.
_NUM = r"(?<!\d)(?:\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?:[.,]\d+)?(?!\d)|\d+(?:[.,]\d+)?|[.,]\d+)"
_AMOUNT = (
    rf"(?:(?P<{{p}}pre>{_CUR})\s?)?(?P<{{p}}num>{_NUM})(?![.,]?\d)"
    rf"(?:(?<=\d)(?P<{{p}}thou>k)\b(?=\s*(?:[/.,;:)]|$|\s(?!\s*(?:pcs|pieces|units|sheets|stück|"
    rf"unidades|pièces)\b))))?"  # "₦90k": thousands of money, not "90k pcs"
    rf"(?:\s?(?P<{{p}}cents>cents?|ct|c|p)\b)?"
    rf"(?:\s?(?P<{{p}}post>{_CUR}))?"
)
# Per thousand ("per 1,000", "/1000", "per M", the printers' mille) or per hundred.
_PER = (
    r"(?:[^\S\n]*(?:/|per|a|pro|each|le|el|das|the)[^\S\n]*"  # on one line: "$1.60 each" then
    r"(?P<{p}per>1[,.]?000|1k|k\b|thousand|tausend|millar|mille|M\b|100\b|hundred)"  # "1000 units"
    # "500pcs S$5.20 / 1000pcs S$4.10": a price after "/ 1000pcs" makes it the next tier
    # (also "250 ex. 0,42 € / 1000 ex. 0,19 €": the price may come before its currency)
    rf"(?![^\S\n]*(?:(?:pcs|pieces|units|pc|ex|Stk|uds)\b\.?)?[^\S\n]*(?:{_CUR})?[^\S\n]?\d)"
    r"(?:[^\S\n]*(?:pcs|pieces|units|pc)\b)?)"
)
# What a price is said per that is not a piece: the order, a period, a pack.
_NOT_A_PIECE = (
    r"(?!(?:order|shipment|delivery|consignment|run|job|batch|colou?r|design|month|year|week|"
    r"day|commande|envoi|pedido|envío|auftrag|zamówienie|lieferung|sendung|livraison|"
    r"spedizione|ordine|carton|cartons|karton|box|case|pallet|colis|caja|scatola|lot|mois|"
    r"semaine|année|an)\b)"
)
_EACH = (
    rf"(?:\s*(?:/\s*|per\s+|a\s+|an\s+|pro\s+|par\s+|por\s+|za\s+|je\s+)"
    rf"{_NOT_A_PIECE}(?:[^\W\d_][^\W\d_.-]{{0,14}})\.?(?=\W|$)|"
    rf"\s+(?:le|la)\s+{_NOT_A_PIECE}[^\W\d_]{{2,15}}\b|"  # "2 € la bouteille"
    rf"\s*l['’]{_NOT_A_PIECE}[^\W\d_]{{2,15}}\b|"  # "0,12 € l'étiquette"
    r"\s*each\b|\s*apiece\b|\s*ea\b|\s*c/u\b|\s*/\s*u\b|\s*cad\.?(?=\W|$)|\s*cadauno\b|"
    r"\s*(?:al|il|le|la|el|à la|l')\s*(?:pezzo|pz|pièce|unité|unidad|unit|piece|stück)\b|"
    r"[ \t]+(?:pièce|pieza)\b)"  # "0,72 € pièce dès 2 000"
)
_QTY = (
    r"(?<![\d.,])(?P<{p}q>\d{1,3}(?:[,.' \u00a0\u202f]\d{3})+(?!\d)|\d+(?:[.,]\d(?=\s?[kK]\b))?)"
    r"(?![.,]?\d)(?:\s?(?P<{p}k>k|K)\b)?"
)
# Words a quantity may carry before its price: "1000 pcs", "500 mailer boxes", "5000+".
_UNIT_WORDS = (
    # "50–99 pcs": the range starts the tier; its end is a whole number ("1000 - 0.26 each" is a
    # price after a dash, not a range to 0 priced 26)
    r"(?:\s*(?:-|–|to)\s*(?:[1-9]\d{0,2}(?:[,.]\d{3})+|[1-9]\d*)(?![.,]?\d))?"
    r"(?:\s*[x×](?=\s+[^\W\d_]))?"  # "500 x Labels @ £0.12"
    r"(?:\s*\+)?(?:\s*(?:(?:pcs|pc|stk|szt|st|ex)\b\.?|(?:pieces?|pièces?|units?|u|stück|"
    r"items?|ea|sets?|pairs?|unidades|piezas|copies)\b))?"
    r"(?:\s+(?!(?:at|for|from|on|@|each|per|is|are|cost|costs|price|unit|à|a|zu|ab|od|vid|"
    r"por|pour|für|insgesamt|total)\b)[^\W\d_](?:[^\W\d_'’]|-(?=[^\W\d_])){1,24}"
    r"(?:['’][a-z]{1,2})?){0,4}?"
    r"(?:\s+\d+(?:\.\d+)?\s?[x×]\s?\d+(?:\.\d+)?\s?(?:\"|”|in\b|mm\b|cm\b)?)?"  # 3x3" labels
    r"(?:[ \t]+\d+(?:\.\d+)?\s?(?:gsm|ml|oz|g|cm|mm|micron|mic)\b)?"  # 350gsm card, 30ml bottle
    r"(?:\s*\+)?"
)
# What a number must not be followed by to be a quantity or a price: sizes, percentages, days.
_NOT_AMOUNT_AFTER = (
    r"(?!\s*(?:%|mm|cm|m\b|ml|l\b(?!['’])|g\b|gsm|kg|oz|in\b|inch|x\s*\d(?!\d?\s*(?:colou?rs?|colores|couleurs|farben|colori)\b)|×(?!\s*\d{1,2}\s*colou?rs?)|days?|weeks?|months?|"
    r"hours?|colou?rs?|cols?\b|sides?\b|pt\b|mic\b|micron|ply|layers?|semaines?|semanas?|"
    r"wochen|woche|settiman[ae]|giorni|jours?|días|dias|tage|werktage|dni|veckor|uger|wks?\b))"
)

_TIER_SEP = (
    r"[ \t]*(?:(?:à|a|zu|je|für|por|pour)\s+)?(?:,\s*)?"
    r"(?:[—–-]?\s*(?:prix unitaire|prix|precio unitario|precio|prezzo unitario|prezzo|"
    r"stückpreis|einzelpreis|unit price)(?:\s+(?:HT|TTC|netto|net|neto|excl\.? VAT))?\s*:\s*)?"
    r"(?:(?:the\s+)?(?:unit\s+)?(?:price|cost)s?\s*(?:is|are|would be|will be)?|is|are|"
    r"costs?|would be|will be|we(?:'|’)re at|we are at|comes to)?\s*(?:@|at|:|=|->|→|–|—|-|\|)?"
    r"\s*(?:only\s+|just\s+)?"
)


def _pattern(template: str, prefix: str) -> str:
    """Returns a regex fragment with its named groups prefixed (one pattern holds two amounts)."""
    return template.replace("{p}", prefix)


_Q_FIRST = re.compile(
    rf"(?<![\w.,$€£/])(?<![\w€$£)] per )(?:from\s+|for\s+)?{_pattern(_QTY, '')}{_NOT_AMOUNT_AFTER}"
    rf"{_UNIT_WORDS}"
    rf"(?P<sep>(?P<tsep>[ \t]*:?[ \t]*(?:(?:for|für|pour|por)\s+)?(?:a\s+)?"
    rf"(?:total(?:\s+of)?|in total|insgesamt|au total|en total|in totale)\s*:?\s*)"
    rf"|{_TIER_SEP}|\s+for\s+|[ \t]+)"
    rf"{_pattern(_AMOUNT, '')}{_NOT_AMOUNT_AFTER}"
    rf"(?P<per>{_pattern(_PER, 'x')}|{_EACH})?(?P<total>\s*(?:total|in total|all in)\b)?",
    re.IGNORECASE,
)
_P_FIRST = re.compile(
    rf"(?<![\w.,])(?P<amount>{_pattern(_AMOUNT, '')}){_NOT_AMOUNT_AFTER}"
    rf"(?P<per>{_pattern(_PER, 'x')}|{_EACH})?"
    rf"[^\S\n]*(?:(?:for|at|@|from|on|with|if you order|when ordering|ab|od|vid|dès|desde|a|"
    rf"à partir de|a partir de|bei|par|pour|à|für|fur|para)\s+|@|"
    rf"\((?=\s*(?:qty\.?\s*|min\.?\s*)?\d[\d.,]*\s*(?:[-–+)]|pcs|pz|uds)))"
    rf"(?:orders?\s+of\s+|"
    rf"quantities\s+of\s+|qty\s+|(?:an?\s+)?runs?\s+of\s+)?(?:over\s+|above\s+|min\.?\s+)?"
    rf"{_pattern(_QTY, '')}{_NOT_AMOUNT_AFTER}(?:\s*\+)?"
    rf"(?:\s*(?:pcs|pc|pieces?|units?|items?|szt|st|stück|stk|ex|exemplaires|or more|"
    rf"and (?:more|up|above)|\+)"
    rf"\.?)?",
    re.IGNORECASE,
)
# Bounded repeats: a price list has a handful of columns, and unbounded ones backtrack badly.
_SLASH_QTYS = r"(?<![\d.,])(?P<qs>\d[\d,.]{0,12}k?(?:\s?/\s?\d[\d,.]{0,12}k?){1,7})"
_SLASH = re.compile(
    rf"{_SLASH_QTYS}\s*(?:pcs|pieces|pièces|piezas|units|unidades|uds|stück|stk|u)?\s*"
    rf"(?:@|at|:|=|-|for|à|a|zu|je|por)?\s*"
    rf"(?P<ps>(?:{_CUR}\s?)?[\d.,]{{1,14}}(?:\s?{_CUR})?"
    rf"(?:\s?/\s?(?:{_CUR}\s?)?[\d.,]{{1,14}}(?:\s?{_CUR})?){{1,7}})"
    rf"(?P<per>{_pattern(_PER, 'x')}|{_EACH})?",
    re.IGNORECASE,
)
# A table row pasted from a PDF or spreadsheet: quantity, then the unit price, maybe a total.
_ROW = re.compile(
    rf"^[ \t|]*(?:[^\W\d_][^\t|\n]{{0,18}}(?:\t|\s*\|)[ \t|]*)?"
    rf"{_pattern(_QTY, '')}(?:\s*\+)?(?:\s*(?:pcs|pc|pieces|units|u)\b\.?)?"
    rf"[ \t]*(?:\||\t|;|[ \t]{{1,}})[ \t|]*"
    rf"{_pattern(_AMOUNT, '')}"
    rf"(?:[ \t]*(?:\||\t|;|[ \t]+)[ \t]*(?P<curcell>{_CUR}))?"
    rf"(?:[ \t]*(?:\||\t|;|[ \t]+)[ \t]*(?:{_CUR}\s?)?(?P<third>{_NUM})(?:\s?{_CUR})?"
    rf"(?:\s?(?:days?|d|weeks?|wks?|jours|días|tage|giorni)\b)?)?[ \t|;]*$",
    re.IGNORECASE | re.MULTILINE,
)
_HEADER_PER = re.compile(rf"^.*(?:price|cost|rate).*?{_pattern(_PER, 'h')}.*$", re.I | re.M)
_HEADER_CUR = re.compile(
    rf"^.*(?:price|cost|rate|amount|unit|preis|prix|precio)\W*?[(\[]?\s*(?P<cur>{_CUR})"
    rf"\s*[)\]/]?.*$",
    re.I | re.M,
)
_HEADER_TOTAL_SECOND = re.compile(
    r"^\W*(?:qty|quantity|menge|units?|pcs)\W+(?:total|amount|order value)\b", re.I | re.M
)

_FEE_AMOUNT = _pattern(_AMOUNT, "")
# Words between a fee keyword and its amount, within a clause ("est." does not end one).
_FEE_GAP = r"(?:[^\n;.\d]|(?<=\best)\.|(?<=\bapprox)\.|(?<=\bca)\.){0,50}?"
_SETUP = (
    r"set[- ]?up|start[- ]?up|make[- ]?ready|screen(?:s| fee| charge)?|origination|handling fee|"
    r"order fee|engineering fee|einrichtung\w*|rüstkosten|startkostnad\w*|avviamento|"
    r"impostazione|frais de mise en route|mise en route|mise en place|calage|preparación|"
    r"preparacion|"
    r"przygotowanie|montaje|frais de sérigraphie|sérigraphie|serigraf[ií]a|pantallas?|"
    r"avgift för uppstart|siebkosten|frais techniques|frais fixes|frais de marquage|marquage|"
    r"gravure|grabado|"
    r"gastos de preparaci[oó]n|"
    r"setup_per_order|setup_fee"
)
_TOOLING = (
    r"tooling|klischee\w*|werkzeug\w*|stampo|stampi|fustell[ae]|impianto(?: stampa)?|"
    r"fotopol[ií]mero|fotolitos?|herramental|suaje|troquel|costo único|coste único|costo unico|"
    r"block(?:s| charges?)?|pago único|pago unico|una tantum|una sola vez|"
    r"tool(?:ing)? cost|moulds?|molds?|cutting dies?|dies?|plates?|"
    r"cliché|cliche|"
    r"digiti[sz]ing|embossing die|stamp|stencil|jig|fixture|NRE|cutter|druckplatten?|"
    r"klich\w*|vorrichtung|programmierung|outil(?:lage)?(?: de découpe)?|ponchado|"
    r"programmation|troquel|cylinders?(?: charge)?|cylindres?|cilindros?|stanzform\w*|moules?|"
    r"moldes?|clichés|cliches|klischees|"
    r"one[- ]off|one[- ]time|einmalig|une seule fois|una vez|engång"
)
_BELOW_MOQ = (
    r"small[- ]order (?:surcharge|fee)|below[- ]MOQ (?:fee|surcharge)|"
    r"short[- ]run (?:surcharge|fee)|"
    r"low[- ]quantity (?:surcharge|fee)|surcharge (?:below|under) (?:the )?(?:MOQ|minimum)"
)
_SHIPPING = (
    r"shipping|freight|delivery|carriage|postage|courier|transport|DHL|UPS|FedEx|lieferung|"
    r"versand\w*|fracht\w*|livraison|port|portes|envío|envio|flete|frakt|wysyłka|dostawa|"
    r"spedizione|trasporto|consegna|spese di spedizione|P&P|p\+p|postage and packing|"
    r"shipping_per_order"
)
_FEE_AFTER = (
    r"(?P<per>\s*(?:/|per|par|por|pro|je|za|a|al|el)\s*(?:order|shipment|delivery|consignment|run|"
    r"job|colou?r|design|batch|commande|envoi|pedido|envío|auftrag|zamówienie|lieferung|"
    r"sendung|livraison|spedizione|ordine|carton|karton|box|case|colis|caja|scatola)\b|{_EACH})?"
).replace("{_EACH}", _EACH)


_PER_ORDER_WORDS = (
    r"order|shipment|delivery|consignment|run|job|batch|commande|envoi|pedido|envío|auftrag|"
    r"zamówienie|lieferung|sendung|livraison|spedizione|ordine|flat"
)
# "Mould: 1000 @ €1.50" is a supplier and a tier, not a 1,000 mould fee.
_NOT_A_QUANTITY = (
    r"(?!\s*(?:@|x\b(?!\s*\d{1,2}\s*(?:colou?rs?|colores|couleurs|farben|colori)\b)|×|at\b|pcs|pieces|units|stk|szt|each\b(?!\s+(?:order|shipment|run|batch))|"
    r"/\s*\d))"
    r"(?!(?<=[$€£])\s?\d)"  # "1 $80.00": the symbol starts the next amount
)


def _fee_pattern(keywords: str) -> re.Pattern[str]:
    """Returns a pattern for "<keyword> ... <amount>" or "<amount> <keyword>" within a clause."""
    return re.compile(
        rf"(?:\b(?:{keywords})\b(?:\s+(?:fee|charge|cost|costs|price))?{_FEE_GAP}"
        rf"(?:[;\t]\s*|,(?=\d))?"  # a CSV row: "Rüstkosten je Auftrag;65", "setup_per_order,95"
        rf"(?<![\w.])(?<!\d,){_FEE_AMOUNT}(?!(?<=\d)[^\W\d_])"  # "3D", "10e": no amount
        rf"{_NOT_AMOUNT_AFTER}{_NOT_A_QUANTITY}{_FEE_AFTER}"
        rf"|(?<![\w.,])(?:plus\s+|\+\s*)?(?={_CUR}|{_NUM}\s?{_CUR})"  # "1 200 CHF de frais"
        rf"{_FEE_AMOUNT.replace('?P<', '?P<b')}{_NOT_AMOUNT_AFTER}"
        rf"(?:[ \t]+(?:one[- ]off|one[- ]time|once|for|for the|per order|each order))?[ \t]+"
        # "35 € de frais de cliché", "1 200 CHF de frais de marquage"
        rf"(?:(?:de[ \t]+)?(?:frais|gastos|costes|costos)[ \t]+(?:de[ \t]+|d['’]|du[ \t]+)|"
        rf"\w+[ \t]+)?(?:{keywords})\b(?:[ \t]+(?:fee|charge|cost))?)",
        re.IGNORECASE,
    )


_SETUP_WORD = re.compile(rf"\b(?:{_SETUP})\b", re.IGNORECASE)
_TOOLING_WORD = re.compile(rf"\b(?:{_TOOLING})\b", re.IGNORECASE)
_BELOW_MOQ_WORD = re.compile(rf"\b(?:{_BELOW_MOQ})\b", re.IGNORECASE)
_SHIPPING_WORD = re.compile(rf"\b(?:{_SHIPPING})\b", re.IGNORECASE)
_SETUP_RE = _fee_pattern(_SETUP)
_TOOLING_RE = _fee_pattern(_TOOLING)
_BELOW_MOQ_RE = _fee_pattern(_BELOW_MOQ)
_SHIPPING_RE = _fee_pattern(_SHIPPING)
_FREE_SHIPPING = re.compile(
    r"\b(?:free (?:shipping|delivery|freight)|frei haus|lieferung frei|port offert|"
    r"franco(?!\s+(?:fabbrica|fábrica|usine))|"
    r"(?:shipping|delivery|versand|lieferung|livraison|envío|spedizione)\s*:\s*(?:free|kostenlos|"
    r"gratis|gratuit[oae]?|offerte?|incluso|included)|carriage paid|carriage free|free carriage|"
    r"portes pagados|porte pagado|portes incluidos|"
    r"livraison offerte|frais de port offerts|trasporto incluso|spedizione inclusa|"
    r"versand inklusive|inkl\.? versand|envío incluido|"
    r"envío gratis|envío gratuito|spedizione gratuita|livraison gratuite|kostenloser versand|"
    r"versandkostenfrei|(?:shipping|delivery|freight) (?:is )?"
    r"(?:included|incl\.?|free)|incl(?:\.|uding)? (?:shipping|delivery|freight)|"
    r"delivered free|DDP)\b",
    re.IGNORECASE,
)
_NO_SHIPPING = re.compile(
    r"\b(?:(?:shipping|freight|delivery) (?:is )?(?:not included|extra|excluded|on top|"
    r"quoted separately|at cost|tbc|tbd)|excl(?:\.|uding)? (?:shipping|freight|delivery)|"
    r"ex[- ]?works|EXW|FOB)\b",
    re.IGNORECASE,
)
_NO_FEE = re.compile(
    rf"\b(?:no|sin costos? de|sin gastos de|sin|ohne|sans frais de|sans|senza costi di|senza|"
    rf"pas de frais de)\s+(?P<kind>{_SETUP}|{_TOOLING}|set-up|setup)"
    rf"(?: fees?| charges?| costs?)?\b",
    re.I,
)

_LEAD = re.compile(
    r"(?:\b(?:lead[- ]?time|production(?: time)?|turn[- ]?around|ready(?: to ship)?|ships?|"
    r"shipped|dispatch(?:ed)?|delivery(?: time)?|delivered|takes?|manufacturing(?: time)?|"
    r"make|produce|build(?: time)?|lieferzeit|délai|delai|plazo|produktion|czas|"
    r"leverans|levering|allow|consegna|produzione|tempi|livraison|entrega|fabricación|"
    r"realizacja)\b"
    r"[^\n;.\d]{0,25}?)?"
    r"(?:(?P<lo>\d{1,3})\s*(?:-|–|to)\s*)?(?P<n>\d{1,3})\s*"
    r"(?P<unit>working days?|business days?|work days?|wd\b|jours ouvrés|jours ouvrables|"
    r"días hábiles|werktage|arbeitstage|giorni lavorativi|gg\.? lavorativi|giorni|gg\b|"
    r"settimane|settimana|uger|"
    r"days?|d\b|weeks?|wks?|w\b|months?|tage?n?\b|wochen|"
    r"woche|jours?|semaines?|semanas?|días|dias|dni|tygodni\w*|veckor|vecka|mois|meses|monate?|"
    r"hours?|hrs?|h|stunden|heures|horas)\b",
    re.IGNORECASE,
)
_LEAD_CUE = re.compile(
    r"lead|production|turn|ready|ship|dispatch|deliver|take|manufactur|make|produce|build|"
    r"liefer|délai|delai|plazo|produktion|czas|within|in\s*$|en\s*$|~|about|approx|leverans|"
    r"levering|allow|consegna|produzione|tempi|livraison|entrega|realizacja",
    re.IGNORECASE,
)
_VALIDITY = re.compile(
    r"\b(?:(?:this )?(?:quote|quotation|offer|prices?)\s+(?:is\s+|are\s+)?)?"
    r"(?:valid(?:ity)?|good|expires?|open)\b(?:\s+(?:for|until|till|through|thru|to|:|on))?"
    r"[ :]*(?P<what>[^\n;]{1,40}?)(?=\s*(?:[;\n]|\.\s|\.$|,\s|$))",
    re.IGNORECASE,
)
_PAYMENT = re.compile(
    r"\b(?:payment(?:\s+terms?)?|terms(?: of payment)?|zahlung)\b\s*[:\-]?\s*"
    r"(?P<what>[^\n;]{2,60}?)(?=\s*(?:[;\n]|\.\s|\.$|$))"
    r"|(?P<what2>\b\d{1,3}\s?%\s*(?:deposit|upfront|up front|advance|prepayment|down)"
    r"[^\n;]{0,50}?)(?=\s*(?:[;\n]|\.\s|\.$|$))"
    r"|(?P<what3>\bnet\s?\d{1,3}(?:\s?days)?\b|\b(?:100\s?%\s*)?(?:payment\s+)?"
    r"(?:upfront|in advance|prepaid|before production|on order)\b|\bT/T\b[^\n;,.]{0,20})",
    re.IGNORECASE,
)
_MOQ = re.compile(
    rf"\b(?:MOQ|M\.O\.Q\.?|min(?:imum)?\.?(?:\s+order)?(?:\s+(?:quantity|qty|run|of|is|de))*|"
    rf"(?:el\s+)?mínimo(?:\s+(?:son|es|de))*|minimo|mindestmenge|mindestbestellmenge|"
    rf"minimum de commande|minst|minimalnie|quantità minima|quantita minima|cantidad mínima|"
    rf"pedido mínimo|pedido minimo|commande minimum|mindestabnahme|ordine minimo|min\.?\s+qty|"
    rf"at least|smallest (?:order|run)(?: is)?)"
    rf"(?:\s+(?:for|on)\s+[^\n\d.;:!?]{{1,40}}?\s+(?=is\b|are\b))?"  # "MOQ for our tubes is"
    rf"\s*[:=\-|]?\s*(?:is\s+|are\s+|of\s+)?"
    rf"{_pattern(_QTY, '')}{_NOT_AMOUNT_AFTER}"
    # "500 pcs MOQ", "300 (min.)": the quantity before its keyword, never a sum before it
    # ("Sample fee: $35. MOQ 300" states 300)
    rf"|(?<![$€£¥₹])(?<![$€£¥₹] ){_pattern(_QTY, 'a')}"
    rf"(?:\s*(?:pcs|pieces|units|u|stück|stk|pièces|unidades|uds)?\.?\s*"
    rf"\(?(?P<akw>minimum|min\.?|MOQ|mindestmenge|mindestbestellmenge|mínimo|minimo)\b|"
    # "5 000 feuilles minimum", "200 pares mínimo": the quantity's own noun may stand between
    rf"[ \t]+(?!(?:for|the|and|per|at|is|are|un|une|el|la|le|der|die|das)\b)[^\W\d_]{{3,15}}"
    rf"[ \t]+(?P<nkw>minimum|MOQ|mínimo|minimo)\b)",
    re.IGNORECASE,
)
_COMPANY = re.compile(
    r"\b(?P<name>[A-Z][\w&'’-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’-]*){0,3}[ \t]+"
    r"(?:GmbH|Ltd\.?|Limited|LLC|"
    r"Inc\.?|Co\.,?\s?Ltd\.?|Co\.|SARL|SAS|S\.A\.|B\.V\.|BV|AB|Oy|S\.r\.l\.|Srl|Sp\. z o\.o\.|"
    r"AG|KG|GmbH & Co\. KG|Pty Ltd|ApS|A/S|AS|s\.r\.o\.|Lda|SL|S\.L\.|srl|SRL|Sàrl|SARL|S\.p\.A\.|"
    r"SpA|Sagl|S\.A\.S\.|LLP|PLC|plc|e\.K\.|e\.Kfm\.|UG|OHG|GbR))(?![\w])"
)
_FROM = re.compile(
    r"(?:\b(?:quote|quotation|offer|prices?|pricing|reply|message|email)\s+from|"
    r"^\s*(?:from|supplier|vendor|company|manufacturer|factory|seller|de|von|da)\s*:|"
    r"\b(?:it's|it is|this is)\s+\w+\s+(?:from|at|of)\b)\s*"
    r"(?P<name>[^\s<@,:;\n][^<@,:;\n]{0,40}?)\s*(?=[<(,:;\n]|\s-\s|$|\s(?:for|on|re)\b)",
    re.IGNORECASE | re.MULTILINE,
)
# "Acme Packaging can do 1000 @ $0.80": capitalised words that offer (not "We can do").
_OFFERS = re.compile(
    r"(?<![\w'’])(?!(?:We|I|They|You|He|She|It|This|That|Hi|Hello|Dear)\b)"
    r"(?P<name>[A-Z][\w&'’-]*(?:[ \t]+(?:&[ \t]+)?[A-Z][\w&'’-]*){0,3})[ \t]+"
    r"(?:can (?:do|offer|supply|make|produce|print)|offers?|quotes?)\b"
)
# "Acme: 1000 @ $0.80": a name, a colon, then straight into a figure.
_LEAD_NAME = re.compile(
    rf"\A\s*(?P<name>[^\W\d_][\w&'’.+ -]{{0,40}}?)\s*(?::|—|–)\s*"
    rf"(?=\d|{_SYMBOL_ALT}|[A-Z]{{3}}\s?\d)"
)
_NOT_NAMES = frozenset(
    [
        "moq",
        "price",
        "prices",
        "pricing",
        "qty",
        "quantity",
        "quantities",
        "setup",
        "set-up",
        "tooling",
        "shipping",
        "freight",
        "lead",
        "payment",
        "terms",
        "note",
        "notes",
        "re",
        "subject",
        "quote",
        "quotation",
        "offer",
        "total",
        "unit",
        "validity",
        "valid",
        "delivery",
        "tiers",
        "tier",
        "cost",
        "costs",
        "fee",
        "fees",
        "minimum",
        "min",
        "to",
        "cc",
        "date",
        "hi",
        "hello",
        "dear",
        "from",
        "labels",
        "label",
        "boxes",
        "box",
        "mailers",
        "bags",
        "pouches",
        "stickers",
        "bottles",
        "jars",
        "tshirts",
        "shirts",
        "tees",
        "candles",
        "printing",
        "print",
        "option",
        "options",
        "product",
        "products",
        "item",
        "items",
        "order",
        "orders",
        "embroidery",
        "packaging",
        "moulding",
        "molding",
        "injection",
        "offert",
        "angebot",
        "offerte",
        "cena",
        "preis",
        "prix",
        "precio",
        "prezzo",
        "prices",
        "quote",
        "tarif",
        "precio",
        "cena",
        "devis",
        "tarifs",
        "cotización",
        "cotizacion",
        "preisstaffel",
        "staffelpreise",
        "preise",
        "offre",
        "preventivo",
        "precios",
        "prezzi",
        "board",
        "size",
        "material",
        "format",
        "finish",
        "artikel",
        "produkt",
        "description",
        "sales",
        "manager",
        "director",
        "owner",
        "founder",
        "account",
        "export",
        "customer",
        # a sample's charge or the delivery term heads a line as a label, never a name
        "sample",
        "samples",
        "sampling",
        "muster",
        "échantillon",
        "échantillons",
        "muestra",
        "muestras",
        "fob",
        "exw",
        "ddp",
        "dap",
        "cif",
        "cfr",
        "fca",
        "ddu",
        "incoterm",
        "incoterms",
        # the founder's own words before a paste: "got a quote:", "they said:"
        "got",
        "they",
        "we",
        "i",
        "my",
        "our",
    ]
)
# "an offer from a printer": an article starts a description, not a name; alone it is one
# ("A: 100 @ €2.00" is supplier A)
_ARTICLES = frozenset(
    ["a", "an", "the", "un", "une", "ein", "eine", "einem", "einer", "una", "uno"]
)


# --------------------------------------------------------------------------------------------
# Numbers and currencies
# --------------------------------------------------------------------------------------------


def _decimal(raw: str) -> Decimal | None:
    """Returns a digit string's value, telling thousands separators from decimal ones."""
    text = re.sub(r"(?<=\d)[ '\u00a0\u202f](?=\d{3}\b)", "", raw.strip())
    comma, dot = "," in text, "." in text
    if comma and dot:
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        text = text.replace("." if decimal_sep == "," else ",", "").replace(decimal_sep, ".")
    elif comma or dot:
        sep = "," if comma else "."
        parts = text.split(sep)
        if len(parts) > 2 or (
            len(parts) == 2 and len(parts[1]) == 3 and parts[0] not in ("", "0")
        ):
            text = text.replace(sep, "")  # 1,500 / 1.500: thousands
        else:
            text = text.replace(sep, ".")  # 0,80 / 2.5: a decimal
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _quantity(raw: str | None, k: str | None) -> int | None:
    """Returns a whole quantity ("1,000", "5k"), or None when it is not one."""
    if raw is None:
        return None
    value = _decimal(raw)
    if value is None:
        return None
    value *= 1000 if k else 1  # "2.5k" is 2,500
    if value != value.to_integral_value():
        return None
    quantity = int(value)
    return quantity if 1 <= quantity <= MAX_QUANTITY else None


def _code(token: str | None) -> str | None:
    """Returns the ISO code of a currency symbol, code or word."""
    if not token:
        return None
    stripped = token.strip()
    if stripped == "N":
        return "NGN"  # only read glued to a sum in thousands (_NAIRA_N)
    if stripped in _SYMBOL_CODES:
        return _SYMBOL_CODES[stripped]
    upper = stripped.upper()
    if upper in _CODES:
        return _CODE_ALIASES.get(upper, upper)
    return _WORDS.get(stripped.lower())


_PLAIN_DIGITS = 28  # decimal's default precision: quantize() refuses longer whole numbers


def _trimmed(value: Decimal) -> Decimal:
    """Returns `value` without trailing zeros and with no exponent (310, never 3.1E+2)."""
    value = value.normalize()
    whole = value == value.to_integral_value() and value.adjusted() < _PLAIN_DIGITS
    return value.quantize(Decimal(1)) if whole else value


def _money(match: re.Match[str], prefix: str = "") -> tuple[Decimal, str | None] | None:
    """Returns an amount and its currency from a match of _AMOUNT (cents become units)."""
    raw = match.group(f"{prefix}num")
    value = _decimal(raw)
    # "$1.035" (symbol first, the English way) is a dollar and 3.5 cents, "1.035 €" a thousand.
    pre = match.group(f"{prefix}pre") or ""
    dot_thousands = _code(match.group(f"{prefix}post")) in _DOT_THOUSANDS  # "$38.000 COP"
    if ("$" in pre or "£" in pre) and re.fullmatch(r"\d{1,3}\.\d{3}", raw) and not dot_thousands:
        value = Decimal(raw)
    if value is not None and match.groupdict().get(f"{prefix}thou"):
        value *= 1000  # "₦90k"
    if value is None or value <= 0 or value > MAX_PRICE:
        return None
    if match.group(f"{prefix}cents"):
        if value >= 100:
            return None  # "2050 cents" is a misreading, not a price
        cents = match.group(f"{prefix}cents").lower()
        pre_or_post = match.group(f"{prefix}pre") or match.group(f"{prefix}post")
        if cents == "p" and not pre_or_post:
            return value / 100, "GBP"
        if cents == "ct" and not pre_or_post and not re.search(r"[.,]", raw):
            return None  # "10k bottles of 60ct": a count of 60, not 60 cents
        value /= 100
    currency = _code(match.group(f"{prefix}pre")) or _code(match.group(f"{prefix}post"))
    post = match.group(f"{prefix}post") or ""
    if pre.strip() in _AMBIGUOUS_SYMBOLS and re.fullmatch(r"[A-Z]{3}", post.strip()):
        currency = _code(post)  # "$145 MXN": the code says which dollar
    return value, currency


# Symbols several currencies write: a code written after the amount says which one.
_AMBIGUOUS_SYMBOLS = frozenset({"$", "¥", "kr", "Fr."})


def _per_divisor(text: str | None) -> int:
    """Returns how many units a price is for: 1000 for "per 1,000" or "/M", else 1."""
    if not text:
        return 1
    per = text.strip().lower()
    if re.search(r"100\b|hundred", per) and not re.search(r"1[,.]?000", per):
        return 100
    thousand = r"1[,.]?000|1k|\bk\b|thousand|tausend|mille|millar|/\s*m\b|per\s*m\b"
    if per == "m" or re.search(thousand, per):
        return 1000
    return 1


# --------------------------------------------------------------------------------------------
# The reader
# --------------------------------------------------------------------------------------------


class _Text:
    """The quote text with the stretches already read blanked out (offsets preserved)."""

    def __init__(self, original: str) -> None:
        self.original = original
        self.masked = original
        self.spans: list[tuple[int, int]] = []

    def take(self, start: int, end: int) -> Span:
        """Returns the span of the original words and blanks it out for later patterns."""
        while start < end and self.original[start].isspace():
            start += 1
        while end > start and self.original[end - 1] in " \t\n\r,;|":
            end -= 1
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]
        self.spans.append((start, end))
        return Span(start, end, self.original[start:end])

    def blank(self, start: int, end: int) -> None:
        """Blanks a stretch that is no figure (a date, a phone number) without reading it."""
        self.masked = self.masked[:start] + " " * (end - start) + self.masked[end:]


@dataclass(slots=True)
class _Draft:
    """The reading as it is built up."""

    tiers: dict[int, QuoteTier] = field(default_factory=dict)
    fees: dict[str, Read[Decimal]] = field(default_factory=dict)
    currencies: list[tuple[str, Span]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    moq: int | None = None
    moq_end: int = 0  # where the stated minimum's words end
    totals: set[int] = field(default_factory=set)  # quantities whose price was a total


def too_long(text: str) -> str | None:
    """Returns why a text is refused before reading (longer than the cap), or None."""
    if len(text) <= MAX_QUOTE_CHARS:
        return None
    return (
        f"That is {len(text):,} characters; I read quotes of up to {MAX_QUOTE_CHARS:,}. "
        "Send the part with the prices (the quantities, unit prices and fees)."
    )


def read_quote(text: str) -> QuoteReading | None:
    """Returns what a supplier's quote states, each figure with its words; None if not a quote."""
    if not text or not text.strip() or len(text) > MAX_QUOTE_CHARS:
        return None
    reading = _read(text)
    if (reading is not None and reading.tiers) or len(text) > _MAX_SPELLED_CHARS:
        return reading
    # "two dollars fifty a unit for five hundred": read again with the number words as digits,
    # and point every figure back at the founder's own words.
    digits = _spelled_amounts(words_to_digits(_AND_CENTS.sub(", ", text))[0])
    if digits == text:
        return reading
    spelled = _read(digits)
    if spelled is None or not spelled.tiers:
        return reading
    return _remap(spelled, digits, text)


# Prices spelled out in words come in chat messages; the re-read (and its alignment, quadratic
# in the worst case) is kept to message-sized texts.
_MAX_SPELLED_CHARS = 2_000


# "two thousand and fifty cents": the "and" starts the next price, it joins no number.
_AND_CENTS = re.compile(r"\s+and\s+(?=(?:[a-z]+[\s-]){0,2}cents?\b)", re.IGNORECASE)
# A few whole amounts spelled before their currency ("deux euros", "zwei Euro", "dos euros").
_SMALL_AMOUNTS: Mapping[str, int] = {
    **dict.fromkeys(("two", "deux", "zwei", "dos"), 2),
    **dict.fromkeys(("three", "trois", "drei", "tres"), 3),
    **dict.fromkeys(("four", "quatre", "vier", "cuatro"), 4),
    **dict.fromkeys(("five", "cinq", "fünf", "cinco"), 5),
}
_SPELLED_WHOLE = re.compile(
    rf"\b(?P<n>{'|'.join(_SMALL_AMOUNTS)})\s+(?=(?:dollars?|euros?|pounds?|francs?)\b)",
    re.IGNORECASE,
)


def _spelled_amounts(text: str) -> str:
    """Returns "2 dollars 50" as "2.50 dollars" and "deux euros" as "2 euros" (the digits of
    spelled-out prices)."""

    def digits(match: re.Match[str]) -> str:
        whole = match["whole"] if match["whole"].isdigit() else "1"  # "un euro cinquante"
        return f"{whole}.{int(match['cents']):02d} {match['cur']}"

    def whole(match: re.Match[str]) -> str:
        return f"{_SMALL_AMOUNTS[match['n'].lower()]} "

    return _UNITS_AND_CENTS.sub(digits, _SPELLED_WHOLE.sub(whole, text))


_UNITS_AND_CENTS = re.compile(
    r"\b(?P<whole>\d{1,6}|one|un|une|uno|una|ein|eine|einen)\s+"
    r"(?P<cur>dollars?|euros?|pounds?|francs?)\s+(?:and\s+|et\s+|y\s+|und\s+)?"
    r"(?P<cents>\d{1,2})\b(?!\s*(?:%|cents?|units?|pcs|pieces))",
    re.IGNORECASE,
)


def _position_map(converted: str, original: str) -> list[int]:
    """Returns, for each offset of `converted`, the matching offset of `original`."""
    mapping = [0] * (len(converted) + 1)
    matcher = SequenceMatcher(None, converted, original, autojunk=False)
    for tag, c_start, c_end, o_start, o_end in matcher.get_opcodes():
        for offset in range(c_start, c_end + 1):
            if tag == "equal":
                mapping[offset] = o_start + (offset - c_start)
            else:  # a replaced stretch maps to the whole replaced original stretch
                mapping[offset] = o_start if offset < c_end else o_end
    return mapping


def _remap(reading: QuoteReading, converted: str, original: str) -> QuoteReading:
    """Returns the reading with every span pointing into the original text."""
    where = _position_map(converted, original)

    def span(old: Span) -> Span:
        start, end = where[old.start], where[old.end]
        return Span(start, end, original[start:end])

    def figure(old: Read[T] | None) -> Read[T] | None:
        return None if old is None else Read(old.value, span(old.span))

    changes: dict[str, Any] = {
        name: figure(getattr(reading, name)) for name, _ in reading.figures()
    }
    return replace(
        reading,
        tiers=tuple(replace(t, span=span(t.span)) for t in reading.tiers),
        currency_span=span(reading.currency_span) if reading.currency_span else None,
        spans=tuple(sorted((where[a], where[b]) for a, b in reading.spans)),
        **changes,
    )


def _read(text: str) -> QuoteReading | None:
    """Returns the reading of one text (digits as written)."""
    buffer = _Text(text)
    draft = _Draft()
    validity = _read_validity(buffer)
    payment = _read_payment(buffer)
    _blank_noise(buffer)
    lead = _read_lead_time(buffer)
    _read_fees(buffer, draft)
    moq = _read_moq(buffer)
    draft.moq = moq.value if moq else None
    draft.moq_end = moq.span.end if moq else 0
    _read_tiers(buffer, draft)
    _totals_to_units(draft)
    if not draft.tiers and not draft.fees and moq is None:
        return None
    supplier = _read_supplier(buffer)
    currency, currency_span = _currency(draft, buffer)
    currency = _symbols_as_named(text, draft, currency)
    fees = draft.fees  # fees without a currency of their own are in the quote's
    tiers = tuple(
        QuoteTier(t.min_qty, t.unit_price, t.span, t.currency or currency)
        for _, t in sorted(draft.tiers.items())
    )
    return QuoteReading(
        tiers=tiers,
        supplier=supplier,
        moq=moq,
        setup_fee=fees.get("setup_fee"),
        tooling_fee=fees.get("tooling_fee"),
        shipping_per_order=fees.get("shipping_per_order"),
        shipping_per_unit=fees.get("shipping_per_unit"),
        below_moq_fee=fees.get("below_moq_fee"),
        lead_time_days=lead,
        validity=validity,
        payment_terms=payment,
        currency=currency,
        currency_span=currency_span,
        spans=tuple(sorted(buffer.spans)),
        notes=tuple(draft.notes),
    )


# Currencies written with "$" (or "¥"): a quote naming one of their codes, and not the one the
# symbol was read as, means that code throughout.
_SAME_SYMBOL = {
    "USD": ("AUD", "CAD", "NZD", "SGD", "HKD", "MXN", "COP", "ARS", "CLP", "TWD"),
    "JPY": ("CNY", "RMB"),
    "CNY": ("JPY",),
}


_DOT_THOUSANDS = frozenset({"COP", "ARS", "CLP"})


def _in_named(tier: QuoteTier, code: str) -> QuoteTier:
    """Returns the tier in the named code; "$31.500" in pesos is 31,500, not 31.5 dollars."""
    price = tier.unit_price
    if code in _DOT_THOUSANDS and re.search(r"\$\s?\d{1,3}\.\d{3}(?![\d.,])", tier.span.words):
        price = _trimmed(price * 1000)
    return replace(tier, unit_price=price, currency=code)


def _symbols_as_named(text: str, draft: _Draft, currency: str | None) -> str | None:
    """Reads every "$" (or "¥") as the code the quote names for it ("$38.000 COP, 300 a
    $31.500": all pesos); returns the quote's currency."""
    seen = {currency, *(t.currency for t in draft.tiers.values())}
    for read_as in (code for code in _SAME_SYMBOL if code in seen):
        named = _named_code(text, read_as)
        if named is None:
            continue
        draft.tiers = {
            q: _in_named(t, named) if t.currency in (read_as, None) else t
            for q, t in draft.tiers.items()
        }
        return named if currency in (read_as, named, None) else currency
    return currency


def _named_code(text: str, currency: str | None) -> str | None:
    """Returns the one code of the symbol's family the quote names instead of `currency`."""
    family = _SAME_SYMBOL.get(currency or "")
    if not family or re.search(rf"\b{currency}\b|US\$|U\.S\.|\bUS dollars?\b", text):
        return None
    named = {c for c in family if re.search(rf"(?<![A-Za-z]){c}(?![A-Za-z])", text)}
    if not named and currency == "JPY" and _YEN_WORDS.search(text) is None:
        # "¥" is the yuan's sign too: a factory in Xiamen or China quotes in yuan
        return "CNY" if _countries_named(text) & {"CN", "JP"} == {"CN"} else None
    if len(named) != 1:
        return None
    code = named.pop()
    return _CODE_ALIASES.get(code, code)


_YEN_WORDS = re.compile(r"\byen\b|円|\bjapan", re.IGNORECASE)
# (case kept: "bone china" is porcelain)
_CHINA_WORDS = re.compile(
    r"\b(?:China|[Cc]hinese|[Cc]hinois\w*|[Cc]hinesisch\w*|[Cc]hino|PRC|WeChat|Wechat|"
    r"Alibaba|alibaba|Taobao|1688)\b"
)
_CAPITALISED = re.compile(r"(?<![\w-])[A-Z][a-z]{3,14}\b")
_CITY_THOUSANDS = 100  # a homonym village does not move the quote's money


def _countries_named(text: str) -> set[str]:
    """Returns the countries a text names, by name or by a city (its most populous one)."""
    countries = {"CN"} if _CHINA_WORDS.search(text) else set()
    for word in itertools.islice(_CAPITALISED.finditer(text), 200):
        code = country_code(word.group(0))
        cities = city_countries(word.group(0))
        if code is not None:
            countries.add(code)
        elif cities and cities[0][1] >= _CITY_THOUSANDS:
            countries.add(cities[0][0])
    return countries


def _currency(draft: _Draft, buffer: _Text) -> tuple[str | None, Span | None]:
    """Returns the quote's currency: the one its prices use most, else any one it names."""
    if draft.currencies:
        counts: dict[str, int] = {}
        for code, _ in draft.currencies:
            counts[code] = counts.get(code, 0) + 1
        best = max(counts, key=lambda code: counts[code])
        return best, next(span for code, span in draft.currencies if code == best)
    match = re.search(_CUR, buffer.masked, re.IGNORECASE)
    if match and (found := _code(match.group(0))) is not None:
        words = buffer.original[match.start() : match.end()]
        return found, Span(match.start(), match.end(), words)
    return None, None


_MONTH_NAMES = (
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|januar|februar|märz|mai|juni|juli|"
    r"oktober|dezember|janv|févr|mars|avr|juin|juil|août|déc|ene|abr|ago|dic|gen|mag|giu|lug|"
    r"ott)[a-zé]*\.?"
)
# Numbers that are never a quantity, a price or a fee: dates, clock times, phone numbers,
# order, quote and tax numbers. They are blanked before the figures are read.
_NOISE = re.compile(
    r"(?<![\d.,])\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})(?![\d.,]?\d)"  # 03/11/2026, 24.11.26
    r"|\b\d{4}-\d{2}-\d{2}\b"  # 2026-11-28
    rf"|\b\d{{1,2}}\.?\s+{_MONTH_NAMES}\s+\d{{4}}\b"  # 23 Nov 2026
    rf"|\b{_MONTH_NAMES}\s+\d{{1,2}},?\s+\d{{4}}\b"  # Nov 24, 2026
    r"|(?<![\d.,:])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?\b)?(?![\d.,]?\d)"  # 14:02, 9:14 AM
    r"|(?:\b(?:tel|phone|ph|mob|mobile|cell|whatsapp|wechat|fax|call|contact)\b\.?:?[^\S\n]*"
    r"(?:[A-Z][a-z]+[^\S\n]+)?)[+(]?\d[\d ().-]{5,18}\d"  # Tel. 044 123 45 67
    r"|\+\d{1,3}[ .-]?\(?\d{1,5}\)?(?:[ .-]?\d{2,5}){1,4}\b"  # +86 769 8123 4567
    r"|\b0\d{1,4}(?:[ ]\d{2,4}){2,4}\b"  # 0412 555 019
    r"|(?<![\d.,])\d{1,4}(?:-\d{3,4}){2,3}\b"  # 1-800-555-0199, 186-0757-2231
    r"|(?:\b(?:no|nr|n°|ref|order|invoice|quote|quotation|offer|offerte|angebot|devis|pi|so|po)"
    r"\b\.?|#)[^\S\n]*:?[^\S\n]*(?:[A-Z]{1,4}-?\d[\w/-]{2,}|\d+[-/][\w/-]+|\d{5,}\b)"  # Nr. 2026-4
    r"|#\d{3,}\b|\b[A-Z]{1,4}-\d{4,}(?:-\d+)*\b|\b(?:19|20)\d{2}-\d{3,}\b"  # #44817, PI-88213
    r"|\b(?:HRB|VAT|P\.?\s?IVA|SIRET|NIF|CIF|USt-IdNr\.?)[^\S\n]*:?[^\S\n]*[A-Z]{0,2}\d[\d ]{3,}"
    r"|\b\d{9,}\b",
    re.IGNORECASE,
)


def _blank_noise(buffer: _Text) -> None:
    """Blanks the dates, times, phone and reference numbers, so no tier or fee is read there,
    and the upper end of a worded range ("de 100 a 499 unidades": the tier starts at 100)."""
    for match in itertools.islice(_NOISE.finditer(buffer.masked), MAX_TIER_CANDIDATES):
        buffer.blank(match.start(), match.end())
    for match in itertools.islice(_WORDED_RANGE.finditer(buffer.masked), MAX_TIER_CANDIDATES):
        buffer.blank(match.start("upper"), match.end("upper"))


_WORDED_RANGE = re.compile(
    r"\b(?:de|von|da|desde|entre|from|dal)\s+\d[\d.,]*"
    r"(?P<upper>\s+(?:a|bis|al|to|à|y|e|and)\s+\d[\d.,]*)(?=\s*[^\W\d])",
    re.IGNORECASE,
)


def _read_validity(buffer: _Text) -> Read[str] | None:
    """Returns how long the quote holds ("30 days", "until 31 March 2027")."""
    match = _VALIDITY.search(buffer.masked)
    if match is None or not re.search(r"\d|end of|month|year|week", match.group("what"), re.I):
        return None
    what = buffer.original[match.start("what") : match.end("what")].strip(" :,")
    return Read(what, buffer.take(match.start(), match.end()))


def _read_payment(buffer: _Text) -> Read[str] | None:
    """Returns the payment terms as written ("50% deposit, balance before shipping")."""
    match = _PAYMENT.search(buffer.masked)
    if match is None:
        return None
    group = next(g for g in ("what", "what2", "what3") if match.group(g))
    what = buffer.original[match.start(group) : match.end(group)].strip(" :,")
    # The terms clause may run on with a comma ("50% deposit, 50% before shipping").
    end = match.end()
    tail = re.match(
        r",\s*(?:\d{1,3}\s?%|balance|rest|remainder)[^\n;.]{0,40}", buffer.masked[end:]
    )
    if tail:
        end += tail.end()
        what = buffer.original[match.start(group) : end].strip(" :,")
    return Read(what, buffer.take(match.start(), end))


_WORKING = (
    *("working", "business", "work", "wd", "jours ouvr", "días háb", "werkt", "arbeitst"),
    *("giorni lav", "dias hab", "gg lav", "gg. lav"),
)
_WEEKS = ("w", "sem", "tyg", "veck", "sett", "uge")
_MONTHS_WORDS = ("mo", "mes", "monat")


def _lead_days(number: int, unit: str) -> int:
    """Returns calendar days: weeks x 7, months x 30, working days x 7/5 rounded."""
    unit = unit.lower()
    if unit.startswith(("h", "stund", "heur", "hora")):
        return max(1, -(-number // 24))  # "within 48 hours": two days
    if unit.startswith(_WORKING):
        return int((Decimal(number) * 7 / 5).to_integral_value(ROUND_HALF_UP))
    if unit.startswith(_WEEKS) and not unit.startswith("work"):
        return number * 7
    if unit.startswith(_MONTHS_WORDS) or unit in ("month", "months"):
        return number * 30
    return number


_COUNT_WORDS: Mapping[str, int] = {
    **{w: n for n, w in enumerate(("one", "two", "three", "four", "five", "six"), start=1)},
    **{"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12},
    **{"fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30},
    **{"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "acht": 8, "zehn": 10},
    **{"deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "huit": 8, "dix": 10, "quinze": 15},
    **{"dos": 2, "tres": 3, "cuatro": 4, "cinco": 5, "seis": 6, "ocho": 8, "diez": 10},
    **{"due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6, "otto": 8, "dieci": 10},
}
_COUNT_ALT = "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
_TIME_UNIT = (
    r"(?:working |business )?(?:days?|weeks?|months?|wochen|woche|tage|werktage|semaines?|"
    r"jours?|semanas?|días|dias|settimane|settimana|giorni|mesi|meses|mois|monate?)\b"
)
# A count spelled out before a time unit ("two weeks", "two to three weeks", "zwei Wochen").
_SPELLED_COUNT = re.compile(
    rf"\b(?:{_COUNT_ALT})\b(?=(?:\s*(?:-|–|to|a|à|bis|o|or)\s*(?:{_COUNT_ALT}|\d+))?\s+{_TIME_UNIT})",
    re.IGNORECASE,
)


def _count_digits(match: re.Match[str]) -> str:
    """Returns a spelled count as digits padded to the word's length (offsets kept)."""
    digits = str(_COUNT_WORDS[match.group(0).lower()])
    return (
        digits.ljust(len(match.group(0))) if len(digits) <= len(match.group(0)) else match.group(0)
    )


def _read_lead_time(buffer: _Text) -> Read[int] | None:
    """Returns the lead time in calendar days (the upper end of a range: plan for the worst)."""
    masked = _SPELLED_COUNT.sub(_count_digits, buffer.masked)  # "two weeks": same offsets
    for match in _LEAD.finditer(masked):
        first = match.start("lo") if match.group("lo") else match.start("n")
        before = masked[max(0, match.start() - 30) : first]
        after = masked[match.end() : match.end() + 2]
        alone = re.search(
            r"(?:^|[.;,!\n(]|\):|\s-)\s*~?\s*$",  # "Lily (Yiwu Crafts): 10-12 days"
            before[: match.start("n") - max(0, match.start() - 30)],
        )
        if not (_LEAD_CUE.search(match.group(0)) or _LEAD_CUE.search(before)) and not (
            alone and re.match(r"\s*(?:[.;,!\n)]|$)", after)
        ):
            continue
        days = _lead_days(int(match.group("n")), match.group("unit"))
        if 0 < days <= 3650:
            return Read(days, buffer.take(match.start(), match.end()))
    return None


def _read_fees(buffer: _Text, draft: _Draft) -> None:
    """Reads the set-up, tooling, below-MOQ and shipping fees into the draft."""
    for match in _NO_FEE.finditer(buffer.masked):
        kind = match.group("kind").lower()
        name = "tooling_fee" if re.fullmatch(_TOOLING, kind, re.I) else "setup_fee"
        draft.fees.setdefault(name, Read(Decimal(0), buffer.take(match.start(), match.end())))
    for name, pattern, keyword in (
        ("below_moq_fee", _BELOW_MOQ_RE, _BELOW_MOQ_WORD),
        ("tooling_fee", _TOOLING_RE, _TOOLING_WORD),
        ("setup_fee", _SETUP_RE, _SETUP_WORD),
        ("shipping", _SHIPPING_RE, _SHIPPING_WORD),
    ):
        # Both shapes of a fee hold its keyword: without one the pattern (tried at every digit
        # of a pasted table) cannot match, so the text is not scanned for it.
        if not keyword.search(buffer.masked):
            continue
        for match in pattern.finditer(buffer.masked):
            _read_fee(buffer, draft, name, match)
    _read_shipping_words(buffer, draft)


def _read_fee(buffer: _Text, draft: _Draft, name: str, match: re.Match[str]) -> None:
    """Reads one fee match into the draft, under the field its words say."""
    prefix = "" if match.group("num") else "b"
    head = buffer.masked[match.start() : match.start(f"{prefix}num")]
    found = _fee_amount(buffer, name, match, prefix, head)
    if found is None:
        return
    (value, currency), end = found
    per = _fee_per(buffer, match)
    if name in ("setup_fee", "tooling_fee") and _PER_PIECE.search(per):
        return  # "Silk screen printing: US$0.05/pc extra": a price per piece, no set-up
    key = name
    if name == "shipping":
        key, value_or_none = _shipping_key(buffer, match, head, per, value)
        if value_or_none is None:
            return
        value = value_or_none
    elif name == "tooling_fee" and _charged_each_order(buffer.original, match.end(), per):
        key = "setup_fee"  # "$80 plate fee per order": charged each order, a set-up
    elif name == "setup_fee" and _ONE_OFF_AFTER.match(buffer.original, match.end()):
        key = "tooling_fee"  # "Siebkosten: 35 € (einmalig)": paid once, tooling
    if key in draft.fees:
        return
    span = buffer.take(match.start(), end)
    value = _stated_total(buffer, match, per) or value * _colours_after(buffer, match)
    draft.fees[key] = Read(value, span)
    if currency:
        draft.currencies.append((currency, span))


def _fee_amount(
    buffer: _Text, name: str, match: re.Match[str], prefix: str, head: str
) -> tuple[tuple[Decimal, str | None], int] | None:
    """Returns a fee match's amount and where its words end, or None when it is no fee's."""
    amount = _money(match, prefix)
    if amount is None and name == "setup_fee" and _decimal(match.group(f"{prefix}num")) == 0:
        amount = (Decimal(0), None)  # "Setup: $0" is no set-up, as "no setup" is
    if amount is None or _THRESHOLD.search(head.rstrip(" $€£¥")):
        return None  # "free shipping on orders over $500": a threshold, not a fee
    if _another_fee_word(name, head):
        return None  # "cliché DKK 400 one-off, shipping DKK 95": the 95 is the nearer word's
    column = _PRICED_NEXT.match(buffer.masked, match.end(f"{prefix}num"))
    if column is not None and amount[1] is None and (priced := _money(column)) is not None:
        return priced, column.end()  # "Engraving setup 1 $80.00": a PDF row's quantity
    return amount, match.end()


_PER_PIECE = re.compile(
    r"(?:/|per|pro|par|por|je|al|a)\s*(?:pcs?|pieces?|units?|u|uds?|stk|stück|items?|pezzo|"
    r"pièce|unidad)\b",
    re.IGNORECASE,
)
_PRICED_NEXT = re.compile(rf"[ \t]+(?=(?:{_SYMBOL_ALT})\s?\d){_pattern(_AMOUNT, '')}", re.I)


def _fee_per(buffer: _Text, match: re.Match[str]) -> str:
    """Returns what a fee is charged per: its own words, or "per order" just after them."""
    per = match.groupdict().get("per") or ""
    if re.search(_PER_ORDER_WORDS, per, re.I):
        return per
    tail = buffer.masked[match.end() : match.end() + 40]
    after = _PER_ORDER_AFTER.match(tail)
    if after is None and per.strip().lower() == "each":  # "$60 each order"
        after = re.match(rf"\s*(?:{_PER_ORDER_WORDS})\b", tail, re.I)
    return per + (after.group(0) if after else "")


def _charged_each_order(text: str, end: int, per: str) -> bool:
    """Returns whether a tooling word's charge recurs: per order, or per colour or design
    with no "one-off" in its clause ("plates $35/colour one time" stays tooling)."""
    if re.search(_PER_ORDER_WORDS, per, re.I):
        return True
    clause = re.match(r"[^.;\n]{0,60}", text[end:])
    after = per + (clause.group(0) if clause else "")
    if _ONE_OFF_WORD.search(after):
        return False
    return bool(
        re.search(rf"(?:per|each|/)\s*(?:{_PER_ORDER_WORDS}|design|colou?r)\b", after, re.I)
    )


_ONE_OFF_WORD = re.compile(
    r"\b(?:one[- ]off|one[- ]time|once|einmalig|una tantum|une seule fois|pago único|una vez|"
    r"una sola vez|first order only|solo la primera vez|solo primo ordine|only once)\b",
    re.I,
)
_FEE_WORDS = {
    "below_moq_fee": _BELOW_MOQ_WORD,
    "tooling_fee": _TOOLING_WORD,
    "setup_fee": _SETUP_WORD,
    "shipping": _SHIPPING_WORD,
}


def _another_fee_word(name: str, head: str) -> bool:
    """Returns whether a fee keyword of another kind stands between the keyword and the amount.

    "Die Einrichtungskosten von 120 €" (the article, no cutting die) and "one-off, shipping
    DKK 95": the amount belongs to the keyword nearest it."""
    own = _FEE_WORDS[name].match(head)
    if own is None:
        return False  # the amount comes first ("€95 plate fee"): nothing stands between
    rest = head[own.end() :]
    return any(word.search(rest) for other, word in _FEE_WORDS.items() if other != name)


def _shipping_key(
    buffer: _Text, match: re.Match[str], head: str, per: str, value: Decimal
) -> tuple[str, Decimal | None]:
    """Returns whether shipping is per order or per unit, and its amount (None: neither).

    A charge per carton is per unit only where the quote says how many a carton holds."""
    if re.search(_CARTON, per, re.I):
        # Searched after the fee ("£18 per carton (50 per carton)"), then before it.
        after = match.start("per") if match.group("per") else match.end()
        count = _CARTON_COUNT.search(buffer.masked, after) or _CARTON_COUNT.search(
            buffer.masked[: match.start()]
        )
        size = int(count.group("n") or count.group("m")) if count else 0
        return "shipping_per_unit", _trimmed(value / size) if size > 1 else None
    each = bool(per) and not re.search(_PER_ORDER_WORDS, per, re.I)
    # "Freight per unit | 0.15": the unit is named before the amount.
    each = each or bool(re.search(r"per (?:unit|piece|pc|item)|/unit|each", head, re.I))
    return ("shipping_per_unit" if each else "shipping_per_order"), value


_THRESHOLD = re.compile(
    r"\b(?:over|above|from|orders? of|ab|dès|desde|oltre|sopra|a partir de|über)\s*$", re.I
)
_ONE_OFF_AFTER = re.compile(
    # "250 € de frais de gravure du logo (une fois)": what the fee is for may come first
    r"(?:[^\S\n]+(?:du|de la|des|de|del|of the|of|for the)[^\S\n]+[^\W\d_]{2,20})?"
    r"[^\S\n]*[(,–-]?[^\S\n]*(?:one[- ]off|one[- ]time|once|up[- ]?front|einmalig|una tantum|"
    r"une (?:seule )?fois|"
    r"pago único|una vez|una sola vez|first order only|solo la primera vez|solo primo ordine|"
    r"only once)\b",
    re.I,
)
_CARTON = r"carton|cartons|karton|box|case|colis|caja|scatola|ctn"
_CARTON_COUNT = re.compile(
    rf"(?:\b(?:{_CARTON})\s*(?:of|à|a|with|mit|de|da)\s*(?P<n>\d{{1,5}})\b"
    rf"|\b(?P<m>\d{{1,5}})\s*(?:pcs|pieces|units|stück|stk|pz)?\s*(?:per|/|a|pro|par|por)\s*"
    rf"(?:{_CARTON})\b)",
    re.I,
)


_PER_ORDER_AFTER = re.compile(rf"\s*(?:per|each|a|/|je|par|por)\s*(?:{_PER_ORDER_WORDS})\b", re.I)

_COLOURS = re.compile(
    r"^[^\n;.]{0,24}?\b(?P<n>\d{1,2})\s*(?:ink\s+)?(?:colou?rs?|colores|couleurs|farben|colori)\b",
    re.I,
)


_PAREN_TOTAL = re.compile(
    rf"[ \t]*\([ \t]*(?:{_CUR})?[ \t]?(?P<n>{_NUM})[ \t]?(?:{_CUR})?[ \t]+(?:total|in total|"
    rf"insgesamt|au total|en total)[ \t]*\)",
    re.I,
)


def _stated_total(buffer: _Text, match: re.Match[str], per: str) -> Decimal | None:
    """Returns the total a per-colour fee states after it ("$25/color ($50 total)")."""
    if not re.search(r"colou?r|farbe|couleur|color", per, re.I):
        return None
    total = _PAREN_TOTAL.match(buffer.masked, match.end())
    return _decimal(total.group("n")) if total else None


_TIMES_COLOURS = re.compile(
    r"\s*[x×]\s*(?P<n>\d{1,2})\s*(?:colou?rs?|colores|couleurs|farben|colori)\b", re.I
)


def _colours_after(buffer: _Text, match: re.Match[str]) -> int:
    """Returns N for a fee "per colour" followed by "N colours" (screens, plates), else 1."""
    times = _TIMES_COLOURS.match(buffer.masked, match.end())  # "USD 55 x 3 colours"
    if times is not None and 0 < int(times.group("n")) <= 12:
        return int(times.group("n"))
    per = match.groupdict().get("per") or ""
    if not re.search(r"colou?r", per, re.IGNORECASE):
        return 1
    count = _COLOURS.search(buffer.masked[match.end() : match.end() + 40])
    return int(count.group("n")) if count and 0 < int(count.group("n")) <= 12 else 1


_FREE_ABOVE = re.compile(
    rf"[^\S\n]*(?:on|for)?[^\S\n]*(?:orders?|purchases?)?[^\S\n]*(?:over|above|from|of|ab|dès|desde|"
    rf"oltre|über|a partir de)\b[^\S\n]*(?:{_CUR})?[^\S\n]*\d",
    re.IGNORECASE,
)


def _read_shipping_words(buffer: _Text, draft: _Draft) -> None:
    """Reads "free shipping" as 0 per order, and notes "shipping extra" (not a figure)."""
    if "shipping_per_order" in draft.fees or "shipping_per_unit" in draft.fees:
        return
    free = _FREE_SHIPPING.search(buffer.masked)
    if free and (condition := _FREE_ABOVE.match(buffer.masked, free.end())):
        # "Free shipping on orders over $500": free only above a threshold, so no figure.
        words = buffer.take(free.start(), condition.end()).words
        draft.notes.append(f"shipping free only above a threshold ({words})")
        return
    if free:
        draft.fees["shipping_per_order"] = Read(Decimal(0), buffer.take(free.start(), free.end()))
        return
    extra = _NO_SHIPPING.search(buffer.masked)
    if extra:
        words = buffer.take(extra.start(), extra.end()).words
        draft.notes.append(f"shipping not included ({words})")


def _read_moq(buffer: _Text) -> Read[int] | None:
    """Returns the stated minimum order quantity."""
    for match in _MOQ.finditer(buffer.masked):
        quantity = _quantity(match.group("q"), match.group("k")) or _quantity(
            match.group("aq"), match.group("ak")
        )
        if quantity is not None:
            # The MOQ's number may also be a tier's ("MOQ 500 @ $1.20", "$0.06 per bait at
            # 10,000 min"): only its keyword is taken, the number stays readable.
            end = match.end("q") if match.group("q") else match.end()
            span = Span(match.start(), end, buffer.original[match.start() : end])
            if match.group("q"):
                buffer.take(match.start(), match.start("q"))
            else:
                keyword = "akw" if match.group("akw") else "nkw"
                buffer.take(match.start(keyword), end)  # the noun stays for the tier's words
            buffer.spans.append((span.start, span.end))
            return Read(quantity, span)
    return None


def _add_tier(
    draft: _Draft,
    buffer: _Text,
    quantity: int | None,
    amount: tuple[Decimal, str | None] | None,
    start: int,
    end: int,
    divisor: int = 1,
    total: bool = False,
) -> bool:
    """Adds one tier (unit price per piece) unless its quantity is already read."""
    if quantity is None or amount is None or quantity in draft.tiers:
        return False
    if len(draft.tiers) >= MAX_TIER_CANDIDATES:
        return False
    value, currency = amount
    unit = value / quantity if total else value / divisor
    if unit <= 0:
        return False
    span = buffer.take(start, end)
    draft.tiers[quantity] = QuoteTier(quantity, _trimmed(unit), span, currency)
    if total:
        draft.totals.add(quantity)
    if currency:
        draft.currencies.append((currency, span))
    return True


def _scan(
    pattern: re.Pattern[str], buffer: _Text, accept: Callable[[re.Match[str]], bool]
) -> None:
    """Offers each match to `accept`; after a refusal the search resumes one character on, so a
    refused candidate never hides an overlapping good one."""
    position = 0
    # Bounded: a quote has a handful of price breaks, a hostile paste thousands of candidates.
    for _ in range(MAX_TIER_CANDIDATES):
        match = pattern.search(buffer.masked, position)
        if match is None:
            return
        position = match.end() if accept(match) else match.start() + 1


# A quote priced "per M" (the printers' mille) counts its quantities in M too: "at 5M" is 5,000.
_PER_MILLE = re.compile(r"(?-i:(?:\bper\s*|/\s*)M\b)")
_MILLE_COUNT = re.compile(r"(?-i:(?<=\d)M\b)")


def _read_tiers(buffer: _Text, draft: _Draft) -> None:
    """Reads price tiers: slash lists, table rows, then "quantity @ price" either way round."""
    if _PER_MILLE.search(buffer.masked):
        buffer.masked = _MILLE_COUNT.sub("k", buffer.masked)  # same length: spans stay
    _read_slash_lists(buffer, draft)
    _read_columns(buffer, draft)
    _read_csv_rows(buffer, draft)
    _read_rows(buffer, draft)

    def price_first(match: re.Match[str]) -> bool:
        money = _money(match)
        if money is None:
            return False
        number = match.group("num")
        priced = money[1] or match.group("per") or match.group("cents") or "." in number
        if not priced and "," not in number:
            return False  # "600 @ 1" is not a price for one piece
        between = buffer.masked[match.end("amount") : match.start("q")]
        if between.strip().casefold() == "a" and not (match.group("post") or match.group("per")):
            # "a" is "at" after a unit or a currency written after the amount ("0,05 $ a
            # 20.000"); "2.000 a 14 MXN" is 2,000 at 14, "£1.20 a 1000" a price per thousand.
            return False
        quantity = _quantity(match.group("q"), match.group("k"))
        divisor = _per_divisor(match.group("xper"))
        return _add_tier(draft, buffer, quantity, money, match.start(), match.end(), divisor)

    def quantity_first(match: re.Match[str]) -> bool:
        sep = match.group("sep").strip().lower()
        money = _money(match)
        if money is None:
            return False
        number = match.group("num")
        priced = bool(money[1] or match.group("per") or match.group("cents") or "." in number)
        priced = priced or ("," in number and not re.search(r",\d{3}$", number))
        plus = "+" in buffer.masked[match.start() : match.start("sep") + 1]
        if (not priced and not plus and sep not in ("@", "=")) or _one_number(
            match, buffer.masked
        ):
            return False  # "500 1.20" outside a table, "2026-114" in an offer number, "4 500 €"
        total = bool(match.group("total") or match.group("tsep")) or (
            sep in ("for", "für", "pour") and not match.group("per")
        )
        quantity = _quantity(match.group("q"), match.group("k"))
        divisor = _per_divisor(match.group("xper"))
        return _add_tier(
            draft, buffer, quantity, money, match.start(), match.end(), divisor, total
        )

    _scan(_P_FIRST, buffer, price_first)
    _scan(_Q_FIRST, buffer, quantity_first)
    _read_sentence_tiers(buffer, draft)
    _per_thousand_heading(buffer, draft)
    if not draft.tiers:
        _read_single_price(buffer, draft)


def _one_number(match: re.Match[str], text: str) -> bool:
    """Says whether a quantity and its "price" are one number: "4 500 € une fois" groups its
    thousands with a space, "13485 + clean room, 100k units" counts pieces in thousands."""
    between = text[match.end("q") : match.start("num")]
    if between in (" ", "\u00a0", "\u202f") and re.fullmatch(r"\d{1,3}", match["q"]):
        return bool(re.fullmatch(r"\d{3}", match["num"]))
    return not match.group("thou") and text[match.end("num") : match.end("num") + 1] in ("k", "K")


# "for 250 stubby holders full colour it's A$3.40 ea", "per 500 sacchetti in carta kraft:
# 0,42 € al pezzo": a quantity named for the quote, and its price each later in the sentence.
_EACH_PRICE = re.compile(
    rf"(?<![\w.,]){_pattern(_AMOUNT, '')}{_NOT_AMOUNT_AFTER}(?P<per>{_EACH})", re.IGNORECASE
)
_FOR_QTY = re.compile(
    rf"\b(?:for|per|pour|para|für|fur)\s+{_pattern(_QTY, '')}{_NOT_AMOUNT_AFTER}", re.IGNORECASE
)
# What joins the quantity's words to its price: "it's", "is", ":", "costs", in five languages.
_PRICE_IS = re.compile(
    r"(?::|=|\b(?:it(?:'|’)?s|it is|is|are|costs?|would be|comes to|c(?:'|’)est|est|sont|"
    r"coûte|cuesta|es|son|ist|sind|kostet|kosten|è|sono|costa)\b)",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n")


def _read_sentence_tiers(buffer: _Text, draft: _Draft) -> None:
    """Reads a price each left unpaired with the quantity the sentence named for it before."""
    for match in list(_EACH_PRICE.finditer(buffer.masked)):
        money = _money(match)
        if money is None or money[1] is None:
            continue
        head = buffer.masked[max(0, match.start() - 160) : match.start()]
        ends = list(_SENTENCE_END.finditer(head))
        offset = match.start() - len(head) + (ends[-1].end() if ends else 0)
        wanted = list(_FOR_QTY.finditer(buffer.masked, offset, match.start()))
        if not wanted:
            continue
        named = wanted[-1]
        if not _PRICE_IS.search(buffer.masked, named.end(), match.start()):
            continue  # "for 2 shops, paying $1.20 each" names no quantity of the quote
        quantity = _quantity(named.group("q"), named.group("k"))
        _add_tier(draft, buffer, quantity, money, named.start(), match.end())


_PER_K_HEADING = re.compile(
    rf"\b(?:prices?|pricing|costs?|rates?|preise?|prix|precios?|prezzi)\s*{_pattern(_PER, 'k')}"
    rf"\s*[:=-]",
    re.IGNORECASE,
)


def _per_thousand_heading(buffer: _Text, draft: _Draft) -> None:
    """Divides the tiers after "Price per 1,000:" on its line: their prices are per thousand
    ("Price per 1,000: 5k £42, 10k £35")."""
    heading = _PER_K_HEADING.search(buffer.original)
    if heading is None or _per_divisor(heading.group("kper")) == 1:
        return
    line_end = buffer.original.find("\n", heading.end())
    line_end = len(buffer.original) if line_end < 0 else line_end
    divisor = _per_divisor(heading.group("kper"))
    for quantity, tier in list(draft.tiers.items()):
        own_per = re.search(_pattern(_PER, "o"), tier.span.words, re.I)
        if heading.end() <= tier.span.start < line_end and own_per is None:
            draft.tiers[quantity] = replace(tier, unit_price=_trimmed(tier.unit_price / divisor))


_SINGLE_PRICE = re.compile(
    rf"\b(?:unit\s+)?(?:price|preis|prix|precio|cena)\s*(?:is|:|=|-)?\s*"
    rf"{_pattern(_AMOUNT, '')}{_NOT_AMOUNT_AFTER}(?P<per>{_EACH})",
    re.IGNORECASE,
)
# "3000 min at €0.22": a price right after the stated minimum is the price at it.
_PRICE_AFTER_MOQ = re.compile(
    rf"(?:\s+(?:per|par|por|pro|je)\s+[^\W\d_]{{2,15}})?"  # "180 paires minimum par modèle à"
    rf"\s*(?:(?:at|à|zu|a)\s+|@\s*){_pattern(_AMOUNT, '')}{_NOT_AMOUNT_AFTER}(?P<per>{_EACH})?",
    re.IGNORECASE,
)


_PRICE_PER_K = re.compile(
    rf"(?<![\w.,]){_pattern(_AMOUNT, '')}{_NOT_AMOUNT_AFTER}{_pattern(_PER, 'x')}", re.IGNORECASE
)


def _read_single_price(buffer: _Text, draft: _Draft) -> None:
    """Reads "Price: $0.74 per unit" with a stated MOQ as one tier at the MOQ."""
    if draft.moq is None:
        return
    after_moq = _PRICE_AFTER_MOQ.match(buffer.masked, draft.moq_end) if draft.moq_end else None
    if after_moq is not None and (money := _money(after_moq)) is not None and money[1]:
        _add_tier(draft, buffer, draft.moq, money, after_moq.start(), after_moq.end())
        return
    found = list(_SINGLE_PRICE.finditer(buffer.masked))
    if len(found) == 1 and (money := _money(found[0])) is not None:
        _add_tier(draft, buffer, draft.moq, money, found[0].start(), found[0].end())
        return
    # "€38 per 1000 stickers, min 2000": one price per thousand, at the stated minimum.
    per_k = list(itertools.islice(_PRICE_PER_K.finditer(buffer.masked), 2))
    if len(per_k) == 1 and (money := _money(per_k[0])) is not None and money[1]:
        divisor = _per_divisor(per_k[0].group("xper"))
        start, end = per_k[0].start(), per_k[0].end()
        _add_tier(draft, buffer, draft.moq, money, start, end, divisor)
        return
    # "FOB: $1.20/pc, MOQ 500 pcs", "EXW Porto 2,35 €": the one price after a delivery term is
    # the supplier's at the stated minimum (a bare "€0.48/bottle" may be the founder's wish).
    # The term itself may be read already as the shipping it says is included: its price not.
    found = [
        match
        for match in itertools.islice(_TERM_PRICE.finditer(buffer.original), 2)
        if buffer.masked[match.start("num") : match.end("num")] == match["num"]
    ]
    if len(found) == 1 and (money := _money(found[0])) is not None and money[1]:
        _add_tier(draft, buffer, draft.moq, money, found[0].start(), found[0].end())


# A price after its Incoterm ("FOB Ningbo: USD 1.20", "EXW 2,35 €", "DDP USA $2.40").
_TERM_PRICE = re.compile(
    rf"\b(?:FOB|EXW|DDP|DAP|CIF|CFR|FCA)\b"
    rf"(?:[ \t]+(?!(?:{_CUR}))[^\W\d_][\w-]{{1,19}}){{0,2}}[ \t]*"  # the port or the place
    rf"(?:price|preis|prix|precio)?[ \t]*[:=-]?[ \t]*"
    rf"{_pattern(_AMOUNT, '')}{_NOT_AMOUNT_AFTER}(?P<per>{_EACH})?",
    re.IGNORECASE,
)


def _totals_to_units(draft: _Draft) -> None:
    """Divides tier prices that rise with quantity: they are totals ("1,000 = $160")."""
    tiers = sorted(draft.tiers.values(), key=lambda t: t.min_qty)

    def stated(tier: QuoteTier) -> Decimal:  # a total already divided counts as its total
        return tier.unit_price * tier.min_qty if tier.min_qty in draft.totals else tier.unit_price

    rising = len(tiers) >= 2 and all(stated(b) > stated(a) for a, b in pairwise(tiers))
    if not rising or any(_EACH_WORDS.search(t.span.words) for t in tiers):
        return
    for tier in (t for t in tiers if t.min_qty not in draft.totals):
        unit = _trimmed(tier.unit_price / tier.min_qty)
        draft.tiers[tier.min_qty] = replace(tier, unit_price=unit)


_EACH_WORDS = re.compile(_EACH + r"|\bper\b|/", re.IGNORECASE)


def _read_slash_lists(buffer: _Text, draft: _Draft) -> None:
    """Reads "500/1000/5000 at 1.20/0.90/0.60" (as many quantities as prices)."""
    for match in _SLASH.finditer(buffer.masked):
        quantities = [
            _quantity(q.strip().rstrip("kK"), "k" if q.strip()[-1:] in "kK" else None)
            for q in match.group("qs").split("/")
        ]
        prices = []
        for part in match.group("ps").split("/"):
            found = re.search(_pattern(_AMOUNT, ""), part, re.I)
            prices.append(_money(found) if found else None)
        if len(quantities) != len(prices) or None in quantities or None in prices:
            continue
        divisor = _per_divisor(match.group("xper"))
        currency = next((p[1] for p in prices if p and p[1]), None)
        span = buffer.take(match.start(), match.end())
        for quantity, price in zip(quantities, prices, strict=True):
            if quantity is None or price is None or quantity in draft.tiers:
                continue
            draft.tiers[quantity] = QuoteTier(
                quantity, _trimmed(price[0] / divisor), span, price[1] or currency
            )
        if currency:
            draft.currencies.append((currency, span))


# A pasted CSV: a header of named cells ("qty,unit_usd"), then rows of numbers.
_CSV_HEADER = re.compile(r"\A\s*[^\W\d][\w ()/.-]*(?:,[^\W\d][\w ()/.-]*)+[ \t]*$", re.M)
_CSV_LINE = re.compile(r"^[^\s,][^,\n]*(?:,[^,\s][^,\n]*)+[ \t]*$", re.M)


def _read_csv_rows(buffer: _Text, draft: _Draft) -> None:
    """Reads a comma-separated paste as a table: its commas are cells, not thousands."""
    header = _CSV_HEADER.match(buffer.masked)
    if header is None:
        return
    masked = buffer.masked
    cells = list(masked)
    for line in itertools.islice(_CSV_LINE.finditer(masked), MAX_TIER_CANDIDATES):
        for at in range(line.start(), line.end()):
            if cells[at] == ",":
                cells[at] = ";"
            elif cells[at] == "_" and at < header.end():
                cells[at] = " "  # "unit_usd": the currency is a word of the header
    buffer.masked = "".join(cells)
    _read_rows(buffer, draft)
    # What the rows did not read keeps its own characters.
    buffer.masked = "".join(
        old if new != " " else " " for old, new in zip(masked, buffer.masked, strict=True)
    )


def _read_columns(buffer: _Text, draft: _Draft) -> None:
    """Reads a table whose header holds the quantities and the next row the prices:
    "Size | 500 pcs | 1000 pcs" over "8oz | $0.38 | $0.29"."""
    lines = [(m.start(), m.group(0)) for m in re.finditer(r"[^\n]+", buffer.masked)]
    for index, (start, line) in enumerate(lines[:200]):
        quantities = _cells(start, line, _QTY_CELL) or _slash_cells(
            start, line, _QTY_CELL, _QTY_LABEL
        )
        if len(quantities) < 2 or index + 1 >= len(lines):
            continue
        row_start, row = lines[index + 1]
        prices = _cells(row_start, row, _PRICE_CELL) or _slash_cells(
            row_start, row, _PRICE_CELL, _PRICE_LABEL
        )
        if len(prices) != len(quantities):
            continue
        label = re.search(_CUR, row.split(":")[0]) if ":" in row else None  # "Unit price (RMB):"
        for (_, _, qty), (at, end, price) in zip(quantities, prices, strict=True):
            money = _money(price)
            amount = _quantity(qty.group("q"), qty.group("k"))
            if money is not None and (money[1] or "." in price.group("num")):
                money = (money[0], money[1] or (_code(label.group(0)) if label else None))
                _add_tier(draft, buffer, amount, money, at, end)
        return


_QTY_CELL = re.compile(
    rf"\s*{_pattern(_QTY, '')}\s*(?:pcs|pc|pieces|units|u|stk|stück|uds|pz|ex)?\.?\+?\s*",
    re.IGNORECASE,
)
_PRICE_CELL = re.compile(rf"\s*{_pattern(_AMOUNT, '')}\s*", re.IGNORECASE)


_QTY_LABEL = re.compile(r"qty|quantit|menge|cantidad|数量|moq|pcs|units", re.I)
_PRICE_LABEL = re.compile(r"price|preis|prix|precio|prezzo|单价|cost|rate", re.I)
_SLASH_LINE = re.compile(r"^(?P<label>[^\d\n/]*?)[:：][ \t]*(?P<list>[^\n/]+(?:/[^\n/]+){1,7})$")


def _slash_cells(
    start: int, line: str, cell: re.Pattern[str], label: re.Pattern[str]
) -> list[tuple[int, int, re.Match[str]]]:
    """Returns the cells of "Qty: 3000 / 5000" or "Unit price (RMB): 2.10 / 1.85", whose label
    says what they are; none unless every cell matches `cell`."""
    line_match = _SLASH_LINE.match(line)
    if line_match is None or not label.search(line_match.group("label")):
        return []
    found = []
    for part in re.finditer(r"[^/]+", line_match.group("list")):
        match = cell.fullmatch(part.group(0))
        if match is None:
            return []
        at = start + line_match.start("list") + part.start()
        found.append((at, at + len(part.group(0)), match))
    return found


def _cells(start: int, line: str, cell: re.Pattern[str]) -> list[tuple[int, int, re.Match[str]]]:
    """Returns the cells of a tab- or pipe-separated line that fully match `cell`, with their
    offsets; none unless every cell after the first does."""
    parts = [(m.start() + start, m.group(0)) for m in re.finditer(r"[^\t|]+", line)]
    found = []
    for at, text in parts[1:]:
        match = cell.fullmatch(text)
        if match is None:
            return []
        found.append((at, at + len(text), match))
    return found if "\t" in line or "|" in line else []


def _read_rows(buffer: _Text, draft: _Draft) -> None:
    """Reads table rows "500 | 1.20 | 600.00"; a header's "per 1000" or currency applies."""
    header_per = _HEADER_PER.search(buffer.masked)
    divisor = _per_divisor(header_per.group("hper")) if header_per else 1
    header_cur = _HEADER_CUR.search(buffer.masked)
    header_currency = _code(header_cur.group("cur")) if header_cur else None
    total_second = bool(_HEADER_TOTAL_SECOND.search(buffer.masked))
    rows = list(itertools.islice(_ROW.finditer(buffer.masked), MAX_TIER_CANDIDATES))
    if len(rows) < 2 and not (header_per or header_cur):
        return  # one bare "500 1.20" line is not a table
    for match in rows:
        quantity = _quantity(match.group("q"), match.group("k"))
        money = _money(match)
        if quantity is None or money is None:
            continue
        value, currency = money
        third = _decimal(match.group("third")) if match.group("third") else None
        # "qty | total | unit" or a second column that is the row's total.
        is_total = total_second or (
            third is not None and third > 0 and abs(third * quantity - value) <= value / 100
        )
        if is_total and third is not None and not total_second:
            value = third  # the second column was the total, the third the unit price
        amount = (value, currency or _code(match.group("curcell")) or header_currency)
        _add_tier(
            draft,
            buffer,
            quantity,
            amount,
            match.start(),
            match.end(),
            divisor,
            total=total_second,
        )


_CLOSING = re.compile(
    r"^\s*(?:(?:kind|best|warm)?\s*regards|cheers|thanks|thank you|best|sincerely|"
    r"cordialement|bien à vous|(?:freundliche|viele|beste)\s+grüße|mit freundlichen grüßen|"
    r"saludos|un saludo|atentamente|pozdrawiam|hälsningar|med vänlig hälsning)\b[,!. ]*"
    r"|^--[ \t]*$",  # the e-mail signature's own marker
    re.IGNORECASE | re.MULTILINE,
)
_NAME_LINE = re.compile(r"^[^\W\d_][\w&'’.,+ -]{1,50}$")
_TAIL_NAME = re.compile(r"\s[-–—]\s*(?P<name>[A-Z][\w&'’ ]{1,40}?)\s*$")
_NAME_PREFIX = re.compile(
    r"^(?:cotización|cotizacion|quote|quotation|angebot|devis|offer|offerte|presupuesto|"
    r"oferta)\s+",
    re.IGNORECASE,
)


def _signature(text: str) -> tuple[str, int] | None:
    """Returns the sender's company from the sign-off ("Cheers, Anna @ Jarful Supply")."""
    lines = [(m.group(0), m.start()) for m in re.finditer(r"[^\n]+", text)]
    lines = [(line, start) for line, start in lines if line.strip()]
    if len(lines) < 3:
        tail = _TAIL_NAME.search(text)
        return (tail.group("name"), tail.start("name")) if tail else _tail_company(text)
    closing_at = max((i for i, (line, _) in enumerate(lines) if _CLOSING.match(line)), default=-1)
    last, start = lines[-1]
    candidates: list[tuple[str, int]] = []
    if closing_at >= 0:
        closing, closing_start = lines[closing_at]
        rest = closing[_CLOSING.match(closing).end() :]  # type: ignore[union-attr]
        if rest.strip():
            candidates.append((rest, closing_start + len(closing) - len(rest)))
        candidates.extend(lines[closing_at + 1 :][::-1])
    elif re.fullmatch(r"(?:[A-Z][\w'’.-]*|&)(?:\s+(?:[A-Z][\w'’.-]*|&)){0,3}", last.strip()):
        candidates.append((last, start))  # a bare capitalised last line: "PrintHaus"
    for line, at in candidates:
        name = line.strip()
        company = _company_part(name, commas=False)  # "Dana — North Coast Candle Supply"
        if company and _is_name(company) and company[0].isupper():
            return company, text.index(company, at)
        if "@" in name:
            head, _, name = name.rpartition("@")
            at += len(line) - len(line.lstrip()) + len(head) + 1
        name = re.sub(r"\s+team$", "", name.strip(), flags=re.I).strip(" ,")
        plain = _NAME_LINE.match(name) and not re.search(r"\d", name)
        if plain and len(name.split()) <= 5 and not _CLOSING.match(name):
            return name, text.index(name, at)
    return None


def _read_supplier(buffer: _Text) -> Read[str] | None:
    """Returns the supplier's name: "Acme: ...", "quote from Acme", "From: Acme", "Acme GmbH"."""
    # The customer's own name ("To: …", "Customer: …") is never the supplier's.
    text = _CUSTOMER_LINE.sub(lambda m: " " * len(m.group(0)), buffer.original)
    lead = _LEAD_NAME.match(text)
    if lead:
        prefix = _NAME_PREFIX.match(lead.group("name"))
        start = lead.start("name") + (prefix.end() if prefix else 0)
        name = text[start : lead.end("name")].strip()
        # After "Cotización" a name is capitalised ("quote for your cups:" names no one).
        if name and _is_name(name) and (prefix is None or name[0].isupper()):
            return Read(name, buffer.take(start, start + len(name)))
    chat = _chat_company(text)
    if chat is not None:
        return Read(chat[0], buffer.take(chat[1], chat[1] + len(chat[0])))
    # "From: Elena Rossi <elena@…>" is a person: a company named elsewhere is the supplier,
    # unless the sender gives it: "From: Priya (Sunrise Exports) <…>".
    sender = _FROM.search(text)
    own = _PAREN_COMPANY.match(text, sender.end("name")) if sender else None
    if own is not None and _is_name(own.group("c")):
        return Read(own.group("c"), buffer.take(own.start("c"), own.end("c")))
    person = sender is not None and _PERSON_ADDRESS.match(text, sender.end("name"))
    for pattern in (_COMPANY, _FROM, _OFFERS) if person else (_FROM, _COMPANY, _OFFERS):
        match = pattern.search(text)
        if match and _is_name(match.group("name")):
            name = match.group("name").strip(" ,-")
            return Read(name, buffer.take(match.start("name"), match.start("name") + len(name)))
    signed = _signature(text)
    if signed and _is_name(signed[0]) and len(signed[0].split()) <= 4:
        name, at = signed
        return Read(name, buffer.take(at, at + len(name)))
    return None


_CUSTOMER_LINE = re.compile(
    r"^[ \t]*(?:to|customer|client|bill to|ship to|sold to|attn|attention|buyer|kunde|cliente|"
    r"destinataire|empfänger)\s*:[^\n]*",
    re.IGNORECASE | re.MULTILINE,
)
_PAREN_COMPANY = re.compile(r"[ \t]*\((?P<c>[^()\n@]{2,50}?)\)")
_PERSON_ADDRESS = re.compile(r"\s*<[^>\n]*@")
# "[14:02, 03/11/2026] Lily (Yiwu Crafts): …", "[10:41] Sofía – Textiles Andinos: …"
_CHAT_SPEAKER = re.compile(r"^\[[^\]\n]{1,40}\][ \t]*(?P<who>[^:\n\[\]]{1,60}?):", re.MULTILINE)
_OWN_SIDE = frozenset({"me", "you", "ich", "moi", "yo", "io", "ja", "jag"})


def _company_part(words: str, commas: bool = True) -> str | None:
    """Returns the company of "Lily (Yiwu Crafts)", "Sofía – Textiles Andinos", "Ana @ Wrap&Co"."""
    inside = re.search(r"\((?P<c>[^()\n]{2,50})\)", words)
    if inside:
        return inside.group("c").strip()
    split = r"\s+[—–-]\s+|\s*@\s*|,\s+|\s+\|\s+" if commas else r"\s+[—–]\s+|\s+\|\s+"
    parts = re.split(split, words.strip())
    return parts[-1].strip() if len(parts) > 1 and parts[-1].strip() else None


# The last sentence of a message: "… 3-4 settimane. Marco, Ceramiche Artigiane".
_LAST_SENTENCE = re.compile(
    r"(?:^|[.!?]\s+)[—–-]?\s*(?:(?:cheers|thanks|grüße|gruß|saludos|cordiali saluti|ciao|"
    r"regards|best|merci|danke|gracias|grazie)[,!]?\s+)?(?P<who>[A-Z][^\n.!?]{1,60})\s*$",
    re.IGNORECASE,
)


def _tail_company(text: str) -> tuple[str, int] | None:
    """Returns the company a one-paragraph message ends with, after the writer's name."""
    last = _LAST_SENTENCE.search(text[-200:])
    if last is None:
        return None
    company = _company_part(last.group("who"))
    if company is None or not company[0].isupper() or not _is_name(company):
        return None
    return company, text.rindex(company)


def _chat_company(text: str) -> tuple[str, int] | None:
    """Returns the company a pasted chat's other side writes after their name, and where."""
    for match in itertools.islice(_CHAT_SPEAKER.finditer(text), 50):
        who = match.group("who").strip()
        if who.lower() in _OWN_SIDE:
            continue
        company = _company_part(who)
        if company and _is_name(company):
            return company, text.index(company, match.start("who"))
    return None


def _is_name(name: str) -> bool:
    """Returns whether a candidate reads as a supplier's name and not a field label."""
    words = name.strip().lower().split()
    if not words or len(words) > 6 or words[0] in _NOT_NAMES or re.search(r"\d", name):
        return False  # "Étiquettes rondes Ø 40 mm", "Offre pour 300 sacs": the product
    if len(words) > 1 and words[0] in _ARTICLES:
        return False  # "a printer": a description
    if any(word.fullmatch(name.strip()) for word in _FEE_WORDS.values()):
        return False  # "Mould: USD 2,800" is a fee's label
    return not any(w in ("moq", "price", "prices", "qty", "setup", "shipping") for w in words)


# --------------------------------------------------------------------------------------------
# Keeping a reading (the quote book stores it as JSON) and correcting it
# --------------------------------------------------------------------------------------------

_DECIMAL_FIELDS = (
    "setup_fee",
    "tooling_fee",
    "shipping_per_order",
    "shipping_per_unit",
    "below_moq_fee",
)
_INT_FIELDS = ("moq", "lead_time_days")
_TEXT_FIELDS = ("supplier", "validity", "payment_terms")
READING_VERSION = 1


def _span_dict(span: Span) -> dict[str, object]:
    return {"start": span.start, "end": span.end, "words": span.words}


def _span_of(data: Mapping[str, Any]) -> Span:
    return Span(int(str(data["start"])), int(str(data["end"])), str(data["words"]))


def reading_to_dict(reading: QuoteReading) -> dict[str, object]:
    """Returns the reading as JSON-ready data (Decimals as exact strings)."""
    out: dict[str, object] = {
        "version": READING_VERSION,
        "currency": reading.currency,
        "tiers": [
            {
                "min_qty": t.min_qty,
                "unit_price": str(t.unit_price),
                "currency": t.currency,
                "span": _span_dict(t.span),
            }
            for t in reading.tiers
        ],
        "notes": list(reading.notes),
        "spans": [list(s) for s in reading.spans],
        "currency_span": _span_dict(reading.currency_span) if reading.currency_span else None,
    }
    for name, figure in reading.figures():
        out[name] = {"value": str(figure.value), "span": _span_dict(figure.span)}
    return out


def reading_from_dict(data: Mapping[str, Any]) -> QuoteReading:
    """Returns the reading stored by reading_to_dict."""
    fields: dict[str, Any] = {}
    for name in (*_DECIMAL_FIELDS, *_INT_FIELDS, *_TEXT_FIELDS):
        raw = data.get(name)
        if not isinstance(raw, Mapping):
            continue
        value: object = str(raw["value"])
        if name in _DECIMAL_FIELDS:
            value = Decimal(str(value))
        elif name in _INT_FIELDS:
            value = int(str(value))
        fields[name] = Read(value, _span_of(raw["span"]))
    tiers_data = data.get("tiers")
    tiers = tuple(
        QuoteTier(
            int(t["min_qty"]),
            Decimal(str(t["unit_price"])),
            _span_of(t["span"]),
            t.get("currency"),
        )
        for t in (tiers_data if isinstance(tiers_data, list) else [])
    )
    currency = data.get("currency")
    notes = data.get("notes")
    spans = data.get("spans")
    currency_span = data.get("currency_span")
    return QuoteReading(
        currency_span=_span_of(currency_span) if isinstance(currency_span, Mapping) else None,
        tiers=tiers,
        currency=str(currency) if currency else None,
        notes=tuple(str(n) for n in notes) if isinstance(notes, list) else (),
        spans=tuple((int(a), int(b)) for a, b in spans) if isinstance(spans, list) else (),
        **fields,
    )


# Names a founder may use to correct a figure: "/quotes edit 2 setup 120".
CORRECTABLE: Mapping[str, str] = {
    "supplier": "supplier",
    "name": "supplier",
    "moq": "moq",
    "setup": "setup_fee",
    "tooling": "tooling_fee",
    "mould": "tooling_fee",
    "mold": "tooling_fee",
    "shipping": "shipping_per_order",
    "shipping_per_unit": "shipping_per_unit",
    "freight_per_unit": "shipping_per_unit",
    "below_moq_fee": "below_moq_fee",
    "lead": "lead_time_days",
    "lead_time": "lead_time_days",
    "currency": "currency",
    "tiers": "tiers",
    "prices": "tiers",
}
_CORRECTED = "corrected by you"


def correct_reading(reading: QuoteReading, field_name: str, text: str) -> QuoteReading:
    """Returns the reading with one figure replaced by the founder's, or raises InputError."""
    name = CORRECTABLE.get(field_name.strip().lower())
    value = text.strip()
    if name is None:
        choices = ", ".join(sorted(set(CORRECTABLE)))
        raise InputError("field", f"{field_name[:30]!r} is not one of {choices}")
    if not value:
        raise InputError(name, "give the new value after the field name")
    span = Span(0, 0, _CORRECTED)
    if name == "tiers":
        found = read_quote(value)
        if found is None or not found.tiers:
            raise InputError(
                "tiers", f"no prices in {value[:40]!r}; e.g. 1000 @ 0.80, 5000 @ 0.45"
            )
        tiers = tuple(QuoteTier(t.min_qty, t.unit_price, span, t.currency) for t in found.tiers)
        return replace(reading, tiers=tiers, currency=found.currency or reading.currency)
    if name == "currency":
        code = _code(value)
        if code is None:
            raise InputError("currency", f"{value[:20]!r} is not a currency code like EUR or USD")
        return replace(reading, currency=code)
    if name == "supplier":
        return replace(reading, supplier=Read(value[:100], span))
    changes: dict[str, Any] = {name: Read(_corrected_number(name, value), span)}
    return replace(reading, **changes)


def _corrected_number(name: str, value: str) -> Decimal | int:
    """Returns the founder's amount or whole number for a figure, or raises InputError."""
    number = _decimal(value.replace("€", "").replace("$", "").replace("£", "").strip())
    if number is None or number < 0 or number > MAX_PRICE:
        raise InputError(name, f"{value[:20]!r} is not an amount")
    if name not in _INT_FIELDS:
        return number
    if number != number.to_integral_value() or number < 1:
        raise InputError(name, f"{value[:20]!r} is not a whole number")
    return int(number)


__all__ = [
    "CORRECTABLE",
    "MAX_QUOTE_CHARS",
    "MAX_TIER_CANDIDATES",
    "QuoteReading",
    "QuoteTier",
    "Read",
    "Span",
    "correct_reading",
    "read_quote",
    "reading_from_dict",
    "reading_to_dict",
    "too_long",
]
