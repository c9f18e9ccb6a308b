"""Matching: normalisation, typo/synonym tolerance, filters, fit ranking, reasons, bad input."""

from __future__ import annotations

import dataclasses
import random
import zlib
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.search.matching import MAX_QUERY_CHARS, SearchIndex, check_query, estimate_unit_price
from bot.core.types import (
    Category,
    Hit,
    InputError,
    Need,
    Period,
    PriceTier,
    SearchFilters,
    Status,
    Supplier,
    Taxonomy,
)
from bot.core.understanding.normalise import content_words, normalise, strip_controls

TAXONOMY = Taxonomy(
    (
        Category("packaging-mailers", "Mailer boxes", "packaging", ("mailer box", "shipping box")),
        Category("packaging-boxes", "Custom printed boxes", "packaging", ("box", "carton")),
        Category("labels", "Product labels", "labels", ("label", "Etiketten", "étiquettes")),
        Category("bottles-jars", "Bottles and jars", "packaging", ("dropper bottle", "flask")),
        Category("candles", "Candles", "home", ("candle", "soy candles", "bougies")),
        Category("apparel-decoration", "Printing on clothing", "apparel", ("tee", "t-shirt")),
    )
)


def supplier(name: str, *categories: str, **fields: Any) -> Supplier:
    """Returns a supplier with an id derived from its name."""
    return Supplier(name=name, categories=categories, id=zlib.crc32(name.encode()), **fields)


SMALL_KB = [
    supplier("Boxly", "packaging-mailers", country="DE", region="Europe", moq=50,
             small_series=True, lead_time_days=10, currency="EUR",
             price_tiers=(PriceTier(50, Decimal("2.40")), PriceTier(250, Decimal("1.80")))),
    supplier("Megabox Factory", "packaging-mailers", country="CN", region="Asia", moq=5000,
             small_series=False, currency="USD", price_tiers=(PriceTier(5000, Decimal("0.40")),)),
    supplier("Cartonnerie", "packaging-boxes", country="FR", region="Europe", moq=300,
             small_series=True),
    supplier("Mystery Mailers", "packaging-mailers", country=None, region=None),
    supplier("Label Loft", "labels", country="GB", region="UK", moq=100, small_series=True,
             keywords=("roll labels", "waterproof")),
    supplier("Dropper Depot", "bottles-jars", country="US", region="North America", moq=200,
             keywords=("amber glass",), status=Status.VERIFIED),
    supplier("Wick & Wax", "candles", country="PL", region="Europe", moq=24, small_series=True),
    supplier("Tee Town", "apparel-decoration", country="US", region="North America", moq=1,
             small_series=True),
]  # fmt: skip


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.build(SMALL_KB, TAXONOMY)


def names(result_hits: Iterable[Hit]) -> list[str]:
    return [h.supplier.name for h in result_hits]


# --------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mailer BOXES", "mailer box"),
        ("pouches", "pouch"),
        ("30ml bottles", "30 ml bottle"),
        ("Étiquettes für Gläser", "etiquette fur glaser"),
        ("supplies", "supply"),
        ("t-shirts!", "t shirt"),
        ("printed", "print"),
    ],
    ids=["case-plural", "ches", "units", "accents", "ies", "punctuation", "stem"],
)
def test_normalise_folds_case_accents_plurals_units_and_punctuation(
    text: str, expected: str
) -> None:
    assert normalise(text) == expected


def test_content_words_drop_stopwords_and_lone_letters() -> None:
    assert content_words("we need some boxes for our brand") == ["box", "brand"]


def test_control_characters_inside_a_word_are_dropped_and_tabs_become_spaces() -> None:
    assert strip_controls("mail\x07er\tbox\u200b") == "mailer box"


# --------------------------------------------------------------------------------------------
# Finding the right suppliers
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("custm printd mailer boxs", "Boxly"),
        ("shiping boxes", "Boxly"),
        ("30ml dropper bottles", "Dropper Depot"),
        ("amber glass flasks", "Dropper Depot"),
        ("etiketten für gläser", "Label Loft"),
        ("waterproof roll lables", "Label Loft"),
        ("soy candels", "Wick & Wax"),
        ("bougies", "Wick & Wax"),
        ("tees with our logo", "Tee Town"),
        ("tshirts", "Tee Town"),
        ("wick and wax", "Wick & Wax"),
    ],
)
def test_typos_synonyms_plurals_and_other_languages_find_the_supplier(
    index: SearchIndex, query: str, expected: str
) -> None:
    result = index.search(query)
    assert not result.nothing_fits
    assert expected in names(result.hits[:2])


