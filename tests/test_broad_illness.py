"""An exclusion of a broad class of illness ("Any significant acute or chronic medical
illness", "Serious medical comorbidities") against a note that denies every illness."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, status
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Any significant acute or chronic medical illness.", "Healthy, no medical history."),
        ("Serious medical comorbidities", "Fit and well, no medical problems."),
        (
            "Any significant acute or chronic medical illness.",
            "31-year-old man, healthy, no regular medication and no past medical history apart "
            "from a laparoscopic appendicectomy in 2015.",
        ),
        (
            "Serious medical comorbidities",
            "Brain metastases from breast cancer. Otherwise well, no other significant illness.",
        ),
    ],
)
def test_a_denial_of_every_illness_answers_a_broad_illness_exclusion(
    criterion: str, note: str
) -> None:
    text, section = criterion, "exclusion"
    constraints, complete = parse_criterion(text, section)
    judged = judge(
        Criterion("C", section, text, constraints=constraints, complete=complete),
        facts(note=note),
        frozenset({"breast_cancer", "brain_metastases"}),
    )
    assert judged.status == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        # Another condition named: is it serious? The study team's.
        "Type 2 diabetes and COPD. Otherwise well, no other significant illness.",
        # Something excepted.
        "No past medical history apart from a bad back.",
        "No past medical history apart from a mastectomy for cancer in 2019.",
        # No denial at all.
        "Works as a teacher.",
    ],
)
def test_a_broad_illness_exclusion_stays_unknown_without_a_whole_denial(note: str) -> None:
    assert status("Serious medical comorbidities", "exclusion", note) == "unknown"


def test_the_trials_own_condition_does_not_count_against_the_denial() -> None:
    text = "Any serious concurrent illness"
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    note = "Asthma since childhood. Otherwise healthy, no other significant illness."
    assert judge(criterion, facts(note=note), frozenset({"asthma"})).status == "not_met"
    assert judge(criterion, facts(note=note)).status == "unknown"


def test_a_criterion_asking_more_than_the_class_is_left() -> None:
    assert (
        status("Any comorbidities that may cause neuropathy", "exclusion", "Fit and well.")
        == "unknown"
    )


_SYSTEMS = (
    "clinically significant or unstable cardiovascular, pulmonary, endocrine, neurological, "
    "gastrointestinal illness or unstable medical disorder"
)


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (_SYSTEMS, "Recurrent major depression on sertraline 100 mg od. No medical illness."),
        ("Severe illness", "Dry eye for two years, on lubricants. Otherwise well."),
        ("History of diabetes", "45F, dental caries. Medically fit and well, no allergies."),
        ("Known heart failure", "38M, recurrent depression. No medical illness."),
    ],
)
def test_a_denial_of_every_illness_answers_a_chronic_or_body_system_illness(
    criterion: str, note: str
) -> None:
    """Rounds eleven and twenty-six (NCT00739713, NCT05703256): "No medical illness" and
    "Otherwise well" deny every illness, so a chronic condition (``chronic_concepts``), a
    body system's disease and the words of illness of a kind or system the exclusion asks
    beside them are not there; they stayed "no information about cardiovascular disease"."""
    constraints, complete = parse_criterion(criterion, "exclusion")
    judged = judge(
        Criterion("C", "exclusion", criterion, constraints=constraints, complete=complete),
        facts(note=note),
        frozenset({"depression", "dry_eye", "dental_caries", "mesh:D003863", "mesh:D015352"}),
    )
    assert judged.status == "not_met", judged.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Active infection", "45F. Fit and well."),
        ("History of diabetes", "45F. Hypertension on amlodipine. Otherwise well."),
        (_SYSTEMS, "52M. Asthma on a salbutamol inhaler. Otherwise well."),
        (
            "Significant cardiovascular illness or inability to lie flat for 30 minutes",
            "45F. No medical illness.",
        ),
    ],
)
def test_a_denial_of_every_illness_leaves_an_acute_finding_a_named_illness_and_more_words(
    criterion: str, note: str
) -> None:
    """ "Fit and well" denies chronic illness, not an acute finding (an infection); a note
    naming an illness ("Otherwise well" after hypertension) denies only the others; and words
    beyond illness ("inability to lie flat") stay the study team's."""
    assert status(criterion, "exclusion", note) != "not_met"
