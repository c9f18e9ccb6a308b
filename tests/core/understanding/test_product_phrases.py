"""The product in a chatty founder message: the noun phrase that names what is to be made or
bought, and its categories from the head noun (issue 10, patterns 3 and 5)."""

from __future__ import annotations

import pytest

from bot.config import default_knowledge_dir
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import CategoryWords
from bot.core.understanding.message import understand
from bot.core.understanding.product import compound_heads, phrases, role_phrases
from bot.knowledge_files import load_taxonomy

TAXONOMY = load_taxonomy(default_knowledge_dir())
INDEX = SearchIndex.build([], TAXONOMY)
WORDS = CategoryWords.of(TAXONOMY)


def _score(span: str) -> float:
    found = INDEX.categories_for(span, limit=1)
    return found[0][1] if found else 0.0


def _categorise(span: str) -> list[tuple[str, float]]:
    return WORDS.supported(span, [(c.id, s) for c, s in INDEX.categories_for(span, limit=3)])


def _read(text: str) -> tuple[str | None, tuple[str, ...]]:
    reading = understand(text, _score, categorise=_categorise)
    return reading.product, reading.categories


CASES = [
    # greetings, shop names, cities and quote numbers around the product
    (
        "Hi all! Greetings from Lisbon :) we need 400 kraft mailer boxes a month",
        "kraft mailer boxes",
        "packaging-mailers",
    ),
    (
        "Hey Sam, my shop Sunny Days in Leeds sells 200 beanies a month, looking for a maker",
        "beanies",
        "headwear",
    ),
    (
        "printer quoted 1000 @ 0.12 and 5000 @ 0.07 for our roll labels, we use 600 a month",
        "roll labels",
        "labels",
    ),
    (
        "Good morning folks, Portland here. 150 enamel pins, one-off, for a conference",
        "enamel pins",
        "enamel-pins",
    ),
    # roles, processes and units are not the product
    (
        "we need an OEM for 800 bluetooth speakers, the Shenzhen factory wants 2000",
        "bluetooth speakers",
        "pcb-assembly",
    ),
    (
        "looking for a co-packer for our hot sauce, 300 bottles a month",
        "hot sauce",
        "food-copacking",
    ),
    (
        "500 hoodies, screen printed front and back, for a festival",
        "hoodies",
        "apparel-decoration",
    ),
    (
        "injection moulded for 2,000 plastic clips a year, tooling quote €6k",
        "injection moulded plastic clips",
        "injection-molding",
    ),
    # founder's own product versus the item to source
    (
        "We make soy candles and need 300 printed candle labels a month",
        "printed candle labels",
        "labels",
    ),
    (
        "I sell granola at markets, looking for 500 resealable pouches per month",
        "resealable pouches",
        "packaging-pouches",
    ),
    (
        "need 250 gift boxes for our handmade soap bars, every quarter",
        "gift boxes",
        "packaging-boxes",
    ),
    (
        "we're a tiny skincare brand and need 1,000 dropper bottles, 30ml",
        "dropper bottles",
        "bottles-jars",
    ),
    # German, French, Spanish (the head noun first in French and Spanish)
    (
        "Hallo zusammen, wir brauchen 300 Versandkartons im Monat für unseren Shop in Graz",
        "Versandkartons",
        "packaging-mailers",
    ),
    ("Wir stellen Seife her und suchen 500 Banderolen pro Monat", "Banderolen", "packaging"),
    (
        "Bonjour, nous cherchons 200 sacs en tissu imprimés pour notre boutique à Lyon",
        "sacs en tissu imprimés",
        "totes-backpacks",
    ),
    (
        "Salut ! Je fabrique des bougies et je cherche 300 étiquettes par mois",
        "étiquettes",
        "labels",
    ),
    (
        "Hola, buscamos 500 bolsas de tela con logo para nuestra tienda en Sevilla",
        "bolsas de tela",
        "totes-backpacks",
    ),
    (
        "Hacemos mermelada y necesitamos 1.000 tarros de cristal al mes",
        "tarros de cristal",
        "bottles-jars",
    ),
    # a sourcing agent is what the founder asks for when the product has no category
    ("Need a sourcing agent for 2k yoga mats a month", "yoga mats", "sourcing-agent"),
]


@pytest.mark.parametrize(("text", "product", "category"), CASES, ids=[c[1] for c in CASES])
def test_the_product_is_the_noun_phrase_of_the_item_to_source(
    text: str, product: str, category: str
) -> None:
    got, categories = _read(text)
    assert got is not None
    assert got.casefold() == product.casefold()
    assert category in categories


def test_a_role_word_ends_a_phrase_and_marks_the_words_before_it() -> None:
    found = {p.span: p for p in phrases("any small batch granola co-packer in Ontario")}
    assert found["granola"].role == "co-packer"
    assert "granola co-packer" not in found
    assert "ontario" in found  # a place is a candidate; the scorer rates it 0


