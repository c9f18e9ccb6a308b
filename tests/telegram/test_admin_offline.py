"""Admin handlers offline: a real PTB Application whose bot talks to a recording request.

PTB's own technique: updates go through `app.process_update`; every Bot API call lands in
`RecordingRequest`, which answers like Telegram and remembers what was sent. The admin service
behind the handlers is the real one, on a real database.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application, ApplicationBuilder

from bot.admin_service import AdminService
from bot.core.curation.admin import MAX_IMPORT_BYTES
from bot.core.types import Taxonomy
from bot.store import Database, SupplierStore
from bot.telegram.admin import admin_handlers
from tests.telegram.recording import BOT_USERNAME, JSON, TOKEN, RecordingRequest

ADMIN = 111
STRANGER = 999
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "admin"
ADD = """/addsupplier
name: Kartonage <Klein>
categories: packaging-mailers
source: https://kartonage-klein.example/terms"""


class Assistant:
    """The slice of the application layer the admin handlers read from bot_data."""

    def __init__(self, admin_service: AdminService) -> None:
        self.admin_service = admin_service


class Client:
    """Builds updates like Telegram sends them and feeds them to the application."""

    def __init__(self, app: Application[Any, Any, Any, Any, Any, Any], request: RecordingRequest):
        self.app = app
        self.request = request
        self._ids = itertools.count(1)

    def _message(self, user_id: int, chat: JSON | None) -> JSON:
        return {
            "message_id": next(self._ids),
            "date": 0,
            "chat": chat or {"id": user_id, "type": "private", "first_name": "U"},
            "from": {"id": user_id, "is_bot": False, "first_name": "U"},
        }

    async def _process(self, message: JSON) -> None:
        update = Update.de_json({"update_id": next(self._ids), "message": message}, self.app.bot)
        await self.app.process_update(update)

    async def send(self, user_id: int, text: str, chat: JSON | None = None) -> JSON:
        """Makes a user send a text with a bot_command entity at the start."""
        message = self._message(user_id, chat)
        message["text"] = text
        command = text.split(maxsplit=1)[0]
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
        await self._process(message)
        return message

    async def send_document(
        self,
        user_id: int,
        filename: str,
        data: bytes,
        caption: str | None = "/import",
        *,
        size: int | None = None,
        reply_text: str | None = None,
    ) -> None:
        """Makes a user send a document (or reply `reply_text` to one they sent)."""
        file_id = f"documents/{next(self._ids)}-{filename}"
        self.request.files[file_id] = data
        message = self._message(user_id, None)
        message["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": filename,
            "file_size": len(data) if size is None else size,
        }
        if caption:
            message["caption"] = caption
            message["caption_entities"] = [
                {"type": "bot_command", "offset": 0, "length": len(caption.split()[0])}
            ]
        if reply_text is None:
            await self._process(message)
            return
        reply = self._message(user_id, None)
        reply["text"] = reply_text
        reply["entities"] = [{"type": "bot_command", "offset": 0, "length": len(reply_text)}]
        reply["reply_to_message"] = message
        await self._process(reply)

    def texts(self) -> list[str]:
        """Returns the texts the bot sent, in order."""
        return [str(p["text"]) for p in self.request.sent()]


@pytest.fixture
async def client(db: Database) -> AsyncIterator[Client]:
    request = RecordingRequest()

    async def refresh(changed: Sequence[int] | None = None) -> None:
        return None

    service = AdminService(
        db,
        frozenset({ADMIN}),
        refresh,
        Taxonomy(),
        lambda: datetime(2026, 11, 25, 10, 0, tzinfo=UTC),
    )
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(request)
        .get_updates_request(RecordingRequest())
        .updater(None)
        .build()
    )
    app.bot_data["assistant"] = Assistant(service)
    app.add_handlers(admin_handlers())
    await app.initialize()
    try:
        yield Client(app, request)
    finally:
        await app.shutdown()


async def count(db: Database) -> int:
    """Returns how many suppliers the store holds, deleted ones included."""
    async with db.sessions() as session:
        return len(await SupplierStore(session).all(include_deleted=True))


async def test_an_admins_multi_line_addsupplier_reaches_the_service_whole(
    client: Client, db: Database
) -> None:
    await client.send(ADMIN, ADD)

    (sent,) = client.request.sent()
    assert sent["parse_mode"] == "HTML"
    assert sent["text"].startswith("Added <b>#1 Kartonage &lt;Klein&gt;</b>.")
    assert await count(db) == 1


async def test_a_non_admin_in_a_group_is_refused_with_a_quote_and_nothing_changes(
    client: Client, db: Database
) -> None:
    group = {"id": -100123, "type": "supergroup", "title": "Founders"}
    asked = await client.send(
        STRANGER, ADD.replace("/addsupplier", f"/addsupplier@{BOT_USERNAME}"), group
    )

    (sent,) = client.request.sent()
    assert sent["text"] == (
        "Only the knowledge-base admins can use <code>/addsupplier</code>; nothing was changed."
    )
    assert sent["chat_id"] == -100123
    assert sent["reply_parameters"]["message_id"] == asked["message_id"]
    assert await count(db) == 0


async def test_a_command_for_another_bot_is_left_alone(client: Client) -> None:
    await client.send(ADMIN, "/kbstats@OtherBot")

    assert client.request.sent() == []


async def test_a_document_captioned_import_is_downloaded_and_imported(
    client: Client, db: Database
) -> None:
    await client.send_document(ADMIN, "good.csv", (FIXTURES / "good.csv").read_bytes())

    assert len(client.request.downloads) == 1
    assert "<b>Imported 3 suppliers</b> from <code>good.csv</code>" in client.texts()[0]
    assert await count(db) == 3


async def test_import_in_reply_to_a_document_imports_it(client: Client, db: Database) -> None:
    data = (FIXTURES / "update.yaml").read_bytes()
    await client.send_document(ADMIN, "update.yaml", data, caption=None, reply_text="/import")

    assert "<b>Imported 2 suppliers</b> from <code>update.yaml</code>" in client.texts()[0]
    assert await count(db) == 2


@pytest.mark.parametrize(
    ("user", "filename", "size", "expected"),
    [
        (STRANGER, "good.csv", None, "Only the knowledge-base admins can use"),
        (ADMIN, "good.csv", MAX_IMPORT_BYTES + 1, "the limit is 1,000,000 bytes"),
        (ADMIN, "kb.xlsx", None, "is not a .csv, .yaml or .json file"),
    ],
    ids=["stranger", "oversize", "wrong-type"],
)
async def test_a_refused_document_is_never_downloaded(
    client: Client, db: Database, user: int, filename: str, size: int | None, expected: str
) -> None:
    await client.send_document(user, filename, (FIXTURES / "good.csv").read_bytes(), size=size)

    assert client.request.downloads == []
    assert not any(name == "getFile" for name, _ in client.request.calls)
    assert expected in client.texts()[0]
    assert await count(db) == 0


async def test_a_binary_file_named_csv_gets_a_clear_message(client: Client, db: Database) -> None:
    await client.send_document(ADMIN, "kb.csv", b"\x89PNG\r\n\x1a\n\x00\x00binary")

    assert "not UTF-8 text (is it binary?)" in client.texts()[0]
    assert await count(db) == 0


async def test_export_sends_two_documents(client: Client) -> None:
    await client.send(ADMIN, ADD)

    await client.send(ADMIN, "/export")

    names = [name for name, _ in client.request.uploads]
    assert names == ["suppliers-2026-11-25.csv", "suppliers-2026-11-25.yaml"]
    assert b"Kartonage <Klein>" in client.request.uploads[0][1]
