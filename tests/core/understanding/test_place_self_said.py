"""Where founders say they are, over places they name for markets, suppliers or preferences."""

from __future__ import annotations

import pytest

from bot.core.understanding.message import understand
from bot.core.understanding.parsing import parse, parse_country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("tooling quote from a shop in Taiwan: $420/frame at 50 pcs. I'm in Boulder CO.", "US"),
        ("need a cut & sew factory, Portugal or Turkey preferred. we're in Dublin", "IE"),
        ("sold in 300 stores across Germany & Austria, need a filler. Based in Munich.", "DE"),
        ("we sell mostly to Germany but we're based in Vienna, need 300 jars", "AT"),
        ("Wir verkaufen nach Österreich, wir sitzen in Köln und brauchen 300 Dosen", "DE"),
        ("On livre en Belgique mais on est à Lyon, 300 pots", "FR"),
        ("vendemos a Chile, estamos en Lima, necesitamos 300 frascos", "PE"),
    ],
)
def test_the_place_the_founder_says_they_are_in_wins(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("I'm a Kiwi making hot sauce, need 1000 bottles", "NZ"),
        ("Kiwi brand here, 500 hoodies", "NZ"),
        ("we're Aussies and need 300 tote bags", "AU"),
        ("je suis française et je cherche 300 pots", "FR"),
    ],
)
def test_a_nationality_said_of_oneself_is_the_founders_place(text: str, country: str) -> None:
    assert parse_country(text)[0] == country


@pytest.mark.parametrize(
    "text",
    [
        "I'm a Kiwi living in London, need 500 mugs",  # where they live wins
    ],
)
def test_a_nationality_said_of_oneself_yields_to_a_place(text: str) -> None:
    assert parse_country(text)[0] == "GB"


@pytest.mark.parametrize(
    "text",
    [
        "we make kiwi jam, need 500 jars",
        "need 200 kiwi fruit boxes",
        "I'm an Italian leather importer, need 200 bags",
    ],
)
def test_a_fruit_or_an_origin_is_no_nationality(text: str) -> None:
    assert parse_country(text)[0] is None


@pytest.mark.parametrize(
    "text",
    [
        "Budget 2000 Fr. for 500 bottles",
        "Budget Fr. 2000 for 500 bottles",
        "Budget SFr. 2000 for 500 bottles",
        "budget 2000 francs suisses pour 500 pots",
    ],
)
def test_swiss_francs_as_the_swiss_write_them(text: str) -> None:
    assert understand(text).currency == "CHF"


@pytest.mark.parametrize(
    "text",
    [
        "noch in der Testphase, brauchen 200 Flaschen",
        "en phase de test, 200 flacons",
        "estamos en fase de pruebas, 300 frascos",
        "we're about to go live, 500 mailers",
    ],
)
def test_still_testing_is_the_idea_stage(text: str) -> None:
    assert parse(text).stage == "idea"


def test_a_pasted_quote_leaves_the_founders_zero_sales() -> None:
    text = (
        "we're an eyewear startup, 0 sales yet. Factory in Wenzhou quoted 'USD 14.5/pc at MOQ "
        "300 per style'. 50 of each for launch."
    )
    assert parse(text).stage == "idea"


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("we launch in March, need 500 jars", "idea"),
        ("our shop opens in May, need 500 jars", "idea"),
        ("wir starten im Frühjahr, brauchen 500 Gläser", "idea"),
        ("on lance notre marque en mars, 500 pots", "idea"),
        ("wir fangen gerade erst an, brauchen 500 Gläser", "launch"),
        ("on démarre tout juste, 500 pots", "launch"),
        ("hace poco que empezamos, 500 frascos", "launch"),
    ],
)
def test_a_launch_ahead_or_a_start_just_made(text: str, stage: str) -> None:
    assert parse(text).stage == stage


def test_launching_products_while_selling_is_no_launch_ahead() -> None:
    assert parse("we launch new flavours every month and sell 300 jars a month").stage == "growth"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Hallo aus Bozen! Wir machen Speck-Geschenkboxen, 800 Boxen", "IT"),
        ("Wir sind eine Brauerei aus Südtirol und brauchen Kronkorken", "IT"),
        ("We're a wedding planner in Bali and need 150 custom hand fans", "ID"),
        ("wir sind ein Metzgerbetrieb aus dem Allgäu und wollen Kartons", "DE"),
        ("Wir sind ein kleines Weingut im Tessin und brauchen Etiketten", "CH"),
        ("Corporate retreat in Lake Tahoe, need 85 fleece vests", "US"),
    ],
)
def test_regions_islands_and_lakes_founders_name(text: str, country: str) -> None:
    assert parse(text).country == country
