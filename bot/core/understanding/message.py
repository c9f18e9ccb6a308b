"""A founder's first message read into the `understand` contract's fields (issue 10).

`understand` is the one reading the `understand` command and the dialog's first turn share.
The product is chosen among the message's candidate spans by a scorer the caller passes in
(the search index's category score): understanding does not import search (layers).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from bot.core.types import Period, PriceTier, Stage
from bot.core.understanding.normalise import clean_text, fold_accents
from bot.core.understanding.parsing import Parsed, parse
from bot.core.understanding.product import best_span, product_spans, strip_product

# A category score (0-100) from which a span counts as naming a known product.
DEFAULT_MATCH_SCORE = 55.0
# Away from the need's words a span must score this much more to name the product.
AWAY_MARGIN = 10.0
# A one-word span must score this much to name the product alone: below it the word only
# resembles a category's word (a fuzzy "bed" ~ "bend", "tabliers" ~ "tables") or is half of
# its phrase ("cutting" of "laser cutting"), too little on one word to decide the product.
SINGLE_WORD_SCORE = 80.0
# How many clause words a matched span may take along on each side ("custom printed" + span).
_SPAN_REACH = 2
_LONG_DAYS_PER_MONTH = 30

Scorer = Callable[[str], float]


@dataclass(frozen=True, slots=True)
class QuoteFields:
    """A quote pasted in the message, as the contract shows it."""

    tiers: tuple[PriceTier, ...]
    setup_fee: Decimal | None = None
    tooling_fee: Decimal | None = None
    currency: str | None = None


@dataclass(frozen=True, slots=True)
class Understanding:
    """What a founder's message says, every field None when the message does not say it."""

    text: str
    product: str | None = None
    product_score: float = 0.0  # the scorer's rating of the chosen span (0 when none matched)
    product_span: str | None = None  # the chosen span, normalised, as the scorer rated it
    quantity: int | None = None
    quantity_max: int | None = None
    period: Period | None = None
    budget: Decimal | None = None
    budget_period: Period | None = None
    currency: str | None = None
    country: str | None = None
    region: str | None = None  # only when the message names a region
    stage: Stage | None = None
    deadline_days: int | None = None
    shelf_life_months: int | None = None
    target_unit_price: Decimal | None = None
    supplier_moq: int | None = None
    quote: QuoteFields | None = None
    certifications: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    horizon_days: int | None = None
    parsed: Parsed | None = None


def _currency(parsed: Parsed) -> str | None:
    """Returns the currency of the message's money: budget, target price, quote, fees."""
    for money in (parsed.budget, parsed.target_unit_price):
        if money is not None and money.currency:
            return _kroner(money.currency, parsed.country)
    for tier in parsed.tiers:
        if tier.currency:
            return _kroner(tier.currency, parsed.country)
    for fee in (parsed.setup_fee, parsed.tooling_fee, parsed.shipping_fee):
        if fee is not None and fee.currency:
            return _kroner(fee.currency, parsed.country)
    return None


def _kroner(currency: str, country: str | None) -> str:
    """Returns the krone of the founder's country for "kr" (read as SEK when no country)."""
    if currency == "SEK" and country in ("NO", "DK"):
        return "NOK" if country == "NO" else "DKK"
    return currency


def _quote(parsed: Parsed) -> QuoteFields | None:
    """Returns the quote the message pasted, or None when it gave no price breaks."""
    if not parsed.tiers:
        return None
    tiers = tuple(
        PriceTier(t.min_qty, t.unit_price) for t in sorted(parsed.tiers, key=lambda t: t.min_qty)
    )
    currency = next((t.currency for t in parsed.tiers if t.currency), None)
    return QuoteFields(
        tiers=tiers,
        setup_fee=parsed.setup_fee.amount if parsed.setup_fee else None,
        tooling_fee=parsed.tooling_fee.amount if parsed.tooling_fee else None,
        currency=currency,
    )


def _with_reach(span: str, candidates: tuple[str, ...], score: Scorer, threshold: float) -> str:
    """Returns the span with up to _SPAN_REACH words of its clause on each side, as long as
    the longer phrase still names a product ("custom printed" + "mailer boxes")."""
    target = span.split()
    for clause in candidates:
        words = clause.split()
        for start in range(len(words) - len(target) + 1):
            if words[start : start + len(target)] != target:
                continue
            for reach in range(_SPAN_REACH, 0, -1):
                low, high = max(0, start - reach), min(len(words), start + len(target) + reach)
                wider = " ".join(words[low:high])
                if wider != span and score(wider) >= threshold:
                    return wider
            return span
    return span


# Need words that only say how the product is counted.
_UNIT_WORDS = frozenset(
    {"sheets", "rolls", "units", "pieces", "pairs", "sets", "packs", "tubes", "bottles", "cans",
     "bags", "pcs", "items", "orders"}
)  # fmt: skip


def _with_head(phrase: str, language: str) -> tuple[str, ...]:
    """Returns the spans of the need's words that hold its head: the last word in English and
    German ("racing yachts"), the first in French and Spanish ("pots en céramique")."""
    words = phrase.split()
    if not words:
        return ()
    head = words[0] if language in ("fr", "es") else words[-1]
    return tuple(span for span in product_spans(phrase) if head in span.split())


def _weighed(score: Scorer) -> Scorer:
    """Returns the scorer with a weak match on one word counted as no match."""

    def weighed(span: str) -> float:
        rating = score(span)
        return 0.0 if " " not in span.strip() and rating < SINGLE_WORD_SCORE else rating

    return weighed


