"""Ingest throughput: studies per second, beside plain baselines in the same run.

    .venv/bin/python bench/ingest.py [--studies 50000] [--db PATH|postgresql://...]
        [--corpus typical|registry|heavy | --input FILE] [--jobs N] [--stage-studies N]
        [--search-tables on|off]

A benchmark corpus of ``bench/scale.py`` (by default ``typical``, the one the
earlier figures were measured on; ``registry`` is the registry-like one) is
written to a JSON-lines file, then three things read the same file:
``json.loads`` of each line (the floor any ingest pays), trialfinder's parser
alone, and the full ingest with default settings (criteria parsed in one worker
process per core, store and search index written by this process).

The machine is shared, so wall-clock rates move with the load. The CPU time of
each stage is measured too (on the first ``--stage-studies`` studies, one core:
criteria parse; the record: API v2 JSON, read back, hash, compress; store write;
search index; in a forked child, so that what a stage keeps per process does not warm the
full ingest's workers; the worker stages' first study, which loads their tables, is printed
apart), and the full ingest's CPU time (this process and its workers). From those
it prints the rate a quiet machine with this many cores would give: the studies over the larger of
(all CPU time / cores) and this process's CPU time (the writer is one process).
``--input FILE`` reads a JSON-lines file of API v2 studies instead of a corpus
(the 228 real ones: ``--input ../shared/data/ctgov_v2/studies_v2.jsonl``).
With a PostgreSQL URL, ``--search-tables off`` has the database keep no search
tables (``trialfinder search-tables off``: every node keeps its own index), so the
ingest writes trials, derived records and the change log only. The PostgreSQL
server's CPU for the ingest (its backends serving this database, read from /proc on
this machine) is printed beside this process's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CORPORA, study_lines
from trialfinder import (
    DerivedRecord,
    RawRecord,
    RecordResult,
    SkippedRecord,
    Store,
    Trial,
    derive_criteria_record,
    ingest_paths,
    iter_raw_records,
    iter_records,
    open_store,
    open_store_without_index,
    prepare_batch,
    set_search_tables,
)


def _rate(count: int, seconds: float) -> str:
    return f"{count / seconds:10,.0f} studies/s  ({seconds:7.1f} s)"


def _cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _postgres_backend_cpu(db: str) -> float | None:
    """CPU seconds of the PostgreSQL backends now serving ``db``'s database, if they run
    on this machine (their command lines name the database: ``postgres: USER DB ...``)."""
    if not db.startswith("postgres"):
        return None
    database = db.rsplit("/", 1)[-1].split("?", 1)[0]
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for process in Path("/proc").iterdir():
        try:
            command = (process / "cmdline").read_bytes().decode(errors="replace")
            if not command.startswith("postgres: ") or f" {database} " not in command:
                continue
            fields = (process / "stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError, PermissionError, NotADirectoryError):
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def _stage_ms(count: int, work: Callable[[], object]) -> float:
    """CPU milliseconds per study of ``work`` (this process, one core)."""
    start = time.process_time()
    work()
    return (time.process_time() - start) / count * 1e3


_ONE_OFF = "one-off"


def _stages(
    raw: Sequence[RawRecord | RecordResult],
    trials: Sequence[Trial],
    decode_ms: float,
    workdir: Path,
) -> dict[str, float]:
    """CPU ms per study of each ingest stage, measured one after the other: what a worker
    does (decode, derive, make the row and the index entry) and what the writer does.
    ``raw`` are the records ``trials`` were decoded from, at ``decode_ms`` a study.

    The worker stages' first study is timed apart (under :data:`_ONE_OFF`, in seconds): it
    loads what each stage needs once a process (criteria lexicon and units, compression
    dictionaries, vocabulary, gazetteer), as an ingest does once in its parent before its
    workers fork, and it would otherwise be most of a stage's figure on a few thousand
    studies. The stages then run on the others, their caches (criteria read, site names)
    filling as in a worker."""
    count = len(trials)
    derived: dict[str, list[DerivedRecord]] = {trial.nct_id: [] for trial in trials}

    def derive_all(some: Sequence[Trial]) -> None:
        for trial in some:
            derived[trial.nct_id].extend(derive_criteria_record(trial))

    def fresh(name: str, indexed: bool) -> Store:
        path = workdir / name
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return open_store(path) if indexed else open_store_without_index(path)

    indexed_store = fresh("stage-indexed.db", indexed=True)
    make_entry = indexed_store.index_entry_maker()
    assert make_entry is not None
    first, rest, rest_raw = trials[:1], trials[1:], raw[1:]
    one_off = _stage_ms(
        1,
        lambda: (
            derive_all(first),
            prepare_batch(raw[:1], [], None),
            [make_entry(trial) for trial in first],
        ),
    )
    criteria = _stage_ms(len(rest), lambda: derive_all(rest))
    decode_and_row = _stage_ms(len(rest), lambda: prepare_batch(rest_raw, [], None))
    # The first time each site name is met (the gazetteer's cold cache) is counted.
    entry = _stage_ms(len(rest), lambda: [make_entry(trial) for trial in rest])
    prepared = prepare_batch(raw, [], make_entry).records
    rows = [record.row for record in prepared if not isinstance(record, SkippedRecord)]

    def write(store: Store, with_entries: bool) -> float:
        def load() -> None:
            for start in range(0, len(rows), 500):
                chunk = rows[start : start + 500]
                beside = [record for row, _ in chunk for record in derived[row.nct_id]]
                if not with_entries:
                    chunk = [prepared._replace(index_entry=None) for prepared in chunk]
                store.upsert_rows(chunk, beside)
            store.close()

        return _stage_ms(count, load)

    written = write(fresh("stage-store.db", indexed=False), with_entries=False)
    indexed = write(indexed_store, with_entries=True)
    return {
        _ONE_OFF: one_off / 1e3,
        "worker: criteria parse (derive_criteria_record)": criteria,
        "worker: the record (API v2 JSON, read back, hash, compress)": decode_and_row - decode_ms,
        "worker: search index entry (facts, places, pairs)": entry,
        "writer: store write with derived records (upsert_rows)": written,
        "writer: search index (Tantivy, sites)": indexed - written,
    }


def _in_a_child(work: Callable[[], dict[str, float]]) -> dict[str, float]:
    """``work()`` run in a forked child. What a stage keeps per process (criteria read,
    headings, site names) then stays there: the full ingest's workers, forked from this
    process afterwards, start as cold as a real ingest's."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the run: a failed stage ends it
        status = 1
        try:
            os.close(read)
            with os.fdopen(write, "w") as sink:
                json.dump(work(), sink)
            status = 0
        except BaseException:
            traceback.print_exc()
        finally:
            os._exit(status)
    os.close(write)
    with os.fdopen(read) as source:
        result: dict[str, float] = json.load(source)
    os.waitpid(pid, 0)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--studies", type=int, default=50_000)
    parser.add_argument("--db", default=None, help="store to load (default: a new SQLite file)")
    parser.add_argument("--workdir", default=None, help="where to write the scaled input")
    parser.add_argument("--corpus", choices=CORPORA, default="typical")
    parser.add_argument(
        "--input", default=None, help="an API v2 JSON-lines file to read instead of a corpus"
    )
    parser.add_argument(
        "--heavy", action="store_true", help="the same as --corpus heavy (every site kept)"
    )
    parser.add_argument(
        "--jobs", type=int, default=None, help="criteria worker processes (default: one per core)"
    )
    parser.add_argument(
        "--stage-studies", type=int, default=2_000, help="studies timed stage by stage"
    )
    parser.add_argument(
        "--search-tables",
        choices=("on", "off"),
        default=None,
        help="with a PostgreSQL --db: set whether the database keeps its search tables",
    )
    arguments = parser.parse_args()

    workdir = Path(arguments.workdir or tempfile.mkdtemp(prefix="trialfinder-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    kind = "heavy" if arguments.heavy else arguments.corpus
    source = workdir / f"studies-{arguments.studies}-{kind}.jsonl"
    if arguments.input is not None:
        source, kind = Path(arguments.input), Path(arguments.input).name
        with source.open("rb") as stream:
            arguments.studies = sum(1 for line in stream if line.strip())
    elif not source.exists():
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
    if arguments.search_tables is not None:
        switched = open_store(db)
        set_search_tables(switched, arguments.search_tables == "on")
        switched.close()
        print(f"search tables: {arguments.search_tables}")
    print(f"load average before: {_load_average()}")

    start = time.perf_counter()
    cpu = time.process_time()
    with source.open("rb") as stream:
        for line in stream:
            json.loads(line)
    baseline_ms = (time.process_time() - cpu) / arguments.studies * 1e3
    print(
        f"baseline json.loads only      {_rate(arguments.studies, time.perf_counter() - start)}"
        f"  CPU {baseline_ms:.3f} ms a study"
    )

    start = time.perf_counter()
    cpu = time.process_time()
    trials = [record.trial for record in iter_records([source]) if record.trial is not None]
    decode_ms = (time.process_time() - cpu) / len(trials) * 1e3
    print(f"trialfinder parse only        {_rate(len(trials), time.perf_counter() - start)}")
    staged = trials[: arguments.stage_studies]
    del trials
    raw = list(islice(iter_raw_records([source]), len(staged)))
    stages = {
        "worker: read + decode (typed msgspec)": decode_ms,
        **_in_a_child(lambda: _stages(raw, staged, decode_ms, workdir)),
    }
    one_off = stages.pop(_ONE_OFF)
    print(
        f"CPU per study, one core, stage by stage ({len(staged):,} studies; the first, which"
        f" loads each stage's tables, apart: {one_off:.2f} s):"
    )
    for name, milliseconds in stages.items():
        print(f"  {name:<52}{milliseconds:7.3f} ms")
    print(f"  {'sum':<52}{sum(stages.values()):7.3f} ms")

    cores = os.cpu_count() or 1
    store = open_store(db)
    start = time.perf_counter()
    own_cpu = _cpu_seconds(resource.RUSAGE_SELF)
    workers_cpu = _cpu_seconds(resource.RUSAGE_CHILDREN)
    server_cpu = _postgres_backend_cpu(db)
    summary = ingest_paths(store, [source], jobs=arguments.jobs)
    # Read before the pool closes its connections (their backends end with them).
    server_after = _postgres_backend_cpu(db)
    store.close()
    elapsed = time.perf_counter() - start
    own_cpu = _cpu_seconds(resource.RUSAGE_SELF) - own_cpu
    workers_cpu = _cpu_seconds(resource.RUSAGE_CHILDREN) - workers_cpu
    jobs = "default jobs" if arguments.jobs is None else f"{arguments.jobs} job(s)"
    label = f"full ingest, {jobs}"
    print(f"{label:<30}{_rate(summary.ingested, elapsed)}")
    count = summary.ingested
    print(
        f"  CPU per study: this process {own_cpu / count * 1e3:.3f} ms, "
        f"workers {workers_cpu / count * 1e3:.3f} ms"
    )
    if server_cpu is not None and server_after is not None:
        print(
            f"  PostgreSQL backends' CPU per study: {(server_after - server_cpu) / count * 1e3:.3f}"
            " ms (not in the quiet-machine rate below)"
        )
    quiet = count / max((own_cpu + workers_cpu) / cores, own_cpu)
    print(f"  from CPU time, a quiet {cores}-core machine: {quiet:,.0f} studies/s")
    # CPU time is inflated by the load too; in json.loads-units it compares across runs.
    baseline_rate = 1e3 / baseline_ms * cores
    print(
        f"  json.loads of each line, same measure: {baseline_rate:,.0f} studies/s;"
        f" full ingest = {quiet / baseline_rate:.3f}x json.loads"
    )
    print(f"load average after: {_load_average()}")
    if not db.startswith("postgres"):
        files = [Path(db + suffix) for suffix in ("", "-wal")]
        size_mb = sum(path.stat().st_size for path in files if path.exists()) / 1e6
        print(f"store size: {size_mb:,.0f} MB")
    registry = 607_529
    minutes = registry / (summary.ingested / elapsed) / 60
    print(f"whole registry ({registry:,}) at this rate: {minutes:.1f} min")


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


if __name__ == "__main__":
    main()
