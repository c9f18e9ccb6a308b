"""The console front end: piped input, numbered choices, and a stored session that continues."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.console import to_event
from bot.core.types import Button, Command, Press, Text

REPO = Path(__file__).resolve().parents[1]

CHOICES = [
    Button("Draft request: Pakible", "draft", "0"),
    Button("More leads", "more"),
    Button("Continue in private", "open", url="https://t.me/smallbatch_bot?start=private"),
]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2", Press("more", "")),
        ("more leads", Press("more", "")),
        ("/edit budget", Command("edit", "budget")),
        ("/start@smallbatch_bot", Command("start", "")),
        ("4", Text("4")),  # out of range: a number the founder typed, not a choice
        ("3", Text("3")),  # a link button cannot be pressed in a terminal
        ("300 boxes a month\n", Text("300 boxes a month")),
    ],
    ids=["number", "label", "command-args", "command-at-bot", "out-of-range", "url", "text"],
)
def test_a_typed_line_becomes_the_event_it_means(line: str, expected: object) -> None:
    assert to_event(line, CHOICES) == expected


def _chat(tmp_path: Path, stdin: str, user_id: int = 42) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'console.db'}",
        "KNOWLEDGE_DIR": str(REPO / "knowledge"),
    }
    env.pop("BOT_TOKEN", None)
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bot",
            "chat",
            "--user-id",
            str(user_id),
            "--chart-dir",
            str(tmp_path / "charts"),
        ],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=120,
        check=False,
    )


def test_one_message_with_everything_ends_in_a_recommendation_and_a_second_run_continues(
    tmp_path: Path,
) -> None:
    first = _chat(
        tmp_path,
        "about 300 custom printed mailer boxes a month, budget €1.5k, ships to Germany, "
        "we already sell\nQuote: 100 @ €3.20, 500 @ €2.10\n",
    )
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    assert "Prices: no price known" in first.stdout  # before the quote, no figures
    assert "Order about" in first.stdout  # on the quote
    assert "Prices: from your quote" in first.stdout
    assert "Leads" in first.stdout
    assert "Pakible" in first.stdout  # MOQ 100 boxes: fits a 300-a-month need
    assert list((tmp_path / "charts").glob("*.png")), "the chart was not saved"

    second = _chat(tmp_path, "1\n")
    assert second.returncode == 0, second.stderr
    assert "continuing your conversation" in second.stdout
    # The resumed answer re-numbers the same choices, so "1" drafts a request to the first lead.
    assert "draft request to" in second.stdout.lower()
    assert "whom" in second.stdout.lower() or "recommend a company" in second.stdout.lower()

    other_user = _chat(tmp_path, "/history\n", user_id=43)
    assert "continuing" not in other_user.stdout
    assert "No recommendations yet" in other_user.stdout


def test_an_unreachable_database_is_one_line_and_exit_2_not_a_traceback(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"}
    env.pop("BOT_TOKEN", None)
    done = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        input="hi\n",
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.strip().startswith(
        "smallbatch chat: DATABASE_URL: cannot open the database"
    )
