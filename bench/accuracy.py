"""Criterion-level accuracy on the TrialGPT annotations, overall and on two patient halves.

The halves keep rule development honest: patients sorted by id, even positions
are the development half (errors were read there, and the learned layer is
trained on it), odd positions the check half (only its score was looked at).
So the per-label counts and the confusion matrix are printed for the
development half alone: printed for all pairs, the check half's would follow
by subtraction.
Rules only and rules + the learned layer (trialfinder.calibrate) side by side.

``--validation`` splits the development half once more, by a fixed hash: its
patients ordered by the SHA-256 of their id, even positions are dev-A (read its
errors), odd positions dev-B (aggregates only: the validation a rule fitted to
dev-A must not lower). It prints the development half, dev-A and dev-B, and the
confusion matrix of dev-A alone; it judges the development half only, and adds
the check half (and all pairs) only with ``--check``, to be run once, at the
end. The learned layer is trained on the whole development half, so its dev-B
figure is not a validation: the rules-only one is.

``--classes`` prints, for the development and the check half side by side,
aggregate counts only (never a pair): the rules-only answers by section, the
experts' label and the judge's, then the errors by the class of the judge's
reason (``trialfinder.calibrate.reason_class``, with or without a fact of the
note as evidence) and by whether the parse read anything of the criterion.
Where the halves' shares differ is where the rules fit the development half
and not the class.
Run: PYTHONPATH=src .venv/bin/python bench/accuracy.py [--validation [--check] | --classes] [PATH]
"""

from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from collections.abc import Collection
from pathlib import Path

from trialfinder import (
    LabeledPair,
    PatientFacts,
    PatientProfile,
    evaluate_criteria,
    extract_facts,
    load_pairs,
    patient_halves,
)
from trialfinder.calibrate import reason_class
from trialfinder.evaluate import criterion_from_text, judge_pair, title_concepts
from trialfinder.match import judge

__all__ = ["answer_classes", "main", "validation_halves"]

ANNOTATIONS = (
    Path(__file__).resolve().parents[2] / "shared/data/trialgpt_criterion/"
    "trialgpt_criterion_annotations.json"
)


def validation_halves(development: Collection[str]) -> dict[str, frozenset[str]]:
    """The development half's patients split in two by a fixed hash of their id:
    dev-A (errors read) and dev-B (aggregates only)."""
    ordered = sorted(development, key=lambda patient: hashlib.sha256(patient.encode()).hexdigest())
    return {"dev-A": frozenset(ordered[0::2]), "dev-B": frozenset(ordered[1::2])}


def main(path: str = str(ANNOTATIONS), *, validation: bool = False, check: bool = False) -> None:
    rows = load_pairs(path)
    pairs = [row for row in rows if isinstance(row, LabeledPair)]
    halves = patient_halves(pairs)
    groups: dict[str, frozenset[str]] = dict(halves)
    read = "development"
    if validation:
        groups = {"development": halves["development"]}
        groups.update(validation_halves(halves["development"]))
        read = "dev-A"
        if check:
            groups["check"] = halves["check"]
        else:
            rows = pairs = [pair for pair in pairs if pair.patient_id in halves["development"]]
    scores: dict[str, dict[str, str]] = {}
    studied = [pair for pair in pairs if pair.patient_id in groups[read]]
    for name, calibrated in (("rules only", False), ("rules + model", True)):
        predictions, report = evaluate_criteria(rows, calibrated=calibrated)
        _, studied_report = evaluate_criteria(studied, calibrated=calibrated)
        print(f"== {name}, {read} half only")
        print(studied_report.render())
        print()
        labels = {str(p.annotation_id): p.eligibility for p in predictions}
        scores[name] = {}
        if not validation or check:
            all_row = "all 525 pairs" if len(pairs) == 525 else "all"
            scores[name][all_row] = f"{report.accuracy:.1%}"
        for half, members in groups.items():
            chosen = [pair for pair in pairs if pair.patient_id in members]
            correct = sum(labels[str(p.annotation_id)] == p.expert_eligibility for p in chosen)
            scores[name][f"{half} half"] = f"{correct / len(chosen):.1%} ({correct}/{len(chosen)})"
    print(f"{'':<16}" + "".join(f"{name:>22}" for name in scores))
    for row in scores["rules only"]:
        print(f"{row:<16}" + "".join(f"{scores[name][row]:>22}" for name in scores))


def answer_classes(pair: LabeledPair, patient: PatientFacts) -> tuple[str, str, str]:
    """The rules' label of a pair, the class of the judge's reason (``ev:`` when a fact of the
    note is its evidence, ``noev:`` when none is) and whether the parse read the criterion."""
    criterion = criterion_from_text(pair.criterion_text, pair.criterion_type)
    trial_concepts = title_concepts(pair.trial_title)
    judgement = judge(criterion, patient, trial_concepts, record_is_complete=True)
    label = judge_pair(pair.criterion_text, pair.criterion_type, patient, trial_concepts)
    evidence = "ev" if judgement.evidence else "noev"
    read = "read" if criterion.constraints else "nothing read"
    return label, f"{evidence}:{reason_class(judgement.reason)}", read


def classes(path: str = str(ANNOTATIONS)) -> None:
    """Aggregate counts per half (``--classes``): no pair, note or criterion is printed."""
    pairs = [row for row in load_pairs(path) if isinstance(row, LabeledPair)]
    halves = patient_halves(pairs)
    facts: dict[str, PatientFacts] = {}
    answers: Counter[tuple[str, str]] = Counter()
    errors: Counter[tuple[str, str]] = Counter()
    parsed: Counter[tuple[str, str]] = Counter()
    for pair in pairs:
        patient = facts.get(pair.note)
        if patient is None:
            patient = facts[pair.note] = extract_facts(PatientProfile(note=pair.note))
        half = "development" if pair.patient_id in halves["development"] else "check"
        label, reason, read = answer_classes(pair, patient)
        section = pair.criterion_type[:3]
        answers[half, f"{section} {pair.expert_eligibility} -> {label}"] += 1
        parsed[half, f"{section}, {read}: pairs"] += 1
        parsed[half, f"{section}, {read}: rules right"] += label == pair.expert_eligibility
        if label != pair.expert_eligibility:
            errors[half, f"{section} {pair.expert_eligibility} -> {label} | {reason} | {read}"] += 1
    sizes = {
        half: sum(pair.patient_id in members for pair in pairs) for half, members in halves.items()
    }
    tables = (
        ("answers (expert -> rules)", answers),
        ("errors by class", errors),
        ("criteria the parse read", parsed),
    )
    for title, counts in tables:
        print(f"{title:<78}{'development':>16}{'check':>16}")
        rows = sorted(
            {row for _, row in counts}, key=lambda row: -sum(counts[h, row] for h in sizes)
        )
        for row in rows:
            shares = "".join(
                f"{counts[half, row]:>6} {counts[half, row] / sizes[half]:>7.1%}  "
                for half in ("development", "check")
            )
            print(f"  {row:<76}{shares}")
        print()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ANNOTATIONS))
    parser.add_argument("--validation", action="store_true", help="print dev-A and dev-B")
    parser.add_argument(
        "--check", action="store_true", help="with --validation: the check half too"
    )
    parser.add_argument(
        "--classes", action="store_true", help="aggregate answer and error classes per half"
    )
    arguments = parser.parse_args()
    if arguments.classes:
        classes(arguments.path)
    else:
        main(arguments.path, validation=arguments.validation, check=arguments.check)
