"""Pre-screen a patient against trials, criterion by criterion.

Each criterion gets ``met`` / ``not_met`` / ``unknown`` / ``not_applicable``
with the evidence (the patient fact or note sentence) and the reason. For an
exclusion criterion ``met`` means the exclusion applies. The trial verdict is
``excluded`` (an inclusion not met or an exclusion met), ``likely`` (every
criterion settled in the patient's favour) or ``possible``. Nothing here says
a patient is eligible: the study team decides.

:func:`judge` is the one judge of a criterion against a patient's facts: the
CLI, the web pages, the API and ``evaluate`` all reach it.

Matching reads the criteria parsed at ingest; across a whole store it first
reads only the small stored summaries (sex, ages, condition concepts), skips
trials unrelated to the patient's conditions, and fetches the full criteria of
the remaining candidates.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple, TypeVar

import msgspec

from trialfinder.criteria import (
    CRITERIA_KIND,
    CRITERIA_SUMMARY_KIND,
    PARSER_VERSION,
    CriteriaSummary,
    Criterion,
    ParsedCriteria,
    decode_criteria,
    decode_criteria_summary,
    parse_trial_criteria,
)
from trialfinder.criteria.abbreviations import criterion_written_out
from trialfinder.criteria.lexicon import load_lexicon, tokenize
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    SexRequirement,
)
from trialfinder.criteria.parse import reads_age_group, words_left_unread
from trialfinder.judging.adequate_function import adequate_function_outcome
from trialfinder.judging.alternatives import (
    alternative_spans,
    alternatives_status,
    listed_alternatives,
    listed_alternatives_status,
    merge_age_alternatives,
    merge_raised_pairs,
    or_joined_span,
)
from trialfinder.judging.asked_histology import (
    component_contradicted,
    histology_contradicted,
    histology_spans_met,
    with_histology_asked,
)
from trialfinder.judging.bracket_conjunctions import (
    bracketed_conjunctions,
    fails_a_bracketed_definition,
)
from trialfinder.judging.broad_illness import broad_illness_outcome
from trialfinder.judging.cancer_class import of_a_cancer_class
from trialfinder.judging.cancer_sites import cancer_site_spans_met
from trialfinder.judging.cns_exceptions import cns_let_off
from trialfinder.judging.cohort_scope import outside_the_cohort, part_labels
from trialfinder.judging.concept_findings import current_or_past_spans
from trialfinder.judging.concept_names import concept_name
from trialfinder.judging.conditional_bounds import conditional_bounds
from trialfinder.judging.confirmation_methods import method_reading
from trialfinder.judging.consent_capacity import (
    CONSENT_CONCEPT,
    SILENCE_DOES_NOT_SETTLE,
    settled_by_text,
)
from trialfinder.judging.constraint_truth import evaluate_constraint, menstruating_now
from trialfinder.judging.contraindicating import with_contraindication_asked
from trialfinder.judging.criterion_words import (
    announces_a_list,
    any_of_the_whole,
    bare_heading,
    both_sexes_words,
    cue_patterns,
    mention_span,
    says,
)
from trialfinder.judging.cycle_counts import cycle_count_finding
from trialfinder.judging.definitions import definition_status
from trialfinder.judging.denied_rest import only_denied_rest_unread
from trialfinder.judging.disease_kinds import narrower_spans_the_patient_has
from trialfinder.judging.disease_state import (
    disease_state,
    names_a_cancer,
    spread_alternative_spans_met,
    spread_state,
)
from trialfinder.judging.entailment import entailed_finding
from trialfinder.judging.findings import Finding, Outcome, Status, Truth, each_once, joined_reasons
from trialfinder.judging.judged_constraints import (
    is_menopause,
    judged_constraints,
    offered_as_a_man,
    only_offers_men,
)
from trialfinder.judging.let_off import (
    cancers_let_off_below,
    clause_let_off,
    in_a_concession,
    lists_cancers_let_off,
    other_cancers_kept,
    scopes_another_cancer,
    with_let_off,
)
from trialfinder.judging.measurements import denied_graded_disease, threshold_text
from trialfinder.judging.named_quantities import named_quantity_status
from trialfinder.judging.newly_diagnosed import new_diagnosis_status, recurrence_status
from trialfinder.judging.normal_values import abnormal_values_outcome, normal_values_outcome
from trialfinder.judging.note_named_words import words_the_note_names
from trialfinder.judging.only_if import with_only_if_asked
from trialfinder.judging.only_unread import (
    only_a_contradicted_grade_unread,
    only_another_cancer_qualifiers_unread,
    only_concept_qualifiers_unread,
    only_confirmation_methods_unread,
    only_course_words_unread,
    only_exceptions_unread,
    only_infection_tests_unread,
    only_medications_unread,
    only_organ_part_unread,
    only_radiation_region_unread,
    only_site_words_unread,
)
from trialfinder.judging.operation_purpose import operation_purpose_finding
from trialfinder.judging.planned_procedures import as_planned
from trialfinder.judging.prior_lines import prior_lines_failing, with_prior_lines
from trialfinder.judging.read_in_full import (
    a_denied_one_given,
    a_listed_age,
    an_alternative_unread,
    one_clause_read_fully,
    read_fully,
    settings_of_treatments_not_had,
    vocabulary_readings_read_in_full,
)
from trialfinder.judging.sex_and_childbearing import POSTMENOPAUSAL, PREMENOPAUSAL
from trialfinder.judging.silence_policy import (
    NOTE_SILENCE_RULES,
    NOTE_WAIVERS,
    Silence,
    history_silence_reason,
    load_silence_policy,
    only_framing_unread,
    only_narrowing_unread,
    unread_words_waiver,
    unsettled_by_silence,
    waives,
)
from trialfinder.judging.subtypes import asks_a_subtype_apart, mixed_histology_status
from trialfinder.judging.time_windows import anchor_pattern
from trialfinder.judging.treatment_place import with_place_asked
from trialfinder.judging.trial_condition import (
    staged_as_the_trial_cancer,
    trials_own_operation_finding,
    without_trial_condition,
)
from trialfinder.judging.unread_concepts import unread_concept_outcome
from trialfinder.judging.value_qualifiers import (
    with_value_lowered_by_a_drug,
    with_value_qualifier_asked,
)
from trialfinder.judging.vocabulary_constraints import (
    dated_disease_outcome,
    vocabulary_constraints,
)
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    Fact,
    PatientFacts,
    load_screening_rules,
    phrase_alternation,
    phrase_pattern,
)
from trialfinder.score_alternatives import score_alternatives
from trialfinder.store.base import Store
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "DISCLAIMER",
    "NOTE_SILENCE_RULES",
    "NOTE_WAIVERS",
    "CriterionResult",
    "Finding",
    "Judgement",
    "MatchReport",
    "Status",
    "TrialResult",
    "Truth",
    "Verdict",
    "criterion_constraints",
    "evaluate_constraint",
    "judge",
    "load_silence_policy",
    "match_parsed",
    "match_store",
    "match_trial",
    "merge_age_alternatives",
    "relevance",
    "stored_criteria",
]

Verdict = Literal["excluded", "possible", "likely"]
# What identifies a candidate while ranking: its record bytes, or its NCT id in a store.
_Key = TypeVar("_Key")
DISCLAIMER = (
    "This is a pre-screen, not an eligibility decision: the study team decides who can take part."
)

_VERDICT_ORDER: dict[str, int] = {"likely": 0, "possible": 1, "excluded": 2}


class CriterionResult(msgspec.Struct):
    """One criterion's status; keys are the public JSON contract."""

    type: Literal["inclusion", "exclusion"]
    text: str
    status: Status
    evidence: str | None
    reason: str


class TrialResult(msgspec.Struct):
    """One trial's verdict; keys are the public JSON contract."""

    nct_id: str
    verdict: Verdict
    criteria: list[CriterionResult]
    # Why the note was read as the patient's whole record (its silence settled exclusions a
    # history would list; trialfinder.whole_record); "" when it was read as partial.
    whole_record: str = ""


