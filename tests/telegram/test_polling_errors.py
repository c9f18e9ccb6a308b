"""A failed getUpdates (the Bot API down or slow) is a warning, not an error with a traceback that
would be reported to the admin chat; a failed update still is an error."""

from __future__ import annotations

import logging
from types import SimpleNamespace
from typing import Any, cast

import pytest
from telegram.error import NetworkError, TimedOut

from bot.telegram.handlers import on_error


@pytest.mark.parametrize("error", [NetworkError("Bad Gateway (502)"), TimedOut()])
async def test_a_failed_poll_is_one_warning_line(
    error: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    context = cast(Any, SimpleNamespace(error=error))
    with caplog.at_level(logging.INFO, logger="bot.telegram.handlers"):
        await on_error(None, context)
    assert [r.levelno for r in caplog.records] == [logging.WARNING]
    assert caplog.records[0].exc_info is None
    assert "getUpdates failed" in caplog.records[0].getMessage()


async def test_another_failure_without_an_update_is_still_an_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    context = cast(Any, SimpleNamespace(error=RuntimeError("bug")))
    with caplog.at_level(logging.INFO, logger="bot.telegram.handlers"):
        await on_error(None, context)
    assert [r.levelno for r in caplog.records] == [logging.ERROR]
