"""Admin command text to typed commands, validated by the same rules as the import format.

Pure: it does not know who is an admin (the shell checks ADMIN_IDS first) and touches no store.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from bot.core.curation.knowledge import (
    FIELDS,
    RowError,
    supplier_to_record,
    validate_row,
    validate_rows,
)
from bot.core.types import Command, InputError, Supplier, Taxonomy

# A Telegram document over this size is refused before it is downloaded (the Bot API's own
# download cap is 20 MB; a knowledge base of a few thousand suppliers is far below 1 MB).
MAX_IMPORT_BYTES = 1_000_000
IMPORT_EXTENSIONS = (".csv", ".yaml", ".yml", ".json")

# /audit shows this many changes by default, and never more than the cap (one message or two).
DEFAULT_AUDIT_LIMIT = 10
MAX_AUDIT_LIMIT = 50

# An import report lists at most this many bad rows, then says how many more there were.
MAX_LISTED_PROBLEMS = 30

# Fields that must keep a value: clearing them with "-" is refused by validation anyway, but the
# message is clearer when said up front.
REQUIRED_FIELDS = ("name", "categories", "source")

_CLEAR = "-"


class AdminAction(StrEnum):
    """The admin commands, named as typed in Telegram (without the slash)."""

    ADD = "addsupplier"
    EDIT = "editsupplier"
    DELETE = "delsupplier"
    RESTORE = "restoresupplier"
    SHOW = "supplier"
    STATS = "kbstats"
    IMPORT = "import"
    EXPORT = "export"
    AUDIT = "audit"


ADMIN_COMMANDS: frozenset[str] = frozenset(action.value for action in AdminAction)

USAGE: Mapping[AdminAction, str] = {
    AdminAction.ADD: "/addsupplier, then one 'field: value' line per field",
    AdminAction.EDIT: "/editsupplier ID field value  (value '-' clears an optional field)",
    AdminAction.DELETE: "/delsupplier ID",
    AdminAction.RESTORE: "/restoresupplier ID",
    AdminAction.SHOW: "/supplier ID or /supplier name",
    AdminAction.STATS: "/kbstats",
    AdminAction.IMPORT: "send a .csv, .yaml or .json file with the caption /import",
    AdminAction.EXPORT: "/export",
    AdminAction.AUDIT: (
        f"/audit [N]  (N from 1 to {MAX_AUDIT_LIMIT}, default {DEFAULT_AUDIT_LIMIT})"
    ),
}

# One hint per import-format field, for the /addsupplier fill-in template.
FIELD_HINTS: Mapping[str, str] = {
    "name": "required",
    "website": "e.g. example.com",
    "email": "e.g. sales@example.com",
    "country": "ISO code, e.g. DE, GB, US",
    "region": "e.g. Europe, UK, North America, Asia",
    "categories": "required, ';'-separated taxonomy ids, e.g. mailer-boxes; labels",
    "keywords": "';'-separated, e.g. kraft; digital print",
    "moq": "whole number of units",
    "moq_unit": "default pcs",
    "setup_fee": "one-off cost per order",
    "below_moq_fee": "surcharge to order under the MOQ",
    "lead_time_days": "whole number of days",
    "currency": "ISO code, e.g. EUR, USD",
    "price_tiers": "min_qty:unit_price pairs, e.g. 100:2.5; 500:1.9",
    "small_series": "yes or no",
    "status": "listed, reviewed, verified or unchecked (default listed)",
    "certifications": "';'-separated, e.g. FSC; GOTS",
    "notes": "free text",
    "source": "required: where these facts come from (a URL)",
}


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddTemplate:
    """/addsupplier with nothing after it: reply with the fill-in template."""


@dataclass(frozen=True, slots=True)
class AddSupplier:
    """/addsupplier with `field: value` lines, already validated."""

    supplier: Supplier


@dataclass(frozen=True, slots=True)
class EditSupplier:
    """/editsupplier ID field value; `value` None clears the field."""

    supplier_id: int
    field: str
    value: str | None


@dataclass(frozen=True, slots=True)
class DeleteSupplier:
    """/delsupplier ID (a soft delete)."""

    supplier_id: int


@dataclass(frozen=True, slots=True)
class RestoreSupplier:
    """/restoresupplier ID."""

    supplier_id: int


@dataclass(frozen=True, slots=True)
class ShowSupplier:
    """/supplier ID or name."""

    query: str


@dataclass(frozen=True, slots=True)
class ShowStats:
    """/kbstats."""


@dataclass(frozen=True, slots=True)
class ImportFile:
    """/import: the document comes beside the command."""


@dataclass(frozen=True, slots=True)
class ExportAll:
    """/export."""


@dataclass(frozen=True, slots=True)
class ShowAudit:
    """/audit [N]."""

    limit: int = DEFAULT_AUDIT_LIMIT


AdminCommand = (
    AddTemplate
    | AddSupplier
    | EditSupplier
    | DeleteSupplier
    | RestoreSupplier
    | ShowSupplier
    | ShowStats
    | ImportFile
    | ExportAll
    | ShowAudit
)


# --------------------------------------------------------------------------------------------
# Errors
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with an admin's input; `row` is set for import rows (0: the header)."""

    field: str
    reason: str
    row: int | None = None

    def __str__(self) -> str:
        """Returns "row 3: moq: not a whole number: 'abc'" or "moq: ..." without a row."""
        head = f"row {self.row}: " if self.row is not None else ""
        return f"{head}{self.field}: {self.reason}"


