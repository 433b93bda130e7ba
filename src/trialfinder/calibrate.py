"""A learned calibration of the judge for criteria a note does not mention.

Hand rules plateau on one question: when a full clinical note says nothing
about a criterion, did the experts read the silence as absence ("not
excluded") or as missing information? They answer "not excluded" for
conditions unrelated to the presentation and "not enough information" for
related conditions and unmeasured labs; an inclusion the note only implies
(a diagnosis described by its signs) they often call "included". A small
logistic regression over features the pipeline computes (criterion kind,
the judge's status, how the criterion's concepts relate to the note's by the
concept hierarchy and MeSH trees, whether its organ system is the note's presentation)
answers that question.

What it decides and what it never overrides:

* it is consulted only for an *unmentioned* criterion: the judge's answer
  rests on no fact of the patient's (no evidence);
* it never touches a criterion the facts settle, so a met exclusion stays
  met and a failed threshold stays failed;
* an exclusion the note is silent about may become ``unknown`` or
  ``not_met``, never ``met``: statistics alone never exclude anyone;
* ``match`` (the product's verdicts) does not use it; ``evaluate`` does.

The weights are data (``data/judge_model.json``: feature names, classes,
coefficients), trained on the development half of the annotated pairs only,
by ``scripts/train_judge_model.py``; no pickled objects are loaded.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Sequence
from importlib import resources
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    Criterion,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    PriorLines,
    SexRequirement,
)
from trialfinder.match import Judgement, Status
from trialfinder.patient import PatientFacts
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "JudgeModel",
    "Overrule",
    "calibrated_status",
    "decide",
    "features",
    "is_unmentioned",
    "load_judge_model",
    "reason_class",
]

# The judge's reason for an unmentioned criterion, by class: which rule answered it tells the
# layer what kind of silence it is (a list nothing matched, a value the note lacks, a
# condition it never names, a question notes rarely answer). First match wins.
_REASON_CLASSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("nothing_applies", re.compile(r"^nothing in the patient's record applies")),
    ("not_computable", re.compile(r"^not computable")),
    ("record_silent", re.compile(r"^the record does not say")),
    ("status_not_given", re.compile(r"status not given")),
    ("no_value", re.compile(r"^no .* value given")),
    ("not_mentioned", re.compile(r"^the note does not mention")),
    ("no_information", re.compile(r"^no information about")),
)
# How the layer may overrule the rules (``JudgeModel.overrule``): "any" status the judge
# gives an unmentioned criterion, only "from_unknown" (a not-met the rules read from a
# complete note stays), or only "to_unknown" (the layer may withhold an answer, never give one).
Overrule = Literal["any", "from_unknown", "to_unknown"]
# MeSH tree numbers: "C14.280.647" — two levels name a branch ("C14.280"), one a category.
_BRANCH_LEVELS = 2
# The MeSH tree categories that name an organ system or a kind of disease (Diseases C01–C26
# but C23, "Pathological Conditions, Signs and Symptoms", which names none; Mental Disorders
# F03): what a coordinator means by "part of the presentation or not".
_ORGAN_SYSTEM = re.compile(r"^(?:C(?:0[1-9]|1\d|2[0-24-6])|F03)")


class JudgeModel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A multinomial logistic regression as plain numbers."""

    version: str
    description: str
    features: list[str]
    classes: list[Status]
    coefficients: list[list[float]]
    intercepts: list[float]
    # When the layer's answer replaces the rules' (chosen by cross-validation on the
    # development half, scripts/train_judge_model.py): which changes it may make, and by how
    # much its probability must exceed that of the rules' status.
    overrule: Overrule = "any"
    margin: float = 0.0

    def probabilities(self, active: dict[str, float]) -> dict[Status, float]:
        index = {name: position for position, name in enumerate(self.features)}
        scores = []
        for row, intercept in zip(self.coefficients, self.intercepts, strict=True):
            score = intercept
            for name, value in active.items():
                position = index.get(name)
                if position is not None:
                    score += row[position] * value
            scores.append(score)
        top = max(scores)
        exps = [math.exp(score - top) for score in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}