class MatchReport(msgspec.Struct):
    results: list[TrialResult]
    disclaimer: str = DISCLAIMER


def _broader_fact(constraint: ConceptMention, patient: PatientFacts) -> Fact | None:
    """The note's condition that is a broader kind of the one the criterion names ("diabetes"
    for "type 1 diabetes"), or None."""
    if constraint.category != "condition" or constraint.negated:
        return None
    above = load_lexicon().ancestors.get(constraint.concept, frozenset()) - {constraint.concept}
    return next(
        (
            fact
            for fact in patient.facts
            if fact.kind == "concept"
            and fact.concept in above
            and not fact.negated
            and not fact.uncertain
        ),
        None,
    )


def _open_kinds(
    pairs: Sequence[tuple[Constraint, Finding]], patient: PatientFacts
) -> tuple[frozenset[int], Finding] | None:
    """The criterion's kinds of one condition the note names without its kind, and what to
    say of them ("type 1 or type 2 diabetes" for a note's "diabetes"), or None.

    Two or more kinds named as alternatives ask, in effect, for the condition itself: a note
    that names it is not silent about them, so neither silence nor "no information" settles
    them. One kind alone ("Type 1 diabetes") is a kind the note would name, and stays settled
    as before.
    """
    open_kinds: dict[str, list[ConceptMention]] = {}
    evidence: dict[str, str] = {}
    for constraint, finding in pairs:
        if not isinstance(constraint, ConceptMention) or finding.truth != "unknown":
            continue
        fact = _broader_fact(constraint, patient)
        if fact is None or fact.concept is None:
            continue
        kinds = open_kinds.setdefault(fact.concept, [])
        if all(k.concept != constraint.concept for k in kinds):
            kinds.append(constraint)
        evidence.setdefault(fact.concept, fact.evidence)
    for broader, kinds in open_kinds.items():
        if len(kinds) >= 2:
            lexicon = load_lexicon()
            names = " or ".join(
                concept_name(k.text, lexicon.concepts.get(k.concept)) for k in kinds
            )
            reason = f"patient has {lexicon.concepts[broader].names[0]}; the note does not say "
            reason += f"whether it is {names}"
            ids = frozenset(id(k) for k in kinds)
            return ids, Finding("unknown", evidence[broader], reason)
    return None


@functools.lru_cache(maxsize=4_096)
def _read_by_lexicon(concepts: frozenset[str]) -> frozenset[str]:
    """The concepts less those read through MeSH alone."""
    return frozenset(c for c in concepts if not c.startswith(VOCABULARY_CONCEPT_PREFIX))


@functools.lru_cache(maxsize=4_096)
def _unread_condition_concepts(names: tuple[str, ...]) -> frozenset[str]:
    """The MeSH diseases of the trial's condition names the lexicon reads nothing in ("Dental
    Caries", a condition browse term): the trial's own condition, which its exclusions and a
    general-health criterion set aside as they do a condition the lexicon reads."""
    vocabulary = load_vocabulary()
    found: set[str] = set()
    for name in names:
        readings = vocabulary.lookup(name)
        if (
            readings
            and readings[0].kind not in ("abbreviation", "spelling")
            and readings[0].concept.names_a_disease()
        ):
            found.add(f"{VOCABULARY_CONCEPT_PREFIX}{readings[0].concept.id}")
    return frozenset(found)


class Judgement(NamedTuple):
    """The judge's answer for one criterion: status, the fact it rests on, and why.

    ``status`` is about the criterion as written: for an exclusion ``met``
    means the exclusion applies. ``not_applicable`` means the criterion is not
    about this patient (pregnancy in a man, a failure during the study).
    """

    status: Status
    evidence: str | None
    reason: str


def _names_population(criterion_text: str, constraint: Constraint) -> bool:
    """ "Diabetic patients on rosiglitazone": diabetes says who; the drug is what excludes;
    so does a condition that ends a heading ("… participants with T2D: …") or stands in a
    leading clause about people ("For participants with prior bortezomib, the best response …").

    So does an age: "all adult patients (> 18 years of age) with a diagnosis of thoracic
    aortic disease" excludes on the disease, not on being an adult.
    """
    is_age = isinstance(constraint, Measurement) and constraint.analyte == "age"
    if not (isinstance(constraint, ConceptMention | Pregnancy) or is_age):
        return False
    return _mention_names_population(criterion_text, constraint.text, is_age)


@functools.lru_cache(maxsize=65_536)
def _mention_names_population(criterion_text: str, mention: str, is_age: bool) -> bool:
    """:func:`_names_population` by the mention's words, read once per criterion rather than
    once per patient screened."""
    span = mention_span(criterion_text, mention)
    if span is None:
        return False
    clause = cue_patterns()["population_clause"].match(criterion_text)
    if clause is not None and span[1] < clause.end():
        return True
    after = criterion_text[span[1] :]
    if is_age and _GLUED_ITEM.match(after):
        # "Age below 30 years Patients with hepatitis B …": a capital after the age with
        # nothing between starts the next item of a list whose breaks were lost.
        return False
    if _IN_PEOPLE_ON.search(criterion_text, 0, span[0]) and not after.strip(" .;"):
        # "Poorly controlled hypertension (…) in patients on anti-hypertensive medications":
        # the closing drugs say who the hypertension is asked of.
        return True
    return cue_patterns()["population"].search(after) is not None or (
        _HEADING_AFTER.match(after) is not None
        and _PEOPLE_BEFORE.search(criterion_text, 0, span[0]) is not None
    )


def _age_of_the_people_named(
    criterion_text: str, constraint: Constraint, pairs: Sequence[tuple[Constraint, Finding]]
) -> bool:
    """ "Pregnant women under the age of 18", "Lactating mothers below 20 years": an age right
    after the people a phrase names ("women", "children") says which of them the exclusion
    is about, as "aged 28 days to 6 months … who" does. Only so when every other mention
    stands before it in that one phrase: "Women under 18 or pregnant" lists two groups."""
    if not (isinstance(constraint, Measurement) and constraint.analyte == "age") or len(pairs) < 2:
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    before = criterion_text[: span[0]]
    if _LIST_BREAK.search(before) or not _PEOPLE_JUST_BEFORE.search(before):
        return False
    others = [mention_span(before, c.text) for c, _ in pairs if c is not constraint]
    return all(other is not None for other in others)


def _age_group_of_the_people_named(
    criterion: Criterion, constraint: Constraint, pairs: Sequence[tuple[Constraint, Finding]]
) -> bool:
    """ "Adult subject under legal protection or unable ton consent" (NCT05689879), "Adults
    subject to a legal protection order or unable to give their consent" (NCT05696288): an
    age group opening an exclusion as its subject (``parse.reads_age_group``) says whom the
    rest is about, when there is a rest: the exclusion reads more ("Adult patients with
    asthma") or leaves words unread. Alone it is what excludes ("Pediatric patients")."""
    return (
        isinstance(constraint, Measurement)
        and reads_age_group(constraint)
        and (len(pairs) > 1 or not criterion.complete)
    )


