"""Offline Telegram fixtures, PTB's own technique: a real Application whose bot's HTTP is replaced.

`RecordingRequest` answers Bot API calls like Telegram (and validates HTML with the same parser
as the e2e stand-in); any endpoint it does not know fails the test, like PTB's OfflineRequest.
`TelegramClient` (after aiogram_dialog's BotClient) builds real Updates and feeds them to
`app.process_update`. `ScriptedAssistant` is a test double of the application layer
(bot/assistant.py's `handle`/`is_admin`/`close`), not a database mock: it answers from a script.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from bot.config import Settings
from bot.core.markup import Bold, Plain, Reply, line, lines
from bot.core.types import Attachment, Button, Command, Event, Press, ReplyContext, SessionKey
from bot.core.types import Text as TextEvent
from bot.telegram.app import build_application
from tests.telegram.recording import (  # noqa: F401 (re-exported for the tests)
    BOT_ID,
    BOT_USERNAME,
    JSON,
    PNG,
    TOKEN,
    RecordingRequest,
)


@dataclass
class ScriptedAssistant:
    """A test double of the application layer: records events and answers from a script."""

    admins: frozenset[int] = frozenset()
    events: list[tuple[SessionKey, Event, ReplyContext]] = field(default_factory=list)
    delay: float = 0.0
    delays: dict[str, float] = field(default_factory=dict)  # text -> extra seconds
    closed: bool = False

    async def handle(self, key: SessionKey, event: Event, ctx: ReplyContext) -> list[Reply]:
        """Returns scripted replies: /start greets with a button, text echoes, presses echo."""
        self.events.append((key, event, ctx))
        extra = self.delays.get(event.text, 0.0) if isinstance(event, TextEvent) else 0.0
        if self.delay or extra:
            await asyncio.sleep(self.delay + extra)
        if isinstance(event, Command) and event.name == "start":
            return [
                Reply(
                    lines(Bold("Hi <friend> & co"), "What are you making?"),
                    buttons=((Button("Boxes", "cat", "packaging-mailers"),),),
                    quote=ctx.in_group,
                )
            ]
        if isinstance(event, Command):
            return [Reply(line("command ", Plain(event.name), " ", Plain(event.args)))]
        if isinstance(event, Press):
            return [Reply(line("pressed ", Plain(event.action), ":", Plain(event.arg)))]
        assert isinstance(event, TextEvent)
        if event.text == "boom":
            raise RuntimeError("the assistant failed on purpose")
        if event.text == "long":
            rows = tuple(Plain(f"line {n} " + "x" * 90) for n in range(120))
            return [Reply(lines(*rows), buttons=((Button("More", "more"),),))]
        if event.text == "chart":
            chart = Attachment("chart-1.png", PNG, "Yearly cost <by> order size")
            return [Reply(lines("Order 300 at a time")), Reply(Plain(""), attachments=(chart,))]
        return [Reply(line("You said: ", Plain(event.text)))]

    async def answer(
        self,
        key: SessionKey,
        event: Event,
        ctx: ReplyContext,
        *,
        update_id: int,
        quote_message_id: int | None = None,
    ) -> list[Reply]:
        """Returns the replies to send now, as bot/assistant.py does outside the intake."""
        del update_id, quote_message_id  # no outbox here: every reply is sent at once
        return await self.handle(key, event, ctx)

    def is_admin(self, user_id: int) -> bool:
        """Returns whether the user is in the scripted admin set."""
        return user_id in self.admins

    async def close(self) -> None:
        """Marks the double closed."""
        self.closed = True


class TelegramClient:
    """Plays users: builds real Updates and feeds them to the Application."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], request: RecordingRequest):
        self.app = app
        self.request = request
        self._message_ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._queries = itertools.count(1)

    def user(self, user_id: int, name: str = "Ann") -> JSON:
        """Returns a User object."""
        return {"id": user_id, "is_bot": False, "first_name": name}

    def message(
        self,
        user_id: int,
        text: str,
        *,
        chat: JSON | None = None,
        thread_id: int | None = None,
        reply_to: JSON | None = None,
    ) -> JSON:
        """Returns a Message object with the entities Telegram would detect."""
        message: JSON = {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": chat or {"id": user_id, "type": "private", "first_name": "Ann"},
            "from": self.user(user_id),
            "text": text,
        }
        entities = []
        if text.startswith("/"):
            command = text.split()[0]
            entities.append({"type": "bot_command", "offset": 0, "length": len(command)})
        at = text.find("@" + BOT_USERNAME)
        if at >= 0 and not text.startswith("/"):
            entities.append({"type": "mention", "offset": at, "length": len(BOT_USERNAME) + 1})
        if entities:
            message["entities"] = entities
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return message

    async def send(self, user_id: int, text: str, **kwargs: Any) -> JSON:
        """Processes a text message from a user and returns the Message sent."""
        message = self.message(user_id, text, **kwargs)
        await self.process({"message": message})
        return message

    async def click(self, user_id: int, bot_message: JSON, data: str) -> str:
        """Processes a button press on a bot message and returns the query id."""
        query_id = str(next(self._queries))
        query = {
            "id": query_id,
            "from": self.user(user_id),
            "message": bot_message,
            "chat_instance": "42",
            "data": data,
        }
        await self.process({"callback_query": query})
        return query_id

    async def process(self, payload: JSON) -> None:
        """Feeds one update to the Application."""
        data = {"update_id": next(self._update_ids), **payload}
        await self.app.process_update(Update.de_json(data, self.app.bot))


def settings(**overrides: Any) -> Settings:
    """Returns Settings for the offline application (rate limiter off: no real time passes)."""
    from pathlib import Path

    values: dict[str, Any] = {
        "bot_token": TOKEN,
        "database_url": "sqlite:///unused.db",
        "admin_ids": frozenset({777}),
        "bot_api_base_url": None,
        "knowledge_dir": Path("knowledge"),
        "log_level": "INFO",
        "webhook_secret": None,
        "rate_limiter": False,
    }
    values.update(overrides)
    return Settings(**values)


@dataclass
class Offline:
    """The offline bot: application, recorded requests, client and assistant double."""

    app: Application[Any, Any, Any, Any, Any, Any]
    request: RecordingRequest
    client: TelegramClient
    assistant: ScriptedAssistant


@pytest.fixture
async def offline() -> AsyncIterator[Offline]:
    """Yields an initialised offline Application with the scripted assistant."""
    request = RecordingRequest()
    assistant = ScriptedAssistant(admins=frozenset({777}))
    app = build_application(settings(), assistant, request=request, get_updates_request=request)
    async with app:
        yield Offline(app, request, TelegramClient(app, request), assistant)
    assert request.unexpected == [], f"unexpected Bot API calls: {request.unexpected}"
