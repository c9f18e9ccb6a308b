"""Supplier search: an in-memory index over the knowledge base, fuzzy and synonym-tolerant.

How a query is answered without scanning every supplier:
1. The query is normalised (bot.core.understanding.normalise) into content words.
2. Each word is fuzzy-matched (rapidfuzz `fuzz.ratio`) against the VOCABULARY of distinct words
   of category names, taxonomy synonyms, keywords and supplier names. The vocabulary grows with
   the language, not with the number of suppliers, so this step stays cheap at 100,000.
3. Taxonomy phrases ("mailer box", "kraft mailer") are scored by how much of each phrase the
   query covers; a category's score is its best phrase.
4. Candidates come from inverted lists (category -> suppliers, word -> suppliers), each kept in a
   static order (small series, checked facts, completeness) and read only up to a fixed cap, so
   the work per query is bounded whatever the size of the base.
5. Candidates are scored with field weights (category > keyword > name), then, with a `Need`,
   by fit (MOQ against the wanted quantity, estimated unit price, budget, lead time, country).

Filters are hard and exact. A supplier whose MOQ, country or region is unknown fails a filter
on that field: it cannot be shown to fit (this is stricter than "unknown MOQ passes").
"""

from __future__ import annotations

import bisect
import dataclasses
import heapq
import math
import operator
import re
from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from bot.core.search.taxonomy import CategoryWords
from bot.core.types import (
    Category,
    Hit,
    InputError,
    Need,
    SearchFilters,
    SearchResult,
    Status,
    Supplier,
    Taxonomy,
)
from bot.core.understanding.geography import CODE_ALIASES, COUNTRY_NAMES, REGION_MEMBERS
from bot.core.understanding.money import format_money
from bot.core.understanding.normalise import (
    STOPWORDS,
    content_words,
    fold,
    singular,
    spell_out_codes,
    strip_controls,
)

MAX_QUERY_CHARS = 300
# A hit needs this much text relevance (0-100); below it the honest answer is "nothing fits".
RELEVANCE_THRESHOLD = 50.0
# The share of a hit's score that is text relevance; the rest is fit to the need.
RELEVANCE_SHARE = 0.85
# Categories scoring at least this are offered by categories_for.
CATEGORY_THRESHOLD = 55.0
# Inverted lists are read up to this many suppliers that pass the filters (bounded work)...
CANDIDATES_PER_CATEGORY = 100
CANDIDATES_PER_WORD = 30
# ...and never scanned further than this looking for them (category lists are first narrowed
# by the filters' facets; word lists only add to them).
SCAN_PER_LIST = 3000
SCAN_PER_WORD = 300
# A filter's narrowed list is put in static order per query only up to this size.
SORT_LIMIT = 20_000
# Categories whose suppliers become candidates, best first...
CATEGORIES_PER_QUERY = 5
# ...not those below this relevance...
CATEGORY_FLOOR = 30.0
# ...nor those below this share of the best category's.
CATEGORY_SHARE = 0.6
# Vocabulary words fuzzy-matched per query word.
MATCHES_PER_WORD = 6
# A word of this many letters with one slip (a letter replaced, two swapped) still matches
# the word it was meant to be, this well (0-1).
SLIP_LENGTH = 4
SLIP_SIMILARITY = 0.75
# Query words whose vocabulary matches are remembered (one turn reads its words several
# times: the product, its categories, the search); the oldest are forgotten past this many.
MATCH_MEMO = 4096
# Best-by-relevance candidates whose fit to the need is weighed.
FIT_POOL = 60
# Filtered-out suppliers kept for "near misses".
NEAR_MISS_POOL = 50

# Weight of query words after "for": what the product is for counts less than what it is.
PURPOSE_WEIGHT = 0.5
# Share of its weight a query word that matches nothing in the vocabulary still counts: a word
# no supplier uses ("oem", a typo too far) cannot tell suppliers apart, so it must not sink the
# words that do match, but a query mostly of such words still fits nothing.
UNMATCHED_SHARE = 0.35
# Share of its similarity a query word keeps when it matches only a modifier of a category's
# phrase, not its head ("candle" in "candle labels" for the query "candle jars").
OFF_HEAD_SHARE = 0.5
# ...when another category's phrase names the word as what it is at least this well (0-1).
HEAD_NAMED = 0.8
# Share of its weight a product word keeps before the query's head noun ("candle" in "candle
# jars": jars are sought, for candles).
QUALIFYING_SHARE = 0.75
# Relevance of a supplier whose whole name the query spells.
NAME_RELEVANCE = 95.0

# Field weights: a category match means more than a keyword, a keyword more than a name word.
W_CATEGORY = 1.0
W_KEYWORD = 0.8
W_NAME = 0.6

# Words that qualify a product rather than name it; an unmatched one costs less. Alone they
# fit nothing ("custom bicycles" is not custom packaging).
QUALIFIERS: frozenset[str] = frozenset(
    {
        "custom", "custm", "customis", "customiz", "personalis", "personaliz", "print", "brand",
        "logo", "eco", "organic", "recycl", "sustainable", "biodegradable", "compostable",
        "cheap", "premium", "luxury", "plain", "blank", "our", "own",
        "bespoke", "high", "quality", "local", "fast", "quick", "short", "individuell",
        "bedruckt", "personnalise", "sur", "mesure", "oem", "odm", "wholesale", "bulk",
    }
)  # fmt: skip
# Materials and finishes qualify a product too ("aluminium tins", "amber glass jars"), but a
# material alone still says something ("leather bxgs": leather goods).
MATERIALS: frozenset[str] = frozenset(
    {
        "kraft", "aluminium", "aluminum", "glass", "plastic", "paper", "cardboard", "cotton",
        "steel", "metal", "wood", "wooden", "amber", "clear", "frosted", "matte", "glossy",
        "gold", "silver", "bamboo", "leather", "vinyl", "waterproof", "colour", "color",
        "coloured",
    }
)  # fmt: skip
MODIFIERS: frozenset[str] = QUALIFIERS | MATERIALS
# Words of a category phrase that name who makes a product, not the product ("denim mill");
# "factory", "maker", "supplier" are stopwords already.
_MAKERS: frozenset[str] = frozenset({"mill", "plant", "work", "workshop", "wholesaler"})
# "private label" and "white label" say how it is sold, not that labels are sought.
_QUALIFYING_PAIRS = frozenset({("private", "label"), ("white", "label"), ("own", "label")})
# Units and counts in a query ("30 ml", "500") matter only when a supplier mentions them.
_UNITS: frozenset[str] = frozenset(
    {"ml", "cl", "l", "g", "kg", "mg", "oz", "lb", "cm", "mm", "m", "inch", "x", "gsm", "k"}
)

_WHITESPACE = re.compile(r"\s+")

_NO_FILTERS = SearchFilters()
# Words that start a purpose ("for", "für", "pour", "para", "voor"), folded.
_PURPOSE = frozenset({"for", "fur", "fuer", "pour", "para", "voor"})
# Called for every supplier at a build and ~17 times per supplier an import adds (placing it
# in the static order): a constant, not a dict made at each call.
_SMALL_SERIES_POINTS = {True: 3.0, None: 1.0, False: 0.0}
_STATUS_POINTS = {
    Status.VERIFIED: 2.0,
    Status.REVIEWED: 1.0,
    Status.LISTED: 0.0,
    Status.UNCHECKED: -0.5,  # no page backs it: a sourced peer of equal fit goes first
}

_Accept = Callable[[int], bool]


@dataclass(frozen=True, slots=True)
class _Phrase:
    """One way of naming a category: its words (vocabulary ids) and how it reads."""

    category: int
    terms: tuple[int, ...]
    weights: tuple[float, ...]
    display: str
    # the word the phrase names ("labels" in "candle labels"), an index into terms; None when
    # every word counts as named
    head: int | None
    weight_sum: float  # sum(weights), summed once: every category guess divides by it


@dataclass(frozen=True, slots=True)
class _QueryWord:
    """One content word of the query, with the user's own spelling for the "why"."""

    word: str
    raw: str
    weight: float
    optional: bool  # a number or unit: counts only when something matches it
    modifier: bool  # qualifies a product ("custom", "glass") rather than naming it
    typed: str  # the folded word before stemming ("bgdding" for "bgdd")
    at: int = 0  # the token's position in the query
    head: bool = False  # the product the query names ("jar" in "candle jars")


