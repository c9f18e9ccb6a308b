"""`smallbatch recommend`: the order-size recommendation for one supplier's terms (no database)."""

from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

from bot.core.advice.economics import MAX_QUANTITY, parse_amount, parse_tiers_arg, recommend
from bot.core.types import (
    Demand,
    Discount,
    InputError,
    OrderOption,
    Period,
    Recommendation,
    Stage,
    Terms,
)

_PERIODS = ", ".join(p.value for p in Period)
_STAGES = ", ".join(s.value for s in Stage)
_DISCOUNTS = ", ".join(d.value for d in Discount)


def register(subparsers: Any) -> None:
    """Adds the `recommend` subcommand."""
    parser = subparsers.add_parser(
        "recommend",
        help="how many to order at a time, for one supplier's terms",
        description=(
            "Order-size recommendation: EOQ with all-units or incremental price breaks, "
            "MOQ, budget per order, shelf life and the obsolescence risk of a young product."
        ),
    )
    parser.add_argument("--demand", required=True, help="units needed per --per period")
    parser.add_argument("--per", required=True, help=f"period of the demand: {_PERIODS}")
    parser.add_argument("--order-cost", help="cost of one order (set-up, admin, freight)")
    parser.add_argument("--holding-rate", help="yearly holding cost, fraction of price (0.25)")
    parser.add_argument("--tiers", help='price tiers "Q:P,Q:P", e.g. "1:2.50,500:1.90"')
    parser.add_argument("--discount", default="all-units", help=f"{_DISCOUNTS}")
    parser.add_argument("--moq", help="the supplier's minimum order quantity")
    parser.add_argument("--below-moq-fee", help="surcharge per order to buy under the MOQ")
    parser.add_argument("--budget", help="cash available per order")
    parser.add_argument("--shelf-life-months", help="months the goods keep")
    parser.add_argument("--stage", help=f"product stage: {_STAGES}")
    parser.add_argument("--currency", help="ISO 4217 code for the figures, e.g. EUR")
    parser.add_argument("--chart", metavar="FILE.png", help="write the cost chart as a PNG")
    parser.add_argument("--json", action="store_true", help="print JSON (see DESIGN.md)")
    parser.set_defaults(handler=_handle)


def _quantity(text: str, field: str) -> int:
    """Returns a whole number of at least 1 from text ("1,000" and "1_000" accepted)."""
    cleaned = text.strip().replace(",", "").replace("_", "")
    if cleaned.startswith("-") and cleaned[1:].isdigit():
        raise InputError(field, f"{text.strip()!r} is negative; give units, e.g. 300")
    if not cleaned.isdigit():
        raise InputError(field, f"{text.strip()!r} is not a whole number of units")
    value = int(cleaned)
    if not 1 <= value <= MAX_QUANTITY:
        raise InputError(field, f"{text.strip()!r} must be from 1 to {MAX_QUANTITY:,}")
    return value


def _choice(text: str, field: str, kinds: str, enum: Any) -> Any:
    """Returns the enum member named by text, or raises InputError listing the choices."""
    try:
        return enum(text.strip().lower())
    except ValueError:
        raise InputError(field, f"{text.strip()!r} is not one of {kinds}") from None


def _positive(text: str | None, field: str, *, allow_zero: bool = False) -> Decimal | None:
    """Returns a positive amount (or zero when allowed), None when absent."""
    if text is None:
        return None
    value = parse_amount(text, field)
    if value < 0 or (value == 0 and not allow_zero):
        bound = "0 or more" if allow_zero else "more than 0"
        raise InputError(field, f"{text.strip()!r} must be {bound}")
    return value


def _rate(text: str | None) -> Decimal | None:
    """Returns the holding rate as a fraction; "25%" is accepted as 0.25."""
    if text is None:
        return None
    stripped = text.strip()
    percent = stripped.endswith("%")
    value = parse_amount(stripped.rstrip("%"), "holding-rate")
    if percent:
        value /= 100
    if value <= 0:
        raise InputError("holding-rate", f"{stripped!r} must be more than 0 (e.g. 0.25)")
    if value > 1 and not percent:
        raise InputError("holding-rate", f"{stripped!r} looks like a percentage: give 0.25 or 25%")
    return value


