"""Load benchmark: N simulated founders talk to the real bot process over HTTP at once.

    python -m benchmarks.bot_load --users 50,200 [--json]

Each user runs one whole conversation (/start, product, quantity, budget and destination, /skip →
recommendation with chart) through the same path as production: the Bot API stand-in on
127.0.0.1 (tests/e2e/botapi.py) and `python -m bot run` as a subprocess. Every reply is checked
to reach the right user: each user asks for a different quantity and must see it in their answer.

Two figures, because Telegram caps a bot at about 30 messages a second:
1. rate limiter off: the bot's own cost, p50/p99 time from update to first reply, and updates per
   second per core (updates handled ÷ the bot process's CPU seconds);
2. rate limiter on, the stand-in enforcing 30/s (and 20/min per group) with 429s: the sustained
   outgoing rate against the cap, with nothing lost and no 429 provoked.
Targets: p99 ≤ 100 ms at 200 users with the limiter off; ≥ 90 % of the cap with it on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from tests.e2e.botapi import GLOBAL_RATE_PER_SECOND, GROUP_RATE_PER_MINUTE, BotApiServer, User
from tests.e2e.process import BotProcess, bot_env

# One conversation; {q} is the user's own quantity (it must come back in their answer).
SCRIPT = (
    "/start",
    "custom printed mailer boxes",
    "{q} a month",
    "budget 1500 EUR, shipping to Germany, we already sell",
    "/skip",
)
TURN_TIMEOUT = 120.0  # seconds a user waits for an answer before the run counts it lost
RUN_TIMEOUT = 900.0  # a whole phase


@dataclass
class UserRun:
    """What one simulated user saw."""

    latencies: list[float] = field(default_factory=list)  # seconds, update -> first reply
    turns_answered: int = 0
    right_user: bool = False
    error: str | None = None


@dataclass
class Phase:
    """The figures of one phase."""

    name: str
    users: int
    turns: int
    answered: int
    lost: int
    crossed: int
    p50_ms: float
    p99_ms: float
    max_ms: float
    wall_s: float
    updates_per_s: float
    bot_cpu_s: float
    updates_per_cpu_s: float
    messages_out: int
    out_rate: float  # outgoing messages a second, over the middle 80 % of them
    cap: float | None
    rate_limited: int
    recommendation_p99_ms: float


def _percentile(values: list[float], q: float) -> float:
    """Returns the q-th percentile (0-100) by nearest rank."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def _converse(api: BotApiServer, user: User, quantity: int, think: float) -> UserRun:
    """Runs one user's conversation and checks that the answer is theirs."""
    run = UserRun()
    rng = random.Random(user.id)  # think times, not secrets
    await asyncio.sleep(rng.uniform(0, think))  # users arrive spread out, not in lockstep
    last_text = ""
    for step in SCRIPT:
        mark = len(api.sent)
        started = time.monotonic()
        await api.send(user, step.format(q=quantity))
        try:
            first = await api.replies(user, since=mark, settle=0, within=TURN_TIMEOUT)
        except TimeoutError:
            run.error = f"no answer to {step!r}"
            return run
        run.latencies.append(first[0].at - started)
        run.turns_answered += 1
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
        last_text = "\n".join(s.text for s in api.sent[mark:] if s.chat_id == user.id)
    run.right_user = f"{quantity} a month" in last_text and "mailer boxes" in last_text
    if not run.right_user:
        run.error = "the final answer does not carry this user's quantity"
    return run


