"""The trial's own condition in an exclusion: the patient's facts less the condition the
patient is enrolled for (a stroke trial's "pre-existing neurological disorders" is not met by
the stroke itself), what counts as that condition (its kinds, the names it is written
under), and the trial's own operation ("within 180 days of the initial resection"), met only
when the note names the disease it was done for. A stage or TNM written alone ("Must have
Ann Arbor Stage II-IV disease.") is the stage of the trial's one cancer, read from its title's
conditions when the criterion comes without its trial.
"""

from __future__ import annotations

import functools
import re

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import find_concepts, stage_of_the_trial_disease
from trialfinder.judging.criterion_words import criterion_descriptors, kind_of, malignancy_concepts
from trialfinder.judging.disease_kinds import organs_named
from trialfinder.judging.findings import Finding
from trialfinder.operations import trials_own_operation
from trialfinder.patient import PatientFacts, VocabularyFact

__all__ = ["staged_as_the_trial_cancer", "trials_own_operation_finding", "without_trial_condition"]


def trials_own_operation_finding(
    constraint: Constraint,
    finding: Finding,
    criterion_text: str,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
) -> Finding:
    """ "Step 1 registration within 180 days of the initial resection" asks of the trial's
    own operation, the one done for the disease it studies: a note's named operation
    ("20th day post-left mastectomy") meets it only when the note names that disease, for a
    mastectomy is no meningioma's resection. Otherwise it is not known (the note may leave
    out what the operation was for), never met; an unknown one says so, not that the
    criterion asks of no past surgery."""
    if (
        finding.truth == "false"
        or not isinstance(constraint, ConceptMention)
        or constraint.category != "procedure"
    ):
        return finding
    operation = trials_own_operation(criterion_text)
    if operation is None:
        return finding
    present, _ = patient.concept_facts(constraint.concept)
    if not any(f.operations and f.evidence == finding.evidence for f in present):
        return finding
    if _names_trial_disease(patient, trial_concepts):
        return finding
    return Finding(
        "unknown",
        finding.evidence,
        f"the criterion asks of the trial's own operation ({operation}); the note names "
        "an operation but not the disease the trial studies",
    )


def staged_as_the_trial_cancer(criterion: Criterion, trial_concepts: frozenset[str]) -> Criterion:
    """A criterion that reads nothing and writes a stage or TNM alone, read as the stage of
    the one cancer among the trial's conditions the lexicon reads (a title's "Previously
    Untreated Stage I or Stage II Prostate Cancer"), as a trial's criteria are parsed with its
    conditions (:func:`~trialfinder.criteria.parse.stage_of_the_trial_disease`); a title's
    treatments are no conditions. Otherwise the criterion as it is."""
    if criterion.constraints or criterion.children or not trial_concepts:
        return criterion
    concepts = load_lexicon().concepts
    conditions = sorted(
        c for c in trial_concepts if (found := concepts.get(c)) and found.category == "condition"
    )
    staged = stage_of_the_trial_disease(criterion, conditions) if conditions else None
    return criterion if staged is None else staged


def _names_trial_disease(patient: PatientFacts, trial_concepts: frozenset[str]) -> bool:
    """Whether the note names, undenied, a disease the trial studies (a trial's title may
    also name its treatment: "… Removed by Surgery", which is no disease)."""
    concepts = load_lexicon().concepts
    diseases = frozenset(
        c
        for c in trial_concepts
        if (found := concepts.get(c)) is None or found.category == "condition"
    )
    # A title's disease the lexicon lacks is a MeSH descriptor ("mesh:D008579", Meningioma).
    descriptors = {c.removeprefix("mesh:") for c in diseases if c.startswith("mesh:")}
    return any(
        not fact.negated
        and fact.concept is not None
        and (found := concepts.get(fact.concept)) is not None
        and found.category == "condition"
        and (
            _as_trial_condition(fact.concept, diseases)[0]
            or any(
                kind_of(own, d)
                for own in criterion_descriptors(fact.concept, "")
                for d in descriptors
            )
        )
        for fact in patient.facts
    ) or any(
        not fact.negated
        and (
            _is_trial_condition(fact, diseases)
            or any(kind_of(fact.descriptor_id, d) for d in descriptors)
        )
        for fact in patient.vocabulary_facts
    )


