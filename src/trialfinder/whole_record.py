"""Whether a note is the patient's whole record, decided from the note's form alone.

A coordinator reading a full referral letter or history and physical — one with a past
medical history (or a problem list) and a medication list (or "no regular medication") —
takes a major diagnosis, transplant, cancer or surgery it does not list as one the patient
has not had. A one-line referral ("54F with X, please see") says only what prompted it, so
its silence settles nothing. The form decides, never the trial: the same note is read the
same way for every study. The headings are data (``history_section_headings`` and the
medication-list cues of ``data/criteria/cues.json``); docs/criteria.md, "When a note counts
as a whole record", says what such a note's silence settles and what it never does.
"""

from __future__ import annotations

from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon

__all__ = ["history_heading", "whole_record_reason"]


def history_heading(sentences: Sequence[str]) -> str:
    """The heading of the note's history section ("PMH:", "Past medical history:"), as
    written; "" when the note has none. Only a sentence or line that starts with the
    heading counts: "a history of asthma" in running text is a finding, not a section."""
    headings = tuple(load_lexicon().cues.history_section_headings)
    for sentence in sentences:
        lowered = " ".join(sentence.lower().split())
        for heading in headings:
            if lowered.startswith(heading):
                return " ".join(sentence.split())[: len(heading)]
    return ""


def whole_record_reason(sentences: Sequence[str], medication_cue: str) -> str:
    """Why the note reads as the patient's whole record, or "" when it reads as partial.

    Whole takes both a history section and a medication list (``medication_cue``, the
    words :func:`trialfinder.patient.medication_list_cue` found it by): a letter
    with a medication list but no history may still leave the past out, and a history
    without medications may be a problem summary of one clinic. Only the cue words are
    quoted, never the patient's findings.
    """
    if not medication_cue:
        return ""
    heading = history_heading(sentences)
    if not heading:
        return ""
    return (
        f"the note has a history section (“{heading}”) and a medication list "
        f"(“{medication_cue}”), so it is read as the patient's whole record"
    )
