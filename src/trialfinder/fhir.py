"""Patients from an EHR: FHIR R4 Bundles and FHIR Bulk Data exports read into profiles.

Every EHR exports FHIR, so a patient record from one becomes the same
:class:`~trialfinder.patient.PatientProfile` a person would type: the matcher
needs nothing new, and a FHIR patient and the equivalent profile give the same
facts. What each resource contributes:

- ``Patient``: age in completed years at the reference date (or at death),
  ``gender`` as sex, the home address as ``place``;
- ``Condition``: its text; an active one is current ("asthma (since 2015-04-01)": the
  onset's day when the record gives one, so a window in days can be judged),
  a resolved, inactive or in-remission one is history ("history of asthma
  (2001-2003)"), as is a SNOMED "History of …" situation whatever its status ("History
  of renal transplant" is recorded active); refuted or entered-in-error ones are ignored;
- ``Observation``: the newest value per code; LOINC codes of common labs and
  vital signs name the analyte, UCUM units are written as the unit parser
  reads them (``data/fhir/codes.json``);
- ``MedicationRequest`` / ``MedicationStatement``: active ones are current,
  completed or stopped ones are history; a product of a class a criterion names has
  the class written beside it ("Mirena 52 MG Intrauterine System (hormonal
  contraception)": RxNorm displays give a brand or the ingredients, never the class);
- ``Procedure``: a completed one whose display names an operation (MeSH E04, as a note's
  "appendectomy 2019" is read: ``trialfinder.operations``) or a procedure or treatment the
  lexicon knows ("Coronary artery bypass graft", "Renal dialysis") is history with the day
  it was last done ("history of Cesarean section (2023-03-22)"), so "major surgery within
  28 days" can be judged; routine encounter procedures (screenings, assessments, tests,
  referrals, reconciliations: ``routine_procedure_words``) are left out, since their
  display names a disease looked for, not one the patient has. SNOMED CT's procedure
  hierarchy would tell them apart but is licensed and cannot ship: the display and MeSH do.
  A display of a class the lexicon reads but whose words it does not ("Teleradiotherapy
  procedure") has the class written beside it ("(radiotherapy)": ``procedure_classes``);
- ``Immunization``: a dose given is a vaccine with the day, in the medication list,
  named by its CVX code's CDC vaccine group and said live when it is ("history of zoster
  vaccine (live vaccine) (CVX 121) (2015-03-02)": ``data/fhir/vaccines.json``), so "any
  vaccine within 30 days" and "live vaccine within 4 weeks" can be judged; the CVX
  display is not written, since it names the disease prevented ("Influenza, seasonal");
- ``Device`` / ``DeviceUseStatement``: a device in use is a current line by its display,
  with the class a criterion names beside it when the display does not say it
  ("Cochlear prosthesis (implanted device)": ``data/fhir/devices.json``); one no longer
  in use is left out, since a mention of a pacemaker is read as one the patient has;
- ``AllergyIntolerance``: "allergy to <substance>" ("intolerance to …" for that type),
  its criticality when high, "history of …" when resolved or inactive; refuted and
  entered-in-error ones are ignored. The line is read as a note's "allergic to
  penicillin" is: an allergy naming its substance, not a medicine taken;
- ``DocumentReference``: the newest current note (base64 text) is the note, and its
  date the note's date (its findings are of that day);
- an acute condition (``data/fhir/codes.json``) still active but not recorded for
  years, and an active order not re-ordered for years, are history (EHRs, Synthea
  above all, leave them open), except an order of a maintenance immunosuppressant
  (``maintenance_classes``), taken for years on one order.

Resources are validated with the ``fhir.resources`` models of FHIR R4B (the
8.x package's default models are R5; R4B is R4 with the same shape for every
resource read here, and it validates Synthea's R4 output as is). Validation
costs about 0.15 ms a resource, so a 1,000-patient Synthea export (Condition,
MedicationRequest, DocumentReference: about 270 resources a patient) reads in
under a minute; resource types not listed above are skipped before
validation, as are Procedures not completed or of a routine kind (most of them). A Bulk
export is streamed line by line: memory holds the
summarised facts of each patient (one entry per distinct condition, medicine
and lab code, and one note), never a whole file. A line or entry that does not
parse or validate is reported (where, and which field is wrong) and skipped.
Patient data is never logged: problems name places in the files, never values.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar

import msgspec
import pydantic
from fhir.resources.R4B.allergyintolerance import AllergyIntolerance
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.device import Device
from fhir.resources.R4B.deviceusestatement import DeviceUseStatement
from fhir.resources.R4B.documentreference import DocumentReference
from fhir.resources.R4B.immunization import Immunization
from fhir.resources.R4B.medicationrequest import MedicationRequest
from fhir.resources.R4B.medicationstatement import MedicationStatement
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient
from fhir.resources.R4B.procedure import Procedure
from fhir.resources.R4B.quantity import Quantity
from fhir.resources.R4B.reference import Reference

from trialfinder.criteria.parse import find_concepts
from trialfinder.operations import named_operations
from trialfinder.patient import PatientProfile

__all__ = [
    "FhirError",
    "InputProblem",
    "PatientRecord",
    "ProblemSink",
    "count_bulk_patients",
    "is_fhir",
    "ndjson_lines",
    "read_bulk_export",
    "read_fhir_json",
]


class FhirError(ValueError):
    """The input is not FHIR this module reads (not JSON, not a Bundle, no patient)."""


class InputProblem(msgspec.Struct, frozen=True):
    """A resource that was skipped: where it is, and why (never its values)."""

    where: str
    reason: str


class PatientRecord(msgspec.Struct, frozen=True):
    """One patient of an input and the profile read; for FHIR the ``Patient`` resource's id."""

    id: str
    profile: PatientProfile


