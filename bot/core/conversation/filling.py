"""What one message fills in the need, read against the question it answers.

A bare number answers the question asked (to the budget question "800" is money, to the quantity
question it is units); a product phrase replaces the product only while the product is open or
when it clearly names another one; everything else fills the slot it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from bot.core.conversation.messages import OPTIONAL_SLOTS, FounderQuote, Slot
from bot.core.conversation.state import KnowledgeView
from bot.core.search.matching import MAX_QUERY_CHARS
from bot.core.types import InputError, Need, Period, SearchFilters, Supplier
from bot.core.understanding.message import Categoriser, money_currency
from bot.core.understanding.normalise import fold, singular
from bot.core.understanding.parsing import (
    Money,
    Parsed,
    Problem,
    ProblemKind,
    Quantity,
    country_region,
    currency_of,
    own_words,
    parse,
    parse_period,
    parse_stage,
)

# Two categories within this many points (0-100 scale) both fit: ask which one.
CLOSE_CATEGORY_GAP = 8.0
# A product phrase matching a category this well (0-100) names a new product even mid-dialog.
STRONG_MATCH = 80.0
# Questions whose answer is not about the need's rate: there a period after a span word is how
# long ("selling for a year", "seit einem Jahr", "depuis un an"), not "a year" as the rate; a
# bare "monthly" or "it's a one-off" still is the rate.
_NOT_ABOUT_RATE = frozenset({Slot.BUDGET, Slot.SHIPS_TO, Slot.STAGE, Slot.EXTRAS})
_SPAN_OF_TIME = re.compile(
    r"\b(?:for|since|seit|depuis|desde|hace|during|over)\s+(?:(?:about|almost|nearly|over|"
    r"the|last|past|etwa|fast|presque|environ|casi|unos?)\s+)*(?:a|an|one|two|three|\d+|einem|"
    r"einer|zwei|un|une|deux|uno|una|dos)?\s*(?:years?|months?|weeks?|yrs?|jahr\w*|monat\w*|"
    r"woche\w*|ans?|ann[ée]es?|mois|semaines?|años?|anos?|mes(?:es)?|semanas?)\b"
    r"|\b(?:years?|months?|weeks?)\s+(?:ago|now|in)\b",
    re.IGNORECASE,
)

# Words that make a reply to the budget question about money though other words came with it
# ("cash is tight, like 2k total"): its number is the budget, not units of a product.
_MONEY_WORDS = re.compile(
    r"\b(?:budget|cash|spend|afford|total|all\s+in|max|tops|up\s+to|ausgeben|insgesamt|"
    r"maximal|höchstens|hochstens|dépenser|depenser|au\s+total|presupuesto|gastar|en\s+total|"
    r"máximo|maximo)\b",
    re.IGNORECASE,
)
# What marks an amount as a price per unit; without it, to the budget question, an amount said
# "per order" or "max" is the budget ("max 200 € par commande").
_PER_UNIT = re.compile(
    r"\b(?:each|apiece|a\s+piece|per\s+(?:unit|piece|pc|item|bottle|bag|box)|pro\s+st(?:ü|u)ck|"
    r"je\s+st(?:ü|u)ck|par\s+pi(?:è|e)ce|la\s+pi(?:è|e)ce|l'unit(?:é|e)|por\s+unidad|"
    r"cada\s+una?|c/u)\b|/\s?(?:pc|pcs|unit|piece|stk|st)\b|\bper\s+unit\b",
    re.IGNORECASE,
)


@dataclass
class _Filling:
    """The need as a message fills it, and what changed (built up, then frozen as Filled)."""

    need: Need
    skipped: list[Slot]
    readings: list[str]
    problems: list[Problem]
    changed: list[Slot] = field(default_factory=list)
    category_options: tuple[str, ...] = ()
    product_failed: bool = False
    target_taken: bool = False  # the "unit price" was the budget asked for
    names_who: bool = False  # the product phrase was only "a supplier", "jemanden"

    def set(self, slot: Slot, **values: Any) -> None:
        """Fills `values` into the need and marks `slot` as changed."""
        self.need = replace(self.need, **values)
        self.changed.append(slot)


@dataclass(frozen=True, slots=True)
class Filled:
    """The result of one message: the new need and what it changed, skipped or could not use."""

    need: Need
    changed: tuple[Slot, ...]
    skipped: tuple[Slot, ...]
    readings: tuple[str, ...]
    problems: tuple[Problem, ...]
    category_options: tuple[str, ...]
    product_failed: bool
    quote: FounderQuote | None = None
    names_who: bool = False  # "can you help me find a supplier?": who, not what


def category_ids(found: Sequence[tuple[Any, float]]) -> tuple[str, ...]:
    """Returns the ids of the categories within CLOSE_CATEGORY_GAP of the best one."""
    if not found:
        return ()
    top = found[0][1]
    return tuple(cat.id for cat, score in found if top - score <= CLOSE_CATEGORY_GAP)[:3]


def fill(
    need: Need,
    awaiting: Slot | None,
    skipped: Sequence[Slot],
    parsed: Parsed,
    text: str,
    kb: KnowledgeView,
    named: Sequence[str] | None = None,
    *,
    replaced: int | None = None,
    uncovered: bool = False,
) -> Filled:
    """Returns the need after everything the message said, read against the question asked
    (`named`: the categories the message's product phrase names, head noun first; None when
    it was not read for them; `replaced`: the number a correction replaces, "nicht 400";
    `uncovered`: the founder named a product no category covers, and the dialog went on)."""
    filling = _Filling(need, list(skipped), list(parsed.ambiguous), list(parsed.problems))
    quantity, budget = _numbers_for(awaiting, parsed, filling, text)
    if quantity is not None:
        quantity = replace(quantity, value=_rescaled(filling.need, quantity, replaced))
    _fill_quantity(filling, quantity, parsed, awaiting, text)
    _fill_money(filling, budget, parsed)
    _fill_place(filling, parsed)
    _fill_currency(filling, parsed)
    _fill_stage(filling, parsed, awaiting, text)
    _fill_extras(filling, parsed)
    if parsed.negation and awaiting in OPTIONAL_SLOTS and awaiting not in filling.changed:
        filling.skipped.append(awaiting)
    _fill_product(filling, parsed, awaiting, text, kb, named, uncovered=uncovered)
    _assume_currency(filling)
    return Filled(
        need=filling.need,
        changed=tuple(dict.fromkeys(filling.changed)),
        skipped=tuple(filling.skipped),
        readings=tuple(filling.readings),
        problems=tuple(filling.problems),
        category_options=filling.category_options,
        product_failed=filling.product_failed,
        names_who=filling.names_who,
    )


def _numbers_for(
    awaiting: Slot | None, parsed: Parsed, filling: _Filling, text: str
) -> tuple[Quantity | None, Money | None]:
    """Returns the quantity and budget the message gives, a bare number read as the answer."""
    quantity, budget = parsed.quantity, parsed.budget
    if awaiting is Slot.STAGE and filling.need.quantity is not None and not parsed.correction:
        # To the stage question a number is the history ("vendo unas 5 al mes"), not the need.
        quantity = None
    target = parsed.target_unit_price
    if awaiting is Slot.BUDGET and budget is None and target and not _PER_UNIT.search(text):
        budget, filling.target_taken = target, True  # "max 200 € par commande"
    plain_answer = not parsed.correction and (
        parsed.product is None or bool(_MONEY_WORDS.search(text))
    )
    if awaiting is Slot.BUDGET and budget is None and plain_answer:
        if quantity is not None:
            budget = Money(Decimal(quantity.value), None, quantity.period, quantity.text)
            quantity = None
        elif parsed.bare_number is not None and parsed.bare_number > 0:
            budget = Money(parsed.bare_number, None, None, "")
        elif parsed.bare_number is not None:
            filling.problems.append(Problem("budget", ProblemKind.ZERO, f"{parsed.bare_number}"))
        filling.problems = [
            replace(p, slot="budget") if p.slot == "quantity" else p for p in filling.problems
        ]
    if awaiting is Slot.QUANTITY and quantity is None and parsed.bare_number is not None:
        value = parsed.bare_number
        kind = ProblemKind.ZERO if value == 0 else ProblemKind.NOT_WHOLE
        filling.problems.append(Problem("quantity", kind, f"{value}"))
    return quantity, budget


def _fill_quantity(
    filling: _Filling,
    quantity: Quantity | None,
    parsed: Parsed,
    awaiting: Slot | None,
    text: str,
) -> None:
    """Fills the quantity and its period ("300 a month"; "monthly" once the number is known)."""
    need = filling.need
    rated = _rated_answer(need, text) if awaiting is Slot.QUANTITY and quantity is None else None
    if quantity is not None:
        filling.set(
            Slot.QUANTITY,
            quantity=quantity.value,
            quantity_max=quantity.maximum,
            period=quantity.period or need.period,
        )
    elif rated is not None:
        filling.set(Slot.QUANTITY, quantity=rated.value, period=rated.period)
    elif parsed.period is not None and need.quantity is not None:
        # To the stage question a rate is the sales' ("on en vend une quarantaine par semaine").
        span = awaiting is Slot.STAGE or (
            awaiting in _NOT_ABOUT_RATE and _SPAN_OF_TIME.search(text)
        )
        if not span or parsed.correction:  # "actually it's weekly" is the rate whatever asked
            filling.set(Slot.QUANTITY, period=parsed.period)
    elif awaiting is Slot.QUANTITY and need.quantity is not None:
        period = parse_period(text)
        if period is not None:
            filling.set(Slot.QUANTITY, period=period)


def _rated_answer(need: Need, text: str) -> Quantity | None:
    """Returns the known quantity at the rate a reply to the period question gives, when that
    rate is no plain period ("alle zwei Monate": 400 of them is 200 a month; "twice a year")."""
    if need.quantity is None or need.period is not None or need.quantity_max is not None:
        return None
    said = parse(f"{need.quantity} {text[:200]}").quantity
    if said is None or said.period is None or said.text != str(need.quantity):
        return None
    return said


def _rescaled(need: Need, quantity: Quantity, replaced: int | None) -> int:
    """Returns a corrected number at the rate the need was converted to: "600, not 400" after
    "400 every 2 months" (200 a month) is 300 a month, not 600."""
    known, value = need.quantity, quantity.value
    if replaced is None or known is None or quantity.period is not None or need.period is None:
        return value
    if replaced <= 0 or replaced in (known, value):
        return value
    return max(1, round(Decimal(known) * value / replaced))


def _fill_money(filling: _Filling, budget: Money | None, parsed: Parsed) -> None:
    """Fills the budget (per order, or per period) and a target unit price."""
    need = filling.need
    if budget is not None:
        filling.set(
            Slot.BUDGET,
            budget=budget.amount,
            budget_period=budget.period if budget.period is not Period.ONCE else None,
            currency=budget.currency or need.currency,
        )
    target = None if filling.target_taken else parsed.target_unit_price
    if target is not None:
        filling.set(
            Slot.EXTRAS,
            target_unit_price=target.amount,
            currency=filling.need.currency or target.currency,
        )


def _fill_currency(filling: _Filling, parsed: Parsed) -> None:
    """Reads the founder's own money's currency as `understand` does: "kr" is the krone of the
    founder's country (NOK in Norway), "pesos" its peso."""
    said = money_currency(parsed)
    raw = {m.currency for m in (parsed.budget, parsed.target_unit_price) if m is not None}
    if said is not None and filling.need.currency in raw - {None}:
        filling.need = replace(filling.need, currency=said)


