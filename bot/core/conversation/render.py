"""The only place user-visible text is built: dialog messages to escaped markup and buttons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from bot.core.advice.price_lists import Basis
from bot.core.conversation.messages import (
    Answer,
    Ask,
    DraftRequest,
    EditChoices,
    FounderQuote,
    Greeting,
    HelpShown,
    HistoryEntry,
    HistoryShown,
    Lead,
    Message,
    MoqCover,
    MoreLeads,
    NothingFits,
    NothingFitsReason,
    Notice,
    NoticeKind,
    NotUnderstood,
    PriceBasis,
    SkipRefused,
    Slot,
    Understood,
    UnknownCommand,
)
from bot.core.markup import (
    Bold,
    Italic,
    Link,
    Node,
    Plain,
    Pre,
    Reply,
    button_rows,
    line,
    lines,
    split,
)
from bot.core.types import (
    Binding,
    Button,
    Need,
    OrderOption,
    Period,
    PriceTier,
    Recommendation,
    ReplyContext,
    Stage,
    Status,
)
from bot.core.understanding.money import format_money
from bot.core.understanding.parsing import MAX_QUANTITY, ProblemKind

# Telegram shows about this much of a button label on a phone; longer names are cut.
_LABEL_CHARS = 40
# Quoted user text is cut so a 10,000-character message is not echoed back.
_QUOTE_CHARS = 60
_PERIOD_WORDS = {
    Period.WEEK: "a week",
    Period.MONTH: "a month",
    Period.YEAR: "a year",
    Period.ONCE: "once",
}
_STAGE_WORDS = {
    Stage.IDEA: "idea",
    Stage.LAUNCH: "first sales",
    Stage.GROWTH: "growing",
    Stage.SCALE: "scaling",
}
_SLOT_NAMES = {
    Slot.PRODUCT: "the product",
    Slot.CATEGORY: "the kind of supplier",
    Slot.QUANTITY: "the quantity",
    Slot.BUDGET: "the budget",
    Slot.SHIPS_TO: "where it ships",
    Slot.STAGE: "the stage",
    Slot.EXTRAS: "the extras",
    Slot.CONFIRM: "the confirmation",
    Slot.DONE: "the answer",
}
_BINDING_WORDS = {
    Binding.EOQ: "economic order quantity",
    Binding.PRICE_BREAK: "price break",
    Binding.MOQ: "supplier's minimum",
    Binding.BUDGET: "your budget",
    Binding.SHELF_LIFE: "shelf life",
}
_STATUS_WORDS = {
    Status.UNCHECKED: "unchecked (from general knowledge, no page read)",
    Status.LISTED: "listed (from a public page, not checked)",
    Status.REVIEWED: "reviewed (checked by an admin)",
    Status.VERIFIED: "verified (with evidence)",
}
_EXAMPLE_ALL = (
    '"about 300 custom printed mailer boxes a month, budget €1.5k, shipping to Germany, '
    'we already sell"'
)


# --------------------------------------------------------------------------------------------
# Small formatters
# --------------------------------------------------------------------------------------------


def _unit_price(amount: Decimal, currency: str | None) -> str:
    """Returns a unit price with two decimals (four below one cent)."""
    return format_money(amount, currency, 2 if amount >= Decimal("0.01") else 4)


def _opening(text: str, limit: int) -> str:
    """Returns the first sentences of `text` that fit `limit` characters (at least one)."""
    out = ""
    for sentence in text.replace(". ", ".\n").splitlines():
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}".strip()
    return out if len(out) <= limit else out[: limit - 1] + "…"


def _quote(text: str) -> str:
    """Returns the founder's text cut for quoting back."""
    flat = " ".join(text.split())
    return flat if len(flat) <= _QUOTE_CHARS else flat[: _QUOTE_CHARS - 1] + "…"


def _label(text: str) -> str:
    """Returns a button label cut to fit a phone screen."""
    flat = " ".join(text.split()) or "?"
    return flat if len(flat) <= _LABEL_CHARS else flat[: _LABEL_CHARS - 1] + "…"


def _quantity(need: Need) -> str:
    """Returns "300 a month", "300–500 a month" or "250 once"."""
    if need.quantity is None:
        return "?"
    amount = f"{need.quantity:,}"
    if need.quantity_max is not None:
        amount += f"–{need.quantity_max:,}"
    if need.period is None:
        return amount
    return f"{amount} {_PERIOD_WORDS[need.period]}"


def _used_quantity(need: Need) -> str:
    """Returns the quantity the figures use: the low end of a range, said so."""
    text = _quantity(replace(need, quantity_max=None))
    if need.quantity_max is not None:
        text += " (the low end of your range)"
    return text


def _budget(need: Need) -> str:
    """Returns "€1,500 per order" or "€500 a month"."""
    if need.budget is None:
        return "no fixed budget"
    per = (
        "per order"
        if need.budget_period in (None, Period.ONCE)
        else "a " + str(need.budget_period)
    )
    amount = format_money(need.budget, need.currency, 0 if need.budget >= 100 else 2)
    if need.currency is None:
        amount += " (currency not read)"  # a bare number would pass for the founder's own
    return f"{amount} {per}"


def _place(need: Need) -> str:
    """Returns "DE (Europe)", "Europe" or "anywhere"."""
    if need.country and need.region:
        return f"{need.country} ({need.region})"
    return need.country or need.region or "anywhere"


def _extras(need: Need) -> list[str]:
    """Returns the extras as short phrases."""
    out = []
    if need.shelf_life_months is not None:
        out.append(f"shelf life {need.shelf_life_months} months")
    if need.change_horizon_months is not None:
        out.append(f"product changes in {need.change_horizon_months} months")
    if need.deadline_days is not None:
        out.append(f"needed within {need.deadline_days} days")
    if need.target_unit_price is not None:
        out.append(f"target {_unit_price(need.target_unit_price, need.currency)} a unit")
    if need.certifications:
        out.append(", ".join(need.certifications))
    return out


