"""Dialog sessions: stored state, versions, and the lost-update guard on both engines."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.core.types import SessionKey
from bot.store.db import Database
from bot.store.sessions import SessionStore, StaleSession

KEY = SessionKey(chat_id=-100123, user_id=42)


async def test_a_new_conversation_has_no_session(db: Database) -> None:
    async with db.sessions() as session:
        assert await SessionStore(session).load(KEY) is None


async def test_saved_state_loads_back_with_its_version(db: Database) -> None:
    state: dict[str, Any] = {"v": 1, "slots": {"product": "Etiketten für Gläser"}, "n": [1, 2]}
    async with db.sessions.begin() as session:
        assert await SessionStore(session).save(KEY, state, None) == 1
    async with db.sessions.begin() as session:
        store = SessionStore(session)
        loaded = await store.load(KEY)
        assert loaded is not None
        assert (loaded.state, loaded.version) == (state, 1)
        assert await store.save(KEY, {**state, "n": [3]}, loaded.version) == 2
    async with db.sessions() as session:
        loaded = await SessionStore(session).load(KEY)
    assert loaded is not None
    assert (loaded.state["n"], loaded.version) == ([3], 2)


async def test_forum_topics_and_users_have_separate_sessions(db: Database) -> None:
    keys = [KEY, SessionKey(KEY.chat_id, KEY.user_id, thread_id=7), SessionKey(KEY.chat_id, 43)]
    async with db.sessions.begin() as session:
        store = SessionStore(session)
        for number, key in enumerate(keys):
            await store.save(key, {"n": number}, None)
    async with db.sessions() as session:
        store = SessionStore(session)
        loaded = [await store.load(key) for key in keys]
    assert [item.state["n"] for item in loaded if item] == [0, 1, 2]
    # thread_id None and 0 are the same "no topic" session
    async with db.sessions() as session:
        same = await SessionStore(session).load(SessionKey(KEY.chat_id, KEY.user_id, 0))
    assert same is not None
    assert same.state == {"n": 0}


async def test_saving_with_an_old_version_raises_stale_session(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SessionStore(session)
        await store.save(KEY, {"n": 1}, None)
        await store.save(KEY, {"n": 2}, 1)
    async with db.sessions.begin() as session:
        with pytest.raises(StaleSession):
            await SessionStore(session).save(KEY, {"n": 3}, 1)
    async with db.sessions() as session:
        loaded = await SessionStore(session).load(KEY)
    assert loaded is not None
    assert (loaded.state, loaded.version) == ({"n": 2}, 2)


async def test_creating_an_existing_session_raises_stale_and_keeps_the_transaction(
    db: Database,
) -> None:
    async with db.sessions.begin() as session:
        await SessionStore(session).save(KEY, {"n": 1}, None)
    async with db.sessions.begin() as session:
        store = SessionStore(session)
        with pytest.raises(StaleSession):
            await store.save(KEY, {"n": 9}, None)
        other = SessionKey(1, 2)
        assert await store.save(other, {"still": "usable"}, None) == 1
    async with db.sessions() as session:
        assert await SessionStore(session).load(SessionKey(1, 2)) is not None


async def _save_in_own_transaction(
    db: Database, state: dict[str, Any], version: int | None
) -> str:
    """Saves in a transaction of its own and holds it open briefly before committing."""
    async with db.sessions.begin() as session:
        try:
            await SessionStore(session).save(KEY, state, version)
        except StaleSession:
            return "stale"
        await asyncio.sleep(0.2)  # the rival reaches its write while this one is uncommitted
        return "saved"


async def test_two_concurrent_saves_of_one_version_let_exactly_one_win(db: Database) -> None:
    async with db.sessions.begin() as session:
        await SessionStore(session).save(KEY, {"n": 0}, None)
    outcomes = await asyncio.wait_for(
        asyncio.gather(
            _save_in_own_transaction(db, {"n": "a"}, 1),
            _save_in_own_transaction(db, {"n": "b"}, 1),
        ),
        timeout=60,
    )
    assert sorted(outcomes) == ["saved", "stale"]
    winner = "a" if outcomes[0] == "saved" else "b"
    async with db.sessions() as session:
        loaded = await SessionStore(session).load(KEY)
    assert loaded is not None
    assert (loaded.state, loaded.version) == ({"n": winner}, 2)


async def test_two_concurrent_creates_let_exactly_one_win(db: Database) -> None:
    outcomes = await asyncio.wait_for(
        asyncio.gather(
            _save_in_own_transaction(db, {"n": "a"}, None),
            _save_in_own_transaction(db, {"n": "b"}, None),
        ),
        timeout=60,
    )
    assert sorted(outcomes) == ["saved", "stale"]
    async with db.sessions() as session:
        loaded = await SessionStore(session).load(KEY)
    assert loaded is not None
    assert loaded.version == 1


async def test_delete_forgets_a_conversation(db: Database) -> None:
    async with db.sessions.begin() as session:
        store = SessionStore(session)
        await store.save(KEY, {"n": 1}, None)
        assert await store.delete(KEY) is True
        assert await store.delete(KEY) is False
        assert await store.load(KEY) is None


async def test_any_text_a_user_typed_survives_in_the_state(db: Database) -> None:
    state: dict[str, Any] = {"text": "nul \x00, emoji 🧪, quote \" and 'sql'; --", "big": 2**53}
    async with db.sessions.begin() as session:
        await SessionStore(session).save(KEY, state, None)
    async with db.sessions() as session:
        loaded = await SessionStore(session).load(KEY)
    assert loaded is not None
    assert loaded.state == state
