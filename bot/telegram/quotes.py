"""The quote book in Telegram: forwarded quotes, quote documents, photos, /quote, /quotes, buttons.

Thin on purpose (bot/quote_service.py does the work). Quotes are only ever taken in a private
chat; in a group /quotes answers that quotes are private and shows nothing. A document is checked
(kind, size) before it is downloaded.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

from telegram import Document, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.advice.quote_render import COMPARE, CONFIRM, CORRECT, DISCARD, PRIVATE_ONLY
from bot.core.markup import Plain, Reply
from bot.telegram.handlers import ASSISTANT_KEY, parse_command
from bot.telegram.keyboards import decode
from bot.telegram.send import reply_to, typing

logger = logging.getLogger(__name__)

_UNAVAILABLE = "The quote book is not available on this bot right now; nothing was stored."
_DOWNLOAD_FAILED = "I could not download that file from Telegram; nothing was stored."
_BUTTONS = re.compile(rf"^v1:(?:{CONFIRM}|{CORRECT}|{DISCARD}|{COMPARE}):")
# A document with this caption is an admin's new rates file, not a quote.
_RATES_CAPTION = re.compile(r"^/rates(?:@\w+)?(?:\s|$)", re.IGNORECASE)
_IMPORT_CAPTION = re.compile(r"^/import(?:@\w+)?(?:\s|$)", re.IGNORECASE)


class QuoteServiceLike(Protocol):
    """What the handlers need from bot.quote_service.QuoteService."""

    async def receive(
        self, user_id: int, text: str, source: str, filename: str | None = None
    ) -> list[Reply]:
        """Reads and stores a quote."""
        ...

    def check_document(self, filename: str, size: int | None) -> list[Reply] | None:
        """Returns the refusal for a document not to download, or None."""
        ...

    async def receive_document(self, user_id: int, filename: str, data: bytes) -> list[Reply]:
        """Reads and stores a quote document."""
        ...

    def photo(self) -> list[Reply]:
        """Returns the answer to a photo."""
        ...

    async def press(self, user_id: int, action: str, arg: str) -> list[Reply]:
        """Answers a quote button."""
        ...

    async def command(self, user_id: int, args: str, *, in_group: bool) -> list[Reply]:
        """Answers /quotes."""
        ...

    async def load_rates(self, actor_id: int, filename: str, data: bytes) -> list[Reply]:
        """Loads an admin's rates file."""
        ...


def _service(context: ContextTypes.DEFAULT_TYPE) -> QuoteServiceLike | None:
    assistant = context.application.bot_data.get(ASSISTANT_KEY)
    service: QuoteServiceLike | None = getattr(assistant, "quote_service", None)
    return service


def _private(update: Update) -> bool:
    chat = update.effective_chat
    return chat is not None and chat.type == ChatType.PRIVATE


async def _download(document: Document) -> bytes | None:
    try:
        telegram_file = await document.get_file()
        return bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not download quote document %r: %s", document.file_name, exc)
        return None


async def quotes_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles /quotes [list|show|edit|delete|compare] and /quote TEXT."""
    message, user = update.effective_message, update.effective_user
    if message is None or user is None:
        return
    command = parse_command(message, context.bot.username)
    if command is None:
        return
    service = _service(context)
    if service is None:
        await reply_to(update, context, [Reply(Plain(_UNAVAILABLE))])
        return
    if not _private(update):
        await reply_to(update, context, [Reply(Plain(PRIVATE_ONLY), quote=True)])
        return
    async with typing(context.bot, message.chat_id, None):
        if command.name == "quote":
            replies = await service.receive(user.id, command.args, "text")
        else:
            replies = await service.command(user.id, command.args, in_group=False)
    await reply_to(update, context, replies)


async def forwarded_quote(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles a supplier's message forwarded into the private chat."""
    message, user = update.effective_message, update.effective_user
    service = _service(context)
    if message is None or user is None or message.text is None or service is None:
        return
    async with typing(context.bot, message.chat_id, None):
        replies = await service.receive(user.id, message.text, "forward")
    await reply_to(update, context, replies)


async def quote_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles a quote sent as a CSV, XLSX or PDF document (checked before download)."""
    message, user = update.effective_message, update.effective_user
    service = _service(context)
    if message is None or user is None or message.document is None or service is None:
        return
    document = message.document
    filename = document.file_name or "quote"
    refused = service.check_document(filename, document.file_size)
    if refused is not None:
        await reply_to(update, context, refused)
        return
    async with typing(context.bot, message.chat_id, None):
        data = await _download(document)
        if data is None:
            replies = [Reply(Plain(_DOWNLOAD_FAILED))]
        elif _RATES_CAPTION.match(message.caption or ""):
            replies = await service.load_rates(user.id, filename, data)
        else:
            replies = await service.receive_document(user.id, filename, data)
    await reply_to(update, context, replies)


async def quote_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answers a photo in the private chat: it can't be read yet, send the text."""
    service = _service(context)
    if service is not None:
        await reply_to(update, context, service.photo())


async def quote_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles Confirm / Correct / Discard / Compare under a quote (the presser's own quotes)."""
    query = update.callback_query
    service = _service(context)
    if query is None or service is None:
        return
    press = decode(query.data)
    message = query.message
    try:
        await query.answer()
    except TelegramError as exc:
        logger.info("could not answer callback query %s: %s", query.id, exc)
    if press is None or not isinstance(message, Message):
        return
    replies = await service.press(query.from_user.id, press.action, press.arg)
    await reply_to(update, context, replies)


def quote_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any]]:
    """Returns the quote-book handlers: after the admin ones, before the founders'."""
    new_messages = filters.UpdateType.MESSAGE
    private = filters.ChatType.PRIVATE
    not_admin_caption = ~filters.CaptionRegex(_IMPORT_CAPTION)
    return [
        CallbackQueryHandler(quote_button, pattern=_BUTTONS),
        CommandHandler(["quote", "quotes"], quotes_command, filters=new_messages),
        MessageHandler(new_messages & private & filters.FORWARDED & filters.TEXT, forwarded_quote),
        MessageHandler(
            new_messages & private & filters.Document.ALL & not_admin_caption, quote_document
        ),
        MessageHandler(new_messages & private & filters.PHOTO, quote_photo),
    ]


__all__ = ["QuoteServiceLike", "quote_handlers"]
