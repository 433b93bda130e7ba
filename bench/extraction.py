"""Measurement extraction (comparator + number + unit) on Chia and LCT, by fixed half.

Documents are split once by the CRC-32 of their NCT id (``extraction_portion``):
errors are read on the development half only; the check half is only scored.
Run: PYTHONPATH=src .venv/bin/python bench/extraction.py [CHIA_DIR LCT_DIR]
"""

from __future__ import annotations

import sys

from trialfinder import evaluate_chia, evaluate_lct

__all__ = ["main"]

CHIA = "../shared/data/chia/chia_without_scope"
LCT = "../shared/data/lct/leaf_clinical_trials"


def _line(corpus: str, portion: str, gold: int, predicted: int, correct: int) -> str:
    precision = correct / predicted if predicted else 0.0
    recall = correct / gold if gold else 0.0
    return (
        f"{corpus:<18} {portion:<12} gold {gold:>5}  extracted {predicted:>5}  "
        f"P {precision:.1%}  R {recall:.1%}"
    )


def main(chia: str = CHIA, lct: str = LCT) -> None:
    for portion in (None, "development", "check"):
        name = portion or "all"
        chia_report = evaluate_chia(chia, portion)
        print(_line("Chia", name, chia_report.gold, chia_report.predicted, chia_report.all_correct))
        lct_report = evaluate_lct(lct, portion)
        for corpus, report in (
            ("LCT measurements", lct_report.measurements),
            ("LCT ages", lct_report.age),
        ):
            print(_line(corpus, name, report.gold, report.predicted, report.all_correct))


if __name__ == "__main__":
    main(*sys.argv[1:])
