"""Admin command parsing and admin replies: plain function calls, hostile strings escaped."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.curation import admin_render as render
from bot.core.curation.admin import (
    ADMIN_COMMANDS,
    MAX_AUDIT_LIMIT,
    MAX_IMPORT_BYTES,
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
    action_of,
    apply_edit,
    check_import_filename,
    parse_admin_command,
    plan_import,
    unknown_categories,
)
from bot.core.curation.knowledge import FIELDS
from bot.core.markup import Reply, split
from bot.core.types import AuditEntry, Category, Command, PriceTier, Supplier, Taxonomy

HOSTILE = '<b>Boxes</b> & <script>alert(1)</script> </a> "quoted" 📦'

ONE_MESSAGE = """
name: Kartonage Klein
website: https://kartonage-klein.example
country: DE
categories: mailer-boxes; shipping-boxes
keywords: kraft; digital print
moq: 1,000
price_tiers: 100:2.5; 500:1.9
small_series: yes
source: https://kartonage-klein.example/terms
"""


def add(text: str) -> AddSupplier | AddTemplate:
    """Returns the parsed /addsupplier command."""
    parsed = parse_admin_command(Command("addsupplier", text))
    assert isinstance(parsed, AddSupplier | AddTemplate)
    return parsed


def rejected(name: str, args: str = "") -> AdminInputError:
    """Returns the error a command is rejected with."""
    with pytest.raises(AdminInputError) as caught:
        parse_admin_command(Command(name, args))
    return caught.value


def parse_or_error(command: Command) -> AdminCommand | AdminInputError:
    """Returns the parsed command, or the error it was rejected with."""
    try:
        return parse_admin_command(command)
    except AdminInputError as exc:
        return exc


def supplier(**changes: Any) -> Supplier:
    """Returns a stored supplier to edit and render."""
    base = Supplier(
        id=12,
        name="Kartonage Klein",
        categories=("mailer-boxes",),
        website="kartonage-klein.example",
        moq=100,
        price_tiers=(PriceTier(100, Decimal("2.5")),),
        currency="EUR",
        source="https://kartonage-klein.example/terms",
    )
    return replace(base, **changes)


class _TagChecker(HTMLParser):
    """Collects the tags of Telegram HTML; any tag outside its set is a failure."""

    allowed = frozenset({"b", "i", "code", "pre", "a"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed_html(markup: str) -> _TagChecker:
    """Returns the parsed reply HTML after checking it uses only Telegram's tags."""
    checker = _TagChecker()
    checker.feed(markup)
    checker.close()
    assert set(checker.tags) <= _TagChecker.allowed, checker.tags
    return checker


# --------------------------------------------------------------------------------------------
# /addsupplier
# --------------------------------------------------------------------------------------------


def test_one_message_addsupplier_is_validated_like_an_import_row() -> None:
    parsed = add(ONE_MESSAGE)

    assert isinstance(parsed, AddSupplier)
    got = parsed.supplier
    assert got.name == "Kartonage Klein"
    assert got.categories == ("mailer-boxes", "shipping-boxes")
    assert got.moq == 1000
    assert got.price_tiers == (PriceTier(100, Decimal("2.5")), PriceTier(500, Decimal("1.9")))
    assert got.small_series is True
    assert got.country == "DE"


def test_addsupplier_alone_asks_for_the_fill_in_template() -> None:
    assert add("") == AddTemplate()
    assert add("  \n ") == AddTemplate()


def test_the_filled_in_template_is_accepted_as_it_was_sent() -> None:
    template = render.template().text_plain()
    block = template[template.index("/addsupplier") :]
    filled = block.replace("name: ", "name: Acme", 1).replace(
        "categories: ", "categories: labels", 1
    )
    filled = filled.replace("source: ", "source: https://acme.example", 1)
    command, _, args = filled.partition("\n")

    parsed = parse_admin_command(Command(command.lstrip("/"), args))

    assert isinstance(parsed, AddSupplier)
    assert parsed.supplier.name == "Acme"
    assert parsed.supplier.website is None


def test_addsupplier_reports_every_problem_at_once() -> None:
    error = rejected(
        "addsupplier",
        "name:   \ncategories: labels\nprce_tiers: 100:1\nmoq: abc\nsource: s\njust words",
    )

    reasons = [str(p) for p in error.problems]
    assert "name: required" in reasons
    assert any("unknown field 'prce_tiers' (did you mean price_tiers?)" in r for r in reasons)
    assert any(r.startswith("moq: not a whole number") for r in reasons)
    assert any(r.startswith("line 6: expected 'field: value'") for r in reasons)
    assert error.action is AdminAction.ADD


