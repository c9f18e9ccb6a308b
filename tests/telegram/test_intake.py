"""The intake queue keeps what PTB parsed, so a stored update is not parsed from JSON again."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update

from bot.telegram.intake import Dispatcher, IntakeQueue


class _Store:
    """Stores nothing; says every update is fresh (founder 5)."""

    async def store(self, update_id: int, payload: dict[str, Any]) -> Any:
        return 5

    async def pending_keys(self) -> list[Any]:
        return []

    async def handle_founder(
        self, key: Any, process: Callable[[dict[str, Any]], Awaitable[None]], batch: int
    ) -> int | None:
        return 0


async def test_a_received_update_is_handed_over_once_as_parsed() -> None:
    queue = IntakeQueue()
    store = _Store()
    queue.intake = store
    queue.dispatcher = Dispatcher(store, lambda _payload: _noop())
    update = Update.de_json({"update_id": 7}, None)
    assert update is not None
    await queue.put(update)
    assert queue.parsed(7) is update
    assert queue.parsed(7) is None, "handed over once; later from the store"


async def _noop() -> None:
    return None
