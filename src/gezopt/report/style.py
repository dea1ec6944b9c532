"""The report's look: fixed colours per technology and scenario, new figures, rendering to PNG.

Figures are built on matplotlib's Agg canvas directly (no pyplot, no GUI, no
global state), and PNGs are written without the software-version stamp, so
the same results always give the same bytes.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DOTS_PER_INCH = 100

# one colour per technology, the same in every plot and every scenario
CARRIER_COLOURS = {
    "run_of_river": "#2874a6",
    "reservoir_hydro": "#1b4f72",
    "solar": "#f1c40f",
    "rooftop_solar": "#f8de7e",
    "wind": "#76d7c4",
    "waste": "#8d6e63",
    "storage": "#a569bd",
    "national grid": "#95a5a6",
    "load shed": "#c0392b",
}
CARRIER_ORDER = tuple(CARRIER_COLOURS)
SPARE_COLOURS = ("#e67e22", "#16a085", "#7f8c8d", "#d35400", "#2e4053", "#b03a2e")
SCENARIO_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
                    "#7f7f7f", "#bcbd22", "#17becf")
# a dash pattern and a marker per scenario too, so lines that lie on each other remain distinguishable
SCENARIO_DASHES = ("solid", (0, (6, 3)), (0, (1, 2)), (0, (8, 3, 2, 3)), (0, (3, 2)), (0, (8, 2, 1, 2, 1, 2)))
SCENARIO_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def carrier_colour(carrier: str) -> str:
    """The colour of a technology (a stable spare colour for one not listed)."""
    if carrier in CARRIER_COLOURS:
        return CARRIER_COLOURS[carrier]
    return SPARE_COLOURS[sum(map(ord, carrier)) % len(SPARE_COLOURS)]


def carrier_label(carrier: str) -> str:
    """A technology's name for a legend: ``run_of_river`` -> ``run of river``."""
    return carrier.replace("_", " ")


def scenario_colour(position: int) -> str:
    """The colour of the scenario at ``position`` in the comparison."""
    return SCENARIO_COLOURS[position % len(SCENARIO_COLOURS)]


def scenario_dashes(position: int) -> str | tuple:
    """The dash pattern of the scenario at ``position`` (solid for the first)."""
    return SCENARIO_DASHES[position % len(SCENARIO_DASHES)]


def scenario_marker(position: int) -> str:
    """The marker of the scenario at ``position``."""
    return SCENARIO_MARKERS[position % len(SCENARIO_MARKERS)]


def new_figure(width_in: float, height_in: float) -> Figure:
    """An empty figure on an Agg canvas with constrained layout."""
    figure = Figure(figsize=(width_in, height_in), dpi=DOTS_PER_INCH, layout="constrained")
    FigureCanvasAgg(figure)
    return figure


def png_bytes(figure: Figure) -> bytes:
    """The figure as PNG bytes, without metadata that would change between versions."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DOTS_PER_INCH, metadata={"Software": None})
    return buffer.getvalue()
