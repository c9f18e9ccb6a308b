"""Admin actions on the knowledge base: authorisation, one transaction each, audit, index refresh.

The shell half of bot/core/curation/admin.py: core parses and validates, this module checks
ADMIN_IDS,
writes through the stores inside `async with db.sessions.begin()`, records every change in the
audit log in the same transaction, and has the search index apply the change once it is
committed (in place: only the changed suppliers are read, see Assistant.refresh_index).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.curation import admin_render as render
from bot.core.curation.admin import (
    AddSupplier,
    AddTemplate,
    AdminAction,
    AdminCommand,
    AdminInputError,
    DeleteSupplier,
    EditSupplier,
    ExportAll,
    ImportFile,
    RestoreSupplier,
    ShowAudit,
    ShowStats,
    ShowSupplier,
    apply_edit,
    check_import_filename,
    parse_admin_command,
    unknown_categories,
)
from bot.core.curation.knowledge import supplier_key, supplier_to_record
from bot.core.markup import Plain, Reply
from bot.core.types import Attachment, Command, Supplier, Taxonomy
from bot.import_worker import Confirm, ImportJob, import_in_worker, run_import, worker_url
from bot.knowledge_files import export_csv, export_yaml
from bot.store.audit import AuditLog
from bot.store.db import Database
from bot.store.suppliers import SupplierStore, UpsertReport

logger = logging.getLogger(__name__)

_SORRY = "Sorry, something went wrong on my side; nothing was changed. Please try again."

# Import files from this size on (about 500 rows) go to a worker process: their CPU would
# hold up other founders' turns; smaller ones are not worth the worker's start (about 1 s).
WORKER_BYTES = 100_000

# Audit action names (AuditEntry.action).
ADD, EDIT, DELETE, RESTORE = "add", "edit", "delete", "restore"


def _import_done(filename: str, report: UpsertReport) -> Reply:
    """Returns an import's confirmation."""
    return render.import_done(
        filename,
        added=report.added,
        updated=report.updated,
        updated_names=report.updated_names,
    )