def _tier_phrase(tier: PriceTier, currency: str | None) -> str:
    """Returns a quoted tier: "1,000 at $0.80", or "$1.20 a unit" for one from a single piece."""
    price = _unit_price(tier.unit_price, currency)
    return f"{price} a unit" if tier.min_qty <= 1 else f"{tier.min_qty:,} at {price}"


def _quote_phrase(quote: FounderQuote) -> str:
    """Returns a quote as read: "your quote from Acme: 1,000 at $0.80, 5,000 at $0.45; ..."."""
    cur = quote.currency
    parts = [", ".join(_tier_phrase(t, cur) for t in quote.tiers)]
    if quote.moq is not None:
        parts.append(f"minimum {quote.moq:,}")
    if quote.setup_fee is not None:
        parts.append(
            f"set-up {format_money(quote.setup_fee, cur, 2 if quote.setup_fee < 100 else 0)}"
        )
    if quote.tooling_fee is not None:
        parts.append(f"tooling {format_money(quote.tooling_fee, cur)} once")
    if not (quote.tiers or quote.setup_fee or quote.tooling_fee) and quote.moq is not None:
        # A minimum said in passing ("my printer says min 3000") is no quote of the founder's.
        who = f"{quote.supplier}'s" if quote.supplier else "your supplier's"
        return f"{who} minimum: {quote.moq:,}"
    who = f" from {quote.supplier}" if quote.supplier else ""
    return f"your quote{who}: " + "; ".join(p for p in parts if p)


def _summary(need: Need, slots: Sequence[Slot]) -> list[str]:
    """Returns one phrase per slot."""
    out: list[str] = []
    for slot in slots:
        if slot is Slot.PRODUCT and need.product:
            out.append(need.product)
        elif slot is Slot.CATEGORY and need.categories:
            out.append(f"category {need.categories[0]}")  # replaced by its name when known
        elif slot is Slot.QUANTITY and need.quantity is not None:
            out.append(_quantity(need))
        elif slot is Slot.BUDGET:
            out.append(f"budget {_budget(need)}")
        elif slot is Slot.SHIPS_TO:
            out.append(f"ships to {_place(need)}")
        elif slot is Slot.STAGE and need.stage:
            out.append(_STAGE_WORDS[need.stage])
        elif slot is Slot.EXTRAS:
            out.extend(_extras(need))
    return out


# --------------------------------------------------------------------------------------------
# Questions
# --------------------------------------------------------------------------------------------


# Questions with fixed wording: the text and its quick replies.
_FIXED_QUESTIONS: dict[Slot, tuple[str, tuple[Button, ...]]] = {
    Slot.BUDGET: (
        "What can you spend per order (the cash you can put into one order)? "
        'e.g. "€1,500" or "2k USD". Add "a month" if it is a monthly budget.',
        (Button("No fixed budget", "skip"),),
    ),
    Slot.SHIPS_TO: (
        'Where do the goods need to go? A country or region, e.g. "Germany", "UK", "US" '
        'or "Europe".',
        (Button("Anywhere", "skip"),),
    ),
    Slot.STAGE: (
        "How far along is the product? (A young product may still change, which favours "
        "smaller batches.)",
        tuple(
            Button(word.capitalize(), "stage", stage.value) for stage, word in _STAGE_WORDS.items()
        ),
    ),
    Slot.EXTRAS: (
        'Anything else that matters? Shelf life ("6 months shelf life"), a deadline '
        '("within 3 weeks"), a target unit price ("€2 per unit") or certifications '
        '("FSC", "organic"). Or /skip.',
        (Button("No, search now", "skip"),),
    ),
}
_PERIOD_BUTTONS = (
    Button("A month", "period", Period.MONTH.value),
    Button("A week", "period", Period.WEEK.value),
    Button("A year", "period", Period.YEAR.value),
    Button("One-off batch", "period", Period.ONCE.value),
)


def _ask_product(message: Ask) -> tuple[Node, list[Button]]:
    """Returns the product question (again, in other words, after an unusable answer)."""
    first = (
        "Tell me the product in other words, or another product you need"
        if message.retry
        else "What are you making or buying? Describe it in your own words"
    )
    node = lines(
        f'{first}, e.g. "custom printed mailer boxes", "woven labels" or "30 ml dropper bottles".',
        Italic(f"You can also tell me everything at once: {_EXAMPLE_ALL}."),
    )
    return node, []


def _ask_category(message: Ask) -> tuple[Node, list[Button]]:
    """Returns the question which of the close categories fits, one button each."""
    product = _quote(message.need.product or "it")
    buttons = [
        Button(_label(category.name), "cat", str(number))
        for number, category in enumerate(message.categories)
    ]
    buttons.append(Button("None of these", "cat", "none"))
    return lines(f'"{product}" fits more than one kind of supplier. Which is closest?'), buttons


def _ask_quantity(message: Ask) -> tuple[Node, list[Button]]:
    """Returns the quantity question: its period alone, buttons the third time, or in full."""
    need = message.need
    if message.period_only:
        text = f"Is {need.quantity:,} a month, a week, a year, or a one-off batch?"
        return lines(text), list(_PERIOD_BUTTONS)
    product = _quote(need.product or "it")
    return lines(
        f'How many "{product}" do you need, and how often? '
        'e.g. "300 a month", "2,000 a year" or "500 once".'
    ), []


def _ask_confirm(message: Ask) -> tuple[Node, list[Button]]:
    """Returns the one confirmation, saying what was assumed."""
    readings = "; ".join(message.readings) or "your message as it is"
    buttons = [Button("Search now", "go"), Button("Change quantity", "edit", "quantity")]
    return lines(f"I read {readings}. Shall I search with that?"), buttons


