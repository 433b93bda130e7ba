"""A lab named with a word that says its level is above normal ("Elevated ALT or serum
creatinine", "elevated troponin levels") is a value of once the upper limit of normal, in
the parse and in the Chia gold, which annotates the word as the lab's Value (issue 12;
Chia and LCT development halves)."""

from __future__ import annotations

from conftest import shared_path
from test_upper_limit_without_multiple import _line_of
from trialfinder.criteria.parse import analyse_text, parse_criterion
from trialfinder.criteria.raised_levels import is_raised_word
from trialfinder.evaluate import _read_ann, extraction_portion

CHIA = "data/chia/chia_without_scope"
LCT = "data/lct/leaf_clinical_trials"


def _read(line: str) -> list[tuple[str, str, float, str | None, str]]:
    return [
        (m.analyte, m.comparator, m.value, m.unit, line[start:end])
        for m, start, end in analyse_text(line).measurements
    ]


def test_a_raising_word_before_a_list_of_labs_is_once_the_limit_for_each() -> None:
    line = _line_of("NCT02431442_exc", "Elevated ALT or serum creatinine")
    read = _read(line)
    assert ("alt", ">", 1.0, "ULN", "Elevated") in read
    assert ("creatinine", ">", 1.0, "ULN", "Elevated") in read


def test_a_raising_word_before_a_lab_and_its_filler_is_once_the_limit() -> None:
    line = _line_of("NCT02596555_inc", "elevated troponin levels")
    assert _read(line) == [("troponin", ">", 1.0, "ULN", "elevated")]
    line = _line_of("NCT02219880_inc", "Elevated liver enzymes")
    assert _read(line) == [("transaminases", ">", 1.0, "ULN", "Elevated")]
    (reading,) = [c for c in parse_criterion(line, "inclusion")[0]]
    assert getattr(reading, "relative_to_uln", False)


def test_a_raising_word_after_a_lab_is_once_the_limit() -> None:
    assert _read("troponin level elevation") == [("troponin", ">", 1.0, "ULN", "elevation")]


def test_a_lab_the_text_gives_a_value_for_keeps_only_its_value() -> None:
    # The number says what "elevated" means: no second, looser reading.
    line = _line_of("NCT02322203_exc", "elevated uric acid levels greater than 10 mg/dL")
    assert [r[:4] for r in _read(line) if r[0] == "uric_acid"] == [
        ("uric_acid", ">", 10.0, "mg/dL")
    ]


def _lct_line(document: str, written: str) -> str:
    assert extraction_portion(document) == "development"
    text = next(shared_path(LCT).rglob(f"{document}.txt")).read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if written in line)


def test_a_raised_pressure_or_a_denied_raising_word_is_no_limit() -> None:
    # LCT development half (NCT03863925): a pressure has no upper limit of normal.
    line = _lct_line("NCT03863925", "elevated intracranial pressure")
    assert not any(m.unit == "ULN" for m, _, _ in analyse_text(line).measurements)
    assert _read("No elevated liver enzymes") == []


def test_the_words_an_acronym_stands_for_are_no_lab_level() -> None:
    # LCT development half (NCT03927378): HELLP is a syndrome, no level asked of a lab.
    line = _lct_line("NCT03927378", "HELLP [")
    assert not any(m.unit == "ULN" for m, _, _ in analyse_text(line).measurements)


def test_the_chia_gold_reads_a_raising_word_as_the_parse_does() -> None:
    assert is_raised_word("Elevated") and is_raised_word(" elevations ")
    assert not is_raised_word("abnormal")
    gold = _read_ann(shared_path(CHIA) / "NCT02596555_inc.ann")
    assert any((g.comparator, g.number, g.unit) == (">", 1.0, "ULN") for g in gold)


def test_a_raising_word_after_a_name_and_its_bracketed_acronym_is_once_the_limit() -> None:
    # "Aspartate aminotransferase (AST) elevation": the name's match ends inside its own
    # bracket, so the word after the closing bracket is still written on the lab.
    assert _read("Aspartate aminotransferase (AST) elevation") == [
        ("ast", ">", 1.0, "ULN", "elevation")
    ]
    assert _read("serum creatinine (SCr) elevated") == [("creatinine", ">", 1.0, "ULN", "elevated")]


def test_a_list_of_names_with_bracketed_acronyms_takes_the_raising_word_for_each() -> None:
    # Chia development half (NCT00426751): "Alanine transaminase (ALT)/aspartate transaminase
    # (AST) elevations = 3xUpper limit normal (ULN)": the value written after the raising word
    # is read for each lab of the list (since the thirty-sixth session a multiplication sign
    # glued to the limit's words is a multiple of the limit, round-thirtyone-wrongs).
    line = _line_of("NCT00426751_exc", "(AST) elevations")
    read = _read(line)
    assert ("alt", "=", 3.0, "ULN", "= 3xUpper limit normal") in read
    assert ("ast", "=", 3.0, "ULN", "= 3xUpper limit normal") in read
    before = _read("Elevated alanine aminotransferase (ALT) or aspartate aminotransferase (AST)")
    assert before == [("alt", ">", 1.0, "ULN", "Elevated"), ("ast", ">", 1.0, "ULN", "Elevated")]


def test_a_bracket_that_is_not_the_names_own_does_not_join_it_to_a_word() -> None:
    # The closing bracket ends an aside the lab stands in, not the lab's acronym: the word
    # after it is written on what the aside explains.
    assert _read("liver disease (e.g. ALT) elevated") == []


def test_a_name_restated_in_brackets_is_one_lab_for_a_raising_word() -> None:
    # "creatine kinase (CK)": the name and its acronym match apart; the bracket restates it.
    assert _read("creatine kinase (CK) elevation") == [
        ("creatine_kinase", ">", 1.0, "ULN", "elevation")
    ]
    assert _read("alkaline phosphatase (ALP) or gamma-glutamyl transferase (GGT) elevation") == [
        ("alp", ">", 1.0, "ULN", "elevation"),
        ("ggt", ">", 1.0, "ULN", "elevation"),
    ]