def test_need_verbs_raise_and_make_verbs_lower_the_phrase_after_them() -> None:
    found = {p.span: p for p in phrases("we make soap and need printed boxes")}
    assert found["soap"].cue < 0 < found["printed boxes"].cue


def test_units_numbers_and_single_letters_end_a_phrase() -> None:
    spans = {p.span for p in phrases("250 g bags of granola x 2 flavours")}
    assert "g bags" not in spans
    assert "granola x" not in spans
    assert "bags granola" in spans  # "of" links: "bottles of beard oil"


def test_a_process_or_a_qualifier_is_never_the_head() -> None:
    spans = {p.span for p in phrases("500 tshirts screen printed, injection moulded")}
    assert "tshirts" in spans
    assert not {"screen printed", "screen", "injection moulded"} & spans


def test_french_and_spanish_phrases_have_their_head_first() -> None:
    found = {p.span: p for p in phrases("nous cherchons des pots en verre", "fr")}
    assert found["pots verre"].head == "pots"


def test_role_phrases_name_the_kind_of_supplier_asked_for() -> None:
    assert "sourcing agent" in role_phrases("Need a sourcing agent in China for phone grips")
    assert "granola co-packer" in role_phrases("small batch granola co-packer in Ontario?")


def test_no_product_words_give_no_product_category() -> None:
    assert _read("which tier should I take? 500 @ 1.20 or 1000 @ 0.90")[1] == ()


def test_a_stray_word_elsewhere_adds_no_category() -> None:
    # "tea" names tea packing, but the founder asks for tins: only the tins' category counts
    _, categories = _read("I run a tea shop in York and need 400 printed tins a month")
    assert categories[0] == "bottles-jars"
    assert "tea-spice-packing" not in categories


def test_a_way_of_making_done_on_the_product_chooses_its_category() -> None:
    # t-shirts alone are cut-and-sew or decoration; screen printing on them is decoration
    product, categories = _read("screen printing on 200 t-shirts a month, ships to the US")
    assert product == "screen printing t-shirts"
    assert categories == ("apparel-decoration",)


def test_with_a_co_packer_the_bottles_count_the_founders_product() -> None:
    product, categories = _read(
        "our co-packer wants 3,000 bottles minimum, we sell 400 bottles of our hot sauce a month"
    )
    assert product == "hot sauce"
    assert "food-copacking" in categories


def test_without_a_maker_the_bottles_after_the_need_are_the_item() -> None:
    product, categories = _read("we launch a juice brand and need 2,000 glass bottles a month")
    assert product == "glass bottles"
    assert categories[0] == "bottles-jars"


def test_a_german_compound_is_read_by_its_last_part() -> None:
    assert compound_heads("bio-lippenbalsam")[0] == "lippenbalsam"
    assert "etiketten" in compound_heads("nackenetiketten")
    product, categories = _read("Wir brauchen 400 Nackenetiketten im Jahr für unsere Shirts")
    assert product == "Nackenetiketten"
    assert categories
    assert categories[0] in ("labels", "garment-labels")


def test_function_words_and_verbs_never_join_a_product_phrase() -> None:
    spans = {p.span for p in phrases("the printer charges 0.30 under each bag, can't handle it")}
    assert "charges" not in spans
    assert "under bag" not in spans
    assert "bag" in spans


def test_a_product_with_no_fitting_category_gets_none_from_a_stray_fuzzy_match() -> None:
    # "strings" resembles jewellery's "rings", "frames"-less bikes nothing: not covered
    _, categories = _read("we want 200 sets of guitar strings with our brand a month")
    assert categories == ()


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("small rum brand here, we need 2,000 frosted 50cl bottles for the launch", "frosted"),
        ("looking for printed 16oz paper cups, 5k a month for our cafe", "printed"),
    ],
)
def test_a_size_inside_the_name_keeps_the_words_before_it(text: str, product: str) -> None:
    # "frosted 50cl bottles": the size describes the bottles and does not cut their name
    found, _ = _read(text)
    assert found is not None
    assert product in found.lower().split()


def test_a_size_after_the_noun_is_a_spec_not_part_of_the_name() -> None:
    found, categories = _read("Canvas tote 12oz natural, need 300 for the shop")
    assert found == "Canvas tote"
    assert categories == ("totes-backpacks",)


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "Bonjour ! Le fournisseur m'a proposé des étiquettes adhésives à 0,05 €, "
            "on en veut 3 000",
            "étiquettes adhésives",
        ),
        (
            "Hola, me ofrecieron cajas de cartón impresas a 0,30 €, necesito 1.000",
            "cajas de cartón",
        ),
    ],
)
def test_what_a_supplier_offered_is_the_product_not_the_offer(text: str, product: str) -> None:
    # "m'a proposé", "me ofrecieron": who offered it, never part of the product's name
    assert _read(text)[0] == product
