"""Benchmark: parse criteria at ingest speed, match one patient against 100,000 trials.

Run: .venv/bin/python bench/match.py [--trials 100000] [--store]

The real API v2 studies are parsed once (timing the ingest-time parse), then
their parsed criteria are copied under new NCT ids up to the requested count.
Matching is timed two ways in the same run:

* baseline: decode every stored record in full and evaluate every criterion;
* trialfinder: decode only each record's summary, skip trials unrelated to the
  patient's conditions, evaluate the rest (``match_records``).

With ``--store`` the records are also written to a real temporary SQLite store
and ``match_store`` is timed end to end (reading included).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from trialfinder.criteria import (
    CRITERIA_KIND,
    PARSER_VERSION,
    decode_criteria,
    encode_criteria,
    parse_trial_criteria,
)
from trialfinder.ingest.ctgov_v2 import parse_study
from trialfinder.match import match_parsed, match_records, match_store
from trialfinder.model import Trial
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts
from trialfinder.store import open_store
from trialfinder.store.base import DerivedRecord

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


def best_of(repeats: int, function: Callable[[], object]) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def real_trials() -> list[Trial]:
    return [parse_study(msgspec.json.decode(line)) for line in real_study_lines()]


def scaled_records(trials: list[Trial], count: int) -> list[tuple[str, bytes]]:
    parsed = [parse_trial_criteria(trial) for trial in trials]
    records: list[tuple[str, bytes]] = []
    for index in range(count):
        nct_id = f"NCT9{index:07d}"
        copy = msgspec.structs.replace(parsed[index % len(parsed)], nct_id=nct_id)
        records.append((nct_id, encode_criteria(copy)))
    return records


def baseline(records: list[bytes], patient: PatientFacts) -> int:
    """Decode everything and evaluate every criterion of every trial."""
    return sum(1 for data in records if match_parsed(decode_criteria(data), patient))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--store", action="store_true", help="also time a real SQLite store")
    options = parser.parse_args()

    trials = real_trials()
    parse_seconds = best_of(3, lambda: [parse_trial_criteria(t) for t in trials])
    per_study_ms = parse_seconds / len(trials) * 1000
    criteria_counts = [len(parse_trial_criteria(t).iter_criteria()) for t in trials]
    print(
        f"parse at ingest: {len(trials)} real studies, {per_study_ms:.3f} ms/study "
        f"({len(trials) / parse_seconds:,.0f} studies/s; "
        f"median {statistics.median(criteria_counts)} criteria)"
    )

    records = scaled_records(trials, options.trials)
    data = [blob for _, blob in records]
    size_mb = sum(len(blob) for blob in data) / 1e6
    print(f"{len(data):,} stored criteria records, {size_mb:.0f} MB")
    for name, profile in PATIENTS.items():
        patient = extract_facts(profile)
        base = best_of(1, lambda patient=patient: baseline(data, patient))
        fast = best_of(3, lambda patient=patient: match_records(data, patient))
        print(
            f"{name}: baseline (decode + evaluate all) {base:.2f} s; trialfinder {fast:.3f} s "
            f"({base / fast:.0f}x)"
        )

    if options.store:
        with tempfile.TemporaryDirectory() as directory:
            store = open_store(Path(directory) / "bench.db")
            try:
                store.put_derived(
                    DerivedRecord(nct_id, CRITERIA_KIND, PARSER_VERSION, blob)
                    for nct_id, blob in records
                )
                for name, profile in PATIENTS.items():
                    patient = extract_facts(profile)
                    seconds = best_of(3, lambda patient=patient: match_store(store, patient))
                    print(f"{name}: match_store over SQLite (read + match) {seconds:.3f} s")
            finally:
                store.close()


if __name__ == "__main__":
    main()
