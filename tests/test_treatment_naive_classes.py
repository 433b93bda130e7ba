""" "Treatment-naive", "no treatment yet", "no previous treatment", "no prior treatment for
lung cancer": a note saying a cancer has had no systemic treatment denies every systemic
anti-cancer class the lexicon files (targeted, immune, endocrine, cytotoxic), not
chemotherapy alone (``note_untreated_denies``, ``note_no_treatment_denies``). Real
criteria of the hand-written rounds (fifteen, eighteen, twenty-three, twenty-four), notes
in our own words. A note saying nothing of treatment stays unknown; a denial in a note
naming no cancer denies nothing.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


def _status(trial: str, start: str, note: str) -> str:
    parsed = parse_trial_criteria(_any_trial(trial))
    return _criterion(match_trial(parsed, facts(note=note)), start).status


_LUNG = "NCT06194448"
_LUNG_NOTE = "Non-small cell lung cancer, adenocarcinoma, stage IIIB, unresectable. {said}"


def test_no_prior_treatment_for_lung_cancer_denies_an_egfr_tki() -> None:
    """Round twenty-three: "Prior exposure to EGFR-TKI therapy" is not met."""
    note = _LUNG_NOTE.format(said="No prior treatment for lung cancer.")
    assert _status(_LUNG, "Prior exposure to EGFR-TKI therapy", note) == "not_met"


def test_a_note_silent_on_treatment_leaves_an_egfr_tki_unknown() -> None:
    note = _LUNG_NOTE.format(said="Seen in clinic with her husband.")
    assert _status(_LUNG, "Prior exposure to EGFR-TKI therapy", note) == "unknown"


def test_no_previous_cancer_treatment_denies_prior_adjuvant_endocrine_therapy() -> None:
    """Round fifteen, NCT06760637: de novo metastatic breast cancer."""
    note = (
        "De novo ER-positive HER2-negative breast cancer with bone metastases found in "
        "October. No previous cancer or cancer treatment."
    )
    assert (
        _status("NCT06760637", "Have received prior (neo)adjuvant endocrine therapy", note)
        == "not_met"
    )


def test_no_treatment_yet_meets_must_not_have_had_a_checkpoint_inhibitor() -> None:
    """Round twenty-four, NCT06692738 and NCT06561386."""
    note = (
        "Stage IV squamous cell lung cancer with adrenal metastases, PD-L1 60%. "
        "No systemic therapy yet."
    )
    assert _status("NCT06692738", "Any prior treatment with an anti-PD-1", note) == "not_met"


def test_untreated_with_a_systemic_therapy_is_met_by_a_treatment_naive_note() -> None:
    """Round fifteen, NCT06760637: "Previously untreated with any systemic anticancer therapy
    for their locally advanced or metastatic disease" asks the therapy denied ("untreated
    with" negates it), so a note denying it meets the inclusion (it was read not met)."""
    start = "Previously untreated with any systemic anticancer therapy"
    for said in ("Treatment-naive.", "No previous cancer or cancer treatment."):
        note = f"New ER-positive breast cancer with bone metastases at presentation. {said}"
        assert _status("NCT06760637", start, note) == "met"


def test_no_previous_treatment_without_a_cancer_denies_nothing() -> None:
    note = "Well, here for a check-up. No previous treatment."
    assert _status(_LUNG, "Prior exposure to EGFR-TKI therapy", note) == "unknown"


_TNBC = (
    "Metastatic triple negative breast cancer, liver and lung relapse in 2025. First line "
    "carboplatin and gemcitabine with pembrolizumab, then sacituzumab govitecan. {said}"
)


def test_no_other_cancer_treatment_ever_closes_the_history_against_a_pi3k_inhibitor() -> None:
    """Round ten, NCT06189209: "Prior exposure to PI3K inhibitors (e.g., alpelisib,
    buparlisib) for breast cancer" against a history the note closes."""
    note = _TNBC.format(said="No other cancer treatment ever.")
    assert _status("NCT06189209", "Prior exposure to PI3K inhibitors", note) == "not_met"


def test_an_open_history_leaves_a_pi3k_inhibitor_unknown() -> None:
    note = _TNBC.format(said="Seen with her partner.")
    assert _status("NCT06189209", "Prior exposure to PI3K inhibitors", note) == "unknown"


def test_a_closed_history_keeps_the_treatments_it_names() -> None:
    """The classes of the treatments named are not denied: pembrolizumab is a checkpoint
    inhibitor the note gives."""
    from trialfinder.criteria.lexicon import load_lexicon

    note = _TNBC.format(said="No other cancer treatment ever.")
    denied = {f.concept for f in facts(note=note).facts if f.negated}
    assert "pi3k_inhibitor" in denied
    assert not denied & {
        "immunotherapy",
        "chemotherapy",
        *load_lexicon().ancestors["pembrolizumab"],
    }


def test_a_condition_line_dated_since_its_onset_denies_the_whole_history() -> None:
    """Round twenty-four, NCT06692738: a profile's condition line "…; no systemic therapy
    yet (since 2026-11-05)" dates the cancer, not the denial, which holds of the past too."""
    patient = facts(
        conditions=[
            "Squamous cell carcinoma of the right upper lobe, stage IVB, bone metastases; "
            "no systemic therapy yet (since 2026-11-05)"
        ]
    )
    parsed = parse_trial_criteria(_any_trial("NCT06692738"))
    answers = match_trial(parsed, patient)
    assert _criterion(answers, "Any prior treatment with an anti-PD-1").status == "not_met"
    assert _criterion(answers, "Any prior systemic therapy received").status == "not_met"
