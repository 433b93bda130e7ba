"""Round thirty's last wrong answers, by the class of language behind each.

Every test quotes a real criterion (the trial named) and writes the note as the rounds'
coordinators write them; the rule each one pins names a class, not one trial's wording.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# NCT05696782: the bracket defines the symptoms, the clause after it qualifies them.
_RESPIRATORY = (
    "Uncontrolled respiratory symptoms (i.e., cough, dyspnea, fevers, chest pain, or an "
    "increase from baseline oxygen requirements) that are interfering with activities of "
    "daily living."
)


@pytest.mark.parametrize(
    "note",
    [
        "Mild stable cough, dyspnoea unchanged, no fevers, walks to the shops.",
        "Mild cough only, no oxygen need.",
    ],
)
def test_a_qualifier_clause_after_a_bracketed_definition_still_asks_its_qualifier(
    note: str,
) -> None:
    judgement = judged(_RESPIRATORY, "exclusion", facts(age=67, sex="male", note=note))
    assert judgement.status == "unknown", judgement.reason
    assert "interfering with activities of daily living" in judgement.reason


def test_a_note_denying_every_defined_symptom_still_fails_a_qualified_definition() -> None:
    note = "No cough, no dyspnoea, no fevers, no chest pain. Not on oxygen."
    judgement = judged(_RESPIRATORY, "exclusion", facts(age=67, sex="male", note=note))
    assert judgement.status != "met", judgement.reason


def test_a_bracketed_definition_with_nothing_after_it_still_decides() -> None:
    criterion = (
        "Uncontrolled respiratory symptoms (i.e., cough, dyspnea, fevers, chest pain, or "
        "an increase from baseline oxygen requirements)."
    )
    judgement = judged(criterion, "exclusion", facts(age=67, sex="male", note="Mild cough."))
    assert judgement.status == "met", judgement.reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT06467357: a bracketed list, then "requiring …".
        "Active non-infectious skin disease (including any grade rash, urticaria, "
        "dermatitis, ulceration, or psoriasis) requiring systemic treatment",
        # The same clause after an "i.e." definition.
        "Active non-infectious skin disease (i.e., rash, urticaria, dermatitis, "
        "ulceration, or psoriasis) requiring systemic treatment",
    ],
)
def test_a_requiring_clause_after_a_bracketed_list_qualifies_its_head(criterion: str) -> None:
    note = "Plaque psoriasis on topical steroids only."
    judgement = judged(criterion, "exclusion", facts(age=60, sex="female", note=note))
    assert judgement.status != "met", judgement.reason


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        # NCT05699824 and NCT01891513: "failure to" asks an inability, as "unable to" does.
        ("Failure to give consent", "Lacks capacity to consent.", "met"),
        ("Failure to give consent", "Reads and understands the consent form.", "not_met"),
        ("Failure to provide informed consent", "Refused consent for the study.", "met"),
        ("Failure to provide informed consent", "Consent discussed with the patient.", "unknown"),
    ],
)
def test_a_failure_to_consent_is_an_inability_to_consent(
    criterion: str, note: str, expected: str
) -> None:
    judgement = judged(criterion, "exclusion", facts(age=52, sex="male", note=note))
    assert judgement.status == expected, judgement.reason


def test_an_ability_to_consent_put_off_is_none_now() -> None:
    # Round thirty (NCT05699824): a bleed admitted overnight, "once settled".
    note = "No CKD, no heart disease. Able to consent once settled."
    judgement = judged("Failure to give consent", "exclusion", facts(age=52, sex="male", note=note))
    assert judgement.status == "unknown", judgement.reason
