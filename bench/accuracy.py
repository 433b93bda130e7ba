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
Run: PYTHONPATH=src .venv/bin/python bench/accuracy.py [--validation [--check]] [PATH]
"""

from __future__ import annotations

import argparse
import hashlib
from collections.abc import Collection
from pathlib import Path

from trialfinder import LabeledPair, evaluate_criteria, load_pairs, patient_halves

__all__ = ["main", "validation_halves"]

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


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ANNOTATIONS))
    parser.add_argument("--validation", action="store_true", help="print dev-A and dev-B")
    parser.add_argument(
        "--check", action="store_true", help="with --validation: the check half too"
    )
    arguments = parser.parse_args()
    main(arguments.path, validation=arguments.validation, check=arguments.check)
