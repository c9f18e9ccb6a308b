"""Health endpoints for a load balancer: liveness (`/healthz`) and readiness (`/ready`).

They listen on their own port (HEALTH_PORT), beside PTB's webhook server, on the address the
webhook binds. Readiness asks the database (one `SELECT 1`, bounded): an instance that cannot
reach it would only fail the updates sent to it, so the balancer should send them elsewhere.
Tornado serves them because PTB's webhook server already runs on it (no new dependency); it is
imported only when HEALTH_PORT is set (bot/telegram/health_server.py): a polling bot without
health endpoints does not load it (~30 ms of start-up CPU).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tornado.httpserver import HTTPServer

logger = logging.getLogger(__name__)

# bot_data keys: where to listen (set by run()), and the running server.
HEALTH_ADDRESS_KEY = "health_address"
_SERVER_KEY = "health_server"
# A database that takes longer than this to answer SELECT 1 is not ready for founders.
READY_TIMEOUT_SECONDS = 2.0

Check = Callable[[], Awaitable[None]]


@dataclass
class Health:
    """What the endpoints report: whether the bot is serving and how to ask the database."""

    check: Check | None
    serving: bool = True
    port: int | None = None
    server: HTTPServer | None = field(default=None, repr=False)

    async def readiness(self) -> tuple[int, dict[str, str]]:
        """Returns the HTTP status and body for /ready."""
        if not self.serving:
            return 503, {"status": "stopping"}
        if self.check is None:
            return 503, {"status": "starting"}
        try:
            await asyncio.wait_for(self.check(), READY_TIMEOUT_SECONDS)
        except TimeoutError:
            return 503, {"status": "not ready", "database": "no answer in time"}
        except Exception as exc:  # any failure to answer means "send founders elsewhere"
            logger.warning("readiness: the database does not answer: %s", exc)
            return 503, {"status": "not ready", "database": type(exc).__name__}
        return 200, {"status": "ready", "database": "ok"}


async def start_health(bot_data: dict[str, Any], check: Check | None) -> Health | None:
    """Starts the endpoints when run() asked for them (HEALTH_PORT); returns their state."""
    address: tuple[str, int] | None = bot_data.get(HEALTH_ADDRESS_KEY)
    if address is None:
        return None
    from bot.telegram.health_server import serve

    listen, port = address
    health = Health(check)
    health.server, health.port = serve(health, listen, port)
    bot_data[_SERVER_KEY] = health
    logger.info("health endpoints on http://%s:%d/healthz and /ready", listen, health.port)
    return health


def mark_stopping(bot_data: dict[str, Any]) -> None:
    """Makes /ready answer 503 so the balancer stops sending while the bot drains."""
    health: Health | None = bot_data.get(_SERVER_KEY)
    if health is not None:
        health.serving = False


async def stop_health(bot_data: dict[str, Any]) -> None:
    """Stops the endpoints' server."""
    health: Health | None = bot_data.pop(_SERVER_KEY, None)
    if health is not None and health.server is not None:
        health.server.stop()
        await health.server.close_all_connections()
