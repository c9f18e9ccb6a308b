"""Money made the founder's budget by the words after it ("2k to spend", "a 5k budget", "à
dépenser", "para gastar", "zum Ausgeben"), or by filler after the word budget ("Budget liegt
bei ca. 2.000"), with or without a currency; the count after it stays the need."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "budget", "quantity"),
    [
        ("I have 2k to spend on 250 caps", 2000, 250),
        ("we've got about 5000 to invest, need 300 bags", 5000, 300),
        ("about 3 grand to play with, 200 hoodies", 3000, 200),
        ("we have a 5k budget for 400 hoodies", 5000, 400),
        ("2k budget, 150 shirts, Sydney", 2000, 150),
        ("on a 1k budget, 100 candles", 1000, 100),
        ("j'ai 1500 à dépenser pour 300 bougies", 1500, 300),
        ("tengo 800 para gastar, necesito 200 tazas", 800, 200),
        ("wir haben 2000 zum Ausgeben, brauchen 300 Tassen", 2000, 300),
        ("Budget liegt bei ca. 2.000, 300 Tassen", 2000, 300),
    ],
)
def test_money_before_its_budget_words_is_the_budget(
    text: str, budget: int, quantity: int
) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.amount == Decimal(budget)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "budget", "quantity"),
    [
        ("budget 2k, 150 shirts", 2000, 150),
        ("a 3000 euro budget, 500 flyers", 3000, 500),
        ("budget d'environ 800, il nous faut 200 bougies", 800, 200),
    ],
)
def test_the_count_after_a_budget_is_no_budget(text: str, budget: int, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.amount == Decimal(budget)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        ("wir können maximal 1.500 € ausgeben, 300 Tassen", 300),
        ("$2k spend, 150 shirts", 150),
        ("on peut dépenser 900 € max, 250 bougies", 250),
    ],
)
def test_a_spend_verb_after_money_is_that_money_s(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("Budget pro Monat: 500 €, 300 Kerzen", Period.MONTH),
        ("budget per month: 600€, 300 candles", Period.MONTH),
        ("presupuesto al mes: 300 €, 100 velas", Period.MONTH),
        ("budget par an : 8 000 €, 4 000 pots", Period.YEAR),
        ("budget a week ~ $200 for 50 loaves", Period.WEEK),
    ],
)
def test_a_budget_word_with_its_period_before_the_amount(text: str, period: Period) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.period is period
