"""Measure the criteria parser and matcher against expert annotations.

``evaluate_criteria``: TrialGPT-Criterion-Annotations style pairs (patient
note, one criterion) judged from the note alone, answered in the file's
vocabulary. ``evaluate_chia`` and ``evaluate_lct``: measurements with values
(Chia ``Has_value`` relations, LCT ``Eq-Comparison`` events; brat files)
compared with what the parser extracts.

The rules are general (negation, lexicons, units, closed-world reading of
notes): nothing here knows any particular note or criterion.
"""

from __future__ import annotations

import functools
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Literal

import msgspec
import pint

from trialfinder.calibrate import calibrated_status, features, is_unmentioned
from trialfinder.criteria.infection_tests import load_infection_tests
from trialfinder.criteria.lexicon import Analyte, load_lexicon, severity_comparator
from trialfinder.criteria.model import Criterion, Measurement, Section
from trialfinder.criteria.numbers import (
    NUMBER_PATTERN,
    number_from_match,
    number_words_as_digits,
    parse_number,
)
from trialfinder.criteria.parse import (
    TextAnalysis,
    analyse_text,
    detection_word,
    find_concepts,
    parse_criterion,
    reads_age_group,
)
from trialfinder.criteria.raised_levels import is_lowered_word, is_raised_word
from trialfinder.criteria.units import (
    NORMAL_LIMITS,
    UNIT_TEXT_TRANSLATION,
    convert,
    get_unit_reader,
    limits_without_multiple,
)
from trialfinder.match import Status, judge
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    PatientFacts,
    PatientProfile,
    disease_mentions,
    extract_facts,
)

