"""An organ's function a criterion asks adequate without writing its thresholds.

"Adequate bone marrow function", "Adequate renal and hepatic function", "Have adequate organ
function", "The main organs function well": the criterion writes no numbers, though the
trial's usual ones (ANC ≥ 1.5, platelets ≥ 100, creatinine ≤ 1.5 × ULN) stand behind it.
Each organ it names is judged by its key tests (``adequate_function`` of
``data/screening_rules.json``): a test the note writes normal ("FBC normal", read by
:mod:`trialfinder.normal_labs`) or a value on the good side of the usual reference range is
adequate; a value past the ``inadequate`` bound is clearly not; a value between the two, an
organ with a key test missing, or a criterion with words beyond the function ("for
cisplatin") is the study team's. Met when every key test of every organ named is adequate,
not met when one is clearly inadequate or when the note's facts say an organ named does not
work now (its ``failing`` conditions, current: "on haemodialysis", "decompensated
cirrhosis"); an exclusion of inadequate function the other way round. Two functions in one
phrase ("Adequate bone marrow reserve and organ function") ask every organ either names.
"Normal renal function" asks more than adequate: a value past the usual reference range on
the worse side ("creatinine 142 umol/L") is not normal, though it may be adequate; a test
with no reference range (eGFR) does not decide it. Normal entails adequate, never the reverse.
"""

from __future__ import annotations

import functools
import re
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.units import format_quantity
from trialfinder.judging.findings import Outcome
from trialfinder.normal_labs import reference_range
from trialfinder.patient import AdequateFunction, Fact, PatientFacts, load_screening_rules
from trialfinder.phrases import phrase_alternation

__all__ = ["adequate_function_outcome", "normal_key_tests", "said_reading"]

_Verdict = Literal["adequate", "between", "inadequate"]

# A list's number or bullet before the criterion's words ("6 The main organs function well").
_NUMBERING = re.compile(r"^\s*(?:\d+[.)]?|[-•*])\s+")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


class _Asked(msgspec.Struct, frozen=True):
    inadequate: bool
    organs: tuple[str, ...]
    # "Normal renal function": the reference range, not the usual thresholds, decides.
    normal: bool = False


class _Tables(msgspec.Struct, frozen=True):
    rules: AdequateFunction
    asked: re.Pattern[str]
    well: re.Pattern[str]
    organ_words: re.Pattern[str]
    # The (worse side, inadequate bound, adequate bound) of each key test.
    bounds: dict[str, tuple[str, float, float]]


@functools.cache
def _tables() -> _Tables | None:
    rules = load_screening_rules().adequate_function
    if rules is None:
        return None
    organ_words = [w for organ in rules.organs for w in organ.words] + rules.every_organ_words
    organ = rf"(?:{phrase_alternation(organ_words)})"
    joiner = r"\s*(?:,\s*and|,|and|/|&)\s*"
    organs = rf"{organ}(?:{joiner}{organ})*"
    qualifier = phrase_alternation(rules.adequate_words + rules.inadequate_words)
    heads = phrase_alternation(rules.head_words)
    # "bone marrow reserve and organ function": two functions in one phrase.
    functions = rf"{organs}\s+(?:{heads})(?:{joiner}{organs}\s+(?:{heads}))*"
    bounds: dict[str, tuple[str, float, float]] = {}
    for test in rules.tests:
        usual = reference_range(test.analyte)
        adequate = test.adequate
        if adequate is None and usual is not None:
            adequate = usual[0] if test.worse == "low" else usual[1]
        if adequate is None:
            raise ValueError(f"adequate_function: no adequate bound for {test.analyte}")
        bounds[test.analyte] = (test.worse, test.inadequate, adequate)
    missing = sorted({a for o in rules.organs for group in o.tests for a in group} - bounds.keys())
    if missing:
        raise ValueError(f"adequate_function: organ tests without bounds {missing}")
    concepts = load_lexicon().concepts
    unknown = sorted({c for o in rules.organs for c in o.failing if c not in concepts})
    if unknown:
        raise ValueError(f"adequate_function: failing conditions not in the lexicon {unknown}")
    return _Tables(
        rules,
        re.compile(
            rf"(?<![\w-])(?P<qualifier>{qualifier})\s+(?P<organs>{functions})(?![\w-])",
            re.IGNORECASE,
        ),
        re.compile(
            rf"(?<![\w-])(?P<organs>{organs})\s+(?:{phrase_alternation(rules.well_words)})(?![\w-])",
            re.IGNORECASE,
        ),
        re.compile(rf"(?<![\w-]){organ}(?![\w-])", re.IGNORECASE),
        bounds,
    )


def _asked(text: str, tables: _Tables) -> _Asked | None:
    """The organs whose function the criterion asks, and whether it asks it inadequate: only
    when its other words are framing words."""
    rules = tables.rules
    text = _NUMBERING.sub("", text)
    found = tables.asked.search(text) or tables.well.search(text)
    if found is None:
        return None
    rest = text[: found.start()] + " " + text[found.end() :]
    framing = {w.lower() for w in rules.framing_words}
    if any(word.lower() not in framing for word in _WORD.findall(rest)):
        return None
    qualifier = found.groupdict().get("qualifier") or ""
    inadequate = qualifier.lower() in {w.lower() for w in rules.inadequate_words}
    normal = qualifier.lower() in {w.lower() for w in rules.normal_words}
    named: list[str] = []
    every = {w.lower() for w in rules.every_organ_words}
    for word in tables.organ_words.findall(found.group("organs")):
        for organ in rules.organs:
            lower = word.lower()
            if (lower in every or lower in (w.lower() for w in organ.words)) and (
                organ.organ not in named
            ):
                named.append(organ.organ)
    return _Asked(inadequate, tuple(named), normal)


