"""Delivery, the application side: durable intake, one founder at a time, the outbox, the budget.

The Telegram shell (bot/telegram/intake.py, sender.py) drives it and never touches the store:
- `store` keeps an update before it is acknowledged; a redelivered update_id is dropped here.
- `handle_founder` hands a founder's stored updates, oldest first, to the shell's `process`;
  on PostgreSQL it first takes the founder's advisory lock in a transaction of its own, so two
  instances never handle one founder at once (a killed instance's lock goes with its connection).
- the assistant writes replies to the outbox in the transaction that marks the update handled;
  the sender claims, sends and settles them through the methods below.
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import contextlib
import dataclasses
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

from aiolimiter import AsyncLimiter
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.markup import Reply, split
from bot.core.types import ChartData
from bot.outbox_json import buttons_to_json, chart_to_json
from bot.store.budget import Bucket, draw
from bot.store.db import Database
from bot.store.models import utcnow
from bot.store.outbox import (
    APOLOGY,
    FAILED,
    KEEP_SETTLED,
    SENDING,
    SENT,
    UNKNOWN,
    OutboxItem,
    OutboxStore,
    Outgoing,
)
from bot.store.updates import (
    KEEP_HANDLED,
    FounderKey,
    StoredUpdate,
    UpdateStore,
    key_of,
    lock_founder,
    quote_of,
)

logger = logging.getLogger(__name__)
T = TypeVar("T")

# Telegram's caps, one under each (the budget counts when a request leaves, Telegram when it
# arrives; jitter can bunch arrivals).
OVERALL_RATE_PER_SECOND = 29.0
GROUP_RATE_PER_MINUTE = 19.0
# A send still "sending" after this long belongs to a sender that died: it may have arrived.
STALE_CLAIM = timedelta(seconds=30)
# How long an instance waits for a founder another instance is handling (PostgreSQL).
FOUNDER_WAIT_MS = 2000
# Updates kept in memory as stored, for the dispatcher to take without reading them back
# (SQLite); past this many a founder's next ones are read from the store instead.
KEEP_RECEIVED = 1000


@dataclass
class Unit:
    """The update being handled now; `retry` asks the dispatcher to leave it for later."""

    update_id: int
    key: FounderKey | None = None  # whose it is (replies written with a change go there)
    quote: int | None = None  # the message its replies quote (groups)
    retry: bool = False
    handled: bool = False  # the handler's own transaction marked it
    # Replies written in a change's own transaction (an admin's): not written again after it.
    written: tuple[Reply, ...] = ()


_CURRENT: ContextVar[Unit | None] = ContextVar("smallbatch_delivery_unit", default=None)


# Who goes first when several of this process's transactions wait to write (WriteTurns).
INTAKE, SENDER, STEP = 0, 1, 2


class WriteTurns:
    """SQLite's single writer, taken in turn by this process's transactions: by priority, then
    in arrival order.

    Writers racing for SQLite's lock itself would wait in its busy handler, which sleeps 1, 2,
    5 … 100 ms between looks and can starve one; queued here, each gets the lock as soon as the
    one before commits. The intake goes first (polling waits for its store before the next
    getUpdates, so every founder's next message waits behind it), then the sender (it finishes
    answers already made), then the steps that make new ones.
    """

    def __init__(self) -> None:
        self._held = False
        self._lines: tuple[collections.deque[asyncio.Future[None]], ...] = tuple(
            collections.deque() for _ in (INTAKE, SENDER, STEP)
        )

    @contextlib.asynccontextmanager
    async def turn(self, priority: int = STEP) -> AsyncIterator[None]:
        """Holds the writer's turn for the block."""
        if self._held:
            waiting = asyncio.get_running_loop().create_future()
            line = self._lines[priority]
            line.append(waiting)
            try:
                await waiting
            except asyncio.CancelledError:
                if waiting.done() and not waiting.cancelled():
                    self._pass_on()  # handed the turn just as it was cancelled
                else:
                    line.remove(waiting)
                raise
        self._held = True
        try:
            yield
        finally:
            self._pass_on()

    def _pass_on(self) -> None:
        """Hands the turn to the next waiter (it stays held), or frees it."""
        for line in self._lines:
            while line:
                waiting = line.popleft()
                if not waiting.done():
                    waiting.set_result(None)
                    return
        self._held = False


