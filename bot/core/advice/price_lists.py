"""Published price lists (knowledge/price-lists.yaml): what a valid list is, and which can be used.

A list is one vendor's tiers for one product as its page states them, with the price basis (only
per-unit prices go into the economics), the kind of source (the vendor's own page, or someone
else's figures, a hypothetical, an assumption), the page's date and its address. Validation is
all or nothing and names every bad list and field, as the supplier import does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from bot.core.advice.quotes import Quote
from bot.core.types import PriceTier


class Basis(StrEnum):
    """What a listed price is for."""

    PER_UNIT = "per_unit"
    PER_SQ_IN = "per_sq_in"
    PER_1000_STITCHES = "per_1000_stitches"
    PER_CM3 = "per_cm3"
    MINIMUM_PER_PART = "minimum_per_part"


class Kind(StrEnum):
    """Whose figures they are."""

    VENDOR_PAGE = "vendor_page"
    THIRD_PARTY = "third_party"
    HYPOTHETICAL = "hypothetical"
    WORKED_EXAMPLE = "worked_example"
    ASSUMPTION = "assumption"


@dataclass(frozen=True, slots=True)
class PriceList:
    """One vendor's published tiers for one product."""

    vendor: str
    product: str
    basis: Basis
    kind: Kind
    currency: str | None
    tiers: tuple[PriceTier, ...]
    source: str
    page_date: str | None = None
    retrieved: str | None = None
    website: str | None = None
    setup_note: str | None = None
    notes: str | None = None
    categories: tuple[str, ...] = ()  # taxonomy ids of the product (the vendor's row's)

    @property
    def usable(self) -> bool:
        """Returns whether the list can go into a comparison (per unit, vendor's, ISO currency)."""
        return (
            self.basis is Basis.PER_UNIT
            and self.kind is Kind.VENDOR_PAGE
            and self.currency is not None
        )

    def why_not_usable(self) -> str:
        """Returns why the list is reference only (empty when usable)."""
        if self.basis is not Basis.PER_UNIT:
            return f"its prices are {self.basis.value.replace('_', ' ')}, not per unit"
        if self.kind is not Kind.VENDOR_PAGE:
            return f"its figures are {self.kind.value.replace('_', ' ')}, not the vendor's prices"
        if self.currency is None:
            return "it states no currency"
        return ""

    def attribution(self) -> str:
        """Returns whose list and from when: "Grand Palace's published price list (…, read …)"."""
        read = f"read {self.retrieved}" if self.retrieved else None
        when = ", ".join(part for part in (self.page_date or "undated page", read) if part)
        return f"{self.vendor}'s published price list for {self.product} ({when}; {self.source})"

    def as_quote(self) -> Quote:
        """Returns the list as a quote the comparison takes (its set-up note is not a figure)."""
        return Quote(
            supplier=f"{self.vendor} (published list)", currency=self.currency, tiers=self.tiers
        )


_CODE = re.compile(r"^[A-Z]{3}$")
_CATEGORY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _text(entry: Mapping[str, Any], field: str, errors: list[str], where: str) -> str | None:
    value = entry.get(field)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str | int | float):
        errors.append(f"{where}: {field}: expected text")
        return None
    return str(value).strip()


def _tiers(raw: object, where: str, errors: list[str]) -> tuple[PriceTier, ...]:
    if not isinstance(raw, list) or not raw:
        errors.append(f"{where}: tiers: at least one {{min_qty, unit_price}} is needed")
        return ()
    tiers: list[PriceTier] = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            errors.append(f"{where}: tiers[{number}]: expected min_qty and unit_price")
            continue
        try:
            quantity = int(str(item.get("min_qty")))
            price = Decimal(str(item.get("unit_price")))
        except (ValueError, InvalidOperation):
            errors.append(f"{where}: tiers[{number}]: min_qty and unit_price must be numbers")
            continue
        if quantity < 1 or not price.is_finite() or price <= 0:
            errors.append(f"{where}: tiers[{number}]: min_qty >= 1 and unit_price > 0 needed")
            continue
        if tiers and quantity <= tiers[-1].min_qty:
            errors.append(f"{where}: tiers[{number}]: min_qty must ascend")
            continue
        tiers.append(PriceTier(quantity, price))
    return tuple(tiers)


def _categories(raw: object, where: str, errors: list[str]) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not all(
        isinstance(c, str) and _CATEGORY.match(c) for c in raw
    ):
        errors.append(f"{where}: categories: expected a list of taxonomy ids like 'labels'")
        return ()
    return tuple(raw)


