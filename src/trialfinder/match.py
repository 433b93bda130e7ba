"""Pre-screen a patient against trials, criterion by criterion.

Each criterion gets ``met`` / ``not_met`` / ``unknown`` / ``not_applicable``
with the evidence (the patient fact or note sentence) and the reason. For an
exclusion criterion ``met`` means the exclusion applies. The trial verdict is
``excluded`` (an inclusion not met or an exclusion met), ``likely`` (every
criterion settled in the patient's favour) or ``possible``. Nothing here says
a patient is eligible: the study team decides.

Matching reads the criteria parsed at ingest; across a whole store it first
reads only the small stored summaries (sex, ages, condition concepts), skips
trials unrelated to the patient's conditions, and fetches the full criteria of
the remaining candidates.
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterable, Sequence
from typing import Literal, TypeVar

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
from trialfinder.criteria.lexicon import load_lexicon, tokenize
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    SexRequirement,
)
from trialfinder.patient import Fact, PatientFacts, load_screening_rules, phrase_pattern
from trialfinder.store.base import Store

__all__ = [
    "DISCLAIMER",
    "CriterionResult",
    "Finding",
    "MatchReport",
    "Question",
    "Status",
    "TrialResult",
    "Truth",
    "Verdict",
    "evaluate_constraint",
    "evaluate_criterion",
    "match_parsed",
    "match_store",
    "match_trial",
    "merge_age_alternatives",
    "questions_for",
    "relevance",
    "trial_criteria",
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


class MatchReport(msgspec.Struct):
    results: list[TrialResult]
    disclaimer: str = DISCLAIMER


class Finding(msgspec.Struct):
    """What one constraint says about the patient, and the fact it rests on."""

    truth: Truth
    evidence: str | None
    reason: str


def _format(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def _threshold_text(constraint: Measurement) -> str:
    unit = constraint.unit or ""
    unit = "× ULN" if constraint.relative_to_uln else unit
    if constraint.comparator == "between" and constraint.upper_value is not None:
        low, high = _format(constraint.value), _format(constraint.upper_value)
        return f"between {low} and {high} {unit}".strip()
    return f"{_COMPARATOR_WORDS[constraint.comparator]} {_format(constraint.value)} {unit}".strip()


def _compare(value: float, constraint: Measurement, low: float, high: float | None) -> bool:
    comparator = constraint.comparator
    if comparator == "between":
        return low <= value <= (high if high is not None else low)
    if comparator == ">":
        return value > low
    if comparator == ">=":
        return value >= low
    if comparator == "<":
        return value < low
    if comparator == "<=":
        return value <= low
    return abs(value - low) < 1e-9


_Interval = tuple[float, bool, float, bool]


def _interval(comparator: str, low: float, high: float | None) -> _Interval:
    """(low, low closed, high, high closed) of the values a comparator allows."""
    infinity = float("inf")
    if comparator == "between":
        return low, True, (high if high is not None else low), True
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
    weeks = (constraint.canonical_value or 0.0) * 365.25 / 7
    upper = constraint.canonical_upper * 365.25 / 7 if constraint.canonical_upper else None
    truth = _interval_truth(
        _interval("=", patient.gestational_weeks, None),
        _interval(constraint.comparator, weeks, upper),
    )
    return Finding(
        truth,
        patient.gestation_evidence,
        f"{_format(patient.gestational_weeks)} weeks of gestation; criterion {constraint.text}",
    )


def _measurement_finding(constraint: Measurement, patient: PatientFacts) -> Finding:
    lexicon = load_lexicon()
    analyte = lexicon.analytes[constraint.analyte]
    if constraint.analyte == "age":
        if patient.age is None:
            return Finding("unknown", None, "age not given")
        low = (
            constraint.canonical_value
            if constraint.canonical_value is not None
            else constraint.value
        )
        holds = _compare(patient.age, constraint, low, constraint.canonical_upper)
        return Finding(
            "true" if holds else "false",
            patient.age_evidence,
            f"age {_format(patient.age)} years; criterion {_threshold_text(constraint)}",
        )
    if not constraint.plausible:
        return Finding(
            "unknown",
            None,
            f"threshold {constraint.text!r} is not a plausible {analyte.display} value "
            "(likely a unit slip in the registry text); the study team must clarify",
        )
    facts = sorted(
        patient.measurement_facts(constraint.analyte),
        key=lambda f: f.measurement is None or f.measurement.comparator != "=",
    )
    if not facts:
        return Finding("unknown", None, f"no {analyte.display} value given")
    fact = facts[0]
    value = fact.measurement
    assert value is not None
    if constraint.relative_to_uln:
        return _uln_finding(constraint, fact, value, analyte.typical_uln, analyte.display)
    if value.relative_to_uln:
        return Finding("unknown", fact.evidence, f"{analyte.display} given as a multiple of ULN")
    if constraint.canonical_value is None or value.canonical_value is None:
        return Finding(
            "unknown",
            fact.evidence,
            f"{analyte.display} units cannot be compared ({constraint.text!r})",
        )
    truth = _interval_truth(
        _interval(value.comparator, value.canonical_value, value.canonical_upper),
        _interval(constraint.comparator, constraint.canonical_value, constraint.canonical_upper),
    )
    canonical_unit = analyte.canonical_unit or ""
    converted = ""
    if value.unit != analyte.canonical_unit and value.unit is not None:
        converted = f" (= {_format(value.canonical_value)} {canonical_unit})"
    stated = "" if value.comparator == "=" else f"{_COMPARATOR_WORDS[value.comparator]} "
    return Finding(
        truth,
        fact.evidence,
        f"{analyte.display} {stated}{_format(value.value)} {value.unit or ''}{converted}; "
        f"criterion {_threshold_text(constraint)}".replace("  ", " "),
    )


def _uln_finding(
    constraint: Measurement, fact: Fact, value: Measurement, typical_uln: float | None, display: str
) -> Finding:
    patient_comparator = "="
    if value.relative_to_uln:
        multiple = value.value
        patient_comparator = value.comparator
        stated = "" if value.comparator == "=" else f"{_COMPARATOR_WORDS[value.comparator]} "
        basis = f"{display} {stated}{_format(multiple)} × ULN"
    elif typical_uln is not None and value.canonical_value is not None:
        multiple = value.canonical_value / typical_uln
        basis = (
            f"{display} {_format(value.value)} {value.unit or ''} ≈ {_format(multiple)} × ULN "
            f"(assuming a typical ULN of {_format(typical_uln)}; the lab's own range decides)"
        )
    else:
        return Finding(
            "unknown", fact.evidence, f"{display} cannot be expressed as a multiple of ULN"
        )
    truth = _interval_truth(
        _interval(patient_comparator, multiple, None),
        _interval(constraint.comparator, constraint.value, constraint.upper_value),
    )
    return Finding(truth, fact.evidence, f"{basis}; criterion {_threshold_text(constraint)}")


def _years_since(year: int) -> float:
    return datetime.date.today().year - year + 0.5


def _window_finding(constraint: ConceptMention, fact: Fact, name: str) -> Finding:
    window = constraint.window
    assert window is not None
    limit_years = window.days / 365.25
    if window.kind == "recency":
        if fact.current:
            return Finding("true", fact.evidence, f"{name}: current, within {window.text}")
        if fact.end_year is not None:
            ago = _years_since(fact.end_year)
            within = ago <= limit_years
            return Finding(
                "true" if within else "false",
                fact.evidence,
                f"{name}: last in {fact.end_year}; criterion window {window.text}",
            )
        return Finding(
            "unknown", fact.evidence, f"{name}: timing not given; criterion window {window.text}"
        )
    if fact.start_year is not None:
        end = fact.end_year if fact.end_year is not None else datetime.date.today().year
        duration = max(0.0, end - fact.start_year + (0.0 if fact.end_year is None else 1.0))
        holds = _compare(
            duration,
            Measurement("duration", window.comparator, limit_years, window.text),
            limit_years,
            None,
        )
        return Finding(
            "true" if holds else "false",
            fact.evidence,
            f"{name}: about {_format(duration)} years; criterion duration {window.text}",
        )
    return Finding("unknown", fact.evidence, f"{name}: duration not given; criterion {window.text}")


def _concept_finding(constraint: ConceptMention, patient: PatientFacts) -> Finding:
    lexicon = load_lexicon()
    name = constraint.text
    concept = lexicon.concepts.get(constraint.concept)
    present, absent = patient.concept_facts(constraint.concept)
    if present:
        fact = present[0]
        if constraint.window is not None:
            finding = _window_finding(constraint, fact, name)
        else:
            finding = Finding("true", fact.evidence, f"patient has {name}")
    elif absent:
        finding = Finding("false", absent[0].evidence, f"patient does not have {name}")
    else:
        category = concept.category if concept else "condition"
        finding = Finding("unknown", None, f"no information about {name} ({category})")
    if constraint.negated and finding.truth != "unknown":
        flipped: Truth = "false" if finding.truth == "true" else "true"
        return Finding(flipped, finding.evidence, f"criterion requires no {name}: {finding.reason}")
    return finding


def _is_gestational_age(constraint: Measurement, criterion_text: str) -> bool:
    """An age in weeks or days in a criterion about gestation is the pregnancy's age."""
    return (
        constraint.analyte == "age"
        and constraint.unit in ("week", "day")
        and _gestation_words().search(criterion_text) is not None
    )


