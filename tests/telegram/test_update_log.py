"""One log line per update, whatever the update is, naming its update, chat and user ids."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from bot.logs import JsonFormatter, UpdateFields
from tests.telegram.conftest import BOT_ID, Offline

GROUP = {"id": -100500, "type": "supergroup", "title": "Makers"}


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Yields what bot/telegram/observe.py logs, formatted as LOG_FORMAT=json formats it."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(UpdateFields())
    handler.setFormatter(JsonFormatter())
    observe = logging.getLogger("bot.telegram.observe")
    level = observe.level
    observe.addHandler(handler)
    observe.setLevel(logging.INFO)
    try:
        yield stream
    finally:
        observe.removeHandler(handler)
        observe.setLevel(level)


def _handled(stream: io.StringIO) -> list[dict[str, object]]:
    """Returns the per-update lines logged so far."""
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    return [line for line in lines if " handled in " in str(line["message"])]


async def test_every_kind_of_update_gets_exactly_one_json_line_with_its_ids(
    offline: Offline, json_log: io.StringIO
) -> None:
    earlier = {
        "message_id": 50,
        "date": 1,
        "chat": {"id": 11, "type": "private", "first_name": "Ann"},
        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Smallbatch"},
        "text": "earlier answer",
    }
    await offline.client.send(11, "/start")
    await offline.client.send(11, "hello")
    await offline.client.click(11, earlier, "v1:cat:packaging-mailers")
    await offline.client.send(12, "talking among ourselves", chat=GROUP)  # not for the bot
    await offline.client.send(12, "boom")  # the assistant fails: the update still has its line

    lines = _handled(json_log)
    assert [(line["update_id"], line["chat_id"], line["user_id"]) for line in lines] == [
        (1, 11, 11),
        (2, 11, 11),
        (3, 11, 11),
        (4, GROUP["id"], 12),
        (5, 12, 12),
    ]
    assert [line["kind"] for line in lines] == [
        "command",
        "message",
        "button",
        "message",
        "message",
    ]
    assert all(isinstance(line["ms"], float) and line["ms"] >= 0 for line in lines)
    assert all(str(line["message"]).startswith(f"update {line['update_id']} (") for line in lines)
