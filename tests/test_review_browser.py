"""The review pages in a real browser: Debian's headless Chromium driven by Selenium.

`.ci/run` installs `chromium` and `chromium-driver` when they are missing; elsewhere these
tests are skipped without them (under CI they fail instead, so a missing browser is never a
silent pass). Selenium is given the driver and the browser binary, so Selenium Manager never
downloads anything.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from review_folders import DOC_A, DOC_B, DOC_FAILED, HOSTILE, mention_ids, review_folder

from pipeline.document import Analyzer
from pipeline.review import write_review

selenium = pytest.importorskip("selenium")
from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import NoAlertPresentException  # noqa: E402
from selenium.webdriver.chrome.options import Options  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.remote.webdriver import WebDriver  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = (
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,900",
)  # fmt: skip


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[WebDriver]:
    if not (CHROMIUM.is_file() and CHROMEDRIVER.is_file()):
        message = "Debian's chromium and chromium-driver are not installed (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    options = Options()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = review_folder(tmp_path_factory.mktemp("review") / "out")
    write_review(out)
    return out / "review"


def open_page(browser: WebDriver, path: Path) -> None:
    browser.get(path.resolve().as_uri())


def assert_no_alert(browser: WebDriver) -> None:
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018


def test_every_mention_row_is_one_element_with_its_id(browser: WebDriver, report: Path) -> None:
    for doc_id in (DOC_A, DOC_B):
        open_page(browser, report / f"{doc_id}.html")
        found = browser.execute_script(
            "return Array.from(document.querySelectorAll('[data-mention-id]'),"
            " e => e.getAttribute('data-mention-id'));"
        )
        assert sorted(found) == sorted(mention_ids(report.parent, doc_id))
        assert len(found) == len(set(found))


def test_every_mention_of_a_real_run_is_one_element(
    browser: WebDriver, tmp_path: Path, analyzer: Analyzer
) -> None:
    from pipeline.run import run

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "brief.txt").write_text(
        "On 4 March 2021 the Government of Sweden gave SEK 20 million to the Better Work "
        "programme in Viet Nam and Cambodia, about US$ 2.4 million.\n",
        encoding="utf-8",
    )
    run([inbox], tmp_path / "out", analyzer)
    write_review(tmp_path / "out")
    (page,) = [p for p in (tmp_path / "out" / "review").glob("*.html") if p.name != "index.html"]
    open_page(browser, page)
    found = browser.execute_script(
        "return Array.from(document.querySelectorAll('#text [data-mention-id]'),"
        " e => e.getAttribute('data-mention-id'));"
    )
    expected = mention_ids(tmp_path / "out", page.stem)
    assert len(expected) >= 5
    assert sorted(found) == sorted(expected)


def background(browser: WebDriver, mention_id: str) -> str:
    return str(
        browser.execute_script(
            "return getComputedStyle(document.getElementById(arguments[0])).backgroundColor;",
            mention_id,
        )
    )


def test_kind_toggles_hide_and_show_the_highlights_and_the_table(
    browser: WebDriver, report: Path
) -> None:
    open_page(browser, report / f"{DOC_A}.html")
    country, amount = f"{DOC_A}:country:2", f"{DOC_A}:amount:1"
    shown = background(browser, country)
    assert shown != "rgba(0, 0, 0, 0)"
    toggle = browser.find_element(By.CSS_SELECTOR, "input.toggle[data-kind='country']")
    toggle.click()
    assert background(browser, country) == "rgba(0, 0, 0, 0)"
    assert not browser.find_element(By.ID, "table-country").is_displayed()
    assert background(browser, amount) != "rgba(0, 0, 0, 0)"  # other kinds stay
    toggle.click()
    assert background(browser, country) == shown
    assert browser.find_element(By.ID, "table-country").is_displayed()


def test_focusing_a_mention_shows_its_fields(browser: WebDriver, report: Path) -> None:
    open_page(browser, report / f"{DOC_A}.html")
    tip = browser.find_element(By.ID, "tip")
    assert not tip.is_displayed()
    browser.execute_script("document.getElementById(arguments[0]).focus();", f"{DOC_A}:amount:1")
    assert tip.is_displayed()
    lines = tip.text.splitlines()
    assert f"mention_id {DOC_A}:amount:1" in lines
    assert "currency USD" in lines and "value 5000000" in lines
    assert "pattern_id money-sign" in lines and "page 1" in lines


def test_hostile_text_title_and_source_stay_inert(browser: WebDriver, report: Path) -> None:
    for name in (f"{DOC_A}.html", "index.html"):
        open_page(browser, report / name)
        assert_no_alert(browser)
        assert browser.execute_script("return window.pwned === undefined;")
        assert browser.execute_script("return document.scripts.length;") == 1
        assert browser.find_elements(By.CSS_SELECTOR, "img, [onerror]") == []
        assert browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript:']") == []
        assert HOSTILE in browser.find_element(By.TAG_NAME, "body").text
    open_page(browser, report / f"{DOC_A}.html")
    browser.execute_script("document.getElementById('reject-1').focus();")
    tip = browser.find_element(By.ID, "tip")
    assert "reason no currency" in tip.text.splitlines()
    assert browser.execute_script("return document.scripts.length;") == 1
    assert_no_alert(browser)


def test_index_lists_every_document_and_filters(browser: WebDriver, report: Path) -> None:
    open_page(browser, report / "index.html")
    rows = browser.find_elements(By.CSS_SELECTOR, "#documents tbody tr")
    assert [r.get_attribute("data-doc-id") for r in rows][0] == DOC_FAILED
    assert sorted(r.get_attribute("data-doc-id") for r in rows) == sorted(
        [DOC_A, DOC_B, DOC_FAILED]
    )
    browser.find_element(By.ID, "filter").send_keys("cp1252")
    visible = [r.get_attribute("data-doc-id") for r in rows if r.is_displayed()]
    assert visible == [DOC_B]
    assert browser.find_element(By.ID, "shown").text == "1 of 3 shown"


def test_index_sorts_by_a_column(browser: WebDriver, report: Path) -> None:
    open_page(browser, report / "index.html")
    heading = browser.find_element(
        By.XPATH, "//table[@id='documents']//th[normalize-space()='country']"
    )
    heading.click()
    order = browser.execute_script(
        "return Array.from(document.querySelectorAll('#documents tbody tr'),"
        " r => r.getAttribute('data-doc-id'));"
    )
    assert order == [DOC_FAILED, DOC_B, DOC_A]  # 0, 1, 3 countries
    heading.click()
    order = browser.execute_script(
        "return Array.from(document.querySelectorAll('#documents tbody tr'),"
        " r => r.getAttribute('data-doc-id'));"
    )
    assert order == [DOC_A, DOC_B, DOC_FAILED]


def test_a_dropped_mention_is_struck_through_with_its_correction(
    browser: WebDriver, report: Path
) -> None:
    open_page(browser, report / f"{DOC_A}.html")
    dropped = browser.find_element(By.ID, "correction-2")
    assert (dropped.tag_name, dropped.text) == ("del", "Page two")
    browser.execute_script("document.getElementById('correction-2').focus();")
    lines = browser.find_element(By.ID, "tip").text.splitlines()
    assert "action drop" in lines and "status applied" in lines
    assert f"note {HOSTILE}" in lines
    assert browser.execute_script("return window.pwned === undefined;")
