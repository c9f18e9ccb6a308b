"""Order-size economics: EOQ, all-units and incremental price breaks, MOQ, budget, shelf life.

Every answer comes from the standard exact methods, never from scanning quantities:

- EOQ, Q* = sqrt(2DS / (iC)) (Harris 1913; Heizer & Render, *Operations Management*, ch. 12).
- All-units discounts: in every tier the EOQ at that tier's price, clamped to the tier's range
  (a feasible EOQ or the tier's break point), and the lowest total wins (Heizer & Render, the
  quantity-discount model; Silver, Pyke & Peterson, *Inventory Management*, sec. 5.5).
- Incremental discounts: in every tier the fixed-cost equivalent of the dearer units below it,
  V_i - q_i C_i, is added to the order cost, Q_i = sqrt(2D(S + V_i - q_i C_i) / (i C_i)), clamped
  to the tier, and the lowest total wins (Chopra & Meindl, *Supply Chain Management*, cycle
  inventory chapter, the "Drugs Online" incremental-discount example).

Inside each of those segments the yearly cost D(S + a)/q + iCq/2 + const is convex in q, so the
best integer is the floor or the ceiling of the segment's real optimum once it is clamped to the
segment and to the constraints (MOQ, cash per order, months of cover); the best over all segments
is exact.

Total yearly cost = purchase (D x goods per order / q) + ordering (D x S / q) + holding
(i x goods per order / 2), the textbook total-cost formula. S is the order cost (set-up fee plus
the founder's own cost per order) and, below the MOQ, the supplier's surcharge.

A one-off need (Period.ONCE) has no yearly rate: the candidate is the batch itself, or a larger
quantity when a tier break makes the whole order cheaper. Its "annual" figures are the spend of the
single order (purchase = goods, ordering = S, holding = 0), orders_per_year is 1 and
months_of_cover is 0 (no usage rate to cover). Shelf life does not apply to a one-off.

When no quantity meets every constraint (e.g. the budget cannot reach the MOQ) recommend() does not
raise: it returns the least-bad option with feasible=False, binding budget (or shelf_life) and an
explanation of why, so the dialog always has something to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from decimal import localcontext as _localcontext
from itertools import pairwise

from bot.core.types import (
    PERIODS_PER_YEAR,
    AnnualCost,
    Binding,
    ChartData,
    Demand,
    Discount,
    InputError,
    OrderOption,
    Period,
    PriceTier,
    Recommendation,
    Stage,
    Supplier,
    Terms,
)
from bot.core.understanding.money import format_money, format_unit_price

# Holding cost a year as a fraction of the unit price: capital, storage, insurance, shrinkage.
# Textbooks quote 20-30 % (Heizer & Render; Silver, Pyke & Peterson); the issue asks for 25 %.
DEFAULT_HOLDING_RATE = Decimal("0.25")

# The founder's own cost of one order, added to the supplier's set-up fee: about an hour of admin
# (quote, purchase order, follow-up, payment, ~30), receiving and checking the goods (~15) and a
# payment or bank fee (~5), in the order's currency. Freight depends on size and distance and is
# not guessed: give --order-cost when it is known.
DEFAULT_ORDER_COST = Decimal("50")

# Obsolescence premium, added to the yearly holding rate: the expected share of stock written off
# in a year because the product changes (new design, packaging, formula, or a pivot). A judgement,
# not a textbook figure: before launch the design is still moving and a rework within a year is
# likely (40 %); after launch early feedback still changes packaging and details (20 %); a growing
# product changes less (10 %); at scale the product is settled and the base 25 % rate already
# covers ordinary obsolescence (0).
STAGE_PREMIUM: Mapping[Stage, Decimal] = {
    Stage.IDEA: Decimal("0.40"),
    Stage.LAUNCH: Decimal("0.20"),
    Stage.GROWTH: Decimal("0.10"),
    Stage.SCALE: Decimal("0"),
}

# Sanity bounds: anything larger is a typo (or "1e400") and would overflow the chart's floats.
MAX_AMOUNT = Decimal("1e12")
MAX_QUANTITY = 10**9
MAX_RATE = Decimal("10")

_MONTHS = Decimal(12)
_CENT = Decimal("0.01")
_UNIT_PRICE_STEP = Decimal("0.0001")
_CHART_POINTS = 160


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


def _finite(value: Decimal, field: str) -> Decimal:
    """Returns the value, or raises InputError when it is NaN, infinite or out of range."""
    if not value.is_finite():
        raise InputError(field, f"{value} is not a number")
    if abs(value) > MAX_AMOUNT:
        raise InputError(field, f"{value} is out of range (at most {MAX_AMOUNT:,.0f})")
    return value


def _validate_tiers(tiers: Sequence[PriceTier]) -> None:
    """Raises InputError unless the tiers ascend in quantity with positive, non-rising prices."""
    if not tiers:
        raise InputError("tiers", "at least one price tier (quantity:price) is needed")
    previous: PriceTier | None = None
    for tier in tiers:
        if tier.min_qty < 0 or tier.min_qty > MAX_QUANTITY:
            raise InputError("tiers", f"quantity {tier.min_qty} is out of range")
        _finite(tier.unit_price, "tiers")
        if tier.unit_price <= 0:
            raise InputError("tiers", f"price {tier.unit_price} must be more than 0")
        if previous is not None:
            if tier.min_qty <= previous.min_qty:
                raise InputError(
                    "tiers",
                    f"quantities must ascend ({previous.min_qty} then {tier.min_qty})",
                )
            if tier.unit_price > previous.unit_price:
                raise InputError(
                    "tiers",
                    f"prices must not rise with quantity ({previous.unit_price} at "
                    f"{previous.min_qty}, {tier.unit_price} at {tier.min_qty})",
                )
        previous = tier


def _validate(terms: Terms, demand: Demand) -> None:
    """Raises InputError for any value recommend() cannot use."""
    _validate_tiers(terms.tiers)
    if terms.moq is not None and not 1 <= terms.moq <= MAX_QUANTITY:
        raise InputError("moq", f"{terms.moq} must be between 1 and {MAX_QUANTITY:,}")
    if terms.order_cost is not None and _finite(terms.order_cost, "order_cost") < 0:
        raise InputError("order_cost", "must not be negative")
    if terms.below_moq_fee is not None and _finite(terms.below_moq_fee, "below_moq_fee") < 0:
        raise InputError("below_moq_fee", "must not be negative")
    if not 1 <= demand.quantity <= MAX_QUANTITY:
        raise InputError("demand", f"{demand.quantity} must be a whole number from 1 to 10^9")
    if demand.holding_rate is not None:
        rate = _finite(demand.holding_rate, "holding_rate")
        if rate <= 0 or rate > MAX_RATE:
            raise InputError(
                "holding_rate", f"{rate} must be more than 0 (a yearly fraction, e.g. 0.25)"
            )
    if demand.budget is not None and _finite(demand.budget, "budget") <= 0:
        raise InputError("budget", "must be more than 0")
    if demand.shelf_life_months is not None:
        months = _finite(demand.shelf_life_months, "shelf_life_months")
        if months <= 0:
            raise InputError("shelf_life_months", "must be more than 0")


# --------------------------------------------------------------------------------------------
# The cost model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Model:
    """Validated inputs with defaults applied."""

    terms: Terms
    order_cost: Decimal  # S
    fee: Decimal | None  # below-MOQ surcharge per order
    rate: Decimal  # i, holding plus obsolescence premium
    yearly: Decimal | None  # D; None for a one-off
    batch: int  # the one-off quantity (or the per-period demand)
    budget: Decimal | None
    shelf_cap: int | None  # most units the shelf life allows (yearly demand only)
    shelf_months: Decimal | None
    smallest: int  # the first tier's quantity: the smallest order
    stage: Stage | None


@dataclass(frozen=True, slots=True)
class _Segment:
    """A quantity range where goods(q) = base + price x q and the order cost is fixed."""

    tier: int
    lo: int
    hi: int | None  # None: no upper end
    price: Decimal  # marginal unit price
    base: Decimal  # incremental: V_i - q_i C_i (Chopra & Meindl); all-units: 0
    order_cost: Decimal
    below_moq: bool
    allowed: bool  # False below the MOQ when the supplier states no surcharge
    lo_by: Binding | None  # what sets `lo`: a tier break, the MOQ or the smallest order

    def contains(self, quantity: int) -> bool:
        """Returns whether the quantity falls in this segment."""
        return self.lo <= quantity and (self.hi is None or quantity <= self.hi)


@dataclass(frozen=True, slots=True)
class _Candidate:
    """A segment's best integer quantity and how it was reached."""

    segment: _Segment
    quantity: int
    total: Decimal
    clamp: Binding | None  # the bound the real optimum was clamped to (None: interior)


