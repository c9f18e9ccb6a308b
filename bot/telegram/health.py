"""Health endpoints for a load balancer: liveness (`/healthz`) and readiness (`/ready`).

They listen on their own port (HEALTH_PORT), beside PTB's webhook server, on the address the
webhook binds. Readiness asks the database (one `SELECT 1`, bounded): an instance that cannot
reach it would only fail the updates sent to it, so the balancer should send them elsewhere.
Tornado serves them because PTB's webhook server already runs on it (no new dependency).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler

from bot.telegram.observe import MetricsHandler

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


class _Live(RequestHandler):
    """GET /healthz: 200 while the process runs its event loop."""

    def get(self) -> None:
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": "alive"}))


class _Ready(RequestHandler):
    """GET /ready: 200 when the database answers, else 503 (the balancer skips us)."""

    def initialize(self, health: Health) -> None:
        self.health = health

    async def get(self) -> None:
        status, body = await self.health.readiness()
        self.set_status(status)
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(body))


def health_app(health: Health) -> TornadoApplication:
    """Returns the Tornado application serving the two endpoints."""
    return TornadoApplication(
        [
            (r"/healthz", _Live),
            (r"/ready", _Ready, {"health": health}),
            (r"/metrics", MetricsHandler),  # Prometheus text format (bot/telegram/observe.py)
        ],
        log_function=lambda _handler: None,  # a probe every few seconds is not news
    )


async def start_health(bot_data: dict[str, Any], check: Check | None) -> Health | None:
    """Starts the endpoints when run() asked for them (HEALTH_PORT); returns their state."""
    address: tuple[str, int] | None = bot_data.get(HEALTH_ADDRESS_KEY)
    if address is None:
        return None
    listen, port = address
    health = Health(check)
    sockets = bind_sockets(port, address=listen)  # port 0: any free port (tests)
    health.port = int(sockets[0].getsockname()[1])
    health.server = HTTPServer(health_app(health))
    health.server.add_sockets(sockets)
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
