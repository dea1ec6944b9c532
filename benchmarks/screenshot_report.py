"""Render a report.html in headless Chromium to a PNG of the whole page, to check by eye that the report reads
well, and print the height of each of its sections.

    python benchmarks/screenshot_report.py [REPORT_HTML] [--png OUT.png] [--width 1400] [--height PX] [--palette N]

REPORT_HTML defaults to results/comparison/report.html (written by ``gezopt
compare``); the screenshot defaults to benchmarks/output/report.png and holds the
whole page unless ``--height`` cuts it (the top of the page only); ``--palette N``
stores it with N colours (a third of the bytes, for docs/).  Chromium runs
with networking features off and a throw-away profile (:mod:`gezopt.report.browser`);
the report is self-contained, so it needs no network.  The test suite checks the
same rendering against a budget (tests/test_report_page.py).

If Chromium is not installed, prints how to install it and exits with 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from gezopt.report.browser import find_browser, measure, screenshot

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, default=ROOT / "results" / "comparison" / "report.html")
    parser.add_argument("--png", type=Path, default=ROOT / "benchmarks" / "output" / "report.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=None, help="pixels from the top (default: the whole page)")
    parser.add_argument("--palette", type=int, default=None, help="store the PNG with this many colours")
    arguments = parser.parse_args()
    if not arguments.html.is_file():
        sys.exit(f"no report at {arguments.html}: write one with `gezopt compare A B`")
    browser = find_browser()
    if browser is None:
        print("Chromium is not installed; install it with:\n    apt-get install -y chromium\n"
              "(or put chromium, chromium-browser or google-chrome on PATH)", file=sys.stderr)
        sys.exit(1)
    layout = measure(browser, arguments.html, arguments.width)
    for section in layout.sections:
        print(f"{section.name:<22} {section.height:7.0f} px")
    print(f"{'page':<22} {layout.height:7.0f} px")
    screenshot(browser, arguments.html, arguments.png, arguments.width, arguments.height or layout.height)
    if arguments.palette:
        from PIL import Image  # Pillow comes with matplotlib

        image = Image.open(arguments.png).convert("RGB")
        image.quantize(colors=arguments.palette, dither=Image.Dither.NONE).save(arguments.png, optimize=True)
    print(f"screenshot of {arguments.html} written to {arguments.png}")


if __name__ == "__main__":
    main()
