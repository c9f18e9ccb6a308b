"""What a valid supplier is: validates and normalises import rows into `Supplier` values.

Rows are plain mappings already read from YAML, JSON or CSV (reading files is the shell's job).
Every rule here is the import format of DESIGN.md; a bad value becomes a `RowError` naming the
row, the field and the reason, so a whole file can be checked before anything is written.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from bot.core.types import InputError, PriceTier, Status, Supplier
from bot.core.understanding.geography import COUNTRY_CODES, country_code

_T = TypeVar("_T")

# The import format's fields, in DESIGN.md's order.
FIELDS: tuple[str, ...] = (
    "name",
    "website",
    "email",
    "country",
    "region",
    "categories",
    "keywords",
    "moq",
    "moq_unit",
    "setup_fee",
    "below_moq_fee",
    "lead_time_days",
    "currency",
    "price_tiers",
    "small_series",
    "status",
    "certifications",
    "notes",
    "source",
)

LIST_FIELDS: frozenset[str] = frozenset({"categories", "keywords", "certifications"})


def _words(text: str) -> frozenset[str]:
    """Returns the whitespace-separated words of a data block."""
    return frozenset(text.split())


# ISO 4217 currency codes in use (funds and precious metals left out).
CURRENCY_CODES: frozenset[str] = _words(
    """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BRL BSD BTN BWP
    BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP
    GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS
    KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR
    MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD
    TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
    """
)

# Largest whole number or amount we accept: beyond it a value is a typo, not a supplier's term.
MAX_AMOUNT = Decimal(1_000_000_000)
MAX_WHOLE = 1_000_000_000
MAX_DECIMAL_PLACES = 6  # a price per label can be 0.0045; more digits are a typo
MAX_CATEGORY_LENGTH = 100
MAX_LEAD_TIME_DAYS = 3650
MAX_TIERS = 50
MAX_LIST_ITEMS = 100
_MAX_TEXT = {"name": 200, "moq_unit": 100, "region": 100, "notes": 5000, "source": 2000}
_DEFAULT_MAX_TEXT = 500
# Fields whose text may span lines (YAML block scalars); everywhere else a line break is an error.
_MULTILINE = frozenset({"notes", "source"})

_CATEGORY_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_WHOLE = re.compile(r"^[+]?(?:\d{1,3}(?:[,\u00a0 _]\d{3})+|\d+)$")
_AMOUNT = re.compile(r"^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$")
_DOMAIN = r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}"
_WEBSITE = re.compile(rf"^(?:https?://)?{_DOMAIN}(?::\d{{1,5}})?(?:[/?#]\S*)?$", re.IGNORECASE)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_TRUE = frozenset({"true", "yes", "y", "1", "on"})
_FALSE = frozenset({"false", "no", "n", "0", "off"})


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in one import row."""

    row: int
    field: str
    reason: str

    def __str__(self) -> str:
        """Returns "row 3: moq: not a whole number: 'abc'"."""
        return f"row {self.row}: {self.field}: {self.reason}"


# --------------------------------------------------------------------------------------------
# Field parsers: each returns the normalised value or raises InputError(field, reason)
# --------------------------------------------------------------------------------------------


def _blank(value: object) -> bool:
    """Returns True for a missing value: None or a string of whitespace."""
    return value is None or (isinstance(value, str) and not value.strip())