@functools.cache
def load_judge_model() -> JudgeModel:
    data = resources.files("trialfinder").joinpath("data/judge_model.json").read_bytes()
    return msgspec.json.decode(data, type=JudgeModel)


def is_unmentioned(judgement: Judgement) -> bool:
    """The judge's answer rests on no patient fact: the note is silent about the criterion."""
    return judgement.evidence is None and judgement.status in ("unknown", "not_met")


def reason_class(reason: str) -> str:
    """The class of the judge's reason (``_REASON_CLASSES``), "other" when none fits."""
    for name, pattern in _REASON_CLASSES:
        if pattern.search(reason):
            return name
    return "other"


def _kind(constraint: Constraint) -> str:
    if isinstance(constraint, Measurement):
        return "age" if constraint.analyte == "age" else "lab"
    if isinstance(constraint, SexRequirement):
        return "sex"
    if isinstance(constraint, Pregnancy):
        return "pregnancy"
    if isinstance(constraint, HealthyVolunteers):
        return "healthy"
    if isinstance(constraint, PriorLines):
        return "prior_lines"
    return constraint.category


def _lexicon_relation(constraints: Sequence[Constraint], patient: PatientFacts) -> str | None:
    """'same' when the patient has a criterion concept's narrower or broader concept;
    'sibling' when they share a parent in the concept hierarchy."""
    ancestors = load_lexicon().ancestors
    mine = {f.concept for f in patient.facts if f.concept and not f.negated}
    relation: str | None = None
    for constraint in constraints:
        if not isinstance(constraint, ConceptMention):
            continue
        wanted = ancestors.get(constraint.concept, frozenset({constraint.concept}))
        for concept in mine:
            have = ancestors.get(concept, frozenset({concept}))
            if constraint.concept in have or concept in wanted:
                return "same"
            if (wanted - {constraint.concept}) & (have - {concept}):
                relation = "sibling"
    return relation


@functools.cache
def _tree_numbers(text: str) -> frozenset[str]:
    vocabulary = load_vocabulary()
    return frozenset(
        number
        for mention in vocabulary.find_mentions(text)
        for reading in mention.readings[:1]
        for number in reading.concept.tree_numbers
    )


def _mesh_relation(criterion_text: str, note_sentences: Sequence[str]) -> str | None:
    """How the criterion's MeSH terms sit in the trees next to the note's."""
    wanted = _tree_numbers(criterion_text)
    if not wanted:
        return None
    have = frozenset().union(*(_tree_numbers(sentence) for sentence in note_sentences))
    if any(h.startswith(w) or w.startswith(h) for w in wanted for h in have):
        return "lineage"
    branches = {".".join(n.split(".")[:_BRANCH_LEVELS]) for n in have}
    if any(".".join(w.split(".")[:_BRANCH_LEVELS]) in branches for w in wanted if "." in w):
        return "branch"
    categories = {n[:3] for n in have}
    return "category" if any(w[:3] in categories for w in wanted) else "unrelated"


def _organ_systems(text: str) -> set[str]:
    return {number[:3] for number in _tree_numbers(text) if _ORGAN_SYSTEM.match(number)}


def _organ_system(criterion_text: str, note_sentences: Sequence[str]) -> str | None:
    """Whether the criterion's organ system is the note's presentation: "presenting" when it
    is one the note's sentences name most often, "named" when the note names it less,
    "outside" when the note names other systems only, "note_none" when it names none (None
    when the criterion names no organ system). The note's side of the experts' convention:
    silence about the presenting system is missing information, about another is absence."""
    wanted = _organ_systems(criterion_text)
    if not wanted:
        return None
    counts = Counter(system for sentence in note_sentences for system in _organ_systems(sentence))
    if not counts:
        return "note_none"
    most = max(counts.values())
    if wanted & {system for system, count in counts.items() if count == most}:
        return "presenting"
    return "named" if wanted & counts.keys() else "outside"


