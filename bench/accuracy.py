"""Criterion-level accuracy on the TrialGPT annotations, overall and on two patient halves.

The halves keep rule development honest: patients sorted by id, even positions
are the development half (errors were read there), odd positions the check
half (only its score was looked at). Run: .venv/bin/python bench/accuracy.py
"""

from __future__ import annotations

import sys

from trialfinder import LabeledPair, evaluate_criteria, load_pairs

__all__ = ["main"]

ANNOTATIONS = "/work/shared/data/trialgpt_criterion/trialgpt_criterion_annotations.json"


def main(path: str = ANNOTATIONS) -> None:
    rows = load_pairs(path)
    predictions, report = evaluate_criteria(rows)
    pairs = [row for row in rows if isinstance(row, LabeledPair)]
    print(report.render())
    labels = {str(p.annotation_id): p.eligibility for p in predictions}
    patients = sorted({pair.patient_id for pair in pairs})
    halves = {"development": set(patients[0::2]), "check": set(patients[1::2])}
    print()
    for name, members in halves.items():
        chosen = [pair for pair in pairs if pair.patient_id in members]
        correct = sum(labels[str(pair.annotation_id)] == pair.expert_eligibility for pair in chosen)
        share = correct / len(chosen)
        print(f"{name} half: {len(members)} patients, {share:.1%} ({correct}/{len(chosen)})")


if __name__ == "__main__":
    main(*sys.argv[1:])
