"""Quote benchmark: reading quotes (read_quote) and comparing them (compare_quotes).

    python -m benchmarks.quotes [--repeat 20]

Rows: a one-line quote, a forwarded email, a 500-row price table pasted from a spreadsheet
(about 10,000 characters), hostile 19,000-character inputs (digit runs, slash runs: the shapes
that made unbounded patterns backtrack), and a comparison of five quotes with chart data.
Median and worst ms of CPU time (the machine is shared: wall time would measure the neighbours).
Target: a quote a founder pastes <= 10 ms; any hostile paste <= 200 ms: up to the
20,000-character cap it is read with bounded scans (MAX_TIER_CANDIDATES), beyond it (the 100 kB
rows) it is refused before any pattern runs.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from bot.core.advice.quotes import Need, Quote, compare_quotes
from bot.core.types import Demand, Period
from bot.core.understanding.quotes import read_quote

ONE_LINE = "Acme: 1000 @ $0.80, 5000 @ $0.45, setup $150"
EMAIL = (
    "Hi Anna,\nThanks for the call. Here's our pricing for the 4oz amber jars:\n"
    "  * 240 jars – $1.42 each\n  * 960 jars – $1.10 each\n  * 2,880 jars – $0.88 each\n"
    "Setup $60 per order. Freight is around $0.12 a jar. Lead time is 1 week from order.\n"
    "Valid for 30 days. Payment: 50% deposit, 50% before shipping.\nCheers, Anna @ Jarful Supply\n"
)
TABLE = "Qty | Unit price (EUR) | Total\n" + "\n".join(
    f"{q:,} | {2 - q / 1_000_000:.4f} | {q * (2 - q / 1_000_000):,.2f}"
    for q in range(100, 50_100, 100)
)


def _quotes() -> list[Quote]:
    texts = [
        ONE_LINE,
        "BoxCo: 500 @ $0.95, 2000 @ $0.85, free shipping",
        "Mould Co: 1000 @ $0.50, 10000 @ $0.30, mould $3,000",
        "Local: 100 @ $1.60, 300 @ $1.40, shipping $25 per order",
        "Far: 5000 @ $0.40, shipping $0.12 per unit, setup $200",
    ]
    out = []
    for text in texts:
        reading = read_quote(text)
        assert reading is not None
        out.append(Quote.from_reading(reading, "quote"))
    return out


def _time(work: Callable[[], object], repeat: int) -> tuple[float, float]:
    """Returns the median and worst CPU time in ms."""
    runs = []
    for _ in range(repeat):
        start = time.process_time()
        work()
        runs.append((time.process_time() - start) * 1000)
    return statistics.median(runs), max(runs)


def main() -> None:
    """Prints the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    repeat = max(1, min(args.repeat, 200))
    quotes = _quotes()
    need = Need(Demand(1000, Period.MONTH), "USD")
    rows: list[tuple[str, int, Callable[[], object]]] = [
        ("read: one-line quote", len(ONE_LINE), lambda: read_quote(ONE_LINE)),
        ("read: forwarded email", len(EMAIL), lambda: read_quote(EMAIL)),
        ("read: 500-row table", len(TABLE), lambda: read_quote(TABLE)),
        ("read: hostile digits", 19_000, lambda: read_quote("1" * 19_000)),
        ("read: hostile slashes", 18_000, lambda: read_quote("1/" * 9_000)),
        ("read: hostile '1 '", 18_000, lambda: read_quote("1 " * 9_000)),
        ("read: hostile table rows", 19_992, lambda: read_quote("1\t1\n" * 4_998)),
        ("read: hostile '$1 '", 19_998, lambda: read_quote("$1 " * 6_666)),
        ("read: hostile 100 kB", 100_000, lambda: read_quote("1 " * 50_000)),
        ("read: 100 kB table", 100_000, lambda: read_quote("1 | 2 | 3\n" * 10_000)),
        ("read: spelled, 2k chars", 1_990, lambda: read_quote("a hundred " * 199)),
        ("compare: 5 quotes", 0, lambda: compare_quotes(quotes, need)),
    ]
    print(f"{'case (CPU time)':<26}{'chars':>8}{'median ms':>12}{'worst ms':>11}")
    for name, chars, work in rows:
        slow = name.startswith(("read: hostile", "read: spelled")) or "table" in name
        median, worst = _time(work, 3 if slow else repeat)
        print(f"{name:<26}{chars:>8,}{median:>12.2f}{worst:>11.2f}")


if __name__ == "__main__":
    main()
