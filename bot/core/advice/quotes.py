"""Comparing a founder's quotes at their need, on landed cost, in the founder's currency.

Each quote is priced with the existing order-size economics at landed cost (set-up and shipping
per order in the order cost, shipping per unit in the unit price). Quotes are ranked feasible
first, then by what the first year costs: the yearly total plus any one-off tooling (for a one-off
need, the total spend plus tooling). Tooling is never in the yearly cost itself; the break-even
says when it pays. A quote in another currency is converted at a dated reference rate first, and
the answer names the rate; with no rate for a currency nothing is converted and it is refused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from bot.core.advice.currency import Conversion, Rates, format_day
from bot.core.advice.economics import (
    DEFAULT_ORDER_COST,
    STAGE_PREMIUM,
    chart_data,
    evaluate,
    landed_terms,
    recommend,
)
from bot.core.types import (
    PERIODS_PER_YEAR,
    Binding,
    Demand,
    InputError,
    OrderOption,
    Period,
    PriceTier,
    Recommendation,
    Terms,
)
from bot.core.understanding.money import format_money, format_unit_price
from bot.core.understanding.quotes import QuoteReading

_CENT = Decimal("0.01")
_PRICE_STEP = Decimal("0.0001")
_MONTHS = Decimal(12)


@dataclass(frozen=True, slots=True)
class Quote:
    """One supplier's terms as the founder confirmed them; money in `currency`."""

    supplier: str
    currency: str | None
    tiers: tuple[PriceTier, ...]
    moq: int | None = None
    setup_fee: Decimal | None = None  # per order
    tooling_fee: Decimal | None = None  # once
    shipping_per_order: Decimal | None = None
    shipping_per_unit: Decimal | None = None
    below_moq_fee: Decimal | None = None
    lead_time_days: int | None = None
    named: bool = True  # False: the quote states no supplier and `supplier` is a label

    @classmethod
    def from_reading(cls, reading: QuoteReading, supplier: str) -> Quote:
        """Returns the quote a reading states; `supplier` names it when the text does not."""

        def value(figure: object) -> Decimal | None:
            return getattr(figure, "value", None)

        return cls(
            supplier=reading.supplier.value if reading.supplier else supplier,
            currency=reading.currency,
            tiers=reading.price_tiers(),
            moq=reading.moq.value if reading.moq else None,
            setup_fee=value(reading.setup_fee),
            tooling_fee=value(reading.tooling_fee),
            shipping_per_order=value(reading.shipping_per_order),
            shipping_per_unit=value(reading.shipping_per_unit),
            below_moq_fee=value(reading.below_moq_fee),
            lead_time_days=reading.lead_time_days.value if reading.lead_time_days else None,
            named=reading.supplier is not None,
        )

    def missing(self) -> tuple[str, ...]:
        """Returns the fields the quote does not state (what to ask the supplier)."""
        out = [
            name
            for name, value in (
                ("moq", self.moq),
                ("setup_fee", self.setup_fee),
                ("tooling_fee", self.tooling_fee),
            )
            if value is None
        ]
        if self.shipping_per_order is None and self.shipping_per_unit is None:
            out += ["shipping_per_order", "shipping_per_unit"]
        if self.lead_time_days is None:
            out.append("lead_time_days")
        if self.currency is None:
            out.append("currency")
        return tuple(out)


@dataclass(frozen=True, slots=True)
class Need:
    """What the founder needs and can spend, in their own currency."""

    demand: Demand
    currency: str | None  # None only when no quote states one either
    order_cost: Decimal | None = None  # the founder's own cost per order; None: the default


@dataclass(frozen=True, slots=True)
class QuoteResult:
    """One quote priced at the need: `converted` holds its figures in the founder's currency."""

    quote: Quote
    converted: Quote
    conversion: Conversion | None  # None when the quote is already in the founder's currency
    recommendation: Recommendation
    landed_unit_cost: Decimal  # everything paid per order (tooling aside) over the units
    first_year: Decimal  # yearly total + tooling (one-off: total spend + tooling)

    @property
    def best(self) -> OrderOption:
        """Returns the recommended order."""
        return self.recommendation.best

    @property
    def unit_price(self) -> Decimal:
        """Returns the quote's own unit price at the recommended order (before shipping)."""
        return _list_price(self)


