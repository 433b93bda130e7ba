"""Issue 12: a requirement inside a bracketed definition joined by "and" to another.

AGCT1531 (NCT03067181) excludes '"Poor risk" GCT (age >= 11 years old and COG stage IV
ovarian, …)': the bracket defines poor risk by an age *and* a stage, so an age alone meets
nothing; an age that fails the bracket fails it. Round twenty-two's girl of 15 with a stage I
immature teratoma was read as poor risk by her age alone (wrong direction). Criteria are real;
notes are written for each case.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

# NCT03067181 (AGCT1531), an item of exclusion "Patients with any diagnoses not listed".
POOR_RISK = (
    '"Poor risk" GCT (age >= 11 years old and COG stage IV ovarian, COG stage III or IV EG, '
    "or IGCCC intermediate or poor risk testicular), or"
)
TEEN = (
    "15 year old girl, stage I grade 2 immature teratoma of the left ovary, AFP 240 ng/mL, "
    "left salpingo-oophorectomy last month."
)


def test_an_age_alone_does_not_meet_a_bracket_that_also_asks_a_stage() -> None:
    poor_risk = judged(POOR_RISK, "exclusion", facts(note=TEEN))
    assert poor_risk.status == "unknown"
    assert "COG stage IV ovarian" in poor_risk.reason


def test_an_age_outside_the_bracket_fails_it_whatever_the_stage() -> None:
    child = judged(
        POOR_RISK,
        "exclusion",
        facts(note="9 year old boy with a testicular yolk sac tumour, AFP 8,000."),
    )
    assert child.status == "not_met"


def test_an_age_with_no_bracket_is_still_read_alone() -> None:
    plain = judged("Age >= 11 years old", "inclusion", facts(note=TEEN))
    assert plain.status == "met"


def test_an_age_range_joined_by_and_is_one_requirement() -> None:
    ranged = judged("Adolescents (age between 12 and 17 years)", "inclusion", facts(note=TEEN))
    assert ranged.status == "met"