def _model(terms: Terms, demand: Demand) -> _Model:
    """Returns the validated model with defaults applied."""
    _validate(terms, demand)
    rate = demand.holding_rate if demand.holding_rate is not None else DEFAULT_HOLDING_RATE
    if demand.stage is not None:
        rate += STAGE_PREMIUM[demand.stage]
    order_cost = terms.order_cost if terms.order_cost is not None else DEFAULT_ORDER_COST
    yearly: Decimal | None = None
    shelf_cap: int | None = None
    if demand.period is not Period.ONCE:
        yearly = Decimal(demand.quantity * PERIODS_PER_YEAR[demand.period])
        if demand.shelf_life_months is not None:
            shelf_cap = int(
                (demand.shelf_life_months * yearly / _MONTHS).to_integral_value(ROUND_FLOOR)
            )
    return _Model(
        terms=terms,
        order_cost=order_cost,
        fee=terms.below_moq_fee,
        rate=rate,
        yearly=yearly,
        batch=demand.quantity,
        budget=demand.budget,
        shelf_cap=shelf_cap,
        shelf_months=demand.shelf_life_months,
        smallest=max(terms.tiers[0].min_qty, 1),
        stage=demand.stage,
    )


def _segments(model: _Model, *, with_moq: bool) -> list[_Segment]:
    """Returns the cost segments: one per tier, split at the MOQ when it applies."""
    tiers = model.terms.tiers
    incremental = model.terms.discount is Discount.INCREMENTAL
    moq = model.terms.moq if with_moq else None
    out: list[_Segment] = []
    cumulative = Decimal(0)  # V_i: the cost of the first q_i units under incremental pricing
    for index, tier in enumerate(tiers):
        if index > 0:
            previous = tiers[index - 1]
            start = previous.min_qty if index > 1 else 0
            cumulative += previous.unit_price * (tier.min_qty - start)
        base = cumulative - tier.min_qty * tier.unit_price if incremental and index else Decimal(0)
        lo = max(tier.min_qty, 1)
        # Incremental cost is continuous at a break, so a tier may end on the next break.
        end_shift = 0 if incremental else 1
        hi = tiers[index + 1].min_qty - end_shift if index + 1 < len(tiers) else None
        if hi is not None and hi < lo:
            continue
        lo_by: Binding | None = Binding.PRICE_BREAK if index else None
        if index == 0 and lo > 1:
            lo_by = Binding.MOQ  # the first tier's quantity is the supplier's smallest order
        parts: list[tuple[int, int | None, bool, Binding | None]] = []
        if moq is not None and lo < moq:
            below_hi = moq - 1 if hi is None else min(hi, moq - 1)
            parts.append((lo, below_hi, True, lo_by))
            if hi is None or hi >= moq:
                parts.append((moq, hi, False, Binding.MOQ))
        else:
            parts.append((lo, hi, False, lo_by))
        for part_lo, part_hi, below, part_by in parts:
            fee = model.fee if below and model.fee is not None else Decimal(0)
            out.append(
                _Segment(
                    tier=index,
                    lo=part_lo,
                    hi=part_hi,
                    price=tier.unit_price,
                    base=base,
                    order_cost=model.order_cost + fee,
                    below_moq=below,
                    allowed=not below or model.fee is not None,
                    lo_by=part_by,
                )
            )
    return out


