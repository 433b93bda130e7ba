"""Criteria settled by their text before their constraints are read: consent the
patient has given, the capacity to give it, the ability to swallow tablets, attending
follow-up, a mental status or a fitness for a treatment asked only as a frame, RECIST
measurability asked alone, and how the study runs (administrative items, specimens the
study takes).

``settled_by_text`` runs these readers in order (with ``sex_and_childbearing``'s) and
answers the first outcome one gives; the judge reads the criterion's constraints only when
none does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Measurement, SexRequirement
from trialfinder.criteria.parse import words_left_unread
from trialfinder.criteria.units import format_number
from trialfinder.judging.childbearing_potential import contraception_outcome
from trialfinder.judging.criterion_words import cue_patterns, mention_span, says
from trialfinder.judging.disease_state import names_a_cancer
from trialfinder.judging.findings import Outcome
from trialfinder.judging.sex_and_childbearing import CHILDBEARING, asks_nothing, not_applicable
from trialfinder.measurable_disease import (
    MEASURABLE_MM,
    asked_measurable,
    asks_evaluable,
    measurable_clause,
    measurable_framing_words,
)
from trialfinder.patient import (
    PatientFacts,
    judge_cue_pattern,
    load_screening_rules,
    phrase_alternation,
    phrase_pattern,
)
from trialfinder.treatment_fitness import asked_fitness, fitness_answer

__all__ = ["CONSENT_CONCEPT", "SILENCE_DOES_NOT_SETTLE", "settled_by_text"]


# A criterion about consent or taking part, and an inability it asks (``judge_cues``).
_ADMINISTRATIVE = r"\b(?:{consent_administrative_words})\b"
_INABILITY = r"\b(?:{consent_inability_stems})"


CONSENT_CONCEPT = "informed_consent"


SILENCE_DOES_NOT_SETTLE = "the record does not say, and notes rarely do; the study team asks"


def settled_by_text(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """Criteria settled before their constraints are read: not about this patient,
    about how the study runs, or about consent the patient has given."""
    for reader in (
        asks_nothing,
        not_applicable,
        contraception_outcome,
        _mental_status_outcome,
        _capacity_outcome,
        _language_outcome,
        _insurance_outcome,
        _consent_inability_outcome,
        _swallowing_outcome,
        _follow_up_outcome,
        _treatment_fitness_outcome,
        _measurable_disease_outcome,
    ):
        outcome = reader(criterion, patient)
        if outcome is not None:
            return outcome
    patterns = cue_patterns()
    if (
        criterion.section == "exclusion"
        and says(patterns["conduct"], criterion.text)
        and says(patterns["conduct_failure"], criterion.text)
    ):
        return "not_applicable", None, "about something that happens during the study"
    if (
        says(judge_cue_pattern(_ADMINISTRATIVE, re.I), criterion.text)
        and patient.consent_evidence
        and not _asks_more_than_consent(criterion)
    ):
        evidence = patient.consent_evidence
        if criterion.section == "exclusion":
            return "not_met", evidence, "the patient has given consent"
        if judge_cue_pattern(_INABILITY, re.I).search(criterion.text):
            return "not_met", evidence, "the patient has given consent"
        return "met", evidence, "the patient has given consent"
    return None


@functools.cache
def _mental_status_criterion() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.mental_status_criterion_phrases)


def _mental_status_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An exclusion of an altered mental status ("Altered mental status with deficits in
    understanding or inability to consent to the study"), from the note's mental status:
    "drowsy and confused" meets it; "alert, fully oriented" leaves it not met only when it
    asks nothing else: no reading but consent, no word but ``mental_status_framing_words``.
    Never an inclusion."""
    if criterion.section != "exclusion" or not patient.mental_status:
        return None
    found = _mental_status_criterion().search(criterion.text)
    if found is None:
        return None
    evidence = patient.mental_status_evidence
    if patient.mental_status == "altered":
        return "met", evidence, "the note says the patient's mental status is altered"
    if _reads_only_consent(criterion) and _only_framing_left(
        criterion.text, [found.span()], load_lexicon().cues.mental_status_framing_words
    ):
        return "not_met", evidence, "the note says the patient is alert and oriented"
    return None


def _reads_only_consent(criterion: Criterion) -> bool:
    """Whether consent is all the parse reads in a criterion (or it reads nothing)."""
    return all(
        isinstance(c, ConceptMention) and c.concept == CONSENT_CONCEPT
        for c in criterion.constraints
    )


