"""A criterion asking no evidence of the cancer now ("No evidence of cancer by history or
physical examination", "No evidence of residual cancer on CT scan", the parts of "Complete
clinical response after first-line platinum-based chemotherapy", NCT00055614) asks whether the
cancer the patient had is in remission, not whether they never had one: a patient with
ovarian cancer meets it when the note says the cancer is gone after treatment ("CT …: no
residual or recurrent disease", "the scan in November was clear", "complete response").
Why: read as "no cancer", every such criterion was failed by the very cancer it asks a
response of (issue 12, a wrong-direction answer). A note giving a progression or relapse
anywhere is left as before. The words are data (``judge_cues`` ``no_evidence_lead_words``,
``no_evidence_qualifiers``, ``note_no_residual_words``, ``clear_scan_nouns``; with
``note_remission_words``).
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.context import context_at
from trialfinder.criteria.model import ConceptMention
from trialfinder.judging.criterion_words import malignancy_concepts, mention_span
from trialfinder.judging.findings import Finding
from trialfinder.judging.let_off import names_another_cancer
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts, judge_cue_pattern, screening_phrase

__all__ = ["no_evidence_now"]


def no_evidence_now(
    constraint: ConceptMention, criterion_text: str, patient: PatientFacts
) -> Finding | None:
    """The finding that a criterion's "no evidence of [residual] cancer" holds of a patient
    whose note says the cancer is gone now; None when the criterion asks something else or
    the note says no such thing (or gives a progression)."""
    if (
        not constraint.negated
        or constraint.concept not in malignancy_concepts()
        or names_another_cancer(criterion_text, constraint)
    ):
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None or not _lead().search(criterion_text, 0, span[0]):
        return None
    sentences = note_sentences(patient)
    progression = screening_phrase("note_progression_words")
    for sentence in sentences:
        for found in progression.finditer(sentence):
            if "negation" not in context_at(sentence, *found.span()):
                return None
    gone = next((s for s in sentences if _says_gone(s)), None)
    if gone is None:
        return None
    return Finding("true", gone, "the note gives no evidence of the cancer after its treatment")


@functools.cache
def _lead() -> re.Pattern[str]:
    """ "No evidence of", "no evidence of residual": the words right before the cancer."""
    return judge_cue_pattern(
        r"\b(?:{no_evidence_lead_words:spaced})\s+"
        r"(?:(?:{no_evidence_qualifiers})\s+(?:or\s+(?:{no_evidence_qualifiers})\s+)?)?$",
        re.IGNORECASE,
    )


def _says_gone(sentence: str) -> bool:
    """Whether a note's sentence says the cancer is gone: a remission, no residual disease,
    a scan that was clear."""
    return bool(
        screening_phrase("note_remission_words").search(sentence)
        or judge_cue_pattern(r"\b(?:{note_no_residual_words:spaced})\b", re.I).search(sentence)
        or judge_cue_pattern(
            r"\b(?:{clear_scan_nouns})\b[^.;]{0,30}?\b(?:was|were|is|are|came\s+back)\s+"
            r"(?:all\s+)?clear\b",
            re.I,
        ).search(sentence)
    )
