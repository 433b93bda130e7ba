"""A ClinicalTrials.gov API v2 stand-in that the sync tests start on loopback.

It serves real study records in the API's page shape (``studies``,
``nextPageToken``, ``totalCount`` on the first page when ``countTotal=true``),
honours the documented parameters the sync sends (``query.cond``,
``query.term``, ``filter.overallStatus``, ``filter.advanced`` with a
``LastUpdatePostDate`` range, ``pageSize``, ``pageToken``, ``format``), serves
the bulk zip at ``/studies/download?format=json.zip`` (with ``Range``), and
injects faults on request: 500, 429 with ``Retry-After``, a hang past the
client's timeout, a connection reset mid-body, truncated JSON, a malformed
page, a page repeated, a page token refused as expired and a gzip bomb (a
``Content-Encoding: gzip`` body that expands far beyond its size). A study can
be served as given raw bytes (``corrupt``: invalid UTF-8, JSON nested too
deep) in pages and in the bulk zip, and pages can be sent gzip-encoded.
Every request is logged for assertions.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import gzip
import hashlib
import io
import json
import re
import socket
import struct
import threading
import time
import zipfile
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

from conftest import API_V2_STUDIES, shared_path

__all__ = [
    "Fault",
    "LoggedRequest",
    "RegistryStandIn",
    "build_bulk_zip",
    "load_studies",
    "nct_id_of",
    "renamed_study",
]

Fault = Literal["500", "429", "hang", "reset", "truncate", "malformed", "repeat", "expire", "bomb"]
BULK = "bulk"  # the fault target for the bulk download

_RANGE = re.compile(r"^AREA\[LastUpdatePostDate\]RANGE\[([^,\]]+),([^\]]+)\]$")
_MAX_PAGE_SIZE = 1000
_PAGING_PARAMS = ("pageToken", "countTotal")
_DEFAULT_PAGE_SIZE = 10
# A gzip bomb body: 64 MiB of zeros, about 64 KiB on the wire.
_BOMB_EXPANDED_BYTES = 64 * 1024 * 1024


def load_studies() -> list[dict[str, Any]]:
    """The 228 real API v2 studies under ../shared (the calling test skips if absent)."""
    with shared_path(API_V2_STUDIES).open("rb") as lines:
        return [json.loads(line) for line in lines if line.strip()]


def nct_id_of(study: Mapping[str, Any]) -> str:
    return str(study["protocolSection"]["identificationModule"]["nctId"])


def renamed_study(study: Mapping[str, Any], nct_id: str, word: str) -> dict[str, Any]:
    """A copy of a real study under a new NCT id, its title carrying a unique word."""
    renamed = copy.deepcopy(dict(study))
    identification = renamed["protocolSection"]["identificationModule"]
    identification["nctId"] = nct_id
    identification["briefTitle"] = f"{word.title()} of the knee"
    return renamed


def _status_module(study: Mapping[str, Any]) -> Mapping[str, Any]:
    return study.get("protocolSection", {}).get("statusModule", {})


def _last_update(study: Mapping[str, Any]) -> str | None:
    posted = _status_module(study).get("lastUpdatePostDateStruct", {}).get("date")
    return posted if isinstance(posted, str) else None


def _condition_text(study: Mapping[str, Any]) -> str:
    protocol = study.get("protocolSection", {})
    identification = protocol.get("identificationModule", {})
    conditions = protocol.get("conditionsModule", {})
    meshes = study.get("derivedSection", {}).get("conditionBrowseModule", {}).get("meshes", [])
    parts = [
        identification.get("nctId", ""),
        identification.get("briefTitle", ""),
        identification.get("officialTitle", ""),
        *conditions.get("conditions", []),
        *conditions.get("keywords", []),
        *(mesh.get("term", "") for mesh in meshes),
    ]
    return " ".join(str(part) for part in parts).lower()


def build_bulk_zip(
    studies: Iterable[Mapping[str, Any]], raw: Mapping[str, bytes] | None = None
) -> bytes:
    """A zip like the registry's download: one ``NCT….json`` per study (``raw`` bytes
    instead of the JSON for the studies it names)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for study in studies:
            nct_id = nct_id_of(study)
            archive.writestr(f"{nct_id}.json", (raw or {}).get(nct_id) or json.dumps(study))
    return buffer.getvalue()


