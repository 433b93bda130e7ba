"""Property-based fuzzing of every parser that reads untrusted text (issue 15).

Inputs are real records of ../shared mutated at random (a value replaced by any
JSON, bytes flipped, cut or repeated) and free text built from the pieces real
criteria and notes are made of. The property is the parser's contract: a
result, or its documented error, never anything else (no crash, no hang).

`make test` runs each test for the hypothesis default (100 examples, a few
seconds); `make fuzz` runs them with `--hypothesis-profile=fuzz` (5,000
examples each, registered in conftest.py). docs/fuzzing.md records the runs
and their findings; a crash found becomes an explicit example here.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from trialfinder.criteria import parse_trial_criteria
from trialfinder.ingest.ctgov_v2 import parse_study_json
from trialfinder.ingest.errors import MalformedRecord
from trialfinder.ingest.json_split import NotSplittable, split_array, split_object
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.ingest.reader import RecordResult, parse_document
from trialfinder.model import Eligibility, Trial
from trialfinder.patient import PatientProfile, extract_facts, load_profile
from trialfinder.search import (
    MAX_LIMIT,
    QueryError,
    build_query,
    decode_page_token,
    encode_page_token,
)
from trialfinder.search.paging import MAX_PAGE_OFFSET
from trialfinder.web.api.params import LIST_PARAMETERS, SINGLE_PARAMETERS, query_from_parameters

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
V2_STUDIES = SHARED / "ctgov_v2" / "studies_v2.jsonl"
LEGACY_XML = SHARED / "ctgov_legacy_xml" / "sample"

pytestmark = pytest.mark.skipif(not V2_STUDIES.exists(), reason="../shared real data absent")

# Slow inputs are the point of fuzzing: no per-example deadline, no "too slow" complaints.
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@cache
def real_studies() -> list[bytes]:
    return [line for line in V2_STUDIES.read_bytes().splitlines()[:40] if line.strip()]


@cache
def real_xml() -> list[bytes]:
    return [path.read_bytes() for path in sorted(LEGACY_XML.glob("*.xml"))[:10]]


@cache
def real_criteria() -> list[str]:
    texts = []
    for line in real_studies():
        module = json.loads(line)["protocolSection"].get("eligibilityModule", {})
        if module.get("eligibilityCriteria"):
            texts.append(module["eligibilityCriteria"])
    return texts


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=40),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_paths(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found.extend(_paths(child, (*prefix, index)))
    return found


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


@st.composite
def mutated_studies(draw: st.DrawFn) -> bytes:
    """A real study with one value (anywhere, the NCT id included) replaced by any JSON."""
    study = json.loads(draw(st.sampled_from(real_studies())))
    paths = _paths(study)
    path = paths[draw(st.integers(0, len(paths) - 1))]
    return json.dumps(_replaced(study, path, draw(json_values))).encode()


@st.composite
def mutated_bytes(draw: st.DrawFn, originals: list[bytes]) -> bytes:
    """Real bytes flipped, cut, spliced with random bytes or repeated."""
    data = bytearray(draw(st.sampled_from(originals)))
    for _ in range(draw(st.integers(1, 4))):
        position = draw(st.integers(0, max(0, len(data) - 1)))
        operation = draw(st.sampled_from(["flip", "cut", "insert", "repeat"]))
        if operation == "flip" and data:
            data[position] = draw(st.integers(0, 255))
        elif operation == "cut":
            del data[position : position + draw(st.integers(1, 2000))]
        elif operation == "insert":
            data[position:position] = draw(st.binary(max_size=40))
        else:
            data[position:position] = data[position : position + 200] * draw(st.integers(2, 50))
    return bytes(data)


def _only_records(results: list[RecordResult]) -> None:
    for result in results:
        assert (result.trial is None) != (result.error is None)


# -- API v2 records and search pages ------------------------------------------------


@FUZZ
@given(mutated_studies())
def test_fuzz_api_v2_record_decode_returns_a_trial_or_a_malformed_record(data: bytes) -> None:
    try:
        trial = parse_study_json(data)
    except MalformedRecord:
        return
    assert trial.nct_id.startswith("NCT") and len(trial.nct_id) == 11


@FUZZ
@given(st.one_of(mutated_bytes(real_studies()), st.binary(max_size=300)))
@example(b'{"protocolSection": ' + b"[" * 50_000 + b"]" * 50_000 + b"}")
@example(b'{"protocolSection": {"identificationModule": {"nctId": "NCT0\xff"}}}')
def test_fuzz_api_v2_record_bytes_decode_returns_a_trial_or_a_malformed_record(
    data: bytes,
) -> None:
    with contextlib.suppress(MalformedRecord):
        parse_study_json(data)


@st.composite
def search_pages(draw: st.DrawFn) -> bytes:
    studies = draw(
        st.lists(st.one_of(st.sampled_from(real_studies()), mutated_studies()), max_size=4)
    )
    token = draw(st.one_of(st.none(), st.text(max_size=20)))
    page = b'{"studies": [' + b", ".join(studies) + b"]"
    if token is not None:
        page += b', "nextPageToken": ' + json.dumps(token).encode()
    return page + b"}"


@FUZZ
@given(st.one_of(search_pages(), search_pages().flatmap(lambda page: mutated_bytes([page]))))
def test_fuzz_search_pages_give_one_result_per_record_and_never_raise(data: bytes) -> None:
    for name in ("page.json", "page.jsonl", "page.json.gz"):
        _only_records(list(parse_document(data, name)))


@FUZZ
@given(st.lists(json_values, max_size=6))
def test_fuzz_the_splitter_agrees_with_the_json_decoder(values: list[Any]) -> None:
    encoded = msgspec.json.encode(values)
    assert [msgspec.json.decode(item) for item in split_array(encoded)] == msgspec.json.decode(
        encoded
    )
    document = msgspec.json.encode({str(index): value for index, value in enumerate(values)})
    members = split_object(document)
    assert {key.decode(): msgspec.json.decode(raw) for key, raw in members.items()} == (
        msgspec.json.decode(document)
    )


@FUZZ
@given(st.one_of(st.binary(max_size=200), search_pages().flatmap(lambda p: mutated_bytes([p]))))
def test_fuzz_the_splitter_splits_or_says_it_cannot(data: bytes) -> None:
    for split in (split_array, split_object):
        with contextlib.suppress(NotSplittable):
            split(data)


# -- legacy XML ------------------------------------------------------------------------


@FUZZ
@given(st.one_of(mutated_bytes(real_xml()), st.binary(max_size=300), st.text().map(str.encode)))
def test_fuzz_legacy_xml_returns_a_trial_or_a_malformed_record(data: bytes) -> None:
    try:
        trial = parse_clinical_study(data)
    except MalformedRecord:
        return
    assert trial.nct_id.startswith("NCT")


# -- criteria text and patient notes (helper B's parsers: crashes are reported) ---------

# The pieces real criteria and notes are made of, to reach deep into the parsers.
TEXT_PIECES = [
    "Inclusion Criteria:",
    "Exclusion Criteria:",
    "\n",
    "\n\n",
    "* ",
    "- ",
    "1. ",
    "a) ",
    "   ",
    "age ≥ 18 years",
    "eGFR < 30 mL/min/1.73 m2",
    "HbA1c between 7.0% and 10.5%",
    "ALT > 2.5 x ULN",
    "pregnant or breastfeeding",
    "history of myocardial infarction within 6 months",
    "no prior chemotherapy",
    "BMI >= 40 kg/m^2",
    "platelets ≥100,000/mm³",
    "or",
    "and",
    "not",
    "(",
    ")",
    ":",
    ";",
    ",",
    "≤",
    "%",
    "0",
    "10^9/L",
    "mg/dL",
    "BP 150/95",
    "heart rate 120",
    "58 year old woman",
    "type 2 diabetes",
    "denies smoking",
]
clinical_text = st.one_of(
    st.lists(st.sampled_from(TEXT_PIECES) | st.text(max_size=8), max_size=40).map("".join),
    st.text(max_size=400),
    st.sampled_from(real_criteria()) if V2_STUDIES.exists() else st.just(""),
)


def _trial_with_criteria(text: str) -> Trial:
    return Trial(
        nct_id="NCT00000001",
        source_format="ctgov_v2_json",
        eligibility=Eligibility(criteria_text=text),
    )


@FUZZ
@given(clinical_text)
def test_fuzz_criteria_text_always_parses(text: str) -> None:
    parse_trial_criteria(_trial_with_criteria(text))


@FUZZ
@given(clinical_text)
def test_fuzz_patient_note_extraction_never_raises(note: str) -> None:
    extract_facts(PatientProfile(note=note))


@FUZZ
@given(st.one_of(json_values.map(msgspec.json.encode), st.binary(max_size=200)))
def test_fuzz_profile_json_loads_or_names_the_problem(data: bytes) -> None:
    with contextlib.suppress(msgspec.ValidationError, msgspec.DecodeError):
        load_profile(data)


# The query string: every search parameter of the web face, any value (realistic ones
# mixed in), as the search page and /api/search parse them.
_PARAMETER_VALUES = st.one_of(
    st.text(max_size=60),
    st.sampled_from(
        [
            "",
            "cancer",
            "RECRUITING",
            "phase2",
            "female",
            "45",
            "-1",
            "1e309",
            "nan",
            "Boston",
            "42.36,-71.06",
            "91,200",
            "50km",
            "30mi",
            "0km",
            "distance",
            "updated",
            "100",
            "0",
            "true",
            '"unbalanced',
            "NOT",
            "a OR",
            "\x00",
        ]
    ),
)


@FUZZ
@given(
    st.dictionaries(st.sampled_from(SINGLE_PARAMETERS), _PARAMETER_VALUES, max_size=8),
    st.dictionaries(
        st.sampled_from(LIST_PARAMETERS), st.lists(_PARAMETER_VALUES, max_size=3), max_size=4
    ),
)
def test_fuzz_query_string_builds_a_query_or_names_the_parameter(
    single: dict[str, str], lists: dict[str, list[str]]
) -> None:
    try:
        query = query_from_parameters(single, lists)
    except QueryError as error:
        assert error.parameter
        return
    assert 0 <= query.offset <= MAX_PAGE_OFFSET
    assert 1 <= query.limit <= MAX_LIMIT


_TOKEN_QUERY = build_query("cancer")
_TOKEN_KEY = b"k" * 32
_REAL_TOKEN = encode_page_token(_TOKEN_QUERY, 20, _TOKEN_KEY)


def _mutated_text(text: str) -> st.SearchStrategy[str]:
    return mutated_bytes([text.encode()]).map(lambda data: data.decode("latin-1"))


@FUZZ
@example(f"{_REAL_TOKEN[:-2]}AA")
@example(_REAL_TOKEN.replace(".", ""))
@given(
    st.one_of(
        st.text(max_size=120),
        st.text(alphabet="ABCDEFabcdef0123456789-_.=", max_size=120),
        _mutated_text(_REAL_TOKEN),
        st.integers().map(lambda offset: encode_page_token(_TOKEN_QUERY, offset, _TOKEN_KEY)),
    )
)
def test_fuzz_page_token_decodes_to_a_bounded_offset_or_names_the_parameter(token: str) -> None:
    for key in (None, _TOKEN_KEY):
        try:
            offset = decode_page_token(token, _TOKEN_QUERY, key)
        except QueryError as error:
            assert error.parameter == "page_token"
            continue
        assert 0 <= offset <= MAX_PAGE_OFFSET
