"""Live sync from the ClinicalTrials.gov API v2 ``/studies`` endpoint.

A sync pages through one query (a condition, a term, statuses, an update-date
range, or the whole registry) and upserts every page. The registry is remote
and flaky, and a registry-wide sync takes hours, so:

- each page is committed in one store transaction together with the
  checkpoint (the query and the next page token): a sync killed at any moment
  resumes with :func:`resume_sync` and neither skips nor repeats a page;
- requests are rate limited, and timeouts, connection resets, 429 (honouring
  ``Retry-After``), 5xx and truncated or malformed pages are retried with
  exponential backoff and jitter before the sync gives up with a
  :class:`SyncError` (the checkpoint stays, so a later resume carries on);
- a corrupt study (invalid UTF-8, JSON nested too deep) is skipped and
  reported with its page and position while the page still commits, so a
  resume never meets it again; bodies are read within the bounds of
  :mod:`trialfinder.ingest.limits` (a gzip bomb is refused, not retried);
- nothing is ever deleted: a study that left the registry, or was withdrawn,
  keeps its last record.

The HTTP client is injectable (any ``httpx.Client``, with any transport), so
library callers choose proxies, certificates and transports.
"""

from __future__ import annotations

import email.utils
import gzip
import io
import logging
import random
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta

import httpx
import msgspec

from trialfinder import __version__
from trialfinder.ingest.json_split import NotSplittable, split_array, split_object
from trialfinder.ingest.limits import (
    MAX_DOCUMENT_BYTES,
    OverLimit,
    Readable,
    bounded,
    read_bounded,
)
from trialfinder.ingest.loader import Deriver, IngestSummary, ingest_records
from trialfinder.ingest.reader import RecordResult, parse_document
from trialfinder.ingest.sync_status import SyncStatus, SyncStatusReport, write_sync_status
from trialfinder.store.base import Store

__all__ = [
    "CHECKPOINT_KEY",
    "DEFAULT_API_URL",
    "DEFAULT_PAGE_SIZE",
    "LAST_SYNCED_AT_KEY",
    "NothingToResume",
    "ProgressCallback",
    "RegistryRequester",
    "RetryPolicy",
    "SyncCheckpoint",
    "SyncError",
    "SyncQuery",
    "SyncSettings",
    "SyncStopped",
    "SyncSummary",
    "incremental_since",
    "last_synced_at",
    "make_client",
    "read_checkpoint",
    "record_completed_sync",
    "resume_sync",
    "run_periodic_sync",
    "sync_studies",
]

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://clinicaltrials.gov/api/v2"
# The API's largest page; fewer, larger pages are kinder to the registry.
DEFAULT_PAGE_SIZE = 1000

CHECKPOINT_KEY = "sync.checkpoint"
LAST_SYNCED_AT_KEY = "sync.last_synced_at"
_COVERED_SINCE_PREFIX = "sync.last_completed:"

# Registry dates are US Eastern days and our clock is UTC: asking again for the
# day before the last sync started can only repeat studies, never miss one.
_INCREMENTAL_OVERLAP = timedelta(days=1)
# A periodic sync that failed is tried again after a backoff that starts here and
# doubles per failure, up to an hour (or the interval, if shorter).
_FIRST_FAILED_SYNC_RETRY_SECONDS = 60.0
_FAILED_SYNC_RETRY_SECONDS = 3600.0

# Called after every committed page with (studies done, estimated total).
ProgressCallback = Callable[[int, int | None], None]


class SyncError(RuntimeError):
    """The sync cannot go on; whatever was committed stays, and so does the checkpoint."""


class NothingToResume(SyncError):
    """``resume`` was asked for but no sync was interrupted."""


class SyncStopped(SyncError):
    """The caller's stop event was set; the checkpoint allows a later resume."""


