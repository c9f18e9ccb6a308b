"""The product as the founder named it, not as they counted it: "need 500 collars" after "a
waterproof dog collar" is the waterproof dog collar; "2,000 jars" a co-packer fills are the
founder's own cashew butter; quarts, dozens and bars measure a product, never name it (issue 10,
pattern 3)."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.product import phrases, process_phrases, role_phrases
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "our first product is a reflective cat collar, need 300 collars to start",
            "reflective cat collar",
        ),
        (
            "launching a toddler snack pouch range, first order 5,000 pouches a month",
            "toddler snack pouch",
        ),
        # a compound that ends in the head counted: English and German alike
        ("Skateboard brand from Lyon, we want a factory to press 400 boards", "Skateboard"),
    ],
)
def test_the_need_counted_by_its_head_takes_the_fuller_name(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


def test_a_fuller_name_with_another_head_is_not_taken(index: SearchIndex) -> None:
    # "candle brand" is who the founder is; the labels are what is bought
    reading = read(index, "we're a candle brand in Leeds and need 500 labels")
    assert reading.product == "labels"


def test_a_german_brand_compound_names_the_founders_own_product() -> None:
    found = {p.span: p for p in phrases("wir planen eine eigene Müsliriegel-Marke", "de")}
    assert "musliriegel" in found
    assert found["musliriegel"].cue < 0  # the founder's own, like "our brand of"


def test_a_brand_compound_feeds_the_count_after_it(index: SearchIndex) -> None:
    reading = read(
        index, "Wir planen eine Proteinriegel-Marke und suchen einen Lohnhersteller. 5.000 Riegel."
    )
    assert reading.product is not None
    assert reading.product == "Proteinriegel"  # as the founder wrote it
    assert "food-copacking" in reading.categories


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        (
            "We make almond butter and need a co-packer for 3,000 jars a month",
            "almond butter",
            "food-copacking",
        ),
        (
            "Hacemos salsa picante en Oaxaca y buscamos una maquila para 2.000 botellas al mes",
            "salsa picante",
            "food-copacking",
        ),
        # a filler fills the founder's own cream into the tubes counted
        (
            "small hand cream brand here, need a filler for 50ml tubes, 3k per quarter",
            "hand cream",
            "cosmetics-private-label",
        ),
    ],
)
def test_containers_a_maker_fills_count_the_founders_own_product(
    index: SearchIndex, text: str, product: str, category: str
) -> None:
    reading = read(index, text)
    assert reading.product == product
    assert category in reading.categories


def test_containers_bought_without_a_maker_stay_the_product(index: SearchIndex) -> None:
    reading = read(index, "We make almond butter and need 3,000 glass jars a month")
    assert reading.product == "glass jars"
    assert "bottles-jars" in reading.categories


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Need a co-packer for chicken soup, 1,500 quarts a month", "chicken soup"),
        ("¿Dónde comprar miel cruda al por mayor? Unas 300 docenas semanales", "miel cruda"),
        ("beeswax candles, own brand, 4000 bars a year, any makers in Wales?", "beeswax candles"),
    ],
)
def test_measures_count_a_product_never_name_it(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


def test_a_modifier_chooses_among_the_kinds_its_head_names(index: SearchIndex) -> None:
    reading = read(index, "Need blank heavyweight hoodies wholesale, 600 a month, mixed sizes")
    assert reading.categories[0] == "blank-apparel"  # blanks, not decoration


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("is there a print on demand for tote bags that ships from Ireland?", "print-on-demand"),
        ("Need someone to 3D print 60 drone frame parts in nylon, one time", "3d-printing"),
    ],
)
def test_a_way_of_making_named_as_a_verb_gives_its_category(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


def test_print_alone_names_no_way_of_making() -> None:
    assert process_phrases("10k celluloid picks w/ custom print for my store") == ()


@pytest.mark.parametrize(
    "text",
    [
        "we need lithium battery packs for our e-scooters, 200 packs a quarter",
        "Supplier in Dongguan quoted $40/pack at 500 for our lithium battery packs",
    ],
)
def test_a_word_many_products_share_names_no_category_alone(index: SearchIndex, text: str) -> None:
    reading = read(index, text)
    assert reading.product is not None
    assert "battery packs" in reading.product
    assert "packaging" not in reading.categories


def test_a_pressing_is_how_a_product_is_made_not_what(index: SearchIndex) -> None:
    reading = read(index, "Our choir needs 200 vinyl records pressed for the tour")
    assert reading.product is not None
    assert "records" in reading.product
    assert "zine-printing" not in reading.categories


@pytest.mark.parametrize(
    "text",
    [
        "Factory quote for our TPU cable clips: 2,000 @ $0.30, mould $2,400 one-time",
        "Moule ou impression 3D ? On fabrique des crochets muraux en plastique. Moule : 3 000 €",
    ],
)
def test_a_mould_to_pay_for_asks_for_injection_moulding(index: SearchIndex, text: str) -> None:
    assert "injection-molding" in read(index, text).categories


def test_a_mould_for_a_cast_material_says_nothing_of_the_supplier(index: SearchIndex) -> None:
    reading = read(index, "carbon fibre kayak paddles, 50 to start, the moulds are $6,000")
    assert "injection-molding" not in reading.categories


def test_a_shop_asked_for_is_a_kind_of_supplier(index: SearchIndex) -> None:
    reading = read(index, "Looking for a sheet metal shop to make 40 planter boxes, one-off")
    assert "sheet-metal" in reading.categories


def test_the_founders_own_shop_is_no_supplier_asked_for() -> None:
    assert "sheet metal" not in role_phrases("we need 300 labels for our sheet metal shop")


def test_a_biz_is_the_founders_own_business() -> None:
    found = {p.span: p for p in phrases("hot sauce biz here, need 400 woozy bottles")}
    assert found["hot sauce"].cue < 0  # what the business makes, like "our brand of"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Il me faut 800 pots en PET avec couvercle pour mon beurre de karité", "bottles-jars"),
        ("need 300 pet bowls for our dog shop", "pet-products"),
    ],
)
def test_a_plastic_written_as_its_code_is_the_material(
    index: SearchIndex, text: str, category: str
) -> None:
    assert read(index, text).categories[0] == category


@pytest.mark.parametrize(
    ("text", "language", "own"),
    [
        ("ich verkaufe Senf und brauche Etiketten", "de", "senf"),
        ("wir rösten Kaffee und suchen Beutel mit Ventil", "de", "kaffee"),
        ("vendo alfajores y necesito cajas impresas", "es", "alfajores"),
        ("je vends des bougies et je cherche des étiquettes", "fr", "bougies"),
    ],
)
def test_the_first_person_of_selling_or_making_names_the_founders_own(
    text: str, language: str, own: str
) -> None:
    found = {p.span: p for p in phrases(text, language)}
    assert found[own].cue < 0  # the founder's own, as after "we sell"
