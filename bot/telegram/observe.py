"""What an operator sees: a log line per update, error reports to an admin chat, /metrics.

Two TypeHandlers bracket every update: the first (group -1) notes its ids for every log line
(bot/logs.py) and the time; the last (group 1) logs one line with the ids and the time taken.
PTB runs groups in order and goes on after a handler's error, so the last one always runs.

An unexpected error is whatever is logged at ERROR with a traceback, wherever it is caught (PTB's
error handler, the assistant's own guard): `ErrorReport` counts it and sends the admin chat the
update id, the exception's type and where it was raised, never the founder's words (the log has
the details under that update id). The founder gets the short apology their handler sends.
"""

from __future__ import annotations

import asyncio
import logging
import time
import traceback
from collections import deque
from contextvars import ContextVar
from typing import Any

from telegram import Bot, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, ContextTypes, TypeHandler

from bot import metrics
from bot.logs import CURRENT_UPDATE, UpdateFields, UpdateIds

logger = logging.getLogger(__name__)

START_GROUP, END_GROUP = -1, 1
ADMIN_CHAT_KEY = "admin_chat_id"
_REPORT_KEY = "error_report"
_STARTED_KEY = "observe_started"
# At most this many reports a minute: an outage must not flood the admin chat.
REPORTS_PER_MINUTE = 10


def _ids(update: Update) -> UpdateIds:
    chat, user = update.effective_chat, update.effective_user
    return UpdateIds(update.update_id, chat.id if chat else None, user.id if user else None)


def _kind(update: Update) -> str:
    if update.callback_query is not None:
        return "button"
    message = update.effective_message
    if message is None:
        return "other"
    if message.text and message.text.startswith("/"):
        return "command"
    return "document" if message.document else "message"


# When the update being handled began (perf_counter); the groups of one update share a task.
_BEGAN: ContextVar[float | None] = ContextVar("update_began", default=None)


async def _started(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    CURRENT_UPDATE.set(_ids(update))
    _BEGAN.set(time.perf_counter())


async def _finished(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    began = _BEGAN.get()
    seconds = time.perf_counter() - began if began is not None else 0.0
    metrics.UPDATES.inc()
    metrics.LATENCY.observe(seconds)
    ids = _ids(update)
    logger.info(
        "update %d (%s, chat %s, user %s) handled in %.0f ms",
        ids.update_id,
        _kind(update),
        ids.chat_id,
        ids.user_id,
        seconds * 1000,
        extra={"kind": _kind(update), "ms": round(seconds * 1000, 1)},
    )
    CURRENT_UPDATE.set(None)
    _BEGAN.set(None)


def observe_handlers() -> list[tuple[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any], int]]:
    """Returns the bracketing handlers and their groups (before and after every other group)."""
    return [
        (TypeHandler(Update, _started), START_GROUP),
        (TypeHandler(Update, _finished), END_GROUP),
    ]


def _where(record: logging.LogRecord) -> str:
    """Returns the exception type and the innermost frame of ours (else the innermost)."""
    if not record.exc_info or record.exc_info[1] is None:
        return "no exception"
    exc = record.exc_info[1]
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if "/bot/" in f.filename.replace("\\", "/")] or frames
    if not ours:
        return type(exc).__name__
    frame = ours[-1]
    path = frame.filename.replace("\\", "/")
    short = path[path.rfind("/bot/") + 1 :] if "/bot/" in path else path.rsplit("/", 1)[-1]
    return f"{type(exc).__name__} at {short}:{frame.lineno} in {frame.name}"


def report_text(record: logging.LogRecord) -> str:
    """Returns the admin chat's report of an error record (ids and place, no founder text)."""
    update_id = getattr(record, "update_id", None)
    chat_id, user_id = getattr(record, "chat_id", None), getattr(record, "user_id", None)
    head = (
        f"Unexpected error in update {update_id} (chat {chat_id}, user {user_id})"
        if update_id is not None
        else "Unexpected error outside an update"
    )
    found = f"update_id={update_id}" if update_id is not None else f"logger {record.name}"
    return f"{head}\n{_where(record)}\nlogged by {record.name}; details in the log ({found})."


class ErrorReport(logging.Handler):
    """Counts unexpected errors and reports them to the admin chat (when one is set)."""

    def __init__(self, bot: Bot | None, chat_id: int | None) -> None:
        super().__init__(logging.ERROR)
        self.bot, self.chat_id = bot, chat_id
        self._sent: deque[float] = deque(maxlen=REPORTS_PER_MINUTE)
        self._tasks: set[asyncio.Task[None]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if not record.exc_info or record.name == logger.name:
            return
        metrics.ERRORS.inc()
        if self.bot is None or self.chat_id is None:
            return
        now = time.monotonic()
        if len(self._sent) == self._sent.maxlen and now - self._sent[0] < 60:
            return  # over the budget; the log and the counter still have it
        self._sent.append(now)
        try:
            task = asyncio.get_running_loop().create_task(self._send(report_text(record)))
        except RuntimeError:  # logged from a thread without a loop: the log has it
            return
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def cancel(self) -> None:
        """Drops the reports still being sent (the bot is stopping)."""
        for task in list(self._tasks):
            task.cancel()

    async def _send(self, text: str) -> None:
        if self.bot is None or self.chat_id is None:
            return
        try:
            await self.bot.send_message(self.chat_id, text, parse_mode=None)
        except TelegramError as exc:  # a warning, not an error: no report about a report
            logger.warning("could not report an error to chat %s: %s", self.chat_id, exc)


def start_observing(bot_data: dict[str, Any], bot: Bot) -> None:
    """Installs the error report on the root logger (once per application)."""
    report = ErrorReport(bot, bot_data.get(ADMIN_CHAT_KEY))
    report.addFilter(UpdateFields())
    logging.getLogger().addHandler(report)
    bot_data[_REPORT_KEY] = report


def stop_observing(bot_data: dict[str, Any]) -> None:
    """Removes the error report."""
    report: ErrorReport | None = bot_data.pop(_REPORT_KEY, None)
    if report is not None:
        logging.getLogger().removeHandler(report)
        report.cancel()


__all__ = [
    "ADMIN_CHAT_KEY",
    "ErrorReport",
    "observe_handlers",
    "report_text",
    "start_observing",
    "stop_observing",
]
