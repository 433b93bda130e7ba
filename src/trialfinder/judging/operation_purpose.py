"""An operation a criterion asks *for* a disease ("Any prior or concurrent surgery,
radiotherapy or systemic anticancer therapy for TNBC …"): the note's surgery meets it only
when the sentence that names the surgery names that disease too (or a kind of it). A
surgery to come ("chemotherapy before the operation") or one for something else ("surgery
for a ruptured appendix") says nothing of it, so the answer is left to the study team.
What the criterion asks the operation for is read by ``trialfinder.indication``, the one
reader of what a treatment is asked for.

A drug asked for a purpose follows the same path ("Patients on macrolide as antibiotics for
COPD exacerbation", NCT05706402; "corticosteroids as therapy for CNS disease", NCT05482516):
long-term azithromycin in a note whose sentence names no exacerbation leaves the criterion to
the study team. A drug asked for a cancer is read by the cancer's own readers (its lines of
therapy, its class), not here.
"""

from __future__ import annotations

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.indication import criterion_indication
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts, is_a

__all__ = ["operation_purpose_finding"]


def operation_purpose_finding(
    constraint: Constraint, finding: Finding, criterion_text: str, patient: PatientFacts
) -> Finding:
    """The finding, or unknown when a surgery or a drug met is asked for a disease the
    note's sentence of that surgery or drug does not name."""
    if (
        finding.truth != "true"
        or not finding.evidence
        or not isinstance(constraint, ConceptMention)
        or constraint.category not in ("procedure", "treatment")
        or constraint.negated
    ):
        return finding
    purpose = criterion_indication(criterion_text, constraint.text)
    if purpose is None or purpose.concept is None:
        return finding
    concept = purpose.concept
    if constraint.category == "treatment" and is_a(concept, "cancer"):
        return finding
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
