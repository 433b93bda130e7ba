"""A value whose standard definition names a diagnosis states that diagnosis (issue 12).

A coordinator reads "her blood pressure is 80/60" as hypotension and "a hemoglobin (Hb) of
9.0 g/dL" in a pregnant woman as anaemia: the value is the diagnosis's definition (systolic
< 90 mmHg from ten years on, PALS/ATLS; haemoglobin < 105 g/L, the lowest WHO cut-off from
six months on). The thresholds are data (``note_measured_concepts`` in
``data/screening_rules.json``, each with its source); below the age a definition holds from,
nothing is read (an infant's haemoglobin nadir, a child's lower normal blood pressure).
"""

from __future__ import annotations

from conftest import shared_path
from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import CriterionResult, match_trial

# TrialGPT development-half notes (SIGIR 2014-11 and 2015-14), as written.
SHOCKED = (
    "A 40-year-old woman with no past medical history presents to the ER with excruciating "
    "pain in her right arm that had started 1 hour prior to her admission. She denies trauma. "
    "On examination she is pale and in moderate discomfort, as well as tachypneic and "
    "tachycardic. Her body temperature is normal and her blood pressure is 80/60."
)
PREGNANT = (
    "A 27-year-old woman at 11 weeks gestation in her second pregnancy is found to have a "
    "hemoglobin (Hb) of 9.0 g/dL, white blood cell count 6.3 x 109/L, platelet count 119 x "
    "109/L, mean corpuscular volume 109 fL. Further investigations reveal mild iron deficiency."
)
# Chia exclusions (file, line): NCT03044561 "Hypotension.", NCT03249272 "Hypotension".
EXCLUSIONS = (("NCT03044561", 4), ("NCT03249272", 8))


def _round_judgement(round_name: str, patient: str, nct_id: str, start: str) -> CriterionResult:
    trial = parse_trial_criteria(_any_trial(nct_id))
    return _criterion(match_trial(trial, _round_patient(round_name, patient)), start)


def test_a_systolic_pressure_below_90_is_hypotension() -> None:
    patient = facts(age=40, sex="female", note=SHOCKED)
    chia = shared_path("data/chia/chia_with_scope")
    lines = [(chia / f"{nct_id}_exc.txt").read_text().splitlines()[n] for nct_id, n in EXCLUSIONS]
    assert lines == ["Hypotension.", "Hypotension"]
    for text in lines:
        judgement = judged(text, "exclusion", patient)
        assert judgement.status == "met", judgement.reason


def test_a_haemoglobin_below_the_who_limit_is_anaemia() -> None:
    present, _ = facts(age=27, sex="female", note=PREGNANT).concept_facts("anemia")
    assert present


def test_below_the_age_a_definition_holds_from_nothing_is_read() -> None:
    """A two-month-old's haemoglobin of 10 g/dL is within the physiological nadir; a
    five-year-old's systolic of 85 mmHg is above the PALS limit (70 + 2 × age)."""
    infant = facts(age=2 / 12, sex="male", note="2-month-old boy, Hb 10 g/dL.")
    assert not infant.concept_facts("anemia")[0]
    child = facts(age=5, sex="female", note="5-year-old girl. BP 85/50, HR 110.")
    assert judged("Hypotension", "exclusion", child).status != "met"


def test_a_value_within_the_definition_states_nothing() -> None:
    patient = facts(age=60, sex="male", note="60M. BP 128/76, Hb 14.1 g/dL, BMI 24.")
    assert judged("Hypotension", "exclusion", patient).status != "met"
    assert not patient.concept_facts("anemia")[0]
    assert not patient.concept_facts("obesity")[0]


def test_a_criterion_writing_its_own_limit_is_judged_by_it() -> None:
    """NCT04111133 "Anemia Hb < 8gm/dl" for round ten's patient with a haemoglobin of
    10.2 g/dL: anaemia by the WHO's cut-off, but not the anaemia the criterion defines."""
    judgement = _round_judgement(
        "ten", "alcohol cirrhosis with diastolic dysfunction", "NCT04111133", "Anemia Hb < 8gm/dl"
    )
    assert judgement.status != "met", judgement.reason


def test_sickle_cell_anaemia_is_sickle_cell_disease_not_any_anaemia() -> None:
    """TrialGPT development pair 787 (SIGIR 2015-14, anaemic in pregnancy): "Reported medical
    history suggestive of sickle cell anaemia, epilepsy, diabetes" asks for sickle cell
    disease, which her note does not name."""
    text = "Reported medical history suggestive of sickle cell anaemia, epilepsy, diabetes"
    patient = facts(age=27, sex="female", note=PREGNANT)
    assert judged(text, "exclusion", patient).status != "met"


def test_a_recorded_value_entails_the_diagnosis_as_a_noted_one_does() -> None:
    """A form's or a FHIR record's measurements are read by the same definitions."""
    recorded = facts(age=50, sex="male", measurements={"hemoglobin": "9.5 g/dL", "sbp": "85 mmHg"})
    assert judged("Anemia", "exclusion", recorded).status == "met"
    assert judged("Hypotension", "exclusion", recorded).status == "met"