@dataclass(frozen=True, slots=True)
class BreakEven:
    """When a quote's tooling pays for itself against another quote's dearer pieces."""

    tooling_quote: int
    against: int
    units: int | None  # None: the tooling quote's pieces are not cheaper, it never pays
    months: Decimal | None  # at the need's rate; None for a one-off or when it never pays
    sentence: str


@dataclass(frozen=True, slots=True)
class Decision:
    """A question founders ask about the quotes, answered with its figures."""

    kind: str  # "bigger_tier" | "tooling" | "moq"
    sentences: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QuoteCurve:
    """All-in cost per unit needed against order quantity for one quote."""

    label: str
    quantities: tuple[int, ...]
    unit_cost: tuple[float, ...]
    recommended: int


@dataclass(frozen=True, slots=True)
class ComparisonChart:
    """One curve per quote, the need marked."""

    curves: tuple[QuoteCurve, ...]
    need: int
    currency: str | None
    title: str


@dataclass(frozen=True, slots=True)
class Comparison:
    """Every quote priced at the need, ranked, with the decisions and the chart."""

    need: Need
    results: tuple[QuoteResult, ...]  # in the order given
    ranking: tuple[int, ...]  # indexes into results, best first
    break_evens: tuple[BreakEven, ...]
    decisions: tuple[Decision, ...]
    explanation: str
    rates: Rates | None  # the rates used, when any quote was converted
    chart: ComparisonChart
    quote_at: tuple[int, ...] = ()  # quantities to ask every supplier for (the request draft)

    @property
    def best(self) -> int:
        """Returns the index of the winning quote."""
        return self.ranking[0]


# --------------------------------------------------------------------------------------------
# Conversion
# --------------------------------------------------------------------------------------------


def _convert_quote(
    quote: Quote, index: int, currency: str | None, rates: Rates | None
) -> tuple[Quote, Conversion | None]:
    """Returns the quote in the founder's currency, raising InputError when there is no rate."""
    source = quote.currency or currency  # a quote without a currency is read as the founder's
    if source is None or currency is None or source.upper() == currency.upper():
        return replace(quote, currency=currency), None
    sample = rates.convert(Decimal(1), source, currency) if rates is not None else None
    if rates is None or sample is None:
        when = f" in the rates of {format_day(rates.on)}" if rates else ""
        raise InputError(
            f"quote {index + 1}",
            f"{quote.supplier}: no rate from {source} to {currency}{when}; nothing converted "
            f"(give rates that list {source}, or compare in {source})",
        )
    rate = sample.rate

    def money(value: Decimal | None) -> Decimal | None:
        return None if value is None else value * rate

    converted = Quote(
        supplier=quote.supplier,
        currency=currency,
        tiers=tuple(PriceTier(t.min_qty, t.unit_price * rate) for t in quote.tiers),
        moq=quote.moq,
        setup_fee=money(quote.setup_fee),
        tooling_fee=money(quote.tooling_fee),
        shipping_per_order=money(quote.shipping_per_order),
        shipping_per_unit=money(quote.shipping_per_unit),
        below_moq_fee=money(quote.below_moq_fee),
        lead_time_days=quote.lead_time_days,
    )
    return converted, sample


# --------------------------------------------------------------------------------------------
# Pricing one quote
# --------------------------------------------------------------------------------------------


