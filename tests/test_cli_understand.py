"""`smallbatch understand`: the issue-10 contract, one JSON object a line, in process and piped."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_KEYS = {
    "text", "product", "categories", "quantity", "quantity_max", "period", "budget",
    "budget_period", "currency", "country", "region", "stage", "deadline_days",
    "shelf_life_months", "target_unit_price", "supplier_moq", "quote", "covered",
}  # fmt: skip


@pytest.fixture(scope="module")
def kb_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Sets DATABASE_URL to a fresh SQLite base, seeded from knowledge/ on first use."""
    base = tmp_path_factory.mktemp("understand-cli")
    env = {"DATABASE_URL": f"sqlite:///{base / 'kb.db'}", "KNOWLEDGE_DIR": str(ROOT / "knowledge")}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        patch.delenv("BOT_TOKEN", raising=False)
        yield env


def run(capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None) -> list[Any]:
    """Runs `smallbatch understand ... --json` in process and returns the JSON lines."""
    with pytest.MonkeyPatch.context() as patch:
        if stdin is not None:
            patch.setattr(sys, "stdin", io.StringIO(stdin))
        status = main(["understand", *argv, "--json"])
    out, err = capsys.readouterr()
    assert status == 0, err
    return [json.loads(line) for line in out.splitlines()]


def test_a_chatty_message_with_an_moq_follows_the_contract(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    text = (
        "Hey all, Sam from Brooklyn here. We need 500 custom printed mailer boxes every 2 "
        "months, budget $900. They want min 2000 tho"
    )
    [data] = run(capsys, text)
    assert set(data) == CONTRACT_KEYS
    assert data["text"] == text
    assert "mailer boxes" in data["product"]
    assert data["categories"][0] == "packaging-mailers"
    assert data["covered"] is True
    assert (data["quantity"], data["period"]) == (250, "month")  # 500 every 2 months
    assert (data["budget"], data["budget_period"], data["currency"]) == (900, None, "USD")
    assert data["supplier_moq"] == 2000  # the supplier's minimum, never the need
    assert data["country"] == "US"
    assert data["region"] is None  # not named in the message
    assert data["quote"] is None


def test_a_pasted_quote_fills_the_quote_and_not_the_need(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    [data] = run(capsys, "sticker printer quoted 1000 @ $0.80, 5000 @ $0.45, setup $150")
    assert data["quote"] == {
        "tiers": [{"min_qty": 1000, "unit_price": 0.8}, {"min_qty": 5000, "unit_price": 0.45}],
        "setup_fee": 150,
        "tooling_fee": None,
        "currency": "USD",
    }
    assert data["quantity"] is None
    assert data["budget"] is None
    assert "stickers" in data["categories"]


def test_a_product_the_knowledge_base_lacks_is_not_covered(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    [data] = run(capsys, "looking for someone to make 20 kayaks, we are in Vienna")
    assert data["product"] == "kayaks"
    assert (data["categories"], data["covered"]) == ([], False)
    assert (data["quantity"], data["country"]) == (20, "AT")


def test_stdin_gives_one_object_a_line_in_order_blank_lines_skipped(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["300 labels a month", "", "budget NZ$800 for tote bags", "<b>hi</b> 🙂\x00"]
    out = run(capsys, "-", stdin="\n".join(lines) + "\n")
    assert [d["text"] for d in out] == [lines[0], lines[2], lines[3]]
    assert (out[0]["quantity"], out[0]["period"]) == (300, "month")
    assert (out[1]["budget"], out[1]["currency"], out[1]["country"]) == (800, "NZD", None)
    assert out[2]["quantity"] is None
    assert out[2]["budget"] is None


def test_the_console_script_pipes_json_lines(kb_env: dict[str, str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "understand", "-", "--json"],
        input="2000 labels a quarter\nwir brauchen fünfhundert Etiketten im Monat\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **kb_env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    first, second = (json.loads(line) for line in done.stdout.splitlines())
    # a quarter comes back in the finer period the contract has, rounded (666.7 -> 667)
    assert (first["quantity"], first["period"]) == (667, "month")
    assert (second["quantity"], second["period"]) == (500, "month")
