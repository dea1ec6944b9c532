"""A self-contained HTML report: one file, inline CSS, every plot an embedded base64 PNG.

No external URL, no script: the file reads the same offline, attached to an
e-mail or printed.  It opens with the written summary (:mod:`gezopt.report.summary`),
then shows the scenarios side by side (name, description, horizon in local
time), the KPI table with each scenario's difference from the first, the bills
at consumption bands, and every plot under its heading - or, where a plot has
nothing to draw or no data, the sentence saying so.  Each part is a
``<section>`` with an id, the unit a rendering check measures
(:mod:`gezopt.report.browser`).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from html import escape

import pandas as pd

from gezopt import __version__
from gezopt.report.bill_bands import BandComparison, Outcome
from gezopt.report.plot_helpers import local_time_label, utc_label
from gezopt.report.plots import RenderedPlot
from gezopt.report.results_folder import ResultsFolder
from gezopt.report.style import scenario_colour
from gezopt.report.tables import KpiTable, format_value

STYLE = """
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; color: #1c2833; margin: 0;
       background: #f4f6f7; }
main { max-width: 1280px; margin: 0 auto; padding: 24px 32px 48px; background: #ffffff; }
h1 { font-size: 26px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #d5dbdb; }
h3 { font-size: 15px; margin: 20px 0 8px; }
.lede { color: #566573; margin: 0 0 8px; }
.cards { display: flex; flex-wrap: wrap; gap: 14px; }
.card { flex: 1 1 200px; border: 1px solid #d5dbdb; border-top: 5px solid var(--colour); border-radius: 4px;
        padding: 10px 14px; background: #fbfcfc; }
.card h3 { margin: 0 0 6px; }
.card p { margin: 4px 0; font-size: 13px; }
.card .meta { color: #566573; font-size: 12px; }
ul.summary { margin: 0; padding-left: 20px; font-size: 15px; line-height: 1.45; }
ul.summary li { margin: 0 0 6px; }
table.kpis { border-collapse: collapse; font-size: 13px; min-width: 60%; }
table.kpis th, table.kpis td { padding: 5px 10px; border-bottom: 1px solid #e5e8e8; }
table.kpis th { overflow-wrap: anywhere; }
table.kpis th { background: #eaeded; text-align: right; border-top: 4px solid var(--colour, #eaeded); }
table.kpis th.label, table.kpis td.label, table.kpis td.unit { text-align: left; }
table.kpis td.value { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.kpis td.unit { color: #566573; }
table.kpis tr:nth-child(even) td { background: #f8f9f9; }
.delta { display: inline-block; min-width: 5.5em; margin-left: 6px; font-size: 11px; color: #7b7d7d; text-align: right; }
.delta.winner { color: #1e8449; }
.delta.loser { color: #b03a2e; }
figure { margin: 0 0 8px; }
figure img { max-width: 100%; height: auto; border: 1px solid #eaeded; }
.caption { color: #566573; font-size: 13px; margin: 0 0 6px; }
.note { color: #7b7d7d; font-style: italic; font-size: 13px; }
p.empty { font-size: 14px; padding: 10px 14px; background: #f8f9f9; border-left: 4px solid #d5dbdb; }
footer { color: #7b7d7d; font-size: 12px; margin-top: 40px; }
"""


def _horizon(results: ResultsFolder) -> str:
    """``168 h from 2025-01-13 04:00 local time (UTC+4) (year 2025)``: the start (UTC in ``kpis.json``) in the
    local time every axis of the report shows."""
    kpis = results.kpis
    parts = []
    if "hours" in kpis:
        parts.append(f"{float(kpis['hours']):,.0f} h")
    if "start" in kpis:
        offset = results.utc_offset_hours
        try:
            start = pd.Timestamp(str(kpis["start"])) + pd.Timedelta(hours=offset)
            parts.append(f"from {start:%Y-%m-%d %H:%M} local time ({utc_label(offset)})")
        except ValueError:
            parts.append(f"from {kpis['start']} UTC")
    if "year" in kpis:
        parts.append(f"(year {kpis['year']})")
    return " ".join(parts)


def scenario_cards(folders: Sequence[ResultsFolder]) -> str:
    """One card per scenario: name, description, horizon, scenario file, results folder, solver status."""
    cards = []
    for position, results in enumerate(folders):
        scenario = results.run.get("scenario", {})
        solver = results.run.get("solver", {})
        settings = results.run.get("settings", {})
        details = [f"scenario file {scenario.get('path', '?')}", f"results {results.shown_path}"]
        if settings.get("model", {}).get("grid_model"):
            details.append(f"grid model {settings['model']['grid_model']}")
        if solver.get("termination"):
            details.append(f"solver: {solver['termination']}")
        cards.append(
            f'<div class="card" style="--colour: {scenario_colour(position)}">'
            f"<h3>{escape(results.label)}</h3>"
            f"<p>{escape(results.description) or '<span class=note>no description</span>'}</p>"
            f"<p>{escape(_horizon(results))}</p>"
            f'<p class="meta">{"<br>".join(escape(d) for d in details)}</p></div>')
    return '<div class="cards">' + "".join(cards) + "</div>"


def kpi_table_html(table: KpiTable) -> str:
    """The KPI table, each later scenario's value with its difference from the first scenario."""
    header = "".join(f'<th style="--colour: {scenario_colour(p)}">{escape(s)}</th>'
                     for p, s in enumerate(table.scenarios))
    rows = []
    for indicator, values in zip(table.indicators, table.values):
        cells = []
        for position, value in enumerate(values):
            text = escape(format_value(indicator, value))
            first = values[0]
            if position > 0:  # the span is always there, so the values stay aligned
                difference = None if value is None or first is None else round(value - first, indicator.decimals) + 0.0
                shown = f"{difference:+,.{indicator.decimals}f}" if difference else ""
                text += f'<span class="delta">{shown}</span>'
            cells.append(f'<td class="value">{text}</td>')
        rows.append(f'<tr><td class="label">{escape(indicator.label)}</td>'
                    f'<td class="unit">{escape(indicator.unit)}</td>{"".join(cells)}</tr>')
    return (f'<table class="kpis"><thead><tr><th class="label">KPI</th><th class="label">unit</th>{header}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table>')


def band_table_html(bands: BandComparison) -> str:
    """Bills per customer at each class and band, each later scenario's difference from the first in green
    (pays less: a winner) or red (pays more: a loser)."""
    header = "".join(f'<th style="--colour: {scenario_colour(p)}">{escape(s)}</th>'
                     for p, s in enumerate(bands.scenarios))
    rows = []
    for row in bands.rows:
        cells = []
        for position, bill in enumerate(row.bills_azn_per_month):
            text = "-" if bill is None else f"{bill:,.2f}"
            if position > 0:
                difference, outcome = row.difference_azn(position), row.outcome(position)
                shown = "" if outcome is None or outcome is Outcome.UNCHANGED else f"{difference:+,.2f}"
                kind = f" {outcome.value}" if outcome is not None else ""
                text += f'<span class="delta{kind}">{shown}</span>'
            cells.append(f'<td class="value">{text}</td>')
        rows.append(f'<tr><td class="label">{escape(row.consumer_class)}</td>'
                    f'<td class="value">{row.band_kwh_per_month:,.0f}</td>{"".join(cells)}</tr>')
    caption = (f"One customer's bill at each consumption band, AZN a month. Small figures: the difference from "
               f"{bands.reference}, green pays less (a winner), red pays more (a loser), blank unchanged.")
    return (f'<p class="caption">{escape(caption)}</p>'
            f'<table class="kpis"><thead><tr><th class="label">class</th><th>kWh/month</th>{header}</tr>'
            f'</thead><tbody>{"".join(rows)}</tbody></table>')


def summary_html(sentences: Sequence[str]) -> str:
    """The written summary as a list of sentences."""
    return '<ul class="summary">' + "".join(f"<li>{escape(sentence)}</li>" for sentence in sentences) + "</ul>"


def section(identifier: str, *parts: str) -> str:
    """``parts`` in a ``<section>`` with the id a rendering check finds it by."""
    return f'<section id="{escape(identifier)}">' + "".join(parts) + "</section>"


def plot_section(plot: RenderedPlot) -> str:
    """A plot under its heading as an embedded PNG; where it has nothing to draw (or no data), the sentence
    saying so in its place."""
    if plot.png is None:
        note = f'<p class="{"note" if plot.missing_data else "empty"}">{escape(plot.note)}</p>'
        return section(f"plot-{plot.name}", f"<h3>{escape(plot.title)}</h3>", note)
    data = base64.b64encode(plot.png).decode("ascii")
    caption = f'<p class="caption">{escape(plot.caption)}</p>' if plot.caption else ""
    return section(f"plot-{plot.name}", f'<figure id="{escape(plot.name)}"><h3>{escape(plot.title)}</h3>{caption}'
                   f'<img src="data:image/png;base64,{data}" alt="{escape(plot.title)}"></figure>')


def report_html(folders: Sequence[ResultsFolder], table: KpiTable, plots: Sequence[RenderedPlot],
                title: str | None = None, bands: BandComparison | None = None, summary: Sequence[str] = ()) -> str:
    """The whole report as one HTML document: the ``summary`` sentences first; with ``bands``, the bills at
    consumption bands after the KPIs."""
    title = title or "Scenario comparison: " + ", ".join(results.label for results in folders)
    count = len(folders)
    first = escape(folders[0].label) if folders else ""
    delta_note = (f'<p class="note">Small grey figures: difference from the first scenario, {first}.</p>'
                  if count > 1 else "")
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>",
        "<body><main>",
        f"<h1>{escape(title)}</h1>",
        (f'<p class="lede">Green Energy Zone dispatch (Karabakh and East Zangezur): {count} scenario'
         f'{"s" if count != 1 else ""} side by side. Energies and costs are totals over each run\'s horizon, '
         f"money in AZN, times in {escape(local_time_label(folders))}.</p>"),
        *([section("summary", "<h2>Summary</h2>", summary_html(summary))] if summary else []),
        section("scenarios", "<h2>Scenarios</h2>", scenario_cards(folders)),
        section("key-figures", "<h2>Key figures</h2>", kpi_table_html(table), delta_note),
        *([section("bands", "<h2>Who pays what: bills at consumption bands</h2>", band_table_html(bands))]
          if bands else []),
        "<h2>Plots</h2>",
        *(plot_section(plot) for plot in plots),
        f"<footer>Written by gezopt {escape(__version__)} from the results folders listed above.</footer>",
        "</main></body></html>",
        "",
    ])
