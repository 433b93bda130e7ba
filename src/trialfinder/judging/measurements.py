"""A criterion's measurement (a lab value, a score, an age, a gestation, an ejection
fraction) against the value the note gives.

The threshold or range a criterion asks ("ALT ≤ 2.5 × ULN", "eGFR ≥ 60", "aged 18 to 75"),
the note's value in the criterion's unit, a value given only against the upper limit of
normal, an exposure the note denies, and the heart failure kind an LVEF defines: read here
as one concept, answered as a ``Finding`` for the judge.
"""

from __future__ import annotations

import msgspec

from trialfinder.criteria.lexicon import Analyte, load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint, Measurement, comparison_holds
from trialfinder.criteria.parse import detection_word, reads_age_group, reads_majority
from trialfinder.criteria.units import (
    format_number,
    format_quantity,
    from_canonical,
    to_canonical,
    unit_words,
)
from trialfinder.disease_relations import load_disease_relations, unless_pattern
from trialfinder.ejection_fraction import EjectionFractionKind, ejection_fraction_kind
from trialfinder.judging.concept_names import concept_name
from trialfinder.judging.findings import Finding, Truth, each_once, joined_reasons
from trialfinder.patient import WORKED_OUT, Fact, PatientFacts

__all__ = [
    "denied_graded_disease",
    "ejection_fraction_finding",
    "gestation_finding",
    "measurement_finding",
    "threshold_text",
]


_COMPARATOR_WORDS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "=": "=", "between": "between"}


def threshold_text(constraint: Measurement, unit: str | None = None) -> str:
    """The criterion's threshold for people: "≥ 170 µmol/L", "between 18 and 30 kg/m²"."""
    unit = constraint.unit if unit is None else unit
    if constraint.relative_to_uln:
        unit = "ULN"
    if constraint.comparator == "between" and constraint.upper_value is not None:
        low = format_number(constraint.value)
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


def gestation_finding(constraint: Measurement, patient: PatientFacts) -> Finding:
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
        f"{format_number(patient.gestational_weeks)} weeks of gestation; "
        f"criterion {constraint.text}",
    )


def _majority_assumed(constraint: Measurement) -> str:
    """What an age limit read from a minors phrase ("Minors") assumes: an age of majority
    of 18, which is not everywhere's (19 in South Korea, 20 in Thailand, 21 in Singapore);
    and one read from an age group ("Healthy children"), the ages it was read as."""
    if reads_age_group(constraint):
        return f" (“{constraint.text}” read as ages {threshold_text(constraint)})"
    if not reads_majority(constraint):
        return ""
    return (
        f" (“{constraint.text}” read as an age of majority of "
        f"{format_number(load_lexicon().cues.majority_age)};"
        " the study team decides where majority differs)"
    )


def _age_outside(subject: str, age: float, constraint: Measurement, low: float) -> str:
    """Why an age fails its limit, naming the bound that decided: "Age 18 years is not
    below the required < 18 years", "Age 2 years is below the required ≥ 12 years" (of
    "12 to < 18 years"); an age on a strict bound is not past it, only not inside."""
    comparator = constraint.comparator
    threshold = threshold_text(constraint)
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


