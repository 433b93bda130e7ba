"""Two bounds of one lab, each tied to the patient's state.

"Platelets ≥ 75,000/μL without bone marrow involvement and ≥ 50,000/μL with bone marrow
involvement", "ANC ≥ 1.0 × 10⁹/L (≥ 0.5 × 10⁹/L if marrow involvement)", "ALT ≤ 2.5 × ULN
(≤ 5 × ULN if liver metastases)": the parse reads both bounds, and judged as two requirements
the stricter one turned away a patient the condition lets in. Read together, a value meeting
both meets the criterion and one failing both fails it; a value between them is settled only
by the note saying whether the condition holds (the words tying a bound to it are
``bound_condition_*`` of ``judge_cues``), and is unknown, naming the condition, otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.context import context_at
from trialfinder.criteria.model import Constraint, Measurement
from trialfinder.judging.findings import Finding, joined_reasons
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts, judge_cue_pattern, load_screening_rules

__all__ = ["ConditionalBounds", "conditional_bounds"]

# The condition after a bound: a cue, then its words up to a bracket, a list break or a number.
_CONDITION_AFTER = (
    r"\s*(?:(?P<without>{bound_condition_without_words:spaced})|{bound_condition_with_words:spaced})"
    r"\s+(?P<condition>[^\W\d_][^\d()\[\],;:<>≤≥=.]*?)\s*(?=$|[()\[\],;:<>≤≥=.]|\d|\b(?:and|or)\b)"
)
_WORD = re.compile(r"[^\W\d_][\w-]*")


class _Bound(msgspec.Struct, frozen=True):
    index: int
    condition: str  # "" when the bound names none (the bound that applies otherwise)
    without: bool
    span: tuple[int, int]  # the words tying it to the condition


class ConditionalBounds(msgspec.Struct, frozen=True):
    """The constraints and findings with each conditional pair read as one, and the spans of
    the words tying the bounds to their condition (read, for :func:`read_fully`)."""

    constraints: list[Constraint]
    findings: list[Finding]
    spans: tuple[tuple[int, int], ...]


def conditional_bounds(
    criterion_text: str,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    patient: PatientFacts,
) -> ConditionalBounds:
    """The criterion's constraints and findings with each pair of bounds of one lab, tied to
    one condition (its presence for one bound; its absence, or nothing, for the other), read
    as one finding (the first bound's place)."""
    kept_constraints = list(constraints)
    kept_findings = list(findings)
    dropped: set[int] = set()
    spans: list[tuple[int, int]] = []
    for first, second in _pairs(criterion_text, constraints):
        merged = _merged(first, second, findings, patient)
        if merged is None:
            continue
        kept_findings[min(first.index, second.index)] = merged
        dropped.add(max(first.index, second.index))
        spans.extend(b.span for b in (first, second) if b.condition)
    return ConditionalBounds(
        [c for i, c in enumerate(kept_constraints) if i not in dropped],
        [f for i, f in enumerate(kept_findings) if i not in dropped],
        tuple(spans),
    )


def _pairs(criterion_text: str, constraints: Sequence[Constraint]) -> list[tuple[_Bound, _Bound]]:
    """Each pair of bounds of one lab, one way, whose condition is one: the bound tied to it
    first (``first``), the bound for its absence second."""
    bounds: list[tuple[Measurement, _Bound]] = []
    for index, constraint in enumerate(constraints):
        if not isinstance(constraint, Measurement) or not constraint.text:
            continue
        # A bound written twice is one constraint ("For patients with CLL ≥ 50,000/μL, For
        # patients with lymphomas ≥ 75,000/μL without … and ≥ 50,000/μL with …"): each place.
        for written in re.finditer(re.escape(constraint.text), criterion_text):
            cue = judge_cue_pattern(_CONDITION_AFTER, re.I).match(criterion_text, written.end())
            condition = " ".join(cue.group("condition").split()).lower() if cue else ""
            without = bool(cue and cue.group("without"))
            span = cue.span() if cue else (written.end(), written.end())
            bounds.append((constraint, _Bound(index, condition, without, span)))
    pairs: list[tuple[_Bound, _Bound]] = []
    paired: set[int] = set()
    for k, (one, one_bound) in enumerate(bounds):
        for other, other_bound in bounds[k + 1 :]:
            if (
                {one_bound.index, other_bound.index} & paired
                or one_bound.index == other_bound.index
                or other.analyte != one.analyte
                or _direction(other) != _direction(one)
                or _direction(one) is None
                or other.relative_to_uln != one.relative_to_uln
            ):
                continue
            tied = [b for b in (one_bound, other_bound) if b.condition and not b.without]
            if len(tied) != 1:
                continue
            rest = other_bound if tied[0] is one_bound else one_bound
            if rest.condition and (not rest.without or rest.condition != tied[0].condition):
                continue
            pairs.append((tied[0], rest))
            paired.update((one_bound.index, other_bound.index))
    return pairs


def _direction(constraint: Measurement) -> str | None:
    if constraint.upper_value is not None:
        return None
    if constraint.comparator in (">", ">="):
        return "lower"
    if constraint.comparator in ("<", "<="):
        return "upper"
    return None


def _merged(
    tied: _Bound, rest: _Bound, findings: Sequence[Finding], patient: PatientFacts
) -> Finding | None:
    """One finding of the two bounds: both met, met; both failed, not met; between them, the
    bound the note's condition picks, or unknown naming the condition."""
    with_it, without_it = findings[tied.index], findings[rest.index]
    truths = {with_it.truth, without_it.truth}
    if truths == {"true"}:
        return msgspec.structs.replace(with_it, reason=joined_reasons((without_it, with_it)))
    if truths == {"false"}:
        return msgspec.structs.replace(without_it, reason=joined_reasons((without_it, with_it)))
    if truths != {"true", "false"}:
        return None  # no value, or one the judge could not compare: each bound as it was
    stated = _condition_stated(tied.condition, patient)
    condition = tied.condition
    if stated is None:
        met = with_it if with_it.truth == "true" else without_it
        applies = "with" if met is with_it else "without"
        return Finding(
            "unknown",
            met.evidence,
            f"{met.reason} (the bound {applies} {condition}); the note does not say whether "
            f"there is {condition}",
        )
    holds, sentence = stated
    chosen = with_it if holds else without_it
    said = f"the note gives {condition}" if holds else f"the note gives no {condition}"
    return Finding(chosen.truth, chosen.evidence or sentence, f"{chosen.reason} ({said})")


def _condition_stated(condition: str, patient: PatientFacts) -> tuple[bool, str] | None:
    """Whether the note states (True) or denies (False) the condition, with the sentence; None
    when no sentence names its last two words (each matched by its first five letters:
    "involvement" by "involved", "metastases" by "metastatic")."""
    cues = load_screening_rules().judge_cues
    framing = frozenset(cues.bound_condition_framing_words) if cues is not None else frozenset()
    # Its last two words name it ("bone marrow involvement": "marrow involved").
    words = [w.lower() for w in _WORD.findall(condition) if w.lower() not in framing][-2:]
    if not words:
        return None
    patterns = [re.compile(rf"\b{re.escape(w[:5])}", re.I) for w in words]
    denied: str | None = None
    for sentence in note_sentences(patient):
        found = [p.search(sentence) for p in patterns]
        if not all(found):
            continue
        # "Bone marrow biopsy negative for involvement": a denial of any of its words.
        if any(m is not None and "negation" in context_at(sentence, *m.span()) for m in found):
            denied = denied or sentence
            continue
        return True, sentence
    return (False, denied) if denied is not None else None
