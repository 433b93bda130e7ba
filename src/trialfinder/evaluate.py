"""Measure the criteria parser and matcher against expert annotations.

``evaluate_criteria``: TrialGPT-Criterion-Annotations style pairs (patient
note, one criterion) judged from the note alone, answered in the file's
vocabulary. ``evaluate_chia``: measurements with values (Chia brat files,
``Has_value`` relations) compared with what the parser extracts.

The rules are general (negation, lexicons, units, closed-world reading of
notes): nothing here knows any particular note or criterion.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    Criterion,
    Measurement,
    Pregnancy,
    Section,
    SexRequirement,
)
from trialfinder.criteria.parse import analyse_text, find_concepts, parse_criterion
from trialfinder.criteria.units import UNIT_TEXT_TRANSLATION, get_unit_reader, parse_number
from trialfinder.match import (
    Finding,
    Truth,
    evaluate_constraint,
    evaluate_criterion,
    merge_age_alternatives,
)
from trialfinder.patient import (
    PatientFacts,
    PatientProfile,
    extract_facts,
    load_screening_rules,
    phrase_pattern,
)

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
    trial_title: str = ""
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
_PREMENOPAUSAL = re.compile(r"\bpre-?menopaus", re.IGNORECASE)
_POSTMENOPAUSAL = re.compile(r"\bpost-?menopaus", re.IGNORECASE)


def _not_applicable(criterion_text: str, patient: PatientFacts) -> bool:
    """Criteria about pregnancy or a sex the patient does not have do not apply."""
    rules = load_screening_rules()
    if _both_sexes(criterion_text):
        return False
    if _CHILDBEARING.search(criterion_text):
        if patient.sex == "male":
            return True
        if patient.age is not None and (
            patient.age > rules.childbearing_age_limit_years or patient.age < 10
        ):
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


@functools.cache
def _cue_patterns() -> dict[str, re.Pattern[str]]:
    rules = load_screening_rules()
    return {
        "both_sexes": phrase_pattern(load_lexicon().cues.both_sexes_phrases),
        "any_group": phrase_pattern([*load_lexicon().cues.any_group_cues, "one or more"]),
        "future": phrase_pattern(rules.future_intention_cues),
        "hypothetical": phrase_pattern(rules.hypothetical_cues),
        "language": phrase_pattern(rules.language_cues),
        "severity": phrase_pattern(rules.severity_qualifiers),
        "grade": phrase_pattern(rules.severity_grades),
        "conduct": phrase_pattern(rules.study_conduct_cues),
        "conduct_failure": phrase_pattern(rules.study_conduct_failures),
        "population": re.compile(
            r"^\W*(?:"
            + "|".join(re.escape(word) for word in rules.population_words)
            + r")?\W*(?:"
            + "|".join(re.escape(link) for link in rules.population_links)
            + r")\b",
            re.IGNORECASE,
        ),
    }


def _both_sexes(criterion_text: str) -> bool:
    return _cue_patterns()["both_sexes"].search(criterion_text) is not None


def _menopause_finding(criterion_text: str, patient: PatientFacts) -> Truth | None:
    """Pre/postmenopausal from the note, else from a woman's age (general age bands)."""
    pre = _PREMENOPAUSAL.search(criterion_text) is not None
    post = _POSTMENOPAUSAL.search(criterion_text) is not None
    if pre == post:
        return None
    if patient.sex == "male":
        return "false"
    rules = load_screening_rules()
    present, absent = patient.concept_facts("menopause")
    if present:
        is_post: bool | None = True
    elif absent:
        is_post = False
    elif patient.age is None:
        is_post = None
    elif patient.age >= rules.postmenopausal_age_years:
        is_post = True
    elif patient.age < rules.premenopausal_age_limit_years:
        is_post = False
    else:
        is_post = None
    if is_post is None:
        return "unknown"
    return "true" if is_post == post else "false"


def _words_before(criterion_text: str, constraint: ConceptMention, span: int = 40) -> str:
    """The mention and the few words written before it in the criterion."""
    position = criterion_text.lower().find(constraint.text.lower())
    if position < 0:
        return ""
    return criterion_text[max(0, position - span) : position + len(constraint.text)]