def _show(value: object) -> str:
    """Returns a short repr of a bad value for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _text(field: str, value: object) -> str | None:
    """Returns stripped text, None when blank; rejects control characters and overlong text."""
    if _blank(value):
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise InputError(field, f"expected text, got {_show(value)}")
    text = str(value).strip()
    allowed = "\n\t" if field in _MULTILINE else ""
    for char in text:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            raise InputError(field, f"contains a control character {char!r}")
    limit = _MAX_TEXT.get(field, _DEFAULT_MAX_TEXT)
    if len(text) > limit:
        raise InputError(field, f"too long ({len(text)} characters, at most {limit})")
    return text


def _whole(field: str, value: object, maximum: int = MAX_WHOLE) -> int | None:
    """Returns a whole number ≥ 0 ("1,000" is fine), None when blank."""
    if _blank(value):
        return None
    number = _whole_of(field, value, maximum)
    if number < 0:
        raise InputError(field, f"must be 0 or more: {_show(value)}")
    if number > maximum:
        raise InputError(field, f"too large: {_show(value)} (at most {maximum:,})")
    return number


def _whole_of(field: str, value: object, maximum: int) -> int:
    """Returns the whole number a cell holds, whatever its type, before the range checks."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float | Decimal):
        dec = Decimal(str(value)) if isinstance(value, float) else value
        if not dec.is_finite() or dec != dec.to_integral_value():
            raise InputError(field, f"not a whole number: {_show(value)}")
        if abs(dec) > maximum:
            raise InputError(field, f"too large: {_show(value)} (at most {maximum:,})")
        return int(dec)
    if isinstance(value, str):
        return _whole_text(field, value, maximum)
    raise InputError(field, f"not a whole number: {_show(value)}")


def _whole_text(field: str, value: str, maximum: int) -> int:
    """Returns the whole number written in a text cell ("1,000")."""
    text = value.strip()
    if not _WHOLE.match(text):
        if text.startswith("-") and _WHOLE.match(text[1:]):
            raise InputError(field, f"must be 0 or more: {_show(value)}")
        raise InputError(field, f"not a whole number: {_show(value)}")
    digits = re.sub(r"[^\d]", "", text)
    if len(digits) > len(str(maximum)):
        raise InputError(field, f"too large: {_show(value)} (at most {maximum:,})")
    return int(digits)


def _amount(field: str, value: object, *, positive: bool = False) -> Decimal | None:
    """Returns a finite Decimal ≥ 0 (> 0 when `positive`) and ≤ MAX_AMOUNT, None when blank."""
    if _blank(value):
        return None
    amount = _amount_of(field, value)
    if not amount.is_finite():
        raise InputError(field, f"not a finite number: {_show(value)}")
    if amount < 0:
        raise InputError(field, f"must be 0 or more: {_show(value)}")
    if positive and amount == 0:
        raise InputError(field, f"must be more than 0: {_show(value)}")
    if amount > MAX_AMOUNT:
        raise InputError(field, f"too large: {_show(value)} (at most {MAX_AMOUNT:,})")
    exponent = amount.as_tuple().exponent  # an int for finite numbers
    if isinstance(exponent, int) and exponent < -MAX_DECIMAL_PLACES:
        raise InputError(field, f"more than {MAX_DECIMAL_PLACES} decimal places: {_show(value)}")
    return amount


def _amount_of(field: str, value: object) -> Decimal:
    """Returns the number a cell holds as a Decimal, before the range checks."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # repr keeps 2.5 as 2.5, not its binary expansion
    if isinstance(value, str):
        text = value.strip()
        if len(text) > 40 or not _AMOUNT.match(text) or not re.search(r"\d", text):
            raise InputError(field, f"not a number: {_show(value)}")
        try:
            return Decimal(text.replace(",", ""))
        except InvalidOperation:
            raise InputError(field, f"not a number: {_show(value)}") from None
    raise InputError(field, f"not a number: {_show(value)}")


def _list(field: str, value: object) -> tuple[str, ...]:
    """Returns list items stripped, blanks dropped, duplicates removed (a string splits on ';')."""
    if _blank(value):
        return ()
    items: Sequence[object]
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        items = value
    else:
        raise InputError(field, f"expected a list, got {_show(value)}")
    out: list[str] = []
    for item in items:
        if isinstance(item, Mapping | Sequence) and not isinstance(item, str):
            raise InputError(field, f"expected words, got {_show(item)}")
        text = _text(field, item)
        if text is not None and ";" in text:
            raise InputError(field, f"an item contains ';', which separates items: {text!r}")
        if text is not None and text not in out:
            out.append(text)
    if len(out) > MAX_LIST_ITEMS:
        raise InputError(field, f"too many items ({len(out)}, at most {MAX_LIST_ITEMS})")
    return tuple(out)


def normalise_category(text: str) -> str:
    """Returns a category id in canonical form: lower case, words joined by hyphens."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _categories(value: object) -> tuple[str, ...]:
    """Returns at least one category id, normalised to lower-case-hyphenated form."""
    out: list[str] = []
    for item in _list("categories", value):
        category = normalise_category(item)
        if len(category) > MAX_CATEGORY_LENGTH:
            raise InputError(
                "categories", f"too long: {item[:20]!r}... (at most {MAX_CATEGORY_LENGTH})"
            )
        if not _CATEGORY_ID.match(category):
            raise InputError("categories", f"not a category id: {item!r} (e.g. mailer-boxes)")
        if category not in out:
            out.append(category)
    if not out:
        raise InputError("categories", "required: at least one category")
    return tuple(out)