def _costs(model: _Model, segment: _Segment, quantity: int) -> tuple[AnnualCost, Decimal]:
    """Returns the exact yearly cost split and the goods value of one order of `quantity`."""
    goods = segment.base + segment.price * quantity
    if model.yearly is None:
        purchase, ordering, holding = goods, segment.order_cost, Decimal(0)
    else:
        demand = model.yearly
        purchase = demand * goods / quantity
        ordering = demand * segment.order_cost / quantity
        holding = model.rate * goods / 2
    return AnnualCost(purchase, ordering, holding, purchase + ordering + holding), goods


def _budget_cap(model: _Model, segment: _Segment) -> int | None:
    """Returns the largest quantity in the segment whose cash per order fits the budget."""
    if model.budget is None:
        return None
    room = (model.budget - segment.order_cost - segment.base) / segment.price
    return int(room.to_integral_value(ROUND_FLOOR))


def _upper(
    model: _Model, segment: _Segment, *, shelf: bool, budget: bool
) -> tuple[int | None, Binding | None]:
    """Returns the segment's upper end under the constraints and what sets it."""
    upper, by = segment.hi, None
    if shelf and model.shelf_cap is not None and (upper is None or model.shelf_cap < upper):
        upper, by = model.shelf_cap, Binding.SHELF_LIFE
    cap = _budget_cap(model, segment) if budget else None
    if cap is not None and (upper is None or cap < upper):
        upper, by = cap, Binding.BUDGET
    return upper, by


def _best_in(model: _Model, segment: _Segment, *, shelf: bool, budget: bool) -> _Candidate | None:
    """Returns the segment's best integer quantity under the constraints, or None if empty."""
    upper, upper_by = _upper(model, segment, shelf=shelf, budget=budget)
    if upper is not None and upper < segment.lo:
        return None
    if model.yearly is None:
        # One-off: spend rises with quantity inside a segment, so its best is its lowest
        # quantity that still covers the batch.
        quantity = max(segment.lo, model.batch)
        if upper is not None and quantity > upper:
            return None
        cost, _ = _costs(model, segment, quantity)
        clamp = segment.lo_by if segment.lo > model.batch else None
        return _Candidate(segment, quantity, cost.total, clamp)
    # Q = sqrt(2D(S + a) / (iC)); a = V_i - q_i C_i for incremental tiers (Chopra & Meindl),
    # 0 for all-units (Harris / Heizer & Render).
    fixed = segment.order_cost + segment.base
    optimum = (
        (2 * model.yearly * fixed / (model.rate * segment.price)).sqrt() if fixed > 0 else None
    )
    if optimum is None or optimum <= segment.lo:
        cost, _ = _costs(model, segment, segment.lo)
        return _Candidate(segment, segment.lo, cost.total, segment.lo_by)
    if upper is not None and optimum >= upper:
        cost, _ = _costs(model, segment, upper)
        return _Candidate(segment, upper, cost.total, upper_by)
    floor = int(optimum.to_integral_value(ROUND_FLOOR))
    ceiling = int(optimum.to_integral_value(ROUND_CEILING))
    best: _Candidate | None = None
    for quantity in sorted({floor, ceiling}):
        if quantity < segment.lo or (upper is not None and quantity > upper):
            continue
        cost, _ = _costs(model, segment, quantity)
        if best is None or cost.total < best.total:
            best = _Candidate(segment, quantity, cost.total, None)
    return best


def _solve(model: _Model, *, moq: bool, shelf: bool, budget: bool) -> _Candidate | None:
    """Returns the cheapest candidate over all segments under the chosen constraints."""
    best: _Candidate | None = None
    for segment in _segments(model, with_moq=moq):
        if not segment.allowed:
            continue
        candidate = _best_in(model, segment, shelf=shelf, budget=budget)
        if candidate is None:
            continue
        if best is None or (candidate.total, candidate.quantity) < (best.total, best.quantity):
            best = candidate
    return best


def _segment_for(
    model: _Model, quantity: int, segments: Sequence[_Segment] | None = None
) -> _Segment:
    """Returns the segment (MOQ applied) that prices `quantity`; tier 0 below the smallest."""
    if segments is None:
        segments = _segments(model, with_moq=True)
    for segment in segments:
        if segment.contains(quantity):
            return segment
    return segments[0]


def _problems(model: _Model, segment: _Segment, quantity: int, cash: Decimal) -> list[str]:
    """Returns why an order of `quantity` breaks a constraint (empty when feasible)."""
    currency = model.terms.currency
    problems: list[str] = []
    if quantity < model.smallest:
        problems.append(f"below the smallest order of {model.smallest:,}")
    moq = model.terms.moq
    if moq is not None and quantity < moq and model.fee is None:
        problems.append(f"below the MOQ of {moq:,}")
    if model.yearly is None and quantity < model.batch:
        problems.append(f"less than the {model.batch:,} you need")
    if model.budget is not None and cash > model.budget:
        problems.append(
            f"needs {_money(cash, currency)} per order, over the budget of "
            f"{_money(model.budget, currency)}"
        )
    if model.shelf_cap is not None and quantity > model.shelf_cap:
        months = _months(model.shelf_months or Decimal(0), 1)
        problems.append(f"more than the {model.shelf_cap:,} units a shelf life of {months} allows")
    return problems


