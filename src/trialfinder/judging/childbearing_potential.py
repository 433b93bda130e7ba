"""Criteria about women of childbearing potential and the contraception they use.

"Women of childbearing potential, defined as all women physiologically capable of becoming
pregnant unless they are using highly effective methods of contraception" (an exclusion),
"For females of reproductive potential use of highly effective contraception" (an
inclusion): a coordinator answers them from the note. A woman is not of childbearing
potential after the menopause, past childbearing age, before the age a pregnancy can begin,
or after a hysterectomy or bilateral oophorectomy or salpingectomy (CTFG 2020, section 2);
a method she uses answers the criterion when its tier is the one asked ("highly effective":
under 1 % a year; any other wording is met by an acceptable method too; section 4). The
present lack ("not using") is met when the note says she uses none; the future intent
("unwilling to use", "agree to use") stays the team's unless the note names a method she
uses already. The words are data (``childbearing_potential`` of the screening rules).
"""

from __future__ import annotations

import functools
import re
from typing import NamedTuple

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import Pregnancy
from trialfinder.criteria.parse import words_left_unread
from trialfinder.criteria.units import format_number
from trialfinder.judging.constraint_truth import evaluate_constraint, past_the_menopause
from trialfinder.judging.contraception import (
    STERILE_REASON,
    MethodInUse,
    contraception_denied,
    contraception_in_use,
    surgically_sterile,
)
from trialfinder.judging.criterion_words import cue_patterns, says
from trialfinder.judging.findings import Outcome
from trialfinder.judging.judged_constraints import is_menopause
from trialfinder.judging.sex_and_childbearing import past_childbearing
from trialfinder.patient import PatientFacts, load_screening_rules
from trialfinder.phrases import phrase_pattern

__all__ = [
    "contraception_outcome",
    "not_of_childbearing_potential",
    "wocbp_spans_answered",
]


class _Asked(NamedTuple):
    """A criterion's clause on women of childbearing potential without contraception."""

    start: int
    end: int
    highly_effective: bool
    unwilling: bool


# Where a clause ends: ";" or a sentence's full stop.
_CLAUSE_END = r"(?=;|\.(?:\s|$)|$)"
# What the criterion asks a woman to use.
_CONTRACEPTION = re.compile(r"contracepti|birth\s+control", re.IGNORECASE)
# "pregnancy test": a criterion asking a test asks more than contraception.
_TEST = re.compile(r"\btests?\b", re.IGNORECASE)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The criterion's subject, its present lack, its future intent, and the tier asked."""
    rules = load_screening_rules().childbearing_potential
    if rules is None:
        never = re.compile(r"(?!)")
        return never, never, never, never
    return (
        phrase_pattern(rules.criterion_subject),
        phrase_pattern(rules.criterion_lack_words),
        phrase_pattern(rules.criterion_unwilling_words),
        phrase_pattern(rules.criterion_highly_effective_words),
    )


@functools.lru_cache(maxsize=16_384)
def _asked(criterion_text: str) -> tuple[_Asked, ...]:
    """Each clause naming women of childbearing potential and then their lack of
    contraception ("WOCBP who are neither surgically sterilized nor willing to use reliable
    contraceptive methods (…)"), from the subject to the end of its clause."""
    subject, lack, unwilling, highly = _patterns()
    found: list[_Asked] = []
    for named in subject.finditer(criterion_text):
        end = re.search(_CLAUSE_END, criterion_text[named.end() :])
        stop = named.end() + (end.start() if end else len(criterion_text) - named.end())
        clause = criterion_text[named.end() : stop]
        method = _CONTRACEPTION.search(clause)
        if method is None:
            continue
        lead = clause[: method.start()]
        is_unwilling = unwilling.search(lead) is not None
        if not is_unwilling and lack.search(lead) is None:
            continue
        if found and found[-1].end >= stop:
            continue
        found.append(_Asked(named.start(), stop, bool(highly.search(clause)), is_unwilling))
    return tuple(found)


def not_of_childbearing_potential(patient: PatientFacts) -> tuple[str, str] | None:
    """Why the note says a woman is not of childbearing potential (the evidence, then the
    reason), else None: past the menopause, past childbearing age, younger than any mother,
    or after an operation that ends it."""
    if patient.sex != "female":
        return None
    if past_childbearing(patient):
        age = format_number(patient.age or 0)
        return patient.age_evidence, f"patient is {age} years old, past childbearing age"
    if (
        patient.age is not None
        and patient.age < load_screening_rules().youngest_childbearing_age_years
    ):
        age = format_number(patient.age)
        return patient.age_evidence, f"patient is {age} years old, before childbearing age"
    if past := past_the_menopause(patient):
        return past, "the note says the patient is postmenopausal"
    if sterile := surgically_sterile(patient):
        return sterile, STERILE_REASON
    return None


def _method_allowed(criterion_text: str, patient: PatientFacts) -> MethodInUse | None:
    """The method the note says the patient uses when it is of the tier the criterion asks
    ("highly effective": that tier only; any other wording: either tier)."""
    method = contraception_in_use(patient)
    if method is None:
        return None
    if method.tier != "highly_effective" and says(_patterns()[3], criterion_text):
        return None
    return method


def _method_reason(method: MethodInUse) -> str:
    """ "the patient uses contraception: intrauterine device, a highly effective method"."""
    tier = "a highly effective" if method.tier == "highly_effective" else "an acceptable"
    return f"the patient uses contraception: {method.method}, {tier} method"


