"""Values a note writes that the reader used to miss: a multiplier word, a size before its noun,
pack-years spelled short or denied, a weight loss worked out from two weights.

A referral writes numbers the way clinicians speak them ("HIV RNA 1.2 million copies/mL",
"14 mm nodule", "20 pk-yr", "lost 10 kg from 80 kg"); read wrongly, a value far above a
threshold reads as below it. These tests hold the readings against the real criteria of the
reference trials and the hand-written patients' answers.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import CriterionResult, match_trial

_HIV_LOAD_EXCLUSION = "Presenting with a viral load of more than 400 copies/mL prior to enrollment"


def _load_status(note: str) -> tuple[str, str]:
    """NCT05348876's exclusion on an HIV viral load above 400 copies/mL, against ``note``."""
    judgement = judged(_HIV_LOAD_EXCLUSION, "exclusion", facts(note=note))
    return judgement.status, judgement.reason


def test_million_multiplies_the_number_it_follows() -> None:
    """ "1.2 million copies/mL" is 1,200,000 copies/mL, far above 400 — it was read as 1.2 and
    the exclusion as not met (the wrong direction)."""
    status, reason = _load_status("38 year old man with HIV. HIV-1 RNA 1.2 million copies/mL.")
    assert status == "met", reason
    assert "1,200,000" in reason


def test_a_capital_m_after_a_viral_load_is_a_million() -> None:
    """ "2.5M copies/mL", as a lab slip writes it."""
    status, reason = _load_status("38 year old man with HIV. Viral load 2.5M copies/mL.")
    assert status == "met", reason
    assert "2,500,000" in reason


def test_a_load_with_its_qualifier_keeps_the_qualifier() -> None:
    """ "< 20 copies/mL" and "undetectable" stay below 400 (the comparator is kept)."""
    for note in ("HIV viral load < 20 copies/mL.", "HIV viral load undetectable."):
        status, reason = _load_status("38 year old man with HIV. " + note)
        assert status == "not_met", reason


def _note_values(note: str) -> dict[str, float | None]:
    patient = facts(note=note)
    return {
        f.measurement.analyte: f.measurement.canonical_value
        for f in patient.facts
        if f.measurement is not None
    }


def test_a_lesion_size_written_before_its_noun_is_read() -> None:
    """Round nine's "New 14 mm spiculated nodule RUL on CT chest" and "FDG-avid nodes,
    9.2 cm mass": a size before a nodule or mass, with the words that describe it between."""
    assert _note_values("New 14 mm spiculated nodule RUL on CT chest.")["lesion_size"] == 14.0
    assert _note_values("FDG-avid nodes, 9.2 cm mass in the abdomen.")["lesion_size"] == 92.0
    assert _note_values("CT chest: mass 9.2 cm.")["lesion_size"] == 92.0


def test_a_mass_that_is_body_mass_is_no_lesion() -> None:
    """ "body mass index 32", "lean body mass 50 kg": no lesion size."""
    assert "lesion_size" not in _note_values(
        "BMI 30 kg/m2, lean body mass 50 kg, muscle mass 25 kg."
    )
    assert "lesion_size" not in _note_values("Body mass index 32.")


def test_a_nodule_below_the_criterion_s_size_does_not_meet_it() -> None:
    """NCT06923098 "CT thorax with lung lesion more than 10 mm" against round nine's
    rheumatoid-arthritis ILD patient's "8 mm nodule" (the coordinator: not met)."""
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT06923098")),
        _round_patient("nine", "rheumatoid arthritis with ILD on warfarin"),
    )
    answer = _criterion(result, "CT thorax with lung lesion more than 10 mm")
    assert answer.status == "not_met", answer.reason
    assert "8 mm" in answer.reason


_PACK_YEARS_ITEM = "non-smoker / for ex-smokers with 10 pack x years or less of smoking"


def _round_answer(round_name: str, patient: str, trial: str, start: str) -> CriterionResult:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient(round_name, patient)
    )
    return _criterion(result, start)


def test_pack_years_spelled_pack_x_years_or_pk_yr_are_read() -> None:
    """NCT05381714's "10 pack x years or less" against round nine's ex-smoker of 12
    pack-years (the coordinator: the patients' cohort is not met); a note's "20 pk-yr"."""
    answer = _round_answer(
        "nine", "young man after admission for COVID", "NCT05381714", "Patients:"
    )
    assert answer.status == "not_met", answer.reason
    assert "12 pack-years is above the required ≤ 10 pack-years" in answer.reason
    assert _note_values("Former smoker, 20 pk-yr, quit 2015.")["pack_years"] == 20.0


def test_a_note_that_denies_smoking_is_zero_pack_years() -> None:
    """Round nine's "never smoked" young adult meets NCT05381714's "non-smoker / for
    ex-smokers with 10 pack x years or less" (0 pack-years, and the reason says why); an
    ex-smoker with no amount stays unknown."""
    patient = _round_patient("nine", "young adult after COVID with asthma")
    judgement = judged(_PACK_YEARS_ITEM, "inclusion", patient)
    assert "0 (the note denies smoking) meets the required ≤ 10" in judgement.reason
    assert judged(_PACK_YEARS_ITEM, "inclusion", facts(note="Ex-smoker, quit 2010.")).status == (
        "unknown"
    )


_WEIGHT_LOSS = "Assumptive or documented loss of >5% of pre-illness or ideal body weight"


def test_a_weight_loss_is_worked_out_from_two_weights_and_the_reason_says_so() -> None:
    """NCT05380479's "loss of >5% of pre-illness or ideal body weight" against round nine's
    "Weight 58 kg, down from 68 kg in mid-September": a loss of 14.7%, worked out. The
    criterion's other words ("assumptive or documented", the 3-month window) stay the study
    team's."""
    answer = _round_answer(
        "nine", "pancreatic cancer with weight loss", "NCT05380479", _WEIGHT_LOSS
    )
    assert "Weight loss 14.7% (worked out from 68 kg to 58 kg) meets the required > 5%" in (
        answer.reason
    )
    assert _note_values("Weight 72 kg, was 81 kg in March.")["weight_loss"] == 11.1
    assert _note_values("He has lost 8 kg from 80 kg.")["weight_loss"] == 10.0


def test_one_weight_or_a_loss_in_kg_alone_is_no_percentage() -> None:
    """ "He has lost 10 kg." and "Weight 70 kg." give no weight loss to compare with a
    percentage; a weight that went up is no loss."""
    assert "weight_loss" not in _note_values("He has lost 10 kg. Weight 70 kg.")
    assert "weight_loss" not in _note_values("Weight 74 kg, was 70 kg in March.")
