"""The semantic messages the dialog emits and render turns into text: facts, never wording."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum

from bot.core.advice.drafting import DraftRequest
from bot.core.advice.price_lists import PriceList
from bot.core.types import (
    Binding,
    Category,
    Need,
    OrderOption,
    Period,
    PriceTier,
    Recommendation,
    Supplier,
)
from bot.core.understanding.parsing import ProblemKind


class Slot(StrEnum):
    """What the dialog is asking for; DONE once the answer has been given."""

    PRODUCT = "product"
    CATEGORY = "category"
    QUANTITY = "quantity"
    BUDGET = "budget"
    SHIPS_TO = "ships_to"
    STAGE = "stage"
    EXTRAS = "extras"
    CONFIRM = "confirm"  # the one confirmation: search with what was assumed, or change it
    DONE = "done"


# Slots a founder may /skip; the rest are needed before any search makes sense.
OPTIONAL_SLOTS = frozenset({Slot.BUDGET, Slot.SHIPS_TO, Slot.STAGE, Slot.EXTRAS})


class NoticeKind(StrEnum):
    """Short notices without data of their own."""

    CANCELLED = "cancelled"
    NEW_SEARCH = "new_search"
    NOTHING_TO_UNDO = "nothing_to_undo"
    WENT_BACK = "went_back"
    NOTHING_TO_SKIP = "nothing_to_skip"
    STALE_BUTTON = "stale_button"
    NO_MORE_LEADS = "no_more_leads"
    NO_ANSWER_YET = "no_answer_yet"
    TOO_LONG = "too_long"
    EMPTY = "empty"
    HISTORY_EMPTY = "history_empty"
    THANKS = "thanks"
    ASKED_TWICE = "asked_twice"  # an optional question left out after two unusable answers
    CLOSEST_CATEGORY = "closest_category"  # the category question skipped: the closest kind
    NO_OTHER_PRODUCT = "no_other_product"  # nothing else to look for after "I don't cover X"
    TOOLING_UNREAD = "tooling_unread"  # "is the mould worth it?" without both prices read


class PriceBasis(StrEnum):
    """Where the unit price behind the order-size figures came from (never a guess)."""

    QUOTE = "quote"  # the founder's pasted quote
    SUPPLIER = "knowledge_base"  # a lead's published price tiers
    NONE = "none"  # no price known: the answer says what can be said without one


class NothingFitsReason(StrEnum):
    """Why no lead fits."""

    NO_MATCH = "no_match"
    MOQ_TOO_HIGH = "moq_too_high"
    NOT_COVERED = "not_covered"  # no category of the knowledge base fits the product


@dataclass(frozen=True, slots=True)
class FounderQuote:
    """A supplier's terms the founder gave: pasted tiers, a stated MOQ, set-up and tooling."""

    supplier: str | None = None
    tiers: tuple[PriceTier, ...] = ()  # ascending min_qty; empty when only the MOQ is known
    moq: int | None = None
    setup_fee: Decimal | None = None
    tooling_fee: Decimal | None = None
    currency: str | None = None

    @property
    def smallest_order(self) -> int | None:
        """Returns the least the supplier takes: the stated MOQ, else the first tier (a first
        tier from 1 piece states no minimum)."""
        if self.moq is not None:
            return self.moq
        return self.tiers[0].min_qty if self.tiers and self.tiers[0].min_qty > 1 else None


@dataclass(frozen=True, slots=True)
class MoqCover:
    """What one supplier's minimum means against the need: months of demand, or batches."""

    supplier: str
    moq: int
    months_of_cover: Decimal | None  # None for a one-off need
    batches: Decimal | None  # for a one-off: the MOQ as a multiple of the batch


@dataclass(frozen=True, slots=True)
class Greeting:
    """The welcome; `returning` when a conversation is already under way."""

    returning: bool = False


@dataclass(frozen=True, slots=True)
class HelpShown:
    """The help text (commands and how to talk to the bot)."""


@dataclass(frozen=True, slots=True)
class Notice:
    """A short notice; `slot` when it concerns one (a refused /skip, /back)."""

    kind: NoticeKind
    slot: Slot | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Ask:
    """A question for one slot, with the choices worth a button."""

    slot: Slot
    need: Need
    categories: tuple[Category, ...] = ()  # for CATEGORY: the close matches, in order
    period_only: bool = False  # for QUANTITY: the number is known, its period is not
    retry: bool = False  # asked again after an answer that could not be used
    can_skip: bool = False
    readings: tuple[str, ...] = ()  # for CONFIRM: what was assumed


@dataclass(frozen=True, slots=True)
class Understood:
    """What the last message filled, said back so the founder can correct it."""

    need: Need
    changed: tuple[Slot, ...]
    readings: tuple[str, ...] = ()  # vague or assumed readings ("'a few hundred' as 300")
    category_name: str = ""  # the chosen category's display name
    quote: FounderQuote | None = None  # a quote the message gave, as read


