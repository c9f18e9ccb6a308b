"""The founder's quote in the conversation: read from a message (read_quote), kept with the need.

A quote's numbers are its own: "quoted 1000 @ $0.80, I need 300 a month" needs 300, not 1,000.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import replace
from decimal import Decimal

from bot.core.conversation.messages import FounderQuote
from bot.core.types import PriceTier
from bot.core.understanding.numbers import Figure, Role
from bot.core.understanding.parsing import Parsed, tooled_price
from bot.core.understanding.quotes import QuoteReading, Read, read_quote

# The stored state keeps at most this many tiers (a pasted price list may hold more).
MAX_TIERS = 10
# A tier read from a chat message must say it is a price: a currency, "@", "at", "each", a
# table separator... "300-500 woven labels" is the founder's range, not 300 at 500.
_PRICE_MARK = re.compile(
    r"[@|:\t€$£¥₹₦₱₩₺₫₴₪]|\b(?:at|each|per|ea|pcs?|pieces?|units?|stk|stück|pièces?|piezas?|"
    r"(?-i:[A-Z]{3}))\b",
    re.IGNORECASE,
)


def _positive(figure: Read[Decimal] | None) -> Decimal | None:
    """Returns a fee the quote states, when it is a positive amount."""
    if figure is None or not figure.value.is_finite() or figure.value <= 0:
        return None
    return figure.value


def _quote_of(reading: QuoteReading) -> FounderQuote | None:
    """Returns the terms a reading states, or None when none of them is usable."""
    tiers = tuple(
        PriceTier(t.min_qty, t.unit_price)
        for t in reading.tiers
        if t.min_qty >= 1
        and t.unit_price.is_finite()
        and t.unit_price > 0
        and _PRICE_MARK.search(t.span.words)
    )[:MAX_TIERS]
    moq = reading.moq.value if reading.moq is not None and reading.moq.value >= 1 else None
    quote = FounderQuote(
        supplier=reading.supplier.value[:120] if reading.supplier else None,
        tiers=tiers,
        moq=moq,
        setup_fee=_positive(reading.setup_fee),
        tooling_fee=_positive(reading.tooling_fee),
        currency=reading.currency,
    )
    if not (quote.tiers or quote.moq or quote.tooling_fee):
        return None
    return quote


def _from_parsed(parsed: Parsed, supplier: str | None) -> FounderQuote | None:
    """Returns the terms the message reader found (tiers, the supplier's MOQ, fees)."""
    tiers = tuple(
        PriceTier(t.min_qty, t.unit_price)
        for t in sorted(parsed.tiers, key=lambda t: t.min_qty)
        if t.min_qty >= 1 and t.unit_price.is_finite() and t.unit_price > 0
    )[:MAX_TIERS]
    if len({t.min_qty for t in tiers}) != len(tiers):
        tiers = ()  # two prices for one quantity: not terms the economics can take
    moq = parsed.supplier_moq if parsed.supplier_moq and parsed.supplier_moq >= 1 else None
    setup = parsed.setup_fee.amount if parsed.setup_fee else None
    tooling = parsed.tooling_fee.amount if parsed.tooling_fee else None
    currency = next((t.currency for t in parsed.tiers if t.currency), None)
    for fee in (parsed.setup_fee, parsed.tooling_fee):
        currency = currency or (fee.currency if fee else None)
    quote = FounderQuote(
        supplier=supplier,
        tiers=tiers,
        moq=moq,
        setup_fee=setup if setup is not None and setup > 0 else None,
        tooling_fee=tooling if tooling is not None and tooling > 0 else None,
        currency=currency,
    )
    return quote if (quote.tiers or quote.moq or quote.tooling_fee) else None


def quote_in(parsed: Parsed, text: str) -> tuple[FounderQuote | None, str]:
    """Returns the quote a message states, and the text to read the need from.

    The message reader's figures come first (it already kept them out of the need); the quote
    reader names the supplier and reads a pasted price table the message reader did not,
    whose figures are then blanked so the need is read without them.
    """
    reading = read_quote(text)
    supplier = _supplier_name(reading)
    found = _unmarked_dropped(_from_parsed(parsed, supplier), text)
    table = _quote_of(reading) if reading is not None else None
    if found is not None and table is not None and reading and _better_breaks(table, found):
        # The message reader took a fee for a price ("1000 st. — €1,20" then "screen fee €45"
        # read as 1,000 at €45 and a €1.20 set-up): the table's own breaks fall with quantity.
        return replace(table, supplier=supplier), _blanked(text, reading)
    if found is not None:
        found = _fee_unswapped(found)
    if found is not None and table is not None and _fuller_breaks(table, found):
        # The message reader missed breaks the quote reader read ("$0.06 per bait at 10,000
        # min, $0.045 at 30,000"; "5k for ₦180k"): its fees and minimum stay.
        found = replace(found, tiers=table.tiers, currency=found.currency or table.currency)
    if found is not None and not found.tiers and reading is not None:
        # The message reader saw a quote (a fee, an MOQ) but no price break; the quote reader's
        # price-marked tiers ("$0.60 a piece at 5000+") complete it.
        read = _quote_of(reading)
        if read is not None and read.tiers:
            found = replace(found, tiers=read.tiers, currency=found.currency or read.currency)
    if found is not None or reading is None:
        return found, text
    quote = _quote_of(reading)
    # Alone, the quote reader is trusted with a price table only (two tiers or more): its fee
    # words read a founder's "one-off, budget $400" as tooling.
    if quote is None or len(quote.tiers) < 2:
        return None, text
    return replace(quote, supplier=supplier), _blanked(text, reading)


def _unmarked_dropped(found: FounderQuote | None, text: str) -> FounderQuote | None:
    """Returns the message reader's terms without breaks in a message that marks no price (no
    currency, "@", "each", "per"...): "the 10k one looks cheap" names a tier, it prices none."""
    if found is None or not found.tiers or found.currency or _PRICE_MARK.search(text):
        return found
    kept = replace(found, tiers=())
    return kept if (kept.moq or kept.tooling_fee) else None


def _blanked(text: str, reading: QuoteReading) -> str:
    """Returns the text with the quote's figures blanked: the rest is read for the need."""
    used = [t.span for t in reading.tiers if _PRICE_MARK.search(t.span.words)]
    used += [f.span for f in (reading.moq, reading.setup_fee, reading.tooling_fee) if f]
    chars = list(text)
    for span in used:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return "".join(chars)


def _falling(tiers: tuple[PriceTier, ...]) -> bool:
    """Returns whether the unit price never rises with the quantity, as price breaks do."""
    ordered = sorted(tiers, key=lambda t: t.min_qty)
    return all(b.unit_price <= a.unit_price for a, b in itertools.pairwise(ordered))


def _better_breaks(table: FounderQuote, found: FounderQuote) -> bool:
    """Returns whether the quote reader's table is the better reading of the same quantities:
    its prices fall with quantity where the message reader's rise."""
    quantities = {t.min_qty for t in table.tiers}
    return (
        len(table.tiers) >= 2
        and quantities == {t.min_qty for t in found.tiers}
        and _falling(table.tiers)
        and not _falling(found.tiers)
    )


def _fuller_breaks(table: FounderQuote, found: FounderQuote) -> bool:
    """Returns whether the quote reader's falling breaks hold every quantity the message reader
    read and more, agreeing on its prices, or giving the currency and prices it lacked (a
    "10000 @ 1" read out of "10k for ₦300k")."""
    mine = {t.min_qty: t.unit_price for t in found.tiers}
    theirs = {t.min_qty: t.unit_price for t in table.tiers}
    if len(theirs) < 2 or len(theirs) <= len(mine) or not _falling(table.tiers):
        return False
    if not set(mine) <= set(theirs):
        return False
    agree = all(theirs[q] == price for q, price in mine.items())
    return agree or (found.currency is None and table.currency is not None)


def _fee_unswapped(quote: FounderQuote) -> FounderQuote:
    """Returns the quote with the last break's price and the set-up fee swapped back when a
    row ran into the fee after it ("1000 st. — €1,20 screen fee €45" read as 1,000 at €45
    and a €1.20 set-up): the set-up continues the falling prices and the "price" breaks them."""
    tiers, fee = quote.tiers, quote.setup_fee
    if len(tiers) < 2 or fee is None or not _falling(tiers[:-1]):
        return quote
    last, before = tiers[-1], tiers[-2]
    if not (last.unit_price > before.unit_price and fee < before.unit_price):
        return quote
    fixed = (*tiers[:-1], PriceTier(last.min_qty, fee))
    return replace(quote, tiers=fixed, setup_fee=last.unit_price)


# A supplier "name" in lower case with a function word in it is the founder's own sentence
# ("got an offer from a printer:"), not a company: the quote stays unnamed.
_SENTENCE_WORDS = frozenset(
    "a an the from of to my our we i got they sent me this".split()  # noqa: SIM905 - a word list
)


def _supplier_name(reading: QuoteReading | None) -> str | None:
    """Returns the supplier the quote reader named, unless it is a sentence of the founder's."""
    if reading is None or reading.supplier is None:
        return None
    name = reading.supplier.value[:120]
    words = name.split()
    if name == name.lower() and len(words) >= 3 and _SENTENCE_WORDS.intersection(words):
        return None
    return name


# What a founder calls the per-piece process a tool would replace, to label its price.
_PROCESSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("3D printing", re.compile(r"3 ?d[- ]?(?:print|druck)|impr\w* (?:en )?3d", re.I)),
    ("CNC machining", re.compile(r"\bcnc\b|machin(?:ing|ed)|fräs|fras|usin", re.I)),
    ("laser cutting", re.compile(r"\blaser", re.I)),
    ("making them by hand", re.compile(r"by hand|hand[- ]?made|von hand|à la main|a mano", re.I)),
)


