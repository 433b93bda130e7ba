"""Search relevance on the judged query set, beside a plain BM25 baseline, in one run.

    PYTHONPATH=src .venv/bin/python bench/relevance.py [--per-query] [--queries FILE]

Loads the bundled sample (the trials ``trialfinder ingest --sample`` loads) into a temporary
SQLite store, runs every query of ``bench/judged_queries.jsonl`` through trialfinder's own
search (``build_query`` + ``search``, the path the CLI, web and API share) and through a plain
BM25 ranking (``bm25s``, no stemming, English stopwords) over the same trials' text: titles,
conditions, keywords, condition and intervention MeSH terms, intervention names and the brief
summary. A query with a place and radius filters both rankings by the same great-circle
distance to the nearest site, so the baseline is told where as well as what.

Prints NDCG@10 (gain 2^grade - 1, judged grades only, unjudged trials count as 0) and
recall@20 (share of the trials graded 1 or 2 that appear in the first 20) per query kind and
overall, for the tune half, the holdout half and both, apart for the second tuning set of
``bench/tune2_queries.jsonl``, and apart for the never-tuned "fresh" queries of
``bench/fresh_queries.jsonl``, ``bench/fresh2_queries.jsonl``, ``bench/fresh3_queries.jsonl``,
``bench/fresh4_queries.jsonl``, ``bench/fresh5_queries.jsonl``, ``bench/fresh6_queries.jsonl``,
``bench/fresh7_queries.jsonl``, ``bench/fresh8_queries.jsonl``,
``bench/fresh10_queries.jsonl``, ``bench/fresh11_queries.jsonl``, ``bench/fresh12_queries.jsonl``,
``bench/fresh13_queries.jsonl``, ``bench/fresh14_queries.jsonl``,
``bench/fresh15_queries.jsonl``, ``bench/fresh16_queries.jsonl``,
``bench/fresh17_queries.jsonl``, ``bench/fresh18_queries.jsonl``,
``bench/fresh19_queries.jsonl``, ``bench/fresh20_queries.jsonl``,
``bench/fresh21_queries.jsonl``, ``bench/fresh22_queries.jsonl``,
``bench/fresh23_queries.jsonl``, ``bench/fresh24_queries.jsonl``,
``bench/fresh25_queries.jsonl``, ``bench/fresh26_queries.jsonl``,
``bench/fresh27_queries.jsonl``, ``bench/fresh28_queries.jsonl`` and
``bench/fresh29_queries.jsonl`` (a table each). The first
two fresh sets were measured as fresh when written and have since been promoted to reading sets
(split "read"); the sixth, seventh, eighth, tenth, eleventh, twelfth, thirteenth, fourteenth,
fifteenth, sixteenth, seventeenth, eighteenth, nineteenth, twentieth, twenty-first,
twenty-second, twenty-third, twenty-fourth, twenty-fifth, twenty-sixth, twenty-seventh,
twenty-eighth and twenty-ninth were written as reading sets (split "read").
``--per-query`` prints the lines of the sets that may be read (tune, tune2 and read) only, so a
run never shows a holdout, fresh3, fresh4 or fresh5 query's own result.
bench/JUDGED_QUERIES.md says how the sets were made and split; bench/RESULTS_relevance.md records
runs.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import bm25s
import msgspec
import numpy as np

from trialfinder import (
    Trial,
    build_query,
    haversine_km,
    ingest_paths,
    iter_records,
    open_store,
    parse_distance,
    resolve_place,
    sample_paths,
)
from trialfinder import search_trials as search

BENCH = Path(__file__).resolve().parent
QUERIES = BENCH / "judged_queries.jsonl"
# A second set for reading, written in the tenth session like the fresh sets (JUDGED_QUERIES.md,
# "The second tuning set"): reported apart, never inside "all", and its misses may be read.
TUNE2_QUERIES = BENCH / "tune2_queries.jsonl"
# Written after the set above was tuned on (split "fresh", never read; the first two, measured
# as fresh when written, are reading sets since the twelfth session, split "read"):
# each reported apart under its file's name, never inside "all" (JUDGED_QUERIES.md,
# "The fresh split", "The second fresh set", "The third fresh set", "The fourth fresh set" and
# "The fifth fresh set").
FRESH_QUERIES = (
    BENCH / "fresh_queries.jsonl",
    BENCH / "fresh2_queries.jsonl",
    BENCH / "fresh3_queries.jsonl",
    BENCH / "fresh4_queries.jsonl",
    BENCH / "fresh5_queries.jsonl",
    # Written in the fourteenth session as a reading set (JUDGED_QUERIES.md, "The sixth set").
    BENCH / "fresh6_queries.jsonl",
    # Written in the fifteenth session as a reading set (JUDGED_QUERIES.md, "The seventh set").
    BENCH / "fresh7_queries.jsonl",
    # Written in the sixteenth session as a reading set (JUDGED_QUERIES.md, "The eighth set").
    BENCH / "fresh8_queries.jsonl",
    # Written in the eighteenth session as a reading set (JUDGED_QUERIES.md, "The tenth set").
    BENCH / "fresh10_queries.jsonl",
    # Written in the nineteenth session as a reading set (JUDGED_QUERIES.md, "The eleventh set").
    BENCH / "fresh11_queries.jsonl",
    # Written in the twentieth session as a reading set (JUDGED_QUERIES.md, "The twelfth set").
    BENCH / "fresh12_queries.jsonl",
    # Written in the twenty-first session as a reading set (JUDGED_QUERIES.md, "The thirteenth
    # set").
    BENCH / "fresh13_queries.jsonl",
    # Written in the twenty-second session as a reading set (JUDGED_QUERIES.md, "The fourteenth
    # set").
    BENCH / "fresh14_queries.jsonl",
    # Written in the twenty-third session as a reading set (JUDGED_QUERIES.md, "The fifteenth
    # set").
    BENCH / "fresh15_queries.jsonl",
    # Written in the twenty-fourth session as a reading set (JUDGED_QUERIES.md, "The sixteenth
    # set").
    BENCH / "fresh16_queries.jsonl",
    # Written in the twenty-fifth session as a reading set (JUDGED_QUERIES.md, "The seventeenth
    # set").
    BENCH / "fresh17_queries.jsonl",
    # Written in the twenty-sixth session as a reading set (JUDGED_QUERIES.md, "The eighteenth
    # set").
    BENCH / "fresh18_queries.jsonl",
    # Written in the twenty-seventh session as a reading set (JUDGED_QUERIES.md, "The nineteenth
    # set").
    BENCH / "fresh19_queries.jsonl",
    # Written in the twenty-eighth session as a reading set (JUDGED_QUERIES.md, "The twentieth
    # set").
    BENCH / "fresh20_queries.jsonl",
    # Written in the twenty-ninth session as a reading set (JUDGED_QUERIES.md, "The twenty-first
    # set").
    BENCH / "fresh21_queries.jsonl",
    # Written in the thirtieth session as a reading set (JUDGED_QUERIES.md, "The twenty-second
    # set").
    BENCH / "fresh22_queries.jsonl",
    # Written in the thirty-first session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-third set").
    BENCH / "fresh23_queries.jsonl",
    # Written in the thirty-second session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-fourth set").
    BENCH / "fresh24_queries.jsonl",
    # Written in the thirty-third session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-fifth set").
    BENCH / "fresh25_queries.jsonl",
    # Written in the thirty-fourth session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-sixth set").
    BENCH / "fresh26_queries.jsonl",
    # Written in the thirty-fifth session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-seventh set").
    BENCH / "fresh27_queries.jsonl",
    # Written in the thirty-sixth session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-eighth set").
    BENCH / "fresh28_queries.jsonl",
    # Written in the thirty-seventh session as a reading set (JUDGED_QUERIES.md, "The
    # twenty-ninth set").
    BENCH / "fresh29_queries.jsonl",
)
# The splits whose single queries may be looked at while improving search.
READ_SPLITS = frozenset({"tune", "tune2", "read"})
NDCG_DEPTH = 10
RECALL_DEPTH = 20
SYSTEMS = ("trialfinder", "bm25")


class JudgedQuery(msgspec.Struct, frozen=True):
    """One line of judged_queries.jsonl (its format is described in JUDGED_QUERIES.md)."""

    id: str
    kind: str
    split: str
    query: str
    judgments: dict[str, int]
    near: str | None = None
    within: str | None = None
    note: str | None = None


def read_queries(path: Path) -> list[JudgedQuery]:
    decoder = msgspec.json.Decoder(JudgedQuery)
    return [decoder.decode(line) for line in path.read_bytes().splitlines() if line.strip()]


def ndcg(ranked: Sequence[str], judgments: dict[str, int], depth: int = NDCG_DEPTH) -> float:
    """Normalised discounted cumulative gain of the first ``depth`` results."""

    def dcg(grades: Iterable[int]) -> float:
        return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades))

    ideal = dcg(sorted(judgments.values(), reverse=True)[:depth])
    if ideal == 0:
        return 0.0
    return dcg(judgments.get(nct_id, 0) for nct_id in ranked[:depth]) / ideal


def recall(ranked: Sequence[str], judgments: dict[str, int], depth: int = RECALL_DEPTH) -> float:
    relevant = {nct_id for nct_id, grade in judgments.items() if grade > 0}
    if not relevant:
        return 0.0
    return len(relevant.intersection(ranked[:depth])) / len(relevant)


def trial_text(trial: Trial) -> str:
    """The text the baseline indexes: what a reader sees of a trial before its criteria."""
    parts = [
        trial.brief_title or "",
        trial.official_title or "",
        *trial.conditions,
        *trial.keywords,
        *(mesh.term for mesh in trial.condition_meshes),
        *(mesh.term for mesh in trial.intervention_meshes),
        *(intervention.name or "" for intervention in trial.interventions),
        trial.brief_summary or "",
    ]
    return "\n".join(parts)


def place_mask(trials: Sequence[Trial], query: JudgedQuery) -> np.ndarray:
    """Which trials have a site within the query's radius of its place (all, without a place).

    A baseline is told where as well as what, so it is filtered exactly as trialfinder is.
    """
    allowed = np.ones(len(trials), dtype=bool)
    if query.near:
        place = resolve_place(query.near)
        radius = parse_distance(query.within).kilometres if query.within else math.inf
        for index, trial in enumerate(trials):
            allowed[index] = any(
                site.latitude is not None
                and site.longitude is not None
                and haversine_km(place.latitude, place.longitude, site.latitude, site.longitude)
                <= radius
                for site in trial.locations
            )
    return allowed


class Bm25Baseline:
    """bm25s over every sample trial's text, with the same place filter trialfinder applies."""

    def __init__(self, trials: Sequence[Trial]) -> None:
        self.trials = list(trials)
        self.retriever = bm25s.BM25()
        self.retriever.index(
            bm25s.tokenize(
                [trial_text(trial) for trial in self.trials], stopwords="en", show_progress=False
            ),
            show_progress=False,
        )

    def rank(self, query: JudgedQuery, depth: int) -> list[str]:
        (words,) = bm25s.tokenize(
            [query.query], stopwords="en", return_ids=False, show_progress=False
        )
        scores = np.asarray(self.retriever.get_scores(list(words)))
        allowed = place_mask(self.trials, query)
        order = [int(index) for index in np.argsort(-scores, kind="stable")]
        return [
            self.trials[index].nct_id for index in order if allowed[index] and scores[index] > 0
        ][:depth]


