"""Chart benchmark: one chart PNG, and charts for founders arriving together through the pool.

    python -m benchmarks.chart [--repeat 15] [--arrivals 40 --window 10]

Rows:
- single chart, per chart kind: the project's renderer (one draw, margins from the tick labels,
  zlib level 3) beside the anchor, the same figure drawn the previous way (constrained layout,
  savefig's default compression: it draws twice). Median and p95 ms, PNG size.
- pool: `--arrivals` founders asking for a chart at random moments within `--window` seconds
  (fixed seed), drawn by ChartPool with one worker per core beside a single worker (the previous
  set-up). p50/p99 seconds from request to PNG.

  The pool starts a worker only when a chart finds none idle (spawned workers are made on
  demand), and a worker's start is ~0.5 s of CPU (Python and matplotlib) on cores the running
  charts need. A running bot's workers are warm, so each warm row first draws one chart per
  worker at once, which starts every worker, before the founders arrive; the cold row is the
  same arrivals on a pool that has drawn nothing. The earlier pool row (p99 2.95 s, against
  442 ms in the real bot's charts phase) warmed one worker with one chart and so started the
  second in the middle of the arrivals. "One chart alone" is the median of ten charts through
  the idle pool: what is left of a row's wait is queueing behind other founders' charts.
  Every figure is wall time: on a machine shared with other work they grow with its load.
Target (issue 14): one chart <= 150 ms; chart p99 <= 1.5 s for 40 founders in 10 s.
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import random
import statistics
import time
from collections.abc import Callable
from decimal import Decimal

from bot.chart import _encode, build_canvas
from bot.chart_pool import ChartPool, pool_size
from bot.core.advice.economics import recommend
from bot.core.types import ChartData, Demand, Discount, Period, PriceTier, Stage, Terms


def _charts() -> dict[str, ChartData]:
    """Returns one chart of each kind: tiers with MOQ and budget, a log axis, a one-off."""
    tiers = (
        PriceTier(1, Decimal("2.00")),
        PriceTier(1000, Decimal("1.70")),
        PriceTier(5000, Decimal("1.40")),
    )
    kinds = {
        "tiers+moq+budget": recommend(
            Terms(tiers, moq=100, currency="EUR"),
            Demand(300, Period.MONTH, budget=Decimal(3000), stage=Stage.LAUNCH),
        ),
        "incremental, log axis": recommend(
            Terms(tiers, discount=Discount.INCREMENTAL, moq=50, currency="USD"),
            Demand(20000, Period.YEAR, shelf_life_months=Decimal(6)),
        ),
        "one-off": recommend(Terms(tiers, currency="GBP"), Demand(800, Period.ONCE)),
    }
    return {name: rec.chart for name, rec in kinds.items() if rec.chart is not None}


def _previous_way(data: ChartData) -> bytes:
    """Draws the same figure as before: constrained layout and savefig (two draws)."""
    canvas = build_canvas(data)
    canvas.figure.set_layout_engine("constrained")
    buffer = io.BytesIO()
    canvas.figure.savefig(buffer, format="png", dpi=canvas.figure.dpi, facecolor="white")
    return buffer.getvalue()


def _time(draw: Callable[[ChartData], bytes], data: ChartData, repeat: int) -> tuple[float, ...]:
    """Returns median ms, p95 ms and the PNG size of `repeat` draws (after one warm-up)."""
    size = len(draw(data))
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        draw(data)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))], size / 1024


def _project(data: ChartData) -> bytes:
    return bytes(_encode(build_canvas(data)))


async def _arrivals(
    pool: ChartPool, data: ChartData, count: int, window: float, warm: int
) -> list[float]:
    """Returns each founder's seconds from asking to PNG, arrivals spread over the window.

    `warm` charts are drawn at once first: with no worker idle, each starts one.
    """
    moments = sorted(random.Random(7).uniform(0, window) for _ in range(count))
    await asyncio.gather(*(pool.draw(data) for _ in range(warm)))
    start = time.perf_counter()

    async def one(at: float) -> float:
        await asyncio.sleep(max(0.0, at - (time.perf_counter() - start)))
        asked = time.perf_counter()
        await pool.draw(data)
        return time.perf_counter() - asked

    return list(await asyncio.gather(*(one(at) for at in moments)))


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


async def _pool_rows(data: ChartData, count: int, window: float) -> list[str]:
    rows = []
    cores = pool_size()
    setups = (
        (f"pool, {cores} workers, warm (a running bot)", cores, cores),
        ("one worker, warm (the previous set-up)", 1, 1),
        (f"pool, {cores} workers, cold (the first charts after a start)", cores, 0),
    )
    for label, workers, warm in setups:
        pool = ChartPool(workers=workers)
        try:
            waits = await _arrivals(pool, data, count, window, warm)
            alone = await _one_at_a_time(pool, data) if warm else None
        finally:
            pool.close()
        rows.append(
            f"| {label} | {count} in {window:g} s | {statistics.median(waits):.2f} | "
            f"{_quantile(waits, 0.99):.2f} | {'-' if alone is None else f'{alone:.2f}'} |"
        )
    return rows


async def _one_at_a_time(pool: ChartPool, data: ChartData, charts: int = 10) -> float:
    """Returns the median seconds of a chart through the idle pool: drawing and the round trip
    to the worker, no waiting for another founder's chart (the rest of a row's wait)."""
    times = []
    for _ in range(charts):
        asked = time.perf_counter()
        await pool.draw(data)
        times.append(time.perf_counter() - asked)
    return statistics.median(times)


def main() -> None:
    """Prints both tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--arrivals", type=int, default=40)
    parser.add_argument("--window", type=float, default=10.0)
    args = parser.parse_args()
    charts = _charts()
    # Wall times on a shared machine: say how busy it was.
    print(f"load average (1 min) at the start: {os.getloadavg()[0]:.1f} on {pool_size()} cores")
    print()
    print("| chart | renderer | median ms | p95 ms | PNG KiB |")
    print("|---|---|---|---|---|")
    for name, data in charts.items():
        for label, draw in (
            ("project", _project),
            ("anchor: constrained + savefig", _previous_way),
        ):
            median, p95, kib = _time(draw, data, args.repeat)
            print(f"| {name} | {label} | {median:.0f} | {p95:.0f} | {kib:.0f} |")
    print()
    print("| chart workers | arrivals | p50 s | p99 s | one chart alone, median s |")
    print("|---|---|---|---|---|")
    first = next(iter(charts.values()))
    for row in asyncio.run(_pool_rows(first, args.arrivals, args.window)):
        print(row)


if __name__ == "__main__":
    main()