def test_scores_are_0_to_100_best_first_and_each_hit_says_why(index: SearchIndex) -> None:
    result = index.search("mailer boxes", limit=10)
    scores = [h.score for h in result.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert all(h.reasons and h.reasons[0].startswith("matched ") for h in result.hits)


def test_the_reason_shows_the_founders_own_spelling(index: SearchIndex) -> None:
    hit = index.search("mailr boxs").hits[0]
    assert hit.reasons[0] == "matched 'Mailer boxes' ≈ 'mailr boxs'"


def test_an_unrelated_query_is_an_honest_nothing_fits_with_near_misses(
    index: SearchIndex,
) -> None:
    result = index.search("custom bicycles")
    assert result.nothing_fits
    assert result.hits == ()
    assert index.search("quantum flux capacitor").nothing_fits


def test_a_query_of_only_stopwords_fits_nothing_without_error(index: SearchIndex) -> None:
    result = index.search("we need some for our")
    assert result.nothing_fits
    assert result.hits == ()


def test_the_same_query_gives_the_same_answer(index: SearchIndex) -> None:
    assert index.search("boxes", limit=8) == index.search("boxes", limit=8)


def test_limit_caps_the_number_of_hits(index: SearchIndex) -> None:
    assert len(index.search("box", limit=2).hits) == 2
    assert len(index.search("box", limit=1).hits) == 1


def test_categories_for_names_the_categories_a_phrase_fits(index: SearchIndex) -> None:
    found = index.categories_for("shipping box")
    assert found[0][0].id == "packaging-mailers"
    assert [c.id for c, _ in index.categories_for("box")][:1] == ["packaging-boxes"]
    assert index.categories_for("quantum flux capacitor") == []
    assert index.categories_for("") == []
    assert all(0 <= score <= 100 for _, score in found)


def test_get_len_and_suppliers_expose_the_knowledge_base(index: SearchIndex) -> None:
    assert len(index) == len(SMALL_KB)
    assert list(index.suppliers) == SMALL_KB
    first = SMALL_KB[0]
    assert first.id is not None
    assert index.get(first.id) == first
    assert index.get(-1) is None


def test_an_empty_knowledge_base_fits_nothing() -> None:
    empty = SearchIndex.build([], TAXONOMY)
    assert empty.search("mailer boxes").nothing_fits
    assert len(empty) == 0


def test_a_category_missing_from_the_taxonomy_still_searches_by_its_words() -> None:
    index = SearchIndex.build([supplier("Clay Co", "ceramic-mugs")], TAXONOMY)
    assert names(index.search("ceramic mugs").hits) == ["Clay Co"]


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    ["", "   ", "!!!", "\x00\x07", "x" * 10_000, "a" * (MAX_QUERY_CHARS + 1)],
    ids=["empty", "blank", "punctuation", "controls", "10k", "one-over"],
)
def test_unusable_queries_raise_input_error_naming_the_query(
    index: SearchIndex, query: str
) -> None:
    with pytest.raises(InputError) as raised:
        index.search(query)
    assert raised.value.field == "query"
    with pytest.raises(InputError):
        check_query(query)


@pytest.mark.parametrize("limit", [0, -1])
def test_a_limit_below_one_raises_input_error(index: SearchIndex, limit: int) -> None:
    with pytest.raises(InputError) as raised:
        index.search("boxes", limit=limit)
    assert raised.value.field == "limit"


def test_control_characters_in_a_query_are_stripped_not_fatal(index: SearchIndex) -> None:
    result = index.search("mail\x1ber\x07 boxes\n")
    assert result.query == "mailer boxes"
    assert names(result.hits)[0] == "Boxly"


# --------------------------------------------------------------------------------------------
# Filters hold exactly
# --------------------------------------------------------------------------------------------


