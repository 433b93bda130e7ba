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

import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from importlib import resources
from typing import Literal, NamedTuple, TypeVar

import msgspec

from trialfinder.cancer_exceptions import (
    excepted_kind,
    exception_list_end,
    opens_exception_items,
)
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
from trialfinder.criteria.context import (
    clause_bounds,
    clause_of,
    context_at,
    cues_at,
    either_way_at,
    load_context_rules,
)
from trialfinder.criteria.disease_drugs import drug_class, names_its_drugs
from trialfinder.criteria.disease_stage import attached_stage, stage_relation
from trialfinder.criteria.infection_tests import named_test
from trialfinder.criteria.lexicon import (
    Analyte,
    Concept,
    load_lexicon,
    phrase_key,
    tokenize,
    tokenize_lowered,
)
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    PriorLines,
    RequiredTreatment,
    SexRequirement,
    TimeWindow,
    TnmGroup,
    comparison_holds,
)
from trialfinder.criteria.parse import (
    detection_word,
    find_concepts,
    names_an_indication,
    opens_with_both_sexes,
    reads_majority,
    required_treatments,
    words_left_unread,
)
from trialfinder.criteria.tnm import CATEGORIES, category_relation, load_tnm_rules
from trialfinder.criteria.units import (
    format_number,
    format_quantity,
    from_canonical,
    to_canonical,
    unit_words,
)
from trialfinder.disease_extent import NoSpreadAsked, asked_no_spread, stated_spread
from trialfinder.disease_relations import (
    CancerClass,
    ClassImplication,
    load_cancer_classes,
    load_disease_relations,
)
from trialfinder.drug_dose import DoseAsk, criterion_dose_per_weight, note_daily_dose
from trialfinder.drug_route import criterion_route, note_route, route_given
from trialfinder.ejection_fraction import EjectionFractionKind, ejection_fraction_kind
from trialfinder.hiv_stage import asked_hiv_stages, hiv_stage_infection, noted_hiv_stage
from trialfinder.indication import Indication, another_indication, criterion_indication
from trialfinder.marker_requirements import marker_reading
from trialfinder.measurable_disease import (
    MEASURABLE_MM,
    asked_measurable,
    measurable_clause,
    measurable_framing_words,
)
from trialfinder.operations import (
    asks_of_an_operation_done,
    excepted_operations,
    operation_at_site,
    trials_own_operation,
)
from trialfinder.patient import (
    DAYS_PER_UNIT,
    VOCABULARY_CONCEPT_PREFIX,
    WORKED_OUT,
    Fact,
    PatientFacts,
    UnreadQualifier,
    VocabularyFact,
    current_words,
    denies_all_medication,
    disease_mentions,
    is_a,
    is_disease,
    is_neoplasm,
    load_screening_rules,
    phrase_alternation,
    phrase_pattern,
    qualifiers_after_reading,
    screening_phrase,
    screening_phrases,
    written_out,
)
from trialfinder.radiation_site import asked_region, noted_regions
from trialfinder.refractory import asks_refractory, states_refractory
from trialfinder.response_categories import response_reading
from trialfinder.score_alternatives import score_alternatives
from trialfinder.serology import antibody_reading
from trialfinder.store.base import Store
from trialfinder.surgery_order import asked_order, noted_order
from trialfinder.treatment_fitness import asked_fitness, fitness_answer
from trialfinder.treatment_given import asked_given, noted_start_year
from trialfinder.unread_qualifiers import WrittenQualifier, unread_qualifiers, written_qualifier
from trialfinder.vocabulary import MAX_PHRASE_WORDS, load_vocabulary, normalize_phrase

__all__ = [
    "DISCLAIMER",
    "NOTE_SILENCE_RULES",
    "NOTE_WAIVERS",
    "RECORD_WAIVERS",
    "SILENCE_RULES",
    "CriterionResult",
    "Finding",
    "Judgement",
    "MatchReport",
    "SilencePolicy",
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
    "validate_silence_policy",
]

Status = Literal["met", "not_met", "unknown", "not_applicable"]
Verdict = Literal["excluded", "possible", "likely"]
# What identifies a candidate while ranking: its record bytes, or its NCT id in a store.
_Key = TypeVar("_Key")
Truth = Literal["true", "false", "unknown"]

DISCLAIMER = (
    "This is a pre-screen, not an eligibility decision: the study team decides who can take part."
)

_VERDICT_ORDER: dict[str, int] = {"likely": 0, "possible": 1, "excluded": 2}
_COMPARATOR_WORDS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "=", "between": "between"}


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


class Finding(msgspec.Struct):
    """What one constraint says about the patient, and the fact it rests on."""

    truth: Truth
    evidence: str | None
    reason: str


_format = format_number


def _threshold_text(constraint: Measurement, unit: str | None = None) -> str:
    """The criterion's threshold for people: "≥ 170 µmol/L", "between 18 and 30 kg/m²"."""
    unit = constraint.unit if unit is None else unit
    if constraint.relative_to_uln:
        unit = "ULN"
    if constraint.comparator == "between" and constraint.upper_value is not None:
        low = _format(constraint.value)
        high = format_quantity(constraint.upper_value, unit)
        if constraint.lower_open or constraint.upper_open or _young_age(constraint, unit):
            # "≥ 12 and < 18 years": a range that leaves out an end says which, as written;
            # so does an infant's range, each end in its own unit ("≥ 28 days and < 18 years").
            lower = _range_end_failed(constraint, unit, below=True)
            return f"{lower} and {_range_end_failed(constraint, unit, below=False)}"
        return f"between {low} and {high}"
    bound = _bound_quantity(constraint, constraint.value, unit)
    return f"{_COMPARATOR_WORDS[constraint.comparator]} {bound}"


def _young_age(constraint: Measurement, unit: str | None, value: float | None = None) -> bool:
    """An age limit under a year read in years (a range's lower end in days or months):
    ``value``, or the constraint's own."""
    value = constraint.value if value is None else value
    return constraint.analyte == "age" and unit == "year" and 0 < value < 1


def _bound_quantity(constraint: Measurement, value: float, unit: str | None) -> str:
    """A threshold with its unit; an age under a year read in years is said in the unit a
    criterion writes it in: "28 days", "6 months", never "0.0767 years"."""
    if _young_age(constraint, unit, value):
        for per_year, name in ((12.0, "month"), (365.25, "day")):
            count = value * per_year
            if abs(count - round(count)) < 0.01:
                whole = round(count)
                return f"{whole} {name}{'' if whole == 1 else 's'}"
    return format_quantity(value, unit)


def _lower_bound_word(constraint: Measurement) -> str:
    return ">" if constraint.lower_open else "≥"


def _upper_bound_word(constraint: Measurement) -> str:
    return "<" if constraint.upper_open else "≤"


def _range_end_failed(constraint: Measurement, unit: str | None, below: bool) -> str:
    """The one end of a range a value falls outside of, as a bound: "≥ 12 years", "< 18
    years". A reason names the bound that decided, not the whole range."""
    if below:
        return (
            f"{_lower_bound_word(constraint)} {_bound_quantity(constraint, constraint.value, unit)}"
        )
    assert constraint.upper_value is not None
    high = _bound_quantity(constraint, constraint.upper_value, unit)
    return f"{_upper_bound_word(constraint)} {high}"


def _the_required(threshold: str) -> str:
    """ "the required ≥ 170 µmol/L"; a range as a noun: "the required range 3 to 4", not
    "the required between 3 and 4"."""
    if threshold.startswith("between "):
        return "the required range " + threshold.removeprefix("between ").replace(
            " and ", " to ", 1
        )
    return f"the required {threshold}"


def _measurement_sentence(
    subject: str, truth: Truth, constraint: Measurement, threshold: str
) -> str:
    """ "Bilirubin 3.1 mg/dL (53 µmol/L) is below the required ≥ 170 µmol/L"."""
    required = _the_required(threshold)
    if truth == "true":
        return f"{subject} meets {required}"
    if truth == "unknown":
        return f"{subject} may or may not meet {required}"
    if constraint.comparator in (">", ">="):
        return f"{subject} is below {required}"
    if constraint.comparator in ("<", "<="):
        return f"{subject} is above {required}"
    if constraint.comparator == "between":
        return f"{subject} is outside {required}"
    return f"{subject} is not {required}"


_Interval = tuple[float, bool, float, bool]


def _interval(
    comparator: str, low: float, high: float | None, open_ends: tuple[bool, bool] = (False, False)
) -> _Interval:
    """(low, low closed, high, high closed) of the values a comparator allows; a range
    leaves out the ends a criterion wrote as strict ("> 18 and < 80": ``open_ends``)."""
    infinity = float("inf")
    if comparator == "between":
        return low, not open_ends[0], (high if high is not None else low), not open_ends[1]
    if comparator in (">", ">="):
        return low, comparator == ">=", infinity, False
    if comparator in ("<", "<="):
        return -infinity, False, low, comparator == "<="
    return low, True, low, True


def _interval_truth(patient_range: _Interval, criterion_range: _Interval) -> Truth:
    """True when every value the patient may have satisfies the criterion; false when none does.

    A note often gives a range rather than a number ("tachycardic": heart
    rate above 100/min); a criterion "heart rate ≥ 90/min" is then settled,
    "heart rate ≥ 120/min" is not.
    """
    p_low, p_low_closed, p_high, p_high_closed = patient_range
    c_low, c_low_closed, c_high, c_high_closed = criterion_range
    low_inside = c_low < p_low or (c_low == p_low and (c_low_closed or not p_low_closed))
    high_inside = p_high < c_high or (p_high == c_high and (c_high_closed or not p_high_closed))
    if low_inside and high_inside:
        return "true"
    below = p_high < c_low or (p_high == c_low and not (p_high_closed and c_low_closed))
    above = c_high < p_low or (c_high == p_low and not (c_high_closed and p_low_closed))
    return "false" if below or above else "unknown"


def _gestation_finding(constraint: Measurement, patient: PatientFacts) -> Finding:
    """A gestational-age threshold ("gestational age < 23 weeks") is not the patient's age."""
    if patient.gestational_weeks is None:
        return Finding("unknown", None, "gestational age not given")
    # The parser reads "gestational age < 23 weeks" in weeks; an age in weeks is in years.
    per_canonical = 1.0 if constraint.analyte == "gestational_age" else 365.25 / 7
    weeks = (constraint.canonical_value or 0.0) * per_canonical
    upper = constraint.canonical_upper * per_canonical if constraint.canonical_upper else None
    truth = _interval_truth(
        _interval("=", patient.gestational_weeks, None),
        _interval(constraint.comparator, weeks, upper),
    )
    return Finding(
        truth,
        patient.gestation_evidence,
        f"{_format(patient.gestational_weeks)} weeks of gestation; criterion {constraint.text}",
    )


def _majority_assumed(constraint: Measurement) -> str:
    """What an age limit read from a minors phrase ("Minors") assumes: an age of majority
    of 18, which is not everywhere's (19 in South Korea, 20 in Thailand, 21 in Singapore)."""
    if not reads_majority(constraint):
        return ""
    return (
        f" (“{constraint.text}” read as an age of majority of "
        f"{_format(load_lexicon().cues.majority_age)};"
        " the study team decides where majority differs)"
    )


def _age_outside(subject: str, age: float, constraint: Measurement, low: float) -> str:
    """Why an age fails its limit, naming the bound that decided: "Age 18 years is not
    below the required < 18 years", "Age 2 years is below the required ≥ 12 years" (of
    "12 to < 18 years"); an age on a strict bound is not past it, only not inside."""
    comparator = constraint.comparator
    threshold = _threshold_text(constraint)
    if comparator == "between" and constraint.upper_value is not None:
        below = age < low or (age == low and constraint.lower_open)
        threshold = _range_end_failed(constraint, constraint.unit, below)
        comparator = (
            (">" if constraint.lower_open else ">=")
            if below
            else ("<" if constraint.upper_open else "<=")
        )
        bound = low if below else (constraint.canonical_upper or constraint.upper_value)
    else:
        bound = low
    required = _the_required(threshold)
    if comparator == ">" and age == bound:
        return f"{subject} is not above {required}"
    if comparator == "<" and age == bound:
        return f"{subject} is not below {required}"
    if comparator in (">", ">="):
        return f"{subject} is below {required}"
    if comparator in ("<", "<="):
        return f"{subject} is above {required}"
    return f"{subject} is not {required}"


def _measurement_finding(constraint: Measurement, patient: PatientFacts) -> Finding:
    lexicon = load_lexicon()
    analyte = lexicon.analytes[constraint.analyte]
    if constraint.sex is not None and patient.sex is None:
        return Finding(
            "unknown", None, f"the threshold “{constraint.text}” is for {constraint.sex}s only"
        )
    if constraint.change:
        return Finding(
            "unknown",
            None,
            f"the criterion asks how much {analyte.display_in_sentence} changes "
            f"(“{constraint.text}”), which one value cannot show",
        )
    if constraint.analyte == "age":
        if patient.age is None:
            return Finding("unknown", None, "age not given")
        low = (
            constraint.canonical_value
            if constraint.canonical_value is not None
            else constraint.value
        )
        high = constraint.canonical_upper
        holds = comparison_holds(
            patient.age,
            constraint.comparator,
            low,
            high,
            constraint.lower_open,
            constraint.upper_open,
        )
        subject = f"Age {_format(patient.age)} years"
        majority = _majority_assumed(constraint)
        if holds:
            return Finding(
                "true",
                patient.age_evidence,
                _measurement_sentence(subject, "true", constraint, _threshold_text(constraint))
                + majority,
            )
        return Finding(
            "false",
            patient.age_evidence,
            _age_outside(subject, patient.age, constraint, low) + majority,
        )
    threshold_low, threshold_high = constraint.canonical_value, constraint.canonical_upper
    required = _threshold_text(constraint)
    if not constraint.plausible:
        if constraint.plausible_unit is None:
            return Finding(
                "unknown",
                None,
                f"the threshold “{constraint.text}” is not a plausible {analyte.display} value "
                "(likely a unit slip in the registry text); the study team must clarify",
            )
        threshold_low = to_canonical(analyte, constraint.value, constraint.plausible_unit)
        if constraint.upper_value is not None:
            threshold_high = to_canonical(
                analyte, constraint.upper_value, constraint.plausible_unit
            )
        required = (
            f"{_threshold_text(constraint, constraint.plausible_unit)} (the trial's "
            f"“{constraint.text}” is not a plausible {analyte.display} value, read as "
            f"{unit_words(constraint.plausible_unit)})"
        )
    facts = sorted(
        patient.measurement_facts(constraint.analyte),
        key=lambda f: f.measurement is None or f.measurement.comparator != "=",
    )
    if not facts:
        kind = _noted_ejection_fraction_kind(constraint, patient, threshold_low, threshold_high)
        if kind is not None:
            return kind
        denied = _denied_exposure(constraint, analyte, patient, threshold_low, threshold_high)
        if denied is not None:
            return denied
        return Finding("unknown", None, f"no {analyte.display_in_sentence} value given")
    fact = facts[0]
    value = fact.measurement
    assert value is not None
    if constraint.relative_to_uln:
        return _uln_finding(constraint, fact, value, analyte)
    if value.relative_to_uln:
        return Finding("unknown", fact.evidence, f"{analyte.display} given as a multiple of ULN")
    if value.canonical_value is None and value.unit is None:
        units = " or ".join(
            unit_words(unit) for unit in (analyte.canonical_unit, *analyte.other_units) if unit
        )
        return Finding(
            "unknown",
            fact.evidence,
            f"{analyte.display} {_format(value.value)} was given without a unit"
            + (f" (it could be {units})" if units else "")
            + f"; the criterion requires {required}",
        )
    if threshold_low is None or value.canonical_value is None:
        return Finding(
            "unknown",
            fact.evidence,
            f"{analyte.display} {format_quantity(value.value, value.unit)} cannot be compared "
            f"with {_the_required(required)}"
            + (" (the criterion gives no unit)" if constraint.unit is None else ""),
        )
    truth = _interval_truth(
        _interval(value.comparator, value.canonical_value, value.canonical_upper),
        _interval(
            constraint.comparator,
            threshold_low,
            threshold_high,
            (constraint.lower_open, constraint.upper_open),
        ),
    )
    subject = _patient_value_text(analyte, value, constraint)
    detection = detection_word(analyte, constraint)
    if detection is not None:
        # "HBV DNA ≥ detection limit": no number to print, the load is asked to be detectable.
        wanted = f"{detection} {analyte.display}"
        if truth == "true":
            return Finding(truth, fact.evidence, f"{subject} meets the required {wanted}")
        return Finding(truth, fact.evidence, f"{subject}; the criterion asks for {wanted}")
    return Finding(
        truth, fact.evidence, _measurement_sentence(subject, truth, constraint, required)
    )


def _denied_exposure(
    constraint: Measurement,
    analyte: Analyte,
    patient: PatientFacts,
    low: float | None,
    high: float | None,
) -> Finding | None:
    """An amount of a behaviour the note denies outright is zero: "never smoker" or "denies
    smoking" is 0 pack-years against "≤ 10 pack-years" or "≥ 20 pack-years". Any fact of the
    behaviour itself (an ex-smoker, "quit 2010") leaves the amount unknown."""
    if analyte.zero_when_denied is None or low is None:
        return None
    present, absent = patient.concept_facts(analyte.zero_when_denied)
    if present or not absent:
        return None
    truth = _interval_truth(_interval("=", 0.0, None), _interval(constraint.comparator, low, high))
    subject = (
        f"{analyte.display} 0 (the note denies "
        f"{load_lexicon().concepts[analyte.zero_when_denied].names[0]})"
    )
    return Finding(
        truth,
        absent[0].evidence,
        _measurement_sentence(subject, truth, constraint, _threshold_text(constraint)),
    )


def _patient_value_text(analyte: Analyte, value: Measurement, constraint: Measurement) -> str:
    """ "Bilirubin 3.1 mg/dL (53 µmol/L)": the patient's value, also in the criterion's unit.

    A range ("Child-Pugh class A" is 5–6 points) is written as one: "Child-Pugh score 5–6".
    """
    if value.comparator == "between" and value.upper_value is not None:
        low, high = _format(value.value), _format(value.upper_value)
        return f"{analyte.display} {low}–{high}{_unit_suffix(value.unit)}"
    detection = detection_word(analyte, value)
    if detection is not None:
        return f"{analyte.display} {detection}"
    stated = "" if value.comparator == "=" else f"{_COMPARATOR_WORDS[value.comparator]} "
    if value.unit_assumed:
        return (
            f"{analyte.display} {stated}{_format(value.value)} (taken as {unit_words(value.unit)})"
        )
    text = f"{analyte.display} {stated}{format_quantity(value.value, value.unit)}"
    if value.text.startswith(WORKED_OUT):
        return f"{text} ({value.text})"  # "Weight loss 14.7% (worked out from 68 kg to 58 kg)"
    target = constraint.plausible_unit or constraint.unit or analyte.canonical_unit
    if (
        target is None
        or target == value.unit
        or value.canonical_value is None
        or detection_word(analyte, constraint) is not None
    ):
        return text
    if target == "1/L":
        target = "1/nL"
    converted = from_canonical(analyte, value.canonical_value, target)
    if converted is None:
        return text
    in_target = format_quantity(converted, target)
    same_number = format_number(converted) == format_number(value.value)
    return text if same_number or text.endswith(in_target) else f"{text} ({in_target})"


def _unit_suffix(unit: str | None) -> str:
    return f" {unit_words(unit)}" if unit else ""


def _typical_uln_text(analyte: Analyte, typical_uln: float, unit: str | None) -> str:
    """The assumed ULN in the patient's own unit when it converts ("1.23 mg/dL"), else in
    the analyte's canonical unit ("21 µmol/L"): a bare "21" leaves the reader guessing."""
    in_patient_unit = from_canonical(analyte, typical_uln, unit)
    if in_patient_unit is not None:
        return format_quantity(in_patient_unit, unit)
    return format_quantity(typical_uln, analyte.canonical_unit)


def _uln_finding(
    constraint: Measurement, fact: Fact, value: Measurement, analyte: Analyte
) -> Finding:
    display, typical_uln = analyte.display, analyte.typical_uln
    patient_comparator = "="
    if value.relative_to_uln:
        multiple = value.value
        patient_comparator = value.comparator
        stated = "" if value.comparator == "=" else f"{_COMPARATOR_WORDS[value.comparator]} "
        basis = f"{display} {stated}{_format(multiple)} × ULN"
    elif typical_uln is not None and value.canonical_value is not None:
        multiple = value.canonical_value / typical_uln
        assumed = f" (taken as {unit_words(value.unit)})" if value.unit_assumed else ""
        basis = (
            f"{display} {format_quantity(value.value, value.unit)}{assumed} ≈ "
            f"{_format(multiple)} × ULN (assuming a typical ULN of "
            f"{_typical_uln_text(analyte, typical_uln, value.unit)}; the lab's own range decides)"
        )
    else:
        return Finding(
            "unknown", fact.evidence, f"{display} cannot be expressed as a multiple of ULN"
        )
    truth = _interval_truth(
        _interval(patient_comparator, multiple, None),
        _interval(constraint.comparator, constraint.value, constraint.upper_value),
    )
    return Finding(
        truth,
        fact.evidence,
        _measurement_sentence(basis, truth, constraint, _threshold_text(constraint)),
    )


def _duration_text(days: float) -> str:
    """ "13 years" rather than "4,748 days", "8 months" rather than "244 days": the unit a
    clinician says it in; under two months in days."""
    years = days / 365.25
    if years >= 1:
        return f"{_format(round(years, 1))} years"
    months = round(days / DAYS_PER_UNIT["month"])
    return f"{months} months" if months >= 2 else f"{_format(days)} days"


def _criterion_window(window: TimeWindow) -> str:
    """The window as the reason gives it. One counted to the study's first dose ("within 4
    weeks prior to the first dose of study drug", ``study_start_anchor_phrases``) is counted
    back from today: the patient is screened about when the study's first dose is given."""
    if _anchor_pattern(study_start=True).search(window.text):
        return f"criterion window {window.text}, counted back from today (the study's first dose)"
    return f"criterion window {window.text}"


@functools.cache
def _anchor_pattern(study_start: bool) -> re.Pattern[str]:
    """A window's anchor in its text, which the parse keeps without a last "of" ("at least
    12 months must have elapsed since completion")."""
    cues = load_lexicon().cues
    phrases = cues.study_start_anchor_phrases if study_start else cues.treatment_end_anchor_phrases
    return phrase_pattern(sorted({phrase.removesuffix(" of") for phrase in phrases}))


def _years_since(year: int) -> float:
    return datetime.date.today().year - year + 0.5


def _window_finding(
    constraint: ConceptMention, fact: Fact, name: str, about_onset: bool
) -> Finding:
    window = constraint.window
    assert window is not None
    limit_years = window.days / 365.25
    if window.kind == "stable" and constraint.category != "treatment":
        # "hypothyroidism and treatment with a stable dosage … for <6 months": the time is
        # how long the treatment's dose has been stable, which the condition's dates do not say.
        return Finding(
            "unknown",
            fact.evidence,
            f"{name}: how long its treatment's dose has been stable is not given; "
            f"criterion stable dose {window.text}",
        )
    if window.kind == "recency" and about_onset:
        return _onset_finding(window, fact, name)
    if window.kind == "recency":
        # "more than 6 months ago", "of at least 3 months": long enough ago, not recent.
        at_least = window.comparator in (">", ">=")
        if fact.days_ago is not None:
            within = comparison_holds(fact.days_ago, window.comparator, window.days, None)
            return Finding(
                "true" if within else "false",
                fact.evidence,
                f"{name}: about {_format(fact.days_ago)} days ago; {_criterion_window(window)}",
            )
        if not at_least and (
            fact.current or (constraint.category == "treatment" and _taken_now(fact))
        ):
            return Finding("true", fact.evidence, f"{name}: current, within {window.text}")
        if fact.end_year is not None:
            ago = _years_since(fact.end_year)
            if at_least and abs(ago - limit_years) < 1:
                return Finding(
                    "unknown",
                    fact.evidence,
                    f"{name}: in {fact.end_year}; {_criterion_window(window)}",
                )
            within = ago > limit_years if at_least else ago <= limit_years
            return Finding(
                "true" if within else "false",
                fact.evidence,
                f"{name}: last in {fact.end_year}; {_criterion_window(window)}",
            )
        if _anchor_pattern(study_start=False).search(window.text):
            return Finding(
                "unknown",
                fact.evidence,
                f"the note does not say when the last {name} dose was; "
                f"criterion window {window.text}",
            )
        return Finding(
            "unknown", fact.evidence, f"{name}: timing not given; {_criterion_window(window)}"
        )
    if fact.duration_days is not None:
        holds = comparison_holds(fact.duration_days, window.comparator, window.days, None)
        return Finding(
            "true" if holds else "false",
            fact.evidence,
            f"{name}: for about {_duration_text(fact.duration_days)}; "
            f"criterion duration {window.text}",
        )
    if fact.start_year is not None:
        end = fact.end_year if fact.end_year is not None else datetime.date.today().year
        duration = max(0.0, end - fact.start_year + (0.0 if fact.end_year is None else 1.0))
        holds = comparison_holds(duration, window.comparator, limit_years, None)
        return Finding(
            "true" if holds else "false",
            fact.evidence,
            f"{name}: about {_format(duration)} years; criterion duration {window.text}",
        )
    return Finding("unknown", fact.evidence, f"{name}: duration not given; criterion {window.text}")


def _taken_for(constraint: ConceptMention, fact: Fact, criterion_text: str) -> ConceptMention:
    """A treatment asked as taken "for at least 3 consecutive months prior to enrollment",
    against one the patient is on now: the time is how long it has been taken up to
    enrolment ("on methadone since January 2026"), a duration, though "prior to" makes the
    parse read a recency window. Only when the note dates the start far enough back to tell
    (its day or month, or whole years before this one); never for a treatment asked absent
    or stopped (``washout_words``), where the time counts from its end."""
    window = constraint.window
    if (
        window is None
        or window.kind != "recency"
        or window.comparator not in (">", ">=")
        or constraint.negated
        or constraint.category != "treatment"
        or fact.historical
        or not (fact.current or _taken_now(fact))
        or _for_window(window.text).search(criterion_text) is None
        or _washout_words().search(criterion_text) is not None
    ):
        return constraint
    whole_years = (
        None if fact.start_year is None else datetime.date.today().year - fact.start_year - 1
    )
    if fact.duration_days is None and (whole_years is None or whole_years * 365.25 < window.days):
        return constraint
    return msgspec.structs.replace(
        constraint, window=TimeWindow("duration", window.comparator, window.days, window.text)
    )


@functools.lru_cache(maxsize=256)
def _for_window(text: str) -> re.Pattern[str]:
    """ "for at least 3 months": the duration cue right before a window's own words."""
    return re.compile(rf"\bfor\s+{re.escape(text)}", re.IGNORECASE)


def _taken_now(fact: Fact) -> bool:
    """Whether the note says the patient is *on* a drug ("AF on apixaban", "taking
    metformin"): a treatment named so is taken now, within any recent window."""
    if fact.concept is None or fact.historical:
        return False
    return any(
        found.concept == fact.concept and _ON_DRUG.search(fact.evidence, 0, found.start)
        for found in find_concepts(fact.evidence)
    )


_ON_DRUG = re.compile(r"\b(?:on|taking|takes|uses|using|started)\s+(?:[\w-]+\s+){0,2}$", re.I)


# A mention ending on one of these is a fragment of a longer phrase ("Participation
# in another" of "…another clinical trial"): reasons name the concept instead.
_DANGLING_WORDS = frozenset(
    {"a", "an", "and", "another", "any", "in", "of", "or", "other", "the", "to", "with"}
    | {"for", "by", "on", "at", "from"}
)


def concept_name(text: str, concept: Concept | None) -> str:
    """What reasons call a concept: the trial's words when they read as a name, else the concept's.

    The words matched in criteria can be a fragment ("HCV) antibody" from
    "anti-(HCV) antibody", "Participation in another") or a lone adjective that
    begins a longer name of the concept ("autoimmune" in "autoimmune or inflammatory
    disorders", of "autoimmune disease"; "malignant" in "malignant thymoma", of "malignant
    tumor"); people are shown a clean name, never the fragment.
    """
    words = text.split()
    balanced = text.count("(") == text.count(")") and text.count("[") == text.count("]")
    lone_adjective = (
        concept is not None
        and len(words) == 1
        and bool(concept.names)
        and any(name.startswith(f"{text.lower()} ") for name in concept.names)
    ) or _part_of_a_name(text, concept)
    clean = (
        balanced
        and bool(words)
        and words[-1].lower() not in _DANGLING_WORDS
        and text[:1].isalnum()
        and text[-1:].isalnum()
        and not lone_adjective
    )
    if clean:
        return text
    if concept is not None and concept.names:
        return concept.names[0]
    return text.replace("(", "").replace(")", "").strip("[],;:. ")


@functools.lru_cache(maxsize=65_536)
def _mention_name(text: str, concept_id: str) -> str:
    """:func:`concept_name` of a criterion's mention, by the lexicon's concept id: the same
    for every patient screened against the criterion, so worked out once (a cohort screen asks
    it for each patient and each concept mention)."""
    return concept_name(text, load_lexicon().concepts.get(concept_id))


def _part_of_a_name(text: str, concept: Concept | None) -> bool:
    """Whether ``text`` is words of one of the concept's names but no name itself: a name
    written in part, its shared words left to the name beside it ("type 1" and "C" of "type
    1 or type 2 diabetes" and "hepatitis B or C")."""
    if concept is None or not concept.names:
        return False
    key = phrase_key(text)
    if not key or " ".join(key) in concept.names:
        return False
    size = len(key)
    return any(
        tuple(words[i : i + size]) == key
        for words in (phrase_key(name) for name in concept.names)
        if len(words) > size
        for i in range(len(words) - size + 1)
    )


def _dose_after(criterion_text: str, concept_text: str) -> DoseAsk | None:
    """The dose per kilogram a day the criterion writes after the drug, in its clause."""
    span = _mention_span(criterion_text, concept_text)
    if span is None:
        return None
    clause_end = _CLAUSE_END.search(criterion_text, span[1])
    return criterion_dose_per_weight(
        criterion_text[span[1] : clause_end.start() if clause_end else len(criterion_text)]
    )


def _dose_per_weight_finding(
    constraint: ConceptMention,
    present: Sequence[Fact],
    patient: PatientFacts,
    criterion_text: str,
    name: str,
) -> Finding | None:
    """ "Prednisone ≥ 0.5 mg/kg/day", "insulin > 1 U/kg/day": the note's daily dose of the
    drug over its weight (``trialfinder.drug_dose``); None when the criterion asks no dose
    per weight, or the dose meets it (the rest of the criterion is judged as before)."""
    asked = _dose_after(criterion_text, constraint.text)
    if asked is None:
        return None
    evidence = present[0].evidence
    if asked.comparator == "=":
        return Finding(
            "unknown",
            evidence,
            f"the patient is on {name}; the criterion's dose ({asked.text}) says no more or less",
        )
    concept = load_lexicon().concepts.get(constraint.concept)
    # Any insulin is dosed in units; another family's members are not one dose apart
    # (dexamethasone against "prednisone ≥ 0.5 mg/kg/day" needs an equivalence table).
    lexicon = load_lexicon().concepts
    names = (
        [n for f in present for n in getattr(lexicon.get(f.concept or ""), "names", [])]
        if asked.unit == "IU"
        else []
    )
    # The drug the dose is counted in may follow it ("steroids less than 0.5 mg/kg/day
    # prednisone"): the criterion's own drug, or the one after its dose.
    named = [constraint.text.lower()] + [
        word for word in asked.drug_after if concept is not None and word in concept.names
    ]
    for drug in named:
        names += [drug, *_SAME_DOSE_DRUGS.get(drug, [])]
    weights = [f.measurement for f in patient.measurement_facts("body_weight") if f.measurement]
    doses = [note_daily_dose(f.evidence or "", names, asked.unit) for f in present]
    if any(d is None for d in doses):
        return Finding(
            "unknown",
            evidence,
            f"the patient is on {name}; the note gives no daily dose of {' or '.join(named)} "
            f"to work out per kg (the criterion asks {asked.text})",
        )
    if not weights or weights[0].canonical_value is None:
        return Finding(
            "unknown",
            evidence,
            f"the patient is on {name}; the note does not give the patient's weight "
            f"(the criterion asks {asked.text})",
        )
    kilograms = weights[0].canonical_value
    per_kg = [d.per_day / kilograms for d in doses if d is not None]
    unit = "U" if asked.unit == "IU" else asked.unit
    worked = ", ".join(
        f"{d.text} over {_format(kilograms)} kg is {_format(round(p, 2))} {unit}/kg/day"
        for d, p in zip(doses, per_kg, strict=True)
        if d is not None
    )
    if any(comparison_holds(p, asked.comparator, asked.value, None) for p in per_kg):
        return None
    return Finding("false", evidence, f"{worked}; the criterion asks {asked.text}")


# Drugs given milligram for milligram (prednisone and prednisolone: BNF, "Glucocorticoid
# therapy", equivalent anti-inflammatory doses 5 mg = 5 mg).
_SAME_DOSE_DRUGS = {"prednisone": ["prednisolone"], "prednisolone": ["prednisone"]}


def _onset_finding(window: TimeWindow, fact: Fact, name: str) -> Finding:
    """ "Diagnosed within the last 12 months": when it began, not whether it is present."""
    since_days: float | None = None
    if fact.duration_days is not None:
        since_days = fact.duration_days
    elif fact.start_year is not None:
        since_days = _years_since(fact.start_year) * 365.25
        if window.comparator in (">", ">=") and abs(since_days - window.days) < 365.25 / 2:
            # "since 2026" against "diagnosed ≥ 180 days before": any day of the year.
            return Finding(
                "unknown",
                fact.evidence,
                f"{name}: since {fact.start_year}; criterion {window.text}",
            )
    elif fact.days_ago is not None:
        since_days = fact.days_ago
    if since_days is None:
        return Finding(
            "unknown", fact.evidence, f"{name}: when it began is not given; criterion {window.text}"
        )
    # "Diagnosed ≥ 180 days before screening" asks for an onset long enough ago.
    within = comparison_holds(since_days, window.comparator, window.days, None)
    return Finding(
        "true" if within else "false",
        fact.evidence,
        f"{name}: began {_time_ago(since_days)}; criterion window {window.text}",
    )


def _time_ago(days: float) -> str:
    """An onset in the unit a reader counts it in ("about 20 days ago", "about 5 months
    ago", "about 3.5 years ago"), never a fraction of a year."""
    if days < 60:
        return f"about {_format(round(days))} days ago"
    if days < 730:
        return f"about {_format(round(days / 30.44))} months ago"
    return f"about {_format(round(days / 365.25, 1))} years ago"


def _about_onset(criterion_text: str) -> bool:
    return screening_phrase("onset_cues").search(criterion_text) is not None


