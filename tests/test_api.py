"""The JSON API over real HTTP on loopback: API v2 compatibility, paging, errors."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import httpx
import pytest

from conftest import API_V2_STUDIES, shared_path
from trialfinder.ingest.ctgov_v2 import parse_study
from trialfinder.ingest.ctgov_v2_export import export_study


@pytest.fixture(scope="module")
def client(backend_live_server_url: str) -> httpx.Client:
    return httpx.Client(base_url=backend_live_server_url, timeout=60)


def test_export_then_parse_gives_back_every_real_api_v2_record() -> None:
    documents = [
        json.loads(line) for line in shared_path(API_V2_STUDIES).read_text().splitlines() if line
    ]
    assert len(documents) == 228
    for document in documents:
        trial = parse_study(document)
        assert parse_study(json.loads(json.dumps(export_study(trial)))) == trial


def test_study_endpoint_answers_in_api_v2_shape(client: httpx.Client) -> None:
    study = client.get("/api/v2/studies/NCT06949137").json()
    identification = study["protocolSection"]["identificationModule"]
    assert identification["nctId"] == "NCT06949137"
    assert study["protocolSection"]["eligibilityModule"]["sex"] == "FEMALE"
    assert parse_study(study).nct_id == "NCT06949137"


def test_study_fields_select_pieces_in_json_and_csv_alike(client: httpx.Client) -> None:
    fields = "NCTId,BriefTitle,OverallStatus"
    study = client.get("/api/v2/studies/NCT06949137", params={"fields": fields}).json()
    assert study == {
        "protocolSection": {
            "identificationModule": {
                "nctId": "NCT06949137",
                "briefTitle": study["protocolSection"]["identificationModule"]["briefTitle"],
            },
            "statusModule": {"overallStatus": "RECRUITING"},
        }
    }
    response = client.get("/api/v2/studies/NCT06949137", params={"fields": fields, "format": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert list(rows[0]) == ["NCTId", "BriefTitle", "OverallStatus"]
    assert rows[0]["NCTId"] == "NCT06949137" and rows[0]["OverallStatus"] == "RECRUITING"


def test_unknown_study_is_a_json_404(client: httpx.Client) -> None:
    response = client.get("/api/v2/studies/NCT00000000")
    assert response.status_code == 404
    assert "message" in response.json()


@pytest.mark.parametrize(
    ("parameters", "named"),
    [
        ({"filter.phase": "PHASE2"}, "filter.phase"),
        ({"aggFilters": "phase:9"}, "aggFilters"),
        ({"pageSize": "-1"}, "pageSize"),
        ({"pageSize": "ten"}, "pageSize"),
        ({"filter.overallStatus": "RECRUTING"}, "filter.overallStatus"),
        ({"filter.geo": "near(1,2)"}, "filter.geo"),
        ({"filter.ids": "NCT1"}, "filter.ids"),
        ({"fields": "NoSuchField"}, "fields"),
        ({"sort": "BriefTitle"}, "sort"),
        ({"format": "xml"}, "format"),
        ({"countTotal": "maybe"}, "countTotal"),
        ({"pageToken": "not-a-token"}, "pageToken"),
        ({"query.locn": "Seoul AND ("}, "query.locn"),
        ({"filter.advanced": "AREA[NoSuchField]x"}, "filter.advanced"),
        ({"geoDecay": "func:cubic"}, "geoDecay"),
        ({"filter.synonyms": "ConditionSearch"}, "filter.synonyms"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(
    client: httpx.Client, parameters: dict[str, str], named: str
) -> None:
    response = client.get("/api/v2/studies", params=parameters)
    assert response.status_code == 400
    body = response.json()
    assert body["parameter"] == named
    assert "Traceback" not in response.text


def test_page_size_over_1000_is_capped_and_total_is_not(client: httpx.Client) -> None:
    body = client.get("/api/v2/studies", params={"pageSize": 5000, "countTotal": "true"}).json()
    assert len(body["studies"]) == min(1000, body["totalCount"])
    assert body["totalCount"] > 228


def test_page_tokens_walk_every_study_once(client: httpx.Client) -> None:
    seen: list[str] = []
    parameters: dict[str, str | int] = {"pageSize": 37, "countTotal": "true", "fields": "NCTId"}
    total = None
    while True:
        body = client.get("/api/v2/studies", params=parameters).json()
        total = body.get("totalCount", total)
        seen.extend(s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"])
        if "nextPageToken" not in body:
            break
        parameters["pageToken"] = body["nextPageToken"]
    assert len(seen) == len(set(seen)) == total


def test_page_token_reused_with_another_query_is_rejected(client: httpx.Client) -> None:
    first = client.get("/api/v2/studies", params={"query.cond": "cancer", "pageSize": 5}).json()
    token = first["nextPageToken"]
    response = client.get(
        "/api/v2/studies", params={"query.cond": "diabetes", "pageSize": 5, "pageToken": token}
    )
    assert response.status_code == 400
    assert response.json()["parameter"] == "pageToken"


def test_csv_has_the_same_studies_as_json(client: httpx.Client) -> None:
    parameters = {"query.cond": "cancer", "pageSize": 20, "fields": "NCTId,Condition,Phase"}
    body = client.get("/api/v2/studies", params=parameters).json()
    rows = list(
        csv.DictReader(
            io.StringIO(client.get("/api/v2/studies", params={**parameters, "format": "csv"}).text)
        )
    )
    json_ids = [s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"]]
    assert [row["NCTId"] for row in rows] == json_ids


def test_geo_filter_keeps_studies_with_a_site_in_the_radius(client: httpx.Client) -> None:
    body = client.get(
        "/api/v2/studies",
        params={
            "filter.geo": "distance(19.07,72.88,50mi)",
            "pageSize": 100,
            "fields": "NCTId,LocationGeoPoint",
        },
    ).json()
    assert body["studies"]
    from trialfinder.places import haversine_km

    for study in body["studies"]:
        points = study["protocolSection"]["contactsLocationsModule"]["locations"]
        nearest = min(
            haversine_km(19.07, 72.88, p["geoPoint"]["lat"], p["geoPoint"]["lon"]) for p in points
        )
        assert nearest <= 50 * 1.609344 + 0.01


def test_filter_ids_returns_those_studies(client: httpx.Client) -> None:
    body = client.get("/api/v2/studies", params={"filter.ids": "NCT06949137,NCT05018637"}).json()
    ids = {s["protocolSection"]["identificationModule"]["nctId"] for s in body["studies"]}
    assert ids == {"NCT06949137", "NCT05018637"}


def _study_ids(body: dict[str, Any]) -> set[str]:
    return {study["protocolSection"]["identificationModule"]["nctId"] for study in body["studies"]}


def test_filter_ids_combine_with_a_query_and_filters(client: httpx.Client) -> None:
    matching = client.get(
        "/api/v2/studies", params={"query.term": "osteoporosis", "pageSize": "1000"}
    ).json()
    some = sorted(_study_ids(matching))[:2]
    others = _study_ids(client.get("/api/v2/studies", params={"query.term": "asthma"}).json())
    assert len(some) == 2 and others - _study_ids(matching)
    asked = [*some, sorted(others - _study_ids(matching))[0]]
    combined = client.get(
        "/api/v2/studies",
        params={"query.term": "osteoporosis", "filter.ids": ",".join(asked), "countTotal": "true"},
    )
    assert combined.status_code == 200
    assert _study_ids(combined.json()) == set(some)
    assert combined.json()["totalCount"] == 2
    statuses = {
        study["protocolSection"]["statusModule"]["overallStatus"]
        for study in client.get("/api/v2/studies", params={"filter.ids": ",".join(some)}).json()[
            "studies"
        ]
    }
    status = sorted(statuses)[0]
    narrowed = client.get(
        "/api/v2/studies",
        params={"filter.ids": ",".join(asked), "filter.overallStatus": status},
    ).json()
    assert _study_ids(narrowed) and all(
        study["protocolSection"]["statusModule"]["overallStatus"] == status
        for study in narrowed["studies"]
    )
    assert _study_ids(narrowed) <= set(asked)


def test_own_search_and_facets_shapes(client: httpx.Client) -> None:
    result = client.get("/api/search", params={"q": "osteoporosis"}).json()
    # issue 13 adds how the text was matched to /api/search (not to the CLI's JSON); the
    # eighteenth session what was read from the text as who the search is for.
    assert set(result) == {"total", "results", "facets", "next_page_token"} | {
        "match_mode",
        "corrected_query",
        "suggestions",
        "read_from_text",
    }
    assert result["results"][0]["nct_id"].startswith("NCT")
    facets = client.get("/api/facets", params={"q": "osteoporosis"}).json()
    assert facets["total"] == result["total"] and "status" in facets["facets"]
    assert client.get("/api/search", params={"phase": "PHASE9"}).status_code == 400


def test_third_party_api_v2_client_reads_this_server(live_server_url: str) -> None:
    """pytrials-v2 (PyPI), its base URL pointed at this server, validates our answers."""
    from pytrials import ClinicalTrials, OverallStatus

    with ClinicalTrials(base_url=f"{live_server_url}/api/v2") as registry:
        found = registry.studies.search(condition="osteoporosis", status="RECRUITING", page_size=5)
        assert found.total_count and found.studies
        assert all(study.overall_status == OverallStatus.RECRUITING for study in found.studies)
        study = registry.studies.get("NCT06949137")
        assert study.nct_id == "NCT06949137"
        assert study.protocol_section.design_module.phases[0].value == "PHASE1"


def test_openapi_document_passes_schemathesis_without_server_errors(live_server_url: str) -> None:
    """Property-based requests generated from /openapi.json: none may get a 5xx."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    schema = schemathesis.openapi.from_url(f"{live_server_url}/openapi.json")
    server_errors: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 4
    for operation in operations:

        @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def call(case: schemathesis.Case) -> None:
            response = case.call(base_url=live_server_url)
            if response.status_code >= 500:
                server_errors.append(f"{case.method} {case.formatted_path} {case.query}")

        call()
    assert server_errors == []