def _verdict(fact: Fact, tables: _Tables, normal: bool) -> _Verdict | None:
    measurement = fact.measurement
    if measurement is None or fact.negated:
        return None
    if fact.within_normal:
        return "adequate"
    value = measurement.canonical_value
    if measurement.comparator != "=" or value is None or measurement.relative_to_uln:
        return None
    worse, inadequate, adequate = tables.bounds[measurement.analyte]
    if normal:
        usual = reference_range(measurement.analyte)
        if usual is None:
            return None
        inadequate = adequate = usual[0] if worse == "low" else usual[1]
    sign = 1.0 if worse == "high" else -1.0
    if sign * value > sign * inadequate:
        return "inadequate"
    if sign * value <= sign * adequate:
        return "adequate"
    return "between"


def said_reading(fact: Fact) -> str:
    """A reading as the reason gives it: the note's normal words, or the value with its unit."""
    if fact.within_normal:
        return f"“{fact.within_normal}”"
    measurement = fact.measurement
    assert measurement is not None
    display = load_lexicon().analytes[measurement.analyte].display_in_sentence
    return f"{display} {format_quantity(measurement.value, measurement.unit)}"


def _organ_verdict(
    tests: list[list[str]], patient: PatientFacts, tables: _Tables, normal: bool
) -> tuple[_Verdict | None, list[Fact]]:
    """An organ's verdict from its key tests: inadequate when one is, adequate when each is
    (by one of its analytes), else between or None (a test not given)."""
    verdicts: list[_Verdict | None] = []
    deciding: list[Fact] = []
    for group in tests:
        read = [
            (fact, verdict)
            for analyte in group
            for fact in patient.measurement_facts(analyte)
            if (verdict := _verdict(fact, tables, normal)) is not None
        ]
        bad = [fact for fact, verdict in read if verdict == "inadequate"]
        if bad:
            return "inadequate", bad
        if any(verdict == "between" for _, verdict in read):
            verdicts.append("between")
        elif read:
            verdicts.append("adequate")
            deciding.extend(fact for fact, _ in read)
        else:
            verdicts.append(None)
    if all(verdict == "adequate" for verdict in verdicts):
        return "adequate", deciding
    return ("between" if "between" in verdicts else None), []


def normal_key_tests(organ: str, patient: PatientFacts) -> list[Fact]:
    """The note's values of every key test of ``organ`` (one analyte of each group), each
    inside its usual reference range or written normal; empty when a test is not given, or
    one is past its range."""
    tables = _tables()
    rules = next((o for o in tables.rules.organs if o.organ == organ), None) if tables else None
    if tables is None or rules is None:
        return []
    verdict, facts = _organ_verdict(rules.tests, patient, tables, normal=True)
    return facts if verdict == "adequate" else []


def _failing(concepts: list[str], patient: PatientFacts) -> Fact | None:
    """The note's fact of a condition saying the organ does not work now ("on haemodialysis"):
    stated, current, neither past nor uncertain; None when the note states none."""
    for fact in patient.facts:
        if (
            fact.concept in concepts
            and fact.state == "current"
            and not (fact.negated or fact.historical or fact.uncertain)
        ):
            return fact
    return None


def adequate_function_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion asking organs' function adequate ("Adequate bone marrow function") or, as
    an exclusion, inadequate, with no threshold written, from the organs' key tests; None
    when it asks something else or a test leaves it to the study team."""
    tables = _tables()
    if tables is None:
        return None
    asked = _asked(criterion.text, tables)
    if asked is None or not asked.organs:
        return None
    if (criterion.section == "exclusion") != asked.inadequate:
        return None
    for organ in tables.rules.organs:
        if organ.organ not in asked.organs:
            continue
        failing = _failing(organ.failing, patient)
        if failing is not None:
            concept = load_lexicon().concepts[failing.concept or ""]
            return (
                "met" if asked.inadequate else "not_met",
                failing.evidence,
                f"the note says {concept.names[0]} now: the {organ.organ}'s function is not "
                "adequate",
            )
    verdicts = [
        (organ.organ, *_organ_verdict(organ.tests, patient, tables, asked.normal))
        for organ in tables.rules.organs
        if organ.organ in asked.organs
    ]
    for organ_name, verdict, facts in verdicts:
        if verdict == "inadequate":
            said = ", ".join(dict.fromkeys(said_reading(fact) for fact in facts))
            return (
                "met" if asked.inadequate else "not_met",
                facts[0].evidence,
                f"the note gives {said}: past the usual reference range, so not normal "
                f"{organ_name} function"
                if asked.normal
                else f"the note gives {said}: past every usual threshold of adequate "
                f"{organ_name} function",
            )
    if any(verdict != "adequate" for _, verdict, _ in verdicts):
        return None
    said = ", ".join(
        dict.fromkeys(said_reading(fact) for _, _, facts in verdicts for fact in facts)
    )
    evidence = "; ".join(dict.fromkeys(fact.evidence for _, _, facts in verdicts for fact in facts))
    organs = ", ".join(organ_name for organ_name, _, _ in verdicts)
    return (
        "not_met" if asked.inadequate else "met",
        evidence,
        f"the note gives {said}: within the usual range, so the function asked ({organs}) "
        f"is {'normal' if asked.normal else 'adequate'}; the study team's own thresholds decide "
        "near a limit",
    )