async def _phase(users: int, *, limiter: bool, think: float, workdir: Path) -> Phase:
    """Runs N users against a fresh stand-in and bot process; returns the figures."""
    api = BotApiServer(
        global_rate=GLOBAL_RATE_PER_SECOND if limiter else None,
        group_rate_per_minute=GROUP_RATE_PER_MINUTE if limiter else None,
    )
    await api.start()
    process = BotProcess(api, workdir, bot_env(api, workdir, rate_limiter=limiter))
    try:
        await process.start()
        warm = api.user("Warm-up")
        await _converse(api, warm, 999, 0.0)  # imports, caches, first chart: not measured
        people = [api.user(f"User {n}") for n in range(users)]
        sent_before = len(api.sent)
        cpu_before = process.cpu_seconds()
        started = time.monotonic()
        runs = await asyncio.wait_for(
            asyncio.gather(*(_converse(api, u, 100 + n, think) for n, u in enumerate(people))),
            RUN_TIMEOUT,
        )
        wall = time.monotonic() - started
        cpu = process.cpu_seconds() - cpu_before
        out = api.sent[sent_before:]
    finally:
        await process.stop()
        await api.stop()
    latencies = [s for run in runs for s in run.latencies]
    final_turn = [run.latencies[-1] for run in runs if len(run.latencies) == len(SCRIPT)]
    answered = sum(run.turns_answered for run in runs)
    times = sorted(s.at for s in out)
    middle = times[len(times) // 10 : len(times) - len(times) // 10]
    out_rate = (len(middle) - 1) / (middle[-1] - middle[0]) if len(middle) > 1 else 0.0
    return Phase(
        name="limiter on" if limiter else "limiter off",
        users=users,
        turns=users * len(SCRIPT),
        answered=answered,
        lost=users * len(SCRIPT) - answered,
        crossed=sum(1 for run in runs if run.turns_answered == len(SCRIPT) and not run.right_user),
        p50_ms=1000 * statistics.median(latencies) if latencies else float("nan"),
        p99_ms=1000 * _percentile(latencies, 99),
        max_ms=1000 * max(latencies, default=float("nan")),
        wall_s=wall,
        updates_per_s=answered / wall,
        bot_cpu_s=cpu,
        updates_per_cpu_s=answered / cpu if cpu else float("nan"),
        messages_out=len(out),
        out_rate=out_rate,
        cap=float(GLOBAL_RATE_PER_SECOND) if limiter else None,
        rate_limited=api.rate_limited,
        recommendation_p99_ms=1000 * _percentile(final_turn, 99),
    )


def _table(phases: list[Phase]) -> str:
    """Returns the figures as a text table."""
    head = (
        f"{'phase':<12}{'users':>6}{'turns':>7}{'lost':>6}{'crossed':>8}{'p50 ms':>9}"
        f"{'p99 ms':>9}{'rec p99':>9}{'upd/s':>8}{'upd/cpu-s':>10}{'out/s':>8}{'cap':>6}"
        f"{'429s':>6}"
    )
    rows = [head, "-" * len(head)]
    for p in phases:
        cap = f"{p.cap:.0f}" if p.cap else "-"
        rows.append(
            f"{p.name:<12}{p.users:>6}{p.turns:>7}{p.lost:>6}{p.crossed:>8}{p.p50_ms:>9.1f}"
            f"{p.p99_ms:>9.1f}{p.recommendation_p99_ms:>9.1f}{p.updates_per_s:>8.1f}"
            f"{p.updates_per_cpu_s:>10.1f}{p.out_rate:>8.1f}{cap:>6}{p.rate_limited:>6}"
        )
    return "\n".join(rows)


async def _main(user_counts: list[int], think: float, phases: list[str]) -> list[Phase]:
    """Runs every requested phase for every user count."""
    results: list[Phase] = []
    with tempfile.TemporaryDirectory(prefix="bot_load_") as tmp:
        for users in user_counts:
            for name in phases:
                workdir = Path(tmp) / f"{name}-{users}"
                workdir.mkdir(parents=True)
                limiter = name == "on"
                print(f"running {users} users, limiter {name} ...", file=sys.stderr)
                results.append(await _phase(users, limiter=limiter, think=think, workdir=workdir))
    return results


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark and prints the table (or JSON)."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bot_load", description=__doc__)
    parser.add_argument("--users", default="50,200", help="comma-separated user counts")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a user takes between messages"
    )
    parser.add_argument("--phases", default="off,on", help="limiter phases to run: off,on")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    user_counts = [int(n) for n in args.users.split(",") if n.strip()]
    phases = [p.strip() for p in args.phases.split(",") if p.strip() in ("off", "on")]
    results = asyncio.run(_main(user_counts, args.think, phases))
    if args.json:
        print(json.dumps([asdict(p) for p in results], indent=2))
    else:
        print(_table(results))
        print(
            "\np50/p99: update -> first reply, all turns; rec p99: the recommendation turn "
            "(chart included);\nupd/cpu-s: updates handled per CPU-second of the bot process; "
            "out/s: outgoing messages a second (middle 80 %)."
        )
    ok = all(p.lost == 0 and p.crossed == 0 and p.rate_limited == 0 for p in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