# "Only applicable for participants with type 2 diabetes (T2D): uncontrolled …": a
# condition that ends a heading about people says who the rest is about (not "Uncontrolled
# severe hypertension: systolic …", a definition).
_HEADING_AFTER = re.compile(r"\s*(?:\([^()]*\))?\W{0,2}:(?!\d)")
# The next item of a list written on one line: "… 30 years Patients with …" (case matters).
_GLUED_ITEM = re.compile(
    r"(?:\s+years?)?\s+(?:Patients|Participants|Subjects|Individuals|People)\b"
)
# "… in patients on / taking / receiving / treated with <drugs>" closing a criterion.
_IN_PEOPLE_ON = re.compile(
    r"\bin\s+(?:participants?|patients?|subjects?|people|persons?|individuals?|those)"
    r"\s+(?:who\s+are\s+)?(?:on|taking|receiving|using|treated\s+with)\s+(?:[\w-]+\s+){0,2}(?:\w+-)?$",
    re.IGNORECASE,
)
# The people a phrase names, right before its age ("Pregnant women under the age of 18").
_PEOPLE_JUST_BEFORE = re.compile(
    r"\b(?:participants?|patients?|subjects?|people|persons?|individuals?|women|men|females|"
    r"males|mothers|girls|boys|children|adults|adolescents|infants)\s+$",
    re.IGNORECASE,
)
# A break between items of a list or sentences: what stands before it is another group.
_LIST_BREAK = re.compile(r"[,;:/.\n]|\b(?:and|or)\b", re.IGNORECASE)
_PEOPLE_BEFORE = re.compile(
    r"\b(?:participants?|patients?|subjects?|people|persons?|individuals?|women|men|those)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _menopause_finding(criterion_text: str, patient: PatientFacts) -> Finding | None:
    """Pre/postmenopausal from the patient's facts, else from a woman's age (general age bands)."""
    pre = says(PREMENOPAUSAL, criterion_text)
    post = says(POSTMENOPAUSAL, criterion_text)
    if pre == post:
        return None
    wanted = "postmenopausal" if post else "premenopausal"
    if offered_as_a_man(criterion_text, patient):
        return None
    if patient.sex == "male":
        return Finding(
            "false", patient.sex_evidence or None, f"patient is male; criterion {wanted}"
        )
    rules = load_screening_rules()
    present, absent = patient.concept_facts("menopause")
    evidence: str | None = patient.age_evidence or None
    if present:
        is_post: bool | None = True
        evidence = present[0].evidence
    elif absent:
        is_post = False
        evidence = absent[0].evidence
    elif periods := menstruating_now(patient):
        is_post = False
        evidence = periods
    elif patient.age is None:
        is_post = None
    elif patient.age >= rules.postmenopausal_age_years:
        is_post = True
    elif patient.age < rules.premenopausal_age_limit_years:
        is_post = False
    else:
        is_post = None
    if is_post is None:
        return Finding("unknown", evidence, f"menopausal status not given; criterion {wanted}")
    state = "postmenopausal" if is_post else "premenopausal"
    if is_post != post and _menopause_is_one_way(criterion_text):
        return Finding(
            "unknown",
            evidence,
            f"patient is {state}; the criterion also allows contraception or sterilisation",
        )
    return Finding("true" if is_post == post else "false", evidence, f"patient is {state}")


def _menopause_is_one_way(criterion_text: str) -> bool:
    """Whether the menopausal state is offered as one way among others ("They may be
    post-menopausal, surgically sterilized or using an appropriate method of contraception"):
    a menopause word, then "or", then a childbearing phrase, in one sentence. A woman of the
    other state may meet it another way, which the note seldom says."""
    return cue_patterns()["menopause_or_childbearing"].search(criterion_text) is not None


def criterion_constraints(criterion: Criterion) -> list[Constraint]:
    """Everything the judge reads in a criterion: its parse and the diseases only MeSH names."""
    return [*criterion.constraints, *vocabulary_constraints(criterion)]


def _own_status(
    criterion: Criterion,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
    record_is_complete: bool,
    silence_rules: frozenset[str] | None,
    waivers: frozenset[str] | None,
) -> Outcome | None:
    """The status from a criterion's own text and constraints (None when it has none)."""
    settled = settled_by_text(criterion, patient) or mixed_histology_status(criterion, patient)
    if settled is not None:
        return settled
    constraints = judged_constraints(criterion, patient, trial_concepts)
    if not constraints:
        named = (
            adequate_function_outcome(criterion, patient)
            or normal_values_outcome(criterion, patient)
            or abnormal_values_outcome(criterion, patient)
            or broad_illness_outcome(criterion, patient, trial_concepts)
            or unread_concept_outcome(criterion, patient, trial_concepts)
            or dated_disease_outcome(criterion, patient, trial_concepts)
        )
        if named is not None:
            return named
    if criterion.section == "inclusion":
        constraints = [c for c in constraints if not scopes_another_cancer(criterion, c, patient)]
    read = constraints
    whole_patient = patient
    # "Good general health" asks of other illness: the trial's own is why the patient came.
    # An exclusion sets aside only a condition the lexicon reads, whose kinds it knows apart
    # (:func:`asks_a_subtype_apart`): a prediabetes trial known by MeSH alone asks of
    # diabetes, which the patient's prediabetes rules out.
    set_aside = (
        trial_concepts
        if any(isinstance(c, HealthyVolunteers) for c in constraints)
        else _read_by_lexicon(trial_concepts)
        if criterion.section == "exclusion"
        and not asks_a_subtype_apart(constraints, trial_concepts)
        else frozenset()
    )
    # An exclusion's stage or TNM of the trial's own cancer ("Clinical stage T1-2 N0, or M1
    # disease") asks which of the trial's patients it shuts out: their cancer stays.
    set_aside -= _staged_concepts(constraints)
    if set_aside:
        apart = _named_apart(constraints) | other_cancers_kept(
            criterion.text, constraints, set_aside
        )
        patient = without_trial_condition(patient, set_aside, apart)
    if criterion.section == "exclusion" and patient.fitness_evidence:
        # A fit patient with the trial's condition is no healthy volunteer an exclusion names.
        patient = msgspec.structs.replace(patient, fitness_evidence="")
    patient = _without_entailed_by_written_limits(patient, constraints)
    if patient.consent_evidence:
        # The patient's consent settles the consent; the rest is judged.
        constraints = [
            c
            for c in constraints
            if not (isinstance(c, ConceptMention) and c.concept == CONSENT_CONCEPT)
        ]
    menopause = _menopause_finding(criterion.text, patient)
    if menopause is not None:
        constraints = [c for c in constraints if not is_menopause(c)]
    # A whole note's history settles only an exclusion that reads something (waiver
    # unmentioned_history); a whole record settles any (unmentioned_exclusion).
    silence_settles = criterion.section == "exclusion" and (
        waives("unmentioned_exclusion", record_is_complete, waivers)
        or (bool(constraints) and waives("unmentioned_history", record_is_complete, waivers))
    )
    if not constraints and menopause is None and not silence_settles:
        if says(both_sexes_words(), criterion.text) and _says_only_both_sexes(criterion.text):
            return _both_sexes_status(criterion, patient)
        offered = only_offers_men(criterion, patient) if criterion.constraints else None
        if offered is not None:
            met, why = offered
            evidence = patient.sex_evidence if met else patient.age_evidence
            return "met" if met else "not_met", evidence or None, why
        return None
    if not constraints and menopause is None:
        # An exclusion reading nothing may ask the cancer's spread ("Evidence of metastatic
        # disease.") or, of a note naming a cancer, its tumour markers ("Have known changes
        # in the EGFR or ALK genes."): what the note states of it settles the exclusion
        # before silence does. A note naming no cancer has no tumour's markers (a pap
        # smear's "HPV positive" against "HPV (p16) positive tumours").
        state = spread_state(criterion, whole_patient, trial_concepts) or (
            disease_state(criterion, whole_patient, trial_concepts)
            if names_a_cancer(whole_patient)
            else None
        )
        if state is not None:
            return state
    if (
        any(isinstance(c, HealthyVolunteers) for c in constraints)
        and criterion.source == "structured"
    ):
        constraint = constraints[0]
        assert isinstance(constraint, HealthyVolunteers)
        return _healthy_structured(constraint, patient)
    findings = [evaluate_constraint(c, patient, criterion.text) for c in constraints]
    if trial_concepts:
        findings = [
            trials_own_operation_finding(c, f, criterion.text, whole_patient, trial_concepts)
            for c, f in zip(constraints, findings, strict=True)
        ]
    findings = [
        operation_purpose_finding(c, f, criterion.text, whole_patient)
        for c, f in zip(constraints, findings, strict=True)
    ]
    constraints, findings = vocabulary_readings_read_in_full(criterion, constraints, findings)
    open_kinds = _open_kinds(list(zip(constraints, findings, strict=True)), patient)
    if open_kinds is not None:
        findings = [
            open_kinds[1] if id(c) in open_kinds[0] else f
            for c, f in zip(constraints, findings, strict=True)
        ]
    if not constraints and menopause is None and not silence_settles:
        return None
    if criterion.section == "inclusion" and waives(
        "short_life_expectancy", record_is_complete, waivers
    ):
        findings = [
            _life_expectancy_by_silence(c, f, patient)
            for c, f in zip(constraints, findings, strict=True)
        ]
    if criterion.section == "inclusion":
        findings = [
            of_a_cancer_class(c, f, patient, criterion.text)
            for c, f in zip(constraints, findings, strict=True)
        ]
    findings = bracketed_conjunctions(criterion.text, constraints, findings)
    constraints, findings = merge_age_alternatives(constraints, findings, criterion.text)
    constraints, findings = merge_raised_pairs(constraints, findings)
    defined = definition_status(criterion, patient, constraints, findings)
    if defined is not None:
        return defined
    if criterion.section == "inclusion":
        # Which waiver covers the unread words is worked out only for a whole record.
        waived = record_is_complete and waives(
            unread_words_waiver(criterion.text, read), record_is_complete, waivers
        )
        scored = None
        if menopause is None:
            scored = _score_alternatives_status(criterion, patient, constraints, findings, waived)
        if scored is not None:
            return scored
        return with_prior_lines(
            criterion, patient, constraints, findings, menopause, waived, _inclusion_status
        )
    findings = [
        denied_graded_disease(c, f, patient) for c, f in zip(constraints, findings, strict=True)
    ]
    too_few_or_many = prior_lines_failing(constraints, findings)
    if too_few_or_many is not None:
        return too_few_or_many
    outcome = _exclusion_status(
        criterion,
        patient,
        list(zip(constraints, findings, strict=True)),
        menopause,
        trial_concepts,
        silence_settles,
        silence_rules,
    )
    if outcome[0] == "met":
        untold = prior_lines_failing(constraints, findings, "unknown")
        if untold is not None:
            return untold
    return outcome


def _staged_concepts(constraints: Sequence[Constraint]) -> frozenset[str]:
    """The conditions a criterion writes a stage or TNM on."""
    return frozenset(
        c.concept
        for c in constraints
        if isinstance(c, ConceptMention) and (c.stage is not None or c.tnm is not None)
    )


def _named_apart(constraints: Sequence[Constraint]) -> frozenset[str]:
    """The conditions an exclusion names, each of which its facts are kept for."""
    return frozenset(c.concept for c in constraints if isinstance(c, ConceptMention))


def _without_entailed_by_written_limits(
    patient: PatientFacts, constraints: Sequence[Constraint]
) -> PatientFacts:
    """The patient's facts less the diagnoses a measured value entails by its definition
    (``Fact.entailed_by``) where the criterion writes its own limit of that value: "Anemia
    Hb < 8 g/dL" asks for a haemoglobin below 8, so a Hb of 10.2 (anaemia by the WHO's
    cut-off) does not meet it by the name."""
    limited = {c.analyte for c in constraints if isinstance(c, Measurement)}
    facts = [fact for fact in patient.facts if fact.entailed_by not in limited]
    if not limited or len(facts) == len(patient.facts):
        return patient
    return msgspec.structs.replace(patient, facts=facts)


def _life_expectancy_by_silence(
    constraint: Constraint, finding: Finding, patient: PatientFacts
) -> Finding:
    """ "Life expectancy longer than 48 hours": a whole record naming no life-limiting
    condition settles a threshold this short; anything longer needs the study team."""
    rules = load_screening_rules()
    if (
        finding.truth != "unknown"
        or not isinstance(constraint, Measurement)
        or constraint.analyte != "life_expectancy"
        or constraint.comparator not in (">", ">=")
        or constraint.canonical_value is None
        or constraint.canonical_value > rules.short_life_expectancy_months
    ):
        return finding
    limiting = next((c for c in rules.life_limiting_concepts if patient.concept_facts(c)[0]), None)
    if limiting is not None:
        return finding
    return Finding(
        "true",
        None,
        "the record names no life-limiting condition; criterion life expectancy "
        f"{threshold_text(constraint)}",
    )


def _says_only_both_sexes(text: str) -> bool:
    """ "Male and female" / "Both genders are eligible" / "Gender- Both (Male & Female)":
    nothing else to check."""
    rest = both_sexes_words().sub(" ", text)
    cues = load_lexicon().cues
    fillers = (
        load_lexicon().filler_words
        | {"eligible", "study", "included", "accepted"}
        | frozenset(cues.both_sexes_heading_words)
    )
    return all(token.text.lower() in fillers for token in tokenize(rest))


def _both_sexes_status(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """ "Male and female" in an inclusion criterion is met by anyone whose sex is known."""
    if criterion.section != "inclusion":
        return None
    if patient.sex is None:
        return "unknown", None, "sex not given; the study takes both sexes"
    return "met", patient.sex_evidence, f"patient is {patient.sex}; the study takes both sexes"


def _score_alternatives_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    unread_words_waived: bool,
) -> Outcome | None:
    """An inclusion of ranges of one score written as alternatives ("IPI score 1 or 2 with
    LDH > 1.3 x ULN and/or bulky disease … OR IPI ≥ 3", :func:`score_alternatives`), or
    None to judge it as any other inclusion.

    The alternative the patient's score takes is judged as a criterion of the shared words
    and its own ("International Prognostic Index (IPI) score ≥ 3"); the others' words ask
    nothing of it. Every range failing fails the criterion. An open score leaves only the
    shared words beside it: a condition written for one alternative fails nothing while
    the score may take another. The taken alternative's conditions joined by "or"
    ("LDH > 1.3 x ULN and/or bulky disease") need one of them, not all."""
    found = score_alternatives(criterion.text, constraints)
    if found is None:
        return None
    scores = [findings[index] for index in found.alternatives]
    if all(f.truth == "false" for f in scores):
        return "not_met", scores[0].evidence, joined_reasons(scores)
    taken = next((k for k, f in enumerate(scores) if f.truth == "true"), None)
    shared = [i for i in range(len(constraints)) if i not in found.alternatives]
    shared = [i for i in shared if i not in found.owner]
    kept_constraints = [constraints[i] for i in shared]
    kept_findings = [findings[i] for i in shared]
    start = found.spans[0][0]
    if taken is None:
        merged = next(f for f in scores if f.truth == "unknown")
        text = criterion.text[:start]
    else:
        merged = scores[taken]
        own = [i for i in range(len(constraints)) if found.owner.get(i) == taken]
        begin, end = found.spans[taken]
        cut = or_joined_span(criterion.text, constraints, own)
        if cut is None:
            kept_constraints.extend(constraints[i] for i in own)
            kept_findings.extend(findings[i] for i in own)
            text = criterion.text[:start] + criterion.text[begin:end]
        else:
            # One of the "or"-joined conditions: the one that holds, its words standing
            # for all of theirs (the others then ask nothing); else the first, failing
            # when every one fails.
            mine = [findings[i] for i in own]
            one = next((k for k, f in enumerate(mine) if f.truth == "true"), None)
            if one is None and all(f.truth == "false" for f in mine):
                joined = msgspec.structs.replace(mine[0], reason=joined_reasons(mine))
            elif one is None:
                joined = next(f for f in mine if f.truth == "unknown")
            else:
                joined = mine[one]
            chosen = own[one or 0]
            kept_constraints.append(constraints[chosen])
            kept_findings.append(joined)
            words = criterion.text[cut[0] : cut[1]]
            if one is not None:
                words = getattr(constraints[chosen], "text", words)
            text = (
                criterion.text[:start]
                + criterion.text[begin : cut[0]]
                + words
                + criterion.text[cut[1] : end]
            )
    kept_constraints.append(constraints[found.alternatives[taken or 0]])
    kept_findings.append(merged)
    if taken is None:
        # The score open: only the shared words can fail the criterion.
        failing = next((f for f in kept_findings if f.truth == "false"), None)
        if failing is not None:
            return "not_met", failing.evidence, failing.reason
        return "unknown", merged.evidence, joined_reasons(kept_findings)
    # The alternative's words alone: complete when the parse reads every one of them.
    alternative = msgspec.structs.replace(
        criterion, text=text, complete=not words_left_unread(text, ())
    )
    return _inclusion_status(
        alternative, patient, kept_constraints, kept_findings, None, unread_words_waived
    )


def _since_the_last_of(
    criterion: Criterion,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    unread_words_waived: bool,
) -> Outcome | None:
    """An inclusion asking that long since the last of several treatments ("At least 60
    days must have elapsed since completion of definitive radiation therapy or surgery", "At
    least 4 weeks since last surgery or radiation therapy"): the time counts from the latest
    of those the note names. One inside the window fails it, whatever the others (the last
    is at least as recent); one the note names undated leaves it unknown; met when every
    one named is outside it. None (judged as any other inclusion) unless each constraint is
    a treatment or procedure under the same at-least window counted from a treatment's end
    (``treatment_end_anchor_phrases``), or when the note names none of them."""
    if len(constraints) < 2:
        return None
    first = constraints[0]
    window = first.window if isinstance(first, ConceptMention) else None
    if (
        window is None
        or window.kind != "recency"
        or window.comparator not in (">", ">=")
        or anchor_pattern(study_start=False).search(window.text) is None
        or not all(
            isinstance(c, ConceptMention)
            and not c.negated
            and c.category in _TREATING_CATEGORIES
            and c.window == window
            for c in constraints
        )
    ):
        return None
    named = [f for f in findings if f.evidence is not None]
    if not named:
        return None
    failing = next((f for f in named if f.truth == "false"), None)
    if failing is not None:
        return "not_met", failing.evidence, failing.reason
    undated = [f for f in named if f.truth != "true"]
    if undated:
        return "unknown", undated[0].evidence, joined_reasons(undated)
    if not read_fully(criterion, constraints, unread_words_waived):
        return None
    return "met", named[0].evidence, joined_reasons(named)


_TREATING_CATEGORIES = frozenset({"treatment", "procedure"})


def _healthy_structured(constraint: HealthyVolunteers, patient: PatientFacts) -> Outcome:
    if constraint.accepted:
        return "not_applicable", None, "the study also accepts healthy volunteers"
    if patient.has_current_conditions:
        return "met", None, "the study is for patients; the patient has a medical condition"
    return "unknown", None, "the study does not take healthy volunteers"


def _inclusion_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    menopause: Finding | None,
    unread_words_waived: bool,
) -> Outcome:
    """Measurements, age and sex must all hold; of several concepts one is enough.

    A concept holds only with the qualifiers the criterion asks for; a grade
    the facts contradict ("mild" asked, "severe" stated) fails it. Words the
    parser could not read leave a criterion whose constraints all hold unknown,
    unless a whole record waives them (``unread_words_waived``, see
    :func:`unread_words_waiver`): then nothing more can be checked.
    """
    given = a_denied_one_given(constraints, findings)
    if given is not None:
        return "not_met", given.evidence, given.reason
    # "≥ 75,000/μL without bone marrow involvement and ≥ 50,000/μL with …": one finding.
    bounds = conditional_bounds(criterion.text, constraints, findings, patient)
    constraints, findings = bounds.constraints, bounds.findings
    latest = _since_the_last_of(criterion, constraints, findings, unread_words_waived)
    if latest is not None:
        return latest
    # "Postmenopausal females and males …": the sexes are who is asked, not alternatives.
    asked_of_both = menopause is not None or offered_as_a_man(criterion.text, patient)
    items = None if asked_of_both else listed_alternatives(criterion.text, constraints)
    if items is not None:
        return listed_alternatives_status(
            criterion,
            patient,
            list(zip(constraints, findings, strict=True)),
            items,
            unread_words_waived,
        )
    spans = None if asked_of_both else alternative_spans(criterion.text, constraints)
    if spans is not None:
        outcome = alternatives_status(
            criterion,
            patient,
            list(zip(constraints, findings, strict=True)),
            unread_words_waived,
            spans,
        )
        if outcome is not None:
            return outcome
    concept_findings: list[Finding] = []
    concept_texts: list[str] = []
    other_findings: list[Finding] = [] if menopause is None else [menopause]
    for constraint, finding in zip(constraints, findings, strict=True):
        if not isinstance(constraint, ConceptMention):
            other_findings.append(finding)
            continue
        concept_texts.append(constraint.text)
        if finding.truth != "true":
            concept_findings.append(finding)
        else:
            pairs = list(zip(constraints, findings, strict=True))
            concept_findings.append(
                entailed_finding(criterion.text, constraint, finding, patient, pairs)
            )
    held = next(
        ((f, t) for f, t in zip(concept_findings, concept_texts, strict=True) if f.truth == "true"),
        None,
    )
    holding = held[0] if held is not None else None
    if held is not None and any_of_the_whole(criterion.text, held[1]):
        return "met", held[0].evidence, held[0].reason
    failing = [f for f in other_findings if f.truth == "false"]
    if concept_findings and all(f.truth == "false" for f in concept_findings):
        failing.append(concept_findings[0])
    else:
        failing.extend(_contradicted_beside_denials(constraints, findings, concept_findings))
    # "at least 4 cycles of R-CHOP": the note's count of the treatment against the bound.
    cycles = cycle_count_finding(criterion.text, constraints, patient) if holding else None
    if cycles is not None and cycles[0].truth == "false":
        failing.append(cycles[0])
    if failing:
        if an_alternative_unread(criterion.text, constraints):
            reason = f"{failing[0].reason}; its other alternative needs the study team"
            return "unknown", failing[0].evidence, reason
        listed = [
            f for c, f in zip(constraints, findings, strict=True) if a_listed_age(criterion.text, c)
        ]
        if not criterion.complete and all(any(f is g for g in listed) for f in failing):
            others = "the age is one of its alternatives, the others need the study team"
            reason = f"{failing[0].reason}; {others}"
            return "unknown", failing[0].evidence, reason
        return "not_met", failing[0].evidence, failing[0].reason
    settled = list(other_findings)
    if cycles is not None:
        settled.append(cycles[0])
    if concept_findings:
        settled.append(
            holding
            or next((f for f in concept_findings if f.truth == "unknown"), concept_findings[0])
        )
    unknown = [f for f in settled if f.truth == "unknown"]
    evidence = next((f.evidence for f in settled if f.evidence), None)
    reasons = joined_reasons(settled)
    if unknown:
        return "unknown", evidence, reasons
    diagnosed_in = holding.evidence if holding is not None and holding.evidence else ""
    # "Histologically confirmed", "by sweat test": read when the note states the method.
    methods = method_reading(criterion.text, patient)
    judged_spans = (
        *narrower_spans_the_patient_has(criterion.text, constraints, patient),
        *methods.stated,
        *bounds.spans,
        *settings_of_treatments_not_had(criterion.text, constraints, findings),
        *histology_spans_met(criterion.text, patient),
        *cancer_site_spans_met(criterion.text, constraints, diagnosed_in),
        *words_the_note_names(criterion.text, diagnosed_in),
        *spread_alternative_spans_met(
            criterion.text, patient, _held_concepts(constraints, findings)
        ),
        *(cycles[1] if cycles is not None else ()),
        *current_or_past_spans(criterion.text, constraints),
    )
    if not _read_in_full(criterion, constraints, unread_words_waived, diagnosed_in, judged_spans):
        if methods.missing and _read_in_full(
            criterion,
            constraints,
            unread_words_waived,
            diagnosed_in,
            (*judged_spans, *methods.unstated),
        ):
            reason = f"{reasons}; the note does not state {methods.missing}, which it asks"
            return "unknown", evidence, reason
        return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"
    return "met", evidence, reasons


