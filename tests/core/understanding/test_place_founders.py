"""Where founders say they are: flags, cities set apart, every country by its name."""

from __future__ import annotations

import pytest

from bot.core.understanding.parsing import parse, parse_country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Greetings from Kigali 🇷🇼 we roast coffee", "RW"),
        ("Hola 🇵🇪 somos una marca de chocolate", "PE"),
        ("Wir (Vaduz, Liechtenstein) planen Schlüsselanhänger", "LI"),
        ("Hola, desde Panamá. Tengo un restaurante", "PA"),
        ("I'm a dentist in Lusaka, Zambia", "ZM"),
        ("family business (Klaipėda), 20 years", "LT"),
        ("DTC skincare, Kuala Lumpur, 2 yrs in", "MY"),
        ("Snowboard brand, Sapporo, two seasons of sales", "JP"),
        ("Supplier (Ningbo) offered 1,000 @ $2. We sell on Amazon UK", "GB"),
    ],
)
def test_the_founders_place_is_read_as_founders_write_it(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


def test_a_sweater_is_no_island() -> None:
    assert parse_country("need 300 knitted jersey tops, chad's design")[0] is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("need 10k bottles of gummies per quarter, FL. We're ramping up", "US"),
        ("Druck innerhalb von 2 Wochen, Kassel. Max. 250 €.", "DE"),
        ("We are a Hyderabad startup supplying first aid kits", "IN"),
        ("Somos apicultores en Teruel. Precio máximo 0,06 € la etiqueta.", "ES"),
        ("Need 500 decks for our magic shop in Salem MA.", "US"),
        ("we're a guitar pedal maker in Kentucky, ~6k boards a year", "US"),
    ],
)
def test_a_place_is_read_from_its_weaker_signs(text: str, country: str) -> None:
    assert parse(text).country == country


def test_a_factory_in_a_place_is_still_the_suppliers() -> None:
    assert parse_country("our supplier is a maker in Portugal")[0] is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("one off for the Christmas fair in Hebden Bridge. budget about £900 tops", "GB"),
        ("need 300 shirts monthly, a tailor in Obollo, price should not pass ₦6,500", "NG"),
    ],
)
def test_a_town_no_table_holds_is_in_the_country_of_the_founders_money(
    text: str, country: str
) -> None:
    assert parse(text).country == country


def test_money_alone_names_no_place() -> None:
    assert parse("need 2k die cut stickers, one-off, budget £150").country is None


def test_a_quotes_currency_is_the_suppliers_not_the_founders_place() -> None:
    text = "quote: 1k @ £0.42, 2.5k @ £0.35 for pouches we sell in Obollo"
    assert parse(text).country is None


@pytest.mark.parametrize(
    ("text", "country"),
    [
        # a message that opens with the founder's city and business, after a greeting or none
        ("Habari! Arusha coffee roastery, need 2,000 valve bags a month", "TZ"),
        ("Hi all, Curitiba skate brand here. 300 hoodies", "BR"),
        ("Grüß Gott, Bregenz hier. Wir brauchen 400 Etiketten", "AT"),
        ("Pune based, we want 800 mailer boxes", "IN"),
        # a nationality opening the message
        ("Hei! Finnish sauna brand, 500 felt hats a year", "FI"),
        ("Danish here. 120 wool blankets for a hotel", "DK"),
    ],
)
def test_a_message_opening_with_the_founders_place_names_it(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    "text", ["Hi, Sarah here, need 200 mugs", "Hello, Bloom candles brand, 300 jars"]
)
def test_a_name_opening_the_message_is_no_place(text: str) -> None:
    assert parse_country(text)[0] is None
