"""First-use costs paid at start, in the background, so the first founders do not pay them.

The readers compile their ~160 patterns on first use (bot/core/understanding/lazy_re.py) and a
first conversation fills the caches it reads through: about 0.25 s of CPU that the first founder
after a start waited for, in one go. Here they are paid in slices of a few milliseconds, just
after the bot is up, with the event loop handed back between slices: an update that arrives
meanwhile waits for one slice at most.
"""

from __future__ import annotations

import asyncio
import logging
import time
from datetime import date

from bot.core.conversation.dialog import DialogState, KnowledgeView, step
from bot.core.conversation.render import render
from bot.core.types import Command, Event, ReplyContext, Text
from bot.core.understanding import lazy_re

logger = logging.getLogger(__name__)

# Seconds after the bot is up: the start (getMe, the first getUpdates) is not delayed by it.
START_AFTER_SECONDS = 0.5
# Patterns compiled per slice (about 1 ms each on a busy 2-core machine).
PATTERNS_PER_SLICE = 8
# A founder's usual first conversation and the commands around it: each turn is one slice.
CONVERSATION: tuple[Event, ...] = (
    Command("start"),
    Text("custom printed mailer boxes"),
    Text("300 a month"),
    Text(
        "budget 1500 EUR, shipping to Germany, we already sell; "
        "quoted 500 @ 1.20 EUR, 1000 @ 0.95 EUR, setup 80 EUR"
    ),
    Command("skip"),
    Command("help"),
    Command("history"),
    Command("new"),
)


async def warm_up(kb: KnowledgeView, today: date, *, after: float = 0.0) -> None:
    """Compiles the waiting patterns, then runs one conversation through the dialog (nothing
    is stored or sent), yielding the loop after every slice; starts `after` seconds."""
    await asyncio.sleep(after)
    try:
        cpu = await _slices(kb, today)
    except Exception:  # a failed warm-up costs the first founder some time, nothing else
        logger.exception("the warm-up failed; first turns pay their first-use costs")
        return
    logger.info("warmed up in %.0f ms of CPU", 1000 * cpu)


async def _slices(kb: KnowledgeView, today: date) -> float:
    """Runs the warm-up's slices; returns this thread's CPU seconds in them."""
    cpu = 0.0  # this thread's, in the slices only (updates handled between are not counted)
    waiting = 1
    while waiting:
        started = time.thread_time()
        waiting = lazy_re.warm(PATTERNS_PER_SLICE)
        cpu += time.thread_time() - started
        await asyncio.sleep(0)
    state = DialogState.new()
    context = ReplyContext()
    for event in CONVERSATION:
        started = time.thread_time()
        turn = step(state, event, kb, today)
        render(turn.messages, context)
        state = turn.state
        cpu += time.thread_time() - started
        await asyncio.sleep(0)
    return cpu


__all__ = ["CONVERSATION", "PATTERNS_PER_SLICE", "START_AFTER_SECONDS", "warm_up"]
