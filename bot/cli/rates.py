"""`smallbatch kb rates FILE`: load the ECB euro reference rates the bot converts with."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import Any

from bot.cli.compare import read_rates_file
from bot.core.advice.currency import Rates, format_day


def add_rates_action(actions: Any) -> None:
    """Adds `kb rates FILE` to the kb actions."""
    loader = actions.add_parser(
        "rates",
        help="load the ECB euro reference rates (eurofxref.csv) used to convert quotes",
        description=(
            "Validates an ECB eurofxref CSV (the daily file, or the history file: its newest "
            "row) and stores it as the rates every conversion uses from now on. A bad file "
            "changes nothing and exits 2 with the reason."
        ),
    )
    loader.add_argument("file", type=Path, metavar="FILE", help="eurofxref.csv")
    loader.set_defaults(handler=rates_command)


def rates_command(args: argparse.Namespace) -> int:
    """Stores the rates in the file, after checking all of it."""
    rates = read_rates_file(args.file)
    from bot.cli.context import settings_or_exit

    asyncio.run(_store(settings_or_exit(), rates))
    sys.stdout.write(
        f"Loaded {len(rates.per_euro)} euro reference rates of {format_day(rates.on)}.\n"
    )
    return 0


async def _store(settings: Any, rates: Rates) -> None:
    """Saves the rates in one transaction."""
    from bot.cli.context import opened_database
    from bot.store.quotes import RateStore

    async with opened_database(settings) as db, db.sessions.begin() as session:
        await RateStore(session).save(rates)
