"""Import validation: every rule of the import format, one table per field."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.curation.knowledge import (
    COUNTRY_CODES,
    FIELDS,
    RowError,
    format_errors,
    parse_tiers,
    supplier_key,
    supplier_to_record,
    validate_row,
    validate_rows,
    website_key,
)
from bot.core.types import InputError, PriceTier, Status, Supplier

BASE: dict[str, object] = {
    "name": "Box Co",
    "categories": "boxes",
    "source": "https://box.example",
}


def valid(**fields: object) -> Supplier:
    """Returns the supplier a row with these fields becomes (fails the test on errors)."""
    result = validate_row({**BASE, **fields}, 1)
    assert isinstance(result, Supplier), result
    return result


def reasons(**fields: object) -> dict[str, str]:
    """Returns field -> reason for a row with these fields (fails the test if it is valid)."""
    result = validate_row({**BASE, **fields}, 3)
    assert isinstance(result, list), result
    return {error.field: error.reason for error in result}


def test_fields_follow_the_import_format_of_the_design() -> None:
    assert FIELDS[:3] == ("name", "website", "email")
    assert FIELDS[-2:] == ("notes", "source")
    assert len(FIELDS) == 19


def test_a_minimal_row_gets_the_defaults() -> None:
    supplier = valid()
    assert supplier == Supplier(name="Box Co", categories=("boxes",), source="https://box.example")
    assert (supplier.moq_unit, supplier.status, supplier.small_series) == ("pcs", "listed", None)


def test_row_error_reads_as_row_field_reason() -> None:
    assert str(RowError(3, "moq", "not a whole number: 'abc'")) == (
        "row 3: moq: not a whole number: 'abc'"
    )


# name ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [None, "", "   "], ids=["missing", "empty", "blank"])
def test_name_is_required(name: object) -> None:
    assert reasons(name=name)["name"] == "required"


def test_name_is_stripped_and_at_most_200_characters() -> None:
    assert valid(name="  Box Co \n").name == "Box Co"
    assert valid(name="x" * 200).name == "x" * 200
    assert reasons(name="x" * 201)["name"].startswith("too long (201 characters")


@pytest.mark.parametrize("text", ["Box\x00Co", "Box\x1bCo", "Box\nCo", "Box\rCo", "Box\x7fCo"])
def test_control_characters_are_rejected(text: str) -> None:
    assert reasons(name=text)["name"].startswith("contains a control character")


def test_notes_may_span_lines_but_not_hold_other_control_characters() -> None:
    assert valid(notes="one\n\ttwo").notes == "one\n\ttwo"
    assert "control character" in reasons(notes="one\x00two")["notes"]


def test_name_must_be_text_not_a_list() -> None:
    assert reasons(name=["a"])["name"].startswith("expected text")


# categories ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("boxes", ("boxes",)),
        ("Mailer Boxes; LABELS ;", ("mailer-boxes", "labels")),
        (["mailer_boxes", "mailer-boxes", " tape "], ("mailer-boxes", "tape")),
    ],
)
def test_categories_are_normalised_to_lower_case_ids(raw: object, expected: tuple[str]) -> None:
    assert valid(categories=raw).categories == expected


@pytest.mark.parametrize("raw", [None, "", [], ";", ["  "]])
def test_at_least_one_category_is_required(raw: object) -> None:
    assert reasons(categories=raw)["categories"].startswith("required")


def test_a_category_must_look_like_an_id() -> None:
    assert reasons(categories="boxes!")["categories"].startswith("not a category id: 'boxes!'")
    assert reasons(categories="a" * 101)["categories"].startswith("too long")
    assert valid(categories="a" * 100).categories == ("a" * 100,)


def test_list_items_may_not_contain_the_csv_separator() -> None:
    assert "separates items" in reasons(keywords=["a;b"])["keywords"]


def test_keywords_and_certifications_are_stripped_and_deduplicated() -> None:
    supplier = valid(keywords=" kraft ; digital print;kraft", certifications=["FSC", "FSC"])
    assert supplier.keywords == ("kraft", "digital print")
    assert supplier.certifications == ("FSC",)


def test_a_nested_list_is_not_a_keyword() -> None:
    assert reasons(keywords=[["a"]])["keywords"].startswith("expected words")


# country ------------------------------------------------------------------------------------


def test_the_alpha_2_list_is_complete() -> None:
    assert len(COUNTRY_CODES) == 249
    assert {"GB", "DE", "US", "NO", "AX", "SS"} <= COUNTRY_CODES
    assert "XK" not in COUNTRY_CODES  # Kosovo's code is user-assigned, not ISO 3166


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("de", "DE"),
        (" GB ", "GB"),
        ("UK", "GB"),
        ("uk", "GB"),
        ("Germany", "DE"),
        ("United Kingdom", "GB"),
        ("EL", "GR"),
        (False, "NO"),
        (None, None),
        ("", None),
    ],
)
def test_country_becomes_an_upper_case_iso_code(raw: object, expected: str | None) -> None:
    assert valid(country=raw).country == expected


@pytest.mark.parametrize("raw", ["XX", "EU", "Narnia", "DEU", "D"])
def test_unknown_countries_are_rejected(raw: str) -> None:
    assert reasons(country=raw)["country"].startswith("not an ISO 3166 country code")


# whole numbers ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (500, 500),
        ("500", 500),
        ("1,000", 1000),
        ("12 500", 12500),
        (0, 0),
        (250.0, 250),
        (Decimal("300"), 300),
        ("", None),
        (None, None),
    ],
)
def test_moq_is_a_whole_number(raw: object, expected: int | None) -> None:
    assert valid(moq=raw).moq == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "not a whole number: 'abc'"),
        ("1.5", "not a whole number: '1.5'"),
        (1.5, "not a whole number: 1.5"),
        ("1,00", "not a whole number: '1,00'"),
        (True, "not a whole number: True"),
        ("-5", "must be 0 or more: '-5'"),
        (-5, "must be 0 or more: -5"),
        (float("inf"), "not a whole number: inf"),
        (float("nan"), "not a whole number: nan"),
        ("1e400", "not a whole number: '1e400'"),
        (Decimal("1e400"), "too large"),
        (10**30, "too large"),
        ("9" * 30, "too large"),
        ([100], "not a whole number: [100]"),
    ],
)
def test_bad_moq_values_name_the_problem(raw: object, reason: str) -> None:
    assert reasons(moq=raw)["moq"].startswith(reason)


def test_lead_time_is_whole_days_up_to_ten_years() -> None:
    assert valid(lead_time_days="14").lead_time_days == 14
    assert reasons(lead_time_days=3651)["lead_time_days"].startswith("too large")
    assert reasons(lead_time_days="2 weeks")["lead_time_days"].startswith("not a whole number")


# amounts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("35", Decimal("35")),
        ("35.50", Decimal("35.50")),
        (2.5, Decimal("2.5")),
        (0.1, Decimal("0.1")),
        ("1,250.00", Decimal("1250.00")),
        (0, Decimal(0)),
        ("1e3", Decimal("1000")),
        (Decimal("1000000000"), Decimal("1000000000")),
    ],
)
def test_setup_fee_is_an_exact_decimal(raw: object, expected: Decimal) -> None:
    fee = valid(setup_fee=raw).setup_fee
    assert fee == expected
    assert isinstance(fee, Decimal)


def test_a_decimal_keeps_its_written_digits() -> None:
    assert str(valid(setup_fee="35.50").setup_fee) == "35.50"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("€35", "not a number"),
        ("abc", "not a number"),
        ("nan", "not a number"),
        ("inf", "not a number"),
        (float("inf"), "not a finite number"),
        (Decimal("NaN"), "not a finite number"),
        ("-1", "must be 0 or more"),
        ("1000000000.01", "too large"),
        ("1e400", "too large"),
        (True, "not a number"),
        ("2,5", "not a number"),
        ("0.0000001", "more than 6 decimal places"),
        (Decimal("0.1234567890123456789012345678901234567890"), "more than 6 decimal places"),
    ],
)
def test_bad_amounts_name_the_problem(raw: object, reason: str) -> None:
    assert reasons(below_moq_fee=raw)["below_moq_fee"].startswith(reason)


# currency -----------------------------------------------------------------------------------


def test_currency_is_an_upper_case_iso_4217_code() -> None:
    assert valid(currency="eur").currency == "EUR"
    assert valid(currency=" GBP ").currency == "GBP"
    assert reasons(currency="EURO")["currency"].startswith("not an ISO 4217 currency code")
    assert reasons(currency="XYZ")["currency"].startswith("not an ISO 4217 currency code")
    assert reasons(currency="€")["currency"].startswith("not an ISO 4217 currency code")


# price tiers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "100:2.5; 500:1.9",
        "100:2.5;500:1.9;",
        "  100 : 2.5 ;\n 500:1.9 ",
        [{"min_qty": 100, "unit_price": 2.5}, {"min_qty": "500", "unit_price": "1.9"}],
        ["100:2.5", "500:1.9"],
        [[100, "2.5"], [500, Decimal("1.9")]],
    ],
    ids=["text", "trailing-separator", "spaces", "mappings", "strings", "pairs"],
)
def test_price_tiers_come_in_every_import_shape(raw: object) -> None:
    assert valid(price_tiers=raw).price_tiers == (
        PriceTier(100, Decimal("2.5")),
        PriceTier(500, Decimal("1.9")),
    )


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("500:1.9; 100:2.5", "min_qty must ascend"),
        ("100:2.5; 100:2.4", "min_qty must ascend"),
        ("100:0", "unit_price: must be more than 0"),
        ("100:-1", "unit_price: must be 0 or more"),
        ("0:1", "min_qty must be 1 or more"),
        ("abc:1", "min_qty: not a whole number: 'abc'"),
        ("100", "not quantity:price: '100'"),
        ("100:2:3", "not quantity:price"),
        ([{"min_qty": 100}], "a tier needs min_qty and unit_price"),
        ([{"min_qty": 100, "unit_price": 1, "currency": "EUR"}], "unknown tier key 'currency'"),
        (42, "expected a list of tiers"),
        ([42], "not a tier: 42"),
        (";".join(f"{n}:1" for n in range(1, 60)), "too many tiers"),
    ],
)
def test_bad_price_tiers_name_the_problem(raw: object, reason: str) -> None:
    assert reason in reasons(price_tiers=raw)["price_tiers"]


def test_parse_tiers_reads_the_text_form_and_raises_input_error() -> None:
    assert parse_tiers("100:2.5; 500:1.9") == (
        PriceTier(100, Decimal("2.5")),
        PriceTier(500, Decimal("1.9")),
    )
    assert parse_tiers("") == ()
    with pytest.raises(InputError) as caught:
        parse_tiers("500:1; 100:2")
    assert (caught.value.field, caught.value.reason) == ("price_tiers", "min_qty must ascend")


# small series, status -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (True, True),
        ("true", True),
        ("Yes", True),
        ("1", True),
        (1, True),
        (False, False),
        ("no", False),
        ("FALSE", False),
        ("0", False),
        (0, False),
        ("", None),
        (None, None),
    ],
)
def test_small_series_is_yes_no_or_unknown(raw: object, expected: bool | None) -> None:
    assert valid(small_series=raw).small_series is expected


@pytest.mark.parametrize("raw", ["maybe", "partial", 2, "ja"])
def test_small_series_rejects_other_words(raw: object) -> None:
    assert reasons(small_series=raw)["small_series"].startswith("not yes or no")


def test_status_is_listed_reviewed_or_verified_defaulting_to_listed() -> None:
    assert valid().status is Status.LISTED
    assert valid(status="Verified").status is Status.VERIFIED
    assert valid(status="reviewed").status is Status.REVIEWED
    assert reasons(status="trusted")["status"] == (
        "not one of listed, reviewed, verified, unchecked: 'trusted'"
    )


# source, website, email ---------------------------------------------------------------------


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_source_is_required(raw: object) -> None:
    assert reasons(source=raw)["source"].startswith("required")


@pytest.mark.parametrize(
    "raw",
    ["box.example", "https://www.box.example/shop?x=1", "http://box.example:8080", "a.b.co.uk"],
)
def test_website_is_a_domain_or_http_url(raw: str) -> None:
    assert valid(website=raw).website == raw


@pytest.mark.parametrize(
    "raw", ["box example.com", "ftp://box.example", "javascript:alert(1)", "localhost", "http://"]
)
def test_website_rejects_anything_else(raw: str) -> None:
    assert reasons(website=raw)["website"].startswith("not a domain or http(s) URL")


def test_email_needs_a_simple_address_shape() -> None:
    assert valid(email="hello@box.example").email == "hello@box.example"
    for bad in ["hello", "hello@box", "a b@box.example", "@box.example"]:
        assert reasons(email=bad)["email"].startswith("not an email address")


# rows ---------------------------------------------------------------------------------------


def test_unknown_fields_are_named() -> None:
    assert reasons(xyz=1)["xyz"] == "unknown field 'xyz'"


def test_field_names_ignore_case_and_surrounding_space() -> None:
    assert valid(**{" MOQ ": "10"}).moq == 10


def test_every_problem_in_a_row_is_reported_on_one_line() -> None:
    result = validate_row({"name": "", "categories": "boxes", "moq": "abc"}, 7)
    assert isinstance(result, list)
    assert {error.field for error in result} == {"name", "moq", "source"}
    assert format_errors(result) == [
        "row 7: name: required; moq: not a whole number: 'abc'; "
        "source: required: say where the facts come from"
    ]


def test_a_row_that_is_not_a_mapping_is_an_error() -> None:
    result = validate_row(["name", "x"], 2)  # type: ignore[arg-type]
    assert isinstance(result, list)
    assert result[0].row == 2


def test_validate_rows_numbers_rows_and_keeps_good_ones() -> None:
    rows = [BASE, {**BASE, "name": "Other", "moq": "x"}, {**BASE, "name": "Third"}]
    suppliers, errors = validate_rows(rows, first_row=1)
    assert [s.name for s in suppliers] == ["Box Co", "Third"]
    assert [str(error) for error in errors] == ["row 2: moq: not a whole number: 'x'"]


def test_the_same_supplier_twice_in_one_file_is_an_error() -> None:
    rows = [
        {**BASE, "website": "https://www.box.example/"},
        {**BASE, "name": " BOX CO ", "website": "box.example"},
    ]
    _, errors = validate_rows(rows)
    assert [str(error) for error in errors] == [
        "row 2: name: same supplier as row 1 (name and website)"
    ]


def test_validate_rows_reports_progress_every_hundred_rows() -> None:
    rows = [{**BASE, "name": f"S{n}"} for n in range(250)]
    seen: list[int] = []
    validate_rows(rows, progress=seen.append)
    assert seen == [100, 200, 250]


# identity and records -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "website", ["box.example", "https://box.example", "http://www.Box.example/", "BOX.EXAMPLE"]
)
def test_website_key_ignores_scheme_www_case_and_trailing_slash(website: str) -> None:
    assert website_key(website) == "box.example"


def test_supplier_key_is_casefolded_name_and_website() -> None:
    assert supplier_key(valid(name="Box  CO", website=None)) == ("box co", "")


def test_supplier_to_record_validates_back_to_the_same_supplier() -> None:
    supplier = valid(
        website="box.example",
        email="a@box.example",
        country="DE",
        region="Europe",
        categories="boxes;tape",
        keywords="kraft",
        moq="1,000",
        moq_unit="boxes",
        setup_fee="35.50",
        below_moq_fee="1e1",
        lead_time_days=10,
        currency="EUR",
        price_tiers="100:2.50;500:1.9",
        small_series="yes",
        status="verified",
        certifications="FSC",
        notes="n",
    )
    record = supplier_to_record(supplier)
    assert record["setup_fee"] == "35.50"
    assert record["below_moq_fee"] == "10"
    assert record["price_tiers"] == [
        {"min_qty": 100, "unit_price": "2.50"},
        {"min_qty": 500, "unit_price": "1.9"},
    ]
    assert record["status"] == "verified"
    assert list(record) == [field for field in FIELDS if field in record]
    assert validate_row(record, 1) == supplier


def test_supplier_to_record_leaves_empty_fields_out() -> None:
    assert supplier_to_record(valid()) == {
        "name": "Box Co",
        "categories": ["boxes"],
        "moq_unit": "pcs",
        "status": "listed",
        "source": "https://box.example",
    }


# properties ---------------------------------------------------------------------------------

_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
_values = st.one_of(
    _scalars,
    st.lists(_scalars, max_size=4),
    st.dictionaries(st.text(max_size=10), _scalars, max_size=3),
    st.lists(st.dictionaries(st.sampled_from(["min_qty", "unit_price"]), _scalars), max_size=3),
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from([*FIELDS, "other"]), _values, max_size=8))
def test_any_row_becomes_a_supplier_or_row_errors_never_an_exception(
    raw: dict[str, object],
) -> None:
    result = validate_row({**BASE, **raw}, 5)
    if isinstance(result, list):
        assert result
        assert all(error.row == 5 and error.reason for error in result)
    else:
        assert validate_row(supplier_to_record(result), 5) == result
