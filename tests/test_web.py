"""The HTML pages over real HTTP on loopback, against a store of real records."""

from __future__ import annotations

import logging
import re
from html.parser import HTMLParser

import httpx
import pytest

from live_server import HOSTILE_NCT_ID
from trialfinder.web.access_log import DropQueryStrings, uvicorn_log_config

REFERENCE_NCT_IDS = ["NCT03877471", "NCT05018637", "NCT05160831", "NCT05227846", "NCT06949137"]

# The reference pages' section headings, in their order.
REFERENCE_SECTIONS = [
    "Status and phase",
    "Conditions",
    "Treatments",
    "Study type",
    "Funder types",
    "Identifiers",
    "Details and patient eligibility",
    "About",
    "Enrollment",
    "Sex",
    "Ages",
    "Volunteers",
    "Inclusion criteria",
    "Exclusion criteria",
    "Trial design",
    "Trial contacts and locations",
]


class _Headings(HTMLParser):
    """Collects the text of h2/h3 headings and every script element's attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline_script_text = ""
        self._in_heading = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in {"h2", "h3"}:
            self._in_heading = True
            self.headings.append("")
        if tag == "script":
            self.scripts.append(dict(attrs))
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag in {"h2", "h3"}:
            self._in_heading = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_heading:
            self.headings[-1] += data.strip()
        if self._in_script:
            self.inline_script_text += data


def parse(html: str) -> _Headings:
    parser = _Headings()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def client(live_server_url: str) -> httpx.Client:
    return httpx.Client(base_url=live_server_url, timeout=30)


@pytest.mark.parametrize("nct_id", REFERENCE_NCT_IDS)
def test_trial_page_shows_reference_sections_in_order(client: httpx.Client, nct_id: str) -> None:
    response = client.get(f"/trials/{nct_id}")
    assert response.status_code == 200
    headings = parse(response.text).headings
    present = [heading for heading in REFERENCE_SECTIONS if heading in headings]
    assert present == sorted(present, key=headings.index)
    for required in (
        "Conditions",
        "Identifiers",
        "Inclusion criteria",
        "Trial contacts and locations",
    ):
        assert required in headings
    assert f"https://clinicaltrials.gov/study/{nct_id}" in response.text
    assert "Last updated:" in response.text


def test_trial_page_keeps_criteria_nesting(client: httpx.Client) -> None:
    html = client.get("/trials/NCT06949137").text
    inclusion = html[html.index('id="inclusion-criteria"') : html.index('id="exclusion-criteria"')]
    # "exhibiting at least one of the following:" holds its options in a nested list.
    options = inclusion[inclusion.index("at least one of the following") :]
    assert options.index('<ul class="items">') < options.index("Sustained a fragility fracture")


def test_or_group_options_are_siblings_not_a_staircase(client: httpx.Client) -> None:
    # NCT06949137's inclusion 4 indents each of its seven options further than the last;
    # the page nests them as the criteria pipeline reads them: seven siblings under item 4.
    html = client.get("/trials/NCT06949137").text
    inclusion = html[html.index('id="inclusion-criteria"') : html.index('id="exclusion-criteria"')]
    options = inclusion[inclusion.index("at least one of the following") :]
    group = options[options.index('<ul class="items">') : options.index("</ul>") + len("</ul>")]
    assert group.count("<li>") == 7
    assert group.count('<ul class="items">') == 1  # no option holds another
    assert "Currently using medications known to cause skeletal harm" in group
    # The preamble stays on the page as a paragraph.
    assert '<p class="text">All of the following criteria must be met for inclusion:</p>' in html


def test_description_doses_are_converted_like_the_arms(client: httpx.Client) -> None:
    html = client.get("/trials/NCT03877471").text
    description = html[html.index('id="full-description"') :]
    description = description[: description.index("</details>")]
    assert "0.2×107 = 0.2×10<sup>7</sup> (2 million)" in description
    assert "1.0×107 = 1.0×10<sup>7</sup> (10 million)" in description


def test_implausible_threshold_is_flagged_beside_its_criterion(client: httpx.Client) -> None:
    html = client.get("/trials/NCT06630793").text
    item = html[html.index("Hb &gt; 10 mg") :]
    item = item[: item.index("</li>")]
    assert 'class="threshold-note"' in item
    assert "10 mg/dL is not a plausible" in item and "10 g/dL" in item


def test_trial_page_shows_doses_as_written_and_in_plain_numbers(client: httpx.Client) -> None:
    html = client.get("/trials/NCT05018637").text
    assert "4 x 107 WJ-MSCs" in html
    assert "4×10<sup>7</sup>" in html
    assert "40 million" in html


def test_hostile_trial_text_shows_as_text(client: httpx.Client) -> None:
    html = client.get(f"/trials/{HOSTILE_NCT_ID}").text
    assert "FSH &gt; 25 IU/mL" in html
    assert "&lt;script&gt;alert(&#39;criterion&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Bilirubin &lt; 2 &amp; ALT &gt; 3×ULN" in html
    assert "<iframe" not in html and "<b>bold</b>" not in html and "<em>arm</em>" not in html
    parsed = parse(html)
    assert parsed.inline_script_text.strip() == ""
    assert all(script.get("src", "").startswith("/static/") for script in parsed.scripts)


def test_every_page_sends_security_headers(client: httpx.Client) -> None:
    for path in (
        "/",
        "/trials/NCT06949137",
        "/locations",
        "/docs",
        "/trials/NCT00000000",
        "/api/v2/studies",
    ):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "default-src 'self'" in policy
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"


def test_pages_load_nothing_from_other_origins(client: httpx.Client) -> None:
    for path in ("/", "/trials/NCT06949137", "/locations", "/docs"):
        html = client.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        loaded = [
            source
            for source in sources
            if re.search(r'<(?:script|link|img)[^>]+(?:src|href)="' + re.escape(source), html)
        ]
        assert loaded and all(source.startswith("/") for source in loaded)


def test_every_page_acknowledges_the_phenotype_ontology_with_its_release(
    client: httpx.Client,
) -> None:
    """The HPO licence asks a product that uses its lay synonyms to say so, with the version."""
    for path in ("/", "/trials/NCT06949137", "/locations", "/match"):
        html = client.get(path).text
        assert "Human Phenotype Ontology</a> (version 2025-01-16)" in html, path


def test_unknown_trial_gets_the_404_page(client: httpx.Client) -> None:
    response = client.get("/trials/NCT00000000")
    assert response.status_code == 404
    assert "text/html" in response.headers["content-type"]
    assert "Not found" in response.text
    assert client.get("/no/such/page").status_code == 404


def test_api_docs_are_self_hosted(client: httpx.Client) -> None:
    response = client.get("/docs")
    assert response.status_code == 200
    assert "/api/v2/studies" in response.text
    assert "cdn" not in response.text.lower()
    assert client.get("/redoc").status_code == 404
    assert client.get("/openapi.json").json()["openapi"].startswith("3.")


def test_access_log_lines_drop_query_strings() -> None:
    record = logging.LogRecord(
        "uvicorn.access",
        logging.INFO,
        __file__,
        1,
        '%s - "%s %s HTTP/%s" %d',
        ("127.0.0.1:5000", "GET", "/search?q=breast+cancer&near=Lyon", "1.1", 200),
        None,
    )
    assert DropQueryStrings().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /search HTTP/1.1" 200'
    handlers = uvicorn_log_config()["handlers"]
    assert handlers["access"]["filters"] == ["drop_query_strings"]


def test_result_links_carry_the_searched_place_percent_encoded(client: httpx.Client) -> None:
    """Each result opens its trial page with the place searched (distances shown there);
    the place is quoted once for every link, as typed."""
    html = client.get("/search", params={"q": "breast cancer", "near": "48.85, 2.35"}).text
    links = re.findall(r'<h2><a href="(/trials/[^"]*)">', html)
    assert links
    assert all(re.fullmatch(r"/trials/NCT\d{8}\?near=48\.85%2C%202\.35", link) for link in links)
    without = client.get("/search", params={"q": "breast cancer"}).text
    assert all("?" not in link for link in re.findall(r'<h2><a href="(/trials/[^"]*)">', without))


def test_hostile_trial_text_shows_as_text_in_search_results(client: httpx.Client) -> None:
    """A result's title, conditions and matched passage are registry text: each is
    escaped in the results list (the list is built in Python, not by the template)."""
    html = client.get("/search", params={"q": "iframe", "near": "Seoul"}).text
    item = html[html.index(f'<a href="/trials/{HOSTILE_NCT_ID}?near=Seoul">') :]
    item = item[: item.index("</li>")]
    assert "Hostile &lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt; study" in item
    assert '<p class="conditions">Osteoporosis &lt;b&gt;bold&lt;/b&gt;</p>' in item
    assert "Summary with &lt;<mark>iframe</mark> src=https://example.org&gt;&lt;/" in item
    assert "<script" not in item and "<b>" not in item and "<iframe" not in item
