"""The cost chart: yearly cost against order quantity, as PNG bytes (matplotlib, Agg backend).

Built for a phone screen: one curve, large type, markers labelled in place instead of a legend.
Uses matplotlib.figure.Figure directly (no pyplot global state), so it is safe in a worker thread.
"""

from __future__ import annotations

import io
import logging
import math
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter
from PIL import Image

from bot.core.types import ChartData
from bot.core.understanding.money import with_currency

logger = logging.getLogger(__name__)

_CURVE = "#1f5fa8"
_BEST = "#d1495b"
_MOQ = "#e08e0b"
_BREAK = "#6b6b6b"
_BLOCKED = "#b0b0b0"
_LIMIT = "#444444"
# 6 x 6.75 in at 180 dpi is 1080 x 1215 px: full width on a phone, text still large when shown.
_SIZE = (6.0, 6.75)
_DPI = 180


def _short(value: float) -> str:
    """Returns a compact amount: 950, 12.5k, 3.2M."""
    size = abs(value)
    if size >= 1_000_000:
        return f"{value / 1_000_000:.3g}M"
    if size >= 10_000:
        return f"{value / 1_000:.0f}k"
    if size >= 1_000:
        return f"{value / 1_000:.3g}k"
    if size >= 10 or float(value).is_integer():
        return f"{value:.0f}"  # unit counts on the x axis are whole: "2", not "2.00"
    return f"{value:.2f}"


def _money(value: float, currency: str | None) -> str:
    """Returns an amount with thousands separators and its currency: "€24,725", "€3.25M"."""
    exact = Decimal(float(value))  # tick values may be numpy floats
    if abs(exact) >= 10_000_000:
        text = f"{(exact / 1_000_000).quantize(Decimal('0.01'), ROUND_HALF_UP):,}M"
    elif abs(exact) < 100:
        text = f"{exact.quantize(Decimal('0.01'), ROUND_HALF_UP):,}"
    else:
        text = f"{exact.quantize(Decimal(1), ROUND_HALF_UP):,}"
    return with_currency(text, currency)  # as the answer's text writes it: "CHF 1,200"


def _y_range(data: ChartData) -> tuple[float, float]:
    """Returns y limits that show the valley: tiny orders' huge costs are cut off."""
    best = data.recommended or data.quantities[0]
    near = [t for q, t in zip(data.quantities, data.total_cost, strict=True) if q >= best / 3]
    low = min(data.total_cost)
    high = max(near or data.total_cost)
    if high <= low:
        high = low * 1.05 + 1
    # Room under the valley for the recommended point's label, above it for marker labels.
    span = high - low
    return low - span * 0.4, high + span * 0.4


def _span(data: ChartData) -> str:
    """Returns "a year", or "in all" for a one-off order (economics titles it "One-off: ...")."""
    # ChartData carries no period; the economics module's one-off title is the signal.
    return "in all" if data.title.startswith("One-off") else "a year"


def _marks(data: ChartData) -> list[int]:
    """Returns the marked quantities: the recommendation, the MOQ and the tier breaks."""
    return [m for m in (data.recommended, data.moq, *data.tier_breaks) if m]


def _use_log_scale(data: ChartData) -> bool:
    """Returns whether the marked quantities span so wide a range that a log scale reads better."""
    marks = _marks(data)
    return bool(marks) and data.quantities[-1] / min(marks) > 15 and data.quantities[0] >= 1


def _mark_limits(axes: Any, data: ChartData, y_top: float) -> None:
    """Shades where an order is not allowed: below the MOQ, over budget, past the shelf life."""
    x_low, x_high = data.quantities[0], data.quantities[-1]
    if data.moq and data.moq > x_low:
        axes.axvspan(x_low, min(data.moq, x_high), color=_BLOCKED, alpha=0.18, lw=0)
    limits = ((data.budget_limit, "budget"), (data.shelf_life_limit, "shelf life"))
    for limit, label in limits:
        if limit is not None and x_low < limit < x_high:
            axes.axvspan(limit, x_high, color=_BLOCKED, alpha=0.3, lw=0, hatch="//")
            axes.axvline(limit, color=_LIMIT, ls="--", lw=2)
            axes.text(
                limit, y_top, f"{label} {limit:,} ", rotation=90, ha="right", va="top",
                fontsize=12, color=_LIMIT,
            )  # fmt: skip


