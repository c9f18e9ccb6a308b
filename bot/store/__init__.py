"""Storage: SQLAlchemy 2 async engine, tables, migrations and the repositories."""

from bot.store.audit import AuditLog
from bot.store.db import Database, async_url
from bot.store.sessions import SessionStore, StaleSession, StoredSession
from bot.store.suppliers import KbStats, SupplierStore, UpsertReport

__all__ = [
    "AuditLog",
    "Database",
    "KbStats",
    "SessionStore",
    "StaleSession",
    "StoredSession",
    "SupplierStore",
    "UpsertReport",
    "async_url",
]
