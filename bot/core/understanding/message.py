"""A founder's first message read into the `understand` contract's fields (issue 10).

`understand` is the one reading the `understand` command and the dialog's first turn share.
The product is chosen among the message's candidate spans by a scorer the caller passes in
(the search index's category score): understanding does not import search (layers).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TypeVar

from bot.core.types import Period, PriceTier, Stage
from bot.core.understanding import lazy_re as re
from bot.core.understanding.geography import COUNTRY_NAMES, city_countries
from bot.core.understanding.normalise import GENERIC_WORDS, clean_text, fold_accents, singular
from bot.core.understanding.parsing import Parsed, named_region, parse, tooled_price
from bot.core.understanding.product import (
    LABEL_CUE_POINTS,
    MAKE_CUE_POINTS,
    NEED_CUE_POINTS,
    PROCESS_WORDS,
    SERVICE_HEADS,
    WHO_CUE_POINTS,
    Phrase,
    by_compound_head,
    compound_heads,
    has_maker,
    names_making,
    phrases,
    process_phrases,
    role_phrases,
    strip_product,
    with_complements,
    with_label_kind,
)

# A category score (0-100) from which a span counts as naming a known product.
DEFAULT_MATCH_SCORE = 55.0
# A one-word span must score this much to name the product alone: below it the word only
# resembles a category's word (a fuzzy "bed" ~ "bend", "tabliers" ~ "tables") or is half of
# its phrase ("cutting" of "laser cutting"), too little on one word to decide the product.
SINGLE_WORD_SCORE = 80.0
# How many clause words a matched span may take along on each side ("custom printed" + span).
_SPAN_REACH = 2
_LONG_DAYS_PER_MONTH = 30

# Points a phrase gains or loses for where it stands (product.phrases gives the cues):
NEAR_NEED_POINTS = 8.0  # its head is among the need's words ("300 [amber jars]")
ROLE_POINTS = -12.0  # it modifies a role ("granola" of "granola co-packer"): the role's kind
CONTAINER_POINTS = -25.0  # a bare container ("min 5000 jars") counts the product, is rarely it
HEAD_SHORTFALL = 5.0  # a phrase rates at least its head's rating less this
HEAD_POINTS = 5.0  # its head word names a category alone ("candle [labels]")
WHOLE_POINTS = 4.0  # it holds its noun phrase's head ("mailer boxes", not "kraft mailer")
# Categories within this many points (0-100) of the best one are named too.
CLOSE_CATEGORIES = 8.0
MAX_CATEGORIES = 3
# A role phrase ("sourcing agent", "3D printing service") adds its category from this score.
ROLE_CATEGORY_SCORE = 80.0
# A part of a phrase that names a category this well is a known term: with the head, it decides.
STRONG_HEAD_SCORE = 95.0
# Bare words that say how a product is held or counted, not what it is.
_CONTAINERS = frozenset(
    {"jars", "jar", "bottles", "bottle", "bags", "bag", "cans", "tubes", "tins", "pots",
     "botellas", "frascos", "tarros", "bolsas", "flaschen", "glaser", "dosen", "beutel",
     "bouteilles", "flacons", "pieces", "units", "pairs", "sets", "packs", "items",
     "latas", "lata", "canettes", "canette", "bocaux", "envases", "dose", "flasche"}
)  # fmt: skip

# What a maker fills the founder's own product into, besides the containers ("8,000
# clamshells" of wax melts, "1 200 sachets" of treats, "3,000 cartons" of oat milk).
_FILLED = _CONTAINERS | frozenset(
    {"clamshells", "clamshell", "sachets", "sachet", "cartons", "carton", "capsules", "tubs",
     "pouches", "pouch", "stick-packs", "tubos", "sobres", "kapseln", "tuben", "briques"}
)  # fmt: skip

# Words that count a product without naming it ("300 rolls", "60 Paar", "200 pares").
_COUNTING = frozenset(
    {"rolls", "roll", "rollen", "rolle", "rouleaux", "rouleau", "rollos", "rollo", "pairs",
     "pair", "paar", "paires", "paire", "pares", "par", "sets", "set", "pieces", "piece",
     "stuck", "units", "unites", "unidades", "lots", "lot", "bundles", "dozen", "dutzend",
     # measures of a product sold by volume, area or weight ("2,000 quarts", "500 docenas")
     "quarts", "quart", "pints", "pint", "gallons", "gallon", "litres", "liters", "litre",
     "liter", "sqm", "m2", "yards", "yard", "metres", "meters", "tonnes", "tons",
     "kilos", "dozens", "docenas", "docena", "douzaines", "douzaine", "bars", "bar",
     # weights as written ("outturn 47+ lbs", "20 kg")
     "lbs", "lb", "kg", "kgs", "oz"}
)  # fmt: skip

Scorer = Callable[[str], float]
T = TypeVar("T")
# The caller's category lookup: taxonomy ids a phrase names, best first, with 0-100 scores.
Categoriser = Callable[[str], Sequence[tuple[str, float]]]


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
    categories: tuple[str, ...] = ()  # taxonomy ids (with a categoriser): head noun first
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
    change_horizon_months: int | None = None
    parsed: Parsed | None = None


def money_currency(parsed: Parsed) -> str | None:
    """Returns the currency of the message's money: budget, target price, quote, fees, then
    any other price it names ("aktuell zahlen wir 1,45 €")."""
    for money in (parsed.budget, parsed.target_unit_price):
        if money is not None and money.currency:
            return _local(money.currency, parsed.country)
    for tier in parsed.tiers:
        if tier.currency:
            return _local(tier.currency, parsed.country)
    for fee in (parsed.setup_fee, parsed.tooling_fee, parsed.shipping_fee):
        if fee is not None and fee.currency:
            return _local(fee.currency, parsed.country)
    for figure in parsed.figures:
        if figure.currency:
            return _local(figure.currency, parsed.country)
    return None


# Currency words several countries share, read as the founder's country's: "kr" is the krone of
# Norway or Denmark there (SEK elsewhere), "pesos" the peso of Colombia, Argentina, Chile...
_SHARED_NAMES: Mapping[str, frozenset[str]] = {
    "SEK": frozenset({"NOK", "DKK"}),
    "MXN": frozenset({"COP", "ARS", "CLP", "UYU", "DOP", "PHP", "CUP"}),
    "KES": frozenset({"UGX", "TZS"}),  # "shillings"
    "XOF": frozenset({"XAF"}),  # "francs CFA" of Central Africa
    "TND": frozenset({"DZD", "JOD", "RSD", "KWD", "BHD"}),  # "dinars"
    "INR": frozenset({"PKR", "LKR", "NPR"}),  # "rupees"
    "AED": frozenset({"MAD"}),  # "dirhams", "40 000 dh" in Morocco
}
_COUNTRY_MONEY: Mapping[str, str] = {
    "NO": "NOK", "DK": "DKK", "MA": "MAD", "CO": "COP", "AR": "ARS", "CL": "CLP", "UY": "UYU",
    "DO": "DOP", "PH": "PHP", "CU": "CUP", "UG": "UGX", "TZ": "TZS", "CM": "XAF",
    "GA": "XAF", "CG": "XAF", "TD": "XAF", "CF": "XAF", "GQ": "XAF", "DZ": "DZD",
    "JO": "JOD", "RS": "RSD", "KW": "KWD", "BH": "BHD", "PK": "PKR", "LK": "LKR",
    "NP": "NPR",
}  # fmt: skip


def _local(currency: str, country: str | None) -> str:
    """Returns the founder's country's currency for a word it shares with others ("kr",
    "pesos"), else the currency read."""
    local = _COUNTRY_MONEY.get(country or "")
    if local is not None and local in _SHARED_NAMES.get(currency, frozenset()):
        return local
    return currency


def _quote(parsed: Parsed) -> QuoteFields | None:
    """Returns the quote the message pasted, or None when it gave no price breaks (a tooling
    fee with the price it brings is a quote from one piece)."""
    tooled, fee = tooled_price(parsed), parsed.tooling_fee
    if tooled is not None and fee is not None:
        return QuoteFields(
            (PriceTier(1, tooled.value),), None, fee.amount, tooled.currency or fee.currency
        )
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


# Words the taxonomy knows in another language's sense: read in the message's own first
# ("Tee" in German is tea, not a t-shirt).
_FALSE_FRIENDS = {"de": {"tee": "tea", "bio-tee": "tea"}}


# Plastics written as their codes ("pots en PET", "HDPE bottles"): in capitals the code is the
# material, whatever a lower-case word of the same letters names ("pet" products).
_PLASTIC_CODES = frozenset({"PET", "PETG", "RPET", "HDPE", "LDPE", "PP", "PE", "PLA", "PVC"})
_PLASTIC = {"fr": "plastique", "de": "kunststoff", "es": "plastico"}


def _in_language(lookup: Callable[[str], T], language: str, text: str = "") -> Callable[[str], T]:
    """Returns the scorer or categoriser reading a span's false friends in the message's
    language, and the plastic codes it writes in capitals as plastic; the span itself, shown
    to the founder, keeps their word."""
    friends = dict(_FALSE_FRIENDS.get(language, {}))
    codes = {word for word in re.findall(r"\b[A-Z]{2,5}\b", text) if word in _PLASTIC_CODES}
    plastic = _PLASTIC.get(language, "plastic")
    friends.update({code.lower(): plastic for code in codes})
    if not friends:
        return lookup

    def read(span: str) -> T:
        return lookup(" ".join(friends.get(word, word) for word in span.split()))

    return read


def _weighed(score: Scorer) -> Scorer:
    """Returns the scorer with a weak match on one word counted as no match."""

    def weighed(span: str) -> float:
        rating = score(span)
        return 0.0 if " " not in span.strip() and rating < SINGLE_WORD_SCORE else rating

    return weighed


def _points(
    phrase: Phrase, score: Scorer, need_words: frozenset[str], contested: bool, maker: bool
) -> float:
    """Returns the points a phrase gains or loses for where it stands in the message; with a
    role that makes the founder's product ("co-packer", "lab") containers count that product
    and the founder's own product is what is asked for."""
    points = phrase.cue if (contested and not maker) or phrase.cue > 0 else 0.0
    if maker and phrase.head in _CONTAINERS:
        points += CONTAINER_POINTS
    elif phrase.head in need_words:
        points += NEAR_NEED_POINTS
    if phrase.role is not None:
        points += ROLE_POINTS
    if phrase.span != phrase.head and score(phrase.head) >= SINGLE_WORD_SCORE:
        points += HEAD_POINTS
    if phrase.whole:
        points += WHOLE_POINTS
    return points


