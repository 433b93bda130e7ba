"""Search latency, store size and server memory at registry scale, beside a LIKE baseline.

    .venv/bin/python bench/search.py --db DIRECTORY --studies 100000,600000 \
        [--corpus registry,typical] [--search-dir DIRECTORY]

Builds each benchmark corpus of ``bench/scale.py`` (``registry``: real text of
every source mixed, real distributions, a vocabulary growing by Heaps' law;
``typical``: the 228 API v2 records copied; ``heavy``: those copies with every
site), loads each size through the real store (store + search index; the rate is printed), then a
fresh process plays the server: it opens the store, warms up as ``serve`` does by
default, and runs a fixed mix of 200 queries (condition; condition + filters;
condition + place; free text; empty; 150-word patient notes), each with facets, and
prints p50/p95/p99 per kind (wall and the process's CPU time), the CPU of queries
asked for the first time and of repeats, and its memory. The baseline runs the same
queries' words as plain ``LIKE '%word%'`` scans over the first 10,000 studies of the
same corpus. ``--db`` is a directory (one SQLite file per
size, reused when it already holds that many studies) or a postgresql:// URL;
with a URL, ``--search-dir`` has the server search a node-local index there
(``TRIALFINDER_SEARCH_DIR``), first brought up to date from the database's change
log (the time is printed), instead of the database's own index.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import CORPORA, study_lines
from trialfinder import (
    RecordResult,
    SearchQuery,
    Trial,
    build_query,
    ingest_records,
    open_store,
    parse_study_json,
    parse_text,
    search_trials,
    warm_up,
)

__all__ = ["main"]

BASELINE_STUDIES = 10_000

CONDITIONS = [
    "breast cancer",
    "lung cancer",
    "diabetes",
    "type 2 diabetes",
    "hypertension",
    "asthma",
    "multiple myeloma",
    "lymphoma",
    "prostate cancer",
    "colorectal cancer",
    "obesity",
    "chronic kidney disease",
    "heart failure",
    "melanoma",
    "leukemia",
    "liver diseases",
    "neoplasms",
    "knee osteoarthritis",
    "head and neck cancer",
    "interstitial lung disease",
]
FREE_TEXT = [
    "pembrolizumab",
    "insulin glargine",
    "semaglutide weight",
    "radiotherapy elderly",
    "metformin",
    "stem cells",
    "exercise program",
    "quality of life",
    "CAR-T",
    "vaccine",
    "nivolumab ipilimumab",
    "HER2 positive",
    "EGFR mutation",
    "dapagliflozin",
    "MSC",
    "first line chemotherapy",
    "biomarker",
    "hUC-MSC",
    "tiotropium",
    "dental caries",
]
PLACES = [
    "Seoul",
    "Lyon, France",
    "Pune",
    "Boston",
    "Madrid",
    "São Paulo",
    "Tokyo",
    "Toronto",
    "Berlin",
    "Springfield, IL",
]
NOTE_PARTS = [
    "62 year old woman with type 2 diabetes diagnosed ten years ago on metformin and insulin.",
    "History of hypertension controlled with lisinopril and amlodipine, no prior stroke.",
    "Recently diagnosed with hormone receptor positive breast cancer after a screening mammogram.",
    "She has mild chronic kidney disease with eGFR of 55 and creatinine slightly raised.",
    "Former smoker with thirty pack years, now has shortness of breath and a chronic cough.",
    "Knee pain from osteoarthritis limits walking, she takes paracetamol most days.",
    "BMI 33, HbA1c 8.4 percent, LDL cholesterol high despite statin therapy.",
    "No known drug allergies, lives with her husband, would travel up to fifty kilometres.",
    "Her mother had colon cancer, she had a normal colonoscopy three years ago.",
    "She is interested in trials of new treatments and can attend weekly visits.",
    "Echocardiogram showed preserved ejection fraction, no heart failure symptoms.",
    "Depression treated with sertraline, sleep is poor, fatigue most afternoons.",
]


def scaled_records(count: int, corpus: str) -> Iterator[RecordResult]:
    for number, line in enumerate(study_lines(corpus, count)):
        yield RecordResult(where=f"scaled:{number}", trial=parse_study_json(line))


def scaled_trials(count: int, corpus: str) -> Iterator[Trial]:
    for line in study_lines(corpus, count):
        yield parse_study_json(line)


def load(location: str, count: int, corpus: str, node_index: bool = False) -> None:
    """Fill the store up to ``count`` scaled studies (the same first ones at every size).

    A store reused is searched once, which brings an older or missing index up to date;
    not so with ``node_index`` (the node's index is brought up to date by ``catch_up``,
    timed, and the database may keep no search tables of its own)."""
    store = open_store(location)
    if store.count_trials() == count:
        started = time.perf_counter()
        if not node_index:
            search_trials(store, build_query(limit=1))
        store.close()
        print(
            f"  reusing {location} ({count:,} studies);"
            f" index checked/rebuilt in {time.perf_counter() - started:,.1f} s"
        )
        return
    started = time.perf_counter()
    try:
        summary = ingest_records(store, scaled_records(count, corpus), derivers=[])
    finally:
        store.close()  # commits the last of the index and waits for its merges
    loaded = time.perf_counter() - started
    print(
        f"  load (parse, store, search index): {summary.ingested / loaded:,.0f} studies/s"
        f" ({summary.ingested:,} in {loaded:,.0f} s)"
    )


def query_mix(seed: int = 11) -> list[SearchQuery]:
    rng = random.Random(seed)
    queries: list[SearchQuery] = []
    for index in range(40):
        queries.append(build_query(condition=CONDITIONS[index % len(CONDITIONS)]))
    filters = [
        {"statuses": ["recruiting"]},
        {"statuses": ["recruiting"], "phases": ["3"]},
        {"sex": "female", "age": "62"},
        {"study_type": "interventional", "intervention_types": ["drug"]},
        {"funder_types": ["industry"], "statuses": ["recruiting", "not_yet_recruiting"]},
        {"phases": ["2", "3"], "age": "45", "healthy_volunteers": False},
    ]
    for index in range(40):
        queries.append(
            build_query(condition=rng.choice(CONDITIONS), **filters[index % len(filters)])  # type: ignore[arg-type]
        )
    for index in range(40):
        queries.append(
            build_query(
                condition=rng.choice(CONDITIONS),
                near=PLACES[index % len(PLACES)],
                within=rng.choice(["50km", "100km", "30mi"]),
                sort="distance" if index % 2 else "relevance",
            )
        )
    for index in range(40):
        queries.append(build_query(FREE_TEXT[index % len(FREE_TEXT)]))
    empties = [{}, {"statuses": ["recruiting"]}, {"sort": "updated"}, {"phases": ["1"]}]
    for index in range(20):
        queries.append(build_query(**empties[index % len(empties)]))  # type: ignore[arg-type]
    for _ in range(20):
        parts = rng.sample(NOTE_PARTS, len(NOTE_PARTS))
        note = " ".join(parts)
        while len(note.split()) < 150:
            note += " " + rng.choice(NOTE_PARTS)
        queries.append(build_query(" ".join(note.split()[:150])))
    return queries


def kind_of(index: int) -> str:
    """The query mix is 40 of each of the first four kinds, then 20 empty, then 20 notes."""
    kinds = ["condition"] * 40 + ["condition+filters"] * 40 + ["condition+place"] * 40
    kinds += ["free text"] * 40 + ["empty"] * 20 + ["patient note"] * 20
    return kinds[index]


def percentiles(latencies: list[float]) -> str:
    ordered = sorted(latencies)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return f"p50 {cuts[49]:7.1f} ms  p95 {cuts[94]:7.1f} ms  p99 {cuts[98]:7.1f} ms"


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def catch_up(location: str, search_dir: str) -> None:
    """Bring the node-local index in ``search_dir`` up to date, as a node's first search does."""
    store = open_store(location, search_dir=search_dir)
    started, cpu = time.perf_counter(), time.process_time()
    search_trials(store, build_query(limit=1))
    print(
        f"  node index in {search_dir} caught up from the change log in"
        f" {time.perf_counter() - started:,.1f} s ({time.process_time() - cpu:,.1f} s CPU)"
    )
    store.close()