def _ask(message: Ask) -> tuple[Node, list[Button]]:
    """Returns the question for one slot and its quick replies."""
    slot = message.slot
    asks = {
        Slot.PRODUCT: _ask_product,
        Slot.CATEGORY: _ask_category,
        Slot.QUANTITY: _ask_quantity,
        Slot.CONFIRM: _ask_confirm,
    }
    if slot in asks:
        node, buttons = asks[slot](message)
    elif slot in _FIXED_QUESTIONS:
        text, fixed = _FIXED_QUESTIONS[slot]
        node, buttons = lines(text), list(fixed)
    else:
        node, buttons = lines("What would you like to do next?"), [Button("New search", "new")]
    if message.can_skip and slot not in (Slot.BUDGET, Slot.SHIPS_TO, Slot.EXTRAS):
        buttons.append(Button("Skip", "skip"))
    return node, buttons


# "{q}" is the founder's text, quoted; each problem with a number says what was read.
_QUANTITY_PROBLEMS = {
    ProblemKind.NEGATIVE: "I read {q} as a negative quantity; {ask}",
    ProblemKind.ZERO: "I read {q} as zero units; {ask}",
    ProblemKind.TOO_LARGE: "{q} is more than I can work with (at most {most} units); {ask}",
    ProblemKind.NOT_WHOLE: "{q} is not a whole number of units; {ask}",
    ProblemKind.BAD_RANGE: (
        "{q} reads as a range that runs backwards; give it low to high, e.g. 300–500 a month."
    ),
}
_BUDGET_PROBLEMS = {
    ProblemKind.NEGATIVE: "I read {q} as a negative amount; {ask}",
    ProblemKind.ZERO: "I read {q} as nothing to spend; {ask}",
    ProblemKind.TOO_LARGE: "{q} is larger than any budget I can work with; {ask}",
}
_UNREAD = {
    Slot.QUANTITY: "I couldn't find a quantity in {q}; {ask}",
    Slot.BUDGET: "I couldn't find an amount in {q}; {ask}",
    Slot.PRODUCT: (
        "I couldn't match {q} to any kind of supplier I know. Try the everyday name, "
        'e.g. "mailer boxes", "woven labels", "t-shirts" or "30 ml dropper bottles".'
    ),
    Slot.SHIPS_TO: (
        'I didn\'t recognise a country or region in {q}; e.g. "Germany", "UK", "US" '
        'or "Europe" (or /skip).'
    ),
    Slot.STAGE: (
        "I couldn't tell the stage from {q}; pick one: idea, first sales, growing or scaling."
    ),
    Slot.EXTRAS: (
        "I couldn't read {q} as a shelf life, deadline, target price or certification; "
        'e.g. "6 months shelf life", "within 3 weeks", "€2 per unit" or "FSC" (or /skip).'
    ),
    Slot.CATEGORY: "I couldn't tell which one {q} means; press one of the buttons.",
    Slot.CONFIRM: (
        "I couldn't read {q} as a change; press Search now or say what "
        'to change, e.g. "make it 500 a month".'
    ),
}
_ASK_AGAIN = {
    Slot.QUANTITY: "how many units do you need, e.g. 300 a month?",
    Slot.BUDGET: 'what can you spend per order, e.g. "€1,500"? (or /skip)',
}


def _not_understood(message: NotUnderstood) -> Node:
    """Returns a specific explanation with an example of what works."""
    slot, problem = message.slot, message.problem
    problems = {Slot.QUANTITY: _QUANTITY_PROBLEMS, Slot.BUDGET: _BUDGET_PROBLEMS}.get(slot, {})
    template = problems.get(problem) if problem is not None else None
    template = template or _UNREAD.get(
        slot,
        "I couldn't read {q} as a change to your request. Say e.g. "
        '"make it 500 a month" or "budget €2k", or use /edit or /new.',
    )
    quoted = f"'{_quote(message.text)}'"
    return lines(template.format(q=quoted, ask=_ASK_AGAIN.get(slot, ""), most=f"{MAX_QUANTITY:,}"))


_NOTICES = {
    # It says what stays (issue 14): cancelling is not forgetting.
    NoticeKind.CANCELLED: "Cancelled. Your answers are cleared; your past recommendations "
    "(/history) and quotes are kept — /forget deletes everything. /new starts a new search.",
    NoticeKind.NEW_SEARCH: "New search: your previous answers are cleared.",
    NoticeKind.TOOLING_UNREAD: "You asked whether the tool pays off, but I could not read both "
    "prices from your message: the tool's cost with the price a piece after it, and what a "
    'piece costs you now. Send them in one line, e.g. "mould $7,000 then $0.60 a piece; 3D '
    "printing $4.50 each\", and I'll work out after how many pieces the tool pays for itself.",
    NoticeKind.NO_OTHER_PRODUCT: "Fine. The request above is ready to send to makers and "
    "your community; name another product whenever you like.",
    NoticeKind.CLOSEST_CATEGORY: "I'll go with the closest kind of supplier; /edit category "
    "picks another.",
    NoticeKind.NOTHING_TO_UNDO: "There is no earlier answer to go back to.",
    NoticeKind.NOTHING_TO_SKIP: "There is no question to skip right now.",
    NoticeKind.STALE_BUTTON: "That button belongs to an earlier step, so I ignored it.",
    NoticeKind.NO_MORE_LEADS: "Those were all the leads I have for this search.",
    NoticeKind.NO_ANSWER_YET: "There is no answer yet for that; let's finish the questions first.",
    NoticeKind.EMPTY: "That message was empty to me (only spaces or control characters).",
    NoticeKind.HISTORY_EMPTY: "No recommendations yet: your past answers will show up here.",
    NoticeKind.THANKS: 'You\'re welcome! Tell me what to change (e.g. "make it 500 a month"), '
    "or /new for another search.",
}


