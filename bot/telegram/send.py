"""Delivery: replies in the right chat and forum topic, quoting the asker, split, charts as photos.

Optional calls (chat action, photo) never block the text: when one fails it is logged and the
reply still goes out.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Sequence
from typing import Protocol

from telegram import Bot, InputFile, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import metrics
from bot.core.markup import Plain, Reply, split
from bot.core.types import Attachment, SessionKey
from bot.telegram.keyboards import inline_keyboard

logger = logging.getLogger(__name__)

# Telegram allows 1,024 characters in a caption (after entity parsing).
_CAPTION_LIMIT = 1000
# A chat action shows for about five seconds; renew it a little before it fades.
_ACTION_RENEW_SECONDS = 4.5
_ACTION_DELAY_SECONDS = 0.4
# bot_data key of the outbox writer (the assistant) when durable delivery runs (app.py).
OUTBOX_KEY = "outbox"


class OutboxWriter(Protocol):
    """Writes replies to the outbox for the update the intake is handling (bot/assistant.py)."""

    async def enqueue(
        self,
        key: SessionKey,
        replies: Sequence[Reply],
        *,
        update_id: int,
        quote_message_id: int | None,
    ) -> bool:
        """Returns True when the replies went to the outbox, False to send them directly."""
        ...


def thread_of(message: Message | None) -> int | None:
    """Returns the forum topic a message belongs to, or None outside forum topics."""
    if message is None or not message.is_topic_message:
        # In ordinary supergroups message_thread_id names a reply chain, not a topic: ignore it.
        return None
    return message.message_thread_id


def _quote(message_id: int | None) -> ReplyParameters | None:
    """Returns reply parameters quoting a message that may have been deleted meanwhile."""
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)


async def _send_text(
    bot: Bot,
    chat_id: int,
    thread_id: int | None,
    html: str,
    plain: str,
    quote_message_id: int | None,
    markup: object,
) -> Message:
    """Sends one HTML message; if Telegram cannot parse it, sends the plain text instead."""
    try:
        return await bot.send_message(
            chat_id,
            html,
            parse_mode=ParseMode.HTML,
            message_thread_id=thread_id,
            reply_parameters=_quote(quote_message_id),
            reply_markup=markup,  # type: ignore[arg-type]
        )
    except BadRequest as exc:
        if "can't parse entities" not in exc.message.lower():
            raise
        # The markup nodes escape everything, so this is a bug; still, the user gets the words.
        logger.error("Telegram rejected our HTML (%s); sending plain text", exc.message)
        return await bot.send_message(
            chat_id,
            plain,
            parse_mode=None,
            message_thread_id=thread_id,
            reply_parameters=_quote(quote_message_id),
            reply_markup=markup,  # type: ignore[arg-type]
        )


async def _send_attachment(
    bot: Bot,
    chat_id: int,
    thread_id: int | None,
    attachment: Attachment,
    quote_message_id: int | None,
    markup: object,
) -> Message | None:
    """Sends a photo or document; when that fails, sends its caption as text instead."""
    caption_html = Plain(attachment.caption[:_CAPTION_LIMIT]).to_html() or None
    upload = InputFile(attachment.data, filename=attachment.filename)
    send = bot.send_document if attachment.kind == "document" else bot.send_photo
    try:
        return await send(
            chat_id,
            upload,
            caption=caption_html,
            parse_mode=ParseMode.HTML,
            message_thread_id=thread_id,
            reply_parameters=_quote(quote_message_id),
            reply_markup=markup,  # type: ignore[arg-type]
        )
    except TelegramError as exc:
        logger.warning(
            "could not send %s %r to chat %s (%s); sending its caption as text",
            attachment.kind,
            attachment.filename,
            chat_id,
            exc,
        )
    if not attachment.caption.strip() and markup is None:
        return None
    fallback = attachment.caption.strip() or attachment.filename
    return await _send_text(
        bot,
        chat_id,
        thread_id,
        Plain(fallback).to_html(),
        fallback,
        quote_message_id,
        markup,
    )


async def send_replies(
    bot: Bot,
    chat_id: int,
    thread_id: int | None,
    replies: Sequence[Reply],
    *,
    quote_message_id: int | None = None,
) -> list[Message]:
    """Sends the replies in order and returns the messages sent.

    Each reply's text is split under Telegram's 4,096 characters at line ends; its buttons go on
    its last message; its attachments follow its text. With `quote_message_id` (groups) every
    message quotes the asker, so answers to several people in one group never look alike.
    """
    sent: list[Message] = []
    for reply in replies:
        keyboard = inline_keyboard(reply.buttons)
        chunks = [chunk for chunk in split(reply.markup) if chunk.to_html().strip()]
        attachments = list(reply.attachments)
        for number, chunk in enumerate(chunks, start=1):
            # Buttons go on the last message of the reply (a photo when one follows).
            last = number == len(chunks) and not attachments
            sent.append(
                await _send_text(
                    bot,
                    chat_id,
                    thread_id,
                    chunk.to_html(),
                    chunk.to_plain(),
                    quote_message_id,
                    keyboard if last else None,
                )
            )
        for number, attachment in enumerate(attachments, start=1):
            last = number == len(attachments)
            message = await _send_attachment(
                bot, chat_id, thread_id, attachment, quote_message_id, keyboard if last else None
            )
            if message is not None:
                sent.append(message)
        if keyboard is not None and not chunks and not attachments:
            logger.error("a reply with buttons but no text was not sent: %r", reply.buttons)
    metrics.REPLIES.inc(len(sent))
    return sent


def quote_for(update: Update) -> int | None:
    """Returns the message to quote when answering an update in a group (None in private)."""
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None or chat.type == ChatType.PRIVATE:
        return None
    query = update.callback_query
    if query is None:
        return message.message_id
    # A press: quote the founder's question that the pressed answer quoted, when it is theirs.
    asked = message.reply_to_message
    if asked is not None and asked.from_user is not None:
        return asked.message_id if asked.from_user.id == query.from_user.id else message.message_id
    return message.message_id


async def reply_to(
    update: Update, context: ContextTypes.DEFAULT_TYPE, replies: Sequence[Reply]
) -> list[Message]:
    """Sends replies to the chat and topic of an update, quoting the asker in groups.

    When the intake handles the update, the replies go to the outbox instead (sent from there,
    with retries) and nothing is returned.
    """
    chat = update.effective_chat
    if chat is None:
        return []
    thread = thread_of(update.effective_message)
    outbox: OutboxWriter | None = context.application.bot_data.get(OUTBOX_KEY)
    user = update.effective_user
    if outbox is not None and replies and user is not None:
        key = SessionKey(chat.id, user.id, thread)
        queued = await outbox.enqueue(
            key, replies, update_id=update.update_id, quote_message_id=quote_for(update)
        )
        if queued:
            return []
    return await send_replies(
        context.bot, chat.id, thread, replies, quote_message_id=quote_for(update)
    )


async def _keep_acting(bot: Bot, chat_id: int, thread_id: int | None, action: str) -> None:
    """Shows a chat action now and renews it until cancelled."""
    for _ in range(60):  # bounded: five minutes of "typing" at most
        try:
            await bot.send_chat_action(chat_id, action, message_thread_id=thread_id)
        except TelegramError as exc:
            logger.info("chat action failed in chat %s: %s", chat_id, exc)
            return
        await asyncio.sleep(_ACTION_RENEW_SECONDS)


@contextlib.asynccontextmanager
async def typing(
    bot: Bot, chat_id: int, thread_id: int | None, action: str = ChatAction.TYPING
) -> AsyncIterator[None]:
    """Shows "typing…" while the body runs, but only if it takes longer than a moment.

    A timer starts the action's task only then: most answers are done sooner, and a task made
    and cancelled for each of them cost every update a few turns of the event loop.
    """
    loop = asyncio.get_running_loop()
    acting: list[asyncio.Task[None]] = []

    def start() -> None:
        acting.append(loop.create_task(_keep_acting(bot, chat_id, thread_id, action)))

    timer = loop.call_later(_ACTION_DELAY_SECONDS, start)
    try:
        yield
    finally:
        timer.cancel()
        for task in acting:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