def random_kb(seed: int, count: int) -> list[Supplier]:
    """Returns a seeded random knowledge base over the test taxonomy."""
    rng = random.Random(seed)
    countries = [("DE", "Europe"), ("FR", "Europe"), ("US", "North America"), ("CN", "Asia"),
                 (None, None)]  # fmt: skip
    out = []
    for n in range(count):
        country, region = rng.choice(countries)
        cats = rng.sample([c.id for c in TAXONOMY.categories], k=rng.randint(1, 2))
        out.append(
            Supplier(
                name=f"Vendor {n}",
                categories=tuple(cats),
                id=n + 1,
                country=country,
                region=region,
                moq=rng.choice([None, 1, 50, 100, 300, 1000, 5000]),
                small_series=rng.choice([True, False, None]),
            )
        )
    return out


RANDOM_INDEX = SearchIndex.build(random_kb(3, 600), TAXONOMY)


@settings(max_examples=60, deadline=None)
@given(
    query=st.sampled_from(["mailer boxes", "labels", "dropper bottle", "candle", "tees", "box"]),
    max_moq=st.one_of(st.none(), st.sampled_from([0, 1, 50, 100, 299, 300, 1000])),
    country=st.one_of(st.none(), st.sampled_from(["DE", "de", "US", "CN", "JP"])),
    region=st.one_of(st.none(), st.sampled_from(["Europe", "europe", "EU", "Asia", "Mars"])),
    small=st.booleans(),
)
def test_no_result_ever_breaks_a_filter(
    query: str, max_moq: int | None, country: str | None, region: str | None, small: bool
) -> None:
    filters = SearchFilters(max_moq=max_moq, country=country, region=region,
                            small_series_only=small)  # fmt: skip
    result = RANDOM_INDEX.search(query, filters, limit=20)
    for hit in result.hits:
        s = hit.supplier
        if max_moq is not None:
            assert s.moq is not None
            assert s.moq <= max_moq
        if country is not None:
            assert s.country == country.upper()
        if region is not None:
            assert s.region is not None
            accepted = {"eu": {"europe"}, "europe": {"europe", "uk"}}
            assert s.region.casefold() in accepted.get(region.casefold(), {region.casefold()})
        if small:
            assert s.small_series is True


def test_filters_return_every_matching_supplier_when_few_pass() -> None:
    kb = random_kb(5, 400)
    index = SearchIndex.build(kb, TAXONOMY)
    filters = SearchFilters(max_moq=50, country="DE", small_series_only=True)
    expected = {
        s.name
        for s in kb
        if "candles" in s.categories and s.moq is not None and s.moq <= 50
        and s.country == "DE" and s.small_series is True
    }  # fmt: skip
    assert expected, "the seeded base should hold some"
    found = set(names(index.search("candles", filters, limit=100).hits))
    assert expected <= found


def test_unknown_moq_is_left_out_under_a_max_moq(index: SearchIndex) -> None:
    result = index.search("mailer boxes", SearchFilters(max_moq=10_000), limit=10)
    assert "Mystery Mailers" not in names(result.hits)
    assert "Mystery Mailers" in names(index.search("mailer boxes", limit=10).hits)


def test_a_europe_filter_takes_uk_suppliers_and_an_eu_filter_does_not() -> None:
    kb = [supplier("Leeds Labels", "labels", region="UK"),
          supplier("Lyon Labels", "labels", region="Europe")]  # fmt: skip
    index = SearchIndex.build(kb, TAXONOMY)
    found = names(index.search("labels", SearchFilters(region="europe")).hits)
    assert set(found) == {"Leeds Labels", "Lyon Labels"}
    assert names(index.search("labels", SearchFilters(region="EU")).hits) == ["Lyon Labels"]


def test_uk_and_gb_are_the_same_country() -> None:
    index = SearchIndex.build([supplier("Leeds Labels", "labels", country="UK")], TAXONOMY)
    assert names(index.search("labels", SearchFilters(country="GB")).hits) == ["Leeds Labels"]


def test_everything_filtered_out_fits_nothing_and_offers_near_misses(index: SearchIndex) -> None:
    result = index.search("mailer boxes", SearchFilters(country="JP"))
    assert result.nothing_fits
    assert result.hits == ()
    assert "Boxly" in names(result.near_misses)


# --------------------------------------------------------------------------------------------
# Fit to the need
# --------------------------------------------------------------------------------------------


def test_moq_within_the_wanted_quantity_ranks_above_moq_beyond_it(index: SearchIndex) -> None:
    need = Need(quantity=300, period=Period.MONTH)
    hits = index.search("mailer boxes", need=need, limit=5).hits
    order = names(hits)
    assert order.index("Boxly") < order.index("Megabox Factory")
    boxly = hits[order.index("Boxly")]
    megabox = hits[order.index("Megabox Factory")]
    assert "MOQ 50 ≤ your 300" in boxly.reasons
    assert "MOQ 5,000 > your 300" in megabox.reasons