def _word_weight(word: str) -> float:
    """Returns how much a query or phrase word counts (modifiers count less)."""
    return 0.4 if word in MODIFIERS else 1.0


def _head(words: Sequence[str], weights: Sequence[float]) -> int | None:
    """Returns the position of a phrase's head noun: its last word that is no modifier nor a
    maker (an English compound names its last word: "candle labels" are labels, but a "denim
    mill" makes denim); None when there is no such word."""
    for k in range(len(weights) - 1, -1, -1):
        if weights[k] >= 1.0 and words[k] not in _MAKERS:
            return k
    return None


def _cutoff(word: str, typed: int) -> float:
    """Returns the least fuzz.ratio for a vocabulary word to match `word`, typed with `typed`
    letters before stemming (its stem is shorter: "bgdding" -> "bgdd" may still be "bedd")."""
    length = max(len(word), typed)
    if length <= 2 or word.isdigit():
        return 100.0
    if length <= 4:
        # three letters take only one added letter ("soa" -> "soap": 85.7)
        return 85.0
    if length == 5:
        return 80.0
    if length <= 7:
        return 75.0
    return 72.0


# Region words a query may end with ("... in europe"); countries come from geography.
# Filler words long enough that a typo of one is still recognisable ("manufactrer").
_LONG_STOPWORDS = tuple(sorted(w for w in STOPWORDS if len(w) >= 6))
# A short unknown word one dropped letter away from one of these is that filler word: "leather
# goos" is leather goods (the word would otherwise take the nearest short term, the Dutch "doos").
_SHORT_STOPWORDS = tuple(sorted(w for w in STOPWORDS if 4 <= len(w) < 6))
_REGION_WORDS = frozenset({"europe", "eu", "asia", "america", "uk", "usa", "us", "emea", "apac"})
_PLACE_PREFIXES = frozenset({"in", "from", "the", "aus", "de", "en", "made"})


def _place_tokens(tokens: Sequence[str]) -> tuple[set[int], str | None]:
    """Returns the positions of place words among folded tokens ("in czech republic", "from
    the usa") and the country they name, if one; a place says where, not what is sought. A
    place follows "in", "from" ... or ends the query ("laser cutting germany")."""
    places: set[int] = set()
    country: str | None = None
    start = 0
    while start < len(tokens):
        for size in (3, 2, 1):
            span = " ".join(tokens[start : start + size])
            code = COUNTRY_NAMES.get(span) or CODE_ALIASES.get(span.upper())
            placed = (start > 0 and tokens[start - 1] in _PLACE_PREFIXES) or (
                start > 0 and start + size == len(tokens)
            )
            if placed and (code is not None or (size == 1 and span in _REGION_WORDS)):
                places.update(range(start, start + size))
                country = country or code
                start += size - 1
                break
        start += 1
    return places, country


def _static_rank(supplier: Supplier) -> float:
    """Returns the query-independent rank: small series, checked facts, completeness."""
    rank = _SMALL_SERIES_POINTS[supplier.small_series]
    rank += _STATUS_POINTS[supplier.status]
    rank += 0.5 * (supplier.moq is not None) + 0.5 * bool(supplier.price_tiers)
    rank += 0.25 * (supplier.country is not None) + 0.25 * (supplier.lead_time_days is not None)
    return rank


def _country(code: str | None) -> str | None:
    """Returns a country code in one spelling (UK -> GB), or None."""
    if not code:
        return None
    # Called per candidate under a country filter: a dict lookup, no name folding (supplier
    # countries are validated ISO codes; only aliases such as UK need mapping).
    upper = code.strip().upper()
    return CODE_ALIASES.get(upper, upper)


def _region(name: str | None) -> str | None:
    """Returns a region in one spelling (casefolded, single spaces), or None."""
    if not name:
        return None
    return _WHITESPACE.sub(" ", name.strip().casefold())


def _regions(wanted: str) -> frozenset[str | None]:
    """Returns the supplier regions a region filter accepts ("Europe" takes UK and EU too)."""
    region = _region(wanted)
    return REGION_MEMBERS.get(region or "", frozenset({region}))


def estimate_unit_price(supplier: Supplier, quantity: int) -> Decimal | None:
    """Returns the all-units tier price at `quantity`; None below the first tier or untiered."""
    price: Decimal | None = None
    for tier in sorted(supplier.price_tiers, key=lambda t: t.min_qty):
        if tier.min_qty <= quantity:
            price = tier.unit_price
    return price if quantity >= 1 else None


def _quote(words: Iterable[str]) -> str:
    """Returns the words joined and single-quoted for a reason."""
    return "'" + " ".join(words) + "'"


def check_query(query: str) -> str:
    """Returns the query without control characters, or raises InputError if unusable."""
    text = strip_controls(query).strip()
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(
            "query", f"too long ({len(text):,} characters; at most {MAX_QUERY_CHARS})"
        )
    if not fold(text).split():
        raise InputError("query", "is empty; say what you are looking for")
    return text


def passes(supplier: Supplier, filters: SearchFilters) -> bool:
    """Returns whether `supplier` passes the hard filters (unknown MOQ fails a max-MOQ filter)."""
    if filters.max_moq is not None and (supplier.moq is None or supplier.moq > filters.max_moq):
        return False
    if filters.country is not None and _country(supplier.country) != _country(filters.country):
        return False
    if filters.region is not None and _region(supplier.region) not in _regions(filters.region):
        return False
    return not (filters.small_series_only and supplier.small_series is not True)