def _option(model: _Model, quantity: int, label: str) -> OrderOption:
    """Returns the figures of an order of `quantity`, rounded for display, feasibility marked."""
    segment = _segment_for(model, quantity)
    cost, goods = _costs(model, segment, quantity)
    cash = goods + segment.order_cost
    surcharge = model.fee if segment.below_moq and model.fee is not None else Decimal(0)
    if model.yearly is None:
        per_year, cover = Decimal(1), Decimal(0)
    else:
        per_year, cover = model.yearly / quantity, _MONTHS * quantity / model.yearly
    problems = _problems(model, segment, quantity, cash)
    return OrderOption(
        order_quantity=quantity,
        unit_price=((goods + surcharge) / quantity).quantize(_UNIT_PRICE_STEP, ROUND_HALF_UP),
        orders_per_year=per_year.quantize(_CENT, ROUND_HALF_UP),
        months_of_cover=cover.quantize(_CENT, ROUND_HALF_UP),
        cash_per_order=cash.quantize(_CENT, ROUND_HALF_UP),
        annual_cost=AnnualCost(
            purchase=cost.purchase.quantize(_CENT, ROUND_HALF_UP),
            ordering=cost.ordering.quantize(_CENT, ROUND_HALF_UP),
            holding=cost.holding.quantize(_CENT, ROUND_HALF_UP),
            total=cost.total.quantize(_CENT, ROUND_HALF_UP),
        ),
        label=label,
        feasible=not problems,
        infeasible_reason="; ".join(problems) or None,
    )


def evaluate(terms: Terms, demand: Demand, quantity: int) -> OrderOption:
    """Returns the figures of one order quantity under these terms, feasibility marked."""
    if not 1 <= quantity <= MAX_QUANTITY:
        raise InputError("quantity", f"{quantity} must be between 1 and {MAX_QUANTITY:,}")
    with _localcontext() as context:
        context.prec = 40
        return _option(_model(terms, demand), quantity, "quantity")


# --------------------------------------------------------------------------------------------
# Recommendation
# --------------------------------------------------------------------------------------------


def _tier_name(model: _Model, index: int) -> str:
    """Returns a short tier label such as "1,000+ at €4.80"."""
    tier = model.terms.tiers[index]
    return f"{max(tier.min_qty, 1):,}+ at {_price(tier.unit_price, model.terms.currency)}"


def _candidates(model: _Model, best: _Candidate | None) -> list[tuple[int, str]]:
    """Returns the quantities a founder weighs, each with why it is there."""
    tiers = model.terms.tiers
    moq = model.terms.moq
    picks: list[tuple[int, str]] = []
    if model.yearly is None:
        picks.append((max(model.batch, model.smallest), "the batch you need"))
        picks.extend(
            (tier.min_qty, f"tier break {_tier_name(model, i)}")
            for i, tier in enumerate(tiers)
            if i and tier.min_qty > model.batch
        )
    else:
        first = tiers[0].unit_price
        eoq = (2 * model.yearly * model.order_cost / (model.rate * first)).sqrt()
        eoq_label = "EOQ" if len(tiers) == 1 else f"EOQ at {_price(first, model.terms.currency)}"
        picks.append((max(int(eoq.to_integral_value(ROUND_HALF_UP)), 1), eoq_label))
        picks.append(
            (max(int((model.yearly / _MONTHS).to_integral_value(ROUND_HALF_UP)), 1), "one month")
        )
        segments = _segments(model, with_moq=True)
        for index in range(len(tiers)):
            inside = [s for s in segments if s.tier == index and s.allowed and not s.below_moq]
            found = [
                c for s in inside if (c := _best_in(model, s, shelf=True, budget=True)) is not None
            ]
            if not found:  # no feasible quantity in this tier: show its unconstrained best
                found = [c for s in inside if (c := _best_in(model, s, shelf=False, budget=False))]
            if found:
                pick = min(found, key=lambda c: (c.total, c.quantity))
                kind = "break point" if pick.clamp is Binding.PRICE_BREAK else "best"
                picks.append((pick.quantity, f"{kind} of tier {_tier_name(model, index)}"))
        if model.fee is not None and moq is not None:
            below = [
                c
                for s in segments
                if s.below_moq and (c := _best_in(model, s, shelf=True, budget=True))
            ]
            if below:
                pick = min(below, key=lambda c: (c.total, c.quantity))
                fee = _money(model.fee, model.terms.currency)
                picks.append((pick.quantity, f"below MOQ (+{fee} surcharge)"))
    if moq is not None:
        picks.append((moq, "MOQ"))
    if len(tiers) > 1:
        picks.append((max(tiers[-1].min_qty, 1), "largest discount"))
    if best is not None:
        picks.append((best.quantity, "recommended"))
    return picks


def _merge(model: _Model, picks: Sequence[tuple[int, str]]) -> tuple[OrderOption, ...]:
    """Returns one option per distinct quantity, labels joined, smallest quantity first."""
    labels: dict[int, list[str]] = {}
    for quantity, label in picks:
        if 1 <= quantity <= MAX_QUANTITY and label not in labels.setdefault(quantity, []):
            labels[quantity].append(label)
    return tuple(_option(model, q, " · ".join(labels[q])) for q in sorted(labels))


