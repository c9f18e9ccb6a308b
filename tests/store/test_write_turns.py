"""SQLite's writer turns: one at a time, by priority (intake, sender, steps), then in order."""

from __future__ import annotations

import asyncio

import pytest

from bot.delivery import INTAKE, SENDER, WriteTurns


async def test_writers_take_turns_in_order_and_the_intake_goes_first() -> None:
    turns = WriteTurns()
    order: list[str] = []
    holding = 0

    async def write(name: str, priority: int | None = None) -> None:
        nonlocal holding
        async with turns.turn() if priority is None else turns.turn(priority):
            holding += 1
            assert holding == 1, "two writers at once"
            order.append(name)
            await asyncio.sleep(0.01)
            holding -= 1

    first = asyncio.create_task(write("step 1"))
    await asyncio.sleep(0)  # it holds the turn now
    later = [asyncio.create_task(write(f"step {n}")) for n in (2, 3)]
    await asyncio.sleep(0)
    sender = asyncio.create_task(write("sender", SENDER))
    store = asyncio.create_task(write("store", INTAKE))
    await asyncio.gather(first, *later, sender, store)
    assert order == ["step 1", "store", "sender", "step 2", "step 3"]


async def test_a_writer_cancelled_while_waiting_does_not_keep_the_turn() -> None:
    turns = WriteTurns()
    release = asyncio.Event()

    async def hold() -> None:
        async with turns.turn():
            await release.wait()

    holder = asyncio.create_task(hold())
    await asyncio.sleep(0)
    waiter = asyncio.create_task(hold())
    await asyncio.sleep(0)
    waiter.cancel()
    release.set()
    await holder
    with pytest.raises(asyncio.CancelledError):
        await waiter
    async with asyncio.timeout(1):
        async with turns.turn():
            pass  # free again
