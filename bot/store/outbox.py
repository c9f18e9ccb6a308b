"""The outbox: replies written in the transaction that produced them, sent afterwards.

A chat's messages go out in id order: a row is due only when every earlier row of its chat is
settled (sent, unknown or failed). Claiming a row (pending -> claimed) is a conditional UPDATE,
so two instances never send the same row; the sender marks it sending (claimed -> sending) just
before the request leaves. A claimed row whose sender died never went out and is sent again; a
sending one may have arrived and never is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    Select,
    Table,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    union_all,
    update,
)

from bot.store.db import Executor
from bot.store.models import OutboxRow, utcnow
from bot.store.updates import FounderKey

PENDING, CLAIMED, SENDING = "pending", "claimed", "sending"
SENT, UNKNOWN, FAILED = "sent", "unknown", "failed"
ANSWER, APOLOGY, NOTICE = "answer", "apology", "notice"
CHART = "chart"
_OPEN = (PENDING, CLAIMED, SENDING)
# /last looks this many answers back for one that may not have arrived.
_LAST_LOOKBACK = 3


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message to write to the outbox (kind: text, photo, document or chart)."""

    key: FounderKey
    kind: str
    body: dict[str, Any]
    data: bytes | None = None
    update_id: int | None = None
    role: str = ANSWER


@dataclass(frozen=True, slots=True)
class OutboxItem:
    """A stored outbox row, as the sender needs it."""

    id: int
    key: FounderKey
    kind: str
    body: dict[str, Any]
    data: bytes | None
    update_id: int | None
    role: str
    status: str
    attempts: int
    next_attempt_at: datetime = field(compare=False)


