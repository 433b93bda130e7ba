"""Organ-function exclusions a note's normal values or denials answer (issue 12;
organ-function-alternatives): a class that grades one disease against a note denying the
disease, and a condition written with the value that defines it against a value that fails
the definition.

Each test is one behaviour on the real criterion text of a trial in ``../shared`` (API v2
studies), against a patient written as a GP writes.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from test_judge_fixes import _criterion_text

# --- A class that grades one disease, the disease denied -------------------------------------


def test_a_denied_heart_failure_answers_a_nyha_class_exclusion() -> None:
    """The NYHA classes grade heart failure only (AHA: the NYHA functional classification
    places patients with heart failure in one of four classes): a patient with no heart
    failure has no NYHA class II or worse. NCT03165734 'New York Heart Association Class
    II, III, or IV congestive heart failure'; NCT04175379 'patients with heart failure
    (NYHA class III~IV)'."""
    patient = facts(note="68F, hypertension. No heart failure; echo LVEF 60%.")
    for text in (
        _criterion_text("NCT03165734", "New York Heart Association Class II, III, or IV"),
        "patients with heart failure (NYHA class III~IV)",
    ):
        result = judged(text, "exclusion", patient)
        assert result.status == "not_met", (text, result.reason)
        assert "heart failure" in result.reason


def test_a_nyha_class_stays_open_when_the_note_is_silent_on_heart_failure() -> None:
    """Only a denial answers: a note silent on heart failure gives no NYHA class."""
    patient = facts(note="68F, hypertension. Echo LVEF 60%.")
    text = _criterion_text("NCT03165734", "New York Heart Association Class II, III, or IV")
    assert judged(text, "exclusion", patient).status != "not_met"


def test_a_denied_heart_failure_fails_no_inclusion_listing_the_class_among_others() -> None:
    """An inclusion may list the class as one alternative of several (NCT04892173, the
    cisplatin-ineligible: '… Eastern Cooperative Oncology Group (ECOG) Performance Status 2
    or New York Heart Association Class 3'): the denial answers exclusions only."""
    text = (
        "Estimated creatinine clearance >= 30 and less than (<) 50 milliliters/minute (mL/min) "
        "(per Cockcroft-Gault equation), Grade >= 2 hearing loss or tinnitus, Grade >= 2 "
        "peripheral neuropathy, Eastern Cooperative Oncology Group (ECOG) Performance Status 2 "
        "or New York Heart Association Class 3"
    )
    patient = facts(note="65M with no history of heart failure.")
    assert judged(text, "inclusion", patient).status != "not_met"


def test_a_denied_heart_failure_does_not_fail_a_nyha_upper_limit() -> None:
    """ "NYHA class ≤ II" asks no heart failure worse than class II: a denial of heart
    failure does not fail it (it is not read as a class of zero)."""
    patient = facts(note="68F, hypertension. No heart failure.")
    assert judged("NYHA class ≤ II", "inclusion", patient).status != "not_met"


# --- An organ's dysfunction against the note's values of its key tests ----------------------


def test_normal_values_of_the_livers_key_tests_answer_a_hepatic_dysfunction_exclusion() -> None:
    """A bilirubin and an ALT inside their usual ranges write the liver's function normal, as
    "LFTs normal" does: NCT06760637 'Inadequate renal function, hepatic dysfunction, or
    hematologic abnormalities' and NCT05686993 'Severe hepatic or renal insufficiency' are
    not met on the hepatic side."""
    patient = facts(note="54M. Bilirubin 9 umol/L, ALT 22 U/L, creatinine 80 umol/L.")
    result = judged("Severe hepatic or renal insufficiency", "exclusion", patient)
    assert result.status == "not_met", result.reason
    assert "liver's function is normal" in result.reason
    text = _criterion_text("NCT06760637", "Inadequate renal function, hepatic dysfunction")
    result = judged(text, "exclusion", patient)
    assert "no hepatic dysfunction" in result.reason, result.reason


def test_a_key_test_missing_or_past_its_range_leaves_hepatic_dysfunction_open() -> None:
    """Every key test must be given inside its range: an ALT alone, or a raised bilirubin,
    says nothing of the liver's function as a whole."""
    for note in ("54M. ALT 22 U/L.", "54M. Bilirubin 40 umol/L, ALT 22 U/L."):
        result = judged("Hepatic dysfunction", "exclusion", facts(note=note))
        assert result.status != "not_met", (note, result.reason)


def test_a_structural_disease_beside_an_impairment_is_not_settled_by_normal_tests() -> None:
    """The shared head is read for an organ's word alone: in NCT05380245 'Having any
    pathology like chronic renal disease, and hepatic impairment was excluded from the
    study.' the renal disease has its own head, and normal U&Es say nothing of it."""
    patient = facts(note="50F. U&E all within normal limits.")
    text = (
        "Having any pathology like chronic renal disease, and hepatic impairment was "
        "excluded from the study."
    )
    assert "so no renal disease" not in judged(text, "exclusion", patient).reason


# --- Severe impairment against a value above its band ---------------------------------------


def test_an_egfr_above_the_severe_band_answers_a_severe_renal_dysfunction_exclusion() -> None:
    """Severe renal impairment is an eGFR (or creatinine clearance) of 15-29 mL/min (FDA
    guidance, Pharmacokinetics in Patients with Impaired Renal Function, 2020; KDIGO G4): an
    eGFR of 68 is impaired, but not severely. NCT05697185 'Severe hepatic or renal
    dysfunction'; NCT05686993 'Severe hepatic or renal insufficiency'."""
    patient = facts(note="61F. eGFR 68 mL/min/1.73m2. No liver disease.")
    for text in ("Severe hepatic or renal dysfunction", "Severe hepatic or renal insufficiency"):
        result = judged(text, "exclusion", patient)
        assert result.status == "not_met", (text, result.reason)
        assert "severe" in result.reason


def test_an_egfr_in_the_severe_band_or_an_unqualified_dysfunction_stays_open() -> None:
    """An eGFR of 25 is severe impairment; "renal dysfunction" with no severity is met by
    an eGFR of 68 as much as not: neither is answered not met by the severe band."""
    patient = facts(note="61F. eGFR 25 mL/min/1.73m2.")
    assert judged("Severe renal dysfunction", "exclusion", patient).status != "not_met"
    patient = facts(note="61F. eGFR 68 mL/min/1.73m2.")
    assert judged("Renal dysfunction", "exclusion", patient).status != "not_met"