ProblemSink = Callable[[InputProblem], None]

_LOINC = "http://loinc.org"
_SNOMED_TAG = re.compile(
    r"\s*\((?:disorder|finding|situation|morphologic abnormality|clinical finding|event"
    r"|procedure|regime/therapy|substance|organism|product|physical object)\)\s*$",
    re.IGNORECASE,
)
# SNOMED situations "History of renal transplant", "History of tubal ligation": recorded
# active from the day they became history, what they name is past.
_HISTORY_SITUATION = re.compile(r"history of\s+", re.IGNORECASE)
_CURRENT_CONDITION = {"active", "recurrence", "relapse"}
_PAST_CONDITION = {"inactive", "remission", "resolved"}
_IGNORED_VERIFICATION = {"refuted", "entered-in-error"}
_CURRENT_MEDICATION = {"active", "on-hold"}
_PAST_MEDICATION = {"completed", "stopped"}
_IGNORED_OBSERVATION = {"entered-in-error", "cancelled"}
_PAST_ALLERGY = {"inactive", "resolved"}
_CVX = "http://hl7.org/fhir/sid/cvx"
# A device in use. One no longer in use ("inactive", a statement "completed") is left out:
# the judge reads any mention of a pacemaker as one the patient has, as a note's would be.
_CURRENT_DEVICE = {"active", "unknown", None}
_CURRENT_DEVICE_USE = {"active", "on-hold"}
# Superseded notes are most of an export's bytes: they are passed over before validation.
_NOTE_STATUSES = {None, "current"}