def tooled_and_per_piece(
    parsed: Parsed, text: str, quote: FounderQuote | None
) -> tuple[FounderQuote, FounderQuote] | None:
    """Returns a tooled quote and the per-piece price it is weighed against, both said in one
    message ("we 3D print them at €9.50 each; a mould would be €7,800, then €1.20 a part"),
    or None. The tooled price is the first price after the tooling fee (when the quote has no
    tiers yet); the other is a price someone charges now, higher than the tooled one."""
    if quote is None or quote.tooling_fee is None:
        return None
    tooled = quote
    if not tooled.tiers:
        price = tooled_price(parsed)
        if price is None:
            return None
        tiers = (PriceTier(1, price.value),)
        tooled = replace(quote, tiers=tiers, currency=quote.currency or price.currency)
    lowest = min(t.unit_price for t in tooled.tiers)
    other = _per_piece(parsed.figures, lowest, tooled.currency)
    if other is None:
        return None
    label = next((name for name, cue in _PROCESSES if cue.search(text)), "per piece, no tooling")
    currency = other.currency or tooled.currency
    return tooled, FounderQuote(label, (PriceTier(1, other.value),), currency=currency)


def _per_piece(
    figures: tuple[Figure, ...], tooled: Decimal, currency: str | None
) -> Figure | None:
    """Returns the price charged now per piece: above the tooled price, in its currency."""
    for figure in figures:
        if figure.role is not Role.SUPPLIER_PRICE or figure.value <= tooled:
            continue
        if figure.currency and currency and figure.currency != currency:
            continue
        return figure
    return None