def _binding(
    model: _Model, final: _Candidate, steps: Sequence[tuple[Binding, _Candidate | None]]
) -> Binding:
    """Returns what decided the answer: the clamp of the unconstrained optimum, or a constraint."""
    free = steps[0][1]
    if free is None:  # cannot happen: the unconstrained problem always has an answer
        return Binding.EOQ
    if final.quantity == free.quantity:
        if free.clamp in (Binding.PRICE_BREAK, Binding.MOQ):
            return free.clamp
        if free.clamp is None and free.segment.tier > 0 and model.yearly is None:
            return Binding.PRICE_BREAK
        return Binding.EOQ
    if final.clamp in (Binding.BUDGET, Binding.SHELF_LIFE, Binding.MOQ):
        return final.clamp
    if final.segment.below_moq and final.clamp is None:
        return Binding.EOQ  # the EOQ with the below-MOQ surcharge in the order cost
    changed = Binding.EOQ
    for (_, before), (kind, after) in pairwise(steps):
        if after is not None and before is not None and after.quantity != before.quantity:
            changed = kind
    return changed


def recommend(terms: Terms, demand: Demand, *, chart: bool = True) -> Recommendation:
    """Returns the order quantity that minimises yearly cost under the terms and constraints
    (with its chart's data unless `chart` is False: a lead that is not the headline shows
    none, and the series costs more than the answer)."""
    with _localcontext() as context:
        context.prec = 40
        model = _model(terms, demand)
        free = _solve(model, moq=False, shelf=False, budget=False)
        with_moq = _solve(model, moq=True, shelf=False, budget=False)
        with_shelf = _solve(model, moq=True, shelf=True, budget=False)
        final = _solve(model, moq=True, shelf=True, budget=True)
        options = _merge(model, _candidates(model, final))
        if final is None:
            infeasible = _infeasible(model, terms, demand, options, with_shelf)
            return with_chart(terms, demand, infeasible) if chart else infeasible
        steps = [
            (Binding.EOQ, free),
            (Binding.MOQ, with_moq),
            (Binding.SHELF_LIFE, with_shelf),
            (Binding.BUDGET, final),
        ]
        binding = _binding(model, final, steps)
        best = next(o for o in options if o.order_quantity == final.quantity)
        unconstrained = free if free is not None else final
        explanation = _explain(model, best, binding, options, unconstrained)
        recommendation = Recommendation(
            best=best,
            binding=binding,
            options=options,
            explanation=explanation,
            assumptions=_assumptions(terms, demand, model),
            currency=terms.currency,
        )
        return with_chart(terms, demand, recommendation) if chart else recommendation


def _infeasible(
    model: _Model,
    terms: Terms,
    demand: Demand,
    options: tuple[OrderOption, ...],
    with_shelf: _Candidate | None,
) -> Recommendation:
    """Returns the least-bad option when no quantity meets every constraint, saying why."""
    currency = terms.currency
    # Under the MOQ only with a stated surcharge; a one-off must still cover the batch.
    moq_floor = terms.moq if terms.moq is not None and model.fee is None else 0
    floor_quantity = max(model.smallest, moq_floor, 1)
    if model.yearly is None:
        floor_quantity = max(floor_quantity, model.batch)
    least = _option(model, floor_quantity, "smallest allowed order")
    kept = [o for o in options if o.order_quantity != floor_quantity]
    merged = tuple(sorted([*kept, least], key=lambda o: o.order_quantity))
    if terms.moq and floor_quantity == terms.moq:
        what = "the MOQ"
    elif model.yearly is None:
        what = f"the {model.batch:,} you need"
    else:
        what = "the smallest order"
    if with_shelf is None and model.shelf_cap is not None:
        binding = Binding.SHELF_LIFE
        months = demand.shelf_life_months or Decimal(0)
        text = (
            f"No order fits: a shelf life of {_months(months, 1)} covers only "
            f"{model.shelf_cap:,} units of your demand, less than {what} ({floor_quantity:,}). "
            f"Any order would leave stock that expires; ask for a smaller run or a longer-lasting "
            f"version."
        )
    else:
        binding = Binding.BUDGET
        budget = model.budget or Decimal(0)
        text = (
            f"Your budget of {_money(budget, currency)} per order cannot reach {what}: "
            f"{floor_quantity:,} units need {_money(least.cash_per_order, currency)} per order. "
            f"Raise the budget, pool the order with other founders, or look for a supplier with "
            f"a lower minimum."
        )
    return Recommendation(
        best=least,
        binding=binding,
        options=merged,
        explanation=text,
        assumptions=_assumptions(terms, demand, model),
        currency=currency,
    )


def _assumptions(terms: Terms, demand: Demand, model: _Model) -> tuple[str, ...]:
    """Returns the defaults and conventions the answer relies on, said out loud."""
    out: list[str] = []
    currency = terms.currency
    if demand.holding_rate is None:
        out.append(f"holding cost {_percent(DEFAULT_HOLDING_RATE)} of the unit price a year")
    if demand.stage is not None and STAGE_PREMIUM[demand.stage] > 0:
        out.append(
            f"obsolescence premium {_percent(STAGE_PREMIUM[demand.stage])} a year for the "
            f"{demand.stage.value} stage (holding rate {_percent(model.rate)} in all)"
        )
    if terms.order_cost is None:
        out.append(
            f"order cost {_money(DEFAULT_ORDER_COST, currency)} per order (admin, receiving, "
            f"payment; freight not included)"
        )
    if terms.discount is Discount.INCREMENTAL and len(terms.tiers) > 1:
        out.append("incremental discounts: each tier's price applies to the units inside it")
    elif len(terms.tiers) > 1:
        out.append("all-units discounts: the whole order gets the price of the tier it reaches")
    if model.yearly is None:
        out.append("one-off order: figures are the total spend of that single order")
        if demand.shelf_life_months is not None:
            out.append("shelf life not applied to a one-off order")
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Explanation (plain language with numbers)
# --------------------------------------------------------------------------------------------