def _concept_finding(
    constraint: ConceptMention, patient: PatientFacts, criterion_text: str = ""
) -> Finding:
    name = _mention_name(constraint.text, constraint.concept)
    present, absent = patient.concept_facts(constraint.concept)
    if present and _counts_a_washout(constraint, criterion_text):
        return _washout_finding(constraint, present, name)
    excepted: Finding | None = None
    if present and constraint.concept in _malignancy_concepts():
        present, excepted = _not_excepted(constraint, present, patient, criterion_text)
    if present and _asks_for_another_cancer(constraint, patient, criterion_text):
        return _another_cancer_finding(absent)
    absent = [
        f
        for f in absent
        if not _denies_only_others(f, patient)
        and not _denies_only_now(
            f.current, f.evidence, f.concept == constraint.concept, constraint, criterion_text
        )
    ]
    if present and any(f.operations for f in present):
        # A named operation answers a criterion asking of a past surgery, not one
        # naming surgery in passing ("bleeding precipitated by surgery", "at the end of
        # surgery", "planned for breast cancer surgery"); "Note: Appendectomy is allowed":
        # the note's appendicectomy does not meet it.
        span = _mention_span(criterion_text, constraint.text)
        # Asked of a past surgery: a window on it ("major surgery within 4 weeks") or a
        # site its MeSH branch answers ("previous history of upper gastrointestinal
        # surgery"); "prior surgery … for any HNC" asks of a purpose no branch tells.
        done_asked = (
            (
                constraint.window is not None
                or (constraint.historical and _procedure_site(constraint, criterion_text))
            )
            and span is not None
            and asks_of_an_operation_done(criterion_text, *span)
        )
        allowed = excepted_operations(criterion_text)
        kept = [
            f
            for f in present
            if not f.operations or (done_asked and not set(f.operations) <= allowed)
        ]
        if not kept and not absent:
            why = (
                f"the criterion allows the operation the note names for {name}"
                if done_asked
                else f"the note names an operation; the criterion does not ask of a past {name}"
            )
            return Finding("unknown", present[0].evidence, why)
        present = kept
    site = _procedure_site(constraint, criterion_text)
    if site is not None and present:
        # The site itself, or a body part the criterion lists ("major surgery of limbs
        # (amputation, hip surgeries)"), must be in the note's sentence.
        sites = {site, *_body_part_words(criterion_text)}
        # A named operation is a surgery of its own site ("Billroth II partial gastrectomy"
        # is upper gastrointestinal surgery): its MeSH branch answers (``operations``).
        present = [
            f
            for f in present
            if any(_has_word(f.evidence, w) for w in sites)
            or operation_at_site(f.operations, site, criterion_text)
        ]
        if not present and not absent:
            return Finding(
                "unknown", None, f"the note says {name}, not {site} {name} as the criterion asks"
            )
    if present and _names_another_disease(constraint, criterion_text):
        present = []
    allergen = _allergen(constraint, criterion_text)
    if allergen is not None and present:
        present = [f for f in present if _names_the_allergen(f.evidence, allergen[1])]
        if not present and not absent:
            return Finding("unknown", None, f"the note names no allergy to {allergen[0]}")
    if present and constraint.concept in _malignancy_concepts():
        # "a benign tumour of the adrenal": the lexicon's tumour, but no malignancy.
        relations = load_disease_relations()
        if not relations.neutral_about_malignancy(constraint.text):
            present = [f for f in present if not _BENIGN_BEFORE.search(f.evidence)]
    if (
        present
        and constraint.category == "treatment"
        and asks_refractory(criterion_text, constraint.text)
    ):
        present = [f for f in present if _states_refractory(f)]
        if not present:
            return Finding(
                "unknown",
                None,
                f"the note names {name} but not that the disease progressed on it "
                "(the criterion asks it refractory)",
            )
    if present and constraint.category == "treatment":
        wanted = criterion_indication(criterion_text, constraint.text)
        kept = [f for f in present if not _given_for_another(f, wanted)]
        other = present[0].indication
        if not kept and other is not None and wanted is not None:
            return Finding(
                "unknown",
                present[0].evidence,
                f"the note gives {other.treatment} for {other.words}; "
                f"the criterion asks for it for {wanted.words}",
            )
        present = kept
    if present and (asked := criterion_route(constraint.concept, criterion_text, constraint.text)):
        # "systemic corticosteroids": hydrocortisone cream is not one (``trialfinder.drug_route``).
        routes = [(f, note_route(constraint.concept, f.evidence)) for f in present]
        kept = [
            f for f, told in routes if any(r is not None and route_given(asked, r[0]) for r in told)
        ]
        if not kept:
            told = next(((f, r) for f, rs in routes for r in rs if r is not None), None)
            if told is None:
                return Finding(
                    "unknown",
                    present[0].evidence,
                    f"the note does not say the route of the {name}; the criterion asks "
                    f"for {' or '.join(sorted(asked))} {name}",
                )
            return Finding(
                "unknown",
                told[0].evidence,
                f"the note gives the {name} as {told[1][0]} ({told[1][1]}); the criterion "
                f"asks for {' or '.join(sorted(asked))} {name}",
            )
        present = kept
    if present and constraint.category == "treatment":
        dosed = _dose_per_weight_finding(constraint, present, patient, criterion_text, name)
        if dosed is not None:
            return dosed
    if present and constraint.window is None:
        constraint = _with_list_window(constraint, criterion_text)
    antibody = antibody_reading(constraint.concept, criterion_text, present, absent, patient.facts)
    if antibody is not None:
        # An infection's antibody is read apart from the infection (``trialfinder.serology``).
        finding = Finding(antibody.truth, antibody.evidence, antibody.reason)
    elif excepted is not None:
        finding = excepted
    elif present:
        fact = present[0]
        if constraint.window is not None:
            # The mention that dates how long a treatment has been taken, if one does.
            timed, lasting = next(
                (
                    (f, c)
                    for f in present
                    if (c := _taken_for(constraint, f, criterion_text)) is not constraint
                ),
                (fact, constraint),
            )
            finding = _window_finding(lasting, timed, name, _about_onset(criterion_text))
            if finding.truth == "false" and lasting.window is not None:
                finding = _inside_the_window(lasting, present, name, criterion_text, finding)
            qualified = _qualifiers_judged(criterion_text, constraint, patient)
            if finding.truth == "unknown" and qualified is not None and qualified[0] == "false":
                # "refractory ascites within 1 month": controlled ascites is none, whenever.
                finding = Finding("false", fact.evidence, qualified[1])
        elif (
            _names_a_present_habit(criterion_text, constraint)
            and all(f.historical and not f.current for f in present)
            and (ended := _ended_habit(present)) is not None
        ):
            finding = Finding(
                "false",
                ended.evidence,
                f"the patient's {_habit_name(constraint)} has ended; the criterion asks for it now",
            )
        elif (
            not constraint.historical
            and is_a(constraint.concept, "infection")
            and (cured := _cured(present)) is not None
        ):
            # A cured hepatitis C is no hepatitis C now; it rules out no other infection.
            finding = (
                Finding(
                    "unknown",
                    cured.evidence,
                    "the patient's infection is cured; the note names no other",
                )
                if constraint.concept == "infection"
                else Finding(
                    "false",
                    cured.evidence,
                    f"the patient's {name} is cured; the criterion asks for the infection",
                )
            )
        elif _asks_current(criterion_text, constraint) and _none_there_now(present):
            finding = Finding(
                "false",
                fact.evidence,
                f"the patient's {name} is past; the criterion asks for it now",
            )
        else:
            past = all(f.historical and not f.current for f in present)
            finding = Finding(
                "true",
                fact.evidence,
                _stated(constraint.category, name, True, past=past)
                + _as_its_class(fact, constraint),
            )
    elif absent and _capped(constraint, criterion_text):
        finding = Finding(
            "true", absent[0].evidence, f"the note denies {name}, within the criterion's maximum"
        )
    elif absent:
        finding = Finding("false", absent[0].evidence, _stated(constraint.category, name, False))
    else:
        finding = (
            _ejection_fraction_finding(constraint, patient, name)
            or _class_finding(constraint, patient, name)
            or _concept_sibling_finding(constraint, patient, name)
            or _vocabulary_finding(constraint, patient, name, criterion_text)
            or _sibling_finding(
                _criterion_descriptors(constraint.concept, constraint.text), patient, name
            )
            or _medication_list_finding(constraint, patient, name, criterion_text)
            or _broader_procedure_finding(constraint, patient, name)
            or _broader_condition_finding(constraint, patient, name)
            or Finding("unknown", None, _unstated(constraint.category, name))
        )
    let_off = _let_off_after(constraint, criterion_text, finding)
    if let_off is not None:
        finding = Finding(
            "false",
            finding.evidence,
            f"the patient's {name} is {let_off}, which the criterion lets off",
        )
    lacking = _without_after(constraint, criterion_text) if finding.truth == "true" else None
    if lacking is not None and _has_disease(patient, lacking[0]):
        finding = Finding(
            "false", finding.evidence, f"the criterion asks for {name} without {lacking[1]}"
        )
    if constraint.negated and finding.truth != "unknown":
        flipped: Truth = "false" if finding.truth == "true" else "true"
        return Finding(flipped, finding.evidence, f"criterion requires no {name}: {finding.reason}")
    return finding


def _of_a_cancer_class(
    constraint: Constraint, finding: Finding, patient: PatientFacts, criterion_text: str
) -> Finding:
    """An inclusion asking for one class of cancer (a solid tumour, a haematological
    malignancy: ``cancer_classes`` in ``data/disease_relations.json``). Met by a cancer the
    note names that MeSH alone reads and files under the class (a malignant mesothelioma, a
    seminoma, a Merkel cell carcinoma: the lexicon names no such cancer). Not met when every
    cancer the note names lies in another class, by the cancer the note names (an acute
    myeloid leukaemia is no solid tumour). Still unknown when the note hints at another
    tumour: a cancer of no class or a possible one, or one of the class's hint words ("lung
    mass", "blasts") in a sentence about none of the cancers it names, or after a semicolon
    in one that does."""
    if finding.truth != "unknown" or not isinstance(constraint, ConceptMention):
        return finding
    classes = load_cancer_classes()
    wanted = next((k for k in classes if k.concept == constraint.concept), None)
    if wanted is None or constraint.negated or not _asks_the_class(criterion_text, constraint):
        return finding
    if constraint.stage is None and constraint.window is None:
        read = next(
            (
                m
                for m in patient.vocabulary_facts
                if not m.negated and _mesh_class(m.descriptor_id, m.words) is wanted
            ),
            None,
        )
        if read is not None:
            return Finding("true", read.evidence, f"the patient has {read.words}, {wanted.written}")
    named = _only_cancers_of_another_class(wanted, patient)
    if named is None:
        return finding
    evidence, has, other = named
    return Finding(
        "false",
        evidence,
        f"the patient's cancer is {has}, {other.written}, not {wanted.written}; "
        "the note names no other tumour",
    )


def _only_cancers_of_another_class(
    wanted: CancerClass, patient: PatientFacts
) -> tuple[str, str, CancerClass] | None:
    """The sentence of the first cancer the note names, its name and its class, when every
    cancer the note names (by the lexicon or by MeSH) lies in a class other than ``wanted``
    and nothing else in the note hints at a tumour; else None."""
    lexicon = load_lexicon()
    others = [k for k in load_cancer_classes() if k is not wanted]
    by_mesh: dict[str, tuple[str, CancerClass | None]] = {}
    for mesh in patient.vocabulary_facts:
        if not mesh.negated and _is_a_neoplasm(mesh.descriptor_id):
            kind = _mesh_class(mesh.descriptor_id, mesh.words)
            if mesh.evidence not in by_mesh or by_mesh[mesh.evidence][1] is None:
                by_mesh[mesh.evidence] = (mesh.words, kind)
    found: dict[str, tuple[str, CancerClass]] = {}
    for fact in patient.facts:
        if fact.negated or fact.concept not in _malignancy_concepts():
            continue
        above = lexicon.ancestors.get(fact.concept, frozenset())
        kind = next((k for k in others if k.concept in above), None)
        has = concept_name("", lexicon.concepts.get(fact.concept)).lower()
        if kind is None and fact.concept == "cancer" and fact.evidence in by_mesh:
            has, kind = by_mesh[fact.evidence]  # "malignant mesothelioma": MeSH says which
        if kind is None or kind is wanted or fact.uncertain:
            return None  # a cancer of the class asked, of no class, or a possible one
        found.setdefault(fact.evidence, (has, kind))
    for evidence, (words, kind) in by_mesh.items():
        if evidence in found:
            continue
        if kind is None or kind is wanted:
            return None  # a tumour MeSH alone reads, of no other class
        found[evidence] = (words, kind)
    if not found:
        return None
    hints = _hint_pattern(tuple(sorted(wanted.hint_words)))
    sentences = {
        *(f.evidence for f in patient.facts if not f.negated),
        *(f.evidence for f in patient.vocabulary_facts if not f.negated),
        *patient.unread_sentences,
        *patient.state_evidence,
        *patient.extent_evidence,
    }
    # A sentence naming the cancer speaks of it ("myeloma with lytic bone lesions"), up to a
    # semicolon: "DLBCL in remission; new liver lesions on CT" may be another tumour.
    if any(hints.search(s.partition(";")[2] if s in found else s) for s in sentences):
        return None
    evidence, (has, kind) = next(iter(found.items()))
    return evidence, has, kind


@functools.lru_cache(maxsize=4096)
def _is_a_neoplasm(descriptor_id: str) -> bool:
    return load_vocabulary().is_a(descriptor_id, _NEOPLASMS)


@functools.lru_cache(maxsize=4096)
def _mesh_class(descriptor_id: str, words: str) -> CancerClass | None:
    """The class of cancer (``cancer_classes``) a disease MeSH reads lies under by the
    class's descriptors, if exactly one and it is no benign tumour (a word such as "malignant"
    says it is none: MeSH files Mesothelioma under Adenoma too)."""
    relations = load_disease_relations()
    said_malignant = not relations.malignant_words.isdisjoint(normalize_phrase(words).split())
    if not said_malignant and relations.is_benign(descriptor_id, words):
        return None
    vocabulary = load_vocabulary()
    kinds = [
        kind
        for kind in load_cancer_classes()
        if any(vocabulary.is_a(descriptor_id, heading.descriptor) for heading in kind.mesh)
    ]
    return kinds[0] if len(kinds) == 1 else None


_NEOPLASMS = "D009369"
# Words before and after a class of cancer that make it say whom the criterion is for:
# "solid tumor patients must have received two lines", "RECIST for solid tumors", "Cohort A:
# solid tumors that are HER2 3+", "patients with solid tumours must have measurable disease".
_FOR_WHOM_BEFORE, _FOR_WHOM_AFTER = (
    re.compile(pattern, re.I)
    for pattern in (
        r"\b(?:for|per)\s+(?:[\w/-]+\s+){0,2}$|\b(?:cohorts?|arms?|parts?|groups?)\b",
        r"^\s*(?:patients?|participants?|subjects?|cohorts?|arms?|only)\b"
        r"|^\s*(?:[\w/-]+\s+){0,3}(?:must|should|needs?|required|requires?)\b",
    )
)


