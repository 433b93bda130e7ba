"""The histology a criterion asks of a non-small cell lung cancer, which the note's must meet.

"Have predominantly squamous cell histology for NSCLC", "non-squamous NSCLC", "NSCLC of
adenocarcinoma histology", "large cell NSCLC": the histology narrows the NSCLC the criterion
names, so a patient's NSCLC meets the criterion only when the note's histology is the one
asked. Squamous cell carcinoma on one side, adenocarcinoma and large cell carcinoma on the
other, are NSCLC's histologies that exclude each other (WHO Classification of Tumours,
Thoracic Tumours, 5th ed., IARC 2021; NCI Thesaurus C2926 Non-Small Cell Lung Carcinoma and
its children, public domain); "non-squamous" is any but squamous. A note naming NSCLC with no
histology ("NSCLC stage IV") leaves the histology unknown; one naming two (adenosquamous, or
two histologies in its lung cancer sentences) too. A criterion asking several histologies
("squamous or non-squamous NSCLC", "mixed …") is left to the rest of the judge.
"""

from __future__ import annotations

import functools
import re

from trialfinder.disease_relations import load_disease_relations
from trialfinder.judging.findings import Outcome
from trialfinder.patient import PatientFacts
from trialfinder.vocabulary import load_vocabulary

__all__ = ["asked_histology", "with_histology_asked"]

# The criterion's name of the cancer the histology qualifies.
_NSCLC = re.compile(r"\b(?:nsclc|non[- ]?small[- ]cell lung (?:cancer|carcinoma))\b")
# NSCLC's histologies, as a criterion or a note writes them (the negated one first: its
# words hold "squamous").
_HISTOLOGIES = (
    ("non-squamous", re.compile(r"\bnon[- ]?squamous\b")),
    ("squamous", re.compile(r"\bsquamous\b")),
    ("adenocarcinoma", re.compile(r"\badenocarcinomas?\b")),
    ("large cell", re.compile(r"\blarge[- ]cell\b")),
)
# Words saying the criterion asks more than one histology, or a mixed one.
_SEVERAL = re.compile(r"\b(?:or|either|mixed|adenosquamous|and/or)\b")
_READ_BOTH_WAYS = re.compile(r"\bhistologically (?:and/)?or cytologically\b")
# At most this many words between the histology and the cancer it qualifies.
_NEAR = 5
# Which note histology meets (True) or contradicts (False) which asked one; a pair not
# listed (NSCLC non-squamous against "adenocarcinoma") leaves it unknown.
_MEETS = {
    ("squamous", "squamous"): True,
    ("squamous", "non-squamous"): False,
    ("squamous", "adenocarcinoma"): False,
    ("squamous", "large cell"): False,
    ("non-squamous", "squamous"): False,
    ("non-squamous", "non-squamous"): True,
    ("non-squamous", "adenocarcinoma"): True,
    ("non-squamous", "large cell"): True,
    ("adenocarcinoma", "adenocarcinoma"): True,
    ("adenocarcinoma", "squamous"): False,
    ("adenocarcinoma", "large cell"): False,
    ("large cell", "large cell"): True,
    ("large cell", "squamous"): False,
    ("large cell", "adenocarcinoma"): False,
}
# How a reason writes the note's histology.
_WRITTEN = {
    "squamous": "a squamous cell carcinoma",
    "non-squamous": "a non-squamous NSCLC",
    "adenocarcinoma": "an adenocarcinoma",
    "large cell": "a large cell carcinoma",
}
_LUNG_NEOPLASMS = "D008175"
_NSCLC_DESCRIPTOR = "D002289"


def _histologies(text: str) -> list[tuple[str, int]]:
    """The histologies written in ``text`` and where, the negated one's words read once."""
    found: list[tuple[str, int]] = []
    for name, pattern in _HISTOLOGIES:
        for match in pattern.finditer(text):
            found.append((name, match.start()))
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return found


@functools.lru_cache(maxsize=65_536)
def asked_histology(text: str) -> str | None:
    """The one histology a criterion asks of the NSCLC it names ("squamous" of "Have
    predominantly squamous cell histology for NSCLC"), or None."""
    lowered = _READ_BOTH_WAYS.sub(" ", text.lower())
    cancers = [match.span() for match in _NSCLC.finditer(lowered)]
    if not cancers or _SEVERAL.search(lowered):
        return None
    asked = _histologies(lowered)
    if len({name for name, _ in asked}) != 1:
        return None
    name, at = asked[0]
    near = any(
        len(lowered[min(at, start) : max(at, end)].split()) <= _NEAR + 1 for start, end in cancers
    )
    return name if near else None


def _lung_cancer_sentences(patient: PatientFacts) -> list[str]:
    """The note's sentences naming the patient's lung cancer, not denied."""
    vocabulary = load_vocabulary()
    relations = load_disease_relations()
    sentences = [
        fact.evidence
        for fact in patient.facts
        if fact.concept == "lung_cancer" and not fact.negated
    ]
    for fact in patient.vocabulary_facts:
        if fact.negated:
            continue
        if vocabulary.is_kind_of(fact.descriptor_id, _LUNG_NEOPLASMS) or _NSCLC_DESCRIPTOR in (
            relations.subtypes_of(fact.descriptor_id, fact.words, fact.evidence)
        ):
            sentences.append(fact.evidence)
    return sentences


def with_histology_asked(text: str, patient: PatientFacts, own: Outcome) -> Outcome:
    """``own`` (the criterion's answer from its parsed constraints) with the histology the
    criterion asks of NSCLC checked against the note's: contradicted, the criterion is not
    met; not stated, a met answer is unknown; the same, ``own`` stands."""
    asked = asked_histology(text)
    if asked is None or own[0] not in ("met", "unknown"):
        return own
    sentences = _lung_cancer_sentences(patient)
    if not sentences:
        return own
    stated = {name for sentence in sentences for name, _ in _histologies(sentence.lower())}
    if "adenosquamous" in " ".join(sentences).lower():
        stated.add("mixed")
    meets = _MEETS.get((asked, next(iter(stated)))) if len(stated) == 1 else None
    if meets is True:
        return own
    if meets is False:
        return (
            "not_met",
            sentences[0],
            f"the patient's lung cancer is {_WRITTEN[next(iter(stated))]}; "
            f"the criterion asks {asked} histology",
        )
    if own[0] == "met":
        return (
            "unknown",
            None,
            f"the note does not say the lung cancer is of {asked} histology, "
            "which the criterion asks",
        )
    return own
