"""The lock files pin every dependency pyproject.toml declares, at a version it allows.

A dependency added or bumped in pyproject.toml without `scripts/lock.sh` fails here, so the image
(requirements.lock) and a fresh `scripts/setup.sh` (requirements-dev.lock) never silently install
versions nobody tested.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
# lock file -> the extras it is compiled with (scripts/lock.sh)
LOCKS = {"requirements.lock": ("postgres",), "requirements-dev.lock": ("dev",)}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.MULTILINE)
RELOCK = "run scripts/lock.sh and commit both lock files"


def pins(lock: str) -> dict[str, str]:
    """Returns the canonical name -> pinned version of every package in a lock file."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {canonicalize_name(name): version for name, version in PIN.findall(text)}


def declared(extras: tuple[str, ...]) -> list[Requirement]:
    """Returns the runtime requirements plus those of `extras`, as pyproject.toml states them."""
    lines = list(PYPROJECT["dependencies"])
    for extra in extras:
        lines += PYPROJECT["optional-dependencies"][extra]
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize(("lock", "extras"), LOCKS.items())
def test_every_declared_dependency_is_pinned_at_an_allowed_version(
    lock: str, extras: tuple[str, ...]
) -> None:
    pinned = pins(lock)
    missing = [str(r) for r in declared(extras) if canonicalize_name(r.name) not in pinned]
    assert not missing, f"{lock} does not pin {', '.join(missing)}: {RELOCK}"
    outside = [
        f"{r} (locked {pinned[canonicalize_name(r.name)]})"
        for r in declared(extras)
        if not r.specifier.contains(pinned[canonicalize_name(r.name)], prereleases=True)
    ]
    assert not outside, (
        f"{lock} pins versions pyproject.toml excludes: {'; '.join(outside)}: {RELOCK}"
    )


def test_every_pin_of_the_image_carries_hashes() -> None:
    lock = "requirements.lock"  # the dev lock is used as constraints, where pip refuses hashes
    text = (ROOT / lock).read_text(encoding="utf-8")
    blocks = re.split(r"\n(?=[A-Za-z0-9])", text)  # one block per pinned package
    unhashed = [b.split()[0] for b in blocks if "==" in b and "--hash=sha256:" not in b]
    assert not unhashed, f"{lock} pins without hashes: {unhashed}: {RELOCK}"


def test_the_image_and_the_dev_install_share_every_common_version() -> None:
    runtime, dev = pins("requirements.lock"), pins("requirements-dev.lock")
    differ = {
        name: (v, dev[name]) for name, v in runtime.items() if name in dev and dev[name] != v
    }
    assert not differ, f"the two lock files disagree on {differ}: {RELOCK}"
