"""ClinicalTrials.gov API v2, drop-in: every /studies parameter family and every other
endpoint of the registry's own OpenAPI document, over real HTTP on the real sample.

Responses are validated against the schemas of ``../shared/data/ctgov_api/ctg-oas-v2.yaml``
(the registry's specification, not trialfinder's), and schemathesis drives requests
generated from it.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
import jsonschema_rs
import pytest
import yaml

from conftest import shared_path

SPECIFICATION = "data/ctgov_api/ctg-oas-v2.yaml"


@pytest.fixture(scope="module")
def client(backend_live_server_url: str) -> httpx.Client:
    return httpx.Client(base_url=f"{backend_live_server_url}/api/v2", timeout=120)


@pytest.fixture(scope="module")
def specification() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(shared_path(SPECIFICATION).read_text())
    return loaded


# Enum values the registry's own records carry that its specification predates
# (EU CTIS secondary ids): passed through as the registry sends them.
_NEWER_THAN_SPECIFICATION = frozenset({"CTIS"})


def _conforms(specification: dict[str, Any], schema: str, body: Any) -> list[str]:
    validator = jsonschema_rs.Draft4Validator(
        {"$ref": f"#/components/schemas/{schema}", "components": specification["components"]}
    )
    return [
        str(error)[:300]
        for error in validator.iter_errors(body)
        if error.instance not in _NEWER_THAN_SPECIFICATION
    ][:5]


def _ids(body: dict[str, Any]) -> list[str]:
    return [study["protocolSection"]["identificationModule"]["nctId"] for study in body["studies"]]


def _all(client: httpx.Client, parameters: dict[str, str]) -> list[dict[str, Any]]:
    body = client.get("/studies", params={**parameters, "pageSize": "1000"}).json()
    assert "nextPageToken" not in body
    studies: list[dict[str, Any]] = body["studies"]
    return studies


def test_query_locn_takes_a_country(client: httpx.Client) -> None:
    studies = _all(client, {"query.locn": "Korea", "fields": "NCTId,LocationCountry"})
    assert studies
    everything = _all(client, {"fields": "NCTId,LocationCountry"})
    korean = {
        study["protocolSection"]["identificationModule"]["nctId"]
        for study in everything
        if any(
            "korea" in site.get("country", "").lower()
            for site in study["protocolSection"]
            .get("contactsLocationsModule", {})
            .get("locations", [])
        )
    }
    assert {s["protocolSection"]["identificationModule"]["nctId"] for s in studies} == korean


def test_agg_filters_status_and_sex(client: httpx.Client) -> None:
    studies = _all(client, {"aggFilters": "status:rec,sex:f", "fields": "OverallStatus,Sex"})
    assert studies
    for study in studies:
        assert study["protocolSection"]["statusModule"]["overallStatus"] == "RECRUITING"
        assert study["protocolSection"]["eligibilityModule"]["sex"] in {"FEMALE", "ALL"}
    either = _all(client, {"aggFilters": "status:rec com", "fields": "OverallStatus"})
    assert {s["protocolSection"]["statusModule"]["overallStatus"] for s in either} == {
        "RECRUITING",
        "COMPLETED",
    }


def test_filter_advanced_minimum_age_range(client: httpx.Client) -> None:
    studies = _all(
        client,
        {"filter.advanced": "AREA[MinimumAge]RANGE[MIN, 16 years]", "fields": "MinimumAge"},
    )
    assert studies
    for study in studies:
        number, unit = study["protocolSection"]["eligibilityModule"]["minimumAge"].split()
        assert float(number) <= 16 or not unit.lower().startswith("year")


def test_essie_boolean_operators_and_phrases(client: httpx.Client) -> None:
    def ids(expression: str) -> set[str]:
        return set(_ids({"studies": _all(client, {"query.cond": expression, "fields": "NCTId"})}))

    cancer, diabetes = ids('"cancer"'), ids('"diabetes"')
    assert cancer and diabetes
    assert ids('"cancer" OR "diabetes"') == cancer | diabetes
    assert ids('"cancer" AND "diabetes"') == cancer & diabetes
    assert ids('"cancer" NOT "diabetes"') == cancer - diabetes
    dated = _all(
        client,
        {
            "query.term": "AREA[LastUpdatePostDate]RANGE[2024-01-15,MAX]",
            "fields": "LastUpdatePostDate",
        },
    )
    assert dated and all(
        s["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] >= "2024-01"
        for s in dated
    )
    expanded = ids('EXPANSION[Concept]COVERAGE[Contains]"cancer"')
    assert expanded == cancer


def test_essie_syntax_error_names_the_parameter_and_position(client: httpx.Client) -> None:
    response = client.get("/studies", params={"query.cond": "(lung cancer"})
    assert response.status_code == 400
    assert response.json()["parameter"] == "query.cond"
    assert "character" in response.json()["message"]


@pytest.mark.parametrize(
    ("parameter", "field", "path"),
    [
        ("query.titles", "BriefTitle", ("identificationModule", "briefTitle")),
        ("query.spons", "LeadSponsorName", ("sponsorCollaboratorsModule", "leadSponsor", "name")),
        ("query.lead", "LeadSponsorName", ("sponsorCollaboratorsModule", "leadSponsor", "name")),
    ],
)
def test_query_areas_search_their_fields(
    client: httpx.Client, parameter: str, field: str, path: tuple[str, ...]
) -> None:
    some = _all(client, {"fields": field})
    value: Any = some[0]["protocolSection"]
    for part in path:
        value = value[part]
    word = max(str(value).split(), key=len)
    found = _all(client, {parameter: f'"{word}"', "fields": "NCTId"})
    assert found
    assert some[0]["protocolSection"] and len(found) <= len(some)


def test_query_id_outc_and_patient(client: httpx.Client) -> None:
    assert _ids({"studies": _all(client, {"query.id": "NCT06949137"})}) == ["NCT06949137"]
    assert _all(client, {"query.outc": "pain", "fields": "NCTId"})
    assert _all(client, {"query.patient": "osteoporosis", "fields": "NCTId"})


def test_synonyms_post_filters_and_geo_decay_are_accepted(client: httpx.Client) -> None:
    empty = client.get("/studies", params={"filter.synonyms": "ConditionSearch:1651367"})
    assert empty.status_code == 200 and empty.json()["studies"] == []
    post = _all(client, {"postFilter.overallStatus": "COMPLETED", "fields": "OverallStatus"})
    assert post and all(
        s["protocolSection"]["statusModule"]["overallStatus"] == "COMPLETED" for s in post
    )
    decayed = client.get(
        "/studies",
        params={
            "filter.geo": "distance(19.07,72.88,50mi)",
            "geoDecay": "func:linear,scale:100km,offset:10km,decay:0.1",
        },
    )
    assert decayed.status_code == 200 and decayed.json()["studies"]


def test_sort_by_numeric_and_date_fields(client: httpx.Client) -> None:
    studies = _all(client, {"sort": "EnrollmentCount:desc", "fields": "NCTId,EnrollmentCount"})
    counts = [
        s["protocolSection"]["designModule"]["enrollmentInfo"]["count"]
        for s in studies
        if "designModule" in s["protocolSection"]
    ]
    assert counts == sorted(counts, reverse=True) and len(counts) > 100
    dated = _all(client, {"sort": "StartDate", "fields": "NCTId,StartDate"})
    starts = [
        s["protocolSection"]["statusModule"]["startDateStruct"]["date"]
        for s in dated
        if "startDateStruct" in s["protocolSection"].get("statusModule", {})
    ]
    assert starts == sorted(starts, reverse=True)


def test_fields_take_areas_and_at_query(client: httpx.Client) -> None:
    body = client.get(
        "/studies", params={"query.cond": "osteoporosis", "fields": "@query", "pageSize": 3}
    ).json()
    assert body["studies"] and all(
        set(s["protocolSection"]) <= {"identificationModule", "conditionsModule"}
        for s in body["studies"]
    )
    titled = client.get("/studies", params={"fields": "TitleSearch", "pageSize": 3}).json()
    assert set(titled["studies"][0]["protocolSection"]) == {"identificationModule"}


def test_csv_headers_page_through_every_study(client: httpx.Client) -> None:
    parameters = {"format": "csv", "pageSize": "150", "countTotal": "true", "fields": "NCTId"}
    response = client.get("/studies", params=parameters)
    total = int(response.headers["x-total-count"])
    seen = [row["NCTId"] for row in csv.DictReader(io.StringIO(response.text))]
    while token := response.headers.get("x-next-page-token"):
        response = client.get("/studies", params={**parameters, "pageToken": token})
        seen.extend(row["NCTId"] for row in csv.DictReader(io.StringIO(response.text)))
    assert len(seen) == len(set(seen)) == total


def test_paged_studies_conform_to_the_registry_schema(
    client: httpx.Client, specification: dict[str, Any]
) -> None:
    body = client.get("/studies", params={"pageSize": 1000, "countTotal": "true"}).json()
    assert _conforms(specification, "PagedStudies", body) == []
    study = client.get("/studies/NCT06949137").json()
    assert _conforms(specification, "Study", study) == []


@pytest.mark.parametrize(
    ("path", "schema"),
    [
        ("/studies/metadata", "FieldNodeList"),
        ("/stats/size", "GzipStats"),
        ("/stats/fieldValues", "FieldValuesStatsList"),
        ("/stats/fieldValues/Phase", "FieldValuesStats"),
        (
            "/stats/fieldValues/protocolSection.statusModule.startDateStruct.date",
            "FieldValuesStats",
        ),
        ("/stats/listSizes", "ListSizesList"),
        ("/stats/listSizes/Condition", "ListSizes"),
        ("/version", "Version"),
    ],
)
def test_other_endpoints_answer_in_the_registry_schema(
    client: httpx.Client, specification: dict[str, Any], path: str, schema: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert _conforms(specification, schema, response.json()) == []


def test_stats_and_version_describe_the_store(client: httpx.Client) -> None:
    phases = client.get("/stats/fieldValues/Phase").json()
    assert {"PHASE1", "PHASE2"} <= {value["value"] for value in phases["topValues"]}
    total = client.get("/studies", params={"countTotal": "true", "pageSize": 1}).json()
    assert client.get("/stats/size").json()["totalStudies"] == total["totalCount"]
    assert client.get("/stats/fieldValues", params={"types": "BOOLEAN"}).json()
    assert client.get("/stats/fieldValues/NoSuchField").status_code == 404
    assert client.get("/version").json()["dataTimestamp"][:2] in {"19", "20"}


def test_clinical_trials_gov_client_reads_this_server(live_server_url: str) -> None:
    """clinical-trials-gov (PyPI), unchanged, through its public client methods."""
    from clinical_trials_gov import ClinicalTrialsClient

    registry = ClinicalTrialsClient(base_url=f"{live_server_url}/api/v2/studies")
    korean = registry.fetch_trials(location="Korea", status=None, page_size=50)
    assert korean["studies"]
    found = registry.fetch_trials(condition="osteoporosis", status="RECRUITING", page_size=5)
    assert found["studies"]
    searched = registry.search("osteoporosis", status="RECRUITING", page_size=5)
    assert _ids(searched) == _ids(found) or searched["studies"]
    study = registry.get_study("NCT06949137")
    assert study["protocolSection"]["identificationModule"]["nctId"] == "NCT06949137"


_RESPONSE_SCHEMAS = {
    "listStudies": "PagedStudies",
    "fetchStudy": "Study",
    "studiesMetadata": "FieldNodeList",
    "sizeStats": "GzipStats",
    "fieldValuesSummary": "FieldValuesStatsList",
    "fieldValuesStats": "FieldValuesStats",
    "listSizesSummary": "ListSizesList",
    "listSizes": "ListSizes",
    "version": "Version",
}


def _explore(
    operation: Any,
    base_url: str,
    specification: dict[str, Any],
    schema_name: str,
    problems: list[str],
) -> None:
    """Bounded generated requests to one operation; server errors and 200 answers that do
    not conform to ``schema_name`` are added to ``problems``."""
    import schemathesis
    from hypothesis import HealthCheck, given, settings

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy())
    def call(case: schemathesis.Case) -> None:
        response = case.call(base_url=base_url)
        where = f"{case.method} {case.formatted_path} {case.query}"
        if response.status_code >= 500:
            problems.append(f"{response.status_code} {where}")
        elif response.status_code == 200 and "json" in response.headers.get("content-type", ""):
            errors = _conforms(specification, schema_name, response.json())
            if errors:
                problems.append(f"{where}: {errors}")

    call()


def test_registry_specification_drives_schemathesis(
    live_server_url: str, specification: dict[str, Any]
) -> None:
    """Requests generated from the registry's OpenAPI document: no 5xx, and every JSON
    200 answer conforms to the registry's response schema (errors are trialfinder's
    JSON ``{"message", "parameter"}`` bodies rather than the registry's plain text)."""
    import schemathesis

    schema = schemathesis.openapi.from_path(shared_path(SPECIFICATION))
    problems: list[str] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) == len(_RESPONSE_SCHEMAS)
    for operation in operations:
        schema_name = _RESPONSE_SCHEMAS[operation.definition.raw["operationId"]]
        _explore(operation, f"{live_server_url}/api/v2", specification, schema_name, problems)
    assert problems == []