def serve_queries(
    location: str, queries: list[SearchQuery], search_dir: str | None = None
) -> tuple[list[float], list[float], str]:
    """In a fresh process, as a server would: open, warm up as ``serve`` does by default
    (``--warm-up``: vocabulary, spelling corrector, term statistics, site grid), run one
    query of each kind, then time each query: wall and this process's CPU milliseconds.

    The queries ask what the web pages and JSON APIs ask near a place: each hit's
    nearest site, not every other site by distance (the CLI's text output)."""
    queries = [msgspec.structs.replace(query, other_sites=False) for query in queries]
    started = time.perf_counter()
    store = open_store(location, search_dir=search_dir)
    opened = time.perf_counter() - started
    started, cpu_started = time.perf_counter(), time.process_time()
    warm_up(store)
    warmed = (
        f"warm-up {time.perf_counter() - started:,.1f} s"
        f" ({time.process_time() - cpu_started:,.1f} s CPU)"
    )
    warmups = []
    for index in (0, 40, 80, 160, 180):
        started = time.perf_counter()
        search_trials(store, queries[index])
        warmups.append(f"{kind_of(index)} {1000 * (time.perf_counter() - started):,.0f} ms")
    latencies: list[float] = []
    cpu: list[float] = []
    for query in queries:
        started, cpu_started = time.perf_counter(), time.process_time()
        search_trials(store, query)
        latencies.append((time.perf_counter() - started) * 1000.0)
        cpu.append((time.process_time() - cpu_started) * 1000.0)
    store.close()
    # This process's CPU (all its threads) per query: what a loaded machine does not
    # inflate much; a PostgreSQL server's own CPU is not in it.
    memory = (
        f"open {1000 * opened:,.0f} ms; {warmed}; first queries: {'; '.join(warmups)}\n"
        f"  server memory: RSS {_rss_mb('VmRSS'):,.0f} MB, peak {_rss_mb('VmHWM'):,.0f} MB;"
        f" anonymous {_rss_mb('RssAnon'):,.0f} MB, file-backed {_rss_mb('RssFile'):,.0f} MB"
        " (mapped files such as the site grid, shared between processes)"
    )
    return latencies, cpu, memory