class SyncQuery(msgspec.Struct, frozen=True, omit_defaults=True):
    """What to sync: the documented API v2 search parameters we use.

    No condition, term, status or date means the whole registry.
    """

    api_url: str = DEFAULT_API_URL
    condition: str | None = None  # query.cond
    term: str | None = None  # query.term
    statuses: tuple[str, ...] = ()  # filter.overallStatus
    updated_since: str | None = None  # YYYY-MM-DD, filter.advanced LastUpdatePostDate range
    page_size: int = DEFAULT_PAGE_SIZE

    @property
    def studies_url(self) -> str:
        return f"{self.api_url.rstrip('/')}/studies"

    def params(self, page_token: str | None) -> dict[str, str]:
        """Request parameters for one page; the total is only asked for on the first."""
        params = {"format": "json", "pageSize": str(self.page_size)}
        if self.condition:
            params["query.cond"] = self.condition
        if self.term:
            params["query.term"] = self.term
        if self.statuses:
            params["filter.overallStatus"] = ",".join(self.statuses)
        if self.updated_since:
            params["filter.advanced"] = f"AREA[LastUpdatePostDate]RANGE[{self.updated_since},MAX]"
        if page_token is None:
            params["countTotal"] = "true"
        else:
            params["pageToken"] = page_token
        return params

    @property
    def scope(self) -> str:
        """The set of studies the query covers, whatever date range it asks for."""
        return msgspec.json.encode(
            msgspec.structs.replace(
                self,
                statuses=tuple(sorted(self.statuses)),
                updated_since=None,
                page_size=DEFAULT_PAGE_SIZE,
            )
        ).decode()

    def describe(self) -> str:
        parts = [
            f"{label} {value!r}"
            for label, value in (
                ("condition", self.condition),
                ("term", self.term),
                ("status", ",".join(self.statuses) or None),
                ("updated since", self.updated_since),
            )
            if value
        ]
        return ", ".join(parts) or "the whole registry"


class RetryPolicy(msgspec.Struct, frozen=True):
    """How hard to try one request before giving up."""

    max_attempts: int = 6
    backoff_base_seconds: float = 1.0
    backoff_cap_seconds: float = 60.0
    # A hostile or broken Retry-After must not park a sync for days.
    max_retry_after_seconds: float = 600.0

    def backoff_seconds(self, attempt: int) -> float:
        """Exponential backoff with jitter, so that many clients do not retry in step."""
        ceiling = min(self.backoff_cap_seconds, self.backoff_base_seconds * 2.0 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)


class SyncSettings(msgspec.Struct, frozen=True):
    """Politeness and robustness settings shared by page syncs and bulk downloads."""

    requests_per_second: float = 3.0
    timeout_seconds: float = 120.0
    retry: RetryPolicy = RetryPolicy()


class SyncCheckpoint(msgspec.Struct):
    """Where an interrupted sync stands; stored with every committed page."""

    query: SyncQuery
    started_at: str  # ISO UTC; becomes the "last synced" time once the sync completes
    next_page_token: str | None = None
    pages_done: int = 0
    studies_done: int = 0
    estimated_total: int | None = None


class SyncSummary(msgspec.Struct):
    """What a sync run did; the ingest counts cover this run only."""

    query: SyncQuery
    completed: bool = False
    resumed: bool = False
    pages: int = 0
    requests: int = 0
    retries: int = 0
    repeated_pages: int = 0
    restarted: bool = False
    studies_done: int = 0  # including pages committed before a resume
    estimated_total: int | None = None
    ingest: IngestSummary = msgspec.field(default_factory=IngestSummary)


class _SearchPage(msgspec.Struct, rename="camel"):
    studies: list[msgspec.Raw]
    next_page_token: str | None = None
    total_count: int | None = None


class _TokenRejected(Exception):
    """The registry refused a page token (expired, or from another server)."""


class _MalformedPage(Exception):
    """A page body that is not a search page (truncated, HTML): worth asking again."""


_decode_page = msgspec.json.Decoder(_SearchPage).decode
_decode_token = msgspec.json.Decoder(str | None).decode
_decode_total = msgspec.json.Decoder(int | None).decode


