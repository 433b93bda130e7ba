"""Load test of the web search pages on loopback with wrk.

Builds a store (the bundled sample with ``--sample``, else the real records
scaled up to ``--studies``), starts ``trialfinder serve`` with several workers
on a free port and drives it with wrk over a mix of more than 100 distinct
search pages (conditions, conditions + filters, conditions + place + radius,
free text, sort by update, pages 2 and later). Runs, all in one process and
printed side by side:

* baseline: the same server answering a static file (the HTTP stack's ceiling);
* cold: the server started with ``TRIALFINDER_PAGE_CACHE=0`` and
  ``TRIALFINDER_API_CACHE_MB=0``, so every request searches the index and renders
  its page (or reads its studies);
* warm: the default page cache, after one pass over the mix;
* revalidated: the warm server answering ``If-None-Match`` with 304;
* API v2: the cold server answering ``/api/v2/studies`` pages over the same
  conditions (``query.cond``) and free texts (``query.term``), 45 distinct URLs, full
  studies and ``fields=`` projections, in turns with the static file (``--api-rounds``
  rounds of each: the three share the same minutes of a shared machine), and one
  ``pageSize=1000`` page (issue 18: each at least half the static-file rate of the
  same run);
* API v2, warm: the same 45 questions answered from the API answer cache of the
  default server, in turns with that server's static file.

Each prints requests/s, errors (connect/read/write/timeouts and HTTP >= 400)
and p50/p95/p99 latency.

``--memory`` measures instead the server's memory (issue 18: RSS < 1 GB at 600,000
studies): ``serve`` with the page cache off, as it starts (after its warm-up) and after
each of ``--rounds`` passes over the search mix, the API v2 pages (full and ``fields=``)
and ``/locations``, one request at a time; each process's RSS, its peak and their
anonymous and file-backed parts (mapped files such as the site grid and the search
index, which the OS may drop and workers share).

``--in-process`` measures instead the CPU time (``time.process_time``) one search
page (with ``--only api``: one full and one ``fields=`` API page) costs inside this
process: the whole ASGI app (middleware, routing, the worker-thread hop) driven
without sockets, the page and answer caches off, each of the mix's URLs once after a
warm-up pass, beside the same for the static file. Unlike
requests/s under wrk it hardly depends on what else runs on the machine.

    .venv/bin/python bench/web.py [--sample | --studies 10000] [--workers 2] [--seconds 20]
        [--only search|api] [--in-process] [--memory --store DB --workers 1]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import real_study_lines, scaled_study_lines
from trialfinder import (
    Settings,
    build_query,
    create_app,
    encode_page_token,
    open_store,
    page_token_key,
)

__all__ = ["main", "search_pages"]

SearchPage = dict[str, str | list[str]]

_CONDITIONS = (
    "breast cancer",
    "lung cancer",
    "non-small cell lung cancer",
    "type 2 diabetes",
    "diabetes",
    "ovarian cancer",
    "hypertension",
    "colorectal cancer",
    "cervical cancer",
    "multiple myeloma",
    "asthma",
    "obesity",
    "chronic kidney disease",
    "endometrial cancer",
    "glioma",
    "dementia",
    "coronary artery disease",
    "gastric cancer",
    "prostate cancer",
    "hepatocellular carcinoma",
    "hodgkin lymphoma",
    "alcohol use disorder",
    "osteoporosis",
    "depression",
    "stroke",
    "heart failure",
    "psoriasis",
    "rheumatoid arthritis",
    "hiv",
    "covid-19",
)
_FILTERS: tuple[SearchPage, ...] = (
    {"status": "RECRUITING"},
    {"status": ["RECRUITING", "NOT_YET_RECRUITING"]},
    {"status": "COMPLETED"},
    {"phase": "PHASE3"},
    {"phase": ["PHASE2", "PHASE3"]},
    {"sex": "FEMALE"},
    {"type": "INTERVENTIONAL"},
    {"intervention_type": "DRUG"},
    {"funder": "Industry"},
    {"status": "RECRUITING", "phase": "PHASE2"},
)
_PLACES = (
    "Seoul",
    "Madrid",
    "Beijing",
    "New Delhi",
    "London",
    "Houston",
    "Mumbai",
    "Sao Paulo",
    "Berlin",
    "Toronto",
    "Paris",
    "Boston",
)
_RADII = ("50km", "100km", "250km", "500km")
_FREE_TEXT = (
    "stem cells",
    "metformin insulin",
    "quality of life after surgery",
    "exercise older adults",
    "immunotherapy",
    "pembrolizumab",
    "radiotherapy",
    "vaccine",
    "children",
    "pain",
    "sleep",
    "smoking cessation",
    "mobile app",
    "pregnancy",
    "kidney transplant",
)
# Broad searches with many results, paged into: (parameters, offsets).
_PAGED: tuple[tuple[SearchPage, tuple[int, ...]], ...] = (
    ({"q": ""}, (20, 40, 60, 80, 100)),
    ({"q": "cancer"}, (20, 40, 60)),
    ({"q": "study"}, (20, 40)),
    ({"q": "", "status": "COMPLETED"}, (20, 40)),
    ({"q": "", "sort": "updated"}, (20, 40)),
    ({"q": "treatment"}, (20,)),
)


def _with_page(parameters: SearchPage, offset: int, key: bytes) -> SearchPage:
    """The page of results starting at ``offset``, with the token the server would give.

    The paged searches use ``q``, ``status`` and ``sort`` only; the query is built
    from them as the search page builds it and signed with the store's ``key``, so the
    token is the server's.
    """
    status = parameters.get("status", [])
    sort = parameters.get("sort")
    query = build_query(
        str(parameters.get("q", "")),
        statuses=[status] if isinstance(status, str) else status,
        sort=sort if isinstance(sort, str) else None,
    )
    return {**parameters, "page": encode_page_token(query, offset, key)}


def search_pages(key: bytes) -> list[SearchPage]:
    """The mix: every page a distinct URL, in an order that interleaves the kinds."""
    conditions = [{"q": condition} for condition in _CONDITIONS]
    filtered = [
        {"q": _CONDITIONS[index % 12], **search_filter}
        for index, search_filter in enumerate(_FILTERS * 2)
    ]
    placed = [
        {"q": _CONDITIONS[index % 15], "near": place, "within": _RADII[index % len(_RADII)]}
        for index, place in enumerate(_PLACES * 2)
    ]
    free_text = [{"q": text} for text in _FREE_TEXT]
    by_update = [{"q": condition, "sort": "updated"} for condition in _CONDITIONS[:5]]
    paged = [
        _with_page(parameters, offset, key) for parameters, offsets in _PAGED for offset in offsets
    ]
    kinds: list[list[SearchPage]] = [conditions, filtered, placed, free_text, by_update, paged]
    mixed: list[SearchPage] = []
    while any(kinds):
        for kind in kinds:
            if kind:
                mixed.append(kind.pop(0))
    return mixed


_API_FIELDS = "NCTId,BriefTitle,OverallStatus,Condition"


def api_pages() -> tuple[list[str], list[str]]:
    """``/api/v2/studies`` pages: full studies and a ``fields=`` projection, each a mix
    of 45 distinct questions (every condition as ``query.cond``, every free text as
    ``query.term``, interleaved; pageSize 10, as a client paging through results reads
    them): the server's caches of built queries see as many distinct ones as the
    search mix gives the pages."""
    questions = [{"query.cond": condition} for condition in _CONDITIONS]
    for index, text in enumerate(_FREE_TEXT):
        questions.insert(2 * index + 1, {"query.term": text})
    full = ["/api/v2/studies?" + urlencode({**question, "pageSize": 10}) for question in questions]
    projected = [
        "/api/v2/studies?" + urlencode({**question, "pageSize": 10, "fields": _API_FIELDS})
        for question in questions
    ]
    return full, projected


_LUA = """
local paths = %(paths)s
local etags = %(etags)s
local counter = 0
request = function()
  counter = counter + 1
  local index = (counter %% #paths) + 1
  local etag = etags[index]
  if etag then
    return wrk.format("GET", paths[index], {["If-None-Match"] = etag})
  end
  return wrk.format("GET", paths[index])
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %%d %%f %%d %%f %%f %%f\\n",
    summary.requests, summary.duration / 1e6, errors,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000))
