"""Where founders say they are without naming a city: nationality, web address, "X City"."""

from __future__ import annotations

import pytest

from bot.core.understanding.country_names import FOREIGN_COUNTRY_NAMES
from bot.core.understanding.normalise import fold_accents
from bot.core.understanding.parsing import parse_country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("We're a Norwegian start-up, need 150 bikinis", "NO"),
        ("I'm a small Kenyan tea exporter looking for pouches", "KE"),
        ("Nous sommes une marque française de bougies", "FR"),
        ("Somos una empresa chilena de vinos, 300 cajas", "CL"),
        ("Wir sind ein kleines österreichisches Label, 300 Shirts", "AT"),
    ],
)
def test_the_nationality_of_the_founders_business_is_their_country(
    text: str, country: str
) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    "text",
    [
        "we want Italian leather bags, 200 pcs",
        "looking for a German machine shop",  # "shop" with no article of ours before it
        "Japanese denim, 300 jackets",
    ],
)
def test_a_nationality_of_a_material_or_a_supplier_is_no_place(text: str) -> None:
    assert parse_country(text)[0] is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("my Etsy shop (moonlitthreads.co.uk), 500 woven labels", "GB"),
        ("notebooks for our stationery shop papierwerk.nl", "NL"),
        ("see www.kaffee-bar.de for what we do", "DE"),
    ],
)
def test_a_shops_country_code_domain_says_where_it_is(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    "text",
    [
        "our site is brand.io, 300 shirts",  # a domain sold as a word
        "we ship worldwide.It is great, 300 mugs",  # a sentence run together
        "order from joe@shop.de, 300 mugs",  # an address to write to, maybe a supplier's
    ],
)
def test_a_vanity_domain_or_a_run_on_sentence_is_no_place(text: str) -> None:
    assert parse_country(text)[0] is None


def test_a_named_place_wins_over_a_web_address() -> None:
    assert parse_country("we're in Dublin, shop is candles.de")[0] == "IE"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("a neon sign for my cafe in Cebu lol", "PH"),  # GeoNames: "Cebu City"
        ("I'm in KL, want 3000 toothbrushes", "MY"),
        ("based in HCMC, 200 bags", "VN"),
    ],
)
def test_cities_founders_shorten_are_found(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Emprendimiento de yerba mate en Córdoba, Argentina", "AR"),
        ("Emprendo en San José, Costa Rica con chocolate", "CR"),
        ("for my coaching biz in Perth (Scotland, not Aus lol)", "GB"),
        ("we're in London, Ontario", "CA"),
        ("Brno, Czech Republic, 300 toys", "CZ"),
    ],
)
def test_the_wider_place_after_a_city_says_which_namesake(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Qué tal grupo! Desde Cusco. Queremos postales", "PE"),  # the cue starts a sentence
        ("We're a Saskatoon-based startup", "CA"),
        ("Für unseren Skiclub in Klagenfurt. Einmalig.", "AT"),  # GeoNames: "… am Wörthersee"
        ("Ich bin Schreiner in St. Gallen und baue Tische", "CH"),  # GeoNames: "Sankt Gallen"
        ("Perth WA, 75 caps", "AU"),  # Western Australia: no Perth in Washington
        ("Melbourne, FL, 300 cups", "US"),
    ],
)
def test_cities_are_found_as_founders_write_them(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


def test_plant_based_is_no_city() -> None:
    assert parse_country("Plant-based snacks, 300 bags")[0] is None


def test_every_foreign_country_name_is_a_cldr_territory_name() -> None:
    babel = pytest.importorskip("babel")

    cldr = {
        fold_accents(name).replace("’", "'"): code
        for language in ("de", "fr", "es", "en")
        for code, name in babel.Locale(language).territories.items()
    }
    assert {name: cldr.get(name) for name in FOREIGN_COUNTRY_NAMES} == dict(FOREIGN_COUNTRY_NAMES)


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Hallo aus Griechenland, 300 Gläser", "GR"),
        ("Hola desde Francia, 300 frascos", "FR"),
        ("Bonjour du Pérou, 300 sacs", "PE"),
        ("somos una marca de Sudáfrica, 300 cajas", "ZA"),
        ("wir sind ein Startup aus Luxemburg", "LU"),
    ],
)
def test_a_country_named_in_the_founders_language_is_found(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize("text", ["chili oil, 300 jars", "island vibes brand, 300 bags"])
def test_a_country_name_that_is_a_word_is_no_place(text: str) -> None:
    assert parse_country(text)[0] is None
