"""Picks typed messages out of a turn, so the tests read their fields without casts."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def only(messages: Sequence[object], kind: type[T]) -> T:
    """Returns the one message of `kind` in a turn; fails the test unless there is exactly one."""
    found = [m for m in messages if isinstance(m, kind)]
    assert len(found) == 1, (
        f"expected one {kind.__name__} in {[type(m).__name__ for m in messages]}"
    )
    return found[0]