def _inputs(args: argparse.Namespace) -> tuple[Terms, Demand]:
    """Returns the terms and demand from the arguments, raising InputError on bad input."""
    quantity = _quantity(args.demand, "demand")
    period = _choice(args.per, "per", _PERIODS, Period)
    if args.tiers is None:
        raise InputError("tiers", 'give the supplier\'s prices, e.g. --tiers "1:2.50,500:1.90"')
    tiers = parse_tiers_arg(args.tiers)
    discount = _choice(args.discount, "discount", _DISCOUNTS, Discount)
    stage = _choice(args.stage, "stage", _STAGES, Stage) if args.stage is not None else None
    moq = _quantity(args.moq, "moq") if args.moq is not None else None
    currency = args.currency.strip().upper() if args.currency else None
    if currency is not None and not (len(currency) == 3 and currency.isalpha()):
        raise InputError("currency", f"{args.currency!r} is not a 3-letter ISO 4217 code")
    terms = Terms(
        tiers=tiers,
        discount=discount,
        moq=moq,
        order_cost=_positive(args.order_cost, "order-cost", allow_zero=True),
        below_moq_fee=_positive(args.below_moq_fee, "below-moq-fee", allow_zero=True),
        currency=currency,
    )
    demand = Demand(
        quantity=quantity,
        period=period,
        holding_rate=_rate(args.holding_rate),
        budget=_positive(args.budget, "budget"),
        shelf_life_months=_positive(args.shelf_life_months, "shelf-life-months"),
        stage=stage,
    )
    return terms, demand


def _number(value: Decimal) -> float | int:
    """Returns a JSON number: an int when whole, else a float of the rounded Decimal."""
    return int(value) if value == value.to_integral_value() else float(value)


def option_dict(option: OrderOption) -> dict[str, Any]:
    """Returns one option with DESIGN's keys (plus label, feasible, infeasible_reason)."""
    cost = option.annual_cost
    return {
        "order_quantity": option.order_quantity,
        "unit_price": _number(option.unit_price),
        "orders_per_year": _number(option.orders_per_year),
        "months_of_cover": _number(option.months_of_cover),
        "cash_per_order": _number(option.cash_per_order),
        "annual_cost": {
            "purchase": _number(cost.purchase),
            "ordering": _number(cost.ordering),
            "holding": _number(cost.holding),
            "total": _number(cost.total),
        },
        "label": option.label,
        "feasible": option.feasible,
        "infeasible_reason": option.infeasible_reason,
    }


def recommendation_dict(recommendation: Recommendation) -> dict[str, Any]:
    """Returns the `recommend --json` object of DESIGN.md (plus feasible, assumptions)."""
    best = option_dict(recommendation.best)
    out: dict[str, Any] = {k: best[k] for k in best if k not in ("label", "infeasible_reason")}
    out["binding"] = recommendation.binding.value
    out["options"] = [option_dict(o) for o in recommendation.options]
    out["explanation"] = recommendation.explanation
    out["assumptions"] = list(recommendation.assumptions)
    out["currency"] = recommendation.currency
    return out


def _unit(price: Decimal) -> str:
    """Returns a unit price with two to four decimals."""
    text = f"{price:,.4f}"
    while text.endswith("0") and len(text.split(".")[1]) > 2:
        text = text[:-1]
    return text


def _table(recommendation: Recommendation) -> str:
    """Returns the human-readable answer: headline, explanation and the options table."""
    best = recommendation.best
    lines = [
        f"Recommended order: {best.order_quantity:,} units (decided by: "
        f"{recommendation.binding.value})",
        "",
        recommendation.explanation,
        "",
    ]
    header = ("qty", "unit", "orders/yr", "cover mo", "cash/order", "total/yr", "")
    rows = [header]
    for option in recommendation.options:
        mark = "*" if option.order_quantity == best.order_quantity else " "
        note = (
            option.label if option.feasible else f"{option.label} (no: {option.infeasible_reason})"
        )
        rows.append(
            (
                f"{mark}{option.order_quantity:,}",
                _unit(option.unit_price),
                f"{option.orders_per_year:,.2f}",
                f"{option.months_of_cover:,.2f}",
                f"{option.cash_per_order:,.2f}",
                f"{option.annual_cost.total:,.2f}",
                note,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header) - 1)]
    for row in rows:
        cells = [cell.rjust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    if recommendation.assumptions:
        lines += ["", "Assumptions: " + "; ".join(recommendation.assumptions) + "."]
    if recommendation.currency:
        lines.append(f"Amounts in {recommendation.currency}.")
    return "\n".join(lines)


def _handle(args: argparse.Namespace) -> int:
    """Prints the recommendation (table or JSON) and writes the chart when asked."""
    terms, demand = _inputs(args)
    chart_path = Path(args.chart) if args.chart else None
    if chart_path is not None and not chart_path.parent.is_dir():
        raise InputError("chart", f"folder {str(chart_path.parent)!r} does not exist")
    recommendation = recommend(terms, demand)
    if args.json:
        sys.stdout.write(json.dumps(recommendation_dict(recommendation), ensure_ascii=False))
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_table(recommendation) + "\n")
    if chart_path is not None and recommendation.chart is not None:
        from bot.chart import render_png  # matplotlib loads only when a chart is asked for

        try:
            chart_path.write_bytes(render_png(recommendation.chart))
        except OSError as error:
            raise InputError(
                "chart", f"cannot write {str(chart_path)!r}: {error.strerror}"
            ) from None
    return 0
