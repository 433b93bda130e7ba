"""ECG intervals and heart sizes a criterion names (issue 12, Chia development half): the QRS
duration and the PR (PQ) interval are quantities of their own, not the QTc a list of intervals
named before them; the septum's thickness and the left atrium's diameters are read in the
order a criterion writes their words."""

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


def test_a_pq_interval_listed_after_the_qtc_is_a_pr_interval() -> None:
    line = _line("NCT01803438_inc", "PQ - interval = 210 ms")
    read = _read(line)
    assert ("qtc", "<", 440.0, "ms") in read
    assert ("pr_interval", "=", 210.0, "ms") in read
    assert ("qtc", "=", 210.0, "ms") not in read


def test_septum_thickness_and_left_atrium_diameters_in_the_order_written() -> None:
    line = _line("NCT01803438_inc", "thickness of the inter-ventricular septum =12 mm")
    read = _read(line)
    assert ("septal_thickness", "=", 12.0, "mm") in read
    assert ("left_atrial_diameter", "<", 46.0, "mm") in read
    assert ("septal_thickness", "<", 46.0, "mm") not in read


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("QRS duration ≥ 150 ms", ("qrs_duration", ">=", 150.0, "ms")),
        ("QRS width > 120 msec", ("qrs_duration", ">", 120.0, "ms")),
        ("PR interval > 240 msec", ("pr_interval", ">", 240.0, "ms")),
    ],
)
def test_qrs_duration_and_pr_interval_are_read(
    written: str, expected: tuple[str, str, float, str | None]
) -> None:
    assert _read(written) == [expected]
