"""The report as a browser shows it: render ``report.html`` in headless Chromium, measure its sections and
images, take a screenshot of the whole page, and find the parts of it that came out blank.

The report itself has no script; to measure it, a copy gets a small one that,
once the page has loaded, writes every ``<section>``'s box, every image's state
and the page's size into the document, which Chromium prints (``--dump-dom``).
The screenshot is then taken at the page's full height.  The tests check the
layout against a budget (:mod:`tests.test_report_page`); ``benchmarks/screenshot_report.py``
writes the screenshot for a reader.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import numpy as np
from matplotlib.image import imread

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120
LOAD_BUDGET_MS = 20_000  # virtual time the page gets to load before it is measured
INK_LEVEL = 0.06  # a pixel differs from the page's white by more than this in some channel: it carries ink
COLOUR_LEVEL = 0.25  # its channels differ by more than this: it is in colour

MEASURE = """<script>
window.addEventListener("load", () => {
  const box = (element) => { const r = element.getBoundingClientRect();
    return {top: r.top + window.scrollY, left: r.left + window.scrollX, width: r.width, height: r.height}; };
  const layout = {
    width: document.documentElement.clientWidth, height: document.documentElement.scrollHeight,
    scroll_width: document.documentElement.scrollWidth,
    sections: [...document.querySelectorAll("section")].map((s) => ({id: s.id, ...box(s)})),
    images: [...document.images].map((i) => ({alt: i.alt, complete: i.complete, natural_width: i.naturalWidth,
                                               natural_height: i.naturalHeight, ...box(i)})),
  };
  const out = document.createElement("pre");
  out.id = "gezopt-layout";
  out.textContent = JSON.stringify(layout);
  document.body.appendChild(out);
});
</script>"""
LAYOUT_PATTERN = re.compile(r'<pre id="gezopt-layout">(.*?)</pre>', re.DOTALL)


class BrowserError(RuntimeError):
    """Chromium failed or printed no layout."""


@dataclass(frozen=True)
class Box:
    """A rendered element's box in CSS pixels from the top left of the page."""

    name: str
    top: float
    left: float
    width: float
    height: float


@dataclass(frozen=True)
class ImageState:
    """A rendered image: its box and whether it loaded (decoded, with a size of its own)."""

    box: Box
    loaded: bool
    natural_width: int
    natural_height: int


@dataclass(frozen=True)
class PageLayout:
    """The page as laid out at one window width: its size, its sections and its images."""

    width: int
    height: int
    scroll_width: int  # wider than ``width`` when something overflows sideways
    sections: tuple[Box, ...]
    images: tuple[ImageState, ...]

    def section(self, name: str) -> Box:
        """The section with id ``name``; KeyError if the page has none."""
        for box in self.sections:
            if box.name == name:
                return box
        raise KeyError(name)


def find_browser() -> str | None:
    """The first headless-capable Chromium on PATH, or None."""
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def _run(browser: str, arguments: list[str], url: str) -> str:
    """Run headless Chromium with a throw-away profile on ``url``; its standard output."""
    with tempfile.TemporaryDirectory(prefix="gezopt-chromium-") as profile:
        command = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                   "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
                   "--force-device-scale-factor=1", f"--user-data-dir={profile}", *arguments, url]
        try:
            completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as error:
            raise BrowserError(f"chromium took more than {TIMEOUT_S} s") from error
    if completed.returncode != 0:
        raise BrowserError(f"chromium failed (exit {completed.returncode}):\n{completed.stderr[-2000:]}")
    return completed.stdout


def _box(entry: dict, name: str) -> Box:
    return Box(name, float(entry["top"]), float(entry["left"]), float(entry["width"]), float(entry["height"]))


def measure(browser: str, html: Path, width: int) -> PageLayout:
    """Lay out ``html`` in a window ``width`` pixels wide: the page's size, sections and images."""
    text = html.read_text()
    with tempfile.TemporaryDirectory(prefix="gezopt-measure-") as folder:
        copy = Path(folder) / "measured.html"
        copy.write_text(text.replace("</body>", MEASURE + "</body>", 1) if "</body>" in text else text + MEASURE)
        output = _run(browser, [f"--window-size={width},1000", f"--virtual-time-budget={LOAD_BUDGET_MS}",
                                "--dump-dom"], copy.as_uri())
    found = LAYOUT_PATTERN.search(output)
    if found is None:
        raise BrowserError("chromium printed no layout: the page did not finish loading")
    layout = json.loads(unescape(found.group(1)))
    images = tuple(ImageState(_box(i, i["alt"]), bool(i["complete"]) and i["natural_width"] > 0,
                              int(i["natural_width"]), int(i["natural_height"])) for i in layout["images"])
    return PageLayout(width=int(layout["width"]), height=int(layout["height"]),
                      scroll_width=int(layout["scroll_width"]),
                      sections=tuple(_box(s, s["id"]) for s in layout["sections"]), images=images)


def screenshot(browser: str, html: Path, png: Path, width: int, height: int) -> None:
    """Render ``html`` at ``width`` x ``height`` pixels into ``png``."""
    png.parent.mkdir(parents=True, exist_ok=True)
    png.unlink(missing_ok=True)
    _run(browser, [f"--window-size={width},{height}", f"--virtual-time-budget={LOAD_BUDGET_MS}",
                   "--run-all-compositor-stages-before-draw", f"--screenshot={png}"], html.resolve().as_uri())
    if not png.is_file():
        raise BrowserError(f"chromium wrote no screenshot to {png}")


def render_page(browser: str, html: Path, png: Path, width: int) -> PageLayout:
    """Measure ``html`` at ``width`` and screenshot the whole page (its full height) into ``png``."""
    layout = measure(browser, html, width)
    screenshot(browser, html, png, width, layout.height)
    return layout


def _region(pixels: np.ndarray, box: Box) -> np.ndarray:
    """The red, green and blue of the screenshot's pixels inside ``box`` (rows x columns x 3, 0-1)."""
    top, left = max(int(box.top), 0), max(int(box.left), 0)
    return pixels[top:int(box.top + box.height), left:int(box.left + box.width), :3]


def ink_share(pixels: np.ndarray, box: Box) -> float:
    """The share of the pixels inside ``box`` that carry ink (differ from white)."""
    region = _region(pixels, box)
    return float(((1.0 - region) > INK_LEVEL).any(axis=2).mean()) if region.size else 0.0


def colour_share(pixels: np.ndarray, box: Box) -> float:
    """The share of the pixels inside ``box`` in colour (not white, grey or black): a plot's data, where axes,
    grid lines and text are grey."""
    region = _region(pixels, box)
    return float((region.max(axis=2) - region.min(axis=2) > COLOUR_LEVEL).mean()) if region.size else 0.0


def blank_parts(png: Path, layout: PageLayout, least_ink: float, least_colour: float) -> list[str]:
    """The parts of ``layout`` that came out blank in the screenshot ``png``: sections with less than
    ``least_ink`` of their area inked, images that did not load or have less than ``least_colour`` of their area
    in colour (empty axes), and any part the screenshot cuts off."""
    pixels = imread(png)
    blank = [f"section {box.name}" for box in layout.sections if ink_share(pixels, box) < least_ink]
    return blank + [f"image {image.box.name}" for image in layout.images
                    if not image.loaded or colour_share(pixels, image.box) < least_colour]
