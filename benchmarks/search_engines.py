"""The engines benchmarks/search.py compares: the index and three anchors a team might pick.

Each engine builds over the suppliers once, then answers (query, filters, k) with ranked ids.
The anchors search one string per supplier (name, category names, keywords) and express the
hard filters natively (SQL WHERE, a pre-filtered list), with the index's semantics: an
unknown MOQ, country or region fails a filter on it.
"""

from __future__ import annotations

import asyncio
import os
import re
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from rapidfuzz import fuzz, process, utils

from bot.core.search.matching import SearchIndex, passes
from bot.core.types import SearchFilters, Supplier, Taxonomy
from bot.core.understanding.geography import CODE_ALIASES

PGURL = os.environ.get("PGURL", "postgresql://postgres@127.0.0.1:5432/test")
_REGIONS = {
    "europe": ("europe", "eu", "uk"),
    "asia": ("asia", "apac"),
    "north america": ("north america", "na"),
}
_WORD = re.compile(r"\w+")


class Unavailable(Exception):
    """The engine cannot run here (e.g. no PostgreSQL)."""


class Engine(Protocol):
    """What the benchmark asks of an engine."""

    def build(self, suppliers: Sequence[Supplier]) -> None: ...
    def search(self, text: str, filters: SearchFilters | None, k: int) -> list[int]: ...
    def close(self) -> None: ...


def document(supplier: Supplier, taxonomy: Taxonomy) -> str:
    """Returns the one string per supplier an anchor searches."""
    names = []
    for cid in supplier.categories:
        category = taxonomy.get(cid)
        names.append(category.name if category else cid.replace("-", " "))
    return " ".join([supplier.name, *names, *supplier.keywords])


def _country(code: str | None) -> str | None:
    if not code:
        return None
    upper = code.strip().upper()
    return CODE_ALIASES.get(upper, upper)


def _region(name: str | None) -> str | None:
    return " ".join(name.casefold().split()) if name else None


def _where(filters: SearchFilters | None, mark: Callable[[object], str]) -> tuple[str, list[Any]]:
    """Returns an SQL condition for the filters (the index's semantics) and its parameters."""
    if filters is None:
        return "", []
    parts: list[str] = []
    params: list[Any] = []
    if filters.country is not None:
        parts.append(f"country = {mark(_country(filters.country))}")
    if filters.region is not None:
        wanted = _REGIONS.get(_region(filters.region) or "", (_region(filters.region),))
        parts.append("region IN (" + ", ".join(mark(r) for r in wanted) + ")")
    if filters.max_moq is not None:
        parts.append(f"moq IS NOT NULL AND moq <= {mark(filters.max_moq)}")
    if filters.small_series_only:
        parts.append("small = 1" if mark is _qmark else "small")
    return " AND ".join(parts), params


def _qmark(value: object) -> str:
    """Inlines a value into SQLite SQL (benchmark-only: values are our own filters)."""
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


class IndexEngine:
    """The search index under test."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._index = SearchIndex()

    def build(self, suppliers: Sequence[Supplier]) -> None:
        self._index = SearchIndex.build(suppliers, self._taxonomy)

    def search(self, text: str, filters: SearchFilters | None, k: int) -> list[int]:
        result = self._index.search(text, filters or SearchFilters(), limit=k)
        return [h.supplier.id for h in result.hits if h.supplier.id is not None]

    def close(self) -> None:
        pass


class ScanEngine:
    """rapidfuzz WRatio over every supplier's string (a filtered query scans those passing)."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._suppliers: Sequence[Supplier] = ()
        self._strings: list[str] = []
        self._subsets: dict[SearchFilters, tuple[list[str], list[int]]] = {}

    def build(self, suppliers: Sequence[Supplier]) -> None:
        self._suppliers = suppliers
        # processed once, as an application would keep them
        self._strings = [utils.default_process(document(s, self._taxonomy)) for s in suppliers]

    def _subset(self, filters: SearchFilters) -> tuple[list[str], list[int]]:
        # the passing subset is computed once per filter, as a database index would hold it
        found = self._subsets.get(filters)
        if found is None:
            keep = [i for i, s in enumerate(self._suppliers) if passes(s, filters)]
            found = self._subsets[filters] = ([self._strings[i] for i in keep], keep)
        return found

    def search(self, text: str, filters: SearchFilters | None, k: int) -> list[int]:
        if filters is None:
            strings, positions = self._strings, None
        else:
            strings, positions = self._subset(filters)
        found = process.extract(utils.default_process(text), strings, scorer=fuzz.WRatio, limit=k)
        out = []
        for _, _, at in found:
            position = at if positions is None else positions[at]
            out.append(self._suppliers[position].id or 0)
        return out

    def close(self) -> None:
        pass


