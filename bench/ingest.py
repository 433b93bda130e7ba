"""Ingest throughput: studies per second, beside plain baselines in the same run.

    .venv/bin/python bench/ingest.py [--studies 50000] [--db PATH|postgresql://...]
        [--corpus typical|registry|heavy]

A benchmark corpus of ``bench/scale.py`` (by default ``typical``, the one the
earlier figures were measured on) is written to a JSON-lines file, then three
things read the same file on one core: ``json.loads`` of each line (the floor
any ingest pays), trialfinder's parser alone, and the full ingest (parse,
criteria parse, store, search index).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CORPORA, study_lines
from trialfinder import ingest_paths, iter_records, open_store


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:10,.0f} studies/s  ({seconds:7.1f} s)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=50_000)
    parser.add_argument("--db", default=None, help="store to load (default: a new SQLite file)")
    parser.add_argument("--workdir", default=None, help="where to write the scaled input")
    parser.add_argument("--corpus", choices=CORPORA, default="typical")
    parser.add_argument(
        "--heavy", action="store_true", help="the same as --corpus heavy (every site kept)"
    )
    parser.add_argument("--jobs", type=int, default=1, help="criteria worker processes")
    arguments = parser.parse_args()

    workdir = Path(arguments.workdir or tempfile.mkdtemp(prefix="trialfinder-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    kind = "heavy" if arguments.heavy else arguments.corpus
    source = workdir / f"studies-{arguments.studies}-{kind}.jsonl"
    if not source.exists():
        with source.open("wb") as stream:
            for line in study_lines(kind, arguments.studies):
                stream.write(line + b"\n")
    size_mb = source.stat().st_size / 1e6
    db = arguments.db or str(workdir / "ingest-bench.db")
    if not db.startswith("postgres"):
        for suffix in ("", "-wal", "-shm"):
            Path(db + suffix).unlink(missing_ok=True)

    print(
        f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"input: {arguments.studies:,} {kind} studies, {size_mb:,.0f} MB of API v2 JSON lines")
    print(f"store: {'PostgreSQL' if db.startswith('postgres') else 'SQLite'}")

    start = time.perf_counter()
    with source.open("rb") as stream:
        for line in stream:
            json.loads(line)
    print(f"baseline json.loads only      {_rate(arguments.studies, time.perf_counter() - start)}")

    start = time.perf_counter()
    parsed = sum(1 for record in iter_records([source]) if record.trial is not None)
    print(f"trialfinder parse only        {_rate(parsed, time.perf_counter() - start)}")

    store = open_store(db)
    start = time.perf_counter()
    summary = ingest_paths(store, [source], jobs=arguments.jobs)
    elapsed = time.perf_counter() - start
    label = f"full ingest, {arguments.jobs} job(s)"
    print(f"{label:<30}{_rate(summary.ingested, elapsed)}")
    if not db.startswith("postgres"):
        files = [Path(db + suffix) for suffix in ("", "-wal")]
        size_mb = sum(path.stat().st_size for path in files if path.exists()) / 1e6
        print(f"store size: {size_mb:,.0f} MB")
    store.close()
    registry = 607_529
    minutes = registry / (summary.ingested / elapsed) / 60
    print(f"whole registry ({registry:,}) at this rate: {minutes:.1f} min")


if __name__ == "__main__":
    main()
