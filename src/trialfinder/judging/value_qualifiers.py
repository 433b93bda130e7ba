"""A value asked with a qualifier the number alone does not show.

"Coagulopathy with uncorrectable INR>1.5" (NCT05702775), "serum potassium <3.0 mEq/L that is
persistent and refractory to correction" (NCT03165734), "systolic blood pressure >180 mmHg …
despite anti-hypertensive therapy" (NCT05813288): the threshold is asked of a value that stays
past correction, treatment or time. A note's one value past the threshold says nothing of
that, yet an exclusion was met on the number alone, and an inclusion read "persistent" as
framing. Here a met answer decided by such a value stays met only when the value's sentence
says it stays (``value_qualifiers`` of the screening rules: "INR 1.9 despite vitamin K");
otherwise it is unknown, and the reason names the qualifier the note leaves out. A value
asked as one no treatment raised ("High bleeding risk (spontaneous international normalized
ratio (INR) > 1.6)", NCT05686525; "spontaneous INR > 1,5", NCT00711542) is held the same way:
an INR of 2.8 on warfarin does not say it is spontaneous. The other way round, a value the
note gives beside a drug that lowers it ("Axillary temp 37.1 C but had paracetamol 2 h ago")
does not fail a lower bound ("fever ≥ 37.3℃ … if taking antipyretics, … after taking the drug
(more than 4 hours)", NCT05702489): unknown, naming the drug.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.model import Criterion, Measurement
from trialfinder.judging.findings import Outcome
from trialfinder.patient import (
    PatientFacts,
    ValueQualifiers,
    load_screening_rules,
    phrase_alternation,
    phrase_pattern,
)

__all__ = ["with_value_lowered_by_a_drug", "with_value_qualifier_asked"]

# A sentence of the criterion: a threshold's qualifier is written in its own sentence (a
# decimal point, "3.0", ends none).
_SENTENCE = re.compile(r"(?:[^.;\n]|\.(?=\S))+")
# Up to four words after "despite", none across a comma or a bracket.
_DESPITE_WHAT = re.compile(r"(?:\s+[\w-]+){1,4}")


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    words: ValueQualifiers | None = load_screening_rules().value_qualifiers
    if words is None:
        return None
    return phrase_pattern(words.criterion_words), phrase_pattern(words.note_words)


@functools.cache
def _origin_patterns() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The criterion's words asking a value no treatment raised ("spontaneous INR > 1.6"),
    right before the value, and the note's words saying so ("not on anticoagulation")."""
    words: ValueQualifiers | None = load_screening_rules().value_qualifiers
    if words is None or not words.criterion_origin_words:
        return None
    before = phrase_alternation(words.criterion_origin_words)
    return (
        re.compile(rf"\b(?:{before})\b[^\d.;]*$", re.IGNORECASE),
        phrase_pattern(words.note_origin_words),
    )


def _qualifier_of(text: str, value_text: str) -> str | None:
    """The qualifier written in the criterion's sentence holding the threshold
    ``value_text`` ("uncorrectable" for "Coagulopathy with uncorrectable INR>1.5"), or None."""
    patterns = _patterns()
    at = text.lower().find(value_text.lower()) if value_text else -1
    if patterns is None or at < 0:
        return None
    for sentence in _SENTENCE.finditer(text):
        if sentence.start() <= at < sentence.end():
            found = patterns[0].search(sentence.group())
            if found is None:
                return None
            said = found.group().lower()
            # "despite medical management": what it stays despite is said with it.
            after = (
                _DESPITE_WHAT.match(sentence.group(), found.end()) if said == "despite" else None
            )
            return said + (after.group().rstrip() if after is not None else "")
    return None


def _deciding_values(
    criterion: Criterion, patient: PatientFacts, evidence: str
) -> list[Measurement]:
    """The criterion's thresholds (not an age) of which the note's value in ``evidence``
    is one, so the answer it decided is theirs."""
    return [
        constraint
        for constraint in criterion.constraints
        if isinstance(constraint, Measurement)
        and constraint.analyte != "age"
        and any(fact.evidence == evidence for fact in patient.measurement_facts(constraint.analyte))
    ]


def with_value_qualifier_asked(
    criterion: Criterion, patient: PatientFacts, own: Outcome
) -> Outcome:
    """``own`` with a qualified threshold checked: a met answer whose evidence is a value of
    a threshold the criterion qualifies ("uncorrectable INR>1.5") is unknown unless that
    sentence of the note says the value stays ("despite", "x2", "uncontrolled")."""
    status, evidence, reason = own
    patterns = _patterns()
    if status != "met" or not evidence or patterns is None:
        return own
    for constraint in _deciding_values(criterion, patient, evidence):
        said = _qualifier_of(criterion.text, constraint.text)
        if said is not None and patterns[1].search(evidence) is None:
            return (
                "unknown",
                evidence,
                f"{reason}; the criterion asks it {said}, which the note does not say",
            )
    return _with_origin_asked(criterion, patient, own)


def _with_origin_asked(criterion: Criterion, patient: PatientFacts, own: Outcome) -> Outcome:
    """``own`` with a value's origin checked: "spontaneous INR > 1.6" is met by the note's
    INR past it only when that sentence says no anticoagulant raised it; "INR 2.8 on
    warfarin" leaves it unknown."""
    status, evidence, reason = own
    patterns = _origin_patterns()
    if status != "met" or not evidence or patterns is None:
        return own
    for constraint in _deciding_values(criterion, patient, evidence):
        at = criterion.text.lower().find(constraint.text.lower()) if constraint.text else -1
        written = patterns[0].search(criterion.text, 0, at) if at > 0 else None
        if written is not None and patterns[1].search(evidence) is None:
            said = written.group().split()[0].lower()
            return (
                "unknown",
                evidence,
                f"{reason}; the criterion asks for a {said} value, and the note does not say "
                "that no treatment raised it",
            )
    return own


@functools.cache
def _lowering_drugs() -> dict[str, re.Pattern[str]]:
    """By analyte, the note's words of a drug that lowers its value (``lowered_by_words``)."""
    words: ValueQualifiers | None = load_screening_rules().value_qualifiers
    if words is None:
        return {}
    return {analyte: phrase_pattern(names) for analyte, names in words.lowered_by_words.items()}


def with_value_lowered_by_a_drug(
    criterion: Criterion, patient: PatientFacts, own: Outcome
) -> Outcome:
    """``own``, a not-met answer decided by a value below a lower bound made unknown when
    the value's sentence names a drug that lowers it ("37.1 C but had paracetamol 2 h ago"
    against "fever ≥ 37.3℃")."""
    status, evidence, reason = own
    if status != "not_met" or not evidence:
        return own
    for constraint in _deciding_values(criterion, patient, evidence):
        drugs = _lowering_drugs().get(constraint.analyte)
        if drugs is None or constraint.comparator not in (">", ">="):
            continue
        drug = drugs.search(evidence)
        if drug is not None:
            return (
                "unknown",
                evidence,
                f"{reason}; the note gives it after {drug.group()}, which lowers it",
            )
    return own
