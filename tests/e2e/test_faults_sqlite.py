"""An outside program locks the bot's SQLite file: bounded waits, no apology, nothing lost."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from pathlib import Path

from tests.e2e.botapi import BotApiServer, user_visible
from tests.e2e.conftest import StartBot

LOCK_SECONDS = 12.0  # longer than the bot's bounded busy timeout (10 s)


async def test_help_during_an_outside_lock_is_answered_once_after_it_is_released(
    botapi: BotApiServer, start_bot: StartBot, tmp_path: Path
) -> None:
    await start_bot()
    ann = botapi.user("Ann")
    await botapi.send(ann, "/start")
    await botapi.replies(ann, within=30)

    holder = sqlite3.connect(tmp_path / "e2e.db", timeout=10, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # what `sqlite3 e2e.db` with an open write does
        locked_at = time.monotonic()
        since = len(botapi.sent)
        await botapi.send(ann, "/help")
        await asyncio.sleep(LOCK_SECONDS)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    released = time.monotonic() - locked_at
    answer = await botapi.replies(ann, since=since, within=30, settle=1.5)
    took = time.monotonic() - locked_at
    print(f"outside lock held {released:.1f} s; /help answered {took:.1f} s after it was sent")
    texts = [sent.text for sent in answer]
    assert sum("how it works" in text for text in texts) == 1, texts
    assert "sorry" not in user_visible(answer).lower()