def _who(phrase: Phrase, maker: bool, free: set[int]) -> bool:
    """Returns whether a phrase says who the founder is while another phrase names something
    unasked (`free`: asked ones already cost it its cue) and no co-packer is to make it."""
    if phrase.cue != WHO_CUE_POINTS or maker:
        return False
    return bool(free - {phrase.run})


def _counting(named: Sequence[tuple[float, Phrase]]) -> list[Phrase]:
    """Returns the bare containers that count the founder's own product ("we make gochujang
    chips ... 30,000 bags a month"): no need verb before them, and the message names a product
    of the founder's own."""
    own = {p.run for _, p in named if p.cue < 0 and p.head not in _CONTAINERS}
    return [
        p for _, p in named if p.head in _CONTAINERS and _bare(p) and p.cue <= 0 and own - {p.run}
    ]


def _bare(phrase: Phrase) -> bool:
    """Returns whether the phrase is its head alone or with ways of making ("pack bags")."""
    return all(word in PROCESS_WORDS for word in phrase.span.split() if word != phrase.head)


def _noun_phrase(parsed: Parsed, score: Scorer, threshold: float) -> tuple[str, float] | None:
    """Returns the noun phrase that best names what is to be made or bought, and its score.

    Every candidate that names a category (the scorer's rating from `threshold`) is rated with
    the points of where it stands: after a need verb, among the need's words, its head naming a
    category alone; a role's modifier or a bare container loses. The best wins (on a tie the
    longer, then the earlier), with its further modifiers (_with_modifiers).
    """
    need_words = frozenset(fold_accents(parsed.need_phrase or "").split())
    found = phrases(parsed.product_text, parsed.language)
    named: list[tuple[float, Phrase]] = []
    for phrase in (*found, *_made(found)):
        # a way of making done on a product keeps the product's rating: said, it is part of it
        rating = max(score(phrase.span), score(phrase.span.removeprefix(phrase.made)))
        if phrase.whole and phrase.span != phrase.head:
            # a noun phrase names at least what its head names ("dog [leashes]")
            rating = max(rating, score(phrase.head) - HEAD_SHORTFALL)
        if phrase.whole:
            rating = max(rating, _compound_rating(phrase.head, parsed.language, score))
        if rating >= threshold:
            named.append((rating, phrase))
    # the noun phrase's head decides: "glass serum" of "glass serum bottles" is no candidate
    # when the phrase with the head names a category
    headed = {p.run for _, p in named if p.whole}
    named = [(r, p) for r, p in named if p.whole or p.run not in headed]
    if not named:
        return None
    # the founder's own product loses to another item named after a need verb or in the need
    counting = _counting(named)
    wanted = {p.run for _, p in named if (p.cue > 0 or p.head in need_words) and p not in counting}
    # "a laser cutting partner for plywood panels": the way of making is the role's kind (its
    # category comes from process_phrases), the item asked for is the product
    named = [(r, p) for r, p in named if not _kind_of_supplier(p, wanted)]
    # "a directory of manufacturers ... to make camping cookware": the service helps find or
    # develop the item, which is the product when the message names one
    items = {p.run for _, p in named if p.cue > WHO_CUE_POINTS and p.head not in SERVICE_HEADS}
    named = [(r, p) for r, p in named if p.head not in SERVICE_HEADS or not items - {p.run}]
    maker = has_maker(parsed.product_text)
    # who the founder is ("we're a seed-stage medtech") loses to any other phrase that names
    # something, asked for or not; to a co-packer it is what they make ("a nut butter brand")
    free = {p.run for _, p in named if p.cue >= 0 and p.whole}
    rated = [
        (
            r
            + _points(p, score, need_words, bool(wanted - {p.run}), maker or p in counting)
            + (WHO_CUE_POINTS if _who(p, maker, free - wanted) else 0.0),
            r,
            p,
        )
        for r, p in named
    ]
    _, rating, best = max(rated, key=lambda i: (i[0], len(i[2].span.split()), -i[2].position))
    return _with_modifiers(best, found, score, threshold), rating


