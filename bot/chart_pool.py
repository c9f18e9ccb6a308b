"""Chart workers: a pool of processes sized to the cores, so charts never hold the bot's GIL.

matplotlib holds the GIL for the whole ~0.1 s of a chart; drawn in a thread, that stalls every
other chat. Workers are spawned (forking a process that runs threads is unsafe), import
matplotlib once when they start, and exit by themselves when the bot process dies, so a
`kill -9` of the bot leaves no worker behind.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from bot.core.advice.quotes import ComparisonChart
from bot.core.types import ChartData

logger = logging.getLogger(__name__)

_PARENT_CHECK_SECONDS = 0.5


def _watch_parent(parent: int) -> None:
    """Ends this worker as soon as its parent is gone (its parent pid changes)."""
    while True:
        time.sleep(_PARENT_CHECK_SECONDS)
        if os.getppid() != parent:
            os._exit(0)


def _start_worker(parent: int) -> None:
    """Watches the parent, then warms the worker (matplotlib import)."""
    # Watched first: a worker started just before the bot dies (the pool starts its others
    # after the first chart) goes with it even while it is still importing.
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    import bot.chart  # noqa: F401 - the import is the warm-up


def _draw(chart: ChartData) -> bytes:
    """Draws one chart in a worker (imported here so the bot process never loads matplotlib)."""
    from bot.chart import render_png

    return render_png(chart)


def _draw_comparison(chart: ComparisonChart) -> bytes:
    """Draws one quote comparison chart in a worker."""
    from bot.quote_chart import render_comparison_png

    return render_comparison_png(chart)


def pool_size() -> int:
    """Returns one worker per core the process may use (at least one)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class ChartPool:
    """Draws charts in worker processes; falls back to a thread when no worker can start."""

    def __init__(self, workers: int | None = None) -> None:
        self._workers = workers or pool_size()
        self._pool: ProcessPoolExecutor | None = None
        self._full = False  # every worker started (see _fill)

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(),),
            )
            self._full = False
        return self._pool

    def _fill(self) -> None:
        """Starts the pool's other workers once its first chart is drawn.

        The pool starts a worker only when every started one is busy: the second one would
        import matplotlib (about a second of CPU) while founders wait, at the first moment two
        charts are asked for at once. Started after the first chart, not with it, they do not
        slow the first one down either. (The pool's own spawning, as close() reaches for its
        processes: submitting no-op work is no sure way, idle workers take it first.)
        """
        pool = self._pool
        if self._full or pool is None:
            return
        self._full = True
        spawn = getattr(pool, "_spawn_process", None)
        try:
            while spawn is not None and len(getattr(pool, "_processes", ())) < self._workers:
                spawn()
        except OSError:  # the pool starts them itself when charts come together
            logger.warning("could not start the other chart workers yet", exc_info=True)

    async def draw(self, chart: ChartData) -> bytes:
        """Returns the chart as PNG bytes."""
        loop = asyncio.get_running_loop()
        try:
            png = await loop.run_in_executor(self._executor(), _draw, chart)
        except (BrokenProcessPool, OSError):
            logger.warning("chart worker unavailable; drawing in a thread instead", exc_info=True)
            self.close()
            return await asyncio.to_thread(_draw, chart)
        self._fill()
        return png

    async def draw_comparison(self, chart: ComparisonChart) -> bytes:
        """Returns the quote comparison chart (bot/quote_chart.py) as PNG, drawn in a worker."""
        loop = asyncio.get_running_loop()
        try:
            png = await loop.run_in_executor(self._executor(), _draw_comparison, chart)
        except (BrokenProcessPool, OSError):
            logger.warning("chart worker unavailable; drawing in a thread instead", exc_info=True)
            self.close()
            return await asyncio.to_thread(_draw_comparison, chart)
        self._fill()
        return png

    def close(self) -> None:
        """Stops the workers now: queued charts are dropped, running ones are ended."""
        pool, self._pool = self._pool, None
        if pool is None:
            return
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:  # a worker mid-chart would otherwise delay exit by its chart
            process.terminate()
