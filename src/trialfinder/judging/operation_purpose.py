"""An operation a criterion asks *for* a disease ("Any prior or concurrent surgery,
radiotherapy or systemic anticancer therapy for TNBC …"): the note's surgery meets it only
when the sentence that names the surgery names that disease too (or a kind of it). A
surgery to come ("chemotherapy before the operation") or one for something else ("surgery
for a ruptured appendix") says nothing of it, so the answer is left to the study team.
What the criterion asks the operation for is read by ``trialfinder.indication``, the one
reader of what a treatment is asked for.
"""

from __future__ import annotations

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.indication import criterion_indication
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts

__all__ = ["operation_purpose_finding"]


def operation_purpose_finding(
    constraint: Constraint, finding: Finding, criterion_text: str, patient: PatientFacts
) -> Finding:
    """The finding, or unknown when a surgery met is asked for a disease the note's
    sentence of that surgery does not name."""
    if (
        finding.truth != "true"
        or not finding.evidence
        or not isinstance(constraint, ConceptMention)
        or constraint.category != "procedure"
        or constraint.negated
    ):
        return finding
    purpose = criterion_indication(criterion_text, constraint.text)
    if purpose is None or purpose.concept is None:
        return finding
    concept = purpose.concept
    ancestors = load_lexicon().ancestors
    if any(
        not fact.negated
        and fact.evidence == finding.evidence
        and fact.concept is not None
        and concept in ancestors.get(fact.concept, frozenset({fact.concept}))
        for fact in patient.facts
    ):
        return finding
    return Finding(
        "unknown",
        finding.evidence,
        f"the note names {constraint.text} but not that it was for {purpose.words}",
    )