def normalise_country(value: object) -> str | None:
    """Returns the ISO 3166 alpha-2 code for a code, alias or common name (None when blank)."""
    if value is False:
        return "NO"  # YAML 1.1 reads an unquoted NO (Norway) as false
    text = _text("country", value)
    if text is None:
        return None
    code = country_code(text)
    if code is not None:
        return code
    raise InputError("country", f"not an ISO 3166 country code: {text!r} (e.g. DE, GB, US)")


def _currency(value: object) -> str | None:
    """Returns an upper-case ISO 4217 code, None when blank."""
    text = _text("currency", value)
    if text is None:
        return None
    code = text.upper()
    if code not in CURRENCY_CODES:
        raise InputError("currency", f"not an ISO 4217 currency code: {text!r} (e.g. EUR, USD)")
    return code


def _website(value: object) -> str | None:
    """Returns a bare domain or http(s) URL, None when blank."""
    text = _text("website", value)
    if text is None:
        return None
    if not _WEBSITE.match(text):
        raise InputError(
            "website", f"not a domain or http(s) URL: {text!r} (e.g. example.com or https://...)"
        )
    return text


def _email(value: object) -> str | None:
    """Returns an address of the shape name@domain.tld, None when blank."""
    text = _text("email", value)
    if text is None:
        return None
    if not _EMAIL.match(text):
        raise InputError("email", f"not an email address: {text!r}")
    return text


def parse_bool(field: str, value: object) -> bool | None:
    """Returns True/False for true/false/yes/no/1/0, None when blank."""
    if _blank(value):
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = value.strip().casefold()
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise InputError(field, f"not yes or no: {_show(value)} (use true/false, yes/no or 1/0)")


def _status(value: object) -> Status:
    """Returns the status, listed when blank."""
    text = _text("status", value)
    if text is None:
        return Status.LISTED
    try:
        return Status(text.casefold())
    except ValueError:
        known = "listed, reviewed, verified, unchecked"
        raise InputError("status", f"not one of {known}: {text!r}") from None


def _tier(item: object) -> PriceTier:
    """Returns one tier from {min_qty, unit_price}, "100:2.5" or [100, 2.5]."""
    quantity: object
    price: object
    if isinstance(item, Mapping):
        extra = sorted(str(key) for key in item if key not in ("min_qty", "unit_price"))
        if extra:
            raise InputError(
                "price_tiers", f"unknown tier key {extra[0]!r} (use min_qty, unit_price)"
            )
        quantity, price = item.get("min_qty"), item.get("unit_price")
    elif isinstance(item, str):
        parts = item.split(":")
        if len(parts) != 2:
            raise InputError("price_tiers", f"not quantity:price: {_show(item.strip())}")
        quantity, price = parts
    elif isinstance(item, Sequence) and len(item) == 2:
        quantity, price = item
    else:
        raise InputError("price_tiers", f"not a tier: {_show(item)} (e.g. 100:2.5)")
    if _blank(quantity) or _blank(price):
        raise InputError("price_tiers", f"a tier needs min_qty and unit_price: {_show(item)}")
    try:
        min_qty = _whole("min_qty", quantity)
        unit_price = _amount("unit_price", price, positive=True)
    except InputError as exc:
        raise InputError("price_tiers", str(exc)) from None
    if min_qty is None or unit_price is None or min_qty < 1:
        raise InputError("price_tiers", f"min_qty must be 1 or more: {_show(quantity)}")
    return PriceTier(min_qty=min_qty, unit_price=unit_price)


