"""Search latency and store size at registry scale, beside a LIKE-scan baseline.

    .venv/bin/python bench/search.py --db /tmp/bench_search --studies 100000,600000
    .venv/bin/python bench/search.py --db postgresql://user@host/postgres --studies 100000

Scales the real records (../shared/data) up by copying them with new NCT ids,
perturbed titles, shifted site coordinates and spread last-update dates, loads
each size through the real store (ingest rate is printed), then runs a fixed
mix of 200 queries (condition; condition + filters; condition + place; free
text; empty; 150-word patient notes) with facets and prints p50/p95/p99, the
store's size on disk and the process's peak memory. The baseline runs the same
queries' words as plain ``LIKE '%word%'`` scans over a 10,000-study sample.
A store of the right size already at --db/<size>.db is reused. With a
postgresql:// URL each size gets its own database, trialfinder_bench_<size>, on
that server (created when missing, reused when full).
"""

from __future__ import annotations

import argparse
import random
import resource
import sqlite3
import statistics
import time
from collections.abc import Iterator
from pathlib import Path

import msgspec
import psycopg

from trialfinder.ingest import iter_records
from trialfinder.model import GeoPoint, StudyDate, Trial
from trialfinder.search import SearchQuery, build_query, parse_text, search
from trialfinder.store import Store, open_store
from trialfinder.store.sqlite import SQLiteStore
from trialfinder.store.sqlite_search import optimize_index

__all__ = ["main"]

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SOURCES = [SHARED / "ctgov_v2" / "studies_v2.jsonl", SHARED / "ctgov_legacy_xml" / "sample"]
BASELINE_STUDIES = 10_000
BATCH = 2_000

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


def real_trials() -> list[Trial]:
    return [record.trial for record in iter_records(SOURCES) if record.trial is not None]


def scaled(trials: list[Trial], count: int, seed: int = 7) -> Iterator[Trial]:
    """Copies with new ids, a perturbed title, shifted sites and a spread update date."""
    rng = random.Random(seed)
    words = sorted({word for trial in trials for word in trial.title.split() if word.isalpha()})
    for number in range(count):
        trial = trials[number % len(trials)]
        shift_lat, shift_lon = rng.uniform(-0.3, 0.3), rng.uniform(-0.3, 0.3)
        locations = [
            msgspec.structs.replace(
                site,
                geo_point=GeoPoint(
                    lat=max(-90.0, min(90.0, site.geo_point.lat + shift_lat)),
                    lon=max(-180.0, min(180.0, site.geo_point.lon + shift_lon)),
                ),
            )
            if site.geo_point is not None
            else site
            for site in trial.locations
        ]
        day = f"{rng.randint(2008, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        yield msgspec.structs.replace(
            trial,
            nct_id=f"NCT9{number:07d}",
            brief_title=f"{trial.title} {rng.choice(words)} {rng.choice(words)}",
            locations=locations,
            source_last_updated=day,
            last_update_posted_date=StudyDate(date=day),
        )


def is_postgres(db: str) -> bool:
    return db.startswith(("postgresql://", "postgres://"))


def store_location(db: str, size: int) -> str:
    """<db>/<size>.db, or the database trialfinder_bench_<size> on a PostgreSQL server."""
    if not is_postgres(db):
        return str(Path(db) / f"{size}.db")
    name = f"trialfinder_bench_{size}"
    with psycopg.connect(db, autocommit=True) as connection:
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return f"{db.rsplit('/', 1)[0]}/{name}"
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"{db.rsplit('/', 1)[0]}/{name}"


def discard_store(location: str) -> None:
    if is_postgres(location):
        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute("TRUNCATE trials, derived, state CASCADE")
    else:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{location}{suffix}").unlink(missing_ok=True)


def finish_load(store: Store, location: str) -> None:
    """What a deployment does after a bulk load: merge the FTS5 index / VACUUM ANALYZE."""
    if isinstance(store, SQLiteStore):
        optimize_index(store.connection)
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with psycopg.connect(location, autocommit=True) as connection:
            connection.execute("VACUUM ANALYZE")