def _services(parsed: Parsed) -> tuple[str, ...]:
    """Returns the service phrases of the message ("product development"): asked for beside
    the item, they add their category as a role does."""
    found = phrases(parsed.product_text, parsed.language)
    return tuple(p.span for p in found if p.whole and p.head in SERVICE_HEADS)


def _kind_of_supplier(phrase: Phrase, wanted: set[int]) -> bool:
    """Returns whether a phrase names only the way of making of a role ("laser cutting" of
    "a laser cutting partner") while another phrase is asked for."""
    return phrase.role is not None and bool(wanted - {phrase.run}) and names_making(phrase.span)


def _compound_rating(head: str, language: str, score: Scorer) -> float:
    """Returns the rating of a compound head's own head ("nacken[etiketten]"), less
    HEAD_SHORTFALL; 0 when it has none that names a category."""
    ratings = [score(part) for part in compound_heads(head, language)]
    return max(ratings, default=0.0) - HEAD_SHORTFALL if any(ratings) else 0.0


def _made(found: Sequence[Phrase]) -> tuple[Phrase, ...]:
    """Returns the phrases with the way of making done on them ("injection moulded" for
    "plastic clips"): a phrase that names no category alone may with its process."""
    return tuple(
        replace(p, span=f"{p.process} {p.span}", made=f"{p.process} ") for p in found if p.process
    )