def _short(text: str, limit: int = 80) -> str:
    """Returns the text on one line, cut for a log message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


# Writes a change's confirmation to the outbox in the change's transaction (bot/delivery.py).
ReplyIn = Callable[[AsyncSession, Sequence[Reply]], Awaitable[None]]


async def _no_outbox(_session: AsyncSession, _replies: Sequence[Reply]) -> None:
    """Writes nothing: the replies are only returned (no durable delivery)."""


class AdminService:
    """Runs admin commands for the users in ADMIN_IDS and refuses everyone else.

    A change's confirmation is handed to `reply_in` inside the change's transaction, so a crash
    after the commit still reports it; notes made after the commit (the index lags) follow.
    """

    def __init__(
        self,
        db: Database,
        admin_ids: frozenset[int],
        refresh: Callable[[Sequence[int] | None], Awaitable[None]],
        taxonomy: Taxonomy,
        clock: Callable[[], datetime],
        reply_in: ReplyIn = _no_outbox,
        *,
        worker_bytes: int = WORKER_BYTES,
    ) -> None:
        self._db = db
        self._reply_in = reply_in
        self._worker_bytes = worker_bytes
        self._admin_ids = frozenset(admin_ids)
        self._refresh = refresh
        self._taxonomy = taxonomy
        self._clock = clock

    def is_admin(self, user_id: int) -> bool:
        """Returns whether the user may run admin commands (ADMIN_IDS, nothing else)."""
        return user_id in self._admin_ids

    def _refuse(self, actor_id: int, command: Command) -> list[Reply]:
        """Returns the refusal and logs the attempt."""
        logger.warning(
            "refused /%s from user %d (not in ADMIN_IDS): %r",
            command.name,
            actor_id,
            _short(command.args),
        )
        return [render.refusal(command.name)]

    def check_document(self, actor_id: int, filename: str, size: int | None) -> list[Reply] | None:
        """Returns the refusal for a document that must not be downloaded, or None to go ahead."""
        if not self.is_admin(actor_id):
            return self._refuse(actor_id, Command(AdminAction.IMPORT.value, filename))
        try:
            check_import_filename(filename, size)
        except AdminInputError as exc:
            logger.info("import of %r refused before download: %s", filename, exc)
            return [render.problems(exc, filename)]
        return None

    async def execute(
        self, actor_id: int, command: Command, document: Attachment | None = None
    ) -> list[Reply]:
        """Returns the replies to one admin command; refuses non-admins, changing nothing."""
        if not self.is_admin(actor_id):
            return self._refuse(actor_id, command)
        try:
            parsed = parse_admin_command(command)
            return await self._run(actor_id, parsed, document)
        except AdminInputError as exc:
            logger.info("admin %d: /%s rejected: %s", actor_id, command.name, exc)
            filename = document.filename if document is not None else None
            return [render.problems(exc, filename)]
        except Exception:
            logger.exception("admin %d: /%s failed", actor_id, command.name)
            return [Reply(Plain(_SORRY))]

    async def _run(
        self, actor_id: int, command: AdminCommand, document: Attachment | None
    ) -> list[Reply]:
        """Returns the replies of one parsed, authorised command."""
        match command:
            case AddSupplier(supplier):
                return await self._add(actor_id, supplier)
            case EditSupplier():
                return await self._edit(actor_id, command)
            case DeleteSupplier(supplier_id):
                return await self._delete(actor_id, supplier_id)
            case RestoreSupplier(supplier_id):
                return await self._restore(actor_id, supplier_id)
            case ImportFile():
                return await self._import(actor_id, document)
        return await self._look(command)

    async def _look(self, command: AdminCommand) -> list[Reply]:
        """Returns the replies of a command that only reads the knowledge base."""
        match command:
            case AddTemplate():
                return [render.template()]
            case ShowSupplier(query):
                return await self._show(query)
            case ShowStats():
                return await self._stats()
            case ExportAll():
                return await self._export()
            case ShowAudit(limit):
                return await self._audit(limit)
        raise AssertionError(f"unhandled admin command {command!r}")  # pragma: no cover

    async def _confirm(self, session: AsyncSession, reply: Reply) -> list[Reply]:
        """Writes a change's confirmation with the change (same transaction); returns it."""
        await self._reply_in(session, [reply])
        return [reply]

    async def _after_change(
        self,
        replies: list[Reply],
        suppliers: Sequence[Supplier] = (),
        changed: Sequence[int] | None = None,
        unknown: Sequence[str] = (),
    ) -> list[Reply]:
        """Returns the replies once the search index has the change (or a note that it lags);
        `unknown`: categories the taxonomy lacks, when the change is not in `suppliers`."""
        unknown = unknown or unknown_categories(suppliers, self._taxonomy)
        if unknown:
            replies.append(render.unknown_categories_note(unknown))
        try:
            await self._refresh(changed)  # by id when known; else what changed since last
        except Exception:
            logger.exception("search index refresh failed after a committed change")
            replies.append(render.index_lagging())
        return replies

    # ---------------------------------------------------------------------------------------
    # Changes: each one transaction with its audit row
    # ---------------------------------------------------------------------------------------

    async def _add(self, actor_id: int, supplier: Supplier) -> list[Reply]:
        """Adds one supplier unless one with the same name and website exists."""
        key = supplier_key(supplier)
        async with self._db.sessions.begin() as session:
            store = SupplierStore(session)
            same = [s for s in await store.find(supplier.name) if supplier_key(s) == key]
            if same:
                return [render.duplicate(same[0])]
            saved = await store.add(supplier)
            await AuditLog(session).record(
                actor_id, ADD, saved.id, saved.name, None, supplier_to_record(saved), self._clock()
            )
            done = await self._confirm(session, render.added(saved))
        logger.info("admin %d added supplier #%s %r", actor_id, saved.id, saved.name)
        return await self._after_change(done, [saved], [saved.id or 0])

    async def _edit(self, actor_id: int, edit: EditSupplier) -> list[Reply]:
        """Changes one field of a live supplier, validated as an import row."""
        async with self._db.sessions.begin() as session:
            store = SupplierStore(session)
            before = await store.get(edit.supplier_id)
            if before is None:
                return [await self._missing(store, edit.supplier_id)]
            after = apply_edit(before, edit)
            if after == before:
                return [render.unchanged(before, edit.field)]
            key = supplier_key(after)
            if key != supplier_key(before):
                same = [
                    s
                    for s in await store.find(after.name)
                    if s.id != before.id and supplier_key(s) == key
                ]
                if same:
                    return [render.duplicate(same[0], changed=True)]
            saved = await store.update(edit.supplier_id, after)
            await AuditLog(session).record(
                actor_id,
                EDIT,
                saved.id,
                saved.name,
                supplier_to_record(before),
                supplier_to_record(saved),
                self._clock(),
            )
            done = await self._confirm(session, render.edited(before, saved, edit.field))
        logger.info("admin %d edited %s of supplier #%d", actor_id, edit.field, edit.supplier_id)
        return await self._after_change(done, [saved], [edit.supplier_id])

    async def _missing(self, store: SupplierStore, supplier_id: int) -> Reply:
        """Returns why a live supplier was not found: deleted, or no such id."""
        gone = await store.get(supplier_id, include_deleted=True)
        return render.not_found(supplier_id) if gone is None else render.is_deleted(gone)

    async def _delete(self, actor_id: int, supplier_id: int) -> list[Reply]:
        """Soft-deletes a supplier (restorable)."""
        async with self._db.sessions.begin() as session:
            store = SupplierStore(session)
            live = await store.get(supplier_id)
            if live is None:
                gone = await store.get(supplier_id, include_deleted=True)
                if gone is None:
                    return [render.not_found(supplier_id)]
                return [render.already(gone, "deleted")]
            removed = await store.delete(supplier_id)
            await AuditLog(session).record(
                actor_id,
                DELETE,
                supplier_id,
                removed.name,
                supplier_to_record(live),
                None,
                self._clock(),
            )
            done = await self._confirm(session, render.deleted(removed))
        logger.info("admin %d deleted supplier #%d", actor_id, supplier_id)
        return await self._after_change(done, [], [supplier_id])

    async def _restore(self, actor_id: int, supplier_id: int) -> list[Reply]:
        """Brings a soft-deleted supplier back."""
        async with self._db.sessions.begin() as session:
            store = SupplierStore(session)
            live = await store.get(supplier_id)
            if live is not None:
                return [render.already(live, "in the knowledge base (not deleted)")]
            if await store.get(supplier_id, include_deleted=True) is None:
                return [render.not_found(supplier_id)]
            back = await store.restore(supplier_id)
            await AuditLog(session).record(
                actor_id,
                RESTORE,
                supplier_id,
                back.name,
                None,
                supplier_to_record(back),
                self._clock(),
            )
            done = await self._confirm(session, render.restored(back))
        logger.info("admin %d restored supplier #%d", actor_id, supplier_id)
        return await self._after_change(done, [], [supplier_id])

    async def _import(self, actor_id: int, document: Attachment | None) -> list[Reply]:
        """Imports a whole file or nothing; duplicates by name and website update. A large
        file is read, validated and written in a worker process (bot/import_worker.py)."""
        if document is None:
            return [render.import_needs_file()]
        filename = document.filename
        check_import_filename(filename, len(document.data))
        url = worker_url(self._db)
        job = ImportJob(
            url or "", document.data, filename, actor_id, self._clock(), self._taxonomy
        )
        if url is not None and len(document.data) >= self._worker_bytes:
            outcome = await import_in_worker(job)
        else:
            outcome = await run_import(job, self._db, self._confirm_import(filename))
        if outcome.report is None:
            raise AdminInputError(outcome.problems, AdminAction.IMPORT)
        report = outcome.report
        logger.info(
            "admin %d imported %r: %d added, %d updated",
            actor_id,
            filename,
            report.added,
            report.updated,
        )
        if outcome.confirmation is not None:
            done = list(outcome.confirmation)
        else:
            # written by the worker: its confirmation is written just after its commit (a crash
            # in between leaves the update unhandled; it runs again and updates the same rows)
            async with self._db.sessions.begin() as session:
                done = await self._confirm(session, _import_done(filename, report))
        return await self._after_change(done, unknown=outcome.unknown)

    def _confirm_import(self, filename: str) -> Confirm:
        """Returns what writes an import's confirmation in the import's own transaction."""

        async def confirm(session: AsyncSession, report: UpsertReport) -> list[Reply]:
            return await self._confirm(session, _import_done(filename, report))

        return confirm

    # ---------------------------------------------------------------------------------------
    # Reading
    # ---------------------------------------------------------------------------------------

    async def _show(self, query: str) -> list[Reply]:
        """Shows one supplier by id (deleted ones too) or the suppliers a name matches."""
        cleaned = query.removeprefix("#")
        async with self._db.sessions() as session:
            store = SupplierStore(session)
            if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 12:
                supplier_id = int(cleaned)
                live = await store.get(supplier_id)
                if live is not None:
                    return [render.show_supplier(live)]
                gone = await store.get(supplier_id, include_deleted=True)
                if gone is not None:
                    return [render.show_supplier(gone, deleted=True)]
            found = await store.find(query)
        if not found:
            return [render.no_match(query)]
        if len(found) == 1:
            return [render.show_supplier(found[0])]
        return [render.matches(query, found)]

    async def _stats(self) -> list[Reply]:
        """Shows the knowledge-base counts."""
        async with self._db.sessions() as session:
            stats = await SupplierStore(session).stats()
        return [
            render.kb_stats(
                suppliers=stats.suppliers,
                categories=stats.categories,
                countries=stats.countries,
                small_series=stats.small_series,
                sourced=stats.sourced,
            )
        ]

    async def _export(self) -> list[Reply]:
        """Sends the live knowledge base as a CSV and a YAML document."""
        async with self._db.sessions() as session:
            suppliers = await SupplierStore(session).all()
        stamp = self._clock().strftime("%Y-%m-%d")
        return [
            render.export_done(
                len(suppliers),
                f"suppliers-{stamp}.csv",
                export_csv(suppliers).encode("utf-8"),
                f"suppliers-{stamp}.yaml",
                export_yaml(suppliers).encode("utf-8"),
            )
        ]

    async def _audit(self, limit: int) -> list[Reply]:
        """Shows the last `limit` changes, newest first."""
        async with self._db.sessions() as session:
            entries = await AuditLog(session).recent(limit)
        return [render.audit_list(entries)]


__all__ = ["AdminService"]
