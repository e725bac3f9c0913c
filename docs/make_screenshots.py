"""Take the screenshots of docs/review.md with headless Chromium (Debian's packages).

    .venv/bin/ilo-extract run raw/ --out /tmp/sample --review
    .venv/bin/python docs/make_screenshots.py /tmp/sample

Writes docs/review-index.png and docs/review-document.png (the Irish brochure of raw/, with
the fields of one amount shown as on hover: the first one a correction changed, if any).
"""

from __future__ import annotations

import csv
import sys
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

DOCS = Path(__file__).resolve().parent
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1100",
)  # fmt: skip


def main(out: Path) -> None:
    with (out / "documents.csv").open(encoding="utf-8", newline="") as handle:
        brochure = next(r for r in csv.DictReader(handle) if r["source"].endswith(".pdf"))
    with (out / "amounts.csv").open(encoding="utf-8", newline="") as handle:
        amounts = [r for r in csv.DictReader(handle) if r["doc_id"] == brochure["doc_id"]]
    amount = next((r for r in amounts if r.get("reviewed")), amounts[0])
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.set_window_size(1440, 640)
            driver.get((out / "review" / "index.html").resolve().as_uri())
            driver.save_screenshot(str(DOCS / "review-index.png"))
            driver.set_window_size(1280, 1100)
            driver.get((out / "review" / f"{brochure['doc_id']}.html").resolve().as_uri())
            driver.execute_script(
                "var m = document.getElementById(arguments[0]);m.focus({preventScroll: true});",
                amount["mention_id"],
            )
            driver.save_screenshot(str(DOCS / "review-document.png"))
        finally:
            driver.quit()


if __name__ == "__main__":
    main(Path(sys.argv[1]))
