"""An infection's antibody against the infection itself, as a hepatologist reads them.

A hepatitis C antibody stays positive after the infection is cured (SVR) or cleared, so
"Hep C antibody positive" says the patient met the virus, not that they carry it now: the
infection is read from its RNA. A criterion that asks for the antibody ("Seropositivity for
… hepatitis C antibody") is met by a positive antibody whatever became of the infection;
one that asks for the infection ("Known or suspected hepatitis C infection …") is not met
by the antibody alone: RNA undetectable says no infection now, RNA detectable says one, and
no RNA leaves it to the study team. Which antibody outlasts its infection, its names and the
test of the infection's viral load are the one table of infection tests
(``data/criteria/infection_tests.json``); a note's positive antibody is the result its reader
(``criteria.infection_tests``) put on the note's fact (``Fact.tests``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from trialfinder.criteria.infection_tests import TestName, outlasting_antibody
from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation
from trialfinder.patient import Fact

__all__ = ["AntibodyReading", "antibody_reading"]

Truth = Literal["true", "false", "unknown"]


class AntibodyReading(NamedTuple):
    """What the antibody rule says: a truth, the note's evidence, and the reason."""

    truth: Truth
    evidence: str
    reason: str


class _Patterns:
    """The regular expressions of one infection's antibody, built once."""

    def __init__(self, concept_id: str, antibody: TestName, viral_load_id: str) -> None:
        lexicon = load_lexicon()
        concept = lexicon.concepts[concept_id]
        viral_load = lexicon.analytes[viral_load_id]
        self.antibody = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(antibody.names)})(?![\w-])", re.IGNORECASE
        )
        self.viral_load = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(viral_load.names)})(?![\w-])", re.IGNORECASE
        )
        names = [*concept.names, *(a.lower() for a in concept.acronyms)]
        self.infection = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(names)})(?![\w-])", re.IGNORECASE
        )
        self.antibody_id = antibody.id
        self.viral_load_id = viral_load_id
        self.display = antibody.name


@functools.cache
def _patterns(concept_id: str) -> _Patterns | None:
    tests = outlasting_antibody(concept_id)
    return None if tests is None else _Patterns(concept_id, *tests)


def _asks_antibody(criterion_text: str, patterns: _Patterns) -> bool:
    """Whether the criterion asks for the antibody alone: it names the antibody and not the
    viral load ("anti-HCV positive and detectable HCV RNA" asks for both)."""
    return (
        patterns.antibody.search(criterion_text) is not None
        and patterns.viral_load.search(criterion_text) is None
    )


def _antibody_only(evidence: str, patterns: _Patterns) -> bool:
    """Whether the note's sentence names the infection only by its antibody (and viral load):
    "HCV antibody positive, HCV RNA negative" does; "Chronic hepatitis C, anti-HCV positive"
    names the infection itself."""
    if patterns.antibody.search(evidence) is None:
        return False
    rest = patterns.viral_load.sub(" ", patterns.antibody.sub(" ", evidence))
    return patterns.infection.search(rest) is None


def _viral_load(facts: Sequence[Fact], analyte: str) -> Fact | None:
    return next(
        (f for f in facts if f.measurement is not None and f.measurement.analyte == analyte),
        None,
    )


def antibody_reading(
    concept_id: str,
    criterion_text: str,
    present: Sequence[Fact],
    absent: Sequence[Fact],
    all_facts: Sequence[Fact],
) -> AntibodyReading | None:
    """What an infection's antibody settles of a criterion naming the infection, or None
    when the rule has nothing to say (another concept, no antibody in the note, or a note
    that names the infection itself).

    ``present`` and ``absent`` are the note's facts for the concept (``concept_facts``),
    ``all_facts`` every fact of the note (for the viral load).
    """
    patterns = _patterns(concept_id)
    if patterns is None:
        return None
    if _asks_antibody(criterion_text, patterns):
        positive = next(
            (
                f
                for f in [*present, *absent]
                if any(t.test == patterns.antibody_id and t.positive for t in f.tests)
            ),
            None,
        )
        if positive is not None:
            return AntibodyReading(
                "true",
                positive.evidence,
                f"the note gives a positive {patterns.display} (it stays positive after cure)",
            )
        return None
    if not present or any(f.state == "cured" for f in present):
        return None
    if not all(_antibody_only(f.evidence, patterns) for f in present):
        return None
    load = _viral_load(all_facts, patterns.viral_load_id)
    measurement = load.measurement if load is not None else None
    if load is not None and measurement is not None:
        if measurement.comparator in {"=", "<", "<="} and measurement.value == 0:
            return AntibodyReading(
                "false",
                load.evidence,
                f"the note gives a positive {patterns.display} with the virus "
                "undetectable: a past infection, not a current one",
            )
        if measurement.value > 0 or measurement.comparator in {">", ">="}:
            return AntibodyReading(
                "true", load.evidence, "the note gives the virus detectable: a current infection"
            )
    return AntibodyReading(
        "unknown",
        present[0].evidence,
        f"the note gives a positive {patterns.display}, which stays positive after cure; "
        "it does not say whether the virus is detectable now",
    )
