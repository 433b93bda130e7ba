"""An inclusion asking for one class of cancer (a solid tumour, a haematological
malignancy: ``cancer_classes`` in ``data/disease_relations.json``), against the cancers the
note names: met by one MeSH alone reads and files under the class (a malignant mesothelioma,
a Merkel cell carcinoma), not met when every cancer the note names lies in another class (an
acute myeloid leukaemia is no solid tumour), unknown when the note hints at another.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.disease_relations import CancerClass, load_cancer_classes, load_disease_relations
from trialfinder.judging.concept_names import concept_name
from trialfinder.judging.criterion_words import malignancy_concepts, mention_span
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts, phrase_pattern
from trialfinder.vocabulary import load_vocabulary, normalize_phrase

__all__ = ["of_a_cancer_class"]


def of_a_cancer_class(
    constraint: Constraint, finding: Finding, patient: PatientFacts, criterion_text: str
) -> Finding:
    """An inclusion asking for one class of cancer (a solid tumour, a haematological
    malignancy: ``cancer_classes`` in ``data/disease_relations.json``). Met by a cancer the
    note names that MeSH alone reads and files under the class (a malignant mesothelioma, a
    seminoma, a Merkel cell carcinoma: the lexicon names no such cancer). Not met when every
    cancer the note names lies in another class, by the cancer the note names (an acute
    myeloid leukaemia is no solid tumour). Still unknown when the note hints at another
    tumour: a cancer of no class or a possible one, or one of the class's hint words ("lung
    mass", "blasts") in a sentence about none of the cancers it names, or after a semicolon
    in one that does."""
    if finding.truth != "unknown" or not isinstance(constraint, ConceptMention):
        return finding
    classes = load_cancer_classes()
    wanted = next((k for k in classes if k.concept == constraint.concept), None)
    if wanted is None or constraint.negated or not _asks_the_class(criterion_text, constraint):
        return finding
    if constraint.stage is None and constraint.window is None:
        read = next(
            (
                m
                for m in patient.vocabulary_facts
                if not m.negated
                and _is_a_neoplasm(m.descriptor_id)
                and _mesh_class(m.descriptor_id, m.words) is wanted
            ),
            None,
        )
        if read is not None:
            return Finding("true", read.evidence, f"the patient has {read.words}, {wanted.written}")
    named = _only_cancers_of_another_class(wanted, patient)
    if named is None:
        return finding
    evidence, has, other = named
    return Finding(
        "false",
        evidence,
        f"the patient's cancer is {has}, {other.written}, not {wanted.written}; "
        "the note names no other tumour",
    )


def _only_cancers_of_another_class(
    wanted: CancerClass, patient: PatientFacts
) -> tuple[str, str, CancerClass] | None:
    """The sentence of the first cancer the note names, its name and its class, when every
    cancer the note names (by the lexicon or by MeSH) lies in a class other than ``wanted``
    and nothing else in the note hints at a tumour; else None."""
    lexicon = load_lexicon()
    others = [k for k in load_cancer_classes() if k is not wanted]
    by_mesh: dict[str, tuple[str, CancerClass | None]] = {}
    for mesh in patient.vocabulary_facts:
        if not mesh.negated and _is_a_neoplasm(mesh.descriptor_id):
            kind = _mesh_class(mesh.descriptor_id, mesh.words)
            if mesh.evidence not in by_mesh or by_mesh[mesh.evidence][1] is None:
                by_mesh[mesh.evidence] = (mesh.words, kind)
    found: dict[str, tuple[str, CancerClass]] = {}
    for fact in patient.facts:
        if fact.negated or fact.concept not in malignancy_concepts():
            continue
        above = lexicon.ancestors.get(fact.concept, frozenset())
        kind = next((k for k in others if k.concept in above), None)
        has = concept_name("", lexicon.concepts.get(fact.concept)).lower()
        if kind is None and fact.concept == "cancer" and fact.evidence in by_mesh:
            has, kind = by_mesh[fact.evidence]  # "malignant mesothelioma": MeSH says which
        if kind is None or kind is wanted or fact.uncertain:
            return None  # a cancer of the class asked, of no class, or a possible one
        found.setdefault(fact.evidence, (has, kind))
    for evidence, (words, kind) in by_mesh.items():
        if evidence in found:
            continue
        if kind is None or kind is wanted:
            return None  # a tumour MeSH alone reads, of no other class
        found[evidence] = (words, kind)
    if not found:
        return None
    hints = _hint_pattern(tuple(sorted(wanted.hint_words)))
    sentences = {
        *(f.evidence for f in patient.facts if not f.negated),
        *(f.evidence for f in patient.vocabulary_facts if not f.negated),
        *patient.unread_sentences,
        *patient.state_evidence,
        *patient.extent_evidence,
    }
    # A sentence naming the cancer speaks of it ("myeloma with lytic bone lesions"), up to a
    # semicolon: "DLBCL in remission; new liver lesions on CT" may be another tumour.
    if any(hints.search(s.partition(";")[2] if s in found else s) for s in sentences):
        return None
    evidence, (has, kind) = next(iter(found.items()))
    return evidence, has, kind


@functools.lru_cache(maxsize=4096)
def _is_a_neoplasm(descriptor_id: str) -> bool:
    return load_vocabulary().is_a(descriptor_id, _NEOPLASMS)


@functools.lru_cache(maxsize=4096)
def _mesh_class(descriptor_id: str, words: str) -> CancerClass | None:
    """The class of cancer (``cancer_classes``) a disease MeSH reads lies under by the
    class's descriptors, if exactly one and it is no benign tumour (a word such as "malignant"
    says it is none: MeSH files Mesothelioma under Adenoma too)."""
    relations = load_disease_relations()
    said_malignant = not relations.malignant_words.isdisjoint(normalize_phrase(words).split())
    if not said_malignant and relations.is_benign(descriptor_id, words):
        return None
    vocabulary = load_vocabulary()
    kinds = [
        kind
        for kind in load_cancer_classes()
        if any(vocabulary.is_a(descriptor_id, heading.descriptor) for heading in kind.mesh)
    ]
    return kinds[0] if len(kinds) == 1 else None


_NEOPLASMS = "D009369"


# Words before and after a class of cancer that make it say whom the criterion is for:
# "solid tumor patients must have received two lines", "RECIST for solid tumors", "Cohort A:
# solid tumors that are HER2 3+", "patients with solid tumours must have measurable disease".
_FOR_WHOM_BEFORE, _FOR_WHOM_AFTER = (
    re.compile(pattern, re.I)
    for pattern in (
        r"\b(?:for|per)\s+(?:[\w/-]+\s+){0,2}$|\b(?:cohorts?|arms?|parts?|groups?)\b",
        r"^\s*(?:patients?|participants?|subjects?|cohorts?|arms?|only)\b"
        r"|^\s*(?:[\w/-]+\s+){0,3}(?:must|should|needs?|required|requires?)\b",
    )
)


def _asks_the_class(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a criterion asks the patient to have the class of cancer it names, rather than
    saying which patients the rest of it is for (``_FOR_WHOM_BEFORE``, ``_FOR_WHOM_AFTER``)."""
    span = mention_span(criterion_text, constraint.text)
    # A heading ending in a colon ("For the Dose-escalation and MTD Expansion Cohorts:") says
    # whom the criterion after it is for; that criterion still asks for the class.
    heading_end = criterion_text.rfind(":", 0, span[0]) + 1 if span is not None else 0
    return (
        span is not None
        and _FOR_WHOM_BEFORE.search(criterion_text, heading_end, span[0]) is None
        and _FOR_WHOM_AFTER.search(criterion_text[span[1] :]) is None
    )


@functools.cache
def _hint_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return phrase_pattern(words)
