"""Health insurance (issue 12): a criterion asking the patient's health insurance ("Patient
affiliated to a social security regimen", "Patients with health insurance", inclusions of
round nineteen; registry forms "Affiliation to a social security scheme", "beneficiary of a
health insurance plan") is met by a note stating the patient's cover ("We are covered by
the Securite sociale (CPAM)", "covered by the French national health insurance (Securite
sociale) and a mutuelle", "covered by Medicare", "has NHS cover") and not met by its stating
none ("no health insurance", "uninsured"); an exclusion of its lack ("No affiliation to any
health insurance", round twenty-seven) the other way round.

A note silent on insurance leaves the criterion to the study team, and so does a criterion
asking more than the cover.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from test_judge_swallowing import _assert_all

ASKS_COVER = (
    "Patient affiliated to a social security regimen",
    "Patients with health insurance",
    "Affiliation to a social security scheme",
    "Patient must be a beneficiary of a health insurance plan",
    "Subjects affiliated with an appropriate social security system",
)
ASKS_LACK = ("No affiliation to any health insurance",)

COVERED = (
    "We are covered by the Securite sociale (CPAM) and we have read the information sheet.",
    "He is covered by the French national health insurance (Securite sociale) and a mutuelle.",
    "Retired teacher, covered by Medicare.",
    "Lives in Leeds, has NHS cover.",
    "Full active treatment. Covered by national health insurance.",
)
UNINSURED = (
    "Works cash jobs, no health insurance.",
    "She is uninsured.",
)
SILENT = ("Lung adenocarcinoma, ECOG 1, on amlodipine.",)


def test_a_note_stating_cover_meets_a_criterion_asking_health_insurance() -> None:
    _assert_all(ASKS_COVER, "inclusion", COVERED, "met")
    judgement = judged(ASKS_COVER[0], "inclusion", facts(age=60, sex="male", note=COVERED[0]))
    assert "health insurance" in judgement.reason


def test_a_note_stating_no_cover_leaves_it_not_met() -> None:
    _assert_all(ASKS_COVER, "inclusion", UNINSURED, "not_met")


def test_an_exclusion_of_no_insurance_goes_the_other_way() -> None:
    _assert_all(ASKS_LACK, "exclusion", COVERED, "not_met")
    _assert_all(ASKS_LACK, "exclusion", UNINSURED, "met")


def test_a_silent_note_or_a_criterion_asking_more_stays_unknown() -> None:
    _assert_all(ASKS_COVER, "inclusion", SILENT, "unknown")
    more = ("Patient affiliated to a social security regimen and living within 50 km of Lyon",)
    _assert_all(more, "inclusion", COVERED[:1], "unknown")