def features(
    criterion: Criterion,
    judgement: Judgement,
    patient: PatientFacts,
    note_sentences: Sequence[str],
    trial_concepts: frozenset[str],
) -> dict[str, float]:
    """The pipeline's view of one (criterion, patient) pair, each crossed with its section.

    Only classes: the judge's status and the class of its reason, the kinds the parse read,
    a time window, and how the criterion's conditions sit beside the note's (the concept
    hierarchy, the MeSH trees, the trial's own condition, a possible diagnosis), and one
    class of the note's: whether the criterion's organ system is the one the note presents
    with (:func:`_organ_system`). Other classes of the note (whether it reports laboratory
    values at all or of the criterion's kind, a full history against an admission note, a
    child or a woman who may be pregnant) did not raise out-of-fold agreement
    (bench/RESULTS_accuracy.md, thirty-first session). A criterion's details (its length, a
    stage, TNM, a negation, several concepts, whether the parse read every word) fitted the
    development half's pairs and not the class: in patient-grouped cross-validation they
    lowered the layer's out-of-fold agreement (bench/RESULTS_accuracy.md, twenty-third
    session).
    """
    kinds = {_kind(c) for c in criterion.constraints}
    names: list[str] = [f"status={judgement.status}"]
    names.extend(f"kind={kind}" for kind in sorted(kinds))
    if not criterion.constraints:
        names.append("kind=none")
    concepts = [c for c in criterion.constraints if isinstance(c, ConceptMention)]
    if any(c.window is not None for c in concepts):
        names.append("time_window")
    names.append(f"reason={reason_class(judgement.reason)}")
    if any(patient.possible_concept(c.concept) for c in concepts):
        names.append("possible_in_note")
    if any(c.concept in trial_concepts for c in concepts):
        names.append("trial_condition")
    lexicon_relation = _lexicon_relation(criterion.constraints, patient)
    if lexicon_relation:
        names.append(f"concept={lexicon_relation}")
    mesh_relation = _mesh_relation(criterion.text, note_sentences)
    if mesh_relation:
        names.append(f"mesh={mesh_relation}")
    organ_system = _organ_system(
        criterion.text, list(dict.fromkeys([*note_sentences, *patient.unread_sentences]))
    )
    if organ_system:
        names.append(f"organ={organ_system}")
    section = criterion.section
    return {f"{section}:{name}": 1.0 for name in names}


def decide(
    probabilities: dict[Status, float],
    rules_status: Status,
    section: str,
    overrule: Overrule = "any",
    margin: float = 0.0,
) -> Status:
    """The layer's answer given its probabilities, or the rules' where it may not overrule.

    An exclusion is never made ``met``; a change needs ``margin`` more probability than
    the rules' status has; ``overrule`` limits which changes are allowed at all.
    """
    candidates = dict(probabilities)
    if section == "exclusion":
        candidates.pop("met", None)
    best = max(candidates, key=lambda label: candidates[label])
    if best == rules_status:
        return best
    if overrule == "from_unknown" and rules_status != "unknown":
        return rules_status
    if overrule == "to_unknown" and best != "unknown":
        return rules_status
    if candidates[best] - candidates.get(rules_status, 0.0) < margin:
        return rules_status
    return best


def calibrated_status(
    criterion: Criterion,
    judgement: Judgement,
    patient: PatientFacts,
    note_sentences: Sequence[str],
    trial_concepts: frozenset[str] = frozenset(),
    model: JudgeModel | None = None,
) -> Status:
    """The judge's status, or for an unmentioned criterion the model's answer (:func:`decide`).

    An exclusion is never turned into ``met`` by the model.
    """
    if not is_unmentioned(judgement):
        return judgement.status
    model = model or load_judge_model()
    active = features(criterion, judgement, patient, note_sentences, trial_concepts)
    probabilities = model.probabilities(active)
    return decide(probabilities, judgement.status, criterion.section, model.overrule, model.margin)
