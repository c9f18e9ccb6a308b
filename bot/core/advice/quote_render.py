"""What the founder sees of their quotes: each figure with its words, the book, the comparison.

Built from markup nodes only, so every supplier's word is escaped on its way into HTML.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from bot.core.advice.currency import Rates, format_day
from bot.core.advice.quotes import Comparison, Quote
from bot.core.markup import Bold, Italic, Line, Node, Plain, Reply, line, lines
from bot.core.types import Button
from bot.core.understanding.money import format_money, with_currency
from bot.core.understanding.quotes import CORRECTABLE, QuoteReading, Span

# Callback actions (bot/telegram/keyboards.py encodes them as "v1:<action>:<quote id>").
CONFIRM, CORRECT, DISCARD, COMPARE = "qok", "qfix", "qdel", "qcmp"

_LABELS = {
    "supplier": "Supplier",
    "moq": "Minimum order",
    "setup_fee": "Set-up per order",
    "tooling_fee": "Tooling (once)",
    "shipping_per_order": "Shipping per order",
    "shipping_per_unit": "Shipping per unit",
    "below_moq_fee": "Below-MOQ surcharge",
    "lead_time_days": "Lead time",
    "validity": "Valid",
    "payment_terms": "Payment",
}
_MISSING = {
    "moq": "no minimum stated (the first tier is taken as the minimum)",
    "setup_fee": "no set-up fee stated",
    "tooling_fee": "no tooling stated",
    "shipping_per_order": "no shipping stated",
    "lead_time_days": "no lead time stated",
    "currency": "no currency stated (read as yours)",
}
PRIVATE_ONLY = (
    "Quotes are private: send them to me in a private chat, and I keep them for you alone. "
    "Nothing was stored."
)


def _words(span: Span) -> Node:
    return Italic(f"“{span.words}”")


def _money(value: Decimal, currency: str | None) -> str:
    places = 0 if value == value.to_integral_value() else 2
    return format_money(
        value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), currency, places
    )


def _price(value: Decimal, currency: str | None) -> str:
    text = f"{value.quantize(Decimal('0.0001'), ROUND_HALF_UP):,.4f}"
    while text.endswith("0") and len(text.split(".")[1]) > 2:
        text = text[:-1]
    return with_currency(text, currency)


def _figure_text(name: str, value: object, currency: str | None) -> str:
    if name == "lead_time_days":
        return f"{value} days"
    if name == "moq":
        return f"{value:,}" if isinstance(value, int) else str(value)
    if isinstance(value, Decimal):
        return _money(value, currency)
    return str(value)


def reading_reply(quote_id: int, reading: QuoteReading, quote: Quote) -> Reply:
    """Returns what was read, each figure with the words it came from, and the buttons."""
    cur = reading.currency
    items: list[Node] = [Bold(f"Quote #{quote_id}: here is what I read")]
    for tier in reading.tiers:
        items.append(
            line(
                f"• {tier.min_qty:,}+ at {_price(tier.unit_price, cur)} a unit  ",
                _words(tier.span),
            )
        )
    for name, figure in reading.figures():
        shown = _figure_text(name, figure.value, cur)
        items.append(line(f"• {_LABELS[name]}: {shown}  ", _words(figure.span)))
    if cur is not None and reading.currency_span is not None:
        items.append(line(f"• Currency: {cur}  ", _words(reading.currency_span)))
    missing = [_MISSING[m] for m in quote.missing() if m in _MISSING]
    if missing:
        items.append(Plain("Not stated: " + "; ".join(missing) + "."))
    items.extend(Plain(f"Note: {note}.") for note in reading.notes)
    items.append(Plain("Is this right? Confirm it before I use it."))
    buttons = (
        (
            Button("Confirm", CONFIRM, str(quote_id)),
            Button("Correct", CORRECT, str(quote_id)),
            Button("Discard", DISCARD, str(quote_id)),
        ),
    )
    return Reply(lines(*items), buttons)


def correct_help(quote_id: int) -> Reply:
    """Returns how to correct a figure."""
    fields = ", ".join(sorted(set(CORRECTABLE)))
    return Reply(
        lines(
            Plain(f"Send the correction as: /quotes edit {quote_id} FIELD VALUE"),
            Plain(f"for example /quotes edit {quote_id} setup 120"),
            Plain(f"Fields: {fields}."),
        )
    )


def confirmed_reply(quote_id: int, supplier: str) -> Reply:
    """Returns the confirmation and what to do next."""
    return Reply(
        lines(
            Plain(f"Saved quote #{quote_id} from {supplier}."),
            Plain("Compare your quotes with /quotes compare, e.g. /quotes compare 500 a month."),
        ),
        ((Button("Compare my quotes", COMPARE, "0"),),),
    )


def plain_reply(text: str) -> Reply:
    """Returns a one-paragraph reply."""
    return Reply(Plain(text), quote=True)


def book_reply(entries: Sequence[tuple[int, str, bool, QuoteReading]]) -> Reply:
    """Returns the founder's quote book: id, supplier, first tier, confirmed or not."""
    if not entries:
        return Reply(Plain("Your quote book is empty. Forward me a supplier's quote or send it."))
    items: list[Node] = [Bold("Your quotes (only you see them)")]
    for quote_id, supplier, confirmed, reading in entries:
        first = reading.tiers[0] if reading.tiers else None
        price = (
            f"{first.min_qty:,}+ at {_price(first.unit_price, reading.currency)}"
            if first
            else "no price"
        )
        status = "confirmed" if confirmed else "not confirmed yet"
        items.append(line(f"#{quote_id} ", Bold(supplier), f": {price} ({status})"))
    items.append(
        Plain(
            "/quotes compare NEED · /quotes edit ID FIELD VALUE · /quotes delete ID · "
            "/quotes show ID"
        )
    )
    return Reply(lines(*items))


