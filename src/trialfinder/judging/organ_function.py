"""An organ's impaired function a criterion asks, against the note's normal function tests.

"LFTs normal" says the liver works: a criterion asking "evidence of liver dysfunction" or
"hepatic impairment" is not met by that patient. Only the function is settled: "liver
disease", "renal disease" or "cirrhosis" are structural, and a normal test says nothing of
them, so the criterion's own words for the condition must name the function
(``normal_organ_function`` of ``data/screening_rules.json`` gives the words both ways). The
note's words are those phrases, or any statement :mod:`trialfinder.normal_labs` reads as normal
for every key test of the organ (``adequate_function``'s tests: "kidney and liver blood tests
are fine", "bili, ALT and AST normal"), or the note's values of every key test inside their
usual reference ranges ("bilirubin 9 umol/L, ALT 22 U/L"). A criterion asking the function
severely impaired ("Severe hepatic or renal dysfunction") is also not met by a value above the
severe band the row's source defines (an eGFR of 68: impaired, not severely).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from trialfinder.criteria.model import ConceptMention
from trialfinder.judging.adequate_function import normal_key_tests, said_reading
from trialfinder.judging.criterion_words import mention_span
from trialfinder.judging.findings import Finding
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.normal_labs import normal_readings
from trialfinder.patient import PatientFacts, load_screening_rules
from trialfinder.phrases import (
    denial_just_before,
    phrase_alternation,
    phrase_pattern,
    undenied_matches,
)

__all__ = ["normal_function_finding"]


# "Not normal", "no longer normal": a denial just before the test's words reads nothing.
_DENIED_BEFORE = denial_just_before(("not", "no longer", "never"))


@functools.cache
def _key_tests() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each organ's key tests (one analyte of each group suffices), from ``adequate_function``."""
    rules = load_screening_rules().adequate_function
    if rules is None:
        return {}
    return {organ.organ: tuple(tuple(group) for group in organ.tests) for organ in rules.organs}


def _normal_tests(organ: str, sentence: str) -> str | None:
    """The note's words writing every key test of ``organ`` normal in ``sentence``, or None."""
    groups = _key_tests().get(organ)
    if not groups:
        return None
    readings = {reading.measurement.analyte: reading for reading in normal_readings(sentence)}
    said: list[str] = []
    for group in groups:
        found = next((readings[analyte] for analyte in group if analyte in readings), None)
        if found is None:
            return None
        said.append(found.words)
    return ", ".join(dict.fromkeys(said))


class _Row(NamedTuple):
    """One row of ``normal_organ_function``, its words compiled."""

    concept: str
    organ: str
    asked: re.Pattern[str]
    normal: re.Pattern[str]
    severe: re.Pattern[str] | None
    severe_below: dict[str, float]


@functools.cache
def _rows() -> tuple[_Row, ...]:
    return tuple(
        _Row(
            row.concept,
            row.organ,
            phrase_pattern(row.asked_words),
            phrase_pattern(row.note_phrases),
            # "Severe hepatic or renal dysfunction": the word may stand before another organ's.
            re.compile(
                rf"\b(?:{phrase_alternation(row.severe_words)})\s+"
                r"(?:[^\W\d_]+\s*,?\s*(?:and/or|or|and|/)\s*)?$",
                re.IGNORECASE,
            )
            if row.severe_words
            else None,
            row.severe_below,
        )
        for row in load_screening_rules().normal_organ_function
    )


# "hepatic or renal insufficiency": a second organ word sharing the head the first is read
# without.
_SHARED_HEAD = re.compile(r"\s*,?\s*(?:and/or|or|and|/)\s*[^\W\d_]+\s+", re.IGNORECASE)


def _asks_function(constraint: ConceptMention, asked: re.Pattern[str], criterion_text: str) -> bool:
    """Whether the criterion's words for the condition ask its function: its own ("liver
    dysfunction"), or, for an organ's word alone, the head it shares with the next organ's
    ("Severe hepatic or renal insufficiency")."""
    if asked.search(constraint.text):
        return True
    if " " in constraint.text.strip():
        return False  # "chronic renal disease, and hepatic impairment": its own head
    span = mention_span(criterion_text, constraint.text) if constraint.text else None
    shared = _SHARED_HEAD.match(criterion_text, span[1]) if span else None
    return shared is not None and asked.match(criterion_text, shared.end()) is not None


def normal_function_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str
) -> Finding | None:
    """Not met when the criterion's words for an organ's condition ask its function ("liver
    dysfunction") and the note writes the organ's function tests normal ("LFTs normal");
    None otherwise."""
    for row in _rows():
        concept, organ, asked, normal = row.concept, row.organ, row.asked, row.normal
        if constraint.concept != concept or not _asks_function(constraint, asked, criterion_text):
            continue
        for sentence in note_sentences(patient):
            said = undenied_matches(normal, sentence, _DENIED_BEFORE)
            words = said[0].group(0) if said else _normal_tests(organ, sentence)
            if words:
                return Finding(
                    "false",
                    sentence,
                    f"the note says {words}: the {organ}'s function is normal, so no {name}",
                )
        values = normal_key_tests(organ, patient)
        if values:
            given = ", ".join(dict.fromkeys(said_reading(fact) for fact in values))
            return Finding(
                "false",
                "; ".join(dict.fromkeys(fact.evidence for fact in values)),
                f"the note gives {given}, inside the usual ranges: the {organ}'s function is "
                f"normal, so no {name}; the lab's own range decides near a limit",
            )
        severe = _above_severe_band(row, constraint, patient, name, criterion_text)
        if severe is not None:
            return severe
    return None


def _above_severe_band(
    row: _Row, constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str
) -> Finding | None:
    """Not met when the criterion asks the function severely impaired ("Severe hepatic or
    renal dysfunction") and the note's values of the row's ``severe_below`` analytes are all
    at or above the severe band ("eGFR 68"); None otherwise."""
    span = mention_span(criterion_text, constraint.text) if constraint.text else None
    if row.severe is None or span is None or not row.severe.search(criterion_text[: span[0]]):
        return None
    values = [
        (fact, limit)
        for analyte, limit in row.severe_below.items()
        for fact in patient.measurement_facts(analyte)
        if not fact.negated
        and fact.measurement is not None
        and fact.measurement.canonical_value is not None
        and fact.measurement.comparator in ("=", ">", ">=")
        and not fact.measurement.relative_to_uln
    ]
    if not values or any(
        fact.measurement is not None and (fact.measurement.canonical_value or 0.0) < limit
        for fact, limit in values
    ):
        return None
    said = ", ".join(dict.fromkeys(said_reading(fact) for fact, _ in values))
    limits = ", ".join(dict.fromkeys(f"{limit:g}" for _, limit in values))
    return Finding(
        "false",
        "; ".join(dict.fromkeys(fact.evidence for fact, _ in values)),
        f"the note gives {said}, not below {limits} (the severe band's upper edge): the "
        f"{row.organ}'s function is not severely impaired, so no severe {name}",
    )