def build_store(location: str, trials: list[Trial], count: int) -> Store:
    if is_postgres(location) or Path(location).exists():
        store = open_store(location)
        if store.count_trials() == count:
            print(f"  reusing {location} ({count:,} studies)")
            return store
        store.close()
        discard_store(location)
    store = open_store(location)
    started = time.perf_counter()
    batch: list[Trial] = []
    for trial in scaled(trials, count):
        batch.append(trial)
        if len(batch) == BATCH:
            store.upsert_trials(batch)
            batch.clear()
    if batch:
        store.upsert_trials(batch)
    loaded = time.perf_counter() - started
    print(f"  ingest incl. indexing: {count / loaded:,.0f} studies/s ({loaded:,.0f} s)")
    started = time.perf_counter()
    finish_load(store, location)
    print(f"  index optimize / vacuum analyze: {time.perf_counter() - started:,.0f} s")
    return store


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


def run_queries(store: Store, queries: list[SearchQuery]) -> list[float]:
    search(store, queries[0])  # warm the gazetteer and caches once
    latencies: list[float] = []
    for query in queries:
        started = time.perf_counter()
        search(store, query)
        latencies.append((time.perf_counter() - started) * 1000.0)
    return latencies


def store_sizes(store: Store, location: str) -> tuple[int, list[tuple[str, int]]]:
    """Bytes on disk in all, and the six largest tables or indexes."""
    if isinstance(store, SQLiteStore):
        total = sum(
            Path(f"{location}{suffix}").stat().st_size
            for suffix in ("", "-wal")
            if Path(f"{location}{suffix}").exists()
        )
        largest = store.connection.execute(
            "SELECT name, sum(pgsize) FROM dbstat GROUP BY name ORDER BY 2 DESC LIMIT 6"
        ).fetchall()
        return total, largest
    with psycopg.connect(location) as connection:
        row = connection.execute("SELECT pg_database_size(current_database())").fetchone()
        largest = connection.execute(
            "SELECT relname, pg_total_relation_size(oid) FROM pg_class"
            " WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'i')"
            " ORDER BY 2 DESC LIMIT 6"
        ).fetchall()
    return (int(row[0]) if row else 0), largest


def baseline(directory: Path, trials: list[Trial], queries: list[SearchQuery]) -> list[float]:
    """Plain ``LIKE`` over the same text, on a 10,000-study sample."""
    path = directory / "baseline_like.db"
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
            for trial in scaled(trials, BASELINE_STUDIES)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--db",
        default="/tmp/bench_search",
        help="Directory for SQLite stores, or a postgresql:// server URL.",
    )
    parser.add_argument("--studies", default="100000,600000", help="Comma-separated sizes.")
    arguments = parser.parse_args()
    scratch = Path("/tmp/bench_search") if is_postgres(arguments.db) else Path(arguments.db)
    scratch.mkdir(parents=True, exist_ok=True)
    trials = real_trials()
    queries = query_mix()
    print(f"{len(trials)} real records; {len(queries)} queries")
    like = baseline(scratch, trials, queries)
    print(f"baseline LIKE scan, {BASELINE_STUDIES:,} studies: {percentiles(like)}")
    for size in (int(value) for value in arguments.studies.split(",")):
        print(f"{size:,} studies")
        location = store_location(arguments.db, size)
        store = build_store(location, trials, size)
        latencies = run_queries(store, queries)
        print(f"  all {len(queries)} queries:   {percentiles(latencies)}")
        by_kind: dict[str, list[float]] = {}
        for index, latency in enumerate(latencies):
            by_kind.setdefault(kind_of(index), []).append(latency)
        for kind, values in by_kind.items():
            print(f"  {kind:<20} {percentiles(values)}")
        total_bytes, largest = store_sizes(store, location)
        print(f"  store on disk: {total_bytes / 1e9:,.2f} GB")
        for table, size_bytes in largest:
            print(f"    {table:<28} {size_bytes / 1e9:6.2f} GB")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"  peak process memory so far: {peak:,.0f} MB")
        store.close()


if __name__ == "__main__":
    main()