end
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _build_store(directory: Path, studies: int | None) -> tuple[Path, str]:
    store = directory / "bench.db"
    ingest = [sys.executable, "-m", "trialfinder", "ingest", "--db", str(store), "--quiet"]
    if studies is None:
        subprocess.run([*ingest, "--sample"], check=True, stdout=subprocess.DEVNULL)
        return store, "the bundled sample"
    source = directory / "studies.jsonl"
    lines = real_study_lines()
    if studies > len(lines):
        lines = list(scaled_study_lines(studies))
    source.write_bytes(b"\n".join(lines) + b"\n")
    subprocess.run([*ingest, str(source)], check=True, stdout=subprocess.DEVNULL)
    return store, f"{len(lines):,} studies"


class _Served(NamedTuple):
    url: str
    group: int  # the server's process group: it and its workers


def _cpu_seconds(group: int) -> float:
    """CPU time (user + system) used so far by the live processes of a process group."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == group:
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _memory_mb(pid: int) -> dict[str, float]:
    """A process's resident memory in MB from ``/proc/PID/status``: ``VmRSS``, its peak
    ``VmHWM``, and the anonymous and file-backed parts ``RssAnon`` and ``RssFile``."""
    fields = ("VmRSS", "VmHWM", "RssAnon", "RssFile")
    memory: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in fields:
            memory[name] = int(value.split()[0]) / 1024
    return memory


def _group_memory(group: int) -> dict[int, dict[str, float]]:
    """:func:`_memory_mb` of each live process of a process group (the server and its
    workers), by process id."""
    memory: dict[int, dict[str, float]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rpartition(")")[2].split()
            if int(fields[2]) == group:
                memory[int(stat.parent.name)] = _memory_mb(int(stat.parent.name))
        except OSError:  # the process ended meanwhile
            continue
    return memory


def _print_memory(label: str, group: int) -> None:
    for pid, memory in sorted(_group_memory(group).items()):
        print(
            f"{label:<40} process {pid}: RSS {memory['VmRSS']:,.0f} MB, peak "
            f"{memory['VmHWM']:,.0f} MB (anonymous {memory['RssAnon']:,.0f}, file-backed "
            f"{memory['RssFile']:,.0f}); load average {_load()}",
            flush=True,
        )


def _measure_memory(
    store: Path, workers: int, directory: Path, paths: Sequence[str], rounds: int
) -> None:
    """The server's memory as it starts and after each pass over ``paths`` (page cache off,
    so that every search page is searched and rendered)."""
    with _server(store, workers, directory, {"TRIALFINDER_PAGE_CACHE": "0"}) as served:
        _print_memory("after start (warm-up)", served.group)
        for number in range(1, rounds + 1):
            started = time.perf_counter()
            _check_pages(served.url, paths)
            seconds = time.perf_counter() - started
            _print_memory(
                f"after pass {number} ({len(paths)} requests, {seconds:.0f} s)", served.group
            )


# What uvicorn logs once a worker has started (the app's warm-up done).
_STARTED = "Application startup complete"


@contextmanager
def _server(
    store: Path, workers: int, directory: Path, environment: dict[str, str]
) -> Iterator[_Served]:
    """A running ``trialfinder serve`` with every worker up; its log is shown if it fails
    to come up.

    Up means each of the ``workers`` processes has logged its startup (its warm-up done),
    not only that a first one answers: wrk's connections, all opened at once, were then
    all taken by that worker while another still warmed up, and the run measured one."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log_path = directory / f"serve-{port}.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                *(sys.executable, "-m", "trialfinder", "serve", "--db", str(store)),
                *("--port", str(port), "--workers", str(workers)),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **environment},
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(url + "/static/style.css", timeout=30).raise_for_status()
                started = log_path.read_text(errors="replace").count(_STARTED)
                if started >= workers:
                    break
                if time.monotonic() > deadline:
                    raise SystemExit(f"{started} of {workers} workers started in 120 s")
                time.sleep(0.2)
            except httpx.TransportError:
                if time.monotonic() > deadline or server.poll() is not None:
                    sys.stderr.write(log_path.read_text(errors="replace")[-4000:])
                    raise
                time.sleep(0.2)
        yield _Served(url, server.pid)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:  # still sending a long answer: the server and its workers
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def _check_pages(url: str, paths: Sequence[str]) -> dict[str, str]:
    """Fetch every page once (each must answer 200); their ETags, for revalidation."""
    etags: dict[str, str] = {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for path in paths:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path} answered {response.status_code}")
            if "etag" in response.headers:
                etags[path] = response.headers["etag"]
    return etags


