"""Where founders say they are: flags, cities set apart, every country by its name."""

from __future__ import annotations

import pytest

from bot.core.understanding.parsing import parse_country


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
