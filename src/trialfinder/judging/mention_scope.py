"""Whether a criterion's own words leave one of its mentions to be judged, whoever the
patient is: not a concept that is only evidence, a state an inclusion wishes for or a
capacity to conceive it names its women by, another person's condition, the age of a
subgroup, the study's own treatment, a time anchor, a sterilisation method, nor in an
exclusion what it lets off or negates. Cached by the criterion's words: a cohort screen
asks it of every criterion for each patient.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.context import context_at, either_way_at
from trialfinder.criteria.model import ConceptMention, Constraint, Measurement, Pregnancy
from trialfinder.judging.criterion_words import (
    clause_start,
    criterion_patterns,
    mention_span,
    mention_spans,
)
from trialfinder.judging.let_off import is_let_off
from trialfinder.patient import judge_cue_pattern, load_screening_rules, phrase_alternation

__all__ = ["judged_in", "named_for_someone_else"]


def _age_of_a_subgroup(criterion_text: str, constraint: Constraint) -> bool:
    """ "<90% for participants 12 to 17 years of age", "CKD-EPI formula for age ≥18 years",
    "For adolescents under 18 years of age, able to provide informed assent": an age that says
    when a threshold, formula or requirement applies, not an age the patient must have."""
    if not (isinstance(constraint, Measurement) and constraint.analyte == "age"):
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and _FOR_AGE_BEFORE.search(criterion_text, 0, span[0]) is not None


_FOR_AGE_BEFORE = re.compile(
    r"\b(?:for|in|if)\s+(?:(?:[a-z-]+\s+)?(?:participants?|patients?|subjects?|those|children"
    r"|adults|adolescents?|minors?|infants?|women|men|girls|boys)\s+)?"
    r"(?:(?:aged?|age\s+of)\s+)?"
    # the lower end of a range the parse reads as its upper bound alone: "for subjects
    # 28 days to < 2 years of age"
    r"(?:\d+\s+(?:days?|weeks?|months?|years?)\s+(?:to|-)\s+)?$",
    re.IGNORECASE,
)


def _given_by_the_study(criterion_text: str, constraint: Constraint) -> bool:
    """ "within one week prior to administration of the first chemotherapy dose of the study
    chemotherapy block": a treatment the study gives, still to come, which the patient's past
    treatment (or its denial, "no previous chemo") does not answer; "Is a chemotherapy
    candidate": one the patient may be given."""
    if not (isinstance(constraint, ConceptMention) and constraint.category == "treatment"):
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and (
        _study_treatment_before().search(criterion_text, 0, span[0]) is not None
        or _study_treatment_after().match(criterion_text, span[1]) is not None
    )


def _a_time_anchor(criterion_text: str, constraint: Constraint) -> bool:
    """ "Hb levels less than 21 days following RBC transfusion should not be used": a
    treatment a time is counted from, which dates something else; the criterion does not ask
    for it (a patient never transfused is not failed by it). A treatment the parse gives a
    window of its own is still judged by that window."""
    if not (
        isinstance(constraint, ConceptMention)
        and constraint.category == "treatment"
        and constraint.window is None
    ):
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and _time_anchor_before().search(criterion_text, 0, span[0]) is not None


def _consent_dates_an_age(criterion_text: str, constraint: Constraint) -> bool:
    """ "Between 3 years and 18 years of age at time of assent/consent", "≥ 18 years at the
    time of signing informed consent": the consent says when the age is counted, which the
    study team does when it enrols; the criterion asks the age, not a consent already given."""
    if not (
        isinstance(constraint, ConceptMention)
        and constraint.concept == "informed_consent"
        and not constraint.negated
    ):
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and _AGE_AT_TIME_OF.search(criterion_text, 0, span[0]) is not None


# An age, then "at (the) time of" (a bracket or "inclusive" may stand between: "18-75 years
# (both inclusive) at the time of"), then at most three words before the consent's mention.
_AGE_AT_TIME_OF = re.compile(
    r"\b(?:age|aged|old|older|younger|years?)\b[^.;]{0,30}?\btime\s+of\s+(?:[\w-]+[\s/]+){0,3}$",
    re.IGNORECASE,
)