def _asks_the_class(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a criterion asks the patient to have the class of cancer it names, rather than
    saying which patients the rest of it is for (``_FOR_WHOM_BEFORE``, ``_FOR_WHOM_AFTER``)."""
    span = _mention_span(criterion_text, constraint.text)
    return (
        span is not None
        and _FOR_WHOM_BEFORE.search(criterion_text, 0, span[0]) is None
        and _FOR_WHOM_AFTER.search(criterion_text[span[1] :]) is None
    )


@functools.cache
def _hint_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_pattern(words)


def _ejection_fraction_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """A heart failure kind an ejection fraction defines ("heart failure with reduced
    ejection fraction": ESC 2021 LVEF <= 40 %), asked of a note naming heart failure without
    the kind: the note's LVEF decides ("heart failure, EF 35%" meets HFrEF and not HFpEF);
    with no LVEF the answer stays unknown and says the ejection fraction is what is missing."""
    kind = ejection_fraction_kind(constraint.concept)
    if kind is None:
        return None
    parents = load_lexicon().concepts[kind.concept].parents
    # A note naming another kind ("HFrEF" against HFpEF) is left to the kinds' own reading:
    # a patient moves between them (docs/criteria.md).
    broader = next(
        (
            f
            for p in parents
            for f in patient.concept_facts(p)[0]
            if ejection_fraction_kind(f.concept) is None
        ),
        None,
    )
    if broader is None or broader.concept is None:
        return None
    said = concept_name("", load_lexicon().concepts.get(broader.concept)).lower()
    defined = f"{name} is {kind.written} (ESC 2021)"
    if not patient.measurement_facts("lvef"):
        return Finding(
            "unknown",
            broader.evidence,
            f"the note says {said} but gives no ejection fraction; {defined}",
        )
    measured = _measurement_finding(kind.bound, patient)
    reason = measured.reason[:1].lower() + measured.reason[1:]
    return Finding(
        measured.truth, measured.evidence, f"{defined}; the note says {said}, and {reason}"
    )


def _noted_ejection_fraction_kind(
    constraint: Measurement, patient: PatientFacts, low: float | None, high: float | None
) -> Finding | None:
    """A note naming a heart failure kind ("HFrEF") and no LVEF bounds the LVEF by the
    kind's definition, no further: "LVEF ≤ 40 %" is met, "LVEF ≥ 50 %" is not, "LVEF < 30 %"
    is not said."""
    if constraint.analyte != "lvef" or low is None:
        return None
    noted: list[tuple[EjectionFractionKind, Fact]] = [
        (kind, fact)
        for fact in patient.facts
        if fact.kind == "concept"
        and not fact.negated
        and not fact.uncertain
        and (kind := ejection_fraction_kind(fact.concept)) is not None
    ]
    if len({kind.concept for kind, _ in noted}) != 1:
        return None
    kind, fact = noted[0]
    truth = _interval_truth(
        _interval(kind.comparator, kind.value, None),
        _interval(constraint.comparator, low, high, (constraint.lower_open, constraint.upper_open)),
    )
    name = concept_name("", load_lexicon().concepts.get(kind.concept)).lower()
    return Finding(
        truth,
        fact.evidence,
        _measurement_sentence(
            f"The note's {name} ({kind.written}, ESC 2021)",
            truth,
            constraint,
            _threshold_text(constraint),
        ),
    )


def _given_for_another(fact: Fact, wanted: Indication | None) -> bool:
    """Whether the note gives the drug for another indication than the criterion asks it
    for ("methadone for chronic pain" against "methadone for treatment of opioid use
    disorder"): then the drug alone does not say the criterion is met or failed. The same
    indication, a narrower one, or none stated keeps the drug's own answer."""
    return (
        wanted is not None
        and fact.indication is not None
        and another_indication(fact.indication, wanted)
    )


def _as_its_class(fact: Fact, constraint: ConceptMention) -> str:
    """Why the note's drug is the criterion's "Parkinson's drug": ": levodopa is an
    antiparkinson agent", for a family a disease's drugs are read as (``disease_drugs.json``);
    else nothing, as the criterion's own name for the drug already says it."""
    if constraint.category != "treatment" or fact.concept in (None, constraint.concept):
        return ""
    kind = drug_class(constraint.concept)
    drug = load_lexicon().concepts.get(fact.concept or "")
    if kind is None or drug is None or not drug.names:
        return ""
    return f": {drug.names[0]} is {kind}"


@functools.cache
def _washout_words() -> re.Pattern[str]:
    """A wash-out's words ("at least suspended", ``washout_words``), compiled once: both the
    duration reading and the wash-out reading ask them of every treatment with a window."""
    return phrase_pattern(load_lexicon().cues.washout_words)


def _inside_the_window(
    constraint: ConceptMention,
    present: Sequence[Fact],
    name: str,
    criterion_text: str,
    first: Finding,
) -> Finding:
    """A recent window ("feverish feeling with last 72 hours") met by any of the note's
    mentions of the condition: a fever two weeks ago and "T: 39.5 C" now is a fever within 72
    hours. Only a window of recency asking "within" (not "at least ... ago"), so that a later
    mention cannot undo a long-enough-ago one."""
    window = constraint.window
    if window is None or window.kind != "recency" or window.comparator in (">", ">="):
        return first
    for fact in present[1:]:
        finding = _window_finding(constraint, fact, name, _about_onset(criterion_text))
        if finding.truth == "true":
            return finding
    return first


def _counts_a_washout(constraint: ConceptMention, criterion_text: str) -> bool:
    """Whether a treatment's duration is a wash-out ("or at least suspended previous biologic
    therapy for more than 12 weeks", ``washout_words``): time since it stopped, which the
    note's "about 1 year" of the drug does not answer either way."""
    return (
        constraint.category == "treatment"
        and constraint.window is not None
        and constraint.window.kind == "duration"
        and _washout_words().search(criterion_text) is not None
    )


def _washout_finding(constraint: ConceptMention, present: Sequence[Fact], name: str) -> Finding:
    """A wash-out ("or at least suspended previous biologic therapy for more than 12 weeks")
    against when the note says the treatment stopped: not met while the patient is on it now
    ("adalimumab 40 mg weekly since 2022"); met or not by the time since the last dated stop
    ("infliximab 2019-20"), counted as a recency window is, a stop in a year too close to the
    limit to tell left unknown; without a stop the note dates, the study team reads it."""
    window = constraint.window
    assert window is not None
    ongoing = next((f for f in present if not f.historical and (f.current or _taken_now(f))), None)
    if ongoing is not None:
        return Finding(
            "false",
            ongoing.evidence,
            f"the patient is on {name} now; the criterion asks it stopped {window.text} before",
        )
    dated = [f for f in present if f.days_ago is not None or f.end_year is not None]
    if len(dated) != len(present) or not dated:
        return Finding(
            "unknown",
            present[0].evidence,
            f"the criterion counts the time since {name} stopped; the study team reads the dates",
        )
    latest = min(dated, key=_time_since_stop)
    return _window_finding(
        msgspec.structs.replace(
            constraint, window=TimeWindow("recency", window.comparator, window.days, window.text)
        ),
        latest,
        name,
        about_onset=False,
    )


def _time_since_stop(fact: Fact) -> float:
    """Days since a past treatment stopped, from its date or, roughly, its year: the most
    recent stop is the one a wash-out counts from."""
    if fact.days_ago is not None:
        return fact.days_ago
    assert fact.end_year is not None
    return _years_since(fact.end_year) * 365.25


def _medication_list_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str
) -> Finding | None:
    """Not met when the note's complete medication list leaves out a drug asked for now.

    A coordinator reads "Medications: levothyroxine, alendronate" or "no regular
    medication" as all the patient takes: "Current use of a serotonergic antidepressant"
    is then not met. Only for drugs of ``medication_list_families`` (drugs a medication
    list names; radiotherapy or a transfusion is not on one), only when the criterion asks
    about now with no window or history (a current list says nothing of the past).
    """
    evidence = patient.medication_list_evidence
    if (
        not evidence
        or constraint.category != "treatment"
        or constraint.window is not None
        or constraint.historical
    ):
        return None
    lexicon = load_lexicon()
    ancestors = lexicon.ancestors.get(constraint.concept, frozenset({constraint.concept}))
    if denies_all_medication(evidence):
        # No medication at all: every drug asked about now is denied, not only the families
        # a list is read against ("concomitant use of neuroleptics, atropine, antibiotics").
        if ancestors & set(lexicon.cues.medication_denial_not_drugs) or not (
            _asks_current(criterion_text, constraint)
            or _asks_current_drug(criterion_text, constraint)
        ):
            return None
        return Finding("false", evidence, f"the note's medication list does not name {name}")
    if not _asks_current(criterion_text, constraint):
        return None
    families = lexicon.cues.medication_list_families
    if not any(family in ancestors for family in families):
        return None
    return Finding("false", evidence, f"the note's medication list does not name {name}")


def _asks_current_drug(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a drug criterion asks about now in a drug's own words ("concomitant use of
    neuroleptics", "on a stable dose of metformin": ``medication_current_cues``) anywhere
    before the drug in its sentence: a list of drugs ("concomitant use of neuroleptics,
    atropine, …, antibiotics") is asked about now as a whole."""
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    before = re.split(r"[.;:]\s", criterion_text[: span[0]])[-1].lower()
    return _medication_current_cues().search(before) is not None


def _only_medications_unread(
    text: str, constraints: Sequence[Constraint], patient: PatientFacts
) -> bool:
    """Whether what is left unread of an exclusion is more of the medications it asks about
    now, which a note denying all medication denies too.

    "Use of medications that would influence the pH … Specifically, concomitant use of
    neuroleptics, atropine, chemotherapeutic agents, diuretics, antibiotics, …": the
    criterion opens by asking for medication in use (a word of ``disease_drug_heads``
    after a cue of ``medication_current_cues``), and every part read is a drug asked about
    now. Against "takes no medications" the drugs not read are denied as the read ones are.
    """
    evidence = patient.medication_list_evidence
    if not evidence or not denies_all_medication(evidence) or not constraints:
        return False
    if not all(
        isinstance(c, ConceptMention)
        and c.category == "treatment"
        and c.window is None
        and not c.historical
        for c in constraints
    ):
        return False
    cues = load_lexicon().cues
    opening = re.split(r"[.;:]\s", text)[0].lower()
    asked = re.search(
        rf"(?<![\w-])(?:{phrase_alternation(cues.medication_current_cues)})\s+"
        rf"(?:{phrase_alternation(cues.disease_drug_heads)})(?![\w-])",
        opening,
    )
    return asked is not None


@functools.cache
def _medication_current_cues() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.medication_current_cues)


def _states_refractory(fact: Fact) -> bool:
    """Whether the note's sentence says the disease progressed on the drug of ``fact``."""
    concept = load_lexicon().concepts.get(fact.concept or "")
    if concept is None:
        return False
    return states_refractory(fact.evidence, [*concept.names, *concept.acronyms])


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


_BENIGN_BEFORE = re.compile(
    r"\bbenign\s+(?:[\w-]+\s+)?(?:tumou?rs?|neoplasms?|growths?|mass(?:es)?)\b", re.I
)


@functools.cache
def _malignancy_concepts() -> frozenset[str]:
    """The lexicon's cancer concept and the narrower ones, which a benign tumour is not."""
    ancestors = load_lexicon().ancestors
    return frozenset(c for c, above in ancestors.items() if "cancer" in above)


def _denies_only_others(fact: Fact, patient: PatientFacts) -> bool:
    """ "Invasive ductal carcinoma of the breast … No other cancer": the denial is of cancers
    besides the one named, so it denies no narrower cancer when the patient has a cancer."""
    return (
        fact.concept is not None
        and _OTHER_DENIAL.search(fact.evidence) is not None
        and bool(patient.concept_facts(fact.concept)[0])
    )


def _denies_only_now(
    current: bool,
    evidence: str,
    same_concept: bool,
    constraint: ConceptMention,
    criterion_text: str,
) -> bool:
    """Whether a denial limited in time leaves the criterion open.

    One written of the disease now ("No active TB", ``current`` — a current cue in its
    sentence) denies no past episode the criterion asks about ("history of tuberculosis")
    and no narrower kind that need not be active ("latent tuberculosis infection") unless
    the criterion, too, asks for it now. One written of a recent time ("No recent
    vaccinations", a ``time_recency_cues`` phrase in its ``evidence``) denies what falls in
    a recent window, but not "any prior HBV vaccination".
    """
    recent = _recency_cues().search(evidence) is not None
    if not (current or recent):
        return False
    if constraint.historical:
        return True
    return current and not same_concept and current_words().search(criterion_text) is None


@functools.cache
def _recency_cues() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.time_recency_cues)


def _not_excepted(
    constraint: ConceptMention,
    present: Sequence[Fact],
    patient: PatientFacts,
    criterion_text: str,
) -> tuple[list[Fact], Finding | None]:
    """ "Cancer within previous 5 years (other than basal or squamous cell cancers of the
    skin)": the patient's cancers less those of a kind the exception list after the mention
    lets off (:func:`trialfinder.cancer_exceptions.excepted_kind`), and, when that leaves
    none, the finding that the criterion is not met by them, however recent they were (a
    cancer of an excepted kind is not the criterion's, whether or not it is the trial's own)."""
    cue = _exception_cue_after(criterion_text, constraint.text)
    if cue is None:
        return list(present), None
    own = _criterion_descriptors(constraint.concept, constraint.text)
    kinds = _kinds_let_off(present, patient, own, [(criterion_text, cue.end())])
    kept = [fact for fact, words in zip(present, kinds, strict=True) if words is None]
    if kept or not present:
        return kept, None
    return kept, Finding("false", present[0].evidence, _excepted_reason(kinds[0]))


def _lists_cancers_let_off(criterion: Criterion) -> bool:
    """Whether an exclusion is a cancer, and its sub-items the kinds it lets off: its
    constraints are cancers it asks for and its text ends with an exception cue
    (:func:`opens_exception_items`)."""
    cancers = [c for c in criterion.constraints if isinstance(c, ConceptMention)]
    return (
        bool(cancers)
        and len(cancers) == len(criterion.constraints)
        and all(not c.negated and c.concept in _malignancy_concepts() for c in cancers)
        and opens_exception_items(criterion.text)
    )


def _cancers_let_off_below(
    criterion: Criterion, patient: PatientFacts, own: _Outcome | None
) -> _Outcome | None:
    """ "Diagnosis or treatment for malignancy other than MF except:" with its sub-items
    ("Adequately treated non-melanoma skin cancer …", "Malignancy treated with curative
    intent and … for >= 3 years …"): the sub-items are the kinds of cancer the exclusion lets
    off, not alternatives it excludes on (:func:`_lists_cancers_let_off`). Judged as the
    heading alone (``own``), less the kinds the sub-items name
    (:func:`trialfinder.cancer_exceptions.excepted_kind`): a patient without the cancer, or
    whose every cancer an item names, does not meet it; another cancer is left to the study
    team, as an item may let it off by what a note does not settle (how it was treated, how
    long ago)."""
    if own is None or own[0] != "met":
        return own
    cancers = [c for c in criterion.constraints if isinstance(c, ConceptMention)]
    present = [f for c in cancers for f in patient.concept_facts(c.concept)[0]]
    own_kinds = _criterion_descriptors(cancers[0].concept, cancers[0].text)
    items = [(child.text, 0) for child in criterion.children]
    let_off = _kinds_let_off(present, patient, own_kinds, items)
    if present and all(let_off):
        return "not_met", present[0].evidence, _excepted_reason(let_off[0])
    return (
        "unknown",
        own[1],
        "the patient has cancer; whether it is among the kinds the criterion lets off "
        "needs the study team",
    )


def _kinds_let_off(
    present: Sequence[Fact],
    patient: PatientFacts,
    own: Sequence[str],
    exception_lists: Sequence[tuple[str, int]],
) -> list[str | None]:
    """For each of the patient's cancers (``present``), the words of the first exception list
    that lets it off, or None: one reading for an exception list after the mention
    (:func:`_not_excepted`) and for sub-items below a heading (:func:`_cancers_let_off_below`),
    so both let off the same kinds. ``exception_lists`` are (text, where the list starts)."""
    kinds: list[str | None] = []
    for fact in present:
        descriptors = _sentence_cancers(fact, patient)
        kinds.append(
            next(
                (
                    words
                    for text, start in exception_lists
                    if (words := excepted_kind(text, start, fact.evidence, descriptors, own, _is_a))
                ),
                None,
            )
        )
    return kinds


def _excepted_reason(words: str | None) -> str:
    """Why a cancer of a kind the criterion lets off does not meet it."""
    return f"the patient's cancer is among {words}, which the criterion excepts"


def _sentence_cancers(fact: Fact, patient: PatientFacts) -> list[str]:
    """The MeSH diseases the note's sentence of ``fact`` names (its organ's too, from the
    lexicon's reading of the sentence when MeSH's does not name it)."""
    descriptors = [
        v.descriptor_id
        for v in patient.vocabulary_facts
        if v.evidence == fact.evidence and not v.negated
    ]
    descriptors.extend(_criterion_descriptors(fact.concept or "", ""))
    return descriptors


@functools.lru_cache(maxsize=65_536)
def _exception_cue_after(criterion_text: str, mention: str) -> re.Match[str] | None:
    """The exception cue after a mention, in its sentence ("Cancer within previous 5 years
    (other than …"), that opens the list of kinds it lets off; or, for "other malignancies"
    after such a list ("except for basal cell … carcinoma of the skin; patients with other
    malignancies are eligible if …"), the list's: other than the kinds it let off."""
    span = _mention_span(criterion_text, mention) if criterion_text else None
    if span is None:
        return None
    exception = _criterion_patterns().exception
    cue = exception.search(criterion_text, span[1])
    if cue is not None and not _SENTENCE_BREAK.search(criterion_text, span[1], cue.start()):
        return cue
    if _OTHER_BEFORE.search(criterion_text, 0, span[0]) is None:
        return None
    return exception.search(criterion_text, 0, span[0])


def _only_these_unread(
    criterion_text: str, constraints: Sequence[Constraint], spans: Sequence[tuple[int, int]]
) -> bool:
    """Whether a reader found what it reads (``spans``, the qualifier it judged) and the
    criterion leaves nothing else unread but words that frame it: the shared close of the
    readers below (exception lists, radiotherapy regions, organ parts, concept qualifiers)."""
    return bool(spans) and (
        not words_left_unread(criterion_text, spans)
        or _only_framing_unread(criterion_text, constraints, spans)
    )


def _only_exceptions_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose every reading the note denies leaves unread only the lists
    of cancers it lets off (or words that frame it): an exception lets a cancer off, so it
    never turns a cancer the criterion does not count (one too long ago) into one it does."""
    spans = []
    for constraint in constraints:
        if isinstance(constraint, ConceptMention) and constraint.concept in _malignancy_concepts():
            cue = _exception_cue_after(criterion_text, constraint.text)
            if cue is not None:
                spans.append((cue.start(), exception_list_end(criterion_text, cue.end())))
    return _only_these_unread(criterion_text, constraints, spans)


# "origin of tumor in proximal part of stomach": where the condition began is the part named.
_PART_ORIGIN = re.compile(r"\b(?:origin|site)\s+of\s+(?:the\s+|a\s+)?$", re.IGNORECASE)


def _condition_sentences(
    constraint: ConceptMention, finding: Finding, patient: PatientFacts
) -> list[str]:
    """The note's sentences that name a condition, not denied: the finding's, the lexicon's
    facts of it and the MeSH diseases under it ("Antral adenocarcinoma" names a tumour)."""
    wanted = _criterion_descriptors(constraint.concept, constraint.text)
    return [
        *([finding.evidence] if finding.evidence else []),
        *(fact.evidence for fact in patient.concept_facts(constraint.concept)[0]),
        *(
            fact.evidence
            for fact in patient.vocabulary_facts
            if not fact.negated and any(_is_a(fact.descriptor_id, w) for w in wanted)
        ),
    ]


def _only_radiation_region_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose radiotherapy the note gives to another region ("breast
    radiotherapy" for "Patients treated with pelvic radiation previously") leaves unread
    only the region it names (or words that frame it): the region was read."""
    spans = []
    for constraint in constraints:
        span = (
            _mention_span(criterion_text, constraint.text)
            if isinstance(constraint, ConceptMention) and constraint.concept == "radiotherapy"
            else None
        )
        if span is not None:
            regions, start, end = asked_region(criterion_text, *span)
            if regions:
                spans.append((start, end))
    return _only_these_unread(criterion_text, constraints, spans)


def _only_organ_part_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose condition the note places in another part of the organ
    ("Antral adenocarcinoma" for "origin of tumor in proximal part of stomach") leaves
    unread only the part it names (or words that frame it): the part was read."""
    pattern = _cue_patterns()["organ_part"]
    spans = []
    for constraint in constraints:
        span = (
            _mention_span(criterion_text, constraint.text)
            if isinstance(constraint, ConceptMention)
            else None
        )
        placed = pattern.match(criterion_text, span[1]) if span is not None else None
        if span is not None and placed is not None:
            origin = _PART_ORIGIN.search(criterion_text, 0, span[0])
            spans.append((span[0] if origin is None else origin.start(), placed.end()))
    return _only_these_unread(criterion_text, constraints, spans)


def _only_concept_qualifiers_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose condition's qualifiers the note contradicts ("Untreated
    brain metastases" against "2 brain mets treated with SRS") leaves unread only those
    qualifiers (``concept_qualifiers``, read by :func:`_with_concept_qualifiers`) or words
    that frame it: the qualifiers were read."""
    spans = []
    for constraint in constraints:
        if not isinstance(constraint, ConceptMention):
            continue
        wanted, _ = _with_concept_qualifiers(criterion_text, constraint, (), False)
        span = _mention_span(criterion_text, constraint.text)
        if wanted and span is not None:
            clause = _clause_start(criterion_text, span[0])
            starts = [
                m.start() + clause
                for word in wanted
                if (m := _word_pattern(word).search(criterion_text, clause, span[0]))
            ]
            spans.append((min(starts, default=span[0]), span[1]))
    return _only_these_unread(criterion_text, constraints, spans)


_SENTENCE_BREAK = re.compile(r"\.\s")


def _asks_for_another_cancer(
    constraint: ConceptMention, patient: PatientFacts, criterion_text: str
) -> bool:
    """ "History of other malignancy", "another primary malignancy", "a second malignancy",
    "previous or concurrent malignancy", "previous malignancies (separate from the malignancy
    for which patient is being enrolled)": other than the cancer the patient is considered for
    (a cancer is concurrent with another, not with itself). A patient with one cancer does
    not meet it by that cancer. Unless the criterion names a cancer first ("current skin
    cancer or other malignant disease": other than skin cancer)."""
    if constraint.concept not in _malignancy_concepts() or not criterion_text:
        return False
    span = _mention_span(criterion_text, constraint.text)
    if span is None or (
        _OTHER_BEFORE.search(criterion_text, 0, span[0]) is None
        and _CONCURRENT_BEFORE.search(criterion_text, 0, span[0]) is None
        and _OTHER_AFTER.match(criterion_text, span[1]) is None
    ):
        return False
    if any(
        found.concept in _malignancy_concepts() and found.end <= span[0]
        for found in find_concepts(criterion_text)
    ):
        return False
    return len(_cancer_sentences(patient)) == 1


def _let_off_after(constraint: ConceptMention, criterion_text: str, finding: Finding) -> str | None:
    """ "Metastasis other than peritoneum or liver or lung", "Type II diabetes mellitus (DM)
    (excluding diet-controlled DM)": the sites (or kinds) named after an exception cue right
    after a condition, or opening a bracket after its name, are let off, so a patient whose
    sentence names one of them ("liver metastases") does not have the condition the criterion
    asks for. Returns the word let off."""
    if finding.truth != "true" or finding.evidence is None or not criterion_text:
        return None
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    cue = _criterion_patterns().exception_after.match(criterion_text, span[1])
    if cue is None:
        # "hypertension medications taken on morning of surgery (except diuretics)": an
        # exception later in the clause lets off only drugs of the families it names.
        end = _clause_end(criterion_text, span[1])
        later = _criterion_patterns().exception.search(criterion_text, span[1], end)
        if later is None or constraint.category != "treatment":
            return None
        items = _LIST_BREAK.split(criterion_text[later.end() : end])
        return _excepted_member(constraint.concept, finding.evidence, items)
    end = _clause_end(criterion_text, cue.end())
    own = {word.lower() for word in constraint.text.split()}
    # "antiepileptics other than levetiracetam in the previous 6 months": the criterion's
    # window is no bound on the exception.
    window = constraint.window.text if constraint.window is not None else ""
    unworded: list[str] = []
    for item in _LIST_BREAK.split(criterion_text[cue.end() : end]):
        words: list[str] = [w for w in _WORD.findall(item) if w.lower() not in own]
        if _DIGIT.search(re.sub(re.escape(window), " ", item, flags=re.I) if window else item):
            # "aspirin dosages of ≤100 mg per day": a bounded exception the word alone
            # does not show the patient is within.
            continue
        # The item's first word names it ("liver", "breast cancer"): the note must say it.
        # "diet-controlled" is written "diet controlled" too.
        if words and any(
            _has_word(finding.evidence, w) for w in {words[0], words[0].replace("-", " ")}
        ):
            return words[0]
        unworded.append(item)
    if constraint.category != "treatment":
        return None
    return _excepted_member(constraint.concept, finding.evidence, unworded)


def _excepted_member(concept: str, evidence: str, items: list[str]) -> str | None:
    """ "lipid-lowering agent (other than statins or ezetimibe)" for a note's "atorvastatin",
    "hypertension medications … (except diuretics)" for its "hydrochlorothiazide": the
    excepted item is a class the note's drug belongs to, not a word the note writes, so it is
    read through the concept table's families or the drug's MeSH pharmacological actions.
    Drugs only (a condition's exception is its own words), and only when every drug of the
    asked-for family the note names is excepted (atorvastatin with fenofibrate still meets
    it). Returns the note's name of the excepted drug."""
    ancestors = load_lexicon().ancestors
    # A class that is the asked-for family or above it excepts nothing narrower.
    above = ancestors.get(concept, frozenset({concept}))
    excepted = {f.concept for item in items for f in find_concepts(item)} - above
    vocabulary = load_vocabulary()
    classes = {
        reading.concept.id
        for item in items
        if item.strip()
        for reading in vocabulary.lookup(normalize_phrase(item))[:1]
        if reading.kind not in ("abbreviation", "spelling")
    }
    if not excepted and not classes:
        return None
    under = [
        found
        for found in find_concepts(evidence)
        if not found.negated and concept in ancestors.get(found.concept, frozenset())
    ]

    def excepted_drug(text: str, found: str) -> bool:
        if ancestors.get(found, frozenset()) & excepted:
            return True
        drugs = vocabulary.lookup(normalize_phrase(text))[:1]
        return any(vocabulary.is_a(d.concept.id, c) for d in drugs for c in classes)

    if under and all(excepted_drug(found.text, found.concept) for found in under):
        return under[0].text
    return None


_WORD = re.compile(r"[^\W\d_][\w'-]+")
_DIGIT = re.compile(r"\d")


def _without_after(constraint: ConceptMention, criterion_text: str) -> tuple[str, str] | None:
    """ "systemic sclerosis sine scleroderma": the MeSH disease the condition must be without
    (a patient whose disease is one of it does not have the condition asked for)."""
    span = _mention_span(criterion_text, constraint.text) if criterion_text else None
    without = _WITHOUT_AFTER.match(criterion_text, span[1]) if span is not None else None
    if without is None:
        return None
    words = without.group(1).split()
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        readings = load_vocabulary().lookup(phrase)
        if readings and readings[0].kind not in ("abbreviation", "spelling"):
            return readings[0].concept.id, phrase
    return None


_WITHOUT_AFTER = re.compile(
    r"\s+(?:sine|without)\s+([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})", re.IGNORECASE
)


def _clause_end(text: str, position: int) -> int:
    bounds = clause_bounds(text)
    later = [bound for bound in bounds if bound > position]
    return later[0] if later else len(text)


_LIST_BREAK = re.compile(r",|\bor\b|\band\b|/|\(|\)", re.IGNORECASE)


def _with_list_window(constraint: ConceptMention, criterion_text: str) -> ConceptMention:
    """ "Any of the following within 6 months before first dose: stroke, myocardial
    infarction, …": a window written once before a list's colon reaches every item after it."""
    heading = _LIST_WINDOW.search(criterion_text)
    span = _mention_span(criterion_text, constraint.text)
    if heading is None or span is None or span[0] < heading.end():
        return constraint
    days = float(heading.group(1)) * DAYS_PER_UNIT[heading.group(2).lower()]
    window = TimeWindow("recency", "<=", days, heading.group(0).split(":")[0].strip())
    return msgspec.structs.replace(constraint, window=window)


_LIST_WINDOW = re.compile(
    r"\bwithin\s+(?:the\s+)?(?:last\s+|past\s+|previous\s+)?(\d{1,3})\s+(day|week|month|year)s?\b"
    r"[^:;.\n]{0,80}:",
    re.IGNORECASE,
)


def _age_of_a_subgroup(criterion_text: str, constraint: Constraint) -> bool:
    """ "<90% for participants 12 to 17 years of age", "CKD-EPI formula for age ≥18 years",
    "For adolescents under 18 years of age, able to provide informed assent": an age that says
    when a threshold, formula or requirement applies, not an age the patient must have."""
    if not (isinstance(constraint, Measurement) and constraint.analyte == "age"):
        return False
    span = _mention_span(criterion_text, constraint.text)
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
    treatment (or its denial, "no previous chemo") does not answer."""
    if not (isinstance(constraint, ConceptMention) and constraint.category == "treatment"):
        return False
    span = _mention_span(criterion_text, constraint.text)
    return (
        span is not None
        and _study_treatment_before().search(criterion_text, 0, span[0]) is not None
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
    span = _mention_span(criterion_text, constraint.text)
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
    span = _mention_span(criterion_text, constraint.text)
    return span is not None and _AGE_AT_TIME_OF.search(criterion_text, 0, span[0]) is not None


# An age, then "at (the) time of", then at most three words before the consent's mention.
_AGE_AT_TIME_OF = re.compile(
    r"\b(?:age|aged|old|older|younger|years?)\b[^.;]{0,12}?\btime\s+of\s+(?:[\w-]+[\s/]+){0,3}$",
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
    span = _mention_span(criterion_text, constraint.text)
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


def _capped(constraint: ConceptMention, criterion_text: str) -> bool:
    """ "a maximum smoking history of 5 pack-years": a habit the criterion caps, which a
    patient who never had it is within."""
    if constraint.category != "behaviour" or not criterion_text:
        return False
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    near = _FEW_WORDS_BEFORE.search(criterion_text, _clause_start(criterion_text, span[0]), span[0])
    return near is not None and _criterion_patterns().cap.search(near.group()) is not None


_FEW_WORDS_BEFORE = re.compile(r"(?:\S+\s+){1,5}$")


def _cancer_sentences(patient: PatientFacts) -> frozenset[str]:
    """The note's sentences naming a cancer the patient has, less those only about its
    spread ("two treated brain metastases"): one sentence, one cancer."""
    return frozenset(
        fact.evidence
        for fact in patient.facts
        if fact.concept in _malignancy_concepts()
        and not fact.negated
        and _SPREAD.search(fact.evidence) is None
    )


def _another_cancer_finding(absent: Sequence[Fact]) -> Finding:
    denial = next((f for f in absent if _OTHER_DENIAL.search(f.evidence)), None)
    if denial is not None:
        return Finding("false", denial.evidence, "the note says the patient has no other cancer")
    return Finding(
        "unknown",
        None,
        "the patient's cancer is the one they are considered for; the note names no other",
    )


_OTHER_BEFORE = re.compile(r"\b(?:other|another|second|additional)\s+(?:[\w-]+\s+){0,2}$", re.I)
# "previous malignancies (separate from the malignancy for which patient is being enrolled)",
# "prior cancer other than the one under study": the trial's own cancer is set apart after.
_OTHER_AFTER = re.compile(
    r"\s*[(,]?\s*(?:separate|distinct|different|apart)\s+from\s+(?:the|that|their)\s+"
    r"(?:[\w-]+\s+){0,2}?(?:malignanc(?:y|ies)|cancers?|tumou?rs?|one)\s+"
    r"(?:for\s+which|under\s+study|being\s+(?:studied|treated)|studied)",
    re.I,
)
_CONCURRENT_BEFORE = re.compile(
    r"\b(?:previous|prior|past)\s+(?:and|or|and/or)\s+(?:concurrent|coexisting)\s+$", re.I
)
_SPREAD = re.compile(r"\bmetasta|\bmets\b|\bsecondar", re.I)
_OTHER_DENIAL = re.compile(
    r"\b(?:no|not|nor|without|denies)\s+(?:any\s+)?(?:other|another|further|additional)\b", re.I
)


def _stated(category: str, name: str, present: bool, *, past: bool = False) -> str:
    """What the note says of a concept, in words that fit its kind: a patient *has* a
    condition, *is on* a treatment (*has had* a past course of it), *has had* a procedure;
    a habit is reported or denied."""
    if category == "treatment":
        if present and past:
            return f"the patient has had {name}"
        return f"the patient is on {name}" if present else f"the patient is not on {name}"
    if category == "procedure":
        return f"the patient has had {name}" if present else f"the patient has not had {name}"
    if category == "behaviour":
        return f"the note reports {name}" if present else f"the note denies {name}"
    return f"patient has {name}" if present else f"patient does not have {name}"


def _broader_procedure_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """ "Previous prostate surgery" against "total hip replacement … the surgery", "radical
    prostatectomy" against "TURP 2021": the note names a broader procedure (a surgery) or
    another kind of one (a transurethral resection) than the kind the criterion asks, which
    neither meets nor denies it — say so rather than that the note is silent."""
    if constraint.category != "procedure":
        return None
    lexicon = load_lexicon()
    broader = lexicon.ancestors.get(constraint.concept, frozenset()) - {constraint.concept}
    fact = next(
        (
            f
            for f in patient.facts
            if f.kind == "concept"
            and f.concept is not None
            and not f.negated
            and not f.uncertain
            and (f.concept in broader or broader & lexicon.ancestors.get(f.concept, frozenset()))
        ),
        None,
    )
    if fact is None or fact.concept is None:
        return None
    said = lexicon.concepts[fact.concept].names[0]
    return Finding("unknown", None, f"the note says {said}, not {name} as the criterion asks")


def _broader_condition_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """ "End-stage renal disease" against "chronic renal insufficiency": the note names a
    disease MeSH files the criterion's under (a broader disease, not a symptom), or one MeSH
    files in one of its places under the criterion's class ("neurological disorders" against
    "Duchenne muscular dystrophy", which the lexicon does not read). That does not settle it
    either way (a class is the study team's to read: MeSH files a disease under several),
    and the note is not silent about it: a whole record's silence must not settle it, so the
    finding carries the sentence that names the disease. MeSH decides, not the lexicon's
    parents, and a broader disease only for a kind or stage named as the broader name
    qualified (a word in common: "End-stage *renal* disease" under "chronic *renal*
    insufficiency", "type 1 *diabetes*" under "*diabetes*"): MeSH also files a disease under
    what it follows from or shows as ("cardiogenic shock" under myocardial infarction, reflux
    under dysphagia), and a note naming only that is silent about it."""
    diseases = [
        fact
        for fact in patient.vocabulary_facts
        if not fact.negated and not _is_symptom(fact.descriptor_id)
    ]
    if constraint.category != "condition" or not diseases:
        return None
    vocabulary = load_vocabulary()
    wanted, named_classes = _criterion_diseases(constraint.concept, constraint.text)
    # Nor does a class say more when the lexicon itself read the note's disease as the
    # criterion's concept and the judge found it is not the one asked ("portal hypertension"
    # against essential hypertension).
    read_as_it = any(
        f.kind == "concept" and f.concept == constraint.concept and not f.negated
        for f in patient.facts
    )
    classes = () if read_as_it else named_classes
    for fact in diseases:
        if _shared_name_word(fact.words, name) and any(
            _is_a(w, fact.descriptor_id) for w in wanted if w != fact.descriptor_id
        ):
            return Finding("unknown", fact.evidence, _broader_named(fact.words, name))
        if any(vocabulary.is_a(fact.descriptor_id, w) for w in classes if w != fact.descriptor_id):
            said = f"the note says {fact.words}, which MeSH files under {name}"
            return Finding("unknown", fact.evidence, f"{said}; the study team decides")
    return None


@functools.lru_cache(maxsize=65_536)
def _criterion_diseases(concept_id: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The MeSH diseases a criterion's condition names, and those of them it names as a class,
    read once per criterion's words (every patient screened asks the same of them). A class is
    the criterion's whole name ("neurological disorders"), not a word inside it, and not one of
    MeSH's Neoplasms, which also file benign growths ("cysts", naevi) that "malignancy" does
    not mean (the lexicon's own cancer reading decides those)."""
    vocabulary = load_vocabulary()
    wanted = tuple(
        descriptor
        for descriptor in _criterion_descriptors(concept_id, text)
        if (concept := vocabulary.concept(descriptor)) is not None and is_disease(concept)
    )
    written = normalize_phrase(text)
    classes = tuple(w for w in wanted if not is_neoplasm(w) and written in vocabulary.synonyms(w))
    return wanted, classes


def _shared_name_word(said: str, name: str) -> bool:
    """Whether two disease names share a word that names the disease (not "disease")."""
    generic = {"disease", "diseases", "disorder", "disorders", "syndrome", "chronic"}
    words = {w for w in _NAME_WORD.findall(said.lower()) if w not in generic}
    return bool(words & set(_NAME_WORD.findall(name.lower())))


_NAME_WORD = re.compile(r"[a-z]{4,}")


def _broader_named(said: str, name: str) -> str:
    return f"the note says {said}; the criterion needs {name}"


def _unstated(category: str, name: str) -> str:
    if category in ("treatment", "procedure", "behaviour"):
        return f"the note does not mention {name}"
    return f"no information about {name}"


_SITE_AFTER = re.compile(
    r"^\s+(?:to|of|on|in)\s+(?:(?:the|their|his|her|a|an)\s+)?([^\W\d_][\w'-]*)"
    r"(?:\s+([^\W\d_][\w'-]*))?"
)


def _procedure_site(constraint: ConceptMention, criterion_text: str) -> str | None:
    """The body site a criterion puts on a procedure: "prostate surgery", "corneal
    surgery", "surgery to the speech apparatus".

    A procedure is always done somewhere: a note's hip replacement is surgery, but not
    the prostate surgery a criterion asks about. The site is the word right before the
    mention or after "to / of / on (the)" (past a qualifier: "of their primary breast
    tumor") when MeSH reads it as anatomy or nothing reads it at all; words of manner or
    time ("major", "elective", "recent": ``procedure_manner_words``) name no site.
    """
    if constraint.category != "procedure" or not criterion_text:
        return None
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    manner = _procedure_manner_words()
    before = _WORD_BEFORE.search(criterion_text[: span[0]])
    after = _SITE_AFTER.search(criterion_text[span[1] :])
    words = [before.group(1)] if before is not None else []
    if after is not None:
        # "surgery of their primary breast tumor": a qualifier before the site is skipped
        first, second = after.group(1), after.group(2)
        words.append(second if second and first.lower() in _qualifier_words() else first)
    for word in words:
        lowered = word.lower()
        if lowered not in manner and (_unread_word(lowered) or _names_body_part(lowered)):
            return lowered
    return None


@functools.lru_cache(maxsize=4096)
def _body_part_words(text: str) -> tuple[str, ...]:
    """The words of a criterion MeSH reads as anatomy ("hip", "limbs" is not: plural)."""
    words = {w.lower() for w in re.findall(r"[^\W\d_][\w'-]+", text)}
    return tuple(sorted(w for w in words if _names_body_part(w)))


@functools.lru_cache(maxsize=4096)
def _names_body_part(word: str) -> bool:
    """Whether MeSH reads the word as anatomy (tree A): "breast", "hip", "prostate"."""
    readings = load_vocabulary().lookup(word)
    return bool(readings) and any(n.startswith("A") for n in readings[0].concept.tree_numbers)


# "hypersensitivity to X", and "hypersensitivity or anaphylaxis to X" (the allergen is shared).
_ALLERGEN_AFTER = re.compile(
    r"^(?:\s+(?:or|and|and/or)\s+[\w-]+(?:\s+reactions?)?)?\s+(?:to|against)\s+([^.;:(]*)",
    re.IGNORECASE,
)


def _allergen(constraint: ConceptMention, criterion_text: str) -> tuple[str, list[str]] | None:
    """What an allergy criterion is an allergy to, and the words that name it.

    "Known hypersensitivity to any of the study medications": allergic rhinitis, or an
    allergy to penicillin, is an allergy but not to the study drug. None when the
    criterion names no allergen (then any allergy counts).
    """
    rules = load_screening_rules()
    if constraint.concept not in rules.allergy_concepts or not criterion_text:
        return None
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    found = _ALLERGEN_AFTER.search(criterion_text[span[1] :])
    if found is None:
        return None
    phrase = found.group(1).strip(" ,")
    generic = _allergen_generic_words()
    words = [w for w in re.findall(r"[^\W\d_][\w-]{2,}", phrase.lower()) if w not in generic]
    return phrase, words


def _names_the_allergen(evidence: str, allergen_words: Sequence[str]) -> bool:
    """Whether the note's allergy sentence names the criterion's allergen: one of its words,
    or a drug MeSH files under it ("Rash with fluconazole" for "hypersensitivity to azole
    antifungal agents": Fluconazole is under Azoles; amoxicillin under Penicillins)."""
    evidence = _allergy_clause(evidence)
    if any(_has_word(evidence, w) for w in allergen_words):
        return True
    classes = tuple(n for w in allergen_words for n in _drug_tree_numbers(w))
    return bool(classes) and any(
        number.startswith(f"{cls}.")
        for word in re.findall(r"[^\W\d_][\w-]{3,}", evidence.lower())
        for number in _drug_tree_numbers(word)
        for cls in classes
    )


# A clause of a note's sentence that speaks of a reaction to a drug.
_ALLERGY_WORDS = re.compile(
    r"\b(?:allerg|hypersensitiv|intoleran|anaphyla|reaction|rash|urticaria|hives|angio-?oedema|"
    r"angio-?edema)",
    re.I,
)


def _allergy_clause(evidence: str) -> str:
    """ "Allergic to penicillin (rash); takes ibuprofen for headaches without problems": the
    drug the patient reacts to is named in the clause of the sentence that speaks of the
    reaction, not in another clause the sentence sets beside it with a semicolon."""
    clauses = [c for c in evidence.split(";") if _ALLERGY_WORDS.search(c)]
    return "; ".join(clauses) if clauses else evidence


@functools.lru_cache(maxsize=8192)
def _drug_tree_numbers(word: str) -> tuple[str, ...]:
    """The MeSH tree numbers of a word read as a chemical or drug (tree D), else none."""
    readings = load_vocabulary().lookup(word)
    if not readings:
        return ()
    return tuple(n for n in readings[0].concept.tree_numbers if n.startswith("D"))


@functools.cache
def _allergen_generic_words() -> frozenset[str]:
    return frozenset(load_screening_rules().allergen_generic_words)


@functools.cache
def _procedure_manner_words() -> frozenset[str]:
    return frozenset(load_screening_rules().procedure_manner_words)


def _vocabulary_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str = ""
) -> Finding | None:
    """A condition the lexicon finds nothing about, judged on the MeSH tree (``is_a``).

    The note's disease is the criterion's or lies under it ("lupus nephritis" meets
    "kidney disease"): true. The note denies the criterion's disease or a broader
    one: false. A broader disease in the note says nothing about a narrower one.
    A time window needs the lexicon's dated facts, so it is left to them.
    """
    if (
        constraint.category != "condition"
        or constraint.window is not None
        or not patient.vocabulary_facts
        or _below_mesh(constraint.concept)
    ):
        return None
    vocabulary = load_vocabulary()
    relations = load_disease_relations()
    mentions = _named_with_words_before(criterion_text, constraint.text)
    if mentions != (constraint.text,):
        name = " or ".join(mentions)
    wanted = [
        descriptor
        for mention in mentions
        for descriptor in _criterion_descriptors(constraint.concept, mention)
        if (concept := vocabulary.concept(descriptor)) is not None and is_disease(concept)
    ]
    if not wanted:
        return None  # a pathology word ("cirrhosis" is MeSH's Fibrosis) is no disease to compare
    for fact in patient.vocabulary_facts:
        if not fact.negated and any(_is_a(fact.descriptor_id, w) for w in wanted):
            if _is_symptom(fact.descriptor_id) and not any(_is_symptom(w) for w in wanted):
                continue  # "paresthesias" is a symptom, not the "neurological disorder" asked for
            if any(relations.only_a_risk_for(fact.descriptor_id, w) for w in wanted):
                continue  # hypertension is a risk for cardiovascular disease, not a case of it
            if _benign_for(fact.descriptor_id, fact.words, wanted, name):
                continue  # a pituitary adenoma is a neoplasm, not the malignancy asked for
            return Finding("true", fact.evidence, f"patient has {fact.words}, a kind of {name}")
    for fact in patient.vocabulary_facts:
        if (
            fact.negated
            and any(_is_a(w, fact.descriptor_id) for w in wanted)
            and not _denies_only_now(
                current_words().search(fact.evidence) is not None,
                fact.evidence,
                fact.descriptor_id in wanted,
                constraint,
                criterion_text,
            )
        ):
            return Finding("false", fact.evidence, f"patient does not have {fact.words}")
    return _sibling_finding(tuple(wanted), patient, name)


def _benign_for(descriptor_id: str, words: str, wanted: Sequence[str], name: str) -> bool:
    """Whether the patient's disease is a benign tumour and the criterion asks for a
    malignant one: its words are not neutral ("tumour") and it names no benign tumour."""
    relations = load_disease_relations()
    return (
        relations.is_benign(descriptor_id, words)
        and not relations.neutral_about_malignancy(name)
        and not any(relations.is_benign(w, name) for w in wanted)
    )


def _sibling_finding(wanted: Sequence[str], patient: PatientFacts, name: str) -> Finding | None:
    """Not met when the note names, as the patient's diagnosis, a disease that rules out the
    one the criterion asks for: type 2 diabetes is not type 1 diabetes, non-small cell lung
    cancer is not small cell lung cancer, Lambert-Eaton myasthenic syndrome is not the
    myasthenia gravis MeSH files it under (``data/disease_relations.json``)."""
    relations = load_disease_relations()
    for fact in patient.vocabulary_facts:
        if fact.negated:
            continue
        for descriptor in wanted:
            kinds = _kinds_of(fact) if _a_subtype_decides(descriptor) else (fact.descriptor_id,)
            if any(
                relations.excludes(kind, descriptor) is not None
                or _rules_out_as_apart(kind, descriptor)
                for kind in kinds
            ):
                return Finding("false", fact.evidence, f"the patient has {fact.words}, not {name}")
    return None


def _rules_out_as_apart(has: str, wanted: str) -> bool:
    """Whether the patient's disease is one MeSH files under the criterion's (or under a
    disease the criterion's is a kind of) that says the patient has not that (``filed_apart``
    with ``rules_out``): Lambert-Eaton myasthenic syndrome, prediabetes."""
    filing = load_disease_relations().apart_from(has, wanted)
    return filing is not None and filing.rules_out


def _concept_sibling_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """Not met when the note names, as the patient's diagnosis, a lexicon concept that rules
    out the one asked for where MeSH has no descriptors to say so: a classical Hodgkin
    lymphoma is no nodular lymphocyte predominant one (``disjoint_concepts`` in
    ``data/disease_relations.json``). A broader diagnosis ("Hodgkin lymphoma") rules out
    nothing, so the subtype stays open."""
    if constraint.category != "condition":
        return None
    relations = load_disease_relations()
    if not relations.disjoint_concepts:
        return None
    concepts = load_lexicon().concepts
    for fact in patient.facts:
        if fact.negated or fact.uncertain or fact.concept is None or fact.concept not in concepts:
            continue  # a possible subtype ("? NLPHL") rules nothing out
        if relations.excludes_concept(fact.concept, constraint.concept) is not None:
            has = concepts[fact.concept].names[0]
            return Finding("false", fact.evidence, f"the patient has {has}, not {name}")
    return None


def _class_finding(constraint: ConceptMention, patient: PatientFacts, name: str) -> Finding | None:
    """A class used for one disease only states the disease: "NYHA II" is heart failure,
    "Child-Pugh B" cirrhosis (``data/disease_relations.json``)."""
    if constraint.category != "condition":
        return None
    for implication in _classes_stating(constraint.concept):
        for fact in patient.measurement_facts(implication.analyte):
            if implication.unless and _unless_words(implication.unless).search(fact.evidence):
                continue
            stated = _patient_class_text(implication.analyte, fact)
            return Finding("true", fact.evidence, f"{stated} means the patient has {name}")
    return None


@functools.cache
def _classes_stating(concept: str) -> tuple[ClassImplication, ...]:
    """The classes that state ``concept`` or a narrower disease ("NYHA class" states heart
    failure, so a criterion on heart failure or its class reads it)."""
    ancestors = load_lexicon().ancestors
    return tuple(
        implication
        for implication in load_disease_relations().classes_implying
        if concept in ancestors.get(implication.concept, ())
    )


@functools.cache
def _unless_words(phrases: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_pattern(phrases)


def _patient_class_text(analyte_id: str, fact: Fact) -> str:
    """The class as the note wrote it ("Child-Pugh A", "NYHA class II")."""
    display = load_lexicon().analytes[analyte_id].display
    value = fact.measurement
    assert value is not None
    if display.split()[0].lower() in value.text.lower():
        return value.text
    return f"{display} {value.text}"


_WORDS_BEFORE = re.compile(r"((?:[^\W\d_][\w'-]*[ \t-]+){1,4})$")
_COORDINATOR = frozenset({"or", "and", "and/or"})


@functools.lru_cache(maxsize=65_536)
def _named_with_words_before(criterion_text: str, mention: str) -> tuple[str, ...]:
    """The mention with the word or two before it when together they name a MeSH disease:
    "interstitial lung disease" (not any lung disease), "second malignancy".

    The lexicon reads "lung disease" in "interstitial lung disease"; a note's
    atelectasis is a lung disease but not an interstitial one. Coordinated words
    share the head: "bacterial or fungal infection" is a bacterial infection or a
    fungal one, "tuberculosis or listeria infection" tuberculosis or listeriosis.
    """
    span = _mention_span(criterion_text, mention)
    before = _WORDS_BEFORE.search(criterion_text[: span[0]]) if span is not None else None
    if before is None:
        return (mention,)
    words = before.group(1).split()
    for start in range(max(0, len(words) - 2), len(words)):
        phrase = " ".join([*words[start:], mention])
        if not _names_mesh_disease(phrase):
            continue
        if start >= 2 and words[start - 1].lower() in _COORDINATOR:
            other = f"{words[start - 2]} {mention}"
            return (phrase, other) if _names_mesh_disease(other) else (mention,)
        return (phrase,)
    return (mention,)


def _names_another_disease(constraint: ConceptMention, criterion_text: str) -> bool:
    """Whether the words before a condition make it another disease, not a kind of it:
    "portal hypertension", "intracranial hypertension", "ocular hypertension" are not
    hypertension, so a patient with hypertension has none of them."""
    if constraint.category != "condition" or not criterion_text:
        return False
    phrases = _named_with_words_before(criterion_text, constraint.text)
    if phrases == (constraint.text,):
        return False
    base = _criterion_descriptors(constraint.concept, "")
    if not base:
        return False
    readings = [_criterion_descriptors(constraint.concept, phrase) for phrase in phrases]
    return all(found and not _is_a(found[0], base[0]) for found in readings)


def _names_mesh_disease(phrase: str) -> bool:
    readings = load_vocabulary().lookup(phrase)
    return (
        bool(readings)
        and readings[0].kind not in ("abbreviation", "spelling")
        and is_disease(readings[0].concept)
    )


@functools.lru_cache(maxsize=65_536)
def _is_symptom(descriptor_id: str) -> bool:
    """Whether MeSH files a descriptor under Signs and Symptoms (C23.888): a tremor or a
    paresthesia is filed under nervous system diseases too, but a note naming one does not
    say the patient has a neurological disorder."""
    concept = load_vocabulary().concept(descriptor_id)
    return concept is not None and any(
        number.startswith(_SIGNS_AND_SYMPTOMS) for number in concept.tree_numbers
    )


_SIGNS_AND_SYMPTOMS = "C23.888"


def _has_disease(patient: PatientFacts, descriptor_id: str) -> bool:
    """Whether the note names, not denied, the disease or a kind of it: by MeSH, or by the
    cancer subtype its histology at its organ makes it ("adenocarcinoma of the lung" is a
    non-small cell lung cancer, ``histology_subtypes``)."""
    if any(
        not fact.negated and _is_a(fact.descriptor_id, descriptor_id)
        for fact in patient.vocabulary_facts
    ):
        return True
    return _a_subtype_decides(descriptor_id) and any(
        not fact.negated and any(_is_a(kind, descriptor_id) for kind in _kinds_of(fact)[1:])
        for fact in patient.vocabulary_facts
    )


@functools.lru_cache(maxsize=65_536)
def _a_subtype_decides(descriptor_id: str) -> bool:
    """Whether a histology subtype (``histology_subtypes``) is a kind of the disease or rules
    it out, so a note's histology at its organ can settle it; most diseases ask nothing of
    the subtypes, and the judge reads no note sentence again for them."""
    relations = load_disease_relations()
    return any(
        _is_a(rule.subtype.descriptor, descriptor_id)
        or relations.excludes(rule.subtype.descriptor, descriptor_id) is not None
        for rule in relations.histology_subtypes
    )


def _kinds_of(fact: VocabularyFact) -> tuple[str, ...]:
    """The patient's disease's descriptor and the cancer subtypes its histology and organ
    make it (:meth:`DiseaseRelations.subtypes_of`)."""
    return _kinds(fact.descriptor_id, fact.words, fact.evidence)


@functools.lru_cache(maxsize=65_536)
def _kinds(descriptor_id: str, words: str, evidence: str) -> tuple[str, ...]:
    """:func:`_kinds_of`, remembered: a cohort asks it of the same note facts per criterion."""
    relations = load_disease_relations()
    return (descriptor_id, *relations.subtypes_of(descriptor_id, words, evidence))


@functools.lru_cache(maxsize=65_536)
def _is_a(descriptor_id: str, broader_id: str) -> bool:
    """:meth:`Vocabulary.is_kind_of`, remembered: matching asks the same pairs for every trial.

    A cancer MeSH files by histology only is also a kind of the organ's neoplasms its scope
    note names (a cholangiocarcinoma is a biliary tract cancer, ``DiseaseRelations``); a
    disease MeSH files under another that is a separate one is not (Lambert-Eaton myasthenic
    syndrome is no myasthenia gravis, ``filed_apart``)."""
    relations = load_disease_relations()
    if load_vocabulary().is_kind_of(descriptor_id, broader_id):
        return relations.apart_from(descriptor_id, broader_id) is None
    return relations.at_site_under(descriptor_id, broader_id)


@functools.cache
def _narrower_disease(concept_id: str, text: str) -> tuple[str, str] | None:
    """The MeSH disease a criterion's words name when it is narrower than the lexicon concept
    they were read as: "Hodgkin lymphoma" is read as lymphoma, but only Hodgkin lymphoma
    meets it. Returns that descriptor and the words. (Qualifier words around a mention are
    the context stage's; this looks only at the mention's own words.)
    """
    base = _criterion_descriptors(concept_id, "")
    own = _criterion_descriptors(concept_id, text)
    if own == base:
        own = _lexicon_abbreviation(concept_id, text)
    if not base or not own or own == base:
        return None
    vocabulary = load_vocabulary()
    narrow, broad = vocabulary.concept(own[0]), vocabulary.concept(base[0])
    if narrow is None or broad is None or not (is_disease(narrow) and is_disease(broad)):
        return None  # "cirrhosis" is MeSH's Fibrosis, a pathology: no tree to compare on
    return (own[0], text) if vocabulary.is_a(own[0], base[0]) else None


@functools.cache
def _lexicon_abbreviation(concept_id: str, text: str) -> tuple[str, ...]:
    """The MeSH disease an abbreviation names when the lexicon lists it among the concept's
    own names: "NSCLC" is a name of lung cancer in the lexicon and MeSH's non-small cell lung
    carcinoma, so only that narrower cancer meets it (a small cell one does not).

    :func:`_criterion_descriptors` passes over abbreviation readings, as a short form alone
    may mean something else; one the lexicon has already read as this concept does not, and
    :func:`_narrower_disease` still asks that MeSH file it under the concept's disease.
    """
    concept = load_lexicon().concepts.get(concept_id)
    if concept is None or not text:
        return ()
    if text.lower() not in concept.names and text not in concept.acronyms:
        return ()
    readings = load_vocabulary().lookup(text)
    if not readings or readings[0].kind != "abbreviation":
        return ()
    return (readings[0].concept.id,)


def _writes_the_abbreviation(evidence: str | None, constraint: ConceptMention, words: str) -> bool:
    """Whether the note's sentence writes the criterion's own abbreviation for the disease
    ("B-ALL, Ph-negative" for "ALL"), as the lexicon read it: the same name is the same
    disease, though MeSH has no heading for the note's longer form."""
    if evidence is None or words != constraint.text:
        return False
    if not _lexicon_abbreviation(constraint.concept, words):
        return False
    return re.search(rf"(?<!\w){re.escape(words)}(?![\w-])", evidence) is not None


def _named_with_words_after(criterion_text: str, mention: str) -> str | None:
    """The mention with the word or two after it when together they name a MeSH disease the
    lexicon does not: "diabetic ketoacidosis", "diabetic retinopathy"."""
    span = _mention_span(criterion_text, mention)
    if span is None:
        return None
    after = _WORDS_AFTER.match(criterion_text, span[1])
    if after is None:
        return None
    words = after.group(1).split()
    for count in (2, 1):
        phrase = " ".join([criterion_text[span[0] : span[1]], *words[:count]])
        if len(words) >= count and _names_mesh_disease(phrase):
            found = find_concepts(phrase)
            if not any(f.text.lower() == phrase.lower() for f in found):
                return phrase
    return None


_WORDS_AFTER = re.compile(r"[ \t-]+((?:[^\W\d_][\w'-]*)(?:[ \t]+[^\W\d_][\w'-]*)?)")


def _narrower_by_words_around(
    constraint: ConceptMention, criterion_text: str
) -> tuple[str, str] | None:
    """The narrower MeSH disease the words right around a condition make of it: "skin
    cancer" in "non-melanoma skin cancer" is read as cancer, "diabetic ketoacidosis" as
    diabetes, but only a skin cancer or a ketoacidosis meets it. ("another malignancy", "a
    second malignancy" are :func:`_asks_for_another_cancer`'s.)"""
    return _narrower_around(constraint.concept, constraint.text, criterion_text)


@functools.lru_cache(maxsize=65_536)
def _narrower_around(concept: str, mention: str, criterion_text: str) -> tuple[str, str] | None:
    after = _named_with_words_after(criterion_text, mention)
    if after is not None:
        return _narrower_disease(concept, after)
    phrases = _named_with_words_before(criterion_text, mention)
    if len(phrases) != 1 or phrases[0] == mention:
        return None
    if _OTHER_BEFORE.search(phrases[0][: -len(mention)]):
        return None
    if any(found.text.lower() == phrases[0].lower() for found in find_concepts(phrases[0])):
        return None  # the lexicon names the whole phrase ("chronic kidney disease"): its reading
    return _narrower_disease(concept, phrases[0])


def _states_the_words(evidence: str | None, phrase: str) -> bool:
    """Whether the note's sentence has every word the criterion puts before a condition:
    MeSH files a basal cell carcinoma under no organ, but "of the skin" says where it is."""
    return evidence is not None and all(_has_word(evidence, word) for word in phrase.split())


@functools.cache
def _criterion_descriptors(concept_id: str, text: str) -> tuple[str, ...]:
    """The MeSH disease a criterion's condition names: its own words (``text``), else the
    lexicon concept's names (alone, with ``text`` empty: the concept's own descriptor; a
    concept read through MeSH is its descriptor)."""
    if not text and concept_id.startswith(VOCABULARY_CONCEPT_PREFIX):
        return (concept_id.removeprefix(VOCABULARY_CONCEPT_PREFIX),)
    vocabulary = load_vocabulary()
    concept = load_lexicon().concepts.get(concept_id)
    for phrase in (text, *(concept.names if concept else ())):
        if not phrase:
            continue
        readings = vocabulary.lookup(phrase)
        if readings and readings[0].kind not in ("abbreviation", "spelling"):
            return (readings[0].concept.id,)
    return ()


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


def _is_gestational_age(constraint: Measurement, criterion_text: str) -> bool:
    """A gestational age, or an age in weeks or days in a criterion about gestation."""
    return constraint.analyte == "gestational_age" or (
        constraint.analyte == "age"
        and constraint.unit in ("week", "day")
        and screening_phrase("gestation_words").search(criterion_text) is not None
    )


@functools.cache
def _both_sexes_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.both_sexes_phrases)


@functools.lru_cache(maxsize=65_536)
def _says(pattern: re.Pattern[str], criterion_text: str) -> bool:
    """Whether a criterion's text has a cue, searched once per criterion: every patient
    screened against the criterion asks the same questions of the same words."""
    return pattern.search(criterion_text) is not None


def _relative_of_a_child(constraint: SexRequirement, patient: PatientFacts) -> str | None:
    """The word for a relative a sex requirement was read from ("Mother normally resident in
    Wales", in a study of preterm infants), when the patient is younger than anyone who could
    be that relative (``youngest_childbearing_age_years``): the criterion speaks of the child's
    mother, and the child's own sex does not answer it."""
    rules = load_screening_rules()
    first = constraint.text.split(maxsplit=1)[0].lower() if constraint.text.strip() else ""
    if first not in rules.relative_sexes or patient.age is None:
        return None
    return first if patient.age < rules.youngest_childbearing_age_years else None


def evaluate_constraint(
    constraint: Constraint, patient: PatientFacts, criterion_text: str = ""
) -> Finding:
    """Whether what the constraint states is true of the patient."""
    if isinstance(constraint, Measurement):
        if _is_gestational_age(constraint, criterion_text):
            return _gestation_finding(constraint, patient)
        return _of_another_specimen(
            constraint, criterion_text, _measurement_finding(constraint, patient), patient
        )
    if isinstance(constraint, SexRequirement):
        if patient.sex is None:
            return Finding("unknown", None, "sex not given")
        if (relative := _relative_of_a_child(constraint, patient)) is not None:
            return Finding("unknown", None, f"the criterion speaks of the patient's {relative}")
        holds = patient.sex == constraint.sex
        return Finding(
            "true" if holds else "false",
            patient.sex_evidence,
            f"patient is {patient.sex}; criterion {constraint.sex}",
        )
    if isinstance(constraint, Pregnancy):
        return _pregnancy_finding(constraint, patient)
    if isinstance(constraint, PriorLines):
        return _prior_lines_finding(constraint, patient)
    if isinstance(constraint, HealthyVolunteers):
        if patient.has_current_conditions:
            return Finding(
                "false", None, "patient has medical conditions, so is not a healthy volunteer"
            )
        if patient.fitness_evidence:
            return Finding(
                "true",
                patient.fitness_evidence,
                "the note says the patient is fit and well and names no other condition",
            )
        return Finding("unknown", None, "whether the patient counts as a healthy volunteer")
    if constraint.tests:
        return _tested_finding(constraint, patient)
    return _concept_finding(constraint, patient, criterion_text)


def _note_result(test_id: str, patient: PatientFacts) -> tuple[bool, str, str] | None:
    """The note's result of one test: whether positive, the words and the sentence. A
    result written with the test ("HBsAg negative", "HCV Ab positive, RNA negative"), or a
    viral load's value ("HCV RNA undetectable" is 0, "HBV DNA 2000 IU/mL" above it)."""
    for fact in patient.facts:
        for given in fact.tests:
            if given.test == test_id:
                return given.positive, given.text, fact.evidence
    analyte = named_test(test_id).analyte
    if analyte is None:
        return None
    for fact in patient.measurement_facts(analyte):
        value = fact.measurement
        if value is None:
            continue
        positive = value.value > 0 or value.comparator in (">", ">=")
        return positive, value.text or named_test(test_id).name, fact.evidence
    return None


def _tested_finding(constraint: ConceptMention, patient: PatientFacts) -> Finding:
    """An infection the criterion defines by tests ("hepatitis B (HBsAg +ve)"), judged by
    the note's result of those tests, as a coordinator checks it: the qualifying result
    meets it, the opposite fails it, and another test or none leaves it unknown, naming the
    test. An HCV antibody is not its RNA: antibody-only positive never meets an infection
    defined by the RNA (the antibody stays positive after a cure)."""
    concept = load_lexicon().concepts.get(constraint.concept)
    name = concept_name(constraint.text, concept)
    wanted = _listing(
        [t.text for t in constraint.tests], "and" if constraint.tests_join == "all" else "or"
    )
    defines = f"the criterion defines {name} by {wanted}"
    holding: list[Finding] = []
    failing: list[Finding] = []
    missing: list[str] = []
    for test in constraint.tests:
        given = _note_result(test.test, patient)
        if given is None:
            missing.append(named_test(test.test).name)
            continue
        positive, words, evidence = given
        finding = Finding("true" if positive == test.positive else "false", evidence, words)
        (holding if finding.truth == "true" else failing).append(finding)
    every = constraint.tests_join == "all"
    if (holding and not every) or (every and len(holding) == len(constraint.tests)):
        return Finding(
            "true", holding[0].evidence, f"the note gives {holding[0].reason}; {defines}"
        )
    if (failing and every) or (not every and len(failing) == len(constraint.tests)):
        said = _listing([f.reason for f in failing], "and")
        return Finding("false", failing[0].evidence, f"the note gives {said}; {defines}")
    others = [
        given.text
        for fact in patient.facts
        for given in fact.tests
        if fact.concept == constraint.concept
        and given.test not in {t.test for t in constraint.tests}
    ]
    given_words = f"; the note gives {_listing(others, 'and')}" if others else ""
    told = next(
        (f.evidence for f in patient.facts if f.concept == constraint.concept and f.tests), None
    )
    return Finding(
        "unknown",
        told,
        f"no {_listing(missing, 'and' if every else 'or')} result given{given_words}; {defines}",
    )


def _of_another_specimen(
    constraint: Measurement, criterion_text: str, finding: Finding, patient: PatientFacts
) -> Finding:
    """ "< 5% blasts in bone marrow and < 1% blasts in peripheral blood": a threshold that
    names its specimen is not judged by a note's value that names another ("marrow blasts
    2%" says nothing of the blood's blasts); why it is unknown rather than not met."""
    if finding.truth == "unknown" or not criterion_text:
        return finding
    facts = patient.measurement_facts(constraint.analyte)
    value = next(
        (f.measurement for f in facts if f.evidence == finding.evidence and f.measurement),
        None,
    )
    if value is None or finding.evidence is None:
        return finding
    position = criterion_text.find(constraint.text)
    wanted = (
        None if position < 0 else _specimen_near(criterion_text, position, len(constraint.text))
    )
    at = finding.evidence.find(value.text)
    given = None if at < 0 else _specimen_near(finding.evidence, at, len(value.text))
    if wanted is None or given is None or wanted == given:
        return finding
    name = load_lexicon().analytes[constraint.analyte].display
    return Finding(
        "unknown",
        finding.evidence,
        f"the note gives {name} {value.text} in {given}; the criterion's "
        f"“{constraint.text}” is for {wanted}",
    )


def _specimen_near(text: str, start: int, length: int) -> str | None:
    """The specimen named right after a value in its clause ("< 1% blasts in peripheral
    blood"), else right before it ("marrow blasts 2%")."""
    after = re.split(r"\s+and\s+|[,;.()]", text[start + length : start + length + 40], maxsplit=1)[
        0
    ]
    before = re.split(r"[,;.()]", text[max(0, start - 30) : start])[-1]
    for part in (after, before):
        for specimen, pattern in _specimen_patterns().items():
            if pattern.search(part):
                return specimen
    return None


@functools.cache
def _specimen_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern a specimen of ``measurement_specimens``; upper-case short names ("BM",
    "PB") only as written."""
    return {
        specimen: re.compile(
            "|".join(
                rf"(?<![\w-]){re.escape(w)}(?![\w-])"
                if w.isupper()
                else rf"(?i:(?<![\w-]){re.escape(w)}(?![\w-]))"
                for w in sorted(words, key=len, reverse=True)
            )
        )
        for specimen, words in load_screening_rules().measurement_specimens.items()
    }


_STATE_WORDS = {"pregnant": "pregnant", "lactating": "breastfeeding"}


def _asks_current(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether the criterion asks for the concept now ("Current smoker", "active
    tuberculosis"): a current cue in the mention or in the few words before it, or a habit
    named in the present ("Tobacco use", "Smokers": an ex-smoker does not use tobacco)."""
    span = _mention_span(criterion_text, constraint.text)
    before = criterion_text[max(0, span[0] - 25) : span[0]] if span is not None else ""
    words = f"{before} {constraint.text}".lower()
    if current_words().search(words) is not None:
        return True
    # "Concomitant chemotherapy": a word only criteria ask about now with; not of a mention
    # the criterion dates to the past ("prior concomitant chemoradiotherapy").
    return not constraint.historical and _criterion_current_words().search(words) is not None


@functools.cache
def _criterion_current_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.criterion_current_cues)


def _none_there_now(present: Sequence[Fact]) -> bool:
    """Whether every reading of a concept a criterion asks for now is past.

    A past course or episode is ("treated in 2019"); an implanted device is not: "dual-chamber
    pacemaker fitted 2022" dates when it went in, and it is there now unless the note says
    it came out ("explanted", one of ``ended_words``)."""
    devices = [f for f in present if f.concept is not None and is_a(f.concept, "implanted_device")]
    if devices:
        return all(f.state == "ended" for f in devices)
    return all(f.historical and not f.current for f in present)


def _names_a_present_habit(criterion_text: str, constraint: ConceptMention) -> bool:
    """ "Tobacco use", "Smokers": a habit named in the present asks whether the patient has
    it now, unless the criterion speaks of a past ("Smokers (current or past)")."""
    rules = load_screening_rules()
    return (
        not constraint.historical
        and constraint.text.lower() in rules.present_habit_names
        and screening_phrase("past_habit_words").search(criterion_text) is None
    )


def _habit_name(constraint: ConceptMention) -> str:
    """The habit's own name ("smoking"), not the criterion's word for who has it ("Smokers")."""
    concept = load_lexicon().concepts.get(constraint.concept)
    return concept.names[0] if concept is not None and concept.names else constraint.text


def _cured(present: list[Fact]) -> Fact | None:
    """The note's fact saying an infection was cured ("Hep C treated in 2021, SVR, HCV RNA
    undetectable"), when every fact of it says so: a cured infection is no infection now,
    whatever the criterion's tense; one the note only files as past stays a history. The
    note reading gives each fact its state (``Fact.state``)."""
    if not present or not all(f.state == "cured" for f in present):
        return None
    return present[0]


def _ended_habit(present: list[Fact]) -> Fact | None:
    """The note's fact saying a habit ended ("Ex-smoker", "quit in 2015"), if one does: a
    habit asked now is not met by it. One the note only files under past history ("past
    medical history notable for heavy smoking") does not say he stopped (``_entailed``)."""
    return next((f for f in present if f.state == "ended"), None)


def _pregnancy_finding(constraint: Pregnancy, patient: PatientFacts) -> Finding:
    if patient.sex == "male":
        truth: Truth = "false"
        finding = Finding(
            truth, patient.sex_evidence, "pregnancy and lactation do not apply to a male patient"
        )
    else:
        states = [
            (state, state_concept)
            for state, state_concept in (("pregnant", "pregnancy"), ("lactating", "lactation"))
            if state in constraint.states
        ]
        findings = [
            _concept_finding(ConceptMention(state_concept, "condition", state), patient)
            for state, state_concept in states
        ]
        answers = zip(states, findings, strict=True)
        positive = next(((state, f) for (state, _), f in answers if f.truth == "true"), None)
        if positive is not None:
            state, found = positive
            # "patient has pregnant" is not a sentence.
            finding = Finding("true", found.evidence, f"the patient is {_STATE_WORDS[state]}")
        elif findings and all(f.truth == "false" for f in findings):
            finding = Finding("false", findings[0].evidence, "patient is not pregnant or lactating")
        elif patient.sex == "female" and _past_childbearing(patient):
            finding = Finding(
                "false",
                patient.age_evidence or None,
                f"patient is {_format(patient.age or 0)} years old, past childbearing age",
            )
        elif patient.sex == "female" and (past := _past_the_menopause(patient)):
            finding = Finding("false", past, "the note says the patient is postmenopausal")
        else:
            finding = Finding("unknown", None, "pregnancy or lactation status not given")
    if constraint.negated and finding.truth != "unknown":
        flipped: Truth = "false" if finding.truth == "true" else "true"
        return Finding(flipped, finding.evidence, finding.reason)
    return finding


def _past_the_menopause(patient: PatientFacts) -> str:
    """The note's sentence saying a woman is past the menopause (``postmenopausal_words``:
    "Postmenopausal since 2012", "I went through the menopause years ago"), else "": she
    neither carries nor nurses a child. Menopausal symptoms do not say so."""
    said = screening_phrase("postmenopausal_words")
    present, _ = patient.concept_facts("menopause")
    return next((f.evidence for f in present if said.search(f.evidence)), "")


# More prior lines than any note counts: the top of "at least 3 prior lines".
_MOST_LINES = 30
_LINE_COMPARATORS = {">=": "at least", ">": "more than", "<=": "at most", "<": "fewer than"}


def _lines_text(low: float, high: float | None = None, *, at_least: bool = False) -> str:
    """ "3 prior lines", "1 to 3 prior lines", "no prior line", "at least 2 prior lines"."""
    if high is not None and high != low:
        return f"{_format(low)} to {_format(high)} prior lines"
    if low == 0 and not at_least:
        return "no prior line"
    plural = "line" if low == 1 else "lines"
    return f"{'at least ' if at_least else ''}{_format(low)} prior {plural}"


def _required_lines_text(constraint: PriorLines) -> str:
    """The criterion's count for people: "≥ 2", "1 to 3", "none"."""
    if constraint.comparator == "between":
        wanted = _lines_text(constraint.count, constraint.upper)
    elif constraint.comparator == "=":
        wanted = _lines_text(constraint.count)
    else:
        wanted = f"{_LINE_COMPARATORS[constraint.comparator]} {_lines_text(constraint.count)}"
    restriction = " ".join(part for part in (constraint.restriction, constraint.setting) if part)
    return f"{wanted} ({restriction})" if restriction else wanted


def _prior_lines_finding(constraint: PriorLines, patient: PatientFacts) -> Finding:
    """A count of prior lines against the note's (``PatientFacts.prior_lines``).

    The lines a restriction or setting counts ("endocrine", "for metastatic disease") are
    at most all the patient's lines, and the note rarely tells them apart, so they may be
    any number from none to all: the answer is the one every such number gives, else
    unknown. A count that holds still leaves the classes the lines must include unread.
    """
    reading = patient.prior_lines
    wanted = _required_lines_text(constraint)
    if reading is None:
        return Finding(
            "unknown", None, f"the note does not say how many prior lines of therapy ({wanted})"
        )
    if reading.low is None:
        return Finding(
            "unknown",
            reading.evidence,
            f"{reading.how}, not how many prior lines of therapy ({wanted})",
        )
    low, high = reading.low, reading.high
    have = _lines_text(low, high, at_least=high is None)
    if constraint.restriction or constraint.setting:
        low = 0
    top = _MOST_LINES if high is None else high
    answers = {
        comparison_holds(n, constraint.comparator, constraint.count, constraint.upper)
        for n in range(low, top + 1)
    }
    if answers == {False}:
        return Finding(
            "false",
            reading.evidence,
            f"{have} ({reading.how}) does not meet the criterion's {wanted}",
        )
    if answers != {True}:
        return Finding(
            "unknown",
            reading.evidence,
            f"{have} ({reading.how}): not enough to tell against the criterion's {wanted}",
        )
    local = _local_treatment_given(constraint, patient, f"{have} ({reading.how})", wanted)
    if local is not None:
        return local
    if constraint.required_classes:
        return _required_classes_finding(
            constraint.required_classes,
            patient,
            reading.evidence,
            f"{have} meets the criterion's {wanted}",
        )
    return Finding(
        "true", reading.evidence, f"{have} ({reading.how}) meets the criterion's {wanted}"
    )


def _local_treatment_given(
    constraint: PriorLines, patient: PatientFacts, have: str, wanted: str
) -> Finding | None:
    """A local treatment the note names (``prior_line_none_local_treatments``), when the
    criterion asks no prior line at all: lines count systemic therapy only, so "no treatment
    yet" of systemic therapy does not say the disease was never treated ("Previously
    untreated disease" against "stage IA 2019, treated with involved-field radiotherapy")."""
    if constraint.restriction or comparison_holds(
        1, constraint.comparator, constraint.count, constraint.upper
    ):
        return None
    for concept in load_lexicon().cues.prior_line_none_local_treatments:
        present = patient.concept_facts(concept)[0]
        if present:
            return Finding(
                "unknown",
                present[0].evidence,
                f"{have}, but the note names {concept}: the criterion's {wanted} may rule "
                "out any treatment of the disease",
            )
    return None


def _class_mentions(classes: str) -> tuple[list[ConceptMention], bool] | None:
    """The treatments a count's classes name ("a PI, an anti-CD38 antibody and an IMiD")
    and whether any one of them is enough ("… or an anti-PD-1"); None when the words ask
    more than having had each (cycles, doses, a joined "and" with "or") or name none."""
    findings = find_concepts(classes)
    if not findings or any(f.category != "treatment" or f.negated for f in findings):
        return None
    rest = classes
    for found in sorted(findings, key=lambda f: f.start, reverse=True):
        rest = rest[: found.start] + " " + rest[found.end :]
    words = {w.lower() for w in re.findall(r"[\w/]+", rest)}
    if not words <= set(load_lexicon().cues.prior_line_class_joiners):
        return None
    any_one = "or" in words or "and/or" in words
    if any_one and "and" in words:
        return None
    mentions = [ConceptMention(f.concept, "treatment", f.text, historical=True) for f in findings]
    return mentions, any_one


def _required_classes_finding(
    classes: str, patient: PatientFacts, evidence: str | None, count_met: str
) -> Finding:
    """A count that holds, and the classes its lines must include, each against the drugs
    and regimens the note names (their families are ``members`` in ``concepts.json``): met
    when every class (or, for "… or …", one) is met, not met when the note denies every
    one that could meet it, else unknown, naming the classes the note does not settle."""
    read = _class_mentions(classes)
    if read is None:
        return Finding(
            "unknown", evidence, f"{count_met}; whether they included {classes} is not read"
        )
    mentions, any_one = read
    answers = [(m, _concept_finding(m, patient)) for m in mentions]
    met = [f for _, f in answers if f.truth == "true"]
    if (any_one and met) or (not any_one and len(met) == len(answers)):
        return Finding("true", met[0].evidence or evidence, f"{count_met} and included {classes}")
    denied = [m for m, f in answers if f.truth == "false"]
    if (any_one and len(denied) == len(answers)) or (not any_one and denied):
        names = " or ".join(m.text for m in denied)
        return Finding("false", evidence, f"{count_met}, but the note says no prior {names}")
    open_ = " or ".join(m.text for m, f in answers if f.truth == "unknown")
    return Finding(
        "unknown", evidence, f"{count_met}; the note does not say whether they included {open_}"
    )


_Outcome = tuple[Status, str | None, str]


class Judgement(NamedTuple):
    """The judge's answer for one criterion: status, the fact it rests on, and why.

    ``status`` is about the criterion as written: for an exclusion ``met``
    means the exclusion applies. ``not_applicable`` means the criterion is not
    about this patient (pregnancy in a man, a failure during the study).
    """

    status: Status
    evidence: str | None
    reason: str


_ADMINISTRATIVE = re.compile(
    r"\b(?:informed consent|consent|comply|compliance|willing|willingness|agree"
    r"|able to (?:understand|read|follow|attend|provide))\b",
    re.IGNORECASE,
)
_INABILITY = re.compile(
    r"\b(?:unable|inability|unwilling|refus|not able|cannot|incapable)", re.IGNORECASE
)
# "lactating", "lactation" — not "lactate (dehydrogenase)", an analyte a lymphoma's IPI names.
_CHILDBEARING = re.compile(
    r"pregnan|lactat(?:ing|ion)|breast[- ]?feed|nursing|childbearing|child-bearing|contracepti|"
    r"menstrua|premenopaus",
    re.IGNORECASE,
)
_CONSENT_CONCEPT = "informed_consent"
_SILENCE_DOES_NOT_SETTLE = "the record does not say, and notes rarely do; the study team asks"
# "Female of non-childbearing potential, or male.": a man is the inclusion's other choice.
_OR_MALE_AT_END = re.compile(r"\bor\s+(?:a\s+)?(?:male|males|men|man)\W*$", re.IGNORECASE)
_FEMALE_SUBJECT = re.compile(r"^\s*(?:female|women|woman)\b", re.IGNORECASE)
_MALE_SUBJECT = re.compile(r"^\s*(?:male|men|man)\b", re.IGNORECASE)
_PREMENOPAUSAL = re.compile(r"\bpre-?menopaus", re.IGNORECASE)
_POSTMENOPAUSAL = re.compile(r"\bpost-?menopaus", re.IGNORECASE)
# The youngest age at which a criterion about pregnancy or contraception can apply.
_CHILDBEARING_MINIMUM_AGE_YEARS = 10


@functools.cache
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    """The judge's cue words, read once from the lexicon and the screening rules."""
    rules = load_screening_rules()
    people = "|".join(re.escape(word) for word in rules.population_words)
    links = "|".join(re.escape(link) for link in rules.population_links)
    return {
        "any_group": phrase_pattern([*load_lexicon().cues.any_group_cues, "one or more"]),
        "listed_alternatives": phrase_pattern(rules.listed_alternative_cues),
        "organ_part": re.compile(
            r"\s+(?:in|of|at)\s+(?:the\s+)?(("
            + "|".join(re.escape(word) for word in rules.organ_part_words)
            + r")\s+(?:"
            + "|".join(re.escape(noun) for noun in rules.organ_part_nouns)
            + r"))\b(?:\s+of\s+(?:the\s+)?(\w+))?",
            re.IGNORECASE,
        ),
        "menopause_or_childbearing": re.compile(
            r"\b(?:pre|post)-?\s?menopaus[^.;]*?\bor\b[^.;]*?"
            + phrase_pattern(load_lexicon().cues.childbearing_phrases).pattern,
            re.IGNORECASE,
        ),
        "future": phrase_pattern(rules.future_intention_cues),
        "language": phrase_pattern(rules.language_cues),
        "conduct": phrase_pattern(rules.study_conduct_cues),
        "conduct_failure": phrase_pattern(rules.study_conduct_failures),
        "population": re.compile(rf"^\W*(?:{people})?\W*(?:{links})\b", re.IGNORECASE),
        # "For participants with prior treatment of a bortezomib containing regimen, the best
        # response …": the leading clause up to its comma says who the rest is about.
        "population_clause": re.compile(
            rf"^\W*(?:for|in|among)\s+(?:all\s+|those\s+)?(?:{people})\s+(?:{links})\b"
            r"[^,;:]*[,;:](?=\s*\w)",
            re.IGNORECASE,
        ),
    }


@functools.lru_cache(maxsize=65_536)
def _asks_both_sexes(criterion_text: str) -> bool:
    """Whether a criterion's words ask of both sexes ("Male and female", "Male or
    non-pregnant females …"), read once per criterion, not once per patient screened."""
    return _says(_both_sexes_words(), criterion_text) or opens_with_both_sexes(criterion_text)


def _not_applicable(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """Criteria about pregnancy, or (for exclusions) about a sex the patient does not
    have, are not about this patient.

    An inclusion that names the other sex ("Female patients aged 18-65") is not
    skipped: its sex requirement is simply not met. One about childbearing that ends "or
    male" ("Female of non-childbearing potential, or male.") is met by a man.
    """
    text = criterion.text
    both_sexes = _asks_both_sexes(text)
    if _says(_CHILDBEARING, text):
        if (
            patient.sex == "male"
            and criterion.section == "inclusion"
            and _OR_MALE_AT_END.search(text)
        ):
            return (
                "met",
                patient.sex_evidence or None,
                "patient is male, the criterion's other choice",
            )
        method = _male_contraception(criterion, patient)
        if method is not None:
            return "met", method, "the note names the contraception he will use"
        if patient.sex == "male" and not both_sexes and not _pregnancy_one_item(criterion):
            return (
                "not_applicable",
                patient.sex_evidence or None,
                "about pregnancy; patient is male",
            )
        rules = load_screening_rules()
        # A woman past (or before) childbearing age: the criterion's women of childbearing
        # potential are not her, whichever other sex it also names (a patient of no stated
        # sex may be the men it also names).
        woman = patient.sex == "female" or (patient.sex is None and not both_sexes)
        # "No contraindication such as inflammatory bowel disease, pregnancy": for a woman of
        # 67 pregnancy is one item of a list, and the other items are still judged. A
        # pregnancy exclusion itself is not applicable to her, as to a man (the TrialGPT
        # experts' label; tests/test_evaluate.py).
        if woman and _past_childbearing(patient) and _pregnancy_one_item(criterion):
            return None
        if (
            woman
            and patient.age is not None
            and (
                patient.age > rules.childbearing_age_limit_years
                or patient.age < _CHILDBEARING_MINIMUM_AGE_YEARS
            )
        ):
            return (
                "not_applicable",
                patient.age_evidence or None,
                f"about pregnancy; patient is {_format(patient.age)} years old",
            )
    if both_sexes:
        return None
    # "Male participants with pregnant partners must agree to use a condom": a rule for the
    # other sex's contraception, in either section, is not about this patient.
    if criterion.section != "exclusion" and not _says(_CHILDBEARING, text):
        return None
    # "Male patient" as a whole exclusion asks the sex itself: judged, not set aside.
    if criterion.section == "exclusion" and any(
        isinstance(c, SexRequirement) for c in criterion.constraints
    ):
        return None
    if (patient.sex == "male" and _FEMALE_SUBJECT.search(text)) or (
        patient.sex == "female" and _MALE_SUBJECT.search(text)
    ):
        return (
            "not_applicable",
            patient.sex_evidence or None,
            f"about the other sex than {patient.sex}",
        )
    return None


# "Diabetes diagnosed prior to current pregnancy", "hypertension during pregnancy": a
# pregnancy that dates a condition makes the criterion about pregnant women.
_PREGNANCY_DATES = re.compile(
    r"\b(?:during|prior\s+to|before|after|since|in)\s+(?:the\s+|a\s+|her\s+)?"
    r"(?:current\s+|this\s+|index\s+|previous\s+)?pregnan",
    re.IGNORECASE,
)


def _pregnancy_one_item(criterion: Criterion) -> bool:
    """Whether an exclusion names pregnancy as one item among conditions that anyone may
    have ("Pregnancy, lactation, or HIV infection"; "… immunosuppression, pregnancy, …,
    bleeding disorders"), or an inclusion denies it as one item of such a list ("No
    contradiction for chemoradiation such as inflammatory bowel disease, pregnancy"): for
    a man the other items are still judged. One about women ("Women who are pregnant or
    have hypertension") stays about women.
    """
    exclusion = criterion.section == "exclusion"
    return (
        not _FEMALE_SUBJECT.search(criterion.text)
        and not _PREGNANCY_DATES.search(criterion.text)
        and any(
            isinstance(c, ConceptMention) and c.category == "condition" and c.negated != exclusion
            for c in criterion.constraints
        )
        and (
            exclusion or any(isinstance(c, Pregnancy) and c.negated for c in criterion.constraints)
        )
    )


_CONTRACEPTION = re.compile(r"contracepti", re.IGNORECASE)
# "Refuses condoms", "no vasectomy", "will not use condoms": a method denied is none.
_CONTRACEPTION_REFUSED = re.compile(
    r"\b(?:no|not|never|won't|declin\w*|refus\w*|unwilling|unable)\b", re.IGNORECASE
)


def _male_contraception(criterion: Criterion, patient: PatientFacts) -> str | None:
    """The note's sentence naming the contraception a man uses ("he will use condoms"), for
    an inclusion asking for contraception of no named sex ("Agree to use adequate methods of
    contraception"): the coordinator answers it from the note (``male_contraception_words``
    of the screening rules); a sentence that denies or refuses is none."""
    if (
        patient.sex != "male"
        or criterion.section != "inclusion"
        or not _CONTRACEPTION.search(criterion.text)
        or _FEMALE_SUBJECT.search(criterion.text)
        or _says(_both_sexes_words(), criterion.text)
    ):
        return None
    sentences = dict.fromkeys(
        [
            *(fact.evidence for fact in patient.facts),
            *(fact.evidence for fact in patient.vocabulary_facts),
            *patient.unread_sentences,
        ]
    )
    for word in load_screening_rules().male_contraception_words:
        said = next(
            (
                s
                for s in sentences
                if s and _has_word(s, word) and not _CONTRACEPTION_REFUSED.search(s)
            ),
            None,
        )
        if said is not None:
            return said
    return None


def _past_childbearing(patient: PatientFacts) -> bool:
    """Whether a woman's age is past the childbearing age (60: above the 55 at which the
    FSRH's "Contraception for Women Aged over 40 Years" (2017) lets every woman stop
    contraception, conception after it being exceptionally rare)."""
    limit = load_screening_rules().childbearing_age_limit_years
    return patient.age is not None and patient.age > limit


_PLACEHOLDER_WORD = re.compile(r"[^\W\d_]+(?:/[^\W\d_]+)?")


def _asks_nothing(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """A placeholder that says there is none ("N/A", "none", "This study has no") asks
    nothing of any patient: not applicable (``placeholder_criterion_description``)."""
    del patient  # a placeholder asks nothing of anyone
    if criterion.constraints or criterion.children:
        return None
    rules = load_screening_rules()
    words = _PLACEHOLDER_WORD.findall(criterion.text.lower())
    framing = {*rules.placeholder_none_words, *rules.placeholder_framing_words}
    if not any(word in rules.placeholder_none_words for word in words):
        return None
    if not all(word in framing for word in words):
        return None
    return "not_applicable", None, f"the criterion asks nothing (“{criterion.text.strip()}”)"


def _settled_by_text(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """Criteria settled before their constraints are read: not about this patient,
    about how the study runs, or about consent the patient has given."""
    for reader in (
        _asks_nothing,
        _not_applicable,
        _mental_status_outcome,
        _capacity_outcome,
        _treatment_fitness_outcome,
        _measurable_disease_outcome,
    ):
        outcome = reader(criterion, patient)
        if outcome is not None:
            return outcome
    patterns = _cue_patterns()
    if (
        criterion.section == "exclusion"
        and _says(patterns["conduct"], criterion.text)
        and _says(patterns["conduct_failure"], criterion.text)
    ):
        return "not_applicable", None, "about something that happens during the study"
    if (
        _says(_ADMINISTRATIVE, criterion.text)
        and patient.consent_evidence
        and not _asks_more_than_consent(criterion)
    ):
        evidence = patient.consent_evidence
        if criterion.section == "exclusion":
            return "not_met", evidence, "the patient has given consent"
        if _INABILITY.search(criterion.text):
            return "not_met", evidence, "the patient has given consent"
        return "met", evidence, "the patient has given consent"
    return None


@functools.cache
def _mental_status_criterion() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.mental_status_criterion_phrases)


def _mental_status_outcome(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """An exclusion of an altered mental status ("Altered mental status with deficits in
    understanding or inability to consent to the study"), from the note's mental status:
    "drowsy and confused" meets it; "alert, fully oriented" leaves it not met only when it
    asks nothing else: no reading but consent, no word but ``mental_status_framing_words``.
    Never an inclusion."""
    if criterion.section != "exclusion" or not patient.mental_status:
        return None
    found = _mental_status_criterion().search(criterion.text)
    if found is None:
        return None
    evidence = patient.mental_status_evidence
    if patient.mental_status == "altered":
        return "met", evidence, "the note says the patient's mental status is altered"
    if _reads_only_consent(criterion) and _only_framing_left(
        criterion.text, [found.span()], load_lexicon().cues.mental_status_framing_words
    ):
        return "not_met", evidence, "the note says the patient is alert and oriented"
    return None


def _reads_only_consent(criterion: Criterion) -> bool:
    """Whether consent is all the parse reads in a criterion (or it reads nothing)."""
    return all(
        isinstance(c, ConceptMention) and c.concept == _CONSENT_CONCEPT
        for c in criterion.constraints
    )


def _only_framing_left(
    criterion_text: str, read: Sequence[tuple[int, int]], framing: Iterable[str]
) -> bool:
    """Whether every word a criterion leaves unread, besides its parse and ``read``, only
    frames what a settled-by-text reader read (one of ``framing``): it asks nothing else."""
    return set(words_left_unread(criterion_text, read)) <= set(framing)


@functools.cache
def _capacity_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_lexicon().cues
    lack = phrase_alternation(cues.capacity_lack_words)
    return (
        phrase_pattern(cues.capacity_criterion_phrases),
        re.compile(rf"(?<![\w-])(?:{lack})\s+(?:\w+\s+)?$", re.IGNORECASE),
    )


def _capacity_outcome(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """A criterion about the capacity to consent ("Mental capacity to understand and
    consent"; "Lack of mental capacity to consent", a lack word before it), from the note's
    statement that the patient has or lacks it; only when it asks nothing else: no reading
    but consent, no word but ``capacity_framing_words``."""
    if not patient.capacity:
        return None
    phrases, lack_before = _capacity_patterns()
    found = phrases.search(criterion.text)
    if found is None:
        return None
    lack = lack_before.search(criterion.text[: found.start()])
    asks_lack = lack is not None
    read = [found.span() if lack is None else (lack.start(), found.end())]
    if not _reads_only_consent(criterion) or not _only_framing_left(
        criterion.text, read, load_lexicon().cues.capacity_framing_words
    ):
        return None
    holds = (patient.capacity == "lacks") == asks_lack
    said = "lacks" if patient.capacity == "lacks" else "has"
    reason = f"the note says the patient {said} the capacity to consent"
    return ("met" if holds else "not_met"), patient.capacity_evidence, reason


def _treatment_fitness_outcome(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """A criterion asking fitness for a treatment ("Patient not fit for general
    anaesthesia"), from the note's statement of it ("assessed as unfit for general
    anaesthesia by the anaesthetist"), treatment by treatment; only when the criterion asks
    nothing else: no reading but the treatments it names, no word but
    ``fitness_for_framing_words``."""
    if not patient.treatment_fitness:
        return None
    ask = asked_fitness(criterion.text)
    if ask is None:
        return None
    asked = criterion.text[ask.span[0] : ask.span[1]].lower()
    if not all(
        isinstance(c, ConceptMention) and c.text.lower() in asked for c in criterion.constraints
    ):
        return None
    if not _only_framing_left(
        criterion.text, [ask.span], load_lexicon().cues.fitness_for_framing_words
    ):
        return None
    answer = fitness_answer(ask, patient.treatment_fitness)
    if answer is None:
        return None
    holds, evidence = answer
    fit_word = "fit" if holds == ask.fit else "unfit"
    treatments = " or ".join(ask.treatments) if ask.join == "any" else " and ".join(ask.treatments)
    reason = f"the note says the patient is {fit_word} for {treatments}"
    return ("met" if holds else "not_met"), evidence, reason


def _measurable_disease_outcome(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """An inclusion asking only measurable disease ("Measurable disease according to RECIST
    v1.1", "At least 1 measurable lesion"): met by a current tumour lesion of at least 10 mm
    in the note (:func:`trialfinder.measurable_disease.measurable_clause`), not met by a
    sentence denying measurable disease; unknown when the note says both or neither."""
    if criterion.section != "inclusion" or criterion.constraints:
        return None
    spans = asked_measurable(criterion.text)
    if not spans:
        return None
    if not _only_framing_left(criterion.text, spans, measurable_framing_words()):
        return None
    lesion = next(
        (
            (fact.evidence, size)
            for fact in patient.facts
            if fact.measurement is not None
            and fact.measurement.analyte == "lesion_size"
            and fact.measurement.comparator == "="
            and (size := fact.measurement.canonical_value) is not None
            and size >= MEASURABLE_MM
            and not fact.negated
            and not fact.historical
            and measurable_clause(fact.evidence, fact.measurement.text)
        ),
        None,
    )
    if lesion is not None and not patient.no_measurable_evidence:
        return (
            "met",
            lesion[0],
            f"the note gives a tumour lesion of {format_number(lesion[1])} mm, measurable by "
            f"RECIST 1.1 (at least {format_number(MEASURABLE_MM)} mm)",
        )
    if lesion is None and patient.no_measurable_evidence:
        return (
            "not_met",
            patient.no_measurable_evidence,
            "the note says there is no measurable disease",
        )
    return None


def _asks_more_than_consent(criterion: Criterion) -> bool:
    """Whether a criterion about consent or compliance also states who may take part.

    "≥ 18 years old at the time of signing the informed consent", "Women aged 20–70
    … who give consent": a patient's consent settles the consent, not the age, the
    sex or (in an inclusion) the condition, which are judged as in any criterion.
    A menopause named as one way to take part is a state, not a promise. Plans and
    promises (contraception, pregnancy, "willing to undergo surgery") are
    what the patient's agreement to the protocol covers, so they stay settled by it,
    and so does a condition named after the consent words ("willing to comply with
    … tumor assessments", "compliance with usual asthma medication") unless it is
    denied ("… supported by not meeting dementia criteria"), or one that only names a
    specimen: "agree to the submission of fresh tumor tissue" is about the sample.
    """
    about_childbearing = _CHILDBEARING.search(criterion.text) is not None
    cue = _ADMINISTRATIVE.search(criterion.text)
    consent_at = cue.start() if cue is not None else len(criterion.text)
    for constraint in criterion.constraints:
        if isinstance(constraint, Measurement | SexRequirement) or (
            isinstance(constraint, ConceptMention)
            and constraint.concept == "menopause"
            and not constraint.negated
        ):
            # A menopause the criterion offers ("≥ 1 year post-menopausal, surgically sterile,
            # or using … birth control") is a state now, which consent does not settle; one
            # denied ("For women who have not undergone menopause …, agree to …") says who
            # the promise is asked of.
            return True
        if (
            criterion.section == "inclusion"
            and not about_childbearing
            and isinstance(constraint, ConceptMention)
            and constraint.category == "condition"
            and (span := _mention_span(criterion.text, constraint.text)) is not None
            and (span[0] < consent_at or constraint.negated)
            and not _SPECIMEN_AFTER.match(criterion.text, span[1])
        ):
            return True
    return False


# "tumor tissue", "tumour sample", "FFPE tumor block": a specimen, not the condition.
_SPECIMEN_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+)?(?:tissues?|samples?|specimens?|blocks?|slides?|material)\b",
    re.IGNORECASE,
)


def _mention_span(text: str, mention: str) -> tuple[int, int] | None:
    position = text.lower().find(mention.lower())
    return None if position < 0 else (position, position + len(mention))


@functools.lru_cache(maxsize=65_536)
def _criterion_qualifiers(
    criterion_text: str, constraint: ConceptMention
) -> tuple[tuple[str, ...], bool]:
    """The qualifiers the criterion puts on a mention, and whether they are alternatives.

    Read by the context stage's ``qualifier`` scope: "Severe, malignant or
    secondary hypertension" gives (severe, malignant, secondary) as
    alternatives; "severe uncontrolled asthma" needs both. Cached: it depends on the
    criterion alone, and every patient screened against the criterion asks again.
    """
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return (), False
    named = constraint.concept.replace("_", " ")
    inside = [
        q
        for q in _qualifier_words()
        if _has_word(constraint.text, q)
        and q not in named
        and not _names_the_concept_only_with(constraint, q)
    ]
    reached = cues_at(criterion_text, *span, "qualifier")
    if constraint.category == "procedure":
        reached = [q for q in reached if not _only_in_other_names(criterion_text, span[0], q)]
    wanted = tuple(
        q
        for q in dict.fromkeys(
            (
                *reached,
                *inside,
                *_example_head_qualifiers(criterion_text, span[0]),
            )
        )
        if not _or_a_time(criterion_text, q)
    )
    first = criterion_text.lower().find(wanted[0]) if wanted else -1
    between = criterion_text[first : span[0]].lower() if first >= 0 else ""
    alternatives = bool(_ALTERNATIVE_QUALIFIERS.search(between))
    return wanted, alternatives


def _only_in_other_names(criterion_text: str, start: int, qualifier: str) -> bool:
    """Whether every ``qualifier`` before ``start`` is a word of another concept's name the
    criterion reads ("History of heart failure, unstable angina, …, PTCA, or CABG": the
    "unstable" of unstable angina names that angina, it does not qualify the PTCA or the CABG
    listed after it)."""
    found = [m.start() for m in _word_pattern(qualifier).finditer(criterion_text[:start])]
    names = [(f.start, f.end) for f in find_concepts(criterion_text) if f.start < start]
    return bool(found) and all(any(a <= at < b for a, b in names) for at in found)


def _example_head_qualifiers(criterion_text: str, start: int) -> tuple[str, ...]:
    """ "Poorly controlled medical condition … such as … AIDS and HIV": a condition named
    after an example cue is an example of the condition before the first cue, so it takes
    that condition's qualifier (``example_head_qualifiers``): controlled HIV is no example."""
    # "(e.g. diabetes)": the abbreviation's dot ends no clause.
    sentence = _clause_start(_ABBREVIATION_DOT.sub(",", criterion_text), start)
    first = screening_phrase("example_cues").search(criterion_text, sentence, start)
    if first is None:
        return ()
    head = criterion_text[sentence : first.start()]
    return tuple(q for q in load_screening_rules().example_head_qualifiers if _has_word(head, q))


_ABBREVIATION_DOT = re.compile(r"(?<=\be\.g)\.|(?<=\bi\.e)\.", re.IGNORECASE)


def _or_a_time(criterion_text: str, qualifier: str) -> bool:
    """ "Active or prior documented autoimmune disorders", "prior or active hepatitis": a
    qualifier written as one alternative of the history words asks for either, so the
    condition alone (current or past) answers it; no qualifier is needed."""
    return _or_a_time_pattern(qualifier).search(criterion_text) is not None


@functools.lru_cache(maxsize=1024)
def _or_a_time_pattern(qualifier: str) -> re.Pattern[str]:
    rules = load_context_rules().rules
    # "History or active inflammatory bowel disease": the bare noun is a history word too.
    history = phrase_alternation(
        [
            *(phrase for rule in rules if rule.category == "history" for phrase in rule.phrases),
            "history",
        ]
    )
    word = re.escape(qualifier)
    return re.compile(
        rf"(?<![\w-])(?:{word}\s+(?:and/)?or\s+(?:{history})|(?:{history})\s+(?:and/)?or\s+{word})"
        r"(?![\w-])",
        re.IGNORECASE,
    )


def _names_the_concept_only_with(constraint: ConceptMention, word: str) -> bool:
    """Whether ``word`` is needed to name the concept: "malignant disease" is cancer, and
    "disease" alone is not; "metastatic breast cancer" is breast cancer qualified."""
    concept = load_lexicon().concepts.get(constraint.concept)
    if concept is None or constraint.text.lower() not in concept.names:
        return False
    rest = " ".join(_without_words(constraint.text, [word]).lower().split())
    return rest not in concept.names


_ALTERNATIVE_QUALIFIERS = re.compile(r",|/|\bor\b|\bto\b")


@functools.cache
def _stated_qualifiers(evidence: str, concept_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The qualifiers a note sentence puts on its mentions of a concept (or a narrower one),
    in the note's order: those it states, and those of its denied mentions ("no refractory
    ascites", "no uncontrolled hypertension"), which it rules out. The sentence is read with
    its shorthand written out, as the patient's facts were ("L breast IDC 2019, ER+ PR+ HER2
    neg", "HR-positive HER2-negative breast ca"): else the cancer the fact came from is not
    found again, and the results written beside it qualify nothing."""
    ancestors = load_lexicon().ancestors
    stated: list[str] = []
    denied: list[str] = []
    evidence = written_out(evidence)
    for finding in find_concepts(evidence):
        if concept_id in ancestors.get(finding.concept, frozenset({finding.concept})):
            said = denied if finding.negated else stated
            said.extend(cues_at(evidence, finding.start, finding.end, "qualifier"))
            said.extend(qualifiers_after_reading(evidence, finding.end))
            said.extend(q for q in _qualifier_words() if _has_word(finding.text, q))
            said.extend(_qualifiers_of_heading(evidence, finding.start, finding.end))
    return tuple(dict.fromkeys(stated)), tuple(dict.fromkeys(denied))


def _qualifiers_of_heading(evidence: str, start: int, end: int) -> list[str]:
    """The qualifier words of the MeSH heading a note's words at ``start``–``end`` name, read
    through the vocabulary: "CKD" is Renal Insufficiency, Chronic, so it states "chronic"."""
    vocabulary = load_vocabulary()
    return [
        q
        for mention in disease_mentions(evidence)
        if mention.start == start
        and mention.end == end
        and (heading := vocabulary.concept(mention.descriptor_id)) is not None
        for q in _qualifier_words()
        if _has_word(heading.name, q)
    ]


@functools.cache
def _qualifier_words() -> tuple[str, ...]:
    rules = load_context_rules().rules
    return tuple(p for rule in rules if rule.category == "qualifier" for p in rule.phrases)


def _has_word(text: str, phrase: str) -> bool:
    return _word_pattern(phrase).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _word_pattern(phrase: str) -> re.Pattern[str]:
    """A phrase as a whole word, compiled once: ``re``'s own cache is too small for the
    qualifier and site words tested against every mention."""
    return re.compile(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", re.IGNORECASE)


def _past_history_only(
    criterion_text: str, constraint: ConceptMention, patient: PatientFacts
) -> str | None:
    """Why a habit asked now is unknown when the note files it only under past history
    ("past medical history notable for heavy smoking" does not say he stopped; one that
    ended was not met before this is asked); None otherwise."""
    if not _names_a_present_habit(criterion_text, constraint) or not all(
        f.historical and not f.current for f in patient.concept_facts(constraint.concept)[0]
    ):
        return None
    return (
        f"the note gives the patient's {_habit_name(constraint)} as past history without "
        "saying it ended; the criterion asks for it now"
    )


def _unstated_qualifier(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    name: str,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> str | None:
    """ "History of seizure disorders due to light", "Hypotension requiring vasopressors",
    "Intradialytic hypotension": the condition is asked only with the cause, need or setting
    the criterion writes around it (``unread_qualifiers``, trialfinder.unread_qualifiers).
    Why it is unknown when the note's sentence names neither the qualifier's word nor a word
    that stands for it, nor a concept the qualifier's words name or a narrower one
    (``_names_qualifier_concept``: "CKD stage 3 due to T2DM" names "due to diabetes"): teenage
    epilepsy does not meet the first, plain hypotension neither of the others. A need the
    parse reads as treatments of the lexicon is checked against
    the patient's treatments instead (``required_treatments``), and one the context stage
    reads as a qualifier of its own ("requiring treatment") by ``_qualifiers_judged``. The
    mention's place is its first outside another mention of the criterion: in "type 1
    diabetes, …, or diabetes secondary to pancreatitis" the diabetes is the second."""
    span = _own_place(criterion_text, constraint, pairs)
    if span is None:
        return None
    for qualifier in unread_qualifiers():
        if qualifier.conditions_only and constraint.category != "condition":
            continue
        if qualifier.unless_read_as_need and constraint.required_treatments:
            continue
        written = written_qualifier(qualifier, criterion_text, span)
        if written is None or (
            qualifier.unless_read_as_need and _consequence_read(criterion_text, constraint)
        ):
            continue
        if finding.evidence and (
            any(_names_undenied(finding.evidence, w) for w in written.words)
            or _names_qualifier_concept(written, finding.evidence, patient)
        ):
            continue
        return qualifier.reason.format(name=name, said=written.said, written=written.written)
    return None


def _names_undenied(text: str, word: str) -> bool:
    """Whether a note's sentence names a qualifier's word other than under a negation: "no
    vasopressors needed", "not due to light" do not state the need or the cause."""
    return any(
        "negation" not in context_at(text, *found.span())
        for found in _word_pattern(word).finditer(text)
    )


def _own_place(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> tuple[int, int] | None:
    """Where a mention is written: its first place not inside a longer mention of another of
    the criterion's constraints, else its first place."""
    others = [
        other_span
        for other, _ in pairs
        if isinstance(other, ConceptMention) and len(other.text) > len(constraint.text)
        for other_span in _mention_spans(criterion_text, other.text)
    ]
    return next(
        (
            span
            for span in _mention_spans(criterion_text, constraint.text)
            if not any(start <= span[0] and span[1] <= end for start, end in others)
        ),
        _mention_span(criterion_text, constraint.text),
    )


def _names_qualifier_concept(
    written: WrittenQualifier, evidence: str, patient: PatientFacts
) -> bool:
    """Whether the note's sentence names, not denied, what the qualifier's word names (a
    concept whose name begins at it) or a narrower kind, through the vocabulary rather than
    the words: the lexicon ("T2DM" is a diabetes, so "CKD stage 3 due to T2DM" says "due to
    diabetes"; "treated with radiotherapy" says "treated with radiation") or MeSH for a
    disease the lexicon lacks. A concept later in the qualifier ("due to complications of
    advanced malignancy") is not what its word asks."""
    concepts, descriptors = _qualifier_concepts(written.said, written.words[0])
    ancestors = load_lexicon().ancestors
    if any(
        fact.kind == "concept"
        and fact.concept is not None
        and fact.evidence == evidence
        and not fact.negated
        and ancestors.get(fact.concept, frozenset({fact.concept})) & concepts
        for fact in patient.facts
    ):
        return True
    return any(
        fact.evidence == evidence
        and not fact.negated
        and any(_is_a(fact.descriptor_id, descriptor) for descriptor in descriptors)
        for fact in patient.vocabulary_facts
    )


@functools.lru_cache(maxsize=4096)
def _qualifier_concepts(said: str, word: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The lexicon's concepts and the MeSH diseases named from a qualifier's word on."""
    at = _word_pattern(word).search(said)
    if at is None:
        return frozenset(), ()
    return (
        frozenset(found.concept for found in find_concepts(said) if found.start == at.start()),
        tuple(m.descriptor_id for m in disease_mentions(said) if m.start == at.start()),
    )


def _consequence_read(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether the context stage reads the criterion's need as a qualifier of its own
    ("requiring treatment": ``treatment-requiring``), which ``_qualifiers_judged`` checks."""
    consequences = load_context_rules().consequences
    return any(q in consequences for q in _criterion_qualifiers(criterion_text, constraint)[0])


# "… recorded within 72 hours prior to surgery": the operation after a window's length and
# "prior to" is when the window ends.
_WINDOW_BEFORE_ANCHOR = re.compile(
    r"\b(?:hours?|hrs?|days?|weeks?|months?)\s+(?:prior\s+to|before|preceding)\s+"
    r"(?:the\s+)?(?:(?:planned|scheduled|index)\s+)?$",
    re.IGNORECASE,
)


def _names_a_window_anchor(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a procedure is only the time a window runs to ("Patients who did not have a
    preoperative serum sodium level recorded within 72 hours prior to surgery"): the
    criterion asks about what the window holds, not the operation."""
    if constraint.category != "procedure":
        return False
    span = _mention_span(criterion_text, constraint.text)
    return span is not None and _WINDOW_BEFORE_ANCHOR.search(criterion_text, 0, span[0]) is not None


def _radiation_region_finding(
    criterion_text: str, constraint: ConceptMention, finding: Finding, name: str
) -> Finding | None:
    """ "Patients treated with pelvic radiation previously": radiotherapy a criterion gives a
    body region (``asked_region``) is met only by radiotherapy the note's sentence places
    there (``noted_regions``): not met by radiotherapy to another region ("breast
    radiotherapy"), unknown when the sentence names no region. None: no region asked, or
    the note's is one of them."""
    if constraint.concept != "radiotherapy":
        return None
    span = _mention_span(criterion_text, constraint.text)
    asked = frozenset() if span is None else asked_region(criterion_text, *span)[0]
    noted = noted_regions(finding.evidence or "")
    if not asked or asked & noted:
        return None
    wanted = "the criterion asks for it to the " + " or ".join(
        sorted(region.replace("_", " ") for region in asked)
    )
    if not noted:
        return Finding(
            "unknown",
            finding.evidence,
            f"{_stated(constraint.category, name, True)}; {wanted}, and the note does not say "
            "where it was given",
        )
    given = " and ".join(sorted(region.replace("_", " ") for region in noted))
    return Finding("false", finding.evidence, f"the note gives {name} to the {given}; {wanted}")


def _surgery_order_finding(
    criterion_text: str, constraint: ConceptMention, finding: Finding, name: str
) -> Finding | None:
    """ "Chemotherapy prior to surgery", "radiotherapy after curative surgery": a treatment
    the criterion places on one side of an operation (``asked_order``) is met only on that
    side as the note's sentence places it (``noted_order``): not met on the other side,
    unknown when the sentence gives no order. None: no side asked, or the note's is it."""
    if constraint.category != "treatment":
        return None
    span = _mention_span(criterion_text, constraint.text)
    placed = None if span is None else asked_order(criterion_text[span[1] :])
    asked = None if placed is None else placed[0]
    noted = noted_order(finding.evidence or "")
    if asked is None or noted == asked:
        return None
    wanted = f"the criterion asks for {name} {asked} surgery"
    if noted is None:
        return Finding(
            "unknown",
            finding.evidence,
            f"{_stated(constraint.category, name, True)}; {wanted}, and the note does not "
            "say which side of the operation",
        )
    return Finding("false", finding.evidence, f"the note gives {name} {noted} surgery; {wanted}")


def _order_anchor_finding(
    criterion_text: str,
    constraint: ConceptMention,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> Finding | None:
    """The operation an order phrase names ("chemotherapy prior to *surgery*") says where
    the treatment stands, not a second thing to have: it takes the treatment's answer, so
    an operation before adjuvant chemotherapy does not meet "chemotherapy prior to surgery"
    on its own. None: the procedure is no such operation, or the note names no such
    treatment (the operation then answers alone, as any procedure does)."""
    if constraint.category != "procedure":
        return None
    span = _mention_span(criterion_text, constraint.text)
    for other, found in pairs:
        if not isinstance(other, ConceptMention) or other.category != "treatment":
            continue
        treated = _mention_span(criterion_text, other.text)
        placed = None if treated is None else asked_order(criterion_text[treated[1] :])
        if span is None or treated is None or placed is None:
            continue
        if treated[1] <= span[0] < treated[1] + placed[1]:
            if found.truth != "true":
                return None  # the operation alone answers as before ("salvage RT" planned)
            name = concept_name(other.text, load_lexicon().concepts.get(other.concept)).lower()
            return _surgery_order_finding(criterion_text, other, found, name) or found
    return None


def _companion_finding(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    patient: PatientFacts,
    name: str,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> Finding | None:
    """ "… or fever and other signs or symptoms suggestive of Covid-19 infection with recent
    contact of person(s) with confirmed Covid-19 infection": the fever is asked only with
    what the companion cues after it (``criterion_companion_cues``) add, each named by the
    word after its cue; why it is unknown unless the note's sentence names every one, so a
    febrile child's fever does not meet a COVID-19 exclusion. A cue reaches back over a few
    words ("and other signs or symptoms") but not over another mention, a comma or a bracket:
    it qualifies the nearest thing named before it, and the cues chained after it in the same
    stretch ("… with recent contact") qualify the same requirement. A note sentence that
    denies one ("No sick contacts", ``note_companion_denials``) rules the requirement out:
    not met."""
    others = [other for other, _ in pairs if isinstance(other, ConceptMention)]
    companions, end = _companion_stretch(criterion_text, constraint.text, others)
    if not companions:
        return None
    asked = " ".join(criterion_text[companions[0].start() : end].split()[:14])
    for companion in companions:
        denial = _companion_denied(patient, companion["word"])
        if denial is not None:
            return Finding(
                "false",
                denial,
                f"patient has {name}; the note rules out what the criterion "
                f"asks for with it ({asked})",
            )
    evidence = finding.evidence or ""
    if all(_names_stem(evidence, m["word"]) for m in companions):
        return None
    return Finding(
        "unknown",
        finding.evidence,
        f"patient has {name}; the criterion asks for it {asked}, which the note does not say",
    )


def _companions(
    criterion_text: str, mention: str, others: Sequence[ConceptMention]
) -> list[re.Match[str]]:
    """The companion cues that qualify a mention (its first place in the criterion), as
    :func:`_companion_finding` reads them: after it, before a comma or a bracket, the first
    within a few words and with no other mention (``others``) between."""
    return _companion_stretch(criterion_text, mention, others)[0]


def _companion_stretch(
    criterion_text: str, mention: str, others: Sequence[ConceptMention]
) -> tuple[list[re.Match[str]], int]:
    """:func:`_companions`, with where their stretch ends (the comma or bracket after the
    mention, or the criterion's end): the reason quotes the stretch, so it is found once."""
    span = _mention_span(criterion_text, mention)
    if span is None:
        return [], len(criterion_text)
    stop = _COMPANION_STOP.search(criterion_text, span[1])
    end = stop.start() if stop is not None else len(criterion_text)
    companions = list(_companion_pattern().finditer(criterion_text, span[1], end))
    if not companions:
        return [], end
    gap = criterion_text[span[1] : companions[0].start()]
    if len(gap.split()) > _COMPANION_REACH_WORDS or any(
        _has_word(gap, other.text) for other in others if other.text.strip()
    ):
        return [], end
    return companions, end


def _companion_denied(patient: PatientFacts, word: str) -> str | None:
    """The note's sentence denying a companion requirement's word ("No sick contacts" for
    "with recent contact"), or None."""
    denial = _companion_denial_pattern(_stem_letters(word))
    sentences = dict.fromkeys(
        [
            *(fact.evidence for fact in patient.facts),
            *(fact.evidence for fact in patient.vocabulary_facts),
            *patient.unread_sentences,
        ]
    )
    return next((s for s in sentences if s and denial.search(s)), None)


@functools.lru_cache(maxsize=256)
def _companion_denial_pattern(stem: str) -> re.Pattern[str]:
    """A denial cue, then up to five words with no punctuation, then a word beginning with
    ``stem`` that ends what is denied ("Denies any recent travel or sick contacts."): in
    "no COVID-19 vaccination" the vaccination is denied, not COVID-19."""
    cues = phrase_alternation(load_screening_rules().note_companion_denials)
    return re.compile(
        rf"\b(?:{cues})\s+(?:[\w'-]+\s+){{0,5}}?{re.escape(stem)}[\w'-]*"
        r"(?=\s*(?:[,.;)]|$)|\s+(?:or|and)\b)",
        re.IGNORECASE,
    )


# A comma, a bracket or a clause's end stops a companion's stretch; "person(s)" does not.
_COMPANION_STOP = re.compile(r"[,;:\[\]]|\((?!s\))|(?<!\(s)\)|\.(?=\s|$)")
# "fever and other signs or symptoms suggestive of": the words a cue reaches back over.
_COMPANION_REACH_WORDS = 6


@functools.cache
def _companion_pattern() -> re.Pattern[str]:
    """A companion cue and the first word after it, which the note must name."""
    cues = phrase_alternation(load_screening_rules().criterion_companion_cues)
    return re.compile(
        rf"\b(?:{cues})\s+(?:an?\s+|the\s+|possible\s+)?(?P<word>[^\W_][\w'-]*)", re.IGNORECASE
    )


def _names_stem(text: str, word: str) -> bool:
    """Whether ``text`` has a word beginning with the letters that begin ``word``: "contacts"
    names "contact", "COVID19" names "Covid-19"."""
    letters = _stem_letters(word)
    return re.search(rf"(?<![\w-]){re.escape(letters)}", text, re.IGNORECASE) is not None


def _stem_letters(word: str) -> str:
    """The letters that begin a word ("Covid" of "Covid-19")."""
    stem = re.match(r"[^\W\d_]+", word)
    return stem.group(0) if stem is not None else word


def _unlinked_result_of(
    criterion_text: str, constraint: ConceptMention, finding: Finding, name: str
) -> str | None:
    """ "MDS known to have arisen as the result of … treatment with chemotherapy and/or
    radiation": the treatment is named as what the condition came from
    (``criterion_result_of_cues`` shortly before it), so having had it is not enough; why
    it is unknown unless the note's sentence links something to it ("therapy-related MDS
    after FEC chemotherapy", ``note_result_of_words``). Radiotherapy for a prostate cancer
    nine years earlier says nothing of where an MDS came from."""
    if constraint.category != "treatment":
        return None
    span = _mention_span(criterion_text, constraint.text)
    if span is None or not _result_of_before().search(criterion_text[: span[0]]):
        return None
    if finding.evidence and _note_result_of_words().search(finding.evidence):
        return None
    return (
        f"{_stated(constraint.category, name, True)}; the criterion asks for a condition "
        "that came from it, which the note does not say"
    )


def _named_as_caused(criterion_text: str, constraint: ConceptMention, name: str) -> str | None:
    """ "… do not have … another cause of chronic liver disease": a condition named right
    after "cause of" (``criterion_cause_of_cues``) is what a cause causes; the criterion
    asks about the cause, so the patient's having the disease does not settle it."""
    if constraint.category != "condition":
        return None
    span = _mention_span(criterion_text, constraint.text)
    if span is None or not _cause_of_before().search(criterion_text[: span[0]]):
        return None
    return (
        f"patient has {name}; the criterion asks about a cause of it, which the note does not say"
    )


@functools.cache
def _cause_of_before() -> re.Pattern[str]:
    """A cause-of cue, then at most two words, right before a mention."""
    cues = phrase_alternation(load_screening_rules().criterion_cause_of_cues)
    return re.compile(rf"\b(?:{cues})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)


def _drinker_fatty_liver(
    constraint: ConceptMention, finding: Finding, patient: PatientFacts, name: str
) -> str | None:
    """ "NAFLD": a note's plain "fatty liver" is not shown to be non-alcoholic in a patient
    who drinks more than a little (``significant_alcohol_drinks_per_week``) or has an
    alcohol use disorder, unless the note names the non-alcoholic form itself ("NAFLD on
    ultrasound"); why a man drinking four pints a day does not meet an NAFLD inclusion."""
    rules = load_screening_rules()
    if constraint.concept not in rules.non_alcoholic_concepts or finding.evidence is None:
        return None
    if _non_alcoholic_words().search(finding.evidence):
        return None
    heavy = next(
        (
            fact.evidence
            for fact in patient.measurement_facts("alcohol_intake")
            if fact.measurement is not None
            and not fact.historical
            and fact.measurement.canonical_value is not None
            and fact.measurement.canonical_value > rules.significant_alcohol_drinks_per_week
        ),
        None,
    )
    if heavy is None:
        for disorder in rules.alcohol_disorder_concepts:
            present, _ = patient.concept_facts(disorder)
            if present:
                heavy = present[0].evidence
                break
    if heavy is None:
        return None
    concept = load_lexicon().concepts.get(constraint.concept)
    full = concept.names[0] if concept is not None and concept.names else name
    return (
        f"the note says fatty liver, but also “{heavy}”; that it is {full} (with little or "
        "no alcohol) is not said"
    )


@functools.cache
def _non_alcoholic_words() -> re.Pattern[str]:
    """The words with which a note names the non-alcoholic form; acronyms as written."""
    words = load_screening_rules().non_alcoholic_words
    return re.compile(
        "|".join(
            rf"(?<![\w-]){re.escape(w)}(?![\w-])" if w.isupper() else rf"(?i:\b{re.escape(w)}\b)"
            for w in sorted(words, key=len, reverse=True)
        )
    )


@functools.cache
def _result_of_before() -> re.Pattern[str]:
    """A result-of cue at most 80 characters before a mention, in the same sentence part."""
    cues = phrase_alternation(load_screening_rules().criterion_result_of_cues)
    return re.compile(rf"\b(?:{cues})\b[^.;:]{{0,80}}$", re.IGNORECASE)


@functools.cache
def _note_result_of_words() -> re.Pattern[str]:
    """The note's linking words; "-related" and "post-" count inside a hyphenated word."""
    words = phrase_alternation(load_screening_rules().note_result_of_words)
    return re.compile(rf"\b(?:{words})\b", re.IGNORECASE)


def _course_asked(
    criterion_text: str, constraint: ConceptMention, finding: Finding, patient: PatientFacts
) -> Finding | None:
    """ "Patients whose nivolumab treatment has been initiated in 2018", "treated with
    nivolumab in the adjuvant setting": a treatment the patient has meets it only when the
    note dates its start within the years asked (the fact's start year, else the one start its
    sentence gives: "from June 2018 to June 2019"), or names the setting
    (trialfinder.treatment_given); a start dated outside them does not meet it. None when
    the criterion asks neither of the treatment."""
    span = _mention_span(criterion_text, constraint.text)
    if constraint.category != "treatment" or span is None:
        return None
    asked = asked_given(criterion_text, span[1])
    if asked is None:
        return None
    name = constraint.text.lower()
    facts = patient.concept_facts(constraint.concept)[0]
    if asked.years is not None:
        low, high = asked.years
        said = f"in {low}" if low == high else f"between {low} and {high}"
        started = sorted(
            {
                year
                for f in facts
                if (year := f.start_year or noted_start_year(f.evidence)) is not None
            }
        )
        if not started:
            reason = f"{finding.reason}; the criterion asks for it started {said}, "
            return Finding("unknown", finding.evidence, reason + "which the note does not date")
        if not any(low <= year <= high for year in started):
            reason = f"{name} started in {started[0]}; the criterion asks for it started {said}"
            return Finding("false", finding.evidence, reason)
    if asked.setting is not None and not any(_has_word(f.evidence, asked.setting) for f in facts):
        reason = f"{finding.reason}; the criterion asks for it in the {asked.setting} setting"
        return Finding("unknown", finding.evidence, f"{reason}, which the note does not say")
    return None


def _entailed(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    *,
    exclusion: bool = False,
) -> Finding:
    """A condition the patient has meets the criterion only with the qualifiers it asks for.

    Met when the note states them (one is enough when they are written as
    alternatives); not met when every one is contradicted by what the note
    states ("well-controlled" against "uncontrolled", "essential" against
    "secondary"); otherwise unknown, and the reason names what is missing.
    """
    if finding.truth != "true" or constraint.tests:
        # A test the criterion defines the condition by stands in for its qualifiers
        # ("active or chronic hepatitis B (HBsAg +ve)").
        return finding
    name = concept_name(constraint.text, load_lexicon().concepts.get(constraint.concept)).lower()
    course = _course_asked(criterion_text, constraint, finding, patient)
    if course is not None:
        return course
    if _unread_threshold(criterion_text, constraint, pairs):
        return Finding(
            "unknown",
            finding.evidence,
            f"{_stated(constraint.category, name, True)}; the criterion also sets a threshold "
            "the patient's facts do not state",
        )
    unread_class = _unread_class(criterion_text, constraint, pairs)
    if unread_class is not None:
        return Finding(
            "unknown",
            finding.evidence,
            f"patient has {name}; the criterion also sets a {unread_class} that could not be read",
        )
    ordered = _surgery_order_finding(
        criterion_text, constraint, finding, name
    ) or _order_anchor_finding(criterion_text, constraint, pairs)
    if ordered is not None:
        return ordered
    region = _radiation_region_finding(criterion_text, constraint, finding, name)
    if region is not None:
        return region
    if len(pairs) == 1 and _names_a_window_anchor(criterion_text, constraint):
        return Finding(
            "unknown",
            finding.evidence,
            f"{_stated(constraint.category, name, True)}; the criterion names it as the time "
            "its window runs to, not as what it asks",
        )
    unstated = (
        _past_history_only(criterion_text, constraint, patient)
        or _unstated_qualifier(criterion_text, constraint, finding, name, patient, pairs)
        or _unlinked_result_of(criterion_text, constraint, finding, name)
        or _drinker_fatty_liver(constraint, finding, patient, name)
        or _named_as_caused(criterion_text, constraint, name)
    )
    if unstated is not None:
        return Finding("unknown", finding.evidence, unstated)
    companion = _companion_finding(criterion_text, constraint, finding, patient, name, pairs)
    if companion is not None:
        return companion
    narrower = None
    if constraint.category == "condition":
        narrower = _narrower_disease(constraint.concept, constraint.text)
        if narrower is None and exclusion:
            # An inclusion's disease is mostly the trial's own, which the note names its own
            # way ("adenocarcinoma of the pancreas"); an exclusion's site word narrows it.
            narrower = _narrower_by_words_around(constraint, criterion_text)
            if narrower is not None and _states_the_words(
                finding.evidence, narrower[1][: -len(constraint.text)]
            ):
                narrower = None  # "basal cell carcinoma of the skin" is a skin cancer
    if (
        narrower is not None
        and not _has_disease(patient, narrower[0])
        and not _writes_the_abbreviation(finding.evidence, constraint, narrower[1])
    ):
        sibling = _sibling_finding((narrower[0],), patient, narrower[1])
        if sibling is not None:
            return sibling
        said = concept_name("", load_lexicon().concepts.get(constraint.concept)).lower()
        return Finding(
            "unknown", finding.evidence, f"the note says {said}; the criterion needs {narrower[1]}"
        )
    definition = _defining_measurement(criterion_text, constraint, pairs)
    if definition is not None:
        return Finding(
            definition.truth,
            definition.evidence or finding.evidence,
            f"patient has {name}; {definition.reason}",
        )
    judged = _qualifiers_judged(criterion_text, constraint, patient)
    if judged is not None and judged[0] != "true":
        return Finding(judged[0], finding.evidence, judged[1])
    staged = _stage_judged(constraint, patient, name)
    if staged is not None:
        if staged.truth != "true":
            return staged
        finding = staged
    categorised = _tnm_judged(constraint, patient, name)
    if categorised is not None:
        if categorised.truth != "true":
            return categorised
        finding = categorised
    placed = (
        _organ_part_finding(criterion_text, constraint, finding, patient, name)
        if exclusion
        else None
    )
    if placed is not None:
        return placed
    if exclusion and _UNLISTED_EXCEPTIONS.search(criterion_text):
        return Finding(
            "unknown",
            finding.evidence,
            f"patient has {name}; the criterion has exceptions it does not list here",
        )
    needed = _unstated_requirement(constraint, patient)
    if needed is not None:
        return Finding(
            "unknown",
            finding.evidence,
            f"patient has {name}; the criterion counts it only when it needs {needed}, "
            "which the note does not say",
        )
    return finding


def _organ_part_finding(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    patient: PatientFacts,
    name: str,
) -> Finding | None:
    """The part of an organ a criterion places a condition in right after naming it ("origin
    of tumor in proximal part of stomach"), read in the note's sentences that name the
    condition: the part's words or one of its sites ("gastric cardia") leave the finding as
    it is; only a site of another part ("antral adenocarcinoma") does not meet it; neither
    leaves the part unknown (``organ_part_words``, ``organ_part_sites`` of the screening
    rules)."""
    if constraint.category != "condition":
        return None
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    placed = _cue_patterns()["organ_part"].match(criterion_text, span[1])
    if placed is None or _states_the_words(finding.evidence, placed.group(2)):
        return None
    part, organ = placed.group(1), placed.group(3)
    sites = load_screening_rules().organ_part_sites
    own = set(sites.get(f"{placed.group(2).lower()} {(organ or '').lower()}", ()))
    others = {
        site
        for key, named in sites.items()
        if organ and key.endswith(f" {organ.lower()}")
        for site in named
    } - own
    sentences = " ".join(_condition_sentences(constraint, finding, patient))
    said = [site for site in sorted(own) if _has_word(sentences, site)]
    said_other = [site for site in sorted(others) if _has_word(sentences, site)]
    if said and not said_other:
        return None
    if said_other and not said:
        return Finding(
            "false",
            finding.evidence,
            f"the note places the patient's {name} by the word {said_other[0]!r}, not in the "
            f"{part} of the {organ}",
        )
    return Finding(
        "unknown",
        finding.evidence,
        f"patient has {name}; the criterion asks for it in the {part} of the organ, which "
        "the note does not say",
    )


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


def _tnm_judged(constraint: ConceptMention, patient: PatientFacts, name: str) -> Finding | None:
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


def _stage_judged(constraint: ConceptMention, patient: PatientFacts, name: str) -> Finding | None:
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
        descriptors = _criterion_descriptors(constraint.concept, constraint.text)
        present = [
            fact
            for fact in patient.vocabulary_facts
            if not fact.negated and any(_is_a(fact.descriptor_id, d) for d in descriptors)
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


# "Active or prior documented autoimmune or inflammatory disorders (with exceptions)": the
# exceptions (vitiligo, hypothyroidism on replacement, …) are the protocol's, not written here.
_UNLISTED_EXCEPTIONS = re.compile(r"\(\s*with (?:some |certain )?exceptions?\s*\)", re.IGNORECASE)


def _unstated_requirement(constraint: ConceptMention, patient: PatientFacts) -> str | None:
    """The treatments a condition must have needed ("… disorders requiring chronic treatment
    with steroids or other immunosuppressive treatment") when the patient's facts name none of
    them; None when the criterion asks none or the patient has one. The judge drops such a
    treatment as a constraint of its own (``_depends_on_earlier``), so unchecked the
    condition alone met it: mild psoriasis against steroid-requiring autoimmune disease.
    The parse reads them once, as part of the condition (``required_treatments``)."""
    if constraint.category != "condition":
        return None
    needed = constraint.required_treatments
    if not needed or _one_given(needed, patient):
        return None
    return _listing(list(dict.fromkeys(t.text for t in needed)), "or")


def _one_given(treatments: Sequence[RequiredTreatment], patient: PatientFacts) -> bool:
    """Whether the patient has one of the treatments a criterion names as what the
    condition required (``ConceptMention.required_treatments``: "… disorders requiring
    chronic treatment with steroids": rheumatoid arthritis on prednisone states the
    "treatment-requiring" the context stage reads)."""
    return any(patient.concept_facts(t.concept)[0] for t in treatments)


def _replicating(concept: str, patient: PatientFacts) -> bool:
    """Whether the note gives a viral load of the infection above zero ("HBV DNA 2,400
    IU/mL"): the infection is active (``active_infection_loads``)."""
    analyte = load_screening_rules().active_infection_loads.get(concept)
    return analyte is not None and any(
        fact.measurement is not None
        and not fact.negated
        and (fact.measurement.value > 0 or fact.measurement.comparator == ">")
        for fact in patient.measurement_facts(analyte)
    )


def _without_complete_scales(wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The criterion's qualifiers less a scale it lists whole: "Mild, Moderate and Severe
    Acanthosis" asks for acanthosis at any grade, so a note naming acanthosis without its
    grade meets it (``complete_qualifier_scales``)."""
    for scale in load_screening_rules().complete_qualifier_scales:
        if all(grade in wanted for grade in scale):
            wanted = tuple(q for q in wanted if q not in scale)
    return wanted


def _qualifiers_judged(
    criterion_text: str, constraint: ConceptMention, patient: PatientFacts
) -> tuple[Truth, str] | None:
    """The criterion's qualifiers on a condition the patient has, against the note's: None
    when it asks none; true when the note states them (one is enough when they are written
    as alternatives); false when every one is contradicted by what the note states or
    denies; otherwise unknown, with the reason naming what is missing."""
    wanted, alternatives = _with_concept_qualifiers(
        criterion_text, constraint, *_criterion_qualifiers(criterion_text, constraint)
    )
    wanted = _without_complete_scales(wanted)
    if not wanted:
        return None
    present, _ = patient.concept_facts(constraint.concept)
    readings = [
        _with_stated_concept_qualifiers(
            _stated_qualifiers(fact.evidence, constraint.concept), fact.evidence, constraint.concept
        )
        for fact in present
    ]
    stated = list(dict.fromkeys(q for said, _ in readings for q in said))
    if "chronic" in wanted and any(_lasting(fact) for fact in present):
        stated.append("chronic")
    if "treatment-requiring" in wanted and _one_given(constraint.required_treatments, patient):
        stated.append("treatment-requiring")
    rules = load_screening_rules()
    if "active" in wanted and _replicating(constraint.concept, patient):
        stated.append("active")
    if (
        "acute" in wanted
        and constraint.concept in rules.acute_risk_concepts
        and any(
            screening_phrase("acute_risk_words").search(fact.evidence or "") for fact in present
        )
    ):
        # "Suicidal ideation with a plan last week - crisis team involved" is an acute risk.
        stated.append("acute")
    if constraint.concept in rules.defining_event_concepts and any(
        _names_a_defining_event(fact.evidence or "") for fact in present
    ):
        # "IgG kappa myeloma diagnosed with anaemia, hypercalcaemia and lytic lesions".
        stated.extend(q for q in rules.defining_event_qualifiers if q in wanted)
    stated.extend(
        general
        for specific in tuple(stated)
        for general in rules.qualifier_implications.get(specific, ())
        if general not in stated
    )
    contradictions = rules.qualifier_contradictions
    own = rules.concept_qualifiers.get(constraint.concept)
    if own is not None:
        stated.extend(
            general
            for specific in tuple(stated)
            for general in own.implications.get(specific, ())
            if general not in stated
        )
    ruled_out = {w for s in stated for w in contradictions.get(s, ())}
    ruled_out.update(w for s in stated for w in (own.contradictions.get(s, ()) if own else ()))
    ruled_out.update(q for _, denied in readings for q in denied)
    holding = [w for w in wanted if w in stated]
    failing = [w for w in wanted if w in ruled_out]
    if (alternatives and holding) or (not alternatives and len(holding) == len(wanted)):
        return "true", ""
    settled = (alternatives and len(failing) == len(wanted)) or (not alternatives and failing)
    condition = _without_words(constraint.text, wanted).lower()
    said = " ".join([*map(_as_written, stated), condition])
    needs = _listing([_as_written(w) for w in wanted], "or" if alternatives else "and")
    return (
        "false" if settled else "unknown",
        f"the note says {said}; the criterion needs {needs} {condition}",
    )


@functools.lru_cache(maxsize=65_536)
def _with_concept_qualifiers(
    criterion_text: str, constraint: ConceptMention, wanted: tuple[str, ...], alternatives: bool
) -> tuple[tuple[str, ...], bool]:
    """The criterion's qualifiers with those only its condition takes (``concept_qualifiers``),
    written before the condition's name in its clause ("Untreated, symptomatic or progressing
    brain metastases"): alternatives when a comma or "or" joins them."""
    own = load_screening_rules().concept_qualifiers.get(constraint.concept)
    span = _mention_span(criterion_text, constraint.text)
    if own is None or span is None:
        return wanted, alternatives
    before = criterion_text[_clause_start(criterion_text, span[0]) : span[0]]
    found = sorted(
        (m.start(), word)
        for word in own.words
        if word not in wanted and (m := _word_pattern(word).search(before)) is not None
    )
    if not found:
        return wanted, alternatives
    starts = [found[0][0], *(m.start() for w in wanted if (m := _word_pattern(w).search(before)))]
    between = before[min(starts) :].lower()
    joined = alternatives or bool(_ALTERNATIVE_QUALIFIERS.search(between))
    return (*wanted, *(word for _, word in found)), joined


def _with_stated_concept_qualifiers(
    reading: tuple[tuple[str, ...], tuple[str, ...]], sentence: str | None, concept: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A note sentence's qualifiers of a condition with those only it takes, wherever the
    sentence writes them, not after a denial ("2 brain mets treated with SRS 3 months ago,
    stable on MRI" states treated and stable)."""
    own = load_screening_rules().concept_qualifiers.get(concept)
    if own is None or not sentence:
        return reading
    stated = [
        word
        for word in own.words
        if any(
            not cues_at(sentence, m.start(), m.end(), "negation")
            for m in _word_pattern(word).finditer(sentence)
        )
    ]
    return tuple(dict.fromkeys((*reading[0], *stated))), reading[1]


def _names_a_defining_event(sentence: str) -> bool:
    """Whether a note's sentence names, undenied, an end-organ damage feature of the disease
    it names (``defining_event_words``), and no word saying the disease has none
    (``defining_event_denials``: "smouldering myeloma")."""
    if screening_phrase("defining_event_denials").search(sentence):
        return False
    return any(
        not cues_at(sentence, found.start(), found.end(), "negation")
        for found in screening_phrase("defining_event_words").finditer(sentence)
    )


# The words of a marker result (``context.json`` ``marker_results``) that are not the
# marker's name.
_RESULT_WORDS = frozenset(
    {"positive", "negative", "low", "mutation", "wild", "type", "exon", "deletion", "insertion"}
)


@functools.lru_cache(maxsize=256)
def _as_written(qualifier: str) -> str:
    """A marker result as clinicians write it in a reason ("ER-positive", "HER2-negative",
    "EGFR wild-type", "KRAS G12C"): the results are kept lowercase and unhyphenated to be
    matched, which a coordinator reads as "er positive"; other qualifiers stay as they are,
    and so do the consequences (``consequences``), one hyphenated word ("treatment-requiring")."""
    if qualifier not in load_context_rules().marker_results:
        return qualifier
    words = [w if w in _RESULT_WORDS or w == "triple" else w.upper() for w in qualifier.split()]
    written = " ".join(words).replace("wild type", "wild-type")
    return re.sub(r" (positive|negative|low)$", r"-\1", written)


def _lasting(fact: Fact) -> bool:
    """Whether a current fact began long enough ago to be chronic: "on haemodialysis 3x/wk
    since 2022", "asthma for 12 years" (not a past one, nor one whose start is not given)."""
    if fact.historical or fact.negated:
        return False
    if fact.duration_days is not None:
        since_days = fact.duration_days
    elif fact.start_year is not None:
        since_days = (_years_since(fact.start_year) - 0.5) * 365.25
    else:
        return False
    return since_days >= load_screening_rules().chronic_after_days


def _unread_class(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> str | None:
    """The class a criterion puts on its disease when no value of it was read: "Class III or
    IV congestive heart failure - New York Heart Association (NYHA)" asks for a NYHA class
    the parse missed, so heart failure alone does not meet it."""
    analytes = load_lexicon().analytes
    for implication in _classes_stating(constraint.concept):
        read = any(
            isinstance(c, Measurement) and c.analyte == implication.analyte for c, _ in pairs
        )
        if not read and _analyte_words(implication.analyte).search(criterion_text):
            return analytes[implication.analyte].display_in_sentence
    return None


@functools.cache
def _analyte_words(analyte_id: str) -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().analytes[analyte_id].names)


def _without_words(text: str, words: Sequence[str]) -> str:
    """ "Metastatic breast cancer" without its qualifier: "breast cancer"."""
    for word in words:
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])\s*", "", text, flags=re.I)
    return text.strip() or text


def _defining_measurement(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> Finding | None:
    """A value written right after a condition defines it: "Uncontrolled diabetes (HbA1c >
    10%)", "Hypertension of > 170/100 mm Hg"; so does a score's class right before it
    ("Child-Pugh class B or C cirrhosis", "NYHA class III-IV heart failure"). The patient
    has the condition as the criterion means it only when the value holds."""
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    before = criterion_text[: span[0]].rstrip()
    analytes = load_lexicon().analytes
    for measured, finding in pairs:
        if (
            isinstance(measured, Measurement)
            and measured.text
            and analytes[measured.analyte].kind == "score"
            and before.endswith(measured.text)
        ):
            return finding
    clause_end = _CLAUSE_END.search(criterion_text, span[1])
    after = criterion_text[span[1] : clause_end.start() if clause_end else len(criterion_text)]
    for measured, finding in pairs:
        if not isinstance(measured, Measurement) or not measured.text:
            continue
        position = after.find(measured.text)
        if position >= 0 and _DEFINITION_LINK.fullmatch(after[:position]):
            return finding
    return None


def _unread_threshold(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> bool:
    """ "Hypertension of > 170/100 mm Hg" with no analyte named: a threshold qualifies the
    condition, but no measurement was read for it."""
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    clause_end = _CLAUSE_END.search(criterion_text, span[1])
    after = criterion_text[span[1] : clause_end.start() if clause_end else len(criterion_text)]
    for stage in (c.stage for c, _ in pairs if isinstance(c, ConceptMention) and c.stage):
        after = after.replace(stage.text, " " * len(stage.text))  # "grade ≥2": a grade, read
    if constraint.category == "treatment" and (dose := criterion_dose_per_weight(after)):
        after = after.replace(dose.text, " " * len(dose.text))  # worked out from the note
    threshold = _THRESHOLD.search(after)
    if threshold is None:
        return False
    read = [c.text for c, _ in pairs if isinstance(c, Measurement)]
    read += [c.window.text for c, _ in pairs if isinstance(c, ConceptMention) and c.window]
    # A window's text is lowercase ("≤ 28 days from cycle 1 day 1"); the criterion's is not.
    rest = after[threshold.start() :].lower()
    return not any(text and text.lower() in rest for text in read)


_THRESHOLD = re.compile(
    r"(?:[<>≤≥]=?|\b(?:greater|more|less|higher|lower) than|\bat least|\bover|\babove|\bbelow)"
    r"\s*\d",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r";|\.(?=\s|$)|\n|\)")
_DEFINITION_LINK = re.compile(
    r"[\s(:,]*(?:(?:of|with|consistent with|defined as|as|i\.e\.|and|or|a|an|the|"
    r"[\w-]+ (?:level|value)s?)\s*)*"
    r"(?:[A-Za-z0-9-]+\s*){0,3}[\s(:,]*",
    re.IGNORECASE,
)


class _Definition(NamedTuple):
    """A qualified condition and the definition the criterion writes for it.

    ``term`` is the qualified condition as written ("Significant kidney disease"), ``text``
    the definition ("Glomerular Filtration Rate (GFR) < 60 ml/min"), ``start``/``end`` the
    definition's span in the criterion and ``term_start`` where the term's qualifier begins.
    """

    term: str
    text: str
    term_start: int
    start: int
    end: int


@functools.cache
def _definition_cue() -> re.Pattern[str]:
    """The cues that open a definition, longest first ("as defined by" before "defined by")."""
    cues = sorted(load_screening_rules().criterion_definition_cues, key=len, reverse=True)
    return re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(c).rstrip(r"\.") for c in cues) + r")\.?,?",
        re.IGNORECASE,
    )


@functools.cache
def _defined_qualifier_words() -> re.Pattern[str]:
    """A qualifier a definition can stand in for: the context stage's qualifier words and
    the screening rules' ``criterion_defined_qualifiers`` ("significant", "adequate")."""
    words = {*_qualifier_words(), *load_screening_rules().criterion_defined_qualifiers}
    return re.compile(
        "|".join(
            rf"(?<![\w-]){re.escape(w)}(?![\w-])" for w in sorted(words, key=len, reverse=True)
        ),
        re.IGNORECASE,
    )


# Where the words defining a condition stop: a sentence's end, or a semicolon.
_DEFINITION_END = re.compile(r";|\.(?=\s|$)")
# A definition with an exception ("unless precipitated by an inciting event") or a
# protocol's own list ("defined as follows:") is left to the rest of the judge.
_DEFINITION_LEFT = re.compile(r"\b(?:unless|except|excluding|other than|however|follows)\b", re.I)
# The words that only say which term is meant, once the qualifier is read.
_TERM_EDGES = " ,:(-"


@functools.lru_cache(maxsize=65_536)
def _criterion_definition(criterion_text: str) -> _Definition | None:
    """The one definition a criterion writes for a qualified condition, or None.

    "Significant kidney disease, defined as GFR < 60 ml/min", "Active hepatitis C infection
    (i.e., detectable HCV RNA)": the cue comes right after a condition with a qualifier
    a few words before it (in the same sentence part), and the definition runs to the
    bracket the cue is in, or to the end of the sentence. A criterion with two definitions
    ("active hepatitis B (defined as …) and hepatitis C (defined as …)") is left alone.
    """
    cues = list(_definition_cue().finditer(criterion_text))
    if len(cues) != 1:
        return None
    cue = cues[0]
    before = criterion_text[: cue.start()]
    boundary = max(before.rfind(";"), before.rfind(". "), cue.start() - 80)
    window = before[boundary + 1 :] if boundary >= 0 else before
    # The qualifier nearest the cue: "active infection or significant kidney disease,
    # defined as …" defines the kidney disease only.
    qualifier = next(reversed(list(_defined_qualifier_words().finditer(window))), None)
    if qualifier is None:
        return None
    term_start = len(before) - len(window) + qualifier.start()
    term = criterion_text[term_start : cue.start()].strip(_TERM_EDGES)
    opened = before.rstrip(_TERM_EDGES.replace("(", "")).endswith("(")
    if opened:
        # "(i.e., forced expiratory volume in one second [FEV1] < 1 liter)": the bracket the
        # cue is in closes the definition; a bracket inside it (an abbreviation) does not.
        depth, end = 1, -1
        for position in range(cue.end(), len(criterion_text)):
            depth += (criterion_text[position] == "(") - (criterion_text[position] == ")")
            if depth == 0:
                end = position
                break
        if end < 0:
            return None
    else:
        stop = _DEFINITION_END.search(criterion_text, cue.end())
        end = stop.start() if stop else len(criterion_text)
    text = criterion_text[cue.end() : end].strip(" ,:")
    if not text or not term or _DEFINITION_LEFT.search(text):
        return None
    return _Definition(term, text, term_start, cue.end(), end)


def _definition_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
) -> _Outcome | None:
    """A definition written in the criterion decides the qualifier it defines.

    "Significant kidney disease, defined as GFR < 60 ml/min": the note cannot state
    "significant", but it can give the GFR, which is what a coordinator checks. Met when
    the patient meets the definition (one of its parts for an "or" or a list of
    conditions, every one for an "and"); not met when the patient's facts contradict it;
    otherwise unknown, the reason naming what is missing and how the criterion defines the
    term. None when the criterion writes no such definition, when something it asks lies
    outside the qualified condition and its definition, or when the note says nothing of
    either (silence is then the rest of the judge's to weigh).
    """
    definition = _criterion_definition(criterion.text)
    if definition is None:
        return None
    lowered = criterion.text.lower()
    term: list[tuple[Constraint, Finding]] = []
    parts: list[tuple[int, Constraint, Finding]] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        text = constraint.text.lower()
        position = lowered.find(text, definition.start) if text else -1
        if position >= 0 and position + len(text) <= definition.end:
            parts.append((position, constraint, finding))
            continue
        position = lowered.find(text, definition.term_start) if text else -1
        inside_term = position >= 0 and position + len(text) <= definition.start
        if not (inside_term and isinstance(constraint, ConceptMention)):
            return None
        if constraint.negated or constraint.window is not None:
            # A window the parse put on the term ("significant cardiovascular disease,
            # defined as: myocardial infarction within 6 months") belongs to a part.
            return None
        term.append((constraint, finding))
    if not parts:
        return None
    parts.sort(key=lambda part: part[0])
    joiner = _definition_joiner(criterion.text, [(p, c) for p, c, _ in parts])
    if joiner is None:
        return None
    pairs = list(zip(constraints, findings, strict=True))
    judged = [_definition_part_finding(criterion.text, c, f, patient, pairs) for _, c, f in parts]
    holding = [f for f in judged if f.truth == "true"]
    failing = [f for f in judged if f.truth == "false"]
    first, *rest = definition.term.split(" ", 1)
    named = " ".join([first if first.isupper() else first.lower(), *rest])  # "hepatitis C"
    defines = f"the criterion defines {named} as {definition.text}"
    # Every part must have been read for a definition to hold by all its parts or to fail
    # by all of them: an unread word may be another alternative ("any known current
    # infectious … pathology of the liver or unexplained elevations in ALT …").
    every_part_read = not words_left_unread(definition.text, [])
    if joiner == "any" and holding:
        return "met", holding[0].evidence, f"{_joined_reasons(holding)}; {defines}"
    if joiner == "all" and failing:
        return "not_met", failing[0].evidence, f"{failing[0].reason}; {defines}"
    if joiner == "all" and len(holding) == len(judged):
        if not every_part_read:
            return None
        return "met", holding[0].evidence, f"{_joined_reasons(holding)}; {defines}"
    if joiner == "any" and len(failing) == len(judged):
        if not every_part_read:
            return None
        return "not_met", failing[0].evidence, f"{_joined_reasons(failing)}; {defines}"
    if not any(f.truth == "true" for _, f in term):
        return None
    missing = [f for f in judged if f.truth == "unknown"]
    evidence = next((f.evidence for _, f in term if f.evidence), None)
    return "unknown", evidence, f"{_joined_reasons(missing)}; {defines}"


def _definition_joiner(
    criterion_text: str, parts: Sequence[tuple[int, Constraint]]
) -> Literal["any", "all"] | None:
    """How a definition's parts combine: "FVC < 50% or DLCO < 40%" (any), "INR > 2 in the
    absence of anticoagulation" (all), "symptomatic coronary artery disease, unstable
    angina" (a list of conditions: any), "ANC ≥ 1.5 and platelets ≥ 100" (all). None when
    "and" and "or" are both written between parts, or a list mixes values and conditions:
    which binds which is not read, so the rest of the judge decides."""
    gaps = [
        criterion_text[start + len(first.text) : end]
        for (start, first), (end, _) in itertools.pairwise(parts)
    ]
    ors = [bool(_OR_WORD.search(gap)) for gap in gaps]
    ands = [bool(re.search(r"\band\b(?!/)", gap, re.IGNORECASE)) for gap in gaps]
    if any(ors) and any(a and not o for a, o in zip(ands, ors, strict=True)):
        return None
    if any(ors):
        return "any"
    if any(ands):
        return "all"
    conditions = [isinstance(c, ConceptMention) and not c.negated for _, c in parts]
    if all(conditions) and len(parts) > 1:
        return "any"
    if any(conditions) and len(parts) > 1:
        # "NYHA class III-IV heart failure, unstable angina": a value and conditions in one
        # list; whether the value is a part or a condition's class is not read here.
        return None
    return "all"


def _definition_part_finding(
    criterion_text: str,
    constraint: Constraint,
    finding: Finding,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> Finding:
    """One part of a definition against the patient's facts: a condition the patient has
    must carry the qualifiers the part writes on it ("NYHA class III-IV heart failure")."""
    if not isinstance(constraint, ConceptMention) or finding.truth != "true":
        return finding
    return _entailed(criterion_text, constraint, finding, patient, pairs)


def _listing(words: Sequence[str], joiner: str) -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"


def _is_hypothetical(criterion_text: str, constraint: Constraint) -> bool:
    """ "who desire pregnancy": a wish or plan, not a state the patient's facts could confirm."""
    if not isinstance(constraint, ConceptMention | Pregnancy):
        return False
    return _wished_for(criterion_text, constraint.text)


@functools.lru_cache(maxsize=65_536)
def _wished_for(criterion_text: str, mention: str) -> bool:
    span = _mention_span(criterion_text, mention)
    return span is not None and "hypothetical" in context_at(criterion_text, *span)


def _not_the_patients_own(criterion_text: str, constraint: Constraint) -> bool:
    """A condition a criterion names as a relative's ("at least one biological parent
    diagnosed as bipolar disorder", "family history of …") or as what may come ("at risk of
    developing osteoporosis", "the development of osteoporosis"): the patient's own condition
    neither meets nor rules it out, and a note rarely says; each of its mentions must be so."""
    if not (isinstance(constraint, ConceptMention) and constraint.category == "condition"):
        return False
    return _named_for_someone_else(criterion_text, constraint.text)


@functools.lru_cache(maxsize=65_536)
def _named_for_someone_else(criterion_text: str, mention: str) -> bool:
    patterns = _criterion_patterns()
    family_cues = patterns.family.search(criterion_text) is not None
    spans = _mention_spans(criterion_text, mention)
    return bool(spans) and all(
        patterns.outcome.search(criterion_text, _clause_start(criterion_text, start), start)
        or patterns.relative.search(criterion_text, _clause_start(criterion_text, start), start)
        or (family_cues and "family" in context_at(criterion_text, start, end))
        for start, end in spans
    )


def _let_off(criterion_text: str, constraint: Constraint) -> bool:
    """ "History of other active malignancy … with the exception of … basal cell skin cancer":
    in an exclusion, a condition named after an exception cue in its clause is let off, so
    a patient who has it is not excluded by it."""
    return isinstance(constraint, ConceptMention) and (
        _after_an_exception(criterion_text, constraint.text)
        or (
            constraint.concept in _malignancy_concepts()
            and _in_a_cancer_exception_list(criterion_text, constraint.text)
        )
    )


@functools.lru_cache(maxsize=65_536)
def _in_a_cancer_exception_list(criterion_text: str, mention: str) -> bool:
    """ "History of another primary malignancy except for a) …; b) Adequately treated
    nonmelanoma skin cancer …", "… of low potential risk for recurrence. Exceptions include
    adequately resected non-melanoma skin cancer": a cancer named after an exception cue
    that follows another cancer in the criterion is one the list lets off, though the list's
    parts ("a) …; b)") or its own sentence break its clause."""
    cue = _criterion_patterns().exception.search(criterion_text)
    spans = _mention_spans(criterion_text, mention)
    return (
        cue is not None
        and bool(spans)
        and all(start >= cue.end() for start, _ in spans)
        and any(
            found.concept in _malignancy_concepts()
            for found in find_concepts(criterion_text[: cue.start()])
        )
    )


@functools.lru_cache(maxsize=65_536)
def _after_an_exception(criterion_text: str, mention: str) -> bool:
    exception = _criterion_patterns().exception
    spans = _mention_spans(criterion_text, mention)
    return bool(spans) and all(
        exception.search(criterion_text, _clause_start(criterion_text, start), start) is not None
        for start, _ in spans
    )


def _mention_spans(text: str, mention: str) -> list[tuple[int, int]]:
    if not mention.strip():
        return []
    pattern = rf"(?<![\w-]){re.escape(mention)}(?![\w-])"
    return [found.span() for found in re.finditer(pattern, text, re.IGNORECASE)]


def _clause_start(text: str, position: int) -> int:
    bounds = clause_bounds(text)
    return bounds[clause_of(bounds, position)]


class _CriterionPatterns(NamedTuple):
    family: re.Pattern[str]
    exception: re.Pattern[str]
    exception_after: re.Pattern[str]
    outcome: re.Pattern[str]
    relative: re.Pattern[str]
    cap: re.Pattern[str]


@functools.cache
def _criterion_patterns() -> _CriterionPatterns:
    """What a criterion's words make of the condition after them (``screening_rules.json``):
    the patterns end where the condition begins."""
    rules = load_screening_rules()
    family_rules = [rule for rule in load_context_rules().rules if rule.category == "family"]
    return _CriterionPatterns(
        # Any of the context stage's family cues: only then is its family scope worth reading.
        family=phrase_pattern([phrase for rule in family_rules for phrase in rule.phrases]),
        exception=re.compile(
            rf"(?<!\w)(?:{phrase_alternation(rules.criterion_exception_cues)})\b", re.I
        ),
        exception_after=re.compile(
            # Right after the condition, or after a bracket, or opening a bracket that
            # follows the rest of its name: "Type II diabetes mellitus (DM) (excluding …".
            r"\s*\)?\s*(?:(?:[\w-]+\s+){0,2}(?:\([^()]*\)\s*)*\(\s*|(?:\([^()]*\)\s*)?)"
            rf"(?:{phrase_alternation(rules.criterion_exception_cues)})\s+",
            re.I,
        ),
        outcome=re.compile(
            rf"(?<!\w)(?:{phrase_alternation(rules.outcome_cues)})\s+(?:[\w'-]+\s+){{0,3}}$", re.I
        ),
        relative=re.compile(
            rf"(?<!\w)(?:{phrase_alternation(rules.criterion_relative_words)})\b[\w ,'-]{{0,60}}"
            r"\b(?:with|diagnosed|has|had|have|of|affected)\b[\w ,'()/-]{0,40}$",
            re.I,
        ),
        cap=re.compile(rf"(?<![\w<≤])(?:{phrase_alternation(rules.cap_words)})(?!\w)", re.I),
    )


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
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    clause = _cue_patterns()["population_clause"].match(criterion_text)
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
    return _cue_patterns()["population"].search(after) is not None or (
        _HEADING_AFTER.match(after) is not None
        and _PEOPLE_BEFORE.search(criterion_text, 0, span[0]) is not None
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
_PEOPLE_BEFORE = re.compile(
    r"\b(?:participants?|patients?|subjects?|people|persons?|individuals?|women|men|those)"
    r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# "Postmenopausal females and males", "Men and postmenopausal women": men are offered beside
# the women the menopausal state is asked of.
_MEN_BESIDE_WOMEN = re.compile(
    r"\b(?:men|males?)\s+(?:and|or|and/or)\s+(?:[\w-]+\s+){0,2}(?:women|females?)\b"
    r"|\b(?:women|females?)\s+(?:and|or|and/or)\s+(?:[\w-]+\s+){0,2}(?:men|males?)\b",
    re.IGNORECASE,
)


def _offered_as_a_man(criterion_text: str, patient: PatientFacts) -> bool:
    """Whether the patient is a man a criterion offers beside the women it asks a menopausal
    state of: the state is not asked of him."""
    return patient.sex == "male" and _says(_MEN_BESIDE_WOMEN, criterion_text)


def _menopause_finding(criterion_text: str, patient: PatientFacts) -> Finding | None:
    """Pre/postmenopausal from the patient's facts, else from a woman's age (general age bands)."""
    pre = _says(_PREMENOPAUSAL, criterion_text)
    post = _says(_POSTMENOPAUSAL, criterion_text)
    if pre == post:
        return None
    wanted = "postmenopausal" if post else "premenopausal"
    if _offered_as_a_man(criterion_text, patient):
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
    return _cue_patterns()["menopause_or_childbearing"].search(criterion_text) is not None


def _is_menopause(constraint: Constraint) -> bool:
    return isinstance(constraint, ConceptMention) and constraint.concept == "menopause"


def _judged_constraints(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> list[Constraint]:
    """The constraints the judge checks: a criterion's parse without what does not bear on it.

    Left out: pregnancy in a man, a threshold written for the other sex ("Hb < 130 g/L
    in men, < 120 g/L in women"), concepts that are only evidence, wished-for
    states in an inclusion, and in an exclusion a negated concept or the trial's
    own condition ("secondary osteoporosis" in an osteoporosis trial).
    """
    exclusion = criterion.section == "exclusion"
    constraints = [
        c
        for c in [*criterion.constraints, *_settled_vocabulary_constraints(criterion, patient)]
        if not (isinstance(c, Pregnancy) and patient.sex == "male")
        and not _for_the_other_sex(c, patient)
        and not (_is_menopause(c) and _offered_as_a_man(criterion.text, patient))
        and _judged_in(criterion.text, exclusion, c)
    ]
    if not exclusion and any(isinstance(c, ConceptMention) and c.negated for c in constraints):
        asked_for = _asked_for(criterion)
        constraints = [
            c
            for c in constraints
            if not (isinstance(c, ConceptMention) and c.negated and c.concept in asked_for)
        ]
    if _says(_both_sexes_words(), criterion.text):
        constraints = [c for c in constraints if not isinstance(c, SexRequirement)]
    # The trial's own condition goes after the phrase reading, so that it still names the
    # kind of its head noun: "Prior infection of Hepatitis B" in a hepatitis B vaccine trial
    # asks no other infection.
    return [
        c
        for c in _one_mention_per_phrase(criterion.text, constraints)
        if not (exclusion and isinstance(c, ConceptMention) and c.concept in trial_concepts)
    ]


def _judged_in(criterion_text: str, exclusion: bool, constraint: Constraint) -> bool:
    """Whether the criterion's own words leave ``constraint`` to be judged (what
    :func:`_judged_constraints` keeps whoever the patient is). A cohort screen asks it of
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
    span = _mention_span(criterion_text, constraint.text)
    return span is not None and either_way_at(criterion_text, *span)


@functools.lru_cache(maxsize=65_536)
def _judged_in_text(criterion_text: str, exclusion: bool, constraint: Constraint) -> bool:
    return _judged_in_words(criterion_text, exclusion, constraint)


def _judged_in_words(criterion_text: str, exclusion: bool, constraint: Constraint) -> bool:
    """Left out by the words alone: concepts that are only evidence, wished-for states in
    an inclusion, another's condition, an age of a subgroup, the study's own treatment, a
    time anchor, a sterilisation method, and in an exclusion what it lets off or negates."""
    c = constraint
    evidence_only = frozenset(load_screening_rules().evidence_only_concepts)
    return (
        not (isinstance(c, ConceptMention) and c.concept in evidence_only)
        and not (not exclusion and _is_hypothetical(criterion_text, c))
        and not _not_the_patients_own(criterion_text, c)
        and not _age_of_a_subgroup(criterion_text, c)
        and not _given_by_the_study(criterion_text, c)
        and not _a_time_anchor(criterion_text, c)
        and not _consent_dates_an_age(criterion_text, c)
        and not _either_way(criterion_text, c)
        and not _a_sterilisation_method(criterion_text, c)
        and not (exclusion and _let_off(criterion_text, c))
        and not (exclusion and isinstance(c, ConceptMention) and c.negated)
    )


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


def criterion_constraints(criterion: Criterion) -> list[Constraint]:
    """Everything the judge reads in a criterion: its parse and the diseases only MeSH names."""
    return [*criterion.constraints, *_vocabulary_constraints(criterion)]


def _settled_vocabulary_constraints(
    criterion: Criterion, patient: PatientFacts
) -> list[ConceptMention]:
    """The criterion's MeSH-read diseases that the patient's facts settle (has, or denies).

    The others would only be "no information" and are not judged, but for a disease a cause
    or a need is written after ("Severe thrombocytopenia due to … viral infection"): the
    cause is no criterion of its own (``_phrase_heads``), so the disease is what is unknown.
    Reading a criterion's MeSH terms costs about a millisecond, so criteria naming none of
    the patient's diseases (or their broader, or denied narrower, names) and no cause or
    need are not read at all.
    """
    phrases = _patient_disease_phrases(
        tuple((fact.descriptor_id, fact.negated) for fact in patient.vocabulary_facts)
    )
    cued = _writes_a_cause_or_need(criterion.text)
    if not (phrases and _names_any(criterion.text, phrases)) and not cued:
        return []
    return [
        constraint
        for constraint in _vocabulary_constraints(criterion)
        if _vocabulary_finding(constraint, patient, constraint.text) is not None
        or (cued and _qualified_after(criterion.text, constraint))
    ]


@functools.lru_cache(maxsize=65_536)
def _writes_a_cause_or_need(text: str) -> bool:
    """Whether a criterion writes a cue of a qualifier read after a condition (a cause or a
    need: ``unread_qualifiers``); remembered, as every patient asks it of every criterion."""
    return any(screening_phrase(q.cues).search(text) for q in _qualifiers_after())


@functools.cache
def _qualifiers_after() -> tuple[UnreadQualifier, ...]:
    return tuple(q for q in unread_qualifiers() if q.place == "after")


def _qualified_after(text: str, mention: ConceptMention) -> bool:
    """Whether a cause or a need (an unread qualifier written after) follows the mention."""
    span = _mention_span(text, mention.text)
    return span is not None and any(written_qualifier(q, text, span) for q in _qualifiers_after())


@functools.lru_cache(maxsize=1024)
def _patient_disease_phrases(facts: tuple[tuple[str, bool], ...]) -> frozenset[str]:
    """Every name a criterion could use for a disease these facts settle: a disease the
    patient has and the broader ones above it, a denied one and the narrower below it."""
    vocabulary = load_vocabulary()
    descriptors: set[str] = set()
    for descriptor_id, negated in facts:
        descriptors.add(descriptor_id)
        related = vocabulary.descendants if negated else vocabulary.ancestors
        descriptors.update(concept.id for concept in related(descriptor_id))
    return frozenset(name for d in descriptors for name in vocabulary.synonyms(d))


@functools.lru_cache(maxsize=65_536)
def _names_any(text: str, phrases: frozenset[str]) -> bool:
    """Whether a phrase (or its plural) of ``phrases`` is among the words of ``text``."""
    words = normalize_phrase(text).split()
    last_words = _last_words(phrases)
    for end, word in enumerate(words, start=1):
        if word not in last_words and word[:-1] not in last_words:
            continue
        for start in range(max(0, end - MAX_PHRASE_WORDS), end):
            phrase = " ".join(words[start:end])
            if phrase in phrases or (phrase.endswith("s") and phrase[:-1] in phrases):
                return True
    return False


@functools.lru_cache(maxsize=1024)
def _last_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.rsplit(" ", 1)[-1] for phrase in phrases)


def _vocabulary_constraints(criterion: Criterion) -> tuple[ConceptMention, ...]:
    """The diseases a criterion names that the lexicon did not read, as MeSH concepts.

    The lexicon names a few hundred conditions; MeSH names thousands. A criterion
    about one it does not know ("Kawasaki disease", "pheochromocytoma") would
    otherwise have nothing to check, and a patient with that disease would not be
    excluded by it. Each becomes a condition ``mesh:<descriptor>`` the judge
    compares on the MeSH tree (:func:`_vocabulary_finding`): the note's disease
    or a narrower one meets it. Words a constraint already reads are left alone.
    """
    return _vocabulary_constraints_of(
        criterion.text, tuple(constraint.text for constraint in criterion.constraints)
    )


@functools.lru_cache(maxsize=65_536)
def _vocabulary_constraints_of(
    text: str, read_texts: tuple[str, ...]
) -> tuple[ConceptMention, ...]:
    if _TIME_WINDOW.search(text):
        return ()  # "… within the past 3 months": the lexicon's dated facts are needed
    lowered = text.lower()
    taken = [
        found.span()
        for read in read_texts
        if read
        for found in re.finditer(re.escape(read.lower()), lowered)
    ]
    found: list[ConceptMention] = []
    vocabulary = load_vocabulary()
    for mention in disease_mentions(text):
        if any(start < mention.end and mention.start < end for start, end in taken):
            continue
        if {"family", "hypothetical"} & mention.context:
            continue
        if names_its_drugs(text, mention.end, mention.start):
            continue  # "glaucoma medication": the drugs for the disease, not the disease
        concept = vocabulary.concept(mention.descriptor_id)
        if concept is None or all(number.count(".") < 2 for number in concept.tree_numbers):
            # A whole category or organ-system heading ("trauma": Wounds and Injuries; "heart
            # diseases", "skin disease") is how criteria speak loosely; it names no disease.
            continue
        # "Peripheral neuropathy Grade >1": the grade is read onto the disease as the parse
        # reads one onto a lexicon condition, and the judge compares it with the note's.
        stage = attached_stage(text, mention.start, mention.end)
        if _modified_by_unread_word(text[: mention.start], graded=stage is not None):
            continue
        found.append(
            ConceptMention(
                f"{VOCABULARY_CONCEPT_PREFIX}{mention.descriptor_id}",
                "condition",
                mention.words,
                negated="negation" in mention.context,
                historical="history" in mention.context,
                required_treatments=required_treatments(text, mention.end, mention.start),
                stage=stage,
            )
        )
    return tuple(found)


# A time window or duration ("within the past 3 months", "for ≥ 2 weeks", "last year",
# "6 months prior to"), which a disease read only through MeSH cannot be dated against.
_TIME_WINDOW = re.compile(
    r"(?:\b(?:within|past|last|previous|preceding|during|over|for|since|lasting)\b\W+"
    r"(?:\w+\W+){0,3}?|[<>≤≥]=?\s*)(?:\d+(?:\.\d+)?\s*)?(?:days?|weeks?|months?|years?|hours?)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:days?|weeks?|months?|years?)\s+(?:ago|prior|before|of)\b",
    re.IGNORECASE,
)


_GRADE_BEFORE = re.compile(r"\d\s*$")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'-]*)[ \t-]+$")


def _modified_by_unread_word(text_before: str, *, graded: bool = False) -> bool:
    """Whether the word (or grade) right before a mention narrows it in a way nothing reads.

    "Brainstem glioma", "gastroesophageal junction adenocarcinoma": MeSH finds
    glioma and adenocarcinoma, but the criterion asks for a narrower disease, so
    a patient with any glioma or adenocarcinoma does not entail it. Qualifier
    and filler words ("severe", "history of") are read elsewhere and do not count.
    """
    if _GRADE_BEFORE.search(text_before) and not graded:
        return True  # "Grade ≥2 …" that ``disease_stage`` did not read onto the disease
    word = _WORD_BEFORE.search(text_before)
    return word is not None and _unread_word(word.group(1))


@functools.lru_cache(maxsize=65_536)
def _unread_word(word: str) -> bool:
    return bool(words_left_unread(word, []))


# "anti-cancer treatment", "anti-diabetic drugs": the disease a treatment acts against
# (but "anti-HCV positive" is an antibody test that names the infection).
_ANTI_BEFORE = re.compile(r"\banti[- ]?$")
_TREATMENT_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+)?(?:treatment|therap|drug|medicat|agent|regimen|chemotherap)"
)

# "Known allergies to clopidogrel, heparin or abciximab", "contraindication for antiplatelet
# treatment": the drug is what the patient must not react to, not one they must not take.
_INTOLERANCE_BEFORE = re.compile(
    r"\b(?:allerg(?:y|ies|ic)|hypersensitivit(?:y|ies)|intoleran(?:ce|t)|"
    r"contra-?indications?|contra-?indicated)\s+(?:\w+\s+){0,2}?(?:to|for|of|with|against)\b"
    r"[^.;:]*$"
)
# "tumor necrosis factor (TNF) antagonist", "tumour markers": a molecule or a test, not a disease.
_MOLECULE_AFTER = re.compile(r"\s*(?:necrosis\s+factor|markers?\b|suppressor|mutational\s+burden)")


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
    if not _writes_a_cause_or_need(text):
        return []
    return [
        c
        for c in (*concepts, *_vocabulary_constraints_of(text, tuple(c.text for c in concepts)))
        if not _named_for_someone_else(text, c.text)
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
        and (other_span := _mention_span(lowered, other.text)) is not None
        and other_span[0] > span[1]
        and not lowered[span[1] : other_span[0]].strip(" -")
        for other in (*concepts, *_vocabulary_constraints_of(text, read))
    )


def _cue_in_part(lowered: str, start: int, field: str) -> re.Match[str] | None:
    """The first cue of a phrase list of the screening rules (``field``) before ``start``, in
    its sentence part: after the last ".", ";" or ":" before it."""
    part = max(lowered.rfind(mark, 0, start) for mark in ".;:") + 1
    return screening_phrase(field).search(lowered, part, start)


def _before_cue(lowered: str, cue_start: int, other: ConceptMention) -> bool:
    """Whether a mention ends before a cue, in the same sentence part."""
    span = _mention_span(lowered, other.text)
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
            for _, end in _mention_spans(lowered, other.text)
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
    spans = _mention_spans(text, mention.text)
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


def _one_mention_per_phrase(text: str, constraints: list[Constraint]) -> list[Constraint]:
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
    qualifiers = {q for c in concepts for q in _criterion_qualifiers(text, c)[0]}
    lowered = text.lower()
    earlier = _written_before_cues(text, concepts)

    def dependent(mention: ConceptMention) -> bool:
        span = _mention_span(text, mention.text)
        if span is None:
            return False
        treated_against = _ANTI_BEFORE.search(lowered, 0, span[0]) and _TREATMENT_AFTER.match(
            lowered, span[1]
        )
        return (
            bool(treated_against)
            or _in_proper_name(text, span)
            or _depends_on_earlier(lowered, span[0], mention, earlier)
            or _cause_of_earlier(lowered, span[0], mention, earlier)
            or _indication_of_earlier(lowered, span[0], mention, concepts)
            or _only_an_indication_where_written(text, mention, concepts)
            or (
                mention.category in ("treatment", "procedure")
                and _INTOLERANCE_BEFORE.search(lowered, 0, span[0]) is not None
            )
            or _MOLECULE_AFTER.match(lowered, span[1]) is not None
        )

    dependents = [c for c in concepts if dependent(c)]
    heads = [c for c in concepts if not any(c is d for d in dependents)]

    def absorbed(mention: ConceptMention) -> bool:
        if any(mention is d for d in dependents) or mention.text.lower() in qualifiers:
            return True
        span = _mention_span(text, mention.text)
        if span is None:
            return False
        if _setting_of_next(text, span, mention, concepts):
            return True
        for rank, other in enumerate(heads):
            if other is mention or mention.concept not in ancestors.get(other.concept, ()):
                continue
            other_span = _mention_span(text, other.text)
            if other_span is None:
                continue
            if other_span == span:
                # The same words twice ("Cirrhosis, cirrhosis of liver"): the first stays.
                if rank < next(i for i, head in enumerate(heads) if head is mention):
                    return True
            elif (
                (other_span[1] <= span[0] and not lowered[other_span[1] : span[0]].strip())
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


# The bracket of tests that defines an infection, between it and its head noun.
_DEFINING_BRACKET = re.compile(r"\s*\((?:[^()]|\([^()]*\))*\)\s*")
# "Prior infection of Hepatitis B", "infection with HIV": the words between a head noun and
# the narrower concept after it that says which one it is.
_NAMED_KIND_LINK = re.compile(r"\s+(?:of|with|by|caused by|due to)\s+")


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
        narrower = c.category == "condition" and _narrower_by_words_around(c, text) is not None
        # "Covid19 infection or … suggestive of Covid-19 infection with recent contact": the
        # mention a companion cue qualifies is another question than the bare one.
        companion = bool(_companions(text, c.text, mentions))
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


# "Note: for HCC, AST … ≤ 5 x ULN", "… will be used for HCC patients", "with the following
# exception: Patients with known Gilbert disease or HCC: serum bilirubin ≤3 x ULN".
_FOR_BEFORE = re.compile(
    r"\bfor\s+(?:(?:patients|participants|subjects|those)\s+with\s+(?:known\s+)?)?$", re.I
)
_PEOPLE_WITH_BEFORE = re.compile(r"\b(?:patients|participants|subjects)\s+with\b[^.;:]*$", re.I)


def _scopes_another_cancer(
    criterion: Criterion, constraint: Constraint, patient: PatientFacts
) -> bool:
    """Whether an inclusion names a cancer only to say whom a limit of its own is for
    ("Serum albumin ≥ 25 g/L. Cut-off of ≥ 28 g/L will be used for HCC patients") and the
    patient's cancer is another: the limit written for that cancer is not about the patient,
    nor is that cancer asked of them."""
    if not (
        isinstance(constraint, ConceptMention)
        and constraint.concept in _malignancy_concepts()
        and _cancer_sentences(patient)
        and not patient.concept_facts(constraint.concept)[0]
    ):
        return False
    span = _mention_span(criterion.text, constraint.text)
    if span is None:
        return False
    before = criterion.text[: span[0]]
    return _FOR_BEFORE.search(before) is not None or (
        criterion.text[span[1] :].lstrip().startswith(":")
        and _PEOPLE_WITH_BEFORE.search(before) is not None
    )


def _own_status(
    criterion: Criterion,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
    record_is_complete: bool,
    silence_rules: frozenset[str] | None,
    waivers: frozenset[str] | None,
) -> _Outcome | None:
    """The status from a criterion's own text and constraints (None when it has none)."""
    settled = _settled_by_text(criterion, patient) or _mixed_histology_status(criterion, patient)
    if settled is not None:
        return settled
    constraints = _judged_constraints(criterion, patient, trial_concepts)
    if criterion.section == "inclusion":
        constraints = [c for c in constraints if not _scopes_another_cancer(criterion, c, patient)]
    read = constraints
    whole_patient = patient
    # "Good general health" asks of other illness: the trial's own is why the patient came.
    # An exclusion sets aside only a condition the lexicon reads, whose kinds it knows apart
    # (:func:`_asks_a_subtype_apart`): a prediabetes trial known by MeSH alone asks of
    # diabetes, which the patient's prediabetes rules out.
    set_aside = (
        trial_concepts
        if any(isinstance(c, HealthyVolunteers) for c in constraints)
        else _read_by_lexicon(trial_concepts)
        if criterion.section == "exclusion"
        and not _asks_a_subtype_apart(constraints, trial_concepts)
        else frozenset()
    )
    if set_aside:
        patient = _without_trial_condition(patient, set_aside, _named_apart(constraints))
    if criterion.section == "exclusion" and patient.fitness_evidence:
        # A fit patient with the trial's condition is no healthy volunteer an exclusion names.
        patient = msgspec.structs.replace(patient, fitness_evidence="")
    patient = _without_entailed_by_written_limits(patient, constraints)
    if patient.consent_evidence:
        # The patient's consent settles the consent; the rest is judged.
        constraints = [
            c
            for c in constraints
            if not (isinstance(c, ConceptMention) and c.concept == _CONSENT_CONCEPT)
        ]
    menopause = _menopause_finding(criterion.text, patient)
    if menopause is not None:
        constraints = [c for c in constraints if not _is_menopause(c)]
    # A whole note's history settles only an exclusion that reads something (waiver
    # unmentioned_history); a whole record settles any (unmentioned_exclusion).
    silence_settles = criterion.section == "exclusion" and (
        _waives("unmentioned_exclusion", record_is_complete, waivers)
        or (bool(constraints) and _waives("unmentioned_history", record_is_complete, waivers))
    )
    if not constraints and menopause is None and not silence_settles:
        if _says(_both_sexes_words(), criterion.text) and _says_only_both_sexes(criterion.text):
            return _both_sexes_status(criterion, patient)
        return None
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
            _trials_own_operation_finding(c, f, criterion.text, whole_patient, trial_concepts)
            for c, f in zip(constraints, findings, strict=True)
        ]
    constraints, findings = _vocabulary_readings_read_in_full(criterion, constraints, findings)
    open_kinds = _open_kinds(list(zip(constraints, findings, strict=True)), patient)
    if open_kinds is not None:
        findings = [
            open_kinds[1] if id(c) in open_kinds[0] else f
            for c, f in zip(constraints, findings, strict=True)
        ]
    if not constraints and menopause is None and not silence_settles:
        return None
    if criterion.section == "inclusion" and _waives(
        "short_life_expectancy", record_is_complete, waivers
    ):
        findings = [
            _life_expectancy_by_silence(c, f, patient)
            for c, f in zip(constraints, findings, strict=True)
        ]
    if criterion.section == "inclusion":
        findings = [
            _of_a_cancer_class(c, f, patient, criterion.text)
            for c, f in zip(constraints, findings, strict=True)
        ]
    constraints, findings = merge_age_alternatives(constraints, findings, criterion.text)
    constraints, findings = _merge_raised_pairs(constraints, findings)
    defined = _definition_status(criterion, patient, constraints, findings)
    if defined is not None:
        return defined
    if criterion.section == "inclusion":
        # Which waiver covers the unread words is worked out only for a whole record.
        waived = record_is_complete and _waives(
            _unread_words_waiver(criterion.text, read), record_is_complete, waivers
        )
        scored = None
        if menopause is None:
            scored = _score_alternatives_status(criterion, patient, constraints, findings, waived)
        if scored is not None:
            return scored
        return _with_prior_lines(
            criterion, patient, constraints, findings, menopause, waived, _inclusion_status
        )
    too_few_or_many = _prior_lines_failing(constraints, findings)
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
        untold = _prior_lines_failing(constraints, findings, "unknown")
        if untold is not None:
            return untold
    return outcome


def _trials_own_operation_finding(
    constraint: Constraint,
    finding: Finding,
    criterion_text: str,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
) -> Finding:
    """ "Step 1 registration within 180 days of the initial resection" asks of the trial's
    own operation, the one done for the disease it studies: a note's named operation
    ("20th day post-left mastectomy") meets it only when the note names that disease, for a
    mastectomy is no meningioma's resection. Otherwise it is not known (the note may leave
    out what the operation was for), never met; an unknown one says so, not that the
    criterion asks of no past surgery."""
    if (
        finding.truth == "false"
        or not isinstance(constraint, ConceptMention)
        or constraint.category != "procedure"
    ):
        return finding
    operation = trials_own_operation(criterion_text)
    if operation is None:
        return finding
    present, _ = patient.concept_facts(constraint.concept)
    if not any(f.operations and f.evidence == finding.evidence for f in present):
        return finding
    if _names_trial_disease(patient, trial_concepts):
        return finding
    return Finding(
        "unknown",
        finding.evidence,
        f"the criterion asks of the trial's own operation ({operation}); the note names "
        "an operation but not the disease the trial studies",
    )


def _names_trial_disease(patient: PatientFacts, trial_concepts: frozenset[str]) -> bool:
    """Whether the note names, undenied, a disease the trial studies (a trial's title may
    also name its treatment: "… Removed by Surgery", which is no disease)."""
    concepts = load_lexicon().concepts
    diseases = frozenset(
        c
        for c in trial_concepts
        if (found := concepts.get(c)) is None or found.category == "condition"
    )
    # A title's disease the lexicon lacks is a MeSH descriptor ("mesh:D008579", Meningioma).
    descriptors = {c.removeprefix("mesh:") for c in diseases if c.startswith("mesh:")}
    return any(
        not fact.negated
        and fact.concept is not None
        and (found := concepts.get(fact.concept)) is not None
        and found.category == "condition"
        and (
            _as_trial_condition(fact.concept, diseases)[0]
            or any(
                _is_a(own, d)
                for own in _criterion_descriptors(fact.concept, "")
                for d in descriptors
            )
        )
        for fact in patient.facts
    ) or any(
        not fact.negated
        and (
            _is_trial_condition(fact, diseases)
            or any(_is_a(fact.descriptor_id, d) for d in descriptors)
        )
        for fact in patient.vocabulary_facts
    )


def _mixed_histology_status(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """ "Mixed small cell and non-small cell lung cancer histology": one tumour of two kinds
    that otherwise rule each other out (``data/disease_relations.json``). A note that names
    one of them as the patient's, without calling it mixed, names a pure tumour: not met."""
    kinds = _mixed_kinds(criterion.text)
    if kinds is None:
        return None
    relations = load_disease_relations()
    for fact in patient.vocabulary_facts:
        if fact.negated or _MIXED.search(fact.evidence):
            continue
        for has, other in (kinds, kinds[::-1]):
            if _is_a(fact.descriptor_id, has[0]) and relations.excludes(has[0], other[0]):
                reason = f"the patient's tumour is {fact.words}, not mixed with {other[1]}"
                return "not_met", fact.evidence, reason
    return None


@functools.lru_cache(maxsize=65_536)
def _mixed_kinds(criterion_text: str) -> tuple[tuple[str, str], tuple[str, str]] | None:
    """The two diseases of "mixed small cell and non-small cell lung cancer" (the first
    sharing the second's head words), as (descriptor, words) pairs; None without "mixed"."""
    mixed = _MIXED.search(criterion_text)
    if mixed is None:
        return None
    text = criterion_text[mixed.end() :]
    vocabulary = load_vocabulary()
    for mention in disease_mentions(text):
        first = text[: mention.start]
        joined = _AND_BEFORE.fullmatch(first)
        if joined is None:
            continue
        words = mention.words.split()
        for shared in range(1, len(words)):
            phrase = f"{joined.group(1)} {' '.join(words[-shared:])}"
            readings = vocabulary.lookup(phrase)
            if readings and readings[0].kind not in ("abbreviation", "spelling"):
                return (readings[0].concept.id, phrase), (mention.descriptor_id, mention.words)
    return None


_MIXED = re.compile(r"\b(?:mixed|combined)\b", re.IGNORECASE)
_AND_BEFORE = re.compile(r"\s*([\w -]+?)\s+(?:and|/)\s+", re.IGNORECASE)


@functools.cache
def _below_mesh(concept: str) -> bool:
    """Whether a lexicon concept is, or lies under, a subtype MeSH has no descriptor for
    (``disjoint_concepts``): the descriptor its words read to is the broader disease ("nodular
    lymphocyte predominant Hodgkin lymphoma" is Hodgkin Disease; ``below_mesh``: "LV diastolic
    dysfunction" is Ventricular Dysfunction, Left), which a patient's broader diagnosis would
    meet."""
    relations = load_disease_relations()
    members = {m for group in relations.disjoint_concepts for m in group}
    members.update(relations.below_mesh)
    return bool(members & load_lexicon().ancestors.get(concept, frozenset({concept})))


def _asks_a_subtype_apart(
    constraints: Sequence[Constraint], trial_concepts: frozenset[str]
) -> bool:
    """Whether an exclusion asks only for subtypes of the trial's condition that rule each
    other out (``disjoint_concepts``) and that the trial does not study: a Hodgkin lymphoma
    trial's "Nodular Lymphocyte Predominant HL" is answered by the patient's own lymphoma
    (classical or not), so the trial's condition is kept for it. So is a narrower kind of a
    benign condition the trial studies: a type 1 diabetes trial's "LADA" asks which kind of
    type 1 diabetes the patient has, a prediabetes trial's "type 1 or type 2 diabetes" whether
    the patient's diabetes is one (cancers keep their own rules: a named subtype there is
    often the trial cancer's spread or histology)."""
    groups = load_disease_relations().disjoint_concepts
    members = {member for group in groups for member in group}
    ancestors = load_lexicon().ancestors
    asked = [c for c in constraints if isinstance(c, ConceptMention)]
    return bool(asked) and all(
        c.category == "condition"
        and (
            any(
                m in members and m not in trial_concepts
                for m in ancestors.get(c.concept, frozenset({c.concept}))
            )
            or _narrower_benign_kind(c.concept, trial_concepts)
        )
        for c in asked
    )


def _narrower_benign_kind(concept: str, trial_concepts: frozenset[str]) -> bool:
    """A kind filed directly under a condition the trial studies, and no cancer. Only a
    direct kind: a cardiovascular trial's "myocardial infarction" (filed under coronary
    artery disease) is an event of the studied disease, which its exclusion times."""
    found = load_lexicon().concepts.get(concept)
    return (
        found is not None
        and concept not in trial_concepts
        and bool(set(found.parents) & trial_concepts)
        and concept not in _malignancy_concepts()
    )


def _named_apart(constraints: Sequence[Constraint]) -> frozenset[str]:
    """The conditions an exclusion names, each of which its facts are kept for."""
    return frozenset(c.concept for c in constraints if isinstance(c, ConceptMention))


def _without_trial_condition(
    patient: PatientFacts, trial_concepts: frozenset[str], named: frozenset[str] = frozenset()
) -> PatientFacts:
    """The patient's facts less the trial's own condition, for judging an exclusion.

    A stroke trial's "pre-existing neurological disorders" is not met by the stroke the
    patient is enrolled for; an exclusion naming the condition itself is already left out
    (:func:`_judged_constraints`), and a broader one must not bring it back. A narrower
    cancer the exclusion names (``named``) keeps its facts: a lung cancer trial's
    "Symptomatic brain metastases" asks about the spread its own cancer may have. Only a
    cancer: an atherosclerosis trial's myocardial infarction stays its own condition.
    """
    # A broader word of the same sentence names the same disease ("invasive ductal carcinoma
    # of the breast" is the lexicon's cancer): a malignancy exclusion of a breast-cancer trial
    # is about other cancers.
    vocabulary_facts: list[VocabularyFact] = []
    trial_sentences: set[str] = set()
    for read in patient.vocabulary_facts:
        if read.negated or not _is_trial_condition(read, trial_concepts):
            vocabulary_facts.append(read)
        else:
            trial_sentences.add(read.evidence)
    facts = [
        fact
        for fact in patient.facts
        if fact.concept is None
        or fact.negated
        or not (
            (kind := _as_trial_condition(fact.concept, trial_concepts))[0]
            or (kind[1] and fact.evidence in trial_sentences)
        )
        or (
            fact.concept in named
            and fact.concept in _malignancy_concepts()
            and fact.concept not in trial_concepts
            and not kind[1]
        )
    ]
    # MeSH reads only the histology of "gastric adenocarcinoma" (Adenocarcinoma); inside the
    # name of the trial's own condition the lexicon read there, it is that same disease.
    # By sentence, so a note repeating a sentence asks each of its names once, not once a pair.
    kept = {id(fact) for fact in facts}
    own: dict[str, set[str]] = {}
    for fact in patient.facts:
        if fact.concept is not None and id(fact) not in kept:
            own.setdefault(fact.evidence, set()).add(fact.concept)
    vocabulary_facts = [
        fact
        for fact in vocabulary_facts
        if fact.negated
        or not any(
            _inside_a_name(fact.words, concept, fact.evidence)
            for concept in own.get(fact.evidence, ())
        )
    ]
    if len(facts) == len(patient.facts) and len(vocabulary_facts) == len(patient.vocabulary_facts):
        return patient
    return msgspec.structs.replace(patient, facts=facts, vocabulary_facts=vocabulary_facts)


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


@functools.lru_cache(maxsize=65_536)
def _inside_a_name(words: str, concept: str, sentence: str) -> bool:
    """Whether ``words`` are part of one of the concept's names that ``sentence`` writes
    ("adenocarcinoma" in "Histologically proven gastric adenocarcinoma of the antrum")."""
    lowered = sentence.lower()
    inner = re.compile(rf"\b{re.escape(words.lower())}\b")
    return any(
        inner.search(name) is not None and re.search(rf"\b{re.escape(name)}\b", lowered)
        for name in load_lexicon().concepts[concept].names
    )


@functools.lru_cache(maxsize=65_536)
def _as_trial_condition(concept: str, trial_concepts: frozenset[str]) -> tuple[bool, bool]:
    """Whether a patient's concept is the trial's own condition (or lies under it), and
    whether it is a broader name of it (the trial's own only in the sentence that names the
    trial's disease); neither for another kind (:func:`_another_kind`). The same for every
    exclusion and every patient screened against the trial, so worked out once."""
    if _another_kind(concept, trial_concepts):
        return False, False
    ancestors = load_lexicon().ancestors
    own = bool(ancestors.get(concept, frozenset({concept})) & trial_concepts)
    broader = any(concept in ancestors.get(kind, ()) for kind in trial_concepts)
    return own, broader


def _another_kind(concept: str, trial_concepts: frozenset[str]) -> bool:
    """Whether a condition is another kind of the trial's broader condition than the kind it
    studies: a type 2 diabetes trial is indexed also under diabetes (its MeSH parent), and
    a patient's type 1 diabetes is not its own condition but one its exclusions ask about.
    Not a cancer: "brain metastases" in a lung cancer trial may be the trial cancer's spread."""
    ancestors = load_lexicon().ancestors
    above = ancestors.get(concept, frozenset({concept}))
    shared = above & trial_concepts
    return (
        concept not in trial_concepts
        and bool(shared)
        and concept not in _malignancy_concepts()
        and any(
            kind not in above and ancestors.get(kind, frozenset()) & shared
            for kind in trial_concepts
        )
    )


def _is_trial_condition(fact: VocabularyFact, trial_concepts: frozenset[str]) -> bool:
    """Whether a disease the note names is the trial's condition or a narrower one."""
    return _names_concept_of(fact.words, trial_concepts) or _under_trial_descriptors(
        fact.descriptor_id, trial_concepts
    )


@functools.lru_cache(maxsize=65_536)
def _under_trial_descriptors(descriptor_id: str, trial_concepts: frozenset[str]) -> bool:
    """Whether a MeSH disease is one of the trial's conditions' own descriptors or lies
    under one (asked of every patient's disease for every exclusion: kept)."""
    return any(
        _is_a(descriptor_id, descriptor)
        for concept in trial_concepts
        for descriptor in _criterion_descriptors(concept, "")
    )


@functools.lru_cache(maxsize=65_536)
def _names_concept_of(words: str, concepts: frozenset[str]) -> bool:
    """Whether the lexicon reads ``words`` as one of ``concepts`` or a narrower one."""
    ancestors = load_lexicon().ancestors
    return any(
        ancestors.get(found.concept, frozenset({found.concept})) & concepts
        for found in find_concepts(words)
    )


def _vocabulary_readings_read_in_full(
    criterion: Criterion, constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> tuple[list[Constraint], list[Finding]]:
    """In an inclusion, a disease read through MeSH that the patient has counts only
    when nothing else in the criterion is left unread (:func:`_read_fully`): it adds
    what the lexicon cannot read, and must not take away what it can."""
    kept: list[tuple[Constraint, Finding]] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        if (
            _read_by_vocabulary(constraint)
            and finding.truth == "true"
            and criterion.section == "inclusion"
            and not _read_fully(criterion, constraints, unread_words_waived=False)
        ):
            continue
        kept.append((constraint, finding))
    return [c for c, _ in kept], [f for _, f in kept]


def _read_by_vocabulary(constraint: Constraint) -> bool:
    return isinstance(constraint, ConceptMention) and constraint.concept.startswith(
        VOCABULARY_CONCEPT_PREFIX
    )


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
        f"{_threshold_text(constraint)}",
    )


def _says_only_both_sexes(text: str) -> bool:
    """ "Male and female" / "Both genders are eligible": nothing else to check."""
    rest = _both_sexes_words().sub(" ", text)
    fillers = load_lexicon().filler_words | {"eligible", "study", "included", "accepted"}
    return all(token.text.lower() in fillers for token in tokenize(rest))


def _both_sexes_status(criterion: Criterion, patient: PatientFacts) -> _Outcome | None:
    """ "Male and female" in an inclusion criterion is met by anyone whose sex is known."""
    if criterion.section != "inclusion":
        return None
    if patient.sex is None:
        return "unknown", None, "sex not given; the study takes both sexes"
    return "met", patient.sex_evidence, f"patient is {patient.sex}; the study takes both sexes"


def merge_age_alternatives(
    constraints: Sequence[Constraint], findings: Sequence[Finding], criterion_text: str
) -> tuple[list[Constraint], list[Finding]]:
    """Several ages in one criterion are alternatives (age groups, "and/or children aged…").

    One age that holds is enough; the age fails only when every one fails. A lower bound
    and an upper bound above it are no alternatives but the two ends of one range ("aged
    18 years or older. … and younger than 75", read apart): either alone holds for every
    age, so both must hold. (An upper bound below the lower, "< 18 or > 70", stays an
    alternative: both together hold for no age.)
    """
    ages = [
        index
        for index, constraint in enumerate(constraints)
        if isinstance(constraint, Measurement)
        and constraint.analyte == "age"
        and not _is_gestational_age(constraint, criterion_text)
    ]
    if len(ages) < 2:
        return list(constraints), list(findings)
    age_findings = [findings[index] for index in ages]
    if _range_ends([constraints[index] for index in ages]):
        merged = next((f for f in age_findings if f.truth == "false"), None)
    else:
        merged = next((f for f in age_findings if f.truth == "true"), None)
    if merged is None:
        merged = next((f for f in age_findings if f.truth == "unknown"), age_findings[0])
    kept = [index for index in range(len(constraints)) if index not in ages[1:]]
    merged_findings = [merged if index == ages[0] else findings[index] for index in kept]
    return [constraints[index] for index in kept], merged_findings


def _range_ends(ages: Sequence[Constraint]) -> bool:
    """Whether two ages are one lower and one upper bound, the lower below the upper."""
    if len(ages) != 2:
        return False
    lower = [a for a in ages if isinstance(a, Measurement) and a.comparator in (">", ">=")]
    upper = [a for a in ages if isinstance(a, Measurement) and a.comparator in ("<", "<=")]
    if len(lower) != 1 or len(upper) != 1:
        return False
    low, high = lower[0].canonical_value, upper[0].canonical_value
    return low is not None and high is not None and low < high


def _merge_raised_pairs(
    constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> tuple[list[Constraint], list[Finding]]:
    """Lower bounds written as one pair are alternatives: "BP > 140/90" (systolic > 140,
    diastolic > 90, one written value) holds when either reading is above its threshold,
    as raised pressure is defined. Upper bounds of a pair ("BP < 140/90") both must hold,
    as all of an inclusion's measurements must; an exclusion takes any constraint anyway.
    """
    partner: dict[int, int] = {}
    for index, constraint in enumerate(constraints):
        if not (isinstance(constraint, Measurement) and constraint.comparator in (">", ">=")):
            continue
        for earlier in range(index):
            other = constraints[earlier]
            if (
                earlier not in partner
                and isinstance(other, Measurement)
                and other.text == constraint.text
                and other.comparator == constraint.comparator
                and other.analyte != constraint.analyte
                and other.analyte in load_lexicon().pair_partners.get(constraint.analyte, ())
            ):
                partner[earlier] = index
                break
    if not partner:
        return list(constraints), list(findings)
    merged = list(findings)
    for first, second in partner.items():
        pair = (findings[first], findings[second])
        holding = next((f for f in pair if f.truth == "true"), None)
        unknown = next((f for f in pair if f.truth == "unknown"), None)
        # Neither holds: the reason names both readings.
        merged[first] = (
            holding or unknown or msgspec.structs.replace(pair[0], reason=_joined_reasons(pair))
        )
    kept = [index for index in range(len(constraints)) if index not in partner.values()]
    return [constraints[index] for index in kept], [merged[index] for index in kept]


def _score_alternatives_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    unread_words_waived: bool,
) -> _Outcome | None:
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
        return "not_met", scores[0].evidence, _joined_reasons(scores)
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
        cut = _or_joined_span(criterion.text, constraints, own)
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
                joined = msgspec.structs.replace(mine[0], reason=_joined_reasons(mine))
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
        return "unknown", merged.evidence, _joined_reasons(kept_findings)
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
) -> _Outcome | None:
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
        or _anchor_pattern(study_start=False).search(window.text) is None
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
        return "unknown", undated[0].evidence, _joined_reasons(undated)
    if not _read_fully(criterion, constraints, unread_words_waived):
        return None
    return "met", named[0].evidence, _joined_reasons(named)


_TREATING_CATEGORIES = frozenset({"treatment", "procedure"})


def _or_joined_span(
    criterion_text: str, constraints: Sequence[Constraint], own: Sequence[int]
) -> tuple[int, int] | None:
    """Where one alternative's measurements joined by "or" or "and/or" ("LDH > 1.3 x ULN
    and/or bulky disease defined as single lesion of ≥ 7 cm") are written, from the
    first's value to the last's end; None unless there are two or more, all so joined."""
    if len(own) < 2 or not all(isinstance(constraints[i], Measurement) for i in own):
        return None
    texts = [getattr(constraints[i], "text", "") for i in own]
    lowered = criterion_text.lower()
    positions = [lowered.find(text.lower()) for text in texts]
    if any(p < 0 for p in positions) or positions != sorted(positions):
        return None
    for (text, before), after in zip(
        zip(texts, positions, strict=True), positions[1:], strict=False
    ):
        gap = criterion_text[before + len(text) : after]
        if not _OR_WORD.search(gap) or _AND_WORD.search(gap.lower().replace("and/or", "")):
            return None
    return positions[0], positions[-1] + len(texts[-1])


def _healthy_structured(constraint: HealthyVolunteers, patient: PatientFacts) -> _Outcome:
    if constraint.accepted:
        return "not_applicable", None, "the study also accepts healthy volunteers"
    if patient.has_current_conditions:
        return "met", None, "the study is for patients; the patient has a medical condition"
    return "unknown", None, "the study does not take healthy volunteers"


@functools.cache
def _alternative_breaking_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.alternative_breaking_words)


_OR_WORD = re.compile(r"\bor\b", re.IGNORECASE)
_AND_WORD = re.compile(r"\band\b|;", re.IGNORECASE)


def _alternative_spans(
    criterion_text: str, constraints: Sequence[Constraint]
) -> list[tuple[Constraint, int, int]] | None:
    """ "A respiratory rate ≥ 20/min or a PaCO2 ≤ 32 mmHg or ventilation": each
    alternative, in the order written, with the words written for it, or None unless every
    constraint is written after an "or" (and no "and", and no "who" or "which" opening a
    relative clause: ``alternative_breaking_words``) following the one before.

    An alternative's words run from the "or" before it (from the alternative itself, for
    the first) to the "or" after it (to the end, for the last); the words before the first
    alternative qualify every one ("Previously treated, histologically confirmed multiple
    myeloma, or plasma cell leukemia" asks a treated leukemia too). One finder serves both
    questions, whether a criterion is alternatives and what each alternative's words are,
    so the two can never disagree."""
    if len(constraints) < 2:
        return None
    lowered = criterion_text.lower()
    found = sorted(
        (
            (position, position + len(c.text), c)
            for c in constraints
            if (position := lowered.find(c.text.lower())) >= 0
        ),
        key=lambda span: (span[0], span[1]),
    )
    if len(found) != len(constraints):
        return None
    ors: list[tuple[int, int]] = []
    for (_, end, _), (start, _, _) in itertools.pairwise(found):
        gap = criterion_text[end:start]
        or_word = _OR_WORD.search(gap)
        if or_word is None or _AND_WORD.search(gap) or _alternative_breaking_words().search(gap):
            return None
        ors.append((end + or_word.start(), end + or_word.end()))
    starts = [found[0][0], *(after for _, after in ors)]
    ends = [*(before for before, _ in ors), len(criterion_text)]
    return [(c, start, end) for (_, _, c), start, end in zip(found, starts, ends, strict=True)]


def _alternatives_status(
    criterion: Criterion,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    unread_words_waived: bool,
    spans: Sequence[tuple[Constraint, int, int]],
) -> _Outcome | None:
    """An inclusion of alternatives (``spans``, :func:`_alternative_spans`), or None to
    judge it as any other inclusion.

    Conditions as alternatives ("Severe asthma or COPD"): met when one holds with its own
    qualifiers (mild asthma is not severe asthma) and its own words read
    (:func:`_read_fully` beside the words written for the others), not met when every
    one fails, and otherwise unknown: one failing condition fails nothing while another is
    open. Denied treatments ("No
    prior bisphosphonate or denosumab therapy") ask for neither: met only when every
    denial holds, not met when one fails.
    """
    findings = [f for _, f in pairs]
    negated = [isinstance(c, ConceptMention) and c.negated for c, _ in pairs]
    if all(negated) and all(c.category != "condition" for c, _ in pairs):  # type: ignore[union-attr]
        if all(f.truth == "true" for f in findings):
            return "met", findings[0].evidence, _joined_reasons(findings)
        failing = next((f for f in findings if f.truth == "false"), None)
        if failing is not None:
            return "not_met", failing.evidence, failing.reason
        open_ones = [f for f in findings if f.truth == "unknown"]
        return (
            "unknown",
            next((f.evidence for f in findings if f.evidence), None),
            _joined_reasons(open_ones),
        )
    conditions = [
        (c, f)
        for c, f in pairs
        if isinstance(c, ConceptMention) and not c.negated and c.category == "condition"
    ]
    if len(conditions) < len(pairs):
        # Values, treatments and denials among the alternatives: a denial may limit a
        # condition ("not amenable to curative surgery"), a treatment be what it was for
        # ("treatment naive for systemic therapy"); one holding reading answers, as it
        # always has, and a failing value is judged below with the rest.
        holding = next((f for f in findings if f.truth == "true"), None)
        if holding is not None:
            return "met", holding.evidence, holding.reason
        if all(f.truth == "false" for f in findings):
            return "not_met", findings[0].evidence, _joined_reasons(findings)
        return None
    alternatives = [(c, _entailed(criterion.text, c, f, patient, pairs)) for c, f in conditions]
    for constraint, finding in alternatives:
        if finding.truth == "true" and _read_fully(
            criterion,
            [constraint],
            unread_words_waived,
            others=_outside_alternative(criterion.text, spans, constraint),
        ):
            return "met", finding.evidence, finding.reason
    entailed = [f for _, f in alternatives]
    if all(f.truth == "false" for f in entailed):
        return "not_met", entailed[0].evidence, _joined_reasons(entailed)
    return (
        "unknown",
        next((f.evidence for f in entailed if f.evidence), None),
        _each_once(
            f"{f.reason}; the rest of this criterion needs the study team"
            if f.truth == "true"
            else f.reason
            for f in entailed
        ),
    )


def _outside_alternative(
    criterion_text: str, spans: Sequence[tuple[Constraint, int, int]], alternative: Constraint
) -> list[tuple[int, int]]:
    """The spans of a criterion of alternatives written for the others
    (:func:`_alternative_spans`): everything after the words before the first alternative
    but the words written for ``alternative``."""
    start, end = next((start, end) for c, start, end in spans if c is alternative)
    return [(spans[0][1], start), (end, len(criterion_text))]


def _joined_reasons(findings: Iterable[Finding]) -> str:
    """The findings' reasons, each said once: a criterion that names TSH in three
    clauses gave "no TSH value given; no TSH value given", and a condition's finding
    that already gives the class qualifying it repeated the class's own."""
    return _each_once(f.reason for f in findings)


def _each_once(reasons: Iterable[str]) -> str:
    """Reasons joined by "; ", each part said once."""
    return "; ".join(dict.fromkeys(part for r in reasons for part in r.split("; ") if part))


def _prior_lines_failing(
    constraints: Sequence[Constraint], findings: Sequence[Finding], truth: Truth = "false"
) -> _Outcome | None:
    """An exclusion's count of prior lines the patient's lines do not reach ("More than 1
    line of chemotherapy for metastatic disease" for a treatment-naive patient): what it
    excludes needs the count, so the exclusion does not apply, whatever else it names.
    With ``truth`` "unknown", a count the note cannot tell ("Two lines of chemotherapy for
    recurrent or metastatic disease" for a woman given chemotherapy after surgery and again
    at recurrence): the treatment it counts does not make it apply on its own; unknown."""
    failing = [
        f
        for c, f in zip(constraints, findings, strict=True)
        if isinstance(c, PriorLines) and f.truth == truth
    ]
    if not failing:
        return None
    return (
        "not_met" if truth == "false" else "unknown",
        failing[0].evidence,
        _joined_reasons(failing),
    )


def _with_prior_lines(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    menopause: Finding | None,
    waived: bool,
    status_of: Callable[
        [Criterion, PatientFacts, Sequence[Constraint], Sequence[Finding], Finding | None, bool],
        _Outcome,
    ],
) -> _Outcome:
    """An inclusion's count of prior lines is a requirement of its own, never one of the
    alternatives its conditions may be ("… NSCLC … or …, treatment naive for systemic
    therapy"): a count that fails fails the criterion, one that cannot be told leaves it
    unknown, and the rest is judged as it was without the count."""
    lines = [
        (c, f) for c, f in zip(constraints, findings, strict=True) if isinstance(c, PriorLines)
    ]
    if not lines:
        return status_of(criterion, patient, constraints, findings, menopause, waived)
    failing = _prior_lines_failing(constraints, findings)
    if failing is not None:
        return failing
    rest = [
        (c, f) for c, f in zip(constraints, findings, strict=True) if not isinstance(c, PriorLines)
    ]
    if not rest and menopause is None:
        return status_of(criterion, patient, constraints, findings, menopause, waived)
    status, evidence, reason = status_of(
        criterion, patient, [c for c, _ in rest], [f for _, f in rest], menopause, waived
    )
    if status == "met":
        unknown = [f for _, f in lines if f.truth == "unknown"]
        if unknown:
            return "unknown", unknown[0].evidence, _joined_reasons([*unknown])
        return (
            status,
            evidence,
            _joined_reasons([Finding("true", evidence, reason), *(f for _, f in lines)]),
        )
    if status == "unknown":
        return (
            status,
            evidence,
            _joined_reasons([Finding("unknown", evidence, reason), *(f for _, f in lines)]),
        )
    return status, evidence, reason


def _inclusion_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    menopause: Finding | None,
    unread_words_waived: bool,
) -> _Outcome:
    """Measurements, age and sex must all hold; of several concepts one is enough.

    A concept holds only with the qualifiers the criterion asks for; a grade
    the facts contradict ("mild" asked, "severe" stated) fails it. Words the
    parser could not read leave a criterion whose constraints all hold unknown,
    unless a whole record waives them (``unread_words_waived``, see
    :func:`_unread_words_waiver`): then nothing more can be checked.
    """
    given = _a_denied_one_given(constraints, findings)
    if given is not None:
        return "not_met", given.evidence, given.reason
    latest = _since_the_last_of(criterion, constraints, findings, unread_words_waived)
    if latest is not None:
        return latest
    # "Postmenopausal females and males …": the sexes are who is asked, not alternatives.
    asked_of_both = menopause is not None or _offered_as_a_man(criterion.text, patient)
    spans = None if asked_of_both else _alternative_spans(criterion.text, constraints)
    if spans is not None:
        outcome = _alternatives_status(
            criterion,
            patient,
            list(zip(constraints, findings, strict=True)),
            unread_words_waived,
            spans,
        )
        if outcome is not None:
            return outcome
    concept_findings: list[Finding] = []
    other_findings: list[Finding] = [] if menopause is None else [menopause]
    for constraint, finding in zip(constraints, findings, strict=True):
        if not isinstance(constraint, ConceptMention):
            other_findings.append(finding)
        elif finding.truth != "true":
            concept_findings.append(finding)
        else:
            pairs = list(zip(constraints, findings, strict=True))
            concept_findings.append(_entailed(criterion.text, constraint, finding, patient, pairs))
    holding = next((f for f in concept_findings if f.truth == "true"), None)
    if holding is not None and _cue_patterns()["any_group"].search(criterion.text):
        return "met", holding.evidence, holding.reason
    failing = [f for f in other_findings if f.truth == "false"]
    if concept_findings and all(f.truth == "false" for f in concept_findings):
        failing.append(concept_findings[0])
    if failing:
        if _an_alternative_unread(criterion.text, constraints):
            reason = f"{failing[0].reason}; its other alternative needs the study team"
            return "unknown", failing[0].evidence, reason
        listed = [
            f
            for c, f in zip(constraints, findings, strict=True)
            if _a_listed_age(criterion.text, c)
        ]
        if not criterion.complete and all(any(f is g for g in listed) for f in failing):
            others = "the age is one of its alternatives, the others need the study team"
            reason = f"{failing[0].reason}; {others}"
            return "unknown", failing[0].evidence, reason
        return "not_met", failing[0].evidence, failing[0].reason
    settled = list(other_findings)
    if concept_findings:
        settled.append(
            holding
            or next((f for f in concept_findings if f.truth == "unknown"), concept_findings[0])
        )
    unknown = [f for f in settled if f.truth == "unknown"]
    evidence = next((f.evidence for f in settled if f.evidence), None)
    reasons = _joined_reasons(settled)
    if unknown:
        return "unknown", evidence, reasons
    diagnosed_in = holding.evidence if holding is not None and holding.evidence else ""
    if not _read_fully(
        criterion, constraints, unread_words_waived, diagnosed_in
    ) and not _one_clause_read_fully(criterion, constraints, unread_words_waived, diagnosed_in):
        return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"
    return "met", evidence, reasons


_BRACKETED_CAPITALS = re.compile(r"\s*\(([A-Z]{2,6})\)")


def _own_abbreviations(
    criterion_text: str, constraints: Sequence[Constraint], places: Sequence[int]
) -> list[tuple[int, int]]:
    """The spans of a bracketed abbreviation written just after a constraint's words and
    beginning with its letter ("immunosuppressive therapy (IST)"): it names what was read
    again, whatever syllables its letters take (:func:`_abbreviations` wants initials)."""
    spans: list[tuple[int, int]] = []
    for constraint, place in zip(constraints, places, strict=True):
        after = place + len(constraint.text)
        found = _BRACKETED_CAPITALS.match(criterion_text, after)
        if found is not None and found.group(1)[0].lower() == constraint.text[:1].lower():
            spans.append(found.span())
    return spans


# "…, or …", "…; or …", "… OR …": an "or" between two clauses, never one inside a phrase
# ("with or without", "and/or", "hepatitis B or C", "1 or 2" have no comma before them).
_CLAUSE_OR = re.compile(r"[,;]\s*or\b|\bOR\b")


def _clause_alternatives(criterion_text: str) -> list[tuple[int, int]] | None:
    """The spans of a criterion written as clause-level alternatives ("Currently receiving
    an IST for MG, or documented reason why the patient is not taking an IST per
    investigator"), or None when it is not one.

    Each alternative must be a full requirement: no comma inside any of them (so "A, B, or C
    for 3 months", whose last words qualify every item, is no split) and at least three
    words in each (not the last noun of a list)."""
    cuts = list(_CLAUSE_OR.finditer(criterion_text))
    if not cuts:
        return None
    starts = [0, *(cut.end() for cut in cuts)]
    ends = [*(cut.start() for cut in cuts), len(criterion_text)]
    spans = list(zip(starts, ends, strict=True))
    for start, end in spans:
        part = criterion_text[start:end]
        if "," in part or ";" in part or len(part.split()) < 3:
            return None
    return spans


def _one_clause_read_fully(
    criterion: Criterion,
    constraints: Sequence[Constraint],
    unread_words_waived: bool,
    diagnosed_in: str,
) -> bool:
    """Whether every constraint judged (all holding) stands in one clause-level alternative
    (:func:`_clause_alternatives`) whose own words are read fully: then that alternative is
    met, and the others, read or not, ask nothing more (an "or" is met by one of its items)."""
    spans = _clause_alternatives(criterion.text)
    places = _written_places(criterion.text, constraints)
    if spans is None or places is None:
        return False
    written = list(zip(places, constraints, strict=True))
    inside = [
        (start, end)
        for start, end in spans
        if all(start <= p and p + len(c.text) <= end for p, c in written)
    ]
    if len(inside) != 1:
        return False
    start, end = inside[0]
    others = [(0, start), (end, len(criterion.text))]
    others += _own_abbreviations(criterion.text, constraints, places)
    return _read_fully(criterion, constraints, unread_words_waived, diagnosed_in, others=others)


def _an_alternative_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether the criterion is written as clause-level alternatives (:func:`_clause_alternatives`)
    one of which holds nothing the parse read ("…, or documented reason why the patient is not
    taking an IST per investigator"): what fails the read alternatives cannot fail the
    criterion, since an "or" is not met only when every item is not met."""
    spans = _clause_alternatives(criterion_text)
    places = _written_places(criterion_text, constraints)
    if spans is None or places is None:
        return False
    return any(not any(start <= p < end for p in places) for start, end in spans)


def _a_listed_age(criterion_text: str, constraint: Constraint) -> bool:
    """ "One risk factor … such as high grade, lymphovascular invasion, HER2 positivity, age <
    35 years": an age written as one item of a list of alternatives (after a comma, colon or "or",
    with a list cue earlier in its sentence), which a patient outside it does not fail while
    the list's other items are unread."""
    if not (isinstance(constraint, Measurement) and constraint.analyte == "age"):
        return False
    span = _mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    before = criterion_text[: span[0]]
    item = _AGE_AS_AN_ITEM.search(before)
    if item is None:
        return False
    sentence = re.split(r"[;\n]|\.\s", before[: item.start()])[-1]
    return _cue_patterns()["listed_alternatives"].search(sentence) is not None


_AGE_AS_AN_ITEM = re.compile(
    r"(?:[,:]|\bor|\band/or)\s+(?:an?\s+)?(?:patient\s+)?aged?\s*(?:of\s+)?$", re.IGNORECASE
)


def _written_places(criterion_text: str, constraints: Sequence[Constraint]) -> list[int] | None:
    """Where each constraint's words first stand in the criterion, or None when there is no
    constraint or one's words are not written as such (then no alternative can be told)."""
    lowered = criterion_text.lower()
    places = [lowered.find(c.text.lower()) for c in constraints]
    return None if not places or any(p < 0 for p in places) else places


def _a_denied_one_given(
    constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> Finding | None:
    """ "Must not have received prior EGFR TKIs or other systemic therapy for … NSCLC": an
    inclusion's denied "A or B" asks for neither, so the patient's A fails it, whatever the
    rest ("NSCLC" says which therapy; of several concepts one is otherwise enough).

    Only a treatment denied as received before ("no prior", "must not have received"), with
    no time window: the parse's negation also covers "not amenable to surgery" or "(except
    arthralgia)", which ask nothing of the patient's past. Not when the criterion also names
    the treatment undenied, as a way back in ("no prior chemotherapy, or chemotherapy
    completed over a year ago").

    A treatment denied within a recency window ("Not taking antibiotics or probiotics within
    the past 4 weeks") is denied as taken in that time, so the patient's A inside the window
    fails it too, whatever the note says of B."""
    undenied = {c.concept for c in constraints if isinstance(c, ConceptMention) and not c.negated}
    return next(
        (
            f
            for c, f in zip(constraints, findings, strict=True)
            if isinstance(c, ConceptMention)
            and c.category == "treatment"
            and c.negated
            and (
                (c.historical and c.window is None)
                or (c.window is not None and c.window.kind == "recency")
            )
            and f.truth == "false"
            and c.concept not in undenied
        ),
        None,
    )


def _read_fully(
    criterion: Criterion,
    constraints: Sequence[Constraint],
    unread_words_waived: bool,
    diagnosed_in: str = "",
    others: Sequence[tuple[int, int]] | None = None,
) -> bool:
    """Whether the constraints judged are all a met inclusion asks for.

    A whole record can waive the parser's unread words (``unread_words_waived``);
    but a disease read only through MeSH is one phrase of a sentence the lexicon
    could not read at all ("… drugs for excessive vaginal bleeding … maintained"),
    so such a criterion is met only when nothing else in it is left unread.

    ``others``, for one alternative of "A or B" (:func:`_alternative_spans`): the spans
    written for the other alternatives, which ask nothing of this one ("or ventilation").
    Its own words are then a phrase the parser split off, not a sentence it could not
    read, so a waiver covers a disease read through MeSH too.
    """
    read_by_vocabulary = [
        c for c in constraints if isinstance(c, ConceptMention) and _read_by_vocabulary(c)
    ]
    # "Good general health" the judge reads as a whole, not the parser's words: like a
    # disease read through MeSH, only framing may be left beside it.
    read_by_judge: list[Constraint] = [
        *read_by_vocabulary,
        *(c for c in constraints if isinstance(c, HealthyVolunteers)),
    ]
    waived = criterion.complete or unread_words_waived
    if others is None and not read_by_judge:
        return waived or _only_framing_unread(
            criterion.text, constraints, diagnosed_in=diagnosed_in
        )
    if others is not None and waived:
        return True
    spans = [*(others or ()), *_spans_of(criterion.text, read_by_judge)]
    return not words_left_unread(criterion.text, spans) or _only_framing_unread(
        criterion.text, constraints, tuple(spans), diagnosed_in
    )


class SilencePolicy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Which exclusions a complete record leaves unsettled by silence (the data file
    ``data/silence_policy.json``).

    Each rule names a kind of exclusion a full note may say nothing about without the
    patient being clear of it. Whether a rule is in force (``adopted``) is chosen by
    patient-grouped cross-validation inside the development half
    (``scripts/train_judge_model.py --cross-validate``), not by the errors it fixes where
    it was written: a rule that does not win out of fold stays a candidate.
    """

    version: str
    description: str
    adopted: list[str]
    judgement_cues: list[str]
    contraindication_cues: list[str]
    # The whole-record waivers in force (RECORD_WAIVERS), chosen out of fold the same way.
    waivers: list[str]
    demographic_framing_words: list[str]
    measurement_framing_words: list[str]
    diagnosis_framing_words: list[str]
    # "newly", "recently": framing beside a condition whose recency window the judge read.
    recency_framing_words: list[str]
    # Words that end the phrase of a denied condition ("or", "including") and words that
    # make it about something beside the condition ("family", "contact", "prophylaxis").
    narrowing_break_words: list[str]
    widening_words: list[str]
    # What a whole note's history settles by silence (waiver ``unmentioned_history``, rule
    # ``beyond_a_history``): lexicon concepts of these categories (diagnoses, transplants,
    # cancers, surgeries) …
    history_silence_categories: list[str] = []
    # … except these, which a history does not list (pregnancy, allergies, acute infections).
    history_silence_never: list[str] = []
    # … and not when a word the criterion leaves unread begins with one of these: the
    # unread words then ask a value, test, drug, allergy, consent or opinion, not only
    # narrow the diagnosis ("allogeneic", "within 5 years", "known").
    history_silence_unread_blockers: list[str] = []
    # "never undergone … or at least suspended": framing beside a wash-out the judge read
    # from when the treatment stopped (``_washout_finding``).
    washout_framing_words: list[str] = []
    # "DSM-IV", "meets … criteria for": beside a condition, the manual or criteria by which
    # its diagnosis was made; regular expressions, because "IV" alone is a stage.
    diagnosis_frame_patterns: list[str] = []
    # "Adequate organ and marrow function": beside values only, the heading the values
    # listed after it define; a pattern, because "function" alone asks an organ's state.
    measurement_heading_patterns: list[str] = []
    # "at the screening phase visit", "using the MDRD equation": beside values only, when a
    # value is taken or by which formula it is computed; patterns, because "phase" or
    # "disease" alone ask something else.
    measurement_frame_patterns: list[str] = []
    # "Diagnosed as ILD by a pulmonologist": each specialist a criterion may name, with the
    # words by which a note names that specialist or specialty ("respiratory physician").
    diagnosing_specialists: dict[str, list[str]] = {}
    # "resident in the study area", "followed at the HME": where the patient lives or is
    # followed, which a note rarely says (waiver ``unread_setting_words``).
    care_setting_words: list[str] = []


@functools.cache
def load_silence_policy() -> SilencePolicy:
    """Read and check the policy once: every adopted rule must be one the judge knows."""
    data = resources.files("trialfinder").joinpath("data/silence_policy.json").read_bytes()
    return validate_silence_policy(msgspec.json.decode(data, type=SilencePolicy))


def validate_silence_policy(policy: SilencePolicy) -> SilencePolicy:
    """The policy, if every rule it adopts is one the judge knows (a typo fails loudly)."""
    unknown = sorted(set(policy.adopted) - SILENCE_RULES.keys())
    unknown += sorted(set(policy.waivers) - RECORD_WAIVERS.keys())
    unknown += sorted(set(policy.history_silence_never) - load_lexicon().concepts.keys())
    if unknown:
        raise ValueError(f"data/silence_policy.json adopts unknown rules {unknown}")
    for pattern in (
        *policy.diagnosis_frame_patterns,
        *policy.measurement_heading_patterns,
        *policy.measurement_frame_patterns,
    ):
        re.compile(pattern)  # a malformed frame fails loudly here, not mid-cohort
    return policy


# What a whole record (a full clinical note) settles that a partial one leaves unknown:
# each turns an unknown into met or not met, so each must be right more often than the
# unknown it replaces, out of fold (scripts/train_judge_model.py --cross-validate).
RECORD_WAIVERS: dict[str, str] = {
    "unmentioned_exclusion": "an exclusion the record does not mention is not met "
    "(unless a silence rule in force says notes leave it out)",
    "unread_words": "a met inclusion's words the parser could not read are waived when "
    "more than age and sex was read, or the words only frame them",
    "unread_words_after_demographics": "the same when only age and sex were read and "
    "other words are left: those are then the whole of what the criterion asks",
    "unread_setting_words": "the same when the words ask where the patient lives or is "
    "followed (care_setting_words: 'resident in the study area', 'followed at the HME')",
    "short_life_expectancy": "a short life-expectancy threshold is met when the record "
    "names no life-limiting condition",
    "unmentioned_history": "a whole note (a history and a medication list) settles an "
    "exclusion its history would list and does not — a diagnosis, transplant, cancer or "
    "surgery — and nothing else (silence rule beyond_a_history); never an inclusion",
}

# A whole note (trialfinder.whole_record) settles by silence only what its history would
# list: the waiver below, with the adopted silence rules and these besides (a value or
# test the note does not give, a contraindication or opinion it does not weigh, anything
# a history does not list).
NOTE_WAIVERS: frozenset[str] = frozenset({"unmentioned_history"})
NOTE_SILENCE_RULES: tuple[str, ...] = (
    "beyond_a_history",
    "unmeasured_value",
    "contraindication",
    "investigator_judgement",
    "trial_condition_detail",
)


def _waives(name: str, record_is_complete: bool, waivers: frozenset[str] | None) -> bool:
    """Whether a whole record settles what the waiver ``name`` covers (``waivers``, or the
    adopted ones of :func:`load_silence_policy`); a partial record settles nothing."""
    if not record_is_complete:
        return False
    return name in (frozenset(load_silence_policy().waivers) if waivers is None else waivers)


def _unread_words_waiver(criterion_text: str, constraints: Sequence[Constraint]) -> str:
    """Which waiver covers a met inclusion's unread words, from all it reads (a consent or
    menopause the note settles is read too). Age and sex say whom a criterion is about
    ("Women aged 15-45 years resident in the study area"); read alone, what it asks of
    them is in the words left unread, so that waiver is a separate choice — unless those
    words only say when the age is counted or whom the regulations allow
    (``demographic_framing_words``: "at the time of signing the ICF"). Beside more than age
    and sex, words asking where the patient lives or is followed ("Every patient followed
    at the HME at the beginning of the pregnancy", ``care_setting_words``) are a waiver of
    their own: a note rarely says, so meeting the rest does not meet them."""
    demographic = bool(constraints) and all(
        isinstance(c, SexRequirement) or (isinstance(c, Measurement) and c.analyte == "age")
        for c in constraints
    )
    if not demographic:
        setting = _care_setting_words().search(criterion_text)
        return "unread_words" if setting is None else "unread_setting_words"
    framing = _demographic_framing_words()
    unread = [w for w in words_left_unread(criterion_text, ()) if w not in framing]
    return "unread_words_after_demographics" if unread else "unread_words"


@functools.cache
def _care_setting_words() -> re.Pattern[str]:
    return phrase_pattern(load_silence_policy().care_setting_words)


@functools.cache
def _demographic_framing_words() -> frozenset[str]:
    return frozenset(load_silence_policy().demographic_framing_words)


_ABBREVIATION = re.compile(r"\(\s*([A-Za-z]{2,8})\s*\)")


def _only_framing_unread(
    criterion_text: str,
    constraints: Sequence[Constraint],
    read_spans: Sequence[tuple[int, int]] = (),
    diagnosed_in: str = "",
) -> bool:
    """Whether what a criterion leaves unread only says how, where or when the study takes
    its values, or how a diagnosis it names was confirmed.

    A coordinator who reads "LVEF 62% on echo" answers "LVEF ≥ 50% measured by
    echocardiogram (ECHO) or multiple-gated acquisition scan (MUGA)" at once, on any
    record, and "lung adenocarcinoma" answers "histologically or cytologically confirmed
    NSCLC": such words (``demographic_framing_words``, ``measurement_framing_words`` and,
    beside a condition, ``diagnosis_framing_words`` of ``data/silence_policy.json``), and an
    abbreviation of the words just before it ("Performance Status (PS)"), ask nothing of
    the patient. Any other word left unread ("dry weight", "resident in the study area")
    still leaves the criterion to the team. The caller has settled what was read: a met
    inclusion, or an exclusion whose every reading the note denies.
    """
    if not constraints:
        return False
    values_only = all(isinstance(c, SexRequirement | Measurement) for c in constraints)
    if not words_left_unread(criterion_text, read_spans):
        return False
    frames = _frame_spans(criterion_text, values_only)
    measured = any(isinstance(c, Measurement) for c in constraints)
    if not values_only and measured:
        # "Myeloma-protein ≥ 0.5 g/dL by serum protein electrophoresis": how a value is
        # measured frames it as much when the criterion also names a condition.
        frames += _method_spans(criterion_text)
    if diagnosed_in and not values_only:
        frames += _specialist_spans(criterion_text, diagnosed_in)
    unread = words_left_unread(criterion_text, (*read_spans, *frames))
    framing = _framing_words(values_only) | _abbreviations(criterion_text)
    if measured:
        # Beside a condition too: "Myeloma-protein (M-protein)" names the value read.
        framing |= _analyte_name_words(constraints)
    if _dated_recently(constraints):
        framing |= _recency_framing_words()
    if any(
        isinstance(c, ConceptMention) and _counts_a_washout(c, criterion_text) for c in constraints
    ):
        framing |= frozenset(load_silence_policy().washout_framing_words)
    return all(word in framing for word in unread)


def _only_narrowing_unread(
    criterion_text: str, constraints: Sequence[Constraint], denied: Sequence[Constraint]
) -> bool:
    """Whether an exclusion whose every reading the note denies leaves unread only words
    that frame it (:func:`_only_framing_unread`) or narrow a condition the note denies
    outright (``denied``) to a kind of it (:func:`_narrowing_phrases`): a patient without
    the condition has no kind of it."""
    if _only_framing_unread(criterion_text, constraints):
        return True
    phrases = _narrowing_phrases(criterion_text, denied)
    if not phrases or not words_left_unread(criterion_text, ()):
        return False
    return not words_left_unread(criterion_text, phrases) or _only_framing_unread(
        criterion_text, constraints, phrases
    )


def _dated_recently(constraints: Sequence[Constraint]) -> bool:
    """Whether a condition carries a window of how recently it began ("newly diagnosed with
    HIV maximum 2 months"): the window is what "newly" asks, and the caller has judged it.
    Without one, "newly diagnosed" is a second reading the judge has no date for."""
    return any(
        isinstance(c, ConceptMention)
        and c.window is not None
        and c.window.kind == "recency"
        and c.window.comparator in ("<", "<=")
        for c in constraints
    )


@functools.cache
def _recency_framing_words() -> frozenset[str]:
    return frozenset(load_silence_policy().recency_framing_words)


_PHRASE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z])?|[^\sA-Za-z0-9]")
_PHRASE_ENDS = frozenset(",;:.!?/&+")


def _narrowing_phrases(
    criterion_text: str, constraints: Sequence[Constraint]
) -> tuple[tuple[int, int], ...]:
    """The spans of the phrases around each condition an exclusion names, when the note
    denies it ("Current major depression" for "No depression", "seizure disorders due to
    light (Group D)" for "No seizures"): the words of such a phrase only say which kind of
    the condition, or from what cause, and a patient without the condition has no kind of
    it. A phrase ends at punctuation or a word that joins or excepts something else ("or",
    "including", "other than"; ``narrowing_break_words``), and one holding a word that
    makes it about something beside the patient's condition (a relative, a contact, a
    prophylaxis, a latent form; ``widening_words``) narrows nothing. The caller has settled
    that the note denies every condition read."""
    policy = load_silence_policy()
    breaks = frozenset(policy.narrowing_break_words)
    widening = frozenset(policy.widening_words)
    tokens = list(_PHRASE_TOKEN.finditer(criterion_text))
    lowered = criterion_text.lower()

    def ends(index: int) -> bool:
        word = tokens[index].group().lower()
        return word in breaks or word in _PHRASE_ENDS

    phrases: list[tuple[int, int]] = []
    for c in constraints:
        if not isinstance(c, ConceptMention) or c.negated or not c.text:
            continue
        for found in re.finditer(re.escape(c.text.lower()), lowered):
            inside = [i for i, t in enumerate(tokens) if found.start() <= t.start() < found.end()]
            if not inside:
                continue
            first, last = inside[0], inside[-1]
            while first > 0 and not ends(first - 1):
                first -= 1
            while last + 1 < len(tokens) and not ends(last + 1):
                last += 1
            words = {t.group().lower() for t in tokens[first : last + 1]}
            if not words & widening:
                phrases.append((tokens[first].start(), tokens[last].end()))
    return tuple(phrases)


@functools.lru_cache(maxsize=4096)
def _frame_spans(criterion_text: str, values_only: bool) -> tuple[tuple[int, int], ...]:
    """Where a criterion's framing phrases stand: the manual or criteria a diagnosis was
    made by ("DSM-IV", "meets … criteria for") beside a condition, the heading the listed
    values define ("adequate organ and marrow function") beside values only
    (``diagnosis_frame_patterns`` and ``measurement_heading_patterns`` of
    ``data/silence_policy.json``). Kept per criterion: a cohort asks it once a patient."""
    return tuple(
        found.span()
        for pattern in _frame_patterns(values_only)
        for found in pattern.finditer(criterion_text)
    )


@functools.lru_cache(maxsize=4096)
def _method_spans(criterion_text: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion says how or when its values are taken ("by serum protein
    electrophoresis (sPEP)", "at the screening visit", "by CKD-EPI";
    ``measurement_frame_patterns`` of ``data/silence_policy.json``), for a criterion that
    names a condition beside the value. Kept per criterion: a cohort asks it once a patient."""
    methods = load_silence_policy().measurement_frame_patterns
    patterns = [re.compile(method, re.IGNORECASE) for method in methods]
    return tuple(found.span() for pattern in patterns for found in pattern.finditer(criterion_text))


@functools.lru_cache(maxsize=4096)
def _specialist_spans(criterion_text: str, diagnosed_in: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion names who must have made the diagnosis ("Diagnosed as ILD by a
    pulmonologist, rheumatologist or radiologist"), when the note's sentence naming the
    condition (``diagnosed_in``) says one of them made it ("diagnosed 2023 by respiratory
    physician"; all of them when the criterion joins them with "and"). Who diagnosed asks
    what the note must say: a note silent on it, or naming someone unlisted ("by his GP"),
    leaves the words to the study team (``diagnosing_specialists`` of
    ``data/silence_policy.json``)."""
    named = [
        (name, found.span())
        for name, (in_criterion, _) in _specialist_patterns().items()
        for found in in_criterion.finditer(criterion_text)
    ]
    if not named:
        return ()
    named.sort(key=lambda item: item[1])
    first, last = named[0][1][0], named[-1][1][1]
    if not _BY_SPECIALIST.search(criterion_text[max(0, first - 12) : first]):
        return ()
    said = [_specialist_patterns()[name][1].search(diagnosed_in) is not None for name, _ in named]
    every = re.search(r"\band\b", criterion_text[first:last], re.IGNORECASE) is not None
    return tuple(span for _, span in named) if (all(said) if every else any(said)) else ()


# "diagnosed by respiratory function tests": a specialty's adjective before a test or
# finding names no one who diagnosed.
_NOT_A_WHO = (
    r"(?:function|tests?|testing|assessments?|criteria|scans?|imaging|studies|study|panel|"
    r"infections?|failure|symptoms?|findings?|features?|review|reports?)\b"
)
_BY_SPECIALIST = re.compile(r"\bby\s+(?:(?:a|an|the|one)\s+)?$", re.IGNORECASE)


@functools.cache
def _specialist_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per specialist: the criterion's word for them, and a note's "diagnosed … by" them."""
    patterns = {}
    for name, words in load_silence_policy().diagnosing_specialists.items():
        note_words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        patterns[name] = (
            re.compile(rf"\b{re.escape(name)}s?\b", re.IGNORECASE),
            re.compile(
                rf"\b(?:diagnosed|confirmed|made|established)\b[^.;]{{0,60}}?\bby\b"
                rf"[^.;()]{{0,40}}?\b(?:{note_words})\b(?!\s+{_NOT_A_WHO})",
                re.IGNORECASE,
            ),
        )
    return patterns


@functools.cache
def _frame_patterns(values_only: bool) -> tuple[re.Pattern[str], ...]:
    policy = load_silence_policy()
    kind = (
        [*policy.measurement_heading_patterns, *policy.measurement_frame_patterns]
        if values_only
        else policy.diagnosis_frame_patterns
    )
    return tuple(re.compile(p, re.IGNORECASE) for p in kind)


@functools.cache
def _framing_words(values_only: bool) -> frozenset[str]:
    """Values are framed by how they are measured; a condition by how it was diagnosed."""
    policy = load_silence_policy()
    kind = policy.measurement_framing_words if values_only else policy.diagnosis_framing_words
    return frozenset([*policy.demographic_framing_words, *kind])


def _analyte_name_words(constraints: Sequence[Constraint]) -> frozenset[str]:
    """The words of the display names of the analytes read ("urine" of "Urine
    albumin-to-creatinine ratio", "serum" of "Serum creatinine"): a criterion writing "Urine
    albumin creatinine ratio" names the specimen the ratio is only ever measured in, which
    asks nothing beyond the value read. Only the display name: the other names hold
    variants the value may not be ("fasting glucose", "morning cortisol"), and a word that
    narrows ("fasting") never drops."""
    words: set[str] = set()
    for c in constraints:
        if isinstance(c, Measurement):
            words |= _name_words(c.analyte)
    return frozenset(words)


@functools.cache
def _name_words(analyte_id: str) -> frozenset[str]:
    analyte = load_lexicon().analytes[analyte_id]
    return frozenset(re.findall(r"[a-z0-9]+", analyte.display.lower()))


def _abbreviations(text: str) -> frozenset[str]:
    """The bracketed abbreviations of ``text`` spelled by the initials of the words just
    before them ("Performance Status (PS)"): they repeat what is read, adding nothing."""
    found: set[str] = set()
    for match in _ABBREVIATION.finditer(text):
        letters = match.group(1).lower()
        before = re.findall(r"[A-Za-z]+", text[: match.start()])[-len(letters) :]
        if len(before) == len(letters) and "".join(w[0] for w in before).lower() == letters:
            found.add(letters)
    return frozenset(found)


@functools.cache
def _silence_cues() -> dict[str, re.Pattern[str]]:
    """The candidate rules' cue words, compiled once."""
    policy = load_silence_policy()
    return {
        "judgement": phrase_pattern(policy.judgement_cues),
        "contraindication": phrase_pattern(policy.contraindication_cues),
    }


class _Silence(NamedTuple):
    """What a silence rule looks at: an exclusion the record's silence would let off, the
    constraints judged (``pairs``; the trial's own condition is left out of them), and the
    conditions the trial studies."""

    criterion: Criterion
    patient: PatientFacts
    pairs: Sequence[tuple[Constraint, Finding]]
    trial_concepts: frozenset[str]


def _unread(silence: _Silence) -> Iterator[Constraint]:
    return (c for c, f in silence.pairs if f.truth == "unknown")


def _future_intention(silence: _Silence) -> bool:
    """Plans and wishes ("planning to become pregnant"): a note records what is, not what is
    meant."""
    return bool(_cue_patterns()["future"].search(silence.criterion.text))


def _language(silence: _Silence) -> bool:
    """The languages a patient speaks or reads: notes rarely say."""
    return bool(_cue_patterns()["language"].search(silence.criterion.text))


def _possible_diagnosis(silence: _Silence) -> bool:
    """A condition the note raises only as a possibility is not an absent one."""
    return any(
        isinstance(c, ConceptMention) and silence.patient.possible_concept(c.concept)
        for c in _unread(silence)
    )


def _body_size(silence: _Silence) -> bool:
    """Weight, height, BMI: notes rarely record them unless they matter."""
    analytes = load_screening_rules().unrecorded_body_size_analytes
    return any(isinstance(c, Measurement) and c.analyte in analytes for c in _unread(silence))


def _pregnancy(silence: _Silence) -> bool:
    """Whether a woman (or a patient of unstated sex) is pregnant: notes rarely say so."""
    return silence.patient.sex != "male" and any(
        isinstance(c, Pregnancy) and "pregnant" in c.states and not c.negated
        for c in _unread(silence)
    )


def _investigator_judgement(silence: _Silence) -> bool:
    """An exclusion left to someone's opinion ("in the opinion of the investigator")."""
    return bool(_silence_cues()["judgement"].search(silence.criterion.text))


def _unmeasured_value(silence: _Silence) -> bool:
    """A laboratory value or score the note does not give (other than age and body size)."""
    skipped = {"age", *load_screening_rules().unrecorded_body_size_analytes}
    return any(isinstance(c, Measurement) and c.analyte not in skipped for c in _unread(silence))


def _contraindication(silence: _Silence) -> bool:
    """A contraindication to, or unfitness for, a treatment or test the note does not weigh."""
    return bool(_silence_cues()["contraindication"].search(silence.criterion.text))


def _beyond_a_history(silence: _Silence) -> bool:
    """An exclusion a whole note's history would not list: one that reads nothing, leaves
    words unread, or asks anything but a diagnosis, transplant, cancer or surgery of the
    lexicon (``history_silence_categories``; never ``history_silence_never``: pregnancy,
    allergies, acute infections) — a value, a test, a drug, a consent."""
    policy = load_silence_policy()
    constraints = [c for c, _ in silence.pairs]
    text = silence.criterion.text
    silent = [c for c, f in silence.pairs if f.truth == "unknown"]
    blockers = tuple(policy.history_silence_unread_blockers)
    unread = (
        []
        if silence.criterion.complete or _only_framing_unread(text, constraints)
        else words_left_unread(text, _spans_of(text, constraints))
    )
    if (
        not silent
        or any(word.startswith(blockers) for word in unread)
        or _note_speaks_of(silence.patient, unread)
    ):
        return True
    return any(
        not isinstance(c, ConceptMention)
        or c.concept.startswith(VOCABULARY_CONCEPT_PREFIX)
        or c.category not in policy.history_silence_categories
        or c.concept in policy.history_silence_never
        or c.negated
        for c in silent
    ) or any(
        isinstance(c, ConceptMention) and _note_names(silence.patient, c.concept)
        for c in silence.criterion.constraints
    )


def _note_speaks_of(patient: PatientFacts, words: Sequence[str]) -> bool:
    """Whether a sentence of the note — one its facts rest on or one nothing was read from —
    uses one of the criterion's unread ``words`` ("Dizziness since a left PICA infarct"
    against "Dizziness secondary to … recent stroke"; "Two negative prostate biopsies"
    against "Previous prostate surgery"), or a disease filed under a MeSH class the words
    name ("Crohn's disease" against unread "gastrointestinal tract disorders"): the note is
    not silent about what the product could not read."""
    wanted = {word for word in words if len(word) >= 4}
    if not wanted:
        return False
    evidence = {
        *(f.evidence for f in patient.facts),
        *(f.evidence for f in patient.vocabulary_facts),
        *patient.unread_sentences,
    }
    if any(wanted & patient.sentence_words(sentence) for sentence in evidence):
        return True
    return any(
        wanted & _class_words(fact.descriptor_id)
        for fact in patient.vocabulary_facts
        if not fact.negated
    )


# Words every MeSH class name shares ("Gastrointestinal Diseases", "Nervous System
# Diseases"): they name no class of their own.
_CLASS_NAME_WORDS = frozenset(
    {"disease", "diseases", "disorder", "disorders", "syndrome", "syndromes", "system"}
    | {"conditions", "abnormalities", "signs", "symptoms", "processes", "phenomena"}
)


@functools.lru_cache(maxsize=4096)
def _class_words(descriptor_id: str) -> frozenset[str]:
    """The words of the MeSH classes a note's disease is filed under: a criterion's unread
    "gastrointestinal tract … disorders" speaks of the Crohn disease MeSH files under
    Gastrointestinal Diseases, so a whole record naming it is not silent about them."""
    return (
        frozenset(
            word
            for ancestor in load_vocabulary().ancestors(descriptor_id)
            for word in tokenize_lowered(ancestor.name)[1]
        )
        - _CLASS_NAME_WORDS
    )


def _note_names(patient: PatientFacts, concept: str) -> bool:
    """Whether the note names ``concept``, a broader or a narrower one, as the patient's
    (even as a possibility): then it is not silent about it, whatever the finding says
    ("recurrent UTIs" against "current or recurrent urinary tract infections")."""
    ancestors = load_lexicon().ancestors
    wanted = ancestors.get(concept, frozenset({concept}))
    return any(
        fact.kind == "concept"
        and fact.concept is not None
        and not fact.negated
        and (fact.concept in wanted or concept in ancestors.get(fact.concept, frozenset()))
        for fact in patient.facts
    )


def _spans_of(text: str, constraints: Sequence[Constraint]) -> list[tuple[int, int]]:
    """Where the concepts' words stand in the criterion's text."""
    return [
        found.span()
        for c in constraints
        if isinstance(c, ConceptMention | HealthyVolunteers)
        for found in re.finditer(re.escape(c.text.lower()), text.lower())
    ]


def _history_silence_reason(pairs: Sequence[tuple[Constraint, Finding]]) -> str:
    """Why a whole note's silence lets an exclusion off: what its history does not list."""
    names = sorted(
        {c.text for c, f in pairs if isinstance(c, ConceptMention) and f.truth == "unknown"}
    )
    settled = _joined_reasons([f for _, f in pairs if f.truth == "false"])
    history = f"the history lists no {' or '.join(names)}; the study team confirms"
    return f"{settled}; {history}" if settled else history


def _trial_condition_detail(silence: _Silence) -> bool:
    """A detail of the trial's own condition (its size, site, kind): the note names the
    condition, rarely the detail."""
    return any(
        isinstance(c, ConceptMention) and c.concept in silence.trial_concepts
        for c in silence.criterion.constraints
    )


SILENCE_RULES: dict[str, Callable[[_Silence], bool]] = {
    "future_intention": _future_intention,
    "language": _language,
    "possible_diagnosis": _possible_diagnosis,
    "body_size": _body_size,
    "pregnancy": _pregnancy,
    "investigator_judgement": _investigator_judgement,
    "unmeasured_value": _unmeasured_value,
    "contraindication": _contraindication,
    "trial_condition_detail": _trial_condition_detail,
    "beyond_a_history": _beyond_a_history,
}


def _unsettled_by_silence(silence: _Silence, rules: frozenset[str] | None) -> bool:
    """Exclusions a complete record does not settle by silence.

    A clinical note mentions the diseases it knows of, so an unmentioned
    disease is taken as absent; the rules in force (``rules``, or the adopted
    ones of :func:`load_silence_policy`) name what a note may leave out.
    """
    names = frozenset(load_silence_policy().adopted) if rules is None else rules
    return any(SILENCE_RULES[name](silence) for name in sorted(names))


def _let_off_clause(
    text: str, pairs: Sequence[tuple[Constraint, Finding]]
) -> tuple[int, list[tuple[Constraint, Finding]]] | None:
    """Where an exclusion's let-off clause starts ("… known infection with HIV with the
    following exception: … eligible provided they … have a CD4 count ≥350") and the
    constraints written after it, the exception's conditions. None when there is no such
    clause, no constraint after it, or nothing before it."""
    found = screening_phrase("let_off_clause_cues").search(text)
    if found is None:
        return None
    after: list[tuple[Constraint, Finding]] = [
        (c, f)
        for c, f in pairs
        if isinstance(c, ConceptMention | Measurement) and text.find(c.text) >= found.start()
    ]
    return (found.start(), after) if after and len(after) < len(pairs) else None


# "(but patients can still give their consent for blood and bone marrow samples)": what the
# patient may still do beside the exclusion, not what excludes.
_CONCESSION = re.compile(
    r"\(\s*but\b[^)]*\bstill\b[^)]*\)|,\s*but\s+(?:the\s+)?(?:patients?|subjects?|participants?)"
    r"\s+(?:can|may|could|will|are)\s+still\b[^.;]*",
    re.IGNORECASE,
)


def _in_a_concession(text: str, constraint: Constraint) -> bool:
    """Whether an exclusion writes the constraint inside a concession ("Coagulation
    abnormality prohibiting a biopsy, (but patients can still give their consent for blood
    and bone marrow samples)"): the consent there is no reason to exclude."""
    if not isinstance(constraint, ConceptMention | Measurement):
        return False
    span = _mention_span(text, constraint.text)
    return span is not None and any(
        found.start() <= span[0] < found.end() for found in _CONCESSION.finditer(text)
    )


def _with_let_off(outcome: _Outcome, conditions: Sequence[Finding]) -> _Outcome:
    """An exclusion that applies is let off when every condition of its exception holds,
    left to the study team when one is not given, and stands when one fails."""
    status, evidence, reason = outcome
    if status != "met" or any(f.truth == "false" for f in conditions):
        return outcome
    if all(f.truth == "true" for f in conditions):
        held = "; ".join(f.reason for f in conditions)
        return "not_met", evidence, f"{reason}, but the criterion's exception holds: {held}"
    missing = "; ".join(f.reason for f in conditions if f.truth == "unknown")
    return "unknown", evidence, f"{reason}; whether its exception holds is not given: {missing}"


def _exclusion_status(
    criterion: Criterion,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    menopause: Finding | None,
    trial_concepts: frozenset[str],
    silence_settles: bool,
    silence_rules: frozenset[str] | None,
) -> _Outcome:
    """An exclusion applies when one of its constraints is true of the patient.

    A sex named in an exclusion says who it is about, not what excludes; so
    does a population word ("Diabetic patients on insulin"). A condition the
    patient has without a qualifier the criterion asks for leaves it unknown.
    When ``silence_settles`` (a whole record, waiver ``unmentioned_exclusion``) an
    exclusion the facts are silent about does not apply, unless silence cannot settle
    it (:func:`_unsettled_by_silence`).
    """
    text = criterion.text
    if menopause is not None:
        pairs = [(c, f) for c, f in pairs if not _is_menopause(c)]
        if menopause.truth == "true":
            return "met", menopause.evidence, menopause.reason
    pairs = [(c, f) for c, f in pairs if not _in_a_concession(text, c)]
    let_off_clause = _let_off_clause(text, pairs)
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
        return _with_let_off(outcome, [f for _, f in let_off])
    # "Diabetic patients on X": diabetes says who; X (read or not) is what excludes. An age
    # that says who and is false of the patient leaves nothing to exclude ("Subjects aged 28
    # days to 6 months of age who were born prematurely" for a 3-year-old), nor does a
    # condition the note denies when nothing else read holds ("Presence of psychotic features
    # with current depressive episode" for "No psychotic features"; in a list, "stroke with
    # cognitive impairment" is one item, and another, epilepsy, may still apply).
    says_who = [_names_population(text, c) for c, _ in pairs]
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
            _entailed(text, c, f, patient, pairs, exclusion=True)
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
    reasons = _joined_reasons(findings)
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
    if silence_settles and history:
        # A whole note: its silence settles what its history would list; anything else is
        # read as on a partial note, below.
        silence = _Silence(criterion, patient, pairs, trial_concepts)
        if not _unsettled_by_silence(silence, silence_rules):
            return "not_met", evidence, _history_silence_reason(pairs)
    elif silence_settles:
        silence = _Silence(criterion, patient, pairs, trial_concepts)
        if _unsettled_by_silence(silence, silence_rules):
            return "unknown", evidence, reasons or _SILENCE_DOES_NOT_SETTLE
        return "not_met", evidence, reasons or "nothing in the patient's record applies"
    if findings and all(f.truth == "false" for f in findings):
        constraints = [c for c, _ in pairs]
        # Only a condition the note denies outright narrows: one the note has with another
        # qualifier ("inactive tuberculosis" for "active tuberculosis or listeria infection")
        # says nothing of the kinds the words left name.
        denied = [c for c in constraints if id(c) not in judged]
        if (
            criterion.complete
            or _only_narrowing_unread(text, constraints, denied)
            or _only_exceptions_unread(text, constraints)
            or _only_organ_part_unread(text, constraints)
            or _only_radiation_region_unread(text, constraints)
            or _only_concept_qualifiers_unread(text, constraints)
            or _only_a_contradicted_grade_unread(text, constraints, judged)
            or _only_medications_unread(text, constraints, patient)
        ):
            return "not_met", evidence, reasons
        return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"
    return "unknown", evidence, reasons or "what this criterion excludes on could not be read"


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


def _only_a_contradicted_grade_unread(
    criterion_text: str, constraints: Sequence[Constraint], judged: Mapping[int, Finding]
) -> bool:
    """Whether an exclusion the note fails only by a condition's grade asks nothing more.

    "Grade ≥2 peripheral neuropathy" against "persistent grade 1 peripheral neuropathy":
    MeSH reads the disease and ``disease_stage`` its grade, but the parse read no word of
    the criterion, so it is not complete. The patient has the condition at a lower grade;
    when the conditions' words, the grades and framing words are all the criterion says,
    that grade settles it (not met). Words left beyond them ("from prior cCRT") ask
    something else, and the criterion stays the study team's.
    """
    graded = [
        c
        for c in constraints
        if isinstance(c, ConceptMention)
        and c.stage is not None
        and id(c) in judged
        and judged[id(c)].truth == "false"
    ]
    if not graded:
        return False
    lowered = criterion_text.lower()
    spans = [
        *_spans_of(criterion_text, constraints),
        *(
            found.span()
            for c in graded
            if c.stage is not None
            for found in re.finditer(re.escape(c.stage.text.lower()), lowered)
        ),
    ]
    return not words_left_unread(criterion_text, spans) or _only_framing_unread(
        criterion_text, constraints, tuple(spans)
    )


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
    return Judgement(
        *_judge(criterion, patient, trial_concepts, record_is_complete, silence_rules, waivers)
    )


_BARE_HEADING = re.compile(r"[A-Za-z][A-Za-z /-]{0,40}")


def _a_bare_heading(criterion: Criterion) -> bool:
    """ "Radiotherapy", "Performance status", "Hematopoietic": a legacy record's sub-heading
    (no label, a few words, no number, no sentence) over the items listed under it asks
    nothing of its own; its items are the criterion ("Radiotherapy - No prior abdominopelvic
    radiotherapy" is not a requirement of radiotherapy)."""
    return (
        bool(criterion.children)
        and criterion.label is None
        and len(criterion.text.split()) <= 4
        and _BARE_HEADING.fullmatch(criterion.text) is not None
    )


def _judge(
    criterion: Criterion,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
    record_is_complete: bool,
    silence_rules: frozenset[str] | None,
    waivers: frozenset[str] | None,
) -> _Outcome:
    own = None
    if criterion.children and criterion.section == "exclusion":
        if _lists_cancers_let_off(criterion):
            heading = msgspec.structs.replace(criterion, children=[])
            let_off = _cancers_let_off_below(
                criterion,
                patient,
                _own_status(
                    heading, patient, trial_concepts, record_is_complete, silence_rules, waivers
                ),
            )
            if let_off is not None:
                return let_off
    elif not _a_bare_heading(criterion):
        own = _own_status(
            criterion, patient, trial_concepts, record_is_complete, silence_rules, waivers
        )
    if not criterion.children:
        planned = _as_planned(criterion, patient, own)
        if planned is not None:
            return planned
        state = None if own is not None else _disease_state(criterion, patient, trial_concepts)
        if state is not None:
            return state
        if own is None:
            if criterion.section == "exclusion" and _waives(
                "unmentioned_exclusion", record_is_complete, waivers
            ):
                return "not_met", None, "nothing in the patient's record applies"
            return "unknown", None, "not computable from structured data; the study team decides"
        return own
    child_results = [
        _judge(child, patient, trial_concepts, record_is_complete, silence_rules, waivers)
        for child in criterion.children
    ]
    group = _group_status(criterion, child_results)
    if own is None:
        return group
    for status in ("not_met", "unknown"):
        for candidate in (own, group):
            if candidate[0] == status:
                return candidate
    return own


@functools.cache
def _plan_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A criterion's plan words, and its words of a procedure done."""
    rules = load_screening_rules()
    return (
        phrase_pattern(rules.criterion_plan_words),
        phrase_pattern(rules.criterion_past_procedure_words),
    )


def _as_planned(
    criterion: Criterion, patient: PatientFacts, own: _Outcome | None
) -> _Outcome | None:
    """A criterion asking for a planned procedure ("Abdominoplasty surgery planned",
    "scheduled to undergo arthroscopic shoulder surgery", "on the waiting list for it") is
    judged against the procedures the note plans (``PatientFacts.planned``), never against
    ones done: a past operation is not a plan, and a plan is not a past operation. Only a
    criterion that is its procedures and its plan words is read so ("Major surgery within 4
    weeks ... or an anticipated need for major surgery" also asks of one done, and is judged
    as before); a plan the note does not give leaves an answer resting on a done procedure to
    the study team."""
    constraints = criterion.constraints
    plan, past = _plan_words()
    if not constraints or not plan.search(criterion.text) or past.search(criterion.text):
        return None  # no plan asked, or a procedure done asked beside it
    procedures = [
        c for c in constraints if isinstance(c, ConceptMention) and c.category == "procedure"
    ]
    if len(procedures) != len(constraints):
        return None
    found = [patient.planned_facts(c.concept) for c in procedures]
    if all(found) and all(c.window is None for c in procedures):
        fact = found[0][0]
        names = ", ".join(dict.fromkeys(f"{f[0].concept}".replace("_", " ") for f in found))
        said = f"the note plans {names} ({fact.state_cue})"
        if all(not c.negated for c in procedures):
            return "met", fact.evidence, said
        if all(c.negated for c in procedures):
            return "not_met", fact.evidence, said
        return None
    if own is not None and own[0] != "unknown" and own[1] is not None:
        name = ", ".join(dict.fromkeys(c.text for c in procedures))
        return (
            "unknown",
            None,
            f"the criterion asks for a planned {name}; the note gives none planned "
            "(a procedure done is not a plan)",
        )
    return None


def _disease_state(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> _Outcome | None:
    """A criterion naming no condition the lexicon reads, settled by the disease state the
    note states: tumour-marker results ("Absence of sensitizing EGFR mutations" against
    "EGFR exon 19 deletion"), a response in order ("Partial Response or better" against
    "VGPR") or the WHO stage of HIV ("Stadium III and IV" in an HIV trial against "WHO stage
    4"). A criterion holding more than its marker results is left to the study team."""
    no_spread = asked_no_spread(criterion.text)
    if no_spread is not None:
        return _no_spread_status(no_spread, patient, trial_concepts)
    sentences = patient.state_evidence
    stages = asked_hiv_stages(criterion.text)
    infection = hiv_stage_infection()
    if stages and (infection in trial_concepts or "who" in criterion.text.lower()):
        noted = noted_hiv_stage(sentences)
        if noted is None or not patient.concept_facts(infection)[0]:
            return None
        stage, evidence = noted
        asked = ", ".join(str(s) for s in sorted(stages))
        if stage in stages:
            return (
                "met",
                evidence,
                f"the note gives WHO HIV stage {stage}; the criterion asks {asked}",
            )
        return (
            "not_met",
            evidence,
            (f"the note gives WHO HIV stage {stage}; the criterion asks {asked}"),
        )
    markers = marker_reading(criterion.text, sentences)
    if markers is not None:
        # A marker among other words may be no requirement at all ("not exposed to TKIs
        # active in ROS1-positive NSCLC"): only a criterion that is its markers is settled.
        if not markers.whole or markers.truth == "unknown":
            return None
        return ("met" if markers.truth == "true" else "not_met"), None, markers.reason
    response = response_reading(criterion.text, sentences)
    if response is not None and response.truth != "unknown":
        return ("met" if response.truth == "true" else "not_met"), None, response.reason
    return None


def _names_a_cancer(patient: PatientFacts) -> bool:
    """Whether the note names a cancer of the patient's: a lexicon one, or one only MeSH
    names ("gastric adenocarcinoma of the antrum")."""
    if patient.concept_facts("cancer")[0]:
        return True
    descriptors = _criterion_descriptors("cancer", "")
    return any(
        not fact.negated and _is_a(fact.descriptor_id, d)
        for fact in patient.vocabulary_facts
        for d in descriptors
    )


def _no_spread_status(
    asked: NoSpreadAsked, patient: PatientFacts, trial_concepts: frozenset[str]
) -> _Outcome | None:
    """A criterion asking the trial's cancer without distant metastasis, or an alternative
    ("No evidence of distant metastases, or locally advanced inoperable disease"), against
    the note's sentences saying whether the patient's cancer has spread: met when they say
    it has not; not met when they say it has and the alternative, if any, admits no
    distant spread either; None (the study team) when the trial studies no cancer, the
    note names none, its sentences disagree or say nothing, or the alternative may hold
    ("or oligometastatic")."""
    ancestors = load_lexicon().ancestors
    if not any(c == "cancer" or "cancer" in ancestors.get(c, ()) for c in trial_concepts):
        return None
    if not _names_a_cancer(patient):
        return None
    said = [
        (s, spread) for s in patient.extent_evidence if (spread := stated_spread(s)) is not None
    ]
    if not said or len({spread for _, spread in said}) != 1:
        return None
    evidence, spread = said[0]
    if not spread:
        return "met", evidence, "the note gives no distant metastasis"
    if asked.alternative and (
        not asked.alternative_extents or "metastatic" in asked.alternative_extents
    ):
        return None
    also = f" nor {asked.alternative}" if asked.alternative else ""
    return (
        "not_met",
        evidence,
        f"the note gives distant metastases; the criterion needs none{also}",
    )


def _group_status(criterion: Criterion, results: Sequence[_Outcome]) -> _Outcome:
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
        return "not_met", failing[0][1], _each_once(reason for _, _, reason in failing)
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
            criterion,
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
