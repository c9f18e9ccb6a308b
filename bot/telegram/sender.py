"""The outbox sender: every committed reply goes out once, in order per chat, under one budget.

What a failed call means decides what happens next (`classify`):
- it did not reach Telegram, or Telegram answered that it did nothing (5xx, 429, connection
  refused, connect or pool timeout, a body that is not Telegram's JSON): send again later, with
  backoff, for as long as it takes;
- the request went out and no answer came back (read/write timeout, connection dropped, an
  unreadable 200): it may have arrived, so it is never sent again, neither as is nor as text,
  and no apology follows; the founder's next answer mentions /last, which shows it again;
- Telegram refused it (400, 403): it never will take it; one apology per answer follows.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import warnings
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, Protocol

import httpx
from telegram import Bot, InputFile, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.warnings import PTBDeprecationWarning

from bot import metrics
from bot.core.markup import Plain, Reply, lines
from bot.core.types import Button
from bot.telegram.keyboards import inline_keyboard

logger = logging.getLogger(__name__)

_CAPTION_LIMIT = 1000
_MAX_BACKOFF_SECONDS = 30.0
_POLL_SECONDS = 0.5
# Charts drawn at once (the chart workers are as many as the cores).
_DRAWERS = 2
# After a wake-up, wait this long for more commits so one round serves them together.
_GATHER_SECONDS = 0.005
# After a send, the round that records it (and sends the chat's next row) waits this long for
# other work to share it: most answers are one message, and a round of its own for each "sent"
# mark would cost a transaction per message.
_RECORD_SECONDS = 0.03
# A send that was the whole answer (nothing known behind it in its chat) is recorded by the
# next write transaction of this process's (the intake's store of the next update, a step),
# or by a round of its own after this long: nothing waits for its "sent" mark meanwhile.
_RECORD_QUIET_SECONDS = 0.5
# A finished send to record: (chat, outbox row, Telegram's message_id); as bot.delivery.Mark.
_Mark = tuple[int, int, int | None]
_APOLOGY = "Sorry, I could not send part of this answer."
# An outbox row's status when its request may leave at once (bot/store/outbox.py's SENDING;
# the shell does not import the store).
_SENDING = "sending"
_CHART_APOLOGY = "Sorry, I could not send the chart"


class Verdict(StrEnum):
    """What a failed send means."""

    RETRY = "retry"  # did not reach Telegram: send again
    UNKNOWN = "unknown"  # went out, no answer: may have arrived, never resent
    FAILED = "failed"  # refused: will never be taken


@dataclass(frozen=True, slots=True)
class Outcome:
    """A verdict, with Telegram's retry_after when it gave one."""

    verdict: Verdict
    reason: str
    retry_after: float | None = None


# Transport errors raised before a single byte of the request could have been processed.
_NOT_SENT = (
    httpx.ConnectError,
    httpx.ConnectTimeout,
    httpx.PoolTimeout,
    httpx.UnsupportedProtocol,
)


def classify(exc: BaseException) -> Outcome:
    """Returns what a Bot API call's exception means for the message (see the module doc)."""
    cause = exc.__cause__
    if isinstance(exc, RetryAfter):
        with warnings.catch_warnings():  # PTB 22 warns that it will become a timedelta
            warnings.simplefilter("ignore", PTBDeprecationWarning)
            wait = exc.retry_after
        seconds = float(wait.total_seconds()) if hasattr(wait, "total_seconds") else float(wait)
        return Outcome(Verdict.RETRY, str(exc), seconds)
    if isinstance(exc, BadRequest):  # a NetworkError subclass in PTB, but a refusal
        return Outcome(Verdict.FAILED, exc.message)
    if isinstance(exc, TimedOut):
        if isinstance(cause, _NOT_SENT) or "pool timeout" in exc.message.lower():
            return Outcome(Verdict.RETRY, f"timed out before sending: {exc.message}")
        return Outcome(Verdict.UNKNOWN, f"timed out waiting for the answer: {exc.message}")
    if isinstance(exc, NetworkError):
        if isinstance(cause, _NOT_SENT):
            return Outcome(Verdict.RETRY, exc.message)
        if isinstance(cause, httpx.HTTPError) or "unknown error in http" in exc.message.lower():
            return Outcome(Verdict.UNKNOWN, exc.message)  # dropped mid-request
        return Outcome(Verdict.RETRY, exc.message)  # Telegram answered 5xx: it did nothing
    if isinstance(exc, TelegramError):
        if type(exc) is TelegramError:
            # "Invalid server response": Telegram always answers JSON, so a body that is not
            # came from something in between (a proxy page) that did not carry the call out.
            return Outcome(Verdict.RETRY, exc.message)
        return Outcome(Verdict.FAILED, exc.message)  # Forbidden, Conflict, ChatMigrated, ...
    return Outcome(Verdict.FAILED, repr(exc))


