"""Each trial's ClinicalTrials.gov API v2 JSON, made once at ingest and kept as a derived record.

Exporting a study from the typed record costs about as much CPU as decoding it
(dicts for every site and contact), and ``/api/v2/studies`` sent every page
through that export again. Ingest now exports each trial once
(:func:`derive_study_json`, a :class:`~trialfinder.ingest.loader.Deriver`) and the
store keeps the compact JSON bytes in the derived record of kind
:data:`STUDY_JSON_KIND` (compressed with a dictionary of its own,
:mod:`trialfinder.store.records`); a page is those bytes joined. :data:`STUDY_JSON_VERSION`
changes whenever :func:`~trialfinder.ingest.ctgov_v2_export.export_study` answers
differently, so stores written before are found stale and exported again by
``refresh_derived`` (readers meanwhile export a stale study themselves). Like
the parsed criteria, the record is written in the trial's own transaction by
ingest and sync; a trial rewritten through ``Store.upsert_trials`` without its
derived records keeps the previous ones.
"""

from __future__ import annotations

import msgspec

from trialfinder.ingest.ctgov_v2_export import encodable_study
from trialfinder.model import DerivedRecord, Trial

__all__ = [
    "STUDY_JSON_KIND",
    "STUDY_JSON_VERSION",
    "derive_study_json",
    "encode_study_json",
    "stored_study_json",
]

STUDY_JSON_KIND = "ctgov_v2_json"
STUDY_JSON_VERSION = "1"
"""Bump whenever export_study's output changes: older records are then exported again."""


def encode_study_json(trial: Trial) -> bytes:
    """The trial's API v2 study object as compact UTF-8 JSON, as the API sends it."""
    return msgspec.json.encode(encodable_study(trial))


def derive_study_json(trial: Trial) -> list[DerivedRecord]:
    """The derived record ingest keeps for the API (an ingest ``Deriver``)."""
    data = encode_study_json(trial)
    return [DerivedRecord(trial.nct_id, STUDY_JSON_KIND, STUDY_JSON_VERSION, data)]


def stored_study_json(record: DerivedRecord) -> bytes | None:
    """The JSON kept in a record, or None when another version of the export made it."""
    if record.kind != STUDY_JSON_KIND or record.version != STUDY_JSON_VERSION:
        return None
    return record.data
