"""`smallbatch kb`: knowledge-base upkeep (import, export, stats, seed)."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from bot.cli.context import opened_database, settings_or_exit
from bot.core.curation.knowledge import format_errors, validate_rows
from bot.core.types import InputError, Supplier
from bot.knowledge_files import export_csv, export_yaml, read_records
from bot.seeding import SEED_ACTOR, seed
from bot.store.importing import import_suppliers
from bot.store.suppliers import KbStats, SupplierStore, UpsertReport

# Imports this large show progress on stderr.
PROGRESS_FROM_ROWS = 1000
_BAR_WIDTH = 30


class Progress:
    """Progress of a long import on stderr: a bar on a terminal, else a line every 10 %."""

    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.label = label
        self.total = max(total, 1)
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty()
        self._last_tenth = -1
        self._last_draw = 0.0

    def update(self, done: int) -> None:
        """Shows that `done` of `total` are finished."""
        fraction = min(done / self.total, 1.0)
        if self.tty:
            now = time.monotonic()
            if done < self.total and now - self._last_draw < 0.1:
                return  # redraw at most ten times a second
            self._last_draw = now
            filled = round(fraction * _BAR_WIDTH)
            bar = "#" * filled + "-" * (_BAR_WIDTH - filled)
            self.stream.write(f"\r{self.label} [{bar}] {fraction:4.0%} {done}/{self.total}")
            if done >= self.total:
                self.stream.write("\n")
        else:
            tenth = int(fraction * 10)
            if tenth > self._last_tenth:
                self._last_tenth = tenth
                self.stream.write(f"{self.label}: {tenth * 10}% ({done}/{self.total})\n")
        self.stream.flush()


def register(subparsers: Any) -> None:
    """Adds `kb` with its import, export, stats and seed actions."""
    parser = subparsers.add_parser(
        "kb",
        help="knowledge-base upkeep: import, export, stats, seed",
        description="Knowledge-base upkeep. DATABASE_URL selects the database.",
    )
    actions = parser.add_subparsers(dest="kb_action", metavar="ACTION", required=True)

    importer = actions.add_parser(
        "import",
        help="import suppliers from a YAML, JSON or CSV file (all or nothing)",
        description=(
            "Imports suppliers in the import format (DESIGN.md): YAML or JSON with a "
            "'suppliers:' list, or CSV with a header (lists ';'-separated, price_tiers as "
            "100:2.5;500:1.9). Every row is validated first; on any error nothing is written, "
            "each bad row is reported on stderr as 'row N: field: reason' (N counts suppliers "
            "from 1, the CSV header not included) and the exit status is 2. A supplier with "
            "the same name and website as a stored one updates it. Never seeds."
        ),
    )
    importer.add_argument("file", type=Path, metavar="FILE", help="a .yaml, .yml, .json or .csv")
    importer.set_defaults(handler=import_command)

    exporter = actions.add_parser(
        "export",
        help="export the live suppliers as YAML or CSV",
        description="Writes every live supplier in the import format (re-importable as it is).",
    )
    exporter.add_argument("--format", choices=("yaml", "csv"), default="yaml", help="default yaml")
    exporter.add_argument(
        "-o", "--output", type=Path, metavar="FILE", help="write to FILE instead of stdout"
    )
    exporter.set_defaults(handler=export_command)

    stats = actions.add_parser(
        "stats",
        help="count suppliers, categories, countries and small-series suppliers",
        description="Counts live suppliers, their distinct categories and countries, and how "
        "many take small series.",
    )
    stats.add_argument(
        "--json",
        action="store_true",
        help='print {"suppliers", "categories", "countries", "small_series"}',
    )
    stats.set_defaults(handler=stats_command)

    seeder = actions.add_parser(
        "seed",
        help="add or update the curated suppliers from knowledge/",
        description="Validates every knowledge/suppliers/*.yaml (KNOWLEDGE_DIR), then adds new "
        "suppliers and updates known ones (same name and website) in one transaction.",
    )
    seeder.set_defaults(handler=seed_command)

    from bot.cli.rates import add_rates_action  # kb rates: the quote helper's currency rates

    add_rates_action(actions)


def _validate(rows: list[dict[str, object]]) -> tuple[list[Supplier], list[str]]:
    """Returns the valid suppliers and one error line per bad row, with progress if many."""
    progress = Progress("validating", len(rows)) if len(rows) >= PROGRESS_FROM_ROWS else None
    suppliers, errors = validate_rows(rows, progress=progress.update if progress else None)
    return suppliers, format_errors(errors)


def import_command(args: argparse.Namespace) -> int:
    """Validates the whole file, then imports it in one transaction (or nothing at all)."""
    path: Path = args.file
    rows = read_records(path)
    if not rows:
        raise InputError("file", f"no suppliers in {str(path)!r}")
    suppliers, error_lines = _validate(rows)
    if error_lines:
        for line in error_lines:
            sys.stderr.write(line + "\n")
        return 2
    settings = settings_or_exit()

    async def run() -> UpsertReport:
        progress = (
            Progress("importing", len(suppliers)) if len(suppliers) >= PROGRESS_FROM_ROWS else None
        )
        async with opened_database(settings) as db, db.sessions.begin() as session:
            # Returned once the block has committed.
            return await import_suppliers(
                session,
                suppliers,
                actor_id=SEED_ACTOR,
                source=path.name,
                at=datetime.now(UTC),
                progress=progress.update if progress else None,
            )

    report = asyncio.run(run())
    total = report.added + report.updated
    sys.stdout.write(
        f"imported {total} suppliers ({report.added} added, {report.updated} updated)\n"
    )
    return 0


def export_command(args: argparse.Namespace) -> int:
    """Writes the live suppliers as YAML or CSV to stdout or a file."""
    settings = settings_or_exit()

    async def run() -> list[Supplier]:
        async with opened_database(settings) as db, db.sessions() as session:
            return await SupplierStore(session).all()

    suppliers = asyncio.run(run())
    text = export_csv(suppliers) if args.format == "csv" else export_yaml(suppliers)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    output: Path = args.output
    try:
        output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise InputError("output", f"cannot write {str(output)!r}: {exc.strerror}") from None
    sys.stderr.write(f"exported {len(suppliers)} suppliers to {output}\n")
    return 0


def stats_command(args: argparse.Namespace) -> int:
    """Prints the knowledge base's counts, as a table or JSON."""
    settings = settings_or_exit()

    async def run() -> KbStats:
        async with opened_database(settings) as db, db.sessions() as session:
            return await SupplierStore(session).stats()

    stats = asyncio.run(run())
    if args.json:
        sys.stdout.write(json.dumps(asdict(stats)) + "\n")
    else:
        width = max(len(name) for name in asdict(stats))
        for name, value in asdict(stats).items():
            sys.stdout.write(f"{name.replace('_', ' '):<{width}}  {value}\n")
    return 0


def seed_command(args: argparse.Namespace) -> int:
    """Adds or updates the curated suppliers from knowledge/."""
    settings = settings_or_exit()

    async def run() -> UpsertReport:
        async with opened_database(settings) as db:
            return await seed(db, settings.knowledge_dir)

    report = asyncio.run(run())
    total = report.added + report.updated
    sys.stdout.write(
        f"seeded {total} suppliers from {settings.knowledge_dir} "
        f"({report.added} added, {report.updated} updated)\n"
    )
    return 0