def wocbp_spans_answered(criterion_text: str, patient: PatientFacts) -> list[tuple[int, int]]:
    """The clauses on women of childbearing potential without contraception that the note
    answers "no": she is not of childbearing potential, or uses a method of the tier asked."""
    asked = _asked(criterion_text)
    if not asked or patient.sex != "female":
        return []
    if not_of_childbearing_potential(patient) is not None:
        return [(a.start, a.end) for a in asked]
    method = contraception_in_use(patient)
    if method is None:
        return []
    return [
        (a.start, a.end)
        for a in asked
        if method.tier == "highly_effective" or not a.highly_effective
    ]


def _only_asked(criterion: Criterion, spans: list[tuple[int, int]]) -> bool:
    """Whether the criterion asks nothing beyond the clauses: no word left unread, and its
    pregnancy reading only the definition inside them ("capable of becoming pregnant")."""
    text = criterion.text
    return all(
        isinstance(c, Pregnancy) and any(start <= text.find(c.text) < end for start, end in spans)
        for c in criterion.constraints
    ) and not words_left_unread(text, spans)


def _exclusion_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    asked = _asked(criterion.text)
    spans = [(a.start, a.end) for a in asked]
    if not asked or patient.sex != "female" or not _only_asked(criterion, spans):
        return None
    why_not = not_of_childbearing_potential(patient)
    if why_not is not None:
        evidence, reason = why_not
        return "not_met", evidence or None, f"{reason}, so not of childbearing potential"
    if wocbp_spans_answered(criterion.text, patient) == spans:
        method = contraception_in_use(patient)
        if method is not None:
            return "not_met", method.evidence, _method_reason(method)
    denied = contraception_denied(patient)
    menopause, _ = patient.concept_facts("menopause")
    if denied and not menopause and not any(a.unwilling for a in asked):
        return (
            "met",
            denied,
            "the note says the patient, of childbearing potential, uses no contraception",
        )
    return None


def _other_ways(criterion_text: str) -> tuple[int, int] | None:
    """The alternatives a menopausal state opens ("They may be post-menopausal, surgically
    sterilized or using an appropriate method of contraception"), to the end of their
    clause."""
    found = cue_patterns()["menopause_or_childbearing"].search(criterion_text)
    if found is None:
        return None
    end = re.search(_CLAUSE_END, criterion_text[found.end() :])
    return found.start(), found.end() + (end.start() if end else 0)


# "Male or female patient had no plans to become pregnant": both sexes, then the requirement.
_BOTH_SEXES = re.compile(r"\bmale\s+or\s+female\b", re.IGNORECASE)


@functools.lru_cache(maxsize=16_384)
def _only_contraception_asked(criterion_text: str) -> bool:
    """Whether an inclusion only asks the patient to use contraception: every word before
    its time ("during the study") is one of ``inclusion_words`` ("Agree to use adequate
    methods of contraception"), not a kind of method, the protocol's rules or men."""
    rules = load_screening_rules().childbearing_potential
    if rules is None:
        return False
    time = phrase_pattern(rules.inclusion_time_words).search(criterion_text)
    asked = _BOTH_SEXES.sub(" ", criterion_text[: time.start() if time else None])
    allowed = frozenset(rules.inclusion_words)
    return all(word in allowed for word in re.findall(r"[a-z][a-z-]*", asked.lower()))


def _inclusion_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An inclusion asking for contraception ("Agree to birth control", "For females of
    reproductive potential use of highly effective contraception") is met by a method of the
    tier asked that the note says she uses, when it asks nothing else the note does not
    answer: no test, and any pregnancy it denies denied by the note or a plan her
    contraception answers ("had no plans to become pregnant"). One offering the menopause,
    sterility or contraception ("≥ 1 year post-menopausal, surgically sterile, or using 1
    highly effective form of birth control") is met by an operation that ends childbearing
    too, when nothing outside the alternatives is left unread."""
    text = criterion.text
    if patient.sex != "female" or not _CONTRACEPTION.search(text) or _TEST.search(text):
        return None
    _, lack, unwilling, _ = _patterns()
    if says(lack, text) or says(unwilling, text):
        return None
    other_ways = _other_ways(text)
    if other_ways is None and not _only_contraception_asked(text):
        return None
    constraints = [c for c in criterion.constraints if not (other_ways and is_menopause(c))]
    if not all(isinstance(c, Pregnancy) and c.negated for c in constraints):
        return None
    if other_ways is not None and words_left_unread(text, [other_ways]):
        return None
    sterile = surgically_sterile(patient) if other_ways is not None else ""
    method = _method_allowed(text, patient)
    if not sterile and method is None:
        return None
    if not says(_plans(), text) and any(
        evaluate_constraint(c, patient, text).truth != "true" for c in constraints
    ):
        return None
    if sterile:
        return "met", sterile, STERILE_REASON
    assert method is not None
    return "met", method.evidence, _method_reason(method)


@functools.cache
def _plans() -> re.Pattern[str]:
    """A pregnancy the criterion asks the patient plans (``pregnancy_plan_phrases``)."""
    rules = load_screening_rules().denied_rest
    return phrase_pattern(rules.pregnancy_plan_phrases if rules is not None else ["(?!)"])


def contraception_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion on women of childbearing potential and contraception, answered from
    what the note says of her fertility; None when it does not say or the criterion asks
    more."""
    if criterion.section == "exclusion":
        return _exclusion_outcome(criterion, patient)
    return _inclusion_outcome(criterion, patient)
