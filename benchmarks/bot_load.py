"""Load benchmark: N simulated founders talk to the real bot process over HTTP at once.

    python -m benchmarks.bot_load --users 50,200 [--json] [--think 2]
        [--phases echo,off,nochart,on,burst,charts,pg2] [--profile DIR]

Each user runs one whole conversation (/start, product, quantity, budget and destination, /skip →
recommendation with its chart) through the same path as production: the Bot API stand-in on
127.0.0.1 (tests/e2e/botapi.py) and `python -m bot run` as a subprocess with its own SQLite file.
Every reply is checked to reach the right user: each user asks for a different quantity and must
see exactly it in their answer; a turn with no answer within two minutes counts as lost.

Phases, because Telegram caps a bot at about 30 messages a second:
- echo (the anchor, first row): python-telegram-bot's own echo bot (benchmarks/echo_bot.py) on the
  same stand-in and the same turns; "x echo" divides each phase's CPU per update by its.
- off: rate limiter off, no flood control: the bot's own cost. p50/p99 time from update to first
  reply, and updates per second per core (updates handled ÷ CPU seconds of the bot process).
- on: the same conversations with the limiter on and the stand-in answering 429 above 30/s overall
  (20/min per group): nothing may be lost and no 429 provoked.
- nochart: as off, but the users' turns stop before the recommendation: the cost without a chart.
- burst: limiter on, users with no think time and no chart in their turns, so the bot has more to
  send than the cap allows: the sustained outgoing rate against the 30/s cap.
- charts: 40 founders arriving within 10 s, each saying everything in one message (with a
  quote): the chart latency through the chart workers (update -> photo).
- pg2: as off, but two bot processes in webhook mode on one PostgreSQL database behind a
  round-robin loopback balancer, so every founder's updates are spread over both; CPU is both
  processes' together. Skipped, with the reason, when PostgreSQL does not answer (the server is
  BENCH_DATABASE_URL, else TEST_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/test;
  the phase runs on a fresh database of its own, dropped afterwards).
Every phase also times SIGTERM -> exit ("stop s") with whatever the bot still had queued.
--profile DIR runs each one-process phase's bot under cProfile for the measured window only
(benchmarks/profiled_bot.py: DIR/<phase>-<users>.prof, and the SQLite statements counted in
<phase>-<users>.sql.json); its figures are slower than an unprofiled run's.
Targets: p99 ≤ 100 ms at 200 users with the limiter off; ≥ 90 % of the cap with it on;
CPU per update ≤ 1.8x the echo bot; chart p99 ≤ 1.5 s in the charts phase; stop ≤ 5 s.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url

from tests.e2e.botapi import (
    GLOBAL_RATE_PER_SECOND,
    GROUP_RATE_PER_MINUTE,
    BotApiServer,
    Sent,
    User,
)
from tests.e2e.faults import Balancer
from tests.e2e.process import BotProcess, bot_env

TURN_TIMEOUT = 120.0  # seconds a user waits for an answer before the turn counts as lost
RUN_TIMEOUT = 1200.0  # a whole phase
POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/test"  # the maintenance database
POSTGRES_TIMEOUT = 3.0  # seconds to connect before the PostgreSQL phase is skipped


@dataclass(frozen=True)
class Workload:
    """A script every user follows; `check` is the turn whose answer must carry their quantity."""

    name: str
    script: tuple[str, ...]  # {q} is the user's own quantity
    check: int
    chart_turn: int | None  # the turn whose answer is the recommendation with its chart
    expect: str = "{q} a month"  # what the checked answer must carry for this user


CONVERSATION = Workload(
    "conversation",
    (
        "/start",
        "custom printed mailer boxes",
        "{q} a month",
        "budget 1500 EUR, shipping to Germany, we already sell; "
        "quoted 500 @ 1.20 EUR, 1000 @ 0.95 EUR",
        "/skip",
    ),
    check=2,  # "Got it: N a month" (the answer itself names the order, not the need)
    chart_turn=4,
)
# Founders who say everything in one message, arriving together: the chart workers' load.
CHARTS = Workload(
    "charts",
    (
        "/start",
        "about {q} custom printed mailer boxes a month, budget 1500 EUR, shipping to Germany, "
        "we already sell; quoted 500 @ 1.20 EUR, 1000 @ 0.95 EUR, setup 80 EUR",
        "/skip",
    ),
    check=1,
    chart_turn=1,  # the chart may follow turn 1 or, if the bot asks one more thing, turn 2
)
CHART_FOUNDERS = 40  # arriving within CHART_ARRIVAL_S (issue 14's scenario)
CHART_ARRIVAL_S = 10.0
# The dialog's turns without the final recommendation: cheap, so the limiter is the bottleneck.
DIALOG = Workload(
    "dialog",
    ("/start", "custom printed mailer boxes", "{q} a month", "/help", "/history", "/new"),
    check=2,
    chart_turn=None,
)


# The anchor: the same dialog turns sent to PTB's echo bot (benchmarks/echo_bot.py).
ECHO = Workload("echo", DIALOG.script, check=2, chart_turn=None)
ECHO_COMMAND = ("-m", "benchmarks.echo_bot")
CHART_TIMEOUT = 60.0  # seconds a user waits for the chart after the recommendation's text


@dataclass
class UserRun:
    """What one simulated user saw."""

    latencies: list[float] = field(default_factory=list)  # seconds, update -> first reply
    chart_latency: float | None = None  # seconds, recommendation update -> its chart photo
    turns_answered: int = 0
    right_user: bool = False
    error: str | None = None


@dataclass
class Phase:
    """The figures of one phase."""

    name: str
    workload: str
    users: int
    think_s: float
    turns: int
    lost: int
    crossed: int  # users whose checked answer did not carry their own quantity
    p50_ms: float
    p99_ms: float
    dialog_p99_ms: float  # turns without a chart
    recommendation_p99_ms: float  # the turn whose answer carries the chart (nan if none)
    chart_p50_ms: float  # update -> the chart photo, on the recommendation turn
    chart_p99_ms: float
    charts_missing: int  # recommendation turns whose chart never came
    wall_s: float
    updates_per_s: float
    bot_cpu_s: float
    updates_per_cpu_s: float
    cpu_ms_per_update: float
    stop_s: float  # SIGTERM -> exit, with whatever was still queued
    driver_cpu_s: float  # stand-in + simulated users, sharing the machine with the bot
    messages_out: int
    out_rate: float  # flood-controlled calls a second, over the middle 80 % of them
    cap: float | None
    rate_limited: int


def _percentile(values: list[float], q: float) -> float:
    """Returns the q-th percentile (0-100) by nearest rank, or nan for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


