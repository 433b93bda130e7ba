"""Do SQLite and PostgreSQL give the same results for the benchmark's queries?

    .venv/bin/python bench/parity.py --sqlite /tmp/bench_search/600000-typical.db \\
        --postgres postgresql://postgres@127.0.0.1:55432/bench600 [--search-dir DIRECTORY]

Both stores must hold the same scaled studies (the search and ingest benchmarks
load the same ones at a given size). For each of the 200 queries of
``bench/search.py`` it compares the totals, the first page as a set, and the
facets where PostgreSQL counted every match, then prints a line per kind.
``--search-dir`` compares PostgreSQL searched through a node-local index kept there.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from search import kind_of, query_mix  # bench/search.py
from trialfinder import open_store, search_trials


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sqlite", required=True, help="SQLite store path")
    parser.add_argument("--postgres", required=True, help="postgresql:// URL")
    parser.add_argument("--search-dir", default=None, help="node-local index directory")
    arguments = parser.parse_args()
    reference = open_store(arguments.sqlite)
    other = open_store(arguments.postgres, search_dir=arguments.search_dir)
    tallies: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    try:
        for index, query in enumerate(query_mix()):
            expected, found = search_trials(reference, query), search_trials(other, query)
            tally = tallies[kind_of(index)]
            tally["queries"] += 1
            tally["same total"] += expected.total == found.total
            shared = {hit.nct_id for hit in expected.hits} & {hit.nct_id for hit in found.hits}
            tally["first-page overlap"] += len(shared)
            tally["first-page size"] += len(expected.hits)
            if found.facets.counted == found.total:
                tally["facets compared"] += 1
                tally["same facets"] += expected.facets == found.facets
            if expected.total != found.total and tally["reported"] < 3:
                tally["reported"] += 1
                print(
                    f"  #{index} {kind_of(index)}: SQLite {expected.total:,}, "
                    f"PostgreSQL {found.total:,}"
                )
    finally:
        reference.close()
        other.close()
    for kind, tally in tallies.items():
        overlap = tally["first-page overlap"] / max(1, tally["first-page size"])
        print(
            f"{kind:<18} same total {tally['same total']}/{tally['queries']}, "
            f"first page shared {overlap:.0%}, "
            f"same facets {tally['same facets']}/{tally['facets compared']} "
            "(where PostgreSQL counted every match)"
        )


if __name__ == "__main__":
    main()