class AdminInputError(InputError):
    """Admin input that cannot be used; nothing was changed. Carries every problem found."""

    def __init__(self, problems: Sequence[Problem], action: AdminAction | None = None) -> None:
        if not problems:
            raise ValueError("AdminInputError needs at least one problem")
        first = problems[0]
        super().__init__(first.field, first.reason)
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.action = action


def _problems_from_rows(errors: Sequence[RowError], *, with_row: bool) -> list[Problem]:
    """Returns RowErrors as Problems, keeping the row number only for files."""
    return [Problem(e.field, e.reason, e.row if with_row else None) for e in errors]


def _fail(action: AdminAction, field: str, reason: str) -> AdminInputError:
    """Returns an AdminInputError with one problem."""
    return AdminInputError([Problem(field, reason)], action)


# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

_FIELD_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z _-]*?)\s*:\s?(.*)$")
_EDITABLE = FIELDS


def _field_name(raw: str) -> str:
    """Returns a typed field name in import-format spelling ("Price tiers" -> price_tiers)."""
    return re.sub(r"[\s-]+", "_", raw.strip()).lower()


def _unknown_field(name: str) -> str:
    """Returns the reason for an unknown field, with the nearest known name when there is one."""
    near = difflib.get_close_matches(name, _EDITABLE, n=1, cutoff=0.6)
    hint = f" (did you mean {near[0]}?)" if near else ""
    return f"unknown field {name!r}{hint}"


def parse_supplier_lines(text: str) -> tuple[dict[str, str], list[Problem]]:
    """Returns the `field: value` pairs of an /addsupplier message and any malformed lines.

    Blank lines, lines starting with '#' and fields left empty (as in the template) are skipped.
    """
    fields: dict[str, str] = {}
    problems: list[Problem] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        stripped = raw_line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        match = _FIELD_LINE.match(stripped)
        if match is None:
            shown = stripped if len(stripped) <= 40 else stripped[:39] + "…"
            problems.append(Problem(f"line {number}", f"expected 'field: value', got {shown!r}"))
            continue
        name, value = _field_name(match.group(1)), match.group(2).strip()
        if name not in _EDITABLE:
            problems.append(Problem(name, _unknown_field(name)))
        elif name in fields:
            problems.append(Problem(name, "given twice"))
        elif value:
            fields[name] = value
    return fields, problems


