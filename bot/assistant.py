"""The application layer both front ends call: one transaction per event, versioned sessions."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
import gc
import itertools
import logging
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.chart_pool import ChartPool
from bot.config import Settings
from bot.core.conversation.dialog import HISTORY_LIMIT, DialogState, KnowledgeView, charts_in, step
from bot.core.conversation.messages import Message
from bot.core.conversation.render import render
from bot.core.markup import Plain, Reply, lines
from bot.core.search.matching import SearchIndex
from bot.core.types import (
    Attachment,
    ChartData,
    Command,
    Event,
    ReplyContext,
    SessionKey,
    Supplier,
    Taxonomy,
)
from bot.delivery import Delivery, current_unit, outgoing_for, repeat_of
from bot.privacy_service import PrivacyService
from bot.quote_service import QuoteService, load_price_lists, shipped_rates
from bot.startup import open_snapshot
from bot.store.db import Database
from bot.store.outbox import NOTICE, OutboxItem, OutboxStore
from bot.store.sessions import SessionStore, StaleSession
from bot.store.suppliers import SupplierStore
from bot.store.updates import FounderKey, UpdateStore
from bot.warmup import START_AFTER_SECONDS, warm_up

if TYPE_CHECKING:
    from bot.admin_service import AdminService

logger = logging.getLogger(__name__)
T = TypeVar("T")

# How often an instance asks whether another instance (same database) changed the knowledge base.
_KB_CHECK_SECONDS = 10.0
# Each sync re-reads the changes stamped this long before the latest it saw: a change stamped
# earlier can commit later (a long import, another instance's clock). Re-read changes already
# applied are skipped by their stamp.
SYNC_OVERLAP = timedelta(seconds=120)
# Seconds of index changes applied before other chats get the event loop again (a change
# costs 0.1-0.5 ms, more on a busy machine: a count of them would hold the loop for longer).
_APPLY_SLICE_SECONDS = 0.003
# Between slices a sync waits while founders' turns are in flight, this long at most (under
# turns that never pause it still moves: a slice per wait). A turn then waits for one slice
# at most, at its start, not for one at each of its database round trips.
_YIELD_TO_TURNS_SECONDS = 0.1
# A sync that changed this many suppliers moves their objects out of the cyclic collector's
# reach, as the start does with the whole base (a large import's 10,000 are a few hundred
# thousand objects, which each full collection would walk again).
_FREEZE_AFTER = 1000
# Changed suppliers read per query when following changes (a large import's 10,000 come in
# pieces: each piece's rows are turned into suppliers on the loop as they arrive, whether a
# turn is in flight or not: 50 rows are ~2 ms of CPU, 100 held the loop 11 ms on a busy machine).
_FOLLOW_CHUNK = 50
# A lost race on one session is retried (with the row locked, only a racing first save can
# lose); this many in a row means something else is wrong.
_SAVE_ATTEMPTS = 5

# Deep-link payload of "continue in private": t.me allows [A-Za-z0-9_-], at most 64 characters.
_FROM_GROUP = re.compile(r"^g(-\d{1,20})_(\d{1,12})$")

_SORRY = "Sorry, something went wrong on my side. Your answers are kept; please try again."
# Said once, with the next answer, after a send whose arrival could not be confirmed.
_MAYBE_MISSED = "An earlier answer of mine may not have reached you; /last shows it again."
_NOTHING_YET = "There is no earlier answer to show yet. Send /start to begin."
LAST_COMMAND = "last"


class Assistant:
    """Holds the database, the current search index and the admin service for the front ends."""

    def __init__(
        self,
        settings: Settings,
        db: Database,
        taxonomy: Taxonomy,
        suppliers: Sequence[Supplier],
        clock: Callable[[], datetime] | None = None,
        *,
        kb_check_seconds: float = _KB_CHECK_SECONDS,
        kb_watermark: datetime | None = None,
        kb_applied: Mapping[int, datetime] | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.taxonomy = taxonomy
        self._clock = clock or (lambda: datetime.now(UTC))
        self._kb = KnowledgeView(
            index=SearchIndex.build(suppliers, taxonomy),
            taxonomy=taxonomy,
            price_lists=load_price_lists(settings.knowledge_dir),
            rates=shipped_rates(settings.knowledge_dir),
        )
        # The index and suppliers are millions of long-lived objects: left to the cyclic
        # collector, each full collection walks them all (about a second at 100,000
        # suppliers, every chat stalled meanwhile). Frozen, only newer objects are walked. (No
        # collection first: at this point it found nothing to free and cost ~50 ms of start-up.)
        gc.freeze()
        gc.enable()  # `smallbatch run` starts with it off (bot/cli/run.py)
        self._refresh_lock = asyncio.Lock()
        self._charts = ChartPool()
        self._kb_check_seconds = kb_check_seconds
        # the latest change to the knowledge base the index holds (None: all of it, unknown)
        self._kb_watermark = kb_watermark
        # supplier id -> stamp of the change applied (`kb_applied`: those the suppliers given
        # hold already, SupplierStore.snapshot; without them the first sync reads again every
        # supplier changed within SYNC_OVERLAP of the watermark)
        self._applied: dict[int, datetime] = dict(kb_applied or {})
        self._kb_checked = time.monotonic()
        # founders' turns being handled now; a sync applies its slices between them
        self._turns = 0
        self._no_turns = asyncio.Event()
        self._no_turns.set()
        self._follower: asyncio.Task[None] | None = None
        self._warming: asyncio.Task[None] | None = None
        self.delivery = Delivery(db, rate_limited=settings.rate_limiter)
        self.admin_service: AdminService | None = self._build_admin_service()
        self.privacy = PrivacyService(db, settings.retention_days, self._clock)
        self.quote_service = QuoteService(
            db,
            settings.knowledge_dir,
            self._charts.draw_comparison,
            self.is_admin,
            reply_in=self.delivery.reply_in,
        )

    def _build_admin_service(self) -> AdminService | None:
        """Returns the admin service when the admin module is installed."""
        try:
            from bot.admin_service import AdminService
        except ImportError:  # admin commands are an optional layer of the same package
            return None
        return AdminService(
            self.db,
            self.settings.admin_ids,
            self.refresh_index,
            self.taxonomy,
            self._clock,
            reply_in=self.delivery.reply_in,
        )

    @property
    def index(self) -> SearchIndex:
        """Returns the search index in use now."""
        return self._kb.index

    def is_admin(self, user_id: int) -> bool:
        """Returns whether the user may change the knowledge base (ADMIN_IDS)."""
        return user_id in self.settings.admin_ids

    async def refresh_index(self, changed: Sequence[int] | None = None) -> None:
        """Brings the search index up to date with the store, in place: only the suppliers
        changed since the last sync (or the ones `changed` names: an admin's own change) are
        read and applied (no rebuild), a slice at a time so other chats' turns run between."""
        async with self._refresh_lock:
            watermark = self._kb_watermark
            since = None if watermark is None else watermark - SYNC_OVERLAP
            if changed is not None:
                since = None  # by id: an indexed lookup, not a scan of the changed times
            # a reader: on SQLite it takes no write lock, so no founder's turn waits for it
            async with self.db.readers() as session:
                store = SupplierStore(session)
                found = await store.changed_since(since, changed)
                changes = [c for c in found if self._applied.get(c[0]) != c[2]]
                removed = [supplier_id for supplier_id, deleted, _ in changes if deleted]
                live = [supplier_id for supplier_id, deleted, _ in changes if not deleted]
                applied = 0
                for start in range(0, len(live), _FOLLOW_CHUNK):
                    # read and applied a piece at a time: making a supplier from its row costs
                    # the loop as much as indexing it
                    if start:
                        await self._between_slices()
                    suppliers = await store.load(live[start : start + _FOLLOW_CHUNK])
                    applied += await self._apply(suppliers, (), after_turns=changed is None)
            applied += await self._apply((), removed, after_turns=changed is None)
            for supplier_id, _, stamp in changes:
                self._applied[supplier_id] = stamp
            if changed is None:  # only a full sync has seen every change up to the latest
                # read, those applied before (an admin's own, by id) too: left out, the
                # watermark stayed behind them and every sync read all of them again
                latest = max((stamp for _, _, stamp in found), default=None)
                if latest is not None and (watermark is None or latest > watermark):
                    watermark = latest
            moved = watermark != self._kb_watermark
            self._kb_watermark = watermark
            if watermark is not None and moved:  # older stamps are never re-read
                # (only when the watermark moved: after a large import this walks all of
                # its stamps, too long to do every few seconds for nothing)
                floor = watermark - SYNC_OVERLAP
                self._applied = {i: t for i, t in self._applied.items() if t >= floor}
            if applied:
                logger.info("search index: %d suppliers changed in place", applied)
            if applied >= _FREEZE_AFTER:
                gc.freeze()  # as at the start: the new suppliers' objects live on

    async def _apply(
        self, suppliers: Sequence[Supplier], removed: Sequence[int], *, after_turns: bool
    ) -> int:
        """Applies changes to the index in slices, yielding the loop between them.

        `after_turns`: the first slice too waits for the turns in flight (another instance's
        rows, read while a turn may have started; an admin's own change does not wait).
        """
        index = self._kb.index
        changes: Iterator[Callable[[], bool]] = itertools.chain(
            (functools.partial(index.upsert, supplier) for supplier in suppliers),
            (functools.partial(index.remove, supplier_id) for supplier_id in removed),
        )
        changed = 0
        if after_turns and self._turns:
            await self._between_slices()
        slice_ends = time.perf_counter() + _APPLY_SLICE_SECONDS
        for change in changes:
            changed += change()
            if time.perf_counter() >= slice_ends:
                await self._between_slices()
                slice_ends = time.perf_counter() + _APPLY_SLICE_SECONDS
        return changed

    async def _between_slices(self) -> None:
        """Hands the event loop back between two slices of a sync; while founders' turns are
        in flight, waits for them to end first (at most _YIELD_TO_TURNS_SECONDS)."""
        if not self._turns:
            await asyncio.sleep(0)
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._no_turns.wait(), _YIELD_TO_TURNS_SECONDS)

    @contextlib.contextmanager
    def _turn_in_flight(self) -> Iterator[None]:
        """Counts a founder's turn while it is handled (a sync applies changes between turns)."""
        self._turns += 1
        self._no_turns.clear()
        try:
            yield
        finally:
            self._turns -= 1
            if not self._turns:
                self._no_turns.set()

    def start_warm_up(self) -> None:
        """Pays the dialog's first-use costs in the background (bot/warmup.py)."""
        if self._warming is None:
            today = self._clock().date()
            warming = warm_up(self._kb, today, after=START_AFTER_SECONDS)
            self._warming = asyncio.create_task(warming, name="warm-up")

    async def warmed_up(self) -> None:
        """Waits for the warm-up, if one was started."""
        if self._warming is not None:
            await asyncio.shield(self._warming)

    async def index_synced(self) -> None:
        """Waits for a sync with other instances' changes started by a turn, if one runs."""
        if self._follower is not None:
            await asyncio.shield(self._follower)

    async def has_session(self, key: SessionKey) -> bool:
        """Returns whether a stored conversation exists for the key."""
        async with self.db.readers() as session:
            return await SessionStore(session).load(key) is not None

    async def handle(self, key: SessionKey, event: Event, ctx: ReplyContext) -> list[Reply]:
        """Returns the replies to one event, after storing the new dialog state."""
        replies: list[Reply] = []
        async for batch in self.handle_stream(key, event, ctx):
            replies.extend(batch)
        return replies

    async def handle_stream(
        self, key: SessionKey, event: Event, ctx: ReplyContext
    ) -> AsyncIterator[list[Reply]]:
        """Yields the text replies as soon as they are ready, then the charts (private chats)."""
        privacy = await self.privacy.answer(key.user_id, event, in_group=ctx.in_group)
        if privacy is not None:  # /privacy, /forget, /mydata (the console comes this way)
            yield privacy
            return
        await self._follow_knowledge_changes()
        source = _group_to_continue(key, event)
        if source is not None:
            event = Command("resume")
        if ctx.in_group:
            ctx = dataclasses.replace(ctx, private_payload=f"g{key.chat_id}_{key.thread_id or 0}")
        try:
            with self._turn_in_flight():
                messages = await self._step_and_save(key, event, continue_from=source)
            replies = render(messages, ctx)
            charts = charts_in(messages)
        except Exception:
            logger.exception("could not handle %r for %s", event, key)
            yield [Reply(lines(_SORRY))]
            return
        yield replies
        if charts and not ctx.in_group:
            drawn = await self._chart_replies(charts)
            if drawn:
                yield drawn

    async def _follow_knowledge_changes(self) -> None:
        """Starts applying other instances' changes in the background (checked every few
        seconds); the founder's turn does not wait for it."""
        now = time.monotonic()
        if now - self._kb_checked < self._kb_check_seconds:
            return
        if self._follower is not None and not self._follower.done():
            return
        self._kb_checked = now
        self._follower = asyncio.create_task(self._follow())

    async def _follow(self) -> None:
        """Applies other instances' changes; a failure is logged and retried next time."""
        try:
            await self.refresh_index()
            # Rates an admin loaded (here or on another instance) reach the chat's lists too.
            rates = await self.quote_service.rates()
            if rates != self._kb.rates:
                self._kb = dataclasses.replace(self._kb, rates=rates)
        except Exception:  # a failed check must not cost anyone an answer
            logger.exception("could not follow the knowledge base's changes")

    async def _step_and_save(
        self, key: SessionKey, event: Event, *, continue_from: SessionKey | None = None
    ) -> Sequence[Message]:
        """Runs one dialog step in one transaction; re-runs it when another update won the race."""

        async def once() -> Sequence[Message]:
            async with self.db.sessions.begin() as session:
                return await self._step_in(session, key, event, continue_from)

        return await _until_fresh(key, once)

    async def _step_in(
        self,
        session: AsyncSession,
        key: SessionKey,
        event: Event,
        continue_from: SessionKey | None,
    ) -> Sequence[Message]:
        """Loads the state, steps the dialog and saves it, inside the caller's transaction.

        `continue_from` (the founder's own session in a group) replaces the state first, keeping
        this chat's history: "continue in private" carries the group conversation over.
        """
        store = SessionStore(session)
        stored = await store.load(key, for_update=True)
        state = DialogState.from_dict(stored.state) if stored else DialogState.new()
        group = await store.load(continue_from) if continue_from else None
        if group is not None:
            carried = DialogState.from_dict(group.state)
            history = (*state.history, *carried.history)[-HISTORY_LIMIT:]
            state = dataclasses.replace(carried, history=history)
        turn = step(state, event, self._kb, self._clock().date())
        await store.save(key, turn.state.to_dict(), stored.version if stored else None)
        return turn.messages

    # ---------------------------------------------------------------------------------------
    # Durable answers: the step, its outbox rows and the update's "handled" commit together
    # ---------------------------------------------------------------------------------------

    async def answer(
        self,
        key: SessionKey,
        event: Event,
        ctx: ReplyContext,
        *,
        update_id: int,
        quote_message_id: int | None = None,
    ) -> list[Reply]:
        """Returns replies to send now, or [] when they went to the outbox (intake updates).

        An update the intake handles (bot/delivery.py) gets its dialog step, its replies in the
        outbox and its "handled" mark in one transaction: a crash before the commit leaves the
        update to be handled again, after it leaves the replies to be sent.
        """
        unit = current_unit()
        if unit is None or unit.update_id != update_id:
            return await self.handle(key, event, ctx)  # direct use (tests, other front ends)
        await self._follow_knowledge_changes()
        founder = FounderKey(key.chat_id, key.user_id, key.thread_id or 0)
        try:
            with self._turn_in_flight():
                handed_all = await self._answer_durably(
                    founder, key, event, ctx, update_id, quote_message_id
                )
        except (DBAPIError, OSError):
            logger.warning("database unavailable for update %d; it stays queued", update_id)
            unit.retry = True
            return []
        except Exception:
            logger.exception("could not handle %r for %s", event, key)
            await self.delivery.enqueue(
                founder,
                [Reply(lines(_SORRY))],
                update_id=update_id,
                quote_message_id=quote_message_id,
            )
            return []
        unit.handled = True
        if not handed_all:  # the sender's next round takes the rest
            self.delivery.notify(key.chat_id)
        return []

    async def _answer_durably(
        self,
        founder: FounderKey,
        key: SessionKey,
        event: Event,
        ctx: ReplyContext,
        update_id: int,
        quote: int | None,
    ) -> bool:
        """Steps the dialog and writes its replies to the outbox in one transaction; returns
        True when the sender took all of them from it (no round needed to claim them)."""
        source = _group_to_continue(key, event)
        if source is not None:
            event = Command("resume")
        if ctx.in_group:
            ctx = dataclasses.replace(ctx, private_payload=f"g{key.chat_id}_{key.thread_id or 0}")

        async def once() -> bool:
            if isinstance(event, Command) and event.name == LAST_COMMAND:
                await self._write_last(founder, update_id, quote)
                return False
            return await self._step_then_write(founder, key, event, ctx, update_id, quote, source)

        return await _until_fresh(key, once)

    async def _step_then_write(
        self,
        founder: FounderKey,
        key: SessionKey,
        event: Event,
        ctx: ReplyContext,
        update_id: int,
        quote: int | None,
        source: SessionKey | None,
    ) -> bool:
        """Commits the dialog step, its replies and "handled" in one transaction; returns True
        when the sender took every row written from it.

        The state is loaded in that transaction too (one round trip fewer per update). On SQLite
        the step then runs while this process holds the write lock; it is CPU work that would
        hold the event loop anyway, so no other founder could commit meanwhile.
        """

        async def work(connection: AsyncConnection) -> tuple[OutboxItem | None, int]:
            # Core statements only; returns the row claimed for the sender, and rows written
            if not await UpdateStore(connection).mark_handled(update_id):
                return None, 0  # handled already (by another instance, or before a restart)
            store = SessionStore(connection)
            stored = await store.load(key, for_update=True)
            state = DialogState.from_dict(stored.state) if stored else DialogState.new()
            if source is not None and (group := await store.load(source)) is not None:
                carried = DialogState.from_dict(group.state)
                history = (*state.history, *carried.history)[-HISTORY_LIMIT:]
                state = dataclasses.replace(carried, history=history)
            turn = step(state, event, self._kb, self._clock().date())
            replies = render(turn.messages, ctx)
            charts = () if ctx.in_group else tuple(charts_in(turn.messages))
            await store.save(key, turn.state.to_dict(), stored.version if stored else None)
            outbox = OutboxStore(connection)
            written: list[int] = []
            maybe_missed = self.delivery.may_have_unnoticed(founder.chat_id)
            if maybe_missed and await outbox.take_unnoticed_unknown(founder):
                notice = [Reply(lines(_MAYBE_MISSED))]
                written += await outbox.add(
                    outgoing_for(
                        founder, notice, update_id=update_id, quote_message_id=quote, role=NOTICE
                    )
                )
            written += await outbox.add(
                outgoing_for(
                    founder, replies, update_id=update_id, quote_message_id=quote, charts=charts
                )
            )
            taken = await self.delivery.claim_for_sender(outbox, founder.chat_id, written)
            return taken, len(written)

        taken, written = await self.delivery.run_core_write(work)
        if taken is None:
            return False
        # committed: it goes out now, without a round's claim
        self.delivery.hand_over(taken, alone=written == 1)
        return written == 1

    async def _write_last(self, founder: FounderKey, update_id: int, quote: int | None) -> None:
        """Writes /last's answer: the founder's last answer again (see OutboxStore.last_answer)."""

        async def work(session: AsyncSession) -> None:
            if not await UpdateStore(session).mark_handled(update_id):
                return
            outbox = OutboxStore(session)
            earlier = await outbox.last_answer(founder, before_update=update_id)
            await outbox.take_unnoticed_unknown(founder)
            if earlier:
                await outbox.add(repeat_of(earlier, update_id))
                return
            replies = [Reply(lines(_NOTHING_YET))]
            await outbox.add(
                outgoing_for(founder, replies, update_id=update_id, quote_message_id=quote)
            )

        await self.delivery.run_write(work)

    async def enqueue(
        self,
        key: SessionKey,
        replies: Sequence[Reply],
        *,
        update_id: int,
        quote_message_id: int | None,
    ) -> bool:
        """Writes replies made outside the dialog (admin commands) to the outbox.

        Returns False (nothing written) when `update_id` is not the intake's current update:
        the caller then sends directly.
        """
        unit = current_unit()
        if unit is None or unit.update_id != update_id:
            return False
        founder = FounderKey(key.chat_id, key.user_id, key.thread_id or 0)
        await self.delivery.enqueue(
            founder, replies, update_id=update_id, quote_message_id=quote_message_id
        )
        return True

    async def draw_chart(self, chart: ChartData) -> bytes:
        """Returns a chart as PNG (the sender draws outbox charts when it sends them)."""
        return await self._draw(chart)

    async def _chart_replies(self, charts: Sequence[ChartData]) -> list[Reply]:
        """Returns one photo reply per chart; a chart that fails to draw is logged and skipped."""
        out: list[Reply] = []
        for number, chart in enumerate(charts, start=1):
            try:
                png = await self._draw(chart)
            except Exception:
                logger.exception("chart %d could not be drawn", number)
                continue
            caption = chart.title or "Yearly cost by order quantity"
            out.append(
                Reply(
                    Plain(""),
                    attachments=(Attachment(f"chart-{number}.png", png, caption[:1000]),),
                )
            )
        return out

    async def _draw(self, chart: ChartData) -> bytes:
        """Returns the chart as PNG, drawn by the chart workers so the event loop keeps serving."""
        return await self._charts.draw(chart)

    async def close(self) -> None:
        """Releases the database connections and the chart worker."""
        for task in (self._follower, self._warming):
            if task is not None:
                task.cancel()
        self._charts.close()
        await self.db.dispose()


