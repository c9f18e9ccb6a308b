"""Numbers by their role in a founder's message (issue 10), in four languages: rates and
deadlines beside a pasted quote, a range's upper end, budgets against cents and fees, per-run
amounts, prices at a quantity, counts said with growth, and set-up fees."""

from __future__ import annotations

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity", "period", "deadline"),
    [
        # the founder's rate or deadline is no lead time of the quote pasted beside it
        (
            "Wir brauchen 3.000 Beutel alle 6 Wochen. Angebot: 0,42 € ab 2.000 Stk., "
            "0,31 € ab 5.000 Stk.",
            500,
            Period.WEEK,
            None,
        ),
        (
            "we need 1,200 pouches every 6 weeks. Quote: $0.40 at 1,000, $0.30 at 5,000",
            200,
            Period.WEEK,
            None,
        ),
        (
            "Il nous faut 10 000 sous-bocks, livraison avant 5 semaines. Devis : 0,045 € "
            "pour 10 000, 0,032 € pour 25 000",
            10000,
            None,
            35,
        ),
        (
            "1,000 comics. printer quote $2.35/copy at 1k, $1.60 at 3k. Needs to be here in "
            "5 weeks",
            1000,
            None,
            35,
        ),
        # "within a month", "in a week", "dans une quinzaine": how soon, not how often
        ("need 1000 tea tins printed, within a month if poss", 1000, None, 30),
        ("need 200 candle jars in a week", 200, None, 7),
        ("need 500 mailers within a fortnight", 500, None, 14),
        ("Il nous faut 200 boîtes dans une quinzaine", 200, None, 14),
        ("necesito 300 cajas en una quincena", 300, None, 14),
        # a month and a half is a six-week rate
        ("solo necesito 1.200 bolsas cada mes y medio", 200, Period.WEEK, None),
        ("wir brauchen 1.200 Dosen alle anderthalb Monate", 200, Period.WEEK, None),
        ("every month and a half we go through 900 labels", 150, Period.WEEK, None),
        ("il nous faut 300 pots tous les mois et demi", 50, Period.WEEK, None),
    ],
)
def test_rates_and_deadlines_keep_their_role(
    text: str, quantity: int, period: Period | None, deadline: int | None
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period), text
    assert parsed.deadline_days == deadline, text
    assert parsed.period is None, text


def test_a_quoted_lead_time_stays_no_deadline() -> None:
    parsed = parse(
        "Angebot aus Polen: 0,95 € ab 3.000, 0,78 € ab 10.000. Lieferzeit 6 Wochen. "
        "Wir brauchen 3.000 Stück"
    )
    assert parsed.deadline_days is None
    assert parsed.quantity is not None
    assert parsed.quantity.value == 3000


@pytest.mark.parametrize(
    ("text", "quantity", "maximum"),
    [
        # "maybe up to", "bis zu", "jusqu'à", "hasta" after the need: its upper end, no budget
        ("felted wool sauna hats, 250 pcs, maybe up to 400 if price is good", 250, 400),
        ("Wir brauchen 250 Mützen, vielleicht bis zu 400", 250, 400),
        ("il nous faut 250 bonnets, peut-être jusqu'à 400", 250, 400),
        ("necesitamos 250 gorros, quizás hasta 400 unidades", 250, 400),
        # a ceiling alone counts units
        ("wir brauchen bis zu 400 Stück", 400, None),
        # a later order is no upper end
        ("we need 25 boards now, up to 500 later", 25, None),
    ],
)
def test_a_ceiling_after_the_need_is_its_upper_end(
    text: str, quantity: int, maximum: int | None
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert (parsed.quantity.value, parsed.quantity.maximum) == (quantity, maximum), text
    assert parsed.budget is None, text


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("need 250 hats, budget up to 400", 400),
        ("we need 300 mugs, can spend up to 900", 900),
        ("Presupuesto hasta 2000, necesitamos 300 tazas", 2000),
    ],
)
def test_a_ceiling_with_a_spend_word_stays_the_budget(text: str, budget: int) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.amount == budget, text


@pytest.mark.parametrize(
    ("text", "budget", "target"),
    [
        # a bare ceiling on a whole sum is the order's budget
        ("Need 1,000 wristbands for a festival. One-time. max €600", 600, None),
        ("Wir brauchen 90 Einladungskarten. Max. 250 €.", 250, None),
        ("Wir brauchen 500 Tassen, höchstens 900 €", 900, None),
        # with a unit after it, the ceiling is a price per unit
        ("need 300 jackets, max €150 per jacket", None, 150),
        # cents with no spend word are a price, no budget
        ("I think we need about 3k hang tags for the year. Is $0.14 decent?", None, None),
        ("Pagamos 0,38 € ahora, necesitamos 10.000 envases", None, None),
        ("Spritzguss: ab 1.000 Stk 0,70 €. Wir brauchen 300", None, None),
        ("we need 300 bottles a month, is it worth it if the cost drops from $6.80?", None, None),
    ],
)
def test_a_ceiling_on_a_sum_is_a_budget_and_cents_are_none(
    text: str, budget: int | None, target: int | None
) -> None:
    parsed = parse(text)
    assert (parsed.budget.amount if parsed.budget else None) == budget, text
    price = parsed.target_unit_price
    assert (price.amount if price else None) == target, text


@pytest.mark.parametrize(
    "text",
    [
        # money per run, batch or bottling is paid once per order: a budget, no unit price
        "Zweitausend Flaschen alle drei Monate, Budget 3.000 € pro Abfüllung",
        "Budget 800 € par tirage, il nous faut 500 étiquettes",
        "presupuesto 600 € por lote, 1.000 etiquetas",
        "budget $2,000 per production run for 500 tins",
    ],
)
def test_money_per_run_is_a_budget_per_order(text: str) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.period is None, text
    assert parsed.target_unit_price is None, text


@pytest.mark.parametrize(
    ("text", "fee"),
    [
        # a die, a matrix, a plate engraving or a cliché is a set-up or tooling fee: no budget,
        # and its "one-time" says nothing of how often the founder orders
        ("necesito 500 etiquetas, matriz USD 40 (única vez)", "tooling_fee"),
        ("Etiquetas: 1,000 a $4.50 MXN c/u. Grabado de placa $1,800 por pedido.", "setup_fee"),
        ("need 2,500 copies, one-time die fee $600", "tooling_fee"),
        ("Wir brauchen 1.000 Etiketten, Klischee 40 €", "setup_fee"),
    ],
)
def test_set_up_and_tooling_fees_are_no_budget(text: str, fee: str) -> None:
    parsed = parse(text)
    assert getattr(parsed, fee) is not None, text
    assert parsed.budget is None, text
    assert parsed.period is None, text
    assert parsed.quantity is None or parsed.quantity.period is None, text
