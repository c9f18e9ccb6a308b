"""The chat reads a first message's product as `smallbatch understand` does (issue 10): the noun
phrase of the item to source, its categories by the head noun, no stray fuzzy category; and a
product no category covers is named in the "not covered" answer."""

from __future__ import annotations

import pytest

from bot.config import default_knowledge_dir
from bot.core.conversation.dialog import DialogState, KnowledgeView, step
from bot.core.conversation.messages import NothingFits
from bot.core.conversation.transcript import need_json
from bot.core.curation.knowledge import validate_rows
from bot.core.search.matching import SearchIndex
from bot.core.types import Text
from bot.knowledge_files import load_knowledge_dir
from tests.core.conftest import TODAY


@pytest.fixture(scope="module")
def live_kb() -> KnowledgeView:
    """The knowledge base as shipped in knowledge/ (the taxonomy the reader is written for)."""
    rows, taxonomy = load_knowledge_dir(default_knowledge_dir())
    suppliers, errors = validate_rows(rows)
    assert not errors, errors[:3]
    index = SearchIndex.build(suppliers, taxonomy)
    return KnowledgeView(index=index, taxonomy=taxonomy)


def first_turn(kb: KnowledgeView, text: str) -> tuple[DialogState, tuple[object, ...]]:
    """Returns the state and messages after one message to a fresh conversation."""
    turn = step(DialogState.new(), Text(text), kb, TODAY)
    return turn.state, turn.messages


def test_the_head_noun_decides_the_category(live_kb: KnowledgeView) -> None:
    text = (
        "Which tier should I take for the candle labels, 1000 for "
        "$45 or 3000 for $90? We sell ~400 candles a month"
    )
    state, _ = first_turn(live_kb, text)
    assert state.need.product == "candle labels"
    assert state.need.categories == ("labels",)


def test_greeting_brand_and_place_do_not_block_the_product(live_kb: KnowledgeView) -> None:
    text = (
        "Hi everyone!! We're Salt & Stone, a tiny skincare brand "
        "in Cornwall. Need about 300 custom printed mailer boxes a month"
    )
    state, _ = first_turn(live_kb, text)
    assert state.need.product == "custom printed mailer boxes"
    assert state.need.categories
    assert state.need.categories[0].startswith("packaging")
    assert state.need.quantity == 300


def test_the_item_to_source_beats_the_founders_own_product(live_kb: KnowledgeView) -> None:
    text = (
        "Hola! Hacemos jabones artesanales en Valencia. "
        "Vendemos 500 al mes. Buscamos cajas impresas"
    )
    state, _ = first_turn(live_kb, text)
    assert state.need.product is not None
    assert state.need.product.startswith("cajas impresas")
    assert "soap-bath" not in state.need.categories


def test_an_uncovered_product_is_named_by_its_phrase(live_kb: KnowledgeView) -> None:
    text = (
        "Anyone know a factory for yoga mats? cork top, 4mm. looking for 200 pcs, we are in Berlin"
    )
    state, messages = first_turn(live_kb, text)
    gaps = [m for m in messages if isinstance(m, NothingFits)]
    assert len(gaps) == 1
    assert gaps[0].product == "yoga mats"
    assert state.need.categories == ()


def test_the_need_json_currency_is_the_quotes_when_the_founder_gives_none(
    live_kb: KnowledgeView,
) -> None:
    text = (
        "supplier quoted 1k pcs $0.80, 5k pcs $0.55 for "
        "our printed tissue paper. we use 300 sheets a month"
    )
    state, _ = first_turn(live_kb, text)
    assert state.need.currency is None  # no money of the founder's own
    assert need_json(state.need, state.quote)["currency"] == "USD"


@pytest.mark.parametrize(
    ("text", "currency"),
    [
        ("our current shop charges NT$1,450 per case, we need 3,000 cases a quarter", "TWD"),
        ("Actuellement 0,09 CHF l'étiquette, il nous faut 30 000 étiquettes par an", "CHF"),
        ("Wir zahlen aktuell 4,20 € pro Karton und brauchen 400 Kartons pro Woche", "EUR"),
    ],
)
def test_the_need_json_currency_is_that_of_any_price_the_founder_named(
    live_kb: KnowledgeView, text: str, currency: str
) -> None:
    state, _ = first_turn(live_kb, text)
    assert state.need.currency is None  # no money of the founder's own
    stored = DialogState.from_dict(state.to_dict())
    need = need_json(stored.need, stored.quote, None, stored.money_currency)
    assert need["currency"] == currency


def test_kroner_are_the_founders_own_crowns(live_kb: KnowledgeView) -> None:
    state, _ = first_turn(live_kb, "we're in Oslo, need 500 beanies, budget 40 000 kr")
    assert state.need.currency == "NOK"


def test_the_need_json_names_an_uncovered_product_as_understand_does(
    live_kb: KnowledgeView,
) -> None:
    state, _ = first_turn(live_kb, "hey, looking for someone to make 300 yoga mats a month")
    need = need_json(state.need, state.quote, state.uncovered_product)
    assert (need["product"], need["categories"], need["covered"]) == ("yoga mats", [], False)
    # it survives the stored state, and a covered product replaces it
    stored = DialogState.from_dict(state.to_dict())
    assert stored.uncovered_product == "yoga mats"
    turn = step(stored, Text("actually we need printed mailer boxes"), live_kb, TODAY)
    assert turn.state.uncovered_product is None
    assert need_json(turn.state.need, None, turn.state.uncovered_product)["covered"] is True
