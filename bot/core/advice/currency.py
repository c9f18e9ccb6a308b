"""Dated euro reference rates (the ECB's CSV) and conversions that say which rate they used.

The European Central Bank publishes, each working day, how many units of about 30 currencies one
euro buys ("Euro foreign exchange reference rates", `eurofxref.csv`). A cross rate goes through the
euro: 1 USD in GBP = GBP-per-EUR / USD-per-EUR. A currency the file does not list has no rate and
nothing is converted: the caller says so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from bot.core.types import InputError

ECB_SOURCE = "European Central Bank euro foreign exchange reference rates"
MAX_RATES_CHARS = 2_000_000  # the full history file is about 1.5 MB
_CODE = re.compile(r"^[A-Z]{3}$")
_DATE_FORMATS = ("%d %B %Y", "%Y-%m-%d", "%d %b %Y")


@dataclass(frozen=True, slots=True)
class Conversion:
    """An amount converted at a dated rate: `amount` is in `to`, `rate` is `to` per `source`."""

    amount: Decimal
    rate: Decimal
    source: str
    to: str
    on: date

    def describe(self) -> str:
        """Returns the rate as a founder reads it: "1 USD = 0.9528 EUR (ECB, 25 November 2024)"."""
        shown = self.rate.quantize(Decimal("0.0001"), ROUND_HALF_UP)
        return f"1 {self.source} = {shown} {self.to} (ECB, {format_day(self.on)})"


@dataclass(frozen=True, slots=True)
class Rates:
    """One day's reference rates: units of each currency per euro."""

    on: date
    per_euro: Mapping[str, Decimal]
    source: str = ECB_SOURCE

    def knows(self, currency: str) -> bool:
        """Returns whether the currency can be converted (the euro always can)."""
        return currency.upper() == "EUR" or currency.upper() in self.per_euro

    def rate(self, source: str, to: str) -> Decimal | None:
        """Returns how many `to` one `source` buys, or None when either has no rate."""
        source, to = source.upper(), to.upper()
        if source == to:
            return Decimal(1)
        per = {**self.per_euro, "EUR": Decimal(1)}
        if source not in per or to not in per:
            return None
        return per[to] / per[source]

    def convert(self, amount: Decimal, source: str, to: str) -> Conversion | None:
        """Returns the amount in `to`, with the rate and its date; None when there is no rate."""
        rate = self.rate(source, to)
        if rate is None:
            return None
        return Conversion(amount * rate, rate, source.upper(), to.upper(), self.on)


def format_day(day: date) -> str:
    """Returns "25 November 2024" (the ECB's own way of writing the date)."""
    return f"{day.day} {day:%B %Y}"


def parse_ecb_csv(text: str, source: str = ECB_SOURCE) -> Rates:
    """Returns the rates in an ECB eurofxref CSV (daily or history: its newest row), or raises."""
    if len(text) > MAX_RATES_CHARS:
        raise InputError("rates", f"the file is larger than {MAX_RATES_CHARS:,} characters")
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    if len(lines) < 2:
        raise InputError("rates", "expected a header row 'Date, USD, JPY, ...' and a row of rates")
    header = [cell.strip() for cell in lines[0].split(",")]
    if header[0].lower() != "date":
        raise InputError("rates", f"the first column must be 'Date', not {header[0][:20]!r}")
    codes = header[1:]
    row = [cell.strip() for cell in lines[1].split(",")]
    day = _day(row[0])
    per_euro: dict[str, Decimal] = {}
    for index, code in enumerate(codes, start=1):
        if not code:
            continue  # the ECB's rows end with a trailing comma
        if not _CODE.match(code):
            raise InputError("rates", f"column {index + 1}: {code[:12]!r} is not a currency code")
        value = row[index] if index < len(row) else ""
        if value in ("", "N/A"):
            continue  # the history file marks days without a rate N/A
        per_euro[code] = _positive(value, code)
    if not per_euro:
        raise InputError("rates", "the file holds no rate")
    return Rates(day, per_euro, source)


def _day(text: str) -> date:
    """Returns the date of the rates row, raising InputError on anything else."""
    for pattern in _DATE_FORMATS:
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    raise InputError("rates", f"{text[:30]!r} is not a date like '25 November 2024'")


def _positive(text: str, code: str) -> Decimal:
    """Returns a rate, raising InputError unless it is a positive number."""
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise InputError("rates", f"{code}: {text[:20]!r} is not a number") from None
    if not value.is_finite() or value <= 0 or value > Decimal("1e9"):
        raise InputError("rates", f"{code}: {text[:20]!r} is not a rate")
    return value


__all__ = ["ECB_SOURCE", "Conversion", "Rates", "format_day", "parse_ecb_csv"]
