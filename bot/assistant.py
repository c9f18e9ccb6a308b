"""The application layer both front ends call: one transaction per event, versioned sessions."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

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
from bot.startup import open_knowledge
from bot.store.db import Database
from bot.store.sessions import SessionStore, StaleSession
from bot.store.suppliers import SupplierStore

if TYPE_CHECKING:
    from bot.admin_service import AdminService

logger = logging.getLogger(__name__)

# How often an instance asks whether another instance (same database) changed the knowledge base.
_KB_CHECK_SECONDS = 30.0
# A lost race on one session is retried (with the row locked, only a racing first save can
# lose); this many in a row means something else is wrong.
_SAVE_ATTEMPTS = 5

# Deep-link payload of "continue in private": t.me allows [A-Za-z0-9_-], at most 64 characters.
_FROM_GROUP = re.compile(r"^g(-\d{1,20})_(\d{1,12})$")

_SORRY = "Sorry, something went wrong on my side. Your answers are kept; please try again."


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
        kb_fingerprint: tuple[object, ...] | None = None,
    ) -> None:
        self.settings = settings
        self.db = db
        self.taxonomy = taxonomy
        self._clock = clock or (lambda: datetime.now(UTC))
        self._kb = KnowledgeView(index=SearchIndex.build(suppliers, taxonomy), taxonomy=taxonomy)
        self._refresh_lock = asyncio.Lock()
        self._charts = ChartPool()
        self._kb_check_seconds = kb_check_seconds
        self._kb_fingerprint = kb_fingerprint
        self._kb_checked = time.monotonic()
        self.admin_service: AdminService | None = self._build_admin_service()

    def _build_admin_service(self) -> AdminService | None:
        """Returns the admin service when the admin module is installed."""
        try:
            from bot.admin_service import AdminService
        except ImportError:  # admin commands are an optional layer of the same package
            return None
        return AdminService(
            self.db, self.settings.admin_ids, self.refresh_index, self.taxonomy, self._clock
        )

    @property
    def index(self) -> SearchIndex:
        """Returns the search index in use now."""
        return self._kb.index

    def is_admin(self, user_id: int) -> bool:
        """Returns whether the user may change the knowledge base (ADMIN_IDS)."""
        return user_id in self.settings.admin_ids

    async def refresh_index(self) -> None:
        """Rebuilds the search index from the store and swaps it in atomically."""
        async with self._refresh_lock:
            async with self.db.sessions() as session:
                store = SupplierStore(session)
                suppliers = await store.all()
                fingerprint = await store.fingerprint()
            index = await asyncio.to_thread(SearchIndex.build, suppliers, self.taxonomy)
            self._kb = KnowledgeView(index=index, taxonomy=self.taxonomy)
            self._kb_fingerprint = fingerprint
            logger.info("search index rebuilt with %d suppliers", len(index))

    async def has_session(self, key: SessionKey) -> bool:
        """Returns whether a stored conversation exists for the key."""
        async with self.db.sessions() as session:
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
        await self._follow_knowledge_changes()
        source = _group_to_continue(key, event)
        if source is not None:
            event = Command("resume")
        if ctx.in_group:
            ctx = dataclasses.replace(ctx, private_payload=f"g{key.chat_id}_{key.thread_id or 0}")
        try:
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
        """Rebuilds the index when another instance changed the knowledge base (checked rarely)."""
        now = time.monotonic()
        if now - self._kb_checked < self._kb_check_seconds:
            return
        self._kb_checked = now
        try:
            async with self.db.sessions() as session:
                fingerprint = await SupplierStore(session).fingerprint()
            if fingerprint != self._kb_fingerprint:
                logger.info("the knowledge base changed elsewhere; rebuilding the search index")
                await self.refresh_index()
        except Exception:  # a failed check must not cost the founder an answer
            logger.exception("could not check the knowledge base for changes")

    async def _step_and_save(
        self, key: SessionKey, event: Event, *, continue_from: SessionKey | None = None
    ) -> Sequence[Message]:
        """Runs one dialog step in one transaction; re-runs it when another update won the race.

        `continue_from` (the founder's own session in a group) replaces the state first, keeping
        this chat's history: "continue in private" carries the group conversation over.
        """
        today = self._clock().date()
        for attempt in range(1, _SAVE_ATTEMPTS + 1):
            try:
                async with self.db.sessions.begin() as session:
                    store = SessionStore(session)
                    stored = await store.load(key, for_update=True)
                    state = DialogState.from_dict(stored.state) if stored else DialogState.new()
                    group = await store.load(continue_from) if continue_from else None
                    if group is not None:
                        carried = DialogState.from_dict(group.state)
                        history = (*state.history, *carried.history)[-HISTORY_LIMIT:]
                        state = dataclasses.replace(carried, history=history)
                    turn = step(state, event, self._kb, today)
                    await store.save(key, turn.state.to_dict(), stored.version if stored else None)
                return turn.messages
            except StaleSession:
                logger.info("session %s changed under us (attempt %d); re-running", key, attempt)
        raise RuntimeError(f"session {key} kept changing; gave up after {_SAVE_ATTEMPTS} tries")

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
        self._charts.close()
        await self.db.dispose()


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
    db, suppliers, taxonomy = await open_knowledge(settings, seed_if_empty=seed)
    try:
        async with db.sessions() as session:
            fingerprint = await SupplierStore(session).fingerprint()
    except BaseException:
        await db.dispose()
        raise
    return Assistant(settings, db, taxonomy, suppliers, kb_fingerprint=fingerprint)
