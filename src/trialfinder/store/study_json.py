"""The API v2 JSON the store keeps for each study, read back: the one read the API's pages make.

``/api/v2/studies`` pages are made of each study's API v2 JSON as stored: a trial's
record is that JSON (:mod:`trialfinder.store.study_record`). Stores written before kept
it as a derived record beside a typed record; those still answer from it until their
trials are written again. This is where the API asks for it, so that how the store
keeps it can change without the API changing.
"""

from __future__ import annotations

from collections.abc import Sequence

from trialfinder.ingest.study_json import STUDY_JSON_KIND, stored_study_json
from trialfinder.store.base import Store
from trialfinder.store.records import study_json_in_record

__all__ = ["stored_study_documents"]


def stored_study_documents(store: Store, nct_ids: Sequence[str]) -> dict[str, bytes]:
    """The API v2 JSON of those of ``nct_ids`` (as stored: upper case) whose stored JSON the
    current export version made, by NCT id; the others are the caller's to export."""
    found: dict[str, bytes] = {}
    older: list[str] = []
    for nct_id, record in store.get_records(nct_ids).items():
        document = study_json_in_record(record)
        if document is None:
            older.append(nct_id)
        else:
            found[nct_id] = document
    for nct_id, derived in store.get_derived(STUDY_JSON_KIND, older).items() if older else ():
        document = stored_study_json(derived)
        if document is not None:
            found[nct_id] = document
    return found