@dataclass(frozen=True, slots=True)
class NotUnderstood:
    """An answer that could not be used for `slot`, with the offending text and why."""

    slot: Slot
    text: str
    problem: ProblemKind | None = None


@dataclass(frozen=True, slots=True)
class SkipRefused:
    """/skip on a slot the search cannot do without."""

    slot: Slot
    period_only: bool = False  # QUANTITY with the number known: it is the period that is missing


@dataclass(frozen=True, slots=True)
class EditChoices:
    """/edit without a slot: which answer to change."""

    need: Need


@dataclass(frozen=True, slots=True)
class Lead:
    """One supplier lead in an answer, with the figures shown next to it."""

    supplier: Supplier
    reasons: tuple[str, ...]
    unit_price: Decimal | None  # estimated at `at_quantity`, from the supplier's own tiers
    at_quantity: int | None
    recommendation: Recommendation | None  # order-size answer on this supplier's terms
    moq_fits: bool | None  # within reach of the need; None when the source does not say


@dataclass(frozen=True, slots=True)
class Answer:
    """The recommendation: order size, leads, trade-off and the basis of the figures."""

    need: Need
    leads: tuple[Lead, ...]
    recommendation: Recommendation | None
    basis: PriceBasis
    basis_supplier: str | None = None  # the lead (or quoting supplier) whose prices are used
    budget_ignored: bool = False  # budget and prices in different currencies
    more_available: bool = False
    offset: int = 0
    quote: FounderQuote | None = None  # the founder's quote behind the figures
    moq_covers: tuple[MoqCover, ...] = ()  # without a price: the leads' MOQs against the need
    quote_at: tuple[int, ...] = ()  # the quantities worth asking prices at
    budget_ceiling: Decimal | None = None  # most a unit may cost for the budget to cover the need
    far_away: bool = False  # no lead that says where it is serves the founder's country or region
    far_leads: tuple[str, ...] = ()  # else: the leads shown that are outside it (by name)
    moq_option: OrderOption | None = None  # the quote's minimum order, priced
    tier_options: tuple[OrderOption, ...] = ()  # each quoted tier ordered at its minimum
    moq_fine: bool | None = None  # whether that much stock suits the stage and shelf life
    stock_limit_months: int | None = None  # the months of stock the stage and shelf life allow
    decisions: tuple[str, ...] = ()  # the quotes' bigger-tier, tooling and MOQ decisions
    price_list: PriceList | None = None  # the published list behind the figures
    rate: str | None = None  # the list's conversion: "1 USD = 0.9528 EUR (ECB, 25 November 2024)"
    no_rate: str | None = None  # the list's currency, when no rate converts it to the founder's
    reference_lists: tuple[PriceList, ...] = ()  # fitting lists shown, never computed on


@dataclass(frozen=True, slots=True)
class NothingFits:
    """No lead fits the need: the honest answer and what works instead."""

    need: Need
    reason: NothingFitsReason
    closest: tuple[Lead, ...] = ()
    product: str = ""  # for NOT_COVERED: the founder's words for it
    helpers: tuple[Lead, ...] = ()  # sourcing agents and directories whose scope fits


@dataclass(frozen=True, slots=True)
class MoreLeads:
    """The next page of leads after an answer."""

    need: Need
    leads: tuple[Lead, ...]
    offset: int
    more_available: bool


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """One past recommendation, for /history."""

    day: date
    product: str
    quantity: int
    period: Period | None
    supplier: str | None
    order_quantity: int | None
    binding: Binding | None


@dataclass(frozen=True, slots=True)
class HistoryShown:
    """The founder's past recommendations, newest first."""

    entries: tuple[HistoryEntry, ...]


@dataclass(frozen=True, slots=True)
class UnknownCommand:
    """A command the dialog does not know."""

    name: str


Message = (
    Greeting
    | HelpShown
    | Notice
    | Ask
    | Understood
    | NotUnderstood
    | SkipRefused
    | EditChoices
    | Answer
    | NothingFits
    | MoreLeads
    | DraftRequest
    | HistoryShown
    | UnknownCommand
)

__all__ = [
    "OPTIONAL_SLOTS",
    "Answer",
    "Ask",
    "DraftRequest",
    "EditChoices",
    "FounderQuote",
    "Greeting",
    "HelpShown",
    "HistoryEntry",
    "HistoryShown",
    "Lead",
    "Message",
    "MoqCover",
    "MoreLeads",
    "NotUnderstood",
    "NothingFits",
    "NothingFitsReason",
    "Notice",
    "NoticeKind",
    "PriceBasis",
    "SkipRefused",
    "Slot",
    "Understood",
    "UnknownCommand",
]
