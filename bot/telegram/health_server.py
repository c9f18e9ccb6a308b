"""The Tornado server behind the health endpoints (bot/telegram/health.py) and /metrics.

Apart from health.py so that Tornado is imported only when HEALTH_PORT asks for the endpoints.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets
from tornado.web import Application as TornadoApplication
from tornado.web import RequestHandler

from bot import metrics

if TYPE_CHECKING:
    from bot.telegram.health import Health


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


class MetricsHandler(RequestHandler):
    """GET /metrics: the counters in Prometheus' text format."""

    def get(self) -> None:
        self.set_header("Content-Type", metrics.CONTENT_TYPE)
        self.finish(metrics.render())


def health_app(health: Health) -> TornadoApplication:
    """Returns the Tornado application serving the endpoints."""
    return TornadoApplication(
        [
            (r"/healthz", _Live),
            (r"/ready", _Ready, {"health": health}),
            (r"/metrics", MetricsHandler),  # Prometheus text format (bot/metrics.py)
        ],
        log_function=lambda _handler: None,  # a probe every few seconds is not news
    )


def serve(health: Health, listen: str, port: int) -> tuple[HTTPServer, int]:
    """Starts serving the endpoints; returns the server and the port it listens on."""
    sockets = bind_sockets(port, address=listen)  # port 0: any free port (tests)
    server = HTTPServer(health_app(health))
    server.add_sockets(sockets)
    return server, int(sockets[0].getsockname()[1])


__all__ = ["MetricsHandler", "health_app", "serve"]