def _entry(entry: Mapping[str, Any], where: str, errors: list[str]) -> PriceList | None:
    before = len(errors)
    vendor = _text(entry, "vendor", errors, where)
    product = _text(entry, "product", errors, where)
    source = _text(entry, "source", errors, where)
    for field, value in (("vendor", vendor), ("product", product), ("source", source)):
        if value is None:
            errors.append(f"{where}: {field}: required")
    basis_text = _text(entry, "basis", errors, where) or ""
    kind_text = _text(entry, "kind", errors, where) or ""
    if basis_text not in {b.value for b in Basis}:
        errors.append(f"{where}: basis: {basis_text!r} is not one of {', '.join(Basis)}")
    if kind_text not in {k.value for k in Kind}:
        errors.append(f"{where}: kind: {kind_text!r} is not one of {', '.join(Kind)}")
    currency = _text(entry, "currency", errors, where)
    if currency is not None and not _CODE.match(currency):
        errors.append(f"{where}: currency: {currency!r} is not an ISO 4217 code (leave it empty)")
    tiers = _tiers(entry.get("tiers"), where, errors)
    categories = _categories(entry.get("categories"), where, errors)
    if len(errors) > before or vendor is None or product is None or source is None:
        return None
    return PriceList(
        vendor=vendor,
        product=product,
        basis=Basis(basis_text),
        kind=Kind(kind_text),
        currency=currency,
        tiers=tiers,
        source=source,
        page_date=_text(entry, "page_date", errors, where),
        retrieved=_text(entry, "retrieved", errors, where),
        website=_text(entry, "website", errors, where),
        setup_note=_text(entry, "setup_note", errors, where),
        notes=_text(entry, "notes", errors, where),
        categories=categories,
    )


def validate_price_lists(data: object) -> tuple[list[PriceList], list[str]]:
    """Returns the lists in a `price_lists:` document, or no list and one line per problem."""
    if not isinstance(data, Mapping) or not isinstance(data.get("price_lists"), list):
        return [], ["the file must hold a 'price_lists:' list"]
    lists: list[PriceList] = []
    errors: list[str] = []
    for number, entry in enumerate(data["price_lists"], start=1):
        where = f"list {number}"
        if not isinstance(entry, Mapping):
            errors.append(f"{where}: expected vendor, product, basis, kind, source and tiers")
            continue
        found = _entry(entry, where, errors)
        if found is not None:
            lists.append(found)
    return ([], errors) if errors else (lists, [])


def find_price_lists(lists: Sequence[PriceList], query: str) -> list[PriceList]:
    """Returns the lists whose "vendor: product" holds every word of the query."""
    words = query.casefold().split()
    return [pl for pl in lists if all(w in f"{pl.vendor}: {pl.product}".casefold() for w in words)]


# Words of a list's product that say nothing about what it is: they do not make a list fit.
_GENERIC_WORDS = (
    "base charge company customer supplied items item blank one location locations colour "
    "colours color colors ink inks team logo logos custom small medium run prototype promo "
    "earlier worked sample quote vendor vendors hypothetical with and for the"
)
_GENERIC = frozenset(_GENERIC_WORDS.split())
_WORD = re.compile(r"[^\W\d_]{3,}")
_STEM = 5  # "printing", "printed", "print" and "embroidery", "embroidered" meet on 5 letters


def _stems(text: str) -> set[str]:
    """Returns the words of a text cut to a common stem (the generic ones left out)."""
    words = _WORD.findall(text.casefold().replace("-", " "))
    return {w[:_STEM] for w in words if w not in _GENERIC}


def _head(text: str) -> str | None:
    """Returns the stem of the phrase's last word, its head noun in English ("bottl")."""
    words = [w for w in _WORD.findall(text.casefold().replace("-", " ")) if w not in _GENERIC]
    return words[-1][:_STEM] if words else None


def lists_for(
    lists: Sequence[PriceList], categories: Sequence[str], product: str
) -> list[PriceList]:
    """Returns the lists that fit a need: in one of its categories and sharing a product word
    ("screen printed tees" fits "Contract screen printing"); the usable ones first, then the
    closest (most shared words), then in file order."""
    wanted = _stems(product)
    if not wanted or not categories:
        return []
    head = _head(product)
    scored = []
    for number, price_list in enumerate(lists):
        theirs = _stems(price_list.product)
        shared = len(wanted & theirs)
        if not shared or not set(price_list.categories) & set(categories):
            continue
        if wanted & theirs == {head} and wanted - {head} and theirs - {head}:
            # Only the head noun in common, each with its own kind: "woozy bottles" are not
            # an "amber glass dropper bottle", whose prices would mislead.
            continue
        scored.append((not price_list.usable, -shared, number, price_list))
    return [price_list for *_, price_list in sorted(scored, key=lambda s: s[:3])]


__all__ = [
    "Basis",
    "Kind",
    "PriceList",
    "find_price_lists",
    "lists_for",
    "validate_price_lists",
]
