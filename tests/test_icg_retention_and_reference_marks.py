"""The ICG retention rate at 15 minutes, which liver-resection trials bound (issue 12, Chia
development half), and a reference's number glued to a percentage ("30%(12)"), which is no
value of the quantity before it."""

from __future__ import annotations

import pytest

from conftest import shared_path
from trialfinder.criteria.parse import analyse_text
from trialfinder.evaluate import extraction_portion

CHIA = "data/chia/chia_without_scope"


def _line(document: str, written: str) -> str:
    assert extraction_portion(document) == "development"
    text = (shared_path(CHIA) / f"{document}.txt").read_bytes().decode("utf-8")
    return next(line for line in text.splitlines() if written in line)


def _read(line: str) -> list[tuple[str, str, float, str | None]]:
    return [
        (m.analyte, m.comparator, m.value, m.unit) for m, _, _ in analyse_text(line).measurements
    ]


def test_an_icg_retention_threshold_is_read_and_its_reference_number_is_not() -> None:
    line = _line("NCT02321202_exc", "indocyanine green retention rate at 15min (ICGR15)")
    read = _read(line)
    assert ("icg_r15", ">", 30.0, "percent") in read
    assert [r for r in read if r[0] == "icg_r15"] == [("icg_r15", ">", 30.0, "percent")]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ICG-R15 < 20%", [("icg_r15", "<", 20.0, "percent")]),
        (
            "indocyanine green retention rate at 15 minutes (ICG-R15) ≤ 10%",
            [("icg_r15", "<=", 10.0, "percent")],
        ),
    ],
)
def test_icg_retention_rate_spellings(
    written: str, expected: list[tuple[str, str, float, str | None]]
) -> None:
    assert _read(written) == expected