def _notice(message: Notice) -> Node:
    """Returns the text of a short notice."""
    if message.kind is NoticeKind.TOO_LONG:
        return lines(
            f"That message is longer than I read ({message.detail} characters at most); "
            "tell me in a sentence or two."
        )
    if message.kind is NoticeKind.ASKED_TWICE and message.slot is Slot.PRODUCT:
        return lines(
            "I won't ask for the product a third time. Whenever you like, name it in two or "
            'three everyday words ("candles", "enamel pins"); /help shows examples.'
        )
    if message.kind is NoticeKind.ASKED_TWICE and message.detail == "period":
        return lines(
            "I'll take your quantity as one batch rather than ask how often a third time. "
            "Tell me any time (\"a month\") and I'll set the suppliers' minimums against "
            "your monthly need."
        )
    if message.kind is NoticeKind.ASKED_TWICE and message.slot is Slot.QUANTITY:
        return lines(
            "I'll go on without the quantity rather than ask a third time. Tell me one any "
            "time (\"300 a month\") and I'll set the suppliers' minimums against it."
        )
    if message.kind is NoticeKind.ASKED_TWICE:
        slot = message.slot or Slot.EXTRAS
        return lines(f"I'll leave {_SLOT_NAMES[slot]} out rather than ask a third time.")
    if message.kind is NoticeKind.WENT_BACK:
        slot = message.slot or Slot.PRODUCT
        return lines(f"Going back: I've forgotten {_SLOT_NAMES[slot]}.")
    return lines(_NOTICES.get(message.kind, "OK."))


# --------------------------------------------------------------------------------------------
# Answers
# --------------------------------------------------------------------------------------------


def _lead_facts(lead: Lead, short: bool) -> list[str]:
    """Returns a lead's facts: MOQ or small runs, price, and (in full) lead time and place."""
    supplier = lead.supplier
    if supplier.moq is not None:
        facts = [f"MOQ {supplier.moq:,} {supplier.moq_unit}"]
    elif supplier.small_series is not None:
        facts = [
            "takes small runs (no MOQ stated)"
            if supplier.small_series
            else "no small runs, says its source"
        ]
    else:
        facts = ["MOQ not stated"]
    if lead.unit_price is not None and lead.at_quantity is not None:
        price = _unit_price(lead.unit_price, supplier.currency)
        facts.append(f"~{price}/unit at {lead.at_quantity:,}")
    elif not short:
        facts.append("no price stated")
    if not short and supplier.lead_time_days is not None:
        facts.append(f"lead time {supplier.lead_time_days} days")
    if not short and supplier.country:
        facts.append(f"based in {supplier.country}")
    return facts


def _lead_nodes(number: int, lead: Lead, short: bool = False) -> list[Node]:
    """Returns the lines for one lead: name, status, MOQ, price, lead time, website, why."""
    supplier = lead.supplier
    status = supplier.status
    state = f" · {status.value}" if short else f" · status: {_STATUS_WORDS[status]}"
    out: list[Node] = [
        line(f"{number}. ", Bold(supplier.name), state),
        line("   ", " · ".join(_lead_facts(lead, short))),
    ]
    if short:
        return out
    rec = lead.recommendation
    if rec is not None and rec.best.feasible:
        order = f"on its prices: order {rec.best.order_quantity:,} at a time"
        out.append(line("   ", f"{order} ({_BINDING_WORDS[rec.binding]})"))
    if supplier.website:
        out.append(line("   ", Link(supplier.website, supplier.website)))
    if lead.reasons:
        out.append(line("   ", Italic("why: " + "; ".join(lead.reasons))))
    return out


def _draft_buttons(leads: Sequence[Lead], offset: int) -> list[Button]:
    """Returns one "draft a request" button per lead (supplier id, or the position)."""
    out = []
    for number, lead in enumerate(leads):
        supplier_id = lead.supplier.id
        arg = str(supplier_id) if supplier_id is not None else f"p{offset + number}"
        out.append(Button(_label(f"Draft request: {lead.supplier.name}"), "draft", arg))
    return out


def _price_source(message: Answer) -> str:
    """Returns where the prices behind the figures come from, said in every answer."""
    if message.basis is PriceBasis.QUOTE:
        who = f" from {message.basis_supplier}" if message.basis_supplier else ""
        return f"Prices: from your quote{who}."
    if message.basis is PriceBasis.SUPPLIER and message.price_list is not None:
        return f"Prices: from {message.price_list.attribution()}."
    if message.basis is PriceBasis.SUPPLIER:
        return f"Prices: from {message.basis_supplier}'s published prices."
    return "Prices: no price known."


def _list_notes(message: Answer) -> list[Node]:
    """Returns how a published list's prices were converted (or why not) and its set-up words."""
    price_list = message.price_list
    if price_list is None:
        return []
    items: list[Node] = []
    if message.rate:
        items.append(lines(f"Its {price_list.currency} prices are converted at {message.rate}."))
    if message.no_rate:
        items.append(
            lines(
                f"I have no exchange rate for {message.no_rate} to "
                f"{message.need.currency or 'your currency'}, so these figures stay in "
                f"{message.no_rate}, not converted."
            )
        )
    if price_list.setup_note:
        items.append(
            lines(f"Set-up on that page: {_quote(price_list.setup_note)} (not in these figures).")
        )
    return items


_BASIS_WORDS = {
    Basis.PER_UNIT: "a unit",
    Basis.PER_SQ_IN: "per square inch",
    Basis.PER_1000_STITCHES: "per 1,000 stitches",
    Basis.PER_CM3: "per cm³",
    Basis.MINIMUM_PER_PART: "minimum per part",
}


def _reference_lists(message: Answer) -> list[Node]:
    """Returns the fitting published lists that are not per-unit vendor prices, as stated and
    never computed on."""
    if not message.reference_lists:
        return []
    items: list[Node] = [line(Bold("Published prices, for reference only"))]
    for price_list in message.reference_lists:
        per = _BASIS_WORDS[price_list.basis]
        tiers = ", ".join(
            f"{t.min_qty:,}+ at {_unit_price(t.unit_price, price_list.currency)} {per}"
            for t in price_list.tiers[:4]
        )
        items.append(
            lines(
                f"• {price_list.attribution()}: {tiers}. Not used in any figure: "
                f"{price_list.why_not_usable()}."
            )
        )
    return items