__all__ = [
    "CriteriaReport",
    "ExtractionReport",
    "LabeledPair",
    "LctReport",
    "Prediction",
    "SkippedRow",
    "criterion_from_text",
    "evaluate_chia",
    "evaluate_criteria",
    "evaluate_lct",
    "expert_status",
    "extraction_portion",
    "judge_pair",
    "load_pairs",
    "pair_features",
    "patient_halves",
    "title_concepts",
    "value_classes",
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
    trial_title: str = ""
    expert_eligibility: str | None = None


class SkippedRow(msgspec.Struct):
    """A row of the annotation file that cannot be judged (a null or missing field)."""

    position: int
    problem: str


class Prediction(msgspec.Struct):
    annotation_id: int | str
    eligibility: str


class CriteriaReport(msgspec.Struct):
    total: int
    correct: int
    per_label: dict[str, tuple[int, int]]
    confusion: dict[str, dict[str, int]]
    skipped: list[SkippedRow] = []

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def summary(self) -> dict[str, object]:
        """The report as JSON-ready data (``evaluate criteria --format json``).

        Per label ``correct``/``total``; the confusion matrix as rows of the
        expert's label and columns of the predicted one; skipped rows with the
        reason each cannot be judged.
        """
        return {
            "accuracy": round(self.accuracy, 4),
            "correct": self.correct,
            "total": self.total,
            "per_label": {
                label: {"correct": correct, "total": total}
                for label, (correct, total) in sorted(self.per_label.items())
            },
            "confusion": {
                expert: dict(sorted(row.items())) for expert, row in sorted(self.confusion.items())
            },
            "skipped": [{"row": row.position, "problem": row.problem} for row in self.skipped],
        }

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
        if self.skipped:
            lines.append("")
            lines.append(f"skipped {len(self.skipped)} row(s) that cannot be judged:")
            lines.extend(f"  row {row.position}: {row.problem}" for row in self.skipped)
        return "\n".join(lines)


def load_pairs(path: str | Path) -> list[LabeledPair | SkippedRow]:
    """Every row of an annotation file: a pair, or why the row cannot be judged.

    One bad row (a null criterion text, a missing note) is reported, not fatal.
    """
    rows = msgspec.json.decode(Path(path).read_bytes(), type=list[object])
    loaded: list[LabeledPair | SkippedRow] = []
    for position, row in enumerate(rows):
        try:
            loaded.append(msgspec.convert(row, LabeledPair))
        except msgspec.ValidationError as error:
            loaded.append(SkippedRow(position, str(error)))
    return loaded


_LABELS: dict[Section, dict[Status, Label]] = {
    "inclusion": {
        "met": "included",
        "not_met": "not included",
        "unknown": "not enough information",
        "not_applicable": "not applicable",
    },
    "exclusion": {
        "met": "excluded",
        "not_met": "not excluded",
        "unknown": "not enough information",
        "not_applicable": "not applicable",
    },
}


def judge_pair(
    criterion_text: str,
    section: Section,
    patient: PatientFacts,
    trial_concepts: frozenset[str] = frozenset(),
    *,
    calibrated: bool = False,
    silence_rules: frozenset[str] | None = None,
    waivers: frozenset[str] | None = None,
) -> Label:
    """The label for one criterion judged by :func:`trialfinder.match.judge`.

    The note is the patient's whole record here (the annotators judged from it
    alone), so the judge reads it as complete. ``trial_concepts`` are the
    conditions the trial studies (from its title). ``calibrated`` lets the
    learned layer (:mod:`trialfinder.calibrate`) answer criteria the note
    does not mention. ``silence_rules`` and ``waivers`` replace the adopted silence
    rules and whole-record waivers (``trialfinder.match.SILENCE_RULES``,
    ``RECORD_WAIVERS``) for measuring them.
    """
    criterion = criterion_from_text(criterion_text, section)
    judgement = judge(
        criterion,
        patient,
        trial_concepts,
        record_is_complete=True,
        silence_rules=silence_rules,
        waivers=waivers,
    )
    status = judgement.status
    if calibrated:
        sentences = _note_sentences(patient)
        status = calibrated_status(criterion, judgement, patient, sentences, trial_concepts)
    return _LABELS[section][status]


def criterion_from_text(criterion_text: str, section: Section) -> Criterion:
    """One criterion read alone, as a labelled pair gives it (no trial around it)."""
    constraints, complete = parse_criterion(criterion_text, section)
    return Criterion("C", section, criterion_text, constraints=constraints, complete=complete)


def _note_sentences(patient: PatientFacts) -> list[str]:
    return list(dict.fromkeys(fact.evidence for fact in patient.facts))


def pair_features(pair: LabeledPair, patient: PatientFacts) -> dict[str, float] | None:
    """The learned layer's features of a pair the note does not mention (else None)."""
    criterion = criterion_from_text(pair.criterion_text, pair.criterion_type)
    trial_concepts = title_concepts(pair.trial_title)
    judgement = judge(criterion, patient, trial_concepts, record_is_complete=True)
    if not is_unmentioned(judgement):
        return None
    return features(criterion, judgement, patient, _note_sentences(patient), trial_concepts)


def expert_status(pair: LabeledPair) -> Status | None:
    """The experts' label as a judge status (None when unlabelled)."""
    by_label: dict[str, Status] = {
        label: status for status, label in _LABELS[pair.criterion_type].items()
    }
    return by_label.get(pair.expert_eligibility or "")


def patient_halves(pairs: Sequence[LabeledPair]) -> dict[str, frozenset[str]]:
    """The fixed split: patients sorted by id, even positions develop rules, odd ones check them.

    Errors of the development half may be read (and the learned layer is
    trained on it); of the check half only the score is looked at.
    """
    patients = sorted({pair.patient_id for pair in pairs})
    return {"development": frozenset(patients[0::2]), "check": frozenset(patients[1::2])}


@functools.cache
def title_concepts(trial_title: str) -> frozenset[str]:
    """The conditions a trial studies, read from its title: lexicon concepts and MeSH
    diseases (as the judge names them, ``mesh:<descriptor>``)."""
    lexicon = {finding.concept for finding in find_concepts(trial_title) if not finding.negated}
    mesh = {
        f"{VOCABULARY_CONCEPT_PREFIX}{mention.descriptor_id}"
        for mention in disease_mentions(trial_title)
        if "negation" not in mention.context
    }
    return frozenset(lexicon | mesh)


def evaluate_criteria(
    rows: Sequence[LabeledPair | SkippedRow], *, calibrated: bool = False
) -> tuple[list[Prediction], CriteriaReport]:
    """Judge every pair; score against ``expert_eligibility`` where present.

    ``calibrated`` adds the learned layer for criteria the note does not mention.
    """
    facts_by_note: dict[str, PatientFacts] = {}
    predictions: list[Prediction] = []
    confusion: dict[str, Counter[str]] = {}
    skipped = [row for row in rows if isinstance(row, SkippedRow)]
    for pair in rows:
        if isinstance(pair, SkippedRow):
            continue
        patient = facts_by_note.get(pair.note)
        if patient is None:
            patient = extract_facts(PatientProfile(note=pair.note))
            facts_by_note[pair.note] = patient
        label = judge_pair(
            pair.criterion_text,
            pair.criterion_type,
            patient,
            title_concepts(pair.trial_title),
            calibrated=calibrated,
        )
        predictions.append(Prediction(pair.annotation_id, label))
        if pair.expert_eligibility is not None:
            confusion.setdefault(pair.expert_eligibility, Counter())[label] += 1
    total = sum(sum(row.values()) for row in confusion.values())
    correct = sum(row[label] for label, row in confusion.items())
    per_label = {label: (row[label], sum(row.values())) for label, row in confusion.items()}
    report = CriteriaReport(
        total, correct, per_label, {k: dict(v) for k, v in confusion.items()}, skipped
    )
    return predictions, report


class _Gold(msgspec.Struct):
    """An annotated value: its span, comparator, number(s) and pint unit.

    ``unit`` is ``_UNREADABLE`` when the annotators marked a unit that no
    spelling in ``units.json`` reads: no extracted unit can match it.
    """

    start: int
    end: int
    comparator: str
    number: float | None
    upper: float | None
    unit: str | None
    # A test's result written as a word ("negative", "sero-positive"): True for a positive
    # result, False for a negative one, None for anything else; ``named`` is the span of the
    # Measurement it is the result of ("serum pregnancy test", "HBsAg").
    result: bool | None = None
    named: tuple[int, int] | None = None


_UNREADABLE = "?"
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour"})
# Quantities measured in time that Chia annotates as a Measurement with its Value all the
# same: a gestational age ("<37 weeks of gestation"), unlike a life expectancy.
_CHIA_TIMED_MEASUREMENTS = frozenset({"gestational_age"})


class ExtractionReport(msgspec.Struct):
    """Precision/recall of (comparator, number, unit) for annotated measurement values.

    Matching is one to one: an extracted measurement matches an annotated value
    when their character spans overlap and, per line of the report, the
    comparator is the same, the number is the same (both bounds of a range,
    relative tolerance 1e-6) and the unit is the same or equivalent (pint
    converts one to the other with factor 1, e.g. IU/L and mIU/mL).
    """

    title: str
    gold: int
    predicted: int
    # Gold values written with a number: the most a comparator + number + unit reader
    # can find (Chia also annotates "positive", "normal", "Stage C" as values).
    gold_with_number: int
    span_matched: int
    comparator_correct: int
    number_correct: int
    unit_correct: int
    all_correct: int
    # Chia's results written as a word ("HBsAg negative", "positive HIV test"): those the
    # parse reads as the condition or test it names, with the same polarity (a negative
    # result is the concept read as negated), which is the reading the judge uses.
    gold_results: int = 0
    results_read: int = 0
    # Gold values, misses and unmatched extracted values by class, per "axis: class"
    # (:func:`value_classes`): a half's misses read in aggregate.
    classes: dict[str, tuple[int, int, int]] = {}

    def render(self) -> str:
        def pr(correct: int) -> str:
            precision = correct / self.predicted if self.predicted else 0.0
            recall = correct / self.gold if self.gold else 0.0
            return f"P {precision:.1%}  R {recall:.1%}"

        return "\n".join(
            [
                f"{self.title}: {self.gold}; parser measurements: {self.predicted}",
                f"value found (span overlap):  {pr(self.span_matched)}",
                f"comparator correct:          {pr(self.comparator_correct)}",
                f"number correct:              {pr(self.number_correct)}",
                f"unit correct:                {pr(self.unit_correct)}",
                f"comparator+number+unit:      {pr(self.all_correct)}",
                f"  recall over the {self.gold_with_number} gold values with a number: "
                f"{self.all_correct / self.gold_with_number if self.gold_with_number else 0.0:.1%}",
                f"results written as a word: {self.gold_results}, read as the concept with its "
                f"polarity: {self.results_read}; recall counting them: "
                f"{(self.all_correct + self.results_read) / self.gold if self.gold else 0.0:.1%}",
            ]
        )


class LctReport(msgspec.Struct):
    """LCT scores: lab/vital/score comparisons, and ages on their own."""

    measurements: ExtractionReport
    age: ExtractionReport

    def render(self) -> str:
        return f"{self.measurements.render()}\n\n{self.age.render()}"


_GOLD_COMPARATORS = (
    # Compound forms first: "greater than or equal to" is not "greater than".
    (">/=", ">="),
    ("> =", ">="),
    ("> or =", ">="),
    (">or=", ">="),
    ("> or=", ">="),
    ("</=", "<="),
    ("< =", "<="),
    ("< or =", "<="),
    ("<or=", "<="),
    ("< or=", "<="),
    ("> or equal", ">="),
    ("< or equal", "<="),
    ("above or equal", ">="),
    ("over or equal", ">="),
    ("higher or equal", ">="),
    ("below or equal", "<="),
    ("under or equal", "<="),
    ("lower or equal", "<="),
    ("greater than or equal", ">="),
    ("more than or equal", ">="),
    ("higher than or equal", ">="),
    ("greater or equal", ">="),
    ("superior or equal", ">="),
    ("equal to or greater", ">="),
    ("equal or greater", ">="),
    ("equal to or more", ">="),
    ("equal to or higher", ">="),
    ("less than or equal", "<="),
    ("lower than or equal", "<="),
    ("less or equal", "<="),
    ("inferior or equal", "<="),
    ("equal to or less", "<="),
    ("equal or less", "<="),
    ("equal to or lower", "<="),
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
    ("not exceed", "<="),
    ("not to exceed", "<="),
    ("maximum", "<="),
    (">", ">"),
    ("greater than", ">"),
    ("more than", ">"),
    ("higher than", ">"),
    ("larger than", ">"),
    ("bigger than", ">"),
    ("longer than", ">"),
    ("above", ">"),
    ("over", ">"),
    ("older than", ">"),
    ("exceed", ">"),
    ("elevated", ">"),
    ("<", "<"),
    ("less than", "<"),
    ("lower than", "<"),
    ("smaller than", "<"),
    ("shorter than", "<"),
    ("below", "<"),
    ("under", "<"),
    ("younger than", "<"),
    ("fewer than", "<"),
    ("between", "between"),
)
# A range: two numbers joined by a dash or "to", the top maybe with its bound ("10 to <1000").
_GOLD_RANGE = re.compile(r"\d\s*(?:-|–|to)\s*(?:[<>≤≥]=?\s*)?-?\d")
_ROMAN_NUMBERS = {
    **{"i": 1.0, "ii": 2.0, "iii": 3.0, "iv": 4.0, "v": 5.0, "vi": 6.0},
    # Roman numeral characters, lowercased ("Ⅰ".lower() is "ⅰ"): "GradeⅠ－II".
    **{chr(0x2170 + index): float(index + 1) for index in range(6)},
}
_GOLD_ROMAN = re.compile(r"\b(?:iv|v?i{1,3}|v)\b")
_GOLD_ROMAN_RANGE = re.compile(
    r"\b[iv]+\s*(?:-|–|to|/|or|and|,\s*(?:or|and)?)\s*(?:(?:class|grade|level|stage)\s+)?[iv]+\b"
)


def _read_unit(text: str) -> str | None:
    """The unit written at the start of ``text`` or right after one of its numbers."""
    norm = number_words_as_digits(text.lower().translate(UNIT_TEXT_TRANSLATION))
    reader = get_unit_reader()
    # The text as written tells "7.0 mM" (millimolar) from "7.0 mm", as the parse reads it.
    cased = text if len(norm) == len(text) else ""
    starts = [0, *(match.end() for match in NUMBER_PATTERN.finditer(norm))]
    for start in starts:
        found = reader.read(norm, start, cased)
        if found:
            return found[0]
    return None


_GOLD_SECOND_COMPARATOR = re.compile(
    r"[<>≤≥]|\b(?:less|greater|more|fewer|lower|higher|below|above|under|over|at least|at most|"
    r"up to)\b"
)


# Between the two numbers of "18 ≤ BMI ≤ 32" or "145 mmHg ≤ msSBP ≤ 190": an optional unit,
# a comparator symbol, the quantity's name (letters), a second comparator symbol.
_GOLD_SANDWICH = re.compile(
    r"[^<>≤≥=\d]{0,20}?\s*(<=|>=|=<|=>|[<>≤≥])\s*[a-z(][^<>≤≥=\d]*?(<=|>=|[<>≤≥])\s*"
)
_GOLD_SYMBOL = re.compile(r"<=|>=|=<|=>|[<>≤≥]")
# The comparator a bound written before its comparator means for the quantity after it.
_REVERSED = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}
# A comparison negated ("no more than 8") holds where its complement does.
_COMPLEMENT = {"<": ">=", "<=": ">", ">": "<=", ">=": "<"}


