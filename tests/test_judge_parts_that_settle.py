"""Definite answers a coordinator sees, left by the fifth round of hand-written patients.

A criterion's parts settle it as a coordinator reads them: a denied "A or B" asks for
neither, so it fails on A alone; a false age that says whom an exclusion is about leaves
the rest nothing to apply to; "poorly controlled" is uncontrolled; "active or prior" asks
for either. The criteria are real registry text (``../shared``) and the patients are the
fifth round's (``data/hand_written_patients_five.json``), judged as ``match --trial`` does.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import CriterionResult, match_trial


def _fifth_round(patient: str, nct_id: str, start: str) -> CriterionResult:
    result = match_trial(parse_trial_criteria(_any_trial(nct_id)), _round_patient("five", patient))
    return _criterion(result, start)


def test_a_denied_list_of_treatments_fails_on_one_the_patient_has() -> None:
    """NCT06350097 "must not have received prior EGFR TKIs or other systemic therapy for
    Stage IIIB, IIIC or IV NSCLC": the NSCLC says which therapy; osimertinib is an EGFR TKI."""
    criterion = _fifth_round(
        "EGFR lung cancer on osimertinib with ILD",
        "NCT06350097",
        "Participants must not have received prior EGFR TKIs",
    )
    assert criterion.status == "not_met", criterion.reason
    assert "osimertinib" in criterion.reason.lower() or "egfr tki" in criterion.reason.lower()
    patient = facts(age=67, sex="male", note="67M, NSCLC stage IIIC, on osimertinib since Oct.")
    judgement = judged("No prior EGFR TKIs or other systemic therapy", "inclusion", patient)
    assert judgement.status == "not_met", judgement.reason


def test_a_denied_list_is_met_only_when_none_of_it_was_given() -> None:
    """The fifth round's untreated EGFR patient still meets it (pinned there); an untreated
    note that names neither leaves it to the study team."""
    untreated = _fifth_round(
        "EGFR lung adenocarcinoma", "NCT06350097", "Participants must not have received prior"
    )
    assert untreated.status == "met", untreated.reason
    patient = facts(age=60, sex="male", note="60M, NSCLC stage IV, EGFR exon 19 deletion.")
    judgement = judged("No prior EGFR TKIs or other systemic therapy", "inclusion", patient)
    assert judgement.status == "unknown", judgement.reason


def test_a_false_age_of_an_exclusions_population_settles_it() -> None:
    """NCT03633708 "Subjects aged 28 days to 6 months of age who were born prematurely at
    < 36 weeks gestational age": a 3-year-old is not one of those subjects."""
    criterion = _fifth_round(
        "toddler on peritoneal dialysis", "NCT03633708", "Subjects aged 28 days to 6 months"
    )
    assert criterion.status == "not_met", criterion.reason
    assert "Age 3 years" in criterion.reason


def test_an_age_written_as_an_alternative_does_not_settle_an_exclusion() -> None:
    """ "Age over 75 years or ECOG performance status of 2 or more": each excludes alone."""
    patient = facts(age=50, sex="male", note="50M, NSCLC. ECOG 3.")
    text = "Age over 75 years or ECOG performance status of 2 or more"
    assert judged(text, "exclusion", patient).status == "met"


def test_poorly_controlled_is_uncontrolled() -> None:
    """NCT03671044 "Uncontrolled diabetes or infection." for the fifth round's "Type 1
    diabetes, poorly controlled" (its note has the HbA1c between the two, a scope the context
    stage does not reach yet)."""
    trial = parse_trial_criteria(_any_trial("NCT03671044"))
    for note in ("Type 1 diabetes, poorly controlled, HbA1c 11.2%.", "Poorly controlled T1DM."):
        patient = facts(age=45, sex="female", note=f"45 yo F, breast cancer. {note}")
        criterion = _criterion(match_trial(trial, patient), "Uncontrolled diabetes or infection.")
        assert criterion.status == "met", (note, criterion.reason)
    well = facts(age=50, sex="female", note="Type 2 diabetes, well controlled on metformin.")
    assert judged("Uncontrolled diabetes.", "exclusion", well).status == "not_met"


def test_active_or_prior_asks_for_either() -> None:
    """NCT06079671 "Active or prior documented autoimmune or inflammatory disorders" for a
    FHIR record with systemic lupus erythematosus."""
    criterion = _fifth_round(
        "cervical cancer with lupus (FHIR)", "NCT06079671", "Active or prior documented autoimmune"
    )
    assert criterion.status == "met", criterion.reason
    past = facts(age=50, sex="female", note="History of rheumatoid arthritis, in remission.")
    text = "Active or prior documented autoimmune disease."
    assert judged(text, "exclusion", past).status == "met"
    # A qualifier with no "or" to a time still has to be stated.
    assert judged("Active autoimmune disease.", "exclusion", past).status != "met"


def test_reasons_write_marker_results_as_clinicians_do_and_once() -> None:
    """ "estrogen receptor-positive (ER+), HER2-negative (HER2-) tumor": each result once,
    written "ER-positive", not "er positive"."""
    text = "Documented estrogen receptor-positive (ER+), HER2-negative (HER2-) tumor."
    patient = facts(age=50, sex="female", note="50F, breast cancer, on letrozole.")
    reason = judged(text, "inclusion", patient).reason
    assert "ER-positive and HER2-negative" in reason, reason
    assert reason.count("ER-positive") == 1, reason


