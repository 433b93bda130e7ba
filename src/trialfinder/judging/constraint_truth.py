"""Whether what one constraint of a criterion states is true of the patient
(``evaluate_constraint``): the dispatch by the constraint's kind to its reader (a
measurement, a gestational age, a concept, a test result, a specimen, pregnancy, prior lines
of treatment and the classes of drug they must include) and those readers that belong to no
other concept.

``match`` re-exports ``evaluate_constraint`` as part of its API and judges a criterion from
the findings it gives.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.infection_tests import named_test
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    PriorLines,
    SexRequirement,
    comparison_holds,
)
from trialfinder.criteria.parse import find_concepts
from trialfinder.criteria.units import format_number
from trialfinder.judging.concept_findings import concept_finding
from trialfinder.judging.concept_names import concept_name
from trialfinder.judging.contraception import STERILE_REASON, surgically_sterile
from trialfinder.judging.criterion_words import kind_of
from trialfinder.judging.findings import Finding, Truth
from trialfinder.judging.lactation import UNSAID_REASONS, lactation_unsaid
from trialfinder.judging.measurements import gestation_finding, measurement_finding
from trialfinder.judging.qualifiers import listing
from trialfinder.judging.sex_and_childbearing import group_age, past_childbearing
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import (
    PatientFacts,
    disease_mentions,
    load_screening_rules,
    screening_phrase,
)
from trialfinder.phrases import (
    cased_phrase_pattern,
    denial_just_before,
    phrase_pattern,
    undenied_matches,
)

__all__ = ["evaluate_constraint", "is_gestational_age", "menstruating_now", "past_the_menopause"]


def is_gestational_age(constraint: Measurement, criterion_text: str) -> bool:
    """A gestational age, or an age in weeks or days in a criterion about gestation."""
    return constraint.analyte == "gestational_age" or (
        constraint.analyte == "age"
        and constraint.unit in ("week", "day")
        and screening_phrase("gestation_words").search(criterion_text) is not None
    )


def _relative_of_a_child(constraint: SexRequirement, patient: PatientFacts) -> str | None:
    """The word for a relative a sex requirement was read from ("Mother normally resident in
    Wales", in a study of preterm infants), when the patient is younger than anyone who could
    be that relative (``youngest_childbearing_age_years``): the criterion speaks of the child's
    mother, and the child's own sex does not answer it."""
    rules = load_screening_rules()
    first = constraint.text.split(maxsplit=1)[0].lower() if constraint.text.strip() else ""
    if first not in rules.relative_sexes or patient.age is None:
        return None
    return first if patient.age < rules.youngest_childbearing_age_years else None


def evaluate_constraint(
    constraint: Constraint, patient: PatientFacts, criterion_text: str = ""
) -> Finding:
    """Whether what the constraint states is true of the patient."""
    if isinstance(constraint, Measurement):
        if is_gestational_age(constraint, criterion_text):
            return gestation_finding(constraint, patient)
        return _of_another_specimen(
            constraint, criterion_text, measurement_finding(constraint, patient), patient
        )
    if isinstance(constraint, SexRequirement):
        if patient.sex is None:
            return Finding("unknown", None, "sex not given")
        if (relative := _relative_of_a_child(constraint, patient)) is not None:
            return Finding("unknown", None, f"the criterion speaks of the patient's {relative}")
        holds = patient.sex == constraint.sex
        said = f"patient is {patient.sex}; criterion {constraint.sex}"
        # "Adult males": the group's age is asked beside the sex.
        aged = group_age(constraint.text, patient, criterion_text) if holds else None
        if aged is not None and aged[0] is not True:
            if aged[0] is None:
                return Finding("unknown", None, f"{said}; {aged[1]}")
            return Finding("false", patient.age_evidence or None, f"{said}; {aged[1]}")
        return Finding("true" if holds else "false", patient.sex_evidence, said)
    if isinstance(constraint, Pregnancy):
        return _pregnancy_finding(constraint, patient)
    if isinstance(constraint, PriorLines):
        return _prior_lines_finding(constraint, patient)
    if isinstance(constraint, HealthyVolunteers):
        if patient.has_current_conditions:
            if _only_conditions_named(patient, criterion_text):
                # "In good general health …, diagnosed with T2DM": healthy apart from the
                # disease the criterion itself asks for; whether nothing else is, the team asks.
                return Finding(
                    "unknown",
                    None,
                    "the patient's conditions are the ones the criterion names; whether the "
                    "patient is otherwise in good health",
                )
            return Finding(
                "false", None, "patient has medical conditions, so is not a healthy volunteer"
            )
        if patient.fitness_evidence:
            return Finding(
                "true",
                patient.fitness_evidence,
                "the note says the patient is fit and well and names no other condition",
            )
        return Finding("unknown", None, "whether the patient counts as a healthy volunteer")
    if constraint.tests:
        return _tested_finding(constraint, patient)
    return concept_finding(constraint, patient, criterion_text)


def _only_conditions_named(patient: PatientFacts, criterion_text: str) -> bool:
    """Whether every current condition or treatment the lexicon reads in the note is one the
    criterion names undenied beside its good-health ask ("diagnosed with T2DM and on …
    metformin"), and every disease MeSH names in it one the criterion names too."""
    named = {f.concept for f in find_concepts(criterion_text) if not f.negated}
    current = [
        fact
        for fact in patient.facts
        if fact.kind == "concept" and not fact.negated and not fact.historical
    ]
    ancestors = load_lexicon().ancestors
    diseases = {mention.descriptor_id for mention in disease_mentions(criterion_text)}

    def is_named(concept: str | None) -> bool:
        # The disease as the criterion writes it, or written broader or narrower ("sugar
        # diabetes" beside "diagnosed with T2DM").
        return concept is not None and any(
            concept in ancestors.get(name, ()) or name in ancestors.get(concept, ())
            for name in named
        )

    def is_named_disease(descriptor_id: str) -> bool:
        return any(
            kind_of(descriptor_id, disease) or kind_of(disease, descriptor_id)
            for disease in diseases
        )

    return (
        bool(named)
        and bool(current)
        and all(is_named(fact.concept) for fact in current)
        and all(f.negated or is_named_disease(f.descriptor_id) for f in patient.vocabulary_facts)
    )


def _note_result(test_id: str, patient: PatientFacts) -> tuple[bool, str, str] | None:
    """The note's result of one test: whether positive, the words and the sentence. A
    result written with the test ("HBsAg negative", "HCV Ab positive, RNA negative"), or a
    viral load's value ("HCV RNA undetectable" is 0, "HBV DNA 2000 IU/mL" above it)."""
    for fact in patient.facts:
        for given in fact.tests:
            if given.test == test_id:
                return given.positive, given.text, fact.evidence
    analyte = named_test(test_id).analyte
    if analyte is None:
        return None
    for fact in patient.measurement_facts(analyte):
        value = fact.measurement
        if value is None:
            continue
        positive = value.value > 0 or value.comparator in (">", ">=")
        return positive, value.text or named_test(test_id).name, fact.evidence
    return None


def _tested_finding(constraint: ConceptMention, patient: PatientFacts) -> Finding:
    """An infection the criterion defines by tests ("hepatitis B (HBsAg +ve)"), judged by
    the note's result of those tests, as a coordinator checks it: the qualifying result
    meets it, the opposite fails it, and another test or none leaves it unknown, naming the
    test. An HCV antibody is not its RNA: antibody-only positive never meets an infection
    defined by the RNA (the antibody stays positive after a cure)."""
    concept = load_lexicon().concepts.get(constraint.concept)
    name = concept_name(constraint.text, concept)
    wanted = listing(
        [t.text for t in constraint.tests], "and" if constraint.tests_join == "all" else "or"
    )
    defines = f"the criterion defines {name} by {wanted}"
    holding: list[Finding] = []
    failing: list[Finding] = []
    missing: list[str] = []
    for test in constraint.tests:
        given = _note_result(test.test, patient)
        if given is None:
            missing.append(named_test(test.test).name)
            continue
        positive, words, evidence = given
        finding = Finding("true" if positive == test.positive else "false", evidence, words)
        (holding if finding.truth == "true" else failing).append(finding)
    every = constraint.tests_join == "all"
    if (holding and not every) or (every and len(holding) == len(constraint.tests)):
        return Finding(
            "true", holding[0].evidence, f"the note gives {holding[0].reason}; {defines}"
        )
    if (failing and every) or (not every and len(failing) == len(constraint.tests)):
        said = listing([f.reason for f in failing], "and")
        return Finding("false", failing[0].evidence, f"the note gives {said}; {defines}")
    others = [
        given.text
        for fact in patient.facts
        for given in fact.tests
        if fact.concept == constraint.concept
        and given.test not in {t.test for t in constraint.tests}
    ]
    given_words = f"; the note gives {listing(others, 'and')}" if others else ""
    told = next(
        (f.evidence for f in patient.facts if f.concept == constraint.concept and f.tests), None
    )
    return Finding(
        "unknown",
        told,
        f"no {listing(missing, 'and' if every else 'or')} result given{given_words}; {defines}",
    )


def _of_another_specimen(
    constraint: Measurement, criterion_text: str, finding: Finding, patient: PatientFacts
) -> Finding:
    """ "< 5% blasts in bone marrow and < 1% blasts in peripheral blood": a threshold that
    names its specimen is not judged by a note's value that names another ("marrow blasts
    2%" says nothing of the blood's blasts); why it is unknown rather than not met."""
    if finding.truth == "unknown" or not criterion_text:
        return finding
    facts = patient.measurement_facts(constraint.analyte)
    value = next(
        (f.measurement for f in facts if f.evidence == finding.evidence and f.measurement),
        None,
    )
    if value is None or finding.evidence is None:
        return finding
    position = criterion_text.find(constraint.text)
    if constraint.analyte in _SITED_ANALYTES and position >= 0:
        return _of_another_site(constraint, criterion_text, position, finding, value)
    wanted = (
        None if position < 0 else _specimen_near(criterion_text, position, len(constraint.text))
    )
    at = finding.evidence.find(value.text)
    given = None if at < 0 else _specimen_near(finding.evidence, at, len(value.text))
    if wanted is None or given is None or wanted == given:
        return finding
    name = load_lexicon().analytes[constraint.analyte].display
    return Finding(
        "unknown",
        finding.evidence,
        f"the note gives {name} {value.text} in {given}; the criterion's "
        f"“{constraint.text}” is for {wanted}",
    )


# The sizes a criterion may ask of one site's lesions (``lesion_sites``).
_SITED_ANALYTES = frozenset({"lesion_size"})


def _of_another_site(
    constraint: Measurement,
    criterion_text: str,
    position: int,
    finding: Finding,
    value: Measurement,
) -> Finding:
    """ "Any untreated brain lesions > 1.0 cm in size": a lesion's size asked of a site is
    answered by a size the note places there, not by the 45 mm of its "RUL mass" nor by one
    it does not place (``lesion_sites``); why it is unknown rather than met."""
    wanted = _specimen_near(criterion_text, position, len(constraint.text), _site_patterns())
    if wanted is None or finding.evidence is None:
        return finding
    at = finding.evidence.find(value.text)
    given = (
        None if at < 0 else _specimen_near(finding.evidence, at, len(value.text), _site_patterns())
    )
    if given == wanted:
        return finding
    name = load_lexicon().analytes[constraint.analyte].display
    where = f"of the {given}" if given is not None else "without its site"
    return Finding(
        "unknown",
        finding.evidence,
        f"the note gives {name} {value.text} {where}; the criterion's "
        f"“{constraint.text}” is for {wanted} lesions",
    )


@functools.cache
def _site_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern a site of ``lesion_sites``."""
    return _word_patterns(load_screening_rules().lesion_sites)


def _specimen_near(
    text: str, start: int, length: int, patterns: dict[str, re.Pattern[str]] | None = None
) -> str | None:
    """The specimen named right after a value in its clause ("< 1% blasts in peripheral
    blood"), else right before it ("marrow blasts 2%")."""
    after = re.split(r"\s+and\s+|[,;.()]", text[start + length : start + length + 40], maxsplit=1)[
        0
    ]
    before = re.split(r"[,;.()]", text[max(0, start - 30) : start])[-1]
    for part in (after, before):
        for specimen, pattern in (patterns or _specimen_patterns()).items():
            if pattern.search(part):
                return specimen
    return None


@functools.cache
def _specimen_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern a specimen of ``measurement_specimens``; upper-case short names ("BM",
    "PB") only as written."""
    return _word_patterns(load_screening_rules().measurement_specimens)


def _word_patterns(groups: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
    """One pattern a group of words; upper-case short names only as written."""
    return {name: cased_phrase_pattern(words) for name, words in groups.items()}


_STATE_WORDS = {"pregnant": "pregnant", "lactating": "breastfeeding"}


def _pregnancy_finding(constraint: Pregnancy, patient: PatientFacts) -> Finding:
    if patient.sex == "male":
        truth: Truth = "false"
        finding = Finding(
            truth, patient.sex_evidence, "pregnancy and lactation do not apply to a male patient"
        )
    else:
        states = [
            (state, state_concept)
            for state, state_concept in (("pregnant", "pregnancy"), ("lactating", "lactation"))
            if state in constraint.states
        ]
        pregnancy = concept_finding(ConceptMention("pregnancy", "condition", "pregnant"), patient)
        findings = [
            pregnancy
            if state == "pregnant"
            else lactation_unsaid(
                concept_finding(ConceptMention(state_concept, "condition", state), patient),
                patient,
                pregnancy,
            )
            for state, state_concept in states
        ]
        answers = zip(states, findings, strict=True)
        positive = next(((state, f) for (state, _), f in answers if f.truth == "true"), None)
        if positive is not None:
            state, found = positive
            # "patient has pregnant" is not a sentence.
            finding = Finding("true", found.evidence, f"the patient is {_STATE_WORDS[state]}")
        elif findings and all(f.truth == "false" for f in findings):
            finding = Finding(
                "false", findings[0].evidence, _not_pregnant_or_lactating(states, findings)
            )
        elif patient.sex == "female" and past_childbearing(patient):
            finding = Finding(
                "false",
                patient.age_evidence or None,
                f"patient is {format_number(patient.age or 0)} years old, past childbearing age",
            )
        elif patient.sex == "female" and (past := past_the_menopause(patient)):
            finding = Finding("false", past, "the note says the patient is postmenopausal")
        elif patient.sex == "female" and (sterile := surgically_sterile(patient)):
            finding = Finding(
                "false",
                sterile,
                STERILE_REASON,
            )
        else:
            finding = Finding("unknown", None, "pregnancy or lactation status not given")
    if constraint.negated and finding.truth != "unknown":
        flipped: Truth = "false" if finding.truth == "true" else "true"
        return Finding(flipped, finding.evidence, finding.reason)
    return finding


def _not_pregnant_or_lactating(
    states: Sequence[tuple[str, str]], findings: Sequence[Finding]
) -> str:
    """ "patient is not pregnant or lactating", or with what the lactation finding rests on
    when the note does not say so in as many words ("the note names no baby or
    breastfeeding")."""
    lactation = next(
        (f for (state, _), f in zip(states, findings, strict=True) if state == "lactating"), None
    )
    if lactation is None or lactation.reason not in UNSAID_REASONS:
        return "patient is not pregnant or lactating"
    if len(states) == 1:
        return lactation.reason
    return f"patient is not pregnant; {lactation.reason}"


def past_the_menopause(patient: PatientFacts) -> str:
    """The note's sentence saying a woman is past the menopause (``postmenopausal_words``:
    "Postmenopausal since 2012", "I went through the menopause years ago"), else "": she
    neither carries nor nurses a child. Menopausal symptoms do not say so."""
    said = screening_phrase("postmenopausal_words")
    present, _ = patient.concept_facts("menopause")
    return next((f.evidence for f in present if said.search(f.evidence)), "")


def menstruating_now(patient: PatientFacts) -> str:
    """The note's sentence saying a woman's periods go on (``menstruating_words``: "Periods
    still regular", "regular cycles"), not denied right before, else "": she is not past the
    menopause (12 months without a period)."""
    said, denied = _menstruating_patterns()
    return next((s for s in note_sentences(patient) if undenied_matches(said, s, denied)), "")


@functools.cache
def _menstruating_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """``menstruating_words``, and a denial right before them ("not menstruating")."""
    return (
        phrase_pattern(load_screening_rules().menstruating_words),
        denial_just_before(["no", "not", "never", "without", "stopped", "none"]),
    )


# More prior lines than any note counts: the top of "at least 3 prior lines".
_MOST_LINES = 30


_LINE_COMPARATORS = {">=": "at least", ">": "more than", "<=": "at most", "<": "fewer than"}


def _lines_text(low: float, high: float | None = None, *, at_least: bool = False) -> str:
    """ "3 prior lines", "1 to 3 prior lines", "no prior line", "at least 2 prior lines"."""
    if high is not None and high != low:
        return f"{format_number(low)} to {format_number(high)} prior lines"
    if low == 0 and not at_least:
        return "no prior line"
    plural = "line" if low == 1 else "lines"
    return f"{'at least ' if at_least else ''}{format_number(low)} prior {plural}"


def _required_lines_text(constraint: PriorLines) -> str:
    """The criterion's count for people: "≥ 2", "1 to 3", "none"."""
    if constraint.comparator == "between":
        wanted = _lines_text(constraint.count, constraint.upper)
    elif constraint.comparator == "=":
        wanted = _lines_text(constraint.count)
    else:
        wanted = f"{_LINE_COMPARATORS[constraint.comparator]} {_lines_text(constraint.count)}"
    restriction = " ".join(part for part in (constraint.restriction, constraint.setting) if part)
    return f"{wanted} ({restriction})" if restriction else wanted


def _prior_lines_finding(constraint: PriorLines, patient: PatientFacts) -> Finding:
    """A count of prior lines against the note's (``PatientFacts.prior_lines``).

    The lines a restriction or setting counts ("endocrine", "for metastatic disease") are
    at most all the patient's lines, and the note rarely tells them apart, so they may be
    any number from none to all: the answer is the one every such number gives, else
    unknown. A count that holds still leaves the classes the lines must include unread.
    """
    reading = patient.prior_lines
    wanted = _required_lines_text(constraint)
    if reading is None:
        return Finding(
            "unknown", None, f"the note does not say how many prior lines of therapy ({wanted})"
        )
    if reading.low is None:
        return Finding(
            "unknown",
            reading.evidence,
            f"{reading.how}, not how many prior lines of therapy ({wanted})",
        )
    low, high = reading.low, reading.high
    have = _lines_text(low, high, at_least=high is None)
    if constraint.restriction or constraint.setting:
        low = 0
    top = _MOST_LINES if high is None else high
    answers = {
        comparison_holds(n, constraint.comparator, constraint.count, constraint.upper)
        for n in range(low, top + 1)
    }
    if answers == {False}:
        return Finding(
            "false",
            reading.evidence,
            f"{have} ({reading.how}) does not meet the criterion's {wanted}",
        )
    if answers != {True}:
        return Finding(
            "unknown",
            reading.evidence,
            f"{have} ({reading.how}): not enough to tell against the criterion's {wanted}",
        )
    local = _local_treatment_given(constraint, patient, f"{have} ({reading.how})", wanted)
    if local is not None:
        return local
    if constraint.required_classes:
        return _required_classes_finding(
            constraint.required_classes,
            patient,
            reading.evidence,
            f"{have} meets the criterion's {wanted}",
        )
    return Finding(
        "true", reading.evidence, f"{have} ({reading.how}) meets the criterion's {wanted}"
    )


def _local_treatment_given(
    constraint: PriorLines, patient: PatientFacts, have: str, wanted: str
) -> Finding | None:
    """A local treatment the note names (``prior_line_none_local_treatments``), when the
    criterion asks no prior line at all: lines count systemic therapy only, so "no treatment
    yet" of systemic therapy does not say the disease was never treated ("Previously
    untreated disease" against "stage IA 2019, treated with involved-field radiotherapy")."""
    if constraint.restriction or comparison_holds(
        1, constraint.comparator, constraint.count, constraint.upper
    ):
        return None
    for concept in load_lexicon().cues.prior_line_none_local_treatments:
        present = patient.concept_facts(concept)[0]
        if present:
            return Finding(
                "unknown",
                present[0].evidence,
                f"{have}, but the note names {concept}: the criterion's {wanted} may rule "
                "out any treatment of the disease",
            )
    return None


def _class_mentions(classes: str) -> tuple[list[ConceptMention], bool] | None:
    """The treatments a count's classes name ("a PI, an anti-CD38 antibody and an IMiD")
    and whether any one of them is enough ("… or an anti-PD-1"); None when the words ask
    more than having had each (cycles, doses, a joined "and" with "or") or name none."""
    findings = find_concepts(classes)
    if not findings or any(f.category != "treatment" or f.negated for f in findings):
        return None
    rest = classes
    for found in sorted(findings, key=lambda f: f.start, reverse=True):
        rest = rest[: found.start] + " " + rest[found.end :]
    words = {w.lower() for w in re.findall(r"[\w/]+", rest)}
    if not words <= set(load_lexicon().cues.prior_line_class_joiners):
        return None
    any_one = "or" in words or "and/or" in words
    if any_one and "and" in words:
        return None
    mentions = [ConceptMention(f.concept, "treatment", f.text, historical=True) for f in findings]
    return mentions, any_one


def _required_classes_finding(
    classes: str, patient: PatientFacts, evidence: str | None, count_met: str
) -> Finding:
    """A count that holds, and the classes its lines must include, each against the drugs
    and regimens the note names (their families are ``members`` in ``concepts.json``): met
    when every class (or, for "… or …", one) is met, not met when the note denies every
    one that could meet it, else unknown, naming the classes the note does not settle."""
    read = _class_mentions(classes)
    if read is None:
        return Finding(
            "unknown", evidence, f"{count_met}; whether they included {classes} is not read"
        )
    mentions, any_one = read
    answers = [(m, concept_finding(m, patient)) for m in mentions]
    met = [f for _, f in answers if f.truth == "true"]
    if (any_one and met) or (not any_one and len(met) == len(answers)):
        return Finding("true", met[0].evidence or evidence, f"{count_met} and included {classes}")
    denied = [m for m, f in answers if f.truth == "false"]
    if (any_one and len(denied) == len(answers)) or (not any_one and denied):
        names = " or ".join(m.text for m in denied)
        return Finding("false", evidence, f"{count_met}, but the note says no prior {names}")
    open_ = " or ".join(m.text for m, f in answers if f.truth == "unknown")
    return Finding(
        "unknown", evidence, f"{count_met}; the note does not say whether they included {open_}"
    )