def test_fit_reasons_give_unit_price_country_and_lead_time(index: SearchIndex) -> None:
    hit = index.search("mailer boxes", need=Need(quantity=300)).hits[0]
    assert hit.supplier.name == "Boxly"
    assert "~€1.80/unit at 300" in hit.reasons
    assert "ships from DE" in hit.reasons
    assert "lead time 10 days" in hit.reasons
    assert "small series" in hit.reasons
    assert hit.reasons[-1] == "status: listed"
    assert " · " in hit.why


def test_an_order_over_budget_ranks_below_one_within_it() -> None:
    kb = [
        supplier("Dear Boxes", "packaging-mailers", moq=100, currency="EUR",
                 price_tiers=(PriceTier(100, Decimal("9.00")),)),
        supplier("Fair Boxes", "packaging-mailers", moq=100, currency="EUR",
                 price_tiers=(PriceTier(100, Decimal("2.00")),)),
    ]  # fmt: skip
    index = SearchIndex.build(kb, TAXONOMY)
    need = Need(quantity=300, budget=Decimal(1000), currency="EUR")
    hits = index.search("mailer box", need=need).hits
    assert names(hits) == ["Fair Boxes", "Dear Boxes"]
    assert "~€600 an order, within budget" in hits[0].reasons
    assert "~€2,700 an order > budget €1,000" in hits[1].reasons


def test_a_lead_time_past_the_deadline_ranks_lower() -> None:
    kb = [
        supplier("Slow Boxes", "packaging-mailers", lead_time_days=60),
        supplier("Quick Boxes", "packaging-mailers", lead_time_days=7),
    ]
    index = SearchIndex.build(kb, TAXONOMY)
    hits = index.search("mailer box", need=Need(quantity=100, deadline_days=21)).hits
    assert names(hits) == ["Quick Boxes", "Slow Boxes"]
    assert "lead time 60 days > your 21" in hits[1].reasons


def test_suppliers_in_the_needs_categories_are_found_even_for_vague_words(
    index: SearchIndex,
) -> None:
    need = Need(product="the usual", categories=("candles",))
    assert names(index.search("the usual things", need=need).hits)[:1] == ["Wick & Wax"]


@pytest.mark.parametrize(
    ("quantity", "expected"),
    [(1, None), (49, None), (50, Decimal("2.40")), (249, Decimal("2.40")),
     (250, Decimal("1.80")), (10_000, Decimal("1.80"))],
)  # fmt: skip
def test_estimate_unit_price_takes_the_all_units_tier_reached(
    quantity: int, expected: Decimal | None
) -> None:
    assert estimate_unit_price(SMALL_KB[0], quantity) == expected


def test_estimate_unit_price_is_none_without_tiers() -> None:
    assert estimate_unit_price(SMALL_KB[2], 500) is None


def test_moq_within_the_top_of_the_founders_range_still_fits() -> None:
    kb = [supplier("Range Boxes", "packaging-mailers", moq=400),
          supplier("Huge Boxes", "packaging-mailers", moq=4000)]  # fmt: skip
    index = SearchIndex.build(kb, TAXONOMY)
    hits = index.search("mailer box", need=Need(quantity=300, quantity_max=500)).hits
    assert names(hits) == ["Range Boxes", "Huge Boxes"]
    assert "MOQ 400 ≤ your 500" in hits[0].reasons
    assert "MOQ 4,000 > your 300" in hits[1].reasons


def test_a_wanted_certification_the_supplier_states_ranks_it_higher() -> None:
    kb = [supplier("Plain Boxes", "packaging-mailers"),
          supplier("Forest Boxes", "packaging-mailers", certifications=("FSC",))]  # fmt: skip
    index = SearchIndex.build(kb, TAXONOMY)
    hits = index.search("mailer box", need=Need(certifications=("fsc",))).hits
    assert names(hits) == ["Forest Boxes", "Plain Boxes"]
    assert "fsc ✓" in hits[0].reasons