def terms_of(quote: Quote, need: Need) -> Terms:
    """Returns the economics' terms for a quote (in the founder's currency) at landed cost."""
    if not quote.tiers:
        raise InputError("tiers", "no unit price read (expected e.g. '1000 @ $0.80')")
    own = need.order_cost if need.order_cost is not None else DEFAULT_ORDER_COST
    terms = Terms(
        tiers=quote.tiers,
        moq=quote.moq,
        order_cost=own,
        below_moq_fee=quote.below_moq_fee,
        currency=need.currency,
    )
    return landed_terms(
        terms,
        setup_fee=quote.setup_fee,
        shipping_per_order=quote.shipping_per_order,
        shipping_per_unit=quote.shipping_per_unit,
    )


def _price_one(quote: Quote, index: int, need: Need, rates: Rates | None) -> QuoteResult:
    """Returns one quote priced at the need."""
    converted, conversion = _convert_quote(quote, index, need.currency, rates)
    try:
        recommendation = recommend(terms_of(converted, need), need.demand)
    except InputError as error:
        raise InputError(f"quote {index + 1}", f"{quote.supplier}: {error.reason}") from None
    best = recommendation.best
    tooling = converted.tooling_fee or Decimal(0)
    landed = best.cash_per_order / best.order_quantity
    if need.demand.period is Period.ONCE:
        landed += tooling / best.order_quantity
    return QuoteResult(
        quote=quote,
        converted=converted,
        conversion=conversion,
        recommendation=recommendation,
        landed_unit_cost=landed.quantize(_PRICE_STEP, ROUND_HALF_UP),
        first_year=(best.annual_cost.total + tooling).quantize(_CENT, ROUND_HALF_UP),
    )


# --------------------------------------------------------------------------------------------
# The comparison
# --------------------------------------------------------------------------------------------


def compare_quotes(quotes: Sequence[Quote], need: Need, rates: Rates | None = None) -> Comparison:
    """Returns every quote priced at the need, ranked, with break-evens, decisions and a chart."""
    if not quotes:
        raise InputError("quotes", "at least one quote is needed")
    results = tuple(_price_one(q, i, need, rates) for i, q in enumerate(quotes))
    ranking = tuple(
        sorted(
            range(len(results)),
            key=lambda i: (not results[i].best.feasible, results[i].first_year, i),
        )
    )
    break_evens = _break_evens(results, need)
    decisions = _decisions(results, ranking, need, break_evens)
    used = rates if any(r.conversion for r in results) else None
    return Comparison(
        need=need,
        results=results,
        ranking=ranking,
        break_evens=break_evens,
        decisions=decisions,
        explanation=_explain(results, ranking, need),
        rates=used,
        chart=_chart(results, need),
        quote_at=decision_quantities(results, need),
    )


def decision_quantities(results: Sequence[QuoteResult], need: Need) -> tuple[int, ...]:
    """Returns the quantities the decision turns on, to ask every supplier a price at: the
    need, the winner's order and the next break above it, and the MOQs (at most five)."""
    picks = {need.demand.quantity}
    for result in results:
        picks.add(result.best.order_quantity)
        picks.add(_smallest(result.converted))
        above = [
            t.min_qty for t in result.converted.tiers if t.min_qty > result.best.order_quantity
        ]
        if above:
            picks.add(above[0])
    ordered = sorted(picks)
    if len(ordered) <= 5:
        return tuple(ordered)
    # Keep the need, the smallest and the largest, and the ones nearest the need between them.
    keep = {ordered[0], ordered[-1], need.demand.quantity}
    for quantity in sorted(ordered, key=lambda q: abs(q - need.demand.quantity)):
        if len(keep) >= 5:
            break
        keep.add(quantity)
    return tuple(sorted(keep))


def _yearly_units(demand: Demand) -> Decimal | None:
    """Returns the units needed a year, or None for a one-off."""
    if demand.period is Period.ONCE:
        return None
    return Decimal(demand.quantity * PERIODS_PER_YEAR[demand.period])


def _span(need: Need) -> str:
    """Returns "a year" or "in total" (a one-off)."""
    return "in total" if need.demand.period is Period.ONCE else "a year"