class SearchIndex:
    """The knowledge base prepared for fuzzy search: vocabulary, phrases and inverted lists."""

    __slots__ = (
        "_by_id",
        "_cat_tuples",
        "_categories",
        "_category_index",
        "_category_lists",
        "_category_memo",
        "_category_memo_sizes",
        "_code_end",
        "_code_start",
        "_codes",
        "_dead",
        "_facets",
        "_keyword_terms",
        "_memo",
        "_memo_sizes",
        "_moq_order",
        "_names",
        "_order",
        "_phrases",
        "_place_pairs",
        "_places",
        "_product_terms",
        "_rank",
        "_supplier_categories",
        "_suppliers",
        "_surface_ids",
        "_surface_terms",
        "_surfaces",
        "_taxonomy",
        "_term_ids",
        "_term_lists",
        "_term_phrases",
        "_token_terms",
        "_token_words",
        "_vocabulary",
    )

    def __init__(self) -> None:
        self._suppliers: list[Supplier] = []
        self._taxonomy = Taxonomy()
        self._by_id: dict[int, int] = {}
        # each supplier's place in the static order (floats: a new one goes between two)
        self._rank = array("d")
        self._order: list[int] = []  # positions in static order
        self._dead: set[int] = set()  # positions of removed or replaced suppliers
        self._token_words: dict[str, list[str]] = {}
        self._token_terms: dict[str, tuple[int, ...]] = {}
        self._keyword_terms: dict[str, tuple[int, ...]] = {}
        self._categories: list[Category] = []  # taxonomy categories, then ad-hoc ones
        self._category_index: dict[str, int] = {}
        self._supplier_categories: list[tuple[int, ...]] = []
        # each supplier's (country, region) in one spelling, for the filters (pairs shared)
        self._places: list[tuple[str | None, str | None]] = []
        self._place_pairs: dict[tuple[str | None, str | None], tuple[str | None, str | None]] = {}
        self._category_lists: list[list[int]] = []  # category -> suppliers, static order
        self._vocabulary: list[str] = []
        self._term_ids: dict[str, int] = {}
        self._phrases: list[_Phrase] = []
        # term -> (phrase, the positions of the term in it): where a matched word lands
        self._term_phrases: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
        # words of category phrases and keywords: what names a product (not only a company)
        self._product_terms: set[int] = set()
        # words as written before stemming ("printing" for "print"), for typos that defeat it
        self._surfaces: list[str] = []
        self._surface_terms: list[int] = []
        self._surface_ids: dict[str, int] = {}
        # each supplier's keyword and name words, coded (see _targets), flat
        self._codes = array("i")
        self._code_start = array("i")
        self._code_end = array("i")
        self._cat_tuples: dict[tuple[int, ...], tuple[int, ...]] = {}  # shared, not per supplier
        # word -> suppliers whose keywords or name hold it, static order
        self._term_lists: dict[int, list[int]] = {}
        # a name's words joined ("stickermule") -> suppliers with that name
        # (one position, or a list when several suppliers share a name: a million one-element
        # lists would cost about 90 MB)
        self._names: dict[str, int | list[int]] = {}
        # (category, facet, value) -> suppliers, static order: a filtered query reads the
        # narrowest list instead of scanning a whole category ("c" country, "r" region,
        # "s" small series)
        self._facets: dict[tuple[int, str, str], list[int]] = {}
        # per category: its suppliers with a stated MOQ, by MOQ (for max-MOQ filters)
        self._moq_order: dict[int, tuple[list[int], list[int]]] = {}
        # (word, as typed) -> its vocabulary matches, valid while the vocabulary and the
        # surfaces keep their sizes (they only grow: a new word may be a better match)
        self._memo: dict[tuple[str, str, bool], dict[int, float]] = {}
        self._memo_sizes = (0, 0)
        # text -> the categories it names: a founder's turn asks for the same spans about ten
        # times; valid while the vocabulary, the surfaces, the product words and the phrases
        # keep their sizes (they only grow, and nothing else the scores read changes)
        self._category_memo: dict[str, tuple[tuple[Category, float], ...]] = {}
        self._category_memo_sizes = (0, 0, 0, 0)

    # ----------------------------------------------------------------------------------------
    # Building
    # ----------------------------------------------------------------------------------------

    @classmethod
    def build(cls, suppliers: Sequence[Supplier], taxonomy: Taxonomy) -> SearchIndex:
        """Returns an index over `suppliers`, with the taxonomy's names and synonyms expanded."""
        index = cls()
        index._suppliers = list(suppliers)
        index._taxonomy = taxonomy
        for category in taxonomy.categories:
            index._add_category(category)
        count = len(index._suppliers)
        # the static order in two stable sorts: by name, then by rank (no key tuple per
        # supplier: at a million they would peak at about 150 MB)
        suppliers = index._suppliers
        order = sorted(range(count), key=lambda p: suppliers[p].name.casefold())
        order.sort(key=lambda p: -_static_rank(suppliers[p]))
        index._rank = array("d", bytes(8 * count))
        for rank, position in enumerate(order):
            index._rank[position] = float(rank)
        index._order = order
        index._supplier_categories = [()] * count
        index._places = [(None, None)] * count
        index._code_start = array("i", bytes(4 * count))
        index._code_end = array("i", bytes(4 * count))
        by_moq: dict[int, list[int]] = {}
        for position in order:  # in static order, so every list is appended to in order
            index._enter(position, by_moq)
        moq_of = index._suppliers
        for cat, positions in by_moq.items():
            # by MOQ; a stable sort keeps the static order among equal MOQs
            positions.sort(key=lambda p: moq_of[p].moq or 0)
            index._moq_order[cat] = ([moq_of[p].moq or 0 for p in positions], positions)
        return index

    # ----------------------------------------------------------------------------------------
    # Changing: one supplier at a time, in place (no rebuild; each change is about a millisecond)
    # ----------------------------------------------------------------------------------------

    def upsert(self, supplier: Supplier) -> bool:
        """Adds a supplier or replaces the one with its id; returns False when nothing changed.

        The caller serialises changes with searches (the index is not locked): the assistant
        applies them on the event loop between turns.
        """
        if supplier.id is None:
            raise InputError("id", "an indexed supplier needs an id to be changed later")
        known = self._by_id.get(supplier.id)
        if known is not None:
            if self._suppliers[known] == supplier:
                return False
            self._leave(known)
        position = len(self._suppliers)
        self._suppliers.append(supplier)
        self._supplier_categories.append(())
        self._places.append((None, None))
        self._code_start.append(0)
        self._code_end.append(0)
        self._rank.append(0.0)
        self._rank[position] = self._new_rank(position)
        self._enter(position, None)
        return True

    def remove(self, supplier_id: int) -> bool:
        """Takes the supplier with that id out of every list; returns False if it was not in."""
        position = self._by_id.get(supplier_id)
        if position is None:
            return False
        self._leave(position)
        return True

    def _static_key(self, position: int) -> tuple[float, str]:
        """Returns the sort key of the static order: rank first, then name."""
        supplier = self._suppliers[position]
        return (-_static_rank(supplier), supplier.name.casefold())

    def _new_rank(self, position: int) -> float:
        """Places a new supplier in the static order; returns a rank between its neighbours."""
        at = bisect.bisect_left(self._order, self._static_key(position), key=self._static_key)
        self._order.insert(at, position)
        rank = self._rank
        before = rank[self._order[at - 1]] if at > 0 else None
        after = rank[self._order[at + 1]] if at + 1 < len(self._order) else None
        if before is None or after is None:
            return (after - 1.0) if after is not None else (before or 0.0) + 1.0
        middle = (before + after) / 2.0
        if before < middle < after:
            return middle
        # no room left between floats: renumber everything once (rare, O(n))
        for number, placed in enumerate(self._order):
            rank[placed] = float(number)
        return rank[position]

    def _insert(self, positions: list[int], position: int) -> None:
        """Inserts a position into a list kept in static order."""
        bisect.insort(positions, position, key=self._rank.__getitem__)

    def _delete(self, positions: list[int], position: int) -> None:
        """Deletes a position from a list kept in static order."""
        at = bisect.bisect_left(positions, self._rank[position], key=self._rank.__getitem__)
        while at < len(positions) and positions[at] != position:
            at += 1  # equal ranks cannot happen, but never delete the wrong one
        if at < len(positions):
            del positions[at]

    def _facets_of(self, supplier: Supplier) -> list[tuple[str, str]]:
        """Returns the filter facets a supplier is listed under."""
        facets: list[tuple[str, str]] = []
        country, region = _country(supplier.country), _region(supplier.region)
        if country:
            facets.append(("c", country))
        if region:
            facets.append(("r", region))
        if supplier.small_series is True:
            facets.append(("s", ""))
        return facets

    def _enter(self, position: int, by_moq: dict[int, list[int]] | None) -> None:
        """Lists a supplier in every list; appends when building in static order (`by_moq`
        collects MOQs to sort once), else inserts in place."""
        targets = self._targets(position, by_moq)
        if by_moq is not None:
            for target in targets:
                target.append(position)
        else:
            for target in targets:
                self._insert(target, position)

    def _targets(self, position: int, by_moq: dict[int, list[int]] | None) -> list[list[int]]:
        """Records a supplier's categories, words and name; returns the lists it belongs in."""
        supplier = self._suppliers[position]
        if supplier.id is not None:
            self._by_id[supplier.id] = position
        facets = self._facets_of(supplier)
        place = (_country(supplier.country), _region(supplier.region))
        self._places[position] = self._place_pairs.setdefault(place, place)
        cats = self._categories_of(supplier)
        targets: list[list[int]] = []
        for cat in cats:
            targets.append(self._category_lists[cat])
            for facet in facets:
                key = (cat, *facet)
                found = self._facets.get(key)
                if found is None:
                    found = self._facets[key] = []
                targets.append(found)
            if supplier.moq is None:
                continue
            if by_moq is not None:
                by_moq.setdefault(cat, []).append(position)
            else:
                self._insert_moq(cat, supplier.moq, position)
        self._supplier_categories[position] = self._cat_tuples.setdefault(cats, cats)
        name_terms = self._name_terms(supplier.name)
        if name_terms:
            joined = "".join(self._vocabulary[t] for t in name_terms)
            self._add_name(joined, position)
        fields = self._fields_of(supplier, name_terms)
        codes = self._codes
        self._code_start[position] = len(codes)
        # one flat array of word codes (term * 2, +1 for a keyword): a tuple of pairs per
        # supplier would cost about 0.5 KB each, 500 MB at a million
        codes.extend([term * 2 + (weight == W_KEYWORD) for term, weight in fields.items()])
        self._code_end[position] = len(codes)
        term_lists = self._term_lists
        for term in fields:
            found = term_lists.get(term)
            if found is None:
                found = term_lists[term] = []
            targets.append(found)
        return targets

    def _add_name(self, joined: str, position: int) -> None:
        """Records that a supplier's name, words joined, is `joined`."""
        known = self._names.get(joined)
        if known is None:
            self._names[joined] = position
        elif isinstance(known, int):
            self._names[joined] = [known, position]
        else:
            known.append(position)

    def _words_at(self, position: int) -> array[int]:
        """Returns a supplier's word codes (see _targets)."""
        return self._codes[self._code_start[position] : self._code_end[position]]

    def _leave(self, position: int) -> None:
        """Takes a supplier out of every list it is in; its slot stays, unreachable."""
        supplier = self._suppliers[position]
        if supplier.id is not None and self._by_id.get(supplier.id) == position:
            del self._by_id[supplier.id]
        facets = self._facets_of(supplier)
        for cat in self._supplier_categories[position]:
            self._delete(self._category_lists[cat], position)
            for facet in facets:
                self._delete(self._facets[(cat, *facet)], position)
            if supplier.moq is not None:
                moqs, positions = self._moq_order[cat]
                at = positions.index(position)
                del moqs[at], positions[at]
        joined = "".join(self._vocabulary[t] for t in self._name_terms(supplier.name))
        named = self._names.get(joined)
        if named == position:
            del self._names[joined]
        elif isinstance(named, list) and position in named:
            named.remove(position)
        for code in self._words_at(position):
            self._delete(self._term_lists[code >> 1], position)
        self._supplier_categories[position] = ()
        self._code_end[position] = self._code_start[position]
        self._delete(self._order, position)
        self._dead.add(position)

    def _insert_moq(self, cat: int, moq: int, position: int) -> None:
        """Inserts a supplier into a category's by-MOQ list (by MOQ, then static order)."""
        moqs, positions = self._moq_order.setdefault(cat, ([], []))
        low, high = bisect.bisect_left(moqs, moq), bisect.bisect_right(moqs, moq)
        at = bisect.bisect(positions, self._rank[position], low, high, key=self._rank.__getitem__)
        moqs.insert(at, moq)
        positions.insert(at, position)

    def _categories_of(self, supplier: Supplier) -> tuple[int, ...]:
        """Returns a supplier's category ids, adding the ones the taxonomy lacks."""
        cats: list[int] = []
        for cid in supplier.categories:
            cat = self._category_index.get(cid)
            if cat is None:
                # A category the taxonomy lacks still searches by its own words.
                name = cid.replace("-", " ").replace("_", " ")
                cat = self._add_category(Category(id=cid, name=name), curated=False)
            if cat not in cats:
                cats.append(cat)
        return tuple(cats)

    def _fields_of(self, supplier: Supplier, name_terms: list[int]) -> dict[int, float]:
        """Returns a supplier's keyword and name words with their field weight."""
        # names first, so a word that is also a keyword keeps the keyword's weight
        fields = dict.fromkeys(name_terms, W_NAME)
        for keyword in supplier.keywords:
            terms = self._keyword_terms.get(keyword)
            if terms is None:
                # keywords repeat across suppliers ("kraft", "FSC"): cached whole
                terms = self._keyword_terms[keyword] = tuple(
                    self._term(w) for w in self._words_of(keyword)
                )
                self._product_terms.update(terms)
            for term in terms:
                fields[term] = W_KEYWORD
        return fields

    def _name_terms(self, name: str) -> list[int]:
        """Returns the vocabulary ids of a name's words (cached per word: names are mostly
        unique, their words are not)."""
        out: list[int] = []
        for token in name.split():
            found = self._token_terms.get(token)
            if found is None:
                found = self._token_terms[token] = tuple(
                    self._term(w) for w in self._words_of(token)
                )
            out.extend(found)
        return out

    def _words_of(self, text: str) -> list[str]:
        """Returns the content words of a text, cached per whitespace token."""
        out: list[str] = []
        for token in text.split():
            found = self._token_words.get(token)
            if found is None:
                found = self._token_words[token] = content_words(token)
                self._add_surfaces(token)
            out.extend(found)
        return out

    def _term(self, word: str) -> int:
        """Returns the vocabulary id of `word`, adding it when new."""
        term = self._term_ids.get(word)
        if term is None:
            term = len(self._vocabulary)
            self._vocabulary.append(word)
            self._term_ids[word] = term
        return term

    def _add_surfaces(self, token: str) -> None:
        """Records the unstemmed forms of a text token's words ("bedding" for "bedd")."""
        for word in fold(token).split():
            stem = singular(word)
            if stem != word and word not in self._surface_ids and stem not in STOPWORDS:
                self._surface_ids[word] = len(self._surfaces)
                self._surfaces.append(word)
                self._surface_terms.append(self._term(stem))

    def _add_category(self, category: Category, *, curated: bool = True) -> int:
        """Adds a category and its phrases (name, id, synonyms, joined forms); returns its id.
        A category only named by a supplier's id ("print-embroidery") is not `curated`: its
        words may be a list, not a noun and its modifiers, so none of them is its head."""
        cat = len(self._categories)
        self._categories.append(category)
        self._category_index[category.id] = cat
        self._category_lists.append([])
        seen: set[tuple[str, ...]] = set()
        texts = [category.name, category.id.replace("-", " "), *category.synonyms]
        for text in texts:
            words = tuple(self._words_of(text))
            # "t-shirt" is also written "tshirt"; "mailer box" also "mailerbox".
            joined = "".join(fold(text).split())
            variants = [words]
            if len(fold(text).split()) > 1 and joined.isalnum():
                variants.append(tuple(content_words(joined)))
            for variant in variants:
                if not variant or variant in seen:
                    continue
                seen.add(variant)
                terms = tuple(self._term(word) for word in variant)
                self._product_terms.update(terms)
                weights = tuple(_word_weight(w) for w in variant)
                head = _head(variant, weights) if curated else None
                phrase = _Phrase(cat, terms, weights, text, head, sum(weights))
                for term in dict.fromkeys(terms):
                    at = tuple(k for k, t in enumerate(terms) if t == term)
                    self._term_phrases.setdefault(term, []).append((len(self._phrases), at))
                self._phrases.append(phrase)
        return cat

    # ----------------------------------------------------------------------------------------
    # Reading
    # ----------------------------------------------------------------------------------------

    @property
    def suppliers(self) -> Sequence[Supplier]:
        """Returns the indexed suppliers: in the order given to build, then those added."""
        dead = self._dead
        return tuple(s for p, s in enumerate(self._suppliers) if p not in dead)

    @property
    def taxonomy(self) -> Taxonomy:
        """Returns the taxonomy the index was built with."""
        return self._taxonomy

    def __len__(self) -> int:
        return len(self._suppliers) - len(self._dead)

    def get(self, supplier_id: int) -> Supplier | None:
        """Returns the supplier with that id, or None."""
        position = self._by_id.get(supplier_id)
        return None if position is None else self._suppliers[position]

    # ----------------------------------------------------------------------------------------
    # Query words and category scores
    # ----------------------------------------------------------------------------------------

    def _query_words(self, query: str) -> tuple[list[_QueryWord], str | None]:
        """Returns the content words of `query` and the country it names (if any), or raises
        InputError for an unusable query."""
        text = spell_out_codes(check_query(query))
        tokens = [(raw, token) for raw in text.split() for token in fold(raw).split()]
        places, country = _place_tokens([token for _, token in tokens])
        out: list[_QueryWord] = []
        seen: set[str] = set()
        purpose = 1.0
        for at, (raw, token) in enumerate(tokens):
            if at in places:
                continue  # where, not what: weighed as a preference for suppliers there
            if token in _PURPOSE:
                # "labels for candles": the words after "for" say what it is for, not what it is.
                purpose = PURPOSE_WEIGHT
                continue
            for word in content_words(token):
                if word in seen or self._is_misspelt_filler(word):
                    continue
                seen.add(word)
                optional = word.isdigit() or word in _UNITS
                pair = (tokens[at - 1][1], token) if at else ("", "")
                modifier = word in QUALIFIERS or pair in _QUALIFYING_PAIRS
                weight = purpose * (0.4 if modifier else _word_weight(word))
                if pair in _QUALIFYING_PAIRS:
                    out = [qw for qw in out if qw.typed != pair[0]]
                out.append(_QueryWord(word, raw, weight, optional, modifier, token, at))
        return out, country

    def _is_misspelt_filler(self, word: str) -> bool:
        """Returns whether an unknown word is a typo of a filler word ("facttory", "goos")."""
        if len(word) < 3 or word in self._term_ids:
            return False
        if len(word) < 6:
            # short words have many neighbours: only a letter left out counts
            return any(
                len(stop) == len(word) + 1 and Indel.distance(word, stop) == 1
                for stop in _SHORT_STOPWORDS
            )
        return bool(process.extractOne(word, _LONG_STOPWORDS, scorer=fuzz.ratio, score_cutoff=88))

    def _named(self, words: Sequence[_QueryWord]) -> set[int]:
        """Returns the suppliers whose whole name the query spells, spaced or not ("jlc pcb")."""
        found: set[int] = set()
        plain = [qw.word for qw in words]
        for start in range(len(plain)):
            for end in range(start + 1, min(len(plain), start + 4) + 1):
                joined = "".join(plain[start:end])
                term = self._term_ids.get(joined)
                if term is not None and term in self._product_terms:
                    # "J Garment Company" is named by its product word: asking for garments
                    # is not asking for that company
                    continue
                named = self._names.get(joined)
                if isinstance(named, int):
                    found.add(named)
                elif named:
                    found.update(named)
        return found

    def _match_words(
        self, words: Sequence[_QueryWord], *, qualify: bool = False, slips: bool = False
    ) -> tuple[list[_QueryWord], list[Mapping[int, float]]]:
        """Returns the query words with their head marked (and, to `qualify`, the words of its
        compound weighed less), and per query word the vocabulary ids it matches (0-1); with
        `slips`, a four-letter word also matches the words one slip away (a search, which
        ranks what they find; naming a category from them would read "yoga" as some other
        word)."""
        matches = [self._matches_of(qw, slips=slips) for qw in words]
        return _with_head(words, matches, self._product_terms, qualify=qualify), matches

    def _matches_of(self, qw: _QueryWord, *, slips: bool = False) -> Mapping[int, float]:
        """Returns the vocabulary ids a query word matches, with similarity 0-1 (remembered:
        a fuzzy pass over the vocabulary costs about a millisecond at 100,000 suppliers, and a
        founder's turn asks for the same words several times)."""
        sizes = (len(self._vocabulary), len(self._surfaces))
        if sizes != self._memo_sizes:
            self._memo.clear()
            self._memo_sizes = sizes
        key = (qw.word, qw.typed, slips)
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) >= MATCH_MEMO:
                del self._memo[next(iter(self._memo))]
            found = self._memo[key] = self._fuzzy_matches(qw, slips=slips)
        return found  # read-only (Mapping): every caller only reads it, so no copy per word

    def _fuzzy_matches(self, qw: _QueryWord, *, slips: bool) -> dict[int, float]:
        """Returns the vocabulary ids a query word matches, with similarity 0-1."""
        found: dict[int, float] = {}
        exact = self._term_ids.get(qw.word)
        if exact is not None:
            found[exact] = 1.0
        cutoff = _cutoff(qw.word, len(qw.typed))
        if cutoff < 100.0:
            for _, similarity, term in process.extract(
                qw.word,
                self._vocabulary,
                scorer=fuzz.ratio,
                limit=MATCHES_PER_WORD,
                score_cutoff=cutoff,
            ):
                found[term] = max(found.get(term, 0.0), similarity / 100.0)
        if cutoff < 100.0 and self._surfaces:
            # a typo can defeat stemming ("beddinng" is no "bedd"): match as typed too
            for _, similarity, at in process.extract(
                qw.typed,
                self._surfaces,
                scorer=fuzz.ratio,
                limit=MATCHES_PER_WORD,
                score_cutoff=max(cutoff, 80.0),
            ):
                term = self._surface_terms[at]
                found[term] = max(found.get(term, 0.0), similarity / 100.0)
        if slips and len(qw.typed) == SLIP_LENGTH and exact is None and qw.word not in MODIFIERS:
            self._slips(qw, found)
        return found

    def _slips(self, qw: _QueryWord, found: dict[int, float]) -> None:
        """Adds the words of the query word's length one letter replaced or two swapped away
        ("haks" hats, "scok" sock): fuzz.ratio scores such a slip in four letters 75, under
        the cutoff that keeps three-letter words apart."""
        for typed, words, terms in (
            (qw.typed, self._surfaces, self._surface_terms),
            (qw.word, self._vocabulary, None),
        ):
            for choice, _, at in process.extract(
                typed, words, scorer=OSA.distance, limit=MATCHES_PER_WORD, score_cutoff=1
            ):
                if len(choice) == len(typed) == SLIP_LENGTH:
                    term = at if terms is None else terms[at]
                    found[term] = max(found.get(term, 0.0), SLIP_SIMILARITY)

    def _category_scores(
        self, words: Sequence[_QueryWord], matches: Sequence[Mapping[int, float]]
    ) -> tuple[dict[int, float], dict[int, tuple[int, frozenset[int]]], list[dict[int, float]]]:
        """Returns category scores, each one's best phrase and query words, and per-word bests."""
        touched = self._touched_phrases(matches)
        total = _total(words, matches, self._product_terms)
        scores: dict[int, float] = {}
        best_phrase: dict[int, tuple[int, frozenset[int]]] = {}
        roles = _Roles(len(words))
        phrases = self._phrases
        # A hot loop (a query touches a hundred phrases or more, on every guess at a category):
        # one query word's similarities are the phrase's coverage as they are.
        for p, by_word in touched.items():
            phrase = phrases[p]
            if len(by_word) == 1:
                covered = next(iter(by_word.values()))
            else:
                covered = [max(column) for column in zip(*by_word.values(), strict=True)]
            explained = 0.0
            for i, per_word in by_word.items():
                word = words[i]
                best = max(per_word)
                explained += word.weight * best
                roles.add(i, phrase, per_word, covered, word.head, best)
            weighed = sum(w * c for w, c in zip(phrase.weights, covered, strict=True))
            coverage = weighed / phrase.weight_sum
            query_share = explained / total if total else 0.0
            score = 100.0 * coverage * (0.3 + 0.7 * min(1.0, query_share))
            if score > scores.get(phrase.category, 0.0):
                scores[phrase.category] = score
                best_phrase[phrase.category] = (p, frozenset(by_word))
        return scores, best_phrase, roles.word_best()

    def _touched_phrases(
        self, matches: Sequence[Mapping[int, float]]
    ) -> dict[int, dict[int, list[float]]]:
        """Returns phrase -> query word -> the best similarity per phrase word."""
        touched: dict[int, dict[int, list[float]]] = {}
        phrases = self._phrases
        term_phrases = self._term_phrases
        for i, found in enumerate(matches):
            for term, similarity in found.items():
                for p, at in term_phrases.get(term, ()):
                    by_word = touched.get(p)
                    if by_word is None:
                        by_word = touched[p] = {}
                    per_word = by_word.get(i)
                    if per_word is None:
                        per_word = by_word[i] = [0.0] * len(phrases[p].terms)
                    for k in at:
                        if similarity > per_word[k]:
                            per_word[k] = similarity
        return touched

    def category_score(self, text: str) -> float:
        """Returns how well `text` (cut to MAX_QUERY_CHARS) names a taxonomy category, 0-100."""
        found = self.categories_for(text[:MAX_QUERY_CHARS], limit=1)
        return found[0][1] if found else 0.0

    def named_categories(self, text: str, words: CategoryWords) -> list[tuple[str, float]]:
        """Returns the ids and scores (0-100, best first) of the categories `text` names that a
        word of it names too (`words.supported`): a stray fuzzy match adds none."""
        found = self.categories_for(text[:MAX_QUERY_CHARS], limit=3)
        return words.supported(text, [(category.id, score) for category, score in found])

    def categories_for(self, text: str, limit: int = 3) -> list[tuple[Category, float]]:
        """Returns the taxonomy categories `text` names, best first, scored 0-100; [] if none."""
        if limit < 1:
            return []
        sizes = (
            len(self._vocabulary),
            len(self._surfaces),
            len(self._product_terms),
            len(self._phrases),
        )
        if sizes != self._category_memo_sizes:
            self._category_memo.clear()
            self._category_memo_sizes = sizes
        found = self._category_memo.get(text)
        if found is None:
            if len(self._category_memo) >= MATCH_MEMO:
                del self._category_memo[next(iter(self._category_memo))]
            found = self._category_memo[text] = self._named_categories(text)
        return list(found[:limit])

    def _named_categories(self, text: str) -> tuple[tuple[Category, float], ...]:
        """Returns every taxonomy category `text` names, best first, scored 0-100."""
        try:
            words, _ = self._query_words(text)
        except InputError:
            return ()
        if not words:
            return ()
        words, matches = self._match_words(words)
        scores, _, _ = self._category_scores(words, matches)
        known = len(self._taxonomy.categories)
        ranked = sorted(
            ((cat, score) for cat, score in scores.items() if cat < known),
            key=lambda item: (-item[1], self._categories[item[0]].id),
        )
        return tuple(
            (self._categories[cat], round(score, 1))
            for cat, score in ranked
            if score >= CATEGORY_THRESHOLD
        )

    # ----------------------------------------------------------------------------------------
    # Search
    # ----------------------------------------------------------------------------------------

    def search(
        self,
        query: str,
        filters: SearchFilters = SearchFilters(),  # noqa: B008 - frozen, safe as a default
        need: Need | None = None,
        limit: int = 5,
    ) -> SearchResult:
        """Returns the best suppliers for `query` that pass `filters`, ranked by fit to `need`."""
        if limit < 1:
            raise InputError("limit", f"must be at least 1, not {limit}")
        words, place = self._query_words(query)
        text = strip_controls(query).strip()
        if place is not None and (need is None or need.country is None):
            # "... in czech republic": suppliers there come first, others still fit
            need = dataclasses.replace(need or Need(), country=place)
        if not words:
            return SearchResult(query=text, nothing_fits=True)
        scorer = self._scorer(words, need)
        gate = _Gate(self, filters)
        candidates, named, top = self._candidates(scorer, filters, gate)
        scored = [
            (max(scorer.relevance(p), NAME_RELEVANCE) if p in named else scorer.relevance(p), p)
            for p in candidates
        ]
        good = [(r, p) for r, p in scored if r >= RELEVANCE_THRESHOLD]
        context = _Context(
            scorer.words, scorer.matches, scorer.cat_scores, scorer.best_phrase, named, self
        )
        if good:
            return SearchResult(
                query=text, hits=tuple(self._rank_hits(good, need, context, limit))
            )
        near = [(r, p) for r, p in scored if r > 0.0]
        # the closest suppliers the filters kept out, from the heads of the best categories
        rejected = list(gate.rejected)
        for cat in top[:2]:
            rejected.extend(self._category_lists[cat][:NEAR_MISS_POOL])
        outside = set(rejected) - candidates
        near += [(r, p) for r, p in ((scorer.relevance(p), p) for p in outside) if r > 0.0]
        near_hits = self._rank_hits(near, need, context, limit)
        return SearchResult(query=text, nothing_fits=True, near_misses=tuple(near_hits))

    def _scorer(self, words: list[_QueryWord], need: Need | None) -> _Scorer:
        """Returns what a query matched, ready to score candidates."""
        words, matches = self._match_words(words, qualify=True, slips=True)
        cat_scores, best_phrase, word_best = self._category_scores(words, matches)
        wanted: set[int] = set()
        if need is not None:
            for cid in need.categories:
                cat = self._category_index.get(cid)
                if cat is not None:
                    wanted.add(cat)
                    cat_scores[cat] = max(cat_scores.get(cat, 0.0), 90.0)
        # Per category: how well it explains each query word (category field).
        cat_words: dict[int, list[float]] = {}
        for i, per_cat in enumerate(word_best):
            for cat, value in per_cat.items():
                cat_words.setdefault(cat, [0.0] * len(words))[i] = value * W_CATEGORY
        term_hits: dict[int, list[tuple[int, float]]] = {}
        for i, found in enumerate(matches):
            for term, similarity in found.items():
                term_hits.setdefault(term, []).append((i, similarity))
        return _Scorer(
            index=self,
            words=words,
            matches=matches,
            cat_scores=cat_scores,
            best_phrase=best_phrase,
            wanted=wanted,
            cat_words=cat_words,
            term_hits=term_hits,
            total=_total(words, matches, self._product_terms),
            spare=_spare(words, matches, self._product_terms),
        )

    def _candidates(
        self, scorer: _Scorer, filters: SearchFilters, gate: _Gate
    ) -> tuple[set[int], set[int], list[int]]:
        """Returns the candidates (heads of the best categories' lists and of the matched
        words' lists), those the query names, and the best categories."""
        accept = None if filters == _NO_FILTERS else gate.check
        candidates: set[int] = set()
        potential = {cat: scorer.via_category(cat) for cat in scorer.cat_scores}
        top = sorted(potential, key=lambda c: -potential[c])[:CATEGORIES_PER_QUERY]
        # A category far below the best cannot place a supplier on top through its category
        # alone; one whose own words match that well comes in through the word lists below.
        floor = max(CATEGORY_FLOOR, CATEGORY_SHARE * potential[top[0]] if top else 0.0)
        for cat in top:
            if potential[cat] >= floor or cat in scorer.wanted:
                source = self._category_source(cat, filters)
                candidates.update(self._read_list(source, accept, CANDIDATES_PER_CATEGORY))
        named = {p for p in self._named(scorer.words) if accept is None or accept(p)}
        candidates.update(named)
        for term in scorer.term_hits:
            postings = self._term_lists.get(term)
            if postings:
                candidates.update(
                    self._read_list(postings, accept, CANDIDATES_PER_WORD, SCAN_PER_WORD)
                )
        return candidates, named, top

    def _category_source(self, cat: int, filters: SearchFilters) -> list[int]:
        """Returns the narrowest list, in static order, holding every supplier of the category
        that can pass the filters."""
        whole = self._category_lists[cat]
        if filters == _NO_FILTERS:
            return whole
        best: list[int] = whole
        if filters.country is not None:
            best = min(
                best, self._facets.get((cat, "c", _country(filters.country) or ""), []), key=len
            )
        if filters.small_series_only:
            best = min(best, self._facets.get((cat, "s", ""), []), key=len)
        if filters.region is not None:
            parts = [self._facets.get((cat, "r", r), []) for r in _regions(filters.region) if r]
            parts = [part for part in parts if part]
            size = sum(map(len, parts))
            if len(parts) == 1 and size < len(best):
                best = parts[0]  # already in static order
            elif size < len(best) and size <= SORT_LIMIT:
                best = sorted((p for part in parts for p in part), key=self._rank.__getitem__)
        if filters.max_moq is not None:
            moqs, positions = self._moq_order.get(cat, ([], []))
            end = bisect.bisect_right(moqs, filters.max_moq)
            if end < len(best) and end <= SORT_LIMIT:
                best = sorted(positions[:end], key=self._rank.__getitem__)
        # a larger narrowed list is not sorted per query: so many pass that reading `best`
        # through the filter finds them at once
        return best

    def _read_list(
        self,
        positions: list[int],
        accept: _Accept | None,
        cap: int,
        scan: int = SCAN_PER_LIST,
    ) -> list[int]:
        """Returns up to `cap` accepted suppliers from the head of a list in static order."""
        if accept is None:
            return positions[:cap]
        out: list[int] = []
        for scanned, position in enumerate(positions):
            if scanned >= scan or len(out) >= cap:
                break
            if accept(position):
                out.append(position)
        return out

    def _rank_hits(
        self, scored: list[tuple[float, int]], need: Need | None, context: _Context, limit: int
    ) -> list[Hit]:
        """Returns the best `limit` hits: relevance plus fit to the need, ties by static rank."""
        # Fit moves a score by a bounded amount, so only the best by relevance can win.
        rank = self._rank
        pool = heapq.nlargest(
            max(FIT_POOL, 4 * limit), scored, key=lambda item: (item[0], -rank[item[1]])
        )
        fitted = []
        for relevance, position in pool:
            bonus = _fit(self._suppliers[position], need, None)
            # Relevance leads; fit to the need moves a hit by at most about +/-25 points.
            score = min(100.0, max(0.0, RELEVANCE_SHARE * relevance + bonus))
            fitted.append((score, position))
        fitted.sort(key=lambda item: (-item[0], rank[item[1]]))
        hits: list[Hit] = []
        for score, position in fitted[:limit]:
            supplier = self._suppliers[position]
            reasons: list[str] = []
            matched = context.reason(position)
            if matched:
                reasons.append(matched)
            _fit(supplier, need, reasons)
            hits.append(
                Hit(
                    supplier=supplier,
                    score=round(score, 1),
                    reasons=tuple(reasons),
                )
            )
        return hits


