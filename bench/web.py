"""Load test of the web search pages on loopback with wrk.

Builds a store from the real records (scaled up with ``--studies``), starts
``trialfinder serve`` with several workers on a free port and drives it with
wrk over a fixed mix of search pages (condition, condition + filters,
condition + place, free text, empty, a page of results further on). Prints
requests/s, errors and p50/p95/p99 latency beside a baseline measured in the
same run: the same server answering a static file (the HTTP stack's ceiling).

    .venv/bin/python bench/web.py [--studies 10000] [--workers 2] [--seconds 20]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import real_study_lines, scaled_study_lines

__all__ = ["SEARCH_PAGES", "main"]

SEARCH_PAGES: list[dict[str, str]] = [
    {"q": "breast cancer"},
    {"q": "diabetes"},
    {"q": "asthma", "status": "RECRUITING"},
    {"q": "lung cancer", "phase": "PHASE3"},
    {"q": "hypertension", "near": "Mumbai", "within": "100km"},
    {"q": "osteoporosis", "near": "Seoul", "within": "500km"},
    {"q": "stem cells"},
    {"q": "metformin insulin"},
    {"q": ""},
    {"q": "cancer", "sort": "updated"},
    {"q": "immunotherapy", "sex": "FEMALE"},
    {"q": "chronic kidney disease"},
]

_LUA = """
local paths = %(paths)s
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
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


def _build_store(directory: Path, studies: int) -> tuple[Path, int]:
    source = directory / "studies.jsonl"
    lines = real_study_lines()
    if studies > len(lines):
        lines = list(scaled_study_lines(studies))
    source.write_bytes(b"\n".join(lines) + b"\n")
    store = directory / "bench.db"
    subprocess.run(
        [sys.executable, "-m", "trialfinder", "ingest", "--db", str(store), "--quiet", str(source)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return store, len(lines)


def _wrk(
    url: str, paths: list[str], seconds: int, connections: int, directory: Path
) -> dict[str, float]:
    script = directory / "mix.lua"
    script.write_text(_LUA % {"paths": "{" + ", ".join(json.dumps(path) for path in paths) + "}"})
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(script),
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    names = ("requests", "seconds", "errors", "p50_ms", "p95_ms", "p99_ms")
    result = dict(zip(names, map(float, line.split()[1:]), strict=True))
    result["requests_per_second"] = result["requests"] / result["seconds"]
    return result


def _print(name: str, result: dict[str, float]) -> None:
    print(
        f"{name:<28} {result['requests_per_second']:>7.0f} req/s  errors {result['errors']:.0f}  "
        f"p50 {result['p50_ms']:.1f} ms  p95 {result['p95_ms']:.1f} ms  "
        f"p99 {result['p99_ms']:.1f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=32)
    arguments = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench-web-") as temporary:
        directory = Path(temporary)
        started = time.perf_counter()
        store = _build_store(directory, arguments.studies)
        print(
            f"store: {arguments.studies:,} studies, built in {time.perf_counter() - started:.0f} s"
        )
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "trialfinder",
                "serve",
                "--db",
                str(store),
                "--port",
                str(port),
                "--workers",
                str(arguments.workers),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env={**os.environ},
        )
        try:
            search_paths = [f"/search?{urlencode(page)}" for page in SEARCH_PAGES]
            deadline = time.monotonic() + 60
            while True:
                try:
                    for path in search_paths:  # warm every worker's caches, check for errors
                        response = httpx.get(url + path, timeout=30)
                        response.raise_for_status()
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
            print(
                f"server: {arguments.workers} uvicorn workers; wrk -t2 "
                f"-c{arguments.connections}, {arguments.seconds} s per run"
            )
            _print(
                "baseline: static file",
                _wrk(
                    url, ["/static/style.css"], arguments.seconds, arguments.connections, directory
                ),
            )
            _print(
                "search pages (mix of 12)",
                _wrk(url, search_paths, arguments.seconds, arguments.connections, directory),
            )
        finally:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
