"""Render a report.html once in headless Chromium to a PNG, to check by eye that the report reads well.

    python benchmarks/screenshot_report.py [REPORT_HTML] [--png OUT.png] [--width 1400] [--height 3000]

REPORT_HTML defaults to results/comparison/report.html (written by ``gezopt
compare``); the screenshot defaults to benchmarks/output/report.png.  Chromium
runs with networking features off and a throw-away profile; the report is
self-contained, so it needs no network.  Not part of the test suite.

If Chromium is not installed, prints how to install it and exits with 1.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
TIMEOUT_S = 120


def find_browser() -> str | None:
    """The first headless-capable Chromium on PATH, or None."""
    for name in BROWSERS:
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(browser: str, html: Path, png: Path, width: int, height: int) -> None:
    """Render ``html`` at ``width`` x ``height`` pixels into ``png``."""
    png.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gezopt-chromium-") as profile:
        command = [
            browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", "--hide-scrollbars",
            f"--user-data-dir={profile}", f"--screenshot={png}", f"--window-size={width},{height}",
            html.resolve().as_uri(),
        ]
        completed = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, check=False)
    if completed.returncode != 0 or not png.is_file():
        sys.exit(f"chromium failed (exit {completed.returncode}):\n{completed.stderr[-2000:]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("html", nargs="?", type=Path, default=ROOT / "results" / "comparison" / "report.html")
    parser.add_argument("--png", type=Path, default=ROOT / "benchmarks" / "output" / "report.png")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=3000)
    arguments = parser.parse_args()
    if not arguments.html.is_file():
        sys.exit(f"no report at {arguments.html}: write one with `gezopt compare A B`")
    browser = find_browser()
    if browser is None:
        print("Chromium is not installed; install it with:\n    apt-get install -y chromium\n"
              "(or put chromium, chromium-browser or google-chrome on PATH)", file=sys.stderr)
        sys.exit(1)
    screenshot(browser, arguments.html, arguments.png, arguments.width, arguments.height)
    print(f"screenshot of {arguments.html} written to {arguments.png}")


if __name__ == "__main__":
    main()
