"""The answer to a complete need: leads, the order size on a known price, or what can be said
without one.

A price is never guessed: the figures come from the founder's own quote, from a lead's published
tiers, or there are none and the answer says so, giving the MOQs against the need and the
quantities to ask prices at instead.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from bot.core.advice.currency import Rates
from bot.core.advice.drafting import as_quoted, draft_request, referral_request
from bot.core.advice.economics import evaluate, recommend_for, terms_for, with_chart
from bot.core.advice.price_lists import PriceList, lists_for
from bot.core.advice.quotes import Comparison, Quote, compare_quotes
from bot.core.advice.quotes import Need as QuoteNeed
from bot.core.conversation.messages import (
    Answer,
    FounderQuote,
    HistoryEntry,
    Lead,
    Message,
    MoqCover,
    MoreLeads,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    PriceBasis,
    Slot,
    Understood,
)
from bot.core.conversation.state import HISTORY_LIMIT, MAX_LEADS, DialogState, KnowledgeView, Shown
from bot.core.conversation.state import Turn as Turn
from bot.core.search.matching import MAX_QUERY_CHARS, estimate_unit_price
from bot.core.types import (
    PERIODS_PER_YEAR,
    Demand,
    Hit,
    InputError,
    Need,
    OrderOption,
    Period,
    PriceTier,
    Recommendation,
    SearchFilters,
    SearchResult,
    Stage,
    Supplier,
)

# How many leads one answer shows.
LEADS_PER_PAGE = 5
# An MOQ beyond this many months of the founder's demand (or this multiple of a one-off batch)
# is "far above the need": the lead is shown, but it does not count as a fit.
FAR_ABOVE_MONTHS = 6
FAR_ABOVE_BATCHES = 3
MAX_MOQ_SORT = 10**12  # sorts suppliers with no stated MOQ after those with one
# The taxonomy group of sourcing platforms, agents and directories: the fallback for a product
# no category covers.
HELPER_GROUP = "marketplaces"
# One query per kind of helper: a single mixed query lands on one category (directories) and
# misses the agents, who serve founders anywhere.
_HELPER_QUERIES = ("sourcing agent", "sourcing marketplace", "manufacturer directory")
# How many months of stock suit a product at each stage: a judgement, like the obsolescence
# premium, that a product still changing should not sit on a year of stock.
STOCK_MONTHS: dict[Stage | None, int] = {
    Stage.IDEA: 3,
    Stage.LAUNCH: 6,
    Stage.GROWTH: 12,
    Stage.SCALE: 24,
    None: 12,
}


# --------------------------------------------------------------------------------------------
# The need as the economics and the search see it
# --------------------------------------------------------------------------------------------


def demand_of(need: Need) -> Demand | None:
    """Returns the economics' view of the need, or None while quantity or period is missing."""
    if need.quantity is None or need.period is None:
        return None
    sellable = need.sellable_months()  # a product-change horizon ends sales as a shelf life does
    return Demand(
        quantity=need.quantity,
        period=need.period,
        budget=need.budget,
        shelf_life_months=Decimal(sellable) if sellable is not None else None,
        stage=need.stage,
    )


