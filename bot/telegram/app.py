"""The PTB Application: builder, handler order, error handler, command menus, polling/webhook."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx
from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllGroupChats,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
    Update,
)
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseHandler,
    ContextTypes,
    Defaults,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings, webhook_secret_of
from bot.outbox_json import buttons_from_json, chart_from_json
from bot.telegram.handlers import ASSISTANT_KEY, AssistantLike, founder_handlers, on_error
from bot.telegram.health import HEALTH_ADDRESS_KEY, start_health, stop_health
from bot.telegram.intake import Dispatcher, IntakeLike, IntakeQueue, UpdatesAsSent, processor
from bot.telegram.observe import (
    ADMIN_CHAT_KEY,
    observe_handlers,
    start_observing,
    stop_observing,
)
from bot.telegram.ordering import PerUserOrderedProcessor
from bot.telegram.privacy import privacy_handlers, start_retention, stop_retention
from bot.telegram.quotes import quote_handlers
from bot.telegram.send import OUTBOX_KEY
from bot.telegram.sender import OutboxLike, Sender

logger = logging.getLogger(__name__)

TELEGRAM_BASE_URL = "https://api.telegram.org/bot"
ALLOWED_UPDATES = ("message", "callback_query")
# AIORateLimiter retries a 429 this many times (bounded: no retry storms).
RATE_LIMIT_RETRIES = 3
# Telegram's flood limits are about 30 messages a second overall and 20 a minute per group. We
# stay one under each: the limiter counts when a request leaves, Telegram when it arrives, and
# network jitter can bunch arrivals enough to earn a 429 (seen in benchmarks/bot_load.py).
OVERALL_RATE_PER_SECOND = 29
GROUP_RATE_PER_MINUTE = 19
# Updates processed at once when PTB dispatches (no intake); one (chat, user)'s still in order.
MAX_CONCURRENT_UPDATES = 256
# Connections of the request for every method but getUpdates (ApplicationBuilder's default).
_CONNECTION_POOL_SIZE = 256
# SIGTERM: seconds the dispatcher and the sender each get to finish what they hold (Telegram's
# own shutdown and the database's take the rest of a 5-second budget).
STOP_WITHIN_SECONDS = 1.5
_INTAKE_KEY = "intake"

PRIVATE_COMMANDS = (
    BotCommand("start", "Find suppliers and an order size"),
    BotCommand("new", "Start a new search"),
    BotCommand("edit", "Change one answer, e.g. /edit quantity"),
    BotCommand("back", "Go back one question"),
    BotCommand("skip", "Skip an optional question"),
    BotCommand("history", "Your past recommendations"),
    BotCommand("last", "Show my last answer again"),
    BotCommand("quote", "Add a supplier's quote: /quote 1000 @ $0.80, setup $150"),
    BotCommand("quotes", "Your quotes: list, show, edit, delete, compare"),
    BotCommand("cancel", "Stop the current search"),
    BotCommand("privacy", "What I store about you; /mydata, /forget"),
    BotCommand("help", "What I can do"),
)
GROUP_COMMANDS = (
    BotCommand("start", "Ask me about suppliers and order sizes"),
    BotCommand("new", "Start a new search"),
    BotCommand("cancel", "Stop your current search"),
    BotCommand("help", "What I can do"),
)
ADMIN_COMMANDS = (
    BotCommand("addsupplier", "Add a supplier (field: value lines)"),
    BotCommand("editsupplier", "Change one field: /editsupplier ID field value"),
    BotCommand("delsupplier", "Remove a supplier: /delsupplier ID"),
    BotCommand("restoresupplier", "Bring a removed supplier back"),
    BotCommand("supplier", "Show one supplier: /supplier ID or name"),
    BotCommand("kbstats", "Knowledge base counts"),
    BotCommand("import", "Import a CSV/YAML/JSON file (as its caption)"),
    BotCommand("export", "Export the knowledge base"),
    BotCommand("audit", "Last changes: /audit 20"),
)

OpenAssistant = Callable[[], Awaitable[AssistantLike]]


def api_urls(base: str | None) -> tuple[str, str]:
    """Returns PTB's base_url and base_file_url for BOT_API_BASE_URL (with or without "/bot")."""
    if not base:
        return TELEGRAM_BASE_URL, TELEGRAM_BASE_URL.removesuffix("/bot") + "/file/bot"
    root = base.rstrip("/").removesuffix("/bot").rstrip("/")
    return root + "/bot", root + "/file/bot"


