"""Durable intake for PTB: updates are stored before they are acknowledged, then dispatched.

PTB's Updater puts every update it receives into the application's update queue and only then
acknowledges it: polling advances the getUpdates offset after `put` returns, the webhook answers
200 after `put` returns. `IntakeQueue.put` stores the update in the database (bot/delivery.py)
and returns only once that committed; if it cannot, it raises a NetworkError, so polling retries
and the webhook answers 500 (Telegram delivers again). Stored updates never enter PTB's queue:
the `Dispatcher` takes them from the database, one founder at a time, oldest first, and hands
each to `Application.process_update`, so the handlers are the same as ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from telegram import Update
from telegram._utils.types import JSONDict
from telegram.error import NetworkError
from telegram.request import HTTPXRequest

logger = logging.getLogger(__name__)

# Founders handled at once per process; each holds one database connection more on PostgreSQL.
DISPATCH_WORKERS = 16
# Updates of one founder handled before the worker moves on (a flood never starves others).
FOUNDER_BATCH = 4
# How often the stored updates are scanned for founders nobody is handling (crash, other
# instance, a lock that was busy): the fast path is the wake-up after `put`.
SCAN_SECONDS = 1.0
_BUSY_RETRIES = 3
# Updates kept as received, for the dispatcher to hand over without parsing their JSON again
# (the oldest are dropped past this many: they are parsed from the store instead).
_KEEP_PARSED = 1000


class NotStored(NetworkError):
    """The update could not be stored; it is not acknowledged, so Telegram delivers it again."""


class IntakeLike(Protocol):
    """What the intake needs from bot/delivery.py's Delivery."""

    async def store(self, update_id: int, payload: dict[str, Any]) -> Any:
        """Stores an update; returns its founder's key, None when it was stored before."""
        ...

    async def pending_keys(self) -> list[Any]:
        """Returns the founders with unhandled updates."""
        ...

    async def handle_founder(
        self, key: Any, process: Callable[[dict[str, Any]], Awaitable[None]], batch: int
    ) -> int | None:
        """Handles up to `batch` of a founder's updates; None when another instance holds them."""
        ...


class UpdatesAsSent(HTTPXRequest):
    """The getUpdates request (PTB's default one), keeping each update's JSON as Telegram sent
    it: the intake stores that, instead of rebuilding it from the parsed Update with
    `to_dict()` (about a tenth of PTB's own cost per update, for a dict it already had).

    PTB's parsing copies what it takes apart, so the dicts kept are Telegram's, unchanged.
    """

    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        # As ApplicationBuilder builds it; `tls` shared with the other request (see app.py).
        super().__init__(
            connection_pool_size=1, httpx_kwargs=None if tls is None else {"verify": tls}
        )
        self._sent: dict[int, JSONDict] = {}

    def parse_json_payload(self, payload: bytes) -> JSONDict:  # type: ignore[override]
        """Returns the parsed answer (BaseRequest's parsing), keeping the updates in it."""
        data = super().parse_json_payload(payload)
        result = data.get("result") if isinstance(data, dict) else None
        if isinstance(result, list):
            for update in result:
                update_id = update.get("update_id") if isinstance(update, dict) else None
                if isinstance(update_id, int):
                    if len(self._sent) >= _KEEP_PARSED:  # never taken: the oldest go first
                        self._sent.pop(next(iter(self._sent)))
                    self._sent[update_id] = update
        return data

    def take(self, update_id: int) -> JSONDict | None:
        """Returns (once) the JSON an update came as, if it came through this request."""
        return self._sent.pop(update_id, None)


class IntakeQueue(asyncio.Queue[object]):
    """PTB's update queue, storing each update instead of queueing it (see the module doc)."""

    def __init__(self, as_sent: Callable[[int], JSONDict | None] | None = None) -> None:
        super().__init__()
        self.intake: IntakeLike | None = None
        self.dispatcher: Dispatcher | None = None
        self._parsed: dict[int, Update] = {}  # update_id -> the Update as PTB received it
        # update_id -> its JSON as received (polling), None: rebuilt from the Update (webhook)
        self._as_sent = as_sent

    def parsed(self, update_id: int) -> Update | None:
        """Returns (once) the Update object a stored update was received as, if still kept."""
        return self._parsed.pop(update_id, None)

    async def put(self, item: object) -> None:
        """Stores an Update and wakes the dispatcher; anything else goes to PTB as usual."""
        intake, dispatcher = self.intake, self.dispatcher
        if not isinstance(item, Update) or intake is None or dispatcher is None:
            await super().put(item)
            return
        payload = self._as_sent(item.update_id) if self._as_sent is not None else None
        try:
            key = await intake.store(item.update_id, payload or item.to_dict())
        except Exception as exc:
            logger.warning("could not store update %d: %s", item.update_id, exc)
            raise NotStored(f"could not store update {item.update_id}") from exc
        if key is not None:
            if len(self._parsed) >= _KEEP_PARSED:
                self._parsed.pop(next(iter(self._parsed)))
            self._parsed[item.update_id] = item
            dispatcher.submit(key)
        else:
            logger.info("update %d was delivered again; handled once", item.update_id)