@functools.cache
def _gestation_words() -> re.Pattern[str]:
    return phrase_pattern(load_screening_rules().gestation_words)


@functools.cache
def _both_sexes_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.both_sexes_phrases)


def evaluate_constraint(
    constraint: Constraint, patient: PatientFacts, criterion_text: str = ""
) -> Finding:
    """Whether what the constraint states is true of the patient."""
    if isinstance(constraint, Measurement):
        if _is_gestational_age(constraint, criterion_text):
            return _gestation_finding(constraint, patient)
        return _measurement_finding(constraint, patient)
    if isinstance(constraint, SexRequirement):
        if patient.sex is None:
            return Finding("unknown", None, "sex not given")
        holds = patient.sex == constraint.sex
        return Finding(
            "true" if holds else "false",
            patient.sex_evidence,
            f"patient is {patient.sex}; criterion {constraint.sex}",
        )
    if isinstance(constraint, Pregnancy):
        return _pregnancy_finding(constraint, patient)
    if isinstance(constraint, HealthyVolunteers):
        if patient.has_current_conditions:
            return Finding(
                "false", None, "patient has medical conditions, so is not a healthy volunteer"
            )
        return Finding("unknown", None, "whether the patient counts as a healthy volunteer")
    return _concept_finding(constraint, patient)


