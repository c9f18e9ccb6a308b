"""PrivacyService on a real database: the export file, forget's answer, the retention purge."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, update

from bot.config import ConfigError, load_settings
from bot.core.types import SessionKey
from bot.privacy_service import EXPORT_FORMAT, PrivacyService
from bot.store.db import Database
from bot.store.models import DialogSessionRow, OutboxRow, UpdateRow
from bot.store.sessions import SessionStore
from tests.test_cli_kb import run_cli
from tests.test_console import _chat

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def _session(db: Database, user_id: int) -> None:
    async with db.sessions.begin() as session:
        await SessionStore(session).save(SessionKey(user_id, user_id, None), {"a": 1}, None)


async def test_export_is_a_json_document_of_the_founders_rows(db: Database) -> None:
    await _session(db, 7)
    reply = await PrivacyService(db, 180, lambda: NOW).export(7)
    (attachment,) = reply.attachments
    assert attachment.kind == "document"
    assert attachment.filename == "smallbatch-data-7.json"
    document = json.loads(attachment.data)
    assert document["format"] == EXPORT_FORMAT
    assert [row["state"] for row in document["tables"]["dialog_sessions"]] == [{"a": 1}]
    assert "1 conversations, 0 quotes" in attachment.caption


async def test_forget_says_what_it_deleted_and_a_second_time_nothing(db: Database) -> None:
    await _session(db, 7)
    service = PrivacyService(db, 180)
    assert "(1 conversations)" in (await service.forget_reply(7)).text_plain()
    assert "nothing was stored" in (await service.forget_reply(7)).text_plain()


async def test_purge_uses_the_retention_and_the_clock(db: Database) -> None:
    await _session(db, 7)
    assert await PrivacyService(db, 180, lambda: NOW).purge() == 0  # touched just now
    later = datetime.now(UTC) + timedelta(days=181)
    assert await PrivacyService(db, 180, lambda: later).purge() == 1


async def test_a_database_that_is_away_gets_an_apology_and_changes_nothing(db: Database) -> None:
    service = PrivacyService(await Database.connect("postgresql://nobody@127.0.0.1:1/none"), 180)
    assert "nothing was changed" in (await service.forget_reply(7)).text_plain()
    assert "nothing was changed" in (await service.export_reply(7)).text_plain()
    await service.db.dispose()


def test_privacy_text_states_the_configured_retention(db: Database) -> None:
    text = PrivacyService(db, 30).describe().text_plain()
    assert "deleted after 30 days without a message" in text
    assert "2 days after I answered them" in text


@pytest.mark.parametrize("value", ["0", "abc", "99999", "-5"])
def test_a_bad_retention_is_refused_with_its_name(value: str) -> None:
    with pytest.raises(ConfigError, match="RETENTION_DAYS"):
        load_settings({"RETENTION_DAYS": value})


def test_new_settings_are_read() -> None:
    settings = load_settings(
        {"RETENTION_DAYS": "30", "LOG_FORMAT": "JSON", "ADMIN_CHAT_ID": "-1001234"}
    )
    assert (settings.retention_days, settings.log_format, settings.admin_chat_id) == (
        30,
        "json",
        -1001234,
    )
    assert load_settings({}).retention_days == 180
    with pytest.raises(ConfigError, match="LOG_FORMAT"):
        load_settings({"LOG_FORMAT": "xml"})
    with pytest.raises(ConfigError, match="ADMIN_CHAT_ID"):
        load_settings({"ADMIN_CHAT_ID": "@ops"})


def test_db_purge_deletes_idle_conversations_and_says_how_many(sqlite_url: str) -> None:
    async def old_session() -> None:
        db = await Database.connect(sqlite_url)
        await db.upgrade()
        await _session(db, 7)
        await _session(db, 8)
        async with db.sessions.begin() as session:
            await session.execute(
                update(DialogSessionRow)
                .where(DialogSessionRow.user_id == 7)
                .values(updated_at=datetime.now(UTC) - timedelta(days=31))
                .execution_options(synchronize_session=False)
            )
        await db.dispose()

    asyncio.run(old_session())
    done = run_cli("db", "purge", database_url=sqlite_url, RETENTION_DAYS="30")
    assert (done.returncode, done.stdout) == (
        0,
        "deleted 1 conversations idle for more than 30 days\n",
    )
    again = run_cli("db", "purge", database_url=sqlite_url, RETENTION_DAYS="30")
    assert again.stdout.startswith("deleted 0 conversations")
    bad = run_cli("db", "purge", database_url=sqlite_url, RETENTION_DAYS="soon")
    assert bad.returncode == 2
    assert bad.stderr.startswith("smallbatch: RETENTION_DAYS: not a number of days")


async def test_purge_also_drops_handled_updates_and_settled_replies_past_their_time(
    db: Database,
) -> None:
    old = datetime.now(UTC) - timedelta(days=8)
    async with db.sessions.begin() as session:
        session.add(
            UpdateRow(
                update_id=1, chat_id=7, user_id=7, payload={}, received_at=old, handled_at=old
            )
        )
        session.add(UpdateRow(update_id=2, chat_id=7, user_id=7, payload={}, received_at=old))
        session.add(
            OutboxRow(chat_id=7, user_id=7, kind="text", body={}, status="sent", created_at=old)
        )
    await PrivacyService(db, 180).purge()
    async with db.readers() as session:
        left = (await session.execute(select(UpdateRow.update_id))).scalars().all()
        assert list(left) == [2]  # unhandled: kept until it is handled
        assert (await session.execute(select(OutboxRow.id))).first() is None


def test_the_console_has_privacy_mydata_and_forget_too(tmp_path: Path) -> None:
    first = _chat(tmp_path, "I need 500 ceramic mugs a month\n/privacy\n/mydata\n/forget\n1\n")
    assert first.returncode == 0, first.stderr
    assert "Your data in Smallbatch" in first.stdout
    (saved,) = (tmp_path / "charts").glob("*smallbatch-data-42.json")
    assert len(json.loads(saved.read_text())["tables"]["dialog_sessions"]) == 1
    assert "[1] Delete everything" in first.stdout
    assert "everything I held about you is deleted (1 conversations" in first.stdout
    second = _chat(tmp_path, "/history\n")
    assert "continuing" not in second.stdout