class Dispatcher:
    """Hands stored updates to PTB: founders in parallel, each founder's updates in order."""

    def __init__(
        self,
        intake: IntakeLike,
        process: Callable[[dict[str, Any]], Awaitable[None]],
        *,
        workers: int = DISPATCH_WORKERS,
        batch: int = FOUNDER_BATCH,
    ) -> None:
        self._intake = intake
        self._process = process
        self._workers = workers
        self._batch = batch
        self._wanted: dict[Any, None] = {}  # founders with work, in arrival order
        self._active: dict[Any, asyncio.Task[None]] = {}
        self._wake = asyncio.Event()
        self._stopping = False
        self._task: asyncio.Task[None] | None = None

    def submit(self, key: Any) -> None:
        """Notes that a founder has a stored update to handle."""
        self._wanted[key] = None
        self._wake.set()

    def start(self) -> None:
        """Starts dispatching in the background (stored updates from before come first)."""
        self._task = asyncio.create_task(self._run(), name="intake-dispatcher")

    async def stop(self, within: float) -> None:
        """Lets updates in hand finish (up to `within` s); the rest stays stored for a restart."""
        self._stopping = True
        self._wake.set()
        tasks = [t for t in (self._task, *self._active.values()) if t is not None]
        if not tasks:
            return
        _done, pending = await asyncio.wait(tasks, timeout=within)
        for task in pending:
            task.cancel()
        for task in pending:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def _run(self) -> None:
        """Starts a worker per waiting founder, scanning the store now and then."""
        loop = asyncio.get_running_loop()
        next_scan = 0.0
        while not self._stopping:
            self._wake.clear()
            if loop.time() >= next_scan:
                next_scan = loop.time() + SCAN_SECONDS
                await self._scan()
            for key in list(self._wanted):
                if len(self._active) >= self._workers:
                    break
                if key in self._active:
                    continue
                del self._wanted[key]
                self._active[key] = asyncio.create_task(self._drain(key))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=SCAN_SECONDS)

    async def _scan(self) -> None:
        """Adds the founders whose stored updates nobody handles (after a crash, say)."""
        try:
            keys = await self._intake.pending_keys()
        except Exception as exc:
            logger.warning("cannot read the stored updates: %s", exc)
            return
        for key in keys:
            if key not in self._active:
                self._wanted.setdefault(key, None)

    async def _drain(self, key: Any) -> None:
        """Handles a batch of one founder's updates; more go back to the end of the line."""
        try:
            for _ in range(_BUSY_RETRIES):
                handled = await self._intake.handle_founder(key, self._process, self._batch)
                if handled is None:  # another instance holds the founder; it may finish soon
                    await asyncio.sleep(0.05)
                    continue
                if handled >= self._batch:
                    self._wanted[key] = None  # more waiting: after the others
                return
        except Exception as exc:  # the database is away: the updates stay stored
            logger.warning("updates of %s wait (%s); retried shortly", key, exc)
            await asyncio.sleep(1.0)
        finally:
            self._active.pop(key, None)
            self._wake.set()


def processor(application: Any) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """Returns the function that runs one stored update through the application's handlers."""

    queue = application.update_queue
    kept = queue.parsed if isinstance(queue, IntakeQueue) else None

    async def process(payload: dict[str, Any]) -> None:
        update = kept(payload["update_id"]) if kept is not None else None
        if update is None:  # stored by an earlier process or another instance
            update = Update.de_json(payload, application.bot)
        await application.process_update(update)

    return process


__all__ = ["Dispatcher", "IntakeLike", "IntakeQueue", "NotStored", "UpdatesAsSent", "processor"]
