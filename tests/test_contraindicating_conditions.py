"""Issue 12: a condition an exclusion asks only when it contraindicates a treatment.

AGCT1531 (NCT03067181) excludes "Patients with significant, pre-existing co-morbid
respiratory disease that contraindicate the use of bleomycin …": "that contraindicate(s)
<treatment>" is a qualifier of the disease the note must show. Round twenty-two's boy of 9
with mild asthma on PRN salbutamol was read as excluded by his asthma alone (wrong
direction). Met needs the note to say so; unstated → unknown; denied disease → not met.
Criteria are real; notes are written for each case.
"""

from __future__ import annotations

from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientProfile, extract_facts

# NCT03067181 (AGCT1531), exclusion.
BLEOMYCIN = (
    "Patients with significant, pre-existing co-morbid respiratory disease that contraindicate "
    "the use of bleomycin are ineligible for the standard risk arms of the trial"
)


def judged(text: str, section: str, note: str) -> Judgement:
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    criterion = Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]
    return judge(criterion, extract_facts(PatientProfile(note=note)))


def test_a_disease_the_note_does_not_say_contraindicates_the_treatment_is_unknown() -> None:
    asthma = judged(
        BLEOMYCIN,
        "exclusion",
        "9yo boy, pure yolk sac tumour. PMH: mild asthma, salbutamol PRN only, no admissions.",
    )
    assert asthma.status == "unknown"
    assert "contraindicate" in asthma.reason


def test_a_disease_the_note_says_contraindicates_the_treatment_meets_it() -> None:
    fibrosis = judged(
        BLEOMYCIN,
        "exclusion",
        "17yo boy, mixed germ cell tumour. Pulmonary fibrosis on CT; bleomycin contraindicated "
        "per respiratory team.",
    )
    assert fibrosis.status == "met"


def test_a_disease_asked_without_a_contraindication_is_still_met_by_the_disease() -> None:
    plain = judged(
        "Patients with pre-existing respiratory disease",
        "exclusion",
        "9yo boy, pure yolk sac tumour. PMH: mild asthma, salbutamol PRN only.",
    )
    assert plain.status == "met"
