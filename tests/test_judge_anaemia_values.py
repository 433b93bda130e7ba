"""Issue 12: a note that names anaemia speaks of haemoglobin and haematocrit.

Anaemia is a low haemoglobin (WHO 2024: below 130 g/L at most, the men's cut-off; every
other group's is lower), and the haematocrit falls with it. A note that names it without a
value is not silent about either, so a whole record's silence does not let off an exclusion
on a low value ("Haemoglobin <90 g/L"): the study team checks the value. A bound above what
anaemia allows is still settled.
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_judge_general import criterion_of, whole, written
from test_judge_unread_notes import CONSENTING, THROMBOCYTOPENIC
from trialfinder.match import judge

# SIGIR topic 2014-4 (a labelled note of the development half): anaemia without a value.
KAWASAKI_LABS = (
    "A 2-year-old boy is brought to the emergency department by his parents for 5 days of "
    "high fever and irritability. Laboratory tests report elevated alanine aminotransferase, "
    "white blood cell count of 17,580/mm, albumin 2.1 g/dL, C-reactive protein 4.5 mg, "
    "erythrocyte sedimentation rate 60 mm/h, mild normochromic, normocytic anemia, and "
    f"leukocytes in urine of 20/mL with no bacteria identified. {CONSENTING}"
)


def test_an_exclusion_on_a_low_value_is_not_let_off_when_the_note_names_anaemia() -> None:
    # NCT06194448's "Haemoglobin <90 g/L" and a TrialGPT criterion (SIGIR 2015-10's fibroid
    # trial): the note's anaemia may or may not be that low, so the study team checks.
    asked = [
        (criterion_of("NCT06194448", "Haemoglobin"), THROMBOCYTOPENIC),
        (written("Hematocrit <30%", "exclusion"), KAWASAKI_LABS),
    ]
    answers = [judge(c, facts(note=note), record_is_complete=True) for c, note in asked]
    assert [(a.status, "anemia" in (a.evidence or "")) for a in answers] == [("unknown", True)] * 2


def test_a_note_silent_about_anaemia_or_denying_it_still_lets_a_low_value_off() -> None:
    # A note reporting laboratory results reports the ones that matter: its silence on the
    # haemoglobin lets a low one off. (A note reporting none leaves it to the study team:
    # the silence rule ``unreported_kind_of_value``.)
    silent = (
        "A 21-year-old female is evaluated for progressive arthralgias. WBC 6.1, creatinine "
        f"0.8 mg/dL. {CONSENTING}"
    )
    assert whole(criterion_of("NCT06194448", "Haemoglobin"), silent) == "not_met"
    no_labs = f"A 21-year-old female is evaluated for progressive arthralgias. {CONSENTING}"
    assert whole(criterion_of("NCT06194448", "Haemoglobin"), no_labs) == "unknown"
    denied = KAWASAKI_LABS.replace("mild normochromic, normocytic anemia, and ", "no anemia; ")
    assert whole(written("Hematocrit <30%", "exclusion"), denied) == "not_met"


def test_anaemia_settles_a_bound_above_any_anaemic_value() -> None:
    # A haemoglobin of at least 14 g/dL is no anaemic one; one of at least 9 g/dL may be.
    assert whole(written("Hemoglobin > 14 g/dL", "exclusion"), KAWASAKI_LABS) == "not_met"
    assert whole(written("Hemoglobin ≥ 14 g/dL", "inclusion"), KAWASAKI_LABS) == "not_met"
    assert whole(written("Hemoglobin ≥ 9 g/dL", "inclusion"), KAWASAKI_LABS) == "unknown"
