"""One send budget for every instance: token buckets in the database, drawn under a row lock.

Telegram counts messages per bot (about 30 a second) and per group (about 20 a minute), not per
process, so instances sharing a PostgreSQL database share these rows. Each draw is one short
transaction: lock the bucket rows (global first, so two draws never deadlock), refill them for the
time passed, and take a token from each only when every bucket has one.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.store.models import RateBudgetRow


@dataclass(frozen=True, slots=True)
class Bucket:
    """A bucket's name, its refill rate (tokens a second) and its size."""

    name: str
    rate: float
    capacity: float


async def _row(session: AsyncSession, bucket: Bucket, now: float) -> RateBudgetRow:
    """Returns the bucket's row locked for this transaction, creating it full on first use."""
    query = select(RateBudgetRow).where(RateBudgetRow.name == bucket.name).with_for_update()
    row = await session.scalar(query)
    if row is not None:
        return row
    try:
        async with session.begin_nested():
            await session.execute(
                insert(RateBudgetRow).values(
                    name=bucket.name, tokens=bucket.capacity, refreshed_at=now
                )
            )
    except IntegrityError:
        pass  # another instance created it meanwhile
    row = await session.scalar(query.execution_options(populate_existing=True))
    if row is None:  # pragma: no cover - the insert or the other instance's insert is there
        raise RuntimeError(f"rate bucket {bucket.name} vanished")
    return row


async def draw(session: AsyncSession, buckets: tuple[Bucket, ...], now: float) -> float:
    """Takes one token from every bucket, or none; returns 0, or the seconds to wait first."""
    rows = [(bucket, await _row(session, bucket, now)) for bucket in buckets]
    levels = []
    for bucket, row in rows:
        elapsed = max(0.0, now - row.refreshed_at)
        levels.append(min(bucket.capacity, row.tokens + elapsed * bucket.rate))
    wait = max(
        ((1.0 - level) / bucket.rate for (bucket, _), level in zip(rows, levels, strict=True)),
        default=0.0,
    )
    taken = 1.0 if wait <= 0 else 0.0
    for (bucket, _), level in zip(rows, levels, strict=True):
        await session.execute(
            update(RateBudgetRow)
            .where(RateBudgetRow.name == bucket.name)
            .values(tokens=level - taken, refreshed_at=now)
            .execution_options(synchronize_session=False)
        )
    return max(0.0, wait)


__all__ = ["Bucket", "draw"]
