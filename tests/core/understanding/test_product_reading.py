"""The product and its categories read from whole messages against the shipped taxonomy (issue
10): the item asked for beats the founder's own make, a labelled product wins, an uncovered
product keeps its full name and comes back with no category (the honest "I don't cover X")."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.product import compound_heads
from tests.core.understanding.reading import read


def test_a_labelled_product_wins_even_when_no_category_covers_it(index: SearchIndex) -> None:
    reading = read(
        index,
        "Quick one. Product: hand-painted kites with our logo printed on the sail. "
        "We need 200 for spring.",
    )
    assert reading.product == "hand-painted kites"
    assert reading.categories == ()


def test_an_uncovered_product_keeps_the_name_it_was_given_first(index: SearchIndex) -> None:
    reading = read(
        index,
        "need a workshop for handmade wooden surfboards, we'd want 30 surfboards by May",
    )
    assert reading.product == "handmade wooden surfboards"
    assert reading.categories == ()


def test_a_need_verb_beats_a_word_that_only_resembles_a_category(index: SearchIndex) -> None:
    reading = read(
        index,
        "anyone know a factory for folding kayaks? we run a rental club (4 locations)",
    )
    assert reading.product == "folding kayaks"
    assert reading.categories == ()


def test_english_words_are_not_split_like_german_compounds() -> None:
    assert compound_heads("locations", "en") == ()
    assert "etiketten" in compound_heads("pflegeetiketten", "de")
    assert compound_heads("eco-tumblers", "en") == ("tumblers",)


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        (
            "Je fabrique mes savons à Rennes. J'aurais besoin d'environ 500 boîtes "
            "d'expédition par mois.",
            "boîtes d'expédition",
            "packaging-mailers",
        ),
        (
            "Je vends mes bijoux depuis un an. Je cherche des pots en céramique pour "
            "l'emballage, 200 par mois.",
            "pots en céramique",
            "bottles-jars",
        ),
        (
            "Hacemos salsas picantes en Oaxaca y buscamos envasadora; unas 2.000 latas de "
            "salsa al mes.",
            "salsas picantes",
            "food-copacking",
        ),
        (
            "Für unser kleines Label in Köln brauchen wir 600 Nackenetiketten pro Jahr.",
            "Nackenetiketten",
            "garment-labels",
        ),
        (
            "Unsere Imkerei sucht Glasbehälter mit Schraubdeckel, 250 ml, 1.000 Stück.",
            "Glasbehälter mit Schraubdeckel",
            "bottles-jars",
        ),
    ],
    ids=["elision", "own-by-possessive", "cans-count-the-own-product", "our-label", "sucht"],
)
def test_the_item_asked_for_beats_the_founders_own_make(
    index: SearchIndex, text: str, product: str, category: str
) -> None:
    reading = read(index, text)
    assert reading.product == product
    assert category in reading.categories


def test_trade_words_name_their_category(index: SearchIndex) -> None:
    assert "promotional-products" in read(index, "Wir brauchen 2.000 Bierdeckel").categories
    assert "packaging-boxes" in read(index, "brauchen 300 Geschenkboxen").categories


def test_a_state_code_is_no_category_and_tools_are_no_product(index: SearchIndex) -> None:
    reading = read(
        index,
        "Looking for a manufacturer for bamboo bike frames. 30 frames to start, tooling is "
        "$9,000 for the moulds. I'm in Austin TX",
    )
    assert reading.product == "bike frames"
    assert reading.categories == ()


def test_a_kind_of_supplier_gives_its_category_not_the_product(index: SearchIndex) -> None:
    reading = read(index, "what would a laser cutter charge for 80 acrylic cake toppers? one-off")
    assert reading.product == "cake toppers"
    assert "laser-cutting" in reading.categories


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "Je cherche un fabricant de tapis de yoga en marque blanche, 200 unités",
            "tapis de yoga",
        ),
        ("Wir wollen Speisekarten drucken lassen, 300 Stück", "Speisekarten"),
        ("Trying to figure out amber jars, 2,000 a month", "amber jars"),
        ("Ich baue Prototypen für ein Brettspiel, brauche 500 Brettspiele", "Brettspiele"),
    ],
    ids=["white-label", "german-verbs", "english-verbs", "prototypes"],
)
def test_verbs_tools_and_branding_words_are_no_part_of_the_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Wir sind ein Radladen und wollen Lenkerband mit unserem Logo, 200 Rollen", "Lenkerband"),
        ("Suche Werkstatt für Holz-Schlitten, 40 Paar pro Winter", "Holz-Schlitten"),
    ],
    ids=["rolls", "pairs"],
)
def test_a_counting_word_is_no_product(index: SearchIndex, text: str, product: str) -> None:
    assert read(index, text).product == product


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Il me faudrait 500 boîtes à macarons avec fenêtre", "food-packaging"),
        ("Buscamos alfajores de maicena para nuestra cafetería, 2.000 al mes", "confectionery"),
        ("need 300 gaming mousepads with our logo", "promotional-products"),
        ("on veut 60 maillots de foot floqués pour le club", "apparel-decoration"),
        ("Wir brauchen 1.000 feste Shampoos als Eigenmarke", "soap-bath"),
    ],
    ids=["macaron-boxes", "alfajores", "mousepads", "football-shirts", "solid-shampoo"],
)
def test_more_trade_words_name_their_category(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


def test_a_german_tee_is_tea_not_a_t_shirt(index: SearchIndex) -> None:
    reading = read(index, "Der Abfüller will 3.000 Dosen Tee, wir verkaufen 200 im Monat")
    assert reading.product == "Dosen Tee"
    assert "apparel-decoration" not in reading.categories
    pouches = read(index, "Moin, Bio-Tee aus Kiel. Wir brauchen Kraft-Standbodenbeutel")
    assert pouches.product == "Kraft-Standbodenbeutel"
    assert pouches.categories[0] == "packaging-pouches"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "Our hot sauce is in 30 Whole Foods stores and we need a co-packer for 10,000 "
            "bottles a month",
            "hot sauce",
        ),
        (
            "Tengo una marca de mermeladas y queremos 5.000 frascos al mes con una maquiladora",
            "mermeladas",
        ),
    ],
    ids=["retailer-of-two-words", "maquiladora"],
)
def test_with_a_co_packer_the_containers_count_the_own_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("custom rubber ducks for my candle shop, 1,000 pcs", "toys"),
        ("We need 2 booth backdrops for a trade show in Lyon", "signage"),
        ("looking for a private label face wash, 3,000 units a month", "cosmetics-private-label"),
        ("acetate claw clips, 800 a month, factory wants MOQ 1000", "jewelry"),
        ("Wir brauchen 5.000 Pyramidenteebeutel befüllt", "tea-spice-packing"),
    ],
    ids=["rubber-ducks", "backdrops", "face-wash", "claw-clips", "pyramid-tea-bags"],
)
def test_trade_words_of_tuning_3_kinds_name_their_category(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


def test_thoughts_are_no_product(index: SearchIndex) -> None:
    reading = read(index, "factory says MOQ 3000 for our enamel bookmarks. thoughts?")
    assert reading.product != "thoughts"


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "We started a line of tortilla chips in Oaxaca and need someone to fry and pack "
            "4,000 bags a month",
            "tortilla chips",
        ),
        ("our oat granola sells well, 2,000 bags a month now", "oat granola"),
        ("We make candles and need 500 jars a month", "jars"),
    ],
    ids=["fry-and-pack-bags", "bags-count-the-granola", "jars-asked-for"],
)
def test_bare_containers_count_the_own_product_unless_asked_for(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


def test_what_is_done_to_a_product_is_no_part_of_it(index: SearchIndex) -> None:
    reading = read(index, "Wir brauchen Kaffeebeutel befüllt und verpackt, 3.000 Stück im Monat")
    assert reading.product == "Kaffeebeutel"
    assert "playing-cards" in read(index, "Brauche 800 Spielkarten mit eigenem Design").categories


def test_a_minimum_and_its_pieces_are_no_product(index: SearchIndex) -> None:
    reading = read(
        index,
        "¿Un mínimo de 5.000 piezas es normal para envases de vidrio de 250 ml? Hacemos miel",
    )
    assert reading.product == "envases de vidrio"
    assert "bottles-jars" in reading.categories


def test_a_bare_container_counts_the_uncovered_item_asked_for(index: SearchIndex) -> None:
    reading = read(
        index, "We need a factory for tennis balls with our logo, about 4,000 cans a year"
    )
    assert reading.product == "tennis balls"
    assert reading.categories == ()


def test_a_cut_and_sew_factory_is_the_kind_of_supplier_asked_for(index: SearchIndex) -> None:
    reading = read(
        index,
        "We sell 600 joggers a month and need a cut & sew factory in Portugal for 3k a month",
    )
    assert reading.product == "joggers"
    assert "apparel-cut-sew" in reading.categories


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("a printer quoted me for labels?? no wait, for the stickers. 400 a month", "stickers"),
        ("Wir brauchen 500 Etiketten, pardon, ich meine 500 Aufkleber", "Aufkleber"),
    ],
    ids=["no-wait", "pardon"],
)
def test_what_the_founder_corrects_to_is_the_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


def _placed(word: str) -> bool:
    from bot.core.understanding.geography import city_countries

    return bool(city_countries(word))


@pytest.mark.parametrize(
    ("text", "shown", "language", "whole"),
    [
        (
            "Wir suchen Schlüsselanhänger aus Messing, 500",
            "Schlüsselanhänger",
            "de",
            "aus Messing",
        ),
        ("Wir brauchen Tischgestelle aus Stahl, 70 Stück", "Tischgestelle", "de", "aus Stahl"),
        (
            "Suchen Lippenbalsam in Papierhülse, 1.000 Stück",
            "Lippenbalsam",
            "de",
            "in Papierhülse",
        ),
        (
            "Wir suchen CNC-gefräste Gehäuse aus Aluminium, 120 Stück",
            "CNC-gefräste Gehäuse",
            "de",
            "aus Aluminium",
        ),
        (
            "Brauchen 400 Honiggläser 250 g mit Schraubdeckel",
            "Honiggläser",
            "de",
            "250 g mit Schraubdeckel",
        ),
        ("candle jars with lids, 300", "candle jars", "en", "with lids"),
        ("soy candles in coconut shells for spas", "soy candles", "en", "in coconut shells"),
        (
            "Need custom tins (round, embossed logo) ~2k",
            "custom tins",
            "en",
            "(round, embossed logo)",
        ),
        ("1,200 glass jars (500ml, swing lid) a year", "glass jars", "en", "(500ml, swing lid)"),
        ("des pots en verre en PET, 500", "pots en verre", "fr", "en PET"),
    ],
)
def test_a_product_keeps_what_it_is_made_of_or_comes_with(
    text: str, shown: str, language: str, whole: str
) -> None:
    from bot.core.understanding.product import with_complements

    assert with_complements(text, shown, language, _placed) == f"{shown} {whole}"


@pytest.mark.parametrize(
    ("text", "shown", "language"),
    [
        ("Wir brauchen Kerzengläser aus Berlin, 300 Stück", "Kerzengläser", "de"),
        ("Wir brauchen Etiketten mit unserem Logo, 2.000 Stück", "Etiketten", "de"),
        ("need 300 mailer boxes in Germany by May", "mailer boxes", "en"),
        ("need 200 tote bags in March", "tote bags", "en"),
        ("300 mugs with our logo please", "mugs", "en"),
        ("need 500 candles in 3 scents", "candles", "en"),
        ("linen napkins (GBP) 200 pcs", "linen napkins", "en"),
        ("linen napkins (approx 200)", "linen napkins", "en"),
        ("hoodies with embroidered logo and print and tags", "hoodies", "en"),
        ("des sacs en papier kraft en gros", "sacs en papier kraft", "fr"),
        ("bolsas de tela en Lima, 500 al mes", "bolsas de tela", "es"),
        ("bolsas de tela en marzo", "bolsas de tela", "es"),
    ],
)
def test_where_when_whose_or_a_clause_is_no_part_of_the_product(
    text: str, shown: str, language: str
) -> None:
    from bot.core.understanding.product import with_complements

    assert with_complements(text, shown, language, _placed) == shown


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "Need custom tins (round, embossed logo) ~2k for our surf wax bars",
            "custom tins (round, embossed logo)",
        ),
        (
            "Looking for a workshop to make soy candles in coconut shells, 1,500 a month",
            "soy candles in coconut shells",
        ),
        ("Need 500 coffee bags with valve for our roastery", "coffee bags with valve"),
        (
            "Wir suchen CNC-gefräste Gehäuse aus Aluminium, 120 Stück im Jahr",
            "CNC-gefräste Gehäuse aus Aluminium",
        ),
    ],
)
def test_the_product_read_keeps_its_complements(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "We are a seed-stage medtech in Cork. Need a CM for a disposable catheter "
            "component: 20,000 a year",
            "catheter component",
        ),
        ("we're a small design studio in Leeds, need 300 ceramic mugs", "ceramic mugs"),
        ("Hola, somos una agencia de eventos y necesitamos 500 tazas", "tazas"),
    ],
)
def test_who_the_founder_is_is_not_what_they_source(
    index: SearchIndex, text: str, product: str
) -> None:
    assert product in (read(index, text).product or "")


def test_who_the_founder_is_is_what_a_co_packer_makes_for_them(index: SearchIndex) -> None:
    reading = read(index, "We're a granola brand in Leeds, need a co-packer, 2,000 bags a month")
    assert "granola" in (reading.product or "")


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("who does vacuum formed trays for our tool kits? 1,000 a month", "thermoforming"),
        ("need 40 acrylic display stands, laser cut, one-off", "laser-cutting"),
        ("we want 2,000 cider minis bottled for a gift box", "beverage-copacking"),
    ],
)
def test_the_way_of_making_names_the_kind_of_supplier(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "je voudrais savoir combien coûte l'impression de 5 000 étiquettes (2 saveurs)",
            "étiquettes",
        ),
        ("quisiera saber cuánto cuesta imprimir 2.000 etiquetas (3 sabores)", "etiquetas"),
    ],
)
def test_asking_what_it_costs_is_not_the_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


@pytest.mark.parametrize(
    "text",
    [
        "Knitwear label in Galway, first drop is 3 styles, 40 of each",
        "Lingerie label based in Lyon, launching in May, 2 styles x 4 sizes",
        "für mein Label suche ich einen Hersteller für 300 bestickte Hoodies",
        "Wir verkaufen Merino-Wandersocken unter eigenem Label, brauchen 800 Paar pro Saison",
    ],
    ids=["knitwear-label", "lingerie-label", "mein-label", "eigenes-label"],
)
def test_a_fashion_label_is_the_founders_brand_not_labels_to_print(
    index: SearchIndex, text: str
) -> None:
    categories = read(index, text).categories
    assert categories
    assert not {"labels", "garment-labels"} & set(categories)


def test_woven_labels_asked_for_are_still_labels(index: SearchIndex) -> None:
    reading = read(index, "we're a streetwear brand and need 2,000 woven labels for our tees")
    assert reading.categories[0] == "garment-labels"


def test_a_german_compound_the_taxonomy_lacks_is_read_by_its_own_head(
    index: SearchIndex,
) -> None:
    # "Paar" only counts the socks: the compound names them ("Socken")
    reading = read(
        index,
        "Wir haben vor einem Jahr mit Alpaka-Wintersocken angefangen, jetzt wollen wir "
        "900 Paar pro Saison",
    )
    assert reading.product == "Alpaka-Wintersocken"
    assert reading.categories == ("socks",)


def test_a_compound_ending_in_label_names_the_business_not_the_product(
    index: SearchIndex,
) -> None:
    reading = read(
        index,
        "Kleines Drei-Personen-Label aus Bremen hier, wir backen Bio-Pferdeleckerli. "
        "Suchen Lohnhersteller für 2.000 Tüten im Quartal",
    )
    assert "labels" not in reading.categories
    assert "pet-food" in reading.categories


@pytest.mark.parametrize(
    ("text", "product"),
    [
        ("Need 5000 soy wax tealights, Ahmedabad", "soy wax tealights"),
        ("need 300 soy candles for our spa", "soy candles"),
        # in Spanish "soy" is "I am", never the product's word
        ("soy una emprendedora de Lima, busco 300 tazas de cerámica", "tazas de cerámica"),
    ],
)
def test_soy_names_a_product_outside_spanish(index: SearchIndex, text: str, product: str) -> None:
    assert read(index, text).product == product
