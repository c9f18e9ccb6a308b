"""A change and its confirmation commit in one transaction (issue 12: a kill -9 after the
commit still reports it), admins' and founders' quotes alike, and nothing is written twice."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from bot.admin_service import AdminService
from bot.core.types import Attachment, Command
from bot.delivery import Delivery
from bot.knowledge_files import load_taxonomy
from bot.quote_service import QuoteService
from bot.store.db import Database
from bot.store.outbox import OutboxStore
from bot.store.updates import FounderKey, UpdateStore, quote_of

ADMIN = 111
KNOWLEDGE = Path(__file__).resolve().parents[2] / "knowledge"
KARTONAGE = """name: Kartonage Klein
website: https://kartonage-klein.example
country: DE
categories: packaging-mailers
moq: 50
price_tiers: 50:2.4; 500:1.7
source: https://kartonage-klein.example/terms"""


def _command(update_id: int, chat: int, text: str) -> dict[str, Any]:
    kind = "private" if chat == ADMIN else "supergroup"
    message = {
        "message_id": 40 + update_id,
        "date": 0,
        "chat": {"id": chat, "type": kind},
        "from": {"id": ADMIN, "is_bot": False, "first_name": "Ada"},
        "text": text,
    }
    return {"update_id": update_id, "message": message}


async def _texts(db: Database) -> list[str]:
    async with db.sessions() as session:
        rows = await OutboxStore(session).heads(datetime.now(UTC))
    return [str(row.body.get("plain")) for row in rows]


async def test_a_change_and_its_confirmation_commit_together(db: Database) -> None:
    delivery = Delivery(db)

    async def refresh(_changed: Sequence[int] | None = None) -> None:
        committed.extend(await _texts(db))  # what a kill -9 right after the commit leaves

    committed: list[str] = []
    service = AdminService(
        db,
        frozenset({ADMIN}),
        refresh,
        load_taxonomy(KNOWLEDGE / "taxonomy.yaml"),
        lambda: datetime(2026, 12, 1, tzinfo=UTC),
        reply_in=delivery.reply_in,
    )
    key = FounderKey(ADMIN, ADMIN)
    await delivery.store(1, _command(1, ADMIN, "/addsupplier"))

    async def process(payload: dict[str, Any]) -> None:
        replies = await service.execute(ADMIN, Command("addsupplier", KARTONAGE))
        await delivery.enqueue(key, replies, update_id=payload["update_id"], quote_message_id=None)

    assert await delivery.handle_founder(key, process, batch=4) == 1
    assert len(committed) == 1, "the confirmation was committed with the supplier"
    assert "Kartonage Klein" in committed[0]
    assert await _texts(db) == committed, "and it is not written a second time"
    async with db.sessions() as session:
        assert await UpdateStore(session).is_handled(1)


@pytest.mark.parametrize("worker_bytes", [10**9, 0], ids=["in-process", "worker"])
async def test_an_imports_confirmation_is_written_once_before_the_index_follows(
    db: Database, worker_bytes: int
) -> None:
    delivery = Delivery(db)
    committed: list[str] = []

    async def refresh(_changed: Sequence[int] | None = None) -> None:
        committed.extend(await _texts(db))

    service = AdminService(
        db,
        frozenset({ADMIN}),
        refresh,
        load_taxonomy(KNOWLEDGE / "taxonomy.yaml"),
        lambda: datetime(2026, 12, 1, tzinfo=UTC),
        reply_in=delivery.reply_in,
        worker_bytes=worker_bytes,
    )
    key = FounderKey(ADMIN, ADMIN)
    await delivery.store(1, _command(1, ADMIN, "/import"))
    data = b"name,categories,source\nKartonage Klein,packaging-mailers,https://kk.example\n"
    document = Attachment("kb.csv", data, caption="/import", kind="document")

    async def process(payload: dict[str, Any]) -> None:
        replies = await service.execute(ADMIN, Command("import", ""), document)
        await delivery.enqueue(key, replies, update_id=payload["update_id"], quote_message_id=None)

    assert await delivery.handle_founder(key, process, batch=4) == 1
    assert len(committed) == 1
    assert "Imported 1 supplier" in committed[0]
    assert await _texts(db) == committed, "and it is not written a second time"
    async with db.sessions() as session:
        assert await UpdateStore(session).is_handled(1)


async def test_a_stored_quote_and_what_was_read_commit_together(db: Database) -> None:
    delivery = Delivery(db)
    quotes = QuoteService(db, KNOWLEDGE, None, reply_in=delivery.reply_in)
    key = FounderKey(ADMIN, ADMIN)
    await delivery.store(1, _command(1, ADMIN, "Acme: 1000 @ €0.80, setup €150"))
    seen: list[list[str]] = []

    async def process(payload: dict[str, Any]) -> None:
        replies = await quotes.receive(ADMIN, payload["message"]["text"], "text")
        seen.append(await _texts(db))  # committed by the time receive returns
        await delivery.enqueue(key, replies, update_id=payload["update_id"], quote_message_id=None)

    assert await delivery.handle_founder(key, process, batch=4) == 1
    assert len(seen[0]) == 1
    assert "Acme" in seen[0][0]
    assert await _texts(db) == seen[0]


def test_replies_quote_the_asker_in_groups_only() -> None:
    assert quote_of(_command(1, ADMIN, "/kbstats")) is None
    assert quote_of(_command(2, -100, "/kbstats")) == 42
    answer = {
        "message_id": 9,
        "chat": {"id": -100, "type": "group"},
        "reply_to_message": {"message_id": 5, "from": {"id": 7}},
    }

    def press(by: int) -> dict[str, Any]:
        return {
            "update_id": 3,
            "callback_query": {"id": "q", "from": {"id": by}, "message": answer},
        }

    assert quote_of(press(7)) == 5, "the presser's own question"
    assert quote_of(press(8)) == 9, "someone else's: the pressed answer"
