"""An operation a criterion asks *for* a disease ("Any prior or concurrent surgery,
radiotherapy or systemic anticancer therapy for TNBC …"): the note's surgery meets it only
when the sentence that names the surgery names that disease too (or a kind of it). A
surgery to come ("chemotherapy before the operation") or one for something else ("surgery
for a ruptured appendix") says nothing of it, so the answer is left to the study team.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import find_concepts
from trialfinder.judging.criterion_words import mention_span
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts

__all__ = ["operation_purpose_finding"]

# "for" between the operation and the disease, in the same clause, not far from it
# ("for TNBC or hormone receptor-low/HER2-negative breast cancer").
_FOR = re.compile(r"\bfor\s", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[.;:()]")
_MOST_BETWEEN = 100


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
    purpose = _asked_for(criterion_text, constraint.text)
    if purpose is None:
        return finding
    concept, words = purpose
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
        f"the note names {constraint.text} but not that it was for {words}",
    )


@functools.lru_cache(maxsize=65_536)
def _asked_for(criterion_text: str, mention: str) -> tuple[str, str] | None:
    """The condition the criterion asks the operation for: the first condition after the
    mention in its clause, after "for" ("surgery, radiotherapy or systemic therapy for TNBC
    or … breast cancer"), with the words from "for" on."""
    span = mention_span(criterion_text, mention)
    if span is None:
        return None
    for found in find_concepts(criterion_text):
        if found.start < span[1] or found.category != "condition":
            continue
        between = criterion_text[span[1] : found.start]
        if len(between) > _MOST_BETWEEN or _CLAUSE_BREAK.search(between) is not None:
            return None
        found_for = _FOR.search(between)
        if found_for is None:
            return None
        return found.concept, criterion_text[span[1] + found_for.end() : found.end]
    return None