def _with_modifiers(best: Phrase, found: Sequence[Phrase], score: Scorer, threshold: float) -> str:
    """Returns the phrase with up to _SPAN_REACH more modifiers of the same head ("custom
    printed" + "mailer boxes", "cajas" + "impresas") while the longer phrase still names a
    category: the longest such phrase of the same run."""
    wider = [
        p.span
        for p in found
        if p.head == best.head
        and p.span != best.span
        and f" {best.span} " in f" {p.span} "
        and len(p.span.split()) <= len(best.span.split()) + _SPAN_REACH
        and not set(p.span.split()) - set(best.span.split()) & PROCESS_WORDS
        and score(p.span) >= threshold
    ]
    return max(wider, key=lambda span: len(span.split()), default=best.span)


def _product(parsed: Parsed, raw: Scorer | None, threshold: float) -> tuple[str | None, float]:
    """Returns the product phrase and its score, 0 when no phrase names a category: then the
    need's words ("300 [yoga mats]"), else the phrase that most resembles a product however
    weakly; None when the message holds no phrase ("which tier should I take?")."""
    score = _weighed(raw) if raw is not None else None
    labelled = _labelled(parsed)
    if labelled is not None:
        return labelled, score(labelled) if score is not None else 0.0
    found = _noun_phrase(parsed, score, threshold) if score is not None else None
    if found is not None:
        return found
    return _unnamed(parsed, raw), 0.0


