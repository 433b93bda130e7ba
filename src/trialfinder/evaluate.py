"""Measure the criteria parser and matcher against expert annotations.

``evaluate_criteria``: TrialGPT-Criterion-Annotations style pairs (patient
note, one criterion) judged from the note alone, answered in the file's
vocabulary. ``evaluate_chia``: measurements with values (Chia brat files,
``Has_value`` relations) compared with what the parser extracts.

The rules are general (negation, lexicons, units, closed-world reading of
notes): nothing here knows any particular note or criterion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import msgspec

from trialfinder.criteria.model import ConceptMention, Criterion, Pregnancy, Section, SexRequirement
from trialfinder.criteria.parse import analyse_text, parse_criterion
from trialfinder.criteria.units import UNIT_TEXT_TRANSLATION, get_unit_reader, parse_number
from trialfinder.match import evaluate_constraint, evaluate_criterion
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

__all__ = [
    "ChiaReport",
    "CriteriaReport",
    "LabeledPair",
    "Prediction",
    "evaluate_chia",
    "evaluate_criteria",
    "judge_pair",
    "load_pairs",
]

Label = Literal[
    "included",
    "not included",
    "excluded",
    "not excluded",
    "not enough information",
    "not applicable",
]


class LabeledPair(msgspec.Struct):
    """One (patient note, criterion) pair; unknown fields of the file are ignored."""

    annotation_id: int | str
    patient_id: str
    note: str
    criterion_type: Section
    criterion_text: str
    expert_eligibility: str | None = None


class Prediction(msgspec.Struct):
    annotation_id: int | str
    eligibility: str


class CriteriaReport(msgspec.Struct):
    total: int
    correct: int
    per_label: dict[str, tuple[int, int]]
    confusion: dict[str, dict[str, int]]

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def render(self) -> str:
        lines = [
            f"accuracy: {self.accuracy:.1%} ({self.correct}/{self.total})",
            "",
            "per label (correct/total):",
        ]
        for label, (correct, total) in sorted(self.per_label.items()):
            share = correct / total if total else 0.0
            lines.append(f"  {label:<24} {correct:>4}/{total:<4} {share:.1%}")
        labels = sorted({*self.confusion, *(p for row in self.confusion.values() for p in row)})
        short = {label: label.replace("not enough information", "NEI") for label in labels}
        lines.append("")
        lines.append("confusion (rows expert, columns predicted):")
        lines.append(" " * 24 + "".join(f"{short[label][:13]:>14}" for label in labels))
        for expert in labels:
            row = self.confusion.get(expert, {})
            lines.append(f"{short[expert]:<24}" + "".join(f"{row.get(p, 0):>14}" for p in labels))
        return "\n".join(lines)


def load_pairs(path: str | Path) -> list[LabeledPair]:
    return msgspec.json.decode(Path(path).read_bytes(), type=list[LabeledPair])


_CHILDBEARING = re.compile(
    r"pregnan|lactat|breast[- ]?feed|nursing|childbearing|child-bearing|contracepti|"
    r"menstrua|premenopaus",
    re.IGNORECASE,
)
_FEMALE_SUBJECT = re.compile(r"^\s*(?:female|women|woman)\b", re.IGNORECASE)
_MALE_SUBJECT = re.compile(r"^\s*(?:male|men|man)\b", re.IGNORECASE)
_ADMINISTRATIVE = re.compile(
    r"\b(?:informed consent|consent|comply|compliance|willing|willingness|agree"
    r"|able to (?:understand|read|follow|attend|provide))\b",
    re.IGNORECASE,
)
_INABILITY = re.compile(
    r"\b(?:unable|inability|unwilling|refus|not able|cannot|incapable)", re.IGNORECASE
)


def _not_applicable(criterion_text: str, patient: PatientFacts) -> bool:
    """Criteria about pregnancy or a sex the patient does not have do not apply."""
    if _CHILDBEARING.search(criterion_text):
        if patient.sex == "male":
            return True
        if patient.age is not None and (patient.age >= 55 or patient.age < 10):
            return True
    if patient.sex == "male" and _FEMALE_SUBJECT.search(criterion_text):
        return True
    return patient.sex == "female" and _MALE_SUBJECT.search(criterion_text) is not None


def _consents(patient_note: str) -> bool:
    return (
        re.search(
            r"\b(?:will provide|provides?|gave|has given|given) (?:informed )?consent",
            patient_note,
            re.IGNORECASE,
        )
        is not None
    )


def judge_pair(criterion_text: str, section: Section, note: str, patient: PatientFacts) -> Label:
    """The label a reader of the note alone would give this criterion."""
    if _not_applicable(criterion_text, patient):
        return "not applicable"
    if _ADMINISTRATIVE.search(criterion_text) and _consents(note):
        inability = _INABILITY.search(criterion_text) is not None
        if section == "inclusion":
            return "not included" if inability else "included"
        return "not excluded"
    constraints, complete = parse_criterion(criterion_text, section)
    constraints = [c for c in constraints if not isinstance(c, Pregnancy) or patient.sex != "male"]
    criterion = Criterion("C", section, criterion_text, constraints=constraints, complete=complete)
    findings = [evaluate_constraint(constraint, patient) for constraint in constraints]
    truths = [finding.truth for finding in findings]
    if section == "inclusion":
        status, _, _ = evaluate_criterion(criterion, patient)
        if status == "not_met":
            return "not included"
        if "true" in truths and "false" not in truths:
            return "included"
        return "not enough information"
    if any(
        finding.truth == "true"
        and not (isinstance(constraint, ConceptMention) and constraint.negated)
        and not isinstance(constraint, SexRequirement)
        for constraint, finding in zip(constraints, findings, strict=True)
    ):
        return "excluded"
    return "not excluded"


def evaluate_criteria(
    pairs: Sequence[LabeledPair],
) -> tuple[list[Prediction], CriteriaReport]:
    """Judge every pair; score against ``expert_eligibility`` where present."""
    facts_by_note: dict[str, PatientFacts] = {}
    predictions: list[Prediction] = []
    confusion: dict[str, Counter[str]] = {}
    for pair in pairs:
        patient = facts_by_note.get(pair.note)
        if patient is None:
            patient = extract_facts(PatientProfile(note=pair.note))
            facts_by_note[pair.note] = patient
        label = judge_pair(pair.criterion_text, pair.criterion_type, pair.note, patient)
        predictions.append(Prediction(pair.annotation_id, label))
        if pair.expert_eligibility is not None:
            confusion.setdefault(pair.expert_eligibility, Counter())[label] += 1
    total = sum(sum(row.values()) for row in confusion.values())
    correct = sum(row[label] for label, row in confusion.items())
    per_label = {label: (row[label], sum(row.values())) for label, row in confusion.items()}
    report = CriteriaReport(total, correct, per_label, {k: dict(v) for k, v in confusion.items()})
    return predictions, report


class _Gold(msgspec.Struct):
    start: int
    end: int
    comparator: str
    number: float | None
    unit: str | None


class ChiaReport(msgspec.Struct):
    """Precision/recall of (comparator, number, unit) for annotated measurement values."""

    gold: int
    predicted: int
    span_matched: int
    comparator_correct: int
    number_correct: int
    unit_correct: int
    all_correct: int

    def render(self) -> str:
        def pr(correct: int) -> str:
            precision = correct / self.predicted if self.predicted else 0.0
            recall = correct / self.gold if self.gold else 0.0
            return f"P {precision:.1%}  R {recall:.1%}"

        return "\n".join(
            [
                f"gold Measurement-Has_value-Value pairs: {self.gold}; "
                f"parser measurements: {self.predicted}",
                f"value found (span overlap):  {pr(self.span_matched)}",
                f"comparator correct:          {pr(self.comparator_correct)}",
                f"number correct:              {pr(self.number_correct)}",
                f"unit correct:                {pr(self.unit_correct)}",
                f"comparator+number+unit:      {pr(self.all_correct)}",
            ]
        )


_GOLD_COMPARATORS = (
    ("≥", ">="),
    (">=", ">="),
    ("=>", ">="),
    ("at least", ">="),
    ("or more", ">="),
    ("or greater", ">="),
    ("or higher", ">="),
    ("or above", ">="),
    ("or older", ">="),
    ("≤", "<="),
    ("<=", "<="),
    ("=<", "<="),
    ("or less", "<="),
    ("or lower", "<="),
    ("or below", "<="),
    ("at most", "<="),
    ("up to", "<="),
    ("no more than", "<="),
    ("not more than", "<="),
    ("maximum", "<="),
    (">", ">"),
    ("greater than", ">"),
    ("more than", ">"),
    ("higher than", ">"),
    ("above", ">"),
    ("over", ">"),
    ("older than", ">"),
    ("exceed", ">"),
    ("elevated", ">"),
    ("<", "<"),
    ("less than", "<"),
    ("lower than", "<"),
    ("below", "<"),
    ("under", "<"),
    ("younger than", "<"),
    ("fewer than", "<"),
    ("between", "between"),
)
_GOLD_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
_GOLD_RANGE = re.compile(r"\d\s*(?:-|–|to)\s*-?\d")


def _gold_value(text: str, start: int, end: int) -> _Gold:
    """Read an annotated Value span on its own: comparator word, first number, unit."""
    lowered = text.lower()
    comparator = "="
    if _GOLD_RANGE.search(lowered):
        comparator = "between"
    else:
        for phrase, symbol in _GOLD_COMPARATORS:
            if phrase in lowered:
                comparator = symbol
                break
    number_match = _GOLD_NUMBER.search(text)
    number = parse_number(number_match.group()) if number_match else None
    unit = None
    if number_match:
        norm = lowered.translate(UNIT_TEXT_TRANSLATION)
        tail = _GOLD_NUMBER.sub(" ", norm[number_match.end() :])
        reader = get_unit_reader()
        for position in range(len(tail)):
            if tail[position] != " " and (position == 0 or tail[position - 1] == " "):
                found = reader.read(tail, position)
                if found:
                    unit = found[0]
                    break
    return _Gold(start, end, comparator, number, unit)


def _read_ann(path: Path) -> list[_Gold]:
    entities: dict[str, tuple[str, int, int, str]] = {}
    relations: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            kind_and_spans = parts[1].split(" ", 1)
            if len(kind_and_spans) < 2:
                continue
            spans = kind_and_spans[1].split(";")
            first = spans[0].split()
            last = spans[-1].split()
            entities[parts[0]] = (kind_and_spans[0], int(first[0]), int(last[-1]), parts[2])
        elif line.startswith("R"):
            parts = line.split("\t")
            fields = parts[1].split() if len(parts) > 1 else []
            if len(fields) == 3 and fields[0] == "Has_value":
                relations.append((fields[1].split(":")[1], fields[2].split(":")[1]))
    gold: list[_Gold] = []
    for measurement_id, value_id in relations:
        measurement = entities.get(measurement_id)
        value = entities.get(value_id)
        if (
            measurement is None
            or value is None
            or measurement[0] != "Measurement"
            or value[0] != "Value"
        ):
            continue
        gold.append(_gold_value(value[3], value[1], value[2]))
    return gold


def _same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def evaluate_chia(directory: str | Path) -> ChiaReport:
    """Score the parser's measurements on every ``*.ann``/``*.txt`` pair in a Chia folder."""
    counts = Counter[str]()
    for ann_path in sorted(Path(directory).glob("*.ann")):
        text_path = ann_path.with_suffix(".txt")
        if not text_path.exists():
            continue
        gold = _read_ann(ann_path)
        counts["gold"] += len(gold)
        text = text_path.read_text(encoding="utf-8")
        for offset, line in _lines_with_offsets(text):
            for measurement, start, end in analyse_text(line).measurements:
                if measurement.analyte == "age":
                    continue  # Chia annotates age as a Person entity, not a Measurement
                counts["predicted"] += 1
                absolute_start, absolute_end = offset + start, offset + end
                match = next(
                    (g for g in gold if g.start < absolute_end and absolute_start < g.end), None
                )
                if match is None:
                    continue
                counts["span"] += 1
                comparator_ok = match.comparator == measurement.comparator
                number_ok = _same_number(match.number, measurement.value) or (
                    measurement.comparator == "between"
                    and _same_number(match.number, measurement.upper_value)
                )
                unit_ok = match.unit == measurement.unit or (
                    match.unit is None
                    and measurement.analyte == "age"
                    and measurement.unit == "year"
                )
                counts["comparator"] += comparator_ok
                counts["number"] += number_ok
                counts["unit"] += unit_ok
                counts["all"] += comparator_ok and number_ok and unit_ok
    return ChiaReport(
        gold=counts["gold"],
        predicted=counts["predicted"],
        span_matched=counts["span"],
        comparator_correct=counts["comparator"],
        number_correct=counts["number"],
        unit_correct=counts["unit"],
        all_correct=counts["all"],
    )


def _lines_with_offsets(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1
