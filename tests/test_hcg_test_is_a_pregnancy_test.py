"""An hCG test named in a criterion is the pregnancy test (Chia development half, issue 12)."""

from __future__ import annotations

import pytest

from conftest import shared_path
from trialfinder.criteria.parse import analyse_text
from trialfinder.evaluate import extraction_portion

CHIA = "data/chia/chia_without_scope"


@pytest.mark.parametrize(
    ("document", "written"),
    [
        ("NCT02201316_exc", "serum hCG test"),
        ("NCT02782702_exc", "B-HCG test"),
        ("NCT03338296_exc", "beta-human chorionic gonadotropin test"),
    ],
)
def test_a_positive_hcg_test_is_read_as_the_pregnancy_test(document: str, written: str) -> None:
    # "Pregnant females as determined by positive serum hCG test", "Pregnancy (positive B-HCG
    # test …)", "… pregnant … (as documented by a positive beta-human chorionic gonadotropin
    # test)": the test that shows a pregnancy, as a note's "beta-hCG positive" is read.
    assert extraction_portion(document) == "development"
    text = (shared_path(CHIA) / f"{document}.txt").read_bytes().decode("utf-8")
    line = next(line for line in text.splitlines() if written in line)
    tests = [
        (finding.text, finding.negated)
        for finding, _ in analyse_text(line).concepts
        if finding.concept == "pregnancy_test"
    ]
    assert (written, False) in tests


def test_an_hcg_value_with_its_unit_stays_a_measurement() -> None:
    # The analyte keeps its numbers: "serum hCG < 5 mIU/mL" is no test named.
    analysis = analyse_text("Serum hCG < 5 mIU/mL at screening")
    assert [m.analyte for m, _, _ in analysis.measurements] == ["hcg"]
    assert not any(f.concept == "pregnancy_test" for f, _ in analysis.concepts)
