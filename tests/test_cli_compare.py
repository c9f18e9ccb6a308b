"""`smallbatch compare` and `kb rates` end to end: real subprocesses, JSON per DESIGN, errors."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.cli_runner import run_in_process

ROOT = Path(__file__).parents[1]
QUOTE_KEYS = {
    "supplier",
    "currency",
    "read",
    "missing",
    "order_quantity",
    "unit_price",
    "landed_unit_cost",
    "cash_per_order",
    "months_of_cover",
    "annual_cost",
    "binding",
    "feasible",
}
READ_KEYS = {
    "tiers",
    "moq",
    "setup_fee",
    "tooling_fee",
    "shipping_per_order",
    "shipping_per_unit",
    "lead_time_days",
}


def run(*args: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Runs `smallbatch ARGS` (in process: tests/cli_runner.py) with its own SQLite database."""
    env = {
        **os.environ,
        "PYTHONIOENCODING": "utf-8",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}",
    }
    return run_in_process(args, env=env, cwd=ROOT)


def compare_json(*args: str, tmp_path: Path) -> dict[str, Any]:
    done = run("compare", *args, "--json", tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_the_contract_example_in_json(tmp_path: Path) -> None:
    # Alpha: landed 1.10 a unit, $200 an order; Beta $0.95 with nothing on top (hand-computed in
    # tests/core/test_quotes_compare.py): Beta wins though its unit price is dearer.
    data = compare_json(
        "--demand", "1000", "--per", "month",
        "--quote", "Alpha: 5000 @ $0.80, shipping $0.30 per unit, setup $150",
        "--quote", "Beta: 5000 @ $0.95, free shipping, no setup fee",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert set(data) >= {"currency", "rates", "quotes", "best", "break_evens", "explanation"}
    assert data["currency"] == "USD"
    assert data["rates"] is None
    assert data["best"] == 1
    alpha, beta = data["quotes"]
    assert set(alpha) >= QUOTE_KEYS
    assert set(alpha["read"]) == READ_KEYS
    assert alpha["read"]["tiers"] == [{"min_qty": 5000, "unit_price": 0.8}]
    assert alpha["read"]["setup_fee"] == 150
    assert alpha["read"]["shipping_per_unit"] == 0.3
    assert alpha["annual_cost"]["total"] == 14367.5
    assert beta["annual_cost"]["total"] == 12113.75
    assert beta["landed_unit_cost"] == 0.96
    assert alpha["unit_price"] == 0.8  # the quote's own price; shipping is in the landed cost
    assert alpha["landed_unit_cost"] == 1.14
    assert "lead_time_days" in alpha["missing"]
    assert "setup_fee" not in beta["missing"]
    assert data["explanation"].startswith("Beta wins")


def test_a_conversion_uses_the_rates_file_and_says_its_date(tmp_path: Path) -> None:
    rates = tmp_path / "eurofxref.csv"
    rates.write_text("Date, USD, GBP, \n02 January 2025, 1.0350, 0.8300, \n")
    data = compare_json(
        "--demand", "500", "--per", "once", "--currency", "EUR", "--order-cost", "0",
        "--rates", str(rates), "--quote", "US Co: 500 @ $1.035",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert data["rates"]["date"] == "2025-01-02"
    (only,) = data["quotes"]
    assert only["read"]["tiers"] == [{"min_qty": 500, "unit_price": 1}]
    assert only["annual_cost"]["total"] == 500
    assert "1 USD = 0.9662 EUR (ECB, 2 January 2025)" in data["explanation"]


def test_tooling_break_even_in_json(tmp_path: Path) -> None:
    data = compare_json(
        "--demand", "500", "--per", "month", "--order-cost", "0",
        "--quote", "Cut: 1000 @ €2.00", "--quote", "Mould: 1000 @ €1.50, mould €3,000",
        tmp_path=tmp_path,
    )  # fmt: skip
    assert data["break_evens"] == [{"tooling_quote": 1, "against": 0, "units": 6000, "months": 12}]


def test_the_table_and_the_chart(tmp_path: Path) -> None:
    chart = tmp_path / "compare.png"
    done = run(
        "compare", "--demand", "300", "--per", "month",
        "--quote", "A: 100 @ €2.00, 500 @ €1.50", "--quote", "B: 50 @ €2.20, shipping €20",
        "--chart", str(chart), tmp_path=tmp_path,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wins" in done.stdout
    assert "B does not state" in done.stdout
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize(
    ("quotes", "message"),
    [
        (["A: 100 @ €2", "B: hello, MOQ 500"], "quote 2: no price read in 'B: hello, MOQ 500'"),
        (["just words"], "quote 1: no price read"),
        (["A: 100 @ €2", "B: 100 @ ARS 2000"], "quote 2: B: no rate from ARS to EUR"),
    ],
    ids=["no-price", "no-quote", "no-rate"],
)
def test_bad_quotes_exit_2_with_one_line(tmp_path: Path, quotes: list[str], message: str) -> None:
    args = [item for quote in quotes for item in ("--quote", quote)]
    done = run("compare", "--demand", "100", "--per", "month", *args, tmp_path=tmp_path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_kb_rates_loads_a_file_that_compare_then_uses(tmp_path: Path) -> None:
    rates = tmp_path / "eurofxref.csv"
    rates.write_text("Date, USD, \n03 March 2025, 1.0000, \n")
    loaded = run("kb", "rates", str(rates), tmp_path=tmp_path)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 1 euro reference rates of 3 March 2025" in loaded.stdout
    data = compare_json(
        "--demand", "10", "--per", "once", "--currency", "EUR", "--order-cost", "0",
        "--quote", "X: 10 @ $3", tmp_path=tmp_path,
    )  # fmt: skip
    assert data["rates"]["date"] == "2025-03-03"
    assert data["quotes"][0]["annual_cost"]["total"] == 30


def test_kb_rates_refuses_a_bad_file_and_keeps_the_old_rates(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("Date, USD\nnot a date, 1.1\n")
    done = run("kb", "rates", str(bad), tmp_path=tmp_path)
    assert done.returncode == 2
    assert "is not a date" in done.stderr
    data = compare_json(
        "--demand", "10", "--per", "once", "--currency", "EUR",
        "--quote", "X: 10 @ $3", tmp_path=tmp_path,
    )  # fmt: skip
    assert data["rates"]["date"] == "2026-02-20"  # the shipped file


def test_a_published_price_list_joins_the_comparison_and_is_named(tmp_path: Path) -> None:
    data = compare_json(
        "--demand", "200", "--per", "month",
        "--quote", "Local Print: 50 @ $2.90, 200 @ $2.10, setup $40",
        "--price-list", "grand palace 1 ink", tmp_path=tmp_path,
    )  # fmt: skip
    assert [q["supplier"] for q in data["quotes"]] == [
        "Local Print",
        "Grand Palace (published list)",
    ]
    assert data["quotes"][1]["read"]["tiers"][0] == {"min_qty": 24, "unit_price": 3.6}
    (source,) = data["price_lists"]
    assert source.startswith("Grand Palace's published price list for Contract screen printing")
    assert "2017" in source


@pytest.mark.parametrize(
    ("words", "message"),
    [
        ("ics inks", "is reference only: its prices are per 1000 stitches"),
        ("grand palace", "matches 6 lists"),
        ("nobody", "no published price list matches 'nobody'"),
    ],
)
def test_a_price_list_that_cannot_be_compared_exits_2(
    tmp_path: Path, words: str, message: str
) -> None:
    done = run(
        "compare", "--demand", "10", "--per", "month", "--price-list", words, tmp_path=tmp_path
    )
    assert done.returncode == 2
    assert message in done.stderr