@functools.cache
def _time_anchor_before() -> re.Pattern[str]:
    rules = load_screening_rules()
    words = phrase_alternation(rules.criterion_time_anchor_words)
    dose = phrase_alternation(rules.criterion_time_anchor_dose_phrases)
    return re.compile(
        rf"\b\d+\s*(?:hours?|days?|weeks?|months?|years?)\s+(?:{words})\s+"
        rf"(?:(?:{dose})\s+(?:[\w+/-]+\s+){{0,3}})?(?:[\w-]+\s+){{0,2}}$",
        re.IGNORECASE,
    )


def _a_sterilisation_method(criterion_text: str, constraint: Constraint) -> bool:
    """ "Women … permanently sterilized (hysterectomy, bilateral oophorectomy, or bilateral
    salpingectomy), or who are postmenopausal": a procedure listed after a sterilisation
    word (``criterion_sterilisation_words``) is one way not to bear children, offered beside
    the others; a postmenopausal woman meets the criterion without it."""
    if not (isinstance(constraint, ConceptMention) and constraint.category == "procedure"):
        return False
    span = mention_span(criterion_text, constraint.text)
    return (
        span is not None and _sterilisation_before().search(criterion_text, 0, span[0]) is not None
    )


@functools.cache
def _sterilisation_before() -> re.Pattern[str]:
    words = phrase_alternation(load_screening_rules().criterion_sterilisation_words)
    return re.compile(rf"\b(?:{words})\b[^.;]{{0,40}}$", re.IGNORECASE)


