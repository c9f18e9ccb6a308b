"""Telegram's HTML parse mode, as the Bot API applies it to text and captions.

Follows https://core.telegram.org/bots/api#html-style: the supported tags, `<a href>`,
`<span class="tg-spoiler">`, `<pre><code class="language-x">`, `<blockquote expandable>`; the
named entities &lt; &gt; &amp; &quot; and every numeric entity. Anything else makes Telegram answer
400 "Bad Request: can't parse entities: …"; the same happens here, so a bot that forgets to escape
fails its end-to-end tests exactly as it would fail in production.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Tag name -> entity type (https://core.telegram.org/bots/api#messageentity).
_SIMPLE_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
_OTHER_TAGS = {"a", "span", "tg-emoji"}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z]+);")
_ATTRIBUTE = re.compile(r"""\s*([A-Za-z-]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s"'>]+))?""")


class HtmlError(ValueError):
    """What Telegram says after "Bad Request: can't parse entities: "."""


@dataclass
class _Open:
    """A start tag waiting for its end tag."""

    tag: str
    entity: dict[str, object]
    start: int  # UTF-16 offset in the plain text


@dataclass
class Parsed:
    """Plain text and entities (offsets and lengths in UTF-16 code units, as Telegram counts)."""

    text: str
    entities: list[dict[str, object]] = field(default_factory=list)

    @property
    def length(self) -> int:
        """Returns the text's length in UTF-16 code units (Telegram's character count)."""
        return utf16_len(self.text)


def utf16_len(text: str) -> int:
    """Returns the length of a string in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def _byte_offset(source: str, index: int) -> int:
    """Returns the UTF-8 byte offset of a character index (Telegram reports byte offsets)."""
    return len(source[:index].encode("utf-8"))


def _decode_entity(match: re.Match[str]) -> str:
    """Returns the character a supported entity stands for, or the entity text unchanged."""
    body = match.group(1)
    if body.startswith(("#x", "#X")):
        code = int(body[2:], 16)
    elif body.startswith("#"):
        code = int(body[1:])
    else:
        return _NAMED_ENTITIES.get(body, match.group(0))
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF or code == 0:
        return "\ufffd"
    return chr(code)


def _unescape(text: str) -> str:
    """Returns text with supported entities decoded (unknown named ones stay as written)."""
    return _ENTITY.sub(_decode_entity, text)


def _attributes(raw: str, source: str, at: int) -> dict[str, str]:
    """Returns a start tag's attributes."""
    attributes: dict[str, str] = {}
    position = 0
    while position < len(raw):
        if raw[position:].strip() in ("", "/"):
            break
        match = _ATTRIBUTE.match(raw, position)
        if match is None or match.end() == position:
            raise HtmlError(
                "Expected equal sign in declaration of an attribute of the tag at byte offset "
                f"{_byte_offset(source, at)}"
            )
        value = match.group(2) or ""
        if value[:1] in ("'", '"'):
            value = value[1:-1]
        attributes[match.group(1).lower()] = _unescape(value)
        position = match.end()
    return attributes


def _entity_for(tag: str, attributes: dict[str, str], source: str, at: int) -> dict[str, object]:
    """Returns the entity a supported start tag opens, or raises like Telegram."""
    if tag in _SIMPLE_TAGS:
        entity: dict[str, object] = {"type": _SIMPLE_TAGS[tag]}
        if tag == "blockquote" and "expandable" in attributes:
            entity["type"] = "expandable_blockquote"
        if tag == "code" and attributes.get("class", "").startswith("language-"):
            entity["language"] = attributes["class"].removeprefix("language-")
        return entity
    if tag == "a":
        href = attributes.get("href", "")
        if not href:
            return {"type": "text_link_empty"}
        return {"type": "text_link", "url": href}
    if tag == "span":
        if attributes.get("class") != "tg-spoiler":
            offset = _byte_offset(source, at)
            raise HtmlError(f'Tag "span" must have class "tg-spoiler" at byte offset {offset}')
        return {"type": "spoiler"}
    if tag == "tg-emoji":
        emoji_id = attributes.get("emoji-id", "")
        if not emoji_id.isdigit():
            raise HtmlError(
                "Custom emoji identifier must be specified at byte offset "
                f"{_byte_offset(source, at)}"
            )
        return {"type": "custom_emoji", "custom_emoji_id": emoji_id}
    raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {_byte_offset(source, at)}')


def _outer_first(entity: dict[str, object]) -> tuple[int, int]:
    """Returns the sort key that puts entities by offset, an enclosing one before what it holds."""
    offset, length = entity["offset"], entity["length"]
    assert isinstance(offset, int), entity
    assert isinstance(length, int), entity
    return offset, -length


def parse_html(source: str) -> Parsed:
    """Returns the plain text and entities of Telegram HTML, or raises HtmlError like Telegram."""
    state = _ParseState(source)
    index = 0
    while index < len(source):
        lt = source.find("<", index)
        state.text(source[index:] if lt < 0 else source[index:lt])
        if lt < 0:
            break
        gt = source.find(">", lt + 1)
        if gt < 0:
            raise HtmlError(f"Unclosed start tag at byte offset {_byte_offset(source, lt)}")
        inside = source[lt + 1 : gt]
        if inside.startswith("/"):
            state.close(inside[1:].strip().lower(), lt)
        else:
            state.open(inside, lt)
        index = gt + 1
    return state.finish()


@dataclass
class _ParseState:
    """What parse_html has read so far: the text, its length in UTF-16 units, open tags."""

    source: str
    out: list[str] = field(default_factory=list)
    out_len: int = 0
    stack: list[_Open] = field(default_factory=list)
    entities: list[dict[str, object]] = field(default_factory=list)

    def text(self, chunk: str) -> None:
        """Adds the text between two tags."""
        if chunk:
            text = _unescape(chunk)
            self.out.append(text)
            self.out_len += utf16_len(text)

    def close(self, name: str, at: int) -> None:
        """Closes the innermost tag, which must be `name`, and records its entity."""
        if not self.stack:
            raise HtmlError(f"Unexpected end tag at byte offset {_byte_offset(self.source, at)}")
        top = self.stack.pop()
        if name != top.tag:
            raise HtmlError(
                f"Unmatched end tag at byte offset {_byte_offset(self.source, at)}, "
                f'expected "</{top.tag}>", found "</{name}>"'
            )
        length = self.out_len - top.start
        if length > 0 and top.entity["type"] != "text_link_empty":
            self.entities.append({**top.entity, "offset": top.start, "length": length})

    def open(self, inside: str, at: int) -> None:
        """Opens a tag after checking it is one Telegram supports."""
        match = re.match(r"([A-Za-z][A-Za-z0-9-]*)", inside)
        where = _byte_offset(self.source, at)
        if match is None:
            raise HtmlError(
                f'Unsupported start tag "{inside.split(" ")[0]}" at byte offset {where}'
            )
        tag = match.group(1).lower()
        if tag not in _SIMPLE_TAGS and tag not in _OTHER_TAGS:
            raise HtmlError(f'Unsupported start tag "{tag}" at byte offset {where}')
        attributes = _attributes(inside[match.end() :], self.source, at)
        entity = _entity_for(tag, attributes, self.source, at)
        if tag == "a" and any(o.tag == "a" for o in self.stack):
            raise HtmlError("Nested links are not allowed")
        self.stack.append(_Open(tag, entity, self.out_len))

    def finish(self) -> Parsed:
        """Returns the text and entities once every tag is closed."""
        if self.stack:
            raise HtmlError(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        self.entities.sort(key=_outer_first)
        return Parsed("".join(self.out), self.entities)