def _tiers(value: object) -> tuple[PriceTier, ...]:
    """Returns tiers with strictly ascending min_qty (a string is "100:2.5; 500:1.9")."""
    if _blank(value):
        return ()
    items: Sequence[object]
    if isinstance(value, str):
        items = [part for part in re.split(r"[;\n]", value) if part.strip()]
    elif isinstance(value, Sequence) and not isinstance(value, bytes | bytearray):
        items = value
    else:
        raise InputError("price_tiers", f"expected a list of tiers, got {_show(value)}")
    if len(items) > MAX_TIERS:
        raise InputError("price_tiers", f"too many tiers ({len(items)}, at most {MAX_TIERS})")
    tiers = tuple(_tier(item) for item in items)
    for before, after in itertools.pairwise(tiers):
        if after.min_qty <= before.min_qty:
            raise InputError("price_tiers", "min_qty must ascend")
    return tiers


def parse_tiers(text: str) -> tuple[PriceTier, ...]:
    """Returns the price tiers in "100:2.5; 500:1.9" (raises InputError on a bad one)."""
    return _tiers(text)


# --------------------------------------------------------------------------------------------
# Rows
# --------------------------------------------------------------------------------------------


def _field_name(key: object) -> str | None:
    """Returns a row key in canonical form (stripped, lower case), None if it is not text."""
    if not isinstance(key, str):
        return None
    return key.strip().lower().replace(" ", "_")


def validate_row(raw: Mapping[str, object], row: int) -> Supplier | list[RowError]:
    """Returns the row as a normalised Supplier, or every problem found in it."""
    if not isinstance(raw, Mapping):
        return [RowError(row, "row", f"expected a mapping of field: value, got {_show(raw)}")]
    errors: list[RowError] = []
    values: dict[str, object] = {}
    for key, value in raw.items():
        name = _field_name(key)
        if name is None or name not in FIELDS:
            label = "(extra cells)" if key is None else str(key)
            errors.append(RowError(row, label, f"unknown field {str(key)!r}"))
        else:
            values[name] = value

    def check(field: str, parse: Callable[[object], _T]) -> _T | None:
        try:
            return parse(values.get(field))
        except InputError as exc:
            errors.append(RowError(row, field, exc.reason))
            return None

    name = check("name", lambda v: _text("name", v))
    if name is None and not any(error.field == "name" for error in errors):
        errors.append(RowError(row, "name", "required"))
    categories = check("categories", _categories)
    website = check("website", _website)
    email = check("email", _email)
    country = check("country", normalise_country)
    region = check("region", lambda v: _text("region", v))
    keywords = check("keywords", lambda v: _list("keywords", v))
    moq = check("moq", lambda v: _whole("moq", v))
    moq_unit = check("moq_unit", lambda v: _text("moq_unit", v))
    setup_fee = check("setup_fee", lambda v: _amount("setup_fee", v))
    below_moq_fee = check("below_moq_fee", lambda v: _amount("below_moq_fee", v))
    lead_time = check("lead_time_days", lambda v: _whole("lead_time_days", v, MAX_LEAD_TIME_DAYS))
    currency = check("currency", _currency)
    tiers = check("price_tiers", _tiers)
    small_series = check("small_series", lambda v: parse_bool("small_series", v))
    status = check("status", _status)
    certifications = check("certifications", lambda v: _list("certifications", v))
    notes = check("notes", lambda v: _text("notes", v))
    source = check("source", lambda v: _text("source", v))
    if source is None and not any(error.field == "source" for error in errors):
        errors.append(RowError(row, "source", "required: say where the facts come from"))
    if errors or name is None or categories is None:
        return errors
    return Supplier(
        name=name,
        categories=categories,
        website=website,
        email=email,
        country=country,
        region=region,
        keywords=keywords or (),
        moq=moq,
        moq_unit=moq_unit or "pcs",
        setup_fee=setup_fee,
        below_moq_fee=below_moq_fee,
        lead_time_days=lead_time,
        currency=currency,
        price_tiers=tiers or (),
        small_series=small_series,
        status=status or Status.LISTED,
        certifications=certifications or (),
        notes=notes,
        source=source,
    )


