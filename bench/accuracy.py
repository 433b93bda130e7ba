"""Criterion-level accuracy on the TrialGPT annotations, overall and on two patient halves.

The halves keep rule development honest: patients sorted by id, even positions
are the development half (errors were read there, and the learned layer is
trained on it), odd positions the check half (only its score was looked at).
So the per-label counts and the confusion matrix are printed for the
development half alone: printed for all pairs, the check half's would follow
by subtraction.
Rules only and rules + the learned layer (trialfinder.calibrate) side by side.
Run: PYTHONPATH=src .venv/bin/python bench/accuracy.py
"""

from __future__ import annotations

import sys
from pathlib import Path

from trialfinder import LabeledPair, evaluate_criteria, load_pairs, patient_halves

__all__ = ["main"]

ANNOTATIONS = (
    Path(__file__).resolve().parents[2] / "shared/data/trialgpt_criterion/"
    "trialgpt_criterion_annotations.json"
)


def main(path: str = str(ANNOTATIONS)) -> None:
    rows = load_pairs(path)
    pairs = [row for row in rows if isinstance(row, LabeledPair)]
    halves = patient_halves(pairs)
    scores: dict[str, dict[str, str]] = {}
    development = [pair for pair in pairs if pair.patient_id in halves["development"]]
    for name, calibrated in (("rules only", False), ("rules + model", True)):
        predictions, report = evaluate_criteria(rows, calibrated=calibrated)
        _, development_report = evaluate_criteria(development, calibrated=calibrated)
        print(f"== {name}, development half only")
        print(development_report.render())
        print()
        labels = {str(p.annotation_id): p.eligibility for p in predictions}
        scores[name] = {"all 525 pairs" if len(pairs) == 525 else "all": f"{report.accuracy:.1%}"}
        for half, members in halves.items():
            chosen = [pair for pair in pairs if pair.patient_id in members]
            correct = sum(labels[str(p.annotation_id)] == p.expert_eligibility for p in chosen)
            scores[name][f"{half} half"] = f"{correct / len(chosen):.1%} ({correct}/{len(chosen)})"
    print(f"{'':<16}" + "".join(f"{name:>22}" for name in scores))
    for row in scores["rules only"]:
        print(f"{row:<16}" + "".join(f"{scores[name][row]:>22}" for name in scores))


if __name__ == "__main__":
    main(*sys.argv[1:])
