"""Concepts that are only words of another concept's phrase are not criteria of their own:
"malignant" in "severe, malignant or secondary hypertension" qualifies the hypertension,
"infection" is the head noun of "hepatitis B infection", an indication, a cause or a setting
written with a treatment belongs to it. Which mentions are heads depends on the criterion's
words alone, so it is worked out once and reused for every patient screened against it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import find_concepts, names_an_indication
from trialfinder.judging.companions import companion_mentions
from trialfinder.judging.criterion_words import mention_span, mention_spans
from trialfinder.judging.disease_kinds import narrower_by_words_around
from trialfinder.judging.mention_scope import named_for_someone_else
from trialfinder.judging.qualifiers import criterion_qualifiers
from trialfinder.judging.unread_qualifiers import unread_qualifiers
from trialfinder.judging.vocabulary_constraints import (
    vocabulary_constraints_of,
    writes_a_cause_or_need,
)
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    judge_cue_pattern,
    screening_phrase,
    screening_phrases,
)

__all__ = ["one_mention_per_phrase"]


# "anti-cancer treatment", "anti-diabetic drugs": the disease a treatment acts against
# (but "anti-HCV positive" is an antibody test that names the infection).
_ANTI_BEFORE = re.compile(r"\banti[- ]?$")


_TREATMENT_AFTER = r"\s*(?:[\w-]+\s+)?(?:{treatment_word_stems})"


# "Known allergies to clopidogrel, heparin or abciximab", "contraindication for antiplatelet
# treatment", "intolerance to excipients of any of the following: amivantamab, cetuximab or
# bevacizumab": the drug is what the patient must not react to, not one they must not take
# (the words: ``judge_cues``; read on the lowered criterion).
_INTOLERANCE_BEFORE = (
    r"\b(?:{intolerance_words})\s+(?:\w+\s+){0,2}?(?:to|for|of|with|against)\b"
    r"(?:[^.;:]|(?<=following):)*$"
)


# "tumor necrosis factor (TNF) antagonist", "tumour markers", "the last tumor assessment": a
# molecule or a test, not a disease.
_MOLECULE_AFTER = re.compile(
    r"\s*(?:necrosis\s+factor|markers?\b|suppressor|mutational\s+burden|assessments?\b|"
    r"evaluations?\b)"
)


# "American Joint Committee on Cancer", "National Cancer Institute Common Terminology
# Criteria", "Modification of Diet in Renal Disease Study": a condition word inside the
# name of a body or a document is no condition of the patient's.
_PROPER_NAME = re.compile(
    r"\b[A-Z][\w-]*(?:\s+(?:(?:of|in|on|for|and|the|&)\s+)?[A-Z][\w-]*)*\s+"
    r"(?:Institute|Committee|Association|Society|Manual|Terminology|Foundation|Network|"
    r"Consortium|Study|Guidelines?|Group|Organi[sz]ation|Alliance)\b"
    r"(?:\s+(?:(?:of|in|on|for|and|the|&)\s+)?[A-Z][\w-]*)*"
)


def _in_proper_name(text: str, span: tuple[int, int]) -> bool:
    return any(start <= span[0] and span[1] <= end for start, end in _proper_names(text))


@functools.lru_cache(maxsize=65_536)
def _proper_names(text: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion names a body or a document; remembered, as criteria repeat."""
    return tuple(name.span() for name in _PROPER_NAME.finditer(text))


def _depends_on_earlier(
    lowered: str, start: int, mention: ConceptMention, concepts: Sequence[ConceptMention]
) -> bool:
    """Whether a mention only says what an earlier condition of the criterion needed: a need
    cue (``criterion_need_cues``: "disorders requiring treatment with steroids", "pneumonitis
    that required steroids") lies between that condition and it, in one sentence part."""
    cue = _cue_in_part(lowered, start, "criterion_need_cues")
    return cue is not None and any(
        _before_cue(lowered, cue.start(), other) for other in concepts if other is not mention
    )


