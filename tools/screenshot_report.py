"""Screenshot an HTML report with headless Chromium, e.g. for docs/report_seed.png.

    python tools/screenshot_report.py /work/runs/seed_report.json docs/report_seed.png

The input is a saved report (``bias analyze --format json``), rendered with ``Report.to_html()``, or an HTML page
already rendered. The window is as wide as ``--width`` and as tall as the page (at least ``--height``), so the
screenshot shows the whole report.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CHROMEDRIVER = "/usr/bin/chromedriver"
MAX_HEIGHT = 16000  # Chromium refuses much taller windows


def chromium(width: int, height: int):
    """A headless Chromium driven by the system chromedriver."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--hide-scrollbars", f"--window-size={width},{height}"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)


def report_html(path: Path) -> str:
    if path.suffix.lower() == ".json":
        from bias.report import Report

        return Report.from_json(path.read_text(encoding="utf-8")).to_html()
    return path.read_text(encoding="utf-8")


def screenshot(page: Path, out: Path, width: int = 1200, height: int = 2400) -> None:
    driver = chromium(width, height)
    try:
        driver.get(page.resolve().as_uri())
        full = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(MAX_HEIGHT, max(height, full)))
        # The window size includes the browser's frame: grow it by what the viewport still lacks.
        missing = full - driver.execute_script("return window.innerHeight")
        if missing > 0:
            driver.set_window_size(width, min(MAX_HEIGHT, max(height, full) + missing))
        out.parent.mkdir(parents=True, exist_ok=True)
        if not driver.save_screenshot(str(out)):
            raise RuntimeError(f"could not write {out}")
    finally:
        driver.quit()


def main(argv=None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("report", type=Path, help="a report JSON file or a rendered HTML page")
    p.add_argument("out", type=Path, help="the PNG to write")
    p.add_argument("--width", type=int, default=1200)
    p.add_argument("--height", type=int, default=2400, help="minimum window height; grows to fit the page")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(report_html(args.report), encoding="utf-8")
        screenshot(page, args.out, args.width, args.height)
    print(args.out)


if __name__ == "__main__":
    main()
