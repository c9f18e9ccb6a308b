"""Fees written after their amount in French, marking and engraving fees, "up front", and the
message contract's plate rule (a plate or cliché not said to be one-off is the set-up)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.understanding.parsing import parse
from bot.core.understanding.quotes import read_quote


def _fees(text: str) -> tuple[Decimal | None, Decimal | None]:
    reading = read_quote(text)
    assert reading is not None
    setup, tooling = reading.setup_fee, reading.tooling_fee
    return (setup.value if setup else None, tooling.value if tooling else None)


@pytest.mark.parametrize(
    ("text", "setup", "tooling"),
    [
        ("Devis : 500 pcs à 2,10 €, 80 € de frais de marquage par commande", "80", None),
        ("Devis reçu : 600 pcs à 3,20 €, gravure 150 € de frais fixes.", "150", None),
        (
            "100 planches à 28 € pièce, plus 250 € de frais de gravure du logo (une fois).",
            None,
            "250",
        ),
        ("1,10 € l'unité dès 200 pcs, + 35 € de frais de cliché.", None, "35"),
        (
            "a silicone mould + casting setup around €900 up front and €2.20 per piece from 50 up",
            None,
            "900",
        ),
    ],
)
def test_french_fees_after_the_amount_and_paid_up_front(
    text: str, setup: str | None, tooling: str | None
) -> None:
    assert _fees(text) == (
        Decimal(setup) if setup else None,
        Decimal(tooling) if tooling else None,
    )


def test_a_space_grouped_fee_before_its_words() -> None:
    assert _fees("Le fournisseur demande 1 200 CHF de frais de marquage + 4,50 CHF la boîte")[
        0
    ] == Decimal(1200)


@pytest.mark.parametrize(
    ("text", "setup", "tooling"),
    [
        ("Quote: 500 mailers @ $1.42, 1000 @ $0.98, plus $150 plate charge.", 150, None),
        (
            "Un devis : 1,10 € l'unité dès 200 pcs, 0,85 € dès 500, + 35 € de frais de cliché.",
            35,
            None,
        ),
        ("Quote: 20k cups at A$0.14, plus a A$250 plate charge one-off.", None, 250),
        ("Angebot: 0,42 € ab 2.000 Stk., Klischeekosten einmalig 180 €.", None, 180),
    ],
)
def test_a_message_reads_a_plate_not_said_one_off_as_set_up(
    text: str, setup: int | None, tooling: int | None
) -> None:
    parsed = parse(text)
    assert parsed.quote is not None
    got_setup = parsed.setup_fee.amount if parsed.setup_fee else None
    got_tooling = parsed.tooling_fee.amount if parsed.tooling_fee else None
    assert (got_setup, got_tooling) == (setup, tooling)