def _pregnancy_finding(constraint: Pregnancy, patient: PatientFacts) -> Finding:
    if patient.sex == "male":
        truth: Truth = "false"
        finding = Finding(
            truth, patient.sex_evidence, "pregnancy and lactation do not apply to a male patient"
        )
    else:
        findings = [
            _concept_finding(ConceptMention(state_concept, "condition", state), patient)
            for state, state_concept in (("pregnant", "pregnancy"), ("lactating", "lactation"))
            if state in constraint.states
        ]
        positive = next((f for f in findings if f.truth == "true"), None)
        if positive is not None:
            finding = positive
        elif findings and all(f.truth == "false" for f in findings):
            finding = Finding("false", findings[0].evidence, "patient is not pregnant or lactating")
        else:
            finding = Finding("unknown", None, "pregnancy or lactation status not given")
    if constraint.negated and finding.truth != "unknown":
        flipped: Truth = "false" if finding.truth == "true" else "true"
        return Finding(flipped, finding.evidence, finding.reason)
    return finding


def _own_status(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> tuple[Status, str | None, str] | None:
    """The status from a criterion's own constraints (None when it has none)."""
    constraints = criterion.constraints
    if criterion.section == "exclusion":
        constraints = [
            c
            for c in constraints
            if not (isinstance(c, ConceptMention) and (c.negated or c.concept in trial_concepts))
        ]
    if _both_sexes_words().search(criterion.text):
        constraints = [c for c in constraints if not isinstance(c, SexRequirement)]
        if not constraints and _says_only_both_sexes(criterion.text):
            return _both_sexes_status(criterion, patient)
    if not constraints:
        return None
    if (
        any(isinstance(c, HealthyVolunteers) for c in constraints)
        and criterion.source == "structured"
    ):
        constraint = constraints[0]
        assert isinstance(constraint, HealthyVolunteers)
        return _healthy_structured(constraint, patient)
    findings = [evaluate_constraint(c, patient, criterion.text) for c in constraints]
    constraints, findings = merge_age_alternatives(constraints, findings, criterion.text)
    if criterion.section == "inclusion":
        return _inclusion_status(constraints, findings, criterion.complete)
    return _exclusion_status(findings, criterion.complete)


def _says_only_both_sexes(text: str) -> bool:
    """ "Male and female" / "Both genders are eligible": nothing else to check."""
    rest = _both_sexes_words().sub(" ", text)
    fillers = load_lexicon().filler_words | {"eligible", "study", "included", "accepted"}
    return all(token.text.lower() in fillers for token in tokenize(rest))


def _both_sexes_status(
    criterion: Criterion, patient: PatientFacts
) -> tuple[Status, str | None, str] | None:
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

    One age that holds is enough; the age fails only when every one fails.
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
    merged = next((f for f in age_findings if f.truth == "true"), None)
    if merged is None:
        merged = next((f for f in age_findings if f.truth == "unknown"), age_findings[0])
    kept = [index for index in range(len(constraints)) if index not in ages[1:]]
    merged_findings = [merged if index == ages[0] else findings[index] for index in kept]
    return [constraints[index] for index in kept], merged_findings


def _healthy_structured(
    constraint: HealthyVolunteers, patient: PatientFacts
) -> tuple[Status, str | None, str]:
    if constraint.accepted:
        return "not_applicable", None, "the study also accepts healthy volunteers"
    if patient.has_current_conditions:
        return "met", None, "the study is for patients; the patient has a medical condition"
    return "unknown", None, "the study does not take healthy volunteers"


def _inclusion_status(
    constraints: Sequence[Constraint], findings: Sequence[Finding], complete: bool
) -> tuple[Status, str | None, str]:
    """Measurements, age and sex must all hold; of several concepts one is enough."""
    concept_findings = [
        f for c, f in zip(constraints, findings, strict=True) if isinstance(c, ConceptMention)
    ]
    other_findings = [
        f for c, f in zip(constraints, findings, strict=True) if not isinstance(c, ConceptMention)
    ]
    failing = [f for f in other_findings if f.truth == "false"]
    if concept_findings and all(f.truth == "false" for f in concept_findings):
        failing.append(concept_findings[0])
    if failing:
        return "not_met", failing[0].evidence, failing[0].reason
    settled = list(other_findings)
    if concept_findings:
        settled.append(
            next((f for f in concept_findings if f.truth == "true"), concept_findings[0])
        )
    unknown = [f for f in settled if f.truth == "unknown"]
    evidence = next((f.evidence for f in settled if f.evidence), None)
    reasons = "; ".join(f.reason for f in settled)
    if unknown:
        return "unknown", evidence, reasons
    if not complete:
        return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"
    return "met", evidence, reasons


def _exclusion_status(
    findings: Sequence[Finding], complete: bool
) -> tuple[Status, str | None, str]:
    applying = [f for f in findings if f.truth == "true"]
    if applying:
        return "met", applying[0].evidence, applying[0].reason
    evidence = next((f.evidence for f in findings if f.evidence), None)
    reasons = "; ".join(f.reason for f in findings)
    if all(f.truth == "false" for f in findings):
        if complete:
            return "not_met", evidence, reasons
        return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"
    return "unknown", evidence, reasons


def evaluate_criterion(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str] = frozenset()
) -> tuple[Status, str | None, str]:
    """Status, evidence and reason for a criterion and its sub-items."""
    own = None
    if not (criterion.children and criterion.section == "exclusion"):
        own = _own_status(criterion, patient, trial_concepts)
    if not criterion.children:
        if own is None:
            return "unknown", None, "not computable from structured data; the study team decides"
        return own
    child_results = [
        evaluate_criterion(child, patient, trial_concepts) for child in criterion.children
    ]
    group = _group_status(criterion, child_results)
    if own is None:
        return group
    for status in ("not_met", "unknown"):
        for candidate in (own, group):
            if candidate[0] == status:
                return candidate
    return own