def _unnamed(parsed: Parsed, raw: Scorer | None) -> str | None:
    """Returns the product phrase of a message where no phrase names a category: the need's
    words in full, else the phrase that most resembles a product."""
    fallback = _named_in_full(parsed, parsed.need_phrase) or _weak_best(parsed, raw)
    return strip_product(fallback) if fallback else None


def _stray(parsed: Parsed, span: str, rating: float, categorise: Categoriser) -> bool:
    """Returns whether the chosen span names no category of its own, or is a bare container,
    while a need verb or a role ("a factory for") points at another noun phrase."""
    if rating <= 0:
        return False
    found = phrases(parsed.product_text, parsed.language)
    chosen = [p for p in found if p.span == span]
    runs = {p.run for p in chosen}
    asked = any(p.cue >= NEED_CUE_POINTS and p.whole and p.run not in runs for p in found)
    # a bare container nobody asked for counts the item asked for ("3.000 latas" of balls)
    counts = all(p.head in _CONTAINERS and _bare(p) and p.cue <= 0 for p in chosen)
    # who the founder is ("we're a wedding planner ... need hand fans"): the need is the item
    who = all(p.cue == WHO_CUE_POINTS for p in chosen) and not has_maker(parsed.product_text)
    # what the founder's business is ("our [pet] shop sells 50 a month"): the need is the item
    business = all(p.business and p.cue < 0 for p in chosen) and not has_maker(parsed.product_text)
    return asked and (
        counts or who or business or not _head_categories(span, parsed.language, categorise)
    )


def _counted_own(parsed: Parsed, span: str) -> str | None:
    """Returns the founder's own product ("we make cashew butter") when the chosen span only
    counts it in containers ("a co-packer for 2,000 jars") and a role that makes it is asked
    for; None otherwise (then the jars may well be what is bought)."""
    if not has_maker(parsed.product_text):
        return None
    found = phrases(parsed.product_text, parsed.language)
    chosen = [p for p in found if p.span == span]
    if not chosen or not all(p.head in _FILLED and _bare(p) for p in chosen):
        return None
    own = [
        p
        for p in found
        if p.whole and p.cue == MAKE_CUE_POINTS and p.role is None and p.head not in _CONTAINERS
    ]
    return max(own, key=lambda p: (len(p.span.split()), -p.position)).span if own else None


def _in_full(
    parsed: Parsed, span: str, rating: float, score: Scorer | None, threshold: float
) -> tuple[str, str, float]:
    """Returns the product in the fullest name the message gives it (_fuller), the span its
    categories come from and that span's rating: the fuller name when it names a category,
    or when the span is a word many products share ("300 packs" of "li-ion battery packs",
    which may name none); else the span, which named the category."""
    fuller = _fuller(parsed, span, rating > 0)
    if fuller == span or score is None:
        return fuller, span, rating
    fuller_rating = score(fuller)
    if fuller_rating >= threshold or singular(span) in GENERIC_WORDS:
        return fuller, fuller, fuller_rating
    return fuller, span, rating


def _fuller(parsed: Parsed, span: str, named: bool) -> str:
    """Returns the fuller name the message gives the chosen product elsewhere ("need 500
    collars" after "a waterproof dog collar", "5.000 Riegel" after "Proteinriegel"): the
    longest whole noun phrase with the same head that holds every word of the span (of
    another run when the span is `named` a category), or a compound word ending in a one-word
    span's head; else the span itself."""
    words = span.split()
    head_first = parsed.language in ("fr", "es")
    head = singular(words[0] if head_first else words[-1])
    # how it is made is no part of its name ("injection moulded [pots]" of "smart plant pots")
    others = {singular(w) for w in words if w not in PROCESS_WORDS} - {head}
    named_part = " ".join(w for w in words if w not in PROCESS_WORDS)
    found = phrases(parsed.product_text, parsed.language)
    # within a noun phrase that names a category, _with_modifiers chose the modifiers to keep
    runs = {p.run for p in found if p.span == span} if named else set()
    fuller = [
        p.span
        for p in found
        if p.whole
        and p.run not in runs
        and p.role is None
        and p.cue != WHO_CUE_POINTS
        and len(p.span) > len(named_part)
        and others <= {singular(w) for w in p.span.split()}
        and _same_head(singular(p.head), head, len(words) == 1)
    ]
    return max(fuller, key=lambda s: (len(s.split()), len(s)), default=span)


