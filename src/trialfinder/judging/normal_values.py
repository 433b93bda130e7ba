"""Named tests a criterion asks normal, against the note's values and normal words.

"Potassium within normal limits", "Calcium (corrected for serum albumin) and magnesium within
normal limits or ≤ grade 1 …": the criterion asks each named test inside its reference range
(:func:`trialfinder.normal_labs.asked_normal`). A value inside the usual adult range, written
wide (``normal_labs.json``), or the note's own words that the test is normal ("potassium
normal") meets it; a value past that range does not, unless the criterion offers another way
("or corrected with supplements"), which leaves it to the study team. A test the note does not
give leaves it open. Normal entails adequate, never the reverse: a criterion asking adequate
function is :mod:`trialfinder.judging.adequate_function`'s.

An exclusion of any result outside normal values, naming no test ("Deviation from normal
values in the biochemical test report", :func:`trialfinder.normal_labs.asked_abnormal`), is
met by a value the note gives past its usual range (unless the criterion asks it clinically
significant), and not met when the note writes every routine panel's test normal or in range
("screening bloods all within normal limits") and gives no other laboratory value outside a
range or without one.
"""

from __future__ import annotations

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Criterion
from trialfinder.judging.adequate_function import said_reading
from trialfinder.judging.findings import Outcome
from trialfinder.normal_labs import (
    asked_abnormal,
    asked_normal,
    reference_range,
    routine_analytes,
)
from trialfinder.patient import Fact, PatientFacts

__all__ = ["abnormal_values_outcome", "normal_values_outcome"]


def _inside(fact: Fact) -> bool | None:
    """Whether the fact's value lies inside its analyte's usual range (None: cannot tell)."""
    measurement = fact.measurement
    if measurement is None or fact.negated:
        return None
    if fact.within_normal:
        return True
    usual = reference_range(measurement.analyte)
    value = measurement.canonical_value
    if usual is None or value is None or measurement.comparator != "=":
        return None
    return usual[0] <= value <= usual[1]


def _gives(facts: list[Fact]) -> tuple[str, str]:
    """What the deciding facts say, and their evidence, each once."""
    said = ", ".join(dict.fromkeys(said_reading(fact) for fact in facts))
    return said, "; ".join(dict.fromkeys(fact.evidence for fact in facts))


def normal_values_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An inclusion asking named tests normal: met when the note gives each inside its usual
    range, not met when one is past it (and the criterion offers no other way); None when a
    test is not given, read two ways, or the criterion asks anything else."""
    if criterion.section != "inclusion":
        return None
    asked = asked_normal(criterion.text)
    if asked is None:
        return None
    deciding: list[Fact] = []
    for analyte in asked.analytes:
        read = [
            (fact, inside)
            for fact in patient.measurement_facts(analyte)
            if (inside := _inside(fact)) is not None
        ]
        if not read or len({inside for _, inside in read}) > 1:
            return None
        fact, inside = read[0]
        if not inside:
            if asked.alternative:
                return None
            return (
                "not_met",
                fact.evidence,
                f"the note gives {said_reading(fact)}: past the usual reference range, so not "
                "within normal limits",
            )
        deciding.append(fact)
    said, evidence = _gives(deciding)
    return (
        "met",
        evidence,
        f"the note gives {said}: within the usual reference range; the lab's own range "
        "decides near a limit",
    )


def abnormal_values_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An exclusion of any result outside normal values: met by a value past its usual
    range, not met when every routine test is normal and no other laboratory value is
    outside or unranged; None otherwise."""
    if criterion.section != "exclusion":
        return None
    judged = asked_abnormal(criterion.text)
    if judged is None:
        return None
    analytes = load_lexicon().analytes
    labs = [
        (fact, _inside(fact))
        for fact in patient.facts
        if fact.measurement is not None
        and not fact.negated
        and analytes[fact.measurement.analyte].kind == "lab"
    ]
    outside = [fact for fact, inside in labs if inside is False]
    if outside:
        if judged:
            return None
        fact = outside[0]
        return (
            "met",
            fact.evidence,
            f"the note gives {said_reading(fact)}: past the usual reference range",
        )
    if any(inside is None for _, inside in labs):
        return None
    normal = {fact.measurement.analyte: fact for fact, _ in labs if fact.measurement}
    if any(analyte not in normal for analyte in routine_analytes()):
        return None
    said, evidence = _gives([normal[analyte] for analyte in routine_analytes()])
    return (
        "not_met",
        evidence,
        f"the note gives {said}: every routine test within the usual reference range",
    )