def _explain(results: Sequence[QuoteResult], ranking: Sequence[int], need: Need) -> str:
    """Returns the one sentence saying why the winner wins (plus the conversions used)."""
    cur = need.currency
    win = results[ranking[0]]
    parts: list[str] = []
    if not win.best.feasible:
        parts.append(
            f"No quote fits your need: the closest is {win.quote.supplier} "
            f"({win.best.infeasible_reason})."
        )
    elif len(results) == 1:
        parts.append(
            f"{win.quote.supplier}: order {win.best.order_quantity:,} at a time, "
            f"{_price(win.landed_unit_cost, cur)} a unit landed, "
            f"{_money(win.first_year, cur)} {_first(need)}."
        )
    else:
        runner = results[ranking[1]]
        sentence = (
            f"{win.quote.supplier} wins: {_money(win.first_year, cur)} {_first(need)} "
            f"({_price(win.landed_unit_cost, cur)} a unit landed, ordering "
            f"{win.best.order_quantity:,} at a time) against {runner.quote.supplier}'s "
            f"{_money(runner.first_year, cur)}"
        )
        cheaper_price = _list_price(runner) < _list_price(win)
        if cheaper_price and runner.best.feasible:
            sentence += (
                f", although {runner.quote.supplier}'s unit price is lower "
                f"({_price(_list_price(runner), cur)} against {_price(_list_price(win), cur)}): "
                f"{_what_adds(runner, cur)} outweigh it"
            )
        elif not runner.best.feasible:
            sentence += f", which does not fit ({runner.best.infeasible_reason})"
        parts.append(sentence + ".")
    parts.extend(
        f"{r.quote.supplier}'s {r.quote.currency} figures converted at {r.conversion.describe()}."
        for r in results
        if r.conversion is not None
    )
    return " ".join(parts)


def _first(need: Need) -> str:
    """Returns how the ranked figure is meant."""
    if need.demand.period is Period.ONCE:
        return "in total"
    return "in the first year"


def _list_price(result: QuoteResult) -> Decimal:
    """Returns the quote's own unit price at the recommended quantity (no shipping)."""
    price = result.converted.tiers[0].unit_price
    for tier in result.converted.tiers:
        if tier.min_qty <= result.best.order_quantity:
            price = tier.unit_price
    return price


def _what_adds(result: QuoteResult, cur: str | None) -> str:
    """Returns what makes a quote dearer than its unit price: "its $0.30 shipping a unit"."""
    quote = result.converted
    bits = []
    if quote.shipping_per_unit:
        bits.append(f"{_price(quote.shipping_per_unit, cur)} shipping a unit")
    if quote.shipping_per_order:
        bits.append(f"{_money(quote.shipping_per_order, cur)} shipping an order")
    if quote.setup_fee:
        bits.append(f"{_money(quote.setup_fee, cur)} set-up an order")
    if quote.tooling_fee:
        bits.append(f"{_money(quote.tooling_fee, cur)} tooling")
    if not bits:
        bits.append(f"its order of {result.best.order_quantity:,} at a time")
    return "its " + ", ".join(bits)


# --------------------------------------------------------------------------------------------
# Break-evens and decisions
# --------------------------------------------------------------------------------------------


def _break_evens(results: Sequence[QuoteResult], need: Need) -> tuple[BreakEven, ...]:
    """Returns, for each quote with tooling, when it pays against each quote with less."""
    out: list[BreakEven] = []
    yearly = _yearly_units(need.demand)
    for i, tool in enumerate(results):
        fee = tool.converted.tooling_fee or Decimal(0)
        if fee <= 0:
            continue
        for j, other in enumerate(results):
            extra = fee - (other.converted.tooling_fee or Decimal(0))
            if i == j or extra <= 0:
                continue
            out.append(_break_even(i, j, tool, other, extra, yearly, need.currency))
    return tuple(out)


