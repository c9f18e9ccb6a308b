"""Core buttons as inline keyboards, and the versioned callback-data codec ("v1:<action>:<arg>").

The tokens carry everything a press needs, so buttons survive a restart without PTB's in-memory
`arbitrary_callback_data` cache.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.types import Button, Press

logger = logging.getLogger(__name__)

# Telegram rejects callback_data over 64 bytes (UTF-8) with BUTTON_DATA_INVALID.
CALLBACK_DATA_LIMIT = 64
_VERSION = "v1"


class ButtonTooLong(ValueError):
    """A button whose action and argument do not fit Telegram's 64-byte callback data."""


def encode(action: str, arg: str = "") -> str:
    """Returns the callback data for a press, or raises ButtonTooLong past 64 bytes."""
    if ":" in action or not action:
        raise ValueError(f"action must be non-empty and without ':': {action!r}")
    data = f"{_VERSION}:{action}:{arg}"
    if len(data.encode("utf-8")) > CALLBACK_DATA_LIMIT:
        raise ButtonTooLong(f"callback data over {CALLBACK_DATA_LIMIT} bytes: {data!r}")
    return data


def decode(data: str | None) -> Press | None:
    """Returns the press a callback data stands for, or None for old or foreign data."""
    if not data:
        return None
    version, sep, rest = data.partition(":")
    if version != _VERSION or not sep:
        return None
    action, sep, arg = rest.partition(":")
    if not action or not sep:
        return None
    return Press(action, arg)


def _inline_button(button: Button) -> InlineKeyboardButton | None:
    """Returns the inline button for a core button, or None when it cannot be encoded."""
    if button.url is not None:
        return InlineKeyboardButton(button.label, url=button.url)
    try:
        return InlineKeyboardButton(button.label, callback_data=encode(button.action, button.arg))
    except ValueError:
        # A core bug, not the user's: drop the one button rather than lose the whole reply.
        logger.error("dropped a button that cannot be encoded: %r", button)
        return None


def inline_keyboard(rows: Sequence[Sequence[Button]]) -> InlineKeyboardMarkup | None:
    """Returns the inline keyboard for button rows, or None when there is no button."""
    keyboard: list[list[InlineKeyboardButton]] = []
    for row in rows:
        built = [b for b in (_inline_button(button) for button in row) if b is not None]
        if built:
            keyboard.append(built)
    return InlineKeyboardMarkup(keyboard) if keyboard else None
