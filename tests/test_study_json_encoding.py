"""The API v2 JSON ingest stores is the export's JSON, byte for byte, however it is made.

Ingest encodes :func:`~trialfinder.ingest.ctgov_v2_export.encodable_study`, which leaves
sites and contacts as typed records for msgspec to encode, instead of the dicts
:func:`~trialfinder.ingest.ctgov_v2_export.export_study` builds; the API must not be able
to tell. These compare the bytes with the export as the API wrote it before, on every
real record and on sites and contacts with every kind of absent, empty or odd value.
"""

from __future__ import annotations

import json
from typing import Any

import msgspec

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from live_server import hostile_trial
from trialfinder.ingest import iter_records
from trialfinder.ingest.ctgov_v2_export import export_study
from trialfinder.ingest.study_json import encode_study_json
from trialfinder.model import Contact, GeoPoint, Location, Trial


def _exported(study: dict[str, Any]) -> bytes:
    """The study as the API's JSONResponse wrote the export before the stored JSON."""
    return json.dumps(study, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()


def test_stored_study_json_is_the_export_of_every_real_record() -> None:
    paths = [shared_path(API_V2_STUDIES), shared_path(LEGACY_XML_SAMPLE)]
    trials = [record.trial for record in iter_records(paths) if record.trial is not None]
    assert len(trials) == 293
    assert sum(len(trial.locations) for trial in trials) > 4_000
    for trial in trials:
        assert encode_study_json(trial) == _exported(export_study(trial)), trial.nct_id


def test_sites_and_contacts_with_absent_empty_and_odd_values_encode_as_exported() -> None:
    sites = [
        Location(),
        Location(facility="", city="", country=""),
        Location(contacts=[Contact(), Contact(name="", phone_ext="12")]),
        Location(
            facility='Hôpital "Saint-Éloi" <b>',
            status="RECRUITING",
            city="Montpellier",
            state="Occitanie",
            zip="34295",
            country="France",
            contacts=[Contact(name="Dr. Ünal", role="CONTACT", email="x@example.org")],
            geo_point=GeoPoint(lat=43.63, lon=3.86),
        ),
        Location(city="Null Island", geo_point=GeoPoint(lat=0.0, lon=-0.0)),
    ]
    officials = [Contact(), Contact(name="A. Person", role="PRINCIPAL_INVESTIGATOR")]
    trials = [
        hostile_trial(),
        Trial(nct_id="NCT00000001", source_format="ctgov_v2_json", locations=sites),
        Trial(
            nct_id="NCT00000002",
            source_format="ctgov_legacy_xml",
            central_contacts=[Contact(phone="+1 555 0100", phone_ext="")],
            overall_officials=officials,
        ),
    ]
    for trial in trials:
        assert encode_study_json(trial) == _exported(export_study(trial)), trial.nct_id


def test_the_export_keeps_false_and_zero_values_and_omits_absent_and_empty_ones() -> None:
    """API v2 omits a field with no value (None, an empty list or object) but writes
    ``false`` and ``0``: healthy volunteers not accepted, an enrollment of 0."""
    trial = next(
        record.trial
        for record in iter_records([shared_path(API_V2_STUDIES)])
        if record.trial is not None and record.trial.eligibility.healthy_volunteers is False
    )
    emptied = msgspec.structs.replace(
        trial,
        keywords=[],
        conditions=[],
        enrollment=msgspec.structs.replace(trial.enrollment, count=0, type=None),
    )
    protocol = export_study(emptied)["protocolSection"]
    assert protocol["eligibilityModule"]["healthyVolunteers"] is False
    assert protocol["designModule"]["enrollmentInfo"] == {"count": 0}
    assert "conditionsModule" not in protocol
    assert encode_study_json(emptied) == _exported(export_study(emptied))