def comparison_replies(comparison: Comparison) -> list[Reply]:
    """Returns the ranked comparison, the decisions and the figures each rests on."""
    cur = comparison.need.currency
    items: list[Node] = [Bold("Your quotes compared"), Plain(comparison.explanation)]
    for rank, index in enumerate(comparison.ranking, start=1):
        result = comparison.results[index]
        best = result.best
        fits = "" if best.feasible else f" — does not fit: {best.infeasible_reason}"
        span = "in total" if comparison.need.demand.period.value == "once" else "first year"
        items.append(
            Line(
                (
                    Plain(f"{rank}. "),
                    Bold(result.quote.supplier),
                    Plain(
                        f": order {best.order_quantity:,}, {_price(result.landed_unit_cost, cur)} "
                        f"a unit landed, {_money(best.cash_per_order, cur)} an order, "
                        f"{best.months_of_cover:.1f} months of cover, "
                        f"{_money(result.first_year, cur)} {span}{fits}"
                    ),
                )
            )
        )
        missing = [_MISSING[m] for m in result.quote.missing() if m in _MISSING]
        if missing:
            items.append(Plain(f"   {result.quote.supplier}: " + "; ".join(missing) + "."))
    for decision in comparison.decisions:
        items.extend(Plain(sentence) for sentence in decision.sentences)
    if comparison.rates is not None:
        items.append(Plain(_rates_line(comparison.rates)))
    if comparison.quote_at:
        at = ", ".join(f"{q:,}" for q in comparison.quote_at)
        items.append(
            Plain(f"So the next replies compare, ask every supplier for a price at {at} units.")
        )
    return [Reply(lines(*items))]


def _rates_line(rates: Rates) -> str:
    return f"Rates: {rates.source}, {format_day(rates.on)}."


def rates_loaded(rates: Rates) -> Reply:
    """Returns the admin's confirmation of new rates."""
    return Reply(
        Plain(f"Loaded {len(rates.per_euro)} euro reference rates of {format_day(rates.on)}.")
    )


__all__ = [
    "COMPARE",
    "CONFIRM",
    "CORRECT",
    "DISCARD",
    "PRIVATE_ONLY",
    "book_reply",
    "comparison_replies",
    "confirmed_reply",
    "correct_help",
    "plain_reply",
    "rates_loaded",
    "reading_reply",
]
