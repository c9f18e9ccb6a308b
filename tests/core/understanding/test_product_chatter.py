"""Chatter around the product phrase: greetings, plans, wishes, the tooling a quote prices, an
extra item asked for "also", a project the product is for; and the words that still say which
kind of supplier fits ("POD" in capitals, "la découpe laser", "PCB assembly")."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.normalise import fold, spell_out_codes
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # greetings and the founder's opinions or plans
        ("G'day legends, who can make 300 enamel mugs with our logo?", "enamel mugs"),
        ("Grüezi mitenand, wer näht uns 200 Schürzen aus Leinen?", "Schürzen"),
        ("I think we need 400 kraft mailer boxes, Leeds", "kraft mailer boxes"),
        # a wish is a need ("I'd like", "we would love")
        (
            "I make beeswax candles and I'd like printed gift boxes, 800 to start",
            "printed gift boxes",
        ),
        ("we sell hot sauce and we would love custom neck labels, 3k", "custom neck labels"),
        # the founder develops their own product: the make verb is not part of it
        (
            "Wir entwickeln einen modularen Rucksack, 500 Stück für den Anfang",
            "modularen Rucksack",
        ),
        ("Je développe une lampe de bureau en bois, 300 pièces", "lampe de bureau en bois"),
        # what a product is for is the founder's own project
        ("where to get 1500 sqm of rubber flooring for a gym fit-out project?", "rubber flooring"),
        # the plates and dies a quote prices are tooling
        (
            "quote for our 250 playing card decks: $6.10 each plus $90 for the print plate",
            "playing card decks",
        ),
        (
            "Angebot für 2.000 Aufkleber: 0,08 € je Stück, Druckplatten einmalig 60 €",
            "Aufkleber",
        ),
        ("Cotización de 1.000 bolsas kraft: USD 0,40 c/u, matriz USD 35", "bolsas kraft"),
        # an extra item asked for "also" is not the main one
        (
            "What's a fair price for 3,000 printed tote bags? Also want stickers for the tags",
            "printed tote bags",
        ),
        # "a fair price for": the price is asked about, the item after "for" is the product
        ("is €0.90 a fair price for 10,000 glassine bags?", "glassine bags"),
    ],
)
def test_chatter_stays_out_of_the_product(index: SearchIndex, text: str, product: str) -> None:
    assert read(index, text).product == product


def test_a_need_that_is_only_asked_after_also_still_wins_over_the_founders_own(
    index: SearchIndex,
) -> None:
    reading = read(index, "We make goat milk soap and also need 500 printed soap boxes")
    assert reading.product == "printed soap boxes"


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Any good POD companies for embroidered beanies in the EU?", "print-on-demand"),
        ("Kennt jemand einen POD-Anbieter für Poster in Berlin?", "print-on-demand"),
        ("¿Alguna empresa de POD que haga tazas en México?", "print-on-demand"),
        ("On cherche à sous-traiter la découpe laser de 800 plaques en bois", "laser-cutting"),
        ("200 posavasos de madera grabados con láser para un bar", "laser-cutting"),
        ("PCB assembly quote needed: 60 boards, 2 layers, Leeds", "pcb-assembly"),
        (
            "hacemos mermelada y buscamos obrador que la elabore, 900 tarros al mes",
            "food-copacking",
        ),
        (
            "Salut, je vends du thé en vrac et cherche quelqu'un pour l'ensacher",
            "tea-spice-packing",
        ),
        ("Tengo una marca de té verde y busco quien lo empaque en bolsitas", "tea-spice-packing"),
    ],
)
def test_a_trade_shorthand_names_the_supplier_kind(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


@pytest.mark.parametrize(
    "text",
    [
        "need 5000 compostable coffee pods with our logo",
        "Suche 2.000 Kaffeepads aus Papier",
        "anyone sourced wooden phone stands? 300 units",
    ],
)
def test_lower_case_pods_and_a_sourcing_verb_ask_no_such_supplier(
    index: SearchIndex, text: str
) -> None:
    categories = read(index, text).categories
    assert "print-on-demand" not in categories
    assert "sourcing-agent" not in categories


def test_pod_is_spelt_out_only_in_capitals() -> None:
    assert spell_out_codes("POD-Anbieter") == "print on demand Anbieter"
    assert spell_out_codes("our PODs") == "our print on demand "
    assert spell_out_codes("coffee pods, iPOD") == "coffee pods, iPOD"


def test_the_french_and_spanish_tea_is_tea_and_unaccented_te_is_not() -> None:
    assert fold("Thé vert") == "tea vert"
    assert fold("té de hierbas") == "tea de hierbas"
    assert fold("te quiero") == "te quiero"
    assert fold("été") == "ete"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # what the founder's shop sells is no product when another item is asked for
        (
            "need 300 printed tote bags for my tea shop in Bath, it sells 40 a week",
            "printed tote bags",
        ),
        (
            "Ich suche 500 Stofftaschen mit Logo, unser Käseladen verkauft 60 im Monat",
            "Stofftaschen mit Logo",
        ),
        # "a startup supplying X": the founder's own product, named in full where it is counted
        (
            "We are a Pune startup supplying first aid kits to gyms, need 800 kits a month",
            "first-aid kits",
        ),
    ],
)
def test_what_the_founders_shop_sells_or_supplies(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


def test_a_brand_named_by_its_kind_keeps_its_product(index: SearchIndex) -> None:
    # a swimwear label makes swimwear: unlike a shop, the kind before it is the product
    reading = read(index, "Bali swimwear label, need a manufacturer for 3 styles, 80 each")
    assert reading.product is not None
    assert "swimwear" in reading.product.lower()


@pytest.mark.parametrize(
    ("text", "vessel"),
    [
        ("Fabricamos velas de soja y necesitamos 2.000 vasos de cristal ámbar", "candle-vessels"),
        ("Wir machen Duftkerzen und brauchen 1.000 Gläser mit Holzdeckel", "candle-vessels"),
        ("we make face serums and need 3,000 amber dropper bottles", "cosmetic-packaging"),
        # the founder's story without "I": "started making" is still their own make
        ("Laid off in May, started making candles at home. Need 600 amber jars", "candle-vessels"),
    ],
)
def test_containers_for_what_the_founder_makes_are_its_kind(
    index: SearchIndex, text: str, vessel: str
) -> None:
    assert read(index, text).categories[0] == vessel


def test_containers_for_a_product_without_its_own_kind_stay_jars(index: SearchIndex) -> None:
    reading = read(index, "we make chilli oil and need 2,000 glass jars with lids")
    assert reading.categories[0] == "bottles-jars"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # a quote passed on: the verb is no part of the product
        ("me pasaron esta cotización por bolsas de yute para mi tienda de café", "bolsas de yute"),
        # a period written after a slash and a weight unit count, they never name
        ("we make oak cutting boards, need 400 boards/quarter", "oak cutting boards"),
        ("Looking for raw almonds in bulk, grade A, 50+ lbs per sack", "raw almonds"),
    ],
)
def test_counting_words_and_passed_on_quotes_leave_the_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        # what is made for the samples is the product, not the samples
        ("Need a prototype of a silicone pet bowl, 15 samples first", "silicone pet bowl"),
        # a knitting machine's program is tooling, priced beside the item
        (
            "Quote for our merino jumpers: 200 units £31, knitting programme fee £250",
            "merino jumpers",
        ),
        # the founder's fuller name wins over how the part is made
        (
            "we are a start-up making solar garden lights. Need 2,000 injection moulded lights",
            "solar garden lights",
        ),
    ],
)
def test_samples_programmes_and_processes_leave_the_name(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product
