"""Issue 17's page facts over real HTTP: trial dates and officials, the search form,
"why it matched", downloads, the Atom feed per search and the API docs page."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import httpx
import pytest

from live_server import HOSTILE_NCT_ID, LiveServer
from trialfinder.model import Eligibility, Trial
from trialfinder.search import open_store

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(live_server_url: str) -> httpx.Client:
    return httpx.Client(base_url=live_server_url, timeout=60)


def test_trial_page_dates_say_estimated_or_actual(client: httpx.Client) -> None:
    html = client.get("/trials/NCT06949137").text
    dates = html[html.index('id="dates"') :]
    dates = dates[: dates.index("</section>")]
    assert 'Study start</dt><dd><time datetime="2025-05-15">2025-05-15</time>' in dates
    assert "(actual)" in dates and "(estimated)" in dates
    for heading in ("Primary completion", "Study completion", "First posted"):
        assert heading in dates


def test_trial_page_names_officials_and_each_site_status(client: httpx.Client) -> None:
    html = client.get("/trials/NCT00258583").text
    assert "Kevin F Gibson, MD — Principal investigator, University of Pittsburgh" in html
    html = client.get("/trials/NCT06949137").text
    locations = html[html.index('<ol class="locations">') :]
    # Each site's own status, beside its place (display.location_label).
    assert '<span class="place">Nanjing, Jiangsu, China (Enrolling)</span>' in locations


def test_unknown_status_is_explained_with_the_last_verified_date(client: httpx.Client) -> None:
    html = client.get("/trials/NCT05018637").text
    assert "Unknown" in html
    assert "It was last verified in 2021-08." in html
    assert "not yet enrolling" in html.lower()
    assert "status-note" not in client.get("/trials/NCT06949137").text


def test_search_form_has_person_fields_presets_and_a_feed_link(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "osteoporosis", "age": "60", "sex": "FEMALE"}).text
    assert 'id="age" name="age"' in html and 'value="60"' in html
    assert '<option value="FEMALE" selected>' in html
    assert 'name="cond"' in html and 'name="intr"' in html
    assert "status=RECRUITING&amp;status=NOT_YET_RECRUITING" in html
    assert '<details class="filters-toggle" open' in html
    assert (
        '<link rel="alternate" type="application/atom+xml" '
        'title="New and updated trials for this search" '
        'href="/search.atom?q=osteoporosis&amp;sex=FEMALE&amp;age=60' in html
    )


def test_recruiting_preset_keeps_recruiting_and_not_yet_recruiting(client: httpx.Client) -> None:
    html = client.get(
        "/search",
        params=[("q", "cancer"), ("status", "RECRUITING"), ("status", "NOT_YET_RECRUITING")],
    ).text
    assert 'aria-current="true">Recruiting now or soon' in html
    statuses = set(html.split('class="status status-')[1:])
    assert all(part.startswith(("recruiting", "not_yet_recruiting")) for part in statuses)


def test_why_it_matched_marks_the_words_and_escapes_the_text(client: httpx.Client) -> None:
    html = client.get("/search", params={"q": "osteoporosis bold"}).text
    result = html[html.index(f"/trials/{HOSTILE_NCT_ID}") :]
    result = result[: result.index("</li>")]
    assert (
        '<p class="why-matched"><span class="why-label">Matched in conditions:</span> '
        "<mark>Osteoporosis</mark> &lt;b&gt;<mark>bold</mark>&lt;/b&gt;</p>" in result
    )


def test_csv_and_json_downloads_hold_every_page_of_the_search(client: httpx.Client) -> None:
    shown = client.get("/api/search", params={"q": "cancer", "limit": "100"}).json()
    assert shown["total"] > 20  # more than one page of the search page
    response = client.get("/search.csv", params={"q": "cancer"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == shown["total"]
    first_page = [hit["nct_id"] for hit in shown["results"]]
    assert [row["nct_id"] for row in rows][: len(first_page)] == first_page
    downloaded = client.get("/search.json", params={"q": "cancer"}).json()
    assert downloaded["total"] == shown["total"] and downloaded["truncated"] is False
    assert [hit["nct_id"] for hit in downloaded["results"]] == [row["nct_id"] for row in rows]


def test_csv_download_defuses_spreadsheet_formulas() -> None:
    from trialfinder.present.result_files import results_csv
    from trialfinder.search import SearchHit

    text = results_csv([SearchHit("NCT09999902", '=HYPERLINK("x")', None, [], ["+1"])])
    row = next(iter(csv.DictReader(io.StringIO(text))))
    assert row["title"] == '\'=HYPERLINK("x")' and row["conditions"] == "'+1"


def _late_trial() -> Trial:
    return Trial(
        nct_id="NCT09999977",
        source_format="ctgov_v2_json",
        brief_title="Osteoporosis walking programme registered after the feed was read",
        overall_status="RECRUITING",
        conditions=["Osteoporosis"],
        eligibility=Eligibility(sex="ALL"),
        source_last_updated="2099-01-02",
    )


@pytest.fixture()
def own_server(web_store_path: Path, tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A server over a private copy of the store, so this test may add a trial."""
    path = tmp_path / "trials.db"
    shutil.copyfile(web_store_path, path)
    with LiveServer(path) as url:
        yield url, path