def trialfinder_rank(store: object, query: JudgedQuery, depth: int) -> list[str]:
    built = build_query(query.query, near=query.near, within=query.within, limit=depth)
    return [hit.nct_id for hit in search(store, built).hits]  # type: ignore[arg-type]


def summarise(
    queries: Sequence[JudgedQuery],
    scores: dict[tuple[str, str], tuple[float, float]],
    systems: Sequence[str] = SYSTEMS,
    apart: dict[str, Sequence[JudgedQuery]] | None = None,
) -> None:
    """Print one table per split, then one per set reported apart (tune2 and the fresh sets,
    titled by their file): kinds as rows, NDCG@10 and recall@20 of each system."""
    tables: dict[str, Sequence[JudgedQuery]] = {
        split: [query for query in queries if split in ("all", query.split)]
        for split in ("tune", "holdout", "all")
    }
    tables.update(apart or {})
    for split, chosen in tables.items():
        kinds = sorted({query.kind for query in chosen})
        print(f"\n{split} ({len(chosen)} queries)")
        header = f"{'kind':<12} {'n':>3}"
        for system in systems:
            header += f"  {system + ' ndcg@10':>20} {'recall@20':>9}"
        print(header)
        for kind in [*kinds, "overall"]:
            rows = [query for query in chosen if kind in ("overall", query.kind)]
            if not rows:
                continue
            line = f"{kind:<12} {len(rows):>3}"
            for system in systems:
                pairs = [scores[(system, query.id)] for query in rows]
                line += f"  {statistics.fmean(p[0] for p in pairs):>20.3f}"
                line += f" {statistics.fmean(p[1] for p in pairs):>9.3f}"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--queries", type=Path, default=QUERIES)
    parser.add_argument(
        "--fresh",
        type=Path,
        nargs="*",
        default=list(FRESH_QUERIES),
        help="never-tuned query files, each reported apart",
    )
    parser.add_argument("--tune2", type=Path, default=TUNE2_QUERIES, help="second tuning set")
    parser.add_argument(
        "--per-query",
        action="store_true",
        help="print the scores of every query of a reading set (tune, tune2, read)",
    )
    arguments = parser.parse_args()
    tuned = read_queries(arguments.queries)
    apart = {
        path.stem: read_queries(path)
        for path in [arguments.tune2, *arguments.fresh]
        if path.exists()
    }
    queries = [*tuned, *(query for chosen in apart.values() for query in chosen)]
    trials = [record.trial for record in iter_records(sample_paths()) if record.trial]
    baseline = Bm25Baseline(trials)
    scores: dict[tuple[str, str], tuple[float, float]] = {}
    timings: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory() as directory:
        store = open_store(str(Path(directory) / "relevance.db"))
        ingest_paths(store, sample_paths())
        search(store, build_query(limit=1))  # builds the index outside the timed queries
        for query in queries:
            for system in SYSTEMS:
                started = time.perf_counter()
                if system == "trialfinder":
                    ranked = trialfinder_rank(store, query, RECALL_DEPTH)
                else:
                    ranked = baseline.rank(query, RECALL_DEPTH)
                timings[system].append(time.perf_counter() - started)
                scores[(system, query.id)] = (
                    ndcg(ranked, query.judgments),
                    recall(ranked, query.judgments),
                )
            if arguments.per_query and query.split in READ_SPLITS:
                ours, theirs = scores[("trialfinder", query.id)], scores[("bm25", query.id)]
                print(
                    f"{query.id:<14} {query.split:<7} {query.query[:40]:<40}"
                    f" tf {ours[0]:.2f}/{ours[1]:.2f}  bm25 {theirs[0]:.2f}/{theirs[1]:.2f}"
                )
        store.close()
    print(
        f"{len(queries)} judged queries over {len(trials)} sample trials; "
        + ", ".join(
            f"{system} median {statistics.median(timings[system]) * 1000:.1f} ms/query"
            for system in SYSTEMS
        )
    )
    summarise(tuned, scores, apart=apart)


if __name__ == "__main__":
    sys.exit(main())
