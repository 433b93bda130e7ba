"""Hardening of the web face over real HTTP on loopback (issue 15): forged page tokens,
500s, long patient input, HEAD, the request-body cap, matching off the event loop,
idle connections and the sync status line."""

from __future__ import annotations

import base64
import json
import logging
import re
import shutil
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute

from live_server import LiveServer
from trialfinder.ingest.sync_status import SyncStatus, write_sync_status
from trialfinder.search import build_query, encode_page_token, open_store, page_token_key
from trialfinder.settings import Settings
from trialfinder.web.app import create_app
from trialfinder.web.connections import HeaderTimeoutProtocol
from trialfinder.web.limits import MAX_FIELD_CHARS, MAX_FORM_FIELDS, MAX_REQUEST_BYTES
from trialfinder.web.security import SECURITY_HEADERS

KNOWN_NCT_ID = "NCT05227846"


@pytest.fixture(scope="module")
def client(live_server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server_url, timeout=120) as client:
        yield client


def _copied_store(source: Path, directory: Path) -> Path:
    path = directory / "trials.db"
    shutil.copyfile(source, path)
    return path


@pytest.fixture(scope="module")
def own_server(
    web_store_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path]]:
    """A server over this module's own copy of the store (its state is written to)."""
    path = _copied_store(web_store_path, tmp_path_factory.mktemp("hardening_store"))
    with LiveServer(path) as url:
        yield url, path


def _assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS:
        assert response.headers.get(name.decode()) == value.decode(), name


def _unsigned_token(fingerprint: str, offset: int) -> str:
    """A token as the unsigned format of old spelled it: base64 JSON, forgeable by anyone."""
    payload = json.dumps({"query": fingerprint, "offset": offset}).encode()
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def _bad_tokens(tmp_path: Path) -> dict[str, str]:
    """For the search ``q=cancer``: forged, out-of-range, garbage and other-store tokens."""
    query = build_query("cancer")
    other = open_store(tmp_path / "other.db")
    try:
        other_key = page_token_key(other)
    finally:
        other.close()
    real_shape = encode_page_token(query, 20, other_key)
    payload, _ = real_shape.split(".")
    return {
        "offset 2^63-1": _unsigned_token(query.fingerprint(), 2**63 - 1),
        "offset 10^23": _unsigned_token(query.fingerprint(), 10**23),
        "signed 2^63-1": f"{_unsigned_token(query.fingerprint(), 2**63 - 1)}.AAAA",
        "garbage": "%%%not-a-token",
        "forged signature": f"{payload}.{'A' * 22}",
        "wrong store": real_shape,
    }


# Page tokens


def test_a_real_page_token_walks_to_the_next_page(client: httpx.Client) -> None:
    first = client.get("/api/search", params={"q": "cancer", "limit": 5}).json()
    token = first["next_page_token"]
    assert token
    second = client.get("/api/search", params={"q": "cancer", "limit": 5, "page_token": token})
    assert second.status_code == 200
    assert second.json()["results"][0] != first["results"][0]


def test_bad_page_tokens_are_400s_naming_the_parameter_on_every_surface(
    client: httpx.Client, tmp_path: Path
) -> None:
    for name, token in _bad_tokens(tmp_path).items():
        page = client.get("/search", params={"q": "cancer", "page": token})
        assert page.status_code == 400, name
        assert "page_token" in page.text, name
        _assert_security_headers(page)
        own = client.get("/api/search", params={"q": "cancer", "page_token": token})
        assert own.status_code == 400, name
        assert own.json()["parameter"] == "page_token", name
        _assert_security_headers(own)
        registry = client.get("/api/v2/studies", params={"query.term": "x", "pageToken": token})
        assert registry.status_code == 400, name
        assert registry.json()["parameter"] == "pageToken", name
        _assert_security_headers(registry)


def test_a_token_signed_by_another_store_is_refused_on_the_registry_api(
    client: httpx.Client,
) -> None:
    first = client.get("/api/v2/studies", params={"query.term": "cancer", "pageSize": 2}).json()
    token = first["nextPageToken"]
    payload, signature = token.split(".")
    tampered = f"{payload}.{signature[::-1]}"
    answer = client.get(
        "/api/v2/studies", params={"query.term": "cancer", "pageSize": 2, "pageToken": tampered}
    )
    assert answer.status_code == 400
    assert answer.json()["parameter"] == "pageToken"


# 500s