def _gold_values(text: str, start: int, end: int, analyte: Analyte | None) -> list[_Gold]:
    """An annotated Value span, read as one value or as the two thresholds it writes.

    "> 35 and < 50 kg/m2", "< 5 or > 26", "<80,000 or >700,000 cells/mm3": each number
    has its own comparator, so the span holds two values (a range, "18-30", has one).
    """
    norm = text.lower().translate(UNIT_TEXT_TRANSLATION)
    numbers = list(NUMBER_PATTERN.finditer(norm))
    if len(numbers) == 2 and not _GOLD_RANGE.search(norm):
        between = norm[numbers[0].end() : numbers[1].start()]
        second = _GOLD_SECOND_COMPARATOR.search(between)
        first = _GOLD_SECOND_COMPARATOR.search(norm, 0, numbers[0].start())
        sandwich = _GOLD_SANDWICH.fullmatch(between)
        if sandwich is not None and first is None:
            # "18 ≤ BMI ≤ 32 kg/m²": the first number bounds the name after it from below.
            split = numbers[0].end() + sandwich.start(2)
            lower = _gold_value(text[:split], start, start + split, analyte)
            return [
                msgspec.structs.replace(
                    lower, comparator=_REVERSED.get(lower.comparator, lower.comparator)
                ),
                _gold_value(text[split:], start + split, end, analyte),
            ]
        if second is not None and first is not None:
            split = numbers[0].end() + second.start()
            return [
                _gold_value(text[:split], start, start + split, analyte),
                _gold_value(text[split:], start + split, end, analyte),
            ]
    return [_gold_value(text, start, end, analyte)]


def _range_top(norm: str) -> float | None:
    """The top of a range written with numbers: the number right after its joiner, not the
    last number of the span ("19 - 24.9 kg/m^2", "5-30 h-1": a unit's power follows it);
    "27 -55" writes a dash, no minus sign, when its first number is not negative."""
    written = _GOLD_RANGE.search(norm)
    if written is None:
        return None
    matches = list(NUMBER_PATTERN.finditer(norm))
    low = next((m for m in matches if m.start() <= written.start() < m.end()), None)
    top = next((m for m in matches if m.start() <= written.end() - 1 < m.end()), None)
    if low is None or top is None:
        return None
    value = number_from_match(top)
    low_value = number_from_match(low)
    if value is not None and value < 0 and low_value is not None and low_value >= 0:
        return -value
    return value


