"""``fields=`` cut out of a study's JSON: the same bytes as selecting from the whole study.

:func:`trialfinder.web.api.fields.projected_json` never decodes a study: it keeps the
selected values as the document's own bytes, and for a selection of early modules
reads the document only up to them. These tests hold it to the plain definition
(decode everything, :func:`select_fields`, encode) for every documented field path on
every real record (stored export JSON byte for byte; the registry's own records, with
their other key order, escapes and sections, value for value), and on the shapes that
take the other branches: null and empty values, a module after the cut, whitespace.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import msgspec
import pytest

from conftest import API_V2_STUDIES, shared_path
from trialfinder.search import open_store
from trialfinder.web.api.fields import (
    FIELD_PATHS,
    SEARCH_AREAS,
    field_path,
    json_field_paths,
    projected_json,
    select_fields,
)
from trialfinder.web.api.study_documents import study_documents


def _selections() -> list[list[str]]:
    """Every piece, module and search area alone, and mixes across modules and sections."""
    selections = [json_field_paths(name) for name in [*FIELD_PATHS, *SEARCH_AREAS]]
    return [
        *selections,
        [field_path(name) for name in ("NCTId", "BriefTitle", "OverallStatus", "Condition")],
        [field_path(name) for name in ("Condition", "NCTId")],
        [field_path(name) for name in ("LocationCity", "NCTId", "HasResults")],
        [field_path(name) for name in ("EligibilityCriteria", "ConditionMeshTerm")],
        [field_path("ConditionsModule"), field_path("Condition"), field_path("Keyword")],
        ["protocolSection.contactsLocationsModule.locations.geoPoint", "hasResults"],
        ["protocolSection", field_path("NCTId")],
    ]


def _expected(document: bytes, paths: list[str]) -> bytes:
    return msgspec.json.encode(select_fields(msgspec.json.decode(document), paths))


def test_every_field_path_of_every_stored_study_is_the_same_bytes(
    loaded_store_path: Path,
) -> None:
    store = open_store(loaded_store_path)
    try:
        documents = study_documents(store, list(store.iter_nct_ids()))
    finally:
        store.close()
    assert len(documents) > 250
    selections = _selections()
    empty = 0
    for document in documents:
        for paths in selections:
            projected = projected_json(document, paths)
            assert projected == _expected(document, paths), paths
            empty += projected == b"{}"
    assert empty  # some real studies lack some fields


def test_the_registrys_own_records_project_to_the_same_values() -> None:
    """Registry JSON as ClinicalTrials.gov sends it (results sections, escapes)."""
    lines = shared_path(API_V2_STUDIES).read_bytes().splitlines()
    assert len(lines) > 200
    for line in lines:
        for paths in _selections():
            projected = projected_json(line, paths)
            expected = select_fields(json.loads(line), paths)
            assert json.loads(projected) == expected
            assert list(json.loads(projected)) == list(expected)  # the same key order


def _document(value: Any) -> bytes:
    return msgspec.json.encode(value)


@pytest.mark.parametrize(
    "document",
    [
        # null and empty values are left out, an empty list is kept
        _document(
            {
                "protocolSection": {
                    "identificationModule": {"nctId": "NCT00000001", "briefTitle": None},
                    "statusModule": {"overallStatus": {}},
                    "conditionsModule": {"conditions": []},
                    "designModule": {"phases": ["PHASE1"]},
                },
                "hasResults": False,
            }
        ),
        # a wanted module written after the modules that follow it: no cut
        _document(
            {
                "protocolSection": {
                    "designModule": {"phases": ["PHASE2"]},
                    "identificationModule": {"nctId": "NCT00000002"},
                    "conditionsModule": {"conditions": ["Asthma"]},
                }
            }
        ),
        # nothing follows the wanted modules
        _document({"protocolSection": {"identificationModule": {"nctId": "NCT00000003"}}}),
        # sites with and without the wanted parts; a list of lists
        _document(
            {
                "protocolSection": {
                    "contactsLocationsModule": {
                        "locations": [
                            {"city": "Oslo", "geoPoint": {"lat": 59.9, "lon": 10.7}},
                            {"facility": "No city"},
                            {"city": None, "geoPoint": {}},
                        ]
                    },
                    "armsInterventionsModule": {"interventions": [[{"name": "x"}]]},
                },
                "derivedSection": {"conditionBrowseModule": {"meshes": [{"term": "Asthma"}]}},
            }
        ),
        # other shapes where objects are expected: a string, a number, null
        _document(
            {
                "protocolSection": {
                    "identificationModule": "not an object",
                    "statusModule": None,
                    "conditionsModule": {"conditions": "Asthma"},
                    "designModule": 3,
                }
            }
        ),
        # whitespace, and a module name inside text
        b'{ "protocolSection" : { "identificationModule" : { "nctId" : "NCT00000004" ,'
        b' "briefTitle" : "\\"designModule\\": { }" } , "statusModule" : {  } ,'
        b' "designModule" : { "phases" : [ ] } } , "hasResults" : true }',
    ],
)
def test_null_empty_reordered_and_odd_shapes_project_as_selecting_does(document: bytes) -> None:
    for paths in _selections():
        projected = projected_json(document, paths)
        expected = select_fields(json.loads(document), paths)
        assert json.loads(projected) == expected
        assert list(json.loads(projected)) == list(expected)
