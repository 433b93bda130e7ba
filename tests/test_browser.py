"""The pages driven in Debian's headless Chromium through Playwright.

Screenshots of each page at desktop and phone widths are saved under
build/screenshots/ for people to look at. Every page is scanned with axe-core
(npm, installed into build/node/ by scripts/install-system-deps.sh and injected
from there: nothing is downloaded while the tests run).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
BUILD = Path(__file__).resolve().parents[1] / "build"
SCREENSHOTS = BUILD / "screenshots"
AXE = BUILD / "node" / "node_modules" / "axe-core" / "axe.min.js"
SVG = "http://www.w3.org/2000/svg"
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
    # Filtering by status narrows the results (the checkbox auto-submits with JS on);
    # on a phone the filters are folded under their toggle first.
    if viewport == "phone":
        page.click("details.filters-toggle > summary")
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


# Every page a reader sees, by the name its screenshots get.
PAGES = {
    "home": "/",
    "search": "/search?q=osteoporosis",
    "search-near": "/search?q=cancer&near=Lyon%2C+France",
    "search-error": "/search?q=cancer&within=banana&near=Lyon",
    "trial": "/trials/NCT06949137",
    "trial-near": "/trials/NCT06949137?near=Busan",
    "trial-unknown-status": "/trials/NCT05018637",
    "locations": "/locations",
    "locations-country": "/locations?country=France",
    "locations-search-map": "/locations?q=cancer",
    "docs": "/docs",
    "qualify": "/trials/NCT05018637/qualify",
    "match": "/match",
    "not-found": "/trials/NCT00000000",
}

_AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(node => node.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.exists():
        pytest.skip("axe-core is not installed in build/node (make system-deps)")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_every_page_screenshot_and_no_serious_axe_violations(
    browser: object, live_server_url: str, axe_source: str, viewport: str
) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = _page(browser, viewport, errors)
    found: dict[str, list[object]] = {}
    for name, path in PAGES.items():
        page.goto(live_server_url + path)
        page.screenshot(path=str(SCREENSHOTS / f"page-{name}-{viewport}.png"), full_page=True)
        serious = _axe_serious(page, axe_source)
        if serious:
            found[name] = serious
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], f"{name} overflows at {viewport}"
    assert found == {}
    # The error pages answer 400 and 404 on purpose; nothing else may fail.
    assert [error for error in errors if "status of 400" not in error and "404" not in error] == []
    page.close()


def test_maps_show_land_and_the_trial_sites(browser: object, live_server_url: str) -> None:
    errors: list[str] = []
    page = _page(browser, "desktop", errors)
    page.goto(live_server_url + "/trials/NCT06949137?near=Busan")
    svg = page.locator("figure.map svg")
    assert svg.locator("g.basemap-land path").count() >= 2
    land_titles = svg.locator("g.basemap-land path title").all_text_contents()
    assert "China" in land_titles and "South Korea" in land_titles
    assert svg.locator("circle").count() >= 1
    assert svg.locator("circle.nearest-site").count() == 1
    assert svg.locator("path.searched-place").count() == 1
    assert "Busan" in svg.locator("g.site-labels").text_content()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300
    # The pixel under a site marker is the marker's colour, and land is drawn around it.
    page.goto(live_server_url + "/locations?country=France")
    country = page.locator("figure.map svg")
    assert country.locator("circle").count() > 10
    assert "France" in country.locator("g.basemap-labels").text_content()
    assert len(country.locator("g.site-labels text").all_text_contents()) == 5
    page.goto(live_server_url + "/search?q=cancer&near=Lyon")
    assert page.locator("figure.map svg path.searched-place").count() == 1
    assert errors == []
    page.close()


def test_filters_fold_on_a_phone_and_stay_open_without_javascript(
    browser: object, live_server_url: str
) -> None:
    errors: list[str] = []
    phone = _page(browser, "phone", errors)
    phone.goto(live_server_url + "/search?q=osteoporosis")
    toggle = phone.locator("details.filters-toggle")
    assert toggle.get_attribute("open") is None
    assert not phone.locator("#age").is_visible()
    # The results come before the folded filters' content on a phone.
    phone.click("details.filters-toggle > summary")
    assert phone.locator("#age").is_visible()
    phone.fill("#age", "62")
    phone.click("button.secondary")
    phone.wait_for_url("**age=62**")
    phone.close()
    desktop = _page(browser, "desktop", errors)
    desktop.goto(live_server_url + "/search?q=osteoporosis")
    assert desktop.locator("#age").is_visible()
    assert not desktop.locator("details.filters-toggle > summary").is_visible()
    desktop.close()
    assert isinstance(browser, playwright_api.Browser)
    context = browser.new_context(java_script_enabled=False, viewport=VIEWPORTS["phone"])
    no_script = context.new_page()
    no_script.goto(live_server_url + "/search?q=osteoporosis")
    assert no_script.locator("#age").is_visible()
    context.close()
    assert errors == []


def _axe_serious(page: playwright_api.Page, axe_source: str) -> list[object]:
    """Serious and critical axe-core violations of the page as it is now. The script is
    evaluated through the DevTools protocol, so the page's CSP stays as served."""
    page.evaluate(axe_source)
    violations = page.evaluate(_AXE_RUN)
    return [item for item in violations if item["impact"] in {"serious", "critical"}]


