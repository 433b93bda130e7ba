"""Essie expressions (the registry's query language) parse as the registry reads them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trialfinder.search.essie import (
    All,
    And,
    Area,
    Coverage,
    EssieSyntaxError,
    Expansion,
    Missing,
    Not,
    Or,
    Range,
    Search,
    Term,
    parse_essie,
)


def test_words_side_by_side_all_must_match() -> None:
    assert parse_essie("lung cancer") == And((Term("lung"), Term("cancer")))


def test_quoted_phrase_is_one_term() -> None:
    assert parse_essie('"heart   attack"') == Term("heart attack", phrase=True)


def test_or_binds_tighter_than_and() -> None:
    assert parse_essie("(head OR neck) AND pain") == And(
        (Or((Term("head"), Term("neck"))), Term("pain"))
    )
    assert parse_essie("pain AND head OR neck") == And(
        (Term("pain"), Or((Term("head"), Term("neck"))))
    )


def test_and_not_keeps_the_left_and_drops_the_right() -> None:
    assert parse_essie("heart attack AND NOT stroke") == Not(
        And((Term("heart"), Term("attack"))), Term("stroke")
    )


def test_leading_not_drops_from_every_study() -> None:
    assert parse_essie("NOT cancer") == Not(All(), Term("cancer"))


def test_lower_case_operator_words_are_search_words() -> None:
    assert parse_essie("salt and pepper") == And((Term("salt"), Term("and"), Term("pepper")))


def test_area_with_open_range_from_the_specification() -> None:
    tree = parse_essie(
        "AREA[MinimumAge]RANGE[MIN, 16 years] AND AREA[MaximumAge]RANGE[16 years, MAX]"
    )
    assert tree == And(
        (
            Area("MinimumAge", Range(None, "16 years")),
            Area("MaximumAge", Range("16 years", None)),
        )
    )


def test_area_date_range_from_the_specification() -> None:
    assert parse_essie("AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]") == Area(
        "LastUpdatePostDate", Range("2023-01-15", None)
    )


def test_area_takes_one_operand_and_groups_take_more() -> None:
    assert parse_essie("AREA[StartDate]2022") == Area("StartDate", Term("2022"))
    assert parse_essie("AREA[Condition](heart attack)") == Area(
        "Condition", And((Term("heart"), Term("attack")))
    )


def test_search_groups_conditions_on_one_list_item() -> None:
    tree = parse_essie(
        "SEARCH[Location](AREA[LocationCity]Lyon AND AREA[LocationStatus]RECRUITING)"
    )
    assert tree == Search(
        "Location",
        And((Area("LocationCity", Term("Lyon")), Area("LocationStatus", Term("RECRUITING")))),
    )


def test_expansion_and_coverage_modes_are_read_case_blind() -> None:
    assert parse_essie("EXPANSION[concept]cancer") == Expansion("Concept", Term("cancer"))
    assert parse_essie("COVERAGE[FullMatch]asthma") == Coverage("FullMatch", Term("asthma"))


def test_missing_is_an_operand() -> None:
    assert parse_essie("AREA[ResultsFirstPostDate]MISSING") == Area(
        "ResultsFirstPostDate", Missing()
    )


@pytest.mark.parametrize(
    ("expression", "position"),
    [
        ('"lung cancer', 0),
        ("(lung OR", 8),
        ("(lung cancer", 0),
        ("lung)", 4),
        ("AREA[Condition", 4),
        ("RANGE[1]", 0),
        ("EXPANSION[Wide]x", 0),
        ("AREA[]x", 0),
        ("lung AND", 8),
        ("", 0),
        ("cancer ]", 7),
    ],
)
def test_syntax_errors_name_the_position(expression: str, position: int) -> None:
    with pytest.raises(EssieSyntaxError) as caught:
        parse_essie(expression)
    assert caught.value.position == position
    assert f"at character {position + 1}" in str(caught.value)


def test_deep_nesting_is_refused_not_a_crash() -> None:
    with pytest.raises(EssieSyntaxError, match="nests too deeply"):
        parse_essie("(" * 2000 + "x" + ")" * 2000)


def test_overlong_expression_is_refused() -> None:
    with pytest.raises(EssieSyntaxError, match="longer than"):
        parse_essie("x " * 6000)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list('ab ()[]"ANDORTMIXSEC,')), max_size=60))
def test_any_text_parses_or_gives_a_syntax_error(text: str) -> None:
    try:
        parse_essie(text)
    except EssieSyntaxError as error:
        assert 0 <= error.position <= len(text)
