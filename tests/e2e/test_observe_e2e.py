"""What an operator sees, end to end: JSON log lines per update, the admin error report, /metrics.

The unexpected error is made in a controlled way: the founder's stored conversation is
overwritten with something that is not a state (a corrupt row, as a bad manual edit would leave).
"""

from __future__ import annotations

import asyncio
import json
import socket
import urllib.request
from pathlib import Path

from sqlalchemy import CursorResult, text

from bot.store.db import Database
from tests.e2e.botapi import BotApiServer, Sent, User, user_visible
from tests.e2e.conftest import StartBot


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def ask(botapi: BotApiServer, user: User, message: str) -> list[Sent]:
    since = len(botapi.sent)
    await botapi.send(user, message)
    return await botapi.replies(user, since=since, within=30, settle=1.0)


async def _corrupt_session(url: str, user_id: int) -> None:
    db = await Database.connect(url)
    try:
        async with db.sessions.begin() as session:
            changed = await session.execute(
                text("UPDATE dialog_sessions SET state = :state WHERE user_id = :user"),
                {"state": json.dumps("not a state"), "user": user_id},
            )
            assert isinstance(changed, CursorResult)  # an UPDATE counts its rows
            assert changed.rowcount == 1
    finally:
        await db.dispose()


def _json_lines(log: str) -> list[dict[str, object]]:
    out = []
    for line in log.splitlines():
        if line.startswith("{"):
            out.append(json.loads(line))
    return out


def _metrics(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
        body = response.read().decode()
    pairs = (line.rsplit(" ", 1) for line in body.splitlines() if not line.startswith("#"))
    return {name: float(value) for name, value in pairs}


async def test_an_unexpected_error_goes_to_the_admin_chat_and_the_founder_gets_an_apology(
    botapi: BotApiServer, start_bot: StartBot, tmp_path: Path
) -> None:
    anna = botapi.user("Anna", "anna_founder")
    ops = botapi.group("Smallbatch ops")
    port = _free_port()
    url = f"sqlite:///{tmp_path / 'observe.db'}"
    bot = await start_bot(
        extra_env={
            "DATABASE_URL": url,
            "ADMIN_CHAT_ID": str(ops.id),
            "LOG_FORMAT": "json",
            "HEALTH_PORT": str(port),
        }
    )
    assert user_visible(await ask(botapi, anna, "I need 500 ceramic mugs a month"))
    await _corrupt_session(url, anna.id)

    since = len(botapi.sent)
    answer = await ask(botapi, anna, "my budget is 2000 euros")
    failed_update = max(botapi.update_sent_at)
    assert user_visible(answer).startswith("Sorry, something went wrong on my side.")
    assert "Traceback" not in user_visible(answer)
    assert "ValueError" not in user_visible(answer)

    for _ in range(50):
        reports = [s for s in botapi.sent[since:] if s.chat_id == ops.id]
        if reports:
            break
        await asyncio.sleep(0.2)
    (report,) = reports
    assert report.text.startswith(
        f"Unexpected error in update {failed_update} (chat {anna.id}, user {anna.id})"
    )
    assert "ValueError at bot/" in report.text
    assert "budget" not in report.text  # never the founder's words

    # The log: JSON lines, one per update with its ids; the error under the same update id.
    lines = _json_lines(bot.log())
    handled = [r for r in lines if str(r["message"]).startswith("update ") and "ms" in r]
    assert [r["update_id"] for r in handled][-2:] == [failed_update - 1, failed_update]
    assert all(r["chat_id"] == anna.id and r["user_id"] == anna.id for r in handled)
    errors = [r for r in lines if r["level"] == "ERROR"]
    assert errors
    assert errors[0]["update_id"] == failed_update
    assert "Traceback" in str(errors[0]["exception"])

    counted = _metrics(port)
    assert counted["smallbatch_updates_total"] == 2
    assert counted["smallbatch_errors_total"] == 1
    assert counted["smallbatch_replies_total"] >= 2
    assert counted["smallbatch_update_seconds_count"] == 2
    assert counted['smallbatch_update_seconds_bucket{le="+Inf"}'] == 2
