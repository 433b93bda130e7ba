"""A criterion read once per process reads the same wherever it recurs.

Boilerplate criteria ("Pregnant or lactating women.", "Other protocol-defined
Inclusion/Exclusion criteria apply.") recur across the real records, so a trial's
parse keeps each criterion's reading for the next trial that writes the same text.
Kept readings must be exactly what parsing the criterion alone gives, read per its
section, and no trial's criteria may share a list another trial can change.
"""

from __future__ import annotations

from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import HealthyVolunteers
from trialfinder.criteria.parse import parse_criterion
from trialfinder.model import Eligibility, Trial

# A line four of the real API v2 records write as it is.
_RECURRING = "Pregnant or lactating women."
# Read as accepting healthy volunteers in an inclusion section only.
_HEALTHY = "Healthy volunteers aged 18-45"


def _trial(nct_id: str, criteria_text: str) -> Trial:
    return Trial(
        nct_id=nct_id,
        source_format="ctgov_v2_json",
        eligibility=Eligibility(criteria_text=criteria_text),
    )


def test_a_recurring_criterion_reads_as_it_does_alone() -> None:
    text = f"Inclusion Criteria:\n* Age 18 or older\n\nExclusion Criteria:\n* {_RECURRING}"
    first = parse_trial_criteria(_trial("NCT00000011", text))
    second = parse_trial_criteria(_trial("NCT00000012", text))
    alone, complete = parse_criterion(_RECURRING, "exclusion")
    for parsed in (first, second):
        (criterion,) = [c for c in parsed.criteria if c.text == _RECURRING]
        assert criterion.constraints == alone
        assert criterion.complete == complete
    assert first.criteria == second.criteria


def test_the_same_text_in_another_section_is_read_for_that_section() -> None:
    inclusion = parse_trial_criteria(_trial("NCT00000013", f"Inclusion Criteria:\n* {_HEALTHY}"))
    exclusion = parse_trial_criteria(_trial("NCT00000014", f"Exclusion Criteria:\n* {_HEALTHY}"))
    assert any(isinstance(c, HealthyVolunteers) for c in inclusion.criteria[0].constraints)
    assert not any(isinstance(c, HealthyVolunteers) for c in exclusion.criteria[0].constraints)


def test_each_trial_gets_its_own_list_of_a_recurring_criterion() -> None:
    text = f"Exclusion Criteria:\n* {_RECURRING}"
    first = parse_trial_criteria(_trial("NCT00000015", text))
    second = parse_trial_criteria(_trial("NCT00000016", text))
    read = list(second.criteria[0].constraints)
    first.criteria[0].constraints.clear()
    assert second.criteria[0].constraints == read != []
