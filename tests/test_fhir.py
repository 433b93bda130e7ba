"""FHIR R4 input: Bundles and Bulk Data exports read into the same facts as a profile."""

from __future__ import annotations

import base64
import datetime
import json
from importlib import resources
from pathlib import Path

import msgspec
import pytest

from trialfinder.fhir import InputProblem, read_bulk_export, read_fhir_json
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts, load_profile
from trialfinder.patient_input import PatientInputError, load_patient, read_cohort

TODAY = datetime.date(2026, 1, 1)
SAMPLE_BUNDLE = (
    resources.files("trialfinder") / "data" / "sample" / "fhir" / "bundle_osteoporosis.json"
)
SYNTHEA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fhir_bulk_synthea_10"

# The sample Bundle's patient, typed as a person would type the profile.
EQUIVALENT_PROFILE = {
    "age": 62,
    "sex": "female",
    "conditions": ["postmenopausal osteoporosis since 2018", "history of hypertension 2010-2015"],
    "measurements": {
        "BMI": "24 kg/m2",
        "total bilirubin": "0.7 mg/dL",
        "systolic blood pressure": "128 mmHg",
        "diastolic blood pressure": "82 mmHg",
    },
    "medications": ["history of alendronate 2019-2021", "calcium carbonate since 2021"],
    "note": (
        "62-year-old postmenopausal woman referred for osteoporosis. Lumbar spine T-score -3.4. "
        "Took alendronate from 2019 to 2021. No history of cancer. Not a smoker."
    ),
    "note_date": "2025-11-02",
}


def _meaning(facts: PatientFacts) -> tuple[object, ...]:
    """What the matcher uses from the facts, without the wording of the evidence."""
    return (
        facts.age,
        facts.sex,
        sorted(
            (
                fact.kind,
                fact.concept or "",
                fact.negated,
                fact.historical,
                fact.current,
                fact.start_year or 0,
                fact.end_year or 0,
                "" if fact.measurement is None else fact.measurement.analyte,
                0.0
                if fact.measurement is None
                else round(fact.measurement.canonical_value or 0, 6),
            )
            for fact in facts.facts
        ),
        facts.condition_concepts,
    )


def _bundle() -> dict[str, object]:
    decoded: dict[str, object] = json.loads(SAMPLE_BUNDLE.read_bytes())
    return decoded


def _bundle_profile(
    bundle: object, problems: list[InputProblem] | None = None, today: datetime.date = TODAY
) -> PatientProfile:
    sink = problems.append if problems is not None else pytest.fail
    (patient,) = read_fhir_json(bundle, sink, today)
    return patient.profile


def _as_bulk_export(bundle: dict[str, object], folder: Path) -> Path:
    """The Bundle's resources as a Bulk Data export: one ndjson file per resource type."""
    folder.mkdir()
    entries = bundle["entry"]
    assert isinstance(entries, list)
    for entry in entries:
        resource = dict(entry["resource"])
        if "subject" in resource:  # Bulk exports reference patients as Patient/<id>
            resource["subject"]["reference"] = "Patient/7d2c4f1e-5a0b-4c8e-9f3a-2b6d8e1c0a11"
        with (folder / f"{resource['resourceType']}.000.ndjson").open("a") as lines:
            lines.write(json.dumps(resource) + "\n")
    return folder


def test_bundle_gives_the_same_facts_as_the_equivalent_profile() -> None:
    from_bundle = extract_facts(_bundle_profile(_bundle()), TODAY)
    from_profile = extract_facts(load_profile(json.dumps(EQUIVALENT_PROFILE)), TODAY)
    assert _meaning(from_bundle) == _meaning(from_profile)


def test_bulk_export_gives_the_same_profile_as_the_bundle(tmp_path: Path) -> None:
    folder = _as_bulk_export(_bundle(), tmp_path / "export")
    problems: list[InputProblem] = []
    (patient,) = read_bulk_export(folder, problems.append, TODAY)
    assert problems == []
    assert patient.id == "7d2c4f1e-5a0b-4c8e-9f3a-2b6d8e1c0a11"
    assert patient.profile == _bundle_profile(_bundle())
    assert _meaning(extract_facts(patient.profile, TODAY)) == _meaning(
        extract_facts(load_profile(json.dumps(EQUIVALENT_PROFILE)), TODAY)
    )


def test_patient_resource_gives_age_sex_and_place() -> None:
    profile = _bundle_profile(_bundle())
    assert (profile.age, profile.sex, profile.place) == (62.0, "female", "Lyon, France")


def test_resolved_conditions_are_history_and_refuted_ones_are_ignored() -> None:
    profile = _bundle_profile(_bundle())
    assert "history of Hypertension (2010-2015)" in profile.conditions
    assert not any("Breast cancer" in condition for condition in profile.conditions)
    (hypertension,) = extract_facts(profile).concept_facts("hypertension")[0]
    assert hypertension.historical and not hypertension.current
    (osteoporosis, *_) = extract_facts(profile).concept_facts("osteoporosis")[0]
    assert osteoporosis.current and not osteoporosis.historical


