"""A met inclusion's unread words the note's own sentence of the condition names (issue 12;
unread-inclusions-forms).

"Cirrhosis with Acute Variceal Bleed" (NCT05699824), "diabetic retinopathy complicated by
macular edema" (NCT05600179): the lexicon reads the condition, and the words around it (a
complication) it cannot read kept a met inclusion "the rest of this criterion needs the study
team". The note's sentence naming the
condition ("cirrhosis, admitted today with an acute oesophageal variceal bleed") names those
words too: they are read. A word the note's sentence denies ("No variceal bleed"), a word the
criterion itself negates, or a word the sentence does not name still needs the study team.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.judging.note_named_words import words_the_note_names

_VARICEAL_BLEED = "Cirrhosis with Acute Variceal Bleed"
_MACULAR_EDEMA = "diabetic retinopathy complicated by macular edema"


def _answer(text: str, note: str) -> tuple[str, str]:
    result = judged(text, "inclusion", facts(age=50, sex="female", note=note))
    return result.status, result.reason


def test_a_complication_the_note_sentence_names_meets_the_inclusion() -> None:
    note = "Alcohol-related cirrhosis, admitted today with an acute oesophageal variceal bleed."
    assert _answer(_VARICEAL_BLEED, note)[0] == "met"
    note = "Diabetic retinopathy with centre-involving macular oedema, on aflibercept."
    assert _answer(_MACULAR_EDEMA, note)[0] == "met"


def test_a_complication_the_note_denies_still_needs_the_study_team() -> None:
    note = "Proliferative diabetic retinopathy, no macular edema."
    status, reason = _answer(_MACULAR_EDEMA, note)
    assert status == "unknown", reason
    status, reason = _answer(_VARICEAL_BLEED, "Alcohol-related cirrhosis. No variceal bleed.")
    assert status == "unknown", reason


def test_a_state_the_note_sentence_does_not_name_still_needs_the_study_team() -> None:
    # NCT05686746 (round thirty-one).
    note = "Lupus nephritis, partial response only, UPCR 95."
    status, reason = _answer("lupus nephritis in remission", note)
    assert status == "unknown", reason


def test_a_word_the_criterion_negates_is_not_named_by_the_note() -> None:
    # NCT03256916 "No previous irradiation to the pelvis or chemotherapy": the negated words
    # are no words a note's sentence states.
    text = "No previous irradiation to the pelvis or chemotherapy"
    assert words_the_note_names(text, "Irradiation to the pelvis in 2019.") == ()
