"""Issue 12: a condition an exclusion asks only when it contraindicates a treatment.

AGCT1531 (NCT03067181) excludes "Patients with significant, pre-existing co-morbid
respiratory disease that contraindicate the use of bleomycin …": "that contraindicate(s)
<treatment>" is a qualifier of the disease the note must show. Round twenty-two's boy of 9
with mild asthma on PRN salbutamol was read as excluded by his asthma alone (wrong
direction). Met needs the note to say so; unstated → unknown; denied disease → not met.
Criteria are real; notes are written for each case.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

# NCT03067181 (AGCT1531), exclusion.
BLEOMYCIN = (
    "Patients with significant, pre-existing co-morbid respiratory disease that contraindicate "
    "the use of bleomycin are ineligible for the standard risk arms of the trial"
)


def test_a_disease_the_note_does_not_say_contraindicates_the_treatment_is_unknown() -> None:
    asthma = judged(
        BLEOMYCIN,
        "exclusion",
        facts(note="9yo boy, pure yolk sac tumour. PMH: mild asthma, salbutamol PRN only."),
    )
    assert asthma.status == "unknown"
    assert "contraindicate" in asthma.reason


def test_a_disease_the_note_says_contraindicates_the_treatment_meets_it() -> None:
    fibrosis = judged(
        BLEOMYCIN,
        "exclusion",
        facts(
            note="17yo boy, mixed germ cell tumour. Pulmonary fibrosis on CT; bleomycin "
            "contraindicated per respiratory team."
        ),
    )
    assert fibrosis.status == "met"


def test_a_disease_asked_without_a_contraindication_is_still_met_by_the_disease() -> None:
    plain = judged(
        "Patients with pre-existing respiratory disease",
        "exclusion",
        facts(note="9yo boy, pure yolk sac tumour. PMH: mild asthma, salbutamol PRN only."),
    )
    assert plain.status == "met"


def test_a_contraindication_of_another_treatment_does_not_meet_it() -> None:
    """The note's contraindication must be of the treatment the criterion names: an MRI the
    pacemaker rules out says nothing of bleomycin."""
    other = judged(
        BLEOMYCIN,
        "exclusion",
        facts(
            note="16yo boy, seminoma. Mild asthma, salbutamol PRN. Pacemaker: MRI "
            "contraindicated, staging by CT."
        ),
    )
    assert other.status == "unknown"