def _update_id(update: StoredUpdate) -> int:
    """Returns the update's id: the order a founder's updates are handled in."""
    return update.update_id


class _Received:
    """The updates this process stored and has not handed over yet, per founder in update_id
    order, as the store hands them out (SQLite: this process is the only one storing them).

    They are all of a founder's pending updates unless the founder is in `pending` (None
    until the start's look at the store: everyone): updates stored before this start, or
    left in the store by a turn that failed, are read from the store for them.
    """

    def __init__(self) -> None:
        self.kept: dict[FounderKey, list[StoredUpdate]] = {}
        self.count = 0
        self.pending: set[FounderKey] | None = None
        self.overflow: set[FounderKey] = set()  # not kept before the look
        self.looking = asyncio.Lock()
        self.storing: collections.Counter[FounderKey] = collections.Counter()
        self.stores = 0  # stores finished so far

    def keep(self, update: StoredUpdate) -> None:
        """Keeps a stored (committed) update for the dispatcher."""
        key = update.key
        if self.pending is not None and key in self.pending:
            return  # read from the store: it is there
        if self.count >= KEEP_RECEIVED:
            self.unsure(key)
            return
        # by update_id: webhooks may deliver two of a founder's updates out of order
        bisect.insort(self.kept.setdefault(key, []), update, key=_update_id)
        self.count += 1

    def stored(self, key: FounderKey) -> None:
        """Notes that a store of the founder's update finished (stored or not)."""
        self.storing[key] -= 1
        if self.storing[key] <= 0:
            del self.storing[key]
        self.stores += 1

    def unsure(self, key: FounderKey) -> None:
        """Sends the founder's updates through the store from now on (it holds them all)."""
        (self.overflow if self.pending is None else self.pending).add(key)
        self.count -= len(self.kept.pop(key, ()))

    def looked(self, found: Sequence[FounderKey]) -> None:
        """Takes the founders with pending updates at the start (read from the store)."""
        self.pending = set(found) | self.overflow
        self.overflow.clear()
        for key in self.pending:
            self.count -= len(self.kept.pop(key, ()))

    def take(self, key: FounderKey, batch: int) -> list[StoredUpdate] | None:
        """Returns up to `batch` kept updates of the founder, None when the store must be read."""
        if self.pending is None or key in self.pending:
            return None
        kept = self.kept.get(key)
        if not kept:
            return []
        taken = kept[:batch]
        del kept[:batch]
        self.count -= len(taken)
        if not kept:
            del self.kept[key]
        return taken

    def read_all(self, key: FounderKey, stores_before: int) -> None:
        """After a read of the store that found fewer than it asked for: the founder's later
        updates may be kept again, unless a store of one could have raced with the read."""
        if self.pending is not None and not self.storing[key] and self.stores == stores_before:
            self.pending.discard(key)


# A finished send to record: (chat, outbox row, Telegram's message_id).
Mark = tuple[int, int, int | None]


class SendTaker(Protocol):
    """This process's sender, taking rows claimed for it in the transaction that wrote them."""

    def can_take(self, chat_id: int) -> bool:
        """Returns whether the sender runs and would send the chat's row at once."""
        ...

    def take(self, item: OutboxItem, *, alone: bool = False) -> None:
        """Sends a row claimed for it (committed), as a round's claim would have; `alone`:
        nothing follows it in its chat."""
        ...

    def take_marks(self) -> list[Mark]:
        """Returns (and hands over) its finished sends, to record in a transaction."""
        ...

    def marks_recorded(self, marks: list[Mark]) -> None:
        """Frees the chats of recorded sends (the transaction committed)."""
        ...

    def marks_back(self, marks: list[Mark]) -> None:
        """Takes back sends a failed transaction did not record."""
        ...


class RetryLater(Exception):
    """The update could not be handled now (the database is away); it stays stored."""


def current_unit() -> Unit | None:
    """Returns the update the running task handles through the intake, if any."""
    return _CURRENT.get()


