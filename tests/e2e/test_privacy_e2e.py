"""/mydata and /forget end to end: the real bot process, on SQLite and on PostgreSQL.

Anna talks in private and in a group and keeps a quote; Ben talks too. Anna takes her data as a
file, then deletes it: afterwards no table holds a row of hers (every table of
bot.store.privacy.FOUNDER_TABLES, which a unit test keeps complete), and Ben's are all there.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from sqlalchemy import Connection, inspect, text

from bot.store.db import Database
from bot.store.privacy import FOUNDER_TABLES
from tests.e2e.botapi import BotApiServer, Chat, Sent, User, user_visible
from tests.e2e.conftest import StartBot

BOT = "@SmallbatchTestBot"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def bot_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The bot's database: an SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'privacy.db'}"
    return str(request.getfixturevalue("postgres_url"))


async def ask(
    botapi: BotApiServer, user: User, text: str, *, chat: Chat | None = None, count: int = 1
) -> list[Sent]:
    since = len(botapi.sent)
    await botapi.send(user, text, chat=chat)
    return await botapi.replies(user, chat=chat, count=count, since=since, within=30, settle=1.0)


async def press(botapi: BotApiServer, user: User, sent: Sent, label: str) -> list[Sent]:
    since = len(botapi.sent)
    await botapi.press(user, sent, label)
    return await botapi.replies(user, since=since, within=30, settle=1.0)


# Columns that name a Telegram user or chat (admins' ids too, to be sure none is the founder's).
_ID_COLUMNS = ("user_id", "chat_id", "actor_id", "loaded_by")


async def rows_of(url: str, user_id: int) -> dict[str, int]:
    """Counts the user's rows in every table of the live database with an id column.

    The tables are read from the database itself, not from FOUNDER_TABLES, so a table that
    list misses would show up here.
    """

    def id_columns(connection: Connection) -> dict[str, list[str]]:
        found = inspect(connection)
        return {
            name: [c["name"] for c in found.get_columns(name) if c["name"] in _ID_COLUMNS]
            for name in found.get_table_names()
        }

    db = await Database.connect(url)
    try:
        async with db.engine.connect() as connection:
            tables = await connection.run_sync(id_columns)
            counts = {}
            for name, columns in sorted(tables.items()):
                if not columns:
                    continue
                where = " OR ".join(f"{column} = :id" for column in columns)
                query = text(f"SELECT count(*) FROM {name} WHERE {where}")  # noqa: S608 - names from the schema
                counts[name] = int((await connection.execute(query, {"id": user_id})).scalar_one())
            return counts
    finally:
        await db.dispose()


async def test_forget_leaves_nothing_of_the_founder_in_any_table(
    botapi: BotApiServer, start_bot: StartBot, bot_db_url: str
) -> None:
    anna = botapi.user("Anna", "anna_founder")
    ben = botapi.user("Ben", "ben_founder")
    group = botapi.group("Makers")
    await start_bot(extra_env={"DATABASE_URL": bot_db_url})

    await ask(botapi, anna, "I need 500 ceramic mugs a month")
    await ask(botapi, anna, f"/start{BOT}", chat=group)
    quote = await ask(botapi, anna, "/quote Acme: 1000 @ $0.80, 5000 @ $0.45")
    await press(botapi, anna, quote[-1], "Confirm")
    await ask(botapi, ben, "I need 200 tote bags")
    before = await rows_of(bot_db_url, anna.id)
    assert before["dialog_sessions"] == 2
    assert before["quotes"] == 1
    assert before["updates"] >= 4
    assert before["outbox"] >= 4

    # /privacy says what is kept and for how long; /cancel says what it keeps.
    said = user_visible(await ask(botapi, anna, "/privacy"))
    assert "deleted after 180 days without a message" in said
    assert "never your quotes" in said
    assert "quotes are kept — /forget deletes everything" in user_visible(
        await ask(botapi, anna, "/cancel")
    )

    # /forget in a group refers to the private chat and deletes nothing.
    refused = user_visible(await ask(botapi, anna, f"/forget{BOT}", chat=group))
    assert "private chat" in refused

    # /forget asks first; "Send my data" gives the file.
    question = await ask(botapi, anna, "/forget")
    assert [b["text"] for b in question[-1].buttons] == [
        "Delete everything",
        "Keep it",
        "Send my data",
    ]
    exported = await press(botapi, anna, question[-1], "Send my data")
    document = next(s for s in exported if s.is_document)
    assert document.upload is not None
    data = json.loads(document.upload)
    assert data["user_id"] == anna.id
    assert [q["supplier"] for q in data["tables"]["quotes"]] == ["Acme"]
    assert len(data["tables"]["dialog_sessions"]) == 2

    done = user_visible(await press(botapi, anna, question[-1], "Delete everything"))
    assert "everything I held about you is deleted" in done
    await asyncio.sleep(1.0)  # anything still in flight would land now
    left = await rows_of(bot_db_url, anna.id)
    assert {f.table.name for f in FOUNDER_TABLES} <= set(left)
    assert left == dict.fromkeys(left, 0)
    ben_rows = await rows_of(bot_db_url, ben.id)
    assert ben_rows["dialog_sessions"] == 1
    assert ben_rows["updates"] >= 1

    # She starts from scratch; the bot keeps running.
    again = user_visible(await ask(botapi, anna, "/history"))
    assert "Acme" not in again
