"""The vocabulary every layer shares: frozen values and StrEnums, standard library only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

# --------------------------------------------------------------------------------------------
# Kinds
# --------------------------------------------------------------------------------------------


class Period(StrEnum):
    """How often a quantity is needed; ONCE is a one-off batch."""

    WEEK = "week"
    MONTH = "month"
    YEAR = "year"
    ONCE = "once"


# Periods per year, for turning demand into a yearly rate (ONCE has none).
PERIODS_PER_YEAR: Mapping[Period, int] = {Period.WEEK: 52, Period.MONTH: 12, Period.YEAR: 1}


class Stage(StrEnum):
    """How settled the product is; younger products risk more obsolescence."""

    IDEA = "idea"
    LAUNCH = "launch"
    GROWTH = "growth"
    SCALE = "scale"


class Status(StrEnum):
    """How far a supplier's facts have been checked."""

    UNCHECKED = "unchecked"  # from general knowledge: no page was read for it
    LISTED = "listed"  # from a public page
    REVIEWED = "reviewed"  # checked by an admin
    VERIFIED = "verified"  # with evidence


class Discount(StrEnum):
    """How price tiers apply to an order."""

    ALL_UNITS = "all-units"
    INCREMENTAL = "incremental"


class Binding(StrEnum):
    """Which consideration decided the recommended order quantity."""

    EOQ = "eoq"
    PRICE_BREAK = "price_break"
    MOQ = "moq"
    BUDGET = "budget"
    SHELF_LIFE = "shelf_life"