class _Gate:
    """The hard filters, each supplier checked once; keeps the first rejected for near misses.
    Checks what `passes` checks, on the index's normalised places (no folding per supplier:
    a filtered query may check thousands)."""

    __slots__ = (
        "_country",
        "_max_moq",
        "_places",
        "_regions",
        "_small",
        "_suppliers",
        "_verdicts",
        "rejected",
    )

    def __init__(self, index: SearchIndex, filters: SearchFilters) -> None:
        self._suppliers = index._suppliers
        self._places = index._places
        self._country = None if filters.country is None else (_country(filters.country),)
        self._regions = None if filters.region is None else _regions(filters.region)
        self._max_moq = filters.max_moq
        self._small = filters.small_series_only
        self._verdicts: dict[int, bool] = {}
        self.rejected: list[int] = []

    def check(self, position: int) -> bool:
        """Returns whether the supplier at `position` passes the filters."""
        verdict = self._verdicts.get(position)
        if verdict is None:
            verdict = self._passes(position)
            self._verdicts[position] = verdict
            if not verdict and len(self.rejected) < NEAR_MISS_POOL:
                self.rejected.append(position)
        return verdict

    def _passes(self, position: int) -> bool:
        country, region = self._places[position]
        if self._country is not None and country != self._country[0]:
            return False
        if self._regions is not None and region not in self._regions:
            return False
        supplier = self._suppliers[position]
        if self._max_moq is not None and (supplier.moq is None or supplier.moq > self._max_moq):
            return False
        return not (self._small and supplier.small_series is not True)