def _decode_any_page(content: bytes) -> _SearchPage:
    """A search page; one study nested too deep for msgspec costs only that study.

    The page is then split without recursing and each study goes on as raw
    bytes, to be judged (and skipped with its position) on its own.
    """
    try:
        return _decode_page(content)
    except RecursionError:
        pass
    except (msgspec.DecodeError, msgspec.ValidationError, UnicodeDecodeError) as error:
        raise _MalformedPage(str(error)) from error
    try:
        members = split_object(content)
        studies = split_array(members[b"studies"])
        return _SearchPage(
            studies=[msgspec.Raw(study) for study in studies],
            next_page_token=_decode_token(members.get(b"nextPageToken", b"null")),
            total_count=_decode_total(members.get(b"totalCount", b"null")),
        )
    except (NotSplittable, KeyError, msgspec.DecodeError, msgspec.ValidationError) as error:
        raise _MalformedPage(str(error)) from error


class _RawStream(io.RawIOBase):
    """A response's body as it arrives on the wire, as a file (for gzip and the bounds)."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__()
        self._chunks = response.iter_raw()
        self._pending = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = chunk
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size


def _bounded_body(response: httpx.Response, what: str) -> bytes:
    """The decoded body, read within the limits; :class:`SyncError` past them.

    httpx would decompress a gzip body whole; here it is expanded as it
    streams, so a bomb costs the limit at most and is refused with the reason.
    """
    encoding = response.headers.get("Content-Encoding", "identity").strip().lower()
    wire = io.BufferedReader(_RawStream(response))
    stream: Readable
    if encoding == "gzip":
        length = response.headers.get("Content-Length", "")
        stream = bounded(
            gzip.GzipFile(fileobj=wire, mode="rb"), int(length) if length.isdigit() else None
        )
    elif encoding == "identity":
        stream = wire
    else:
        raise SyncError(f"{what}: the registry sent an unsupported Content-Encoding {encoding!r}")
    try:
        return read_bounded(stream, MAX_DOCUMENT_BYTES, "response")
    except OverLimit as error:
        raise SyncError(f"{what}: response refused: {error}") from error
    except (EOFError, gzip.BadGzipFile, zlib.error) as error:
        raise _MalformedPage(f"bad gzip body ({error})") from error


_decode_checkpoint = msgspec.json.Decoder(SyncCheckpoint).decode


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def make_client(settings: SyncSettings) -> httpx.Client:
    """The default HTTP client: timeouts from ``settings``, an honest User-Agent."""
    return httpx.Client(
        timeout=settings.timeout_seconds,
        follow_redirects=True,
        headers={"User-Agent": f"trialfinder/{__version__} (+registry sync)"},
    )


class _Pacer:
    """Rate limit and sleeping that a stop event can cut short."""

    def __init__(self, requests_per_second: float, stop: threading.Event | None) -> None:
        self._interval = 1.0 / requests_per_second if requests_per_second > 0 else 0.0
        self._next_request_at = 0.0
        self._stop = stop

    def sleep(self, seconds: float) -> None:
        if self._stop is None:
            time.sleep(max(0.0, seconds))
        elif self._stop.wait(max(0.0, seconds)):
            raise SyncStopped("sync stopped on request")

    def check_stop(self) -> None:
        if self._stop is not None and self._stop.is_set():
            raise SyncStopped("sync stopped on request")

    def before_request(self) -> None:
        now = time.monotonic()
        if self._next_request_at > now:
            self.sleep(self._next_request_at - now)
        self._next_request_at = max(now, self._next_request_at) + self._interval


def _retry_after_seconds(response: httpx.Response) -> float | None:
    """``Retry-After`` as seconds (it may be a number or an HTTP date)."""
    value = response.headers.get("Retry-After")
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class RegistryRequester:
    """Rate limiting and retry bookkeeping for registry requests (pages and bulk files)."""

    def __init__(
        self, client: httpx.Client, settings: SyncSettings, stop: threading.Event | None
    ) -> None:
        self.client = client
        self.policy = settings.retry
        self.pacer = _Pacer(settings.requests_per_second, stop)
        self.requests = 0
        self.retries = 0

    def begin_attempt(self) -> None:
        """Wait for the rate limiter (or a stop) before sending a request."""
        self.pacer.check_stop()
        self.pacer.before_request()
        self.requests += 1

    def wait_before_retry(self, what: str, attempt: int, problem: str, delay: float) -> None:
        """Log and sleep before attempt ``attempt + 1``, or give up after the last one."""
        if attempt >= self.policy.max_attempts:
            raise SyncError(f"{what}: giving up after {attempt} attempts: {problem}")
        logger.warning(
            "%s: %s (attempt %d of %d); retrying in %.1fs",
            what,
            problem,
            attempt,
            self.policy.max_attempts,
            delay,
        )
        self.retries += 1
        self.pacer.sleep(delay)

    def retry_transport_error(self, what: str, attempt: int, error: httpx.TransportError) -> None:
        """Timeouts, resets and cut-off bodies: back off and try again."""
        problem = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        self.wait_before_retry(what, attempt, problem, self.policy.backoff_seconds(attempt))

    def busy_delay(self, response: httpx.Response, attempt: int) -> float | None:
        """For 429 and 5xx, how long to wait (``Retry-After`` if given); None otherwise."""
        if response.status_code != 429 and response.status_code < 500:
            return None
        retry_after = _retry_after_seconds(response)
        if retry_after is None:
            return self.policy.backoff_seconds(attempt)
        return min(retry_after, self.policy.max_retry_after_seconds)

    def get_page(self, url: str, params: Mapping[str, str], what: str) -> _SearchPage:
        attempt = 0
        while True:
            attempt += 1
            self.begin_attempt()
            try:
                with self.client.stream(
                    "GET", url, params=params, headers={"Accept-Encoding": "gzip"}
                ) as response:
                    status = response.status_code
                    delay = self.busy_delay(response, attempt)
                    body = b"" if delay is not None else _bounded_body(response, what)
            except httpx.TransportError as error:
                self.retry_transport_error(what, attempt, error)
                continue
            except _MalformedPage as error:
                problem = f"truncated or malformed page ({error})"
                self.wait_before_retry(what, attempt, problem, self.policy.backoff_seconds(attempt))
                continue
            if delay is not None:
                self.wait_before_retry(what, attempt, f"HTTP {status}", delay)
                continue
            text = body[:300].decode("utf-8", "replace")
            if status == 400 and "pageToken" in params:
                raise _TokenRejected(text[:200])
            if status != 200:
                raise SyncError(f"{what}: the registry answered HTTP {status}: {text}")
            try:
                return _decode_any_page(body)
            except _MalformedPage as error:
                problem = f"truncated or malformed page ({error})"
                self.wait_before_retry(what, attempt, problem, self.policy.backoff_seconds(attempt))


def _page_records(page: _SearchPage, where: str) -> list[RecordResult]:
    return [
        record
        for index, study in enumerate(page.studies)
        for record in parse_document(bytes(study), f"{where}#studies[{index}]")
    ]


def _commit_page(
    store: Store,
    records: list[RecordResult],
    state: Mapping[str, str | None],
    summary: IngestSummary,
    derivers: Sequence[Deriver] | None,
) -> None:
    """Upsert one page and its checkpoint in one transaction; add up the counts.

    (A page that holds a study twice is split where the copy is: the checkpoint
    still commits with the last part, never before the records it covers.)
    """
    page_summary = ingest_records(
        store, records, batch_size=len(records) + 1, derivers=derivers, state=state
    )
    for field in msgspec.structs.fields(IngestSummary):
        total = getattr(summary, field.name)
        if isinstance(total, list):
            total.extend(getattr(page_summary, field.name))
        else:
            setattr(summary, field.name, total + getattr(page_summary, field.name))


def _encode_checkpoint(checkpoint: SyncCheckpoint) -> str:
    return msgspec.json.encode(checkpoint).decode()


def read_checkpoint(store: Store) -> SyncCheckpoint | None:
    """The interrupted sync's checkpoint, if any (an unreadable one counts as none)."""
    raw = store.get_state(CHECKPOINT_KEY)
    if raw is None:
        return None
    try:
        return _decode_checkpoint(raw)
    except (msgspec.DecodeError, msgspec.ValidationError):
        logger.warning("ignoring an unreadable sync checkpoint: %.200s", raw)
        return None