def _group_status(
    criterion: Criterion, results: Sequence[tuple[Status, str | None, str]]
) -> tuple[Status, str | None, str]:
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
    for result in results:
        if result[0] == "not_met":
            return result
    if all(status in ("met", "not_applicable") for status in statuses):
        return "met", results[0][1], "all sub-items are met"
    return "unknown", None, "some sub-items cannot be checked from the data given"


def match_parsed(parsed: ParsedCriteria, patient: PatientFacts) -> TrialResult:
    """Every criterion of one trial, failing ones first when the trial is excluded."""
    trial_concepts = frozenset(parsed.condition_concepts)
    results: list[CriterionResult] = []
    failing: list[CriterionResult] = []
    settled = True
    for criterion in parsed.criteria:
        status, evidence, reason = evaluate_criterion(criterion, patient, trial_concepts)
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
    return TrialResult(parsed.nct_id, verdict, [*failing, *results])


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


def _stored_or_parsed(store: Store, nct_ids: Sequence[str]) -> dict[str, ParsedCriteria]:
    """Stored parses of the current version; others are parsed now (never stored here)."""
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


def trial_criteria(store: Store, nct_ids: Sequence[str]) -> dict[str, ParsedCriteria]:
    """The parsed criteria of the named trials in the store, read once to screen many patients."""
    return _stored_or_parsed(store, nct_ids)


