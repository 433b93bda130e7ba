"""The words of a met inclusion the note's sentence of the condition names itself.

"Cirrhosis with Acute Variceal Bleed" (NCT05699824), "diabetic retinopathy complicated by
macular edema" (NCT05600179): the lexicon reads the condition; the words around it, a
complication no concept names, were
left unread and kept a met inclusion to the study team. The note's sentence the condition is
read from ("cirrhosis, admitted today with an acute oesophageal variceal bleed") says whether
the patient's condition is so: a criterion word that sentence names, not under a negation
there ("No variceal bleed") nor in the criterion ("No previous irradiation to the pelvis"),
is read. A word the sentence does not name ("in remission" against "partial response only")
is left to the study team, as before.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.context import cues_at

__all__ = ["words_the_note_names"]

_WORD = re.compile(r"[A-Za-z]{3,}")
# A word of five letters or more is named by a note word it begins ("bleed", "bleeding");
# a shorter one only by itself ("leg" is no "legal").
_STEM_LENGTH = 5


@functools.lru_cache(maxsize=65_536)
def words_the_note_names(criterion_text: str, diagnosed_in: str) -> tuple[tuple[int, int], ...]:
    """The spans of the criterion's words that ``diagnosed_in`` (the note's sentence the
    patient's condition is read from) names outside a negation, each word outside a negation
    of the criterion itself. Empty without such a sentence."""
    if not diagnosed_in:
        return ()
    spans = []
    for word in _WORD.finditer(criterion_text):
        if cues_at(criterion_text, word.start(), word.end(), "negation"):
            continue
        if _named(word.group().lower(), diagnosed_in):
            spans.append(word.span())
    return tuple(spans)


def _named(word: str, sentence: str) -> bool:
    tail = r"\w*" if len(word) >= _STEM_LENGTH else r"\b"
    return any(
        not cues_at(sentence, found.start(), found.end(), "negation")
        for found in re.finditer(rf"\b{re.escape(word)}{tail}", sentence, re.IGNORECASE)
    )
