"""One bot turn as `chat --json` prints it (issue 10's contract): text, asking, choices, need,
answer."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from bot.core.conversation.messages import FounderQuote
from bot.core.conversation.state import DialogState, Shown
from bot.core.search.matching import SearchIndex
from bot.core.types import Need


def _number(value: Decimal | None) -> int | float | None:
    """Returns a Decimal as a JSON number: whole numbers as int."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _quote_json(quote: FounderQuote | None) -> dict[str, Any] | None:
    """Returns the founder's quote as the contract's `quote`, or None without price breaks."""
    if quote is None or not quote.tiers:
        return None
    return {
        "tiers": [
            {"min_qty": t.min_qty, "unit_price": _number(t.unit_price)} for t in quote.tiers
        ],
        "setup_fee": _number(quote.setup_fee),
        "tooling_fee": _number(quote.tooling_fee),
        "currency": quote.currency,
    }


def need_json(
    need: Need,
    quote: FounderQuote | None,
    uncovered_product: str | None = None,
    money_currency: str | None = None,
) -> dict[str, Any]:
    """Returns the need as the `understand` fields (without "text"); a product no category
    covers is named as `understand` names it (with no categories, covered false)."""
    return {
        "product": need.product or uncovered_product,
        "categories": list(need.categories),
        "quantity": need.quantity,
        "quantity_max": need.quantity_max,
        "period": need.period.value if need.period else None,
        "budget": _number(need.budget),
        "budget_period": need.budget_period.value if need.budget_period else None,
        # the currency of the message's money: the founder's own, else their quote's, else
        # that of any price they named
        "currency": need.currency or (quote.currency if quote else None) or money_currency,
        "country": need.country,
        "region": need.region,
        "stage": need.stage.value if need.stage else None,
        "deadline_days": need.deadline_days,
        "shelf_life_months": need.shelf_life_months,
        "target_unit_price": _number(need.target_unit_price),
        "supplier_moq": quote.moq if quote else None,
        "quote": _quote_json(quote),
        "covered": bool(need.categories),
    }


def answer_json(shown: Shown | None, index: SearchIndex) -> dict[str, Any] | None:
    """Returns the answer the turn showed, its leads looked up by id, or None."""
    if shown is None:
        return None
    leads = []
    for supplier_id in shown.lead_ids:
        supplier = index.get(supplier_id)
        if supplier is None:
            continue  # removed since: the answer keeps the others
        leads.append(
            {
                "id": supplier_id,
                "name": supplier.name,
                "categories": list(supplier.categories),
                "country": supplier.country,
                "moq": supplier.moq,
            }
        )
    return {
        "order_quantity": shown.order_quantity,
        "binding": shown.binding.value if shown.binding else None,
        "unit_price": _number(shown.unit_price),
        "price_source": shown.price_source,
        "leads": leads,
    }


def state_need_json(state: DialogState) -> dict[str, Any]:
    """Returns the need the state holds as the `understand` fields (see need_json)."""
    return need_json(state.need, state.quote, state.uncovered_product, state.money_currency)


def turn_json(
    text: str, choices: Sequence[str], state: DialogState, index: SearchIndex
) -> dict[str, Any]:
    """Returns one bot turn: its plain text, what it asks, its buttons, the need and answer."""
    return {
        "text": text,
        "asking": state.asking,
        "choices": list(choices),
        "need": state_need_json(state),
        "answer": answer_json(state.shown, index),
    }


__all__ = ["answer_json", "need_json", "state_need_json", "turn_json"]