async def set_commands(bot: Bot, admin_ids: Iterable[int]) -> bool:
    """Registers the command menus (private, groups, each admin); returns False if one failed."""
    menus: list[tuple[tuple[BotCommand, ...], Any]] = [
        (PRIVATE_COMMANDS, BotCommandScopeAllPrivateChats()),
        (GROUP_COMMANDS, BotCommandScopeAllGroupChats()),
    ]
    admin_menu = PRIVATE_COMMANDS + ADMIN_COMMANDS
    menus += [(admin_menu, BotCommandScopeChat(uid)) for uid in sorted(admin_ids)]
    ok = True
    for commands, scope in menus:
        try:
            await bot.set_my_commands(commands, scope=scope)
        except TelegramError as exc:
            # The menu is a convenience: the bot answers commands without it.
            logger.warning("setMyCommands failed for %s: %s", scope.type, exc)
            ok = False
    return ok


def _admin_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any]]:
    """Returns the admin command handlers (bot/telegram/admin.py)."""
    from bot.telegram.admin import admin_handlers

    return admin_handlers()


def build_application(
    settings: Settings,
    assistant: AssistantLike | None = None,
    *,
    open_assistant: OpenAssistant | None = None,
    request: BaseRequest | None = None,
    get_updates_request: BaseRequest | None = None,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """Returns the configured Application; the assistant is given, or opened in post_init.

    `open_assistant` exists because the database must be opened inside the loop PTB runs
    (run_polling/run_webhook own it). `request`/`get_updates_request` let tests replace HTTP.
    """
    if not settings.bot_token:
        raise ValueError("BOT_TOKEN is not set")
    base_url, base_file_url = api_urls(settings.bot_api_base_url)
    # Polled updates are stored as Telegram sent them (no to_dict() of each parsed Update).
    as_sent = None
    if get_updates_request is None or request is None:
        # One TLS context for both HTTP clients: each would read the CA bundle again (~25 ms).
        tls = httpx.create_ssl_context()
        if get_updates_request is None:
            as_sent = get_updates_request = UpdatesAsSent(tls)
        if request is None:
            request = HTTPXRequest(
                connection_pool_size=_CONNECTION_POOL_SIZE, httpx_kwargs={"verify": tls}
            )
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(settings.bot_token)
        .base_url(base_url)
        .base_file_url(base_file_url)
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .concurrent_updates(PerUserOrderedProcessor(MAX_CONCURRENT_UPDATES))
        .update_queue(IntakeQueue(as_sent.take if as_sent is not None else None))
        .post_init(_post_init)
        .post_stop(_post_stop)
        .post_shutdown(_post_shutdown)
    )
    if settings.rate_limiter:
        limiter = AIORateLimiter(
            overall_max_rate=OVERALL_RATE_PER_SECOND,
            group_max_rate=GROUP_RATE_PER_MINUTE,
            max_retries=RATE_LIMIT_RETRIES,
        )
        builder = builder.rate_limiter(limiter)
    builder = builder.request(request).get_updates_request(get_updates_request)
    application = builder.build()
    if assistant is not None:
        application.bot_data[ASSISTANT_KEY] = assistant
    application.bot_data["open_assistant"] = open_assistant
    application.bot_data["admin_ids"] = settings.admin_ids
    application.bot_data[ADMIN_CHAT_KEY] = settings.admin_chat_id

    # Order matters within a group: the first matching handler wins. Admin commands come before
    # the founders' catch-all command handler, which would otherwise take /addsupplier too.
    application.add_handlers(_admin_handlers())
    application.add_handlers(quote_handlers())  # quote book: forwards, documents, /quotes
    application.add_handlers(privacy_handlers())  # /privacy, /mydata, /forget
    application.add_handlers(founder_handlers())
    application.add_error_handler(on_error)
    for handler, group in observe_handlers():  # a log line and the metrics per update
        application.add_handler(handler, group=group)
    return application