def _break_even(
    i: int,
    j: int,
    tool: QuoteResult,
    other: QuoteResult,
    extra: Decimal,
    yearly: Decimal | None,
    cur: str | None,
) -> BreakEven:
    """Returns the units (and months at the need's rate) after which the tooling has paid."""
    # Per-unit cost without tooling: the landed cost at each quote's recommended order.
    own = tool.best.cash_per_order / tool.best.order_quantity
    theirs = other.best.cash_per_order / other.best.order_quantity
    saving = theirs - own
    name, against = tool.quote.supplier, other.quote.supplier
    if saving <= 0:
        return BreakEven(
            i,
            j,
            None,
            None,
            f"{name}'s {_money(extra, cur)} tooling never pays against {against}: its pieces "
            f"are not cheaper landed ({_price(own, cur)} against {_price(theirs, cur)}).",
        )
    units = int((extra / saving).to_integral_value(ROUND_CEILING))
    months = None if yearly is None else (units * _MONTHS / yearly).quantize(Decimal("0.1"))
    when = (
        f", about {_number(months)} months of your need"
        if months is not None
        else ", a one-off need of that size"
    )
    return BreakEven(
        i,
        j,
        units,
        months,
        f"{name}'s {_money(extra, cur)} tooling pays for itself against {against} after "
        f"{units:,} units ({_price(_cents(saving), cur)} less a unit landed){when}.",
    )


def _decisions(
    results: Sequence[QuoteResult],
    ranking: Sequence[int],
    need: Need,
    break_evens: Sequence[BreakEven],
) -> tuple[Decision, ...]:
    """Returns the bigger-tier, tooling and MOQ decisions, each with its figures."""
    out: list[Decision] = []
    bigger = _bigger_tier(results[ranking[0]], need)
    if bigger:
        out.append(Decision("bigger_tier", bigger))
    if break_evens:
        out.append(Decision("tooling", tuple(b.sentence for b in break_evens)))
    moq = _moq_choices(results, need)
    if moq:
        out.append(Decision("moq", moq))
    return tuple(out)


def _bigger_tier(result: QuoteResult, need: Need) -> tuple[str, ...]:
    """Returns the case for and against the next tier above the recommended order."""
    best = result.best
    above = [t for t in result.converted.tiers if t.min_qty > best.order_quantity]
    if not above:
        return ()
    terms = terms_of(result.converted, need)
    big = evaluate(terms, need.demand, above[0].min_qty)
    cur = need.currency
    saving = best.annual_cost.total - big.annual_cost.total
    extra_cash = big.cash_per_order - best.cash_per_order
    verdict = "saves" if saving > 0 else "costs"
    sentence = (
        f"The {above[0].min_qty:,} tier ({_price(above[0].unit_price, cur)} a unit) {verdict} "
        f"{_money(abs(saving), cur)} {_span(need)} against ordering {best.order_quantity:,}, "
        f"but ties up {_money(extra_cash, cur)} more cash an order"
    )
    if need.demand.period is not Period.ONCE:
        sentence += (
            f" and {_number(big.months_of_cover - best.months_of_cover)} more months of stock"
        )
    out = [sentence + "."]
    stage = need.demand.stage
    if stage is not None and STAGE_PREMIUM[stage] > 0 and need.demand.period is not Period.ONCE:
        risk = STAGE_PREMIUM[stage] * (big.cash_per_order - best.cash_per_order) / 2
        out.append(
            f"At the {stage.value} stage the product may still change: the extra stock carries "
            f"about {_money(risk, cur)} a year of write-off risk "
            f"({_percent(STAGE_PREMIUM[stage])} a year of its value), already in these figures."
        )
    if not big.feasible:
        out.append(f"It does not fit here: {big.infeasible_reason}.")
    return tuple(out)


