"""Stored record size per zstd dictionary and corpus: what the dictionary saves, honestly.

    .venv/bin/python bench/dictionary.py [--studies 5000]

Each corpus of ``bench/scale.py`` is parsed as ingest parses it and each record
encoded as the store encodes it, then compressed at level 3 with no dictionary
(the baseline), with v1 (trained on the bundled sample: the very studies the
typical corpus copies) and v2 (110 KB, trained on the half of the real studies the
registry-like corpus never draws from), both at level 3 as they were written, and
with v3 (768 KB, the same half) at level 5, as the store writes records now. The
gap between v1 on the typical corpus and v2 on the registry-like one is the
optimism the earlier store sizes carried.

``--store DIR`` measures instead the store the product's default ingest makes: the
registry-like corpus loaded with the default derivers (parsed criteria, their
summary, the API v2 JSON) into ``DIR``, bytes a study per table from SQLite's
``dbstat`` (pages, payload, unused) and per derived kind, the search index and the site
grid file (saved by a near-a-place search, as a server's warm-up saves it), and the
search index again as one pass over the store builds it (one segment: the loaded one's
size moves with its segment count), extrapolated to 600,000 studies; then CPU per
``/api/v2/studies`` page (full and ``fields=``) in this process beside a static file's
(``bench/web.py``'s in-process loop). Run it with main's code and a branch's
alternately to compare them.

    .venv/bin/python bench/dictionary.py --store DIR --studies 20000 [--beside DB]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from importlib import resources
from pathlib import Path

import msgspec
import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import study_lines
from trialfinder import (
    CRITERIA_KIND,
    RecordResult,
    build_query,
    ingest_records,
    open_store,
    parse_study_json,
    search_trials,
)
from trialfinder.present.snippets import SnippetText
from trialfinder.web.api.study_documents import study_documents
from web import _cpu_per_page, api_pages

EXTRAPOLATED_STUDIES = 600_000
# The site grid's file in the index directory (search/sqlite_index.py).
_GRID_FILE = "trialfinder-sites.grid"

# Each dictionary at the zstd level records were written with it.
DICTIONARIES = {
    "record_dictionary_v1.zstd": 3,
    "record_dictionary_v2.zstd": 3,
    "record_dictionary_v3.zstd": 5,
}


def _compressors() -> dict[str, zstandard.ZstdCompressor]:
    compressors = {"no dictionary": zstandard.ZstdCompressor(level=3)}
    for name, level in DICTIONARIES.items():
        data = (resources.files("trialfinder") / "data" / name).read_bytes()
        dictionary = zstandard.ZstdCompressionDict(data)
        label = name.removeprefix("record_dictionary_").removesuffix(".zstd")
        compressors[f"{label} level {level}"] = zstandard.ZstdCompressor(
            level=level, dict_data=dictionary
        )
    return compressors


def _records(count: int) -> Iterator[RecordResult]:
    for number, line in enumerate(study_lines("registry", count)):
        yield RecordResult(where=f"registry:{number}", trial=parse_study_json(line))


def _bytes_under(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def _print_sizes(label: str, total: int, studies: int) -> None:
    gigabytes = total / studies * EXTRAPOLATED_STUDIES / 1e9
    print(f"  {label:<34} {total / studies:>9,.0f} B a study  {gigabytes:>6.2f} GB at 600k")


def measure_default_store(directory: Path, studies: int, beside: Path | None) -> None:
    """Load ``studies`` registry-like studies with the default derivers and account for
    every byte of the store; then the API v2 pages' CPU on it."""
    directory.mkdir(parents=True, exist_ok=True)
    database = directory / f"default-{studies}.db"
    if not database.exists():
        store = open_store(database)
        started = time.perf_counter()
        cpu = time.process_time()
        summary = ingest_records(store, _records(studies), jobs=2)
        store.close()
        print(
            f"loaded {summary.inserted:,} studies with the default derivers in "
            f"{time.perf_counter() - started:.0f} s ({time.process_time() - cpu:.0f} s CPU "
            f"in the writer); load average {os.getloadavg()[0]:.1f}"
        )
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    (count,) = connection.execute("SELECT count(*) FROM trials").fetchone()
    page_size = connection.execute("PRAGMA page_size").fetchone()[0]
    print(f"{database}: {count:,} studies, {page_size:,}-byte pages; bytes by dbstat:")
    print(f"  {'table or index':<34} {'pages':>9} {'payload':>9} {'unused':>9}  (a study)")
    for name, pages, payload, unused in connection.execute(
        "SELECT name, sum(pgsize), sum(payload), sum(unused) FROM dbstat"
        " GROUP BY name ORDER BY sum(pgsize) DESC"
    ):
        if pages >= page_size * 4:
            print(
                f"  {name:<34} {pages / count:>9,.0f} {payload / count:>9,.0f}"
                f" {unused / count:>9,.0f}"
            )
    tables = {
        name
        for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    kinds = connection.execute(
        " UNION ALL ".join(
            f"SELECT kind, count(*), sum(length(data)) FROM {table} GROUP BY kind"
            for table in sorted(tables)
            if table.startswith("derived")
        )
    ).fetchall()
    print("  derived records, stored bytes of data a study, by kind:")
    for kind, records, data in kinds:
        print(f"    {kind:<32} {data / count:>9,.0f} ({records:,} records)")
    connection.close()
    grid_seconds = _save_site_grid(database)
    sqlite_bytes = database.stat().st_size
    index_directory = database.with_name(database.name + ".search")
    index_bytes = _bytes_under(index_directory)
    grid_bytes = (index_directory / _GRID_FILE).stat().st_size
    _print_sizes("SQLite file", sqlite_bytes, count)
    _print_sizes("search index", index_bytes - grid_bytes, count)
    _print_sizes("site grid file", grid_bytes, count)
    print(f"    (saved by the first near-a-place search: {grid_seconds:.2f} s CPU)")
    _print_sizes("default store", sqlite_bytes + index_bytes, count)
    one_segment_bytes, segments, rebuild_seconds = _index_in_one_pass(database)
    print(
        f"  the search index as loaded has {segments} segments; rebuilt in one pass"
        f" ({rebuild_seconds:.1f} s CPU) it has one:"
    )
    _print_sizes("search index, one segment", one_segment_bytes, count)
    _print_sizes("default store, one segment", sqlite_bytes + one_segment_bytes + grid_bytes, count)
    if beside is not None and beside.exists():
        measured = beside.stat().st_size + _bytes_under(beside.with_name(beside.name + ".search"))
        print(f"  beside: the benchmark's store (no derived records) {measured / 1e9:.2f} GB")
    _print_read_costs(database)
    full, projected = api_pages()
    load = os.getloadavg()[0]
    cpu_ms = _cpu_per_page(database, {"full": full, "fields=": projected}, rounds=3)
    for name, paths in (("full", full), ("fields=", projected)):
        print(
            f"API v2 /studies pages, {name}: {cpu_ms[name]:.2f} ms CPU a page, static file "
            f"{cpu_ms['static']:.2f} ms ({len(paths)} URLs x 3); load average {load:.1f}"
        )


def _index_in_one_pass(database: Path) -> tuple[int, int, float]:
    """The search index's bytes (the grid file left out) when it is built from the whole
    store in one pass, its segment count as loaded, and the CPU seconds the pass took.

    A load commits every few seconds, so a 20,000-study index is left in several small
    segments (each with its own term dictionary) that a 600,000-study index has merged
    into far larger ones: extrapolated, the loaded index's size depends on where the
    merges fell. An index rebuilt from the store (a copy of the SQLite file without its
    index directory: the first search indexes everything, committing once) is one
    segment, a size that repeats."""
    index_directory = database.with_name(database.name + ".search")
    segments = len(msgspec.json.decode((index_directory / "meta.json").read_bytes())["segments"])
    with tempfile.TemporaryDirectory(dir=database.parent) as scratch:
        copy = Path(scratch) / database.name
        shutil.copyfile(database, copy)
        started = time.process_time()
        store = open_store(copy)
        try:
            search_trials(store, build_query("cancer", limit=1))
        finally:
            store.close()
        seconds = time.process_time() - started
        rebuilt = _bytes_under(copy.with_name(copy.name + ".search"))
    return rebuilt, segments, seconds


def _save_site_grid(database: Path) -> float:
    """Run the first near-a-place search, as a server's would be, so that the site grid
    file it saves beside the index is counted; the CPU seconds it took (after a plain
    search has opened the index)."""
    store = open_store(database)
    try:
        search_trials(store, build_query("cancer", limit=1))
        started = time.process_time()
        search_trials(store, build_query(near="Boston", within="50km", limit=1))
        return time.process_time() - started
    finally:
        store.close()


class _HitSite(msgspec.Struct, rename="camel", gc=False):
    """What a search hit shows of a site (as ``search/indexed_facts.py`` decodes it)."""

    facility: str | None = None
    status: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    geo_point: dict[str, float] | None = None


class _HitSites(msgspec.Struct):
    locations: list[_HitSite] = []


def _print_read_costs(database: Path, sample: int = 400, rounds: int = 3) -> None:
    """CPU of the store reads that serve users, on the same random studies (best of
    ``rounds``): a trial page's record, a cold search page's 20 hits (snippet texts, sites)
    a 10-study API page's JSON, and matching's read of 20 trials' parsed criteria."""
    store = open_store(database)
    try:
        nct_ids = sorted(store.iter_nct_ids())
        chosen = random.Random(7).sample(nct_ids, min(sample, len(nct_ids)))
        pages_of_20 = [chosen[start : start + 20] for start in range(0, len(chosen), 20)]
        pages_of_10 = [chosen[start : start + 10] for start in range(0, len(chosen), 10)]
        reads: dict[str, tuple[int, Callable[[], object]]] = {
            "trial page: get_trial, a study": (
                len(chosen),
                lambda: [store.get_trial(nct_id) for nct_id in chosen],
            ),
            "search page: 20 hits' snippet texts": (
                len(pages_of_20),
                lambda: [store.get_trial_parts(page, SnippetText) for page in pages_of_20],
            ),
            "search page: 20 hits' sites": (
                len(pages_of_20),
                lambda: [store.get_trial_parts(page, _HitSites) for page in pages_of_20],
            ),
            "API page: 10 studies' JSON": (
                len(pages_of_10),
                lambda: [study_documents(store, page) for page in pages_of_10],
            ),
            "matching: 20 trials' parsed criteria": (
                len(pages_of_20),
                lambda: [store.get_derived(CRITERIA_KIND, page) for page in pages_of_20],
            ),
        }
        print(f"store reads, CPU best of {rounds}; load average {os.getloadavg()[0]:.1f}:")
        for name, (count, read) in reads.items():
            best = float("inf")
            for _ in range(rounds):
                started = time.process_time()
                read()
                best = min(best, time.process_time() - started)
            print(f"  {name:<38} {best / count * 1e3:8.3f} ms")
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--studies", type=int, default=5_000)
    parser.add_argument("--corpus", default="registry,typical")
    parser.add_argument("--store", type=Path, help="measure the default store in this directory")
    parser.add_argument("--beside", type=Path, help="the benchmark's 600k store, for its size")
    arguments = parser.parse_args()
    if arguments.store is not None:
        measure_default_store(arguments.store, arguments.studies, arguments.beside)
        return
    compressors = _compressors()
    print(f"load average {os.getloadavg()[0]:.1f}; {arguments.studies:,} studies a corpus")
    print(f"{'corpus':<10} {'encoded':>9}" + "".join(f" {label:>14}" for label in compressors))
    for corpus in arguments.corpus.split(","):
        encoded = [
            msgspec.json.encode(parse_study_json(line))
            for line in study_lines(corpus, arguments.studies)
        ]
        raw = sum(len(record) for record in encoded) / len(encoded)
        sizes: list[float] = []
        cpu_ms: list[float] = []
        for compressor in compressors.values():
            started = time.process_time()
            sizes.append(sum(len(compressor.compress(record)) for record in encoded) / len(encoded))
            cpu_ms.append((time.process_time() - started) * 1e3 / len(encoded))
        print(
            f"{corpus:<10} {raw / 1e3:>7.2f}kB"
            + "".join(f" {size / 1e3:>12.2f}kB" for size in sizes)
            + "   (bytes a record)"
        )
        print(
            f"{'':<10} {'':>9}"
            + "".join(f" {ms:>12.3f}ms" for ms in cpu_ms)
            + "   (CPU to compress a record)"
        )


if __name__ == "__main__":
    main()