def test_newest_observation_per_code_and_units_from_ucum() -> None:
    measurements = _bundle_profile(_bundle()).measurements
    assert measurements["BMI"] == "24 kg/m2"  # the 2025 reading, not the 2023 one
    assert measurements["Systolic blood pressure"] == "128 mmHg"  # UCUM mm[Hg]


@pytest.mark.parametrize(
    ("quantity", "written"),
    [
        ({"value": 120, "code": "mg/dL"}, "120 mg/dL"),
        ({"value": 7.20, "unit": "%"}, "7.2 %"),
        ({"value": 250, "code": "10*3/uL"}, "250 x10^3/uL"),
        ({"value": 5, "comparator": "<", "code": "mg/L"}, "<5 mg/L"),
        ({"value": 36.8, "code": "Cel"}, "36.8 °C"),
    ],
)
def test_quantities_are_written_as_the_unit_parser_reads_them(
    quantity: dict[str, object], written: str
) -> None:
    observation = {
        "resourceType": "Observation",
        "status": "final",
        "code": {"text": "Some lab"},
        "valueQuantity": quantity,
    }
    assert _one_resource_profile(observation).measurements == {"Some lab": written}


def test_medications_by_status_and_the_current_note() -> None:
    profile = _bundle_profile(_bundle())
    assert profile.medications == [
        "calcium carbonate (since 2021)",
        "history of alendronate (2019-2021, last 2021-08-31)",
    ]
    assert profile.note is not None and profile.note.startswith("62-year-old postmenopausal woman")


def test_every_mapped_loinc_code_names_its_analyte() -> None:
    from trialfinder.criteria.lexicon import load_lexicon, tokenize
    from trialfinder.fhir import _analyte_names, _codes

    lexicon = load_lexicon()
    for code, analyte in _codes().loinc_analytes.items():
        tokens = tokenize(_analyte_names()[analyte])
        found = lexicon.analyte_index.find(tokens, [token.text.lower() for token in tokens])
        assert found and found[-1].value == analyte, code


def test_a_bad_entry_is_reported_without_values_and_skipped() -> None:
    bundle = _bundle()
    entries = bundle["entry"]
    assert isinstance(entries, list)
    entries.append(
        {"resource": {"resourceType": "Condition", "clinicalStatus": "secret-value", "subject": {}}}
    )
    problems: list[InputProblem] = []
    profile = _bundle_profile(bundle, problems)
    (problem,) = problems
    assert problem.where == f"Bundle entry {len(entries) - 1}"
    assert "clinicalStatus" in problem.reason and "secret-value" not in problem.reason
    assert profile == _bundle_profile(_bundle())


def test_a_bad_bulk_line_is_reported_and_skipped(tmp_path: Path) -> None:
    folder = _as_bulk_export(_bundle(), tmp_path / "export")
    with (folder / "Condition.000.ndjson").open("a") as lines:
        lines.write("{not json\n")
    problems: list[InputProblem] = []
    (patient,) = read_bulk_export(folder, problems.append, TODAY)
    assert problems == [InputProblem("Condition.000.ndjson line 4", "not JSON")]
    assert patient.profile == _bundle_profile(_bundle())


def test_a_note_only_document_reference_is_decoded() -> None:
    note = "A 40-year-old man with asthma."
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"fullUrl": "urn:uuid:p1", "resource": {"resourceType": "Patient", "id": "p1"}},
            {
                "resource": {
                    "resourceType": "DocumentReference",
                    "status": "current",
                    "subject": {"reference": "urn:uuid:p1"},
                    "content": [{"attachment": {"data": base64.b64encode(note.encode()).decode()}}],
                }
            },
        ],
    }
    assert _bundle_profile(bundle) == PatientProfile(note=note)


def test_profile_input_tells_fhir_from_a_profile() -> None:
    bundle_profile = load_patient(SAMPLE_BUNDLE.read_bytes(), pytest.fail, today=TODAY)
    assert bundle_profile == _bundle_profile(_bundle())
    assert load_patient(b'{"age": 40}', pytest.fail) == PatientProfile(age=40)


@pytest.mark.parametrize(
    ("profile", "field", "allowed"),
    [
        ({"sex": "banana"}, "$.sex", "female, f, woman, male, m, man"),
        ({"age": -4}, "$.age", ">= 0"),
        ({"agee": 4}, "agee", "age, sex, conditions"),
    ],
)
def test_an_invalid_field_names_the_field_and_the_allowed_values(
    profile: dict[str, object], field: str, allowed: str
) -> None:
    with pytest.raises(PatientInputError) as raised:
        load_patient(json.dumps(profile).encode(), pytest.fail)
    message = str(raised.value)
    assert "\n" not in message and field in message and allowed in message