def match_store(
    store: Store,
    patient: PatientFacts,
    nct_ids: Sequence[str] | None = None,
    limit: int | None = 50,
) -> MatchReport:
    """Match against the named trials (in the order given) or rank the whole store."""
    if nct_ids:
        parsed = _stored_or_parsed(store, nct_ids)
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
    parsed = _stored_or_parsed(store, [nct_id for _, nct_id in chosen])
    scored = [
        (score, match_parsed(parsed[nct_id], patient))
        for score, nct_id in chosen
        if nct_id in parsed
    ]
    ranked = _rank(scored)
    return MatchReport(ranked if limit is None else ranked[:limit])


class Question(msgspec.Struct, frozen=True):
    """One measurement the trial's criteria compare; ``unit`` is a hint for the answer."""

    analyte: str
    label: str
    unit: str | None


def questions_for(parsed: ParsedCriteria) -> tuple[bool, bool, list[Question]]:
    """Whether to ask age and sex, and the measurements to ask, in criteria order."""
    analytes = load_lexicon().analytes
    asks_age = parsed.minimum_age_years is not None or parsed.maximum_age_years is not None
    asks_sex = parsed.sex in {"FEMALE", "MALE"}
    questions: dict[str, Question] = {}
    for criterion in parsed.iter_criteria():
        for constraint in criterion.constraints:
            if isinstance(constraint, SexRequirement | Pregnancy):
                asks_sex = True
            elif isinstance(constraint, Measurement):
                if constraint.analyte == "age":
                    asks_age = True
                elif constraint.analyte not in questions and constraint.analyte in analytes:
                    analyte = analytes[constraint.analyte]
                    unit = None if constraint.relative_to_uln else constraint.unit
                    questions[constraint.analyte] = Question(
                        analyte=analyte.id,
                        label=analyte.display,
                        unit=unit or analyte.default_unit or analyte.canonical_unit,
                    )
    return asks_age, asks_sex, list(questions.values())