def _cause_of_earlier(
    lowered: str, start: int, mention: ConceptMention, concepts: Sequence[ConceptMention]
) -> bool:
    """Whether a condition is only the cause of an earlier condition of the criterion, a cause
    cue (``criterion_cause_cues``) between them ("Obstructive jaundice due to … tumour"): a
    condition caused by it is not entailed by it, so the earlier one answers. A cause that
    is a kind of the earlier condition ("infection due to hepatitis B", "immunodeficiency
    due to HIV": MeSH files HIV under the immunodeficiencies) names which one is asked and
    stays."""
    cue = _cue_in_part(lowered, start, "criterion_cause_cues")
    if cue is None or mention.category != "condition":
        return False
    ancestors = load_lexicon().ancestors.get(mention.concept, ())
    return any(
        _before_cue(lowered, cue.start(), other)
        for other in concepts
        if other is not mention and other.category == "condition" and other.concept not in ancestors
    )


def _written_before_cues(text: str, concepts: list[ConceptMention]) -> list[ConceptMention]:
    """The mentions a cause or a need may be written after: the criterion's and those only
    MeSH reads (read only when the criterion writes a cause or need cue), less any named as
    a risk or a relative's ("at risk of Torsade de Pointes due to underlying heart diseases
    such as heart failure": a risk is not the patient's condition, so what puts them at risk
    is asked for itself)."""
    if not writes_a_cause_or_need(text):
        return []
    return [
        c
        for c in (*concepts, *vocabulary_constraints_of(text, tuple(c.text for c in concepts)))
        if not named_for_someone_else(text, c.text)
    ]


def _setting_of_next(
    text: str, span: tuple[int, int], mention: ConceptMention, concepts: Sequence[ConceptMention]
) -> bool:
    """Whether a mention is only the setting word of the condition right after it ("Diabetic
    nephropathy", "diabetic gastroparesis": ``setting_qualifiers``; the condition may be
    one only MeSH reads), which the unread-qualifier reader asks the note for with that
    condition, so it is no criterion of its own: a patient with diabetes alone does not
    meet it."""
    settings = {
        phrase.lower()
        for q in unread_qualifiers()
        if q.place == "before"
        for phrase in screening_phrases(q.cues)
    }
    lowered = text.lower()
    if lowered[span[0] : span[1]] not in settings:
        return False
    read = tuple(c.text for c in concepts)
    return any(
        other is not mention
        and other.category == "condition"
        and (other_span := mention_span(lowered, other.text)) is not None
        and other_span[0] > span[1]
        and not lowered[span[1] : other_span[0]].strip(" -")
        for other in (*concepts, *vocabulary_constraints_of(text, read))
    )


def _cue_in_part(lowered: str, start: int, field: str) -> re.Match[str] | None:
    """The first cue of a phrase list of the screening rules (``field``) before ``start``, in
    its sentence part: after the last ".", ";" or ":" before it."""
    part = max(lowered.rfind(mark, 0, start) for mark in ".;:") + 1
    return screening_phrase(field).search(lowered, part, start)


def _before_cue(lowered: str, cue_start: int, other: ConceptMention) -> bool:
    """Whether a mention ends before a cue, in the same sentence part."""
    span = mention_span(lowered, other.text)
    return (
        span is not None
        and span[1] <= cue_start
        and not re.search(r"[.;:]", lowered[span[1] : cue_start])
    )


def _indication_of_earlier(
    lowered: str, start: int, mention: ConceptMention, concepts: Sequence[ConceptMention]
) -> bool:
    """Whether a condition is only what a treatment written right before it is for
    ("Receiving … methadone for treatment of opioid use disorder for at least 3 months"): the
    treatment is the question and the condition says why it is taken, so the condition alone
    does not meet it (opioid use disorder off methadone), nor, in an exclusion, does the
    condition alone exclude ("insulin for diabetes within 3 months")."""
    if mention.category in ("treatment", "procedure"):
        return False
    for other in concepts:
        if other is mention or other.category not in ("treatment", "procedure"):
            continue
        # Every place the treatment is written: "may discontinue antiviral therapy …, or
        # those who with antiviral therapy for HBV for less than 12 months".
        if any(
            end <= start and names_an_indication(lowered, end, start)
            for _, end in mention_spans(lowered, other.text)
        ):
            return True
    return False


