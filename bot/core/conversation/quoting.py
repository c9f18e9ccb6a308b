"""The founder's quote in the conversation: read from a message (read_quote), kept with the need.

A quote's numbers are its own: they are blanked out before the message is read for the need, so
"quoted 1000 @ $0.80, I need 300 a month" needs 300, not 1,000.
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from bot.core.conversation.messages import FounderQuote
from bot.core.types import PriceTier
from bot.core.understanding.quotes import QuoteReading, Read, read_quote

# The stored state keeps at most this many tiers (a pasted price list may hold more).
MAX_TIERS = 10
# A tier read from a chat message must say it is a price: a currency, "@", "at", "each", a
# table separator... "300-500 woven labels" is the founder's range, not 300 at 500.
_PRICE_MARK = re.compile(
    r"[@|:\t€$£¥₹]|\b(?:at|each|per|ea|pcs?|pieces?|units?|stk|stück|pièces?|piezas?|"
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


def quote_in(text: str) -> tuple[FounderQuote | None, str]:
    """Returns the quote a message states and the message with the quote's figures blanked."""
    reading = read_quote(text)
    if reading is None:
        return None, text
    quote = _quote_of(reading)
    if quote is None:
        return None, text
    # Only the figures used are blanked: the rest of the message is read for the need.
    used = [t.span for t in reading.tiers if _PRICE_MARK.search(t.span.words)]
    used += [f.span for f in (reading.moq, reading.setup_fee, reading.tooling_fee) if f]
    chars = list(text)
    for span in used:
        chars[span.start : span.end] = " " * (span.end - span.start)
    return quote, "".join(chars)


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


__all__ = ["MAX_TIERS", "merged", "quote_in"]
