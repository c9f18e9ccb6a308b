"""The terminal front end: the same conversation as Telegram, one line of stdin per message."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol, TextIO

from bot.core.conversation.state import DialogState
from bot.core.conversation.transcript import turn_json
from bot.core.markup import Reply
from bot.core.search.matching import SearchIndex
from bot.core.types import Button, Command, Event, Press, ReplyContext, SessionKey, Text

logger = logging.getLogger(__name__)

_COMMAND = re.compile(r"^/([A-Za-z0-9_]{1,32})(?:@\w+)?(?:\s+(.*))?$", re.DOTALL)


class ConversationHandler(Protocol):
    """What the console needs from the application layer."""

    async def handle(self, key: SessionKey, event: Event, ctx: ReplyContext) -> list[Reply]:
        """Returns the replies to one event."""
        ...

    async def has_session(self, key: SessionKey) -> bool:
        """Returns whether a stored conversation exists for the key."""
        ...


def to_event(line: str, choices: Sequence[Button]) -> Event:
    """Returns the event a typed line means: a command, a numbered or named choice, or text."""
    stripped = line.strip()
    match = _COMMAND.match(stripped)
    if match:
        return Command(match.group(1).lower(), (match.group(2) or "").strip())
    pressable = [b for b in choices if b.url is None]
    if stripped.isdigit() and 1 <= int(stripped) <= len(choices):
        chosen = choices[int(stripped) - 1]
        if chosen.url is None:
            return Press(chosen.action, chosen.arg)
    for button in pressable:
        if stripped.casefold() == button.label.casefold():
            return Press(button.action, button.arg)
    return Text(line.rstrip("\r\n"))


class Console:
    """Prints replies as plain text and numbered choices; saves charts as PNG files."""

    def __init__(self, out: TextIO, chart_dir: Path) -> None:
        self._out = out
        self._chart_dir = chart_dir
        self._charts = 0
        self.choices: list[Button] = []

    def show(self, replies: Sequence[Reply], key: SessionKey) -> None:
        """Prints the replies; their buttons, numbered, become the choices for the next line."""
        self.choices = []
        for reply in replies:
            text = reply.text_plain().strip()
            if text:
                self._out.write(text + "\n")
            for attachment in reply.attachments:
                self._out.write(self._save(attachment.filename, attachment.data, key) + "\n")
            flat = [button for row in reply.buttons for button in row]
            for button in flat:
                self.choices.append(button)
                target = f" -> {button.url}" if button.url else ""
                self._out.write(f"  [{len(self.choices)}] {button.label}{target}\n")
        self._out.write("\n")
        self._out.flush()

    def _save(self, filename: str, data: bytes, key: SessionKey) -> str:
        """Writes an attachment under the chart folder and returns a line saying where."""
        self._charts += 1
        self._chart_dir.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "attachment.bin"
        # A second run must not overwrite the first run's charts: stamp with the time.
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        path = self._chart_dir / f"{key.chat_id}-{key.user_id}-{stamp}-{self._charts}-{safe}"
        path.write_bytes(data)
        return f"(saved {path})"


async def run_console(
    assistant: ConversationHandler,
    key: SessionKey,
    lines: TextIO,
    out: TextIO,
    chart_dir: Path,
) -> int:
    """Drives one conversation from `lines` until end of input; returns the exit status."""
    console = Console(out, chart_dir)
    ctx = ReplyContext(in_group=False)
    if await assistant.has_session(key):
        # Re-show where we were, so numbered choices mean the same as in the last run.
        out.write("(continuing your conversation; /new starts over, /help lists commands)\n")
        console.show(await assistant.handle(key, Command("resume"), ctx), key)
    else:
        console.show(await assistant.handle(key, Command("start"), ctx), key)
    for raw in lines:
        if not raw.strip():
            continue
        event = to_event(raw, console.choices)
        console.show(await assistant.handle(key, event, ctx), key)
    return 0


# Reads the stored conversation after a turn (the CLI passes one over the session store).
StateReader = Callable[[SessionKey], Awaitable[DialogState]]


async def run_json_console(
    assistant: ConversationHandler,
    key: SessionKey,
    lines: TextIO,
    out: TextIO,
    state_of: StateReader,
    index: Callable[[], SearchIndex],
) -> int:
    """Drives one conversation from `lines`, printing one JSON object a line per bot turn and
    flushing after each, so a program can drive it through a pipe; returns the exit status."""
    ctx = ReplyContext(in_group=False)
    # The opening (a greeting, or where we were) is not printed: one turn per line read.
    opening = Command("resume") if await assistant.has_session(key) else Command("start")
    choices = _buttons(await assistant.handle(key, opening, ctx))
    for raw in lines:
        if not raw.strip():
            continue
        replies = await assistant.handle(key, to_event(raw, choices), ctx)
        choices = _buttons(replies)
        text = "\n\n".join(t for t in (r.text_plain().strip() for r in replies) if t)
        labels = [b.label for b in choices]
        payload = turn_json(text, labels, await state_of(key), index())
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
        out.flush()
    return 0


def _buttons(replies: Sequence[Reply]) -> list[Button]:
    """Returns the buttons of a turn's replies, in order."""
    return [button for reply in replies for row in reply.buttons for button in row]