def _gold_value(text: str, start: int, end: int, analyte: Analyte | None = None) -> _Gold:
    """Read an annotated Chia Value span on its own: comparator word, numbers, unit.

    ``analyte`` is the score the value measures, when the Measurement names one: its
    letter classes ("B or C" of Child-Pugh) are the points they span, and "or worse"
    follows its direction, as the parser reads them.
    """
    lowered = text.lower()
    classes = analyte.classes if analyte else {}
    letters = [classes[m.group()] for m in _GOLD_LETTER.finditer(lowered) if m.group() in classes]
    if letters and not NUMBER_PATTERN.search(lowered):
        low, high = min(span[0] for span in letters), max(span[1] for span in letters)
        if low == high:  # a class of one point ("BCLC Stage C"), as the parse reads it
            return _Gold(start, end, "=", low, None, None)
        return _Gold(start, end, "between", low, high, None)
    # A number written as a word before its unit ("less than one year") as the parser reads it.
    norm = number_words_as_digits(lowered.translate(UNIT_TEXT_TRANSLATION))
    comparator = "="
    # The parser's own number reading ("100-125" is 100 and 125, "6,5" is 6.5,
    # "100 x 109/L" is 100 x 10^9); Roman classes ("II-IV") when no digits.
    first = NUMBER_PATTERN.search(norm)
    numbers: list[float | None] = [number_from_match(m) for m in NUMBER_PATTERN.finditer(norm)]
    if not numbers:
        numbers = [_ROMAN_NUMBERS[m.group()] for m in _GOLD_ROMAN.finditer(lowered)]
    # "above ULN", "below the lower limit of normal": the limit itself, once the limit.
    limits = [] if numbers else limits_without_multiple(norm)
    # "Elevated" of "Elevated ALT": above the limit, once the limit; "low" of "low vitamin
    # B12": below the lower limit (``criteria.raised_levels``).
    raised = not numbers and is_raised_word(norm)
    lowering = not numbers and is_lowered_word(norm)
    if limits or raised or lowering:
        numbers = [1.0]
    if _GOLD_RANGE.search(lowered) or (not first and _GOLD_ROMAN_RANGE.search(lowered)):
        comparator = "between"
    elif raised or lowering:
        comparator = ">" if raised else "<"
    else:
        for phrase, symbol in _GOLD_COMPARATORS:
            if phrase in norm:
                comparator = symbol
                break
    severity = severity_comparator(analyte, norm) if analyte else None
    if severity is not None and comparator != "between":
        comparator = severity
    listed = _listed_grades(norm, numbers) if comparator == "=" else None
    if listed is not None:
        comparator, numbers = "between", listed
    number = numbers[0] if numbers else None
    upper = numbers[-1] if comparator == "between" and len(numbers) > 1 else None
    top = _range_top(norm) if comparator == "between" and listed is None else None
    if top is not None:
        upper = top
    limit = limits[0][3] if limits else "ULN" if raised else "LLN" if lowering else None
    unit = limit or (_read_unit(text[first.start() :]) if first else None)
    return _Gold(start, end, comparator, number, upper, unit)


_GOLD_LETTER = re.compile(r"(?<![a-z])[a-e](?![a-z])")


def _named_score(measurement_text: str) -> Analyte | None:
    """The score a Chia Measurement span names when the score has a direction or classes."""
    words = " ".join(measurement_text.lower().split())
    for analyte in load_lexicon().analytes.values():
        if (analyte.classes or analyte.worse) and words in analyte.names:
            return analyte
    return None


# Listed grades, each maybe after its scale's word ("Class 3 or 4", "Grade 2, 3 or 4").
_GOLD_LIST = re.compile(
    r"(?:(?:class|grade|level|stage)\s+)?\d+"
    r"(?:\s*(?:,\s*(?:or|and)?|or|and|&)\s*(?:(?:class|grade|level|stage)\s+)?\d+)+"
)


def _listed_grades(norm: str, numbers: Sequence[float | None]) -> list[float | None] | None:
    """ "0 or 1", "1, 2, or 3": listed whole grades read as the range they span, as the
    parser reads them; None for anything else."""
    whole = [n for n in numbers if n is not None and n.is_integer()]
    if len(whole) < 2 or len(whole) != len(numbers) or not _GOLD_LIST.fullmatch(norm.strip()):
        return None
    return [min(whole), max(whole)]


class _Brat(msgspec.Struct):
    """One brat ``.ann`` file: spans, relations, events and attributes by id."""

    spans: dict[str, tuple[str, int, int, str]]
    relations: list[tuple[str, str, str]]
    events: dict[str, list[tuple[str, str]]]
    attributes: dict[str, str]
    # Chia's ``*\tOR`` lines: entities that are alternatives of one another.
    alternatives: list[list[str]] = []


def _read_brat(path: Path) -> _Brat:
    """Parse a brat standoff file, skipping malformed lines (released corpora have some)."""
    brat = _Brat({}, [], {}, {}, [])
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        fields = parts[1].split()
        if line.startswith("T") and len(parts) >= 3 and len(fields) >= 3:
            spans = parts[1].split(" ", 1)[1].split(";")
            try:
                first, last = int(spans[0].split()[0]), int(spans[-1].split()[-1])
            except (ValueError, IndexError):
                continue
            brat.spans[parts[0]] = (fields[0], first, last, parts[2])
        elif line.startswith("R") and len(fields) == 3:
            arguments = [field.partition(":")[2] for field in fields[1:]]
            brat.relations.append((fields[0], arguments[0], arguments[1]))
        elif line.startswith("E") and fields:
            roles = [tuple(field.split(":", 1)) for field in fields if ":" in field]
            brat.events[parts[0]] = [(role, target) for role, target in roles]
        elif line.startswith("A") and len(fields) >= 3:
            brat.attributes[fields[1]] = fields[2]
        elif line.startswith("*") and len(fields) >= 3 and fields[0] == "OR":
            brat.alternatives.append(fields[1:])
    return brat


def _read_ann(path: Path) -> list[_Gold]:
    """Chia: every Value linked to a Measurement by ``Has_value``, with its alternatives.

    Chia links one Value of an ``OR`` group to the Measurement: "greater than or
    equal to 10 g/dL" is annotated as the alternatives "greater than 10 g/dL" and
    "equal to 10 g/dL" (one value, ``>=``), and "potassium < 3.5 or > 5.1 mEq/L" as
    the alternatives "< 3.5" and "> 5.1 mEq/L" (two values of potassium).
    """
    brat = _read_brat(path)
    gold: list[_Gold] = []
    read: set[tuple[str, str]] = set()  # (measurement, value): a shared value counts per analyte
    for kind, measurement_id, value_id in brat.relations:
        measurement = brat.spans.get(measurement_id)
        value = brat.spans.get(value_id)
        if (
            kind != "Has_value"
            or measurement is None
            or value is None
            or measurement[0] != "Measurement"
            or value[0] != "Value"
        ):
            continue
        score = _named_score(measurement[3])
        group = [value_id] + [
            other
            for alternatives in brat.alternatives
            if value_id in alternatives
            for other in alternatives
            if other != value_id and brat.spans.get(other, ("",))[0] == "Value"
        ]
        values = [
            msgspec.structs.replace(
                value, result=_result_word(span[3]), named=(measurement[1], measurement[2])
            )
            for other in dict.fromkeys(group)
            if (measurement_id, other) not in read and (span := brat.spans[other])
            for value in _gold_values(span[3], span[1], span[2], score)
        ]
        read.update((measurement_id, other) for other in group)
        gold.extend(_joined_alternatives(values))
    return gold


# A result's other spellings in Chia beside the infection-test reader's result words.
_SERO_RESULTS = {
    "sero-positive": True,
    "seropositive": True,
    "seropositivity": True,
    "sero-negative": False,
    "seronegative": False,
    "seronegativity": False,
}


def _result_word(text: str) -> bool | None:
    """True for a value written as a positive result word ("positive", "+",
    "sero-positive"), False for a negative one ("negative", "undetectable"), else None."""
    word = " ".join(text.lower().split())
    rules = load_infection_tests()
    if word in rules.positive_words:
        return True
    if word in rules.negative_words:
        return False
    return _SERO_RESULTS.get(word)


