"""Issue 12 item 1: answers in the wrong direction (met for not met, or the reverse), by class.

Each test quotes a real criterion (the hand-written rounds' trials, ../shared's API v2
studies) and a note written as a coordinator would read it.
"""

from __future__ import annotations

from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts


def facts(**fields: object) -> PatientFacts:
    return extract_facts(PatientProfile(**fields))  # type: ignore[arg-type]


def judged(text: str, section: str, patient: PatientFacts) -> Judgement:
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    criterion = Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]
    return judge(criterion, patient)


PREGNANT_AT_26 = "Mrs Y, 26, G2P1, 24+3 weeks, uncomplicated pregnancy."


def test_an_age_after_the_people_an_exclusion_names_says_which_of_them_it_excludes() -> None:
    """NCT05701904 'Pregnant women under the age of 18': a pregnant woman of 26 is not one."""
    criterion = "Pregnant women under the age of 18"
    adult = judged(criterion, "exclusion", facts(age=26, sex="female", note=PREGNANT_AT_26))
    assert adult.status == "not_met", adult.reason
    minor = judged(
        criterion,
        "exclusion",
        facts(age=16, sex="female", note="16-year-old, 24+3 weeks, uncomplicated pregnancy."),
    )
    assert minor.status == "met", minor.reason



def test_a_reversed_stoma_does_not_meet_an_exclusion_asking_its_presence() -> None:
    """NCT03058679 'Presence of an ostomy': 'an ileostomy in 2015 that was reversed in 2016'
    leaves none now; one the note has now still meets it."""
    criterion = "Presence of an ostomy"
    reversed_ = facts(
        age=52, sex="male", note="I had an ileostomy in 2015 that was reversed in 2016."
    )
    assert judged(criterion, "exclusion", reversed_).status == "not_met"
    kept = facts(age=52, sex="male", note="I have had an ileostomy since 2015.")
    assert judged(criterion, "exclusion", kept).status == "met"


def test_the_cancer_a_patient_has_now_is_no_previous_malignancy_the_note_denies() -> None:
    """NCT05774483 'Previous malignancy in the head and neck region': a tongue cancer of now,
    with 'No previous surgery or malignancy in head and neck', is the one the patient has,
    not a previous one; a laryngeal cancer of 2015 is one."""
    criterion = "Previous malignancy in the head and neck region"
    now = (
        "Ulceroproliferative lesion L lateral border of tongue, biopsy: moderately "
        "differentiated invasive SCC. Treatment naive. No previous surgery or malignancy in "
        "head and neck."
    )
    first = judged(criterion, "exclusion", facts(age=52, sex="male", note=now))
    assert first.status == "not_met", first.reason
    earlier = (
        "Ulceroproliferative lesion L lateral border of tongue, biopsy: moderately "
        "differentiated invasive SCC. Laryngeal cancer in 2015, treated with radiotherapy."
    )
    second = judged(criterion, "exclusion", facts(age=52, sex="male", note=earlier))
    assert second.status == "met", second.reason
