"""Issue 12: an exclusion whose subject is the other sex, written in the plural, is not
about the patient.

"Males who are unwilling to use an acceptable method of birth control" (NCT05813288) is
not about a woman, as "Male patients who …" is not: the TrialGPT experts answer such an
exclusion "not applicable". The subject was read in the singular only ("male", "female",
"women", "men"), so "Males …" and "Females …" were judged as if about anyone, and a
woman was "not excluded" by nothing in her record. A criterion naming both sexes stays
judged, and an inclusion naming the other sex is still not met, not skipped.
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_judge_general import criterion_of, written
from trialfinder.match import judge

WOMAN = (
    "A 34-year-old woman presents with a productive cough for ten days. She is afebrile. The "
    "patient will provide informed consent, and will comply with the trial protocol."
)
MAN = (
    "A 58-year-old man presents with exertional chest pain. He has hypertension. The patient "
    "will provide informed consent, and will comply with the trial protocol."
)


def test_an_exclusion_of_males_is_not_applicable_to_a_woman() -> None:
    criterion = criterion_of("NCT05813288", "Males who are unwilling to use")
    woman = facts(note=WOMAN)
    answers = {
        (verdict.status, verdict.reason)
        for verdict in (judge(criterion, woman), judge(criterion, woman, record_is_complete=True))
    }
    assert answers == {("not_applicable", "about the other sex than female")}
    assert judge(criterion, facts(note=MAN), record_is_complete=True).status != "not_applicable"


def test_an_exclusion_of_females_or_girls_is_not_applicable_to_a_man() -> None:
    for text in ("Females with a history of uterine surgery", "Girls with Turner syndrome"):
        criterion = written(text, "exclusion")
        verdict = judge(criterion, facts(note=MAN), record_is_complete=True)
        assert verdict.status == "not_applicable", text
        assert verdict.reason == "about the other sex than male"
        assert judge(criterion, facts(note=WOMAN), record_is_complete=True).status != (
            "not_applicable"
        )


def test_an_exclusion_of_both_sexes_in_the_plural_is_judged() -> None:
    criterion = written("Males and females with prostate disease", "exclusion")
    for note in (MAN, WOMAN):
        assert judge(criterion, facts(note=note), record_is_complete=True).status != (
            "not_applicable"
        )


def test_an_inclusion_of_females_is_not_met_by_a_man() -> None:
    criterion = written("Females aged 18 to 65 years", "inclusion")
    assert judge(criterion, facts(note=MAN), record_is_complete=True).status == "not_met"