def disk_bytes(path: Path) -> tuple[int, int]:
    """(SQLite file + WAL, search index directory) in bytes."""
    database = sum(
        Path(f"{path}{suffix}").stat().st_size
        for suffix in ("", "-wal")
        if Path(f"{path}{suffix}").exists()
    )
    index_dir = Path(f"{path}.search")
    index = sum(item.stat().st_size for item in index_dir.rglob("*") if item.is_file())
    return database, index


def record_bytes(path: Path) -> int:
    """The compressed trial records' bytes (the part the zstd dictionary shrinks)."""
    with sqlite3.connect(path) as connection:
        row = connection.execute("SELECT sum(length(record)) FROM trials").fetchone()
    return int(row[0] or 0)


def postgres_sizes(url: str) -> str:
    """The database's size and its largest tables (with their indexes and TOAST)."""
    import psycopg

    with psycopg.connect(url) as connection:
        total = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        tables = connection.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class"
            " WHERE relkind = 'r' AND relnamespace = 'public'::regnamespace"
            " ORDER BY 2 DESC LIMIT 4"
        ).fetchall()
    parts = ", ".join(f"{name} {size / 1e9:,.2f}" for name, size in tables)
    return f"{(total[0] if total else 0) / 1e9:,.2f} GB ({parts})"