def _figures(message: Answer, rec: Recommendation, ctx: ReplyContext) -> list[Node]:
    """Returns the order size on a known price, its trade-off and what it assumed."""
    need, best = message.need, rec.best
    title = f"Order about {best.order_quantity:,} at a time"
    if need.period is Period.ONCE:
        title = f"Order {best.order_quantity:,} in one batch"
    items: list[Node] = [
        line(Bold(title), f" (decided by: {_BINDING_WORDS[rec.binding]})"),
        lines(_price_source(message)),
    ]
    if rec.explanation:
        # The explanation carries the figures and the trade-off; a group gets its opening.
        items.append(lines(_opening(rec.explanation, 300) if ctx.in_group else rec.explanation))
    if not best.feasible and best.infeasible_reason:
        items.append(lines(f"Not possible as it stands: {best.infeasible_reason}."))
    if need.budget is not None and need.budget_period in (Period.WEEK, Period.MONTH, Period.YEAR):
        items.append(
            lines(f"I treated your budget of {_budget(need)} as the most one order may cost.")
        )
    if message.budget_ignored:
        items.append(
            lines("Your budget is in another currency than these prices, so I left it out.")
        )
    if need.period is not Period.ONCE:
        items.extend(_flat_alternative(rec, message.tier_options))
    items.extend(_list_notes(message))
    if message.basis is PriceBasis.QUOTE and not ctx.in_group:
        items.extend(_tier_table(rec, message.tier_options))
    if rec.assumptions and not ctx.in_group:
        items.append(line(Italic("Assumptions: " + "; ".join(rec.assumptions) + ".")))
    return items


# A smaller order costing at most this much more a year (a share of the best total) is "nearly
# the same": the cost curve is flat around its minimum (the EOQ's well-known robustness).
FLAT_SHARE = Decimal("0.01")


def _flat_alternative(rec: Recommendation, at_minimums: Sequence[OrderOption]) -> list[Node]:
    """Returns the smallest order that costs nearly the same a year as the best one, when
    there is one: 5,000 at a tier's price instead of an economic 5,521 ties up less cash for
    a euro a year, which a founder should hear before ordering the odd figure."""
    best = rec.best
    ceiling = best.annual_cost.total * (1 + FLAT_SHARE)
    smaller = [
        o
        for o in (*rec.options, *at_minimums)
        if o.feasible
        and o.order_quantity < best.order_quantity
        and o.annual_cost.total <= ceiling
        and o.cash_per_order < best.cash_per_order
    ]
    if not smaller:
        return []
    pick = min(smaller, key=lambda o: o.order_quantity)
    cur = rec.currency
    more = max(pick.annual_cost.total - best.annual_cost.total, Decimal(0))
    extra = f"only {format_money(more, cur)} a year more" if more >= 1 else "the same a year"
    return [
        lines(
            f"Nearly as good: {pick.order_quantity:,} at a time costs {extra} and ties up "
            f"{format_money(best.cash_per_order - pick.cash_per_order, cur)} less per order "
            f"({pick.months_of_cover:.1f} months of stock): the yearly cost is flat around "
            "the best order, so the smaller one is the safer choice if the product may change."
        )
    ]


def _tier_table(rec: Recommendation, at_minimums: Sequence[OrderOption] = ()) -> list[Node]:
    """Returns each option of the quote with its yearly cost and the cash it ties up, each
    quoted tier at its own minimum among them."""
    shown = {option.order_quantity for option in rec.options}
    minimums = [
        replace(option, label=f"tier {option.order_quantity:,}+ at its minimum")
        for option in at_minimums
        if option.order_quantity not in shown
    ]
    options = sorted([*rec.options, *minimums], key=lambda o: o.order_quantity)
    if len(options) < 2:
        return []
    cur = rec.currency
    rows: list[Node] = [line(Bold("Each option on your quote"))]
    for option in options:
        if option.label.startswith("EOQ at ") and " · " not in option.label:
            # Worked out at the first tier's price, it usually lands in another tier ("EOQ at
            # $0.45: 4,276 at $0.32"), which reads as a contradiction; each tier's best is listed.
            continue
        facts = (
            f"{option.order_quantity:,} at {_unit_price(option.unit_price, cur)}: "
            f"{format_money(option.annual_cost.total, cur)} a year, "
            f"{format_money(option.cash_per_order, cur)} per order, "
            f"{option.months_of_cover:.1f} months of stock"
        )
        note = "" if option.feasible else f" (not possible: {option.infeasible_reason})"
        rows.append(lines(f"• {option.label}: {facts}{note}"))
    return rows


def _moq_answer(message: Answer) -> list[Node]:
    """Returns what the quoted minimum means: months of cover, cash, and whether it suits."""
    quote, need = message.quote, message.need
    option = message.moq_option
    if quote is None or quote.smallest_order is None:
        return []
    who = quote.supplier or "your supplier"
    moq = quote.smallest_order
    cover = message.moq_covers[0] if message.moq_covers else None
    parts = [f"{who}'s minimum of {moq:,}"]
    if cover is not None and cover.months_of_cover is not None:
        parts.append(f"is {cover.months_of_cover} months of your need")
    elif cover is not None and cover.batches is not None:
        parts.append(f"is {cover.batches}× your batch of {need.quantity or 0:,}")
    text = " ".join(parts)
    if option is not None:
        text += f" and ties up {format_money(option.cash_per_order, quote.currency)} per order"
    sentence = text[:1].upper() + text[1:]  # "Your supplier's minimum…" opens the line
    items: list[Node] = [line(Bold("The minimum order")), lines(sentence + ".")]
    items.extend(_moq_verdict(message, cover))
    if option is None and not quote.tiers:
        items.append(
            lines(
                f"I have no price for it, so I can't say what cash it ties up: ask {who} the "
                f"price at {moq:,} and at your own {_moq_need(need)}."
            )
        )
    if option is not None and need.budget is not None and option.cash_per_order > need.budget:
        items.append(
            lines(
                f"It is more than your budget of {_budget(need)}: that order cannot be paid "
                "as it stands."
            )
        )
    return items


