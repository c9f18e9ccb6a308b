"""`smallbatch chat`: the conversation in a terminal (works piped; the session is stored)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.core.types import SessionKey

# The console's default user: a fixed id, so a second run continues the same stored conversation.
_DEFAULT_USER_ID = 1


def register(subparsers: Any) -> None:
    """Adds the `chat` subcommand."""
    parser = subparsers.add_parser(
        "chat",
        help="talk to Smallbatch in the terminal",
        description=(
            "Talk to Smallbatch in the terminal, one message a line (stdin may be piped). "
            "Buttons print as numbered choices: type the number or the label. Commands: /help, "
            "/new, /back, /skip, /cancel, /edit, /history. The conversation is stored: a second "
            "run with the same --user-id continues it."
        ),
    )
    parser.add_argument(
        "--user-id", type=int, default=_DEFAULT_USER_ID, help="who is talking (default: 1)"
    )
    parser.add_argument(
        "--chat-id",
        type=int,
        default=None,
        help="which chat (default: the user id, i.e. a private chat)",
    )
    parser.add_argument(
        "--chart-dir",
        type=Path,
        default=Path("data/charts"),
        help="where charts are saved as PNG (default: data/charts)",
    )
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    """Runs the console until end of input."""
    from bot.cli.context import settings_or_exit

    settings = settings_or_exit()
    chat_id = args.chat_id if args.chat_id is not None else args.user_id
    key = SessionKey(chat_id=chat_id, user_id=args.user_id)
    return asyncio.run(_chat(settings, key, args.chart_dir))


async def _chat(settings: Any, key: SessionKey, chart_dir: Path) -> int:
    """Builds the assistant, runs the console, and closes the database."""
    from bot.assistant import build_assistant
    from bot.console import run_console

    assistant = await build_assistant(settings)
    try:
        if sys.stdin.isatty():
            sys.stdout.write("Smallbatch console. Type a message; Ctrl-D ends.\n\n")
        return await run_console(assistant, key, sys.stdin, sys.stdout, chart_dir)
    finally:
        await assistant.close()
