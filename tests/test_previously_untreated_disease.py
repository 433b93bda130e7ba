""" "Previously untreated disease" is a count of prior lines: none.

A lymphoma trial for first-line treatment writes "Previously untreated disease"; a
haematology note writes "No treatment given yet". Both are read by the prior-lines readers
(``criteria.therapy_lines`` on the criterion, ``patient.prior_line_count`` on the note), so
the criterion is answered from the note, on the real criterion of NCT04638790 and round
nine's hand-written patients.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import PriorLines
from trialfinder.match import CriterionResult, match_trial

_TRIAL = "NCT04638790"
_START = "Previously untreated disease"


def _hodgkin_answer(start: str) -> CriterionResult:
    """Round nine's new classical Hodgkin lymphoma ("No treatment given yet.") against the
    criterion of NCT04638790 starting with ``start``."""
    result = match_trial(
        parse_trial_criteria(_any_trial(_TRIAL)),
        _round_patient("nine", "new classical Hodgkin lymphoma"),
    )
    return _criterion(result, start)


def test_previously_untreated_disease_asks_no_prior_line() -> None:
    """The criterion is a count of prior lines, none, read whole."""
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    (criterion,) = [c for c in parsed.iter_criteria() if c.text.startswith(_START)]
    (lines,) = criterion.constraints
    assert isinstance(lines, PriorLines)
    assert (lines.comparator, lines.count) == ("=", 0)
    assert criterion.complete


def test_a_note_with_no_treatment_given_yet_meets_previously_untreated() -> None:
    """Round nine's new classical Hodgkin lymphoma, "No treatment given yet.": met."""
    answer = _hodgkin_answer(_START)
    assert answer.status == "met", answer.reason


def test_a_note_with_a_line_given_does_not_meet_previously_untreated() -> None:
    """A note that counts a line ("two prior lines of therapy") does not meet it; a note that
    says nothing of treatment leaves it unknown."""
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    treated = facts(note="Classical Hodgkin lymphoma, relapsed after two prior lines of therapy.")
    assert _criterion(match_trial(parsed, treated), _START).status == "not_met"
    silent = facts(note="Classical Hodgkin lymphoma, stage IIB.")
    assert _criterion(match_trial(parsed, silent), _START).status == "unknown"


def test_radiotherapy_named_leaves_previously_untreated_to_the_team() -> None:
    """A count of lines holds systemic therapy only: a note saying "no treatment yet" of
    systemic therapy but naming involved-field radiotherapy is not read as untreated.
    Round nine's relapsed nodular lymphocyte predominant HL (radiotherapy in 2019) is never
    met."""
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    irradiated = facts(
        note="Hodgkin lymphoma stage IA, treated with involved-field radiotherapy. "
        "No prior systemic therapy."
    )
    answer = _criterion(match_trial(parsed, irradiated), _START)
    assert answer.status == "unknown", answer.reason
    assert "radiotherapy" in answer.reason
    relapsed = match_trial(
        parsed, _round_patient("nine", "relapsed nodular lymphocyte predominant Hodgkin lymphoma")
    )
    assert _criterion(relapsed, _START).status != "met"


_PRIOR = "Prior chemotherapy or radiation therapy"


def test_no_treatment_given_yet_denies_prior_chemotherapy_and_radiotherapy() -> None:
    """Round nine's new classical Hodgkin lymphoma, "No treatment given yet.", against
    NCT04638790's exclusion "Prior chemotherapy or radiation therapy": a cancer note saying
    no treatment of any kind has been given denies both (not met), where "treatment-naive"
    denies systemic therapy only."""
    answer = _hodgkin_answer(_PRIOR)
    assert answer.status == "not_met", answer.reason


def test_no_treatment_yet_with_a_treatment_named_denies_nothing() -> None:
    """A note naming a treatment given and "no treatment yet" of something else (the
    relapse) does not deny what it names: the criterion is met by the radiotherapy."""
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    note = "Hodgkin lymphoma treated with radiotherapy in 2019. Relapsed 2026, no treatment yet."
    answer = _criterion(match_trial(parsed, facts(note=note)), _PRIOR)
    assert answer.status != "not_met", answer.reason


def test_no_treatment_yet_outside_a_cancer_note_denies_nothing() -> None:
    """ "Hepatitis C, no treatment yet" says nothing of chemotherapy or radiotherapy."""
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    note = "Chronic hepatitis C, no treatment yet."
    answer = _criterion(match_trial(parsed, facts(note=note)), _PRIOR)
    assert answer.status == "unknown", answer.reason
