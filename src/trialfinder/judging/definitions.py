"""A definition written in the criterion decides the qualifier it defines: "Significant
kidney disease, defined as GFR < 60 ml/min". The note cannot state "significant", but it can
give the GFR, which is what a coordinator checks. Met when the patient meets the definition
(one of its parts for an "or", every one for an "and"), not met when the patient's facts
contradict it, otherwise unknown, naming what is missing and how the criterion defines it.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence
from typing import Literal, NamedTuple

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import words_left_unread
from trialfinder.judging.alternatives import or_word
from trialfinder.judging.criterion_words import qualifier_words
from trialfinder.judging.entailment import entailed_finding
from trialfinder.judging.findings import Finding, Outcome, joined_reasons
from trialfinder.patient import PatientFacts, judge_cue_pattern, load_screening_rules
from trialfinder.phrases import phrase_pattern

__all__ = ["definition_status"]


class _Definition(NamedTuple):
    """A qualified condition and the definition the criterion writes for it.

    ``term`` is the qualified condition as written ("Significant kidney disease"), ``text``
    the definition ("Glomerular Filtration Rate (GFR) < 60 ml/min"), ``start``/``end`` the
    definition's span in the criterion and ``term_start`` where the term's qualifier begins.
    ``after`` is the clause a bracketed definition is followed by that qualifies the term
    ("… (i.e., cough, dyspnea) that are interfering with activities of daily living"), or "".
    """

    term: str
    text: str
    term_start: int
    start: int
    end: int
    after: str


@functools.cache
def _definition_cue() -> re.Pattern[str]:
    """The cues that open a definition, longest first ("as defined by" before "defined by")."""
    cues = sorted(load_screening_rules().criterion_definition_cues, key=len, reverse=True)
    return re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(c).rstrip(r"\.") for c in cues) + r")\.?,?",
        re.IGNORECASE,
    )


@functools.cache
def _defined_qualifier_words() -> re.Pattern[str]:
    """A qualifier a definition can stand in for: the context stage's qualifier words and
    the screening rules' ``criterion_defined_qualifiers`` ("significant", "adequate")."""
    words = {*qualifier_words(), *load_screening_rules().criterion_defined_qualifiers}
    return phrase_pattern(words)


# Where the words defining a condition stop: a sentence's end, or a semicolon.
_DEFINITION_END = re.compile(r";|\.(?=\s|$)")


# A definition with an exception ("unless precipitated by an inciting event") or a
# protocol's own list ("defined as follows:") is left to the rest of the judge.
_DEFINITION_LEFT = r"\b(?:{criterion_definition_left_words})\b"


# Right after a bracketed definition, a clause qualifying the term it defines, to the
# sentence's end or a semicolon ("… (i.e., cough, dyspnea) that are interfering with …").
_DEFINITION_AFTER = r"\)\s*,?\s*((?:{criterion_definition_after_words})\b[^;.]*)"


# The words that only say which term is meant, once the qualifier is read.
_TERM_EDGES = " ,:(-"


@functools.lru_cache(maxsize=65_536)
def _criterion_definition(criterion_text: str) -> _Definition | None:
    """The one definition a criterion writes for a qualified condition, or None.

    "Significant kidney disease, defined as GFR < 60 ml/min", "Active hepatitis C infection
    (i.e., detectable HCV RNA)": the cue comes right after a condition with a qualifier
    a few words before it (in the same sentence part), and the definition runs to the
    bracket the cue is in, or to the end of the sentence. A criterion with two definitions
    ("active hepatitis B (defined as …) and hepatitis C (defined as …)") is left alone.
    """
    cues = list(_definition_cue().finditer(criterion_text))
    if len(cues) != 1:
        return None
    cue = cues[0]
    before = criterion_text[: cue.start()]
    boundary = max(before.rfind(";"), before.rfind(". "), cue.start() - 80)
    window = before[boundary + 1 :] if boundary >= 0 else before
    # The qualifier nearest the cue: "active infection or significant kidney disease,
    # defined as …" defines the kidney disease only.
    qualifier = next(reversed(list(_defined_qualifier_words().finditer(window))), None)
    if qualifier is None:
        return None
    term_start = len(before) - len(window) + qualifier.start()
    term = criterion_text[term_start : cue.start()].strip(_TERM_EDGES)
    opened = before.rstrip(_TERM_EDGES.replace("(", "")).endswith("(")
    if opened:
        # "(i.e., forced expiratory volume in one second [FEV1] < 1 liter)": the bracket the
        # cue is in closes the definition; a bracket inside it (an abbreviation) does not.
        depth, end = 1, -1
        for position in range(cue.end(), len(criterion_text)):
            depth += (criterion_text[position] == "(") - (criterion_text[position] == ")")
            if depth == 0:
                end = position
                break
        if end < 0:
            return None
        clause = judge_cue_pattern(_DEFINITION_AFTER, re.I).match(criterion_text, end)
        after = clause.group(1).strip() if clause else ""
    else:
        stop = _DEFINITION_END.search(criterion_text, cue.end())
        end = stop.start() if stop else len(criterion_text)
        after = ""
    text = criterion_text[cue.end() : end].strip(" ,:")
    if not text or not term or judge_cue_pattern(_DEFINITION_LEFT, re.I).search(text):
        return None
    return _Definition(term, text, term_start, cue.end(), end, after)


