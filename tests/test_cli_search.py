"""`smallbatch search`: the DESIGN contract, filters that hold, bad input that never tracebacks."""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]
RESULT_KEYS = {"id", "name", "score", "categories", "country", "moq", "small_series", "why"}


@pytest.fixture(scope="module")
def kb_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """Sets DATABASE_URL and KNOWLEDGE_DIR to a fresh SQLite base seeded from the eval fixture."""
    base = tmp_path_factory.mktemp("search-cli")
    knowledge = base / "knowledge"
    (knowledge / "suppliers").mkdir(parents=True)
    shutil.copy(ROOT / "knowledge" / "taxonomy.yaml", knowledge / "taxonomy.yaml")
    rows = yaml.safe_load((ROOT / "tests/fixtures/eval/kb.yaml").read_text(encoding="utf-8"))
    plain = [{k: v for k, v in row.items() if k != "id"} for row in rows["suppliers"]]
    (knowledge / "suppliers" / "eval.yaml").write_text(
        yaml.safe_dump({"suppliers": plain}, allow_unicode=True), encoding="utf-8"
    )
    env = {"DATABASE_URL": f"sqlite:///{base / 'kb.db'}", "KNOWLEDGE_DIR": str(knowledge)}
    with pytest.MonkeyPatch.context() as patch:
        for key, value in env.items():
            patch.setenv(key, value)
        patch.delenv("BOT_TOKEN", raising=False)
        yield env


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, stdin: str | None = None
) -> tuple[int, str, str]:
    """Runs `smallbatch search ...` in process and returns (status, stdout, stderr)."""
    if stdin is not None:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", io.StringIO(stdin))
            status = main(["search", *argv])
    else:
        status = main(["search", *argv])
    out, err = capsys.readouterr()
    return status, out, err


def one_json(out: str) -> dict[str, Any]:
    lines = out.strip().splitlines()
    assert len(lines) == 1
    data: dict[str, Any] = json.loads(lines[0])
    return data


def test_json_follows_the_design_contract_best_first(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = run(capsys, "custm printd mailer boxs", "--json")
    assert status == 0, err
    data = one_json(out)
    assert data["query"] == "custm printd mailer boxs"
    assert data["nothing_fits"] is False
    results = data["results"]
    assert 1 <= len(results) <= 5
    assert all(set(r) == RESULT_KEYS for r in results)
    assert all("packaging-mailers" in r["categories"] for r in results)
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0 <= s <= 100 for s in scores)
    assert all(isinstance(r["id"], int) for r in results)
    assert results[0]["why"].startswith("matched ")


def test_limit_sets_the_number_of_results(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "pcb", "--json", "--limit", "8")
    assert len(one_json(out)["results"]) == 8


@pytest.mark.parametrize("query", ["packaging", "labels", "pcb", "candles", "3d printing"])
def test_filters_hold_exactly(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str], query: str
) -> None:
    _, out, _ = run(capsys, query, "--json", "--limit", "50", "--max-moq", "250")
    for r in one_json(out)["results"]:
        assert r["moq"] is not None
        assert r["moq"] <= 250
    _, out, _ = run(capsys, query, "--json", "--limit", "50", "--country", "us")
    for r in one_json(out)["results"]:
        assert r["country"] == "US"
    _, out, _ = run(capsys, query, "--json", "--limit", "50", "--small-series")
    for r in one_json(out)["results"]:
        assert r["small_series"] is True


def test_filters_combine_and_still_find_what_passes(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    _, out, _ = run(capsys, "pcb", "--json", "--max-moq", "5", "--small-series", "--limit", "20")
    names = {r["name"] for r in one_json(out)["results"]}
    assert names == {"OSH Park", "QJ PCB Assembly"}  # the fixture's PCB makers stating MOQ <= 5


def test_nothing_fits_is_said_honestly(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "quantum flux capacitors", "--json")
    assert status == 0
    data = one_json(out)
    assert data["results"] == []
    assert data["nothing_fits"] is True
    status, out, _ = run(capsys, "quantum flux capacitors")
    assert "Nothing in the knowledge base fits" in out


def test_the_table_lists_each_hit_and_its_reasons(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "soy candles", "--limit", "3")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "search: soy candles"
    assert "supplier" in lines[1]
    assert sum("matched 'soy candles'" in line for line in lines) == 3


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["", "--json"], "query: is empty"),
        (["   "], "query: is empty"),
        (["x" * 10_000], "query: too long (10,000 characters"),
        (["boxes", "--limit", "-1"], "--limit: -1 must be from 1"),
        (["boxes", "--limit", "0"], "--limit: 0 must be from 1"),
        (["boxes", "--limit", "many"], "--limit: 'many' is not a whole number"),
        (["boxes", "--max-moq", "abc"], "--max-moq: 'abc' is not a whole number"),
        (["boxes", "--max-moq", "-5"], "--max-moq: -5 must be from 0"),
        (["boxes", "--country", "Germany"], "--country: 'Germany' is not a two-letter"),
        (["boxes", "--region", " "], "--region: give a region name"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str], argv: list[str], needle: str
) -> None:
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("smallbatch search: ")
    assert needle in err


def test_control_characters_are_stripped_not_fatal(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "mail\x07er box\x1bes", "--json")
    assert status == 0
    data = one_json(out)
    assert data["query"] == "mailer boxes"
    assert data["results"]


def test_stdin_mode_answers_each_line_in_order_and_reports_bad_lines(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    lines = ["mailer boxes", "", "   ", "y" * 400, "soy candles", "!!!", "pcb assembly"]
    status, out, err = run(capsys, "-", "--json", "--limit", "2", stdin="\n".join(lines) + "\n")
    assert status == 2
    assert err == ""
    objects = [json.loads(line) for line in out.splitlines()]
    assert [o["query"] for o in objects] == [
        "mailer boxes", "y" * 299 + "…", "soy candles", "!!!", "pcb assembly"
    ]  # fmt: skip
    assert "too long" in objects[1]["error"]
    assert "is empty" in objects[3]["error"]
    assert all("results" in objects[i] and len(objects[i]["results"]) == 2 for i in (0, 2, 4))


def test_stdin_mode_without_errors_exits_0(
    kb_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, _ = run(capsys, "-", "--json", stdin="labels\nstickers\n")
    assert status == 0
    assert len(out.splitlines()) == 2


def test_the_real_command_never_prints_a_traceback(kb_env: dict[str, str]) -> None:
    env = {**os.environ, **kb_env}
    for argv in (["x" * 10_000], ["boxes", "--limit", "-1"], ["\x01\x02"], ["boxes"]):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "search", *argv],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
        assert "Traceback" not in done.stderr
        assert done.returncode in (0, 2), done.stderr
