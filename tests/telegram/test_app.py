"""Application wiring: API URLs, command menus, and the `run` command's refusals."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest
from telegram.ext import CommandHandler

from bot.telegram.app import (
    ADMIN_COMMANDS,
    GROUP_COMMANDS,
    PRIVATE_COMMANDS,
    api_urls,
    build_application,
    set_commands,
)
from bot.telegram.ordering import PerUserOrderedProcessor
from bot.telegram.quotes import quote_handlers
from tests.cli_runner import run_in_process
from tests.telegram.conftest import Offline, ScriptedAssistant, settings


@pytest.mark.parametrize(
    ("given", "base"),
    [
        (None, "https://api.telegram.org/bot"),
        ("http://127.0.0.1:8081/bot", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081/", "http://127.0.0.1:8081/bot"),
        ("http://127.0.0.1:8081/bot/", "http://127.0.0.1:8081/bot"),
    ],
)
def test_bot_api_base_url_is_accepted_with_or_without_bot(given: str | None, base: str) -> None:
    url, file_url = api_urls(given)
    assert url == base
    assert file_url == base.removesuffix("/bot") + "/file/bot"


def test_the_application_is_built_as_the_design_says() -> None:
    app = build_application(settings(rate_limiter=True), ScriptedAssistant())
    assert app.bot.defaults is not None
    assert app.bot.defaults.parse_mode == "HTML"
    assert isinstance(app.update_processor, PerUserOrderedProcessor)
    assert app.update_processor.max_concurrent_updates > 1
    assert app.bot.rate_limiter is not None
    assert build_application(settings(), ScriptedAssistant()).bot.rate_limiter is None


def test_no_token_is_refused() -> None:
    with pytest.raises(ValueError, match="BOT_TOKEN"):
        build_application(settings(bot_token=None), ScriptedAssistant())


async def test_commands_are_set_for_private_chats_groups_and_each_admin(offline: Offline) -> None:
    assert await set_commands(offline.app.bot, {777, 778})
    calls = offline.request.sent("setMyCommands")
    scopes = [c["scope"]["type"] for c in calls]
    assert scopes == ["all_private_chats", "all_group_chats", "chat", "chat"]
    assert [c["scope"].get("chat_id") for c in calls[2:]] == [777, 778]
    admin_names = {c["command"] for c in calls[2]["commands"]}
    assert {c.command for c in ADMIN_COMMANDS} <= admin_names
    assert {c["command"] for c in calls[0]["commands"]} == {c.command for c in PRIVATE_COMMANDS}
    assert {c["command"] for c in calls[1]["commands"]} == {c.command for c in GROUP_COMMANDS}


def test_the_quote_book_is_in_the_private_menu_only_and_its_commands_are_handled() -> None:
    private = {c.command for c in PRIVATE_COMMANDS}
    assert {"quote", "quotes"} <= private
    # In a group /quotes only answers that quotes are private: no menu entry there.
    assert not {"quote", "quotes"} & {c.command for c in GROUP_COMMANDS}
    handled = {
        name
        for handler in quote_handlers()
        if isinstance(handler, CommandHandler)
        for name in handler.commands
    }
    assert {"quote", "quotes"} <= handled


async def test_a_failing_command_menu_is_reported_not_raised(offline: Offline) -> None:
    offline.request.failing["setMyCommands"] = "Bad Request: BOT_COMMAND_INVALID"
    assert await set_commands(offline.app.bot, {777}) is False


def _run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Runs `python -m bot run …` with a controlled environment."""
    environ = {k: v for k, v in os.environ.items() if k not in ("BOT_TOKEN", "WEBHOOK_SECRET")}
    environ.update(env)
    return subprocess.run(
        [sys.executable, "-m", "bot", "run", *args],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_run_without_a_token_says_so_in_one_line_and_exits_2() -> None:
    result = _run(BOT_TOKEN="", DATABASE_URL="sqlite:///:memory:")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "BOT_TOKEN" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("--port", "8443"), "--port needs --webhook-url"),
        (("--webhook-url", "ftp://example.com/hook"), "not an http(s) URL"),
        (("--webhook-url", "https://example.com/hook", "--port", "70000"), "not a TCP port"),
    ],
)
def test_run_refuses_webhook_options_that_cannot_work(args: tuple[str, ...], reason: str) -> None:
    result = _run(*args, BOT_TOKEN="123456:TEST")
    assert result.returncode == 2
    assert reason in result.stderr
    assert "Traceback" not in result.stderr


def test_a_run_that_fails_to_start_leaves_the_collector_on() -> None:
    # In process, as the CLI tests run it: the start-up pause must not outlive a failed start.
    result = run_in_process(
        ["run"],
        env={"BOT_TOKEN": "", "DATABASE_URL": "sqlite://"},
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 2
    assert gc.isenabled()
