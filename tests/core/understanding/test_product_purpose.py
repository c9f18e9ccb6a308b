"""What the product is for, and what a supplier is to make: "straps for watches" asks for straps,
"un taller que haga anillos" for rings, "a PCB fab for prototype boards" names a supplier; the
ways of making ("CNC", "3D printing") name the supplier's kind beside the product."""

from __future__ import annotations

import pytest

from bot.core.search.matching import SearchIndex
from bot.core.understanding.product import phrases
from tests.core.understanding.reading import read


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        (
            "Servus, ich suche einen Hersteller für Lederarmbänder für Uhren, 300 Stück",
            "Lederarmbänder",
            "leather-goods",
        ),
        ("we need 500 pouches for dog treats, kraft with zip", "pouches", "packaging-pouches"),
    ],
)
def test_what_a_product_is_for_is_not_the_product(
    index: SearchIndex, text: str, product: str, category: str
) -> None:
    reading = read(index, text)
    assert reading.product == product
    assert category in reading.categories


@pytest.mark.parametrize(
    ("text", "product"),
    [
        (
            "tengo una marca de joyería en Buenos Aires, busco un taller que haga anillos de "
            "plata, unas 50 piezas por mes",
            "anillos de plata",
        ),
        ("je cherche un atelier qui fasse des sacs en cuir, 100 pièces", "sacs en cuir"),
    ],
)
def test_what_a_supplier_is_to_make_is_the_product(
    index: SearchIndex, text: str, product: str
) -> None:
    assert read(index, text).product == product


def test_a_fab_is_a_supplier_not_the_product(index: SearchIndex) -> None:
    reading = read(index, "Im looking for a PCB fab for 10 prototype boards, 2 layer")
    assert reading.product == "prototype boards"
    assert "pcb-fabrication" in reading.categories


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Need quote for 50 pcs CNC aluminium brackets, anodised black", "cnc-machining"),
        ("Looking for 3D printing service for 200 nylon parts every month", "3d-printing"),
    ],
)
def test_a_way_of_making_named_beside_the_product_names_its_category(
    index: SearchIndex, text: str, category: str
) -> None:
    assert category in read(index, text).categories


def _cue(text: str, span: str, language: str = "en") -> float:
    """Returns the cue before a candidate phrase of the text."""
    return next(p.cue for p in phrases(text, language) if p.span == span)


@pytest.mark.parametrize(
    ("text", "span", "language"),
    [
        ("need leather straps for watches", "watches", "en"),
        ("wir brauchen etiketten für honiggläser", "honigglaser", "de"),
    ],
)
def test_the_phrase_a_product_is_for_counts_as_the_founders_own(
    text: str, span: str, language: str
) -> None:
    assert _cue(text, span, language) < 0


@pytest.mark.parametrize(
    ("text", "span", "language"),
    [
        ("any recs for eco mailers", "eco mailers", "en"),
        ("suche einen anbieter für etiketten", "etiketten", "de"),
        ("need a co-packer for hot sauce", "hot sauce", "en"),
    ],
)
def test_the_item_after_what_is_asked_for_is_no_purpose(
    text: str, span: str, language: str
) -> None:
    assert _cue(text, span, language) >= 0


@pytest.mark.parametrize(
    ("text", "product", "category"),
    [
        ("our coffee shop needs 2000 compostable cups each month", "compostable cups", None),
        ("¿alguien hace camisetas bordadas? necesito 150", "camisetas bordadas", None),
        ("need 3,000 recycled mailers a month", "recycled mailers", "packaging-mailers"),
    ],
)
def test_a_claim_that_says_the_kind_stays_in_the_product(
    index: SearchIndex, text: str, product: str, category: str | None
) -> None:
    reading = read(index, text)
    assert reading.product == product
    assert category is None or category in reading.categories
    assert reading.parsed is not None
    assert reading.parsed.certifications or "alguien" in text


def test_kitting_is_a_service_and_the_kits_are_the_product(index: SearchIndex) -> None:
    reading = read(
        index, "we're a meal kit startup doing 600 kits a week, need someone to do kitting"
    )
    assert reading.product == "kits"
    assert "kitting" in reading.categories


def test_the_shops_a_founder_sells_in_name_no_product(index: SearchIndex) -> None:
    text = "we sell in 12 pet shops and need 500 kraft pouches a month"
    assert _cue(text.replace(" 12", "").replace(" 500", ""), "pet") < 0
    assert read(index, text).product == "kraft pouches"


def test_an_e_mails_header_is_no_product(index: SearchIndex) -> None:
    reading = read(index, "FW: Angebot Etiketten — 5.000 Stück à 0,06 €, 10.000 Stück à 0,045 €")
    assert reading.product == "Etiketten"


def test_the_lids_of_a_product_are_not_the_product(index: SearchIndex) -> None:
    # the cups come with their lids: the lids are part of the item, never the item alone
    assert read(index, "need 300 bamboo cups with lids").product == "bamboo cups with lids"
