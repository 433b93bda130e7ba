"""``/api/status``: how current this registry copy is, for monitors and operators.

A background sync that keeps failing leaves the pages answering from stale data;
this says so in JSON — the number of trials, the data generation (changes with
every write), when the data was last refreshed and the sync's last success and
last error (with the error id its log line carries). No patient data is involved.
"""

from __future__ import annotations

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from trialfinder.ingest.sync import last_synced_at
from trialfinder.ingest.sync_status import read_sync_status
from trialfinder.web.api.answers import request_store

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["status"])


@router.get("/status", summary="Trial count, data generation and background sync health")
def api_status(request: Request) -> JSONResponse:
    """``sync`` is null when no background sync (``serve --sync-every``) ever ran."""
    store = request_store(request)
    refreshed = last_synced_at(store)
    sync = read_sync_status(store)
    return JSONResponse(
        {
            "trials": store.count_trials(),
            "data_generation": store.data_generation(),
            "last_refreshed_at": refreshed.isoformat() if refreshed is not None else None,
            "sync": msgspec.to_builtins(sync) if sync is not None else None,
        }
    )