@pytest.mark.skipif(not SYNTHEA.exists(), reason="../shared/data/fhir_bulk_synthea_10 not found")
def test_the_synthea_export_is_read_whole() -> None:
    problems: list[InputProblem] = []
    patients = list(read_cohort(SYNTHEA, problems.append, TODAY))
    assert problems == []
    assert len(patients) == 13 == len({patient.id for patient in patients})
    for patient in patients:
        profile = patient.profile
        assert profile.sex in ("female", "male") and profile.age is not None
        assert profile.conditions and profile.note
        msgspec.json.encode(profile)  # every profile is a valid profile JSON again
        assert load_profile(msgspec.json.encode(profile)) == profile
    conditions = [c for patient in patients for c in patient.profile.conditions]
    assert any(c.startswith("history of ") for c in conditions)
    assert not any("(disorder)" in c for c in conditions)


def _one_resource_profile(
    resource: dict[str, object], today: datetime.date = TODAY
) -> PatientProfile:
    resource = {**resource, "subject": {"reference": "Patient/p1"}}
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [{"resource": {"resourceType": "Patient", "id": "p1"}}, {"resource": resource}],
    }
    return _bundle_profile(bundle, today=today)


@pytest.mark.parametrize(
    ("clinical", "verification", "condition"),
    [
        ("active", "confirmed", "Asthma (since 2015-04-01)"),
        ("recurrence", None, "Asthma (since 2015-04-01)"),
        ("resolved", None, "history of Asthma (2015)"),
        ("inactive", None, "history of Asthma (2015)"),
        ("remission", "confirmed", "history of Asthma (2015)"),
        ("active", "entered-in-error", None),
        ("active", "refuted", None),
    ],
)
def test_condition_statuses(clinical: str, verification: str | None, condition: str | None) -> None:
    resource: dict[str, object] = {
        "resourceType": "Condition",
        "code": {"text": "Asthma"},
        "onsetDateTime": "2015-04-01",
        "clinicalStatus": {"coding": [{"code": clinical}]},
    }
    if verification is not None:
        resource["verificationStatus"] = {"coding": [{"code": verification}]}
    expected = [] if condition is None else [condition]
    assert _one_resource_profile(resource).conditions == expected


@pytest.mark.parametrize(
    ("status", "medication"),
    [
        ("active", "metformin (since 2020)"),
        ("completed", "history of metformin (2020-2022, last 2022-06-30)"),
        ("stopped", "history of metformin (2020-2022, last 2022-06-30)"),
        ("entered-in-error", None),
        ("not-taken", None),
    ],
)
def test_medication_statement_statuses(status: str, medication: str | None) -> None:
    resource = {
        "resourceType": "MedicationStatement",
        "status": status,
        "medicationCodeableConcept": {"text": "metformin"},
        "effectivePeriod": {"start": "2020-01-01", "end": "2022-06-30"},
    }
    expected = [] if medication is None else [medication]
    assert _one_resource_profile(resource).medications == expected


# --- The Synthea export read as a coordinator would (third round of the patient side)


def _synthea_facts() -> dict[str, PatientFacts]:
    if not SYNTHEA.exists():
        pytest.skip(f"{SYNTHEA} is absent")
    problems: list[InputProblem] = []
    return {
        patient.id[:8]: extract_facts(patient.profile)
        for patient in read_bulk_export(SYNTHEA, problems.append, TODAY)
    }


def test_a_history_of_situation_is_history_whatever_its_status() -> None:
    """SNOMED "History of renal transplant (situation)" is recorded active from the day it
    became history: the transplant is past, not current."""
    facts = _synthea_facts()["79a66c97"]
    transplant = [
        f for f in facts.facts if f.concept == "organ_transplant" and f.evidence.startswith("cond")
    ]
    assert transplant and not any(f.current for f in transplant)
    grafting = [
        f for f in _synthea_facts()["129c6ac7"].facts if f.concept == "coronary_artery_bypass"
    ]
    assert grafting and all(f.historical and not f.current for f in grafting)


def test_a_pregnancy_in_the_notes_history_list_is_no_pregnancy_now() -> None:
    """ "Patient has a history of …, complete miscarriage (disorder), normal pregnancy, …":
    the history reaches every item of the list."""
    facts = _synthea_facts()["a4a401d1"]
    assert not [f for f in facts.facts if f.concept == "pregnancy" and not f.negated]


def test_a_notes_allergies_heading_is_no_allergy() -> None:
    for facts in _synthea_facts().values():
        assert not [f for f in facts.facts if f.evidence.startswith("#")]


def test_an_immunization_against_a_disease_is_not_the_disease() -> None:
    facts = _synthea_facts()["cbc86e51"]
    assert not [f for f in facts.facts if f.concept == "covid19" and "immunizations" in f.evidence]