# A minimum of more than a quarter's need is worth an alternative even when the stage allows it.
_MOQ_WORTH_OPTIONS_MONTHS = 3


def _moq_verdict(message: Answer, cover: MoqCover | None) -> list[Node]:
    """Returns whether the minimum suits the stage and shelf life, and what else can be done."""
    limit = message.stock_limit_months
    unknown = message.need.stage is None
    assumed = ": I don't know your stage, so I allowed a year" if unknown else ""
    small = [lead.supplier.name for lead in message.leads if lead.moq_fits][:2]
    below = (
        f"look at the small-series suppliers below ({_names(small)})"
        if small
        else "ask whom they would recommend for a smaller run"
    )
    if message.moq_fine is False:
        return [
            lines(
                f"That is more stock than suits you (about {limit} months for your stage and "
                f"shelf life{assumed}). Ask them for a below-MOQ fee (a surcharge to order "
                f"fewer), {below}"
                + (", and ask whom they would recommend for a run this size." if small else ".")
            )
        ]
    if not message.moq_fine:
        return []
    verdict = (
        f"That is within what suits your stage and shelf life (up to {limit} months{assumed})."
    )
    months = cover.months_of_cover if cover is not None else None
    if months is not None and months > _MOQ_WORTH_OPTIONS_MONTHS:
        verdict += (
            f" If that is more stock or cash than you want to hold, ask them for a below-MOQ "
            f"fee (a surcharge to order fewer), or {below}."
        )
    return [lines(verdict)]


def _moq_need(need: Need) -> str:
    """Returns the founder's own order to ask a price at: a month's need, or the batch."""
    yearly = need.yearly_demand()
    if yearly:
        return f"month's need ({round(yearly / 12):,})"
    return f"batch ({need.quantity or 0:,})"


def _no_price(message: Answer) -> list[Node]:
    """Returns what can be said without a price: MOQs against the need and what to ask."""
    need = message.need
    items: list[Node] = [
        line(Bold(f"Leads for {_quote(need.product or 'your product')}")),
        lines(
            "Prices: no price known. No lead states a price and I have no quote with prices "
            "from you, so I won't put numbers on the order size or its cost."
        ),
    ]
    covers = [c for c in message.moq_covers if c.months_of_cover is not None or c.batches]
    if covers:
        said = []
        for cover in covers[:4]:
            if cover.months_of_cover is not None:
                said.append(f"{cover.supplier}: {cover.moq:,} = {cover.months_of_cover} months")
            else:
                said.append(f"{cover.supplier}: {cover.moq:,} = {cover.batches}× your batch")
        items.append(lines("Their minimums against your need: " + "; ".join(said) + "."))
    if message.quote_at:
        at = ", ".join(f"{q:,}" for q in message.quote_at)
        items.append(lines(f"Ask for prices at {at} units: that shows their price breaks."))
    if message.budget_ceiling is not None:
        items.append(
            lines(
                f"Your budget of {_budget(need)} covers {_used_quantity(need)} only if a unit "
                f"costs at most {_unit_price(message.budget_ceiling, need.currency)}, "
                "delivery included."
            )
        )
    return items


def _place_note(message: Answer, shown: Sequence[Lead]) -> list[Node]:
    """Returns the freight-and-duties caveat: for the far leads shown, or for them all."""
    place = _place(message.need)
    where = {
        lead.supplier.name: lead.supplier.country or lead.supplier.region or "" for lead in shown
    }
    far = [f"{name} ({where[name]})" for name in message.far_leads if name in where]
    if far:
        names = _names(far[:3] + ([f"{len(far) - 3} more"] if len(far) > 3 else []))
        verb = "is" if len(far) == 1 else "are"
        return [
            lines(
                f"{names} {verb} outside your country and its trade region ({place}): allow "
                "for freight and import duties, and ask for the delivered price (the nearer "
                "leads may cost less to get to you)."
            )
        ]
    if not message.far_away:
        return []
    unplaced = any(not (lead.supplier.country or lead.supplier.region) for lead in message.leads)
    who = "None of the leads that say where they are" if unplaced else "None of these"
    return [
        lines(
            f"{who} is in {place}: allow for freight and import duties, "
            "and ask them for the delivered price."
        )
    ]


def _deadline_note(message: Answer) -> list[Node]:
    """Returns what the founder's deadline means for the leads: the ones too slow by their own
    lead time, or that none states one (then each must be asked)."""
    days = message.need.deadline_days
    if days is None or not message.leads:
        return []
    slow = [
        lead.supplier.name
        for lead in message.leads
        if lead.supplier.lead_time_days is not None and lead.supplier.lead_time_days > days
    ]
    if slow:
        verb = "states" if len(slow) == 1 else "state"
        return [
            lines(
                f"You need it within {days} days: {_names(slow)} {verb} a longer lead time. "
                "Ask the others whether they can deliver by then, shipping included."
            )
        ]
    if all(lead.supplier.lead_time_days is None for lead in message.leads):
        return [
            lines(
                f"You need it within {days} days and none of these states a lead time: ask "
                "each whether they can deliver by then, shipping included."
            )
        ]
    return []