# "greater than X" or "equal to X": one value, "X or more".
_INCLUSIVE = {(">", "="): ">=", ("<", "="): "<="}


def _joined_alternatives(values: Sequence[_Gold]) -> list[_Gold]:
    """Alternatives of one value: "greater than X" and "equal to X" are one ``>= X``;
    grades or classes listed as alternatives ("ASA 1 or 2", "Child-Pugh A or B") are
    the range they span, as a listed grade written in one span is read."""
    grades = [v for v in values if v.comparator in ("=", "between") and v.unit is None]
    if len(values) > 1 and len(grades) == len(values):
        points = [n for v in grades for n in (v.number, v.upper) if n is not None]
        if len(points) >= 2 and all(n.is_integer() for n in points):
            return [
                _Gold(
                    min(v.start for v in values),
                    max(v.end for v in values),
                    "between",
                    min(points),
                    max(points),
                    None,
                )
            ]
    joined: list[_Gold] = []
    for value in values:
        partner = next(
            (
                index
                for index, other in enumerate(joined)
                if _same_number(other.number, value.number)
                and other.upper is None
                and value.upper is None
                and (
                    (other.comparator, value.comparator) in _INCLUSIVE
                    or (value.comparator, other.comparator) in _INCLUSIVE
                )
            ),
            None,
        )
        if partner is None:
            joined.append(value)
            continue
        other = joined[partner]
        strict = other.comparator if other.comparator != "=" else value.comparator
        joined[partner] = _Gold(
            min(other.start, value.start),
            max(other.end, value.end),
            _INCLUSIVE[(strict, "=")],
            other.number,
            None,
            other.unit or value.unit,
        )
    return joined


_LCT_OPERATORS = {"EQ": "=", "LT": "<", "LTEQ": "<=", "GT": ">", "GTEQ": ">=", "BETWEEN": "between"}
# Annotated "units" that name a scale rather than measure anything ("score > 20", "grade II").
_SCALE_WORDS = frozenset(
    {"score", "scores", "stage", "stages", "grade", "grades", "class", "classes", "classification"}
    | {"status", "physical status", "category", "categories"}
)


def _lct_number(text: str, written_after: str = "", written_before: str = "") -> float | None:
    """An annotated Value: digits, a Roman grade, or a number word a unit follows in the
    document (``written_after``: "one" of "less than one year") or a bound ends on
    (``written_before``: "seven" of "score greater than seven.")."""
    number = parse_number(text)
    if number is not None:
        return number
    word = text.strip().lower()
    roman = _ROMAN_NUMBERS.get(word)
    if roman is not None or not word.isalpha():
        return roman
    before = written_before.lower().translate(UNIT_TEXT_TRANSLATION)
    after = f"{word}{written_after.lower()}".translate(UNIT_TEXT_TRANSLATION)
    read = number_words_as_digits(f"{before}{after}")
    digits = NUMBER_PATTERN.match(read, len(before))
    return number_from_match(digits) if digits is not None else None


def _lct_comparison(
    brat: _Brat,
    document: str,
    event_id: str,
    analyte: Analyte | None = None,
    owner_start: int | None = None,
) -> _Gold | None:
    """An ``Eq-Comparison`` event read as a gold value; None without a number.

    Letter classes of the score ``analyte`` ("Child-Pugh grade C", "B or worse") are
    the points they span, as the parser reads them. A comparator symbol written after
    the value and before the name it filters (``owner_start``: "145 mmHg ≤ msSBP") bounds
    it from the other side; the annotators mark the symbol as written.
    """
    roles = brat.events.get(event_id, [])
    if not roles or roles[0][0] != "Eq-Comparison" or roles[0][1] not in brat.spans:
        return None
    _, start, end, _ = brat.spans[roles[0][1]]
    values: list[float] = []
    classes: list[tuple[float, float]] = []
    operators: list[str] = []
    unit_spans: list[tuple[int, int, str]] = []
    value_spans: list[tuple[int, int]] = []
    multiplied = False
    for role, target in roles[1:]:
        span = brat.spans.get(target)
        if span is None:
            continue
        base_role = role.rstrip("0123456789")
        if base_role == "Value":
            number = _lct_number(
                span[3], document[span[2] : span[2] + 40], document[max(0, span[1] - 40) : span[1]]
            )
            if (
                number is not None
                and value_spans
                and _is_multiplier(document, value_spans[-1], span)
            ):
                # "100x109/L": the annotators mark 109 (10^9) as a second value.
                first = value_spans[-1][0]
                values[-1] = _lct_number(document[first : span[2]]) or values[-1]
                value_spans[-1] = (first, span[2])
                multiplied = True
            elif number is not None:
                values.append(number)
                value_spans.append((span[1], span[2]))
            elif analyte is not None and span[3].strip().lower() in analyte.classes:
                classes.append(analyte.classes[span[3].strip().lower()])
        elif base_role == "Operator":
            written = severity_comparator(analyte, span[3]) if analyte else None
            operator = _LCT_OPERATORS.get(brat.attributes.get(target, ""), written or "=")
            if (
                owner_start is not None
                and value_spans
                and value_spans[-1][1] <= span[1]
                and span[2] <= owner_start
                and _GOLD_SYMBOL.fullmatch(span[3].strip())
            ):
                operator = _REVERSED.get(operator, operator)
            operators.append(operator)
        elif base_role in ("Unit", "Per", "Temporal-Unit"):
            unit_spans.append((span[1], span[2], span[3]))
    if classes and analyte is not None and not values:
        if any(o in (">", ">=") for o in operators):
            classes.append(max(analyte.classes.values()))
        elif any(o in ("<", "<=") for o in operators):
            classes.append(min(analyte.classes.values()))
        low, high = min(c[0] for c in classes), max(c[1] for c in classes)
        if low == high:  # a class of one point ("BCLC stage C"), as the parse reads it
            return _Gold(start, end, "=", low, None, None)
        return _Gold(start, end, "between", low, high, None)
    if not values and unit_spans and _lct_unit(document, unit_spans) in NORMAL_LIMITS:
        values = [1.0]  # "greater than the upper limit of normal": the limit itself (or lower)
    if not values:
        return None
    lower_bounds = [o for o in operators if o in (">", ">=")]
    upper_bounds = [o for o in operators if o in ("<", "<=")]
    if len(values) == 2 and _SLASH_PAIR.fullmatch(document[value_spans[0][1] : value_spans[1][0]]):
        # "BP > 140/90 mmHg", "HDL < 50/40 mg/dL (F/M)": a pair of thresholds, not a
        # range; the first is the one the comparator is written against.
        values = values[:1]
    if len(values) > 1 or "between" in operators or (lower_bounds and upper_bounds):
        comparator = "between"
    else:
        comparator = next((o for o in operators if o != "="), "=")
        if _negated(brat, event_id):
            comparator = _COMPLEMENT.get(comparator, comparator)
    number = min(values) if comparator == "between" else values[0]
    upper = max(values) if comparator == "between" and len(values) > 1 else None
    unit = (
        _lct_unit(document, unit_spans)
        if unit_spans
        else _unit_written_after(document, value_spans[-1][1])
    )
    if multiplied and unit_spans and value_spans[0][1] < max(e for _, e, _ in unit_spans):
        # The unit after "100x109": read from the end of the number ("/L").
        unit = _read_unit(document[value_spans[0][1] : max(e for _, e, _ in unit_spans)]) or unit
    return _Gold(start, end, comparator, number, upper, unit)