def test_an_internal_error_is_an_error_page_with_security_headers_and_an_error_id(
    web_store_path: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = _copied_store(web_store_path, tmp_path)
    with LiveServer(path) as url:
        # The store file is damaged under the running server: its trials table is gone,
        # and the derived records the API v2 study answers are read from.
        with sqlite3.connect(path) as damage:
            damage.execute("DROP TABLE trials")
            damage.execute("DROP TABLE derived")
        with caplog.at_level(logging.ERROR, logger="trialfinder.web"):
            page = httpx.get(f"{url}/trials/{KNOWN_NCT_ID}?near=secret-place", timeout=30)
            api = httpx.get(f"{url}/api/v2/studies/{KNOWN_NCT_ID}", timeout=30)
    assert page.status_code == 500
    assert page.headers["content-type"].startswith("text/html")
    _assert_security_headers(page)
    assert "Traceback" not in page.text and "OperationalError" not in page.text
    page_id = re.search(r"error id ([0-9a-f]{12})", page.text)
    assert page_id is not None
    assert api.status_code == 500
    _assert_security_headers(api)
    body = api.json()
    assert set(body) == {"message", "error_id"}
    assert body["error_id"] in body["message"]
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert page_id.group(1) in logged and body["error_id"] in logged
    assert "secret-place" not in logged


# Long patient input


def test_a_long_profile_json_and_note_are_read_whole(client: httpx.Client) -> None:
    note = "Patient history. " * 6000 + "Diagnosed with postmenopausal osteoporosis."
    profile = {"age": 62, "sex": "female", "conditions": [], "note": note}
    text = json.dumps(profile)
    assert 100_000 < len(text) < MAX_FIELD_CHARS
    page = client.post("/match", data={"profile": text})
    assert page.status_code == 200
    assert "not valid" not in page.text
    # The condition is only at the very end of the note: it was read.
    assert "/trials/NCT06949137" in page.text


def test_a_field_over_the_limit_is_a_413_naming_it(client: httpx.Client) -> None:
    page = client.post("/match", data={"note": "x" * (MAX_FIELD_CHARS + 1)})
    assert page.status_code == 413
    assert "&#39;note&#39;" in page.text or "'note'" in page.text
    assert f"{MAX_FIELD_CHARS:,}" in page.text
    _assert_security_headers(page)


def test_form_fields_are_counted(client: httpx.Client) -> None:
    page = client.post(f"/trials/{KNOWN_NCT_ID}/qualify", data={f"f{n}": "1" for n in range(300)})
    assert page.status_code == 400
    assert f"Maximum number of fields is {MAX_FORM_FIELDS}" in page.text
    _assert_security_headers(page)


# HEAD


def _get_paths(directory: Path) -> list[str]:
    """Every GET route of the app, with a real trial's id for path parameters."""
    app = create_app(Settings(db=str(directory / "routes.db"), page_cache_entries=0))
    paths = []
    routes: list[BaseRoute] = list(app.routes)
    while routes:
        route = routes.pop()
        included = getattr(route, "original_router", None)  # an included router's routes
        if included is not None:
            routes.extend(included.routes)
        elif isinstance(route, APIRoute) and "GET" in route.methods:
            paths.append(re.sub(r"\{[^}]+\}", KNOWN_NCT_ID, route.path))
    return [*paths, "/static/style.css"]


def test_every_get_route_answers_head_like_get_without_a_body(
    client: httpx.Client, tmp_path: Path
) -> None:
    paths = _get_paths(tmp_path)
    assert {"/", "/search", "/locations", "/docs", "/match", "/api/v2/studies"} <= set(paths)
    for path in paths:
        got = client.get(path)
        head = client.head(path)
        assert head.status_code == got.status_code != 405, path
        assert head.content == b"", path
        assert head.headers.get("content-type") == got.headers.get("content-type"), path
        _assert_security_headers(head)


# Request-body cap


def _rss_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def _post_streaming(url: str, headers: str, chunks: Iterator[bytes]) -> bytes:
    """Send a request's head then its body chunk by chunk; the answer (what arrived)."""
    host, port = url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        connection.sendall(headers.encode())
        try:
            for chunk in chunks:
                connection.sendall(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server answered and closed without reading the rest
        answer = b""
        try:
            while part := connection.recv(65536):
                answer += part
        except ConnectionResetError:
            pass
        return answer


def test_a_200_mb_post_is_refused_with_413_without_being_read(
    own_server: tuple[str, Path],
) -> None:
    url, _ = own_server
    size = 200 * 1024 * 1024
    block = b"note=" + b"x" * (1024 * 1024 - 5)
    before = _rss_bytes()
    declared = _post_streaming(
        url,
        "POST /match HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {size}\r\n\r\n",
        (block for _ in range(200)),
    )
    chunked = _post_streaming(
        url,
        "POST /match HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        "Transfer-Encoding: chunked\r\n\r\n",
        (b"%x\r\n%s\r\n" % (len(block), block) for _ in range(200)),
    )
    grown = _rss_bytes() - before
    for answer in (declared, chunked):
        assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
        assert b"content-security-policy" in answer.lower()
        assert f"{MAX_REQUEST_BYTES // (1024 * 1024)} MB".encode() in answer
    assert grown < 40 * 1024 * 1024, f"server memory grew by {grown / 1e6:.0f} MB"


# Matching off the event loop


def test_a_static_file_answers_while_four_matches_run(own_server: tuple[str, Path]) -> None:
    url, _ = own_server
    note = "Diagnosed with type 2 diabetes, hypertension and chronic kidney disease. " * 400
    form = {"profile": json.dumps({"age": 60, "sex": "male", "note": note})}
    finished: list[float] = []

    def match() -> None:
        httpx.post(f"{url}/match", data=form, timeout=300).raise_for_status()
        finished.append(time.monotonic())

    started = time.monotonic()
    alone = httpx.post(f"{url}/match", data=form, timeout=300)
    one_match = time.monotonic() - started
    assert alone.status_code == 200
    threads = [threading.Thread(target=match) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(min(0.3, one_match / 4))
    asked = time.monotonic()
    static = httpx.get(f"{url}/static/style.css", timeout=300)
    answered = time.monotonic()
    for thread in threads:
        thread.join()
    assert static.status_code == 200
    assert len(finished) == 4
    # Served while the matches still ran, not after them (the loop was never held); the
    # bound is generous: the machine may be busy with other work.
    assert answered < min(finished), (answered - asked, one_match)
    assert answered - asked < max(5.0, one_match)


# Idle and half-sent connections


class _QuickHeaderTimeout(HeaderTimeoutProtocol):
    header_read_seconds = 0.5


@pytest.fixture(scope="module")
def quick_timeout_url(web_store_path: Path) -> Iterator[str]:
    config = uvicorn.Config(
        create_app(Settings(db=str(web_store_path))),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        http=_QuickHeaderTimeout,
        timeout_keep_alive=1,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _closed_within(connection: socket.socket, seconds: float) -> bool:
    connection.settimeout(seconds)
    try:
        while connection.recv(65536):
            pass
    except TimeoutError:
        return False
    return True


def test_a_half_sent_request_is_closed(quick_timeout_url: str) -> None:
    host, port = quick_timeout_url.split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(b"GET / HTTP/1.1\r\nHost: t\r\n")
        assert _closed_within(connection, 5)


def test_a_half_sent_second_request_on_a_kept_alive_connection_is_closed(
    quick_timeout_url: str,
) -> None:
    host, port = quick_timeout_url.split(":")
    with socket.create_connection((host, int(port))) as connection:
        connection.sendall(b"GET /static/style.css HTTP/1.1\r\nHost: t\r\n\r\n")
        connection.settimeout(5)
        assert connection.recv(65536).startswith(b"HTTP/1.1 200")
        connection.sendall(b"GET / HT")
        assert _closed_within(connection, 5)


def test_serve_uses_the_header_timeout_and_keep_alive() -> None:
    from trialfinder.web.server import connection_options

    options = connection_options()
    assert issubclass(options["http"], HeaderTimeoutProtocol)
    assert 0 < options["timeout_keep_alive"] <= 30


# Sync status


def test_api_status_and_the_pages_show_a_failed_sync(own_server: tuple[str, Path]) -> None:
    url, path = own_server
    status = httpx.get(f"{url}/api/status", timeout=30)
    assert status.status_code == 200
    healthy = status.json()
    assert healthy["trials"] > 100
    assert healthy["data_generation"]
    assert healthy["sync"] is None
    assert "last sync failed" not in httpx.get(f"{url}/", timeout=30).text

    tracker = SyncStatus()
    store = open_store(path)
    try:
        write_sync_status(store, tracker.failed("SyncError: registry answered 503", 60))
    finally:
        store.close()
    failing = httpx.get(f"{url}/api/status", timeout=30).json()
    error_id = failing["sync"]["last_error_id"]
    assert failing["sync"]["error_count"] == 1
    assert failing["sync"]["last_error"] == "SyncError: registry answered 503"
    assert failing["data_generation"] != healthy["data_generation"]
    for page in ("/", f"/trials/{KNOWN_NCT_ID}", "/locations"):
        text = httpx.get(f"{url}{page}", timeout=30).text
        assert "last sync failed at" in text, page
        assert f"error id {error_id}" in text, page
