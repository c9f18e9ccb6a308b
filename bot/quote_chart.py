"""The comparison chart: all-in cost per unit against order quantity, one curve per quote.

Drawn on a matplotlib Figure (no pyplot global state), so it is safe in a worker thread; the
founder's need is a vertical line and each quote's recommended order a dot on its curve.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from bot.core.advice.quotes import ComparisonChart
from bot.core.understanding.money import with_currency

_COLOURS = ("#1f5fa8", "#d1495b", "#2a9d8f", "#e08e0b", "#6a4c93", "#444444")
_SIZE = (6.0, 6.0)
_DPI = 150


def render_comparison_png(chart: ComparisonChart) -> bytes:
    """Returns the chart as PNG bytes."""
    figure = Figure(figsize=_SIZE, dpi=_DPI)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    highest = 0.0
    for index, curve in enumerate(chart.curves):
        colour = _COLOURS[index % len(_COLOURS)]
        axes.plot(curve.quantities, curve.unit_cost, color=colour, linewidth=2, label=curve.label)
        if curve.recommended in curve.quantities:
            at = curve.quantities.index(curve.recommended)
            axes.plot([curve.recommended], [curve.unit_cost[at]], "o", color=colour, markersize=7)
        highest = max(highest, *curve.unit_cost) if curve.unit_cost else highest
    axes.axvline(chart.need, color="#888888", linestyle="--", linewidth=1.5)
    axes.annotate(
        "your need",
        xy=(chart.need, highest),
        xytext=(4, -12),
        textcoords="offset points",
        fontsize=10,
        color="#555555",
    )
    axes.set_xscale("log")
    axes.set_xlabel("units per order")
    axes.set_ylabel(f"cost per unit needed, all in ({chart.currency or 'your currency'})")
    axes.yaxis.set_major_formatter(
        lambda value, _pos: with_currency(f"{value:,.2f}", chart.currency)
    )
    axes.set_title(chart.title, fontsize=11)
    axes.grid(True, alpha=0.3)
    axes.legend(fontsize=10, frameon=False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


__all__ = ["render_comparison_png"]
