"""An allergy exclusion to a drug the patient takes now.

A patient taking a drug now has no hypersensitivity to it that stopped it: "Hypersensitivity
to ibuprofen" against "takes ibuprofen for headaches without problems", or against a
profile's "ibuprofen 400 mg when needed", is not met. A drug of a class the allergy names is
not enough (taking levetiracetam says nothing of an allergy to the other anticonvulsants, nor
dapagliflozin of one to every SGLT2 inhibitor). Every drug the allergy names must be one the
patient takes ("Allergy to cinnarizine or nifedipine" asks of cinnarizine too); the words of
a drug's parts ("or their excipients", ``allergen_generic_words``) ask nothing more. A
reaction the note names is an allergy fact, not a drug taken (``patient``), so it never
answers here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.judging.criterion_words import has_word
from trialfinder.patient import Fact, PatientFacts, load_screening_rules

__all__ = ["taken_allergen"]

# A profile's medication line ("medications: nifedipine MR 60 mg once daily"): one taken now.
_MEDICATION_LINE = "medications: "
# The items of an allergen's list ("cinnarizine or nifedipine or their excipients").
_ITEM_BREAK = re.compile(r",|;|/|\b(?:or|and|nor|and/or)\b", re.IGNORECASE)


def _taken_now(patient: PatientFacts) -> list[Fact]:
    """The treatments the note says the patient takes now, and a profile's medication list."""
    concepts = load_lexicon().concepts
    return [
        f
        for f in patient.facts
        if f.kind == "concept"
        and f.concept in concepts
        and concepts[f.concept].category == "treatment"
        and (f.current or f.evidence.startswith(_MEDICATION_LINE))
        and not (f.negated or f.historical or f.uncertain)
    ]


def _item_taken(words: Sequence[str], taken: Sequence[Fact]) -> Fact | None:
    """A drug taken whose words are all the item's ("ibuprofen")."""
    return next((f for f in taken if all(has_word(f.evidence, w) for w in words)), None)


def taken_allergen(allergen: str, patient: PatientFacts) -> Fact | None:
    """The fact of a drug the patient takes now, in the allergen's own words, for each drug
    the criterion's allergen names ("ibuprofen": "takes ibuprofen for headaches"), or None
    when one of them is not taken (a class such as "SGLT2 inhibitor" is not answered by a
    member: dapagliflozin's words are not the class's)."""
    generic = frozenset(load_screening_rules().allergen_generic_words)
    items = [
        (item, [w for w in re.findall(r"[^\W_][\w-]{2,}", item.lower()) if w not in generic])
        for item in _ITEM_BREAK.split(allergen)
    ]
    items = [(item, words) for item, words in items if words]
    taken = _taken_now(patient)
    if not items or not taken:
        return None
    found = [_item_taken(words, taken) for _, words in items]
    return None if any(f is None for f in found) else found[0]