@dataclass(slots=True)
class _Scorer:
    """What one query matched, and the text relevance (0-100) of a supplier to it."""

    index: SearchIndex
    words: Sequence[_QueryWord]
    matches: Sequence[Mapping[int, float]]
    cat_scores: dict[int, float]
    best_phrase: dict[int, tuple[int, frozenset[int]]]
    wanted: set[int]  # categories of the need: they fit whatever the words
    cat_words: dict[int, list[float]]  # category -> how well it explains each query word
    term_hits: dict[int, list[tuple[int, float]]]  # vocabulary word -> (query word, similarity)
    total: float
    # per query word, the part of `total` a supplier that does not explain it is spared
    spare: tuple[float, ...]
    # suppliers with the same categories and matched words score alike: cached by them
    seen: dict[tuple[tuple[int, ...], tuple[int, ...]], float] = field(default_factory=dict)

    def via_category(self, cat: int) -> float:
        """Returns the relevance a supplier reaches through this category alone."""
        weights = [qw.weight for qw in self.words]
        explained = sum(map(operator.mul, weights, self.cat_words.get(cat, ())))
        text_score = min(100.0, 100.0 * explained / self.total) if self.total else 0.0
        return 0.65 * max(self.cat_scores.get(cat, 0.0), text_score) + 0.35 * text_score

    def relevance(self, position: int) -> float:
        """Returns the supplier's text relevance: its best category and its own words."""
        index = self.index
        cats = index._supplier_categories[position]
        term_hits = self.term_hits
        own = tuple(c for c in index._words_at(position) if c >> 1 in term_hits)
        key = (cats, own)
        cached = self.seen.get(key)
        if cached is not None:
            return cached
        no_words = [0.0] * len(self.words)
        best = list(self.cat_words.get(cats[0], no_words)) if cats else no_words
        for cat in cats[1:]:
            for i, value in enumerate(self.cat_words.get(cat, no_words)):
                if value > best[i]:
                    best[i] = value
        for code in own:
            field_weight = W_KEYWORD if code & 1 else W_NAME
            for i, similarity in term_hits[code >> 1]:
                value = similarity * field_weight
                if value > best[i]:
                    best[i] = value
        score = self._combine(cats, best)
        self.seen[key] = score
        return score

    def _combine(self, cats: tuple[int, ...], best: list[float]) -> float:
        """Returns the relevance from each query word's best explanation."""
        words = self.words
        explained = sum(qw.weight * value for qw, value in zip(words, best, strict=True))
        # a qualifier the supplier does not explain ("quality", "private label") says how the
        # product is wanted, not what: it must not sink a supplier of exactly that product
        spared = sum(s for s, value in zip(self.spare, best, strict=True) if not value)
        total = self.total - spared
        text_score = min(100.0, 100.0 * explained / total) if total > 0.0 else 0.0
        cat_score = max((self.cat_scores.get(cat, 0.0) for cat in cats), default=0.0)
        score = 0.65 * max(cat_score, text_score) + 0.35 * text_score
        heads = [i for i, qw in enumerate(words) if not qw.modifier and not qw.optional]
        if heads and not any(best[i] for i in heads) and not self.wanted.intersection(cats):
            # only qualifiers matched ("custom bicycles" -> custom packaging): no fit
            score = min(score, RELEVANCE_THRESHOLD - 1.0)
        return score


