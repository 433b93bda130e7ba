"""Issue 12, generalisation: which exclusions a whole note leaves unsettled by its silence.

The rules are named (``trialfinder.match.SILENCE_RULES``); which are in force is data
(``data/silence_policy.json``), chosen by patient-grouped cross-validation inside the
development half (``scripts/train_judge_model.py --cross-validate``). The criteria below
are real ones of the TrialGPT annotations; the notes are written as a GP writes.
"""

from __future__ import annotations

import msgspec
import pytest

from test_judge_general import criterion_of, written
from trialfinder.evaluate import title_concepts
from trialfinder.judging.silence_policy import (
    RECORD_WAIVERS,
    SILENCE_RULES,
    SilencePolicy,
    validate_silence_policy,
)
from trialfinder.match import judge, load_silence_policy
from trialfinder.patient import PatientProfile, extract_facts

WOMAN = extract_facts(
    PatientProfile(note="A 34-year-old woman with heavy menstrual bleeding and pelvic pain.")
)
INVESTIGATOR = (
    "Any condition that, in the opinion of the investigator, would preclude safe "
    "participation in the trial or compromise the quality of the data obtained."
)


def whole(text: str, rules: frozenset[str] | None = None) -> str:
    """The status of an exclusion when the note is the whole record (as ``evaluate`` judges)."""
    return judge(
        written(text, "exclusion"), WOMAN, record_is_complete=True, silence_rules=rules
    ).status


def test_every_adopted_silence_rule_is_one_the_judge_knows() -> None:
    assert set(load_silence_policy().adopted) <= SILENCE_RULES.keys()


def test_a_policy_adopting_an_unknown_rule_fails_loudly() -> None:
    policy = msgspec.structs.replace(load_silence_policy(), adopted=["pregnancy", "pregnacy"])
    with pytest.raises(ValueError, match="pregnacy"):
        validate_silence_policy(policy)
    assert isinstance(validate_silence_policy(load_silence_policy()), SilencePolicy)


def test_pregnancy_a_note_does_not_mention_stays_unknown_while_its_rule_is_in_force() -> None:
    assert whole("Current pregnancy") == "unknown"
    assert whole("Current pregnancy", frozenset()) == "not_met"


def test_an_investigators_opinion_is_settled_by_silence_unless_its_rule_is_in_force() -> None:
    # Not adopted: switched on in four folds of five, it did not win out of fold.
    assert "investigator_judgement" not in load_silence_policy().adopted
    assert whole(INVESTIGATOR) == "not_met"
    assert whole(INVESTIGATOR, frozenset({"investigator_judgement"})) == "unknown"


def test_an_unmeasured_laboratory_value_is_settled_by_silence_unless_its_rule_is_in_force() -> None:
    assert whole("Hematocrit <30%", frozenset()) == "not_met"
    assert whole("Hematocrit <30%", frozenset({"unmeasured_value"})) == "unknown"
    # Body size is no laboratory value: its own rule says whether notes leave it out.
    assert whole("Body weight > 150 kg", frozenset({"unmeasured_value"})) == "not_met"
    assert whole("Body weight > 150 kg", frozenset({"body_size"})) == "unknown"


def test_a_value_of_a_kind_the_note_reports_none_of_stays_unknown() -> None:
    """A whole note giving no laboratory result says nothing of a laboratory limit; one
    giving some reports those that matter, so its silence on the rest settles it."""
    assert "unreported_kind_of_value" in load_silence_policy().adopted
    assert whole("Hematocrit <30%") == "unknown"
    with_labs = extract_facts(
        PatientProfile(note="A 34-year-old woman with heavy menstrual bleeding. Hb 12.1 g/dL.")
    )
    criterion = written("Hematocrit <30%", "exclusion")
    assert judge(criterion, with_labs, record_is_complete=True).status == "not_met"
    # Only an exclusion of values alone: beside a condition the note is silent about, the
    # condition is what a history would list.
    assert whole("Diabetes mellitus or HbA1c > 9%") == "not_met"
    # A life expectancy is read from the conditions a record names, not measured.
    assert whole("Life expectancy < 3 months") == "not_met"


def test_a_partial_record_is_not_read_by_the_silence_rules() -> None:
    """The product's answers (a profile is no whole record) do not depend on the policy."""
    criterion = written("Hematocrit <30%", "exclusion")
    for rules in (frozenset(), frozenset(SILENCE_RULES)):
        assert judge(criterion, WOMAN, silence_rules=rules).status == "unknown"


