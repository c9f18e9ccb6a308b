"""/privacy, /mydata, /forget and their buttons; the daily retention purge while the bot runs.

Thin: bot/privacy_service.py does the work. The export and the "deleted" answer are sent
directly, not through the outbox, so no copy of the founder's data stays stored after them.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any, Protocol

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.core.conversation import privacy_text as texts
from bot.core.markup import Reply
from bot.telegram.handlers import ASSISTANT_KEY
from bot.telegram.keyboards import decode
from bot.telegram.send import reply_to, send_replies, thread_of

logger = logging.getLogger(__name__)

COMMANDS = ("privacy", "forget", "mydata")
_BUTTONS = rf"^v1:(?:{texts.FORGET}|{texts.MYDATA}):"
_PURGE_KEY = "retention_purge"


class PrivacyLike(Protocol):
    """What the handlers need from bot.privacy_service.PrivacyService."""

    def describe(self) -> Reply:
        """Returns /privacy."""
        ...

    async def export_reply(self, user_id: int) -> Reply:
        """Returns the founder's data as a JSON document reply (or why not)."""
        ...

    async def forget_reply(self, user_id: int) -> Reply:
        """Deletes the founder's data; returns what was deleted (or why not)."""
        ...

    async def purge_daily(self) -> None:
        """Runs the retention purge now and daily."""
        ...


def _service(context: ContextTypes.DEFAULT_TYPE) -> PrivacyLike | None:
    assistant = context.application.bot_data.get(ASSISTANT_KEY)
    service: PrivacyLike | None = getattr(assistant, "privacy", None)
    return service


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def _send_now(update: Update, context: ContextTypes.DEFAULT_TYPE, reply: Reply) -> None:
    """Sends a reply at once (never stored in the outbox)."""
    chat = update.effective_chat
    if chat is not None:
        await send_replies(context.bot, chat.id, thread_of(update.effective_message), [reply])


async def _export(
    update: Update, context: ContextTypes.DEFAULT_TYPE, service: PrivacyLike
) -> None:
    if update.effective_user is not None:
        await _send_now(update, context, await service.export_reply(update.effective_user.id))


async def privacy_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles /privacy, /forget and /mydata."""
    message, user = update.effective_message, update.effective_user
    service = _service(context)
    if message is None or user is None or service is None or not message.text:
        return
    name = message.text.split()[0][1:].split("@")[0].lower()
    if name == "privacy":
        await reply_to(update, context, [service.describe()])
    elif not _private(update):
        await reply_to(update, context, [texts.private_only(name)])
    elif name == "mydata":
        await _export(update, context, service)
    else:
        await reply_to(update, context, [texts.forget_question()])


async def privacy_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles "Delete everything", "Keep it" and "Send my data"."""
    query = update.callback_query
    service = _service(context)
    if query is None or service is None:
        return
    press = decode(query.data)
    with contextlib.suppress(TelegramError):
        await query.answer()
    if press is None or not _private(update):
        return
    if press.action == texts.MYDATA:
        await _export(update, context, service)
        return
    with contextlib.suppress(TelegramError):  # the question's buttons are spent either way
        await query.edit_message_reply_markup(None)
    if press.arg != texts.FORGET_YES:
        await reply_to(update, context, [texts.kept()])
        return
    await _send_now(update, context, await service.forget_reply(query.from_user.id))


def privacy_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any]]:
    """Returns the handlers, to register before the founders' catch-all ones."""
    return [
        CommandHandler(list(COMMANDS), privacy_command),
        CallbackQueryHandler(privacy_button, pattern=_BUTTONS),
    ]


def start_retention(bot_data: dict[str, Any]) -> None:
    """Starts the retention purge (now, then daily) when the assistant has a privacy service."""
    service: PrivacyLike | None = getattr(bot_data.get(ASSISTANT_KEY), "privacy", None)
    if service is not None:
        bot_data[_PURGE_KEY] = asyncio.create_task(service.purge_daily(), name="retention")


async def stop_retention(bot_data: dict[str, Any]) -> None:
    """Stops the purge task."""
    task: asyncio.Task[None] | None = bot_data.pop(_PURGE_KEY, None)
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


__all__ = ["COMMANDS", "privacy_handlers", "start_retention", "stop_retention"]