class _StaleAfterYears(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How long an entry still marked active may go unrecorded before it is read as past."""

    acute_condition: Annotated[int, msgspec.Meta(ge=0)]
    medication_order: Annotated[int, msgspec.Meta(ge=0)]


class _Codes(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/fhir/codes.json``: LOINC code → analyte id, UCUM unit → unit as written, and
    the word lists and classes read into conditions, medicines and procedures."""

    description: str
    loinc_analytes: dict[str, str]
    ucum_units: dict[str, str]
    acute_condition_words: list[str]
    chronic_condition_words: list[str]
    stale_after_years: _StaleAfterYears
    medication_classes: dict[str, list[str]]
    routine_procedure_words: list[str]
    maintenance_classes: list[str]
    procedure_classes: dict[str, list[str]]


class _Vaccines(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/fhir/vaccines.json``: vaccine group name → CVX codes; the live vaccines' codes."""

    description: str
    groups: dict[str, list[str]]
    live: list[str]


class _Devices(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/fhir/devices.json``: a class a criterion names → words of a device's display."""

    description: str
    classes: dict[str, list[str]]


_T = TypeVar("_T")


def _data(name: str, kind: type[_T]) -> _T:
    data = (resources.files("trialfinder") / "data" / "fhir" / name).read_bytes()
    return msgspec.json.decode(data, type=kind)


@functools.cache
def _codes() -> _Codes:
    return _data("codes.json", _Codes)


@functools.cache
def _vaccine_names() -> dict[str, str]:
    """CVX code → the name written ("zoster vaccine (live vaccine) (CVX 121)")."""
    vaccines = _data("vaccines.json", _Vaccines)
    live = set(vaccines.live)
    return {
        code: f"{name}{' (live vaccine)' if code in live else ''} (CVX {code})"
        for name, codes in vaccines.groups.items()
        for code in codes
    }


def _word_pattern(words: list[str]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


@functools.cache
def _acute_words() -> re.Pattern[str]:
    return _word_pattern(_codes().acute_condition_words)


@functools.cache
def _chronic_words() -> re.Pattern[str]:
    return _word_pattern(_codes().chronic_condition_words)


_Classes = tuple[tuple[str, re.Pattern[str]], ...]


def _class_patterns(classes: dict[str, list[str]]) -> _Classes:
    return tuple((name, _word_pattern(words)) for name, words in classes.items())


@functools.cache
def _medication_classes() -> _Classes:
    return _class_patterns(_codes().medication_classes)


@functools.cache
def _procedure_classes() -> _Classes:
    return _class_patterns(_codes().procedure_classes)


@functools.cache
def _device_classes() -> _Classes:
    return _class_patterns(_data("devices.json", _Devices).classes)


@functools.cache
def _routine_procedure_words() -> re.Pattern[str]:
    return _word_pattern(_codes().routine_procedure_words)


@functools.lru_cache(maxsize=1024)
def _is_done_procedure(text: str) -> bool:
    """A Procedure's display names an operation or a treatment done, not an encounter's
    routine (a screening, an assessment, a test, a referral): it names an operation MeSH
    files under E04, or a concept the lexicon reads as a procedure or treatment, and no
    routine word. Displays repeat thousands of times in an export, so the answer is kept."""
    if _routine_procedure_words().search(text):
        return False
    if named_operations(text):
        return True
    return any(
        f.category in ("procedure", "treatment") and not f.negated for f in find_concepts(text)
    )


def _with_class(text: str, classes: _Classes) -> str:
    """ "Seasonique 91 Day Pack (hormonal contraception)": RxNorm names a product by its brand
    or its ingredients, never its class, and a criterion names the class (so does a device's
    name: "Cochlear prosthesis (implanted device)")."""
    for name, words in classes:
        if words.search(text) and not re.search(rf"\b{re.escape(name)}\b", text, re.IGNORECASE):
            return f"{text} ({name})"
    return text


def _is_acute(text: str) -> bool:
    """ "Sepsis", "Acute bronchitis", "Miscarriage …": a kind of condition that passes."""
    return _acute_words().search(text) is not None and _chronic_words().search(text) is None


@functools.cache
def _analyte_names() -> dict[str, str]:
    """Analyte id → the name written in a profile (its display name)."""
    from trialfinder.criteria.lexicon import load_lexicon

    return {analyte.id: analyte.display for analyte in load_lexicon().analytes.values()}


# ---------------------------------------------------------------- one patient's draft


@dataclass
class _Dated:
    """A text with the years it covers; ``current`` tells an active item from a past one."""

    current: bool
    start: int | None = None
    end: int | None = None
    # The latest year it was recorded (a condition's onset, an order's authoring): an
    # active entry not recorded again for years may be one the record never closed.
    last: int | None = None
    # The day it began when the record names one (a condition's onsetDateTime): a current
    # item is worded "since 2026-10-20", so "diagnosed within 2 months" can be judged.
    start_day: datetime.date | None = None
    # The day a past item ended when the record names one (a completed order's end, else its
    # authoring day): "history of amoxicillin (2026-11-10)" is that day, not all of 2026, so
    # "antibiotics within 3 months" can be judged.
    end_day: datetime.date | None = None


@dataclass
class _Draft:
    """What is known of one patient so far; resources arrive in any order."""

    patient: Patient | None = None
    conditions: dict[str, _Dated] = field(default_factory=dict)
    medications: dict[str, _Dated] = field(default_factory=dict)
    # code → (when, profile name, value text)
    observations: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    # (when, text, the day it was written)
    note: tuple[str, str, datetime.date | None] | None = None
    # display → (the first day, the last day it was done); None when the record gives none
    procedures: dict[str, tuple[datetime.date | None, datetime.date | None]] = field(
        default_factory=dict
    )
    # a device's display → whether in use and when; kept apart from the conditions, whose
    # presence tells a whole record
    devices: dict[str, _Dated] = field(default_factory=dict)
    # the vaccine's name ("influenza vaccine (CVX 140)") → the first and last days given
    immunizations: dict[str, tuple[datetime.date | None, datetime.date | None]] = field(
        default_factory=dict
    )
    # substance → the allergy's line ("allergy to Aspirin"); a current one wins
    allergies: dict[str, str] = field(default_factory=dict)

    def add_item(self, items: dict[str, _Dated], text: str, item: _Dated) -> None:
        """A current mention wins over a past one; past ones keep the latest years."""
        known = items.get(text)
        if known is None or (item.current and not known.current):
            items[text] = item
        elif item.current == known.current:
            known.start = _earliest(known.start, item.start)
            known.end = _latest(known.end, item.end)
            known.last = _latest(known.last, item.last)
            days = [day for day in (known.start_day, item.start_day) if day is not None]
            # The earliest day, if it is in the earliest year (else only the year is known).
            earliest = min(days, default=None)
            known.start_day = earliest if earliest and earliest.year == known.start else None
            ends = [day for day in (known.end_day, item.end_day) if day is not None]
            # The latest day, if it is in the latest year (else only the year is known).
            latest = max(ends, default=None)
            known.end_day = latest if latest and latest.year == known.end else None


def _earliest(first: int | None, second: int | None) -> int | None:
    return second if first is None else first if second is None else min(first, second)


def _latest(first: int | None, second: int | None) -> int | None:
    return second if first is None else first if second is None else max(first, second)


def _year(value: object) -> int | None:
    if isinstance(value, datetime.date):
        return value.year
    if isinstance(value, str) and value[:4].isdigit():
        return int(value[:4])
    return None


def _when(value: object) -> str:
    """A sortable text of a FHIR date or dateTime ("" when absent)."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value) if value else ""


def _day(value: object) -> datetime.date | None:
    """The day a FHIR date or dateTime names, as written (its own time zone's day)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    return value if isinstance(value, datetime.date) else None


def _reference_id(reference: Reference | None) -> str | None:
    """ "Patient/abc" and "urn:uuid:abc" both name patient "abc"."""
    if reference is None or not reference.reference:
        return None
    return re.split(r"[/:]", str(reference.reference))[-1] or None


def _concept_text(concept: CodeableConcept | None) -> str | None:
    if concept is None:
        return None
    if concept.text:
        return str(concept.text)
    for coding in concept.coding or []:
        if coding.display:
            return str(coding.display)
    for coding in concept.coding or []:
        if coding.code:
            system = str(coding.system or "").rstrip("/").rsplit("/", 1)[-1]
            return f"{system} {coding.code}".strip()
    return None


def _status_code(concept: CodeableConcept | None) -> str | None:
    for coding in (concept.coding or []) if concept is not None else []:
        if coding.code:
            return str(coding.code)
    return None


def _condition_text(concept: CodeableConcept | None) -> str | None:
    text = _concept_text(concept)
    return _SNOMED_TAG.sub("", text).strip() or None if text else None


# ---------------------------------------------------------------- resources


def _verified_text(
    verification: CodeableConcept | None, code: CodeableConcept | None
) -> str | None:
    """A condition's or an allergy's text; None when refuted or entered in error."""
    if _status_code(verification) in _IGNORED_VERIFICATION:
        return None
    return _condition_text(code)


def _add_condition(draft: _Draft, condition: Condition) -> None:
    text = _verified_text(condition.verificationStatus, condition.code)
    if text is None:
        return
    situation = _HISTORY_SITUATION.match(text)
    clinical = "resolved" if situation else _status_code(condition.clinicalStatus)
    text = text[situation.end() :] if situation else text
    began = condition.onsetDateTime or (condition.onsetPeriod and condition.onsetPeriod.start)
    onset = _year(began)
    abated = _year(
        condition.abatementDateTime or (condition.abatementPeriod and condition.abatementPeriod.end)
    )
    past = clinical in _PAST_CONDITION or (clinical not in _CURRENT_CONDITION and bool(abated))
    draft.add_item(
        draft.conditions,
        text,
        _Dated(not past, onset, abated if past else None, onset, _day(began)),
    )


def _add_medication(
    draft: _Draft,
    status: str | None,
    concept: CodeableConcept | None,
    reference: Reference | None,
    started: object,
    ended: object,
    ordered: object = None,
) -> None:
    """``ordered``: a MedicationRequest's authoring date; a statement of use has none, so
    only an order can go stale."""
    text = _concept_text(concept) or (
        str(reference.display) if reference and reference.display else None
    )
    if text is None or status not in _CURRENT_MEDICATION | _PAST_MEDICATION:
        return
    text = _with_class(text, _medication_classes())
    current = status in _CURRENT_MEDICATION
    start = _year(started)
    end = None if current else (_year(ended) or start)
    end_day = None if current else _day(started if ended is None else ended)
    draft.add_item(
        draft.medications, text, _Dated(current, start, end, _year(ordered), end_day=end_day)
    )


def _quantity_text(quantity: Quantity | None) -> str | None:
    if quantity is None or quantity.value is None:
        return None
    unit = str(quantity.code or quantity.unit or "")
    unit = _codes().ucum_units.get(unit, unit)
    comparator = str(quantity.comparator or "")
    number = format(decimal.Decimal(str(quantity.value)).normalize(), "f")  # 7.20 → 7.2, 120 → 120
    return f"{comparator}{number}" + (f" {unit}" if unit else "")


def _observation_name(concept: CodeableConcept | None) -> tuple[str, str] | None:
    """(the code that identifies the measurement, the name a profile gives it)."""
    if concept is None:
        return None
    for coding in concept.coding or []:
        if coding.system == _LOINC and coding.code:
            analyte = _codes().loinc_analytes.get(str(coding.code))
            if analyte is not None:
                return f"loinc:{coding.code}", _analyte_names()[analyte]
    text = _concept_text(concept)
    return (f"text:{text.lower()}", text) if text else None


def _add_observation(draft: _Draft, observation: Observation) -> None:
    if observation.status in _IGNORED_OBSERVATION:
        return
    when = _when(
        observation.effectiveDateTime
        or (observation.effectivePeriod and observation.effectivePeriod.start)
        or observation.effectiveInstant
        or observation.issued
    )
    parts = [(observation.code, observation.valueQuantity)] + [
        (component.code, component.valueQuantity) for component in observation.component or []
    ]
    for code, quantity in parts:
        named = _observation_name(code)
        value = _quantity_text(quantity)
        if named is None or value is None:
            continue
        key, name = named
        known = draft.observations.get(key)
        if known is None or known[0] <= when:
            draft.observations[key] = (when, name, value)


def _add_note(draft: _Draft, document: DocumentReference) -> None:
    """The newest current note; superseded and entered-in-error ones are not the patient now."""
    if document.status not in _NOTE_STATUSES or document.docStatus == "entered-in-error":
        return
    when = _when(document.date)
    if draft.note is not None and draft.note[0] > when:
        return
    for content in document.content or []:
        attachment = content.attachment
        content_type = str(attachment.contentType or "text/plain")
        if attachment.data and content_type.startswith("text/"):
            text = bytes(attachment.data).decode("utf-8", errors="replace").strip()
            draft.note = (when, text, _day(document.date))
            return


def _add_procedure(draft: _Draft, procedure: Procedure) -> None:
    """A completed operation or treatment, with the first and last days it was done."""
    if procedure.status != "completed":
        return
    text = _condition_text(procedure.code)
    text = _with_class(text, _procedure_classes()) if text else None
    if text is None or not _is_done_procedure(text):
        return
    period = procedure.performedPeriod
    _add_day(
        draft.procedures,
        text,
        _day(procedure.performedDateTime or (period and (period.start or period.end))),
    )


def _add_day(
    done: dict[str, tuple[datetime.date | None, datetime.date | None]],
    text: str,
    day: datetime.date | None,
) -> None:
    """One more time a procedure was done or a vaccine given: the first and last days."""
    first, last = done.get(text, (day, day))
    days = [d for d in (first, last, day) if d is not None]
    done[text] = (min(days, default=None), max(days, default=None))


def _done_wording(text: str, first: datetime.date | None, last: datetime.date | None) -> str:
    """ "history of Cesarean section (2023-03-22)"; done in several years, the years and the
    last day ("history of Renal dialysis (2019-2026, last 2026-11-20)")."""
    if last is None:
        return f"history of {text}"
    if first is None or first.year == last.year:
        return f"history of {text} ({last.isoformat()})"
    return f"history of {text} ({first.year}-{last.year}, last {last.isoformat()})"


def _add_immunization(draft: _Draft, immunization: Immunization) -> None:
    """A vaccine given, by the name of its CVX group (the CVX display names the disease
    prevented, which would read as the disease), "(live vaccine)" when it is one, and the
    day, so "any vaccine within 30 days" can be judged; not-done ones were never given."""
    if immunization.status != "completed":
        return
    codes = [
        str(coding.code)
        for coding in immunization.vaccineCode.coding or []
        if coding.system == _CVX and coding.code
    ]
    names = _vaccine_names()
    known = [names[code] for code in codes if code in names]
    name = known[0] if known else f"vaccine (CVX {codes[0]})" if codes else "vaccine"
    _add_day(draft.immunizations, name, _day(immunization.occurrenceDateTime))


def _device_text(concept: CodeableConcept | None) -> str | None:
    text = _condition_text(concept)
    return _with_class(text, _device_classes()) if text else None


def _add_device(draft: _Draft, device: Device) -> None:
    """A device the patient has (a pacemaker, an insulin pump, a wheelchair). R4 gives no day
    it was implanted or first used (its Procedure does)."""
    if device.status not in _CURRENT_DEVICE:
        return
    names = device.deviceName or []
    text = _device_text(device.type) or (
        _device_text(CodeableConcept(text=names[0].name)) if names else None
    )
    if text is not None:
        draft.add_item(draft.devices, text, _Dated(True))


def _add_device_use(draft: _Draft, use: DeviceUseStatement) -> None:
    """A statement that the patient uses a device, since the day it gives; the device is
    named by the reference's display (the Device itself is read on its own)."""
    text = _device_text(CodeableConcept(text=use.device.display))
    if use.status not in _CURRENT_DEVICE_USE or text is None:
        return
    began = use.timingDateTime or (use.timingPeriod and use.timingPeriod.start) or use.recordedOn
    start = _year(began)
    draft.add_item(draft.devices, text, _Dated(True, start, None, start, _day(began)))


def _add_allergy(draft: _Draft, allergy: AllergyIntolerance) -> None:
    """ "allergy to Aspirin" as a note writes it; a high criticality is said."""
    substance = _verified_text(allergy.verificationStatus, allergy.code)
    if substance is None:
        return
    kind = "intolerance" if allergy.type == "intolerance" else "allergy"
    past = _status_code(allergy.clinicalStatus) in _PAST_ALLERGY
    line = f"{'history of ' if past else ''}{kind} to {substance}"
    line += " (high criticality)" if allergy.criticality == "high" else ""
    known = draft.allergies.get(substance)
    if known is None or known.startswith("history of "):
        draft.allergies[substance] = line


_MODELS: dict[str, type[pydantic.BaseModel]] = {
    "Patient": Patient,
    "Condition": Condition,
    "Observation": Observation,
    "MedicationRequest": MedicationRequest,
    "MedicationStatement": MedicationStatement,
    "DocumentReference": DocumentReference,
    "Procedure": Procedure,
    "AllergyIntolerance": AllergyIntolerance,
    "Immunization": Immunization,
    "Device": Device,
    "DeviceUseStatement": DeviceUseStatement,
}


def _subject(resource: pydantic.BaseModel) -> str | None:
    if isinstance(resource, Patient):
        return str(resource.id) if resource.id else None
    subject: Reference | None = getattr(resource, "subject", None) or getattr(
        resource, "patient", None
    )
    return _reference_id(subject)


# The resources read by one function of their own (a medicine's fields differ by type).
_READERS: dict[type[pydantic.BaseModel], Callable[[_Draft, Any], None]] = {
    Condition: _add_condition,
    Observation: _add_observation,
    DocumentReference: _add_note,
    Procedure: _add_procedure,
    AllergyIntolerance: _add_allergy,
    Immunization: _add_immunization,
    Device: _add_device,
    DeviceUseStatement: _add_device_use,
}


def _absorb(draft: _Draft, resource: pydantic.BaseModel) -> None:
    if isinstance(resource, Patient):
        draft.patient = resource
    elif isinstance(resource, MedicationRequest):
        _add_medication(
            draft,
            resource.status,
            resource.medicationCodeableConcept,
            resource.medicationReference,
            resource.authoredOn,
            resource.dispenseRequest
            and resource.dispenseRequest.validityPeriod
            and resource.dispenseRequest.validityPeriod.end,
            resource.authoredOn,
        )
    elif isinstance(resource, MedicationStatement):
        period = resource.effectivePeriod
        _add_medication(
            draft,
            resource.status,
            resource.medicationCodeableConcept,
            resource.medicationReference,
            resource.effectiveDateTime or (period and period.start) or resource.dateAsserted,
            period and period.end,
        )
    else:
        _READERS[type(resource)](draft, resource)


def _invalid(error: pydantic.ValidationError) -> str:
    """Which fields are wrong and how, without the values (they are patient data)."""
    first = error.errors(include_input=False, include_url=False)[0]
    where = ".".join(str(part) for part in first["loc"]) or "resource"
    more = error.error_count() - 1
    return f"{where}: {first['msg']}" + (f" (and {more} more)" if more > 0 else "")


def _routine_before_validation(data: Mapping[str, object]) -> bool:
    """A Procedure not completed, or one whose display is an encounter's routine, passed
    over before validation: most of an export's Procedures are ("Depression screening")."""
    if data.get("status") != "completed":
        return True
    code = data.get("code")
    text = code.get("text") if isinstance(code, Mapping) else None
    codings = code.get("coding") if isinstance(code, Mapping) else None
    if not isinstance(text, str) and isinstance(codings, list) and codings:
        first = codings[0]
        text = first.get("display") if isinstance(first, Mapping) else None
    return isinstance(text, str) and _routine_procedure_words().search(text) is not None


class _Cohort:
    """Drafts by patient id, fed one decoded resource at a time."""

    def __init__(self, on_problem: ProblemSink) -> None:
        self.drafts: dict[str, _Draft] = {}
        self.on_problem = on_problem

    def take(self, data: object, where: str) -> None:
        if not isinstance(data, Mapping):
            self.on_problem(InputProblem(where, "not a JSON object"))
            return
        kind = data.get("resourceType")
        model = _MODELS.get(str(kind))
        if model is None:
            if not isinstance(kind, str):
                self.on_problem(InputProblem(where, "no resourceType"))
            return
        if model is DocumentReference and data.get("status") not in _NOTE_STATUSES:
            return
        if model is Procedure and _routine_before_validation(data):
            return
        try:
            resource = model.model_validate(data)
        except pydantic.ValidationError as error:
            self.on_problem(InputProblem(where, f"invalid {kind}: {_invalid(error)}"))
            return
        patient_id = _subject(resource)
        if patient_id is None:
            self.on_problem(InputProblem(where, f"{kind} names no patient"))
            return
        _absorb(self.drafts.setdefault(patient_id, _Draft()), resource)

    def patients(self, today: datetime.date) -> Iterator[PatientRecord]:
        orphans = 0
        for patient_id, draft in self.drafts.items():
            if draft.patient is None:
                orphans += 1
                continue
            yield PatientRecord(patient_id, _profile(draft, draft.patient, today))
        if orphans:
            self.on_problem(
                InputProblem("input", f"resources of {orphans} patients without a Patient resource")
            )


# ---------------------------------------------------------------- profile


def _age(patient: Patient, today: datetime.date) -> float | None:
    born = patient.birthDate
    if not isinstance(born, datetime.date):
        return None
    died = patient.deceasedDateTime
    at = min(today, died.date()) if isinstance(died, datetime.datetime) else today
    years = at.year - born.year - ((at.month, at.day) < (born.month, born.day))
    return float(years) if years >= 0 else None


def _place(patient: Patient) -> str | None:
    addresses = patient.address or []
    home = next((a for a in addresses if a.use == "home"), addresses[0] if addresses else None)
    if home is None:
        return None
    parts = [str(part) for part in (home.city, home.state, home.country) if part]
    return ", ".join(parts) or None


def _stale(item: _Dated, years: int, today: datetime.date) -> bool:
    """Still marked current, yet not recorded again for more than ``years``."""
    return item.current and item.last is not None and today.year - item.last > years


def _condition_wording(text: str, item: _Dated, today: datetime.date) -> str:
    """An acute condition Synthea (or any EHR) left active for years is history, said so."""
    if _is_acute(text) and _stale(item, _codes().stale_after_years.acute_condition, today):
        return f"history of {text} ({item.start}; acute, last recorded {item.last})"
    return _dated_text(text, item)


@functools.lru_cache(maxsize=1024)
def _is_maintenance(text: str) -> bool:
    """An order of a medicine taken for years on one order (``maintenance_classes``:
    mycophenolate or tacrolimus after a transplant), which an old order does not make past."""
    from trialfinder.criteria.lexicon import load_lexicon

    ancestors = load_lexicon().ancestors
    classes = frozenset(_codes().maintenance_classes)
    return any(
        not f.negated and classes & ancestors.get(f.concept, frozenset())
        for f in find_concepts(text)
    )


def _medication_wording(text: str, item: _Dated, today: datetime.date) -> str:
    """An active order never re-ordered for years is no medicine taken now, unless the
    medicine is one taken for years on one order (``_is_maintenance``)."""
    if _stale(item, _codes().stale_after_years.medication_order, today) and not _is_maintenance(
        text
    ):
        return f"history of {text} ({item.start}; last ordered {item.last})"
    return _dated_text(text, item)


def _dated_text(text: str, item: _Dated) -> str:
    """The profile wording the fact reader understands: "history of" and years."""
    if item.current:
        since = item.start_day.isoformat() if item.start_day else item.start
        return f"{text} (since {since})" if since else text
    if item.end_day and item.start and item.end_day.year != item.start:
        years = f" ({item.start}-{item.end}, last {item.end_day.isoformat()})"
    elif item.end_day:
        years = f" ({item.end_day.isoformat()})"
    elif item.start and item.end and item.end != item.start:
        years = f" ({item.start}-{item.end})"
    elif item.end or item.start:
        years = f" ({item.end or item.start})"
    else:
        years = ""
    return f"history of {text}{years}"


def _profile(draft: _Draft, patient: Patient, today: datetime.date) -> PatientProfile:
    """The profile, in an order that does not depend on the order resources arrived in."""
    gender = str(patient.gender or "")
    return PatientProfile(
        age=_age(patient, today),
        sex=gender if gender in ("female", "male") else None,
        conditions=sorted(
            [_condition_wording(text, item, today) for text, item in draft.conditions.items()]
            + [_done_wording(text, *days) for text, days in draft.procedures.items()]
            + [_dated_text(text, item) for text, item in draft.devices.items()]
            + list(draft.allergies.values())
        ),
        measurements={name: value for _, name, value in sorted(draft.observations.values())},
        medications=sorted(
            [_medication_wording(text, item, today) for text, item in draft.medications.items()]
            + [_done_wording(name, *days) for name, days in draft.immunizations.items()]
        ),
        note=draft.note[1] if draft.note and draft.note[1] else None,
        note_date=draft.note[2] if draft.note and draft.note[1] else None,
        place=_place(patient),
        # An EHR's export lists the patient's problems and medicines in full: a record
        # with both Condition and MedicationStatement/MedicationRequest resources is the
        # whole record (docs/criteria.md, "When a note counts as a whole record").
        whole_record=True if draft.conditions and draft.medications else None,
    )


# ---------------------------------------------------------------- inputs


def is_fhir(data: object) -> bool:
    """A decoded JSON document is FHIR (it names a ``resourceType``), not a profile."""
    return isinstance(data, Mapping) and "resourceType" in data


def read_fhir_json(
    data: object, on_problem: ProblemSink, today: datetime.date | None = None
) -> list[PatientRecord]:
    """Patients of a decoded FHIR Bundle (or of a single Patient resource).

    Each entry is validated on its own, so one bad entry is reported and the
    rest of the record is still read.
    """
    if not is_fhir(data):
        raise FhirError("not a FHIR resource (no resourceType)")
    assert isinstance(data, Mapping)
    cohort = _Cohort(on_problem)
    if data["resourceType"] == "Bundle":
        entries = data.get("entry") or []
        for number, entry in enumerate(entries if isinstance(entries, list) else []):
            resource = entry.get("resource") if isinstance(entry, Mapping) else None
            cohort.take(resource, f"Bundle entry {number}")
    else:
        cohort.take(data, str(data["resourceType"]))
    patients = list(cohort.patients(today or datetime.date.today()))
    if not patients:
        raise FhirError("the FHIR input holds no Patient resource")
    return patients


def _bulk_files(folder: Path) -> list[Path]:
    """The export's ndjson files worth reading; other resource types are skipped unread.

    Bulk Data servers name files after their resource type ("Condition.000.ndjson");
    a file named otherwise is read, and its lines tell their types.
    """
    files: list[Path] = []
    for path in sorted(folder.glob("*.ndjson")):
        kind = path.name.split(".", 1)[0]
        if kind in _MODELS or not kind.isalpha() or not kind[:1].isupper():
            files.append(path)
    return files


def read_bulk_export(
    folder: Path, on_problem: ProblemSink, today: datetime.date | None = None
) -> Iterator[PatientRecord]:
    """Patients of a FHIR Bulk Data export folder, in the order their resources appear."""
    files = _bulk_files(folder)
    if not files:
        raise FhirError(f"{folder}: no *.ndjson files of a FHIR Bulk Data export")
    cohort = _Cohort(on_problem)
    decoder = msgspec.json.Decoder()
    for path in files:
        for where, line in ndjson_lines(path):
            try:
                data = decoder.decode(line)
            except msgspec.DecodeError:
                on_problem(InputProblem(where, "not JSON"))
                continue
            cohort.take(data, where)
    return cohort.patients(today or datetime.date.today())


def ndjson_lines(path: Path) -> Iterator[tuple[str, bytes]]:
    """The non-blank lines of a JSON-lines file, one at a time, with where each is."""
    with path.open("rb") as lines:
        for number, line in enumerate(lines, start=1):
            if line.strip():
                yield f"{path.name} line {number}", line


def count_bulk_patients(folder: Path) -> int | None:
    """Patients in an export (lines of its Patient files), for a progress bar's total."""
    files = sorted(folder.glob("Patient*.ndjson"))
    if not files:
        return None
    return sum(1 for path in files for _ in ndjson_lines(path))