def _feed(client: httpx.Client, url: str) -> ElementTree.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert (root.findtext(f"{ATOM}{required}") or "").strip()
    for entry in root.findall(f"{ATOM}entry"):
        for required in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{required}") or "").strip()
        assert entry.find(f"{ATOM}link[@rel='alternate']") is not None
    return root


def test_atom_feed_is_atom_and_lists_a_trial_ingested_after_it_was_read(
    own_server: tuple[str, Path],
) -> None:
    url, path = own_server
    client = httpx.Client(base_url=url, timeout=60)
    page = client.get("/search", params={"q": "osteoporosis"}).text
    feed_url = page.split('<link rel="alternate" type="application/atom+xml"', 1)[1]
    feed_url = feed_url.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")
    first = _feed(client, feed_url)
    ids = [entry.findtext(f"{ATOM}id") for entry in first.findall(f"{ATOM}entry")]
    assert ids and not any("NCT09999977" in (entry_id or "") for entry_id in ids)
    updated = [entry.findtext(f"{ATOM}updated") or "" for entry in first.findall(f"{ATOM}entry")]
    assert updated == sorted(updated, reverse=True)  # newest update first
    assert urlsplit(first.findtext(f"{ATOM}id") or "").path == "/search.atom"

    store = open_store(path)
    try:
        store.upsert_trials([_late_trial()])
    finally:
        store.close()

    second = _feed(client, feed_url)
    entries = second.findall(f"{ATOM}entry")
    assert (entries[0].findtext(f"{ATOM}id") or "").endswith("/trials/NCT09999977")
    assert entries[0].findtext(f"{ATOM}updated") == "2099-01-02T00:00:00Z"
    assert second.findtext(f"{ATOM}updated") == "2099-01-02T00:00:00Z"


def test_api_docs_describe_every_parameter_with_an_example(client: httpx.Client) -> None:
    openapi = client.get("/openapi.json").json()
    for path in ("/api/v2/studies", "/api/v2/studies/{nctId}", "/api/search", "/api/facets"):
        parameters = openapi["paths"][path]["get"]["parameters"]
        assert parameters
        for parameter in parameters:
            assert parameter.get("description"), (path, parameter["name"])
            assert parameter.get("example") is not None, (path, parameter["name"])
    names = {
        parameter["name"] for parameter in openapi["paths"]["/api/search"]["get"]["parameters"]
    }
    assert {"q", "status", "age", "sex", "near", "within", "page_token"} <= names
    html = client.get("/docs").text
    assert "`" not in html
    assert "<code>distance(45.76,4.84,50km)</code>" in html
    assert 'href="/api/search?q=osteoporosis"' in html
    assert client.get("/api/search?q=osteoporosis").status_code == 200