def test_a_condition_counted_only_when_it_needed_a_treatment_needs_that_treatment() -> None:
    """NCT06627647 "Active or prior documented autoimmune or inflammatory disorders requiring
    chronic treatment with steroids or other immunosuppressive treatment": mild psoriasis
    with no such treatment leaves it to the study team; prednisone settles it."""
    text = (
        "Active or prior documented autoimmune or inflammatory disorders requiring chronic "
        "treatment with steroids or other immunosuppressive treatment."
    )
    mild = facts(age=63, sex="male", note="History of hypothyroidism and mild psoriasis.")
    judgement = judged(text, "exclusion", mild)
    assert judgement.status == "unknown", judgement.reason
    assert "treatment" in judgement.reason, judgement.reason
    treated = facts(age=50, sex="female", note="Rheumatoid arthritis on prednisone 10 mg daily.")
    assert judged(text, "exclusion", treated).status == "met"


def test_exceptions_not_written_in_the_criterion_leave_it_to_the_study_team() -> None:
    """NCT06357533 "Active or prior documented autoimmune or inflammatory disorders (with
    exceptions)": which disorders are let off is the protocol's."""
    text = "Active or prior documented autoimmune or inflammatory disorders (with exceptions)"
    mild = facts(age=63, sex="male", note="History of hypothyroidism and mild psoriasis.")
    judgement = judged(text, "exclusion", mild)
    assert judgement.status == "unknown", judgement.reason
    assert "exceptions" in judgement.reason


def test_an_age_range_after_for_subjects_says_whom_a_threshold_is_for() -> None:
    """NCT03633708 "Serum cCa value ≥ 9.0 mg/dL … for subjects ≥ 2 years of age and older and
    serum cCa value ≥ 9.6 mg/dL … for subjects 28 days to < 2 years of age": neither age is
    a limit the patient must meet, so a 9-year-old is not failed by "< 2 years"."""
    criterion = _fifth_round(
        "child on haemodialysis with SHPT", "NCT03633708", "Serum cCa value ≥ 9.0 mg/dL"
    )
    assert criterion.status != "not_met", criterion.reason
    assert "< 2 years" not in criterion.reason


def test_a_man_meets_a_criterion_that_ends_or_male() -> None:
    """NCT06326047 "Female of non-childbearing potential, or male.": a man is its second
    alternative, not someone it does not apply to."""
    criterion = _fifth_round(
        "type 2 diabetes on two tablets", "NCT06326047", "Female of non-childbearing potential"
    )
    assert criterion.status == "met", criterion.reason
    woman = facts(age=30, sex="female", note="30F, type 2 diabetes.")
    assert judged("Female of non-childbearing potential, or male.", "inclusion", woman).status != (
        "met"
    )


def test_a_woman_past_childbearing_age_is_not_the_female_arm_of_an_or_male_criterion() -> None:
    """ "Female of childbearing potential using contraception …, or male": the sex alternative
    names both sexes, yet a woman of 62 is neither arm — not about her, never met because she
    gave consent; a man meets the criterion through its other choice."""
    text = (
        "Female of childbearing potential who agree to use highly effective contraception "
        "during the study, or male."
    )
    older = facts(age=62, sex="female", note="62F, type 2 diabetes. Consent given.")
    assert judged(text, "inclusion", older).status == "not_applicable"
    man = facts(age=50, sex="male", note="50M, type 2 diabetes.")
    assert judged(text, "inclusion", man).status == "met"


# NCT05296798, exclusion: the NCI template's HIV exception.
_HIV_WITH_EXCEPTION = (
    "Concurrent, serious, uncontrolled infections, or known infection with HIV with the following "
    "exception: Individuals who are HIV positive are eligible provided they are stable on "
    "anti-retroviral therapy for ≥4 weeks, have a CD4 count ≥350 cells/uL, and have an "
    "undetectable viral load and no history of AIDS-defining opportunistic infections within "
    "12 months prior to enrollment."
)


def test_an_exclusions_exception_lets_off_a_patient_who_meets_its_conditions() -> None:
    """The exception's CD4 and viral load are what lets a person with HIV in, not what
    excludes: CD4 520 with an undetectable load is let off (it met the exclusion on the CD4);
    CD4 200 is not; a load not given leaves it to the study team."""
    note = "HIV since 2012 on Biktarvy, CD4 {cd4}, viral load {load}, no AIDS-defining illness."
    let_off = facts(age=44, sex="female", note=note.format(cd4=520, load="undetectable"))
    judgement = judged(_HIV_WITH_EXCEPTION, "exclusion", let_off)
    assert judgement.status == "not_met", judgement.reason
    low = facts(age=44, sex="female", note=note.format(cd4=200, load="undetectable"))
    assert judged(_HIV_WITH_EXCEPTION, "exclusion", low).status == "met"
    silent = facts(age=44, sex="female", note="HIV since 2012 on Biktarvy, CD4 520.")
    assert judged(_HIV_WITH_EXCEPTION, "exclusion", silent).status == "unknown"