def _wrk(
    served: _Served,
    paths: Sequence[str],
    seconds: int,
    connections: int,
    directory: Path,
    etags: dict[str, str] | None = None,
) -> dict[str, float]:
    script = directory / "mix.lua"
    etag_list = [(etags or {}).get(path) for path in paths]
    script.write_text(
        _LUA
        % {
            "paths": "{" + ", ".join(json.dumps(path) for path in paths) + "}",
            "etags": "{"
            + ", ".join("false" if etag is None else json.dumps(etag) for etag in etag_list)
            + "}",
        }
    )
    cpu_before = _cpu_seconds(served.group)
    output = subprocess.run(
        [
            *("wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s"),
            *("-s", str(script), served.url),
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    names = ("requests", "seconds", "errors", "p50_ms", "p95_ms", "p99_ms")
    result = dict(zip(names, map(float, line.split()[1:]), strict=True))
    result["requests_per_second"] = result["requests"] / result["seconds"]
    # The server's CPU per answer does not depend on what else shares the machine.
    result["cpu_ms"] = 1000 * (_cpu_seconds(served.group) - cpu_before) / max(1, result["requests"])
    return result


class _Interleaved(NamedTuple):
    """Each mix's wrk figures over every round, and each round's own figures."""

    merged: dict[str, dict[str, float]]
    rounds: dict[str, list[dict[str, float]]]


def _interleaved(
    served: _Served,
    mixes: Sequence[tuple[str, Sequence[str]]],
    seconds: int,
    connections: int,
    directory: Path,
    rounds: int,
) -> _Interleaved:
    """wrk over each mix in turn, ``rounds`` times, the seconds shared between the rounds.

    Two runs minutes apart on a shared machine are given different shares of its cores:
    a static file measured before the API pages made their ratio that of two loads. Taken
    in turns, every mix runs in the same minutes as the others, so the ratio of their
    rates is the server's. Requests, seconds and errors add up; CPU per request is
    weighted by requests; the latency percentiles are the worst round's.
    """
    each = max(1, round(seconds / rounds))
    measured: dict[str, list[dict[str, float]]] = {name: [] for name, _ in mixes}
    for _ in range(rounds):
        for name, paths in mixes:
            measured[name].append(_wrk(served, paths, each, connections, directory))
    merged: dict[str, dict[str, float]] = {}
    for name, parts in measured.items():
        requests = sum(part["requests"] for part in parts)
        seconds_run = sum(part["seconds"] for part in parts)
        merged[name] = {
            "requests": requests,
            "seconds": seconds_run,
            "errors": sum(part["errors"] for part in parts),
            "requests_per_second": requests / seconds_run,
            "cpu_ms": sum(part["cpu_ms"] * part["requests"] for part in parts) / max(1, requests),
            **{
                percentile: max(part[percentile] for part in parts)
                for percentile in ("p50_ms", "p95_ms", "p99_ms")
            },
        }
    return _Interleaved(merged, measured)


async def _get(app: Callable[..., Awaitable[None]], path: str) -> int:
    """One GET through the ASGI app, no sockets; its status code."""
    route, _, query = path.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": route,
        "raw_path": route.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"bench")],
        "client": ("127.0.0.1", 1),
        "server": ("bench", 80),
    }
    status = 0
    requested = False
    answered = asyncio.Event()

    async def receive() -> dict[str, object]:
        # The request once; then, as a server does, a disconnect once the answer is sent.
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await answered.wait()
        return {"type": "http.disconnect"}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(str(message["status"]))
        elif message["type"] == "http.response.body" and not message.get("more_body"):
            answered.set()

    await app(scope, receive, send)
    return status


