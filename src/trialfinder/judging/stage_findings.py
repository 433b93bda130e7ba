"""The stage, grade or TNM a criterion writes on a condition the patient has ("Stage
IIIB-IVA", "grade >= 2", "T1-4N0M0 prostate cancer") against the one the note writes on it:
None when the criterion asks none, true when the patient's lies inside the criterion's set,
false when every one the note gives lies outside it, otherwise unknown, naming what is
missing. Both sides are read by ``criteria.disease_stage`` and ``criteria.tnm``; this judges
one against the other.
"""

from __future__ import annotations

from collections.abc import Sequence

from trialfinder.criteria.disease_stage import stage_relation
from trialfinder.criteria.model import ConceptMention, TnmGroup
from trialfinder.criteria.tnm import CATEGORIES, category_relation, load_tnm_rules
from trialfinder.judging.criterion_words import criterion_descriptors, kind_of
from trialfinder.judging.findings import Finding
from trialfinder.patient import Fact, PatientFacts, VocabularyFact

__all__ = ["stage_judged", "tnm_judged"]


def _not_given(
    present: Sequence[Fact | VocabularyFact], what: str, name: str, wanted: str
) -> Finding:
    """Unknown: the note names the patient's disease but not the stage, grade or TNM category
    the criterion writes on it, and the reason says which."""
    evidence = present[0].evidence if present else None
    return Finding(
        "unknown",
        evidence,
        f"the note gives no {what} for the patient's {name}; the criterion needs {wanted}",
    )


def _group_relation(patient: TnmGroup, wanted: TnmGroup) -> tuple[str, str]:
    """One note group against one criterion group, category by category: "inside" when every
    category the criterion writes holds, "outside" when one the note gives cannot, otherwise
    "unknown"; with the category that decided it ("N0")."""
    post_therapy = load_tnm_rules().post_therapy_prefixes
    if (patient.prefix in post_therapy) != (wanted.prefix in post_therapy):
        return "unknown", "timing"  # "ypT0" after neoadjuvant therapy; "cT2" before it
    missing = ""
    unsure = ""
    for letter in CATEGORIES:
        needed = getattr(wanted, letter)
        if not needed:
            continue
        given = getattr(patient, letter)
        if not given:
            missing = missing or letter
            continue
        relation = category_relation(letter, given, needed)
        if relation == "outside":
            return "outside", letter
        if relation == "overlaps":
            unsure = unsure or letter
    if missing:
        return "unknown", missing
    if unsure:
        return "unknown", unsure
    return "inside", ""


def tnm_judged(constraint: ConceptMention, patient: PatientFacts, name: str) -> Finding | None:
    """The TNM a criterion writes on a cancer the patient has ("T1-4N0M0 prostate cancer"),
    against the one the note writes on it, category by category: None when the criterion
    writes none; true when some criterion group holds for a note's TNM, false when every
    criterion group has a category the note's values lie outside, otherwise unknown, naming
    the category the note does not give. A stage alone settles no category but M (its metastatic
    words are M1); stage IV gives no M1, head and neck IVA/IVB being M0."""
    wanted = constraint.tnm
    if wanted is None:
        return None
    present = patient.concept_facts(constraint.concept)[0]
    given = [f for f in present if f.tnm is not None]
    if not given:
        return _not_given(present, "TNM category", name, wanted.text)
    first: tuple[str, Fact] | None = None
    outside = True
    for fact in given:
        assert fact.tnm is not None
        for note_group in fact.tnm.groups:
            for group in wanted.groups:
                relation, letter = _group_relation(note_group, group)
                if relation == "inside":
                    return Finding(
                        "true",
                        fact.evidence,
                        f"the patient's {name} is {fact.tnm.text}, "
                        f"within the criterion's {wanted.text}",
                    )
                if relation != "outside":
                    outside = False
                    first = first or (letter, fact)
    fact = given[0]
    written = fact.tnm.text if fact.tnm is not None else ""
    if outside:
        return Finding(
            "false",
            fact.evidence,
            f"the patient's {name} is {written}; the criterion needs {wanted.text}",
        )
    letter, fact = first if first is not None else ("", fact)
    if letter == "timing":
        reason = (
            f"the note's {written} and the criterion's {wanted.text} describe the {name} "
            "before and after neoadjuvant treatment"
        )
    elif not any(getattr(g, letter) for g in (fact.tnm.groups if fact.tnm else ())):
        reason = (
            f"the note gives no {letter.upper()} category for the patient's {name}; "
            f"the criterion needs {wanted.text}"
        )
    else:
        reason = f"the note says {written}, which may or may not be the criterion's {wanted.text}"
    return Finding("unknown", fact.evidence, reason)


def stage_judged(constraint: ConceptMention, patient: PatientFacts, name: str) -> Finding | None:
    """The stage or grade a criterion writes on a condition the patient has ("Stage IIIB-IVA",
    "grade >= 2"), against the one the note writes on it: None when the criterion asks none;
    true when the patient's lies inside the criterion's set, false when every one the note
    gives lies outside it, otherwise unknown, naming what is missing. Both sides are read by
    one reader (``criteria.disease_stage``), once, by the parse and the note reading."""
    wanted = constraint.stage
    if wanted is None or constraint.category != "condition":
        return None
    present: Sequence[Fact | VocabularyFact] = patient.concept_facts(constraint.concept)[0]
    if not present:
        # A disease only MeSH names ("peripheral neuropathy"): the note's MeSH facts of it or
        # a narrower disease carry the stage or grade written on them.
        descriptors = criterion_descriptors(constraint.concept, constraint.text)
        present = [
            fact
            for fact in patient.vocabulary_facts
            if not fact.negated and any(kind_of(fact.descriptor_id, d) for d in descriptors)
        ]
    given = [f for f in present if f.stage is not None and f.stage.scale == wanted.scale]
    if not given:
        return _not_given(present, wanted.scale, name, wanted.text)
    relations = [(stage_relation(f.stage, wanted), f) for f in given if f.stage is not None]
    inside = next((f for relation, f in relations if relation == "inside"), None)
    if inside is not None and inside.stage is not None:
        return Finding(
            "true",
            inside.evidence,
            f"the patient's {name} is {inside.stage.text}, within the criterion's {wanted.text}",
        )
    fact = relations[0][1]
    written = fact.stage.text if fact.stage is not None else ""
    if all(relation == "outside" for relation, _ in relations):
        return Finding(
            "false",
            fact.evidence,
            f"the patient's {name} is {written}; the criterion needs {wanted.text}",
        )
    return Finding(
        "unknown",
        fact.evidence,
        f"the note says {written} {name}, which may or may not be the criterion's {wanted.text}",
    )
