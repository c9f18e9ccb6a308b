"""Admin-facing replies: supplier cards, import reports, the audit list, refusals.

Every knowledge-base or admin-typed string goes into a markup node, so it is escaped on output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal

from bot.core.curation.admin import (
    FIELD_HINTS,
    MAX_IMPORT_BYTES,
    MAX_LISTED_PROBLEMS,
    USAGE,
    AdminAction,
    AdminInputError,
)
from bot.core.curation.knowledge import FIELDS
from bot.core.markup import Bold, Code, Italic, Line, Link, Node, Plain, Pre, Reply, line, lines
from bot.core.types import Attachment, AuditEntry, PriceTier, Supplier

# Values in one-line summaries (audit, edits) are cut to this many characters.
_SHORT = 80
# A supplier list (several matches) shows at most this many.
MAX_LISTED_MATCHES = 10
# Audit lines name at most this many changed fields, then "+N more".
_MAX_DIFF_FIELDS = 4


def _cut(text: str, limit: int = _SHORT) -> str:
    """Returns the text on one line, cut with an ellipsis when longer than `limit`."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _decimal(value: Decimal) -> str:
    """Returns a Decimal without exponent or trailing zeros noise ("2.50" stays "2.50")."""
    return format(value, "f")


def _tiers(tiers: Sequence[PriceTier]) -> str:
    """Returns price tiers in the import format: "100:2.5; 500:1.9"."""
    return "; ".join(f"{t.min_qty}:{_decimal(t.unit_price)}" for t in tiers)