def test_a_suspected_condition_is_no_diagnosis() -> None:
    """Synthea records "Suspected lung cancer (situation)" and "Suspected COVID-19" as
    conditions: what was suspected is possible, not the patient's diagnosis."""
    facts = _synthea_facts()["129c6ac7"]
    suspected = [f for f in facts.facts if f.evidence.startswith("conditions: Suspected")]
    assert suspected and all(f.uncertain for f in suspected)
    diagnosed = [f for f in facts.facts if f.evidence.startswith("conditions: Non-small")]
    assert diagnosed and not any(f.uncertain for f in diagnosed)


# --- Dates and states of the Synthea export (an EHR never closes some entries)


def _synthea_profiles() -> dict[str, PatientProfile]:
    if not SYNTHEA.exists():
        pytest.skip(f"{SYNTHEA} is absent")
    return {
        patient.id[:8]: patient.profile for patient in read_bulk_export(SYNTHEA, pytest.fail, TODAY)
    }


def test_an_acute_condition_left_active_for_years_is_history() -> None:
    """Synthea leaves "Sepsis (disorder)" active from 1976: an acute illness not recorded
    again for decades is past, and the profile says why; a chronic one stays current."""
    conditions = _synthea_profiles()["129c6ac7"].conditions
    assert "history of Sepsis (1976; acute, last recorded 1976)" in conditions
    assert "history of Miscarriage in first trimester (1961; acute, last recorded 1961)" in (
        conditions
    )
    assert "Ischemic heart disease (since 1977-05-21)" in conditions
    sepsis = [f for f in _synthea_facts()["129c6ac7"].facts if "Sepsis" in f.evidence]
    assert sepsis and all(f.historical and not f.current for f in sepsis)


def test_a_recent_acute_condition_stays_current() -> None:
    resource = {
        "resourceType": "Condition",
        "code": {"text": "Acute bronchitis"},
        "onsetDateTime": "2025-11-20",
        "clinicalStatus": {"coding": [{"code": "active"}]},
    }
    assert _one_resource_profile(resource).conditions == ["Acute bronchitis (since 2025-11-20)"]


def test_a_medication_order_not_renewed_for_years_is_no_current_medicine() -> None:
    """An active MedicationRequest authored in 1957 and never re-ordered is not taken now;
    orders of the last few years stay current."""
    medications = _synthea_profiles()["a5cb8ce9"].medications
    assert "history of ferrous sulfate 325 MG Oral Tablet (1957; last ordered 1957)" in (
        medications
    )
    assert "Simvastatin 10 MG Oral Tablet (since 2023)" in medications


def test_a_past_medicines_day_is_kept_not_only_its_year() -> None:
    """Round twenty-six: a completed MedicationRequest authored 2026-11-10 was worded "history
    of amoxicillin (2026)", judged "last in 2026" and so outside "antibiotic therapy during
    last 3 months"; a full FHIR date is that day (the Synthea export's orders too)."""
    resource = {
        "resourceType": "MedicationRequest",
        "status": "completed",
        "intent": "order",
        "medicationCodeableConcept": {"text": "amoxicillin 500 MG Oral Capsule"},
        "authoredOn": "2025-11-10",
    }
    profile = _one_resource_profile(resource)
    assert profile.medications == ["history of amoxicillin 500 MG Oral Capsule (2025-11-10)"]
    (fact,) = extract_facts(profile, TODAY).concept_facts("antibiotics")[0]
    assert fact.days_ago == 52
    medications = _synthea_profiles()["a5cb8ce9"].medications
    assert "history of Amoxicillin 250 MG / Clavulanate 125 MG Oral Tablet (2017-08-15)" in (
        medications
    )


def test_an_old_notes_findings_are_history_as_of_its_own_date() -> None:
    """The newest note of 79a66c97 was written on 1994-11-12: its medication list (metformin,
    tacrolimus, insulin) was current then, not now; a chronic disease it names still is."""
    profile = _synthea_profiles()["79a66c97"]
    assert profile.note_date == datetime.date(1994, 11, 12)
    note_facts = [
        f
        for f in extract_facts(profile, TODAY).facts
        if not f.evidence.startswith(("conditions:", "medications:"))
    ]
    metformin = [f for f in note_facts if f.concept == "metformin"]
    assert metformin and all(f.historical and not f.current for f in metformin)
    assert all(f.days_ago is not None and f.days_ago > 31 * 365.25 - 60 for f in metformin)
    kidney = [f for f in note_facts if f.concept == "kidney_disease" and not f.negated]
    assert kidney and not any(f.historical for f in kidney)
    assert not [f for f in note_facts if f.negated]  # a denial of 1994 says nothing of now