@pytest.mark.parametrize(
    ("line", "field", "reason_start"),
    [
        ("moq: -5", "moq", "must be 0 or more"),
        ("moq: 1e400", "moq", "not a whole number"),
        ("price_tiers: 500:1.9; 100:2.5", "price_tiers", "min_qty must ascend"),
        ("price_tiers: 100:abc", "price_tiers", "unit_price: not a number"),
        ("country: Atlantis", "country", "not an ISO 3166 country code"),
        ("status: famous", "status", "not one of listed"),
        ("website: java script:alert(1)", "website", "not a domain"),
        ("colour: red", "colour", "unknown field 'colour'"),
    ],
    ids=[
        "negative-moq",
        "huge-moq",
        "tiers-descend",
        "bad-price",
        "country",
        "status",
        "website",
        "unknown-field",
    ],
)
def test_addsupplier_rejects_a_bad_value_with_its_field(
    line: str, field: str, reason_start: str
) -> None:
    error = rejected("addsupplier", f"name: A\ncategories: labels\nsource: s\n{line}")

    assert [(p.field, p.reason.startswith(reason_start)) for p in error.problems] == [
        (field, True)
    ]


def test_a_field_given_twice_is_an_error_not_a_silent_overwrite() -> None:
    error = rejected("addsupplier", "name: A\nname: B\ncategories: labels\nsource: s")

    assert [str(p) for p in error.problems] == ["name: given twice"]


def test_a_formula_in_a_field_is_kept_as_text() -> None:
    parsed = add('name: =HYPERLINK("http://evil.example","click")\ncategories: labels\nsource: s')

    assert isinstance(parsed, AddSupplier)
    assert parsed.supplier.name == '=HYPERLINK("http://evil.example","click")'


def test_field_names_may_be_typed_with_spaces_or_capitals() -> None:
    parsed = add("Name: A\nCategories: labels\nPrice tiers: 10:1\nLead-time days: 7\nsource: s")

    assert isinstance(parsed, AddSupplier)
    assert parsed.supplier.lead_time_days == 7
    assert parsed.supplier.price_tiers == (PriceTier(10, Decimal(1)),)


# --------------------------------------------------------------------------------------------
# The other commands
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "args", "expected"),
    [
        ("editsupplier", "12 moq 50", EditSupplier(12, "moq", "50")),
        ("editsupplier", "#12 notes: two  words", EditSupplier(12, "notes", "two  words")),
        ("editsupplier", "12 email -", EditSupplier(12, "email", None)),
        ("delsupplier", " 7 ", DeleteSupplier(7)),
        ("restoresupplier", "#7", RestoreSupplier(7)),
        ("supplier", "  acme   boxes ", ShowSupplier("acme boxes")),
        ("supplier", "12", ShowSupplier("12")),
        ("kbstats", "", ShowStats()),
        ("import", "", ImportFile()),
        ("export", "whatever", ExportAll()),
        ("audit", "", ShowAudit(10)),
        ("audit", "3", ShowAudit(3)),
        ("AUDIT", str(MAX_AUDIT_LIMIT), ShowAudit(MAX_AUDIT_LIMIT)),
    ],
)
def test_admin_commands_parse_into_typed_values(name: str, args: str, expected: object) -> None:
    assert parse_admin_command(Command(name, args)) == expected


@pytest.mark.parametrize(
    ("name", "args", "field", "reason_part"),
    [
        ("editsupplier", "12 moq", "usage", "/editsupplier ID field value"),
        ("editsupplier", "abc moq 5", "ID", "not a supplier id: 'abc'"),
        ("editsupplier", "12 colour red", "colour", "unknown field 'colour'"),
        ("editsupplier", "12 name -", "name", "cannot be cleared"),
        ("delsupplier", "", "ID", "missing"),
        ("delsupplier", "12abc", "ID", "not a supplier id"),
        ("restoresupplier", "-3", "ID", "not a supplier id"),
        ("supplier", "   ", "ID or name", "missing"),
        ("supplier", "x" * 201, "ID or name", "too long"),
        ("audit", "0", "N", "from 1 to 50"),
        ("audit", "99999999999", "N", "from 1 to 50"),
        ("audit", "ten", "N", "not a whole number"),
        ("audit", "٣", "N", "not a whole number"),
        ("start", "", "command", "not an admin command"),
    ],
)
def test_bad_admin_commands_are_rejected_with_a_reason(
    name: str, args: str, field: str, reason_part: str
) -> None:
    error = rejected(name, args)

    assert error.problems[0].field == field
    assert reason_part in error.problems[0].reason


