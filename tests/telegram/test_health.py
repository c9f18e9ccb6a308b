"""Health endpoints over real HTTP: liveness, readiness that follows the database, draining."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from bot.store.db import Database
from bot.telegram import health as health_module
from bot.telegram.health import HEALTH_ADDRESS_KEY, mark_stopping, start_health, stop_health


@pytest.fixture
async def database(sqlite_url: str) -> AsyncIterator[Database]:
    db = await Database.connect(sqlite_url)
    yield db
    await db.dispose()


async def _get(port: int, path: str) -> tuple[int, dict[str, Any]]:
    async with (
        aiohttp.ClientSession() as http,
        http.get(f"http://127.0.0.1:{port}{path}") as response,
    ):
        return response.status, await response.json()


async def _started(bot_data: dict[str, Any], check: Any) -> int:
    bot_data[HEALTH_ADDRESS_KEY] = ("127.0.0.1", 0)
    health = await start_health(bot_data, check)
    assert health is not None
    assert health.port
    return health.port


async def test_no_health_port_means_no_server() -> None:
    assert await start_health({}, None) is None


async def test_ready_when_the_database_answers_and_alive_regardless(database: Database) -> None:
    bot_data: dict[str, Any] = {}
    port = await _started(bot_data, database.ping)
    try:
        assert await _get(port, "/healthz") == (200, {"status": "alive"})
        assert await _get(port, "/ready") == (200, {"status": "ready", "database": "ok"})
        mark_stopping(bot_data)
        assert await _get(port, "/ready") == (503, {"status": "stopping"})
        assert (await _get(port, "/healthz"))[0] == 200
    finally:
        await stop_health(bot_data)


async def test_not_ready_when_the_database_is_gone(postgres_url: str) -> None:
    db = await Database.connect(postgres_url.replace("5432", "5439"))  # nothing listens there
    bot_data: dict[str, Any] = {}
    port = await _started(bot_data, db.ping)
    try:
        status, body = await _get(port, "/ready")
        assert status == 503
        assert body["status"] == "not ready"
    finally:
        await stop_health(bot_data)
        await db.dispose()


async def test_not_ready_when_the_database_answers_too_slowly(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(health_module, "READY_TIMEOUT_SECONDS", 0.05)

    async def slow() -> None:
        await asyncio.sleep(1)

    bot_data: dict[str, Any] = {}
    port = await _started(bot_data, slow)
    try:
        assert await _get(port, "/ready") == (
            503,
            {"status": "not ready", "database": "no answer in time"},
        )
    finally:
        await stop_health(bot_data)


async def test_stopped_server_no_longer_answers(database: Database) -> None:
    bot_data: dict[str, Any] = {}
    port = await _started(bot_data, database.ping)
    await stop_health(bot_data)
    with pytest.raises(aiohttp.ClientConnectionError):
        await _get(port, "/healthz")
