"""Measurement extraction (comparator + number + unit) on Chia and LCT, by fixed half.

Documents are split once by the CRC-32 of their NCT id (``extraction_portion``):
errors are read on the development half only; the check half is only scored.
Run: PYTHONPATH=src .venv/bin/python bench/extraction.py [CHIA_DIR LCT_DIR]

After the scores, each corpus's gold values, misses and false positives (extracted values no
gold value matches) by class, for all documents and each half: the unit's dimension, how the
comparator is written, how the number is written, where the unit stands. The check half's
class counts are aggregates, to read; its lines are never read.
"""

from __future__ import annotations

import sys

from trialfinder import ExtractionReport, evaluate_chia, evaluate_lct

__all__ = ["main"]

CHIA = "../shared/data/chia/chia_without_scope"
LCT = "../shared/data/lct/leaf_clinical_trials"


def _line(corpus: str, portion: str, report: ExtractionReport) -> str:
    """Comparator + number + unit: precision, recall over all gold values and over those
    written with a number (Chia also annotates "positive", "normal" as values); for Chia,
    also the recall that counts the results written as a word which the parse reads."""
    correct, predicted = report.all_correct, report.predicted
    precision = correct / predicted if predicted else 0.0
    recall = correct / report.gold if report.gold else 0.0
    numeric = correct / report.gold_with_number if report.gold_with_number else 0.0
    line = (
        f"{corpus:<18} {portion:<12} gold {report.gold:>5} ({report.gold_with_number:>5} with "
        f"a number)  extracted {predicted:>5}  P {precision:.1%}  R {recall:.1%}  "
        f"R(with a number) {numeric:.1%}"
    )
    if not report.gold_results:
        return line
    # Chia's results written as a word, read as the concept with its polarity: a second
    # recall beside the first (comparator + number + unit only), never in its place.
    with_results = (correct + report.results_read) / report.gold if report.gold else 0.0
    return (
        f"{line}  results as words {report.results_read}/{report.gold_results}  "
        f"R(with results) {with_results:.1%}"
    )


def _classes(corpus: str, reports: dict[str, ExtractionReport]) -> list[str]:
    """Per class of value (``trialfinder.evaluate.value_classes``): gold values, misses and
    unmatched extracted values (false positives) in each half, aggregates only."""
    halves = list(reports)
    header = "".join(f"  {half:>27}" for half in halves)
    lines = [f"{corpus}: gold / missed / false positives by class{header}"]
    names = sorted({name for report in reports.values() for name in report.classes})
    for name in names:
        cells = "".join(
            "  {:>7} {:>7} {:>11}".format(*reports[half].classes.get(name, (0, 0, 0)))
            for half in halves
        )
        lines.append(f"  {name:<58}{cells}")
    return lines


def main(chia: str = CHIA, lct: str = LCT) -> None:
    by_corpus: dict[str, dict[str, ExtractionReport]] = {}
    for portion in (None, "development", "check"):
        name = portion or "all"
        chia_report = evaluate_chia(chia, portion)
        print(_line("Chia", name, chia_report))
        lct_report = evaluate_lct(lct, portion)
        for corpus, report in (
            ("Chia", chia_report),
            ("LCT measurements", lct_report.measurements),
            ("LCT ages", lct_report.age),
        ):
            if corpus != "Chia":
                print(_line(corpus, name, report))
            by_corpus.setdefault(corpus, {})[name] = report
    for corpus, reports in by_corpus.items():
        print()
        print("\n".join(_classes(corpus, reports)))


if __name__ == "__main__":
    main(*sys.argv[1:])
