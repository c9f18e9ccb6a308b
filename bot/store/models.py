"""The tables, and nothing else: portable SQL for SQLite and PostgreSQL alike.

Amounts are stored as text (the Decimal's own string) so that "2.50" comes back exactly on both
engines; SQLite has no exact decimal type. Schema changes go through migrations/versions.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.ext.asyncio import AsyncAttrs
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

# Named constraints, so migrations can refer to them on every engine (Alembic's advice).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

AMOUNT = String(40)


def utcnow() -> datetime:
    """Returns the current time in UTC (the store's clock for row timestamps)."""
    return datetime.now(UTC)


class Base(AsyncAttrs, DeclarativeBase):
    """Declarative base of every table."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {dict[str, Any]: JSON}  # noqa: RUF012 - SQLAlchemy's API


class SupplierRow(Base):
    """One supplier; deleted_at set means soft-deleted (kept for the audit trail and restore)."""

    __tablename__ = "suppliers"
    # One live supplier per (name, website); soft-deleted twins may stay (migration 0002).
    __table_args__ = (
        Index(
            "ux_suppliers_live_key",
            "name_key",
            "website_key",
            unique=True,
            sqlite_where=text("deleted_at IS NULL"),
            postgresql_where=text("deleted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))  # case-folded name, for duplicates
    website: Mapped[str | None] = mapped_column(String(500))
    website_key: Mapped[str] = mapped_column(String(500), default="")
    email: Mapped[str | None] = mapped_column(String(500))
    country: Mapped[str | None] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(100))
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    certifications: Mapped[list[str]] = mapped_column(JSON, default=list)
    moq: Mapped[int | None] = mapped_column(BigInteger)
    moq_unit: Mapped[str] = mapped_column(String(100), default="pcs")
    setup_fee: Mapped[str | None] = mapped_column(AMOUNT)
    below_moq_fee: Mapped[str | None] = mapped_column(AMOUNT)
    lead_time_days: Mapped[int | None] = mapped_column(Integer)
    currency: Mapped[str | None] = mapped_column(String(3))
    small_series: Mapped[bool | None] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20), default="listed")
    notes: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(  # indexed for the incremental refresh (0006)
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)

    categories: Mapped[list[SupplierCategoryRow]] = relationship(
        back_populates="supplier",
        cascade="all, delete-orphan",
        order_by="SupplierCategoryRow.position",
        lazy="selectin",
    )
    price_tiers: Mapped[list[PriceTierRow]] = relationship(
        back_populates="supplier",
        cascade="all, delete-orphan",
        order_by="PriceTierRow.min_qty",
        lazy="selectin",
    )


class SupplierCategoryRow(Base):
    """One category id of a supplier, in the order the knowledge base lists them."""

    __tablename__ = "supplier_categories"

    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(Integer, primary_key=True)
    category: Mapped[str] = mapped_column(String(100), index=True)

    supplier: Mapped[SupplierRow] = relationship(back_populates="categories")


class PriceTierRow(Base):
    """From min_qty units on, a unit costs unit_price (text, an exact Decimal)."""

    __tablename__ = "price_tiers"

    supplier_id: Mapped[int] = mapped_column(
        ForeignKey("suppliers.id", ondelete="CASCADE"), primary_key=True
    )
    min_qty: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    unit_price: Mapped[str] = mapped_column(AMOUNT)

    supplier: Mapped[SupplierRow] = relationship(back_populates="price_tiers")


class DialogSessionRow(Base):
    """One conversation's state; version_id guards against two updates overwriting each other."""

    __tablename__ = "dialog_sessions"
    __table_args__ = (UniqueConstraint("chat_id", "user_id", "thread_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)  # /forget, /mydata (0005)
    thread_id: Mapped[int] = mapped_column(BigInteger, default=0)  # 0: no forum topic
    state: Mapped[dict[str, Any]] = mapped_column(JSON)
    version_id: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(  # indexed for the retention purge (0005)
        DateTime(timezone=True), default=utcnow, onupdate=utcnow, index=True
    )

    __mapper_args__ = {"version_id_col": version_id}  # noqa: RUF012 - SQLAlchemy's API


class AuditRow(Base):
    """One knowledge-base change: who, when, what, and the record before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    actor_id: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(20))
    supplier_id: Mapped[int | None] = mapped_column(Integer)
    supplier_name: Mapped[str | None] = mapped_column(String(200))
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class QuoteRow(Base):
    """One supplier quote in a founder's quote book: theirs alone (every query filters user_id)."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    supplier: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)  # what the founder sent (the words figures cite)
    reading: Mapped[dict[str, Any]] = mapped_column(JSON)  # figures and their spans
    source: Mapped[str] = mapped_column(String(20))  # "text", "forward" or "document"
    filename: Mapped[str | None] = mapped_column(String(255))
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class RateSetRow(Base):
    """One day's euro reference rates as loaded (`kb rates`, /rates); the newest load is used."""

    __tablename__ = "rate_sets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    on_date: Mapped[str] = mapped_column(String(10))  # ISO date of the rates
    source: Mapped[str] = mapped_column(Text)
    rates: Mapped[dict[str, Any]] = mapped_column(JSON)  # {"USD": "1.0495", ...} per euro
    loaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    loaded_by: Mapped[int | None] = mapped_column(BigInteger)


class UpdateRow(Base):
    """One Telegram update as received, stored before it is acknowledged (durable intake).

    handled_at is set in the same transaction as the dialog step and the outbox rows it causes,
    so a redelivered or re-read update is handled once.
    """

    __tablename__ = "updates"
    __table_args__ = (
        Index("ix_updates_pending", "handled_at", "chat_id", "user_id", "thread_id", "update_id"),
    )

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int] = mapped_column(BigInteger, default=0)  # 0: no forum topic
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OutboxRow(Base):
    """One message to send, written with the dialog state that produced it; sent afterwards.

    status: pending -> claimed -> sending -> sent | unknown (went out, answer lost) | failed
    (refused); a claimed row whose sender died goes back to pending.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        Index("ix_outbox_chat_status", "chat_id", "status", "id"),
        Index("ix_outbox_founder", "chat_id", "user_id", "thread_id", "id"),
        Index("ix_outbox_status_due", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    update_id: Mapped[int | None] = mapped_column(BigInteger)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    thread_id: Mapped[int] = mapped_column(BigInteger, default=0)
    kind: Mapped[str] = mapped_column(String(10))  # text | photo | document | chart
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    role: Mapped[str] = mapped_column(String(10), default="answer")  # answer | apology | notice
    status: Mapped[str] = mapped_column(String(10), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(Text)
    noticed: Mapped[bool] = mapped_column(Boolean, default=False)  # founder told about unknown
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class RateBudgetRow(Base):
    """A token bucket every instance draws from (PostgreSQL): "global" or "chat:<id>"."""

    __tablename__ = "rate_budget"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    refreshed_at: Mapped[float] = mapped_column(Float)  # seconds since the epoch
