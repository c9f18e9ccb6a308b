"""An update processor that runs updates concurrently, but one (chat, user)'s updates in order.

PTB's concurrent mode alone may run a user's second message before the first is answered; the
dialog state would then be read twice and one answer lost or reordered. Here each (chat, user)
key has a FIFO lock (asyncio.Lock wakes waiters in arrival order); keys never wait on each other.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

logger = logging.getLogger(__name__)


def ordering_key(update: object) -> tuple[int, int] | None:
    """Returns the (chat, user) an update must be ordered within, or None if it has none."""
    if not isinstance(update, Update):
        return None
    chat = update.effective_chat
    user = update.effective_user
    if chat is None and user is None:
        return None
    return (chat.id if chat else 0, user.id if user else 0)


class PerUserOrderedProcessor(BaseUpdateProcessor):
    """Processes updates concurrently, serialising those of one (chat, user)."""

    __slots__ = ("_locks", "_waiting")

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[tuple[int, int], asyncio.Lock] = {}
        self._waiting: dict[tuple[int, int], int] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Awaits the update's coroutine once every earlier update of its key is done."""
        key = ordering_key(update)
        if key is None:
            await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if self._waiting[key] == 0:
                # Forget idle keys so the tables stay as small as the set of active users.
                del self._waiting[key]
                del self._locks[key]

    async def initialize(self) -> None:
        """Has nothing to set up."""

    async def shutdown(self) -> None:
        """Has nothing to release (PTB waits for running updates before calling this)."""
