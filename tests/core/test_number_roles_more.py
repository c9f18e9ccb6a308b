"""Numbers by their role in a founder's first message (issue 10), in four languages: what the
founder sells now against what they order, specs that are no need, per-unit targets that are no
budget."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.core.types import Period
from bot.core.understanding.parsing import parse


@pytest.mark.parametrize(
    ("text", "quantity", "period"),
    [
        # the founder's present sales yield to the order they state
        ("we sell about 150 candles a week at fairs. 8oz tins, 1,200 to start", 1200, None),
        ("our shop sells ~2k a quarter. 6k printed tins, what MOQ is normal?", 6000, None),
        ("wir verkaufen ca. 250 Seifen im Monat. Banderolen 5 cm, 2.000 Stück", 2000, None),
        ("je vends 120 bols par mois. Boîtes 20x20 cm, 800 pièces par commande", 800, None),
        ("vendemos unas 300 velas al mes; 1.500 frascos por pedido", 1500, None),
        # the founder's order is also the quote's first tier
        (
            "Je vends env. 60 colliers/mois. Pochettes, 400 pièces. Devis : 400 pcs à 0,90 €, "
            "1000 pcs à 0,60 €",
            400,
            None,
        ),
        # with no order of their own, the sales rate is the need
        ("we sell 400 jars a month and need labels for them", 400, Period.MONTH),
        ("nous vendons 90 coffrets par mois, il nous faut des rubans", 90, Period.MONTH),
        # a supplier's minimum restated is no order of the founder's
        ("MOQ is 500 per scent, we have 4 scents, sell 70 a month. Can't do 2k", 70, Period.MONTH),
        ("Mindestmenge 3.000 Dosen, wir verkaufen 200 im Monat. 3.000 nehmen?", 200, Period.MONTH),
        # a price break is the supplier's, not an order
        ("€0.40 a piece at 3000+, we sell 150 a month", 150, Period.MONTH),
        ("0,35 € das Stück ab 5.000, wir verkaufen 300 im Monat", 300, Period.MONTH),
        # a smaller count beside the sales is a spec, not the order
        ("vendemos 500 cajas al mes, cajas para 6 botellas", 500, Period.MONTH),
    ],
)
def test_sales_now_yield_to_the_order_stated(
    text: str, quantity: int, period: Period | None
) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        # a date's day is no count, in the founder's language
        ("il nous faut 250 tabliers brodés avant le 12 décembre", 250),
        ("wir brauchen 600 Kalender, Lieferung bis 20. Oktober", 600),
        ("necesito 400 gorras para el 3 de marzo", 400),
        ("La boda es el 21 de junio y queremos 80 abanicos", 80),
        ("Hochzeit am 9. Mai, wir möchten 70 Gläser mit Gravur", 70),
        # the team is not the order
        ("on est 4 à Lyon et on veut 300 gourdes gravées", 300),
        ("wir sind 2 Gründer und brauchen 800 Etiketten", 800),
        ("somos 3 socias y buscamos 1.000 bolsas de papel", 1000),
        ("we're 5 friends starting a brand, first run 200 caps", 200),
        # "wait", "attendez", "warte", "espera": the later number replaces the earlier one
        ("on cherche 60 bougies, non attendez, 75 avec la famille", 75),
        ("wir brauchen 40 Tassen, warte, eher 55", 55),
        ("queremos 120 llaveros, espera, mejor 150", 150),
    ],
)
def test_dates_teams_and_corrections_are_no_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity, text


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        # what one container holds is no count of containers
        ("tarot cards, 80 cards a deck, 300 decks please", 300),
        ("vitamin gummies, 90 gummies/jar, 2,000 jars", 2000),
        ("Tee in Schachteln, 12 Beutel pro Schachtel, 5.000 Schachteln", 5000),
        ("3.000 Schachteln à 25 Beutel für unseren Kräutertee", 3000),
        ("bonbons, 40 bonbons par boîte, 1 500 boîtes", 1500),
        ("galletas, 12 galletas por caja, 2.000 cajas", 2000),
        # a container's few places
        ("gift boxes for 4 candles, 600 pcs", 600),
        ("des coffrets en bois pour 3 bouteilles, 250 pièces", 250),
        ("estuches de cartón para 2 copas, 400 unidades", 400),
        ("Holzkisten für 6 Flaschen, 150 Stück", 150),
        # a puzzle's pieces
        ("500 piece jigsaws of our city map, 400 puzzles", 400),
        ("Holzpuzzles (1000 Teile), 200 Stück", 200),
        ("un puzzle de 1000 pièces, 300 exemplaires", 300),
        ("rompecabezas, puzzle de 500 piezas, 250 cajas", 250),
    ],
)
def test_what_one_unit_holds_is_no_need(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity, text


@pytest.mark.parametrize(
    "text",
    [
        "we need 40 gift boxes for our shop",  # a count of boxes, not the places in one
        "1.200 boîtes pour 2025 et 1 500 plus tard",
    ],
)
def test_a_count_of_containers_stays_the_need(text: str) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value in (40, 1200), text


@pytest.mark.parametrize(
    ("text", "price"),
    [
        # a price on its trade terms or with "target" after it is per unit
        ("merino beanies, 600 pcs, €14 max FOB", "14"),
        ("we'd pay up to $18 FOB for 400 jackets", "18"),
        ("300 mochilas, 25 USD landed como máximo", "25"),
        ("2.000 Becher, 0,80 € Zielpreis", "0.80"),
        ("5k lanyards, C$0.90 target", "0.90"),
        # "price per …" names the unit
        ("Preis pro Tasche sollte unter 12 € liegen, 500 Stück", "12"),
        ("le prix par pot autour de 1,20 €, 3 000 pots", "1.20"),
        ("precio por camiseta máximo 6 €, 800 camisetas", "6"),
        # a wish after the price: no supplier's price at the minimum
        ("factory min is 5,000 tins. $0.40 per tin would be great", "0.40"),
        ("Mindestmenge 2.000 Gläser. 0,50 € pro Glas wäre super", "0.50"),
        ("le fournisseur veut 1 000 pièces minimum. Budget 3 € par pièce", "3"),
        # a target said below the supplier's price
        ("quoted $24 per hoodie, would love under $19. 300 hoodies", "19"),
        ("l'atelier demande 45 € le sac, on voudrait moins de 38 €", "38"),
        ("die Druckerei nimmt 2,40 € pro Stück, wir wollen unter 1,90 €", "1.90"),
        ("nos cobran 12.000 COP por unidad y queremos bajar a 9.500", "9500"),
    ],
)
def test_a_price_per_unit_is_no_budget(text: str, price: str) -> None:
    parsed = parse(text)
    assert parsed.target_unit_price is not None, text
    assert parsed.target_unit_price.amount == Decimal(price), text
    assert parsed.budget is None, text


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("quoted $2.10 per tin, our whole budget is under $3,000", "3000"),
        ("on nous demande 1,50 € la boîte, budget total 2 000 €", "2000"),
        ("Budget max 600 € für 1.000 Armbänder", "600"),
    ],
)
def test_a_budget_stays_a_budget_beside_a_price(text: str, budget: str) -> None:
    parsed = parse(text)
    assert parsed.budget is not None, text
    assert parsed.budget.amount == Decimal(budget), text


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("DLUO 18 mois, 2 000 bocaux de confiture", 18),
        ("il nous faut 500 pots, DDM 12 mois minimum", 12),
        ("notre miel se conserve 2 ans, 1 000 pots", 24),
        ("necesitamos vida de anaquel de 9 meses, 3.000 frascos", 9),
        ("consumo preferente de 6 meses para 800 bolsas", 6),
        ("la salsa dura 10 meses, queremos 2.000 botellas", 10),
        ("vida útil 3 años, 5.000 latas", 36),
        ("Der Sirup hält sich 15 Monate, 1.200 Flaschen", 15),
        ("jam keeps 2+ years, 600 jars", 24),
        # how long an order lasts is no shelf life
        ("MOQ 6k, which is 4 months of stock, shelf life is 10 months", 10),
    ],
)
def test_shelf_life_in_the_founders_words(text: str, months: int) -> None:
    assert parse(text).shelf_life_months == months, text


@pytest.mark.parametrize(
    ("text", "moq"),
    [
        ("our printer wants 2 500 min. we need 800 a month", 2500),
        ("they want 1200 min, we only need 300", 1200),
        ("quoted €4.10 per bag with a 200 pcs per colour minimum", 200),
        ("the mill just raised MOQ to 5,000 per design", 5000),
        ("MOQ from most bottlers is like 50k, we need 4k a month", 50000),
        ("MOQ du fabricant : 3 000, il nous faut 600 boîtes", 3000),
        ("Mindestmenge liegt meist bei 20'000, wir brauchen 2'000 im Monat", 20000),
        ("el mínimo del taller: 1.000, necesitamos 250 bolsos", 1000),
    ],
)
def test_the_suppliers_minimum_in_the_founders_words(text: str, moq: int) -> None:
    assert parse(text).supplier_moq == moq, text


@pytest.mark.parametrize(
    "text",
    [
        "we're growing from 20k to 60k jars a quarter",  # a growth, not a minimum
        "wir wachsen von 2 Tonnen auf 8 Tonnen im Monat",
        # a minimum by weight does not compare with a need counted in units
        "need 3k tubs a month. MOQ elsewhere: 20,000 lbs per run",
        "the workshop needs 15 min per piece, we want 400 pieces",  # minutes
    ],
)
def test_no_minimum_is_read(text: str) -> None:
    assert parse(text).supplier_moq is None, text


@pytest.mark.parametrize(
    "text",
    [
        # a fee of another kind, or money paid once, is no budget
        "the sample fee was $80 and they quoted $3.10/pc at 500. I need 500",
        "plus drop testing $1,200 one-off, we need 300 cases",
        "One-time pattern development fee 200 USD, 400 jackets",
        "un embouteilleur propose 0,70 € la canette + 1 800 € de frais de formulation",
        "Musterkosten 90 €, wir brauchen 250 Taschen",
        "la muestra cuesta 45 € y necesitamos 600 gorras",
    ],
)
def test_a_fee_is_no_budget(text: str) -> None:
    assert parse(text).budget is None, text


@pytest.mark.parametrize(
    ("text", "period"),
    [
        # the one-off word after a fee is the fee's, not the order's
        ("1 500 boîtes, cliché 120 € (une seule fois)", None),
        ("2,000 mailers, plates $90 one-off", None),
        ("800 Etiketten, Klischee 60 € einmalig", None),
        # a one-off order stays one
        ("300 mugs, a one-off order, budget €900", Period.ONCE),
    ],
)
def test_a_fees_one_off_word_is_not_the_orders(text: str, period: Period | None) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.period == period, text


@pytest.mark.parametrize(
    ("text", "days"),
    [
        # the earliest of two dates is the one the goods must meet
        ("our fair is in 3 months, we need the 500 banners within 5 weeks", 35),
        ("la boda es en 6 meses, necesitamos 120 invitaciones en 4 semanas", 28),
        ("Messe in 2 Monaten, die 300 Taschen brauchen wir innerhalb von 3 Wochen", 21),
        # "rush", "urgent", "dringend", "urgente" before the time
        ("need 200 lanyards, rush, 10 days?", 10),
        ("200 tote bags, urgent: 2 weeks", 14),
        ("400 Flyer, dringend, 5 Tage", 5),
        ("300 camisetas, urgente, 3 semanas", 21),
    ],
)
def test_the_deadline_is_the_earliest_time_said(text: str, days: int) -> None:
    assert parse(text).deadline_days == days, text


@pytest.mark.parametrize(
    ("text", "quantity", "period"),
    [
        # a first year's need is a yearly rate
        ("we think we'd sell 800 in year one", 800, Period.YEAR),
        ("we need about 4k for the year", 4000, Period.YEAR),
        ("Wir planen 2.500 Stück im ersten Jahr", 2500, Period.YEAR),
        ("on vise 1 200 coffrets la première année", 1200, Period.YEAR),
        ("queremos 5.000 unidades el primer año", 5000, Period.YEAR),
        # a one-off in the founder's words
        ("una sola tanda de 400 frascos", 400, Period.ONCE),
        ("queremos 900 cajas, solo esta vez", 900, Period.ONCE),
        ("wir brauchen 250 Schürzen, nur einmal", 250, Period.ONCE),
        # a one-off budget is a one-off order; a budget "in total" says nothing of that
        ("Wir brauchen 300 Jacken. Budget 6.000 €, einmalig", 300, Period.ONCE),
        ("need 6 e-bikes to start, budget around $12k total", 6, None),
    ],
)
def test_first_years_and_one_offs(text: str, quantity: int, period: Period | None) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert (parsed.quantity.value, parsed.quantity.period) == (quantity, period)


@pytest.mark.parametrize(
    ("text", "quantity"),
    [
        # "N variants x M" is M of each
        ("3 Sorten x 1.000 Stück Lippenbalsam", 3000),
        ("4 colours x 250 pcs of our tote", 1000),
        ("2 modèles x 300 pièces", 600),
        ("3 diseños x 200 unidades", 600),
        # blends and recipes are variants too
        ("we want 3 blends, 400 tins of each", 1200),
        ("Wir haben 2 Rezepte, je 500 Flaschen", 1000),
        ("4 recettes, 250 pots de chaque", 1000),
        ("5 mezclas, 100 bolsas de cada una", 500),
    ],
)
def test_a_count_of_each_variant_is_multiplied(text: str, quantity: int) -> None:
    parsed = parse(text)
    assert parsed.quantity is not None, text
    assert parsed.quantity.value == quantity, text
