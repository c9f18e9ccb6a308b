"""benchmarks/churn.py at a small size: edits, a worker import under founders' turns, all of it
searchable afterwards (the figures themselves come from the full run)."""

from __future__ import annotations

import argparse
import asyncio

from benchmarks import churn


def test_churn_runs_an_import_in_the_worker_and_finds_every_row_afterwards() -> None:
    args = argparse.Namespace(
        size=300, import_rows=400, founders=2, edits=2, quiet=1.0, sqlite=True, lockstep=False
    )

    table = asyncio.run(asyncio.wait_for(churn.run(args), timeout=240))

    assert "churn on SQLite: 300 suppliers, import of 400 rows, 2 founders" in table
    assert "index after the import: 700 suppliers (expected 700)" in table
    for row in ("edit -> searchable", "founder turn, no import", "during import + sync"):
        assert row in table
