"""AdminService on a real database (SQLite in tmp_path; PostgreSQL when reachable).

Each test goes through `execute` as the Telegram handler does, then looks at the store, the audit
log and a real search index rebuilt by the refresh callback.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.admin_service import WORKER_BYTES, AdminService
from bot.core.curation.admin import MAX_IMPORT_BYTES
from bot.core.curation.knowledge import validate_rows
from bot.core.markup import Reply
from bot.core.search.matching import SearchIndex
from bot.core.types import Attachment, AuditEntry, Command, Supplier, Taxonomy
from bot.knowledge_files import load_taxonomy, read_records_bytes
from bot.store import AuditLog, Database, SupplierStore

ADMIN = 111
STRANGER = 999
KNOWLEDGE = Path(__file__).resolve().parent.parent / "knowledge"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "admin"

KARTONAGE = """name: Kartonage Klein
website: https://kartonage-klein.example
country: DE
categories: packaging-mailers
keywords: kraft; corrugated; mailer box
moq: 50
price_tiers: 50:2.4; 500:1.7
small_series: yes
source: https://kartonage-klein.example/terms"""


class Harness:
    """An AdminService on a real database, with a real search index rebuilt on refresh."""

    def __init__(self, db: Database, taxonomy: Taxonomy, worker_bytes: int | None = None) -> None:
        self.db = db
        self.taxonomy = taxonomy
        self.index = SearchIndex.build([], taxonomy)
        self.refreshes = 0
        self.fail_refresh = False
        self.now = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)
        self.service = AdminService(
            db,
            frozenset({ADMIN}),
            self.refresh,
            taxonomy,
            lambda: self.now,
            worker_bytes=WORKER_BYTES if worker_bytes is None else worker_bytes,
        )

    async def refresh(self, changed: Sequence[int] | None = None) -> None:
        """Rebuilds the index from the store (the assistant's refresh_index applies only what
        changed; tests/test_assistant.py and tests/core/test_matching.py test that)."""
        if self.fail_refresh:
            raise RuntimeError("index rebuild failed")
        async with self.db.sessions() as session:
            suppliers = await SupplierStore(session).all()
        self.index = SearchIndex.build(suppliers, self.taxonomy)
        self.refreshes += 1

    async def run(
        self, text: str, actor: int = ADMIN, document: Attachment | None = None
    ) -> list[Reply]:
        """Returns the replies to a command line such as "/editsupplier 1 moq 5"."""
        name, _, args = text.lstrip("/").partition(" ")
        if "\n" in name:
            name, _, rest = name.partition("\n")
            args = rest + args
        self.now += timedelta(minutes=1)
        return await self.service.execute(actor, Command(name, args), document)

    async def text(self, command: str, actor: int = ADMIN) -> str:
        """Returns the plain text of the replies to one command."""
        return "\n".join(r.text_plain() for r in await self.run(command, actor))

    async def suppliers(self, *, include_deleted: bool = False) -> list[Supplier]:
        """Returns what the store holds now."""
        async with self.db.sessions() as session:
            return await SupplierStore(session).all(include_deleted=include_deleted)

    async def audit(self, limit: int = 50) -> list[AuditEntry]:
        """Returns the audit log, newest first."""
        async with self.db.sessions() as session:
            return await AuditLog(session).recent(limit)


@pytest.fixture
def taxonomy() -> Taxonomy:
    return load_taxonomy(KNOWLEDGE)


@pytest.fixture
def kb(db: Database, taxonomy: Taxonomy) -> Harness:
    return Harness(db, taxonomy)


def document(name: str, data: bytes) -> Attachment:
    """Returns an uploaded document as the Telegram layer hands it over."""
    return Attachment(name, data, caption="/import", kind="document")


def fixture(name: str) -> Attachment:
    """Returns a file from tests/fixtures/admin as an uploaded document."""
    return document(name, (FIXTURES / name).read_bytes())


async def import_text(kb: Harness, doc: Attachment) -> str:
    """Returns the plain text of the replies to an /import of `doc`."""
    return "\n".join(r.text_plain() for r in await kb.run("/import", document=doc))


