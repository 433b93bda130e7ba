"""A count of prior lines of treatment as a requirement of its own: an inclusion's count
is never one of the alternatives its conditions may be, and an exclusion's count that the
patient's lines do not reach ("More than 1 line of chemotherapy for metastatic disease" for a
treatment-naive patient) keeps the exclusion from applying, whatever else it names.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import Constraint, PriorLines
from trialfinder.judging.findings import Finding, Outcome, Truth, joined_reasons
from trialfinder.patient import PatientFacts

__all__ = ["prior_lines_failing", "with_prior_lines"]


def prior_lines_failing(
    constraints: Sequence[Constraint], findings: Sequence[Finding], truth: Truth = "false"
) -> Outcome | None:
    """An exclusion's count of prior lines the patient's lines do not reach ("More than 1
    line of chemotherapy for metastatic disease" for a treatment-naive patient): what it
    excludes needs the count, so the exclusion does not apply, whatever else it names.
    With ``truth`` "unknown", a count the note cannot tell ("Two lines of chemotherapy for
    recurrent or metastatic disease" for a woman given chemotherapy after surgery and again
    at recurrence): the treatment it counts does not make it apply on its own; unknown."""
    failing = [
        f
        for c, f in zip(constraints, findings, strict=True)
        if isinstance(c, PriorLines) and f.truth == truth
    ]
    if not failing:
        return None
    return (
        "not_met" if truth == "false" else "unknown",
        failing[0].evidence,
        joined_reasons(failing),
    )


def with_prior_lines(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    menopause: Finding | None,
    waived: bool,
    status_of: Callable[
        [Criterion, PatientFacts, Sequence[Constraint], Sequence[Finding], Finding | None, bool],
        Outcome,
    ],
) -> Outcome:
    """An inclusion's count of prior lines is a requirement of its own, never one of the
    alternatives its conditions may be ("… NSCLC … or …, treatment naive for systemic
    therapy"): a count that fails fails the criterion, one that cannot be told leaves it
    unknown, and the rest is judged as it was without the count."""
    lines = [
        (c, f) for c, f in zip(constraints, findings, strict=True) if isinstance(c, PriorLines)
    ]
    if not lines:
        return status_of(criterion, patient, constraints, findings, menopause, waived)
    failing = prior_lines_failing(constraints, findings)
    if failing is not None:
        return failing
    rest = [
        (c, f) for c, f in zip(constraints, findings, strict=True) if not isinstance(c, PriorLines)
    ]
    if not rest and menopause is None:
        return status_of(criterion, patient, constraints, findings, menopause, waived)
    status, evidence, reason = status_of(
        criterion, patient, [c for c, _ in rest], [f for _, f in rest], menopause, waived
    )
    if status == "met":
        unknown = [f for _, f in lines if f.truth == "unknown"]
        if unknown:
            return "unknown", unknown[0].evidence, joined_reasons([*unknown])
        return (
            status,
            evidence,
            joined_reasons([Finding("true", evidence, reason), *(f for _, f in lines)]),
        )
    if status == "unknown":
        return (
            status,
            evidence,
            joined_reasons([Finding("unknown", evidence, reason), *(f for _, f in lines)]),
        )
    return status, evidence, reason