def _qualified_beyond_note(
    criterion_text: str, constraint: ConceptMention, evidence: str | None
) -> bool:
    """ "uncontrolled hypertension" when the note says only "hypertension": severity unknown."""
    severity = _cue_patterns()["severity"]
    qualifiers = {
        m.group().lower() for m in severity.finditer(_words_before(criterion_text, constraint))
    }
    if not qualifiers:
        return False
    stated = {m.group().lower() for m in severity.finditer(evidence or "")}
    return not qualifiers <= stated


def _grade_conflict(criterion_text: str, constraint: ConceptMention, patient: PatientFacts) -> bool:
    """ "mild cognitive impairment" is not what a note calling the deficits "severe" describes."""
    grade = _cue_patterns()["grade"]
    wanted = {
        m.group().lower() for m in grade.finditer(_words_before(criterion_text, constraint, 15))
    }
    present, _ = patient.concept_facts(constraint.concept)
    stated = {m.group().lower() for fact in present for m in grade.finditer(fact.evidence)}
    return bool(wanted and stated and wanted.isdisjoint(stated))


def _is_hypothetical(criterion_text: str, constraint: Constraint) -> bool:
    """ "who desire pregnancy": a wish or plan, not a state the note could confirm."""
    if not isinstance(constraint, (ConceptMention, Pregnancy)):
        return False
    position = criterion_text.lower().find(constraint.text.lower())
    if position < 0:
        return False
    before = criterion_text[max(0, position - 25) : position]
    return _cue_patterns()["hypothetical"].search(before) is not None


def _names_population(criterion_text: str, constraint: Constraint) -> bool:
    """ "Diabetic patients on rosiglitazone": diabetes says who; the drug is what excludes."""
    if not isinstance(constraint, (ConceptMention, Pregnancy)):
        return False
    position = criterion_text.lower().find(constraint.text.lower())
    if position < 0:
        return False
    after = criterion_text[position + len(constraint.text) :]
    return _cue_patterns()["population"].search(after) is not None


def _about_study_conduct(criterion_text: str) -> bool:
    """ "MRI images unable to be processed": happens during the study, not about the patient."""
    patterns = _cue_patterns()
    return bool(
        patterns["conduct"].search(criterion_text)
        and patterns["conduct_failure"].search(criterion_text)
    )


def _judge_inclusion(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
) -> Label:
    truths = [finding.truth for finding in findings]
    concept_truths: list[Truth] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        if not isinstance(constraint, ConceptMention) or finding.truth != "true":
            continue
        if _grade_conflict(criterion.text, constraint, patient):
            return "not included"
        qualified = _qualified_beyond_note(criterion.text, constraint, finding.evidence)
        concept_truths.append("unknown" if qualified else "true")
    if concept_truths and "true" not in concept_truths:
        return "not enough information"
    menopause = _menopause_finding(criterion.text, patient)
    if menopause is not None:
        truths.append(menopause)
    if "false" in truths and menopause == "false":
        return "not included"
    if "true" in concept_truths and _cue_patterns()["any_group"].search(criterion.text):
        return "included"
    status, _, _ = evaluate_criterion(criterion, patient)
    if status == "not_met":
        return "not included"
    if status == "met" or ("true" in truths and "false" not in truths):
        return "included"
    return "not enough information"


def _judge_exclusion(
    criterion_text: str,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
) -> Label:
    pairs = list(zip(constraints, findings, strict=True))
    menopause = _menopause_finding(criterion_text, patient)
    if menopause is not None:
        pairs = [(c, f) for c, f in pairs if not _is_menopause(c)]
    if len(pairs) > 1:
        pairs = [(c, f) for c, f in pairs if not _names_population(criterion_text, c)] or pairs
    applying = [
        (constraint, finding)
        for constraint, finding in pairs
        if finding.truth == "true"
        and not (isinstance(constraint, ConceptMention) and constraint.negated)
        and not isinstance(constraint, SexRequirement)
        and not (
            isinstance(constraint, ConceptMention)
            and _grade_conflict(criterion_text, constraint, patient)
        )
    ]
    if menopause == "true":
        return "excluded"
    if applying:
        qualified = all(
            isinstance(constraint, ConceptMention)
            and _qualified_beyond_note(criterion_text, constraint, finding.evidence)
            for constraint, finding in applying
        )
        return "not enough information" if qualified else "excluded"
    if _unsettled_beyond_note(criterion_text, patient, pairs):
        return "not enough information"
    return "not excluded"