@dataclass(frozen=True, slots=True)
class _Context:
    """What a query matched, kept to explain each hit."""

    words: Sequence[_QueryWord]
    matches: Sequence[Mapping[int, float]]
    cat_scores: dict[int, float]
    best_phrase: dict[int, tuple[int, frozenset[int]]]
    named: set[int]
    index: SearchIndex

    def reason(self, position: int) -> str | None:
        """Returns "matched 'X' ≈ 'Y'" for the supplier's best-matching category or keyword."""
        index = self.index
        if position in self.named:
            return f"matched the name {_quote([index._suppliers[position].name])}"
        cats = index._supplier_categories[position]
        best_cat = max(cats, key=lambda c: self.cat_scores.get(c, 0.0), default=None)
        if best_cat is not None and best_cat in self.best_phrase:
            p, used = self.best_phrase[best_cat]
            return self._matched(index._phrases[p].display, used)
        supplier = index._suppliers[position]
        matched_terms = [set(found) for found in self.matches]
        best_text, best_used, best_count = None, frozenset[int](), 0
        for text in (*supplier.keywords, supplier.name):
            terms = {index._term_ids.get(w) for w in content_words(text)}
            used = frozenset(i for i, found in enumerate(matched_terms) if found & terms)
            if len(used) > best_count:
                best_text, best_used, best_count = text, used, len(used)
        if best_text is None:
            return None
        return self._matched(best_text, best_used)

    def _matched(self, display: str, used: frozenset[int]) -> str:
        """Returns the reason text, showing the founder's words when they differ."""
        raws: list[str] = []
        for i in sorted(used):
            raw = self.words[i].raw.strip(".,;:!?()[]\"'")
            if raw not in raws:
                raws.append(raw)
        said = " ".join(raws)
        if not said or fold(said).split() == fold(display).split():
            return f"matched {_quote([display])}"
        return f"matched {_quote([display])} ≈ {_quote([said])}"