async def _converse(
    api: BotApiServer,
    user: User,
    quantity: int,
    think: float,
    workload: Workload,
    arrival: float | None = None,
) -> UserRun:
    """Runs one user's script and checks that the checked answer is theirs."""
    run = UserRun()
    rng = random.Random(user.id)  # think times, not secrets
    # Users arrive spread out over `arrival` seconds (default: one think time), not in lockstep.
    await asyncio.sleep(rng.uniform(0, think if arrival is None else arrival))
    checked = ""
    turn_starts: list[float] = []
    conversation_mark = len(api.sent)
    for number, step in enumerate(workload.script):
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
        if number == workload.check:
            checked = first[0].text
        turn_starts.append(started)
        await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
    if workload.chart_turn is not None:
        run.chart_latency = await _chart_arrival(api, user, conversation_mark, turn_starts)
    run.right_user = workload.expect.format(q=quantity) in checked
    if not run.right_user:
        run.error = f"the answer does not carry this user's quantity: {checked[:120]!r}"
    return run


async def _chart_arrival(
    api: BotApiServer, user: User, mark: int, turn_starts: list[float]
) -> float | None:
    """Returns seconds from the update that asked for the chart to its photo (None: never).

    The update that asked is the user's last message before the photo arrived, whichever turn
    of the script that was (a founder who says everything at once gets it a turn earlier).
    """

    def is_chart(sent: Sent) -> bool:
        return sent.method.lower() == "sendphoto" and sent.chat_id == user.id

    try:
        photos = await api.wait_for(is_chart, count=1, within=CHART_TIMEOUT, settle=0, since=mark)
    except TimeoutError:
        return None
    asked = max((t for t in turn_starts if t <= photos[0].at), default=turn_starts[0])
    return photos[0].at - asked