def _same_head(head: str, wanted: str, compound: bool) -> bool:
    """Returns whether a phrase's head is the wanted head, or (for a one-word product) a
    compound that ends in it ("proteinriegel", "snowboard", "wristwatches")."""
    if head == wanted:
        return True
    return compound and len(head) >= len(wanted) + _COMPOUND_REST and head.endswith(wanted)


# Letters a compound's first part has at least ("snow" of "snowboard"): "ties" is no "ties".
_COMPOUND_REST = 3


def _labelled(parsed: Parsed) -> str | None:
    """Returns the noun phrase the founder labelled as the product ("Product: bamboo
    toothbrushes with our logo"): the whole phrase right after the label, named or not."""
    found = [p for p in phrases(parsed.product_text, parsed.language) if p.cue >= LABEL_CUE_POINTS]
    first = [p for p in found if p.whole and p.run == found[0].run] if found else []
    return max(first, key=lambda p: len(p.span.split())).span if first else None


def _named_in_full(parsed: Parsed, need: str | None) -> str | None:
    """Returns the need's words, or the fuller name the message gave the same thing ("40
    boards" after "inflatable paddle boards"): the longest whole phrase with the need's head."""
    if not need:
        return None
    words = strip_product(need)
    if not words:
        return need
    if all(w in _COUNTING or w in _CONTAINERS or w in PROCESS_WORDS for w in words.split()):
        # "300 Rollen", "60 Paar", "20 samples": how it is counted or made, the product is
        # named elsewhere
        return None
    # "1500 sqm of rubber flooring", "200 pares de sandalias": the measure counts, the rest names
    counted = words.split()
    if len(counted) > 1 and counted[0] in _COUNTING:
        need = words = " ".join(counted[1:])
    head = words.split()[0 if parsed.language in ("fr", "es") else -1]
    fuller = [
        p.span
        for p in phrases(parsed.product_text, parsed.language)
        if p.whole and p.head == head and len(p.span.split()) > len(words.split())
    ]
    return max(fuller, key=lambda span: len(span.split()), default=need)


def _weak_best(parsed: Parsed, raw: Scorer | None) -> str | None:
    """Returns the whole noun phrase that best resembles a product, however weakly (its
    rating and cue; on a tie the longer, then the earlier): too weak to name a category, it
    still says which words are the product ("wraps", not "sorry" of "sorry for the wall of
    text")."""
    found = [p for p in phrases(parsed.product_text, parsed.language) if p.whole]
    if not found:
        return None

    def weight(phrase: Phrase) -> tuple[bool, float, int, int]:
        # a need verb before a phrase says more than a rating too weak to name a category
        rating = raw(phrase.span) if raw is not None else 0.0
        needed = phrase.cue >= NEED_CUE_POINTS
        return needed, rating + phrase.cue, len(phrase.span.split()), -phrase.position

    return max(found, key=weight).span


def own_spelling(text: str, phrase: str) -> str:
    """Returns the phrase as the founder wrote it ("étiquettes de bière", not "etiquettes biere"):
    its words in the message, with at most one small linking word between two of them; the
    phrase itself when the message does not hold it so."""
    tokens = [(m.start(), m.end(), fold_accents(m.group(0))) for m in _TOKEN.finditer(text)]
    shown = _spelled(tokens, text, phrase.split())
    if shown is None:
        # "Proteinriegel" of "Proteinriegel-Marke": the parts of hyphenated words too
        parts = [
            (m.start() + start, m.start() + start + len(part), fold_accents(part))
            for m in _TOKEN.finditer(text)
            for start, part in _hyphen_parts(m.group(0))
        ]
        shown = _spelled(parts, text, phrase.split())
    return shown if shown is not None else phrase


