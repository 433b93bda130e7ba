"""The API v2 JSON of stored studies, read from what ingest kept rather than exported again.

Ingest keeps every study's API v2 JSON as a derived record
(:mod:`trialfinder.ingest.study_json`), so a page of studies is a few
decompressed byte strings joined, not a decode and an export per study. A study
whose record is missing or from another export version (a store written by an
older trialfinder, or a trial written without derived records) is exported from
its typed record here: the answer is the same JSON either way, only slower.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from trialfinder.ingest.study_json import encode_study_json
from trialfinder.store import Store
from trialfinder.store.study_json import stored_study_documents

__all__ = ["iter_page_json", "page_json", "study_documents"]


def study_documents(store: Store, nct_ids: Sequence[str]) -> list[bytes]:
    """The API v2 JSON of the studies that exist among ``nct_ids``, in the order asked."""
    wanted = [nct_id.strip().upper() for nct_id in nct_ids]
    documents = stored_study_documents(store, wanted)
    missing = [nct_id for nct_id in wanted if nct_id not in documents]
    for trial in store.get_trials(missing) if missing else ():
        documents[trial.nct_id] = encode_study_json(trial)
    return [documents[nct_id] for nct_id in wanted if nct_id in documents]


_OPENING = b'{"studies":['


def _comma_separated(studies: Sequence[bytes], before: bytes, after: bytes) -> bytes:
    """``before``, the studies with a comma between each two, ``after``: one join, so each
    study's bytes are copied once (a page of ten full studies is ~200 kB)."""
    pieces = [before]
    for study in studies:
        pieces += (study, b",")
    if studies:
        pieces.pop()
    pieces.append(after)
    return b"".join(pieces)


def page_json(studies: Sequence[bytes], tail: bytes = b"") -> bytes:
    """``{"studies":[...]<tail>}`` from the studies' JSON; ``tail`` is the rest of the
    object (``,"totalCount":5``)."""
    return _comma_separated(studies, _OPENING, b"]" + tail + b"}")


def iter_page_json(batches: Iterable[Sequence[bytes]], tail: bytes = b"") -> Iterator[bytes]:
    """:func:`page_json` in pieces, from batches of studies' JSON (read while the answer
    is sent, for long pages)."""
    yield _OPENING
    separator = b""
    for batch in batches:
        if batch:
            yield _comma_separated(batch, separator, b"")
            separator = b","
    yield b"]" + tail + b"}"