def test_a_selective_filter_finds_suppliers_deep_in_a_large_category() -> None:
    crowd = [
        Supplier(name=f"Crowd {n}", categories=("candles",), id=n, country="CN",
                 region="Asia", moq=5000, small_series=True, status=Status.VERIFIED)
        for n in range(1, 8001)
    ]  # fmt: skip
    rare = [
        Supplier(name=f"Rare {n}", categories=("candles",), id=10_000 + n, country="SE",
                 region="Europe", moq=10 * n, small_series=False)
        for n in range(1, 4)
    ]  # fmt: skip
    index = SearchIndex.build(crowd + rare, TAXONOMY)
    by_country = names(index.search("candles", SearchFilters(country="SE"), limit=10).hits)
    assert sorted(by_country) == ["Rare 1", "Rare 2", "Rare 3"]
    by_moq = names(index.search("candles", SearchFilters(max_moq=20), limit=10).hits)
    assert sorted(by_moq) == ["Rare 1", "Rare 2"]
    by_region = names(index.search("candles", SearchFilters(region="Europe"), limit=10).hits)
    assert sorted(by_region) == ["Rare 1", "Rare 2", "Rare 3"]


# --------------------------------------------------------------------------------------------
# Relevance away from the taxonomy's own words
# --------------------------------------------------------------------------------------------

AWAY_KB = [
    supplier("Praha Laser", "laser-cutting", country="CZ", region="Europe",
             keywords=("laser cutting", "engraving")),
    supplier("Lyon Laser", "laser-cutting", country="FR", region="Europe",
             keywords=("laser cutting",)),
    supplier("Suds Co", "soap", keywords=("soap", "cbd soap", "bath bombs")),
    supplier("Colombo Hosiery Mills", "sock-mill", country="LK", keywords=("hosiery",)),
    supplier("OEM Parts Ltd", "machining", keywords=("cnc",)),
    supplier("Home Linen", "home-textiles", keywords=("bedding", "towels")),
]  # fmt: skip


@pytest.fixture(scope="module")
def away() -> SearchIndex:
    return SearchIndex.build(AWAY_KB, TAXONOMY)


def test_a_country_tail_is_where_not_what_and_ranks_suppliers_there_first(
    away: SearchIndex,
) -> None:
    result = away.search("high quality laser cutting in czech republic")
    assert not result.nothing_fits
    assert names(result.hits)[:2] == ["Praha Laser", "Lyon Laser"]
    assert names(away.search("towels from sri lanka").hits) == ["Home Linen"]


def test_a_country_that_is_not_a_place_word_still_counts() -> None:
    kb = [supplier("Bone China Studio", "ceramics", keywords=("bone china", "mugs"))]
    index = SearchIndex.build(kb, TAXONOMY)
    assert names(index.search("china mugs").hits) == ["Bone China Studio"]


def test_a_three_letter_typo_still_finds_its_word(away: SearchIndex) -> None:
    assert names(away.search("cheap soa cbd").hits)[:1] == ["Suds Co"]


def test_a_typo_that_defeats_stemming_is_matched_as_typed(away: SearchIndex) -> None:
    assert names(away.search("beddinng").hits) == ["Home Linen"]


def test_a_word_only_a_company_name_holds_does_not_sink_the_product(away: SearchIndex) -> None:
    # "oem" is a qualifier and also the name of an unrelated supplier
    assert names(away.search("oem hosiery").hits)[:1] == ["Colombo Hosiery Mills"]
    assert names(away.search("private label hosiery").hits)[:1] == ["Colombo Hosiery Mills"]


def test_qualifiers_alone_still_fit_nothing(away: SearchIndex) -> None:
    assert away.search("custom bicycles").nothing_fits
    assert away.search("cheap oem zeppelins").nothing_fits
    assert away.search("quality zeppelins").nothing_fits


def test_a_qualifier_no_supplier_explains_does_not_sink_a_product_with_a_typo(
    away: SearchIndex,
) -> None:
    # "private label" says how the towels are wanted; with a slip in "towels" the supplier of
    # towels still fits (it used to fall under the threshold: "nothing fits")
    assert names(away.search("private label tovels").hits)[:1] == ["Home Linen"]
    assert names(away.search("custom towls").hits)[:1] == ["Home Linen"]


@pytest.mark.parametrize("query", ["saop", "sosp"], ids=["swapped", "replaced"])
def test_one_slip_in_a_four_letter_word_still_finds_it(away: SearchIndex, query: str) -> None:
    assert names(away.search(query).hits)[:1] == ["Suds Co"]


