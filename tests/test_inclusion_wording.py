"""Inclusion criteria written in a form the parse read nothing of, or read wrongly, though
a note answers them: both sexes joined by a symbol or under a "Gender" heading ("Gender-
Both (Male & Female)", "Male/Female"), and a life expectancy written as how long the
patient is anticipated to live ("Anticipated survival < 12 months"). Real criterion texts
of the API v2 studies in ``../shared``, against notes written as a GP writes.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Measurement, SexRequirement
from trialfinder.criteria.parse import parse_criterion

WOMAN = "A 45-year-old woman with newly diagnosed breast cancer."
MAN = "A 62-year-old man with type 2 diabetes."


def _v2_criterion(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


def test_two_sexes_joined_by_a_slash_or_ampersand_ask_of_both() -> None:
    """ "Male & Female", "Male/Female": the tokens drop the symbol, and the first sex word
    was read as the criterion's only sex, so a woman was "not met" by "Male/Female"."""
    written = _v2_criterion("NCT06386939", "Gender- Both")
    for text in (written, "Male/Female", "Female & male patients", "Females/males aged 18-65"):
        constraints, _ = parse_criterion(text, "inclusion")
        assert not any(isinstance(c, SexRequirement) for c in constraints), text
    for text in ("Male/Female", "Male & Female"):
        assert judged(text, "inclusion", facts(note=WOMAN)).status == "met", text
        assert judged(text, "inclusion", facts(note=MAN)).status == "met", text


def test_a_gender_heading_over_both_sexes_is_met_by_either() -> None:
    """ "Gender- Both (Male & Female)", "Gender: Either gender": the heading word asks
    nothing more, so a patient of either stated sex meets it; one of no stated sex is the
    study team's."""
    for start in ("Gender- Both", "Gender: Either gender"):
        nct_id = "NCT06386939" if start.startswith("Gender-") else "NCT05123326"
        text = _v2_criterion(nct_id, start)
        for note in (WOMAN, MAN):
            result = judged(text, "inclusion", facts(note=note))
            assert result.status == "met", (text, result.reason)
        unstated = judged(text, "inclusion", facts(note="Type 2 diabetes for 10 years."))
        assert unstated.status == "unknown", text


def test_a_sex_with_contraception_after_it_is_still_the_study_teams() -> None:
    """ "Male and/or female. Contraceptive use …": the sexes are read, the contraception is
    not, so the criterion is not met merely by the patient's sex."""
    text = _v2_criterion("NCT06194448", "Male and/or female")
    constraints, _ = parse_criterion(text, "inclusion")
    assert not any(isinstance(c, SexRequirement) for c in constraints)
    assert judged(text, "inclusion", facts(note=WOMAN)).status != "met"


def test_an_anticipated_survival_is_a_life_expectancy() -> None:
    """ "Anticipated survival < 12 months": the life expectancy's names missed
    "anticipated", so nothing was read. A well patient's note gives no life expectancy, so
    the criterion stays the study team's."""
    text = _v2_criterion("NCT03997110", "Anticipated survival")
    constraints, _ = parse_criterion(text, "inclusion")
    read = [c for c in constraints if isinstance(c, Measurement)]
    assert [(c.analyte, c.comparator, c.canonical_value) for c in read] == [
        ("life_expectancy", "<", 12.0)
    ]
    well = facts(note="A 58-year-old man with hypertension, otherwise well.")
    assert judged(text, "inclusion", well).status == "unknown"