def _hyphen_parts(word: str) -> list[tuple[int, str]]:
    """Returns the parts of a hyphenated word with their offsets ("a-b" -> (0, a), (2, b))."""
    found: list[tuple[int, str]] = []
    at = 0
    for part in word.split("-"):
        found.append((at, part))
        at += len(part) + 1
    return found


def _spelled(
    tokens: Sequence[tuple[int, int, str]], text: str, wanted: Sequence[str]
) -> str | None:
    """Returns the text of the wanted words in the tokens (at most one link word between
    two), None when the tokens do not hold them so."""
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
    return None


_LINKS = frozenset(
    {"of", "de", "en", "a", "à", "du", "des", "la", "with", "for", "und", "et", "d'", "l'"}
)
# a French elision ("d'expédition") is its own token: the phrase holds the word after it
_TOKEN = re.compile(r"(?<![\w'-])(?:qu|[dljnsc])'(?=\w)|[^\W_]+(?:[-'][^\W_]+)*")


def _is_place(word: str) -> bool:
    """Returns whether a word names a country or a city ("aus Kreta" is where it comes from)."""
    folded = fold_accents(word).lower()
    return folded in COUNTRY_NAMES or bool(city_countries(word)) or folded in _PLACE_WORDS


_PLACE_WORDS = frozenset({"europa", "asien", "afrika", "amerika", "kreta", "sizilien", "bayern"})


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


def _horizon_months(parsed: Parsed) -> int | None:
    """Returns the product-change horizon in months ("we rebrand in 3 months"); it is kept
    apart from the shelf life (Need.change_horizon_months)."""
    if parsed.horizon_days is None:
        return None
    return max(1, round(parsed.horizon_days / _LONG_DAYS_PER_MONTH))


def _close(found: Sequence[tuple[str, float]]) -> list[str]:
    """Returns the ids within CLOSE_CATEGORIES of the best one (found is best first)."""
    return [cid for cid, rating in found if rating >= found[0][1] - CLOSE_CATEGORIES]


def _head_categories(span: str, language: str, categorise: Categoriser) -> list[str]:
    """Returns the categories a product phrase names, its head deciding: when the whole phrase
    is no known term, its longest known part that holds the head ("candle wax melt
    [clamshells]", "kraft [mailer boxes]"); else whatever the phrase names."""
    found = list(categorise(span))
    if found and found[0][1] >= STRONG_HEAD_SCORE:
        return _close(found)  # the whole phrase is a known term
    words = span.split()
    for size in range(len(words) - 1, 0, -1):
        part = words[:size] if language in ("fr", "es") else words[-size:]
        if size == 1 and singular(part[0]) in GENERIC_WORDS:
            break  # "li-ion battery [packs]": a word many products share names none alone
        by_part = list(categorise(" ".join(part)))
        if by_part and by_part[0][1] >= STRONG_HEAD_SCORE:
            # the whole phrase chooses among the part's close ones ("screen printing t-shirts");
            # its best category, when the part names it too and the modifiers name it better,
            # is their choice among the head's kinds ("[blank] heavyweight tees": blanks, not
            # decoration); one the modifiers name worse is what is left of the head's words
            # ("déodorant solide en tube carton": the deodorant, not its packaging)
            ids = _close(by_part)
            if found and found[0][1] > dict(by_part).get(found[0][0], 100.0):
                ids = list(dict.fromkeys([found[0][0], *ids]))
            chosen = [(cid, rating) for cid, rating in found if cid in ids]
            return _close(chosen) if len(ids) > 1 and chosen else ids
    head = words[0] if language in ("fr", "es") else words[-1]
    for inner in () if found else compound_heads(head, language):
        by_inner = list(categorise(inner))
        if by_inner and by_inner[0][1] >= STRONG_HEAD_SCORE:
            return _close(by_inner)  # "Nacken[etiketten]": the compound's own head
    return _close(found)


# Containers made for what a founder makes ("I pour candles ... need 8oz amber jars"): the
# founder's own product says which kind of jar or glass it is.
_VESSELS = {
    "candles": "candle-vessels",
    "cosmetics-private-label": "cosmetic-packaging",
    "cosmetics-contract-manufacturing": "cosmetic-packaging",
}
_CONTAINER_IDS = frozenset({"bottles-jars", "drinkware"})