def test_a_detail_of_the_trials_own_condition_is_unsettled_only_while_its_rule_is_in_force() -> (
    None
):
    """The trial's own condition is left out of an exclusion's judged constraints; the
    candidate rule still sees it in the criterion."""
    patient = extract_facts(
        PatientProfile(
            note="A 38-year-old woman with symptomatic uterine fibroids and menorrhagia."
        )
    )
    trial = title_concepts("Magnetic Resonance Guided Focused Ultrasound for Uterine Fibroids")
    criterion = written("Fibroids that are: >10cm, non-enhancing with contrast", "exclusion")
    rules = frozenset({"trial_condition_detail"})
    assert judge(criterion, patient, trial, record_is_complete=True).status == "not_met"
    assert (
        judge(criterion, patient, trial, record_is_complete=True, silence_rules=rules).status
        == "unknown"
    )


# Whole-record waivers: what a complete note settles at all (issue 12, ninth session).
RESIDENT = "Women aged 15-45 years resident in the predefined study area"  # a TrialGPT criterion
SIKKIM = "Women aged 18 to 22 years, resident of Sikkim and married."  # NCT04588402


def test_every_adopted_waiver_is_one_the_judge_knows() -> None:
    assert set(load_silence_policy().waivers) <= RECORD_WAIVERS.keys()
    policy = msgspec.structs.replace(load_silence_policy(), waivers=["unread_word"])
    with pytest.raises(ValueError, match="unread_word"):
        validate_silence_policy(policy)


def test_an_inclusion_read_only_by_age_and_sex_leaves_what_it_asks_of_them_unknown() -> None:
    """Age and sex say whom the criterion is about; where she lives, or whether she is
    married, is in the words left unread, which a whole note does not settle."""
    patient = extract_facts(
        PatientProfile(
            note="A 20-year-old woman seen in the clinic for a sore throat. No past history."
        )
    )
    for text in (RESIDENT, SIKKIM):
        criterion = written(text, "inclusion")
        assert judge(criterion, patient, record_is_complete=True).status == "unknown"
        waived = frozenset({"unread_words_after_demographics"})
        assert judge(criterion, patient, record_is_complete=True, waivers=waived).status == "met"


def test_an_age_criterion_whose_other_words_only_say_when_or_whom_is_met_by_a_whole_note() -> None:
    """The words left unread beside an age say when it is counted or whom the regulations
    allow ("at the time of signing the ICF", "or per national guidelines", "Males and
    females"): no more to check, so a whole note settles it."""
    patient = extract_facts(
        PatientProfile(note="A 47-year-old man with type 2 diabetes seen for a foot ulcer.")
    )
    for nct_id, opening in (
        ("NCT05605119", "Males and females ≥ 18 years of age"),
        ("NCT06112379", "Participant must be ≥ 18 years, at the time of signing the ICF"),
        ("NCT05774951", "Women and Men"),
        ("NCT02552212", "At least 18 years old at the start of Screening Visit"),
    ):
        criterion = criterion_of(nct_id, opening)
        assert judge(criterion, patient, record_is_complete=True).status == "met", opening
    # Beside the age, a disease the note does not name is what the criterion asks.
    tumours = criterion_of("NCT06121752", "Adult patients (≥18 years) with biopsy proven")
    assert judge(tumours, patient, record_is_complete=True).status == "unknown"


def test_an_inclusion_whose_clinical_fact_is_read_still_waives_its_unread_words() -> None:
    """Kept out of fold: "managed in primary care" adds nothing a whole note leaves open.
    ("Clinical diagnosis of" and "Established diagnosis of" now only frame the diagnosis,
    ``diagnosis_framing_words``, and are met on any record: the hand-written rounds'
    coordinators answer them from the diagnosis alone.)"""
    patient = extract_facts(
        PatientProfile(note="A 58-year-old man with hypertension on amlodipine since 2019.")
    )
    criterion = written("Hypertension managed in primary care", "inclusion")
    assert judge(criterion, patient, record_is_complete=True).status == "met"
    assert judge(criterion, patient, record_is_complete=True, waivers=frozenset()).status == (
        "unknown"
    )
    for framed in ("Clinical diagnosis of hypertension", "Established diagnosis of hypertension"):
        clinical = written(framed, "inclusion")
        assert (
            judge(clinical, patient, record_is_complete=True, waivers=frozenset()).status == "met"
        )


def test_a_partial_record_is_not_settled_by_any_waiver() -> None:
    patient = extract_facts(PatientProfile(note="A 20-year-old woman."))
    criterion = written(RESIDENT, "inclusion")
    assert judge(criterion, patient, waivers=frozenset(RECORD_WAIVERS)).status == "unknown"
    unmentioned = written("Unstable angina", "exclusion")
    assert judge(unmentioned, patient, waivers=frozenset(RECORD_WAIVERS)).status == "unknown"
    assert judge(unmentioned, patient, record_is_complete=True).status == "not_met"


