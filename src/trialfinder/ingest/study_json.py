"""Each trial's ClinicalTrials.gov API v2 JSON, made once at ingest: the form the store keeps it in.

Exporting a study from the typed record costs about as much CPU as decoding it
(dicts for every site and contact), and ``/api/v2/studies`` sent every page
through that export again. Ingest now exports each trial once
(:func:`encode_study_json`, in its worker processes) and the store keeps that JSON as
the trial's record (:mod:`trialfinder.store.study_record`): a page is the stored bytes
joined, and everything else reads the trial back from them. Stores written before
kept the JSON as a derived record of kind :data:`STUDY_JSON_KIND` beside a typed
record; those are still read (:func:`stored_study_json`). :data:`STUDY_JSON_VERSION`
changes whenever :func:`~trialfinder.ingest.ctgov_v2_export.export_study` answers
differently, so JSON an older export made is not served (readers export that study
from its trial themselves).
"""

from __future__ import annotations

import msgspec

from trialfinder.ingest.ctgov_v2_export import encodable_study
from trialfinder.model import DerivedRecord, Trial

__all__ = [
    "STUDY_JSON_KIND",
    "STUDY_JSON_VERSION",
    "encode_study_json",
    "stored_study_json",
]

STUDY_JSON_KIND = "ctgov_v2_json"
STUDY_JSON_VERSION = "1"
"""Bump whenever export_study's output changes: older records are then exported again."""


def encode_study_json(trial: Trial) -> bytes:
    """The trial's API v2 study object as compact UTF-8 JSON, as the API sends it."""
    return msgspec.json.encode(encodable_study(trial))


def stored_study_json(record: DerivedRecord) -> bytes | None:
    """The JSON kept in a derived record (by stores written before the JSON became the
    trial's record), or None when another version of the export made it."""
    if record.kind != STUDY_JSON_KIND or record.version != STUDY_JSON_VERSION:
        return None
    return record.data