def _fill_place(filling: _Filling, parsed: Parsed) -> None:
    """Fills the country and its region, or a region alone."""
    if parsed.country is None and parsed.region is None:
        return
    region = parsed.region or (country_region(parsed.country) if parsed.country else None)
    filling.set(Slot.SHIPS_TO, country=parsed.country, region=region)


def _fill_stage(filling: _Filling, parsed: Parsed, awaiting: Slot | None, text: str) -> None:
    """Fills the stage; to the stage question a looser reading of the words is used."""
    stage = parsed.stage or (parse_stage(text) if awaiting is Slot.STAGE else None)
    known = filling.need.stage
    if known is not None and awaiting is not Slot.STAGE and parsed.correction and parsed.quantity:
        # "Actually make that 500 a month" corrects the number; its "make … a month" is no
        # news about sales (it read as a rate of making: growth, over "no sales yet").
        return
    if stage is not None:
        filling.set(Slot.STAGE, stage=stage)


def _fill_extras(filling: _Filling, parsed: Parsed) -> None:
    """Fills shelf life, deadline and certifications."""
    if parsed.shelf_life_months is not None:
        filling.set(Slot.EXTRAS, shelf_life_months=parsed.shelf_life_months)
    if parsed.horizon_days is not None:
        # "We rebrand in 3 months": stock beyond that is written off, but it is no shelf life.
        months = max(1, round(parsed.horizon_days / 30))
        filling.set(Slot.EXTRAS, change_horizon_months=months)
    if parsed.deadline_days is not None:
        filling.set(Slot.EXTRAS, deadline_days=parsed.deadline_days)
    if parsed.certifications:
        have = filling.need.certifications
        merged = tuple(dict.fromkeys((*have, *parsed.certifications)))[:20]
        filling.set(Slot.EXTRAS, certifications=merged)


