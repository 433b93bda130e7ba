"""The analyte table names each quantity once: a second entry under the same id was read
silently (the later one won), so its names, acronyms and plausible range were two answers
to one question (QRS duration and the PR interval were each written twice)."""

from __future__ import annotations

import pytest

from trialfinder.criteria.lexicon import load_lexicon, validate_analytes
from trialfinder.criteria.tables import AnalyteTable


def test_the_shipped_analyte_table_names_each_quantity_once() -> None:
    table = load_lexicon().analyte_table
    ids = [analyte.id for analyte in table.analytes]
    assert len(ids) == len(set(ids))


def test_an_analyte_written_twice_fails_on_load_naming_it() -> None:
    table = load_lexicon().analyte_table
    qrs = load_lexicon().analytes["qrs_duration"]
    doubled = AnalyteTable(version="1", description="", analytes=[*table.analytes, qrs])
    with pytest.raises(ValueError, match="qrs_duration"):
        validate_analytes(doubled, load_lexicon().unit_table)