_GREEN = "rgb(31, 122, 58)"  # --good
_RED = "rgb(163, 32, 32)"  # --bad


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_qualify_and_match_results_read_by_meaning(
    browser: object, live_server_url: str, axe_source: str, viewport: str
) -> None:
    """The results pages after a check: screenshots, axe-core, and the styles by meaning."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    errors: list[str] = []
    page = _page(browser, viewport, errors)
    width = VIEWPORTS[viewport]["width"]

    page.goto(live_server_url + "/trials/NCT05227846/qualify")
    page.fill("#age", "50")
    page.fill("input[name*=bilirubin]", "10.6 mg/dL")
    page.click("form.qualify-form button[type=submit]")
    page.wait_for_selector("#result")
    page.screenshot(path=str(SCREENSHOTS / f"qualify-results-{viewport}.png"), full_page=True)
    assert _axe_serious(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # The met bilirubin exclusion: first, red, "Does not fit"; a met inclusion: green, "Fits".
    first = page.locator("li.criterion").first
    assert "criterion-does-not-fit" in (first.get_attribute("class") or "")
    assert "exclusion" in first.locator(".criterion-type").inner_text()
    assert "Does not fit" in first.locator(".outcome").inner_text()
    tag = first.locator(".outcome")
    assert tag.evaluate("element => getComputedStyle(element).color") == _RED
    fits = page.locator("li.criterion-fits .outcome").first
    assert fits.evaluate("element => getComputedStyle(element).color") == _GREEN
    assert page.locator(".verdict-badge.verdict-excluded").is_visible()

    page.goto(live_server_url + "/match")
    page.fill("#age", "62")
    page.select_option("#sex", "female")
    page.fill("#conditions", "metastatic breast cancer")
    page.fill("#near", "Paris")
    page.click("form.qualify-form button[type=submit]")
    page.wait_for_selector("#result")
    page.screenshot(path=str(SCREENSHOTS / f"match-results-{viewport}.png"), full_page=True)
    assert _axe_serious(page, axe_source) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.locator(".verdict-badge.verdict-excluded").count() > 0
    assert page.locator(".verdict-badge.verdict-possible").count() > 0
    # Results are folded; one opens to the criteria that decided it, failing ones first.
    excluded = page.locator("article.verdict-card-excluded").first
    assert not excluded.locator("li.criterion").first.is_visible()
    excluded.locator("details.decided > summary").click()
    deciding = excluded.locator("li.criterion").first
    assert deciding.is_visible()
    assert "criterion-does-not-fit" in (deciding.get_attribute("class") or "")
    assert errors == []
    page.close()