def _moq_choices(results: Sequence[QuoteResult], need: Need) -> tuple[str, ...]:
    """Returns MOQ against below-MOQ fee against a small-series quote, where an MOQ binds."""
    cur = need.currency
    wanted = need.demand.quantity
    out: list[str] = []
    small = [r for r in results if _smallest(r.converted) <= wanted and r.best.feasible]
    for result in results:
        floor = max(_smallest(result.converted), result.converted.moq or 0)
        binds = result.recommendation.binding is Binding.MOQ or not result.best.feasible
        if floor <= wanted or not binds:
            continue
        option = evaluate(terms_of(result.converted, need), need.demand, floor)
        cover = (
            f", {_number(option.months_of_cover)} months of your need"
            if need.demand.period is not Period.ONCE
            else f", {floor - wanted:,} more than you need"
        )
        sentence = (
            f"{result.quote.supplier}'s minimum is {floor:,}: "
            f"{_money(option.cash_per_order, cur)} an order{cover}"
        )
        if not option.feasible:
            sentence += f" ({option.infeasible_reason})"
        fee = result.converted.below_moq_fee
        if fee is not None:
            under = evaluate(terms_of(result.converted, need), need.demand, wanted)
            sentence += (
                f"; under it, {wanted:,} with the {_money(fee, cur)} surcharge cost "
                f"{_money(under.cash_per_order, cur)} an order"
            )
        else:
            sentence += "; it states no way to order fewer"
        out.append(sentence + ".")
        others = [r for r in small if r is not result]
        if others:
            alt = min(others, key=lambda r: r.first_year)
            out.append(
                f"{alt.quote.supplier} takes {alt.best.order_quantity:,} at a time: "
                f"{_money(alt.best.cash_per_order, cur)} an order, "
                f"{_price(alt.landed_unit_cost, cur)} a unit landed."
            )
    return tuple(out)


def _smallest(quote: Quote) -> int:
    """Returns the smallest order a quote allows (its first tier unless it states an MOQ)."""
    return max(quote.tiers[0].min_qty, 1)


def _chart(results: Sequence[QuoteResult], need: Need) -> ComparisonChart:
    """Returns one all-in unit-cost curve per quote (from the economics' chart data)."""
    curves = []
    for result in results:
        # recommend() drew the same curve already (the same terms and demand, _price_one)
        data = result.recommendation.chart
        if data is None:
            data = chart_data(terms_of(result.converted, need), need.demand, result.recommendation)
        curves.append(
            QuoteCurve(
                label=result.quote.supplier,
                quantities=data.quantities,
                unit_cost=data.unit_cost,
                recommended=result.best.order_quantity,
            )
        )
    period = need.demand.period
    per = "once" if period is Period.ONCE else f"a {period.value}"
    return ComparisonChart(
        curves=tuple(curves),
        need=need.demand.quantity,
        currency=need.currency,
        title=f"Cost per unit, all in: your need {need.demand.quantity:,} {per}",
    )


# --------------------------------------------------------------------------------------------
# Formatting
# --------------------------------------------------------------------------------------------


def _number(value: Decimal) -> str:
    """Returns the value with at most one decimal."""
    text = f"{value.quantize(Decimal('0.1'), ROUND_HALF_UP):,}"
    return text.removesuffix(".0")


def _money(value: Decimal, currency: str | None) -> str:
    """Returns an amount with its currency, cents only under 1,000."""
    places = 0 if abs(value) >= 1000 or value == value.to_integral_value() else 2
    return format_money(
        value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP), currency, places
    )


def _cents(value: Decimal) -> Decimal:
    """Returns a computed per-unit difference to the cent from 10 cents up ($3.9617 is $3.96:
    its last digits are the arithmetic's, not a supplier's price); smaller ones as they are."""
    if abs(value) < Decimal("0.1"):
        return value
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def _price(value: Decimal, currency: str | None) -> str:
    """Returns a unit price with two to four decimals (the one formatter in money.py)."""
    return format_unit_price(value, currency)


def _percent(value: Decimal) -> str:
    """Returns 0.2 as "20 %"."""
    return f"{_number(value * 100)} %"


__all__ = [
    "BreakEven",
    "Comparison",
    "ComparisonChart",
    "Decision",
    "Need",
    "Quote",
    "QuoteCurve",
    "QuoteResult",
    "compare_quotes",
    "decision_quantities",
    "terms_of",
]
