"""The Dockerfile, read as Docker reads it: no engine here, so its HEALTHCHECK runs on the host
against the real health endpoint, and the layer order is checked instruction by instruction."""

from __future__ import annotations

import asyncio
import json
import os
import re
import sys
from pathlib import Path
from typing import Any

from bot.telegram.health import HEALTH_ADDRESS_KEY, start_health, stop_health

DOCKERFILE = Path(__file__).resolve().parents[1] / "Dockerfile"


def instructions() -> list[tuple[str, str]]:
    """Returns (INSTRUCTION, arguments) in order, continuation lines joined, comments dropped."""
    text = DOCKERFILE.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    joined = re.sub(r"\\\n", " ", "\n".join(lines))
    found = []
    for line in joined.splitlines():
        if line.strip():
            keyword, _, rest = line.strip().partition(" ")
            found.append((keyword.upper(), " ".join(rest.split())))
    return found


def healthcheck_command() -> list[str]:
    """Returns the HEALTHCHECK's exec-form command."""
    (check,) = [args for keyword, args in instructions() if keyword == "HEALTHCHECK"]
    command: list[str] = json.loads(check.split(" CMD ", 1)[1])
    return command


def image_env() -> dict[str, str]:
    """Returns the ENV defaults of the image."""
    env: dict[str, str] = {}
    for keyword, args in instructions():
        if keyword == "ENV":
            env |= dict(pair.split("=", 1) for pair in args.split())
    return env


async def run_check(port: int) -> int:
    """Runs the HEALTHCHECK command as the container would, with the image's HEALTH_PORT."""
    program, *args = healthcheck_command()
    assert program == "python"
    env = {**os.environ, "HEALTH_PORT": str(port)}
    process = await asyncio.create_subprocess_exec(sys.executable, *args, env=env)
    return await asyncio.wait_for(process.wait(), 20)


async def test_the_healthcheck_passes_while_the_bot_serves_and_fails_once_it_stops() -> None:
    bot_data: dict[str, Any] = {HEALTH_ADDRESS_KEY: ("127.0.0.1", 0)}
    health = await start_health(bot_data, check=None)  # liveness does not ask the database
    assert health is not None
    assert health.port is not None
    assert await run_check(health.port) == 0
    await stop_health(bot_data)
    assert await run_check(health.port) != 0


def test_the_image_turns_the_health_endpoint_on() -> None:
    assert image_env()["HEALTH_PORT"].isdigit()
    assert "HEALTH_PORT" in " ".join(healthcheck_command())


def test_dependencies_are_a_layer_of_their_own_below_the_code() -> None:
    steps = instructions()
    order = [f"{keyword} {args}" for keyword, args in steps]
    lock_copy = order.index("COPY requirements.lock ./")
    lock_install = next(i for i, s in enumerate(order) if "-r requirements.lock" in s)
    code_copy = order.index("COPY bot ./bot")
    assert lock_copy < lock_install < code_copy
    assert "--require-hashes" in order[lock_install]
    (package_install,) = [s for s in order[code_copy:] if s.startswith("RUN pip install")]
    assert "--no-deps" in package_install


def test_the_bot_runs_as_a_numeric_non_root_user() -> None:
    users = [args for keyword, args in instructions() if keyword == "USER"]
    assert users, "the image runs as root"
    assert users[-1].split(":")[0].isdigit()
    assert users[-1].split(":")[0] != "0"
