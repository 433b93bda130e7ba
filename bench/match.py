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

Written notes -> ranked trials (``--notes`` runs just this): ``bench/notes.py``,
the product's ``find_trials`` over the 60 graded notes of
``bench/patient_notes.jsonl`` (results: ``bench/RESULTS_notes.md``).

One patient against an ingested store (``--find-db PATH``, e.g. the 100,000-study
store ``bench/ingest.py --studies 100000 --db PATH`` builds): the product's
``find_trials`` (a MeSH-aware candidate search, then the judge on the candidates)
beside the baseline ``match_store`` (the judge's summary prefilter over every
stored trial), the first call of the process (vocabulary and unit tables load)
and the best of three after it.

Patients from an EHR and cohorts (``--cohort-only`` runs just these):

* cohort screening: 1,000 profiles (the patients above and the FHIR sample,
  with varied ages) × the real trial with the most criteria, rows written as
  CSV (``screen_cohort`` + ``write_rows``, what ``trialfinder screen`` does);
* FHIR reading: the bundled sample Bundle (decode, validate, profile), and the
  Synthea Bulk Data export under ../shared when it is there.
"""

from __future__ import annotations

import argparse
import datetime
import functools
import io
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import msgspec

from trialfinder import (
    CRITERIA_KIND,
    CRITERIA_SUMMARY_KIND,
    PARSER_VERSION,
    DerivedRecord,
    PatientFacts,
    PatientProfile,
    PatientRecord,
    Store,
    Trial,
    decode_criteria,
    derive_criteria_record,
    encode_criteria,
    encode_criteria_summary,
    extract_facts,
    find_trials,
    match_parsed,
    match_records,
    match_store,
    open_store,
    parse_study,
    parse_trial_criteria,
    read_bulk_export,
    read_fhir_json,
    screen_cohort,
    summarize_criteria,
    write_rows,
)

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

NOTE_PATIENTS = {
    "decompensated cirrhosis (issue 14 note)": PatientProfile(
        note="55-year-old woman with decompensated alcoholic cirrhosis, Child-Pugh C, ascites, "
        "hepatic encephalopathy last month, bilirubin 3.1 mg/dL."
    ),
    "prostate cancer (note)": PatientProfile(
        note="68M with metastatic castration-resistant prostate cancer after abiraterone, ECOG 1."
    ),
    "type 2 diabetes (note)": PatientProfile(
        note="45F, type 2 diabetes for 10 years on metformin, HbA1c 8.2%, BMI 33."
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


SAMPLE_BUNDLE = Path(__file__).resolve().parents[1] / "src/trialfinder/data/sample/fhir"
SYNTHEA = Path(__file__).resolve().parents[2] / "shared/data/fhir_bulk_synthea_10"


def refuse(problem: object) -> None:
    raise SystemExit(f"bench input problem: {problem}")


def bench_cohort(trials: list[Trial]) -> None:
    """Screening 1,000 profiles against one trial, and FHIR reading speed."""
    bundle = msgspec.json.decode((SAMPLE_BUNDLE / "bundle_osteoporosis.json").read_bytes())
    (fhir_patient,) = read_fhir_json(bundle, refuse)
    profiles = [*PATIENTS.values(), fhir_patient.profile]
    cohort = [
        PatientRecord(
            f"patient-{index}",
            msgspec.structs.replace(profiles[index % len(profiles)], age=20 + index % 60),
        )
        for index in range(1000)
    ]
    start, start_cpu = time.perf_counter(), time.process_time()
    trial = max(trials, key=lambda t: len(parse_trial_criteria(t).iter_criteria()))
    choosing, choosing_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    parsed = [parse_trial_criteria(trial)]

    def screen() -> int:
        return write_rows(screen_cohort(cohort, parsed), io.StringIO(), "csv")

    # Wall and CPU of each screen: on a shared machine the wall is the CPU time plus the
    # time other processes held the cores; the first screen of the process also loads the
    # vocabulary and the rules, as a coordinator's first `trialfinder screen` does.
    runs = []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        screen()
        runs.append((time.perf_counter() - start, time.process_time() - start_cpu))
    seconds, cpu = min(wall for wall, _ in runs), min(cpu for _, cpu in runs)
    print(
        f"cohort screening: {len(cohort):,} profiles x 1 trial ({trial.nct_id}, "
        f"{len(parsed[0].iter_criteria())} criteria) {seconds:.2f} s "
        f"({len(cohort) / seconds:,.0f} patients/s); CPU {cpu:.2f} s; the process's first "
        f"screen {runs[0][0]:.2f} s (CPU {runs[0][1]:.2f} s); choosing the trial (the bench's "
        f"own: every study's criteria parsed) {choosing:.2f} s (CPU {choosing_cpu:.2f} s)"
    )
    repeats = 200
    seconds = best_of(3, lambda: [read_fhir_json(bundle, refuse) for _ in range(repeats)])
    print(
        f"FHIR Bundle reading: sample Bundle ({len(bundle['entry'])} entries) "
        f"{seconds / repeats * 1000:.2f} ms/Bundle"
    )
    if SYNTHEA.exists():
        today = datetime.date.today()
        seconds = best_of(3, lambda: list(read_bulk_export(SYNTHEA, refuse, today)))
        print(
            f"FHIR Bulk export reading: Synthea 13 patients {seconds:.2f} s "
            f"({seconds / 13 * 1000:.0f} ms/patient)"
        )


def bench_find(db: Path) -> None:
    """One patient against every trial of an ingested store, as ``trialfinder match`` does.

    CPU time beside wall time: on a shared machine the CPU figure is what a quiet one gives.
    """
    store = open_store(db)
    try:
        print(f"store {db}: {store.count_trials():,} trials")
        for name, profile in {**PATIENTS, **NOTE_PATIENTS}.items():
            start, start_cpu = time.perf_counter(), time.process_time()
            shortlist = find_trials(store, profile, statuses=(), limit=20)
            first = time.perf_counter() - start
            first_cpu = time.process_time() - start_cpu
            find = functools.partial(find_trials, store, profile, statuses=(), limit=20)
            fast = best_of(3, find)
            fast_cpu = best_of(3, find, time.process_time)
            scan = functools.partial(match_store, store, extract_facts(profile))
            base_cpu = best_of(1, scan, time.process_time)
            print(
                f"{name}: baseline match_store (every trial's summary) CPU {base_cpu:.2f} s; "
                f"find_trials CPU {fast_cpu:.3f} s (wall {fast:.3f} s), first call of the "
                f"process CPU {first_cpu:.2f} s (wall {first:.2f} s); {len(shortlist.results)} "
                f"results"
            )
    finally:
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=100_000)
    parser.add_argument("--store", action="store_true", help="also time a real SQLite store")
    parser.add_argument(
        "--cohort-only", action="store_true", help="only cohort screening and FHIR reading"
    )
    parser.add_argument(
        "--notes", action="store_true", help="only written notes -> ranked trials (bench/notes.py)"
    )
    parser.add_argument(
        "--find-db", type=Path, help="only one patient against this ingested store (find_trials)"
    )
    options = parser.parse_args()
    if options.find_db:
        bench_find(options.find_db)
        return
    if options.notes:
        sys.path.insert(0, str(Path(__file__).resolve().parent))
        import notes

        notes.main([])
        return

    trials = real_trials()
    bench_cohort(trials)
    if options.cohort_only:
        return
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