def _negated(brat: _Brat, event_id: str) -> bool:
    """Whether a ``Negation`` event negates the comparison itself: LCT marks "no more than 8"
    as "more than 8" (operator GT) negated by "no", not as an LTEQ operator."""
    return any(
        roles[0][0] == "Negation"
        and any(role.startswith("Negates") and target == event_id for role, target in roles[1:])
        for roles in brat.events.values()
        if roles
    )


_SLASH_PAIR = re.compile(r"\s*/\s*")
_MULTIPLIER = re.compile(r"\s*[x×*]\s*")


def _is_multiplier(
    document: str, previous: tuple[int, int], span: tuple[str, int, int, str]
) -> bool:
    """Whether a Value right after "x" is the power of ten of the one before (10^9, 109)."""
    return span[3].strip() in ("10", "109", "1012", "106") and bool(
        _MULTIPLIER.fullmatch(document[previous[1] : span[1]])
    )


_SCALE_MAXIMUM = re.compile(r"\s*(?:/|out of)\s*\d+\s*(?:points?)?\s*")


def _unit_written_after(document: str, end: int) -> str | None:
    """The unit written right after a comparison's last number when the annotators marked
    none: "liver stiffness [≥15] kPa", "PPO DLCO [>35]%", "activity [< 40%]" (no Unit
    span is linked, yet the values are in kPa, in %)."""
    written = document[end : end + 30]
    found = get_unit_reader().read(written.lower().translate(UNIT_TEXT_TRANSLATION), 0, written)
    return found[0] if found else None


def _lct_unit(document: str, unit_spans: Sequence[tuple[int, int, str]]) -> str | None:
    """The unit the annotated Unit/Per spans write ("mg" ... "dL" -> mg/dL)."""
    spans = [(start, end) for start, end, text in unit_spans if text.lower() not in _SCALE_WORDS]
    if not spans:
        return None
    start = min(s for s, _ in spans)
    if document[start - 1 : start] == "/":
        start -= 1  # "<140/min": a Per span alone is "per minute"
    elif document[max(0, start - 4) : start].lower() == "per ":
        start -= 4  # "50,000 per ul" with only "ul" marked: per microlitre
    written = document[start : max(e for _, e in spans)]
    if _SCALE_MAXIMUM.fullmatch(written):
        return None  # "2/10", "5 out of 10": a point on a 0-10 scale, not a unit
    unit = _read_unit(written)
    return unit if unit is not None else _UNREADABLE


def _read_lct(path: Path, document: str) -> tuple[list[_Gold], list[_Gold]]:
    """LCT: comparisons filtering an Observation/Condition (measurements), and ages.

    A comparison the annotators left unlinked, written right after an Observation or
    Age that has no filter ("LDL-C ≤ 250 mg/dL" with the two events typed but not
    joined), is read as that event's filter (:func:`_unlinked_filters`).
    """
    brat = _read_brat(path)
    measurements: list[_Gold] = []
    ages: list[_Gold] = []
    filters = [
        (owner, target)
        for roles in brat.events.values()
        if roles and (owner := brat.spans.get(roles[0][1])) is not None
        for role, target in roles[1:]
        if role.rstrip("0123456789") == "Numeric-Filter"
    ]
    for owner, target in [*filters, *_unlinked_filters(brat, document)]:
        gold = _lct_comparison(brat, document, target, _named_score(owner[3]), owner[1])
        if gold is None:
            continue
        if owner[0] == "Age":
            # "Age ≥ 18": an age without a written unit is in years.
            ages.append(
                gold if gold.unit is not None else msgspec.structs.replace(gold, unit="year")
            )
        elif owner[0] in ("Observation", "Condition"):
            measurements.append(gold)
    return measurements, ages


# Between an event's name and its comparison: punctuation and the words that introduce a
# value ("LDL-C ≤ 250", "Hb: 9", "ALT levels ≥ 3 x ULN", "score of 4").
_LINK_GAP = re.compile(
    r"[\s:(),=]*(?:(?:levels?|values?|scores?|counts?|of|is|was|rate)[\s:(),]*)*"
)
_TIME_ROLES = frozenset({"Temporal-Period", "Temporal-Unit", "Temporal-Recency"})


def _unlinked_filters(brat: _Brat, document: str) -> list[tuple[tuple[str, int, int, str], str]]:
    """Numeric comparisons no event points to, joined to the event written right before them.

    Only an Observation (a measured quantity) or Age without a filter of its own — a
    Condition's unlinked comparison is mostly its stage, class or a calendar span, which
    the annotators left out of the filters on purpose ("bipolar I and II", "fracture
    between 2009 and 2018") — only a comparison with a value and no time, and only across
    punctuation and value-introducing words.
    """
    linked = {
        target
        for roles in brat.events.values()
        for role, target in roles[1:]
        if role.rstrip("0123456789") == "Numeric-Filter"
    }
    owners = [
        brat.spans[roles[0][1]]
        for roles in brat.events.values()
        if roles
        and roles[0][1] in brat.spans
        and brat.spans[roles[0][1]][0] in ("Observation", "Age")
        and not any(role.rstrip("0123456789") == "Numeric-Filter" for role, _ in roles[1:])
    ]
    repaired: list[tuple[tuple[str, int, int, str], str]] = []
    for event_id, roles in brat.events.items():
        if event_id in linked or not roles or roles[0][0] != "Eq-Comparison":
            continue
        base_roles = {role.rstrip("0123456789") for role, _ in roles[1:]}
        if "Value" not in base_roles or base_roles & _TIME_ROLES:
            continue
        span = brat.spans.get(roles[0][1])
        if span is None:
            continue
        before = [o for o in owners if o[2] <= span[1]]
        if not before:
            continue
        owner = max(before, key=lambda o: o[2])
        if _LINK_GAP.fullmatch(document[owner[2] : span[1]]):
            repaired.append((owner, event_id))
    return repaired