def _fill_product(
    filling: _Filling,
    parsed: Parsed,
    awaiting: Slot | None,
    text: str,
    kb: KnowledgeView,
    named: Sequence[str] | None = None,
    *,
    uncovered: bool = False,
) -> None:
    """Fills the product when it is open, or when a strong match names another one (at any
    question once the named product is one no category covers: `uncovered`); its
    categories are those its phrase names (`named`, read by its head noun) when it was read
    for them: then a category no word of the phrase names is no fit."""
    if parsed.product is None:
        return
    need = filling.need
    product_open = awaiting in (None, Slot.PRODUCT, Slot.CATEGORY) or (
        need.product is None and not uncovered
    )
    product = parsed.product[:MAX_QUERY_CHARS]
    if _only_who(product):
        # "can you help me find a supplier?" names who, not what: the product is still open.
        filling.names_who = need.product is None
        return
    found = kb.index.categories_for(product, limit=3)
    if named is not None:
        found = [(c, score) for c, score in found if c.id in named]
    strong = bool(found) and found[0][1] >= STRONG_MATCH
    replaces = strong and (awaiting in (Slot.DONE, Slot.CONFIRM) or parsed.correction or uncovered)
    if not (product_open or replaces):
        return
    if awaiting is not Slot.PRODUCT and _part_of(product, need.product):
        return  # "under 15p a tube" for lip balm tubes: the same item, not a new product
    # Read for its categories and naming none ("boards"), the phrase is found only by a supplier
    # that lists it as such: a fuzzy match ("circuit board" ~ "boards") is another product.
    if named or found or _searchable(kb, product, listed=named is not None):
        options = tuple(named) if named else category_ids(found)
        shown = own_words(text, product)[:MAX_QUERY_CHARS]
        filling.need = replace(need, product=shown, categories=options[:1])
        if len(options) >= 2:
            filling.category_options = options
        filling.changed.insert(0, Slot.PRODUCT)
    elif product_open and not _aside(filling, awaiting, parsed):
        filling.product_failed = True


