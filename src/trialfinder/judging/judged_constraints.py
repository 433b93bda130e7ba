"""The constraints the judge checks: a criterion's parse without what does not bear on
this patient — pregnancy in a man, a threshold written for the other sex ("Hb < 130 g/L in
men, < 120 g/L in women"), what the criterion's words leave out (``mention_scope``,
``phrase_heads``), and in an exclusion the trial's own condition; with the MeSH readings
the patient's facts settle (``vocabulary_constraints``) and a menopause asked as a state.
"""

from __future__ import annotations

import re

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    Measurement,
    Pregnancy,
    SexRequirement,
)
from trialfinder.judging.criterion_words import both_sexes_words, says
from trialfinder.judging.leftover_concepts import leftover_constraints
from trialfinder.judging.let_off import names_another_cancer
from trialfinder.judging.mention_scope import judged_in
from trialfinder.judging.phrase_heads import one_mention_per_phrase
from trialfinder.judging.sex_and_childbearing import group_age
from trialfinder.judging.vocabulary_constraints import settled_vocabulary_constraints
from trialfinder.patient import PatientFacts

__all__ = ["is_menopause", "judged_constraints", "offered_as_a_man", "only_offers_men"]


# "Postmenopausal females and males", "Men and postmenopausal women": men are offered beside
# the women the menopausal state is asked of; after the women's states too ("Adult females,
# pre/peri-menopausal and/or post-menopausal, and adult males").
_MEN_BESIDE_WOMEN = re.compile(
    r"\b(?:men|males?)\s+(?:and|or|and/or)\s+(?:[\w-]+\s+){0,2}(?:women|females?)\b"
    r"|\b(?:women|females?)\s+(?:and|or|and/or)\s+(?:[\w-]+\s+){0,2}(?:men|males?)\b"
    r"|\b(?:women|females?),(?:\s+[\w/-]*menopausal,?(?:\s+(?:and|or|and/or))?)+"
    r"\s+(?:and|or|and/or)\s+(?:[\w-]+\s+)?(?:men|males?)\b"
    r"|\b(?:women|females?)\s*\([^()]*menopausal[^()]*\),?\s+(?:and|or|and/or)\s+"
    r"(?:[\w-]+\s+)?(?:men|males?)\b",
    re.IGNORECASE,
)

# The men a criterion offers, with the word before them ("adult males").
_MEN_OFFERED = re.compile(r"(?:[\w-]+\s+)?(?:men|males?)\b$", re.IGNORECASE)


def offered_as_a_man(criterion_text: str, patient: PatientFacts) -> bool:
    """Whether the patient is a man a criterion offers beside the women it asks a menopausal
    state of: the state is not asked of him."""
    return patient.sex == "male" and says(_MEN_BESIDE_WOMEN, criterion_text)


def only_offers_men(criterion: Criterion, patient: PatientFacts) -> tuple[bool, str] | None:
    """Whether a man meets an inclusion that asks only the menopausal state of the women it
    offers him beside ("Adult females, pre/peri-menopausal and/or post-menopausal, and adult
    males"), and why: nothing is left to ask of him but, when the criterion says so, being an
    adult. None when the criterion asks more, or the man's age is not given."""
    if (
        criterion.section != "inclusion"
        or not offered_as_a_man(criterion.text, patient)
        or not all(is_menopause(c) for c in criterion.constraints)
    ):
        return None
    offered = [found.group() for found in _MEN_BESIDE_WOMEN.finditer(criterion.text)]
    words = re.findall(r"[a-z]+", _MEN_BESIDE_WOMEN.sub(" ", criterion.text).lower())
    groups = load_lexicon().cues.age_group_words
    if not all(word in load_lexicon().filler_words or word in groups for word in words):
        return None
    men = _MEN_OFFERED.search(offered[-1])
    aged = group_age(men.group(), patient, criterion.text) if men is not None else None
    if aged is not None:
        if aged[0] is None:
            return None
        if not aged[0]:
            return False, f"{aged[1]}; the criterion takes those men"
    return True, "patient is male; the criterion asks a menopausal state of women only"


def is_menopause(constraint: Constraint) -> bool:
    return isinstance(constraint, ConceptMention) and constraint.concept == "menopause"


def judged_constraints(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> list[Constraint]:
    """The constraints the judge checks: a criterion's parse without what does not bear on it.

    Left out: pregnancy in a man, a threshold written for the other sex ("Hb < 130 g/L
    in men, < 120 g/L in women"), concepts that are only evidence, wished-for
    states in an inclusion, and in an exclusion a negated concept or the trial's
    own condition ("secondary osteoporosis" in an osteoporosis trial), unless the exclusion
    writes a stage or TNM on it ("Clinical stage T1-2 N0, or M1 disease" in a trial of
    locally advanced cancer), which asks which of the trial's patients it shuts out.
    """
    exclusion = criterion.section == "exclusion"
    constraints = [
        c
        for c in [*criterion.constraints, *settled_vocabulary_constraints(criterion, patient)]
        if not (isinstance(c, Pregnancy) and patient.sex == "male")
        and not _for_the_other_sex(c, patient)
        and not (is_menopause(c) and offered_as_a_man(criterion.text, patient))
        and judged_in(criterion.text, exclusion, c)
    ]
    if not exclusion and any(isinstance(c, ConceptMention) and c.negated for c in constraints):
        asked_for = _asked_for(criterion)
        constraints = [
            c
            for c in constraints
            if not (isinstance(c, ConceptMention) and c.negated and c.concept in asked_for)
        ]
    if says(both_sexes_words(), criterion.text):
        constraints = [c for c in constraints if not isinstance(c, SexRequirement)]
    # The trial's own condition goes after the phrase reading, so that it still names the
    # kind of its head noun: "Prior infection of Hepatitis B" in a hepatitis B vaccine trial
    # asks no other infection.
    kept = [
        c
        for c in one_mention_per_phrase(criterion.text, constraints)
        if not (
            exclusion
            and isinstance(c, ConceptMention)
            and c.concept in trial_concepts
            and not names_another_cancer(criterion.text, c)
            and c.stage is None
            and c.tnm is None
        )
    ]
    # The rest of a list the lexicon reads in part: its items only MeSH names, asked as
    # the kept item beside them is ("Neuroleptics (pimozide)").
    leftovers = [
        c
        for c in leftover_constraints(criterion, kept, patient, trial_concepts)
        if judged_in(criterion.text, exclusion, c)
    ]
    return [*kept, *leftovers]


def _for_the_other_sex(constraint: Constraint, patient: PatientFacts) -> bool:
    return (
        isinstance(constraint, Measurement)
        and constraint.sex is not None
        and patient.sex is not None
        and constraint.sex != patient.sex
    )


def _asked_for(criterion: Criterion) -> frozenset[str]:
    """The conditions an inclusion asks for, with every broader one. A denial of one of them
    is about another cause: "NAFLD … in individuals who do not have a cause for secondary
    hepatic steatosis or another cause of chronic liver disease" cannot deny the NAFLD it
    asks for (NAFLD is a chronic liver disease)."""
    ancestors = load_lexicon().ancestors
    return frozenset(
        ancestor
        for c in criterion.constraints
        if isinstance(c, ConceptMention) and not c.negated and c.category == "condition"
        for ancestor in ancestors.get(c.concept, frozenset({c.concept}))
    )
