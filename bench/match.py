"""Benchmark: parse criteria at ingest speed, match one patient against 100,000 trials.

Run: .venv/bin/python bench/match.py [--trials 100000] [--store]

The real API v2 studies are parsed once (timing the ingest-time parse), then
their parsed criteria are copied under new NCT ids up to the requested count.
Matching is timed two ways in the same run:

* baseline: decode every stored record in full and evaluate every criterion;
* trialfinder: decode only each record's summary, skip trials unrelated to the
  patient's conditions, evaluate the rest (``match_records``).

With ``--store`` the records (full criteria and their summaries, as ingest
stores them) are also written to a real temporary SQLite store and timed end to
end, reading included:

* baseline: read every full criteria record, prefilter on its summary prefix
  (what ``match_store`` did before summaries were stored on their own);
* trialfinder: ``match_store`` reads only the summaries, then fetches the full
  criteria of the candidates.

The parse line times ``derive_criteria_record`` (parse + encode both records),
the work ingest does per study, in wall-clock and CPU time (the CPU figure is
steadier on a shared machine).
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from trialfinder.criteria import (
    CRITERIA_KIND,
    CRITERIA_SUMMARY_KIND,
    PARSER_VERSION,
    decode_criteria,
    derive_criteria_record,
    encode_criteria,
    encode_criteria_summary,
    parse_trial_criteria,
    summarize_criteria,
)
from trialfinder.ingest.ctgov_v2 import parse_study
from trialfinder.match import match_parsed, match_records, match_store
from trialfinder.model import DerivedRecord, Trial
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts
from trialfinder.store import open_store
from trialfinder.store.base import Store

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scale import real_study_lines

PATIENTS = {
    "osteoporosis (issue example)": PatientProfile(
        age=62,
        sex="female",
        conditions=["postmenopausal osteoporosis"],
        measurements={
            "BMI": "24 kg/m2",
            "total bilirubin": "11.7 mg/dL",
            "lumbar spine T-score": "-3.4",
        },
        medications=["alendronate 2019-2021"],
    ),
    "breast cancer (many relevant trials)": PatientProfile(
        age=54,
        sex="female",
        conditions=["metastatic breast cancer"],
        measurements={"hemoglobin": "11.2 g/dL", "ECOG": "1", "creatinine": "0.9 mg/dL"},
        note="A 54-year-old woman with metastatic breast cancer. She denies smoking.",
    ),
}


def best_of(
    repeats: int, function: Callable[[], object], clock: Callable[[], float] = time.perf_counter
) -> float:
    timings = []
    for _ in range(repeats):
        started = clock()
        function()
        timings.append(clock() - started)
    return min(timings)


def real_trials() -> list[Trial]:
    return [parse_study(msgspec.json.decode(line)) for line in real_study_lines()]


def scaled_records(trials: list[Trial], count: int) -> list[tuple[str, bytes, bytes]]:
    """``(nct_id, full criteria, summary)`` for ``count`` copies of the real parses."""
    parsed = [parse_trial_criteria(trial) for trial in trials]
    records: list[tuple[str, bytes, bytes]] = []
    for index in range(count):
        nct_id = f"NCT9{index:07d}"
        copy = msgspec.structs.replace(parsed[index % len(parsed)], nct_id=nct_id)
        summary = encode_criteria_summary(summarize_criteria(copy))
        records.append((nct_id, encode_criteria(copy), summary))
    return records


def baseline(records: list[bytes], patient: PatientFacts) -> int:
    """Decode everything and evaluate every criterion of every trial."""
    return len([match_parsed(decode_criteria(data), patient) for data in records])


def read_everything(store: Store, patient: PatientFacts) -> int:
    """Rank a store by reading every full criteria record (the pre-summary way)."""
    records = (
        record.data
        for record in store.iter_derived(CRITERIA_KIND)
        if record.version == PARSER_VERSION
    )
    return len(match_records(records, patient))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--store", action="store_true", help="also time a real SQLite store")
    options = parser.parse_args()

    trials = real_trials()
    criteria_counts = [len(parse_trial_criteria(t).iter_criteria()) for t in trials]
    for clock_name, clock in (("wall", time.perf_counter), ("CPU", time.process_time)):
        seconds = best_of(5, lambda: [derive_criteria_record(t) for t in trials], clock)
        print(
            f"parse at ingest ({clock_name}): {len(trials)} real studies, "
            f"{seconds / len(trials) * 1000:.3f} ms/study ({len(trials) / seconds:,.0f} studies/s;"
            f" median {statistics.median(criteria_counts)} criteria)"
        )

    records = scaled_records(trials, options.trials)
    data = [blob for _, blob, _ in records]
    size_mb = sum(len(blob) for blob in data) / 1e6
    summary_mb = sum(len(summary) for _, _, summary in records) / 1e6
    print(f"{len(data):,} stored criteria records, {size_mb:.0f} MB; summaries {summary_mb:.0f} MB")
    for name, profile in PATIENTS.items():
        patient = extract_facts(profile)
        base = best_of(1, functools.partial(baseline, data, patient))
        fast = best_of(3, functools.partial(match_records, data, patient))
        print(
            f"{name}: baseline (decode + evaluate all) {base:.2f} s; trialfinder {fast:.3f} s "
            f"({base / fast:.0f}x)"
        )

    if options.store:
        with tempfile.TemporaryDirectory() as directory:
            store = open_store(Path(directory) / "bench.db")
            try:
                store.put_derived(
                    DerivedRecord(nct_id, kind, PARSER_VERSION, blob)
                    for nct_id, full, summary in records
                    for kind, blob in ((CRITERIA_KIND, full), (CRITERIA_SUMMARY_KIND, summary))
                )
                for name, profile in PATIENTS.items():
                    patient = extract_facts(profile)
                    base = best_of(3, functools.partial(read_everything, store, patient))
                    fast = best_of(3, functools.partial(match_store, store, patient))
                    print(
                        f"{name}: SQLite baseline (read all full records) {base:.3f} s; "
                        f"match_store (summaries, then candidates) {fast:.3f} s "
                        f"({base / fast:.1f}x)"
                    )
            finally:
                store.close()


if __name__ == "__main__":
    main()