# Words for whom a founder looks for, not what, and greetings: a phrase of only these names
# no product.
_WHO_WORDS = frozenset(
    singular(word)
    for word in """
    hi hello hey hallo servus moin bonjour salut allo hola buenas
    supplier manufacturer maker factory producer vendor company someone somebody anyone help
    source sourcing partner wholesaler manufacture manufacturing find looking need seeking
    suche such lieferant lieferanten hersteller produzent fabrik firma jemand jemanden hilfe
    cherche recherche fournisseur fabricant usine producteur entreprise quelqu un aide
    busco buscando proveedor proveedores fabricante fabrica productor empresa alguien ayuda
    """.split()  # noqa: SIM905 - a word list reads better as text
)


def _only_who(phrase: str) -> bool:
    """Returns whether a product phrase is only words for a supplier ("help supplier")."""
    said = [singular(w) for w in fold(phrase).split()]
    return bool(said) and all(w in _WHO_WORDS for w in said)


def _part_of(phrase: str, known: str | None) -> bool:
    """Returns whether every word of a phrase is a word of the known product ("tube" of "lip
    balm tubes", "tea" of "ginger tea blend"): a later mention of the same item."""
    if not known:
        return False
    have = {singular(w) for w in fold(known).split()}
    said = {singular(w) for w in fold(phrase).split()}
    return bool(said) and said <= have


