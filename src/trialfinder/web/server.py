"""Running the web app: uvicorn with query-free access logs, optional periodic sync.

With one worker uvicorn runs the app built here; with several each worker
process builds its own from the settings this process hands over
(:meth:`trialfinder.settings.Settings.hand_to_workers`). The periodic sync runs
once, in this parent process, never in every worker.

Several workers each listen on a socket of their own, bound to the same address
with ``SO_REUSEPORT``, so the kernel spreads the connections over them
(:func:`_serve_workers`). uvicorn's own supervisor hands every worker one shared
socket, and whichever worker wakes first accepts every connection waiting: a client
that opens its keep-alive connections at once (a benchmark, a proxy's pool) had all
32 of them held by one worker while the other idled, so a two-worker server used
about one core.
"""

from __future__ import annotations

import logging
import re
import signal
import socket
import sys
import threading
from multiprocessing.context import SpawnProcess
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn._subprocess import get_subprocess
from uvicorn.config import STARTUP_FAILURE

from trialfinder.search import check_searchable, open_store, page_token_key
from trialfinder.settings import Settings
from trialfinder.web.access_log import uvicorn_log_config
from trialfinder.web.app import create_app
from trialfinder.web.connections import KEEP_ALIVE_SECONDS, HeaderTimeoutProtocol

__all__ = ["connection_options", "parse_interval", "serve"]

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$", re.IGNORECASE)
_SECONDS_PER_UNIT = {"": 3600.0, "s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}
_WORKER_FACTORY = "trialfinder.web.app:app_from_handoff"
# How often the parent looks for a worker that has ended (and starts another).
_WATCH_SECONDS = 0.5

_log = logging.getLogger("uvicorn.error")


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
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": uvicorn_log_config(),
        "proxy_headers": False,
        "server_header": False,
        **connection_options(),
    }
    try:
        if settings.workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
            # One process, or a system without SO_REUSEPORT (Windows): uvicorn's supervisor.
            uvicorn.run(app, factory=isinstance(app, str), workers=settings.workers, **options)
        else:
            _serve_workers(uvicorn.Config(app, factory=True, workers=settings.workers, **options))
    finally:
        stop_sync.set()


def _listener(host: str, port: int, backlog: int) -> socket.socket:
    """A listening socket of one worker: the address shared with the other workers'
    (``SO_REUSEPORT``: the kernel gives each new connection to one of them). It listens
    from the start, so the connections given to a worker still starting wait for it
    rather than all going to the first worker up."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    listener.bind((host, port))
    listener.listen(backlog)
    listener.set_inheritable(True)
    return listener


def _serve_workers(config: uvicorn.Config) -> None:
    """``config.workers`` uvicorn worker processes, each on its own socket (see the
    module's docstring), until SIGINT or SIGTERM; a worker that ends is started again
    on its socket (its connections wait meanwhile), unless it failed to start (then
    all stop, as uvicorn's own supervisor does)."""
    try:
        listeners = [_listener(config.host, config.port, config.backlog)]
        # Port 0: the others on the port the first was given.
        port = int(listeners[0].getsockname()[1])
        listeners += [
            _listener(config.host, port, config.backlog) for _ in range(config.workers - 1)
        ]
    except OSError as error:
        _log.error("%s", error)
        sys.exit(STARTUP_FAILURE)
    _log.info("Uvicorn running on http://%s:%d (Press CTRL+C to quit)", config.host, port)
    server = uvicorn.Server(config)

    def started(listener: socket.socket) -> SpawnProcess:
        process = get_subprocess(config, target=server.run, sockets=[listener])
        process.start()
        return process

    stop = threading.Event()
    for ending in (signal.SIGINT, signal.SIGTERM):
        signal.signal(ending, lambda number, frame: stop.set())
    workers = [started(listener) for listener in listeners]
    while not stop.wait(_WATCH_SECONDS):
        for index, worker in enumerate(workers):
            if worker.is_alive():
                continue
            if worker.exitcode == STARTUP_FAILURE:
                _log.error("Worker [%s] failed to start; stopping.", worker.pid)
                stop.set()
                break
            _log.info("Worker [%s] ended; starting another.", worker.pid)
            workers[index] = started(listeners[index])
    for worker in workers:
        worker.terminate()
    for worker in workers:
        worker.join()
    for listener in listeners:
        listener.close()