def without_trial_condition(
    patient: PatientFacts, trial_concepts: frozenset[str], named: frozenset[str] = frozenset()
) -> PatientFacts:
    """The patient's facts less the trial's own condition, for judging an exclusion.

    A stroke trial's "pre-existing neurological disorders" is not met by the stroke the
    patient is enrolled for; an exclusion naming the condition itself is already left out
    (:func:`judged_constraints.judged_constraints`), and a broader one must not bring it back.
    A narrower
    cancer the exclusion names (``named``) keeps its facts: a lung cancer trial's
    "Symptomatic brain metastases" asks about the spread its own cancer may have. Only a
    cancer: an atherosclerosis trial's myocardial infarction stays its own condition.
    """
    # A broader word of the same sentence names the same disease ("invasive ductal carcinoma
    # of the breast" is the lexicon's cancer): a malignancy exclusion of a breast-cancer trial
    # is about other cancers.
    vocabulary_facts: list[VocabularyFact] = []
    trial_sentences: set[str] = set()
    for read in patient.vocabulary_facts:
        if read.negated or not _is_trial_condition(read, trial_concepts):
            vocabulary_facts.append(read)
        else:
            trial_sentences.add(read.evidence)
    # A cancer named without its organ in a sentence naming the organ of the trial's cancer
    # ("a lump in my right breast … the biopsy showed a triple negative cancer").
    trial_sentences.update(
        fact.evidence
        for fact in patient.facts
        if fact.concept in malignancy_concepts()
        and not fact.negated
        and not fact.historical
        and _names_trial_organ(fact.evidence, trial_concepts)
    )
    facts = [
        fact
        for fact in patient.facts
        if fact.concept is None
        or fact.negated
        or not (
            (kind := _as_trial_condition(fact.concept, trial_concepts))[0]
            or (kind[1] and fact.evidence in trial_sentences)
        )
        or (
            fact.concept in named
            and fact.concept in malignancy_concepts()
            and fact.concept not in trial_concepts
            and not kind[1]
        )
    ]
    # MeSH reads only the histology of "gastric adenocarcinoma" (Adenocarcinoma); inside the
    # name of the trial's own condition the lexicon read there, it is that same disease.
    # By sentence, so a note repeating a sentence asks each of its names once, not once a pair.
    kept = {id(fact) for fact in facts}
    own: dict[str, set[str]] = {}
    for fact in patient.facts:
        if fact.concept is not None and id(fact) not in kept:
            own.setdefault(fact.evidence, set()).add(fact.concept)
    # A broader disease MeSH reads in such a sentence ("a lump in my right breast … a triple
    # negative cancer": Neoplasms) is that same cancer.
    vocabulary_facts = [
        fact
        for fact in vocabulary_facts
        if fact.negated
        or (
            not any(
                _inside_a_name(fact.words, concept, fact.evidence)
                for concept in own.get(fact.evidence, ())
            )
            and not (
                fact.evidence in own
                and not own[fact.evidence].isdisjoint(malignancy_concepts())
                and _above_trial_descriptors(fact.descriptor_id, trial_concepts)
            )
        )
    ]
    if len(facts) == len(patient.facts) and len(vocabulary_facts) == len(patient.vocabulary_facts):
        return patient
    set_aside = any(
        fact.concept in malignancy_concepts() and not fact.negated and id(fact) not in kept
        for fact in patient.facts
    )
    return msgspec.structs.replace(
        patient,
        facts=facts,
        vocabulary_facts=vocabulary_facts,
        own_cancer_set_aside=patient.own_cancer_set_aside or set_aside,
    )