def definition_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
) -> Outcome | None:
    """A definition written in the criterion decides the qualifier it defines.

    "Significant kidney disease, defined as GFR < 60 ml/min": the note cannot state
    "significant", but it can give the GFR, which is what a coordinator checks. Met when
    the patient meets the definition (one of its parts for an "or" or a list of
    conditions, every one for an "and"); not met when the patient's facts contradict it;
    otherwise unknown, the reason naming what is missing and how the criterion defines the
    term. None when the criterion writes no such definition, when something it asks lies
    outside the qualified condition and its definition, or when the note says nothing of
    either (silence is then the rest of the judge's to weigh).
    """
    definition = _criterion_definition(criterion.text)
    if definition is None:
        return None
    lowered = criterion.text.lower()
    term: list[tuple[Constraint, Finding]] = []
    parts: list[tuple[int, Constraint, Finding]] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        text = constraint.text.lower()
        position = lowered.find(text, definition.start) if text else -1
        if position >= 0 and position + len(text) <= definition.end:
            parts.append((position, constraint, finding))
            continue
        position = lowered.find(text, definition.term_start) if text else -1
        inside_term = position >= 0 and position + len(text) <= definition.start
        if not (inside_term and isinstance(constraint, ConceptMention)):
            return None
        if constraint.negated or constraint.window is not None:
            # A window the parse put on the term ("significant cardiovascular disease,
            # defined as: myocardial infarction within 6 months") belongs to a part.
            return None
        term.append((constraint, finding))
    if not parts:
        return None
    parts.sort(key=lambda part: part[0])
    joiner = _definition_joiner(criterion.text, [(p, c) for p, c, _ in parts])
    if joiner is None:
        return None
    pairs = list(zip(constraints, findings, strict=True))
    judged = [_definition_part_finding(criterion.text, c, f, patient, pairs) for _, c, f in parts]
    holding = [f for f in judged if f.truth == "true"]
    failing = [f for f in judged if f.truth == "false"]
    first, *rest = definition.term.split(" ", 1)
    named = " ".join([first if first.isupper() else first.lower(), *rest])  # "hepatitis C"
    defines = f"the criterion defines {named} as {definition.text}"
    # Every part must have been read for a definition to hold by all its parts or to fail
    # by all of them: an unread word may be another alternative ("any known current
    # infectious … pathology of the liver or unexplained elevations in ALT …").
    every_part_read = not words_left_unread(definition.text, [])
    if definition.after and holding and (joiner == "any" or len(holding) == len(judged)):
        # "… (i.e., cough, dyspnea) that are interfering with activities of daily living":
        # the clause after the bracket qualifies the term too, and the note must say it.
        asked = f"{defines}, {definition.after}; the note does not say so"
        return "unknown", holding[0].evidence, f"{joined_reasons(holding)}; {asked}"
    if joiner == "any" and holding:
        return "met", holding[0].evidence, f"{joined_reasons(holding)}; {defines}"
    if joiner == "all" and failing:
        return "not_met", failing[0].evidence, f"{failing[0].reason}; {defines}"
    if joiner == "all" and len(holding) == len(judged):
        if not every_part_read:
            return None
        return "met", holding[0].evidence, f"{joined_reasons(holding)}; {defines}"
    if joiner == "any" and len(failing) == len(judged):
        if not every_part_read:
            return None
        return "not_met", failing[0].evidence, f"{joined_reasons(failing)}; {defines}"
    if not any(f.truth == "true" for _, f in term):
        return None
    missing = [f for f in judged if f.truth == "unknown"]
    evidence = next((f.evidence for _, f in term if f.evidence), None)
    return "unknown", evidence, f"{joined_reasons(missing)}; {defines}"


def _definition_joiner(
    criterion_text: str, parts: Sequence[tuple[int, Constraint]]
) -> Literal["any", "all"] | None:
    """How a definition's parts combine: "FVC < 50% or DLCO < 40%" (any), "INR > 2 in the
    absence of anticoagulation" (all), "symptomatic coronary artery disease, unstable
    angina" (a list of conditions: any), "ANC ≥ 1.5 and platelets ≥ 100" (all). None when
    "and" and "or" are both written between parts, or a list mixes values and conditions:
    which binds which is not read, so the rest of the judge decides."""
    gaps = [
        criterion_text[start + len(first.text) : end]
        for (start, first), (end, _) in itertools.pairwise(parts)
    ]
    ors = [bool(or_word().search(gap)) for gap in gaps]
    ands = [bool(re.search(r"\band\b(?!/)", gap, re.IGNORECASE)) for gap in gaps]
    if any(ors) and any(a and not o for a, o in zip(ands, ors, strict=True)):
        return None
    if any(ors):
        return "any"
    if any(ands):
        return "all"
    conditions = [isinstance(c, ConceptMention) and not c.negated for _, c in parts]
    if all(conditions) and len(parts) > 1:
        return "any"
    if any(conditions) and len(parts) > 1:
        # "NYHA class III-IV heart failure, unstable angina": a value and conditions in one
        # list; whether the value is a part or a condition's class is not read here.
        return None
    return "all"


def _definition_part_finding(
    criterion_text: str,
    constraint: Constraint,
    finding: Finding,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> Finding:
    """One part of a definition against the patient's facts: a condition the patient has
    must carry the qualifiers the part writes on it ("NYHA class III-IV heart failure")."""
    if not isinstance(constraint, ConceptMention) or finding.truth != "true":
        return finding
    return entailed_finding(criterion_text, constraint, finding, patient, pairs)