# The dimension of a value's unit, as pint gives it, named for the class report.
_DIMENSIONS = {
    "[mass] / [length] ** 3": "mass concentration",
    "[substance] / [length] ** 3": "molar concentration",
    "1 / [length] ** 3": "count per volume",
    "[activity_international_unit] / [length] ** 3": "activity per volume",
    "[viral_copy] / [length] ** 3": "viral copies per volume",
    "[time]": "time",
    "[mass] / [length] / [time] ** 2": "pressure",
    "[upper_limit_of_normal]": "x ULN",
    "[lower_limit_of_normal]": "x LLN",
}
# How a value's comparator is written, first form found first.
_COMPARATOR_FORMS = (
    ("between", re.compile(r"\bbetween\b")),
    ("up to", re.compile(r"\bup to\b")),
    ("no more / not more / not exceed", re.compile(r"\bno(?:t)? (?:more|greater|higher|exceed)")),
    ("at least / at most", re.compile(r"\bat (?:least|most)\b")),
    ("symbol", _GOLD_SYMBOL),
    (
        "after the number (or more, or less)",
        re.compile(r"\bor (?:more|greater|higher|above|less|lower|below|older|worse|better)\b"),
    ),
)


def value_classes(written: str, unit: str | None, has_number: bool) -> list[str]:
    """The classes of a value as written, one per axis ("axis: class"): its unit's dimension,
    how its comparator is written, how its number is written and where its unit stands.

    The extraction report counts gold values, misses and unmatched extracted values by these
    classes (``ExtractionReport.classes``), so a half's misses can be read in aggregate.
    """
    norm = written.lower().translate(UNIT_TEXT_TRANSLATION)
    numbers = list(NUMBER_PATTERN.finditer(norm))
    if unit is None or unit == _UNREADABLE:
        dimension = "no unit" if unit is None else "a unit no spelling reads"
    elif unit in ("percent", "points", "percentile"):
        dimension = unit
    else:
        try:
            found = str(get_unit_reader().registry.Quantity(1.0, unit).dimensionality)
        except (pint.PintError, ValueError, TypeError):
            found = ""
        dimension = _DIMENSIONS.get(found, f"other ({unit})")
    if _GOLD_RANGE.search(norm):
        comparator = "range X-Y"
    else:
        comparator = next(
            (name for name, form in _COMPARATOR_FORMS if form.search(norm)),
            "words" if any(phrase in norm for phrase, _ in _GOLD_COMPARATORS) else "none written",
        )
    if not has_number:
        number = "no number"
    elif not numbers and NUMBER_PATTERN.search(number_words_as_digits(norm)):
        number = "spelt out"
    elif not numbers and unit in NORMAL_LIMITS:
        number = "a limit in words (elevated, above the ULN)"
    elif not numbers:
        number = "roman numeral or letter"
    elif numbers[0].group("exp"):
        number = "x 10^n"
    elif any(separator in numbers[0].group("int") for separator in ", "):
        number = "thousand separator"
    elif numbers[0].group("frac") and norm[numbers[0].start("frac") - 1] == ",":
        number = "decimal comma"
    else:
        number = "decimal point" if numbers[0].group("frac") else "whole number"
    reader = get_unit_reader()
    if unit is None:
        position = "no unit"
    elif any(reader.read(norm, match.end()) for match in numbers):
        position = "right after its number"
    else:
        position = "apart from its number"
    return [
        f"unit: {dimension}",
        f"comparator: {comparator}",
        f"number: {number}",
        f"unit position: {position}",
    ]


