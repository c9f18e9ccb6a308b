"""Fault-injection tooling: founder scripts, the lost/doubled/out-of-order tally, a balancer.

A fault test plays founders through a fixed script against the real bot while the Bot API
stand-in (or the test) breaks something. What a healthy founder sees on the same bot is the
expected transcript; every faulty founder's messages are matched against it:

- lost: an expected message that never arrived, not even after the founder asked /last (the
  bot's promise for an answer whose delivery it could not confirm);
- doubled: an expected message that arrived more than once, beyond one copy per /last the
  founder asked for before it came (what /last shows again is wanted, not a double);
- out of order: a message whose first copy arrived after one the script expects later (unless
  that first copy is what /last showed: the founder asked for it then).

An expected message matches an arrived one of the same kind whose text contains it, so a hint
line the bot adds ("in case you missed it…") is not a mismatch.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from tests.e2e.botapi import BotApiServer, Sent, User

# A quote with prices makes the answer a recommendation with a chart (sendPhoto is exercised);
# the budget binds, so each corrected budget gives another order size and chart caption.
NEED = (
    "about 300 custom printed mailer boxes a month, budget 1500 EUR, shipping to Germany, "
    "we already sell; a supplier quoted 100 @ 4.50 EUR, 500 @ 3.20 EUR, 1000 @ 2.60 EUR"
)
APOLOGY_WORDS = ("sorry", "went wrong")
# Control transcripts by script, recorded once per test session: the dialog is deterministic,
# and each recording costs seconds of a suite that must stay short.
_TRANSCRIPTS: dict[tuple[Step, ...], list[list[Seen]]] = {}


@dataclass(frozen=True)
class Step:
    """One founder action: a text message, or a press of the newest button with this label."""

    text: str | None = None
    press: str | None = None

    def __str__(self) -> str:
        return self.text if self.text is not None else f"[{self.press}]"


# The founder's script: the need with a quote (answer and chart), "More leads", two budget
# corrections. Each step's answer is different, charts included, so a lost, doubled or
# reordered message shows.
SCRIPT: tuple[Step, ...] = (
    Step(text=NEED),
    Step(press="More leads"),
    Step(text="actually budget 2000 EUR"),
    Step(text="no, budget 2500 EUR"),
)


@dataclass(frozen=True)
class Seen:
    """What a founder saw: kind, text (or caption), where it came in the stand-in's log."""

    photo: bool
    text: str
    position: int = 0  # index in BotApiServer.sent
    step: int = 0

    @classmethod
    def of(cls, sent: Sent, *, position: int, step: int) -> Seen:
        """Returns the founder's view of one message the bot sent."""
        return cls(sent.is_photo, sent.text, position, step)


@dataclass
class Tally:
    """One founder's (or one fault's) figures."""

    label: str
    messages: int = 0  # founder messages sent (script steps, /last not counted)
    expected: int = 0  # bot messages the script expects
    lost: int = 0
    doubled: int = 0
    out_of_order: int = 0
    apologies: int = 0
    recovered_by_last: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        """Adds another tally's counts to this one."""
        self.messages += other.messages
        self.expected += other.expected
        self.lost += other.lost
        self.doubled += other.doubled
        self.out_of_order += other.out_of_order
        self.apologies += other.apologies
        self.recovered_by_last += other.recovered_by_last
        self.notes += other.notes

    @property
    def clean(self) -> bool:
        """Returns whether nothing was lost, doubled or reordered."""
        return self.lost == self.doubled == self.out_of_order == 0


def _matches(expected: Seen, seen: Seen) -> bool:
    """Returns whether an arrived message is the expected one (same kind, text contained)."""
    return expected.photo == seen.photo and expected.text.strip() in seen.text


def tally(
    label: str,
    expected: Sequence[Seen],
    seen: Sequence[Seen],
    messages: int,
    asked_last: Sequence[int] = (),
) -> Tally:
    """Returns the lost, doubled and out-of-order counts of `seen` against `expected`.

    `asked_last` holds where (positions in the stand-in's log) the founder sent /last.
    """
    result = Tally(label, messages=messages, expected=len(expected))
    result.recovered_by_last = len(asked_last)
    copies = [0] * len(expected)
    highest = -1
    for message in sorted(seen, key=lambda m: m.position):
        index = next(
            (i for i, e in enumerate(expected) if not copies[i] and _matches(e, message)), None
        )
        if index is not None:
            copies[index] = 1
            recovered = any(at <= message.position for at in asked_last)
            if index < highest and not recovered:
                result.out_of_order += 1
                result.notes.append(f"out of order: {message.text[:50]!r}")
            highest = max(highest, index)
            continue
        again = next((i for i, e in enumerate(expected) if _matches(e, message)), None)
        if again is None:
            if any(word in message.text.lower() for word in APOLOGY_WORDS):
                result.apologies += 1
            continue
        asked_before = sum(1 for at in asked_last if at <= message.position)
        if copies[again] <= asked_before:
            copies[again] += 1  # shown again because the founder asked /last
        else:
            result.doubled += 1
            result.notes.append(f"doubled: {message.text[:50]!r}")
    for index, wanted in enumerate(expected):
        if not copies[index]:
            result.lost += 1
            result.notes.append(f"lost (step {wanted.step}): {wanted.text[:50]!r}")
    return result