async def _until_fresh(key: SessionKey, work: Callable[[], Awaitable[T]]) -> T:
    """Runs one unit of dialog work, again when another update for the session won the race."""
    for attempt in range(1, _SAVE_ATTEMPTS + 1):
        try:
            return await work()
        except StaleSession:
            logger.info("session %s changed under us (attempt %d); re-running", key, attempt)
    raise RuntimeError(f"session {key} kept changing; gave up after {_SAVE_ATTEMPTS} tries")


def _group_to_continue(key: SessionKey, event: Event) -> SessionKey | None:
    """Returns the founder's group session a private `/start g<chat>_<thread>` asks to continue."""
    if not isinstance(event, Command) or event.name != "start" or key.chat_id != key.user_id:
        return None
    match = _FROM_GROUP.match(event.args.strip())
    if match is None:
        return None
    # Only the sender's own session in that group: the link cannot open someone else's.
    return SessionKey(int(match.group(1)), key.user_id, int(match.group(2)) or None)


async def build_assistant(settings: Settings, *, seed: bool = True) -> Assistant:
    """Returns an Assistant on an upgraded, seeded database with a fresh search index."""
    db, snapshot, taxonomy = await open_snapshot(settings, SYNC_OVERLAP, seed_if_empty=seed)
    return Assistant(
        settings,
        db,
        taxonomy,
        snapshot.suppliers,
        kb_watermark=snapshot.watermark,
        kb_applied=snapshot.stamps,
    )