def _product(parsed: Parsed, raw: Scorer | None, threshold: float) -> tuple[str | None, float]:
    """Returns the product phrase and its score.

    The words right after the need ("300 amber jars") name the product when there are some:
    their best-matching span, or, when none matches, those words uncovered. Without them every
    span of the message is tried. The chosen span takes along neighbouring words of its clause
    while they still match.
    """
    candidates = parsed.product_candidates
    score = _weighed(raw) if raw is not None else None
    near_need = _with_head(parsed.need_phrase, parsed.language) if parsed.need_phrase else ()
    if score is not None:
        # Away from the need a span must match better: incidental words ("leather", "wooden")
        # name materials of many categories.
        away = threshold + (AWAY_MARGIN if near_need else 0.0)
        need_words = set((parsed.need_phrase or "").split())
        # Spans of the need's words without its head were judged already: never a fallback.
        elsewhere = tuple(c for c in candidates if not set(c.split()) <= need_words)
        pools = [(near_need, threshold), (elsewhere, away)]
        if parsed.need_phrase in _UNIT_WORDS:
            pools.reverse()  # "we use 300 sheets a month" of "printed tissue": the thing wins
            pools[0] = (elsewhere, threshold)
        for pool, bar in pools:
            best = best_span(pool, score)
            if best is not None and best[1] >= bar:
                return _with_reach(best[0], candidates, score, threshold), best[1]
    fallback = parsed.need_phrase or _weak_best(candidates, raw) or parsed.product
    return (strip_product(fallback) if fallback else None), 0.0


def _weak_best(candidates: tuple[str, ...], raw: Scorer | None) -> str | None:
    """Returns the span that best resembles a product, however weakly, else the first span:
    too weak to name a category, it still says which words are the product ("wraps", not
    "sorry" of "sorry for the wall of text")."""
    weak = best_span(candidates, raw) if raw is not None else None
    return weak[0] if weak is not None else (candidates[0] if candidates else None)


def own_spelling(text: str, phrase: str) -> str:
    """Returns the phrase as the founder wrote it ("étiquettes de bière", not "etiquettes biere"):
    its words in the message, with at most one small linking word between two of them; the
    phrase itself when the message does not hold it so."""
    tokens = [(m.start(), m.end(), fold_accents(m.group(0))) for m in _TOKEN.finditer(text)]
    wanted = phrase.split()
    for first, (start, _, word) in enumerate(tokens):
        if word != wanted[0]:
            continue
        found, end, position = 1, tokens[first][1], first
        while found < len(wanted) and position + 1 < len(tokens):
            step = position + 1
            if tokens[step][2] != wanted[found] and tokens[step][2] in _LINKS:
                step += 1  # "tazas de ceramica", "jackets with logo"
            if step >= len(tokens) or tokens[step][2] != wanted[found]:
                break
            found, end, position = found + 1, tokens[step][1], step
        if found == len(wanted):
            return text[start:end]
    return phrase


_LINKS = frozenset({"of", "de", "en", "a", "à", "du", "des", "la", "with", "for", "und", "et"})
_TOKEN = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def _stage(parsed: Parsed) -> Stage | None:
    """Returns the stage the message names, or what its sales history says."""
    if parsed.stage is not None:
        return parsed.stage
    history = " ".join(parsed.history)
    if not history:
        return None
    if re.search(r"\b(?:years?|yrs?|jahre\w*|ans|anos|años)\b", history):
        return Stage.GROWTH
    return None


def _shelf_life(parsed: Parsed) -> int | None:
    """Returns the shelf life in months; a product-change horizon limits it the same way."""
    if parsed.shelf_life_months is not None:
        return parsed.shelf_life_months
    if parsed.horizon_days is not None:
        return max(1, round(parsed.horizon_days / _LONG_DAYS_PER_MONTH))
    return None


def understand(
    text: str, score: Scorer | None = None, *, threshold: float = DEFAULT_MATCH_SCORE
) -> Understanding:
    """Returns what a founder's first message says, the product chosen with `score`."""
    parsed = parse(text)
    product, product_score = _product(parsed, score, threshold)
    shown = own_spelling(clean_text(text), product) if product else None
    quantity = parsed.quantity
    budget = parsed.budget
    price = parsed.target_unit_price
    return Understanding(
        text=text,
        product=shown,
        product_score=product_score,
        product_span=product,
        quantity=quantity.value if quantity else None,
        quantity_max=quantity.maximum if quantity else None,
        period=(quantity.period if quantity else None) or parsed.period,
        budget=budget.amount if budget else None,
        budget_period=budget.period if budget else None,
        currency=_currency(parsed),
        country=parsed.country,
        region=parsed.region if parsed.country is None else None,
        stage=_stage(parsed),
        deadline_days=parsed.deadline_days,
        shelf_life_months=_shelf_life(parsed),
        target_unit_price=price.amount if price else None,
        supplier_moq=parsed.supplier_moq,
        quote=_quote(parsed),
        certifications=parsed.certifications,
        sizes=parsed.sizes,
        variants=parsed.variants,
        horizon_days=parsed.horizon_days,
        parsed=parsed,
    )


__all__ = [
    "DEFAULT_MATCH_SCORE",
    "SINGLE_WORD_SCORE",
    "QuoteFields",
    "Scorer",
    "Understanding",
    "understand",
]