def test_a_time_in_a_note_counts_from_the_notes_date() -> None:
    """ "3 weeks ago" in a note of 1994 is 1994 less three weeks, not three weeks ago."""
    note = "Chest pain 3 weeks ago. Haemoglobin 9.1 g/dL."
    written = datetime.date.today() - datetime.timedelta(days=400)
    dated = extract_facts(PatientProfile(note=note, note_date=written)).facts
    undated = extract_facts(PatientProfile(note=note)).facts
    (pain,) = [f for f in dated if f.concept is not None]
    assert pain.days_ago == 421 and pain.historical
    assert [f.days_ago for f in undated if f.concept is not None] == [21]
    assert [f for f in undated if f.measurement] and not [f for f in dated if f.measurement]
    recent = extract_facts(PatientProfile(note=note, note_date=datetime.date.today())).facts
    assert [(f.days_ago, f.historical) for f in recent if f.concept] == [(21, False)]


def test_a_conditions_onset_day_is_kept() -> None:
    """A Condition's onsetDateTime names a day: "HIV (since 2026)" read in December could be
    eleven months or one, so the profile keeps the day and the facts how long it has lasted
    (a diagnosis 45 days old is within "newly diagnosed … maximum 2 months")."""
    resource: dict[str, object] = {
        "resourceType": "Condition",
        "code": {"text": "Human immunodeficiency virus infection"},
        "onsetDateTime": "2026-10-20",
        "clinicalStatus": {"coding": [{"code": "active"}]},
    }
    today = datetime.date(2026, 12, 4)
    profile = _one_resource_profile(resource, today)
    assert profile.conditions == ["Human immunodeficiency virus infection (since 2026-10-20)"]
    (hiv, *_) = extract_facts(profile, today).concept_facts("hiv")[0]
    assert (hiv.start_year, hiv.duration_days, hiv.current) == (2026, 45, True)


# --- Every coded medicine reaches the judge (issue 12)


def test_a_hormonal_contraceptive_order_is_read_as_hormonal_contraception() -> None:
    """Synthea orders contraceptives by brand ("Seasonique 91 Day Pack", "Mirena 52 MG
    Intrauterine System") or by ingredients ("Etonogestrel 68 MG Drug Implant"): the display
    names no class the judge knows, so "Not using any form of hormonal contraception" saw
    nothing. The class is written beside the product, read as any profile's would be."""
    profiles = _synthea_profiles()
    facts = _synthea_facts()
    for patient, product in (
        ("a4a401d1", "Seasonique 91 Day Pack"),
        ("7bc002fa", "Mirena 52 MG Intrauterine System"),
        ("ca15b832", "Etonogestrel 68 MG Drug Implant"),
    ):
        written = [m for m in profiles[patient].medications if product in m]
        assert written and all("(hormonal contraception)" in m for m in written), written
        read = [
            f
            for f in facts[patient].facts
            if f.concept == "hormone_therapy"
            and f.evidence.startswith("medications:")
            and product in f.evidence
        ]
        assert read, patient


def test_a_combined_pill_named_by_its_ingredients_is_hormonal_contraception() -> None:
    """RxNorm 748962 as round twelve's Bundle writes it: both ingredients named, the class
    not; a copper coil (no hormone) is no hormonal contraception."""
    pill = {
        "resourceType": "MedicationRequest",
        "status": "active",
        "intent": "order",
        "medicationCodeableConcept": {
            "coding": [
                {
                    "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                    "code": "748962",
                    "display": "Levonorgestrel 0.15 MG / Ethinyl Estradiol 0.03 MG Oral Tablet",
                }
            ]
        },
        "authoredOn": "2024-05-02",
    }
    assert _one_resource_profile(pill).medications == [
        "Levonorgestrel 0.15 MG / Ethinyl Estradiol 0.03 MG Oral Tablet"
        " (hormonal contraception) (since 2024)"
    ]
    coil = dict(pill, medicationCodeableConcept={"text": "ParaGard T 380A Intrauterine System"})
    assert "hormonal" not in _one_resource_profile(coil).medications[0]


# --- Procedures and allergies of an EHR export reach the judge (issue 12)


def test_a_performed_operation_is_prior_surgery_with_its_day() -> None:
    """Synthea's "Cesarean section" (performed 2023-03-22) is a named operation: read as the
    surgery a note's "Caesarean section 2023" is, dated to its day, so "major surgery within
    4 weeks" can be judged from the record alone."""
    profile = _synthea_profiles()["ca15b832"]
    assert "history of Cesarean section (2023-03-22)" in profile.conditions
    (surgery,) = [
        f
        for f in _synthea_facts()["ca15b832"].facts
        if f.concept == "surgery" and "Cesarean" in f.evidence
    ]
    assert surgery.historical and not surgery.negated
    since = (datetime.date.today() - datetime.date(2023, 3, 22)).days
    assert (surgery.end_year, surgery.days_ago) == (2023, since)


