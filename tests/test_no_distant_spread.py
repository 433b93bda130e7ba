"""A criterion asking a cancer without distant metastasis, alone or with an alternative.

Gastric and breast trials write "No evidence of distant metastases, or locally advanced
inoperable disease, as evaluated by computed tomography, …" (NCT02139605) and
"Non-metastatic disease or oligometastatic" (NCT05450016): no lexicon condition, so they
were left to the study team. A note's "cT3 N1 M0" or "no distant disease" settles the
no-metastasis alternative; a note's distant metastases fail it, and fail the whole
criterion only when every other alternative is a stage short of distant spread too
("locally advanced"), never when it admits metastases ("oligometastatic"). These tests
hold the readings on the real criteria and round twelve's hand-written patients.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.disease_extent import asked_no_spread, stated_spread
from trialfinder.match import CriterionResult, match_trial

_GASTRIC = "NCT02139605"
_GASTRIC_START = "No evidence of distant metastases"
_BREAST = "NCT05450016"
_BREAST_START = "Non-metastatic disease or oligometastatic"


def _answer(patient: str, trial: str, start: str) -> CriterionResult:
    result = match_trial(parse_trial_criteria(_any_trial(trial)), _round_patient("twelve", patient))
    return _criterion(result, start)


def test_a_criterion_leading_with_no_distant_metastasis_is_read_with_its_alternative() -> None:
    """The lead asks M0; a method clause asks nothing more; an "or" gives the alternative,
    with the extents it admits; any other words leave the criterion unread."""
    gastric = asked_no_spread(
        "No evidence of distant metastases, or locally advanced inoperable disease, as "
        "evaluated by computed tomography, chest radiography, ultrasonography, and / or "
        "laparotomy"
    )
    assert gastric is not None
    assert gastric.alternative == "locally advanced inoperable disease"
    assert "metastatic" not in gastric.alternative_extents
    breast = asked_no_spread("Non-metastatic disease or oligometastatic")
    assert breast is not None and breast.alternative == "oligometastatic"
    alone = asked_no_spread("No evidence of distant metastases on chest x-ray and/or CT Thorax")
    assert alone is not None and alone.alternative == ""
    assert asked_no_spread("No distant metastases except bone") is None
    assert asked_no_spread("Distant metastases") is None


def test_a_note_states_distant_spread_or_none_by_sentence() -> None:
    """ "cT3 N1 M0" and "no distant disease" say none; "2 liver metastases" says distant
    spread; nodal metastases, and a sentence saying both, say neither."""
    assert stated_spread("cT3 N1 M0 on staging CT chest, abdomen and pelvis") is False
    assert stated_spread("No distant disease on staging CT.") is False
    assert stated_spread("CT staging: 2 liver metastases.") is True
    assert stated_spread("Metastases to two axillary lymph nodes.") is None
    assert stated_spread("M0 at diagnosis, now stage IV with liver metastases.") is None
    assert stated_spread("ECOG 1.") is None


def test_a_note_without_distant_metastasis_meets_no_distant_metastasis_or_an_alternative() -> None:
    """Round twelve: the gastric letter's "cT3 N1 M0" meets NCT02139605's compound criterion;
    the breast letter's "pT1c N0 M0" meets "Non-metastatic disease or oligometastatic"."""
    gastric = _answer(
        "gastric cancer after neoadjuvant FLOT, upper GI letter", _GASTRIC, _GASTRIC_START
    )
    assert gastric.status == "met", gastric.reason
    breast = _answer(
        "breast cancer after lumpectomy and radiotherapy, oncology follow-up",
        _BREAST,
        _BREAST_START,
    )
    assert breast.status == "met", breast.reason


def test_distant_metastases_fail_no_metastasis_or_a_locally_advanced_alternative() -> None:
    """Liver metastases are neither M0 nor locally advanced disease: NCT02139605's criterion
    is not met."""
    answer = _answer("gastric cancer with liver metastases, GP note", _GASTRIC, _GASTRIC_START)
    assert answer.status == "not_met", answer.reason


def test_distant_metastases_leave_an_oligometastatic_alternative_open() -> None:
    """A note's liver metastases may be oligometastatic disease: "Non-metastatic disease or
    oligometastatic" stays with the study team."""
    parsed = parse_trial_criteria(_any_trial(_BREAST))
    patient = facts(note="Breast cancer, ER positive. CT: 2 liver metastases. ECOG 1.")
    assert _criterion(match_trial(parsed, patient), _BREAST_START).status == "unknown"


def test_a_note_silent_on_spread_leaves_no_distant_metastasis_unknown() -> None:
    """A gastric cancer the note gives no extent for: unknown."""
    parsed = parse_trial_criteria(_any_trial(_GASTRIC))
    patient = facts(note="Gastric adenocarcinoma of the antrum, biopsy proven. ECOG 1.")
    assert _criterion(match_trial(parsed, patient), _GASTRIC_START).status == "unknown"