def _moq_limit(need: Need) -> int | None:
    """Returns the largest MOQ still within reach of the need (see FAR_ABOVE_*)."""
    if need.quantity is None:
        return None
    wanted = need.quantity_max or need.quantity
    yearly = need.yearly_demand()
    if yearly is None:
        return wanted * FAR_ABOVE_BATCHES
    return max(wanted, yearly * FAR_ABOVE_MONTHS // 12)


def _fit(supplier: Supplier, limit: int | None) -> bool | None:
    """Returns True when the supplier is known to take a run this size, False when known not
    to (MOQ far above the need, or it says it does not do small series), None when unknown."""
    if supplier.moq is not None:
        return limit is None or supplier.moq <= limit
    if supplier.small_series is None:
        return None
    return supplier.small_series


def _distance(supplier: Supplier, need: Need) -> int:
    """Returns 0 for a supplier in the founder's country, 1 in their region, 2 elsewhere."""
    if need.country and supplier.country == need.country:
        return 0
    if need.region and supplier.region == need.region:
        return 1
    return 2 if (need.country or need.region) else 0


def search_leads(need: Need, kb: KnowledgeView) -> tuple[SearchResult, list[Hit]]:
    """Returns the search result and its hits in the need's category: the ones whose MOQ fits
    first, then the ones near the founder; leads of an unrelated category are dropped."""
    query = (need.product or "")[:MAX_QUERY_CHARS]
    try:
        result = kb.index.search(query, SearchFilters(), need=need, limit=MAX_LEADS)
    except InputError:
        result = SearchResult(query=query, nothing_fits=True)
    hits = list(result.hits)
    if need.categories:
        hits = [h for h in hits if set(h.supplier.categories) & set(need.categories)]
    limit = _moq_limit(need)
    order = {True: 0, None: 1, False: 2}
    # Stable sort: within the same fit and distance, the search ranking stays.
    hits.sort(key=lambda h: (order[_fit(h.supplier, limit)], _distance(h.supplier, need)))
    return result, hits


# --------------------------------------------------------------------------------------------
# Leads and prices
# --------------------------------------------------------------------------------------------


def _own_demand(supplier: Supplier, need: Need, demand: Demand) -> Demand:
    """Returns the demand on a supplier's terms: the budget only in its currency."""
    if need.currency and supplier.currency and need.currency != supplier.currency:
        return replace(demand, budget=None)  # no exchange rates here: the budget cannot apply
    return demand


def _recommend_on(
    supplier: Supplier, need: Need, demand: Demand, *, chart: bool = True
) -> Recommendation | None:
    """Returns the order size on a supplier's stated terms; the budget only in its currency."""
    with contextlib.suppress(InputError, ArithmeticError):
        own = _own_demand(supplier, need, demand)
        return recommend_for(supplier, own, chart=chart).recommendation
    return None


def _charted(
    supplier: Supplier, need: Need, demand: Demand, rec: Recommendation
) -> Recommendation:
    """Returns a lead's recommendation with the chart it leaves out (the headline's only)."""
    terms = terms_for(supplier)
    if terms is None or rec.chart is not None:
        return rec
    with contextlib.suppress(InputError, ArithmeticError):
        return with_chart(terms, _own_demand(supplier, need, demand), rec)
    return rec


def _lead(hit: Hit, need: Need, demand: Demand | None, fallback: int | None) -> Lead:
    """Returns a lead with the supplier's own order-size answer where it states prices."""
    supplier = hit.supplier
    recommendation = None
    if demand is not None and supplier.price_tiers:
        # no chart: only the headline's is shown (_priced adds it), and each costs more than
        # the order size itself
        recommendation = _recommend_on(supplier, need, demand, chart=False)
    at = recommendation.best.order_quantity if recommendation else fallback
    price = estimate_unit_price(supplier, at) if at else None
    return Lead(
        supplier=supplier,
        reasons=tuple(hit.reasons)[:6],
        unit_price=price,
        at_quantity=at if price is not None else None,
        recommendation=recommendation,
        moq_fits=_fit(supplier, _moq_limit(need)),
    )


def quote_supplier(quote: FounderQuote) -> Supplier:
    """Returns the quoting supplier as the economics reads terms: tiers, MOQ, set-up fee."""
    return Supplier(
        name=quote.supplier or "your quoting supplier",
        categories=("quote",),
        moq=quote.moq,
        setup_fee=quote.setup_fee,
        currency=quote.currency,
        price_tiers=quote.tiers,
    )


@dataclass(frozen=True, slots=True)
class _Priced:
    """The figures of the answer and where their price came from."""

    recommendation: Recommendation | None = None
    basis: PriceBasis = PriceBasis.NONE
    supplier: str | None = None
    budget_ignored: bool = False
    price_list: PriceList | None = None
    rate: str | None = None  # the conversion of the list's prices, said with its date
    no_rate: str | None = None  # the list's currency when no rate converts it


def _priced(
    quote: FounderQuote | None, leads: Sequence[Lead], need: Need, kb: KnowledgeView
) -> _Priced:
    """Returns the figures on the founder's quote, else on the first lead with stated prices,
    else on a published price list that fits the need."""
    demand = demand_of(need)
    if demand is None:
        return _Priced()
    if quote is not None and quote.tiers:
        quoted = quote_supplier(quote)
        recommendation = _recommend_on(quoted, need, demand)
        if recommendation is not None:
            return _Priced(
                recommendation, PriceBasis.QUOTE, quote.supplier, _other_currency(need, quoted)
            )
    priced = [lead for lead in leads if lead.recommendation and lead.moq_fits is not False]
    feasible = [
        lead for lead in priced if lead.recommendation and lead.recommendation.best.feasible
    ]
    if not (feasible or priced):
        return _listed(need, kb, demand)
    chosen = (feasible or priced)[0]
    if chosen.recommendation is None:
        return _Priced()
    return _Priced(
        _charted(chosen.supplier, need, demand, chosen.recommendation),
        PriceBasis.SUPPLIER,
        chosen.supplier.name,
        _other_currency(need, chosen.supplier),
    )


def fitting_lists(need: Need, kb: KnowledgeView) -> list[PriceList]:
    """Returns the published lists in the need's category that share a word with its product,
    the usable ones first."""
    return lists_for(kb.price_lists, need.categories, need.product or "")


def _listed(need: Need, kb: KnowledgeView, demand: Demand) -> _Priced:
    """Returns the figures on the first usable published list that fits, or none."""
    for price_list in fitting_lists(need, kb):
        if not price_list.usable:
            break  # the usable lists come first: the rest are reference only
        supplier, rate, no_rate = list_supplier(price_list, need.currency, kb.rates)
        recommendation = _recommend_on(supplier, need, demand)
        if recommendation is not None:
            return _Priced(
                recommendation,
                PriceBasis.SUPPLIER,
                price_list.vendor,
                _other_currency(need, supplier),
                price_list,
                rate,
                no_rate,
            )
    return _Priced()


def list_supplier(
    price_list: PriceList, currency: str | None, rates: Rates | None
) -> tuple[Supplier, str | None, str | None]:
    """Returns a published list as terms the economics reads (its first tier is its minimum),
    in the founder's currency at a dated rate (and the rate's words), else in its own (and
    the currency no rate converts)."""
    own, tiers = price_list.currency, price_list.tiers
    rate = no_rate = None
    if currency and own and currency.upper() != own.upper():
        conversion = rates.convert(Decimal(1), own, currency) if rates is not None else None
        if conversion is None:
            no_rate = own
        else:
            tiers = tuple(
                PriceTier(t.min_qty, (t.unit_price * conversion.rate).quantize(Decimal("0.0001")))
                for t in tiers
            )
            own, rate = conversion.to, conversion.describe()
    supplier = Supplier(
        name=price_list.vendor,
        categories=price_list.categories or ("price-list",),
        website=price_list.website,
        moq=tiers[0].min_qty if tiers else None,
        currency=own,
        price_tiers=tiers,
        source=price_list.source,
    )
    return supplier, rate, no_rate


def _other_currency(need: Need, supplier: Supplier) -> bool:
    """Returns whether a budget was left out because the prices are in another currency."""
    return bool(
        need.budget and need.currency and supplier.currency and need.currency != supplier.currency
    )


# --------------------------------------------------------------------------------------------
# Without a price: what can still be said
# --------------------------------------------------------------------------------------------


def _monthly(need: Need) -> Decimal | None:
    """Returns the need in units a month, or None for a one-off."""
    yearly = need.yearly_demand()
    return Decimal(yearly) / 12 if yearly else None


def moq_cover(supplier: str, moq: int, need: Need) -> MoqCover:
    """Returns what an MOQ means for the need: months of demand, or multiples of the batch."""
    monthly = _monthly(need)
    if monthly:
        return MoqCover(supplier, moq, (moq / monthly).quantize(Decimal("0.1")), None)
    batch = Decimal(need.quantity or 1)
    return MoqCover(supplier, moq, None, (moq / batch).quantize(Decimal("0.1")))


def _quote_at(need: Need, covers: Sequence[MoqCover]) -> tuple[int, ...]:
    """Returns the quantities worth asking prices at: one order of the need (a month, or the
    batch), the smallest MOQ above it, and, for a recurring need, a break about three times
    the month (a one-off is bought once: three batches' price decides nothing)."""
    if need.quantity is None:
        return ()
    monthly = _monthly(need)
    one = int(monthly) if monthly else need.quantity
    if monthly and need.period is not Period.MONTH:
        one = as_quoted(one)  # a month of "80 a week" is 346.7: ask at 350, as breaks are quoted
    one = max(one, 1)
    above = sorted(c.moq for c in covers if c.moq > one)
    bigger = () if need.period is Period.ONCE else (as_quoted(one * 3),)
    return tuple(sorted({one, *above[:1], *bigger}))


def _budget_ceiling(need: Need) -> Decimal | None:
    """Returns the most a unit may cost for the budget to pay for one order of the need."""
    if need.budget is None or need.quantity is None:
        return None
    monthly = _monthly(need)
    units = Decimal(need.quantity) if need.period is Period.ONCE or not monthly else monthly
    budget = need.budget
    if need.budget_period is not None and need.budget_period in PERIODS_PER_YEAR and monthly:
        budget = budget * PERIODS_PER_YEAR[need.budget_period] / 12  # a month's worth
    ceiling: Decimal = (budget / units).quantize(Decimal("0.01"))
    return ceiling


# --------------------------------------------------------------------------------------------
# The answer
# --------------------------------------------------------------------------------------------


def answer(state: DialogState, kb: KnowledgeView, today: date, messages: list[Message]) -> Turn:
    """Returns the recommendation with leads, or the honest "nothing fits" and what works."""
    need = state.need
    done = replace(state, awaiting=Slot.DONE, editing=False, lead_offset=0, category_options=())
    if need.product is None and state.uncovered_product:
        return _uncovered_answer(done, state.uncovered_product, kb, messages)
    result, hits = search_leads(need, kb)
    if not hits:
        closest = [h for h in result.near_misses if _related(h.supplier, need)][:3]
        near = tuple(_lead(h, need, None, None) for h in closest)
        no_match = NothingFits(
            need, NothingFitsReason.NO_MATCH, near, helpers=helpers_for(need, kb)
        )
        return Turn(_shown(done, None), (*messages, no_match))
    limit = _moq_limit(need)
    fits = [_fit(h.supplier, limit) for h in hits]
    if True not in fits and False in fits and not (state.quote and state.quote.tiers):
        return Turn(_shown(done, None), (*messages, _too_big(need, hits, fits)))
    demand = demand_of(need)
    leads = [_lead(h, need, demand, need.quantity) for h in hits[:LEADS_PER_PAGE]]
    priced = _priced(state.quote, leads, need, kb)
    order_quantity = priced.recommendation.best.order_quantity if priced.recommendation else None
    if order_quantity is not None:
        leads = [
            _lead(h, need, demand, order_quantity) if lead.recommendation is None else lead
            for h, lead in zip(hits[:LEADS_PER_PAGE], leads, strict=True)
        ]
    reply = _answer_message(state, leads, priced, more=len(hits) > LEADS_PER_PAGE)
    if priced.basis is not PriceBasis.QUOTE:
        # Beside a quote of the founder's own, a page's per-square-inch figures are noise.
        reference = tuple(pl for pl in fitting_lists(need, kb) if not pl.usable)[:2]
        reply = replace(reply, reference_lists=reference)
    entry = _history_entry(need, today, priced)
    done = replace(
        done,
        order_quantity=order_quantity,
        last_answer=entry,
        history=(*state.history, entry)[-HISTORY_LIMIT:],
    )
    return Turn(_shown(done, reply), (*messages, reply))


def _uncovered_answer(
    done: DialogState, product: str, kb: KnowledgeView, messages: list[Message]
) -> Turn:
    """Returns the answer for a product no category covers: no leads, who may find a maker,
    the request to send with the founder's figures, and the founder's own quote weighed."""
    need = done.need
    gap = NothingFits(
        need,
        NothingFitsReason.NOT_COVERED,
        product=product,
        helpers=helpers_for(need, kb, product),
    )
    turn = Turn(_shown(done, None), (*messages, gap, referral_request(product, need)))
    return with_quote_answer(turn, kb)


def _related(supplier: Supplier, need: Need) -> bool:
    """Returns whether a supplier is in the need's category (any, when none is known)."""
    return not need.categories or bool(set(supplier.categories) & set(need.categories))


def _too_big(need: Need, hits: Sequence[Hit], fits: Sequence[bool | None]) -> NothingFits:
    """Returns "nothing fits" when every lead that states a minimum asks for far more."""
    pairs = list(zip(hits, fits, strict=True))
    unknown = [h for h, fit in pairs if fit is None][:2]
    too_big = sorted(
        (h for h, fit in pairs if fit is False),
        key=lambda h: h.supplier.moq if h.supplier.moq is not None else MAX_MOQ_SORT,
    )[:2]
    closest = tuple(_lead(h, need, None, need.quantity) for h in (*unknown, *too_big))
    return NothingFits(need, NothingFitsReason.MOQ_TOO_HIGH, closest)


def _answer_message(
    state: DialogState, leads: Sequence[Lead], priced: _Priced, *, more: bool
) -> Answer:
    """Returns the Answer: figures when a price is known, else the MOQs and what to ask."""
    need = state.need
    covers: tuple[MoqCover, ...] = ()
    if state.quote is not None and state.quote.smallest_order is not None:
        name = state.quote.supplier or "your supplier"
        covers = (moq_cover(name, state.quote.smallest_order, need),)
    if priced.recommendation is None:
        stated = [lead for lead in leads if lead.supplier.moq is not None]
        covers += tuple(
            moq_cover(lead.supplier.name, lead.supplier.moq or 1, need) for lead in stated
        )
    moq_option = _moq_option(state.quote, need)
    limit = stock_limit(need)
    return Answer(
        need=need,
        leads=tuple(leads),
        recommendation=priced.recommendation,
        basis=priced.basis,
        basis_supplier=priced.supplier,
        budget_ignored=priced.budget_ignored,
        more_available=more,
        offset=0,
        quote=state.quote,
        moq_covers=covers,
        quote_at=_quote_at(need, covers) if priced.recommendation is None else (),
        budget_ceiling=_budget_ceiling(need) if priced.recommendation is None else None,
        far_away=_far_away(leads, need),
        far_leads=_far_leads(leads, need),
        moq_option=moq_option,
        tier_options=tier_options(state.quote, need) if priced.basis is PriceBasis.QUOTE else (),
        moq_fine=_moq_fine(covers, limit) if state.quote is not None else None,
        stock_limit_months=limit,
        decisions=quote_decisions(state, need),
        price_list=priced.price_list,
        rate=priced.rate,
        no_rate=priced.no_rate,
    )


def quote_decisions(state: DialogState, need: Need) -> tuple[str, ...]:
    """Returns what the founder's quotes decide (the next tier, tooling's break-even against
    the other quote, the MOQ), in the comparison's own sentences."""
    comparison = _quote_comparison(state, need)
    if comparison is None:
        return ()
    return tuple(s for d in comparison.decisions for s in d.sentences)[:6]


def _quote_comparison(state: DialogState, need: Need) -> Comparison | None:
    """Returns the comparison of the founder's quotes in the chat at the need, or None."""
    demand = demand_of(need)
    quotes = [q for q in (state.quote, state.earlier_quote) if q is not None and q.tiers]
    if demand is None or not quotes:
        return None
    labels = ("your quote", "your earlier quote")
    compared = [
        Quote(
            supplier=q.supplier or labels[i],
            currency=q.currency or need.currency,
            tiers=q.tiers,
            moq=q.moq,
            setup_fee=q.setup_fee,
            tooling_fee=q.tooling_fee,
            named=q.supplier is not None,
        )
        for i, q in enumerate(quotes)
    ]
    currency = need.currency or compared[0].currency
    if any(q.currency and currency and q.currency != currency for q in compared):
        return None  # the chat's quotes in two currencies are compared in /quotes, not here
    try:
        return compare_quotes(compared, QuoteNeed(demand, currency))
    except (InputError, ArithmeticError):
        return None


def _far_away(shown: Sequence[Lead], need: Need) -> bool:
    """Returns whether the leads shown whose place is known are all outside the founder's
    country and region (a lead that does not say where it is proves nothing)."""
    known = [lead for lead in shown if lead.supplier.country or lead.supplier.region]
    return bool(known) and all(_distance(lead.supplier, need) == 2 for lead in known)


def _far_leads(shown: Sequence[Lead], need: Need) -> tuple[str, ...]:
    """Returns the leads shown that are known to be outside the founder's country and region,
    when others are near (when none is, `_far_away` says it of them all)."""
    if _far_away(shown, need):
        return ()
    known = [lead for lead in shown if lead.supplier.country or lead.supplier.region]
    return tuple(lead.supplier.name for lead in known if _distance(lead.supplier, need) == 2)


def _moq_fine(covers: Sequence[MoqCover], limit: int) -> bool | None:
    """Returns whether the quoted minimum (the first cover) is stock the need can carry."""
    if not covers or covers[0].months_of_cover is None:
        return None
    return covers[0].months_of_cover <= limit


def stock_limit(need: Need) -> int:
    """Returns the months of stock that suit the need: the stage's, capped by the shelf life."""
    months = STOCK_MONTHS[need.stage]
    sellable = need.sellable_months()
    return min(months, sellable) if sellable is not None else months


def _moq_option(quote: FounderQuote | None, need: Need) -> OrderOption | None:
    """Returns the quote's minimum order with its cash, cover and yearly cost, when priced."""
    if quote is None or quote.smallest_order is None:
        return None
    return _quoted_at(quote, need, quote.smallest_order)


def _quoted_at(
    quote: FounderQuote, need: Need, quantity: int, *, budget: bool = False
) -> OrderOption | None:
    """Returns one order of `quantity` on the quote's terms, when priced (the budget left out
    unless `budget`: the MOQ's cash is set against it in words)."""
    demand = demand_of(need)
    if not quote.tiers or demand is None:
        return None
    terms = terms_for(quote_supplier(quote))
    if terms is None:
        return None
    try:
        return evaluate(terms, demand if budget else replace(demand, budget=None), quantity)
    except (InputError, ArithmeticError):
        return None


def tier_options(quote: FounderQuote | None, need: Need) -> tuple[OrderOption, ...]:
    """Returns each quoted tier ordered at its own minimum ("which tier should I take?": the
    yearly cost of each and the cash it ties up), for a recurring need."""
    if quote is None or need.period in (None, Period.ONCE):
        return ()
    # A tier from 1 piece ("€1.20 a part") is no minimum to order at.
    found = (
        _quoted_at(quote, need, tier.min_qty, budget=True)
        for tier in quote.tiers
        if tier.min_qty > 1
    )
    return tuple(option for option in found if option is not None)


def _history_entry(need: Need, today: date, priced: _Priced) -> HistoryEntry:
    """Returns the history line of an answer."""
    rec = priced.recommendation
    return HistoryEntry(
        day=today,
        product=(need.product or "")[:300] or "(no product)",
        quantity=need.quantity or 1,
        period=need.period,
        supplier=priced.supplier[:300] if priced.supplier else None,
        order_quantity=rec.best.order_quantity if rec else None,
        binding=rec.binding if rec else None,
    )


def _shown(state: DialogState, reply: Answer | None) -> DialogState:
    """Returns the state remembering the figures this turn showed (for `chat --json`)."""
    if reply is None:
        return replace(state, shown=Shown(None, None, None, PriceBasis.NONE.value))
    rec = reply.recommendation
    ids = tuple(lead.supplier.id for lead in reply.leads if lead.supplier.id is not None)
    return replace(
        state,
        shown=Shown(
            order_quantity=rec.best.order_quantity if rec else None,
            binding=rec.binding if rec else None,
            unit_price=rec.best.unit_price if rec else None,
            price_source=reply.basis.value,
            lead_ids=ids,
        ),
    )


def with_quote_answer(turn: Turn, kb: KnowledgeView) -> Turn:
    """Returns the turn with the answer on the founder's own quote when no category covers the
    product ("I don't cover phone stands" but "which tier should I take?" was asked): a quote's
    figures need no supplier from the knowledge base."""
    uncovered = any(
        isinstance(m, NothingFits) and m.reason is NothingFitsReason.NOT_COVERED
        for m in turn.messages
    )
    quote = turn.state.quote
    answered = any(isinstance(m, Answer) for m in turn.messages)
    if not uncovered or answered or quote is None or not quote.tiers:
        return turn
    priced = _priced(quote, [], turn.state.need, kb)
    if priced.basis is not PriceBasis.QUOTE:
        return turn
    reply = _answer_message(turn.state, [], priced, more=False)
    messages = list(turn.messages)
    at = next((i + 1 for i, m in enumerate(messages) if isinstance(m, Understood)), 0)
    messages.insert(at, reply)  # the question first, then "not covered" for the leads
    return Turn(_shown(turn.state, reply), tuple(messages))


# --------------------------------------------------------------------------------------------
# What helps when nothing is covered
# --------------------------------------------------------------------------------------------


def helpers_for(need: Need, kb: KnowledgeView, product: str | None = None) -> tuple[Lead, ...]:
    """Returns the sourcing agents and directories whose scope fits the product: those with no
    narrower category, or with one close to what the founder described."""
    groups = {c.id for c in kb.taxonomy.categories if c.group == HELPER_GROUP}
    if not groups:
        return ()
    text = (product or need.product or "")[:MAX_QUERY_CHARS]
    near = {cat.id for cat, _ in kb.index.categories_for(text, limit=3)} if text else set()
    near |= set(need.categories)
    out = []
    for hit in _helper_hits(kb):
        own = set(hit.supplier.categories)
        if not own & groups:
            continue
        scope = own - groups
        if _national_far(hit.supplier, need, groups):
            continue
        if not scope or scope & near:
            out.append(_lead(hit, need, None, None))
    out.sort(key=lambda lead: _distance(lead.supplier, need))
    return tuple(out[:3])


def _helper_hits(kb: KnowledgeView) -> list[Hit]:
    """Returns the sourcing agents, platforms and directories found, each once, in that order."""
    seen: dict[int | None, Hit] = {}
    for query in _HELPER_QUERIES:
        try:
            hits = kb.index.search(query, SearchFilters(), limit=MAX_LEADS).hits
        except InputError:
            continue
        for hit in hits:
            seen.setdefault(hit.supplier.id, hit)
    return list(seen.values())


# Directories, trade bodies and trade shows list the makers of their own country ("Make it
# British", "Australian Made"): outside it they do not help, unlike agents and marketplaces.
NATIONAL_HELPER = "sourcing-directory"


def _national_far(supplier: Supplier, need: Need, groups: set[str]) -> bool:
    """Returns whether a helper is only a directory of another country or region than the
    founder's (a directory whose place is not known is kept)."""
    kinds = set(supplier.categories) & groups
    placed = bool(supplier.country or supplier.region)
    return kinds == {NATIONAL_HELPER} and placed and _distance(supplier, need) == 2


# --------------------------------------------------------------------------------------------
# After the answer: more leads, a drafted request
# --------------------------------------------------------------------------------------------


def more_leads(state: DialogState, kb: KnowledgeView) -> Turn:
    """Returns the next page of leads for the last answer."""
    if state.awaiting is not Slot.DONE or state.last_answer is None:
        return Turn(state, (Notice(NoticeKind.NO_ANSWER_YET),))
    _, hits = search_leads(state.need, kb)
    offset = state.lead_offset + LEADS_PER_PAGE
    page = hits[offset : offset + LEADS_PER_PAGE]
    if not page:
        return Turn(state, (Notice(NoticeKind.NO_MORE_LEADS),))
    demand = demand_of(state.need)
    leads = tuple(_lead(h, state.need, demand, state.order_quantity) for h in page)
    more = MoreLeads(state.need, leads, offset, len(hits) > offset + LEADS_PER_PAGE)
    return Turn(replace(state, lead_offset=offset), (more,))


def draft_for(state: DialogState, arg: str, kb: KnowledgeView) -> Turn | None:
    """Returns the drafted request to one lead (arg: its id, or "p<position>"), or to anyone;
    None when the button names no lead we know (a stale button)."""
    supplier = None
    if arg.isdigit() and len(arg) <= 12:
        supplier = kb.index.get(int(arg))
    elif arg.startswith("p") and arg[1:].isdigit() and len(arg) <= 6:
        _, hits = search_leads(state.need, kb)
        position = int(arg[1:])
        supplier = hits[position].supplier if position < len(hits) else None
    if arg and supplier is None:
        return None
    return Turn(
        state,
        (
            draft_request(
                state.need,
                supplier,
                state.order_quantity,
                quote_at=draft_quantities(state, kb),
                specs=state.specs,
            ),
        ),
    )


def draft_quantities(state: DialogState, kb: KnowledgeView) -> tuple[int, ...]:
    """Returns the quantities a drafted request asks prices at, those the decision turns on:
    after the founder's quotes (or on a published list), the comparison's (the need, the best
    order, the next break above it, the minimums); with no price, the need, the smallest MOQ
    above it and a break about three times the need."""
    need = state.need
    comparison = _quote_comparison(state, need)
    if comparison is None:
        comparison = _list_comparison(need, kb)
    if comparison is not None and comparison.quote_at:
        return _as_asked(comparison)
    return _quote_at(need, _covers_of(state, kb))


def _as_asked(comparison: Comparison) -> tuple[int, ...]:
    """Returns the quantities as a request states them: the need and the quoted breaks and
    minimums exact, a computed best order (8,090) round (8,100), as suppliers quote."""
    tiers = {t.min_qty for r in comparison.results for t in r.converted.tiers}
    computed = {r.best.order_quantity for r in comparison.results} - tiers
    computed.discard(comparison.need.demand.quantity)
    asked = (as_quoted(q) if q in computed else q for q in comparison.quote_at)
    return tuple(sorted(dict.fromkeys(asked)))


def _list_comparison(need: Need, kb: KnowledgeView) -> Comparison | None:
    """Returns the first usable fitting published list priced at the need, or None (the
    quantities do not depend on the currency: the list's own is used)."""
    demand = demand_of(need)
    usable = [pl for pl in fitting_lists(need, kb) if pl.usable]
    if demand is None or not usable:
        return None
    quote = replace(usable[0].as_quote(), moq=usable[0].tiers[0].min_qty)
    try:
        return compare_quotes([quote], QuoteNeed(demand, quote.currency))
    except (InputError, ArithmeticError):
        return None


def _covers_of(state: DialogState, kb: KnowledgeView) -> list[MoqCover]:
    """Returns the MOQ covers behind the quantities a drafted request asks prices at."""
    need = state.need
    covers = []
    if state.quote is not None and state.quote.smallest_order is not None:
        covers.append(moq_cover(state.quote.supplier or "", state.quote.smallest_order, need))
    _, hits = search_leads(need, kb)
    for hit in hits[:LEADS_PER_PAGE]:
        if hit.supplier.moq is not None:
            covers.append(moq_cover(hit.supplier.name, hit.supplier.moq, need))
    return covers


__all__ = [
    "LEADS_PER_PAGE",
    "answer",
    "demand_of",
    "draft_for",
    "draft_quantities",
    "fitting_lists",
    "helpers_for",
    "list_supplier",
    "moq_cover",
    "more_leads",
    "quote_supplier",
    "search_leads",
]
