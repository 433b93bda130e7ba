"""Cohort screening: every patient of a clinic list against one trial or a few.

A research coordinator asks "which of my patients might fit this trial, and
what rules the others out?". The answer is a table, one row per patient ×
trial: the verdict, how many criteria are met / not met / unknown / not
applicable, and the first criterion that rules the patient out. Each trial's
criteria are read once and each patient's facts are extracted once, so a
thousand patients take seconds. Rows carry the patient's id and verdicts,
never the evidence sentences: the output file is the only place patient data
goes, and it holds no more of it than the question needs.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Literal, TextIO

import msgspec

from trialfinder.criteria import ParsedCriteria
from trialfinder.fhir import PatientRecord
from trialfinder.match import Verdict, match_trial
from trialfinder.patient import LineReadings, extract_facts
from trialfinder.search import build_query, search
from trialfinder.store import Store

__all__ = [
    "SCREEN_COLUMNS",
    "ScreenFormat",
    "ScreenRow",
    "screen_cohort",
    "trials_for_condition",
    "write_rows",
]

ScreenFormat = Literal["csv", "jsonl"]


class ScreenRow(msgspec.Struct, frozen=True):
    """One patient × trial; the field names are the CSV header and the JSON keys."""

    patient_id: str
    nct_id: str
    verdict: Verdict
    met: int
    not_met: int
    unknown: int
    not_applicable: int
    first_failing_criterion: str | None


SCREEN_COLUMNS: tuple[str, ...] = ScreenRow.__struct_fields__


def trials_for_condition(store: Store, condition: str, limit: int = 100) -> list[str]:
    """The best-ranked trials for a condition (``--cond``), at most ``limit``."""
    result = search(store, build_query(condition=condition, limit=limit))
    return [hit.nct_id for hit in result.hits]


def screen_cohort(
    patients: Iterable[PatientRecord],
    trials: Sequence[ParsedCriteria],
    progress: Callable[[int], None] | None = None,
) -> Iterator[ScreenRow]:
    """Rows for each patient against each trial, in input order; ``progress(1)`` per patient.
    A profile line many patients share is read once (``LineReadings``, dropped at the end)."""
    readings = LineReadings()
    for patient in patients:
        facts = extract_facts(patient.profile, line_readings=readings)
        for trial in trials:
            result = match_trial(trial, facts)
            counts = Counter(criterion.status for criterion in result.criteria)
            # An excluded trial lists its failing criteria first (match_parsed's contract).
            failing = result.criteria[0].text if result.verdict == "excluded" else None
            yield ScreenRow(
                patient.id,
                result.nct_id,
                result.verdict,
                counts["met"],
                counts["not_met"],
                counts["unknown"],
                counts["not_applicable"],
                failing,
            )
        if progress is not None:
            progress(1)


def write_rows(rows: Iterable[ScreenRow], output: TextIO, output_format: ScreenFormat) -> int:
    """Write rows as CSV (with a header) or JSON lines; returns how many were written."""
    written = 0
    if output_format == "csv":
        writer = csv.writer(output, lineterminator="\n")
        writer.writerow(SCREEN_COLUMNS)
        for row in rows:
            writer.writerow(
                "" if value is None else value for value in msgspec.structs.astuple(row)
            )
            written += 1
        return written
    encoder = msgspec.json.Encoder()
    for row in rows:
        output.write(encoder.encode(row).decode() + "\n")
        written += 1
    return written
