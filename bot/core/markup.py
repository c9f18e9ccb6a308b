"""Reply text as a node tree that escapes itself: unescaped HTML is impossible by construction.

aiogram's `as_section(...).as_html()` idea: the core builds nodes, each front end asks for
`to_html()` (Telegram, parse_mode=HTML) or `to_plain()` (console).
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.types import Attachment, Button

# Telegram rejects a message over 4,096 characters (after entity parsing); keep a margin.
TELEGRAM_MESSAGE_LIMIT = 4096
_SAFE_LIMIT = 4000


@dataclass(frozen=True, slots=True)
class Node:
    """Base of all markup nodes."""

    def to_html(self) -> str:
        """Returns the node as Telegram HTML, every text escaped."""
        raise NotImplementedError

    def to_plain(self) -> str:
        """Returns the node as plain text."""
        raise NotImplementedError


@dataclass(frozen=True, slots=True)
class Plain(Node):
    """Text shown as it is (escaped in HTML)."""

    text: str

    def to_html(self) -> str:
        """Returns the escaped text."""
        return html.escape(self.text, quote=False)

    def to_plain(self) -> str:
        """Returns the text."""
        return self.text


@dataclass(frozen=True, slots=True)
class Bold(Node):
    """Bold text."""

    text: str

    def to_html(self) -> str:
        """Returns <b>escaped</b>."""
        return f"<b>{html.escape(self.text, quote=False)}</b>"

    def to_plain(self) -> str:
        """Returns the text."""
        return self.text


@dataclass(frozen=True, slots=True)
class Italic(Node):
    """Italic text."""

    text: str

    def to_html(self) -> str:
        """Returns <i>escaped</i>."""
        return f"<i>{html.escape(self.text, quote=False)}</i>"

    def to_plain(self) -> str:
        """Returns the text."""
        return self.text


@dataclass(frozen=True, slots=True)
class Code(Node):
    """Monospace text (commands, ids)."""

    text: str

    def to_html(self) -> str:
        """Returns <code>escaped</code>."""
        return f"<code>{html.escape(self.text, quote=False)}</code>"

    def to_plain(self) -> str:
        """Returns the text."""
        return self.text


@dataclass(frozen=True, slots=True)
class Pre(Node):
    """A preformatted block (drafted request, tables)."""

    text: str

    def to_html(self) -> str:
        """Returns <pre>escaped</pre>."""
        return f"<pre>{html.escape(self.text, quote=False)}</pre>"

    def to_plain(self) -> str:
        """Returns the text."""
        return self.text


def safe_url(url: str) -> str | None:
    """Returns an http(s) URL for a website field ("example.com" gets https://), or None."""
    candidate = url.strip()
    if not candidate or any(ch.isspace() or ord(ch) < 32 for ch in candidate):
        return None
    lowered = candidate.lower()
    if lowered.startswith(("http://", "https://")):
        return candidate
    if ":" in candidate.split("/", 1)[0] or candidate.startswith(("/", ".")):
        return None  # javascript:, data:, host:port tricks, relative paths
    return "https://" + candidate


@dataclass(frozen=True, slots=True)
class Link(Node):
    """A link; only http(s) URLs become <a>, anything else is shown as plain text."""

    text: str
    url: str

    def to_html(self) -> str:
        """Returns <a href="…">escaped</a>, or the escaped text when the URL is not http(s)."""
        target = safe_url(self.url)
        label = html.escape(self.text, quote=False)
        if target is None:
            return label
        return f'<a href="{html.escape(target, quote=True)}">{label}</a>'

    def to_plain(self) -> str:
        """Returns "text (url)" unless they are the same."""
        if self.text == self.url:
            return self.text
        return f"{self.text} ({self.url})"


@dataclass(frozen=True, slots=True)
class Line(Node):
    """Inline nodes joined on one line."""

    parts: tuple[Node, ...]

    def to_html(self) -> str:
        """Returns the parts' HTML joined."""
        return "".join(part.to_html() for part in self.parts)

    def to_plain(self) -> str:
        """Returns the parts' text joined."""
        return "".join(part.to_plain() for part in self.parts)


@dataclass(frozen=True, slots=True)
class Lines(Node):
    """Block nodes, one per line; the unit that splitting respects."""

    items: tuple[Node, ...]

    def to_html(self) -> str:
        """Returns the items' HTML, one per line."""
        return "\n".join(item.to_html() for item in self.items)

    def to_plain(self) -> str:
        """Returns the items' text, one per line."""
        return "\n".join(item.to_plain() for item in self.items)


def line(*parts: Node | str) -> Line:
    """Returns a Line; plain strings become Plain nodes."""
    return Line(tuple(Plain(p) if isinstance(p, str) else p for p in parts))


def lines(*items: Node | str) -> Lines:
    """Returns Lines; plain strings become Plain nodes."""
    return Lines(tuple(Plain(i) if isinstance(i, str) else i for i in items))


def _flatten(node: Node) -> list[Node]:
    """Returns the top-level blocks of a node (nested Lines are opened)."""
    if isinstance(node, Lines):
        out: list[Node] = []
        for item in node.items:
            out.extend(_flatten(item))
        return out
    return [node]


def _cut_leaf(node: Node, limit: int) -> list[Node]:
    """Returns a too-long block cut into plain pieces whose HTML fits `limit`."""
    text = node.to_plain()
    pieces: list[Node] = []
    # Escaping can at most quintuple a character (& -> &amp;), so cut by escaped length.
    start = 0
    while start < len(text):
        end = min(len(text), start + limit)
        while end > start + 1 and len(html.escape(text[start:end], quote=False)) > limit:
            end = start + max(1, (end - start) * 3 // 4)
        pieces.append(Plain(text[start:end]))
        start = end
    return pieces


def split(node: Node, limit: int = _SAFE_LIMIT) -> list[Lines]:
    """Returns the node as messages whose HTML each stays under `limit`, cut at line ends."""
    chunks: list[Lines] = []
    current: list[Node] = []
    size = 0
    for block in _flatten(node):
        pieces = [block] if len(block.to_html()) <= limit else _cut_leaf(block, limit)
        for piece in pieces:
            cost = len(piece.to_html()) + (1 if current else 0)
            if current and size + cost > limit:
                chunks.append(Lines(tuple(current)))
                current, size = [], 0
                cost = len(piece.to_html())
            current.append(piece)
            size += cost
    if current or not chunks:
        chunks.append(Lines(tuple(current)))
    return chunks


@dataclass(frozen=True, slots=True)
class Reply:
    """One message to send: markup, button rows and optional attachments."""

    markup: Node
    buttons: tuple[tuple[Button, ...], ...] = ()
    attachments: tuple[Attachment, ...] = ()
    quote: bool = False  # in groups, quote the asker

    def text_html(self) -> str:
        """Returns the markup as Telegram HTML."""
        return self.markup.to_html()

    def text_plain(self) -> str:
        """Returns the markup as plain text."""
        return self.markup.to_plain()


def button_rows(buttons: Iterable[Button], per_row: int = 2) -> tuple[tuple[Button, ...], ...]:
    """Returns buttons laid out `per_row` to a row."""
    items = list(buttons)
    return tuple(tuple(items[i : i + per_row]) for i in range(0, len(items), per_row))


__all__ = [
    "TELEGRAM_MESSAGE_LIMIT",
    "Bold",
    "Code",
    "Italic",
    "Line",
    "Lines",
    "Link",
    "Node",
    "Plain",
    "Pre",
    "Reply",
    "button_rows",
    "line",
    "lines",
    "safe_url",
    "split",
]