def _steady_rate(times: list[float]) -> float:
    """Returns events a second over the middle 80 % of them (ramp-up and tail left out)."""
    ordered = sorted(times)
    middle = ordered[len(ordered) // 10 : len(ordered) - len(ordered) // 10]
    if len(middle) < 2 or middle[-1] == middle[0]:
        return 0.0
    return (len(middle) - 1) / (middle[-1] - middle[0])


class PostgresAway(Exception):
    """PostgreSQL did not answer: the two-instance phase is skipped."""


def _maintenance_url() -> str:
    """Returns the PostgreSQL server's maintenance URL (plain driver, as asyncpg takes it)."""
    url = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    parsed = make_url(url or POSTGRES_URL).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


@contextlib.asynccontextmanager
async def _fresh_postgres() -> AsyncIterator[str]:
    """Yields the URL of a new, empty PostgreSQL database, dropped afterwards."""
    import asyncpg

    maintenance = _maintenance_url()
    name = f"bench_{uuid.uuid4().hex[:12]}"
    try:
        admin = await asyncpg.connect(maintenance, timeout=POSTGRES_TIMEOUT)
    except (OSError, TimeoutError, asyncpg.PostgresError) as exc:
        where = make_url(maintenance).render_as_string(hide_password=True)
        raise PostgresAway(f"PostgreSQL at {where} does not answer ({exc})") from None
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        yield make_url(maintenance).set(database=name).render_as_string(hide_password=False)
    finally:
        with contextlib.suppress(Exception):
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def _free_port() -> int:
    """Returns a TCP port free on 127.0.0.1 right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Bots:
    """The bot processes a phase measures: one polling, or webhook instances behind a balancer."""

    def __init__(
        self,
        processes: list[BotProcess],
        balancer: Balancer | None = None,
        ports: list[int] | None = None,
    ) -> None:
        self.processes = processes
        self.balancer = balancer
        self.ports = ports or []  # each webhook process's own port

    @classmethod
    def polling(
        cls, api: BotApiServer, workdir: Path, env: dict[str, str], command: tuple[str, ...]
    ) -> _Bots:
        """Returns one process polling the stand-in."""
        return cls([BotProcess(api, workdir, env, command)])

    @classmethod
    def webhooks(cls, api: BotApiServer, workdir: Path, database_url: str, count: int) -> _Bots:
        """Returns `count` webhook processes on one database behind a round-robin balancer."""
        ports = [_free_port() for _ in range(2 * count)]
        backends = [f"http://127.0.0.1:{port}" for port in ports[:count]]
        health = [f"http://127.0.0.1:{port}/ready" for port in ports[count:]]
        processes = []
        for number in range(count):
            home = workdir / f"instance{number}"
            home.mkdir()
            extra = {"DATABASE_URL": database_url, "HEALTH_PORT": str(ports[count + number])}
            env = bot_env(api, home, extra=extra)
            processes.append(BotProcess(api, home, env))
        return cls(processes, Balancer(backends, health=health), ports[:count])

    async def start(self) -> None:
        """Starts every process (one after the other: the first one migrates the database)."""
        if self.balancer is None:
            await self.processes[0].start()
            return
        await self.balancer.start()
        for process, port in zip(self.processes, self.ports, strict=True):

            def is_up(bot: BotProcess = process) -> bool:
                return "is up" in bot.log()

            hook = f"{self.balancer.url}/hook"
            await process.start("--webhook-url", hook, "--port", str(port), ready=is_up)

    def profile(self, number: int) -> None:
        """Starts (SIGUSR1) or stops (SIGUSR2) the profile of processes run profiled."""
        for process in self.processes:
            if process.process is not None and "benchmarks.profiled_bot" in process.command:
                process.process.send_signal(number)

    def cpu_seconds(self) -> float:
        """Returns the CPU seconds all the processes have used so far."""
        return sum(process.cpu_seconds() for process in self.processes)

    async def stop(self) -> None:
        """Sends SIGTERM to every process at once and waits for them all."""
        await asyncio.gather(*(process.stop() for process in self.processes))
        balancer, self.balancer = self.balancer, None
        if balancer is not None:
            await balancer.stop()


async def _phase(
    name: str,
    users: int,
    *,
    limiter: bool,
    think: float,
    workload: Workload,
    workdir: Path,
    instances: int = 1,
    profile: Path | None = None,
) -> Phase:
    """Runs N users against a fresh stand-in and bot process(es); returns the figures.

    `profile`: a folder for the profile of a one-process phase's bot (benchmarks/profiled_bot.py).
    """
    async with contextlib.AsyncExitStack() as stack:
        database_url = None
        if instances > 1:
            database_url = await stack.enter_async_context(_fresh_postgres())
        return await _measure(
            name,
            users,
            limiter=limiter,
            think=think,
            workload=workload,
            workdir=workdir,
            database_url=database_url,
            instances=instances,
            profile=profile if instances == 1 else None,
        )
    raise AssertionError("unreachable: the phase returns or raises")


async def _measure(
    name: str,
    users: int,
    *,
    limiter: bool,
    think: float,
    workload: Workload,
    workdir: Path,
    database_url: str | None,
    instances: int,
    profile: Path | None,
) -> Phase:
    """Runs the users against the bot(s) and computes the figures."""
    api = BotApiServer(
        global_rate=GLOBAL_RATE_PER_SECOND if limiter else None,
        group_rate_per_minute=GROUP_RATE_PER_MINUTE if limiter else None,
    )
    await api.start()
    command: tuple[str, ...] = ECHO_COMMAND if workload is ECHO else ("-m", "bot", "run")
    if profile is not None and workload is not ECHO:
        # the measured window only, in the main thread's CPU time (benchmarks/profiled_bot.py)
        command = ("-m", "benchmarks.profiled_bot", str(profile / f"{name}-{users}.prof"), "run")
    if database_url is None:
        env = bot_env(api, workdir, rate_limiter=limiter)
        bots = _Bots.polling(api, workdir, env, command)
    else:
        bots = _Bots.webhooks(api, workdir, database_url, instances)
    stop_s = float("nan")
    try:
        await bots.start()
        # Imports, caches, the first chart: not measured (pushes alternate, so both warm up).
        warm_up = ECHO if workload is ECHO else CONVERSATION
        for number in range(instances):
            await _converse(api, api.user(f"Warm-up {number}"), 99999, 0.0, warm_up)
        await asyncio.sleep(1.5)  # let the limiter's bucket refill after the warm-up
        people = [api.user(f"User {n}") for n in range(users)]
        sent_before, rated_before = len(api.sent), len(api.rated_at)
        bots.profile(signal.SIGUSR1)
        cpu_before, driver_before = bots.cpu_seconds(), time.process_time()
        started = time.monotonic()
        arrival = CHART_ARRIVAL_S if workload is CHARTS else None
        runs = await asyncio.wait_for(
            asyncio.gather(
                *(
                    _converse(api, u, 100 + n, think, workload, arrival)
                    for n, u in enumerate(people)
                )
            ),
            RUN_TIMEOUT,
        )
        wall = time.monotonic() - started
        cpu = bots.cpu_seconds() - cpu_before
        driver = time.process_time() - driver_before
        bots.profile(signal.SIGUSR2)
        out = api.sent[sent_before:]
        rated = api.rated_at[rated_before:]
        stopping = time.monotonic()
        await bots.stop()
        stop_s = time.monotonic() - stopping
    finally:
        await bots.stop()
        await api.stop()
    latencies = [s for run in runs for s in run.latencies]
    chart = workload.chart_turn
    chart_turn = [
        r.latencies[chart] for r in runs if chart is not None and len(r.latencies) > chart
    ]
    dialog = [s for r in runs for n, s in enumerate(r.latencies) if n != chart]
    reached = [r for r in runs if chart is not None and len(r.latencies) > chart]
    charts = [r.chart_latency for r in reached if r.chart_latency is not None]
    answered = sum(run.turns_answered for run in runs)
    turns = users * len(workload.script)
    errors = sorted({run.error for run in runs if run.error})
    for error in errors[:5]:
        print(f"  {name} {users}: {error}", file=sys.stderr)
    return Phase(
        name=name,
        workload=workload.name,
        users=users,
        think_s=think,
        turns=turns,
        lost=turns - answered,
        crossed=sum(1 for r in runs if r.turns_answered > workload.check and not r.right_user),
        p50_ms=1000 * statistics.median(latencies) if latencies else float("nan"),
        p99_ms=1000 * _percentile(latencies, 99),
        dialog_p99_ms=1000 * _percentile(dialog, 99),
        recommendation_p99_ms=1000 * _percentile(chart_turn, 99),
        chart_p50_ms=1000 * statistics.median(charts) if charts else float("nan"),
        chart_p99_ms=1000 * _percentile(charts, 99),
        charts_missing=len(reached) - len(charts),
        wall_s=wall,
        updates_per_s=answered / wall,
        bot_cpu_s=cpu,
        updates_per_cpu_s=answered / cpu if cpu else float("nan"),
        cpu_ms_per_update=1000 * cpu / answered if answered else float("nan"),
        stop_s=stop_s,
        driver_cpu_s=driver,
        messages_out=len(out),
        out_rate=_steady_rate(rated),
        cap=float(GLOBAL_RATE_PER_SECOND) if limiter else None,
        rate_limited=api.rate_limited,
    )


def _table(phases: list[Phase]) -> str:
    """Returns the figures as a text table."""
    columns = [
        ("phase", 7, "{:<7}", "name"),
        ("users", 6, "{:>6}", "users"),
        ("think", 6, "{:>6.1f}", "think_s"),
        ("turns", 6, "{:>6}", "turns"),
        ("lost", 5, "{:>5}", "lost"),
        ("cross", 6, "{:>6}", "crossed"),
        ("p50 ms", 8, "{:>8.1f}", "p50_ms"),
        ("p99 ms", 9, "{:>9.1f}", "p99_ms"),
        ("dlg p99", 9, "{:>9.1f}", "dialog_p99_ms"),
        ("rec p99", 9, "{:>9.1f}", "recommendation_p99_ms"),
        ("chart p50", 10, "{:>10.0f}", "chart_p50_ms"),
        ("chart p99", 10, "{:>10.0f}", "chart_p99_ms"),
        ("no chart", 9, "{:>9}", "charts_missing"),
        ("upd/s", 7, "{:>7.1f}", "updates_per_s"),
        ("upd/cpu-s", 10, "{:>10.1f}", "updates_per_cpu_s"),
        ("cpu ms/upd", 11, "{:>11.2f}", "cpu_ms_per_update"),
        ("x echo", 7, "{:>7}", "echo_ratio"),
        ("stop s", 7, "{:>7.2f}", "stop_s"),
        ("drv cpu", 8, "{:>8.1f}", "driver_cpu_s"),
        ("out/s", 7, "{:>7.1f}", "out_rate"),
        ("cap", 5, "{:>5}", "cap"),
        ("429", 5, "{:>5}", "rate_limited"),
    ]
    head = "".join(
        f"{title:>{width}}" if n else f"{title:<{width}}"
        for n, (title, width, _, _) in enumerate(columns)
    )
    rows = [head, "-" * len(head)]
    for phase in phases:
        cells = []
        for _, width, fmt, attr in columns:
            value = _echo_ratio(phase, phases) if attr == "echo_ratio" else getattr(phase, attr)
            cells.append(f"{'-':>{width}}" if value is None else fmt.format(value))
        rows.append("".join(cells))
    return "\n".join(rows)


def _echo_ratio(phase: Phase, phases: list[Phase]) -> str:
    """Returns the phase's CPU per update over the echo bot's at the same user count."""
    echo = next((p for p in phases if p.name == "echo" and p.users == phase.users), None)
    if echo is None or not echo.cpu_ms_per_update or phase is echo:
        return "-" if echo is not phase else "1.00"
    return f"{phase.cpu_ms_per_update / echo.cpu_ms_per_update:.2f}"


_PHASES = {
    # name: (limiter, workload, think override)
    # The anchor first: PTB's echo bot on the same stand-in, the same turns (no dialog, no DB).
    "echo": (False, ECHO, None),
    "off": (False, CONVERSATION, None),
    # The same users and think time without the recommendation turn: the cost without a chart.
    "nochart": (False, DIALOG, None),
    "on": (True, CONVERSATION, None),
    "burst": (True, DIALOG, 0.0),
    # 40 founders within 10 s, each saying everything at once: chart latency through the pool.
    "charts": (False, CHARTS, 0.3),
    # As off, on two webhook instances sharing one PostgreSQL database (founders over both).
    "pg2": (False, CONVERSATION, None),
}
_INSTANCES = {"pg2": 2}


async def _main(
    user_counts: list[int], think: float, phases: list[str], profile: Path | None = None
) -> list[Phase]:
    """Runs every requested phase for every user count."""
    results: list[Phase] = []
    with tempfile.TemporaryDirectory(prefix="bot_load_") as tmp:
        for users in user_counts:
            for name in phases:
                limiter, workload, override = _PHASES[name]
                if workload is CHARTS and users != user_counts[0]:
                    continue  # one fixed-size scenario, run once
                count = CHART_FOUNDERS if workload is CHARTS else users
                workdir = Path(tmp) / f"{name}-{users}"
                workdir.mkdir(parents=True)
                print(f"running {name}: {users} users ...", file=sys.stderr)
                try:
                    phase = await _phase(
                        name,
                        count,
                        limiter=limiter,
                        think=think if override is None else override,
                        workload=workload,
                        workdir=workdir,
                        instances=_INSTANCES.get(name, 1),
                        profile=profile,
                    )
                except PostgresAway as exc:
                    print(f"  {name}: skipped: {exc}", file=sys.stderr)
                    continue
                results.append(phase)
    return results


LEGEND = """
p50/p99: update -> first reply over all turns; dlg p99: turns without a chart; rec p99: the
recommendation turn (text first; the chart follows, drawn in a worker process whose CPU is not
counted); chart p50/p99: update -> the chart photo; no chart: recommendations whose chart never
came; x echo: CPU per update over the echo bot's; stop s: SIGTERM -> exit; upd/cpu-s: updates
handled per CPU-second of the bot's main process; drv cpu: CPU seconds of the stand-in and
simulated users (same machine); out/s: flood-controlled calls a second (middle 80 %); cap: the
429 threshold."""


def main(argv: list[str] | None = None) -> int:
    """Runs the benchmark, prints the table (or JSON); exits 1 if anything was lost or crossed."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.bot_load",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--users", default="50,200", help="comma-separated user counts")
    parser.add_argument(
        "--think",
        type=float,
        default=10.0,
        help="mean seconds a founder takes to read an answer and type the next message",
    )
    parser.add_argument(
        "--phases",
        default="echo,off,nochart,on,burst,pg2",
        help="any of: echo, off, nochart, on, burst, charts, pg2",
    )
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument(
        "--profile",
        type=Path,
        metavar="DIR",
        help="run each bot under cProfile, writing DIR/<phase>-<users>.prof (slower figures)",
    )
    args = parser.parse_args(argv)
    if args.profile is not None:
        args.profile.mkdir(parents=True, exist_ok=True)
    user_counts = [int(n) for n in args.users.split(",") if n.strip()]
    phases = [p.strip() for p in args.phases.split(",") if p.strip()]
    unknown = [p for p in phases if p not in _PHASES]
    if unknown:
        parser.error(f"unknown phase(s): {', '.join(unknown)} (choose from {', '.join(_PHASES)})")
    results = asyncio.run(_main(user_counts, args.think, phases, args.profile))
    if args.json:
        print(json.dumps([asdict(p) for p in results], indent=2))
    else:
        print(_table(results))
        print(LEGEND)
    ok = all(p.lost == 0 and p.crossed == 0 and p.rate_limited == 0 for p in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