def backoff(attempts: int, retry_after: float | None) -> float:
    """Returns seconds to wait before the next try: Telegram's retry_after, else exponential."""
    if retry_after is not None:
        return retry_after + 0.2
    base = min(_MAX_BACKOFF_SECONDS, 0.5 * 2.0 ** max(0, attempts - 1))
    return base * random.uniform(0.8, 1.2)  # noqa: S311 - jitter, not security


class OutboxItemLike(Protocol):
    """An outbox row as the sender reads it (bot/store/outbox.py's OutboxItem)."""

    id: int
    kind: str
    body: dict[str, Any]
    data: bytes | None
    role: str
    status: str
    attempts: int
    next_attempt_at: datetime

    @property
    def key(self) -> Any:
        """Returns the founder (chat_id, user_id, thread_id)."""
        ...


class OutboxLike(Protocol):
    """What the sender needs from bot/delivery.py's Delivery."""

    def listen(self, wake: Callable[[int], None]) -> None:
        """Registers a callback for new rows."""
        ...

    async def recover(self) -> int:
        """Settles sends cut off by a dead sender."""
        ...

    async def sender_round(
        self,
        sent: list[tuple[int, int | None]],
        *,
        busy: set[int],
        limit: int,
        draw: int,
        drawing: frozenset[int] = frozenset(),
    ) -> tuple[list[Any], list[Any]]:
        """Records sent rows, claims due heads of chats not busy, lists charts to draw."""
        ...

    async def sending(self, item_id: int) -> bool:
        """Marks a claimed row as going out now (False: no longer this sender's)."""
        ...

    async def sent_many(self, sent: list[tuple[int, int | None]]) -> None:
        """Records delivered rows."""
        ...

    async def unknown(self, item_id: int, error: str, chat_id: int | None = None) -> None:
        """Records a row whose arrival is unknown."""
        ...

    async def retry_at(self, item_id: int, when: datetime, error: str) -> None:
        """Puts a row back for later."""
        ...

    async def failed(self, item: Any, error: str, apology: Reply | None) -> None:
        """Records a refused row (and an apology)."""
        ...

    async def set_data(self, item_id: int, data: bytes) -> None:
        """Keeps a drawn chart."""
        ...

    async def wait_for_budget(self, chat_id: int) -> None:
        """Waits for the shared send budget."""
        ...


Draw = Callable[[dict[str, Any]], Awaitable[bytes]]
ButtonsFrom = Callable[[Any], tuple[tuple[Button, ...], ...]]


def _quote(body: dict[str, Any]) -> ReplyParameters | None:
    """Returns reply parameters quoting the asker (groups), sent even if it was deleted."""
    quote = body.get("quote")
    if quote is None:
        return None
    return ReplyParameters(message_id=int(quote), allow_sending_without_reply=True)