def outgoing_for(
    key: FounderKey,
    replies: Sequence[Reply],
    *,
    update_id: int | None,
    quote_message_id: int | None,
    charts: Sequence[ChartData] = (),
    role: str = "answer",
) -> list[Outgoing]:
    """Returns the outbox messages of replies: text split under 4,096 characters, then files.

    A reply's buttons go on its last message, as send.py does for direct replies.
    """
    out: list[Outgoing] = []
    for reply in replies:
        chunks = [c for c in split(reply.markup) if c.to_html().strip()]
        files = list(reply.attachments)
        for number, chunk in enumerate(chunks, start=1):
            last = number == len(chunks) and not files
            body: dict[str, Any] = {
                "html": chunk.to_html(),
                "plain": chunk.to_plain(),
                "buttons": buttons_to_json(reply.buttons) if last else [],
                "quote": quote_message_id,
            }
            out.append(Outgoing(key, "text", body, update_id=update_id, role=role))
        for number, file in enumerate(files, start=1):
            last = number == len(files)
            body = {
                "filename": file.filename,
                "caption": file.caption,
                "buttons": buttons_to_json(reply.buttons) if last else [],
                "quote": quote_message_id,
            }
            kind = "document" if file.kind == "document" else "photo"
            out.append(Outgoing(key, kind, body, data=file.data, update_id=update_id, role=role))
    for number, chart in enumerate(charts, start=1):
        chart_body: dict[str, Any] = {
            "filename": f"chart-{number}.png",
            "caption": (chart.title or "Yearly cost by order quantity")[:1000],
            "chart": chart_to_json(chart),
            "buttons": [],
            "quote": quote_message_id,
        }
        out.append(Outgoing(key, "chart", chart_body, update_id=update_id, role=role))
    return out


def repeat_of(items: Sequence[OutboxItem], update_id: int) -> list[Outgoing]:
    """Returns copies of an earlier answer's messages, as the answer to `update_id` (/last)."""
    return [
        Outgoing(item.key, item.kind, item.body, data=item.data, update_id=update_id)
        for item in items
    ]


