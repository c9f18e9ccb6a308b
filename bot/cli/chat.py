"""`smallbatch chat`: the conversation in a terminal (works piped; the session is stored)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from functools import partial
from pathlib import Path
from typing import Any

from bot.core.conversation.state import DialogState
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
    parser.add_argument(
        "--json",
        action="store_true",
        help=(
            "print one JSON object a line per bot turn (text, asking, choices, need, answer), "
            "flushed after each, for a program driving the chat through a pipe"
        ),
    )
    parser.set_defaults(handler=_handle)


def _handle(args: argparse.Namespace) -> int:
    """Runs the console until end of input."""
    from bot.cli.context import settings_or_exit

    settings = settings_or_exit()
    chat_id = args.chat_id if args.chat_id is not None else args.user_id
    key = SessionKey(chat_id=chat_id, user_id=args.user_id)
    return asyncio.run(_chat(settings, key, args.chart_dir, as_json=args.json))


async def _chat(settings: Any, key: SessionKey, chart_dir: Path, *, as_json: bool) -> int:
    """Builds the assistant, runs the console, and closes the database."""
    from bot.assistant import build_assistant
    from bot.console import run_console, run_json_console

    assistant = await build_assistant(settings)
    try:
        if as_json:
            state_of = partial(_stored_state, assistant)
            return await run_json_console(
                assistant, key, sys.stdin, sys.stdout, state_of, lambda: assistant.index
            )
        if sys.stdin.isatty():
            sys.stdout.write("Smallbatch console. Type a message; Ctrl-D ends.\n\n")
        return await run_console(assistant, key, sys.stdin, sys.stdout, chart_dir)
    finally:
        await assistant.close()


async def _stored_state(assistant: Any, key: SessionKey) -> DialogState:
    """Returns the conversation as stored after the last turn (a fresh one when none is)."""
    from bot.store.sessions import SessionStore

    async with assistant.db.sessions() as session:
        stored = await SessionStore(session).load(key)
    return DialogState.from_dict(stored.state) if stored else DialogState.new()
