"""A disease only MeSH reads whose name holds a qualifier word ("Primary Myelofibrosis",
"Chronic Urticaria") is stated with it by a note naming it in the same words: the note's
words are read for the qualifier as a lexicon condition's are (issue 12; the inclusions the
parse read nothing from)."""

from __future__ import annotations

import pytest

from test_judge_entailment import status_and_reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # NCT04576156 "Diagnosis of primary myelofibrosis according to the revised World
        # Health Organization criteria or …"; round eleven asks it as its first words.
        ("Primary myelofibrosis", "JAK2-positive primary myelofibrosis diagnosed in 2021."),
        # NCT00739921 "Subjects with no sinus disease and subjects with chronic rhinosinusitis."
        ("Subjects with chronic rhinosinusitis", "Chronic rhinosinusitis with nasal polyps."),
        ("Primary biliary cholangitis", "Primary biliary cholangitis on ursodeoxycholic acid."),
        ("Chronic spontaneous urticaria", "Chronic spontaneous urticaria for 2 years."),
    ],
)
def test_a_note_naming_the_disease_in_the_criterions_words_states_its_qualifier(
    criterion: str, note: str
) -> None:
    found, reason = status_and_reason(criterion, "inclusion", note)
    assert found == "met", reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Primary myelofibrosis", "Post-polycythemia vera myelofibrosis, JAK2 positive."),
        ("Subjects with chronic rhinosinusitis", "Acute rhinosinusitis for 5 days."),
    ],
)
def test_a_note_naming_it_without_the_qualifier_still_leaves_it_open(
    criterion: str, note: str
) -> None:
    assert status_and_reason(criterion, "inclusion", note)[0] != "met"