def test_a_slip_match_is_for_searching_not_for_naming_a_category(away: SearchIndex) -> None:
    # reading a founder's product, a word one letter off a category word is no category
    assert away.categories_for("saop") == []
    assert away.search("yoga").nothing_fits


def test_remembered_word_matches_follow_a_new_word_in_the_vocabulary() -> None:
    index = SearchIndex.build([supplier("Suds Co", "soap")], TAXONOMY)
    assert index.search("zorblax").nothing_fits
    index.upsert(supplier("Zorblax Works", "soap", keywords=("zorblax",)))
    assert names(index.search("zorblax").hits)[:1] == ["Zorblax Works"]


def test_remembered_categories_follow_the_index_as_it_changes() -> None:
    # categories are remembered per text; a supplier's new keyword is a product word then, and
    # the same text must score as a freshly built index scores it
    suds = supplier("Suds Co", "soap")
    index = SearchIndex.build([suds], TAXONOMY)
    queries = ["zorblax candles", "soy candles", "zorblax"]
    before = [index.categories_for(q) for q in queries]
    index.upsert(supplier("Zorblax Works", "soap", keywords=("zorblax",)))
    fresh = SearchIndex.build(
        [suds, supplier("Zorblax Works", "soap", keywords=("zorblax",))], TAXONOMY
    )
    assert [index.categories_for(q) for q in queries] == [fresh.categories_for(q) for q in queries]
    assert before[0] != fresh.categories_for(queries[0])  # the keyword changed that reading


def test_remembered_categories_are_not_shared_with_the_caller() -> None:
    index = SearchIndex.build([], TAXONOMY)
    index.categories_for("soy candles").clear()
    assert [c.id for c, _ in index.categories_for("soy candles", limit=1)] == ["candles"]
    assert len(index.categories_for("soy candles", limit=3)) >= 1
    assert index.categories_for("soy candles", limit=0) == []


# --------------------------------------------------------------------------------------------
# Changes in place
# --------------------------------------------------------------------------------------------


def _answers(index: SearchIndex, queries: list[str]) -> list[list[tuple[int | None, float]]]:
    filters = (SearchFilters(), SearchFilters(country="DE"), SearchFilters(max_moq=300))
    return [
        [(h.supplier.id, h.score) for h in index.search(q, f).hits]
        for q in queries
        for f in filters
    ]


def _id(supplier: Supplier) -> int:
    """Returns the id of a supplier that has one."""
    assert supplier.id is not None
    return supplier.id


def test_changes_in_place_answer_as_a_fresh_build_of_the_result() -> None:
    rng = random.Random(5)
    kb = [dataclasses.replace(s, id=n) for n, s in enumerate(SMALL_KB, start=1)]
    index = SearchIndex.build(kb[:4], TAXONOMY)
    live = {_id(s): s for s in kb[:4]}
    pool = [*kb, *(dataclasses.replace(s, id=_id(s) + 100, name=s.name + " Two") for s in kb)]
    for _ in range(60):
        chosen = rng.choice(pool)
        kind = rng.random()
        if kind < 0.3 and live:
            gone = rng.choice(sorted(live))
            assert index.remove(gone)
            del live[gone]
        elif kind < 0.6 and chosen.id in live:
            edited = dataclasses.replace(
                chosen, moq=rng.choice((None, 10, 500)), small_series=rng.choice((True, None))
            )
            index.upsert(edited)
            live[_id(chosen)] = edited
        else:
            index.upsert(chosen)
            live[_id(chosen)] = chosen
    fresh = SearchIndex.build(list(live.values()), TAXONOMY)
    queries = ["mailer boxes", "labels", "candles", "amber glass", "boxly", "tee", "boxes"]
    assert _answers(index, queries) == _answers(fresh, queries)
    assert sorted(s.id or 0 for s in index.suppliers) == sorted(live)
    assert len(index) == len(live)


def test_an_edit_is_searchable_at_once_and_the_old_text_is_gone() -> None:
    index = SearchIndex.build([dataclasses.replace(SMALL_KB[0], id=1)], TAXONOMY)
    assert names(index.search("mailer boxes").hits) == ["Boxly"]
    index.upsert(Supplier(id=1, name="Candle Co", categories=("candles",)))
    assert names(index.search("candles").hits) == ["Candle Co"]
    assert index.search("mailer boxes").nothing_fits
    assert index.search("boxly").nothing_fits
    edited = index.get(1)
    assert edited is not None
    assert edited.name == "Candle Co"
    assert not index.upsert(Supplier(id=1, name="Candle Co", categories=("candles",)))
    assert index.remove(1)
    assert not index.remove(1)
    assert index.search("candles").nothing_fits
    assert index.get(1) is None


