"""The `smallbatch` command: argparse front door; each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from bot.core.types import InputError

logger = logging.getLogger(__name__)

# Each module defines `register(subparsers)`, adding its parser with `set_defaults(handler=...)`;
# a handler takes the parsed args and returns the exit status.
_COMMAND_MODULES = ("run", "chat", "search", "recommend", "compare", "kb", "db", "understand")

Handler = Callable[[argparse.Namespace], int]


class UsageError(Exception):
    """Bad arguments: reported as one line on stderr with exit status 2."""


class Parser(argparse.ArgumentParser):
    """An ArgumentParser whose errors are one line on stderr and exit status 2."""

    def error(self, message: str) -> NoReturn:
        """Prints one line naming the command and exits 2."""
        self.exit(2, f"{self.prog}: {message}\n")


def _command_in(argv: Sequence[str]) -> str | None:
    """Returns the subcommand argv names, if it is one of ours (None for --help and the like)."""
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--log-level":
            next(arguments, None)  # its value
        elif not argument.startswith("-"):
            return argument if argument in _COMMAND_MODULES else None
    return None


def build_parser(only: str | None = None) -> Parser:
    """Returns the parser with every subcommand registered, or only the one given.

    Each command module imports what its command needs (the bot, the knowledge base, quotes):
    a command that runs does not pay for importing the others.
    """
    parser = Parser(
        prog="smallbatch",
        description="Smallbatch: a sourcing assistant for founders who produce in small batches.",
    )
    parser.add_argument("--log-level", default=None, help="override LOG_LEVEL (DEBUG, INFO, ...)")
    subparsers = parser.add_subparsers(
        dest="command",
        metavar="COMMAND",
        parser_class=Parser,
        help="without a command: `run` when BOT_TOKEN is set, otherwise `chat`",
    )
    for name in _COMMAND_MODULES if only is None else (only,):
        module = importlib.import_module(f"bot.cli.{name}")
        module.register(subparsers)
    return parser


def _configure_logging(level: str | None) -> None:
    """Sends logs to stderr; commands that serve (run) raise the level from Settings."""
    logging.basicConfig(
        level=(level or "WARNING").upper(),
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    # httpx logs every request at INFO (PTB examples lower it too).
    logging.getLogger("httpx").setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Runs the command line and returns the exit status (2 on a user's mistake)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_in(arguments))
    args = parser.parse_args(arguments)
    _configure_logging(args.log_level)
    if args.command is None:
        # The main job: the Telegram bot when a token is configured, otherwise the console chat.
        from bot.cli.context import settings_or_exit

        settings = settings_or_exit()
        command = "run" if settings.bot_token else "chat"
        args = build_parser(command).parse_args([*arguments, command])
    handler: Handler = args.handler
    try:
        return handler(args)
    except (InputError, UsageError) as exc:
        print(f"smallbatch {args.command}: {exc}", file=sys.stderr)  # noqa: T201
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`smallbatch search x | head`): stop quietly, as Unix tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 141