async def _post_init(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Opens the assistant (database, index) in PTB's loop and registers the command menus."""
    opener: OpenAssistant | None = application.bot_data.get("open_assistant")
    if ASSISTANT_KEY not in application.bot_data:
        if opener is None:
            raise RuntimeError("no assistant and no way to open one")
        application.bot_data[ASSISTANT_KEY] = await opener()
    database = getattr(application.bot_data[ASSISTANT_KEY], "db", None)
    await start_health(application.bot_data, getattr(database, "ping", None))
    _start_delivery(application)
    # First-use costs (patterns, caches) paid now, between updates, not by the first founders.
    warm_up = getattr(application.bot_data[ASSISTANT_KEY], "start_warm_up", None)
    if warm_up is not None:
        warm_up()
    start_observing(application.bot_data, application.bot)  # errors to ADMIN_CHAT_ID
    start_retention(application.bot_data)  # idle conversations purged now and daily
    await set_commands(application.bot, application.bot_data["admin_ids"])
    logger.info("bot @%s is up", application.bot.username)


class _DeliveringAssistant(Protocol):
    """An assistant with durable delivery (bot/assistant.py's Assistant)."""

    delivery: Any

    async def draw_chart(self, chart: Any) -> bytes:
        """Returns a chart as PNG."""
        ...


def _start_delivery(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Starts the intake dispatcher and the outbox sender when the assistant has an outbox."""
    assistant = application.bot_data[ASSISTANT_KEY]
    delivery = getattr(assistant, "delivery", None)
    queue = application.update_queue
    if delivery is None or not isinstance(queue, IntakeQueue):
        return  # updates are processed by PTB directly, replies sent at once
    durable: _DeliveringAssistant = assistant

    async def draw(chart: dict[str, Any]) -> bytes:
        return await durable.draw_chart(chart_from_json(chart))

    intake: IntakeLike = delivery
    outbox: OutboxLike = delivery
    sender = Sender(application.bot, outbox, draw=draw, buttons_from=buttons_from_json)
    dispatcher = Dispatcher(intake, processor(application))
    queue.intake, queue.dispatcher = intake, dispatcher
    application.bot_data[OUTBOX_KEY] = assistant
    application.bot_data[_INTAKE_KEY] = (dispatcher, sender)
    sender.start()
    dispatcher.start()  # it handles what an earlier process stored but did not handle first


async def _post_stop(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Stops taking stored updates, then lets sends in flight finish; the rest stays stored."""
    running: tuple[Dispatcher, Sender] | None = application.bot_data.pop(_INTAKE_KEY, None)
    if running is None:
        return
    dispatcher, sender = running
    await dispatcher.stop(STOP_WITHIN_SECONDS)
    await sender.stop(STOP_WITHIN_SECONDS)
    logger.info("intake and outbox stopped")


async def _post_shutdown(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    """Closes the assistant (database connections) after the last update was handled."""
    await stop_health(application.bot_data)
    await stop_retention(application.bot_data)
    stop_observing(application.bot_data)
    assistant: AssistantLike | None = application.bot_data.pop(ASSISTANT_KEY, None)
    if assistant is not None:
        await assistant.close()
        logger.info("assistant closed")


def run(
    application: Application[Any, Any, Any, Any, Any, Any],
    settings: Settings,
    *,
    webhook_url: str | None = None,
    listen: str = "127.0.0.1",
    port: int = 8443,
) -> None:
    """Runs until SIGINT/SIGTERM: long polling by default, a webhook when a URL is given."""
    if settings.health_port is not None:
        application.bot_data[HEALTH_ADDRESS_KEY] = (listen, settings.health_port)
    if webhook_url is None:
        # Pending updates are kept: a restart continues where the last process stopped.
        application.run_polling(allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False)
        return
    # Telegram sends it in X-Telegram-Bot-Api-Secret-Token; the same on every instance.
    secret = webhook_secret_of(settings)
    application.run_webhook(
        listen=listen,
        port=port,
        url_path=urlsplit(webhook_url).path.lstrip("/"),
        webhook_url=webhook_url,
        secret_token=secret,
        allowed_updates=list(ALLOWED_UPDATES),
        drop_pending_updates=False,
    )


__all__ = [
    "ADMIN_COMMANDS",
    "GROUP_COMMANDS",
    "PRIVATE_COMMANDS",
    "api_urls",
    "build_application",
    "run",
    "set_commands",
]