def _completion_state(scope: str, started_at: str) -> dict[str, str | None]:
    """State written with the last page: no checkpoint, and when the data was current."""
    return {
        CHECKPOINT_KEY: None,
        LAST_SYNCED_AT_KEY: started_at,
        _COVERED_SINCE_PREFIX + scope: started_at,
    }


def record_completed_sync(store: Store, scope: str, started_at: str) -> None:
    """Mark a sync done outside the page loop (a bulk load) as the incremental baseline."""
    store.upsert_trials([], state=_completion_state(scope, started_at))


class _PageLoop:
    """One run through a query's pages: fetch, commit with the checkpoint, follow the token."""

    def __init__(
        self,
        store: Store,
        requester: RegistryRequester,
        summary: SyncSummary,
        progress: ProgressCallback | None,
        derivers: Sequence[Deriver] | None,
    ) -> None:
        self.store = store
        self.requester = requester
        self.summary = summary
        self.progress = progress
        self.derivers = derivers
        # How often each page token was asked for in this run: a registry that
        # keeps sending earlier pages must not loop forever.
        self.fetches: Counter[str | None] = Counter()

    def run(self, checkpoint: SyncCheckpoint) -> SyncSummary:
        try:
            while True:
                page = self._fetch(checkpoint)
                if page is not None and self._commit(checkpoint, page):
                    self.summary.completed = True
                    return self.summary
        finally:
            self.summary.requests += self.requester.requests
            self.summary.retries += self.requester.retries

    def _fetch(self, checkpoint: SyncCheckpoint) -> _SearchPage | None:
        """The next page, or None when the query had to restart from its first page."""
        query = checkpoint.query
        token = checkpoint.next_page_token
        what = f"page {checkpoint.pages_done + 1} of {query.describe()}"
        self.fetches[token] += 1
        if self.fetches[token] > self.requester.policy.max_attempts:
            raise SyncError(f"the registry keeps sending {what} again; stopping")
        try:
            page = self.requester.get_page(query.studies_url, query.params(token), what)
        except _TokenRejected as error:
            if self.summary.restarted:
                raise SyncError(f"{what}: page token refused twice: {error}") from error
            logger.warning("%s: page token refused (%s); restarting the query", what, error)
            self.summary.restarted = True
            checkpoint.next_page_token = None
            checkpoint.pages_done = checkpoint.studies_done = 0
            self.fetches.clear()
            return None
        if token is None and page.total_count is not None:
            checkpoint.estimated_total = page.total_count
        return page

    def _commit(self, checkpoint: SyncCheckpoint, page: _SearchPage) -> bool:
        """Store the page with the checkpoint that follows it; True after the last page."""
        what = f"page {checkpoint.pages_done + 1} of {checkpoint.query.describe()}"
        next_token = page.next_page_token or None
        if next_token is not None and next_token in self.fetches:
            self.summary.repeated_pages += 1
            logger.warning("%s: the registry sent an earlier page again", what)
        else:
            checkpoint.pages_done += 1
            checkpoint.studies_done += len(page.studies)
        checkpoint.next_page_token = next_token
        state = (
            _completion_state(checkpoint.query.scope, checkpoint.started_at)
            if next_token is None
            else {CHECKPOINT_KEY: _encode_checkpoint(checkpoint)}
        )
        _commit_page(
            self.store, _page_records(page, what), state, self.summary.ingest, self.derivers
        )
        self.summary.pages += 1
        self.summary.studies_done = checkpoint.studies_done
        self.summary.estimated_total = checkpoint.estimated_total
        if self.progress is not None:
            self.progress(checkpoint.studies_done, checkpoint.estimated_total)
        return next_token is None