def test_a_procedure_the_lexicon_reads_keeps_its_own_concept() -> None:
    """ "Transplant of kidney (procedure)" and "Renal dialysis" are the lexicon's organ
    transplant and dialysis, with the years they were done."""
    profiles = _synthea_profiles()
    assert "history of Transplant of kidney (1990-10-28)" in profiles["79a66c97"].conditions
    transplants, _ = _synthea_facts()["79a66c97"].concept_facts("organ_transplant")
    done = [f for f in transplants if "Transplant of kidney" in f.evidence]
    assert done and all(f.historical and f.end_year == 1990 for f in done)
    bypass: dict[str, object] = {
        "resourceType": "Procedure",
        "status": "completed",
        "code": {"text": "Coronary artery bypass graft (procedure)"},
        "performedDateTime": "2024-06-03T10:00:00-04:00",
    }
    (line,) = _one_resource_profile(bypass).conditions
    assert line == "history of Coronary artery bypass graft (2024-06-03)"
    (cabg,) = extract_facts(PatientProfile(conditions=[line]), TODAY).concept_facts(
        "cardiac_surgery"
    )[0]
    assert (cabg.historical, cabg.days_ago) == (True, (TODAY - datetime.date(2024, 6, 3)).days)
    assert _one_resource_profile({**bypass, "status": "not-done"}).conditions == []


def test_routine_encounter_procedures_are_no_surgery_and_no_disease() -> None:
    """Screenings, assessments, reconciliations, tests and referrals name a disease looked
    for ("Depression screening", "Referral to transplant surgeon"), not one the patient has
    nor an operation done: none of them is written into the profile."""
    routine = (
        "screening",
        "assessment",
        "reconciliation",
        "test",
        "referral",
        "examination",
        "evaluation",
        "Suture open wound",
        "Colonoscopy",
        "Biopsy",
    )
    for profile in _synthea_profiles().values():
        for line in profile.conditions:
            assert not any(word.lower() in line.lower() for word in routine), line


def test_an_allergy_intolerance_is_an_allergy_to_its_substance() -> None:
    """Synthea's AllergyIntolerance "Aspirin" is an allergy fact naming aspirin, as a note's
    "allergic to aspirin" is; not a sign the patient takes an antiplatelet."""
    profile = _synthea_profiles()["cbc86e51"]
    assert "allergy to Aspirin" in profile.conditions
    assert "allergy to Tree pollen" in profile.conditions  # the SNOMED "(substance)" tag goes
    read = _synthea_facts()["cbc86e51"].facts
    assert [f for f in read if f.concept == "allergy" and "Aspirin" in f.evidence]
    assert not [f for f in read if f.concept == "antiplatelets" and "Aspirin" in f.evidence]


def _allergy_conditions(allergy: dict[str, object]) -> list[str]:
    """The profile's condition lines of a Bundle holding one patient and one allergy (an
    AllergyIntolerance names its patient as ``patient``, not ``subject``)."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {"resource": {"resourceType": "Patient", "id": "p1"}},
            {"resource": {**allergy, "patient": {"reference": "Patient/p1"}}},
        ],
    }
    return _bundle_profile(bundle).conditions


def test_refuted_and_entered_in_error_allergies_are_ignored() -> None:
    allergy: dict[str, object] = {
        "resourceType": "AllergyIntolerance",
        "clinicalStatus": {"coding": [{"code": "active"}]},
        "verificationStatus": {"coding": [{"code": "refuted"}]},
        "code": {"text": "Penicillin V"},
    }
    assert _allergy_conditions(allergy) == []
    allergy["verificationStatus"] = {"coding": [{"code": "entered-in-error"}]}
    assert _allergy_conditions(allergy) == []
    allergy["verificationStatus"] = {"coding": [{"code": "confirmed"}]}
    allergy["criticality"] = "high"
    assert _allergy_conditions(allergy) == ["allergy to Penicillin V (high criticality)"]
    allergy["clinicalStatus"] = {"coding": [{"code": "resolved"}]}
    assert _allergy_conditions(allergy) == ["history of allergy to Penicillin V (high criticality)"]


def test_a_recorded_allergy_meets_a_hypersensitivity_to_its_substance_only() -> None:
    """The allergy fact is the one a note's "allergic to aspirin" gives, judged the same way:
    "Known hypersensitivity to aspirin" is met; a tree-nut allergy leaves a hypersensitivity
    to the study drugs (NCT05296798) unknown, not met."""
    from test_judge_general import criterion_of, written
    from trialfinder.match import judge

    aspirin = written("Known hypersensitivity to aspirin", "exclusion")
    assert judge(aspirin, _synthea_facts()["cbc86e51"]).status == "met"
    study = criterion_of("NCT05296798", "Known hypersensitivity to any of the study")
    assert judge(study, _synthea_facts()["a5cb8ce9"]).status == "unknown"


# --- Immunizations and devices of an EHR export reach the judge (X13)


def _patient_resource_profile(*resources: dict[str, object]) -> PatientProfile:
    """The profile of a Bundle holding one patient and resources naming it as ``patient``
    (Immunization, Device) or ``subject`` (DeviceUseStatement), as Synthea's do."""
    entries = [{"resource": {"resourceType": "Patient", "id": "p1"}}]
    for resource in resources:
        side = "subject" if resource["resourceType"] == "DeviceUseStatement" else "patient"
        entries.append({"resource": {**resource, side: {"reference": "Patient/p1"}}})
    return _bundle_profile({"resourceType": "Bundle", "type": "collection", "entry": entries})