def _explain(
    model: _Model,
    best: OrderOption,
    binding: Binding,
    options: Sequence[OrderOption],
    free: _Candidate,
) -> str:
    """Returns the plain-language reasoning behind the recommendation."""
    if model.yearly is None:
        return " ".join(_explain_one_off(model, best, binding, options))
    cur = model.terms.currency
    q = best.order_quantity
    parts = [
        f"Order {q:,} at a time at {_price(best.unit_price, cur)} a unit: "
        f"{_orders_a_year(best.orders_per_year, best.months_of_cover)}, each covering "
        f"{_months(best.months_of_cover, 1)} and needing "
        f"{_money(best.cash_per_order, cur)}; {_money(best.annual_cost.total, cur)} a year in all."
    ]
    if _below_moq(model, q):
        parts.append(
            f"That is under the supplier's minimum of {model.terms.moq or 0:,}, with a "
            f"{_money(model.fee or Decimal(0), cur)} surcharge per order, and still cheaper a "
            f"year than buying the minimum."
        )
    parts.append(_why_binding(model, best, binding, free))
    parts.extend(_trade_off(model, best, binding, options))
    if model.stage is not None and STAGE_PREMIUM[model.stage] > 0:
        parts.append(
            f"At the {model.stage.value} stage the product may still change, so holding stock "
            f"is charged {_percent(STAGE_PREMIUM[model.stage])} a year extra for the risk of "
            f"writing it off; that favours smaller batches."
        )
    return " ".join(part for part in parts if part)


def _explain_one_off(
    model: _Model, best: OrderOption, binding: Binding, options: Sequence[OrderOption]
) -> list[str]:
    """Returns the reasoning for a one-off batch: the total, and why more than the need."""
    cur = model.terms.currency
    q = best.order_quantity
    parts = [
        f"Order {q:,} once at {_price(best.unit_price, cur)} a unit: "
        f"{_money(best.annual_cost.total, cur)} in all."
    ]
    batch = next((o for o in options if o.order_quantity == model.batch), None)
    if q > model.batch and batch is not None:
        if binding is Binding.PRICE_BREAK and batch.feasible:
            saving = batch.annual_cost.total - best.annual_cost.total
            parts.append(
                f"A tier break makes the larger order cheaper: {q:,} costs "
                f"{_money(saving, cur)} less in total than the {model.batch:,} you need, "
                f"and leaves {q - model.batch:,} spare."
            )
        else:
            parts.append(
                f"The supplier's minimum makes you buy {q - model.batch:,} more than the "
                f"{model.batch:,} you need."
            )
    elif binding is Binding.EOQ:
        parts.append("No tier break makes a larger order cheaper in total.")
    if _below_moq(model, q):
        parts.append(
            f"That is under the supplier's minimum of {model.terms.moq or 0:,}, with a "
            f"{_money(model.fee or Decimal(0), cur)} surcharge, still cheaper than the "
            f"minimum."
        )
    return parts


def _why_binding(model: _Model, best: OrderOption, binding: Binding, free: _Candidate) -> str:
    """Returns the sentence that says what decided a recurring order's size."""
    cur = model.terms.currency
    q, free_q = best.order_quantity, free.quantity
    if binding is Binding.EOQ and free.segment.base > 0:
        return (
            f"This is the best quantity inside the {_price(free.segment.price, cur)} tier: with "
            f"incremental pricing the dearer first units act like an extra order cost, which "
            f"makes a larger order pay."
        )
    if binding is Binding.EOQ:
        return (
            f"This is the economic order quantity: here the order cost "
            f"({_money(best.annual_cost.ordering, cur)} a year) and the holding cost "
            f"({_money(best.annual_cost.holding, cur)} a year) balance."
        )
    if binding is Binding.PRICE_BREAK:
        return (
            f"{q:,} is where the {_price(best.unit_price, cur)} price starts; the discount pays "
            f"for holding the extra stock."
        )
    if binding is Binding.MOQ:
        moq = model.terms.moq if model.terms.moq and free_q < model.terms.moq else q
        sentence = (
            f"The supplier's minimum of {moq:,} decides: you would otherwise order about "
            f"{free_q:,}"
        )
        if q != moq:
            sentence += f"; above the minimum, {q:,} is the cheapest"
        return sentence + "."
    if binding is Binding.BUDGET:
        return (
            f"Your budget of {_money(model.budget or Decimal(0), cur)} per order limits the "
            f"order; without it {free_q:,} would be cheapest."
        )
    return (
        f"The shelf life limits the order to {model.shelf_cap or 0:,} units; without it "
        f"{free_q:,} would be cheapest."
    )


def _below_moq(model: _Model, quantity: int) -> bool:
    """Returns whether an order of `quantity` is under the MOQ with the surcharge."""
    return model.terms.moq is not None and model.fee is not None and quantity < model.terms.moq


def _trade_off(
    model: _Model, best: OrderOption, binding: Binding, options: Sequence[OrderOption]
) -> list[str]:
    """Returns sentences weighing the recommendation against bigger and smaller orders."""
    cur = model.terms.currency
    out: list[str] = []
    bigger = [o for o in options if o.order_quantity > best.order_quantity]
    if bigger and len(model.terms.tiers) > 1:
        big = min(bigger, key=lambda o: (o.unit_price, -o.order_quantity))
        if big.unit_price < best.unit_price:
            saving = best.unit_price - big.unit_price
            extra = big.annual_cost.total - best.annual_cost.total
            sentence = (
                f"Ordering {big.order_quantity:,} saves {_price(saving, cur)} a unit but ties up "
                f"{_money(big.cash_per_order, cur)} for {_months(big.months_of_cover, 0)}"
            )
            if not big.feasible:
                sentence += f", and it is not possible here ({big.infeasible_reason})."
            elif extra > 0:
                sentence += f", and costs {_money(extra, cur)} a year more in all."
            else:
                sentence += f", for {_money(-extra, cur)} a year less in all."
            out.append(sentence)
    smaller = [o for o in options if o.order_quantity < best.order_quantity and o.feasible]
    if binding is Binding.PRICE_BREAK and smaller:
        small = min(smaller, key=lambda o: o.annual_cost.total)
        saving = small.annual_cost.total - best.annual_cost.total
        out.append(
            f"Here the bigger batch really pays: it costs {_money(saving, cur)} a year less "
            f"than ordering {small.order_quantity:,} at a time, though it ties up "
            f"{_money(best.cash_per_order, cur)} an order instead of "
            f"{_money(small.cash_per_order, cur)}."
        )
    if best.months_of_cover > 6:
        out.append(
            f"That is {_months(best.months_of_cover, 0)} of stock: if the product may "
            f"still change, smaller batches cost a little more a year but risk less."
        )
    elif bigger and binding is not Binding.PRICE_BREAK:
        out.append("Small batches keep cash free and let the product change without waste.")
    return out