def test_every_admin_action_is_a_command_and_maps_back() -> None:
    assert {a.value for a in AdminAction} == ADMIN_COMMANDS
    assert action_of(ShowAudit(3)) is AdminAction.AUDIT
    assert action_of(AddTemplate()) is AdminAction.ADD


# --------------------------------------------------------------------------------------------
# Edits and imports
# --------------------------------------------------------------------------------------------


def test_an_edit_changes_one_field_and_keeps_the_id() -> None:
    after = apply_edit(supplier(), EditSupplier(12, "moq", "50"))

    assert after.moq == 50
    assert after.id == 12
    assert after.price_tiers == supplier().price_tiers


def test_an_edit_can_clear_an_optional_field() -> None:
    after = apply_edit(supplier(), EditSupplier(12, "website", None))

    assert after.website is None


def test_an_edit_with_a_bad_value_says_why() -> None:
    with pytest.raises(AdminInputError) as caught:
        apply_edit(supplier(), EditSupplier(12, "price_tiers", "500:1; 100:2"))

    assert str(caught.value.problems[0]) == "price_tiers: min_qty must ascend"
    assert caught.value.action is AdminAction.EDIT


def test_an_import_plan_lists_every_bad_row_with_its_number() -> None:
    rows = [
        {"name": "Good", "categories": "labels", "source": "s"},
        {"name": "", "categories": "labels", "source": "s"},
        {"name": "Bad tiers", "categories": "labels", "source": "s", "price_tiers": "5:1;2:1"},
        {"name": "good", "categories": "labels", "source": "s"},
    ]

    with pytest.raises(AdminInputError) as caught:
        plan_import(rows)

    shown = [str(p) for p in caught.value.problems]
    assert "row 2: name: required" in shown
    assert "row 3: price_tiers: min_qty must ascend" in shown
    assert any(s.startswith("row 4: name: same supplier as row 1") for s in shown)


def test_an_empty_file_is_not_an_import() -> None:
    with pytest.raises(AdminInputError, match="holds no supplier rows"):
        plan_import([])


@pytest.mark.parametrize(
    ("filename", "size", "reason_part"),
    [
        ("kb.xlsx", 10, "not a .csv, .yaml or .json file"),
        ("kb.csv", MAX_IMPORT_BYTES + 1, "too large: 1,000,001 bytes (the limit is 1,000,000"),
    ],
)
def test_files_are_refused_by_name_and_size_before_download(
    filename: str, size: int, reason_part: str
) -> None:
    with pytest.raises(AdminInputError) as caught:
        check_import_filename(filename, size)

    assert reason_part in caught.value.problems[0].reason


def test_files_within_the_limit_pass_the_precheck() -> None:
    check_import_filename("KB.YAML", MAX_IMPORT_BYTES)
    check_import_filename("kb.json", None)


def test_categories_missing_from_the_taxonomy_are_named() -> None:
    taxonomy = Taxonomy((Category("labels", "Labels"),))

    found = unknown_categories([supplier(categories=("labels", "zz-new", "aa-new"))], taxonomy)

    assert found == ("aa-new", "zz-new")
    assert unknown_categories([supplier()], Taxonomy()) == ()


# --------------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------------


def test_a_supplier_card_escapes_every_knowledge_base_string() -> None:
    hostile = supplier(
        name=HOSTILE,
        notes=HOSTILE,
        keywords=(HOSTILE,),
        region=HOSTILE,
        website='evil.example/"><script>',
    )

    out = render.show_supplier(hostile).text_html()
    checked = parsed_html(out)

    assert "<script>" not in out
    assert checked.tags.count("a") <= 1
    assert HOSTILE in "".join(checked.text)


def test_a_javascript_website_never_becomes_a_link() -> None:
    out = render.show_supplier(supplier(website="javascript:alert(1)")).text_html()

    assert "<a " not in out
    assert "javascript:alert(1)" in out


