"""Train the learned layer (trialfinder.calibrate) on the development half only.

A multinomial logistic regression over the pipeline's features of the pairs a
note does not mention; written as plain numbers to
src/trialfinder/data/judge_model.json. The check half is never read here.
Run: PYTHONPATH=src .venv/bin/python scripts/train_judge_model.py [ANNOTATIONS]

``--cross-validate`` trains nothing: it prints, for each regularisation strength,
how often the rules alone and the rules + the layer agree with the experts when
each development patient in turn is held out (grouped by patient, so a note's
pairs never sit on both sides). That, not the check half, chooses the model.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path

import msgspec
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from trialfinder import (
    LabeledPair,
    PatientFacts,
    PatientProfile,
    evaluate_criteria,
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
CROSS_VALIDATION_STRENGTHS = (0.05, 0.2, 0.5, 1.0, 3.0)


def _fit(
    rows: Sequence[dict[str, float]], targets: Sequence[str], strength: float
) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer(sparse=False)
    model = LogisticRegression(C=strength, max_iter=2000)
    model.fit(vectorizer.fit_transform(rows), targets)
    return vectorizer, model


def _layer_status(
    vectorizer: DictVectorizer, model: LogisticRegression, found: dict[str, float], section: str
) -> str:
    """The layer's answer as ``trialfinder.calibrate`` gives it: never an exclusion met."""
    probabilities = dict(
        zip(model.classes_, model.predict_proba(vectorizer.transform([found]))[0], strict=True)
    )
    if section == "exclusion":
        probabilities.pop("met", None)
    return str(max(probabilities, key=lambda label: probabilities[label]))


def cross_validate(pairs: Sequence[LabeledPair], facts: dict[str, PatientFacts]) -> None:
    """Leave one development patient out: the rules' and the layer's agreement with experts."""
    predictions, _ = evaluate_criteria(pairs)
    rules = {
        str(prediction.annotation_id): expert_status(
            msgspec.structs.replace(pair, expert_eligibility=prediction.eligibility)
        )
        for pair, prediction in zip(pairs, predictions, strict=True)
    }
    found = {str(pair.annotation_id): pair_features(pair, facts[pair.note]) for pair in pairs}
    patients = sorted({pair.patient_id for pair in pairs})
    for strength in CROSS_VALIDATION_STRENGTHS:
        agree_rules = agree_layer = 0
        for held_out in patients:
            train = [
                pair
                for pair in pairs
                if pair.patient_id != held_out
                and found[str(pair.annotation_id)] is not None
                and expert_status(pair) in CLASSES
            ]
            vectorizer, model = _fit(
                [found[str(pair.annotation_id)] or {} for pair in train],
                [str(expert_status(pair)) for pair in train],
                strength,
            )
            for pair in (pair for pair in pairs if pair.patient_id == held_out):
                key = str(pair.annotation_id)
                features = found[key]
                layer = (
                    str(rules[key])
                    if features is None
                    else _layer_status(vectorizer, model, features, pair.criterion_type)
                )
                agree_rules += rules[key] == expert_status(pair)
                agree_layer += layer == str(expert_status(pair))
        print(
            f"C={strength:<5} rules alone {agree_rules / len(pairs):.1%}   "
            f"rules + layer {agree_layer / len(pairs):.1%}   ({len(pairs)} pairs, "
            f"{len(patients)} patients held out in turn)"
        )


def main(path: str = str(ANNOTATIONS), *, validate: bool = False) -> None:
    pairs = [row for row in load_pairs(path) if isinstance(row, LabeledPair)]
    development = patient_halves(pairs)["development"]
    pairs = [pair for pair in pairs if pair.patient_id in development]
    facts = {
        note: extract_facts(PatientProfile(note=note)) for note in {pair.note for pair in pairs}
    }
    if validate:
        cross_validate(pairs, facts)
        return
    rows: list[dict[str, float]] = []
    targets: list[str] = []
    for pair in pairs:
        status = expert_status(pair)
        # The layer chooses between unknown, met and not met; "not applicable" is the judge's.
        if status not in CLASSES:
            continue
        found = pair_features(pair, facts[pair.note])
        if found is not None:
            rows.append(found)
            targets.append(status)
    vectorizer, model = _fit(rows, targets, REGULARISATION)
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
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("annotations", nargs="?", default=str(ANNOTATIONS))
    parser.add_argument("--cross-validate", action="store_true", help="print grouped CV only")
    arguments = parser.parse_args()
    main(arguments.annotations, validate=arguments.cross_validate)
