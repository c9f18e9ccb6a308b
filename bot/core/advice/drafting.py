"""The drafted request for quote: short, polite, with the founder's figures and a referral ask."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.core.types import Need, Period, Supplier
from bot.core.understanding.geography import COUNTRY_NAMES


@dataclass(frozen=True, slots=True)
class DraftRequest:
    """A request for quote to one supplier (or to anyone, for a referral ask)."""

    supplier_name: str | None
    email: str | None
    website: str | None
    subject: str
    body: str


_PERIOD_WORDS = {
    Period.WEEK: "a week",
    Period.MONTH: "a month",
    Period.YEAR: "a year",
}


def _amount(value: Decimal, currency: str | None) -> str:
    """Returns an amount as "1,500 EUR" (whole numbers without decimals)."""
    number = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return f"{number} {currency}" if currency else number


def as_quoted(quantity: int) -> int:
    """Returns a quantity to two significant figures, as suppliers quote breaks (an economic
    order of 8,090 is asked as "about 8,100": the cost curve is flat around it)."""
    step = 10 ** max(len(str(quantity)) - 2, 0)
    return int(max(step, round(quantity / step) * step))


def _quantity_phrase(need: Need, order_quantity: int | None) -> str:
    """Returns the quantity sentence of the request."""
    if need.quantity is None:
        return "a small first run"
    wanted = f"{need.quantity:,}"
    if need.quantity_max is not None:
        wanted = f"{need.quantity:,}–{need.quantity_max:,}"
    if need.period is None or need.period is Period.ONCE:
        base = f"a one-off batch of {wanted} units"
    else:
        base = f"about {wanted} units {_PERIOD_WORDS[need.period]}"
    run = as_quoted(order_quantity) if order_quantity is not None else None
    if run is not None and run != need.quantity:
        base += f", ordered in runs of about {run:,}"
    return base


def _first_names() -> dict[str, str]:
    """Returns each country code's first (English) name in the geography table."""
    names: dict[str, str] = {}
    for name, code in COUNTRY_NAMES.items():
        names.setdefault(code, name)
    return names


_COUNTRY_NAME = _first_names()
_SMALL_WORDS = frozenset({"and", "of", "the"})


def country_name(code: str) -> str:
    """Returns "Netherlands" for "NL" (a supplier reads a name, not a code); the code when the
    table has no name for it."""
    name = _COUNTRY_NAME.get(code)
    if name is None:
        return code
    return " ".join(w if w in _SMALL_WORDS else w.capitalize() for w in name.split())


def _facts(
    need: Need, order_quantity: int | None, product: str, specs: Sequence[str]
) -> list[str]:
    """Returns the lines of the request that state the founder's figures and constraints."""
    facts = [f"- Product: {product}", f"- Quantity: {_quantity_phrase(need, order_quantity)}"]
    if specs:
        facts.append(f"- Sizes and variants: {', '.join(specs)}")
    if need.budget is not None:
        per = (
            f"per {need.budget_period.value}"
            if need.budget_period in _PERIOD_WORDS
            else "per order"
        )
        facts.append(f"- Budget: about {_amount(need.budget, need.currency)} {per}")
    if need.target_unit_price is not None:
        facts.append(f"- Target unit price: {_amount(need.target_unit_price, need.currency)}")
    if need.country:
        facts.append(f"- Delivery to: {country_name(need.country)}")
    if need.deadline_days is not None:
        facts.append(f"- Needed within: {need.deadline_days} days")
    if need.shelf_life_months is not None:
        facts.append(f"- Shelf life of the product: {need.shelf_life_months} months")
    if need.change_horizon_months is not None:
        facts.append(f"- The product changes in about {need.change_horizon_months} months")
    if need.certifications:
        facts.append(f"- Requirements: {', '.join(need.certifications)}")
    return facts


def _price_question(quote_at: Sequence[int]) -> str:
    """Returns the question for prices, at the quantities that matter for the decision."""
    if quote_at:
        at = ", ".join(f"{q:,}" for q in dict.fromkeys(quote_at))  # each quantity once
        return (
            f"Could you quote your unit price at {at} units, and tell us your minimum order, "
            "any set-up, plate or tooling costs, and the lead time?"
        )
    return (
        "Could you tell us your minimum order, your price at this quantity and at your next "
        "price break, any set-up or plate costs, and the lead time?"
    )


def draft_request(
    need: Need,
    supplier: Supplier | None,
    order_quantity: int | None,
    *,
    quote_at: Sequence[int] = (),
    specs: Sequence[str] = (),
) -> DraftRequest:
    """Returns a request for quote for a small series that also asks whom they would recommend;
    `quote_at` names the quantities to be quoted (the need, the MOQ, the next break)."""
    product = (need.product or "our product").strip()[:120]
    greeting = f"Hello {supplier.name} team," if supplier else "Hello,"
    body = "\n".join(
        [
            greeting,
            "",
            "We are a small company and would like a quote for a small series:",
            *_facts(need, order_quantity, product, specs),
            "",
            _price_question(quote_at),
            "",
            "If a run this small does not suit you, could you recommend a company that takes "
            "small orders? We would be grateful for a name.",
            "",
            "Thank you and kind regards,",
        ]
    )
    subject = f"Quote request: small series of {product}"[:120]
    return DraftRequest(
        supplier_name=supplier.name if supplier else None,
        email=supplier.email if supplier else None,
        website=supplier.website if supplier else None,
        subject=subject,
        body=body,
    )


def referral_request(product: str, need: Need) -> DraftRequest:
    """Returns a short request asking who makes a product in small runs (no supplier known)."""
    product = product.strip()[:120] or "our product"
    body = "\n".join(
        [
            "Hello,",
            "",
            f"We are a small company looking for a maker of {product} who takes small runs "
            f"({_quantity_phrase(need, None)}).",
            "Do you make it, or do you know a company that does? We would be grateful for a name.",
            "",
            "Thank you and kind regards,",
        ]
    )
    subject = f"Who makes {product} in small runs?"[:120]
    return DraftRequest(None, None, None, subject, body)


__all__ = ["country_name", "draft_request", "referral_request"]
