"""A patient: the profile JSON and the facts read from it and its free-text note.

Every fact keeps where it came from (the profile field, or the note sentence)
so that each criterion verdict can show its evidence. Patient data is health
data: nothing here logs, stores or sends it.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import load_lexicon, tokenize
from trialfinder.criteria.model import Measurement
from trialfinder.criteria.parse import ConceptFinding, analyse_text, find_concepts, parse_value_text

__all__ = [
    "Fact",
    "PatientFacts",
    "PatientProfile",
    "extract_facts",
    "load_profile",
    "split_sentences",
]

FactKind = Literal["concept", "measurement"]


class PatientProfile(msgspec.Struct, omit_defaults=True, forbid_unknown_fields=True):
    """The patient profile JSON; every field is optional."""

    age: float | None = None
    sex: str | None = None
    conditions: list[str] = []
    measurements: dict[str, str] = {}
    medications: list[str] = []
    note: str | None = None


def load_profile(data: bytes | str) -> PatientProfile:
    """Validate and load a profile; raises ``msgspec.ValidationError`` with the bad field."""
    return msgspec.json.decode(data, type=PatientProfile)


class Fact(msgspec.Struct, omit_defaults=True):
    """One thing known about the patient and the text it came from."""

    kind: FactKind
    evidence: str
    concept: str | None = None
    measurement: Measurement | None = None
    negated: bool = False
    historical: bool = False
    current: bool = False
    start_year: int | None = None
    end_year: int | None = None


class PatientFacts(msgspec.Struct):
    """Everything matching needs, indexed by concept and analyte."""

    age: float | None = None
    age_evidence: str = ""
    sex: Literal["female", "male"] | None = None
    sex_evidence: str = ""
    facts: list[Fact] = []
    condition_terms: list[str] = []
    condition_concepts: list[str] = []

    def concept_facts(self, concept_id: str) -> tuple[list[Fact], list[Fact]]:
        """Facts saying the patient has ``concept_id`` (or a narrower one), and denying it."""
        lexicon = load_lexicon()
        ancestors_of_target = lexicon.ancestors.get(concept_id, frozenset({concept_id}))
        present: list[Fact] = []
        absent: list[Fact] = []
        for fact in self.facts:
            if fact.kind != "concept" or fact.concept is None:
                continue
            if fact.negated:
                if fact.concept in ancestors_of_target:
                    absent.append(fact)
            elif concept_id in lexicon.ancestors.get(fact.concept, frozenset({fact.concept})):
                present.append(fact)
        return present, absent

    def measurement_facts(self, analyte_id: str) -> list[Fact]:
        return [
            fact
            for fact in self.facts
            if fact.measurement is not None and fact.measurement.analyte == analyte_id
        ]

    @property
    def has_current_conditions(self) -> bool:
        return any(
            fact.kind == "concept" and not fact.negated and not fact.historical
            for fact in self.facts
        )


_SENTENCE_NUMBER = re.compile(r"^\s*\d{1,3}\.\s+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(])")
_AGE = re.compile(
    r"\b(\d{1,3}(?:\.\d)?)[- ]?(?:(year|yr|month|week|day)s?[- ]old|yo\b|y/o\b|y\.o\.)",
    re.IGNORECASE,
)
_AGE_AGED = re.compile(r"\b(?:aged?|age of)\s+(\d{1,3})\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19\d{2}|20\d{2})\b")
_YEAR_RANGE = re.compile(
    r"\b(19\d{2}|20\d{2})\s*(?:-|–|to|until)\s*(19\d{2}|20\d{2}|present|now|current)\b",
    re.IGNORECASE,
)
_BLOOD_PRESSURE = re.compile(r"\b(\d{2,3})\s*/\s*(\d{2,3})\s*(?:mm\s*hg)?", re.IGNORECASE)
_FAMILY = re.compile(
    r"\bfamily (?:history|hx)\b|\b(?:mother|father|sister|brother|sibling|parent)s?\b",
    re.IGNORECASE,
)
_MONTHS_PER_YEAR = {"year": 1.0, "yr": 1.0, "month": 1 / 12, "week": 7 / 365.25, "day": 1 / 365.25}


def split_sentences(note: str) -> list[str]:
    """Sentences of a note; numbered lines ("0. A 58-year-old ...") are sentences."""
    sentences: list[str] = []
    for line in note.splitlines():
        line = _SENTENCE_NUMBER.sub("", line).strip()
        if line:
            sentences.extend(part.strip() for part in _SENTENCE_END.split(line) if part.strip())
    return sentences


def _sex_from_words(text: str) -> Literal["female", "male"] | None:
    cues = load_lexicon().cues
    words = [token.text.lower() for token in tokenize(text)]
    female = sum(1 for word in words if word in cues.female_words)
    male = sum(1 for word in words if word in cues.male_words)
    if female > male:
        return "female"
    if male > female:
        return "male"
    return None


def _is_current(text: str) -> bool:
    lowered = text.lower()
    return any(
        re.search(rf"\b{re.escape(cue)}\b", lowered) for cue in load_lexicon().cues.current_cues
    )


def _concept_facts(
    findings: Iterable[ConceptFinding], evidence: str, *, skip_family: bool
) -> list[Fact]:
    facts: list[Fact] = []
    family = _FAMILY.search(evidence) if skip_family else None
    for finding in findings:
        if family is not None and family.start() < finding.start:
            continue
        facts.append(
            Fact(
                kind="concept",
                evidence=evidence,
                concept=finding.concept,
                negated=finding.negated,
                historical=finding.historical,
            )
        )
    return facts


def _timed(fact: Fact, text: str) -> Fact:
    """Add years ("alendronate 2019-2021", "since 2015") and currency to a fact."""
    year_range = _YEAR_RANGE.search(text)
    if year_range:
        fact.start_year = int(year_range.group(1))
        end = year_range.group(2)
        if end.isdigit():
            fact.end_year = int(end)
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
    return fact


def _profile_facts(profile: PatientProfile) -> list[Fact]:
    lexicon = load_lexicon()
    facts: list[Fact] = []
    for condition in profile.conditions:
        evidence = f"conditions: {condition}"
        facts.extend(
            _timed(fact, condition)
            for fact in _concept_facts(find_concepts(condition), evidence, skip_family=False)
        )
    for medication in profile.medications:
        evidence = f"medications: {medication}"
        facts.extend(
            _timed(fact, medication)
            for fact in _concept_facts(find_concepts(medication), evidence, skip_family=False)
        )
    for name, value in profile.measurements.items():
        tokens = tokenize(name)
        lowered = [token.text.lower() for token in tokens]
        matches = lexicon.analyte_index.find(tokens, lowered)
        analyte_id = matches[-1].value if matches else None
        measurement = parse_value_text(analyte_id, value)
        if measurement is not None:
            facts.append(
                Fact(
                    kind="measurement",
                    evidence=f"measurements: {name} = {value}",
                    measurement=measurement,
                )
            )
    return facts


def _note_facts(sentences: Iterable[str]) -> list[Fact]:
    facts: list[Fact] = []
    for sentence in sentences:
        analysis = analyse_text(sentence)
        current = _is_current(sentence)
        for finding, _window in analysis.concepts:
            for fact in _concept_facts([finding], sentence, skip_family=True):
                fact.current = current and not fact.historical
                facts.append(fact)
        for measurement, _, _ in analysis.measurements:
            if measurement.analyte != "age":
                facts.append(Fact(kind="measurement", evidence=sentence, measurement=measurement))
        pressure = _BLOOD_PRESSURE.search(sentence)
        if pressure and re.search(r"\b(?:bp|blood pressure|mm\s*hg)\b", sentence, re.IGNORECASE):
            for analyte_id, value in (
                ("systolic_bp", pressure.group(1)),
                ("diastolic_bp", pressure.group(2)),
            ):
                pressure_value = parse_value_text(analyte_id, f"{value} mmHg")
                if pressure_value is not None:
                    facts.append(
                        Fact(kind="measurement", evidence=sentence, measurement=pressure_value)
                    )
    return facts


def _note_age(sentences: list[str]) -> tuple[float, str] | None:
    for sentence in sentences:
        match = _AGE.search(sentence)
        if match:
            unit = (match.group(2) or "year").lower()
            return round(float(match.group(1)) * _MONTHS_PER_YEAR.get(unit, 1.0), 3), sentence
        aged = _AGE_AGED.search(sentence)
        if aged:
            return float(aged.group(1)), sentence
    return None


def extract_facts(profile: PatientProfile) -> PatientFacts:
    """All facts from the profile fields and the note; profile fields win on conflicts."""
    facts = PatientFacts()
    sentences = split_sentences(profile.note) if profile.note else []
    if profile.age is not None:
        facts.age, facts.age_evidence = float(profile.age), f"age: {profile.age:g}"
    else:
        found_age = _note_age(sentences)
        if found_age is not None:
            facts.age, facts.age_evidence = found_age
    declared_sex = (profile.sex or "").strip().lower()
    if declared_sex in ("female", "f", "woman"):
        facts.sex, facts.sex_evidence = "female", f"sex: {profile.sex}"
    elif declared_sex in ("male", "m", "man"):
        facts.sex, facts.sex_evidence = "male", f"sex: {profile.sex}"
    else:
        for sentence in sentences[:3]:
            sex = _sex_from_words(sentence)
            if sex is not None:
                facts.sex, facts.sex_evidence = sex, sentence
                break
    facts.facts = [*_profile_facts(profile), *_note_facts(sentences)]
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
    return facts
