"""Bulk load: the registry's zip of every study, streamed to disk, then ingested.

The registry-wide zip is gigabytes, so it never sits in memory: it is streamed
to a temporary file next to the store (same disk, so space problems show up
early and the file is cleaned up with the store), with the same rate limit and
retries as a page sync; an interrupted download continues with an HTTP
``Range`` request where the server allows it, and stops at the expanded-size
limit of :mod:`trialfinder.ingest.limits`. The ingest reader then reads the
archive member by member, each within those limits.
"""

from __future__ import annotations

import re
import tempfile
import threading
import zipfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO

import httpx
import msgspec

from trialfinder.ingest.errors import UnreadableInput
from trialfinder.ingest.limits import MAX_EXPANDED_BYTES
from trialfinder.ingest.loader import Deriver, IngestSummary, ingest_paths
from trialfinder.ingest.sync import (
    DEFAULT_API_URL,
    RegistryRequester,
    SyncError,
    SyncQuery,
    SyncSettings,
    make_client,
    record_completed_sync,
)
from trialfinder.store.base import Store

__all__ = [
    "BulkSummary",
    "ByteProgress",
    "bulk_url",
    "download_bulk",
    "store_directory",
    "sync_bulk",
]

# Called as bytes arrive with (bytes so far, expected size if the server said).
ByteProgress = Callable[[int, int | None], None]

_CONTENT_RANGE = re.compile(r"^bytes (\d+)-\d+/(\d+|\*)$")
# The registry rebuilds its bulk file about daily: count a download as current
# from a day before it started, so an incremental sync after it misses nothing.
_BULK_SNAPSHOT_AGE = timedelta(days=1)


class BulkSummary(msgspec.Struct):
    """What a bulk load did."""

    source: str
    downloaded_bytes: int | None = None  # None when the source was a local file
    requests: int = 0
    retries: int = 0
    ingest: IngestSummary = msgspec.field(default_factory=IngestSummary)


def bulk_url(api_url: str = DEFAULT_API_URL) -> str:
    """The API's download of every study as a zip of JSON records."""
    return f"{api_url.rstrip('/')}/studies/download?format=json.zip"


def store_directory(store: Store) -> Path | None:
    """The directory of a file-backed store (where the download goes), else None."""
    if "://" in store.url:
        return None
    return Path(store.url).resolve().parent


def _expected_size(response: httpx.Response, resumed_at: int, what: str) -> int | None:
    """The whole file's size as announced; a range answer must start where we stopped."""
    if response.status_code == 206:
        match = _CONTENT_RANGE.match(response.headers.get("Content-Range", ""))
        if match is None or int(match.group(1)) != resumed_at:
            raise SyncError(f"{what}: the server answered a resumed download out of place")
        return None if match.group(2) == "*" else int(match.group(2))
    length = response.headers.get("Content-Length", "")
    return int(length) if length.isdigit() else None


def _stream_into(
    requester: RegistryRequester, url: str, sink: IO[bytes], progress: ByteProgress | None
) -> int | None:
    """Download ``url`` into ``sink`` with retries; return the size the server announced."""
    what = f"bulk download {url}"
    attempt = 0
    while True:
        attempt += 1
        requester.begin_attempt()
        have = sink.tell()
        try:
            # The zip is compressed already: ask for it as is (no gzip on top to expand).
            headers = {"Accept-Encoding": "identity"}
            if have:
                headers["Range"] = f"bytes={have}-"
            with requester.client.stream("GET", url, headers=headers) as response:
                status = response.status_code
                delay = requester.busy_delay(response, attempt)
                if delay is None:
                    if status not in (200, 206):
                        raise SyncError(f"{what}: the server answered HTTP {status}")
                    if status == 200:  # the server ignored the range: start again
                        sink.seek(0)
                        sink.truncate()
                    expected = _expected_size(response, sink.tell(), what)
                    # Unbuffered: every byte read is on disk before a reset can lose it.
                    for chunk in response.iter_bytes():
                        sink.write(chunk)
                        if sink.tell() > MAX_EXPANDED_BYTES:
                            raise SyncError(f"{what}: refused past {MAX_EXPANDED_BYTES:,} bytes")
                        if progress is not None:
                            progress(sink.tell(), expected)
                        requester.pacer.check_stop()
                    return expected
        except httpx.TransportError as error:
            requester.retry_transport_error(what, attempt, error)
            continue
        requester.wait_before_retry(what, attempt, f"HTTP {status}", delay)


def download_bulk(
    url: str,
    target: Path,
    *,
    client: httpx.Client | None = None,
    settings: SyncSettings | None = None,
    progress: ByteProgress | None = None,
    stop: threading.Event | None = None,
) -> tuple[int, RegistryRequester]:
    """Stream ``url`` to ``target`` and check it is a whole zip; return its size and
    the requester (for request and retry counts)."""
    active_settings = settings or SyncSettings()
    own_client = client is None
    active_client = make_client(active_settings) if client is None else client
    requester = RegistryRequester(active_client, active_settings, stop)
    try:
        with target.open("w+b") as sink:
            expected = _stream_into(requester, url, sink, progress)
            size = sink.tell()
    finally:
        if own_client:
            active_client.close()
    if expected is not None and size != expected:
        raise SyncError(f"bulk download {url}: got {size:,} of {expected:,} bytes")
    if not zipfile.is_zipfile(target):
        raise SyncError(f"bulk download {url}: the server did not send a zip archive")
    return size, requester


def sync_bulk(
    store: Store,
    source: str | Path | None = None,
    *,
    api_url: str = DEFAULT_API_URL,
    work_dir: Path | None = None,
    client: httpx.Client | None = None,
    settings: SyncSettings | None = None,
    download_progress: ByteProgress | None = None,
    ingest_progress: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
    derivers: Sequence[Deriver] | None = None,
) -> BulkSummary:
    """Load a bulk zip: the registry's own (``source`` None), another URL, or a local file.

    A download goes to a temporary file in ``work_dir`` (default: beside a SQLite
    store) that is removed afterwards. Loading the registry's own download also
    makes it the starting point of ``--all --incremental`` syncs.
    """
    location = bulk_url(api_url) if source is None else str(source)
    if not location.startswith(("http://", "https://")):
        try:
            ingest = ingest_paths(
                store, [Path(location)], derivers=derivers, progress=ingest_progress
            )
        except UnreadableInput as error:
            raise SyncError(str(error)) from error
        return BulkSummary(source=location, ingest=ingest)
    started = datetime.now(UTC).replace(microsecond=0)
    directory = work_dir or store_directory(store)
    with tempfile.TemporaryDirectory(prefix=".trialfinder-bulk-", dir=directory) as scratch:
        target = Path(scratch) / "studies.zip"
        size, requester = download_bulk(
            location,
            target,
            client=client,
            settings=settings,
            progress=download_progress,
            stop=stop,
        )
        try:
            ingest = ingest_paths(store, [target], derivers=derivers, progress=ingest_progress)
        except UnreadableInput as error:
            raise SyncError(str(error)) from error
    if source is None:
        record_completed_sync(
            store, SyncQuery(api_url=api_url).scope, (started - _BULK_SNAPSHOT_AGE).isoformat()
        )
    return BulkSummary(
        source=location,
        downloaded_bytes=size,
        requests=requester.requests,
        retries=requester.retries,
        ingest=ingest,
    )
