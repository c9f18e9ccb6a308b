"""`smallbatch recommend` end to end, run in process: JSON per DESIGN, table, chart, errors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run_in_process

BEEHNER = ["--demand", "5000", "--per", "year", "--order-cost", "49", "--holding-rate", "0.2"]
BEEHNER_TIERS = ["--tiers", "0:5.00,1000:4.80,2000:4.75"]
OPTION_KEYS = {
    "order_quantity",
    "unit_price",
    "orders_per_year",
    "months_of_cover",
    "cash_per_order",
    "annual_cost",
}
COST_KEYS = {"purchase", "ordering", "holding", "total"}


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Runs `smallbatch recommend ARGS` (in process) and returns what the command printed."""
    return run_in_process(["recommend", *args], env=dict(os.environ), cwd=cwd)


def run_json(*args: str, cwd: Path) -> dict[str, Any]:
    """Runs recommend with --json, checks it succeeded, and returns the parsed object."""
    done = run(*args, "--json", cwd=cwd)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    parsed: dict[str, Any] = json.loads(done.stdout)
    return parsed


def test_json_has_the_design_keys_and_the_heizer_render_answer(tmp_path: Path) -> None:
    """The textbook all-units case prints order 1,000, $24,725 a year, binding price_break."""
    out = run_json(*BEEHNER, *BEEHNER_TIERS, cwd=tmp_path)
    assert OPTION_KEYS | {"binding", "options", "explanation"} <= set(out)
    assert set(out["annual_cost"]) == COST_KEYS
    assert out["order_quantity"] == 1000
    assert isinstance(out["order_quantity"], int)
    assert out["unit_price"] == 4.8
    assert out["annual_cost"]["total"] == 24725
    assert out["binding"] == "price_break"
    assert out["orders_per_year"] == 5
    assert out["months_of_cover"] == 2.4
    assert out["cash_per_order"] == 4849
    assert isinstance(out["explanation"], str)
    assert out["explanation"]
    for option in out["options"]:
        assert set(option) >= OPTION_KEYS
        assert set(option["annual_cost"]) == COST_KEYS
    assert 1000 in [o["order_quantity"] for o in out["options"]]


def test_incremental_flag_gives_chopra_meindl_16961(tmp_path: Path) -> None:
    """--discount incremental on the Drugs Online tiers recommends 16,961."""
    out = run_json(
        "--demand", "10000", "--per", "month", "--order-cost", "100", "--holding-rate", "20%",
        "--tiers", "0:3,5000:2.96,10000:2.92", "--discount", "incremental",
        cwd=tmp_path,
    )  # fmt: skip
    assert out["order_quantity"] == 16961
    assert out["binding"] == "eoq"


@pytest.mark.parametrize(
    ("extra", "binding", "quantity"),
    [
        (["--moq", "1500"], "moq", 2000),
        (["--budget", "4000"], "budget", 700),
        (["--shelf-life-months", "1"], "shelf_life", 416),
    ],
    ids=["moq", "budget", "shelf-life"],
)
def test_constraints_bind_in_the_json(
    tmp_path: Path, extra: list[str], binding: str, quantity: int
) -> None:
    """MOQ, budget and shelf life each decide the answer and say so in `binding`."""
    out = run_json(*BEEHNER, *BEEHNER_TIERS, *extra, cwd=tmp_path)
    assert out["binding"] == binding
    assert out["order_quantity"] == quantity


def test_stage_makes_the_order_smaller(tmp_path: Path) -> None:
    """--stage idea adds the obsolescence premium: a smaller batch than without a stage."""
    base = ["--demand", "300", "--per", "month", "--tiers", "1:2.00"]
    plain = run_json(*base, cwd=tmp_path)
    idea = run_json(*base, "--stage", "idea", cwd=tmp_path)
    assert idea["order_quantity"] < plain["order_quantity"]
    assert any("obsolescence" in a for a in idea["assumptions"])


def test_without_json_prints_a_table_with_every_option(tmp_path: Path) -> None:
    """The human answer has the headline, the explanation and one row per option."""
    done = run(*BEEHNER, *BEEHNER_TIERS, "--currency", "EUR", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert "Recommended order: 1,000 units (decided by: price_break)" in text
    assert "qty" in text
    assert "total/yr" in text
    assert "*1,000" in text
    for quantity in ("700", "2,000"):
        assert quantity in text
    assert "€24,725" in text


def test_chart_flag_writes_a_png(tmp_path: Path) -> None:
    """--chart FILE.png writes a PNG next to the answer."""
    target = tmp_path / "cost.png"
    done = run(*BEEHNER, *BEEHNER_TIERS, "--moq", "500", "--chart", str(target), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = target.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(data) > 10_000


def test_budget_below_the_moq_cost_still_answers_with_exit_zero(tmp_path: Path) -> None:
    """Nothing fits: the least-bad option comes back, marked, with the reason."""
    out = run_json(*BEEHNER, *BEEHNER_TIERS, "--moq", "1000", "--budget", "1000", cwd=tmp_path)
    assert out["binding"] == "budget"
    assert out["feasible"] is False
    assert "cannot reach the MOQ" in out["explanation"]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--demand", "0", "--per", "year", "--tiers", "1:2"], "demand"),
        (["--demand", "-5", "--per", "year", "--tiers", "1:2"], "demand"),
        (["--demand", "abc", "--per", "year", "--tiers", "1:2"], "demand"),
        (["--demand", "100", "--per", "fortnight", "--tiers", "1:2"], "fortnight"),
        (["--demand", "100", "--per", "year", "--tiers", "500:1.9,1:2.5"], "ascend"),
        (["--demand", "100", "--per", "year", "--tiers", "one:two"], "tiers"),
        (["--demand", "100", "--per", "year", "--tiers", "1:abc"], "abc"),
        (["--demand", "100", "--per", "year", "--tiers", "1:1e400"], "out of range"),
        (["--demand", "100", "--per", "year", "--tiers", "1:2", "--holding-rate", "-0.1"], "rate"),
        (["--demand", "100", "--per", "year", "--tiers", "1:2", "--stage", "teen"], "teen"),
        (["--demand", "100", "--per", "year", "--tiers", "1:2", "--budget", "1e400"], "budget"),
        (["--demand", "100", "--per", "year", "--tiers", "1:2", "--discount", "bulk"], "bulk"),
        (["--demand", "100", "--per", "year", "--tiers", "1:2", "--moq", "0"], "moq"),
        (["--demand", "100", "--per", "year"], "tiers"),
        (["--per", "year", "--tiers", "1:2"], "--demand"),
        (
            [
                "--demand",
                "100",
                "--per",
                "year",
                "--tiers",
                "1:2",
                "--chart",
                "/nonexistent/x.png",
            ],
            "chart",
        ),
    ],
    ids=[
        "zero-demand",
        "negative-demand",
        "word-demand",
        "unknown-period",
        "tiers-out-of-order",
        "tiers-unparsable",
        "price-abc",
        "price-1e400",
        "negative-holding-rate",
        "unknown-stage",
        "budget-1e400",
        "unknown-discount",
        "zero-moq",
        "no-tiers",
        "no-demand",
        "chart-folder-missing",
    ],
)
def test_bad_input_exits_2_with_one_line(tmp_path: Path, args: list[str], needle: str) -> None:
    """A user's mistake: exit status 2, one line on stderr naming it, no traceback, no output."""
    done = run(*args, cwd=tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert needle in lines[0]
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