def measurement_finding(constraint: Measurement, patient: PatientFacts) -> Finding:
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
        subject = f"Age {format_number(patient.age)} years"
        majority = _majority_assumed(constraint)
        if holds:
            return Finding(
                "true",
                patient.age_evidence,
                _measurement_sentence(subject, "true", constraint, threshold_text(constraint))
                + majority,
            )
        return Finding(
            "false",
            patient.age_evidence,
            _age_outside(subject, patient.age, constraint, low) + majority,
        )
    threshold_low, threshold_high = constraint.canonical_value, constraint.canonical_upper
    required = threshold_text(constraint)
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
            f"{threshold_text(constraint, constraint.plausible_unit)} (the trial's "
            f"“{constraint.text}” is not a plausible {analyte.display} value, read as "
            f"{unit_words(constraint.plausible_unit)})"
        )
    facts = sorted(
        patient.measurement_facts(constraint.analyte),
        # A value the note states outweighs everyday words read by the scale's definition,
        # and a test written as normal with no number.
        key=lambda f: (
            bool(f.within_normal),
            bool(f.defined_by),
            f.measurement is None or f.measurement.comparator != "=",
        ),
    )
    if not facts and analyte.members:
        return _group_finding(constraint, patient, analyte)
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
    if fact.within_normal:
        return _normal_finding(constraint, fact, value, analyte, (threshold_low, threshold_high))
    if constraint.relative_to_uln:
        return _uln_finding(constraint, fact, value, analyte)
    if value.relative_to_uln:
        return Finding("unknown", fact.evidence, f"{analyte.display} given as a multiple of ULN")
    if "LLN" in (constraint.unit, value.unit):
        return _lln_finding(constraint, fact, value, analyte, required)
    if value.canonical_value is None and value.unit is None:
        units = " or ".join(
            unit_words(unit) for unit in (analyte.canonical_unit, *analyte.other_units) if unit
        )
        return Finding(
            "unknown",
            fact.evidence,
            f"{analyte.display} {format_number(value.value)} was given without a unit"
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
    if fact.defined_by:
        # "the note's “spends most of the day in bed” (ECOG performance status 3 by its
        # definition)": the grade is the words', not a score the note wrote.
        subject = f"the note's “{value.text}” ({subject} by its definition)"
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


def _group_finding(constraint: Measurement, patient: PatientFacts, group: Analyte) -> Finding:
    """A threshold on a quantity that names others together ("Transaminases > 2 x ULN",
    "Elevated liver enzymes") against the note's values of its members ("ALT 120 U/L"): the
    group is as high as its highest member, so a lower limit ("> 2 x ULN") holds when one
    member holds it and fails when every member is given and fails it; an upper limit or a
    range ("≤ 2.5 x ULN") fails when one member fails it and holds when every member is
    given and holds it. Otherwise unknown, naming the members not given."""
    findings = {
        member: measurement_finding(msgspec.structs.replace(constraint, analyte=member), patient)
        for member in group.members
    }
    given = [f for f in findings.values() if f.evidence is not None]
    if not given:
        return Finding("unknown", None, f"no {group.display_in_sentence} value given")
    decisive = "true" if constraint.comparator in (">", ">=") else "false"
    for finding in given:
        if finding.truth == decisive:
            return finding
    if len(given) == len(findings) and all(f.truth != "unknown" for f in given):
        return Finding(given[0].truth, given[0].evidence, joined_reasons(given))
    missing = [
        load_lexicon().analytes[m].display for m, f in findings.items() if f.evidence is None
    ]
    reasons = each_once(f.reason for f in given)
    return Finding(
        "unknown",
        given[0].evidence,
        f"{reasons}; {group.display} also asks {' and '.join(missing)}, not given"
        if missing
        else reasons,
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
        _measurement_sentence(subject, truth, constraint, threshold_text(constraint)),
    )


def denied_graded_disease(
    constraint: Constraint, finding: Finding, patient: PatientFacts
) -> Finding:
    """An exclusion's class that grades one disease only (``classes_implying`` of the
    disease relations: the NYHA classes grade heart failure, Child-Pugh cirrhosis) asked
    above its lowest class, against a note giving no class and denying the disease: a
    patient without heart failure has no NYHA class II or worse, so the finding is false. A
    class asked as a limit ("NYHA ≤ II"), or from the lowest class up, is left as it was,
    as is a note naming a disease the class is also given for (the implication's
    ``unless``: a NYHA class for pulmonary hypertension). Exclusions only: an inclusion
    may list the class as one of several alternatives ("ECOG PS 2 or NYHA Class 3")."""
    if finding.truth != "unknown" or finding.evidence or not isinstance(constraint, Measurement):
        return finding
    analyte = load_lexicon().analytes.get(constraint.analyte)
    if analyte is None:
        return finding
    return _denied_graded_disease(constraint, analyte, patient) or finding


def _denied_graded_disease(
    constraint: Measurement, analyte: Analyte, patient: PatientFacts
) -> Finding | None:
    """The false finding of :func:`denied_graded_disease`, or None."""
    lowest = analyte.plausible[0] if analyte.plausible is not None else None
    low = constraint.canonical_value
    if (
        low is None
        or lowest is None
        or patient.measurement_facts(constraint.analyte)
        or constraint.comparator not in (">", ">=", "=", "between")
        or (low <= lowest and constraint.comparator != ">")
    ):
        return None
    for implication in load_disease_relations().classes_implying:
        if implication.analyte != constraint.analyte:
            continue
        present, absent = patient.concept_facts(implication.concept)
        unless = unless_pattern(implication.unless)
        other = unless is not None and any(
            not f.negated and unless.search(f.evidence) for f in patient.facts
        )
        if present or not absent or other:
            return None
        disease = load_lexicon().concepts[implication.concept].names[0]
        return Finding(
            "false",
            absent[0].evidence,
            f"the note denies {disease}, which the {analyte.display} grades, so there is no "
            f"{analyte.display}; criterion {analyte.display} {threshold_text(constraint)}",
        )
    return None


def _patient_value_text(analyte: Analyte, value: Measurement, constraint: Measurement) -> str:
    """ "Bilirubin 3.1 mg/dL (53 µmol/L)": the patient's value, also in the criterion's unit.

    A range ("Child-Pugh class A" is 5–6 points) is written as one: "Child-Pugh score 5–6".
    """
    if value.comparator == "between" and value.upper_value is not None:
        low, high = format_number(value.value), format_number(value.upper_value)
        return f"{analyte.display} {low}–{high}{_unit_suffix(value.unit)}"
    detection = detection_word(analyte, value)
    if detection is not None:
        return f"{analyte.display} {detection}"
    stated = "" if value.comparator == "=" else f"{_COMPARATOR_WORDS[value.comparator]} "
    if value.unit_assumed:
        return (
            f"{analyte.display} {stated}{format_number(value.value)}"
            f" (taken as {unit_words(value.unit)})"
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
        basis = f"{display} {stated}{format_number(multiple)} × ULN"
    elif typical_uln is not None and value.canonical_value is not None:
        multiple = value.canonical_value / typical_uln
        assumed = f" (taken as {unit_words(value.unit)})" if value.unit_assumed else ""
        basis = (
            f"{display} {format_quantity(value.value, value.unit)}{assumed} ≈ "
            f"{format_number(multiple)} × ULN (assuming a typical ULN of "
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
        _measurement_sentence(basis, truth, constraint, threshold_text(constraint)),
    )


def _normal_finding(
    constraint: Measurement,
    fact: Fact,
    value: Measurement,
    analyte: Analyte,
    threshold: tuple[float | None, float | None],
) -> Finding:
    """A test the note writes as normal ("bili normal", "LFTs normal") is at most the upper
    limit of normal and at least the lower: a threshold at or beyond a limit in the favourable
    direction ("≤ 1.5 × ULN", "≥ LLN") is met and one on the far side of a limit ("> ULN")
    is not; a threshold inside the normal range ("ALT < 0.5 × ULN") stays unknown. An absolute
    threshold is compared with the usual reference range, written wide
    (``data/criteria/normal_labs.json``), so that "platelets ≥ 100 × 10⁹/L" is met and
    "creatinine ≤ 1.2 mg/dL" is not settled."""
    said = f"the note's “{fact.within_normal}”"
    if constraint.relative_to_uln or constraint.unit == "LLN":
        limit = "ULN" if constraint.relative_to_uln else "LLN"
        side = "<=" if constraint.relative_to_uln else ">="
        truth = _interval_truth(
            _interval(side, 1.0, None),
            _interval(constraint.comparator, constraint.value, constraint.upper_value),
        )
        basis = f"{said} ({analyte.display} {_COMPARATOR_WORDS[side]} 1 × {limit})"
        return Finding(
            truth,
            fact.evidence,
            _measurement_sentence(basis, truth, constraint, threshold_text(constraint)),
        )
    low, high = threshold
    if low is None or value.relative_to_uln or value.canonical_value is None:
        return Finding(
            "unknown",
            fact.evidence,
            f"{said} gives no number; the criterion requires {threshold_text(constraint)}",
        )
    truth = _interval_truth(
        _interval("between", value.canonical_value, value.canonical_upper),
        _interval(constraint.comparator, low, high, (constraint.lower_open, constraint.upper_open)),
    )
    usual = format_quantity(value.canonical_upper or value.value, analyte.canonical_unit)
    basis = (
        f"{said} ({analyte.display} within the usual range "
        f"{format_number(value.value)} to {usual}; the lab's own range decides)"
    )
    return Finding(
        truth,
        fact.evidence,
        _measurement_sentence(basis, truth, constraint, threshold_text(constraint)),
    )


def _lln_finding(
    constraint: Measurement, fact: Fact, value: Measurement, analyte: Analyte, required: str
) -> Finding:
    """A threshold against the lower limit of normal ("low vitamin B12": < 1 × LLN, "ANC <
    0.8 × LLN"), or a patient's value given against it ("low B12" in a note): compared as
    multiples of the limit when both are; otherwise unknown, since no typical lower limit
    is assumed and the lab's own range decides."""
    if constraint.unit == value.unit == "LLN":
        truth = _interval_truth(
            _interval(value.comparator, value.value, value.upper_value),
            _interval(constraint.comparator, constraint.value, constraint.upper_value),
        )
        stated = "" if value.comparator == "=" else f"{_COMPARATOR_WORDS[value.comparator]} "
        basis = f"{analyte.display} {stated}{format_quantity(value.value, 'LLN')}"
        return Finding(
            truth, fact.evidence, _measurement_sentence(basis, truth, constraint, required)
        )
    if value.unit == "LLN":
        return Finding(
            "unknown",
            fact.evidence,
            f"{analyte.display} given against the lower limit of normal; the criterion "
            f"requires {required}",
        )
    return Finding(
        "unknown",
        fact.evidence,
        f"{analyte.display} {format_quantity(value.value, value.unit)}: the criterion requires "
        f"{required}, and the lab's own lower limit of normal decides",
    )


def ejection_fraction_finding(
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
    measured = measurement_finding(kind.bound, patient)
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
            threshold_text(constraint),
        ),
    )
