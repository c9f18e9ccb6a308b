"""Start-up: what a polling bot does not load or build (issue 14: start-up CPU).

A polling process never serves PTB's webhook server nor, without HEALTH_PORT, the health
endpoints: neither imports Tornado there. Both HTTP clients share one TLS context (the CA
bundle read once). Webhook mode and the health endpoints still get what they need.
"""

from __future__ import annotations

import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.telegram.app import build_application
from tests.telegram.conftest import ScriptedAssistant, settings

REPO = Path(__file__).resolve().parents[2]

# What `smallbatch run` imports before it polls, in a fresh interpreter.
_IMPORTS = """
import sys
from bot.cli.run import {prepare}
{call}
import bot.assistant, bot.telegram.app, bot.telegram.health
import telegram.ext._updater as updater
httpx_cli = sys.modules.get("httpx._main") is not None
print("tornado" in sys.modules, updater.WEBHOOKS_AVAILABLE, httpx_cli)
"""


def _fresh(prepare: str, call: str) -> str:
    """Returns what the snippet prints in a new interpreter (the repository on its path)."""
    code = _IMPORTS.format(prepare=prepare, call=call)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout.strip()


def test_a_polling_start_imports_no_tornado_and_no_httpx_cli() -> None:
    call = "_without_unused_imports(webhook=False)"
    assert _fresh("_without_unused_imports", call) == "False False False"


def test_a_webhook_start_keeps_ptbs_webhook_server() -> None:
    call = "_without_unused_imports(webhook=True)"
    assert _fresh("_without_unused_imports", call) == "True True False"


def test_a_process_that_imported_them_keeps_them() -> None:
    from bot.cli.run import _without_unused_imports

    _without_unused_imports(webhook=False)  # this process imported PTB (the test suite did)
    assert sys.modules.get("telegram.ext._utils.webhookhandler") is not None


def test_both_http_clients_share_one_tls_context(monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[ssl.SSLContext] = []
    create = ssl.create_default_context

    def counted(*args: Any, **kwargs: Any) -> ssl.SSLContext:
        made.append(create(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(ssl, "create_default_context", counted)
    for limiter in (False, True):
        made.clear()
        build_application(settings(rate_limiter=limiter), ScriptedAssistant())
        assert len(made) == 1, "the CA bundle is read once, not once per client"
