"""Founder-facing callbacks: update -> dialog event -> assistant -> replies sent by send.py.

No business rule lives here. In groups the bot listens only to its commands, to replies to its own
messages and to mentions of it (so it works with privacy mode on); everything else is left alone.
"""

from __future__ import annotations

import logging
from typing import Any, Protocol

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatType
from telegram.error import NetworkError, TelegramError
from telegram.ext import (
    BaseHandler,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.core.markup import Reply
from bot.core.types import Command, Event, ReplyContext, SessionKey, Text
from bot.telegram.keyboards import decode
from bot.telegram.send import quote_for, reply_to, thread_of, typing

logger = logging.getLogger(__name__)

ASSISTANT_KEY = "assistant"

# Short front-end answers that only make sense in Telegram (the dialog's text lives in the core).
EXPIRED_BUTTON = "That button has expired. Send /start to begin again."
NOT_YOUR_BUTTON = "These buttons answer someone else's question. Ask me yourself with /start."
SOMETHING_WENT_WRONG = "Sorry, something went wrong on my side. Please try again in a moment."


class AssistantLike(Protocol):
    """What the Telegram front end needs from the application layer (bot/assistant.py)."""

    async def answer(
        self,
        key: SessionKey,
        event: Event,
        ctx: ReplyContext,
        *,
        update_id: int,
        quote_message_id: int | None = None,
    ) -> list[Reply]:
        """Returns the replies to send now; [] when they went to the outbox (intake updates)."""
        ...

    def is_admin(self, user_id: int) -> bool:
        """Returns whether the user is an admin."""
        ...

    async def close(self) -> None:
        """Releases the assistant's resources."""
        ...


def assistant_of(context: ContextTypes.DEFAULT_TYPE) -> AssistantLike:
    """Returns the assistant stored in the application's bot_data."""
    assistant: AssistantLike = context.application.bot_data[ASSISTANT_KEY]
    return assistant


def session_key(update: Update) -> SessionKey:
    """Returns whose conversation an update belongs to: chat, user and forum topic."""
    chat = update.effective_chat
    user = update.effective_user
    if chat is None or user is None:
        raise ValueError("an update without a chat or a user has no session")
    return SessionKey(chat.id, user.id, thread_of(update.effective_message))


def _in_group(update: Update) -> bool:
    """Returns whether the update comes from a group or supergroup."""
    chat = update.effective_chat
    return chat is not None and chat.type in (ChatType.GROUP, ChatType.SUPERGROUP)


def reply_context(update: Update, context: ContextTypes.DEFAULT_TYPE) -> ReplyContext:
    """Returns the front-end facts the core renders with (group, bot name)."""
    return ReplyContext(in_group=_in_group(update), bot_username=context.bot.username)


def parse_command(message: Message, bot_username: str) -> Command | None:
    """Returns the command a message starts with, or None when it is addressed to another bot."""
    text = message.text or ""
    entities = message.entities or ()
    first = next((e for e in entities if e.offset == 0), None)
    if first is None or first.type != MessageEntity.BOT_COMMAND:
        return None
    # Offsets are UTF-16 code units; a command itself is ASCII, so the prefix is safe to cut.
    return command_of(text, message.parse_entity(first), bot_username)


def command_of(text: str, token: str, bot_username: str) -> Command | None:
    """Returns the command whose `/name[@bot]` token opens the text; None when for another bot."""
    name, _, addressee = token[1:].partition("@")
    if addressee and addressee.casefold() != bot_username.casefold():
        return None  # /cmd@OtherBot: not ours
    return Command(name.lower(), text[len(token) :].strip())


def _mentions_bot(message: Message, bot_username: str) -> bool:
    """Returns whether a message mentions the bot by @username."""
    target = "@" + bot_username.casefold()
    mentions = message.parse_entities([MessageEntity.MENTION])
    return any(text.casefold() == target for text in mentions.values())


def _strip_mention(text: str, bot_username: str) -> str:
    """Returns the text without the @mention of the bot (any letter case)."""
    mention = "@" + bot_username
    start = text.casefold().find(mention.casefold())
    if start < 0:
        return text
    return (text[:start] + text[start + len(mention) :]).strip()


def is_for_bot(message: Message, bot_id: int, bot_username: str) -> bool:
    """Returns whether a group message is meant for the bot: command, reply to it, or mention."""
    if message.chat.type == ChatType.PRIVATE:
        return True
    if parse_command(message, bot_username) is not None:
        return True
    replied = message.reply_to_message
    # Telegram marks a topic's first message as the "reply" of every message in the topic.
    topic_start = (
        message.is_topic_message and replied is not None and bool(replied.forum_topic_created)
    )
    if replied is not None and replied.from_user is not None and not topic_start:
        return replied.from_user.id == bot_id or _mentions_bot(message, bot_username)
    return _mentions_bot(message, bot_username)


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, event: Event) -> None:
    """Hands one event to the assistant and sends what it returns, "typing…" shown meanwhile.

    One path for every update: for one the intake handles, the step and its replies commit
    together and the outbox sender sends them (the text first, a chart once drawn); otherwise
    the replies come back to be sent here. "typing…" goes out once the answer takes longer
    than a moment, and is renewed until it is done.
    """
    chat = update.effective_chat
    if chat is None or update.effective_user is None:
        return
    key = session_key(update)
    ctx = reply_context(update, context)
    async with typing(context.bot, chat.id, key.thread_id):
        replies = await assistant_of(context).answer(
            key, event, ctx, update_id=update.update_id, quote_message_id=quote_for(update)
        )
    await reply_to(update, context, replies)


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles /start, /help, /new, /edit … (any command not taken by an earlier handler)."""
    message = update.effective_message
    if message is None or update.effective_user is None:
        return
    command = parse_command(message, context.bot.username)
    if command is None:
        return
    await _answer(update, context, command)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles free text: every message in private, only messages for the bot in groups."""
    message = update.effective_message
    if message is None or message.text is None or update.effective_user is None:
        return
    username = context.bot.username
    if not is_for_bot(message, context.bot.id, username):
        return
    text = (
        message.text
        if message.chat.type == ChatType.PRIVATE
        else _strip_mention(message.text, username)
    )
    await _answer(update, context, Text(text))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Handles an inline-button press; the callback query is always answered."""
    query = update.callback_query
    if query is None:
        return
    press = decode(query.data)
    message = query.message
    if press is None or not isinstance(message, Message):
        await query.answer(EXPIRED_BUTTON)
        return
    asked = message.reply_to_message
    if (
        _in_group(update)
        and asked is not None
        and asked.from_user is not None
        # A topic's creation message is no one's question (Telegram sets it as the reply).
        and not asked.forum_topic_created
        and asked.from_user.id not in (query.from_user.id, context.bot.id)
    ):
        await query.answer(NOT_YOUR_BUTTON, show_alert=True)
        return
    # Answer first: it stops the button's spinner whatever happens next.
    try:
        await query.answer()
    except TelegramError as exc:
        logger.info("could not answer callback query %s: %s", query.id, exc)
    await _answer(update, context, press)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Logs a failed update with its context and tells the user briefly; the bot keeps running."""
    if update is None and isinstance(context.error, NetworkError):
        # Polling itself failed (the Bot API is down or slow): PTB retries with backoff. An
        # outage is no bug: one line, no traceback and no report to the admin chat.
        logger.warning("getUpdates failed: %s (retrying)", context.error)
        return
    chat_id = user_id = None
    if isinstance(update, Update):
        chat_id = update.effective_chat.id if update.effective_chat else None
        user_id = update.effective_user.id if update.effective_user else None
    logger.error(
        "update %s failed (chat %s, user %s)",
        update.update_id if isinstance(update, Update) else update,
        chat_id,
        user_id,
        exc_info=context.error,
    )
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(
            update.effective_chat.id,
            SOMETHING_WENT_WRONG,
            parse_mode=None,
            message_thread_id=thread_of(update.effective_message),
        )
    except TelegramError as exc:
        logger.warning("could not tell chat %s about the error: %s", chat_id, exc)


def founder_handlers() -> list[BaseHandler[Update, ContextTypes.DEFAULT_TYPE, Any]]:
    """Returns the founder-facing handlers, in the order they must be registered."""
    new_messages = filters.UpdateType.MESSAGE
    return [
        CallbackQueryHandler(on_button),
        # Any command not taken by an earlier (admin) handler; /cmd@OtherBot is ignored inside.
        MessageHandler(new_messages & filters.COMMAND, on_command),
        MessageHandler(new_messages & filters.TEXT & ~filters.COMMAND, on_text),
    ]
