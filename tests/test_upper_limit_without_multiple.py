"""The upper limit of normal written with no multiple ("Serum creatinine above ULN", "total
bilirubin less than upper limit of normal (ULN)") is a value of once the limit, in the parse
and in both extraction golds (issue 12; Chia and LCT development halves)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import shared_path
from trialfinder.criteria.parse import analyse_text
from trialfinder.evaluate import _read_ann, _read_lct, evaluate_chia, extraction_portion

CHIA = "data/chia/chia_without_scope"
LCT = "data/lct/leaf_clinical_trials"


def _line_of(document: str, written: str) -> str:
    assert extraction_portion(document) == "development"
    text = (shared_path(CHIA) / f"{document}.txt").read_bytes().decode("utf-8")
    return next(line for line in text.splitlines() if written in line)


def _read(line: str) -> list[tuple[str, str, float, str | None]]:
    return [
        (m.analyte, m.comparator, m.value, m.unit) for m, _, _ in analyse_text(line).measurements
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("8. Creatine kinase above ULN", ("creatine_kinase", ">", 1.0, "ULN")),
        ("9. Serum creatinine above ULN", ("creatinine", ">", 1.0, "ULN")),
        ("History of AP above ULN for at least six months", ("alp", ">", 1.0, "ULN")),
        (
            "total bilirubin less than upper limit of normal (ULN)",
            ("total_bilirubin", "<", 1.0, "ULN"),
        ),
        ("Bilirubin ≤ institutional upper limit of normal", ("total_bilirubin", "<=", 1.0, "ULN")),
        (
            "Subjects who creatinine value is more than two times of the upper limit of the normal "
            "range at screening test",
            ("creatinine", ">", 2.0, "ULN"),
        ),
    ],
)
def test_a_limit_a_comparator_bounds_with_no_multiple_is_once_the_limit(
    written: str, expected: tuple[str, str, float, str | None]
) -> None:
    assert _read(written) == [expected]


def test_a_multiple_s_own_limit_is_not_read_twice() -> None:
    line = "AST and ALT ≤ 2.5 x ULN (≤ 5 x ULN with liver metastases) and bilirubin ≤ ULN"
    read = _read(line)
    assert ("total_bilirubin", "<=", 1.0, "ULN") in read
    assert not any(value == 1.0 for analyte, _, value, _ in read if analyte in ("ast", "alt"))


def test_a_limit_with_a_multiple_in_words_before_it_is_not_the_limit_alone() -> None:
    # "aminotransferase levels two times or more above the local upper limit of normal range"
    # (NCT02596555, development half): twice the limit, not once; nothing is read rather
    # than "> 1 x ULN", and the gold reads no limit alone either.
    line = _line_of("NCT02596555_exc", "two times or more above")
    assert not any(m.unit == "ULN" for m, _, _ in analyse_text(line).measurements)
    assert not any(
        m.unit == "ULN" for m, _, _ in analyse_text("ALT 2-fold above the upper limit").measurements
    )
    ann = shared_path(CHIA) / "NCT02596555_exc.ann"
    assert all(g.number != 1.0 or g.unit != "ULN" for g in _read_ann(ann))


def test_a_limit_with_no_comparator_is_no_value() -> None:
    # "ULN of the local lab": a limit named, not bounded.
    assert not any(m.unit == "ULN" for m, _, _ in analyse_text("ULN of the local lab").measurements)


def test_the_chia_gold_reads_a_limit_with_no_multiple(tmp_path: Path) -> None:
    # "8. Creatine kinase above ULN", "9. Serum creatinine above ULN" (NCT02609048, development
    # half): annotated Values with no number the gold read as none, which nothing could match.
    for path in shared_path(CHIA).glob("NCT02609048_exc.*"):
        assert extraction_portion(path.name) == "development"
        shutil.copy(path, tmp_path / path.name)
    gold = [(g.comparator, g.number, g.unit) for g in _read_ann(tmp_path / "NCT02609048_exc.ann")]
    assert gold.count((">", 1.0, "ULN")) == 2
    report = evaluate_chia(tmp_path)
    assert report.all_correct == report.gold == 5


def test_the_lct_gold_reads_a_limit_with_no_multiple() -> None:
    # "activated partial thromboplastin time greater than the upper limit of normal" (LCT
    # NCT03925298, development half): a comparison with a unit and no number, left out before.
    ann = next(shared_path(LCT).rglob("NCT03925298.ann"))
    assert extraction_portion(ann.name) == "development"
    document = ann.with_suffix(".txt").read_bytes().decode("utf-8")
    gold = [(g.comparator, g.number, g.unit) for g in _read_lct(ann, document)[0]]
    assert (">", 1.0, "ULN") in gold
