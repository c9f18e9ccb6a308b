"""SQLAlchemy's aiosqlite adapter with one thread hop per statement instead of three or four.

aiosqlite runs every sqlite3 call in its connection's own thread, and the adapter makes a call
for each step of a statement: create the cursor, execute, fetch the rows, close the cursor.
Each call is a hand-off to that thread and a wake-up of the event loop, about as costly as the
statement itself on the bot's hot path (~67 hand-offs an update). This cursor does the four
steps in one call in the same thread, on the same sqlite3 connection, so SQLite sees exactly
the statements, transactions and locks it saw before. Server-side cursors keep the original.
A transaction's BEGIN (bot/store/db.py) runs in the same call as its first statement, not in a
hand-off of its own: BEGIN, then the statement, as before, with one trip to the thread fewer
per transaction; a transaction that runs no statement begins and commits nothing.

It leans on aiosqlite's `Connection._execute` (run a function in the connection's thread),
which SQLAlchemy's adapter itself reaches past the public API for; tests/store/test_db.py
runs every store test through it.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)
from sqlalchemy.util import EMPTY_DICT
from sqlalchemy.util.concurrency import await_

# What one statement leaves on its cursor: description, rows, rowcount, lastrowid.
_Outcome = tuple[Any, list[Any], int, int | None]


def _run(
    connection: aiosqlite.Connection, begin: str | None, operation: str, parameters: Any
) -> _Outcome:
    """Runs one statement to the end in the connection's thread (cursor closed after), after
    the transaction's `begin` when it is the transaction's first."""
    sqlite = connection._conn
    if begin is not None:
        sqlite.execute(begin)
    cursor = sqlite.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _run_many(
    connection: aiosqlite.Connection, begin: str | None, operation: str, rows: Sequence[Any]
) -> _Outcome:
    """Runs one statement over many parameter sets in the connection's thread (after `begin`)."""
    sqlite = connection._conn
    if begin is not None:
        sqlite.execute(begin)
    cursor = sqlite.cursor()
    try:
        cursor.executemany(operation, rows)
        return cursor.description, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    """A client-side cursor whose statement runs in one call to aiosqlite's thread."""

    __slots__ = ("_description", "_lastrowid", "_rowcount")
    # No aiosqlite cursor stays open: nothing to close from the async side afterwards.
    _awaitable_cursor_close = False

    def __init__(self, adapt_connection: AsyncAdapt_aiosqlite_connection) -> None:
        # The base class opens an aiosqlite cursor here (one hand-off); none is needed.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = EMPTY_DICT
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    @property
    def arraysize(self) -> int:
        return 1  # sqlite3's default

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        pass  # every row is fetched at once anyway

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        begin = self._adapt_connection.take_begin()  # type: ignore[attr-defined]
        try:
            ran = self._connection._execute(_run, self._connection, begin, operation, parameters)
            outcome = await_(ran)
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._keep(outcome)
        return None

    def executemany(self, operation: Any, parameter_sets: Any) -> Any:
        begin = self._adapt_connection.take_begin()  # type: ignore[attr-defined]
        try:
            ran = self._connection._execute(
                _run_many, self._connection, begin, operation, parameter_sets
            )
            outcome = await_(ran)
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self._keep(outcome)
        return None

    def _keep(self, outcome: _Outcome) -> None:
        """Holds what the statement left, as the base class's cursor would."""
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)

    def close(self) -> None:
        self._rows.clear()


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    """The adapter's connection, handing out one-hop cursors."""

    __slots__ = ("_begin",)
    _cursor_cls = OneHopCursor  # type: ignore[assignment]  # a subclass of the declared one

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self._begin: str | None = None  # the BEGIN the next statement runs first

    def begin_with_next(self, statement: str) -> None:
        """Has the next statement run `statement` (BEGIN ...) first, in the same hand-off."""
        self._begin = statement

    def take_begin(self) -> str | None:
        """Returns (once) the BEGIN still to run before the next statement, if any."""
        begin, self._begin = self._begin, None
        return begin

    def cursor(self, server_side: bool = False) -> Any:
        """Returns a cursor; a server-side one (aiosqlite's own) finds the BEGIN run already."""
        if server_side and self._begin is not None:
            OneHopCursor(self).execute("SELECT 1")  # runs the BEGIN first, in one hand-off
        return super().cursor(server_side)

    def commit(self) -> None:
        """Commits the open transaction; when none began (no statement ran), does nothing."""
        self._begin = None
        sqlite = self._connection._connection
        if sqlite is not None and sqlite.in_transaction:
            super().commit()

    def rollback(self) -> None:
        """Rolls back the open transaction; outside one, does nothing (and no hand-off).

        The pool rolls back every connection that comes back, after a commit too: one more
        hand-off to aiosqlite's thread per unit of work for a ROLLBACK that SQLite would
        ignore. Nothing else uses the connection while it is handed back, so asking sqlite3
        whether a transaction is open (a flag, read without the thread) is safe here.
        """
        self._begin = None  # a BEGIN not run yet has nothing to roll back
        sqlite = self._connection._connection  # None once closed: nothing to roll back
        if sqlite is not None and sqlite.in_transaction:
            super().rollback()


class OneHopDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The adapter's DB-API module, making one-hop connections (pass it as `module=`)."""

    def connect(self, *arg: Any, **kw: Any) -> OneHopConnection:
        creator_fn = kw.pop("async_creator_fn", None)
        connection = creator_fn(*arg, **kw) if creator_fn else aiosqlite.connect(*arg, **kw)
        if not creator_fn:
            # As the adapter does: the thread must not keep a finished program alive.
            connection._thread.daemon = True
        return OneHopConnection(self, await_(connection))


def one_hop_dbapi() -> OneHopDBAPI:
    """Returns the module to give create_async_engine for an aiosqlite URL."""
    return OneHopDBAPI(aiosqlite, sqlite3)


__all__ = ["OneHopConnection", "OneHopCursor", "OneHopDBAPI", "one_hop_dbapi"]
