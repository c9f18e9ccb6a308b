"""The quote book (each founder's own quotes) and the loaded reference rates; never commits.

Every quote query is filtered by the founder's user id: a quote id alone never reaches a row,
so one founder cannot read, confirm, edit or delete another's quote by guessing its number.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.advice.currency import Rates
from bot.core.understanding.quotes import QuoteReading, reading_from_dict, reading_to_dict
from bot.store.models import QuoteRow, RateSetRow

# A founder compares a handful of quotes; the cap keeps one account from filling the database.
MAX_QUOTES_PER_FOUNDER = 50


class QuoteBookFull(Exception):
    """The founder already keeps MAX_QUOTES_PER_FOUNDER quotes."""


@dataclass(frozen=True, slots=True)
class BookEntry:
    """One quote in a founder's book."""

    id: int
    user_id: int
    supplier: str
    text: str
    reading: QuoteReading
    source: str
    filename: str | None
    confirmed: bool
    created_at: datetime


def _aware(moment: datetime) -> datetime:
    """Returns the time with UTC attached when the engine dropped the zone (SQLite)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _entry(row: QuoteRow) -> BookEntry:
    return BookEntry(
        id=row.id,
        user_id=row.user_id,
        supplier=row.supplier,
        text=row.text,
        reading=reading_from_dict(row.reading),
        source=row.source,
        filename=row.filename,
        confirmed=row.confirmed,
        created_at=_aware(row.created_at),
    )


class QuoteBook:
    """One founder's quotes; the caller owns the transaction."""

    def __init__(self, session: AsyncSession, user_id: int) -> None:
        self.session = session
        self.user_id = user_id

    async def add(
        self,
        supplier: str,
        text: str,
        reading: QuoteReading,
        source: str,
        filename: str | None = None,
    ) -> BookEntry:
        """Stores a quote, not yet confirmed; raises QuoteBookFull at the cap."""
        if await self.count() >= MAX_QUOTES_PER_FOUNDER:
            raise QuoteBookFull
        row = QuoteRow(
            user_id=self.user_id,
            supplier=supplier[:200],
            text=text,
            reading=reading_to_dict(reading),
            source=source,
            filename=filename[:255] if filename else None,
            confirmed=False,
        )
        self.session.add(row)
        await self.session.flush()
        return _entry(row)

    async def count(self) -> int:
        """Returns how many quotes the founder keeps."""
        total = await self.session.scalar(
            select(func.count()).select_from(QuoteRow).where(QuoteRow.user_id == self.user_id)
        )
        return int(total or 0)

    async def _row(self, quote_id: int) -> QuoteRow | None:
        return await self.session.scalar(
            select(QuoteRow).where(QuoteRow.id == quote_id, QuoteRow.user_id == self.user_id)
        )

    async def get(self, quote_id: int) -> BookEntry | None:
        """Returns the founder's quote with that id, or None (also for another founder's)."""
        row = await self._row(quote_id)
        return _entry(row) if row is not None else None

    async def all(self, *, confirmed_only: bool = False) -> list[BookEntry]:
        """Returns the founder's quotes, oldest first."""
        query = select(QuoteRow).where(QuoteRow.user_id == self.user_id)
        if confirmed_only:
            query = query.where(QuoteRow.confirmed.is_(True))
        rows = await self.session.scalars(query.order_by(QuoteRow.id))
        return [_entry(row) for row in rows]

    async def confirm(self, quote_id: int) -> BookEntry | None:
        """Marks the quote confirmed; returns it, or None when the founder has no such quote."""
        row = await self._row(quote_id)
        if row is None:
            return None
        row.confirmed = True
        await self.session.flush()
        return _entry(row)

    async def replace_reading(self, quote_id: int, reading: QuoteReading) -> BookEntry | None:
        """Stores a corrected reading (confirmed again only by the founder)."""
        row = await self._row(quote_id)
        if row is None:
            return None
        row.reading = reading_to_dict(reading)
        if reading.supplier is not None:
            row.supplier = reading.supplier.value[:200]
        row.confirmed = False
        await self.session.flush()
        return _entry(row)

    async def delete(self, quote_id: int) -> bool:
        """Deletes the founder's quote; returns whether there was one."""
        result = await self.session.execute(
            delete(QuoteRow).where(QuoteRow.id == quote_id, QuoteRow.user_id == self.user_id)
        )
        await self.session.flush()
        return bool(getattr(result, "rowcount", 0))


class RateStore:
    """The loaded reference rates; the newest load wins."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def save(self, rates: Rates, loaded_by: int | None = None) -> None:
        """Stores one day's rates as the current ones."""
        self.session.add(
            RateSetRow(
                on_date=rates.on.isoformat(),
                source=rates.source,
                rates={code: str(value) for code, value in rates.per_euro.items()},
                loaded_by=loaded_by,
            )
        )
        await self.session.flush()

    async def current(self) -> Rates | None:
        """Returns the newest loaded rates, or None when none was loaded."""
        row = await self.session.scalar(
            select(RateSetRow).order_by(RateSetRow.loaded_at.desc(), RateSetRow.id.desc()).limit(1)
        )
        if row is None:
            return None
        per_euro = {code: Decimal(str(value)) for code, value in row.rates.items()}
        return Rates(date.fromisoformat(row.on_date), per_euro, row.source)


__all__ = ["MAX_QUOTES_PER_FOUNDER", "BookEntry", "QuoteBook", "QuoteBookFull", "RateStore"]