def baseline(directory: Path, queries: list[SearchQuery], corpus: str) -> list[float]:
    """Plain ``LIKE`` over the same text, on the corpus's first 10,000 studies."""
    path = directory / f"baseline_like_{corpus}.db"
    path.unlink(missing_ok=True)
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE trials (nct_id TEXT, status TEXT, updated TEXT, text TEXT)")
    connection.executemany(
        "INSERT INTO trials VALUES (?, ?, ?, ?)",
        (
            (
                trial.nct_id,
                trial.overall_status,
                trial.source_last_updated,
                " ".join(
                    [
                        trial.title,
                        *trial.conditions,
                        *trial.keywords,
                        trial.brief_summary or "",
                        trial.detailed_description or "",
                        trial.eligibility.criteria_text or "",
                    ]
                ).lower(),
            )
            for trial in scaled_trials(BASELINE_STUDIES, corpus)
        ),
    )
    connection.commit()
    latencies: list[float] = []
    for query in queries:
        words = [
            group[0] for text in (query.text, query.condition) for group in parse_text(text).groups
        ][:8]
        where = " AND ".join("text LIKE ?" for _ in words) or "1"
        if query.statuses:
            where += " AND status = 'RECRUITING'"
        arguments = [f"%{word}%" for word in words]
        started = time.perf_counter()
        connection.execute(f"SELECT count(*) FROM trials WHERE {where}", arguments).fetchone()
        connection.execute(
            f"SELECT nct_id FROM trials WHERE {where} ORDER BY updated DESC LIMIT 20", arguments
        ).fetchall()
        latencies.append((time.perf_counter() - started) * 1000.0)
    connection.close()
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--db",
        default=str(Path(tempfile.gettempdir()) / "bench_search"),
        help="Directory for SQLite files (reused between runs), or a postgresql:// URL.",
    )
    parser.add_argument("--studies", default="100000,600000", help="Comma-separated sizes.")
    parser.add_argument(
        "--search-dir",
        default=None,
        help="With a postgresql:// URL: search a node-local index kept in this directory.",
    )
    parser.add_argument(
        "--corpus",
        default="registry,typical",
        help=f"Comma-separated corpora of bench/scale.py, measured in turn: {', '.join(CORPORA)}.",
    )
    arguments = parser.parse_args()
    postgres = arguments.db.startswith(("postgresql://", "postgres://"))
    directory = Path(tempfile.gettempdir()) / "bench_search" if postgres else Path(arguments.db)
    directory.mkdir(parents=True, exist_ok=True)
    queries = query_mix()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; {len(queries)} queries")
    for corpus in arguments.corpus.split(","):
        measure_corpus(
            arguments.db, directory, corpus, arguments.studies, queries, arguments.search_dir
        )


def measure_corpus(
    db: str,
    directory: Path,
    corpus: str,
    sizes: str,
    queries: list[SearchQuery],
    search_dir: str | None = None,
) -> None:
    """The baseline, then load, search, memory and size at each size, for one corpus."""
    postgres = db.startswith(("postgresql://", "postgres://"))
    like = baseline(directory, queries, corpus)
    print(f"{corpus} corpus; baseline LIKE scan, {BASELINE_STUDIES:,} studies: {percentiles(like)}")
    for size in (int(value) for value in sizes.split(",")):
        print(f"{size:,} {corpus} studies")
        path = directory / f"{size}-{corpus}.db"
        location = db if postgres else str(path)
        load(location, size, corpus, node_index=postgres and search_dir is not None)
        if postgres and search_dir is not None:
            catch_up(location, search_dir)
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as server:
            latencies, cpu, memory = server.submit(
                serve_queries, location, queries, search_dir if postgres else None
            ).result()
        print(f"  {memory}")
        print(f"  all {len(queries)} queries:   {percentiles(latencies)}")
        print(f"  {'server process CPU':<20} {percentiles(cpu)}")
        by_kind: dict[str, list[tuple[float, float]]] = {}
        for index, timing in enumerate(zip(latencies, cpu, strict=True)):
            by_kind.setdefault(kind_of(index), []).append(timing)
        for name, timings in by_kind.items():
            print(f"  {name:<20} {percentiles([wall for wall, _ in timings])}")
            print(f"  {'  CPU':<20} {percentiles([used for _, used in timings])}")
        # The mix asks some queries more than once (40 conditions over 20 names): what
        # is cached per data generation (facet counts) serves the repeats.
        seen: set[str] = set()
        first: list[float] = []
        again: list[float] = []
        for query, used in zip(queries, cpu, strict=True):
            (again if repr(query) in seen else first).append(used)
            seen.add(repr(query))
        print(f"  CPU, first asked ({len(first)}): {percentiles(first)}")
        if len(again) > 1:
            print(f"  CPU, asked again ({len(again)}): {percentiles(again)}")
        if postgres:
            print(f"  store on disk: {postgres_sizes(location)}")
        else:
            database, index = disk_bytes(path)
            records = record_bytes(path)
            print(
                f"  store on disk: {(database + index) / 1e9:,.2f} GB"
                f" (SQLite {database / 1e9:,.2f} GB, of which records {records / 1e9:,.2f};"
                f" search index {index / 1e9:,.2f} GB)"
            )
        print(f"  load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
