"""The report as a reader sees it: local time on every time axis, a bills chart that reads when one class pays
a hundred times another, lines that lie on each other told apart, a sentence where a panel would be empty (a
zone without local generators no longer crashes `gezopt compare`), and the page rendered in headless Chromium
against a screenshot budget of its sections.

The rendering test needs Chromium (`apt-get install chromium`); without it the test is skipped, unless
GEZOPT_REQUIRE_BROWSER=1 (as CI sets it: `.ci/run`), when it fails.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
from html import escape
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from conftest import bus, connection, generator, load, write_dataset
from matplotlib.image import imread
from test_demand_side import DRIVING, PLUGGED, fleet

from gezopt.cli import main
from gezopt.report import read_results_folder, read_results_folders
from gezopt.report.bill_charts import bills_comparison
from gezopt.report.browser import blank_parts, find_browser, render_page
from gezopt.report.html import scenario_cards
from gezopt.report.plots import PLOTS
from gezopt.report.style import new_figure, png_bytes, scenario_colour
from gezopt.report.time_series_plots import (
    dispatch_stack_comparison,
    ev_charging_comparison,
    load_duration_comparison,
    nodal_prices_comparison,
)

HOURS = 48
TARIFFS = {  # 100 households against one factory: the factory's monthly bill is ~100 times a household's
    "today": """
  response: none
  classes:
    residential: {customers: 100, blocks: [{up_to_kwh_per_month: 200, azn_per_kwh: 0.084}, {azn_per_kwh: 0.15}]}
    industrial: {customers: 1, energy_azn_per_kwh: 0.106, bill_bands_kwh_per_month: []}""",
    "night": """
  response: tariff
  classes:
    residential: {customers: 100, time_of_use: [{hours: [22, 23, 0, 1, 2, 3, 4, 5, 6], azn_per_kwh: 0.05},
                  {hours: [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21], azn_per_kwh: 0.105}]}
    industrial: {customers: 1, energy_azn_per_kwh: 0.106, bill_bands_kwh_per_month: []}""",
}
WIDTH_PX = 1400
# the screenshot budget: each section's rendered height (CSS px at WIDTH_PX) for this two-scenario report
BUDGET_PX = {
    "summary": (60, 400), "scenarios": (100, 350), "key-figures": (600, 1400), "bands": (100, 400),
    "plot-dispatch": (500, 1000), "plot-energy_mix": (400, 700), "plot-load_duration": (350, 650),
    "plot-prices": (350, 700), "plot-ev_charging": (350, 600), "plot-bills": (250, 700),
    "plot-cost_recovery": (350, 650), "plot-emissions": (60, 600),
}
PAGE_BUDGET_PX = 9_000
LEAST_INK = 0.005  # a section with less of its area inked is blank
LEAST_COLOUR = 0.003  # a plot with less of its area in colour has no data drawn (axes and grid are grey)


def write_scenarios(folder: Path, inputs: Path, sections: dict[str, str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, tariffs in sections.items():
        path = folder / f"{name}.yaml"
        path.write_text(f"description: {name}\ninputs: {inputs}\nhorizon: {{hours: {HOURS}}}\n"
                        + (f"tariffs:{tariffs}\n" if tariffs else ""))
        paths.append(path)
    return paths


def compare(paths: list[Path], out: Path):
    return CliRunner().invoke(main, ["compare", *map(str, paths), "--out", str(out), "--threads", "1"])


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> Path:
    """`gezopt compare` of two tariffs on a one-bus zone with wind, homes, a factory and an EV fleet."""
    folder = tmp_path_factory.mktemp("page")
    inputs = write_dataset(folder / "data", {
        "buses": [bus("A")], "generators": [generator("WIND", "A", 1.5)],
        "loads": [load("HOMES", "A", 1.0), load("FACTORY", "A", 1.0, consumer_class="industrial")],
        "ev_fleets": [fleet("smart")], "grid_connections": [connection("GRID", "A")],
    }, profiles={"plugged": PLUGGED * 2, "driving": DRIVING * 2}, hours=HOURS)
    result = compare(write_scenarios(folder / "scenarios", inputs, TARIFFS), folder / "comparison")
    assert result.exit_code == 0, result.output
    return folder / "comparison"


def test_every_time_axis_is_in_local_time_and_says_so(report, tmp_path):
    folders = read_results_folders([report / "today", report / "night"])
    dispatch = dispatch_stack_comparison(folders).axes
    assert [axes.get_xlabel() for axes in dispatch[:2]] == ["", "local time (UTC+4)"]  # under the last row
    demand_line = dispatch[0].get_lines()[0]
    first_snapshot = folders[0].table("demand")["snapshot"].min()
    assert first_snapshot.hour == 0  # UTC midnight, 04:00 in Baku
    assert demand_line.get_xdata()[0] == (first_snapshot + pd.Timedelta(hours=4)).to_datetime64()
    assert nodal_prices_comparison(folders).axes[0].get_xlabel() == "local time (UTC+4)"
    assert ev_charging_comparison(folders).axes[0].get_xlabel() == "hour of day, local time (UTC+4)"
    assert "from 2025-01-01 04:00 local time (UTC+4)" in scenario_cards(folders)

    elsewhere = shutil.copytree(report / "night", tmp_path / "night-utc5")  # tariffs billed at UTC+5
    run = json.loads((elsewhere / "run.json").read_text())
    run["scenario"]["resolved"]["tariffs"]["utc_offset_hours"] = 5
    (elsewhere / "run.json").write_text(json.dumps(run))
    mixed = [folders[0], read_results_folder(elsewhere, label="night-utc5")]
    assert dispatch_stack_comparison(mixed).axes[1].get_xlabel() == "local time of each run (UTC+4, UTC+5)"
    assert "from 2025-01-01 05:00 local time (UTC+5)" in scenario_cards(mixed)


def test_the_bills_chart_gives_each_class_a_panel_on_its_own_scale(report):
    folders = read_results_folders([report / "today", report / "night"])
    panels = {axes.get_title(loc="left"): axes for axes in bills_comparison(folders).axes if axes.get_visible()}
    assert set(panels) == {"residential: 100 customers", "industrial: 1 customers"}
    household, factory = (max(bar.get_width() for bar in panels[name].patches)
                          for name in ("residential: 100 customers", "industrial: 1 customers"))
    assert factory > 50 * household  # the factory pays ~100 times a household's bill a month ...
    widest = {name: max(bar.get_width() for bar in axes.patches) / axes.get_xlim()[1]
              for name, axes in panels.items()}
    assert all(0.5 < share < 0.7 for share in widest.values())  # ... yet each class's largest bar fills its panel
    labels = [text.get_text() for text in panels["industrial: 1 customers"].texts]
    assert len(labels) == 2 and all(label.strip().endswith("106.0 AZN/MWh") for label in labels)


def test_scenarios_whose_lines_lie_on_each_other_are_told_apart(report):
    folders = read_results_folders([report / "today", report / "today", report / "night"])
    charging = ev_charging_comparison(folders).axes[0]  # night moves the charging into its cheap hours
    lines = charging.get_lines()[:3]
    assert len({(line.get_linestyle(), line.get_marker()) for line in lines}) == 3
    assert [text.get_text() for text in charging.get_legend().get_texts()] == [
        "today #1", "today #2, same as today #1", "night"]
    duration = load_duration_comparison(folders).axes[0]  # the same hourly loads, in other hours: the same curve
    assert len({str(line.get_markevery()) for line in duration.get_lines()}) == 3  # markers offset along the lines
    assert [text.get_text().split(", ")[-1] for text in duration.get_legend().get_texts()][1:] == [
        "same as today #1", "same as today #1"]


def test_a_zone_without_local_generators_gets_a_report_with_a_sentence_for_the_dispatch(tmp_path):
    inputs = write_dataset(tmp_path / "data", {
        "buses": [bus("A")], "loads": [load("HOMES", "A", 1.0)], "grid_connections": [connection("GRID", "A")]},
        hours=HOURS)
    out = tmp_path / "comparison"
    result = compare(write_scenarios(tmp_path / "scenarios", inputs, {"imports": "", "again": ""}), out)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    sentence = ("No local generation in any scenario, so there is no dispatch by technology to draw; imports "
                f"from the national grid over the horizon: {HOURS:.1f} MWh (imports), {HOURS:.1f} MWh (again).")
    assert f"note: Dispatch by technology: {sentence}" in result.output
    html = (out / "report.html").read_text()
    assert f'<section id="plot-dispatch"><h3>Dispatch by technology</h3><p class="empty">{escape(sentence)}</p>' in html
    assert not (out / "plots" / "dispatch.png").exists()
    assert {path.stem for path in (out / "plots").glob("*.png")} == {"energy_mix", "load_duration", "prices",
                                                                      "emissions"}


def browser_or_skip() -> str:
    browser = find_browser()
    if browser is None:
        if os.environ.get("GEZOPT_REQUIRE_BROWSER") == "1":
            pytest.fail("GEZOPT_REQUIRE_BROWSER=1 but no Chromium on PATH (apt-get install chromium)")
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    return browser


def test_the_page_renders_fully_within_its_screenshot_budget(report, tmp_path):
    browser = browser_or_skip()
    png = tmp_path / "report.png"
    layout = render_page(browser, report / "report.html", png, WIDTH_PX)
    heights = {box.name: box.height for box in layout.sections}
    assert list(heights) == list(BUDGET_PX)  # every section, in report order
    over = {name: height for name, height in heights.items()
            if not BUDGET_PX[name][0] <= height <= BUDGET_PX[name][1]}
    assert over == {}, f"sections outside their budget (px): {over}"
    assert layout.height <= PAGE_BUDGET_PX
    assert layout.scroll_width == layout.width == WIDTH_PX  # nothing overflows sideways
    drawn = [kind for kind in PLOTS if (report / "plots" / f"{kind.name}.png").exists()]
    assert [image.box.name for image in layout.images] == [kind.title for kind in drawn]
    assert all(image.loaded for image in layout.images)
    assert all(abs(image.box.width - image.natural_width) <= 2 for image in layout.images)  # at their own size
    assert imread(png).shape[:2] == (layout.height, WIDTH_PX)  # the screenshot holds the whole page
    assert blank_parts(png, layout, LEAST_INK, LEAST_COLOUR) == []


def test_the_rendering_check_finds_blank_sections_empty_plots_and_images_that_do_not_load(tmp_path):
    browser = browser_or_skip()
    empty, drawn = new_figure(4.0, 3.0), new_figure(4.0, 3.0)
    empty.add_subplot().grid(alpha=0.3)  # axes, ticks and a grid, no data
    drawn.add_subplot().plot([0, 1, 2], [1, 3, 2], color=scenario_colour(0), linewidth=2.0)

    def image(figure, alt: str) -> str:
        return f'<img alt="{alt}" src="data:image/png;base64,{base64.b64encode(png_bytes(figure)).decode()}">'

    page = tmp_path / "page.html"
    page.write_text("<!DOCTYPE html><html><body>"
                    f'<section id="text"><h2>A heading</h2><p>{"Some words. " * 40}</p></section>'
                    '<section id="blank"><div style="height: 300px"></div></section>'
                    f'<section id="plots">{image(drawn, "drawn")}{image(empty, "empty")}'
                    '<img alt="broken" src="data:image/png;base64,AAAA" width="200" height="100"></section>'
                    "</body></html>")
    layout = render_page(browser, page, tmp_path / "page.png", 900)
    assert [box.name for box in layout.sections] == ["text", "blank", "plots"]
    assert layout.section("blank").height == 300
    assert [(image.box.name, image.loaded) for image in layout.images] == [
        ("drawn", True), ("empty", True), ("broken", False)]
    assert blank_parts(tmp_path / "page.png", layout, LEAST_INK, LEAST_COLOUR) == [
        "section blank", "image empty", "image broken"]