class _RunOptions(msgspec.Struct, frozen=True):
    """How a sync run talks to the registry and reports; shared by start and resume."""

    client: httpx.Client | None
    settings: SyncSettings
    progress: ProgressCallback | None
    stop: threading.Event | None
    derivers: Sequence[Deriver] | None


def _start(
    store: Store, checkpoint: SyncCheckpoint, resumed: bool, options: _RunOptions
) -> SyncSummary:
    summary = SyncSummary(query=checkpoint.query, resumed=resumed)
    client = make_client(options.settings) if options.client is None else options.client
    requester = RegistryRequester(client, options.settings, options.stop)
    try:
        return _PageLoop(store, requester, summary, options.progress, options.derivers).run(
            checkpoint
        )
    finally:
        if options.client is None:
            client.close()


def _state_time(store: Store, key: str) -> datetime | None:
    value = store.get_state(key)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def incremental_since(store: Store, query: SyncQuery) -> str | None:
    """The update date an incremental sync of ``query`` starts from, or None if never synced."""
    started = _state_time(store, _COVERED_SINCE_PREFIX + query.scope)
    if started is None:
        return None
    return (started.date() - _INCREMENTAL_OVERLAP).isoformat()


def sync_studies(
    store: Store,
    query: SyncQuery,
    *,
    incremental: bool = False,
    client: httpx.Client | None = None,
    settings: SyncSettings | None = None,
    progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    derivers: Sequence[Deriver] | None = None,
) -> SyncSummary:
    """Sync every study matching ``query``; ``incremental`` asks only for updates since
    the last completed sync of the same query (everything, the first time).

    Replaces any interrupted sync's checkpoint. Raises :class:`SyncError` when the
    registry cannot be read after all retries; :func:`resume_sync` continues later.
    """
    if incremental:
        since = incremental_since(store, query)
        if since is not None and (query.updated_since is None or since > query.updated_since):
            query = msgspec.structs.replace(query, updated_since=since)
    checkpoint = SyncCheckpoint(query=query, started_at=_utc_now().isoformat())
    store.upsert_trials([], state={CHECKPOINT_KEY: _encode_checkpoint(checkpoint)})
    options = _RunOptions(client, settings or SyncSettings(), progress, stop, derivers)
    return _start(store, checkpoint, False, options)


