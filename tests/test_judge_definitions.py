"""Issue 12 item 1: a definition written in the criterion decides its qualifier.

"Significant kidney disease, defined as GFR < 60 ml/min" asks for what the definition
says, not for kidney disease with a word ("significant") the note cannot confirm; the
definition is what a coordinator checks. Criteria are real (API v2 studies and the
TrialGPT annotations' criterion texts); notes are written for each case.
"""

from __future__ import annotations

from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientProfile, extract_facts

# NCT02682511, exclusions 9 and 10.
LUNG = "Significant lung disease, defined as FVC < 50% predicted or DLCO <40% predicted;"
KIDNEY = "Significant kidney disease, defined as Glomerular Filtration Rate (GFR) < 60 ml/min;"
# NCT05501886, exclusion 3.
HYPERTENSION = (
    "Uncontrolled hypertension defined by systolic blood pressure (SBP) ≥160 mmHg and/or "
    "diastolic blood pressure (DBP) ≥100 mmHg, with or without antihypertensive medication "
    "(initiation or adjustment of antihypertensive medication\\[s\\] is allowed prior to screening)"
)
# NCT07040059, exclusion 14.
POORLY_CONTROLLED = (
    "Patients with poorly controlled hypertension, defined as systolic blood pressure more than "
    "or equal to 160 mmHg or diastolic blood pressure more than 100 mmHg."
)
# NCT02097186 (TrialGPT annotations), exclusion.
HEPATIC = (
    "Patients with severe hepatic disease defined as an international normalised ratio >2 "
    "in the absence of systemic anticoagulation"
)
# NCT02509286 (TrialGPT annotations), exclusion: "e.g." gives examples, not a definition.
CARDIAC = (
    "Clinically significant (i.e. active) cardiac disease (e.g. symptomatic coronary artery "
    "disease or myocardial infarction within last 12 months)"
)


def judged(text: str, section: str, note: str) -> Judgement:
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    criterion = Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]
    return judge(criterion, extract_facts(PatientProfile(note=note)))


def test_a_value_the_definition_excludes_settles_the_qualified_condition() -> None:
    kidney = judged(
        KIDNEY, "exclusion", "A 64-year-old man with chronic kidney disease, GFR 75 ml/min."
    )
    assert kidney.status == "not_met"
    assert "defines significant kidney disease" in kidney.reason
    pressure = judged(
        POORLY_CONTROLLED,
        "exclusion",
        "A 60-year-old man with hypertension on amlodipine. BP 132/84 mmHg.",
    )
    assert pressure.status == "not_met"
    assert "defines poorly controlled hypertension" in pressure.reason


def test_a_value_the_definition_names_meets_the_qualified_condition() -> None:
    kidney = judged(
        KIDNEY, "exclusion", "A 64-year-old man with chronic kidney disease, GFR 38 ml/min."
    )
    assert kidney.status == "met"
    pressure = judged(HYPERTENSION, "exclusion", "A 60-year-old man with hypertension. BP 168/96.")
    assert pressure.status == "met"
    lung = judged(LUNG, "exclusion", "A 64-year-old man with COPD. FVC 42% predicted.")
    assert lung.status == "met"


def test_a_condition_without_the_definitions_facts_is_unknown_naming_them() -> None:
    kidney = judged(KIDNEY, "exclusion", "A 64-year-old man with chronic kidney disease.")
    assert kidney.status == "unknown"
    assert "eGFR" in kidney.reason
    assert "the criterion defines significant kidney disease as" in kidney.reason
    pressure = judged(
        HYPERTENSION, "exclusion", "A 60-year-old man with hypertension on amlodipine."
    )
    assert pressure.status == "unknown"
    assert "systolic blood pressure" in pressure.reason.lower()


def test_every_part_of_an_and_definition_must_hold() -> None:
    # "INR > 2 in the absence of systemic anticoagulation": an INR of 1.3 fails the definition.
    hepatic = judged(HEPATIC, "exclusion", "A 60-year-old man with alcoholic cirrhosis. INR 1.3.")
    assert hepatic.status == "not_met"


def test_an_example_met_is_met_and_an_example_unmet_decides_nothing() -> None:
    met = judged(
        CARDIAC, "exclusion", "A 60-year-old man with a myocardial infarction 2 months ago."
    )
    assert met.status != "not_met"
    unmet = judged(CARDIAC, "exclusion", "A 60-year-old man with atrial fibrillation.")
    assert unmet.status == "unknown"


def test_an_or_definition_with_words_left_unread_is_not_failed_by_the_parts_read() -> None:
    # "… with or without antihypertensive medication (initiation or adjustment … allowed …)":
    # words the parse left unread may be another alternative, so the parts read failing
    # do not settle the definition; the rest of the judge answers as before.
    pressure = judged(
        HYPERTENSION,
        "exclusion",
        "A 60-year-old man with hypertension on amlodipine. BP 132/84 mmHg.",
    )
    assert pressure.status == "unknown"
