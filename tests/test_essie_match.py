"""Essie trees answered over a study's field values: the predicate half of the API v2 search."""

from __future__ import annotations

import pytest

from trialfinder.search.essie import parse_essie
from trialfinder.search.essie_match import essie_matches, is_plain_words, named_fields

STUDY: dict[str, list[str | int | float | bool]] = {
    "BasicSearch": ["Non-small cell lung cancer in adults", "Seoul National University"],
    "Condition": ["Non-Small Cell Lung Cancer", "Smoking"],
    "OverallStatus": ["NOT_YET_RECRUITING"],
    "MinimumAge": ["18 Years"],
    "MaximumAge": ["6 Months"],
    "StartDate": ["2022-03"],
    "EnrollmentCount": [120],
    "HealthyVolunteers": [False],
    "Keyword": [],
}


def _matches(expression: str, area: str = "BasicSearch") -> bool:
    return essie_matches(parse_essie(expression), lambda name: STUDY[name], area)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("lung cancer", True),
        ('"cell lung"', True),
        ('"lung cell"', False),
        ("lung AND seoul", True),
        ("lung AND paris", False),
        ("paris OR seoul", True),
        ("lung NOT seoul", False),
        ("NOT paris", True),
        ("AREA[Condition](smoking OR asthma)", True),
        ("AREA[Keyword]MISSING", True),
        ("AREA[Condition]MISSING", False),
        ("AREA[OverallStatus]RECRUITING", True),
        ('AREA[OverallStatus]COVERAGE[FullMatch]"RECRUITING"', False),
        ('AREA[Condition]COVERAGE[StartsWith]"non small"', True),
        ('AREA[Condition]COVERAGE[EndsWith]"non small"', False),
        ("AREA[MinimumAge]RANGE[MIN, 18 years]", True),
        ("AREA[MinimumAge]RANGE[MIN, 16 years]", False),
        ("AREA[MaximumAge]RANGE[MIN, 1 year]", True),
        ("AREA[StartDate]RANGE[2022-01-15, MAX]", True),
        ("AREA[StartDate]RANGE[2023, MAX]", False),
        ("AREA[StartDate]2022", True),
        ("AREA[EnrollmentCount]RANGE[100, 200]", True),
        ("AREA[EnrollmentCount]RANGE[MIN, 99]", False),
        ("AREA[HealthyVolunteers]false", True),
        ("EXPANSION[None]TILT[StartDate]lung", True),
    ],
)
def test_expression_answered_over_the_values(expression: str, expected: bool) -> None:
    assert _matches(expression) is expected


def test_plain_words_go_to_the_index_and_names_are_collected() -> None:
    assert is_plain_words(parse_essie("type 2 diabetes"))
    assert not is_plain_words(parse_essie('"type 2" diabetes'))
    assert not is_plain_words(parse_essie("asthma OR copd"))
    tree = parse_essie("AREA[Condition]x OR (SEARCH[LocationSearch]y NOT AREA[Phase]z)")
    assert named_fields(tree) == {"Condition", "LocationSearch", "Phase"}