def _is_menopause(constraint: Constraint) -> bool:
    return isinstance(constraint, ConceptMention) and constraint.concept == "menopause"


def _unsettled_beyond_note(
    criterion_text: str, patient: PatientFacts, pairs: Sequence[tuple[Constraint, Finding]]
) -> bool:
    """Exclusions a note does not settle by silence.

    A note mentions diseases it knows of, so an unmentioned disease is taken as
    absent; but it rarely records plans, language, body size, or (for a woman
    of childbearing age) whether she is pregnant, so those stay unknown.
    """
    patterns = _cue_patterns()
    if patterns["future"].search(criterion_text) or patterns["language"].search(criterion_text):
        return True
    rules = load_screening_rules()
    for constraint, finding in pairs:
        if finding.truth != "unknown":
            continue
        if isinstance(constraint, ConceptMention) and patient.possible_concept(constraint.concept):
            return True
        if (
            isinstance(constraint, Measurement)
            and constraint.analyte in rules.unrecorded_body_size_analytes
        ):
            return True
        if (
            isinstance(constraint, Pregnancy)
            and "pregnant" in constraint.states
            and not constraint.negated
            and patient.sex != "male"
        ):
            return True
    return False


def judge_pair(
    criterion_text: str,
    section: Section,
    note: str,
    patient: PatientFacts,
    trial_concepts: frozenset[str] = frozenset(),
) -> Label:
    """The label a reader of the note alone would give this criterion.

    ``trial_concepts`` are the conditions the trial studies (from its title):
    an exclusion naming them ("secondary osteoporosis" in an osteoporosis
    trial) is not applied just because the patient has the condition.
    """
    if _not_applicable(criterion_text, patient):
        return "not applicable"
    if section == "exclusion" and _about_study_conduct(criterion_text):
        return "not applicable"
    if _ADMINISTRATIVE.search(criterion_text) and _consents(note):
        inability = _INABILITY.search(criterion_text) is not None
        if section == "inclusion":
            return "not included" if inability else "included"
        return "not excluded"
    constraints, complete = parse_criterion(criterion_text, section)
    evidence_only = frozenset(load_screening_rules().evidence_only_concepts)
    constraints = [
        c
        for c in constraints
        if not (isinstance(c, Pregnancy) and patient.sex == "male")
        and not (isinstance(c, ConceptMention) and c.concept in evidence_only)
        and not (section == "inclusion" and _is_hypothetical(criterion_text, c))
        and not (
            section == "exclusion" and isinstance(c, ConceptMention) and c.concept in trial_concepts
        )
    ]
    if _both_sexes(criterion_text):
        constraints = [c for c in constraints if not isinstance(c, SexRequirement)]
    criterion = Criterion("C", section, criterion_text, constraints=constraints, complete=complete)
    findings = [evaluate_constraint(c, patient, criterion_text) for c in constraints]
    constraints, findings = merge_age_alternatives(constraints, findings, criterion_text)
    if section == "inclusion":
        return _judge_inclusion(criterion, patient, constraints, findings)
    return _judge_exclusion(criterion_text, patient, constraints, findings)


@functools.cache
def _title_concepts(trial_title: str) -> frozenset[str]:
    return frozenset(
        finding.concept for finding in find_concepts(trial_title) if not finding.negated
    )


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
        label = judge_pair(
            pair.criterion_text,
            pair.criterion_type,
            pair.note,
            patient,
            _title_concepts(pair.trial_title),
        )
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