def parse_add(text: str) -> AddTemplate | AddSupplier:
    """Returns the template request or the validated supplier of an /addsupplier message."""
    if not text.strip():
        return AddTemplate()
    fields, problems = parse_supplier_lines(text)
    result = validate_row(fields, 1)
    if isinstance(result, list):
        named = {p.field for p in problems}
        problems += [
            p for p in _problems_from_rows(result, with_row=False) if p.field not in named
        ]
    if problems or isinstance(result, list):
        raise AdminInputError(problems, AdminAction.ADD)
    return AddSupplier(result)


def _supplier_id(action: AdminAction, text: str) -> int:
    """Returns the supplier id in `text` ("12" or "#12"), or raises a usage error."""
    cleaned = text.strip().removeprefix("#")
    if not cleaned:
        raise _fail(action, "ID", f"missing; usage: {USAGE[action]}")
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 12:
        raise _fail(action, "ID", f"not a supplier id: {text.strip()[:40]!r} (e.g. 12)")
    return int(cleaned)


def parse_edit(text: str) -> EditSupplier:
    """Returns the /editsupplier ID field value command, field checked against the format."""
    parts = text.strip().split(maxsplit=2)
    if len(parts) < 3:
        raise _fail(AdminAction.EDIT, "usage", USAGE[AdminAction.EDIT])
    supplier_id = _supplier_id(AdminAction.EDIT, parts[0])
    name = _field_name(parts[1].rstrip(":"))
    if name not in _EDITABLE:
        raise _fail(AdminAction.EDIT, name, _unknown_field(name))
    value = parts[2].strip()
    if value == _CLEAR:
        if name in REQUIRED_FIELDS:
            raise _fail(AdminAction.EDIT, name, "required; it cannot be cleared")
        return EditSupplier(supplier_id, name, None)
    return EditSupplier(supplier_id, name, value)


def parse_audit(text: str) -> ShowAudit:
    """Returns /audit [N] with N checked."""
    cleaned = text.strip()
    if not cleaned:
        return ShowAudit()
    if not cleaned.isascii() or not cleaned.isdigit():
        raise _fail(AdminAction.AUDIT, "N", f"not a whole number: {cleaned[:40]!r}")
    limit = int(cleaned) if len(cleaned) <= 6 else MAX_AUDIT_LIMIT + 1
    if not 1 <= limit <= MAX_AUDIT_LIMIT:
        raise _fail(AdminAction.AUDIT, "N", f"must be from 1 to {MAX_AUDIT_LIMIT}")
    return ShowAudit(limit)


def parse_admin_command(command: Command) -> AdminCommand:
    """Returns the typed admin command, or raises AdminInputError with every problem found."""
    try:
        action = AdminAction(command.name.lower())
    except ValueError:
        raise AdminInputError(
            [Problem("command", f"not an admin command: /{command.name}")]
        ) from None
    args = command.args
    no_args: Mapping[AdminAction, AdminCommand] = {
        AdminAction.STATS: ShowStats(),
        AdminAction.IMPORT: ImportFile(),
        AdminAction.EXPORT: ExportAll(),
    }
    if action in no_args:
        return no_args[action]
    if action is AdminAction.ADD:
        return parse_add(args)
    if action is AdminAction.EDIT:
        return parse_edit(args)
    if action is AdminAction.DELETE:
        return DeleteSupplier(_supplier_id(action, args))
    if action is AdminAction.RESTORE:
        return RestoreSupplier(_supplier_id(action, args))
    if action is AdminAction.AUDIT:
        return parse_audit(args)
    query = " ".join(args.split())
    if not query:
        raise _fail(action, "ID or name", f"missing; usage: {USAGE[action]}")
    if len(query) > 200:
        raise _fail(action, "ID or name", "too long (at most 200 characters)")
    return ShowSupplier(query)


