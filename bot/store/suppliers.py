"""The supplier repository: maps rows to and from core `Supplier` values; never commits."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import ColumnElement, Dialect, Table, func, insert, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.curation.knowledge import name_key, supplier_key, website_key
from bot.core.types import InputError, PriceTier, Status, Supplier
from bot.store.models import PriceTierRow, SupplierCategoryRow, SupplierRow, utcnow

# Rows written per flush during a bulk import (keeps memory flat and lets progress move).
_FLUSH_EVERY = 500


@dataclass(frozen=True)
class UpsertReport:
    """What an import did: how many suppliers were added and updated (and which were updated)."""

    added: int
    updated: int
    updated_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Snapshot:
    """The live suppliers, the latest change's time, and the stamps of the changes made just
    before it (id -> stamp), read before the suppliers: a follower that knows them does not
    read those suppliers again (after a large import, every one of them)."""

    suppliers: list[Supplier]
    watermark: datetime | None
    stamps: dict[int, datetime]


@dataclass(frozen=True)
class KbStats:
    """Counts over live suppliers: suppliers, distinct categories and countries, small-series,
    and sourced (a source that was read: not the general-knowledge `unchecked` ones)."""

    suppliers: int
    categories: int
    countries: int
    small_series: int
    sourced: int


def _to_supplier(row: SupplierRow) -> Supplier:
    """Returns the core value of a row (its children must be loaded)."""
    return Supplier(
        id=row.id,
        name=row.name,
        categories=tuple(category.category for category in row.categories),
        website=row.website,
        email=row.email,
        country=row.country,
        region=row.region,
        keywords=tuple(row.keywords or ()),
        moq=row.moq,
        moq_unit=row.moq_unit,
        setup_fee=Decimal(row.setup_fee) if row.setup_fee is not None else None,
        below_moq_fee=Decimal(row.below_moq_fee) if row.below_moq_fee is not None else None,
        lead_time_days=row.lead_time_days,
        currency=row.currency,
        price_tiers=tuple(
            PriceTier(min_qty=tier.min_qty, unit_price=Decimal(tier.unit_price))
            for tier in row.price_tiers
        ),
        small_series=row.small_series,
        status=Status(row.status),
        certifications=tuple(row.certifications or ()),
        notes=row.notes,
        source=row.source,
    )


# Columns read to make a Supplier, in _from_columns's order.
_COLUMNS = (
    SupplierRow.id, SupplierRow.name, SupplierRow.website, SupplierRow.email,
    SupplierRow.country, SupplierRow.region, SupplierRow.keywords, SupplierRow.moq,
    SupplierRow.moq_unit, SupplierRow.setup_fee, SupplierRow.below_moq_fee,
    SupplierRow.lead_time_days, SupplierRow.currency, SupplierRow.small_series,
    SupplierRow.status, SupplierRow.certifications, SupplierRow.notes, SupplierRow.source,
)  # fmt: skip
# The tables themselves, for Core inserts: an insert of the ORM classes is the ORM's bulk
# insert, which groups the rows by the columns they leave out (None) and runs many groups
# row by row (1,500 statements for 2,000 suppliers).
_SUPPLIERS = cast(Table, SupplierRow.__table__)
_CATEGORIES = cast(Table, SupplierCategoryRow.__table__)
_TIERS = cast(Table, PriceTierRow.__table__)
# Changes read per partition by changed_since: the follower's first sync after a large
# import reads every stamp near the latest change (10,000-100,000); a partition's rows are
# handled on the event loop in one go (about 2 ms per 500 on a quiet machine).
_STAMPS_PER_PARTITION = 500
# Ids per IN (...) when loading chosen suppliers (well under every engine's parameter limit).
_LOAD_CHUNK = 500


def _from_columns(
    row: Sequence[Any], categories: dict[int, list[str]], tiers: dict[int, list[PriceTier]]
) -> Supplier:
    """Returns the core value of a row of _COLUMNS and its children (as _to_supplier does)."""
    (supplier_id, name, website, email, country, region, keywords, moq, moq_unit, setup_fee,
     below_moq_fee, lead_time_days, currency, small_series, status, certifications, notes,
     source) = row  # fmt: skip
    return Supplier(
        id=supplier_id,
        name=name,
        categories=tuple(categories.get(supplier_id, ())),
        website=website,
        email=email,
        country=country,
        region=region,
        keywords=tuple(keywords or ()),
        moq=moq,
        moq_unit=moq_unit,
        setup_fee=Decimal(setup_fee) if setup_fee is not None else None,
        below_moq_fee=Decimal(below_moq_fee) if below_moq_fee is not None else None,
        lead_time_days=lead_time_days,
        currency=currency,
        price_tiers=tuple(tiers.get(supplier_id, ())),
        small_series=small_series,
        status=Status(status),
        certifications=tuple(certifications or ()),
        notes=notes,
        source=source,
    )


def _aware(stamp: datetime) -> datetime:
    """Returns a stored time as UTC-aware (SQLite hands back naive UTC times)."""
    return stamp if stamp.tzinfo is not None else stamp.replace(tzinfo=UTC)


def _values(supplier: Supplier, now: datetime) -> dict[str, object]:
    """Returns the suppliers-table columns of a new supplier, for a Core insert."""
    return {
        "name": supplier.name,
        "name_key": name_key(supplier.name),
        "website": supplier.website,
        "website_key": website_key(supplier.website),
        "email": supplier.email,
        "country": supplier.country,
        "region": supplier.region,
        "keywords": list(supplier.keywords),
        "certifications": list(supplier.certifications),
        "moq": supplier.moq,
        "moq_unit": supplier.moq_unit,
        "setup_fee": str(supplier.setup_fee) if supplier.setup_fee is not None else None,
        "below_moq_fee": (
            str(supplier.below_moq_fee) if supplier.below_moq_fee is not None else None
        ),
        "lead_time_days": supplier.lead_time_days,
        "currency": supplier.currency,
        "small_series": supplier.small_series,
        "status": Status(supplier.status).value,
        "notes": supplier.notes,
        "source": supplier.source,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }


class _DriverRows:
    """New suppliers, their categories and tiers as SQLite's driver takes them (each value
    through its column type's bind processor), numbered from 0: made before the write lock is
    taken, so that the import holds it only while SQLite writes (SQLAlchemy's own executemany
    did this work, a second of the lock's time for 10,000 suppliers)."""

    def __init__(self, suppliers: Sequence[Supplier], now: datetime, dialect: Dialect) -> None:
        self.count = len(suppliers)
        columns = [c for c in _SUPPLIERS.columns if c.name != "id"]
        processors = [c.type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
        self._suppliers: list[tuple[object, ...]] = []
        for supplier in suppliers:
            values = _values(supplier, now)
            self._suppliers.append(
                tuple(
                    value if process is None or value is None else process(value)
                    for process, value in zip(
                        processors, (values[c.name] for c in columns), strict=True
                    )
                )
            )
        self._categories = [
            [(position, category) for position, category in enumerate(s.categories)]
            for s in suppliers
        ]
        self._tiers = [[(t.min_qty, str(t.unit_price)) for t in s.price_tiers] for s in suppliers]
        names = ["id", *(c.name for c in columns)]
        self._sql = (
            _insert_sql(_SUPPLIERS, names, dialect),
            _insert_sql(_CATEGORIES, ["supplier_id", "position", "category"], dialect),
            _insert_sql(_TIERS, ["supplier_id", "min_qty", "unit_price"], dialect),
        )

    def batch(
        self, start: int, end: int, first_id: int
    ) -> list[tuple[str, list[tuple[object, ...]]]]:
        """Returns the statements and rows of suppliers start..end, numbered from first_id."""
        ids = range(first_id + start, first_id + end)
        span = range(start, end)
        return [
            (self._sql[0], [(i, *self._suppliers[n]) for i, n in zip(ids, span, strict=True)]),
            (
                self._sql[1],
                [(i, *c) for i, n in zip(ids, span, strict=True) for c in self._categories[n]],
            ),
            (
                self._sql[2],
                [(i, *t) for i, n in zip(ids, span, strict=True) for t in self._tiers[n]],
            ),
        ]


def _insert_sql(table: Table, names: Sequence[str], dialect: Dialect) -> str:
    """Returns the driver's INSERT statement of every column of the table, whose order
    `names` must repeat (positional parameters)."""
    if list(names) != [c.name for c in table.columns]:
        raise ValueError(f"{table.name}: columns {names} are not the table's, in its order")
    return str(insert(table).compile(dialect=dialect, column_keys=list(names)))


def _fill(row: SupplierRow, supplier: Supplier) -> None:
    """Copies every field of `supplier` onto `row`, replacing its categories and tiers."""
    row.name = supplier.name
    row.name_key = name_key(supplier.name)
    row.website = supplier.website
    row.website_key = website_key(supplier.website)
    row.email = supplier.email
    row.country = supplier.country
    row.region = supplier.region
    row.keywords = list(supplier.keywords)
    row.certifications = list(supplier.certifications)
    row.moq = supplier.moq
    row.moq_unit = supplier.moq_unit
    row.setup_fee = str(supplier.setup_fee) if supplier.setup_fee is not None else None
    row.below_moq_fee = str(supplier.below_moq_fee) if supplier.below_moq_fee is not None else None
    row.lead_time_days = supplier.lead_time_days
    row.currency = supplier.currency
    row.small_series = supplier.small_series
    row.status = Status(supplier.status).value
    row.notes = supplier.notes
    row.source = supplier.source
    row.categories = [
        SupplierCategoryRow(position=position, category=category)
        for position, category in enumerate(supplier.categories)
    ]
    row.price_tiers = [
        PriceTierRow(min_qty=tier.min_qty, unit_price=str(tier.unit_price))
        for tier in supplier.price_tiers
    ]


class SupplierStore:
    """Suppliers in the database; the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def _row(self, supplier_id: int, *, include_deleted: bool = False) -> SupplierRow:
        """Returns the row, or raises InputError when there is no such supplier."""
        row = await self.session.get(SupplierRow, supplier_id)
        if row is None or (row.deleted_at is not None and not include_deleted):
            raise InputError("id", f"no supplier with id {supplier_id}")
        return row

    async def all(self, *, include_deleted: bool = False) -> list[Supplier]:
        """Returns every supplier in id order (live ones unless `include_deleted`).

        Core selects of plain tuples, children grouped by supplier: the ORM's identity map and
        relationship loading cost several times the search index build at 100,000 suppliers.
        """
        live = None if include_deleted else SupplierRow.deleted_at.is_(None)
        return await self._load(live, None)

    async def load(self, supplier_ids: Sequence[int]) -> list[Supplier]:
        """Returns the suppliers with these ids, soft-deleted ones included, in id order."""
        out: list[Supplier] = []
        ordered = sorted(set(supplier_ids))
        for start in range(0, len(ordered), _LOAD_CHUNK):
            chunk = ordered[start : start + _LOAD_CHUNK]
            out.extend(await self._load(SupplierRow.id.in_(chunk), chunk))
        return out

    async def _load(
        self, condition: ColumnElement[bool] | None, ids: Sequence[int] | None
    ) -> list[Supplier]:
        """Returns the suppliers a condition selects, with categories and tiers, in id order."""
        query = select(*_COLUMNS).order_by(SupplierRow.id)
        cats = select(SupplierCategoryRow.supplier_id, SupplierCategoryRow.category).order_by(
            SupplierCategoryRow.supplier_id, SupplierCategoryRow.position
        )
        tiers = select(
            PriceTierRow.supplier_id, PriceTierRow.min_qty, PriceTierRow.unit_price
        ).order_by(PriceTierRow.supplier_id, PriceTierRow.min_qty)
        if condition is not None:
            query = query.where(condition)
        if ids is not None:
            cats = cats.where(SupplierCategoryRow.supplier_id.in_(ids))
            tiers = tiers.where(PriceTierRow.supplier_id.in_(ids))
        categories: dict[int, list[str]] = {}
        for supplier_id, category in await self.session.execute(cats):
            categories.setdefault(supplier_id, []).append(category)
        price_tiers: dict[int, list[PriceTier]] = {}
        for supplier_id, min_qty, unit_price in await self.session.execute(tiers):
            price_tiers.setdefault(supplier_id, []).append(PriceTier(min_qty, Decimal(unit_price)))
        rows = (await self.session.execute(query)).all()
        return [_from_columns(row, categories, price_tiers) for row in rows]

    async def changed_since(
        self, since: datetime | None, ids: Sequence[int] | None = None
    ) -> list[tuple[int, bool, datetime]]:
        """Returns (id, deleted, stamp) of every supplier added, changed, deleted or restored
        at or after `since` (all of them when None), or of the suppliers `ids`; stamp is its
        latest change."""
        query = select(SupplierRow.id, SupplierRow.deleted_at, SupplierRow.updated_at)
        if ids is not None:
            query = query.where(SupplierRow.id.in_(sorted(set(ids))[:_LOAD_CHUNK]))
        if since is not None:
            since = since.astimezone(UTC)  # stored in UTC; SQLite compares the text
            query = query.where(
                or_(SupplierRow.updated_at >= since, SupplierRow.deleted_at >= since)
            )
        out: list[tuple[int, bool, datetime]] = []
        result = await self.session.stream(query)  # in partitions: other tasks run between
        async for partition in result.partitions(_STAMPS_PER_PARTITION):
            for supplier_id, deleted_at, updated_at in partition:
                latest = _aware(updated_at)
                if deleted_at is not None:
                    latest = max(latest, _aware(deleted_at))
                out.append((supplier_id, deleted_at is not None, latest))
        return out

    async def snapshot(self, overlap: timedelta) -> Snapshot:
        """Returns every live supplier with the watermark and the stamps of the changes within
        `overlap` before it. Both are read first: a change committed meanwhile is then newer
        than the stamp known for it (or has none), so a follower reads it again."""
        watermark = await self.watermark()
        stamps: dict[int, datetime] = {}
        if watermark is not None:
            stamps = {i: t for i, _, t in await self.changed_since(watermark - overlap)}
        return Snapshot(await self.all(), watermark, stamps)

    async def watermark(self) -> datetime | None:
        """Returns the time of the latest change to any supplier, or None when there is none."""
        query = select(func.max(SupplierRow.updated_at), func.max(SupplierRow.deleted_at))
        updated, deleted = (await self.session.execute(query)).one()
        stamps = [_aware(t) for t in (updated, deleted) if t is not None]
        return max(stamps) if stamps else None

    async def get(self, supplier_id: int, *, include_deleted: bool = False) -> Supplier | None:
        """Returns the supplier with that id, or None."""
        row = await self.session.get(SupplierRow, supplier_id)
        if row is None or (row.deleted_at is not None and not include_deleted):
            return None
        return _to_supplier(row)

    async def is_deleted(self, supplier_id: int) -> bool:
        """Returns True when the supplier exists and is soft-deleted."""
        row = await self.session.get(SupplierRow, supplier_id)
        return row is not None and row.deleted_at is not None

    async def find(self, name_or_id: str) -> list[Supplier]:
        """Returns live suppliers by id, else by exact name, else by name containing the text."""
        text = name_or_id.strip()
        if not text:
            return []
        if text.lstrip("#").isdigit():
            number = int(text.lstrip("#"))
            if number < 2**31:
                found = await self.get(number)
                if found is not None:
                    return [found]
        live = select(SupplierRow).where(SupplierRow.deleted_at.is_(None))
        exact = await self.session.scalars(
            live.where(SupplierRow.name_key == name_key(text)).order_by(SupplierRow.id)
        )
        rows = list(exact)
        if not rows:
            # LIKE wildcards in the text are matched literally.
            pattern = "%" + _escape_like(name_key(text)) + "%"
            contains = await self.session.scalars(
                live.where(SupplierRow.name_key.like(pattern, escape="\\")).order_by(
                    SupplierRow.id
                )
            )
            rows = list(contains)
        return [_to_supplier(row) for row in rows]

    async def count(self) -> int:
        """Returns how many live suppliers there are."""
        query = (
            select(func.count()).select_from(SupplierRow).where(SupplierRow.deleted_at.is_(None))
        )
        return int(await self.session.scalar(query) or 0)

    async def count_all(self) -> int:
        """Returns how many suppliers there are, soft-deleted ones included."""
        query = select(func.count()).select_from(SupplierRow)
        return int(await self.session.scalar(query) or 0)

    async def _refuse_duplicate(self, supplier: Supplier, own_id: int | None = None) -> None:
        """Raises InputError if another live supplier has the same name and website."""
        name, website = supplier_key(supplier)
        query = select(SupplierRow.id).where(
            SupplierRow.deleted_at.is_(None),
            SupplierRow.name_key == name,
            SupplierRow.website_key == website,
        )
        if own_id is not None:
            query = query.where(SupplierRow.id != own_id)
        other = await self.session.scalar(query.limit(1))
        if other is not None:
            raise InputError("name", f"supplier {other} already has this name and website")

    async def _flush_unique(self, supplier: Supplier) -> None:
        """Flushes in a savepoint; a concurrent twin that won the race becomes an InputError."""
        try:
            async with self.session.begin_nested():
                await self.session.flush()
        except IntegrityError as exc:
            raise InputError(
                "name", f"a supplier named {supplier.name!r} with this website was just added"
            ) from exc

    async def add(self, supplier: Supplier) -> Supplier:
        """Adds the supplier and returns it with its new id (InputError if it exists already)."""
        await self._refuse_duplicate(supplier)
        row = SupplierRow()
        _fill(row, supplier)
        self.session.add(row)
        await self._flush_unique(supplier)
        return dataclasses.replace(supplier, id=row.id)

    async def update(self, supplier_id: int, supplier: Supplier) -> Supplier:
        """Replaces every field of a live supplier and returns the stored value."""
        row = await self._row(supplier_id)
        await self._refuse_duplicate(supplier, supplier_id)
        _fill(row, supplier)
        row.updated_at = utcnow()
        await self._flush_unique(supplier)
        return dataclasses.replace(supplier, id=supplier_id)

    async def delete(self, supplier_id: int) -> Supplier:
        """Soft-deletes a live supplier (kept for restore and audit) and returns it."""
        row = await self._row(supplier_id)
        row.deleted_at = utcnow()
        await self.session.flush()
        return _to_supplier(row)

    async def restore(self, supplier_id: int) -> Supplier:
        """Brings a soft-deleted supplier back and returns it."""
        row = await self._row(supplier_id, include_deleted=True)
        if row.deleted_at is None:
            raise InputError("id", f"supplier {supplier_id} is not deleted")
        restored = _to_supplier(row)
        await self._refuse_duplicate(restored, supplier_id)
        row.deleted_at = None
        row.updated_at = utcnow()
        await self._flush_unique(restored)
        return _to_supplier(row)

    async def upsert_many(
        self,
        suppliers: Sequence[Supplier],
        *,
        progress: Callable[[int], None] | None = None,
        known: Mapping[tuple[str, str], int] | None = None,
    ) -> UpsertReport:
        """Adds new suppliers and updates known ones, matched by (name, website).

        A supplier already stored with the same values is counted as updated but not rewritten;
        a soft-deleted one is brought back. `progress`, if given, is called with the number of
        suppliers handled so far. `known` is `keys()` read before the caller's transaction (a
        large import then does not read every key while it holds SQLite's write lock). A
        concurrent change that added one of the same suppliers first is an InputError; the
        caller's transaction then writes nothing.
        """
        try:
            return await self._upsert_many(suppliers, progress, known)
        except IntegrityError as exc:
            raise InputError(
                "import",
                "another change added some of these suppliers at the same moment; nothing "
                "was written, please import again",
            ) from exc

    async def _upsert_many(
        self,
        suppliers: Sequence[Supplier],
        progress: Callable[[int], None] | None,
        known_keys: Mapping[tuple[str, str], int] | None,
    ) -> UpsertReport:
        """Does the work of upsert_many."""
        existing = await self.keys() if known_keys is None else known_keys
        fresh: dict[tuple[str, str], Supplier] = {}  # new suppliers, in first-seen order
        known: dict[int, Supplier] = {}  # stored id -> the import's value (the later one wins)
        updated_names: list[str] = []
        for supplier in suppliers:
            key = supplier_key(supplier)
            stored = existing.get(key)
            if stored is not None:
                known[stored] = supplier
                updated_names.append(supplier.name)
            else:
                if key in fresh:  # the same supplier twice in one batch: the later one wins
                    updated_names.append(supplier.name)
                fresh[key] = supplier
        now = utcnow()
        new = list(fresh.values())
        dialect = self.session.get_bind().dialect
        # SQLite: the rows made ready for the driver before the first write takes the lock
        ready = _DriverRows(new, now, dialect) if dialect.name == "sqlite" else None
        await self._update_known(known, now, progress, len(updated_names))
        if ready is not None:
            await self._insert_ready(ready, len(updated_names), progress)
        else:
            await self._insert_new(new, now, len(updated_names), progress)
        return UpsertReport(
            added=len(fresh), updated=len(updated_names), updated_names=tuple(updated_names)
        )

    async def keys(self) -> dict[tuple[str, str], int]:
        """Returns (name, website) key -> id of every stored supplier (a live one wins over a
        deleted twin), read as plain tuples in partitions so other tasks run in between."""
        query = select(
            SupplierRow.id, SupplierRow.name_key, SupplierRow.website_key, SupplierRow.deleted_at
        ).order_by(SupplierRow.id)
        existing: dict[tuple[str, str], int] = {}
        live: set[tuple[str, str]] = set()
        result = await self.session.stream(query)
        async for partition in result.partitions(_LOAD_CHUNK * 4):
            for supplier_id, name, website, deleted_at in partition:
                key = (name, website)
                if key not in live:
                    existing[key] = supplier_id
                    if deleted_at is None:
                        live.add(key)
        return existing

    async def _update_known(
        self,
        known: dict[int, Supplier],
        now: datetime,
        progress: Callable[[int], None] | None,
        count: int,
    ) -> None:
        """Rewrites stored suppliers the import changes (and brings deleted ones back); one
        already stored with the same values is left as it is."""
        ids = sorted(known)
        for start in range(0, len(ids), _FLUSH_EVERY):
            chunk = ids[start : start + _FLUSH_EVERY]
            rows = await self.session.scalars(select(SupplierRow).where(SupplierRow.id.in_(chunk)))
            for row in rows:
                supplier = known[row.id]
                if row.deleted_at is not None or _to_supplier(row) != replace(supplier, id=row.id):
                    _fill(row, supplier)
                    row.deleted_at = None  # importing a deleted supplier brings it back
                    row.updated_at = now
            await self.session.flush()
        if progress is not None and count:
            progress(count)  # updates first, then the inserts

    async def _insert_new(
        self,
        suppliers: list[Supplier],
        now: datetime,
        done_before: int,
        progress: Callable[[int], None] | None,
    ) -> None:
        """Inserts new suppliers and their children in batches (Core inserts: the ORM's
        unit of work costs about a millisecond per supplier, too slow for large imports)."""
        for start in range(0, len(suppliers), _FLUSH_EVERY):
            batch = suppliers[start : start + _FLUSH_EVERY]
            result = await self.session.execute(
                insert(_SUPPLIERS).returning(_SUPPLIERS.c.id, sort_by_parameter_order=True),
                [_values(supplier, now) for supplier in batch],
            )
            ids = list(result.scalars())
            categories = [
                {"supplier_id": supplier_id, "position": position, "category": category}
                for supplier_id, supplier in zip(ids, batch, strict=True)
                for position, category in enumerate(supplier.categories)
            ]
            tiers = [
                {"supplier_id": supplier_id, "min_qty": t.min_qty, "unit_price": str(t.unit_price)}
                for supplier_id, supplier in zip(ids, batch, strict=True)
                for t in supplier.price_tiers
            ]
            if categories:
                await self.session.execute(insert(_CATEGORIES), categories)
            if tiers:
                await self.session.execute(insert(_TIERS), tiers)
            if progress is not None:
                progress(done_before + start + len(batch))
        if progress is not None and not suppliers:
            progress(done_before)

    async def _insert_ready(
        self, ready: _DriverRows, done_before: int, progress: Callable[[int], None] | None
    ) -> None:
        """Inserts new suppliers made ready for SQLite's driver, numbered from the highest id
        (the write lock is held from the first statement: no other writer can take them)."""
        next_id = 1 + (await self.session.scalar(select(func.max(SupplierRow.id))) or 0)
        connection = await self.session.connection()
        for start in range(0, ready.count, _FLUSH_EVERY):
            end = min(ready.count, start + _FLUSH_EVERY)
            for sql, rows in ready.batch(start, end, next_id):
                if rows:
                    await connection.exec_driver_sql(sql, rows)
            if progress is not None:
                progress(done_before + end)
        if progress is not None and not ready.count:
            progress(done_before)

    async def stats(self) -> KbStats:
        """Returns counts over live suppliers."""
        live = SupplierRow.deleted_at.is_(None)
        suppliers = await self.session.scalar(select(func.count()).where(live))
        categories = await self.session.scalar(
            select(func.count(func.distinct(SupplierCategoryRow.category)))
            .join(SupplierRow, SupplierRow.id == SupplierCategoryRow.supplier_id)
            .where(live)
        )
        countries = await self.session.scalar(
            select(func.count(func.distinct(SupplierRow.country))).where(live)
        )
        small = await self.session.scalar(
            select(func.count()).where(live, SupplierRow.small_series.is_(True))
        )
        sourced = await self.session.scalar(
            select(func.count()).where(
                live,
                SupplierRow.status != Status.UNCHECKED.value,
                func.length(func.trim(func.coalesce(SupplierRow.source, ""))) > 0,
            )
        )
        return KbStats(
            suppliers=int(suppliers or 0),
            categories=int(categories or 0),
            countries=int(countries or 0),
            small_series=int(small or 0),
            sourced=int(sourced or 0),
        )


def _escape_like(text: str) -> str:
    """Returns text with LIKE's wildcards escaped by a backslash."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