def _mark_breaks(axes: Any, data: ChartData, y_top: float) -> None:
    """Draws the tier breaks (dotted) and the MOQ (solid), each labelled along its line."""
    x_low, x_high = data.quantities[0], data.quantities[-1]
    for brk in data.tier_breaks:
        if x_low < brk < x_high:
            axes.axvline(brk, color=_BREAK, ls=":", lw=1.8)
            axes.text(
                brk, y_top, f"break {brk:,} ", rotation=90, ha="right", va="top",
                fontsize=12, color=_BREAK,
            )  # fmt: skip
    if data.moq and x_low <= data.moq <= x_high:
        axes.axvline(data.moq, color=_MOQ, lw=2.4)
        axes.text(
            data.moq, y_top, f" MOQ {data.moq:,}", rotation=90, ha="left", va="top",
            fontsize=13, color=_MOQ, fontweight="bold",
        )  # fmt: skip


def _mark_best(axes: Any, data: ChartData, x_low: float) -> None:
    """Marks the recommended order with a dot and its figures underneath."""
    xs, ys = data.quantities, data.total_cost
    if data.recommended is None or data.recommended not in xs:
        return
    at = xs.index(data.recommended)
    best_x, best_y = xs[at], ys[at]
    axes.plot([best_x], [best_y], "o", ms=15, color=_BEST, mec="white", mew=2.5, zorder=5)
    # Under the point: the curve never dips below the cheapest allowed order... nearly always.
    if axes.get_xscale() == "log":
        share = math.log(best_x / x_low) / max(math.log(xs[-1] / x_low), 1e-9)
    else:
        share = (best_x - x_low) / max(xs[-1] - x_low, 1)
    axes.annotate(
        f"order {best_x:,}\n{_money(best_y, data.currency)} {_span(data)}",
        (best_x, best_y),
        xytext=(0, -22),
        textcoords="offset points",
        ha="left" if share < 0.25 else "right" if share > 0.75 else "center",
        va="top",
        fontsize=15,
        fontweight="bold",
        color=_BEST,
        bbox={"boxstyle": "round,pad=0.3", "fc": "white", "ec": _BEST, "alpha": 0.92},
        zorder=6,
    )


def render_png(data: ChartData) -> bytes:
    """Returns the chart of total yearly cost (and cost per unit) against order quantity as PNG."""
    canvas = build_canvas(data)
    png = _encode(canvas)
    logger.debug("chart rendered: %d points, %d bytes", len(data.quantities), len(png))
    return png


def build_canvas(data: ChartData) -> FigureCanvasAgg:
    """Returns the chart laid out on an Agg canvas, not yet drawn (the benchmark times both)."""
    if not data.quantities or len(data.quantities) != len(data.total_cost):
        raise ValueError("chart data holds no series")
    # No layout engine: constrained layout draws the figure twice; margins are sized from the
    # tick labels instead (_fit_margins), which keeps one draw per chart.
    figure = Figure(figsize=_SIZE, dpi=_DPI, facecolor="white")
    canvas = FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    y_low, y_high = _y_range(data)
    x_low = _set_x_axis(axes, data)
    axes.set_ylim(y_low, y_high)
    y_top = y_high - (y_high - y_low) * 0.02
    _mark_limits(axes, data, y_top)
    _mark_breaks(axes, data, y_top)
    axes.plot(data.quantities, data.total_cost, color=_CURVE, lw=3.2)
    _mark_best(axes, data, x_low)
    _label_axes(axes, data)
    right = _add_unit_axis(axes, data, y_high - y_low)
    _fit_margins(figure, axes, right)
    return canvas