def action_of(command: AdminCommand) -> AdminAction:
    """Returns the admin action a parsed command belongs to."""
    return _ACTIONS[type(command)]


_ACTIONS: Mapping[type, AdminAction] = {
    AddTemplate: AdminAction.ADD,
    AddSupplier: AdminAction.ADD,
    EditSupplier: AdminAction.EDIT,
    DeleteSupplier: AdminAction.DELETE,
    RestoreSupplier: AdminAction.RESTORE,
    ShowSupplier: AdminAction.SHOW,
    ShowStats: AdminAction.STATS,
    ImportFile: AdminAction.IMPORT,
    ExportAll: AdminAction.EXPORT,
    ShowAudit: AdminAction.AUDIT,
}


# --------------------------------------------------------------------------------------------
# Applying: edits and imports
# --------------------------------------------------------------------------------------------


def apply_edit(supplier: Supplier, edit: EditSupplier) -> Supplier:
    """Returns the supplier with one field changed, validated as an import row would be."""
    record: dict[str, object] = {
        k: v for k, v in supplier_to_record(supplier).items() if k != "id" and v is not None
    }
    if edit.value is None:
        record.pop(edit.field, None)
    else:
        record[edit.field] = edit.value
    result = validate_row(record, 1)
    if isinstance(result, list):
        raise AdminInputError(_problems_from_rows(result, with_row=False), AdminAction.EDIT)
    return replace(result, id=supplier.id)


def unknown_categories(suppliers: Sequence[Supplier], taxonomy: Taxonomy) -> tuple[str, ...]:
    """Returns the category ids the suppliers use that the taxonomy does not know (sorted)."""
    if not taxonomy.categories:
        return ()
    known = {category.id for category in taxonomy.categories}
    return tuple(sorted({c for s in suppliers for c in s.categories if c not in known}))


def check_import_filename(filename: str, size: int | None) -> None:
    """Raises AdminInputError when the file's name or size rules it out before download."""
    lowered = filename.lower()
    if not lowered.endswith(IMPORT_EXTENSIONS):
        raise _fail(
            AdminAction.IMPORT,
            "file",
            f"{filename[:80]!r} is not a .csv, .yaml or .json file",
        )
    if size is not None and size > MAX_IMPORT_BYTES:
        raise _fail(
            AdminAction.IMPORT,
            "file",
            f"too large: {size:,} bytes (the limit is {MAX_IMPORT_BYTES:,} bytes, 1 MB)",
        )


def plan_import(records: Sequence[Mapping[str, object]]) -> list[Supplier]:
    """Returns every row as a Supplier, or raises AdminInputError listing every bad row.

    Two rows of one file for the same supplier (name and website) are an error: which one
    should win is the admin's call.
    """
    if not records:
        raise _fail(AdminAction.IMPORT, "file", "holds no supplier rows")
    suppliers, errors = validate_rows(records)
    if errors:
        raise AdminInputError(_problems_from_rows(errors, with_row=True), AdminAction.IMPORT)
    return suppliers


__all__ = [
    "ADMIN_COMMANDS",
    "DEFAULT_AUDIT_LIMIT",
    "FIELD_HINTS",
    "IMPORT_EXTENSIONS",
    "MAX_AUDIT_LIMIT",
    "MAX_IMPORT_BYTES",
    "MAX_LISTED_PROBLEMS",
    "USAGE",
    "AddSupplier",
    "AddTemplate",
    "AdminAction",
    "AdminCommand",
    "AdminInputError",
    "DeleteSupplier",
    "EditSupplier",
    "ExportAll",
    "ImportFile",
    "Problem",
    "RestoreSupplier",
    "ShowAudit",
    "ShowStats",
    "ShowSupplier",
    "action_of",
    "apply_edit",
    "check_import_filename",
    "parse_add",
    "parse_admin_command",
    "parse_edit",
    "parse_supplier_lines",
    "plan_import",
    "unknown_categories",
]
