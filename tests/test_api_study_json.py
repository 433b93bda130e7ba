"""The API v2 pages made from the study JSON kept at ingest: the same JSON as the export.

``/api/v2/studies`` answers from each study's API v2 JSON, stored as the trial's record
(:mod:`trialfinder.store.study_record`), and ``fields=`` decodes only the selected parts
of it; these tests hold both to the answers the typed-record export gives, for every
real record.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from live_server import hostile_trial
from trialfinder.ingest.ctgov_v2_export import export_study
from trialfinder.ingest.study_json import STUDY_JSON_KIND
from trialfinder.model import DerivedRecord
from trialfinder.search import build_query, open_store, search
from trialfinder.store.study_json import stored_study_documents
from trialfinder.web.api.fields import (
    FIELD_PATHS,
    SEARCH_AREAS,
    json_field_paths,
    project_json,
    select_fields,
)
from trialfinder.web.api.study_documents import iter_page_json, page_json, study_documents


def _exported(study: dict[str, Any]) -> bytes:
    """The study as the endpoint's JSONResponse wrote it before the stored JSON."""
    return json.dumps(study, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def test_stored_json_is_the_export_of_every_real_record(loaded_store_path: Path) -> None:
    store = open_store(loaded_store_path)
    try:
        trials = list(store.iter_trials())
        stored = stored_study_documents(store, [trial.nct_id for trial in trials])
        assert len(trials) > 250 and set(stored) == {trial.nct_id for trial in trials}
        for trial in trials:
            document = stored[trial.nct_id]
            exported = export_study(trial)
            assert json.loads(document) == exported, trial.nct_id
            assert document == _exported(exported), trial.nct_id
    finally:
        store.close()


def test_fields_projection_equals_selecting_from_the_whole_study(
    loaded_store_path: Path,
) -> None:
    """Every piece, module and search area, alone and together, on every real record."""
    selections = [json_field_paths(name) for name in [*FIELD_PATHS, *SEARCH_AREAS]]
    selections += [
        json_field_paths("NCTId") + json_field_paths("LocationCity"),
        ["protocolSection.contactsLocationsModule.locations.geoPoint", "hasResults"],
        [*json_field_paths("ConditionsModule"), *json_field_paths("Condition")],
    ]
    store = open_store(loaded_store_path)
    try:
        nct_ids = list(store.iter_nct_ids())
        documents = study_documents(store, nct_ids)
    finally:
        store.close()
    assert len(documents) == len(nct_ids)
    for document in documents:
        whole = json.loads(document)
        for paths in selections:
            projected = project_json(document, paths)
            expected = select_fields(whole, paths)
            assert projected == expected
            assert json.dumps(projected) == json.dumps(expected)  # the same key order


@pytest.fixture()
def store_path(loaded_store_path: Path, tmp_path: Path) -> Path:
    path = tmp_path / "trials.db"
    shutil.copyfile(loaded_store_path, path)
    return path


def test_a_study_without_current_json_is_exported(store_path: Path) -> None:
    """Derived JSON of another export version (an older trialfinder's, beside a typed
    record) and a trial written by hand answer the same JSON as the stored records."""
    store = open_store(store_path)
    try:
        nct_ids = list(store.iter_nct_ids())[:3]
        before = study_documents(store, nct_ids)
        store.put_derived(
            DerivedRecord(nct_id, STUDY_JSON_KIND, "0", b"not this version") for nct_id in nct_ids
        )
        store.upsert_trials([hostile_trial()])
        assert study_documents(store, [*nct_ids, hostile_trial().nct_id]) == [
            *before,
            _exported(export_study(hostile_trial())),
        ]
    finally:
        store.close()


@pytest.fixture(scope="module")
def client(live_server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=f"{live_server_url}/api/v2", timeout=120) as client:
        yield client


def _all_pages(client: httpx.Client, params: dict[str, Any]) -> list[dict[str, Any]]:
    studies: list[dict[str, Any]] = []
    token = None
    while True:
        page = client.get("/studies", params={**params, **({"pageToken": token} if token else {})})
        assert page.status_code == 200
        body = page.json()
        studies.extend(body["studies"])
        token = body.get("nextPageToken")
        if token is None:
            return studies


@pytest.mark.parametrize("sizes", [(), (0,), (1,), (3,), (2, 0, 1), (0, 2, 3)])
def test_a_page_joined_at_once_and_streamed_in_batches_is_the_same_json(
    loaded_store_path: Path, sizes: tuple[int, ...]
) -> None:
    """A page of full studies is joined once (each study's bytes copied once); a long page
    is sent in batches, empty ones too: both are the object the registry sends."""
    store = open_store(loaded_store_path)
    try:
        ids = [hit.nct_id for hit in search(store, build_query("cancer", limit=6)).hits]
        documents = study_documents(store, ids[: sum(sizes)])
    finally:
        store.close()
    batches, start = [], 0
    for size in sizes:
        batches.append(documents[start : start + size])
        start += size
    tail = b',"nextPageToken":"x","totalCount":9'
    whole = page_json(documents, tail)
    assert b"".join(iter_page_json(batches, tail)) == whole
    assert json.loads(whole) == {
        "studies": [json.loads(document) for document in documents],
        "nextPageToken": "x",
        "totalCount": 9,
    }


@pytest.mark.parametrize("fields", [None, "NCTId,BriefTitle,LocationCity"])
def test_a_page_of_1000_streams_the_studies_shorter_pages_give(
    client: httpx.Client, fields: str | None
) -> None:
    selection = {"fields": fields} if fields else {}
    with client.stream(
        "GET", "/studies", params={"pageSize": 1000, "countTotal": "true", **selection}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/json"
        assert "content-length" not in response.headers  # sent while it is read
        body = json.loads(response.read())
    assert list(body) == ["studies", "totalCount"]
    assert body["totalCount"] == len(body["studies"]) > 250
    assert body["studies"] == _all_pages(client, {"pageSize": 100, **selection})


def test_a_long_page_with_more_to_come_ends_with_its_token(client: httpx.Client) -> None:
    first = client.get("/studies", params={"pageSize": 150, "countTotal": "true"}).json()
    assert list(first) == ["studies", "nextPageToken", "totalCount"]
    assert len(first["studies"]) == 150
    second = client.get(
        "/studies", params={"pageSize": 150, "pageToken": first["nextPageToken"]}
    ).json()
    assert second["studies"][0] != first["studies"][0]
    assert first["studies"] + second["studies"] == _all_pages(client, {"pageSize": 100})[:300]


@pytest.mark.parametrize(
    "asked",
    [
        {"text": "cancer"},
        {"text": "", "statuses": ["RECRUITING"]},
        {"text": "diabetes", "near": "London", "within": "500km"},
        {"text": ""},
        {"text": "breast cancer", "condition": "cancer", "sort": "updated"},
    ],
)
def test_a_search_without_facets_finds_and_counts_the_same(
    loaded_store_path: Path, asked: dict[str, Any]
) -> None:
    """API pages show no facets: the index counts the matches only, to the same total."""
    store = open_store(loaded_store_path)
    try:
        text = asked.pop("text")
        query = build_query(text, **asked)
        with_facets = search(store, query)
        without = search(store, msgspec.structs.replace(query, facets=False))
    finally:
        store.close()
    assert with_facets.total == without.total > 0
    assert [hit.nct_id for hit in with_facets.hits] == [hit.nct_id for hit in without.hits]
    assert without.facets.status == {} and with_facets.facets.status
