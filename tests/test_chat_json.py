"""`smallbatch chat --json` through a pipe: one JSON object a line per turn, flushed at once, so
a program reads each reply before it writes the next line (the contract of issue 10)."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
KEYS = {"text", "asking", "choices", "need", "answer"}
NEED_KEYS = {
    "product", "categories", "quantity", "quantity_max", "period", "budget", "budget_period",
    "currency", "country", "region", "stage", "deadline_days", "shelf_life_months",
    "target_unit_price", "supplier_moq", "quote", "covered",
}  # fmt: skip
ANSWER_KEYS = {"order_quantity", "binding", "unit_price", "price_source", "leads"}


class Pipe:
    """A chat --json process; `say` writes one line and waits for its one reply line."""

    def __init__(self, tmp_path: Path) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'chat.db'}",
            "KNOWLEDGE_DIR": str(REPO / "knowledge"),
        }
        env.pop("BOT_TOKEN", None)
        # stderr to a file: a pipe nobody reads could fill up and stall the process.
        self._stderr_path = tmp_path / "stderr.txt"
        self._stderr = self._stderr_path.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--json", "--user-id", "5"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._stderr,
            text=True,
            bufsize=1,
            env=env,
            cwd=tmp_path,
        )

    def say(self, line: str, timeout: float = 60.0) -> dict[str, Any]:
        """Returns the turn printed for one line; fails if none arrives (stdin stays open)."""
        assert self.proc.stdin is not None
        assert self.proc.stdout is not None
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()
        ready, _, _ = select.select([self.proc.stdout], [], [], timeout)
        assert ready, f"no reply to {line!r} while stdin was still open"
        turn: dict[str, Any] = json.loads(self.proc.stdout.readline())
        return turn

    def close(self) -> tuple[int, str]:
        """Closes stdin and returns the exit status and stderr."""
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        status = self.proc.wait(timeout=60)
        self._stderr.close()
        return status, self._stderr_path.read_text()


def test_each_line_is_answered_at_once_with_one_json_turn_and_a_quote_priced(
    tmp_path: Path,
) -> None:
    chat = Pipe(tmp_path)
    try:
        first = chat.say("custom printed mailer boxes")
        assert set(first) == KEYS
        assert set(first["need"]) == NEED_KEYS
        assert first["asking"] == "quantity"
        assert first["need"]["categories"] == ["packaging-mailers"]
        assert first["need"]["covered"] is True
        assert first["answer"] is None

        assert chat.say("300")["asking"] == "period"  # the number, then its period
        budget = chat.say("a month")
        assert budget["asking"] == "budget"
        assert budget["choices"] == ["No fixed budget"]
        place = chat.say("no")  # no fixed budget, never Norway
        assert place["asking"] == "country"
        assert place["need"]["budget"] is None
        assert place["need"]["country"] is None
        stage = chat.say("no, Canada, not India")
        assert stage["asking"] == "stage"
        assert stage["need"]["country"] == "CA"
        extras = chat.say("noch keine Verkäufe")
        assert extras["need"]["stage"] == "idea"
        assert extras["asking"] == "extras"

        unpriced = chat.say("nein")
        assert unpriced["asking"] is None
        answer = unpriced["answer"]
        assert set(answer) == ANSWER_KEYS
        assert answer["price_source"] == "none"
        assert answer["order_quantity"] is None  # no price known: no order size made up
        assert answer["unit_price"] is None
        assert answer["leads"]
        assert set(answer["leads"][0]) == {"id", "name", "categories", "country", "moq"}
        assert all("packaging-mailers" in lead["categories"] for lead in answer["leads"])
        assert "no price known" in unpriced["text"]

        priced = chat.say("Acme quoted 100 @ $3.20, 500 @ $2.10, setup $40")
        assert priced["need"]["quote"] == {
            "tiers": [{"min_qty": 100, "unit_price": 3.2}, {"min_qty": 500, "unit_price": 2.1}],
            "setup_fee": 40,
            "tooling_fee": None,
            "currency": "USD",
        }
        assert priced["need"]["quantity"] == 300  # the quote's 100 and 500 are not the need
        assert priced["answer"]["price_source"] == "quote"
        assert priced["answer"]["unit_price"] in (2.1, 3.2)
        assert priced["answer"]["order_quantity"] >= 100
        assert "from your quote" in priced["text"]

        thanks = chat.say("thanks!")
        assert thanks["answer"] is None  # only the turn that shows an answer carries it
    finally:
        status, stderr = chat.close()
    assert status == 0, stderr
    assert "Traceback" not in stderr


def test_a_numbered_choice_presses_the_button_of_the_last_turn(tmp_path: Path) -> None:
    chat = Pipe(tmp_path)
    try:
        chat.say("woven labels")
        period = chat.say("500")
        assert period["choices"][:2] == ["A month", "A week"]
        after = chat.say("1")  # "A month"
        assert after["need"]["period"] == "month"
        assert after["asking"] == "budget"
    finally:
        status, stderr = chat.close()
    assert status == 0, stderr


def test_a_published_list_prices_the_answer_when_the_founder_has_no_quote(tmp_path: Path) -> None:
    chat = Pipe(tmp_path)
    try:
        turn = chat.say(
            "screen printing on 200 t-shirts a month, budget €800 a month, launching, ships to DE"
        )
        answer = turn["answer"]
        assert answer is not None
        assert answer["price_source"] == "knowledge_base"
        # Grand Palace's 576+ tier, $1.00, at the shipped rate of 20 February 2026 (1.1767 USD
        # a euro: 1 / 1.1767 = 0.8498).
        assert answer["unit_price"] == 0.8498
        assert answer["order_quantity"] >= 576
        assert "Grand Palace's published price list" in turn["text"]
        assert "page titled '2017 CONTRACT PRICING CHART'" in turn["text"]
        assert "grandpalace.us" in turn["text"]
        assert "1 USD = 0.8498 EUR (ECB, 20 February 2026)" in turn["text"]
    finally:
        status, stderr = chat.close()
    assert status == 0, stderr