def _cpu_per_page(store: Path, mixes: dict[str, Sequence[str]], rounds: int) -> dict[str, float]:
    """CPU milliseconds per answer in this process: the static file and each mix of pages
    (page and answer caches off), each URL fetched once before measuring."""
    app = create_app(Settings(db=str(store), page_cache_entries=0, api_cache_megabytes=0))
    pages = max(map(len, mixes.values()))

    async def measure() -> dict[str, float]:
        async with app.router.lifespan_context(app):
            for path in ["/static/style.css", *(path for mix in mixes.values() for path in mix)]:
                if await _get(app, path) != 200:
                    raise SystemExit(f"{path} did not answer 200")
            figures: dict[str, float] = {}
            for name, measured in {"static": ["/static/style.css"] * pages, **mixes}.items():
                started = time.process_time()
                for _ in range(rounds):
                    for path in measured:
                        await _get(app, path)
                figures[name] = 1000 * (time.process_time() - started) / (rounds * len(measured))
            return figures

    return asyncio.run(measure())


def _load() -> str:
    return " ".join(f"{load:.1f}" for load in os.getloadavg())


def _print(name: str, result: dict[str, float]) -> None:
    """One run; "CPUs" is how much of the machine the server obtained meanwhile (rate x CPU
    per request): a server waiting on its own threads obtains less than the cores it may use."""
    cpus = result["requests_per_second"] * result["cpu_ms"] / 1000
    print(
        f"{name:<34} {result['requests_per_second']:>7.0f} req/s  errors {result['errors']:.0f}  "
        f"p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms  "
        f"p99 {result['p99_ms']:.1f} ms  server CPU {result['cpu_ms']:.2f} ms/request "
        f"({cpus:.2f} CPUs)",
        flush=True,
    )


