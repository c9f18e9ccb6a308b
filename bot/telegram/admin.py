"""Admin commands in Telegram: update -> Command (+ document) -> AdminService -> replies.

Thin on purpose: who may do what, validation and audit live in bot/admin_service.py and
bot/core/curation/admin.py. The one decision made here is when to download: never before the
service
has said yes (admin, accepted file name, size under the limit).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Protocol

from telegram import Document, Message, MessageEntity, Update
from telegram.error import TelegramError
from telegram.ext import BaseHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.core.curation.admin import ADMIN_COMMANDS, AdminAction
from bot.core.markup import Plain, Reply
from bot.core.types import Attachment, Command
from bot.telegram.handlers import ASSISTANT_KEY, command_of, parse_command
from bot.telegram.send import reply_to, thread_of, typing

logger = logging.getLogger(__name__)

_IMPORT = AdminAction.IMPORT.value
_UNAVAILABLE = "Admin commands are not available on this bot right now; nothing was changed."
_DOWNLOAD_FAILED = "I could not download that file from Telegram; nothing was imported."
# The caption that makes a document an import: "/import" or "/import@ThisBot", then anything.
_IMPORT_CAPTION = re.compile(r"^/import(?:@\w+)?(?:\s|$)", re.IGNORECASE)


class AdminServiceLike(Protocol):
    """What the handlers need from bot.admin_service.AdminService (kept apart from the store)."""

    def check_document(self, actor_id: int, filename: str, size: int | None) -> list[Reply] | None:
        """Returns the refusal for a document that must not be downloaded, or None."""
        ...

    async def execute(
        self, actor_id: int, command: Command, document: Attachment | None = None
    ) -> list[Reply]:
        """Returns the replies to one admin command."""
        ...


def _service(context: ContextTypes.DEFAULT_TYPE) -> AdminServiceLike | None:
    """Returns the assistant's admin service, or None when it has none."""
    assistant = context.application.bot_data.get(ASSISTANT_KEY)
    service: AdminServiceLike | None = getattr(assistant, "admin_service", None)
    return service


def caption_command(message: Message, bot_username: str) -> Command | None:
    """Returns the command a document's caption starts with (None when for another bot)."""
    caption = message.caption or ""
    first = next((e for e in message.caption_entities or () if e.offset == 0), None)
    if first is None or first.type != MessageEntity.BOT_COMMAND:
        return None
    return command_of(caption, message.parse_caption_entity(first), bot_username)


async def _import(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    service: AdminServiceLike,
    actor_id: int,
    document: Document | None,
) -> list[Reply]:
    """Returns the replies to an import: checked before download, then run by the service."""
    command = Command(_IMPORT)
    if document is None:
        return await service.execute(actor_id, command, None)
    filename = document.file_name or "upload"
    refused = service.check_document(actor_id, filename, document.file_size)
    if refused is not None:
        return refused
    try:
        telegram_file = await document.get_file()
        data = bytes(await telegram_file.download_as_bytearray())
    except TelegramError as exc:
        logger.warning("could not download %r from user %d: %s", filename, actor_id, exc)
        return [Reply(Plain(_DOWNLOAD_FAILED), quote=True)]
    upload = Attachment(filename, data, caption=f"/{_IMPORT}", kind="document")
    return await service.execute(actor_id, command, upload)


async def admin_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles every admin command sent as text (/addsupplier, /import in reply to a file, …)."""
    message = update.effective_message
    user = update.effective_user
    chat = update.effective_chat
    if message is None or user is None or chat is None:
        return
    command = parse_command(message, context.bot.username)
    if command is None:
        return
    service = _service(context)
    if service is None:
        await reply_to(update, context, [Reply(Plain(_UNAVAILABLE))])
        return
    async with typing(context.bot, chat.id, thread_of(message)):
        if command.name == _IMPORT:
            replied = message.reply_to_message
            document = replied.document if replied is not None else None
            replies = await _import(update, context, service, user.id, document)
        else:
            replies = await service.execute(user.id, command)
    await reply_to(update, context, replies)


async def import_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles a document sent with the caption /import."""
    message = update.effective_message
    user = update.effective_user
    chat = update.effective_chat
    if message is None or user is None or chat is None or message.document is None:
        return
    command = caption_command(message, context.bot.username)
    if command is None or command.name != _IMPORT:
        return
    service = _service(context)
    if service is None:
        await reply_to(update, context, [Reply(Plain(_UNAVAILABLE))])
        return
    async with typing(context.bot, chat.id, thread_of(message)):
        replies = await _import(update, context, service, user.id, message.document)
    await reply_to(update, context, replies)


def admin_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any]]:
    """Returns the admin handlers; register them before the founders' generic handlers."""
    new_messages = filters.UpdateType.MESSAGE  # edits of old commands are not re-run
    return [
        # /cmd and /cmd@ThisBot; CommandHandler itself ignores /cmd@OtherBot.
        CommandHandler(sorted(ADMIN_COMMANDS), admin_command, filters=new_messages),
        MessageHandler(
            new_messages & filters.Document.ALL & filters.CaptionRegex(_IMPORT_CAPTION),
            import_document,
        ),
    ]


__all__ = ["AdminServiceLike", "admin_command", "admin_handlers", "caption_command"]
