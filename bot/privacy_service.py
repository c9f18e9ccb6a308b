"""A founder's data under their control: /privacy, /mydata, /forget, and the retention purge.

The handlers (bot/telegram/privacy.py) only route; the texts are bot/core/conversation/
privacy_text.py; the tables are bot/store/privacy.py.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.conversation import privacy_text as texts
from bot.core.markup import Plain, Reply
from bot.core.types import Attachment, Command, Event, Press
from bot.store.db import Database
from bot.store.outbox import KEEP_SETTLED, OutboxStore
from bot.store.privacy import delete_founder, export_founder, purge_idle_sessions
from bot.store.updates import KEEP_HANDLED, UpdateStore

logger = logging.getLogger(__name__)

# The purge runs on start and then this often (`run`).
PURGE_EVERY = timedelta(days=1)
EXPORT_FORMAT = "smallbatch-mydata-1"


class PrivacyService:
    """Export, deletion and retention of founders' data on one database."""

    def __init__(
        self,
        db: Database,
        retention_days: int,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.db = db
        self.retention_days = retention_days
        self._clock = clock or (lambda: datetime.now(UTC))

    def retention(self) -> texts.Retention:
        """Returns how long each kind of data is kept."""
        return texts.Retention(
            sessions_idle_days=self.retention_days,
            handled_updates_days=KEEP_HANDLED.days,
            sent_replies_days=KEEP_SETTLED.days,
        )

    async def answer(self, user_id: int, event: Event, *, in_group: bool) -> list[Reply] | None:
        """Returns the replies to a privacy command or button, None for any other event.

        The console goes through here; Telegram's handlers (bot/telegram/privacy.py) call the
        same methods but send the file and the outcome directly, outside the outbox.
        """
        if isinstance(event, Command) and event.name in ("privacy", "forget", "mydata"):
            return [await self._command(user_id, event.name, in_group=in_group)]
        if isinstance(event, Press) and event.action in (texts.FORGET, texts.MYDATA):
            return [await self._press(user_id, event) if not in_group else self.describe()]
        return None

    async def _command(self, user_id: int, name: str, *, in_group: bool) -> Reply:
        if name == "privacy":
            return self.describe()
        if in_group:
            return texts.private_only(name)
        if name == "forget":
            return texts.forget_question()
        return await self.export_reply(user_id)

    async def _press(self, user_id: int, press: Press) -> Reply:
        if press.action == texts.MYDATA:
            return await self.export_reply(user_id)
        if press.arg == texts.FORGET_YES:
            return await self.forget_reply(user_id)
        return texts.kept()

    def describe(self) -> Reply:
        """Returns /privacy."""
        return texts.privacy_text(self.retention())

    async def export_reply(self, user_id: int) -> Reply:
        """Returns /mydata's reply: the file, or why there is none (nothing changed)."""
        try:
            return await self.export(user_id)
        except (DBAPIError, OSError) as exc:
            logger.warning("export for user %d failed: %s", user_id, exc)
            return texts.unavailable()

    async def forget_reply(self, user_id: int) -> Reply:
        """Returns /forget's outcome once it is done, or why nothing was deleted."""
        try:
            counts = await self.forget(user_id)
        except (DBAPIError, OSError) as exc:
            logger.warning("forget for user %d failed: %s", user_id, exc)
            return texts.unavailable()
        return texts.forgotten(counts)

    async def export(self, user_id: int) -> Reply:
        """Returns /mydata: everything of the founder's as one JSON document."""
        async with self.db.readers() as session:
            tables = await export_founder(session, user_id)
        document = {
            "format": EXPORT_FORMAT,
            "user_id": user_id,
            "exported_at": self._clock().isoformat(),
            "retention_days": self.retention_days,
            "tables": tables,
        }
        data = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True).encode()
        counts = {name: len(rows) for name, rows in tables.items()}
        caption = texts.mydata_caption(counts)
        attachment = Attachment(f"smallbatch-data-{user_id}.json", data, caption, "document")
        return Reply(Plain(""), attachments=(attachment,))

    async def forget(self, user_id: int) -> dict[str, int]:
        """Deletes everything of the founder's in one transaction; returns the count per table."""

        async def work(session: AsyncSession) -> dict[str, int]:
            return await delete_founder(session, user_id)

        counts = await self.db.unit_of_work(work)
        # Ids only: the log must not keep what the founder asked to delete.
        logger.info("forgot user %d: %s", user_id, counts)
        return counts

    async def purge(self) -> int:
        """Deletes conversations idle for longer than the retention; returns how many.

        Handled updates and settled replies past their keeping time go too (the sender prunes
        them only when it starts), so /privacy's promise holds for a bot that runs for months.
        """
        now = self._clock()
        idle_since = now - timedelta(days=self.retention_days)

        async def work(session: AsyncSession) -> tuple[int, int, int]:
            return (
                await purge_idle_sessions(session, idle_since),
                await UpdateStore(session).prune(now - KEEP_HANDLED),
                await OutboxStore(session).prune(now - KEEP_SETTLED),
            )

        purged, updates, replies = await self.db.unit_of_work(work)
        logger.info(
            "retention: deleted %d conversations idle since %s, %d updates, %d replies",
            purged,
            idle_since.date(),
            updates,
            replies,
        )
        return purged

    async def purge_daily(self) -> None:
        """Purges now and then once a day until cancelled; a failure waits for the next day."""
        while True:
            try:
                await self.purge()
            except Exception:  # the database may be away; founders' turns go on
                logger.exception("retention purge failed; trying again in a day")
            await asyncio.sleep(PURGE_EVERY.total_seconds())


__all__ = ["EXPORT_FORMAT", "PURGE_EVERY", "PrivacyService"]
