"""A condition "due to" a cause: the cause alone does not meet it.

"Obstructive jaundice due to involvement of biliary tree by tumour" asks for the jaundice;
the tumour says what caused it. A patient with a tumour (benign colonic adenomas) and no
jaundice does not have it, and a note denying jaundice does not meet it. A cause that is a
kind of the condition ("infection due to hepatitis B") names which one is asked and still
answers. The criteria are real registry text (``../shared``, API v2 studies).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

# NCT06712420, exclusion.
JAUNDICE = "Obstructive jaundice due to involvement of biliary tree by tumour."
# NCT06035874 and others, exclusion.
DIABETES = (
    "History of diabetic ketoacidosis, type 1 diabetes, pancreas or beta-cell transplantation,"
    " or diabetes secondary to pancreatitis or pancreatectomy"
)


def test_a_tumour_alone_does_not_meet_jaundice_due_to_tumour() -> None:
    judgement = judged(JAUNDICE, "exclusion", facts(note="Benign colonic adenomas removed 2023."))
    assert judgement.status == "unknown", judgement.reason
    assert "tumour" not in judgement.reason


def test_a_note_denying_jaundice_does_not_meet_jaundice_due_to_tumour() -> None:
    judgement = judged(JAUNDICE, "exclusion", facts(note="No jaundice."))
    assert judgement.status == "not_met", judgement.reason


def test_jaundice_due_to_tumour_in_the_registry_trial_is_not_met_on_adenomas() -> None:
    patient = facts(note="Benign colonic adenomas removed 2023. No jaundice.")
    result = match_trial(parse_trial_criteria(v2_trial("NCT06712420")), patient)
    found = [c for c in result.criteria if c.text.startswith("Obstructive jaundice due to")]
    assert found and found[0].status == "not_met", [c.reason for c in found]


def test_the_cause_alone_does_not_meet_a_condition_secondary_to_it() -> None:
    for note in ("History of pancreatitis 2019.", "Chronic pancreatitis, no diabetes."):
        judgement = judged(DIABETES, "exclusion", facts(note=note))
        assert judgement.status != "met", (note, judgement.reason)


def test_a_named_kind_after_due_to_still_answers() -> None:
    judgement = judged(
        "Infection due to hepatitis B", "exclusion", facts(note="Chronic hepatitis B.")
    )
    assert judgement.status == "met", judgement.reason
    # MeSH files HIV Infections (C20.673.480) under Immunologic Deficiency Syndromes.
    for note, status in (("HIV positive on ART.", "met"), ("No HIV.", "not_met")):
        judgement = judged("Immunodeficiency due to HIV", "exclusion", facts(note=note))
        assert judgement.status == status, (note, judgement.reason)
    assert judged(DIABETES, "exclusion", facts(note="Type 1 diabetes.")).status == "met"
