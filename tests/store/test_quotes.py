"""The quote book on real SQLite and PostgreSQL: each founder's quotes are theirs alone."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from bot.core.advice.currency import Rates
from bot.core.understanding.quotes import QuoteReading, correct_reading, read_quote
from bot.store.db import Database
from bot.store.quotes import MAX_QUOTES_PER_FOUNDER, QuoteBook, QuoteBookFull, RateStore

TEXT = "Acme: 1000 @ $0.80, 5000 @ $0.45, setup $150, lead time 3 weeks"
ANNA, BEN = 101, 202


def _reading() -> QuoteReading:
    reading = read_quote(TEXT)
    assert reading is not None
    return reading


async def test_a_quote_comes_back_with_every_figure_and_its_words(db: Database) -> None:
    async with db.sessions.begin() as session:
        added = await QuoteBook(session, ANNA).add("Acme", TEXT, _reading(), "forward")
    async with db.sessions() as session:
        entry = await QuoteBook(session, ANNA).get(added.id)
    assert entry is not None
    assert entry.reading == _reading()
    assert entry.reading.setup_fee is not None
    assert entry.reading.setup_fee.value == Decimal("150")
    assert entry.reading.setup_fee.span.words == "setup $150"
    assert not entry.confirmed


async def test_another_founder_can_neither_see_nor_touch_a_quote(db: Database) -> None:
    async with db.sessions.begin() as session:
        added = await QuoteBook(session, ANNA).add("Acme", TEXT, _reading(), "text")
    async with db.sessions.begin() as session:
        ben = QuoteBook(session, BEN)
        assert await ben.get(added.id) is None
        assert await ben.all() == []
        assert await ben.confirm(added.id) is None
        assert await ben.replace_reading(added.id, _reading()) is None
        assert await ben.delete(added.id) is False
    async with db.sessions() as session:
        kept = await QuoteBook(session, ANNA).get(added.id)
    assert kept is not None
    assert not kept.confirmed


async def test_confirm_edit_and_delete(db: Database) -> None:
    async with db.sessions.begin() as session:
        book = QuoteBook(session, ANNA)
        added = await book.add("Acme", TEXT, _reading(), "text")
        await book.confirm(added.id)
        assert [e.id for e in await book.all(confirmed_only=True)] == [added.id]
        corrected = correct_reading(_reading(), "setup", "120")
        edited = await book.replace_reading(added.id, corrected)
        assert edited is not None
        assert edited.reading.setup_fee is not None
        assert edited.reading.setup_fee.value == Decimal(120)
        assert not edited.confirmed  # a corrected quote is confirmed again before use
        assert await book.delete(added.id) is True
        assert await book.all() == []


async def test_the_book_has_a_cap(db: Database) -> None:
    async with db.sessions.begin() as session:
        book = QuoteBook(session, ANNA)
        for _ in range(MAX_QUOTES_PER_FOUNDER):
            await book.add("Acme", TEXT, _reading(), "text")
        with pytest.raises(QuoteBookFull):
            await book.add("Acme", TEXT, _reading(), "text")


async def test_the_newest_rates_win(db: Database) -> None:
    old = Rates(date(2024, 11, 25), {"USD": Decimal("1.0495")})
    new = Rates(date(2025, 2, 21), {"USD": Decimal("1.0465"), "GBP": Decimal("0.82")})
    async with db.sessions.begin() as session:
        assert await RateStore(session).current() is None
        await RateStore(session).save(old)
        await RateStore(session).save(new, loaded_by=7)
    async with db.sessions() as session:
        current = await RateStore(session).current()
    assert current == new