def _with_head(
    words: Sequence[_QueryWord],
    matches: Sequence[Mapping[int, float]],
    products: set[int],
    *,
    qualify: bool,
) -> list[_QueryWord]:
    """Returns the query words with the head noun marked: the last word naming a product, not
    a modifier nor after "for" ("jar" in "candle jars"). To `qualify`, the product words
    written just before it (its compound: "candle") count less: what is sought is the head.
    (A category guess from a longer text does not qualify: its words may be a list or in
    another word order.)"""
    named = [
        i
        for i, (qw, found) in enumerate(zip(words, matches, strict=True))
        if not qw.modifier and not qw.optional and not products.isdisjoint(found)
    ]
    full = [i for i in named if words[i].weight >= 1.0]
    if len(named) < 2 or not full:
        return list(words)
    head = full[-1]
    out = list(words)
    out[head] = dataclasses.replace(words[head], head=True)
    for k in range(head - 1, -1, -1) if qualify else ():
        if words[k].at < words[k + 1].at - 1:
            break  # a word between ("bags of granola"): not one compound
        if k in named:
            out[k] = dataclasses.replace(words[k], weight=words[k].weight * QUALIFYING_SHARE)
    return out


class _Roles:
    """How well each category explains each query word, in the word's role and in any role.

    A word a category's phrase uses as a modifier of something else ("candle" in "candle
    labels"; the query's head "label" in "private label candles") is explained by it less,
    when another category names that word as what it is ("candle": candles)."""

    __slots__ = ("_any", "_proper")

    def __init__(self, count: int) -> None:
        self._proper: list[dict[int, float]] = [{} for _ in range(count)]
        self._any: list[dict[int, float]] = [{} for _ in range(count)]

    def add(
        self,
        i: int,
        phrase: _Phrase,
        per_word: Sequence[float],
        covered: Sequence[float],
        query_head: bool,
        best: float,
    ) -> None:
        """Records how a phrase explains query word `i` (its similarity to each phrase word
        and the best of them; the phrase's coverage by the whole query; whether the word is
        the query's head)."""
        if phrase.head is None:
            proper = best
        elif not covered[phrase.head]:
            proper = 0.0  # the phrase names something the query does not ask for
        elif query_head:
            proper = per_word[phrase.head]
        else:
            proper = best
        cat = phrase.category
        if proper > self._proper[i].get(cat, 0.0):
            self._proper[i][cat] = proper
        if best > self._any[i].get(cat, 0.0):
            self._any[i][cat] = best

    def word_best(self) -> list[dict[int, float]]:
        """Returns, per query word, category -> how well the category explains it (0-1)."""
        out: list[dict[int, float]] = []
        for proper, loose in zip(self._proper, self._any, strict=True):
            named = max(proper.values(), default=0.0) >= HEAD_NAMED
            share = OFF_HEAD_SHARE if named else 1.0
            out.append(
                {cat: max(proper.get(cat, 0.0), share * value) for cat, value in loose.items()}
            )
        return out