def test_each_waiver_switched_off_leaves_its_answer_unknown() -> None:
    """What the audit measures: a waiver turns an unknown into met or not met, no more."""
    patient = extract_facts(PatientProfile(note="A 64-year-old man with a hip fracture."))
    off: frozenset[str] = frozenset()
    angina = written("Unstable angina", "exclusion")
    assert judge(angina, patient, record_is_complete=True).status == "not_met"
    assert judge(angina, patient, record_is_complete=True, waivers=off).status == "unknown"
    life = written("Life expectancy longer than 48 hours", "inclusion")
    assert judge(life, patient, record_is_complete=True).status == "met"
    assert judge(life, patient, record_is_complete=True, waivers=off).status == "unknown"


# Silence rule ``laboratory_result`` (issue 12; silent-exclusions): an exclusion asking a
# laboratory result without its value. Real criteria of three trials.
LABORATORY_RESULTS = (
    # TrialGPT annotations, "Etanercept in Kawasaki Disease".
    "Laboratory Criteria: Any laboratory toxicity, at the time of the screening visit or at any "
    "time during the study that in the opinion of the Investigator would preclude participation "
    "in the study or:",
    # NCT06256588
    "Has a history or current evidence of any medical condition, therapy, or laboratory "
    "abnormality that might confound the study results, interfere with their participation for "
    "the full duration of the study intervention, or indicate it is not in the best interest of "
    "the participant to participate, in the opinion of the treating investigator.",
    # NCT05693142
    "Clinical laboratory test results",
)
KAWASAKI_LABS = extract_facts(
    PatientProfile(
        note="A 2-year-old boy with 5 days of fever, conjunctivitis and a strawberry tongue. "
        "Bloods: WBC 17,580/mm3, albumin 2.1 g/dL, ESR 60 mm/h, ALT raised."
    )
)


def test_a_laboratory_result_asked_without_its_value_stays_unknown_on_a_whole_note() -> None:
    """Whether a result is abnormal, a toxicity or clinically significant is graded against
    the laboratory's own limits of normal (NCI CTCAE), which a note does not give: a whole
    note's silence rules none out, whether it reports laboratory values or none."""
    assert "laboratory_result" in load_silence_policy().adopted
    for text in LABORATORY_RESULTS:
        criterion = written(text, "exclusion")
        for patient in (WOMAN, KAWASAKI_LABS):
            judgement = judge(criterion, patient, record_is_complete=True)
            assert judgement.status == "unknown", text
            assert judgement.reason.startswith("the record does not say")
        # Switched off, the whole note's silence settles it, as it did.
        off = judge(criterion, WOMAN, record_is_complete=True, silence_rules=frozenset())
        assert off.status == "not_met"
        # A partial record never settled it.
        assert judge(criterion, WOMAN).status == "unknown"


def test_a_laboratory_value_the_criterion_gives_is_left_to_the_value_rules() -> None:
    """A criterion giving the value ("Hematocrit <30%") is read: a note reporting laboratory
    values and not that one settles it, as before (``unreported_kind_of_value``)."""
    criterion = written("Hematocrit <30%", "exclusion")
    assert judge(criterion, KAWASAKI_LABS, record_is_complete=True).status == "not_met"
    # A laboratory word beside a disease the history would list leaves the disease read.
    disease = written(
        "Renal or hepatic disease assessed by history and by pre-drug blood tests", "exclusion"
    )
    rules = frozenset({"laboratory_result"})
    assert judge(disease, WOMAN, record_is_complete=True, silence_rules=rules).status == "unknown"
    assert judge(disease, WOMAN, record_is_complete=True, silence_rules=frozenset()).status == (
        "not_met"
    )


def test_a_heading_whose_items_give_the_laboratory_values_is_settled_by_them() -> None:
    """A heading ending in a colon leaves the values to its items (NCT02227251 "Any of the
    following laboratory abnormalities:", NCT05381194 "Abnormal value of a blood test at
    baseline:"); one asking its own result before an "or:" does not (the Kawasaki trial's,
    above). A sentence letting results off asks none (NCT06256588)."""
    for text in (
        "Any of the following laboratory abnormalities:",
        "Abnormal value of a blood test at baseline:",
    ):
        assert whole(text) == "not_met", text
    let_off = (
        "Has experienced any of the following with prior immunotherapy: any irAE of Grade ≥3, "
        "or myocarditis of any grade. Non-clinically significant laboratory abnormalities are "
        "not exclusionary."
    )
    assert whole(let_off, frozenset({"laboratory_result"})) == whole(let_off, frozenset())
