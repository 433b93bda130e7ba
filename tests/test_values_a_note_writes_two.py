"""Values a note writes that the reader used to miss, round ten: a blood pressure named by its
measurement's abbreviation ("AOBPM avg 176/98"), a time word between a value and its name
("BMI now 41.2"), a gestational age in weeks and days ("35+4 weeks"), a child's weight written
bare ("11.8 kg") and a fetal weight given as its centile ("EFW 2nd centile").

Each is checked on the real criterion of a reference trial against round ten's hand-written
patient, the coordinator's answer being the expected one.
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_values_a_note_writes import _note_values, _round_answer
from trialfinder.criteria.parse import parse_criterion


def test_a_blood_pressure_named_by_its_measurement_s_abbreviation_is_read() -> None:
    """ "AOBPM avg 176/98" (automated office blood pressure measurement) is a systolic of 176
    and a diastolic of 98, as "BP 176/98" is: NCT06344104's "Mean seated SBP on AOBPM ≥ 170"
    is met and the 98 is below its "Mean seated DBP on AOBPM ≥ 105"."""
    patient = "hypertension with hyponatraemia, GP note"
    systolic = _round_answer("ten", patient, "NCT06344104", "Mean seated SBP on AOBPM ≥ 170")
    assert systolic.status == "met", systolic.reason
    diastolic = _round_answer("ten", patient, "NCT06344104", "Mean seated DBP on AOBPM ≥ 105")
    # The criterion's other words stay the study team's; the value itself is read and below.
    assert "Diastolic blood pressure 98 mmHg is below the required ≥ 105" in diastolic.reason
    for note in ("ABPM daytime mean 148/92.", "HBPM average 151/89 over 7 days."):
        values = _note_values(note)
        assert values.get("systolic_bp") in (148.0, 151.0), note
    # "bpm" (beats a minute) names no pressure: a score out of 15 stays no pressure.
    assert "systolic_bp" not in _note_values("Pulse 72 bpm, GCS 14/15.")


def test_a_time_word_between_a_value_and_its_name_keeps_the_value() -> None:
    """Round ten's "weight regain, BMI now 41.2" against NCT06035874's "BMI >40" (met)."""
    answer = _round_answer(
        "ten", "type 2 diabetes after sleeve gastrectomy, GP note", "NCT06035874", "BMI >40"
    )
    assert answer.status == "met", answer.reason
    assert _note_values("HbA1c currently 58 mmol/mol.").get("hba1c") is not None


def test_weeks_and_days_of_gestation_are_read() -> None:
    """ "35+4 weeks by dating scan" is 35 weeks and 4 days, inside NCT04766866's "35.0-36.6
    weeks of gestation"; "twins, 34+2 weeks" is before it."""
    start = "35.0-36.6 weeks of gestation"
    inside = _round_answer("ten", "nulliparous woman at 35 weeks", "NCT04766866", start)
    assert inside.status == "met", inside.reason
    before = _round_answer("ten", "twin pregnancy with growth restriction", "NCT04766866", start)
    assert before.status == "not_met", before.reason
    assert facts(note="G2P1 at 28+0 weeks.").gestational_weeks == 28


def test_a_weight_written_bare_among_the_opening_words_is_the_body_weight() -> None:
    """Round ten's toddler, "2 yr 2 mo girl (26 months), 11.8 kg, B-ALL": the bare 11.8 kg is
    her weight, below NCT03118986's "Body weight of at least 12.5 kg" (not met)."""
    assert _note_values("58M, 82 kg, T2DM on metformin.")["body_weight"] == 82.0
    toddler = "toddler with ALL for cyclophosphamide"
    answer = _round_answer("ten", toddler, "NCT03118986", "Body weight of at least")
    assert (answer.status, "11.8 kg" in answer.reason) == ("not_met", True), answer.reason


def test_a_mass_that_is_not_a_list_item_of_its_own_is_no_body_weight() -> None:
    """A change ("lost 10 kg, appetite poor"), a dose per kilogram and another body mass are
    not the patient's weight."""
    assert "body_weight" not in _note_values("He has lost 10 kg, appetite poor.")
    assert "body_weight" not in _note_values("Enoxaparin 1 mg/kg twice daily.")
    assert "body_weight" not in _note_values("BMI 30 kg/m2, lean body mass 50 kg.")


def test_a_member_named_before_the_pressure_s_method_owns_the_value() -> None:
    """NCT06344104's "Mean seated SBP on automated office blood pressure measurement (AOBPM)
    ≥ 140": the value is the systolic pressure named first, "blood pressure measurement" only
    says how it is taken; round ten's "AOBPM avg 176/98" meets its value (the "mean seated"
    method words stay the study team's)."""
    start = "Mean seated SBP on automated office blood pressure measurement (AOBPM) ≥ 140"
    patient = "hypertension with hyponatraemia, GP note"
    answer = _round_answer("ten", patient, "NCT06344104", start)
    assert answer.status != "not_met", answer.reason
    assert "Systolic blood pressure 176 mmHg meets the required ≥ 140" in answer.reason
    # Values already named for each member keep their own ("SBP > 150 or BP > 160/100").
    assert [m.analyte for m in parse_criterion("SBP > 150 or BP > 160/100", "inclusion")[0]] == [
        "systolic_bp",
        "systolic_bp",
        "diastolic_bp",
    ]
