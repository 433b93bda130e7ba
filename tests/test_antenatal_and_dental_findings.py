"""Issue 12: findings and devices a note states, read on both sides.

An antenatal note's examination ("Cephalic, 3/5 palpable", "the baby is head down", "anatomy
normal at 20-week scan", "40 weeks and 5 days by the scan", "myomectomy in 2022") and a
periodontist's ("No dentures, no orthodontic appliance", "I have removable denture (plate)")
were left to the study team: the lexicon had no cephalic or breech presentation, fetal anomaly,
uterine scar, denture, orthodontic appliance or contact lenses (``data/criteria/concepts.json``,
each with its MeSH source), and the patient reader no weeks and days written out nor a normal
anomaly scan (``obstetric_note_words`` of ``data/screening_rules.json``). Criteria are real
trials' text: round twenty-seven's induction of labour (NCT05696574), periodontitis
(NCT05698823) and dry eye (NCT05695781) trials, and others quoted where used.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from test_obstetric_states import _judged_facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import match_trial
from trialfinder.patient import PatientFacts

_INDUCTION = "NCT05696574"
_FIRST = (
    "first pregnancy at 41+2 weeks, cephalic, Bishop 4, reactive NST, no medical problems, "
    "obstetrician's note"
)
_HUSBAND = (
    "first baby at 40 weeks 5 days, gestational diabetes on insulin, estimated 4.3 kg, "
    "myomectomy in 2022, husband's message"
)
_PERIODONTAL = "NCT05698823"
_STAGE_III = (
    "generalised periodontitis stage III grade B, 26 teeth, ex-smoker, root planing in "
    "January, periodontist's note"
)
_STAGE_IV = (
    "periodontitis stage IV grade C, 18 teeth and an implant, smoker, metformin, deep cleaning "
    "in September, patient writing in her second language"
)


def _round_status(trial: str, patient: str, criterion: str) -> tuple[str, str]:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient("twentyseven", patient)
    )
    found = _criterion(result, criterion)
    return found.status, found.reason


def _pregnant(note: str) -> PatientFacts:
    return facts(age=30, sex="female", note=note)


@pytest.mark.parametrize(
    ("patient", "criterion", "expected"),
    [
        # "Cephalic, 3/5 palpable." and "The midwife says the baby is head down."
        (_FIRST, "Cephalic presentation.", "met"),
        (_HUSBAND, "Cephalic presentation.", "met"),
        # "G1P0, singleton pregnancy at 41 weeks + 2 days".
        (_FIRST, "Single living pregnancy.", "met"),
        # "anatomy normal at 20-week scan", "The 20-week scan was all normal."
        (_FIRST, "Fetal anomalies.", "not_met"),
        (_HUSBAND, "Fetal anomalies.", "not_met"),
        # "no previous surgery of any kind"; "an operation to remove fibroids from her womb
        # (myomectomy) in 2022".
        (_FIRST, "Previous uterine scar.", "not_met"),
        (_HUSBAND, "Previous uterine scar.", "met"),
        # "EFW 3.6 kg (50th centile)".
        (_FIRST, "Fetal macrosomia (>4 Kg).", "not_met"),
        # "40 weeks and 5 days by the scan".
        (_HUSBAND, "Gestational age: at or beyond completed 41 weeks", "not_met"),
    ],
)
def test_an_antenatal_notes_examination_answers_the_induction_trial(
    patient: str, criterion: str, expected: str
) -> None:
    status, reason = _round_status(_INDUCTION, patient, criterion)
    assert status == expected, reason


def test_a_breech_presentation_rules_out_a_cephalic_one() -> None:
    # Cephalic and breech presentation exclude each other (disjoint_concepts).
    breech = _pregnant("38 weeks pregnant. Breech presentation confirmed on scan today.")
    status, reason = _judged_facts("Cephalic presentation.", breech, "inclusion")
    assert status == "not_met", reason
    # NCT03930134: "dystocic presentation" among the exclusions; breech asked outright.
    status, reason = _judged_facts("Breech presentation", breech, "exclusion")
    assert status == "met", reason


def test_a_cephalic_vein_is_no_presentation() -> None:
    status, reason = _judged_facts(
        "Cephalic presentation.",
        _pregnant("36 weeks pregnant. Cannula in the left cephalic vein."),
        "inclusion",
    )
    assert status == "unknown", reason


@pytest.mark.parametrize(
    ("note", "weeks"),
    [
        ("Singleton pregnancy at 41 weeks + 2 days by LMP.", 41 + 2 / 7),
        ("Expecting our first baby. Today she is 40 weeks and 5 days by the scan.", 40 + 5 / 7),
    ],
)
def test_a_pregnancys_weeks_and_days_written_out_are_its_gestational_age(
    note: str, weeks: float
) -> None:
    patient = _pregnant(note)
    assert patient.gestational_weeks == pytest.approx(weeks)


@pytest.mark.parametrize(
    "note",
    [
        # A duration, not a gestational age.
        "Pregnant. Cough for 2 weeks and 3 days.",
        "Postnatal check: baby born 6 weeks and 2 days ago.",
        # Weeks and days in a note about no pregnancy.
        "Wound healing well 3 weeks and 2 days after the hernia repair.",
    ],
)
def test_weeks_and_days_of_a_duration_are_no_gestational_age(note: str) -> None:
    assert _pregnant(note).gestational_weeks is None


def test_at_or_beyond_a_gestational_age_is_a_lower_bound() -> None:
    # NCT05696574: "Gestational age: at or beyond completed 41 weeks".
    constraints, _ = parse_criterion("Gestational age at or beyond 41 weeks", "inclusion")
    assert [(c.comparator, c.value) for c in constraints] == [(">=", 41.0)]  # type: ignore[union-attr]


def test_an_anomaly_scan_with_a_finding_denies_no_anomaly() -> None:
    status, reason = _judged_facts(
        "Fetal anomalies.",
        _pregnant("32 weeks pregnant. Anatomy scan normal apart from an echogenic focus."),
        "exclusion",
    )
    assert status == "unknown", reason


def test_a_caesarean_leaves_a_uterine_scar() -> None:
    # NCT03930134: "corporal uterine scar" among the causes of a scarred uterus.
    status, reason = _judged_facts(
        "Uterine scar",
        _pregnant("Now 39 weeks pregnant. Caesarean section in 2021 for breech."),
        "exclusion",
    )
    assert status == "met", reason


@pytest.mark.parametrize(
    ("patient", "expected"),
    [
        # "No dentures, no orthodontic appliance."
        (_STAGE_III, "not_met"),
        # "I have removable denture (plate) for upper teeth in front."
        (_STAGE_IV, "met"),
    ],
)
def test_dentures_and_orthodontic_appliances_are_read_from_the_dental_note(
    patient: str, expected: str
) -> None:
    status, reason = _round_status(
        _PERIODONTAL, patient, "Removable major prosthesis or major orthodontic appliance"
    )
    assert status == expected, reason


@pytest.mark.parametrize(
    ("text", "note", "expected"),
    [
        # NCT05594173: "Current use of dentures".
        ("Current use of dentures", "Wears a full upper denture.", "met"),
        ("Current use of dentures", "No dentures; all her own teeth.", "not_met"),
        # NCT00739778: "Presence of orthodontic appliances."
        ("Presence of orthodontic appliances.", "Fixed braces on both arches since May.", "met"),
    ],
)
def test_a_dental_appliance_is_read_on_both_sides(text: str, note: str, expected: str) -> None:
    status, reason = _judged_facts(text, facts(age=40, sex="male", note=note), "exclusion")
    assert status == expected, reason


def test_a_criterion_on_contact_lenses_names_them() -> None:
    # NCT05695781: the window is the study team's when the note does not date the last wear.
    status, reason = _round_status(
        "NCT05695781",
        "dry eye for six years on hyaluronate drops, quiet lids at slit lamp, LASIK in 2009, "
        "postmenopausal, ophthalmologist's note",
        "Have worn contact lenses within 7 days",
    )
    assert status == "unknown", reason
    assert "contact lenses" in reason


_MRI_TRIAL = "NCT01511679"


@pytest.mark.parametrize(
    ("patient", "expected"),
    [
        # "He has a fixed brace on his teeth until next summer."
        (
            "fifteen-year-old boy with a fixed brace on his teeth and controlled asthma, in his "
            "mother's words",
            "met",
        ),
        # "No metal implants, no brace."
        (
            "nineteen-year-old who had a baby five months ago, claustrophobic, suicidal thoughts "
            "referred to the crisis team today, GP note",
            "not_met",
        ),
    ],
)
def test_braces_and_embedded_metal_are_read_for_an_mri_study(patient: str, expected: str) -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial(_MRI_TRIAL)), _round_patient("twentyfive", patient)
    )
    found = _criterion(result, "braces or unremovable embedded metal")
    assert found.status == expected, found.reason


@pytest.mark.parametrize(
    "note",
    [
        "Wears a knee brace for an old ligament injury.",
        "Back brace for scoliosis since age 12.",
    ],
)
def test_an_orthotic_brace_is_no_orthodontic_appliance(note: str) -> None:
    status, reason = _judged_facts(
        "braces or unremovable embedded metal", facts(age=16, sex="male", note=note), "exclusion"
    )
    assert status == "unknown", reason


def test_no_appliances_now_denies_an_orthodontic_appliance() -> None:
    # Round thirteen, NCT00739778 "Presence of orthodontic appliances.": "Fixed orthodontic
    # retainer removed in 2020, no appliances now."
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT00739778")),
        _round_patient("thirteen", "student with recent caries, dental screening"),
    )
    found = _criterion(result, "Presence of orthodontic appliances")
    assert found.status == "not_met", found.reason