def _only_an_indication_where_written(
    text: str, mention: ConceptMention, concepts: Sequence[ConceptMention]
) -> bool:
    """Whether a condition written more than once is, wherever it stands on its own, what a
    treatment before it is for, and elsewhere only words of a longer mention ("… for
    treatment or prevention of breast cancer, or radiation therapy for treatment of
    cancer": "cancer" is the radiotherapy's indication, and a word of "breast cancer")."""
    spans = mention_spans(text, mention.text)
    if len(spans) < 2:
        return False
    longer = [(f.start, f.end) for f in find_concepts(text)]
    lowered = text.lower()
    return all(
        any(
            o_start <= start and end <= o_end and o_end - o_start > end - start
            for o_start, o_end in longer
        )
        or _indication_of_earlier(lowered, start, mention, concepts)
        for start, end in spans
    )


def one_mention_per_phrase(text: str, constraints: list[Constraint]) -> list[Constraint]:
    """The constraints left when words of another concept's phrase are not read as their own.

    Only concept mentions can be left out, and which are depends on the criterion's words
    and mentions alone, so it is worked out once (``_phrase_heads``) and reused for every
    patient screened against the criterion. The key holds which entries are the same
    object, which the reading tells apart from equal ones.
    """
    mentions = [c for c in constraints if isinstance(c, ConceptMention)]
    first_at: dict[int, int] = {}
    same_object = tuple(first_at.setdefault(id(c), i) for i, c in enumerate(mentions))
    kept = {id(mentions[i]) for i in _phrase_heads(text, tuple(mentions), same_object)}
    return [c for c in constraints if not isinstance(c, ConceptMention) or id(c) in kept]


@functools.lru_cache(maxsize=65_536)
def _phrase_heads(
    text: str, given: tuple[ConceptMention, ...], same_object: tuple[int, ...]
) -> tuple[int, ...]:
    """Concepts that are only words of another concept's phrase are not criteria of their own.

    "Severe, malignant or secondary hypertension": "malignant" qualifies the
    hypertension, it is not cancer. "Hepatitis B infection": "infection" is
    the head noun of hepatitis B (a narrower concept written right before it), as it is
    in "infection of Hepatitis B" (after it, linked by "of", "with", "caused by"), so HIV,
    another infection, does not meet it.
    "Anti-cancer treatment" is a treatment, not cancer; in "disorders requiring
    treatment with steroids" the steroids are what the disorder needed, so a
    patient on steroids alone does not meet it; "Cancer" in "American Joint
    Committee on Cancer" and "Oncology" in "Eastern Cooperative Oncology Group" are
    parts of names. The condition a cause or a need is written after may be one only MeSH
    reads ("Severe thrombocytopenia due to vitamin B12 deficiency … or viral infection"),
    whether or not the patient's facts settle it: the viral infection is still its cause;
    but not one named as a risk or a relative's.
    """
    ancestors = load_lexicon().ancestors
    concepts = [given[i] for i in same_object]
    qualifiers = {q for c in concepts for q in criterion_qualifiers(text, c)[0]}
    lowered = text.lower()
    earlier = _written_before_cues(text, concepts)

    def dependent(mention: ConceptMention) -> bool:
        span = mention_span(text, mention.text)
        if span is None:
            return False
        treated_against = _ANTI_BEFORE.search(lowered, 0, span[0]) and judge_cue_pattern(
            _TREATMENT_AFTER
        ).match(lowered, span[1])
        return (
            bool(treated_against)
            or _in_proper_name(text, span)
            or _depends_on_earlier(lowered, span[0], mention, earlier)
            or _cause_of_earlier(lowered, span[0], mention, earlier)
            or _indication_of_earlier(lowered, span[0], mention, concepts)
            or _only_an_indication_where_written(text, mention, concepts)
            or (
                mention.category in ("treatment", "procedure")
                and judge_cue_pattern(_INTOLERANCE_BEFORE).search(lowered, 0, span[0]) is not None
            )
            or _MOLECULE_AFTER.match(lowered, span[1]) is not None
            or (mention.category == "condition" and _prevented_or_sought(lowered, span[1]))
        )

    dependents = [c for c in concepts if dependent(c)]
    heads = [c for c in concepts if not any(c is d for d in dependents)]

    def absorbed(mention: ConceptMention) -> bool:
        if any(mention is d for d in dependents) or mention.text.lower() in qualifiers:
            return True
        span = mention_span(text, mention.text)
        if span is None:
            return False
        if _setting_of_next(text, span, mention, concepts):
            return True
        for rank, other in enumerate(heads):
            if other is mention or mention.concept not in ancestors.get(other.concept, ()):
                continue
            other_span = mention_span(text, other.text)
            if other_span is None:
                continue
            if other_span == span:
                # The same words twice ("Cirrhosis, cirrhosis of liver"): the first stays.
                if rank < next(i for i, head in enumerate(heads) if head is mention):
                    return True
            elif (
                (
                    other_span[1] <= span[0]
                    and (
                        not lowered[other_span[1] : span[0]].strip()
                        or _ROLE_LINK.fullmatch(lowered, other_span[1], span[0])
                    )
                )
                or (
                    span[1] <= other_span[0]
                    and _NAMED_KIND_LINK.fullmatch(lowered, span[1], other_span[0])
                )
                or (
                    # "Hepatitis C virus (defined as anti-HCV Ab positive and detectable HCV
                    # RNA) infection": the tests' bracket stands between the kind and its noun.
                    other_span[1] <= span[0]
                    and other.tests
                    and _DEFINING_BRACKET.fullmatch(lowered, other_span[1], span[0])
                )
            ):
                return True
        return False

    kept: list[Constraint] = [c for c in concepts if not absorbed(c)]
    chosen = {id(c) for c in _one_mention_per_concept(text, kept)}
    return tuple(i for i, c in enumerate(concepts) if id(c) in chosen)