def table(rows: Iterable[Tally], title: str) -> str:
    """Returns the tallies as a fixed-width table (founder messages, lost, doubled, order)."""
    lines = [
        title,
        f"{'case':<34} {'msgs':>5} {'expect':>6} {'lost':>5} {'double':>6} {'order':>5} "
        f"{'/last':>5} {'sorry':>5}",
    ]
    for row in rows:
        lines.append(
            f"{row.label:<34} {row.messages:>5} {row.expected:>6} {row.lost:>5} "
            f"{row.doubled:>6} {row.out_of_order:>5} {row.recovered_by_last:>5} "
            f"{row.apologies:>5}"
        )
    return "\n".join(lines)


def transcripts(expected: Sequence[Sequence[Seen]], seen: Sequence[Seen]) -> str:
    """Returns the expected messages by step and the arrived ones by position, for a report."""
    lines = ["expected:"]
    for number, step in enumerate(expected):
        lines += [f"  step {number} {_gist(m)}" for m in step]
    lines.append("seen (position, step sent after):")
    arrived = sorted(seen, key=lambda m: m.position)
    lines += [f"  {m.position:>4} {m.step:>2} {_gist(m)}" for m in arrived]
    return "\n".join(lines)


def _gist(message: Seen) -> str:
    """Returns a message's kind and the start of its text, on one line."""
    kind = "photo" if message.photo else "text"
    return f"{kind:<5} {message.text[:70]!r}"


# ------------------------------------------------------------------------------------------------
# Playing a founder
# ------------------------------------------------------------------------------------------------


class Founder:
    """A founder playing the script against the bot, recording what they saw per step."""

    def __init__(self, api: BotApiServer, user: User) -> None:
        self.api = api
        self.user = user
        self.seen: list[Seen] = []
        self._cursor = 0  # index into api.sent already looked at
        self.messages = 0
        self.asked_last: list[int] = []  # positions in api.sent when /last was sent

    def _collect(self, step: int) -> list[Seen]:
        """Moves this founder's new messages from the stand-in into `seen`."""
        fresh: list[Seen] = []
        sent = self.api.sent
        for position in range(self._cursor, len(sent)):
            if sent[position].chat_id == self.user.id:
                fresh.append(Seen.of(sent[position], position=position, step=step))
        self._cursor = len(sent)
        self.seen += fresh
        return fresh

    def _newest_with(self, label: str) -> Sent | None:
        """Returns the newest bot message in this chat with a button labelled `label`."""
        for message in reversed(self.api.sent):
            if message.chat_id != self.user.id:
                continue
            if any(label.casefold() in str(b["text"]).casefold() for b in message.buttons):
                return message
        return None

    async def act(self, step: Step) -> bool:
        """Sends one step; returns False when a button to press was never shown."""
        self._collect(step=-1)
        self.messages += 1
        if step.text is not None:
            await self.api.send(self.user, step.text)
            return True
        label = step.press or ""
        message = self._newest_with(label)
        if message is None:
            return False
        await self.api.press(self.user, message, label)
        return True

    async def ask_last(self) -> None:
        """Sends /last, as the bot tells a founder to when an answer may not have arrived."""
        self._collect(-1)
        self.asked_last.append(len(self.api.sent))
        await self.api.send(self.user, "/last")

    async def wait_for(self, wanted: Sequence[Seen], step: int, within: float) -> bool:
        """Waits until every wanted message arrived (counted over everything this founder saw).

        `wanted` is cumulative (all steps so far), so a chart that comes after the next step
        was sent still counts for its own step.
        """
        deadline = time.monotonic() + within
        while True:
            self._collect(step)
            pending = list(wanted)
            for message in self.seen:
                hit = next((w for w in pending if _matches(w, message)), None)
                if hit is not None:
                    pending.remove(hit)
            if not pending:
                return True
            if time.monotonic() > deadline:
                return False
            await asyncio.sleep(0.05)

    async def play(
        self,
        expected: Sequence[Sequence[Seen]],
        *,
        script: Sequence[Step] = SCRIPT,
        steps: Iterable[int] | None = None,
        within: float = 8.0,
        last_within: float = 5.0,
        settle: float = 0.3,
        after_act: Callable[[int], Awaitable[None]] | None = None,
    ) -> None:
        """Plays the script's steps (all, or those numbered), asking /last when one is missing.

        `expected[n]` is what step n answers; `after_act(n)` runs right after step n was sent
        (a test kills the bot there).
        """
        for number in range(len(script)) if steps is None else steps:
            if not await self.act(script[number]):
                continue
            if after_act is not None:
                await after_act(number)
            wanted = [message for part in expected[: number + 1] for message in part]
            if not await self.wait_for(wanted, number, within):
                await self.ask_last()
                await self.wait_for(wanted, number, last_within)
            await asyncio.sleep(settle)
            self._collect(number)

    async def finish(
        self,
        expected: Sequence[Sequence[Seen]] = (),
        *,
        within: float = 30.0,
        settle: float = 1.5,
    ) -> None:
        """Waits (bounded) for what is still owed, then for stragglers (a late double)."""
        if expected:
            await self.wait_for([m for part in expected for m in part], -1, within)
        await asyncio.sleep(settle)
        self._collect(-1)

    async def record(
        self, script: Sequence[Step] = SCRIPT, within: float = 30.0
    ) -> list[list[Seen]]:
        """Plays the script as the healthy control founder; returns each step's messages.

        A script recorded earlier in the session is not played again (see _TRANSCRIPTS).
        """
        known = _TRANSCRIPTS.get(tuple(script))
        if known is not None:
            return known
        # A bot that can tell what it owes (SQLite) has every reply of a step in its outbox
        # from the moment the step is handled: owing nothing, it has sent them all, so a short
        # settle suffices. Elsewhere only silence tells, and that takes longer.
        owes = self.api.bot_owes
        settle = 0.3 if owes is not None and owes(self.user.id) is not None else 1.5
        steps: list[list[Seen]] = []
        for number, step in enumerate(script):
            self._collect(-1)
            mark = len(self.api.sent)
            assert await self.act(step), f"no button for {step}"
            await self.api.replies(self.user, since=mark, settle=settle, within=within)
            # A chart drawn late (a worker starting on a busy machine) belongs to this step
            # still: a transcript that put it in the next would fault every founder after.
            await self._until_owed_nothing(within)
            steps.append(self._collect(number))
        await asyncio.sleep(settle + 0.5)  # a chart drawn after the last text
        steps[-1] += self._collect(len(steps) - 1)
        assert any(steps), "the control founder got no answer at all"
        assert any(m.photo for step in steps for m in step), "the answers carry charts"
        _TRANSCRIPTS[tuple(script)] = steps
        return steps

    async def _until_owed_nothing(self, within: float) -> None:
        """Waits (bounded) until the bot owes this founder nothing, when it can tell."""
        owes = self.api.bot_owes
        deadline = time.monotonic() + within
        while owes is not None and time.monotonic() < deadline:
            if not owes(self.user.id):
                return
            await asyncio.sleep(0.05)  # the bot's database, polled: it signals nothing

    def tally(self, label: str, expected: Sequence[Sequence[Seen]]) -> Tally:
        """Returns this founder's figures against the control transcript."""
        flat = [message for step in expected for message in step]
        return tally(label, flat, self.seen, self.messages, self.asked_last)


