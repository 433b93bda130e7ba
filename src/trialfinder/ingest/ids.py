"""The NCT id check every reader applies before a record may become a trial.

The id becomes a URL path (``/trials/NCT…``), a file name in exports and the
store's key, so ``<script>``, ``../../etc/passwd`` or ``javascript:`` ids are
refused at the door instead of being escaped at every later use.
"""

from __future__ import annotations

from trialfinder.ingest.errors import MalformedRecord
from trialfinder.model import normalize_nct_id

__all__ = ["checked_nct_id"]

_SHOWN_CHARS = 40


def checked_nct_id(text: str | None, field: str) -> str:
    """The record's NCT id, normalised; :class:`MalformedRecord` naming ``field`` otherwise."""
    if text is None or not text.strip():
        raise MalformedRecord(f"study has no {field}")
    nct_id = normalize_nct_id(text)
    if nct_id is None:
        shown = text.strip()[:_SHOWN_CHARS]
        raise MalformedRecord(f"{field} {shown!r} is not NCT followed by 8 digits")
    return nct_id
