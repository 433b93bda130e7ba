"""Whether a woman is breastfeeding now, where the note does not say so in as many words.

A coordinator answers "Pregnant or lactating women" from "Not pregnant." or "bHCG neg, Mirena
coil": lactation is milk secretion after a birth (MeSH Lactation, D007774), and a note that
speaks of a woman's pregnancy and of no birth or baby does not describe a nursing mother. A
note that names a birth leaves her feeding to the study team unless it says the baby is fed
formula; breastfeeding the note says stopped is not breastfeeding now. The words are data
(``lactation_words`` of ``data/screening_rules.json``).
"""

from __future__ import annotations

from trialfinder.judging.findings import Finding
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts, lactation_patterns

__all__ = ["UNSAID_REASONS", "lactation_unsaid"]

_STOPPED = "the note says breastfeeding stopped"
_FORMULA = "the note says the baby is fed formula"
_NO_BIRTH = "the note names no baby or breastfeeding"
# The reasons of a lactation finding the note does not state in as many words.
UNSAID_REASONS = frozenset({_STOPPED, _FORMULA, _NO_BIRTH})


def lactation_unsaid(found: Finding, patient: PatientFacts, pregnancy: Finding) -> Finding:
    """The lactation finding ``found`` (the note's words for breastfeeding, read as any
    condition), read as a state of now: breastfeeding the note says stopped is not now, a
    baby fed formula is not breastfed, and a woman the note says is not pregnant
    (``pregnancy``) while naming no birth or baby is not nursing one."""
    patterns = lactation_patterns()
    if patterns is None:
        return found
    present, _ = patient.concept_facts("lactation")
    if found.truth == "true" and present and all(fact.state == "ended" for fact in present):
        return Finding("false", present[0].evidence, _STOPPED)
    if found.truth != "unknown":
        return found
    sentences = note_sentences(patient)
    formula, own_milk, birth = patterns
    fed = next((s for s in sentences if formula.search(s) and not own_milk.search(s)), None)
    if fed is not None:
        return Finding("false", fed, _FORMULA)
    if pregnancy.truth == "false" and not any(birth.search(s) for s in sentences):
        return Finding("false", pregnancy.evidence, _NO_BIRTH)
    return found