@pytest.mark.parametrize(
    "reply",
    [
        render.added(supplier(name=HOSTILE)),
        render.deleted(supplier(name=HOSTILE)),
        render.restored(supplier(name=HOSTILE)),
        render.edited(supplier(), supplier(notes=HOSTILE, name=HOSTILE), "notes"),
        render.duplicate(supplier(name=HOSTILE)),
        render.is_deleted(supplier(name=HOSTILE)),
        render.matches(HOSTILE, [supplier(name=HOSTILE), supplier(id=13, name="x")]),
        render.no_match(HOSTILE),
        render.refusal(HOSTILE),
        render.import_done(HOSTILE, added=1, updated=1, updated_names=[HOSTILE]),
        render.unknown_categories_note([HOSTILE]),
    ],
    ids=lambda r: r.text_plain()[:20],
)
def test_every_admin_reply_is_valid_telegram_html(reply: Reply) -> None:
    out = reply.text_html()
    checked = parsed_html(out)

    assert "<script>" not in out
    assert html.unescape(out).count("<script>") == "".join(checked.text).count("<script>")


def test_the_refusal_is_one_sentence_that_says_nothing_changed() -> None:
    text = render.refusal("addsupplier").text_plain()

    assert text == "Only the knowledge-base admins can use /addsupplier; nothing was changed."


def test_an_import_rejection_names_the_file_and_the_count_of_bad_rows() -> None:
    rows = [{"name": "", "categories": "labels", "source": "s"}] * 40
    with pytest.raises(AdminInputError) as caught:
        plan_import(rows)

    text = render.problems(caught.value, "kb.csv").text_plain()

    assert text.startswith("Import rejected, nothing was imported: kb.csv has 40 bad rows.")
    assert "row 1: name: required" in text
    assert "… and 10 more problems." in text


def test_the_import_report_says_which_duplicates_were_updated() -> None:
    text = render.import_done("kb.yaml", added=2, updated=1, updated_names=["Acme"]).text_plain()

    assert "Imported 3 suppliers from kb.yaml: 2 added, 1 updated." in text
    assert "updated instead of added twice" in text
    assert "• Acme" in text


def test_the_audit_list_says_who_when_and_what_changed() -> None:
    at = datetime(2026, 11, 25, 9, 41, tzinfo=UTC)
    entries = [
        AuditEntry(
            2,
            at,
            111,
            "edit",
            12,
            "Acme",
            {"name": "Acme", "moq": 100},
            {"name": "Acme", "moq": 50},
        ),
        AuditEntry(1, at, 111, "add", 12, "Acme", None, {"categories": ["labels", "tags"]}),
        AuditEntry(3, at, 0, "import", None, "kb.csv", None, {"file": "kb.csv", "added": 3}),
        AuditEntry(4, at, 222, "delete", 12, HOSTILE, {"name": HOSTILE}, None),
    ]

    reply = render.audit_list(entries)
    text = reply.text_plain()
    parsed_html(reply.text_html())

    assert "2026-11-25 09:41 UTC · user 111 · edit #12 Acme: moq 100 → 50" in text
    assert "user 111 · add #12 Acme (labels; tags)" in text
    assert "command line · import kb.csv: 3 added" in text
    assert f"user 222 · delete #12 {HOSTILE}" in text


def test_an_empty_audit_says_so() -> None:
    assert render.audit_list([]).text_plain() == "No knowledge-base changes recorded yet."


def test_the_template_names_every_import_field_and_fits_one_message() -> None:
    reply = render.template()

    assert len(split(reply.markup)) == 1
    for field in FIELDS:
        assert f"\n{field}: " in reply.text_plain()


def test_the_export_reply_attaches_csv_and_yaml_documents() -> None:
    reply = render.export_done(2, "a.csv", b"x", "a.yaml", b"y")

    assert [(a.filename, a.kind) for a in reply.attachments] == [
        ("a.csv", "document"),
        ("a.yaml", "document"),
    ]


# --------------------------------------------------------------------------------------------
# Any text at all
# --------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(sorted(ADMIN_COMMANDS)),
    args=st.text(max_size=400)
    | st.lists(
        st.tuples(st.sampled_from([*FIELDS, "colour", ""]), st.text(max_size=60)), max_size=8
    ).map(lambda pairs: "\n".join(f"{k}: {v}" for k, v in pairs)),
)
def test_any_admin_text_parses_or_is_rejected_with_problems_never_a_crash(
    name: str, args: str
) -> None:
    outcome = parse_or_error(Command(name, args))
    if isinstance(outcome, AdminInputError):
        assert outcome.problems
        parsed_html(render.problems(outcome, "f.csv").text_html())
        return
    parsed = outcome
    assert action_of(parsed).value == name
    if isinstance(parsed, AddSupplier):
        parsed_html(render.added(parsed.supplier).text_html())