def _total(
    words: Sequence[_QueryWord], matches: Sequence[Mapping[int, float]], products: set[int]
) -> float:
    """Returns the weight a full explanation of the query reaches: a word that names no product
    (it matches nothing, or only a company name: "oem") counts less."""
    total = 0.0
    for qw, found in zip(words, matches, strict=True):
        if not products.isdisjoint(found):
            total += qw.weight
        elif not qw.optional:
            total += UNMATCHED_SHARE * qw.weight
    return total


def _spare(
    words: Sequence[_QueryWord], matches: Sequence[Mapping[int, float]], products: set[int]
) -> tuple[float, ...]:
    """Returns, per query word, how much less of `_total` a supplier that does not explain it
    needs: a qualifier counted in full (it names a product word somewhere) counts as an
    unmatched word for that supplier."""
    return tuple(
        (1.0 - UNMATCHED_SHARE) * qw.weight
        if qw.modifier and not qw.optional and not products.isdisjoint(found)
        else 0.0
        for qw, found in zip(words, matches, strict=True)
    )


def _fit(supplier: Supplier, need: Need | None, reasons: list[str] | None) -> float:
    """Returns the fit bonus in points for a need; appends the reasons when a list is given."""
    out: list[str] = reasons if reasons is not None else []
    quantity = need.quantity if need is not None and need.quantity else None
    bonus = 0.0
    if supplier.small_series is True:
        bonus += 4.0
        out.append("small series")
    bonus += _moq_fit(supplier, need, quantity, out)
    bonus += _price_fit(supplier, need, quantity, out)
    bonus += _place_fit(supplier, need, out)
    bonus += _lead_time_fit(supplier, need, out)
    bonus += _certification_fit(supplier, need, out)
    bonus += _STATUS_POINTS[supplier.status]
    out.append(f"status: {supplier.status.value}")
    return bonus


def _moq_fit(supplier: Supplier, need: Need | None, quantity: int | None, out: list[str]) -> float:
    """Returns MOQ points: a minimum within the need helps, one beyond it hurts (log scale)."""
    if supplier.moq is None:
        if quantity is not None:
            out.append("MOQ not stated")
        return 0.0
    if quantity is None:
        out.append(f"MOQ {supplier.moq:,}")
        return 0.0
    upper = need.quantity_max if need is not None and need.quantity_max else None
    if supplier.moq <= quantity:
        out.append(f"MOQ {supplier.moq:,} ≤ your {quantity:,}")
        return 8.0
    if upper is not None and supplier.moq <= upper:
        # within the top of the founder's range ("300-500")
        out.append(f"MOQ {supplier.moq:,} ≤ your {upper:,}")
        return 5.0
    # MOQ beyond the wanted quantity: worse the further beyond (log scale).
    out.append(f"MOQ {supplier.moq:,} > your {quantity:,}")
    return -(5.0 + 10.0 * min(1.0, math.log10(supplier.moq / quantity)))


def _price_fit(
    supplier: Supplier, need: Need | None, quantity: int | None, out: list[str]
) -> float:
    """Returns budget points from the supplier's own tiers at the need, naming the estimate."""
    if quantity is None or not supplier.price_tiers:
        return 0.0
    estimate = estimate_unit_price(supplier, quantity)
    if estimate is None:
        first = min(supplier.price_tiers, key=lambda t: t.min_qty)
        out.append(f"prices from {first.min_qty:,} units")
        return 0.0
    out.append(f"~{format_money(estimate, supplier.currency, 2)}/unit at {quantity:,}")
    return _budget_fit(supplier, need, estimate, quantity, out)


def _place_fit(supplier: Supplier, need: Need | None, out: list[str]) -> float:
    """Returns points for a supplier in the founder's country (more) or region (less)."""
    if not supplier.country:
        return 0.0
    out.append(f"ships from {supplier.country}")
    if need is not None and _country(need.country) == _country(supplier.country):
        return 4.0
    if need is not None and need.region and _region(need.region) == _region(supplier.region):
        return 2.0
    return 0.0


def _lead_time_fit(supplier: Supplier, need: Need | None, out: list[str]) -> float:
    """Returns lead-time points: quick helps, past the founder's deadline hurts."""
    days = supplier.lead_time_days
    if days is None:
        return 0.0
    deadline = need.deadline_days if need is not None else None
    if deadline is not None and days > deadline:
        out.append(f"lead time {days} days > your {deadline}")
        return -8.0
    out.append(f"lead time {days} days")
    return 2.0 if days <= 14 else 1.0 if days <= 30 else 0.0


def _certification_fit(supplier: Supplier, need: Need | None, out: list[str]) -> float:
    """Returns points for each certification the founder asked for that the supplier names."""
    if need is None or not need.certifications:
        return 0.0
    held = {fold(c).strip() for c in (*supplier.certifications, *supplier.keywords)}
    points = 0.0
    for wanted in need.certifications:
        if fold(wanted).strip() in held:
            points += 3.0
            out.append(f"{wanted} ✓")
    return points


def _budget_fit(
    supplier: Supplier, need: Need | None, estimate: Decimal, quantity: int, reasons: list[str]
) -> float:
    """Returns budget and target-price points for an estimated order, adding their reasons."""
    if need is None:
        return 0.0
    same_currency = (
        need.currency is None
        or supplier.currency is None
        or (need.currency.upper() == supplier.currency.upper())
    )
    if not same_currency:
        return 0.0
    points = 0.0
    if need.budget is not None:
        cost = estimate * quantity + (supplier.setup_fee or Decimal(0))
        currency = supplier.currency or need.currency
        if cost <= need.budget:
            points += 5.0
            reasons.append(f"~{format_money(cost, currency)} an order, within budget")
        else:
            points -= 8.0
            limit = format_money(need.budget, currency)
            reasons.append(f"~{format_money(cost, currency)} an order > budget {limit}")
    if need.target_unit_price is not None:
        points += 4.0 if estimate <= need.target_unit_price else -4.0
    return points


__all__ = [
    "MAX_QUERY_CHARS",
    "SearchIndex",
    "check_query",
    "estimate_unit_price",
    "passes",
]