def _another(known: FounderQuote, new: FounderQuote) -> bool:
    """Returns whether a new quote is another supplier's or another process's (a mould with
    tooling against 3D printing without), to be compared rather than merged."""
    if new.supplier and known.supplier and new.supplier != known.supplier:
        return True
    both_priced = bool(new.tiers and known.tiers)
    return both_priced and (new.tooling_fee is None) != (known.tooling_fee is None)


def with_quote(
    known: FounderQuote | None, earlier: FounderQuote | None, new: FounderQuote
) -> tuple[FounderQuote, FounderQuote | None]:
    """Returns the current and the earlier quote after a new one: another supplier's quote
    moves the known one to `earlier`; the same supplier's adds to it."""
    if known is not None and _another(known, new):
        return new, known
    return merged(known, new), earlier


def merged(known: FounderQuote | None, new: FounderQuote) -> FounderQuote:
    """Returns the new quote, keeping what it does not restate from the same supplier's one."""
    if known is None or (new.supplier and known.supplier and new.supplier != known.supplier):
        return new
    return replace(
        new,
        supplier=new.supplier or known.supplier,
        tiers=new.tiers or known.tiers,
        moq=new.moq if new.moq is not None else known.moq,
        setup_fee=new.setup_fee if new.setup_fee is not None else known.setup_fee,
        tooling_fee=new.tooling_fee if new.tooling_fee is not None else known.tooling_fee,
        currency=new.currency or known.currency,
    )


__all__ = ["MAX_TIERS", "merged", "quote_in", "tooled_and_per_piece", "with_quote"]