def resume_sync(
    store: Store,
    *,
    client: httpx.Client | None = None,
    settings: SyncSettings | None = None,
    progress: ProgressCallback | None = None,
    stop: threading.Event | None = None,
    derivers: Sequence[Deriver] | None = None,
) -> SyncSummary:
    """Continue the interrupted sync from its checkpoint, with the same query."""
    checkpoint = read_checkpoint(store)
    if checkpoint is None:
        raise NothingToResume("no interrupted sync to resume")
    if progress is not None:
        progress(checkpoint.studies_done, checkpoint.estimated_total)
    options = _RunOptions(client, settings or SyncSettings(), progress, stop, derivers)
    return _start(store, checkpoint, True, options)


def last_synced_at(store: Store) -> datetime | None:
    """When the store's data was last current with the registry (start of the last
    completed sync or bulk load, of any query), for "data last refreshed" notices."""
    return _state_time(store, LAST_SYNCED_AT_KEY)


def _next_due(store: Store, query: SyncQuery, interval_seconds: float) -> float:
    """Seconds until the next periodic sync of ``query`` is due (0 if overdue or interrupted)."""
    if read_checkpoint(store) is not None:
        return 0.0
    synced = _state_time(store, _COVERED_SINCE_PREFIX + query.scope)
    if synced is None:
        return 0.0
    elapsed = (datetime.now(UTC) - synced).total_seconds()
    return max(0.0, interval_seconds - elapsed)


def _failed_sync_delay(failures: int, interval_seconds: float, first_retry_seconds: float) -> float:
    """Backoff before trying a failed periodic sync again: doubling, capped at an hour."""
    cap = min(interval_seconds, _FAILED_SYNC_RETRY_SECONDS)
    return min(cap, first_retry_seconds * 2.0 ** min(failures - 1, 32))


def _sync_position(store: Store | None) -> str:
    """Where an interrupted sync stands, for the log ("" when unknown)."""
    try:
        checkpoint = None if store is None else read_checkpoint(store)
    except Exception:  # the store itself may be what failed
        return ""
    if checkpoint is None:
        return ""
    return (
        f" at page {checkpoint.pages_done + 1} of {checkpoint.query.describe()} "
        f"({checkpoint.studies_done} studies done)"
    )


