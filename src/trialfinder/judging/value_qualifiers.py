"""A value asked with a qualifier the number alone does not show.

"Coagulopathy with uncorrectable INR>1.5" (NCT05702775), "serum potassium <3.0 mEq/L that is
persistent and refractory to correction" (NCT03165734), "systolic blood pressure >180 mmHg …
despite anti-hypertensive therapy" (NCT05813288): the threshold is asked of a value that stays
past correction, treatment or time. A note's one value past the threshold says nothing of
that, yet an exclusion was met on the number alone, and an inclusion read "persistent" as
framing. Here a met answer decided by such a value stays met only when the value's sentence
says it stays (``value_qualifiers`` of the screening rules: "INR 1.9 despite vitamin K");
otherwise it is unknown, and the reason names the qualifier the note leaves out.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.model import Criterion, Measurement
from trialfinder.judging.findings import Outcome
from trialfinder.patient import PatientFacts, ValueQualifiers, load_screening_rules, phrase_pattern

__all__ = ["with_value_qualifier_asked"]

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
    for constraint in criterion.constraints:
        if not isinstance(constraint, Measurement) or constraint.analyte == "age":
            continue
        said = _qualifier_of(criterion.text, constraint.text)
        if said is None or not any(
            fact.evidence == evidence for fact in patient.measurement_facts(constraint.analyte)
        ):
            continue
        if patterns[1].search(evidence) is None:
            return (
                "unknown",
                evidence,
                f"{reason}; the criterion asks it {said}, which the note does not say",
            )
    return own
