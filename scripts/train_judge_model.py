"""Train the learned layer (trialfinder.calibrate) on the development half only.

A multinomial logistic regression over the pipeline's features of the pairs a
note does not mention; written as plain numbers to
src/trialfinder/data/judge_model.json. The check half is never read here.
Run: PYTHONPATH=src .venv/bin/python scripts/train_judge_model.py [ANNOTATIONS]
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from trialfinder import (
    LabeledPair,
    PatientProfile,
    expert_status,
    extract_facts,
    load_pairs,
    pair_features,
    patient_halves,
)

__all__ = ["main"]

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT.parent / "shared/data/trialgpt_criterion/trialgpt_criterion_annotations.json"
OUTPUT = ROOT / "src/trialfinder/data/judge_model.json"
# Strong regularisation: ~150 training pairs, a few dozen features.
REGULARISATION = 0.5
CLASSES = ("met", "not_met", "unknown")


def main(path: str = str(ANNOTATIONS)) -> None:
    pairs = [row for row in load_pairs(path) if isinstance(row, LabeledPair)]
    development = patient_halves(pairs)["development"]
    rows: list[dict[str, float]] = []
    targets: list[str] = []
    facts_by_note = {}
    for pair in pairs:
        status = expert_status(pair)
        # The layer chooses between unknown, met and not met; "not applicable" is the judge's.
        if pair.patient_id not in development or status not in CLASSES:
            continue
        if pair.note not in facts_by_note:
            facts_by_note[pair.note] = extract_facts(PatientProfile(note=pair.note))
        found = pair_features(pair, facts_by_note[pair.note])
        if found is not None:
            rows.append(found)
            targets.append(status)
    vectorizer = DictVectorizer(sparse=False)
    matrix = vectorizer.fit_transform(rows)
    model = LogisticRegression(C=REGULARISATION, max_iter=2000)
    model.fit(matrix, targets)
    names = list(vectorizer.get_feature_names_out())
    document = {
        "version": "1",
        "description": (
            "Logistic regression calibrating the judge for criteria a note does not mention "
            f"(trained by scripts/train_judge_model.py on {len(rows)} development-half pairs, "
            f"C={REGULARISATION}). See trialfinder.calibrate."
        ),
        "features": names,
        "classes": [str(label) for label in model.classes_],
        "coefficients": [[round(float(v), 4) for v in row] for row in model.coef_],
        "intercepts": [round(float(v), 4) for v in model.intercept_],
    }
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"trained on {len(rows)} pairs, {len(names)} features, classes {document['classes']}")


if __name__ == "__main__":
    main(*sys.argv[1:])
