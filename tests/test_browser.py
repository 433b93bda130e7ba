"""The three pages driven in Debian's headless Chromium through Playwright.

Screenshots of each page at desktop and phone widths are saved under
build/screenshots/ for people to look at.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "build" / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}

playwright_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make system-deps)")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        try:
            yield launched
        finally:
            launched.close()


def _page(browser: object, viewport: str, errors: list[str]) -> playwright_api.Page:
    assert isinstance(browser, playwright_api.Browser)
    page = browser.new_page(viewport=VIEWPORTS[viewport])
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_search_filter_trial_page_and_locations_in_a_browser(
    browser: object, live_server_url: str, viewport: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = _page(browser, viewport, errors)

    page.goto(live_server_url + "/")
    page.fill("#q", "osteoporosis")
    page.click("button[type=submit] >> nth=0")
    page.wait_for_url("**/search?**")
    summary = page.text_content("#result-summary") or ""
    total_before = int(summary.split()[0].replace(",", ""))
    assert total_before > 0
    # Filtering by status narrows the results (the checkbox auto-submits with JS on).
    page.check("input[name=status][value=RECRUITING]")
    page.wait_for_url("**status=RECRUITING**")
    summary = page.text_content("#result-summary") or ""
    assert 0 < int(summary.split()[0].replace(",", "")) <= total_before
    page.screenshot(path=str(SCREENSHOTS / f"search-{viewport}.png"), full_page=False)

    page.goto(live_server_url + "/trials/NCT06949137")
    headings = page.locator("h2, h3").all_text_contents()
    for section in (
        "Status and phase",
        "Conditions",
        "Inclusion criteria",
        "Exclusion criteria",
        "Trial design",
        "Trial contacts and locations",
    ):
        assert section in headings
    assert page.locator("#inclusion-criteria ul.items ul.items").count() > 0
    page.screenshot(path=str(SCREENSHOTS / f"trial-{viewport}.png"), full_page=False)

    page.goto(live_server_url + "/locations")
    page.click("ul.countries a >> nth=0")
    page.wait_for_url("**/locations?country=**")
    page.click("ul.cities a >> nth=0")
    page.wait_for_url("**/search?**near=**")
    assert "near" in (page.text_content("#result-summary") or "")
    page.goto(live_server_url + "/locations?q=cancer")
    assert page.locator("figure.map svg circle").count() > 0
    page.screenshot(path=str(SCREENSHOTS / f"locations-{viewport}.png"), full_page=False)

    assert errors == []  # no CSP violations, no script errors
    page.close()


def test_search_works_with_javascript_off(browser: object, live_server_url: str) -> None:
    assert isinstance(browser, playwright_api.Browser)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server_url + "/search?q=diabetes")
    page.check("input[name=status][value=RECRUITING]")
    page.click("button.secondary")
    page.wait_for_url("**status=RECRUITING**")
    assert page.locator("ol.results li.result").count() > 0
    context.close()