@functools.cache
def _study_treatment_before() -> re.Pattern[str]:
    cues = phrase_alternation(load_screening_rules().study_treatment_cues)
    return re.compile(rf"(?<!\w)(?:{cues})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


@functools.cache
def _study_treatment_after() -> re.Pattern[str]:
    cues = phrase_alternation(load_screening_rules().study_treatment_after_cues)
    return re.compile(rf"\s+(?:{cues})(?!\w)", re.IGNORECASE)


def _is_hypothetical(criterion_text: str, constraint: Constraint) -> bool:
    """ "who desire pregnancy": a wish or plan, not a state the patient's facts could confirm."""
    if not isinstance(constraint, ConceptMention | Pregnancy):
        return False
    return _wished_for(criterion_text, constraint.text)


@functools.lru_cache(maxsize=65_536)
def _wished_for(criterion_text: str, mention: str) -> bool:
    span = mention_span(criterion_text, mention)
    return span is not None and "hypothetical" in context_at(criterion_text, *span)


def _a_capacity_to_conceive(criterion_text: str, constraint: Constraint) -> bool:
    """ "Patients … in which either they or their partner may become pregnant must use
    contraception" (NCT05696782), "women physiologically capable of becoming pregnant":
    the capacity to conceive is childbearing potential (CTFG 2020, section 2), not a
    pregnancy; an inclusion names by it whom a requirement is asked of, so a postmenopausal
    woman or a denied pregnancy does not fail it. Every pregnancy word must be so written."""
    if not isinstance(constraint, Pregnancy) or constraint.negated:
        return False
    spans = [
        span for text in constraint.text.split(", ") for span in mention_spans(criterion_text, text)
    ]
    capacity = _capacity_before()
    return bool(spans) and all(
        capacity.search(criterion_text, 0, start) is not None for start, _ in spans
    )


@functools.cache
def _capacity_before() -> re.Pattern[str]:
    rules = load_screening_rules().childbearing_potential
    words = phrase_alternation(rules.criterion_capacity_words if rules is not None else [])
    return re.compile(rf"\b(?:{words})\s+$" if words else r"(?!)", re.IGNORECASE)


def _not_the_patients_own(criterion_text: str, constraint: Constraint) -> bool:
    """A condition a criterion names as a relative's ("at least one biological parent
    diagnosed as bipolar disorder", "family history of …") or as what may come ("at risk of
    developing osteoporosis", "the development of osteoporosis"): the patient's own condition
    neither meets nor rules it out, and a note rarely says; each of its mentions must be so."""
    if not (isinstance(constraint, ConceptMention) and constraint.category == "condition"):
        return False
    return named_for_someone_else(criterion_text, constraint.text)


@functools.lru_cache(maxsize=65_536)
def named_for_someone_else(criterion_text: str, mention: str) -> bool:
    patterns = criterion_patterns()
    family_cues = patterns.family.search(criterion_text) is not None
    spans = mention_spans(criterion_text, mention)
    return bool(spans) and all(
        patterns.outcome.search(criterion_text, clause_start(criterion_text, start), start)
        or patterns.relative.search(criterion_text, clause_start(criterion_text, start), start)
        or (family_cues and "family" in context_at(criterion_text, start, end))
        for start, end in spans
    )


def judged_in(criterion_text: str, exclusion: bool, constraint: Constraint) -> bool:
    """Whether the criterion's own words leave ``constraint`` to be judged (what
    :func:`judged_constraints.judged_constraints` keeps whoever the patient is). A cohort
    screen asks it of
    every criterion for each patient, so a hashable constraint's answer is kept
    (``_judged_in_text``); a pregnancy's list of states is not hashable and is read anew."""
    if isinstance(constraint, Pregnancy):
        return _judged_in_words(criterion_text, exclusion, constraint)
    return _judged_in_text(criterion_text, exclusion, constraint)


def _either_way(criterion_text: str, constraint: Constraint) -> bool:
    """ "One line can contain several phases (e.g., induction, [with or without]
    hematopoietic stem cell transplant …)": a mention after "with or without" is allowed
    either way, so it is neither asked for nor excluded (it was read as "requires no
    transplant")."""
    if not isinstance(constraint, ConceptMention) or not constraint.negated:
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and either_way_at(criterion_text, *span)


def _marked_optional(criterion_text: str, constraint: Constraint) -> bool:
    """ "adjuvant ET (+/- CDK4/6 inhibitor)", "EBRT ± concurrent chemotherapy": an item after a
    mark that allows it (``optional_item_marks``, up to two words between) is neither asked
    of the patient nor denied; the rest of the criterion still is. A mark joined to the word
    before it ("HR+/-") or before a number ("60 (+/-10%) Gy", a tolerance) marks no item."""
    if not isinstance(constraint, ConceptMention):
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and _optional_mark().search(criterion_text, 0, span[0]) is not None


@functools.cache
def _optional_mark() -> re.Pattern[str]:
    return judge_cue_pattern(
        r"(?:^|(?<=[\s(\[]))(?:{optional_item_marks})\s+(?:[^\W\d][\w-]*\s+){0,2}$", re.I
    )


def _qualifies_another_requirement(criterion_text: str, constraint: Constraint) -> bool:
    """A treatment the criterion names only to qualify another of its requirements: a member
    the medicines it counts must include ("≥ 3 antihypertensive medications … (at least one
    must be a diuretic)"), a class it says it counts as one ("Diuretics (such as furosemide
    or spironolactone) are considered as one class of anti-hypertensives"), or the cause of
    a condition it asks ("diuretic (Thiazide, Frusemide), pain killer (…) induced
    preoperative hyponatremia"), or what an alteration it asks confers resistance to ("RB1
    mutations … that … confer resistance to CDK4/6i"). Taking the treatment is not what it
    asks."""
    if not (isinstance(constraint, ConceptMention) and constraint.category == "treatment"):
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    before, after = _qualifying_patterns()
    # An example in brackets after the class ("Diuretics (such as furosemide …) are …")
    # qualifies as the class does.
    opened = criterion_text.rfind("(", 0, span[0])
    closed = criterion_text.find(")", span[1])
    end = (
        closed + 1
        if opened != -1 and closed != -1 and ")" not in criterion_text[opened : span[0]]
        else span[1]
    )
    return (
        before.search(criterion_text, 0, span[0]) is not None
        or after.match(criterion_text, span[1]) is not None
        or after.match(criterion_text, end) is not None
    )


@functools.cache
def _qualifying_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    before = judge_cue_pattern(
        r"\b(?:{member_required_words:spaced}|{resisted_before_words:spaced})\s+(?:an?\s+)?$",
        re.I,
    )
    # Bracketed examples and further list items may stand between the class and the words.
    after = judge_cue_pattern(
        r"(?:\s*\([^()]*\))?(?:\s*,\s*[\w -]+?(?:\s*\([^()]*\))?)*\s*-?\s*"
        r"(?:(?:{counted_as_words:spaced})|(?:{caused_after_words}))\b",
        re.I,
    )
    return before, after


def _allowed_not_asked(criterion_text: str, constraint: Constraint) -> bool:
    """In an inclusion, a mention the criterion allows rather than asks: "Patients with prior
    anti-PD-1 … therapy are [admitted] if they have received such therapy for a minimum of 6
    months" (whom a condition is for), "(prior combination of anti-PD-[L]1 and anti-CTLA-4 is
    acceptable)": a prior one with ``allowed_after_words``), "Patients may have received one
    prior chemotherapy regimen for adjuvant therapy …" (NCT03671044, NCT05696626: a treatment
    after "may have received", "had" or "undergone" in its sentence, unless the criterion
    limits how long it lasted: "may have received up to 12 weeks of endocrine therapy" asks
    the course's length of a patient who had one). A patient without it is not failed by it,
    nor does having it meet the criterion."""
    if not isinstance(constraint, ConceptMention):
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    whom, prior, allowed = _allowance_patterns()
    if constraint.window is None and _MAY_HAVE_HAD.search(criterion_text, 0, span[0]) is not None:
        return True
    return (
        whom.search(criterion_text, 0, span[0]) is not None
        and re.search(r"\b(?:if|provided)\b", criterion_text[span[1] :].split(".")[0], re.I)
        is not None
    ) or (
        prior.search(criterion_text, 0, span[0]) is not None
        and allowed.match(criterion_text, span[1]) is not None
    )


# "Patients may have received …", "who may have had …": what follows in the sentence is allowed.
_MAY_HAVE_HAD = re.compile(
    r"\bmay\s+have\s+(?:previously\s+|already\s+)?(?:received|had|undergone)\b[^.;]*$", re.I
)


@functools.cache
def _allowance_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    whom = re.compile(
        r"^\W*(?:patients|participants|subjects)\s+(?:with|who\s+(?:have\s+)?(?:had|received))"
        r"\s+(?:(?:prior|previous)\s+)?(?:[\w/-]+,?\s+(?:or\s+|and\s+)?){0,6}$",
        re.I,
    )
    allowed = judge_cue_pattern(r"[^.;()]{0,80}?\b(?:{allowed_after_words:spaced})\b", re.I)
    # A past treatment allowed, not one used now ("The use of transfusion to achieve Hgb
    # ≥10 g/dL is acceptable" still asks the haemoglobin).
    prior = re.compile(r"\b(?:prior|previous)\s+(?:[^\s.;()]+\s+){0,5}$", re.I)
    return whom, prior, allowed


@functools.lru_cache(maxsize=65_536)
def _judged_in_text(criterion_text: str, exclusion: bool, constraint: Constraint) -> bool:
    return _judged_in_words(criterion_text, exclusion, constraint)


def _judged_in_words(criterion_text: str, exclusion: bool, constraint: Constraint) -> bool:
    """Left out by the words alone: concepts that are only evidence, wished-for states and
    a capacity to conceive in an inclusion, another's condition, an age of a subgroup, the
    study's own treatment, a time anchor, a sterilisation method, and in an exclusion what
    it lets off or negates."""
    c = constraint
    evidence_only = frozenset(load_screening_rules().evidence_only_concepts)
    return (
        not (isinstance(c, ConceptMention) and c.concept in evidence_only)
        and not (not exclusion and _is_hypothetical(criterion_text, c))
        and not (not exclusion and _a_capacity_to_conceive(criterion_text, c))
        and not _not_the_patients_own(criterion_text, c)
        and not _age_of_a_subgroup(criterion_text, c)
        and not _given_by_the_study(criterion_text, c)
        and not _a_time_anchor(criterion_text, c)
        and not _consent_dates_an_age(criterion_text, c)
        and not _either_way(criterion_text, c)
        and not _marked_optional(criterion_text, c)
        and not _a_sterilisation_method(criterion_text, c)
        and not _qualifies_another_requirement(criterion_text, c)
        and not (not exclusion and _allowed_not_asked(criterion_text, c))
        and not (exclusion and is_let_off(criterion_text, c))
        and not (exclusion and isinstance(c, ConceptMention) and c.negated)
        and not (exclusion and _required_not_to_be(criterion_text, c))
    )


# The verb of a requirement, negated ("Participants must not be pregnant").
_REQUIRED_NOT = re.compile(r"\b(?:must|should|shall)\s+not\b", re.IGNORECASE)


def _required_not_to_be(criterion_text: str, constraint: Constraint) -> bool:
    """A pregnancy an exclusion writes as a requirement not to be ("Participants must not be
    pregnant and/or breastfeeding.", NCT06561386): the negation is the requirement's, as a
    negated condition's is there, not the excluded women's ("Those over the age of 18 who are
    not pregnant", NCT05701904, excludes women who are not)."""
    return (
        isinstance(constraint, Pregnancy)
        and constraint.negated
        and _REQUIRED_NOT.search(criterion_text) is not None
    )