def _set_x_axis(axes: Any, data: ChartData) -> float:
    """Sets the x scale and limits; returns the left end (log charts skip the tiniest orders)."""
    xs = data.quantities
    x_low: float = xs[0]
    if _use_log_scale(data):
        axes.set_xscale("log")
        # Start half a step below the first marker: tiny orders only show a soaring cost.
        x_low = max(xs[0], min(m for m in _marks(data)) / 2)
        axes.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 3.0)))
        axes.xaxis.set_minor_formatter(NullFormatter())
    else:
        axes.xaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
    axes.set_xlim(x_low, xs[-1])
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _short(v)))
    return x_low


def _label_axes(axes: Any, data: ChartData) -> None:
    """Titles the chart and labels the axes in large type for a phone."""
    currency = data.currency
    axes.set_title(data.title, fontsize=17, fontweight="bold", loc="left")
    axes.set_xlabel("units per order", fontsize=14)
    axes.set_ylabel(f"total cost {_span(data)}", fontsize=14)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _money(v, currency)))
    axes.tick_params(labelsize=13)
    axes.grid(axis="y", alpha=0.3)
    axes.spines["top"].set_visible(False)


def _add_unit_axis(axes: Any, data: ChartData, y_span: float) -> Any:
    """Adds cost per unit on the right: the same curve over the yearly need, on a second scale."""
    ys = data.total_cost
    ratio = data.unit_cost[0] / ys[0] if ys[0] else 0.0
    if ratio <= 0:
        return None

    def to_unit(value: Any) -> Any:
        return value * ratio

    def to_total(value: Any) -> Any:
        return value / ratio

    currency = data.currency
    per_unit = axes.secondary_yaxis("right", functions=(to_unit, to_total))
    per_unit.set_ylabel("cost per unit", fontsize=14)
    per_unit.tick_params(labelsize=13)
    per_unit.yaxis.set_major_locator(MaxNLocator(nbins=5))
    step = y_span * ratio / 6  # about one tick interval
    per_unit.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _unit(v, currency, step)))
    return per_unit


# DejaVu Sans digits and currency signs are about 0.62 em wide; the axis label and the tick
# padding take about two label heights. Measured against matplotlib's own tight bounding boxes.
_EM_WIDTH = 0.62
_TICK_PT = 13
_LABEL_PT = 14


def _tick_width(axis: Any) -> float:
    """Returns the widest tick label of a y axis, in points, without drawing the figure."""
    low, high = axis.axes.get_ylim()
    formatter = axis.get_major_formatter()
    labels = [
        formatter(v, i) for i, v in enumerate(axis.get_major_locator().tick_values(low, high))
    ]
    return max((len(label) for label in labels), default=0) * _TICK_PT * _EM_WIDTH


def _fit_margins(figure: Figure, axes: Any, right_axis: Any) -> None:
    """Sizes the margins to the tick labels so nothing is clipped and the plot stays wide."""
    width_pt, height_pt = figure.get_figwidth() * 72, figure.get_figheight() * 72
    left = _tick_width(axes.yaxis) + 2.2 * _LABEL_PT + 10
    right = (_tick_width(right_axis.yaxis) + 2.2 * _LABEL_PT + 10) if right_axis else 16
    figure.subplots_adjust(
        left=left / width_pt,
        right=1 - right / width_pt,
        top=1 - 40 / height_pt,  # the title
        bottom=52 / height_pt,  # x ticks and their label
    )


def _encode(canvas: Any) -> bytes:  # Any: the Agg canvas methods are untyped
    """Draws once and encodes the PNG with fast compression (zlib level 3: a few % larger)."""
    canvas.draw()
    width, height = canvas.get_width_height()
    image = Image.frombuffer("RGBA", (width, height), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="png", compress_level=3)
    return buffer.getvalue()


def _unit(value: float, currency: str | None, step: float) -> str:
    """Returns a unit-price tick with enough decimals to tell neighbouring ticks apart."""
    places = 2 if step >= 0.01 else 3 if step >= 0.001 else 4
    return with_currency(f"{value:,.{places}f}", currency)
