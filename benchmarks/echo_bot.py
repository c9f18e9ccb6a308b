"""The anchor of the load benchmark: a minimal python-telegram-bot echo bot.

    BOT_TOKEN=... BOT_API_BASE_URL=http://127.0.0.1:PORT/bot python -m benchmarks.echo_bot

PTB's own echo example (Application, one MessageHandler, long polling), pointed at the same Bot
API stand-in as the bot: its CPU per update is what python-telegram-bot itself costs here.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters


async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
    """Replies with the user's own text."""
    if update.message is not None and update.message.text is not None:
        await update.message.reply_text(update.message.text)


def main() -> None:
    """Polls the Bot API at BOT_API_BASE_URL until SIGTERM."""
    application = (
        Application.builder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_BASE_URL"].rstrip("/").removesuffix("/bot") + "/bot")
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(MessageHandler(filters.TEXT, echo))
    application.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