class Delivery:
    """Intake, ordering and outbox on one database; one per process."""

    def __init__(self, db: Database, *, rate_limited: bool = True) -> None:
        self.db = db
        self.rate_limited = rate_limited
        self.shared = db.engine.dialect.name == "postgresql"
        self._listeners: list[Callable[[int], None]] = []
        # SQLite means one instance: an in-process budget (aiolimiter, a leaky bucket) is enough.
        self._overall = AsyncLimiter(OVERALL_RATE_PER_SECOND, 1)
        self._groups: dict[int, AsyncLimiter] = {}
        # SQLite has one writer at a time: this process's writers take turns (WriteTurns).
        self._writes: WriteTurns | None = None if self.shared else WriteTurns()
        self._received = _Received()
        # Chats with an answer that may not have arrived, not yet mentioned to the founder; None
        # until the sender's start-up check (and always on PostgreSQL: other instances send
        # too), meaning "look in the outbox". It spares every step that UPDATE on SQLite.
        self._unnoticed: set[int] | None = None
        # SQLite (one process): the sender that takes a new answer's first row straight from
        # the step's transaction (claim_for_sender), sparing a sender round per answer.
        self._taker: SendTaker | None = None

    def _turn(self, priority: int = STEP) -> contextlib.AbstractAsyncContextManager[None]:
        """Returns the writer's turn to hold (SQLite's one writer), or nothing to wait for."""
        if self._writes is None:
            return contextlib.nullcontext()
        return self._writes.turn(priority)

    @contextlib.asynccontextmanager
    async def writing(self, priority: int = STEP) -> AsyncIterator[AsyncSession]:
        """Yields a session in a write transaction, committed on leaving (queued on SQLite)."""
        async with self._turn(priority), self.db.sessions.begin() as session:
            yield session

    @contextlib.asynccontextmanager
    async def writing_core(self, priority: int = STEP) -> AsyncIterator[AsyncConnection]:
        """As `writing`, on a plain connection: for the hot path's Core statements only."""
        async with self._turn(priority), self.db.transaction() as connection:
            yield connection

    async def run_write(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Returns what `work` returns, committed by the database's unit of work (queued)."""
        async with self._turn():
            return await self.db.unit_of_work(work)

    async def run_core_write(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """As `run_write`, on a plain connection (Database.core_unit_of_work): Core only.

        It records the sender's finished sends too (`_carrying`): one round less for them.
        """
        async with self._turn(), self._carrying() as carried:
            return await self.db.core_unit_of_work(carried(work))

    @contextlib.asynccontextmanager
    async def _carrying(
        self,
    ) -> AsyncIterator[Callable[[Callable[[AsyncConnection], Awaitable[T]]], Any]]:
        """Yields a wrapper making a unit of work record the sender's finished sends first
        (SQLite: the hot path's write transactions carry the "sent" marks, which would
        otherwise take a sender round, a transaction, of their own); the sender frees their
        chats once it committed, or takes them back if it did not.

        Held in the writer's turn, so no sender round records the same marks meanwhile.
        """
        taker = self._taker
        marks = taker.take_marks() if taker is not None else []

        def carried(work: Callable[[AsyncConnection], Awaitable[T]]) -> Any:
            if not marks:
                return work

            async def with_marks(connection: AsyncConnection) -> T:
                await OutboxStore(connection).sent_many([(row, mid) for _, row, mid in marks])
                return await work(connection)

            return with_marks

        try:
            yield carried
        except BaseException:
            if taker is not None and marks:
                taker.marks_back(marks)
            raise
        if taker is not None and marks:
            taker.marks_recorded(marks)

    # ------------------------------------------------------------------ intake

    async def store(self, update_id: int, payload: dict[str, Any]) -> FounderKey | None:
        """Stores an update before it is acknowledged; returns its founder (None: seen before)."""

        async def add(connection: AsyncConnection) -> bool:
            return await UpdateStore(connection).add(update_id, payload)

        key = key_of(payload)
        received = None if self.shared else self._received
        if received is not None:
            received.storing[key] += 1
        try:
            # First in the writers' line (WriteTurns): polling waits for it before its next call.
            async with self._turn(INTAKE), self._carrying() as carried:
                fresh = await self.db.core_unit_of_work(carried(add))
            if fresh and received is not None:
                received.keep(StoredUpdate(update_id, key, payload))  # committed: takeable
        finally:
            if received is not None:
                received.stored(key)
        return key if fresh else None

    async def pending_keys(self) -> list[FounderKey]:
        """Returns the founders with unhandled updates.

        On SQLite, once the start's look at the store found nobody left to read from it
        (`_Received.pending` empty), every unhandled update is kept in memory or in a
        worker's hands (a failed one sends its founder back to the store): the dispatcher's
        scan, once a second, then reads nothing.
        """
        received = None if self.shared else self._received
        if received is not None and received.pending is not None and not received.pending:
            return list(received.kept)
        async with self.db.readers() as session:
            return await UpdateStore(session).pending_keys()

    async def handle_founder(
        self, key: FounderKey, process: Callable[[dict[str, Any]], Awaitable[None]], batch: int
    ) -> int | None:
        """Handles up to `batch` of the founder's updates in order; None when another holds them.

        Raises RetryLater when an update must wait (the database is away); it stays stored.
        """
        if not self.shared:
            return await self._drain(key, process, batch)
        async with self.db.engine.connect() as connection, connection.begin():
            if not await lock_founder(connection, key, FOUNDER_WAIT_MS):
                return None
            return await self._drain(key, process, batch)

    async def _drain(
        self, key: FounderKey, process: Callable[[dict[str, Any]], Awaitable[None]], batch: int
    ) -> int:
        """Processes the founder's oldest unhandled updates one by one (read in one go).

        Nobody else takes them meanwhile: this founder's advisory lock (PostgreSQL) or the
        dispatcher (one process on SQLite) holds them, and a redelivery is not stored twice.
        """
        stored_updates = await self._pending(key, batch)
        try:
            for stored in stored_updates:
                unit = Unit(stored.update_id, key, quote_of(stored.payload))
                token = _CURRENT.set(unit)
                try:
                    await process(stored.payload)
                except Exception:  # PTB reports handler errors itself; this is a last resort
                    logger.exception("update %d could not be processed", stored.update_id)
                finally:
                    _CURRENT.reset(token)
                if unit.retry:
                    raise RetryLater(f"update {stored.update_id} waits for the database")
                if not unit.handled:
                    await self.mark_handled(stored.update_id)
        except BaseException:
            if not self.shared:
                self._received.unsure(key)  # what is left of them is in the store only
            raise
        return len(stored_updates)

    async def _pending(self, key: FounderKey, batch: int) -> list[StoredUpdate]:
        """Returns the founder's oldest `batch` unhandled updates: from memory when they are
        all there (SQLite: one read of the store less per update), else from the store."""
        received = None if self.shared else self._received
        if received is not None:
            if received.pending is None:
                async with received.looking:
                    if received.pending is None:  # once, at the first update after the start
                        async with self.db.readers() as session:
                            found = await UpdateStore(session).pending_keys(limit=None)
                        received.looked(found)
            taken = received.take(key, batch)
            if taken is not None:
                return taken
            stores_before = received.stores
        async with self.db.readers() as session:
            read = await UpdateStore(session).pending_for(key, batch)
        if received is not None and len(read) < batch:
            received.read_all(key, stores_before)
        return read

    async def mark_handled(self, update_id: int) -> None:
        """Marks an update handled when its handler did not (nothing to answer, or an error)."""
        async with self.writing() as session:
            await UpdateStore(session).mark_handled(update_id)

    # ------------------------------------------------------------------ writing replies

    def listen(self, wake: Callable[[int], None]) -> None:
        """Registers a sender to wake when a chat has new outbox rows."""
        self._listeners.append(wake)

    def hand_sends_to(self, taker: SendTaker) -> None:
        """Registers the sender that takes rows claimed in the transaction that wrote them
        (SQLite only: on PostgreSQL other instances' senders and the shared budget decide)."""
        if not self.shared:
            self._taker = taker

    async def claim_for_sender(
        self, outbox: OutboxStore, chat_id: int, item_ids: Sequence[int]
    ) -> OutboxItem | None:
        """Claims, in the caller's (writing) transaction, the first of the rows it just wrote
        for this process's sender when it is the chat's head and the sender is free for the
        chat; the caller hands it over (`hand_over`) once the transaction committed.

        As in a round, it is claimed as going out when the send budget is there now, else
        claimed to wait for it: a crash after the commit leaves it unknown, or sent again.
        """
        taker = self._taker
        if taker is None or not item_ids or not taker.can_take(chat_id):
            return None
        going = await self._budget_now(chat_id)
        return await outbox.take_head(item_ids[0], sending=going)

    def hand_over(self, item: OutboxItem, *, alone: bool = False) -> None:
        """Gives the sender a row claimed for it (after the claim committed); `alone`: the
        only row its transaction wrote."""
        if self._taker is None:
            raise RuntimeError("no sender takes claimed rows")
        self._taker.take(item, alone=alone)

    def notify(self, chat_id: int) -> None:
        """Wakes the senders for a chat (after the transaction that wrote its rows committed)."""
        for wake in self._listeners:
            wake(chat_id)

    async def enqueue(
        self,
        key: FounderKey,
        replies: Sequence[Reply],
        *,
        update_id: int | None,
        quote_message_id: int | None,
    ) -> None:
        """Writes replies made outside a dialog step (admin commands) and marks the update.

        Replies already written with their change (`reply_in`, committed: the update is
        handled) are not written again; the rest (notes made after the commit) are.
        """
        unit = current_unit()
        mine = unit if unit is not None and unit.update_id == update_id else None
        written = mine.written if mine is not None else ()
        async with self.writing() as session:
            fresh = update_id is not None and await UpdateStore(session).mark_handled(update_id)
            rest = [r for r in replies if fresh or not any(r is w for w in written)]
            await OutboxStore(session).add(
                outgoing_for(key, rest, update_id=update_id, quote_message_id=quote_message_id)
            )
        if mine is not None:
            mine.handled = True
        self.notify(key.chat_id)

    async def reply_in(self, session: AsyncSession, replies: Sequence[Reply]) -> None:
        """Writes replies to the update being handled in the caller's transaction.

        The caller's change and its confirmation then commit together: a crash after the
        commit still sends the confirmation. Outside the intake it writes nothing.
        """
        unit = current_unit()
        if unit is None or unit.key is None or not replies:
            return
        if not await UpdateStore(session).mark_handled(unit.update_id):
            return  # handled already: its replies were written then
        await OutboxStore(session).add(
            outgoing_for(unit.key, replies, update_id=unit.update_id, quote_message_id=unit.quote)
        )
        unit.written = (*unit.written, *replies)

    # ------------------------------------------------------------------ the sender's side

    async def due(self) -> list[OutboxItem]:
        """Returns each chat's first unsettled row that is due now."""
        async with self.db.readers() as session:
            return await OutboxStore(session).heads(utcnow())

    async def undrawn(self) -> list[OutboxItem]:
        """Returns chart rows still to be drawn."""
        async with self.db.readers() as session:
            return await OutboxStore(session).undrawn()

    async def head_of(self, chat_id: int) -> OutboxItem | None:
        """Returns the chat's first unsettled row."""
        async with self.db.readers() as session:
            return await OutboxStore(session).head_of(chat_id)

    async def next_due(self) -> datetime | None:
        """Returns when the earliest pending row falls due."""
        async with self.db.readers() as session:
            return await OutboxStore(session).next_due()

    async def sender_round(
        self,
        sent: Sequence[tuple[int, int | None]],
        *,
        busy: set[int],
        limit: int,
        draw: int,
        drawing: frozenset[int] = frozenset(),
    ) -> tuple[list[OutboxItem], list[OutboxItem]]:
        """Runs one sender round in one transaction; returns the rows claimed and to draw.

        It records the rows sent since the last round, then claims the due head of every chat
        not in `busy` (up to `limit`), then lists up to `draw` charts to draw besides those
        the sender is `drawing`: one commit a round instead of one per step, while the claim
        still commits before a request leaves. A head whose send budget is there now is
        claimed as going out already (status sending): its request leaves right after the
        commit, without a transaction of its own to say so; the others wait for the budget
        claimed, and are marked sending when it comes (`sending`).
        """
        async with self.writing_core(SENDER) as connection:
            store = OutboxStore(connection)
            await store.sent_many(sent)
            wanted = limit + len(busy) if limit > 0 else 0
            to_draw = draw + len(drawing) if draw > 0 else 0
            heads, undrawn = await store.round_rows(utcnow(), wanted, to_draw)
            heads = [h for h in heads if h.key.chat_id not in busy][:limit]
            now = [h.id for h in heads if await self._budget_now(h.key.chat_id)]
            going = await store.claim_many(now, sending=True)
            got = going | await store.claim_many([h.id for h in heads if h.id not in going])
            undrawn = [u for u in undrawn if u.id not in drawing][:draw]
            if self.shared and undrawn:  # other instances' senders list the same charts
                taken = await store.claim_drawing([u.id for u in undrawn])
                undrawn = [u for u in undrawn if u.id in taken]
        claimed = [
            dataclasses.replace(h, status=SENDING) if h.id in going else h
            for h in heads
            if h.id in got
        ]
        return claimed, undrawn

    async def claim(self, item_id: int) -> bool:
        """Claims a row for this sender (a crash before `sending` leaves it to be sent again)."""
        async with self.writing() as session:
            return await OutboxStore(session).claim(item_id)

    async def sending(self, item_id: int) -> bool:
        """Marks a claimed row as going out now, committed before the request leaves: from here
        a crash leaves it unknown, never resent. False when the row is no longer ours."""
        async with self.writing(SENDER) as session:
            return await OutboxStore(session).start_sending(item_id)

    async def claim_many(self, item_ids: Sequence[int]) -> set[int]:
        """Claims rows for this sender in one transaction; returns those it got."""
        async with self.writing() as session:
            return await OutboxStore(session).claim_many(item_ids)

    async def sent_many(self, sent: Sequence[tuple[int, int | None]]) -> None:
        """Records delivered rows in one transaction."""
        async with self.writing() as session:
            await OutboxStore(session).sent_many(sent)

    async def sent(self, item_id: int, message_id: int | None) -> None:
        """Records a delivered row."""
        async with self.writing() as session:
            await OutboxStore(session).settle(item_id, SENT, message_id=message_id)

    async def unknown(self, item_id: int, error: str, chat_id: int | None = None) -> None:
        """Records a row that went out without an answer: it may have arrived; never resent."""
        async with self.writing() as session:
            await OutboxStore(session).settle(item_id, UNKNOWN, error=error)
        if self._unnoticed is not None:
            if chat_id is None:
                self._unnoticed = None
            else:
                self._unnoticed.add(chat_id)

    def may_have_unnoticed(self, chat_id: int) -> bool:
        """Returns whether the chat may have an unmentioned answer that may not have arrived."""
        return self._unnoticed is None or chat_id in self._unnoticed

    async def retry_at(self, item_id: int, when: datetime, error: str) -> None:
        """Puts a row that did not reach Telegram back, due at `when`."""
        async with self.writing() as session:
            await OutboxStore(session).retry_at(item_id, when, error)

    async def failed(self, item: OutboxItem, error: str, apology: Reply | None) -> None:
        """Records a row Telegram refused and, once per answer, writes the apology after it."""
        async with self.writing() as session:
            store = OutboxStore(session)
            await store.settle(item.id, FAILED, error=error)
            if apology is None or item.role != "answer":
                return
            if await store.has_apology(item.update_id, item.key.chat_id):
                return
            quote = item.body.get("quote")
            await store.add(
                outgoing_for(
                    item.key,
                    [apology],
                    update_id=item.update_id,
                    quote_message_id=quote,
                    role=APOLOGY,
                )
            )

    async def set_data(self, item_id: int, data: bytes) -> None:
        """Keeps a late-drawn chart's bytes with its row."""
        async with self.writing(SENDER) as session:
            await OutboxStore(session).set_data(item_id, data)

    async def recover(self) -> int:
        """Settles a dead sender's rows (claimed: sent again; mid-request: unknown); prunes."""
        now = utcnow()
        # One instance on SQLite: whatever is claimed or sending at start belonged to a dead
        # process.
        cutoff = now - STALE_CLAIM if self.shared else now + timedelta(seconds=1)
        async with self.writing() as session:
            released, abandoned = await OutboxStore(session).abandon_stale_claims(cutoff)
            await OutboxStore(session).prune(now - KEEP_SETTLED)
            await UpdateStore(session).prune(now - KEEP_HANDLED)
            # One process on SQLite: from here on only this sender settles rows as unknown.
            unnoticed = None if self.shared else await OutboxStore(session).unnoticed_chats()
        self._unnoticed = unnoticed
        if released:
            logger.info("%d claimed send(s) of a stopped sender are sent again", released)
        if abandoned:
            logger.warning(
                "%d send(s) were cut off mid-request; not resent (see /last)", abandoned
            )
        return abandoned

    async def counts(self) -> dict[str, int]:
        """Returns outbox rows per status."""
        async with self.db.readers() as session:
            return await OutboxStore(session).counts()

    def _group_limiter(self, chat_id: int) -> AsyncLimiter | None:
        """Returns this process's per-minute limiter of a group chat (None: not a group)."""
        if chat_id >= 0:
            return None
        return self._groups.setdefault(chat_id, AsyncLimiter(GROUP_RATE_PER_MINUTE, 60))

    async def _budget_now(self, chat_id: int) -> bool:
        """Takes one message of the chat's send budget if it is there now, without waiting.

        On PostgreSQL the budget is shared through the database (`wait_for_budget`): False.
        """
        if not self.rate_limited:
            return True
        if self.shared:
            return False
        group = self._group_limiter(chat_id)
        if not self._overall.has_capacity() or (group is not None and not group.has_capacity()):
            return False
        # Both have room: neither acquire waits, so nothing else runs between them.
        if group is not None:
            await group.acquire()
        await self._overall.acquire()
        return True

    async def wait_for_budget(self, chat_id: int) -> None:
        """Waits until Telegram's caps allow one more message to the chat (groups: 20/min)."""
        if not self.rate_limited:
            return
        in_group = chat_id < 0
        if not self.shared:
            if (group := self._group_limiter(chat_id)) is not None:
                await group.acquire()
            await self._overall.acquire()
            return
        buckets = [Bucket("global", OVERALL_RATE_PER_SECOND, OVERALL_RATE_PER_SECOND)]
        if in_group:
            rate = GROUP_RATE_PER_MINUTE / 60
            buckets.append(Bucket(f"chat:{chat_id}", rate, GROUP_RATE_PER_MINUTE))
        for _ in range(10_000):  # bounded: at 19/min a group waits minutes at worst
            async with self.writing() as session:
                wait = await draw(session, tuple(buckets), time.time())
            if wait <= 0:
                return
            await asyncio.sleep(min(wait, 5.0))


__all__ = [
    "Delivery",
    "RetryLater",
    "SendTaker",
    "Unit",
    "current_unit",
    "outgoing_for",
    "repeat_of",
]
