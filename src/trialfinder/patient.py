"""A patient: the profile JSON and the facts read from it and its free-text note.

Every fact keeps where it came from (the profile field, or the note sentence)
so that each criterion verdict can show its evidence. Patient data is health
data: nothing here logs, stores or sends it.
"""

from __future__ import annotations

import datetime
import functools
import re
import string
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from importlib import resources
from typing import Annotated, Any, Literal, NamedTuple

import msgspec

from trialfinder.criteria.context import (
    ContextCategory,
    clause_bounds,
    clause_of,
    context_at,
    cues_at,
    load_context_rules,
    negated_from_before,
)
from trialfinder.criteria.disease_stage import attached_stage, stage_spans
from trialfinder.criteria.infection_tests import (
    load_infection_tests,
    read_results,
    test_name_end,
    tested_concepts,
    unresulted_test_spans,
    untested_name,
)
from trialfinder.criteria.lexicon import (
    load_lexicon,
    phrase_alternation,
    phrase_pattern,
    tokenize,
    tokenize_lowered,
)
from trialfinder.criteria.model import (
    DiseaseStage,
    InfectionTest,
    Measurement,
    TnmGroup,
    TnmStage,
    comparison_holds,
)
from trialfinder.criteria.numbers import plain_number
from trialfinder.criteria.parse import (
    ConceptFinding,
    analyse_text,
    bracket_opening,
    find_concepts,
    other_sense_spans,
    parse_value_text,
)
from trialfinder.criteria.therapy_lines import count_alternation, count_value
from trialfinder.criteria.tnm import TnmSpan, attached_tnm, load_tnm_rules, tnm_spans
from trialfinder.criteria.units import to_canonical, unit_words
from trialfinder.disease_extent import spreads_distantly, stated_spread, states_removal
from trialfinder.hiv_stage import noted_hiv_stage
from trialfinder.indication import Indication, indication_after
from trialfinder.marker_status import marker_statuses, markers_named
from trialfinder.measurable_disease import (
    evaluable_lesion_sentence,
    measurable_lesion_sentence,
    measurable_stated_sentence,
    no_measurable_sentence,
    nonmeasurable_only_sentence,
)
from trialfinder.medicine_names import named_medicines
from trialfinder.model import AGE_UNITS_IN_YEARS
from trialfinder.normal_labs import normal_readings
from trialfinder.operations import eponymous_operation_spans, named_operations
from trialfinder.phrases import denial_just_before, slot_pattern, undenied_matches
from trialfinder.response_categories import states_response
from trialfinder.treatment_fitness import FitnessStatement, noted_fitness
from trialfinder.vocabulary import (
    HISTOLOGY_BRANCH,
    Mention,
    load_vocabulary,
    part_injuries,
    word_spans,
)
from trialfinder.vocabulary import Concept as VocabularyConcept
from trialfinder.whole_record import whole_record_reason
from trialfinder.written_dates import (
    MID_MONTH_DAY,
    MONTH_NAMES,
    WrittenDay,
    month_number,
    written_days,
)

__all__ = [
    "DAYS_PER_UNIT",
    "SEX_WORDS",
    "VOCABULARY_CONCEPT_PREFIX",
    "WHOLE_RECORD_GIVEN",
    "WORKED_OUT",
    "ConceptQualifiers",
    "DiseaseMention",
    "Fact",
    "FactState",
    "ImagingReading",
    "ImpliedMeasurement",
    "JudgeCues",
    "LactationPatterns",
    "LineReadings",
    "PatientFacts",
    "PatientProfile",
    "PriorLineCount",
    "ScreeningRules",
    "UnreadQualifier",
    "about_family",
    "current_words",
    "denies_all_medication",
    "disease_mentions",
    "extract_facts",
    "is_a",
    "is_disease",
    "is_neoplasm",
    "judge_cue_pattern",
    "lactation_patterns",
    "load_profile",
    "load_screening_rules",
    "measurement_answer",
    "measurements_from_lines",
    "named_concepts",
    "phrase_alternation",
    "phrase_pattern",
    "planned_procedures",
    "prior_line_count",
    "profile_from_answers",
    "read_screening_rules",
    "screening_phrase",
    "screening_phrases",
    "screening_synonyms",
    "split_sentences",
    "under_a_plan",
]

FactKind = Literal["concept", "measurement"]
Comparator = Literal[">", ">=", "<", "<=", "="]