def _trigram_query(text: str) -> str:
    """Returns an FTS5 query OR-ing the query's trigrams (so a typo still matches most)."""
    grams: list[str] = []
    for word in _WORD.findall(text.casefold()):
        for i in range(max(1, len(word) - 2)):
            gram = word[i : i + 3]
            if len(gram) == 3 and gram not in grams:
                grams.append(gram)
    return " OR ".join('"' + g.replace('"', '""') + '"' for g in grams)


class Fts5Engine:
    """SQLite FTS5, trigram tokenizer, bm25 ranking, in memory."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._db = sqlite3.connect(":memory:")

    def build(self, suppliers: Sequence[Supplier]) -> None:
        db = self._db
        db.execute("CREATE VIRTUAL TABLE docs USING fts5(doc, tokenize='trigram')")
        db.execute(
            "CREATE TABLE meta (id INTEGER PRIMARY KEY, country TEXT, region TEXT, moq INTEGER,"
            " small INTEGER)"
        )
        db.executemany(
            "INSERT INTO docs (rowid, doc) VALUES (?, ?)",
            ((s.id, document(s, self._taxonomy)) for s in suppliers),
        )
        db.executemany(
            "INSERT INTO meta VALUES (?, ?, ?, ?, ?)",
            (
                (s.id, _country(s.country), _region(s.region), s.moq, s.small_series is True)
                for s in suppliers
            ),
        )
        for column in ("country", "region", "moq", "small"):
            db.execute(f"CREATE INDEX meta_{column} ON meta ({column})")
        db.commit()

    def search(self, text: str, filters: SearchFilters | None, k: int) -> list[int]:
        match = _trigram_query(text)
        if not match:
            return []
        where, _ = _where(filters, _qmark)
        sql = "SELECT docs.rowid FROM docs"
        if where:
            sql += f" JOIN meta ON meta.id = docs.rowid WHERE docs MATCH ? AND {where}"
        else:
            sql += " WHERE docs MATCH ?"
        sql += " ORDER BY rank LIMIT ?"
        return [row[0] for row in self._db.execute(sql, (match, k))]

    def close(self) -> None:
        self._db.close()


class PgTrgmEngine:
    """PostgreSQL pg_trgm GiST KNN in a scratch database this run creates and drops."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self._taxonomy = taxonomy
        self._loop = asyncio.new_event_loop()
        self._name = f"bench_trgm_{os.getpid()}"
        self._admin: Any = None
        self._conn: Any = None
        try:
            import asyncpg

            self._asyncpg = asyncpg
            self._admin = self._run(asyncpg.connect(PGURL, timeout=3))
        except Exception as exc:
            self._loop.close()
            raise Unavailable(f"PostgreSQL not reachable at {PGURL} ({exc})") from exc

    def _run(self, awaitable: Any) -> Any:
        return self._loop.run_until_complete(awaitable)

    def build(self, suppliers: Sequence[Supplier]) -> None:
        self._run(self._admin.execute(f'CREATE DATABASE "{self._name}"'))
        base = PGURL.rsplit("/", 1)[0]
        self._conn = self._run(self._asyncpg.connect(f"{base}/{self._name}"))
        self._run(self._load(suppliers))

    async def _load(self, suppliers: Sequence[Supplier]) -> None:
        conn = self._conn
        await conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        await conn.execute(
            "CREATE TABLE s (id int PRIMARY KEY, doc text, country text, region text,"
            " moq bigint, small boolean)"
        )
        await conn.copy_records_to_table(
            "s",
            records=[
                (
                    s.id,
                    document(s, self._taxonomy),
                    _country(s.country),
                    _region(s.region),
                    s.moq,
                    s.small_series is True,
                )
                for s in suppliers
            ],
        )
        await conn.execute("CREATE INDEX s_doc ON s USING gist (doc gist_trgm_ops)")
        for column in ("country", "region", "moq", "small"):
            await conn.execute(f"CREATE INDEX s_{column} ON s ({column})")
        await conn.execute("ANALYZE s")

    def search(self, text: str, filters: SearchFilters | None, k: int) -> list[int]:
        params: list[Any] = [text]

        def mark(value: object) -> str:
            params.append(value)
            return f"${len(params)}"

        where, _ = _where(filters, mark)
        # the condition is built from our own filters with $n parameters
        sql = "SELECT id FROM s" + (f" WHERE {where}" if where else "")  # noqa: S608
        sql += f" ORDER BY doc <-> $1 LIMIT {int(k)}"
        rows = self._run(self._conn.fetch(sql, *params))
        return [row["id"] for row in rows]

    def close(self) -> None:
        try:
            if self._conn is not None:
                self._run(self._conn.close())
            self._run(self._admin.execute(f'DROP DATABASE IF EXISTS "{self._name}"'))
            self._run(self._admin.close())
        finally:
            self._loop.close()


ENGINES: dict[str, Callable[[Taxonomy], Engine]] = {
    "index": IndexEngine,
    "pg": PgTrgmEngine,
    "fts5": Fts5Engine,
    "scan": ScanEngine,
}
