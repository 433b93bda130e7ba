"""A criterion naming no condition the lexicon reads, settled by the disease state the
note states: tumour-marker results ("Absence of sensitizing EGFR mutations"), a response in
order ("Partial Response or better"), the WHO stage of HIV, or the trial's cancer without
distant metastasis against the note's sentences saying whether it has spread. The readers of
each side are ``marker_requirements``, ``response_categories``, ``hiv_stage`` and
``disease_extent``; this judges one against the other.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import context_at
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.disease_extent import (
    NoSpreadAsked,
    asked_no_spread,
    asked_spread,
    removal_settles,
    spread_alternative_spans,
    stated_spread,
)
from trialfinder.hiv_stage import asked_hiv_stages, hiv_stage_infection, noted_hiv_stage
from trialfinder.judging.criterion_words import criterion_descriptors, kind_of
from trialfinder.judging.driver_alterations import driver_alterations
from trialfinder.judging.findings import Outcome
from trialfinder.marker_requirements import marker_reading
from trialfinder.patient import PatientFacts, load_screening_rules, screening_phrase
from trialfinder.phrases import spaced_alternation
from trialfinder.response_categories import response_reading

__all__ = ["disease_state", "names_a_cancer", "spread_alternative_spans_met", "spread_state"]


def disease_state(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """A criterion naming no condition the lexicon reads, settled by the disease state the
    note states: tumour-marker results ("Absence of sensitizing EGFR mutations" against
    "EGFR exon 19 deletion"), a response in order ("Partial Response or better" against
    "VGPR") or the WHO stage of HIV ("Stadium III and IV" in an HIV trial against "WHO stage
    4"). A criterion holding more than its marker results is left to the study team."""
    if asked_no_spread(criterion.text) is not None or asked_spread(criterion.text) is not None:
        return spread_state(criterion, patient, trial_concepts)
    sentences = patient.state_evidence
    stages = asked_hiv_stages(criterion.text)
    infection = hiv_stage_infection()
    if stages and (infection in trial_concepts or "who" in criterion.text.lower()):
        noted = noted_hiv_stage(sentences)
        if noted is None or not patient.concept_facts(infection)[0]:
            return None
        stage, evidence = noted
        asked = ", ".join(str(s) for s in sorted(stages))
        if stage in stages:
            return (
                "met",
                evidence,
                f"the note gives WHO HIV stage {stage}; the criterion asks {asked}",
            )
        return (
            "not_met",
            evidence,
            (f"the note gives WHO HIV stage {stage}; the criterion asks {asked}"),
        )
    markers = marker_reading(criterion.text, sentences)
    if markers is not None:
        if markers.truth == "false" and markers.outright:
            # "CML in blast crisis (i.e., patients with known bcr-abl positive disease)":
            # the status asked outright fails, whatever else the criterion asks.
            return "not_met", None, markers.reason
        # A marker among other words may be no requirement at all ("not exposed to TKIs
        # active in ROS1-positive NSCLC"): only a criterion that is its markers is settled,
        # or one asking a driver alteration of the genes the note's tests cover.
        if not markers.whole or markers.truth == "unknown":
            return driver_alterations(criterion.text, sentences)
        return ("met" if markers.truth == "true" else "not_met"), None, markers.reason
    drivers = driver_alterations(criterion.text, sentences)
    if drivers is not None:
        return drivers
    response = response_reading(criterion.text, sentences)
    if response is not None and response.truth != "unknown":
        return ("met" if response.truth == "true" else "not_met"), None, response.reason
    if criterion.section == "inclusion" and _asks_progression_after_last(criterion.text):
        return _progression_stated(patient)
    return None


@functools.cache
def _progression_asked() -> re.Pattern[str]:
    rules = load_screening_rules()
    return re.compile(
        r"(?:(?:participants?|patients?|subjects?)\s+)?(?:must\s+)?(?:have\s+)?"
        r"(?:documented\s+|documentation\s+of\s+)?"
        rf"(?:{spaced_alternation(rules.progression_asked_nouns)})\s+"
        rf"(?:{spaced_alternation(rules.progression_asked_times)})\s+"
        r"(?:(?:their|the|his|her)\s+)?(?:last|most\s+recent|latest)\s+"
        rf"(?:{spaced_alternation(rules.progression_asked_treatments)})\s*\.?",
        re.IGNORECASE,
    )


def _asks_progression_after_last(text: str) -> bool:
    """Whether a criterion is only documented progression after the last regimen, naming no
    treatment ("Must have documented disease progression during or after their last
    anti-myeloma regimen"; ``progression_after_last_description``)."""
    return _progression_asked().fullmatch(text.strip()) is not None


def _progression_stated(patient: PatientFacts) -> Outcome | None:
    """Met when a note naming a cancer of the patient's says, not under a negation, that it
    is progressing or relapsed ("Progression on lenalidomide maintenance confirmed", "Now
    progressing again"); None (the study team) when it gives a remission or no progression."""
    if not names_a_cancer(patient):
        return None
    remission = screening_phrase("note_remission_words")
    if any(remission.search(s) for s in patient.progression_evidence):
        return None
    for sentence in patient.progression_evidence:
        for found in screening_phrase("note_progression_words").finditer(sentence):
            if "negation" not in context_at(sentence, *found.span()):
                return (
                    "met",
                    sentence,
                    "the note gives the cancer progressing after its treatment",
                )
    return None


def spread_state(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """A criterion asking the trial's cancer with or without distant metastasis ("No
    evidence of distant metastases", "Locally advanced or metastatic disease") against the
    note's sentences saying whether it has spread; None when it asks neither or they do not
    settle it."""
    no_spread = asked_no_spread(criterion.text)
    if no_spread is not None:
        return _no_spread_status(no_spread, patient, trial_concepts)
    spread = asked_spread(criterion.text)
    if spread is not None:
        return _spread_status(spread, patient, trial_concepts)
    return None


def spread_alternative_spans_met(
    criterion_text: str, patient: PatientFacts, held: frozenset[str]
) -> tuple[tuple[int, int], ...]:
    """The spans of an inclusion's "locally advanced or metastatic" (either way round,
    :func:`disease_extent.spread_alternative_spans`) that the note answers: its sentences
    agree the patient's cancer has spread distantly, and a cancer the criterion names is
    the one the patient has (``held``: the concepts the note meets). A note giving another
    extent, or none, answers no part of it. A criterion that asks nothing but that spread
    ("Locally advanced or metastatic adenocarcinoma of the breast, not amenable to treatment
    with curative intent": :func:`disease_extent.asked_spread`, its tail only restating it)
    is answered whole."""
    spans = spread_alternative_spans(criterion_text)
    if not spans:
        return ()
    said = _spread_said(patient, held)
    if said is None or not said[1]:
        return ()
    return ((0, len(criterion_text)),) if asked_spread(criterion_text) is not None else spans


def names_a_cancer(patient: PatientFacts) -> bool:
    """Whether the note names a cancer of the patient's: a lexicon one, or one only MeSH
    names ("gastric adenocarcinoma of the antrum")."""
    if patient.concept_facts("cancer")[0]:
        return True
    descriptors = criterion_descriptors("cancer", "")
    return any(
        not fact.negated and kind_of(fact.descriptor_id, d)
        for fact in patient.vocabulary_facts
        for d in descriptors
    )


def _no_spread_status(
    asked: NoSpreadAsked, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """A criterion asking the trial's cancer without distant metastasis, or an alternative
    ("No evidence of distant metastases, or locally advanced inoperable disease"), against
    the note's sentences saying whether the patient's cancer has spread: met when they say
    it has not; not met when they say it has and the alternative, if any, admits no
    distant spread either; None (the study team) when the trial studies no cancer, the
    note names none, its sentences disagree or say nothing, or the alternative may hold
    ("or oligometastatic")."""
    said = _spread_said(patient, trial_concepts)
    if said is None:
        return None
    evidence, spread = said
    if not spread:
        return "met", evidence, "the note gives no distant metastasis"
    if asked.alternative and (
        not asked.alternative_extents or "metastatic" in asked.alternative_extents
    ):
        return None
    also = f" nor {asked.alternative}" if asked.alternative else ""
    return (
        "not_met",
        evidence,
        f"the note gives distant metastases; the criterion needs none{also}",
    )


def _spread_said(patient: PatientFacts, trial_concepts: frozenset[str]) -> tuple[str, bool] | None:
    """What the note's sentences say of the patient's cancer's distant spread, with the
    first sentence saying it: None when the trial studies no cancer, the note names none, or
    its sentences disagree or say nothing."""
    ancestors = load_lexicon().ancestors
    if not any(c == "cancer" or "cancer" in ancestors.get(c, ()) for c in trial_concepts):
        return None
    if not names_a_cancer(patient):
        return None
    said = [
        (s, spread) for s in patient.extent_evidence if (spread := stated_spread(s)) is not None
    ]
    if not said or len({spread for _, spread in said}) != 1:
        return None
    return said[0]


def _spread_status(
    asked: NoSpreadAsked, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """A criterion asking the trial's cancer's distant spread ("Patients with distant
    metastasis will be excluded", "Locally advanced or metastatic disease"), or an
    alternative ("or isolated port site metastasis"), against the note's sentences saying
    whether it has spread: met when they say it has; not met when they say it has not and
    the alternative, if any, is distant spread too, or a cancer that cannot be removed
    ("inoperable locally advanced") while the note gives it removed and no relapse since;
    None (the study team) otherwise."""
    said = _spread_said(patient, trial_concepts)
    if said is None:
        return None
    evidence, spread = said
    if spread:
        return "met", evidence, "the note gives distant metastases"
    if asked.alternative and asked.alternative_extents != {"metastatic"}:
        if not removal_settles(asked.alternative) or not _removed_since(patient):
            return None
        return (
            "not_met",
            patient.removal_evidence[0],
            f"the note gives no distant metastasis and the cancer removed, not {asked.alternative}",
        )
    return "not_met", evidence, "the note gives no distant metastasis"


def _removed_since(patient: PatientFacts) -> bool:
    """Whether the note gives the cancer removed or without disease and no relapse or
    progression (not negated) in any sentence."""
    if not patient.removal_evidence:
        return False
    progression = screening_phrase("note_progression_words")
    return not any(
        "negation" not in context_at(sentence, *found.span())
        for sentence in patient.progression_evidence
        for found in progression.finditer(sentence)
    )