def _print_api(
    name: str,
    result: dict[str, float],
    static: dict[str, float],
    rounds: Sequence[tuple[dict[str, float], dict[str, float]]] = (),
) -> None:
    """An API run beside the static file of the same server: the rate and CPU ratios
    (and each round's rate ratio, when the two were measured in turns)."""
    _print(name, result)
    ratio = result["requests_per_second"] / static["requests_per_second"]
    by_cpu = static["cpu_ms"] / result["cpu_ms"]
    each = ", ".join(
        f"{api['requests_per_second'] / beside['requests_per_second']:.2f}×"
        for api, beside in rounds
    )
    print(
        f"{'':<34} {ratio:.2f}× static (by server CPU per request {by_cpu:.2f}×)"
        f"{f'; rounds {each}' if each else ''}; load average {_load()}",
        flush=True,
    )


def _print_turns(turns: _Interleaved, label: str) -> dict[str, float]:
    """The static file's figures, then each API mix's beside them (round by round); the
    static file's, for what is measured after."""
    static = turns.merged["static"]
    _print(f"baseline: static file{label}, {len(turns.rounds['static'])} turns", static)
    for name, mix in (("api v2 /studies, full", "full"), ("api v2 /studies, fields=", "fields")):
        paired = list(zip(turns.rounds[mix], turns.rounds["static"], strict=True))
        _print_api(f"{name}{label}", turns.merged[mix], static, paired)
    return static


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", action="store_true", help="the bundled sample store")
    parser.add_argument("--studies", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--only", choices=("search", "api"), help="run one part of the bench")
    parser.add_argument(
        "--in-process",
        action="store_true",
        help="CPU per search page and per static file in this process, no server or wrk",
    )
    parser.add_argument(
        "--memory",
        action="store_true",
        help="the server's RSS after start and after each of --rounds passes over the pages",
    )
    parser.add_argument(
        "--rounds", type=int, default=3, help="passes over the mix (--in-process, --memory)"
    )
    parser.add_argument(
        "--api-rounds",
        type=int,
        default=4,
        help="turns of static file, full and fields= API pages (the cold server's API part)",
    )
    parser.add_argument(
        "--store", type=Path, help="an existing SQLite store to serve instead of building one"
    )
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as temporary:
        directory = Path(temporary)
        started = time.perf_counter()
        if arguments.store is not None:
            store, described = arguments.store, f"{arguments.store} (existing)"
        else:
            studies = None if arguments.sample else arguments.studies
            store, described = _build_store(directory, studies)
        print(f"store: {described}, built in {time.perf_counter() - started:.0f} s")
        opened = open_store(store)
        try:
            pages = search_pages(page_token_key(opened))
        finally:
            opened.close()
        paths = [f"/search?{urlencode(page, doseq=True)}" for page in pages]
        assert len(set(paths)) == len(paths), "every page of the mix is a distinct URL"
        if arguments.memory:
            full, projected = api_pages()
            print(f"server: {arguments.workers} uvicorn workers, page cache off")
            mix = [*paths, *full, *projected, "/locations"]
            _measure_memory(store, arguments.workers, directory, mix, arguments.rounds)
            return
        if arguments.in_process:
            load = _load()
            full, projected = api_pages()
            mixes: dict[str, Sequence[str]] = (
                {"api full": full, "api fields=": projected}
                if arguments.only == "api"
                else {"search": paths}
            )
            cpu = _cpu_per_page(store, mixes, arguments.rounds)
            figures = ", ".join(
                f"{name} {cpu[name]:.2f} ms ({cpu[name] / cpu['static']:.1f}x static)"
                for name in mixes
            )
            print(
                f"in-process CPU per answer ({max(map(len, mixes.values()))} URLs a mix x "
                f"{arguments.rounds}, page and answer caches off): static file "
                f"{cpu['static']:.2f} ms, {figures}; load average {load} -> {_load()}"
            )
            return
        print(
            f"server: {arguments.workers} uvicorn workers; wrk -t2 -c{arguments.connections}, "
            f"{arguments.seconds} s per run; {len(paths)} distinct search URLs; "
            f"load average {_load()} (other work on the machine shares its cores)"
        )
        run = (arguments.seconds, arguments.connections, directory)
        full, projected = api_pages()
        mixes = (("static", ["/static/style.css"]), ("full", full), ("fields", projected))
        cache_off = {"TRIALFINDER_PAGE_CACHE": "0", "TRIALFINDER_API_CACHE_MB": "0"}
        with _server(store, arguments.workers, directory, cache_off) as served:
            _check_pages(
                served.url,
                [
                    *(paths if arguments.only != "api" else []),
                    *(full + projected if arguments.only != "search" else []),
                ],
            )
            if arguments.only != "api":
                static = _wrk(served, ["/static/style.css"], *run)
                _print("baseline: static file", static)
                _print("search, cold (page cache off)", _wrk(served, paths, *run))
            if arguments.only != "search":
                # The static file and the API pages in turns, in the same minutes (issue 18:
                # each API mix at least half the static file's rate of the same run).
                static = _print_turns(
                    _interleaved(served, mixes, *run, rounds=arguments.api_rounds), ""
                )
                # The whole store in one page is megabytes: a few connections, not 32.
                whole = ["/api/v2/studies?pageSize=1000"]
                _print_api(
                    "api v2 /studies, pageSize=1000",
                    _wrk(served, whole, arguments.seconds, 4, directory),
                    static,
                )
        with _server(store, arguments.workers, directory, {}) as served:
            if arguments.only != "api":
                _check_pages(served.url, paths)
                _wrk(served, paths, min(5, arguments.seconds), arguments.connections, directory)
                _print("search, warm (page cache on)", _wrk(served, paths, *run))
                etags = _check_pages(served.url, paths)
                if etags:
                    _print("search, revalidated (304)", _wrk(served, paths, *run, etags=etags))
            if arguments.only != "search":
                # The same questions from the API answer cache, after a pass that fills it
                # in both workers; the static file of this server in turns with them.
                for api_paths in (full, projected):
                    _check_pages(served.url, api_paths)
                    _wrk(served, api_paths, min(5, arguments.seconds), 4, directory)
                _print_turns(
                    _interleaved(served, mixes, *run, rounds=arguments.api_rounds), ", warm"
                )


if __name__ == "__main__":
    main()
