"""A condition an exclusion asks only when it contraindicates a treatment: "significant,
pre-existing co-morbid respiratory disease that contraindicate the use of bleomycin". The
contraindication is a qualifier of the condition the note must show: the condition alone
(mild asthma on PRN salbutamol) leaves it unknown; a note that says so meets it.
"""

from __future__ import annotations

import functools
import re

import msgspec

from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.judging.criterion_words import mention_span
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts, judge_cue_pattern

__all__ = ["with_contraindication_asked"]


@functools.cache
def _asked() -> re.Pattern[str]:
    """ "… disease that contraindicate the use of bleomycin", "… which would contraindicate
    surgery": the cue right after the condition, what it contraindicates up to the clause's
    end."""
    return judge_cue_pattern(
        r"\s*,?\s*(?:(?:that|which)\s+)?(?:(?:would|could|may|might)\s+)?"
        r"(?:{contraindicating_words:spaced})\b"
        r"(?P<what>[^;.,]*?)(?=\s+(?:are|is|will|should|must)\b|[;.,]|$)",
        re.IGNORECASE,
    )


@functools.cache
def _said() -> re.Pattern[str]:
    return judge_cue_pattern(r"\b(?:{contraindicated_note_words:spaced})\b", re.IGNORECASE)


# Words of what a criterion says is contraindicated that name no treatment ("the use of").
_FRAMING = frozenset({"the", "use", "any", "all", "its", "their", "with", "further", "treatment"})


def _named(what: str) -> list[str]:
    """The words naming what is contraindicated ("the use of bleomycin": bleomycin)."""
    return [w for w in re.findall(r"[a-z][a-z0-9-]{2,}", what.lower()) if w not in _FRAMING]


def with_contraindication_asked(
    text: str, constraint: Constraint, finding: Finding, patient: PatientFacts
) -> Finding:
    """A condition's finding, left unknown when the criterion asks it only as contraindicating
    a treatment and no sentence of the note says that treatment is contraindicated (an MRI
    a pacemaker rules out says nothing of bleomycin)."""
    if finding.truth != "true" or not isinstance(constraint, ConceptMention):
        return finding
    span = mention_span(text, constraint.text)
    asked = None if span is None else _asked().match(text, span[1])
    if asked is None:
        return finding
    sentences = [
        finding.evidence or "",
        *(f.evidence for f in patient.facts),
        *(f.evidence for f in patient.vocabulary_facts),
        *patient.unread_sentences,
    ]
    what = " ".join(asked.group("what").split())
    named = _named(what)
    if any(
        _said().search(sentence)
        and (not named or any(re.search(rf"\b{re.escape(w)}", sentence, re.I) for w in named))
        for sentence in sentences
    ):
        return finding
    what = what or "the treatment"
    reason = f"{finding.reason}; the note does not say it contraindicates {what}"
    return msgspec.structs.replace(finding, truth="unknown", reason=reason)
