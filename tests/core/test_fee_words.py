"""A fee in a founder's message is that fee in every language, never the budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.parsing import parse, tooled_price


@pytest.mark.parametrize(
    "text",
    [
        "Ein Spritzguss-Werkzeug würde 7.800€ kosten, dann 1,20€ pro Teil.",
        "le moule coûterait 7 800 €, puis 1,20 € la pièce",
        "el molde costaría 7.800€ y luego 1,20€ por pieza",
    ],
)
def test_a_tool_that_would_cost_is_tooling_not_a_budget(text: str) -> None:
    parsed = parse(text)
    assert parsed.tooling_fee is not None
    assert parsed.tooling_fee.amount == Decimal(7800)
    assert parsed.budget is None


@pytest.mark.parametrize(
    "text",
    [
        "1000 uds a 0,45 USD, 5000 uds a 0,28 USD, clisé 180 USD. ¿Cuál me conviene?",
        "son 0,30 € la unidad y planchas 180 €",
    ],
)
def test_spanish_plates_are_a_set_up_fee_not_a_budget(text: str) -> None:
    parsed = parse(text)
    assert parsed.setup_fee is not None
    assert parsed.setup_fee.amount == Decimal(180)
    assert parsed.budget is None


@pytest.mark.parametrize(
    ("text", "price"),
    [
        (
            "an injection mould would be €7,800 and then €1.20 per part, we print at €9.50 each",
            "1.20",
        ),
        ("Ein Spritzguss-Werkzeug würde 7.800€ kosten, dann 1,20€ pro Teil.", "1.20"),
        ("we pay $4 each now; tooling is $6k, then $0.60 a piece", "0.60"),
    ],
)
def test_the_price_after_a_tooling_fee_is_the_tooled_price(text: str, price: str) -> None:
    found = tooled_price(parse(text))
    assert found is not None
    assert found.value == Decimal(price)


def test_without_a_tooling_fee_no_price_is_a_tooled_one() -> None:
    assert tooled_price(parse("300 mailer boxes a month at about €1.20 each")) is None
