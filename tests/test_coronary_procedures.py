"""Issue 12 item 4: coronary procedures a record or a note states (PCI, stents, CABG, coronary
angiography, cardiac catheterisation) are read as the lexicon's procedures, dated, on both
sides, so "PTCA, or CABG within the preceding 6 months" is judged by their days."""

from __future__ import annotations

import datetime

from test_fhir import SYNTHEA, TODAY, _one_resource_profile
from test_judge_general import criterion_of, written
from trialfinder.criteria.parse import find_concepts
from trialfinder.match import judge
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.patient_input import read_cohort

# TrialGPT criterion annotations, NCT00149227 (KYOTO HEART), exclusion.
RECENT_CORONARY = (
    "History of heart failure, unstable angina, myocardial infarction, PTCA, or CABG within the "
    "preceding 6 months"
)


def _pci(day: datetime.date) -> dict[str, object]:
    display = "Percutaneous coronary intervention (procedure)"
    return {
        "resourceType": "Procedure",
        "status": "completed",
        "code": {
            "coding": [
                {"system": "http://snomed.info/sct", "code": "415070008", "display": display}
            ],
            "text": display,
        },
        "performedPeriod": {"start": f"{day}T10:00:00-04:00", "end": f"{day}T11:00:00-04:00"},
    }


def test_the_synthea_export_s_pci_and_coronary_angiogram_are_dated_procedures() -> None:
    patients = {p.id: p.profile for p in read_cohort(SYNTHEA, print, TODAY)}
    profile = patients["79a66c97-6131-3213-f3c9-4606946ab056"]
    assert "history of Percutaneous coronary intervention (1992-11-05)" in profile.conditions
    assert "history of Angiography of coronary artery (1992-10-29)" in profile.conditions
    concepts = extract_facts(profile, TODAY).condition_concepts
    assert {"percutaneous_coronary_intervention", "coronary_revascularization"} <= set(concepts)
    assert "coronary_angiography" in concepts


def test_a_recorded_pci_within_the_window_meets_a_recent_ptca_exclusion() -> None:
    criterion = written(RECENT_CORONARY, "exclusion")
    recent = _one_resource_profile(_pci(TODAY - datetime.timedelta(days=40)))
    judgement = judge(criterion, extract_facts(recent, TODAY), record_is_complete=True)
    assert judgement.status == "met", judgement.reason
    old = _one_resource_profile(_pci(TODAY - datetime.timedelta(days=800)))
    judgement = judge(criterion, extract_facts(old, TODAY), record_is_complete=True)
    assert judgement.status == "not_met", judgement.reason


def test_a_qualifier_of_an_earlier_listed_disease_does_not_qualify_a_procedure() -> None:
    # "unstable" names the unstable angina; the CABG listed after it is no "unstable CABG".
    criterion = written(RECENT_CORONARY, "exclusion")
    for note in ("66M, CABG 2 months ago.", "66M, s/p PCI to LAD 6 weeks ago."):
        judgement = judge(criterion, extract_facts(PatientProfile(note=note)))
        assert judgement.status == "met", (note, judgement.reason)
        assert "unstable" not in judgement.reason


def test_a_notes_procedure_is_dated_past_its_count_and_target_vessel() -> None:
    for note, concept, year in (
        ("s/p PCI to LAD 2019.", "percutaneous_coronary_intervention", 2019),
        ("PCI to the RCA in March 2021.", "percutaneous_coronary_intervention", 2021),
        ("CABG x3 in 2015.", "coronary_artery_bypass", 2015),
    ):
        facts = extract_facts(PatientProfile(note=note)).facts
        dated = [(f.concept, f.start_year) for f in facts if f.kind == "concept"]
        assert (concept, year) in dated, (note, dated)


def test_a_revascularization_criterion_reads_stents_and_bypass_grafts() -> None:
    # NCT06035874: "revascularization procedure (e.g., stent or bypass graft surgery)".
    criterion = criterion_of(
        "NCT06035874", "Myocardial infarction, unstable angina, pulmonary hypertension"
    )
    asked = {c.concept for c in criterion.constraints if hasattr(c, "concept")}
    assert {"coronary_revascularization", "coronary_artery_bypass"} <= asked
    for note in ("s/p PCI with a drug-eluting stent", "CABG x3", "coronary angioplasty"):
        concepts = extract_facts(PatientProfile(note=note)).condition_concepts
        assert "coronary_revascularization" in concepts, note
    # A bypass graft is still cardiac surgery, as before.
    assert "cardiac_surgery" in extract_facts(PatientProfile(note="CABG x3")).condition_concepts


def test_cardiac_catheterisation_is_read_and_a_bare_cath_is_not() -> None:
    # NCT02682511: "SSc-PAH ... confirmed via previous cardiac catheterization".
    assert [f.concept for f in find_concepts("confirmed via previous cardiac catheterization")] == [
        "cardiac_catheterization"
    ]
    assert [f.concept for f in find_concepts("left heart cath showed 70% LAD stenosis")] == [
        "cardiac_catheterization"
    ]
    assert find_concepts("Foley cath removed") == []


def test_pci_in_its_other_senses_is_no_coronary_intervention() -> None:
    for text in (
        "peritoneal cancer index (PCI) of 12 at laparoscopy",
        "prophylactic cranial irradiation (PCI) after chemoradiation",
        "PCI score 9",
        "peripheral revascularization procedure in 2018",
    ):
        assert not {f.concept for f in find_concepts(text)} & {
            "percutaneous_coronary_intervention",
            "coronary_revascularization",
        }, text


def test_a_procedure_that_confirmed_the_diagnosis_is_not_asked_for_by_itself() -> None:
    # NCT02682511 against a SIGIR-style note: the angiogram is no SSc-PAH, even as a whole record.
    criterion = criterion_of("NCT02682511", "Adults fulfilling the 2013")
    note = "82F with chest pain. Coronary angiography showed no stenosis."
    judgement = judge(criterion, extract_facts(PatientProfile(note=note)), record_is_complete=True)
    assert judgement.status == "unknown", judgement.reason
