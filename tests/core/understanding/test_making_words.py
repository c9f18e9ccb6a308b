"""Ways of making named beside the product: "3D printing" is no number, "CNC" says which shop,
a one-off said after a spec is still the order's."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.numbers import read_figures
from bot.core.understanding.parsing import parse
from bot.core.understanding.product import process_phrases


@pytest.mark.parametrize(
    "text", ["looking for 3d printing service for 200 nylon parts", "3-D printed 200 parts"]
)
def test_3d_printing_is_a_way_of_making_not_a_count(text: str) -> None:
    assert [f.value for f in read_figures(text).figures] == [200]


def test_cnc_names_the_way_of_making() -> None:
    assert "cnc" in process_phrases("need 50 pcs cnc aluminium brackets")


@pytest.mark.parametrize(
    "text",
    [
        "Need 50 pcs CNC aluminium brackets, 6061, anodised black. One-time.",
        "looking for a printer for our zine: 300 copies, one print run",
        "300 copies, a single production run",
    ],
)
def test_a_one_off_said_apart_from_the_need_is_the_needs(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.period is Period.ONCE


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("we need the PCB fabricated only, 4 layers, 100 boards", 100),
        ("PCB 2 layers, need 50", 50),
    ],
)
def test_layers_are_a_spec_not_the_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("EN71 needed, 300 toys", [300]),  # a standard glued to its letters: no "1"
        ("IP67 rated, 200 cases", [200]),
        ("IP 67 rated, 200 cases", [67, 200]),  # read, but as a reference
        ("A5 notebooks, 500", [500]),
    ],
)
def test_a_number_glued_to_letters_is_no_count(text: str, values: list[int]) -> None:
    figures = read_figures(text.lower()).figures
    assert [f.value for f in figures] == values
    assert [f.role.value for f in figures][-1] == "need"