def _read_in_full(
    criterion: Criterion,
    constraints: Sequence[Constraint],
    unread_words_waived: bool,
    diagnosed_in: str,
    judged_spans: Sequence[tuple[int, int]],
) -> bool:
    """Whether a met inclusion asks nothing beyond what was judged: read as a whole, or in
    one clause-level alternative."""
    return read_fully(
        criterion, constraints, unread_words_waived, diagnosed_in, judged_spans=judged_spans
    ) or one_clause_read_fully(
        criterion, constraints, unread_words_waived, diagnosed_in, judged_spans
    )


def _held_concepts(
    constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> frozenset[str]:
    """The concepts of a criterion's mentions the note meets."""
    return frozenset(
        c.concept
        for c, f in zip(constraints, findings, strict=True)
        if isinstance(c, ConceptMention) and not c.negated and f.truth == "true"
    )


def _contradicted_beside_denials(
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    concept_findings: Sequence[Finding],
) -> list[Finding]:
    """ "NSCLC with Stage IIIB-IIIC or Stage IV disease, not suitable for curative surgery or
    radiation therapy": the one disease the patient has, its stage or qualifier contradicted
    (the finding true of the disease, false once entailed), beside nothing but denials — which
    limit the disease and are no alternatives to it; the disease failing fails the criterion.
    Empty otherwise (of several undenied concepts one is enough)."""
    concepts = [
        (c, f) for c, f in zip(constraints, findings, strict=True) if isinstance(c, ConceptMention)
    ]
    undenied = [
        (c, f, entailed)
        for (c, f), entailed in zip(concepts, concept_findings, strict=True)
        if not c.negated
    ]
    if len(undenied) != 1 or len(concepts) < 2:
        return []
    constraint, finding, entailed = undenied[0]
    if constraint.category == "condition" and finding.truth == "true" and entailed.truth == "false":
        return [entailed]
    return []


def _exclusion_status(
    criterion: Criterion,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    menopause: Finding | None,
    trial_concepts: frozenset[str],
    silence_settles: bool,
    silence_rules: frozenset[str] | None,
) -> Outcome:
    """An exclusion applies when one of its constraints is true of the patient.

    A sex named in an exclusion says who it is about, not what excludes; so
    does a population word ("Diabetic patients on insulin"). A condition the
    patient has without a qualifier the criterion asks for leaves it unknown.
    When ``silence_settles`` (a whole record, waiver ``unmentioned_exclusion``) an
    exclusion the facts are silent about does not apply, unless silence cannot settle
    it (:func:`unsettled_by_silence`).
    """
    text = criterion.text
    if menopause is not None:
        pairs = [(c, f) for c, f in pairs if not is_menopause(c)]
        if menopause.truth == "true":
            return "met", menopause.evidence, menopause.reason
    cns = cns_let_off(criterion, patient, pairs)
    if cns is not None:
        outcome = _exclusion_status(
            msgspec.structs.replace(criterion, text=cns.head),
            patient,
            cns.judged,
            None,
            trial_concepts,
            silence_settles,
            silence_rules,
        )
        return with_let_off(outcome, cns.conditions)
    pairs = [(c, f) for c, f in pairs if not in_a_concession(text, c)]
    let_off_clause = clause_let_off(text, pairs)
    if let_off_clause is not None:
        start, let_off = let_off_clause
        kept = {id(c) for c, _ in let_off}
        # The rest is judged on its own words: the exception's ("stable on ART for ≥4
        # weeks") qualify nothing before it.
        outcome = _exclusion_status(
            msgspec.structs.replace(criterion, text=text[:start]),
            patient,
            [(c, f) for c, f in pairs if id(c) not in kept],
            None,
            trial_concepts,
            silence_settles,
            silence_rules,
        )
        return with_let_off(outcome, [f for _, f in let_off])
    # "Diabetic patients on X": diabetes says who; X (read or not) is what excludes. An age
    # that says who and is false of the patient leaves nothing to exclude ("Subjects aged 28
    # days to 6 months of age who were born prematurely" for a 3-year-old), nor does a
    # condition the note denies when nothing else read holds ("Presence of psychotic features
    # with current depressive episode" for "No psychotic features"; in a list, "stroke with
    # cognitive impairment" is one item, and another, epilepsy, may still apply).
    says_who = [
        _names_population(text, c)
        or _age_of_the_people_named(text, c, pairs)
        or _age_group_of_the_people_named(criterion, c, pairs)
        for c, _ in pairs
    ]
    none_holds = all(f.truth != "true" for _, f in pairs)
    outside = next(
        (
            f
            for (c, f), who in zip(pairs, says_who, strict=True)
            if who
            and (
                isinstance(c, Measurement)
                or (none_holds and isinstance(c, ConceptMention) and c.category == "condition")
            )
            and f.truth == "false"
        ),
        None,
    )
    if outside is not None:
        return "not_met", outside.evidence, f"{outside.reason}, so the rest does not apply"
    pairs = [pair for pair, who in zip(pairs, says_who, strict=True) if not who]
    # A condition the patient has, judged with the criterion's qualifiers: it applies, it
    # is contradicted (not met), or a qualifier is unconfirmed (unknown, and the reason says so).
    held = [
        (
            c,
            with_contraindication_asked(
                text, c, entailed_finding(text, c, f, patient, pairs, exclusion=True), patient
            )
            if isinstance(c, ConceptMention)
            else f,
        )
        for c, f in pairs
        # A sex says whom the rest excludes, unless it is all the exclusion reads ("Male
        # patient").
        if f.truth == "true" and not (isinstance(c, SexRequirement) and len(pairs) > 1)
    ]
    met = next((f for _, f in held if f.truth == "true"), None)
    if met is not None:
        treatment = any(
            isinstance(c, ConceptMention) and c.category == "treatment" and f is met
            for c, f in held
        )
        if treatment and not _placed_in_research(text, met.evidence or ""):
            reason = f"{met.reason}; the note does not say it was given in a study"
            return "unknown", met.evidence, reason
        return "met", met.evidence, met.reason
    unconfirmed = next((f for _, f in held if f.truth == "unknown"), None)
    if unconfirmed is not None:
        return "unknown", unconfirmed.evidence, unconfirmed.reason
    judged = {id(c): f for c, f in held}
    pairs = [(c, judged.get(id(c), f)) for c, f in pairs]
    findings = [f for _, f in pairs] + ([] if menopause is None else [menopause])
    evidence = next((f.evidence for f in findings if f.evidence), None)
    reasons = joined_reasons(findings)
    history = silence_rules is not None and "beyond_a_history" in silence_rules
    open_kinds = _open_kinds(pairs, patient) if silence_settles and not history else None
    if open_kinds is not None:
        # The note names the condition without its kind: it is not silent about the kinds.
        return "unknown", open_kinds[1].evidence, open_kinds[1].reason
    spoken = (
        next((f for _, f in pairs if f.truth == "unknown" and f.evidence), None)
        if silence_settles
        else None
    )
    if spoken is not None:
        # The note speaks of what is asked without settling it ("thrombocytopenia" against
        # "Platelet count <100 × 10^9/L"): it is not silent there, so silence settles nothing.
        return "unknown", spoken.evidence, spoken.reason
    named = _named_with_more_asked(criterion, patient, trial_concepts) if not pairs else None
    if silence_settles and history:
        # A whole note: its silence settles what its history would list; anything else is
        # read as on a partial note, below.
        silence = Silence(criterion, patient, pairs, trial_concepts)
        if not unsettled_by_silence(silence, silence_rules):
            return named or ("not_met", evidence, history_silence_reason(pairs))
    elif silence_settles:
        silence = Silence(criterion, patient, pairs, trial_concepts)
        if unsettled_by_silence(silence, silence_rules):
            return "unknown", evidence, reasons or SILENCE_DOES_NOT_SETTLE
        return named or ("not_met", evidence, reasons or "nothing in the patient's record applies")
    if findings and all(f.truth == "false" for f in findings):
        constraints = [c for c, _ in pairs]
        # Only a condition the note denies outright narrows: one the note has with another
        # qualifier ("inactive tuberculosis" for "active tuberculosis or listeria infection")
        # says nothing of the kinds the words left name.
        denied = [c for c in constraints if id(c) not in judged]
        if (
            criterion.complete
            or only_narrowing_unread(text, constraints, denied)
            or only_denied_rest_unread(text, constraints, denied, patient)
            or only_exceptions_unread(text, constraints)
            or only_another_cancer_qualifiers_unread(
                text, constraints, [f for _, f in pairs], patient
            )
            or only_organ_part_unread(text, constraints)
            or only_infection_tests_unread(text, constraints)
            or only_confirmation_methods_unread(text, constraints)
            or only_radiation_region_unread(text, constraints)
            or only_concept_qualifiers_unread(text, constraints)
            or only_site_words_unread(text, constraints)
            or only_a_contradicted_grade_unread(text, constraints, judged)
            or only_medications_unread(text, constraints, patient)
            or fails_a_bracketed_definition(text, constraints)
            or _only_settings_unread(text, constraints, [f for _, f in pairs])
            or only_course_words_unread(text, constraints, [f for _, f in pairs])
        ):
            return "not_met", evidence, reasons
        return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"
    return "unknown", evidence, reasons or "what this criterion excludes on could not be read"


def _only_settings_unread(
    text: str, constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> bool:
    """ "Any prior systemic therapy received for advanced or mNSCLC", the note denying any
    systemic therapy: the setting asks nothing more (:func:`settings_of_treatments_not_had`)."""
    spans = settings_of_treatments_not_had(text, constraints, findings, exclusion=True)
    return bool(spans) and (
        not words_left_unread(text, spans) or only_framing_unread(text, constraints, spans)
    )


@functools.cache
def _research_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The criterion's study words, the note's, and the note's denial of them."""
    rules = load_screening_rules()
    words = rules.research_setting_note_words
    denied = (
        r"\bnot\s+(?:in\s+|as\s+part\s+of\s+)?(?:an?\s+|the\s+)?(?:\w+\s+)?"
        rf"(?:{phrase_alternation(words)})"
    )
    # "in research project", "as part of a clinical trial"; not "the start of the clinical
    # trial", which only dates the treatment.
    asked = (
        r"\b(?:in|as\s+part\s+of|through|under)\s+(?:an?\s+|another\s+|the\s+)?"
        rf"(?:{phrase_alternation(rules.research_setting_phrases)})\b"
    )
    return (
        re.compile(asked, re.IGNORECASE),
        phrase_pattern(words),
        re.compile(denied, re.IGNORECASE),
    )


def _placed_in_research(criterion_text: str, evidence: str) -> bool:
    """Whether a treatment the patient had meets an exclusion of one given in a study
    ("Vaccinated in research project", ``research_setting_description`` of the screening
    rules): only a note that places it in research, not one that says it was not."""
    asked, said, denied = _research_patterns()
    if not asked.search(criterion_text):
        return True
    return said.search(evidence) is not None and denied.search(evidence) is None


def judge(
    criterion: Criterion,
    patient: PatientFacts,
    trial_concepts: frozenset[str] = frozenset(),
    *,
    record_is_complete: bool = False,
    silence_rules: frozenset[str] | None = None,
    waivers: frozenset[str] | None = None,
) -> Judgement:
    """THE judge: a criterion (and its sub-items) against a patient's facts.

    Every face and ``evaluate`` call this. ``trial_concepts`` are the
    conditions the trial studies: an exclusion naming them is not applied just
    because the patient has the condition. ``record_is_complete`` says the
    facts are the patient's whole record (a full clinical note): a condition
    they do not mention is taken as absent for an exclusion, unless one of
    ``silence_rules`` (default: the adopted ones, ``data/silence_policy.json``)
    says notes leave it out. What a whole record settles at all is named by
    ``waivers`` (default: the adopted ones; :data:`RECORD_WAIVERS`).
    """
    criterion = staged_as_the_trial_cancer(criterion, trial_concepts)
    outcome = _judge(criterion, patient, trial_concepts, record_is_complete, silence_rules, waivers)
    return Judgement(*outside_the_cohort(criterion, patient, outcome, trial_concepts))


def _judge(
    criterion: Criterion,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
    record_is_complete: bool,
    silence_rules: frozenset[str] | None,
    waivers: frozenset[str] | None,
) -> Outcome:
    """A criterion's answer, each sub-item's asked only of a patient its cohort holds."""
    if announces_a_list(criterion):
        return _unread_status(
            criterion,
            _Silent(patient, trial_concepts, record_is_complete, silence_rules, waivers),
            "a list's opening; its items are judged one by one",
        )
    own = None
    if criterion.children and criterion.section == "exclusion":
        if lists_cancers_let_off(criterion):
            heading = msgspec.structs.replace(criterion, children=[])
            let_off = cancers_let_off_below(
                criterion,
                patient,
                _own_status(
                    heading, patient, trial_concepts, record_is_complete, silence_rules, waivers
                ),
            )
            if let_off is not None:
                return let_off
    elif not bare_heading(criterion):
        own = _own_status(
            criterion, patient, trial_concepts, record_is_complete, silence_rules, waivers
        )
    if not criterion.children:
        if own is not None:
            own = with_histology_asked(criterion.text, patient, own)
            own = with_value_qualifier_asked(criterion, patient, own)
            own = with_only_if_asked(criterion, own)
            own = with_place_asked(criterion, own)
            own = with_value_lowered_by_a_drug(criterion, patient, own)
            own = new_diagnosis_status(
                criterion,
                patient,
                criterion_constraints(criterion),
                own,
                lambda rest: _judge(
                    rest, patient, trial_concepts, record_is_complete, silence_rules, waivers
                ),
            )
        else:
            own = histology_contradicted(criterion.text, patient) or component_contradicted(
                criterion.text, patient, trial_concepts
            )
        own = recurrence_status(criterion, patient, trial_concepts, own)
        planned = as_planned(criterion, patient, own)
        if planned is not None:
            return planned
        state = None if own is not None else disease_state(criterion, patient, trial_concepts)
        if state is not None:
            return state
        quantity = None if own is not None else named_quantity_status(criterion, patient)
        if quantity is not None:
            return quantity
        if own is None:
            return _unread_status(
                criterion,
                _Silent(patient, trial_concepts, record_is_complete, silence_rules, waivers),
                "not computable from structured data; the study team decides",
            )
        return own
    child_results = [
        outside_the_cohort(
            child,
            patient,
            _judge(child, patient, trial_concepts, record_is_complete, silence_rules, waivers),
            trial_concepts,
            part,
        )
        for child, part in zip(criterion.children, part_labels(criterion.children), strict=True)
    ]
    group = _group_status(criterion, child_results)
    if own is None:
        return group
    for status in ("not_met", "unknown"):
        for candidate in (own, group):
            if candidate[0] == status:
                return candidate
    return own


class _Silent(NamedTuple):
    """What settles a criterion nothing is read of: the patient, the trial's conditions,
    whether the record is whole, and the silence rules and waivers in force."""

    patient: PatientFacts
    trial_concepts: frozenset[str]
    record_is_complete: bool
    silence_rules: frozenset[str] | None
    waivers: frozenset[str] | None


def _unread_status(criterion: Criterion, silent: _Silent, reason: str) -> Outcome:
    """A criterion nothing is read of: an exclusion a whole record is silent on is not met
    (as every such exclusion is), unless a silence rule in force says notes leave out what
    its words ask ("Any laboratory toxicity … in the opinion of the Investigator": rule
    ``laboratory_result``); otherwise unknown for ``reason``. An exclusion whose medicine,
    procedure or finding the note names while it asks more ("Use of vitamin E within 4
    weeks before screening") is no silence: unknown, the words left for the study team."""
    named = _named_with_more_asked(criterion, silent.patient, silent.trial_concepts)
    silence_settles = criterion.section == "exclusion" and waives(
        "unmentioned_exclusion", silent.record_is_complete, silent.waivers
    )
    if named is not None and (named[0] != "not_met" or silence_settles):
        return named
    if named is not None:
        # A date before the window settles the thing named; what else is asked only the
        # silence of a whole record settles.
        return "unknown", named[1], f"{named[2]}; what else it asks, the study team decides"
    if silence_settles:
        silence = Silence(criterion, silent.patient, (), silent.trial_concepts)
        if unsettled_by_silence(silence, silent.silence_rules):
            return "unknown", None, SILENCE_DOES_NOT_SETTLE
        return "not_met", None, "nothing in the patient's record applies"
    return "unknown", None, reason


def _named_with_more_asked(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """An exclusion nothing is read of whose medicine, procedure or finding the note names
    while it asks more ("Use of vitamin E within 4 weeks before screening"): the note is not
    silent on it, so it is unknown, the words left for the study team; asked only where the
    note's silence would settle it, after every other reader. An operation it asks within a
    window that the note dates is answered by the date: before the window not met, inside
    met or unknown (``unread_concepts``)."""
    if criterion.section != "exclusion":
        return None
    return unread_concept_outcome(criterion, patient, trial_concepts, asked_more=True)


def _group_status(criterion: Criterion, results: Sequence[Outcome]) -> Outcome:
    statuses = [status for status, _, _ in results]
    positive: Status = "met"
    any_logic = criterion.group == "any" or criterion.section == "exclusion"
    if any_logic:
        for result in results:
            if result[0] == positive:
                return result
        if all(status == "not_met" for status in statuses):
            return "not_met", results[0][1], "none of the sub-items applies"
        return "unknown", None, "some sub-items cannot be checked from the data given"
    failing = [result for result in results if result[0] == "not_met"]
    if failing:
        # Every sub-item that fails is named: a coordinator who reads only the first
        # ("eGFR 38 is below the required ≥ 45") misses the one that decides it (the
        # potassium limit of the sub-item written for an eGFR under 45).
        return "not_met", failing[0][1], each_once(reason for _, _, reason in failing)
    if all(status in ("met", "not_applicable") for status in statuses):
        return "met", results[0][1], "all sub-items are met"
    return "unknown", None, "some sub-items cannot be checked from the data given"


def match_parsed(parsed: ParsedCriteria, patient: PatientFacts) -> TrialResult:
    """Every criterion of one trial, failing ones first when the trial is excluded."""
    trial_concepts = frozenset(parsed.condition_concepts) | _unread_condition_concepts(
        tuple(parsed.unread_conditions)
    )
    results: list[CriterionResult] = []
    failing: list[CriterionResult] = []
    settled = True
    whole = bool(patient.whole_record)
    rules = frozenset((*load_silence_policy().adopted, *NOTE_SILENCE_RULES)) if whole else None
    for criterion in parsed.criteria:
        status, evidence, reason = judge(
            criterion_written_out(criterion, parsed.short_forms),
            patient,
            trial_concepts,
            record_is_complete=whole,
            silence_rules=rules,
            waivers=NOTE_WAIVERS if whole else None,
        )
        result = CriterionResult(criterion.section, criterion.full_text(), status, evidence, reason)
        fails = (criterion.section == "inclusion" and status == "not_met") or (
            criterion.section == "exclusion" and status == "met"
        )
        if fails:
            failing.append(result)
            continue
        results.append(result)
        if status == "unknown" or (criterion.section == "inclusion" and status == "not_met"):
            settled = False
    verdict: Verdict = "excluded" if failing else ("likely" if settled else "possible")
    return TrialResult(parsed.nct_id, verdict, [*failing, *results], patient.whole_record)


def relevance(summary: CriteriaSummary | ParsedCriteria, patient: PatientFacts) -> float:
    """How much the trial is about the patient's conditions (0 when unrelated)."""
    score = 0.0
    if patient.condition_concepts and summary.condition_concepts:
        shared = set(summary.condition_concepts) & set(patient.condition_concepts)
        score += 2.0 * len(shared)
    if patient.condition_terms and summary.condition_terms:
        shared_terms = set(summary.condition_terms) & set(patient.condition_terms)
        score += len(shared_terms) / max(len(summary.condition_terms), 1)
    return score


def _quick_exclusion(summary: CriteriaSummary, patient: PatientFacts) -> bool:
    """Structured fields alone rule the trial out (sex or age outside the limits)."""
    if (
        patient.sex is not None
        and summary.sex in ("FEMALE", "MALE")
        and summary.sex.lower() != patient.sex
    ):
        return True
    if patient.age is not None:
        if summary.minimum_age_years is not None and patient.age < summary.minimum_age_years:
            return True
        if summary.maximum_age_years is not None and patient.age > summary.maximum_age_years:
            return True
    return False


def _rank(scored: list[tuple[float, TrialResult]]) -> list[TrialResult]:
    ordered = sorted(
        scored, key=lambda item: (-item[0], _VERDICT_ORDER[item[1].verdict], item[1].nct_id)
    )
    return [result for _, result in ordered]


def _candidates(
    summaries: Iterable[tuple[CriteriaSummary, _Key]], patient: PatientFacts, limit: int | None
) -> list[tuple[float, _Key]]:
    """The trials worth evaluating in full, most relevant first, chosen from summaries alone.

    When the patient names conditions, trials unrelated to them are skipped.
    """
    filter_by_relevance = bool(patient.condition_concepts or patient.condition_terms)
    candidates: list[tuple[float, bool, _Key]] = []
    for summary, key in summaries:
        score = relevance(summary, patient)
        if filter_by_relevance and score <= 0.0:
            continue
        candidates.append((score, _quick_exclusion(summary, patient), key))
    candidates.sort(key=lambda item: (-item[0], item[1]))
    if limit is not None:
        open_candidates = [c for c in candidates if not c[1]]
        candidates = (open_candidates + [c for c in candidates if c[1]])[: max(limit * 2, limit)]
    return [(score, key) for score, _, key in candidates]


def match_records(
    records: Iterable[bytes], patient: PatientFacts, limit: int | None = 50
) -> list[TrialResult]:
    """Rank stored criteria records for a patient: condition relevance first, then verdict.

    Only each record's summary is decoded until a trial is chosen as a candidate.
    """
    summaries = ((decode_criteria_summary(data), data) for data in records)
    scored = [
        (score, match_parsed(decode_criteria(data), patient))
        for score, data in _candidates(summaries, patient, limit)
    ]
    ranked = _rank(scored)
    return ranked if limit is None else ranked[:limit]


def match_trial(trial_criteria: ParsedCriteria, patient: PatientFacts) -> TrialResult:
    return match_parsed(trial_criteria, patient)


def stored_criteria(store: Store, nct_ids: Sequence[str]) -> dict[str, ParsedCriteria]:
    """The parsed criteria of the named trials: stored parses of the current version, the
    others parsed now (never stored here). Read once to screen many patients."""
    stored = store.get_derived(CRITERIA_KIND, nct_ids)
    parsed: dict[str, ParsedCriteria] = {}
    missing: list[str] = []
    for nct_id in nct_ids:
        record = stored.get(nct_id)
        if record is not None and record.version == PARSER_VERSION:
            parsed[nct_id] = decode_criteria(record.data)
        else:
            missing.append(nct_id)
    for trial in store.get_trials(missing):
        parsed[trial.nct_id] = parse_trial_criteria(trial)
    return parsed


def match_store(
    store: Store,
    patient: PatientFacts,
    nct_ids: Sequence[str] | None = None,
    limit: int | None = 50,
) -> MatchReport:
    """Match against the named trials (in the order given) or rank the whole store."""
    if nct_ids:
        parsed = stored_criteria(store, nct_ids)
        return MatchReport(
            [match_trial(parsed[nct_id], patient) for nct_id in nct_ids if nct_id in parsed]
        )
    # Rank from the small stored summaries; full criteria are read for candidates only.
    summaries = (
        (decode_criteria_summary(record.data), record.nct_id)
        for record in store.iter_derived(CRITERIA_SUMMARY_KIND)
        if record.version == PARSER_VERSION
    )
    chosen = _candidates(summaries, patient, limit)
    parsed = stored_criteria(store, [nct_id for _, nct_id in chosen])
    scored = [
        (score, match_parsed(parsed[nct_id], patient))
        for score, nct_id in chosen
        if nct_id in parsed
    ]
    ranked = _rank(scored)
    return MatchReport(ranked if limit is None else ranked[:limit])