def test_a_supplier_without_an_id_cannot_be_changed_in_place() -> None:
    index = SearchIndex.build([], TAXONOMY)
    with pytest.raises(InputError):
        index.upsert(Supplier(name="No Id", categories=("labels",)))


def test_a_name_made_of_a_product_word_is_not_named_by_asking_for_the_product() -> None:
    kb = [
        supplier("J Garment Company", "garment-factory"),
        supplier("Canmes Knitting Garment Jsc", "knitting-mill", keywords=("knit garments",)),
    ]
    index = SearchIndex.build(kb, TAXONOMY)
    assert names(index.search("knit garments").hits)[:1] == ["Canmes Knitting Garment Jsc"]
    assert names(index.search("boxly").hits) == []


def test_a_misspelt_filler_word_does_not_sink_the_query() -> None:
    kb = [supplier("Quanzhou Shoes Co", "footwear-factory", keywords=("shoe factory",))]
    index = SearchIndex.build(kb, TAXONOMY)
    assert names(index.search("cheap shoe facttory").hits) == ["Quanzhou Shoes Co"]
    assert names(index.search("shoes manufactrer").hits) == ["Quanzhou Shoes Co"]


def test_a_short_filler_word_missing_a_letter_does_not_take_a_near_short_term() -> None:
    kb = [
        supplier("Chen Feng Leather Ltd", "leather-goods", keywords=("leather goods",)),
        supplier("Verpakking BV", "packaging-boxes", keywords=("doos",)),
    ]
    index = SearchIndex.build(kb, TAXONOMY)
    # "goos" is "goods" with a letter left out, not the Dutch "doos" (a box) with one changed
    assert names(index.search("leather goos").hits) == ["Chen Feng Leather Ltd"]
    assert names(index.search("doos").hits) == ["Verpakking BV"]


# --------------------------------------------------------------------------------------------
# Head nouns: "candle jars" are jars, "candle labels" are labels
# --------------------------------------------------------------------------------------------

_HEADS = Taxonomy(
    (
        Category("labels", "Labels", "labels", ("label", "candle labels", "jar labels")),
        Category("candles", "Candles", "home", ("candle", "private label candles")),
        Category("bottles-jars", "Jars", "packaging", ("jar", "glass jars")),
    )
)
_HEADS_KB = [
    supplier("Label Loft", "labels", small_series=True, status=Status.VERIFIED),
    supplier("Wick & Wax", "candles", small_series=True),
    supplier("Jar Works", "bottles-jars", small_series=False),
]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        # both words appear in the labels' phrases, but only as what the labels are for
        ("candle jars", "Jar Works"),
        ("jars for candles", "Jar Works"),
        # "label" is the head here; "private label candles" are candles
        ("candle labels", "Label Loft"),
        ("labels for candles", "Label Loft"),
        ("candles", "Wick & Wax"),
    ],
)
def test_the_head_noun_of_the_query_decides_what_is_sought(query: str, first: str) -> None:
    index = SearchIndex.build(_HEADS_KB, _HEADS)
    hits = index.search(query).hits
    assert names(hits)[:1] == [first]
    # what the head names leads clearly, not by a tie broken by static rank
    assert all(hit.score < hits[0].score - 5.0 for hit in hits[1:])


def test_filters_see_an_upserted_suppliers_new_place() -> None:
    index = SearchIndex.build(SMALL_KB, TAXONOMY)
    moved = supplier("Wick & Wax", "candles", country="GB", region="UK", moq=24)
    index.upsert(moved)

    def found(**fields: Any) -> list[str]:
        return names(index.search("candles", SearchFilters(**fields)).hits)

    assert found(country="UK") == ["Wick & Wax"]  # the UK's code is GB
    assert found(region="Europe") == ["Wick & Wax"]  # Europe takes the UK
    assert found(country="PL") == []  # where it was
    index.upsert(dataclasses.replace(moved, country="FR", region="Europe"))
    assert found(country="GB") == []
    assert found(country="fr", max_moq=24) == ["Wick & Wax"]
    assert found(country="FR", max_moq=23) == []
