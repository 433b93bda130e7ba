"""The API v2 JSON ingest keeps for each study, read back: the one read the API's pages make.

``/api/v2/studies`` pages are made of the JSON ingest stored per study
(:mod:`trialfinder.ingest.study_json`); this is where the API asks for it, so that
how the store keeps it (a derived record, compressed with its own dictionary:
:mod:`trialfinder.store.records`) can change without the API changing.
"""

from __future__ import annotations

from collections.abc import Sequence

from trialfinder.ingest.study_json import STUDY_JSON_KIND, stored_study_json
from trialfinder.store.base import Store

__all__ = ["stored_study_documents"]


def stored_study_documents(store: Store, nct_ids: Sequence[str]) -> dict[str, bytes]:
    """The API v2 JSON of those of ``nct_ids`` (as stored: upper case) whose stored JSON the
    current export version made, by NCT id; the others are the caller's to export."""
    found: dict[str, bytes] = {}
    for nct_id, record in store.get_derived(STUDY_JSON_KIND, nct_ids).items():
        document = stored_study_json(record)
        if document is not None:
            found[nct_id] = document
    return found
