"""bot/warmup.py: the first-use costs are paid at start, a slice at a time, storing nothing."""

from __future__ import annotations

import asyncio

from bot.core.conversation.dialog import KnowledgeView
from bot.core.understanding import lazy_re
from bot.warmup import warm_up
from tests.core.conftest import TODAY, build_kb, load_snapshot


def _kb() -> KnowledgeView:
    suppliers, taxonomy = load_snapshot()
    return build_kb(suppliers, taxonomy)


async def test_warm_up_compiles_every_waiting_pattern() -> None:
    kb = _kb()
    lazy_re.compile(r"\bwarm-up probe \d+\b")  # one more waiting, whatever ran before
    assert lazy_re.warm(0) > 0
    await warm_up(kb, TODAY)
    assert lazy_re.warm(0) == 0


async def test_warm_up_hands_the_loop_back_between_slices() -> None:
    kb = _kb()
    lazy_re.compile(r"\bwarm-up probe too\b")
    ticks = 0

    async def other_chat() -> None:
        nonlocal ticks
        while True:
            ticks += 1
            await asyncio.sleep(0)

    ticker = asyncio.create_task(other_chat())
    try:
        await warm_up(kb, TODAY)
    finally:
        ticker.cancel()
    assert ticks >= 8  # a turn of the conversation at least, each one a slice
