"""The stand-in's fault modes, seen through PTB's own Bot: what the bot under test will meet."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from telegram import Bot
from telegram.error import NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.request import HTTPXRequest

from tests.e2e import botapi as botapi_module
from tests.e2e.botapi import BotApiServer, Fault

TOKEN = "123456:TEST"


@pytest.fixture
async def server() -> AsyncIterator[BotApiServer]:
    api = BotApiServer(TOKEN)
    await api.start()
    yield api
    await api.stop()


@pytest.fixture
async def bot(server: BotApiServer) -> AsyncIterator[Bot]:
    request = HTTPXRequest(read_timeout=0.5)  # a short client timeout for the TIMEOUT fault
    client = Bot(TOKEN, base_url=server.base_url, request=request)
    async with client:
        yield client


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (Fault.HTTP_500, NetworkError),
        (Fault.HTTP_502, NetworkError),
        (Fault.DROP, NetworkError),
        (Fault.GARBAGE, TelegramError),
        (Fault.TOO_MANY, RetryAfter),
    ],
)
async def test_a_fault_that_does_nothing_fails_the_call_and_records_no_message(
    server: BotApiServer, bot: Bot, fault: Fault, error: type[Exception]
) -> None:
    ann = server.user("Ann")
    server.inject("sendMessage", fault, chat_id=ann.id)
    with pytest.raises(error):
        await bot.send_message(ann.id, "hello")
    assert server.sent == []
    assert server.injected == [("sendmessage", fault, ann.id)]
    await bot.send_message(ann.id, "again")  # times=1: the next call works
    assert [s.text for s in server.sent] == ["again"]


async def test_429_carries_retry_after(server: BotApiServer, bot: Bot) -> None:
    ann = server.user("Ann")
    server.inject("sendMessage", Fault.TOO_MANY, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ann.id, "hello")
    assert "retry in 3 seconds" in caught.value.message.lower()


async def test_a_lost_response_means_the_message_was_recorded_but_the_call_failed(
    server: BotApiServer, bot: Bot
) -> None:
    ann = server.user("Ann")
    server.inject("sendMessage", Fault.LOST_RESPONSE)
    with pytest.raises(NetworkError) as caught:
        await bot.send_message(ann.id, "hello")
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert [s.text for s in server.sent] == ["hello"], "it reached the chat all the same"


async def test_a_timeout_hangs_past_the_client_and_records_nothing(
    server: BotApiServer, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(botapi_module, "TIMEOUT_HOLD_SECONDS", 2.0)
    ann = server.user("Ann")
    server.inject("sendMessage", Fault.TIMEOUT)
    with pytest.raises(TimedOut):
        await bot.send_message(ann.id, "hello")
    await asyncio.sleep(2.2)
    assert server.sent == []


async def test_faults_are_per_chat_when_asked(server: BotApiServer, bot: Bot) -> None:
    ann, bob = server.user("Ann"), server.user("Bob")
    server.inject("sendMessage", Fault.HTTP_500, chat_id=bob.id, times=None)
    await bot.send_message(ann.id, "for Ann")
    for _ in range(2):
        with pytest.raises(NetworkError):
            await bot.send_message(bob.id, "for Bob")
    server.heal("sendMessage")
    await bot.send_message(bob.id, "for Bob")
    assert [s.text for s in server.sent] == ["for Ann", "for Bob"]


async def test_an_outage_fails_every_method_for_its_duration(
    server: BotApiServer, bot: Bot
) -> None:
    ann = server.user("Ann")
    server.outage(0.6)
    for call in (bot.get_me(), bot.send_message(ann.id, "x"), bot.get_updates(timeout=0)):
        with pytest.raises(NetworkError):
            await call
    await asyncio.sleep(0.7)
    assert (await bot.get_me()).is_bot
    await bot.send_message(ann.id, "after")
    assert [s.text for s in server.sent] == ["after"]
