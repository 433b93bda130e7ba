"""Running the web app: uvicorn with query-free access logs, optional periodic sync.

With several workers each process opens the store itself (``TRIALFINDER_DB``);
the periodic sync runs once, in this parent process, never in every worker.
"""

from __future__ import annotations

import os
import re
import threading

import uvicorn

from trialfinder.search import open_store
from trialfinder.store import default_db
from trialfinder.web.access_log import uvicorn_log_config

__all__ = ["parse_interval", "serve"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS_PER_UNIT = {"": 3600.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def parse_interval(text: str) -> float:
    """``24h``, ``30m``, ``1d``, ``90s`` (a bare number is hours) -> seconds."""
    match = _INTERVAL.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(f"Not an interval: {text.strip()!r}. Write it like 24h, 30m or 1d.")
    return float(match.group(1)) * _SECONDS_PER_UNIT[match.group(2).lower()]


def serve(
    db: str | None,
    host: str,
    port: int,
    workers: int = 1,
    sync_every_seconds: float | None = None,
    api_url: str | None = None,
) -> None:
    """Serve until interrupted; blocks. ``api_url`` is the registry a periodic sync reads."""
    location = db or default_db()
    os.environ["TRIALFINDER_DB"] = location
    # Open once here so a bad location fails before any worker starts.
    open_store(location).close()
    stop_sync = threading.Event()
    if sync_every_seconds is not None:
        from trialfinder.ingest.sync import DEFAULT_API_URL, SyncQuery, run_periodic_sync

        threading.Thread(
            target=run_periodic_sync,
            args=(lambda: open_store(location), sync_every_seconds, stop_sync),
            kwargs={"query": SyncQuery(api_url=api_url or DEFAULT_API_URL)},
            name="trialfinder-sync",
            daemon=True,
        ).start()
    try:
        uvicorn.run(
            "trialfinder.web.app:app_from_environment",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_config=uvicorn_log_config(),
            proxy_headers=False,
            server_header=False,
        )
    finally:
        stop_sync.set()