def show_value(value: object) -> str:
    """Returns an import-format value (str, number, list, tier dicts) as short text."""
    if value is None or value == "" or value == [] or value == ():
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return _decimal(value)
    if isinstance(value, Mapping):
        if "min_qty" in value and "unit_price" in value:
            return f"{value['min_qty']}:{value['unit_price']}"
        return ", ".join(f"{k}={show_value(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return "; ".join(show_value(item) for item in value)
    return str(value)


def supplier_label(supplier: Supplier) -> str:
    """Returns "#12 Acme Boxes" (or the name alone when it has no id yet)."""
    head = f"#{supplier.id} " if supplier.id is not None else ""
    return f"{head}{supplier.name}"


# --------------------------------------------------------------------------------------------
# Refusals and errors
# --------------------------------------------------------------------------------------------


def refusal(command_name: str) -> Reply:
    """Returns the one-sentence refusal for a user who is not a knowledge-base admin."""
    return Reply(
        line(
            "Only the knowledge-base admins can use ",
            Code(f"/{_cut(command_name, 40)}"),
            "; nothing was changed.",
        ),
        quote=True,
    )


_HEADINGS: Mapping[AdminAction, str] = {
    AdminAction.ADD: "The supplier was not added:",
    AdminAction.EDIT: "Nothing was changed:",
    AdminAction.DELETE: "Nothing was deleted:",
    AdminAction.RESTORE: "Nothing was restored:",
    AdminAction.IMPORT: "Import rejected, nothing was imported:",
}


def problems(error: AdminInputError, filename: str | None = None) -> Reply:
    """Returns every problem of a rejected admin input (files: the first few dozen rows)."""
    action = error.action
    heading = _HEADINGS.get(action, "That did not work:") if action else "That did not work:"
    items: list[Node] = []
    rows = {p.row for p in error.problems if p.row is not None}
    if action is AdminAction.IMPORT and filename is not None:
        count = f"{len(rows)} bad row{'s' if len(rows) != 1 else ''}" if rows else "a bad file"
        items.append(line(Bold(heading), " ", Code(_cut(filename, 60)), f" has {count}."))
    else:
        items.append(Bold(heading))
    shown = error.problems[:MAX_LISTED_PROBLEMS]
    items.extend(line("• ", _cut(str(p), 300)) for p in shown)
    hidden = len(error.problems) - len(shown)
    if hidden > 0:
        items.append(Italic(f"… and {hidden} more problem{'s' if hidden != 1 else ''}."))
    if action is not None and action is not AdminAction.IMPORT:
        items.append(line("Usage: ", Code(USAGE[action])))
    elif action is AdminAction.IMPORT and rows:
        items.append(Plain("Fix these rows and send the whole file again."))
    return Reply(lines(*items), quote=True)


def not_found(supplier_id: int) -> Reply:
    """Returns the reply for an id no supplier has."""
    return Reply(line("There is no supplier ", Code(f"#{supplier_id}"), "; nothing was changed."))


def no_match(query: str) -> Reply:
    """Returns the reply when /supplier finds nothing."""
    return Reply(line("No supplier matches ", Code(_cut(query, 60)), "."))


def is_deleted(supplier: Supplier) -> Reply:
    """Returns the reply for editing a deleted supplier."""
    return Reply(
        line(
            Bold(_cut(supplier_label(supplier))),
            " is deleted; restore it first with ",
            Code(f"/restoresupplier {supplier.id}"),
            ". Nothing was changed.",
        )
    )


def already(supplier: Supplier, state: str) -> Reply:
    """Returns "#12 Acme is already deleted/listed; nothing was changed."."""
    return Reply(
        line(Bold(_cut(supplier_label(supplier))), f" is already {state}; nothing was changed.")
    )


def duplicate(existing: Supplier, *, changed: bool = False) -> Reply:
    """Returns the refusal to add (or rename into) a supplier already in the knowledge base."""
    return Reply(
        lines(
            line(
                "Nothing was changed: " if changed else "Not added: ",
                Bold(_cut(supplier_label(existing))),
                " has the same name and website.",
            ),
            line("Change it with ", Code(f"/editsupplier {existing.id} field value"), "."),
        )
    )


def unknown_categories_note(categories: Sequence[str]) -> Reply:
    """Returns the note that some categories are not in the taxonomy (saved, but less findable)."""
    shown = ", ".join(_cut(c, 40) for c in categories[:10])
    more = f" and {len(categories) - 10} more" if len(categories) > 10 else ""
    return Reply(
        Italic(
            f"Note: not in the taxonomy, so founders' words will not lead to them: {shown}{more}."
        )
    )


def index_lagging() -> Reply:
    """Returns the warning that a saved change has not reached the search yet."""
    return Reply(
        Italic(
            "Saved, but the search index could not be rebuilt just now; "
            "searches show the change after the next successful change or a restart."
        )
    )


# --------------------------------------------------------------------------------------------
# Suppliers
# --------------------------------------------------------------------------------------------


def _row(label: str, *value: Node | str) -> Line:
    """Returns one "label: value" line of a card."""
    return line(Bold(f"{label}: "), *value)


def supplier_card(supplier: Supplier, *, deleted: bool = False) -> Node:
    """Returns every known fact about a supplier, each string escaped."""
    head: list[Node | str] = [Bold(supplier.name)]
    if supplier.id is not None:
        head += [" ", Code(f"#{supplier.id}")]
    if deleted:
        head.append(Italic(" (deleted)"))
    facts = [_row(label, value) for label, value in _facts(supplier) if value is not None]
    return lines(line(*head), *facts)


def _facts(supplier: Supplier) -> list[tuple[str, Node | str | None]]:
    """Returns a card's rows in order; None where the supplier does not state the fact."""
    website = Link(supplier.website, supplier.website) if supplier.website else None
    place = ", ".join(p for p in (supplier.country, supplier.region) if p) or None
    moq = f"{supplier.moq:,} {supplier.moq_unit}" if supplier.moq is not None else None
    lead = f"{supplier.lead_time_days} days" if supplier.lead_time_days is not None else None
    small = None if supplier.small_series is None else ("yes" if supplier.small_series else "no")
    return [
        ("website", website),
        ("email", supplier.email or None),
        ("where", place),
        ("categories", "; ".join(supplier.categories)),
        ("keywords", "; ".join(supplier.keywords) or None),
        ("MOQ", moq),
        ("setup fee", _amount_text(supplier, supplier.setup_fee)),
        ("below-MOQ fee", _amount_text(supplier, supplier.below_moq_fee)),
        *_price_facts(supplier),
        ("lead time", lead),
        ("small series", small),
        ("status", str(supplier.status)),
        ("certifications", "; ".join(supplier.certifications) or None),
        ("notes", supplier.notes or None),
        ("source", supplier.source or None),
    ]


def _amount_text(supplier: Supplier, amount: Decimal | None) -> str | None:
    """Returns a fee with the supplier's currency, None when not stated."""
    if amount is None:
        return None
    return f"{_decimal(amount)} {supplier.currency or ''}".strip()


def _price_facts(supplier: Supplier) -> list[tuple[str, Node | str | None]]:
    """Returns the price tiers with their currency, or the currency alone."""
    if supplier.price_tiers:
        unit = f" ({supplier.currency} per unit)" if supplier.currency else ""
        return [("price tiers", _tiers(supplier.price_tiers) + unit)]
    return [("currency", supplier.currency or None)]


def show_supplier(supplier: Supplier, *, deleted: bool = False) -> Reply:
    """Returns one supplier's card."""
    return Reply(supplier_card(supplier, deleted=deleted))


def matches(query: str, suppliers: Sequence[Supplier]) -> Reply:
    """Returns a short list of the suppliers a name matched, to pick one by id."""
    shown = suppliers[:MAX_LISTED_MATCHES]
    items: list[Node] = [
        line(f"{len(suppliers)} suppliers match ", Code(_cut(query, 60)), "; pick one by id:")
    ]
    for supplier in shown:
        place = f" · {supplier.country}" if supplier.country else ""
        items.append(line(Code(f"/supplier {supplier.id}"), " ", _cut(supplier.name, 60), place))
    if len(suppliers) > len(shown):
        items.append(Italic(f"… and {len(suppliers) - len(shown)} more; be more specific."))
    return Reply(lines(*items))


def added(supplier: Supplier) -> Reply:
    """Returns the confirmation of an added supplier with its card."""
    return Reply(
        lines(
            line(
                "Added ",
                Bold(_cut(supplier_label(supplier))),
                ". It is in the search now; undo with ",
                Code(f"/delsupplier {supplier.id}"),
                ".",
            ),
            supplier_card(supplier),
        )
    )


def edited(before: Supplier, after: Supplier, field: str) -> Reply:
    """Returns the confirmation of one changed field, old and new value."""
    old = show_value(getattr(before, field, None))
    new = show_value(getattr(after, field, None))
    if field == "price_tiers":
        old, new = _tiers(before.price_tiers) or "—", _tiers(after.price_tiers) or "—"
    return Reply(
        line(
            "Changed ",
            Code(field),
            " of ",
            Bold(_cut(supplier_label(after))),
            ": ",
            _cut(old),
            " → ",
            _cut(new),
            ".",
        )
    )


def unchanged(supplier: Supplier, field: str) -> Reply:
    """Returns the reply for an edit that sets the value it already had."""
    return Reply(
        line(
            Code(field),
            " of ",
            Bold(_cut(supplier_label(supplier))),
            " already has that value; nothing was changed.",
        )
    )


def deleted(supplier: Supplier) -> Reply:
    """Returns the confirmation of a soft delete, with the way back."""
    return Reply(
        line(
            "Deleted ",
            Bold(_cut(supplier_label(supplier))),
            "; it no longer shows in searches. Undo with ",
            Code(f"/restoresupplier {supplier.id}"),
            ".",
        )
    )


def restored(supplier: Supplier) -> Reply:
    """Returns the confirmation of a restored supplier."""
    return Reply(
        line("Restored ", Bold(_cut(supplier_label(supplier))), "; it shows in searches again.")
    )


def template() -> Reply:
    """Returns the /addsupplier fill-in template: copy it, fill the fields, send it back."""
    hints: list[Node] = [
        Bold("Add a supplier in one message."),
        Plain(
            "Copy the block below, fill in what you know and send it back; "
            "empty fields are skipped. Every fact needs a source."
        ),
    ]
    hints.extend(line(Code(name), f" — {FIELD_HINTS.get(name, '')}") for name in _TEMPLATE_FIELDS)
    block = "\n".join(["/addsupplier", *(f"{name}: " for name in _TEMPLATE_FIELDS)])
    return Reply(lines(*hints, Pre(block)))


_TEMPLATE_FIELDS = FIELDS


# --------------------------------------------------------------------------------------------
# Knowledge base: stats, import, export
# --------------------------------------------------------------------------------------------


def kb_stats(
    *, suppliers: int, categories: int, countries: int, small_series: int, sourced: int
) -> Reply:
    """Returns the knowledge-base counts (live suppliers only; sourced: not `unchecked`)."""
    return Reply(
        lines(
            Bold("Knowledge base"),
            _row("suppliers", f"{suppliers:,}"),
            _row("categories", f"{categories:,}"),
            _row("countries", f"{countries:,}"),
            _row("small series", f"{small_series:,}"),
            _row("sourced", f"{sourced:,}"),
        )
    )


def import_done(filename: str, *, added: int, updated: int, updated_names: Sequence[str]) -> Reply:
    """Returns the import report: rows accepted, added and updated (duplicates by name+website)."""
    total = added + updated
    items: list[Node] = [
        line(
            Bold(f"Imported {total} supplier{'s' if total != 1 else ''}"),
            " from ",
            Code(_cut(filename, 60)),
            f": {added} added, {updated} updated. They are in the search now.",
        )
    ]
    if updated_names:
        items.append(
            Plain("Already known by name and website, so updated instead of added twice:")
        )
        shown = updated_names[:MAX_LISTED_PROBLEMS]
        items.extend(line("• ", _cut(name, 100)) for name in shown)
        if len(updated_names) > len(shown):
            items.append(Italic(f"… and {len(updated_names) - len(shown)} more."))
    return Reply(lines(*items))


def import_needs_file() -> Reply:
    """Returns how to send an import (no document came with /import)."""
    return Reply(
        lines(
            Plain("Send the file as a document with the caption /import, or reply /import to it."),
            Plain(
                "Accepted: .csv (with a header), .yaml or .json (a suppliers: list), "
                f"up to {MAX_IMPORT_BYTES:,} bytes (1 MB)."
            ),
        )
    )


def export_done(
    count: int, csv_name: str, csv_data: bytes, yaml_name: str, yaml_data: bytes
) -> Reply:
    """Returns the export reply with the CSV and YAML documents attached."""
    return Reply(
        line(f"The knowledge base: {count} supplier{'s' if count != 1 else ''}, as CSV and YAML."),
        attachments=(
            Attachment(csv_name, csv_data, caption="CSV export", kind="document"),
            Attachment(yaml_name, yaml_data, caption="YAML export", kind="document"),
        ),
    )


# --------------------------------------------------------------------------------------------
# Audit
# --------------------------------------------------------------------------------------------


def _when(at: datetime) -> str:
    """Returns a UTC timestamp to the minute."""
    moment = at.astimezone(UTC) if at.tzinfo is not None else at
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _who(actor_id: int) -> str:
    """Returns the actor: a Telegram user id, or the command line (actor 0)."""
    return "command line" if actor_id == 0 else f"user {actor_id}"


def _diff(before: Mapping[str, object], after: Mapping[str, object]) -> str:
    """Returns the changed fields as "moq 100 → 50; email — → a@b.c" (the first few)."""
    order = [f for f in FIELDS if f in before or f in after]
    order += sorted((set(before) | set(after)) - set(order))
    changed = [k for k in order if before.get(k) != after.get(k) and k != "id"]
    parts = [
        f"{k} {_cut(show_value(before.get(k)), 30)} → {_cut(show_value(after.get(k)), 30)}"
        for k in changed[:_MAX_DIFF_FIELDS]
    ]
    if len(changed) > _MAX_DIFF_FIELDS:
        parts.append(f"+{len(changed) - _MAX_DIFF_FIELDS} more")
    return "; ".join(parts) if parts else "no field changed"


def _what(entry: AuditEntry) -> str:
    """Returns what an audit entry changed, concisely."""
    target = ""
    if entry.supplier_id is not None:
        target = f" #{entry.supplier_id}"
    if entry.supplier_name:
        target += f" {entry.supplier_name}"
    before, after = entry.before or {}, entry.after or {}
    if entry.action == "import":
        source = after.get("file") or entry.supplier_name or "a file"
        detail = ", ".join(f"{after[k]} {k}" for k in ("added", "updated") if k in after)
        return f"import {source}" + (f": {detail}" if detail else "")
    if entry.action == "edit":
        return f"edit{target}: {_diff(before, after)}"
    if entry.action == "add":
        cats = show_value(after.get("categories"))
        return f"add{target} ({cats})"
    return f"{entry.action}{target}"


def audit_list(entries: Sequence[AuditEntry]) -> Reply:
    """Returns the last changes, newest first: who, when, what (before → after)."""
    if not entries:
        return Reply(Plain("No knowledge-base changes recorded yet."))
    items: list[Node] = [Bold(f"Last {len(entries)} change{'s' if len(entries) != 1 else ''}:")]
    for entry in entries:
        items.append(
            line(
                Code(_when(entry.at)),
                f" · {_who(entry.actor_id)} · ",
                _cut(_what(entry), 300),
            )
        )
    return Reply(lines(*items))


__all__ = [
    "MAX_LISTED_MATCHES",
    "added",
    "already",
    "audit_list",
    "deleted",
    "duplicate",
    "edited",
    "export_done",
    "import_done",
    "import_needs_file",
    "index_lagging",
    "is_deleted",
    "kb_stats",
    "matches",
    "no_match",
    "not_found",
    "problems",
    "refusal",
    "restored",
    "show_supplier",
    "show_value",
    "supplier_card",
    "supplier_label",
    "template",
    "unchanged",
    "unknown_categories_note",
]