def _immunization(code: str, display: str, day: datetime.date) -> dict[str, object]:
    """An Immunization as Synthea writes it (CVX coding, display and text)."""
    return {
        "resourceType": "Immunization",
        "status": "completed",
        "vaccineCode": {
            "coding": [{"system": "http://hl7.org/fhir/sid/cvx", "code": code, "display": display}],
            "text": display,
        },
        "occurrenceDateTime": f"{day.isoformat()}T09:12:40-04:00",
        "primarySource": True,
    }


def _device(display: str, status: str = "active") -> dict[str, object]:
    """A Device as Synthea writes it (US Core implantable device, a SNOMED physical object)."""
    return {
        "resourceType": "Device",
        "status": status,
        "deviceName": [{"name": display, "type": "user-friendly-name"}],
        "type": {
            "coding": [
                {"system": "http://snomed.info/sct", "code": "14106009", "display": display}
            ],
            "text": display,
        },
    }


def test_immunizations_are_dated_vaccines_named_by_their_cvx_group() -> None:
    """Synthea's Immunizations (CVX 03 MMR, 21 varicella, 140 influenza …) are vaccines given
    on a day, named by their CDC vaccine group, the live ones said live; every dose counts."""
    medications = _synthea_profiles()["63ee2253"].medications
    assert "history of MMR vaccine (live vaccine) (CVX 03) (2016-03-02)" in medications
    assert "history of varicella vaccine (live vaccine) (CVX 21) (2016-03-02)" in medications
    assert "history of influenza vaccine (CVX 140) (2014-2022, last 2022-04-06)" in medications
    zoster = "history of zoster vaccine (live vaccine) (CVX 121) (2014-2015, last 2015-03-02)"
    assert zoster in _synthea_profiles()["6a4160eb"].medications


def test_a_vaccine_is_not_the_disease_it_prevents() -> None:
    """The CVX display names the disease prevented ("Influenza, seasonal, injectable",
    "SARS-COV-2 (COVID-19) vaccine, mRNA"): read, it would be a history of influenza or
    COVID-19. The vaccine's facts are vaccines only."""
    vaccines = {
        "vaccines",
        "live_vaccines",
        "influenza_vaccines",
        "covid_19_vaccines",
        "hepatitis_b_vaccines",
    }
    for facts in _synthea_facts().values():
        read = {
            f.concept
            for f in facts.facts
            if f.evidence.startswith("medications:") and "CVX" in f.evidence
        }
        assert read <= vaccines, read
    assert {f.concept for f in _synthea_facts()["cbc86e51"].facts} >= {"covid_19_vaccines"}


def test_a_live_vaccine_within_the_window_meets_a_live_vaccine_exclusion() -> None:
    """ "Has received any live vaccine within 30 days prior to first dose" (NCT06472076): a
    live zoster vaccine 10 days ago meets it; an inactivated influenza vaccine of the same
    day does not, and meets "any vaccine within 30 days"; one given 400 days ago does not."""
    from test_judge_general import criterion_of, written
    from trialfinder.match import judge

    live = criterion_of("NCT06472076", "Has received any live vaccine")
    any_vaccine = written("Received any vaccine within 30 days prior to enrollment", "exclusion")
    recent, old = TODAY - datetime.timedelta(days=10), TODAY - datetime.timedelta(days=400)

    def facts(*resources: dict[str, object]) -> PatientFacts:
        return extract_facts(_patient_resource_profile(*resources), TODAY)

    zoster = facts(_immunization("121", "zoster vaccine, live", recent))
    assert judge(live, zoster).status == "met"
    assert judge(any_vaccine, zoster).status == "met"
    influenza = facts(
        _immunization("140", "Influenza, seasonal, injectable, preservative free", recent)
    )
    assert judge(live, influenza).status != "met"
    assert judge(any_vaccine, influenza).status == "met"
    assert judge(any_vaccine, facts(_immunization("113", "Td (adult)", old))).status == "not_met"


def test_an_immunization_not_done_or_of_an_unknown_code_is_read_as_it_says() -> None:
    """A dose not given is no vaccine; a CVX code the CDC groups do not list is still a
    vaccine (its display is not written: it may name the disease)."""
    day = datetime.date(2025, 10, 1)
    not_done = {**_immunization("140", "Influenza, seasonal", day), "status": "not-done"}
    assert _patient_resource_profile(not_done).medications == []
    unknown = _immunization("999", "Influenza, future formulation", day)
    assert _patient_resource_profile(unknown).medications == [
        "history of vaccine (CVX 999) (2025-10-01)"
    ]