# --------------------------------------------------------------------------------------------
# Authorisation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        f"/addsupplier\n{KARTONAGE}",
        "/addsupplier",
        "/editsupplier 1 moq 5",
        "/delsupplier 1",
        "/restoresupplier 1",
        "/supplier 1",
        "/kbstats",
        "/import",
        "/export",
        "/audit",
    ],
)
async def test_a_non_admin_is_refused_every_admin_command_and_nothing_changes(
    kb: Harness, command: str, caplog: pytest.LogCaptureFixture
) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    before = await kb.suppliers(include_deleted=True)
    audit_before = await kb.audit()
    refreshes = kb.refreshes

    with caplog.at_level(logging.WARNING, logger="bot.admin_service"):
        replies = await kb.run(command, actor=STRANGER)

    name = command.lstrip("/").split()[0]
    assert [r.text_plain() for r in replies] == [
        f"Only the knowledge-base admins can use /{name}; nothing was changed."
    ]
    assert all(not r.attachments for r in replies)
    assert await kb.suppliers(include_deleted=True) == before
    assert await kb.audit() == audit_before
    assert kb.refreshes == refreshes
    warned = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1
    assert str(STRANGER) in warned[0].getMessage()
    assert f"/{name}" in warned[0].getMessage()


def test_only_admin_ids_are_admins(kb: Harness) -> None:
    assert kb.service.is_admin(ADMIN)
    assert not kb.service.is_admin(STRANGER)
    assert not kb.service.is_admin(0)


async def test_a_non_admins_document_is_refused_before_download(kb: Harness) -> None:
    refused = kb.service.check_document(STRANGER, "kb.csv", 10)

    assert refused is not None
    assert "Only the knowledge-base admins" in refused[0].text_plain()
    assert kb.service.check_document(ADMIN, "kb.csv", 10) is None


async def test_an_oversize_document_is_refused_before_download_with_the_limit(
    kb: Harness,
) -> None:
    refused = kb.service.check_document(ADMIN, "kb.csv", MAX_IMPORT_BYTES + 1)

    assert refused is not None
    assert "the limit is 1,000,000 bytes" in refused[0].text_plain()


# --------------------------------------------------------------------------------------------
# /addsupplier
# --------------------------------------------------------------------------------------------


async def test_an_admins_one_message_add_is_stored_audited_and_searchable(kb: Harness) -> None:
    text = await kb.text(f"/addsupplier\n{KARTONAGE}")

    stored = await kb.suppliers()
    assert [s.name for s in stored] == ["Kartonage Klein"]
    assert text.startswith(f"Added #{stored[0].id} Kartonage Klein. It is in the search now")
    assert kb.refreshes == 1
    hits = kb.index.search("kraft mailer boxes").hits
    assert [h.supplier.name for h in hits] == ["Kartonage Klein"]
    (entry,) = await kb.audit()
    assert (entry.actor_id, entry.action, entry.supplier_id) == (ADMIN, "add", stored[0].id)
    assert entry.after is not None
    assert entry.after["moq"] == 50


async def test_addsupplier_alone_replies_with_the_template_and_changes_nothing(
    kb: Harness,
) -> None:
    text = await kb.text("/addsupplier")

    assert "Copy the block below" in text
    assert "\nprice_tiers: " in text
    assert await kb.suppliers() == []
    assert kb.refreshes == 0


async def test_a_bad_add_changes_nothing_and_names_each_problem(kb: Harness) -> None:
    text = await kb.text("/addsupplier\nname:\ncategories: labels\nmoq: lots\ncolour: red")

    assert text.startswith("The supplier was not added:")
    assert "name: required" in text
    assert "moq: not a whole number: 'lots'" in text
    assert "colour: unknown field 'colour'" in text
    assert "source: required" in text
    assert await kb.suppliers() == []
    assert await kb.audit() == []
    assert kb.refreshes == 0