# --------------------------------------------------------------------------------------------
# Suppliers
# --------------------------------------------------------------------------------------------


def terms_for(supplier: Supplier, discount: Discount = Discount.ALL_UNITS) -> Terms | None:
    """Returns the supplier's terms for the economics, or None when it states no price."""
    if not supplier.price_tiers:
        return None
    order_cost = (supplier.setup_fee or Decimal(0)) + DEFAULT_ORDER_COST
    return Terms(
        tiers=tuple(supplier.price_tiers),
        discount=discount,
        moq=supplier.moq,
        order_cost=order_cost,
        below_moq_fee=supplier.below_moq_fee,
        currency=supplier.currency,
    )


def landed_terms(
    terms: Terms,
    *,
    setup_fee: Decimal | None = None,
    shipping_per_order: Decimal | None = None,
    shipping_per_unit: Decimal | None = None,
) -> Terms:
    """Returns terms at landed cost: set-up and shipping per order added to the order cost, and
    shipping per unit to every tier's price."""
    # Stock is valued at landed cost (price plus inbound freight), so holding cost is charged on
    # it too (Silver, Pyke & Peterson, sec. 3.2: the unit variable cost includes freight-in).
    per_unit = shipping_per_unit or Decimal(0)
    own = terms.order_cost if terms.order_cost is not None else DEFAULT_ORDER_COST
    order_cost = own + (setup_fee or Decimal(0)) + (shipping_per_order or Decimal(0))
    tiers = tuple(PriceTier(t.min_qty, t.unit_price + per_unit) for t in terms.tiers)
    return replace(terms, tiers=tiers, order_cost=order_cost)


@dataclass(frozen=True, slots=True)
class SupplierQuote:
    """One supplier's best order for a need, or why there is none."""

    supplier: Supplier
    recommendation: Recommendation | None
    note: str  # e.g. "no price stated: ask for a quote"


def recommend_for(supplier: Supplier, demand: Demand, *, chart: bool = True) -> SupplierQuote:
    """Returns the supplier's quote for the need, with the order-cost assumption stated."""
    terms = terms_for(supplier)
    if terms is None:
        return SupplierQuote(supplier, None, "no price stated: ask for a quote")
    try:
        recommendation = recommend(terms, demand, chart=chart)
    except InputError as error:
        return SupplierQuote(supplier, None, f"terms unusable ({error.reason}): ask for a quote")
    fee = supplier.setup_fee or Decimal(0)
    assumption = (
        f"order cost {_money(terms.order_cost or Decimal(0), terms.currency)} per order: "
        f"set-up fee {_money(fee, terms.currency)} plus "
        f"{_money(DEFAULT_ORDER_COST, terms.currency)} of your own (admin, receiving, payment)"
    )
    recommendation = replace(recommendation, assumptions=(assumption, *recommendation.assumptions))
    best = recommendation.best
    cur = terms.currency
    if best.feasible:
        span = "in total" if demand.period is Period.ONCE else "a year"
        note = (
            f"order {best.order_quantity:,} at {_price(best.unit_price, cur)}: "
            f"{_money(best.annual_cost.total, cur)} {span}"
        )
    else:
        note = f"does not fit: {best.infeasible_reason}"
    return SupplierQuote(supplier, recommendation, note)


def compare(suppliers: Sequence[Supplier], demand: Demand) -> list[SupplierQuote]:
    """Returns each supplier's quote, cheapest feasible total first, those without prices last."""
    quotes = [recommend_for(supplier, demand) for supplier in suppliers]

    def rank(item: tuple[int, SupplierQuote]) -> tuple[int, Decimal, int]:
        position, quote = item
        if quote.recommendation is None:
            return (2, Decimal(0), position)
        best = quote.recommendation.best
        return (0 if best.feasible else 1, best.annual_cost.total, position)

    return [quote for _, quote in sorted(enumerate(quotes), key=rank)]


# --------------------------------------------------------------------------------------------
# Chart data
# --------------------------------------------------------------------------------------------