def test_a_pacemaker_device_meets_a_pacemaker_exclusion() -> None:
    """A Device "Cardiac pacemaker, device (physical object)" is a pacemaker the patient has:
    "Patients having metal implants, pacemakers or clustered markers" (NCT05099809) and an
    MRI contraindication (NCT05042505) are met. One no longer in use ("inactive") is left
    out, as is one entered in error."""
    from test_judge_general import criterion_of
    from trialfinder.match import judge

    pacemaker = _device("Cardiac pacemaker, device (physical object)")
    profile = _patient_resource_profile(pacemaker)
    assert profile.conditions == ["Cardiac pacemaker, device"]
    facts = extract_facts(profile, TODAY)
    for nct_id, opening in (
        ("NCT05099809", "Patients having metal implants"),
        ("NCT05042505", "Presence of major contraindications"),
    ):
        assert judge(criterion_of(nct_id, opening), facts).status == "met", nct_id
    for status in ("inactive", "entered-in-error"):
        assert _patient_resource_profile({**pacemaker, "status": status}).conditions == []


def test_a_device_is_written_with_the_class_a_criterion_names() -> None:
    """A device's name need not say its class: a cochlear prosthesis is an implanted device,
    a copper coil an intrauterine device; a DeviceUseStatement gives the day use began."""
    cochlear = _patient_resource_profile(_device("Cochlear prosthesis (physical object)"))
    assert cochlear.conditions == ["Cochlear prosthesis (implanted device)"]
    (implant,) = extract_facts(cochlear, TODAY).concept_facts("implanted_device")[0]
    assert not implant.negated and not implant.historical
    use = {
        "resourceType": "DeviceUseStatement",
        "status": "active",
        "device": {"display": "ParaGard T 380A Intrauterine Copper Contraceptive"},
        "timingDateTime": "2024-02-12",
    }
    assert _patient_resource_profile(use).conditions == [
        "ParaGard T 380A Intrauterine Copper Contraceptive (intrauterine device) (since 2024-02-12)"
    ]
    assert _patient_resource_profile({**use, "status": "completed"}).conditions == []


def test_the_synthea_devices_are_read_without_their_snomed_tag() -> None:
    profiles = _synthea_profiles()
    assert "Home continuous positive airway pressure unit" in profiles["a4a401d1"].conditions
    assert "Manual wheelchair" in profiles["63ee2253"].conditions
    assert not any("(physical object)" in c for p in profiles.values() for c in p.conditions)


def test_a_bad_immunization_is_reported_without_values_and_skipped() -> None:
    bad = {
        **_immunization("140", "Influenza, seasonal", datetime.date(2025, 10, 1)),
        "occurrenceDateTime": "2025-13-45",
    }
    problems: list[InputProblem] = []
    profile = _bundle_profile(
        {
            "resourceType": "Bundle",
            "type": "collection",
            "entry": [
                {"resource": {"resourceType": "Patient", "id": "p1"}},
                {"resource": {**bad, "patient": {"reference": "Patient/p1"}}},
            ],
        },
        problems,
    )
    assert profile.medications == []
    (problem,) = problems
    assert problem.where == "Bundle entry 1" and problem.reason.startswith(
        "invalid Immunization: occurrenceDateTime"
    )
    assert "2025-13-45" not in problem.reason and "Influenza" not in problem.reason


def test_a_radiotherapy_course_the_lexicon_does_not_name_is_prior_radiotherapy() -> None:
    """SNOMED CT's "Teleradiotherapy procedure" (as Synthea's cancer modules write it) names no
    word the lexicon reads: the class is written beside it, so "Radiotherapy within 2 weeks
    prior to study treatment initiation" (NCT04862663) is met by a course 10 days ago."""
    from test_judge_general import criterion_of
    from trialfinder.match import judge

    day = TODAY - datetime.timedelta(days=10)
    course = {
        "resourceType": "Procedure",
        "status": "completed",
        "code": {
            "coding": [
                {
                    "system": "http://snomed.info/sct",
                    "code": "33195004",
                    "display": "Teleradiotherapy procedure (procedure)",
                }
            ],
            "text": "Teleradiotherapy procedure (procedure)",
        },
        "performedPeriod": {"start": f"{day}T10:00:00-04:00", "end": f"{day}T10:30:00-04:00"},
    }
    profile = _one_resource_profile(course)
    assert profile.conditions == [f"history of Teleradiotherapy procedure (radiotherapy) ({day})"]
    criterion = criterion_of("NCT04862663", "Radiotherapy within 2 weeks")
    assert judge(criterion, extract_facts(profile, TODAY)).status == "met"
    old = _one_resource_profile(
        {**course, "performedPeriod": {"start": "2024-05-02T10:00:00-04:00"}}
    )
    # A course long ago does not meet it (a later one may be unrecorded: not "not met").
    assert judge(criterion, extract_facts(old, TODAY)).status != "met"
