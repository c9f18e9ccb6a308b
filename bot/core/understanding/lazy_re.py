"""The `re` module, with patterns compiled on their first use instead of at import.

The readers of founder messages define some 400 patterns at module level; compiling them all
at import was about a quarter of the bot's start-up CPU, though a message uses only some. A
module imports this as `re` and keeps writing `re.compile(...)`: the pattern it gets behaves
as the compiled one (its methods are the compiled pattern's own after the first call), and
the module-level functions accept it wherever `re` takes a pattern. `warm` compiles the ones
still waiting a few at a time, so a process can pay for them before its first founder does.
"""

from __future__ import annotations

import re as _re
import weakref
from re import (
    ASCII,
    DOTALL,
    IGNORECASE,
    MULTILINE,
    UNICODE,
    VERBOSE,
    A,
    I,
    M,
    Match,
    Pattern,
    S,
    U,
    X,
    escape,
)
from typing import Any, cast

# What a compiled pattern offers besides `pattern`; each is taken over on the first use.
_TAKEN_OVER = (
    "findall",
    "finditer",
    "flags",
    "fullmatch",
    "groupindex",
    "groups",
    "match",
    "scanner",
    "search",
    "split",
    "sub",
    "subn",
)


class LazyPattern:
    """A regular expression compiled the first time anything but its source is asked for."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags
        _WAITING.append(weakref.ref(self))  # weak: a pattern made inside a function may go

    def compiled(self) -> Pattern[str]:
        """Returns the compiled pattern (compiled now if it was not yet)."""
        compiled = _re.compile(self.pattern, self._flags)
        for name in _TAKEN_OVER:
            # Instance attributes: later calls go straight to the compiled pattern's methods.
            setattr(self, name, getattr(compiled, name))
        self.compiled = lambda: compiled  # type: ignore[method-assign]
        return compiled

    def __getattr__(self, name: str) -> Any:
        # Only reached for what the instance lacks: before the first use.
        if name.startswith("__") or name not in _TAKEN_OVER:
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"lazy {_re.compile(self.pattern, self._flags)!r}"


# Patterns not compiled yet (some may have been compiled by their use since they were made).
_WAITING: list[weakref.ref[LazyPattern]] = []


def warm(count: int) -> int:
    """Compiles up to `count` of the patterns not used yet; returns how many still wait.

    A broken pattern is left to raise where it is used, as it would without this.
    """
    done = 0
    while _WAITING and done < count:
        pattern = _WAITING.pop()()
        if pattern is None or "match" in vars(pattern):  # gone, or compiled by its use
            continue
        try:
            pattern.compiled()
        except _re.error:
            continue
        done += 1
    return len(_WAITING)


def _real(pattern: Any) -> Any:
    """Returns what `re` itself takes for a pattern."""
    return pattern.compiled() if isinstance(pattern, LazyPattern) else pattern


def compile(pattern: str | Pattern[str], flags: int = 0) -> Pattern[str]:
    """Returns the pattern, compiled on its first use (typed as re's: it behaves as one)."""
    if not isinstance(pattern, str):  # a pattern already (compiled or lazy)
        return _re.compile(_real(pattern), flags)
    return cast(Pattern[str], LazyPattern(pattern, int(flags)))


def search(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    """re.search."""
    return _re.search(_real(pattern), string, flags)


def match(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    """re.match."""
    return _re.match(_real(pattern), string, flags)


def fullmatch(pattern: Any, string: str, flags: int = 0) -> Match[str] | None:
    """re.fullmatch."""
    return _re.fullmatch(_real(pattern), string, flags)


def sub(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> str:
    """re.sub."""
    return _re.sub(_real(pattern), repl, string, count=count, flags=flags)


def subn(pattern: Any, repl: Any, string: str, count: int = 0, flags: int = 0) -> tuple[str, int]:
    """re.subn."""
    return _re.subn(_real(pattern), repl, string, count=count, flags=flags)


def split(pattern: Any, string: str, maxsplit: int = 0, flags: int = 0) -> list[Any]:
    """re.split."""
    return _re.split(_real(pattern), string, maxsplit=maxsplit, flags=flags)


def findall(pattern: Any, string: str, flags: int = 0) -> list[Any]:
    """re.findall."""
    return _re.findall(_real(pattern), string, flags)


def finditer(pattern: Any, string: str, flags: int = 0) -> Any:
    """re.finditer."""
    return _re.finditer(_real(pattern), string, flags)


__all__ = [
    "ASCII",
    "DOTALL",
    "IGNORECASE",
    "MULTILINE",
    "UNICODE",
    "VERBOSE",
    "A",
    "I",
    "LazyPattern",
    "M",
    "Match",
    "Pattern",
    "S",
    "U",
    "X",
    "compile",
    "escape",
    "findall",
    "finditer",
    "fullmatch",
    "match",
    "search",
    "split",
    "sub",
    "subn",
    "warm",
]