class Sender:
    """Sends the outbox: one task per chat with pending rows, each chat strictly in order."""

    def __init__(
        self,
        bot: Bot,
        outbox: OutboxLike,
        *,
        draw: Draw,
        buttons_from: ButtonsFrom,
        workers: int = 32,
    ) -> None:
        self._bot = bot
        self._outbox = outbox
        self._draw = draw
        self._buttons_from = buttons_from
        self._workers = workers
        self._wake = asyncio.Event()
        self._active: dict[int, asyncio.Task[None]] = {}
        self._done: list[_Mark] = []  # (chat, row, message_id) to record
        self._drawing: dict[int, asyncio.Task[None]] = {}  # outbox row -> its drawing
        self._stopping = False
        self._task: asyncio.Task[None] | None = None
        self._record_soon: asyncio.TimerHandle | None = None
        self._recovered = False  # rows claimed before recover() ran would be settled by it
        self._putting_back: set[asyncio.Task[None]] = set()
        self._alone: set[int] = set()  # chats whose send in flight is all they have to send
        self._behind: set[int] = set()  # busy chats with new rows written since
        outbox.listen(self.wake)
        hand_sends_to = getattr(outbox, "hand_sends_to", None)
        if hand_sends_to is not None:  # SQLite's Delivery: new answers' first rows come here
            hand_sends_to(self)

    def can_take(self, chat_id: int) -> bool:
        """Returns whether a row of the chat claimed for this sender would go out at once."""
        return (
            self._recovered
            and not self._stopping
            and chat_id not in self._active
            and len(self._active) < self._workers
        )

    def take(self, item: Any, *, alone: bool = False) -> None:
        """Sends a row claimed for this sender in the transaction that wrote it (committed).

        `alone`: the row is its answer's only one, so its "sent" mark may wait for another
        transaction to carry it. Should the chat have become busy or the sender be stopping
        meanwhile, the row goes back to pending (it never went out) for a later round or the
        next start.
        """
        chat_id = item.key.chat_id
        if self._stopping or chat_id in self._active:
            task = asyncio.create_task(self._put_back(item), name=f"put-back-{item.id}")
            self._putting_back.add(task)
            task.add_done_callback(self._putting_back.discard)
            return
        if alone:
            self._alone.add(chat_id)
        self._spawn(chat_id, self._send_one(item))

    def take_marks(self) -> list[_Mark]:
        """Returns (and hands over) the sends to record: (chat, row, message_id)."""
        done, self._done = self._done, []
        return done

    def marks_recorded(self, marks: list[_Mark]) -> None:
        """Frees the chats of sends another transaction recorded (committed)."""
        behind = self._free([chat_id for chat_id, _, _ in marks])
        if behind:
            self._wake.set()  # their next rows are due now

    def marks_back(self, marks: list[_Mark]) -> None:
        """Takes back sends another transaction failed to record (recorded later)."""
        self._done = marks + self._done
        self._wake_to_record(None)

    def _free(self, chats: list[int]) -> bool:
        """Frees recorded chats; returns whether one of them has rows behind."""
        behind = False
        for chat_id in chats:
            self._active.pop(chat_id, None)
            self._alone.discard(chat_id)
            if chat_id in self._behind:
                self._behind.discard(chat_id)
                behind = True
        return behind

    def wake(self, chat_id: int) -> None:
        """Looks at the outbox now (a transaction with new rows for the chat committed)."""
        if chat_id in self._active:
            self._behind.add(chat_id)
        self._wake.set()

    def _wake_to_record(self, chat_id: int | None) -> None:
        """Starts a round shortly (sends finished; their rows are to be recorded), or a while
        later when the finished send was all its chat had to send (see _RECORD_QUIET_SECONDS)."""
        quiet = chat_id in self._alone and chat_id not in self._behind
        delay = _RECORD_QUIET_SECONDS if quiet else _RECORD_SECONDS
        loop = asyncio.get_running_loop()
        if self._record_soon is not None:
            if self._record_soon.when() <= loop.time() + delay:
                return
            self._record_soon.cancel()
        self._record_soon = loop.call_later(delay, self._recording_due)

    def _recording_due(self) -> None:
        self._record_soon = None
        self._wake.set()

    def start(self) -> None:
        """Starts sending in the background."""
        self._task = asyncio.create_task(self._run(), name="outbox-sender")

    async def stop(self, within: float) -> None:
        """Lets sends in flight finish (up to `within` seconds); the rest stays in the outbox."""
        self._stopping = True
        self._wake.set()
        if self._record_soon is not None:
            self._record_soon.cancel()
        for drawing in self._drawing.values():
            drawing.cancel()
        active = list(self._active.values())
        if active:
            _done, pending = await asyncio.wait(active, timeout=within)
            for task in pending:
                task.cancel()
        with contextlib.suppress(Exception):
            await self._flush()
        if self._task is not None:
            _done, pending = await asyncio.wait([self._task], timeout=1.0)
            for task in pending:
                task.cancel()

    async def _run(self) -> None:
        """Rounds: record what was sent, claim each free chat's due row, send them at once.

        Claims and "sent" marks are written for many chats in one transaction each, so the
        outbox costs a few commits per round rather than two per message.
        """
        with contextlib.suppress(Exception):
            await self._outbox.recover()
        self._recovered = True
        failures = 0
        while not self._stopping:
            self._wake.clear()
            try:
                await self._round()
                failures = 0
            except Exception:
                failures += 1
                logger.warning("cannot read the outbox (try %d)", failures, exc_info=True)
            wait = _POLL_SECONDS * min(10, 2**failures)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=wait)
                await asyncio.sleep(_GATHER_SECONDS)
        await self._flush()

    async def _flush(self) -> None:
        """Records the rows sent since the last round; their chats may go on."""
        done, self._done = self._done, []
        if not done:
            return
        try:
            await self._outbox.sent_many(
                [(item_id, message_id) for _, item_id, message_id in done]
            )
        except Exception:
            self._done = done + self._done  # kept for the next round
            raise
        self._free([chat_id for chat_id, _, _ in done])

    async def _round(self) -> None:
        """One transaction: record what was sent, claim each free chat's due head, list charts
        to draw; then start sending and drawing them."""
        done, self._done = self._done, []
        finished = {chat_id for chat_id, _, _ in done}
        busy = set(self._active) - finished
        free_drawers = _DRAWERS - len(self._drawing)
        try:
            claimed, undrawn = await self._outbox.sender_round(
                [(item_id, message_id) for _, item_id, message_id in done],
                busy=busy,
                limit=max(0, self._workers - len(busy)),
                draw=max(0, free_drawers),
                drawing=frozenset(self._drawing),
            )
        except Exception:
            self._done = done + self._done  # kept for the next round
            raise
        self._free(list(finished))  # a chat with rows behind had its head claimed above
        for head in claimed:
            self._spawn(head.key.chat_id, self._send_one(head))
        self._start_drawing(undrawn, free_drawers)

    def _start_drawing(self, undrawn: list[Any], free: int) -> None:
        """Draws charts waiting for their picture, a few at a time, beside the sending."""
        for item in undrawn:
            if free <= 0:
                break
            if item.id in self._drawing:
                continue
            free -= 1
            task = asyncio.create_task(self._draw_first(item), name=f"draw-{item.id}")
            self._drawing[item.id] = task

    def _spawn(self, chat_id: int, work: Awaitable[None]) -> None:
        """Runs one chat's send in the background; the chat stays busy until it is recorded."""

        async def run() -> None:
            try:
                await work
            except Exception:
                logger.exception("sending to chat %s stopped; it is retried", chat_id)
                self._free([chat_id])
            finally:
                self._wake_to_record(chat_id)

        self._active[chat_id] = asyncio.create_task(run(), name=f"send-{chat_id}")

    async def _draw_first(self, item: Any) -> None:
        """Draws a chart row's picture and keeps it with the row (sent in a later round).

        Drawn before it is claimed: a crash while drawing leaves it to be drawn and sent later.
        """
        try:
            data = await self._draw(item.body["chart"])
        except Exception:
            logger.exception("chart of outbox row %d could not be drawn; skipped", item.id)
            await self._outbox.failed(item, "could not draw the chart", None)
        else:
            await self._outbox.set_data(item.id, data)
        finally:
            self._drawing.pop(item.id, None)
            self._wake.set()

    async def _send_one(self, item: Any) -> None:
        """Sends one claimed row; a success is recorded with the next round's batch.

        The row is marked sending only once the budget allows it and right before the request:
        a crash while it waits (a group's budget can take minutes) leaves it to be sent again.
        A row the round claimed as sending already (its budget was there) goes out at once.
        """
        ours = True
        if item.status != _SENDING:  # the round claimed it going out already when it could
            try:
                await self._outbox.wait_for_budget(item.key.chat_id)
                ours = await self._outbox.sending(item.id)
            except Exception:
                await self._put_back(item)
                raise
        if not ours:
            logger.warning("outbox row %d is no longer this sender's; not sent", item.id)
            self._free([item.key.chat_id])
            return
        try:
            message = await self._call(item)
        except Exception as exc:
            try:
                await self._settle_failure(item, exc)
            finally:
                self._free([item.key.chat_id])
            return
        self._done.append((item.key.chat_id, item.id, message.message_id if message else None))
        metrics.REPLIES.inc()

    async def _put_back(self, item: Any) -> None:
        """Returns a claimed row that never went out to pending (the store failed before the
        request); if that fails too, it stays claimed until the next start sends it."""
        when = datetime.now(UTC) + timedelta(seconds=backoff(item.attempts + 1, None))
        try:
            await self._outbox.retry_at(item.id, when, "the outbox could not be written")
        except Exception:
            logger.warning("outbox row %d stays claimed until the next start", item.id)

    async def _settle_failure(self, item: Any, exc: BaseException) -> None:
        """Records a failed send by what it means."""
        outcome = classify(exc)
        method = _method(item.kind)
        chat = item.key.chat_id
        if outcome.verdict is Verdict.RETRY:
            wait = backoff(item.attempts + 1, outcome.retry_after)
            logger.warning(
                "%s to chat %s failed (%s); retrying in %.1f s", method, chat, outcome.reason, wait
            )
            when = datetime.now(UTC) + timedelta(seconds=wait)
            await self._outbox.retry_at(item.id, when, outcome.reason)
        elif outcome.verdict is Verdict.UNKNOWN:
            logger.warning(
                "%s to chat %s: no answer (%s); it may have arrived, so it is not sent again",
                method,
                chat,
                outcome.reason,
            )
            await self._outbox.unknown(item.id, outcome.reason, chat)
        else:
            logger.error("%s to chat %s failed for good: %s", method, chat, outcome.reason)
            await self._outbox.failed(item, outcome.reason, _apology_for(item, exc))

    async def _call(self, item: Any) -> Message:
        """Makes the Bot API call for one row."""
        body = item.body
        chat_id = item.key.chat_id
        thread = item.key.thread_id or None
        markup = inline_keyboard(self._buttons_from(body.get("buttons") or []))
        if item.kind == "text":
            try:
                return await self._bot.send_message(
                    chat_id,
                    body["html"],
                    parse_mode=ParseMode.HTML,
                    message_thread_id=thread,
                    reply_parameters=_quote(body),
                    reply_markup=markup,
                )
            except BadRequest as exc:
                if "can't parse entities" not in exc.message.lower():
                    raise
                # Refused outright, so nothing arrived: the plain words are not a repeat.
                logger.error("Telegram rejected our HTML (%s); sending plain text", exc.message)
                return await self._bot.send_message(
                    chat_id,
                    body["plain"],
                    parse_mode=None,
                    message_thread_id=thread,
                    reply_parameters=_quote(body),
                    reply_markup=markup,
                )
        caption = Plain(str(body.get("caption") or "")[:_CAPTION_LIMIT]).to_html() or None
        upload = InputFile(item.data or b"", filename=str(body.get("filename") or "file"))
        send = self._bot.send_document if item.kind == "document" else self._bot.send_photo
        return await send(
            chat_id,
            upload,
            caption=caption,
            parse_mode=ParseMode.HTML,
            message_thread_id=thread,
            reply_parameters=_quote(body),
            reply_markup=markup,
        )


def _method(kind: str) -> str:
    """Returns the Bot API method a row kind is sent with."""
    return {"text": "sendMessage", "document": "sendDocument"}.get(kind, "sendPhoto")


def _apology_for(item: Any, exc: BaseException) -> Reply | None:
    """Returns the apology for a refused row, None when the chat cannot be written to at all."""
    if "forbidden" in type(exc).__name__.lower():
        return None  # blocked or removed from the chat: an apology would be refused too
    if item.kind in ("photo", "chart"):
        caption = str(item.body.get("caption") or "").strip()
        return Reply(lines(f"{_CHART_APOLOGY}: {caption}" if caption else f"{_CHART_APOLOGY}."))
    return Reply(lines(_APOLOGY))


__all__ = ["OutboxLike", "Outcome", "Sender", "Verdict", "backoff", "classify"]