def _gzip_bomb() -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9) as sink:
        for _ in range(_BOMB_EXPANDED_BYTES // (1024 * 1024)):
            sink.write(b"0" * (1024 * 1024))
    return buffer.getvalue()


@dataclass
class LoggedRequest:
    path: str
    params: dict[str, str]
    headers: dict[str, str]
    at: float
    page: int | None = None
    fault: str | None = None
    status: int = 200
    served_ids: list[str] = field(default_factory=list)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    standin: RegistryStandIn

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up on purpose (timeouts, resets) are part of the tests."""

    def shutdown_request(self, request: Any) -> None:
        with contextlib.suppress(OSError):
            super().shutdown_request(request)


class _BadRequest(Exception):
    pass


class RegistryStandIn:
    """Start with ``with RegistryStandIn(studies) as registry:``; ``registry.api_url``."""

    def __init__(
        self,
        studies: Iterable[Mapping[str, Any]],
        *,
        page_delay_seconds: float = 0.0,
        hang_seconds: float = 2.0,
        retry_after: str = "1",
        hold_page: int | None = None,
        hold_seconds: float = 30.0,
        gzip_pages: bool = False,
    ) -> None:
        self._studies: dict[str, Mapping[str, Any]] = {}
        # Studies served as these bytes instead of their JSON (corrupt records).
        self._raw: dict[str, bytes] = {}
        self.gzip_pages = gzip_pages
        self.page_delay_seconds = page_delay_seconds
        self.hang_seconds = hang_seconds
        self.retry_after = retry_after
        # Page ``hold_page`` is answered only after ``release`` is set (or
        # ``hold_seconds`` passed); ``held`` says a client is waiting for it (to
        # kill that client mid-request).
        self.hold_page = hold_page
        self.hold_seconds = hold_seconds
        self.held = threading.Event()
        self.release = threading.Event()
        self.requests: list[LoggedRequest] = []
        self._faults: dict[int | str, list[Fault]] = defaultdict(list)
        self._bodies: dict[tuple[str, int], bytes] = {}
        self._lock = threading.Lock()
        self._bulk: bytes | None = None
        self.replace_studies(studies)
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.standin = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    # -- control -----------------------------------------------------------

    def __enter__(self) -> RegistryStandIn:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/api/v2"

    def replace_studies(self, studies: Iterable[Mapping[str, Any]]) -> None:
        """Add or replace studies (a registry update); keeps NCT order."""
        with self._lock:
            for study in studies:
                self._studies[nct_id_of(study)] = study
            self._studies = dict(sorted(self._studies.items()))
            self._bulk = None

    def corrupt(self, nct_id: str, raw: bytes) -> None:
        """Serve study ``nct_id`` as ``raw`` bytes from now on, in pages and the bulk zip."""
        with self._lock:
            self._raw[nct_id] = raw
            self._bulk = None

    def remove_study(self, nct_id: str) -> None:
        with self._lock:
            del self._studies[nct_id]
            self._bulk = None

    def inject(self, fault: Fault, *, page: int | str = 0, times: int = 1) -> None:
        """The next ``times`` requests for ``page`` (an index, or ``BULK``) get ``fault``."""
        with self._lock:
            self._faults[page].extend([fault] * times)

    def page_requests(self) -> list[LoggedRequest]:
        return [request for request in self.requests if request.path.endswith("/studies")]

    def served_ids(self) -> set[str]:
        """Studies sent in whole, unfaulted pages."""
        return {
            nct_id
            for request in self.page_requests()
            if request.fault is None and request.status == 200
            for nct_id in request.served_ids
        }

    def wait_for_requests(self, count: int, timeout_seconds: float = 30.0) -> None:
        deadline = time.monotonic() + timeout_seconds
        while len(self.page_requests()) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {len(self.page_requests())} of {count} page requests")
            time.sleep(0.01)

    # -- the API -----------------------------------------------------------

    def matching(self, params: Mapping[str, str]) -> list[Mapping[str, Any]]:
        studies = list(self._studies.values())
        condition = params.get("query.cond", "").strip().lower()
        if condition:
            studies = [study for study in studies if condition in _condition_text(study)]
        term = params.get("query.term", "").strip().lower()
        if term:
            studies = [study for study in studies if term in json.dumps(study).lower()]
        statuses = {
            status.strip().upper()
            for status in re.split(r"[,|]", params.get("filter.overallStatus", ""))
            if status.strip()
        }
        if statuses:
            studies = [s for s in studies if _status_module(s).get("overallStatus") in statuses]
        advanced = params.get("filter.advanced", "").strip()
        if advanced:
            match = _RANGE.match(advanced)
            if match is None:
                raise _BadRequest(f"unsupported filter.advanced {advanced!r}")
            low, high = match.group(1), match.group(2)
            studies = [
                study
                for study in studies
                if (updated := _last_update(study)) is not None
                and (low == "MIN" or updated >= low)
                and (high == "MAX" or updated <= high)
            ]
        return studies

    @staticmethod
    def query_key(params: Mapping[str, str]) -> str:
        kept = {key: value for key, value in params.items() if key not in _PAGING_PARAMS}
        return hashlib.sha256(json.dumps(kept, sort_keys=True).encode()).hexdigest()[:16]

    @staticmethod
    def _token(query_key: str, offset: int) -> str:
        raw = json.dumps({"q": query_key, "o": offset}).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def _offset(self, params: Mapping[str, str]) -> int:
        token = params.get("pageToken")
        if token is None:
            return 0
        try:
            decoded = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        except ValueError as error:
            raise _BadRequest("invalid pageToken") from error
        if decoded.get("q") != self.query_key(params):
            raise _BadRequest("pageToken does not belong to this query")
        return int(decoded["o"])

    def studies_page(self, params: Mapping[str, str]) -> tuple[int, bytes, list[str]]:
        """(page index, body, NCT ids) of one search page."""
        if params.get("format", "json") != "json":
            raise _BadRequest("only format=json is served")
        try:
            page_size = int(params.get("pageSize", _DEFAULT_PAGE_SIZE))
        except ValueError as error:
            raise _BadRequest("pageSize is not a number") from error
        if not 0 < page_size <= _MAX_PAGE_SIZE:
            raise _BadRequest(f"pageSize {page_size} out of range")
        offset = self._offset(params)
        with self._lock:
            matches = self.matching(params)
        chunk = matches[offset : offset + page_size]
        page: dict[str, Any] = {}
        if params.get("countTotal") == "true" and "pageToken" not in params:
            page["totalCount"] = len(matches)
        if offset + page_size < len(matches):
            page["nextPageToken"] = self._token(self.query_key(params), offset + page_size)
        studies = b",".join(
            self._raw.get(nct_id_of(study)) or json.dumps(study).encode() for study in chunk
        )
        # The page's other members after the studies: json.dumps gives "{...}", drop its "{".
        rest = (b", " if page else b"") + json.dumps(page).encode()[1:]
        body = b'{"studies": [' + studies + b"]" + rest
        return offset // page_size, body, [nct_id_of(s) for s in chunk]

    def bulk_zip(self) -> bytes:
        with self._lock:
            if self._bulk is None:
                self._bulk = build_bulk_zip(self._studies.values(), self._raw)
            return self._bulk

    def take_fault(self, target: int | str) -> Fault | None:
        with self._lock:
            queue = self._faults.get(target)
            return queue.pop(0) if queue else None

    def remember_body(self, query_key: str, page: int, body: bytes) -> bytes | None:
        """Keep the body served for ``page``; return the previous page's, for repeats."""
        with self._lock:
            self._bodies[(query_key, page)] = body
            return self._bodies.get((query_key, page - 1))

    def log(self, request: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(request)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the request log is kept on the stand-in instead."""

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _reset_mid_body(self, status: int, body: bytes, headers: Mapping[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.wfile.flush()
        time.sleep(0.2)  # let the client read the first half before the reset
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _apply_fault(
        self, fault: Fault, body: bytes, previous: bytes | None, headers: Mapping[str, str]
    ) -> int:
        """Send the faulty answer; return the status the client saw."""
        standin = self.server.standin
        if fault == "500":
            self._send(500, b'{"message": "internal error"}')
            return 500
        if fault == "429":
            self._send(
                429, b"Too Many Requests", "text/plain", {"Retry-After": standin.retry_after}
            )
            return 429
        if fault == "hang":
            time.sleep(standin.hang_seconds)
            self.close_connection = True
            return 0
        if fault == "reset":
            self._reset_mid_body(200, body, headers)
            return 0
        if fault == "truncate":
            self._send(200, body[: len(body) * 2 // 3])
            return 200
        if fault == "bomb":
            self._send(200, _gzip_bomb(), headers={"Content-Encoding": "gzip"})
            return 200
        if fault == "expire":
            self._send(400, b'{"message": "pageToken expired"}')
            return 400
        if fault == "malformed":
            self._send(200, b"<html><body>Service temporarily busy</body></html>", "text/html")
            return 200
        assert previous is not None, "a repeated page needs a page before it"
        self._send(200, previous)
        return 200

    def do_GET(self) -> None:
        standin = self.server.standin
        split = urlsplit(self.path)
        params = {key: values[-1] for key, values in parse_qs(split.query).items()}
        logged = LoggedRequest(
            path=split.path, params=params, headers=dict(self.headers), at=time.monotonic()
        )
        standin.log(logged)
        if split.path == "/api/v2/studies":
            self._studies(logged)
        elif split.path == "/api/v2/studies/download" and params.get("format") == "json.zip":
            self._download(logged)
        else:
            logged.status = 404
            self._send(404, b'{"message": "not found"}')

    def _studies(self, logged: LoggedRequest) -> None:
        standin = self.server.standin
        try:
            page, body, nct_ids = standin.studies_page(logged.params)
        except _BadRequest as error:
            logged.status = 400
            self._send(400, json.dumps({"message": str(error)}).encode())
            return
        logged.page = page
        previous = standin.remember_body(standin.query_key(logged.params), page, body)
        if standin.page_delay_seconds:
            time.sleep(standin.page_delay_seconds)
        if page == standin.hold_page and not standin.release.is_set():
            standin.held.set()
            standin.release.wait(standin.hold_seconds)
        fault = standin.take_fault(page)
        if fault is not None:
            logged.fault = fault
            logged.status = self._apply_fault(fault, body, previous, {})
            return
        logged.served_ids = nct_ids
        if standin.gzip_pages:
            self._send(200, gzip.compress(body), headers={"Content-Encoding": "gzip"})
        else:
            self._send(200, body)

    def _download(self, logged: LoggedRequest) -> None:
        standin = self.server.standin
        archive = standin.bulk_zip()
        start = 0
        status = 200
        headers: dict[str, str] = {"Content-Type": "application/zip"}
        ranged = re.match(r"^bytes=(\d+)-$", self.headers.get("Range", ""))
        if ranged is not None and int(ranged.group(1)) < len(archive):
            start = int(ranged.group(1))
            status = 206
            headers["Content-Range"] = f"bytes {start}-{len(archive) - 1}/{len(archive)}"
        body = archive[start:]
        fault = standin.take_fault(BULK)
        if fault is not None:
            logged.fault = fault
            logged.status = self._apply_fault(fault, body, None, headers)
            return
        logged.status = status
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)
