"""Vasopressors and inotropes: medicine families the lexicon did not know (issue 12).

A criterion asking for vasopressors or inotropic support ("Use of vasopressors", "Current
inotropic support") was read as nothing: an inclusion stopped at "not computable" and an
exclusion at the note's silence, even when the note says the patient is on noradrenaline.
The families are the lexicon's (MeSH Vasoconstrictor Agents and Cardiotonic Agents, WHO ATC
C01CA, C01CE, H01BA), read the same way in a criterion and in a note; a name that means
something else there (a serotonin-norepinephrine reuptake inhibitor, a dobutamine stress
echocardiogram, a vasopressin antagonist) is no such medicine.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts
from trialfinder import criterion_from_text, judge
from trialfinder.match import Judgement

ON_PRESSORS = "66M septic shock from pneumonia, on a noradrenaline infusion in the ICU."
ON_INOTROPES = "58F cardiogenic shock after an anterior MI, started on dobutamine yesterday."


def judged(criterion: str, section: str, note: str) -> Judgement:
    """Judged as the accuracy bench and ``evaluate`` judge: the note is the whole record."""
    return judge(criterion_from_text(criterion, section), facts(note=note), record_is_complete=True)


@pytest.mark.parametrize(
    ("criterion", "section", "note"),
    [
        ("Use of vasopressors", "exclusion", ON_PRESSORS),
        ("Requiring vasopressor support", "inclusion", ON_PRESSORS),
        ("Septic shock requiring vasopressors", "inclusion", ON_PRESSORS),
        ("Patients receiving norepinephrine", "inclusion", ON_PRESSORS),
        ("Current inotropic support", "exclusion", ON_INOTROPES),
        ("Treatment with inotropes", "exclusion", ON_INOTROPES),
    ],
)
def test_a_note_on_a_vasopressor_or_an_inotrope_meets_the_family(
    criterion: str, section: str, note: str
) -> None:
    judgement = judged(criterion, section, note)
    assert judgement.status == "met", judgement.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Use of vasopressors", "On venlafaxine, a serotonin-norepinephrine reuptake inhibitor."),
        ("Current inotropic support", "61M chest pain; dobutamine stress echocardiography normal."),
        ("Use of vasopressors", "70F hyponatraemia on tolvaptan, a vasopressin antagonist."),
        ("Use of vasopressors", "71M Parkinson's disease on a dopamine agonist, ropinirole."),
        ("Use of vasopressors", "25F peanut allergy, carries an adrenaline auto-injector."),
    ],
)
def test_a_name_that_means_something_else_is_no_vasopressor_or_inotrope(
    criterion: str, note: str
) -> None:
    assert judged(criterion, "exclusion", note).status == "not_met"


def test_a_note_silent_on_vasopressors_leaves_an_inclusion_asking_them_unknown() -> None:
    judgement = judged(
        "Requiring vasopressor support",
        "inclusion",
        "45M community-acquired pneumonia, blood pressure 118/72.",
    )
    assert judgement.status == "unknown", judgement.reason


@pytest.mark.parametrize("drug", ["dopamine", "epinephrine", "phenylephrine", "vasopressin"])
def test_hypotension_on_any_vasopressor_meets_hypotension_requiring_vasopressors(drug: str) -> None:
    note = f"72F with sepsis. She has hypotension on {drug}."
    judgement = judged("Hypotension requiring vasopressors", "inclusion", note)
    assert judgement.status == "met", judgement.reason