async def test_adding_the_same_name_and_website_twice_is_refused(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    again = KARTONAGE.replace("Kartonage Klein", "KARTONAGE  klein").replace(
        "https://kartonage", "http://www.kartonage"
    )

    text = await kb.text(f"/addsupplier\n{again}")

    assert text.startswith("Not added: #1 Kartonage Klein has the same name and website.")
    assert len(await kb.suppliers()) == 1


async def test_an_unknown_category_is_saved_with_a_note(kb: Harness) -> None:
    text = await kb.text(
        "/addsupplier\nname: Odd\ncategories: zz-unheard-of\nsource: https://odd.example"
    )

    assert "Note: not in the taxonomy" in text
    assert "zz-unheard-of" in text
    assert [s.name for s in await kb.suppliers()] == ["Odd"]


# --------------------------------------------------------------------------------------------
# /editsupplier, /delsupplier, /restoresupplier
# --------------------------------------------------------------------------------------------


async def test_an_edit_changes_one_field_and_records_before_and_after(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")

    text = await kb.text("/editsupplier 1 moq 25")

    assert text == "Changed moq of #1 Kartonage Klein: 50 → 25."
    (stored,) = await kb.suppliers()
    assert stored.moq == 25
    assert stored.price_tiers  # the other fields are kept
    entry = (await kb.audit())[0]
    assert entry.action == "edit"
    assert entry.before is not None
    assert entry.after is not None
    assert (entry.before["moq"], entry.after["moq"]) == (50, 25)
    assert kb.refreshes == 2


async def test_a_bad_edit_changes_nothing(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    before = await kb.suppliers()

    text = await kb.text("/editsupplier 1 price_tiers 500:1; 100:2")

    assert text.startswith("Nothing was changed:\n• price_tiers: min_qty must ascend")
    assert await kb.suppliers() == before
    assert len(await kb.audit()) == 1


async def test_an_edit_may_not_make_two_suppliers_the_same(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    await kb.run("/addsupplier\nname: Kartonage Gross\ncategories: labels\nsource: s")
    await kb.run("/editsupplier 2 website kartonage-klein.example")

    text = await kb.text("/editsupplier 2 name Kartonage Klein")

    assert text.startswith(
        "Nothing was changed: #1 Kartonage Klein has the same name and website."
    )
    assert [s.name for s in await kb.suppliers()] == ["Kartonage Klein", "Kartonage Gross"]


async def test_an_edit_to_the_same_value_is_not_a_change(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")

    text = await kb.text("/editsupplier 1 country de")

    assert "already has that value" in text
    assert len(await kb.audit()) == 1


async def test_editing_a_missing_or_deleted_supplier_is_refused(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    await kb.run("/delsupplier 1")

    assert await kb.text("/editsupplier 7 moq 5") == (
        "There is no supplier #7; nothing was changed."
    )
    assert "is deleted; restore it first with /restoresupplier 1" in await kb.text(
        "/editsupplier 1 moq 5"
    )


async def test_delete_is_soft_leaves_search_and_restore_brings_it_back(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")

    deleted = await kb.text("/delsupplier 1")

    assert deleted.startswith("Deleted #1 Kartonage Klein; it no longer shows in searches.")
    assert await kb.suppliers() == []
    assert [s.name for s in await kb.suppliers(include_deleted=True)] == ["Kartonage Klein"]
    assert kb.index.search("kraft mailer boxes").hits == ()
    assert "already deleted" in await kb.text("/delsupplier 1")

    restored = await kb.text("/restoresupplier 1")

    assert restored.startswith("Restored #1 Kartonage Klein")
    assert [h.supplier.id for h in kb.index.search("kraft mailer boxes").hits] == [1]
    assert "not deleted" in await kb.text("/restoresupplier 1")
    assert [e.action for e in await kb.audit()] == ["restore", "delete", "add"]


async def test_deleting_an_unknown_id_says_so(kb: Harness) -> None:
    assert await kb.text("/delsupplier 42") == "There is no supplier #42; nothing was changed."
    assert await kb.text("/restoresupplier 42") == (
        "There is no supplier #42; nothing was changed."
    )


# --------------------------------------------------------------------------------------------
# /supplier, /kbstats
# --------------------------------------------------------------------------------------------


async def test_supplier_shows_one_by_id_or_name_and_lists_several(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    await kb.run(
        "/addsupplier\nname: Klein <b>Labels</b>\ncategories: labels\nsource: https://l.example"
    )

    by_id = (await kb.run("/supplier 2"))[0]
    assert "<b>Klein &lt;b&gt;Labels&lt;/b&gt;</b>" in by_id.text_html()
    assert "Kartonage" in await kb.text("/supplier kartonage klein")
    several = await kb.text("/supplier klein")
    assert several.startswith("2 suppliers match klein; pick one by id:")
    assert "/supplier 1 Kartonage Klein" in several
    assert await kb.text("/supplier nobody") == "No supplier matches nobody."
    await kb.run("/delsupplier 2")
    assert "(deleted)" in await kb.text("/supplier 2")


async def test_kbstats_counts_live_suppliers(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    await kb.run(
        "/addsupplier\nname: Etiket\ncountry: NL\ncategories: labels; stickers\nsource: s"
    )

    text = await kb.text("/kbstats")

    assert text.splitlines() == [
        "Knowledge base",
        "suppliers: 2",
        "categories: 3",
        "countries: 2",
        "small series: 1",
        "sourced: 2",
    ]


# --------------------------------------------------------------------------------------------
# /import
# --------------------------------------------------------------------------------------------


async def test_a_good_csv_import_adds_all_rows_and_reaches_the_search(kb: Harness) -> None:
    text = await import_text(kb, fixture("good.csv"))

    assert "Imported 3 suppliers from good.csv: 3 added, 0 updated." in text
    assert len(await kb.suppliers()) == 3
    assert kb.index.search("glass dropper bottles").hits
    (entry,) = await kb.audit()
    assert entry.action == "import"
    assert entry.after is not None
    assert (entry.after["added"], entry.after["updated"]) == (3, 0)


async def test_a_reimport_updates_duplicates_instead_of_doubling_and_says_so(
    kb: Harness,
) -> None:
    await import_text(kb, fixture("good.csv"))
    await kb.run("/editsupplier 1 moq 999")

    text = await import_text(kb, fixture("update.yaml"))

    assert "Imported 2 suppliers from update.yaml: 1 added, 1 updated." in text
    assert "updated instead of added twice" in text
    stored = {s.name: s for s in await kb.suppliers()}
    assert len(stored) == 4
    assert stored["Nordic Dropper Co"].moq == 200


async def test_a_bad_import_is_rejected_whole_with_every_rows_reason(kb: Harness) -> None:
    await import_text(kb, fixture("good.csv"))
    before = await kb.suppliers()
    audit_before = await kb.audit()

    text = await import_text(kb, fixture("bad.csv"))

    assert text.startswith("Import rejected, nothing was imported: bad.csv has 3 bad rows.")
    assert "row 2: moq: not a whole number: 'fifty'" in text
    assert "row 3: name: required" in text
    assert "row 4: price_tiers: min_qty must ascend" in text
    assert "row 1:" not in text
    assert await kb.suppliers() == before
    assert await kb.audit() == audit_before


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (
            document("kb.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))),
            "file: not UTF-8 text (is it binary?)",
        ),
        (document("kb.csv", b"name,colour\nA,red\n"), "header: unknown field 'colour'"),
        (document("kb.yaml", b"suppliers: [unclosed"), "file: not valid YAML"),
        (document("kb.json", b'{"vendors": []}'), "expected a 'suppliers:' list"),
        (document("kb.csv", b"name,categories,source\n"), "file: holds no supplier rows"),
        (document("kb.xlsx", b"PK\x03\x04"), "is not a .csv, .yaml or .json file"),
        (
            document("big.csv", b"name,categories,source\n" + b"x" * MAX_IMPORT_BYTES),
            "the limit is 1,000,000 bytes",
        ),
    ],
    ids=["binary-csv", "unknown-column", "broken-yaml", "wrong-shape", "empty", "xlsx", "big"],
)
async def test_an_unusable_file_is_refused_clearly_and_nothing_changes(
    kb: Harness, doc: Attachment, expected: str
) -> None:
    text = await import_text(kb, doc)

    assert text.startswith("Import rejected, nothing was imported:")
    assert expected in text
    assert await kb.suppliers() == []
    assert await kb.audit() == []
    assert kb.refreshes == 0


async def test_import_without_a_document_says_how_to_send_one(kb: Harness) -> None:
    text = await kb.text("/import")

    assert text.startswith("Send the file as a document with the caption /import")


# --------------------------------------------------------------------------------------------
# /export and formula injection
# --------------------------------------------------------------------------------------------


async def test_a_formula_is_stored_as_text_and_exported_escaped(kb: Harness) -> None:
    text = await import_text(kb, fixture("formula.csv"))
    assert "Imported 1 supplier from formula.csv" in text
    (stored,) = await kb.suppliers()
    assert stored.name == '=HYPERLINK("http://evil.example","Click me")'
    assert stored.notes == "+1 call us; -ish; @everyone"

    (reply,) = await kb.run("/export")

    exported = {a.filename: a.data for a in reply.attachments}
    csv_data = exported["suppliers-2026-11-25.csv"].decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(csv_data)) for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    assert '\'=HYPERLINK("http://evil.example","Click me")' in cells


async def test_export_sends_csv_and_yaml_that_import_back_to_the_same_suppliers(
    kb: Harness,
) -> None:
    await import_text(kb, fixture("good.csv"))
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    await kb.run("/delsupplier 1")
    live = await kb.suppliers()

    (reply,) = await kb.run("/export")

    assert reply.text_plain() == "The knowledge base: 3 suppliers, as CSV and YAML."
    assert [(a.filename, a.kind) for a in reply.attachments] == [
        ("suppliers-2026-11-25.csv", "document"),
        ("suppliers-2026-11-25.yaml", "document"),
    ]
    without_ids = [replace(s, id=None) for s in live]
    for attachment in reply.attachments:
        rows = read_records_bytes(attachment.data, attachment.filename)
        suppliers, errors = validate_rows(rows)
        assert errors == []
        assert suppliers == without_ids


# --------------------------------------------------------------------------------------------
# /audit
# --------------------------------------------------------------------------------------------


async def test_audit_shows_the_last_changes_newest_first_with_who_and_when(kb: Harness) -> None:
    await kb.run(f"/addsupplier\n{KARTONAGE}")
    await kb.run("/editsupplier 1 lead_time_days 12")
    await import_text(kb, fixture("good.csv"))

    lines = (await kb.text("/audit")).splitlines()

    assert lines[0] == "Last 3 changes:"
    assert lines[1] == "2026-11-25 10:03 UTC · user 111 · import good.csv: 3 added, 0 updated"
    assert lines[2] == (
        "2026-11-25 10:02 UTC · user 111 · edit #1 Kartonage Klein: lead_time_days — → 12"
    )
    assert lines[3] == (
        "2026-11-25 10:01 UTC · user 111 · add #1 Kartonage Klein (packaging-mailers)"
    )
    assert (await kb.text("/audit 1")).splitlines()[1:] == lines[1:2]


async def test_audit_of_an_empty_log_and_a_bad_count(kb: Harness) -> None:
    assert await kb.text("/audit") == "No knowledge-base changes recorded yet."
    assert "N: must be from 1 to 50" in await kb.text("/audit 500")


# --------------------------------------------------------------------------------------------
# Failures
# --------------------------------------------------------------------------------------------


async def test_a_change_is_kept_when_the_index_refresh_fails_and_the_admin_is_told(
    kb: Harness,
) -> None:
    kb.fail_refresh = True

    text = await kb.text(f"/addsupplier\n{KARTONAGE}")

    assert text.startswith("Added #1 Kartonage Klein.")
    assert "search index could not be rebuilt" in text
    assert len(await kb.suppliers()) == 1


async def test_a_store_failure_is_one_sorry_line_and_nothing_is_half_written(
    db: Database, taxonomy: Taxonomy
) -> None:
    async def refresh(changed: Sequence[int] | None = None) -> None:
        return None

    def broken_clock() -> datetime:
        raise RuntimeError("clock broke mid-transaction")

    service = AdminService(db, frozenset({ADMIN}), refresh, taxonomy, broken_clock)

    replies: Sequence[Reply] = await service.execute(
        ADMIN, Command("addsupplier", KARTONAGE), None
    )

    assert [r.text_plain() for r in replies] == [
        "Sorry, something went wrong on my side; nothing was changed. Please try again."
    ]
    async with db.sessions() as session:
        assert await SupplierStore(session).all(include_deleted=True) == []


# --------------------------------------------------------------------------------------------
# /import in a worker process (large files: their CPU stays off the bot's event loop)
# --------------------------------------------------------------------------------------------


@pytest.fixture
def worker_kb(db: Database, taxonomy: Taxonomy) -> Harness:
    return Harness(db, taxonomy, worker_bytes=0)  # every file goes to the worker


async def test_an_import_in_the_worker_writes_every_row_audits_and_reaches_the_search(
    worker_kb: Harness,
) -> None:
    text = await import_text(worker_kb, fixture("good.csv"))

    assert "Imported 3 suppliers from good.csv: 3 added, 0 updated." in text
    assert len(await worker_kb.suppliers()) == 3
    assert worker_kb.refreshes == 1
    assert worker_kb.index.search("glass dropper bottles").hits
    (entry,) = await worker_kb.audit()
    assert (entry.action, entry.actor_id, entry.at) == ("import", ADMIN, worker_kb.now)


async def test_a_bad_file_in_the_worker_is_rejected_whole_and_changes_nothing(
    worker_kb: Harness,
) -> None:
    text = await import_text(worker_kb, fixture("bad.csv"))

    assert text.startswith("Import rejected, nothing was imported: bad.csv has 3 bad rows.")
    assert "row 4: price_tiers: min_qty must ascend" in text
    assert await worker_kb.suppliers() == []
    assert await worker_kb.audit() == []
    assert worker_kb.refreshes == 0


async def test_the_worker_names_categories_the_taxonomy_lacks(worker_kb: Harness) -> None:
    data = b"name,categories,source\nOdd Works,zeppelin-parts,https://odd.example\n"

    text = await import_text(worker_kb, document("odd.csv", data))

    assert "1 added" in text
    assert "Note: not in the taxonomy" in text
    assert "zeppelin-parts" in text
