"""What a note's allergy denial answers: a denial of drug allergies answers an allergy,
hypersensitivity or intolerance to a drug, its excipients or components; not one to a food,
latex or an adhesive; a denial of food allergies answers only foods."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("text", "note"),
    [
        # NCT06662786
        (
            "Has known allergies, hypersensitivity, or intolerance to excipients of any of the "
            "following: (a) amivantamab or cetuximab, (b) any component of mFOLFOX6 and, (c) any "
            "component of FOLFIRI",
            "NKDA.",
        ),
        # NCT06750094
        (
            "Has known allergies, hypersensitivity, or intolerance to excipients of any of the "
            "following: amivantamab, cetuximab or bevacizumab or any component of FOLFIRI",
            "I've never had lung problems and I'm not allergic to any medicine.",
        ),
        # NCT06348199
        (
            "Severe hypersensitivity to treatment with another monoclonal antibody, any "
            "ingredient contained in SB27 or Keytruda, or any component of platinum-containing "
            "compounds or pemetrexed.",
            "NKDA.",
        ),
    ],
)
def test_a_drug_allergy_denial_answers_a_reaction_to_named_drugs_and_their_excipients(
    text: str, note: str
) -> None:
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


@pytest.mark.parametrize(
    "text",
    [
        # NCT05594173
        "known allergies to medical adhesive",
        "known allergies to ingredients of the food products used in the experiment .",
        # NCT05013879
        "prior history of allergic reactions to skin taping, bandaids, surgical tape; athletic "
        "tape or other skin-adhering electrode adhesives;",
        # NCT00739778
        "Allergy or intolerance to food ingredients and products including artificial sweeteners.",
    ],
)
@pytest.mark.parametrize(
    "note", ["NKDA.", "No known drug allergies.", "Not allergic to any medicine."]
)
def test_a_drug_allergy_denial_leaves_a_food_or_adhesive_allergy_to_the_team(
    text: str, note: str
) -> None:
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "unknown", result.reason
    assert "drug allergies" in result.reason


@pytest.mark.parametrize(
    "text",
    [
        # NCT05594173
        "known allergies to medical adhesive",
        # NCT00739778: an intolerance written into the allergy's list, to the same object
        "Allergy or intolerance to food ingredients and products including artificial sweeteners.",
    ],
)
def test_a_denial_of_every_allergy_answers_a_food_or_adhesive_allergy(text: str) -> None:
    note = "Medically fit and well, takes no medications, no allergies."
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_a_food_allergy_denial_leaves_a_drug_allergy_to_the_team() -> None:
    # NCT06348199
    text = (
        "Severe hypersensitivity to treatment with another monoclonal antibody, any ingredient "
        "contained in SB27 or Keytruda, or any component of platinum-containing compounds or "
        "pemetrexed."
    )
    result = judged(text, "exclusion", facts(note="No food allergies."))
    assert result.status == "unknown", result.reason


@pytest.mark.parametrize(
    "text",
    [
        # NCT05688332
        "Hypersensitivity or contraindication to SUs",
        # NCT01126879
        "Known soy intolerance",
    ],
)
def test_an_allergy_denial_leaves_a_contraindication_or_an_intolerance_alone_to_the_team(
    text: str,
) -> None:
    result = judged(text, "exclusion", facts(note="I am not allergic to any medicine."))
    assert result.status == "unknown", result.reason


@pytest.mark.parametrize(
    ("text", "profile"),
    [
        # NCT05381623
        (
            "Hypersensitivity to ibuprofen.",
            {
                "note": "Allergic to penicillin (rash); takes ibuprofen for headaches without "
                "problems."
            },
        ),
        # NCT05381623, against a profile's medication list
        ("Hypersensitivity to ibuprofen.", {"medications": ["ibuprofen 400 mg when needed"]}),
    ],
)
def test_a_drug_the_patient_takes_now_answers_an_allergy_to_it(
    text: str, profile: dict[str, object]
) -> None:
    result = judged(text, "exclusion", facts(age=60, sex="male", **profile))
    assert result.status == "not_met", result.reason


def test_a_drug_taken_answers_none_of_the_other_drugs_an_allergy_names() -> None:
    # NCT05686993: nifedipine taken says nothing of cinnarizine
    text = "Allergy to cinnarizine or nifedipine or their excipients"
    result = judged(
        text,
        "exclusion",
        facts(age=38, sex="female", medications=["nifedipine MR 60 mg once daily"]),
    )
    assert result.status == "unknown", result.reason


def test_a_drug_of_the_class_taken_leaves_an_allergy_to_the_class_to_the_team() -> None:
    # NCT05686616: dapagliflozin is one SGLT2 inhibitor, not every one
    text = "A history of hypersensitivity or allergy to SGLT2 inhibitor"
    result = judged(text, "exclusion", facts(medications=["dapagliflozin 10 mg once daily"]))
    assert result.status == "unknown", result.reason


def test_a_drug_the_note_reacted_to_is_not_one_it_takes() -> None:
    # NCT05381623
    result = judged(
        "Hypersensitivity to ibuprofen.", "exclusion", facts(note="Ibuprofen gives me hives.")
    )
    assert result.status != "not_met", result.reason


@pytest.mark.parametrize(
    "text",
    [
        # NCT05482711
        "Known history of skin sensitivity or allergic reaction to adhesives",
        # NCT05013879
        "prior history of allergic reactions to skin taping, bandaids, surgical tape; athletic "
        "tape or other skin-adhering electrode adhesives;",
    ],
)
def test_an_allergy_to_a_member_of_the_allergens_kind_meets_it(text: str) -> None:
    result = judged(text, "exclusion", facts(note="Allergy: Elastoplast plasters (skin rash)."))
    assert result.status == "met", result.reason


def test_an_allergy_of_another_kind_does_not_meet_it() -> None:
    # NCT05482711: a peanut allergy is a food's, not an adhesive's
    text = "Known history of skin sensitivity or allergic reaction to adhesives"
    result = judged(text, "exclusion", facts(note="Allergy: peanuts (anaphylaxis)."))
    assert result.status != "met", result.reason
