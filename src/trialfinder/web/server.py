"""Running the web app: uvicorn with query-free access logs, optional periodic sync.

With one worker uvicorn runs the app built here; with several each worker
process builds its own from the settings this process hands over
(:meth:`trialfinder.settings.Settings.hand_to_workers`). The periodic sync runs
once, in this parent process, never in every worker.
"""

from __future__ import annotations

import re
import threading
from typing import Any

import uvicorn
from fastapi import FastAPI

from trialfinder.search import check_searchable, open_store, page_token_key
from trialfinder.settings import Settings
from trialfinder.web.access_log import uvicorn_log_config
from trialfinder.web.app import create_app
from trialfinder.web.connections import KEEP_ALIVE_SECONDS, HeaderTimeoutProtocol

__all__ = ["connection_options", "parse_interval", "serve"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS_PER_UNIT = {"": 3600.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_WORKER_FACTORY = "trialfinder.web.app:app_from_handoff"


def parse_interval(text: str) -> float:
    """``24h``, ``30m``, ``1d``, ``90s`` (a bare number is hours) -> seconds."""
    match = _INTERVAL.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise ValueError(f"Not an interval: {text.strip()!r}. Write it like 24h, 30m or 1d.")
    return float(match.group(1)) * _SECONDS_PER_UNIT[match.group(2).lower()]


def connection_options() -> dict[str, Any]:
    """The uvicorn options every server of the app runs with: how connections are read
    and when idle or half-sent ones are closed (:mod:`trialfinder.web.connections`)."""
    return {"http": HeaderTimeoutProtocol, "timeout_keep_alive": KEEP_ALIVE_SECONDS}


def serve(
    settings: Settings,
    sync_every_seconds: float | None = None,
    api_url: str | None = None,
) -> None:
    """Serve until interrupted; blocks. ``api_url`` is the registry a periodic sync reads."""
    app: FastAPI | str
    if settings.workers == 1:
        # Built here, so a store that cannot open fails before anything listens.
        app = create_app(settings)
    else:
        store = open_store(settings.db, read_url=settings.read_db, search_dir=settings.search_dir)
        try:
            check_searchable(store)
            # The page-token secret is made once here, not raced for by the workers.
            page_token_key(store)
        finally:
            store.close()
        settings.hand_to_workers()
        app = _WORKER_FACTORY
    stop_sync = threading.Event()
    if sync_every_seconds is not None:
        from trialfinder.ingest.sync import DEFAULT_API_URL, SyncQuery, run_periodic_sync

        threading.Thread(
            target=run_periodic_sync,
            args=(
                lambda: open_store(
                    settings.db, read_url=settings.read_db, search_dir=settings.search_dir
                ),
                sync_every_seconds,
                stop_sync,
            ),
            kwargs={"query": SyncQuery(api_url=api_url or DEFAULT_API_URL)},
            name="trialfinder-sync",
            daemon=True,
        ).start()
    try:
        uvicorn.run(
            app,
            factory=isinstance(app, str),
            host=settings.host,
            port=settings.port,
            workers=settings.workers,
            log_config=uvicorn_log_config(),
            proxy_headers=False,
            server_header=False,
            **connection_options(),
        )
    finally:
        stop_sync.set()