def _sync_once(
    store: Store,
    query: SyncQuery,
    client: httpx.Client | None,
    settings: SyncSettings | None,
    stop_event: threading.Event,
) -> SyncSummary:
    """Resume the interrupted sync, or run an incremental one of ``query``."""
    if read_checkpoint(store) is not None:
        return resume_sync(store, client=client, settings=settings, stop=stop_event)
    return sync_studies(
        store, query, incremental=True, client=client, settings=settings, stop=stop_event
    )


def run_periodic_sync(
    store_factory: Callable[[], Store],
    interval_seconds: float,
    stop_event: threading.Event,
    *,
    query: SyncQuery | None = None,
    client: httpx.Client | None = None,
    settings: SyncSettings | None = None,
    on_done: Callable[[SyncSummary | SyncError], None] | None = None,
    status: SyncStatus | None = None,
    first_retry_seconds: float = _FIRST_FAILED_SYNC_RETRY_SECONDS,
) -> None:
    """Keep a store current until ``stop_event`` is set: the body of a background thread.

    Every ``interval_seconds`` (counted from the start of the last completed sync,
    so server restarts do not hammer the registry) it resumes an interrupted sync
    or runs an incremental one of ``query`` (default: the whole registry).

    The thread is supervised: any exception (a registry error, a store that
    cannot be opened, a bug) is logged with the sync's position, counted in
    ``status`` (also written to the store for :func:`read_sync_status`),
    reported to ``on_done`` as a :class:`SyncError` and retried after a backoff
    that starts at ``first_retry_seconds`` and doubles up to an hour. Nothing
    but ``stop_event`` ends the thread; setting it interrupts a sync between
    requests, leaving a checkpoint.
    """
    active_query = query or SyncQuery()
    tracker = status or SyncStatus()
    store: Store | None = None
    failures = 0
    try:
        while True:
            outcome: SyncSummary | SyncError
            try:
                if store is None:
                    store = store_factory()
                due = _next_due(store, active_query, interval_seconds) if not failures else 0.0
                if stop_event.wait(due):
                    return
                outcome = _sync_once(store, active_query, client, settings, stop_event)
            except SyncStopped:
                return
            except Exception as error:  # supervised: nothing but stop_event ends the thread
                failures += 1
                outcome = error if isinstance(error, SyncError) else SyncError(repr(error))
                delay = _failed_sync_delay(failures, interval_seconds, first_retry_seconds)
                report = tracker.failed(f"{type(error).__name__}: {error}", delay)
                logger.error(
                    "periodic sync failed (error id %s)%s (failure %d, retrying in %.0fs): %s",
                    report.last_error_id,
                    _sync_position(store),
                    report.error_count,
                    delay,
                    report.last_error,
                    exc_info=not isinstance(error, SyncError),
                )
                if not isinstance(error, SyncError) and store is not None:
                    # An unexpected failure may have left the store unusable: reopen it.
                    _close_quietly(store)
                    store = None
            else:
                failures = 0
                report = tracker.succeeded()
            _report(store, report, outcome, on_done)
            if failures and stop_event.wait(delay):
                return
    finally:
        if store is not None:
            store.close()


def _close_quietly(store: Store) -> None:
    try:
        store.close()
    except Exception:  # closing a broken store must not end the sync thread
        logger.warning("closing the store after a failed periodic sync failed too", exc_info=True)


def _report(
    store: Store | None,
    report: SyncStatusReport,
    outcome: SyncSummary | SyncError,
    on_done: Callable[[SyncSummary | SyncError], None] | None,
) -> None:
    """Keep the status where the web workers read it, then tell the caller."""
    try:
        if store is not None:
            write_sync_status(store, report)
        if on_done is not None:
            on_done(outcome)
    except Exception:  # reporting must not end the sync thread either
        logger.error("recording the periodic sync status failed", exc_info=True)
