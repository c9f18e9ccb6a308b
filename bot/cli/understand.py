"""`smallbatch understand`: a founder's message read as the first message of a conversation."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TextIO

from bot.cli.context import load_search_index
from bot.core.search.matching import SearchIndex
from bot.core.search.taxonomy import CategoryWords
from bot.core.understanding.message import Understanding, understand

_EPILOG = """\
TEXT is one founder message; with TEXT "-" one message is read per line of stdin (blank lines
skipped) and one JSON object is printed per line, in the same order.

JSON: {"text", "product", "categories" (taxonomy ids), "quantity", "quantity_max", "period"
(week|month|year|once), "budget", "budget_period", "currency" (ISO 4217), "country" (ISO
alpha-2), "region", "stage" (idea|launch|growth|scale), "deadline_days", "shelf_life_months",
"target_unit_price", "supplier_moq", "quote" (null or {"tiers": [{"min_qty", "unit_price"}],
"setup_fee", "tooling_fee", "currency"}), "covered"}. A field the message does not state is
null; a rate in another period ("1,000 every 2 months") comes back per month, week or year.
"""


def register(subparsers: Any) -> None:
    """Adds the `understand` subcommand."""
    parser = subparsers.add_parser(
        "understand",
        help="read a founder's message into need, budget, quote and product fields",
        description="Read a founder's message as the first message of a fresh conversation.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("text", metavar="TEXT", help='the message, or "-" for stdin lines')
    parser.add_argument("--json", action="store_true", help="print JSON (see below)")
    parser.set_defaults(handler=_handle)


def _number(value: Decimal | None) -> int | float | None:
    """Returns a Decimal as a JSON number: whole numbers as int."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def reading_json(reading: Understanding, categories: list[str]) -> dict[str, object]:
    """Returns the `understand --json` object of one reading."""
    quote = reading.quote
    return {
        "text": reading.text,
        "product": reading.product,
        "categories": categories,
        "quantity": reading.quantity,
        "quantity_max": reading.quantity_max,
        "period": reading.period.value if reading.period else None,
        "budget": _number(reading.budget),
        "budget_period": reading.budget_period.value if reading.budget_period else None,
        "currency": reading.currency,
        "country": reading.country,
        "region": reading.region,
        "stage": reading.stage.value if reading.stage else None,
        "deadline_days": reading.deadline_days,
        "shelf_life_months": reading.shelf_life_months,
        "target_unit_price": _number(reading.target_unit_price),
        "supplier_moq": reading.supplier_moq,
        "quote": None
        if quote is None
        else {
            "tiers": [
                {"min_qty": t.min_qty, "unit_price": _number(t.unit_price)} for t in quote.tiers
            ],
            "setup_fee": _number(quote.setup_fee),
            "tooling_fee": _number(quote.tooling_fee),
            "currency": quote.currency,
        },
        "covered": bool(categories),
    }


def understand_json(
    index: SearchIndex, text: str, words: CategoryWords | None = None
) -> dict[str, object]:
    """Returns the `understand --json` object for one message."""
    known = words if words is not None else CategoryWords.of(index.taxonomy)
    reading = understand(
        text,
        index.category_score,
        categorise=lambda span: index.named_categories(span, known),
    )
    return reading_json(reading, list(reading.categories))


def _render(payload: dict[str, object]) -> str:
    """Returns the reading as readable `field: value` lines (fields with a value only)."""
    lines = [f"understand: {payload['text']}"]
    for key, value in payload.items():
        if key != "text" and value not in (None, [], False):
            lines.append(f"  {key}: {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def _stdin_lines(stream: TextIO) -> Iterable[str]:
    """Yields the non-blank lines of stream without their line ends."""
    for line in stream:
        text = line.rstrip("\r\n")
        if text.strip():
            yield text


def _handle(args: argparse.Namespace) -> int:
    """Reads one message, or one per stdin line with TEXT "-"."""
    index = load_search_index()
    words = CategoryWords.of(index.taxonomy)
    texts: Iterable[str] = [args.text] if args.text != "-" else _stdin_lines(sys.stdin)
    for text in texts:
        payload = understand_json(index, text, words)
        out = json.dumps(payload, ensure_ascii=False) if args.json else _render(payload)
        sys.stdout.write(out + "\n")
        sys.stdout.flush()
    return 0