# ------------------------------------------------------------------------------------------------
# A round-robin HTTP balancer on loopback, for webhook instances
# ------------------------------------------------------------------------------------------------


class Balancer:
    """Forwards each request to the next ready backend in turn (like nginx's round robin).

    With health URLs it skips a backend whose /ready does not answer 200 (checked every
    `check_every` seconds), as a load balancer with active health checks does.
    """

    def __init__(
        self, backends: Sequence[str], *, health: Sequence[str] = (), check_every: float = 0.5
    ) -> None:
        self.backends = list(backends)
        self.health = list(health)
        self.ready = [True] * len(backends)
        self.check_every = check_every
        self.port: int | None = None
        self.forwarded: list[tuple[int, int]] = []  # (backend index, status)
        self._turn = itertools.count()
        self._runner: web.AppRunner | None = None
        self._http: aiohttp.ClientSession | None = None
        self._checker: asyncio.Task[None] | None = None

    @property
    def url(self) -> str:
        """Returns the balancer's base URL."""
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> None:
        """Listens on a free loopback port."""
        self._http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/{path:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        if self.health:
            self._checker = asyncio.create_task(self._check_health())

    async def stop(self) -> None:
        """Stops forwarding."""
        if self._checker is not None:
            self._checker.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checker
        if self._runner is not None:
            await self._runner.cleanup()
        if self._http is not None:
            await self._http.close()

    async def _check_health(self) -> None:
        """Marks backends ready or not from their /ready answers (bounded loop)."""
        assert self._http is not None
        for _ in range(100_000):
            for index, url in enumerate(self.health):
                try:
                    async with self._http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as r:
                        self.ready[index] = r.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    self.ready[index] = False
            await asyncio.sleep(self.check_every)

    def _pick(self) -> int:
        """Returns the next backend in turn, skipping those not ready (all, if none is)."""
        for _ in range(len(self.backends)):
            index = next(self._turn) % len(self.backends)
            if self.ready[index]:
                return index
        return next(self._turn) % len(self.backends)

    async def _forward(self, request: web.Request) -> web.Response:
        """Forwards one request (method, path, headers, body) and relays the answer."""
        assert self._http is not None
        index = self._pick()
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in ("host",)}
        target = self.backends[index] + request.path_qs
        try:
            async with self._http.request(
                request.method, target, data=body, headers=headers
            ) as answer:
                payload = await answer.read()
                self.forwarded.append((index, answer.status))
                return web.Response(
                    status=answer.status,
                    body=payload,
                    content_type=answer.content_type,
                )
        except (aiohttp.ClientError, TimeoutError):
            self.forwarded.append((index, 502))
            return web.Response(status=502, text="bad gateway")