def chart_data(terms: Terms, demand: Demand, recommendation: Recommendation) -> ChartData:
    """Returns the quantity-to-cost series with tier breaks, MOQ, limits and the recommendation."""
    with _localcontext() as context:
        context.prec = 40
        model = _model(terms, demand)
        recommended = recommendation.best.order_quantity
        breaks = tuple(max(t.min_qty, 1) for t in terms.tiers[1:])
        marks = [recommended, *(o.order_quantity for o in recommendation.options)]
        if terms.moq:
            marks.append(terms.moq)
        top = max(
            2 * recommended, *(int(m * 1.25) for m in marks), *(int(b * 1.25) for b in breaks)
        )
        top = min(max(top, model.smallest + 10), MAX_QUANTITY)
        bottom = model.smallest if model.yearly is not None else max(model.batch, model.smallest)
        step = max((top - bottom) / _CHART_POINTS, 1)
        points = {bottom + int(step * k) for k in range(_CHART_POINTS + 1)}
        # Geometric points too, so the curve stays smooth when the chart uses a log scale.
        ratio = (top / bottom) ** (1 / _CHART_POINTS)
        points.update(int(bottom * ratio**k) for k in range(_CHART_POINTS + 1))
        for mark in (*breaks, *marks):
            points.update({mark - 1, mark})  # both sides of a jump
        quantities = tuple(sorted(q for q in points if bottom <= q <= top))
        # Per unit needed: D a year (or the batch for a one-off).
        per = model.yearly if model.yearly is not None else Decimal(model.batch)
        totals: list[float] = []
        segments = _segments(model, with_moq=True)
        for quantity in quantities:
            cost, _ = _costs(model, _segment_for(model, quantity, segments), quantity)
            totals.append(float(cost.total))
        budget_limit = _budget_limit(model)
        title = (
            f"Order {recommended:,} at a time"
            if model.yearly is not None
            else f"One-off: order {recommended:,}"
        )
        return ChartData(
            quantities=quantities,
            total_cost=tuple(totals),
            unit_cost=tuple(t / float(per) for t in totals),
            tier_breaks=breaks,
            moq=terms.moq,
            budget_limit=budget_limit,
            shelf_life_limit=model.shelf_cap,
            recommended=recommended,
            currency=terms.currency,
            title=title,
        )


def with_chart(terms: Terms, demand: Demand, recommendation: Recommendation) -> Recommendation:
    """Returns the recommendation with its chart's data (as `recommend` adds it)."""
    return replace(recommendation, chart=chart_data(terms, demand, recommendation))


def _budget_limit(model: _Model) -> int | None:
    """Returns the largest quantity whose cash per order fits the budget, or None."""
    if model.budget is None:
        return None
    caps = [
        min(cap, s.hi) if s.hi is not None else cap
        for s in _segments(model, with_moq=True)
        if s.allowed and (cap := _budget_cap(model, s)) is not None and cap >= s.lo
    ]
    return max(caps) if caps else 0


# --------------------------------------------------------------------------------------------
# Parsing the CLI's tiers and formatting numbers
# --------------------------------------------------------------------------------------------


def parse_tiers_arg(text: str) -> tuple[PriceTier, ...]:
    """Returns the tiers in "Q:P,Q:P" (or ';'-separated), raising InputError on bad input."""
    items = [item.strip() for item in text.replace(";", ",").split(",")]
    if not text.strip() or any(not item for item in items):
        raise InputError(
            "tiers", f"expected quantity:price pairs like 1:2.50,500:1.90, got {text!r}"
        )
    tiers: list[PriceTier] = []
    for item in items:
        quantity_text, sep, price_text = item.partition(":")
        if not sep:
            raise InputError("tiers", f"{item!r} is not quantity:price (e.g. 500:1.90)")
        quantity_text = quantity_text.strip().replace("_", "")
        if not quantity_text.isdigit():
            raise InputError("tiers", f"quantity {quantity_text!r} is not a whole number")
        quantity = int(quantity_text)
        if quantity > MAX_QUANTITY:
            raise InputError("tiers", f"quantity {quantity:,} is out of range")
        price = parse_amount(price_text, "tiers")
        if price <= 0:
            raise InputError("tiers", f"price {price_text.strip()!r} must be more than 0")
        tiers.append(PriceTier(quantity, price))
    _validate_tiers(tiers)
    return tuple(tiers)


def parse_amount(text: str, field: str) -> Decimal:
    """Returns a finite, in-range Decimal from text, raising InputError otherwise."""
    cleaned = text.strip().replace("_", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise InputError(field, f"{text.strip()!r} is not a number") from None
    if not value.is_finite() or abs(value) > MAX_AMOUNT:
        raise InputError(field, f"{text.strip()!r} is out of range (at most {MAX_AMOUNT:,.0f})")
    return value


def _number(value: Decimal, places: int) -> str:
    """Returns the value with thousands separators and at most `places` decimals."""
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = f"{rounded:,.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _orders_a_year(value: Decimal, months_of_cover: Decimal) -> str:
    """Says how often an order comes: "about 4.3 orders a year", "about 1 order a year", or
    "about one order every 19 months" (never "0.6 orders a year")."""
    text = _number(value, 1)
    if text == "1":
        return "about 1 order a year"
    if value < 1:
        return f"about one order every {_months(months_of_cover, 0)}"
    return f"about {text} orders a year"


def _months(value: Decimal, places: int) -> str:
    """Returns "1 month" or "2.4 months"."""
    text = _number(value, places)
    return f"{text} month" if text == "1" else f"{text} months"


def _money(value: Decimal, currency: str | None) -> str:
    """Returns an amount with its currency: "€2,400", "€12.50", "1,200 CHF"."""
    places = 0 if abs(value) >= 1000 or value == value.to_integral_value() else 2
    rounded = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return format_money(rounded, currency, places)


def _price(value: Decimal, currency: str | None) -> str:
    """Returns a unit price with two to four decimals (the one formatter in money.py)."""
    return format_unit_price(value, currency)


def _percent(value: Decimal) -> str:
    """Returns a fraction as a percentage: 0.25 -> "25 %"."""
    return f"{_number(value * 100, 1)} %"


__all__ = [
    "DEFAULT_HOLDING_RATE",
    "DEFAULT_ORDER_COST",
    "STAGE_PREMIUM",
    "SupplierQuote",
    "chart_data",
    "compare",
    "evaluate",
    "landed_terms",
    "parse_amount",
    "parse_tiers_arg",
    "recommend",
    "recommend_for",
    "terms_for",
    "with_chart",
]
