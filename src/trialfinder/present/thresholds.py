"""Thresholds the parse flagged as implausible in their unit, in words for the trial page.

A registry text that says "Hb > 10 mg/dL" means 10 g/dL: 10 mg/dL of haemoglobin
is not a value a living person has. The criteria parse marks such a threshold
(``Measurement.plausible`` False) and, when exactly one usual unit makes it
plausible, names that unit (``plausible_unit``), which matching then judges in.
A reader of the trial page must see the same thing matching does, so the note
sits beside the criterion, and the qualify form asks in the plausible unit.
"""

from __future__ import annotations

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Criterion, Measurement
from trialfinder.criteria.units import format_quantity, unit_words

__all__ = ["threshold_notes"]


def _note(measurement: Measurement) -> str:
    analytes = load_lexicon().analytes
    analyte = analytes.get(measurement.analyte)
    name = (
        analyte.display_in_sentence
        if analyte is not None
        else measurement.analyte.replace("_", " ")
    )
    written = format_quantity(measurement.value, measurement.unit)
    flagged = f"“{measurement.text}”: {written} is not a plausible {name} value"
    if measurement.plausible_unit is None:
        return f"{flagged}; the pre-screen does not use this threshold."
    plausible = format_quantity(measurement.value, measurement.plausible_unit)
    return (
        f"{flagged}; the pre-screen reads it as {plausible} and asks for "
        f"{unit_words(measurement.plausible_unit)}. The study team can confirm."
    )


def threshold_notes(criterion: Criterion) -> list[str]:
    """One note per threshold of this criterion (not its sub-items) flagged as implausible."""
    return [
        _note(constraint)
        for constraint in criterion.constraints
        if isinstance(constraint, Measurement) and not constraint.plausible
    ]