def _only_framing_left(
    criterion_text: str, read: Sequence[tuple[int, int]], framing: Iterable[str]
) -> bool:
    """Whether every word a criterion leaves unread, besides its parse and ``read``, only
    frames what a settled-by-text reader read (one of ``framing``): it asks nothing else."""
    return set(words_left_unread(criterion_text, read)) <= set(framing)


@functools.cache
def _capacity_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    cues = load_lexicon().cues
    lack = phrase_alternation(cues.capacity_lack_words)
    return (
        phrase_pattern(cues.capacity_criterion_phrases),
        re.compile(rf"(?<![\w-])(?:{lack})\s+(?:\w+\s+)?$", re.IGNORECASE),
    )


def _capacity_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion about the capacity to consent ("Mental capacity to understand and
    consent"; "Lack of mental capacity to consent", a lack word before it), from the note's
    statement that the patient has or lacks it; only when it asks nothing else: no reading
    but consent, no word but ``capacity_framing_words``."""
    if not patient.capacity:
        return None
    phrases, lack_before = _capacity_patterns()
    found = phrases.search(criterion.text)
    if found is None:
        return None
    lack = lack_before.search(criterion.text[: found.start()])
    asks_lack = lack is not None
    read = [found.span() if lack is None else (lack.start(), found.end())]
    if not _reads_only_consent(criterion) or not _only_framing_left(
        criterion.text, read, load_lexicon().cues.capacity_framing_words
    ):
        return None
    holds = (patient.capacity == "lacks") == asks_lack
    said = "lacks" if patient.capacity == "lacks" else "has"
    reason = f"the note says the patient {said} the capacity to consent"
    return ("met" if holds else "not_met"), patient.capacity_evidence, reason


# An exclusion of an inability to consent ("Inability to give informed consent", "patients
# who cannot read explanation and consent form"): an inability word, then within five words
# what the patient cannot do.
_ASKS_CONSENT_INABILITY = (
    r"\b(?:{consent_inability_stems})[\w-]*\s+(?:[\w/-]+\s+){0,4}?"
    r"(?:{consent_inability_objects:spaced})\b"
)


def _consent_inability_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An exclusion of an inability to consent ("Unable or unwilling to give informed
    consent", "patients who cannot read explanation and consent form"), whose inability the
    parse does not keep (it reads only consent): met by the note's saying the patient cannot
    (lacks capacity, cannot read or write, refused consent); not met by its saying the patient
    can ("Reads and understands the consent form", has capacity) when the criterion asks
    nothing else (no word but ``consent_inability_framing_words``); never met by a bare
    mention of consent, which leaves it to the study team. A consent the note says was given
    is the consent reader's (:func:`settled_by_text`)."""
    if (
        criterion.section != "exclusion"
        or not criterion.constraints
        or not _reads_only_consent(criterion)
        or patient.consent_evidence
    ):
        return None
    found = judge_cue_pattern(_ASKS_CONSENT_INABILITY, re.I).search(criterion.text)
    if found is None:
        return None
    said = _said_ability_to_consent(patient)
    if said is not None:
        can, evidence, what = said
        reason = f"the note says the patient {what}"
        if not can:
            return "met", evidence, reason
        framing = load_screening_rules().judge_cues
        if framing is not None and _only_framing_left(
            criterion.text, [found.span()], framing.consent_inability_framing_words
        ):
            return "not_met", evidence, reason
    mention = next(
        (f for f in patient.facts if f.concept == CONSENT_CONCEPT and not f.negated), None
    )
    if mention is None:
        return None
    return (
        "unknown",
        mention.evidence,
        "the note names consent but does not say whether the patient can give it; the study "
        "team asks",
    )


def _said_ability_to_consent(patient: PatientFacts) -> tuple[bool, str, str] | None:
    """What the note says of the patient's ability to consent: whether they can, its
    sentence and its words for the reason; an inability first. None when it says nothing."""
    for can, status, evidence, what in (
        (
            False,
            patient.capacity == "lacks",
            patient.capacity_evidence,
            "lacks the capacity to consent",
        ),
        (
            False,
            patient.consent_ability == "unable",
            patient.consent_ability_evidence,
            "cannot read or consent",
        ),
        (True, patient.capacity == "has", patient.capacity_evidence, "has the capacity to consent"),
        (
            True,
            patient.consent_ability == "able",
            patient.consent_ability_evidence,
            "can read and consent",
        ),
    ):
        if status:
            return can, evidence, what
    return None


def _language_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion asking the ability to read or speak a language ("Able to speak and read
    English") or, in an exclusion, its lack ("unable to complete questionnaires written in
    English"): met, or the exclusion not met, by the note's stating the language the
    patient's first or only language or one they speak fluently
    (``PatientFacts.spoken_languages``); only when the parse reads nothing but consent and its
    other words are the rules' ``framing_words``. A note silent on it leaves it."""
    rules = load_screening_rules().language_ability
    if rules is None or not patient.spoken_languages or not _reads_only_consent(criterion):
        return None
    for language, evidence in patient.spoken_languages.items():
        asked = _language_asked(language).search(criterion.text)
        if asked is None:
            continue
        asks_lack = asked.group("lack") is not None
        if asks_lack != (criterion.section == "exclusion"):
            continue
        if not _only_framing_left(criterion.text, [asked.span()], rules.framing_words):
            continue
        reason = f"the note says the patient speaks {language.capitalize()}"
        return ("not_met" if asks_lack else "met"), evidence, reason
    return None


@functools.cache
def _language_asked(language: str) -> re.Pattern[str]:
    """A criterion's asking the ability (or, as ``lack``, the inability) to use ``language``
    ("Able to speak and read English"; ``language_ability``): built once a language, since
    every criterion is asked of every patient speaking it."""
    rules = load_screening_rules().language_ability
    assert rules is not None  # asked only when the rules name the languages
    ability = phrase_alternation(rules.ability_words)
    inability = phrase_alternation(rules.inability_words)
    skills = phrase_alternation(rules.skill_words)
    return re.compile(
        rf"\b(?:(?P<lack>{inability})|{ability})\s+(?:{skills})\b.*?\b{re.escape(language)}\b",
        re.IGNORECASE,
    )


@functools.cache
def _insurance_asked() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A criterion's words asking health insurance and those asking its lack
    (``health_insurance``), built once, since every criterion is asked of every patient."""
    rules = load_screening_rules().health_insurance
    assert rules is not None  # asked only when the rules name health insurance
    return phrase_pattern(rules.criterion_words), phrase_pattern(rules.lack_words)


def _insurance_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion asking the patient's health insurance ("Patient affiliated to a social
    security regimen", "Patients with health insurance") or, in an exclusion, its lack ("No
    affiliation to any health insurance"), from the note's stating the patient's cover
    ("covered by the Securite sociale (CPAM)", "covered by Medicare") or none ("uninsured")
    (``PatientFacts.insurance``); only when the parse reads nothing but consent and its other
    words are the rules' ``framing_words``. A note silent on insurance leaves it."""
    rules = load_screening_rules().health_insurance
    if rules is None or not patient.insurance or not _reads_only_consent(criterion):
        return None
    asked, lack = _insurance_asked()
    found = asked.search(criterion.text)
    if found is None or not _only_framing_left(criterion.text, [found.span()], rules.framing_words):
        return None
    asks_lack = lack.search(criterion.text) is not None
    if asks_lack != (criterion.section == "exclusion"):
        return None
    covered = patient.insurance == "covered"
    said = "has health insurance" if covered else "has no health insurance"
    holds = covered != asks_lack
    return (
        ("met" if holds else "not_met"),
        patient.insurance_evidence,
        f"the note says the patient {said}",
    )


# A criterion asking the ability to swallow ("Ability to swallow capsules") or its lack
# ("Inability to swallow oral medication").
_ASKS_SWALLOWING = (
    r"\b(?:(?P<lack>{swallow_inability_words:spaced})|{swallow_ability_words:spaced})\s+swallow\b"
)


def _swallowing_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion asking the ability to swallow ("Able to swallow oral medication") or its
    lack ("Unable to swallow tablets or capsules"), from the note's statement that the
    patient swallows tablets or cannot; only when the parse reads nothing else of it (the
    inability it names may be its reading) and its other words are
    ``swallow_framing_words``."""
    if not patient.swallowing:
        return None
    found = judge_cue_pattern(_ASKS_SWALLOWING, re.I).search(criterion.text)
    asked = "" if found is None else found.group(0).lower()
    if found is None or not all(
        isinstance(c, ConceptMention) and (asked in c.text.lower() or c.text.lower() in asked)
        for c in criterion.constraints
    ):
        return None
    framing = load_screening_rules().judge_cues
    if framing is None or not _only_framing_left(
        criterion.text, [found.span()], framing.swallow_framing_words
    ):
        return None
    asks_lack = found.group("lack") is not None
    holds = (patient.swallowing == "unable") == asks_lack
    said = "swallows tablets" if patient.swallowing == "able" else "cannot swallow tablets"
    return (
        ("met" if holds else "not_met"),
        patient.swallowing_evidence,
        f"the note says the patient {said}",
    )


# A criterion asking that the patient cannot or will not attend follow-up ("Unable or
# unwilling for regular follow up", "Non-compliant for follow up").
_ASKS_FOLLOW_UP_LACK = (
    r"\b(?:{follow_up_lack_words:spaced})\s+(?:[\w-]+\s+)?(?:{follow_up_words:spaced})\b"
)


def _follow_up_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An exclusion of a patient who cannot or will not attend follow-up ("Poor reliability
    for follow-up and treatment completion."), not met by the note's statement that the
    patient attends it ("attends reliably, lives locally"); only when the parse reads nothing
    of it and its other words are ``follow_up_framing_words``. A note silent on follow-up
    leaves it to the study team."""
    if not patient.attends_follow_up_evidence or criterion.section != "exclusion":
        return None
    if criterion.constraints:
        return None
    found = judge_cue_pattern(_ASKS_FOLLOW_UP_LACK, re.I).search(criterion.text)
    framing = load_screening_rules().judge_cues
    if (
        found is None
        or framing is None
        or not _only_framing_left(criterion.text, [found.span()], framing.follow_up_framing_words)
    ):
        return None
    return (
        "not_met",
        patient.attends_follow_up_evidence,
        "the note says the patient attends follow-up",
    )


def _treatment_fitness_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A criterion asking fitness for a treatment ("Patient not fit for general
    anaesthesia"), from the note's statement of it ("assessed as unfit for general
    anaesthesia by the anaesthetist"), treatment by treatment; only when the criterion asks
    nothing else: no reading but the treatments it names, no word but
    ``fitness_for_framing_words``."""
    if not patient.treatment_fitness:
        return None
    ask = asked_fitness(criterion.text)
    if ask is None:
        return None
    asked = criterion.text[ask.span[0] : ask.span[1]].lower()
    if not all(
        isinstance(c, ConceptMention) and c.text.lower() in asked for c in criterion.constraints
    ):
        return None
    if not _only_framing_left(
        criterion.text, [ask.span], load_lexicon().cues.fitness_for_framing_words
    ):
        return None
    answer = fitness_answer(ask, patient.treatment_fitness)
    if answer is None:
        return None
    holds, evidence = answer
    fit_word = "fit" if holds == ask.fit else "unfit"
    treatments = " or ".join(ask.treatments) if ask.join == "any" else " and ".join(ask.treatments)
    reason = f"the note says the patient is {fit_word} for {treatments}"
    return ("met" if holds else "not_met"), evidence, reason


def _measurable_disease_outcome(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """An inclusion asking only measurable disease ("Measurable disease according to RECIST
    v1.1", "At least 1 measurable lesion"): met by a current tumour lesion of at least 10 mm
    in the note (:func:`trialfinder.measurable_disease.measurable_clause`) or by the note's
    words stating measurable disease ("measurable liver lesions"), not met by a sentence
    denying measurable disease; unknown when the note says both or neither. One that also
    takes disease RECIST cannot measure ("evaluable or measurable disease") is met by any
    lesion a note naming a cancer names now ("bone mets"); one that does not is not met when RECIST
    can measure none of the lesions the note names (bone without a soft-tissue component,
    lesions under 10 mm)."""
    if criterion.section != "inclusion" or criterion.constraints:
        return None
    spans = asked_measurable(criterion.text)
    if not spans:
        return None
    if not _only_framing_left(criterion.text, spans, measurable_framing_words()):
        return None
    if patient.no_measurable_evidence:
        if _measurable_lesion(patient) is None and not patient.measurable_stated_evidence:
            return (
                "not_met",
                patient.no_measurable_evidence,
                "the note says there is no measurable disease",
            )
        return None
    lesion = _measurable_lesion(patient)
    if lesion is not None:
        return (
            "met",
            lesion[0],
            f"the note gives a tumour lesion of {format_number(lesion[1])} mm, measurable by "
            f"RECIST 1.1 (at least {format_number(MEASURABLE_MM)} mm)",
        )
    if patient.measurable_stated_evidence:
        return (
            "met",
            patient.measurable_stated_evidence,
            "the note states measurable disease",
        )
    if asks_evaluable(criterion.text):
        # A lesion is a tumour's only in a note naming a cancer ("a painful skin lesion", "an
        # anterior cervical mass" may be none).
        if patient.evaluable_lesion_evidence and names_a_cancer(patient):
            return (
                "met",
                patient.evaluable_lesion_evidence,
                "the note names tumour lesions now, and the criterion also takes disease "
                "RECIST 1.1 cannot measure",
            )
        return None
    if patient.nonmeasurable_only_evidence:
        return (
            "not_met",
            patient.nonmeasurable_only_evidence,
            "RECIST 1.1 can measure none of the tumour lesions the note names (bone without "
            f"a soft-tissue component, or under {format_number(MEASURABLE_MM)} mm)",
        )
    return None


def _measurable_lesion(patient: PatientFacts) -> tuple[str, float] | None:
    """The note's current tumour lesion of at least 10 mm and its size, from a measurement
    or the note's own words ("liver mets (largest 42 mm)"); None when it gives none."""
    lesion = next(
        (
            (fact.evidence, size)
            for fact in patient.facts
            if fact.measurement is not None
            and fact.measurement.analyte == "lesion_size"
            and fact.measurement.comparator == "="
            and (size := fact.measurement.canonical_value) is not None
            and size >= MEASURABLE_MM
            and not fact.negated
            and not fact.historical
            and measurable_clause(fact.evidence, fact.measurement.text)
        ),
        None,
    )
    if lesion is None and patient.measurable_lesion_evidence:
        # A size in the note's own words ("liver mets (largest 42 mm)"), which no
        # measurement names.
        return patient.measurable_lesion_evidence, patient.measurable_lesion_mm
    return lesion


def _asks_more_than_consent(criterion: Criterion) -> bool:
    """Whether a criterion about consent or compliance also states who may take part.

    "≥ 18 years old at the time of signing the informed consent", "Women aged 20–70
    … who give consent": a patient's consent settles the consent, not the age, the
    sex or (in an inclusion) the condition, which are judged as in any criterion.
    A menopause named as one way to take part is a state, not a promise. Plans and
    promises (contraception, pregnancy, "willing to undergo surgery") are
    what the patient's agreement to the protocol covers, so they stay settled by it,
    and so does a condition named after the consent words ("willing to comply with
    … tumor assessments", "compliance with usual asthma medication") unless it is
    denied ("… supported by not meeting dementia criteria"), or one that only names a
    specimen: "agree to the submission of fresh tumor tissue" is about the sample.
    """
    about_childbearing = CHILDBEARING.search(criterion.text) is not None
    cue = judge_cue_pattern(_ADMINISTRATIVE, re.I).search(criterion.text)
    consent_at = cue.start() if cue is not None else len(criterion.text)
    for constraint in criterion.constraints:
        if isinstance(constraint, Measurement | SexRequirement) or (
            isinstance(constraint, ConceptMention)
            and constraint.concept == "menopause"
            and not constraint.negated
        ):
            # A menopause the criterion offers ("≥ 1 year post-menopausal, surgically sterile,
            # or using … birth control") is a state now, which consent does not settle; one
            # denied ("For women who have not undergone menopause …, agree to …") says who
            # the promise is asked of.
            return True
        if (
            criterion.section == "inclusion"
            and not about_childbearing
            and isinstance(constraint, ConceptMention)
            and constraint.category == "condition"
            and (span := mention_span(criterion.text, constraint.text)) is not None
            and (span[0] < consent_at or constraint.negated)
            and not judge_cue_pattern(_SPECIMEN_AFTER, re.I).match(criterion.text, span[1])
        ):
            return True
    return False


# "tumor tissue", "tumour sample", "FFPE tumor block": a specimen, not the condition.
_SPECIMEN_AFTER = r"\s+(?:[\w-]+\s+)?(?:{specimen_nouns})\b"
