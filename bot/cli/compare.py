"""`smallbatch compare`: quotes as founders paste them, compared at a need on landed cost."""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.cli.recommend import _choice, _positive, _quantity, _rate, option_dict
from bot.core.advice.currency import ECB_SOURCE, Rates, parse_ecb_csv
from bot.core.advice.price_lists import PriceList, find_price_lists, validate_price_lists
from bot.core.advice.quotes import Comparison, Need, Quote, QuoteResult, compare_quotes
from bot.core.types import Demand, InputError, Period, Stage
from bot.core.understanding.quotes import MAX_QUOTE_CHARS, read_quote

_PERIODS = ", ".join(p.value for p in Period)
_STAGES = ", ".join(s.value for s in Stage)
_EXAMPLE = "quantities with unit prices, e.g. 'Acme: 1000 @ $0.80, 5000 @ $0.45, setup $150'"
_RATES_FILE = Path("rates") / "eurofxref.csv"


def register(subparsers: Any) -> None:
    """Adds the `compare` subcommand."""
    parser = subparsers.add_parser(
        "compare",
        help="compare suppliers' quotes at your need, on landed cost",
        description=(
            "Compares quotes pasted as founders get them, each optionally prefixed by the "
            "supplier's name and a colon. A quote's first tier is its MOQ unless it states one; "
            "set-up is per order, tooling is one-off (not in the yearly cost), shipping per "
            "order or per unit. Quotes in other currencies are converted at the ECB euro "
            "reference rates (--rates FILE, else the rates loaded with `kb rates`, else the "
            "shipped knowledge/rates/eurofxref.csv), and every conversion names its rate and date."
        ),
    )
    parser.add_argument("--demand", required=True, help="units needed per --per period")
    parser.add_argument("--per", required=True, help=f"period of the demand: {_PERIODS}")
    parser.add_argument("--budget", help="cash available per order (your currency)")
    parser.add_argument("--currency", help="your currency (default: the first quote's)")
    parser.add_argument("--stage", help=f"product stage: {_STAGES}")
    parser.add_argument("--holding-rate", help="yearly holding cost, fraction of price (0.25)")
    parser.add_argument("--order-cost", help="your own cost per order (default 50)")
    parser.add_argument("--shelf-life-months", help="months the goods keep")
    parser.add_argument("--rates", metavar="FILE", type=Path, help="an ECB eurofxref CSV")
    parser.add_argument(
        "--quote", action="append", default=[], metavar="TEXT", help="a quote (repeat)"
    )
    parser.add_argument(
        "--price-list",
        action="append",
        default=[],
        metavar="WORDS",
        help="a published list from knowledge/price-lists.yaml, e.g. 'grand palace 1 ink'",
    )
    parser.add_argument("--chart", metavar="FILE.png", help="write the comparison chart as PNG")
    parser.add_argument("--json", action="store_true", help="print JSON (see DESIGN.md)")
    parser.set_defaults(handler=_handle)


def read_quotes(texts: list[str]) -> list[Quote]:
    """Returns the quotes read from the texts; InputError names the first one without a price."""
    quotes = []
    for number, text in enumerate(texts, start=1):
        if len(text) > MAX_QUOTE_CHARS:
            raise InputError(f"quote {number}", f"longer than {MAX_QUOTE_CHARS:,} characters")
        reading = read_quote(text)
        if reading is None or not reading.tiers:
            shown = " ".join(text.split())[:60]
            raise InputError(f"quote {number}", f"no price read in {shown!r}; expected {_EXAMPLE}")
        quotes.append(Quote.from_reading(reading, f"quote {number}"))
    return quotes