def _same_number(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def _same_unit(gold: str | None, extracted: str | None) -> bool:
    if gold == extracted:
        return True
    if gold is None or extracted is None or _UNREADABLE in (gold, extracted):
        return False
    factor = convert(1.0, extracted, gold)
    return factor is not None and _same_number(factor, 1.0)


_Check = Callable[[Measurement, _Gold], bool]
_CHECKS: dict[str, _Check] = {
    "span": lambda m, g: True,
    "comparator": lambda m, g: m.comparator == g.comparator,
    "number": lambda m, g: (
        _same_number(m.value, g.number)
        and (g.upper is None or _same_number(m.upper_value, g.upper))
    ),
    # A unit the parser assumed for a bare value was not written: it is scored as none.
    "unit": lambda m, g: _same_unit(g.unit, None if m.unit_assumed else m.unit),
}
_CHECKS["all"] = lambda m, g: (
    _CHECKS["comparator"](m, g)
    and ((_CHECKS["number"](m, g) and _CHECKS["unit"](m, g)) or _same_quantity(m, g))
)


def _same_quantity(measurement: Measurement, gold: _Gold) -> bool:
    """The same threshold in other words: "300 x 10^9/L" read as 3e11 /L or as 300 /nL."""
    unit = None if measurement.unit_assumed else measurement.unit
    if unit is None or gold.unit is None or gold.unit == _UNREADABLE or unit == gold.unit:
        return False
    value = convert(measurement.value, unit, gold.unit)
    upper = measurement.upper_value
    return _same_number(value, gold.number) and (
        gold.upper is None
        or (upper is not None and _same_number(convert(upper, unit, gold.unit), gold.upper))
    )


def _score(
    extracted: Sequence[tuple[Measurement, int, int]],
    gold: Sequence[_Gold],
    counts: Counter[str],
    text: str | None = None,
) -> None:
    """Add one document's one-to-one matches, per check, to ``counts``; with the document's
    ``text``, also its gold values, misses and unmatched extracted values by class
    (:func:`value_classes`), which change no score.

    A value shared by several analytes ("AST/ALT ≤ 2.5 x ULN" gives one measurement of
    each) is one extracted value: its copies count as extracted only as far as gold
    values match them, so annotating it once or once per analyte both score it right.
    """
    counts["gold"] += len(gold)
    counts["gold_with_number"] += sum(g.number is not None for g in gold)
    values = [_value_key(measurement, start, end) for measurement, start, end in extracted]
    most_matched = Counter[tuple[object, ...]]()
    all_used: set[int] = set()
    all_matched = Counter[tuple[object, ...]]()
    for name, check in _CHECKS.items():
        used: set[int] = set()
        matched = Counter[tuple[object, ...]]()
        for (measurement, start, end), value in zip(extracted, values, strict=True):
            match = next(
                (
                    index
                    for index, g in enumerate(gold)
                    if index not in used
                    and g.start < end
                    and start < g.end
                    and check(measurement, g)
                ),
                None,
            )
            if match is not None:
                used.add(match)
                counts[name] += 1
                matched[value] += 1
        most_matched |= matched
        if name == "all":
            all_used, all_matched = used, matched
    counts["predicted"] += sum(max(1, most_matched[value]) for value in set(values))
    if text is None:
        return
    for index, g in enumerate(gold):
        for kind in value_classes(text[g.start : g.end], g.unit, g.number is not None):
            counts[f"class gold {kind}"] += 1
            counts[f"class missed {kind}"] += index not in all_used
    extras = {
        value: (measurement, start, end)
        for (measurement, start, end), value in zip(extracted, values, strict=True)
        if not all_matched[value]
    }
    for measurement, start, end in extras.values():
        unit = None if measurement.unit_assumed else measurement.unit
        for kind in value_classes(text[start:end], unit, True):
            counts[f"class extra {kind}"] += 1


def _value_key(measurement: Measurement, start: int, end: int) -> tuple[object, ...]:
    """What makes an extracted value one value: where it is written and its comparator.

    A pair written once ("BP > 140/90" gives systolic > 140 and diastolic > 90) is one
    written value read for two quantities, as "AST/ALT ≤ 2.5 x ULN" is.
    """
    unit = None if measurement.unit_assumed else measurement.unit
    return (start, end, measurement.comparator, unit)


def _analysed(text: str) -> list[tuple[int, TextAnalysis]]:
    """The parse of each line, with the line's offset in the whole text."""
    return [(offset, analyse_text(line)) for offset, line in _lines_with_offsets(text)]


def _extracted(
    analysed: Sequence[tuple[int, TextAnalysis]], keep: Callable[[Measurement], bool]
) -> list[tuple[Measurement, int, int]]:
    """The parser's measurements line by line, with offsets in the whole text; a viral load
    read from words ("HBV DNA undetectable") is no number written, which the gold scores."""
    analytes = load_lexicon().analytes
    return [
        (measurement, offset + start, offset + end)
        for offset, analysis in analysed
        for measurement, start, end in analysis.measurements
        if keep(measurement) and detection_word(analytes[measurement.analyte], measurement) is None
    ]


def _score_results(
    analysed: Sequence[tuple[int, TextAnalysis]], gold: Sequence[_Gold], counts: Counter[str]
) -> None:
    """Add one document's results written as a word that the parse reads: a concept found
    in the annotated Measurement's span ("HBsAg" of "HBsAg negative") with the result's
    polarity (negated for a negative result). One concept reads one result."""
    results = [g for g in gold if g.result is not None and g.named is not None]
    counts["gold_results"] += len(results)
    used: set[int] = set()
    for offset, analysis in analysed:
        for finding, _ in analysis.concepts:
            start, end = offset + finding.start, offset + finding.end
            match = next(
                (
                    index
                    for index, g in enumerate(results)
                    if index not in used
                    and g.named is not None
                    and g.named[0] < end
                    and start < g.named[1]
                    and finding.negated is not g.result
                ),
                None,
            )
            if match is not None:
                used.add(match)
                counts["results_read"] += 1


def _report(title: str, counts: Counter[str]) -> ExtractionReport:
    return ExtractionReport(
        title=title,
        gold=counts["gold"],
        predicted=counts["predicted"],
        gold_with_number=counts["gold_with_number"],
        gold_results=counts["gold_results"],
        results_read=counts["results_read"],
        span_matched=counts["span"],
        comparator_correct=counts["comparator"],
        number_correct=counts["number"],
        unit_correct=counts["unit"],
        all_correct=counts["all"],
        classes={
            key.removeprefix("class gold "): (
                counts[key],
                counts[key.replace("gold", "missed", 1)],
                counts[key.replace("gold", "extra", 1)],
            )
            for key in sorted(
                {"class gold " + k.split(" ", 2)[2] for k in counts if k.startswith("class ")}
            )
        },
    )


Portion = Literal["development", "check"]


def extraction_portion(document: str) -> Portion:
    """The fixed half a Chia/LCT document belongs to, by the CRC-32 of its NCT id.

    Parser errors are read on the development half only; the check half is
    only scored, so its figures show whether a rule generalises. ``document``
    is a file name or stem ("NCT00050349_exc"); the NCT id decides, so a
    trial's inclusion and exclusion files fall in the same half.
    """
    nct_id = Path(document).name.split("_")[0].split(".")[0].upper()
    return "development" if zlib.crc32(nct_id.encode()) % 2 == 0 else "check"


def _in_portion(path: Path, portion: Portion | None) -> bool:
    return portion is None or extraction_portion(path.name) == portion


def evaluate_chia(directory: str | Path, portion: Portion | None = None) -> ExtractionReport:
    """Score the parser's measurements on every ``*.ann``/``*.txt`` pair in a Chia folder.

    Age is left out on both sides: Chia annotates age as a Person entity,
    quantities measured in time (life expectancy) as an Observation — except a
    gestational age, which it annotates as a Measurement — and amounts of
    a behaviour ("> 20 cigarettes per day", pack-years) as an Observation's
    Multiplier, which the gold (``Measurement`` values only) does not include.
    ``portion`` keeps one half of the documents (:func:`extraction_portion`).
    """
    analytes = load_lexicon().analytes
    counts = Counter[str]()
    paths = [p for p in Path(directory).glob("*.ann") if _in_portion(p, portion)]
    for ann_path, text in _annotated_texts(paths):
        analysed = _analysed(text)
        gold = _read_ann(ann_path)
        extracted = _extracted(
            analysed,
            lambda m: (
                m.analyte != "age"
                and (
                    analytes[m.analyte].canonical_unit not in _TIME_UNITS
                    or m.analyte in _CHIA_TIMED_MEASUREMENTS
                )
                and analytes[m.analyte].kind != "exposure"
            ),
        )
        _score(extracted, gold, counts, text)
        _score_results(analysed, gold, counts)
    return _report("gold Measurement-Has_value-Value pairs", counts)


def evaluate_lct(directory: str | Path, portion: Portion | None = None) -> LctReport:
    """Score the parser's measurements on every ``NCT*.ann``/``.txt`` pair under an LCT folder.

    Gold: each ``Eq-Comparison`` event with a number that is the
    ``Numeric-Filter`` of an Observation or Condition (labs, vitals, scores) —
    scored against every non-age measurement but a level read from a word, which
    writes no number — and of an Age event, scored
    against the parser's ages. ``portion`` keeps one half of the trials.
    """
    measurement_counts = Counter[str]()
    age_counts = Counter[str]()
    paths = [p for p in Path(directory).rglob("NCT*.ann") if _in_portion(p, portion)]
    for ann_path, text in _annotated_texts(paths):
        measurements, ages = _read_lct(ann_path, text)
        # A level read from a word ("elevated liver enzymes": above the ULN, "low B12": below
        # the LLN) writes no number, and LCT annotates only numeric filters (Chia annotates
        # the word as the Value); nor does an age read from an age group ("Healthy children").
        extracted = _extracted(
            _analysed(text),
            lambda m: not (is_raised_word(m.text) or is_lowered_word(m.text) or reads_age_group(m)),
        )
        _score(
            [e for e in extracted if e[0].analyte != "age"], measurements, measurement_counts, text
        )
        _score([e for e in extracted if e[0].analyte == "age"], ages, age_counts, text)
    return LctReport(
        measurements=_report("gold Observation/Condition numeric filters", measurement_counts),
        age=_report("gold Age numeric filters", age_counts),
    )


def _annotated_texts(ann_paths: Iterable[Path]) -> Iterator[tuple[Path, str]]:
    """Each brat annotation file, in name order, with the text it annotates (files
    without their ``.txt`` are skipped)."""
    for ann_path in sorted(ann_paths):
        text_path = ann_path.with_suffix(".txt")
        if text_path.exists():
            yield ann_path, _read_text(text_path)


def _read_text(path: Path) -> str:
    """The file's exact characters: brat offsets count a CRLF as two (Chia has CRLF files)."""
    return path.read_bytes().decode("utf-8")


def _lines_with_offsets(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            yield offset, line
        offset += len(line) + 1