def test_legacy_estimates_and_no_limit_ages_export_in_the_registry_vocabulary() -> None:
    """Legacy XML records say ANTICIPATED / ESTIMATE and "N/A"; API v2 says ESTIMATED and
    leaves an absent limit out (the registry's schema allows nothing else)."""
    from trialfinder.ingest.ctgov_v2_export import export_study
    from trialfinder.model import Eligibility, Enrollment, StudyDate, Trial, parse_age

    trial = Trial(
        nct_id="NCT00000001",
        source_format="ctgov_legacy_xml",
        start_date=StudyDate(date="2020-01", type="ANTICIPATED"),
        first_posted_date=StudyDate(date="2019-12-01", type="ESTIMATE"),
        enrollment=Enrollment(count=10, type="ANTICIPATED"),
        eligibility=Eligibility(minimum_age=parse_age("N/A"), maximum_age=parse_age("65 Years")),
    )
    study = export_study(trial)["protocolSection"]
    assert study["statusModule"]["startDateStruct"]["type"] == "ESTIMATED"
    assert study["statusModule"]["studyFirstPostDateStruct"]["type"] == "ESTIMATED"
    assert study["designModule"]["enrollmentInfo"]["type"] == "ESTIMATED"
    assert "minimumAge" not in study["eligibilityModule"]
    assert study["eligibilityModule"]["maximumAge"] == "65 Years"


def test_study_fields_take_area_names_in_json_and_are_refused_as_csv_columns(
    client: httpx.Client,
) -> None:
    study = client.get("/studies/NCT06949137", params={"fields": "TitleSearch"}).json()
    assert set(study["protocolSection"]) == {"identificationModule"}
    response = client.get("/studies/NCT06949137", params={"fields": "TitleSearch", "format": "csv"})
    assert response.status_code == 400 and response.json()["parameter"] == "fields"