def _prevented_or_sought(lowered: str, end: int) -> bool:
    """ "Previously received ET of any duration for breast cancer prevention": a condition
    followed by one of the words a note writes after what is prevented or looked for
    ("prevention", "prophylaxis", "screening", "risk") names the treatment's aim, not a
    condition the patient must have."""
    gap = _SPACE.match(lowered, end)
    start = gap.end() if gap is not None else end
    return screening_phrase("note_outcome_words_after").match(lowered, start) is not None


_SPACE = re.compile(r"\s+")


# The bracket of tests that defines an infection, between it and its head noun.
_DEFINING_BRACKET = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*")


# "Prior infection of Hepatitis B", "infection with HIV": the words between a head noun and
# the narrower concept after it that says which one it is.
_NAMED_KIND_LINK = re.compile(r"\s+(?:of|with|by|caused by|due to)\s+")

# "Patients on macrolide as antibiotics": the broader concept after "as" is the role of the
# narrower one before it (a macrolide used as an antibiotic), not another thing asked; so
# doxycycline, an antibiotic but no macrolide, does not meet it.
_ROLE_LINK = re.compile(r"\s+as\s+")


def _one_mention_per_concept(text: str, constraints: list[Constraint]) -> list[Constraint]:
    """ "Use of warfarin, heparin or other anticoagulants": three names of one concept read
    alike are one question, and the reason says it once, by the concept's own name when the
    criterion uses it. Mentions read differently ("active or history of", "skin cancer or
    other malignant disease") all stay."""
    concepts = load_lexicon().concepts
    mentions = [c for c in constraints if isinstance(c, ConceptMention)]
    chosen: dict[tuple[object, ...], ConceptMention] = {}
    for c in constraints:
        if not isinstance(c, ConceptMention) or c.concept.startswith(VOCABULARY_CONCEPT_PREFIX):
            continue
        narrower = c.category == "condition" and narrower_by_words_around(c, text) is not None
        # "Covid19 infection or … suggestive of Covid-19 infection with recent contact": the
        # mention a companion cue qualifies is another question than the bare one.
        companion = bool(companion_mentions(text, c.text, mentions))
        key = (c.concept, c.negated, c.historical, c.window, narrower, companion)
        concept = concepts.get(c.concept)
        own_name = (
            concept is not None and bool(concept.names) and c.text.lower() == concept.names[0]
        )
        if key not in chosen or own_name:
            chosen[key] = c
    keep = {id(c) for c in chosen.values()}
    return [
        c
        for c in constraints
        if not isinstance(c, ConceptMention)
        or c.concept.startswith(VOCABULARY_CONCEPT_PREFIX)
        or id(c) in keep
    ]
