"""An inclusion written as alternatives: conditions ("Severe asthma or COPD"), ages
(age groups, "and/or children aged …"), raised pairs ("BP > 140/90") and measurements joined
by "or" or "and/or". One alternative that holds with its own qualifiers and its own words
read is enough; the inclusion fails only when every one fails; one failing alternative fails
nothing while another is unknown.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import load_context_rules
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint, Measurement
from trialfinder.judging.constraint_truth import is_gestational_age
from trialfinder.judging.entailment import entailed_finding
from trialfinder.judging.findings import Finding, Outcome, each_once, joined_reasons
from trialfinder.judging.read_in_full import read_fully
from trialfinder.patient import PatientFacts, load_screening_rules, phrase_pattern
from trialfinder.phrases import phrase_alternation

__all__ = [
    "alternative_spans",
    "alternatives_status",
    "listed_alternatives",
    "listed_alternatives_status",
    "merge_age_alternatives",
    "merge_raised_pairs",
    "or_joined_span",
    "or_word",
]


def merge_age_alternatives(
    constraints: Sequence[Constraint], findings: Sequence[Finding], criterion_text: str
) -> tuple[list[Constraint], list[Finding]]:
    """Several ages in one criterion are alternatives (age groups, "and/or children aged…").

    One age that holds is enough; the age fails only when every one fails. A lower bound
    and an upper bound above it are no alternatives but the two ends of one range ("aged
    18 years or older. … and younger than 75", read apart): either alone holds for every
    age, so both must hold. (An upper bound below the lower, "< 18 or > 70", stays an
    alternative: both together hold for no age.)
    """
    ages = [
        index
        for index, constraint in enumerate(constraints)
        if isinstance(constraint, Measurement)
        and constraint.analyte == "age"
        and not is_gestational_age(constraint, criterion_text)
    ]
    if len(ages) < 2:
        return list(constraints), list(findings)
    age_findings = [findings[index] for index in ages]
    if _range_ends([constraints[index] for index in ages]):
        merged = next((f for f in age_findings if f.truth == "false"), None)
    else:
        merged = next((f for f in age_findings if f.truth == "true"), None)
    if merged is None:
        merged = next((f for f in age_findings if f.truth == "unknown"), age_findings[0])
    kept = [index for index in range(len(constraints)) if index not in ages[1:]]
    merged_findings = [merged if index == ages[0] else findings[index] for index in kept]
    return [constraints[index] for index in kept], merged_findings


def _range_ends(ages: Sequence[Constraint]) -> bool:
    """Whether two ages are one lower and one upper bound, the lower below the upper."""
    if len(ages) != 2:
        return False
    lower = [a for a in ages if isinstance(a, Measurement) and a.comparator in (">", ">=")]
    upper = [a for a in ages if isinstance(a, Measurement) and a.comparator in ("<", "<=")]
    if len(lower) != 1 or len(upper) != 1:
        return False
    low, high = lower[0].canonical_value, upper[0].canonical_value
    return low is not None and high is not None and low < high


def merge_raised_pairs(
    constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> tuple[list[Constraint], list[Finding]]:
    """Lower bounds written as one pair are alternatives: "BP > 140/90" (systolic > 140,
    diastolic > 90, one written value) holds when either reading is above its threshold,
    as raised pressure is defined. Upper bounds of a pair ("BP < 140/90") both must hold,
    as all of an inclusion's measurements must; an exclusion takes any constraint anyway.
    """
    partner: dict[int, int] = {}
    for index, constraint in enumerate(constraints):
        if not (isinstance(constraint, Measurement) and constraint.comparator in (">", ">=")):
            continue
        for earlier in range(index):
            other = constraints[earlier]
            if (
                earlier not in partner
                and isinstance(other, Measurement)
                and other.text == constraint.text
                and other.comparator == constraint.comparator
                and other.analyte != constraint.analyte
                and other.analyte in load_lexicon().pair_partners.get(constraint.analyte, ())
            ):
                partner[earlier] = index
                break
    if not partner:
        return list(constraints), list(findings)
    merged = list(findings)
    for first, second in partner.items():
        pair = (findings[first], findings[second])
        holding = next((f for f in pair if f.truth == "true"), None)
        unknown = next((f for f in pair if f.truth == "unknown"), None)
        # Neither holds: the reason names both readings.
        merged[first] = (
            holding or unknown or msgspec.structs.replace(pair[0], reason=joined_reasons(pair))
        )
    kept = [index for index in range(len(constraints)) if index not in partner.values()]
    return [constraints[index] for index in kept], [merged[index] for index in kept]


def or_joined_span(
    criterion_text: str, constraints: Sequence[Constraint], own: Sequence[int]
) -> tuple[int, int] | None:
    """Where one alternative's measurements joined by "or" or "and/or" ("LDH > 1.3 x ULN
    and/or bulky disease defined as single lesion of ≥ 7 cm") are written, from the
    first's value to the last's end; None unless there are two or more, all so joined."""
    if len(own) < 2 or not all(isinstance(constraints[i], Measurement) for i in own):
        return None
    texts = [getattr(constraints[i], "text", "") for i in own]
    lowered = criterion_text.lower()
    positions = [lowered.find(text.lower()) for text in texts]
    if any(p < 0 for p in positions) or positions != sorted(positions):
        return None
    for (text, before), after in zip(
        zip(texts, positions, strict=True), positions[1:], strict=False
    ):
        gap = criterion_text[before + len(text) : after]
        if not or_word().search(gap) or _AND_WORD.search(gap.lower().replace("and/or", "")):
            return None
    return positions[0], positions[-1] + len(texts[-1])


@functools.cache
def _alternative_breaking_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.alternative_breaking_words)


@functools.cache
def or_word() -> re.Pattern[str]:
    """An "or" that joins alternatives: not the "or" of "with or without" (the context
    rules' ``either_way_before``), which allows one item either way ("locoregional therapy
    (surgery with or without radiotherapy) for the primary breast tumour" offers no
    alternative to the tumour)."""
    either_way = [
        cue
        for cue, phrases in load_context_rules().either_way_before.items()
        for phrase in phrases
        if phrase.split()[-1] == "or"
    ]
    after = "".join(rf"(?!\s+{re.escape(cue)}\b)" for cue in either_way)
    return re.compile(rf"\bor\b{after}", re.IGNORECASE)


_AND_WORD = re.compile(r"\band\b|;", re.IGNORECASE)


def alternative_spans(
    criterion_text: str, constraints: Sequence[Constraint]
) -> list[tuple[Constraint, int, int]] | None:
    """ "A respiratory rate ≥ 20/min or a PaCO2 ≤ 32 mmHg or ventilation": each
    alternative, in the order written, with the words written for it, or None unless every
    constraint is written after an "or" (and no "and", and no "who" or "which" opening a
    relative clause: ``alternative_breaking_words``) following the one before.

    An alternative's words run from the "or" before it (from the alternative itself, for
    the first) to the "or" after it (to the end, for the last); the words before the first
    alternative qualify every one ("Previously treated, histologically confirmed multiple
    myeloma, or plasma cell leukemia" asks a treated leukemia too). One finder serves both
    questions, whether a criterion is alternatives and what each alternative's words are,
    so the two can never disagree."""
    if len(constraints) < 2:
        return None
    lowered = criterion_text.lower()
    found = sorted(
        (
            (position, position + len(c.text), c)
            for c in constraints
            if (position := lowered.find(c.text.lower())) >= 0
        ),
        key=lambda span: (span[0], span[1]),
    )
    if len(found) != len(constraints):
        return None
    ors: list[tuple[int, int]] = []
    for (_, end, before), (start, _, after) in itertools.pairwise(found):
        gap = _without_written_stage(criterion_text[end:start], (before, after))
        joining = or_word().search(gap)
        if joining is None or _AND_WORD.search(gap) or _alternative_breaking_words().search(gap):
            return None
        ors.append((end + joining.start(), end + joining.end()))
    starts = [found[0][0], *(after for _, after in ors)]
    ends = [*(before for before, _ in ors), len(criterion_text)]
    return [(c, start, end) for (_, _, c), start, end in zip(found, starts, ends, strict=True)]


def _without_written_stage(gap: str, constraints: Sequence[Constraint]) -> str:
    """The words between two constraints less the stage or TNM written on either ("NSCLC
    with Stage IIIB-IIIC or Stage IV disease", "stage III or IV ovarian cancer"), blanked to
    keep the gap's positions: its "or" joins the disease's stages, not two alternatives."""
    for constraint in constraints:
        for written in (getattr(constraint, "stage", None), getattr(constraint, "tnm", None)):
            if written is None:
                continue
            at = gap.lower().find(written.text.lower())
            if at >= 0:
                gap = gap[:at] + " " * len(written.text) + gap[at + len(written.text) :]
    return gap


def alternatives_status(
    criterion: Criterion,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    unread_words_waived: bool,
    spans: Sequence[tuple[Constraint, int, int]],
) -> Outcome | None:
    """An inclusion of alternatives (``spans``, :func:`alternative_spans`), or None to
    judge it as any other inclusion.

    Conditions as alternatives ("Severe asthma or COPD"): met when one holds with its own
    qualifiers (mild asthma is not severe asthma) and its own words read
    (:func:`read_fully` beside the words written for the others), not met when every
    one fails, and otherwise unknown: one failing condition fails nothing while another is
    open. Denied treatments ("No
    prior bisphosphonate or denosumab therapy") ask for neither: met only when every
    denial holds, not met when one fails.
    """
    findings = [f for _, f in pairs]
    negated = [isinstance(c, ConceptMention) and c.negated for c, _ in pairs]
    if all(negated) and all(c.category != "condition" for c, _ in pairs):  # type: ignore[union-attr]
        if all(f.truth == "true" for f in findings):
            return "met", findings[0].evidence, joined_reasons(findings)
        failing = next((f for f in findings if f.truth == "false"), None)
        if failing is not None:
            return "not_met", failing.evidence, failing.reason
        open_ones = [f for f in findings if f.truth == "unknown"]
        return (
            "unknown",
            next((f.evidence for f in findings if f.evidence), None),
            joined_reasons(open_ones),
        )
    conditions = [
        (c, f)
        for c, f in pairs
        if isinstance(c, ConceptMention) and not c.negated and c.category == "condition"
    ]
    if len(conditions) < len(pairs):
        # Values, treatments and denials among the alternatives: a denial may limit a
        # condition ("not amenable to curative surgery"), a treatment be what it was for
        # ("treatment naive for systemic therapy"); one holding reading answers, as it
        # always has, and a failing value is judged below with the rest. A condition holds
        # only with the stage and qualifiers written on it ("Stage IV NSCLC").
        findings = [
            entailed_finding(criterion.text, c, f, patient, pairs)
            if isinstance(c, ConceptMention) and not c.negated and c.category == "condition"
            else f
            for c, f in pairs
        ]
        holding = next((f for f in findings if f.truth == "true"), None)
        if holding is not None:
            return "met", holding.evidence, holding.reason
        if all(f.truth == "false" for f in findings):
            return "not_met", findings[0].evidence, joined_reasons(findings)
        return None
    alternatives = [
        (c, entailed_finding(criterion.text, c, f, patient, pairs)) for c, f in conditions
    ]
    for constraint, finding in alternatives:
        if finding.truth == "true" and read_fully(
            criterion,
            [constraint],
            unread_words_waived,
            others=_outside_alternative(criterion.text, spans, constraint),
        ):
            return "met", finding.evidence, finding.reason
    entailed = [f for _, f in alternatives]
    if all(f.truth == "false" for f in entailed):
        return "not_met", entailed[0].evidence, joined_reasons(entailed)
    return (
        "unknown",
        next((f.evidence for f in entailed if f.evidence), None),
        each_once(
            f"{f.reason}; the rest of this criterion needs the study team"
            if f.truth == "true"
            else f.reason
            for f in entailed
        ),
    )


@functools.cache
def _listing_cue() -> re.Pattern[str]:
    """An any-group cue opening a list, then its colon: "one or more of the following
    criteria is met:", "at least one of the following criteria:"."""
    cues = phrase_pattern(load_lexicon().cues.any_group_cues).pattern
    return re.compile(rf"(?:{cues})[^.;:()]{{0,30}}:", re.IGNORECASE)


@functools.cache
def _defining_opener() -> re.Pattern[str]:
    """A ``listed_alternatives`` defining opener right before a list's cue: "(if one or more
    of the following …", "defined as at least one of the following …"."""
    words = load_screening_rules().listed_alternatives
    openers = phrase_alternation(words.defining_openers) if words is not None else "(?!)"
    return re.compile(rf"\b(?:{openers})\s+$", re.IGNORECASE)


def listed_alternatives(
    criterion_text: str, constraints: Sequence[Constraint]
) -> tuple[int, ...] | None:
    """ "… if one or more of the following criteria is met: age ≥80 years, ASA III or more,
    Charlson Comorbidity Index > 5 and/or Karnofsky < 50 …" (NCT05702775), "… at least one of
    the following criteria: fasting glucose ≥5.1 mmol/L, 1 h glucose ≥10 mmol/L or 2 h glucose
    ≥8.5 mmol/L" (NCT05694520): the indices of the constraints an any-group cue and its colon
    list as alternatives, in the order written, or None. The list must hold a value (a list of
    conditions is already read as alternatives), every one of its items written after the
    colon, each joined to the one before by a comma, "or" or "and/or" (no "and", no
    semicolon, no relative clause: ``alternative_breaking_words``). What is written before
    the cue is asked of the patient as well."""
    cue = _listing_cue().search(criterion_text)
    if cue is None or len(constraints) < 3:
        return None
    lowered = criterion_text.lower()
    positions = [lowered.find(c.text.lower()) for c in constraints]
    if any(p < 0 or cue.start() <= p < cue.end() for p in positions):
        return None
    listed = sorted((p, i) for i, p in enumerate(positions) if p >= cue.end())
    if len(listed) < 2 or not any(isinstance(constraints[i], Measurement) for _, i in listed):
        return None
    for (before, first), (after, _) in itertools.pairwise(listed):
        gap = criterion_text[before + len(constraints[first].text) : after]
        joined = "," in gap or or_word().search(gap) is not None
        if (
            not joined
            or _AND_WORD.search(gap.lower().replace("and/or", "or"))
            or _alternative_breaking_words().search(gap)
        ):
            return None
    return tuple(i for _, i in listed)


def listed_alternatives_status(
    criterion: Criterion,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    listed: Sequence[int],
    unread_words_waived: bool,
) -> Outcome:
    """An inclusion with a list of alternatives (:func:`listed_alternatives`): the list holds
    when one of its items does, fails when every one fails, and is open otherwise; what is
    written before the list must hold too. Met only when nothing outside the list is left
    unread (the list's other items ask nothing once one holds)."""
    findings = [
        entailed_finding(criterion.text, c, f, patient, pairs)
        if isinstance(c, ConceptMention) and not c.negated and c.category == "condition"
        else f
        for c, f in pairs
    ]
    items = [findings[i] for i in listed]
    rest = [f for i, f in enumerate(findings) if i not in listed]
    failing = next((f for f in rest if f.truth == "false"), None)
    if failing is not None:
        return "not_met", failing.evidence, failing.reason
    if all(f.truth == "false" for f in items):
        return "not_met", items[0].evidence, joined_reasons(items)
    holding = next((f for f in items if f.truth == "true"), None)
    settled = [*rest, holding or next(f for f in items if f.truth == "unknown")]
    evidence = next((f.evidence for f in settled if f.evidence), None)
    reasons = joined_reasons(settled)
    if holding is None or any(f.truth == "unknown" for f in rest):
        return "unknown", evidence, f"{reasons}; the other listed alternatives need the study team"
    cue = _listing_cue().search(criterion.text)
    assert cue is not None  # listed_alternatives found it
    judged = [c for i, (c, _) in enumerate(pairs) if i not in listed]
    # "Surgical decision of inoperable patient (if one or more of the following criteria is
    # met: …": the words before a defining opener are what the list defines.
    defined = not judged and _defining_opener().search(criterion.text, 0, cue.start())
    others = [(0 if defined else cue.start(), len(criterion.text))]
    if read_fully(criterion, judged, unread_words_waived, others=others):
        return "met", evidence, reasons
    return "unknown", evidence, f"{reasons}; the rest of this criterion needs the study team"


def _outside_alternative(
    criterion_text: str, spans: Sequence[tuple[Constraint, int, int]], alternative: Constraint
) -> list[tuple[int, int]]:
    """The spans of a criterion of alternatives written for the others
    (:func:`alternative_spans`): everything after the words before the first alternative
    but the words written for ``alternative``."""
    start, end = next((start, end) for c, start, end in spans if c is alternative)
    return [(spans[0][1], start), (end, len(criterion_text))]