def _vessels_for_own(parsed: Parsed, ids: list[str], categorise: Categoriser) -> list[str]:
    """Returns the ids with the container kind made for the founder's own product first, when
    the product is a container ("candle-vessels" for a candle maker's jars); else `ids`."""
    if not ids or ids[0] not in _CONTAINER_IDS:
        return ids
    for phrase in phrases(parsed.product_text, parsed.language):
        if phrase.cue != MAKE_CUE_POINTS or not phrase.whole or phrase.head in _CONTAINERS:
            continue
        # "candles" names both the candles and their vessels: either says which vessel
        strong = [cid for cid, rating in categorise(phrase.span) if rating >= STRONG_HEAD_SCORE]
        vessels = [_VESSELS.get(cid, cid) for cid in strong]
        vessel = next((v for v in vessels if v in _VESSELS.values()), None)
        if vessel is not None:
            return list(dict.fromkeys([vessel, *ids]))
    return ids


def _categories(
    parsed: Parsed, span: str | None, rating: float, categorise: Categoriser
) -> tuple[str, ...]:
    """Returns the taxonomy ids of the product (head noun first), then those of the kinds of
    supplier the message asks for ("a sourcing agent", "3D printing service"); () when no
    category fits."""
    ids = _head_categories(span, parsed.language, categorise) if span and rating > 0 else []
    ids = _vessels_for_own(parsed, ids, categorise)
    text = parsed.product_text
    for role in (*role_phrases(text), *process_phrases(text), *_services(parsed)):
        found = categorise(role)
        if found and found[0][1] >= ROLE_CATEGORY_SCORE and found[0][0] not in ids:
            ids.append(found[0][0])
    return tuple(ids[:MAX_CATEGORIES])


def understand(
    text: str,
    score: Scorer | None = None,
    *,
    threshold: float = DEFAULT_MATCH_SCORE,
    categorise: Categoriser | None = None,
    parsed: Parsed | None = None,
) -> Understanding:
    """Returns what a founder's first message says, the product chosen with `score` and, with
    `categorise`, its taxonomy categories; `parsed` is `parse(text)` when the caller has it."""
    if parsed is None:
        parsed = parse(text)
    if score is not None:
        score = by_compound_head(
            _in_language(score, parsed.language, text), parsed.language, STRONG_HEAD_SCORE
        )
    if categorise is not None:
        categorise = _in_language(categorise, parsed.language, text)
    product, product_score = _product(parsed, score, threshold)
    if categorise and product and _stray(parsed, product, product_score, categorise):
        # only a stray fuzzy match named it ("Boulder CO") or it only counts ("3,000 cans"),
        # and a need verb points at another phrase ("a manufacturer for carbon fibre bike
        # frames"): that one is the product, covered or not
        product, product_score = _unnamed(parsed, score), 0.0
    own = _counted_own(parsed, product) if product else None
    if own is not None:
        # a co-packer fills the founder's own product into the jars counted: that is the product
        product, product_score = own, 0.0
    named = product
    if product:
        product, named, product_score = _in_full(parsed, product, product_score, score, threshold)
    categories = _categories(parsed, named, product_score, categorise) if categorise else ()
    shown = own_spelling(clean_text(text), product) if product else None
    if shown is not None:
        shown = with_complements(clean_text(text), shown, parsed.language, _is_place)
        shown = with_label_kind(clean_text(text), shown)
    quantity = parsed.quantity
    budget = parsed.budget
    price = parsed.target_unit_price
    return Understanding(
        text=text,
        product=shown,
        product_score=product_score,
        product_span=product,
        categories=categories,
        quantity=quantity.value if quantity else None,
        quantity_max=quantity.maximum if quantity else None,
        period=(quantity.period if quantity else None) or parsed.period,
        budget=budget.amount if budget else None,
        # a budget "in total" or for a one-off is per order: null, as the dialog reads it
        budget_period=budget.period if budget and budget.period is not Period.ONCE else None,
        currency=money_currency(parsed),
        country=parsed.country,
        # A region only where the message names one ("in Europe"), beside its country or not.
        region=parsed.region if parsed.country is None else named_region(text),
        stage=_stage(parsed),
        deadline_days=parsed.deadline_days,
        shelf_life_months=parsed.shelf_life_months,
        change_horizon_months=_horizon_months(parsed),
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
    "Categoriser",
    "QuoteFields",
    "Scorer",
    "Understanding",
    "money_currency",
    "understand",
]