def _aside(filling: _Filling, awaiting: Slot | None, parsed: Parsed) -> bool:
    """Returns whether a message answering other things while the category is asked left a
    stray word for the product ("under 300 bucks a month"): the product known stays; so does
    a correction of a number while the product is asked ("Korrektur: es sind 600"), and so does
    a question about the quote while the kind of supplier is asked ("what tier makes sense?")."""
    if awaiting is Slot.CATEGORY and filling.need.product is not None:
        return True
    if not filling.changed:
        return False
    return awaiting is Slot.PRODUCT and parsed.correction


def categoriser(kb: KnowledgeView) -> Categoriser:
    """Returns the lookup of the categories a product phrase names (0-100, best first): only
    those a word of the phrase names, so a stray fuzzy match adds none."""
    words = kb.category_words
    return lambda span: kb.index.named_categories(span, words)


def _searchable(kb: KnowledgeView, product: str, *, listed: bool = False) -> bool:
    """Returns whether a product phrase with no taxonomy category still finds suppliers well
    (`listed`: only a supplier whose name or keywords hold the phrase itself counts)."""
    try:
        result = kb.index.search(product, SearchFilters(), need=None, limit=1)
    except InputError:
        return False
    # A weak hit is noise ("toys" ~ a supplier named "Troy"): the product is not covered.
    if not result.hits or result.nothing_fits or result.hits[0].score < STRONG_MATCH:
        return False
    return not listed or _lists(result.hits[0].supplier, product)


def _lists(supplier: Supplier, product: str) -> bool:
    """Returns whether the supplier's name or one of its keywords is the phrase (or its
    singular) as a whole: "Cotton Tote Maker" lists "cotton tote"; "circuit board" not "boards"."""
    wanted = {product.casefold(), product.casefold().removesuffix("s")}
    texts = [supplier.name.casefold(), *(k.casefold() for k in supplier.keywords)]
    return any(
        text in wanted or any(f" {w} " in f" {text} " for w in wanted if " " in w)
        for text in texts
    )


def _assume_currency(filling: _Filling) -> None:
    """Assumes the currency of the destination for a budget given without one, and says so."""
    need = filling.need
    if need.budget is None or need.currency is not None or need.country is None:
        return
    assumed = currency_of(need.country)
    if assumed is not None:
        filling.need = replace(need, currency=assumed)
        filling.readings.append(f"amounts in {assumed} (the currency of {need.country})")


__all__ = ["CLOSE_CATEGORY_GAP", "Filled", "categoriser", "category_ids", "fill"]