def _aware(moment: datetime) -> datetime:
    """Returns the moment in UTC (SQLite hands back the UTC it stored without its zone)."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _item(row: Any) -> OutboxItem:
    """Returns the value of a row."""
    return OutboxItem(
        id=row.id,
        key=FounderKey(row.chat_id, row.user_id, row.thread_id),
        kind=row.kind,
        body=dict(row.body),
        data=row.data,
        update_id=row.update_id,
        role=row.role,
        status=row.status,
        attempts=row.attempts,
        next_attempt_at=_aware(row.next_attempt_at),
    )


# The sender's and the step's statements, built once on the table (Core, not the ORM): SQLAlchemy
# reuses their compiled form and cache key instead of rebuilding both every round.
_T = cast(Table, OutboxRow.__table__)
_ITEM_COLUMNS = (
    _T.c.id,
    _T.c.chat_id,
    _T.c.user_id,
    _T.c.thread_id,
    _T.c.kind,
    _T.c.body,
    _T.c.data,
    _T.c.update_id,
    _T.c.role,
    _T.c.status,
    _T.c.attempts,
    _T.c.next_attempt_at,
)
_ADD = insert(_T).returning(_T.c.id, sort_by_parameter_order=True)
_UNDRAWN = ~and_(_T.c.kind == CHART, _T.c.data.is_(None))
_EARLIER = _T.alias("earlier")
# A row is its chat's head when no earlier row of that chat is still open (an undrawn chart waits).
_NOTHING_EARLIER_OPEN = ~exists().where(
    _EARLIER.c.chat_id == _T.c.chat_id,
    _EARLIER.c.id < _T.c.id,
    _EARLIER.c.status.in_(_OPEN),
    ~and_(_EARLIER.c.kind == CHART, _EARLIER.c.data.is_(None)),
)
_HEADS = (
    select(*_ITEM_COLUMNS)
    .where(
        _T.c.status == PENDING,
        _T.c.next_attempt_at <= bindparam("now"),
        _UNDRAWN,
        _NOTHING_EARLIER_OPEN,
    )
    .order_by(_T.c.id)
    .limit(bindparam("n"))
)


# A chart to draw that no sender took for drawing lately (see claim_drawing).
_DRAWABLE = (
    _T.c.status == PENDING,
    _T.c.kind == CHART,
    _T.c.data.is_(None),
    or_(_T.c.claimed_at.is_(None), _T.c.claimed_at < bindparam("stale")),
)


def _to_draw(limit: str) -> Select[Any]:
    """Returns the query of charts still to be drawn, oldest first, `limit` bound by name."""
    return select(*_ITEM_COLUMNS).where(*_DRAWABLE).order_by(_T.c.id).limit(bindparam(limit))


_TO_DRAW = _to_draw("n")
# A sender round's one read: the due heads (limit n), then the charts to draw (limit d).
_ROUND = union_all(select(_HEADS.subquery("heads")), select(_to_draw("d").subquery("to_draw")))
_CLAIM = (
    update(_T)
    .where(_T.c.id.in_(bindparam("ids", expanding=True)), _T.c.status == PENDING)
    .values(status=CLAIMED, claimed_at=bindparam("now"), attempts=_T.c.attempts + 1)
    .returning(_T.c.id)
)
# Claimed and going out at once (the send budget allows it now): one commit instead of two.
_CLAIM_SENDING = (
    update(_T)
    .where(_T.c.id.in_(bindparam("ids", expanding=True)), _T.c.status == PENDING)
    .values(status=SENDING, claimed_at=bindparam("now"), attempts=_T.c.attempts + 1)
    .returning(_T.c.id)
)
# A founder's new answer whose first row is its chat's head (nothing earlier still open): taken
# by this process's sender in the transaction that wrote it (Delivery.claim_for_sender), so no
# sender round of its own claims it.
_HEAD_OF_CHAT = (
    _T.c.id == bindparam("item_id"),
    _T.c.status == PENDING,
    _UNDRAWN,
    _NOTHING_EARLIER_OPEN,
)
_TAKE_HEAD = {
    going: update(_T)
    .where(*_HEAD_OF_CHAT)
    .values(
        status=SENDING if going else CLAIMED,
        claimed_at=bindparam("now"),
        attempts=_T.c.attempts + 1,
    )
    .returning(*_ITEM_COLUMNS)
    for going in (True, False)
}
_START = (
    update(_T)
    .where(_T.c.id == bindparam("item_id"), _T.c.status == CLAIMED)
    .values(status=SENDING, claimed_at=bindparam("now"))
)
_CLAIM_DRAWING = (
    update(_T)
    .where(_T.c.id.in_(bindparam("ids", expanding=True)), *_DRAWABLE)
    .values(claimed_at=bindparam("now"))
    .returning(_T.c.id)
)
_SENT = (
    update(_T)
    .where(_T.c.id == bindparam("item_id"))
    .values(status=SENT, message_id=bindparam("mid"), sent_at=bindparam("now"))
)

_UNNOTICED = (_T.c.status == UNKNOWN, _T.c.role == ANSWER, _T.c.noticed.is_(False))
_TAKE_UNNOTICED = (
    update(_T)
    .where(
        _T.c.chat_id == bindparam("k_chat"),
        _T.c.user_id == bindparam("k_user"),
        _T.c.thread_id == bindparam("k_thread"),
        *_UNNOTICED,
    )
    .values(noticed=True)
)


class OutboxStore:
    """The outbox table; the caller owns the transaction."""

    def __init__(self, session: Executor) -> None:
        self.session = session

    async def add(self, messages: Sequence[Outgoing]) -> list[int]:
        """Writes messages in order (one INSERT for all); returns their ids."""
        if not messages:
            return []
        now = utcnow()
        rows = [
            {
                "update_id": message.update_id,
                "chat_id": message.key.chat_id,
                "user_id": message.key.user_id,
                "thread_id": message.key.thread_id,
                "kind": message.kind,
                "body": message.body,
                "data": message.data,
                "role": message.role,
                "status": PENDING,
                "attempts": 0,
                "next_attempt_at": now,
                "noticed": False,
                "created_at": now,
            }
            for message in messages
        ]
        result = await self.session.execute(_ADD, rows)
        return [int(row[0]) for row in result]

    async def heads(self, now: datetime, limit: int = 100) -> list[OutboxItem]:
        """Returns, per chat, the first unsettled row when it is due now (oldest chats first).

        A chart still to be drawn neither goes nor holds up what follows it: drawing can take
        seconds under load, and the founder's next answers should not wait for a picture.
        """
        result = await self.session.execute(_HEADS, {"now": now, "n": limit})
        return [_item(row) for row in result]

    async def round_rows(
        self, now: datetime, heads: int, draw: int
    ) -> tuple[list[OutboxItem], list[OutboxItem]]:
        """Returns `heads(now, heads)` and `undrawn(draw)`, read in one statement."""
        params = {"now": now, "n": heads, "d": draw, "stale": now - DRAWING_CLAIM}
        result = await self.session.execute(_ROUND, params)
        items = [_item(row) for row in result]
        due = [i for i in items if i.kind != CHART or i.data is not None]
        return due, [i for i in items if i.kind == CHART and i.data is None]

    async def undrawn(self, limit: int = 20) -> list[OutboxItem]:
        """Returns chart rows whose picture is still to be drawn, oldest first."""
        result = await self.session.execute(
            _TO_DRAW, {"n": limit, "stale": utcnow() - DRAWING_CLAIM}
        )
        return [_item(row) for row in result]

    async def claim_drawing(self, item_ids: Sequence[int]) -> set[int]:
        """Takes charts to draw for this sender; returns those it got.

        Several instances list the same charts to draw; the one whose claim commits draws it
        (a chart's drawing costs a worker a few hundred ms). A claim older than DRAWING_CLAIM
        belonged to a sender that died: the chart is drawn again.
        """
        if not item_ids:
            return set()
        now = utcnow()
        params = {"ids": list(item_ids), "now": now, "stale": now - DRAWING_CLAIM}
        result = await self.session.execute(_CLAIM_DRAWING, params)
        return {int(row[0]) for row in result}

    async def head_of(self, chat_id: int) -> OutboxItem | None:
        """Returns the chat's first unsettled row (pending or being sent), or None."""
        row = await self.session.scalar(
            select(OutboxRow)
            .where(OutboxRow.chat_id == chat_id, OutboxRow.status.in_(_OPEN))
            .order_by(OutboxRow.id)
            .limit(1)
        )
        return _item(row) if row is not None else None

    async def next_due(self) -> datetime | None:
        """Returns when the earliest pending row falls due, or None when none is pending."""
        due = await self.session.scalar(
            select(func.min(OutboxRow.next_attempt_at)).where(OutboxRow.status == PENDING)
        )
        return _aware(due) if due is not None else None

    async def claim(self, item_id: int) -> bool:
        """Claims a pending row for this sender; False when another sender took it first."""
        return item_id in await self.claim_many([item_id])

    async def take_head(self, item_id: int, *, sending: bool) -> OutboxItem | None:
        """Claims a row just written when it is its chat's head (every earlier row of the chat
        settled, or a chart still to draw); returns it claimed, None when it must wait.

        `sending` claims it as going out now (its send budget is there), as `claim_many`.
        """
        result = await self.session.execute(
            _TAKE_HEAD[sending], {"item_id": item_id, "now": utcnow()}
        )
        row = result.first()
        return _item(row) if row is not None else None

    async def start_sending(self, item_id: int) -> bool:
        """Marks a claimed row as going out now; False when it is no longer this sender's."""
        result = await self.session.execute(_START, {"item_id": item_id, "now": utcnow()})
        return bool(result.rowcount == 1)  # type: ignore[attr-defined]

    async def claim_many(self, item_ids: Sequence[int], *, sending: bool = False) -> set[int]:
        """Claims pending rows in one statement; returns the ids this sender got.

        `sending` marks them as going out now as well (claimed -> sending in the same
        commit), for rows whose request leaves as soon as the transaction commits.
        """
        if not item_ids:
            return set()
        statement = _CLAIM_SENDING if sending else _CLAIM
        result = await self.session.execute(statement, {"ids": list(item_ids), "now": utcnow()})
        return {int(row[0]) for row in result}

    async def sent_many(self, sent: Sequence[tuple[int, int | None]]) -> None:
        """Records delivered rows (id, Telegram's message_id) in one statement."""
        if not sent:
            return
        now = utcnow()
        await self.session.execute(
            _SENT, [{"item_id": item_id, "mid": mid, "now": now} for item_id, mid in sent]
        )

    async def settle(
        self, item_id: int, status: str, *, message_id: int | None = None, error: str | None = None
    ) -> None:
        """Records how a send ended: sent, unknown (may have arrived) or failed (refused)."""
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id)
            .values(
                status=status,
                message_id=message_id,
                error=error[:500] if error else None,
                sent_at=utcnow() if status == SENT else None,
            )
            .execution_options(synchronize_session=False)
        )

    async def retry_at(self, item_id: int, when: datetime, error: str) -> None:
        """Puts a row back to pending, due again at `when` (the send did not reach Telegram)."""
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id)
            .values(status=PENDING, next_attempt_at=when, claimed_at=None, error=error[:500])
            .execution_options(synchronize_session=False)
        )

    async def set_data(self, item_id: int, data: bytes) -> None:
        """Stores the bytes of a row drawn late (a chart), so a retry sends the same picture."""
        await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.id == item_id)
            .values(data=data)
            .execution_options(synchronize_session=False)
        )

    async def abandon_stale_claims(self, claimed_before: datetime) -> tuple[int, int]:
        """Settles the rows of a sender that died: claimed ones never went out and are sent
        again; sending ones may have arrived, so they become unknown and are not resent.
        Returns (released, abandoned)."""
        stale = OutboxRow.claimed_at < claimed_before
        released = await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.status == CLAIMED, stale)
            .values(status=PENDING, claimed_at=None)
            .execution_options(synchronize_session=False)
        )
        abandoned = await self.session.execute(
            update(OutboxRow)
            .where(OutboxRow.status == SENDING, stale)
            .values(status=UNKNOWN, error="the sender stopped while sending")
            .execution_options(synchronize_session=False)
        )
        return (
            int(released.rowcount or 0),  # type: ignore[attr-defined]
            int(abandoned.rowcount or 0),  # type: ignore[attr-defined]
        )

    async def last_answer(self, key: FounderKey, before_update: int | None) -> list[OutboxItem]:
        """Returns the answer /last shows again (its rows, oldest first).

        That is the latest of the founder's last few answers that may not have arrived (a send
        without a reply), else simply the latest answer.
        """
        mine = (
            OutboxRow.chat_id == key.chat_id,
            OutboxRow.user_id == key.user_id,
            OutboxRow.thread_id == key.thread_id,
            OutboxRow.role == ANSWER,
            OutboxRow.update_id.is_not(None),
        )
        query = select(OutboxRow.update_id, func.max(OutboxRow.id).label("last_id"))
        query = query.where(*mine).group_by(OutboxRow.update_id)
        if before_update is not None:
            query = query.where(OutboxRow.update_id < before_update)
        recent = [
            row.update_id
            for row in await self.session.execute(
                query.order_by(func.max(OutboxRow.id).desc()).limit(_LAST_LOOKBACK)
            )
        ]
        if not recent:
            return []
        uncertain = await self.session.scalars(
            select(OutboxRow.update_id).where(
                *mine, OutboxRow.update_id.in_(recent), OutboxRow.status == UNKNOWN
            )
        )
        doubtful = set(uncertain)
        chosen = next((u for u in recent if u in doubtful), recent[0])
        rows = await self.session.scalars(
            select(OutboxRow).where(*mine, OutboxRow.update_id == chosen).order_by(OutboxRow.id)
        )
        return [_item(row) for row in rows]

    async def take_unnoticed_unknown(self, key: FounderKey) -> bool:
        """Returns whether some answer to the founder may not have arrived, and forgets it.

        The founder is told once (with their next answer) that /last shows it again.
        """
        founder = {"k_chat": key.chat_id, "k_user": key.user_id, "k_thread": key.thread_id}
        result = await self.session.execute(_TAKE_UNNOTICED, founder)
        return bool(result.rowcount)  # type: ignore[attr-defined]

    async def unnoticed_chats(self) -> set[int]:
        """Returns the chats with an answer that may not have arrived and was not mentioned."""
        found = await self.session.scalars(select(_T.c.chat_id).distinct().where(*_UNNOTICED))
        return set(found)

    async def has_apology(self, update_id: int | None, chat_id: int) -> bool:
        """Returns whether an apology was already written for the update's answer."""
        found = await self.session.scalar(
            select(OutboxRow.id)
            .where(
                OutboxRow.chat_id == chat_id,
                OutboxRow.update_id == update_id,
                OutboxRow.role == APOLOGY,
            )
            .limit(1)
        )
        return found is not None

    async def counts(self) -> dict[str, int]:
        """Returns how many rows are in each status (for logs, tests and benchmarks)."""
        result = await self.session.execute(
            select(OutboxRow.status, func.count()).group_by(OutboxRow.status)
        )
        return {str(row[0]): int(row[1]) for row in result}

    async def prune(self, settled_before: datetime) -> int:
        """Forgets settled rows older than the moment."""
        result = await self.session.execute(
            delete(OutboxRow)
            .where(OutboxRow.status.not_in(_OPEN), OutboxRow.created_at < settled_before)
            .execution_options(synchronize_session=False)
        )
        return int(result.rowcount or 0)  # type: ignore[attr-defined]


# A chart taken for drawing and still without its picture after this long is drawn again.
DRAWING_CLAIM = timedelta(seconds=30)
# Settled rows are kept this long (for /last and for looking into what happened).
KEEP_SETTLED = timedelta(days=7)

__all__ = [
    "ANSWER",
    "APOLOGY",
    "CLAIMED",
    "FAILED",
    "KEEP_SETTLED",
    "NOTICE",
    "PENDING",
    "SENDING",
    "SENT",
    "UNKNOWN",
    "OutboxItem",
    "OutboxStore",
    "Outgoing",
]
