"""Issue 12: the learned layer's shipped weights are what the training script makes of the data.

``src/trialfinder/data/judge_model.json`` is rebuilt by ``scripts/train_judge_model.py`` from the
development half of the TrialGPT annotations (../shared/data/trialgpt_criterion) and today's
rules; a rule change that moves the layer's training rows leaves the shipped weights stale
until the script is run again. Training needs the ``train`` extra (scikit-learn); the package
itself never imports it.
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from conftest import shared_path

REPOSITORY = Path(__file__).resolve().parents[1]
ANNOTATIONS = "data/trialgpt_criterion/trialgpt_criterion_annotations.json"


def _training_script() -> ModuleType:
    """scripts/train_judge_model.py, imported as it runs (its folder first on the path)."""
    sys.path.insert(0, str(REPOSITORY / "scripts"))
    try:
        return importlib.import_module("train_judge_model")
    finally:
        sys.path.remove(str(REPOSITORY / "scripts"))


def test_the_training_script_reproduces_the_shipped_weights() -> None:
    pytest.importorskip("sklearn")
    trained = _training_script().train(str(shared_path(ANNOTATIONS)))
    shipped = json.loads(
        (REPOSITORY / "src/trialfinder/data/judge_model.json").read_text(encoding="utf-8")
    )
    assert trained == shipped


def test_the_package_applies_the_layer_without_the_training_library() -> None:
    # A fresh interpreter: judging a TrialGPT pair with the layer loads the weights as plain
    # numbers and leaves scikit-learn unimported.
    program = (
        "import sys\n"
        "from trialfinder import PatientProfile, extract_facts\n"
        "from trialfinder.evaluate import judge_pair\n"
        "patient = extract_facts(PatientProfile(note='A 60-year-old man with hypertension.'))\n"
        "print(judge_pair('Active tuberculosis', 'exclusion', patient, calibrated=True))\n"
        "print('sklearn' in sys.modules)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert ran.stdout.split("\n")[:2] == ["not excluded", "False"]
