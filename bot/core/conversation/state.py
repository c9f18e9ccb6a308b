"""One founder's conversation as stored between events, and its strict JSON form.

The store keeps `DialogState.to_dict()`; `from_dict` turns anything damaged, old or forged into a
fresh conversation instead of trusting it.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from bot.core.advice.currency import Rates
from bot.core.advice.price_lists import PriceList
from bot.core.conversation.messages import FounderQuote, HistoryEntry, Message, Slot
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import CategoryWords
from bot.core.types import Binding, Need, Period, PriceTier, Stage, Taxonomy

HISTORY_LIMIT = 20
MAX_LEADS = 25
# Questions remembered for the "never a third time" rule; older ones no longer matter.
ASKED_LIMIT = 40
# Sizes and variants kept for the drafted request.
MAX_SPECS = 10
MAX_SPEC_CHARS = 40
# The founder's words for a product no category covers, as shown back to them.
MAX_PRODUCT_CHARS = 200


@dataclass(frozen=True, slots=True)
class KnowledgeView:
    """The knowledge the dialog reads: the search index and the taxonomy."""

    index: SearchIndex
    taxonomy: Taxonomy
    price_lists: tuple[PriceList, ...] = ()  # knowledge/price-lists.yaml, validated
    rates: Rates | None = None  # the euro reference rates a published list is converted at
    # The taxonomy's words, for telling a category a phrase names from a fuzzy near miss.
    category_words: CategoryWords = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "category_words", CategoryWords.of(self.taxonomy))


@dataclass(frozen=True, slots=True)
class Shown:
    """The answer one turn showed, as figures (for `chat --json`); None on other turns."""

    order_quantity: int | None
    binding: Binding | None
    unit_price: Decimal | None
    price_source: str  # "quote" | "knowledge_base" | "none"
    lead_ids: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DialogState:
    """One founder's conversation; stored as JSON between events."""

    SCHEMA_VERSION: ClassVar[int] = 1

    need: Need = field(default_factory=Need)
    awaiting: Slot | None = None  # None: nothing asked yet
    answered: tuple[Slot, ...] = ()  # in the order they were filled, for /back
    skipped: tuple[Slot, ...] = ()
    category_options: tuple[str, ...] = ()  # category ids offered as buttons
    editing: bool = False  # after this answer, re-run the recommendation
    extras_asked: bool = False
    lead_offset: int = 0
    order_quantity: int | None = None  # the last recommended order, for the drafted request
    last_answer: HistoryEntry | None = None
    history: tuple[HistoryEntry, ...] = ()  # newest last, at most HISTORY_LIMIT
    asked: tuple[Slot, ...] = ()  # every question asked, in order (a slot at most twice)
    quote: FounderQuote | None = None  # the terms the founder pasted or stated
    earlier_quote: FounderQuote | None = None  # another supplier's or process's, to compare
    shown: Shown | None = None  # the answer this turn showed
    asking: str | None = None  # what this turn asked, as `chat --json` names it
    specs: tuple[str, ...] = ()  # sizes and variants ("30 ml", "3 colours"), for the request
    # the founder's words for a product no category covers ("yoga mats"), until one is covered
    uncovered_product: str | None = None
    # the currency of the money the founder's messages name when none of it is their own ("the
    # shop charges NT$1,450/case"), so the need says it as `understand` does
    money_currency: str | None = None

    @classmethod
    def new(cls) -> DialogState:
        """Returns the state of a conversation that has not started."""
        return cls()

    def times_asked(self, slot: Slot) -> int:
        """Returns how often `slot` has been asked in this conversation."""
        return self.asked.count(slot)

    def to_dict(self) -> dict[str, Any]:
        """Returns the state as JSON-safe data (Decimals as strings) with its schema version."""
        return {
            "schema": self.SCHEMA_VERSION,
            "need": _need_to_dict(self.need),
            "awaiting": self.awaiting.value if self.awaiting else None,
            "answered": [slot.value for slot in self.answered],
            "skipped": [slot.value for slot in self.skipped],
            "category_options": list(self.category_options),
            "editing": self.editing,
            "extras_asked": self.extras_asked,
            "lead_offset": self.lead_offset,
            "order_quantity": self.order_quantity,
            "last_answer": _entry_to_dict(self.last_answer) if self.last_answer else None,
            "history": [_entry_to_dict(entry) for entry in self.history],
            "asked": [slot.value for slot in self.asked],
            "quote": _quote_to_dict(self.quote) if self.quote else None,
            "earlier_quote": _quote_to_dict(self.earlier_quote) if self.earlier_quote else None,
            "shown": _shown_to_dict(self.shown) if self.shown else None,
            "asking": self.asking,
            "specs": list(self.specs),
            "uncovered_product": self.uncovered_product,
            "money_currency": self.money_currency,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DialogState:
        """Returns the state stored in `data`; unknown, old or damaged data gives a fresh state."""
        try:
            return cls._from_dict(data)
        except (KeyError, TypeError, ValueError, AttributeError, InvalidOperation):
            return cls.new()

    @classmethod
    def _from_dict(cls, data: Mapping[str, Any]) -> DialogState:
        """Returns the state in `data`, raising on anything malformed."""
        if not isinstance(data, Mapping) or data.get("schema") != cls.SCHEMA_VERSION:
            raise ValueError("unknown schema")
        awaiting = data["awaiting"]
        if awaiting == Slot.CATEGORY.value and len(_list(data["category_options"])) < 2:
            raise ValueError("a category question without choices")
        offset = _int(data["lead_offset"], minimum=0)
        order_quantity = data["order_quantity"]
        last = data["last_answer"]
        # Keys added later (asked, quote, shown) are optional: stored conversations keep going.
        return cls(
            need=_need_from_dict(data["need"]),
            awaiting=Slot(awaiting) if awaiting is not None else None,
            answered=tuple(Slot(s) for s in _list(data["answered"]))[: len(Slot) * 2],
            skipped=tuple(Slot(s) for s in _list(data["skipped"]))[: len(Slot)],
            category_options=tuple(_str(c, 80) for c in _list(data["category_options"]))[:5],
            editing=_bool(data["editing"]),
            extras_asked=_bool(data["extras_asked"]),
            lead_offset=min(offset, MAX_LEADS),
            order_quantity=None if order_quantity is None else _int(order_quantity, minimum=1),
            last_answer=_entry_from_dict(last) if last is not None else None,
            history=tuple(_entry_from_dict(e) for e in _list(data["history"]))[-HISTORY_LIMIT:],
            asked=tuple(Slot(s) for s in _list(data.get("asked", [])))[-ASKED_LIMIT:],
            quote=_opt(data.get("quote"), _quote_from_dict),
            earlier_quote=_opt(data.get("earlier_quote"), _quote_from_dict),
            shown=_opt(data.get("shown"), _shown_from_dict),
            asking=_opt(data.get("asking"), _asking),
            specs=tuple(_str(s, MAX_SPEC_CHARS) for s in _list(data.get("specs", [])))[:MAX_SPECS],
            uncovered_product=_opt(data.get("uncovered_product"), _product_words),
            money_currency=_opt(data.get("money_currency"), _currency_code),
        )


@dataclass(frozen=True, slots=True)
class Turn:
    """The result of one step: the new state and the messages to show (never empty)."""

    state: DialogState
    messages: tuple[Message, ...]


# --------------------------------------------------------------------------------------------
# Serialisation helpers (strict: from_dict turns any failure into a fresh state)
# --------------------------------------------------------------------------------------------


def _int(value: object, minimum: int | None = None) -> int:
    """Returns value as an int, rejecting bools, floats and out-of-range values."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    if minimum is not None and value < minimum:
        raise ValueError("out of range")
    return value


def _bool(value: object) -> bool:
    """Returns value when it is a bool."""
    if not isinstance(value, bool):
        raise TypeError("not a bool")
    return value


def _str(value: object, limit: int) -> str:
    """Returns value when it is a string within `limit` characters."""
    if not isinstance(value, str) or len(value) > limit:
        raise TypeError("not a short string")
    return value


def _currency_code(value: object) -> str:
    """Returns value when it is an ISO 4217 code."""
    code = _str(value, 3)
    if not (len(code) == 3 and code.isascii() and code.isupper() and code.isalpha()):
        raise ValueError("not a currency code")
    return code


def _product_words(value: object) -> str:
    """Returns value when it is a product name of a sensible length."""
    return _str(value, MAX_PRODUCT_CHARS)


def _list(value: object) -> list[Any]:
    """Returns value when it is a list."""
    if not isinstance(value, list):
        raise TypeError("not a list")
    return value


def _decimal(value: object) -> Decimal:
    """Returns a positive finite Decimal from its string form."""
    number = Decimal(_str(value, 40))
    if not number.is_finite() or number <= 0:
        raise ValueError("not a positive amount")
    return number


def _opt(value: object, convert: Any) -> Any:
    """Returns convert(value), or None when value is None."""
    return None if value is None else convert(value)


def _need_to_dict(need: Need) -> dict[str, Any]:
    """Returns the need as JSON-safe data."""
    return {
        "product": need.product,
        "categories": list(need.categories),
        "quantity": need.quantity,
        "quantity_max": need.quantity_max,
        "period": need.period.value if need.period else None,
        "budget": str(need.budget) if need.budget is not None else None,
        "budget_period": need.budget_period.value if need.budget_period else None,
        "currency": need.currency,
        "country": need.country,
        "region": need.region,
        "stage": need.stage.value if need.stage else None,
        "shelf_life_months": need.shelf_life_months,
        "change_horizon_months": need.change_horizon_months,
        "deadline_days": need.deadline_days,
        "target_unit_price": (
            str(need.target_unit_price) if need.target_unit_price is not None else None
        ),
        "certifications": list(need.certifications),
    }


def _need_from_dict(data: object) -> Need:
    """Returns the need in `data`, raising on anything malformed."""
    if not isinstance(data, Mapping):
        raise TypeError("need is not a mapping")
    quantity = _opt(data["quantity"], lambda v: _int(v, minimum=1))
    quantity_max = _opt(data["quantity_max"], lambda v: _int(v, minimum=1))
    if quantity_max is not None and (quantity is None or quantity_max < quantity):
        raise ValueError("bad range")
    return Need(
        product=_opt(data["product"], lambda v: _str(v, 300)),
        categories=tuple(_str(c, 80) for c in _list(data["categories"]))[:5],
        quantity=quantity,
        quantity_max=quantity_max,
        period=_opt(data["period"], Period),
        budget=_opt(data["budget"], _decimal),
        budget_period=_opt(data["budget_period"], Period),
        currency=_opt(data["currency"], lambda v: _str(v, 3)),
        country=_opt(data["country"], lambda v: _str(v, 2)),
        region=_opt(data["region"], lambda v: _str(v, 40)),
        stage=_opt(data["stage"], Stage),
        shelf_life_months=_opt(data["shelf_life_months"], lambda v: _int(v, minimum=1)),
        # Sessions saved before the field existed have no key: no horizon.
        change_horizon_months=_opt(
            data.get("change_horizon_months"), lambda v: _int(v, minimum=1)
        ),
        deadline_days=_opt(data["deadline_days"], lambda v: _int(v, minimum=1)),
        target_unit_price=_opt(data["target_unit_price"], _decimal),
        certifications=tuple(_str(c, 40) for c in _list(data["certifications"]))[:20],
    )


def _entry_to_dict(entry: HistoryEntry) -> dict[str, Any]:
    """Returns a history entry as JSON-safe data."""
    return {
        "day": entry.day.isoformat(),
        "product": entry.product,
        "quantity": entry.quantity,
        "period": entry.period.value if entry.period else None,
        "supplier": entry.supplier,
        "order_quantity": entry.order_quantity,
        "binding": entry.binding.value if entry.binding else None,
    }


def _entry_from_dict(data: object) -> HistoryEntry:
    """Returns the history entry in `data`, raising on anything malformed."""
    if not isinstance(data, Mapping):
        raise TypeError("entry is not a mapping")
    return HistoryEntry(
        day=date.fromisoformat(_str(data["day"], 10)),
        product=_str(data["product"], 300),
        quantity=_int(data["quantity"], minimum=1),
        period=_opt(data["period"], Period),
        supplier=_opt(data["supplier"], lambda v: _str(v, 300)),
        order_quantity=_opt(data["order_quantity"], lambda v: _int(v, minimum=1)),
        binding=_opt(data["binding"], Binding),
    )


# What a turn may be asking, as `chat --json` names it.
ASKING = frozenset(
    (
        "product",
        "category",
        "quantity",
        "period",
        "budget",
        "country",
        "stage",
        "extras",
        "confirm",
    )
)


def _asking(value: object) -> str:
    """Returns a stored `asking` when it is one the contract names."""
    if value not in ASKING:
        raise ValueError("unknown question")
    return str(value)


def _money(value: Decimal | None) -> str | None:
    """Returns an amount as its string form, or None."""
    return str(value) if value is not None else None


def _quote_to_dict(quote: FounderQuote) -> dict[str, Any]:
    """Returns the founder's quote as JSON-safe data."""
    return {
        "supplier": quote.supplier,
        "tiers": [[tier.min_qty, str(tier.unit_price)] for tier in quote.tiers],
        "moq": quote.moq,
        "setup_fee": _money(quote.setup_fee),
        "tooling_fee": _money(quote.tooling_fee),
        "currency": quote.currency,
    }


def _quote_from_dict(data: object) -> FounderQuote:
    """Returns the founder's quote in `data`, raising on anything malformed."""
    if not isinstance(data, Mapping):
        raise TypeError("quote is not a mapping")
    tiers = tuple(
        PriceTier(_int(_list(t)[0], minimum=1), _decimal(_list(t)[1]))
        for t in _list(data["tiers"])
    )[:10]
    if any(a.min_qty >= b.min_qty for a, b in itertools.pairwise(tiers)):
        raise ValueError("tiers must ascend")
    return FounderQuote(
        supplier=_opt(data["supplier"], lambda v: _str(v, 120)),
        tiers=tiers,
        moq=_opt(data["moq"], lambda v: _int(v, minimum=1)),
        setup_fee=_opt(data["setup_fee"], _decimal),
        tooling_fee=_opt(data["tooling_fee"], _decimal),
        currency=_opt(data["currency"], lambda v: _str(v, 3)),
    )


def _shown_to_dict(shown: Shown) -> dict[str, Any]:
    """Returns a turn's answer figures as JSON-safe data."""
    return {
        "order_quantity": shown.order_quantity,
        "binding": shown.binding.value if shown.binding else None,
        "unit_price": _money(shown.unit_price),
        "price_source": shown.price_source,
        "lead_ids": list(shown.lead_ids),
    }


def _shown_from_dict(data: object) -> Shown:
    """Returns a turn's answer figures, raising on anything malformed."""
    if not isinstance(data, Mapping):
        raise TypeError("shown is not a mapping")
    source = _str(data["price_source"], 20)
    if source not in ("quote", "knowledge_base", "none"):
        raise ValueError("unknown price source")
    return Shown(
        order_quantity=_opt(data["order_quantity"], lambda v: _int(v, minimum=1)),
        binding=_opt(data["binding"], Binding),
        unit_price=_opt(data["unit_price"], _decimal),
        price_source=source,
        lead_ids=tuple(_int(i, minimum=0) for i in _list(data["lead_ids"]))[:MAX_LEADS],
    )


__all__ = ["ASKING", "HISTORY_LIMIT", "MAX_LEADS", "DialogState", "KnowledgeView", "Shown", "Turn"]
