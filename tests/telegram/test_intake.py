"""The intake queue keeps what PTB parsed, so a stored update is not parsed from JSON again."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update

from bot.telegram.intake import Dispatcher, IntakeQueue, UpdatesAsSent


class _Store:
    """Stores nothing but what it was given; says every update is fresh (founder 5)."""

    def __init__(self) -> None:
        self.payloads: list[dict[str, Any]] = []

    async def store(self, update_id: int, payload: dict[str, Any]) -> Any:
        self.payloads.append(payload)
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


_SENT = {
    "update_id": 8,
    "message": {
        "message_id": 3,
        "date": 1700000000,
        "chat": {"id": 42, "type": "private"},
        "from": {"id": 42, "is_bot": False, "first_name": "Ada"},
        "text": "300 boxes",
        "some_field_telegram_added": {"x": 1},
    },
}


async def test_a_polled_update_is_stored_as_telegram_sent_it() -> None:
    request = UpdatesAsSent()
    answer = request.parse_json_payload(json.dumps({"ok": True, "result": [_SENT]}).encode())
    raw = answer["result"][0]
    update = Update.de_json(raw, None)
    assert update is not None
    queue = IntakeQueue(request.take)
    store = _Store()
    queue.intake = store
    queue.dispatcher = Dispatcher(store, lambda _payload: _noop())
    await queue.put(update)
    assert store.payloads == [_SENT], "the JSON as received, unchanged by PTB's parsing"
    assert store.payloads[0] is raw, "not rebuilt from the Update"
    assert request.take(8) is None, "taken once"


async def test_an_update_not_polled_is_stored_from_the_parsed_update() -> None:
    queue = IntakeQueue(UpdatesAsSent().take)  # a webhook's update never passed the request
    store = _Store()
    queue.intake = store
    queue.dispatcher = Dispatcher(store, lambda _payload: _noop())
    update = Update.de_json(_SENT, None)
    assert update is not None
    await queue.put(update)
    assert store.payloads == [update.to_dict()]


def test_kept_updates_are_bounded() -> None:
    request = UpdatesAsSent()
    many = [{"update_id": n} for n in range(1500)]
    request.parse_json_payload(json.dumps({"ok": True, "result": many}).encode())
    assert request.take(0) is None, "the oldest were dropped"
    assert request.take(1499) == {"update_id": 1499}
