"""Patients from files: one patient for ``match``, a cohort for ``screen``.

The user names a file and should not have to say its format, so it is told
from the content: JSON with a ``resourceType`` is FHIR (a Bundle or a single
resource), other JSON is a profile; a folder of ``*.ndjson`` files is a FHIR
Bulk Data export, a folder of ``*.json`` files holds one patient a file, and a
``.jsonl`` file holds one profile a line. In a cohort, a patient that cannot
be read is reported (where, and why) and skipped, so one bad record does not
stop a screening of thousands; a single patient that cannot be read is an
error. Messages name places and fields, never the patient's values.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

import msgspec

from trialfinder.fhir import (
    FhirError,
    InputProblem,
    PatientRecord,
    ProblemSink,
    count_bulk_patients,
    is_fhir,
    ndjson_lines,
    read_bulk_export,
    read_fhir_json,
)
from trialfinder.patient import PatientProfile, load_profile

__all__ = [
    "PatientInputError",
    "count_cohort",
    "load_patient",
    "read_cohort",
    "read_patient_path",
]


class PatientInputError(ValueError):
    """A patient file that cannot be read; the message names the field or the place."""


def _records(
    data: bytes, name: str, on_problem: ProblemSink, today: datetime.date | None
) -> list[PatientRecord]:
    """The patients of one JSON document: a profile, or a FHIR Bundle or resource."""
    try:
        decoded = msgspec.json.decode(data)
    except msgspec.DecodeError as error:
        raise PatientInputError(f"{name}: not JSON ({error})") from None
    if is_fhir(decoded):
        try:
            return read_fhir_json(decoded, on_problem, today)
        except FhirError as error:
            raise PatientInputError(f"{name}: {error}") from None
    try:
        return [PatientRecord(name, load_profile(data))]
    except msgspec.ValidationError as error:
        raise PatientInputError(f"{name}: invalid patient profile: {error}") from None


def _only(records: list[PatientRecord], name: str) -> PatientProfile:
    if len(records) != 1:
        raise PatientInputError(
            f"{name} holds {len(records)} patients; screen them with 'trialfinder screen'"
        )
    return records[0].profile


def load_patient(
    data: bytes,
    on_problem: ProblemSink,
    *,
    name: str = "patient",
    today: datetime.date | None = None,
) -> PatientProfile:
    """One patient from a profile JSON or a FHIR Bundle's bytes."""
    return _only(_records(data, name, on_problem, today), name)


def read_patient_path(
    path: Path, on_problem: ProblemSink, today: datetime.date | None = None
) -> PatientProfile:
    """One patient from a JSON file or a FHIR Bulk Data export folder holding one patient."""
    if path.is_dir():
        return _only(list(_bulk(path, on_problem, today)), str(path))
    return load_patient(path.read_bytes(), on_problem, name=path.name, today=today)


def _bulk(
    folder: Path, on_problem: ProblemSink, today: datetime.date | None
) -> Iterator[PatientRecord]:
    try:
        return read_bulk_export(folder, on_problem, today)
    except FhirError as error:
        raise PatientInputError(str(error)) from None


def _profile_lines(path: Path, on_problem: ProblemSink) -> Iterator[PatientRecord]:
    """Profiles a line; an ``id`` key names the patient (otherwise the line number)."""
    for where, line in ndjson_lines(path):
        try:
            fields = msgspec.json.decode(line)
            if not isinstance(fields, dict):
                raise msgspec.ValidationError("Expected `object` - at `$`")
            patient_id = str(fields.pop("id", None) or where.removeprefix(f"{path.name} "))
            profile = load_profile(msgspec.json.encode(fields))
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            on_problem(InputProblem(where, f"invalid patient profile: {error}"))
            continue
        yield PatientRecord(patient_id, profile)


def _profile_files(
    folder: Path, on_problem: ProblemSink, today: datetime.date | None
) -> Iterator[PatientRecord]:
    """One patient a ``*.json`` file (a profile or a FHIR Bundle), named by the file."""
    for path in sorted(folder.glob("*.json")):
        try:
            records = _records(path.read_bytes(), path.name, on_problem, today)
        except PatientInputError as error:
            on_problem(InputProblem(path.name, str(error).removeprefix(f"{path.name}: ")))
            continue
        for record in records:
            yield PatientRecord(path.stem if len(records) == 1 else record.id, record.profile)


def read_cohort(
    path: Path, on_problem: ProblemSink, today: datetime.date | None = None
) -> Iterator[PatientRecord]:
    """The patients of a FHIR Bulk export folder, a folder of JSON files, or a JSON-lines file."""
    if path.is_dir():
        if any(path.glob("*.ndjson")):
            return _bulk(path, on_problem, today)
        return _profile_files(path, on_problem, today)
    if path.is_file():
        return _profile_lines(path, on_problem)
    raise PatientInputError(f"{path}: no such file or folder")


def count_cohort(path: Path) -> int | None:
    """How many patients ``read_cohort`` will read (for a progress bar), when cheap to tell."""
    if path.is_dir():
        if any(path.glob("*.ndjson")):
            return count_bulk_patients(path)
        return sum(1 for _ in path.glob("*.json"))
    return sum(1 for _ in ndjson_lines(path))