def _need(args: argparse.Namespace, quotes: list[Quote]) -> Need:
    """Returns the founder's need from the arguments."""
    currency = args.currency.strip().upper() if args.currency else None
    if currency is not None and not (len(currency) == 3 and currency.isalpha()):
        raise InputError("currency", f"{args.currency!r} is not a 3-letter ISO 4217 code")
    if currency is None:
        currency = next((q.currency for q in quotes if q.currency), None)
    stage = _choice(args.stage, "stage", _STAGES, Stage) if args.stage is not None else None
    demand = Demand(
        quantity=_quantity(args.demand, "demand"),
        period=_choice(args.per, "per", _PERIODS, Period),
        holding_rate=_rate(args.holding_rate),
        budget=_positive(args.budget, "budget"),
        shelf_life_months=_positive(args.shelf_life_months, "shelf-life-months"),
        stage=stage,
    )
    order_cost = _positive(args.order_cost, "order-cost", allow_zero=True)
    return Need(demand, currency, order_cost)


def read_rates_file(path: Path) -> Rates:
    """Returns the rates in an ECB CSV file, raising InputError with the reason."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError("rates", f"cannot read {str(path)!r}: {error}") from None
    return parse_ecb_csv(text, f"{ECB_SOURCE} ({path.name})")


def _rates(args: argparse.Namespace, quotes: list[Quote], currency: str | None) -> Rates | None:
    """Returns the rates when a quote needs converting: --rates, the loaded ones, or shipped."""
    if all((q.currency or currency) == currency for q in quotes):
        return None
    if args.rates is not None:
        return read_rates_file(args.rates)
    from bot.cli.context import settings_or_exit

    settings = settings_or_exit()
    loaded = asyncio.run(_loaded_rates(settings))
    return loaded or read_rates_file(settings.knowledge_dir / _RATES_FILE)


async def _loaded_rates(settings: Any) -> Rates | None:
    """Returns the rates `kb rates` stored in the database, or None."""
    from bot.cli.context import opened_database
    from bot.store.quotes import RateStore

    async with opened_database(settings) as db, db.sessions() as session:
        return await RateStore(session).current()


def _number(value: Decimal | None) -> float | int | None:
    """Returns a JSON number (int when whole), None as null."""
    if value is None:
        return None
    rounded = value.quantize(Decimal("0.0001"))
    return int(rounded) if rounded == rounded.to_integral_value() else float(rounded)


def _result_dict(result: QuoteResult) -> dict[str, Any]:
    """Returns one quote of the `compare --json` object."""
    read = result.converted
    best = option_dict(result.best)
    return {
        "supplier": result.quote.supplier if result.quote.named else None,
        "currency": result.quote.currency,
        "read": {
            "tiers": [
                {"min_qty": t.min_qty, "unit_price": _number(t.unit_price)} for t in read.tiers
            ],
            "moq": read.moq,
            "setup_fee": _number(read.setup_fee),
            "tooling_fee": _number(read.tooling_fee),
            "shipping_per_order": _number(read.shipping_per_order),
            "shipping_per_unit": _number(read.shipping_per_unit),
            "lead_time_days": read.lead_time_days,
        },
        "missing": list(result.quote.missing()),
        "order_quantity": best["order_quantity"],
        "unit_price": _number(result.unit_price),
        "landed_unit_cost": _number(result.landed_unit_cost),
        "cash_per_order": best["cash_per_order"],
        "months_of_cover": best["months_of_cover"],
        "annual_cost": best["annual_cost"],
        "binding": result.recommendation.binding.value,
        "feasible": result.best.feasible,
        "infeasible_reason": result.best.infeasible_reason,
        "first_year": _number(result.first_year),
        "conversion": result.conversion.describe() if result.conversion else None,
    }


def comparison_dict(comparison: Comparison) -> dict[str, Any]:
    """Returns the `compare --json` object of DESIGN.md (plus decisions)."""
    rates = comparison.rates
    return {
        "currency": comparison.need.currency,
        "rates": None if rates is None else {"date": rates.on.isoformat(), "source": rates.source},
        "quotes": [_result_dict(r) for r in comparison.results],
        "best": comparison.best,
        "ranking": list(comparison.ranking),
        "break_evens": [
            {
                "tooling_quote": b.tooling_quote,
                "against": b.against,
                "units": b.units,
                "months": _number(b.months),
            }
            for b in comparison.break_evens
        ],
        "decisions": [
            {"kind": d.kind, "sentences": list(d.sentences)} for d in comparison.decisions
        ],
        "explanation": comparison.explanation,
        "quote_at": list(comparison.quote_at),
    }


def comparison_text(comparison: Comparison) -> str:
    """Returns the comparison as a table and sentences for a terminal."""
    cur = comparison.need.currency or ""
    lines = [comparison.explanation, ""]
    header = ("#", "supplier", "order", "landed/unit", "cash/order", "cover mo", "first year", "")
    rows = [header]
    for rank, index in enumerate(comparison.ranking, start=1):
        result = comparison.results[index]
        best = result.best
        note = "" if best.feasible else f"does not fit: {best.infeasible_reason}"
        rows.append(
            (
                str(rank),
                result.quote.supplier[:30],
                f"{best.order_quantity:,}",
                f"{result.landed_unit_cost:,.4f}",
                f"{best.cash_per_order:,.2f}",
                f"{best.months_of_cover:,.1f}",
                f"{result.first_year:,.2f}",
                note,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    lines += [
        "  ".join([*(c.ljust(w) for c, w in zip(row, widths, strict=False)), row[-1]]).rstrip()
        for row in rows
    ]
    for result in comparison.results:
        missing = result.quote.missing()
        if missing:
            lines.append(f"{result.quote.supplier} does not state: {', '.join(missing)}.")
    for decision in comparison.decisions:
        lines += ["", *decision.sentences]
    if cur:
        lines += ["", f"Amounts in {cur}."]
    return "\n".join(lines)


def published_lists(queries: list[str]) -> list[PriceList]:
    """Returns the usable published price lists the queries name, raising InputError otherwise."""
    if not queries:
        return []
    import yaml

    from bot.cli.context import settings_or_exit

    path = settings_or_exit().knowledge_dir / "price-lists.yaml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InputError("price-list", f"cannot read {str(path)!r}: {error}") from None
    lists, errors = validate_price_lists(data)
    if errors:
        raise InputError("price-list", f"{path.name}: {errors[0]}")
    chosen = []
    for query in queries:
        found = find_price_lists(lists, query)
        if not found:
            raise InputError("price-list", f"no published price list matches {query!r}")
        if len(found) > 1:
            names = "; ".join(f"{pl.vendor}: {pl.product}" for pl in found[:5])
            raise InputError("price-list", f"{query!r} matches {len(found)} lists ({names})")
        if not found[0].usable:
            raise InputError(
                "price-list",
                f"{found[0].vendor}: {found[0].product} is reference only: "
                f"{found[0].why_not_usable()}",
            )
        chosen.append(found[0])
    return chosen


def _handle(args: argparse.Namespace) -> int:
    """Prints the comparison (table or JSON) and writes the chart when asked."""
    if not args.quote and not args.price_list:
        raise InputError("quote", "give at least one --quote TEXT (or --price-list WORDS)")
    lists = published_lists(args.price_list)
    quotes = read_quotes(args.quote) + [pl.as_quote() for pl in lists]
    need = _need(args, quotes)
    chart_path = Path(args.chart) if args.chart else None
    if chart_path is not None and not chart_path.parent.is_dir():
        raise InputError("chart", f"folder {str(chart_path.parent)!r} does not exist")
    comparison = compare_quotes(quotes, need, _rates(args, quotes, need.currency))
    sources = [f"Using {pl.attribution()}." for pl in lists]
    if args.json:
        data = comparison_dict(comparison)
        data["price_lists"] = [pl.attribution() for pl in lists]
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("\n".join([comparison_text(comparison), *sources]) + "\n")
    if chart_path is not None:
        from bot.quote_chart import render_comparison_png

        try:
            chart_path.write_bytes(render_comparison_png(comparison.chart))
        except OSError as error:
            raise InputError(
                "chart", f"cannot write {str(chart_path)!r}: {error.strerror}"
            ) from None
    return 0