class InputError(ValueError):
    """A user's, admin's or file's input that cannot be used; `field` names what was wrong."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


# --------------------------------------------------------------------------------------------
# Knowledge
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PriceTier:
    """From `min_qty` units on, a unit costs `unit_price` (in the supplier's currency)."""

    min_qty: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class Supplier:
    """One vendor as the knowledge base knows it (the import format of DESIGN.md)."""

    name: str
    categories: tuple[str, ...]
    id: int | None = None
    website: str | None = None
    email: str | None = None
    country: str | None = None  # ISO 3166 alpha-2
    region: str | None = None  # EU, UK, North America, Asia, Oceania, ...
    keywords: tuple[str, ...] = ()
    moq: int | None = None
    moq_unit: str = "pcs"
    setup_fee: Decimal | None = None
    below_moq_fee: Decimal | None = None
    lead_time_days: int | None = None
    currency: str | None = None  # ISO 4217
    price_tiers: tuple[PriceTier, ...] = ()
    small_series: bool | None = None  # None: the source does not say
    status: Status = Status.LISTED
    certifications: tuple[str, ...] = ()
    notes: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Category:
    """A taxonomy category: an id, its display name and the words founders use for it."""

    id: str
    name: str
    group: str | None = None
    synonyms: tuple[str, ...] = ()  # synonyms, aliases, misspellings, other-language words
    regulatory_note: str | None = None  # the regulation names a maker in this category meets
    broader: tuple[str, ...] = ()  # ids of wider categories it refines (knitwear: apparel)


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """The category vocabulary from knowledge/taxonomy.yaml."""

    categories: tuple[Category, ...] = ()

    def get(self, category_id: str) -> Category | None:
        """Returns the category with that id, or None."""
        for category in self.categories:
            if category.id == category_id:
                return category
        return None


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One knowledge-base change: who, when, what, before and after (import-format dicts)."""

    id: int
    at: datetime
    actor_id: int
    action: str  # "add", "edit", "delete", "restore", "import"
    supplier_id: int | None = None
    supplier_name: str | None = None
    before: Mapping[str, object] | None = None
    after: Mapping[str, object] | None = None


# --------------------------------------------------------------------------------------------
# What a founder needs
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Need:
    """What a founder told us; every field is optional until the dialog fills it."""

    product: str | None = None  # the founder's own words
    categories: tuple[str, ...] = ()  # taxonomy ids the product was matched to
    quantity: int | None = None  # units per `period` (or the batch size when ONCE)
    quantity_max: int | None = None  # upper end of a range ("300-500")
    period: Period | None = None
    budget: Decimal | None = None  # per order unless `budget_period` says otherwise
    budget_period: Period | None = None
    currency: str | None = None  # ISO 4217
    country: str | None = None  # ships to; ISO alpha-2
    region: str | None = None
    stage: Stage | None = None
    shelf_life_months: int | None = None
    deadline_days: int | None = None
    target_unit_price: Decimal | None = None
    certifications: tuple[str, ...] = ()  # eco or certification needs, e.g. "FSC", "organic"
    # "We rebrand in 3 months": the product changes then, so stock beyond it is written off as
    # past a shelf life, but it is no shelf life (nor a delivery deadline).
    change_horizon_months: int | None = None

    def sellable_months(self) -> int | None:
        """Returns how long stock stays sellable: the shelf life or the product-change horizon,
        whichever is shorter; None when neither is known."""
        known = [m for m in (self.shelf_life_months, self.change_horizon_months) if m]
        return min(known) if known else None

    def yearly_demand(self) -> int | None:
        """Returns units a year, or None when the need is a one-off or not yet known."""
        if self.quantity is None or self.period is None or self.period is Period.ONCE:
            return None
        return self.quantity * PERIODS_PER_YEAR[self.period]


# --------------------------------------------------------------------------------------------
# Matching
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SearchFilters:
    """Hard filters: a supplier failing any of them is never returned."""

    max_moq: int | None = None  # a supplier with no stated MOQ does not pass (it may be higher)
    country: str | None = None
    region: str | None = None
    small_series_only: bool = False


@dataclass(frozen=True, slots=True)
class Hit:
    """One search result: the supplier, a 0-100 score and the reasons it fits."""

    supplier: Supplier
    score: float
    reasons: tuple[str, ...] = ()

    @property
    def why(self) -> str:
        """Returns the reasons as one line."""
        return " · ".join(self.reasons)


@dataclass(frozen=True, slots=True)
class SearchResult:
    """Hits best first; `nothing_fits` says no candidate scored above the threshold."""

    query: str
    hits: tuple[Hit, ...] = ()
    nothing_fits: bool = False
    near_misses: tuple[Hit, ...] = ()  # closest candidates below the threshold or filtered out


# --------------------------------------------------------------------------------------------
# Economics
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Terms:
    """One supplier's commercial terms, as the economics module needs them."""

    tiers: tuple[PriceTier, ...]  # ascending; the first min_qty is the smallest order
    discount: Discount = Discount.ALL_UNITS
    moq: int | None = None
    order_cost: Decimal | None = None  # per order (set-up, plates, shipping); None: a default
    below_moq_fee: Decimal | None = None  # surcharge per order to buy under the MOQ
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Demand:
    """The founder's side of the calculation."""

    quantity: int  # units per period, or the batch size for a one-off
    period: Period
    holding_rate: Decimal | None = None  # yearly, fraction of the unit price; None: default
    budget: Decimal | None = None  # cash available per order
    shelf_life_months: Decimal | None = None
    stage: Stage | None = None


@dataclass(frozen=True, slots=True)
class AnnualCost:
    """Yearly cost split as in the EOQ total-cost formula."""

    purchase: Decimal
    ordering: Decimal
    holding: Decimal
    total: Decimal


@dataclass(frozen=True, slots=True)
class OrderOption:
    """One order quantity with its figures (one row of `recommend --json` options)."""

    order_quantity: int
    unit_price: Decimal  # average price per unit of this order, surcharges included
    orders_per_year: Decimal
    months_of_cover: Decimal
    cash_per_order: Decimal
    annual_cost: AnnualCost
    label: str  # why this candidate: "EOQ", "tier 500+", "MOQ", "one month", "below MOQ", ...
    feasible: bool = True
    infeasible_reason: str | None = None


@dataclass(frozen=True, slots=True)
class ChartData:
    """The quantity-to-cost series and markers the chart draws."""

    quantities: tuple[int, ...]
    total_cost: tuple[float, ...]  # yearly total at each quantity
    unit_cost: tuple[float, ...]  # all-in cost per unit at each quantity
    tier_breaks: tuple[int, ...] = ()
    moq: int | None = None
    budget_limit: int | None = None  # largest quantity the budget allows
    shelf_life_limit: int | None = None  # largest quantity the shelf life allows
    recommended: int | None = None
    currency: str | None = None
    title: str = ""


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The order-size answer: the best option, what bound it, the alternatives and why."""

    best: OrderOption
    binding: Binding
    options: tuple[OrderOption, ...]
    explanation: str
    assumptions: tuple[str, ...] = ()  # defaults used, said in the answer ("holding rate 25 %")
    currency: str | None = None
    chart: ChartData | None = None


# --------------------------------------------------------------------------------------------
# Conversation: events in, buttons out
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SessionKey:
    """Whose conversation: one session per (chat, user), per forum topic."""

    chat_id: int
    user_id: int
    thread_id: int | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """A free-text message from the user."""

    text: str


@dataclass(frozen=True, slots=True)
class Press:
    """A pressed button: the action and argument the core put into it."""

    action: str
    arg: str = ""


@dataclass(frozen=True, slots=True)
class Command:
    """A command such as /start or /edit budget; `name` is without the slash or @bot."""

    name: str
    args: str = ""


Event = Text | Press | Command


@dataclass(frozen=True, slots=True)
class Button:
    """A quick reply: `label` is shown; `action`/`arg` come back in a Press (keep them short)."""

    label: str
    action: str
    arg: str = ""
    url: str | None = None  # a link button instead (e.g. "continue in private")


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file to send with a reply (chart PNG, export)."""

    filename: str
    data: bytes
    caption: str = ""
    kind: str = "photo"  # "photo" or "document"


@dataclass(frozen=True, slots=True)
class ReplyContext:
    """Front-end facts the core may use when rendering (group chats get short answers)."""

    in_group: bool = False
    bot_username: str | None = None
    # Deep-link payload of the group answer's "continue in private" button (t.me ?start=...).
    private_payload: str = "private"


__all__ = [
    "PERIODS_PER_YEAR",
    "AnnualCost",
    "Attachment",
    "AuditEntry",
    "Binding",
    "Button",
    "Category",
    "ChartData",
    "Command",
    "Demand",
    "Discount",
    "Event",
    "Hit",
    "InputError",
    "Need",
    "OrderOption",
    "Period",
    "Press",
    "PriceTier",
    "Recommendation",
    "ReplyContext",
    "SearchFilters",
    "SearchResult",
    "SessionKey",
    "Stage",
    "Status",
    "Supplier",
    "Taxonomy",
    "Terms",
    "Text",
]
