"""A threshold on transaminases or liver enzymes ("Liver enzymes greater than 2 times ULN",
"Elevated liver enzymes") is a threshold on ALT and AST together: a note gives their values
one by one ("ALT 120 U/L, AST 90 U/L"), and had left such a criterion unknown, or not met when
the note was the whole record (issue 12 item 1; real criteria of the Chia development half)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts
from test_judge_general import written
from test_upper_limit_without_multiple import _line_of
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.match import judge


def _status(document: str, line: str, section: str, note: str, whole: bool = False) -> str:
    criterion = written(_line_of(document, line), section)
    return judge(criterion, facts(note=note), record_is_complete=whole).status


def test_transaminases_name_alt_and_ast_together() -> None:
    assert load_lexicon().analytes["transaminases"].members == ["alt", "ast"]


@pytest.mark.parametrize("whole", [False, True])
def test_one_member_above_the_limit_meets_a_liver_enzyme_exclusion(whole: bool) -> None:
    note = "ALT 120 U/L, AST 90 U/L."
    assert (
        _status(
            "NCT01700790_exc", "Liver enzymes greater than 2 times ULN", "exclusion", note, whole
        )
        == "met"
    )
    assert _status("NCT02364648_exc", "Elevated liver enzymes;", "exclusion", note, whole) == "met"


def test_every_member_within_the_limit_does_not_meet_it() -> None:
    note = "ALT 30 U/L, AST 28 U/L."
    assert (
        _status("NCT01700790_exc", "Liver enzymes greater than 2 times ULN", "exclusion", note)
        == "not_met"
    )


def test_one_member_within_the_limit_and_the_other_not_given_is_unknown_naming_it() -> None:
    criterion = written(
        _line_of("NCT01700790_exc", "Liver enzymes greater than 2 times ULN"), "exclusion"
    )
    judgement = judge(criterion, facts(note="ALT 30 U/L."))
    assert judgement.status == "unknown"
    assert "AST" in judgement.reason


def test_an_elevated_member_meets_an_inclusion_asking_elevated_liver_enzymes() -> None:
    line = "Elevated liver enzymes at baseline blood test"
    assert _status("NCT02219880_inc", line, "inclusion", "AST 95 U/L, ALT 60 U/L.") == "met"
    assert _status("NCT02219880_inc", line, "inclusion", "AST 20 U/L, ALT 25 U/L.") == "not_met"
