"""Chart workers: sized to the cores, draw real PNGs, stop on close, die with a killed parent."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from bot.chart_pool import ChartPool, pool_size
from tests.test_chart import png_size, three_tier_chart

_ORPHAN_SCRIPT = """
import asyncio, os, signal, sys
from decimal import Decimal
sys.path.insert(0, {root!r})
from bot.chart_pool import ChartPool
from tests.test_chart import three_tier_chart

async def main():
    pool = ChartPool(workers=2)
    await asyncio.gather(*(pool.draw(three_tier_chart()) for _ in range(2)))
    print(" ".join(str(pid) for pid in pool._pool._processes), flush=True)
    os.kill(os.getpid(), signal.SIGKILL)

asyncio.run(main())
"""


def _alive(pid: int) -> bool:
    """Returns whether a process with that pid exists (zombies reaped by init count as gone)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "\nState:\tZ" in status.read_text())


def test_pool_has_a_worker_per_core() -> None:
    assert pool_size() == len(os.sched_getaffinity(0))


async def test_pool_draws_charts_concurrently_and_closes() -> None:
    pool = ChartPool(workers=2)
    try:
        pngs = await asyncio.gather(*(pool.draw(three_tier_chart()) for _ in range(4)))
    finally:
        pool.close()
    assert all(png_size(png) == (1080, 1215) for png in pngs)
    assert pool._pool is None


async def test_the_first_chart_starts_every_worker_once_it_is_drawn() -> None:
    pool = ChartPool(workers=3)
    try:
        await pool.draw(three_tier_chart())  # one chart: no second worker is needed yet
        assert pool._pool is not None
        assert len(pool._pool._processes) == 3
    finally:
        pool.close()


async def test_closed_pool_starts_again_on_the_next_chart() -> None:
    pool = ChartPool(workers=1)
    await pool.draw(three_tier_chart())
    pool.close()
    try:
        png = await pool.draw(three_tier_chart(budget=Decimal(6000)))
    finally:
        pool.close()
    assert png[:4] == b"\x89PNG"


def test_workers_end_when_the_parent_is_killed() -> None:
    root = str(Path(__file__).resolve().parent.parent)
    child = subprocess.run(
        [sys.executable, "-c", _ORPHAN_SCRIPT.format(root=root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert child.returncode == -signal.SIGKILL, child.stderr
    workers = [int(pid) for pid in child.stdout.split()]
    assert len(workers) == 2
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # never leave a process behind, even when the test fails
        os.kill(pid, signal.SIGKILL)
    assert not left, f"chart workers outlived the killed bot: {left}"