def validate_rows(
    rows: Sequence[Mapping[str, object]],
    *,
    first_row: int = 1,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Supplier], list[RowError]]:
    """Returns the valid suppliers and every error; a supplier repeated in the file is an error.

    `progress`, if given, is called with the number of rows checked (every 100 and at the end).
    """
    suppliers: list[Supplier] = []
    errors: list[RowError] = []
    seen: dict[tuple[str, str], int] = {}
    for offset, raw in enumerate(rows):
        number = first_row + offset
        result = validate_row(raw, number)
        if isinstance(result, list):
            errors.extend(result)
        elif (key := supplier_key(result)) in seen:
            reason = f"same supplier as row {seen[key]} (name and website)"
            errors.append(RowError(number, "name", reason))
        else:
            seen[key] = number
            suppliers.append(result)
        if progress is not None and ((offset + 1) % 100 == 0 or offset + 1 == len(rows)):
            progress(offset + 1)
    return suppliers, errors


def format_errors(errors: Sequence[RowError]) -> list[str]:
    """Returns one line per bad row: "row 7: price_tiers: min_qty must ascend; moq: ..."."""
    by_row: dict[int, list[RowError]] = {}
    for error in errors:
        by_row.setdefault(error.row, []).append(error)
    return [
        f"row {row}: " + "; ".join(f"{error.field}: {error.reason}" for error in row_errors)
        for row, row_errors in by_row.items()
    ]


# --------------------------------------------------------------------------------------------
# Identity and records
# --------------------------------------------------------------------------------------------


def website_key(website: str | None) -> str:
    """Returns the website reduced for comparison: no scheme, no www., no trailing slash."""
    if not website:
        return ""
    text = website.strip().casefold()
    text = re.sub(r"^https?://", "", text)
    text = re.sub(r"^www\.", "", text)
    return text.rstrip("/")


def name_key(name: str) -> str:
    """Returns the name reduced for comparison: case-folded, whitespace collapsed."""
    return " ".join(name.casefold().split())


def supplier_key(supplier: Supplier) -> tuple[str, str]:
    """Returns the duplicate key of a supplier: (case-folded name, normalised website or "")."""
    return name_key(supplier.name), website_key(supplier.website)


def amount_text(amount: Decimal) -> str:
    """Returns an amount's digits as written ("2.50"), never in exponent form ("1E+3")."""
    text = str(amount)
    return format(amount, "f") if "E" in text else text


def supplier_to_record(supplier: Supplier) -> dict[str, object]:
    """Returns the supplier as an import-format dict (empty fields left out, amounts as text)."""
    record: dict[str, object] = {}
    for field in FIELDS:
        value = getattr(supplier, field)
        if field == "price_tiers":
            value = [
                {"min_qty": tier.min_qty, "unit_price": amount_text(tier.unit_price)}
                for tier in value
            ]
        elif field in LIST_FIELDS:
            value = list(value)
        elif isinstance(value, Decimal):
            value = amount_text(value)
        elif isinstance(value, Status):
            value = value.value
        if value is None or value == []:
            continue
        record[field] = value
    return record


__all__ = [
    "COUNTRY_CODES",
    "CURRENCY_CODES",
    "FIELDS",
    "LIST_FIELDS",
    "RowError",
    "amount_text",
    "format_errors",
    "name_key",
    "normalise_category",
    "normalise_country",
    "parse_bool",
    "parse_tiers",
    "supplier_key",
    "supplier_to_record",
    "validate_row",
    "validate_rows",
    "website_key",
]
