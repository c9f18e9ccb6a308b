"""`smallbatch run [--webhook-url URL --port P]`: the Telegram bot (long polling by default)."""

from __future__ import annotations

import argparse
import gc
import logging
import sys
from typing import Any
from urllib.parse import urlsplit

from bot.cli import UsageError


def register(subparsers: Any) -> None:
    """Adds the `run` subcommand."""
    parser = subparsers.add_parser(
        "run",
        help="run the Telegram bot (long polling; a webhook with --webhook-url)",
        description="Runs the Telegram bot until SIGINT/SIGTERM. Reads BOT_TOKEN, "
        "BOT_API_BASE_URL, DATABASE_URL, ADMIN_IDS, WEBHOOK_SECRET and RATE_LIMITER.",
    )
    parser.add_argument(
        "--webhook-url",
        default=None,
        help="public https URL Telegram posts updates to (webhook mode instead of polling)",
    )
    parser.add_argument(
        "--port", type=int, default=None, help="port the webhook server listens on (8443)"
    )
    parser.add_argument(
        "--listen",
        default="127.0.0.1",
        help="address the webhook server binds (0.0.0.0 behind a proxy or in a container)",
    )
    parser.set_defaults(handler=_handle)


def _check_webhook(args: argparse.Namespace) -> None:
    """Raises UsageError for webhook options that cannot work."""
    if args.webhook_url is None:
        if args.port is not None:
            raise UsageError("--port needs --webhook-url (polling listens on no port)")
        return
    parts = urlsplit(args.webhook_url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"--webhook-url: not an http(s) URL: {args.webhook_url!r}")
    if args.port is not None and not 1 <= args.port <= 65535:
        raise UsageError(f"--port: not a TCP port: {args.port}")


def _quiet_bootstrap(record: logging.LogRecord) -> bool:
    """Drops PTB's traceback for a failed start-up (reported as one line by `_handle`)."""
    return not record.getMessage().startswith("Network Retry Loop (Bootstrap Initialize")


# Modules a package imports when it can and does without when it cannot, which `run` never uses:
# PTB's webhook server (Tornado, ~30 ms of start-up CPU; PTB runs without it as when installed
# without its "webhooks" extra) in a polling process, and httpx's command-line client (click,
# rich and pygments, ~60 ms, where the dev tools installed them) in any. Keyed by the package
# that imports it: only a process that has not imported that package yet does without.
_WEBHOOK_SERVER = ("telegram.ext", "telegram.ext._utils.webhookhandler")
_HTTPX_CLI = ("httpx", "httpx._main")


def _without_unused_imports(*, webhook: bool) -> None:
    """Keeps the packages `run` loads from importing what it never uses (see above)."""
    for importer, module in (_HTTPX_CLI,) if webhook else (_HTTPX_CLI, _WEBHOOK_SERVER):
        if importer not in sys.modules:
            sys.modules.setdefault(module, None)  # type: ignore[arg-type]


def _handle(args: argparse.Namespace) -> int:
    """Runs the bot; exit 2 (one line) for a missing or rejected token or an unreachable API."""
    # Start-up builds only what lives on (modules, the index): the cyclic collector would walk
    # it again and again for nothing (~14 % of start-up CPU). The Assistant turns it back on
    # once its index is built; `finally` covers a start that fails before that.
    gc.disable()
    try:
        return _serve(args)
    finally:
        gc.enable()


def _serve(args: argparse.Namespace) -> int:
    """Reads the settings, builds the application and runs it until it is stopped."""
    from bot.cli.context import settings_or_exit
    from bot.logs import configure as configure_logging

    _check_webhook(args)
    settings = settings_or_exit()
    if not settings.bot_token:
        raise UsageError("BOT_TOKEN is not set (the token @BotFather gave you)")
    # A server logs what it does (the CLI default, WARNING, suits one-shot commands), with the
    # update's ids on each line, as JSON lines when LOG_FORMAT=json.
    configure_logging(args.log_level or settings.log_level, settings.log_format)
    # PTB logs a failed start-up call (getMe) with its traceback before raising it; the one
    # line below says it instead.
    logging.getLogger("telegram.ext").addFilter(_quiet_bootstrap)

    _without_unused_imports(webhook=args.webhook_url is not None)
    # Imported here so one-shot commands do not pay for PTB, SQLAlchemy and matplotlib.
    from telegram.error import InvalidToken, NetworkError

    from bot.assistant import build_assistant
    from bot.telegram.app import build_application, run

    application = build_application(settings, open_assistant=lambda: build_assistant(settings))
    try:
        run(
            application,
            settings,
            webhook_url=args.webhook_url,
            listen=args.listen,
            port=args.port or 8443,
        )
    except InvalidToken as exc:
        raise UsageError(f"BOT_TOKEN: the Bot API rejected the token ({exc.message})") from exc
    except NetworkError as exc:
        # Never log bot.base_url: it ends with the token.
        where = settings.bot_api_base_url or "api.telegram.org"
        raise UsageError(f"cannot reach the Bot API at {where}: {exc.message}") from None
    return 0