class ImpliedMeasurement(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A bedside word that states a range of a measurement ("tachycardic": heart rate > 100)."""

    words: list[str]
    analyte: str
    comparator: Comparator | Literal["between"]
    value: float
    relative_to_uln: bool = False
    # The top of the range when ``comparator`` is "between" (Child-Pugh class B: 7-9 points).
    upper_value: float | None = None
    # The published definition the words are read by (a performance status: "ECOG … (Oken et
    # al. 1982): 3, confined to bed or chair more than 50% of waking hours"); the judge's
    # reason then names the words and says the grade is theirs by its definition.
    source: str | None = None


class MeasuredConcept(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A diagnosis a measured value entails by the diagnosis's standard definition
    (systolic blood pressure < 90 mmHg is hypotension), from the age the definition holds."""

    concept: str
    analyte: str
    comparator: Comparator
    value: float  # in the analyte's canonical unit
    source: str
    from_age_years: float = 0


class DeniedSystem(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One row of ``note_denied_system``: the everyday words for a body system's history or
    problems ("cardiac history"), and the lexicon concept and MeSH descriptor its denial
    denies, as the note's "No heart disease" does."""

    concept: str
    mesh: str
    phrases: list[str]
    # Words that state the system clear on their own, with no denial before them
    # ("neurologically normal"); an exception after them ("… apart from a foot drop") leaves it.
    clear_phrases: list[str] = []


class AdequateFunctionOrgan(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One organ of ``adequate_function``: a criterion's words for it and its key tests,
    each a list of analytes any one of which answers it."""

    organ: str
    words: list[str]
    tests: list[list[str]]
    # The lexicon's conditions that say the organ does not work, when current ("dialysis").
    failing: list[str] = []


class AdequateFunctionTest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One key test of ``adequate_function``: which way is worse, where the value is clearly
    inadequate and, for an analyte without a usual range, where it is adequate."""

    analyte: str
    worse: Literal["low", "high"]
    inadequate: float
    adequate: float | None = None


class BroadIllness(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``broad_illness`` of the screening rules (``broad_illness_description``)."""

    severity_words: list[str]
    kind_words: list[str]
    class_words: list[str]
    denial_phrases: list[str]
    except_words: list[str]
    excepted_operation_endings: list[str]
    framing_words: list[str]
    # A body system's adjective an exclusion's illness is of ("cardiovascular, pulmonary …
    # illness"), which a note denying every illness answers with the illness.
    system_words: list[str] = []


class LanguageAbility(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``language_ability`` of the screening rules (its ``description``): a criterion asking
    the ability to read or speak a language ("Able to speak and read English", "unable to
    complete questionnaires written in English") against a note's stating it as the
    patient's first or only language or one they speak fluently."""

    description: str
    languages: list[str]
    ability_words: list[str]
    inability_words: list[str]
    skill_words: list[str]
    framing_words: list[str]
    note_first_words: list[str]
    note_speaking_words: list[str]
    note_fluent_words: list[str]
    note_denial_words: list[str]


class ParityWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``parity_words`` of the screening rules (its ``description``): a note's words for
    the previous births ("expecting our first baby", "mother of three", "previous
    caesarean"), read as the obstetric formula's nulliparity or parity."""

    description: str
    nulliparous: list[str]
    parous: list[str]
    denials: list[str]
    gravid_words: list[str]
    never_pregnant: list[str]


class HealthInsurance(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``health_insurance`` of the screening rules (its ``description`` and ``sources``): a
    criterion asking the patient's health insurance ("Patient affiliated to a social security
    regimen") or its lack against a note's stating the patient's cover ("covered by the
    Securite sociale (CPAM)", "covered by Medicare") or none ("uninsured")."""

    description: str
    sources: str
    criterion_words: list[str]
    lack_words: list[str]
    framing_words: list[str]
    note_cover_words: dict[str, list[str]]
    note_none_words: list[str]


class ObstetricNoteWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``obstetric_note_words`` of the screening rules (its ``description``): an antenatal
    note's words for the weeks and days of a pregnancy ("40 weeks and 5 days by the scan")
    and for a normal fetal anomaly scan ("anatomy normal at 20-week scan")."""

    description: str
    pregnancy_words: list[str]
    duration_words: list[str]
    anomaly_scan_words: list[str]
    normal_words: list[str]
    abnormal_words: list[str]
    uterine_scar_operations: list[str]
    frame_words: list[str]


class LactationWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``lactation_words`` of the screening rules (its ``description``): a note's words for a
    birth or a baby ("had a baby", "postpartum"), for feeding a baby formula ("bottle-feeding")
    and for a mother's own milk ("expressed breast milk")."""

    description: str
    birth_words: list[str]
    formula_feeding_words: list[str]
    breast_milk_words: list[str]


class ValueQualifiers(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``value_qualifiers`` of the screening rules (its ``description``): the criterion's
    words that ask a value to stay past correction, treatment or time ("uncorrectable INR >
    1.5", "despite anti-hypertensive therapy") and the note's words that say it does."""

    description: str
    criterion_words: list[str]
    note_words: list[str]
    # "spontaneous INR > 1.6": a value asked not raised by a treatment, written right before
    # the value it qualifies (no number between), and the note's words that say so.
    criterion_origin_words: list[str] = []
    note_origin_words: list[str] = []
    # "Axillary temp 37.1 C but had paracetamol 2 h ago": a value the note gives beside a
    # drug that lowers it, by analyte (an antipyretic lowers the temperature).
    lowered_by_words: dict[str, list[str]] = {}


class ConfirmationMethod(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One way a diagnosis is known (``confirmation_methods`` of the screening rules): the
    criterion's words for it ("histologically", "by sweat test") and the note's words that
    state it ("biopsy", "sweat chloride"); a ``stated_by_the_diagnosis`` method ("clinical
    diagnosis") is stated by the note naming the condition at all. ``source`` is where the
    method's evidence is defined."""

    kind: str
    criterion_words: list[str]
    note_words: list[str]
    source: str
    missing: str
    stated_by_the_diagnosis: bool = False


class ConfirmationMethods(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``confirmation_methods`` of the screening rules (its ``description``): the part of a
    criterion saying HOW its condition is known ("Histologically or cytologically confirmed
    NSCLC", "Diagnosis of Cystic Fibrosis by sweat test", "cirrhosis, either based on clinical
    criteria or liver histology or imaging") and the note's words that state each method."""

    description: str
    methods: list[ConfirmationMethod]
    # The words a method phrase is written with beside the methods' own: before them
    # ("confirmed by", "based on"), after them ("confirmed", "diagnosis"; a phrase has one or
    # the other), between them ("or", "and/or"), and a modifier right before a method
    # ("liver histology").
    leads: list[str]
    trails: list[str]
    joiners: list[str]
    modifiers: list[str]
    # "Clinical and imaging diagnosis": methods joined so, each is asked.
    all_joiners: list[str]


class StudyNameWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``study_name`` of the screening rules (its ``description``): the name of the study a
    note asks about ("the flu vaccine study", "the evolocumab trial"), whose treatment is the
    study's, not one the patient has had or takes."""

    description: str
    leads: list[str]
    heads: list[str]
    breakers: list[str]
    most_words: int


class ListedAlternatives(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``listed_alternatives`` of the screening rules (its ``description``): the words right
    before a list of alternatives ("if one or more of the following criteria is met: …")
    that make the words before them what the list defines."""

    description: str
    defining_openers: list[str]


class ContraceptionMethod(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One method of contraception, the note's words for it, and its CTFG tier
    (``childbearing_potential`` of the screening rules)."""

    method: str
    tier: Literal["highly_effective", "acceptable"]
    words: list[str]
    source: str


class ChildbearingPotential(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``childbearing_potential`` of the screening rules (its ``description``): what makes a
    woman not of childbearing potential, the contraception she uses, and a criterion's words
    for women of childbearing potential without contraception."""

    description: str
    source: str
    methods: list[ContraceptionMethod]
    not_in_use_words: list[str]
    denial_words: list[str]
    note_denials: list[str]
    not_done_words: list[str]
    sterile_words: list[str]
    criterion_subject: list[str]
    criterion_lack_words: list[str]
    criterion_unwilling_words: list[str]
    criterion_highly_effective_words: list[str]
    inclusion_words: list[str]
    inclusion_time_words: list[str]
    # "who may become pregnant", "capable of becoming pregnant": a capacity to conceive
    # (childbearing potential, CTFG 2020 section 2), written right before the pregnancy word.
    criterion_capacity_words: list[str] = []


class DeniedRest(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``denied_rest`` of the screening rules (``denied_rest_description``)."""

    allergy_concepts: list[str]
    allergy_object_nouns: list[str]
    allergy_object_words: list[str]
    pregnancy_plan_phrases: list[str]
    # "allergies, hypersensitivity, or intolerance to …": the kinds of reaction written
    # before one shared object, and the words after a comma that carry the object on
    # ("…, any ingredient contained in SB27 or Keytruda, or any component of …").
    allergy_kind_words: list[str] = []
    allergy_object_continuations: list[str] = []
    never_had_cues: list[str] = []


class AllergyKind(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One kind of allergen of ``allergy_scope``: the words a note's denial of it names,
    and the words a criterion's allergen of it names."""

    kind: str
    denial_words: list[str]
    denial_abbreviations: list[str]
    allergen_words: list[str]


class AllergyScope(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``allergy_scope`` of the screening rules (its ``description`` and ``sources``): what a
    note's allergy denial answers ("NKDA" a drug's allergy, not a tape's)."""

    description: str
    sources: str
    kinds: list[AllergyKind]


class DeniedOwnWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``denied_own_words`` of the screening rules (``denied_own_words_description``)."""

    note_negations: list[str]
    note_between_words: list[str]
    note_trailing_words: list[str]
    window_lead_words: list[str]
    criterion_framing_phrases: list[str]
    break_words: list[str]
    same_head_words: list[str]


class NoteTestedFor(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``note_tested_for`` of the screening rules (``note_tested_for_description``)."""

    lead_words: list[str]
    negative_words: list[str]
    positive_words: list[str]


class AdequateFunction(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``adequate_function`` of the screening rules (``adequate_function_description``)."""

    adequate_words: list[str]
    inadequate_words: list[str]
    organs: list[AdequateFunctionOrgan]
    every_organ_words: list[str]
    head_words: list[str]
    well_words: list[str]
    framing_words: list[str]
    tests: list[AdequateFunctionTest]
    # The adequate_words that ask the function normal ("Normal renal function").
    normal_words: list[str] = []


class NormalOrganFunction(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One row of ``normal_organ_function``: the note's words for an organ's normal function
    tests, and the words of a criterion's condition of that organ that ask its function."""

    concept: str
    organ: str
    asked_words: list[str]
    note_phrases: list[str]
    # The severe band's lower edge per analyte, the words asking it, and its source.
    severe_words: list[str] = []
    severe_below: dict[str, float] = {}
    severe_source: str = ""


class UnreadQualifier(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A qualifier a criterion writes around a condition that the concept alone leaves open
    ("Hypotension requiring vasopressors"): one row of ``unread_qualifiers``, read by
    trialfinder.judging.unread_qualifiers and described by ``unread_qualifiers_description``."""

    qualifier: str
    place: Literal["before", "after"]
    # The field name of the rules' phrase list of its cues.
    cues: str
    # The unknown's reason: {name} the condition, {said} the qualifier as the criterion says
    # it (its cue lowered), {written} the criterion's words from mention to qualifier.
    reason: str
    # The field name of the rules' table of words that name the qualifier's word too.
    synonyms: str | None = None
    skipped_words: tuple[str, ...] = ()
    linking_words: tuple[str, ...] = ()
    conditions_only: bool = False
    unless_read_as_need: bool = False


class ImagingReading(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A site's image: what reports it clear, denying the condition there, and what reports
    the condition found (``imaging_readings``)."""

    concept: str
    sites: list[str]
    clear_words: list[str]
    finding_words: list[str] = []


class RecurrenceWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``recurrence`` of the screening rules (its ``description``): an inclusion asking a
    recurrent cancer ("Recurrent rectal cancer") against a note's recurrence or first
    presentation of it."""

    description: str
    # The words a criterion asks a recurrence with, right before the cancer it names.
    asked_words: list[str]
    # Words that make the criterion admit another setting too ("recurrent or metastatic").
    other_words: list[str]
    # A recurrence met only when the criterion asks no more than the recurrent cancer: at
    # most this many words after the asked words, none of ``asked_more_words``.
    asked_most_words: int
    asked_more_words: list[str]
    # A note's words for a recurrence of its cancer, and those saying it is the first.
    note_recurrence_words: list[str]
    note_first_words: list[str]
    # Words in a sentence making its recurrence word no recurrence of the patient's
    # ("risk of recurrence", "recurrence score").
    note_blockers: list[str]


class ConceptQualifiers(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The qualifiers one condition takes (``concept_qualifiers`` in the screening rules)."""

    words: list[str]
    contradictions: dict[str, list[str]] = {}
    implications: dict[str, list[str]] = {}


# A cue list of ``judge_cues``: at least one phrase, none empty.
_CueList = Annotated[list[Annotated[str, msgspec.Meta(min_length=1)]], msgspec.Meta(min_length=1)]


class JudgeCues(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The cue words of the judge's readers (``judge_cues`` of ``screening_rules.json``),
    each list filling a slot of a reader's pattern (:func:`judge_cue_pattern`); every list
    is required and names at least one phrase, so a missing or empty one fails on load."""

    other_cancer_apart_words: _CueList
    other_cancer_apart_nouns: _CueList
    other_cancer_apart_studied: _CueList
    concession_subjects: _CueList
    concession_verbs: _CueList
    allergy_clause_stems: _CueList
    treatment_setting_words: _CueList
    course_start_verbs: _CueList
    course_start_words: _CueList
    consent_administrative_words: _CueList
    consent_inability_stems: _CueList
    criterion_definition_left_words: _CueList
    criterion_definition_after_words: _CueList
    treatment_word_stems: _CueList
    intolerance_words: _CueList
    specimen_nouns: _CueList
    other_denial_negations: _CueList
    other_denial_others: _CueList
    other_denial_between: _CueList
    treatment_intent_radical_words: _CueList
    treatment_intent_palliative_words: _CueList
    allowed_after_words: _CueList
    allowed_condition_words: _CueList
    advanced_setting_asked_words: _CueList
    advanced_setting_nouns: _CueList
    advanced_setting_note_words: _CueList
    early_setting_note_words: _CueList
    concurrent_cancer_past_words: _CueList
    concurrent_cancer_now_words: _CueList
    let_off_item_determiners: _CueList
    unread_concept_branches: _CueList
    unread_concept_named_only_branches: _CueList
    unread_concept_place_words: _CueList
    unread_concept_means_words: _CueList
    unread_concept_framing_words: _CueList
    unread_concept_now_words: _CueList
    undone_words: _CueList
    no_evidence_lead_words: _CueList
    no_evidence_qualifiers: _CueList
    note_no_residual_words: _CueList
    clear_scan_nouns: _CueList
    member_required_words: _CueList
    resisted_before_words: _CueList
    untreated_after_lead_words: _CueList
    untreated_after_treatment_words: _CueList
    counted_as_words: _CueList
    caused_after_words: _CueList
    stop_inability_words: _CueList
    treatment_restriction_words: _CueList
    optional_item_marks: _CueList
    treatment_gap_words: _CueList
    contraindicating_words: _CueList
    contraindicated_note_words: _CueList
    other_denial_past: _CueList
    bound_condition_with_words: _CueList
    bound_condition_without_words: _CueList
    bound_condition_framing_words: _CueList
    benign_words: _CueList
    cohort_scope_nouns: _CueList
    cohort_scope_lettered_nouns: _CueList
    cohort_scope_every_words: _CueList
    leftover_list_joiners: _CueList
    leftover_level_words: _CueList
    leftover_named_only_branches: _CueList
    another_cancer_qualifier_words: _CueList
    consent_given_words: _CueList
    consent_signed_words: _CueList
    consent_study_words: _CueList
    consent_denial_words: _CueList
    swallow_ability_words: _CueList
    swallow_inability_words: _CueList
    swallow_framing_words: _CueList
    swallows_note_words: _CueList
    cannot_swallow_note_words: _CueList
    swallowed_things: _CueList
    follow_up_lack_words: _CueList
    follow_up_words: _CueList
    follow_up_framing_words: _CueList
    attends_follow_up_note_words: _CueList
    follow_up_denial_words: _CueList
    attends_reliably_words: _CueList
    prior_course_words: _CueList
    prior_course_outcome_words: _CueList
    leftover_study_framing_phrases: _CueList
    leftover_exclusion_statement_phrases: _CueList
    consent_inability_objects: _CueList
    consent_inability_framing_words: _CueList
    consent_able_note_words: _CueList
    consent_able_later_words: _CueList
    consent_unable_note_words: _CueList
    named_drug_open_words: _CueList
    only_if_cues: _CueList


class ScreeningRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """General clinical-language rules from ``data/screening_rules.json``."""

    version: str
    description: str
    implied_measurements: list[ImpliedMeasurement]
    non_blood_sample_words: list[str]
    # How notes are read (``patient.py``): what a note's "except for" introduces is
    # present; a sentence about a relative is not about the patient; a chronic
    # disease "in the history" goes on unless the note says it ended; a procedure
    # naming a clinic or team ("surgery clinic") is not one the patient had; pregnancy
    # and lactation need a girl or woman old enough (a child's "born at 38 weeks
    # gestation", a breastfed baby).
    exception_cues: list[str]
    # A denial said of the person ("never smoker"): it does not reach what follows it.
    person_denials: list[str]
    relative_words: list[str]
    # The sex a relative's word says ("daughter", "dad"): a carer's note names the patient
    # so ("My 8-year-old daughter has type 1 diabetes").
    relative_sexes: dict[str, Literal["female", "male"]]
    chronic_concepts: list[str]
    ended_history_cues: list[str]
    care_setting_words: list[str]
    youngest_childbearing_age_years: float
    # A treatment or procedure to come ("will be treated with beta blockers", "prepared
    # to undergo valve surgery") is not yet the patient's; nor is a state wished for or
    # planned ("would like to become pregnant soon", "planning a pregnancy").
    note_future_cues: list[str]
    # A procedure or treatment being considered ("assessed for liver transplant, not
    # listed", "referred for TAVI") is not one the patient had; only procedures and
    # treatments, since a patient "referred for chest pain" has the pain.
    note_considered_cues: list[str]
    # The same said after the procedure ("transplant work-up underway", "kidney transplant
    # planned for next year", "assessment pending").
    note_considered_after: list[str]
    # A condition whose test the note says was not done ("HIV/hepatitis not tested", round
    # thirty-one; "HBV never tested") is not the patient's: the words say nothing of whether
    # they have it, so it is left open (clinical usage; up to three list items between).
    note_untested_after: list[str]
    # "L breast IDC 2019 … Relapsed Sept 2026 with bone mets": a cancer the note dates to a
    # past year is back, so it is the patient's now.
    relapse_words: list[str]
    # A note's heading ("Past Medical History:") puts the lines under it in the history.
    history_headings: list[str]
    # Words right before a condition, or one word before it, that make it another disease in
    # a note (:func:`words_named_before`): "pulmonary hypertension", "portal venous
    # hypertension" are not (systemic) hypertension. The sites MeSH (NLM, public domain)
    # files apart from the lexicon's concept: Intracranial Hypotension (C10.228.140.638,
    # not under Hypotension C14.907.514); Vesico-Ureteral
    # Reflux (C12.950.829.920) and venous reflux (Venous Insufficiency, C14.907.903), not
    # Gastroesophageal Reflux; "respiratory depression" (Respiratory Insufficiency,
    # C08.618.846), CNS and bone marrow depression and an ECG's ST depression, none a
    # depressive disorder (F03.600.300).
    other_disease_words: dict[str, list[str]]
    # Site words right before a condition that name a sibling of the lexicon's concept,
    # read alike in a criterion and a note (:func:`sites_named_before`): "portal vein
    # thrombosis", "arterial thromboembolism" are read as venous thromboembolism, but a deep
    # vein thrombosis is neither (ICD-10 I74 arterial, I80.0 superficial, I81 portal vein,
    # I82.0 Budd-Chiari, I82.3 renal vein, I67.6 / G08 intracranial venous thrombosis); a
    # corneal, leg, foot, pressure or mouth ulcer is no peptic ulcer (MeSH, NLM, public
    # domain: Corneal Ulcer C11.204.564.225, Skin Ulcer with Leg, Foot, Pressure and
    # Varicose Ulcer C17.800.893, Oral Ulcer and Stomatitis, Aphthous C07.465, none under
    # Peptic Ulcer C06.405.469.275.800), though each is an ulcer; "skin" and "cutaneous" are
    # no such site, as a criterion's "cutaneous ulcer" takes in a heel ulcer.
    criterion_site_words: dict[str, list[str]]
    # The concept's names those site words narrow (the bare head, "thrombosis"): a note's
    # site-named sibling is a kind of the head, so meets a criterion naming the head alone,
    # but not one naming the concept otherwise ("venous thromboembolism", "VTE").
    sibling_site_heads: dict[str, list[str]]
    pregnancy_test_words: list[str]
    gestation_words: list[str]
    uncertainty_cues: list[str]
    future_intention_cues: list[str]
    language_cues: list[str]
    qualifier_contradictions: dict[str, list[str]]
    # A specific result states the general ones it is a kind of ("exon 19 deletion" is an
    # EGFR mutation; "triple negative" is HER2-negative), so it meets and contradicts as they do.
    qualifier_implications: dict[str, list[str]]
    # Every grade of a scale listed ("Mild, Moderate and Severe Acanthosis") asks for the
    # condition at any grade: the listed grades are no qualifier.
    complete_qualifier_scales: list[list[str]]
    evidence_only_concepts: list[str]
    study_conduct_cues: list[str]
    study_conduct_failures: list[str]
    population_words: list[str]
    population_links: list[str]
    unrecorded_body_size_analytes: list[str]
    childbearing_age_limit_years: float
    short_life_expectancy_months: float
    onset_cues: list[str]
    life_limiting_concepts: list[str]
    premenopausal_age_limit_years: float
    postmenopausal_age_years: float
    # A current condition or treatment that began at least this long ago is chronic
    # ("on haemodialysis since 2022" is chronic haemodialysis); three months, as the
    # definitions of chronic kidney disease and chronic pain count it.
    chronic_after_days: float
    # Words right before a treatment that make it the study's, still to come ("administration
    # of the first chemotherapy dose"): the patient's past treatment does not answer it.
    study_treatment_cues: list[str]
    # Words before "surgery" that say how or when, not where ("major", "elective"): any
    # other unread word there names the site ("prostate surgery").
    procedure_manner_words: list[str]
    # An allergy "to X" is about X: the patient's allergy must name one of X's words
    # (words like "study drug" or "excipients" name nothing a note could).
    allergy_concepts: list[str]
    allergen_generic_words: list[str]
    # What a criterion's condition is not: let off in an exclusion ("except basal cell
    # carcinoma"), what may come ("at risk of developing osteoporosis"), a relative's
    # ("a parent diagnosed as bipolar disorder"); a habit it caps ("a maximum of 5
    # pack-years") is no requirement to have it.
    criterion_exception_cues: list[str]
    # Words that only say an excepted cancer was treated ("adequately treated"), passed over.
    exception_treated_words: list[str]
    # "… known HIV with the following exception: … eligible provided … CD4 ≥ 350": what
    # follows lets a patient off the exclusion; it is not what excludes.
    let_off_clause_cues: list[str]
    outcome_cues: list[str]
    criterion_relative_words: list[str]
    cap_words: list[str]
    # "Poorly controlled medical condition … such as … HIV": an example takes the qualifier
    # of the condition it is an example of.
    example_cues: list[str]
    example_head_qualifiers: list[str]
    # "seizure disorders due to light": a condition asked only with the cause named after it.
    criterion_cause_cues: list[str]
    # "fever and other signs or symptoms suggestive of Covid-19 infection with recent
    # contact …": a condition a few words before one of these carries a second requirement,
    # named by the word after it; the note's sentence must name every one.
    criterion_companion_cues: list[str]
    # "No sick contacts": a note's denial of a companion requirement's word rules it out.
    note_companion_denials: list[str]
    # "MDS known to have arisen as the result of … chemotherapy and/or radiation": a
    # treatment named as what the condition came from, and the words with which a note
    # links a condition to it ("therapy-related MDS after FEC chemotherapy").
    criterion_result_of_cues: list[str]
    note_result_of_words: list[str]
    # "< 5% blasts in bone marrow and < 1% blasts in peripheral blood": the specimen a
    # threshold or a note's value is of, by the words that name it.
    # "another cause of chronic liver disease": the disease named after these words is what
    # a cause causes, not a condition the criterion asks for.
    criterion_cause_of_cues: list[str]
    # "NAFLD … in individuals who consume little or no alcohol": a note's plain "fatty
    # liver" is non-alcoholic only if the patient does not drink more than this (AASLD
    # 2018: significant alcohol use is > 14 drinks a week for women, > 21 for men) and has
    # no alcohol use disorder, unless the note names the non-alcoholic form itself.
    non_alcoholic_concepts: list[str]
    non_alcoholic_words: list[str]
    alcohol_disorder_concepts: list[str]
    significant_alcohol_drinks_per_week: float
    measurement_specimens: dict[str, list[str]]
    # "Tobacco use", "Smokers": a habit named in the present asks for it now, unless the
    # criterion speaks of a past ("Smokers (current or past)", "History of tobacco use").
    present_habit_names: list[str]
    past_habit_words: list[str]
    # "Ex-smoker", "former drinker", "smoked until 2010": the note says the habit ended.
    former_habit_words: list[str]
    # "Hep C treated in 2021, SVR", "H. pylori eradicated": an infection the note says is cured.
    cured_words: list[str]
    # A note's habit or treatment that stopped ("stopped smoking in 2015") is past; a
    # condition prevented or looked for ("osteoporosis prevention") is not a diagnosis.
    ended_words: list[str]
    # "had WBRT in November", "completed 6 cycles of FOLFOX": a course given, now past.
    past_course_words: list[str]
    # "post 4 cycles of carboplatin/etoposide", "s/p R-CHOP x6": right before a course (or
    # its number of cycles), the course is over.
    past_course_prefixes: list[str]
    # "R-CHOP x6 finished Aug 2026": right after the course (and its count) it is over; not
    # "had", which after a course counts cycles of one going on ("On weekly carboplatin,
    # had two cycles so far").
    past_course_suffixes: list[str]
    # "Not yet screened for varices", "screened for TB before adalimumab": what the note
    # says was or will be looked for, right after these words, is no diagnosis.
    note_sought_cues_before: list[str]
    note_outcome_words_after: list[str]
    # "10 weeks postpartum": the pregnancy the note speaks of is over.
    delivered_words: list[str]
    # Note shorthand written out before a note is read: a name right before its value
    # ("Wt 21.5 kg", "Bili 58"; "EGFR wt" is no weight) and a few words anywhere, as
    # written ("decompensated HF", "for 12 yrs").
    note_value_abbreviations: dict[str, str]
    note_abbreviations: dict[str, str]
    # "Drinks 30 units a week", "drinks 5 pints of lager a day": the verb names the alcohol
    # intake when an alcohol unit follows the value (not "drinks 3 cups of coffee").
    note_drinking_words: list[str]
    # "Teetotal": no drinking now nor ever an alcohol use disorder; "abstinent from alcohol
    # for 2 years": no drinking now, and an alcohol use disorder named with it is past (the
    # remission words say so only beside such a disorder: "alcohol dependence, abstinent
    # since 2015").
    alcohol_never_words: list[str]
    alcohol_abstinence_words: list[str]
    alcohol_remission_words: list[str]
    # "Drinks about 6 units a week, no drugs": a low-risk amount is no alcohol use disorder
    # now; "no drugs" denies drug use; both deny a substance use disorder.
    habit_denial_description: str
    alcohol_low_risk_drinks_per_week: float
    drug_denial_words: list[str]
    habit_drug_denial_words: list[str]
    # "Previous MI 2019", "T2DM diagnosed in 2020": words that may stand between a finding
    # and the year right after it that dates it.
    note_dating_words: list[str]
    # "No previous bariatric surgery" denies a kind of surgery, not all: the word before a
    # denied procedure names its kind unless it is one of these (or a word of manner).
    procedure_denial_filler_words: list[str]
    # "a history of HTN, DM, and presents with chest pain": words that end a history list.
    history_list_breakers: list[str]
    # "flu shot", "sars-cov-2 (covid-19) vaccine": a disease's vaccine is not the disease
    # (a treatment's shot is the treatment: "insulin shots"); "COVID booster" (round
    # thirty-one), a booster being a further dose of a vaccine (NHS, "COVID-19 vaccine").
    immunization_words: list[str]
    # "vaccinated against hepatitis B": the disease after these words is what a vaccine was
    # given against, not the patient's.
    immunized_against_words: list[str]
    # "chemo-naive", "chemotherapy naïve": the word joined right after a treatment denies it
    # (a coordinator reads "naive" as "never had"); it reaches that treatment only.
    note_naive_words: list[str]
    # "She was tested for hepatitis B and C before the transplant and was negative": a result
    # word after the infections a test lead names (no positive word between) denies each.
    # "Hb levels less than 21 days following RBC transfusion": a treatment after a count of
    # days and one of these words is what a time is counted from, not what is asked.
    criterion_time_anchor_words: list[str]
    # "… 90 days after the last dose of NAP + durvalumab": a dose phrase between the anchor
    # word and the treatment still dates something else (the study's drug, to come).
    criterion_time_anchor_dose_phrases: list[str]
    # "permanently sterilized (hysterectomy, bilateral oophorectomy …)": a procedure a
    # criterion names after one of these words is a way to be sterile, not asked for itself.
    criterion_sterilisation_words: list[str]
    # "Rash with fluconazole", "intolerant of metformin": a reaction named with a drug (a
    # MeSH chemical or drug, tree D) is an allergy or intolerance to that drug.
    note_drug_reaction_cues: list[str]
    # How a note's prior lines of therapy are counted (:func:`prior_line_count`; the rule is
    # ``note_line_description``): the nouns an explicit count counts, the phrases saying
    # none, ordinal words, words saying a line is only planned, the joiners of a written
    # sequence, and the words making a part of it no new line or only a response.
    note_line_description: str = ""
    note_line_count_nouns: list[str] = []
    note_no_line_phrases: list[str] = []
    # A sentence saying no treatment of a relapse ('Relapsed 2025, no treatment so far'): not none.
    note_no_line_relapse_words: list[str] = []
    note_line_ordinals: dict[str, int] = {}
    note_line_planned_words: list[str] = []
    # "Completed AC x4 then weekly paclitaxel x12": a completed course runs on through the
    # regimens it names in sequence, unless a breaker starts one still going ("then started").
    past_course_sequence_description: str = ""
    past_course_sequence_words: list[str] = []
    past_course_sequence_breakers: list[str] = []
    # A count of cycles or courses of a treatment (``judging.cycle_counts``): the nouns a
    # criterion's bound and a note's count count.
    note_cycle_count_description: str = ""
    note_cycle_count_nouns: list[str] = []
    note_line_sequence_joiners: list[str] = []
    note_line_not_new_words: list[str] = []
    note_line_outcome_words: list[str] = []
    # Lines the note names without their number ("heavily pretreated"): a count it cannot give.
    note_line_uncounted_phrases: list[str] = []
    # Lines numbered after a heading, counted over sentences, and what names one (the rule
    # is ``note_line_list_description``).
    note_line_list_description: str = ""
    note_line_list_heads: list[str] = []
    note_line_treatment_list_heads: list[str] = []
    note_line_list_head_not_after: list[str] = []
    note_line_bridging_words: list[str] = []
    note_line_named_therapies: list[str] = []
    # "treatment-naive" with no treatment named, in a note naming a cancer: the patient has had
    # no systemic therapy, so these concepts are read denied (``note_untreated_description``).
    note_untreated_description: str = ""
    note_untreated_phrases: list[str] = []
    note_untreated_denies: list[str] = []
    # "No treatment given yet" in a note naming a cancer: no treatment of any kind, so these
    # concepts (systemic therapy and radiotherapy) are read denied
    # (``note_no_treatment_description``).
    note_no_treatment_description: str = ""
    note_no_treatment_phrases: list[str] = []
    note_no_treatment_denies: list[str] = []
    # "No other cancer treatment ever" in a note naming a cancer: the treatments named are
    # all there were (``note_closed_history_description``).
    note_closed_history_description: str = ""
    note_closed_history_phrases: list[str] = []
    # Drugs and drug classes a closed history denies besides ``note_no_treatment_denies``
    # (those none of the note's treatments or regimens is).
    note_closed_history_denies_description: str = ""
    note_closed_history_denies: list[str] = []
    note_closed_history_not_regimens_description: str = ""
    note_closed_history_not_regimens: list[str] = []
    note_closed_history_regimen_words_description: str = ""
    note_closed_history_regimen_words: list[str] = []
    # What the patient does by mouth ("swallows tablets", "eating small amounts by mouth")
    # denies an inability to do it (``note_ability_description``).
    note_ability_description: str = ""
    note_ability_verbs: list[str] = []
    note_ability_objects: list[str] = []
    note_ability_inability_cues: list[str] = []
    note_ability_denies: list[str] = []
    # "T: 39.5 C", "Temp 38.2°C": a temperature's shorthand, only before a value in degrees.
    note_temperature_abbreviations: list[str] = []
    # A qualifier a criterion misspells ("sever anemia"), read as the word it misspells
    # (``qualifier_misspellings_source``).
    qualifier_misspellings: dict[str, str] = {}
    qualifier_misspellings_source: str = ""
    # Diagnoses a measured value entails by their standard definitions: a temperature of
    # 39.5 C is a fever now, 80/60 is hypotension (``note_measured_concepts_description``).
    note_measured_concepts_description: str = ""
    note_measured_concepts: list[MeasuredConcept] = []
    # "Significant kidney disease, defined as GFR < 60 ml/min": a qualifier a note cannot
    # state is decided by the definition written after it (``criterion_definition_description``).
    criterion_definition_description: str = ""
    criterion_definition_cues: list[str] = []
    criterion_defined_qualifiers: list[str] = []
    # "Amoxicillin 2/52 ago": clinicians' n/52, n/12, n/7 for weeks, months and days, read
    # only where a time is written (``note_time_fraction_description``).
    note_time_fraction_description: str = ""
    note_time_fractions: dict[str, str] = {}
    note_time_fraction_before: list[str] = []
    note_time_fraction_after: list[str] = []
    # "POD 3", "20th day post-left mastectomy", "now day +200": a count from an operation or
    # a transplant, which dates it when it is the patient's present
    # (``note_event_time_description``).
    note_event_time_description: str = ""
    note_event_day_before: list[str] = []
    note_event_after: list[str] = []
    note_event_now_words: list[str] = []
    # "PDAC", "DLBCL": oncology short forms read alone as their MeSH disease, written as listed
    # (``note_disease_abbreviations_description``); any other short form needs the lexicon.
    note_disease_abbreviations_description: str = ""
    note_disease_abbreviations: list[str] = []
    # A procedure the note plans ("listed for arthroscopic rotator cuff repair",
    # "abdominoplasty planned Jan 2027") is a fact of its own, judged only against a
    # criterion's plan words: a plan is not a procedure done, nor a done one a plan.
    plan_description: str = ""
    note_plan_cues: list[str] = []
    note_plan_after: list[str] = []
    # "radical prostatectomy, booked for January", "hysterectomy is scheduled": the words
    # that may stand between a procedure and its plan word after it.
    note_plan_after_joiners_description: str = ""
    note_plan_after_joiners: list[str] = []
    # "I'm having a hysterectomy in January": the present tense that means the future, a
    # plan only with a time to come in its sentence; and the days from the note's day that
    # a plan's time words put it ("next week": 7), which date a plan against a criterion's
    # window (``plan_days_ahead``).
    note_plan_present_description: str = ""
    note_plan_present_cues: list[str] = []
    note_plan_relative_days_description: str = ""
    note_plan_relative_days: dict[str, float] = {}
    criterion_plan_words: list[str] = []
    # A treatment named after one of these in its clause is a need to come during the study
    # ("expected to require ... targeted therapy while on study"), never the note's treatment.
    criterion_future_need_description: str = ""
    criterion_future_need_cues: list[str] = []
    # "Visceral crisis in need of cytotoxic chemotherapy": a treatment named right after one
    # of these is asked as a need now, which a past course does not show (the description).
    criterion_present_need_description: str = ""
    criterion_present_need_cues: list[str] = []
    # A denial with one of these ("no targeted therapy yet") denies up to now, not now only.
    denial_so_far_description: str = ""
    denial_so_far_words: list[str] = []
    # A denial bounded by a time after it ("no hypertension before pregnancy") says nothing
    # of now (``denial_bounded_description``).
    denial_bounded_description: str = ""
    denial_bounded_words: list[str] = []
    denial_bounded_now_words: list[str] = []
    criterion_past_procedure_words: list[str] = []
    # "Acute suicide or homicide risk": a note's suicidal or homicidal ideation is an acute
    # risk when its sentence says there is a plan or intent, or a crisis response
    # (``acute_risk_description``); ideation alone leaves the acuity to the team.
    acute_risk_description: str = ""
    acute_risk_concepts: list[str] = []
    acute_risk_words: list[str] = []
    # A form's field answered by a denial ("Smoking: never.", "Allergies: none known.")
    # denies what its label names (``note_field_denial_description``).
    note_field_denial_description: str = ""
    note_field_denial_answers: list[str] = []
    # "Vaccinated in research project": a treatment given in a study (the description).
    research_setting_description: str = ""
    research_setting_phrases: list[str] = []
    research_setting_note_words: list[str] = []
    # A myeloma-defining event (CRAB) in the sentence naming the myeloma states it is
    # symptomatic (``defining_event_description``).
    defining_event_description: str = ""
    defining_event_concepts: list[str] = []
    defining_event_qualifiers: list[str] = []
    defining_event_words: list[str] = []
    defining_event_denials: list[str] = []
    # "Hypotension requiring vasopressors", "Intradialytic hypotension": a need after the
    # condition or a setting before it that the concept alone leaves open (the description).
    unread_qualifier_description: str = ""
    criterion_need_cues: list[str] = []
    need_word_synonyms: dict[str, list[str]] = {}
    setting_qualifiers: list[str] = []
    # "Chemotherapy prior to surgery": a treatment on one side of an operation
    # (``surgery_order_description``).
    surgery_order_description: str = ""
    surgery_order_criterion_words: dict[str, list[str]] = {}
    surgery_order_criterion_adverbs: dict[str, list[str]] = {}
    surgery_order_given_description: str = ""
    surgery_order_given_words: list[str] = []
    surgery_order_operation_qualifiers: list[str] = []
    surgery_order_operations: list[str] = []
    surgery_order_note_cues: dict[str, list[str]] = {}
    surgery_order_note_words: dict[str, list[str]] = {}
    surgery_order_note_operations: list[str] = []
    # "One risk factor … such as high grade, …, age < 35 years": an age that is one item of
    # a list of alternatives (``listed_alternative_description``).
    listed_alternative_description: str = ""
    listed_alternative_cues: list[str] = []
    # A condition placed in one part of an organ (``organ_part_description``).
    organ_part_description: str = ""
    organ_part_words: list[str] = []
    organ_part_nouns: list[str] = []
    organ_part_sites_description: str = ""
    organ_part_sites: dict[str, list[str]] = {}
    male_contraception_description: str = ""
    male_contraception_words: list[str] = []
    postmenopausal_description: str = ""
    postmenopausal_words: list[str] = []
    menstruating_description: str = ""
    menstruating_words: list[str] = []
    # A plan heading before a treatment (``plan_heading_description``).
    plan_heading_description: str = ""
    plan_headings: list[str] = []
    plan_heading_current_verbs: list[str] = []
    # A viral load the note gives above zero states an infection "active"
    # (``active_infection_loads_description``).
    active_infection_loads_description: str = ""
    active_infection_loads: dict[str, str] = {}
    # An operation that leaves an implant (``note_implant_operations_description``).
    note_implant_operations_description: str = ""
    note_implant_operations: dict[str, list[str]] = {}
    # A body system's history or problems denied (``note_denied_system_description``).
    note_denied_system_description: str = ""
    note_denied_system: list[DeniedSystem] = []
    # An organ's function tests written normal (``normal_organ_function_description``).
    normal_organ_function_description: str = ""
    normal_organ_function: list[NormalOrganFunction] = []
    # One reader for a cause, a need or a setting a criterion writes around a condition
    # (``unread_qualifiers_description``).
    unread_qualifiers_description: str = ""
    unread_qualifiers: list[UnreadQualifier] = []
    # "RT treatment outside TMC": a treatment asked only where it was given
    # (``criterion_place_cues_description``), and the nouns ending an institution's name.
    criterion_place_cues_description: str = ""
    criterion_place_cues: list[str] = []
    institution_nouns: list[str] = []
    # "N/A", "none", "This study has no": a criterion that asks nothing
    # (``placeholder_criterion_description``).
    placeholder_criterion_description: str = ""
    placeholder_none_words: list[str] = []
    placeholder_framing_words: list[str] = []
    # "MRI brain: no mets": an image of a site reported clear denies the condition there;
    # "MRI brain: two small metastases" states it.
    imaging_reading_description: str = ""
    imaging_readings: list[ImagingReading] = []
    # An organ's function asked adequate without thresholds (``adequate_function_description``).
    adequate_function_description: str = ""
    adequate_function: AdequateFunction | None = None
    # A broad class of illness an exclusion names (``broad_illness_description``).
    broad_illness_description: str = ""
    broad_illness: BroadIllness | None = None
    # An exclusion's unread words the note's denial answers (``denied_rest_description``).
    denied_rest_description: str = ""
    denied_rest: DeniedRest | None = None
    # What makes a woman not of childbearing potential, and the contraception she uses
    # (``childbearing_potential.description``).
    childbearing_potential: ChildbearingPotential | None = None
    allergy_scope: AllergyScope | None = None
    # A criterion no reader reads that the note denies in its own words
    # (``denied_own_words_description``).
    denied_own_words_description: str = ""
    denied_own_words: DeniedOwnWords | None = None
    # "She was tested for hepatitis B and C before the transplant and was negative": a result
    # word after the infections a test lead names (no positive word between) denies each.
    note_tested_for_description: str = ""
    note_tested_for: NoteTestedFor | None = None
    # "Sertraline 100 mg od, dose unchanged for 3 months": a treatment the note says is
    # kept at one dose is a stable one ("stable on an antidepressant regime").
    stable_dose_note_description: str = ""
    stable_dose_note_words: list[str] = []
    # "Any untreated brain lesions > 1.0 cm": the site a lesion's size is asked of, and the
    # words a note places a lesion there with ("L parietal met 8 mm", "RUL mass 45 mm").
    lesion_sites_description: str = ""
    lesion_sites: dict[str, list[str]] = {}
    # "Is a chemotherapy candidate": a treatment right before one of these is one the patient
    # may be given, not one given (``study_treatment_cues`` stand before it).
    study_treatment_after_cues: list[str] = []
    # "carboplatin + paclitaxel x6 cycles, last cycle 10/09/2026": a course written with its
    # count of cycles and then its last cycle was given in full (the description).
    past_course_last_description: str = ""
    past_course_last_words: list[str] = []
    # "IDC L breast 2015 (WLE, AC-T adjuvant, RT, …)": a course of one of these kinds inside
    # the bracket of a diagnosis dated two or more years back is over, unless the bracket
    # says it goes on (the description).
    past_bracket_course_description: str = ""
    past_bracket_course_kinds: list[str] = []
    past_bracket_going_on_words: list[str] = []
    # The extent words a criterion writes beside a stage it writes on the same disease
    # ("Stage IIIB-IV locally advanced or metastatic NSCLC"), which say what the stage says
    # (the description).
    stage_extent_qualifiers_description: str = ""
    stage_extent_qualifiers: list[str] = []
    # "Adenocarcinoma RUL", "carcinoma of the left lower lobe of the lung": a histology and then
    # an organ's site words name the organ's cancer (the description).
    site_named_cancers_description: str = ""
    site_named_cancers: dict[str, list[str]] = {}
    site_named_cancer_site_words: list[str] = []
    site_named_cancer_histologies: dict[str, dict[str, list[str]]] = {}
    site_named_cancer_adjectives_description: str = ""
    site_named_cancer_adjectives: dict[str, list[str]] = {}
    # A site's adjective MeSH has no "<adjective> cancer" entry for, and its heading's name.
    site_adjective_cancers_description: str = ""
    site_adjective_cancers: dict[str, str] = {}
    # "I was told I had a stomach ulcer": what a patient was told they had is what they were
    # found to have then, not a past one; "diagnosed with hepatitis C years ago but it
    # resolved": it is past, not denied (the description).
    note_told_description: str = ""
    note_told_verbs: list[str] = []
    note_told_subjects: list[str] = []
    note_resolved_after_words: list[str] = []
    # "Five days ago they drained fluid from around my lung": an effusion drained, tapped or
    # given a drain required intervention (the description).
    drained_effusion_description: str = ""
    drained_effusion_concepts: list[str] = []
    drained_effusion_words: list[str] = []
    # "Must have documented disease progression during or after their last anti-myeloma
    # regimen": the note's cancer progressing or relapsed meets it (the description).
    progression_after_last_description: str = ""
    progression_asked_nouns: list[str] = []
    progression_asked_times: list[str] = []
    progression_asked_treatments: list[str] = []
    note_progression_words: list[str] = []
    note_remission_words: list[str] = []
    # "Newly diagnosed glioblastoma": the words asking a new diagnosis, and the words of
    # another setting that make the criterion admit more (``new_diagnosis_description``).
    new_diagnosis_description: str = ""
    new_diagnosis_asked_words: list[str] = []
    new_diagnosis_other_words: list[str] = []
    new_diagnosis_past_leads_description: str = ""
    new_diagnosis_past_leads: list[str] = []
    # "Recurrent rectal cancer" against "first presentation" or "local recurrence".
    recurrence: RecurrenceWords | None = None
    language_ability: LanguageAbility | None = None
    parity_words: ParityWords | None = None
    obstetric_note_words: ObstetricNoteWords | None = None
    lactation_words: LactationWords | None = None
    value_qualifiers: ValueQualifiers | None = None
    health_insurance: HealthInsurance | None = None
    study_name: StudyNameWords | None = None
    listed_alternatives: ListedAlternatives | None = None
    # How a criterion's condition is known, and the note's words stating each way.
    confirmation_methods: ConfirmationMethods | None = None
    performance_words_description: str = ""
    performance_word_blockers: list[str] = []
    # Qualifiers only some conditions take, with what each rules out ("2 brain mets treated
    # with SRS, stable on MRI" against "untreated brain metastases"; the description).
    concept_qualifiers_description: str = ""
    concept_qualifiers: dict[str, ConceptQualifiers] = {}
    # The lexicon's concepts of a cancer's spread, which name no cancer of their own
    # ("Solitary cerebellar met" beside a breast cancer; the description).
    spread_concepts_description: str = ""
    spread_concepts: list[str] = []
    # Cue words of the judge's readers, out of their patterns (``judge_cue_description``).
    judge_cue_description: str = ""
    judge_cues: JudgeCues | None = None
    # How a note gives the patient's age and sex as clinicians and families write them
    # ("Mr Rao, 52,", "Gurgaon: 56M", "I am writing for my son, he is 27"): the rule is
    # ``note_age_description``.
    note_age_description: str = ""
    note_age_titles: dict[str, Literal["female", "male"]] = {}
    note_age_not_labels: list[str] = []
    note_carer_writing_words: list[str] = []
    distinct_member_classes_description: str = ""
    distinct_member_classes: list[str] = []

    def __post_init__(self) -> None:
        for qualifier in self.unread_qualifiers:
            _check_unread_qualifier(self, qualifier)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScreeningRules:
        return msgspec.convert(data, cls)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = msgspec.to_builtins(self)
        return result


@functools.cache
def load_screening_rules() -> ScreeningRules:
    """Load and validate the rules file once; unknown analytes fail loudly."""
    data = (resources.files("trialfinder") / "data" / "screening_rules.json").read_bytes()
    rules = read_screening_rules(data)
    analytes = load_lexicon().analytes
    named = [implied.analyte for implied in rules.implied_measurements] + [
        test.analyte for test in (rules.adequate_function.tests if rules.adequate_function else [])
    ]
    unknown = sorted(set(named + rules.unrecorded_body_size_analytes) - analytes.keys())
    if unknown:
        raise ValueError(f"screening rules name unknown analytes {unknown}")
    named_concepts = (
        set(rules.evidence_only_concepts)
        | set(rules.life_limiting_concepts)
        | set(rules.chronic_concepts)
        | set(rules.distinct_member_classes)
        | set(rules.other_disease_words)
        | set(rules.criterion_site_words)
        | set(rules.sibling_site_heads)
        | {row.concept for row in rules.note_denied_system}
        | {row.concept for row in rules.normal_organ_function}
    )
    unknown_units = sorted(set(rules.note_time_fractions.values()) - DAYS_PER_UNIT.keys())
    if unknown_units:
        raise ValueError(f"screening rules name unknown time units {unknown_units}")
    unknown_organs = sorted(rules.site_named_cancer_adjectives.keys() - rules.site_named_cancers)
    if unknown_organs:
        raise ValueError(f"screening rules give adjectives of unknown organs {unknown_organs}")
    unknown_concepts = sorted(named_concepts - load_lexicon().concepts.keys())
    if unknown_concepts:
        raise ValueError(f"screening rules name unknown concepts {unknown_concepts}")
    unsited = sorted(rules.sibling_site_heads.keys() - rules.criterion_site_words.keys())
    if unsited:
        raise ValueError(f"screening rules give sibling heads without site words {unsited}")
    return rules


def read_screening_rules(data: bytes) -> ScreeningRules:
    """The rules file's bytes, checked: a wrong type, an unknown entry or a phrase that is
    empty or padded with spaces (a pattern built from it would match anywhere) fails with
    the file and the entry named."""
    try:
        raw = msgspec.json.decode(data)
        _check_phrases(raw, "$")
        return ScreeningRules.from_dict(raw)
    except (msgspec.DecodeError, msgspec.ValidationError, ValueError) as error:
        raise ValueError(f"screening_rules.json: {error}") from None


def _check_phrases(value: object, entry: str) -> None:
    if isinstance(value, str):
        if not value.strip() or value != value.strip():
            raise ValueError(f"empty or padded phrase {value!r} - at `{entry}`")
    elif isinstance(value, list):
        for position, item in enumerate(value):
            _check_phrases(item, f"{entry}[{position}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_phrases(item, f"{entry}.{key}")


def _check_unread_qualifier(rules: ScreeningRules, qualifier: UnreadQualifier) -> None:
    """A row of ``unread_qualifiers`` names a phrase list, a synonym table and the reason's
    fields that exist, else loading fails loudly."""
    _phrase_list(rules, qualifier.cues)
    if qualifier.synonyms is not None:
        _synonym_table(rules, qualifier.synonyms)
    fields = {field for _, field, _, _ in string.Formatter().parse(qualifier.reason) if field}
    if not fields <= {"name", "said", "written"}:
        raise ValueError(f"unread qualifier {qualifier.qualifier!r}: unknown fields {fields}")


def _phrase_list(rules: ScreeningRules, field: str) -> list[str]:
    phrases = getattr(rules, field, None)
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise ValueError(f"screening rules have no phrase list {field!r}")
    return phrases


def _synonym_table(rules: ScreeningRules, field: str) -> dict[str, list[str]]:
    table = getattr(rules, field, None)
    if not isinstance(table, dict) or not all(
        isinstance(words, list) and all(isinstance(w, str) for w in words)
        for words in table.values()
    ):
        raise ValueError(f"screening rules have no synonym table {field!r}")
    return table


def screening_synonyms(field: str) -> dict[str, list[str]]:
    """A table of the screening rules, by its field name, of the words that name a word too
    ("need_word_synonyms": on noradrenaline is on a vasopressor)."""
    return _synonym_table(load_screening_rules(), field)


def screening_phrases(field: str) -> list[str]:
    """A phrase list of the screening rules by its field name ("criterion_need_cues")."""
    return _phrase_list(load_screening_rules(), field)


@functools.cache
def screening_phrase(field: str) -> re.Pattern[str]:
    """One word-bounded pattern for a phrase list of the screening rules by its field name
    (``screening_phrase("onset_cues")``), compiled once: the one getter of the rules'
    phrase patterns."""
    return phrase_pattern(screening_phrases(field))


@functools.cache
def judge_cue_pattern(template: str, flags: int = 0) -> re.Pattern[str]:
    """A judge reader's pattern, compiled once: its grammar (``template``) with each slot
    ``{name}`` the alternation of the cue list ``name`` of ``judge_cues`` (``{name:spaced}``:
    any whitespace between a phrase's words; :func:`trialfinder.phrases.slot_pattern`). The
    words are data, the grammar is code."""
    cues = load_screening_rules().judge_cues
    if cues is None:
        raise ValueError("screening_rules.json has no judge_cues")
    return re.compile(slot_pattern(template, functools.partial(getattr, cues)), flags)


class PatientProfile(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    """The patient profile JSON; every field is optional.

    ``place`` is where the patient lives ("Emporia, KS, US"), as a FHIR
    address gives it; it is a search hint, never a criterion. ``note_date`` is
    the day the note was written (a FHIR DocumentReference's date): its findings
    and times are of that day, so a note of 1994 tells the patient's past.
    """

    age: Annotated[float, msgspec.Meta(ge=0, le=150)] | None = None
    sex: str | None = None
    conditions: list[str] = []
    measurements: dict[str, str] = {}
    medications: list[str] = []
    note: str | None = None
    note_date: datetime.date | None = None
    place: str | None = None
    # The caller saying the note is (True) or is not (False) the patient's whole record;
    # None: the note's form decides (trialfinder.whole_record). A form without a note
    # stays partial unless said.
    whole_record: bool | None = None


# Why a profile said to be whole (by its caller, or a FHIR record listing its conditions
# and medications) is read as the patient's whole record.
WHOLE_RECORD_GIVEN = (
    "the record was given as the patient's whole record (its conditions and medications "
    "listed in full), so it is read as such"
)


# The words a profile may give as ``sex`` (any case), and the sex each one means.
SEX_WORDS: dict[str, Literal["female", "male"]] = {
    "female": "female",
    "f": "female",
    "woman": "female",
    "male": "male",
    "m": "male",
    "man": "male",
}


# Ages outside this range are typing slips, not patients.
_PLAUSIBLE_AGE_YEARS = (0.0, 130.0)


def _answer_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def measurement_answer(
    answer: str, expected_unit: str | None, analyte_id: str | None = None
) -> str:
    """An answered value, with the unit the question showed when written bare and unclear.

    A bare value the analyte's one plausible unit settles stays bare: it is read
    in that unit and the reason says so ("BMI 23 (taken as kg/m²)"), unless the
    field shows another unit equal to it (TSH asked in µIU/mL is read in mIU/L,
    the same number): then the answer is in the unit the form showed. Otherwise "3.1"
    asked in mg/dL is "3.1 mg/dL"; "10.6 mg/dL" keeps its own unit.
    """
    answer = answer.strip()
    if any(character.isalpha() or character in "%/µμ" for character in answer):
        return answer
    reading = parse_value_text(analyte_id, answer)
    if reading is not None and reading.unit_assumed and not _same_scale(reading, expected_unit):
        return answer
    return f"{answer} {unit_words(expected_unit)}".strip()


def _same_scale(reading: Measurement, unit: str | None) -> bool:
    """Whether ``unit`` is another name of the same scale as the reading's own unit (the
    reason then says the field's unit; with the same unit it says "taken as" that unit)."""
    analyte = load_lexicon().analytes.get(reading.analyte)
    if analyte is None or unit is None or unit_words(unit) == unit_words(reading.unit):
        return False
    own, asked = to_canonical(analyte, 1.0, reading.unit), to_canonical(analyte, 1.0, unit)
    return own is not None and asked is not None and abs(own - asked) < 1e-9 * abs(own)


def measurements_from_lines(text: str) -> dict[str, str]:
    """Lines "name: value unit" as profile measurements; other lines are left out."""
    measurements: dict[str, str] = {}
    for line in text.splitlines():
        name, separator, value = line.partition(":")
        if separator and name.strip() and value.strip():
            measurements[name.strip()] = value.strip()
    return measurements


def profile_from_answers(
    answers: Mapping[str, str], measurements: Mapping[str, str] | None = None
) -> PatientProfile:
    """A profile from typed answers (age, sex, conditions, medications, note).

    Unusable answers are left out, never guessed: an age that is not a number
    or not a plausible age, a sex other than female or male.
    """
    age_text = answers.get("age", "").strip()
    try:
        age = float(age_text) if age_text else None
    except ValueError:
        age = None
    low, high = _PLAUSIBLE_AGE_YEARS
    sex = answers.get("sex", "").strip().lower()
    return PatientProfile(
        age=age if age is not None and low <= age <= high else None,
        sex=sex if sex in {"female", "male"} else None,
        conditions=_answer_lines(answers.get("conditions", "")),
        measurements=dict(measurements or {}),
        medications=_answer_lines(answers.get("medications", "")),
        note=answers.get("note", "").strip() or None,
    )


def load_profile(data: bytes | str) -> PatientProfile:
    """Validate and load a profile; raises ``msgspec.ValidationError`` naming the bad field.

    A typo in ``sex`` must not silently become "sex not given": every
    criterion about sex would then read as unknown instead of settled.
    """
    try:
        profile = msgspec.json.decode(data, type=PatientProfile)
    except msgspec.ValidationError as error:
        if "unknown field" not in str(error):
            raise
        allowed_fields = ", ".join(PatientProfile.__struct_fields__)
        raise msgspec.ValidationError(f"{error}; the fields are: {allowed_fields}") from None
    if profile.sex is not None and profile.sex.strip().lower() not in SEX_WORDS:
        allowed = ", ".join(SEX_WORDS)
        raise msgspec.ValidationError(f"Expected `sex` to be one of: {allowed} - at `$.sex`")
    return profile


FactState = Literal["current", "ended", "cured", "planned"]


class Fact(msgspec.Struct, omit_defaults=True):
    """One thing known about the patient and the text it came from."""

    kind: FactKind
    evidence: str
    concept: str | None = None
    measurement: Measurement | None = None
    negated: bool = False
    historical: bool = False
    current: bool = False
    uncertain: bool = False
    start_year: int | None = None
    end_year: int | None = None
    # The analyte whose measured value entails the concept by its definition ("80/60":
    # hypotension, ``note_measured_concepts``): a criterion writing its own limit of that
    # analyte ("Anemia Hb < 8 g/dL") is judged by that limit, not by the definition.
    entailed_by: str | None = None
    # A relative time the note gives: "last month" (30 days ago), "for 14 months".
    days_ago: float | None = None
    duration_days: float | None = None
    # What the note's sentence says became of it (:func:`fact_states`): "cured" (an
    # infection: "Hep C treated in 2021, SVR"), "ended" ("Ex-smoker", "quit in 2015") or
    # "current" when it says neither; ``state_cue`` is the phrase that decided. The judge
    # reads this, not the sentence again.
    state: FactState = "current"
    state_cue: str = ""
    # A condition's stage or grade as the note writes it on the condition ("stage IIIA
    # NSCLC", "G3 diarrhoea"), read by the same reader as the criterion's
    # (``criteria.disease_stage``), so the judge compares like with like.
    stage: DiseaseStage | None = None
    # A cancer's TNM as the note writes it on the cancer ("cT2N1M0 NSCLC"), read by the
    # criterion's reader (``criteria.tnm``).
    tnm: TnmStage | None = None
    # An infection's test results the sentence gives ("HBsAg negative", "HCV Ab positive,
    # RNA negative"), read by the criterion's reader (``criteria.infection_tests``), so a
    # criterion defining the infection by a test is judged by that test.
    tests: tuple[InfectionTest, ...] = ()
    # The site words the note writes right before a condition's head that make it a sibling
    # of the lexicon's concept (:func:`sites_named_before`): "portal vein thrombosis" is no
    # venous thromboembolism a criterion names, and "no portal vein thrombosis" denies no
    # deep vein thrombosis; () when none.
    sites: tuple[str, ...] = ()
    # What a treatment is written as taken for ("methadone for chronic pain"), read once here
    # (``trialfinder.indication``) so the judge can tell a drug taken for the criterion's
    # indication from one taken for another.
    indication: Indication | None = None
    # The MeSH descriptors of an operation the note names rather than calls surgery
    # ("Billroth II partial gastrectomy": Gastrectomy, Gastroenterostomy), read as the
    # lexicon's surgery (``trialfinder.operations``): the judge asks them for the site a
    # criterion writes ("upper gastrointestinal surgery").
    operations: tuple[str, ...] = ()
    # A measurement read from everyday words by a scale's definition ("spends most of the
    # day in bed": ECOG 3): the definition (``ImpliedMeasurement.source``). A value the note
    # states outweighs it.
    defined_by: str = ""
    # The note's words writing a test normal with no number ("bili normal", "LFTs normal";
    # ``trialfinder.normal_labs``): ``measurement`` is then the usual reference range. A value
    # the note states outweighs it.
    within_normal: str = ""
    # How many days after the note's day a planned procedure is to be ("booked in 3 weeks",
    # "on 12/01", ``plan_days_ahead``); None when the note gives no time to come.
    days_ahead: float | None = None


class VocabularyFact(msgspec.Struct, frozen=True):
    """A disease the note names by a MeSH term (``trialfinder.vocabulary``).

    The criteria lexicon names a few hundred conditions; MeSH names thousands and
    files each under broader ones, so a criterion about "kidney disease" can be
    judged against a note saying "lupus nephritis". Family, hypothetical and
    possible mentions are not kept; denied ones are, with ``negated``.
    """

    descriptor_id: str
    words: str
    evidence: str
    negated: bool = False
    # The stage or grade the sentence writes on it ("grade 3 peripheral neuropathy"), read as
    # a lexicon condition's is (``criteria.disease_stage``), so the judge compares both alike.
    stage: DiseaseStage | None = None
    # When the note says it was ("adrenal insufficiency diagnosed in 2015", "a TIA three weeks
    # ago", "since 2019"): a condition fact of its words dated as a lexicon fact is
    # (``_date_finding``, then from the note's day as ``_as_of_note_date`` does), so the judge
    # weighs it against a criterion's window alike; None when the sentence does not say when.
    dated: Fact | None = None


class PriorLineCount(msgspec.Struct, frozen=True):
    """How many prior lines of therapy the note says the patient has had
    (:func:`prior_line_count`): between ``low`` and ``high`` (``high`` None: at least
    ``low``; ``low`` None: the note names lines it does not count). ``how`` says which
    of the note's words counted, for the judge's reason; ``evidence`` is the sentence."""

    low: int | None
    high: int | None
    evidence: str
    how: str


class PatientFacts(msgspec.Struct):
    """Everything matching needs, indexed by concept and analyte."""

    age: float | None = None
    age_evidence: str = ""
    sex: Literal["female", "male"] | None = None
    sex_evidence: str = ""
    facts: list[Fact] = []
    condition_terms: list[str] = []
    condition_concepts: list[str] = []
    gestational_weeks: float | None = None
    gestation_evidence: str = ""
    # The sentence saying the patient gave (or will give) informed consent.
    consent_evidence: str = ""
    # The sentence saying plainly that the patient is fit and well ("medically fit and
    # well", "no past medical history": ``fitness_phrases``), "" when none says so.
    fitness_evidence: str = ""
    # The sentence saying the patient's mental status is altered ("drowsy and confused") or
    # intact ("alert and oriented"): ``mental_status`` is "altered", "intact" or "".
    mental_status: str = ""
    mental_status_evidence: str = ""
    # The sentence saying the patient has ("has capacity") or lacks ("lacks capacity", "under
    # guardianship") the capacity to consent: ``capacity`` is "has", "lacks" or "".
    capacity: str = ""
    capacity_evidence: str = ""
    # The sentence saying the patient swallows tablets ("Swallows tablets fine") or cannot
    # ("unable to swallow tablets"): ``swallowing`` is "able", "unable" or "".
    swallowing: str = ""
    swallowing_evidence: str = ""
    # The sentence saying the patient can read and consent ("Reads and understands the
    # consent form", "reads and signs her own forms") or cannot ("cannot read or write",
    # "refused consent"), undenied: ``consent_ability`` is "able", "unable" or "".
    consent_ability: str = ""
    consent_ability_evidence: str = ""
    # The languages the note says the patient speaks as a first or only language or fluently
    # ("First language English", "speaks and reads English fluently"), each with its sentence.
    spoken_languages: dict[str, str] = {}
    # The sentence stating the patient's health insurance ("covered by the Securite sociale
    # (CPAM)", "covered by Medicare") or its absence ("uninsured"): ``insurance`` is
    # "covered", "none" or "".
    insurance: str = ""
    insurance_evidence: str = ""
    # The sentence saying the patient attends follow-up ("happy to attend follow-up", "son
    # brings her to every visit"), undenied; "" when the note says nothing of it.
    attends_follow_up_evidence: str = ""
    # What the note states of the patient's fitness for treatments ("fit for general
    # anaesthesia", "unfit for surgery"), read by trialfinder.treatment_fitness.
    treatment_fitness: tuple[FitnessStatement, ...] = ()
    # The sentence denying measurable disease ("no measurable disease"), "" when none does
    # (trialfinder.measurable_disease).
    no_measurable_evidence: str = ""
    # The sentence giving a tumour lesion of at least 10 mm in the note's words ("liver mets
    # (largest 42 mm)") and its size in mm; "" and 0 when none does
    # (``measurable_disease.measurable_lesion_sentence``).
    measurable_lesion_evidence: str = ""
    measurable_lesion_mm: float = 0.0
    # The sentence stating measurable disease in words ("CT: measurable liver lesions") and
    # the one naming a tumour lesion now, evaluable whatever its size ("bone mets"); "" when
    # none does (``measurable_disease.measurable_stated_sentence``,
    # ``measurable_disease.evaluable_lesion_sentence``).
    measurable_stated_evidence: str = ""
    evaluable_lesion_evidence: str = ""
    # The sentence naming the note's tumour lesions when RECIST 1.1 can measure none of them
    # ("lytic bone metastases, no soft tissue component"), "" otherwise
    # (``measurable_disease.nonmeasurable_only_sentence``).
    nonmeasurable_only_evidence: str = ""
    # The sentence giving a medication list a coordinator takes as complete
    # (:func:`medication_list`), "" when the note gives none.
    medication_list_evidence: str = ""
    # Why the facts are the patient's whole record, whose silence settles an exclusion a
    # history would list (trialfinder.whole_record); "" when they are read as partial.
    whole_record: str = ""
    vocabulary_facts: list[VocabularyFact] = []
    # The note's sentences no fact rests on ("TURP 2021 for BPH" when neither is read): a
    # whole record is not silent about what they name (``silence_policy._note_speaks_of``). Held
    # in memory for the judge, like the facts' own sentences; never stored.
    unread_sentences: list[str] = []
    # The note's prior lines of therapy, when it speaks of them.
    prior_lines: PriorLineCount | None = None
    # Whether the judge has set the trial's own cancer aside (an exclusion of a cancer trial):
    # the cancers left are other than the one the patient is considered for.
    own_cancer_set_aside: bool = False
    # The note's sentences stating the disease's state, in order: tumour-marker results
    # ("EGFR exon 19 deletion detected"), responses to treatment ("Day +60 marrow: VGPR") and
    # the WHO stage of HIV, which name no condition and so may give no fact of their own.
    state_evidence: list[str] = []
    # The note's sentences saying whether the cancer has spread to distant sites ("cT3 N1
    # M0", "CT: 2 liver metastases"; ``disease_extent.stated_spread``), in order.
    extent_evidence: list[str] = []
    # The note's sentences saying the cancer was removed or shows no disease ("R mastectomy
    # 09/2023", "CT CAP: NED"; ``disease_extent.states_removal``), in order.
    removal_evidence: list[str] = []
    # The note's sentences naming a progression, a relapse or a remission.
    progression_evidence: list[str] = []
    # The procedures the note says are planned ("on the waiting list for sleeve
    # gastrectomy"), state "planned" with the cue that said so. Kept apart from ``facts``:
    # every reader of ``facts`` takes a procedure there as done.
    planned: list[Fact] = []
    # The lowercase words of each of the note's sentences the judge has split, split once
    # a patient (:meth:`sentence_words`) rather than once an exclusion it weighs. Filled
    # while judging; a copy with fewer facts (``trial_condition.without_trial_condition``)
    # shares it, since a sentence's words do not change. Never stored.
    split_sentences: dict[str, frozenset[str]] = {}

    def sentence_words(self, sentence: str) -> frozenset[str]:
        """The lowercase words of ``sentence``, one of this patient's note."""
        words = self.split_sentences.get(sentence)
        if words is None:
            words = self.split_sentences[sentence] = frozenset(tokenize_lowered(sentence)[1])
        return words

    def planned_facts(self, concept_id: str) -> list[Fact]:
        """Planned procedures that are ``concept_id`` or a narrower one."""
        ancestors = load_lexicon().ancestors
        return [
            fact
            for fact in self.planned
            if fact.concept is not None
            and concept_id in ancestors.get(fact.concept, frozenset({fact.concept}))
        ]

    def concept_facts(self, concept_id: str) -> tuple[list[Fact], list[Fact]]:
        """Facts saying the patient has ``concept_id`` (or a narrower one), and denying it."""
        lexicon = load_lexicon()
        ancestors_of_target = lexicon.ancestors.get(concept_id, frozenset({concept_id}))
        present: list[Fact] = []
        absent: list[Fact] = []
        for fact in self.facts:
            if fact.kind != "concept" or fact.concept is None or fact.uncertain:
                continue
            if fact.negated:
                if fact.concept in ancestors_of_target:
                    absent.append(fact)
            elif concept_id in lexicon.ancestors.get(fact.concept, frozenset({fact.concept})):
                present.append(fact)
        return present, absent

    def possible_concept(self, concept_id: str) -> Fact | None:
        """A fact raising ``concept_id`` (or a narrower one) as a possibility only."""
        ancestors = load_lexicon().ancestors
        return next(
            (
                fact
                for fact in self.facts
                if fact.uncertain
                and fact.concept is not None
                and not fact.negated
                and concept_id in ancestors.get(fact.concept, frozenset({fact.concept}))
            ),
            None,
        )

    def measurement_facts(self, analyte_id: str) -> list[Fact]:
        return [
            fact
            for fact in self.facts
            if fact.measurement is not None and fact.measurement.analyte == analyte_id
        ]

    @property
    def has_current_conditions(self) -> bool:
        """A condition the lexicon reads, or a disease only MeSH names ("sarcoidosis")."""
        return any(
            fact.kind == "concept" and not fact.negated and not fact.historical
            for fact in self.facts
        ) or any(not fact.negated for fact in self.vocabulary_facts)


_SENTENCE_NUMBER = re.compile(r"^\s*\d{1,3}\.\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
_AGE = re.compile(
    r"\b(\d{1,3}(?:\.\d)?)[- ]?(?:(year|yr|month|week|day)s?[- ]old|yo\b|y/o\b|y\.o\.)",
    re.IGNORECASE,
)
_AGE_AGED = re.compile(r"\b(?:aged?\s*:?|age of)\s+(\d{1,3})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
# "since 20 October 2026", "since Oct 2026", "since 2026-10-20", "since 03/2024" (a month as
# a clinic letter writes it, never the start of a span "from 03/2024-05/2026"): a month or a
# day, not a year alone ("since 2026" says no more than the year).
_SINCE_DATE = re.compile(
    r"\b(?:since|from)\s+(?:(?P<iso>(?:19|20)\d\d-\d\d-\d\d)\b"
    r"|(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+)?"
    rf"(?P<month>{MONTH_NAMES})[a-z]*\.?,?\s+"
    r"(?P<year>(?:19|20)\d\d)\b)"
    r"|\b(?:since|from)\s+(?P<month_number>0?[1-9]|1[0-2])/(?P<month_year>(?:19|20)\d\d)\b(?![-/]\d)",
    re.IGNORECASE,
)
# "2019-2021", "2021-23" (the end's century is the start's), "2015 to present"; not an
# ISO date ("2010-11-02").
# The day a past item was last done, as a FHIR Procedure's line writes it ("history of
# Cesarean section (2023-03-22)", "(2019-2026, last 2026-11-20)"): the last one counts.
_DONE_ON = re.compile(r"\b((?:19|20)\d\d-\d\d-\d\d)\)")
_YEAR_RANGE = re.compile(
    r"\b(19\d{2}|20\d{2})\s*(?:-|–|to|until)\s*(?:(?:0?[1-9]|1[0-2])/(?=(?:19|20)\d\d))?"
    r"(19\d{2}|20\d{2}|\d{2}(?![-/.]\d)|present|now|current)\b",
    re.IGNORECASE,
)
_BLOOD_PRESSURE = re.compile(r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*hg)?", re.IGNORECASE)
# What names a pressure: "BP", "mmHg", and the measurement a clinic names it by — ambulatory
# (ABPM), automated office (AOBPM), home (HBPM), non-invasive (NIBP): "AOBPM avg 176/98".
_BLOOD_PRESSURE_WORDS = re.compile(
    r"\b(?:bp|blood pressure|mm\s*hg|abpm|aobpm|hbpm|nibp)\b", re.IGNORECASE
)
# "at age 12", "5 years ago", "Appendicectomy aged 12" (an age written for an event).
_AT_EARLIER_AGE = re.compile(
    r"\bat (?:the )?age (?:of )?(\d{1,3})\b|\b(\d{1,2}) years ago\b|\baged (\d{1,3})\b", re.I
)
_GESTATION = re.compile(
    r"\b(\d{1,2})(?:\.\d)?[- ]?(?:weeks?|wks?)(?:'|’)?\s*(?:of\s+)?"
    r"(?:gestation|gestational|pregnan)"
    r"|\bgestational age (?:of |is |was )?(\d{1,2})\b"
    # How a GP writes it: "pregnant 12 weeks", "pregnant at 30 weeks", "pregnant for 26 wks".
    r"|\bpregnant,? (?:at |for |of )?(?:about )?(\d{1,2})(?:\.\d)?[- ]?(?:weeks?|wks?)\b"
    # How an antenatal note writes it, weeks and days: "35+4 weeks", "34+2 wks", "28+0/40".
    r"|\b(\d{1,2})\s?\+\s?([0-6])\s?(?:weeks?|wks?|/40)\b",
    re.IGNORECASE,
)
_NEGATED_WORD = re.compile(
    r"\b(?:no|not|denies|denied|without|negative for|absence of)\b(?:\W+\w+){0,3}\W*$", re.I
)
# Registry ages and note ages use the same units ("yr" is a note-only abbreviation).
_YEARS_PER_AGE_UNIT = {**AGE_UNITS_IN_YEARS, "yr": 1.0}


_AGE_SEX_SHORTHAND = re.compile(
    r"(?<![\w.])(?P<age>\d{1,3})\s*(?:-?\s*(?:yo|y/o|y\.o\.|yrs?|years? old)\s*)?(?P<sex>[MF])\b"
    # The sex before the age: "M/58", "F/62".
    r"|(?<![\w./])(?P<sex_first>[MF])\s*/\s*(?P<age_after>\d{1,3})\b(?![./]\d)"
)
_FIRST_PERSON_AGE = re.compile(r"\bI(?:'m| am)\s+(\d{1,3})\b(?!\s*(?:%|kg|lb|cm|mg))")
_SHORTHAND_SEX: dict[str, Literal["female", "male"]] = {"F": "female", "M": "male"}
# "Pt is a 59M ...": the words a sentence may open with before its age shorthand.
_SHORTHAND_LEAD_WORDS = 3
# Days in each unit a note or criterion counts time in.
DAYS_PER_UNIT = {"day": 1.0, "week": 7.0, "month": 30.4375, "year": 365.25}
_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "few": 3,
    "several": 3, "couple of": 2,
}  # fmt: skip
_COUNT = r"(\d+(?:\.\d+)?|" + "|".join(_COUNT_WORDS) + r")"
_UNIT = r"(day|week|month|year)s?"
_AGO = re.compile(rf"\b{_COUNT}\s+{_UNIT}\s+(?:ago|earlier|before|prior)\b", re.IGNORECASE)
# "dysphagia that began several months ago": when it started, and it goes on.
_BEGAN_AGO = re.compile(
    rf"\b(?:began|begun|started|starting)\s+(?:about\s+|around\s+)?{_COUNT}\s+{_UNIT}\s+"
    r"(?:ago|earlier|before|prior)\b",
    re.IGNORECASE,
)
_LAST = re.compile(r"\b(?:last|past|previous) (day|week|month|year)\b|\b(yesterday)\b", re.I)
# "for the past week", "over the last month": a duration up to now, not a time ago.
_FOR_THE = re.compile(r"\b(?:for|over)\s+the\s+$", re.IGNORECASE)
_FOR = re.compile(
    rf"\b(?:for|over) (?:the (?:past|last) )?{_COUNT}\s+{_UNIT}\b(?!\s+(?:ago|earlier))",
    re.IGNORECASE,
)


def _count(word: str) -> float:
    return float(_COUNT_WORDS.get(word.lower(), 0) or word)


def relative_time(text: str) -> tuple[float | None, float | None]:
    """(days ago, duration in days) a note sentence states, each None when it does not.

    "3 weeks ago" (or "two weeks prior to presentation") → 21 days ago; "last
    month" → about 30 days ago; "for 14 months" → a duration of about 426 days
    (and the finding is current), as is "began several months ago": an onset says
    how long something has gone on, not that it is over.
    """
    ago = _AGO.search(text)
    days_ago: float | None = None
    onset: float | None = None
    if ago:
        days = _count(ago.group(1)) * DAYS_PER_UNIT[ago.group(2).lower()]
        began = _BEGAN_AGO.search(text)
        if began is not None and began.end() == ago.end():
            onset = days
        else:
            days_ago = days
    elif (last := _LAST.search(text)) is not None:
        days = DAYS_PER_UNIT[(last.group(1) or "day").lower()]
        if last.group(1) and _FOR_THE.search(text, 0, last.start()):
            onset = days  # "persistent fever for the past week": how long it has gone on
        else:
            days_ago = days
    lasting = _FOR.search(text)
    duration = (
        _count(lasting.group(1)) * DAYS_PER_UNIT[lasting.group(2).lower()] if lasting else onset
    )
    return days_ago, duration


class EventTime(msgspec.Struct, frozen=True):
    """A count from an operation or a transplant the patient is at now ("POD 3"): how
    many days ago the event was, where the count ends, and whether the event is the one
    named right after it ("20th day post-left mastectomy") rather than by its words
    ("6 weeks post-op", "day +200")."""

    days: float
    end: int
    named_after: bool


@functools.cache
def _event_time_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The counts from an event (``note_event_*`` of the screening rules) and the words
    before one that make it the patient's present."""
    rules = load_screening_rules()
    after = phrase_alternation(rules.note_event_after)
    count = re.compile(
        rf"\b(?:{phrase_alternation(rules.note_event_day_before)})\s*#?\s*(?P<day>\d{{1,3}})\b"
        r"|\bday\s*\+\s*(?P<plus>\d{1,4})\b"
        r"|\b(?:day\s+(?P<day_of>\d{1,3})|(?P<ordinal>\d{1,3})(?:st|nd|rd|th)\s+day)\s+"
        rf"(?:(?P<after_day>{after})\b|post-?(?=\s*[^\W\d_]))"
        rf"|\b(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\s+(?:{after})\b"
        rf"|(?<![\w/.])(?P<fraction>\d{{1,2}})/"
        rf"(?P<of>{phrase_alternation(rules.note_time_fractions)})\s+(?:{after})\b",
        re.IGNORECASE,
    )
    now = re.compile(
        rf"\b(?:{phrase_alternation(rules.note_event_now_words)})\s*(?:on\s+)?(?:the\s+)?$",
        re.IGNORECASE,
    )
    return count, now


# The patient's age and sex opening a sentence ("56F, ", "A 56-year-old female on "): a
# count right after them is the patient's present.
_PATIENT_OPENING = re.compile(
    r"\W*(?:(?:an?|the|this)\s+)?(?:\d{1,3}\s*(?:-?\s*(?:year|yr)s?[- ]old|yo|y/o|y\.o\.)?\s*"
    r"(?:[MF]|woman|man|female|male|lady|gentleman|boy|girl|patient)?)?[\s,]*"
    r"(?:(?:on|at)\s+)?(?:the\s+)?",
    re.IGNORECASE,
)


def event_time(sentence: str) -> EventTime | None:
    """How many days ago the operation or transplant a sentence counts from was, when the
    count is the patient's present (``note_event_time_description``): "56F, POD 3 after
    right hemicolectomy" → 3; "now 6/52 post-op" → 42; "complicated by a wound infection
    on POD 5" → None (when the infection began, not how long ago the operation was)."""
    patterns = _event_time_patterns()
    for found in patterns[0].finditer(sentence):
        before = sentence[: found.start()]
        if not (_PATIENT_OPENING.fullmatch(before) or patterns[1].search(before)):
            continue
        if found.group("count") is not None:
            unit = found.group("unit").lower().removesuffix("s")
            days = _count(found.group("count")) * DAYS_PER_UNIT[unit]
        elif found.group("fraction") is not None:
            unit = load_screening_rules().note_time_fractions[found.group("of")]
            days = float(found.group("fraction")) * DAYS_PER_UNIT[unit]
        else:
            day = found.group("day") or found.group("plus")
            days = float(day or found.group("day_of") or found.group("ordinal"))
        named_after = (found.group("day_of") or found.group("ordinal")) is not None and (
            found.group("after_day") is None
        )
        return EventTime(days, found.end(), named_after)
    return None


def _dates_the_event(event: EventTime | None, fact: Fact, sentence: str, start: int) -> bool:
    """Whether a note's count from an event dates this finding: an operation or transplant
    not dated otherwise, the one named right after the count when "post-" names it."""
    if event is None or fact.negated or fact.days_ago is not None:
        return False
    if fact.start_year is not None or fact.end_year is not None:
        return False
    if not event.named_after:
        return True
    between = sentence[event.end : start]
    return start >= event.end and len(between.split()) <= 2


# De-identified spans of hospital notes ("[**3-17**]", "[**State 108**]"): dates and
# names, never values, so "SCr 2.1 in [**3-17**]" holds one creatinine value.
_DEIDENTIFIED = re.compile(r"\[\*\*[^\]]*?\*\*\]")


def _marker_results_joined(sentences: Sequence[str]) -> list[str]:
    """A sentence that only states tumour markers ("EGFR exon 19 deletion detected.") joined to
    the sentence before it when that one names a cancer: "Lung adenocarcinoma, stage IV.
    EGFR exon 19 deletion detected." qualifies the cancer as the same words after a comma do
    (the judge reads a cancer's qualifiers in its own sentence)."""
    joined: list[str] = []
    for sentence in sentences:
        if (
            joined
            and marker_statuses(sentence)
            and not find_concepts(sentence)
            and any(is_a(finding.concept, "cancer") for finding in find_concepts(joined[-1]))
        ):
            joined[-1] = f"{joined[-1].rstrip(' .;')}, {sentence}"
        else:
            joined.append(sentence)
    return joined


def split_sentences(note: str) -> list[str]:
    """Sentences of a note; numbered lines ("0. A 58-year-old ...") are sentences;
    de-identified spans are left out."""
    sentences: list[str] = []
    for line in note.splitlines():
        line = _SENTENCE_NUMBER.sub("", _DEIDENTIFIED.sub("[…]", line)).strip()
        if line:
            sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


# "my father", "his wife": the relative after a possessive is someone else, not the patient.
_POSSESSIVES = frozenset({"my", "his", "her", "their", "our", "your"})


def _sex_from_words(text: str) -> Literal["female", "male"] | None:
    cues = load_lexicon().cues
    rules = load_screening_rules()
    relatives = {*rules.relative_words, *rules.relative_sexes}
    lowered = [token.text.lower() for token in tokenize(text)]
    words = [
        word
        for index, word in enumerate(lowered)
        if not (index and lowered[index - 1] in _POSSESSIVES and word in relatives)
    ]
    female = sum(1 for word in words if word in cues.female_words)
    male = sum(1 for word in words if word in cues.male_words)
    if female > male:
        return "female"
    if male > female:
        return "male"
    return None


def _is_current(text: str) -> bool:
    return current_words().search(text) is not None


@functools.cache
def current_words() -> re.Pattern[str]:
    """The cues saying something holds now ("current", "active", "on treatment"), matched as
    whole words the same way in notes and criteria ("non-active" is no cue)."""
    return phrase_pattern(load_lexicon().cues.current_cues)


def medication_list(sentences: Sequence[str]) -> str:
    """The note's sentence giving a medication list a coordinator would take as complete.

    "Medications: amlodipine, metformin", "Current meds: …" (``medication_list_headings``)
    or "no regular medication", "on no medication" (``no_medication_phrases``): a drug not
    on such a list is one the patient does not take now. It says nothing of the past, so
    the judge uses it only against criteria asking about current use.
    """
    return next((sentence for sentence in sentences if medication_list_cue(sentence)), "")


def medication_list_cue(sentence: str) -> str:
    """The words that make ``sentence`` a medication list (:func:`medication_list`): its
    heading as written ("Medications:") or its phrase saying there is none ("no regular
    medication"); "" when it is no medication list."""
    cues = load_lexicon().cues
    lowered = " ".join(sentence.lower().split())
    heading = next((h for h in cues.medication_list_headings if lowered.startswith(h)), None)
    if heading is not None:
        return " ".join(sentence.split())[: len(heading)]
    found = _no_medication_phrases().search(lowered)
    return found.group(0) if found else ""


def denies_all_medication(sentence: str) -> bool:
    """Whether the medication list ``sentence`` says the patient takes no medication at all.

    "takes no medications" (``no_medication_phrases``), or a heading whose whole answer is a
    denial ("Medications: none", "Meds: nil": the screening rules'
    ``note_field_denial_answers``). Such a note denies every drug a criterion asks about now,
    where a list naming drugs is read only against ``medication_list_families``; a heading
    followed by more words ("Medications: none for her teeth, an inhaler") is no denial.
    """
    cues = load_lexicon().cues
    lowered = " ".join(sentence.lower().split())
    heading = next((h for h in cues.medication_list_headings if lowered.startswith(h)), None)
    if heading is not None:
        answer = lowered[len(heading) :].strip(" .;,")
        return answer in load_screening_rules().note_field_denial_answers
    return _no_medication_phrases().search(lowered) is not None


@functools.cache
def _fitness_phrases() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.fitness_phrases)


# "Not fit and well", "no longer fit and well", "no confusion": a denial just before.
_DENIED_BEFORE = denial_just_before(("not", "no", "no longer", "never", "denies"))


def _says_fit(sentence: str) -> bool:
    """Whether a sentence states plainly, without denying it, that the patient is fit and
    well ("Medically fit and well, takes no medications")."""
    return _says_undenied(_fitness_phrases(), sentence)


def _says_undenied(phrases: re.Pattern[str], sentence: str) -> bool:
    return bool(undenied_matches(phrases, sentence, _DENIED_BEFORE))


@functools.cache
def _mental_status_phrases() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_lexicon().cues
    return (
        phrase_pattern(cues.altered_mental_status_phrases),
        phrase_pattern(cues.intact_mental_status_phrases),
    )


def _mental_status(sentences: Sequence[str]) -> tuple[str, str]:
    """The note's mental status and its sentence: "altered" where a sentence says, without
    denying it, that the patient is drowsy, confused or disoriented; else "intact" where
    one says alert and oriented; else none. Altered first: a note saying both is altered."""
    altered, intact = _mental_status_phrases()
    return _first_said(sentences, (("altered", altered), ("intact", intact)))


@functools.cache
def _capacity_phrases() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_lexicon().cues
    return phrase_pattern(cues.lacks_capacity_phrases), phrase_pattern(cues.has_capacity_phrases)


def _capacity(sentences: Sequence[str]) -> tuple[str, str]:
    """Whether the note says the patient lacks ("lacks capacity", "under guardianship") or
    has ("has capacity") the capacity to consent, undenied, and its sentence; lacking first:
    a note saying both lacks it."""
    lacks, has = _capacity_phrases()
    return _first_said(sentences, (("lacks", lacks), ("has", has)))


def _first_said(
    sentences: Sequence[str], readings: Sequence[tuple[str, re.Pattern[str]]]
) -> tuple[str, str]:
    """The status of the first reading some sentence says undenied, and that sentence; the
    readings in the order that wins when a note says both ("lacks" before "has")."""
    for status, phrases in readings:
        found = next((s for s in sentences if _says_undenied(phrases, s)), "")
        if found:
            return status, found
    return "", ""


@functools.cache
def _no_medication_phrases() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.no_medication_phrases)


def _whole_record(
    profile: PatientProfile, sentences: Sequence[str], medication_list_evidence: str
) -> str:
    """Why the profile is the patient's whole record: the caller says so, or its note's
    form does (:func:`trialfinder.whole_record.whole_record_reason`); "" when partial."""
    if profile.whole_record is not None:
        return WHOLE_RECORD_GIVEN if profile.whole_record else ""
    return whole_record_reason(sentences, medication_list_cue(medication_list_evidence))


def _concept_facts(
    findings: Iterable[ConceptFinding],
    evidence: str,
    text: str | None = None,
    sentence_findings: Sequence[ConceptFinding] | None = None,
) -> list[Fact]:
    """One fact per finding of ``text`` (the evidence unless given: a profile's condition
    line is read alone, its evidence labelled); a condition carries the stage or grade
    written on it. ``sentence_findings``: every finding of the sentence, when ``findings``
    are some of them (which cancers the sentence names decides whose a TNM away from it is)."""
    read = evidence if text is None else text
    findings = list(findings)
    spans = stage_spans(read) if any(f.category == "condition" for f in findings) else []
    tnms = tnm_spans(read) if any(is_a(f.concept, "cancer") for f in findings) else []
    tested = {f.concept for f in findings} & tested_concepts()
    readings = read_results(read) if tested else []
    unresulted = unresulted_test_spans(read) if tested else []
    facts: list[Fact] = []
    lone = _sentence_tnm(findings if sentence_findings is None else sentence_findings, tnms)
    for finding in findings:
        if any(start <= finding.start and finding.end <= end for start, end in unresulted) or (
            finding.concept in tested and untested_name(read, finding.end)
        ):
            continue  # "HBsAg sent today", "HIV test pending": no fact of the infection.
        cancer = is_a(finding.concept, "cancer")
        metastatic = cancer and spreads_distantly(read)
        tnm = attached_tnm(read, finding.start, finding.end, tnms) if tnms and cancer else None
        tnm = tnm or (lone if cancer and not finding.negated else None)
        facts.append(
            Fact(
                kind="concept",
                evidence=evidence,
                concept=finding.concept,
                negated=finding.negated,
                historical=finding.historical,
                stage=(
                    attached_stage(read, finding.start, finding.end, spans)
                    if spans and finding.category == "condition"
                    else None
                )
                or _stage_of_m1(tnm)
                or (_METASTATIC_STAGE if metastatic else None),
                tnm=tnm or (_METASTATIC_TNM if metastatic else None),
                tests=tuple(r.result for r in readings if r.concept == finding.concept),
                sites=_sibling_sites(read, finding),
            )
        )
    return facts


def _sibling_sites(text: str, finding: ConceptFinding) -> tuple[str, ...]:
    """The site words before a condition's bare head (``sibling_site_heads``) that name a
    sibling of the lexicon's concept: "portal vein thrombosis", "Arterial thrombosis of the
    femoral artery"."""
    rules = load_screening_rules()
    if finding.text.lower() not in rules.sibling_site_heads.get(finding.concept, []):
        return ()
    return words_named_before(
        text, finding.start, rules.criterion_site_words[finding.concept], finding.end
    )


def _another_disease_by_its_words(text: str, start: int, words: str) -> bool:
    """Whether MeSH's words at ``start`` name a lexicon condition the words before make
    another disease (``other_disease_words``): "ST depression" is no depressive disorder."""
    concepts = load_lexicon().concepts
    return any(
        words.lower() in concepts[c].names and words_named_before(text, start, other)
        for c, other in load_screening_rules().other_disease_words.items()
    )


def _a_sibling_site_before(text: str, start: int, words: str) -> bool:
    """Whether MeSH's words at ``start`` are a bare head a site word before makes a sibling
    ("no portal vein thrombosis": MeSH reads Thrombosis, whose denial would deny a deep vein
    thrombosis)."""
    rules = load_screening_rules()
    return any(
        words.lower() in heads
        and words_named_before(text, start, rules.criterion_site_words[c], start + len(words))
        for c, heads in rules.sibling_site_heads.items()
    )


_COORDINATORS = frozenset({"or", "and", "&"})
# Where a clause of a list ends: a comma, semicolon or colon ("prior CVA, HTN").
_CLAUSE_PUNCTUATION = re.compile(r"[,;:]")
# Where a site written after its head ends: a clause's punctuation, a full stop or a bracket
# ("thrombosis of the portal vein (2019)").
_CLAUSE_PUNCTUATION_OR_BRACKET = re.compile(r"[,;:.()\[\]]")


def words_named_before(
    text: str, start: int, words: Collection[str], end: int | None = None
) -> tuple[str, ...]:
    """Which of ``words`` a criterion or a note writes right before the condition at
    ``start``, or one word before it, in its clause ("portal vein thrombosis", "Cerebral
    venous thrombosis", "portal venous hypertension"). Two of them joined share the head
    ("portal or splenic vein thrombosis": both); one joined with a word not among them
    names the head itself ("venous or arterial thrombosis" is a venous thrombosis): ().
    Given the head's ``end``, a site written after it is read too (:func:`_words_named_after`:
    "thrombosis of the portal vein")."""
    return _words_named_just_before(text, start, words) or (
        _words_named_after(text, end, words) if end is not None else ()
    )


_SITE_AFTER_OPENING = re.compile(
    r"\s+(?:of|in|at|involving|affecting)\s+(?:(?:the|a|an|his|her|their|my|left|right|"
    r"both|bilateral)\s+)*",
    re.IGNORECASE,
)


def _words_named_after(text: str, end: int, words: Collection[str]) -> tuple[str, ...]:
    """Which of ``words`` a head's "of/in/at/involving the ..." names, as the first or
    second word of its clause's site ("thrombosis of the portal vein", "embolism of the
    femoral artery", "ulcer at the right buccal mucosa"); "of the portal or splenic vein"
    names both, "thrombosis in patients with renal failure" none."""
    opened = _SITE_AFTER_OPENING.match(text, end)
    if opened is None:
        return ()
    clause = _CLAUSE_PUNCTUATION_OR_BRACKET.split(text[opened.end() :], maxsplit=1)[0]
    after = [w.lower() for w in re.split(r"[\s\-/]+", clause) if w]
    if after[:1] and after[0] in words:
        joined = after[2] if len(after) > 2 and after[1] in _COORDINATORS else ""
        return (after[0], joined) if joined in words else (after[0],)
    return (after[1],) if len(after) > 1 and after[1] in words else ()


def _words_named_just_before(text: str, start: int, words: Collection[str]) -> tuple[str, ...]:
    clause = text[:start]
    breaks = [match.end() for match in _CLAUSE_PUNCTUATION.finditer(clause)]
    before = [w.lower() for w in re.split(r"[\s\-/]+", clause[breaks[-1] if breaks else 0 :]) if w]
    for back in (1, 2):
        if len(before) < back or before[-back] not in words:
            continue
        if len(before) > back and before[-back - 1] in _COORDINATORS:
            other = before[-back - 2] if len(before) > back + 1 else ""
            return (other, before[-back]) if other in words else ()
        return (before[-back],)
    return ()


def _sentence_tnm(findings: Sequence[ConceptFinding], tnms: Sequence[TnmSpan]) -> TnmStage | None:
    """The TNM of a sentence that names one cancer and writes one TNM away from it
    ("Adenocarcinoma of the low rectum, biopsy confirmed, 5 cm from the anal verge, staged
    cT3 N1 M0 on MRI"): the cancer's, as a TNM written as a sentence of its own is the cancer's
    the sentence before names. Only a TNM a prefix or a second category marks ("Free T4 1.2"
    is a thyroid hormone) and only one cancer (two: whose TNM is unsaid)."""
    cancers = {f.concept for f in findings if is_a(f.concept, "cancer")}
    marked = _marked_tnms(tnms)
    return marked[0] if len(cancers) == 1 and len(marked) == 1 == len(tnms) else None


def _marked_tnms(spans: Sequence[TnmSpan]) -> list[TnmStage]:
    """The TNMs a prefix or a second category marks ("pT3N0M0", "cT3 N1 M0"), which count away
    from their cancer: a bare "T4" there may be a hormone ("Free T4 1.2")."""
    return [
        span.tnm
        for span in spans
        if all(g.prefix or sum(map(bool, (g.t, g.n, g.m))) > 1 for g in span.tnm.groups)
    ]


def _stage_of_m1(tnm: TnmStage | None) -> DiseaseStage | None:
    """The stage a note's TNM gives a cancer by ``tnm.json``'s one rule: distant metastasis
    (every group M1) is stage IV in AJCC 8th, as the note's metastatic words already are."""
    if tnm is None or not all(g.m and all(a[0] == "1" for a, _ in g.m) for g in tnm.groups):
        return None
    stage = load_tnm_rules().stage_of_m1
    return DiseaseStage("stage", ((stage, stage),), f"{tnm.text} (M1: stage IV)")


# A cancer the note's sentence calls metastatic ("metastatic breast cancer to bone", "mets",
# "M1", "extensive stage": ``disease_extent``'s cues) is stage IV when no stage is written on it:
# distant spread is stage IV in the AJCC staging of solid tumours.
_METASTATIC_STAGE = DiseaseStage("stage", (("4", "4"),), "metastatic (stage IV)")
# ... and M1: distant metastasis is what M1 means, so a criterion's "M0" is not met by it.
_METASTATIC_TNM = TnmStage((TnmGroup("", (), (), (("1", "1"),)),), "metastatic (M1)")


def about_family(sentence: str, position: int) -> bool:
    """Whether what stands at ``position`` of ``sentence`` is said of a relative ("mother had"),
    as the context stage's ``family`` scope reads it."""
    return "family" in context_at(sentence, position, position + 1)


def _since_day(text: str) -> datetime.date | None:
    """The first day "since" (or "from") names when it gives a month or a day, not a year
    alone: "since 20 October 2026", "since 2026-10-20" (a FHIR onset), "since Oct 2026" (its
    first day)."""
    found = _SINCE_DATE.search(text)
    if found is None:
        return None
    if found.group("iso"):
        year, month, day = (int(part) for part in found.group("iso").split("-"))
    elif found.group("month_number"):
        year, month, day = int(found["month_year"]), int(found["month_number"]), 1
    else:
        year = int(found.group("year"))
        month = month_number(found.group("month"))
        day = int(found.group("day") or 1)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _timed(fact: Fact, text: str, written: datetime.date) -> Fact:
    """Add years ("alendronate 2019-2021", "since 2015") and currency to a fact, and how long
    it has lasted when "since" names a month or a day (``written``: the day of the text)."""
    since = _since_day(text)
    if since is not None and since <= written:
        fact.duration_days = float((written - since).days)
    year_range = _YEAR_RANGE.search(text)
    if year_range:
        fact.start_year = int(year_range.group(1))
        end = year_range.group(2)
        if len(end) == 2:
            end = f"{year_range.group(1)[:2]}{end}"
        if end.isdigit():
            fact.end_year = max(int(end), fact.start_year)
        else:
            fact.current = True
    else:
        year = _YEAR.search(text)
        if year:
            fact.start_year = int(year.group(1))
            if "since" in text.lower():
                fact.current = True
            else:
                fact.end_year = fact.start_year
    if fact.end_year is None and _is_current(text):
        fact.current = True
    if fact.end_year is not None and fact.end_year < datetime.date.today().year:
        fact.historical = True
    done_on = _DONE_ON.findall(text)
    if done_on and not fact.current:
        done = datetime.date.fromisoformat(done_on[-1])
        if done <= written:
            fact.days_ago = float((written - done).days)
    return fact


# A coded condition line that names a disease by its cause: SNOMED CT's "Retinopathy due to
# type 2 diabetes mellitus" (FHIR Condition display texts).
_DUE_TO = re.compile(r"^(?P<what>.+?)\s+due\s+to\s+(?P<cause>.+)$", re.IGNORECASE)


def _named_with_its_cause(
    condition: str, findings: Sequence[ConceptFinding]
) -> ConceptFinding | None:
    """The disease a condition line "X due to Y" names as "Y's word X" in the lexicon.

    SNOMED CT names a complication by its cause ("Nonproliferative retinopathy due to type 2
    diabetes mellitus"); clinicians and criteria write it with the cause's adjective
    ("diabetic retinopathy"). The lexicon reads only the cause, so the complication was
    lost: a criterion on diabetic retinopathy had "no information". The cause's concept,
    or a broader one, lends each of its names ("diabetic") to X, before its head word or
    its last words, and the first that is one other concept's whole name is the disease.
    """
    found = _DUE_TO.match(condition)
    if found is None:
        return None
    lexicon = load_lexicon()
    cause_start = found.start("cause")
    causes = [
        f
        for f in findings
        if f.category == "condition" and not f.negated and f.start >= cause_start
    ]
    words = found.group("what").split()
    # The cause's word goes before the head, after the kind words ("nonproliferative
    # diabetic retinopathy"), else before the last words alone ("diabetic retinopathy").
    shapes = [(words[:-1], words[-1:])] + [([], words[-size:]) for size in range(1, 4)]
    for cause in causes:
        for concept_id in sorted(lexicon.ancestors.get(cause.concept, ())):
            for name in lexicon.concepts[concept_id].names:
                for before, after in shapes:
                    text = " ".join([*before, name, *after])
                    named = find_concepts(text)
                    if (
                        len(named) == 1
                        and named[0].start == 0
                        and named[0].end == len(text)
                        and named[0].concept not in lexicon.ancestors.get(cause.concept, ())
                    ):
                        return named[0]
    return None


# One extraction's vocabulary scans by text. A note sentence (or a profile condition) is
# read for the operations it names and for the diseases it names, and the diseases of a
# sentence that yields none are asked again: the scan, a term search from every word, is
# the costliest part of each, so it is made once. :func:`extract_facts` makes this and drops
# it when it returns: nothing of one patient's text is kept for the next.
_Scanned = dict[str, list[tuple[Mention, int, int]]]


def _scan(text: str, scanned: _Scanned) -> list[tuple[Mention, int, int]]:
    """The vocabulary's mentions of ``text`` with their spans, scanned once an extraction."""
    found = scanned.get(text)
    if found is None:
        found = scanned[text] = load_vocabulary().mention_offsets(text)
    return found


def _field_lines(profile: PatientProfile) -> list[tuple[str, str]]:
    """Each condition and medicine line of a profile, with its evidence ("conditions: X")."""
    return [
        *((condition, f"conditions: {condition}") for condition in profile.conditions),
        *((medication, f"medications: {medication}") for medication in profile.medications),
    ]


class LineReadings:
    """What one cohort screen has read of its patients' profile lines: a clinic's patients
    share many ("conditions: type 2 diabetes", "medications: metformin"), and each line is
    read through the note's pipeline, so each is read once a screen. A line's reading is kept
    by its field and words with what else it reads (the patient's age, the day its dates are
    counted to), and copied out to each patient: no patient's facts are another's objects.
    The screen holds it and drops it when it ends; it is never stored, and it keeps at most
    ``limit`` lines."""

    def __init__(self, limit: int = 4_096) -> None:
        self._facts: dict[tuple[object, ...], tuple[Fact, ...]] = {}
        self._vocabulary: dict[str, tuple[VocabularyFact, ...]] = {}
        self._limit = limit

    def facts(self, key: tuple[object, ...], read: Callable[[], list[Fact]]) -> list[Fact]:
        """Fresh copies of the facts ``read`` gives for the line ``key``, read once."""
        kept = self._facts.get(key)
        if kept is None:
            kept = tuple(read())
            if len(self._facts) < self._limit:
                self._facts[key] = kept
        return [msgspec.structs.replace(fact) for fact in kept]

    def vocabulary(self, condition: str, scanned: _Scanned) -> tuple[VocabularyFact, ...]:
        """The MeSH diseases a condition line names (immutable facts: shared, not copied)."""
        kept = self._vocabulary.get(condition)
        if kept is None:
            kept = tuple(_vocabulary_facts(condition, scanned))
            if len(self._vocabulary) < self._limit:
                self._vocabulary[condition] = kept
        return kept


def _profile_facts(
    profile: PatientProfile,
    written: datetime.date,
    age: float | None,
    scanned: _Scanned,
    lines: LineReadings,
) -> list[Fact]:
    """The facts of a profile's fields. A condition or medicine line is read as a note's
    sentence is, alone ("NSCLC stage IIIB, EGFR exon 19 deletion", "ECOG 1", "stopped
    warfarin 3 months ago": its stage, marker, value and time), its field adding what a line
    says by being one: the dates written on it are its item's ("(since 2019-03-02)"), an
    operation in the conditions is one done, a complication named by its cause is that
    disease. Each line is read once a screen (``lines``)."""
    facts: list[Fact] = []
    for text, evidence in _field_lines(profile):
        facts.extend(
            lines.facts(
                ("line", evidence, age, written),
                functools.partial(_field_line_facts, text, evidence, age, written, scanned),
            )
        )
    for condition in profile.conditions:
        facts.extend(
            lines.facts(
                ("cause", condition, written),
                functools.partial(_named_by_its_cause_facts, condition, written),
            )
        )
    for name, value in profile.measurements.items():
        facts.extend(
            lines.facts(
                ("measurement", name, value, age),
                functools.partial(_measurement_line_facts, name, value, age),
            )
        )
    return facts


def _field_line_facts(
    text: str, evidence: str, age: float | None, written: datetime.date, scanned: _Scanned
) -> list[Fact]:
    """A condition or medicine line read as a note's sentence is, alone."""
    facts = _note_facts([text], age, written, scanned)
    untreated = _denies_every_course(text)
    for fact in facts:
        fact.evidence = evidence
        if fact.kind == "concept":
            fact.historical = fact.historical or bool(fact.operations)
            _timed(fact, text, written)
            if untreated and fact.negated and fact.concept in untreated:
                # "…, stage IVB; no systemic therapy yet (since 2026-11-05)": the date is the
                # condition's onset; the denial is of the whole history, not of now only.
                fact.current = False
    return facts


def _denies_every_course(text: str) -> frozenset[str]:
    """The treatment classes a line's words of no treatment so far deny
    (:func:`_untreated_facts`), or none when it writes none."""
    if not any(
        screening_phrase(name).search(text) is not None
        for name in (
            "note_untreated_phrases",
            "note_no_treatment_phrases",
            "note_closed_history_phrases",
        )
    ):
        return frozenset()
    return frozenset(load_screening_rules().note_no_treatment_denies)


def _named_by_its_cause_facts(condition: str, written: datetime.date) -> list[Fact]:
    """A condition line "X due to Y" read as the lexicon's "Y's word X", when it names one."""
    named = _named_with_its_cause(condition, find_concepts(condition))
    if named is None:
        return []
    return [
        _timed(fact, condition, written)
        for fact in _concept_facts([named], f"conditions: {condition}", named.text)
    ]


def _measurement_line_facts(name: str, value: str, age: float | None) -> list[Fact]:
    """A measurement field's value, with the diagnoses it entails."""
    lexicon = load_lexicon()
    tokens = tokenize(name)
    lowered = [token.text.lower() for token in tokens]
    matches = lexicon.analyte_index.find(tokens, lowered)
    analyte_id = matches[-1].value if matches else None
    measurement = parse_value_text(analyte_id, value)
    if measurement is None:
        return []
    evidence = f"measurements: {name} = {value}"
    read = Fact(kind="measurement", evidence=evidence, measurement=measurement)
    # A record's value entails a diagnosis as a note's does ("systolic_bp: 85 mmHg").
    return [read, *_measured_concepts(evidence, [read], age)]


@functools.cache
def _rule_patterns() -> tuple[
    re.Pattern[str],
    re.Pattern[str],
    list[tuple[ImpliedMeasurement, re.Pattern[str]]],
    re.Pattern[str],
]:
    rules = load_screening_rules()
    implied = [(rule, phrase_pattern(rule.words)) for rule in rules.implied_measurements]
    return (
        phrase_pattern(rules.non_blood_sample_words),
        phrase_pattern(rules.pregnancy_test_words),
        implied,
        phrase_pattern(rules.uncertainty_cues),
    )


def _plausible_reading(measurement: Measurement) -> Measurement | None:
    """A note value worth trusting, or None.

    Values outside the analyte's plausible range are misreadings ("blood
    pressure is 80/60" read as a temperature). A value without a unit is taken
    in the analyte's canonical unit only when the analyte says bare values are
    written that way (``default_unit``) and the value is plausible in it.
    """
    analyte = load_lexicon().analytes[measurement.analyte]
    if not measurement.plausible:
        return None
    if measurement.canonical_value is not None or analyte.canonical_unit is None:
        return measurement
    if measurement.unit is not None or analyte.default_unit != analyte.canonical_unit:
        return measurement
    low, high = analyte.plausible if analyte.plausible else (float("-inf"), float("inf"))
    if not low <= measurement.value <= high:
        return None
    return msgspec.structs.replace(measurement, canonical_value=measurement.value)


_LIST_ITEM_END = re.compile(r"[,;]")
# The number right after "6/" is the scale's maximum ("GCS 6/15", "strength 3/5").
_OUT_OF = re.compile(r"\d\s*/\s*$")


def _another_virus_s_load(measurement: Measurement, named_concepts: frozenset[str]) -> bool:
    """ "Chronic hepatitis C, viral load 2 million IU/mL": a viral load written without its
    virus belongs to the infection its sentence names; read as another infection's load (the
    lexicon's bare "viral load" is HIV's) it would meet "Detectable HIV viral load"."""
    loads = {test.analyte: test for test in load_infection_tests().tests if test.analyte}
    own = loads.get(measurement.analyte)
    if own is None or own.concept in named_concepts:
        return False
    if any(name in measurement.text.lower() for name in own.names):
        return False
    return any(test.concept in named_concepts for test in loads.values())


def _changed_to(sentence: str, by_span: dict[tuple[int, int], Measurement]) -> list[Measurement]:
    """The sentence's readings, less a value an arrow leads on from ("CA-125 1,850 U/mL at
    diagnosis -> 12 U/mL", "Hb 9.1 → 11.2 g/dL"): the value it changed to is the one now."""
    spans = sorted(by_span)
    led_to = [
        span
        for span in spans
        if _ARROW_BEFORE.search(sentence, 0, span[0])
        or sentence[max(0, span[0] - 1) : span[0] + 1] == "->"
    ]
    replaced = {
        earlier
        for later in led_to
        for earlier in spans
        if earlier[1] <= later[0] and by_span[earlier].analyte == by_span[later].analyte
    }
    return [by_span[span] for span in spans if span not in replaced]


# An arrow right before a value ("→ 11.2", "-> 12").
_ARROW_BEFORE = re.compile(r"(?:->|→)\s*$")


def _after_an_arrow(measurement: Measurement, sentence: str, start: int) -> Measurement:
    """ "CA-125 1,850 U/mL at diagnosis -> 12 U/mL", "Creatinine 150 -> 98": an arrow typed as
    "->" leads to the value it changed to (as "→" does), no bound above it."""
    if measurement.comparator != ">" or sentence[max(0, start - 1) : start + 1] != "->":
        return measurement
    return msgspec.structs.replace(measurement, comparator="=", text=measurement.text.lstrip("> "))


def _own_sample_words(
    sentence: str,
    measurements: Sequence[tuple[Measurement, int, int]],
    non_blood: re.Pattern[str],
) -> frozenset[int]:
    """Where a sample word names its own analyte's sample: "Urine ACR 12 mg/g" — the urine
    albumin-to-creatinine ratio is a urine analyte (one of its names holds the word), so the
    "urine" of its list item says what it is measured in and reaches no other item ("…, eGFR
    118, Hb 12.4 g/dL" are blood values still)."""
    analytes = load_lexicon().analytes
    owned: set[int] = set()
    for measurement, start, _ in measurements:
        names = " ".join(analytes[measurement.analyte].names)
        item_start = max((m.end() for m in _LIST_ITEM_END.finditer(sentence, 0, start)), default=0)
        for found in non_blood.finditer(sentence, item_start, start):
            if found.group(0).lower() in names:
                owned.add(found.start())
    return frozenset(owned)


def _measured_facts(
    sentence: str,
    measurements: Iterable[tuple[Measurement, int, int]],
    skip_span: tuple[int, int] | None,
    named_concepts: frozenset[str] = frozenset(),
) -> list[Fact]:
    """Note values; labs of urine, stool or CSF are not the blood analytes criteria mean.

    When several analytes share one value ("elevated ALT, white cell count of
    17,580") the nearest, last-named analyte owns it.
    """
    non_blood, _, _, _ = _rule_patterns()
    lexicon = load_lexicon()
    measurements = list(measurements)
    owned = _own_sample_words(sentence, measurements, non_blood)
    by_span: dict[tuple[int, int], Measurement] = {}
    for measurement, start, end in measurements:
        if (
            measurement.analyte == "age"
            or measurement.change  # ("weight dropped 5 kg" is no weight of 5 kg)
            or lexicon.analytes[measurement.analyte].unit_only  # a length of what?
            or _OUT_OF.search(sentence, 0, start)
            or _another_virus_s_load(measurement, named_concepts)
        ):
            continue
        if skip_span is not None and start < skip_span[1] and skip_span[0] < end:
            continue
        # A sample word reaches the values after it and the one in its own list item:
        # "albumin 2.1 g/dL, ..., and leukocytes in urine of 20/mL" keeps the albumin.
        item_end = _LIST_ITEM_END.search(sentence, end)
        other_sample = next(
            (
                found
                for found in non_blood.finditer(
                    sentence, 0, item_end.start() if item_end else len(sentence)
                )
                if found.start() not in owned
            ),
            None,
        )
        if other_sample and lexicon.analytes[measurement.analyte].kind == "lab":
            continue
        reading = _plausible_reading(_after_an_arrow(measurement, sentence, start))
        if reading is not None:
            by_span[(start, end)] = reading
    readings = _changed_to(sentence, by_span)
    # "Creatinine  0.7-1.4 mg/dl  0.8 mg/dl": a lab table's normal range beside the value.
    single = {m.analyte for m in readings if m.comparator != "between"}
    return [
        Fact(kind="measurement", evidence=sentence, measurement=m)
        for m in readings
        if m.comparator != "between" or m.analyte not in single
    ]


# How a value the note does not state but gives the parts of begins its text: the reason
# repeats it ("Weight loss 14.7% (worked out from 68 kg to 58 kg)").
WORKED_OUT = "worked out from"

# Two weights of one sentence, the later first or the loss with the weight it was lost from:
# "Weight 58 kg, down from 68 kg", "weight 72 kg, was 81 kg in March", "lost 8 kg from 80 kg",
# "weight from 68 to 58 kg", "68 to 58 kg".
_KILOS = r"\d{2,3}(?:\.\d)?"
_TWO_WEIGHTS = re.compile(
    rf"\bweigh\w*\W+(?:\w+\W+){{0,2}}?(?P<now>{_KILOS})\s*kg\s*,?\s*"
    rf"(?:(?:down|fallen|dropped|reduced)\s+from|was|previously)\s+(?P<then>{_KILOS})\s*kg"
    rf"|\blost\s+(?P<lost>\d{{1,2}}(?:\.\d)?)\s*kg\s+(?:from|of)\s+(?P<before>{_KILOS})\s*kg"
    rf"|\bweigh\w*\W+(?:\w+\W+){{0,2}}?(?:from\s+)?(?P<first>{_KILOS})\s*(?:kg\s*)?(?:to|->|→)\s*"
    rf"(?P<last>{_KILOS})\s*kg",
    re.IGNORECASE,
)


def _unread_match(
    pattern: re.Pattern[str], sentence: str, read: Sequence[Fact], analyte: str
) -> re.Match[str] | None:
    """``pattern``'s match in a sentence whose values do not give ``analyte`` already (the
    note's own words win over a value worked out or taken from its form)."""
    if any(f.measurement is not None and f.measurement.analyte == analyte for f in read):
        return None
    return pattern.search(sentence)


def _weight_loss_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """A weight loss worked out from the two weights a note gives ("Weight 58 kg, down from
    68 kg" is a loss of 14.7%), for criteria written as a percentage ("weight loss > 5%").

    The measurement's text says it was worked out, which the reason repeats. A loss the note
    states itself ("weight loss of 12%") is kept as written."""
    match = _unread_match(_TWO_WEIGHTS, sentence, read, "weight_loss")
    if match is None:
        return []
    if match.group("now") is not None:
        now, then = float(match.group("now")), float(match.group("then"))
    elif match.group("lost") is not None:
        then = float(match.group("before"))
        now = then - float(match.group("lost"))
    else:
        then, now = float(match.group("first")), float(match.group("last"))
    if not 0 < now < then:
        return []
    percent = round((then - now) / then * 100, 1)
    written = f"{WORKED_OUT} {plain_number(then)} kg to {plain_number(now)} kg"
    measurement = Measurement(
        analyte="weight_loss",
        comparator="=",
        value=percent,
        text=written,
        unit="percent",
        canonical_value=percent,
    )
    return [Fact(kind="measurement", evidence=sentence, measurement=measurement)]


# A mass in kilograms that is a whole list item of the note, with no name before it: "2 yr 2 mo
# girl (26 months), 11.8 kg, B-ALL", "58M, 82 kg, T2DM". Not a change ("lost 5 kg"), a dose
# per kilogram ("1 mg/kg") nor a mass named otherwise ("lean body mass 50 kg").
_BARE_WEIGHT = re.compile(r"(?:^|[,;(])\s*(\d{1,3}(?:\.\d{1,2})?)\s?kgs?\s*(?=[,;)]|\.?\s*$)", re.I)


def _bare_weight_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """The body weight a note writes as a bare list item ("…, 11.8 kg, …"): clinicians put
    the weight among the age and sex that open a note without naming it, and a child's
    weight criterion ("Body weight of at least 12.5 kg") asks for just that."""
    match = _unread_match(_BARE_WEIGHT, sentence, read, "body_weight")
    if match is None:
        return []
    weight = parse_value_text("body_weight", f"{match.group(1)} kg")
    if weight is None or not weight.plausible:
        return []
    return [Fact(kind="measurement", evidence=sentence, measurement=weight)]


def _blood_pressure_facts(sentence: str) -> tuple[tuple[int, int] | None, list[Fact]]:
    """Systolic and diastolic values of "blood pressure 80/60", and the span they cover."""
    pressure = _BLOOD_PRESSURE.search(sentence)
    if not (pressure and _BLOOD_PRESSURE_WORDS.search(sentence)):
        return None, []
    facts: list[Fact] = []
    for analyte_id, value in (
        ("systolic_bp", pressure.group(1)),
        ("diastolic_bp", pressure.group(2)),
    ):
        pressure_value = parse_value_text(analyte_id, f"{value} mmHg")
        if pressure_value is not None:
            facts.append(Fact(kind="measurement", evidence=sentence, measurement=pressure_value))
    return pressure.span(), facts


# "febrile (38.4°C)", "tachycardic (113/min)": the reading in brackets right after the word.
_BRACKETED_READING = re.compile(r"\s*\(\s*([^()]{1,30}?)\s*\)")


def _bracketed_reading(sentence: str, end: int, implied: ImpliedMeasurement) -> Measurement | None:
    """The value a bedside word gives in brackets, when it lies in the word's range.

    The value says more than the word ("febrile (38.4°C)" is 38.4 °C, not just
    ≥ 38); a bracketed value outside the word's range is not its reading.
    """
    bracket = _BRACKETED_READING.match(sentence, end)
    if bracket is None or implied.relative_to_uln:
        return None
    reading = parse_value_text(implied.analyte, bracket.group(1))
    if reading is None or reading.canonical_value is None or not reading.plausible:
        return None
    inside = comparison_holds(
        reading.canonical_value, implied.comparator, implied.value, implied.upper_value
    )
    return reading if inside else None


def _implied_facts(sentence: str) -> list[Fact]:
    """Ranges stated by words ("tachycardic", "afebrile"), unless the word is negated;
    the reading itself when the word gives it in brackets."""
    _, _, implied_patterns, _ = _rule_patterns()
    lexicon = load_lexicon()
    facts: list[Fact] = []
    spans: list[tuple[int, int]] = []  # where each fact's words are, in step with facts
    for implied, pattern in implied_patterns:
        for match in pattern.finditer(sentence):
            if _NEGATED_WORD.search(sentence[: match.start()]):
                continue
            if implied.source is not None and any(
                blocker.search(sentence[: match.start()]) for blocker in _performance_blockers()
            ):
                continue  # "used to work full time", "my husband still works full time"
            reading = _bracketed_reading(sentence, match.end(), implied)
            spans.append(match.span())
            if reading is not None:
                facts.append(Fact(kind="measurement", evidence=sentence, measurement=reading))
                break
            unit = (
                None
                if implied.relative_to_uln
                else lexicon.analytes[implied.analyte].canonical_unit
            )
            measurement = Measurement(
                implied.analyte,
                implied.comparator,
                implied.value,
                match.group(),
                unit=unit,
                canonical_value=None if implied.relative_to_uln else implied.value,
                relative_to_uln=implied.relative_to_uln,
                upper_value=implied.upper_value,
                canonical_upper=implied.upper_value,
            )
            facts.append(
                Fact(
                    kind="measurement",
                    evidence=sentence,
                    measurement=measurement,
                    defined_by=implied.source or "",
                )
            )
            break
    return _within_longer_words_dropped(facts, spans)


def _normal_lab_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """Tests the sentence writes as normal ("ALT, AST, bilirubin and creatinine normal"),
    one fact each, unless the sentence gives the test's value too."""
    valued = {fact.measurement.analyte for fact in read if fact.measurement is not None}
    return [
        Fact(
            kind="measurement",
            evidence=sentence,
            measurement=reading.measurement,
            within_normal=reading.words,
        )
        for reading in normal_readings(sentence)
        if reading.measurement.analyte not in valued
    ]


def _within_longer_words_dropped(facts: list[Fact], spans: list[tuple[int, int]]) -> list[Fact]:
    """Of a scale's grades read from everyday words, the one the longer words give: "can look
    after herself but can't work" is ECOG 2, not also the 0-2 "look after herself" gives."""
    kept: list[Fact] = []
    for fact, (start, end) in zip(facts, spans, strict=True):
        inside = any(
            other is not fact
            and other.defined_by
            and other.measurement is not None
            and fact.measurement is not None
            and other.measurement.analyte == fact.measurement.analyte
            and other_start <= start
            and end <= other_end
            and (other_end - other_start) > (end - start)
            for other, (other_start, other_end) in zip(facts, spans, strict=True)
        )
        if not (fact.defined_by and inside):
            kept.append(fact)
    return kept


@functools.cache
def _performance_blockers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What keeps a performance status's everyday words from being the patient's: a past, an
    inability or a wish just before them ("used to work full time", "can't look after
    himself"), or a relative as their subject ("my husband still works full time")."""
    rules = load_screening_rules()
    words = phrase_alternation(rules.performance_word_blockers)
    relatives = phrase_alternation(rules.relative_words)
    return (
        re.compile(rf"(?<![\w-])(?:{words})\s+(?:\w+\s+)?$", re.IGNORECASE),
        re.compile(rf"\b(?:{relatives})\b(?:\W+\w+){{0,3}}\W*$", re.IGNORECASE),
    )


@functools.cache
def _alcohol_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The screening rules' words of never drinking, of abstinence, and of remission."""
    rules = load_screening_rules()
    return (
        phrase_pattern(rules.alcohol_never_words),
        phrase_pattern(rules.alcohol_abstinence_words),
        phrase_pattern(rules.alcohol_remission_words),
    )


def _drinking_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """Not drinking now ("teetotal", "abstinent from alcohol for 2 years") as a denial of
    alcohol use; "teetotal" denies an alcohol use disorder too, and a disorder of now is
    alcohol use. An alcohol use disorder the
    sentence of abstinence names (``read``: the sentence's facts) is made past, ended when
    the abstinence began: "in remission, abstinent from alcohol for 2 years" is no drinking
    in the past two months."""
    never, abstinent, remission = _alcohol_patterns()
    disorders = [
        fact
        for fact in read
        if fact.concept == "alcohol_abuse" and not fact.negated and not fact.uncertain
    ]
    lifelong = never.search(sentence) is not None
    stopped = abstinent.search(sentence) is not None or (
        bool(disorders) and remission.search(sentence) is not None
    )
    if not (lifelong or stopped):
        # An alcohol use disorder said to be current is drinking now ("Hx alcohol
        # dependence" may not be).
        now = next((fact for fact in disorders if fact.current), None)
        return (
            []
            if now is None
            else [
                Fact(kind="concept", evidence=sentence, concept="alcohol_use", current=now.current)
            ]
        )
    for fact in disorders:
        _ended_by_abstinence(fact)
    denied = ["alcohol_use", "alcohol_abuse"] if lifelong and not disorders else ["alcohol_use"]
    return [Fact(kind="concept", evidence=sentence, concept=c, negated=True) for c in denied]


def _habit_denial_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """A weekly alcohol amount within the low-risk limit, in a sentence naming no alcohol
    use disorder, denies such a disorder now ("Drinks about 6 units a week"); the drug
    denial words deny drug use ("no drug use"), and the habit's ones only in a sentence
    about drinking or smoking ("Social drinker, no drugs"; not "Medications: no drugs").
    ``read``: the sentence's facts, measurements among them."""
    rules = load_screening_rules()
    drinking = [
        fact
        for fact in read
        if fact.measurement is not None and fact.measurement.analyte == "alcohol_intake"
    ]
    habits = [fact for fact in read if fact.concept in _HABIT_CONCEPTS]
    low_risk = not any(fact.concept == "alcohol_abuse" for fact in habits) and any(
        not fact.historical
        and fact.measurement is not None
        and _most_drinks(fact.measurement) <= rules.alcohol_low_risk_drinks_per_week
        for fact in drinking
    )
    denied: list[Fact] = []
    if low_risk:
        denied.append(
            Fact(
                kind="concept",
                evidence=sentence,
                concept="alcohol_abuse",
                negated=True,
                current=True,
            )
        )
    drugs, habit_drugs = _drug_denial_patterns()
    if drugs.search(sentence) or ((habits or drinking) and habit_drugs.search(sentence)):
        denied.append(
            Fact(kind="concept", evidence=sentence, concept="substance_abuse", negated=True)
        )
    return denied


# The habits beside which "no drugs" speaks of drug use, not of medicines.
_HABIT_CONCEPTS = frozenset({"alcohol_use", "alcohol_abuse", "smoking"})


def _substance_use_denial(facts: Sequence[Fact]) -> list[Fact]:
    """A note denying both an alcohol use disorder and drug use, and stating no substance
    use disorder, denies a substance use disorder (MeSH D019966: alcohol and drug use
    disorders); now only, when the alcohol denial is of now only."""
    kinds = load_lexicon().ancestors
    stated = [
        fact
        for fact in facts
        if fact.concept is not None
        and "substance_use_disorder" in kinds.get(fact.concept, frozenset())
        and not fact.uncertain
    ]
    if any(not fact.negated for fact in stated):
        return []
    alcohol = [fact for fact in stated if fact.concept == "alcohol_abuse"]
    if not alcohol or not any(fact.concept == "substance_abuse" for fact in stated):
        return []
    return [
        Fact(
            kind="concept",
            evidence=alcohol[0].evidence,
            concept="substance_use_disorder",
            negated=True,
            current=all(fact.current for fact in alcohol),
        )
    ]


def _most_drinks(measurement: Measurement) -> float:
    """The most drinks a week an amount may be: the top of a range ("6-10 pints a week");
    infinite when not converted."""
    if measurement.canonical_upper is not None:
        return measurement.canonical_upper
    return float("inf") if measurement.canonical_value is None else measurement.canonical_value


@functools.cache
def _drug_denial_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The screening rules' words denying drug use ("no drug use"), and those that do so
    only beside a habit ("no drugs")."""
    rules = load_screening_rules()
    return phrase_pattern(rules.drug_denial_words), phrase_pattern(rules.habit_drug_denial_words)


def _ended_by_abstinence(fact: Fact) -> None:
    """An alcohol use disorder with abstinence since a time: "for 2 years" ended it 2 years
    ago, "since 2015" ended it in 2015 (its start is not given)."""
    if fact.duration_days is not None:
        fact.days_ago, fact.duration_days = fact.duration_days, None
    elif fact.start_year is not None and fact.end_year is None:
        fact.start_year, fact.end_year = None, fact.start_year
    fact.historical, fact.current = True, False


def _pregnancy_test_facts(sentence: str) -> list[Fact]:
    """A negative pregnancy test says not pregnant; a positive one says pregnant."""
    _, pregnancy_test, _, _ = _rule_patterns()
    test = pregnancy_test.search(sentence)
    if test is None:
        return []
    results = _test_results()
    if results is None:
        return []
    pattern, negatives = results
    result = pattern.search(sentence, test.end()) or pattern.search(sentence)
    if result is None:
        return []
    negative = result.group(0).lower() in negatives
    return [
        Fact(
            kind="concept",
            evidence=sentence,
            concept="pregnancy",
            negated=negative,
            current=not negative,
        )
    ]


def _imaging_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """An image of a site the sentence reports clear ("MRI brain: no mets", "Brain MRI
    negative") denies the condition there; one reporting it found ("MRI brain: two small
    asymptomatic metastases") states it (``imaging_readings``); neither when the sentence
    names that condition itself (its own reading decides)."""
    facts: list[Fact] = []
    for reading in load_screening_rules().imaging_readings:
        site = _phrase_pattern_of(tuple(reading.sites)).search(sentence)
        if site is None or any(fact.concept == reading.concept for fact in read):
            continue
        clear = _phrase_pattern_of(tuple(reading.clear_words)).search(sentence, site.end())
        if (
            clear is not None
            and not _NEGATIVE_FOR_ANOTHER.match(sentence, clear.end())
            and not _A_FINDING.search(sentence, site.end(), clear.start())
        ):
            facts.append(
                Fact(kind="concept", evidence=sentence, concept=reading.concept, negated=True)
            )
            continue
        found = (
            _phrase_pattern_of(tuple(reading.finding_words)).search(sentence, site.end())
            if reading.finding_words
            else None
        )
        if (
            found is not None
            and not cues_at(sentence, found.start(), found.end(), "negation")
            and not _rule_patterns()[3].search(sentence, site.end(), found.start())
        ):
            facts.append(Fact(kind="concept", evidence=sentence, concept=reading.concept))
    return facts


# "MRI brain: known metastases, unchanged, otherwise normal": a finding before the clear
# word is what the image showed.
_A_FINDING = re.compile(r"metasta|\bmets?\b|lesion|mass|tumou?r|nodule", re.I)
# "MRI brain negative for haemorrhage": clear of another finding, not of this one.
_NEGATIVE_FOR_ANOTHER = re.compile(r"\s+for\s+(?!metasta|mets\b|malignan|tumou?r|lesion)", re.I)


@functools.lru_cache(maxsize=64)
def _phrase_pattern_of(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_pattern(list(phrases))


# The obstetric formula: gravida and para ("G2P1", "G3 P1+1", "gravida 2 para 1"). The
# para count is the previous births (a "+n" after it counts miscarriages and terminations).
_OBSTETRIC_FORMULA = re.compile(
    r"\b(?:G|[Gg]ravida\s?)(\d{1,2})\s?(?:P|[Pp]ara\s?)(\d{1,2})(?:\s?\+\s?\d{1,2})?\b"
)


def _obstetric_formula_facts(sentence: str) -> list[Fact]:
    """Parity from the obstetric formula: "G1P0" is a woman with no previous birth
    (nulliparity), "G2P1" one with a previous birth (parity). Criteria ask in words
    ("Nulliparous women"), notes write the formula."""
    formula = _OBSTETRIC_FORMULA.search(sentence)
    if formula is None or int(formula.group(1)) < int(formula.group(2)):
        return []
    concept = "nulliparity" if formula.group(2) == "0" else "parity"
    return [Fact(kind="concept", evidence=sentence, concept=concept, current=True)]


def _parity_word_facts(sentence: str) -> list[Fact]:
    """Parity from a note's words (``parity_words``): "expecting our first baby" is a
    woman with no previous birth, "mother of three" or "previous caesarean" one with a
    previous birth; a denial right before the words ("no previous caesarean") says none."""
    words = load_screening_rules().parity_words
    if words is None or _OBSTETRIC_FORMULA.search(sentence):
        return []
    denial = _phrase_pattern_of(tuple(words.denials))
    for concept, phrases in (("nulliparity", words.nulliparous), ("parity", words.parous)):
        for found in _phrase_pattern_of(tuple(phrases)).finditer(sentence):
            before = sentence[max(0, found.start() - 12) : found.start()]
            if denial.search(before) is None:
                return [Fact(kind="concept", evidence=sentence, concept=concept, current=True)]
    return []


# Weeks of gestation right after a gravidity word: "primigravida 30 wks", "multigravida at
# 28 weeks", "G2P1, 32 weeks", "primigravida 36+2 weeks", "G3P2 28/40".
_GRAVIDITY_WEEKS = re.compile(
    r"^[,;:]?\s*(?:at\s+|now\s+)?(\d{1,2})(?:\s?\+\s?([0-6]))?\s?(?:weeks?|wks?|/40)\b", re.I
)


def _gravidity_facts(sentence: str) -> list[Fact]:
    """Pregnancy from gravidity words (``parity_words``): a primigravida, a multigravida or
    the obstetric formula with weeks of gestation right after ("primigravida 30 wks", "G2P1
    at 32 weeks") is pregnant now; a nulligravida has never been pregnant."""
    words = load_screening_rules().parity_words
    if words is None:
        return []
    denial = _phrase_pattern_of(tuple(words.denials))
    for found in _phrase_pattern_of(tuple(words.never_pregnant)).finditer(sentence):
        if denial.search(sentence[max(0, found.start() - 12) : found.start()]) is None:
            return [Fact(kind="concept", evidence=sentence, concept="pregnancy", negated=True)]
    if _gravidity_weeks(sentence) is not None:
        return [Fact(kind="concept", evidence=sentence, concept="pregnancy", current=True)]
    return []


def _gravidity_weeks(sentence: str) -> float | None:
    """The weeks of gestation right after a gravidity word or the obstetric formula
    ("primigravida 30 wks", "G2P1 at 32 weeks", "primigravida 36+2 weeks"), unless a
    ``duration_words`` of ``obstetric_note_words`` follows them ("6 weeks postpartum")."""
    words = load_screening_rules().parity_words
    note_words = load_screening_rules().obstetric_note_words
    if words is None or note_words is None:
        return None
    gravid = [*_phrase_pattern_of(tuple(words.gravid_words)).finditer(sentence)]
    ends = [found.end() for found in gravid] + [
        formula.end() for formula in _OBSTETRIC_FORMULA.finditer(sentence)
    ]
    duration = _phrase_pattern_of(tuple(note_words.duration_words))
    for end in ends:
        weeks = _GRAVIDITY_WEEKS.match(sentence[end:])
        # Not a time since ("G2P1, 6 weeks postpartum", "3 weeks ago"): no gestation.
        if weeks is not None and not duration.match(sentence[end + weeks.end() :].lstrip()):
            return float(weeks.group(1)) + (int(weeks.group(2) or 0) / 7)
    return None


def _bounded_in_time(sentence: str, start: int, end: int) -> bool:
    """Whether a denied finding at ``[start, end)`` is bounded in time
    (``denial_bounded_description``): a time or an event after it ("no hypertension before
    pregnancy", "Never took tamoxifen or raloxifene before the diagnosis") says nothing of
    now; the time itself ("before pregnancy") is the bound, not a thing denied. Only a denial
    whose cue comes before the finding is bounded (:func:`negated_from_before`): a result
    written after it ("… before the transplant and was negative") denies it now."""
    if not negated_from_before(sentence, start, end):
        # "tested for hepatitis B and C before the transplant and was negative": a result
        # written after the finding is the test's result, dated by the bound: it denies now.
        return False
    after, bound = _bounded_denial_patterns()
    return after.match(sentence, end) is not None or bound.search(sentence, 0, start) is not None


@functools.cache
def _bounded_denial_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = load_screening_rules()
    words = phrase_alternation(rules.denial_bounded_words)
    now = phrase_alternation(rules.denial_bounded_now_words)
    # The names joined to the finding ("tamoxifen or raloxifene") come before the bound.
    joined = r"(?:\s*(?:,|\s(?:or|and|nor))\s*[\w-]+)*"
    return (
        re.compile(rf"{joined}\s+(?:{words})[\s-]+(?!(?:{now})\b\s*(?:[.,;:)]|$))[a-z0-9]", re.I),
        re.compile(rf"\b(?:{words})[\s-]+(?:(?:the|this|her|his|their)\s+)?$", re.I),
    )


def _in_pregnancy(sentence: str, finding: ConceptFinding) -> bool:
    """A pregnancy named as the time of something else ("none in pregnancy so far", "no
    scans during this pregnancy"; ``frame_words`` of ``obstetric_note_words``): a denial
    before it denies the dose or the scan, not the pregnancy."""
    words = load_screening_rules().obstetric_note_words
    if words is None or finding.concept != "pregnancy":
        return False
    frame = re.compile(rf"(?<![\w-])(?:{phrase_alternation(words.frame_words)})\s+$", re.I)
    return frame.search(sentence[: finding.start]) is not None


def _anomaly_scan_facts(sentence: str) -> list[Fact]:
    """A fetal anomaly scan reported normal (``obstetric_note_words``): "anatomy normal at
    20-week scan", "The 20-week scan was all normal" deny a fetal anomaly; a sentence
    qualifying it ("apart from", "echogenic focus") says nothing."""
    words = load_screening_rules().obstetric_note_words
    if words is None:
        return []
    scan = _phrase_pattern_of(tuple(words.anomaly_scan_words)).search(sentence)
    if scan is None or _phrase_pattern_of(tuple(words.abnormal_words)).search(sentence):
        return []
    normal = _phrase_pattern_of(tuple(words.normal_words))
    # The scan's words and "normal" close together: "anatomy normal", "normal anomaly scan".
    near = sentence[max(0, scan.start() - 20) : scan.end() + 30]
    if normal.search(near) is None:
        return []
    return [Fact(kind="concept", evidence=sentence, concept="fetal_anomaly", negated=True)]


def _duration_since_age(sentence: str, age: float | None) -> float | None:
    """ "type 1 diabetes since age 11" in a 24-year-old: 13 years, in days."""
    since = _SINCE_AGE.search(sentence)
    if since is None or age is None:
        return None
    began = float(since.group(1) or since.group(2))
    return (age - began) * DAYS_PER_UNIT["year"] if began <= age else None


_SINCE_AGE = re.compile(
    r"\b(?:since|from)\s+(?:the\s+)?age\s+(?:of\s+)?(\d{1,3})\b"
    r"|\b(?:diagnosed|onset)\s+(?:\w+\s+)?at\s+(?:the\s+)?age\s+(?:of\s+)?(\d{1,3})\b",
    re.IGNORECASE,
)


def _mentions_earlier_age(sentence: str, age: float | None) -> bool:
    """ "an ectopic pregnancy at age 26" in a 38-year-old, or "5 years ago": the past."""
    for match in _AT_EARLIER_AGE.finditer(sentence):
        if match.group(2) is not None:
            return True
        if age is not None and float(match.group(1) or match.group(3)) < age - 1:
            return True
    return False


class _ReadingPatterns(msgspec.Struct, frozen=True):
    exception: re.Pattern[str]
    person_denial: re.Pattern[str]
    relative_subject: re.Pattern[str]
    care_setting: re.Pattern[str]
    future: re.Pattern[str]
    history_heading: re.Pattern[str]
    outcome_before: re.Pattern[str]
    outcome_after: re.Pattern[str]
    ended: re.Pattern[str]
    past_course: re.Pattern[str]
    delivered: re.Pattern[str]
    negative_for: re.Pattern[str]
    value_shorthand: re.Pattern[str]
    shorthand: re.Pattern[str]
    drinking: re.Pattern[str]
    year_after: re.Pattern[str]
    history_list: re.Pattern[str]
    immunization_after: re.Pattern[str]
    considered: re.Pattern[str]
    considered_after: re.Pattern[str]
    relapse: re.Pattern[str]
    time_fraction: re.Pattern[str]
    field_denial: re.Pattern[str]


def _course_sequence(rules: ScreeningRules) -> str:
    """The regimens a completed course names in sequence after it, as a pattern to follow the
    course's own words ("… AC x4 then weekly paclitaxel"): each joined by a
    ``past_course_sequence_words`` and up to three words none of which is a breaker."""
    if not rules.past_course_sequence_words:
        return ""
    breakers = phrase_alternation(rules.past_course_sequence_breakers) or "(?!)"
    joined = phrase_alternation(rules.past_course_sequence_words)
    return rf"(?:(?:{joined})\s+(?:(?!(?:{breakers})\b)[\w-]+\s+){{0,3}})*"


@functools.cache
def _reading_patterns() -> _ReadingPatterns:
    """The screening rules' note-reading lists as patterns."""
    rules = load_screening_rules()
    relatives = "|".join(re.escape(word) for word in rules.relative_words)
    settings = "|".join(re.escape(word) for word in rules.care_setting_words)
    headings = "|".join(re.escape(word) for word in rules.history_headings)
    return _ReadingPatterns(
        phrase_pattern(rules.exception_cues),
        phrase_pattern(rules.person_denials),
        re.compile(
            r"^(?:(?:however|also|and|but),?\s+)?(?:his|her|their|the patient's|patient's|the)"
            rf"\s+(?:[a-z-]+\s+){{0,2}}?(?:{relatives})\b",
            re.IGNORECASE,
        ),
        re.compile(rf"\s+(?:{settings})\b", re.IGNORECASE),
        phrase_pattern([*rules.note_future_cues, *rules.future_intention_cues]),
        re.compile(rf"^\W*(?:{headings})\s*:?\s*$", re.IGNORECASE),
        re.compile(
            rf"\b(?:{phrase_alternation(rules.outcome_cues)})\s+(?:[\w'-]+\s+){{0,2}}$", re.I
        ),
        re.compile(
            rf"\s+(?:{phrase_alternation(rules.note_outcome_words_after)})\b", re.IGNORECASE
        ),
        re.compile(
            rf"\b(?:{phrase_alternation(rules.ended_words)})\b"
            rf"|\b(?:until|till)\s+(?:(?:19|20)\d\d|\w+\s+(?:years?|months?)\s+ago)\b",
            re.IGNORECASE,
        ),
        # Up to three words between, and the mention's own word before a hyphen: "completed
        # 6 cycles of R-CHOP" reads its acronym, CHOP, after "R-".
        re.compile(
            rf"\b(?:{phrase_alternation(rules.past_course_words)})\s+(?:[\w-]+\s+){{0,3}}"
            rf"{_course_sequence(rules)}(?:\w+-)*$",
            re.IGNORECASE,
        ),
        phrase_pattern(rules.delivered_words),
        re.compile(r"\bnegative\s+for\s+(?:[\w-]+\s+){0,3}$", re.IGNORECASE),
        re.compile(
            rf"(?<!%)(?<!%\s)\b({phrase_alternation(rules.note_value_abbreviations)})"
            r"(?=\s*[:=]?\s*\d)",
            re.IGNORECASE,
        ),
        re.compile(rf"(?<![\w-])(?:{phrase_alternation(rules.note_abbreviations)})(?![\w-])"),
        re.compile(
            rf"\b(?:{phrase_alternation(rules.note_drinking_words)})\s+"
            r"(?=\d+(?:\.\d+)?\s*(?:units?|pints?)\b)",
            re.IGNORECASE,
        ),
        # After a count and a target vessel in capitals: "CABG x3 in 2015", "PCI to the LAD
        # 2019" (a procedure's own details; a lower-case word after "to" is no target).
        re.compile(
            r"(?:\s*[x\u00d7]\s*\d\b)?(?:\s+to\s+(?:the\s+)?(?-i:[A-Z]{2,4})\b)?"
            rf"\s+(?:(?:{phrase_alternation([*rules.note_dating_words, *rules.ended_words])})"
            r"\s+){0,2}"
            rf"(?:(?:{MONTH_NAMES})[a-z]*\.?\s+|(?:0?[1-9]|1[0-2])/)?((?:19|20)\d\d)\b",
            re.IGNORECASE,
        ),
        # The items of a list a history cue opens ("a history of HTN, DM, normal pregnancy"),
        # up to the words of the item the text searched ends in; a word of the patient's
        # present ("presents with") ends the list.
        re.compile(
            r"\bhistory of\s+(?:[^.;:,]{1,80},\s+)+(?:and\s+)?"
            rf"(?:(?!(?:{phrase_alternation(rules.history_list_breakers)})\b)[^.;:,\s]+\s+){{0,3}}$",
            re.IGNORECASE,
        ),
        re.compile(
            rf"\)?(?:\s*\([^()]{{1,30}}\))?\s+(?:{phrase_alternation(rules.immunization_words)})\b",
            re.IGNORECASE,
        ),
        phrase_pattern(rules.note_considered_cues),
        re.compile(
            rf"\s*(?:\([^()]{{1,30}}\)\s*)?(?:{phrase_alternation(rules.note_considered_after)})\b",
            re.IGNORECASE,
        ),
        phrase_pattern(rules.relapse_words),
        re.compile(
            rf"\b(?:(?:{phrase_alternation(rules.note_time_fraction_before)})\s*)"
            rf"(?P<count>\d{{1,2}})/(?P<of>{phrase_alternation(rules.note_time_fractions)})"
            r"(?![\w/.])"
            rf"|(?<![\w/.])(?P<count_ago>\d{{1,2}})/"
            rf"(?P<of_ago>{phrase_alternation(rules.note_time_fractions)})"
            rf"(?=\s+(?:{phrase_alternation(rules.note_time_fraction_after)})\b)",
            re.IGNORECASE,
        ),
        # Up to two more words of the label ("Smoking history: never"), then the answer alone.
        re.compile(
            r"(?:\s+[\w/'-]+){0,2}\s*(?::|\s-)\s*"
            rf"(?:{phrase_alternation(rules.note_field_denial_answers)})\s*(?:[.;,]|$)",
            re.IGNORECASE,
        ),
    )


# "FEV1 1.9 L (58% predicted)": the share of predicted, the value criteria compare, is
# written first so it is the reading of the name before it.
_VOLUME_THEN_PREDICTED = re.compile(
    r"(\d+(?:\.\d+)?\s*(?:l|ml|litres?|liters?))\s*"
    r"\(\s*(\d+(?:\.\d+)?\s*%\s*(?:of\s+)?pred(?:icted)?)\.?\s*\)",
    re.IGNORECASE,
)


# "Amoxicillin x5 days": a course of five days, read as "for 5 days".
_COURSE_DAYS = re.compile(r"(?<![\w/])x\s?(\d{1,3})\s*(day|week|month)s?\b", re.IGNORECASE)


def _time_written(match: re.Match[str]) -> str:
    """ "for 3/7" as "for 3 days", "2/52 ago" as "2 weeks ago" (the screening rules'
    ``note_time_fractions``): the words before the shorthand stay as written."""
    rules = load_screening_rules()
    if match.group("count") is not None:
        count, of = match.group("count"), match.group("of")
    else:
        count, of = match.group("count_ago"), match.group("of_ago")
    unit = rules.note_time_fractions[of]
    written = f"{count} {unit}" if count == "1" else f"{count} {unit}s"
    lead = match.group(0)[: match.start(1) - match.start(0)] if match.group("count") else ""
    return lead + written


# What may stand between a disease and its reading ("T2DM, HbA1c 11.2%"): the reading's
# name, a few words, nothing that ends the clause.
_BEFORE_READING = re.compile(r"[\s,:=–—-]*(?:[^\W\d_][\w-]*\s*){0,3}[:=]?\s*")


@functools.cache
def _control_after_reading() -> re.Pattern[str]:
    """The qualifiers a note writes after a disease (the context rules' backward
    qualifiers: "poorly controlled", "well controlled"), as they follow a reading."""
    phrases = [
        phrase
        for rule in load_context_rules().rules
        if rule.category == "qualifier" and rule.direction == "backward"
        for phrase in rule.phrases
    ]
    return re.compile(rf"[\s,–—-]*({phrase_alternation(phrases)})(?![\w-])", re.IGNORECASE)


def qualifiers_after_reading(sentence: str, end: int) -> tuple[str, ...]:
    """ "T2DM, HbA1c 11.2% - poorly controlled": a clinician writes the disease, its reading,
    then how well the disease is controlled; the qualifier after the reading is the
    disease's (the mention ending at ``end``). A disease named in between ("T2DM,
    hypertension, BP 168/102 - poorly controlled") takes the qualifier itself."""
    analysis = analyse_text(sentence)
    named_after = [finding.start for finding, _ in analysis.concepts if finding.start >= end]
    position = end
    for _, start, stop in sorted(analysis.measurements, key=lambda reading: reading[1]):
        if start < position:
            continue
        if any(position <= named < start for named in named_after):
            break
        if _BEFORE_READING.fullmatch(sentence, position, start) is None:
            break
        position = stop
    if position == end:
        return ()
    control = _control_after_reading().match(sentence, position)
    return (control.group(1).lower(),) if control else ()


@functools.cache
def _temperature_shorthand() -> re.Pattern[str]:
    """ "T: 39.5 C", "Temp 38.2°C": the shorthand of ``note_temperature_abbreviations``
    (case as written: "T" alone is a tumour stage in "T2N0", and never before degrees), read
    only before a value in degrees Celsius or Fahrenheit."""
    words = phrase_alternation(load_screening_rules().note_temperature_abbreviations) or "(?!)"
    return re.compile(rf"(?<![\w-])(?:{words})\s*[:=]?\s*(?=\d{{2,3}}(?:\.\d+)?\s*°?\s*[CF]\b)")


# Clinicians' "ca" for carcinoma, beside its site ("endometrial ca", "squamous cell ca", "ca
# cervix"): not before a tumour marker's number ("CA 125", "CA 19-9", "CA 15-3") or a hyphen
# ("CA-125"). The site's words before it (one or two) or after it decide (_site_cancer).
_CA_SHORTHAND = re.compile(
    r"(?:(?P<before>(?:[^\W\d_]+\s+)?[^\W\d_]+)\s+)?(?<![\w-])(?P<ca>ca)(?![\w-])"
    r"(?!\s*-?\s*\d{1,3}(?:[-.]\d+)?\b)(?:\s+(?P<after>[^\W\d_]+))?",
    re.IGNORECASE,
)
_CA_WORD = re.compile(r"(?<![\w-])ca(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _site_cancer(phrase: str) -> bool:
    """Whether MeSH reads ``phrase`` ("endometrial cancer", "cancer of the cervix") as a
    neoplasm (C04): then the "ca" beside the site was its cancer, not calcium."""
    return any(
        any(number.startswith("C04") for number in reading.concept.tree_numbers)
        for reading in load_vocabulary().lookup(phrase)
    )


def _ca_written_out(sentence: str) -> str:
    """``sentence`` with each "ca" beside a site written "cancer" ("endometrioid endometrial
    ca FIGO grade 2" → "... endometrial cancer ..."; "ca cervix" → "cancer cervix"), where
    MeSH reads the site's words with "cancer" as a neoplasm; "Adj Ca 2.38", "serum ca" and
    "CA-125" stay as written."""

    def replaced(match: re.Match[str]) -> str:
        before, after = match["before"], match["after"]
        words = before.lower().split() if before else []
        sited = any(_site_cancer(f"{' '.join(words[i:])} cancer") for i in range(len(words)))
        if not sited and after:
            sited = _site_cancer(f"cancer of the {after.lower()}")
        if not sited:
            return match.group(0)
        whole, start, end = match.group(0), *match.span("ca")
        return f"{whole[: start - match.start()]}cancer{whole[end - match.start() :]}"

    if not _CA_WORD.search(sentence):
        return sentence
    return _CA_SHORTHAND.sub(replaced, sentence)


def written_out(sentence: str) -> str:
    """A note sentence with its shorthand written out ("Wt 21.5 kg" as "weight 21.5 kg",
    "decompensated HF" as "decompensated heart failure", "endometrial ca" as "endometrial
    cancer"), so the criteria's names read it."""
    sentence = _ca_written_out(sentence)
    rules = load_screening_rules()
    patterns = _reading_patterns()
    sentence = _COURSE_DAYS.sub(r"for \1 \2s", patterns.time_fraction.sub(_time_written, sentence))
    text = patterns.value_shorthand.sub(
        lambda match: rules.note_value_abbreviations[match.group(1).lower()], sentence
    )
    text = _temperature_shorthand().sub("temperature ", text)
    text = patterns.shorthand.sub(lambda match: rules.note_abbreviations[match.group(0)], text)
    text = patterns.drinking.sub("alcohol intake ", text)
    return _VOLUME_THEN_PREDICTED.sub(r"\2 (\1)", text)


# A short line ending in a colon opens a section ("Past Medical History:", "Labs:").
_HEADING = re.compile(r"^\W*(?:\S+\s+){0,4}\S+\s*:\s*$|^#+\s+(?:\S+\s+){0,4}\S+\s*$")


# "non-ruptured " right before a finding: the "non" belongs to the word it is joined to.
_NON_WORD_BEFORE = re.compile(r"\bnon-[^\W\d_]+\s+$", re.IGNORECASE)


# "didn't respond to the usual ", "was not relieved by his ": the negation is about the
# response; the treatment after it was given.
_NO_RESPONSE_TO = re.compile(
    r"(?:\bnot|n't|\bnever|\bfailed to)\s+(?:\w+\s+){0,2}?"
    r"(?:respond(?:ed)?|tolerated?|relieved|improved?|helped)\s+(?:to|by|with|on)\s+"
    r"(?:[\w-]+\s+){0,3}$",
    re.IGNORECASE,
)


# "Never treated for TB", "not yet treated for her hepatitis C": the treatment is denied,
# not the disease it would be for. "Never treated with steroids" denies the treatment
# named (the context stage's scope stops at "with").
def _not_treated(preposition: str) -> re.Pattern[str]:
    """A denied treatment "for" a disease or "with" a drug, ending right before a finding."""
    return re.compile(
        rf"(?:\bnot|n't|\bnever)\s+(?:\w+\s+){{0,2}}?treated\s+{preposition}\s+(?:[\w-]+\s+){{0,3}}$",
        re.IGNORECASE,
    )


_NOT_TREATED_FOR = _not_treated("for")
_NOT_TREATED_WITH = _not_treated("with")


# "The parents report no previous trauma", "His mother says …": a relative telling about
# the patient.
_RELATIVE_REPORTS = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:report|den(?:y|ies|ied)|say|said|state|note|notice|describe|"
    r"mention|brought|bring|remember|recall|tell|told|worr|complain|observ|explain)\w*\b",
    re.IGNORECASE,
)


# Words that bring the patient back into a sentence opened by a relative ("Her mother
# brought her in because she has a fever").
_PATIENT_WORDS = re.compile(
    r"\b(?:he|she|him|her|the patient|the child|the boy|the girl|the baby|the infant)\b",
    re.IGNORECASE,
)


def about_a_relative(sentence: str) -> bool:
    """Whether a note sentence is about a relative, not the patient.

    "His older brother who is 41 years old is healthy with no history of gouty
    arthritis": the brother's health denies nothing of the patient's. The context
    stage's family cues need a verb right after the relative ("brother has"); a
    sentence whose subject is the relative and that never returns to the patient
    is the relative's whatever its verb — unless the relative is telling about the
    patient ("The parents report no previous trauma").
    """
    sentence = sentence.strip()
    opening = _reading_patterns().relative_subject.match(sentence)
    return (
        opening is not None
        and _RELATIVE_REPORTS.match(sentence, opening.end()) is None
        and _PATIENT_WORDS.search(sentence, opening.end()) is None
    )


_HISTORY_OF_A_SPAN = re.compile(
    rf"\bhistory of\s+(?:about\s+)?{_COUNT}\s+{_UNIT}\s+of\s+(?:[\w'-]+\s+){{0,6}}$", re.I
)


# "HBV and HCV", "hepatitis B and C", "HBV, HCV and HIV": the names joined to a finding by
# commas and a last "and" / "or" / "/".
_CONJUNCT = re.compile(
    r"(?:\s*,\s*(?:[\w-]+\s+)??[\w-]+\b)*\s*(?:and|or|&|/)\s*(?:[\w-]+\s+)??(?:[\w-]+)\b",
    re.IGNORECASE,
)


def _conjunct_end(sentence: str, end: int) -> int | None:
    """Where the names joined to a finding ending at ``end`` end ("HBV|, HCV and HIV|"), so
    a result written after them ("serology negative") reaches the first too."""
    joined = _CONJUNCT.match(sentence, end)
    return None if joined is None else joined.end()


def _finding_context(
    sentence: str, start: int, end: int, *, tested: bool = True
) -> frozenset[ContextCategory]:
    """How a note sentence states the finding at ``[start, end)``: :func:`note_context`, and
    for an infection (``tested``: what a serology line lists) a result written after names
    joined to it ("HBV, HCV and HIV negative") denies it too; "T2DM, hypertension and HIV
    negative" keeps the hypertension. (Retrieval still reads denial by its own clause rule:
    see bench/RESULTS_notes.md, issue 12 helper T2, for why it does not take this reading
    yet.)"""
    context = note_context(sentence, start, end)
    if _naive_after(sentence, end):
        context |= {"negation"}
    # "Hepatitis B surface antigen and hepatitis C antibody negative": the names joined to the
    # finding start after the test's name it opens, and reach to the last one's end.
    if (
        tested
        and "negation" not in context
        and (joined := _conjunct_end(sentence, test_name_end(sentence, start, end)))
    ):
        joined = test_name_end(sentence, start, joined)
        context |= note_context(sentence, start, joined) & {"negation"}
    if tested and "negation" not in context and _tested_negative(sentence, start, end):
        context |= {"negation"}
    return context


def _tested_negative(sentence: str, start: int, end: int) -> bool:
    """Whether a test lead before the finding at ``[start, end)`` and a negative result after
    it, in one clause with no positive word between, deny it: "tested for hepatitis B and C
    before the transplant and was negative"."""
    patterns = _tested_for_patterns()
    if patterns is None:
        return False
    lead, result = patterns
    return lead.search(sentence[:start]) is not None and result.match(sentence, end) is not None


@functools.cache
def _tested_for_patterns() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    cues = load_screening_rules().note_tested_for
    if cues is None:
        return None
    positive = _result_word(cues.positive_words)
    return (
        re.compile(rf"\b(?:{phrase_alternation(cues.lead_words)})\b[^;:.]*$", re.IGNORECASE),
        re.compile(
            rf"(?:(?!{positive})[^;:.])*?{_result_word(cues.negative_words)}", re.IGNORECASE
        ),
    )


def _result_word(words: Sequence[str]) -> str:
    """A test's result word of ``words``, as notes shorten it too ("-ve", "+ve"): no word
    character or sign joined before it, no word character or hyphen after."""
    return rf"(?<![\w+-])(?:{phrase_alternation(words)})(?![\w-])"


@functools.cache
def _test_results() -> tuple[re.Pattern[str], frozenset[str]] | None:
    """A test's result word (``note_tested_for``'s negative and positive words: "Urine hCG
    neg", "bHCG -ve", "hCG not detected") and the negative ones, lowercase."""
    cues = load_screening_rules().note_tested_for
    if cues is None:
        return None
    words = [*cues.negative_words, *cues.positive_words]
    return (
        re.compile(_result_word(words), re.IGNORECASE),
        frozenset(word.lower() for word in cues.negative_words),
    )


def _naive_after(sentence: str, end: int) -> bool:
    """Whether the finding ending at ``end`` is joined to a "naive" word ("chemo-naive",
    "chemotherapy naïve"): the note says the patient never had it."""
    return _naive_words().match(sentence, end) is not None


@functools.cache
def _naive_words() -> re.Pattern[str]:
    words = phrase_alternation(load_screening_rules().note_naive_words)
    return re.compile(rf"[ \t]?-?[ \t]?(?:{words})\b", re.IGNORECASE)


def is_a(concept: str, kind: str) -> bool:
    """Whether ``concept`` is ``kind`` or the lexicon files it under it ("hepatitis_c" is an
    "infection", "nsclc" a "cancer"): the one reading of the lexicon's hierarchy the note
    reading and the judge ask by kind."""
    return concept == kind or kind in load_lexicon().ancestors.get(concept, ())


def _tested_for(concept: str) -> bool:
    """Whether a note lists the concept among test results: an infection (a serology)."""
    return is_a(concept, "infection")


# A bracketed aside: "prior CVA (no residual deficits), HTN", "not a transplant candidate
# (age, frailty)".
_ASIDE = re.compile(r"\([^()]*\)")
_ASIDE_WORD = re.compile(r"[^\W\d_]")


def note_context(sentence: str, start: int, end: int) -> frozenset[ContextCategory]:
    """The context stage's reading of a note finding, with what notes say differently.

    In a criterion "except" excludes ("any cancer except basal cell carcinoma"); in
    a note it introduces what is there: "exam unremarkable except for slight
    tremors", "history not significant except for gouty arthritis". What follows the
    exception is read from the exception on, so the negation before it does not
    reach it; so is what follows a denial said of the person (``person_denials``):
    "never smoker, metastatic lung adenocarcinoma" has the cancer. "non-" negates the
    word it is joined to: "non-ruptured ectopic pregnancy" is an ectopic pregnancy. A
    treatment that did not work was taken: "he didn't respond to the usual corticosteroid
    inhaler". A disease never treated is there still, and not in the past: "never
    treated for TB"; a treatment never given is denied: "never treated with steroids".
    A bracketed aside is read apart: what it says does not reach past it ("prior CVA (no
    residual deficits), HTN" has hypertension), and a finding inside it is read within it
    ("not a transplant candidate (age, frailty)" is frail). A form's field answered by a
    denial denies its label ("Smoking: never.", "Allergies: none known.").
    """
    for aside in _ASIDE.finditer(sentence, 0, end + 1):
        if aside.start() < start and end < aside.end():
            inner = aside.start() + 1
            return note_context(sentence[inner : aside.end() - 1], start - inner, end - inner)
    # An aside before the finding keeps its words' count (a cue's reach is counted in
    # words), not its cues.
    sentence = _ASIDE.sub(
        lambda aside: (
            _ASIDE_WORD.sub("z", aside.group()) if aside.end() <= start else aside.group()
        ),
        sentence,
    )
    patterns = _reading_patterns()
    exceptions = [
        match.end()
        for pattern in (patterns.exception, patterns.person_denial)
        for match in pattern.finditer(sentence, 0, start)
        if match.end() <= start
    ]
    if exceptions:
        offset = max(exceptions)
        bounds = clause_bounds(sentence)
        if clause_of(bounds, offset) == clause_of(bounds, start):
            return context_at(sentence[offset:], start - offset, end - offset)
    context = context_at(sentence, start, end)
    if _HISTORY_OF_A_SPAN.search(sentence, 0, start):
        # "a history of 2 weeks of joint pain and fatigue": how long it has gone on.
        context = context - {"history"}
    elif _reading_patterns().history_list.search(sentence, 0, start):
        # "a history of streptococcal sore throat, …, normal pregnancy": every item of the list.
        context = context | {"history"}
    if _reading_patterns().negative_for.search(sentence, 0, start):
        # "PSMA PET negative for metastases": the scan's result, not a marker's name.
        context = context | {"negation"}
    if "negation" in context and (
        (
            _NON_WORD_BEFORE.search(sentence, 0, start)
            and not cues_at(sentence, start, end, "negation")
        )
        or _NO_RESPONSE_TO.search(sentence, 0, start)
    ):
        return context - {"negation"}
    if "negation" in context and _NOT_TREATED_FOR.search(sentence, 0, start):
        return context - {"negation", "history"}
    if _NOT_TREATED_WITH.search(sentence, 0, start):
        return context | {"negation"}
    if patterns.field_denial.match(sentence, end):
        # "Smoking: never.", "Allergies: none known.": the form's answer denies its label.
        return context | {"negation"}
    return context


def _names_a_care_setting(sentence: str, finding: ConceptFinding) -> bool:
    """ "brought to the pediatrics surgery clinic": a place, not a procedure the patient had.

    Only procedures and treatments: a patient "admitted to the stroke department" is
    there for a stroke.
    """
    return (
        finding.category in ("procedure", "treatment")
        and _reading_patterns().care_setting.match(sentence, finding.end) is not None
    )


def _begins_at(began: re.Match[str] | None, sentence: str, finding: ConceptFinding) -> bool:
    """Whether "began / started … ago" follows the finding itself ("dysphagia that began
    several months ago"): it has gone on since, whatever history cue reaches it."""
    if began is None or began.start() < finding.end:
        return False
    return _ONLY_RELATIVE_WORDS.fullmatch(sentence, finding.end, began.start()) is not None


# What may stand between a finding and the "began … ago" that dates it.
_ONLY_RELATIVE_WORDS = re.compile(r"\s*(?:(?:that|which|has|have|had|first)\s+){0,3}")


def _ended(fact: Fact, sentence: str, finding: ConceptFinding) -> bool:
    """Whether a finding the note puts in the history (a history cue or heading) is over.

    A chronic disease "in the past medical history" ("notable for diabetes and
    hypothyroidism", "a history of hypertension", "type 1 diabetes confirmed 7 years
    ago") goes on; only an ending word ("former", "resolved", "s/p") makes it past.
    "ago" alone dates a finding ("until two days ago, when he developed a new
    fever"): how long ago decides, not the word.
    """
    rules = load_screening_rules()
    cues = cues_at(sentence, finding.start, finding.end, "history")
    if fact.concept in rules.chronic_concepts:
        return any(cue in rules.ended_history_cues for cue in cues)
    return not cues or not set(cues) <= {"ago"}


# How far before a finding a cue of what is to come reaches: "will be treated with beta
# blockers", not "recommended a trial … and tolerated it without hypotension".
_WORDS_BEFORE = re.compile(r"(?:\S+\s+){1,8}$")
# "SpO2 98% on RA": room air, not rheumatoid arthritis.
_ON_ROOM_AIR = re.compile(r"(?:\bon|%)\s*$", re.IGNORECASE)


def _prevented_or_sought(sentence: str, start: int, end: int) -> bool:
    """ "asking about osteoporosis prevention", "at risk of stroke", "not yet screened for
    varices": what is prevented or looked for, not the patient's diagnosis."""
    bounds = clause_bounds(sentence)
    patterns = _reading_patterns()
    return (
        patterns.outcome_before.search(sentence, bounds[clause_of(bounds, start)], start)
        is not None
        or patterns.outcome_after.match(sentence, end) is not None
        or _sought_before().search(sentence, bounds[clause_of(bounds, start)], start) is not None
    )


@functools.cache
def _sought_before() -> re.Pattern[str]:
    """A screening cue, then at most two words, right before a finding ("screened for
    varices", "to screen for colorectal cancer")."""
    cues = phrase_alternation(load_screening_rules().note_sought_cues_before)
    return re.compile(rf"\b(?:{cues})\s+(?:[\w'-]+\s+){{0,2}}$", re.IGNORECASE)


def _stopped(sentence: str, finding: ConceptFinding) -> bool:
    """ "Stopped smoking in 2015", "smoker until 2015", "metformin discontinued": a habit or
    treatment the clause says ended is past (a disease does not stop so); so is a course
    the patient "had" or "completed" ("had WBRT in November")."""
    if finding.category == "condition":
        return False
    bounds = clause_bounds(sentence)
    clause = clause_of(bounds, finding.start)
    start = bounds[clause]
    end = bounds[clause + 1] if clause + 1 < len(bounds) else len(sentence)
    patterns = _reading_patterns()
    if patterns.ended.search(sentence, start, end) is not None:
        return True
    if finding.category != "treatment":
        return False
    after, prefix, counted = _course_patterns()
    return (
        patterns.past_course.search(sentence, start, finding.start) is not None
        or after.match(sentence, finding.end) is not None
        or prefix.search(sentence, start, finding.start) is not None
        or counted.search(sentence, start, end) is not None
    )


@functools.cache
def _course_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """How a note says a course of treatment is over, other than a past-course word before
    it: the word right after the course and its count ("R-CHOP x6 finished Aug 2026", "FOLFOX
    x12 completed 2025"), and "post" or "s/p" right before it, with at most its number of
    cycles between ("post 4 cycles of carboplatin/etoposide"). Only so close: "post ASCT on
    lenalidomide maintenance" says the patient is on lenalidomide after the transplant.
    Third, a count of cycles and then, in the clause, its last cycle ("carboplatin AUC5 +
    paclitaxel x6 cycles, last cycle 10/09/2026": ``past_course_last_words``); a last dose
    alone is the latest of a course that may go on ("monthly since 2025, last dose …")."""
    rules = load_screening_rules()
    after = re.compile(
        r"\s*(?:[x×]\s*\d+\s*(?:cycles?\s*)?|\(\s*\d+\s*cycles?\s*\)\s*|\d+\s*cycles?\s*)?,?\s*"
        rf"(?:{phrase_alternation(rules.past_course_suffixes)})\b",
        re.IGNORECASE,
    )
    # The drugs of one course written with a slash or a plus ("post 4 cycles of
    # carboplatin/etoposide", "s/p gem+cis") are all past: the prefix reaches each.
    prefix = re.compile(
        rf"(?<![\w/])(?:{phrase_alternation(rules.past_course_prefixes)})[\s-]+"
        r"(?:\d+\s+cycles?\s+(?:of\s+)?)?(?:[\w-]+\s*[/+]\s*)*(?:\w+-)*$",
        re.IGNORECASE,
    )
    counted = re.compile(
        r"(?:[x×]\s*\d+\s*cycles?|\b\d+\s+cycles?\s+of)\b.*?"
        rf"\b(?:{phrase_alternation(rules.past_course_last_words)})\b",
        re.IGNORECASE,
    )
    return after, prefix, counted


@functools.cache
def _plan_heading_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = load_screening_rules()
    # The colon may be left out ("Plan alpelisib + fulvestrant.").
    heading = re.compile(
        rf"^\s*(?:{phrase_alternation(rules.plan_headings) or '(?!)'})(?:\s*[:-]\s*|\s+)",
        re.IGNORECASE,
    )
    return heading, phrase_pattern(rules.plan_heading_current_verbs or ["(?!)"])


def under_a_plan(sentence: str, start: int) -> bool:
    """ "Plan: neoadjuvant chemotherapy + trastuzumab/pertuzumab, then surgery", "Plan: refer
    for the narazaciclib + letrozole phase II": what the sentence names from ``start`` on,
    after a plan heading, is to come, unless a verb between says the patient is on it
    ("Plan: continue metformin", "Plan: stop aspirin")."""
    heading, current = _plan_heading_patterns()
    opened = heading.match(sentence)
    return (
        opened is not None
        and opened.end() <= start
        and current.search(sentence, opened.end(), start) is None
    )


def _another_disease(sentence: str, finding: ConceptFinding) -> bool:
    """ "pulmonary hypertension", "Pulm HTN": words before the condition make it another."""
    words = load_screening_rules().other_disease_words.get(finding.concept, [])
    return bool(words_named_before(sentence, finding.start, words))


def _not_the_patients(sentence: str, finding: ConceptFinding) -> bool:
    """A finding's words that name something else: a clinic ("surgery clinic"), a
    treatment to come ("will be treated with beta blockers"), room air ("on RA"),
    another disease ("pulmonary hypertension"), what is prevented or looked for
    ("osteoporosis prevention", "at risk of stroke"), a disease's vaccine ("flu shot"), a
    procedure being considered ("assessed for liver transplant", "transplant work-up
    underway"), a treatment in the name of a study ("the flu vaccine study")."""
    bounds = clause_bounds(sentence)
    near = _WORDS_BEFORE.search(sentence, 0, finding.start)
    start = max(bounds[clause_of(bounds, finding.start)], near.start() if near else 0)
    return (
        _names_a_care_setting(sentence, finding)
        or _reading_patterns().future.search(sentence, start, finding.start) is not None
        or (
            finding.category in ("procedure", "treatment")
            and (
                _reading_patterns().considered.search(sentence, start, finding.start) is not None
                or _reading_patterns().considered_after.match(sentence, finding.end) is not None
                or _plan_cue(sentence, finding) is not None
            )
        )
        or (
            finding.category in ("procedure", "treatment") and under_a_plan(sentence, finding.start)
        )
        or (finding.category == "treatment" and _in_a_study_name(sentence, finding))
        or _prevented_or_sought(sentence, finding.start, finding.end)
        or (finding.text == "RA" and _ON_ROOM_AIR.search(sentence, 0, finding.start) is not None)
        or _another_disease(sentence, finding)
        or (
            finding.category == "condition"
            and _a_vaccine_against(sentence, finding.start, finding.end)
        )
        or (finding.category == "condition" and _untested(sentence, finding.end))
    )


@functools.cache
def _study_name_pattern() -> re.Pattern[str] | None:
    """A study's name as a note writes it (``study_name``): a lead word, at most
    ``most_words`` words none of which is a breaker, and a study word ("the probiotics and
    flu vaccine study", "your blanket study"); the words between are the name."""
    words = load_screening_rules().study_name
    if words is None:
        return None
    breakers = phrase_alternation(words.breakers)
    return re.compile(
        rf"\b(?:{phrase_alternation(words.leads)})\s+"
        rf"(?P<name>(?:(?!(?:{breakers})\b)[\w'’+/&-]+\s+){{1,{words.most_words}}})"
        rf"(?:{phrase_alternation(words.heads)})\b",
        re.IGNORECASE,
    )


def _in_a_study_name(sentence: str, finding: ConceptFinding) -> bool:
    """ "Is he able to join the evolocumab study?", "Keen to hear about the oestrogen patch
    study": the treatment names the study the note asks about, not one the patient takes
    ("HPV injections as part of a research study", "on letrozole in the PALLAS study" are)."""
    pattern = _study_name_pattern()
    return pattern is not None and any(
        match.start("name") <= finding.start and finding.end <= match.end("name")
        for match in pattern.finditer(sentence)
    )


@functools.cache
def _plan_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The screening rules' plan cues: before a procedure, and right after it."""
    rules = load_screening_rules()
    joiners = phrase_alternation(rules.note_plan_after_joiners) or "(?!)"
    return (
        phrase_pattern(rules.note_plan_cues),
        re.compile(
            rf"\s*(?:\([^()]{{1,30}}\)\s*)?(?:,\s*)?(?:(?:{joiners})\s+)?"
            rf"({phrase_alternation(rules.note_plan_after)})\b",
            re.IGNORECASE,
        ),
    )


def _plan_cue(sentence: str, finding: ConceptFinding) -> str | None:
    """The words saying a procedure is planned ("listed for", "planned" after it), read in
    the clause and near words the note reader uses to drop a procedure to come."""
    bounds = clause_bounds(sentence)
    near = _WORDS_BEFORE.search(sentence, 0, finding.start)
    start = max(bounds[clause_of(bounds, finding.start)], near.start() if near else 0)
    before, after = _plan_patterns()
    cue = before.search(sentence, start, finding.start)
    if cue is not None:
        return cue.group(0)
    following = after.match(sentence, finding.end)
    if following is not None:
        return following.group(1)
    present = _present_plan_pattern().search(sentence, start, finding.start)
    if present is not None and plan_days_ahead(sentence[finding.end :], None) is not None:
        return present.group(1)  # "I'm having a hysterectomy in January"
    return None


@functools.cache
def _present_plan_pattern() -> re.Pattern[str]:
    """The present tense that means the future, right before a procedure ("I'm having a
    hysterectomy", "she is having her hip replaced"; ``note_plan_present_cues``)."""
    cues = phrase_alternation(load_screening_rules().note_plan_present_cues) or "(?!)"
    return re.compile(rf"(?<![\w'])({cues})\s+(?:[\w'-]+\s+){{0,3}}$", re.IGNORECASE)


@functools.cache
def _present_plan_words() -> re.Pattern[str]:
    """``note_plan_present_cues`` anywhere in a sentence."""
    return phrase_pattern(load_screening_rules().note_plan_present_cues)


# A plan's time to come: "in 3 weeks", "within the next 2 months"; "next Tuesday"; a month
# named alone ("in January", "booked for March"); a day without its year ("on 12/01",
# "3 Feb", "Feb 3rd").
_PLAN_IN = re.compile(
    rf"\b(?:in|within)\s+(?:the\s+next\s+|about\s+|another\s+)?{_COUNT}\s+{_UNIT}\b",
    re.IGNORECASE,
)
_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
_PLAN_WEEKDAY = re.compile(
    rf"\b(?:next|this|on|coming)\s+({'|'.join(_WEEKDAYS)})day\b", re.IGNORECASE
)
_PLAN_MONTH = re.compile(
    rf"\b(?:in|for|on|during|this|next|early|late|mid)[\s-]+({MONTH_NAMES})[a-z]*\.?"
    r"(?!\s*,?\s*'?\d)\b",
    re.IGNORECASE,
)
_PLAN_YEARLESS_DAY = re.compile(
    r"\b(?:on|for)\s+(\d{1,2})/(\d{1,2})(?![\w/])"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTH_NAMES})[a-z]*\.?(?!\s*,?\s*'?\d)"
    rf"|\b({MONTH_NAMES})[a-z]*\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*,?\s*'?\d)",
    re.IGNORECASE,
)


@functools.cache
def _plan_relative_pattern() -> re.Pattern[str]:
    """The plan time phrases of ``note_plan_relative_days`` ("next week", "tomorrow")."""
    return phrase_pattern(list(load_screening_rules().note_plan_relative_days))


def _next_day(month: int, day: int, written: datetime.date) -> datetime.date | None:
    """The first day numbered ``day`` of ``month`` on or after the note's day."""
    for year in (written.year, written.year + 1):
        try:
            found = datetime.date(year, month, day)
        except ValueError:
            return None
        if found >= written:
            return found
    return None


def _plan_times(text: str, written: datetime.date) -> list[tuple[int, float | None]]:
    """(where, days from ``written``) of each time to come ``text`` writes, in any order."""
    times: list[tuple[int, float | None]] = []
    relative = load_screening_rules().note_plan_relative_days
    for found in _plan_relative_pattern().finditer(text):
        times.append((found.start(), relative.get(" ".join(found.group(0).lower().split()))))
    for found in _PLAN_IN.finditer(text):
        times.append(
            (found.start(), _count(found.group(1)) * DAYS_PER_UNIT[found.group(2).lower()])
        )
    for found in _PLAN_WEEKDAY.finditer(text):
        ahead = (_WEEKDAYS.index(found.group(1).lower()) - written.weekday()) % 7
        times.append((found.start(), float(ahead or 7)))
    for found in _PLAN_MONTH.finditer(text):
        coming = _next_day(month_number(found.group(1)), 1, written.replace(day=1))
        middle = coming.replace(day=MID_MONTH_DAY) if coming else None
        times.append((found.start(), float(max(0, (middle - written).days)) if middle else None))
    for found in _PLAN_YEARLESS_DAY.finditer(text):
        if found.group(1):
            first, second = int(found.group(1)), int(found.group(2))
            day, month = (second, first) if second > 12 >= first else (first, second)
        elif found.group(3):
            day, month = int(found.group(3)), month_number(found.group(4))
        else:
            day, month = int(found.group(6)), month_number(found.group(5))
        on = _next_day(month, day, written) if 1 <= month <= 12 else None
        times.append((found.start(), float((on - written).days) if on else None))
    for written_day in written_days(text):
        if written_day.day >= written:
            times.append((written_day.start, float((written_day.day - written).days)))
    return times


def plan_days_ahead(text: str, written: datetime.date | None) -> float | None:
    """How many days after ``written`` (the note's day) the first time to come ``text``
    writes is ("in 3 weeks": 21, "next Tuesday", "in January", "on 12/01", "3 February 2027",
    ``note_plan_relative_days``); None when it writes none. Without the note's day, any such
    time is counted from the calendar's (only whether there is one is then asked)."""
    times = [t for t in _plan_times(text, written or datetime.date.today()) if t[1] is not None]
    if not times and written is None:
        times = [(w.start, 0.0) for w in written_days(text)]
    return min(times)[1] if times else None


def planned_procedures(sentences: Sequence[str], written: datetime.date) -> list[Fact]:
    """The procedures the note says are planned, each a fact of state "planned" whose
    ``state_cue`` is the plan's words and ``days_ahead`` the days from the note's day
    (``written``) to the time it gives (:func:`plan_days_ahead`: the first after the
    procedure, else the sentence's). The note reader drops a procedure to come, since it
    is not one the patient had; a criterion asking for a plan ("Abdominoplasty surgery
    planned", "on the waiting list for bariatric surgery") needs it all the same."""
    before, after = _plan_patterns()
    planned: list[Fact] = []
    for note_sentence in sentences:
        if about_a_relative(note_sentence):
            continue
        sentence = written_out(note_sentence)
        if (
            before.search(sentence) is None
            and after.search(sentence) is None
            and _present_plan_words().search(sentence) is None
        ):
            continue
        for finding, _window in analyse_text(sentence).concepts:
            if finding.category != "procedure":
                continue
            cue = _plan_cue(sentence, finding)
            if cue is None:
                continue
            context = _finding_context(sentence, finding.start, finding.end, tested=False)
            if "family" in context or "negation" in context:
                continue
            for fact in _concept_facts([finding], sentence):
                fact.state, fact.state_cue = "planned", cue
                fact.evidence = note_sentence
                ahead = plan_days_ahead(sentence[finding.end :], written)
                fact.days_ahead = plan_days_ahead(sentence, written) if ahead is None else ahead
                planned.append(fact)
    return planned


# "no anti-cancer treatment", "on no diabetes medication", "no HIV treatment yet": the disease
# names the treatment the note denies, not a disease it denies. An "anti-" before the disease
# alone says nothing of a treatment: "Anti-HCV negative" is an antibody test, and it denies the
# infection.
_TREATMENT_NAMED_AFTER = re.compile(
    r"\s*(?:treatments?|therap(?:y|ies)|medications?|medicines?|meds|drugs?|tablets?|agents?)\b",
    re.IGNORECASE,
)


def _names_a_treatment(sentence: str, end: int) -> bool:
    """Whether the disease ending at ``end`` is the name of a treatment ("anti-cancer
    treatment", "diabetes medication"): a denial of it denies the treatment, and the patient
    may have the disease all the same ("Type 2 diabetes, on no diabetes medication")."""
    return _TREATMENT_NAMED_AFTER.match(sentence, end) is not None


def _a_vaccine_against(sentence: str, start: int, end: int) -> bool:
    """ "hepatitis B vaccination course", "vaccinated against hep B": the disease a vaccine
    was given against is not one the patient has."""
    return (
        _reading_patterns().immunization_after.match(sentence, end) is not None
        or _immunized_against().search(sentence, 0, start) is not None
    )


def _untested(sentence: str, end: int) -> bool:
    """ "HIV/hepatitis not tested", "HBV, HCV never checked": a condition, or the items of a
    short list it opens, followed by words saying its test was not done
    (``note_untested_after``)."""
    return _untested_after().match(sentence, end) is not None


@functools.cache
def _untested_after() -> re.Pattern[str]:
    words = phrase_alternation(load_screening_rules().note_untested_after)
    return re.compile(
        rf"(?:\s*(?:/|,|\band\b|\bor\b)\s*[\w-]+){{0,3}}\s+(?:{words})\b", re.IGNORECASE
    )


@functools.cache
def _immunized_against() -> re.Pattern[str]:
    words = phrase_alternation(load_screening_rules().immunized_against_words)
    return re.compile(rf"\b(?:{words})\s+$", re.IGNORECASE)


def _a_kind_denied(sentence: str, finding: ConceptFinding) -> bool:
    """ "No previous bariatric surgery": the word before a denied procedure names the kind
    denied, so the denial says nothing of other procedures ("no major surgery" denies all)."""
    if finding.category != "procedure":
        return False
    before = _WORD_BEFORE_FINDING.search(sentence, 0, finding.start)
    if before is None:
        return False
    rules = load_screening_rules()
    word = before.group(1).lower()
    return word not in rules.procedure_manner_words and word not in (
        rules.procedure_denial_filler_words
    )


_WORD_BEFORE_FINDING = re.compile(r"([^\W\d_][\w-]*)\s+$")


# "T1D diagnosed 8 months ago": the time after these words is when the disease began (a
# time elsewhere in the sentence may be a reading's: "T2DM, HbA1c 8.9% 3 months ago").
_DIAGNOSED_AFTER = re.compile(
    r"\s+(?:was\s+)?(?:diagnosed|confirmed|first\s+noted|found)\b", re.IGNORECASE
)


def _has_time(text: str) -> bool:
    return (
        _YEAR.search(text) is not None
        or _MONTH_ALONE.search(text) is not None
        or relative_time(text) != (None, None)
    )


# "in October", "since March": a month without a year (none right after it).
_MONTH_ALONE = re.compile(
    rf"\b(in|during|last|since|from)\s+({MONTH_NAMES})[a-z]*\.?(?!\s*,?\s*'?\d)\b", re.IGNORECASE
)


def _month_time(sentence: str, written: datetime.date) -> tuple[float | None, float | None]:
    """(days ago, duration in days) of a month without a year: the last such month up to the
    day the note was written ("Prednisolone for 5 days in October" in a note of December
    is about 50 days ago, the middle of that October; "since March" has lasted from its
    first day)."""
    found = _MONTH_ALONE.search(sentence)
    if found is None:
        return None, None
    first = _last_such_month(month_number(found.group(2)), written)
    if found.group(1).lower() in ("since", "from"):
        return None, float((written - first).days)
    middle = first.replace(day=MID_MONTH_DAY)
    return float(max(0, (written - middle).days)), None


def _last_such_month(month: int, written: datetime.date) -> datetime.date:
    """The first day of the last month numbered ``month`` up to the day the note was written
    (October in a note of December is this year's, in a note of March last year's)."""
    return datetime.date(written.year if month <= written.month else written.year - 1, month, 1)


class _SentenceTimes(NamedTuple):
    """The times a note sentence gives, which date the findings its words reach: days ago
    and how long ("last month", "for 14 months", "since 2019"), a month named alone, and the
    days ago a time opening the sentence gives (``_opening_time``)."""

    days_ago: float | None
    duration: float | None
    month: re.Match[str] | None
    opening: tuple[int, float] | None


def _sentence_times(sentence: str, written: datetime.date, age: float | None) -> _SentenceTimes:
    """The times ``sentence`` gives (:class:`_SentenceTimes`)."""
    days_ago, duration = relative_time(sentence)
    if days_ago is None:
        month_ago, month_duration = _month_time(sentence, written)
        days_ago, duration = month_ago, duration if duration is not None else month_duration
    if days_ago is None and duration is None:
        duration = _duration_since_age(sentence, age)
    return _SentenceTimes(
        days_ago, duration, _MONTH_ALONE.search(sentence), _opening_time(sentence)
    )


def _date_finding(
    fact: Fact,
    sentence: str,
    finding: ConceptFinding,
    findings: Sequence[ConceptFinding],
    context: frozenset[ContextCategory],
    times: _SentenceTimes,
    ended: bool,
    written: datetime.date,
) -> None:
    """Date a note finding by the time its sentence writes after it or opens with ("T2DM
    since 2015", "a TIA 6 months ago", "In 2019 …"): the one dating of a lexicon fact and of a
    disease MeSH names (:func:`_vocabulary_facts`)."""
    year_after = _reading_patterns().year_after.match(sentence, finding.end)
    timed = "time" in context or (times.month is not None and times.month.start() >= finding.end)
    if year_after is not None:
        # "T2DM since 2015 …, doses unchanged for a year": its own year dates it;
        # "ribociclib 2022-2025": its own years.
        years = _YEAR_RANGE.match(sentence, year_after.start(1))
        _timed(fact, years.group(0) if years else year_after.group(0), written)
        if not years and _reading_patterns().ended.search(year_after.group(0)):
            # "cinacalcet stopped in 2023": the year it ended; when it began
            # is not given.
            fact.start_year = None
        if fact.concept in load_screening_rules().chronic_concepts and not ended:
            fact.end_year = None  # the year it began; it goes on
        elif not years and _started_then(fact, sentence, finding, ended):
            # "Started letrozole in 2021": the year it began, and it goes on
            fact.end_year, fact.current, fact.historical = None, True, False
        if fact.end_year is not None and not fact.current:
            _dated_by_its_month(
                fact, sentence[year_after.start() : (years or year_after).end()], written
            )
    elif timed and not _dated_by_other_items(sentence, finding, [f.start for f in findings]):
        # "an MI 2 years earlier and a TIA 6 months ago": the time after it (another
        # list item's time is that item's).
        after, _ = relative_time(sentence[finding.end :]) if times.days_ago else (None, None)
        _dated(
            fact,
            _without_anothers_start(sentence, finding, findings),
            after if after is not None else times.days_ago,
            times.duration,
            written,
        )
    elif (opened := _dated_by_the_opening(times.opening, sentence, finding)) is not None:
        _ago(fact, opened)  # "Five days ago they drained fluid from her chest"


_START_WORD = re.compile(r"\b(?:from|since|started|starting|began)\b", re.IGNORECASE)


def _dated_by_its_month(fact: Fact, text: str, written: datetime.date) -> None:
    """ "TIA in August 2026", "NSTEMI 09/2026": a month with its year dates the event to the
    middle of that month, not to any day of the year (``written_dates``); a course of
    months ("carboplatin/paclitaxel x6 02/2025-06/2025") by its last. A month after the
    note's day is no time it has had; one after a start word ("VRd from 02/2026") is when
    it began, not when it was last."""
    days = written_days(text)
    if days and days[-1].day <= written and _START_WORD.search(text, 0, days[-1].start) is None:
        _ago(fact, float((written - days[-1].day).days))


def _dated_by_other_items(sentence: str, finding: ConceptFinding, starts: list[int]) -> bool:
    """Whether the time nearest a finding belongs to another item of its list: the first
    after it, or when none is, the last before it.

    A time is the item's it is written after: "HBV-related decompensated cirrhosis, ascites
    since March 2026" (the ascites's), "infertility treatment for the past 3 years, and pelvic
    laparoscopy" (the infertility's), "on tramadol for 3 years and paracetamol" (the
    tramadol's). The finding with no time of its own is undated, its timing not given. A time
    written after the finding before a comma dates it ("Fever 38.4 and flu-like symptoms for
    2 days": a time after items joined by "and" is theirs), and so does one that follows no
    finding in its item: "T2DM, diagnosed 2017" (the diabetes's), "Two years ago she had a
    cholecystectomy and an appendectomy" (both)."""
    after = _ITEM_BREAK.search(sentence, finding.end)
    own_end = after.start() if after is not None else len(sentence)
    if _has_time(sentence[finding.end : own_end]):
        return False
    times = _time_starts(sentence)
    later = [t for t in times if t >= own_end]
    earlier = [t for t in times if t < finding.start]
    if later:
        # A later item runs from its comma: "cirrhosis, ascites since March 2026".
        breaks = _ITEM_BREAK.finditer(sentence, 0, later[0])
        time_at = later[0]
    elif earlier:
        # An earlier item runs from its comma or "and": "… at age 8, infertility treatment
        # for the past 3 years, and pelvic laparoscopy".
        breaks = _LIST_BREAK.finditer(sentence, 0, earlier[-1])
        time_at = earlier[-1]
    else:
        return False
    item_start = max((b.end() for b in breaks), default=0)
    return any(item_start <= start < time_at for start in starts)


# Where a list's items part when a time is written after one of them: a comma or a
# semicolon; "and" joins items a time after the last may be written for together.
_ITEM_BREAK = re.compile(r"[,;]")


def _time_starts(text: str) -> list[int]:
    """Where each time ``text`` writes begins: a year, a month named alone, a time ago or a
    length (what :func:`_has_time` and :func:`_sentence_times` read)."""
    return sorted(
        found.start()
        for pattern in (_YEAR, _MONTH_ALONE, _AGO, _LAST, _FOR, _SINCE_AGE)
        for found in pattern.finditer(text)
    )


@functools.cache
def _told_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """What a patient was told they had, right before the finding ("I was told I had a
    stomach ulcer", ``note_told_verbs``, ``note_told_subjects``), and a resolution written
    after a finding, a time between ("hepatitis C years ago but it resolved",
    ``note_resolved_after_words``)."""
    rules = load_screening_rules()
    subjects = phrase_alternation(rules.note_told_subjects)
    told = re.compile(
        rf"\b(?:{phrase_alternation(rules.note_told_verbs)})\s+(?:(?:{subjects})\s+)?"
        rf"(?:that\s+)?(?:{subjects})\s+had\s+(?:an?\s+)?(?:[\w'-]+\s+){{0,3}}$",
        re.IGNORECASE,
    )
    resolved = re.compile(
        r"(?:\s+(?:in\s+(?:19|20)\d\d|(?:\w+\s+)?(?:years?|months?|weeks?|days?)\s+ago"
        r"|last\s+(?:week|month|year)|as\s+an?\s+(?:child|teenager|baby)))?"
        r"(?:,?\s+but\s+(?:it|this|that|they)|,\s+which)\s+(?:has\s+|have\s+)?(?:since\s+|now\s+)?"
        rf"(?:{phrase_alternation(rules.note_resolved_after_words)})\b",
        re.IGNORECASE,
    )
    return told, resolved


def _told_had(sentence: str, finding: ConceptFinding) -> bool:
    """Whether the finding's only history cue is the "had" of what the patient was told they
    had ("I was told I had a stomach ulcer"): the telling is past, the finding is what was
    found then (``note_told_description``)."""
    cues = cues_at(sentence, finding.start, finding.end, "history")
    return (
        bool(cues)
        and set(cues) <= {"had a", "had an"}
        and _told_patterns()[0].search(sentence, 0, finding.start) is not None
    )


# A present-tense denial right before a state ("I am not pregnant", "she is not
# breastfeeding", "I'm not pregnant").
_DENIED_NOW = re.compile(r"\b(?:am|is|are)\s+not\s+(?:currently\s+)?$|['’]m\s+not\s+$", re.I)


def _a_state_denied_now(fact: Fact, sentence: str, finding: ConceptFinding) -> bool:
    """Whether the sentence denies pregnancy or lactation in the present tense ("I am not
    pregnant, my period stop 3 years ago", "She is not breastfeeding; her last baby was born
    4 years ago"): a denial of now, which a time of another clause does not date."""
    return (
        fact.negated
        and fact.concept in ("pregnancy", "lactation")
        and _DENIED_NOW.search(sentence, 0, finding.start) is not None
    )


def _nursing_the_baby_had(sentence: str, finding: ConceptFinding) -> bool:
    """Whether breastfeeding is written after a birth the sentence says she had ("She had a
    baby in July and is breastfeeding", "Had a baby 3 months ago, breastfeeding"): the "had"
    (and the "ago") are the birth's, and the nursing of that baby goes on
    (``lactation_words``)."""
    patterns = lactation_patterns()
    if patterns is None or finding.concept != "lactation":
        return False
    cues = set(cues_at(sentence, finding.start, finding.end, "history"))
    return (
        bool(cues & {"had a", "had an"})
        and cues <= {"had a", "had an", "ago"}
        and patterns.birth.search(sentence, 0, finding.start) is not None
    )


class LactationPatterns(NamedTuple):
    """The patterns of ``lactation_words``: formula feeding, a mother's own milk, a birth or
    baby."""

    formula: re.Pattern[str]
    own_milk: re.Pattern[str]
    birth: re.Pattern[str]


@functools.cache
def lactation_patterns() -> LactationPatterns | None:
    """``lactation_words`` compiled once, for the note reading and the judge's lactation
    reader alike (None when the rules have none)."""
    words = load_screening_rules().lactation_words
    if words is None:
        return None
    return LactationPatterns(
        phrase_pattern(words.formula_feeding_words),
        phrase_pattern(words.breast_milk_words),
        phrase_pattern(words.birth_words),
    )


def _neoadjuvant_before_its_operation(
    sentence: str, finding: ConceptFinding, findings: Sequence[ConceptFinding]
) -> bool:
    """Whether a treatment the sentence calls neoadjuvant (a ``before`` word of
    ``surgery_order_note_cues`` right before or after it: "neoadjuvant TCHP", "FOLFIRINOX
    neoadjuvant") has the operation it preceded named after it in the sentence ("…,
    mastectomy with pCR", "…, Whipple"): a neoadjuvant course is given before the operation
    (NCI Dictionary of Cancer Terms), so once the operation is done the course is over."""
    if finding.category != "treatment":
        return False
    before = load_screening_rules().surgery_order_note_cues.get("before", [])
    if not words_named_before(sentence, finding.start, before, finding.end):
        return False
    return any(
        other.category == "procedure"
        and other.start >= finding.end
        and "negation" not in note_context(sentence, other.start, other.end)
        for other in findings
    )


# A year closing the words before a bracket ("IDC L breast 2015 (", "dx 2021 (").
_YEAR_BEFORE_BRACKET = re.compile(r"\b((?:19|20)\d\d)\s*$")
# A year a course began in ("since 2023 (FOLFOX)", "from 2019 (") dates no past course.
_BEGUN_IN_YEAR = re.compile(r"\b(?:since|from|started|starting|began|begun)\s*$", re.IGNORECASE)


class _PastCoursePatterns(NamedTuple):
    """The screening rules' words for a finished course, compiled once: the course kinds
    (``past_bracket_course_kinds``), a bracket's words that something goes on
    (``past_bracket_going_on_words``) and a sequence word with up to three words before it
    (``past_course_sequence_words``)."""

    kinds: frozenset[str]
    going_on: re.Pattern[str]
    sequence: re.Pattern[str]


@functools.cache
def _past_course_patterns() -> _PastCoursePatterns:
    """The patterns of a finished course, built once rather than for every finding of every
    note sentence."""
    rules = load_screening_rules()
    words = phrase_alternation(rules.past_course_sequence_words)
    return _PastCoursePatterns(
        frozenset(rules.past_bracket_course_kinds),
        phrase_pattern(rules.past_bracket_going_on_words or ["(?!)"]),
        re.compile(rf"[\s,;]*(?:[\w+/&-]+[\s,;]+){{0,3}}?(?:{words})\s+", re.I),
    )


def _in_a_past_diagnosis_bracket(
    sentence: str, finding: ConceptFinding, written: datetime.date
) -> bool:
    """Whether a course of chemotherapy or radiotherapy (``past_bracket_course_kinds``) sits
    inside the bracket a note writes after a diagnosis and its year, two or more years back
    ("IDC L breast 2015 (WLE, AC-T adjuvant, RT, tamoxifen then letrozole to 2020)",
    "Breast cancer 2018 (lumpectomy + RT), in remission"): the bracket lists that
    diagnosis's treatment, and such a course takes months, so it is over. Not when the
    bracket says something goes on ("(FOLFOX ongoing)", "(on capecitabine)"); treatments of
    other kinds (adjuvant endocrine therapy, given for years) are left to their own words,
    and so is a year a course began in ("since 2023 (FOLFOX)")."""
    if not _a_course_kind(finding):
        return False
    opened = bracket_opening(sentence, finding.start)
    year = None if opened < 0 else _YEAR_BEFORE_BRACKET.search(sentence, 0, opened)
    if year is None or int(year.group(1)) > written.year - 2:
        return False
    closed = sentence.find(")", finding.end)
    inside = sentence[opened + 1 : len(sentence) if closed < 0 else closed]
    if _is_current(inside) or _past_course_patterns().going_on.search(inside) is not None:
        return False
    return _BEGUN_IN_YEAR.search(sentence, 0, year.start()) is None


def _a_course_kind(finding: ConceptFinding) -> bool:
    """Whether a treatment is a course of chemotherapy or radiotherapy, given over weeks or
    months (``past_bracket_course_kinds``), not a treatment taken for years."""
    if finding.category != "treatment":
        return False
    kinds = _past_course_patterns().kinds
    concept = finding.concept or ""
    return concept in kinds or bool(kinds & load_lexicon().ancestors.get(concept, frozenset()))


def _before_a_next_course(
    sentence: str, finding: ConceptFinding, findings: Sequence[ConceptFinding]
) -> bool:
    """Whether a course of chemotherapy or radiotherapy comes before a next treatment or
    operation the sentence names after a sequence word (``past_course_sequence_words``, up
    to three words on): "Mastectomy, adjuvant EC-T + RT, then anastrozole from 01/2022",
    "neoadjuvant AC-T then surgery", "adjuvant AC-T then capecitabine": the next one began
    when the course was over. Not in a sentence of what is to come ("will have AC-T then
    surgery") nor under a plan heading."""
    if not _a_course_kind(finding) or under_a_plan(sentence, finding.start):
        return False
    if _reading_patterns().future.search(sentence) is not None:
        return False
    then = _past_course_patterns().sequence.match(sentence, finding.end)
    if then is None:
        return False
    return any(
        other is not finding
        and other.category in ("treatment", "procedure")
        and then.end() <= other.start
        and len(sentence[then.end() : other.start].split()) <= 3
        for other in findings
    )


def _resolved_after(sentence: str, finding: ConceptFinding) -> bool:
    """Whether the sentence says the condition resolved right after it, at most a time
    between ("was diagnosed with hepatitis C years ago but it resolved", "a stomach ulcer,
    which has healed"): it is past, not denied, and no other negation reaches it."""
    if finding.category != "condition" or not _told_patterns()[1].match(sentence, finding.end):
        return False
    negations = cues_at(sentence, finding.start, finding.end, "negation")
    return set(negations) <= set(load_screening_rules().note_resolved_after_words)


# A time ago opening a sentence, its subject right after it ("Five days ago they drained
# fluid from her chest", "Last week we started her on apixaban", "Two months ago she was
# admitted with pneumonia"): it dates the findings the sentence names after it, up to a word
# of the present ("now", "currently").
_OPENING_TIME = re.compile(
    rf"\W*(?:{_COUNT}\s+{_UNIT}\s+(?:ago|earlier)|last\s+(?:week|month|year)|yesterday),?\s+"
    r"(?:i|we|they|he|she|the\s+(?:patient|team|doctors?|surgeons?))\b",
    re.IGNORECASE,
)
_PRESENT_WORD = re.compile(r"\b(?:now|currently|today|since)\b", re.IGNORECASE)


def _opening_time(sentence: str) -> tuple[int, float] | None:
    """Where a time ago opening the sentence with its subject ends, and how many days ago it
    was (:data:`_OPENING_TIME`)."""
    opening = _OPENING_TIME.match(sentence)
    if opening is None:
        return None
    days_ago, _ = relative_time(opening.group(0))
    return None if days_ago is None else (opening.end(), days_ago)


def _dated_by_the_opening(
    opening: tuple[int, float] | None, sentence: str, finding: ConceptFinding
) -> float | None:
    """The days ago the sentence's opening time gives a finding named after it, unless a
    word of the present stands between."""
    if opening is None or finding.start < opening[0]:
        return None
    return None if _PRESENT_WORD.search(sentence, opening[0], finding.start) else opening[1]


def _note_facts(
    sentences: Sequence[str], age: float | None, written: datetime.date, scanned: _Scanned
) -> list[Fact]:
    rules = load_screening_rules()
    facts: list[Fact] = []
    in_history_section = False
    previous: list[Fact] = []  # the facts of the sentence before
    previous_treatments: list[Fact] = []  # the treatments the sentence before names
    for note_sentence in sentences:
        if _HEADING.match(note_sentence):
            in_history_section = (
                _reading_patterns().history_heading.match(note_sentence) is not None
            )
            previous, previous_treatments = [], []
            continue
        if about_a_relative(note_sentence):
            previous, previous_treatments = [], []
            continue
        first_fact = len(facts)
        sentence = written_out(note_sentence)
        analysis = analyse_text(sentence)
        current = _is_current(sentence)
        earlier = _mentions_earlier_age(sentence, age)
        uncertainty = _rule_patterns()[3].search(sentence)
        times = _sentence_times(sentence, written, age)
        began = _BEGAN_AGO.search(sentence)
        since_event = event_time(sentence)
        operations = _operation_findings(sentence, analysis.concepts, scanned)
        read = [*analysis.concepts, *((finding, None) for finding, _ in operations)]
        read += [(finding, None) for finding in _medicine_findings(sentence, read, scanned)]
        findings = [finding for finding, _window in read]
        treatments: list[Fact] = []
        for finding, _window in read:
            context = _finding_context(
                sentence, finding.start, finding.end, tested=_tested_for(finding.concept)
            )
            if (
                "family" in context
                or _not_the_patients(sentence, finding)
                or _a_drug_reacted_to(sentence, finding)
                or ("negation" in context and _a_kind_denied(sentence, finding))
                or ("negation" in context and _in_pregnancy(sentence, finding))
                or (
                    "negation" in context and _bounded_in_time(sentence, finding.start, finding.end)
                )
                or (
                    "negation" in context
                    and finding.category == "condition"
                    and _names_a_treatment(sentence, finding.end)
                )
            ):
                continue
            for fact in _concept_facts([finding], sentence, sentence_findings=findings):
                fact.operations = next((ids for f, ids in operations if f is finding), ())
                if finding.category == "treatment":
                    fact.indication = indication_after(
                        sentence, finding.start, finding.end, findings
                    )
                resolved = _resolved_after(sentence, finding)
                fact.negated = "negation" in context and not resolved
                in_history = (
                    "history" in context
                    and not _told_had(sentence, finding)
                    and not _nursing_the_baby_had(sentence, finding)
                ) or in_history_section
                ended = (
                    (in_history and _ended(fact, sentence, finding))
                    or _stopped(sentence, finding)
                    or resolved
                    or _neoadjuvant_before_its_operation(sentence, finding, findings)
                    or _in_a_past_diagnosis_bracket(sentence, finding, written)
                    or _before_a_next_course(sentence, finding, findings)
                )
                stopped = ended and not _begins_at(began, sentence, finding)
                fact.historical = stopped or earlier
                fact.current = current and not fact.historical
                fact.uncertain = uncertainty is not None and uncertainty.start() < finding.start
                if _a_state_denied_now(fact, sentence, finding):
                    fact.historical, fact.current = False, True
                else:
                    _date_finding(fact, sentence, finding, findings, context, times, ended, written)
                if finding.category in ("treatment", "procedure"):
                    measured = [start for _, start, _ in analysis.measurements]
                    _day_dated(fact, sentence, finding, findings, measured, written)
                    _began_then(fact, sentence, finding, stopped)
                if finding.category == "treatment":
                    _course_length(fact, sentence, finding, findings, written)
                    _stop_dated(fact, sentence, finding, findings, written)
                if finding.category == "procedure" and _dates_the_event(
                    since_event, fact, sentence, finding.start
                ):
                    assert since_event is not None
                    _ago(fact, since_event.days)  # "56F, POD 3 after right hemicolectomy"
                if fact.concept in rules.chronic_concepts and not ended:
                    fact.historical = False  # a chronic disease's date is when it began
                    if (
                        fact.days_ago is not None
                        and fact.duration_days is None
                        and _DIAGNOSED_AFTER.match(sentence, finding.end)
                    ):
                        fact.duration_days = fact.days_ago  # "T1D diagnosed 8 months ago"
                facts.append(fact)
                if finding.category == "treatment":
                    treatments.append(fact)
        facts.extend(_drinking_facts(sentence, facts[first_fact:]))
        facts.extend(_drug_reaction_facts(sentence, facts[first_fact:]))
        facts.extend(_untreated_facts(sentence, facts))
        facts.extend(_ability_facts(sentence, facts[first_fact:]))
        facts.extend(_pregnancy_test_facts(sentence))
        facts.extend(_imaging_facts(sentence, facts[first_fact:]))
        facts.extend(_obstetric_formula_facts(sentence))
        facts.extend(_parity_word_facts(sentence))
        facts.extend(_gravidity_facts(sentence))
        facts.extend(_anomaly_scan_facts(sentence))
        pressure_span, pressure_facts = _blood_pressure_facts(sentence)
        facts.extend(
            _measured_facts(
                sentence,
                analysis.measurements,
                pressure_span,
                frozenset(finding.concept for finding, _ in analysis.concepts),
            )
        )
        facts.extend(pressure_facts)
        facts.extend(_implied_facts(sentence))
        facts.extend(_normal_lab_facts(sentence, facts[first_fact:]))
        facts.extend(_habit_denial_facts(sentence, facts[first_fact:]))
        facts.extend(_measured_concepts(sentence, facts[first_fact:], age))
        facts.extend(_implant_facts(sentence, facts[first_fact:]))
        facts.extend(_uterine_scar_facts(facts[first_fact:]))
        facts.extend(_denied_system_facts(sentence, facts[first_fact:]))
        facts.extend(_weight_loss_facts(sentence, facts[first_fact:]))
        facts.extend(_bare_weight_facts(sentence, facts[first_fact:]))
        _stage_told_after(sentence, [f for f, _ in analysis.concepts], previous)
        if not any(finding.category == "treatment" for finding in findings):
            _course_length_told_after(sentence, previous_treatments)
        for fact in facts[first_fact:]:
            fact.evidence = note_sentence  # the note's own words, shorthand and all
        previous, previous_treatments = facts[first_fact:], treatments
    _relapsed(facts, [s for s in sentences if not about_a_relative(s)])
    facts.extend(_substance_use_denial(facts))
    return facts


# A course's length told of a treatment by a pronoun ("I took them every day for three
# years", "was on it for 18 months"): the treatment the sentence before names.
_PRONOUN_COURSE = re.compile(
    r"\b(?:took|taken|taking|used|continued|stayed on|was on|were on|been on)\s+"
    rf"(?:it|them|this|these)\b[^.;]*?\bfor\s+(?:about\s+|around\s+)?{_COUNT}\s+{_UNIT}\b",
    re.IGNORECASE,
)


def _course_length_told_after(sentence: str, previous_treatments: Sequence[Fact]) -> None:
    """A course's length written in a sentence of its own by a pronoun ("Started letrozole
    in 2021. I took them every day for three years.") is the length of the one treatment
    the sentence before names (two or more: whose length is unsaid); called only when this
    sentence names no treatment of its own. A denied sentence ("never took it for …") gives
    none."""
    named = [fact for fact in previous_treatments if not fact.negated]
    if len({fact.concept for fact in named}) != 1:
        return
    found = _PRONOUN_COURSE.search(sentence)
    if found is None or _NEVER_BEFORE.search(sentence, 0, found.start()):
        return
    for fact in named:
        fact.duration_days = _count(found.group(1)) * DAYS_PER_UNIT[found.group(2).lower()]


# A denial before a pronoun's course ("I never took it for more than a week").
_NEVER_BEFORE = re.compile(r"\b(?:never|not|didn't|don't|haven't)\b", re.IGNORECASE)


def _operation_findings(
    sentence: str, concepts: Sequence[tuple[ConceptFinding, object]], scanned: _Scanned
) -> list[tuple[ConceptFinding, tuple[str, ...]]]:
    """The operations a sentence names where the lexicon reads nothing ("Billroth II partial
    gastrectomy 1998", "appendicectomy"), each read as the lexicon's surgery with its MeSH
    descriptors: a named operation is a surgery of its site, read, dated and denied as the
    word "surgery" would be. One the lexicon reads itself ("hysterectomy", "CABG") is its."""
    found: list[tuple[ConceptFinding, tuple[str, ...]]] = []
    for operation in named_operations(sentence, _scan(sentence, scanned)):
        if _read_there(operation.start, operation.end, concepts):
            continue
        finding = _finding_at(sentence, "surgery", "procedure", operation.start, operation.end)
        found.append((finding, operation.descriptor_ids))
    return found


def _finding_at(sentence: str, concept: str, category: str, start: int, end: int) -> ConceptFinding:
    """A concept the sentence names at ``start``-``end`` that the lexicon did not read there,
    as the lexicon's finding would be (neither denied nor past until the note reader says)."""
    return ConceptFinding(
        concept=concept,
        category=category,
        start=start,
        end=end,
        text=sentence[start:end],
        negated=False,
        historical=False,
    )


def _medicine_findings(
    sentence: str, read: Sequence[tuple[ConceptFinding, object]], scanned: _Scanned
) -> list[ConceptFinding]:
    """The medicines a sentence names where the lexicon reads nothing, by the name on the box
    or in people's words ("Lasix 40 mg daily", "the water tablets"), each read as the
    lexicon's treatment the vocabulary leads it to (``trialfinder.medicine_names``): read,
    dated, stopped and denied as the generic name would be. Not where the lexicon reads a
    name in another sense ("an adrenaline auto-injector" is no vasopressor)."""
    medicines = named_medicines(sentence, _scan(sentence, scanned))
    other_senses = other_sense_spans(sentence) if medicines else []
    return [
        _finding_at(sentence, medicine.concept, "treatment", medicine.start, medicine.end)
        for medicine in medicines
        if not _read_there(medicine.start, medicine.end, read)
        and not _overlaps(medicine.start, medicine.end, other_senses)
    ]


def _read_there(start: int, end: int, read: Sequence[tuple[ConceptFinding, object]]) -> bool:
    """Whether a finding of ``read`` stands on any of the words at ``start``-``end``: the
    lexicon's own reading of them comes first."""
    return _overlaps(start, end, [(f.start, f.end) for f, _ in read])


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Whether any of ``spans`` stands on any of the words at ``start``-``end``."""
    return any(s < end and start < e for s, e in spans)


@functools.lru_cache(maxsize=4096)
def named_concepts(sentence: str) -> tuple[ConceptFinding, ...]:
    """The lexicon's concepts a note sentence names and the medicines it names by the name on
    the box or in people's words (:func:`_medicine_findings`), in order: what the note reader
    read there, for a judge that looks again at where a fact's words stand ("AF on Eliquis")."""
    found = find_concepts(sentence)
    medicines = _medicine_findings(sentence, [(f, None) for f in found], {})
    return tuple(sorted([*found, *medicines], key=lambda finding: finding.start))


def _stage_told_after(
    sentence: str, findings: Sequence[ConceptFinding], previous: Sequence[Fact]
) -> None:
    """A stage or TNM written as a sentence of its own ("Breast cancer, left. Stage IIB.",
    "NSCLC dx 2025. Stage IIIB.", "Colon cancer, resected 2025. Pathology T3 N1b M0.") is the
    stage of the cancer the sentence before names: notes list a diagnosis, then its stage.
    Only when this sentence names no condition of its own, writes one stage (or one TNM),
    and the sentence before names one cancer (two cancers: whose stage is unsaid);
    a stage written on the cancer itself stays, and a written stage outweighs the extent
    words' stage IV, as in one sentence."""
    if any(finding.category == "condition" for finding in findings):
        return
    cancers = [
        fact
        for fact in previous
        if fact.kind == "concept"
        and fact.concept is not None
        and not fact.negated
        and is_a(fact.concept, "cancer")
    ]
    if len({fact.concept for fact in cancers}) != 1:
        return
    spans = [span for span in stage_spans(sentence) if span.stage.scale == "stage"]
    # A TNM on its own counts when a prefix or a second category marks it ("pT3N0M0").
    tnms = _marked_tnms(tnm_spans(sentence))
    for fact in cancers:
        if len(spans) == 1 and (fact.stage is None or fact.stage is _METASTATIC_STAGE):
            fact.stage = spans[0].stage
        if len(tnms) == 1 and (fact.tnm is None or fact.tnm is _METASTATIC_TNM):
            fact.tnm = tnms[0]
            if fact.stage is None or fact.stage is _METASTATIC_STAGE:
                fact.stage = _stage_of_m1(fact.tnm) or fact.stage


def _drug_reaction_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """An allergy read from a reaction the note names with a drug ("Rash with fluconazole in
    2025", "intolerant of metformin", "no reaction to penicillin" denies it), when the
    sentence names no allergy already. The judge then asks whether the drug is the
    criterion's allergen or of its class (``match``)."""
    if any(fact.concept in load_screening_rules().allergy_concepts for fact in read):
        return []
    for cue in _drug_reaction_cues().finditer(sentence):
        if not _names_a_drug(cue.group(1)):
            continue
        context = note_context(sentence, cue.start(), cue.end())
        if "family" in context:
            continue
        return [
            Fact(
                kind="concept",
                evidence=sentence,
                concept=load_screening_rules().allergy_concepts[0],
                negated="negation" in context,
            )
        ]
    return []


def _a_drug_reacted_to(sentence: str, finding: ConceptFinding) -> bool:
    """Whether the treatment found is the drug a reaction cue names ("Intolerant of
    metformin", "allergic to amoxicillin"): the note speaks of a reaction to it, not of a
    medication the patient is on, so it is not read as one (the allergy fact stays, read by
    :func:`_drug_reaction_facts` or the lexicon). A denied reaction ("no reaction to
    penicillin") is left as read."""
    if finding.category != "treatment":
        return False
    return any(
        cue.start(1) == finding.start
        and "negation" not in note_context(sentence, cue.start(), cue.end())
        for cue in _drug_reaction_cues().finditer(sentence)
    )


_FOR_AFTER = re.compile(r"\s+(?:for|of)\s", re.IGNORECASE)


def _untreated_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """Denied systemic therapy from "treatment-naive" written with no treatment named, once
    the note has named a cancer (in this sentence or before): a coordinator reads it as no
    prior systemic therapy. Elsewhere ("HIV, treatment-naive") it is not read so. "No
    treatment given yet" says no treatment at all, so it denies radiotherapy too; a
    treatment the note names as given is never denied ("radiotherapy 2019 … relapsed, no
    treatment yet" is about the relapse). "No other cancer treatment ever" closes the
    history: each class of ``note_no_treatment_denies`` but those of the treatments named so
    far is denied (one named later is a fact of its own, which the judge reads first), but
    chemotherapy when the note names a regimen nothing reads ("ECX", "CTD")."""
    rules = load_screening_rules()
    closed = screening_phrase("note_closed_history_phrases").search(sentence)
    said = closed or screening_phrase("note_no_treatment_phrases").search(sentence)
    if said is not None:
        denies = rules.note_no_treatment_denies
        if closed is not None:
            if _names_an_unread_regimen(
                {sentence} | {fact.evidence for fact in read if fact.evidence}
            ):
                # "ECX x3 then radiotherapy; no other treatment": a regimen nothing reads is
                # chemotherapy more often than not, so the history does not deny it.
                denies = [concept for concept in denies if concept != _REGIMEN_CLASS]
            else:
                denies = [*denies, *rules.note_closed_history_denies]
    elif (said := screening_phrase("note_untreated_phrases").search(sentence)) is not None:
        denies = rules.note_untreated_denies
    else:
        return []
    if _said_of_another_condition(sentence, said.start(), read):
        return []
    # "No prior treatment for lung cancer": the cancer the words are said of, named after them.
    named_for = _FOR_AFTER.match(sentence, said.end()) is not None
    if not any(
        fact.concept is not None
        and (not fact.negated or (named_for and fact.evidence == sentence))
        and is_a(fact.concept, "cancer")
        for fact in read
    ):
        return []
    denied = {fact.concept for fact in read if fact.negated}
    given = {fact.concept for fact in read if not fact.negated}
    if closed is not None:
        # Every class of a treatment the note names was given: only the others are denied.
        ancestors = load_lexicon().ancestors
        denied |= {c for g in given if g is not None for c in ancestors.get(g, {g})}
    elif denies is rules.note_no_treatment_denies and given & set(denies):
        return []
    return [
        Fact(kind="concept", evidence=sentence, concept=concept, negated=True)
        for concept in denies
        if concept not in denied
    ]


# What a regimen nothing reads ("ECX", "CTD") most often is: a complete history naming one does
# not deny it.
_REGIMEN_CLASS = "chemotherapy"
# A stage's Roman numeral ("stage II") or a coded word with a digit ("G12D", "HER2"): no regimen.
_ROMAN_OR_CODED = re.compile(r"[IVX]+|.*\d.*")
# A count of cycles written after a regimen ("ECX x3", "R-CHOP ×6").
_CYCLES = re.compile(r"(?<![\w-])[x×]\s?\d{1,2}\b")


def _names_an_unread_regimen(sentences: Iterable[str]) -> bool:
    """Whether a sentence naming a treatment (``note_closed_history_regimen_words``: "CTD
    then ASCT", "ECX x3") writes a regimen's capitals ("CTD", "ECX": two capitals in a word,
    as a line's regimen is read) that neither the lexicon nor the disease vocabulary reads,
    nor ``note_closed_history_not_regimens`` (a transplant, a response, a stage), nor a
    test's, an image's or a lab's abbreviation (:func:`_a_test_abbreviation`): its drugs
    may be any, so a closed history denies no single drug."""
    regimen = _line_patterns().regimen
    not_regimens = set(load_screening_rules().note_closed_history_not_regimens)
    treatment_words = screening_phrase("note_closed_history_regimen_words")
    for text in sentences:
        if treatment_words.search(text) is None and _CYCLES.search(text) is None:
            continue
        read_spans = [(f.start, f.end) for f in find_concepts(text)]
        read_spans += [(m.start, m.end) for m in disease_mentions(text)]
        for match in regimen.finditer(text):
            word = match.group()
            if (
                word in not_regimens
                or _ROMAN_OR_CODED.fullmatch(word)
                or _a_test_abbreviation(word)
            ):
                continue
            if not any(start < match.end() and match.start() < end for start, end in read_spans):
                return True
    return False


def _a_test_abbreviation(word: str) -> bool:
    """Whether the vocabulary knows ``word`` for a test, an image or a lab value, no regimen:
    a lab analyte of the lexicon ("ALT", "CEA", "LFTs"), a tumour marker ("ER", "PR"), a
    scan the judge reads clear (``clear_scan_nouns``: "CT", "MRI", "PET") or a MeSH
    diagnostic procedure (E01: "ECG", "ERCP", "PET-CT")."""
    lowered = word.lower()
    cues = load_screening_rules().judge_cues
    return (
        lowered in load_lexicon().analyte_index
        or bool(markers_named(word))
        or (cues is not None and lowered in {noun.lower() for noun in cues.clear_scan_nouns})
        or any(
            tree.startswith(_DIAGNOSIS_TREE)
            for reading in load_vocabulary().lookup(lowered)
            for tree in reading.concept.tree_numbers
        )
    )


# MeSH Diagnosis (E01): its procedures are tests and images, no treatment.
_DIAGNOSIS_TREE = "E01"


def _said_of_another_condition(sentence: str, start: int, read: Sequence[Fact]) -> bool:
    """Whether words of no treatment starting at ``start`` are said of another condition the
    sentence names before them ("I have eczema on my hands and haven't had any treatment for
    it"): a MeSH disease that is no neoplasm, in a sentence naming no cancer."""
    if any(
        fact.evidence == sentence and fact.concept is not None and is_a(fact.concept, "cancer")
        for fact in read
    ):
        return False
    vocabulary = load_vocabulary()
    return any(
        mention.end <= start and not vocabulary.is_a(mention.descriptor_id, _NEOPLASMS)
        for mention in disease_mentions(sentence)
    )


# MeSH Neoplasms: a disease under it is a cancer the words of no treatment may be said of.
_NEOPLASMS = "D009369"


def _uterine_scar_facts(read: Sequence[Fact]) -> list[Fact]:
    """A uterine scar of each operation through the uterine wall the sentence names
    (``uterine_scar_operations`` of ``obstetric_note_words``: caesarean, hysterotomy,
    myomectomy), dated as the operation is; the scar is no operation of its own (a criterion
    asking a past operation reads the operation's fact)."""
    words = load_screening_rules().obstetric_note_words
    if words is None or any(fact.concept == "uterine_scar" for fact in read):
        return []
    scarring = set(words.uterine_scar_operations)
    return [
        msgspec.structs.replace(fact, concept="uterine_scar", operations=())
        for fact in read
        if not fact.negated and scarring & set(fact.operations)
    ][:1]


def _implant_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """A fact of each implant an operation the sentence names leaves in the body
    (``note_implant_operations``): "R total knee replacement 2021" is a metal implant now."""
    named = {fact.concept for fact in read}
    done = {op for fact in read if not fact.negated for op in fact.operations}
    return [
        Fact(kind="concept", evidence=sentence, concept=concept, current=True)
        for concept, operations in load_screening_rules().note_implant_operations.items()
        if concept not in named and done & set(operations)
    ]


# "No", "never had", "denies any", "no known", "I don't have any": a denial of the whole
# system just before its words; "no other …" leaves what was named, and "no longer" tells of
# a past, so neither counts.
_SYSTEM_DENIED_BEFORE = re.compile(
    r"\b(?:no|never|denies|nil|(?:do|does)(?:\s+not|n[’']t)\s+have)\s+"
    r"(?:(?:had|has|any|known|significant|previous|prior|past)\s+){0,2}$",
    re.IGNORECASE,
)


# "Neurologically normal apart from a foot drop": the clear statement has an exception.
_EXCEPTION_AFTER = re.compile(r"\s*,?\s*(?:apart from|except|other than|save for|but)\b", re.I)


@functools.cache
def _denied_system_patterns() -> tuple[
    tuple[DeniedSystem, re.Pattern[str], re.Pattern[str] | None], ...
]:
    return tuple(
        (
            row,
            phrase_pattern(row.phrases),
            phrase_pattern(row.clear_phrases) if row.clear_phrases else None,
        )
        for row in load_screening_rules().note_denied_system
    )


def _denied_systems(sentence: str) -> list[tuple[DeniedSystem, str]]:
    """The body systems whose history or problems the sentence denies in everyday words
    (``note_denied_system``), each with its words as written: "No cardiac history", "never
    had lung problems". Only a denial just before the words counts; a system's words that
    state it clear on their own ("Neurologically normal") count undenied and with no
    exception after them."""
    found: list[tuple[DeniedSystem, str]] = []
    for row, phrases, clear in _denied_system_patterns():
        denied = [
            m
            for m in phrases.finditer(sentence)
            if _SYSTEM_DENIED_BEFORE.search(sentence[: m.start()])
        ]
        if clear is not None:
            denied += [
                m
                for m in undenied_matches(clear, sentence, _DENIED_BEFORE)
                if not _EXCEPTION_AFTER.match(sentence, m.end())
            ]
        if denied:
            found.append((row, denied[0].group(0)))
    return found


def _denied_system_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """A denied fact of each body system's diseases the sentence denies
    (:func:`_denied_systems`), as "No heart disease" gives; a concept the sentence already
    reads is left as read."""
    named = {fact.concept for fact in read}
    return [
        Fact(kind="concept", evidence=sentence, concept=row.concept, negated=True)
        for row, _ in _denied_systems(sentence)
        if row.concept not in named
    ]


def _denied_system_vocabulary_facts(
    sentence: str, read: Sequence[VocabularyFact]
) -> list[VocabularyFact]:
    """The MeSH side of :func:`_denied_system_facts`: "No cardiac history" denies Heart
    Diseases, so the diseases MeSH files under it are denied as under "No heart disease"."""
    named = {fact.descriptor_id for fact in read}
    return [
        VocabularyFact(row.mesh, words, sentence, negated=True)
        for row, words in _denied_systems(sentence)
        if row.mesh not in named
    ]


def _measured_concepts(sentence: str, read: Sequence[Fact], age: float | None) -> list[Fact]:
    """A current fact of each diagnosis of ``note_measured_concepts`` that a value measured
    in the sentence entails by its standard definition: "T: 39.5 C" is a fever now, "her
    blood pressure is 80/60" hypotension (systolic < 90 mmHg). Below the age a definition
    holds from (or at an unknown age) nothing is read. A sentence that names the concept
    dates it itself; a value read from a word ("febrile") is no measurement."""
    named = {fact.concept for fact in read}
    found: list[Fact] = []
    for rule in load_screening_rules().note_measured_concepts:
        if rule.concept in named:
            continue
        if rule.from_age_years and (age is None or age < rule.from_age_years):
            continue
        if any(
            fact.measurement is not None
            and fact.measurement.analyte == rule.analyte
            and fact.measurement.comparator == "="
            and fact.measurement.canonical_value is not None
            and comparison_holds(
                fact.measurement.canonical_value, rule.comparator, rule.value, None
            )
            for fact in read
        ):
            found.append(
                Fact(
                    kind="concept",
                    evidence=sentence,
                    concept=rule.concept,
                    current=True,
                    entailed_by=rule.analyte,
                )
            )
    return found


def _ability_facts(sentence: str, read: Sequence[Fact]) -> list[Fact]:
    """Denied inabilities from what the note says the patient does by mouth.

    "Eating small amounts by mouth, swallows tablets": a coordinator reads no inability to
    take oral medications and no mechanical obstruction to feeding. A sentence that says
    the patient cannot ("unable to take tablets orally", "nil by mouth") or names the
    inability itself states no ability, so nothing is denied there.
    """
    rules = load_screening_rules()
    if not rules.note_ability_denies:
        return []
    verbs, inability = _ability_patterns()
    named = {fact.concept for fact in read}
    if inability.search(sentence) or not named.isdisjoint(rules.note_ability_denies):
        return []
    if verbs.search(sentence) is None:
        return []
    return [
        Fact(kind="concept", evidence=sentence, concept=concept, negated=True)
        for concept in rules.note_ability_denies
    ]


@functools.cache
def _ability_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A verb of taking by mouth, then within three words what is taken or how; and the
    cues that say the patient cannot."""
    rules = load_screening_rules()
    verbs = phrase_alternation(rules.note_ability_verbs)
    objects = phrase_alternation(rules.note_ability_objects)
    return (
        re.compile(rf"\b(?:{verbs})\b(?:\W+\w+){{0,3}}?\W+(?:{objects})\b", re.IGNORECASE),
        phrase_pattern(rules.note_ability_inability_cues),
    )


@functools.cache
def _drug_reaction_cues() -> re.Pattern[str]:
    cues = phrase_alternation(load_screening_rules().note_drug_reaction_cues)
    return re.compile(rf"\b(?:{cues})\s+([^\W\d_][\w-]+)", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _names_a_drug(word: str) -> bool:
    """Whether MeSH reads the word as a chemical or drug (tree D): "fluconazole"."""
    readings = load_vocabulary().lookup(word)
    return bool(readings) and any(n.startswith("D") for n in readings[0].concept.tree_numbers)


def _relapsed(facts: list[Fact], sentences: list[str]) -> None:
    """A past cancer the note says relapsed is current ("L breast IDC 2019 … Relapsed Sept
    2026 with bone mets": the year dates the first diagnosis). Only when the note has one
    past cancer and the relapse names no other; a denied relapse ("no recurrence") is none."""
    ancestors = load_lexicon().ancestors
    cancers = [
        fact
        for fact in facts
        if fact.concept is not None
        and fact.historical
        and not fact.negated
        and is_a(fact.concept, "cancer")
    ]
    if len({fact.concept for fact in cancers}) != 1:
        return
    past = cancers[0].concept or ""
    pattern = _reading_patterns().relapse
    for evidence in sentences:
        sentence = written_out(evidence)
        others = {
            fact.concept
            for fact in facts
            if fact.evidence == evidence
            and fact.concept is not None
            and fact.concept != past
            and is_a(fact.concept, "cancer")
            and fact.concept not in ancestors.get(past, frozenset())
        }
        relapse = next(
            (
                found
                for found in pattern.finditer(sentence)
                if "negation" not in note_context(sentence, found.start(), found.end())
            ),
            None,
        )
        if relapse is not None and not others:
            for fact in cancers:
                fact.historical, fact.current, fact.end_year = False, True, None
            return


def _current_pregnancy_states(
    facts: list[Fact], age: float | None, sex: Literal["female", "male"] | None
) -> list[Fact]:
    """Pregnancy and lactation facts: states of now, of a girl or woman old enough.

    A 4-year-old "born at 38 weeks gestation" or a breastfed baby boy is neither
    pregnant nor lactating: the note speaks of their birth or their mother. A past
    pregnancy ("Past Medical History: hypertension with pregnancy") is not one now.
    """
    youngest = load_screening_rules().youngest_childbearing_age_years
    can_be_pregnant = sex != "male" and (age is None or age >= youngest)
    ancestors = load_lexicon().ancestors
    pregnancy_states = {"pregnancy", "lactation"}
    return [
        fact
        for fact in facts
        if fact.concept is None
        or not pregnancy_states & ancestors.get(fact.concept, frozenset({fact.concept}))
        or (can_be_pregnant and not (fact.historical and not fact.current))
    ]


def is_disease(concept: VocabularyConcept) -> bool:
    """MeSH diseases (C) and mental disorders (F03), not signs and symptoms (C23)."""
    return any(
        (number.startswith("C") and not number.startswith("C23")) or number.startswith("F03")
        for number in concept.tree_numbers
    )


# A concept id naming a MeSH descriptor rather than a lexicon concept ("mesh:D007716").
VOCABULARY_CONCEPT_PREFIX = "mesh:"


_PHRASE_BREAK = re.compile(r"[,;:()\[\]/]")


class DiseaseMention(msgspec.Struct, frozen=True):
    """A MeSH disease named in text, where, and the context cues reaching it."""

    descriptor_id: str
    words: str
    start: int
    end: int
    context: frozenset[str]


def disease_mentions(
    text: str, mentions: Sequence[tuple[Mention, int, int]] | None = None
) -> list[DiseaseMention]:
    """The MeSH diseases ``text`` names, with the context stage's reading of each.

    One reader for notes and criteria alike, so a disease the judge looks for in a
    criterion is found in a note by the same words. Misspellings are left out, and so are
    abbreviations unless the clinical lexicon names the same words at the same place
    ("NSCLC"): a short form is too ambiguous to stand alone, one the curated lexicon
    reads as a condition there is not. A lay name inside a longer condition the lexicon
    reads is a word of that name, not a disease of its own: MeSH has no heading for
    "discoid lupus", and its last word alone is the lay name of systemic lupus.
    ``mentions`` are the vocabulary's mentions of ``text`` when the caller has them already
    (a note sentence is also read for its operations); found here otherwise. A body part
    named right before an injury word is that part's injury, as search reads it
    ("supraspinatus tear": *Rotator Cuff Injuries*; ``vocabulary.part_injuries``). A disease
    read inside an operation's eponym ("Whipple's", "Frey's procedure":
    ``operations.eponymous_operation_spans``) is the operation's name, not the disease.
    """
    lexicon: list[ConceptFinding] | None = None
    vocabulary = load_vocabulary()
    if mentions is None:
        mentions = vocabulary.mention_offsets(text)
    found = _part_injury_mentions(text, mentions)
    injured = [(m.start, m.end) for m in found]
    # A disease read inside an operation's eponym ("pylorus-preserving Whipple's") is its name.
    eponyms = eponymous_operation_spans(text)
    site_end = 0  # where the last site-named cancer's site ends: its words are read
    for mention, start, end in mentions:
        reading = mention.readings[0]
        if (
            start < site_end
            or any(at <= start < until for at, until in injured)
            or any(at <= start and end <= until for at, until in eponyms)
            or not is_disease(reading.concept)
            or not vocabulary.names_it(text[start:end], reading)
        ):
            continue
        site_named = _site_named_cancer(text, start, end) or _adjective_named_cancer(
            text, start, end
        )
        if site_named is not None:
            organ_cancers, site_start, site_end = site_named
            context = context_at(text, site_start, site_end)
            words = text[site_start:site_end]
            found.extend(
                DiseaseMention(c, words, site_start, site_end, context) for c in organ_cancers
            )
            continue
        if reading.kind == "abbreviation" and text[start:end] not in _disease_abbreviations():
            if lexicon is None:
                lexicon = find_concepts(text)
            if not any((f.start, f.end) == (start, end) for f in lexicon):
                continue
        if reading.kind == "lay":
            if lexicon is None:
                lexicon = find_concepts(text)
            if any(_inside_a_longer_condition(f, start, end) for f in lexicon):
                continue
        if _PHRASE_BREAK.search(text, start, end):
            continue  # "disease, metabolic dysfunction" is two phrases, not "Disease, Metabolic"
        context = context_at(text, start, end)
        found.append(DiseaseMention(reading.concept.id, text[start:end], start, end, context))
    return sorted(found, key=lambda m: m.start)


def _part_injury_mentions(
    text: str, mentions: Sequence[tuple[Mention, int, int]]
) -> list[DiseaseMention]:
    """The injuries of body parts ``text`` names ("left zygomatic arch fracture": *Zygomatic
    Fractures*, "abdominal trauma", "fracture of the hip", "broken cheekbone"), each spanning
    its own words in ``text``: the part's and the injury word's, whatever order they stand in.
    An injury whose words the vocabulary reads as one concept already ("traumatic brain
    injury", "head injury") is that concept's mention, not read again."""
    spans = word_spans(text)
    read_whole = [(mention.start, mention.end) for mention, _, _ in mentions]
    found: list[DiseaseMention] = []
    for injury in part_injuries(text, [mention for mention, _, _ in mentions]):
        if injury.end > len(spans) or any(
            start <= injury.start and injury.end <= end for start, end in read_whole
        ):
            continue
        start, end = spans[injury.start][0], spans[injury.end - 1][1]
        context = context_at(text, start, end)
        descriptor = injury.readings[0].concept.id
        found.append(DiseaseMention(descriptor, text[start:end], start, end, context))
    return found


@functools.cache
def _site_tail() -> tuple[re.Pattern[str], dict[str, str]]:
    """The words naming an organ's site after a histology ("of the left lower lobe of the
    lung", " RUL"), ending in an organ word, and the organ of each organ word
    (``site_named_cancers``)."""
    rules = load_screening_rules()
    organ_of = {
        word.casefold(): organ
        for organ, words in rules.site_named_cancers.items()
        for word in words
    }
    of_the = r"(?:of\s+(?:the\s+)?)?"
    site_words = phrase_alternation(rules.site_named_cancer_site_words)
    organs = phrase_alternation(organ_of)
    pattern = rf"\s+{of_the}(?:(?:{site_words})\s+{of_the})*(?P<organ>{organs})\b"
    return re.compile(pattern, re.IGNORECASE), organ_of


def _is_histology(descriptor_id: str) -> bool:
    """Whether MeSH files a neoplasm by its histology only (C04.557), or it is *Neoplasms* or
    *Carcinoma* themselves: a cancer named without its organ."""
    concept = load_vocabulary().concept(descriptor_id)
    if concept is None:
        return False
    return all(n == "C04" or n.startswith(HISTOLOGY_BRANCH) for n in concept.tree_numbers)


def _organ_cancers(organ: str, histology: str) -> list[str]:
    """The MeSH headings of ``organ``'s cancer of ``histology`` (a MeSH heading's name):
    ``site_named_cancer_histologies``, else the organ's "<organ> cancer"."""
    vocabulary = load_vocabulary()
    by_histology = load_screening_rules().site_named_cancer_histologies.get(organ, {})
    names = by_histology.get(histology, [f"{organ} cancer"])
    return [readings[0].concept.id for readings in map(vocabulary.lookup, names) if readings]


@functools.cache
def _organ_adjectives() -> tuple[re.Pattern[str], dict[str, str]]:
    """An organ's adjective ending right where a histology starts ("rectal " of "rectal
    adenocarcinoma"), and the organ of each adjective (``site_named_cancer_adjectives``)."""
    organ_of = {
        word.casefold(): organ
        for organ, words in load_screening_rules().site_named_cancer_adjectives.items()
        for word in words
    }
    pattern = rf"\b(?P<adjective>{phrase_alternation(organ_of)})\s+$"
    return re.compile(pattern, re.IGNORECASE), organ_of


def _adjective_named_cancer(text: str, start: int, end: int) -> tuple[list[str], int, int] | None:
    """The histology written from ``start`` to ``end`` and the organ's cancers it and an
    organ's adjective right before it name ("rectal adenocarcinoma": *Adenocarcinoma*,
    *Rectal Neoplasms*), with where the adjective starts and the histology ends; None when
    no adjective comes before or the words are no histology."""
    pattern, organ_of = _organ_adjectives()
    before = pattern.search(text, max(0, start - 40), start)
    if before is None:
        return None
    histologies = [
        r.concept for r in load_vocabulary().lookup(text[start:end]) if _is_histology(r.concept.id)
    ]
    if not histologies:
        return None
    organ_cancers = _organ_cancers(
        organ_of[before.group("adjective").casefold()], histologies[0].name
    )
    if not organ_cancers:
        return None
    return [histologies[0].id, *organ_cancers], before.start(), end


def _site_named_cancer(text: str, start: int, end: int) -> tuple[list[str], int, int] | None:
    """The histology written from ``start`` and the organ's cancers it and an organ's site
    after it name ("Adenocarcinoma RUL": *Adenocarcinoma*, *Adenocarcinoma of Lung*), with
    where the histology starts and the site ends; None when no
    site follows. The histology may end inside the vocabulary's mention ("Cancer of the head"
    of "cancer of the head of the pancreas" is no head and neck cancer)."""
    pattern, organ_of = _site_tail()
    vocabulary = load_vocabulary()
    spaces = (space.start() for space in re.finditer(r"\s", text[start:end]))
    for histology_end in (end, *(start + space for space in spaces)):
        tail = pattern.match(text, histology_end)
        if tail is None or tail.end() <= end:
            continue
        histologies = [
            r.concept
            for r in vocabulary.lookup(text[start:histology_end])
            if _is_histology(r.concept.id)
        ]
        if not histologies:
            continue
        organ_cancers = _organ_cancers(
            organ_of[tail.group("organ").casefold()], histologies[0].name
        )
        if organ_cancers:
            return [histologies[0].id, *organ_cancers], start, tail.end()
    return None


def _inside_a_longer_condition(finding: ConceptFinding, start: int, end: int) -> bool:
    """Whether the words from ``start`` to ``end`` lie inside, and are shorter than, a
    condition the lexicon reads there ("lupus" in "discoid lupus")."""
    return (
        finding.category == "condition"
        and finding.start <= start
        and end <= finding.end
        and (finding.start, finding.end) != (start, end)
    )


@functools.cache
def _disease_abbreviations() -> frozenset[str]:
    """The short forms a note or criterion may name a disease by alone, case as written: an
    oncologist's "PDAC" is a pancreatic ductal carcinoma wherever it stands."""
    return frozenset(load_screening_rules().note_disease_abbreviations)


def _vocabulary_facts(
    sentence: str, scanned: _Scanned, when: tuple[datetime.date, float | None] | None = None
) -> list[VocabularyFact]:
    """The diseases a note sentence names by MeSH terms, read with the context stage and,
    for a note written on ``when`` (its day and the patient's age), the date the sentence
    gives each (:func:`_vocabulary_dated`)."""
    if about_a_relative(sentence):
        return []
    uncertainty = _rule_patterns()[3].search(sentence)
    found: list[VocabularyFact] = []
    spans = stage_spans(sentence)
    times: _SentenceTimes | None = None  # the sentence's times, read once it dates a mention
    mentions = disease_mentions(sentence, _scan(sentence, scanned))
    findings = [
        ConceptFinding(
            f"{VOCABULARY_CONCEPT_PREFIX}{m.descriptor_id}",
            "condition",
            m.start,
            m.end,
            m.words,
            False,
            False,
        )
        for m in mentions
    ]
    for mention, finding in zip(mentions, findings, strict=True):
        context = note_context(sentence, mention.start, mention.end)
        if (
            {"family", "hypothetical"} & context
            or (uncertainty is not None and uncertainty.start() < mention.start)
            or _another_disease_by_its_words(sentence, mention.start, mention.words)
            or _prevented_or_sought(sentence, mention.start, mention.end)
            or _a_vaccine_against(sentence, mention.start, mention.end)
            or _a_test_named_alone(sentence, mention.start, mention.end)
            or _untested(sentence, mention.end)
        ):
            continue
        negated = "negation" in context or _a_result_after_the_list_denies(
            sentence, mention.start, mention.end
        )
        if negated and (
            _names_a_treatment(sentence, mention.end)
            or _a_sibling_site_before(sentence, mention.start, mention.words)
            or _bounded_in_time(sentence, mention.start, mention.end)
        ):
            continue
        stage = attached_stage(sentence, mention.start, mention.end, spans) if spans else None
        dated = None
        if not negated and when is not None:
            times = times or _sentence_times(sentence, *when)
            dated = _vocabulary_dated(sentence, finding, findings, context, when[0], times)
        found.append(
            VocabularyFact(mention.descriptor_id, mention.words, sentence, negated, stage, dated)
        )
    return [*found, *_denied_system_vocabulary_facts(sentence, found)]


def _vocabulary_dated(
    sentence: str,
    finding: ConceptFinding,
    findings: Sequence[ConceptFinding],
    context: frozenset[ContextCategory],
    written: datetime.date,
    times: _SentenceTimes,
) -> Fact | None:
    """A condition fact of a MeSH-named disease dated as a lexicon fact is
    (:func:`_date_finding`, from the sentence's ``times`` in a note written on ``written``),
    or None when the sentence does not say when."""
    fact = Fact("concept", sentence, finding.concept, historical="history" in context)
    _date_finding(fact, sentence, finding, findings, context, times, False, written)
    if (
        fact.days_ago is None
        and fact.start_year is None
        and fact.end_year is None
        and fact.duration_days is None
    ):
        return None
    if _DIAGNOSED_AFTER.match(sentence, finding.end):
        # "adrenal insufficiency diagnosed in 2015": when it began, as a chronic lexicon
        # disease's date is; whether it goes on, MeSH does not say, so it is no end.
        fact.end_year = None
        if fact.days_ago is not None:
            fact.duration_days, fact.days_ago = fact.days_ago, None
    fact.current = fact.current and not fact.historical
    return fact


def _a_test_named_alone(sentence: str, start: int, end: int) -> bool:
    """Whether the MeSH terms at ``[start, end)`` name an infection only as a test with no
    result, as the lexicon's reading of it is skipped (:func:`_concept_facts`): "HBsAg sent
    today", "HIV test pending"."""
    if any(s <= start and end <= e for s, e in unresulted_test_spans(sentence)):
        return True
    return untested_name(sentence, end) and any(
        f.start < end and start < f.end and f.concept in tested_concepts()
        for f in find_concepts(sentence)
    )


def _a_result_after_the_list_denies(sentence: str, start: int, end: int) -> bool:
    """Whether an infection the MeSH terms name at ``[start, end)`` is denied by a result
    written after the names joined to it, as the lexicon's reading of it is
    (:func:`_finding_context`): "HIV, HBV and HCV negative" denies the hepatitis B too."""
    if _conjunct_end(sentence, end) is None:
        return False
    return any(
        finding.start == start
        and finding.end == end
        and _tested_for(finding.concept)
        and "negation" in _finding_context(sentence, start, end)
        for finding in find_concepts(sentence)
    )


def _note_vocabulary_facts(
    sentences: Sequence[str],
    scanned: _Scanned,
    when: tuple[datetime.date, float | None] | None = None,
) -> list[VocabularyFact]:
    """The MeSH diseases of the note's sentences, dated for a note written on ``when`` (its day
    and the patient's age: :func:`_vocabulary_facts`); a stage written as a sentence of its own
    ("Cholangiocarcinoma dx 2025. Stage IIIB.") is the stage of the one neoplasm the sentence
    before names, as ``_stage_told_after`` gives it to a lexicon cancer."""
    found: list[VocabularyFact] = []
    previous = 0  # where the sentence before's facts begin in ``found``
    for sentence in sentences:
        own = _vocabulary_facts(sentence, scanned, when)
        if not own and not disease_mentions(sentence, _scan(sentence, scanned)):
            before = found[previous:]
            neoplasms = [f for f in before if not f.negated and is_neoplasm(f.descriptor_id)]
            spans = [span for span in stage_spans(sentence) if span.stage.scale == "stage"]
            if (
                len({f.descriptor_id for f in neoplasms}) == 1
                and len(spans) == 1
                and not any(f.category == "condition" for f in find_concepts(sentence))
            ):
                found[previous:] = [
                    msgspec.structs.replace(f, stage=spans[0].stage)
                    if f in neoplasms and f.stage is None
                    else f
                    for f in before
                ]
        previous = len(found)
        found.extend(own)
    return found


def is_neoplasm(descriptor_id: str) -> bool:
    """Whether MeSH files a disease under Neoplasms (C04), the diseases staged."""
    concept = load_vocabulary().concept(descriptor_id)
    return concept is not None and any(n.startswith("C04") for n in concept.tree_numbers)


def _outdated(note_age_days: float | None) -> bool:
    """A note written more than a year ago: what it says held then (``_dated``'s bound)."""
    return note_age_days is not None and note_age_days > DAYS_PER_UNIT["year"]


def _as_of_note_date(facts: list[Fact], note_age_days: float) -> list[Fact]:
    """Note facts dated from the day the note was written, not from today.

    "3 weeks ago" in a note written 400 days ago is 421 days ago; a finding the
    note gives as present then is as old as the note. A chronic disease's date is
    when it began, so it goes on. A value measured or a denial written more than a
    year ago says nothing of the patient now: it is left out (unknown, not false).
    """
    outdated = _outdated(note_age_days)
    chronic = load_screening_rules().chronic_concepts
    kept: list[Fact] = []
    for fact in facts:
        if outdated and (fact.negated or fact.kind != "concept"):
            continue
        if fact.days_ago is not None:
            _ago(fact, fact.days_ago + note_age_days)
        elif fact.concept not in chronic or fact.historical:
            if fact.start_year is None and fact.end_year is None and fact.duration_days is None:
                _ago(fact, note_age_days)
            fact.current = fact.current and not fact.historical
        kept.append(fact)
    return kept


def _ago(fact: Fact, days_ago: float) -> None:
    """Date a finding so many days back; more than a year back is history."""
    fact.days_ago = days_ago
    fact.historical = fact.historical or days_ago > DAYS_PER_UNIT["year"]


# A year opening a sentence dates what it tells ("In 2019 she had a lumpectomy and
# radiotherapy", "2019: lumpectomy").
_YEAR_OPENING = re.compile(
    r"\W*(?:(?:in|during)\s+((?:19|20)\d\d)\b,?|((?:19|20)\d\d)\s*:)\s+", re.IGNORECASE
)
# The words a day opening a sentence may stand after ("On 12.04.2026 she had ...").
_DAY_OPENING = re.compile(r"\W*(?:(?:in|on|during)\s+)?", re.IGNORECASE)
# Words right before a day that make it the day a treatment began ("started on 1 March
# 2026", "from 01/03/2026"; ``course_start_words``, ``course_start_verbs``): it goes on, so
# the day says how long it has lasted.
_BEGAN_ON = r"\b(?:{course_start_words}|{course_start_verbs})\s+(?:on\s+|in\s+)?$"
# A day right after a day ending a span of them ("1 March 2026 to 15 May 2026").
_DAY_SPAN = re.compile(r"\s*(?:-|–|to|until|till)\s*$", re.IGNORECASE)
# Between a finding and a day, a list's break before another finding: that day is its.
# More words than these between the finding's item and the day is another thing's day
# ("stopped, last dose" is near).
_DAY_REACH = 5
_ITEM_BREAK = re.compile(r"[,;]")
# A radiotherapy course's own dose and fractions between it and its day ("Palliative RT L2
# vertebra 8 Gy single fraction 26/11/2026", "SBRT 50 Gy/5 fr 01/10/2026") are the course's
# item, not words of another thing: not counted against the reach.
_COURSE_DOSE = re.compile(
    r"\b\d+(?:\.\d+)?\s*Gy\b(?:\s*(?:/|in|x|×)\s*\d+)?(?:\s*(?:single\s+)?"
    r"(?:fractions?|fr|fx)\b)?",
    re.IGNORECASE,
)


def _day_dated(
    fact: Fact,
    sentence: str,
    finding: ConceptFinding,
    others: Sequence[ConceptFinding],
    measured: Sequence[int],
    written: datetime.date,
) -> None:
    """Date a treatment or procedure by a day the sentence writes after it ("warfarin
    stopped, last dose 03/05/2026", "last cycle on 20.11.2026", ``trialfinder.written_dates``)
    or by a day or a year opening the sentence ("In 2019 she had a lumpectomy and
    radiotherapy"), when no time word dated it: a day the treatment began on ("from 1 March
    2026") says how long a current one has lasted, any other how long ago it was (the last of
    a span). A day after a later list item's finding (of ``others``, the sentence's
    findings) or a measurement (``measured``: where the sentence's values start), or further
    than a few words past the finding's item, is another thing's."""
    if fact.days_ago is not None or fact.duration_days is not None or fact.negated:
        return
    days = [day for day in written_days(sentence) if day.day <= written]
    month = _MONTH_ALONE.search(sentence, finding.end)
    if month is not None and not any(day.start < month.start() for day in days):
        # "radiotherapy in June and started tamoxifen in July": its own month, the middle
        # of the last such month up to the day of the note (``_month_time``).
        middle = _last_such_month(month_number(month.group(2)), written).replace(day=MID_MONTH_DAY)
        if middle <= written:
            days.append(WrittenDay(month.start(2), month.end(), middle, month_only=True))
            days.sort(key=lambda day: day.start)
    after = [day for day in days if day.start >= finding.end]
    day = after[0] if after else None
    reach = finding.end  # the end of the item the finding is in ("carboplatin + paclitaxel")
    for other in sorted(others, key=lambda f: f.start):
        if day is None or not reach <= other.start < day.start:
            continue
        if _ITEM_BREAK.search(sentence, reach, other.start):
            day = None  # "HTN on ramipril, chemo 03/11/2026": the later item's day
        else:
            reach = max(reach, other.end)
    if day is not None and (
        len(_COURSE_DOSE.sub(" ", sentence[reach : day.start]).split()) > _DAY_REACH
        or any(finding.end <= start < day.start for start in measured)
    ):
        day = None  # "AF on apixaban, INR 2.3 on 01/12/2026": the day of something else
    if day is not None and _opens_a_later_item(sentence, day, others):
        day = None  # "on metformin and, since 03/2024, insulin": insulin's start
    if (
        day is None
        and days
        and days[0].end <= finding.start
        and _DAY_OPENING.fullmatch(sentence, 0, days[0].start)
    ):
        day = days[0]
    if day is None:
        opening = _YEAR_OPENING.match(sentence)
        if opening is not None and fact.start_year is None and opening.end() <= finding.start:
            _timed(fact, opening.group(1) or opening.group(2), written)
        return
    last = day
    for later in after:
        if later.start > last.end and _DAY_SPAN.fullmatch(sentence, last.end, later.start):
            last = later
    began_on = judge_cue_pattern(_BEGAN_ON, re.IGNORECASE).search(sentence, 0, day.start)
    if began_on and last is day and not fact.historical:
        fact.duration_days = float((written - day.day).days)
        fact.current = True
    else:
        _ago(fact, float((written - last.day).days))
        fact.current = False


def _opens_a_later_item(sentence: str, day: WrittenDay, others: Sequence[ConceptFinding]) -> bool:
    """Whether a day after "since" or "from" stands right before another finding, with only
    a comma between: it says when that one began ("On metformin and, since 03/2024,
    insulin"), not the finding before it."""
    return _SINCE_BEFORE.search(sentence, 0, day.start) is not None and any(
        other.start >= day.end and _ONLY_COMMA.fullmatch(sentence, day.end, other.start)
        for other in others
    )


_SINCE_BEFORE = re.compile(r"\b(?:since|from)\s+$", re.IGNORECASE)
_ONLY_COMMA = re.compile(r"[\s,]*")


# A start word right before a treatment ("started tamoxifen", "commenced on adjuvant
# letrozole", "started her on apixaban"; ``course_start_verbs``): the time that dates it is
# when it began.
_STARTED_BEFORE = (
    r"\b(?:{course_start_verbs})\s+(?:(?:her|him|them|me)\s+)?(?:on\s+)?(?:[\w-]+\s+)?$"
)


def _started_then(fact: Fact, sentence: str, finding: ConceptFinding, stopped: bool) -> bool:
    """Whether a start word stands right before the treatment ("started letrozole in
    2021", ``course_start_verbs``) and the sentence neither denies it nor says it stopped."""
    return (
        not stopped
        and not fact.negated
        and judge_cue_pattern(_STARTED_BEFORE, re.IGNORECASE).search(sentence, 0, finding.start)
        is not None
    )


def _began_then(fact: Fact, sentence: str, finding: ConceptFinding, stopped: bool) -> None:
    """A treatment the sentence says was started at the time that dates it ("started
    tamoxifen in July", "started metformin 3 months ago", "started tamoxifen 2 years ago")
    and not stopped goes on: the time says how long it has been taken, not how long ago it
    was. ``stopped``: the sentence writes it ended (a start more than a year back, "2 years
    ago", is no history of its own)."""
    if (
        fact.days_ago is None
        or fact.duration_days is not None
        or not _started_then(fact, sentence, finding, stopped)
    ):
        return
    fact.duration_days, fact.days_ago = fact.days_ago, None
    fact.current, fact.historical = True, False


# A course's length written before its treatment ("3 years of adjuvant letrozole",
# "completed 5 years of anastrozole in 2021"; its setting, ``treatment_setting_words``, may
# stand between), or after it stopped ("stopped it after 18 months", :func:`_stop_patterns`):
# how long it was taken.
_COURSE_BEFORE = (
    rf"(?<!within\s)\b{_COUNT}\s+{_UNIT}\s+of\s+(?:(?:{{treatment_setting_words}})\s+)?$"
)
_STOP_OBJECT = r"(?:(?:it|this|them|taking\s+it|taking\s+them)\s+)?"


@functools.cache
def _stop_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The words that stop a course written after its treatment: the stop (``ended_words``,
    or ``past_course_suffixes``: "completed", "finished") after a count of time ("stopped it
    after 18 months"), and the stop, or "until", before the time it stopped ("stopped it in
    2023", "until last spring", "until Feb"; :func:`_stop_dated`)."""
    rules = load_screening_rules()
    stops = phrase_alternation([*rules.ended_words, *rules.past_course_suffixes])
    after = re.compile(
        rf"\b(?:{stops})\s+{_STOP_OBJECT}after\s+{_COUNT}\s+{_UNIT}\b", re.IGNORECASE
    )
    on = re.compile(
        rf"\b(?:{stops}|(?P<until>until|till))\s+{_STOP_OBJECT}(?:(?:in|on|during)\s+)?"
        rf"(?:(?P<month>{MONTH_NAMES})[a-z]*\.?,?\s*(?P<month_year>(?:19|20)\d\d)?"
        r"|(?P<year>(?:19|20)\d\d)|last\s+(?P<season>spring|summer|autumn|fall|winter)"
        rf"|(?P<count>{_COUNT})\s+(?P<unit>{_UNIT})\s+ago)\b(?![-/]\d)",
        re.IGNORECASE,
    )
    return after, on


# The middle month of each season a note may stop a treatment in ("until last spring").
_SEASON_MIDDLE = {"spring": 4, "summer": 7, "autumn": 10, "fall": 10, "winter": 1}


def _stop_day(stop: re.Match[str], written: datetime.date) -> datetime.date | None:
    """The day a stop's time names (the middle of its month or season), or None for a year
    alone: the last such month or season ended up to the day of the note."""
    if stop.group("month"):
        month = month_number(stop.group("month"))
        if stop.group("month_year"):
            return datetime.date(int(stop.group("month_year")), month, MID_MONTH_DAY)
        return _last_such_month(month, written).replace(day=MID_MONTH_DAY)
    if stop.group("season"):
        middle = _SEASON_MIDDLE[stop.group("season").lower()]
        year = written.year if written.month > middle + 1 else written.year - 1
        return datetime.date(year, middle, MID_MONTH_DAY)
    if stop.group("count"):
        days = _count(stop.group("count")) * DAYS_PER_UNIT[stop.group("unit").lower()]
        return written - datetime.timedelta(days=days)
    return None


def _stop_dated(
    fact: Fact,
    sentence: str,
    finding: ConceptFinding,
    findings: Sequence[ConceptFinding],
    written: datetime.date,
) -> None:
    """Date a treatment by the stop written after it ("Started tamoxifen in 2021, stopped it
    in 2023", "on sertraline from 2019 until last spring", "adalimumab until Oct 2026"): it
    is past, ended then; a year it began stays. Not when another treatment is named between,
    a written day already dated it, the stop is further than a few words on, or it may be
    ahead ("until 2028", "until Feb": a month alone after "until")."""
    if fact.negated or fact.days_ago is not None:
        return
    stop = _stop_patterns()[1].search(sentence, finding.end)
    if (
        stop is None
        or len(sentence[finding.end : stop.start()].split()) > _DAY_REACH
        or _a_treatment_between(findings, finding.end, stop.start())
    ):
        return
    if stop.group("until") and stop.group("month") and not stop.group("month_year"):
        return  # "on rivaroxaban until Feb": a month alone after "until" may be ahead
    day = _stop_day(stop, written)
    end_year = day.year if day is not None else int(stop.group("year"))
    if (day is not None and day > written) or end_year > written.year:
        return  # "on tamoxifen until 2028": an end ahead
    if fact.start_year is not None and fact.start_year > end_year:
        fact.start_year = None
    fact.end_year, fact.current = end_year, False
    fact.historical = fact.historical or end_year < written.year
    if day is not None:
        _ago(fact, float((written - day).days))


# A course written as a span of months after its treatment, as a clinic letter writes them
# ("abemaciclib 150 mg bd from 05/2024-05/2026", "letrozole from 03/2023 to 09/2025").
_MONTH_SPAN = re.compile(
    r"\b(0?[1-9]|1[0-2])/((?:19|20)\d\d)\s*(?:-|–|to|until|till)\s*"
    r"(0?[1-9]|1[0-2])/((?:19|20)\d\d)\b(?![-/]\d)",
    re.IGNORECASE,
)


def _month_span(
    fact: Fact,
    sentence: str,
    finding: ConceptFinding,
    findings: Sequence[ConceptFinding],
    written: datetime.date,
) -> bool:
    """Give a treatment the months of a span written after it ("05/2024-05/2026": 24
    months, not any length its years allow), within a few words and no other treatment
    named between; a span ended before the note's month is over."""
    span = _MONTH_SPAN.search(sentence, finding.end)
    if (
        span is None
        or len(sentence[finding.end : span.start()].split()) > _DAY_REACH
        or _a_treatment_between(findings, finding.end, span.start())
    ):
        return False
    start = int(span.group(2)) * 12 + int(span.group(1))
    end = int(span.group(4)) * 12 + int(span.group(3))
    if end < start:
        return False
    fact.duration_days = (end - start) * DAYS_PER_UNIT["month"]
    fact.current = fact.current and end >= written.year * 12 + written.month
    return True


def _a_treatment_between(findings: Sequence[ConceptFinding], start: int, end: int) -> bool:
    """Whether the sentence names a treatment from ``start`` up to ``end``: a length or a
    span written after it is then that treatment's, not the one before."""
    return any(f.category == "treatment" and start <= f.start < end for f in findings)


def _course_length(
    fact: Fact,
    sentence: str,
    finding: ConceptFinding,
    findings: Sequence[ConceptFinding],
    written: datetime.date,
) -> None:
    """Give a treatment the length of its course the sentence writes right before it ("3
    years of adjuvant letrozole"), after it stopped ("letrozole, stopped it after 18
    months": no other treatment named between) or as a span of months after it
    (:func:`_month_span`)."""
    if fact.negated or _month_span(fact, sentence, finding, findings, written):
        return
    before = judge_cue_pattern(_COURSE_BEFORE, re.IGNORECASE).search(sentence, 0, finding.start)
    stopped = _stop_patterns()[0].search(sentence, finding.end)
    if stopped is not None and _a_treatment_between(findings, finding.end, stopped.start()):
        stopped = None
    found = before or stopped
    if found is None:
        return
    fact.duration_days = _count(found.group(1)) * DAYS_PER_UNIT[found.group(2).lower()]
    if stopped is not None and found is stopped:
        fact.current = False


# What may stand between a start date and the treatment it is written before ("since
# 03/2024, insulin", "since March 2024 on insulin").
_BEFORE_ITS_TREATMENT = re.compile(r"[\s,:]*(?:on\s+)?")
# A list's break between a treatment and a start date ("metformin and, since 2024, insulin").
_LIST_BREAK = re.compile(r"[,;]|\band\b", re.IGNORECASE)
# A start "since" writes: a day or a month (``_SINCE_DATE``) or a year ("since 2024").
_SINCE_START = re.compile(rf"{_SINCE_DATE.pattern}|\bsince\s+(?:19|20)\d\d\b", re.IGNORECASE)


def _without_anothers_start(
    sentence: str, finding: ConceptFinding, findings: Sequence[ConceptFinding]
) -> str:
    """The sentence as it dates ``finding``: a "since" date written right before another
    treatment ("on metformin and, since 2024, insulin") is that treatment's start, not
    this one's, and is blanked (positions kept)."""
    since = _SINCE_START.search(sentence)
    if since is None:
        return sentence
    owner = next(
        (
            other
            for other in findings
            if other.category == "treatment"
            and other.start >= since.end()
            and _BEFORE_ITS_TREATMENT.fullmatch(sentence, since.end(), other.start)
        ),
        None,
    )
    if owner is None or owner.start == finding.start or finding.category != "treatment":
        return sentence
    before = [f for f in findings if f.category == "treatment" and f.end <= since.start()]
    if before and not _LIST_BREAK.search(sentence, max(f.end for f in before), since.start()):
        return sentence  # "anastrozole 1 mg od since 05/2024, abemaciclib …": written after it
    return sentence[: since.start()] + " " * (since.end() - since.start()) + sentence[since.end() :]


def _dated(
    fact: Fact,
    sentence: str,
    days_ago: float | None,
    duration: float | None,
    written: datetime.date,
) -> None:
    """Date a note finding the sentence's time words reach ("HE last month", "since 2019")."""
    if days_ago is not None:
        _ago(fact, days_ago)
    if duration is not None:
        fact.duration_days = duration
        fact.current = fact.days_ago is None and not fact.negated
    if days_ago is None and duration is None:
        _timed(fact, sentence, written)


_CONSENT = re.compile(
    r"\b(?:will provide|provides?|gave|has given|given) (?:informed )?consent", re.IGNORECASE
)


# A consent the note says was given ("Consented to the trial", "Consent form signed") and
# a denial a few words before it ("has not signed the consent form").
_CONSENT_GIVEN = r"\b(?:{consent_given_words:spaced}|{consent_signed_words:spaced})\b"
_CONSENT_SIGNED_ALONE = r"\b(?:{consent_signed_words:spaced})\b(?!\s+(?:for|to)\b)"
_CONSENT_STUDY = r"\b(?:{consent_study_words:spaced})\b"
_CONSENT_DENIED = r"\b(?:{consent_denial_words:spaced})\s+(?:[\w-]+\s+){0,2}$"


# A note's sentence saying the patient swallows tablets, or cannot swallow (them).
_SWALLOWS = r"\b(?:{swallows_note_words:spaced})\s+(?:[\w-]+\s+)?(?:{swallowed_things:spaced})\b"
_CANNOT_SWALLOW = (
    r"\b(?:{cannot_swallow_note_words:spaced})"
    r"(?:\s+(?:[\w-]+\s+)?(?:{swallowed_things:spaced})\b|\s*(?:[.,;]|$))"
)


def _swallowing(sentences: Sequence[str]) -> tuple[str, str]:
    """Whether the note says the patient cannot swallow ("unable to swallow tablets",
    "cannot swallow capsules") or swallows tablets ("Swallows tablets fine", "I can swallow
    tablets"), and its sentence; not able first. A difficulty ("dysphagia to solids") or a
    swallow assessment says neither."""
    cannot = judge_cue_pattern(_CANNOT_SWALLOW, re.IGNORECASE)
    swallows = judge_cue_pattern(_SWALLOWS, re.IGNORECASE)
    for sentence in sentences:
        if cannot.search(sentence):
            return "unable", sentence
    for sentence in sentences:
        if swallows.search(sentence):
            return "able", sentence
    return "", ""


def _consent_ability(sentences: Sequence[str]) -> tuple[str, str]:
    """Whether the note says, without denying it, that the patient cannot read or consent
    ("cannot read or write", "refused consent") or can ("Reads and understands the consent
    form", "reads and signs her own forms", "I read fine"), and its sentence; not able first.
    An ability the note puts off ("Able to consent once settled") is none now."""
    unable = judge_cue_pattern(r"\b(?:{consent_unable_note_words:spaced})\b", re.IGNORECASE)
    able = judge_cue_pattern(
        r"\b(?:{consent_able_note_words:spaced})\b(?!\s+(?:{consent_able_later_words:spaced})\b)",
        re.IGNORECASE,
    )
    return _first_said(sentences, (("unable", unable), ("able", able)))


def _spoken_languages(sentences: Sequence[str]) -> dict[str, str]:
    """The languages (``language_ability.languages``) a note says the patient speaks as a
    first or only language ("First language English", "English is her first language",
    "English is all I speak") or well ("English speaking", "speaks and reads English
    fluently"), each with its first sentence; none denied ("my English not so good")."""
    rules = load_screening_rules().language_ability
    if rules is None:
        return {}
    first = phrase_alternation(rules.note_first_words)
    speaking = phrase_alternation(rules.note_speaking_words)
    fluent = phrase_alternation(rules.note_fluent_words)
    denial = phrase_pattern(rules.note_denial_words)
    spoken: dict[str, str] = {}
    for language in rules.languages:
        name = re.escape(language)
        said = re.compile(
            rf"\b(?:(?:{first})\s+language\s+(?:is\s+)?{name}"
            rf"|{name}\s+(?:is\s+)?(?:(?:her|his|their|our|my|the)\s+)?(?:{first})\s+language"
            rf"|{name}[\s-]+(?:{speaking})"
            rf"|{name}\s+is\s+all\s+(?:i|she|he|they)\s+speaks?"
            rf"|\bspeaks?\s+(?:and\s+(?:reads?|writes?)\s+)?{name}\s+(?:{fluent}))\b",
            re.IGNORECASE,
        )
        sentence = next((s for s in sentences if said.search(s) and not denial.search(s)), "")
        if sentence:
            spoken[language] = sentence
    return spoken


def _health_insurance(sentences: Sequence[str]) -> tuple[str, str]:
    """Whether a note states the patient's health insurance ("covered by the Securite
    sociale (CPAM)", "has NHS cover": "covered") or its absence ("no health insurance",
    "uninsured": "none"), and its sentence; an absence first. ("", "") when it says
    nothing."""
    rules = load_screening_rules().health_insurance
    if rules is None:
        return "", ""
    cover = phrase_pattern([w for words in rules.note_cover_words.values() for w in words])
    none = phrase_pattern(rules.note_none_words)
    return _first_said(sentences, (("none", none), ("covered", cover)))


# A note's sentence saying the patient attends follow-up, and a denial a few words before it
# ("never attends follow-up", "unable to attend follow-up").
_ATTENDS_FOLLOW_UP = (
    r"\b(?:{attends_follow_up_note_words:spaced})\b"
    r"|\battends\s+(?:[\w-]+\s+){0,2}?(?:{attends_reliably_words:spaced})\b"
)
_FOLLOW_UP_DENIED = r"\b(?:{follow_up_denial_words:spaced})\s+(?:[\w-]+\s+){0,2}$"


def _attends_follow_up(sentence: str) -> bool:
    """Whether a note's sentence says the patient attends follow-up ("happy to attend
    follow-up", "attends HIV clinic reliably", "son brings her to every visit"), with no
    denial a few words before it ("does not attend follow-up", "missed follow-up")."""
    return bool(
        undenied_matches(
            judge_cue_pattern(_ATTENDS_FOLLOW_UP, re.IGNORECASE),
            sentence,
            judge_cue_pattern(_FOLLOW_UP_DENIED, re.IGNORECASE),
        )
    )


def _gives_study_consent(sentence: str) -> bool:
    """Whether a note's sentence says the patient (or a parent) gave consent to the study:
    a consent given beside the study's words ("Consented to the trial", "Consent taken in
    clinic, keen to take part in research"), or a consent form signed and not for something
    named after it ("Consent form signed", "Parents signed consent"; "signed consent for the
    laparotomy" is the operation's), undenied. A bare "Consented" beside a plan of surgery
    is the operation's consent."""
    if _CONSENT.search(sentence):
        return True
    found = undenied_matches(
        judge_cue_pattern(_CONSENT_GIVEN, re.IGNORECASE),
        sentence,
        judge_cue_pattern(_CONSENT_DENIED, re.IGNORECASE),
    )
    if not found:
        return False
    if judge_cue_pattern(_CONSENT_STUDY, re.IGNORECASE).search(sentence):
        return True
    alone = judge_cue_pattern(_CONSENT_SIGNED_ALONE, re.IGNORECASE)
    return any(alone.match(sentence, match.start()) for match in found)


def _note_gestation(sentences: Iterable[str]) -> tuple[float, str] | None:
    """Weeks of gestation ("at 11 weeks gestation", "gestational age of 30 weeks",
    "pregnant 12 weeks", "primigravida 30 wks"); in a note about a pregnancy, its weeks and
    days written out ("41 weeks + 2 days by LMP", "40 weeks and 5 days by the scan")."""
    lines = list(sentences)
    for sentence in lines:
        match = _GESTATION.search(sentence)
        if match:
            weeks = match.group(1) or match.group(2) or match.group(3) or match.group(4)
            # The days of "35+4" count (35 weeks 4 days is inside "35.0-36.6 weeks").
            days = int(match.group(5)) if match.group(5) else 0
            return float(weeks) + days / 7, sentence
    for sentence in lines:
        gravidity = _gravidity_weeks(sentence)
        if gravidity is not None:
            return gravidity, sentence
    return _weeks_and_days(lines)


# "41 weeks + 2 days", "40 weeks and 5 days", "39 wks 3 days": a pregnancy's weeks and days.
_WEEKS_AND_DAYS = re.compile(
    r"\b(\d{1,2})\s?(?:weeks?|wks?),?\s?(?:\+|and|&)?\s?([0-6])\s?(?:days?|d)\b", re.IGNORECASE
)


def _weeks_and_days(lines: list[str]) -> tuple[float, str] | None:
    """Weeks and days written out, in a note one of whose sentences names a pregnancy
    (``obstetric_note_words``), and not a duration ("for 2 weeks and 3 days", "6 weeks
    and 2 days ago")."""
    words = load_screening_rules().obstetric_note_words
    if words is None:
        return None
    pregnancy = _phrase_pattern_of(tuple(words.pregnancy_words))
    if not any(pregnancy.search(line) for line in lines):
        return None
    duration = _phrase_pattern_of(tuple(words.duration_words))
    for line in lines:
        for found in _WEEKS_AND_DAYS.finditer(line):
            before = line[max(0, found.start() - 8) : found.start()]
            after = line[found.end() : found.end() + 14]
            if duration.search(before) or duration.match(after.lstrip()):
                continue
            return float(found.group(1)) + int(found.group(2)) / 7, line
    return None


def _note_age_sex(sentences: list[str]) -> tuple[float, Literal["female", "male"], str] | None:
    """Age and sex shorthand opening a note's sentence: "59M", "34F", "58 yo M", "M/58".

    Only where a note introduces its patient (:func:`_introduces_patient`): among a
    sentence's first words, after a place or a label and its colon ("Gurgaon: 56M"), or
    after "this" or "a" ("seeing this 46M"). Further in, "a spike at 104F" is a
    temperature, not a 104-year-old woman.
    """
    for sentence in sentences[:3]:
        for match in _AGE_SEX_SHORTHAND.finditer(sentence):
            age = int(match.group("age") or match.group("age_after"))
            if 0 < age <= 120 and _introduces_patient(sentence[: match.start()]):
                sex = _SHORTHAND_SEX[match.group("sex") or match.group("sex_first")]
                return float(age), sex, sentence
    return None


# "thank you for seeing this 46M", "a 59M": the words right before a patient's shorthand.
_PATIENT_ARTICLE = re.compile(r"\b(?:this|a|an)\s*$", re.IGNORECASE)
# "Referral, hepatology clinic Gurgaon: ", "Birmingham (Alabama): ": a label and its colon.
_LABEL_COLON = re.compile(r"(\w+)\W*:\s*$")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _introduces_patient(before: str) -> bool:
    """Whether a note's age written after ``before`` introduces its patient: among the
    sentence's first words, right after "this" or "a", or right after a label and its colon;
    never right after a vital sign's name (``note_age_not_labels``: "Temp: 104F", "T 101F"
    are temperatures)."""
    last = _LAST_WORD.search(before)
    if last is not None and last.group(1).lower() in load_screening_rules().note_age_not_labels:
        return False
    return (
        len(before.split()) <= _SHORTHAND_LEAD_WORDS
        or _PATIENT_ARTICLE.search(before) is not None
        or _LABEL_COLON.search(before) is not None
    )


@functools.cache
def _titled_age() -> re.Pattern[str]:
    """ "Mr Rao, 52,", "Mrs L, 61.", "Ms de Vries, 38", "Mrs D, 55 years, para 5": a title
    (``note_age_titles``) and a name, then the age after a comma and before a stop."""
    titles = phrase_alternation(
        title.capitalize() for title in load_screening_rules().note_age_titles
    )
    return re.compile(
        rf"\b(?P<title>{titles})\.?\s+(?:[A-Za-z'’.-]+\s+){{0,2}}?[A-Z][\w'’-]*,\s*"
        r"(?:aged\s+)?(?P<age>\d{1,3})(?:\s*(?:years?(?:\s+old)?|yrs?|y|yo)\b)?"
        r"(?=\s*(?:[,;:)]|\.(?!\d)|$))"
    )


def _note_titled_age(
    sentences: Sequence[str],
) -> tuple[float, Literal["female", "male"], str] | None:
    """The age and sex a title and a name give in a note's first sentences ("Mr Rao, 52")."""
    for sentence in sentences[:3]:
        found = _titled_age().search(sentence)
        if found is not None and 0 < int(found.group("age")) <= 120:
            sex = load_screening_rules().note_age_titles[found.group("title").lower()]
            return float(found.group("age")), sex, sentence
    return None


class CaregiverSubject(NamedTuple):
    """The relative a carer's note is about, and the age and sex it gives them."""

    relative: str
    age: float | None
    sex: Literal["female", "male"] | None
    evidence: str


# An age not followed by a unit that makes it something else ("she is 5 months pregnant").
_NO_UNIT_AFTER = r"(?!\s*(?:%|kg|lb|cm|mg|weeks?|months?|days?|wks?)\b)"
_PRONOUN_AGE = re.compile(
    rf"\b(?:he|she)(?:'s|\s+is|\s+(?:just\s+)?turned)\s+(\d{{1,3}})\b{_NO_UNIT_AFTER}", re.I
)


@functools.cache
def _caregiver_opening() -> re.Pattern[str]:
    """ "my son is 12", "my 8-year-old daughter", "my mother (78)", "my wife, 45,", "our
    son is 7", "my husband Tom is 71", "my son, he is 27"."""
    rules = load_screening_rules()
    relatives = phrase_alternation({*rules.relative_words, *rules.relative_sexes})
    return re.compile(
        r"\b(?:my|our)\s+(?:(\d{1,3})[- ](?:years?|yrs?)[- ]old\s+)?"
        r"(?:(?:little|baby|teenage|elderly|old|young|older|younger)\s+)?"
        rf"({relatives})\b"
        # A name after the relative: "my husband Tom is 71".
        r"(?:\s+(?-i:[A-Z][a-z]+)(?=\s+(?:is|was|turned|just)\b|\s*[,(]))?"
        r"(?:\s*\(\s*(\d{1,3})\s*\)|\s*,\s*(?:aged?\s+)?(\d{1,3})\s*(?:,|\b(?:years?|yrs?|yo)\b)"
        rf"|,?\s+(?:who\s+)?(?:is|was|turned|just\s+turned)\s+(\d{{1,3}})\b{_NO_UNIT_AFTER}"
        # "my son, he is 27", "my grandmother, she is 91".
        rf"|\s*,\s*(?:he|she)(?:'s|\s+is)\s+(\d{{1,3}})\b{_NO_UNIT_AFTER})?",
        re.IGNORECASE,
    )


def caregiver_subject(sentences: Sequence[str]) -> CaregiverSubject | None:
    """The relative a note is written about when its first sentence names "my <relative>"
    (or "our") before the writer says anything of themselves ("My son is 12 and has had
    type 1 diabetes"): that relative is the patient, not a family history. A writer saying
    only that they write ("I am writing for my son, he is 27": ``note_carer_writing_words``)
    says nothing of themselves. The second sentence may name the relative with their age
    ("We live in Safed. Our son is 7."). A writer who gives their own age anywhere ("I am
    40") is the patient."""
    found: re.Match[str] | None = None
    before = ""
    for index, opening in enumerate(sentences[:2]):
        found = _caregiver_opening().search(opening)
        if found is not None and (index == 0 or any(found.group(1, 3, 4, 5, 6))):
            before = " ".join([*sentences[:index], opening[: found.start()]])
            break
        found = None
    if found is None or _writes_of_self().search(before) is not None:
        return None
    if any(_FIRST_PERSON_AGE.search(sentence) for sentence in sentences):
        return None  # a writer giving their own age is the patient
    relative = found.group(2).lower()
    stated = next((group for group in found.group(1, 3, 4, 5, 6) if group), None)
    if stated is None:
        later = next((m for s in sentences if (m := _PRONOUN_AGE.search(s))), None)
        stated = later.group(1) if later else None
    age = float(stated) if stated and 0 < int(stated) <= 120 else None
    sex = load_screening_rules().relative_sexes.get(relative)
    return CaregiverSubject(relative, age, sex, found.string)


@functools.cache
def _writes_of_self() -> re.Pattern[str]:
    """The writer saying something of themselves ("I'm 45 and my mother had ..."), not only
    that they write for someone (``note_carer_writing_words``: "I am writing for my son")."""
    carer = phrase_alternation(load_screening_rules().note_carer_writing_words)
    return re.compile(rf"\bI(?:'m|\s+am|\s+have|\s+was|'ve)\b(?!\s+(?:{carer})\b)")


@functools.cache
def _state_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """A sentence's words of a cure (``cured_words``); of a habit or treatment that ended
    (``former_habit_words``, ``ended_words``); of an implanted device taken out
    (``undone_words`` of ``judge_cues``: "removed", "explanted")."""
    rules = load_screening_rules()
    return (
        phrase_pattern(rules.cured_words),
        phrase_pattern([*rules.former_habit_words, *rules.ended_words]),
        judge_cue_pattern(r"\b(?:{undone_words})\b", re.IGNORECASE),
    )


def _state_fits(state: FactState, undone: bool, concept: str) -> bool:
    """Whether a state cue can describe a concept: a cure only an infection, a device's
    removal ("pacemaker removed in 2019") only an implanted device."""
    if undone:
        return is_a(concept, "implanted_device")
    return state == "ended" or is_a(concept, "infection")


def _give_states(facts: Iterable[Fact]) -> None:
    """Give each concept fact what its sentence says became of it, read once per note: an
    infection the sentence says is cured ("Hep C treated in 2021, SVR, HCV RNA
    undetectable") is cured; anything else it says ended ("Ex-smoker", "quit in 2015") is
    ended. A cure word cures no habit ("Hep C eradicated; current smoker"), and a cue is
    the state of the mention it is written on, not of every mention in its sentence
    (:func:`_cue_states`)."""
    by_evidence: dict[str, tuple[dict[str, tuple[FactState, str]], frozenset[str]]] = {}
    for fact in facts:
        if fact.kind != "concept" or fact.concept is None:
            continue
        if fact.evidence not in by_evidence:
            by_evidence[fact.evidence] = _cue_states(fact.evidence)
        states, placed = by_evidence[fact.evidence]
        said = states.get(fact.concept) if fact.concept in placed else _sentence_state(fact)
        if said is not None:
            fact.state, fact.state_cue = said


def _sentence_state(fact: Fact) -> tuple[FactState, str] | None:
    """A state cue anywhere in the fact's sentence: for a fact no concept finding of its
    sentence places (a reader of its own made it: "ex-drinker")."""
    cured, ended, undone = _state_patterns()
    assert fact.concept is not None
    said = cured.search(fact.evidence) if is_a(fact.concept, "infection") else None
    if said is not None:
        return "cured", said.group(0).lower()
    said = ended.search(fact.evidence)
    if said is None and is_a(fact.concept, "implanted_device"):
        said = undone.search(fact.evidence)
    return None if said is None else ("ended", said.group(0).lower())


def _cue_states(
    sentence: str,
) -> tuple[dict[str, tuple[FactState, str]], frozenset[str]]:
    """The state each concept found in ``sentence`` is written with, and the concepts found
    (none looked for when the sentence has no state cue).

    A cue belongs to the mention next to it: of the finding ending last before it and the
    one starting first after it (one it lies inside counts as next to it), the nearer one
    it can describe (a cure only an infection). "HIV on ART, hepatitis C cured": the cure
    is the hepatitis C's; "Hepatitis B, quit smoking": the end is the smoking's; a concept
    with a cue of its own and none of this is current (absent from the result).
    """
    cured, ended, undone = _state_patterns()
    cues: list[tuple[FactState, bool, re.Match[str]]] = [
        ("cured", False, m) for m in cured.finditer(sentence)
    ]
    cues += [("ended", False, m) for m in ended.finditer(sentence)]
    cues += [("ended", True, m) for m in undone.finditer(sentence)]
    if not cues:
        return {}, frozenset()
    findings = sorted(find_concepts(sentence), key=lambda finding: finding.start)
    states: dict[str, tuple[FactState, str]] = {}
    for state, device_out, cue in sorted(cues, key=lambda cue: cue[2].start()):
        near = [(0, f) for f in findings if f.start < cue.end() and f.end > cue.start()]
        before = [f for f in findings if f.end <= cue.start()]
        after = [f for f in findings if f.start >= cue.end()]
        if before:
            last = max(before, key=lambda finding: finding.end)
            near.append((cue.start() - last.end, last))
        if after:
            near.append((after[0].start - cue.end(), after[0]))
        fitting = [(gap, f) for gap, f in near if _state_fits(state, device_out, f.concept)]
        if not fitting:
            continue
        concept = min(fitting, key=lambda pair: pair[0])[1].concept
        if state == "cured" or concept not in states:
            states[concept] = (state, cue.group(0).lower())
    return states, frozenset(finding.concept for finding in findings)


def _note_age(sentences: list[str]) -> tuple[float, str] | None:
    shorthand = _note_age_sex(sentences)
    if shorthand is not None:
        return shorthand[0], shorthand[2]
    titled = _note_titled_age(sentences)
    if titled is not None:
        return titled[0], titled[2]
    carer = caregiver_subject(sentences)
    if carer is not None and carer.age is not None:
        return carer.age, carer.evidence
    for sentence in sentences:
        first_person = _FIRST_PERSON_AGE.search(sentence)
        if first_person and 0 < int(first_person.group(1)) <= 120:
            return float(first_person.group(1)), sentence
        match = _AGE.search(sentence)
        if match:
            unit = (match.group(2) or "year").lower()
            return round(float(match.group(1)) * _YEARS_PER_AGE_UNIT.get(unit, 1.0), 3), sentence
        aged = _AGE_AGED.search(sentence)
        if aged:
            return float(aged.group(1)), sentence
    return None


def extract_facts(
    profile: PatientProfile,
    today: datetime.date | None = None,
    *,
    line_readings: LineReadings | None = None,
) -> PatientFacts:
    """All facts from the profile fields and the note; profile fields win on conflicts.

    ``today`` (default: the calendar's) is the day a dated note's age is counted to.
    ``line_readings`` are the profile lines a cohort screen has read already (a patient read
    alone reads its own).
    """
    readings = LineReadings() if line_readings is None else line_readings
    facts = PatientFacts()
    sentences = split_sentences(profile.note) if profile.note else []
    scanned: _Scanned = {}
    if profile.age is not None:
        facts.age, facts.age_evidence = float(profile.age), f"age: {profile.age:g}"
    else:
        found_age = _note_age(sentences)
        if found_age is not None:
            facts.age, facts.age_evidence = found_age
    declared_sex = SEX_WORDS.get((profile.sex or "").strip().lower())
    if declared_sex is not None:
        facts.sex, facts.sex_evidence = declared_sex, f"sex: {profile.sex}"
    elif (shorthand := _note_age_sex(sentences)) is not None:
        facts.sex, facts.sex_evidence = shorthand[1], shorthand[2]
    elif (titled := _note_titled_age(sentences)) is not None:
        facts.sex, facts.sex_evidence = titled[1], titled[2]
    elif (carer := caregiver_subject(sentences)) is not None and carer.sex is not None:
        facts.sex, facts.sex_evidence = carer.sex, carer.evidence
    else:
        # The first sentences, then the one the age is read from ("... 3. Hypertension.
        # 66-year-old man."): the sex written with the age is the patient's.
        aged = [facts.age_evidence] if facts.age_evidence in sentences else []
        for sentence in [*sentences[:3], *aged]:
            sex = _sex_from_words(sentence)
            if sex is not None:
                facts.sex, facts.sex_evidence = sex, sentence
                break
    written = profile.note_date or today or datetime.date.today()
    note_facts = _note_facts(_marker_results_joined(sentences), facts.age, written, scanned)
    note_age_days = (
        None
        if profile.note_date is None
        else ((today or datetime.date.today()) - profile.note_date).days
    )
    if note_age_days is not None:
        note_facts = _as_of_note_date(note_facts, note_age_days)
    facts.facts = _current_pregnancy_states(
        [
            *_profile_facts(profile, today or datetime.date.today(), facts.age, scanned, readings),
            *note_facts,
        ],
        facts.age,
        facts.sex,
    )
    # The profile's condition and medicine lines, read as the note's sentences are
    # (``_profile_facts``), go with them to every reader of one sentence's statements.
    lines = [*(evidence for _, evidence in _field_lines(profile)), *sentences]
    if _note_gestation(lines) is None and any(
        _reading_patterns().delivered.search(s) for s in lines
    ):
        facts.facts = [f for f in facts.facts if f.concept != "pregnancy" or f.negated]
    _give_states(facts.facts)
    facts.consent_evidence = next((s for s in sentences if _gives_study_consent(s)), "")
    facts.fitness_evidence = next((s for s in lines if _says_fit(s)), "")
    facts.mental_status, facts.mental_status_evidence = _mental_status(lines)
    facts.capacity, facts.capacity_evidence = _capacity(lines)
    facts.swallowing, facts.swallowing_evidence = _swallowing(lines)
    facts.consent_ability, facts.consent_ability_evidence = _consent_ability(lines)
    facts.spoken_languages = _spoken_languages(lines)
    facts.insurance, facts.insurance_evidence = _health_insurance(lines)
    facts.attends_follow_up_evidence = next((s for s in lines if _attends_follow_up(s)), "")
    facts.treatment_fitness = noted_fitness(lines)
    facts.no_measurable_evidence = no_measurable_sentence(lines)
    lesion = measurable_lesion_sentence(lines)
    if lesion is not None:
        facts.measurable_lesion_evidence, facts.measurable_lesion_mm = lesion
    facts.measurable_stated_evidence = measurable_stated_sentence(lines)
    facts.evaluable_lesion_evidence = evaluable_lesion_sentence(lines)
    facts.nonmeasurable_only_evidence = nonmeasurable_only_sentence(lines)
    facts.medication_list_evidence = medication_list(sentences)
    facts.whole_record = _whole_record(profile, sentences, facts.medication_list_evidence)
    facts.planned = planned_procedures(lines, written)
    facts.state_evidence = [
        s for s in lines if marker_statuses(s) or states_response(s) or noted_hiv_stage([s])
    ]
    facts.extent_evidence = [s for s in lines if stated_spread(s) is not None]
    facts.removal_evidence = [s for s in lines if states_removal(s)]
    facts.progression_evidence = [
        s
        for s in lines
        if screening_phrase("note_progression_words").search(s)
        or screening_phrase("note_remission_words").search(s)
    ]
    # The profile's conditions are read like note sentences: MeSH names thousands of
    # diseases the criteria lexicon does not.
    facts.vocabulary_facts = [
        *(fact for s in profile.conditions for fact in readings.vocabulary(s, scanned)),
        *_note_vocabulary_facts(sentences, scanned, (written, facts.age)),
    ]
    if note_age_days is not None:
        for fact in facts.vocabulary_facts:
            if fact.dated is not None:
                _as_of_note_date([fact.dated], note_age_days)
    read = {f.evidence for f in facts.facts} | {f.evidence for f in facts.vocabulary_facts}
    read |= {f"conditions: {f.evidence}" for f in facts.vocabulary_facts}  # a condition's line
    facts.unread_sentences = [s for s in lines if s not in read]
    gestation = _note_gestation(lines)
    if gestation is not None and not _outdated(note_age_days):
        facts.gestational_weeks, facts.gestation_evidence = gestation
    lexicon = load_lexicon()
    concepts = {
        ancestor
        for fact in facts.facts
        if fact.kind == "concept" and fact.concept and not fact.negated
        for ancestor in lexicon.ancestors.get(fact.concept, frozenset())
    }
    facts.condition_concepts = sorted(concepts)
    terms = {
        token.text.lower()
        for condition in profile.conditions
        for token in tokenize(condition)
        if len(token.text) > 2 and token.text.lower() not in lexicon.filler_words
    }
    facts.condition_terms = sorted(terms)
    facts.prior_lines = prior_line_count(profile.note or "", sentences)
    return facts


class _LinePatterns(NamedTuple):
    explicit: re.Pattern[str]
    none: re.Pattern[str]
    none_of_relapse: re.Pattern[str]
    numbered_head: re.Pattern[str]
    numbered_item: re.Pattern[str]
    ordinal_line: re.Pattern[str]
    ordinal_relapse: re.Pattern[str]
    planned: re.Pattern[str]
    joiner: re.Pattern[str]
    not_new: re.Pattern[str]
    outcome_only: re.Pattern[str]
    regimen: re.Pattern[str]
    before_not_new: re.Pattern[str]
    uncounted: re.Pattern[str]
    bridging: re.Pattern[str]
    named_therapy: re.Pattern[str]


@functools.cache
def _line_patterns() -> _LinePatterns:
    rules = load_screening_rules()
    number = count_alternation()
    ordinals = "|".join(sorted(rules.note_line_ordinals, key=len, reverse=True))
    outcome = phrase_alternation(rules.note_line_outcome_words)
    return _LinePatterns(
        explicit=re.compile(
            rf"(?<![\w.-])(?P<n>{number})\s+(?:{phrase_alternation(rules.note_line_count_nouns)})"
            r"(?![\w-])",
            re.IGNORECASE,
        ),
        none=phrase_pattern(rules.note_no_line_phrases),
        none_of_relapse=phrase_pattern(rules.note_no_line_relapse_words),
        numbered_head=re.compile(
            rf"(?<![\w-])(?:(?P<not>{phrase_alternation(rules.note_line_list_head_not_after)})"
            rf"\s+)?(?:(?P<lines>{phrase_alternation(rules.note_line_list_heads)})"
            rf"|{phrase_alternation(rules.note_line_treatment_list_heads)})"
            r"(?:\s+(?:of|for|in)(?:\s+[\w-]+){1,3}?)?\s*:",
            re.IGNORECASE,
        ),
        numbered_item=re.compile(r"(?<![\w.])\(?(\d{1,2})\)"),
        ordinal_line=re.compile(
            rf"(?<![\w-])(?:(?P<o>{ordinals})[- ]line|(?P<d>[1-9])L)(?![\w])", re.IGNORECASE
        ),
        ordinal_relapse=re.compile(rf"(?<![\w-])(?P<o>{ordinals})\s+relapse\b", re.IGNORECASE),
        planned=phrase_pattern(rules.note_line_planned_words),
        joiner=re.compile(
            r"\s*(?:"
            + "|".join(re.escape(j) for j in rules.note_line_sequence_joiners)
            + r")\s*(?![\w])|\s+(?:"
            + "|".join(re.escape(j) for j in rules.note_line_sequence_joiners if j.isalpha())
            + r")\s+",
            re.IGNORECASE,
        ),
        not_new=phrase_pattern(rules.note_line_not_new_words),
        outcome_only=re.compile(
            rf"^\W*(?:(?:{outcome}|partial|complete|very|good|disease|on|in|to|after|"
            # A month before a year ("Nov 2026"), not a regimen ("NALIRIFOX 2026").
            rf"(?:19|20)\d\d|(?:{MONTH_NAMES})[a-z]*\.?\s+20\d\d"
            r"|x\s*\d+)\W*)*$",
            re.IGNORECASE,
        ),
        # A regimen's name: an acronym with two capitals ("VRd", "R-CHOP", "FOLFIRI").
        regimen=re.compile(r"(?<![\w-])[A-Za-z-]*[A-Z][A-Za-z-]*[A-Z][\w-]*"),
        uncounted=phrase_pattern(rules.note_line_uncounted_phrases),
        bridging=phrase_pattern(rules.note_line_bridging_words),
        named_therapy=phrase_pattern(rules.note_line_named_therapies),
        before_not_new=re.compile(
            r"\S+\s+(?=(?:" + phrase_alternation(rules.note_line_not_new_words) + r")(?![\w-]))",
            re.IGNORECASE,
        ),
    )


def _ordinal(word: str) -> int:
    return load_screening_rules().note_line_ordinals[word.lower()]


def _line_name(part: str) -> str:
    """The line one part of a written sequence names, as a key counting each regimen once
    ("" when it names none): a regimen's acronym, a named cellular therapy, or the first
    treatment the lexicon finds."""
    patterns = _line_patterns()
    if patterns.bridging.search(part):
        return ""  # "R-GemOx bridging": the bridge belongs to the line it leads to
    part = patterns.not_new.sub(" ", patterns.before_not_new.sub(" ", part))
    if patterns.outcome_only.match(part):
        return ""
    found = patterns.regimen.search(part) or patterns.named_therapy.search(part)
    if found is not None:
        return found.group(0).upper()
    return next((f.concept for f in find_concepts(part) if f.category == "treatment"), "")


def _sequence_lines(sentence: str) -> list[str]:
    """The lines in a sentence writing regimens in sequence ("VRd -> ASCT -> len maintenance,
    then DaraPd"), each by :func:`_line_name`: a part naming a regimen is a line;
    maintenance, consolidation, a transplant, radiotherapy or a bridge is none, and neither
    is a part stating only a response. The clause next to each joiner is read (without
    asides): the last of the first part, the first of the last, and both of a part between
    two joiners ("-> PD; NALIRIFOX 2026 ->" names the second regimen after the first's
    response)."""
    patterns = _line_patterns()
    parts = patterns.joiner.split(sentence)
    if len(parts) < 2:
        return []
    names: list[str] = []
    for position, part in enumerate(parts):
        clauses = [c for c in _CLAUSE_PUNCTUATION.split(_ASIDE.sub(" ", part)) if c.strip()]
        if not clauses:
            continue
        read = [clauses[-1]] if position == 0 else [clauses[0]]
        if 0 < position < len(parts) - 1 and len(clauses) > 1:
            read.append(clauses[-1])
        for clause in read:
            name = _line_name(clause)
            if name and name not in names:
                names.append(name)
    return names


def _sequences_across_sentences(
    note: str, sequences: Sequence[tuple[list[str], str]]
) -> PriorLineCount | None:
    """Lines written in sequence over several sentences ("R-CHOP x6 -> complete remission.
    Relapsed 2024: R-GemOx x4 -> partial response"): each regimen of every sentence writing
    a sequence (``sequences``: each sentence's :func:`_sequence_lines`), counted once (a
    lower bound); a sentence saying its line is planned adds none."""
    patterns = _line_patterns()
    named: dict[str, str] = {}
    for names, sentence in sequences:
        if names and patterns.planned.search(sentence):
            continue
        for name in names:
            named.setdefault(name, sentence)
    cited = list(dict.fromkeys(named.values()))
    if len(cited) < 2:
        return None
    start, end = note.find(cited[0]), note.find(cited[-1])
    evidence = note[start : end + len(cited[-1])] if 0 <= start <= end else " ".join(cited)
    return PriorLineCount(len(named), None, evidence, "regimens written in sequence")


def _numbered_lines(note: str) -> PriorLineCount | None:
    """Lines numbered after a heading ("Prior lines: (1) VCd + ASCT; (2) DRd",
    "Treatment: 1) CTD + ASCT 2017, 2) lenalidomide/dexamethasone 2019"): the items that run
    on from 1, each within 200 characters of the last. Under a heading of treatment rather
    than lines each item must name a line (:func:`_line_name`), so "Problems: 1) gout" or
    "Current treatment: 1) metformin" count none."""
    patterns = _line_patterns()
    for head in patterns.numbered_head.finditer(note):
        if head.group("not"):
            continue
        items = list(patterns.numbered_item.finditer(note, head.end()))
        if not items or items[0].group(1) != "1" or note[head.end() : items[0].start()].strip():
            continue
        run = [items[0]]
        for item in items[1:]:
            if item.start() - run[-1].end() > 200:
                break
            if int(item.group(1)) == len(run) + 1:
                run.append(item)
        if not head.group("lines"):
            ends = [item.start() for item in run[1:]] + [run[-1].end() + 80]
            texts = [note[item.end() : end] for item, end in zip(run, ends, strict=True)]
            named = [bool(_line_name(re.split(r"[.;\n]", text)[0])) for text in texts]
            if not named[0]:
                continue
            run = run[: named.index(False)] if False in named else run
        evidence = note[head.start() : run[-1].end() + 80]
        return PriorLineCount(len(run), len(run), evidence, "lines numbered")
    return None


def _regimens_across_sentences(note: str, sentences: Sequence[str]) -> PriorLineCount | None:
    """Lines a note writes one sentence at a time ("Started VRd in 2021. ASCT 2022. Relapsed
    2023; DaraPd since."): each regimen the lexicon knows (a treatment concept in
    ``concepts.json`` named only by abbreviations, whose ``parents`` are its drugs) is a
    line, counted once however often it is named; "ECOG", "CT" or "HIV" are no such
    concept, nor is a transplant. A sentence saying the regimen is
    planned adds none. Fewer than two regimens is no count (one may be the current line);
    the count is a lower bound, as lines without such a name may be missing."""
    patterns = _line_patterns()
    concepts = load_lexicon().concepts
    named: dict[str, str] = {}
    for sentence in sentences:
        if patterns.planned.search(sentence):
            continue
        for finding in find_concepts(sentence):
            concept = concepts.get(finding.concept)
            if (
                concept is not None
                and finding.category == "treatment"
                and not finding.negated
                and concept.parents
                and concept.acronyms
                and not concept.names
                and patterns.regimen.fullmatch(finding.text)
            ):
                named.setdefault(finding.concept, sentence)
    if len(named) < 2:
        return None
    cited = list(named.values())
    start, end = note.find(cited[0]), note.find(cited[-1])
    evidence = note[start : end + len(cited[-1])] if 0 <= start <= end else " ".join(cited)
    return PriorLineCount(len(named), None, evidence, "regimens named across sentences")


def prior_line_count(note: str, sentences: Sequence[str]) -> PriorLineCount | None:
    """How many prior lines of therapy the note says, by the first rule that reads
    (``note_line_description`` in ``screening_rules.json``): an explicit count, a numbered
    list, an ordinal line or relapse, a phrase saying none, then regimens in sequence (a
    lower bound). Lines named without their number ("heavily pretreated") give a count of
    None; the note speaking of no line at all gives None."""
    patterns = _line_patterns()
    for sentence in sentences:
        found = patterns.explicit.search(sentence)
        if found is not None:
            n = count_value(found.group("n"))
            return PriorLineCount(n, n, sentence, f"{found.group(0)} in the note")
    numbered = _numbered_lines(note)
    if numbered is not None:
        return numbered
    best: PriorLineCount | None = None
    for sentence in sentences:
        for match in patterns.ordinal_line.finditer(sentence):
            n = _ordinal(match.group("o")) if match.group("o") else int(match.group("d"))
            if patterns.planned.search(sentence):
                n -= 1
            if best is None or (best.low or 0) < n:
                best = PriorLineCount(n, n, sentence, f"{match.group(0)} in the note")
        for match in patterns.ordinal_relapse.finditer(sentence):
            n = _ordinal(match.group("o"))
            if best is None or (best.low or 0) < n:
                best = PriorLineCount(n, n, sentence, f"{match.group(0)} in the note")
    if best is not None:
        return best
    for sentence in sentences:
        found = patterns.none.search(sentence)
        if found is not None and not patterns.none_of_relapse.search(sentence):
            return PriorLineCount(0, 0, sentence, f"{found.group(0)} in the note")
    written = [(_sequence_lines(s), s) for s in sentences]
    most = max(((len(names), s) for names, s in written), default=(0, ""))
    sequences = _sequences_across_sentences(note, written)
    if sequences is not None and (sequences.low or 0) > most[0]:
        most = (sequences.low or 0, sequences.evidence)
    across = _regimens_across_sentences(note, sentences)
    if across is not None and (across.low or 0) > most[0]:
        return across
    if most[0]:
        return PriorLineCount(most[0], None, most[1], "regimens written in sequence")
    for sentence in sentences:
        found = patterns.uncounted.search(sentence)
        if found is not None:
            return PriorLineCount(None, None, sentence, f'the note says "{found.group(0)}"')
    return None