@functools.lru_cache(maxsize=65_536)
def _names_trial_organ(sentence: str, trial_concepts: frozenset[str]) -> bool:
    """Whether a note's sentence names an organ whose cancer is one the trial studies."""
    return any(
        _names_concept_of(f"{organ} cancer", trial_concepts) for organ in organs_named(sentence)
    )


@functools.lru_cache(maxsize=65_536)
def _inside_a_name(words: str, concept: str, sentence: str) -> bool:
    """Whether ``words`` are part of one of the concept's names that ``sentence`` writes
    ("adenocarcinoma" in "Histologically proven gastric adenocarcinoma of the antrum")."""
    lowered = sentence.lower()
    inner = re.compile(rf"\b{re.escape(words.lower())}\b")
    return any(
        inner.search(name) is not None and re.search(rf"\b{re.escape(name)}\b", lowered)
        for name in load_lexicon().concepts[concept].names
    )


@functools.lru_cache(maxsize=65_536)
def _as_trial_condition(concept: str, trial_concepts: frozenset[str]) -> tuple[bool, bool]:
    """Whether a patient's concept is the trial's own condition (or lies under it), and
    whether it is a broader name of it (the trial's own only in the sentence that names the
    trial's disease); neither for another kind (:func:`_another_kind`). The same for every
    exclusion and every patient screened against the trial, so worked out once."""
    if _another_kind(concept, trial_concepts):
        return False, False
    ancestors = load_lexicon().ancestors
    own = bool(ancestors.get(concept, frozenset({concept})) & trial_concepts)
    broader = any(concept in ancestors.get(kind, ()) for kind in trial_concepts)
    return own, broader


def _another_kind(concept: str, trial_concepts: frozenset[str]) -> bool:
    """Whether a condition is another kind of the trial's broader condition than the kind it
    studies: a type 2 diabetes trial is indexed also under diabetes (its MeSH parent), and
    a patient's type 1 diabetes is not its own condition but one its exclusions ask about.
    Not a cancer: "brain metastases" in a lung cancer trial may be the trial cancer's spread."""
    ancestors = load_lexicon().ancestors
    above = ancestors.get(concept, frozenset({concept}))
    shared = above & trial_concepts
    return (
        concept not in trial_concepts
        and bool(shared)
        and concept not in malignancy_concepts()
        and any(
            kind not in above and ancestors.get(kind, frozenset()) & shared
            for kind in trial_concepts
        )
    )


def _is_trial_condition(fact: VocabularyFact, trial_concepts: frozenset[str]) -> bool:
    """Whether a disease the note names is the trial's condition or a narrower one."""
    return _names_concept_of(fact.words, trial_concepts) or _under_trial_descriptors(
        fact.descriptor_id, trial_concepts
    )


@functools.lru_cache(maxsize=65_536)
def _under_trial_descriptors(descriptor_id: str, trial_concepts: frozenset[str]) -> bool:
    """Whether a MeSH disease is one of the trial's conditions' own descriptors or lies
    under one (asked of every patient's disease for every exclusion: kept)."""
    return any(
        kind_of(descriptor_id, descriptor)
        for concept in trial_concepts
        for descriptor in criterion_descriptors(concept, "")
    )


@functools.lru_cache(maxsize=65_536)
def _above_trial_descriptors(descriptor_id: str, trial_concepts: frozenset[str]) -> bool:
    """Whether a MeSH disease is broader than one of the trial's conditions' descriptors."""
    return any(
        kind_of(descriptor, descriptor_id) and descriptor != descriptor_id
        for concept in trial_concepts
        for descriptor in criterion_descriptors(concept, "")
    )


@functools.lru_cache(maxsize=65_536)
def _names_concept_of(words: str, concepts: frozenset[str]) -> bool:
    """Whether the lexicon reads ``words`` as one of ``concepts`` or a narrower one."""
    ancestors = load_lexicon().ancestors
    return any(
        ancestors.get(found.concept, frozenset({found.concept})) & concepts
        for found in find_concepts(words)
    )