def _names(names: Sequence[str]) -> str:
    """Returns "A", "A and B" or "A, B and C"."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _answer(message: Answer, ctx: ReplyContext) -> tuple[Node, list[Button]]:
    """Returns the recommendation, the leads and the trade-off."""
    rec = message.recommendation
    items = _figures(message, rec, ctx) if rec is not None else _no_price(message)
    items.extend(_moq_answer(message))
    items.extend(_reference_lists(message))
    if message.decisions:
        items.append(line(Bold("What your quotes mean")))
        items.extend(lines(f"• {sentence}") for sentence in message.decisions)
    shown = message.leads[:3] if ctx.in_group else message.leads
    items.extend(_place_note(message, shown))
    items.extend(_deadline_note(message))
    if shown:  # none beside a quote for a product no category covers (said just after)
        items.append(lines(""))
        items.append(line(Bold("Leads")))
    for number, lead in enumerate(shown, start=message.offset + 1):
        items.extend(_lead_nodes(number, lead, short=ctx.in_group))
    if any(lead.moq_fits is False for lead in shown):
        items.append(
            lines(
                "Some of these state minimums far above your need or do not take small runs; "
                "ask them for a below-MOQ surcharge or a referral."
            )
        )
    buttons: list[Button] = []
    if not ctx.in_group:
        buttons.extend(_draft_buttons(message.leads, message.offset))
    if message.more_available:
        buttons.append(Button("More leads", "more"))
    buttons.append(Button("Change quantity", "edit", "quantity"))
    buttons.append(Button("New search", "new"))
    return lines(*items), buttons


def _nothing_fits(message: NothingFits, ctx: ReplyContext) -> tuple[Node, list[Button]]:
    """Returns the honest "nothing fits" with what works instead."""
    need = message.need
    product = _quote(need.product or "this")
    if message.reason is NothingFitsReason.NOT_COVERED:
        return _not_covered(message, ctx)
    if message.reason is NothingFitsReason.NO_MATCH:
        opening = f'I found no supplier in the knowledge base for "{product}".'
    else:
        stated = [lead.supplier.moq for lead in message.closest if lead.supplier.moq]
        opening = (
            f'None of the suppliers I found for "{product}" says it takes a run of '
            f"{_quantity(need)}: those that state a minimum ask for far more"
            + (f" (the smallest: {min(stated):,})" if stated else "")
            + ", or say they do not do small series; the rest do not say."
        )
    items: list[Node] = [line(Bold("Nothing fits well yet")), lines(opening)]
    if message.closest:
        items.append(line(Bold("Closest leads")))
        for number, lead in enumerate(message.closest, start=1):
            items.extend(_lead_nodes(number, lead, short=ctx.in_group))
    items.append(line(Bold("What works instead")))
    items.extend(
        lines(
            "• Stock packaging or blanks plus your own custom labels or stickers: no minimums.",
            "• Digital print: no plates, so short runs cost little extra.",
            "• Pool demand with other founders to reach a supplier's minimum together"
            + (" — ask in this group who needs the same." if ctx.in_group else "."),
            "• Ask for a below-MOQ surcharge or a sample run.",
            "• Ask each supplier whom they would recommend for a run this small; "
            "I can draft that request.",
        ).items
    )
    buttons = [Button("Draft a referral request", "draft", "")]
    if not ctx.in_group:
        buttons.extend(_draft_buttons(message.closest, 0)[:3])
    buttons.append(Button("Change quantity", "edit", "quantity"))
    buttons.append(Button("New search", "new"))
    return lines(*items), buttons


def _not_covered(message: NothingFits, ctx: ReplyContext) -> tuple[Node, list[Button]]:
    """Returns "I don't cover X yet" with the sourcing agents and directories that may help."""
    product = _quote(message.product or "this")
    items: list[Node] = [
        line(Bold(f'I don\'t cover "{product}" yet')),
        lines(
            "No kind of supplier in my knowledge base makes it, so I won't show unrelated leads."
        ),
    ]
    if message.helpers:
        items.append(line(Bold("Sourcing platforms and agents that may find a maker")))
        for number, lead in enumerate(message.helpers, start=1):
            items.extend(_lead_nodes(number, lead, short=ctx.in_group))
    else:
        items.append(lines("I have no sourcing agent or directory whose scope fits it either."))
    items.append(
        lines(
            "Ask makers of similar products, and your community, whom they use for small runs; "
            "the request below asks exactly that. If I misread the product, name it in two or "
            'three everyday words (e.g. "enamel pins").'
        )
    )
    return lines(*items), []


def _more(message: MoreLeads, ctx: ReplyContext) -> tuple[Node, list[Button]]:
    """Returns the next page of leads."""
    first = message.offset + 1
    items: list[Node] = [line(Bold(f"More leads ({first}–{first + len(message.leads) - 1})"))]
    for number, lead in enumerate(message.leads, start=first):
        items.extend(_lead_nodes(number, lead, short=ctx.in_group))
    buttons = [] if ctx.in_group else _draft_buttons(message.leads, message.offset)
    if message.more_available:
        buttons.append(Button("More leads", "more"))
    buttons.append(Button("New search", "new"))
    return lines(*items), buttons


def _draft(message: DraftRequest) -> Node:
    """Returns the drafted request, ready to copy."""
    to = message.supplier_name or "a supplier"
    items: list[Node] = [line("Here is a draft request to ", Bold(to), " — adjust and send it:")]
    if message.email:
        items.append(line("Email: ", message.email))
    elif message.website:
        items.append(line("Contact via ", Link(message.website, message.website)))
    items.append(line(Bold("Subject: "), message.subject))
    items.append(Pre(message.body))
    return lines(*items)


def _history(message: HistoryShown) -> Node:
    """Returns the past recommendations, newest first."""
    items: list[Node] = [line(Bold("Your past recommendations"))]
    for entry in message.entries:
        items.append(lines(_history_line(entry)))
    return lines(*items)


def _history_line(entry: HistoryEntry) -> str:
    """Returns one history line."""
    period = f" {_PERIOD_WORDS[entry.period]}" if entry.period else ""
    text = f"{entry.day.isoformat()} · {_quote(entry.product)} · {entry.quantity:,}{period}"
    if entry.order_quantity is not None:
        text += f" → order {entry.order_quantity:,}"
        if entry.binding is not None:
            text += f" ({_BINDING_WORDS[entry.binding]})"
    if entry.supplier:
        text += f" · {_quote(entry.supplier)}"
    return text


_HELP_LINES = (
    "Tell me what you need in your own words, for example:",
    _EXAMPLE_ALL,
    "I ask only for what is missing, then recommend how much to order at a time and show "
    "suppliers that take small runs.",
    "",
    "/new — start a new search",
    "/back — undo the last answer",
    "/skip — skip an optional question (budget, shipping, stage, extras)",
    "/edit quantity — change one answer (product, quantity, budget, country, stage, extras) "
    "and re-run",
    "/history — your past recommendations",
    "/cancel — clear this conversation",
    "/privacy — what I store about you; /mydata sends it, /forget deletes it",
    "/help — this text",
)


def help_text() -> Reply:
    """Returns the help message: how to talk to the bot and the commands."""
    return Reply(lines(line(Bold("Smallbatch — how it works")), *_HELP_LINES))


def _greeting(message: Greeting) -> Node:
    """Returns the welcome."""
    if message.returning:
        return lines("Welcome back! We were in the middle of something:")
    return lines(
        line(Bold("Hi! I'm Smallbatch.")),
        "I find suppliers that take small runs and work out how much to order at a time: "
        "price breaks and minimums against cash, stock and the risk that your product changes.",
    )


# --------------------------------------------------------------------------------------------
# Assembly
# --------------------------------------------------------------------------------------------


def _understood(message: Understood) -> Node:
    """Returns what the last message filled, said back (with the quote as read)."""
    phrases = _summary(message.need, message.changed)
    if message.category_name and Slot.PRODUCT in message.changed and phrases:
        phrases[0] = f"{phrases[0]} ({message.category_name})"
    elif message.category_name:
        phrases = [p for p in phrases if not p.startswith("category ")]
        phrases.append(message.category_name)
    if message.quote is not None:
        phrases.append(_quote_phrase(message.quote))
    node: Node = lines("Got it: " + " · ".join(phrases) + "." if phrases else "Got it.")
    if message.readings:
        node = lines(node, Italic("I read " + "; ".join(message.readings) + "."))
    return node


_EDIT_BUTTONS = (
    Button("Product", "edit", "product"),
    Button("Quantity", "edit", "quantity"),
    Button("Budget", "edit", "budget"),
    Button("Ships to", "edit", "country"),
    Button("Stage", "edit", "stage"),
    Button("Extras", "edit", "extras"),
)


def _plain(message: Message) -> Node | None:
    """Returns the markup of a message that has no buttons and ignores the chat kind."""
    if isinstance(message, Understood):
        return _understood(message)
    if isinstance(message, NotUnderstood):
        return _not_understood(message)
    if isinstance(message, Notice):
        return _notice(message)
    if isinstance(message, SkipRefused):
        slot = "to know how often" if message.period_only else _SLOT_NAMES[message.slot]
        return lines(f"I need {slot} before I can search, so it can't be skipped.")
    if isinstance(message, DraftRequest):
        return _draft(message)
    if isinstance(message, HistoryShown):
        return _history(message)
    if isinstance(message, Greeting):
        return _greeting(message)
    if isinstance(message, HelpShown):
        return help_text().markup
    if isinstance(message, UnknownCommand):
        return lines(f"I don't know /{_quote(message.name)}. /help lists what I understand.")
    return None


def _one(message: Message, ctx: ReplyContext) -> tuple[Node, list[Button]]:
    """Returns the markup and buttons for one message."""
    if isinstance(message, Ask):
        return _ask(message)
    if isinstance(message, Answer):
        return _answer(message, ctx)
    if isinstance(message, NothingFits):
        return _nothing_fits(message, ctx)
    if isinstance(message, MoreLeads):
        return _more(message, ctx)
    if isinstance(message, EditChoices):
        question = "Which answer do you want to change? (e.g. /edit budget)"
        return lines(question), list(_EDIT_BUTTONS)
    plain = _plain(message)
    return (plain if plain is not None else lines("OK.")), []


_AFTER_NOT_COVERED = (
    "Anything else I can look for? Name another product, or this one in other words."
)
# Said before the next question when the dialog goes on without a covered product.
_GOING_ON = (
    "If it goes by another name, tell me. Meanwhile your figures still size the order and "
    "the request:"
)


def render(messages: Sequence[Message], ctx: ReplyContext) -> list[Reply]:
    """Returns the replies for one turn: one text (split under 4,096 chars), buttons at the end."""
    blocks: list[Node] = []
    buttons: list[Button] = []
    uncovered = False
    for message in messages:
        node, own = _one(message, ctx)
        if isinstance(message, NothingFits) and message.reason is NothingFitsReason.NOT_COVERED:
            uncovered = True
        elif uncovered and isinstance(message, Ask) and message.slot is Slot.PRODUCT:
            # The founder just named it: asking "what are you making?" again would be deaf.
            node = lines(_AFTER_NOT_COVERED)
        elif uncovered and isinstance(message, Ask):
            node = lines(_GOING_ON, node)
        if blocks:
            blocks.append(Plain(""))
        blocks.append(node)
        buttons.extend(own)
    if ctx.in_group:
        buttons = [b for b in buttons if b.action != "draft" or not b.arg]
        if ctx.bot_username:
            url = f"https://t.me/{ctx.bot_username}?start={ctx.private_payload}"
            buttons.append(Button("Continue in private", "open", url=url))
    chunks = split(lines(*blocks)) if blocks else [lines("OK.")]
    replies = [Reply(chunk) for chunk in chunks]
    unique = list(dict.fromkeys(buttons))
    rows = button_rows(unique, per_row=2)
    replies[-1] = Reply(replies[-1].markup, buttons=rows, quote=ctx.in_group)
    return replies


__all__ = ["help_text", "render"]
